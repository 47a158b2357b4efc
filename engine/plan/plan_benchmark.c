/* plan_benchmark.c: ranks and quartiles of a benchmark; see plan_benchmark.h. Done once
 * when the rule hands the benchmark over, so every writer shows the same rank. */
#include "plan_benchmark.h"

#include <math.h>

static int has_figure(const plan_benchmark_place *place) {
  return !place->suppressed && !isnan(place->value);
}

/* Whether a is a better figure than b. */
static int better(const plan_benchmark *b, double x, double y) {
  return b->higher_is_better ? x > y : x < y;
}

/* 1 + the places with a better figure: equal figures share a rank. */
static int rank_of(const plan_benchmark *b, const plan_benchmark_place *place) {
  if (!has_figure(place)) return 0;
  int rank = 1;
  if (has_figure(&b->authority) && better(b, b->authority.value, place->value)) rank++;
  for (size_t i = 0; i < b->neighbour_count; i++)
    if (has_figure(&b->neighbours[i]) && better(b, b->neighbours[i].value, place->value)) rank++;
  return rank;
}

void plan_benchmark_rank(plan_benchmark *b) {
  double total = 0;
  b->neighbours_published = 0;
  b->ranked = has_figure(&b->authority) ? 1 : 0;
  for (size_t i = 0; i < b->neighbour_count; i++) {
    if (!has_figure(&b->neighbours[i])) continue;
    total += b->neighbours[i].value;
    b->neighbours_published++;
    b->ranked++;
  }
  b->neighbour_average = b->neighbours_published ? total / (double)b->neighbours_published : NAN;
  /* alone, the authority has no rank: first of one says nothing */
  b->authority.rank = b->neighbours_published ? rank_of(b, &b->authority) : 0;
  for (size_t i = 0; i < b->neighbour_count; i++)
    b->neighbours[i].rank = rank_of(b, &b->neighbours[i]);
  b->quartile = 0;
  if (b->authority.rank == 0 || b->ranked < PLAN_BENCHMARK_QUARTILE_MIN) return;
  /* compared in whole numbers: rank / ranked <= q / 4 */
  size_t four_ranks = 4 * (size_t)b->authority.rank;
  b->quartile = four_ranks <= b->ranked ? 1 : four_ranks <= 2 * b->ranked ? 2
              : four_ranks <= 3 * b->ranked ? 3 : 4;
}

const char *plan_benchmark_quartile_letter(int quartile) {
  static const char *const letters[] = {"A", "B", "C", "D"};
  return quartile >= 1 && quartile <= 4 ? letters[quartile - 1] : 0;
}
