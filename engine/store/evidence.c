/* evidence.c: dictionaries, tables, views and the making of filters in the columnar
 * store; see evidence.h. Tables are built by table_builder.c; filters are applied to
 * rows in evidence_scan.c. */
#include "evidence.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "evidence_internal.h"
#include "grow.h"

/* ** {======================================================================
** Dictionary
** ======================================================================= */

/* A word-at-a-time multiplicative hash: codes and dates are a few bytes long,
 * and a byte loop would cost more than the probe. */
uint32_t evidence_hash(const char *text, size_t length) {
  if (length >= 1 && length <= 16) {
    uint64_t head, tail;
    evidence_pack_short(text, length, &head, &tail);
    return evidence_hash_packed(head, tail, length);
  }
  const unsigned char *p = (const unsigned char *)text;
  uint64_t h = 0x9E3779B97F4A7C15u ^ length;
  for (; length >= 8; p += 8, length -= 8) {
    uint64_t word;
    memcpy(&word, p, 8);
    h = (h ^ word) * 0xFF51AFD7ED558CCDu;
    h ^= h >> 32;
  }
  uint64_t tail = 0;
  memcpy(&tail, p, length);
  h = (h ^ tail) * 0xC4CEB9FE1A85EC53u;
  h ^= h >> 29;
  return (uint32_t)(h ^ (h >> 32));
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
        memcmp(d->bytes + d->offsets[code - 1], text, length) == 0)
      return i;
  }
}

uint32_t evidence_dictionary_find(const evidence_dictionary *d, const char *text, size_t length) {
  if (!d->slot_count) return 0;
  return (uint32_t)d->slots[dictionary_slot(d, text, length, evidence_hash(text, length))];
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

uint32_t evidence_dictionary_intern_hashed(evidence_dictionary *d, const char *text,
                                           size_t length, uint32_t hash) {
  if (d->slot_count) {
    uint32_t found = (uint32_t)d->slots[dictionary_slot(d, text, length, hash)];
    if (found) return found;
  }
  if (d->count >= UINT32_MAX - 1 || length >= UINT32_MAX - d->byte_count) return 0;
  /* keep the load factor under one half */
  if ((d->count + 1) * 2 > d->slot_count &&
      dictionary_rehash(d, d->slot_count ? d->slot_count * 2 : 16) != 0)
    return 0;
  size_t capacity = d->capacity;
  if (grow_array((void **)&d->offsets, &capacity, d->count + 1, sizeof(uint32_t)) != 0) return 0;
  capacity = d->capacity;
  if (grow_array((void **)&d->lengths, &capacity, d->count + 1, sizeof(uint32_t)) != 0) return 0;
  d->capacity = capacity;
  if (grow_array((void **)&d->bytes, &d->byte_capacity, d->byte_count + length + 1, 1) != 0) return 0;
  memcpy(d->bytes + d->byte_count, text, length);
  d->bytes[d->byte_count + length] = '\0';
  d->offsets[d->count] = (uint32_t)d->byte_count;
  d->lengths[d->count] = (uint32_t)length;
  d->byte_count += length + 1;
  uint32_t code = (uint32_t)++d->count;
  d->slots[dictionary_slot(d, text, length, hash)] = (uint64_t)hash << 32 | code;
  return code;
}

int evidence_dictionary_index(evidence_dictionary *d) {
  size_t slot_count = 16;
  while (slot_count < d->count * 2 + 2) slot_count *= 2; /* load factor under one half */
  d->slots = calloc(slot_count, sizeof(uint64_t));
  if (!d->slots) return -1;
  d->slot_count = slot_count;
  for (size_t k = 0; k < d->count; k++) {
    const char *text = d->bytes + d->offsets[k];
    uint32_t hash = evidence_hash(text, d->lengths[k]);
    size_t slot = dictionary_slot(d, text, d->lengths[k], hash);
    if (d->slots[slot]) return -2;
    d->slots[slot] = (uint64_t)hash << 32 | (uint32_t)(k + 1);
  }
  return 0;
}

void evidence_dictionary_free(evidence_dictionary *d) {
  free(d->bytes);
  free(d->offsets);
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
    if (table->mapping) { /* the rest lies in the mapping */
      free(column->dictionary.slots);
      continue;
    }
    free(column->codes);
    free(column->values);
    free(column->numbers);
    free(column->text);
    free(column->offsets);
    free(column->numbered.values);
    free(column->group_counts);
    evidence_dictionary_free(&column->dictionary);
  }
  free(table->columns);
  free(table->groups);
  free(table->name);
  if (table->mapping) munmap(table->mapping, table->mapping_size);
  free(table);
}

