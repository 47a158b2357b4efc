/* report_html_benchmark.c: the benchmarks of the HTML report, as DfE's LAIT shows them:
 * for each outcome a bar chart of the authority beside its statistical neighbours (each
 * named, in rank order), the neighbours' average, its region and England, with its rank
 * and quartile; then a line chart of the years. Each chart is an <svg role="img"> whose
 * <title> and <desc> say every figure in words, followed by a table of the same figures
 * (report_benchmark.c gives the rows and sentences every writer shares). */
#include "report_html_benchmark.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_benchmark.h"
#include "report_values.h"

/* ** {======================================================================
** The comparison: one bar per authority, best first.
** ======================================================================= */

/* The drawing's own units (the viewBox); the page scales it to the column's width. */
#define BARS_WIDTH 480
#define BARS_LABEL_RIGHT 186.0 /* names end here, right-aligned */
#define BARS_LEFT 194.0        /* 0% */
#define BARS_RIGHT 440.0       /* 100% */
#define BARS_TOP 28.0
#define BARS_ROW 22.0
#define BARS_BAR 14.0
/* A bar's label (its rank and name) longer than this many characters is shortened on the
 * chart, to fit left of the bars (the table and the chart's description give it whole). */
#define BARS_NAME_CHARACTERS 27

static double bar_x(double percent) { return BARS_LEFT + (BARS_RIGHT - BARS_LEFT) * percent / 100; }

/* Text from the plan, cut at `characters` characters with an ellipsis. */
static void put_short_text(html_writer *h, const char *text, size_t characters) {
  char buf[REPORT_VALUE_SIZE];
  size_t count = 0, i = 0;
  for (; text[i] && i + 4 < sizeof buf; i++) {
    if (((unsigned char)text[i] & 0xC0) != 0x80 && count++ == characters) break;
    buf[i] = text[i];
  }
  if (!text[i]) {
    html_put_text(h, text);
    return;
  }
  memcpy(buf + i, "\xE2\x80\xA6", 4); /* ellipsis and the end */
  html_put_text(h, buf);
}

/* The order of the bars: ranked places best first (rank, then DfE's order), then those
 * without a figure; then the average, the region and England. order[] holds row indexes
 * of report_benchmark_row_at. */
static size_t bar_order(const plan_benchmark *b, size_t *order) {
  size_t places = 1 + b->neighbour_count, n = 0;
  for (int rank = 1; rank <= (int)places; rank++)
    for (size_t i = 0; i < places; i++) {
      int r = i == 0 ? b->authority.rank : b->neighbours[i - 1].rank;
      if (r == rank) order[n++] = i;
    }
  for (size_t i = 0; i < places; i++)
    if ((i == 0 ? b->authority.rank : b->neighbours[i - 1].rank) == 0) order[n++] = i;
  for (size_t i = places; i < report_benchmark_row_count(b); i++) order[n++] = i;
  return n;
}

static void bars_grid(html_writer *h, double bottom) {
  for (int percent = 0; percent <= 100; percent += 25) {
    double x = bar_x(percent);
    html_put_format(h,
                    "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                    "<text class=\"tick\" text-anchor=\"middle\" x=\"%.1f\" y=\"%.1f\">%d%%"
                    "</text>\n",
                    x, BARS_TOP - 6, x, bottom, x, BARS_TOP - 10, percent);
  }
}

/* One bar with its name (rank first) and its figure at the bar's end; kind is its class:
 * "own", "neighbour" or "reference" (the average, the region, England). */
