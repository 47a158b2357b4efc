/* table_builder.c: building columnar tables from rows, a column at a time; see
 * table_builder.h (joining parts: table_join.c; finishing: table_finish.c). */
#include "table_builder_internal.h"

#include "date.h"
#include "grow.h"
#include "number.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows are addressed with 32-bit numbers in views. */
#define TABLE_BUILDER_MAX_ROWS 0xFFFFFFF0u

/* ** {======================================================================
** Columns
** ======================================================================= */

int table_builder_init(table_builder *b, const char *table_name, const char *authority_column) {
  *b = (table_builder){.limits = {TABLE_BUILDER_MAX_ROWS, SIZE_MAX}, .share = 1};
  b->table = calloc(1, sizeof(evidence_table));
  if (!b->table) return -1;
  b->table->authority_column = -1;
  b->table->name = strdup(table_name);
  b->authority = authority_column ? strdup(authority_column) : NULL;
  if (!b->table->name || (authority_column && !b->authority)) {
    table_builder_free(b);
    return -1;
  }
  return 0;
}

/* Frees what the builder keeps per column beside the table. */
void table_builder_free_caches(table_builder *b) {
  for (size_t c = 0; b->columns && b->table && c < b->table->column_count; c++) {
    column_builder *cb = &b->columns[c];
    if (cb->caches) free(cb->caches->more);
    free(cb->caches);
    free(cb->parsed);
    cb->caches = NULL;
    cb->parsed = NULL;
  }
  free(b->name_slots);
  b->name_slots = NULL;
  b->name_slot_count = 0;
}

void table_builder_free(table_builder *b) {
  table_builder_free_caches(b);
  evidence_table_free(b->table);
  free(b->columns);
  free(b->authority);
  free(b->row_bytes);
  free(b->row_starts);
  free(b->row_lengths);
  *b = (table_builder){0};
}

/* The slot of the column named name[0..length) in the name index: the one
 * holding it, or the empty one where it would go. */
static uint32_t *name_slot(const table_builder *b, const char *name, size_t length) {
  const evidence_column *columns = b->table->columns;
  size_t mask = b->name_slot_count - 1, i = evidence_hash(name, length) & mask;
  for (;; i = (i + 1) & mask) {
    uint32_t entry = b->name_slots[i];
    if (!entry) return &b->name_slots[i];
    const char *other = columns[entry - 1].name;
    if (strncmp(other, name, length) == 0 && other[length] == '\0') return &b->name_slots[i];
  }
}

/* Makes the name index hold one more column under half full. Returns 0 or -1. */
static int grow_name_index(table_builder *b) {
  size_t count = b->table->column_count;
  if ((count + 1) * 2 <= b->name_slot_count) return 0;
  size_t slots = b->name_slot_count ? b->name_slot_count * 2 : 64;
  uint32_t *fresh = calloc(slots, sizeof *fresh);
  if (!fresh) return -1;
  free(b->name_slots);
  b->name_slots = fresh;
  b->name_slot_count = slots;
  for (size_t c = 0; c < count; c++) {
    const char *name = b->table->columns[c].name;
    *name_slot(b, name, strlen(name)) = (uint32_t)c + 1;
  }
  return 0;
}

/* Makes room for one more column in the arrays kept per column. Returns 0 or -1. */
static int grow_columns(table_builder *b) {
  size_t need = b->table->column_count + 1, capacity = b->column_capacity;
  if (grow_array((void **)&b->table->columns, &capacity, need, sizeof(evidence_column)) != 0)
    return -1;
  capacity = b->column_capacity;
  if (grow_array((void **)&b->columns, &capacity, need, sizeof(column_builder)) != 0) return -1;
  capacity = b->column_capacity;
  if (grow_array((void **)&b->row_starts, &capacity, need, sizeof(size_t)) != 0) return -1;
  capacity = b->column_capacity;
  if (grow_array((void **)&b->row_lengths, &capacity, need, sizeof(size_t)) != 0) return -1;
  b->column_capacity = capacity;
  return grow_name_index(b);
}

void table_builder_choose(table_builder *b, int (*keep)(const void *context, const char *name),
                          const void *context, int *missed) {
  b->keep = keep;
  b->keep_context = context;
  b->missed = missed;
}

/* Marks column c skipped: it gets no storage until the table is finished. */
static void skip_column(table_builder *b, size_t c) {
  b->table->columns[c].skipped = 1;
  b->table->columns[c].skipped_latest = NAN;
  b->table->missed = b->missed;
  b->columns[c].not_dates = b->columns[c].declared == SUSTAIN_COLUMN_TEXT;
  b->columns[c].latest = NAN;
}

