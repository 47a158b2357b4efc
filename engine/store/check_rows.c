/* check_rows.c: the rows that break a data-quality check; see check_rows.h.
 * Alternatives are merged as sorted row lists; keys are interned into a
 * dictionary of their own, which serves as a hash set and counts nothing but
 * how often each key is seen. */
#include "check_rows.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

/* ** {======================================================================
** Alternatives
** ======================================================================= */

/* Merges two ascending row lists into out, each row once; returns its length. */
static size_t merge_rows(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                         uint32_t *out) {
  size_t i = 0, j = 0, n = 0;
  while (i < na && j < nb) {
    if (a[i] < b[j]) out[n++] = a[i++];
    else if (b[j] < a[i]) out[n++] = b[j++];
    else out[n++] = a[i++], j++;
  }
  while (i < na) out[n++] = a[i++];
  while (j < nb) out[n++] = b[j++];
  return n;
}

/* The rows of view that pass any of the filters, ascending, into out. */
static size_t select_any(const evidence_view *view, const check_rows_filters *filters,
                         uint32_t *out) {
  size_t size = evidence_view_size(view);
  if (filters->count == 0) {
    for (size_t i = 0; i < size; i++) out[i] = (uint32_t)evidence_view_row(view, i);
    return size;
  }
  size_t n = evidence_select(view, filters->items[0], out);
  if (filters->count == 1) return n;
  uint32_t *next = malloc((size ? size : 1) * sizeof *next);
  uint32_t *merged = malloc((size ? size : 1) * sizeof *merged);
  if (!next || !merged) {
    free(next);
    free(merged);
    return CHECK_ROWS_NO_MEMORY;
  }
  for (size_t k = 1; k < filters->count; k++) {
    size_t m = evidence_select(view, filters->items[k], next);
    n = merge_rows(out, n, next, m, merged);
    memcpy(out, merged, n * sizeof *out);
  }
  free(next);
  free(merged);
  return n;
}

/* }====================================================================== */

/* ** {======================================================================
** Keys
** ======================================================================= */

/* A number or date as key text, NULL when missing: a whole number without a
 * decimal point (as filters write numbers), any other number with all its
 * digits, a date as YYYY-MM-DD. */
static const char *number_text(double value, evidence_type type,
                               char buffer[CHECK_ROWS_KEY_SIZE], size_t *length) {
  if (isnan(value)) return NULL;
  if (type == EVIDENCE_DATE) {
    date_format(date_from_days((long)value), buffer);
    *length = 10;
    return buffer;
  }
  int written = value == floor(value) && fabs(value) < 1e15
                    ? snprintf(buffer, CHECK_ROWS_KEY_SIZE, "%.0f", value)
                    : snprintf(buffer, CHECK_ROWS_KEY_SIZE, "%.17g", value);
  *length = (size_t)written;
  return buffer;
}

const char *check_rows_key_text(const evidence_column *column, size_t row,
                                char buffer[CHECK_ROWS_KEY_SIZE], size_t *length) {
  if (!evidence_column_is_numeric(column)) return evidence_text(column, row, length);
  return number_text(evidence_number(column, row), column->type, buffer, length);
}

const char *check_rows_code_text(const evidence_column *column, uint32_t code,
                                 char buffer[CHECK_ROWS_KEY_SIZE], size_t *length) {
  if (!code) return NULL;
  if (!evidence_column_is_numeric(column)) {
    *length = column->dictionary.lengths[code - 1];
    return evidence_dictionary_string(&column->dictionary, code);
  }
  return number_text(column->values[code], column->type, buffer, length);
}

/* Adds the keys of rows to keys. Returns 0, or -1 on out of memory. Codes, when
 * given, receive each row's key code (0 for a missing key). */
static int intern_keys(const evidence_table *table, int column, const uint32_t *rows, size_t n,
                       evidence_dictionary *keys, uint32_t *codes) {
  char buffer[CHECK_ROWS_KEY_SIZE];
  for (size_t i = 0; i < n; i++) {
    size_t length = 0;
    const char *text = check_rows_key_text(&table->columns[column], rows[i], buffer, &length);
    uint32_t code = 0;
    if (text && !(code = evidence_dictionary_intern_hashed(keys, text, length,
                                                          evidence_hash(text, length))))
      return -1;
    if (codes) codes[i] = code;
  }
  return 0;
}

/* Keeps the rows whose key is on more than one of them; returns how many. */
static size_t keep_repeated(const evidence_table *table, int column, uint32_t *rows, size_t n) {
  evidence_dictionary keys = {0};
  uint32_t *codes = malloc((n ? n : 1) * sizeof *codes);
  if (!codes || intern_keys(table, column, rows, n, &keys, codes) != 0) {
    free(codes);
    evidence_dictionary_free(&keys);
    return CHECK_ROWS_NO_MEMORY;
  }
  unsigned char *seen = calloc(keys.count + 1, 1); /* 0, 1, or 2 for "more than once" */
  size_t kept = 0;
  if (seen) {
    for (size_t i = 0; i < n; i++)
      if (codes[i] && seen[codes[i]] < 2) seen[codes[i]]++;
    for (size_t i = 0; i < n; i++)
      if (codes[i] && seen[codes[i]] == 2) rows[kept++] = rows[i];
  }
  free(codes);
  evidence_dictionary_free(&keys);
  free(seen);
  return seen ? kept : CHECK_ROWS_NO_MEMORY;
}

/* Keeps the rows whose key is among the other table's picked rows' keys. */
static size_t keep_found(const check_rows_query *query, const evidence_table *table,
                         uint32_t *rows, size_t n) {
  size_t size = evidence_view_size(query->other);
  uint32_t *other_rows = malloc((size ? size : 1) * sizeof *other_rows);
  if (!other_rows) return CHECK_ROWS_NO_MEMORY;
  size_t m = select_any(query->other, &query->other_where, other_rows);
  evidence_dictionary keys = {0};
  if (m == CHECK_ROWS_NO_MEMORY ||
      intern_keys(query->other->table, query->other_key_column, other_rows, m, &keys, NULL) != 0) {
    free(other_rows);
    evidence_dictionary_free(&keys);
    return CHECK_ROWS_NO_MEMORY;
  }
  free(other_rows);
  char buffer[CHECK_ROWS_KEY_SIZE];
  const evidence_column *key = &table->columns[query->key_column];
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    size_t length = 0;
    const char *text = check_rows_key_text(key, rows[i], buffer, &length);
    if (text && evidence_dictionary_find(&keys, text, length)) rows[kept++] = rows[i];
  }
  evidence_dictionary_free(&keys);
  return kept;
}

/* }====================================================================== */

size_t check_rows_select(const check_rows_query *query, const evidence_view *view,
                         uint32_t *rows) {
  size_t n = select_any(view, &query->where, rows);
  if (n != CHECK_ROWS_NO_MEMORY && n && query->unique_column >= 0)
    n = keep_repeated(view->table, query->unique_column, rows, n);
  if (n != CHECK_ROWS_NO_MEMORY && n && query->other) n = keep_found(query, view->table, rows, n);
  return n;
}
