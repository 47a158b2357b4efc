/* table_builder.c: building columnar tables cell by cell; see table_builder.h. */
#include "table_builder.h"

#include "date.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows are addressed with 32-bit numbers in views. */
#define TABLE_BUILDER_MAX_ROWS 0xFFFFFFF0u
/* Longest text accepted as a number (digits of a double and some). */
#define TABLE_BUILDER_MAX_NUMBER_TEXT 64

int table_builder_parse_number(const char *text, size_t length, double *out) {
  while (length && (*text == ' ' || *text == '\t')) text++, length--;
  while (length && (text[length - 1] == ' ' || text[length - 1] == '\t')) length--;
  if (length == 0 || length > TABLE_BUILDER_MAX_NUMBER_TEXT) return -1;
  size_t i = 0, digits = 0;
  if (text[i] == '+' || text[i] == '-') i++;
  while (i < length && text[i] >= '0' && text[i] <= '9') i++, digits++;
  if (i < length && text[i] == '.') {
    i++;
    while (i < length && text[i] >= '0' && text[i] <= '9') i++, digits++;
  }
  if (digits == 0) return -1;
  if (i < length && (text[i] == 'e' || text[i] == 'E')) {
    i++;
    if (i < length && (text[i] == '+' || text[i] == '-')) i++;
    size_t exponent_digits = 0;
    while (i < length && text[i] >= '0' && text[i] <= '9') i++, exponent_digits++;
    if (exponent_digits == 0) return -1;
  }
  if (i != length) return -1;
  char buffer[TABLE_BUILDER_MAX_NUMBER_TEXT + 1];
  memcpy(buffer, text, length);
  buffer[length] = '\0';
  double value = strtod(buffer, NULL);
  if (!isfinite(value)) return -1;
  *out = value;
  return 0;
}

int table_builder_is_zero_padded(const char *text, size_t length) {
  while (length && (*text == ' ' || *text == '\t')) text++, length--;
  if (length && (*text == '+' || *text == '-')) text++, length--;
  return length >= 2 && text[0] == '0' && text[1] >= '0' && text[1] <= '9';
}

int table_builder_init(table_builder *b, const char *table_name, const char *authority_column) {
  *b = (table_builder){0};
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

void table_builder_free(table_builder *b) {
  evidence_table_free(b->table);
  free(b->declared);
  free(b->authority);
  *b = (table_builder){0};
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
    snprintf(error, TABLE_BUILDER_ERROR_SIZE, "column '%.*s' has an unknown type %d",
             (int)(length > 64 ? 64 : length), name, (int)type);
    return -1;
  }
  for (size_t c = 0; c < t->column_count; c++)
    if (strlen(t->columns[c].name) == length && memcmp(t->columns[c].name, name, length) == 0) {
      snprintf(error, TABLE_BUILDER_ERROR_SIZE,
               "column '%.*s' appears twice: give every column a distinct name",
               (int)(length > 64 ? 64 : length), name);
      return -1;
    }
  size_t n = t->column_count + 1;
  evidence_column *columns = realloc(t->columns, n * sizeof(*columns));
  if (!columns) goto out_of_memory;
  t->columns = columns;
  sustain_column_type *declared = realloc(b->declared, n * sizeof(*declared));
  if (!declared) goto out_of_memory;
  b->declared = declared;
  evidence_column *column = &t->columns[t->column_count];
  *column = (evidence_column){0};
  column->name = strndup(name, length);
  if (!column->name) goto out_of_memory;
  int is_authority = b->authority && strcmp(column->name, b->authority) == 0;
  if (is_authority) type = SUSTAIN_COLUMN_TEXT; /* authority ids are names, even "201" */
  column->type = type == SUSTAIN_COLUMN_NUMBER ? EVIDENCE_NUMBER
                 : type == SUSTAIN_COLUMN_DATE ? EVIDENCE_DATE
                                               : EVIDENCE_TEXT;
  b->declared[t->column_count] = type;
  if (is_authority) t->authority_column = (int)t->column_count;
  t->column_count = n;
  return 0;
out_of_memory:
  snprintf(error, TABLE_BUILDER_ERROR_SIZE, "out of memory while declaring columns");
  return -1;
}

