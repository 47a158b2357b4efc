/* table_finish.c: completing a built table: types inferred, rows grouped by
 * authority, codes counted per authority; see table_builder.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "number.h"
#include "table_builder_internal.h"

/* ** {======================================================================
** Finishing: types inferred, rows grouped by authority
** ======================================================================= */

/* Parses a value as the inferred type: a number (not zero-padded, which marks
 * a code such as "01") or a date. */
static int parse_as(evidence_type as, const char *text, size_t length, double *out) {
  if (as == EVIDENCE_NUMBER)
    return number_is_zero_padded(text, length) ? -1 : number_parse(text, length, out);
  long days;
  if (date_cell_days(text, length, &days) != 0) return -1;
  *out = (double)days;
  return 0;
}

/* Infers a coded column's type from its distinct values, each parsed once:
 * numbers when every one is a number, else dates when every one is a date;
 * otherwise it stays text. A column with no value at all becomes numbers, so
 * aggregates over it give nil. */
static int infer_coded(evidence_column *column) {
  const evidence_dictionary *d = &column->dictionary;
  double *values = malloc((d->count + 1) * sizeof(double));
  if (!values) return -1;
  values[0] = NAN;
  evidence_type types[] = {EVIDENCE_NUMBER, EVIDENCE_DATE};
  for (size_t t = 0; t < 2; t++) {
    size_t i = 0;
    while (i < d->count && parse_as(types[t], evidence_dictionary_string(d, (uint32_t)i + 1),
                                    d->lengths[i], &values[i + 1]) == 0)
      i++;
    if (i == d->count) {
      column->type = types[t];
      column->values = values;
      return 0;
    }
  }
  free(values);
  return 0;
}

/* Infers a plain column's type the same way, row by row. */
static int infer_plain(evidence_column *column, size_t rows) {
  double *numbers = malloc((rows ? rows : 1) * sizeof(double));
  if (!numbers) return -1;
  evidence_type types[] = {EVIDENCE_NUMBER, EVIDENCE_DATE};
  for (size_t t = 0; t < 2; t++) {
    size_t r = 0;
    char buffer[EVIDENCE_TEXT_SPACE];
    for (; r < rows; r++) {
      size_t length;
      const char *text = evidence_text(column, r, &length, buffer);
      numbers[r] = NAN;
      if (text && parse_as(types[t], text, length, &numbers[r]) != 0) break;
    }
    if (r == rows) {
      column->type = types[t];
      column->numbers = numbers;
      free(column->text);
      free(column->offsets);
      free(column->numbered.values);
      column->text = NULL;
      column->offsets = NULL;
      column->numbered = (evidence_numbered){0};
      return 0;
    }
  }
  free(numbers);
  return 0;
}

/* Gives a coded number or date column its values array even when it has no
 * value, so values[0] (missing) is always there. */
static int ensure_values(evidence_column *column) {
  if (column->values) return 0;
  column->values = malloc(sizeof(double));
  if (!column->values) return -1;
  column->values[0] = NAN;
  return 0;
}

/* Gives a skipped column the storage of a text column whose every row is missing:
 * zeroed codes, which the system maps as pages are read, so they cost no memory. A
 * column whose values were all dates keeps the latest, for the date's warning. */
static int finish_skipped(evidence_column *column, const column_builder *cb, size_t rows) {
  column->codes = calloc(rows ? rows : 1, 1);
  if (!column->codes) return -1;
  column->width = 1;
  column->storage = EVIDENCE_CODED;
  column->type = EVIDENCE_TEXT;
  column->skipped_latest = cb->not_dates ? NAN : cb->latest;
  return 0;
}

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Moves every column's rows into the order given (order[i]: the old row of new row i). */
static int reorder_rows(evidence_table *t, const uint32_t *order) {
  size_t rows = t->row_count;
  for (size_t c = 0; c < t->column_count; c++) {
    evidence_column *column = &t->columns[c];
    if (column->skipped) continue; /* every row missing, in any order */
    if (column->storage == EVIDENCE_PLAIN && column->type == EVIDENCE_TEXT &&
        !column->numbered.values) {
      char *text = malloc(column->offsets[rows] ? column->offsets[rows] : 1);
      uint32_t *offsets = malloc((rows + 1) * sizeof(uint32_t));
      if (!text || !offsets) {
        free(text);
        free(offsets);
        return -1;
      }
      offsets[0] = 0;
      for (size_t r = 0; r < rows; r++) {
        uint32_t from = column->offsets[order[r]], length = column->offsets[order[r] + 1] - from;
        memcpy(text + offsets[r], column->text + from, length);
        offsets[r + 1] = offsets[r] + length;
      }
      free(column->text);
      free(column->offsets);
      column->text = text;
      column->offsets = offsets;
      continue;
    }
    /* one array of fixed-width values: codes, numbered values or numbers */
    void **array = column->storage == EVIDENCE_CODED ? &column->codes
                   : column->numbered.values        ? (void **)&column->numbered.values
                                                    : (void **)&column->numbers;
    size_t width = column->storage == EVIDENCE_CODED ? column->width
                   : column->numbered.values        ? sizeof(uint32_t)
                                                    : sizeof(double);
    const unsigned char *source = *array;
    unsigned char *moved = malloc((rows ? rows : 1) * width);
    if (!moved) return -1;
    for (size_t r = 0; r < rows; r++) memcpy(moved + r * width, source + order[r] * width, width);
    free(*array);
    *array = moved;
  }
  return 0;
}

/* Records each authority's rows as a group, sorted by authority for binary
 * search. Rows already lying together per authority (an extract sorted or
 * concatenated by authority) stay where they are; otherwise they are moved,
 * stably, with rows without an authority first, outside every group. */
