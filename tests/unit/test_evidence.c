/* test_evidence.c: the columnar store: building tables cell by cell, type
 * inference, grouping by authority, filters and aggregations. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "date.h"
#include "evidence.h"
#include "number.h"
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
    const char *text = evidence_text(activ, evidence_view_row(&north, i), &length,
                                     (char[EVIDENCE_TEXT_SPACE]){0});
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
  evidence_view narrow = {t, 0, 0, rows, n, NULL};
  double min = 0, sum = 0;
  assert_int_equal(evidence_min(&narrow, 2, NULL, &min), 2);
  assert_true(min == 19);
  assert_int_equal(evidence_sum(&narrow, 2, NULL, &sum), 2);
  assert_true(sum == 40);
  evidence_filter_free(&f);
  /* no values: nothing is written, and the count says so */
  evidence_view empty = {t, 0, 0, NULL, 0, NULL};
  double untouched = 42;
  assert_int_equal(evidence_mean(&empty, 2, NULL, &untouched), 0);
  assert_true(untouched == 42);
  evidence_table_free(t);
}

/* Selections over an authority's rows read its counts per code first: a code
 * that is in the table but none of the authority's rows selects nothing, and a
 * condition every row passes selects them all, as a pass over the rows would;
 * conditions tested in any order select the same rows. */
static void test_selections_from_counts_per_code(void **state) {
  (void)state;
  evidence_table *t = build("la", 4, names, 6, cells);
  evidence_view north = evidence_table_view(t, "north"); /* G5, F1, 0 */
  assert_non_null(t->columns[1].group_counts);
  char error[200];
  const char *p1 = "P1", *f1 = "F1";
  size_t two = 2;
  uint32_t rows[6];
  evidence_filter absent = {0}, present = {0}, f1_aged = {0};
  assert_int_equal(evidence_filter_add_set(&absent, t, 1, 0, &p1, &two, NULL, 1, error, sizeof error), 0);
  assert_int_equal(evidence_select(&north, &absent, rows), 0);
  assert_int_equal(evidence_filter_add_compare(&absent, t, 2, EVIDENCE_GE, 0, error, sizeof error), 0);
  assert_int_equal(evidence_select(&north, &absent, rows), 0);
  assert_int_equal(evidence_count(&north, &absent), 0);
  assert_int_equal(evidence_filter_add_missing(&present, t, 1, 0), 0);
  assert_int_equal(evidence_select(&north, &present, rows), 3);
  for (size_t i = 0; i < 3; i++) assert_int_equal(rows[i], north.start + i);
  assert_int_equal(evidence_filter_add_set(&f1_aged, t, 1, 0, &f1, &two, NULL, 1, error, sizeof error), 0);
  assert_int_equal(evidence_filter_add_compare(&f1_aged, t, 2, EVIDENCE_GE, 21, error, sizeof error), 0);
  assert_int_equal(evidence_select(&north, &f1_aged, rows), 1);
  assert_int_equal(evidence_count(&north, &f1_aged), 1);
  assert_int_equal(evidence_number(&t->columns[2], rows[0]), 21);
  /* more conditions than a selection puts in order: all tested on each chunk */
  for (int i = 0; i < 20; i++)
    assert_int_equal(evidence_filter_add_compare(&f1_aged, t, 2, EVIDENCE_LE, 21, error, sizeof error), 0);
  assert_int_equal(evidence_select(&north, &f1_aged, rows), 1);
  assert_int_equal(evidence_number(&t->columns[2], rows[0]), 21);
  evidence_filter_free(&absent);
  evidence_filter_free(&present);
  evidence_filter_free(&f1_aged);
  evidence_table_free(t);
}

