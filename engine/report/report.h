/* report.h: writing a finished plan in each output format.
 * Writers read the plan only; they never touch Lua, plugins or config. What they share
 * (how values are shown, output, the plain-English summary) is in report_values.h,
 * report_sink.h and report_summary.h; docs/reports.md describes every format. */
#ifndef SUSTAIN_REPORT_H
#define SUSTAIN_REPORT_H

#include <stdio.h>

#include "output_format.h"
#include "plan.h"

/* A plan is written in every output format (output_format.h holds their names). */
typedef enum report_format {
  REPORT_TEXT = OUTPUT_TEXT,
  REPORT_MARKDOWN = OUTPUT_MARKDOWN,
  REPORT_JSON = OUTPUT_JSON,
  REPORT_CSV = OUTPUT_CSV,
  REPORT_HTML = OUTPUT_HTML,
  REPORT_XLSX = OUTPUT_XLSX
} report_format;

/* Parses a format name ("text", "markdown", "json", "csv", "html", "xlsx"). Returns 0 or -1 when
 * unknown. */
int report_format_parse(const char *name, report_format *out);
const char *report_format_name(report_format format);

/* Writes the plan. Returns 0, or -1 when writing failed (errno is set). Text is written
 * without colour and wrapped at REPORT_TEXT_WIDTH. */
int report_write(const plan *p, report_format format, FILE *out);

/* How a text plan is laid out for where it goes; the command line decides (terminal.h). */
typedef struct report_text_style {
  int color;    /* ANSI colour, around text that is there anyway */
  size_t width; /* lines wider than this many columns are wrapped at spaces, with hanging
                   indents (report_wrap.h); 0: never */
} report_text_style;

/* The width text is wrapped at when nothing says otherwise: not a terminal. */
#define REPORT_TEXT_WIDTH 80

int report_write_text(const plan *p, FILE *out, report_text_style style);
int report_write_markdown(const plan *p, FILE *out);
int report_write_json(const plan *p, FILE *out);

/* The ranked actions, one row each, for a spreadsheet or an action tracker (RFC 4180). */
int report_write_csv(const plan *p, FILE *out);

/* One self-contained page with charts: no scripts, no external requests. */
int report_write_html(const plan *p, FILE *out);

/* An Excel workbook to track the actions in: About, Actions (every authority's actions with
 * status, due date and notes to fill in) and Scores. The workbook is made whole before its
 * first byte reaches out, so a failure writes nothing. Refuses a terminal (ENOTTY). */
int report_write_xlsx(const plan *p, FILE *out);

#endif
