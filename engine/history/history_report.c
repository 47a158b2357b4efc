/* history_report.c: `sustain history` output (history_report.h) in text, Markdown, JSON and
 * HTML (CSV: history_csv.c). Per authority: the story of its overall score
 * (history_story.h), then one point per assessment date with its stage, overall score, change
 * since the previous assessment (the largest fall marked) and band (marked where it changed),
 * and each ingredient's score and change. Text adds a compact chart: one block character per
 * point, ▁ (0) to █ (100). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history_csv.h"
#include "history_report.h"
#include "history_story.h"
#include "json_writer.h"
#include "report_escape.h"
#include "report_html.h"
#include "report_html_trend.h"
#include "report_sink.h"
#include "report_values.h"

#define HISTORY_JSON_SCHEMA "sustain-history/1"

/* The heading of each ingredient's change, in Markdown and HTML. */
#define HISTORY_CHANGE_HEADING "Change of each ingredient since the previous assessment"

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

/* A change for people as the plan shows one: "+3.2", "-12.0", "0.0"; "-" when there is
 * none (the change from 0 to a change is itself). */
static const char *change_text(char buf[REPORT_VALUE_SIZE], double change) {
  return report_change_text(buf, 0.0, change);
}

/* Writes text right-aligned in width columns (our own ASCII figures). */
static void put_right(report_sink *s, const char *text, size_t width) {
  if (strlen(text) < width) report_put_repeated(s, ' ', width - strlen(text));
  report_put(s, text);
}

/* ** {======================================================================
** Text
** ======================================================================= */

/* "-67.4 in 2024" (every point of a tie named), or "none". */
static void put_largest_fall(report_sink *s, const history_story *story, int column) {
  const history_trajectory *t = story->t;
  char buf[REPORT_VALUE_SIZE], label[16];
  double fall = history_largest_fall(story, column);
  if (!isfinite(fall)) {
    report_put(s, "none");
    return;
  }
  report_put(s, report_score_text(buf, fall));
  const char *separator = " in ";
  for (size_t k = 0; k < t->point_count; k++) {
    if (!history_is_largest_fall(story, k, column)) continue;
    report_put(s, separator);
    report_put_clean(s, history_point_label(story, k, label), report_escape_plain);
    separator = ", ";
  }
}

/* One row of the chart: a block per point, then the latest score, its change since the
 * previous assessment and the largest fall; never a first-to-last difference, which would
 * hide a fall between them. */
static void text_chart_row(report_sink *s, const history_story *story, const char *label,
                           size_t label_width, int column) {
  const history_trajectory *t = story->t;
  char buf[REPORT_VALUE_SIZE];
  size_t last = t->point_count - 1;
  report_put(s, "  ");
  put_padded(s, label, label_width, report_escape_plain);
  report_put(s, "  ");
  for (size_t k = 0; k < t->point_count; k++) report_put(s, block_for(history_score_at(t, k, column)));
  double latest = history_score_at(t, last, column);
  put_right(s, isfinite(latest) ? report_score_text(buf, latest) : REPORT_MISSING, 8);
  put_right(s, change_text(buf, history_change_at(story, last, column)), 8);
  report_put(s, "  ");
  put_largest_fall(s, story, column);
  report_put(s, "\n");
}

/* The points: date, stage, overall score, its change and band, with what changed marked. */
static void text_points(report_sink *s, const history_story *story) {
  const history_trajectory *t = story->t;
  char buf[REPORT_VALUE_SIZE];
  report_put(s, "  date        stage        score  change  band\n");
  for (size_t k = 0; k < t->point_count; k++) {
    const history_point *pt = &t->points[k];
    report_put(s, "  ");
    put_padded(s, pt->date, 12, report_escape_plain);
    put_padded(s, pt->stage, 12, report_escape_plain);
    put_right(s, isfinite(pt->score) ? report_score_text(buf, pt->score) : REPORT_MISSING, 6);
    put_right(s, change_text(buf, history_change_at(story, k, HISTORY_OVERALL)), 8);
    report_put(s, "  ");
    report_put_clean(s, pt->band ? pt->band : REPORT_MISSING, report_escape_plain);
    int fall = history_is_largest_fall(story, k, HISTORY_OVERALL);
    if (fall || pt->band_changed) report_put(s, "  <- ");
    if (fall) report_put(s, pt->band_changed ? "largest fall, " : "largest fall");
    if (pt->band_changed) report_put(s, "band changed");
    report_put(s, "\n");
  }
}

