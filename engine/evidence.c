/* evidence.c: dictionaries, views, filters and aggregations of the columnar
 * store; see evidence.h. Tables are built by table_builder.c. */
#include "evidence.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ** {======================================================================
** Dictionary
** ======================================================================= */

/* FNV-1a: short codes hash well and it needs no state. */
static uint32_t hash_bytes(const char *text, size_t length) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < length; i++) h = (h ^ (unsigned char)text[i]) * 16777619u;
  return h;
}

/* The slot holding text, or the empty slot where it would go. A slot keeps the
 * string's hash beside its code, so a probe compares bytes only on a likely
 * match and touches one cache line. */
static size_t dictionary_slot(const evidence_dictionary *d, const char *text, size_t length,
                              uint32_t hash) {
  size_t mask = d->slot_count - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    uint64_t slot = d->slots[i];
    uint32_t code = (uint32_t)slot;
    if (!code) return i;
    if ((uint32_t)(slot >> 32) == hash && d->lengths[code - 1] == length &&
        memcmp(d->strings[code - 1], text, length) == 0)
      return i;
  }
}

uint32_t evidence_dictionary_find(const evidence_dictionary *d, const char *text, size_t length) {
  if (!d->slot_count) return 0;
  return (uint32_t)d->slots[dictionary_slot(d, text, length, hash_bytes(text, length))];
}

static int dictionary_rehash(evidence_dictionary *d, size_t slot_count) {
  uint64_t *slots = calloc(slot_count, sizeof(uint64_t));
  if (!slots) return -1;
  size_t mask = slot_count - 1;
  for (size_t i = 0; i < d->slot_count; i++) { /* hashes travel with their slots */
    uint64_t slot = d->slots[i];
    if (!(uint32_t)slot) continue;
    size_t k = (uint32_t)(slot >> 32) & mask;
    while (slots[k]) k = (k + 1) & mask;
    slots[k] = slot;
  }
  free(d->slots);
  d->slots = slots;
  d->slot_count = slot_count;
  return 0;
}

uint32_t evidence_dictionary_intern(evidence_dictionary *d, const char *text, size_t length) {
  uint32_t hash = hash_bytes(text, length);
  if (d->slot_count) {
    uint32_t found = (uint32_t)d->slots[dictionary_slot(d, text, length, hash)];
    if (found) return found;
  }
  if (d->count >= UINT32_MAX - 1 || length > UINT32_MAX) return 0;
  /* keep the load factor under one half */
  if ((d->count + 1) * 2 > d->slot_count &&
      dictionary_rehash(d, d->slot_count ? d->slot_count * 2 : 16) != 0)
    return 0;
  if (d->count == d->capacity) {
    size_t capacity = d->capacity ? d->capacity * 2 : 16;
    char **strings = realloc(d->strings, capacity * sizeof(char *));
    if (!strings) return 0;
    d->strings = strings;
    uint32_t *lengths = realloc(d->lengths, capacity * sizeof(uint32_t));
    if (!lengths) return 0;
    d->lengths = lengths;
    d->capacity = capacity;
  }
  char *copy = malloc(length + 1);
  if (!copy) return 0;
  memcpy(copy, text, length);
  copy[length] = '\0';
  d->strings[d->count] = copy;
  d->lengths[d->count] = (uint32_t)length;
  uint32_t code = (uint32_t)++d->count;
  d->slots[dictionary_slot(d, text, length, hash)] = (uint64_t)hash << 32 | code;
  return code;
}

void evidence_dictionary_free(evidence_dictionary *d) {
  for (size_t i = 0; i < d->count; i++) free(d->strings[i]);
  free(d->strings);
  free(d->lengths);
  free(d->slots);
  *d = (evidence_dictionary){0};
}

/* }====================================================================== */

/* ** {======================================================================
** Tables and views
** ======================================================================= */

void evidence_table_free(evidence_table *table) {
  if (!table) return;
  for (size_t c = 0; c < table->column_count; c++) {
    evidence_column *column = &table->columns[c];
    free(column->name);
    free(column->numbers);
    free(column->codes);
    evidence_dictionary_free(&column->dictionary);
  }
  free(table->columns);
  free(table->groups);
  free(table->name);
  free(table);
}

int evidence_table_column(const evidence_table *table, const char *name) {
  for (size_t c = 0; c < table->column_count; c++)
    if (strcmp(table->columns[c].name, name) == 0) return (int)c;
  return -1;
}

