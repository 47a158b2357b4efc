/* table_builder_limits.c: how large a source's table may grow ([limits]
 * source_rows and source_memory_mb), and the memory a builder holds; see
 * table_builder.h. A limit reached fails the host function the plugin called,
 * which tells the plugin to stop. */
#include <stdio.h>

#include "table_builder_internal.h"

/* Megabytes, for messages and [limits] keys. */
#define TABLE_LIMITS_MB (1024 * 1024)

void table_builder_set_limits(table_builder *b, table_limits limits, uint32_t parts) {
  b->limits = limits;
  b->share = parts ? parts : 1;
}

/* The bytes one row takes in a column's row storage. */
static size_t row_width(const evidence_column *column) {
  if (column->skipped) return 0; /* no storage until the table is finished */
  if (column->storage == EVIDENCE_CODED) return column->width;
  return column->type == EVIDENCE_TEXT ? sizeof(uint32_t) : sizeof(double);
}

/* The bytes a column holds beside its row storage. */
static size_t column_extras(const evidence_column *column, const column_builder *cb) {
  const evidence_dictionary *d = &column->dictionary;
  size_t bytes = d->byte_capacity + d->capacity * 2 * sizeof(uint32_t) +
                 d->slot_count * sizeof(uint64_t) + cb->value_capacity * sizeof(double);
  if (column->storage == EVIDENCE_PLAIN && column->type == EVIDENCE_TEXT)
    bytes += cb->text_capacity + sizeof(uint32_t); /* offsets has one entry more */
  if (cb->caches) bytes += sizeof *cb->caches;
  if (cb->caches) bytes += cb->caches->more_slots * sizeof *cb->caches->more;
  if (cb->parsed) bytes += TABLE_BUILDER_PARSED * sizeof *cb->parsed;
  return bytes;
}

size_t table_builder_memory(const table_builder *b) {
  const evidence_table *t = b->table;
  if (!t) return 0;
  size_t bytes = b->column_capacity * (sizeof(evidence_column) + sizeof(column_builder) +
                                       2 * sizeof(size_t)) +
                 b->name_slot_count * sizeof(uint32_t) + b->row_capacity_bytes;
  for (size_t c = 0; c < t->column_count; c++)
    bytes += b->row_capacity * row_width(&t->columns[c]) +
             column_extras(&t->columns[c], &b->columns[c]);
  return bytes;
}

/* The limits this builder answers to: its share of the source's. */
static size_t share_of(const table_builder *b, size_t whole) {
  return whole / (b->share ? b->share : 1);
}

/* Fails with the message of the memory limit. */
static int over_memory(table_builder *b, char *error) {
  snprintf(error, TABLE_BUILDER_ERROR_SIZE,
           "more than %zu MB of memory for its table after %zu rows; raise [limits] "
           "source_memory_mb if the source really is that large (a query or view that "
           "never ends is stopped here)",
           b->limits.bytes / TABLE_LIMITS_MB, b->table->row_count);
  b->limit_hit = 1;
  return -1;
}

int table_builder_check_rows(table_builder *b, size_t rows, char *error) {
  if (rows <= share_of(b, b->limits.rows)) return 0;
  snprintf(error, TABLE_BUILDER_ERROR_SIZE,
           "more than %zu rows; raise [limits] source_rows if the source really has more "
           "(a query or view that never ends is stopped here)",
           b->limits.rows);
  b->limit_hit = 1;
  return -1;
}

int table_builder_check_memory(table_builder *b, char *error) {
  if (b->limits.bytes == SIZE_MAX) return 0; /* no memory limit: no need to count */
  return table_builder_memory(b) > share_of(b, b->limits.bytes) ? over_memory(b, error) : 0;
}

int table_builder_fit_capacity(table_builder *b, size_t need, size_t *capacity, char *error) {
  if (b->limits.bytes == SIZE_MAX) return 0;
  size_t per_row = 0;
  for (size_t c = 0; c < b->table->column_count; c++) per_row += row_width(&b->table->columns[c]);
  size_t bytes = table_builder_memory(b), most = share_of(b, b->limits.bytes);
  if (per_row == 0 || (bytes <= most && (*capacity - b->row_capacity) <= (most - bytes) / per_row))
    return 0;
  /* the doubling would pass the limit: as many rows as still fit, if need does */
  size_t room = bytes < most ? (most - bytes) / per_row : 0;
  if (need - b->row_capacity > room) return over_memory(b, error);
  *capacity = b->row_capacity + room;
  return 0;
}
