/* evidence.h: the columnar evidence store.
 * Each source becomes one table. Numbers are parsed once into doubles (NAN is a
 * missing value); text is dictionary-encoded, so filters compare integer codes
 * (code 0 is a missing value). Rows are grouped by authority once, so an
 * authority's rows are a contiguous range. Filters and aggregations run here, in
 * C. This file knows nothing of Lua; lua_view.c is a thin binding over it. */
#ifndef SUSTAIN_EVIDENCE_H
#define SUSTAIN_EVIDENCE_H

#include <stddef.h>
#include <stdint.h>

/* DATE columns hold days since 1970-01-01 in `numbers`, so they filter and sort
 * like numbers; the Lua binding shows them as YYYY-MM-DD. */
typedef enum evidence_type { EVIDENCE_NUMBER, EVIDENCE_TEXT, EVIDENCE_DATE } evidence_type;

/* A string table: code i (1-based) is strings[i - 1]; lookups by hash. */
typedef struct evidence_dictionary {
  char **strings;
  uint32_t *lengths;
  size_t count, capacity;
  uint64_t *slots; /* open addressing: hash << 32 | code; code 0 = empty */
  size_t slot_count;
} evidence_dictionary;

typedef struct evidence_column {
  char *name;
  evidence_type type;
  double *numbers; /* EVIDENCE_NUMBER and _DATE: one per row, NAN when missing */
  uint32_t *codes; /* EVIDENCE_TEXT: one per row, 0 when missing */
  evidence_dictionary dictionary;
  size_t present; /* rows with a value: 0 for a column left empty */
} evidence_column;

/* Whether the column keeps its values in `numbers` (numbers and dates). */
static inline int evidence_column_is_numeric(const evidence_column *column) {
  return column->type != EVIDENCE_TEXT;
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
} evidence_table;

/* A set of rows of one table: a range, or (rows != NULL) an explicit selection. */
typedef struct evidence_view {
  const evidence_table *table;
  size_t start, end;    /* the range when rows == NULL */
  const uint32_t *rows; /* selected row numbers, ascending */
  size_t row_count;     /* number of selected rows when rows != NULL */
} evidence_view;

/* ** {======================================================================
** Tables
** ======================================================================= */

/* Frees a table and everything it owns. NULL is a no-op. */
void evidence_table_free(evidence_table *table);

/* Index of the named column, or -1. */
int evidence_table_column(const evidence_table *table, const char *name);

/* The view of one authority's rows (an empty range when it has none); the whole
 * table when the table has no authority column. */
evidence_view evidence_table_view(const evidence_table *table, const char *authority);

/* Rows in a view. */
size_t evidence_view_size(const evidence_view *view);

/* The i-th row number of a view (0 <= i < size). */
static inline size_t evidence_view_row(const evidence_view *view, size_t i) {
  return view->rows ? view->rows[i] : view->start + i;
}

/* Looks up a string's code in a column's dictionary; 0 when absent. */
uint32_t evidence_dictionary_find(const evidence_dictionary *dictionary, const char *text,
                                  size_t length);

/* Adds (or finds) a string; returns its code, or 0 on out of memory. */
uint32_t evidence_dictionary_intern(evidence_dictionary *dictionary, const char *text,
                                    size_t length);
void evidence_dictionary_free(evidence_dictionary *dictionary);

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
  double number;           /* comparisons */
  double *numbers;         /* IN / NOT_IN on a number column */
  size_t number_count;
  uint8_t *accepted_codes; /* IN / NOT_IN on a text column: flag per code */
  size_t code_count;       /* length of accepted_codes (dictionary size + 1) */
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
int evidence_filter_add_missing(evidence_filter *filter, size_t column, int missing);
void evidence_filter_free(evidence_filter *filter);

/* Whether one row satisfies every condition (a NULL filter accepts all rows). */
int evidence_filter_match(const evidence_filter *filter, const evidence_table *table, size_t row);

/* }====================================================================== */

/* ** {======================================================================
** Aggregations over the rows of a view that pass a filter (NULL: all rows)
** ======================================================================= */

size_t evidence_count(const evidence_view *view, const evidence_filter *filter);

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

/* Writes the row numbers of the view that pass the filter into rows (room for
 * evidence_view_size(view) entries); returns how many. */
size_t evidence_select(const evidence_view *view, const evidence_filter *filter, uint32_t *rows);

/* }====================================================================== */

#endif
