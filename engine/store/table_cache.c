/* table_cache.c: writing a table to a cache file; see table_cache.h for the
 * contract and table_cache_format.h for the layout. The parts are listed once
 * (plan_parts), placed one after the other, checksummed, then written behind
 * the header through output_file (temp file, fsync, rename, mode 0600). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "output_file.h"
#include "table_cache.h"
#include "table_cache_format.h"

_Static_assert(TABLE_CACHE_HEADER_KEY == TABLE_CACHE_KEY_SIZE, "the header holds the whole key");

/* Parts per column: name, dictionary bytes, offsets and lengths, codes, values,
 * numbers, text, offsets, group counts. */
#define PARTS_PER_COLUMN 10

/* One part to write: its bytes, and where its offset goes in the records. */
typedef struct cache_part {
  const void *data;
  uint64_t size;
  cache_span *span; /* NULL: a record placed by hand */
} cache_part;

/* The file being laid out: the records, and every part in file order. */
typedef struct cache_plan {
  cache_table table;
  cache_column *columns;
  cache_group *groups;
  cache_part *parts;
  size_t part_count;
  uint64_t size; /* of the whole file */
} cache_plan;

static void add_part(cache_plan *plan, const void *data, uint64_t size, cache_span *span) {
  plan->parts[plan->part_count++] = (cache_part){data, size, span};
}

/* The parts of one column; an array the column does not have is left absent. */
static void plan_column(cache_plan *plan, const evidence_table *t, size_t c) {
  const evidence_column *column = &t->columns[c];
  cache_column *out = &plan->columns[c];
  const evidence_dictionary *d = &column->dictionary;
  size_t rows = t->row_count, codes = d->count + 1;
  int coded = column->storage == EVIDENCE_CODED, numeric = evidence_column_is_numeric(column);
  *out = (cache_column){.type = column->type, .storage = column->storage,
                        .width = coded ? column->width : 0, .present = column->present,
                        .dictionary_count = d->count};
  add_part(plan, column->name, strlen(column->name) + 1, &out->name);
  add_part(plan, d->bytes, d->count ? d->byte_count : 0, &out->dictionary_bytes);
  add_part(plan, d->offsets, d->count * sizeof(uint32_t), &out->dictionary_offsets);
  add_part(plan, d->lengths, d->count * sizeof(uint32_t), &out->dictionary_lengths);
  if (coded) {
    add_part(plan, column->codes, rows * column->width, &out->codes);
    if (numeric) add_part(plan, column->values, codes * sizeof(double), &out->values);
    if (column->group_counts)
      add_part(plan, column->group_counts, t->group_count * codes * sizeof(uint32_t),
               &out->group_counts);
  } else if (numeric) {
    add_part(plan, column->numbers, rows * sizeof(double), &out->numbers);
  } else if (column->numbered.values) {
    add_part(plan, column->numbered.values, rows * sizeof(uint32_t), &out->numbered);
    out->numbered_prefix_length = column->numbered.prefix_length;
    out->numbered_digits = column->numbered.digits;
    memcpy(out->numbered_prefix, column->numbered.prefix, sizeof out->numbered_prefix);
  } else {
    add_part(plan, column->text, column->offsets[rows], &out->text);
    add_part(plan, column->offsets, (rows + 1) * sizeof(uint32_t), &out->offsets);
  }
}

