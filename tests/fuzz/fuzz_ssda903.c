/* fuzz_ssda903.c: the SSDA903 XML reader (plugins/ssda903/ssda903_reader.c) on any bytes.
 * The first byte picks the table and the size of the pieces the rest is fed in. The
 * same bytes are read whole, in those pieces and a byte at a time, and every way must
 * give the same rows, warnings and errors; except that where a file is not well-formed,
 * expat may see it a little differently (another place, or another of its reasons) as the
 * pieces come, so of its own refusals only that there was one must agree (the plugin
 * always feeds a file in the same pieces). Every row has a cell per column, every
 * date cell is a real YYYY-MM-DD date, every error has a place and a message, no row
 * follows an error, and nothing follows a refusal of rows. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ssda903_date.h"
#include "ssda903_layout.h"
#include "ssda903_reader.h"

/* Whether the sink refuses the rows of the child after this many, as a host past its
 * bounds does (0: never). */
#define FUZZ_REFUSE_EVERY 7

typedef struct outcome {
  const ssda903_table *table;
  int date_column[SSDA903_MAX_COLUMNS];
  size_t width;
  uint64_t hash;
  size_t rows, errors, warnings, refusals;
  int refuse_after; /* refuse once this many rows were taken (0: never) */
} outcome;

static void mix(outcome *o, const void *bytes, size_t length) {
  const unsigned char *p = bytes;
  for (size_t i = 0; i < length; i++) o->hash = (o->hash ^ p[i]) * 1099511628211u;
}

static int take_rows(void *context, const sustain_cell *cells, size_t row_count,
                     const long *lines) {
  outcome *o = context;
  if (o->errors || o->refusals || row_count == 0) abort(); /* nothing after a stop */
  char iso[SSDA903_ISO_DATE_SIZE];
  for (size_t r = 0; r < row_count; r++) {
    if (lines[r] < 1) abort();
    mix(o, &lines[r], sizeof lines[r]);
    for (size_t c = 0; c < o->width; c++) {
      const sustain_cell *cell = &cells[r * o->width + c];
      if (!cell->text || cell->length > SSDA903_VALUE_MAX) abort();
      if (o->date_column[c] && cell->length &&
          (ssda903_date_to_iso(cell->text, cell->length, iso) != 0 ||
           memcmp(iso, cell->text, cell->length) != 0))
        abort(); /* a date cell holds the date it stands for, as YYYY-MM-DD */
      mix(o, &cell->length, sizeof cell->length);
      mix(o, cell->text, cell->length);
    }
  }
  o->rows += row_count;
  if (o->refuse_after && o->rows >= (size_t)o->refuse_after) {
    o->refusals++;
    return -1;
  }
  return 0;
}

static void take_message(void *context, int is_error, long line, long column, const char *text) {
  outcome *o = context;
  if (o->errors || !text[0] || line < 0 || column < 0) abort();
  if (is_error && line == 0 && strncmp(text, "out of memory", 13) != 0) abort();
  if (strlen(text) >= SSDA903_MESSAGE_SIZE) abort();
  is_error ? o->errors++ : o->warnings++;
  mix(o, &is_error, sizeof is_error);
  if (is_error && (strncmp(text, "not well-formed XML", 19) == 0 ||
                   strncmp(text, "the file ends before", 20) == 0))
    return; /* expat's own refusal: see above */
  mix(o, &line, sizeof line);
  mix(o, &column, sizeof column);
  mix(o, text, strlen(text));
}

/* Reads the bytes in pieces of `piece` bytes; returns what came out. */
static outcome read_in_pieces(const ssda903_table *table, const uint8_t *data, size_t size,
                              size_t piece, int refuse_after) {
  outcome o = {.table = table, .hash = 14695981039346656037u, .refuse_after = refuse_after};
  o.width = ssda903_table_width(table);
  for (size_t c = 0; c < o.width; c++)
    o.date_column[c] =
        ssda903_fields[ssda903_table_field(table, table->columns[c])].type == SUSTAIN_COLUMN_DATE;
  ssda903_sink sink = {&o, take_rows, take_message};
  ssda903_reader *reader = ssda903_reader_new(table, &sink);
  if (!reader) return o;
  int status = 0;
  for (size_t at = 0; status == 0 && at < size; at += piece)
    status = ssda903_reader_feed(reader, (const char *)data + at,
                                 size - at < piece ? size - at : piece, 0);
  if (status == 0) status = ssda903_reader_feed(reader, NULL, 0, 1);
  if (status == 0 && (o.errors || o.refusals)) abort(); /* a stop is always said */
  if (status != 0 && !o.errors && !o.refusals) abort();
  if (ssda903_reader_feed(reader, "<", 1, 1) == 0) abort(); /* stopped stays stopped */
  ssda903_reader_free(reader);
  return o;
}

static void same(const outcome *a, const outcome *b) {
  if (a->hash != b->hash || a->rows != b->rows || a->errors != b->errors ||
      a->warnings != b->warnings || a->refusals != b->refusals)
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  const ssda903_table *table = &ssda903_tables[data[0] % SSDA903_TABLE_COUNT];
  size_t piece = 1 + (data[0] / SSDA903_TABLE_COUNT) % 13;
  int refuse_after = data[0] % FUZZ_REFUSE_EVERY == 0 ? 1 + data[0] % 3 : 0;
  data++, size--;
  outcome whole = read_in_pieces(table, data, size, size ? size : 1, refuse_after);
  outcome pieces = read_in_pieces(table, data, size, piece, refuse_after);
  same(&whole, &pieces);
  if (size <= 4096) {
    outcome bytes = read_in_pieces(table, data, size, 1, refuse_after);
    same(&whole, &bytes);
  }
  return 0;
}