int table_builder_add_column(table_builder *b, const char *name, size_t length,
                             sustain_column_type type, char *error) {
  evidence_table *t = b->table;
  if (t->row_count > 0 || b->cell > 0) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE, "columns must be declared before the first row");
    return -1;
  }
  if (length == 0 || memchr(name, '\0', length)) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE, "column %zu has an empty or invalid name",
             t->column_count + 1);
    return -1;
  }
  if (type != SUSTAIN_COLUMN_INFER && type != SUSTAIN_COLUMN_NUMBER &&
      type != SUSTAIN_COLUMN_TEXT && type != SUSTAIN_COLUMN_DATE) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE, "column %zu has an unknown type %d",
             t->column_count + 1, (int)type);
    return -1;
  }
  if (t->column_count == TABLE_BUILDER_MAX_COLUMNS) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE,
             "more than %d columns; a source may have at most %d: keep only the columns "
             "the rules read", TABLE_BUILDER_MAX_COLUMNS, TABLE_BUILDER_MAX_COLUMNS);
    return -1;
  }
  if (grow_columns(b) != 0) goto out_of_memory;
  uint32_t *slot = name_slot(b, name, length);
  if (*slot) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE,
             "columns %u and %zu have the same name: give every column a distinct name",
             (unsigned)*slot, t->column_count + 1);
    return -1;
  }
  evidence_column *column = &t->columns[t->column_count];
  *column = (evidence_column){0};
  column->name = strndup(name, length);
  if (!column->name) goto out_of_memory;
  int is_authority = b->authority && strcmp(column->name, b->authority) == 0;
  if (is_authority) type = SUSTAIN_COLUMN_TEXT; /* authority ids are names, even "201" */
  column->type = type == SUSTAIN_COLUMN_NUMBER ? EVIDENCE_NUMBER
                 : type == SUSTAIN_COLUMN_DATE ? EVIDENCE_DATE
                                               : EVIDENCE_TEXT;
  column->storage = EVIDENCE_CODED;
  column->width = 1;
  b->columns[t->column_count] = (column_builder){.declared = type};
  if (is_authority) t->authority_column = (int)t->column_count;
  else if (b->keep && type != SUSTAIN_COLUMN_NUMBER && type != SUSTAIN_COLUMN_DATE &&
           !b->keep(b->keep_context, column->name))
    skip_column(b, t->column_count);
  *slot = (uint32_t)++t->column_count;
  return 0;
out_of_memory:
  snprintf(error, TABLE_BUILDER_ERROR_SIZE, "out of memory while declaring columns");
  return -1;
}

/* Makes room for need rows in every column. A column grown before another
 * failed keeps its larger block, which the next attempt reuses. */
int table_builder_reserve_rows(table_builder *b, size_t need, char *error) {
  evidence_table *t = b->table;
  if (need <= b->row_capacity) return 0;
  if (need > TABLE_BUILDER_MAX_ROWS) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE, "more than %u rows: split the source",
             TABLE_BUILDER_MAX_ROWS);
    return -1;
  }
  size_t capacity = b->row_capacity ? b->row_capacity : 1024;
  while (capacity < need) capacity *= 2;
  if (table_builder_fit_capacity(b, need, &capacity, error) != 0) return -1;
  for (size_t c = 0; c < t->column_count; c++) {
    evidence_column *column = &t->columns[c];
    if (column->skipped) continue;
    void **block = column->storage == EVIDENCE_CODED ? &column->codes
                   : column->numbered.values        ? (void **)&column->numbered.values
                   : column->type == EVIDENCE_TEXT  ? (void **)&column->offsets
                                                    : (void **)&column->numbers;
    size_t size = column->storage == EVIDENCE_CODED ? capacity * column->width
                  : column->numbered.values        ? capacity * sizeof(uint32_t)
                  : column->type == EVIDENCE_TEXT  ? (capacity + 1) * sizeof(uint32_t)
                                                   : capacity * sizeof(double);
    void *grown = realloc(*block, size);
    if (!grown) {
      snprintf(error, TABLE_BUILDER_ERROR_SIZE, "out of memory after %zu rows", t->row_count);
      return -1;
    }
    *block = grown;
  }
  b->row_capacity = capacity;
  return 0;
}

/* }====================================================================== */

/* ** {======================================================================
** Appending rows, a column at a time
** ======================================================================= */

/* A coded column becomes plain once it holds more distinct values than this,
 * and they are more than a quarter of its rows: an identifier or an amount,
 * not a code, whose dictionary would cost more than the values. A declared
 * number or date column does too once its codes no longer fit in two bytes: a
 * double is then little larger than a code, and is compared directly, without
 * a verdict per code. Dates of birth, a few thousand days repeated over many
 * rows, stay 2-byte codes, a quarter of a double. */
#define PLAIN_AFTER_DISTINCT 4096

/* Whether a coded column is better kept plain from now on. */
int table_builder_better_plain(const evidence_column *column, size_t rows) {
  size_t distinct = column->dictionary.count;
  if (column->type != EVIDENCE_TEXT && distinct > UINT16_MAX) return 1;
  return distinct > PLAIN_AFTER_DISTINCT && distinct * 4 > rows;
}

/* The slot of a packed value in a cache of `slots` entries (a power of two): the
 * top bits of one round of multiplication, quicker to reach than the
 * dictionary's full hash, which only a miss needs. Only the very top bits will
 * do: a byte of the input moves only the bits of a product above its own, so
 * dates that differ in their last bytes would share any lower slice. */
static inline size_t cache_slot(uint64_t head, uint64_t tail, size_t length, size_t slots) {
  uint64_t mix = (head * 0x9E3779B97F4A7C15u) ^ (tail * 0xC2B2AE3D27D4EB4Fu) ^ length;
  return (size_t)(mix >> (64 - __builtin_ctzll(slots)));
}

