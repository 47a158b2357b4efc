/* report_html_trend.c: an authority's scores over time; see report_html_trend.h.
 * The x axis is a time scale: each assessment sits at its date, so two years between
 * assessments look twice as long as one, and the ticks are dates. The y axis is the score,
 * 0 to 100, tinted by band with each threshold dashed and named. The overall score is the
 * thick dark line; each ingredient has a line of its own colour and dash, so colour is never
 * the only signal. A score missing at a point breaks its line there rather than bridging
 * the gap. The legend and the table below carry every figure in words. */
#include "report_html_trend.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "report_values.h"

/* The drawing's own units (the viewBox); the page scales it to the column's width, and on
 * a narrow screen sets its words larger so they stay readable once shrunk. */
#define TREND_WIDTH 640
#define TREND_HEIGHT 320
#define TREND_LEFT 44.0
#define TREND_RIGHT 624.0
#define TREND_TOP 30.0
#define TREND_BOTTOM 284.0
/* Ingredient lines have this many colours (and, past them, dashes) before they repeat. */
#define TREND_STYLES 6
/* A pilot end this many days or fewer beyond the assessments widens the axis to show it. */
#define TREND_PILOT_REACH 730L

/* The dates the axis spans, in days since 1970-01-01, and whether the pilot's end is on it. */
typedef struct trend_scale {
  long first, last;
  int pilot_drawn;
  long pilot;
} trend_scale;

static int day_of(const char *date, long *days) {
  sx_date d;
  if (!date || date_parse(date, &d) != 0) return -1;
  *days = date_to_days(d);
  return 0;
}

static double x_of(const trend_scale *s, long days) {
  return TREND_LEFT + (TREND_RIGHT - TREND_LEFT) * (double)(days - s->first) /
                          (double)(s->last - s->first);
}

static double y_of(double score) {
  double clamped = score < 0 ? 0 : score > 100 ? 100 : score;
  return TREND_BOTTOM - (TREND_BOTTOM - TREND_TOP) * clamped / 100.0;
}

/* Whether the pilot's end is drawn: known, and within reach of the assessments. */
static int pilot_shown(const html_trend *t, long first, long last, long *pilot) {
  return day_of(t->pilot_end, pilot) == 0 && *pilot >= first - TREND_PILOT_REACH &&
         *pilot <= last + TREND_PILOT_REACH;
}

/* The axis: the assessments' dates (and the pilot's end when near), with a margin either
 * side so the first and last points are not on the edge. -1 when a date does not read. */
static int scale_of(const html_trend *t, trend_scale *s) {
  long first = 0, last = 0, day, pilot = 0;
  for (size_t k = 0; k < t->trend->point_count; k++) {
    if (day_of(t->trend->dates[k], &day) != 0) return -1;
    if (k == 0 || day < first) first = day;
    if (k == 0 || day > last) last = day;
  }
  s->pilot_drawn = pilot_shown(t, first, last, &pilot);
  s->pilot = pilot;
  if (s->pilot_drawn) {
    if (pilot < first) first = pilot;
    if (pilot > last) last = pilot;
  }
  long margin = (last - first) / 25 + 20;
  s->first = first - margin;
  s->last = last + margin;
  return 0;
}

/* ** {======================================================================
** The drawing
** ======================================================================= */

/* Each band as a tint across the plot, each threshold between bands dashed and named. */
static void draw_bands(html_writer *h) {
  const plan *p = h->plan;
  char buf[REPORT_VALUE_SIZE];
  for (size_t b = 0; p && b < p->band_count; b++) {
    double low = b + 1 == p->band_count ? 0 : p->bands[b].min;
    double high = b == 0 ? 100 : p->bands[b - 1].min;
    if (high <= low) continue;
    html_put_format(h,
                    "<rect class=\"trend-band %s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                    "height=\"%.1f\"/>\n",
                    html_band_class(p, p->bands[b].min, p->bands[b].label), TREND_LEFT,
                    y_of(high), TREND_RIGHT - TREND_LEFT, y_of(low) - y_of(high));
  }
  for (size_t b = 0; p && b + 1 < p->band_count; b++) {
    double y = y_of(p->bands[b].min);
    html_put_format(h,
                    "<line class=\"threshold\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
                    "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
                    TREND_LEFT, TREND_RIGHT, y, y, TREND_RIGHT - 4, y - 4);
    html_put_text(h, p->bands[b].label);
    html_put(h, " from ");
    html_put(h, report_measure_text(buf, p->bands[b].min));
    html_put(h, "</text>\n");
  }
}