static void test_builder_errors(void **state) {
  (void)state;
  table_builder b;
  char error[TABLE_BUILDER_ERROR_SIZE];
  assert_int_equal(table_builder_init(&b, "t", "la"), 0);
  assert_int_equal(table_builder_add_column(&b, "a", 1, SUSTAIN_COLUMN_NUMBER, error), 0);
  assert_int_equal(table_builder_add_column(&b, "a", 1, SUSTAIN_COLUMN_TEXT, error), -1);
  /* by position: a header row may hold data, so a name is never repeated back */
  assert_string_equal(error, "columns 1 and 2 have the same name: give every column a distinct name");
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

  /* a short row says how many cells it has, one in the singular */
  assert_int_equal(table_builder_init(&b, "t", NULL), 0);
  assert_int_equal(table_builder_add_column(&b, "x", 1, SUSTAIN_COLUMN_INFER, error), 0);
  assert_int_equal(table_builder_add_column(&b, "y", 1, SUSTAIN_COLUMN_INFER, error), 0);
  assert_int_equal(table_builder_append_text(&b, "1", 1, error), 0);
  assert_int_equal(table_builder_end_row(&b, error), -1);
  assert_string_equal(error, "row 1 has 1 cell; the table has 2 columns");
  table_builder_row_length_error(&b, 3, error);
  assert_string_equal(error, "row 1 has 3 cells; the table has 2 columns");
  table_builder_free(&b);
  assert_int_equal(table_builder_init(&b, "t", NULL), 0);
  assert_int_equal(table_builder_add_column(&b, "x", 1, SUSTAIN_COLUMN_INFER, error), 0);
  assert_int_equal(table_builder_end_row(&b, error), -1);
  assert_string_equal(error, "row 1 has 0 cells; the table has 1 column");
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
  assert_true(number_is_zero_padded("007", 3));
  assert_true(number_is_zero_padded("-01", 3));
  assert_false(number_is_zero_padded("0", 1));
  assert_false(number_is_zero_padded("0.5", 3));
  assert_false(number_is_zero_padded("10", 2));
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

/* date_cell_days against date_parse_cell and date_to_days, the general way: every
 * day of 1850-2150 in both spellings (the quick years 1901-2099 and either side),
 * each with one byte changed to each of a few others, and days past a month's end. */
static void test_date_cell_days(void **state) {
  (void)state;
  static const char replacements[] = {'0', '9', '/', '-', 'a', ' ', ':'};
  size_t quick = 0, refused = 0;
  for (int y = 1850; y <= 2150; y++)
    for (int m = 0; m <= 13; m++) /* months and days one past each end too */
      for (int d = 0; d <= 32; d++) {
        char cells[2][16];
        snprintf(cells[0], sizeof cells[0], "%04d-%02d-%02d", y, m, d);
        snprintf(cells[1], sizeof cells[1], "%02d/%02d/%04d", d, m, y);
        for (int form = 0; form < 2; form++)
          for (size_t at = 0; at <= 10; at++)
            for (size_t r = 0; r < (at < 10 ? sizeof replacements : 1); r++) {
              char cell[16];
              memcpy(cell, cells[form], 11);
              if (at < 10) {
                if (d > 2 || replacements[r] == cell[at]) continue; /* changed bytes: a few days */
                cell[at] = replacements[r];
              }
              sx_date date;
              long days = 12345, expected = 0;
              int status = date_cell_days(cell, 10, &days);
              int general = date_parse_cell(cell, 10, &date);
              if (general == 0) expected = date_to_days(date);
              assert_int_equal(status, general);
              if (status == 0) assert_int_equal(days, expected);
              quick += status == 0;
              refused += status != 0;
            }
      }
  assert_true(quick > 200000 && refused > 10000); /* both ways were met */
  long days;
  assert_int_equal(date_cell_days(" 2024-02-29 ", 12, &days), 0); /* spaces: the general way */
  assert_int_equal(days, 19782);
  assert_int_equal(date_cell_days("2023-02-29", 10, &days), -1);
  assert_int_equal(date_cell_days("29/02/2000", 10, &days), 0);
  assert_int_equal(date_cell_days("29/02/2100", 10, &days), -1);
}

static void test_parse_number(void **state) {
  (void)state;
  double x;
  const char *good[] = {"0", "-1", "+2.5", " 3 ", "1e3", ".5", "5."};
  const double value[] = {0, -1, 2.5, 3, 1000, 0.5, 5};
  for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
    assert_int_equal(number_parse(good[i], strlen(good[i]), &x), 0);
    assert_true(x == value[i]);
  }
  const char *bad[] = {"", " ", "nan", "inf", "0x10", "1e", "1,5", "--1", "1e999", "12abc", "."};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    assert_int_equal(number_parse(bad[i], strlen(bad[i]), &x), -1);
}


/* Builds a table of n rows whose cells come from make(row, column, buffer). */
static evidence_table *build_generated(const char *authority, size_t columns,
                                       const char *const *column_names, size_t n,
                                       const char *(*make)(size_t, size_t, char *)) {
  table_builder b;
  char error[TABLE_BUILDER_ERROR_SIZE];
  assert_int_equal(table_builder_init(&b, "t", authority), 0);
  for (size_t c = 0; c < columns; c++)
    assert_int_equal(table_builder_add_column(&b, column_names[c], strlen(column_names[c]),
                                              SUSTAIN_COLUMN_INFER, error),
                     0);
  /* whole rows in blocks of 100, as a plugin on ABI 1.2 gives them */
  enum { BLOCK = 100 };
  static char text[BLOCK][8][32];
  sustain_cell block[BLOCK * 8];
  for (size_t first = 0; first < n; first += BLOCK) {
    size_t rows = n - first < BLOCK ? n - first : BLOCK;
    for (size_t r = 0; r < rows; r++)
      for (size_t c = 0; c < columns; c++) {
        const char *cell = make(first + r, c, text[r][c]);
        block[r * columns + c] = (sustain_cell){cell, strlen(cell)};
      }
    assert_int_equal(table_builder_append_rows(&b, block, rows, error), 0);
  }
  evidence_table *t = table_builder_finish(&b, error);
  assert_non_null(t);
  return t;
}

static const char *const generated_names[] = {"la", "id", "status", "site", "score"};

/* la: four authorities, each in two runs (so rows must move); id: all distinct;
 * status: three codes and blanks; site: 300 codes; score: 0 to 9 and blanks. */
static const char *generated_cell(size_t row, size_t column, char *buffer) {
  static const char *const status[] = {"YES", "NO", "", "DIED"};
  switch (column) {
  case 0: snprintf(buffer, 32, "la%zu", (row / 1500) % 4); break;
  case 1: snprintf(buffer, 32, "N%07zu", row * 7919 % 100003); break;
  case 2: return status[row % 4];
  case 3: snprintf(buffer, 32, "site%zu", row * 31 % 300); break;
  default:
    if (row % 11 == 0) return "";
    snprintf(buffer, 32, "%zu", row % 10);
  }
  return buffer;
}

/* Short values that share bytes, lengths or both: each must keep its own code
 * however the caches of 1-byte, up-to-7-byte and 8-to-16-byte values meet them. */
static const char *const look_alike[] = {
    "a",     "aa",     "aaa",     "aaaa",     "aaaaa",    "aaaaaa",   "aaaaaaa", "aaaaaaaa",
    "ab",    "ba",     "aab",     "aba",      "baa",      "abab",     "abba",    "abcde",
    "bcdea", "abcdef", "abcdefg", "abcdefgh", "bcdefgha", "1",        "10",      "01",
    "abcdf", "aaaab",  "abcdeg",  "abcdefh",  "a.a",      "a.b",      "ab.",     "abcdefgi",
    "YES",   "yes",    "F2",      "2F",       "la001",    "la010",    "la100",   "aaaaaaaaaaaaaaaa",
    "abc",   "bac"};

