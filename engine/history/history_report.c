/* history_report.c: `sustain history` output (history_report.h) in text, Markdown, JSON and
 * HTML. Per authority: one point per assessment date with its stage, overall score and band
 * (marked where the band changed), and each ingredient's score. Text adds a compact chart: one
 * block character per point, ▁ (0) to █ (100). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "history_report.h"
#include "json_writer.h"
#include "report_escape.h"
#include "report_sink.h"
#include "report_values.h"

#define HISTORY_JSON_SCHEMA "sustain-history/1"

/* The eight blocks of the chart, lowest first; a missing score is a middle dot. */
static const char *const blocks[8] = {"\u2581", "\u2582", "\u2583", "\u2584",
                                      "\u2585", "\u2586", "\u2587", "\u2588"};
#define HISTORY_CHART_MISSING "\u00b7"

static const char *block_for(double score) {
  if (!isfinite(score)) return HISTORY_CHART_MISSING;
  int index = (int)(score / 100.0 * 8.0);
  if (index < 0) index = 0;
  if (index > 7) index = 7;
  return blocks[index];
}

static void put_score(report_sink *s, double score) {
  char buf[REPORT_VALUE_SIZE];
  report_put(s, isfinite(score) ? report_score_text(buf, score) : REPORT_MISSING);
}

/* Pads to width columns, counting UTF-8 characters rather than bytes. */
static void put_padded(report_sink *s, const char *text, size_t width, report_escape_fn escape) {
  report_put_clean(s, text ? text : REPORT_MISSING, escape);
  size_t shown = 0;
  for (const unsigned char *p = (const unsigned char *)(text ? text : REPORT_MISSING); *p; p++)
    shown += (*p & 0xc0) != 0x80;
  if (shown < width) report_put_repeated(s, ' ', width - shown);
}

/* "+3.2", "-12.0", "0.0"; "-" when either end is missing. */
static void put_change(report_sink *s, double from, double to) {
  char buf[REPORT_VALUE_SIZE];
  if (!isfinite(from) || !isfinite(to)) {
    report_put(s, REPORT_MISSING);
    return;
  }
  const char *text = report_score_text(buf, to - from);
  if (text[0] != '-' && strcmp(text, "0.0") != 0) report_put(s, "+");
  report_put(s, text);
}

/* ** {======================================================================
** Text
** ======================================================================= */

static void text_chart_row(report_sink *s, const history_trajectory *t, const char *label,
                           size_t label_width, int column) {
  report_put(s, "  ");
  put_padded(s, label, label_width, report_escape_plain);
  report_put(s, "  ");
  double first = NAN, last = NAN;
  for (size_t k = 0; k < t->point_count; k++) {
    double v = column < 0 ? t->points[k].score : t->points[k].ingredients[column];
    report_put(s, block_for(v));
    if (isfinite(v)) {
      if (!isfinite(first)) first = v;
      last = v;
    }
  }
  report_put(s, "  ");
  put_score(s, first);
  report_put(s, " -> ");
  put_score(s, last);
  report_put(s, " (");
  put_change(s, first, last);
  report_put(s, ")\n");
}

static void write_text(report_sink *s, const history_report *r) {
  for (size_t i = 0; i < r->authority_count; i++) {
    const history_trajectory *t = &r->authorities[i];
    if (i) report_put(s, "\n");
    report_put_clean(s, t->name ? t->name : t->authority, report_escape_plain);
    report_put(s, " (");
    report_put_clean(s, t->authority, report_escape_plain);
    report_put(s, ")\n");
    if (!t->point_count) {
      report_put(s, "  no assessments recorded\n");
      continue;
    }
    report_put(s, "  date        stage        score  band\n");
    for (size_t k = 0; k < t->point_count; k++) {
      const history_point *pt = &t->points[k];
      report_put(s, "  ");
      put_padded(s, pt->date, 12, report_escape_plain);
      put_padded(s, pt->stage, 12, report_escape_plain);
      char buf[REPORT_VALUE_SIZE];
      const char *score = isfinite(pt->score) ? report_score_text(buf, pt->score) : REPORT_MISSING;
      if (strlen(score) < 6) report_put_repeated(s, ' ', 6 - strlen(score));
      report_put(s, score);
      report_put(s, "  ");
      report_put_clean(s, pt->band ? pt->band : REPORT_MISSING, report_escape_plain);
      if (pt->band_changed) report_put(s, "  <- band changed");
      report_put(s, "\n");
    }
    size_t width = strlen("overall");
    for (size_t c = 0; c < t->ingredient_count; c++)
      if (strlen(t->ingredients[c]) > width) width = strlen(t->ingredients[c]);
    report_put(s, "\n");
    report_put(s, "  ");
    put_padded(s, "", width, report_escape_plain);
    report_put(s, "  ");
    report_put_clean(s, t->points[0].date, report_escape_plain);
    report_put(s, " to ");
    report_put_clean(s, t->points[t->point_count - 1].date, report_escape_plain);
    report_put(s, ", 0 \u2581 to 100 \u2588\n");
    text_chart_row(s, t, "overall", width, -1);
    for (size_t c = 0; c < t->ingredient_count; c++)
      text_chart_row(s, t, t->ingredients[c], width, (int)c);
  }
}

