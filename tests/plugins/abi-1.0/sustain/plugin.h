/* tests/plugins/abi-1.0: sustain/plugin.h as plugin ABI 1.0 shipped it, kept as it
 * was so that tests/plugins/blocks.c can be built as a plugin of the first minor
 * (blocks10.so) and shown to load into this host as it always did. */
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
 * New host functions and descriptor fields are only ever appended, with a minor
 * bump; check `host->size` before calling a function added after minor 0.
 * Full reference: docs/plugins.md. */
#ifndef SUSTAIN_PLUGIN_H
#define SUSTAIN_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SUSTAIN_PLUGIN_ABI_MAJOR 1
#define SUSTAIN_PLUGIN_ABI_MINOR 0

/* The name of the exported descriptor symbol. */
#define SUSTAIN_PLUGIN_SYMBOL "sustain_plugin"

/* What kind of value an option takes. The host resolves PATH options relative to
 * the config file's folder and checks that they name a readable file before the
 * plugin sees them. */
typedef enum sustain_option_kind {
  SUSTAIN_OPTION_TEXT = 0,
  SUSTAIN_OPTION_PATH = 1
} sustain_option_kind;

/* One documented option. Options arrays end with an entry whose name is NULL. */
typedef struct sustain_option {
  const char *name;
  const char *description;   /* one line, shown by `sustain plugins` */
  int required;              /* nonzero: the config must give it */
  sustain_option_kind kind;
  const char *default_value; /* NULL: no default */
} sustain_option;

/* The type a column is declared with. INFER lets the host decide once the table
 * is complete: a column whose every present cell is a decimal number becomes a
 * number column, any other a text column. */
typedef enum sustain_column_type {
  SUSTAIN_COLUMN_INFER = 0,
  SUSTAIN_COLUMN_NUMBER = 1,
  SUSTAIN_COLUMN_TEXT = 2
} sustain_column_type;

/* One source being loaded; opaque to the plugin, passed back to every host function. */
typedef struct sustain_source sustain_source;

/* Functions the host offers. Status-returning functions return 0 on success and
 * -1 on failure, in which case the host has already recorded an error and the
 * plugin should stop and return nonzero from load. */
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
} sustain_host;

/* The descriptor every plugin exports as `sustain_plugin`. */
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
} sustain_plugin_descriptor;

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
