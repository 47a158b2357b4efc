/* check_rows.c: the rows that break a data-quality check; see check_rows.h.
 * Alternatives are merged as sorted row lists; the picked rows' keys go into a
 * hash set of row indexes made for the one query, which reads each key where
 * its column keeps it (a code, a number, text bytes) rather than copying it. */
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
** Keys as text
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
  if (!evidence_column_is_numeric(column)) return evidence_text(column, row, length, buffer);
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

/* }====================================================================== */

/* ** {======================================================================
** Key sets: an open-addressing table of row indexes over a list of rows,
** sized once for the list. It reads keys where the column keeps them and
** compares two only when the hash bits kept beside an entry agree, so nothing
** is copied or allocated per key. Every way of reading a key below is exact
** to comparing the keys' text.
** ======================================================================= */

_Static_assert(CHECK_ROWS_KEY_SIZE >= EVIDENCE_TEXT_SPACE, "a key's buffer holds numbered text");

/* How keys are read and compared. */
typedef enum key_kind {
  KEY_CODE,     /* a coded text column's code: its dictionary holds each text once */
  KEY_NUMBERED, /* a numbered text column's value: one form, one text per value */
  KEY_NUMBER, /* a number's bits: each number has a text of its own, -0 too (NaN is missing) */
  KEY_BYTES,  /* a text column's bytes, where the column keeps them */
  KEY_TEXT    /* the key text written out: numbers matched with text, and dates (whose
                 text keeps four digits of the year, so two days may share one) */
} key_kind;

typedef struct key {
  uint64_t word; /* KEY_CODE, KEY_NUMBER */
  const char *text;
  size_t length; /* KEY_BYTES, KEY_TEXT */
} key;

/* Keeps kind a constant in the functions that take it, so each loop below is
 * compiled once per kind of key and reads its keys directly. */
#define KEY_INLINE static inline __attribute__((always_inline))

/* A key's 32-bit hash. A test build may keep only a few of its bits
 * (CHECK_ROWS_HASH_BITS), so that unequal keys share hashes everywhere. */
#ifdef CHECK_ROWS_HASH_BITS
#define KEY_HASH_MASK ((1u << CHECK_ROWS_HASH_BITS) - 1u)
#else
#define KEY_HASH_MASK 0xFFFFFFFFu
#endif

/* Reads a row's key into *k; returns 0 when it is missing. buffer holds a
 * KEY_TEXT key's text. */
KEY_INLINE int key_read(key_kind kind, const evidence_column *column, uint32_t row,
                        char buffer[CHECK_ROWS_KEY_SIZE], key *k) {
  switch (kind) {
  case KEY_CODE:
    k->word = evidence_code(column, row);
    return k->word != 0;
  case KEY_NUMBERED:
    k->word = column->numbered.values[row];
    return k->word != EVIDENCE_NUMBERED_MISSING;
  case KEY_NUMBER: {
    double value = evidence_number(column, row);
    memcpy(&k->word, &value, sizeof value);
    return !isnan(value);
  }
  case KEY_BYTES:
    k->text = evidence_text(column, row, &k->length, buffer);
    return k->text != NULL;
  case KEY_TEXT:
    k->text = check_rows_key_text(column, row, buffer, &k->length);
    return k->text != NULL;
  }
  return 0;
}

KEY_INLINE uint32_t key_hash(key_kind kind, const key *k) {
  uint32_t hash;
  if (kind == KEY_CODE || kind == KEY_NUMBERED || kind == KEY_NUMBER) {
    hash = evidence_hash_packed(k->word, 0, sizeof k->word);
  } else if (k->length <= 16) { /* evidence_hash's own way with short text, inline */
    uint64_t head, tail;
    evidence_pack_short(k->text, k->length, &head, &tail);
    hash = evidence_hash_packed(head, tail, k->length);
  } else {
    hash = evidence_hash(k->text, k->length);
  }
  return hash & KEY_HASH_MASK;
}

KEY_INLINE int key_equal(key_kind kind, const key *a, const key *b) {
  if (kind == KEY_CODE || kind == KEY_NUMBERED || kind == KEY_NUMBER) return a->word == b->word;
  return a->length == b->length && memcmp(a->text, b->text, a->length) == 0;
}

/* Slots of 32 bits, 0 empty: index + 1 in the low index_bits, and above it as
 * many of the hash's top bits as fit, so that a probe reads the key of another
 * entry about once in 2^(32 - index_bits) times its hash differs. */
