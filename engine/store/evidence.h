/* evidence.h: the columnar evidence store.
 * Each source becomes one table of columns, each coded (a dictionary of its
 * distinct values and a small code per row; code 0 is a missing value) or plain
 * (doubles, NAN missing; or text bytes) as its values suit; see
 * evidence_storage. Rows are grouped by authority once, so an authority's rows
 * are a contiguous range. Filters and aggregations run here, in C. This file
 * knows nothing of Lua; lua_view.c is a thin binding over it. */
#ifndef SUSTAIN_EVIDENCE_H
#define SUSTAIN_EVIDENCE_H

#include <stddef.h>
#include <stdint.h>

#include "numbered.h"

/* DATE columns hold days since 1970-01-01 as numbers, so they filter and sort
 * like numbers; the Lua binding shows them as YYYY-MM-DD. */
typedef enum evidence_type { EVIDENCE_NUMBER, EVIDENCE_TEXT, EVIDENCE_DATE } evidence_type;

/* How a column keeps its values. Most evidence columns hold a few distinct
 * values (codes such as ACTIV, answers on a scale, dates of birth), which are
 * kept once in a dictionary with one small code per row, so a filter is one
 * table lookup per row whatever the column's type. Columns whose values are
 * nearly all different (a young person's identifier, an amount) gain nothing
 * from a dictionary and keep the values themselves. */
typedef enum evidence_storage {
  EVIDENCE_CODED, /* codes (1, 2 or 4 bytes) into the dictionary; 0 is a missing value */
  EVIDENCE_PLAIN  /* numbers: doubles (NAN missing); text: bytes by offsets ("" missing),
                     or numbered (evidence_numbered) */
} evidence_storage;


/* A string table: code k (1-based) is the NUL-terminated string at bytes +
 * offsets[k - 1], of lengths[k - 1] bytes; lookups by hash. */
typedef struct evidence_dictionary {
  char *bytes;
  size_t byte_count, byte_capacity;
  uint32_t *offsets, *lengths;
  size_t count, capacity;
  uint64_t *slots; /* open addressing: hash << 32 | code; code 0 = empty */
  size_t slot_count;
} evidence_dictionary;

typedef struct evidence_column {
  char *name;
  evidence_type type;
  evidence_storage storage;
  /* EVIDENCE_CODED */
  void *codes;        /* one per row: uint8_t, uint16_t or uint32_t as width is 1, 2 or 4 */
  unsigned width;
  evidence_dictionary dictionary;
  double *values;     /* numbers and dates: the value of each code; values[0] is NAN */
  /* EVIDENCE_PLAIN */
  double *numbers;    /* numbers and dates: one per row */
  char *text;         /* text: row r is text[offsets[r] .. offsets[r + 1]) */
  uint32_t *offsets;
  evidence_numbered numbered; /* text of one numbered form, in place of text and offsets */
  size_t present; /* rows with a value: 0 for a column left empty */
  /* coded with 1-byte codes, in a table grouped by authority: rows per group and
   * code, group_counts[g * (dictionary.count + 1) + code], so counting one
   * condition over an authority's rows reads a few counts instead of its rows */
  uint32_t *group_counts;
  /* a column no rule reads, left out as the source loaded (sources/column_choice.h):
   * every row reads as missing, and evidence_table_column finds it only to tell the
   * table's `missed`, so that the engine loads it after all */
  int skipped;
  double skipped_latest; /* a skipped column whose values are all dates: the latest, as
                            days (for the assessment date's warning); else NAN */
} evidence_column;

/* Whether the column keeps its values in `numbers` (numbers and dates). */
static inline int evidence_column_is_numeric(const evidence_column *column) {
  return column->type != EVIDENCE_TEXT;
}

/* The code at index row of an array of codes of the given width (1, 2 or 4 bytes). */
static inline uint32_t evidence_code_at(const void *codes, unsigned width, size_t row) {
  return width == 1   ? ((const uint8_t *)codes)[row]
         : width == 2 ? ((const uint16_t *)codes)[row]
                      : ((const uint32_t *)codes)[row];
}

/* The code of a row of a coded column. */
static inline uint32_t evidence_code(const evidence_column *column, size_t row) {
  return evidence_code_at(column->codes, column->width, row);
}

/* The narrowest code width (1, 2 or 4 bytes) that holds codes up to count. */
static inline unsigned evidence_code_width(size_t count) {
  return count <= UINT8_MAX ? 1 : count <= UINT16_MAX ? 2 : 4;
}

/* The value of a row of a number or date column; NAN when missing. */
static inline double evidence_number(const evidence_column *column, size_t row) {
  return column->storage == EVIDENCE_CODED ? column->values[evidence_code(column, row)]
                                           : column->numbers[row];
}

/* The string of a dictionary code (1-based). */
static inline const char *evidence_dictionary_string(const evidence_dictionary *dictionary,
                                                     uint32_t code) {
  return dictionary->bytes + dictionary->offsets[code - 1];
}


/* The text of a row of a text column and its length; NULL when missing. The
 * text of a plain column is not NUL-terminated; that of a numbered one is
 * written into buffer. */
