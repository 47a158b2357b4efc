/* report_html_writer.h: what the two halves of the HTML writer share: the page
 * (report_html.c: structure, tables, the summary) and its inline SVG charts
 * (report_html_chart.c) both write through these primitives, as does the young people's
 * page (report_young_formats.c). Private to the writers: the rest of the engine knows only
 * report_write_html (report.h). */
#ifndef SUSTAIN_REPORT_HTML_WRITER_H
#define SUSTAIN_REPORT_HTML_WRITER_H

#include <stddef.h>

#include "plan.h"
#include "report_sink.h"

typedef struct html_writer {
  report_sink sink;
  const plan *plan;
} html_writer;

/* Our own markup, written as it is. */
void html_put(html_writer *h, const char *markup);

/* Our own markup with numbers in it (printf format; never plan text, which could be any
 * length and must be escaped). */
void html_put_format(html_writer *h, const char *format, ...) __attribute__((format(printf, 2, 3)));

/* Text from the plan, escaped for element content and for double-quoted attribute values
 * alike; control characters become spaces, invalid UTF-8 becomes U+FFFD. NULL shows as
 * "-" so a gap is visible. */
void html_put_text(html_writer *h, const char *text);

/* The class naming a score's band position ("band-top", "band-middle", "band-bottom", or
 * "band-none" without a score or bands); the stylesheet colours each. */
const char *html_band_class(const plan *p, double score, const char *band);

#endif
