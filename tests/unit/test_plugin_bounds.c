/* test_plugin_bounds.c: what a plugin claims to the host, and what the host does
 * when the claim is false or the source never ends (docs/security.md, "Plugins
 * and sources"). tests/plugins/lying.so breaks a claim per source, as its mode
 * option says: each must give one clear diagnostic, naming the source, and no
 * read out of bounds (the sanitizer build would see one). blocks.so, blocks14.so,
 * blocks13.so and blocks10.so are one plugin built against this header and against
 * ABI 1.4's, 1.3's and 1.0's: all must load, into the same table. stale_size.so is an ABI 1.2 descriptor
 * whose size claims later fields; loading it on two threads must not call them.
 * Usage: test_plugin_bounds PLUGIN_DIR (the folder of the built test plugins). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plugin_loader.h"
#include "test_files.h"

/* The modes of lying.c, in the order of the INI, and the message each must give
 * against its [source] line; "%s" stands for the plugin file. */
static const struct {
  const char *mode;
  const char *message;
} cases[] = {
    {"short_cells", "source short_cells (plugin lying, %s): the plugin gave 4 cells for 2 rows "
                    "of 3 columns; a block must hold one cell per column for every row (the "
                    "plugin is wrong: report it to its authors)"},
    {"null_cell", "source null_cell (plugin lying, %s): row 2, column 'a': the plugin gave a "
                  "cell whose text is NULL but whose length is 5 (the plugin is wrong: report "
                  "it to its authors)"},
    {"null_cell_rows", "source null_cell_rows (plugin lying, %s): row 2, column 'a': the plugin "
                       "gave a cell whose text is NULL but whose length is 5 (the plugin is "
                       "wrong: report it to its authors)"},
    {"nul_text", "source nul_text (plugin lying, %s): column 'la' row 1 holds a NUL byte, which "
                 "no text may hold: the data may be binary, or in UTF-16 (not shown: it may be "
                 "personal data)"},
    {"many_columns", "source many_columns (plugin lying, %s): more than 4096 columns; a source "
                     "may have at most 4096: keep only the columns the rules read"},
    {"endless", "source endless (plugin lying, %s): more than 1000 rows; raise [limits] "
                "source_rows if the source really has more (a query or view that never ends "
                "is stopped here)"},
    {"endless_cells", "source endless_cells (plugin lying, %s): more than 1000 rows; raise "
                      "[limits] source_rows if the source really has more (a query or view that "
                      "never ends is stopped here)"},
};
#define CASE_COUNT (sizeof cases / sizeof *cases)

/* The INI's lines before the first [source]: [assessment] and [limits]. */
#define INI_HEADER_LINES 6

typedef struct fixture {
  const char *plugin_dir; /* the built test plugins */
  char dir[PATH_MAX];     /* scratch folder: copies of them, and the INIs */
} fixture;

static char *join(char *buffer, const char *a, const char *b) {
  int n = snprintf(buffer, PATH_MAX, "%s/%s", a, b);
  assert_true(n > 0 && n < PATH_MAX);
  return buffer;
}

/* Copies a built test plugin into the scratch folder (mode 0644); returns its path. */
static char *place(const fixture *f, const char *name, char *out) {
  char source[PATH_MAX], file[64];
  snprintf(file, sizeof file, "%s.so", name);
  join(source, f->plugin_dir, file);
  join(out, f->dir, file);
  if (test_copy_file(source, out, 0644) != 0) fail_msg("cannot copy %s", source);
  return out;
}

/* Writes the scratch folder's INI `name` from `sources` (its [source] sections),
 * with [limits] source_rows = rows. */
static char *write_ini(const fixture *f, const char *name, long rows, const char *sources,
                       char *out) {
  char rules[PATH_MAX];
  join(rules, f->dir, "rules");
  if (mkdir(rules, 0755) != 0 && errno != EEXIST) fail_msg("cannot create %s", rules);
  FILE *file = fopen(join(out, f->dir, name), "w");
  assert_non_null(file);
  fprintf(file, "[assessment]\nrules = rules\n\n[limits]\nsource_rows = %ld\n\n%s"
          "[authority north]\nname = North\nstage = pilot\n", rows, sources);
  assert_int_equal(fclose(file), 0);
  return out;
}

