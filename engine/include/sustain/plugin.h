/* sustain/plugin.h: the one header a data-source plugin needs.
 *
 * A plugin is a shared object exporting one descriptor, `sustain_plugin`, of type
 * sustain_plugin_descriptor. The host loads it with dlopen(RTLD_NOW), checks the
 * descriptor, and for each [source] that names the plugin calls its `load`
 * function with a table of host functions. The plugin declares columns and
 * appends cells through those functions; the host owns every byte it keeps.
 * A plugin never links against host symbols.
 *
 * Versioning: the host refuses a plugin whose abi_major differs from its own.
 * Within a major, members are only ever appended to sustain_host and
 * sustain_plugin_descriptor, each with a minor bump; nothing is removed,
 * reordered or retyped, and sustain_option and sustain_cell never change.
 *
 * One rule says whether a table has a member added after minor 0: its `size`
 * covers the member, its `abi_minor` is at least the minor that added it, and,
 * for a function, the member is not NULL. SUSTAIN_HOST_HAS and
 * SUSTAIN_DESCRIPTOR_HAS apply it; check with SUSTAIN_HOST_HAS before calling a
 * host function added after minor 0. Full reference: docs/plugins.md. */
#ifndef SUSTAIN_PLUGIN_H
#define SUSTAIN_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SUSTAIN_PLUGIN_ABI_MAJOR 1
#define SUSTAIN_PLUGIN_ABI_MINOR 5

/* The most columns one source may declare: add_column refuses the next one.
 * Real extracts have tens of columns; thousands mean a table laid out the wrong
 * way round, or a file that is not what it seems. A plugin that knows its
 * column count early (a CSV header) can say so in its own words first. */
#define SUSTAIN_MAX_COLUMNS 4096

/* The name of the exported descriptor symbol. */
#define SUSTAIN_PLUGIN_SYMBOL "sustain_plugin"

/* What kind of value an option takes. The host resolves PATH options relative to
 * the config file's folder and checks that they name a readable file before the
 * plugin sees them. */
typedef enum sustain_option_kind {
  SUSTAIN_OPTION_TEXT = 0,
  SUSTAIN_OPTION_PATH = 1
} sustain_option_kind;

/* One documented option. Options arrays end with an entry whose name is NULL.
 * Frozen: the host steps through a plugin's array by this struct's size, and a
 * plugin's array carries no size of its own, so a member added here would break
 * every plugin built before it. What options may come to need will come as a
 * field appended to the descriptor (a second array, say), never as a member. */
typedef struct sustain_option {
  const char *name;
  const char *description;   /* one line, shown by `sustain plugins` */
  int required;              /* nonzero: the config must give it */
  sustain_option_kind kind;
  const char *default_value; /* NULL: no default */
} sustain_option;

/* The type a column is declared with. INFER lets the host decide once the table
 * is complete: a column whose every present cell is a decimal number becomes a
 * number column; one whose every present cell is a date (YYYY-MM-DD or
 * DD/MM/YYYY) a date column; any other a text column. DATE columns take their
 * cells as text (since ABI 1.1). */
typedef enum sustain_column_type {
  SUSTAIN_COLUMN_INFER = 0,
  SUSTAIN_COLUMN_NUMBER = 1,
  SUSTAIN_COLUMN_TEXT = 2,
  SUSTAIN_COLUMN_DATE = 3
} sustain_column_type;

/* One cell of a row given whole to append_cells (or append_rows): text that
 * need not end in NUL, and its length; length 0 is a missing value. The host
 * reads exactly `length` bytes at `text`. Since ABI 1.2.
 * Frozen, as sustain_option is: the host steps through the plugin's cells by this
 * size. A richer cell would be a new type, taken by a new host function. */
typedef struct sustain_cell {
  const char *text;
  size_t length;
} sustain_cell;

/* One source being loaded; opaque to the plugin, passed back to every host function. */
typedef struct sustain_source sustain_source;

/* Functions the host offers. The functions of ABI 1.0 (option to end_row) are
 * never NULL. One added later may be NULL in a host that does not offer it:
 * sustain's own host sets every function its size covers, but a plugin's test
 * host need not, so check with SUSTAIN_HOST_HAS, which treats NULL as absent.
 * Status-returning functions return 0 on success and
 * -1 on failure, in which case the host has already recorded an error and the
 * plugin must stop and return nonzero from load. -1 is also how the host stops a
 * source that passes its bounds: more rows than [limits] source_rows, more memory
 * than source_memory_mb, more columns than SUSTAIN_MAX_COLUMNS. So check every
 * status, above all in a loop over rows that may not end (a query, a stream),
 * and stop at the first -1; every call after it fails too. */
