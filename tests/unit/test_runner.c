/* test_runner.c: one authority through a rule pack (engine/lua/runner.c) on its own,
 * without config files, plugins or workers: a pack written into a scratch folder, a
 * table built in memory, and the runner_authority that engine.c would resolve built
 * here. Covers what a rule's result becomes in the plan: a score, nil and a reason,
 * a rule that does not apply (a table missing or without rows, a rule disabled for
 * the authority), and pass-2 rules reading pass-1 scores. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "evidence_set.h"
#include "runner.h"
#include "test_rule_pack.h"

/* The most rules a pack here has. */
#define RUNNER_TEST_RULES 8

typedef struct fixture {
  test_pack t;
  evidence_set sources;
  runner r;
  int runner_open;
  config_authority authority;
  config_pair *attributes; /* the authority's, set by a test before assess */
  size_t attribute_count;
  const rule_definition *rules[RUNNER_TEST_RULES];
  const char *disabled[RUNNER_TEST_RULES];
  double weights[2];
  arena *plan_arena;
  plan *p;
  plan_authority result;
} fixture;

/* People of two authorities: north has five, three of whom changed a decision;
 * south two. */
static const char *const people[] = {"north,yes", "north,yes", "north,no", "north,yes",
                                     "north,no",  "south,no",  "south,yes", NULL};

static int setup(void **state) {
  *(fixture *)*state = (fixture){0};
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  arena_free(f->plan_arena);
  if (f->runner_open) runner_close(&f->r);
  test_pack_close(&f->t); /* closes the sandbox, whose views point into the sources */
  evidence_set_free(&f->sources);
  return 0;
}

/* Loads the pack (TEST_PACK_MODEL, then rules), opens the runner over the people
 * table, and assesses `id` running every rule of the pack, except that rule k is
 * disabled with the reason disabled[k] when that is given. Returns the plan's
 * authority. */
static const plan_authority *assess(fixture *f, const char *rules, const char *id,
                                    const char *const *disabled) {
  char text[4096];
  assert_true(snprintf(text, sizeof text, "%s%s", TEST_PACK_MODEL, rules) < (int)sizeof text);
  const char *files[] = {"pack.lua", text, NULL};
  if (test_pack_load(&f->t, files) != 0)
    fail_msg("the pack did not load: %s", f->t.diags.count ? f->t.diags.items[0].message : "?");
  assert_true(f->t.pack.rule_count <= RUNNER_TEST_RULES);
  assert_int_equal(evidence_set_add(&f->sources, test_table("people", "la,changed", people)), 0);
  runner_limits limits = {CONFIG_DEFAULT_LABEL_BYTES, CONFIG_DEFAULT_TEXT_BYTES,
                          CONFIG_DEFAULT_EVIDENCE_ITEMS, CONFIG_DEFAULT_ACTIONS};
  assert_int_equal(runner_open(&f->r, &f->t.sb, &f->t.host, &f->t.pack, &f->sources,
                               CONFIG_DEFAULT_SUPPRESS_BELOW, limits, RUNNER_CHECKS_ALL, &f->t.diags),
                   0);
  f->runner_open = 1;
  f->authority = (config_authority){.id = id, .name = id, .attributes = f->attributes,
                                    .attribute_count = f->attribute_count};
  for (size_t k = 0; k < f->t.pack.rule_count; k++) {
    f->rules[k] = &f->t.pack.rules[k];
    f->disabled[k] = disabled ? disabled[k] : NULL;
  }
  f->weights[0] = f->weights[1] = 1;
  runner_authority who = {.config = &f->authority,
                          .stage = "pilot",
                          .stage_index = -1, /* the model has no stages */
                          .date = "2024-03-31",
                          .weights = f->weights,
                          .rules = f->rules,
                          .disabled = f->disabled,
                          .rule_count = f->t.pack.rule_count};
  f->plan_arena = arena_new();
  assert_non_null(f->plan_arena);
  f->p = arena_alloc(f->plan_arena, sizeof *f->p);
  assert_non_null(f->p);
  f->p->arena = f->plan_arena;
  assert_int_equal(runner_assess(&f->r, &who, f->p, &f->result), 0);
  return &f->result;
}