/* What loading lying.so once per mode gave; filled by load_lies, read by each case. */
typedef struct lies {
  fixture *f;
  char plugin[PATH_MAX], ini[PATH_MAX];
  test_loaded loaded;
} lies;

/* A case's state: the loaded lies, and which mode it checks. */
typedef struct lie_case {
  lies *lies;
  size_t index;
} lie_case;

static int load_lies(lies *l) {
  place(l->f, "lying", l->plugin);
  static char sources[CASE_COUNT * (PATH_MAX + 100)];
  size_t used = 0;
  for (size_t i = 0; i < CASE_COUNT; i++) {
    int n = snprintf(sources + used, sizeof sources - used,
                     "[source %s]\nplugin = %s\nmode = %s\n\n", cases[i].mode, l->plugin,
                     cases[i].mode);
    if (n < 0 || (size_t)n >= sizeof sources - used) return -1;
    used += (size_t)n;
  }
  return test_load_sources(write_ini(l->f, "lying.ini", 1000, sources, l->ini), 2, &l->loaded);
}

/* Each lie is one diagnostic against its source's line, and gives no table. */
static void test_lie_is_refused_by_name(void **state) {
  const lie_case *c = *state;
  const lies *l = c->lies;
  char expected[PATH_MAX + 512];
  snprintf(expected, sizeof expected, cases[c->index].message, l->plugin);
  long line = INI_HEADER_LINES + 1 + 4 * (long)c->index;
  size_t found = 0;
  for (size_t d = 0; d < l->loaded.diags.count; d++) {
    const diag *item = &l->loaded.diags.items[d];
    if (item->line != line) continue;
    found++;
    assert_string_equal(item->file, l->ini);
    assert_string_equal(item->message, expected);
  }
  if (found != 1) fail_msg("mode %s gave %zu diagnostics, expected 1", cases[c->index].mode, found);
}

static void test_no_lie_gives_a_table(void **state) {
  const lie_case *c = *state;
  assert_int_equal(c->lies->loaded.status, -1);
  assert_int_equal(c->lies->loaded.set.count, 0);
  assert_int_equal(c->lies->loaded.diags.count, CASE_COUNT);
}

/* Whether two tables hold the same columns and the same values, row by row. */
static void expect_same_table(const evidence_table *a, const evidence_table *b) {
  assert_int_equal(a->column_count, b->column_count);
  assert_int_equal(a->row_count, b->row_count);
  assert_int_equal(a->authority_column, b->authority_column);
  assert_int_equal(a->group_count, b->group_count);
  for (size_t c = 0; c < a->column_count; c++) {
    const evidence_column *x = &a->columns[c], *y = &b->columns[c];
    assert_string_equal(x->name, y->name);
    assert_int_equal(x->type, y->type);
    for (size_t r = 0; r < a->row_count; r++) {
      if (evidence_column_is_numeric(x)) {
        double u = evidence_number(x, r), v = evidence_number(y, r);
        assert_true((isnan(u) && isnan(v)) || u == v);
        continue;
      }
      size_t m, n;
      char room_s[EVIDENCE_TEXT_SPACE], room_t[EVIDENCE_TEXT_SPACE];
      const char *s = evidence_text(x, r, &m, room_s), *t = evidence_text(y, r, &n, room_t);
      assert_true((s == NULL) == (t == NULL));
      if (s) {
        assert_int_equal(m, n);
        assert_memory_equal(s, t, m);
      }
    }
  }
}

/* A plugin built against ABI 1.0's header gives its rows cell by cell and leaves
 * the date column to inference, one built against 1.3's through append_rows, ones
 * built against 1.4's and this one through append_cells: the same table each way. */
