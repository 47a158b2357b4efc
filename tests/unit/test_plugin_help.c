/* test_plugin_help.c: the host functions of plugin ABI 1.5, as tests/plugins/helpful.c
 * meets them through sustain's host: a warning is shown, marked as one, where the plugin
 * put it (or at the source's line), and fails nothing; a source shows at most 100; the
 * warnings of parts that joined are the source's, each once. authority_column answers the
 * config's column, or NULL for a shared source; resolve_path joins a relative path to the
 * INI's folder, keeps an absolute one, and answers NULL for nothing. Rows of the wrong
 * length are reported with their line, in the singular for one cell, and a column type of
 * a newer minor names the ABI the plugin needs (newer_minor.c). The INI is loaded once,
 * on two threads, so that a source loads in parts. Against the test host of
 * fake_host.c, the plugin finds 1.5's functions with SUSTAIN_HOST_HAS, or their absence.
 * Usage: test_plugin_help PLUGIN_DIR (the folder holding helpful.so and newer_minor.so). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "evidence.h"
#include "fake_host.h"
#include "plugin_loader.h"
#include "sources.h"
#include "test_files.h"

/* The sources of the INI, in order; each [source] takes 5 lines (see write_ini). */
enum { WARNED, FLOOD, PARTED, NAMED, SHARED, RESOLVED, LONG_ROW, SHORT_ROW, NEWER, SOURCES };
static const char *const source_names[SOURCES] = {
    "warned", "flood", "parted", "named", "shared_one", "resolved", "long", "short", "newer"};

typedef struct fixture {
  char dir[PATH_MAX];
  char helpful[PATH_MAX + 32], newer[PATH_MAX + 32]; /* the plugins, copied into dir */
  char data[PATH_MAX + 32];                          /* dir/data.txt */
  char ini[PATH_MAX + 32];
  test_loaded loaded;
} fixture;

/* The line of source i's [source] header: 3 lines of [assessment], then 5 per source. */
static long source_line(size_t i) { return 4 + 5 * (long)i; }

/* Writes the INI: per source its header, plugin, mode, one more key and a blank line. */
static int write_ini(const fixture *f) {
  const char *plugin[SOURCES], *mode[SOURCES], *extra[SOURCES];
  for (size_t i = 0; i < SOURCES; i++) {
    plugin[i] = f->helpful;
    extra[i] = "path = data.txt";
  }
  mode[WARNED] = "warn", mode[FLOOD] = "warn_flood", mode[PARTED] = "warn_in_parts";
  mode[NAMED] = "authority", extra[NAMED] = "authority_column = code";
  mode[SHARED] = "authority", extra[SHARED] = "shared = yes";
  mode[RESOLVED] = "resolve", extra[RESOLVED] = "target = sub/out.csv";
  mode[LONG_ROW] = "long_row", mode[SHORT_ROW] = "short_row";
  plugin[NEWER] = f->newer, mode[NEWER] = NULL;
  FILE *file = fopen(f->ini, "w");
  if (!file) return -1;
  fprintf(file, "[assessment]\nrules = rules\n\n");
  for (size_t i = 0; i < SOURCES; i++)
    fprintf(file, "[source %s]\nplugin = %s\n%s%s\n%s\n\n", source_names[i], plugin[i],
            mode[i] ? "mode = " : "; no mode", mode[i] ? mode[i] : "", extra[i]);
  fprintf(file, "[authority north]\nname = North\nstage = pilot\n");
  return fclose(file) == 0 ? 0 : -1;
}

