/* test_rules.c: loading a rule pack (engine/lua/rules.c) on its own: the files of a
 * folder in name order without their tests, declarations as structs, and every
 * problem located at its file and line. Each test writes a small pack into its
 * own scratch folder (test_rule_pack.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "test_rule_pack.h"

static int setup(void **state) {
  *(test_pack *)*state = (test_pack){0};
  return 0;
}

static int teardown(void **state) {
  test_pack_close(*state);
  return 0;
}

/* Fails unless exactly one problem was reported, at file:line, with message in it. */
static void expect_one_problem(const test_pack *t, const char *name, long line,
                               const char *message) {
  char file[PATH_MAX];
  test_pack_file(t, name, file);
  for (size_t i = 0; i < t->diags.count; i++)
    print_error("reported: %s:%ld: %s\n", t->diags.items[i].file ? t->diags.items[i].file : "-",
                t->diags.items[i].line, t->diags.items[i].message);
  assert_int_equal(t->diags.count, 1);
  assert_non_null(t->diags.items[0].file);
  assert_string_equal(t->diags.items[0].file, file);
  assert_int_equal(t->diags.items[0].line, line);
  if (!strstr(t->diags.items[0].message, message))
    fail_msg("\"%s\" does not say \"%s\"", t->diags.items[0].message, message);
}

/* A folder's files load in name order, and a *_test.lua file (rule tests, for
 * `sustain test`) is not part of the pack: this one would fail if it loaded. */
static void test_files_load_in_name_order_without_tests(void **state) {
  test_pack *t = *state;
  const char *files[] = {
      "b_lead.lua", "rule { id = 'lead.b', ingredient = 'lead', title = 'B',\n"
                    "  needs = { 'people' }, pass = 2, weight = 3,\n"
                    "  assess = function() return 1 end }\n",
      "a_voice.lua", TEST_PACK_MODEL
                     "rule { id = 'voice.a', ingredient = 'voice', title = 'A',\n"
                     "  assess = function() return 1 end }\n",
      "a_voice_test.lua", "error('a test file is not a rule file')\n",
      NULL};
  assert_int_equal(test_pack_load(t, files), 0);
  assert_int_equal(t->diags.count, 0);
  assert_true(t->pack.model.declared);
  assert_int_equal(t->pack.model.ingredient_count, 2);
  assert_int_equal(t->pack.rule_count, 2);
  const rule_definition *a = &t->pack.rules[0], *b = &t->pack.rules[1];
  assert_string_equal(a->id, "voice.a");
  assert_int_equal(a->line, 3);
  assert_int_equal(a->ingredient_index, 0);
  assert_int_equal(a->pass, 1);
  assert_float_equal(a->weight, 1.0, 0);
  assert_string_equal(b->id, "lead.b");
  assert_int_equal(b->line, 1);
  assert_int_equal(b->ingredient_index, 1);
  assert_int_equal(b->pass, 2);
  assert_float_equal(b->weight, 3.0, 0);
  assert_int_equal(b->need_count, 1);
  assert_string_equal(b->needs[0], "people");
  char file[PATH_MAX];
  test_pack_file(t, "b_lead.lua", file);
  assert_string_equal(b->file, file);
}

/* The second rule with an id is refused where it stands, naming the first. */
static void test_a_duplicate_rule_id_names_both_places(void **state) {
  test_pack *t = *state;
  const char *files[] = {
      "a.lua", TEST_PACK_MODEL
               "rule { id = 'voice.same', ingredient = 'voice', title = 'First',\n"
               "  assess = function() return 1 end }\n",
      "b.lua", "\n"
               "rule { id = 'voice.same', ingredient = 'lead', title = 'Second',\n"
               "  assess = function() return 2 end }\n",
      NULL};
  assert_int_equal(test_pack_load(t, files), -1);
  char first[PATH_MAX], expected[PATH_MAX + 128];
  test_pack_file(t, "a.lua", first);
  snprintf(expected, sizeof expected,
           "rule id 'voice.same' is already used at %s:3; rule and context ids must be unique", first);
  expect_one_problem(t, "b.lua", 2, expected);
  assert_int_equal(t->pack.rule_count, 1); /* the first stays, the second is not kept */
  assert_string_equal(t->pack.rules[0].title, "First");
}

/* A rule of an ingredient the model lacks is located, and the model named. */
static void test_an_unknown_ingredient_is_located(void **state) {
  test_pack *t = *state;
  const char *files[] = {
      "pack.lua", TEST_PACK_MODEL
                  "rule { id = 'x.one', ingredient = 'nope', title = 'x',\n"
                  "  assess = function() return 1 end }\n",
      NULL};
  assert_int_equal(test_pack_load(t, files), -1);
  char model[PATH_MAX], expected[PATH_MAX + 128];
  test_pack_file(t, "pack.lua", model);
  snprintf(expected, sizeof expected,
           "rule 'x.one': 'nope' is not an ingredient of the model (declared at %s:1)", model);
  expect_one_problem(t, "pack.lua", 3, expected);
}

/* A field that is not a rule's is refused, so a misspelt one cannot pass unseen, and
 * the field it was meant to be is named. */
static void test_an_unknown_field_is_refused(void **state) {
  test_pack *t = *state;
  const char *files[] = {
      "pack.lua", TEST_PACK_MODEL
                  "rule { id = 'voice.w', ingredient = 'voice', title = 'w', wieght = 2,\n"
                  "  assess = function() return 1 end }\n",
      NULL};
  assert_int_equal(test_pack_load(t, files), -1);
  expect_one_problem(t, "pack.lua", 3,
                     "rule 'voice.w' has an unknown field 'wieght'; did you mean 'weight'?");
}

/* Rules without a model cannot be scored: one problem says so, at no file. */
static void test_a_pack_without_a_model_is_refused(void **state) {
  test_pack *t = *state;
  const char *files[] = {
      "pack.lua", "rule { id = 'voice.x', ingredient = 'voice', title = 'x',\n"
                  "  assess = function() return 1 end }\n",
      NULL};
  assert_int_equal(test_pack_load(t, files), -1);
  assert_int_equal(t->diags.count, 1);
  assert_null(t->diags.items[0].file);
  assert_non_null(strstr(t->diags.items[0].message, "the rule pack declares no model{}"));
}

int main(void) {
  test_pack pack;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_prestate_setup_teardown(test_files_load_in_name_order_without_tests,
                                               setup, teardown, &pack),
      cmocka_unit_test_prestate_setup_teardown(test_a_duplicate_rule_id_names_both_places, setup,
                                               teardown, &pack),
      cmocka_unit_test_prestate_setup_teardown(test_an_unknown_ingredient_is_located, setup,
                                               teardown, &pack),
      cmocka_unit_test_prestate_setup_teardown(test_an_unknown_field_is_refused, setup, teardown,
                                               &pack),
      cmocka_unit_test_prestate_setup_teardown(test_a_pack_without_a_model_is_refused, setup,
                                               teardown, &pack),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
