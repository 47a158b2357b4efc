/* report_markdown.c: the plan as Markdown (CommonMark with GitHub pipe tables), for a
 * document or a wiki page. Same content as report_text.c: headings for the plan and each
 * authority, tables for ingredients and findings, an ordered list for the actions.
 * Strings from data and rules are escaped so they can neither break a table nor inject HTML. */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "json_writer.h"
#include "report.h"

/* Shown for a missing (NULL) string or number, so a gap in the plan is visible. */
#define MARKDOWN_MISSING "-"

typedef struct markdown_writer {
  FILE *out;
  int error; /* first errno from a failed write, 0 while fine */
} markdown_writer;

/* ** {======================================================================
** Output primitives.
** ======================================================================= */

static void put_bytes(markdown_writer *m, const char *bytes, size_t n) {
  if (m->error || n == 0) return;
  if (fwrite(bytes, 1, n, m->out) != n) m->error = errno ? errno : EIO;
}

/* Our own Markdown. */
static void put(markdown_writer *m, const char *text) { put_bytes(m, text, strlen(text)); }

static void put_size(markdown_writer *m, size_t n) {
  char buf[32];
  snprintf(buf, sizeof buf, "%zu", n);
  put(m, buf);
}

/* Text from the plan, safe anywhere on one line: `|` is escaped for tables, `<` becomes
 * an entity so no HTML gets through, control characters (newlines too: they would end a
 * table row or a list item) become spaces, invalid UTF-8 becomes U+FFFD. */
static void put_clean(markdown_writer *m, const char *s) {
  if (!s) s = MARKDOWN_MISSING;
  size_t length = strlen(s);
  size_t run_start = 0, i = 0;
  while (i < length) {
    unsigned char c = (unsigned char)s[i];
    size_t consumed = 1;
    const char *replacement = NULL;
    if (c < 0x20 || c == 0x7f) {
      replacement = " ";
    } else if (c == '|') {
      replacement = "\\|";
    } else if (c == '<') {
      replacement = "&lt;";
    } else if (c >= 0x80) {
      int valid;
      consumed = json_utf8_next(s + i, length - i, &valid);
      if (!valid) replacement = "\xEF\xBF\xBD";
    }
    if (replacement) {
      put_bytes(m, s + run_start, i - run_start);
      put(m, replacement);
      run_start = i + consumed;
    }
    i += consumed;
  }
  put_bytes(m, s + run_start, length - run_start);
}

static void put_score(markdown_writer *m, double score) {
  char buf[JSON_NUMBER_SIZE];
  put(m, isnan(score) ? "not assessed" : json_format_score(buf, score));
}

static void put_evidence_value(markdown_writer *m, const plan_evidence *e) {
  char buf[JSON_NUMBER_SIZE];
  switch (e->kind) {
    case PLAN_VALUE_NUMBER:
      put(m, isfinite(e->number) ? json_format_measure(buf, e->number) : MARKDOWN_MISSING);
      return;
    case PLAN_VALUE_TEXT:
      put_clean(m, e->text);
      return;
    case PLAN_VALUE_BOOLEAN:
      put(m, e->boolean ? "yes" : "no");
      return;
    case PLAN_VALUE_SUPPRESSED:
      put(m, "c");
      return;
  }
}

static void count_rules(const plan_ingredient *ingredient, size_t counts[3]) {
  counts[0] = counts[1] = counts[2] = 0;
  for (size_t i = 0; i < ingredient->rule_count; i++) {
    plan_rule_status status = ingredient->rules[i].status;
    if (status == PLAN_RULE_ASSESSED) counts[0]++;
    if (status == PLAN_RULE_NOT_ASSESSED) counts[1]++;
    if (status == PLAN_RULE_ERROR) counts[2]++;
  }
}

/* }====================================================================== */

/* ** {======================================================================
** Sections of one authority.
** ======================================================================= */

static void write_summary(markdown_writer *m, const plan_authority *a) {
  char buf[JSON_NUMBER_SIZE];
  put(m, "- Stage: ");
  put_clean(m, a->stage);
  put(m, "\n- Overall score: ");
  if (isnan(a->score)) {
    put(m, "not assessed");
  } else {
    put(m, "**");
    put(m, json_format_score(buf, a->score));
    put(m, "/100**");
    if (a->band) {
      put(m, " (");
      put_clean(m, a->band);
      put(m, ")");
    }
  }
  put(m, "\n- Coverage: ");
  put(m, isfinite(a->coverage) ? json_format_percent(buf, a->coverage) : "0");
  put(m, "%\n");
}

