/* fuzz_xlsx.c: the xlsx plugin's reading (plugins/xlsx/) on any bytes, through a host
 * that takes every table and aborts on a call sustain's host would refuse. An input
 * whose first byte is even is the workbook's archive itself: zip damage, bombs and
 * parts that are not where the workbook says. One whose first byte is odd is the XML
 * of the parts, separated by XLSX_FUZZ_SEPARATOR (the sheet, the shared strings, the
 * styles, the workbook, its relationships, each in place of a small valid default),
 * stored in a fresh archive, so that mutations reach the XML rather than break the
 * archive's checksums. The first byte's other bits choose options: a range, a header
 * row, declared types. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "fuzz.h"
#include "xlsx_load.h"

#define XLSX_FUZZ_SEPARATOR "\n====\n"
#define XLSX_FUZZ_PARTS 5

/* The host's source: what a table has been given so far. */
struct sustain_source {
  unsigned options;
  size_t columns;
  int failed, rows_started;
};

static const char *fuzz_option(sustain_source *source, const char *name) {
  if (strcmp(name, "range") == 0 && (source->options & 2)) return "B2:D40";
  if (strcmp(name, "header_row") == 0 && (source->options & 4) && !(source->options & 2))
    return "3";
  if (strcmp(name, "types") == 0 && (source->options & 8)) return "a:number, b:date, c:text";
  if (strcmp(name, "sheet") == 0 && (source->options & 16)) return "Second";
  return NULL;
}

static void fuzz_said(sustain_source *source, const char *file, long line, long column,
                      const char *message) {
  (void)source, (void)file, (void)line, (void)column;
  if (!message || !*message) abort(); /* every problem must be said */
}

static void fuzz_error(sustain_source *source, const char *file, long line, long column,
                       const char *message) {
  fuzz_said(source, file, line, column, message);
  source->failed = 1;
}

static int fuzz_add_column(sustain_source *source, const char *name, size_t length,
                           sustain_column_type type) {
  (void)type;
  if (source->rows_started || !name || !length) abort();
  return source->failed || ++source->columns > SUSTAIN_MAX_COLUMNS ? -1 : 0;
}

static int fuzz_append_cells(sustain_source *source, const sustain_cell *cells,
                             size_t cell_count, size_t row_count, const long *lines) {
  (void)lines;
  if (source->failed || !source->columns || cell_count != row_count * source->columns) abort();
  volatile unsigned char sum = 0;
  for (size_t i = 0; i < cell_count; i++) /* every byte the plugin gives must be readable */
    for (size_t b = 0; b < cells[i].length; b++) sum ^= (unsigned char)cells[i].text[b];
  source->rows_started = 1;
  return 0;
}

static int fuzz_stop_requested(sustain_source *source) { return source->failed; }

/* ABI 1.0's cell functions: the plugin must use append_cells of this host. */
static int fuzz_unexpected_text(sustain_source *source, const char *text, size_t length) {
  (void)source, (void)text, (void)length;
  abort();
}
static int fuzz_unexpected_number(sustain_source *source, double value) {
  (void)source, (void)value;
  abort();
}
static int fuzz_unexpected(sustain_source *source) {
  (void)source;
  abort();
}
static int fuzz_unexpected_row(sustain_source *source, long line) {
  (void)source, (void)line;
  abort();
}

static const sustain_host fuzz_host = {
    .size = sizeof(sustain_host), .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR,
    .option = fuzz_option, .error = fuzz_error, .add_column = fuzz_add_column,
    .append_text = fuzz_unexpected_text, .append_number = fuzz_unexpected_number,
    .append_missing = fuzz_unexpected, .end_row = fuzz_unexpected_row,
    .stop_requested = fuzz_stop_requested, .append_cells = fuzz_append_cells,
    .warning = fuzz_said};

static const char *const part_names[XLSX_FUZZ_PARTS] = {
    "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels"};

static const char *const part_defaults[XLSX_FUZZ_PARTS] = {
    "<worksheet><sheetData/></worksheet>", NULL, NULL,
    "<workbook xmlns:r=\"r\"><sheets><sheet name=\"First\" r:id=\"a\"/>"
    "<sheet name=\"Second\" r:id=\"a\"/></sheets></workbook>",
    "<Relationships><Relationship Id=\"a\" Target=\"worksheets/sheet1.xml\"/></Relationships>"};

/* The parts' XML in a stored archive, malloc'd into *archive; 0, or -1. */
static int build_archive(const uint8_t *data, size_t size, void **archive, size_t *length) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t *out = zip_source_buffer_create(NULL, 0, 0, &error);
  zip_t *zip = out ? zip_open_from_source(out, ZIP_TRUNCATE, &error) : NULL;
  zip_error_fini(&error);
  if (!zip) {
    if (out) zip_source_free(out);
    return -1;
  }
  zip_source_keep(out);
  const char *at = (const char *)data, *end = (const char *)data + size;
  for (size_t p = 0; p < XLSX_FUZZ_PARTS; p++) {
    const char *text = part_defaults[p];
    size_t text_length = text ? strlen(text) : 0;
    if (at && at <= end) {
      const char *next = memmem(at, (size_t)(end - at), XLSX_FUZZ_SEPARATOR,
                                sizeof XLSX_FUZZ_SEPARATOR - 1);
      text = at;
      text_length = (size_t)((next ? next : end) - at);
      at = next ? next + sizeof XLSX_FUZZ_SEPARATOR - 1 : NULL;
    }
    if (!text) continue;
    zip_source_t *part = zip_source_buffer(zip, text, text_length, 0);
    zip_int64_t index = part ? zip_file_add(zip, part_names[p], part, 0) : -1;
    if (index < 0 && part) zip_source_free(part);
    if (index >= 0) zip_set_file_compression(zip, (zip_uint64_t)index, ZIP_CM_STORE, 0);
  }
  int status = zip_close(zip) == 0 ? 0 : -1;
  if (status != 0) zip_discard(zip);
  zip_stat_t stat;
  if (status == 0 && zip_source_stat(out, &stat) == 0 && zip_source_open(out) == 0) {
    *length = (size_t)stat.size;
    *archive = malloc(*length ? *length : 1);
    if (!*archive || zip_source_read(out, *archive, *length) != (zip_int64_t)*length) status = -1;
    zip_source_close(out);
  } else {
    status = -1;
  }
  zip_source_free(out);
  return status;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  sustain_source source = {.options = data[0]};
  xlsx_load load = {.host = &fuzz_host, .source = &source, .path = "fuzz.xlsx"};
  void *archive = NULL;
  size_t length = size - 1;
  const void *bytes = data + 1;
  if (data[0] & 1) {
    if (build_archive(data + 1, size - 1, &archive, &length) != 0) {
      free(archive);
      return 0;
    }
    bytes = archive;
  }
  char error[XLSX_MESSAGE_SIZE] = "";
  int failed = xlsx_options_read(&load) != 0 ||
               xlsx_zip_open_memory(&load.book.zip, bytes, length, error) != 0 ||
               xlsx_source_read(&load) != 0;
  /* failing says why: to the host, or (an archive that does not open) in error */
  if (failed ? !source.failed && !error[0] : source.failed) abort();
  xlsx_load_free(&load);
  free(archive);
  return 0;
}
