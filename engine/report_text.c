/* report_text.c: the plan as text for a terminal. Colour is optional and only ever
 * added around text that is there anyway, so the coloured report with its escape codes
 * removed is the plain report byte for byte. Strings from data and rules are cleaned
 * (control characters, invalid UTF-8) so a plan can never drive the terminal. */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "json_writer.h"
#include "report.h"

/* ANSI SGR sequences; only written when colour is on. */
#define TEXT_BOLD "\033[1m"
#define TEXT_GREEN "\033[32m"
#define TEXT_YELLOW "\033[33m"
#define TEXT_RED "\033[31m"
#define TEXT_RESET "\033[0m"

/* Shown for a missing (NULL) string, so a gap in the plan is visible, not silent. */
#define TEXT_MISSING "-"

typedef struct text_writer {
  FILE *out;
  int color;
  int error; /* first errno from a failed write, 0 while fine */
} text_writer;

/* ** {======================================================================
** Output primitives: every byte goes through put, which records the first failure.
** ======================================================================= */

static void put_bytes(text_writer *t, const char *bytes, size_t n) {
  if (t->error || n == 0) return;
  if (fwrite(bytes, 1, n, t->out) != n) t->error = errno ? errno : EIO;
}

/* Our own literal text. */
static void put(text_writer *t, const char *text) { put_bytes(t, text, strlen(text)); }

static void put_spaces(text_writer *t, size_t n) {
  while (n-- > 0) put_bytes(t, " ", 1);
}

static void put_repeated(text_writer *t, char c, size_t n) {
  while (n-- > 0) put_bytes(t, &c, 1);
}

static void put_size(text_writer *t, size_t n) {
  char buf[32];
  snprintf(buf, sizeof buf, "%zu", n);
  put(t, buf);
}

/* Text from the plan: control characters become spaces (a newline would break the
 * layout, an escape would reach the terminal), invalid UTF-8 becomes U+FFFD. */
static void put_clean(text_writer *t, const char *s) {
  if (!s) s = TEXT_MISSING;
  size_t length = strlen(s);
  size_t run_start = 0, i = 0;
  while (i < length) {
    unsigned char c = (unsigned char)s[i];
    size_t consumed = 1;
    const char *replacement = NULL;
    if (c < 0x20 || c == 0x7f) {
      replacement = " ";
    } else if (c >= 0x80) {
      int valid;
      consumed = json_utf8_next(s + i, length - i, &valid);
      if (!valid) replacement = "\xEF\xBF\xBD";
    }
    if (replacement) {
      put_bytes(t, s + run_start, i - run_start);
      put(t, replacement);
      run_start = i + consumed;
    }
    i += consumed;
  }
  put_bytes(t, s + run_start, length - run_start);
}

