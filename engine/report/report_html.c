/* report_html.c: the plan as one self-contained HTML page, for people who would rather
 * look at a chart than read a table: inline CSS and SVG (report_html_chart.c), no script,
 * no external request (a Content-Security-Policy forbids them), readable on screen, on a
 * phone and printed on A4 (report_html_layout.c). For several authorities a comparison
 * comes first: a league table and an ingredient heatmap; each authority then has its
 * summary and, after it, the detail. Every string from the plan is escaped; every chart
 * has words. */
#include "report_html.h"
#include "report_html_benchmark.h"
#include "report_html_chart.h"
#include "report_html_layout.h"
#include "report_html_trend.h"
#include "report_html_writer.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_escape.h"
#include "report_explain.h"
#include "report_summary.h"
#include "report_values.h"
#include "report_young.h"

/* ** {======================================================================
** Output primitives of the page (the shared ones: report_html_writer.h).
** ======================================================================= */

static void put_size(html_writer *h, size_t n) { report_put_size(&h->sink, n); }

/* A score with one decimal, or the words for a missing one. */
static void put_score(html_writer *h, double score) {
  char buf[REPORT_VALUE_SIZE];
  html_put(h, isnan(score) ? "not assessed" : report_score_text(buf, score));
}

/* A suppressed small count, said in words as well as the statistical "c". */
static void put_suppressed(html_writer *h) {
  html_put(h,
           "<span class=\"suppressed\">" REPORT_SUPPRESSED " <small>(suppressed)</small></span>");
}

/* A table in its box (which scrolls it on a narrow screen) and its header row: `kind`
 * is its classes (NULL: none; "stack" makes it cards on a phone, report_html_layout.h);
 * `columns` are our own words; those named in `numeric` (a string of 0/1 flags, one per
 * column) are right-aligned like their figures. */
static void put_table_head_as(html_writer *h, const char *kind, const char *const *columns,
                              size_t count, const char *numeric) {
  html_put(h, "<div class=\"table-wrap\">\n<table");
  if (kind) html_put_format(h, " class=\"%s\"", kind);
  html_put(h, ">\n<thead><tr>");
  for (size_t i = 0; i < count; i++) {
    html_put(h, numeric[i] == '1' ? "<th scope=\"col\" class=\"number\">" : "<th scope=\"col\">");
    html_put(h, columns[i]);
    html_put(h, "</th>");
  }
  html_put(h, "</tr></thead>\n<tbody>\n");
}

static void put_table_head(html_writer *h, const char *const *columns, size_t count,
                           const char *numeric) {
  put_table_head_as(h, NULL, columns, count, numeric);
}

static void put_table_end(html_writer *h) { html_put(h, "</tbody>\n</table>\n</div>\n"); }

/* }====================================================================== */

/* ** {======================================================================
** The page around the report: head, stylesheet, header and footer.
** ======================================================================= */

/* Colours meet WCAG AA: body text on white is 17:1, the band tints carry dark text
 * (over 9:1), links 8:1. Band colour is never the only signal: the band's name or the
 * score is always written in the same place. */