static inline const char *evidence_text(const evidence_column *column, size_t row,
                                        size_t *length, char buffer[EVIDENCE_TEXT_SPACE]) {
  if (column->storage == EVIDENCE_CODED) {
    uint32_t code = evidence_code(column, row);
    if (!code) return NULL;
    *length = column->dictionary.lengths[code - 1];
    return evidence_dictionary_string(&column->dictionary, code);
  }
  if (column->numbered.values) {
    uint32_t value = column->numbered.values[row];
    if (value == EVIDENCE_NUMBERED_MISSING) return NULL;
    *length = evidence_numbered_text(&column->numbered, value, buffer);
    return buffer;
  }
  *length = column->offsets[row + 1] - column->offsets[row];
  return *length ? column->text + column->offsets[row] : NULL;
}

/* One authority's rows: [start, end). */
typedef struct evidence_group {
  const char *authority; /* a string of the authority column's dictionary */
  size_t start, end;
} evidence_group;

typedef struct evidence_table {
  char *name;
  size_t row_count;
  evidence_column *columns;
  size_t column_count;
  int authority_column; /* -1: every row belongs to every authority */
  evidence_group *groups; /* sorted by authority */
  size_t group_count;
  size_t rows_without_authority; /* rows whose authority cell is missing */
  /* NULL when every column was loaded; else set to 1 when a skipped column was asked
   * for: memory shared with the worker processes, which no pcall can undo */
  int *missed;
  /* NULL, or the read-only mapping of a cache file (table_cache.h) that the large
   * arrays point into: the table owns the mapping, its names, groups, columns and
   * dictionary slots, and nothing else */
  void *mapping;
  size_t mapping_size;
} evidence_table;

/* A set of rows of one table: a range, or (rows != NULL) an explicit selection. */
typedef struct evidence_view {
  const evidence_table *table;
  size_t start, end;    /* the range when rows == NULL */
  const uint32_t *rows; /* selected row numbers, ascending */
  size_t row_count;     /* number of selected rows when rows != NULL */
  const evidence_group *group; /* the authority's group when rows == NULL and the
                                * range is exactly its rows, else NULL */
} evidence_view;

/* ** {======================================================================
** Tables
** ======================================================================= */

/* Frees a table and everything it owns. NULL is a no-op. */
void evidence_table_free(evidence_table *table);

/* Index of the named column, or -1; a skipped column is not found, and tells the
 * table's `missed` (evidence_table_missed). */
int evidence_table_column(const evidence_table *table, const char *name);

/* Notes that something was asked of the table that its skipped columns would answer. */
static inline void evidence_table_missed(const evidence_table *table) {
  if (table->missed) __atomic_store_n(table->missed, 1, __ATOMIC_RELAXED);
}

/* The view of one authority's rows (an empty range when it has none); the whole
 * table when the table has no authority column. */
evidence_view evidence_table_view(const evidence_table *table, const char *authority);

/* Rows in a view. */
static inline size_t evidence_view_size(const evidence_view *view) {
  return view->rows ? view->row_count : view->end - view->start;
}

/* The i-th row number of a view (0 <= i < size). */
static inline size_t evidence_view_row(const evidence_view *view, size_t i) {
  return view->rows ? view->rows[i] : view->start + i;
}

/* Looks up a string's code in a column's dictionary; 0 when absent. */
uint32_t evidence_dictionary_find(const evidence_dictionary *dictionary, const char *text,
                                  size_t length);

/* Adds (or finds) a string, given its evidence_hash; returns its code, or 0 on
 * out of memory. */
uint32_t evidence_dictionary_intern_hashed(evidence_dictionary *dictionary, const char *text,
                                           size_t length, uint32_t hash);

/* Packs a string of 1 to 16 bytes into two words that, with its length, tell it
 * apart from every other string of that length (without a call to memcpy). */
static inline void evidence_pack_short(const char *p, size_t n, uint64_t *head, uint64_t *tail) {
  if (n >= 8) {
    __builtin_memcpy(head, p, 8);
    __builtin_memcpy(tail, p + n - 8, 8);
  } else if (n >= 4) {
    uint32_t first, last;
    __builtin_memcpy(&first, p, 4);
    __builtin_memcpy(&last, p + n - 4, 4);
    *head = first;
    *tail = last;
  } else {
    *head = (uint64_t)(unsigned char)p[0] | (uint64_t)(unsigned char)p[n / 2] << 8 |
            (uint64_t)(unsigned char)p[n - 1] << 16;
    *tail = 0;
  }
}

/* The dictionary's hash of a packed short string. */
static inline uint32_t evidence_hash_packed(uint64_t head, uint64_t tail, size_t n) {
  uint64_t h = (head * 0x9E3779B97F4A7C15u) ^ (tail * 0xC2B2AE3D27D4EB4Fu) ^ n;
  h ^= h >> 29;
  h *= 0xFF51AFD7ED558CCDu;
  return (uint32_t)(h ^ (h >> 32));
}

/* The dictionary's hash of any string. */
uint32_t evidence_hash(const char *text, size_t length);
void evidence_dictionary_free(evidence_dictionary *dictionary);