/* Makes room for the current row in every column. */
static int reserve_row(table_builder *b, char *error) {
  evidence_table *t = b->table;
  if (t->row_count < b->row_capacity) return 0;
  if (t->row_count >= TABLE_BUILDER_MAX_ROWS) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE, "more than %u rows: split the source",
             TABLE_BUILDER_MAX_ROWS);
    return -1;
  }
  size_t capacity = b->row_capacity ? b->row_capacity * 2 : 1024;
  for (size_t c = 0; c < t->column_count; c++) {
    evidence_column *column = &t->columns[c];
    if (evidence_column_is_numeric(column)) {
      double *numbers = realloc(column->numbers, capacity * sizeof(double));
      if (!numbers) goto out_of_memory;
      column->numbers = numbers;
    } else {
      uint32_t *codes = realloc(column->codes, capacity * sizeof(uint32_t));
      if (!codes) goto out_of_memory;
      column->codes = codes;
    }
  }
  b->row_capacity = capacity;
  return 0;
out_of_memory:
  snprintf(error, TABLE_BUILDER_ERROR_SIZE, "out of memory after %zu rows", t->row_count);
  return -1;
}

/* The column of the next cell, or NULL (with an error) when the row is full. */
static evidence_column *next_cell(table_builder *b, char *error) {
  evidence_table *t = b->table;
  if (t->column_count == 0) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE, "a row was given before any column");
    return NULL;
  }
  if (b->cell >= t->column_count) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE, "row %zu has more cells than the %zu columns",
             t->row_count + 1, t->column_count);
    return NULL;
  }
  if (b->cell == 0 && reserve_row(b, error) != 0) return NULL;
  return &t->columns[b->cell];
}

int table_builder_append_text(table_builder *b, const char *text, size_t length, char *error) {
  evidence_column *column = next_cell(b, error);
  if (!column) return -1;
  size_t row = b->table->row_count;
  if (column->type == EVIDENCE_DATE) {
    sx_date date;
    if (length > 0 && date_parse_cell(text, length, &date) != 0) {
      /* the value is not repeated: a cell may hold a young person's identifier */
      snprintf(error, TABLE_BUILDER_ERROR_SIZE,
               "column '%s' is declared as dates but row %zu holds a value that is not a date "
               "(write YYYY-MM-DD or DD/MM/YYYY)",
               column->name, row + 1);
      return -1;
    }
    column->numbers[row] = length > 0 ? (double)date_to_days(date) : NAN;
  } else if (column->type == EVIDENCE_NUMBER) {
    double value = NAN;
    if (length > 0 && table_builder_parse_number(text, length, &value) != 0) {
      snprintf(error, TABLE_BUILDER_ERROR_SIZE,
               "column '%s' is declared as numbers but row %zu holds a value that is not a "
               "number (not shown: it may be personal data)",
               column->name, row + 1);
      return -1;
    }
    column->numbers[row] = value;
  } else if (length == 0) {
    column->codes[row] = 0;
  } else {
    /* codes often repeat row after row (an authority's id, IN_TOUCH YES): check
     * the previous row's code before hashing */
    const evidence_dictionary *d = &column->dictionary;
    uint32_t last = row ? column->codes[row - 1] : 0;
    uint32_t code = last && d->lengths[last - 1] == length &&
                            memcmp(d->strings[last - 1], text, length) == 0
                        ? last
                        : evidence_dictionary_intern(&column->dictionary, text, length);
    if (!code) {
      snprintf(error, TABLE_BUILDER_ERROR_SIZE, "out of memory in column '%s'", column->name);
      return -1;
    }
    column->codes[row] = code;
  }
  b->cell++;
  return 0;
}

