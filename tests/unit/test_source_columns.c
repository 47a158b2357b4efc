/* test_source_columns.c: a source's column keys checked against its loaded table
 * (engine/sources/source_columns.c): a source that several authorities read says
 * whose each row is or that it is shared, and the error names the column that
 * looks like the authority's; id_column must be a column. Configs are real INI
 * files; tables are built in memory as a plugin would fill them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "evidence_set.h"
#include "source_columns.h"
#include "table_builder.h"

/* Two authorities with DfE codes, and one source `people` whose keys a test adds. */
#define TWO_AUTHORITIES \
  "[assessment]\nrules = .\n\n"                         /* 1-3 */ \
  "[authority north]\nla_code = 935\n\n"                /* 4-6 */ \
  "[authority south]\nla_code = E08000010\n\n"          /* 7-9 */ \
  "[source people]\nplugin = csv\n"                     /* 10-11 */

typedef struct fixture {
  char dir[64];
  char ini[128];
  config *cfg;
  evidence_set tables;
  diag_list diags;
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  if (!f) return -1;
  snprintf(f->dir, sizeof f->dir, "/tmp/sustain-columns-XXXXXX");
  if (!mkdtemp(f->dir)) return -1;
  snprintf(f->ini, sizeof f->ini, "%s/review.ini", f->dir);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  config_free(f->cfg);
  evidence_set_free(&f->tables);
  diag_list_clear(&f->diags);
  remove(f->ini);
  int status = rmdir(f->dir);
  free(f);
  return status;
}

static void load_config(fixture *f, const char *text) {
  FILE *file = fopen(f->ini, "w");
  assert_non_null(file);
  fputs(text, file);
  fclose(file);
  assert_int_equal(config_load(f->ini, NULL, &f->cfg, &f->diags), 0);
}

/* Adds a table named name: columns, then rows of text cells ("" is missing). */
static void add_table(fixture *f, const char *name, size_t columns, const char *const *names,
                      size_t rows, const char *const *cells) {
  table_builder b;
  char error[TABLE_BUILDER_ERROR_SIZE];
  assert_int_equal(table_builder_init(&b, name, NULL), 0);
  for (size_t c = 0; c < columns; c++)
    assert_int_equal(
        table_builder_add_column(&b, names[c], strlen(names[c]), SUSTAIN_COLUMN_INFER, error), 0);
  for (size_t r = 0; r < rows * columns; r++) {
    assert_int_equal(table_builder_append_text(&b, cells[r], strlen(cells[r]), error), 0);
    if ((r + 1) % columns == 0) assert_int_equal(table_builder_end_row(&b, error), 0);
  }
  evidence_table *t = table_builder_finish(&b, error);
  assert_non_null(t);
  assert_int_equal(evidence_set_add(&f->tables, t), 0);
}

/* Checks the sources and expects one problem, at line, holding each text given. */
static void expect_problem(fixture *f, long line, const char *const *texts, size_t count) {
  assert_int_equal(source_columns_check(f->cfg, &f->tables, &f->diags), -1);
  assert_int_equal(f->diags.count, 1);
  const diag *d = &f->diags.items[0];
  assert_string_equal(d->file, f->ini);
  assert_int_equal(d->line, line);
  for (size_t i = 0; i < count; i++)
    if (!strstr(d->message, texts[i])) fail_msg("'%s' lacks '%s'", d->message, texts[i]);
}

static const char *const people_names[] = {"code", "la", "age"};
static const char *const people_cells[] = {"935", "north", "19", "935", "north", "20",
                                           "E08000010", "south", "18"};

static void test_the_column_of_ids_is_named(void **state) {
  fixture *f = *state;
  load_config(f, TWO_AUTHORITIES "path = people.csv\n");
  add_table(f, "people", 3, people_names, 3, people_cells);
  /* the IDs beat the la_code values of the column before them */
  const char *const texts[] = {
      "source people has neither authority_column nor shared = yes, so each of the 2 "
      "authorities would be assessed on all of its rows: its column 'la' holds the authority "
      "IDs (north, south): add authority_column = la; or, if every row really applies to "
      "every authority, shared = yes"};
  expect_problem(f, 10, texts, 1);
  source_clue clue;
  assert_int_equal(source_columns_clue(f->cfg, f->tables.tables[0], &clue), 0);
  assert_int_equal(clue.kind, SOURCE_CLUE_IDS);
  assert_int_equal(clue.column, 1);
  assert_int_equal(clue.matched, 2);
}

