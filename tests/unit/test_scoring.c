/* test_scoring.c: ingredient and overall scores, bands, coverage, priorities and
 * the deterministic ranking, each against a hand computation. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scoring.h"

static const plan_band bands[] = {{70, "likely sustained", NULL}, {45, "fragile", NULL}, {0, "at risk", NULL}};

static void test_ingredient_weighted_mean(void **state) {
  (void)state;
  plan_rule rules[] = {
      {.status = PLAN_RULE_ASSESSED, .score = 80, .weight = 1},
      {.status = PLAN_RULE_ASSESSED, .score = 20, .weight = 3},
      {.status = PLAN_RULE_NOT_ASSESSED, .score = NAN, .weight = 5},
      {.status = PLAN_RULE_ERROR, .score = NAN, .weight = 5},
  };
  plan_ingredient ingredient = {.rules = rules, .rule_count = 4};
  /* (80*1 + 20*3) / 4 = 35: failed and unassessed rules count for nothing */
  assert_float_equal(scoring_ingredient(&ingredient), 35.0, 1e-9);
  ingredient.rule_count = 0;
  assert_true(isnan(scoring_ingredient(&ingredient)));
  ingredient.rules = rules + 2;
  ingredient.rule_count = 2;
  assert_true(isnan(scoring_ingredient(&ingredient))); /* never a silent zero */
}

static void test_overall_coverage_and_band(void **state) {
  (void)state;
  plan_ingredient ingredients[] = {
      {.score = 60, .weight = 1.5},
      {.score = 90, .weight = 0.5},
      {.score = NAN, .weight = 2.0},
  };
  plan_authority a = {.ingredients = ingredients, .ingredient_count = 3};
  scoring_overall(&a, bands, 3);
  /* (60*1.5 + 90*0.5) / 2 = 67.5; coverage 2 / 4 */
  assert_float_equal(a.score, 67.5, 1e-9);
  assert_float_equal(a.coverage, 0.5, 1e-9);
  assert_string_equal(a.band, "fragile");
  ingredients[0].score = ingredients[1].score = NAN;
  scoring_overall(&a, bands, 3);
  assert_true(isnan(a.score));
  assert_null(a.band);
  assert_float_equal(a.coverage, 0.0, 1e-9);
}

static void test_band_edges(void **state) {
  (void)state;
  assert_string_equal(scoring_band(70, bands, 3), "likely sustained");
  assert_string_equal(scoring_band(69.999, bands, 3), "fragile");
  assert_string_equal(scoring_band(45, bands, 3), "fragile");
  assert_string_equal(scoring_band(0, bands, 3), "at risk");
  assert_null(scoring_band(NAN, bands, 3));
}

static void test_priority_terms(void **state) {
  (void)state;
  plan_action action = {.id = "x", .impact = 15};
  scoring_prioritise(&action, 40, 1.2, 1.5, 2);
  /* 15 * 1.2 * (1 + 60/100) * 1.5 / 2 = 21.6 */
  assert_float_equal(action.priority, 21.6, 1e-9);
  assert_float_equal(action.terms.weakness, 1.6, 1e-9);
  assert_float_equal(action.terms.effort_cost, 2, 1e-9);
  scoring_prioritise(&action, NAN, 1, 1, 1);
  assert_float_equal(action.terms.weakness, 2.0, 1e-9); /* nothing known: weakest */
}

