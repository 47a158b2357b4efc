/* report_text.c: the plan as text for a terminal. Colour is optional and only ever
 * added around text that is there anyway, so the coloured report with its escape codes
 * removed is the plain report byte for byte. Long lines are wrapped to the width asked for
 * (report_wrap.h), and the ingredient table fits it by wrapping the ingredients' names.
 * Strings from data and rules are cleaned (control characters, invalid UTF-8) so a plan
 * can never drive the terminal. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_benchmark.h"
#include "report_escape.h"
#include "report_explain.h"
#include "report_sink.h"
#include "report_summary.h"
#include "report_values.h"
#include "report_young.h"
#include "utf8.h"

/* ANSI SGR sequences; only written when colour is on. */
#define TEXT_BOLD "\033[1m"
#define TEXT_GREEN "\033[32m"
#define TEXT_YELLOW "\033[33m"
#define TEXT_RED "\033[31m"
#define TEXT_RESET "\033[0m"

typedef struct text_writer {
  report_sink sink;
  int color;
  size_t width; /* columns to wrap at; 0: never */
} text_writer;

/* The ingredient column of the table is never narrowed below this to fit the width. */
#define TEXT_MIN_NAME_COLUMN 12

/* ** {======================================================================
** Output primitives over the shared sink (report_sink.h).
** ======================================================================= */

/* Our own literal text. */
static void put(text_writer *t, const char *text) { report_put(&t->sink, text); }

static void put_spaces(text_writer *t, size_t n) { report_put_repeated(&t->sink, ' ', n); }

/* Text from the plan, cleaned; a missing string shows as "-". */
static void put_clean(text_writer *t, const char *s) {
  report_put_clean(&t->sink, s ? s : REPORT_MISSING, report_escape_plain);
}

/* Columns the first `length` bytes of a string take once cleaned: one per character (code
 * point), and one per invalid sequence, which becomes U+FFFD. */
static size_t clean_width_of(const char *s, size_t length) {
  size_t width = 0, i = 0;
  while (i < length) {
    size_t step;
    utf8_next((const unsigned char *)s + i, length - i, &step);
    i += step;
    width++;
  }
  return width;
}

/* Columns a cleaned string takes ("-" for NULL). */
static size_t clean_width(const char *s) {
  if (!s) s = REPORT_MISSING;
  return clean_width_of(s, strlen(s));
}

/* The first `length` bytes of plan text, cleaned. */
static void put_clean_part(text_writer *t, const char *s, size_t length) {
  char *part = strndup(s, length);
  if (!part) {
    if (!t->sink.error) t->sink.error = ENOMEM;
    return;
  }
  put_clean(t, part);
  free(part);
}

/* The bytes of s from `from` that fit in `columns` columns, ending at a space when it has
 * to end early (a word wider than the column is cut); sets *next where the rest starts,
 * past the spaces. */
static size_t cell_part(const char *s, size_t from, size_t columns, size_t *next) {
  size_t length = strlen(s), end = from, last_space = 0, used = 0;
  while (end < length && used < columns) {
    size_t step;
    utf8_next((const unsigned char *)s + end, length - end, &step);
    if (s[end] == ' ') last_space = end;
    end += step;
    used++;
  }
  if (end < length && s[end] != ' ' && last_space > from) end = last_space;
  *next = end;
  while (*next < length && s[*next] == ' ') (*next)++;
  return end - from;
}

/* A heading's underline of c: as wide as the heading, or the page when it wraps. */
static void put_underline(text_writer *t, char c, size_t heading_width) {
  report_put_repeated(&t->sink, c, t->width && heading_width > t->width ? t->width : heading_width);
}

static void style_begin(text_writer *t, const char *style) {
  if (t->color && style) put(t, style);
}

static void style_end(text_writer *t, const char *style) {
  if (t->color && style) put(t, TEXT_RESET);
}

static void put_heading(text_writer *t, const char *text) {
  style_begin(t, TEXT_BOLD);
  put(t, text);
  style_end(t, TEXT_BOLD);
  put(t, "\n");
}

/* }====================================================================== */

/* ** {======================================================================
** What the plan's figures mean for the reader.
** ======================================================================= */

/* Green for the highest band, red for the lowest, yellow between. NULL (no colour) when
 * there are no bands or no score. */
