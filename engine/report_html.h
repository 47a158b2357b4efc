/* report_html.h: what the two halves of the HTML writer share. report_html.c writes the
 * page (structure, tables, the summary); report_html_chart.c draws the inline SVG charts.
 * Private to the writer: the rest of the engine knows only report_write_html (report.h). */
#ifndef SUSTAIN_REPORT_HTML_H
#define SUSTAIN_REPORT_HTML_H

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

/* The figures of authority number `index` (1-based, for unique element ids): a radar of
 * the ingredient scores with the stage weights, and the overall score against the
 * plan's band thresholds. Each is an <svg role="img"> with a <title> and a <desc> that
 * say in words what it shows. */
void html_radar_chart(html_writer *h, const plan_authority *a, size_t index);
void html_band_scale(html_writer *h, const plan_authority *a, size_t index);

#endif
