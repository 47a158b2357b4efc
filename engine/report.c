/* report.c: format names and the dispatch to one writer per format (report_text.c,
 * report_markdown.c, report_json.c, report_csv.c, report_html.c). Colour is the caller's
 * decision (main.c knows whether stdout is a terminal), so the generic entry point writes
 * plain text. */
#include "report.h"

#include <errno.h>
#include <string.h>

/* Names in the order of the enum; the same words as --format and `format =`. */
static const char *const report_format_names[] = {"text", "markdown", "json", "csv", "html"};

#define REPORT_FORMAT_COUNT (sizeof report_format_names / sizeof report_format_names[0])

int report_format_parse(const char *name, report_format *out) {
  if (!name) return -1;
  for (size_t i = 0; i < REPORT_FORMAT_COUNT; i++) {
    if (strcmp(name, report_format_names[i]) == 0) {
      *out = (report_format)i;
      return 0;
    }
  }
  return -1;
}

const char *report_format_name(report_format format) {
  if ((size_t)format < REPORT_FORMAT_COUNT) return report_format_names[format];
  return "unknown";
}

int report_write(const plan *p, report_format format, FILE *out) {
  switch (format) {
    case REPORT_TEXT:
      return report_write_text(p, out, 0);
    case REPORT_MARKDOWN:
      return report_write_markdown(p, out);
    case REPORT_JSON:
      return report_write_json(p, out);
    case REPORT_CSV:
      return report_write_csv(p, out);
    case REPORT_HTML:
      return report_write_html(p, out);
  }
  errno = EINVAL;
  return -1;
}