int table_builder_append_number(table_builder *b, double value, char *error) {
  evidence_column *column = next_cell(b, error);
  if (!column) return -1;
  if (!isfinite(value)) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE, "column '%s' row %zu: %s is not a usable number",
             column->name, b->table->row_count + 1, isnan(value) ? "NaN" : "an infinity");
    return -1;
  }
  if (column->type == EVIDENCE_DATE) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE,
             "column '%s' holds dates: give its cells as text (YYYY-MM-DD)", column->name);
    return -1;
  }
  if (column->type == EVIDENCE_NUMBER) {
    column->numbers[b->table->row_count] = value;
    b->cell++;
    return 0;
  }
  /* a number in a text column (or one still being inferred) is kept as its text */
  char text[32];
  int length = snprintf(text, sizeof text, "%.17g", value);
  return table_builder_append_text(b, text, (size_t)length, error);
}

int table_builder_append_missing(table_builder *b, char *error) {
  return table_builder_append_text(b, "", 0, error);
}

int table_builder_end_row(table_builder *b, char *error) {
  evidence_table *t = b->table;
  if (b->cell != t->column_count) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE, "row %zu has %zu cells; the table has %zu columns",
             t->row_count + 1, b->cell, t->column_count);
    return -1;
  }
  t->row_count++;
  b->cell = 0;
  return 0;
}

/* Parses every distinct value of a text column as a number, or as a date;
 * parsed[code] gets the value (parsed[0], the missing code, is NAN). Returns 0
 * when all parse. */
static int parse_all(const evidence_dictionary *d, double *parsed, evidence_type as) {
  parsed[0] = NAN;
  for (size_t i = 0; i < d->count; i++) {
    sx_date date;
    if (as == EVIDENCE_DATE) {
      if (date_parse_cell(d->strings[i], d->lengths[i], &date) != 0) return -1;
      parsed[i + 1] = (double)date_to_days(date);
    } else if (table_builder_is_zero_padded(d->strings[i], d->lengths[i]) ||
               table_builder_parse_number(d->strings[i], d->lengths[i], &parsed[i + 1]) != 0) {
      return -1;
    }
  }
  return 0;
}

/* Turns an inferred column into numbers when every distinct value is one (and
 * none is zero-padded, which marks a code such as "01"), or into dates when
 * every value is a date; otherwise it stays text. Each distinct value is
 * parsed once. */
static int infer_column(evidence_column *column, size_t rows) {
  evidence_dictionary *d = &column->dictionary;
  if (d->count == 0) { /* no values at all: numbers, so aggregates give nil */
    free(column->codes);
    column->codes = NULL;
    column->numbers = malloc((rows ? rows : 1) * sizeof(double));
    if (!column->numbers) return -1;
    for (size_t r = 0; r < rows; r++) column->numbers[r] = NAN;
    column->type = EVIDENCE_NUMBER;
    return 0;
  }
  double *parsed = malloc((d->count + 1) * sizeof(double));
  if (!parsed) return -1;
  evidence_type type = EVIDENCE_NUMBER;
  if (parse_all(d, parsed, EVIDENCE_NUMBER) != 0) {
    type = EVIDENCE_DATE;
    if (parse_all(d, parsed, EVIDENCE_DATE) != 0) {
      free(parsed); /* some value is text: the column stays text */
      return 0;
    }
  }
  double *numbers = malloc((rows ? rows : 1) * sizeof(double));
  if (!numbers) {
    free(parsed);
    return -1;
  }
  for (size_t r = 0; r < rows; r++) numbers[r] = parsed[column->codes[r]];
  free(parsed);
  free(column->codes);
  column->codes = NULL;
  evidence_dictionary_free(d);
  column->numbers = numbers;
  column->type = type;
  return 0;
}

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reorders the rows so each authority's rows are contiguous (stable: the source's
 * order is kept within an authority) and records the groups. */
