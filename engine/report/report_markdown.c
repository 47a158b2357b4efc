/* report_markdown.c: the plan as Markdown (CommonMark with GitHub pipe tables), for a
 * document or a wiki page. Same content as report_text.c: headings for the plan and each
 * authority, tables for ingredients and findings, an ordered list for the actions.
 * Strings from data and rules are escaped (report_escape_markdown) so they can neither break
 * a table nor make a link, an image or HTML. */
#include <math.h>
#include <stdio.h>

#include "report.h"
#include "report_benchmark.h"
#include "report_escape.h"
#include "report_explain.h"
#include "report_sink.h"
#include "report_summary.h"
#include "report_values.h"
#include "report_young.h"

typedef struct markdown_writer {
  report_sink sink;
} markdown_writer;

/* ** {======================================================================
** Output primitives over the shared sink (report_sink.h).
** ======================================================================= */

/* Our own Markdown. */
static void put(markdown_writer *m, const char *text) { report_put(&m->sink, text); }

/* Text from the plan, cleaned; a missing string shows as "-". */
static void put_clean(markdown_writer *m, const char *s) {
  report_put_clean(&m->sink, s ? s : REPORT_MISSING, report_escape_markdown);
}

/* One table row: every cell cleaned, so a cell can never end the row early. */
static void put_row(markdown_writer *m, const char *const *cells, size_t count) {
  for (size_t i = 0; i < count; i++) {
    put(m, i == 0 ? "| " : " | ");
    put_clean(m, cells[i]);
  }
  put(m, " |\n");
}

/* }====================================================================== */

/* ** {======================================================================
** Sections of one authority.
** ======================================================================= */

static void write_overview(markdown_writer *m, const plan_authority *a) {
  char buf[REPORT_VALUE_SIZE];
  put(m, "- Stage: ");
  put_clean(m, a->stage);
  put(m, "\n- Overall score: ");
  if (isnan(a->score)) {
    put(m, "not assessed");
  } else {
    put(m, "**");
    put(m, report_score_text(buf, a->score));
    put(m, "/100**");
    if (a->band) {
      put(m, " (");
      put_clean(m, a->band);
      put(m, ")");
    }
  }
  put(m, "\n- Coverage: ingredients ");
  put(m, isfinite(a->coverage) ? report_percent_text(buf, a->coverage) : "0");
  put(m, "%, rules ");
  put(m, isfinite(a->rule_coverage) ? report_percent_text(buf, a->rule_coverage) : "0");
  put(m, "%\n");
}

static void write_ingredient_table(markdown_writer *m, const plan_authority *a) {
  char score[REPORT_VALUE_SIZE], weight[REPORT_VALUE_SIZE];
  put(m,
      "\n### Ingredients\n\n| Ingredient | Score | Weight | Assessed | Not assessed | Failed |\n");
  put(m, "|---|---:|---:|---:|---:|---:|\n");
  for (size_t i = 0; i < a->ingredient_count; i++) {
    const plan_ingredient *ingredient = &a->ingredients[i];
    size_t counts[3];
    char count_text[3][32];
    report_count_rules(ingredient, counts);
    for (int c = 0; c < 3; c++) snprintf(count_text[c], sizeof count_text[c], "%zu", counts[c]);
    const char *cells[6] = {
        report_ingredient_name(ingredient),
        isnan(ingredient->score) ? "not assessed" : report_score_text(score, ingredient->score),
        report_weight_text(weight, ingredient->weight),
        count_text[0],
        count_text[1],
        count_text[2]};
    put_row(m, cells, 6);
  }
}

/* A list of actions after a label, named by title when they are this plan's (a resolved
 * action is not, and keeps its id). */
/* Actions by name: titles[i] when the history kept it (resolved actions), else the name
 * this plan gives the id (report_values.h). */
static void write_id_list(markdown_writer *m, const plan_authority *a, const char *label,
                          const char *const *ids, const char *const *titles, size_t n) {
  char buf[32];
  put(m, "- ");
  put(m, label);
  snprintf(buf, sizeof buf, " (%zu): ", n);
  put(m, buf);
  if (!n) put(m, "none");
  /* plain text, not code spans: inside a code span a backslash escape would show */
  for (size_t i = 0; i < n; i++) {
    if (i) put(m, "; ");
    put_clean(m, titles && titles[i] ? titles[i] : report_action_name_by_id(a, ids[i]));
  }
  put(m, "\n");
}

/* With a history: each ingredient's change since the previous assessment, and which of its
 * actions recur or are resolved. */
