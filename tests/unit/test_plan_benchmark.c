/* test_plan_benchmark.c: a benchmark's ranks, neighbours' average and quartile
 * (plan_benchmark_rank), against hand counts: the quartile boundaries for eleven
 * places, ties, figures that are missing or suppressed, lower-is-better, and too few
 * places for a quartile. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "plan_benchmark.h"

/* A benchmark of the authority's figure and n neighbours' figures (NAN: none). */
static plan_benchmark make(double own, const double *values, size_t n,
                           plan_benchmark_place *places) {
  for (size_t i = 0; i < n; i++) places[i] = (plan_benchmark_place){.name = "n", .value = values[i]};
  plan_benchmark b = {.higher_is_better = 1, .authority = {.name = "here", .value = own},
                      .neighbours = places, .neighbour_count = n};
  plan_benchmark_rank(&b);
  return b;
}

static void test_quartiles_of_eleven(void **state) {
  (void)state;
  const double ten[] = {95, 85, 75, 65, 55, 45, 35, 25, 15, 5};
  plan_benchmark_place places[10];
  /* the authority's figure placed at each rank 1..11 among ten distinct neighbours:
   * A when 4 * rank <= 11 (ranks 1-2), B <= 22 (3-5), C <= 33 (6-8), D after */
  const int quartile_at[12] = {0, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4};
  for (int rank = 1; rank <= 11; rank++) {
    double own = 110 - 10 * rank; /* 100 beats all, 90 is second, ... 0 is last */
    plan_benchmark b = make(own, ten, 10, places);
    assert_int_equal(b.authority.rank, rank);
    assert_int_equal(b.ranked, 11);
    assert_int_equal(b.quartile, quartile_at[rank]);
  }
  plan_benchmark b = make(100, ten, 10, places);
  assert_float_equal(b.neighbour_average, 50, 1e-9);
  assert_int_equal(b.neighbours_published, 10);
  assert_int_equal(b.neighbours[0].rank, 2); /* 95, behind the authority's 100 */
  assert_int_equal(b.neighbours[9].rank, 11);
  assert_string_equal(plan_benchmark_quartile_letter(1), "A");
  assert_string_equal(plan_benchmark_quartile_letter(4), "D");
  assert_null(plan_benchmark_quartile_letter(0));
}

static void test_ties_share_the_better_rank(void **state) {
  (void)state;
  const double values[] = {70, 50, 50, 40};
  plan_benchmark_place places[4];
  plan_benchmark b = make(50, values, 4, places);
  /* 70 first; three at 50 share 2; 40 is fifth, not third */
  assert_int_equal(b.neighbours[0].rank, 1);
  assert_int_equal(b.authority.rank, 2);
  assert_int_equal(b.neighbours[1].rank, 2);
  assert_int_equal(b.neighbours[2].rank, 2);
  assert_int_equal(b.neighbours[3].rank, 5);
  assert_int_equal(b.quartile, 2); /* 4 * 2 = 8 <= 2 * 5 */
}

static void test_missing_figures_are_left_out(void **state) {
  (void)state;
  const double values[] = {NAN, 60, NAN, 40, 30};
  plan_benchmark_place places[5];
  plan_benchmark b = make(50, values, 5, places);
  assert_int_equal(b.ranked, 4);
  assert_int_equal(b.neighbours_published, 3);
  assert_float_equal(b.neighbour_average, (60 + 40 + 30) / 3.0, 1e-9);
  assert_int_equal(b.authority.rank, 2);
  assert_int_equal(b.neighbours[0].rank, 0);
  assert_int_equal(b.neighbours[4].rank, 4);
  /* a suppressed own figure: not ranked, and ranks nobody */
  b.authority.suppressed = 1;
  plan_benchmark_rank(&b);
  assert_int_equal(b.authority.rank, 0);
  assert_int_equal(b.ranked, 3);
  assert_int_equal(b.neighbours[3].rank, 2);
  assert_int_equal(b.quartile, 0);
}

static void test_lower_is_better(void **state) {
  (void)state;
  const double values[] = {10, 20, 30};
  plan_benchmark_place places[3];
  plan_benchmark b = make(5, values, 3, places);
  b.higher_is_better = 0;
  plan_benchmark_rank(&b);
  assert_int_equal(b.authority.rank, 1);
  assert_int_equal(b.neighbours[2].rank, 4);
  assert_int_equal(b.quartile, 1);
}

static void test_too_few_for_a_quartile_or_a_rank(void **state) {
  (void)state;
  const double two[] = {60, 40};
  plan_benchmark_place places[2];
  plan_benchmark b = make(50, two, 2, places);
  assert_int_equal(b.authority.rank, 2);
  assert_int_equal(b.ranked, 3);
  assert_int_equal(b.quartile, 0); /* fewer than PLAN_BENCHMARK_QUARTILE_MIN */
  const double none[] = {NAN, NAN};
  b = make(50, none, 2, places);
  assert_int_equal(b.authority.rank, 0); /* first of one says nothing */
  assert_true(isnan(b.neighbour_average));
  b = make(50, NULL, 0, places);
  assert_int_equal(b.authority.rank, 0);
  assert_int_equal(b.quartile, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_quartiles_of_eleven),
      cmocka_unit_test(test_ties_share_the_better_rank),
      cmocka_unit_test(test_missing_figures_are_left_out),
      cmocka_unit_test(test_lower_is_better),
      cmocka_unit_test(test_too_few_for_a_quartile_or_a_rank),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