static const plan_rule *find_rule(const plan_authority *a, const char *id) {
  for (size_t i = 0; i < a->ingredient_count; i++)
    for (size_t r = 0; r < a->ingredients[i].rule_count; r++)
      if (strcmp(a->ingredients[i].rules[r].id, id) == 0) return &a->ingredients[i].rules[r];
  fail_msg("no rule %s in the plan", id);
  return NULL;
}

/* A rule that cannot say, and says why, is not assessed, with its reason: no score,
 * no error, and its ingredient is scored from the other rules. */
static void test_nil_and_a_reason_is_not_assessed(void **state) {
  fixture *f = *state;
  const plan_authority *a = assess(f,
      "rule { id = 'voice.unknown', ingredient = 'voice', title = 'Cannot say',\n"
      "  assess = function(a) return nil, 'no survey this year' end }\n"
      "rule { id = 'voice.share', ingredient = 'voice', title = 'Share changed',\n"
      "  needs = { 'people' },\n"
      "  assess = function(a) return 100 * a.data.people:share { changed = 'yes' } end }\n",
      "north", NULL);
  const plan_rule *unknown = find_rule(a, "voice.unknown");
  assert_int_equal(unknown->status, PLAN_RULE_NOT_ASSESSED);
  assert_string_equal(unknown->reason, "no survey this year");
  assert_true(isnan(unknown->score));
  assert_null(unknown->message);
  assert_int_equal(f->p->error_count, 0);
  assert_float_equal(find_rule(a, "voice.share")->score, 60.0, 1e-9); /* 3 of 5 */
  assert_float_equal(a->ingredients[0].score, 60.0, 1e-9);
}

/* What a rule recorded before returning nil and a reason stays in the plan, as
 * docs/rules.md says: its evidence under the rule that is not assessed, and its
 * actions, ranked with the others (the ingredient is scored without the rule). */
static void test_not_assessed_keeps_what_was_recorded(void **state) {
  fixture *f = *state;
  const plan_authority *a = assess(f,
      "rule { id = 'voice.partial', ingredient = 'voice', title = 'Partly there',\n"
      "  assess = function(a)\n"
      "    a:evidence('Surveys found', 0)\n"
      "    a:action { id = 'voice.run_survey', title = 'Run the survey', owner = 'lead',\n"
      "               effort = 'low', impact = 5, why = 'No survey this year.' }\n"
      "    return nil, 'no survey this year' end }\n",
      "north", NULL);
  const plan_rule *partial = find_rule(a, "voice.partial");
  assert_int_equal(partial->status, PLAN_RULE_NOT_ASSESSED);
  assert_int_equal(partial->evidence_count, 1);
  assert_string_equal(partial->evidence[0].label, "Surveys found");
  assert_int_equal(a->action_count, 1);
  assert_string_equal(a->actions[0].id, "voice.run_survey");
  assert_true(isnan(a->ingredients[0].score)); /* no rule of voice was assessed */
}

/* Pass-2 rules run after every pass-1 rule and read the pass-1 ingredient scores;
 * a pass-2 rule's own score is not among them. */
