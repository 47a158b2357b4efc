/* test_rule_scan.c: the static checks of rule files (engine/lua/rule_scan.c, reading
 * the compiler's output with bytecode.c): each mistake that fails a rule whenever its
 * line runs is found at its line with what to do, and what is right is not reported:
 * locals, upvalues, globals the file sets anywhere, a local _ENV, debug(...), a table
 * given to a:action that is built elsewhere. The pack loads as engine.c loads it
 * (test_rule_pack.c), so the sandbox knows the pack API's globals. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "bytecode.h"
#include "rule_scan.h"
#include "test_rule_pack.h"

typedef struct fixture {
  test_pack t;
  diag_list findings;
} fixture;

static int setup(void **state) {
  *(fixture *)*state = (fixture){0};
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  diag_list_clear(&f->findings);
  test_pack_close(&f->t);
  return 0;
}

/* Loads a pack of the model and rules.lua, then scans rules.lua. */
static void scan(fixture *f, const char *rules) {
  const char *files[] = {"model.lua", TEST_PACK_MODEL, "rules.lua", rules, NULL};
  if (test_pack_load(&f->t, files) != 0)
    fail_msg("the pack did not load: %s", f->t.diags.count ? f->t.diags.items[0].message : "?");
  char file[PATH_MAX];
  test_pack_file(&f->t, "rules.lua", file);
  assert_int_equal(rule_scan_file(&f->t.sb, file, file, &f->findings), 0);
}

static void show_findings(const fixture *f) {
  for (size_t i = 0; i < f->findings.count; i++)
    print_error("found: %s:%ld: %s\n", f->findings.items[i].file, f->findings.items[i].line,
                f->findings.items[i].message);
}

/* Fails unless a finding at rules.lua:line says text. */
static void expect_finding(const fixture *f, long line, const char *text) {
  for (size_t i = 0; i < f->findings.count; i++) {
    const diag *d = &f->findings.items[i];
    if (d->line == line && strstr(d->file, "rules.lua") && strstr(d->message, text)) return;
  }
  show_findings(f);
  fail_msg("no finding at rules.lua:%ld saying \"%s\"", line, text);
}

static void expect_count(const fixture *f, size_t count) {
  if (f->findings.count != count) show_findings(f);
  assert_int_equal(f->findings.count, count);
}

/* A misspelt name is an undefined global: found at its line, with the nearest local,
 * upvalue, local of an enclosing function or global; a letter swapped is one edit. */
static void test_undefined_globals_are_found_with_the_nearest_name(void **state) {
  fixture *f = *state;
  scan(f, "local threshold = 0.5\n"
          "rule { id = 'voice.a', ingredient = 'voice', title = 'A',\n"
          "  assess = function(a)\n"
          "    local score = 50\n"
          "    local function helper() return thershold end\n"
          "    if tostrnig(score) == '' then return 0 end\n"
          "    return scroe + helper() + unheard_of\n"
          "  end }\n");
  expect_finding(f, 5, "reads the global 'thershold', which is not defined: did you mean "
                       "'threshold'? The rule fails with \"undefined global 'thershold'\"");
  expect_finding(f, 6, "'tostrnig', which is not defined: did you mean 'tostring'?");
  expect_finding(f, 7, "'scroe', which is not defined: did you mean 'score'?");
  expect_finding(f, 7, "'unheard_of', which is not defined, so the rule fails with \"undefined "
                       "global 'unheard_of'\" whenever this line runs (a misspelt local? a "
                       "global set in another file");
  expect_count(f, 4);
}

/* What a rule may read is not reported: the sandbox's globals, the pack API, globals the
 * file sets anywhere (even below a function that reads them), a local _ENV's fields,
 * debug(...), io read as a value. */
static void test_what_a_rule_may_read_is_not_reported(void **state) {
  fixture *f = *state;
  scan(f, "local function later() return LIMIT * 2 end\n"
          "LIMIT = 10\n"
          "rule { id = 'voice.a', ingredient = 'voice', title = 'A',\n"
          "  assess = function(a)\n"
          "    debug('limit', later(), string.format('%d', 1), math.floor(2.5), io)\n"
          "    local t = setmetatable({}, {}) ; t[1] = select('#', pcall(type, 1))\n"
          "    local x = require\n"
          "    do local _ENV = { y = 1 } ; return y end\n"
          "  end }\n"
          "do local _ENV = { z = 2 } ; function _ENV.f() return z end end\n");
  expect_count(f, 0);
}

/* A file that reaches its environment as a value may define any global: its global
 * reads are not judged, but what it may not use still is. */
