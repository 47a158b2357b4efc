/* test_evidence.c: the columnar store: building tables cell by cell, type
 * inference, grouping by authority, filters and aggregations. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "date.h"
#include "evidence.h"
#include "table_builder.h"

/* Builds a table from rows of text cells ("" is missing). */
static evidence_table *build(const char *authority, size_t columns, const char *const *names,
                             size_t rows, const char *const *cells) {
  table_builder b;
  char error[TABLE_BUILDER_ERROR_SIZE];
  assert_int_equal(table_builder_init(&b, "t", authority), 0);
  for (size_t c = 0; c < columns; c++)
    assert_int_equal(
        table_builder_add_column(&b, names[c], strlen(names[c]), SUSTAIN_COLUMN_INFER, error), 0);
  for (size_t r = 0; r < rows; r++) {
    for (size_t c = 0; c < columns; c++) {
      const char *cell = cells[r * columns + c];
      assert_int_equal(table_builder_append_text(&b, cell, strlen(cell), error), 0);
    }
    assert_int_equal(table_builder_end_row(&b, error), 0);
  }
  evidence_table *t = table_builder_finish(&b, error);
  assert_non_null(t);
  return t;
}

static const char *const names[] = {"la", "ACTIV", "age", "code"};
static const char *const cells[] = {
    "south", "F1", "19", "201", /* */
    "north", "G5", "20", "x",   /* */
    "south", "",   "",   "202", /* */
    "north", "F1", "21", "203", /* */
    "",      "P1", "18", "204", /* */
    "north", "0",  "19", "205",
};

static void test_inference_and_missing(void **state) {
  (void)state;
  evidence_table *t = build("la", 4, names, 6, cells);
  assert_int_equal(t->row_count, 6);
  assert_int_equal(t->columns[0].type, EVIDENCE_TEXT); /* authority ids stay text */
  assert_int_equal(t->columns[1].type, EVIDENCE_TEXT);
  assert_int_equal(t->columns[2].type, EVIDENCE_NUMBER); /* every present value a number */
  assert_int_equal(t->columns[3].type, EVIDENCE_TEXT);   /* "x" makes it text */
  /* a missing number is NAN, never zero */
  evidence_view south = evidence_table_view(t, "south");
  assert_int_equal(evidence_view_size(&south), 2);
  double sum = -1;
  assert_int_equal(evidence_sum(&south, 2, NULL, &sum), 1);
  assert_true(sum == 19);
  double mean = -1;
  assert_int_equal(evidence_mean(&south, 2, NULL, &mean), 1);
  assert_true(mean == 19);
  evidence_table_free(t);
}

static void test_grouping_keeps_source_order(void **state) {
  (void)state;
  evidence_table *t = build("la", 4, names, 6, cells);
  assert_int_equal(t->group_count, 2);
  assert_string_equal(t->groups[0].authority, "north");
  assert_string_equal(t->groups[1].authority, "south");
  assert_int_equal(t->rows_without_authority, 1);
  evidence_view north = evidence_table_view(t, "north");
  assert_int_equal(evidence_view_size(&north), 3);
  const evidence_column *activ = &t->columns[1];
  const char *expected[] = {"G5", "F1", "0"};
  for (size_t i = 0; i < 3; i++) {
    size_t length;
    const char *text = evidence_text(activ, evidence_view_row(&north, i), &length);
    assert_int_equal(length, strlen(expected[i]));
    assert_memory_equal(text, expected[i], length);
  }
  evidence_view nobody = evidence_table_view(t, "west");
  assert_int_equal(evidence_view_size(&nobody), 0);
  evidence_table_free(t);
}

