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

static const plan_band bands[] = {{70, "likely sustained"}, {45, "fragile"}, {0, "at risk"}};

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
  size_t n = scoring_rank(actions, 6);
  assert_int_equal(n, 4);
  const char *order[] = {"d", "c", "a", "b"};
  for (size_t i = 0; i < n; i++) {
    assert_string_equal(actions[i].id, order[i]);
    assert_int_equal(actions[i].rank, (int)i + 1);
  }
  assert_float_equal(actions[1].priority, 30, 1e-9); /* the stronger duplicate was kept */
  assert_string_equal(actions[0].title, "first");    /* on a tie, the first proposed */
  assert_int_equal(scoring_rank(actions, 0), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ingredient_weighted_mean),
      cmocka_unit_test(test_overall_coverage_and_band),
      cmocka_unit_test(test_band_edges),
      cmocka_unit_test(test_priority_terms),
      cmocka_unit_test(test_rank_ties_and_duplicates),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