static const char *score_color(const plan *p, double score, const char *band) {
  switch (report_band_position_of(p, report_band_index(p, score, band))) {
    case REPORT_BAND_TOP:
      return TEXT_GREEN;
    case REPORT_BAND_MIDDLE:
      return TEXT_YELLOW;
    case REPORT_BAND_BOTTOM:
      return TEXT_RED;
    case REPORT_BAND_NONE:
      break;
  }
  return NULL;
}

/* }====================================================================== */

/* ** {======================================================================
** Sections of one authority.
** ======================================================================= */

static void write_overall(text_writer *t, const plan *p, const plan_authority *a) {
  char buf[REPORT_VALUE_SIZE];
  put(t, "Overall score: ");
  if (isnan(a->score)) {
    put(t, "not assessed");
  } else {
    const char *color = score_color(p, a->score, a->band);
    style_begin(t, color);
    put(t, report_score_text(buf, a->score));
    put(t, "/100");
    if (a->band) {
      put(t, ", ");
      put_clean(t, a->band);
    }
    style_end(t, color);
  }
  put(t, " (coverage: ingredients ");
  put(t, isfinite(a->coverage) ? report_percent_text(buf, a->coverage) : "0");
  put(t, "%, rules ");
  put(t, isfinite(a->rule_coverage) ? report_percent_text(buf, a->rule_coverage) : "0");
  put(t, "%)\n");
}

/* The ingredient table: columns sized to their widest cell, counts right-aligned; when
 * that is wider than the page, the ingredients' names wrap within their column. Rows are
 * never wrapped as lines, which would break the columns. */
static void write_ingredient_table(text_writer *t, const plan *p, const plan_authority *a) {
  static const char *const headers[6] = {"Ingredient", "Score",        "Weight",
                                         "Assessed",   "Not assessed", "Failed"};
  char buf[REPORT_VALUE_SIZE];
  char count_text[32];
  size_t widths[6], total = 2 + 2 * 5;
  for (int c = 0; c < 6; c++) widths[c] = strlen(headers[c]);
  for (size_t i = 0; i < a->ingredient_count; i++) {
    const plan_ingredient *ingredient = &a->ingredients[i];
    size_t counts[3];
    report_count_rules(ingredient, counts);
    size_t cells[6] = {clean_width(report_ingredient_name(ingredient)),
                       isnan(ingredient->score) ? strlen("not assessed")
                                                : strlen(report_score_text(buf, ingredient->score)),
                       strlen(report_weight_text(buf, ingredient->weight)),
                       0,
                       0,
                       0};
    for (int c = 0; c < 3; c++)
      cells[3 + c] = (size_t)snprintf(count_text, sizeof count_text, "%zu", counts[c]);
    for (int c = 0; c < 6; c++)
      if (cells[c] > widths[c]) widths[c] = cells[c];
  }
  for (int c = 0; c < 6; c++) total += widths[c];
  if (t->width && total > t->width) {
    size_t excess = total - t->width;
    widths[0] = widths[0] > excess + TEXT_MIN_NAME_COLUMN ? widths[0] - excess
                                                           : TEXT_MIN_NAME_COLUMN;
  }
  report_sink_wrap(&t->sink, 0);

  put(t, "  ");
  for (int c = 0; c < 6; c++) {
    if (c > 0) put(t, "  ");
    if (c >= 3) put_spaces(t, widths[c] - strlen(headers[c]));
    put(t, headers[c]);
    if (c < 3) put_spaces(t, widths[c] - strlen(headers[c]));
  }
  put(t, "\n");

  for (size_t i = 0; i < a->ingredient_count; i++) {
    const plan_ingredient *ingredient = &a->ingredients[i];
    const char *name = report_ingredient_name(ingredient);
    if (!name) name = REPORT_MISSING;
    size_t counts[3], next;
    report_count_rules(ingredient, counts);
    size_t part = cell_part(name, 0, widths[0], &next);
    put(t, "  ");
    put_clean_part(t, name, part);
    put_spaces(t, widths[0] - clean_width_of(name, part) + 2);

    const char *score_text =
        isnan(ingredient->score) ? "not assessed" : report_score_text(buf, ingredient->score);
    const char *color = score_color(p, ingredient->score, NULL);
    style_begin(t, color);
    put(t, score_text);
    style_end(t, color);
    put_spaces(t, widths[1] - strlen(score_text) + 2);

    const char *weight_text = report_weight_text(buf, ingredient->weight);
    put(t, weight_text);
    put_spaces(t, widths[2] - strlen(weight_text));
    for (int c = 0; c < 3; c++) {
      size_t n = (size_t)snprintf(count_text, sizeof count_text, "%zu", counts[c]);
      put_spaces(t, 2 + widths[3 + c] - n);
      put(t, count_text);
    }
    put(t, "\n");
    while (name[next]) { /* the rest of a name too long for its column, under it */
      size_t from = next;
      part = cell_part(name, from, widths[0], &next);
      put(t, "  ");
      put_clean_part(t, name + from, part);
      put(t, "\n");
    }
  }
  report_sink_wrap(&t->sink, t->width);
}