evidence_view evidence_table_view(const evidence_table *table, const char *authority) {
  evidence_view view = {table, 0, table->row_count, NULL, 0};
  if (table->authority_column < 0) return view;
  size_t low = 0, high = table->group_count;
  while (low < high) { /* groups are sorted by authority */
    size_t mid = low + (high - low) / 2;
    int order = strcmp(table->groups[mid].authority, authority);
    if (order == 0) {
      view.start = table->groups[mid].start;
      view.end = table->groups[mid].end;
      return view;
    }
    if (order < 0) low = mid + 1;
    else high = mid;
  }
  view.start = view.end = 0;
  return view;
}

size_t evidence_view_size(const evidence_view *view) {
  return view->rows ? view->row_count : view->end - view->start;
}

/* }====================================================================== */

/* ** {======================================================================
** Filters
** ======================================================================= */

static evidence_condition *filter_push(evidence_filter *filter) {
  if (filter->count == filter->capacity) {
    size_t capacity = filter->capacity ? filter->capacity * 2 : 4;
    evidence_condition *conditions = realloc(filter->conditions, capacity * sizeof(*conditions));
    if (!conditions) return NULL;
    filter->conditions = conditions;
    filter->capacity = capacity;
  }
  evidence_condition *condition = &filter->conditions[filter->count++];
  *condition = (evidence_condition){0};
  return condition;
}

int evidence_filter_add_set(evidence_filter *filter, const evidence_table *table, size_t column,
                            int negate, const char *const *texts, const size_t *lengths,
                            const double *numbers, size_t count, char *error, size_t error_size) {
  const evidence_column *col = &table->columns[column];
  if (evidence_column_is_numeric(col) && !numbers) {
    snprintf(error, error_size, "column '%s' holds %s: compare it with %s", col->name,
             col->type == EVIDENCE_DATE ? "dates" : "numbers",
             col->type == EVIDENCE_DATE ? "dates" : "numbers");
    return -1;
  }
  if (col->type == EVIDENCE_TEXT && !texts) {
    snprintf(error, error_size, "column '%s' holds text: compare it with strings", col->name);
    return -1;
  }
  evidence_condition *condition = filter_push(filter);
  if (!condition) goto out_of_memory;
  condition->column = column;
  condition->op = negate ? EVIDENCE_NOT_IN : EVIDENCE_IN;
  if (evidence_column_is_numeric(col)) {
    condition->numbers = malloc((count ? count : 1) * sizeof(double));
    if (!condition->numbers) goto out_of_memory;
    memcpy(condition->numbers, numbers, count * sizeof(double));
    condition->number_count = count;
  } else {
    condition->code_count = col->dictionary.count + 1;
    condition->accepted_codes = calloc(condition->code_count, 1);
    if (!condition->accepted_codes) goto out_of_memory;
    for (size_t i = 0; i < count; i++) {
      uint32_t code = evidence_dictionary_find(&col->dictionary, texts[i], lengths[i]);
      if (code) condition->accepted_codes[code] = 1;
    }
  }
  return 0;
out_of_memory:
  snprintf(error, error_size, "out of memory while building a filter");
  return -1;
}

int evidence_filter_add_compare(evidence_filter *filter, const evidence_table *table,
                                size_t column, evidence_operator op, double value, char *error,
                                size_t error_size) {
  const evidence_column *col = &table->columns[column];
  if (!evidence_column_is_numeric(col)) {
    snprintf(error, error_size,
             "column '%s' holds text: only numbers and dates can be compared with lt, le, gt, ge",
             col->name);
    return -1;
  }
  evidence_condition *condition = filter_push(filter);
  if (!condition) {
    snprintf(error, error_size, "out of memory while building a filter");
    return -1;
  }
  condition->column = column;
  condition->op = op;
  condition->number = value;
  return 0;
}

int evidence_filter_add_missing(evidence_filter *filter, size_t column, int missing) {
  evidence_condition *condition = filter_push(filter);
  if (!condition) return -1;
  condition->column = column;
  condition->op = missing ? EVIDENCE_MISSING : EVIDENCE_PRESENT;
  return 0;
}

void evidence_filter_free(evidence_filter *filter) {
  for (size_t i = 0; i < filter->count; i++) {
    free(filter->conditions[i].numbers);
    free(filter->conditions[i].accepted_codes);
  }
  free(filter->conditions);
  *filter = (evidence_filter){0};
}

