/* fake_host.c: the recording host of plugin tests; see fake_host.h. */
#include "fake_host.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ** {======================================================
** Growing text
** ======================================================= */

void test_log_bytes(test_log *log, const char *bytes, size_t count) {
  if (log->length + count + 1 > log->capacity) {
    size_t capacity = log->capacity ? log->capacity : 256;
    while (capacity < log->length + count + 1) capacity *= 2;
    log->text = realloc(log->text, capacity);
    assert_non_null(log->text);
    log->capacity = capacity;
  }
  if (count) memcpy(log->text + log->length, bytes, count);
  log->length += count;
  log->text[log->length] = '\0';
}

void test_log_text(test_log *log, const char *text) { test_log_bytes(log, text, strlen(text)); }

void test_log_printf(test_log *log, const char *format, ...) {
  va_list args;
  va_start(args, format);
  int needed = vsnprintf(NULL, 0, format, args);
  va_end(args);
  assert_true(needed >= 0);
  char *text = malloc((size_t)needed + 1);
  assert_non_null(text);
  va_start(args, format);
  vsnprintf(text, (size_t)needed + 1, format, args);
  va_end(args);
  test_log_bytes(log, text, (size_t)needed);
  free(text);
}

void test_log_free(test_log *log) {
  free(log->text);
  *log = (test_log){0};
}

/* }====================================================== */

/* ** {======================================================
** The host functions
** ======================================================= */

static const char *fake_option(sustain_source *source, const char *name) {
  if (!name) {
    source->protocol_violations++;
    return NULL;
  }
  for (size_t i = 0; i < source->option_count; i++)
    if (strcmp(source->option_names[i], name) == 0) return source->option_values[i];
  if (source->plugin)
    for (const sustain_option *o = source->plugin->options; o->name; o++)
      if (strcmp(o->name, name) == 0) return o->default_value;
  return NULL;
}

static void fake_error_add(sustain_source *source, const char *file, long line, long column,
                           const char *message) {
  if (!message) source->protocol_violations++;
  fake_error *errors = realloc(source->errors, (source->error_count + 1) * sizeof *errors);
  assert_non_null(errors);
  source->errors = errors;
  fake_error *e = &errors[source->error_count++];
  e->file = file ? strdup(file) : NULL;
  e->line = line;
  e->column = column;
  e->message = strdup(message ? message : "(null)");
  assert_true(e->message && (!file || e->file));
  test_log_printf(&source->error_text, "%s:%ld:%ld: %s\n", file ? file : "-", line, column,
                  e->message);
  source->failed = 1;
}

/* Refuses a table call as sustain's host does after any error: -1, and a plugin
 * that goes on calling after one has broken the protocol. */
static int refuse_after_failure(sustain_source *source) {
  if (!source->failed) return 0;
  source->protocol_violations++;
  return -1;
}

/* Records a refusal of the test's choosing, as a host out of room would make one. */
static int refuse(sustain_source *source, long line, const char *message) {
  fake_error_add(source, NULL, line, 0, message);
  return -1;
}

static int fake_add_column(sustain_source *source, const char *name, size_t length,
                           sustain_column_type type) {
  static const char *const type_names[] = {"infer", "number", "text", "date"};
  if (refuse_after_failure(source) != 0) return -1;
  if (source->row_count > 0 || source->cells_in_row > 0 || !name || length == 0 ||
      (unsigned)type > SUSTAIN_COLUMN_DATE) {
    source->protocol_violations++;
    return -1;
  }
  if (source->refuse_add_column) return refuse(source, 0, "host refused the column");
  if (source->column_count > 0) test_log_text(&source->columns, " ");
  test_log_bytes(&source->columns, name, length);
  test_log_printf(&source->columns, ":%s", type_names[type]);
  source->column_count++;
  return 0;
}

/* Starts the next cell of the row, after the one before it. */
static int begin_cell(sustain_source *source) {
  if (refuse_after_failure(source) != 0) return -1;
  if (source->column_count == 0 || source->cells_in_row == source->column_count) {
    source->protocol_violations++;
    return -1;
  }
  if (source->cells_in_row > 0) test_log_text(&source->rows, " ");
  source->cells_in_row++;
  return 0;
}

static int fake_append_text(sustain_source *source, const char *text, size_t length) {
  if (begin_cell(source) != 0) return -1;
  if (length == 0) {
    test_log_text(&source->rows, "-");
  } else if (!text) {
    source->protocol_violations++;
    return -1;
  } else {
    test_log_text(&source->rows, "'");
    test_log_bytes(&source->rows, text, length);
    test_log_text(&source->rows, "'");
  }
  return 0;
}

static int fake_append_number(sustain_source *source, double value) {
  if (begin_cell(source) != 0) return -1;
  test_log_printf(&source->rows, "%.17g", value);
  return 0;
}

static int fake_append_missing(sustain_source *source) {
  if (begin_cell(source) != 0) return -1;
  test_log_text(&source->rows, "-");
  return 0;
}

static int fake_end_row(sustain_source *source, long line) {
  if (refuse_after_failure(source) != 0) return -1;
  if (source->column_count == 0 || source->cells_in_row != source->column_count) {
    source->protocol_violations++;
    return -1;
  }
  if (source->refuse_end_row ||
      (source->refuse_after_rows && source->row_count >= source->refuse_after_rows))
    return refuse(source, line, "host refused the row");
  if (line != 0) test_log_printf(&source->rows, " @%ld", line);
  test_log_text(&source->rows, "\n");
  source->cells_in_row = 0;
  source->row_count++;
  return 0;
}

