/* rule_tests.h: `sustain test`, unit tests for rule packs written in Lua.
 * A test file (NAME_test.lua, beside or under its pack) declares tests with
 * test(name, function(t) ... end). Each t:run{...} assesses one made-up
 * authority with the pack, from inline rows or small CSV fixtures, in a fresh
 * engine; assertions (t:eq, t:near, t:ok) record failures with file:line. What
 * debug(...) writes in a test, or in the rules it runs, is kept with its report.
 * The results are plain structs; main.c prints them. */
#ifndef SUSTAIN_RULE_TESTS_H
#define SUSTAIN_RULE_TESTS_H

#include <stddef.h>

#include "config.h"
#include "diag.h"
#include "watch.h"

typedef struct rule_tests_options {
  const char *const *paths; /* test files or folders searched for *_test.lua; none: "." */
  size_t path_count;
  const char *pattern; /* run only tests whose name contains it; NULL: all */
  /* to find plugins for CSV fixtures */
  const config_layout *layout; /* NULL: no shipped plugins */
  const char *env_plugin_path;
  /* NULL, or the watch (watch.h) that puts each test file's top-level code and
   * each test under the wall clock of `seconds` (0: the default [limits] seconds);
   * a test past it, or in which an earlier attempt crashed, fails with why */
  watch *watch;
  double seconds;
  int verbose; /* report every test, passed or not, with its debug(...) lines */
} rule_tests_options;

/* A test as reported: every failed one, and with verbose every one. */
typedef struct rule_test_report {
  char *file;
  int line;
  char *test;
  char *message; /* expected and actual, or the error; NULL: it passed */
  char *debug;   /* the debug(...) lines of the test and the rules it ran, each ending in a
                    newline, cleaned; NULL: none */
} rule_test_report;

typedef struct rule_tests_result {
  size_t passed, failed, files;
  rule_test_report *reports; /* in the order the tests ran */
  size_t report_count, report_capacity;
  char **untested; /* "PACK: rule.id" for pack rules no test read a result of */
  size_t untested_count, untested_capacity;
} rule_tests_result;

/* Runs the tests. Problems that stop a whole file (it cannot be read, a syntax
 * error, its time limit) count as a failure of that file. Returns 0, or -1 when no test file
 * was found or memory ran out (with diags). */
int rule_tests_run(const rule_tests_options *options, rule_tests_result *result,
                   diag_list *diags);

void rule_tests_result_free(rule_tests_result *result);

#endif