static void test_plugins_of_older_minors_give_the_same_table(void **state) {
  const fixture *f = *state;
  static const struct {
    const char *name;
    uint32_t minor;
  } builds[] = {{"blocks", SUSTAIN_PLUGIN_ABI_MINOR}, {"blocks14", 4}, {"blocks13", 3},
                {"blocks10", 0}};
  enum { BUILDS = sizeof builds / sizeof *builds };
  char files[BUILDS][PATH_MAX], ini[PATH_MAX], sources[BUILDS * (PATH_MAX + 64)] = "";
  for (size_t b = 0; b < BUILDS; b++) {
    place(f, builds[b].name, files[b]);
    diag_list diags = {0};
    loaded_plugin plugin;
    assert_int_equal(plugin_open(files[b], &plugin, &diags), 0);
    assert_int_equal(plugin.descriptor->abi_minor, builds[b].minor);
    plugin_close(&plugin);
    size_t used = strlen(sources);
    snprintf(sources + used, sizeof sources - used,
             "[source %s]\nplugin = %s\nauthority_column = la\n\n", builds[b].name, files[b]);
  }
  write_ini(f, "blocks.ini", 10000, sources, ini);
  test_loaded loaded;
  assert_int_equal(test_load_sources(ini, 1, &loaded), 0);
  for (size_t d = 0; d < loaded.diags.count; d++)
    print_error("unexpected: %s\n", loaded.diags.items[d].message);
  assert_int_equal(loaded.status, 0);
  assert_int_equal(loaded.set.count, BUILDS);
  assert_int_equal(loaded.set.tables[0]->row_count, 2500);
  assert_int_equal(loaded.set.tables[0]->columns[2].type, EVIDENCE_DATE);
  for (size_t b = 1; b < BUILDS; b++) expect_same_table(loaded.set.tables[0], loaded.set.tables[b]);
  test_unload_sources(&loaded);
}

/* An ABI 1.2 descriptor claiming the size of this one: the words after its load
 * are not count_parts and load_part, so it loads whole, even with threads to spare. */
static void test_size_does_not_stand_for_a_newer_minor(void **state) {
  const fixture *f = *state;
  char plugin[PATH_MAX], ini[PATH_MAX], sources[PATH_MAX + 64];
  place(f, "stale_size", plugin);
  diag_list diags = {0};
  loaded_plugin opened;
  assert_int_equal(plugin_open(plugin, &opened, &diags), 0);
  assert_false(plugin_loads_in_parts(opened.descriptor));
  plugin_close(&opened);
  snprintf(sources, sizeof sources, "[source stale]\nplugin = %s\n\n", plugin);
  test_loaded loaded;
  assert_int_equal(test_load_sources(write_ini(f, "stale.ini", 1000, sources, ini), 2, &loaded), 0);
  assert_int_equal(loaded.status, 0);
  assert_int_equal(loaded.set.count, 1);
  assert_int_equal(loaded.set.tables[0]->row_count, 1);
  test_unload_sources(&loaded);
}

int main(int argc, char **argv) {
  fixture f = {.plugin_dir = argc > 1 ? argv[1] : getenv("SUSTAIN_TEST_PLUGIN_DIR")};
  if (!f.plugin_dir || !*f.plugin_dir) {
    fprintf(stderr, "usage: %s PLUGIN_DIR: the folder of the built test plugins\n", argv[0]);
    return 2;
  }
  if (test_scratch_folder(f.dir, "sustain-bounds") != 0) return 1;
  /* the lies are loaded once, on two threads, and each checked as a case of its own */
  static lies loaded_lies;
  loaded_lies.f = &f;
  if (load_lies(&loaded_lies) != 0) {
    fprintf(stderr, "cannot load the lying plugin's INI\n");
    return 1;
  }
  lie_case lie_cases[CASE_COUNT];
  struct CMUnitTest tests[CASE_COUNT + 3];
  for (size_t i = 0; i < CASE_COUNT; i++) {
    lie_cases[i] = (lie_case){&loaded_lies, i};
    tests[i] = (struct CMUnitTest){cases[i].mode, test_lie_is_refused_by_name, NULL, NULL,
                                   &lie_cases[i]};
  }
  tests[CASE_COUNT] = (struct CMUnitTest)cmocka_unit_test_prestate(test_no_lie_gives_a_table,
                                                                   &lie_cases[0]);
  tests[CASE_COUNT + 1] = (struct CMUnitTest)cmocka_unit_test_prestate(
      test_plugins_of_older_minors_give_the_same_table, &f);
  tests[CASE_COUNT + 2] =
      (struct CMUnitTest)cmocka_unit_test_prestate(test_size_does_not_stand_for_a_newer_minor, &f);
  int failures = cmocka_run_group_tests(tests, NULL, NULL);
  test_unload_sources(&loaded_lies.loaded);
  test_remove_tree(f.dir);
  return failures;
}
