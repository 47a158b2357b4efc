/* report_values.c: the text of a plan's values, shared by every report writer; see
 * report_values.h. Pure functions over the plan: no output, no allocation. */
#include "report_values.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

/* ** {======================================================================
** Numbers.
** ======================================================================= */

/* "-0.0" and friends lose their sign: a rounded -0.04 is no score below zero. */
static void drop_negative_zero(char *buf) {
  if (buf[0] != '-') return;
  for (const char *c = buf + 1; *c; c++)
    if (*c != '0' && *c != '.') return;
  memmove(buf, buf + 1, strlen(buf));
}

/* Above this magnitude a double has no fractional digits worth showing, and scaling it
 * up for rounding could overflow. */
#define REPORT_INTEGRAL_LIMIT 1e15

/* Rounds half away from zero at `decimals` places, as a person or a spreadsheet would:
 * 71.25 gives 71.3 and 0.15 gives 0.2, where printf alone would round the binary value
 * (71.2, 0.1). Scaling first also means every writer rounds a figure the same way. */
static double round_decimal(double value, int decimals) {
  if (fabs(value) >= REPORT_INTEGRAL_LIMIT) return value;
  double scale = 1;
  for (int i = 0; i < decimals; i++) scale *= 10;
  return round(value * scale) / scale;
}

/* Below this magnitude, and with at most REPORT_DIGITS_DECIMALS places, a rounded figure
 * is printed digit by digit rather than by printf, which costs more than the rest of a
 * JSON plan together. The text is the same: round(value * 10^d) is then an exact integer
 * k, and the double nearest k / 10^d lies within 2^-24 of it (it is below 2^30), far
 * inside the half unit of the last decimal that printf's exact rounding allows. */
#define REPORT_DIGITS_LIMIT 1e9
#define REPORT_DIGITS_DECIMALS 6

/* printf's "%.*f" of round_decimal(value, decimals), within the limits above. Returns the
 * end of the text. */
