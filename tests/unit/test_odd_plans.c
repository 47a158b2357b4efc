/* test_odd_plans.c: a property of every writer, over plans no example makes. Plans come
 * from fixed pseudo-random bytes through the fuzz target's builder (tests/fuzz/odd_plan.h),
 * and each is written again with one odd condition forced on it: every weight 0, no
 * scores, no actions, no ingredients, every figure suppressed, NaN wherever a plan holds a
 * number. Every writer must succeed, and its output must be valid UTF-8 that cannot drive
 * a terminal, with Markdown that makes no HTML or link (odd_plan_check_writers). */

/* cmocka.h needs these four first, in this order */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "odd_plan.h"

/* Plans per condition, and the bytes each is built from. */
#define ODD_PLANS 150
#define ODD_PLAN_BYTES 1024

/* xorshift64: the same bytes on every machine and every run. */
static void fill(uint8_t *bytes, size_t size, uint64_t seed) {
  uint64_t x = seed * 0x9E3779B97F4A7C15u + 1;
  for (size_t i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    bytes[i] = (uint8_t)(x >> 24);
  }
}

typedef void (*condition_fn)(plan *p);

static void as_built(plan *p) { (void)p; }

static void every_weight_zero(plan *p) {
  for (size_t a = 0; a < p->authority_count; a++) {
    plan_authority *au = &p->authorities[a];
    for (size_t i = 0; i < au->ingredient_count; i++) au->ingredients[i].weight = 0;
    au->score = NAN; /* as scoring leaves it: no weight, no overall score */
    au->band = NULL;
    au->coverage = 0;
  }
}

static void no_scores(plan *p) {
  for (size_t a = 0; a < p->authority_count; a++) {
    plan_authority *au = &p->authorities[a];
    au->score = NAN;
    au->band = NULL;
    for (size_t i = 0; i < au->ingredient_count; i++) {
      au->ingredients[i].score = NAN;
      for (size_t r = 0; r < au->ingredients[i].rule_count; r++)
        au->ingredients[i].rules[r].score = NAN;
    }
  }
}

static void no_actions(plan *p) {
  for (size_t a = 0; a < p->authority_count; a++) p->authorities[a].action_count = 0;
}

static void no_ingredients(plan *p) {
  for (size_t a = 0; a < p->authority_count; a++) p->authorities[a].ingredient_count = 0;
}

static void everything_suppressed(plan *p) {
  for (size_t a = 0; a < p->authority_count; a++) {
    plan_authority *au = &p->authorities[a];
    for (size_t i = 0; i < au->ingredient_count; i++)
      for (size_t r = 0; r < au->ingredients[i].rule_count; r++)
        for (size_t e = 0; e < au->ingredients[i].rules[r].evidence_count; e++)
          au->ingredients[i].rules[r].evidence[e].kind = PLAN_VALUE_SUPPRESSED;
    for (size_t d = 0; d < au->data_quality_count; d++) au->data_quality[d].suppressed = 1;
  }
}

static void nan_everywhere(plan *p) {
  for (size_t a = 0; a < p->authority_count; a++) {
    plan_authority *au = &p->authorities[a];
    au->score = au->coverage = NAN;
    for (size_t i = 0; i < au->ingredient_count; i++) {
      plan_ingredient *g = &au->ingredients[i];
      g->score = g->weight = g->previous = NAN;
      for (size_t r = 0; r < g->rule_count; r++) {
        g->rules[r].score = g->rules[r].weight = g->rules[r].seconds = NAN;
        for (size_t e = 0; e < g->rules[r].evidence_count; e++)
          g->rules[r].evidence[e].number = NAN;
      }
    }
    for (size_t i = 0; i < au->action_count; i++) {
      plan_action *action = &au->actions[i];
      action->impact = action->priority = NAN;
      action->terms = (plan_priority_terms){NAN, NAN, NAN, NAN, NAN};
    }
  }
}

