/* test_check_rows.c: the rows that break a data-quality check: filters joined
 * by "or", values repeated within a return, keys found in another table, on
 * coded and plain columns, text and numbers, ranges and selections. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "check_rows.h"
#include "evidence.h"
#include "table_builder.h"

/* Builds a table from rows of text cells ("" is missing), types inferred. */
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

/* A filter: column is one of the given texts (or, negated, none of them). */
static void add_texts(evidence_filter *f, const evidence_table *t, const char *column, int negate,
                      size_t count, const char *const *texts) {
  size_t lengths[8];
  for (size_t i = 0; i < count; i++) lengths[i] = strlen(texts[i]);
  char error[200];
  int index = evidence_table_column(t, column);
  assert_true(index >= 0);
  assert_int_equal(evidence_filter_add_set(f, t, (size_t)index, negate, texts, lengths, NULL, count,
                                           error, sizeof error),
                   0);
}

static void add_missing(evidence_filter *f, const evidence_table *t, const char *column) {
  assert_int_equal(evidence_filter_add_missing(f, t, (size_t)evidence_table_column(t, column), 1), 0);
}

static check_rows_query query_of(const evidence_filter *const *filters, size_t count) {
  return (check_rows_query){.where = {filters, count}, .unique_column = -1, .key_column = -1,
                            .other_key_column = -1};
}

/* Runs the query and checks the rows it picks, in order. */
static void expect(const check_rows_query *q, const evidence_view *view, size_t count,
                   const uint32_t *expected) {
  uint32_t rows[64];
  assert_true(evidence_view_size(view) <= 64);
  size_t n = check_rows_select(q, view, rows);
  assert_int_equal(n, count);
  for (size_t i = 0; i < count; i++) assert_int_equal(rows[i], expected[i]);
}

static const char *const oc3_names[] = {"la", "CHILD", "IN_TOUCH", "ACTIV", "ACCOM"};
static const char *const oc3_cells[] = {
    "a", "C1", "DIED", "F1", "0",  /* 0: breaks 344 by ACTIV */
    "a", "C2", "DIED", "0",  "B1", /* 1: by ACCOM */
    "a", "C3", "DIED", "F1", "B1", /* 2: by both: counted once */
    "a", "C1", "RHOM", "0",  "0",  /* 3: fine; C1 again */
    "a", "C4", "YES",  "F1", "B1", /* 4 */
    "a", "",   "DIED", "",   "0",  /* 5: a blank ACTIV breaks it too; no CHILD */
    "b", "C1", "DIED", "F1", "0",  /* 6: another authority's C1 */
    "a", "",   "YES",  "G5", "U1", /* 7: no CHILD either */
};

static void test_alternatives_count_each_row_once(void **state) {
  (void)state;
  evidence_table *t = build("la", 5, oc3_names, 8, oc3_cells);
  evidence_view a = evidence_table_view(t, "a");
  static const char *const left_out[] = {"DIED", "RHOM"}, *const zero[] = {"0"};
  evidence_filter activity = {0}, accommodation = {0}, activity_blank = {0};
  add_texts(&activity, t, "IN_TOUCH", 0, 2, left_out);
  add_texts(&activity, t, "ACTIV", 1, 1, zero);
  add_texts(&accommodation, t, "IN_TOUCH", 0, 2, left_out);
  add_texts(&accommodation, t, "ACCOM", 1, 1, zero);
  add_texts(&activity_blank, t, "IN_TOUCH", 0, 2, left_out);
  add_missing(&activity_blank, t, "ACTIV");
  const evidence_filter *any[] = {&activity, &accommodation, &activity_blank};
  check_rows_query q = query_of(any, 3);
  /* the rows keep their order in the table, grouped by authority: a's rows
   * come first, and row 2, which breaks two of the filters, is there once */
  expect(&q, &a, 4, (const uint32_t[]){0, 1, 2, 5});
  q.where.count = 1;
  expect(&q, &a, 2, (const uint32_t[]){0, 2});
  q.where.count = 0; /* no filter: every row of the authority */
  expect(&q, &a, 7, (const uint32_t[]){0, 1, 2, 3, 4, 5, 6});
  evidence_filter_free(&activity);
  evidence_filter_free(&accommodation);
  evidence_filter_free(&activity_blank);
  evidence_table_free(t);
}