/* Reports a cell of a declared column that is not of its type. */
/* Reports a cell holding a NUL byte. Text is kept with its length, but authority
 * names, labels and messages end at a NUL: a value cut there would be taken
 * for another, so no text may hold one. */
static int holds_nul(const evidence_column *column, size_t row, char *error) {
  snprintf(error, TABLE_BUILDER_ERROR_SIZE,
           "column '%s' row %zu holds a NUL byte, which no text may hold: the data may be "
           "binary, or in UTF-16 (not shown: it may be personal data)",
           column->name, row + 1);
  return -1;
}

/* Reports a cell whose text is NULL though its length is not 0: a plugin's
 * mistake, which the loops test for before they read a cell's bytes. */
static int null_text(const evidence_column *column, size_t row, size_t length, char *error) {
  snprintf(error, TABLE_BUILDER_ERROR_SIZE,
           "row %zu, column '%s': the plugin gave a cell whose text is NULL but whose length "
           "is %zu (the plugin is wrong: report it to its authors)",
           row + 1, column->name, length);
  return -1;
}

static int not_of_type(const evidence_column *column, size_t row, char *error) {
  /* the value is not repeated: a cell may hold a young person's identifier */
  if (column->type == EVIDENCE_DATE)
    snprintf(error, TABLE_BUILDER_ERROR_SIZE,
             "column '%s' is declared as dates but row %zu holds a value that is not a date "
             "(write YYYY-MM-DD or DD/MM/YYYY)",
             column->name, row + 1);
  else
    snprintf(error, TABLE_BUILDER_ERROR_SIZE,
             "column '%s' is declared as numbers but row %zu holds a value that is not a "
             "number (not shown: it may be personal data)",
             column->name, row + 1);
  return -1;
}

/* Parses a cell of a declared number or date column. */
static int parse_typed(const evidence_column *column, const char *text, size_t length,
                       double *out) {
  if (column->type == EVIDENCE_NUMBER) return number_parse(text, length, out);
  long days;
  if (date_cell_days(text, length, &days) != 0) return -1;
  *out = (double)days;
  return 0;
}

/* Switches a coded column's rows [0, rows) to codes of a larger width (2 or 4 bytes). */
int table_builder_widen_codes(table_builder *b, evidence_column *column, size_t rows,
                              unsigned width) {
  void *wide = malloc((b->row_capacity ? b->row_capacity : 1) * width);
  if (!wide) return -1;
  if (width == 2)
    for (size_t r = 0; r < rows; r++) ((uint16_t *)wide)[r] = (uint16_t)evidence_code(column, r);
  else
    for (size_t r = 0; r < rows; r++) ((uint32_t *)wide)[r] = evidence_code(column, r);
  free(column->codes);
  column->codes = wide;
  column->width = width;
  return 0;
}

/* The code of a new distinct value; a declared number or date is parsed now,
 * once for all the rows that repeat it. Returns 0 on failure (with error). */
static uint32_t add_value(table_builder *b, size_t c, const char *text, size_t length,
                          uint32_t hash, size_t row, char *error) {
  evidence_column *column = &b->table->columns[c];
  column_builder *cb = &b->columns[c];
  if (memchr(text, '\0', length)) { /* a value met before was checked then */
    holds_nul(column, row, error);
    return 0;
  }
  size_t before = column->dictionary.count;
  uint32_t code = evidence_dictionary_intern_hashed(&column->dictionary, text, length, hash);
  if (!code) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE, "out of memory in column %zu", c + 1);
    return 0;
  }
  if (column->dictionary.count == before || cb->declared == SUSTAIN_COLUMN_INFER ||
      column->type == EVIDENCE_TEXT)
    return code;
  if (grow_array((void **)&column->values, &cb->value_capacity, (size_t)code + 1, sizeof(double)) != 0) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE, "out of memory in column %zu", c + 1);
    return 0;
  }
  column->values[0] = NAN;
  if (parse_typed(column, text, length, &column->values[code]) != 0) {
    not_of_type(column, row, error);
    return 0;
  }
  return code;
}

/* A value of 1 to 7 bytes as one word: its bytes in order from the lowest, and
 * its length in the top byte, so that equal words are equal values. Reads only
 * the value's own bytes, in at most two loads. */
static inline uint64_t small_key(const char *text, size_t length) {
  const unsigned char *u = (const unsigned char *)text;
  uint64_t bytes = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (length >= 4) { /* the last four moved to their place; the bytes both hold agree */
    uint32_t first, last;
    memcpy(&first, text, 4);
    memcpy(&last, text + length - 4, 4);
    bytes = first | (uint64_t)last << (8 * (length - 4));
  } else if (length >= 2) { /* the same with two bytes */
    uint16_t first, last;
    memcpy(&first, text, 2);
    memcpy(&last, text + length - 2, 2);
    bytes = first | (uint64_t)last << (8 * (length - 2));
  } else {
    bytes = u[0];
  }
#else
  for (size_t i = 0; i < length; i++) bytes |= (uint64_t)u[i] << (8 * i);
#endif
  return bytes | (uint64_t)length << 56;
}

