/* fuzz_csv.c: the CSV parser (plugins/csv/csv_reader.c) on any bytes, and the
 * host's table builder on whatever it parses: the first record names the
 * columns, every other record is a row, the first column is the authority.
 * The first byte picks the delimiter, so every delimiter path is reached. */
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "fuzz.h"
#include "table_builder.h"

typedef struct feed {
  table_builder builder;
  int header_done, failed;
  size_t columns, cells;
  const char *data;
  size_t length;
  char error[TABLE_BUILDER_ERROR_SIZE];
} feed;

static int on_field(void *context, const char *bytes, size_t length, int was_quoted,
                    size_t offset) {
  feed *f = context;
  (void)was_quoted;
  csv_locate(f->data, f->length, 0, 1, offset); /* positions for messages must not crash */
  if (!f->header_done) {
    f->failed = table_builder_add_column(&f->builder, bytes, length, SUSTAIN_COLUMN_INFER,
                                         f->error) != 0;
    f->columns++;
  } else if (f->cells < f->columns) {
    f->failed = (length ? table_builder_append_text(&f->builder, bytes, length, f->error)
                        : table_builder_append_missing(&f->builder, f->error)) != 0;
  }
  f->cells++;
  return f->failed;
}

static int on_record(void *context, long line, size_t start_offset, size_t end_offset) {
  feed *f = context;
  csv_locate(f->data, f->length, start_offset, line, end_offset);
  if (!f->header_done) {
    f->header_done = 1;
  } else {
    while (!f->failed && f->cells < f->columns) {
      f->failed = table_builder_append_missing(&f->builder, f->error) != 0;
      f->cells++;
    }
    if (!f->failed) f->failed = table_builder_end_row(&f->builder, f->error) != 0;
  }
  f->cells = 0;
  return f->failed;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const unsigned char delimiters[] = {',', ';', '\t', '|'};
  csv_options options = {CSV_DEFAULT_DELIMITER};
  if (size > 0) {
    options.delimiter = delimiters[data[0] % sizeof delimiters];
    data++, size--;
  }
  feed f = {.data = (const char *)data, .length = size};
  if (table_builder_init(&f.builder, "fuzz", NULL) != 0) return 0;
  csv_handler handler = {on_field, on_record, &f};
  csv_error error;
  int status = csv_parse((const char *)data, size, &options, &handler, &error);
  if (status == CSV_MALFORMED && (error.line <= 0 || error.column <= 0 || !error.message[0]))
    abort(); /* every refusal has a place and a message */
  if (status == CSV_OK && f.header_done) {
    evidence_table *table = table_builder_finish(&f.builder, f.error);
    if (table) {
      evidence_view view = evidence_table_view(table, NULL);
      if (evidence_view_size(&view) > table->row_count) abort();
      evidence_table_free(table);
    }
  }
  table_builder_free(&f.builder);
  return 0;
}