static void bars_row(html_writer *h, const report_benchmark_row *row, const char *kind, double y) {
  char buf[REPORT_VALUE_SIZE];
  html_put_format(h, "<text class=\"bar-name%s\" text-anchor=\"end\" x=\"%.1f\" y=\"%.1f\">",
                  row->is_authority ? " name" : "", BARS_LABEL_RIGHT, y + BARS_BAR - 3);
  size_t budget = BARS_NAME_CHARACTERS;
  if (row->rank) budget -= (size_t)snprintf(buf, sizeof buf, "%d. ", row->rank);
  if (row->rank) html_put(h, buf);
  if (row->is_authority) budget -= 5; /* bold letters are wider */
  put_short_text(h, row->name ? row->name : REPORT_MISSING, budget);
  html_put(h, "</text>\n");
  double value = row->suppressed ? NAN : row->value;
  if (!isnan(value))
    html_put_format(h, "<rect class=\"bar %s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                       "height=\"%.1f\"/>\n", kind, BARS_LEFT, y, bar_x(value) - BARS_LEFT, BARS_BAR);
  html_put_format(h, "<text class=\"bar-value\" x=\"%.1f\" y=\"%.1f\">",
                  (isnan(value) ? BARS_LEFT : bar_x(value)) + 4, y + BARS_BAR - 3);
  html_put(h, report_benchmark_percent(buf, row->value, row->suppressed));
  if (row->suppressed) html_put(h, " (suppressed)"); /* as the page says "c" elsewhere */
  html_put(h, "</text>\n");
}

/* Every figure in words, in the order of the table. */
static void bars_description(html_writer *h, const plan_benchmark *b) {
  char buf[REPORT_VALUE_SIZE], role[REPORT_VALUE_SIZE];
  html_put_text(h, report_benchmark_standing(buf, b));
  size_t rows = report_benchmark_row_count(b);
  for (size_t i = 0; i < rows; i++) {
    report_benchmark_row row = report_benchmark_row_at(b, i, role);
    html_put(h, i == 0 ? " " : "; ");
    html_put_text(h, row.name);
    html_put(h, " (");
    html_put_text(h, row.role);
    html_put(h, ") ");
    html_put(h, report_benchmark_percent(buf, row.value, row.suppressed));
    if (row.rank) html_put_format(h, ", rank %d", row.rank);
  }
  html_put(h, ".");
}

static void bars_chart(html_writer *h, const plan_benchmark *b, const char *id) {
  char buf[REPORT_VALUE_SIZE], role[REPORT_VALUE_SIZE];
  size_t order[1 + PLAN_BENCHMARK_MAX_NEIGHBOURS + 3];
  size_t n = bar_order(b, order);
  double height = BARS_TOP + BARS_ROW * (double)n + 8;
  html_put_format(h,
                  "<svg class=\"benchmark-bars\" viewBox=\"0 0 %d %.0f\" width=\"%d\" "
                  "height=\"%.0f\" role=\"img\" aria-labelledby=\"%s-title %s-desc\">\n"
                  "<title id=\"%s-title\">",
                  BARS_WIDTH, height, BARS_WIDTH, height, id, id, id);
  html_put_text(h, report_benchmark_heading(buf, b));
  html_put_format(h, "</title>\n<desc id=\"%s-desc\">", id);
  bars_description(h, b);
  html_put(h, "</desc>\n");
  bars_grid(h, height - 4);
  for (size_t k = 0; k < n; k++) {
    report_benchmark_row row = report_benchmark_row_at(b, order[k], role);
    const char *kind = order[k] == 0 ? "own" : order[k] <= b->neighbour_count ? "neighbour"
                                                                             : "reference";
    bars_row(h, &row, kind, BARS_TOP + BARS_ROW * (double)k);
  }
  html_put(h, "</svg>\n");
}

/* }====================================================================== */

/* ** {======================================================================
** The years: one line per series, the year on the x axis.
** ======================================================================= */

#define LINES_WIDTH 480
#define LINES_HEIGHT 336
#define LINES_LEFT 44.0
#define LINES_RIGHT 468.0
#define LINES_TOP 20.0
#define LINES_BOTTOM 214.0
/* The legend's rows start here; its names are cut at this many characters (the table
 * under the chart gives them whole). */
#define LINES_LEGEND_CHARACTERS 60
#define LINES_LEGEND 272.0

static const char *const series_class[REPORT_BENCHMARK_TREND_COLUMNS] = {
    NULL, "series-own", "series-neighbours", "series-region", "series-england"};

