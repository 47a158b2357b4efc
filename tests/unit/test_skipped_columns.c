/* test_skipped_columns.c: a table builder told which columns to store
 * (table_builder_choose, engine/sources/column_choice.h): the others keep their place
 * and name but no values, are found by no lookup, which tells the table's `missed`,
 * and their cells are checked as a stored column's are; a column of dates keeps its
 * latest, across parts joined too. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "table_builder.h"

/* Stores only the column named "kept" (the authority column, and numbers and dates
 * declared by the plugin, are stored whatever it says). */
static int keep_kept(const void *context, const char *name) {
  (void)context;
  return strcmp(name, "kept") == 0;
}

static const char *const NAMES[] = {"la", "kept", "when", "note", "count"};
static const sustain_column_type TYPES[] = {SUSTAIN_COLUMN_INFER, SUSTAIN_COLUMN_INFER,
                                            SUSTAIN_COLUMN_INFER, SUSTAIN_COLUMN_TEXT,
                                            SUSTAIN_COLUMN_NUMBER};
#define COLUMNS 5

static void start(table_builder *b, int *missed) {
  char error[TABLE_BUILDER_ERROR_SIZE];
  assert_int_equal(table_builder_init(b, "t", "la"), 0);
  table_builder_choose(b, keep_kept, NULL, missed);
  for (size_t c = 0; c < COLUMNS; c++)
    if (table_builder_add_column(b, NAMES[c], strlen(NAMES[c]), TYPES[c], error) != 0)
      fail_msg("%s", error);
}

/* Appends rows of (la, kept, when, note, count) given as texts. */
static int append(table_builder *b, const char *const (*rows)[COLUMNS], size_t count,
                  char *error) {
  sustain_cell *cells = calloc(count * COLUMNS, sizeof *cells);
  assert_non_null(cells);
  for (size_t r = 0; r < count; r++)
    for (size_t c = 0; c < COLUMNS; c++)
      cells[r * COLUMNS + c] = (sustain_cell){rows[r][c], strlen(rows[r][c])};
  int status = table_builder_append_rows(b, cells, count, error);
  free(cells);
  return status;
}

static double days_of(const char *text) {
  long days;
  assert_int_equal(date_cell_days(text, strlen(text), &days), 0);
  return (double)days;
}

static const char *const FIRST[][COLUMNS] = {{"north", "1", "2023-05-01", "a", "3"},
                                             {"south", "2", "2024-01-09", "", "4"},
                                             {"north", "3", "", "b", ""}};
static const char *const SECOND[][COLUMNS] = {{"south", "4", "2024-02-10", "c", "5"}};
static const char *const NOT_A_DATE[][COLUMNS] = {{"south", "5", "soon", "d", "6"}};

static void test_skipped_columns_keep_place_and_name(void **state) {
  (void)state;
  int missed = 0;
  table_builder b;
  char error[TABLE_BUILDER_ERROR_SIZE];
  start(&b, &missed);
  assert_int_equal(append(&b, FIRST, 3, error), 0);
  evidence_table *t = table_builder_finish(&b, error);
  assert_non_null(t);
  assert_int_equal(t->column_count, COLUMNS);
  for (size_t c = 0; c < COLUMNS; c++) assert_string_equal(t->columns[c].name, NAMES[c]);
  /* stored: the authority, the chosen, the declared number; left out: the others */
  int skipped[] = {0, 0, 1, 1, 0};
  for (size_t c = 0; c < COLUMNS; c++) assert_int_equal(t->columns[c].skipped, skipped[c]);
  assert_true(t->missed == &missed);
  assert_int_equal(evidence_table_column(t, "kept"), 1);
  assert_int_equal(evidence_table_column(t, "count"), 4);
  assert_int_equal(evidence_table_column(t, "nothing"), -1);
  assert_int_equal(missed, 0); /* a name no column has is not one left out */
  assert_int_equal(evidence_table_column(t, "note"), -1);
  assert_int_equal(missed, 1);
  /* every row reads as missing; the dates' latest is kept aside */
  for (size_t r = 0; r < t->row_count; r++) {
    size_t length;
    assert_null(evidence_text(&t->columns[2], r, &length, (char[EVIDENCE_TEXT_SPACE]){0}));
  }
  assert_true(t->columns[2].skipped_latest == days_of("2024-01-09"));
  assert_true(isnan(t->columns[3].skipped_latest)); /* declared text: never dates */
  evidence_table_free(t);
}

static void test_parts_joined_keep_the_latest_date(void **state) {
  (void)state;
  int missed = 0;
  table_builder b, part;
  char error[TABLE_BUILDER_ERROR_SIZE];
  start(&b, &missed);
  start(&part, &missed);
  assert_int_equal(append(&b, FIRST, 3, error), 0);
  assert_int_equal(append(&part, SECOND, 1, error), 0);
  assert_int_equal(table_builder_join(&b, &part, error), 0);
  table_builder_free(&part);
  evidence_table *t = table_builder_finish(&b, error);
  assert_non_null(t);
  assert_int_equal(t->row_count, 4);
  assert_true(t->columns[2].skipped_latest == days_of("2024-02-10"));
  evidence_table_free(t);
  /* a part with a value that is not a date: the column is not one of dates */
  start(&b, &missed);
  start(&part, &missed);
  assert_int_equal(append(&b, FIRST, 3, error), 0);
  assert_int_equal(append(&part, NOT_A_DATE, 1, error), 0);
  assert_int_equal(table_builder_join(&b, &part, error), 0);
  table_builder_free(&part);
  t = table_builder_finish(&b, error);
  assert_non_null(t);
  assert_true(isnan(t->columns[2].skipped_latest));
  evidence_table_free(t);
}

/* A NUL byte in a column left out is refused with the message a stored column gives. */
static void test_nul_refused_as_when_stored(void **state) {
  (void)state;
  static const char *const ROWS[][COLUMNS] = {{"north", "1", "2023-05-01", "fine", "1"},
                                              {"north", "2", "2023-05-01", "ok", "2"}};
  char stored_error[TABLE_BUILDER_ERROR_SIZE], skipped_error[TABLE_BUILDER_ERROR_SIZE];
  for (int choose = 0; choose <= 1; choose++) {
    int missed = 0;
    table_builder b;
    char *error = choose ? skipped_error : stored_error;
    if (choose) {
      start(&b, &missed);
    } else {
      assert_int_equal(table_builder_init(&b, "t", "la"), 0);
      for (size_t c = 0; c < COLUMNS; c++)
        assert_int_equal(table_builder_add_column(&b, NAMES[c], strlen(NAMES[c]), TYPES[c], error), 0);
    }
    sustain_cell cells[2 * COLUMNS];
    for (size_t r = 0; r < 2; r++)
      for (size_t c = 0; c < COLUMNS; c++)
        cells[r * COLUMNS + c] = (sustain_cell){ROWS[r][c], strlen(ROWS[r][c])};
    cells[1 * COLUMNS + 3] = (sustain_cell){"o\0k", 3}; /* note, row 2 */
    assert_int_equal(table_builder_append_rows(&b, cells, 2, error), -1);
    assert_int_equal(b.failed_row, 1);
    table_builder_free(&b);
  }
  assert_string_equal(skipped_error, stored_error);
  assert_non_null(strstr(stored_error, "NUL"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_skipped_columns_keep_place_and_name),
      cmocka_unit_test(test_parts_joined_keep_the_latest_date),
      cmocka_unit_test(test_nul_refused_as_when_stored),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