static const char *look_alike_cell(size_t row, size_t column, char *buffer) {
  (void)buffer;
  size_t count = sizeof look_alike / sizeof *look_alike;
  return look_alike[(row * (column + 3) + row / count) % count];
}

static void test_look_alike_values_keep_their_codes(void **state) {
  (void)state;
  static const char *const names[] = {"a", "b"};
  evidence_table *t = build_generated(NULL, 2, names, 5000, look_alike_cell);
  char buffer[32];
  for (size_t row = 0; row < t->row_count; row++)
    for (size_t c = 0; c < 2; c++) {
      size_t length = 0;
      const char *text = evidence_text(&t->columns[c], row, &length,
                                       (char[EVIDENCE_TEXT_SPACE]){0});
      const char *expected = look_alike_cell(row, c, buffer);
      assert_non_null(text);
      assert_int_equal(length, strlen(expected));
      assert_memory_equal(text, expected, length);
    }
  evidence_table_free(t);
}

static void test_storage_follows_the_values(void **state) {
  (void)state;
  evidence_table *t = build_generated("la", 5, generated_names, 12000, generated_cell);
  assert_int_equal(t->row_count, 12000);
  assert_int_equal(t->columns[1].storage, EVIDENCE_PLAIN); /* an identifier */
  assert_int_equal(t->columns[1].type, EVIDENCE_TEXT);     /* zero-padded digits */
  assert_int_equal(t->columns[2].storage, EVIDENCE_CODED);
  assert_int_equal(t->columns[2].width, 1);
  assert_int_equal(t->columns[3].storage, EVIDENCE_CODED);
  assert_int_equal(t->columns[3].width, 2); /* more codes than a byte holds */
  assert_int_equal(t->columns[4].type, EVIDENCE_NUMBER);
  assert_int_equal(t->columns[4].storage, EVIDENCE_CODED);
  /* every value reads back as given, in each authority's rows, in source order */
  char expected[32];
  for (size_t g = 0; g < t->group_count; g++) {
    evidence_view view = evidence_table_view(t, t->groups[g].authority);
    assert_int_equal(evidence_view_size(&view), 3000);
    size_t previous_source_row = 0;
    for (size_t i = 0; i < evidence_view_size(&view); i++) {
      size_t row = evidence_view_row(&view, i), length = 0;
      /* the source row, found again from its distinct id */
      const char *id = evidence_text(&t->columns[1], row, &length, (char[EVIDENCE_TEXT_SPACE]){0});
      assert_non_null(id);
      size_t source_row = 0;
      while (strncmp(generated_cell(source_row, 1, expected), id, length) != 0) source_row++;
      assert_true(i == 0 || source_row > previous_source_row);
      previous_source_row = source_row;
      for (size_t c = 2; c < 4; c++) {
        const char *want = generated_cell(source_row, c, expected);
        const char *text = evidence_text(&t->columns[c], row, &length,
                                         (char[EVIDENCE_TEXT_SPACE]){0});
        if (!*want) assert_null(text);
        else assert_true(text && length == strlen(want) && memcmp(text, want, length) == 0);
      }
      const char *score = generated_cell(source_row, 4, expected);
      double value = evidence_number(&t->columns[4], row);
      if (!*score) assert_true(isnan(value));
      else assert_true(value == (double)(score[0] - '0'));
      if (i > 200) break; /* enough rows: the search above is quadratic */
    }
  }
  evidence_table_free(t);
}

/* Counts by brute force the rows of a view whose text in column is one of values. */
static size_t brute_count(const evidence_view *view, size_t column, const char *const *values,
                          size_t value_count, int negate) {
  size_t n = 0;
  for (size_t i = 0; i < evidence_view_size(view); i++) {
    size_t length = 0;
    const char *text = evidence_text(&view->table->columns[column], evidence_view_row(view, i),
                                     &length, (char[EVIDENCE_TEXT_SPACE]){0});
    if (!text) continue;
    int listed = 0;
    for (size_t k = 0; k < value_count; k++)
      listed |= strlen(values[k]) == length && memcmp(values[k], text, length) == 0;
    n += listed != negate;
  }
  return n;
}

/* Counts from a tally agree with counts by scanning, over the selection and
 * over every shorter selection its first rows make (the tally's last rows are
 * counted one at a time); the authority's own rows need no tally. */
static void expect_tallies_agree(const evidence_view *whole, const evidence_view *selected,
                                 const evidence_filter *f, int tallied) {
  assert_int_equal(evidence_tally_column(whole, f), -1);
  int column = evidence_tally_column(selected, f);
  if (!tallied) {
    assert_int_equal(column, -1);
    return;
  }
  assert_int_equal(column, (int)f->conditions[0].column);
  uint32_t counts[EVIDENCE_TALLY_CODES];
  for (size_t cut = 0; cut < 5; cut++) {
    evidence_view part = *selected;
    part.row_count -= cut;
    evidence_tally(&part, (size_t)column, counts);
    assert_int_equal(evidence_count_tallied(f, counts), evidence_count(&part, f));
  }
  evidence_view range = {whole->table, whole->start, whole->end - 3, NULL, 0, NULL};
  evidence_tally(&range, (size_t)column, counts);
  assert_int_equal(evidence_count_tallied(f, counts), evidence_count(&range, f));
}