static void write_change(markdown_writer *m, const plan_authority *a) {
  char then[REPORT_VALUE_SIZE], now[REPORT_VALUE_SIZE], change[REPORT_VALUE_SIZE];
  put(m, "\n### " REPORT_CHANGE_HEADING);
  if (!a->previous_date) {
    put(m, "\n\n" REPORT_CHANGE_NONE "\n");
    return;
  }
  put(m, " (");
  put_clean(m, a->previous_date);
  put(m, ")\n\n| Ingredient | Then | Now | Change |\n|---|---:|---:|---:|\n");
  for (size_t i = 0; i < a->ingredient_count; i++) {
    const plan_ingredient *g = &a->ingredients[i];
    const char *cells[4] = {
        report_ingredient_name(g), isfinite(g->previous) ? report_score_text(then, g->previous) : REPORT_MISSING,
        isfinite(g->score) ? report_score_text(now, g->score) : REPORT_MISSING,
        report_change_text(change, g->previous, g->score)};
    put_row(m, cells, 4);
  }
  put(m, "\n");
  write_id_list(m, a, "Actions recurring", a->recurring_actions, NULL, a->recurring_action_count);
  write_id_list(m, a, "Actions resolved", a->resolved_actions, a->resolved_action_titles,
                a->resolved_action_count);
}

/* One action as a list item: `marker` is "N. " (an ordered list) or "- " with the rank in
 * the bold title; `grouped` under its ingredient's heading, which then goes unsaid.
 * Continuation lines are indented past the marker so they stay in the item. */
static void write_action(markdown_writer *m, const plan *p, const plan_authority *a,
                         const plan_action *action, int grouped) {
  char buf[REPORT_VALUE_SIZE], indent[32];
  int marker = grouped ? 2 : snprintf(buf, sizeof buf, "%d. ", action->rank);
  snprintf(indent, sizeof indent, "%*s- ", marker, "");
  if (grouped) snprintf(buf, sizeof buf, "- **%d. ", action->rank);
  else snprintf(buf, sizeof buf, "%d. **", action->rank);
  put(m, buf);
  put_clean(m, action->title);
  put(m, "**\n");
  put(m, indent);
  if (!grouped) {
    put(m, "Ingredient: ");
    put_clean(m, report_action_ingredient_name(a, action));
    put(m, "; owner: ");
  } else {
    put(m, "Owner: ");
  }
  put_clean(m, action->owner);
  put(m, "; effort: ");
  put_clean(m, action->effort);
  put(m, "; impact: ");
  put(m, report_score_text(buf, action->impact));
  if (p->explain) {
    put(m, "; priority: ");
    put(m, report_score_text(buf, action->priority));
  }
  put(m, "\n");
  if (p->explain) {
    put(m, indent);
    put(m, "Priority = impact ");
    put(m, report_score_text(buf, action->terms.impact));
    put(m, " × stage weight ");
    put(m, report_weight_text(buf, action->terms.stage_weight));
    put(m, " × weakness ");
    put(m, report_measure_text(buf, action->terms.weakness));
    put(m, " × urgency ");
    put(m, report_measure_text(buf, action->terms.urgency));
    put(m, " ÷ effort cost ");
    put(m, report_measure_text(buf, action->terms.effort_cost));
    put(m, action->survival ? "; tier: survival, above every other action\n"
                            : "; tier: ordinary\n");
  }
  if (!action->survival) {
    char words[REPORT_RANK_WORDS_SIZE];
    put(m, indent);
    put_clean(m, report_rank_words(words, a, action));
    put(m, "\n");
  } else {
    put(m, indent);
    put(m, "**" REPORT_SURVIVAL_WORDS "**\n");
  }
  if (action->found_by_count) {
    put(m, indent);
    put(m, "Found by: ");
    for (size_t i = 0; i < action->found_by_count; i++) {
      if (i) put(m, "; ");
      put_clean(m, report_rule_name_by_id(a, action->found_by[i]));
    }
    put(m, "\n");
  }
  put(m, indent);
  put(m, "Why: ");
  put_clean(m, action->why);
  put(m, "\n");
}

/* The few actions to do first as an ordered list (ranks 1 to N), then the rest under a
 * heading per ingredient, each item with its rank. */
static void write_actions(markdown_writer *m, const plan *p, const plan_authority *a) {
  put(m, "\n### " REPORT_FIRST_HEADING "\n\n");
  if (a->action_count == 0) {
    put(m, "None.\n");
    return;
  }
  put(m, REPORT_RANK_NOTE "\n\n");
  size_t first = report_first_count(a);
  for (size_t i = 0; i < first; i++) write_action(m, p, a, &a->actions[i], 0);
  if (first == a->action_count) return;
  put(m, "\n### " REPORT_REST_HEADING "\n");
  for (size_t g = 0; g <= a->ingredient_count; g++) {
    const plan_ingredient *group = g < a->ingredient_count ? &a->ingredients[g] : NULL;
    int heading = 0;
    for (size_t i = first; i < a->action_count; i++) {
      if (report_find_ingredient(a, a->actions[i].ingredient) != group) continue;
      if (!heading++) {
        put(m, "\n#### ");
        put_clean(m, group ? report_ingredient_name(group) : "Other");
        put(m, "\n\n");
      }
      write_action(m, p, a, &a->actions[i], 1);
    }
  }
}