static void test_filters(void **state) {
  (void)state;
  evidence_table *t = build(NULL, 4, names, 6, cells);
  evidence_view all = evidence_table_view(t, "anyone");
  assert_int_equal(evidence_view_size(&all), 6); /* no authority column: every row */
  char error[200];
  const char *eet[] = {"F1", "P1"};
  size_t lengths[] = {2, 2};
  evidence_filter f = {0};
  assert_int_equal(evidence_filter_add_set(&f, t, 1, 0, eet, lengths, NULL, 2, error, sizeof error), 0);
  assert_int_equal(evidence_count(&all, &f), 3);
  evidence_filter_free(&f);

  /* not_in never matches a missing value */
  assert_int_equal(evidence_filter_add_set(&f, t, 1, 1, eet, lengths, NULL, 2, error, sizeof error), 0);
  assert_int_equal(evidence_count(&all, &f), 2);
  evidence_filter_free(&f);

  assert_int_equal(evidence_filter_add_missing(&f, t, 1, 1), 0);
  assert_int_equal(evidence_count(&all, &f), 1);
  evidence_filter_free(&f);

  /* comparisons on numbers, conjunction of conditions */
  assert_int_equal(evidence_filter_add_compare(&f, t, 2, EVIDENCE_GE, 19, error, sizeof error), 0);
  assert_int_equal(evidence_filter_add_compare(&f, t, 2, EVIDENCE_LT, 21, error, sizeof error), 0);
  assert_int_equal(evidence_count(&all, &f), 3);
  double max = 0;
  assert_int_equal(evidence_max(&all, 2, &f, &max), 3);
  assert_true(max == 20);
  evidence_filter_free(&f);

  /* a comparison on a text column is refused with a message */
  assert_int_equal(evidence_filter_add_compare(&f, t, 1, EVIDENCE_GT, 1, error, sizeof error), -1);
  assert_non_null(strstr(error, "holds text"));
  evidence_filter_free(&f);

  /* a value not in the dictionary matches nothing */
  const char *unknown[] = {"Z9"};
  size_t unknown_length[] = {2};
  assert_int_equal(evidence_filter_add_set(&f, t, 1, 0, unknown, unknown_length, NULL, 1, error, sizeof error), 0);
  assert_int_equal(evidence_count(&all, &f), 0);
  evidence_filter_free(&f);
  evidence_table_free(t);
}

static void test_selection_and_aggregates(void **state) {
  (void)state;
  evidence_table *t = build(NULL, 4, names, 6, cells);
  evidence_view all = evidence_table_view(t, "x");
  char error[200];
  const char *f1[] = {"F1"};
  size_t length[] = {2};
  evidence_filter f = {0};
  assert_int_equal(evidence_filter_add_set(&f, t, 1, 0, f1, length, NULL, 1, error, sizeof error), 0);
  uint32_t rows[6];
  size_t n = evidence_select(&all, &f, rows);
  assert_int_equal(n, 2);
  evidence_view narrow = {t, 0, 0, rows, n};
  double min = 0, sum = 0;
  assert_int_equal(evidence_min(&narrow, 2, NULL, &min), 2);
  assert_true(min == 19);
  assert_int_equal(evidence_sum(&narrow, 2, NULL, &sum), 2);
  assert_true(sum == 40);
  evidence_filter_free(&f);
  /* no values: nothing is written, and the count says so */
  evidence_view empty = {t, 0, 0, NULL, 0};
  double untouched = 42;
  assert_int_equal(evidence_mean(&empty, 2, NULL, &untouched), 0);
  assert_true(untouched == 42);
  evidence_table_free(t);
}

static void test_builder_errors(void **state) {
  (void)state;
  table_builder b;
  char error[TABLE_BUILDER_ERROR_SIZE];
  assert_int_equal(table_builder_init(&b, "t", "la"), 0);
  assert_int_equal(table_builder_add_column(&b, "a", 1, SUSTAIN_COLUMN_NUMBER, error), 0);
  assert_int_equal(table_builder_add_column(&b, "a", 1, SUSTAIN_COLUMN_TEXT, error), -1);
  assert_non_null(strstr(error, "appears twice"));
  /* a row is checked whole, when it ends */
  assert_int_equal(table_builder_append_text(&b, "abc", 3, error), 0);
  assert_int_equal(table_builder_end_row(&b, error), -1);
  assert_non_null(strstr(error, "declared as numbers"));
  table_builder_free(&b);

  assert_int_equal(table_builder_init(&b, "t", "la"), 0);
  assert_int_equal(table_builder_add_column(&b, "x", 1, SUSTAIN_COLUMN_INFER, error), 0);
  assert_int_equal(table_builder_append_text(&b, "1", 1, error), 0);
  assert_int_equal(table_builder_append_text(&b, "2", 1, error), -1); /* too many cells */
  assert_non_null(strstr(error, "more cells"));
  table_builder_free(&b);

  assert_int_equal(table_builder_init(&b, "t", "la"), 0);
  assert_int_equal(table_builder_add_column(&b, "x", 1, SUSTAIN_COLUMN_INFER, error), 0);
  assert_null(table_builder_finish(&b, error)); /* the authority column is missing */
  assert_non_null(strstr(error, "authority_column 'la'"));
  table_builder_free(&b);

  assert_int_equal(table_builder_init(&b, "t", NULL), 0);
  assert_int_equal(table_builder_add_column(&b, "x", 1, SUSTAIN_COLUMN_INFER, error), 0);
  assert_int_equal(table_builder_append_number(&b, NAN, error), -1);
  table_builder_free(&b);
}

