/* test_table_bounds.c: the table builder against what a plugin may claim or send:
 * more columns than a source may have, a repeated name among thousands, tables
 * whose columns met many or few repeated values (the same table whether or not
 * their caches were made), and rows and memory past [limits] source_rows and
 * source_memory_mb (docs/security.md, "Plugins and sources"). */
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
    /* named by position, never by its text (a file without a header has data there) */
    snprintf(expected, sizeof expected,
             "columns %d and 3001 have the same name: give every column a distinct name",
             atoi(repeats[i] + 1) + 1);
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
    const char *value = evidence_text(&t->columns[0], r, &length, (char[EVIDENCE_TEXT_SPACE]){0});
    assert_non_null(value);
    assert_int_equal(length, strlen(text[r][0]));
    assert_memory_equal(value, text[r][0], length);
    value = evidence_text(&t->columns[1], r, &length, (char[EVIDENCE_TEXT_SPACE]){0});
    assert_int_equal(length, strlen(text[r][1]));
    assert_memory_equal(value, text[r][1], length);
    assert_true(evidence_number(&t->columns[3], r) == (double)(r % 7));
  }
  assert_int_equal(t->columns[2].type, EVIDENCE_DATE);
  evidence_table_free(t);
}

/* Appends `rows` rows of one column, each value distinct and `width` bytes long. */
static int append_distinct(table_builder *b, size_t first, size_t rows, size_t width,
                           char *error) {
  static char text[64][128];
  sustain_cell cells[64];
  for (size_t done = 0; done < rows;) {
    size_t block = rows - done < 64 ? rows - done : 64;
    for (size_t r = 0; r < block; r++) {
      snprintf(text[r], sizeof text[r], "%0*zu", (int)width, first + done + r);
      cells[r] = (sustain_cell){text[r], width};
    }
    if (table_builder_append_rows(b, cells, block, error) != 0) return -1;
    done += block;
  }
  return 0;
}

/* The block that would take the table past source_rows is refused whole, with
 * the key to raise; the table keeps the rows before it. */
static void test_rows_past_the_limit_are_refused(void **state) {
  (void)state;
  table_builder b;
  char error[TABLE_BUILDER_ERROR_SIZE];
  assert_int_equal(table_builder_init(&b, "t", NULL), 0);
  table_builder_set_limits(&b, (table_limits){1000, SIZE_MAX}, 1);
  add_columns(&b, 1);
  assert_int_equal(append_distinct(&b, 0, 960, 8, error), 0);
  assert_int_equal(append_distinct(&b, 960, 64, 8, error), -1);
  assert_string_equal(error, "more than 1000 rows; raise [limits] source_rows if the source "
                             "really has more (a query or view that never ends is stopped here)");
  assert_true(b.limit_hit);
  assert_int_equal(b.table->row_count, 960);
  table_builder_free(&b);
}

/* Distinct values of 100 bytes: the dictionary and the row storage grow until
 * the memory limit stops them, not much past it. */
static void test_memory_past_the_limit_is_refused(void **state) {
  (void)state;
  table_builder b;
  char error[TABLE_BUILDER_ERROR_SIZE];
  const size_t limit = 4 * 1024 * 1024;
  assert_int_equal(table_builder_init(&b, "t", NULL), 0);
  table_builder_set_limits(&b, (table_limits){SIZE_MAX, limit}, 1);
  add_columns(&b, 1);
  size_t rows = 0;
  while (rows < 1000000 && append_distinct(&b, rows, 64, 100, error) == 0) rows += 64;
  assert_true(rows < 1000000);
  assert_true(b.limit_hit);
  char expected[TABLE_BUILDER_ERROR_SIZE];
  snprintf(expected, sizeof expected,
           "more than 4 MB of memory for its table after %zu rows; raise [limits] "
           "source_memory_mb if the source really is that large (a query or view that never "
           "ends is stopped here)",
           b.table->row_count);
  assert_string_equal(error, expected);
  /* stopped by the limit, not long after it: one block and one doubling at most */
  assert_true(rows * 100 > limit / 4);
  assert_true(table_builder_memory(&b) < 2 * limit + 64 * 128);
  table_builder_free(&b);
}

/* Row storage grows by doubling; near the limit it grows only as far as fits,
 * so rows of one byte each fill the limit rather than half of it. */
static void test_row_storage_grows_only_as_far_as_the_limit(void **state) {
  (void)state;
  table_builder b;
  char error[TABLE_BUILDER_ERROR_SIZE];
  const size_t limit = 1024 * 1024;
  assert_int_equal(table_builder_init(&b, "t", NULL), 0);
  table_builder_set_limits(&b, (table_limits){SIZE_MAX, limit}, 1);
  add_columns(&b, 1);
  sustain_cell cells[1024];
  for (size_t r = 0; r < 1024; r++) cells[r] = (sustain_cell){"x", 1};
  size_t rows = 0;
  while (rows < 4 * limit && table_builder_append_rows(&b, cells, 1024, error) == 0) rows += 1024;
  assert_true(b.limit_hit);
  assert_true(table_builder_memory(&b) <= limit);
  assert_true(rows > limit * 3 / 4); /* a doubling from 512 K rows would have stopped at half */
  table_builder_free(&b);
}

/* A part loading with another takes half the limits; joined, the table may
 * take them whole. */
static void test_parts_share_the_limits(void **state) {
  (void)state;
  table_builder first, second;
  char error[TABLE_BUILDER_ERROR_SIZE];
  table_builder *parts[] = {&first, &second};
  for (size_t k = 0; k < 2; k++) {
    assert_int_equal(table_builder_init(parts[k], "t", NULL), 0);
    table_builder_set_limits(parts[k], (table_limits){1000, SIZE_MAX}, 2);
    add_columns(parts[k], 1);
    assert_int_equal(append_distinct(parts[k], 500 * k, 500, 8, error), 0);
  }
  assert_int_equal(append_distinct(&second, 1000, 1, 8, error), -1);
  assert_true(second.limit_hit);
  assert_int_equal(table_builder_join(&first, &second, error), 0);
  assert_int_equal(first.table->row_count, 1000);
  assert_int_equal(append_distinct(&first, 1000, 1, 8, error), -1);
  assert_non_null(strstr(error, "more than 1000 rows"));
  table_builder_free(&first);
  table_builder_free(&second);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_more_columns_than_a_source_may_have_are_refused),
      cmocka_unit_test(test_repeated_name_among_thousands_is_refused),
      cmocka_unit_test(test_cells_read_back_with_and_without_caches),
      cmocka_unit_test(test_rows_past_the_limit_are_refused),
      cmocka_unit_test(test_memory_past_the_limit_is_refused),
      cmocka_unit_test(test_row_storage_grows_only_as_far_as_the_limit),
      cmocka_unit_test(test_parts_share_the_limits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