static void test_counts_agree_every_way(void **state) {
  (void)state;
  evidence_table *t = build_generated("la", 5, generated_names, 12000, generated_cell);
  static const char *const sets[][2] = {{"YES", "DIED"}, {"site7", "site299"}, {"N0000000", "N0007919"}};
  static const size_t set_columns[] = {2, 3, 1};
  char error[200];
  for (size_t g = 0; g < t->group_count; g++) {
    evidence_view whole = evidence_table_view(t, t->groups[g].authority);
    assert_non_null(whole.group);
    /* the same rows as a selection, which cannot use the group's counts */
    uint32_t *rows = malloc(evidence_view_size(&whole) * sizeof *rows);
    assert_non_null(rows);
    size_t n = evidence_select(&whole, NULL, rows);
    evidence_view selected = {t, 0, 0, rows, n, NULL};
    for (size_t s = 0; s < 3; s++) {
      size_t lengths[] = {strlen(sets[s][0]), strlen(sets[s][1])};
      for (int negate = 0; negate <= 1; negate++) {
        evidence_filter f = {0};
        assert_int_equal(evidence_filter_add_set(&f, t, set_columns[s], negate, sets[s], lengths,
                                                 NULL, 2, error, sizeof error),
                         0);
        size_t expected = brute_count(&whole, set_columns[s], sets[s], 2, negate);
        assert_int_equal(evidence_count(&whole, &f), expected);
        assert_int_equal(evidence_count(&selected, &f), expected);
        expect_tallies_agree(&whole, &selected, &f, set_columns[s] == 2);
        evidence_filter_free(&f);
      }
    }
    evidence_filter present_not_yes = {0}; /* two conditions on the one column */
    const char *yes = "YES";
    size_t three = 3;
    assert_int_equal(evidence_filter_add_missing(&present_not_yes, t, 2, 0), 0);
    assert_int_equal(evidence_filter_add_set(&present_not_yes, t, 2, 1, &yes, &three, NULL, 1,
                                             error, sizeof error), 0);
    expect_tallies_agree(&whole, &selected, &present_not_yes, 1);
    assert_int_equal(evidence_filter_add_missing(&present_not_yes, t, 4, 0), 0);
    assert_int_equal(evidence_tally_column(&selected, &present_not_yes), -1); /* two columns */
    evidence_filter_free(&present_not_yes);
    evidence_filter missing = {0};
    assert_int_equal(evidence_filter_add_missing(&missing, t, 2, 1), 0);
    assert_int_equal(evidence_count(&whole, &missing), evidence_count(&selected, &missing));
    assert_int_equal(evidence_count(&whole, &missing), 750); /* every fourth row is blank */
    evidence_filter_free(&missing);
    evidence_filter low = {0};
    assert_int_equal(evidence_filter_add_compare(&low, t, 4, EVIDENCE_LT, 3, error, sizeof error), 0);
    assert_int_equal(evidence_count(&whole, &low), evidence_count(&selected, &low));
    evidence_filter_free(&low);
    free(rows);
  }
  evidence_table_free(t);
}

static void test_block_errors_name_the_row(void **state) {
  (void)state;
  table_builder b;
  char error[TABLE_BUILDER_ERROR_SIZE];
  assert_int_equal(table_builder_init(&b, "t", NULL), 0);
  assert_int_equal(table_builder_add_column(&b, "n", 1, SUSTAIN_COLUMN_NUMBER, error), 0);
  assert_int_equal(table_builder_add_column(&b, "d", 1, SUSTAIN_COLUMN_DATE, error), 0);
  sustain_cell rows[] = {{"1", 1}, {"2024-01-01", 10}, {"2", 1}, {"31/12/2023", 10},
                         {"3", 1}, {"yesterday", 9}};
  assert_int_equal(table_builder_append_rows(&b, rows, 3, error), -1);
  assert_int_equal(b.failed_row, 2);
  assert_non_null(strstr(error, "row 3"));
  assert_null(strstr(error, "yesterday")); /* a cell's value is never repeated */
  table_builder_free(&b);
}

static void test_plain_dates_read_back(void **state) {
  (void)state;
  /* 4100 distinct dates, in four blocks of all of them: the first block goes
   * plain at its end (too many values for codes, each its own), the others
   * are parsed row by row */
  enum { DISTINCT = 4100, ROWS = 4 * DISTINCT };
  table_builder b;
  char error[TABLE_BUILDER_ERROR_SIZE];
  assert_int_equal(table_builder_init(&b, "t", NULL), 0);
  assert_int_equal(table_builder_add_column(&b, "DOB", 3, SUSTAIN_COLUMN_DATE, error), 0);
  static char text[ROWS][16];
  sustain_cell cells[ROWS];
  for (size_t r = 0; r < ROWS; r++) {
    sx_date d = date_from_days(12000 + (long)(r % DISTINCT) * 3);
    if (r % 2) snprintf(text[r], sizeof text[r], "%02d/%02d/%04d", d.day, d.month, d.year);
    else date_format(d, text[r]);
    cells[r] = (sustain_cell){text[r], strlen(text[r])};
  }
  for (size_t first = 0; first < ROWS; first += DISTINCT)
    assert_int_equal(table_builder_append_rows(&b, cells + first, DISTINCT, error), 0);
  evidence_table *t = table_builder_finish(&b, error);
  assert_non_null(t);
  assert_int_equal(t->columns[0].storage, EVIDENCE_PLAIN);
  for (size_t r = 0; r < ROWS; r++)
    assert_true(evidence_number(&t->columns[0], r) == (double)(12000 + (long)(r % DISTINCT) * 3));
  evidence_table_free(t);
}

/* ** Joining parts: a table built from parts on several builders is the table
 * one builder makes from all the rows. */

static const char *const joined_names[] = {"la", "id", "status", "site", "score", "num", "born"};
static const sustain_column_type joined_types[] = {
    SUSTAIN_COLUMN_INFER, SUSTAIN_COLUMN_TEXT,   SUSTAIN_COLUMN_INFER, SUSTAIN_COLUMN_TEXT,
    SUSTAIN_COLUMN_INFER, SUSTAIN_COLUMN_NUMBER, SUSTAIN_COLUMN_DATE};