/* }====================================================================== */

/* ** {======================================================================
** Markdown
** ======================================================================= */

static void write_markdown(report_sink *s, const history_report *r) {
  report_put(s, "# Assessment history\n");
  for (size_t i = 0; i < r->authority_count; i++) {
    const history_trajectory *t = &r->authorities[i];
    report_put(s, "\n## ");
    report_put_clean(s, t->name ? t->name : t->authority, report_escape_markdown);
    report_put(s, " ("); /* not a code span, where a backslash escape would show */
    report_put_clean(s, t->authority, report_escape_markdown);
    report_put(s, ")\n\n");
    if (!t->point_count) {
      report_put(s, "No assessments recorded.\n");
      continue;
    }
    report_put(s, "| Date | Stage | Overall | Band |");
    for (size_t c = 0; c < t->ingredient_count; c++) {
      report_put(s, " ");
      report_put_clean(s, t->ingredients[c], report_escape_markdown);
      report_put(s, " |");
    }
    report_put(s, "\n|---|---|---:|---|");
    for (size_t c = 0; c < t->ingredient_count; c++) report_put(s, "---:|");
    report_put(s, "\n");
    for (size_t k = 0; k < t->point_count; k++) {
      const history_point *pt = &t->points[k];
      report_put(s, "| ");
      report_put_clean(s, pt->date, report_escape_markdown);
      report_put(s, " | ");
      report_put_clean(s, pt->stage ? pt->stage : REPORT_MISSING, report_escape_markdown);
      report_put(s, " | ");
      put_score(s, pt->score);
      report_put(s, " | ");
      if (pt->band_changed) report_put(s, "**");
      report_put_clean(s, pt->band ? pt->band : REPORT_MISSING, report_escape_markdown);
      if (pt->band_changed) report_put(s, "** (changed)");
      report_put(s, " |");
      for (size_t c = 0; c < t->ingredient_count; c++) {
        report_put(s, " ");
        put_score(s, pt->ingredients[c]);
        report_put(s, " |");
      }
      report_put(s, "\n");
    }
  }
}

/* }====================================================================== */

/* ** {======================================================================
** JSON
** ======================================================================= */

static void member_score(json_writer *w, const char *key, double value) {
  char buf[REPORT_VALUE_SIZE];
  json_member_number_text(w, key, report_score_text(buf, value)); /* NaN -> null */
}

static int write_json(FILE *out, const history_report *r) {
  json_writer w;
  json_writer_init(&w, out);
  json_begin_object(&w);
  json_member_string(&w, "schema", HISTORY_JSON_SCHEMA);
  json_key(&w, "authorities");
  json_begin_array(&w);
  for (size_t i = 0; i < r->authority_count; i++) {
    const history_trajectory *t = &r->authorities[i];
    json_begin_object(&w);
    json_member_string(&w, "id", t->authority);
    json_member_string(&w, "name", t->name);
    json_key(&w, "points");
    json_begin_array(&w);
    for (size_t k = 0; k < t->point_count; k++) {
      const history_point *pt = &t->points[k];
      char buf[REPORT_VALUE_SIZE];
      json_begin_object(&w);
      json_member_string(&w, "date", pt->date);
      json_member_string(&w, "stage", pt->stage);
      member_score(&w, "score", pt->score);
      json_member_string(&w, "band", pt->band);
      json_key(&w, "band_changed");
      json_boolean(&w, pt->band_changed);
      json_member_number_text(&w, "coverage", report_weight_text(buf, pt->coverage));
      json_member_string(&w, "rules_digest", pt->rules_digest);
      json_key(&w, "ingredients");
      json_begin_array(&w);
      for (size_t c = 0; c < t->ingredient_count; c++) {
        json_begin_object(&w);
        json_member_string(&w, "id", t->ingredients[c]);
        member_score(&w, "score", pt->ingredients[c]);
        json_end_object(&w);
      }
      json_end_array(&w);
      json_end_object(&w);
    }
    json_end_array(&w);
    json_end_object(&w);
  }
  json_end_array(&w);
  json_end_object(&w);
  return json_writer_finish(&w);
}

/* }====================================================================== */

/* ** {======================================================================
** HTML: one self-contained page, a line chart and a table per authority
** ======================================================================= */

/* Chart geometry, in SVG user units. */
#define HISTORY_CHART_WIDTH 480
#define HISTORY_CHART_HEIGHT 160
#define HISTORY_CHART_MARGIN 30

static void html_text(report_sink *s, const char *text) {
  report_put_clean(s, text ? text : REPORT_MISSING, report_escape_html);
}

/* The overall score over time as a polyline on a 0-100 scale, with a text
 * alternative; the table below holds every figure. */