static char *print_rounded_digits(char *buf, double value, int decimals) {
  double scale = 1;
  for (int i = 0; i < decimals; i++) scale *= 10;
  double units = round(value * scale); /* as round_decimal: the same integer */
  unsigned long long magnitude = (unsigned long long)fabs(units);
  char digits[32]; /* least significant first */
  int count = 0;
  do {
    digits[count++] = (char)('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude);
  while (count <= decimals) digits[count++] = '0'; /* "0.05", not ".05" */
  char *at = buf;
  if (units < 0) *at++ = '-'; /* a rounded -0.0 gets no sign, as drop_negative_zero wants */
  while (count > decimals) *at++ = digits[--count];
  if (decimals > 0) *at++ = '.';
  while (count > 0) *at++ = digits[--count];
  *at = '\0';
  return at;
}

/* Rounds to `decimals` places, prints them, then trims trailing zeros down to `keep`. */
static const char *format_trimmed(char *buf, double value, int decimals, int keep) {
  if (!isfinite(value)) {
    strcpy(buf, "null");
    return buf;
  }
  char *end;
  if (decimals <= REPORT_DIGITS_DECIMALS && fabs(value) < REPORT_DIGITS_LIMIT)
    end = print_rounded_digits(buf, value, decimals);
  else
    end = buf + snprintf(buf, REPORT_VALUE_SIZE, "%.*f", decimals, round_decimal(value, decimals));
  if (decimals > 0) {
    char *point = end - 1 - decimals; /* "%.*f" always shows exactly `decimals` digits */
    while (end > point + 1 + keep && end[-1] == '0') end--;
    if (end == point + 1) end--; /* no decimals left: drop the point too */
    *end = '\0';
  }
  drop_negative_zero(buf);
  return buf;
}

const char *report_score_text(char buf[REPORT_VALUE_SIZE], double value) {
  return format_trimmed(buf, value, 1, 1);
}

const char *report_whole_text(char buf[REPORT_VALUE_SIZE], double value) {
  return format_trimmed(buf, value, 0, 0);
}

const char *report_weight_text(char buf[REPORT_VALUE_SIZE], double value) {
  return format_trimmed(buf, value, 2, 1);
}

const char *report_percent_text(char buf[REPORT_VALUE_SIZE], double fraction) {
  /* round(fraction * 100) is exactly the rounding report_weight_text applies, scaled */
  if (isfinite(fraction) && fabs(fraction) < REPORT_INTEGRAL_LIMIT)
    return format_trimmed(buf, round(fraction * 100), 0, 0);
  return format_trimmed(buf, fraction * 100, 0, 0);
}

const char *report_measure_text(char buf[REPORT_VALUE_SIZE], double value) {
  if (isfinite(value) && fabs(value) < REPORT_INTEGRAL_LIMIT && value == trunc(value))
    return format_trimmed(buf, value, 0, 0);
  return format_trimmed(buf, value, 4, 0);
}

/* Decimals a share is given at most before it is said as "<0.01%" or ">99.99%". */
#define REPORT_SHARE_MAX_DECIMALS 2

const char *report_share_text(char buf[REPORT_VALUE_SIZE], double share) {
  if (!isfinite(share)) return format_trimmed(buf, share, 0, 0);
  double percent = share * 100;
  int strictly_between = share > 0 && share < 1;
  for (int decimals = 0; decimals <= REPORT_SHARE_MAX_DECIMALS; decimals++) {
    format_trimmed(buf, percent, decimals, 0);
    if (!strictly_between || (strcmp(buf, "0") != 0 && strcmp(buf, "100") != 0)) {
      strcat(buf, "%");
      return buf;
    }
  }
  return strcpy(buf, share < 0.5 ? "<0.01%" : ">99.99%");
}

const char *report_seconds_text(char buf[REPORT_VALUE_SIZE], double value) {
  return format_trimmed(buf, value, 6, 1);
}

const char *report_instructions_text(char buf[REPORT_VALUE_SIZE], long instructions) {
  enum { STEP = 1000 }; /* the sandbox's hook interval: counts are multiples of it */
  if (instructions < STEP) snprintf(buf, REPORT_VALUE_SIZE, "under %d", STEP);
  else snprintf(buf, REPORT_VALUE_SIZE, "%ld to %ld", instructions, instructions + STEP - 1);
  return buf;
}

const char *report_change_text(char buf[REPORT_VALUE_SIZE], double previous, double now) {
  if (!isfinite(previous) || !isfinite(now)) return strcpy(buf, REPORT_MISSING);
  /* the difference of the two scores as shown, so 81.9 -> 89.7 reads +7.8 beside them
   * (and in `sustain history`), never the +7.7 of the unrounded scores */
  char score[REPORT_VALUE_SIZE];
  double shown_now = strtod(report_score_text(score, now), NULL);
  double shown_previous = strtod(report_score_text(score, previous), NULL);
  const char *text = report_score_text(score, shown_now - shown_previous);
  int sign = text[0] != '-' && strcmp(text, "0.0") != 0;
  snprintf(buf, REPORT_VALUE_SIZE, "%s%s", sign ? "+" : "", text);
  return buf;
}

const char *report_count_text(char buf[REPORT_VALUE_SIZE], long count, int suppressed) {
  if (suppressed)
    strcpy(buf, REPORT_SUPPRESSED);
  else
    snprintf(buf, REPORT_VALUE_SIZE, "%ld", count);
  return buf;
}

/* }====================================================================== */

/* ** {======================================================================
** Words for the plan's states.
** ======================================================================= */

const char *report_status_words(plan_rule_status status) {
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

const char *report_status_name(plan_rule_status status) {
  switch (status) {
    case PLAN_RULE_ASSESSED:
      return "assessed";
    case PLAN_RULE_NOT_ASSESSED:
      return "not_assessed";
    case PLAN_RULE_ERROR:
      return "error";
  }
  return "error";
}

const char *report_reason_kind_name(plan_reason_kind kind) {
  switch (kind) {
    case PLAN_REASON_NONE:
      return NULL;
    case PLAN_REASON_NO_SOURCE:
      return "no_source";
    case PLAN_REASON_NO_ROWS:
      return "no_rows";
    case PLAN_REASON_DISABLED:
      return "disabled";
    case PLAN_REASON_STAGE:
      return "stage";
    case PLAN_REASON_RULE:
      return "rule";
  }
  return NULL;
}

const char *report_context_status_words(plan_rule_status status) {
  switch (status) {
    case PLAN_RULE_ASSESSED:
      return "shown";
    case PLAN_RULE_NOT_ASSESSED:
      return "not shown";
    case PLAN_RULE_ERROR:
      return "failed";
  }
  return "failed";
}

const char *report_evidence_text(char buf[REPORT_VALUE_SIZE], const plan_evidence *evidence) {
  switch (evidence->kind) {
    case PLAN_VALUE_NUMBER:
      if (!isfinite(evidence->number)) return REPORT_MISSING;
      return evidence->share ? report_share_text(buf, evidence->number)
                             : report_measure_text(buf, evidence->number);
    case PLAN_VALUE_TEXT:
      return evidence->text ? evidence->text : REPORT_MISSING;
    case PLAN_VALUE_BOOLEAN:
      return evidence->boolean ? "yes" : "no";
    case PLAN_VALUE_SUPPRESSED:
      return REPORT_SUPPRESSED;
  }
  return REPORT_MISSING;
}

static const char *const report_month_names[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

const char *report_date_words(char buf[REPORT_VALUE_SIZE], const char *date) {
  sx_date d;
  if (!date || date_parse(date, &d) != 0) return date ? date : REPORT_MISSING;
  snprintf(buf, REPORT_VALUE_SIZE, "%d %s %d", d.day, report_month_names[d.month - 1], d.year);
  return buf;
}

/* }====================================================================== */

/* ** {======================================================================
** Bands, counts and walks over the plan.
** ======================================================================= */

int report_band_index(const plan *p, double score, const char *band) {
  if (isnan(score) || p->band_count == 0) return -1;
  if (band) {
    for (size_t i = 0; i < p->band_count; i++)
      if (p->bands[i].label && strcmp(p->bands[i].label, band) == 0) return (int)i;
  }
  for (size_t i = 0; i < p->band_count; i++)
    if (score >= p->bands[i].min) return (int)i;
  return (int)p->band_count - 1; /* below every threshold */
}

report_band_position report_band_position_of(const plan *p, int band_index) {
  if (band_index < 0 || (size_t)band_index >= p->band_count) return REPORT_BAND_NONE;
  if (band_index == 0) return REPORT_BAND_TOP;
  if ((size_t)band_index + 1 == p->band_count) return REPORT_BAND_BOTTOM;
  return REPORT_BAND_MIDDLE;
}

void report_count_rules(const plan_ingredient *ingredient, size_t counts[3]) {
  counts[PLAN_RULE_ASSESSED] = counts[PLAN_RULE_NOT_ASSESSED] = counts[PLAN_RULE_ERROR] = 0;
  for (size_t i = 0; i < ingredient->rule_count; i++) {
    plan_rule_status status = ingredient->rules[i].status;
    if (status == PLAN_RULE_ASSESSED || status == PLAN_RULE_NOT_ASSESSED ||
        status == PLAN_RULE_ERROR)
      counts[status]++;
  }
}

const plan_rule *report_next_rule(const plan_authority *a, plan_rule_status status,
                                  report_rule_cursor *cursor) {
  while (cursor->ingredient < a->ingredient_count) {
    const plan_ingredient *ingredient = &a->ingredients[cursor->ingredient];
    while (cursor->rule < ingredient->rule_count) {
      const plan_rule *rule = &ingredient->rules[cursor->rule++];
      if (rule->status == status) return rule;
    }
    cursor->ingredient++;
    cursor->rule = 0;
  }
  return NULL;
}

size_t report_count_authority_rules(const plan_authority *a, plan_rule_status status) {
  report_rule_cursor cursor = {0, 0};
  size_t count = 0;
  while (report_next_rule(a, status, &cursor)) count++;
  return count;
}

int report_ingredient_counts(const plan_ingredient *ingredient) {
  /* an ingredient weighted 0 is shown beside the score, not part of it */
  return !isnan(ingredient->score) && ingredient->weight > 0;
}

/* The first ingredient with the highest (or lowest) score. */
static const plan_ingredient *extreme_ingredient(const plan_authority *a, int highest) {
  const plan_ingredient *found = NULL;
  for (size_t i = 0; i < a->ingredient_count; i++) {
    const plan_ingredient *ingredient = &a->ingredients[i];
    if (!report_ingredient_counts(ingredient)) continue;
    if (!found || (highest ? ingredient->score > found->score : ingredient->score < found->score))
      found = ingredient;
  }
  return found;
}

const plan_ingredient *report_strongest_ingredient(const plan_authority *a) {
  return extreme_ingredient(a, 1);
}

const plan_ingredient *report_weakest_ingredient(const plan_authority *a) {
  return extreme_ingredient(a, 0);
}

const char *report_ingredient_name(const plan_ingredient *ingredient) {
  return ingredient->title && *ingredient->title ? ingredient->title : ingredient->id;
}

const char *report_rule_name(const plan_rule *rule) {
  return rule->title && *rule->title ? rule->title : rule->id;
}

const plan_ingredient *report_find_ingredient(const plan_authority *a, const char *id) {
  for (size_t i = 0; id && i < a->ingredient_count; i++)
    if (a->ingredients[i].id && strcmp(a->ingredients[i].id, id) == 0) return &a->ingredients[i];
  return NULL;
}

const char *report_action_ingredient_name(const plan_authority *a, const plan_action *action) {
  const plan_ingredient *ingredient = report_find_ingredient(a, action->ingredient);
  return ingredient ? report_ingredient_name(ingredient) : action->ingredient;
}

/* Whether a rule's id is id; a plan read from elsewhere may lack either. */
static int has_id(const plan_rule *rule, const char *id) {
  return rule->id && id && strcmp(rule->id, id) == 0;
}

const char *report_rule_name_by_id(const plan_authority *a, const char *id) {
  for (size_t i = 0; i < a->ingredient_count; i++)
    for (size_t r = 0; r < a->ingredients[i].rule_count; r++)
      if (has_id(&a->ingredients[i].rules[r], id))
        return report_rule_name(&a->ingredients[i].rules[r]);
  for (size_t i = 0; i < a->context_count; i++)
    if (has_id(&a->context[i], id)) return report_rule_name(&a->context[i]);
  return id;
}

const char *report_action_name_by_id(const plan_authority *a, const char *id) {
  for (size_t i = 0; id && i < a->action_count; i++)
    if (a->actions[i].id && strcmp(a->actions[i].id, id) == 0)
      return a->actions[i].title && *a->actions[i].title ? a->actions[i].title : id;
  return id;
}

const char *report_rank_words(char buf[REPORT_RANK_WORDS_SIZE], const plan_authority *a,
                              const plan_action *action) {
  char number[REPORT_VALUE_SIZE], state[REPORT_VALUE_SIZE + 32], weight[REPORT_VALUE_SIZE + 32];
  const plan_ingredient *ingredient = report_find_ingredient(a, action->ingredient);
  if (!ingredient) {
    snprintf(buf, REPORT_RANK_WORDS_SIZE, "Ranked by impact for effort.");
    return buf;
  }
  /* an ingredient without a score ranks its actions as the weakest would (scoring.h) */
  if (isnan(ingredient->score))
    snprintf(state, sizeof state, "not scored (ranked as the weakest)");
  else
    snprintf(state, sizeof state, "at %s out of 100", report_whole_text(number, ingredient->score));
  weight[0] = '\0';
  if (action->terms.stage_weight != 1)
    snprintf(weight, sizeof weight, " and weighing %s at this stage",
             report_weight_text(number, action->terms.stage_weight));
  snprintf(buf, REPORT_RANK_WORDS_SIZE, "Ranked by impact for effort, with its ingredient %s%s.",
           state, weight);
  return buf;
}

const char *report_customisation_words(const plan_customisation *c) {
  static const struct {
    const char *kind, *words;
  } kinds[] = {{"added_rule", "Rule added for this authority"},
               {"replaced_rule", "Rule replaced by this authority's own"},
               {"disabled_rule", "Rule switched off"},
               {"weight", "Weight changed"}};
  for (size_t i = 0; c->kind && i < sizeof kinds / sizeof kinds[0]; i++)
    if (strcmp(c->kind, kinds[i].kind) == 0) return kinds[i].words;
  return c->kind ? c->kind : REPORT_MISSING;
}

const char *report_customisation_rule_name(const plan_authority *a, const plan_customisation *c) {
  return c->rule ? report_rule_name_by_id(a, c->rule) : NULL;
}

const char *report_context_counts(char buf[REPORT_VALUE_SIZE], const plan *p) {
  size_t shown = plan_count_context(p, PLAN_RULE_ASSESSED);
  size_t not_shown = plan_count_context(p, PLAN_RULE_NOT_ASSESSED);
  size_t failed = plan_count_context(p, PLAN_RULE_ERROR);
  if (shown + not_shown + failed == 0) return NULL;
  snprintf(buf, REPORT_VALUE_SIZE, "Context: %zu shown, %zu not shown, %zu failed", shown,
           not_shown, failed);
  return buf;
}

size_t report_first_count(const plan_authority *a) {
  size_t count = 0;
  while (count < a->action_count && a->actions[count].first) count++;
  return count;
}

/* }====================================================================== */