/* The context items, each a heading-free paragraph with its figures as a list. */
static void write_context(markdown_writer *m, const plan_authority *a) {
  char buf[REPORT_VALUE_SIZE];
  if (a->context_count == 0) return;
  put(m, "\n### " REPORT_CONTEXT_HEADING "\n");
  for (size_t i = 0; i < a->context_count; i++) {
    const plan_rule *item = &a->context[i];
    put(m, "\n**");
    put_clean(m, report_rule_name(item));
    put(m, "**");
    if (item->status != PLAN_RULE_ASSESSED) {
      put(m, " (");
      put(m, report_context_status_words(item->status));
      put(m, ": ");
      put_clean(m, item->status == PLAN_RULE_ERROR ? item->message : item->reason);
      put(m, ")");
    }
    put(m, "\n");
    if (item->evidence_count) put(m, "\n");
    for (size_t e = 0; e < item->evidence_count; e++) {
      put(m, "- ");
      put_clean(m, item->evidence[e].label);
      put(m, ": ");
      put_clean(m, report_evidence_text(buf, &item->evidence[e]));
      put(m, "\n");
    }
    for (size_t k = 0; k < item->benchmark_count; k++)
      report_benchmark_write(&m->sink, &item->benchmarks[k], REPORT_BENCHMARK_MARKDOWN);
  }
}

static void write_data_quality(markdown_writer *m, const plan_authority *a) {
  if (a->data_quality_count == 0) return;
  put(m, "\n### Data quality\n\n| What is wrong | Table | Rows |\n|---|---|---:|\n");
  for (size_t i = 0; i < a->data_quality_count; i++) {
    const plan_data_quality *dq = &a->data_quality[i];
    char count_text[REPORT_VALUE_SIZE];
    const char *cells[3] = {dq->message, dq->table,
                            report_count_text(count_text, dq->count, dq->suppressed)};
    put_row(m, cells, 3);
  }
}

/* Rules in one status, with their reason or message; nothing when there are none. */
static void write_rules_in_status(markdown_writer *m, const plan_authority *a,
                                  plan_rule_status status, const char *heading,
                                  const char *column) {
  report_rule_cursor cursor = {0, 0};
  const plan_rule *rule = report_next_rule(a, status, &cursor);
  if (!rule) return;
  put(m, "\n### ");
  put(m, heading);
  put(m, "\n\n| Rule | ");
  put(m, column);
  put(m, " |\n|---|---|\n");
  for (; rule; rule = report_next_rule(a, status, &cursor)) {
    const char *cells[2] = {report_rule_name(rule),
                            status == PLAN_RULE_ERROR ? rule->message : rule->reason};
    put_row(m, cells, 2);
  }
}

static void write_customisations(markdown_writer *m, const plan_authority *a) {
  if (a->customisation_count == 0) return;
  put(m, "\n### Customisations\n\n| Change | Rule | Details |\n|---|---|---|\n");
  for (size_t i = 0; i < a->customisation_count; i++) {
    const plan_customisation *c = &a->customisations[i];
    const char *cells[3] = {report_customisation_words(c), report_customisation_rule_name(a, c),
                            c->reason};
    put_row(m, cells, 3);
  }
}

/* --explain: one rule or context item as a row of the details table. */
static void write_rule_detail(markdown_writer *m, const plan_rule *rule, int context) {
  char buf[REPORT_VALUE_SIZE];
  put(m, "| ");
  put_clean(m, rule->id);
  put(m, " | ");
  put(m, context ? report_context_status_words(rule->status) : report_status_words(rule->status));
  put(m, " | ");
  int scored = !context && rule->status == PLAN_RULE_ASSESSED && isfinite(rule->score);
  put(m, scored ? report_score_text(buf, rule->score) : REPORT_MISSING);
  put(m, " | ");
  put(m, context ? REPORT_MISSING : report_weight_text(buf, rule->weight));
  if (!context && rule->weight == 0) put(m, ": not counted");
  put(m, " | ");
  put(m, report_seconds_text(buf, rule->seconds));
  put(m, " | ");
  put(m, report_instructions_text(buf, rule->instructions));
  put(m, " | ");
  if (rule->evidence_count == 0) put(m, REPORT_MISSING);
  for (size_t e = 0; e < rule->evidence_count; e++) {
    if (e > 0) put(m, "; ");
    put_clean(m, rule->evidence[e].label);
    put(m, ": ");
    put_clean(m, report_evidence_text(buf, &rule->evidence[e]));
  }
  put(m, " |\n");
}

