/* test_parts.c: sources loaded in parts on several threads (plugin ABI 1.3).
 * tests/plugins/parts.so marks each row with the call that gave it, so each test
 * sees whether the host joined parts or loaded the source whole, and checks that
 * the table is the same either way: every row once, in order, grouped by
 * authority. Usage: test_parts PLUGIN_DIR (the folder holding parts.so). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdatomic.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "sources.h"
#include "test_files.h"

static const char *const modes[] = {"split", "fail_last", "differ", "whole", "broken"};
#define MODE_COUNT (sizeof modes / sizeof *modes)
#define ROWS 1000

typedef struct fixture {
  char dir[1024];
  char plugin[PATH_MAX]; /* dir/parts.so, mode 0644 (a plugin writable by others is refused) */
  char ini[PATH_MAX];
  const char *source_dir;
} fixture;

static fixture f;

static int setup(void **state) {
  (void)state;
  const char *tmp = getenv("TMPDIR");
  snprintf(f.dir, sizeof f.dir, "%s/sustain-parts-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(f.dir)) return -1;
  char source[PATH_MAX];
  snprintf(source, sizeof source, "%s/parts.so", f.source_dir);
  snprintf(f.plugin, sizeof f.plugin, "%s/parts.so", f.dir);
  snprintf(f.ini, sizeof f.ini, "%s/assessment.ini", f.dir);
  if (test_copy_file(source, f.plugin, 0644) != 0) {
    fprintf(stderr, "%s: cannot copy the test plugin; build tests/plugins/parts.c\n", source);
    return -1;
  }
  FILE *file = fopen(f.ini, "w");
  if (!file) return -1;
  fprintf(file, "[assessment]\nrules = .\n\n");
  for (size_t i = 0; i < MODE_COUNT; i++)
    fprintf(file, "[source %s]\nplugin = %s\nmode = %s\nrows = %d\nauthority_column = la\n\n",
            modes[i], f.plugin, modes[i], ROWS);
  fprintf(file, "[authority north]\nname = North\n");
  return fclose(file) == 0 ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  remove(f.plugin);
  remove(f.ini);
  rmdir(f.dir);
  return 0;
}

/* Checks a table: rows 1..ROWS in order, 600 for north then 400 for south, each
 * given by the call `from` names. */
static void expect_table(const evidence_set *set, const char *name, const char *from) {
  const evidence_table *t = evidence_set_find(set, name);
  assert_non_null(t);
  assert_int_equal(t->row_count, ROWS);
  int la = evidence_table_column(t, "la"), n = evidence_table_column(t, "n"),
      which = evidence_table_column(t, "from");
  assert_true(la >= 0 && n >= 0 && which >= 0);
  for (size_t r = 0; r < ROWS; r++) {
    size_t length;
    const char *text = evidence_text(&t->columns[which], r, &length,
                                     (char[EVIDENCE_TEXT_SPACE]){0});
    if (!text || length != strlen(from) || memcmp(text, from, length) != 0)
      fail_msg("%s: row %zu came from '%.*s', not '%s'", name, r, text ? (int)length : 0,
               text ? text : "", from);
    assert_true(evidence_number(&t->columns[n], r) == (double)(r + 1));
  }
  /* north first met, so code 1; the groups are ranges of the rows in order */
  assert_string_equal(evidence_dictionary_string(&t->columns[la].dictionary, 1), "north");
  evidence_view north = evidence_table_view(t, "north"), south = evidence_table_view(t, "south");
  assert_int_equal(evidence_view_size(&north), 600);
  assert_int_equal(evidence_view_size(&south), 400);
  assert_int_equal(evidence_view_row(&south, 0), 600);
}

static void test_parts_are_joined_in_order(void **state) {
  (void)state;
  for (int threads = 2; threads <= 5; threads++) {
    test_loaded l;
    assert_int_equal(test_load_sources(f.ini, threads, &l), 0);
    expect_table(&l.set, "split", "part");
    test_unload_sources(&l);
  }
}

static void test_one_thread_loads_whole(void **state) {
  (void)state;
  test_loaded l;
  assert_int_equal(test_load_sources(f.ini, 1, &l), 0);
  expect_table(&l.set, "split", "whole");
  test_unload_sources(&l);
}

static void test_a_failed_part_means_a_whole_load(void **state) {
  (void)state;
  test_loaded l;
  assert_int_equal(test_load_sources(f.ini, 3, &l), 0);
  expect_table(&l.set, "fail_last", "whole");
  expect_table(&l.set, "differ", "whole"); /* parts that do not agree are not joined */
  expect_table(&l.set, "whole", "whole");  /* count_parts said 1 */
  test_unload_sources(&l);
}

static void test_only_the_whole_loads_messages_are_shown(void **state) {
  (void)state;
  test_loaded l;
  assert_int_equal(test_load_sources(f.ini, 2, &l), 0);
  assert_int_equal(l.status, -1); /* broken fails the load */
  assert_int_equal(l.diags.count, 1);
  assert_non_null(strstr(l.diags.items[0].message, "source broken (plugin parts,"));
  assert_non_null(strstr(l.diags.items[0].message, "the whole source is broken"));
  assert_int_equal(l.set.count, MODE_COUNT - 1);
  test_unload_sources(&l);
}

/* What a side work saw of its calls. */
typedef struct side_seen {
  atomic_int runs;
  size_t slot;
} side_seen;

static void note_side(void *context, size_t slot) {
  side_seen *seen = context;
  atomic_fetch_add(&seen->runs, 1);
  seen->slot = slot;
}

/* Loads ini's sources on threads with a side work; returns how it ran. */
static side_seen load_beside(const char *ini, int threads, const char *split_from) {
  config *cfg = NULL;
  diag_list diags = {0};
  assert_int_equal(config_load(ini, NULL, &cfg, &diags), 0);
  side_seen seen = {0};
  sources_side_work side = {note_side, &seen};
  plugin_search_path search = {0};
  evidence_set set;
  sources_load_chosen(cfg, &search, &set, threads, NULL, NULL, &side, &diags);
  if (split_from) expect_table(&set, "split", split_from);
  evidence_set_free(&set);
  config_free(cfg);
  diag_list_clear(&diags);
  return seen;
}

static void test_side_work_runs_once_on_a_loading_thread(void **state) {
  (void)state;
  for (int threads = 1; threads <= 5; threads++) {
    side_seen seen = load_beside(f.ini, threads, threads == 1 ? "whole" : "part");
    assert_int_equal(atomic_load(&seen.runs), 1);
    assert_true(seen.slot < (size_t)threads); /* a loading thread's own slot */
  }
}

static void test_side_work_runs_without_sources(void **state) {
  (void)state;
  char ini[PATH_MAX];
  snprintf(ini, sizeof ini, "%s/no-sources.ini", f.dir);
  FILE *file = fopen(ini, "w");
  assert_non_null(file);
  fprintf(file, "[assessment]\nrules = .\n\n[authority north]\nname = North\n");
  assert_int_equal(fclose(file), 0);
  for (int threads = 1; threads <= 2; threads++) {
    side_seen seen = load_beside(ini, threads, NULL);
    assert_int_equal(atomic_load(&seen.runs), 1);
    assert_int_equal(seen.slot, 0); /* nothing to load: this thread runs it */
  }
  remove(ini);
}

int main(int argc, char **argv) {
  f.source_dir = argc > 1 ? argv[1] : getenv("SUSTAIN_TEST_PLUGIN_DIR");
  if (!f.source_dir || !*f.source_dir) {
    fprintf(stderr, "usage: %s PLUGIN_DIR (or set SUSTAIN_TEST_PLUGIN_DIR): the folder that "
            "holds parts.so, built from tests/plugins/parts.c\n", argv[0]);
    return 2;
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parts_are_joined_in_order),
      cmocka_unit_test(test_one_thread_loads_whole),
      cmocka_unit_test(test_a_failed_part_means_a_whole_load),
      cmocka_unit_test(test_only_the_whole_loads_messages_are_shown),
      cmocka_unit_test(test_side_work_runs_once_on_a_loading_thread),
      cmocka_unit_test(test_side_work_runs_without_sources),
  };
  return cmocka_run_group_tests_name("sources in parts", tests, setup, teardown);
}