/* Builds the hash slots of a dictionary whose strings (bytes, offsets, lengths,
 * count) are set, as interning them in code order would. Returns 0, -1 on out of
 * memory, or -2 when two codes hold the same string. */
int evidence_dictionary_index(evidence_dictionary *dictionary);

/* }====================================================================== */

/* ** {======================================================================
** Filters: a conjunction of conditions on columns. Every condition but
** `missing` is false on a missing value.
** ======================================================================= */

typedef enum evidence_operator {
  EVIDENCE_IN,     /* value is one of a set (equality is a set of one) */
  EVIDENCE_NOT_IN, /* value is present and none of a set */
  EVIDENCE_LT,
  EVIDENCE_LE,
  EVIDENCE_GT,
  EVIDENCE_GE,
  EVIDENCE_MISSING, /* value is missing */
  EVIDENCE_PRESENT  /* value is present */
} evidence_operator;

typedef struct evidence_condition {
  size_t column;
  evidence_operator op;
  uint8_t *verdicts;     /* coded columns, any operator: the verdict per code (0: missing) */
  size_t verdict_count;  /* dictionary size + 1 */
  double number;         /* plain numbers: comparisons */
  double *numbers;       /* plain numbers: IN / NOT_IN */
  size_t number_count;
  char **texts;          /* plain text: IN / NOT_IN */
  size_t *lengths;
  size_t text_count;
} evidence_condition;

typedef struct evidence_filter {
  evidence_condition *conditions;
  size_t count, capacity;
} evidence_filter;

/* Adds conditions. Text values not in the column's dictionary simply match no row.
 * Return 0, or -1 with a message in error (at least 200 bytes): out of memory, or
 * an operator that does not fit the column's type. */
int evidence_filter_add_set(evidence_filter *filter, const evidence_table *table, size_t column,
                            int negate, const char *const *texts, const size_t *lengths,
                            const double *numbers, size_t count, char *error, size_t error_size);
int evidence_filter_add_compare(evidence_filter *filter, const evidence_table *table,
                                size_t column, evidence_operator op, double value, char *error,
                                size_t error_size);
int evidence_filter_add_missing(evidence_filter *filter, const evidence_table *table,
                                size_t column, int missing);
void evidence_filter_free(evidence_filter *filter);

/* Empties a filter for reuse, keeping its room for conditions. */
void evidence_filter_clear(evidence_filter *filter);

/* The bytes a filter holds on the heap, for bounds on kept filters. */
size_t evidence_filter_memory(const evidence_filter *filter);

/* The filter written as bytes that say everything it tests: two filters with
 * the same bytes pass the same rows of the table. Writes them when they fit in
 * capacity; returns how many there are. */
size_t evidence_filter_bytes(const evidence_filter *filter, unsigned char *out, size_t capacity);

/* }====================================================================== */

/* ** {======================================================================
** Aggregations over the rows of a view that pass a filter (NULL: all rows)
** ======================================================================= */

size_t evidence_count(const evidence_view *view, const evidence_filter *filter);

/* How many rows of the view pass any of the filters (count of them), each row
 * once: the length of the union of their evidence_select lists, found without
 * listing rows. With no filters, or a NULL or empty one, every row passes. */
size_t evidence_count_any(const evidence_view *view, const evidence_filter *const *filters,
                          size_t count);

/* Aggregates of a number column over rows that pass the filter and have a value.
 * Each returns how many values were used; when 0, *out is left unset. */
size_t evidence_sum(const evidence_view *view, size_t column, const evidence_filter *filter,
                    double *out);
size_t evidence_mean(const evidence_view *view, size_t column, const evidence_filter *filter,
                     double *out);
size_t evidence_min(const evidence_view *view, size_t column, const evidence_filter *filter,
                    double *out);
size_t evidence_max(const evidence_view *view, size_t column, const evidence_filter *filter,
                    double *out);

/* Tallies: how many rows of a view hold each code of one coded column, so that
 * several counts by codes of that column take one pass over the rows. */

/* Codes a tallied column has at most (1-byte codes). */
#define EVIDENCE_TALLY_CODES 256

/* The column a count of the filter over the view could read from a tally: the
 * one column of all its conditions, coded with 1-byte codes; -1 when the
 * filter tests other columns, or when the view is an authority's rows whose
 * counts per code the table keeps already. */
int evidence_tally_column(const evidence_view *view, const evidence_filter *filter);

/* Writes into counts (dictionary size + 1 of them, at most EVIDENCE_TALLY_CODES)
 * how many rows of the view hold each code of the column; code 0 is missing. */
void evidence_tally(const evidence_view *view, size_t column, uint32_t *counts);

/* The count of rows passing the filter, from the tally of its column
 * (evidence_tally_column). */
size_t evidence_count_tallied(const evidence_filter *filter, const uint32_t *counts);

/* Writes the row numbers of the view that pass the filter into rows (room for
 * evidence_view_size(view) entries); returns how many. */
size_t evidence_select(const evidence_view *view, const evidence_filter *filter, uint32_t *rows);

/* }====================================================================== */

#endif