static int condition_match(const evidence_condition *c, const evidence_column *col, size_t row) {
  if (col->type == EVIDENCE_TEXT) {
    uint32_t code = col->codes[row];
    switch (c->op) {
    case EVIDENCE_MISSING: return code == 0;
    case EVIDENCE_PRESENT: return code != 0;
    case EVIDENCE_IN: return code != 0 && code < c->code_count && c->accepted_codes[code];
    case EVIDENCE_NOT_IN: return code != 0 && !(code < c->code_count && c->accepted_codes[code]);
    default: return 0;
    }
  }
  double value = col->numbers[row];
  if (c->op == EVIDENCE_MISSING) return isnan(value);
  if (isnan(value)) return 0;
  switch (c->op) {
  case EVIDENCE_PRESENT: return 1;
  case EVIDENCE_LT: return value < c->number;
  case EVIDENCE_LE: return value <= c->number;
  case EVIDENCE_GT: return value > c->number;
  case EVIDENCE_GE: return value >= c->number;
  case EVIDENCE_IN:
  case EVIDENCE_NOT_IN: {
    int found = 0;
    for (size_t i = 0; i < c->number_count && !found; i++) found = value == c->numbers[i];
    return c->op == EVIDENCE_IN ? found : !found;
  }
  default: return 0;
  }
}

int evidence_filter_match(const evidence_filter *filter, const evidence_table *table, size_t row) {
  if (!filter) return 1;
  for (size_t i = 0; i < filter->count; i++) {
    const evidence_condition *c = &filter->conditions[i];
    if (!condition_match(c, &table->columns[c->column], row)) return 0;
  }
  return 1;
}

/* }====================================================================== */

/* ** {======================================================================
** Aggregations
**
** A filter is applied a chunk of rows at a time: each condition ANDs its
** verdicts into a byte mask with a tight loop over one column, instead of
** testing every condition row by row. For a text set that is one table lookup
** per row.
** ======================================================================= */

/* Rows per chunk: the mask and the row numbers stay in the first-level cache. */
#define EVIDENCE_CHUNK 512

/* The row numbers of chunk [from, from + n) of the view. */
static void chunk_rows(const evidence_view *view, size_t from, size_t n, uint32_t *rows) {
  if (view->rows) memcpy(rows, view->rows + from, n * sizeof *rows);
  else
    for (size_t i = 0; i < n; i++) rows[i] = (uint32_t)(view->start + from + i);
}

/* ANDs one condition's verdicts on the given rows into mask. */
static void condition_mask(const evidence_condition *c, const evidence_column *col,
                           const uint32_t *rows, size_t n, uint8_t *mask) {
  if (col->type == EVIDENCE_TEXT) {
    const uint32_t *codes = col->codes;
    switch (c->op) {
    case EVIDENCE_MISSING:
      for (size_t i = 0; i < n; i++) mask[i] &= codes[rows[i]] == 0;
      return;
    case EVIDENCE_PRESENT:
      for (size_t i = 0; i < n; i++) mask[i] &= codes[rows[i]] != 0;
      return;
    case EVIDENCE_IN:
    case EVIDENCE_NOT_IN: {
      /* codes added to the dictionary after the filter was built match nothing */
      uint8_t want = c->op == EVIDENCE_IN;
      for (size_t i = 0; i < n; i++) {
        uint32_t code = codes[rows[i]];
        uint8_t in = code < c->code_count && c->accepted_codes[code];
        mask[i] &= code != 0 && in == want;
      }
      return;
    }
    default:
      memset(mask, 0, n);
      return;
    }
  }
  const double *values = col->numbers;
  double x = c->number;
  switch (c->op) {
  case EVIDENCE_MISSING:
    for (size_t i = 0; i < n; i++) mask[i] &= isnan(values[rows[i]]) != 0;
    return;
  case EVIDENCE_PRESENT:
    for (size_t i = 0; i < n; i++) mask[i] &= !isnan(values[rows[i]]);
    return;
  /* comparisons with NaN are false, so missing values never pass these */
  case EVIDENCE_LT:
    for (size_t i = 0; i < n; i++) mask[i] &= values[rows[i]] < x;
    return;
  case EVIDENCE_LE:
    for (size_t i = 0; i < n; i++) mask[i] &= values[rows[i]] <= x;
    return;
  case EVIDENCE_GT:
    for (size_t i = 0; i < n; i++) mask[i] &= values[rows[i]] > x;
    return;
  case EVIDENCE_GE:
    for (size_t i = 0; i < n; i++) mask[i] &= values[rows[i]] >= x;
    return;
  case EVIDENCE_IN:
  case EVIDENCE_NOT_IN:
    for (size_t i = 0; i < n; i++) {
      double value = values[rows[i]];
      int found = 0;
      for (size_t k = 0; k < c->number_count; k++) found |= value == c->numbers[k];
      mask[i] &= !isnan(value) && found == (c->op == EVIDENCE_IN);
    }
    return;
  }
}