/* A list of actions after a label, on one line: "  Recurring (2): a; b"; named by title
 * when they are this plan's (a resolved action is not, and keeps its id). */
/* Actions by name: titles[i] when the history kept it (resolved actions), else the name
 * this plan gives the id (report_values.h). */
static void write_id_list(text_writer *t, const plan_authority *a, const char *label,
                          const char *const *ids, const char *const *titles, size_t n) {
  char buf[32];
  put(t, "  ");
  put(t, label);
  snprintf(buf, sizeof buf, " (%zu): ", n);
  put(t, buf);
  if (!n) put(t, "none");
  for (size_t i = 0; i < n; i++) {
    if (i) put(t, "; ");
    put_clean(t, titles && titles[i] ? titles[i] : report_action_name_by_id(a, ids[i]));
  }
  put(t, "\n");
}

/* With a history: each ingredient's change since the previous assessment, and which of its
 * actions recur or are resolved. */
static void write_change(text_writer *t, const plan_authority *a) {
  char then[REPORT_VALUE_SIZE], now[REPORT_VALUE_SIZE], change[REPORT_VALUE_SIZE];
  put(t, "\n");
  if (!a->previous_date) {
    put_heading(t, REPORT_CHANGE_HEADING);
    put(t, "  " REPORT_CHANGE_NONE "\n");
    return;
  }
  style_begin(t, TEXT_BOLD);
  put(t, REPORT_CHANGE_HEADING " (");
  put_clean(t, a->previous_date);
  put(t, ")");
  style_end(t, TEXT_BOLD);
  put(t, "\n");
  size_t width = 0;
  for (size_t i = 0; i < a->ingredient_count; i++) {
    size_t name_width = clean_width(report_ingredient_name(&a->ingredients[i]));
    if (name_width > width) width = name_width;
  }
  for (size_t i = 0; i < a->ingredient_count; i++) {
    const plan_ingredient *g = &a->ingredients[i];
    const char *name = report_ingredient_name(g);
    put(t, "  ");
    put_clean(t, name);
    put_spaces(t, width - clean_width(name) + 2);
    const char *from = isfinite(g->previous) ? report_score_text(then, g->previous) : REPORT_MISSING;
    const char *to = isfinite(g->score) ? report_score_text(now, g->score) : REPORT_MISSING;
    put_spaces(t, 5 - (strlen(from) < 5 ? strlen(from) : 5));
    put(t, from);
    put(t, " -> ");
    put_spaces(t, 5 - (strlen(to) < 5 ? strlen(to) : 5));
    put(t, to);
    put(t, "  ");
    put(t, report_change_text(change, g->previous, g->score));
    put(t, "\n");
  }
  write_id_list(t, a, "Actions recurring", a->recurring_actions, NULL, a->recurring_action_count);
  write_id_list(t, a, "Actions resolved", a->resolved_actions, a->resolved_action_titles,
                a->resolved_action_count);
}

/* One action: its rank and title, its terms, whether it keeps the service going, the rules
 * that found it and why, `margin` spaces in; `grouped` under its ingredient's heading,
 * which then goes unsaid. */