/* The slot of a value of under 8 bytes, as small_key packs it, in a column's
 * cache of such values. */
static inline size_t small_slot(uint64_t key) {
  return (size_t)((key * 0x9E3779B97F4A7C15u) >> (64 - __builtin_ctzll(TABLE_BUILDER_SMALL)));
}

/* Returned by new_cell_code when a value could not be added (error says why). */
#define CELL_CODE_FAILED UINT32_MAX

/* The code of a cell of a coded column when its value was met lately, from
 * the column's caches and without hashing; 0 when it was not, or the cell is
 * empty. Nearly every cell is found here, so this is all the loops ask first. */
static inline uint32_t cached_code(const column_caches *caches, const char *text,
                                   size_t length) {
  if (length == 1) return caches->byte_codes[(unsigned char)text[0]]; /* a scale, y or n */
  if (length - 2 < 6) { /* one word holds it, and its length */
    const uint64_t key = small_key(text, length);
    const small_value *seen = &caches->small[small_slot(key)];
    return seen->key == key ? seen->code : 0;
  }
  /* no test against the cell above first: answers vary row by row, and a branch
   * that guesses wrong half the time costs more than the cache */
  if (length - 8 < 9) {
    uint64_t head, tail;
    evidence_pack_short(text, length, &head, &tail);
    const recent_value *recent =
        &caches->recent[cache_slot(head, tail, length, TABLE_BUILDER_RECENT)];
    if (recent->length == length && recent->head == head && recent->tail == tail)
      return recent->code;
    if (!caches->more) return 0;
    recent = &caches->more[cache_slot(head, tail, length, caches->more_slots)];
    return recent->length == length && recent->head == head && recent->tail == tail
               ? recent->code
               : 0;
  }
  return 0;
}

/* Gives a column's caches a larger cache of 8-to-16-byte values, of four
 * entries a value for the `values` it holds, when it has none or a smaller one
 * (up to TABLE_BUILDER_MORE). It starts empty; without memory, there is none,
 * which is only slower. */
static void grow_more(column_caches *caches, size_t values) {
  size_t slots = caches->more_slots ? caches->more_slots : TABLE_BUILDER_RECENT;
  while (slots < 4 * values && slots < TABLE_BUILDER_MORE) slots *= 2;
  if (slots <= caches->more_slots || slots <= TABLE_BUILDER_RECENT) return;
  free(caches->more);
  caches->more = calloc(slots, sizeof *caches->more);
  caches->more_slots = caches->more ? slots : 0;
}

/* The code of a cell that cached_code did not find: from the dictionary, adding
 * the value when new, and then cached. An empty cell is code 0 and counted in
 * *missing. Kept out of the loops so that their registers serve the cached path. */
static __attribute__((noinline)) uint32_t new_cell_code(table_builder *b, size_t c,
                                                        const char *text, size_t length,
                                                        size_t row, size_t *missing,
                                                        char *error) {
  column_builder *cb = &b->columns[c];
  if (length == 0) {
    (*missing)++;
    return 0;
  }
  if (!text) {
    null_text(&b->table->columns[c], row, length, error);
    return CELL_CODE_FAILED;
  }
  uint64_t head, tail;
  if (length > 16) {
    uint32_t code = add_value(b, c, text, length, evidence_hash(text, length), row, error);
    return code ? code : CELL_CODE_FAILED;
  }
  evidence_pack_short(text, length, &head, &tail);
  size_t before = b->table->columns[c].dictionary.count;
  uint32_t code = add_value(b, c, text, length, evidence_hash_packed(head, tail, length), row, error);
  if (!code) return CELL_CODE_FAILED;
  if (!cb->caches && b->table->columns[c].dictionary.count == before &&
      ++cb->repeats >= TABLE_BUILDER_REPEATS_BEFORE_CACHE)
    cb->caches = calloc(1, sizeof *cb->caches); /* none is only slower */
  column_caches *caches = cb->caches;
  if (!caches) return code;
  if (length == 1) {
    caches->byte_codes[(unsigned char)text[0]] = code;
  } else if (length < 8) {
    const uint64_t key = small_key(text, length);
    caches->small[small_slot(key)] = (small_value){key, code};
  } else {
    recent_value seen = {head, tail, (uint32_t)length, code};
    caches->recent[cache_slot(head, tail, length, TABLE_BUILDER_RECENT)] = seen;
    if (code > TABLE_BUILDER_RECENT / 2) grow_more(caches, code);
    if (caches->more) caches->more[cache_slot(head, tail, length, caches->more_slots)] = seen;
  }
  return code;
}

/* Appends cells to a coded column of codes of one type from row r on, until
 * all are in, a cell fails, or a new code is past most, the type's largest
 * (left for the caller in code, with r at its row). While codes fit the type, every code
 * given so far fits, cached codes too: only a new value can end the loop. */
#define APPEND_CODES(type, most)                                                         \
  do {                                                                                   \
    type *const to = (type *)column->codes + base;                                       \
    for (; r < rows; r++, cell += stride) {                                              \
      code = __builtin_expect(cell->text != NULL, 1)                                     \
                 ? cached_code(caches, cell->text, cell->length)                         \
                 : 0;                                                                    \
      if (!code) {                                                                       \
        code = new_cell_code(b, c, cell->text, cell->length, base + r, &missing, error); \
        if (cb->caches) caches = cb->caches;                                             \
        if (code > (most)) break; /* a failure, or the first code past the type */       \
      }                                                                                  \
      to[r] = (type)code;                                                                \
    }                                                                                    \
  } while (0)