/* The score axis, 0 to 100 in quarters. */
static void draw_score_axis(html_writer *h) {
  for (int level = 0; level <= 100; level += 25)
    html_put_format(h,
                    "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
                    "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%d</text>\n",
                    TREND_LEFT, TREND_RIGHT, y_of(level), y_of(level), TREND_LEFT - 6,
                    y_of(level) + 4, level);
}

/* The date axis: a tick on the first of every month, quarter, half year, year or few years
 * (whichever gives a handful), named by its year, or its year and month. */
static void draw_date_axis(html_writer *h, const trend_scale *s) {
  long span = s->last - s->first;
  int step = span <= 150 ? 1 : span <= 450 ? 3 : span <= 900 ? 6 : 12;
  int years = (int)(span / 3000) + 1; /* past eight years or so, a tick every few years */
  sx_date d = date_from_days(s->first);
  d.day = 1;
  html_put_format(h, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>\n",
                  TREND_LEFT, TREND_RIGHT, TREND_BOTTOM, TREND_BOTTOM);
  for (;;) {
    if (++d.month > 12) d.month = 1, d.year++;
    if ((d.month - 1) % step != 0 || (step == 12 && d.year % years != 0)) continue;
    long day = date_to_days(d);
    if (day > s->last) break;
    double x = x_of(s, day);
    html_put_format(h,
                    "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
                    "<text class=\"tick date-tick\" x=\"%.1f\" y=\"%.1f\" "
                    "text-anchor=\"middle\">",
                    x, x, TREND_BOTTOM, TREND_BOTTOM + 5, x, TREND_BOTTOM + 20);
    if (step >= 12)
      html_put_format(h, "%d</text>\n", d.year);
    else
      html_put_format(h, "%04d-%02d</text>\n", d.year, d.month);
  }
}

/* The pilot's end: a solid upright line, named at its top. */
static void draw_pilot_end(html_writer *h, const html_trend *t, const trend_scale *s) {
  if (!s->pilot_drawn) return;
  double x = x_of(s, s->pilot);
  int right_half = x > (TREND_LEFT + TREND_RIGHT) / 2;
  html_put_format(h,
                  "<line class=\"pilot-end\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
                  "<text class=\"marker-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">"
                  "pilot end ",
                  x, x, TREND_TOP - 6, TREND_BOTTOM, right_half ? x - 4 : x + 4, TREND_TOP - 10,
                  right_half ? "end" : "start");
  html_put_text(h, t->pilot_end);
  html_put(h, "</text>\n");
}

/* One line through the scores (a gap where one is missing), a dot at each. */
static void draw_line(html_writer *h, const trend_scale *s, const char *const *dates,
                      const double *scores, size_t count, const char *classes, double radius) {
  long day;
  int drawing = 0;
  html_put_format(h, "<path class=\"%s\" d=\"", classes);
  for (size_t k = 0; k < count; k++) {
    if (!isfinite(scores[k]) || day_of(dates[k], &day) != 0) {
      drawing = 0;
      continue;
    }
    html_put_format(h, "%s%.1f %.1f ", drawing ? "L" : "M", x_of(s, day), y_of(scores[k]));
    drawing = 1;
  }
  html_put(h, "\"/>\n");
  for (size_t k = 0; k < count; k++)
    if (isfinite(scores[k]) && day_of(dates[k], &day) == 0)
      html_put_format(h, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"/>", classes,
                      x_of(s, day), y_of(scores[k]), radius);
  html_put(h, "\n");
}