static void write_action(text_writer *t, const plan *p, const plan_authority *a,
                         const plan_action *action, int rank_width, size_t margin, int grouped) {
  char buf[REPORT_VALUE_SIZE];
  size_t indent = margin + (size_t)rank_width + 2;
  put_spaces(t, margin);
  snprintf(buf, sizeof buf, "%*d. ", rank_width, action->rank);
  put(t, buf);
  put_clean(t, action->title);
  put(t, "\n");
  put_spaces(t, indent);
  if (!grouped) {
    put(t, "ingredient: ");
    put_clean(t, report_action_ingredient_name(a, action));
    put(t, "; ");
  }
  put(t, "owner: ");
  put_clean(t, action->owner);
  put(t, "; effort: ");
  put_clean(t, action->effort);
  put(t, "; impact: ");
  put(t, report_score_text(buf, action->impact));
  if (p->explain) {
    put(t, "; priority: ");
    put(t, report_score_text(buf, action->priority));
  }
  put(t, "\n");
  if (p->explain) {
    put_spaces(t, indent);
    put(t, "priority = impact ");
    put(t, report_score_text(buf, action->terms.impact));
    put(t, " x stage weight ");
    put(t, report_weight_text(buf, action->terms.stage_weight));
    put(t, " x weakness ");
    put(t, report_measure_text(buf, action->terms.weakness));
    put(t, " x urgency ");
    put(t, report_measure_text(buf, action->terms.urgency));
    put(t, " / effort cost ");
    put(t, report_measure_text(buf, action->terms.effort_cost));
    put(t, action->survival ? "; tier: survival, above every other action\n" : "; tier: ordinary\n");
  }
  if (!action->survival) {
    char words[REPORT_RANK_WORDS_SIZE];
    put_spaces(t, indent);
    put_clean(t, report_rank_words(words, a, action));
    put(t, "\n");
  } else {
    put_spaces(t, indent);
    put(t, REPORT_SURVIVAL_WORDS "\n");
  }
  if (action->found_by_count) {
    put_spaces(t, indent);
    put(t, "Found by: ");
    for (size_t i = 0; i < action->found_by_count; i++) {
      if (i) put(t, "; ");
      put_clean(t, report_rule_name_by_id(a, action->found_by[i]));
    }
    put(t, "\n");
  }
  put_spaces(t, indent + 2);
  put(t, "Why: ");
  put_clean(t, action->why);
  put(t, "\n");
}

/* The few actions to do first, then the rest grouped by ingredient in the model's order,
 * each keeping its rank; ranks right-aligned so titles start in one column. */
static void write_actions(text_writer *t, const plan *p, const plan_authority *a) {
  char buf[32];
  put(t, "\n");
  put_heading(t, REPORT_FIRST_HEADING);
  if (a->action_count == 0) {
    put(t, "  none\n");
    return;
  }
  put(t, "  " REPORT_RANK_NOTE "\n");
  int rank_width = 1;
  for (size_t i = 0; i < a->action_count; i++) {
    int n = snprintf(buf, sizeof buf, "%d", a->actions[i].rank);
    if (n > rank_width) rank_width = n;
  }
  size_t first = report_first_count(a);
  for (size_t i = 0; i < first; i++) write_action(t, p, a, &a->actions[i], rank_width, 2, 0);
  if (first == a->action_count) return;
  put(t, "\n");
  put_heading(t, REPORT_REST_HEADING);
  for (size_t g = 0; g <= a->ingredient_count; g++) {
    /* the model's ingredients in order, then any action whose ingredient is not one */
    const plan_ingredient *group = g < a->ingredient_count ? &a->ingredients[g] : NULL;
    int heading = 0;
    for (size_t i = first; i < a->action_count; i++) {
      const plan_action *action = &a->actions[i];
      const plan_ingredient *own = report_find_ingredient(a, action->ingredient);
      if (own != group) continue;
      if (!heading++) {
        put(t, "  ");
        put_clean(t, group ? report_ingredient_name(group) : "Other");
        put(t, "\n");
      }
      write_action(t, p, a, action, rank_width, 4, 1);
    }
  }
}

/* The context items: how the people the service is for are doing, with each figure. */
static void write_context(text_writer *t, const plan_authority *a) {
  char buf[REPORT_VALUE_SIZE];
  if (a->context_count == 0) return;
  put(t, "\n");
  put_heading(t, REPORT_CONTEXT_HEADING);
  for (size_t i = 0; i < a->context_count; i++) {
    const plan_rule *item = &a->context[i];
    put(t, "  ");
    put_clean(t, report_rule_name(item));
    if (item->status != PLAN_RULE_ASSESSED) {
      put(t, " (");
      put(t, report_context_status_words(item->status));
      put(t, ": ");
      put_clean(t, item->status == PLAN_RULE_ERROR ? item->message : item->reason);
      put(t, ")");
    }
    put(t, "\n");
    for (size_t e = 0; e < item->evidence_count; e++) {
      put(t, "    ");
      put_clean(t, item->evidence[e].label);
      put(t, ": ");
      put_clean(t, report_evidence_text(buf, &item->evidence[e]));
      put(t, "\n");
    }
    for (size_t k = 0; k < item->benchmark_count; k++)
      report_benchmark_write(&t->sink, &item->benchmarks[k], REPORT_BENCHMARK_TEXT);
  }
}