static void test_unique_counts_every_row_of_a_repeated_key(void **state) {
  (void)state;
  evidence_table *t = build("la", 5, oc3_names, 8, oc3_cells);
  evidence_view a = evidence_table_view(t, "a");
  check_rows_query q = query_of(NULL, 0);
  q.unique_column = evidence_table_column(t, "CHILD");
  /* C1 twice in a (b's C1 is another return); blank CHILDs are not the same child */
  expect(&q, &a, 2, (const uint32_t[]){0, 3});
  evidence_view b = evidence_table_view(t, "b");
  expect(&q, &b, 0, NULL);
  /* repeated among the picked rows only: RHOM's C1 is not picked */
  static const char *const died[] = {"DIED"};
  evidence_filter f = {0};
  add_texts(&f, t, "IN_TOUCH", 0, 1, died);
  const evidence_filter *any[] = {&f};
  q.where = (check_rows_filters){any, 1};
  expect(&q, &a, 0, NULL);
  evidence_filter_free(&f);
  evidence_table_free(t);
}

static const char *const number_names[] = {"CHILD", "DOB"};
static const char *const number_cells[] = {
    "101", "2004-01-01", /* */
    "102", "2004-02-01", /* */
    "101", "2004-01-01", /* */
    "1.5", "2004-03-01", /* */
    "1.5", "",           /* */
    "",    "2004-02-01",
};

static void test_unique_on_numbers_and_dates(void **state) {
  (void)state;
  evidence_table *t = build(NULL, 2, number_names, 6, number_cells);
  assert_int_equal(t->columns[0].type, EVIDENCE_NUMBER);
  evidence_view all = evidence_table_view(t, "anyone");
  check_rows_query q = query_of(NULL, 0);
  q.unique_column = 0;
  expect(&q, &all, 4, (const uint32_t[]){0, 2, 3, 4});
  q.unique_column = 1; /* dates compare as dates */
  expect(&q, &all, 4, (const uint32_t[]){0, 1, 2, 5});
  evidence_table_free(t);
}

static const char *const last_names[] = {"la", "CHILD", "IN_TOUCH"};
static const char *const last_cells[] = {
    "a", "C3", "DIED", /* */
    "a", "C4", "YES",  /* */
    "a", "C2", "DIED", /* */
    "b", "C4", "DIED", /* another authority's */
    "a", "",   "DIED",
};

static void test_found_in_another_table(void **state) {
  (void)state;
  evidence_table *t = build("la", 5, oc3_names, 8, oc3_cells);
  evidence_table *last = build("la", 3, last_names, 5, last_cells);
  evidence_view a = evidence_table_view(t, "a"), last_a = evidence_table_view(last, "a");
  static const char *const died[] = {"DIED"};
  evidence_filter not_died = {0}, not_coded = {0}, was_died = {0};
  add_texts(&not_died, t, "IN_TOUCH", 1, 1, died);
  add_missing(&not_coded, t, "IN_TOUCH");
  add_texts(&was_died, last, "IN_TOUCH", 0, 1, died);
  const evidence_filter *now[] = {&not_died, &not_coded}, *before[] = {&was_died};
  check_rows_query q = query_of(now, 2);
  q.other = &last_a;
  q.other_where = (check_rows_filters){before, 1};
  q.key_column = evidence_table_column(t, "CHILD");
  q.other_key_column = evidence_table_column(last, "CHILD");
  /* died last year: C3 and C2, both DIED again now; C4 is YES now but died
   * only in b's return */
  expect(&q, &a, 0, NULL);
  q.where.count = 0; /* every row now: C2 and C3 */
  expect(&q, &a, 2, (const uint32_t[]){1, 2});
  q.other_where.count = 0; /* any row last year: C2, C3 and C4; never a blank */
  expect(&q, &a, 3, (const uint32_t[]){1, 2, 4});
  evidence_filter_free(&not_died);
  evidence_filter_free(&not_coded);
  evidence_filter_free(&was_died);
  evidence_table_free(last);
  evidence_table_free(t);
}