/* The overall score's largest fall: a ring round the point where it ends. */
static void draw_falls(html_writer *h, const html_trend *t, const trend_scale *s) {
  const plan_trend *trend = t->trend;
  long day;
  for (size_t k = 0; t->largest_fall && k < trend->point_count; k++)
    if (t->largest_fall[k] && isfinite(trend->scores[k]) && day_of(trend->dates[k], &day) == 0)
      html_put_format(h, "<circle class=\"fall\" cx=\"%.1f\" cy=\"%.1f\" r=\"9\"/>",
                      x_of(s, day), y_of(trend->scores[k]));
}

/* }====================================================================== */

/* ** {======================================================================
** The words: the chart's description, its legend and its table
** ======================================================================= */

static void put_score(html_writer *h, double score) {
  char buf[REPORT_VALUE_SIZE];
  html_put(h, isfinite(score) ? report_score_text(buf, score) : "not assessed");
}

static void put_date(html_writer *h, const char *date) {
  html_put(h, "<time datetime=\"");
  html_put_text(h, date);
  html_put(h, "\">");
  html_put_text(h, date);
  html_put(h, "</time>");
}

/* The band thresholds in words: "fragile from 45, likely sustained from 70". */
static void put_thresholds(html_writer *h) {
  const plan *p = h->plan;
  char buf[REPORT_VALUE_SIZE];
  for (size_t k = 0; p && k + 1 < p->band_count; k++) {
    size_t b = p->band_count - 2 - k; /* lowest threshold first */
    if (k) html_put(h, ", ");
    html_put_text(h, p->bands[b].label);
    html_put(h, " from ");
    html_put(h, report_measure_text(buf, p->bands[b].min));
  }
}

static void describe(html_writer *h, const html_trend *t) {
  const plan_trend *trend = t->trend;
  html_put(h, "Overall score out of 100 at each assessment: ");
  for (size_t k = 0; k < trend->point_count; k++) {
    if (k) html_put(h, "; ");
    put_score(h, trend->scores[k]);
    html_put(h, " on ");
    html_put_text(h, trend->dates[k]);
  }
  html_put(h, ".");
  for (size_t k = 0; t->largest_fall && k < trend->point_count; k++)
    if (t->largest_fall[k]) {
      html_put(h, " Its largest fall, to ");
      put_score(h, trend->scores[k]);
      html_put(h, " on ");
      html_put_text(h, trend->dates[k]);
      html_put(h, ", is circled.");
    }
  if (t->pilot_end) {
    html_put(h, " The pilot's end, ");
    html_put_text(h, t->pilot_end);
    html_put(h, ", is marked.");
  }
  if (h->plan && h->plan->band_count > 1) {
    html_put(h, " Band thresholds: ");
    put_thresholds(h);
    html_put(h, ".");
  }
  html_put_format(h, " %zu ingredient line%s; the table gives every score.",
                  t->ingredient_count, t->ingredient_count == 1 ? "" : "s");
}

/* A legend entry: a sample of the line (of the ring, for the largest fall), then its name. */
static void legend_entry(html_writer *h, const char *classes, const char *name) {
  html_put_format(h,
                  "<li><svg class=\"legend-sample\" viewBox=\"0 0 28 12\" width=\"28\" "
                  "height=\"12\" aria-hidden=\"true\" focusable=\"false\">");
  if (strcmp(classes, "fall") == 0)
    html_put(h, "<circle class=\"fall\" cx=\"14\" cy=\"6\" r=\"4.5\"/>");
  else
    html_put_format(h, "<line class=\"%s\" x1=\"1\" x2=\"27\" y1=\"6\" y2=\"6\"/>", classes);
  html_put(h, "</svg> ");
  html_put_text(h, name);
  html_put(h, "</li>");
}

static void write_legend(html_writer *h, const html_trend *t, int pilot) {
  char classes[48];
  html_put(h, "<ul class=\"trend-legend\">");
  legend_entry(h, "trend-overall", "Overall score");
  for (size_t i = 0; i < t->ingredient_count; i++) {
    snprintf(classes, sizeof classes, "trend-line trend-line-%zu", i % TREND_STYLES);
    legend_entry(h, classes, t->ingredient_names[i]);
  }
  if (pilot) legend_entry(h, "pilot-end", "The pilot's end");
  int falls = 0;
  for (size_t k = 0; t->largest_fall && k < t->trend->point_count; k++) falls |= t->largest_fall[k];
  if (falls) legend_entry(h, "fall", "The largest fall");
  if (h->plan && h->plan->band_count > 1) legend_entry(h, "threshold", "A band threshold");
  html_put(h, "</ul>\n");
}