/* The y axis: from the lowest figure to the highest, widened to whole tens. */
static void lines_range(const plan_benchmark *b, double *low, double *high) {
  double lo = 100, hi = 0;
  for (size_t i = 0; i < b->trend_count; i++)
    for (size_t c = 1; c < REPORT_BENCHMARK_TREND_COLUMNS; c++) {
      double v = report_benchmark_trend_value(b, i, c);
      if (isnan(v)) continue;
      lo = fmin(lo, v);
      hi = fmax(hi, v);
    }
  if (lo > hi) lo = 0, hi = 100;
  *low = fmax(0, floor((lo - 1) / 10) * 10);
  *high = fmin(100, ceil((hi + 1) / 10) * 10);
  if (*high <= *low) *high = *low + 10;
}

static double line_x(const plan_benchmark *b, size_t i) {
  if (b->trend_count < 2) return (LINES_LEFT + LINES_RIGHT) / 2;
  return LINES_LEFT + 30 + (LINES_RIGHT - LINES_LEFT - 60) * (double)i / (double)(b->trend_count - 1);
}

static double line_y(double value, double low, double high) {
  return LINES_BOTTOM - (LINES_BOTTOM - LINES_TOP) * (value - low) / (high - low);
}

static void lines_axes(html_writer *h, const plan_benchmark *b, double low, double high) {
  for (double v = low; v <= high + 0.001; v += 10) {
    double y = line_y(v, low, high);
    html_put_format(h,
                    "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                    "<text class=\"tick\" text-anchor=\"end\" x=\"%.1f\" y=\"%.1f\">%.0f%%</text>\n",
                    LINES_LEFT, y, LINES_RIGHT, y, LINES_LEFT - 6, y + 4, v);
  }
  for (size_t i = 0; i < b->trend_count; i++)
    html_put_format(h, "<text class=\"tick\" text-anchor=\"middle\" x=\"%.1f\" y=\"%.1f\">%d</text>\n",
                    line_x(b, i), LINES_BOTTOM + 18, b->trend[i].year);
  html_put_format(h, "<text class=\"axis-title\" text-anchor=\"middle\" x=\"%.1f\" y=\"%.1f\">"
                     "Year to 31 March</text>\n", (LINES_LEFT + LINES_RIGHT) / 2, LINES_BOTTOM + 36);
}

/* One series: its line through consecutive years with a figure (a gap where a year has
 * none), and a dot at each figure. */