static void test_rule_coverage(void **state) {
  (void)state;
  plan_rule three[] = {
      {.status = PLAN_RULE_ASSESSED, .score = 50, .weight = 1},
      {.status = PLAN_RULE_ASSESSED, .score = 50, .weight = 1},
      {.status = PLAN_RULE_NOT_ASSESSED, .score = NAN, .weight = 2,
       .reason_kind = PLAN_REASON_NO_SOURCE},
      /* a rule for another stage is not part of the plan at this one */
      {.status = PLAN_RULE_NOT_ASSESSED, .score = NAN, .weight = 7,
       .reason_kind = PLAN_REASON_STAGE},
  };
  plan_rule whole[] = {{.status = PLAN_RULE_ASSESSED, .score = 80, .weight = 1},
                       {.status = PLAN_RULE_ASSESSED, .score = 90, .weight = 0}};
  plan_rule failed[] = {{.status = PLAN_RULE_ERROR, .score = NAN, .weight = 1}};
  plan_ingredient ingredients[] = {
      {.score = 50, .weight = 2, .rules = three, .rule_count = 4},
      {.score = 80, .weight = 1, .rules = whole, .rule_count = 2},
      {.score = NAN, .weight = 1, .rules = failed, .rule_count = 1},
  };
  /* 2 of 4 rule weight assessed; all of it; none */
  assert_float_equal(scoring_rules_assessed(&ingredients[0]), 0.5, 1e-9);
  assert_float_equal(scoring_rules_assessed(&ingredients[1]), 1.0, 1e-9);
  assert_float_equal(scoring_rules_assessed(&ingredients[2]), 0.0, 1e-9);
  plan_authority a = {.ingredients = ingredients, .ingredient_count = 3};
  scoring_overall(&a, bands, 3);
  /* ingredients: 3 of 4 weight scored; rules: (2 x 0.5 + 1 x 1) / 4 */
  assert_float_equal(a.coverage, 0.75, 1e-9);
  assert_float_equal(a.rule_coverage, 0.5, 1e-9);
  /* every rule of every ingredient assessed: both are whole */
  three[2].status = PLAN_RULE_ASSESSED;
  three[2].score = 50;
  failed[0] = (plan_rule){.status = PLAN_RULE_ASSESSED, .score = 10, .weight = 1};
  ingredients[2].score = 10;
  scoring_overall(&a, bands, 3);
  assert_float_equal(a.coverage, 1.0, 1e-9);
  assert_float_equal(a.rule_coverage, 1.0, 1e-9);
}

/* Ranks actions[0..n) with a fresh arena, which *keep receives for freeing. */
static size_t rank(plan_action *actions, size_t n, arena **keep) {
  *keep = arena_new();
  assert_non_null(*keep);
  assert_int_equal(scoring_rank(*keep, actions, &n), 0);
  return n;
}

static void test_rank_ties_and_duplicates(void **state) {
  (void)state;
  plan_action actions[] = {
      {.id = "b", .priority = 10.04}, /* shows as 10.0: ties with "a" */
      {.id = "c", .priority = 30},
      {.id = "a", .priority = 10.0},
      {.id = "c", .priority = 5, .title = "weaker duplicate"},
      {.id = "d", .priority = 31, .title = "first"},
      {.id = "d", .priority = 31, .title = "second"},
  };
  arena *a;
  size_t n = rank(actions, 6, &a);
  assert_int_equal(n, 4);
  const char *order[] = {"d", "c", "a", "b"};
  for (size_t i = 0; i < n; i++) {
    assert_string_equal(actions[i].id, order[i]);
    assert_int_equal(actions[i].rank, (int)i + 1);
    assert_string_equal(actions[i].gap, order[i]); /* no gap given: the id is the gap */
  }
  assert_float_equal(actions[1].priority, 30, 1e-9); /* the stronger duplicate was kept */
  assert_string_equal(actions[0].title, "first");    /* on a tie, the first proposed */
  size_t none = 0;
  assert_int_equal(scoring_rank(a, actions, &none), 0);
  assert_int_equal(none, 0);
  arena_free(a);
}

/* Several rules finding one gap make one action: the best proposal's texts, every rule
 * that found it (the best proposal's first, then in the order they ran), and each
 * different why once. */
static void test_gap_merges_proposals(void **state) {
  (void)state;
  plan_action actions[] = {
      /* proposed first, but weaker: listed after the best proposal's rule */
      {.id = "leadership.name_middle", .gap = "leadership.levels", .rule = "leadership.hybrid_first",
       .title = "Name a middle manager", .why = "No middle manager.", .priority = 2},
      {.id = "leadership.name_champions", .gap = "leadership.levels", .rule = "leadership.distributed",
       .title = "Name a leader at each level", .why = "Only 2 of 3 levels have a leader.",
       .priority = 40},
      {.id = "other", .rule = "x.other", .why = "Unrelated.", .priority = 45},
      {.id = "leadership.replace_champion", .gap = "leadership.levels", .rule = "leadership.continuity",
       .title = "Replace the champion who left", .why = "The frontline champion left.",
       .priority = 12},
      /* the same finding again, from a third rule: its why is not repeated */
      {.id = "leadership.name_champions", .gap = "leadership.levels", .rule = "leadership.hybrid",
       .title = "Name a leader at each level", .why = "Only 2 of 3 levels have a leader.",
       .priority = 8},
      /* the continuity rule proposes twice: it is listed once */
      {.id = "leadership.replace_again", .gap = "leadership.levels", .rule = "leadership.continuity",
       .why = "The frontline champion left.", .priority = 1},
  };
  arena *a;
  size_t n = rank(actions, 6, &a);
  assert_int_equal(n, 2);
  assert_string_equal(actions[0].id, "other");
  const plan_action *merged = &actions[1];
  assert_string_equal(merged->gap, "leadership.levels");
  assert_string_equal(merged->id, "leadership.name_champions");
  assert_string_equal(merged->title, "Name a leader at each level");
  assert_string_equal(merged->rule, "leadership.distributed");
  assert_float_equal(merged->priority, 40, 1e-9);
  assert_string_equal(merged->why, "Only 2 of 3 levels have a leader. No middle manager. The "
                                   "frontline champion left.");
  assert_int_equal(merged->found_by_count, 4);
  assert_string_equal(merged->found_by[0], "leadership.distributed");
  assert_string_equal(merged->found_by[1], "leadership.hybrid_first");
  assert_string_equal(merged->found_by[2], "leadership.continuity");
  assert_string_equal(merged->found_by[3], "leadership.hybrid");
  assert_int_equal(actions[0].found_by_count, 1);
  assert_string_equal(actions[0].found_by[0], "x.other");
  arena_free(a);
}