/* Fills mask (and rows) for chunk [from, from + n) of the view under the filter. */
static void chunk_mask(const evidence_view *view, const evidence_filter *filter, size_t from,
                       size_t n, uint32_t *rows, uint8_t *mask) {
  chunk_rows(view, from, n, rows);
  memset(mask, 1, n);
  for (size_t k = 0; filter && k < filter->count; k++) {
    const evidence_condition *c = &filter->conditions[k];
    condition_mask(c, &view->table->columns[c->column], rows, n, mask);
  }
}

size_t evidence_count(const evidence_view *view, const evidence_filter *filter) {
  size_t size = evidence_view_size(view);
  if (!filter || filter->count == 0) return size;
  uint32_t rows[EVIDENCE_CHUNK];
  uint8_t mask[EVIDENCE_CHUNK];
  size_t count = 0;
  for (size_t from = 0; from < size; from += EVIDENCE_CHUNK) {
    size_t n = size - from < EVIDENCE_CHUNK ? size - from : EVIDENCE_CHUNK;
    chunk_mask(view, filter, from, n, rows, mask);
    for (size_t i = 0; i < n; i++) count += mask[i];
  }
  return count;
}

typedef enum { AGGREGATE_SUM, AGGREGATE_MIN, AGGREGATE_MAX } aggregate_kind;

static size_t aggregate(const evidence_view *view, size_t column, const evidence_filter *filter,
                        aggregate_kind kind, double *out) {
  const double *values = view->table->columns[column].numbers;
  size_t size = evidence_view_size(view), used = 0;
  double result = 0;
  uint32_t rows[EVIDENCE_CHUNK];
  uint8_t mask[EVIDENCE_CHUNK];
  for (size_t from = 0; from < size; from += EVIDENCE_CHUNK) {
    size_t n = size - from < EVIDENCE_CHUNK ? size - from : EVIDENCE_CHUNK;
    chunk_mask(view, filter, from, n, rows, mask);
    for (size_t i = 0; i < n; i++) {
      double value = values[rows[i]];
      if (!mask[i] || isnan(value)) continue;
      if (kind == AGGREGATE_SUM) result += value;
      else if (used == 0 || (kind == AGGREGATE_MIN ? value < result : value > result))
        result = value;
      used++;
    }
  }
  if (used) *out = result;
  return used;
}

size_t evidence_sum(const evidence_view *view, size_t column, const evidence_filter *filter,
                    double *out) {
  return aggregate(view, column, filter, AGGREGATE_SUM, out);
}

size_t evidence_mean(const evidence_view *view, size_t column, const evidence_filter *filter,
                     double *out) {
  double sum;
  size_t used = aggregate(view, column, filter, AGGREGATE_SUM, &sum);
  if (used) *out = sum / (double)used;
  return used;
}

size_t evidence_min(const evidence_view *view, size_t column, const evidence_filter *filter,
                    double *out) {
  return aggregate(view, column, filter, AGGREGATE_MIN, out);
}

size_t evidence_max(const evidence_view *view, size_t column, const evidence_filter *filter,
                    double *out) {
  return aggregate(view, column, filter, AGGREGATE_MAX, out);
}

size_t evidence_select(const evidence_view *view, const evidence_filter *filter, uint32_t *out) {
  size_t size = evidence_view_size(view), count = 0;
  uint32_t rows[EVIDENCE_CHUNK];
  uint8_t mask[EVIDENCE_CHUNK];
  for (size_t from = 0; from < size; from += EVIDENCE_CHUNK) {
    size_t n = size - from < EVIDENCE_CHUNK ? size - from : EVIDENCE_CHUNK;
    chunk_mask(view, filter, from, n, rows, mask);
    for (size_t i = 0; i < n; i++)
      if (mask[i]) out[count++] = rows[i];
  }
  return count;
}

