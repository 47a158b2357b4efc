/* test_table_bounds.c: the table builder against what a plugin may claim or send:
 * more columns than a source may have, a repeated name among thousands, and
 * tables whose columns met many or few repeated values, which must give the
 * same table whether or not their caches were made (docs/security.md, "Plugins
 * and sources"). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table_builder.h"

/* A builder with `columns` columns named c0, c1, ...; fails the test otherwise. */
static void add_columns(table_builder *b, size_t columns) {
  char error[TABLE_BUILDER_ERROR_SIZE], name[32];
  for (size_t c = 0; c < columns; c++) {
    int length = snprintf(name, sizeof name, "c%zu", c);
    if (table_builder_add_column(b, name, (size_t)length, SUSTAIN_COLUMN_INFER, error) != 0)
      fail_msg("column %zu refused: %s", c, error);
  }
}

static void test_more_columns_than_a_source_may_have_are_refused(void **state) {
  (void)state;
  table_builder b;
  char error[TABLE_BUILDER_ERROR_SIZE];
  assert_int_equal(table_builder_init(&b, "t", NULL), 0);
  add_columns(&b, SUSTAIN_MAX_COLUMNS);
  assert_int_equal(table_builder_add_column(&b, "one more", 8, SUSTAIN_COLUMN_TEXT, error), -1);
  assert_string_equal(error, "more than 4096 columns; a source may have at most 4096: keep only "
                             "the columns the rules read");
  assert_int_equal(b.table->column_count, SUSTAIN_MAX_COLUMNS);
  table_builder_free(&b);
}

/* The name index finds a repeat wherever it is, and tells names apart that share
 * a prefix (c1, c10, c100). */
static void test_repeated_name_among_thousands_is_refused(void **state) {
  (void)state;
  table_builder b;
  char error[TABLE_BUILDER_ERROR_SIZE];
  assert_int_equal(table_builder_init(&b, "t", "c2999"), 0);
  add_columns(&b, 3000);
  assert_int_equal(b.table->authority_column, 2999);
  const char *repeats[] = {"c0", "c1", "c10", "c100", "c2999"};
  for (size_t i = 0; i < sizeof repeats / sizeof *repeats; i++) {
    assert_int_equal(table_builder_add_column(&b, repeats[i], strlen(repeats[i]),
                                              SUSTAIN_COLUMN_TEXT, error),
                     -1);
    char expected[TABLE_BUILDER_ERROR_SIZE];
    snprintf(expected, sizeof expected,
             "column '%s' appears twice: give every column a distinct name", repeats[i]);
    assert_string_equal(error, expected);
  }
  /* a longer name that starts like one already there is a new column */
  assert_int_equal(table_builder_add_column(&b, "c29990", 6, SUSTAIN_COLUMN_TEXT, error), 0);
  assert_int_equal(b.table->column_count, 3001);
  assert_string_equal(b.table->columns[3000].name, "c29990");
  table_builder_free(&b);
}

/* Cell r of column c: column 0 repeats ten short values (its caches get made),
 * column 1 never repeats (they never do), column 2 repeats dates, column 3
 * one-byte values. */
static const char *cell_text(size_t r, size_t c, char *buffer) {
  switch (c) {
  case 0: snprintf(buffer, 32, "v%zu", r % 10); break;
  case 1: snprintf(buffer, 32, "id%07zu", r); break;
  case 2: snprintf(buffer, 32, "2024-01-%02zu", 1 + r % 28); break;
  default: snprintf(buffer, 32, "%zu", r % 7); break;
  }
  return buffer;
}

/* Whatever caches the columns got, every row reads back as it was given, row by
 * row and in blocks alike. */
static void test_cells_read_back_with_and_without_caches(void **state) {
  (void)state;
  enum { ROWS = 3 * TABLE_BUILDER_REPEATS_BEFORE_CACHE + 17, COLUMNS = 4 };
  table_builder b;
  char error[TABLE_BUILDER_ERROR_SIZE];
  assert_int_equal(table_builder_init(&b, "t", NULL), 0);
  add_columns(&b, COLUMNS);
  static char text[ROWS][COLUMNS][32];
  static sustain_cell cells[ROWS * COLUMNS];
  for (size_t r = 0; r < ROWS; r++)
    for (size_t c = 0; c < COLUMNS; c++) {
      const char *t = cell_text(r, c, text[r][c]);
      cells[r * COLUMNS + c] = (sustain_cell){t, strlen(t)};
    }
  for (size_t r = 0; r < 100; r++) /* the first rows one at a time */
    assert_int_equal(table_builder_append_rows(&b, cells + r * COLUMNS, 1, error), 0);
  assert_int_equal(table_builder_append_rows(&b, cells + 100 * COLUMNS, ROWS - 100, error), 0);
  assert_non_null(b.columns[0].caches);
  assert_null(b.columns[1].caches);
  evidence_table *t = table_builder_finish(&b, error);
  assert_non_null(t);
  assert_int_equal(t->row_count, ROWS);
  for (size_t r = 0; r < ROWS; r++) {
    size_t length;
    const char *value = evidence_text(&t->columns[0], r, &length);
    assert_non_null(value);
    assert_int_equal(length, strlen(text[r][0]));
    assert_memory_equal(value, text[r][0], length);
    value = evidence_text(&t->columns[1], r, &length);
    assert_int_equal(length, strlen(text[r][1]));
    assert_memory_equal(value, text[r][1], length);
    assert_true(evidence_number(&t->columns[3], r) == (double)(r % 7));
  }
  assert_int_equal(t->columns[2].type, EVIDENCE_DATE);
  evidence_table_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_more_columns_than_a_source_may_have_are_refused),
      cmocka_unit_test(test_repeated_name_among_thousands_is_refused),
      cmocka_unit_test(test_cells_read_back_with_and_without_caches),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