static void write_table(html_writer *h, const html_trend *t) {
  const plan_trend *trend = t->trend;
  html_put(h, "<div class=\"trend-scroll\"><table class=\"trend-table\">\n"
              "<thead><tr><th scope=\"col\">Date</th>"
              "<th scope=\"col\" class=\"number\">Overall</th>");
  for (size_t i = 0; i < t->ingredient_count; i++) {
    html_put(h, "<th scope=\"col\" class=\"number\">");
    html_put_text(h, t->ingredient_names[i]);
    html_put(h, "</th>");
  }
  html_put(h, "</tr></thead>\n<tbody>\n");
  for (size_t k = 0; k < trend->point_count; k++) {
    html_put(h, "<tr><th scope=\"row\">");
    put_date(h, trend->dates[k]);
    if (t->current && strcmp(t->current, trend->dates[k]) == 0)
      html_put(h, " <small>(this assessment)</small>");
    html_put(h, "</th><td class=\"number\">");
    put_score(h, trend->scores[k]);
    html_put(h, "</td>");
    for (size_t i = 0; i < t->ingredient_count; i++) {
      html_put(h, "<td class=\"number\">");
      put_score(h, trend->ingredients[i][k]);
      html_put(h, "</td>");
    }
    html_put(h, "</tr>\n");
  }
  html_put(h, "</tbody>\n</table></div>\n");
}

/* }====================================================================== */

static void draw_chart(html_writer *h, const html_trend *t, const trend_scale *s, size_t index) {
  const plan_trend *trend = t->trend;
  char classes[48];
  html_put_format(h,
                  "<div class=\"trend-scroll\"><svg class=\"trend\" viewBox=\"0 0 %d %d\" "
                  "width=\"%d\" height=\"%d\" role=\"img\" aria-labelledby=\"trend-%zu-title "
                  "trend-%zu-desc\">\n<title id=\"trend-%zu-title\">Scores of ",
                  TREND_WIDTH, TREND_HEIGHT, TREND_WIDTH, TREND_HEIGHT, index, index, index);
  html_put_text(h, t->name);
  html_put_format(h, " over time</title>\n<desc id=\"trend-%zu-desc\">", index);
  describe(h, t);
  html_put(h, "</desc>\n");
  draw_bands(h);
  draw_score_axis(h);
  draw_date_axis(h, s);
  draw_pilot_end(h, t, s);
  for (size_t i = 0; i < t->ingredient_count; i++) {
    snprintf(classes, sizeof classes, "trend-line trend-line-%zu", i % TREND_STYLES);
    draw_line(h, s, trend->dates, trend->ingredients[i], trend->point_count, classes, 3.0);
  }
  draw_line(h, s, trend->dates, trend->scores, trend->point_count, "trend-overall", 4.5);
  draw_falls(h, t, s);
  html_put(h, "</svg></div>\n");
}

void html_trend_figure(html_writer *h, const html_trend *t, size_t index) {
  const plan_trend *trend = t->trend;
  trend_scale s;
  if (trend->point_count < 2) {
    html_put(h, "<p class=\"note\">");
    if (trend->point_count == 1) {
      html_put(h, "Only one assessment is recorded, on ");
      put_date(h, trend->dates[0]);
      html_put(h, ": a trend needs two or more, so there is no chart yet.</p>\n");
    } else {
      html_put(h, "No assessment is recorded, so there is no trend to show.</p>\n");
    }
    return;
  }
  if (scale_of(t, &s) != 0) {
    html_put(h, "<p class=\"note\">The dates of these assessments do not read as dates, so "
                "they are not charted; the table gives every score.</p>\n");
    if (t->table) write_table(h, t);
    return;
  }
  html_put_format(h, "<figure class=\"trend-figure\" aria-labelledby=\"trend-%zu-caption\">\n",
                  index);
  draw_chart(h, t, &s, index);
  write_legend(h, t, s.pilot_drawn);
  html_put_format(h, "<figcaption id=\"trend-%zu-caption\">Scores out of 100 at each "
                     "assessment, placed by date.", index);
  if (t->pilot_end && !s.pilot_drawn) {
    html_put(h, " The pilot's end, ");
    put_date(h, t->pilot_end);
    html_put(h, ", lies too far from these assessments to show.");
  }
  html_put(h, "</figcaption>\n</figure>\n");
  if (t->table) write_table(h, t);
}