static int setup(fixture *f, const char *plugin_dir) {
  if (test_scratch_folder(f->dir, "sustain-help") != 0) return -1;
  char source[PATH_MAX + 32], rules[PATH_MAX + 32];
  snprintf(f->helpful, sizeof f->helpful, "%s/helpful.so", f->dir);
  snprintf(f->newer, sizeof f->newer, "%s/newer_minor.so", f->dir);
  snprintf(f->data, sizeof f->data, "%s/data.txt", f->dir);
  snprintf(f->ini, sizeof f->ini, "%s/assessment.ini", f->dir);
  snprintf(rules, sizeof rules, "%s/rules", f->dir);
  snprintf(source, sizeof source, "%s/helpful.so", plugin_dir);
  int ok = test_copy_file(source, f->helpful, 0755) == 0;
  snprintf(source, sizeof source, "%s/newer_minor.so", plugin_dir);
  ok = ok && test_copy_file(source, f->newer, 0755) == 0;
  FILE *data = fopen(f->data, "w");
  ok = ok && data && fputs("a line\n", data) >= 0;
  if (data) ok = fclose(data) == 0 && ok;
  ok = ok && mkdir(rules, 0755) == 0 && write_ini(f) == 0;
  if (!ok) fprintf(stderr, "%s: cannot set up; build tests/plugins/helpful.c\n", plugin_dir);
  return ok ? 0 : -1;
}

/* The diagnostics at file:line:column that are warnings or not, and the first of them. */
static size_t count_at(const fixture *f, const char *file, long line, long column, int warning,
                       const diag **first) {
  size_t found = 0;
  *first = NULL;
  for (size_t i = 0; i < f->loaded.diags.count; i++) {
    const diag *d = &f->loaded.diags.items[i];
    if (!d->file || strcmp(d->file, file) != 0 || d->line != line || d->column != column ||
        d->warning != warning)
      continue;
    if (!found++) *first = d;
  }
  return found;
}

/* Checks that exactly one diagnostic is at file:line, warning or not, saying message. */
static void expect_one(const fixture *f, const char *file, long line, long column, int warning,
                       const char *message) {
  const diag *d;
  size_t found = count_at(f, file, line, column, warning, &d);
  if (found != 1)
    fail_msg("%zu %s at %s:%ld, expected 1: %s", found, warning ? "warnings" : "errors", file,
             line, message);
  assert_string_equal(d->message, message);
}

/* The message the host writes for what the plugin said of source i at its line. */
static const char *at_source(const fixture *f, size_t i, const char *what, char *out,
                             size_t size) {
  snprintf(out, size, "source %s (plugin %s, %s): %s", source_names[i],
           i == NEWER ? "newer_minor" : "helpful", i == NEWER ? f->newer : f->helpful, what);
  return out;
}

static const evidence_table *table_named(const fixture *f, const char *name) {
  for (size_t i = 0; i < f->loaded.set.count; i++)
    if (strcmp(f->loaded.set.tables[i]->name, name) == 0) return f->loaded.set.tables[i];
  return NULL;
}

/* The answer column of a table: the same text in every row, which it returns. */
static const char *answer_of(const fixture *f, const char *name, const char *authority_column) {
  const evidence_table *table = table_named(f, name);
  if (!table) fail_msg("source %s did not load", name);
  assert_int_equal(table->row_count, 2);
  assert_string_equal(table->columns[0].name, authority_column);
  size_t length = 0;
  const char *answer = evidence_text(&table->columns[1], 0, &length,
                                     (char[EVIDENCE_TEXT_SPACE]){0});
  assert_non_null(answer);
  static char copy[4096];
  snprintf(copy, sizeof copy, "%.*s", (int)length, answer);
  return copy;
}

static void test_warnings_are_shown_and_fail_nothing(void **state) {
  const fixture *f = *state;
  char message[PATH_MAX + 256];
  expect_one(f, f->ini, source_line(WARNED), 0, 1,
             at_source(f, WARNED, "option mode: warn is only a test", message, sizeof message));
  expect_one(f, f->data, 2, 5, 1, "the value looks odd, and was kept");
  assert_string_equal(answer_of(f, "warned", "la"), "warned");
}