#define JOINED_COLUMNS 7

/* The first day of born, and how many days it spans. */
#define BORN_FIRST 18262 /* 2020-01-01 */
#define BORN_DAYS 400

/* generated_cell's columns, then a declared number of 7000 values (plain once
 * they are more than a quarter of the rows) and a declared date of 400 values
 * (2-byte codes). */
static const char *joined_cell(size_t row, size_t column, char *buffer) {
  if (column == 5) {
    if (row % 13 == 0) return "";
    snprintf(buffer, 32, "%zu.5", row * 17 % 7000);
    return buffer;
  }
  if (column == 6) {
    date_format(date_from_days(BORN_FIRST + (long)(row * 7 % BORN_DAYS)), buffer);
    return buffer;
  }
  return generated_cell(row, column, buffer);
}

/* Fills a builder with rows [first, end), in blocks of 100. */
static void fill_rows(table_builder *b, size_t first, size_t end) {
  char error[TABLE_BUILDER_ERROR_SIZE];
  assert_int_equal(table_builder_init(b, "t", "la"), 0);
  for (size_t c = 0; c < JOINED_COLUMNS; c++)
    assert_int_equal(table_builder_add_column(b, joined_names[c], strlen(joined_names[c]),
                                              joined_types[c], error),
                     0);
  static char text[100][JOINED_COLUMNS][32];
  sustain_cell block[100 * JOINED_COLUMNS];
  for (size_t from = first; from < end; from += 100) {
    size_t rows = end - from < 100 ? end - from : 100;
    for (size_t r = 0; r < rows; r++)
      for (size_t c = 0; c < JOINED_COLUMNS; c++) {
        const char *cell = joined_cell(from + r, c, text[r][c]);
        block[r * JOINED_COLUMNS + c] = (sustain_cell){cell, strlen(cell)};
      }
    assert_int_equal(table_builder_append_rows(b, block, rows, error), 0);
  }
}

/* The table of rows [0, cuts[parts]) built in parts split at cuts, then joined. */
static evidence_table *build_in_parts(const size_t *cuts, size_t parts) {
  char error[TABLE_BUILDER_ERROR_SIZE];
  table_builder first, part;
  fill_rows(&first, cuts[0], cuts[1]);
  for (size_t k = 1; k < parts; k++) {
    fill_rows(&part, cuts[k], cuts[k + 1]);
    assert_int_equal(table_builder_join(&first, &part, error), 0);
    table_builder_free(&part);
  }
  evidence_table *t = table_builder_finish(&first, error);
  assert_non_null(t);
  return t;
}

/* Every row of every column reads the same in both tables, and a column coded
 * in both has the same codes: values in the order a single reader met them. */
static void expect_same_table(const evidence_table *a, const evidence_table *b) {
  assert_int_equal(a->row_count, b->row_count);
  assert_int_equal(a->group_count, b->group_count);
  for (size_t g = 0; g < a->group_count; g++) {
    assert_string_equal(a->groups[g].authority, b->groups[g].authority);
    assert_int_equal(a->groups[g].start, b->groups[g].start);
    assert_int_equal(a->groups[g].end, b->groups[g].end);
  }
  for (size_t c = 0; c < a->column_count; c++) {
    const evidence_column *x = &a->columns[c], *y = &b->columns[c];
    assert_int_equal(x->type, y->type);
    assert_int_equal(x->present, y->present);
    int both_coded = x->storage == EVIDENCE_CODED && y->storage == EVIDENCE_CODED;
    for (size_t r = 0; r < a->row_count; r++) {
      if (both_coded) assert_int_equal(evidence_code(x, r), evidence_code(y, r));
      if (x->type != EVIDENCE_TEXT) {
        double u = evidence_number(x, r), v = evidence_number(y, r);
        assert_true(u == v || (isnan(u) && isnan(v)));
        continue;
      }
      size_t m = 0, n = 0;
      char room_s[EVIDENCE_TEXT_SPACE], room_t[EVIDENCE_TEXT_SPACE];
      const char *s = evidence_text(x, r, &m, room_s), *t = evidence_text(y, r, &n, room_t);
      assert_int_equal(m, n);
      assert_true(m == 0 || memcmp(s, t, m) == 0);
    }
  }
}

static void test_joined_parts_make_the_same_table(void **state) {
  (void)state;
  const size_t whole[] = {0, 12000};
  evidence_table *reference = build_in_parts(whole, 1);
  assert_int_equal(reference->columns[1].storage, EVIDENCE_PLAIN); /* the identifier */
  assert_int_equal(reference->columns[3].width, 2);                /* 300 sites */
  assert_int_equal(reference->columns[5].storage, EVIDENCE_PLAIN); /* 7000 numbers */
  assert_int_equal(reference->columns[6].type, EVIDENCE_DATE);
  assert_int_equal(reference->columns[6].width, 2); /* 400 dates */
  /* parts small enough to stay coded beside one that turns plain, parts of one
   * row and of none, and cuts inside an authority's run of rows */
  const size_t cuts[][6] = {
      {0, 1000, 11000, 12000},
      {0, 6000, 12000},
      {0, 1, 2, 4099, 4099, 12000},
      {0, 250, 3000, 3001, 9999, 12000},
  };
  const size_t parts[] = {3, 2, 5, 5};
  for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
    evidence_table *joined = build_in_parts(cuts[i], parts[i]);
    expect_same_table(reference, joined);
    evidence_table_free(joined);
  }
  evidence_table_free(reference);
}

/* What a row must hold to pass the filter in hand, for expect_rows. */
typedef struct row_test {
  int (*passes)(const evidence_table *t, size_t row, const struct row_test *test);
  int uses[4]; /* which conditions are in the filter */
  double low, high;
} row_test;