static void test_a_second_pass_rule_reads_first_pass_scores(void **state) {
  fixture *f = *state;
  const plan_authority *a = assess(f,
      "rule { id = 'lead.recipe', ingredient = 'lead', title = 'Half of voice', pass = 2,\n"
      "  assess = function(a) return a:score('voice') / 2 end }\n"
      "rule { id = 'voice.share', ingredient = 'voice', title = 'Share changed',\n"
      "  needs = { 'people' },\n"
      "  assess = function(a) return 100 * a.data.people:share { changed = 'yes' } end }\n"
      "rule { id = 'lead.late', ingredient = 'lead', title = 'No lead yet', pass = 2,\n"
      "  assess = function(a) return a:score('lead') == nil and 100 or 0 end }\n",
      "north", NULL);
  assert_float_equal(find_rule(a, "voice.share")->score, 60.0, 1e-9);
  assert_float_equal(find_rule(a, "lead.recipe")->score, 30.0, 1e-9);
  assert_float_equal(find_rule(a, "lead.late")->score, 100.0, 1e-9);
  assert_int_equal(f->p->error_count, 0);
}

/* A rule that needs a table no source provides is not run, and says which; one
 * whose table has no rows for the authority says so too. Neither is an error. */
static void test_a_needed_table_missing_or_empty_is_not_assessed(void **state) {
  fixture *f = *state;
  static const char rules[] =
      "rule { id = 'voice.surveys', ingredient = 'voice', title = 'Surveys',\n"
      "  needs = { 'people', 'surveys' },\n"
      "  assess = function(a) error('run without its table') end }\n"
      "rule { id = 'lead.people', ingredient = 'lead', title = 'People',\n"
      "  needs = { 'people' },\n"
      "  assess = function(a) return 50 end }\n";
  const plan_authority *a = assess(f, rules, "north", NULL);
  const plan_rule *surveys = find_rule(a, "voice.surveys");
  assert_int_equal(surveys->status, PLAN_RULE_NOT_ASSESSED);
  assert_string_equal(surveys->reason, "no source provides the table 'surveys'");
  assert_int_equal(find_rule(a, "lead.people")->status, PLAN_RULE_ASSESSED);
  assert_int_equal(f->p->error_count, 0);
  teardown(state);
  setup(state);

  a = assess(f, rules, "east", NULL); /* no row of people is east's */
  const plan_rule *people_rule = find_rule(a, "lead.people");
  assert_int_equal(people_rule->status, PLAN_RULE_NOT_ASSESSED);
  assert_string_equal(people_rule->reason, "the table 'people' has no rows for east");
  assert_int_equal(f->p->error_count, 0);
}

/* A rule the authority's config disables stays in the plan, not assessed, with the
 * reason the config gave, and does not run. */
static void test_a_disabled_rule_shows_why_and_does_not_run(void **state) {
  fixture *f = *state;
  const char *disabled[] = {"no budget line in a trust", NULL};
  const plan_authority *a = assess(f,
      "rule { id = 'lead.budget', ingredient = 'lead', title = 'Budget',\n"
      "  assess = function(a) error('a disabled rule ran') end }\n"
      "rule { id = 'voice.fine', ingredient = 'voice', title = 'Fine',\n"
      "  assess = function(a) return 70 end }\n",
      "north", disabled);
  const plan_rule *budget = find_rule(a, "lead.budget");
  assert_int_equal(budget->status, PLAN_RULE_NOT_ASSESSED);
  assert_string_equal(budget->reason, "disabled for this authority: no budget line in a trust");
  assert_true(isnan(budget->score));
  assert_int_equal(f->p->error_count, 0);
  assert_true(isnan(a->ingredients[1].score)); /* lead: nothing assessed */
  assert_float_equal(a->ingredients[0].score, 70.0, 1e-9);
}

/* A rule that fails is an error at its line, with no score, and the others run. */
static void test_a_failing_rule_is_an_error_at_its_line(void **state) {
  fixture *f = *state;
  const plan_authority *a = assess(f,
      "rule { id = 'voice.broken', ingredient = 'voice', title = 'Broken',\n"
      "  assess = function(a)\n"
      "    return a.data.people:mean('no_such_column')\n"
      "  end }\n"
      "rule { id = 'lead.fine', ingredient = 'lead', title = 'Fine',\n"
      "  assess = function(a) return 40 end }\n",
      "north", NULL);
  const plan_rule *broken = find_rule(a, "voice.broken");
  assert_int_equal(broken->status, PLAN_RULE_ERROR);
  assert_true(isnan(broken->score));
  assert_non_null(strstr(broken->message, "no column 'no_such_column'"));
  assert_int_equal(f->p->error_count, 1);
  assert_string_equal(f->p->errors[0].rule, "voice.broken");
  assert_int_equal(f->p->errors[0].line, 5); /* the model takes lines 1 and 2 */
  assert_float_equal(find_rule(a, "lead.fine")->score, 40.0, 1e-9);
}