int evidence_table_column(const evidence_table *table, const char *name) {
  for (size_t c = 0; c < table->column_count; c++) {
    if (strcmp(table->columns[c].name, name) != 0) continue;
    if (!table->columns[c].skipped) return (int)c;
    evidence_table_missed(table);
    return -1;
  }
  return -1;
}

evidence_view evidence_table_view(const evidence_table *table, const char *authority) {
  evidence_view view = {table, 0, table->row_count, NULL, 0, NULL};
  if (table->authority_column < 0) return view;
  size_t low = 0, high = table->group_count;
  while (low < high) { /* groups are sorted by authority */
    size_t mid = low + (high - low) / 2;
    int order = strcmp(table->groups[mid].authority, authority);
    if (order == 0) {
      view.start = table->groups[mid].start;
      view.end = table->groups[mid].end;
      view.group = &table->groups[mid];
      return view;
    }
    if (order < 0) low = mid + 1;
    else high = mid;
  }
  view.start = view.end = 0;
  return view;
}

/* }====================================================================== */

/* ** {======================================================================
** Filters
**
** On a coded column every condition becomes a verdict per code, worked out
** once from the dictionary (or its values) when the filter is built; testing
** a row is then one table lookup, whatever the operator or the column's type.
** ======================================================================= */

static void condition_free(evidence_condition *c) {
  free(c->verdicts);
  free(c->numbers);
  for (size_t k = 0; k < c->text_count; k++) free(c->texts[k]);
  free(c->texts);
  free(c->lengths);
}

/* Folds the condition just added into an earlier one on the same coded column
 * when both have verdicts, ANDing them: a range of dates of birth becomes one
 * lookup a row. Returns 0. */
static int absorb_last(evidence_filter *filter) {
  evidence_condition *last = &filter->conditions[filter->count - 1];
  for (size_t i = 0; last->verdicts && i + 1 < filter->count; i++) {
    evidence_condition *c = &filter->conditions[i];
    if (c->column != last->column || !c->verdicts) continue;
    for (size_t code = 0; code < c->verdict_count; code++) c->verdicts[code] &= last->verdicts[code];
    condition_free(last);
    filter->count--;
    break;
  }
  return 0;
}

static evidence_condition *filter_push(evidence_filter *filter) {
  if (grow_array((void **)&filter->conditions, &filter->capacity, filter->count + 1,
                 sizeof(evidence_condition)) != 0)
    return NULL;
  evidence_condition *condition = &filter->conditions[filter->count++];
  *condition = (evidence_condition){0};
  return condition;
}

/* Works out the verdict of every code of a coded column, for any condition
 * but a set of texts (built by evidence_filter_add_set itself). */
