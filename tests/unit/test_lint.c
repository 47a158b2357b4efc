/* test_lint.c: `sustain check`'s findings (engine/cli/lint.c) on their own: an
 * engine opened on a config and a table built in memory (engine_open_parts, as
 * `sustain test` opens one), and a pack whose files the linter reads as text.
 * Each finding is located at the rule file's line; what is right is not reported. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "lint.h"
#include "test_rule_pack.h"

typedef struct fixture {
  test_pack t; /* its folder holds assessment.ini and rules/ */
  engine e;
  diag_list findings;
} fixture;

static const char *const people[] = {"north,yes,19", "north,no,20", "south,yes,21", NULL};

static int setup(void **state) {
  *(fixture *)*state = (fixture){0};
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  engine_close(&f->e);
  diag_list_clear(&f->findings);
  test_pack_close(&f->t);
  return 0;
}

/* Writes the pack (TEST_PACK_MODEL as model.lua, rules as rules.lua) and a config
 * of two authorities reading it, opens the engine on the people table, and lints. */
static void lint(fixture *f, const char *rules) {
  const char *files[] = {"model.lua", TEST_PACK_MODEL, "rules.lua", rules, NULL};
  test_pack_write(&f->t, files);
  test_write_file(f->t.dir, "assessment.ini",
                  "[assessment]\nrules = rules\ndate = 2024-03-31\n"
                  "[authority north]\nstage = pilot\n[authority south]\nstage = pilot\n");
  char ini[PATH_MAX];
  assert_true(snprintf(ini, sizeof ini, "%s/assessment.ini", f->t.dir) < (int)sizeof ini);
  config *cfg = NULL;
  assert_int_equal(config_load(ini, NULL, &cfg, &f->t.diags), 0);
  evidence_set sources = {0};
  assert_int_equal(evidence_set_add(&sources, test_table("people", "la,changed,age", people)),
                   0);
  if (engine_open_parts(&f->e, cfg, sources, NULL, &f->t.diags) != 0)
    fail_msg("the engine did not open: %s", f->t.diags.count ? f->t.diags.items[0].message : "?");
  lint_engine(&f->e, &f->findings);
}

/* Fails unless a finding at rules.lua:line says text. */
static void expect_finding(const fixture *f, long line, const char *text) {
  char file[PATH_MAX];
  test_pack_file(&f->t, "rules.lua", file);
  for (size_t i = 0; i < f->findings.count; i++) {
    const diag *d = &f->findings.items[i];
    if (d->file && strcmp(d->file, file) == 0 && d->line == line && strstr(d->message, text))
      return;
  }
  for (size_t i = 0; i < f->findings.count; i++)
    print_error("found: %s:%ld: %s\n", f->findings.items[i].file, f->findings.items[i].line,
                f->findings.items[i].message);
  fail_msg("no finding at rules.lua:%ld saying \"%s\"", line, text);
}

/* A column a rule names that its table lacks is found where it is named: in a
 * filter's keys, a method's column argument, and through a local holding a view;
 * the table's real columns are listed, and named rightly they are not reported. */
static void test_a_column_the_table_lacks_is_found(void **state) {
  fixture *f = *state;
  lint(f,
       "rule { id = 'voice.changed', ingredient = 'voice', title = 'Changed',\n"
       "  needs = { 'people' },\n"
       "  assess = function(a)\n"
       "    local v = a.data.people\n"
       "    local yes = v:count { changd = 'yes' }\n"
       "    local age = a.data.people:mean('agee')\n"
       "    local fine = v:where { changed = 'yes' }:count { age = 19 }\n"
       "    return 50\n"
       "  end }\n");
  expect_finding(f, 5, "table 'people' has no column 'changd'; did you mean 'changed'?");
  expect_finding(f, 6, "table 'people' has no column 'agee'; did you mean 'age'?");
  assert_int_equal(f->findings.count, 2); /* line 7 names real columns */
}

/* A rule that needs a table no source provides is found at the rule, with what to
 * do; as it will not be assessed, the config is named too. */
static void test_a_needed_table_no_source_provides_is_found(void **state) {
  fixture *f = *state;
  lint(f,
       "rule { id = 'voice.surveys', ingredient = 'voice', title = 'Surveys',\n"
       "  needs = { 'surveys' }, assess = function(a) return 1 end }\n"
       "rule { id = 'lead.people', ingredient = 'lead', title = 'People',\n"
       "  needs = { 'people' }, assess = function(a) return 1 end }\n");
  expect_finding(f, 1, "rule 'voice.surveys' needs the table 'surveys', which no [source] of");
  expect_finding(f, 1, "it will not be assessed (add [source surveys]");
  assert_int_equal(f->findings.count, 1);
}

/* A pack the linter finds nothing wrong with gives no finding at all. */
static void test_a_sound_pack_gives_no_finding(void **state) {
  fixture *f = *state;
  lint(f,
       "rule { id = 'voice.changed', ingredient = 'voice', title = 'Changed',\n"
       "  needs = { 'people' },\n"
       "  assess = function(a) return 100 * a.data.people:share { changed = 'yes' } end }\n"
       "rule { id = 'lead.age', ingredient = 'lead', title = 'Age',\n"
       "  assess = function(a) return a.data.people:max('age') end }\n");
  assert_int_equal(f->findings.count, 0);
}

int main(void) {
  fixture f;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_prestate_setup_teardown(test_a_column_the_table_lacks_is_found, setup,
                                               teardown, &f),
      cmocka_unit_test_prestate_setup_teardown(test_a_needed_table_no_source_provides_is_found,
                                               setup, teardown, &f),
      cmocka_unit_test_prestate_setup_teardown(test_a_sound_pack_gives_no_finding, setup,
                                               teardown, &f),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