/* Whole rows, recorded as the same calls cell by cell would be. */
static int append_block(sustain_source *source, const sustain_cell *cells, size_t row_count,
                        const long *lines) {
  if (source->cells_in_row != 0 || (!cells && row_count)) {
    source->protocol_violations++; /* a block does not finish a row begun cell by cell */
    return -1;
  }
  for (size_t r = 0; r < row_count; r++) {
    for (size_t c = 0; c < source->column_count; c++) {
      const sustain_cell *cell = &cells[r * source->column_count + c];
      if (fake_append_text(source, cell->text, cell->length) != 0) return -1;
    }
    if (fake_end_row(source, lines ? lines[r] : 0) != 0) return -1;
  }
  return 0;
}

static int fake_append_rows(sustain_source *source, const sustain_cell *cells, size_t row_count,
                            const long *lines) {
  return append_block(source, cells, row_count, lines);
}

/* append_rows on a host that has append_cells too: it is kept for plugins built
 * before ABI 1.4, and one built since must use append_cells, which the host can
 * check. */
static int fake_append_rows_beside_cells(sustain_source *source, const sustain_cell *cells,
                                         size_t row_count, const long *lines) {
  if (source->plugin && source->plugin->abi_minor >= SUSTAIN_HOST_SINCE_append_cells)
    source->protocol_violations++;
  return append_block(source, cells, row_count, lines);
}

static int fake_append_cells(sustain_source *source, const sustain_cell *cells,
                             size_t cell_count, size_t row_count, const long *lines) {
  if (cell_count != row_count * source->column_count) {
    source->protocol_violations++;
    return -1;
  }
  return append_block(source, cells, row_count, lines);
}

static int fake_stop_requested(sustain_source *source) {
  return source->failed || source->ask_to_stop;
}

static void fake_warning(sustain_source *source, const char *file, long line, long column,
                         const char *message) {
  if (!message) source->protocol_violations++;
  test_log_printf(&source->warning_text, "%s:%ld:%ld: %s\n", file ? file : "-", line, column,
                  message ? message : "(null)");
}

static const char *fake_authority_column(sustain_source *source) {
  return source->authority_column;
}

static const char *fake_resolve_path(sustain_source *source, const char *path) {
  if (!path || !*path) return NULL;
  assert_true(source->resolved_count < FAKE_MAX_PATHS);
  const char *dir = source->config_dir ? source->config_dir : ".";
  char *resolved = NULL;
  if (path[0] == '/') resolved = strdup(path);
  else assert_true(asprintf(&resolved, "%s/%s", dir, path) >= 0);
  assert_non_null(resolved);
  return source->resolved[source->resolved_count++] = resolved;
}

/* }====================================================== */

sustain_host fake_host(uint32_t minor) {
  sustain_host host = {.size = offsetof(sustain_host, append_rows),
                       .abi_minor = minor,
                       .option = fake_option,
                       .error = fake_error_add,
                       .add_column = fake_add_column,
                       .append_text = fake_append_text,
                       .append_number = fake_append_number,
                       .append_missing = fake_append_missing,
                       .end_row = fake_end_row};
  if (minor >= SUSTAIN_HOST_SINCE_append_rows) {
    host.append_rows = fake_append_rows;
    host.size = offsetof(sustain_host, stop_requested);
  }
  if (minor >= SUSTAIN_HOST_SINCE_append_cells) {
    host.append_rows = fake_append_rows_beside_cells;
    host.stop_requested = fake_stop_requested;
    host.append_cells = fake_append_cells;
    host.flags = 0;
    host.size = offsetof(sustain_host, warning);
  }
  if (minor >= SUSTAIN_HOST_SINCE_warning) {
    host.warning = fake_warning;
    host.authority_column = fake_authority_column;
    host.resolve_path = fake_resolve_path;
    host.size = sizeof(sustain_host);
  }
  return host;
}

void fake_source_option(sustain_source *source, const char *name, const char *value) {
  assert_true(source->option_count < FAKE_MAX_OPTIONS);
  source->option_names[source->option_count] = name;
  source->option_values[source->option_count++] = value;
}

const char *fake_table(sustain_source *source) {
  test_log_free(&source->table);
  test_log_text(&source->table, "");
  if (source->column_count > 0) {
    test_log_bytes(&source->table, source->columns.text, source->columns.length);
    test_log_text(&source->table, "\n");
  }
  if (source->rows.text) test_log_bytes(&source->table, source->rows.text, source->rows.length);
  return source->table.text;
}

void fake_source_free(sustain_source *source) {
  for (size_t i = 0; i < source->error_count; i++) {
    free(source->errors[i].file);
    free(source->errors[i].message);
  }
  free(source->errors);
  test_log_free(&source->columns);
  test_log_free(&source->rows);
  test_log_free(&source->error_text);
  test_log_free(&source->warning_text);
  for (size_t i = 0; i < source->resolved_count; i++) free(source->resolved[i]);
  test_log_free(&source->table);
  *source = (sustain_source){0};
}

fake_result fake_host_load(const sustain_plugin_descriptor *plugin,
                           const char *const *options) {
  sustain_host host = fake_host(SUSTAIN_PLUGIN_ABI_MINOR);
  sustain_source source = {.plugin = plugin};
  for (const char *const *o = options; o[0]; o += 2) fake_source_option(&source, o[0], o[1]);
  fake_result result = {.status = plugin->load(&host, &source),
                        .table = strdup(fake_table(&source)),
                        .errors = strdup(source.error_text.text ? source.error_text.text : ""),
                        .protocol_broken = source.protocol_violations > 0};
  assert_true(result.table && result.errors);
  fake_source_free(&source);
  return result;
}

void fake_result_free(fake_result *result) {
  free(result->table);
  free(result->errors);
  *result = (fake_result){0};
}
