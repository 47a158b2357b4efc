/* test_plugin_host.c: the host functions as a misbehaving plugin meets them. One INI
 * names tests/plugins/misbehaving.so once per way of breaking the host protocol (an error
 * reported, a failure without a reason, NULL arguments, an unknown column type, calls
 * that ignore a refusal); loading it must give one clear diagnostic per source, each
 * naming the source, and the plugin and its file where the plugin spoke, and must load
 * the one well-behaved source. Usage: test_plugin_host PLUGIN_DIR (the folder holding
 * misbehaving.so), or set SUSTAIN_TEST_PLUGIN_DIR. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "sources.h"
#include "test_files.h"

/* This header's ABI version as text, which misbehaving.so was built with too. */
#define TEXT_OF_(x) #x
#define TEXT_OF(x) TEXT_OF_(x)
#define ABI TEXT_OF(SUSTAIN_PLUGIN_ABI_MAJOR) "." TEXT_OF(SUSTAIN_PLUGIN_ABI_MINOR)

/* The modes of misbehaving.c, in the order of the INI, and what each must give: the
 * message of its one diagnostic, against the source's line, "%s" standing for the plugin
 * file; NULL for none. */
static const struct {
  const char *mode;
  const char *message;
} cases[] = {
    {"report", "source report (plugin misbehaving, %s): the service is down; try again later"},
    {"report_then_succeed",
     "source report_then_succeed (plugin misbehaving, %s): half the rows are gone"},
    {"silent",
     "source silent (plugin misbehaving, %s): loading failed, and the plugin gave no reason"},
    {"null_column",
     "source null_column (plugin misbehaving, %s): a column was declared without a name"},
    {"null_text", "source null_text (plugin misbehaving, %s): a text cell was given as NULL"},
    {"null_message", "source null_message (plugin misbehaving, %s): the plugin reported an "
                     "error without a message"},
    {"null_option", NULL},
    {"bad_type", "source bad_type (plugin misbehaving, %s): column 1 ('la') has type 42, which "
                 "no plugin ABI up to " ABI " defines, though the plugin was built for plugin "
                 "ABI " ABI " (the plugin is wrong: report it to its authors)"},
    {"ignores_status", "source ignores_status (plugin misbehaving, %s): column 'n' is declared "
                       "as numbers but row 1 holds a value that is not a number (not shown: it "
                       "may be personal data)"},
};
#define CASE_COUNT (sizeof cases / sizeof *cases)

typedef struct fixture {
  char dir[1024];
  char plugin[PATH_MAX]; /* dir/misbehaving.so, mode 0644 */
  char ini[PATH_MAX];    /* dir/assessment.ini */
  const char *source_dir;
} fixture;

static int setup_fixture(fixture *f) {
  const char *tmp = getenv("TMPDIR");
  snprintf(f->dir, sizeof f->dir, "%s/sustain-host-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(f->dir)) {
    f->dir[0] = '\0';
    return -1;
  }
  char source[PATH_MAX], rules[PATH_MAX];
  snprintf(source, sizeof source, "%s/misbehaving.so", f->source_dir);
  snprintf(f->plugin, sizeof f->plugin, "%s/misbehaving.so", f->dir);
  snprintf(f->ini, sizeof f->ini, "%s/assessment.ini", f->dir);
  snprintf(rules, sizeof rules, "%s/rules", f->dir);
  if (test_copy_file(source, f->plugin, 0644) != 0 || mkdir(rules, 0755) != 0) {
    fprintf(stderr, "%s: cannot copy the test plugin; build tests/plugins/misbehaving.c\n",
            source);
    return -1;
  }
  FILE *file = fopen(f->ini, "w");
  if (!file) return -1;
  fprintf(file, "[assessment]\nrules = rules\n\n");
  for (size_t i = 0; i < CASE_COUNT; i++)
    fprintf(file, "[source %s]\nplugin = %s\nmode = %s\n\n", cases[i].mode, f->plugin,
            cases[i].mode);
  fprintf(file, "[authority north]\nname = North\nstage = pilot\n");
  return fclose(file) == 0 ? 0 : -1;
}