/* An action that decides whether the service exists at all outranks every other,
 * whatever its priority; within a tier, priority then id. */
static void test_survival_tier(void **state) {
  (void)state;
  plan_action actions[] = {
      {.id = "governance.refine", .priority = 47.6},
      {.id = "funding.budget_line", .priority = 3.2, .survival = 1},
      {.id = "funding.business_case", .priority = 3.2, .survival = 1},
      {.id = "funding.bridge", .priority = 9.0, .survival = 1},
      {.id = "governance.other", .priority = 20},
  };
  arena *a;
  size_t n = rank(actions, 5, &a);
  const char *order[] = {"funding.bridge", "funding.budget_line", "funding.business_case",
                         "governance.refine", "governance.other"};
  for (size_t i = 0; i < n; i++) assert_string_equal(actions[i].id, order[i]);
  arena_free(a);
  /* a gap is survival when any of its proposals is, and the survival proposal's texts win */
  plan_action gap[] = {
      {.id = "x.cheap", .gap = "funding", .title = "cheap", .priority = 60, .rule = "r1"},
      {.id = "x.case", .gap = "funding", .title = "case", .priority = 5, .survival = 1,
       .rule = "r2"},
      {.id = "y", .priority = 50},
  };
  n = rank(gap, 3, &a);
  assert_int_equal(n, 2);
  assert_string_equal(gap[0].gap, "funding");
  assert_true(gap[0].survival);
  assert_string_equal(gap[0].title, "case");
  assert_int_equal(gap[0].rank, 1);
  arena_free(a);
}

static void test_first_actions(void **state) {
  (void)state;
  /* survival first; then ordinary ones while at least half the first ordinary priority */
  plan_action actions[] = {
      {.survival = 1, .priority = 2}, {.priority = 40}, {.priority = 25}, {.priority = 20.04},
      {.priority = 19.9},             {.priority = 19.8},
  };
  scoring_mark_first(actions, 6);
  /* 20.04 shows as 20.0, exactly half of 40.0: still first; 19.9 is not */
  const int first[] = {1, 1, 1, 1, 0, 0};
  for (size_t i = 0; i < 6; i++) assert_int_equal(actions[i].first, first[i]);
  /* never more than five, even when all are close */
  plan_action close[7];
  for (size_t i = 0; i < 7; i++) close[i] = (plan_action){.priority = 30 - (double)i};
  scoring_mark_first(close, 7);
  size_t marked = 0;
  for (size_t i = 0; i < 7; i++) marked += close[i].first;
  assert_int_equal(marked, SCORING_FIRST_MAX);
  assert_true(close[4].first && !close[5].first);
  /* one action is all there is to do first */
  plan_action one = {.priority = 0.1};
  scoring_mark_first(&one, 1);
  assert_true(one.first);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ingredient_weighted_mean),
      cmocka_unit_test(test_overall_coverage_and_band),
      cmocka_unit_test(test_band_edges),
      cmocka_unit_test(test_priority_terms),
      cmocka_unit_test(test_rule_coverage),
      cmocka_unit_test(test_rank_ties_and_duplicates),
      cmocka_unit_test(test_gap_merges_proposals),
      cmocka_unit_test(test_survival_tier),
      cmocka_unit_test(test_first_actions),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
