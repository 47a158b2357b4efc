/* test_plan_wire.c: an authority's plan through the wire workers send it on (plan_wire.c)
 * and back, field by field, so a field added to the plan and forgotten on the wire fails
 * here rather than vanishing from plans made with --jobs. Also every truncation of the
 * bytes is refused. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan_wire.h"

static void assert_same_string(const char *a, const char *b) {
  if (!a || !b) assert_ptr_equal(a, b);
  else assert_string_equal(a, b);
}

static void assert_same_figure(double x, double y) { assert_true(isnan(x) ? isnan(y) : x == y); }

static void assert_same_place(const plan_benchmark_place *x, const plan_benchmark_place *y) {
  assert_same_string(x->name, y->name);
  assert_same_string(x->code, y->code);
  assert_same_figure(x->value, y->value);
  assert_int_equal(x->suppressed, y->suppressed);
  assert_int_equal(x->rank, y->rank);
}

static void assert_same_benchmark(const plan_benchmark *x, const plan_benchmark *y) {
  assert_same_string(x->id, y->id);
  assert_same_string(x->title, y->title);
  assert_int_equal(x->year, y->year);
  assert_int_equal(x->higher_is_better, y->higher_is_better);
  assert_same_string(x->source, y->source);
  assert_same_place(&x->authority, &y->authority);
  assert_same_figure(x->england, y->england);
  assert_same_string(x->region_name, y->region_name);
  assert_same_figure(x->region, y->region);
  assert_same_string(x->neighbours_of, y->neighbours_of);
  assert_int_equal(x->neighbour_count, y->neighbour_count);
  for (size_t i = 0; i < x->neighbour_count; i++) assert_same_place(&x->neighbours[i], &y->neighbours[i]);
  assert_same_figure(x->neighbour_average, y->neighbour_average);
  assert_int_equal(x->neighbours_published, y->neighbours_published);
  assert_int_equal(x->ranked, y->ranked);
  assert_int_equal(x->quartile, y->quartile);
  assert_int_equal(x->trend_count, y->trend_count);
  for (size_t i = 0; i < x->trend_count; i++) {
    assert_int_equal(x->trend[i].year, y->trend[i].year);
    assert_same_figure(x->trend[i].authority, y->trend[i].authority);
    assert_same_figure(x->trend[i].england, y->trend[i].england);
    assert_same_figure(x->trend[i].region, y->trend[i].region);
    assert_same_figure(x->trend[i].neighbours, y->trend[i].neighbours);
  }
  assert_same_string(x->trend_source, y->trend_source);
}

static void assert_same_rule(const plan_rule *x, const plan_rule *y) {
  assert_same_string(x->id, y->id);
  assert_same_string(x->title, y->title);
  assert_same_string(x->file, y->file);
  assert_int_equal(x->line, y->line);
  assert_int_equal(x->status, y->status);
  assert_true(isnan(x->score) ? isnan(y->score) : x->score == y->score);
  assert_true(x->weight == y->weight);
  assert_same_string(x->reason, y->reason);
  assert_int_equal(x->reason_kind, y->reason_kind);
  assert_same_string(x->reason_detail, y->reason_detail);
  assert_same_string(x->message, y->message);
  assert_int_equal(x->evidence_count, y->evidence_count);
  for (size_t i = 0; i < x->evidence_count; i++) {
    assert_same_string(x->evidence[i].label, y->evidence[i].label);
    assert_int_equal(x->evidence[i].kind, y->evidence[i].kind);
    assert_true(x->evidence[i].number == y->evidence[i].number);
    assert_same_string(x->evidence[i].text, y->evidence[i].text);
    assert_int_equal(x->evidence[i].share, y->evidence[i].share);
    assert_same_string(x->evidence[i].plain, y->evidence[i].plain);
  }
  assert_int_equal(x->benchmark_count, y->benchmark_count);
  for (size_t i = 0; i < x->benchmark_count; i++)
    assert_same_benchmark(&x->benchmarks[i], &y->benchmarks[i]);
}

static void assert_same_action(const plan_action *x, const plan_action *y) {
  assert_int_equal(x->rank, y->rank);
  assert_same_string(x->id, y->id);
  assert_same_string(x->ingredient, y->ingredient);
  assert_same_string(x->title, y->title);
  assert_same_string(x->why, y->why);
  assert_same_string(x->owner, y->owner);
  assert_same_string(x->effort, y->effort);
  assert_same_string(x->plain, y->plain);
  assert_same_string(x->rule, y->rule);
  assert_same_string(x->gap, y->gap);
  assert_int_equal(x->found_by_count, y->found_by_count);
  for (size_t i = 0; i < x->found_by_count; i++) assert_same_string(x->found_by[i], y->found_by[i]);
  assert_int_equal(x->survival, y->survival);
  assert_int_equal(x->first, y->first);
  assert_true(x->impact == y->impact && x->priority == y->priority);
  assert_memory_equal(&x->terms, &y->terms, sizeof x->terms);
}

static plan_evidence evidence[] = {
    {.label = "Share in education", .kind = PLAN_VALUE_NUMBER, .number = 0.54, .share = 1,
     .plain = "{value} of you are in education."},
    {.label = "Region", .kind = PLAN_VALUE_TEXT, .text = "South West"},
    {.label = "Small", .kind = PLAN_VALUE_SUPPRESSED},
};

static plan_rule rules[] = {
    {.id = "m.assessed", .title = "Assessed", .file = "m.lua", .line = 3,
     .status = PLAN_RULE_ASSESSED, .score = 62.5, .weight = 1, .evidence = evidence,
     .evidence_count = 1, .seconds = 0.25, .instructions = 4000},
    {.id = "m.no_source", .title = "No source", .file = "m.lua", .line = 9,
     .status = PLAN_RULE_NOT_ASSESSED, .score = NAN, .weight = 0.5,
     .reason = "no source provides the table 'measures'", .reason_kind = PLAN_REASON_NO_SOURCE,
     .reason_detail = "measures"},
    {.id = "m.disabled", .title = "Disabled", .file = "m.lua", .line = 20,
     .status = PLAN_RULE_NOT_ASSESSED, .score = NAN, .weight = 1,
     .reason = "disabled for this authority: run by a trust",
     .reason_kind = PLAN_REASON_DISABLED, .reason_detail = "run by a trust"},
    {.id = "m.failed", .file = "m.lua", .line = 30, .status = PLAN_RULE_ERROR, .score = NAN,
     .weight = 1, .message = "m.lua:31: boom"},
};

static plan_benchmark_place neighbours[] = {
    {.name = "Northvale", .code = "902", .value = 60, .rank = 1},
    {.name = "Eastvale", .code = "903", .value = NAN},
};

static plan_benchmark_year years[] = {
    {.year = 2023, .authority = 48, .england = 56, .region = 51, .neighbours = NAN},
    {.year = 2024, .authority = 45, .england = 54, .region = 52, .neighbours = 60},
};

static plan_benchmark benchmarks[] = {
    {.id = "eet.19-21", .title = "In work", .year = 2024, .higher_is_better = 1,
     .source = "records", .authority = {.name = "Southfield", .code = "866", .value = NAN,
                                        .suppressed = 1},
     .england = 54, .region_name = "South West", .region = 52, .neighbours_of = "Cumbria",
     .neighbours = neighbours, .neighbour_count = 2, .neighbour_average = 60,
     .neighbours_published = 1, .ranked = 1, .quartile = 0, .trend = years, .trend_count = 2,
     .trend_source = "DfE"},
};

static plan_rule context[] = {
    {.id = "outcomes.eet", .title = "Care leavers in work", .file = "o.lua", .line = 5,
     .status = PLAN_RULE_ASSESSED, .score = NAN, .evidence = evidence + 1, .evidence_count = 2,
     .benchmarks = benchmarks, .benchmark_count = 1},
    {.id = "outcomes.rows", .title = "No rows", .file = "o.lua", .line = 40,
     .status = PLAN_RULE_NOT_ASSESSED, .score = NAN,
     .reason = "the table 'care_leavers' has no rows for x", .reason_kind = PLAN_REASON_NO_ROWS,
     .reason_detail = "care_leavers"},
};

static const char *found_by[] = {"a.funding", "outcomes.eet"};

static plan_action actions[] = {
    {.rank = 1, .id = "a.secure_funding", .ingredient = "measurement", .title = "Secure it",
     .why = "Pilot funding ended.", .owner = "service manager", .effort = "high",
     .plain = "Find money to keep it going",
     .rule = "a.funding", .gap = "adaptation.funding", .found_by = found_by, .found_by_count = 2,
     .survival = 1, .first = 1, .impact = 25, .priority = 28.6,
     .terms = {25, 1.3, 1.76, 1.5, 3}},
    {.rank = 2, .id = "b.other", .ingredient = "measurement", .title = "Other", .why = "Why.",
     .owner = "lead", .effort = "low", .rule = "m.assessed", .gap = "b.other",
     .found_by = found_by, .found_by_count = 1, .impact = 5, .priority = 2},
};

static plan_ingredient ingredients[] = {
    {.id = "measurement", .title = "Measuring what matters", .plain = "What we keep track of",
     .score = 62.5, .weight = 1.2,
     .rules = rules, .rule_count = 4},
};

static const plan_authority authority = {
    .id = "southfield", .name = "Southfield", .stage = "transition", .pilot_end = "2023-09-30",
    .review_date = "2024-06-30",
    .rules_digest = "0123456789abcdef", .score = 62.5, .band = "fragile", .coverage = 1.0,
    .rule_coverage = 0.4, .ingredients = ingredients, .ingredient_count = 1,
    .context = context, .context_count = 2, .actions = actions, .action_count = 2};

static const plan_error errors[] = {
    {"southfield", "m.failed", "m.lua", 31, "boom"},
};

/* The authority read back is the one written, field by field. */
static void expect_written(const plan_authority *back) {
  assert_same_string(back->id, authority.id);
  assert_same_string(back->stage, authority.stage);
  assert_same_string(back->pilot_end, authority.pilot_end);
  assert_same_string(back->review_date, authority.review_date);
  assert_same_string(back->rules_digest, authority.rules_digest);
  assert_same_string(back->band, authority.band);
  assert_true(back->score == authority.score && back->coverage == authority.coverage);
  assert_true(back->rule_coverage == authority.rule_coverage);
  assert_int_equal(back->ingredient_count, 1);
  assert_same_string(back->ingredients[0].title, ingredients[0].title);
  assert_same_string(back->ingredients[0].plain, ingredients[0].plain);
  assert_int_equal(back->ingredients[0].rule_count, 4);
  for (size_t i = 0; i < 4; i++) assert_same_rule(&back->ingredients[0].rules[i], &rules[i]);
  assert_int_equal(back->context_count, 2);
  for (size_t i = 0; i < 2; i++) assert_same_rule(&back->context[i], &context[i]);
  assert_int_equal(back->action_count, 2);
  for (size_t i = 0; i < 2; i++) assert_same_action(&back->actions[i], &actions[i]);
}