typedef struct sustain_host {
  uint32_t size;      /* sizeof(sustain_host) in the host that built this table */
  uint32_t abi_minor; /* the host's SUSTAIN_PLUGIN_ABI_MINOR */

  /* The value of an option for this source (the config's, else the default), or
   * NULL when absent. PATH options arrive resolved. Valid until load returns. */
  const char *(*option)(sustain_source *source, const char *name);

  /* Records an error. file may be NULL (the host names the source instead); line and
   * column are 1-based, 0 when not applicable. The message says what is wrong and,
   * where it can, what to do. Loading fails once any error is recorded. */
  void (*error)(sustain_source *source, const char *file, long line, long column,
                const char *message);

  /* Declares the next column. Names must be unique and non-empty. */
  int (*add_column)(sustain_source *source, const char *name, size_t name_length,
                    sustain_column_type type);

  /* Appends the next cell of the current row, in column order. An empty text cell
   * is a missing value. Text must be valid UTF-8; the host copies it. For NUMBER
   * columns the host parses the text and reports cells that are not numbers. */
  int (*append_text)(sustain_source *source, const char *text, size_t length);
  int (*append_number)(sustain_source *source, double value);
  int (*append_missing)(sustain_source *source);

  /* Ends the current row. line is the row's line in the plugin's input (for the
   * host's own messages), 0 if unknown. Every row must have one cell per column. */
  int (*end_row)(sustain_source *source, long line);

  /* Since ABI 1.2, kept for plugins built before 1.4: append_cells without
   * cell_count. The host cannot know how many cells there really are, so a
   * row_count larger than the cells given makes it read past them; use
   * append_cells. */
  int (*append_rows)(sustain_source *source, const sustain_cell *cells, size_t row_count,
                     const long *lines);

  /* Since ABI 1.4 (check with SUSTAIN_HOST_HAS first): nonzero once the host wants loading
   * to stop, because the source ran past its time limit ([limits] source_seconds)
   * or loading has already failed. Stop, free what you hold and return nonzero:
   * the host has recorded why. Cheap: call it every few thousand rows, or from a
   * library's progress callback while it computes without handing rows over. */
  int (*stop_requested)(sustain_source *source);

  /* Since ABI 1.4 (check with SUSTAIN_HOST_HAS first): appends row_count whole rows in one
   * call, which is much faster than cell by cell for large sources. cells holds
   * cell_count cells, which must be row_count times the number of columns, row
   * after row, each read as append_text reads its text; lines, when not NULL,
   * holds row_count lines: row i's line in the plugin's input, for messages.
   * A cell_count that is not row_count times the columns is refused before any
   * cell is read. The host copies what it keeps before returning. */
  int (*append_cells)(sustain_source *source, const sustain_cell *cells, size_t cell_count,
                      size_t row_count, const long *lines);

  /* Since ABI 1.4: optional features of the host, one bit each
   * (SUSTAIN_HOST_FLAG_...). None is defined yet, so sustain sets 0. A bit stands
   * only for something a plugin may do without, so a plugin ignores bits it does
   * not know; read the word with SUSTAIN_HOST_FLAGS, which gives 0 for a host
   * too old to have it. */
  uint64_t flags;

  /* Since ABI 1.5 (check with SUSTAIN_HOST_HAS first): records a warning, which does
   * not fail loading: something the user should know while the data can still be used
   * (an option that will go, a value read in a way that may not be what was meant).
   * Arguments as for error; shown as error shows them, marked as a warning, by
   * `sustain check` and `sustain run`. Table functions go on working after it. */
  void (*warning)(sustain_source *source, const char *file, long line, long column,
                  const char *message);

  /* Since ABI 1.5 (check with SUSTAIN_HOST_HAS first): the source's authority_column as
   * the config gives it, or NULL when it gives none (a shared source, or the one
   * authority's). The column is always text; a plugin that reads only some columns
   * keeps this one. Valid until load returns. */
  const char *(*authority_column)(sustain_source *source);

  /* Since ABI 1.5 (check with SUSTAIN_HOST_HAS first): path as the host resolves a PATH
   * option: an absolute path as it is, a relative one joined to the folder of the
   * config file. For a TEXT option that names a path the host must not check (a
   * folder, a file that may not exist yet, several paths in one value). Nothing is
   * checked. NULL when path is NULL or empty, or after recording an error (out of
   * memory). Valid until load returns. */
  const char *(*resolve_path)(sustain_source *source, const char *path);
} sustain_host;

/* The descriptor every plugin exports as `sustain_plugin`. The fields up to load
 * are required and never NULL (the host refuses the plugin otherwise); every
 * field appended since is optional, and NULL or 0 means not offered. */