/* Appends a block's cells to a coded column: a loop for its codes' width until
 * a code needs more, then one for the next width, so that none asks per row. */
static int append_coded(table_builder *b, size_t c, const sustain_cell *cells, size_t stride,
                        size_t rows, char *error) {
  evidence_column *column = &b->table->columns[c];
  /* held here: a store through a byte pointer could change b's fields, which the
   * loops would then read again for every row; a column without caches yet
   * reads empty ones, and finds the caches new_cell_code makes */
  const column_builder *const cb = &b->columns[c];
  static const column_caches no_caches;
  const column_caches *caches = cb->caches ? cb->caches : &no_caches;
  const size_t base = b->table->row_count;
  size_t r = 0, missing = 0;
  const sustain_cell *cell = cells;
  uint32_t code = 0;
  while (code != CELL_CODE_FAILED) {
    if (column->width == 1) APPEND_CODES(uint8_t, UINT8_MAX);
    else if (column->width == 2) APPEND_CODES(uint16_t, UINT16_MAX);
    else APPEND_CODES(uint32_t, CELL_CODE_FAILED - 1);
    if (r == rows || code == CELL_CODE_FAILED) break;
    /* a code past the width: wider codes from here on, this row's among them */
    if (table_builder_widen_codes(b, column, base + r, evidence_code_width(code)) != 0) {
      snprintf(error, TABLE_BUILDER_ERROR_SIZE, "out of memory in column %zu", c + 1);
      code = CELL_CODE_FAILED;
    }
  }
  column->present += r - missing;
  if (code == CELL_CODE_FAILED) {
    b->failed_row = r;
    return -1;
  }
  return 0;
}

/* memcpy for the short values of identifier columns, without a call: two
 * overlapping moves that read and write only the value's own bytes. */
static inline void copy_short(char *to, const char *from, size_t n) {
  if (n >= 8 && n <= 16) {
    uint64_t head, tail;
    memcpy(&head, from, 8);
    memcpy(&tail, from + n - 8, 8);
    memcpy(to, &head, 8);
    memcpy(to + n - 8, &tail, 8);
  } else if (n >= 4 && n < 8) {
    uint32_t head, tail;
    memcpy(&head, from, 4);
    memcpy(&tail, from + n - 4, 4);
    memcpy(to, &head, 4);
    memcpy(to + n - 4, &tail, 4);
  } else if (n) {
    memcpy(to, from, n);
  }
}

/* Appends a block's cells to a numbered column from its first row while they
 * are of its form (or empty); returns the row of the first that is not, or
 * rows. A cell of NULL text is not of the form. */
static size_t append_numbered(evidence_column *column, const sustain_cell *cells, size_t stride,
                              size_t rows, size_t base) {
  uint32_t *to = column->numbered.values + base;
  size_t r = 0, present = 0;
  for (; r < rows; r++) {
    const sustain_cell *cell = &cells[r * stride];
    if (cell->length == 0) {
      to[r] = EVIDENCE_NUMBERED_MISSING;
      continue;
    }
    if (!cell->text || evidence_numbered_parse(&column->numbered, cell->text, cell->length,
                                               &to[r]) != 0)
      break;
    present++;
  }
  column->present += present;
  return r;
}

/* Turns a numbered column's rows [0, rows) into bytes by offsets, for a value
 * of another form. */
int table_builder_unnumber(table_builder *b, evidence_column *column, size_t rows) {
  const evidence_numbered *numbered = &column->numbered;
  size_t capacity = b->row_capacity ? b->row_capacity : 1;
  size_t bytes = rows * (numbered->prefix_length + numbered->digits) + 1;
  if (bytes > UINT32_MAX) return -1; /* offsets are 32 bits */
  uint32_t *offsets = malloc((capacity + 1) * sizeof(uint32_t));
  char *text = malloc(bytes);
  if (!offsets || !text) {
    free(offsets);
    free(text);
    return -1;
  }
  size_t used = 0;
  offsets[0] = 0;
  for (size_t r = 0; r < rows; r++) {
    uint32_t value = numbered->values[r];
    if (value != EVIDENCE_NUMBERED_MISSING) used += evidence_numbered_text(numbered, value, text + used);
    offsets[r + 1] = (uint32_t)used;
  }
  free(column->numbered.values);
  column->numbered = (evidence_numbered){0};
  column->text = text;
  column->offsets = offsets;
  b->columns[column - b->table->columns].text_capacity = bytes;
  return 0;
}

/* Appends a block's cells to a plain column: numbers parsed, text copied (or,
 * while a column is numbered, its values parsed). */
