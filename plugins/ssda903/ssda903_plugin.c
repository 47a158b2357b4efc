/* ssda903_plugin.c: the ssda903 data-source plugin: one table of an SSDA903 return, as a
 * council's case-management system exports it in XML. It checks its options, declares
 * the table's columns (ssda903_layout.c), feeds the file to the reader
 * (ssda903_reader.c) a piece at a time and hands each child's rows to the host, with the
 * authority the `la` option names in front when the source has an authority column.
 * Problems go to host->error with file, line and column; unknown elements to
 * host->warning. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ssda903_layout.h"
#include "ssda903_reader.h"
#include "sustain/plugin.h"

/* Bytes of the file read at once. */
#define SSDA903_READ_CHUNK (64 * 1024)

/* The authority column's name when the source gives none but the la option is set. */
#define SSDA903_DEFAULT_AUTHORITY_COLUMN "la"

/* How many bytes of an option's value a message quotes. */
#define SSDA903_QUOTE_MAX 60

static const sustain_option ssda903_options[] = {
    {"path", "the SSDA903 XML file, as the case-management system exports it", 1,
     SUSTAIN_OPTION_PATH, NULL},
    {"table",
     "which part of the return: header, episodes, reviews, uasc, oc2, oc3, ad1, "
     "placed_adoption, previous_permanence or missing",
     1, SUSTAIN_OPTION_TEXT, NULL},
    {"la", "the [authority] ID whose return this is, for the source's authority column", 0,
     SUSTAIN_OPTION_TEXT, NULL},
    {NULL, NULL, 0, SUSTAIN_OPTION_TEXT, NULL},
};

/* Everything one load needs; lives on load's stack, so loads never share state. */
typedef struct ssda903_load {
  const sustain_host *host;
  sustain_source *source;
  const char *path;
  const char *authority; /* the la option, or NULL: then no authority column */
  size_t width;          /* the table's columns, without the authority's */
  sustain_cell *cells;   /* rows with the authority in front */
  size_t cells_capacity;
} ssda903_load;

/* ** {======================================================
** Options and columns
** ======================================================= */

/* Reports a problem with the options, against the source's line of the config. */
__attribute__((format(printf, 2, 3))) static int option_error(const ssda903_load *load,
                                                              const char *format, ...) {
  char message[SSDA903_MESSAGE_SIZE];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof message, format, args);
  va_end(args);
  load->host->error(load->source, NULL, 0, 0, message);
  return -1;
}

/* The authority column: the source's authority_column, else "la" when the la option is
 * set; NULL for none. Fails when the source has an authority column but no la, since
 * the file itself never says whose it is. */
static int authority_column(const ssda903_load *load, const ssda903_table *table,
                            const char **name) {
  const char *configured = SUSTAIN_HOST_HAS(load->host, authority_column)
                               ? load->host->authority_column(load->source)
                               : NULL;
  *name = configured ? configured : load->authority ? SSDA903_DEFAULT_AUTHORITY_COLUMN : NULL;
  if (configured && !load->authority)
    return option_error(load,
                        "authority_column = %.*s, but an SSDA903 file does not say whose "
                        "return it is: add la = the ID of the [authority] it is from",
                        SSDA903_QUOTE_MAX, configured);
  for (size_t c = 0; *name && c < load->width; c++) {
    int field = ssda903_table_field(table, table->columns[c]);
    if (strcmp(ssda903_fields[field].column, *name) == 0)
      return option_error(load,
                          "the authority column %s has the name of a column of table %s: "
                          "name it otherwise, e.g. authority_column = la",
                          *name, table->name);
  }
  return 0;
}

static int declare_columns(const ssda903_load *load, const ssda903_table *table) {
  const char *authority;
  if (authority_column(load, table, &authority) != 0) return -1;
  if (authority && load->host->add_column(load->source, authority, strlen(authority),
                                          SUSTAIN_COLUMN_TEXT) != 0)
    return -1;
  for (size_t c = 0; c < load->width; c++) {
    const ssda903_field *field = &ssda903_fields[ssda903_table_field(table, table->columns[c])];
    if (load->host->add_column(load->source, field->column, strlen(field->column),
                               field->type) != 0)
      return -1;
  }
  return 0;
}

/* }====================================================== */

/* ** {======================================================
** Rows and messages
** ======================================================= */