/* Builds ODD_PLANS plans, forces the condition on each, and checks every writer. */
static void check_condition(condition_fn condition, const char *name) {
  uint8_t bytes[ODD_PLAN_BYTES];
  for (uint64_t seed = 1; seed <= ODD_PLANS; seed++) {
    fill(bytes, sizeof bytes, seed);
    odd_plan_bytes input = {bytes, sizeof bytes, 0};
    plan *p = odd_plan_build(&input);
    assert_non_null(p);
    condition(p);
    char problem[160];
    if (odd_plan_check_writers(p, problem, sizeof problem) != 0)
      fail_msg("%s, plan %llu: %s", name, (unsigned long long)seed, problem);
    plan_free(p);
  }
}

static void test_plans_as_built(void **state) {
  (void)state;
  check_condition(as_built, "as built");
}

static void test_every_weight_zero(void **state) {
  (void)state;
  check_condition(every_weight_zero, "every weight 0");
}

static void test_no_scores(void **state) {
  (void)state;
  check_condition(no_scores, "no scores");
}

static void test_no_actions(void **state) {
  (void)state;
  check_condition(no_actions, "no actions");
}

static void test_no_ingredients(void **state) {
  (void)state;
  check_condition(no_ingredients, "no ingredients");
}

static void test_everything_suppressed(void **state) {
  (void)state;
  check_condition(everything_suppressed, "everything suppressed");
}

static void test_nan_everywhere(void **state) {
  (void)state;
  check_condition(nan_everywhere, "NaN everywhere");
}

/* No bytes at all: a plan with no name, no date, no authorities and no errors. */
static void test_empty_plan(void **state) {
  (void)state;
  odd_plan_bytes none = {NULL, 0, 0};
  plan *p = odd_plan_build(&none);
  assert_non_null(p);
  assert_int_equal(p->authority_count, 0);
  char problem[160];
  if (odd_plan_check_writers(p, problem, sizeof problem) != 0) fail_msg("%s", problem);
  plan_free(p);
}

/* The generator reaches what the conditions rely on: long texts, hostile texts, several
 * authorities with ingredients, so the property is not vacuous. */
static void test_generator_reaches_odd_plans(void **state) {
  (void)state;
  uint8_t bytes[ODD_PLAN_BYTES];
  size_t authorities = 0, ingredients = 0, evidence = 0, actions = 0, context = 0;
  size_t found_by = 0, survival = 0;
  for (uint64_t seed = 1; seed <= ODD_PLANS; seed++) {
    fill(bytes, sizeof bytes, seed);
    odd_plan_bytes input = {bytes, sizeof bytes, 0};
    plan *p = odd_plan_build(&input);
    assert_non_null(p);
    authorities += p->authority_count;
    for (size_t a = 0; a < p->authority_count; a++) {
      ingredients += p->authorities[a].ingredient_count;
      actions += p->authorities[a].action_count;
      context += p->authorities[a].context_count;
      for (size_t k = 0; k < p->authorities[a].action_count; k++) {
        found_by += p->authorities[a].actions[k].found_by_count;
        survival += (size_t)p->authorities[a].actions[k].survival;
      }
      for (size_t i = 0; i < p->authorities[a].ingredient_count; i++)
        for (size_t r = 0; r < p->authorities[a].ingredients[i].rule_count; r++)
          evidence += p->authorities[a].ingredients[i].rules[r].evidence_count;
    }
    plan_free(p);
  }
  assert_true(authorities > ODD_PLANS);
  assert_true(ingredients > ODD_PLANS);
  assert_true(evidence > ODD_PLANS);
  assert_true(actions > ODD_PLANS);
  assert_true(context > ODD_PLANS);   /* the context section, */
  assert_true(found_by > ODD_PLANS);  /* merged gaps' finders */
  assert_true(survival > ODD_PLANS / 2); /* and the survival tier are reached too */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_generator_reaches_odd_plans),
      cmocka_unit_test(test_empty_plan),
      cmocka_unit_test(test_plans_as_built),
      cmocka_unit_test(test_every_weight_zero),
      cmocka_unit_test(test_no_scores),
      cmocka_unit_test(test_no_actions),
      cmocka_unit_test(test_no_ingredients),
      cmocka_unit_test(test_everything_suppressed),
      cmocka_unit_test(test_nan_everywhere),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