void html_trend_section(html_writer *h, const plan_authority *a, size_t index) {
  html_put(h, "<h3>Scores over time</h3>\n");
  const char **names = malloc((a->ingredient_count + 1) * sizeof *names);
  if (!names) {
    if (!h->sink.error) h->sink.error = ENOMEM; /* the page would be incomplete */
    return;
  }
  for (size_t i = 0; i < a->ingredient_count; i++)
    names[i] = report_ingredient_name(&a->ingredients[i]);
  html_trend t = {.name = a->name,
                  .pilot_end = a->pilot_end,
                  .trend = &a->trend,
                  .ingredient_names = names,
                  .ingredient_count = a->ingredient_count,
                  .current = h->plan ? h->plan->date : NULL,
                  .table = 1};
  html_trend_figure(h, &t, index);
  free(names);
}

/* The lines' colours have 3:1 contrast or more on white and on the band tints
 * (WCAG 1.4.11); each has its own dash too. */
const char html_trend_stylesheet[] =
    ".trend-scroll{overflow-x:auto}\n"
    ".trend-figure svg.trend{width:48rem}\n"
    "svg.trend text{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}\n"
    "svg .trend-band.band-top{fill:#eef8f0}\n"
    "svg .trend-band.band-middle{fill:#fef6e6}\n"
    "svg .trend-band.band-bottom{fill:#fcecea}\n"
    "svg .grid{stroke:#dde2e6}\n"
    "svg .axis{stroke:#4a5560}\n"
    "svg .pilot-end{stroke:#1a1a1a;stroke-width:2}\n"
    "svg .trend-overall{fill:none;stroke:#1a1a1a;stroke-width:3.5;stroke-linejoin:round}\n"
    "svg circle.trend-overall{fill:#1a1a1a;stroke:#fff;stroke-width:1.5}\n"
    "svg .fall{fill:none;stroke:#b3261e;stroke-width:3}\n"
    "svg path.trend-line{fill:none;stroke-width:2;stroke-linejoin:round}\n"
    ".trend-line-0{stroke:#0b62a4;fill:#0b62a4}\n"
    ".trend-line-1{stroke:#b04a00;fill:#b04a00;stroke-dasharray:7 3}\n"
    ".trend-line-2{stroke:#00785a;fill:#00785a;stroke-dasharray:2 3}\n"
    ".trend-line-3{stroke:#a3407a;fill:#a3407a;stroke-dasharray:9 3 2 3}\n"
    ".trend-line-4{stroke:#7a5c00;fill:#7a5c00;stroke-dasharray:12 4}\n"
    ".trend-line-5{stroke:#5b4a9e;fill:#5b4a9e;stroke-dasharray:4 2 1 2}\n"
    "svg circle.trend-line{stroke:none}\n"
    ".trend-legend{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;list-style:none;padding:0;"
    "margin:.5rem 0;font-size:.9rem}\n"
    ".trend-legend svg{display:inline-block;vertical-align:middle}\n"
    ".legend-sample line{stroke-width:3}.legend-sample .fall{stroke-width:2}\n"
    ".legend-sample .threshold{stroke:#8a96a3;stroke-dasharray:4 3;stroke-width:2}\n"
    ".trend-table thead th{white-space:normal;min-width:5rem}\n"
    ".trend-table tbody th{white-space:nowrap}\n"
    /* on a phone the drawing shrinks to the screen, so its words grow to stay readable */
    "@media (max-width:40rem){svg.trend text{font-size:21px}svg.trend .tick{font-size:19px}}\n"
    "@media print{.trend-scroll{overflow:visible}}\n";