static int append_plain(table_builder *b, size_t c, const sustain_cell *cells, size_t stride,
                        size_t rows, char *error) {
  evidence_column *column = &b->table->columns[c];
  size_t base = b->table->row_count;
  column_builder *cb = &b->columns[c];
  if (column->type != EVIDENCE_TEXT) {
    /* numbers are parsed through a cache of recent values; a date's ten bytes
     * parse faster than a cache of thousands of dates of birth is searched */
    if (!cb->parsed && column->type == EVIDENCE_NUMBER && base >= TABLE_BUILDER_PARSED_AFTER)
      cb->parsed = calloc(TABLE_BUILDER_PARSED, sizeof *cb->parsed);
    for (size_t r = 0; r < rows; r++) {
      const sustain_cell *cell = &cells[r * stride];
      size_t length = cell->length;
      double value = NAN;
      if (__builtin_expect(!cell->text, 0) && length)
        return b->failed_row = r, null_text(column, base + r, length, error);
      if (cb->parsed && length - 1 < 16) { /* parsed before? */
        uint64_t head, tail;
        evidence_pack_short(cell->text, length, &head, &tail);
        parsed_value *seen =
            &cb->parsed[cache_slot(head, tail, length, TABLE_BUILDER_PARSED)];
        if (seen->length == length && seen->head == head && seen->tail == tail) {
          value = seen->value;
        } else {
          if (parse_typed(column, cell->text, length, &value) != 0)
            return b->failed_row = r, not_of_type(column, base + r, error);
          *seen = (parsed_value){head, tail, (uint32_t)length, value};
        }
      } else if (length && parse_typed(column, cell->text, length, &value) != 0) {
        return b->failed_row = r, not_of_type(column, base + r, error);
      }
      column->numbers[base + r] = value;
      column->present += length != 0;
    }
    return 0;
  }
  size_t r = 0;
  if (column->numbered.values) {
    r = append_numbered(column, cells, stride, rows, base);
    if (r < rows && !cells[r * stride].text && cells[r * stride].length)
      return b->failed_row = r, null_text(column, base + r, cells[r * stride].length, error);
    if (r == rows) return 0;
    /* a value of another form: the column keeps bytes from now on */
    if (table_builder_unnumber(b, column, base + r) != 0) {
      snprintf(error, TABLE_BUILDER_ERROR_SIZE, "out of memory in column %zu", c + 1);
      return b->failed_row = r, -1;
    }
  }
  const size_t first = r, start = column->offsets[base + first];
  size_t used = start;
  for (; r < rows; r++) {
    const sustain_cell *cell = &cells[r * stride];
    if (__builtin_expect(!cell->text, 0) && cell->length)
      return b->failed_row = r, null_text(column, base + r, cell->length, error);
    if (cell->length > UINT32_MAX - used) {
      snprintf(error, TABLE_BUILDER_ERROR_SIZE,
               "column %zu holds more than 4 GB of text: split the source", c + 1);
      return b->failed_row = r, -1;
    }
    if (grow_array((void **)&column->text, &cb->text_capacity, used + cell->length, 1) != 0) {
      snprintf(error, TABLE_BUILDER_ERROR_SIZE, "out of memory in column %zu", c + 1);
      return b->failed_row = r, -1;
    }
    copy_short(column->text + used, cell->text, cell->length);
    used += cell->length;
    column->offsets[base + r + 1] = (uint32_t)used;
    column->present += cell->length != 0;
  }
  /* one search over the block's bytes, not one per cell */
  const char *nul = memchr(column->text + start, '\0', used - start);
  if (nul) {
    r = first;
    while (column->offsets[base + r + 1] <= (size_t)(nul - column->text)) r++;
    return b->failed_row = r, holds_nul(column, base + r, error);
  }
  return 0;
}

/* Whether a word holds a zero byte: the classic test, without a branch per byte. */
static inline int word_holds_zero(uint64_t word) {
  return ((word - 0x0101010101010101u) & ~word & 0x8080808080808080u) != 0;
}

/* Whether a cell's bytes hold a NUL, without a call up to 16 bytes: two loads that
 * overlap and read only the cell's own bytes, joined into one word when they fit. */
static inline int cell_holds_nul(const char *text, size_t length) {
  if (length == 1) return text[0] == '\0';
  if (length < 4) {
    uint16_t first, last;
    memcpy(&first, text, 2);
    memcpy(&last, text + length - 2, 2);
    return word_holds_zero(0x0101010100000000u | first | (uint64_t)last << 16);
  }
  if (length <= 8) {
    uint32_t first, last;
    memcpy(&first, text, 4);
    memcpy(&last, text + length - 4, 4);
    return word_holds_zero(first | (uint64_t)last << 32);
  }
  if (length <= 16) {
    uint64_t head, tail;
    memcpy(&head, text, 8);
    memcpy(&tail, text + length - 8, 8);
    return word_holds_zero(head) || word_holds_zero(tail);
  }
  return memchr(text, '\0', length) != NULL;
}

/* Checks a block's cells of a skipped column as a stored column checks them (a
 * NULL text, a NUL byte), and follows whether they are all dates, without
 * keeping them. Once one is not a date, only the checks are left. */