static void write_data_quality(text_writer *t, const plan_authority *a) {
  if (a->data_quality_count == 0) return;
  put(t, "\n");
  put_heading(t, "Data quality");
  for (size_t i = 0; i < a->data_quality_count; i++) {
    const plan_data_quality *dq = &a->data_quality[i];
    char count_text[REPORT_VALUE_SIZE];
    put(t, "  - ");
    put_clean(t, dq->message);
    put(t, " (rows: ");
    put(t, report_count_text(count_text, dq->count, dq->suppressed));
    put(t, " in ");
    put_clean(t, dq->table);
    put(t, ")\n");
  }
}

/* Rules in one status, with their reason or message; nothing when there are none. */
static void write_rules_in_status(text_writer *t, const plan_authority *a, plan_rule_status status,
                                  const char *heading) {
  report_rule_cursor cursor = {0, 0};
  const plan_rule *rule = report_next_rule(a, status, &cursor);
  if (!rule) return;
  put(t, "\n");
  put_heading(t, heading);
  for (; rule; rule = report_next_rule(a, status, &cursor)) {
    put(t, "  - ");
    put_clean(t, report_rule_name(rule));
    put(t, ": ");
    put_clean(t, status == PLAN_RULE_ERROR ? rule->message : rule->reason);
    put(t, "\n");
  }
}

static void write_customisations(text_writer *t, const plan_authority *a) {
  if (a->customisation_count == 0) return;
  put(t, "\n");
  put_heading(t, "Customisations");
  for (size_t i = 0; i < a->customisation_count; i++) {
    const plan_customisation *c = &a->customisations[i];
    const char *rule = report_customisation_rule_name(a, c);
    put(t, "  - ");
    put_clean(t, report_customisation_words(c));
    put(t, ": ");
    if (rule) {
      put_clean(t, rule);
      put(t, " (");
    }
    put_clean(t, c->reason);
    if (rule) put(t, ")");
    put(t, "\n");
  }
}

/* --explain: one rule (or context item, which has no score) with its cost and evidence;
 * a rule of weight 0 says that its score does not count. */
static void write_rule_detail(text_writer *t, const plan_rule *rule, int context) {
  char buf[REPORT_VALUE_SIZE];
  put(t, "  ");
  put_clean(t, rule->id);
  put(t, ": ");
  put(t, context ? report_context_status_words(rule->status) : report_status_words(rule->status));
  if (!context && rule->status == PLAN_RULE_ASSESSED) {
    put(t, ", score ");
    put(t, isfinite(rule->score) ? report_score_text(buf, rule->score) : REPORT_MISSING);
    put(t, ", weight ");
    put(t, report_weight_text(buf, rule->weight));
    if (rule->weight == 0) put(t, ": not counted");
  }
  put(t, ", ");
  put(t, report_seconds_text(buf, rule->seconds));
  put(t, " s, ");
  put(t, report_instructions_text(buf, rule->instructions));
  put(t, " instructions\n");
  for (size_t e = 0; e < rule->evidence_count; e++) {
    put(t, "    ");
    put_clean(t, rule->evidence[e].label);
    put(t, ": ");
    put_clean(t, report_evidence_text(buf, &rule->evidence[e]));
    put(t, "\n");
  }
}

/* --explain: the arithmetic from the rules' scores to the band (report_explain.h). */
static void write_explain(text_writer *t, const plan *p, const plan_authority *a) {
  const report_explain_style style = {&t->sink, report_escape_plain,
                                      REPORT_EXPLAIN_TEXT_TIMES};
  put(t, "\n");
  put_heading(t, REPORT_EXPLAIN_HEADING);
  report_explain_write_lines(&style, p, a, "  ", "    ");
}

/* --explain: every rule and context item with its score, cost and evidence. */
static void write_rule_details(text_writer *t, const plan_authority *a) {
  put(t, "\n");
  put_heading(t, "Rule details");
  for (size_t i = 0; i < a->ingredient_count; i++)
    for (size_t r = 0; r < a->ingredients[i].rule_count; r++)
      write_rule_detail(t, &a->ingredients[i].rules[r], 0);
  for (size_t i = 0; i < a->context_count; i++) write_rule_detail(t, &a->context[i], 1);
}

