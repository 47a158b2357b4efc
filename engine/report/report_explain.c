/* report_explain.c: the arithmetic behind an authority's scores; see report_explain.h. */
#include "report_explain.h"

#include <math.h>
#include <stdlib.h>

#include "report_values.h"
#include "scoring.h"

static void put(const report_explain_style *s, const char *text) { report_put(s->sink, text); }

static void put_clean(const report_explain_style *s, const char *text) {
  report_put_clean(s->sink, text ? text : REPORT_MISSING, s->escape);
}

static void put_score(const report_explain_style *s, double score) {
  char buf[REPORT_VALUE_SIZE];
  put(s, report_score_text(buf, score));
}

static void put_weight(const report_explain_style *s, double weight) {
  char buf[REPORT_VALUE_SIZE];
  put(s, report_weight_text(buf, weight));
}

static void put_times(const report_explain_style *s) { put(s, s->times); }

/* "(" before the first term of a sum, " + " before the others. */
static void put_term_start(const report_explain_style *s, size_t terms) {
  put(s, terms == 0 ? "(" : " + ");
}

/* ") / 2.5 = ", ending a sum of terms over its weights. */
static void put_sum_end(const report_explain_style *s, double weights) {
  put(s, ") / ");
  put_weight(s, weights);
  put(s, " = ");
}

/* "; not counted: " before the first of a list of what was left out, ", " before the rest. */
static void put_left_out_start(const report_explain_style *s, size_t listed) {
  put(s, listed == 0 ? "; not counted: " : ", ");
}

/* "2 not assessed" after the list's separator, when count is not 0. */
static void put_left_out_count(const report_explain_style *s, size_t *listed, size_t count,
                               const char *what) {
  if (count == 0) return;
  put_left_out_start(s, (*listed)++);
  report_put_size(s->sink, count);
  put(s, what);
}

void report_explain_ingredient(const report_explain_style *s, const plan_ingredient *g) {
  size_t terms = 0, weightless = 0, not_assessed = 0, failed = 0;
  double weights = 0;
  for (size_t i = 0; i < g->rule_count; i++) {
    const plan_rule *rule = &g->rules[i];
    not_assessed += rule->status == PLAN_RULE_NOT_ASSESSED;
    failed += rule->status == PLAN_RULE_ERROR;
    if (rule->status != PLAN_RULE_ASSESSED) continue;
    if (!(rule->weight > 0)) {
      weightless++;
      continue;
    }
    put_term_start(s, terms++);
    put_score(s, rule->score);
    put_times(s);
    put_weight(s, rule->weight);
    weights += rule->weight;
  }
  if (terms) {
    put_sum_end(s, weights);
    put_score(s, g->score);
  } else {
    put(s, weightless ? "not scored: every rule assessed weighs 0"
                      : "not scored: no rule was assessed");
  }
  size_t listed = 0;
  put_left_out_count(s, &listed, weightless, " of weight 0");
  put_left_out_count(s, &listed, not_assessed, " not assessed");
  put_left_out_count(s, &listed, failed, " failed");
}

void report_explain_overall(const report_explain_style *s, const plan_authority *a) {
  size_t terms = 0;
  double weights = 0;
  for (size_t i = 0; i < a->ingredient_count; i++) {
    const plan_ingredient *g = &a->ingredients[i];
    if (!report_ingredient_counts(g)) continue;
    put_term_start(s, terms++);
    put_score(s, g->score);
    put_times(s);
    put_weight(s, g->weight);
    weights += g->weight;
  }
  if (terms) {
    put_sum_end(s, weights);
    put_score(s, a->score);
  } else {
    put(s, "no overall score: no ingredient with a stage weight above 0 was scored");
  }
  size_t listed = 0;
  for (size_t i = 0; i < a->ingredient_count; i++) {
    const plan_ingredient *g = &a->ingredients[i];
    if (report_ingredient_counts(g)) continue;
    put_left_out_start(s, listed++);
    put_clean(s, report_ingredient_name(g));
    put(s, isnan(g->score) ? " (not scored)" : " (weight 0)");
  }
}