typedef struct key_set {
  uint32_t *slots;
  size_t mask;
  unsigned index_bits;
  const evidence_column *column;
  const uint32_t *rows;
} key_set;

/* Room for count keys at most half full; marks, when asked for, gets count
 * bytes of zeros in the same block. Returns 0, or -1 on out of memory. */
static int key_set_init(key_set *set, const evidence_column *column, const uint32_t *rows,
                        size_t count, unsigned char **marks) {
  size_t slots = 16;
  while (slots < 2 * count) slots *= 2;
  set->index_bits = 1;
  while (set->index_bits < 32 && ((size_t)1 << set->index_bits) <= count) set->index_bits++;
  set->slots = calloc(slots * sizeof *set->slots + (marks ? count : 0), 1);
  set->mask = slots - 1;
  set->column = column;
  set->rows = rows;
  if (marks) *marks = (unsigned char *)(set->slots + slots);
  return set->slots ? 0 : -1;
}

/* The index of the entry whose key is k (of the given hash), or with add, adds
 * index when there is none and returns it. Without add, returns -1 when k is
 * absent. */
KEY_INLINE long key_set_find(key_kind kind, key_set *set, const key *k, uint32_t hash,
                             size_t index, int add) {
  char buffer[CHECK_ROWS_KEY_SIZE];
  uint32_t index_mask = set->index_bits < 32 ? (1u << set->index_bits) - 1 : 0xFFFFFFFFu;
  uint32_t tag = hash & ~index_mask;
  for (size_t s = hash & set->mask;; s = (s + 1) & set->mask) {
    uint32_t slot = set->slots[s];
    if (!slot) {
      if (add) set->slots[s] = tag | (uint32_t)(index + 1);
      return add ? (long)index : -1;
    }
    if ((slot & ~index_mask) != tag) continue;
    uint32_t other = (slot & index_mask) - 1;
    key stored = {0, NULL, 0}; /* read from a row that has a key */
    key_read(kind, set->column, set->rows[other], buffer, &stored);
    if (key_equal(kind, k, &stored)) return (long)other;
  }
}

/* Keys are read and hashed a batch at a time and their first slots fetched
 * ahead, so that a set larger than the first-level cache waits on memory about
 * once a batch rather than once a key. */
enum { KEY_BATCH = 16 };

typedef struct key_batch {
  size_t count;
  key keys[KEY_BATCH];
  uint32_t hashes[KEY_BATCH];
  unsigned char present[KEY_BATCH];
  char buffers[KEY_BATCH][CHECK_ROWS_KEY_SIZE]; /* KEY_TEXT keys' text */
} key_batch;

/* Reads the keys of rows[start..) (of column) into a batch, up to end. */
KEY_INLINE void key_batch_read(key_kind kind, key_batch *batch, const key_set *set,
                               const evidence_column *column, const uint32_t *rows, size_t start,
                               size_t end) {
  batch->count = end - start < KEY_BATCH ? end - start : KEY_BATCH;
  for (size_t i = 0; i < batch->count; i++) {
    key *k = &batch->keys[i];
    batch->present[i] = (unsigned char)key_read(kind, column, rows[start + i], batch->buffers[i], k);
    batch->hashes[i] = batch->present[i] ? key_hash(kind, k) : 0;
    __builtin_prefetch(&set->slots[batch->hashes[i] & set->mask]);
  }
}

/* Adds the keys of the set's rows; with repeated, marks each row whose key
 * an earlier row has, and that earlier row. */
KEY_INLINE void key_set_add_rows(key_kind kind, key_set *set, size_t count,
                                 unsigned char *repeated) {
  key_batch batch;
  for (size_t start = 0; start < count; start += KEY_BATCH) {
    key_batch_read(kind, &batch, set, set->column, set->rows, start, count);
    for (size_t i = 0; i < batch.count; i++) {
      if (!batch.present[i]) continue;
      size_t index = start + i;
      size_t first = (size_t)key_set_find(kind, set, &batch.keys[i], batch.hashes[i], index, 1);
      if (repeated && first != index) repeated[first] = repeated[index] = 1;
    }
  }
}

/* Keeps the rows of column whose key is in the set; returns how many. */
KEY_INLINE size_t key_set_keep_found(key_kind kind, key_set *set, const evidence_column *column,
                                     uint32_t *rows, size_t count) {
  key_batch batch;
  size_t kept = 0;
  for (size_t start = 0; start < count; start += KEY_BATCH) {
    key_batch_read(kind, &batch, set, column, rows, start, count);
    for (size_t i = 0; i < batch.count; i++)
      if (batch.present[i] && key_set_find(kind, set, &batch.keys[i], batch.hashes[i], 0, 0) >= 0)
        rows[kept++] = rows[start + i];
  }
  return kept;
}