static const char *const mixed_names[] = {"CHILD"};
static const char *const text_ids[] = {"0101", "202", "303"};
static const char *const number_ids[] = {"101", "202", "404"};

static void test_keys_match_across_types(void **state) {
  (void)state;
  evidence_table *t = build(NULL, 1, mixed_names, 3, text_ids);
  evidence_table *other = build(NULL, 1, mixed_names, 3, number_ids);
  assert_int_equal(t->columns[0].type, EVIDENCE_TEXT); /* "0101" keeps its zero */
  assert_int_equal(other->columns[0].type, EVIDENCE_NUMBER);
  evidence_view all = evidence_table_view(t, "x"), other_all = evidence_table_view(other, "x");
  check_rows_query q = query_of(NULL, 0);
  q.other = &other_all;
  q.key_column = q.other_key_column = 0;
  /* 202 is the same id either way; 0101 is not 101 */
  expect(&q, &all, 1, (const uint32_t[]){1});
  evidence_table_free(other);
  evidence_table_free(t);
}

static void test_a_selection_of_rows(void **state) {
  (void)state;
  evidence_table *t = build("la", 5, oc3_names, 8, oc3_cells);
  /* grouped by authority, the table holds a's seven rows, then b's: rows 0
   * and 3 are a's C1, 4 its C4, 7 b's C1 */
  static const uint32_t picked[] = {0, 3, 4, 7};
  evidence_view some = {.table = t, .rows = picked, .row_count = 4};
  check_rows_query q = query_of(NULL, 0);
  q.unique_column = evidence_table_column(t, "CHILD");
  expect(&q, &some, 3, (const uint32_t[]){0, 3, 7});
  evidence_table_free(t);
}

/* Many distinct ids (over table_builder.c's 4096) make the CHILD column plain
 * text rather than coded. */
static void test_plain_identifiers(void **state) {
  (void)state;
  enum { ROWS = 6000 };
  table_builder b;
  char error[TABLE_BUILDER_ERROR_SIZE];
  assert_int_equal(table_builder_init(&b, "t", NULL), 0);
  assert_int_equal(table_builder_add_column(&b, "CHILD", 5, SUSTAIN_COLUMN_INFER, error), 0);
  for (size_t r = 0; r < ROWS; r++) {
    char id[16];
    /* every id once, but ids 7 and 2999 twice: rows 7 and 1007, 2000 and 2999 */
    int written = snprintf(id, sizeof id, "X%zu", r == 1007 ? 7 : r == 2000 ? 2999 : r);
    assert_int_equal(table_builder_append_text(&b, id, (size_t)written, error), 0);
    assert_int_equal(table_builder_end_row(&b, error), 0);
  }
  evidence_table *t = table_builder_finish(&b, error);
  assert_non_null(t);
  assert_int_equal(t->columns[0].storage, EVIDENCE_PLAIN);
  evidence_view all = evidence_table_view(t, "x");
  check_rows_query q = query_of(NULL, 0);
  q.unique_column = 0;
  uint32_t *rows = malloc(ROWS * sizeof *rows);
  assert_non_null(rows);
  assert_int_equal(check_rows_select(&q, &all, rows), 4);
  assert_int_equal(rows[0], 7);
  assert_int_equal(rows[1], 1007);
  assert_int_equal(rows[2], 2000);
  assert_int_equal(rows[3], 2999);
  free(rows);
  evidence_table_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_alternatives_count_each_row_once),
      cmocka_unit_test(test_unique_counts_every_row_of_a_repeated_key),
      cmocka_unit_test(test_unique_on_numbers_and_dates),
      cmocka_unit_test(test_found_in_another_table),
      cmocka_unit_test(test_keys_match_across_types),
      cmocka_unit_test(test_a_selection_of_rows),
      cmocka_unit_test(test_plain_identifiers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