static int fill_verdicts(evidence_condition *c, const evidence_column *col) {
  size_t n = col->dictionary.count + 1;
  c->verdict_count = n;
  c->verdicts = malloc(n);
  if (!c->verdicts) return -1;
  uint8_t *v = c->verdicts;
  const double *values = col->values, x = c->number;
  v[0] = c->op == EVIDENCE_MISSING;
  if (c->op == EVIDENCE_MISSING || c->op == EVIDENCE_PRESENT)
    memset(v + 1, c->op == EVIDENCE_PRESENT, n - 1);
  else if (c->op == EVIDENCE_LT)
    for (size_t code = 1; code < n; code++) v[code] = values[code] < x;
  else if (c->op == EVIDENCE_LE)
    for (size_t code = 1; code < n; code++) v[code] = values[code] <= x;
  else if (c->op == EVIDENCE_GT)
    for (size_t code = 1; code < n; code++) v[code] = values[code] > x;
  else if (c->op == EVIDENCE_GE)
    for (size_t code = 1; code < n; code++) v[code] = values[code] >= x;
  else
    for (size_t code = 1; code < n; code++) v[code] = (uint8_t)number_passes(c, values[code]);
  return 0;
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
    if (col->storage == EVIDENCE_CODED && fill_verdicts(condition, col) != 0)
      goto out_of_memory;
  } else if (col->storage == EVIDENCE_CODED) {
    /* the codes of the set's values, then turned over for not_in */
    size_t n = col->dictionary.count + 1;
    uint8_t *v = condition->verdicts = calloc(n, 1);
    if (!v) goto out_of_memory;
    condition->verdict_count = n;
    for (size_t i = 0; i < count; i++)
      v[evidence_dictionary_find(&col->dictionary, texts[i], lengths[i])] = 1;
    v[0] = 0; /* values not in the dictionary match no row, nor does a missing value */
    if (negate)
      for (size_t code = 1; code < n; code++) v[code] = !v[code];
  } else {
    condition->texts = calloc(count ? count : 1, sizeof(char *));
    condition->lengths = malloc((count ? count : 1) * sizeof(size_t));
    if (!condition->texts || !condition->lengths) goto out_of_memory;
    for (size_t i = 0; i < count; i++) {
      condition->texts[i] = malloc(lengths[i] ? lengths[i] : 1);
      if (!condition->texts[i]) goto out_of_memory;
      memcpy(condition->texts[i], texts[i], lengths[i]);
      condition->lengths[i] = lengths[i];
      condition->text_count = i + 1;
    }
  }
  return absorb_last(filter);
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
  if (!condition) goto out_of_memory;
  condition->column = column;
  condition->op = op;
  condition->number = value;
  /* a verdict per code pays when codes are fewer than rows; a column of 4-byte
   * codes (more than 65,535 values) compares each row's value instead */
  int by_value = col->width == 4 && (op == EVIDENCE_LT || op == EVIDENCE_LE ||
                                     op == EVIDENCE_GT || op == EVIDENCE_GE);
  if (col->storage == EVIDENCE_CODED && !by_value && fill_verdicts(condition, col) != 0)
    goto out_of_memory;
  return absorb_last(filter);
out_of_memory:
  snprintf(error, error_size, "out of memory while building a filter");
  return -1;
}

int evidence_filter_add_missing(evidence_filter *filter, const evidence_table *table,
                                size_t column, int missing) {
  const evidence_column *col = &table->columns[column];
  evidence_condition *condition = filter_push(filter);
  if (!condition) return -1;
  condition->column = column;
  condition->op = missing ? EVIDENCE_MISSING : EVIDENCE_PRESENT;
  if (col->storage == EVIDENCE_CODED && fill_verdicts(condition, col) != 0) return -1;
  return absorb_last(filter);
}

void evidence_filter_clear(evidence_filter *filter) {
  for (size_t i = 0; i < filter->count; i++) condition_free(&filter->conditions[i]);
  filter->count = 0;
}

size_t evidence_filter_memory(const evidence_filter *filter) {
  size_t bytes = filter->capacity * sizeof(evidence_condition);
  for (size_t i = 0; i < filter->count; i++) {
    const evidence_condition *c = &filter->conditions[i];
    bytes += c->verdict_count + c->number_count * sizeof(double) +
             c->text_count * (sizeof(char *) + sizeof(size_t));
    for (size_t k = 0; k < c->text_count; k++) bytes += c->lengths[k];
  }
  return bytes;
}

void evidence_filter_free(evidence_filter *filter) {
  evidence_filter_clear(filter);
  free(filter->conditions);
  *filter = (evidence_filter){0};
}

/* Writes size bytes at out + *used when they fit in capacity; *used always grows. */
static void put_bytes(unsigned char *out, size_t capacity, size_t *used, const void *bytes,
                      size_t size) {
  if (size <= capacity && *used <= capacity - size) memcpy(out + *used, bytes, size);
  *used += size;
}

size_t evidence_filter_bytes(const evidence_filter *filter, unsigned char *out, size_t capacity) {
  size_t used = 0;
  for (size_t i = 0; i < filter->count; i++) {
    const evidence_condition *c = &filter->conditions[i];
    uint64_t header[5] = {c->column, (uint64_t)c->op, c->number_count, c->text_count,
                          c->verdict_count};
    put_bytes(out, capacity, &used, header, sizeof header);
    put_bytes(out, capacity, &used, &c->number, sizeof c->number);
    if (c->number_count)
      put_bytes(out, capacity, &used, c->numbers, c->number_count * sizeof(double));
    for (size_t k = 0; k < c->text_count; k++) {
      uint64_t length = c->lengths[k];
      put_bytes(out, capacity, &used, &length, sizeof length);
      put_bytes(out, capacity, &used, c->texts[k], c->lengths[k]);
    }
    if (c->verdict_count) put_bytes(out, capacity, &used, c->verdicts, c->verdict_count);
  }
  return used;
}

/* }====================================================================== */