static int check_skipped(table_builder *b, size_t c, const sustain_cell *cells, size_t stride,
                         size_t rows, char *error) {
  const evidence_column *column = &b->table->columns[c];
  column_builder *cb = &b->columns[c];
  const size_t base = b->table->row_count;
  size_t r = 0;
  for (; r < rows && !cb->not_dates; r++) {
    const sustain_cell *cell = &cells[r * stride];
    long days;
    if (!cell->length) continue;
    if (!cell->text || cell_holds_nul(cell->text, cell->length)) break;
    if (date_cell_days(cell->text, cell->length, &days) != 0) cb->not_dates = 1;
    else if (isnan(cb->latest) || days > cb->latest) cb->latest = (double)days;
  }
  for (; r < rows; r++) {
    const sustain_cell *cell = &cells[r * stride];
    if (__builtin_expect(!cell->length, 0)) continue;
    if (__builtin_expect(!cell->text, 0))
      return b->failed_row = r, null_text(column, base + r, cell->length, error);
    if (__builtin_expect(cell_holds_nul(cell->text, cell->length), 0))
      return b->failed_row = r, holds_nul(column, base + r, error);
  }
  return 0;
}

/* Gives a coded text column about to turn plain the numbered form of its
 * dictionary's first value, and room for capacity rows, when every value of
 * the dictionary is of that form; else returns -1 and leaves it as it was. */
static int make_numbered(evidence_column *column, size_t capacity) {
  const evidence_dictionary *d = &column->dictionary;
  evidence_numbered form;
  uint32_t value;
  if (!d->count || evidence_numbered_form(&form, evidence_dictionary_string(d, 1), d->lengths[0]))
    return -1;
  for (uint32_t code = 1; code <= d->count; code++)
    if (evidence_numbered_parse(&form, evidence_dictionary_string(d, code), d->lengths[code - 1],
                                &value) != 0)
      return -1;
  form.values = malloc(capacity * sizeof(uint32_t));
  if (!form.values) return -1;
  column->numbered = form;
  return 0;
}

/* Turns a coded column into a plain one: numbers and dates from their values,
 * text (and values whose type is still to be inferred) as bytes, or numbered
 * when every value is of one numbered form. */
int table_builder_make_plain(table_builder *b, evidence_column *column) {
  size_t rows = b->table->row_count, capacity = b->row_capacity ? b->row_capacity : 1;
  if (column->type != EVIDENCE_TEXT) {
    double *numbers = malloc(capacity * sizeof(double));
    if (!numbers) return -1;
    for (size_t r = 0; r < rows; r++) numbers[r] = column->values[evidence_code(column, r)];
    column->numbers = numbers;
  } else if (make_numbered(column, capacity) == 0) {
    uint32_t *numbers = malloc((column->dictionary.count + 1) * sizeof(uint32_t));
    if (!numbers) {
      free(column->numbered.values);
      column->numbered = (evidence_numbered){0};
      return -1;
    }
    numbers[0] = EVIDENCE_NUMBERED_MISSING;
    for (uint32_t code = 1; code <= column->dictionary.count; code++)
      evidence_numbered_parse(&column->numbered, evidence_dictionary_string(&column->dictionary, code),
                              column->dictionary.lengths[code - 1], &numbers[code]);
    for (size_t r = 0; r < rows; r++) column->numbered.values[r] = numbers[evidence_code(column, r)];
    free(numbers);
  } else {
    size_t bytes = 0;
    for (size_t r = 0; r < rows; r++) {
      uint32_t code = evidence_code(column, r);
      if (code) bytes += column->dictionary.lengths[code - 1];
    }
    if (bytes > UINT32_MAX) return -1;
    column_builder *cb = &b->columns[column - b->table->columns];
    column->offsets = malloc((capacity + 1) * sizeof(uint32_t));
    column->text = malloc(bytes ? bytes : 1);
    if (!column->offsets || !column->text) {
      free(column->offsets);
      free(column->text);
      column->offsets = NULL;
      column->text = NULL;
      return -1;
    }
    cb->text_capacity = bytes ? bytes : 1;
    size_t used = 0;
    column->offsets[0] = 0;
    char buffer[EVIDENCE_TEXT_SPACE]; /* unused: the column is coded */
    for (size_t r = 0; r < rows; r++) {
      size_t length;
      const char *text = evidence_text(column, r, &length, buffer);
      if (text) memcpy(column->text + used, text, length);
      used += text ? length : 0;
      column->offsets[r + 1] = (uint32_t)used;
    }
  }
  free(column->codes);
  free(column->values);
  column->codes = NULL;
  column->values = NULL;
  evidence_dictionary_free(&column->dictionary);
  column->storage = EVIDENCE_PLAIN;
  return 0;
}

