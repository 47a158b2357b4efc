/* report_html_chart.h: the inline SVG charts of the HTML report (report_html_chart.c),
 * drawn for the page (report_html.c) through the writer's primitives. */
#ifndef SUSTAIN_REPORT_HTML_CHART_H
#define SUSTAIN_REPORT_HTML_CHART_H

#include <stddef.h>

#include "plan.h"
#include "report_html_writer.h"

/* The figures of authority number `index` (1-based, for unique element ids): a radar of
 * the ingredient scores with the stage weights, and the overall score against the
 * plan's band thresholds. Each is an <svg role="img"> with a <title> and a <desc> that
 * say in words what it shows. */
void html_radar_chart(html_writer *h, const plan_authority *a, size_t index);
void html_band_scale(html_writer *h, const plan_authority *a, size_t index);

#endif