/* The ingredient's title in the pack's model, else its id. */
static const char *ingredient_name(const history_report *r, const char *id) {
  for (size_t i = 0; id && i < r->title_count; i++)
    if (r->titles[i].id && strcmp(r->titles[i].id, id) == 0 && r->titles[i].title &&
        *r->titles[i].title)
      return r->titles[i].title;
  return id;
}

static void write_text(report_sink *s, const history_report *r, const history_story *stories) {
  for (size_t i = 0; i < r->authority_count; i++) {
    const history_story *story = &stories[i];
    const history_trajectory *t = story->t;
    if (i) report_put(s, "\n");
    report_put_clean(s, t->name ? t->name : t->authority, report_escape_plain);
    report_put(s, " (");
    report_put_clean(s, t->authority, report_escape_plain);
    report_put(s, ")\n");
    if (!t->point_count) {
      report_put(s, "  no assessments recorded\n");
      continue;
    }
    report_put(s, "  ");
    history_story_write(s, story, report_escape_plain);
    report_put(s, "\n\n");
    text_points(s, story);
    size_t width = strlen("Overall");
    for (size_t c = 0; c < t->ingredient_count; c++)
      if (strlen(ingredient_name(r, t->ingredients[c])) > width)
        width = strlen(ingredient_name(r, t->ingredients[c]));
    report_put(s, "\n");
    report_put(s, "  ");
    put_padded(s, "", width, report_escape_plain);
    report_put(s, "  ");
    report_put_clean(s, t->points[0].date, report_escape_plain);
    report_put(s, " to ");
    report_put_clean(s, t->points[t->point_count - 1].date, report_escape_plain);
    report_put(s, ", 0 \u2581 to 100 \u2588\n");
    report_put_repeated(s, ' ', 2 + width + 2 + t->point_count);
    report_put(s, "  latest  change  largest fall\n");
    text_chart_row(s, story, "Overall", width, HISTORY_OVERALL);
    for (size_t c = 0; c < t->ingredient_count; c++)
      text_chart_row(s, story, ingredient_name(r, t->ingredients[c]), width, (int)c);
  }
}

/* }====================================================================== */

/* ** {======================================================================
** The rows of the Markdown and HTML tables: the same cells in each format's markup
** ======================================================================= */

typedef struct table_style {
  report_escape_fn escape;
  const char *row_begin, *row_end;
  const char *date_begin, *date_end; /* the row's header cell */
  const char *text_begin, *number_begin, *cell_end;
  const char *strong_begin, *strong_end;
} table_style;

static const table_style markdown_table = {report_escape_markdown, "|", "\n", " ", " |", " ",
                                           " ", " |", "**", "**"};

static const table_style html_table = {report_escape_html, "<tr>", "</tr>\n",
                                       "<th scope=\"row\">", "</th>", "<td class=\"text\">",
                                       "<td>", "</td>", "<strong>", "</strong>"};

static void cell_text(report_sink *s, const table_style *style, const char *text) {
  report_put(s, style->text_begin);
  report_put_clean(s, text ? text : REPORT_MISSING, style->escape);
  report_put(s, style->cell_end);
}

static void cell_score(report_sink *s, const table_style *style, double score) {
  report_put(s, style->number_begin);
  put_score(s, score);
  report_put(s, style->cell_end);
}

/* A change; the column's largest fall in strong text and said in words. */
static void cell_change(report_sink *s, const table_style *style, const history_story *story,
                        size_t k, int column) {
  char buf[REPORT_VALUE_SIZE];
  int fall = history_is_largest_fall(story, k, column);
  report_put(s, style->number_begin);
  if (fall) report_put(s, style->strong_begin);
  report_put(s, change_text(buf, history_change_at(story, k, column)));
  if (fall) report_put(s, " (largest fall)");
  if (fall) report_put(s, style->strong_end);
  report_put(s, style->cell_end);
}

static void row_date(report_sink *s, const table_style *style, const history_point *pt) {
  report_put(s, style->row_begin);
  report_put(s, style->date_begin);
  report_put_clean(s, pt->date ? pt->date : REPORT_MISSING, style->escape);
  report_put(s, style->date_end);
}

/* Per point: date, stage, overall score, its change, band, each ingredient's score. */
static void table_scores(report_sink *s, const table_style *style, const history_story *story) {
  const history_trajectory *t = story->t;
  for (size_t k = 0; k < t->point_count; k++) {
    const history_point *pt = &t->points[k];
    row_date(s, style, pt);
    cell_text(s, style, pt->stage);
    cell_score(s, style, pt->score);
    cell_change(s, style, story, k, HISTORY_OVERALL);
    report_put(s, style->text_begin);
    if (pt->band_changed) report_put(s, style->strong_begin);
    report_put_clean(s, pt->band ? pt->band : REPORT_MISSING, style->escape);
    if (pt->band_changed) report_put(s, " (band changed)");
    if (pt->band_changed) report_put(s, style->strong_end);
    report_put(s, style->cell_end);
    for (size_t c = 0; c < t->ingredient_count; c++) cell_score(s, style, pt->ingredients[c]);
    report_put(s, style->row_end);
  }
}