int table_builder_append_rows(table_builder *b, const sustain_cell *cells, size_t rows,
                              char *error) {
  evidence_table *t = b->table;
  b->failed_row = 0;
  if (t->column_count == 0) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE, "a row was given before any column");
    return -1;
  }
  if (b->cell != 0) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE,
             "whole rows were given while row %zu was still being given cell by cell",
             t->row_count + 1);
    return -1;
  }
  if (rows == 0) return 0;
  if (table_builder_check_rows(b, t->row_count + rows, error) != 0 ||
      table_builder_reserve_rows(b, t->row_count + rows, error) != 0)
    return -1;
  for (size_t c = 0; c < t->column_count; c++) {
    const sustain_cell *first = cells + c;
    int status = t->columns[c].skipped                   ? check_skipped(b, c, first, t->column_count, rows, error)
                 : t->columns[c].storage == EVIDENCE_CODED
                     ? append_coded(b, c, first, t->column_count, rows, error)
                     : append_plain(b, c, first, t->column_count, rows, error);
    if (status != 0) return -1;
  }
  t->row_count += rows;
  for (size_t c = 0; c < t->column_count; c++) {
    evidence_column *column = &t->columns[c];
    if (column->storage == EVIDENCE_CODED && !column->skipped && (int)c != t->authority_column &&
        table_builder_better_plain(column, t->row_count) && table_builder_make_plain(b, column) != 0) {
      snprintf(error, TABLE_BUILDER_ERROR_SIZE, "out of memory in column %zu", c + 1);
      return -1;
    }
  }
  return table_builder_check_memory(b, error);
}

int table_builder_append_cells(table_builder *b, const sustain_cell *cells, size_t cell_count,
                               size_t rows, char *error) {
  size_t columns = b->table->column_count;
  b->failed_row = 0;
  if (columns && (rows > SIZE_MAX / columns || rows * columns != cell_count)) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE,
             "the plugin gave %zu cells for %zu rows of %zu columns; a block must hold one "
             "cell per column for every row (the plugin is wrong: report it to its authors)",
             cell_count, rows, columns);
    return -1;
  }
  return table_builder_append_rows(b, cells, rows, error);
}

/* }====================================================================== */

/* ** {======================================================================
** Cell by cell: a row is staged, then appended as a block of one
** ======================================================================= */

int table_builder_append_text(table_builder *b, const char *text, size_t length, char *error) {
  evidence_table *t = b->table;
  if (t->column_count == 0) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE, "a row was given before any column");
    return -1;
  }
  if (b->cell >= t->column_count) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE, "row %zu has more cells than the %zu columns",
             t->row_count + 1, t->column_count);
    return -1;
  }
  size_t room = b->row_capacity_bytes;
  if (grow_array((void **)&b->row_bytes, &b->row_capacity_bytes, b->row_length + length + 1, 1) != 0) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE, "out of memory in row %zu", t->row_count + 1);
    return -1;
  }
  if (b->row_capacity_bytes != room && table_builder_check_memory(b, error) != 0) return -1;
  if (length) memcpy(b->row_bytes + b->row_length, text, length);
  b->row_starts[b->cell] = b->row_length;
  b->row_lengths[b->cell] = length;
  b->row_length += length;
  b->cell++;
  return 0;
}

/* A number as the shortest text that reads back as the same double. */
static int format_number(double value, char text[32]) {
  if (value == floor(value) && fabs(value) < 1e15)
    return snprintf(text, 32, "%.0f", value == 0 ? 0.0 : value);
  for (int precision = 15; precision <= 17; precision++) {
    int length = snprintf(text, 32, "%.*g", precision, value);
    if (strtod(text, NULL) == value) return length;
  }
  return snprintf(text, 32, "%.17g", value);
}

int table_builder_append_number(table_builder *b, double value, char *error) {
  evidence_table *t = b->table;
  if (t->column_count == 0 || b->cell >= t->column_count)
    return table_builder_append_text(b, "", 0, error); /* says what is wrong */
  const evidence_column *column = &t->columns[b->cell];
  if (!isfinite(value)) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE, "column %zu row %zu: %s is not a usable number",
             b->cell + 1, t->row_count + 1, isnan(value) ? "NaN" : "an infinity");
    return -1;
  }
  if (column->type == EVIDENCE_DATE) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE,
             "column %zu holds dates: give its cells as text (YYYY-MM-DD)", b->cell + 1);
    return -1;
  }
  /* kept as its text: a text column keeps it so, a number column parses it back */
  char text[32];
  int length = format_number(value, text);
  return table_builder_append_text(b, text, (size_t)length, error);
}

int table_builder_append_missing(table_builder *b, char *error) {
  return table_builder_append_text(b, "", 0, error);
}

void table_builder_row_length_error(const table_builder *b, size_t cells, char *error) {
  size_t columns = b->table->column_count;
  snprintf(error, TABLE_BUILDER_ERROR_SIZE, "row %zu has %zu cell%s; the table has %zu column%s",
           b->table->row_count + 1, cells, cells == 1 ? "" : "s", columns,
           columns == 1 ? "" : "s");
}

int table_builder_end_row(table_builder *b, char *error) {
  evidence_table *t = b->table;
  if (b->cell != t->column_count) {
    table_builder_row_length_error(b, b->cell, error);
    return -1;
  }
  sustain_cell stack[16] = {{0}};
  sustain_cell *cells = t->column_count <= 16 ? stack : malloc(t->column_count * sizeof *cells);
  if (!cells) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE, "out of memory in row %zu", t->row_count + 1);
    return -1;
  }
  for (size_t c = 0; c < t->column_count; c++)
    cells[c] = (sustain_cell){b->row_bytes + b->row_starts[c], b->row_lengths[c]};
  b->cell = 0;
  b->row_length = 0;
  int status = table_builder_append_rows(b, cells, 1, error);
  if (cells != stack) free(cells);
  return status;
}

/* }====================================================================== */