static void write_ingredient_table(markdown_writer *m, const plan_authority *a) {
  char buf[JSON_NUMBER_SIZE];
  put(m, "\n| Ingredient | Score | Weight | Assessed | Not assessed | Failed |\n");
  put(m, "|---|---:|---:|---:|---:|---:|\n");
  for (size_t i = 0; i < a->ingredient_count; i++) {
    const plan_ingredient *ingredient = &a->ingredients[i];
    size_t counts[3];
    count_rules(ingredient, counts);
    put(m, "| ");
    put_clean(m, ingredient->id);
    put(m, " | ");
    put_score(m, ingredient->score);
    put(m, " | ");
    put(m, json_format_weight(buf, ingredient->weight));
    for (int c = 0; c < 3; c++) {
      put(m, " | ");
      put_size(m, counts[c]);
    }
    put(m, " |\n");
  }
}

static void write_actions(markdown_writer *m, const plan *p, const plan_authority *a) {
  char buf[JSON_NUMBER_SIZE];
  put(m, "\n### Ranked actions\n\n");
  if (a->action_count == 0) {
    put(m, "None.\n");
    return;
  }
  for (size_t i = 0; i < a->action_count; i++) {
    const plan_action *action = &a->actions[i];
    /* continuation lines are indented past the marker so they stay in the item */
    int marker = snprintf(buf, sizeof buf, "%d. ", action->rank);
    put(m, buf);
    put(m, "**");
    put_clean(m, action->title);
    put(m, "**\n");
    snprintf(buf, sizeof buf, "%*s- ", marker, "");
    put(m, buf);
    put(m, "Ingredient: ");
    put_clean(m, action->ingredient);
    put(m, "; owner: ");
    put_clean(m, action->owner);
    put(m, "; effort: ");
    put_clean(m, action->effort);
    put(m, "; impact: ");
    put(m, json_format_score(buf, action->impact));
    put(m, "; priority: ");
    put(m, json_format_score(buf, action->priority));
    put(m, "\n");
    if (p->explain) {
      snprintf(buf, sizeof buf, "%*s- ", marker, "");
      put(m, buf);
      put(m, "Priority = impact ");
      put(m, json_format_score(buf, action->terms.impact));
      put(m, " × stage weight ");
      put(m, json_format_weight(buf, action->terms.stage_weight));
      put(m, " × weakness ");
      put(m, json_format_measure(buf, action->terms.weakness));
      put(m, " × urgency ");
      put(m, json_format_measure(buf, action->terms.urgency));
      put(m, " ÷ effort cost ");
      put(m, json_format_measure(buf, action->terms.effort_cost));
      put(m, "\n");
    }
    snprintf(buf, sizeof buf, "%*s- ", marker, "");
    put(m, buf);
    put(m, "Why: ");
    put_clean(m, action->why);
    put(m, "\n");
  }
}

static void write_data_quality(markdown_writer *m, const plan_authority *a) {
  if (a->data_quality_count == 0) return;
  put(m, "\n### Data quality\n\n| Table | Check | Count | Message |\n|---|---|---:|---|\n");
  for (size_t i = 0; i < a->data_quality_count; i++) {
    const plan_data_quality *dq = &a->data_quality[i];
    char count_text[32];
    if (dq->suppressed)
      strcpy(count_text, "c");
    else
      snprintf(count_text, sizeof count_text, "%ld", dq->count);
    put(m, "| ");
    put_clean(m, dq->table);
    put(m, " | ");
    put_clean(m, dq->check);
    put(m, " | ");
    put(m, count_text);
    put(m, " | ");
    put_clean(m, dq->message);
    put(m, " |\n");
  }
}

/* Rules in one status, with their reason or message; nothing when there are none. */
static void write_rules_in_status(markdown_writer *m, const plan_authority *a,
                                  plan_rule_status status, const char *heading,
                                  const char *column) {
  int any = 0;
  for (size_t i = 0; i < a->ingredient_count; i++) {
    const plan_ingredient *ingredient = &a->ingredients[i];
    for (size_t r = 0; r < ingredient->rule_count; r++) {
      const plan_rule *rule = &ingredient->rules[r];
      if (rule->status != status) continue;
      if (!any) {
        put(m, "\n### ");
        put(m, heading);
        put(m, "\n\n| Rule | ");
        put(m, column);
        put(m, " |\n|---|---|\n");
        any = 1;
      }
      put(m, "| ");
      put_clean(m, rule->id);
      put(m, " | ");
      put_clean(m, status == PLAN_RULE_ERROR ? rule->message : rule->reason);
      put(m, " |\n");
    }
  }
}