/* The stage weight of all the authority's ingredients. */
static double total_weight(const plan_authority *a) {
  double total = 0;
  for (size_t i = 0; i < a->ingredient_count; i++) total += a->ingredients[i].weight;
  return total;
}

/* " = 83%", or nothing to cover. */
static void put_percent_of(const report_explain_style *s, double fraction, double total) {
  char buf[REPORT_VALUE_SIZE];
  put(s, " / ");
  put_weight(s, total);
  put(s, " = ");
  put(s, isfinite(fraction) ? report_percent_text(buf, fraction) : "0");
  put(s, "%");
}

void report_explain_coverage(const report_explain_style *s, const plan_authority *a) {
  double total = total_weight(a), scored = 0;
  if (!(total > 0)) {
    put(s, "0%: the ingredients weigh nothing at this stage");
    return;
  }
  for (size_t i = 0; i < a->ingredient_count; i++)
    if (report_ingredient_counts(&a->ingredients[i])) scored += a->ingredients[i].weight;
  put_weight(s, scored);
  put_percent_of(s, a->coverage, total);
}

void report_explain_rule_coverage(const report_explain_style *s, const plan_authority *a) {
  double total = total_weight(a);
  if (!(total > 0)) {
    put(s, "0%: the ingredients weigh nothing at this stage");
    return;
  }
  size_t terms = 0;
  for (size_t i = 0; i < a->ingredient_count; i++) {
    const plan_ingredient *g = &a->ingredients[i];
    if (!report_ingredient_counts(g)) continue;
    put_term_start(s, terms++);
    put_weight(s, g->weight);
    put_times(s);
    put_weight(s, scoring_rules_assessed(g));
  }
  if (terms) put(s, ")");
  else put(s, "0");
  put_percent_of(s, a->rule_coverage, total);
}

void report_explain_band(const report_explain_style *s, const plan *p, const plan_authority *a) {
  char buf[REPORT_VALUE_SIZE];
  int band = report_band_index(p, a->score, a->band);
  if (band < 0) {
    put(s, isnan(a->score) ? "none: there is no overall score" : "none: the pack has no bands");
    return;
  }
  const plan_band *chosen = &p->bands[band], *above = band > 0 ? &p->bands[band - 1] : NULL;
  const char *score = report_score_text(buf, a->score);
  if (above && strtod(score, NULL) >= above->min) /* 69.96 reads 70.0: say 69.96 */
    score = report_measure_text(buf, a->score);
  put(s, score);
  if (chosen->min > 0 && a->score >= chosen->min) {
    put(s, " is at least ");
    put(s, report_measure_text(buf, chosen->min));
    if (above) put(s, " and below ");
  } else {
    put(s, above ? " is below " : " is in the only band");
  }
  if (above) put(s, report_measure_text(buf, above->min));
  put(s, ": ");
  put_clean(s, chosen->label);
}

void report_explain_write_lines(const report_explain_style *s, const plan *p,
                                const plan_authority *a, const char *item, const char *subitem) {
  put(s, item);
  put(s, REPORT_EXPLAIN_INGREDIENTS ":\n");
  for (size_t i = 0; i < a->ingredient_count; i++) {
    put(s, subitem);
    put_clean(s, report_ingredient_name(&a->ingredients[i]));
    put(s, ": ");
    report_explain_ingredient(s, &a->ingredients[i]);
    put(s, "\n");
  }
  static const struct {
    const char *label;
    void (*explain)(const report_explain_style *, const plan_authority *);
  } parts[] = {{REPORT_EXPLAIN_OVERALL, report_explain_overall},
               {REPORT_EXPLAIN_COVERAGE, report_explain_coverage},
               {REPORT_EXPLAIN_RULE_COVERAGE, report_explain_rule_coverage}};
  for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
    put(s, item);
    put(s, parts[i].label);
    put(s, ": ");
    parts[i].explain(s, a);
    put(s, "\n");
  }
  put(s, item);
  put(s, REPORT_EXPLAIN_BAND ": ");
  report_explain_band(s, p, a);
  put(s, "\n");
}