/* The plain-English summary (report_summary.h): a paragraph a line, actions numbered. */
static void write_summary(text_writer *t, const plan *p, const plan_authority *a) {
  static const report_summary_layout layout = {"  ", "", "    %d. "};
  put(t, "\n");
  put_heading(t, REPORT_SUMMARY_HEADING);
  report_summary_write_lines(p, a, &t->sink, report_escape_plain, &layout);
}

static void write_authority(text_writer *t, const plan *p, const plan_authority *a) {
  put(t, "\n");
  /* heading: name (id), stage: STAGE, underlined to its width */
  size_t width =
      clean_width(a->name) + 2 + clean_width(a->id) + strlen("), stage: ") + clean_width(a->stage);
  style_begin(t, TEXT_BOLD);
  put_clean(t, a->name);
  put(t, " (");
  put_clean(t, a->id);
  put(t, "), stage: ");
  put_clean(t, a->stage);
  style_end(t, TEXT_BOLD);
  put(t, "\n");
  put_underline(t, '-', width);
  put(t, "\n");
  write_overall(t, p, a);
  write_summary(t, p, a);
  put(t, "\n");
  put_heading(t, "Ingredients");
  write_ingredient_table(t, p, a);
  if (p->history) write_change(t, a);
  write_actions(t, p, a);
  write_context(t, a);
  write_data_quality(t, a);
  write_rules_in_status(t, a, PLAN_RULE_NOT_ASSESSED, "Rules not assessed");
  write_rules_in_status(t, a, PLAN_RULE_ERROR, "Failed rules");
  write_customisations(t, a);
  if (p->explain) {
    write_explain(t, p, a);
    write_rule_details(t, a);
  }
}

/* }====================================================================== */

/* Errors outside the authorities' own sections, `file:line: message (rule R, authority A)`
 * like the diagnostics main prints. */
static void write_errors(text_writer *t, const plan *p) {
  if (p->error_count == 0) return;
  put(t, "\n");
  style_begin(t, TEXT_BOLD);
  put(t, "Errors");
  style_end(t, TEXT_BOLD);
  put(t, "\n");
  report_put_repeated(&t->sink, '-', strlen("Errors"));
  put(t, "\n");
  for (size_t i = 0; i < p->error_count; i++) {
    const plan_error *e = &p->errors[i];
    put(t, "  - ");
    if (e->file) {
      put_clean(t, e->file);
      if (e->line > 0) {
        char buf[32];
        snprintf(buf, sizeof buf, ":%d", e->line);
        put(t, buf);
      }
      put(t, ": ");
    }
    put_clean(t, e->message);
    if (e->rule || e->authority) {
      put(t, " (");
      if (e->rule) {
        put(t, "rule ");
        put_clean(t, e->rule);
      }
      if (e->rule && e->authority) put(t, ", ");
      if (e->authority) {
        put(t, "authority ");
        put_clean(t, e->authority);
      }
      put(t, ")");
    }
    put(t, "\n");
  }
}

int report_write_text(const plan *p, FILE *out, report_text_style style) {
  if (p->audience == AUDIENCE_YOUNG_PEOPLE) return report_young_write_text(p, out, style.width);
  text_writer t = {.color = style.color != 0, .width = style.width};
  report_sink_init(&t.sink, out);
  report_sink_wrap(&t.sink, t.width);
  style_begin(&t, TEXT_BOLD);
  put_clean(&t, p->name);
  style_end(&t, TEXT_BOLD);
  put(&t, "\n");
  put_underline(&t, '=', clean_width(p->name));
  put(&t, "\nAssessment date: ");
  put_clean(&t, p->date);
  put(&t, "\nRules: ");
  report_put_size(&t.sink, plan_count_rules(p, PLAN_RULE_ASSESSED));
  put(&t, " assessed, ");
  report_put_size(&t.sink, plan_count_rules(p, PLAN_RULE_NOT_ASSESSED));
  put(&t, " not assessed, ");
  report_put_size(&t.sink, plan_count_rules(p, PLAN_RULE_ERROR));
  put(&t, " failed\n");
  char counts[REPORT_VALUE_SIZE];
  if (report_context_counts(counts, p)) {
    put(&t, counts);
    put(&t, "\n");
  }
  for (size_t i = 0; i < p->authority_count; i++) write_authority(&t, p, &p->authorities[i]);
  write_errors(&t, p);

  return report_sink_finish(&t.sink);
}