static void test_la_codes_are_named_with_their_authorities(void **state) {
  fixture *f = *state;
  load_config(f, TWO_AUTHORITIES);
  /* read as numbers, as the csv plugin infers a column of three-digit codes */
  static const char *const names[] = {"year", "old_la_code", "pct"};
  static const char *const cells[] = {"2024", "935", "51", "2024", "359", "60", "2024", "", "55"};
  add_table(f, "people", 3, names, 3, cells);
  const char *const texts[] = {
      "its column 'old_la_code' holds the authorities' la_code (935 for north), but "
      "authority_column needs a column whose values are the [authority] IDs: add such a column "
      "and authority_column = its name; or, if every row applies to every authority (as in "
      "DfE's published figures), shared = yes"};
  expect_problem(f, 10, texts, 1);
}

static void test_dfe_codes_are_recognised_without_la_code(void **state) {
  fixture *f = *state;
  load_config(f, "[assessment]\nrules = .\n[authority a]\n[authority b]\n[authority c]\n"
                 "[source regions]\nplugin = csv\n");
  static const char *const names[] = {"new_la_code", "count", "name"};
  static const char *const cells[] = {"E10000029", "12", "Suffolk", "E06000030", "9", "Swindon",
                                      "E10000029", "4", "Suffolk", "", "7", "England"};
  add_table(f, "regions", 3, names, 4, cells);
  const char *const texts[] = {
      "source regions has neither authority_column nor shared = yes, so each of the 3 "
      "authorities would be assessed on all of its rows: its column 'new_la_code' holds what "
      "look like DfE local authority codes (2 different), but authority_column needs"};
  expect_problem(f, 6, texts, 1);
}

static void test_without_a_clue_it_says_what_to_add(void **state) {
  fixture *f = *state;
  load_config(f, "[assessment]\nrules = .\n[authority a]\n[authority b]\n[authority c]\n"
                 "[authority d]\n[authority e]\n[source survey]\nplugin = csv\n");
  /* a count of 123 is a number, not a code, when other values are not codes */
  static const char *const names[] = {"respondent", "count"};
  static const char *const cells[] = {"R1", "123", "R2", "45"};
  add_table(f, "survey", 2, names, 2, cells);
  const char *const texts[] = {
      "none of its columns holds the authority IDs (a, b, c and 2 more), their la_code or DfE "
      "local authority codes: add a column that names each row's authority by its ID and "
      "authority_column = its name; or, if every row applies to every authority, shared = yes"};
  expect_problem(f, 8, texts, 1);
  source_clue clue;
  assert_int_equal(source_columns_clue(f->cfg, f->tables.tables[0], &clue), 0);
  assert_int_equal(clue.kind, SOURCE_CLUE_NONE);
  assert_int_equal(clue.column, -1);
}

static void test_a_source_that_did_not_load_is_still_reported(void **state) {
  fixture *f = *state;
  load_config(f, TWO_AUTHORITIES "path = missing.csv\n");
  const char *const texts[] = {"its data did not load, so no column was looked at: add "
                               "authority_column = the column that names each row's authority "
                               "by its ID; or, if every row applies to every authority, shared "
                               "= yes"};
  expect_problem(f, 10, texts, 1);
}

static void test_ids_among_many_distinct_values_are_found(void **state) {
  fixture *f = *state;
  load_config(f, TWO_AUTHORITIES);
  enum { ROWS = 5000 };
  static char keys[ROWS][16];
  static const char *cells[ROWS];
  for (size_t i = 0; i < ROWS; i++) {
    snprintf(keys[i], sizeof keys[i], "k%zu", i);
    cells[i] = keys[i];
  }
  cells[4321] = "south"; /* one ID among values nearly all different */
  static const char *const names[] = {"key"};
  add_table(f, "people", 1, names, ROWS, cells);
  assert_int_equal(f->tables.tables[0]->columns[0].storage, EVIDENCE_PLAIN);
  const char *const texts[] = {"its column 'key' holds the authority IDs (south): add "
                               "authority_column = key"};
  expect_problem(f, 10, texts, 1);
}

