/* xlsx_report.c: messages located as Excel locates a cell, FILE!SHEET!B7 (FILE!SHEET!7:7
 * for a whole row, FILE!SHEET for the sheet), so a reader goes
 * straight to it. They never quote a cell's value: it may be a young person's. */
#include <stdarg.h>
#include <stdio.h>

#include "xlsx_cell.h"
#include "xlsx_load.h"

/* Room for a message, and for its location. */
#define XLSX_REPORT_SIZE 768
#define XLSX_WHERE_SIZE 4096

static void where(const xlsx_load *load, unsigned long row, unsigned long column,
                  char out[XLSX_WHERE_SIZE]) {
  char ref[XLSX_REF_SIZE];
  if (!row) {
    snprintf(out, XLSX_WHERE_SIZE, "%s!%s", load->path, load->sheet_name);
  } else if (column) {
    xlsx_ref_format(row, column, ref);
    snprintf(out, XLSX_WHERE_SIZE, "%s!%s!%s", load->path, load->sheet_name, ref);
  } else {
    snprintf(out, XLSX_WHERE_SIZE, "%s!%s!%lu:%lu", load->path, load->sheet_name, row, row);
  }
}

/* Says message at the cell: as an error, or as a warning when the host can take one. */
__attribute__((format(printf, 5, 0))) static void say_at(xlsx_load *load, int warning,
                                                         unsigned long row, unsigned long column,
                                                         const char *format, va_list args) {
  if (warning && !SUSTAIN_HOST_HAS(load->host, warning)) return; /* a host before ABI 1.5 */
  char message[XLSX_REPORT_SIZE], at[XLSX_WHERE_SIZE];
  vsnprintf(message, sizeof message, format, args);
  where(load, row, column, at);
  if (warning) {
    load->host->warning(load->source, at, 0, 0, message);
  } else {
    load->host->error(load->source, at, 0, 0, message);
    load->failed = 1;
  }
}

void xlsx_error_at(xlsx_load *load, unsigned long row, unsigned long column,
                   const char *format, ...) {
  va_list args;
  va_start(args, format);
  say_at(load, 0, row, column, format, args);
  va_end(args);
}

void xlsx_warn_at(xlsx_load *load, unsigned long row, unsigned long column,
                  const char *format, ...) {
  va_list args;
  va_start(args, format);
  say_at(load, 1, row, column, format, args);
  va_end(args);
}

void xlsx_error(xlsx_load *load, const char *file, const char *format, ...) {
  char message[XLSX_REPORT_SIZE];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof message, format, args);
  va_end(args);
  load->host->error(load->source, file, 0, 0, message);
  load->failed = 1;
}