static int group_by_authority(evidence_table *t) {
  evidence_column *key = &t->columns[t->authority_column];
  size_t codes = key->dictionary.count, rows = t->row_count;
  const char **sorted = malloc((codes ? codes : 1) * sizeof(char *));
  uint32_t *rank = calloc(codes + 1, sizeof(uint32_t));   /* code -> group + 1 */
  size_t *first = calloc(codes + 2, sizeof(size_t));      /* per rank: first row */
  size_t *count = calloc(codes + 2, sizeof(size_t));      /* per rank: rows */
  uint32_t *order = NULL;
  t->groups = calloc(codes ? codes : 1, sizeof(evidence_group));
  if (!sorted || !rank || !first || !count || !t->groups) goto out_of_memory;
  for (size_t i = 0; i < codes; i++)
    sorted[i] = evidence_dictionary_string(&key->dictionary, (uint32_t)i + 1);
  qsort(sorted, codes, sizeof(char *), compare_strings);
  for (size_t g = 0; g < codes; g++)
    rank[evidence_dictionary_find(&key->dictionary, sorted[g], strlen(sorted[g]))] =
        (uint32_t)g + 1;
  size_t last_rank = SIZE_MAX;
  int together = 1;
  for (size_t r = 0; r < rows; r++) {
    size_t k = rank[evidence_code(key, r)];
    if (k && k != last_rank && count[k]) together = 0; /* a group seen before resumes */
    if (!count[k]) first[k] = r;
    count[k]++;
    last_rank = k;
  }
  t->rows_without_authority = count[0];
  t->group_count = codes;
  if (together) {
    for (size_t g = 0; g < codes; g++)
      t->groups[g] = (evidence_group){sorted[g], first[g + 1], first[g + 1] + count[g + 1]};
  } else {
    /* counting sort: start of each rank's rows in the new order */
    size_t start = 0;
    for (size_t k = 0; k <= codes; k++) {
      first[k] = start;
      start += count[k];
    }
    for (size_t g = 0; g < codes; g++)
      t->groups[g] = (evidence_group){sorted[g], first[g + 1], first[g + 1] + count[g + 1]};
    order = malloc((rows ? rows : 1) * sizeof(uint32_t));
    if (!order) goto out_of_memory;
    for (size_t r = 0; r < rows; r++) order[first[rank[evidence_code(key, r)]]++] = (uint32_t)r;
    if (reorder_rows(t, order) != 0) goto out_of_memory;
  }
  free(sorted);
  free(rank);
  free(first);
  free(count);
  free(order);
  return 0;
out_of_memory:
  free(sorted);
  free(rank);
  free(first);
  free(count);
  free(order);
  return -1;
}

/* Counts each code of every 1-byte coded column per authority group: a pass
 * over each such column now saves a pass over an authority's rows each time a
 * rule counts one condition on it. */
static int count_per_group(evidence_table *t) {
  for (size_t c = 0; c < t->column_count; c++) {
    evidence_column *column = &t->columns[c];
    if (column->storage != EVIDENCE_CODED || column->width != 1 || column->skipped) continue;
    size_t codes = column->dictionary.count + 1;
    column->group_counts = calloc((t->group_count ? t->group_count : 1) * codes, sizeof(uint32_t));
    if (!column->group_counts) return -1;
    const uint8_t *row_codes = column->codes;
    for (size_t g = 0; g < t->group_count; g++) {
      /* four tallies taken in turn: runs of one code (most rows say YES) would
       * otherwise wait on each other's increment of the same count; only the
       * column's codes are cleared, not all 256, for each of 155 authorities */
      uint32_t lanes[4][UINT8_MAX + 1];
      for (int lane = 0; lane < 4; lane++) memset(lanes[lane], 0, codes * sizeof(uint32_t));
      size_t r = t->groups[g].start, end = t->groups[g].end;
      for (; r + 4 <= end; r += 4) {
        lanes[0][row_codes[r]]++;
        lanes[1][row_codes[r + 1]]++;
        lanes[2][row_codes[r + 2]]++;
        lanes[3][row_codes[r + 3]]++;
      }
      for (; r < end; r++) lanes[0][row_codes[r]]++;
      uint32_t *counts = column->group_counts + g * codes;
      for (size_t code = 0; code < codes; code++)
        counts[code] = lanes[0][code] + lanes[1][code] + lanes[2][code] + lanes[3][code];
    }
  }
  return 0;
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
             "authority_column '%s' is not a column of this source; check the spelling, and "
             "that the source's first row names its columns",
             b->authority);
    return NULL;
  }
  /* every column gets storage even when there are no rows */
  if (table_builder_reserve_rows(b, t->row_count ? t->row_count : 1, error) != 0) return NULL;
  for (size_t c = 0; c < t->column_count; c++) {
    evidence_column *column = &t->columns[c];
    int inferred = b->columns[c].declared == SUSTAIN_COLUMN_INFER;
    int status = 0;
    if (column->skipped) {
      status = finish_skipped(column, &b->columns[c], t->row_count);
    } else if (column->storage == EVIDENCE_CODED) {
      if (inferred) status = infer_coded(column);
      if (status == 0 && column->type != EVIDENCE_TEXT) status = ensure_values(column);
    } else if (inferred) {
      status = infer_plain(column, t->row_count);
    }
    if (status != 0) goto out_of_memory;
  }
  if (t->authority_column >= 0 && group_by_authority(t) != 0) goto out_of_memory;
  if (t->authority_column >= 0 && count_per_group(t) != 0) goto out_of_memory;
  table_builder_free_caches(b);
  b->table = NULL;
  table_builder_free(b);
  return t;
out_of_memory:
  snprintf(error, TABLE_BUILDER_ERROR_SIZE, "out of memory while finishing the table");
  return NULL;
}

/* }====================================================================== */