static void test_round_trip(void **state) {
  (void)state;
  wire_buffer out = {0};
  assert_int_equal(plan_wire_write(&out, &authority, errors, 1), 0);
  plan p = {.arena = arena_new()};
  assert_non_null(p.arena);
  plan_authority back;
  size_t capacity = 0;
  assert_int_equal(plan_wire_read(out.bytes, out.length, &p, &back, &capacity, NULL), 0);
  expect_written(&back);
  assert_int_equal(p.error_count, 1);
  assert_same_string(p.errors[0].message, "boom");
  arena_free(p.arena);
  wire_buffer_free(&out);
}

/* Read with a table of strings, twice: both come back whole, and the second
 * shares the first's strings instead of copying them again. */
static void test_strings_read_again_are_shared(void **state) {
  (void)state;
  wire_buffer out = {0};
  assert_int_equal(plan_wire_write(&out, &authority, errors, 1), 0);
  plan p = {.arena = arena_new()};
  assert_non_null(p.arena);
  plan_wire_strings strings = {0};
  plan_authority first, second;
  size_t capacity = 0;
  assert_int_equal(plan_wire_read(out.bytes, out.length, &p, &first, &capacity, &strings), 0);
  size_t kept = strings.count;
  assert_true(kept > 0);
  assert_int_equal(plan_wire_read(out.bytes, out.length, &p, &second, &capacity, &strings), 0);
  expect_written(&first);
  expect_written(&second);
  assert_int_equal(strings.count, kept); /* nothing new the second time */
  assert_ptr_equal(second.id, first.id);
  assert_ptr_equal(second.ingredients[0].rules[0].title, first.ingredients[0].rules[0].title);
  assert_ptr_equal(second.actions[1].why, first.actions[1].why);
  assert_int_equal(p.error_count, 2);
  plan_wire_strings_free(&strings);
  arena_free(p.arena);
  wire_buffer_free(&out);
}

/* A worker that dies mid-write leaves a prefix: every prefix is refused, none crashes. */
static void test_every_truncation_refused(void **state) {
  (void)state;
  wire_buffer out = {0};
  assert_int_equal(plan_wire_write(&out, &authority, errors, 1), 0);
  for (size_t length = 0; length < out.length; length++)
    for (int shared = 0; shared <= 1; shared++) { /* without and with a table of strings */
      plan p = {.arena = arena_new()};
      assert_non_null(p.arena);
      plan_wire_strings strings = {0};
      plan_authority back;
      size_t capacity = 0;
      assert_int_equal(
          plan_wire_read(out.bytes, length, &p, &back, &capacity, shared ? &strings : NULL), -1);
      plan_wire_strings_free(&strings);
      arena_free(p.arena);
    }
  wire_buffer_free(&out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_round_trip),
      cmocka_unit_test(test_strings_read_again_are_shared),
      cmocka_unit_test(test_every_truncation_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