/* Checks the filter on every authority's rows, as a range and as a selection
 * of every other row: evidence_select keeps exactly the rows that pass, in
 * order, and evidence_count counts them. */
static void expect_rows(const evidence_table *t, const evidence_filter *f, const row_test *test) {
  for (size_t g = 0; g < t->group_count; g++) {
    evidence_view range = evidence_table_view(t, t->groups[g].authority);
    size_t size = evidence_view_size(&range);
    uint32_t *every_other = malloc(size * sizeof *every_other), *got = malloc(size * sizeof *got);
    assert_true(every_other && got);
    size_t n = 0;
    for (size_t i = 1; i < size; i += 2) every_other[n++] = (uint32_t)(range.start + i);
    evidence_view selected = {t, 0, 0, every_other, n, NULL};
    const evidence_view *views[] = {&range, &selected};
    for (size_t v = 0; v < 2; v++) {
      size_t expected = 0, kept = evidence_select(views[v], f, got);
      for (size_t i = 0; i < evidence_view_size(views[v]); i++) {
        size_t row = evidence_view_row(views[v], i);
        if (!test->passes(t, row, test)) continue;
        assert_true(expected < kept);
        assert_int_equal(got[expected++], row);
      }
      assert_int_equal(kept, expected);
      assert_int_equal(evidence_count(views[v], f), expected);
    }
    free(every_other);
    free(got);
  }
}

/* The days born is compared with: from the first, and (a range) to the second. */
#define BORN_FROM (BORN_FIRST + 150)
#define BORN_TO (BORN_FIRST + 300)

/* status is YES or DIED, score below 5, born from BORN_FROM (and to BORN_TO when
 * uses[2] is 2), num within [low, high]: each when in use. */
static int joined_row_passes(const evidence_table *t, size_t r, const row_test *test) {
  size_t length = 0;
  const char *status = evidence_text(&t->columns[2], r, &length, (char[EVIDENCE_TEXT_SPACE]){0});
  if (test->uses[0] && !(status && ((length == 3 && memcmp(status, "YES", 3) == 0) ||
                                    (length == 4 && memcmp(status, "DIED", 4) == 0))))
    return 0;
  if (test->uses[1] && !(evidence_number(&t->columns[4], r) < 5)) return 0;
  double born = evidence_number(&t->columns[6], r);
  if (test->uses[2] && !(born >= BORN_FROM && (test->uses[2] == 1 || born <= BORN_TO))) return 0;
  double num = evidence_number(&t->columns[5], r);
  return !test->uses[3] || (num >= test->low && num <= test->high);
}

static void test_filters_agree_with_their_rows(void **state) {
  (void)state;
  const size_t whole[] = {0, 12000};
  evidence_table *t = build_in_parts(whole, 1);
  assert_int_equal(t->columns[2].width, 1); /* status and score: 1-byte codes */
  assert_int_equal(t->columns[4].width, 1);
  assert_int_equal(t->columns[6].width, 2); /* born: 2-byte codes */
  assert_int_equal(t->columns[5].storage, EVIDENCE_PLAIN); /* num: plain numbers */
  char error[200];
  static const char *const died[] = {"YES", "DIED"};
  static const size_t died_lengths[] = {3, 4};
  /* in turn: status; status and score; all three; born alone, and in a range
   * with and without status; num in [100.5, 400.5]; the same with strict
   * bounds; all four */
  static const int uses[][4] = {{1, 0, 0, 0}, {1, 1, 0, 0}, {1, 1, 1, 0}, {0, 0, 1, 0},
                                {0, 0, 2, 0}, {1, 0, 2, 0}, {0, 0, 0, 1}, {0, 0, 0, 2},
                                {1, 1, 1, 1}};
  for (size_t u = 0; u < sizeof uses / sizeof *uses; u++) {
    evidence_filter f = {0};
    row_test test = {joined_row_passes, {uses[u][0], uses[u][1], uses[u][2], uses[u][3]}, 100.5,
                     400.5};
    if (uses[u][0])
      assert_int_equal(evidence_filter_add_set(&f, t, 2, 0, died, died_lengths, NULL, 2, error,
                                               sizeof error), 0);
    if (uses[u][1])
      assert_int_equal(evidence_filter_add_compare(&f, t, 4, EVIDENCE_LT, 5, error, sizeof error), 0);
    if (uses[u][2])
      assert_int_equal(evidence_filter_add_compare(&f, t, 6, EVIDENCE_GE, BORN_FROM, error,
                                                   sizeof error), 0);
    if (uses[u][2] == 2)
      assert_int_equal(evidence_filter_add_compare(&f, t, 6, EVIDENCE_LE, BORN_TO, error,
                                                   sizeof error), 0);
    if (uses[u][3]) {
      int strict = uses[u][3] == 2;
      assert_int_equal(evidence_filter_add_compare(&f, t, 5, strict ? EVIDENCE_GT : EVIDENCE_GE,
                                                   test.low, error, sizeof error), 0);
      assert_int_equal(evidence_filter_add_compare(&f, t, 5, strict ? EVIDENCE_LT : EVIDENCE_LE,
                                                   test.high, error, sizeof error), 0);
      if (strict) test.low += 1e-9, test.high -= 1e-9; /* the values are whole halves */
    }
    expect_rows(t, &f, &test);
    evidence_filter_free(&f);
  }
  evidence_table_free(t);
}

/* num between low and high, uses[0] the lower bound's operator and uses[1] the upper's. */
static int num_in_range(const evidence_table *t, size_t r, const row_test *test) {
  double num = evidence_number(&t->columns[5], r);
  int above = test->uses[0] == EVIDENCE_GT ? num > test->low : num >= test->low;
  int below = test->uses[1] == EVIDENCE_LT ? num < test->high : num <= test->high;
  return above && below;
}

