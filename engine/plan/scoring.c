/* scoring.c: scores, bands and action ranking; the formulas are in scoring.h. */
#include "scoring.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double scoring_ingredient(const plan_ingredient *ingredient) {
  double sum = 0, weights = 0;
  for (size_t i = 0; i < ingredient->rule_count; i++) {
    const plan_rule *rule = &ingredient->rules[i];
    if (rule->status != PLAN_RULE_ASSESSED) continue;
    sum += rule->score * rule->weight;
    weights += rule->weight;
  }
  return weights > 0 ? sum / weights : NAN;
}

double scoring_rules_assessed(const plan_ingredient *ingredient) {
  double assessed = 0, planned = 0;
  for (size_t i = 0; i < ingredient->rule_count; i++) {
    const plan_rule *rule = &ingredient->rules[i];
    /* a rule for another stage was never part of the plan at this one */
    if (rule->status == PLAN_RULE_NOT_ASSESSED && rule->reason_kind == PLAN_REASON_STAGE) continue;
    planned += rule->weight;
    if (rule->status == PLAN_RULE_ASSESSED) assessed += rule->weight;
  }
  return planned > 0 ? assessed / planned : 0;
}

const char *scoring_band(double score, const plan_band *bands, size_t band_count) {
  if (isnan(score) || band_count == 0) return NULL;
  for (size_t i = 0; i < band_count; i++)
    if (score >= bands[i].min) return bands[i].label;
  return bands[band_count - 1].label;
}

void scoring_overall(plan_authority *a, const plan_band *bands, size_t band_count) {
  double sum = 0, assessed = 0, total = 0, rules = 0;
  for (size_t i = 0; i < a->ingredient_count; i++) {
    const plan_ingredient *ingredient = &a->ingredients[i];
    total += ingredient->weight;
    if (isnan(ingredient->score) || ingredient->weight <= 0) continue;
    sum += ingredient->score * ingredient->weight;
    assessed += ingredient->weight;
    rules += ingredient->weight * scoring_rules_assessed(ingredient);
  }
  a->score = assessed > 0 ? sum / assessed : NAN;
  a->coverage = total > 0 ? assessed / total : 0;
  a->rule_coverage = total > 0 ? rules / total : 0;
  a->band = scoring_band(a->score, bands, band_count);
}

void scoring_prioritise(plan_action *action, double ingredient_score, double stage_weight,
                        double urgency, double effort_cost) {
  double weakness = isnan(ingredient_score) ? 2.0 : 1.0 + (100.0 - ingredient_score) / 100.0;
  action->terms = (plan_priority_terms){action->impact, stage_weight, weakness, urgency,
                                        effort_cost};
  action->priority = effort_cost > 0
                         ? action->impact * stage_weight * weakness * urgency / effort_cost
                         : 0;
}

/* ** {======================================================================
** One action per gap.
** ======================================================================= */

static const char *gap_of(const plan_action *action) {
  return action->gap ? action->gap : action->id;
}

/* Within a gap, the proposal that ranks highest first: survival, then the exact
 * priority, then the order of proposal (kept in rank while merging). */
static int compare_gap_then_best(const void *a, const void *b) {
  const plan_action *x = a, *y = b;
  int order = strcmp(gap_of(x), gap_of(y));
  if (order) return order;
  if (x->survival != y->survival) return x->survival ? -1 : 1;
  if (x->priority != y->priority) return x->priority > y->priority ? -1 : 1;
  return (x->rank > y->rank) - (x->rank < y->rank);
}

/* The proposal of group[0..n) next after order `after` in the order they were proposed
 * (kept in rank while merging), or NULL when there is none. */
static const plan_action *next_proposed(const plan_action *group, size_t n, int after) {
  const plan_action *found = NULL;
  for (size_t i = 0; i < n; i++)
    if (group[i].rank > after && (!found || group[i].rank < found->rank)) found = &group[i];
  return found;
}

/* The rules of one gap's proposals (group[0..n), best first): the best proposal's rule,
 * then the others in proposal order, once each. */
static int merge_found_by(arena *a, plan_action *best, const plan_action *group, size_t n) {
  const char **rules = arena_alloc(a, (n + 1) * sizeof *rules);
  if (!rules) return -1;
  size_t count = 0;
  if (group[0].rule) rules[count++] = group[0].rule;
  for (const plan_action *p = next_proposed(group, n, -1); p; p = next_proposed(group, n, p->rank)) {
    int seen = !p->rule;
    for (size_t k = 0; k < count && !seen; k++) seen = strcmp(rules[k], p->rule) == 0;
    if (!seen) rules[count++] = p->rule;
  }
  best->found_by = rules;
  best->found_by_count = count;
  return 0;
}

/* The best proposal's why, then, in proposal order, each other proposal's why that says
 * something it does not already say, so a gap found twice reads once. */
static int merge_why(arena *a, plan_action *best, const plan_action *group, size_t n) {
  const char *why = best->why;
  for (const plan_action *p = next_proposed(group, n, -1); p && why;
       p = next_proposed(group, n, p->rank)) {
    if (p == group || !p->why || !*p->why || strstr(why, p->why)) continue;
    why = *why ? arena_printf(a, "%s %s", why, p->why) : p->why;
    if (!why) return -1;
  }
  best->why = why;
  return 0;
}

/* }====================================================================== */

/* Priorities compare as shown (one decimal), so the order never contradicts the
 * numbers a reader sees. */
static long shown(double priority) { return lround(priority * 10.0); }

static int compare_rank(const void *a, const void *b) {
  const plan_action *x = a, *y = b;
  if (x->survival != y->survival) return x->survival ? -1 : 1;
  long px = shown(x->priority), py = shown(y->priority);
  if (px != py) return px > py ? -1 : 1;
  return strcmp(x->id, y->id);
}

void scoring_mark_first(plan_action *actions, size_t count) {
  long leader = -1; /* the highest ordinary priority, as shown */
  size_t marked = 0;
  for (size_t i = 0; i < count; i++) actions[i].first = 0;
  for (size_t i = 0; i < count && marked < SCORING_FIRST_MAX; i++) {
    plan_action *action = &actions[i];
    if (!action->survival) {
      if (leader < 0) leader = shown(action->priority);
      if ((double)shown(action->priority) < SCORING_FIRST_SHARE * (double)leader) break;
    }
    action->first = 1;
    marked++;
  }
}

int scoring_rank(arena *a, plan_action *actions, size_t *count) {
  size_t n = *count;
  if (n == 0) return 0;
  for (size_t i = 0; i < n; i++) actions[i].rank = (int)i; /* remember proposal order */
  qsort(actions, n, sizeof *actions, compare_gap_then_best);
  size_t kept = 0;
  for (size_t start = 0; start < n;) {
    size_t end = start + 1;
    while (end < n && strcmp(gap_of(&actions[start]), gap_of(&actions[end])) == 0) end++;
    plan_action best = actions[start];
    for (size_t i = start; i < end; i++) best.survival |= actions[i].survival;
    best.gap = gap_of(&actions[start]);
    if (merge_found_by(a, &best, &actions[start], end - start) != 0 ||
        merge_why(a, &best, &actions[start], end - start) != 0)
      return -1;
    actions[kept++] = best;
    start = end;
  }
  qsort(actions, kept, sizeof *actions, compare_rank);
  for (size_t i = 0; i < kept; i++) actions[i].rank = (int)i + 1;
  scoring_mark_first(actions, kept);
  *count = kept;
  return 0;
}
