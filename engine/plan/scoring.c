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

const char *scoring_band(double score, const plan_band *bands, size_t band_count) {
  if (isnan(score) || band_count == 0) return NULL;
  for (size_t i = 0; i < band_count; i++)
    if (score >= bands[i].min) return bands[i].label;
  return bands[band_count - 1].label;
}

void scoring_overall(plan_authority *a, const plan_band *bands, size_t band_count) {
  double sum = 0, assessed = 0, total = 0;
  for (size_t i = 0; i < a->ingredient_count; i++) {
    const plan_ingredient *ingredient = &a->ingredients[i];
    total += ingredient->weight;
    if (isnan(ingredient->score) || ingredient->weight <= 0) continue;
    sum += ingredient->score * ingredient->weight;
    assessed += ingredient->weight;
  }
  a->score = assessed > 0 ? sum / assessed : NAN;
  a->coverage = total > 0 ? assessed / total : 0;
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

/* Priorities compare as shown (one decimal), so the order never contradicts the
 * numbers a reader sees. */
static long shown(double priority) { return lround(priority * 10.0); }

static int compare_rank(const void *a, const void *b) {
  const plan_action *x = a, *y = b;
  long px = shown(x->priority), py = shown(y->priority);
  if (px != py) return px > py ? -1 : 1;
  return strcmp(x->id, y->id);
}

static int compare_id_then_priority(const void *a, const void *b) {
  const plan_action *x = a, *y = b;
  int order = strcmp(x->id, y->id);
  if (order) return order;
  return (x->priority < y->priority) - (x->priority > y->priority);
}

size_t scoring_rank(plan_action *actions, size_t count) {
  if (count == 0) return 0;
  /* one action per id: the highest priority (first proposed on a tie) */
  for (size_t i = 0; i < count; i++) actions[i].rank = (int)i; /* remember proposal order */
  qsort(actions, count, sizeof *actions, compare_id_then_priority);
  size_t kept = 0;
  for (size_t i = 0; i < count; i++) {
    if (kept && strcmp(actions[kept - 1].id, actions[i].id) == 0) {
      plan_action *best = &actions[kept - 1];
      if (actions[i].priority == best->priority && actions[i].rank < best->rank)
        *best = actions[i];
      continue;
    }
    actions[kept++] = actions[i];
  }
  qsort(actions, kept, sizeof *actions, compare_rank);
  for (size_t i = 0; i < kept; i++) actions[i].rank = (int)i + 1;
  return kept;
}