/* --explain: the arithmetic from the rules' scores to the band (report_explain.h), as a
 * list with the ingredients nested. */
static void write_explain(markdown_writer *m, const plan *p, const plan_authority *a) {
  const report_explain_style style = {&m->sink, report_escape_markdown,
                                      REPORT_EXPLAIN_TIMES};
  put(m, "\n### " REPORT_EXPLAIN_HEADING "\n\n");
  report_explain_write_lines(&style, p, a, "- ", "  - ");
}

/* --explain: every rule and context item with its score, cost and evidence (one cell,
 * `; `-separated). */
static void write_rule_details(markdown_writer *m, const plan_authority *a) {
  put(m, "\n### Rule details\n\n| Rule | Status | Score | Weight | Seconds | Instructions | "
         "Evidence |\n");
  put(m, "|---|---|---:|---:|---:|---:|---|\n");
  for (size_t i = 0; i < a->ingredient_count; i++)
    for (size_t r = 0; r < a->ingredients[i].rule_count; r++)
      write_rule_detail(m, &a->ingredients[i].rules[r], 0);
  for (size_t i = 0; i < a->context_count; i++) write_rule_detail(m, &a->context[i], 1);
}

/* The plain-English summary (report_summary.h): paragraphs and an ordered list, each
 * block after a blank line. */
static void write_summary(markdown_writer *m, const plan *p, const plan_authority *a) {
  static const report_summary_layout layout = {"\n", "\n", "%d. "};
  put(m, "\n### " REPORT_SUMMARY_HEADING "\n");
  report_summary_write_lines(p, a, &m->sink, report_escape_markdown, &layout);
}

static void write_authority(markdown_writer *m, const plan *p, const plan_authority *a) {
  put(m, "\n## ");
  put_clean(m, a->name);
  put(m, " (");
  put_clean(m, a->id);
  put(m, ")\n\n");
  write_overview(m, a);
  write_summary(m, p, a);
  write_ingredient_table(m, a);
  if (p->history) write_change(m, a);
  write_actions(m, p, a);
  write_context(m, a);
  write_data_quality(m, a);
  write_rules_in_status(m, a, PLAN_RULE_NOT_ASSESSED, "Rules not assessed", "Reason");
  write_rules_in_status(m, a, PLAN_RULE_ERROR, "Failed rules", "Message");
  write_customisations(m, a);
  if (p->explain) {
    write_explain(m, p, a);
    write_rule_details(m, a);
  }
}

/* }====================================================================== */

static void write_errors(markdown_writer *m, const plan *p) {
  if (p->error_count == 0) return;
  put(m, "\n## Errors\n\n| Location | Authority | Rule | Message |\n|---|---|---|---|\n");
  for (size_t i = 0; i < p->error_count; i++) {
    const plan_error *e = &p->errors[i];
    put(m, "| ");
    put_clean(m, e->file);
    if (e->file && e->line > 0) {
      char buf[32];
      snprintf(buf, sizeof buf, ":%d", e->line);
      put(m, buf);
    }
    put(m, " | ");
    put_clean(m, e->authority);
    put(m, " | ");
    put_clean(m, e->rule);
    put(m, " | ");
    put_clean(m, e->message);
    put(m, " |\n");
  }
}

int report_write_markdown(const plan *p, FILE *out) {
  if (p->audience == AUDIENCE_YOUNG_PEOPLE) return report_young_write_markdown(p, out);
  markdown_writer m;
  report_sink_init(&m.sink, out);
  put(&m, "# ");
  put_clean(&m, p->name);
  put(&m, "\n\nAssessment date: ");
  put_clean(&m, p->date);
  put(&m, ". Rules: ");
  report_put_size(&m.sink, plan_count_rules(p, PLAN_RULE_ASSESSED));
  put(&m, " assessed, ");
  report_put_size(&m.sink, plan_count_rules(p, PLAN_RULE_NOT_ASSESSED));
  put(&m, " not assessed, ");
  report_put_size(&m.sink, plan_count_rules(p, PLAN_RULE_ERROR));
  put(&m, " failed.");
  char counts[REPORT_VALUE_SIZE];
  if (report_context_counts(counts, p)) {
    put(&m, " ");
    put(&m, counts);
    put(&m, ".");
  }
  put(&m, "\n");
  for (size_t i = 0; i < p->authority_count; i++) write_authority(&m, p, &p->authorities[i]);
  write_errors(&m, p);

  return report_sink_finish(&m.sink);
}