static int group_by_authority(evidence_table *t) {
  evidence_column *key = &t->columns[t->authority_column];
  size_t codes = key->dictionary.count;
  /* rank each code by its string so groups come out sorted for binary search */
  char **sorted = malloc((codes ? codes : 1) * sizeof(char *));
  uint32_t *rank = calloc(codes + 1, sizeof(uint32_t));     /* code -> group + 1 */
  size_t *offset = calloc(codes + 2, sizeof(size_t));       /* group start rows */
  uint32_t *order = malloc((t->row_count ? t->row_count : 1) * sizeof(uint32_t));
  t->groups = calloc(codes ? codes : 1, sizeof(evidence_group));
  if (!sorted || !rank || !offset || !order || !t->groups) goto out_of_memory;
  memcpy(sorted, key->dictionary.strings, codes * sizeof(char *));
  qsort(sorted, codes, sizeof(char *), compare_strings);
  for (size_t g = 0; g < codes; g++)
    rank[evidence_dictionary_find(&key->dictionary, sorted[g], strlen(sorted[g]))] =
        (uint32_t)g + 1;
  /* counting sort; rows without an authority (rank 0) go first, outside every group */
  for (size_t r = 0; r < t->row_count; r++) offset[rank[key->codes[r]] + 1]++;
  for (size_t g = 1; g <= codes + 1; g++) offset[g] += offset[g - 1];
  t->rows_without_authority = offset[1];
  for (size_t g = 0; g < codes; g++)
    t->groups[g] = (evidence_group){sorted[g], offset[g + 1], offset[g + 2]};
  t->group_count = codes;
  for (size_t r = 0; r < t->row_count; r++) order[offset[rank[key->codes[r]]]++] = (uint32_t)r;
  for (size_t c = 0; c < t->column_count; c++) {
    evidence_column *column = &t->columns[c];
    int numeric = evidence_column_is_numeric(column);
    size_t width = numeric ? sizeof(double) : sizeof(uint32_t);
    unsigned char *source = numeric ? (void *)column->numbers : (void *)column->codes;
    unsigned char *moved = malloc((t->row_count ? t->row_count : 1) * width);
    if (!moved) goto out_of_memory;
    for (size_t r = 0; r < t->row_count; r++)
      memcpy(moved + r * width, source + (size_t)order[r] * width, width);
    free(source);
    if (numeric) column->numbers = (double *)moved;
    else column->codes = (uint32_t *)moved;
  }
  free(sorted);
  free(rank);
  free(offset);
  free(order);
  return 0;
out_of_memory:
  free(sorted);
  free(rank);
  free(offset);
  free(order);
  return -1;
}

evidence_table *table_builder_finish(table_builder *b, char *error) {
  evidence_table *t = b->table;
  if (b->cell != 0) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE, "the last row is incomplete");
    return NULL;
  }
  if (t->column_count == 0) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE, "the source declared no columns");
    return NULL;
  }
  if (b->authority && t->authority_column < 0) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE,
             "authority_column '%s' is not a column of this source", b->authority);
    return NULL;
  }
  /* every column gets storage even when there are no rows */
  if (b->row_capacity == 0 && reserve_row(b, error) != 0) return NULL;
  for (size_t c = 0; c < t->column_count; c++)
    if (b->declared[c] == SUSTAIN_COLUMN_INFER && infer_column(&t->columns[c], t->row_count) != 0)
      goto out_of_memory;
  if (t->authority_column >= 0 && group_by_authority(t) != 0) goto out_of_memory;
  for (size_t c = 0; c < t->column_count; c++) { /* filters on an empty column match nothing */
    evidence_column *column = &t->columns[c];
    for (size_t r = 0; r < t->row_count; r++)
      column->present += evidence_column_is_numeric(column) ? !isnan(column->numbers[r])
                                                           : column->codes[r] != 0;
  }
  b->table = NULL;
  table_builder_free(b);
  return t;
out_of_memory:
  snprintf(error, TABLE_BUILDER_ERROR_SIZE, "out of memory while finishing the table");
  return NULL;
}
