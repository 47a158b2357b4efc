/* report_html_writer.c: the HTML writer's output primitives, shared by the page
 * (report_html.c) and its charts (report_html_chart.c); see report_html_writer.h. */
#include "report_html_writer.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "report_escape.h"
#include "report_values.h"

void html_put(html_writer *h, const char *markup) { report_put(&h->sink, markup); }

void html_put_format(html_writer *h, const char *format, ...) {
  char buf[512]; /* our markup with a few numbers: far shorter than this */
  va_list args;
  va_start(args, format);
  int n = vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  if (n < 0 || (size_t)n >= sizeof buf) {
    if (!h->sink.error) h->sink.error = EOVERFLOW; /* a bug in this file, not in the plan */
    return;
  }
  report_put_bytes(&h->sink, buf, (size_t)n);
}

void html_put_text(html_writer *h, const char *text) {
  report_put_clean(&h->sink, text ? text : REPORT_MISSING, report_escape_html);
}

const char *html_band_class(const plan *p, double score, const char *band) {
  switch (report_band_position_of(p, report_band_index(p, score, band))) {
    case REPORT_BAND_TOP:
      return "band-top";
    case REPORT_BAND_MIDDLE:
      return "band-middle";
    case REPORT_BAND_BOTTOM:
      return "band-bottom";
    case REPORT_BAND_NONE:
      break;
  }
  return "band-none";
}