static void test_a_source_shows_at_most_100_warnings(void **state) {
  const fixture *f = *state;
  const diag *d;
  for (long line = 1; line <= 150; line++)
    assert_int_equal(count_at(f, f->data, line, 0, 1, &d), line <= 100 ? 1 : 0);
  char message[PATH_MAX + 256];
  expect_one(f, f->ini, source_line(FLOOD), 0, 1,
             at_source(f, FLOOD, "more than 100 warnings; the rest are not shown", message,
                       sizeof message));
  assert_string_equal(answer_of(f, "flood", "la"), "flooded");
}

/* Two parts each warn about the option and about a line of their own: the option once. */
static void test_warnings_of_parts_are_kept_once(void **state) {
  const fixture *f = *state;
  char message[PATH_MAX + 256];
  expect_one(f, f->ini, source_line(PARTED), 0, 1,
             at_source(f, PARTED, "option mode: warn is only a test", message, sizeof message));
  expect_one(f, f->data, 200, 0, 1, "part 0 of 2 looked at this line");
  expect_one(f, f->data, 201, 0, 1, "part 1 of 2 looked at this line");
  assert_string_equal(answer_of(f, "parted", "la"), "warned");
}

static void test_authority_column_is_the_configs(void **state) {
  const fixture *f = *state;
  assert_string_equal(answer_of(f, "named", "code"), "code");
  assert_string_equal(answer_of(f, "shared_one", "la"), "(none)");
}

static void test_resolve_path_joins_the_ini_folder(void **state) {
  const fixture *f = *state;
  char expected[PATH_MAX * 2];
  snprintf(expected, sizeof expected, "%s/sub/out.csv|(null)|(null)|/srv/data/x.csv",
           f->loaded.cfg->dir);
  assert_string_equal(answer_of(f, "resolved", "la"), expected);
  /* the folder the host resolves PATH options against: the INI's */
  char data[PATH_MAX + 16];
  snprintf(data, sizeof data, "%s/data.txt", f->loaded.cfg->dir);
  assert_string_equal(f->data, data);
}

static void test_rows_of_the_wrong_length_name_their_line(void **state) {
  const fixture *f = *state;
  const diag *d;
  assert_int_equal(count_at(f, f->data, 7, 0, 0, &d), 2);
  size_t long_row = 0, short_row = 0;
  for (size_t i = 0; i < f->loaded.diags.count; i++) {
    const diag *e = &f->loaded.diags.items[i];
    if (e->warning || !e->file || strcmp(e->file, f->data) != 0 || e->line != 7) continue;
    long_row += strcmp(e->message, "row 1 has 3 cells; the table has 2 columns") == 0;
    short_row += strcmp(e->message, "row 1 has 1 cell; the table has 2 columns") == 0;
  }
  assert_int_equal(long_row, 1);
  assert_int_equal(short_row, 1);
  assert_null(table_named(f, "long"));
  assert_null(table_named(f, "short"));
}

static void test_a_newer_type_names_the_abi_it_needs(void **state) {
  const fixture *f = *state;
  char what[512], message[PATH_MAX + 768];
  snprintf(what, sizeof what,
           "column 1 ('when') has type %d, which this sustain (plugin ABI %d.%d) does not know: "
           "the plugin was built for plugin ABI %d.%d; use a sustain of plugin ABI %d.%d or "
           "later, or a plugin that checks host->abi_minor before declaring a type added "
           "after %d.%d",
           SUSTAIN_COLUMN_DATE + 1, SUSTAIN_PLUGIN_ABI_MAJOR, SUSTAIN_PLUGIN_ABI_MINOR,
           SUSTAIN_PLUGIN_ABI_MAJOR, SUSTAIN_PLUGIN_ABI_MINOR + 1, SUSTAIN_PLUGIN_ABI_MAJOR,
           SUSTAIN_PLUGIN_ABI_MINOR + 1, SUSTAIN_PLUGIN_ABI_MAJOR, SUSTAIN_PLUGIN_ABI_MINOR);
  expect_one(f, f->ini, source_line(NEWER), 0, 0, at_source(f, NEWER, what, message, sizeof message));
}

