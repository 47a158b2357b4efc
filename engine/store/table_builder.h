/* table_builder.h: turning a plugin's rows into an evidence_table.
 * Rows arrive in blocks (or cell by cell, staged into a block of one) and are
 * stored a column at a time. Every column starts coded: each distinct value is
 * kept once in the column's dictionary (and parsed once, for declared numbers
 * and dates) and rows hold small codes; a column whose values turn out nearly
 * all different is switched to plain storage. Columns whose type is to be
 * inferred become numbers or dates at the end when every present value is one.
 * Finishing groups the rows by the authority column (without moving them when
 * each authority's rows already lie together). Errors come back as text for
 * sources.c to locate. */
#ifndef SUSTAIN_TABLE_BUILDER_H
#define SUSTAIN_TABLE_BUILDER_H

#include <stddef.h>
#include <stdint.h>

#include "evidence.h"
#include "sustain/plugin.h"

/* The size of an error message buffer for the functions below. */
#define TABLE_BUILDER_ERROR_SIZE 256

/* Entries in each column's cache of recently seen values of 8 to 16 bytes, and
 * at most in the larger one a column gets once it holds more than half as many
 * values as the first has entries (dates of birth: thousands of days, 10 bytes
 * each). The larger one keeps four entries a value, so that its memory follows
 * the values met, and grows with them. */
#define TABLE_BUILDER_RECENT 512
#define TABLE_BUILDER_MORE 16384

/* A value of up to 16 bytes, packed into two words, and its code; length 0
 * marks an empty entry, since empty cells never reach the cache. */
typedef struct recent_value {
  uint64_t head, tail;
  uint32_t length, code;
} recent_value;

/* Entries in each column's cache of values of up to 7 bytes. */
#define TABLE_BUILDER_SMALL 256

/* A value of up to 7 bytes as one word, its bytes and its length (see
 * small_key in table_builder.c; 0 marks an empty entry), and its code. */
typedef struct small_value {
  uint64_t key;
  uint32_t code;
} small_value;

/* Entries in the cache of parsed values of a plain number column, and the rows
 * the column holds before it gets one: with 8 bytes a row by then, the column
 * is at least twice the cache's 128 KB, so a table of thousands of such
 * columns and few rows does not pay for caches larger than its values. */
#define TABLE_BUILDER_PARSED 4096
#define TABLE_BUILDER_PARSED_AFTER 32768

/* A value of up to 16 bytes, packed as in recent_value, and what it parses to. */
typedef struct parsed_value {
  uint64_t head, tail;
  uint32_t length; /* 0: an empty entry */
  double value;
} parsed_value;

/* A coded column's caches of values met lately, by length, so that most
 * cells' codes are found without hashing. */
typedef struct column_caches {
  uint32_t byte_codes[256];                  /* the code of each one-byte value met, or 0 */
  small_value small[TABLE_BUILDER_SMALL];    /* values of 2 to 7 bytes */
  recent_value recent[TABLE_BUILDER_RECENT]; /* values of 8 to 16 bytes */
  recent_value *more; /* NULL, or more_slots entries, asked when recent misses */
  size_t more_slots;  /* a power of two, at most TABLE_BUILDER_MORE */
} column_caches;

/* Cells of a coded column whose value was found in its dictionary before the
 * column gets its caches: they are made once values repeat often enough to
 * repay the 17 KB they take (a lookup in the dictionary costs a hash), so a
 * column of distinct values, or a table of thousands of columns and a few
 * rows, never pays for them. */
#define TABLE_BUILDER_REPEATS_BEFORE_CACHE 256

/* What the builder keeps per column while rows arrive. */
typedef struct column_builder {
  sustain_column_type declared;
  size_t value_capacity; /* room in the coded column's values */
  size_t text_capacity;  /* room in the plain text column's bytes */
  column_caches *caches; /* coded columns: NULL until values repeat */
  uint32_t repeats;      /* values found in the dictionary while caches was NULL */
  parsed_value *parsed;  /* plain numbers: values parsed lately */
  /* a skipped column: whether a value that is not a date has come (or it is declared
   * text), else the latest date so far (NAN before the first) */
  int not_dates;
  double latest;
} column_builder;