static const char html_stylesheet[] =
    ":root{color-scheme:light}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,sans-serif;"
    "color:#1a1a1a;background:#fff}\n"
    "header,nav,main,footer{max-width:64rem;margin:0 auto;padding:0 1.25rem}\n"
    "h1{font-size:1.9rem;line-height:1.2;margin:1.5rem 0 .25rem}\n"
    "h2{font-size:1.5rem;line-height:1.25;margin:2.5rem 0 .5rem;padding-top:.75rem;"
    "border-top:3px solid #1a1a1a}\n"
    "h3{font-size:1.15rem;margin:1.75rem 0 .5rem}\n"
    "a{color:#0b4f9c}\n"
    "a:focus-visible,summary:focus-visible{outline:3px solid #0b4f9c;outline-offset:2px}\n"
    "nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;list-style:none;padding:0;margin:.5rem "
    "0}\n"
    ".meta,figcaption,.note{color:#4a5560}\n"
    ".meta{margin:.25rem 0}\n"
    "figcaption,.note{font-size:.9rem}\n"
    "table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.95rem}\n"
    "th,td{border:1px solid #c4ccd4;padding:.35rem .5rem;text-align:left;vertical-align:top}\n"
    "thead th{background:#eef1f4}\n"
    "tbody th{font-weight:600}\n"
    ".number{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "code{font-size:.85em;color:#4a5560}\n"
    ".band-top{background:#d4eeda;color:#0d3b1c}\n"
    ".band-middle{background:#fde7c0;color:#4d2e00}\n"
    ".band-bottom{background:#f8d1cd;color:#5e0f0a}\n"
    ".band-none{background:#eceff1;color:#37474f}\n"
    ".badge,.status{display:inline-block;padding:0 .5rem;border-radius:1rem;"
    "border:1px solid currentColor;font-weight:600;white-space:nowrap}\n"
    ".status-assessed{background:#fff;color:#0d3b1c}\n"
    ".status-not-assessed{background:#eceff1;color:#37474f}\n"
    ".status-failed{background:#f8d1cd;color:#5e0f0a}\n"
    ".flagged{font-weight:700;background:#fff4e5}\n"
    ".survival{background:#f8d1cd;color:#5e0f0a}\n"
    ".found-by{margin:.35rem 0 0;font-size:.9rem;color:#4a5560}\n"
    "td>p{margin:0}\n"
    ".overall{font-size:1.2rem;margin:.5rem 0}\n"
    ".summary{border-left:6px solid #0b4f9c;background:#f3f7fc;padding:.25rem 1rem .5rem;"
    "margin:1rem 0}\n"
    ".summary h3{margin-top:.75rem}\n"
    "figure{margin:.75rem 0 1rem}\n"
    "svg{display:block;max-width:100%;height:auto}\n"
    ".scale-figure svg{width:36rem}\n"
    ".radar-figure svg{width:40rem}\n" /* its drawing's 640 units, so text is at its set size */
    "svg text{font-family:inherit;font-size:13px;fill:#1a1a1a}\n"
    "svg .tick{font-size:12.5px;fill:#4a5560}\n"
    "svg .name,svg .marker-label{font-weight:700}\n"
    "svg .spoke,svg .outline{stroke:#8a96a3;fill:none}\n"
    "svg .threshold{fill:none;stroke:#8a96a3;stroke-dasharray:4 3}\n"
    "svg .scores{fill:rgba(11,79,156,.2);stroke:#0b4f9c;stroke-width:2.5;stroke-linejoin:round}\n"
    "svg polyline.scores{fill:none}\n"
    "svg .point{fill:#0b4f9c}\n"
    "svg .segment.band-top{fill:#b9e3c4}\n"
    "svg .segment.band-middle{fill:#fbd99a}\n"
    "svg .segment.band-bottom{fill:#f4b5ae}\n"
    "svg .segment.band-none{fill:#dde2e6}\n"
    "svg .marker{stroke:#1a1a1a;stroke-width:3}\n"
    ".heatmap td{text-align:center}\n"
    /* benchmarks (report_html_benchmark.c): the authority's bar stands out by colour and
       by its bold name; the lines differ by dash pattern as well as colour */
    ".benchmark-figure svg{width:30rem}small.role{display:block;font-weight:400;color:#4a5560}\n"
    "svg .grid{stroke:#dde2e6}\n"
    "svg .bar.own{fill:#0b4f9c}svg .bar.neighbour{fill:#8fb3dc}svg .bar.reference{fill:#b8c0c8}\n"
    "svg .bar-value,svg .bar-name{font-size:12px}svg .axis-title{font-size:12px;fill:#4a5560}\n"
    "svg .line{fill:none;stroke-width:2.5}\n"
    "svg .series-own .line{stroke:#0b4f9c;stroke-width:3.5}svg .series-own .dot{fill:#0b4f9c}\n"
    "svg .series-neighbours .line{stroke:#b35900;stroke-dasharray:8 4}"
    "svg .series-neighbours .dot{fill:#b35900}\n"
    "svg .series-region .line{stroke:#2e7d32;stroke-dasharray:2 3}"
    "svg .series-region .dot{fill:#2e7d32}\n"
    "svg .series-england .line{stroke:#1a1a1a;stroke-dasharray:12 3 2 3}"
    "svg .series-england .dot{fill:#1a1a1a}\n"
    ".standing{font-weight:600}tr.own th,tr.own td{background:#e8f0fa}\n"
    "caption{text-align:left;font-size:.9rem;color:#4a5560;padding:.25rem 0}"
    ".scroll{overflow-x:auto}.figure-head{text-align:right}@media print{.scroll{overflow:visible}}\n"
    ".suppressed{font-style:italic}\n"
    "td.evidence{min-width:16rem}\n"
    "ul.evidence{margin:0;padding-left:1.1rem}\n"
    "details{border:1px solid #c4ccd4;border-radius:4px;margin:.5rem 0;padding:.25rem .75rem}\n"
    "details>summary{cursor:pointer;font-weight:600;padding:.25rem 0}\n"
    "footer{margin-top:3rem;padding-bottom:2rem;border-top:1px solid #c4ccd4}\n"
    /* phones and paper: report_html_layout.c */;

void html_write_head(html_writer *h, const char *title, const char *stylesheet) {
  html_put(h,
           "<!DOCTYPE html>\n"
           "<html lang=\"en-GB\">\n"
           "<head>\n"
           "<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           /* nothing may be fetched or run: the page is complete as written */
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
           "style-src 'unsafe-inline'\">\n"
           "<meta name=\"generator\" content=\"sustain\">\n"
           "<title>");
  html_put_text(h, title);
  html_put(h, "</title>\n<style>\n");
  html_put(h, html_stylesheet);
  html_put(h, html_trend_stylesheet);
  html_put(h, html_layout_stylesheet);
  if (stylesheet) html_put(h, stylesheet);
  html_put(h, "</style>\n</head>\n<body>\n");
}

static void write_header(html_writer *h, const plan *p) {
  html_put(h, "<header>\n<h1>");
  html_put_text(h, p->name);
  html_put(h, "</h1>\n<p class=\"meta\">Assessment date: <time datetime=\"");
  html_put_text(h, p->date);
  html_put(h, "\">");
  html_put_text(h, p->date);
  html_put(h, "</time>. Rules: ");
  put_size(h, plan_count_rules(p, PLAN_RULE_ASSESSED));
  html_put(h, " assessed, ");
  put_size(h, plan_count_rules(p, PLAN_RULE_NOT_ASSESSED));
  html_put(h, " not assessed, ");
  put_size(h, plan_count_rules(p, PLAN_RULE_ERROR));
  html_put(h, " failed.");
  char counts[REPORT_VALUE_SIZE];
  if (report_context_counts(counts, p)) {
    html_put(h, " ");
    html_put(h, counts);
    html_put(h, ".");
  }
  html_put(h, "</p>\n</header>\n");
}

/* Links to each part, for a report with more than one authority. */
static void write_nav(html_writer *h, const plan *p) {
  html_put(h,
           "<nav aria-label=\"Contents\">\n<ul>\n"
           "<li><a href=\"#comparison\">Comparison</a></li>\n");
  for (size_t i = 0; i < p->authority_count; i++) {
    html_put_format(h, "<li><a href=\"#authority-%zu\">", i + 1);
    html_put_text(h, p->authorities[i].name);
    html_put(h, "</a></li>\n");
  }
  if (p->error_count) html_put(h, "<li><a href=\"#errors\">Errors</a></li>\n");
  html_put(h, "</ul>\n</nav>\n");
}

static void write_footer(html_writer *h) {
  html_put(h,
           "<footer>\n<p class=\"note\">Written by sustain from the assessment plan. "
           "<span class=\"suppressed\">" REPORT_SUPPRESSED
           "</span> marks a small number that is suppressed to protect the privacy of the "
           "young people it counts.</p>\n</footer>\n</body>\n</html>\n");
}

/* }====================================================================== */

/* ** {======================================================================
** The comparison of several authorities: a league table and an ingredient heatmap.
** ======================================================================= */

/* Highest score first, authorities without a score last, ties in plan order. */
static int compare_league(const void *left, const void *right) {
  const plan_authority *a = *(const plan_authority *const *)left;
  const plan_authority *b = *(const plan_authority *const *)right;
  if (isnan(a->score) != isnan(b->score)) return isnan(a->score) ? 1 : -1;
  if (!isnan(a->score) && a->score != b->score) return a->score > b->score ? -1 : 1;
  return a < b ? -1 : a > b;
}

/* Returns -1 (errno ENOMEM) when the league cannot be sorted. */
static int write_league_table(html_writer *h, const plan *p) {
  static const char *const columns[] = {"Position", "Authority",       "Score",       "Band",
                                        "Coverage", "Needs most work", "First action"};
  const plan_authority **league = malloc(p->authority_count * sizeof *league);
  if (!league) return -1;
  for (size_t i = 0; i < p->authority_count; i++) league[i] = &p->authorities[i];
  qsort(league, p->authority_count, sizeof *league, compare_league);

  char buf[REPORT_VALUE_SIZE];
  html_put(h, "<h3>League table</h3>\n<p class=\"note\">Highest overall score first.</p>\n");
  put_table_head_as(h, "league stack", columns, 7, "1010100");
  for (size_t k = 0; k < p->authority_count; k++) {
    const plan_authority *a = league[k];
    size_t index = (size_t)(a - p->authorities) + 1;
    const plan_ingredient *weakest = report_weakest_ingredient(a);
    html_put(h, "<tr><td class=\"number\" data-label=\"Position\">");
    if (isnan(a->score))
      html_put(h, REPORT_MISSING);
    else
      put_size(h, k + 1);
    html_put_format(h, "</td><th scope=\"row\"><a href=\"#authority-%zu\">", index);
    html_put_text(h, a->name);
    html_put(h, "</a></th><td class=\"number\" data-label=\"Score\">");
    put_score(h, a->score);
    html_put_format(h, "</td><td class=\"%s\" data-label=\"Band\">",
                    html_band_class(p, a->score, a->band));
    html_put_text(h, isnan(a->score) ? "not assessed" : a->band);
    html_put(h, "</td><td class=\"number\" data-label=\"Coverage\">");
    html_put(h, isfinite(a->coverage) ? report_percent_text(buf, a->coverage) : "0");
    html_put(h, "% <small>(rules ");
    html_put(h, isfinite(a->rule_coverage) ? report_percent_text(buf, a->rule_coverage) : "0");
    html_put(h, "%)</small></td><td data-label=\"Needs most work\">");
    html_put_text(h, weakest ? report_ingredient_name(weakest) : NULL);
    html_put(h, "</td><td class=\"wide\" data-label=\"First action\">");
    html_put_text(h, a->action_count ? a->actions[0].title : "none");
    html_put(h, "</td></tr>\n");
  }
  put_table_end(h);
  free(league);
  return 0;
}

/* Whether ingredient i of authority k is the first of its id across the plan: the
 * heatmap's columns are the ingredients in order of first appearance. */
static int first_of_its_id(const plan *p, size_t k, size_t i) {
  const char *id = p->authorities[k].ingredients[i].id;
  for (size_t before = 0; before <= k; before++) {
    const plan_authority *a = &p->authorities[before];
    size_t end = before == k ? i : a->ingredient_count;
    for (size_t j = 0; j < end; j++)
      if (a->ingredients[j].id && id && strcmp(a->ingredients[j].id, id) == 0) return 0;
  }
  return 1;
}

static const plan_ingredient *find_ingredient(const plan_authority *a, const char *id) {
  for (size_t i = 0; i < a->ingredient_count; i++)
    if (a->ingredients[i].id && id && strcmp(a->ingredients[i].id, id) == 0)
      return &a->ingredients[i];
  return NULL;
}

static void write_band_legend(html_writer *h, const plan *p) {
  char buf[REPORT_VALUE_SIZE];
  if (p->band_count == 0) return;
  html_put(h, "<p class=\"note\">Bands: ");
  for (size_t b = 0; b < p->band_count; b++) {
    if (b > 0) html_put(h, " ");
    html_put_format(h, "<span class=\"badge %s\">",
                    html_band_class(p, p->bands[b].min, p->bands[b].label));
    html_put_text(h, p->bands[b].label);
    html_put(h, " from ");
    html_put(h, report_measure_text(buf, p->bands[b].min));
    html_put(h, "</span>");
  }
  html_put(h, "</p>\n");
}

static void write_heatmap(html_writer *h, const plan *p) {
  html_put(h,
           "<h3>Ingredient heatmap</h3>\n"
           "<p class=\"note\">Each cell is an ingredient's score out of 100, coloured by its "
           "band.</p>\n");
  write_band_legend(h, p);
  html_put(h,
           "<div class=\"table-wrap\">\n<table class=\"heatmap stack\">\n"
           "<thead><tr><th scope=\"col\">Authority</th>");
  for (size_t k = 0; k < p->authority_count; k++)
    for (size_t i = 0; i < p->authorities[k].ingredient_count; i++) {
      if (!first_of_its_id(p, k, i)) continue;
      html_put(h, "<th scope=\"col\">");
      html_put_text(h, report_ingredient_name(&p->authorities[k].ingredients[i]));
      html_put(h, "</th>");
    }
  html_put(h, "</tr></thead>\n<tbody>\n");
  for (size_t row = 0; row < p->authority_count; row++) {
    const plan_authority *a = &p->authorities[row];
    html_put(h, "<tr><th scope=\"row\">");
    html_put_text(h, a->name);
    html_put(h, "</th>");
    for (size_t k = 0; k < p->authority_count; k++)
      for (size_t i = 0; i < p->authorities[k].ingredient_count; i++) {
        if (!first_of_its_id(p, k, i)) continue;
        const plan_ingredient *ingredient = find_ingredient(a, p->authorities[k].ingredients[i].id);
        /* on a phone the row is a card, and each cell names its column */
        html_put(h, "<td data-label=\"");
        html_put_text(h, report_ingredient_name(&p->authorities[k].ingredients[i]));
        if (!ingredient) {
          html_put(h, "\">" REPORT_MISSING "</td>");
          continue;
        }
        html_put_format(h, "\" class=\"%s\">", html_band_class(p, ingredient->score, NULL));
        put_score(h, ingredient->score);
        html_put(h, "</td>");
      }
    html_put(h, "</tr>\n");
  }
  put_table_end(h);
}

static int write_comparison(html_writer *h, const plan *p) {
  html_put(h,
           "<section id=\"comparison\" aria-labelledby=\"comparison-heading\">\n"
           "<h2 id=\"comparison-heading\">Comparison of authorities</h2>\n");
  if (write_league_table(h, p) != 0) return -1;
  write_heatmap(h, p);
  html_put(h, "</section>\n");
  return 0;
}

/* }====================================================================== */

/* ** {======================================================================
** One authority.
** ======================================================================= */

static void write_overall(html_writer *h, const plan *p, const plan_authority *a) {
  char buf[REPORT_VALUE_SIZE];
  html_put(h, "<p class=\"meta\">Authority <code>");
  html_put_text(h, a->id);
  html_put(h, "</code>, stage: ");
  html_put_text(h, a->stage);
  html_put(h, ", coverage: ingredients ");
  html_put(h, isfinite(a->coverage) ? report_percent_text(buf, a->coverage) : "0");
  html_put(h, "%, rules ");
  html_put(h, isfinite(a->rule_coverage) ? report_percent_text(buf, a->rule_coverage) : "0");
  html_put(h, "%</p>\n<p class=\"overall\">Overall score: ");
  if (isnan(a->score)) {
    html_put(h, "<span class=\"badge band-none\">not assessed</span></p>\n");
    return;
  }
  html_put(h, "<strong>");
  html_put(h, report_score_text(buf, a->score));
  html_put(h, "</strong> out of 100");
  if (a->band) {
    html_put_format(h, " <span class=\"badge %s\">", html_band_class(p, a->score, a->band));
    html_put_text(h, a->band);
    html_put(h, "</span>");
  }
  html_put(h, "</p>\n");
}

/* The plain-English summary (report_summary.h) as paragraphs and an ordered list. */
static void summary_begin(void *writer, report_summary_block block) {
  static const char *const tags[] = {"<p>", "<ol>\n", "<li>"};
  html_put(writer, tags[block]);
}

static void summary_end(void *writer, report_summary_block block) {
  static const char *const tags[] = {"</p>\n", "</ol>\n", "</li>\n"};
  html_put(writer, tags[block]);
}

static void summary_words(void *writer, const char *text) { html_put(writer, text); }
static void summary_plan_text(void *writer, const char *text) { html_put_text(writer, text); }

static void write_summary(html_writer *h, const plan *p, const plan_authority *a, size_t index) {
  const report_summary_style style = {h, summary_begin, summary_end, summary_words,
                                      summary_plan_text};
  html_put_format(h,
                  "<section class=\"summary\" aria-labelledby=\"summary-%zu\">\n"
                  "<h3 id=\"summary-%zu\">" REPORT_SUMMARY_HEADING "</h3>\n",
                  index, index);
  report_summary_write(p, a, &style);
  html_put(h, "</section>\n");
}

/* The overall score on the band scale, right under the score it draws. */
static void write_scale_figure(html_writer *h, const plan_authority *a, size_t index) {
  html_put(h, "<figure class=\"scale-figure\">\n");
  html_band_scale(h, a, index);
  html_put(h, "<figcaption>The overall score on the bands, from 0 to 100.</figcaption>\n");
  html_put(h, "</figure>\n");
}

/* The radar of the ingredients, pointing to the table with the same figures. */
static void write_radar_figure(html_writer *h, const plan_authority *a, size_t index) {
  if (a->ingredient_count == 0) return;
  html_put(h, "<figure class=\"radar-figure\">\n");
  html_radar_chart(h, a, index);
  html_put_format(h,
                  "<figcaption>Ingredient scores out of 100: further from the centre is "
                  "better; dashed rings are the band thresholds; a thicker spoke has a "
                  "higher stage weight. The <a href=\"#ingredients-%zu\">ingredients "
                  "table</a> has the same figures.</figcaption>\n</figure>\n",
                  index);
}

static void write_ingredient_table(html_writer *h, const plan *p, const plan_authority *a,
                                   size_t index) {
  static const char *const columns[] = {"Ingredient", "Score",        "Stage weight",
                                        "Assessed",   "Not assessed", "Failed"};
  char buf[REPORT_VALUE_SIZE];
  html_put_format(h, "<h3 id=\"ingredients-%zu\">Ingredients</h3>\n<div class=\"glance\">\n",
                  index);
  write_radar_figure(h, a, index);
  put_table_head_as(h, "stack", columns, 6, "011111");
  for (size_t i = 0; i < a->ingredient_count; i++) {
    const plan_ingredient *ingredient = &a->ingredients[i];
    size_t counts[3];
    report_count_rules(ingredient, counts);
    html_put(h, "<tr><th scope=\"row\">");
    html_put_text(h, report_ingredient_name(ingredient));
    html_put_format(h, "</th><td class=\"number %s\" data-label=\"Score\">",
                    html_band_class(p, ingredient->score, NULL));
    put_score(h, ingredient->score);
    html_put(h, "</td><td class=\"number\" data-label=\"Stage weight\">");
    html_put(h, report_weight_text(buf, ingredient->weight));
    html_put(h, "</td>");
    for (int c = 0; c < 3; c++) {
      /* a rule that was not assessed or failed stands out */
      html_put_format(h, "<td class=\"number%s\" data-label=\"%s\">",
                      c > 0 && counts[c] > 0 ? " flagged" : "", columns[3 + c]);
      put_size(h, counts[c]);
      html_put(h, "</td>");
    }
    html_put(h, "</tr>\n");
  }
  put_table_end(h);
  html_put(h, "</div>\n");
}

/* A list of actions after a label, named by title when they are this plan's (a resolved
 * action is not, and keeps its id, as code). */
/* Actions by name: titles[i] when the history kept it (resolved actions), else the name
 * this plan gives the id (report_values.h). */
static void write_id_list(html_writer *h, const plan_authority *a, const char *label,
                          const char *const *ids, const char *const *titles, size_t n) {
  html_put(h, "<li>");
  html_put(h, label);
  html_put_format(h, " (%zu): ", n);
  if (!n) html_put(h, "none");
  for (size_t i = 0; i < n; i++) {
    const char *name = titles && titles[i] ? titles[i] : report_action_name_by_id(a, ids[i]);
    int id = name == ids[i];
    if (i) html_put(h, "; ");
    if (id) html_put(h, "<code>");
    html_put_text(h, name);
    if (id) html_put(h, "</code>");
  }
  html_put(h, "</li>\n");
}

/* With a history: each ingredient's change since the previous assessment, and which of its
 * actions recur or are resolved. */
static void write_change(html_writer *h, const plan_authority *a) {
  static const char *const columns[] = {"Ingredient", "Then", "Now", "Change"};
  char buf[REPORT_VALUE_SIZE];
  html_put(h, "<h3>" REPORT_CHANGE_HEADING);
  if (!a->previous_date) {
    html_put(h, "</h3>\n<p>" REPORT_CHANGE_NONE "</p>\n");
    return;
  }
  html_put(h, " (");
  html_put_text(h, a->previous_date);
  html_put(h, ")</h3>\n");
  put_table_head(h, columns, 4, "0111");
  for (size_t i = 0; i < a->ingredient_count; i++) {
    const plan_ingredient *g = &a->ingredients[i];
    html_put(h, "<tr><th scope=\"row\">");
    html_put_text(h, report_ingredient_name(g));
    html_put(h, "</th><td class=\"number\">");
    html_put(h, isfinite(g->previous) ? report_score_text(buf, g->previous) : REPORT_MISSING);
    html_put(h, "</td><td class=\"number\">");
    html_put(h, isfinite(g->score) ? report_score_text(buf, g->score) : REPORT_MISSING);
    html_put(h, "</td><td class=\"number\">");
    html_put(h, report_change_text(buf, g->previous, g->score));
    html_put(h, "</td></tr>\n");
  }
  put_table_end(h);
  html_put(h, "<ul>\n");
  write_id_list(h, a, "Actions recurring", a->recurring_actions, NULL, a->recurring_action_count);
  write_id_list(h, a, "Actions resolved", a->resolved_actions, a->resolved_action_titles,
                a->resolved_action_count);
  html_put(h, "</ul>\n");
}

/* One action as a table row: a survival badge beside its title; its why, then the rules
 * that found it. */
static void write_action_row(html_writer *h, const plan *p, const plan_authority *a,
                             const plan_action *action) {
  char buf[REPORT_VALUE_SIZE];
  html_put_format(h, "<tr><td class=\"number\" data-label=\"Rank\">%d</td><th scope=\"row\">",
                  action->rank);
  html_put_text(h, action->title);
  if (action->survival)
    html_put(h, " <span class=\"badge survival\">keeps the service going</span>");
  html_put(h, "</th><td data-label=\"Ingredient\">");
  html_put_text(h, report_action_ingredient_name(a, action));
  html_put(h, "</td><td data-label=\"Owner\">");
  html_put_text(h, action->owner);
  html_put(h, "</td><td data-label=\"Effort\">");
  html_put_text(h, action->effort);
  html_put(h, "</td><td class=\"number\" data-label=\"Impact\">");
  html_put(h, report_score_text(buf, action->impact));
  if (p->explain) { /* the number is for checking the arithmetic; people get the words */
    html_put(h, "</td><td class=\"number\" data-label=\"Priority\">");
    html_put(h, report_score_text(buf, action->priority));
  }
  /* the why, and the terms, run the width of a card or of the printed page */
  html_put(h, "</td><td class=\"wide\"><p>");
  html_put_text(h, action->why);
  html_put(h, "</p>");
  if (action->survival) html_put(h, "<p class=\"found-by\">" REPORT_SURVIVAL_WORDS "</p>");
  else {
    char words[REPORT_RANK_WORDS_SIZE];
    html_put(h, "<p class=\"found-by\">");
    html_put_text(h, report_rank_words(words, a, action));
    html_put(h, "</p>");
  }
  if (action->found_by_count) {
    html_put(h, "<p class=\"found-by\">Found by: ");
    for (size_t i = 0; i < action->found_by_count; i++) {
      if (i) html_put(h, "; ");
      html_put_text(h, report_rule_name_by_id(a, action->found_by[i]));
    }
    html_put(h, "</p>");
  }
  if (p->explain) {
    html_put(h, "</td><td class=\"wide\" data-label=\"Priority terms\">impact ");
    html_put(h, report_score_text(buf, action->terms.impact));
    html_put(h, " \xC3\x97 stage weight ");
    html_put(h, report_weight_text(buf, action->terms.stage_weight));
    html_put(h, " \xC3\x97 weakness ");
    html_put(h, report_measure_text(buf, action->terms.weakness));
    html_put(h, " \xC3\x97 urgency ");
    html_put(h, report_measure_text(buf, action->terms.urgency));
    html_put(h, " \xC3\xB7 effort cost ");
    html_put(h, report_measure_text(buf, action->terms.effort_cost));
    html_put(h, action->survival ? "; tier: survival" : "; tier: ordinary");
  }
  html_put(h, "</td></tr>\n");
}

/* The actions ranked from..to (exclusive) as one table, nothing when there are none;
 * `grouped`: only those of the ingredient group (NULL: of none of the authority's), under
 * a heading naming it. */
static void write_action_table(html_writer *h, const plan *p, const plan_authority *a,
                               size_t from, size_t to, const plan_ingredient *group,
                               int grouped) {
  static const char *const explained[] = {"Rank",     "Action", "Ingredient",
                                          "Owner",    "Effort", "Impact",
                                          "Priority", "Why",    "Priority terms"};
  static const char *const plain[] = {"Rank",   "Action", "Ingredient", "Owner",
                                      "Effort", "Impact", "Why"};
  int begun = 0;
  for (size_t i = from; i < to; i++) {
    const plan_action *action = &a->actions[i];
    if (grouped && report_find_ingredient(a, action->ingredient) != group) continue;
    if (!begun++) {
      if (grouped) {
        html_put(h, "<h4>");
        html_put_text(h, group ? report_ingredient_name(group) : "Other");
        html_put(h, "</h4>\n");
      }
      if (p->explain) put_table_head_as(h, "actions explained stack", explained, 9, "100001100");
      else put_table_head_as(h, "actions stack", plain, 7, "1000010");
    }
    write_action_row(h, p, a, action);
  }
  if (begun) put_table_end(h);
}

/* The few actions to do first, then the rest under a heading per ingredient. */
static void write_actions(html_writer *h, const plan *p, const plan_authority *a) {
  html_put(h, "<h3>" REPORT_FIRST_HEADING "</h3>\n");
  if (a->action_count == 0) {
    html_put(h, "<p>None.</p>\n");
    return;
  }
  html_put(h, "<p class=\"note\">" REPORT_RANK_NOTE "</p>\n");
  size_t first = report_first_count(a);
  write_action_table(h, p, a, 0, first, NULL, 0);
  if (first == a->action_count) return;
  html_put(h, "<h3>" REPORT_REST_HEADING "</h3>\n");
  for (size_t g = 0; g <= a->ingredient_count; g++)
    write_action_table(h, p, a, first, a->action_count,
                       g < a->ingredient_count ? &a->ingredients[g] : NULL, 1);
}

static void put_evidence(html_writer *h, const plan_rule *rule);

/* How the people the service is for are doing: each context item with its figures. */
static void write_context(html_writer *h, const plan_authority *a) {
  if (a->context_count == 0) return;
  html_put(h, "<h3>" REPORT_CONTEXT_HEADING "</h3>\n<p class=\"note\">Shown beside the scores, "
              "never part of them.</p>\n<div class=\"context\">\n");
  for (size_t i = 0; i < a->context_count; i++) {
    const plan_rule *item = &a->context[i];
    html_put(h, "<div class=\"context-item\">\n<h4>");
    html_put_text(h, report_rule_name(item));
    html_put(h, "</h4>\n");
    if (item->status != PLAN_RULE_ASSESSED) {
      html_put_format(h, "<p><span class=\"status %s\">%s</span> ",
                      item->status == PLAN_RULE_ERROR ? "status-failed" : "status-not-assessed",
                      report_context_status_words(item->status));
      html_put_text(h, item->status == PLAN_RULE_ERROR ? item->message : item->reason);
      html_put(h, "</p>\n");
    }
    if (item->evidence_count) {
      put_evidence(h, item);
      html_put(h, "\n");
    }
    html_put(h, "</div>\n");
  }
  html_put(h, "</div>\n");
}

/* Rules in one status with their reason or message, flagged; nothing when there are none. */
static void write_rules_in_status(html_writer *h, const plan_authority *a, plan_rule_status status,
                                  const char *heading, const char *column) {
  report_rule_cursor cursor = {0, 0};
  const plan_rule *rule = report_next_rule(a, status, &cursor);
  if (!rule) return;
  const char *columns[] = {"Rule", column};
  html_put(h, "<h3>");
  html_put(h, heading);
  html_put(h, "</h3>\n");
  put_table_head(h, columns, 2, "00");
  for (; rule; rule = report_next_rule(a, status, &cursor)) {
    html_put(h, "<tr><th scope=\"row\">");
    html_put_text(h, report_rule_name(rule));
    html_put_format(h, "</th><td><span class=\"status %s\">%s</span> ",
                    status == PLAN_RULE_ERROR ? "status-failed" : "status-not-assessed",
                    report_status_words(status));
    html_put_text(h, status == PLAN_RULE_ERROR ? rule->message : rule->reason);
    html_put(h, "</td></tr>\n");
  }
  put_table_end(h);
}

static const char *status_class(plan_rule_status status) {
  switch (status) {
    case PLAN_RULE_ASSESSED:
      return "status-assessed";
    case PLAN_RULE_NOT_ASSESSED:
      return "status-not-assessed";
    case PLAN_RULE_ERROR:
      return "status-failed";
  }
  return "status-failed";
}

static void put_evidence(html_writer *h, const plan_rule *rule) {
  char buf[REPORT_VALUE_SIZE];
  if (rule->evidence_count == 0) {
    html_put(h, "none");
    return;
  }
  html_put(h, "<ul class=\"evidence\">");
  for (size_t e = 0; e < rule->evidence_count; e++) {
    const plan_evidence *evidence = &rule->evidence[e];
    html_put(h, "<li>");
    html_put_text(h, evidence->label);
    html_put(h, ": ");
    if (evidence->kind == PLAN_VALUE_SUPPRESSED)
      put_suppressed(h);
    else
      html_put_text(h, report_evidence_text(buf, evidence));
    html_put(h, "</li>");
  }
  html_put(h, "</ul>");
}

/* One ingredient's rules and their evidence, folded away until asked for; the fold's
 * summary line says already whether any rule was not assessed or failed. */
static void write_ingredient_evidence(html_writer *h, const plan *p,
                                      const plan_ingredient *ingredient) {
  static const char *const columns[] = {"Rule",     "Status",  "Score",       "Evidence",
                                        "Weight",   "Seconds", "Instructions"};
  char buf[REPORT_VALUE_SIZE];
  size_t counts[3];
  report_count_rules(ingredient, counts);
  html_put(h, "<details>\n<summary>");
  html_put_text(h, report_ingredient_name(ingredient));
  html_put(h, ": ");
  put_score(h, ingredient->score);
  if (counts[PLAN_RULE_NOT_ASSESSED] > 0) {
    html_put(h, " <span class=\"status status-not-assessed\">");
    put_size(h, counts[PLAN_RULE_NOT_ASSESSED]);
    html_put(h, " not assessed</span>");
  }
  if (counts[PLAN_RULE_ERROR] > 0) {
    html_put(h, " <span class=\"status status-failed\">");
    put_size(h, counts[PLAN_RULE_ERROR]);
    html_put(h, " failed</span>");
  }
  html_put(h, "</summary>\n");
  put_table_head_as(h, "evidence-table stack", columns, p->explain ? 7 : 4, "0010111");
  for (size_t r = 0; r < ingredient->rule_count; r++) {
    const plan_rule *rule = &ingredient->rules[r];
    html_put(h, "<tr><th scope=\"row\">");
    html_put_text(h, report_rule_name(rule));
    html_put(h, " <code>");
    html_put_text(h, rule->id);
    html_put_format(h, "</code></th><td data-label=\"Status\"><span class=\"status %s\">%s</span>",
                    status_class(rule->status), report_status_words(rule->status));
    if (rule->status != PLAN_RULE_ASSESSED) {
      html_put(h, " ");
      html_put_text(h, rule->status == PLAN_RULE_ERROR ? rule->message : rule->reason);
    }
    html_put(h, "</td><td class=\"number\" data-label=\"Score\">");
    if (rule->status == PLAN_RULE_ASSESSED && isfinite(rule->score)) {
      html_put(h, report_score_text(buf, rule->score));
      if (rule->weight == 0) html_put(h, " <small>(weight 0: not counted)</small>");
    } else {
      html_put(h, REPORT_MISSING);
    }
    html_put(h, "</td><td class=\"evidence wide\">");
    put_evidence(h, rule);
    if (p->explain) {
      html_put(h, "</td><td class=\"number\" data-label=\"Weight\">");
      html_put(h, report_weight_text(buf, rule->weight));
      html_put(h, "</td><td class=\"number\" data-label=\"Seconds\">");
      html_put(h, report_seconds_text(buf, rule->seconds));
      html_put(h, "</td><td class=\"number\" data-label=\"Instructions\">");
      html_put(h, report_instructions_text(buf, rule->instructions));
    }
    html_put(h, "</td></tr>\n");
  }
  put_table_end(h);
  html_put(h, "</details>\n");
}

static void write_data_quality(html_writer *h, const plan_authority *a) {
  static const char *const columns[] = {"What is wrong", "Table", "Rows"};
  char buf[REPORT_VALUE_SIZE];
  if (a->data_quality_count == 0) return;
  html_put(h, "<h3>Data quality</h3>\n");
  put_table_head_as(h, "stack", columns, 3, "001");
  for (size_t i = 0; i < a->data_quality_count; i++) {
    const plan_data_quality *dq = &a->data_quality[i];
    /* the check's id, small, for whoever fixes the data or the pack */
    html_put(h, "<tr><th scope=\"row\">");
    html_put_text(h, dq->message);
    html_put(h, " <code>");
    html_put_text(h, dq->check);
    html_put(h, "</code></th><td data-label=\"Table\">");
    html_put_text(h, dq->table);
    html_put(h, "</td><td class=\"number\" data-label=\"Rows\">");
    if (dq->suppressed)
      put_suppressed(h);
    else
      html_put(h, report_count_text(buf, dq->count, 0));
    html_put(h, "</td></tr>\n");
  }
  put_table_end(h);
}

static void write_customisations(html_writer *h, const plan_authority *a) {
  static const char *const columns[] = {"Change", "Rule", "Details"};
  if (a->customisation_count == 0) return;
  html_put(h, "<h3>Customisations</h3>\n");
  put_table_head_as(h, "stack", columns, 3, "000");
  for (size_t i = 0; i < a->customisation_count; i++) {
    const plan_customisation *c = &a->customisations[i];
    const char *rule = report_customisation_rule_name(a, c);
    html_put(h, "<tr><td data-label=\"Change\">");
    html_put_text(h, report_customisation_words(c));
    html_put(h, "</td><td data-label=\"Rule\">");
    html_put_text(h, rule ? rule : REPORT_MISSING);
    html_put(h, "</td><td class=\"wide\" data-label=\"Details\">");
    html_put_text(h, c->reason);
    html_put(h, "</td></tr>\n");
  }
  put_table_end(h);
}

/* --explain: the arithmetic from the rules' scores to the band (report_explain.h), as a
 * list with the ingredients nested. */
static void write_explain(html_writer *h, const plan *p, const plan_authority *a) {
  const report_explain_style style = {&h->sink, report_escape_html, REPORT_EXPLAIN_TIMES};
  html_put(h, "<h3>" REPORT_EXPLAIN_HEADING "</h3>\n<ul class=\"explain\">\n<li>"
              REPORT_EXPLAIN_INGREDIENTS ":\n<ul>\n");
  for (size_t i = 0; i < a->ingredient_count; i++) {
    html_put(h, "<li>");
    html_put_text(h, report_ingredient_name(&a->ingredients[i]));
    html_put(h, ": ");
    report_explain_ingredient(&style, &a->ingredients[i]);
    html_put(h, "</li>\n");
  }
  html_put(h, "</ul></li>\n<li>" REPORT_EXPLAIN_OVERALL ": ");
  report_explain_overall(&style, a);
  html_put(h, "</li>\n<li>" REPORT_EXPLAIN_COVERAGE ": ");
  report_explain_coverage(&style, a);
  html_put(h, "</li>\n<li>" REPORT_EXPLAIN_RULE_COVERAGE ": ");
  report_explain_rule_coverage(&style, a);
  html_put(h, "</li>\n<li>" REPORT_EXPLAIN_BAND ": ");
  report_explain_band(&style, p, a);
  html_put(h, "</li>\n</ul>\n");
}

/* The authority's first page in print, and what a reader sees first on screen: its
 * score and band, the plain-English summary with the actions to do first and their
 * owners, and the ingredients at a glance. */
static void write_authority_summary(html_writer *h, const plan *p, const plan_authority *a,
                                    size_t index) {
  html_put(h, "<div class=\"authority-summary\">\n<h2 id=\"authority-");
  html_put_format(h, "%zu-heading\">", index);
  html_put_text(h, a->name);
  html_put(h, "</h2>\n");
  write_overall(h, p, a);
  write_scale_figure(h, a, index);
  write_summary(h, p, a, index);
  write_ingredient_table(h, p, a, index);
  html_put(h, "</div>\n");
}

/* Everything after the summary: the full plan, how care leavers are doing and the
 * evidence. In print it is the summary's appendix, on the pages after it; a section
 * added here is laid out as part of it (report_html_layout.c). */
static void write_authority_detail(html_writer *h, const plan *p, const plan_authority *a,
                                   size_t index) {
  html_put(h, "<div class=\"authority-detail\">\n<p class=\"print-only appendix-title\">");
  html_put_text(h, a->name);
  html_put(h, ": the full plan and the evidence behind it</p>\n");
  if (p->history) write_change(h, a);
  if (p->history) html_trend_section(h, a, index);
  write_actions(h, p, a);
  write_context(h, a);
  html_benchmarks(h, a, index);
  write_rules_in_status(h, a, PLAN_RULE_NOT_ASSESSED, "Rules not assessed", "Reason");
  write_rules_in_status(h, a, PLAN_RULE_ERROR, "Failed rules", "Message");
  if (p->explain) write_explain(h, p, a);
  html_put(h, "<h3>Evidence</h3>\n");
  if (a->ingredient_count == 0) html_put(h, "<p>None.</p>\n");
  for (size_t i = 0; i < a->ingredient_count; i++)
    write_ingredient_evidence(h, p, &a->ingredients[i]);
  write_data_quality(h, a);
  write_customisations(h, a);
  html_put(h, "</div>\n");
}

static void write_authority(html_writer *h, const plan *p, const plan_authority *a, size_t index) {
  html_put_format(h,
                  "<section class=\"authority\" id=\"authority-%zu\" "
                  "aria-labelledby=\"authority-%zu-heading\">\n",
                  index, index);
  write_authority_summary(h, p, a, index);
  write_authority_detail(h, p, a, index);
  html_put(h, "</section>\n");
}

/* }====================================================================== */

static void write_errors(html_writer *h, const plan *p) {
  static const char *const columns[] = {"Location", "Authority", "Rule", "Message"};
  if (p->error_count == 0) return;
  html_put(h,
           "<section id=\"errors\" aria-labelledby=\"errors-heading\">\n"
           "<h2 id=\"errors-heading\">Errors</h2>\n");
  put_table_head(h, columns, 4, "0000");
  for (size_t i = 0; i < p->error_count; i++) {
    const plan_error *e = &p->errors[i];
    html_put(h, "<tr><td>");
    html_put_text(h, e->file);
    if (e->file && e->line > 0) html_put_format(h, ":%d", e->line);
    html_put(h, "</td><td>");
    html_put_text(h, e->authority);
    html_put(h, "</td><td>");
    html_put_text(h, e->rule);
    html_put(h, "</td><td>");
    html_put_text(h, e->message);
    html_put(h, "</td></tr>\n");
  }
  put_table_end(h);
  html_put(h, "</section>\n");
}

int report_write_html(const plan *p, FILE *out) {
  if (p->audience == AUDIENCE_YOUNG_PEOPLE) return report_young_write_html(p, out);
  html_writer h = {.plan = p};
  report_sink_init(&h.sink, out);
  html_write_head(&h, p->name, NULL);
  write_header(&h, p);
  int several = p->authority_count > 1;
  if (several) write_nav(&h, p);
  html_put(&h, "<main>\n");
  if (several && write_comparison(&h, p) != 0) {
    if (!h.sink.error) h.sink.error = ENOMEM; /* the report would be incomplete */
    return report_sink_finish(&h.sink);
  }
  for (size_t i = 0; i < p->authority_count; i++) write_authority(&h, p, &p->authorities[i], i + 1);
  write_errors(&h, p);
  html_put(&h, "</main>\n");
  write_footer(&h);
  return report_sink_finish(&h.sink);
}