static void write_customisations(markdown_writer *m, const plan_authority *a) {
  if (a->customisation_count == 0) return;
  put(m, "\n### Customisations\n\n| Kind | Rule | Reason |\n|---|---|---|\n");
  for (size_t i = 0; i < a->customisation_count; i++) {
    const plan_customisation *c = &a->customisations[i];
    put(m, "| ");
    put_clean(m, c->kind);
    put(m, " | ");
    put_clean(m, c->rule);
    put(m, " | ");
    put_clean(m, c->reason);
    put(m, " |\n");
  }
}

static const char *status_words(plan_rule_status status) {
  switch (status) {
    case PLAN_RULE_ASSESSED:
      return "assessed";
    case PLAN_RULE_NOT_ASSESSED:
      return "not assessed";
    case PLAN_RULE_ERROR:
      return "failed";
  }
  return "failed";
}

/* --explain: every rule with its score, cost and evidence (one cell, `; `-separated). */
static void write_rule_details(markdown_writer *m, const plan_authority *a) {
  char buf[JSON_NUMBER_SIZE];
  put(m, "\n### Rule details\n\n| Rule | Status | Score | Seconds | Instructions | Evidence |\n");
  put(m, "|---|---|---:|---:|---:|---|\n");
  for (size_t i = 0; i < a->ingredient_count; i++) {
    const plan_ingredient *ingredient = &a->ingredients[i];
    for (size_t r = 0; r < ingredient->rule_count; r++) {
      const plan_rule *rule = &ingredient->rules[r];
      put(m, "| ");
      put_clean(m, rule->id);
      put(m, " | ");
      put(m, status_words(rule->status));
      put(m, " | ");
      if (rule->status == PLAN_RULE_ASSESSED && isfinite(rule->score))
        put(m, json_format_score(buf, rule->score));
      else
        put(m, MARKDOWN_MISSING);
      put(m, " | ");
      put(m, json_format_seconds(buf, rule->seconds));
      snprintf(buf, sizeof buf, " | %ld | ", rule->instructions);
      put(m, buf);
      if (rule->evidence_count == 0) put(m, MARKDOWN_MISSING);
      for (size_t e = 0; e < rule->evidence_count; e++) {
        if (e > 0) put(m, "; ");
        put_clean(m, rule->evidence[e].label);
        put(m, ": ");
        put_evidence_value(m, &rule->evidence[e]);
      }
      put(m, " |\n");
    }
  }
}

static void write_authority(markdown_writer *m, const plan *p, const plan_authority *a) {
  put(m, "\n## ");
  put_clean(m, a->name);
  put(m, " (");
  put_clean(m, a->id);
  put(m, ")\n\n");
  write_summary(m, a);
  write_ingredient_table(m, a);
  write_actions(m, p, a);
  write_data_quality(m, a);
  write_rules_in_status(m, a, PLAN_RULE_NOT_ASSESSED, "Rules not assessed", "Reason");
  write_rules_in_status(m, a, PLAN_RULE_ERROR, "Failed rules", "Message");
  write_customisations(m, a);
  if (p->explain) write_rule_details(m, a);
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
  markdown_writer m = {out, 0};
  put(&m, "# ");
  put_clean(&m, p->name);
  put(&m, "\n\nAssessment date: ");
  put_clean(&m, p->date);
  put(&m, ". Rules: ");
  put_size(&m, plan_count_rules(p, PLAN_RULE_ASSESSED));
  put(&m, " assessed, ");
  put_size(&m, plan_count_rules(p, PLAN_RULE_NOT_ASSESSED));
  put(&m, " not assessed, ");
  put_size(&m, plan_count_rules(p, PLAN_RULE_ERROR));
  put(&m, " failed.\n");
  for (size_t i = 0; i < p->authority_count; i++) write_authority(&m, p, &p->authorities[i]);
  write_errors(&m, p);

  if (!m.error && fflush(out) != 0) m.error = errno ? errno : EIO;
  if (m.error) {
    errno = m.error;
    return -1;
  }
  return 0;
}