/* A range on a plain number column, with bounds on values the column holds,
 * inclusive or strict, given lower bound first or upper bound first. */
static void test_ranges_in_any_order(void **state) {
  (void)state;
  const size_t whole[] = {0, 12000};
  evidence_table *t = build_in_parts(whole, 1);
  assert_int_equal(t->columns[5].storage, EVIDENCE_PLAIN);
  double low = NAN, high = NAN; /* two values the column holds */
  for (size_t r = 0; r < t->row_count && isnan(high); r++) {
    double num = evidence_number(&t->columns[5], r);
    if (isnan(num)) continue;
    if (isnan(low)) low = num;
    else if (num > low + 10) high = num;
  }
  assert_false(isnan(high));
  static const evidence_operator lowers[] = {EVIDENCE_GE, EVIDENCE_GT};
  static const evidence_operator uppers[] = {EVIDENCE_LE, EVIDENCE_LT};
  char error[200];
  for (size_t l = 0; l < 2; l++)
    for (size_t u = 0; u < 2; u++)
      for (int upper_first = 0; upper_first <= 1; upper_first++) {
        evidence_filter f = {0};
        row_test test = {num_in_range, {(int)lowers[l], (int)uppers[u], 0, 0}, low, high};
        for (int k = 0; k < 2; k++) {
          int upper = k != upper_first;
          assert_int_equal(evidence_filter_add_compare(&f, t, 5, upper ? uppers[u] : lowers[l],
                                                       upper ? high : low, error, sizeof error),
                           0);
        }
        expect_rows(t, &f, &test);
        evidence_filter_free(&f);
      }
  evidence_table_free(t);
}

static const char *const wide_names[] = {"la", "x", "kind"};

/* x: 0 to distinct - 1 and blanks (inferred numbers); kind: three codes */
static const char *wide_cell_of(size_t row, size_t column, char *buffer, size_t distinct) {
  static const char *const kinds[] = {"a", "b", "c"};
  if (column == 0) snprintf(buffer, 32, "la%zu", row / 2500);
  else if (column == 2) return kinds[row % 3];
  else if (row % 17 == 0) return "";
  else snprintf(buffer, 32, "%zu", row / 5 * 11 % distinct); /* each in five rows on end */
  return buffer;
}

/* x of 1000 values: 2-byte codes */
static const char *wide_cell(size_t row, size_t column, char *buffer) {
  return wide_cell_of(row, column, buffer, 1000);
}

/* x of 70,000 values, each in five rows, so still codes: 4-byte codes */
static const char *wider_cell(size_t row, size_t column, char *buffer) {
  return wide_cell_of(row, column, buffer, 70000);
}

/* x against test->low by the operator uses[0] names (0: <, 1: <=, 2: >, 3: >=),
 * and kind b when uses[1] is set. */
static int wide_row_passes(const evidence_table *t, size_t row, const row_test *test) {
  double x = evidence_number(&t->columns[1], row), at = test->low;
  int o = test->uses[0];
  int pass = o == 0 ? x < at : o == 1 ? x <= at : o == 2 ? x > at : x >= at;
  size_t length = 0;
  const char *kind = evidence_text(&t->columns[2], row, &length, (char[EVIDENCE_TEXT_SPACE]){0});
  return pass && (!test->uses[1] || (kind && kind[0] == 'b'));
}

/* Comparisons on a coded number column of many values, with and without a
 * condition on another column: through verdicts per code (2-byte codes) and
 * by each row's value (4-byte codes, which have no verdicts). */
static void test_comparisons_on_many_codes(void **state) {
  (void)state;
  struct {
    size_t rows;
    const char *(*cell)(size_t, size_t, char *);
    unsigned width;
    double at;
  } cases[] = {{10000, wide_cell, 2, 500}, {350000, wider_cell, 4, 35000}};
  for (size_t k = 0; k < 2; k++) {
    evidence_table *t = build_generated("la", 3, wide_names, cases[k].rows, cases[k].cell);
    assert_int_equal(t->columns[1].type, EVIDENCE_NUMBER);
    assert_int_equal(t->columns[1].storage, EVIDENCE_CODED);
    assert_int_equal(t->columns[1].width, cases[k].width);
    char error[200];
    static const char *const kind_b[] = {"b"};
    static const size_t one[] = {1};
    static const evidence_operator ops[] = {EVIDENCE_LT, EVIDENCE_LE, EVIDENCE_GT, EVIDENCE_GE};
    for (int o = 0; o < 4; o++)
      for (int with_kind = 0; with_kind <= 1; with_kind++) {
        evidence_filter f = {0};
        assert_int_equal(evidence_filter_add_compare(&f, t, 1, ops[o], cases[k].at, error,
                                                     sizeof error), 0);
        assert_true((f.conditions[0].verdicts != NULL) == (cases[k].width == 2));
        if (with_kind)
          assert_int_equal(evidence_filter_add_set(&f, t, 2, 0, kind_b, one, NULL, 1, error,
                                                   sizeof error), 0);
        row_test test = {wide_row_passes, {o, with_kind, 0, 0}, cases[k].at, 0};
        expect_rows(t, &f, &test);
        evidence_filter_free(&f);
      }
    /* sums, least and most, read at the codes' width, agree with a row-by-row fold */
    for (size_t g = 0; g < t->group_count; g++) {
      evidence_view view = evidence_table_view(t, t->groups[g].authority);
      double sum = 0, least = INFINITY, most = -INFINITY, got;
      size_t used = 0;
      for (size_t r = view.start; r < view.end; r++) {
        double x = evidence_number(&t->columns[1], r);
        if (isnan(x)) continue;
        sum += x, used++;
        least = x < least ? x : least;
        most = x > most ? x : most;
      }
      assert_int_equal(evidence_sum(&view, 1, NULL, &got), used);
      assert_true(got == sum);
      assert_int_equal(evidence_min(&view, 1, NULL, &got), used);
      assert_true(got == least);
      assert_int_equal(evidence_max(&view, 1, NULL, &got), used);
      assert_true(got == most);
    }
    evidence_table_free(t);
  }
}