/* Hands rows to the host cell by cell, for a host older than append_cells. */
static int append_one_by_one(const ssda903_load *load, const sustain_cell *cells, size_t width,
                             size_t row_count, const long *lines) {
  for (size_t i = 0; i < row_count; i++) {
    for (size_t c = 0; c < width; c++) {
      const sustain_cell *cell = &cells[i * width + c];
      if (load->host->append_text(load->source, cell->text, cell->length) != 0) return -1;
    }
    if (load->host->end_row(load->source, lines[i]) != 0) return -1;
  }
  return 0;
}

/* The reader's rows, with the authority in front when there is one. */
static int take_rows(void *context, const sustain_cell *cells, size_t row_count,
                     const long *lines) {
  ssda903_load *load = context;
  size_t width = load->width;
  if (load->authority) {
    size_t needed = row_count * (width + 1);
    if (needed > load->cells_capacity) {
      sustain_cell *grown = realloc(load->cells, needed * sizeof *grown);
      if (!grown) return option_error(load, "out of memory while reading the file");
      load->cells = grown, load->cells_capacity = needed;
    }
    for (size_t i = 0; i < row_count; i++) {
      sustain_cell *row = load->cells + i * (width + 1);
      row[0] = (sustain_cell){load->authority, strlen(load->authority)};
      memcpy(row + 1, cells + i * width, width * sizeof *cells);
    }
    cells = load->cells, width++;
  }
  if (SUSTAIN_HOST_HAS(load->host, append_cells))
    return load->host->append_cells(load->source, cells, row_count * width, row_count, lines);
  return append_one_by_one(load, cells, width, row_count, lines);
}

static void take_message(void *context, int is_error, long line, long column, const char *text) {
  const ssda903_load *load = context;
  if (is_error) load->host->error(load->source, load->path, line, column, text);
  else if (SUSTAIN_HOST_HAS(load->host, warning))
    load->host->warning(load->source, load->path, line, column, text);
}

/* }====================================================== */

/* ** {======================================================
** Loading
** ======================================================= */

/* Feeds the file to the reader a chunk at a time, until its end or a stop. */
static int read_file(ssda903_load *load, ssda903_reader *reader, FILE *file) {
  char *chunk = malloc(SSDA903_READ_CHUNK);
  if (!chunk) return option_error(load, "out of memory while reading the file");
  int status = 0;
  for (;;) {
    if (SUSTAIN_HOST_HAS(load->host, stop_requested) &&
        load->host->stop_requested(load->source)) {
      status = -1;
      break;
    }
    size_t got = fread(chunk, 1, SSDA903_READ_CHUNK, file);
    if (ferror(file)) {
      load->host->error(load->source, load->path, 0, 0,
                        "cannot read the file: a read failed; check the disk or the network "
                        "share it is on");
      status = -1;
      break;
    }
    int last = got < SSDA903_READ_CHUNK && feof(file);
    if (ssda903_reader_feed(reader, chunk, got, last) != 0) {
      status = -1;
      break;
    }
    if (last) break;
  }
  free(chunk);
  return status;
}

static int ssda903_load_source(const sustain_host *host, sustain_source *source) {
  ssda903_load load = {.host = host, .source = source};
  load.path = host->option(source, "path");
  load.authority = host->option(source, "la");
  const char *name = host->option(source, "table");
  const ssda903_table *table = name ? ssda903_table_named(name) : NULL;
  if (!table)
    return option_error(&load, "option table: \"%.*s\" is not a part of the return sustain "
                               "reads: use one of %s",
                        SSDA903_QUOTE_MAX, name ? name : "", ssda903_table_names());
  load.width = ssda903_table_width(table);
  if (declare_columns(&load, table) != 0) return -1;
  FILE *file = fopen(load.path, "rb");
  if (!file) {
    char message[SSDA903_MESSAGE_SIZE];
    snprintf(message, sizeof message, "cannot open the file: %s", strerror(errno));
    host->error(source, load.path, 0, 0, message);
    return -1;
  }
  ssda903_sink sink = {&load, take_rows, take_message};
  ssda903_reader *reader = ssda903_reader_new(table, &sink);
  int status = reader ? read_file(&load, reader, file)
                      : option_error(&load, "out of memory while reading the file");
  ssda903_reader_free(reader);
  fclose(file);
  free(load.cells);
  return status;
}

SUSTAIN_PLUGIN_DEFINE = {
    .abi_major = SUSTAIN_PLUGIN_ABI_MAJOR,
    .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR,
    .size = sizeof(sustain_plugin_descriptor),
    .name = "ssda903",
    .version = "1.0.0",
    .description = "SSDA903 returns in XML, as case-management systems export them: one "
                   "part of the return (OC3, episodes, ...) per source",
    .options = ssda903_options,
    .load = ssda903_load_source,
};

/* }====================================================== */
