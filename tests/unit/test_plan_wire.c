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

static plan_rule context[] = {
    {.id = "outcomes.eet", .title = "Care leavers in work", .file = "o.lua", .line = 5,
     .status = PLAN_RULE_ASSESSED, .score = NAN, .evidence = evidence + 1, .evidence_count = 2},
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

static void test_round_trip(void **state) {
  (void)state;
  wire_buffer out = {0};
  assert_int_equal(plan_wire_write(&out, &authority, errors, 1), 0);
  plan p = {.arena = arena_new()};
  assert_non_null(p.arena);
  plan_authority back;
  size_t capacity = 0;
  assert_int_equal(plan_wire_read(out.bytes, out.length, &p, &back, &capacity), 0);
  assert_same_string(back.id, authority.id);
  assert_same_string(back.stage, authority.stage);
  assert_same_string(back.pilot_end, authority.pilot_end);
  assert_same_string(back.review_date, authority.review_date);
  assert_same_string(back.rules_digest, authority.rules_digest);
  assert_same_string(back.band, authority.band);
  assert_true(back.score == authority.score && back.coverage == authority.coverage);
  assert_true(back.rule_coverage == authority.rule_coverage);
  assert_int_equal(back.ingredient_count, 1);
  assert_same_string(back.ingredients[0].title, ingredients[0].title);
  assert_same_string(back.ingredients[0].plain, ingredients[0].plain);
  assert_int_equal(back.ingredients[0].rule_count, 4);
  for (size_t i = 0; i < 4; i++) assert_same_rule(&back.ingredients[0].rules[i], &rules[i]);
  assert_int_equal(back.context_count, 2);
  for (size_t i = 0; i < 2; i++) assert_same_rule(&back.context[i], &context[i]);
  assert_int_equal(back.action_count, 2);
  for (size_t i = 0; i < 2; i++) assert_same_action(&back.actions[i], &actions[i]);
  assert_int_equal(p.error_count, 1);
  assert_same_string(p.errors[0].message, "boom");
  arena_free(p.arena);
  wire_buffer_free(&out);
}

/* A worker that dies mid-write leaves a prefix: every prefix is refused, none crashes. */
static void test_every_truncation_refused(void **state) {
  (void)state;
  wire_buffer out = {0};
  assert_int_equal(plan_wire_write(&out, &authority, errors, 1), 0);
  for (size_t length = 0; length < out.length; length++) {
    plan p = {.arena = arena_new()};
    assert_non_null(p.arena);
    plan_authority back;
    size_t capacity = 0;
    assert_int_equal(plan_wire_read(out.bytes, length, &p, &back, &capacity), -1);
    arena_free(p.arena);
  }
  wire_buffer_free(&out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_round_trip),
      cmocka_unit_test(test_every_truncation_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