/* Lists every part and gives each its offset. Returns 0, or -1 on out of memory. */
static int plan_parts(cache_plan *plan, const evidence_table *t, const void *extra,
                      size_t extra_size) {
  size_t columns = t->column_count, groups = t->group_count;
  plan->columns = calloc(columns ? columns : 1, sizeof(cache_column));
  plan->groups = calloc(groups ? groups : 1, sizeof(cache_group));
  plan->parts = calloc(4 + columns * PARTS_PER_COLUMN, sizeof(cache_part));
  if (!plan->columns || !plan->groups || !plan->parts) return -1;
  plan->table = (cache_table){t->row_count, columns, groups, t->rows_without_authority,
                              t->authority_column, {0, 0}, {0, 0}, {0, 0}, {0, 0}};
  add_part(plan, &plan->table, sizeof plan->table, NULL);
  add_part(plan, plan->columns, columns * sizeof(cache_column), &plan->table.columns);
  add_part(plan, plan->groups, groups * sizeof(cache_group), &plan->table.groups);
  add_part(plan, extra, extra_size, &plan->table.extra);
  add_part(plan, t->name, strlen(t->name) + 1, &plan->table.name);
  for (size_t c = 0; c < columns; c++) plan_column(plan, t, c);
  if (t->authority_column >= 0) {
    const evidence_dictionary *d = &t->columns[t->authority_column].dictionary;
    for (size_t g = 0; g < groups; g++) {
      const evidence_group *group = &t->groups[g];
      plan->groups[g] = (cache_group){evidence_dictionary_find(d, group->authority,
                                                               strlen(group->authority)),
                                      group->start, group->end};
    }
  }
  uint64_t used = sizeof(cache_header);
  for (size_t i = 0; i < plan->part_count; i++) {
    used = cache_align(used);
    if (plan->parts[i].span) *plan->parts[i].span = (cache_span){used, plan->parts[i].size};
    used += plan->parts[i].size;
  }
  plan->size = used;
  return 0;
}

/* Walks the parts in file order with the zero bytes between them, giving each
 * stretch of bytes to `take`, which returns 0 to go on. */
static int walk_parts(const cache_plan *plan, int (*take)(void *, const void *, size_t),
                      void *context) {
  static const unsigned char zeros[8] = {0};
  uint64_t used = sizeof(cache_header);
  for (size_t i = 0; i < plan->part_count; i++) {
    uint64_t padding = cache_align(used) - used;
    if (padding && take(context, zeros, padding) != 0) return -1;
    if (plan->parts[i].size && take(context, plan->parts[i].data, plan->parts[i].size) != 0)
      return -1;
    used = cache_align(used) + plan->parts[i].size;
  }
  return 0;
}

static int take_checksum(void *context, const void *data, size_t size) {
  return XXH3_64bits_update(context, data, size) == XXH_OK ? 0 : -1;
}

static int take_write(void *context, const void *data, size_t size) {
  return fwrite(data, 1, size, context) == size ? 0 : -1;
}

/* Writes the header and the parts through an atomic output file. */
static int write_file(const cache_plan *plan, const unsigned char *key, const char *path,
                      char *error) {
  cache_header header = {.format = TABLE_CACHE_FORMAT, .byte_order = TABLE_CACHE_BYTE_ORDER,
                         .file_size = plan->size};
  memcpy(header.magic, TABLE_CACHE_MAGIC, sizeof header.magic);
  memcpy(header.key, key, TABLE_CACHE_KEY_SIZE);
  XXH3_state_t *state = XXH3_createState();
  if (!state || XXH3_64bits_reset(state) != XXH_OK ||
      walk_parts(plan, take_checksum, state) != 0) {
    XXH3_freeState(state);
    snprintf(error, TABLE_CACHE_ERROR_SIZE, "out of memory");
    return -1;
  }
  header.checksum = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  output_file file;
  if (output_file_open_as(&file, path, OUTPUT_ACCESS_OWNER_ONLY) != 0) {
    snprintf(error, TABLE_CACHE_ERROR_SIZE, "cannot create %s: %s", path, strerror(errno));
    return -1;
  }
  if (fwrite(&header, sizeof header, 1, file.stream) != 1 ||
      walk_parts(plan, take_write, file.stream) != 0 || output_file_commit(&file) != 0) {
    snprintf(error, TABLE_CACHE_ERROR_SIZE, "cannot write %s: %s", path, strerror(errno));
    output_file_abort(&file);
    return -1;
  }
  return 0;
}

int table_cache_write(const evidence_table *table, const void *extra, size_t extra_size,
                      const unsigned char key[TABLE_CACHE_KEY_SIZE], const char *path,
                      char *error) {
  cache_plan plan = {0};
  int status = plan_parts(&plan, table, extra, extra_size);
  if (status != 0)
    snprintf(error, TABLE_CACHE_ERROR_SIZE, "out of memory");
  else
    status = write_file(&plan, key, path, error);
  free(plan.columns);
  free(plan.groups);
  free(plan.parts);
  return status;
}