static void test_shared_authority_column_or_one_authority_is_fine(void **state) {
  fixture *f = *state;
  static const char *const configs[] = {
      TWO_AUTHORITIES "shared = yes\n",
      TWO_AUTHORITIES "authority_column = la\n",
      /* one authority: its rows are its own, nothing is pooled */
      "[assessment]\nrules = .\n[authority north]\n[source people]\nplugin = csv\n",
  };
  for (size_t i = 0; i < sizeof configs / sizeof *configs; i++) {
    load_config(f, configs[i]);
    add_table(f, "people", 3, people_names, 3, people_cells);
    assert_int_equal(source_columns_check(f->cfg, &f->tables, &f->diags), 0);
    assert_int_equal(f->diags.count, 0);
    config_free(f->cfg);
    f->cfg = NULL;
    evidence_set_free(&f->tables);
  }
}

static void test_id_column_must_be_a_column(void **state) {
  fixture *f = *state;
  load_config(f, TWO_AUTHORITIES "shared = yes\nid_column = CHLD\n");
  add_table(f, "people", 3, people_names, 3, people_cells);
  const char *const texts[] = {"id_column 'CHLD' is not a column of source people (its columns: "
                               "code, la, age): name the column that identifies each row"};
  expect_problem(f, 13, texts, 1);
  assert_int_equal(source_columns_identifier(&f->cfg->sources[0], f->tables.tables[0]), -1);
}

static void test_the_identifier_is_id_column_else_child(void **state) {
  fixture *f = *state;
  load_config(f, TWO_AUTHORITIES "shared = yes\n\n[source named]\nplugin = csv\n"
                 "shared = yes\nid_column = age\n");
  static const char *const names[] = {"la", "CHILD", "age"};
  static const char *const cells[] = {"north", "C1", "19"};
  add_table(f, "people", 3, names, 1, cells);
  add_table(f, "named", 3, names, 1, cells);
  assert_int_equal(source_columns_check(f->cfg, &f->tables, &f->diags), 0);
  assert_int_equal(source_columns_identifier(&f->cfg->sources[0], f->tables.tables[0]), 1);
  assert_int_equal(source_columns_identifier(&f->cfg->sources[1], f->tables.tables[1]), 2);
  evidence_set_free(&f->tables);
  add_table(f, "people", 3, people_names, 1, people_cells); /* no CHILD */
  assert_int_equal(source_columns_identifier(&f->cfg->sources[0], f->tables.tables[0]), -1);
}

static void test_every_source_is_reported(void **state) {
  fixture *f = *state;
  load_config(f, TWO_AUTHORITIES "\n[source other]\nplugin = csv\n");
  add_table(f, "people", 3, people_names, 3, people_cells);
  assert_int_equal(source_columns_check(f->cfg, &f->tables, &f->diags), -1);
  assert_int_equal(f->diags.count, 2);
  assert_int_equal(f->diags.items[0].line, 10);
  assert_int_equal(f->diags.items[1].line, 13);
  assert_non_null(strstr(f->diags.items[1].message, "source other has neither"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_the_column_of_ids_is_named, setup, teardown),
      cmocka_unit_test_setup_teardown(test_la_codes_are_named_with_their_authorities, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_dfe_codes_are_recognised_without_la_code, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_without_a_clue_it_says_what_to_add, setup, teardown),
      cmocka_unit_test_setup_teardown(test_a_source_that_did_not_load_is_still_reported, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_ids_among_many_distinct_values_are_found, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_shared_authority_column_or_one_authority_is_fine,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_id_column_must_be_a_column, setup, teardown),
      cmocka_unit_test_setup_teardown(test_the_identifier_is_id_column_else_child, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_every_source_is_reported, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