static void lines_series(html_writer *h, const plan_benchmark *b, size_t column, double low,
                         double high) {
  html_put_format(h, "<g class=\"%s\">\n", series_class[column]);
  for (size_t i = 0; i + 1 < b->trend_count; i++) {
    double v = report_benchmark_trend_value(b, i, column);
    double w = report_benchmark_trend_value(b, i + 1, column);
    if (isnan(v) || isnan(w)) continue;
    html_put_format(h, "<line class=\"line\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                    line_x(b, i), line_y(v, low, high), line_x(b, i + 1), line_y(w, low, high));
  }
  for (size_t i = 0; i < b->trend_count; i++) {
    double v = report_benchmark_trend_value(b, i, column);
    if (!isnan(v))
      html_put_format(h, "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\"/>\n",
                      line_x(b, i), line_y(v, low, high));
  }
  html_put(h, "</g>\n");
}

/* Whether a series has a figure in any year: one without is left out of the legend. */
static int series_drawn(const plan_benchmark *b, size_t column) {
  for (size_t i = 0; i < b->trend_count; i++)
    if (!isnan(report_benchmark_trend_value(b, i, column))) return 1;
  return 0;
}

static void lines_legend(html_writer *h, const plan_benchmark *b) {
  size_t row = 0;
  for (size_t c = 1; c < REPORT_BENCHMARK_TREND_COLUMNS; c++) {
    if (!series_drawn(b, c)) continue;
    double x = LINES_LEFT, y = LINES_LEGEND + (double)row++ * 18; /* one a row: names are long */
    html_put_format(h, "<g class=\"%s\"><line class=\"line\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                       "y2=\"%.1f\"/><text x=\"%.1f\" y=\"%.1f\">",
                    series_class[c], x, y - 4, x + 28, y - 4, x + 34, y);
    put_short_text(h, report_benchmark_trend_header(b, c), LINES_LEGEND_CHARACTERS);
    html_put(h, "</text></g>\n");
  }
}

static void lines_description(html_writer *h, const plan_benchmark *b) {
  char buf[REPORT_VALUE_SIZE];
  html_put(h, "Year to 31 March");
  for (size_t i = 0; i < b->trend_count; i++) {
    html_put_format(h, "%s %d:", i ? ";" : "", b->trend[i].year);
    for (size_t c = 1; c < REPORT_BENCHMARK_TREND_COLUMNS; c++) {
      html_put(h, c > 1 ? ", " : " ");
      html_put_text(h, report_benchmark_trend_header(b, c));
      html_put(h, " ");
      html_put(h, report_benchmark_trend_text(buf, b, i, c));
    }
  }
  html_put(h, ".");
}

static void lines_chart(html_writer *h, const plan_benchmark *b, const char *id) {
  double low, high;
  lines_range(b, &low, &high);
  html_put_format(h,
                  "<svg class=\"benchmark-lines\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                  "height=\"%d\" role=\"img\" aria-labelledby=\"%s-title %s-desc\">\n"
                  "<title id=\"%s-title\">",
                  LINES_WIDTH, LINES_HEIGHT, LINES_WIDTH, LINES_HEIGHT, id, id, id);
  html_put_text(h, b->title);
  html_put(h, ", over the years");
  html_put_format(h, "</title>\n<desc id=\"%s-desc\">", id);
  lines_description(h, b);
  html_put(h, "</desc>\n");
  lines_axes(h, b, low, high);
  for (size_t c = REPORT_BENCHMARK_TREND_COLUMNS - 1; c >= 1; c--) lines_series(h, b, c, low, high);
  lines_legend(h, b);
  html_put(h, "</svg>\n");
}

/* }====================================================================== */

/* ** {======================================================================
** Tables and the section
** ======================================================================= */

/* The figures of the bar chart, in the order every writer uses; what each place is
 * compared as (a neighbour, the region...) under its name, so the table fits a phone. */
static void comparison_table(html_writer *h, const plan_benchmark *b, const char *id) {
  char buf[REPORT_VALUE_SIZE], role[REPORT_VALUE_SIZE];
  html_put_format(h, "<div class=\"table-wrap\"><table class=\"benchmark-table\" "
                     "id=\"%s-table\">\n<caption>", id);
  html_put_text(h, report_benchmark_heading(buf, b));
  html_put(h, ": the figures of the chart</caption>\n<thead><tr><th scope=\"col\">Authority</th>"
              "<th scope=\"col\" class=\"number\">Figure</th>"
              "<th scope=\"col\" class=\"number\">Rank</th></tr></thead>\n<tbody>\n");
  size_t rows = report_benchmark_row_count(b);
  for (size_t i = 0; i < rows; i++) {
    report_benchmark_row row = report_benchmark_row_at(b, i, role);
    html_put(h, row.is_authority ? "<tr class=\"own\"><th scope=\"row\">" : "<tr><th scope=\"row\">");
    html_put_text(h, row.name);
    html_put(h, " <small class=\"role\">");
    html_put_text(h, row.role);
    html_put(h, "</small></th><td class=\"number\">");
    html_put(h, report_benchmark_percent(buf, row.value, row.suppressed));
    html_put(h, "</td><td class=\"number\">");
    if (row.rank) html_put_format(h, "%d", row.rank);
    else html_put(h, REPORT_MISSING);
    html_put(h, "</td></tr>\n");
  }
  html_put(h, "</tbody>\n</table></div>\n");
}

static void trend_table(html_writer *h, const plan_benchmark *b, const char *id) {
  char buf[REPORT_VALUE_SIZE];
  /* its headings are the sources' names: on a phone the table scrolls in its box (with
   * the cue, report_html_layout.c), not the page */
  html_put_format(h, "<div class=\"table-wrap\"><table class=\"benchmark-trend\" "
                     "id=\"%s-trend-table\">\n<caption>", id);
  html_put_text(h, b->title);
  html_put(h, ", over the years: the figures of the chart</caption>\n<thead><tr>");
  for (size_t c = 0; c < REPORT_BENCHMARK_TREND_COLUMNS; c++) {
    /* headed by long names, which may wrap where the figures may not */
    html_put(h, c ? "<th scope=\"col\" class=\"figure-head\">" : "<th scope=\"col\">");
    html_put_text(h, report_benchmark_trend_header(b, c));
    html_put(h, "</th>");
  }
  html_put(h, "</tr></thead>\n<tbody>\n");
  for (size_t i = 0; i < b->trend_count; i++) {
    html_put_format(h, "<tr><th scope=\"row\">%d</th>", b->trend[i].year);
    for (size_t c = 1; c < REPORT_BENCHMARK_TREND_COLUMNS; c++) {
      html_put(h, "<td class=\"number\">");
      html_put(h, report_benchmark_trend_text(buf, b, i, c));
      html_put(h, "</td>");
    }
    html_put(h, "</tr>\n");
  }
  html_put(h, "</tbody>\n</table></div>\n");
}

/* One benchmark: heading, standing, chart, table; then the years. */
static void write_benchmark(html_writer *h, const plan_benchmark *b, const char *id) {
  char buf[REPORT_VALUE_SIZE];
  html_put_format(h, "<div class=\"benchmark\" id=\"%s\" data-benchmark=\"", id);
  html_put_text(h, b->id);
  html_put(h, "\">\n<h4>");
  html_put_text(h, report_benchmark_heading(buf, b));
  html_put(h, "</h4>\n<p class=\"standing\">");
  html_put_text(h, report_benchmark_standing(buf, b));
  html_put(h, "</p>\n<figure class=\"benchmark-figure\">\n");
  html_put(h, "<div class=\"chart-wrap\">"); /* on a phone it scrolls, its text kept readable */
  bars_chart(h, b, id);
  html_put(h, "</div>\n");
  html_put(h, "<figcaption>");
  if (b->neighbour_count) { /* without neighbours there is no rank to read */
    html_put_text(h, report_benchmark_reading(buf, b));
    html_put(h, " ");
  }
  html_put(h, "This authority's figure: ");
  html_put_text(h, b->source ? b->source : "as the rule gives it");
  html_put(h, ".");
  if (b->neighbours_of) {
    html_put(h, " DfE's statistical neighbour groupings predate this authority: those of ");
    html_put_text(h, b->neighbours_of);
    html_put(h, " stand in.");
  }
  html_put(h, "</figcaption>\n</figure>\n");
  comparison_table(h, b, id);
  if (b->trend_count == 0) {
    html_put(h, "</div>\n");
    return;
  }
  html_put(h, "<figure class=\"benchmark-figure\">\n");
  char trend_id[80];
  snprintf(trend_id, sizeof trend_id, "%s-trend", id);
  if (b->trend_count >= 2) {
    html_put(h, "<div class=\"chart-wrap\">");
    lines_chart(h, b, trend_id);
    html_put(h, "</div>\n");
  }
  html_put(h, "<figcaption>Over the years. The authority's line: ");
  html_put_text(h, b->trend_source ? b->trend_source : "its figures as the rule gives them");
  html_put(h, ".");
  html_put(h, b->trend_count >= 2 ? "</figcaption>\n</figure>\n"
                                  : " One year only: no line to draw.</figcaption>\n</figure>\n");
  trend_table(h, b, id);
  html_put(h, "</div>\n");
}

void html_benchmarks(html_writer *h, const plan_authority *a, size_t index) {
  size_t count = 0;
  for (size_t i = 0; i < a->context_count; i++) count += a->context[i].benchmark_count;
  if (count == 0) return;
  html_put(h, "<h3>Compared with similar authorities</h3>\n<p class=\"note\">Each outcome beside "
              "the authority's statistical neighbours, its region and England, as DfE's "
              "Local Authority Interactive Tool (LAIT) sets them out.</p>\n");
  size_t k = 0;
  for (size_t i = 0; i < a->context_count; i++)
    for (size_t j = 0; j < a->context[i].benchmark_count; j++) {
      char id[64];
      snprintf(id, sizeof id, "benchmark-%zu-%zu", index, ++k);
      write_benchmark(h, &a->context[i].benchmarks[j], id);
    }
}

/* }====================================================================== */