/* Per point: each ingredient's change since the previous assessment. */
static void table_changes(report_sink *s, const table_style *style, const history_story *story) {
  const history_trajectory *t = story->t;
  for (size_t k = 0; k < t->point_count; k++) {
    row_date(s, style, &t->points[k]);
    for (size_t c = 0; c < t->ingredient_count; c++) cell_change(s, style, story, k, (int)c);
    report_put(s, style->row_end);
  }
}

/* }====================================================================== */

/* ** {======================================================================
** Markdown
** ======================================================================= */

/* The header of a table with a column per ingredient after the given ones. */
static void markdown_header(report_sink *s, const history_report *r, const history_trajectory *t,
                            const char *first, const char *first_rule) {
  report_put(s, first);
  for (size_t c = 0; c < t->ingredient_count; c++) {
    report_put(s, " ");
    report_put_clean(s, ingredient_name(r, t->ingredients[c]), report_escape_markdown);
    report_put(s, " |");
  }
  report_put(s, "\n");
  report_put(s, first_rule);
  for (size_t c = 0; c < t->ingredient_count; c++) report_put(s, "---:|");
  report_put(s, "\n");
}

/* Each point's scores, then each ingredient's change since the previous assessment. */
static void markdown_tables(report_sink *s, const history_report *r, const history_story *story) {
  const history_trajectory *t = story->t;
  markdown_header(s, r, t, "| Date | Stage | Overall | Change | Band |", "|---|---|---:|---:|---|");
  table_scores(s, &markdown_table, story);
  if (!t->ingredient_count) return;
  report_put(s, "\n### " HISTORY_CHANGE_HEADING "\n\n");
  markdown_header(s, r, t, "| Date |", "|---|");
  table_changes(s, &markdown_table, story);
}

