/* fake_host.c: a recording host for plugin tests; see fake_host.h. */
#include "fake_host.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growing text buffer. */
typedef struct text_log {
  char *text;
  size_t length, capacity;
} text_log;

__attribute__((format(printf, 2, 3))) static void log_printf(text_log *log, const char *format,
                                                             ...) {
  va_list args;
  va_start(args, format);
  int needed = vsnprintf(NULL, 0, format, args);
  va_end(args);
  assert_true(needed >= 0);
  if (log->length + (size_t)needed + 1 > log->capacity) {
    size_t capacity = log->capacity ? log->capacity : 256;
    while (capacity < log->length + (size_t)needed + 1) capacity *= 2;
    log->text = realloc(log->text, capacity);
    assert_non_null(log->text);
    log->capacity = capacity;
  }
  va_start(args, format);
  vsnprintf(log->text + log->length, log->capacity - log->length, format, args);
  va_end(args);
  log->length += (size_t)needed;
}

struct sustain_source {
  const char *const *options;
  text_log table, errors;
  int columns, cells, rows;
  int protocol_broken;
};

static const char *fake_option(sustain_source *source, const char *name) {
  for (const char *const *o = source->options; o[0]; o += 2)
    if (strcmp(o[0], name) == 0) return o[1];
  return NULL;
}

static void fake_error(sustain_source *source, const char *file, long line, long column,
                       const char *message) {
  log_printf(&source->errors, "%s:%ld:%ld: %s\n", file ? file : "-", line, column,
             message ? message : "(null)");
}

static int fake_add_column(sustain_source *source, const char *name, size_t length,
                           sustain_column_type type) {
  static const char *const type_names[] = {"infer", "number", "text", "date"};
  if (source->rows > 0 || source->cells > 0 || !name || length == 0 ||
      (unsigned)type > SUSTAIN_COLUMN_DATE) {
    source->protocol_broken = 1;
    return -1;
  }
  log_printf(&source->table, "%s%.*s:%s", source->columns ? " " : "", (int)length, name,
             type_names[type]);
  source->columns++;
  return 0;
}

/* Starts a cell: the line of columns ends before the first cell of the first row. */
static int begin_cell(sustain_source *source) {
  if (source->columns == 0 || source->cells == source->columns) {
    source->protocol_broken = 1;
    return -1;
  }
  if (source->rows == 0 && source->cells == 0) log_printf(&source->table, "\n");
  if (source->cells > 0) log_printf(&source->table, " ");
  source->cells++;
  return 0;
}

static int fake_append_text(sustain_source *source, const char *text, size_t length) {
  if (begin_cell(source) != 0) return -1;
  if (length == 0)
    log_printf(&source->table, "-");
  else
    log_printf(&source->table, "'%.*s'", (int)length, text);
  return 0;
}

static int fake_append_number(sustain_source *source, double value) {
  if (begin_cell(source) != 0) return -1;
  log_printf(&source->table, "%.17g", value);
  return 0;
}

static int fake_append_missing(sustain_source *source) {
  if (begin_cell(source) != 0) return -1;
  log_printf(&source->table, "-");
  return 0;
}

static int fake_end_row(sustain_source *source, long line) {
  (void)line;
  if (source->cells != source->columns) {
    source->protocol_broken = 1;
    return -1;
  }
  log_printf(&source->table, "\n");
  source->cells = 0;
  source->rows++;
  return 0;
}

fake_result fake_host_load(const sustain_plugin_descriptor *plugin,
                           const char *const *options) {
  const sustain_host host = {
      .size = sizeof(sustain_host),
      .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR,
      .option = fake_option,
      .error = fake_error,
      .add_column = fake_add_column,
      .append_text = fake_append_text,
      .append_number = fake_append_number,
      .append_missing = fake_append_missing,
      .end_row = fake_end_row,
  };
  sustain_source source = {.options = options};
  log_printf(&source.table, "%s", "");
  log_printf(&source.errors, "%s", "");
  int status = plugin->load(&host, &source);
  if (source.columns > 0 && source.rows == 0 && source.cells == 0)
    log_printf(&source.table, "\n"); /* an empty table still ends its line of columns */
  return (fake_result){status, source.table.text, source.errors.text, source.protocol_broken};
}

void fake_result_free(fake_result *result) {
  free(result->table);
  free(result->errors);
  *result = (fake_result){0};
}
