/* fuzz_csv.c: the CSV parser (plugins/csv/csv_reader.c) on any bytes, and the
 * host's table builder on whatever it parses: the first record names the
 * columns, every other record is a row, the first column is the authority.
 * The first byte picks the delimiter, so every delimiter path is reached.
 * The same bytes are parsed again with a handler that takes records whole,
 * whole and in two parts, and with runs of plain records read as the csv plugin
 * reads them (csv_rows.c), and every way must give the same fields, or the same
 * error. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "csv_rows.h"
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

/* A digest of the events of a parse, to compare two ways of parsing. */
typedef struct digest {
  uint64_t hash;
  size_t events;
} digest;

static void digest_add(digest *d, const void *bytes, size_t length) {
  const unsigned char *p = bytes;
  for (size_t i = 0; i < length; i++) d->hash = (d->hash ^ p[i]) * 1099511628211u;
  d->events++;
}

static int digest_field(void *context, const char *bytes, size_t length, int was_quoted,
                        size_t offset) {
  (void)offset;
  digest_add(context, was_quoted ? "{" : "[", 1);
  digest_add(context, bytes, length);
  return 0;
}

static int digest_record(void *context, long line, size_t start_offset, size_t end_offset) {
  (void)start_offset, (void)end_offset;
  digest_add(context, &line, sizeof line);
  return 0;
}

static int digest_whole(void *context, const csv_field *fields, size_t count, long line,
                        size_t start_offset, size_t end_offset) {
  for (size_t i = 0; i < count; i++)
    digest_field(context, fields[i].bytes, fields[i].length, fields[i].quoted, fields[i].offset);
  return digest_record(context, line, start_offset, end_offset);
}

/* Parsing with runs of plain records read by csv_plain_rows after the first
 * record, as the csv plugin reads them, digested as the parser gives them. */
typedef struct runs {
  digest d;
  unsigned char delimiter;
  size_t columns, run_rows; /* fields of the first record; rows a run reads at most */
} runs;

static int runs_whole(void *context, const csv_field *fields, size_t count, long line,
                      size_t start_offset, size_t end_offset) {
  runs *r = context;
  if (!r->columns) r->columns = count;
  return digest_whole(&r->d, fields, count, line, start_offset, end_offset);
}

static int runs_plain(void *context, const char *at, size_t available, long line,
                      size_t *taken, size_t *records) {
  runs *r = context;
  if (!r->columns || r->columns > 64) return 0;
  sustain_cell cells[4 * 64];
  const char *next;
  size_t rows = csv_plain_rows(at, at + available, r->delimiter, r->columns, cells, r->run_rows,
                               &next);
  if (rows > r->run_rows || (rows && (next <= at || next > at + available))) abort();
  for (size_t i = 0; i < rows; i++) {
    for (size_t c = 0; c < r->columns; c++) {
      const sustain_cell *cell = &cells[i * r->columns + c];
      if (cell->text < at || cell->text + cell->length > next) abort();
      digest_field(&r->d, cell->text, cell->length, 0, 0);
    }
    digest_record(&r->d, line + (long)i, 0, 0);
  }
  *taken = rows ? (size_t)(next - at) : 0;
  *records = rows;
  return 0;
}

/* Aborts unless the other way of parsing agrees with the field by field one. */
static void same(int status, const digest *d, const csv_error *e, int other_status,
                 const digest *other, const csv_error *other_error) {
  if (other_status != status) abort();
  if (status == CSV_OK && (other->hash != d->hash || other->events != d->events)) abort();
  if (status == CSV_MALFORMED &&
      (other_error->line != e->line || other_error->column != e->column ||
       strcmp(other_error->message, e->message) != 0))
    abort();
}

static void parse_every_way(const uint8_t *data, size_t size, const csv_options *options) {
  digest fields = {14695981039346656037u, 0};
  csv_error error;
  const csv_handler by_field = {digest_field, digest_record, &fields, NULL, NULL};
  int status = csv_parse((const char *)data, size, options, &by_field, &error);

  digest whole = {14695981039346656037u, 0};
  csv_error whole_error;
  const csv_handler by_record = {NULL, NULL, &whole, digest_whole, NULL};
  same(status, &fields, &error,
       csv_parse((const char *)data, size, options, &by_record, &whole_error), &whole,
       &whole_error);

  runs plain = {{14695981039346656037u, 0}, options->delimiter, 0, 1 + size % 4};
  csv_error plain_error;
  const csv_handler by_runs = {NULL, NULL, &plain, runs_whole, runs_plain};
  same(status, &fields, &error,
       csv_parse((const char *)data, size, options, &by_runs, &plain_error), &plain.d,
       &plain_error);

  const uint8_t *feed = size ? memchr(data + size / 2, '\n', size - size / 2) : NULL;
  if (!feed) return;
  digest parts = {14695981039346656037u, 0};
  csv_error parts_error;
  const csv_handler in_parts = {NULL, NULL, &parts, digest_whole, NULL};
  csv_progress progress = {.line = 1, .first = 1, .last = 0};
  size_t cut = (size_t)(feed - data) + 1;
  int parts_status = csv_parse_part((const char *)data, cut, options, &in_parts, &parts_error,
                                    &progress);
  if (parts_status == CSV_OK) {
    size_t consumed = progress.consumed;
    progress.first = progress.first && consumed == 0;
    progress.last = 1;
    parts_status = csv_parse_part((const char *)data + consumed, size - consumed, options,
                                  &in_parts, &parts_error, &progress);
  }
  same(status, &fields, &error, parts_status, &parts, &parts_error);
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
  parse_every_way(data, size, &options);
  csv_handler handler = {on_field, on_record, &f, NULL, NULL};
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