/* Against a plugin's own test host (fake_host.c): with 1.5's functions, the plugin uses
 * them; on a host of minor 4 it finds them absent with SUSTAIN_HOST_HAS, and says so. */
static void test_a_plugin_asks_before_using_them(void **state) {
  const fixture *f = *state;
  diag_list diags = {0};
  loaded_plugin plugin;
  assert_int_equal(plugin_open(f->helpful, &plugin, &diags), 0);
  sustain_host host = fake_host(SUSTAIN_PLUGIN_ABI_MINOR);
  sustain_source source = {.plugin = plugin.descriptor, .config_dir = "/cfg",
                           .authority_column = "la"};
  fake_source_option(&source, "mode", "resolve");
  fake_source_option(&source, "target", "in/here.csv");
  assert_int_equal(plugin.descriptor->load(&host, &source), 0);
  assert_int_equal(source.protocol_violations, 0);
  assert_string_equal(fake_table(&source),
                      "la:text answer:text\n'north' '/cfg/in/here.csv|(null)|(null)|"
                      "/srv/data/x.csv' @2\n'south' '/cfg/in/here.csv|(null)|(null)|"
                      "/srv/data/x.csv' @3\n");
  fake_source_free(&source);

  host = fake_host(4);
  source = (sustain_source){.plugin = plugin.descriptor};
  fake_source_option(&source, "mode", "warn");
  assert_int_equal(plugin.descriptor->load(&host, &source), 1);
  assert_string_equal(source.error_text.text,
                      "-:0:0: this plugin needs a host of plugin ABI 1.5 or later\n");
  fake_source_free(&source);
  plugin_close(&plugin);
}

/* Only the three sources that went wrong fail; every other loads, warnings and all. */
static void test_only_the_faulty_sources_fail(void **state) {
  const fixture *f = *state;
  assert_int_equal(f->loaded.status, -1);
  assert_int_equal(diag_error_count(&f->loaded.diags), 3);
  assert_int_equal(f->loaded.diags.count, 3 + 2 + 101 + 3);
  assert_int_equal(f->loaded.set.count, SOURCES - 3);
}

int main(int argc, char **argv) {
  static fixture f;
  const char *plugin_dir = argc > 1 ? argv[1] : getenv("SUSTAIN_TEST_PLUGIN_DIR");
  if (!plugin_dir || !*plugin_dir) {
    fprintf(stderr, "usage: %s PLUGIN_DIR: the folder that holds helpful.so\n", argv[0]);
    return 2;
  }
  if (setup(&f, plugin_dir) != 0 || test_load_sources(f.ini, 2, &f.loaded) != 0) {
    test_remove_tree(f.dir);
    return 1;
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_prestate(test_warnings_are_shown_and_fail_nothing, &f),
      cmocka_unit_test_prestate(test_a_source_shows_at_most_100_warnings, &f),
      cmocka_unit_test_prestate(test_warnings_of_parts_are_kept_once, &f),
      cmocka_unit_test_prestate(test_authority_column_is_the_configs, &f),
      cmocka_unit_test_prestate(test_resolve_path_joins_the_ini_folder, &f),
      cmocka_unit_test_prestate(test_rows_of_the_wrong_length_name_their_line, &f),
      cmocka_unit_test_prestate(test_a_newer_type_names_the_abi_it_needs, &f),
      cmocka_unit_test_prestate(test_only_the_faulty_sources_fail, &f),
      cmocka_unit_test_prestate(test_a_plugin_asks_before_using_them, &f),
  };
  int failures = cmocka_run_group_tests(tests, NULL, NULL);
  test_unload_sources(&f.loaded);
  test_remove_tree(f.dir);
  return failures;
}
