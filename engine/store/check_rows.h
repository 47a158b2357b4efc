/* check_rows.h: the rows of a view that break a data-quality check.
 * A check picks rows by alternatives (a row breaks it when it passes any of
 * its filters), then may keep only the rows whose value in a key column is on
 * more than one of them (unique), or is on a picked row of another table
 * (found in). Built on evidence.h alone: no Lua. Callers get row numbers; the
 * runner keeps only their count, and `sustain check --records` writes the
 * identifiers of the same rows to a private file. */
#ifndef SUSTAIN_CHECK_ROWS_H
#define SUSTAIN_CHECK_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "evidence.h"

/* Room for a key written as text: a number with 17 significant digits, its
 * sign, exponent and point, or a date. */
#define CHECK_ROWS_KEY_SIZE 32

/* Returned by check_rows_select when memory runs out. */
#define CHECK_ROWS_NO_MEMORY ((size_t)-1)

/* Filters joined by "or": a row passes when it passes any of them; with none,
 * every row passes. */
typedef struct check_rows_filters {
  const evidence_filter *const *items;
  size_t count;
} check_rows_filters;

typedef struct check_rows_query {
  check_rows_filters where;
  int unique_column;          /* -1, or: keep the rows whose value here is on another picked row */
  const evidence_view *other; /* NULL, or: keep the rows whose key_column value is the
                                 other_key_column value of a row of other passing other_where */
  check_rows_filters other_where;
  int key_column, other_key_column;
} check_rows_query;

/* Writes the rows of view that break the check into rows (room for
 * evidence_view_size(view) entries), in ascending order, and returns how many;
 * CHECK_ROWS_NO_MEMORY on out of memory. A missing key value is never repeated
 * and never found. Keys compare as text, so a key read as numbers in one table
 * matches the same key read as text in another (123 and "123"). */
size_t check_rows_select(const check_rows_query *query, const evidence_view *view, uint32_t *rows);

/* How many rows of view break the check: check_rows_select's count, found
 * without listing the rows when the check has neither unique nor found in
 * (evidence_count_any; alternatives that are each one condition on one coded
 * column are counted from the codes any of them passes), and without listing
 * the repeated ones for unique alone on identifiers kept as numbers. rows is
 * room for evidence_view_size(view) entries, used when the rows must be
 * listed. CHECK_ROWS_NO_MEMORY on out of memory. */
size_t check_rows_count(const check_rows_query *query, const evidence_view *view, uint32_t *rows);

/* A row's value as the text keys compare (and `check --records` writes), NULL when
 * missing: a text column's bytes (not NUL-terminated in a plain column), a whole
 * number without a decimal point (as filters write numbers), any other number
 * with all its digits, a date as YYYY-MM-DD. Sets *length. */
const char *check_rows_key_text(const evidence_column *column, size_t row,
                                char buffer[CHECK_ROWS_KEY_SIZE], size_t *length);

/* The same for one code (1-based) of a coded column's dictionary; NULL for 0. */
const char *check_rows_code_text(const evidence_column *column, uint32_t code,
                                 char buffer[CHECK_ROWS_KEY_SIZE], size_t *length);

#endif