static void test_header_only_table(void **state) {
  (void)state;
  evidence_table *t = build("la", 4, names, 0, cells);
  assert_int_equal(t->row_count, 0);
  evidence_view v = evidence_table_view(t, "north");
  assert_int_equal(evidence_view_size(&v), 0);
  assert_int_equal(evidence_count(&v, NULL), 0);
  evidence_table_free(t);
}

static void test_zero_padded_codes_stay_text(void **state) {
  (void)state;
  static const char *const code_names[] = {"ACCOM"};
  static const char *const codes[] = {"01", "12", "0"};
  evidence_table *t = build(NULL, 1, code_names, 3, codes);
  assert_int_equal(t->columns[0].type, EVIDENCE_TEXT);
  evidence_table_free(t);
  assert_true(table_builder_is_zero_padded("007", 3));
  assert_true(table_builder_is_zero_padded("-01", 3));
  assert_false(table_builder_is_zero_padded("0", 1));
  assert_false(table_builder_is_zero_padded("0.5", 3));
  assert_false(table_builder_is_zero_padded("10", 2));
}

static void test_dates(void **state) {
  (void)state;
  static const char *const date_names[] = {"DOB", "mixed"};
  static const char *const dates[] = {"30/03/2001", "2024-01-31", "", "x", "01/02/2003", "2024-02-29"};
  evidence_table *t = build(NULL, 2, date_names, 3, dates);
  assert_int_equal(t->columns[0].type, EVIDENCE_DATE); /* both spellings are dates */
  assert_int_equal(t->columns[1].type, EVIDENCE_TEXT);
  sx_date d;
  assert_int_equal(date_parse("2001-03-30", &d), 0);
  assert_true(evidence_number(&t->columns[0], 0) == (double)date_to_days(d));
  assert_true(isnan(evidence_number(&t->columns[0], 1))); /* missing */
  evidence_view all = evidence_table_view(t, "x");
  char error[200];
  evidence_filter f = {0};
  assert_int_equal(date_parse("2002-01-01", &d), 0);
  assert_int_equal(evidence_filter_add_compare(&f, t, 0, EVIDENCE_LT, (double)date_to_days(d), error, sizeof error), 0);
  assert_int_equal(evidence_count(&all, &f), 1);
  evidence_filter_free(&f);
  evidence_table_free(t);
  /* days and back, across leap years and eras */
  const char *samples[] = {"1970-01-01", "2000-02-29", "1899-12-31", "2024-03-31", "2100-03-01"};
  for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
    char back[11];
    assert_int_equal(date_parse(samples[i], &d), 0);
    date_format(date_from_days(date_to_days(d)), back);
    assert_string_equal(back, samples[i]);
  }
  assert_int_equal(date_parse_cell("31/04/2020", 10, &d), -1); /* no such day */
  assert_int_equal(date_parse_cell("2020-4-1", 8, &d), -1);
}

static void test_parse_number(void **state) {
  (void)state;
  double x;
  const char *good[] = {"0", "-1", "+2.5", " 3 ", "1e3", ".5", "5."};
  const double value[] = {0, -1, 2.5, 3, 1000, 0.5, 5};
  for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
    assert_int_equal(table_builder_parse_number(good[i], strlen(good[i]), &x), 0);
    assert_true(x == value[i]);
  }
  const char *bad[] = {"", " ", "nan", "inf", "0x10", "1e", "1,5", "--1", "1e999", "12abc", "."};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    assert_int_equal(table_builder_parse_number(bad[i], strlen(bad[i]), &x), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_inference_and_missing),
      cmocka_unit_test(test_grouping_keeps_source_order),
      cmocka_unit_test(test_filters),
      cmocka_unit_test(test_selection_and_aggregates),
      cmocka_unit_test(test_builder_errors),
      cmocka_unit_test(test_header_only_table),
      cmocka_unit_test(test_zero_padded_codes_stay_text),
      cmocka_unit_test(test_dates),
      cmocka_unit_test(test_parse_number),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