/* Columns a cleaned string takes: one per character (code point). */
static size_t clean_width(const char *s) {
  if (!s) s = TEXT_MISSING;
  size_t length = strlen(s), width = 0, i = 0;
  while (i < length) {
    int valid;
    i += json_utf8_next(s + i, length - i, &valid);
    width++;
  }
  return width;
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

/* Green for the highest band, red for the lowest, yellow between; bands come highest
 * first. One band only is green: nothing ranks below it. */
static const char *band_color(const plan *p, size_t index) {
  if (index == 0) return TEXT_GREEN;
  if (index + 1 == p->band_count) return TEXT_RED;
  return TEXT_YELLOW;
}

/* The colour of a score: its band's, found by label when the plan names the band, else
 * by the thresholds. NULL (no colour) when there are no bands or no score. */
static const char *score_color(const plan *p, double score, const char *band) {
  if (isnan(score) || p->band_count == 0) return NULL;
  if (band) {
    for (size_t i = 0; i < p->band_count; i++)
      if (p->bands[i].label && strcmp(p->bands[i].label, band) == 0) return band_color(p, i);
  }
  for (size_t i = 0; i < p->band_count; i++)
    if (score >= p->bands[i].min) return band_color(p, i);
  return band_color(p, p->band_count - 1); /* below every threshold */
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

static void put_evidence_value(text_writer *t, const plan_evidence *e) {
  char buf[JSON_NUMBER_SIZE];
  switch (e->kind) {
    case PLAN_VALUE_NUMBER:
      put(t, isfinite(e->number) ? json_format_measure(buf, e->number) : TEXT_MISSING);
      return;
    case PLAN_VALUE_TEXT:
      put_clean(t, e->text);
      return;
    case PLAN_VALUE_BOOLEAN:
      put(t, e->boolean ? "yes" : "no");
      return;
    case PLAN_VALUE_SUPPRESSED:
      put(t, "c");
      return;
  }
}

/* }====================================================================== */

/* ** {======================================================================
** Sections of one authority.
** ======================================================================= */

static void write_overall(text_writer *t, const plan *p, const plan_authority *a) {
  char buf[JSON_NUMBER_SIZE];
  put(t, "Overall score: ");
  if (isnan(a->score)) {
    put(t, "not assessed");
  } else {
    const char *color = score_color(p, a->score, a->band);
    style_begin(t, color);
    put(t, json_format_score(buf, a->score));
    put(t, "/100");
    if (a->band) {
      put(t, ", ");
      put_clean(t, a->band);
    }
    style_end(t, color);
  }
  put(t, " (coverage ");
  put(t, isfinite(a->coverage) ? json_format_percent(buf, a->coverage) : "0");
  put(t, "%)\n");
}

/* The ingredient table: columns sized to their widest cell, counts right-aligned. */
static void write_ingredient_table(text_writer *t, const plan *p, const plan_authority *a) {
  static const char *const headers[6] = {"Ingredient", "Score",        "Weight",
                                         "Assessed",   "Not assessed", "Failed"};
  char buf[JSON_NUMBER_SIZE];
  char count_text[32];
  size_t widths[6];
  for (int c = 0; c < 6; c++) widths[c] = strlen(headers[c]);
  for (size_t i = 0; i < a->ingredient_count; i++) {
    const plan_ingredient *ingredient = &a->ingredients[i];
    size_t counts[3];
    count_rules(ingredient, counts);
    size_t cells[6] = {clean_width(ingredient->id),
                       isnan(ingredient->score) ? strlen("not assessed")
                                                : strlen(json_format_score(buf, ingredient->score)),
                       strlen(json_format_weight(buf, ingredient->weight)),
                       0,
                       0,
                       0};
    for (int c = 0; c < 3; c++)
      cells[3 + c] = (size_t)snprintf(count_text, sizeof count_text, "%zu", counts[c]);
    for (int c = 0; c < 6; c++)
      if (cells[c] > widths[c]) widths[c] = cells[c];
  }

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
    size_t counts[3];
    count_rules(ingredient, counts);
    put(t, "  ");
    put_clean(t, ingredient->id);
    put_spaces(t, widths[0] - clean_width(ingredient->id) + 2);

    const char *score_text =
        isnan(ingredient->score) ? "not assessed" : json_format_score(buf, ingredient->score);
    const char *color = score_color(p, ingredient->score, NULL);
    style_begin(t, color);
    put(t, score_text);
    style_end(t, color);
    put_spaces(t, widths[1] - strlen(score_text) + 2);

    const char *weight_text = json_format_weight(buf, ingredient->weight);
    put(t, weight_text);
    put_spaces(t, widths[2] - strlen(weight_text));
    for (int c = 0; c < 3; c++) {
      size_t n = (size_t)snprintf(count_text, sizeof count_text, "%zu", counts[c]);
      put_spaces(t, 2 + widths[3 + c] - n);
      put(t, count_text);
    }
    put(t, "\n");
  }
}

static void write_actions(text_writer *t, const plan *p, const plan_authority *a) {
  char buf[JSON_NUMBER_SIZE];
  put(t, "\n");
  put_heading(t, "Ranked actions");
  if (a->action_count == 0) {
    put(t, "  none\n");
    return;
  }
  /* ranks right-aligned so every title starts in one column */
  int rank_width = 1;
  for (size_t i = 0; i < a->action_count; i++) {
    int n = snprintf(buf, sizeof buf, "%d", a->actions[i].rank);
    if (n > rank_width) rank_width = n;
  }
  size_t indent = 2 + (size_t)rank_width + 2;
  for (size_t i = 0; i < a->action_count; i++) {
    const plan_action *action = &a->actions[i];
    snprintf(buf, sizeof buf, "  %*d. ", rank_width, action->rank);
    put(t, buf);
    put_clean(t, action->title);
    put(t, "\n");
    put_spaces(t, indent);
    put(t, "ingredient: ");
    put_clean(t, action->ingredient);
    put(t, "; owner: ");
    put_clean(t, action->owner);
    put(t, "; effort: ");
    put_clean(t, action->effort);
    put(t, "; impact: ");
    put(t, json_format_score(buf, action->impact));
    put(t, "; priority: ");
    put(t, json_format_score(buf, action->priority));
    put(t, "\n");
    if (p->explain) {
      put_spaces(t, indent);
      put(t, "priority = impact ");
      put(t, json_format_score(buf, action->terms.impact));
      put(t, " x stage weight ");
      put(t, json_format_weight(buf, action->terms.stage_weight));
      put(t, " x weakness ");
      put(t, json_format_measure(buf, action->terms.weakness));
      put(t, " x urgency ");
      put(t, json_format_measure(buf, action->terms.urgency));
      put(t, " / effort cost ");
      put(t, json_format_measure(buf, action->terms.effort_cost));
      put(t, "\n");
    }
    put_spaces(t, indent + 2);
    put(t, "Why: ");
    put_clean(t, action->why);
    put(t, "\n");
  }
}

static void write_data_quality(text_writer *t, const plan_authority *a) {
  if (a->data_quality_count == 0) return;
  put(t, "\n");
  put_heading(t, "Data quality");
  for (size_t i = 0; i < a->data_quality_count; i++) {
    const plan_data_quality *dq = &a->data_quality[i];
    char count_text[32];
    if (dq->suppressed)
      strcpy(count_text, "c");
    else
      snprintf(count_text, sizeof count_text, "%ld", dq->count);
    put(t, "  - ");
    put_clean(t, dq->table);
    put(t, " / ");
    put_clean(t, dq->check);
    put(t, " (count ");
    put(t, count_text);
    put(t, "): ");
    put_clean(t, dq->message);
    put(t, "\n");
  }
}

/* Rules in one status, with their reason or message; nothing when there are none. */
static void write_rules_in_status(text_writer *t, const plan_authority *a, plan_rule_status status,
                                  const char *heading) {
  int any = 0;
  for (size_t i = 0; i < a->ingredient_count; i++) {
    const plan_ingredient *ingredient = &a->ingredients[i];
    for (size_t r = 0; r < ingredient->rule_count; r++) {
      const plan_rule *rule = &ingredient->rules[r];
      if (rule->status != status) continue;
      if (!any) {
        put(t, "\n");
        put_heading(t, heading);
        any = 1;
      }
      put(t, "  - ");
      put_clean(t, rule->id);
      put(t, ": ");
      put_clean(t, status == PLAN_RULE_ERROR ? rule->message : rule->reason);
      put(t, "\n");
    }
  }
}

static void write_customisations(text_writer *t, const plan_authority *a) {
  if (a->customisation_count == 0) return;
  put(t, "\n");
  put_heading(t, "Customisations");
  for (size_t i = 0; i < a->customisation_count; i++) {
    const plan_customisation *c = &a->customisations[i];
    put(t, "  - ");
    put_clean(t, c->kind);
    if (c->rule) {
      put(t, " ");
      put_clean(t, c->rule);
    }
    put(t, ": ");
    put_clean(t, c->reason);
    put(t, "\n");
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

/* --explain: every rule with its score, cost and evidence. */
static void write_rule_details(text_writer *t, const plan_authority *a) {
  char buf[JSON_NUMBER_SIZE];
  put(t, "\n");
  put_heading(t, "Rule details");
  for (size_t i = 0; i < a->ingredient_count; i++) {
    const plan_ingredient *ingredient = &a->ingredients[i];
    for (size_t r = 0; r < ingredient->rule_count; r++) {
      const plan_rule *rule = &ingredient->rules[r];
      put(t, "  ");
      put_clean(t, rule->id);
      put(t, ": ");
      put(t, status_words(rule->status));
      if (rule->status == PLAN_RULE_ASSESSED) {
        put(t, ", score ");
        put(t, isfinite(rule->score) ? json_format_score(buf, rule->score) : TEXT_MISSING);
      }
      put(t, ", ");
      put(t, json_format_seconds(buf, rule->seconds));
      snprintf(buf, sizeof buf, " s, %ld instructions\n", rule->instructions);
      put(t, buf);
      for (size_t e = 0; e < rule->evidence_count; e++) {
        put(t, "    ");
        put_clean(t, rule->evidence[e].label);
        put(t, ": ");
        put_evidence_value(t, &rule->evidence[e]);
        put(t, "\n");
      }
    }
  }
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
  put_repeated(t, '-', width);
  put(t, "\n");
  write_overall(t, p, a);
  put(t, "\n");
  write_ingredient_table(t, p, a);
  write_actions(t, p, a);
  write_data_quality(t, a);
  write_rules_in_status(t, a, PLAN_RULE_NOT_ASSESSED, "Rules not assessed");
  write_rules_in_status(t, a, PLAN_RULE_ERROR, "Failed rules");
  write_customisations(t, a);
  if (p->explain) write_rule_details(t, a);
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
  put_repeated(t, '-', strlen("Errors"));
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

int report_write_text(const plan *p, FILE *out, int color) {
  text_writer t = {out, color != 0, 0};
  style_begin(&t, TEXT_BOLD);
  put_clean(&t, p->name);
  style_end(&t, TEXT_BOLD);
  put(&t, "\n");
  put_repeated(&t, '=', clean_width(p->name));
  put(&t, "\nAssessment date: ");
  put_clean(&t, p->date);
  put(&t, "\nRules: ");
  put_size(&t, plan_count_rules(p, PLAN_RULE_ASSESSED));
  put(&t, " assessed, ");
  put_size(&t, plan_count_rules(p, PLAN_RULE_NOT_ASSESSED));
  put(&t, " not assessed, ");
  put_size(&t, plan_count_rules(p, PLAN_RULE_ERROR));
  put(&t, " failed\n");
  for (size_t i = 0; i < p->authority_count; i++) write_authority(&t, p, &p->authorities[i]);
  write_errors(&t, p);

  if (!t.error && fflush(out) != 0) t.error = errno ? errno : EIO;
  if (t.error) {
    errno = t.error;
    return -1;
  }
  return 0;
}