/* Each rule call gets an authority object of its own, laid out as every other
 * call's: the keys of a, a.attr and a.data come in the same pairs order in
 * every call, whatever the call before did to its own object. */
static void test_each_call_gets_the_same_fresh_authority(void **state) {
  fixture *f = *state;
  static config_pair attributes[] = {
      {"budget", "yes", 1}, {"areas", "7", 2},  {"review", "2025-01-01", 3},
      {"lead", "Ann", 4},   {"pressure", "high", 5}, {"stage_note", "x", 6}};
  f->attributes = attributes;
  f->attribute_count = sizeof attributes / sizeof *attributes;
  static const char order[] =
      "local function keys(t) local k = {} for key in pairs(t) do k[#k + 1] = key end\n"
      "  return table.concat(k, ',') end\n"
      "local function order(a) return keys(a) .. ';' .. keys(a.attr) .. ';' .. keys(a.data) end\n";
  static const char rules[] =
      "rule { id = 'voice.first', ingredient = 'voice', title = 'Changes its object',\n"
      "  assess = function(a) a:evidence('order', order(a))\n"
      "    a.attr.budget = nil a.attr.extra = 1 a.data = {} a.more = true a.id = nil\n"
      "    return 50 end }\n"
      "rule { id = 'voice.second', ingredient = 'voice', title = 'Reads its object',\n"
      "  assess = function(a) a:evidence('order', order(a)) return 50 end }\n";
  char text[2048];
  snprintf(text, sizeof text, "%s%s", order, rules);
  const plan_authority *a = assess(f, text, "north", NULL);
  const plan_rule *first = find_rule(a, "voice.first"), *second = find_rule(a, "voice.second");
  if (f->p->error_count) fail_msg("%s", f->p->errors[0].message);
  assert_int_equal(first->evidence_count, 1);
  assert_int_equal(second->evidence_count, 1);
  assert_string_equal(first->evidence[0].text, second->evidence[0].text);
  static const char *const expected[] = {"id", "name", "date", "attr", "data", "budget",
                                         "areas", "stage_note", "people"};
  for (size_t i = 0; i < sizeof expected / sizeof *expected; i++)
    assert_non_null(strstr(second->evidence[0].text, expected[i]));
  assert_null(strstr(second->evidence[0].text, "extra"));
}

int main(void) {
  fixture f;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_prestate_setup_teardown(test_nil_and_a_reason_is_not_assessed, setup,
                                               teardown, &f),
      cmocka_unit_test_prestate_setup_teardown(test_not_assessed_keeps_what_was_recorded, setup,
                                               teardown, &f),
      cmocka_unit_test_prestate_setup_teardown(test_a_second_pass_rule_reads_first_pass_scores,
                                               setup, teardown, &f),
      cmocka_unit_test_prestate_setup_teardown(
          test_a_needed_table_missing_or_empty_is_not_assessed, setup, teardown, &f),
      cmocka_unit_test_prestate_setup_teardown(test_a_disabled_rule_shows_why_and_does_not_run,
                                               setup, teardown, &f),
      cmocka_unit_test_prestate_setup_teardown(test_a_failing_rule_is_an_error_at_its_line,
                                               setup, teardown, &f),
      cmocka_unit_test_prestate_setup_teardown(test_each_call_gets_the_same_fresh_authority,
                                               setup, teardown, &f),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