static void write_markdown(report_sink *s, const history_report *r,
                           const history_story *stories) {
  report_put(s, "# Assessment history\n");
  for (size_t i = 0; i < r->authority_count; i++) {
    const history_story *story = &stories[i];
    const history_trajectory *t = story->t;
    report_put(s, "\n## ");
    report_put_clean(s, t->name ? t->name : t->authority, report_escape_markdown);
    report_put(s, " ("); /* not a code span, where a backslash escape would show */
    report_put_clean(s, t->authority, report_escape_markdown);
    report_put(s, ")\n\n");
    if (!t->point_count) {
      report_put(s, "No assessments recorded.\n");
      continue;
    }
    history_story_write(s, story, report_escape_markdown);
    report_put(s, "\n\n");
    markdown_tables(s, r, story);
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

/* The story as one string, for JSON (control characters as spaces, like the text). Returns
 * NULL when out of memory; free it. */
static char *story_string(const history_story *story) {
  char *text = NULL;
  size_t size = 0;
  FILE *memory = open_memstream(&text, &size);
  if (!memory) return NULL;
  report_sink s;
  report_sink_init(&s, memory);
  history_story_write(&s, story, report_escape_plain);
  int failed = report_sink_finish(&s) != 0;
  if (fclose(memory) != 0 || failed) {
    free(text);
    return NULL;
  }
  return text;
}

static void json_point(json_writer *w, const history_story *story, size_t k) {
  const history_trajectory *t = story->t;
  const history_point *pt = &t->points[k];
  char buf[REPORT_VALUE_SIZE];
  json_begin_object(w);
  json_member_string(w, "date", pt->date);
  json_member_string(w, "stage", pt->stage);
  member_score(w, "score", pt->score);
  member_score(w, "change", history_change_at(story, k, HISTORY_OVERALL));
  json_member_string(w, "band", pt->band);
  json_key(w, "band_changed");
  json_boolean(w, pt->band_changed);
  json_key(w, "largest_fall");
  json_boolean(w, history_is_largest_fall(story, k, HISTORY_OVERALL));
  json_member_number_text(w, "coverage", report_weight_text(buf, pt->coverage));
  json_member_string(w, "rules_digest", pt->rules_digest);
  json_key(w, "ingredients");
  json_begin_array(w);
  for (size_t c = 0; c < t->ingredient_count; c++) {
    json_begin_object(w);
    json_member_string(w, "id", t->ingredients[c]);
    member_score(w, "score", pt->ingredients[c]);
    member_score(w, "change", history_change_at(story, k, (int)c));
    json_key(w, "largest_fall");
    json_boolean(w, history_is_largest_fall(story, k, (int)c));
    json_end_object(w);
  }
  json_end_array(w);
  json_end_object(w);
}

static int write_json(FILE *out, const history_report *r, const history_story *stories) {
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
    char *summary = story_string(&stories[i]);
    if (!summary) {
      json_writer_finish(&w);
      errno = ENOMEM;
      return -1;
    }
    json_member_string(&w, "summary", summary);
    free(summary);
    json_key(&w, "points");
    json_begin_array(&w);
    for (size_t k = 0; k < t->point_count; k++) json_point(&w, &stories[i], k);
    json_end_array(&w);
    json_end_object(&w);
  }
  json_end_array(&w);
  json_end_object(&w);
  return json_writer_finish(&w);
}

/* }====================================================================== */

/* ** {======================================================================
** HTML: one self-contained page in the plan page's look (report_html.h), each authority
** with its story, its scores over time on a dated chart (report_html_trend.h) and tables
** ======================================================================= */

/* Chart geometry and styles live with the plan page's; this page adds its table captions. */
static const char history_stylesheet[] =
    "caption{text-align:left;font-weight:600;padding:.25rem 0}\n"
    "td{text-align:right;font-variant-numeric:tabular-nums}td.text{text-align:left}\n"
    "tbody th{white-space:nowrap}thead th{white-space:normal}\n";

static void html_text(report_sink *s, const char *text) {
  report_put_clean(s, text ? text : REPORT_MISSING, report_escape_html);
}


/* The header row of a table with a column per ingredient after the given ones. */
static void html_header(report_sink *s, const history_report *r, const history_trajectory *t,
                        const char *caption, const char *first) {
  report_put(s, "<div class=\"trend-scroll\"><table><caption>");
  report_put(s, caption);
  report_put(s, "</caption><thead><tr>");
  report_put(s, first);
  for (size_t c = 0; c < t->ingredient_count; c++) {
    report_put(s, "<th scope=\"col\" class=\"number\">");
    html_text(s, ingredient_name(r, t->ingredients[c]));
    report_put(s, "</th>");
  }
  report_put(s, "</tr></thead><tbody>\n");
}

static void html_tables(report_sink *s, const history_report *r, const history_story *story) {
  const history_trajectory *t = story->t;
  html_header(s, r, t, "Scores at each assessment",
              "<th scope=\"col\">Date</th><th scope=\"col\">Stage</th>"
              "<th scope=\"col\" class=\"number\">Overall</th>"
              "<th scope=\"col\" class=\"number\">Change</th><th scope=\"col\">Band</th>");
  table_scores(s, &html_table, story);
  report_put(s, "</tbody></table></div>\n");
  if (!t->ingredient_count) return;
  html_header(s, r, t, HISTORY_CHANGE_HEADING, "<th scope=\"col\">Date</th>");
  table_changes(s, &html_table, story);
  report_put(s, "</tbody></table></div>\n");
}

/* The chart of one trajectory, its lines named by the pack's titles. */
static void html_trend_of(html_writer *h, const history_report *r, const history_story *story,
                          size_t index) {
  const history_trajectory *t = story->t;
  plan_trend trend = {0};
  const char **names = calloc(t->ingredient_count + 1, sizeof *names);
  const char **dates = calloc(t->point_count + 1, sizeof *dates);
  double *scores = calloc(t->point_count + 1, sizeof *scores);
  double **columns = calloc(t->ingredient_count + 1, sizeof *columns);
  int *falls = calloc(t->point_count + 1, sizeof *falls);
  int ok = names && dates && scores && columns && falls;
  for (size_t c = 0; ok && c < t->ingredient_count; c++) {
    names[c] = ingredient_name(r, t->ingredients[c]);
    ok = (columns[c] = calloc(t->point_count + 1, sizeof(double))) != NULL;
    for (size_t k = 0; ok && k < t->point_count; k++) columns[c][k] = t->points[k].ingredients[c];
  }
  if (ok) {
    for (size_t k = 0; k < t->point_count; k++) {
      dates[k] = t->points[k].date;
      scores[k] = t->points[k].score;
      falls[k] = history_is_largest_fall(story, k, HISTORY_OVERALL);
    }
    trend = (plan_trend){dates, scores, columns, t->point_count};
    html_trend view = {.name = t->name ? t->name : t->authority,
                       .pilot_end = t->pilot_end,
                       .trend = &trend,
                       .ingredient_names = names,
                       .ingredient_count = t->ingredient_count,
                       .table = 0, /* the scores table follows, with every figure */
                       .largest_fall = falls};
    html_trend_figure(h, &view, index);
  } else if (!h->sink.error) {
    h->sink.error = ENOMEM; /* the page would be incomplete */
  }
  for (size_t c = 0; columns && c < t->ingredient_count; c++) free(columns[c]);
  free(columns);
  free(falls);
  free(scores);
  free(dates);
  free(names);
}

static void html_nav(html_writer *h, const history_report *r) {
  html_put(h, "<nav aria-label=\"Contents\">\n<ul>\n");
  for (size_t i = 0; i < r->authority_count; i++) {
    const history_trajectory *t = &r->authorities[i];
    html_put_format(h, "<li><a href=\"#authority-%zu\">", i + 1);
    html_put_text(h, t->name ? t->name : t->authority);
    html_put(h, "</a></li>\n");
  }
  html_put(h, "</ul>\n</nav>\n");
}

static void html_authority(html_writer *h, const history_report *r, const history_story *story,
                           size_t index) {
  const history_trajectory *t = story->t;
  html_put_format(h,
                  "<section class=\"authority\" id=\"authority-%zu\" "
                  "aria-labelledby=\"authority-%zu-heading\">\n<h2 id=\"authority-%zu-heading\">",
                  index, index, index);
  html_put_text(h, t->name ? t->name : t->authority);
  html_put(h, " <code>");
  html_put_text(h, t->authority);
  html_put(h, "</code></h2>\n");
  if (!t->point_count) {
    html_put(h, "<p>No assessments recorded.</p>\n</section>\n");
    return;
  }
  html_put(h, "<div class=\"summary\"><p>");
  history_story_write(&h->sink, story, report_escape_html);
  html_put(h, "</p></div>\n<h3>Scores over time</h3>\n");
  html_trend_of(h, r, story, index);
  html_tables(&h->sink, r, story);
  html_put(h, "</section>\n");
}

static int write_html(FILE *out, const history_report *r, const history_story *stories) {
  /* the page's writer reads bands from a plan: one that holds only the pack's */
  plan bands = {.name = "Assessment history", .bands = r->bands, .band_count = r->band_count};
  html_writer h = {.plan = &bands};
  report_sink_init(&h.sink, out);
  html_write_head(&h, bands.name, history_stylesheet);
  html_put(&h, "<header>\n<h1>Assessment history</h1>\n<p class=\"meta\">Each "
               "authority's assessments as recorded in the history, the latest run for a "
               "date winning.");
  if (!r->band_count)
    html_put(&h, " The rule pack's band thresholds are not known here, so they are not marked.");
  html_put(&h, "</p>\n</header>\n");
  if (r->authority_count > 1) html_nav(&h, r);
  html_put(&h, "<main>\n");
  for (size_t i = 0; i < r->authority_count; i++) html_authority(&h, r, &stories[i], i + 1);
  html_put(&h, "</main>\n</body>\n</html>\n");
  return report_sink_finish(&h.sink);
}

/* }====================================================================== */

/* Writes with each trajectory's story worked out. Returns 0, or -1 with errno set. */
static int write_stories(const history_report *r, const history_story *stories,
                         history_format format, FILE *out) {
  if (format == HISTORY_JSON) return write_json(out, r, stories);
  if (format == HISTORY_CSV) return history_write_csv(r, stories, out);
  if (format == HISTORY_HTML) return write_html(out, r, stories);
  report_sink s;
  report_sink_init(&s, out);
  if (format == HISTORY_MARKDOWN)
    write_markdown(&s, r, stories);
  else
    write_text(&s, r, stories);
  return report_sink_finish(&s);
}

int history_write(const history_report *r, history_format format, FILE *out) {
  history_story *stories = calloc(r->authority_count + 1, sizeof *stories);
  int status = stories ? 0 : -1;
  for (size_t i = 0; status == 0 && i < r->authority_count; i++)
    status = history_story_init(&stories[i], &r->authorities[i]);
  if (status == 0) status = write_stories(r, stories, format, out);
  int error = errno;
  for (size_t i = 0; stories && i < r->authority_count; i++) history_story_free(&stories[i]);
  free(stories);
  errno = error;
  return status;
}

void history_report_free(history_report *r) {
  if (r) arena_free(r->arena);
}

int history_format_parse(const char *name, history_format *out) {
  output_format format;
  /* a workbook is a plan's action tracker: a history has no actions to track */
  if (output_format_parse(name, &format) != 0 || format == OUTPUT_XLSX) return -1;
  *out = (history_format)format;
  return 0;
}