typedef struct sustain_plugin_descriptor {
  uint32_t abi_major;  /* SUSTAIN_PLUGIN_ABI_MAJOR the plugin was built with */
  uint32_t abi_minor;  /* SUSTAIN_PLUGIN_ABI_MINOR the plugin was built with */
  uint32_t size;       /* sizeof(sustain_plugin_descriptor) the plugin was built with */
  const char *name;    /* required: short name used in configs, e.g. "csv" */
  const char *version; /* required: the plugin's own version */
  const char *description;       /* required: one line */
  const sustain_option *options; /* required: documented options, NULL-name terminated */
  /* required: loads one source into one table. Returns 0 on success, nonzero after
   * reporting at least one error through host->error. */
  int (*load)(const sustain_host *host, sustain_source *source);

  /* Since ABI 1.3, optional (NULL: sources load whole, on one thread): into how
   * many parts, at most `wanted` (2 or more), the source is worth splitting so
   * that parts load at once on several threads; 1 to load it whole. Called
   * with the source's options checked, before any column is declared. */
  uint32_t (*count_parts)(const sustain_host *host, sustain_source *source, uint32_t wanted);
  /* Since ABI 1.3, set exactly when count_parts is: loads part `part` (from 0)
   * of `parts` into its own source handle, on a thread of its own. Every part
   * declares the same columns; the rows of all parts, in part order, must be
   * the rows load gives. A part may start from a guess (the line break nearest
   * a byte offset) and fail when the guess proves wrong: when any part fails,
   * the host drops every part's rows and messages and calls load instead, so a
   * part's messages are never shown and its line numbers need not be right. */
  int (*load_part)(const sustain_host *host, sustain_source *source, uint32_t part,
                   uint32_t parts);

  /* Since ABI 1.4, optional: features the plugin offers or promises, one bit each
   * (SUSTAIN_PLUGIN_FLAG_...). None is defined yet: leave it 0. The host ignores
   * bits it does not know, so a bit only ever stands for something the host may
   * do without; what a plugin cannot do without is a minor bump, which the
   * plugin checks in host->abi_minor or with SUSTAIN_HOST_HAS. */
  uint64_t flags;
} sustain_plugin_descriptor;

/* The minor that added each member of sustain_host after ABI 1.0, for
 * SUSTAIN_HOST_HAS and SUSTAIN_HOST_FLAGS. The members of ABI 1.0 have none:
 * they are always there, and naming one in SUSTAIN_HOST_HAS does not compile. */
#define SUSTAIN_HOST_SINCE_append_rows 2
#define SUSTAIN_HOST_SINCE_stop_requested 4
#define SUSTAIN_HOST_SINCE_append_cells 4
#define SUSTAIN_HOST_SINCE_flags 4
#define SUSTAIN_HOST_SINCE_warning 5
#define SUSTAIN_HOST_SINCE_authority_column 5
#define SUSTAIN_HOST_SINCE_resolve_path 5

/* The minor that added each field of sustain_plugin_descriptor after ABI 1.0. */
#define SUSTAIN_DESCRIPTOR_SINCE_count_parts 3
#define SUSTAIN_DESCRIPTOR_SINCE_load_part 3
#define SUSTAIN_DESCRIPTOR_SINCE_flags 4

/* Whether a table (a pointer to TYPE) of some minor has `member`, added in minor
 * `since`: both its size and its minor must have it. A size alone could claim
 * members a table of an older minor never had (set by hand, or from a larger
 * struct), and the reader would take whatever lay there for them. */
#define SUSTAIN_TABLE_REACHES_(type, table, member, since)  \
  ((table)->abi_minor >= (since) &&                          \
   (table)->size >= offsetof(type, member) + sizeof((table)->member))

/* Whether the host offers `function`, one of the host functions added after ABI
 * 1.0: SUSTAIN_HOST_HAS(host, append_cells). host is evaluated more than once. */
#define SUSTAIN_HOST_HAS(host, function)                                              \
  (SUSTAIN_TABLE_REACHES_(sustain_host, host, function, SUSTAIN_HOST_SINCE_##function) && \
   (host)->function != NULL)

/* The host's flags, or 0 for a host of a minor without them. */
#define SUSTAIN_HOST_FLAGS(host) \
  (SUSTAIN_TABLE_REACHES_(sustain_host, host, flags, SUSTAIN_HOST_SINCE_flags) ? (host)->flags : 0)

/* The same for a descriptor, as the host reads it: whether the plugin offers
 * `function` (count_parts, load_part), and its flags. */
#define SUSTAIN_DESCRIPTOR_HAS(descriptor, function)                                 \
  (SUSTAIN_TABLE_REACHES_(sustain_plugin_descriptor, descriptor, function,           \
                          SUSTAIN_DESCRIPTOR_SINCE_##function) &&                    \
   (descriptor)->function != NULL)
#define SUSTAIN_DESCRIPTOR_FLAGS(descriptor)                                          \
  (SUSTAIN_TABLE_REACHES_(sustain_plugin_descriptor, descriptor, flags,              \
                          SUSTAIN_DESCRIPTOR_SINCE_flags)                             \
       ? (descriptor)->flags                                                          \
       : 0)

/* Declares the descriptor with the right symbol name and visibility. */
#if defined(__GNUC__)
#define SUSTAIN_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define SUSTAIN_PLUGIN_EXPORT
#endif
#define SUSTAIN_PLUGIN_DEFINE \
  SUSTAIN_PLUGIN_EXPORT extern const sustain_plugin_descriptor sustain_plugin; \
  const sustain_plugin_descriptor sustain_plugin

#ifdef __cplusplus
}
#endif

#endif
