/* report_html_writer.c: the HTML writer's output primitives, shared by the page
 * (report_html.c) and its charts (report_html_chart.c); see report_html_writer.h. */
#include "report_html_writer.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

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

/* The five characters with a meaning in HTML become references, so plan text is inert in
 * content and in double- or single-quoted attributes; control characters (which HTML
 * forbids or folds) become spaces. */
static const char *html_escape(unsigned char c) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\'':
      return "&#39;";
  }
  return c < 0x20 || c == 0x7f ? " " : NULL;
}

void html_put_text(html_writer *h, const char *text) {
  report_put_clean(&h->sink, text ? text : REPORT_MISSING, html_escape);
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
