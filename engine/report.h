/* report.h: writing a finished plan in each output format.
 * Writers read the plan only; they never touch Lua, plugins or config. */
#ifndef SUSTAIN_REPORT_H
#define SUSTAIN_REPORT_H

#include <stdio.h>

#include "plan.h"

typedef enum report_format {
  REPORT_TEXT,
  REPORT_MARKDOWN,
  REPORT_JSON
} report_format;

/* Parses a format name ("text", "markdown", "json"). Returns 0 or -1 when unknown. */
int report_format_parse(const char *name, report_format *out);
const char *report_format_name(report_format format);

/* Writes the plan. Returns 0, or -1 when writing failed (errno is set). */
int report_write(const plan *p, report_format format, FILE *out);

int report_write_text(const plan *p, FILE *out, int color);
int report_write_markdown(const plan *p, FILE *out);
int report_write_json(const plan *p, FILE *out);

#endif