/* The two loops above, one copy for each kind of key. */
static void key_set_add(key_kind kind, key_set *set, size_t count, unsigned char *repeated) {
  switch (kind) {
  case KEY_CODE: key_set_add_rows(KEY_CODE, set, count, repeated); break;
  case KEY_NUMBERED: key_set_add_rows(KEY_NUMBERED, set, count, repeated); break;
  case KEY_NUMBER: key_set_add_rows(KEY_NUMBER, set, count, repeated); break;
  case KEY_BYTES: key_set_add_rows(KEY_BYTES, set, count, repeated); break;
  case KEY_TEXT: key_set_add_rows(KEY_TEXT, set, count, repeated); break;
  }
}

static size_t key_set_keep(key_kind kind, key_set *set, const evidence_column *column,
                           uint32_t *rows, size_t count) {
  switch (kind) {
  case KEY_CODE: return key_set_keep_found(KEY_CODE, set, column, rows, count);
  case KEY_NUMBERED: return key_set_keep_found(KEY_NUMBERED, set, column, rows, count);
  case KEY_NUMBER: return key_set_keep_found(KEY_NUMBER, set, column, rows, count);
  case KEY_BYTES: return key_set_keep_found(KEY_BYTES, set, column, rows, count);
  case KEY_TEXT: return key_set_keep_found(KEY_TEXT, set, column, rows, count);
  }
  return 0;
}

/* }====================================================================== */

/* ** {======================================================================
** The two checks on keys
** ======================================================================= */

/* How a column's keys are best compared with each other (unique), and with
 * those of another column (found_in: one kind for both). */
static key_kind key_kind_alone(const evidence_column *column) {
  return column->type == EVIDENCE_NUMBER    ? KEY_NUMBER
         : column->type == EVIDENCE_DATE    ? KEY_TEXT
         : column->storage == EVIDENCE_CODED ? KEY_CODE
         : column->numbered.values          ? KEY_NUMBERED
                                             : KEY_BYTES;
}

static key_kind key_kind_between(const evidence_column *a, const evidence_column *b) {
  if (a->type == EVIDENCE_NUMBER && b->type == EVIDENCE_NUMBER) return KEY_NUMBER;
  if (evidence_numbered_alike(&a->numbered, &b->numbered)) return KEY_NUMBERED;
  /* a numbered column's text is written out: another form, or bytes, or codes */
  if (a->type == EVIDENCE_TEXT && b->type == EVIDENCE_TEXT && !a->numbered.values &&
      !b->numbered.values)
    return KEY_BYTES;
  return KEY_TEXT;
}

/* keep_repeated for a numbered column: its values are the keys themselves, so
 * each slot holds the value beside the index of the first row that had it
 * (value << 32 | index + 1, 0 empty), and a probe compares values without going
 * back to the column. */
static size_t keep_repeated_numbered(const evidence_column *keys, uint32_t *rows, size_t n) {
  size_t slots = 16;
  while (slots < 2 * n) slots *= 2;
  uint64_t *table = calloc(slots * sizeof *table + n, 1);
  if (!table) return CHECK_ROWS_NO_MEMORY;
  unsigned char *repeated = (unsigned char *)(table + slots);
  const uint32_t *values = keys->numbered.values;
  for (size_t i = 0; i < n; i++) {
    uint64_t value = values[rows[i]];
    if (value == EVIDENCE_NUMBERED_MISSING) continue;
    uint32_t hash = (uint32_t)((value * 0x9E3779B97F4A7C15u) >> 32) & KEY_HASH_MASK;
    for (size_t s = hash & (slots - 1);; s = (s + 1) & (slots - 1)) {
      if (!table[s]) {
        table[s] = value << 32 | (i + 1);
        break;
      }
      if (table[s] >> 32 == value) {
        repeated[(table[s] & 0xFFFFFFFFu) - 1] = repeated[i] = 1;
        break;
      }
    }
  }
  size_t kept = 0;
  for (size_t i = 0; i < n; i++)
    if (repeated[i]) rows[kept++] = rows[i];
  free(table);
  return kept;
}

/* A numbered value has at most 9 digits, so a slot below holds it beside a mark. */
_Static_assert(EVIDENCE_NUMBERED_DIGITS <= 9, "(10^9 + 1) * 2 + 1 fits in 32 bits");