/* How large a source's table may grow: [limits] source_rows and source_memory_mb.
 * Memory counts what the builder has reserved for the table (row storage,
 * dictionaries, text, caches), checked after each block of rows and before row
 * storage grows, so that a source that never ends (an endless view) is stopped
 * and its plugin told to stop. */
typedef struct table_limits {
  size_t rows;
  size_t bytes;
} table_limits;

/* The most columns a source may have (see SUSTAIN_MAX_COLUMNS in plugin.h). */
#define TABLE_BUILDER_MAX_COLUMNS SUSTAIN_MAX_COLUMNS

typedef struct table_builder {
  evidence_table *table;
  column_builder *columns;
  size_t column_capacity; /* room in table->columns, columns, row_starts, row_lengths */
  /* the columns by name, for add_column to find a repeated one without a scan:
   * open addressing, column index + 1 (0: empty), load under one half */
  uint32_t *name_slots;
  size_t name_slot_count;
  size_t row_capacity;
  char *authority; /* name of the authority column, or NULL */
  /* the row being given cell by cell: each cell's bytes and where they start */
  char *row_bytes;
  size_t row_length, row_capacity_bytes;
  size_t *row_starts, *row_lengths;
  size_t cell; /* next cell's column in that row */
  /* after a failed table_builder_append_rows: the index of the row at fault */
  size_t failed_row;
  table_limits limits; /* the whole source's */
  uint32_t share;      /* parts loading the source at once: each may take limits / share */
  int limit_hit;       /* the last error was a limit reached, not a fault in the data */
  /* which columns to store (table_builder_choose); keep NULL: every one */
  int (*keep)(const void *context, const char *name);
  const void *keep_context;
  int *missed; /* the finished table's `missed` when it skipped a column */
} table_builder;

/* Starts a builder without limits (those of 32-bit row numbers aside). */
int table_builder_init(table_builder *b, const char *table_name, const char *authority_column);

/* Stores only the columns keep accepts, the authority column and any the plugin
 * declares as numbers or dates (a cell of those may be refused): the others are
 * skipped (evidence.h), their cells checked as a stored column's would be (a NUL
 * byte, a NULL text) but neither kept nor interned. missed becomes the table's.
 * Called before the first column. */
void table_builder_choose(table_builder *b, int (*keep)(const void *context, const char *name),
                          const void *context, int *missed);

/* Bounds the table: limits for the whole source, of which this builder, one of
 * `parts` loading it at once, may take an equal share. Joining parts into this
 * builder (table_builder_join) may fill the whole. When a limit is reached the
 * builder's functions fail with a message saying which [limits] key to raise,
 * and limit_hit is set. */
void table_builder_set_limits(table_builder *b, table_limits limits, uint32_t parts);

/* The bytes the builder has reserved for the table. */
size_t table_builder_memory(const table_builder *b);

/* Each returns 0, or -1 with a message in error. */
int table_builder_add_column(table_builder *b, const char *name, size_t length,
                             sustain_column_type type, char *error);
int table_builder_append_rows(table_builder *b, const sustain_cell *cells, size_t rows,
                              char *error);
/* The same, given how many cells there are: refused unless they are rows whole rows. */
int table_builder_append_cells(table_builder *b, const sustain_cell *cells, size_t cell_count,
                               size_t rows, char *error);
int table_builder_append_text(table_builder *b, const char *text, size_t length, char *error);
int table_builder_append_number(table_builder *b, double value, char *error);
int table_builder_append_missing(table_builder *b, char *error);
int table_builder_end_row(table_builder *b, char *error);

/* The message of the row being given when it has `cells` cells, not one per column:
 * what end_row says of a short row, and the host of a long one. */
void table_builder_row_length_error(const table_builder *b, size_t cells, char *error);

/* Appends the rows of part, a builder of the same columns filled on another
 * thread, after the rows here; part is left to be freed, its rows already gone
 * (each column's as soon as it is joined). The table is the one
 * a single builder given all the rows in order would make: same values, same
 * codes. Returns 0, or -1 with a message in error. */
int table_builder_join(table_builder *b, table_builder *part, char *error);

/* Completes the table (types inferred, rows grouped by authority) and hands it
 * over; the builder is left empty. Returns NULL with a message on failure. */
evidence_table *table_builder_finish(table_builder *b, char *error);

/* Frees whatever the builder still holds. */
void table_builder_free(table_builder *b);

#endif