static void teardown_fixture(const fixture *f) {
  char rules[PATH_MAX];
  snprintf(rules, sizeof rules, "%s/rules", f->dir);
  if (!f->dir[0]) return;
  remove(f->plugin);
  remove(f->ini);
  rmdir(rules);
  rmdir(f->dir);
}

/* The line of [source mode] in the INI written by setup: 4 lines per source after the
 * three of [assessment]. */
static long source_line(size_t index) { return 4 + 4 * (long)index; }

/* What loading the INI gave; filled once in setup, read by each test. */
static test_loaded result;

/* Checks that source number index gave exactly the diagnostic its case expects. */
static void expect_case(const fixture *f, size_t index) {
  char expected[PATH_MAX + 256];
  snprintf(expected, sizeof expected, cases[index].message, f->plugin);
  size_t found = 0;
  for (size_t d = 0; d < result.diags.count; d++) {
    const diag *item = &result.diags.items[d];
    if (item->line != source_line(index)) continue;
    found++;
    assert_string_equal(item->file, f->ini);
    assert_string_equal(item->message, expected);
  }
  if (found != 1) fail_msg("mode %s gave %zu diagnostics, expected 1", cases[index].mode, found);
}

static void test_reported_error_names_source_plugin_and_file(void **state) {
  expect_case(*state, 0);
}

static void test_reported_error_fails_even_when_load_succeeds(void **state) {
  expect_case(*state, 1);
}

static void test_failure_without_reason_is_explained(void **state) { expect_case(*state, 2); }

static void test_null_column_name_is_refused(void **state) { expect_case(*state, 3); }

static void test_null_text_is_refused(void **state) { expect_case(*state, 4); }

static void test_null_message_is_replaced(void **state) { expect_case(*state, 5); }

static void test_unknown_column_type_is_refused(void **state) { expect_case(*state, 7); }

static void test_calls_after_a_refusal_fail_quietly(void **state) { expect_case(*state, 8); }

/* option(NULL) and an undocumented name answer NULL, and the one well-behaved source is
 * the one table loaded, while the others fail the load as a whole. */
static void test_well_behaved_source_loads(void **state) {
  (void)state;
  assert_int_equal(result.status, -1);
  assert_int_equal(result.diags.count, CASE_COUNT - 1);
  assert_int_equal(result.set.count, 1);
  assert_string_equal(result.set.tables[0]->name, "null_option");
  assert_int_equal(result.set.tables[0]->row_count, 1);
}

int main(int argc, char **argv) {
  fixture f = {.source_dir = argc > 1 ? argv[1] : getenv("SUSTAIN_TEST_PLUGIN_DIR")};
  if (!f.source_dir || !*f.source_dir) {
    fprintf(stderr, "usage: %s PLUGIN_DIR (or set SUSTAIN_TEST_PLUGIN_DIR): the folder that "
            "holds misbehaving.so, built from tests/plugins/misbehaving.c\n", argv[0]);
    return 2;
  }
  if (setup_fixture(&f) != 0 || test_load_sources(f.ini, 1, &result) != 0) {
    teardown_fixture(&f);
    return 1;
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_prestate(test_reported_error_names_source_plugin_and_file, &f),
      cmocka_unit_test_prestate(test_reported_error_fails_even_when_load_succeeds, &f),
      cmocka_unit_test_prestate(test_failure_without_reason_is_explained, &f),
      cmocka_unit_test_prestate(test_null_column_name_is_refused, &f),
      cmocka_unit_test_prestate(test_null_text_is_refused, &f),
      cmocka_unit_test_prestate(test_null_message_is_replaced, &f),
      cmocka_unit_test_prestate(test_unknown_column_type_is_refused, &f),
      cmocka_unit_test_prestate(test_calls_after_a_refusal_fail_quietly, &f),
      cmocka_unit_test_prestate(test_well_behaved_source_loads, &f),
  };
  int failures = cmocka_run_group_tests(tests, NULL, NULL);
  test_unload_sources(&result);
  teardown_fixture(&f);
  return failures;
}