/* How many rows of the view (a range, or rows listed) have a value of the
 * numbered column that another of them has: keep_repeated_numbered's count,
 * found in one pass. Each slot holds (value + 1) * 2, 0 empty, plus 1 once
 * the value is on a second row, which counts both rows. */
static size_t count_repeated_numbered(const evidence_column *keys, const evidence_view *view) {
  size_t n = evidence_view_size(view), slots = 16, count = 0;
  while (slots < 2 * n) slots *= 2;
  uint32_t *table = calloc(slots, sizeof *table);
  if (!table) return CHECK_ROWS_NO_MEMORY;
  const uint32_t *values = keys->numbered.values;
  for (size_t i = 0; i < n; i++) {
    uint32_t value = values[evidence_view_row(view, i)];
    if (value == EVIDENCE_NUMBERED_MISSING) continue;
    uint32_t hash = (uint32_t)(((uint64_t)value * 0x9E3779B97F4A7C15u) >> 32) & KEY_HASH_MASK;
    uint32_t entry = (value + 1) << 1;
    for (size_t s = hash & (slots - 1);; s = (s + 1) & (slots - 1)) {
      uint32_t slot = table[s];
      if (!slot) {
        table[s] = entry;
        break;
      }
      if ((slot | 1) == (entry | 1)) {
        count += slot & 1 ? 1 : 2;
        table[s] = entry | 1;
        break;
      }
    }
  }
  free(table);
  return count;
}

/* Keeps the rows whose key is on more than one of them; returns how many. */
static size_t keep_repeated(const evidence_table *table, int column, uint32_t *rows, size_t n) {
  const evidence_column *keys = &table->columns[column];
  if (key_kind_alone(keys) == KEY_NUMBERED) return keep_repeated_numbered(keys, rows, n);
  key_set set;
  unsigned char *repeated;
  if (key_set_init(&set, keys, rows, n, &repeated) != 0) return CHECK_ROWS_NO_MEMORY;
  key_set_add(key_kind_alone(keys), &set, n, repeated);
  size_t kept = 0;
  for (size_t i = 0; i < n; i++)
    if (repeated[i]) rows[kept++] = rows[i];
  free(set.slots);
  return kept;
}

/* Keeps the rows whose key is among the other table's picked rows' keys. */
static size_t keep_found(const check_rows_query *query, const evidence_table *table,
                         uint32_t *rows, size_t n) {
  size_t size = evidence_view_size(query->other);
  uint32_t *other_rows = malloc((size ? size : 1) * sizeof *other_rows);
  if (!other_rows) return CHECK_ROWS_NO_MEMORY;
  size_t m = select_any(query->other, &query->other_where, other_rows);
  const evidence_column *mine = &table->columns[query->key_column],
                        *theirs = &query->other->table->columns[query->other_key_column];
  key_kind kind = key_kind_between(mine, theirs);
  key_set set;
  if (m == CHECK_ROWS_NO_MEMORY || key_set_init(&set, theirs, other_rows, m, NULL) != 0) {
    free(other_rows);
    return CHECK_ROWS_NO_MEMORY;
  }
  key_set_add(kind, &set, m, NULL);
  size_t kept = key_set_keep(kind, &set, mine, rows, n);
  free(set.slots);
  free(other_rows);
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

/* The count of a check whose only test beside its where is unique on a
 * numbered column: the rows the where picks are counted without a list of
 * those repeated. */
static size_t count_unique_numbered(const check_rows_query *query, const evidence_view *view,
                                    uint32_t *rows) {
  const evidence_column *keys = &view->table->columns[query->unique_column];
  if (query->where.count == 0) return count_repeated_numbered(keys, view);
  size_t n = select_any(view, &query->where, rows);
  if (n == CHECK_ROWS_NO_MEMORY || n == 0) return n;
  evidence_view picked = {view->table, 0, 0, rows, n, NULL};
  return count_repeated_numbered(keys, &picked);
}

size_t check_rows_count(const check_rows_query *query, const evidence_view *view, uint32_t *rows) {
  if (query->unique_column >= 0 && !query->other &&
      key_kind_alone(&view->table->columns[query->unique_column]) == KEY_NUMBERED)
    return count_unique_numbered(query, view, rows);
  if (query->unique_column >= 0 || query->other || query->where.count == 0)
    return check_rows_select(query, view, rows);
  return evidence_count_any(view, query->where.items, query->where.count);
}
