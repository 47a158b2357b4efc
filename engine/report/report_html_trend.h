/* report_html_trend.h: an authority's scores over time as a line chart (report_html_trend.c),
 * drawn for the plan page (report_html.c, from plan_authority.trend) and for `sustain
 * history`'s page (engine/history/history_report.c, from a trajectory) through the HTML
 * writer's primitives, so the two pages show trends alike. */
#ifndef SUSTAIN_REPORT_HTML_TREND_H
#define SUSTAIN_REPORT_HTML_TREND_H

#include <stddef.h>

#include "plan.h"
#include "report_html_writer.h"

/* What a trend chart shows. */
typedef struct html_trend {
  const char *name;      /* whose scores: the authority's name, for the words */
  const char *pilot_end; /* YYYY-MM-DD, or NULL when the config gives none */
  const plan_trend *trend;
  const char *const *ingredient_names; /* one per column of trend->ingredients */
  size_t ingredient_count;
  const char *current; /* NULL, or the date of the point that is this plan */
  int table;           /* add the table of the figures (0: the page has one of its own) */
  const int *largest_fall; /* NULL, or per point: nonzero where the overall score's largest
                              fall ends, circled on the chart */
} html_trend;

/* The trend of authority number `index` (1-based, for unique element ids): with two points
 * or more, an <svg role="img"> on a time scale (dated ticks, the points where they fall)
 * with the overall score and one line per ingredient, the band thresholds of h->plan and
 * the pilot's end marked, its words in <title> and <desc>, a legend, and (t->table) a
 * table with the same figures; with fewer, a sentence saying why there is no chart. */
void html_trend_figure(html_writer *h, const html_trend *t, size_t index);

/* The plan page's "Scores over time" of an authority (plan.history only). */
void html_trend_section(html_writer *h, const plan_authority *a, size_t index);

/* The chart's rules, for the page's <style> after the page's own stylesheet. */
extern const char html_trend_stylesheet[];

#endif
