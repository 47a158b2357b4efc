/* report.c: formats by name and the dispatch to one writer per format (report_text.c,
 * report_markdown.c, report_json.c, report_csv.c, report_html.c, report_xlsx.c). Colour is
 * the caller's decision (main.c knows whether stdout is a terminal), so the generic entry
 * point writes plain text. */
#include "report.h"

#include <errno.h>

int report_format_parse(const char *name, report_format *out) {
  output_format format;
  if (output_format_parse(name, &format) != 0) return -1;
  *out = (report_format)format;
  return 0;
}

const char *report_format_name(report_format format) {
  return output_format_name((output_format)format);
}

int report_write(const plan *p, report_format format, FILE *out) {
  switch (format) {
    case REPORT_TEXT:
      return report_write_text(p, out, (report_text_style){0, REPORT_TEXT_WIDTH});
    case REPORT_MARKDOWN:
      return report_write_markdown(p, out);
    case REPORT_JSON:
      return report_write_json(p, out);
    case REPORT_CSV:
      return report_write_csv(p, out);
    case REPORT_HTML:
      return report_write_html(p, out);
    case REPORT_XLSX:
      return report_write_xlsx(p, out);
  }
  errno = EINVAL;
  return -1;
}