/* x: of about `distinct` values (with negatives, or not), every eleventh row blank,
 * and -0 among the 0s from row 500 on; la: three authorities in runs of seven rows. */
static size_t extreme_distinct;
static int extreme_negatives; /* even values negative; else 0 and -0 are the least */

static const char *extreme_cell(size_t row, size_t column, char *buffer) {
  if (column == 0) return (const char *[]){"north", "south", "east"}[(row / 7) % 3];
  if (row % 11 == 3) return "";
  size_t k = (row * 7919) % extreme_distinct;
  if (k == 0) return row >= 500 && (row / extreme_distinct) % 2 ? "-0" : "0";
  if (extreme_negatives && k % 2 == 0) snprintf(buffer, 32, "-%zu", k / 2);
  else snprintf(buffer, 32, "%zu", k);
  return buffer;
}

/* The least or most of the view's values in row order, as the row pass folds them. */
static size_t fold_extreme(const evidence_view *view, int most, double *out) {
  size_t used = 0;
  for (size_t i = 0; i < evidence_view_size(view); i++) {
    double x = evidence_number(&view->table->columns[1], evidence_view_row(view, i));
    if (isnan(x)) continue;
    if (used++ == 0 || (most ? x > *out : x < *out)) *out = x;
  }
  return used;
}

static void expect_extremes(const evidence_view *view) {
  for (int most = 0; most <= 1; most++) {
    double want = NAN, got = NAN;
    size_t used = fold_extreme(view, most, &want);
    assert_int_equal((most ? evidence_max : evidence_min)(view, 1, NULL, &got), used);
    if (used) {
      assert_true(got == want);
      assert_int_equal(signbit(got) != 0, signbit(want) != 0); /* the same zero */
    }
  }
}

/* min and max over coded columns of 1- and 2-byte codes, read from counts of codes,
 * agree with a fold row by row: whole tables, authorities, selections, one row. */
static void test_extremes_by_codes(void **state) {
  (void)state;
  static const char *const names[] = {"la", "x"};
  const size_t distinct[] = {9, 40, 3000, 40}, rows[] = {2000, 2000, 20000, 2000};
  const unsigned width[] = {1, 1, 2, 1};
  for (size_t k = 0; k < 4; k++) {
    extreme_distinct = distinct[k];
    extreme_negatives = k < 3;
    evidence_table *t = build_generated("la", 2, names, rows[k], extreme_cell);
    assert_int_equal(t->columns[1].storage, EVIDENCE_CODED);
    assert_int_equal(t->columns[1].width, width[k]);
    assert_int_equal(t->columns[1].group_counts != NULL, width[k] == 1);
    expect_extremes(&(evidence_view){.table = t, .start = 0, .end = t->row_count});
    expect_extremes(&(evidence_view){.table = t, .start = 5, .end = 6});
    expect_extremes(&(evidence_view){.table = t, .start = 500, .end = t->row_count}); /* -0 first */
    for (size_t g = 0; g < t->group_count; g++) {
      evidence_view view = evidence_table_view(t, t->groups[g].authority);
      expect_extremes(&view);
      uint32_t picked[20000];
      size_t n = 0;
      for (size_t r = view.start; r < view.end; r += 3) picked[n++] = (uint32_t)r;
      expect_extremes(&(evidence_view){.table = t, .rows = picked, .row_count = n});
    }
    evidence_table_free(t);
  }
}

static void test_parts_of_other_columns_are_not_joined(void **state) {
  (void)state;
  char error[TABLE_BUILDER_ERROR_SIZE];
  table_builder a, b;
  fill_rows(&a, 0, 10);
  assert_int_equal(table_builder_init(&b, "t", "la"), 0);
  assert_int_equal(table_builder_add_column(&b, "la", 2, SUSTAIN_COLUMN_INFER, error), 0);
  assert_int_equal(table_builder_join(&a, &b, error), -1);
  assert_string_equal(error, "the parts of the source declare different columns");
  table_builder_free(&a);
  table_builder_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_inference_and_missing),
      cmocka_unit_test(test_grouping_keeps_source_order),
      cmocka_unit_test(test_filters),
      cmocka_unit_test(test_selection_and_aggregates),
      cmocka_unit_test(test_extremes_by_codes),
      cmocka_unit_test(test_builder_errors),
      cmocka_unit_test(test_header_only_table),
      cmocka_unit_test(test_zero_padded_codes_stay_text),
      cmocka_unit_test(test_dates),
      cmocka_unit_test(test_date_cell_days),
      cmocka_unit_test(test_parse_number),
      cmocka_unit_test(test_look_alike_values_keep_their_codes),
      cmocka_unit_test(test_storage_follows_the_values),
      cmocka_unit_test(test_counts_agree_every_way),
      cmocka_unit_test(test_block_errors_name_the_row),
      cmocka_unit_test(test_plain_dates_read_back),
      cmocka_unit_test(test_joined_parts_make_the_same_table),
      cmocka_unit_test(test_parts_of_other_columns_are_not_joined),
      cmocka_unit_test(test_filters_agree_with_their_rows),
      cmocka_unit_test(test_ranges_in_any_order),
      cmocka_unit_test(test_selections_from_counts_per_code),
      cmocka_unit_test(test_comparisons_on_many_codes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