static void test_a_file_using_its_environment_is_not_judged(void **state) {
  fixture *f = *state;
  scan(f, "for _, name in ipairs { 'A', 'B' } do _G[name] = name end\n"
          "rule { id = 'voice.a', ingredient = 'voice', title = 'A',\n"
          "  assess = function(a) print(A) return #B end }\n");
  expect_finding(f, 3, "uses print, which rules cannot use: write debug(...) instead");
  expect_count(f, 1);
}

/* What the sandbox removes is found where it is used, named with its field. */
static void test_removed_functions_are_found(void **state) {
  fixture *f = *state;
  scan(f, "rule { id = 'voice.a', ingredient = 'voice', title = 'A',\n"
          "  assess = function(a)\n"
          "    print('x')\n"
          "    local now = os.time()\n"
          "    local dumped = string.dump(print)\n"
          "    math.randomseed(1)\n"
          "    debug.sethook()\n"
          "    collectgarbage()\n"
          "    return io.open('x'):read('a')\n"
          "  end }\n");
  expect_finding(f, 3, "uses print, which rules cannot use: write debug(...) instead, whose "
                       "lines `sustain run --trace` and `sustain test` show");
  expect_finding(f, 4, "uses os.time, which rules cannot use (rules see no files, clock");
  expect_finding(f, 5, "uses string.dump, which rules cannot use");
  expect_finding(f, 5, "uses print");
  expect_finding(f, 6, "uses math.randomseed, which rules cannot use");
  expect_finding(f, 7, "uses debug.sethook, which rules cannot use");
  expect_finding(f, 8, "uses collectgarbage, which rules cannot use");
  expect_finding(f, 9, "uses io.open, which rules cannot use");
  expect_count(f, 8);
}

/* An a:action{} written out in full: an unknown field with the nearest, and each missing
 * required field; a table built elsewhere, or with a computed key, is not judged for
 * what it lacks. */
static void test_action_tables_written_out_are_checked(void **state) {
  fixture *f = *state;
  scan(f, "rule { id = 'voice.a', ingredient = 'voice', title = 'A',\n"
          "  assess = function(a)\n"
          "    a:action { id = 'voice.x', title = 'X', effort = 'low', impact = 5,\n"
          "               ownr = 'lead',\n"
          "               why = string.format('%d', 1) }\n"
          "    local t = { id = 'voice.y' }\n"
          "    a:action(t)\n"
          "    local key = 'owner'\n"
          "    a:action { id = 'voice.z', [key] = 'lead', colour = 'red' }\n"
          "    a:action { id = 'voice.w', title = 'W', owner = 'lead', effort = 'low',\n"
          "               impact = 5, why = 'w', gap = 'voice.w', survival = true }\n"
          "    return 50\n"
          "  end }\n");
  expect_finding(f, 4, "a:action{} has an unknown field 'ownr': did you mean 'owner'? Else the "
                       "rule fails whenever it proposes this action");
  expect_finding(f, 3, "a:action{} has no 'owner': the rule fails whenever it proposes this "
                       "action (an action needs id, title, owner, effort, impact and why)");
  expect_finding(f, 9, "a:action{} has an unknown field 'colour': the rule fails");
  expect_count(f, 3);
}

/* The compiled form is read as Lua 5.4 writes it: anything else is refused whole. */
static void test_other_bytes_are_refused(void **state) {
  (void)state;
  bytecode_function chunk;
  const unsigned char text[] = "return 1";
  assert_int_equal(bytecode_read(text, sizeof text, &chunk), -1);
  const unsigned char cut[] = {0x1B, 'L', 'u', 'a', 0x54, 0x00, 0x19, 0x93, '\r', '\n', 0x1A,
                               '\n', 4, 8, 8};
  assert_int_equal(bytecode_read(cut, sizeof cut, &chunk), -1);
}

int main(void) {
  fixture f;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_prestate_setup_teardown(
          test_undefined_globals_are_found_with_the_nearest_name, setup, teardown, &f),
      cmocka_unit_test_prestate_setup_teardown(test_what_a_rule_may_read_is_not_reported, setup,
                                               teardown, &f),
      cmocka_unit_test_prestate_setup_teardown(test_a_file_using_its_environment_is_not_judged,
                                               setup, teardown, &f),
      cmocka_unit_test_prestate_setup_teardown(test_removed_functions_are_found, setup, teardown,
                                               &f),
      cmocka_unit_test_prestate_setup_teardown(test_action_tables_written_out_are_checked, setup,
                                               teardown, &f),
      cmocka_unit_test(test_other_bytes_are_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