static void html_chart(report_sink *s, const history_trajectory *t) {
  char buf[128];
  snprintf(buf, sizeof buf,
           "<svg role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\">",
           HISTORY_CHART_WIDTH, HISTORY_CHART_HEIGHT, HISTORY_CHART_WIDTH, HISTORY_CHART_HEIGHT);
  report_put(s, buf);
  report_put(s, "<title>Overall score of ");
  html_text(s, t->name ? t->name : t->authority);
  report_put(s, " at each assessment, from 0 to 100</title>");
  double plot_w = HISTORY_CHART_WIDTH - 2 * HISTORY_CHART_MARGIN;
  double plot_h = HISTORY_CHART_HEIGHT - 2 * HISTORY_CHART_MARGIN;
  for (int level = 0; level <= 100; level += 50) { /* gridlines at 0, 50, 100 */
    double y = HISTORY_CHART_MARGIN + plot_h * (1 - level / 100.0);
    snprintf(buf, sizeof buf,
             "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>"
             "<text x=\"4\" y=\"%.1f\">%d</text>",
             HISTORY_CHART_MARGIN, HISTORY_CHART_WIDTH - HISTORY_CHART_MARGIN, y, y, y + 4, level);
    report_put(s, buf);
  }
  report_put(s, "<polyline class=\"line\" points=\"");
  for (size_t k = 0; k < t->point_count; k++) {
    if (!isfinite(t->points[k].score)) continue;
    double x = HISTORY_CHART_MARGIN +
               (t->point_count > 1 ? plot_w * (double)k / (double)(t->point_count - 1) : plot_w / 2);
    double y = HISTORY_CHART_MARGIN + plot_h * (1 - t->points[k].score / 100.0);
    snprintf(buf, sizeof buf, "%.1f,%.1f ", x, y);
    report_put(s, buf);
  }
  report_put(s, "\"/></svg>\n");
}

static void write_html(report_sink *s, const history_report *r) {
  report_put(s, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                "style-src 'unsafe-inline'\"><title>Assessment history</title><style>"
                "body{font-family:sans-serif;margin:2em;color:#1a1a1a}"
                "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #999;"
                "padding:.3em .6em;text-align:right}th[scope=row],td.text{text-align:left}th[scope=row]{white-space:nowrap}"
                ".grid{stroke:#ccc}.line{fill:none;stroke:#1f4e9c;stroke-width:3}"
                "text{font-size:11px;fill:#444}.changed{font-weight:bold}"
                "</style></head><body>\n<h1>Assessment history</h1>\n");
  for (size_t i = 0; i < r->authority_count; i++) {
    const history_trajectory *t = &r->authorities[i];
    report_put(s, "<section><h2>");
    html_text(s, t->name ? t->name : t->authority);
    report_put(s, "</h2>\n");
    if (!t->point_count) {
      report_put(s, "<p>No assessments recorded.</p></section>\n");
      continue;
    }
    html_chart(s, t);
    report_put(s, "<table><caption>Scores at each assessment</caption><thead><tr>"
                  "<th scope=\"col\">Date</th><th scope=\"col\">Stage</th>"
                  "<th scope=\"col\">Overall</th><th scope=\"col\">Band</th>");
    for (size_t c = 0; c < t->ingredient_count; c++) {
      report_put(s, "<th scope=\"col\">");
      html_text(s, t->ingredients[c]);
      report_put(s, "</th>");
    }
    report_put(s, "</tr></thead><tbody>\n");
    for (size_t k = 0; k < t->point_count; k++) {
      const history_point *pt = &t->points[k];
      report_put(s, "<tr><th scope=\"row\">");
      html_text(s, pt->date);
      report_put(s, "</th><td class=\"text\">");
      html_text(s, pt->stage);
      report_put(s, "</td><td>");
      put_score(s, pt->score);
      report_put(s, pt->band_changed ? "</td><td class=\"text changed\">" : "</td><td class=\"text\">");
      html_text(s, pt->band);
      if (pt->band_changed) report_put(s, " (band changed)");
      report_put(s, "</td>");
      for (size_t c = 0; c < t->ingredient_count; c++) {
        report_put(s, "<td>");
        put_score(s, pt->ingredients[c]);
        report_put(s, "</td>");
      }
      report_put(s, "</tr>\n");
    }
    report_put(s, "</tbody></table></section>\n");
  }
  report_put(s, "</body></html>\n");
}

/* }====================================================================== */

int history_write(const history_report *r, history_format format, FILE *out) {
  if (format == HISTORY_JSON) return write_json(out, r);
  report_sink s;
  report_sink_init(&s, out);
  if (format == HISTORY_MARKDOWN)
    write_markdown(&s, r);
  else if (format == HISTORY_HTML)
    write_html(&s, r);
  else
    write_text(&s, r);
  return report_sink_finish(&s);
}

void history_report_free(history_report *r) {
  if (r) arena_free(r->arena);
}

int history_format_parse(const char *name, history_format *out) {
  output_format format;
  if (output_format_parse(name, &format) != 0 || format == OUTPUT_CSV) return -1;
  *out = (history_format)format;
  return 0;
}
