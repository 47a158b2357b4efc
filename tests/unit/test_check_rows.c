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

/* Builds a table from rows of text cells ("" is missing), each column of the
 * given type (NULL: every type inferred). */
static evidence_table *build_typed(const char *authority, size_t columns,
                                   const char *const *names, const sustain_column_type *types,
                                   size_t rows, const char *const *cells) {
  table_builder b;
  char error[TABLE_BUILDER_ERROR_SIZE];
  assert_int_equal(table_builder_init(&b, "t", authority), 0);
  for (size_t c = 0; c < columns; c++)
    assert_int_equal(table_builder_add_column(&b, names[c], strlen(names[c]),
                                              types ? types[c] : SUSTAIN_COLUMN_INFER, error),
                     0);
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

static evidence_table *build(const char *authority, size_t columns, const char *const *names,
                             size_t rows, const char *const *cells) {
  return build_typed(authority, columns, names, NULL, rows, cells);
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

/* Runs the query and checks the rows it picks, in order, and that counting
 * them alone finds as many. */
static void expect(const check_rows_query *q, const evidence_view *view, size_t count,
                   const uint32_t *expected) {
  uint32_t rows[64];
  assert_true(evidence_view_size(view) <= 64);
  size_t n = check_rows_select(q, view, rows);
  assert_int_equal(n, count);
  for (size_t i = 0; i < count; i++) assert_int_equal(rows[i], expected[i]);
  assert_int_equal(check_rows_count(q, view, rows), count);
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

/* Alternatives that each test one coded column, the same one, are counted from
 * the codes any of them passes, each row once: on an authority's rows (from
 * its counts per code) and on a selection of them (a lookup a row). */
static void test_alternatives_on_one_column_are_counted_by_code(void **state) {
  (void)state;
  evidence_table *t = build("la", 5, oc3_names, 8, oc3_cells);
  evidence_view a = evidence_table_view(t, "a");
  static const char *const kept[] = {"F1", "G5"}, *const f1[] = {"F1"};
  evidence_filter not_kept = {0}, blank = {0}, is_f1 = {0}, died = {0};
  add_texts(&not_kept, t, "ACTIV", 1, 2, kept); /* rows 1, 3 */
  add_missing(&blank, t, "ACTIV");               /* row 5 */
  add_texts(&is_f1, t, "ACTIV", 0, 1, f1);       /* rows 0, 2, 4 */
  static const char *const died_code[] = {"DIED"};
  add_texts(&died, t, "IN_TOUCH", 0, 1, died_code);
  const evidence_filter *any[] = {&not_kept, &blank, &is_f1};
  check_rows_query q = query_of(any, 3);
  expect(&q, &a, 6, (const uint32_t[]){0, 1, 2, 3, 4, 5}); /* all but G5, moved to 6 */
  q.where.count = 2;
  expect(&q, &a, 3, (const uint32_t[]){1, 3, 5});
  uint32_t odd[] = {1, 3, 5, 6, 7}; /* 6: a's G5; 7: b's F1, as rows group by authority */
  evidence_view some = {t, 0, 0, odd, 5, NULL};
  q.where.count = 3;
  expect(&q, &some, 4, (const uint32_t[]){1, 3, 5, 7});
  const evidence_filter *mixed[] = {&blank, &died}; /* another column: rows listed */
  q = query_of(mixed, 2);
  expect(&q, &a, 4, (const uint32_t[]){0, 1, 2, 5});
  evidence_filter_free(&not_kept);
  evidence_filter_free(&blank);
  evidence_filter_free(&is_f1);
  evidence_filter_free(&died);
  evidence_table_free(t);
}

/* unique on identifiers of one numbered form (kept as numbers): a value on two
 * rows marks both, a missing one never repeats, and a value on one row is not
 * kept; in the build whose hashes collide, every probe passes many values. */
static void test_unique_on_numbered_identifiers(void **state) {
  (void)state;
  enum { ROWS = 8400 }; /* 4,200 values: enough to be kept as numbers */
  static const char *const name[] = {"ID"};
  static const sustain_column_type text[] = {SUSTAIN_COLUMN_TEXT};
  static char room[ROWS][16];
  static const char *cells[ROWS];
  size_t expected = 0;
  for (size_t r = 0; r < ROWS; r++) {
    /* rows 2k and 2k + 1 share a value, but that every 7th row is missing and every
     * 5th pair's second row has a value of its own */
    if (r % 7 == 3) room[r][0] = '\0';
    else snprintf(room[r], sizeof room[r], "N%09zu", r % 10 == 9 ? 900000000 + r : r / 2 * 31);
    cells[r] = room[r];
  }
  for (size_t r = 0; r < ROWS; r++)
    expected += room[r][0] && room[r ^ 1][0] && strcmp(room[r], room[r ^ 1]) == 0;
  evidence_table *t = build_typed(NULL, 1, name, text, ROWS, cells);
  assert_non_null(t->columns[0].numbered.values);
  evidence_view all = evidence_table_view(t, "x");
  check_rows_query q = query_of(NULL, 0);
  q.unique_column = 0;
  uint32_t *rows = malloc(ROWS * sizeof *rows);
  assert_non_null(rows);
  size_t n = check_rows_select(&q, &all, rows);
  assert_int_equal(n, expected);
  for (size_t i = 0; i < n; i++) {
    size_t r = rows[i];
    assert_true(i == 0 || rows[i - 1] < r);
    assert_string_equal(room[r], room[r ^ 1]);
  }
  assert_int_equal(check_rows_count(&q, &all, rows), expected); /* counted in one pass */
  free(rows);
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

/* ** {======================================================================
** Keys that compare as text: what an implementation comparing anything but
** the keys' text would get wrong
** ======================================================================= */

/* Builds a one-column table of cells, then `fillers` distinct numbers after
 * them (enough make a number column plain). */
static evidence_table *numbers_table(const char *const *cells, size_t count, size_t fillers) {
  static const char *const name[] = {"ID"};
  static const sustain_column_type number[] = {SUSTAIN_COLUMN_NUMBER};
  char(*room)[16] = malloc((fillers ? fillers : 1) * sizeof *room);
  const char **all = malloc((count + fillers) * sizeof *all);
  assert_non_null(room);
  assert_non_null(all);
  for (size_t i = 0; i < count; i++) all[i] = cells[i];
  for (size_t i = 0; i < fillers; i++) {
    snprintf(room[i], sizeof room[i], "%zu.25", 100 + i);
    all[count + i] = room[i];
  }
  evidence_table *t = build_typed(NULL, 1, name, number, count + fillers, all);
  free(all);
  free(room);
  return t;
}

/* Each number has one text: 1, 1.0 and +1 are all "1", 1e15 is
 * "1000000000000000", but -0 is "-0", not "0" (so not ==). */
static const char *const same_numbers[] = {"0",   "-0",   "1", "1.0", "+1",  "1e15", "1000000000000000",
                                           "2.5", "2.50", "",  "0.5", ".5", "7"};

static void test_numbers_repeat_by_their_text(void **state) {
  (void)state;
  static const uint32_t repeated[] = {2, 3, 4, 5, 6, 7, 8, 10, 11};
  for (int plain = 0; plain <= 1; plain++) {
    evidence_table *t = numbers_table(same_numbers, 13, plain ? 5000 : 0);
    assert_int_equal(t->columns[0].type, EVIDENCE_NUMBER);
    assert_int_equal(t->columns[0].storage, plain ? EVIDENCE_PLAIN : EVIDENCE_CODED);
    evidence_view all = evidence_table_view(t, "x");
    check_rows_query q = query_of(NULL, 0);
    q.unique_column = 0;
    uint32_t *rows = malloc(evidence_view_size(&all) * sizeof *rows);
    assert_non_null(rows);
    assert_int_equal(check_rows_select(&q, &all, rows), 9);
    for (size_t i = 0; i < 9; i++) assert_int_equal(rows[i], repeated[i]);
    free(rows);
    evidence_table_free(t);
  }
}

static const char *const text_keys[] = {"123", "0123", "1.5", "1000000000000000", "1e15", "-0",
                                        "0",   "2004-01-02", "", "x", "2004-1-2"};
static const char *const typed_names[] = {"NUM", "DAY"};
static const sustain_column_type typed_types[] = {SUSTAIN_COLUMN_NUMBER, SUSTAIN_COLUMN_DATE};
static const char *const typed_cells[] = {
    "123",  "2004-01-02", /* */
    "1.50", "",           /* */
    "1e15", "2004-03-04", /* */
    "0",    "",           /* */
    "",     "",
};

/* found_in between a text column and a number or date column: the key text
 * of each side, whichever side is the other table. */
static void test_found_in_compares_text_across_types(void **state) {
  (void)state;
  static const char *const name[] = {"ID"};
  static const sustain_column_type text[] = {SUSTAIN_COLUMN_TEXT};
  evidence_table *mine = build_typed(NULL, 1, name, text, 11, text_keys);
  evidence_table *typed = build_typed(NULL, 2, typed_names, typed_types, 5, typed_cells);
  assert_int_equal(mine->columns[0].type, EVIDENCE_TEXT);
  assert_int_equal(typed->columns[1].type, EVIDENCE_DATE);
  evidence_view mine_all = evidence_table_view(mine, "x"), typed_all = evidence_table_view(typed, "x");
  check_rows_query q = query_of(NULL, 0);
  q.other = &typed_all;
  q.key_column = 0;
  q.other_key_column = 0; /* NUM: "123", "1.5", "1000000000000000", "0" */
  expect(&q, &mine_all, 4, (const uint32_t[]){0, 2, 3, 6});
  q.other_key_column = 1; /* DAY */
  expect(&q, &mine_all, 1, (const uint32_t[]){7});
  q.other = &mine_all;
  q.other_key_column = 0;
  q.key_column = 0; /* every number but the missing one has its text among mine */
  expect(&q, &typed_all, 4, (const uint32_t[]){0, 1, 2, 3});
  q.key_column = 1;
  expect(&q, &typed_all, 1, (const uint32_t[]){0});
  q.other = &typed_all; /* numbers against dates: no number reads as a date */
  q.key_column = 0;
  q.other_key_column = 1;
  expect(&q, &typed_all, 0, NULL);
  evidence_table_free(typed);
  evidence_table_free(mine);
}

static const char *const blank_names[] = {"T", "N", "D"};
static const char *const blank_cells[] = {
    "",  "",  "",           /* */
    "a", "",  "2004-01-01", /* */
    "",  "1", "",           /* */
    "a", "2", "",           /* */
    "b", "3", "2004-01-01",
};

static void test_missing_keys_never_repeat_nor_match(void **state) {
  (void)state;
  evidence_table *t = build(NULL, 3, blank_names, 5, blank_cells);
  assert_int_equal(t->columns[1].type, EVIDENCE_NUMBER);
  assert_int_equal(t->columns[2].type, EVIDENCE_DATE);
  evidence_view all = evidence_table_view(t, "x");
  check_rows_query q = query_of(NULL, 0);
  q.unique_column = 0;
  expect(&q, &all, 2, (const uint32_t[]){1, 3});
  q.unique_column = 1; /* three blanks */
  expect(&q, &all, 0, NULL);
  q.unique_column = 2;
  expect(&q, &all, 2, (const uint32_t[]){1, 4});
  q.unique_column = -1;
  q.other = &all; /* a table against itself: a blank is not found among blanks */
  for (int c = 0; c < 3; c++) {
    q.key_column = q.other_key_column = c;
    expect(&q, &all, c == 0 ? 3 : c == 1 ? 3 : 2,
           c == 0 ? (const uint32_t[]){1, 3, 4}
           : c == 1 ? (const uint32_t[]){2, 3, 4}
                    : (const uint32_t[]){1, 4});
  }
  q.key_column = 1; /* numbers 1 to 3 against texts a and b */
  q.other_key_column = 0;
  expect(&q, &all, 0, NULL);
  evidence_table_free(t);
}

static const char *const border_names[] = {"la", "CHILD"};
static const char *const border_cells[] = {
    "a", "K1", /* 0 */
    "a", "X",  /* 1: a's last row, beside b's X */
    "b", "X",  /* 2 */
    "b", "Y",  /* 3 */
    "b", "Z",  /* 4 */
    "b", "Y",  /* 5 */
    "c", "Z",  /* 6: c's first row, beside b's Z */
    "c", "K1", /* 7 */
};

/* Another authority's rows, even the ones beside a view, are not its rows. */
static void test_keys_beyond_the_view_do_not_count(void **state) {
  (void)state;
  evidence_table *t = build("la", 2, border_names, 8, border_cells);
  evidence_view a = evidence_table_view(t, "a"), b = evidence_table_view(t, "b"),
                c = evidence_table_view(t, "c");
  assert_int_equal(b.start, 2);
  assert_int_equal(b.end, 6);
  check_rows_query q = query_of(NULL, 0);
  q.unique_column = 1;
  expect(&q, &b, 2, (const uint32_t[]){3, 5});
  expect(&q, &a, 0, NULL);
  expect(&q, &c, 0, NULL);
  static const uint32_t without_second_y[] = {2, 3, 4}, across[] = {1, 2};
  evidence_view some = {.table = t, .rows = without_second_y, .row_count = 3};
  expect(&q, &some, 0, NULL);
  some = (evidence_view){.table = t, .rows = across, .row_count = 2};
  expect(&q, &some, 2, (const uint32_t[]){1, 2});
  q.unique_column = -1;
  q.key_column = q.other_key_column = 1;
  q.other = &a; /* b's keys among a's: X */
  expect(&q, &b, 1, (const uint32_t[]){2});
  q.other = &c; /* and among c's: Z */
  expect(&q, &b, 1, (const uint32_t[]){4});
  evidence_table_free(t);
}

/* Two keys that share the 32-bit hash check_rows.c gives them (text hashes as
 * evidence_hash, a number's bits as evidence_hash_packed): found by trying
 * more keys than the birthday bound, each written by write(i, room). */
typedef void key_writer(uint32_t i, char room[CHECK_ROWS_KEY_SIZE]);

static void identifier_key(uint32_t i, char room[CHECK_ROWS_KEY_SIZE]) {
  snprintf(room, CHECK_ROWS_KEY_SIZE, "N%09u", i);
}

static void number_key(uint32_t i, char room[CHECK_ROWS_KEY_SIZE]) {
  snprintf(room, CHECK_ROWS_KEY_SIZE, "%u.75", i);
}

static uint32_t hash_of_key(key_writer *write, int number, uint32_t i) {
  char room[CHECK_ROWS_KEY_SIZE];
  write(i, room);
  if (!number) return evidence_hash(room, strlen(room));
  double value = strtod(room, NULL);
  uint64_t bits;
  memcpy(&bits, &value, sizeof bits);
  return evidence_hash_packed(bits, 0, sizeof bits);
}

static int compare_words(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

static void colliding_keys(key_writer *write, int number, char first[CHECK_ROWS_KEY_SIZE],
                           char second[CHECK_ROWS_KEY_SIZE]) {
  enum { TRIED = 400000 }; /* about 18 pairs expected among 2^32 hashes */
  uint64_t *hashes = malloc(TRIED * sizeof *hashes);
  assert_non_null(hashes);
  for (uint32_t i = 0; i < TRIED; i++) hashes[i] = (uint64_t)hash_of_key(write, number, i) << 32 | i;
  qsort(hashes, TRIED, sizeof *hashes, compare_words);
  size_t i = 1;
  while (i < TRIED && hashes[i] >> 32 != hashes[i - 1] >> 32) i++;
  assert_true(i < TRIED);
  write((uint32_t)hashes[i - 1], first);
  write((uint32_t)hashes[i], second);
  free(hashes);
  assert_string_not_equal(first, second);
}

/* [a, b, a] and fillers, a and b sharing a hash; plain (fillers) or coded. */
static evidence_table *collision_table(const char *a, const char *b, size_t fillers,
                                       sustain_column_type type) {
  static const char *const name[] = {"ID"};
  char(*room)[24] = malloc((fillers ? fillers : 1) * sizeof *room);
  const char **cells = malloc((3 + fillers) * sizeof *cells);
  assert_non_null(room);
  assert_non_null(cells);
  cells[0] = a, cells[1] = b, cells[2] = a;
  for (size_t i = 0; i < fillers; i++) {
    snprintf(room[i], sizeof room[i], "%zu.5", i);
    cells[3 + i] = room[i];
  }
  evidence_table *t = build_typed(NULL, 1, name, &type, 3 + fillers, cells);
  free(cells);
  free(room);
  return t;
}

static void test_keys_whose_hashes_collide(void **state) {
  (void)state;
  char texts[2][CHECK_ROWS_KEY_SIZE], numbers[2][CHECK_ROWS_KEY_SIZE];
  colliding_keys(identifier_key, 0, texts[0], texts[1]);
  colliding_keys(number_key, 1, numbers[0], numbers[1]);
  for (int number = 0; number <= 1; number++)
    for (int plain = 0; plain <= 1; plain++) {
      char(*pair)[CHECK_ROWS_KEY_SIZE] = number ? numbers : texts;
      evidence_table *t = collision_table(pair[0], pair[1], plain ? 5000 : 0,
                                          number ? SUSTAIN_COLUMN_NUMBER : SUSTAIN_COLUMN_TEXT);
      assert_int_equal(t->columns[0].storage, plain ? EVIDENCE_PLAIN : EVIDENCE_CODED);
      static const uint32_t only_a[] = {0, 2}, b_then_a[] = {1, 2}, b_alone[] = {1};
      uint32_t *rows = malloc(t->row_count * sizeof *rows);
      assert_non_null(rows);
      evidence_view all = evidence_table_view(t, "x");
      check_rows_query q = query_of(NULL, 0);
      q.unique_column = 0; /* the two a's, never b */
      assert_int_equal(check_rows_select(&q, &all, rows), 2);
      assert_int_equal(rows[0], 0);
      assert_int_equal(rows[1], 2);
      evidence_view a = {.table = t, .rows = only_a, .row_count = 1},
                    b = {.table = t, .rows = b_alone, .row_count = 1},
                    ba = {.table = t, .rows = b_then_a, .row_count = 2};
      q = query_of(NULL, 0);
      q.key_column = q.other_key_column = 0;
      q.other = &a; /* b is not found among a's keys, a is */
      expect(&q, &b, 0, NULL);
      expect(&q, &ba, 1, (const uint32_t[]){2});
      q.other = &b;
      expect(&q, &a, 0, NULL);
      free(rows);
      evidence_table_free(t);
    }
}

/* }====================================================================== */

/* ** {======================================================================
** Large views against a reference: every key written as text, sorted
** ======================================================================= */

#ifdef CHECK_ROWS_HASH_BITS
enum { LARGE_ROWS = 2400 }; /* every key shares one of a few hashes: lookups are slow */
#else
enum { LARGE_ROWS = 30000 };
#endif

typedef struct text_key {
  char text[40];
  size_t length;
  uint32_t row;
} text_key;

static int compare_text_keys(const void *a, const void *b) {
  const text_key *x = a, *y = b;
  size_t shorter = x->length < y->length ? x->length : y->length;
  int order = memcmp(x->text, y->text, shorter);
  if (order) return order;
  if (x->length != y->length) return x->length < y->length ? -1 : 1;
  return (x->row > y->row) - (x->row < y->row);
}

static int compare_rows(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

/* The view's rows' keys as text, sorted (missing keys left out). */
static size_t sorted_keys(const evidence_view *view, int column, text_key *out) {
  size_t n = 0;
  for (size_t i = 0; i < evidence_view_size(view); i++) {
    uint32_t row = (uint32_t)evidence_view_row(view, i);
    char buffer[CHECK_ROWS_KEY_SIZE];
    size_t length = 0;
    const char *text = check_rows_key_text(&view->table->columns[column], row, buffer, &length);
    if (!text) continue;
    assert_true(length < sizeof out[n].text);
    memcpy(out[n].text, text, length);
    out[n].length = length;
    out[n++].row = row;
  }
  qsort(out, n, sizeof *out, compare_text_keys);
  return n;
}

static size_t reference_repeated(const evidence_view *view, int column, uint32_t *rows) {
  text_key *keys = malloc((evidence_view_size(view) + 1) * sizeof *keys);
  assert_non_null(keys);
  size_t n = sorted_keys(view, column, keys), kept = 0;
  for (size_t i = 0; i < n; i++) {
    int same_before = i > 0 && keys[i].length == keys[i - 1].length &&
                      memcmp(keys[i].text, keys[i - 1].text, keys[i].length) == 0;
    int same_after = i + 1 < n && keys[i].length == keys[i + 1].length &&
                     memcmp(keys[i].text, keys[i + 1].text, keys[i].length) == 0;
    if (same_before || same_after) rows[kept++] = keys[i].row;
  }
  qsort(rows, kept, sizeof *rows, compare_rows);
  free(keys);
  return kept;
}

static int compare_texts_only(const void *a, const void *b) {
  text_key x = *(const text_key *)a, y = *(const text_key *)b;
  x.row = y.row = 0;
  return compare_text_keys(&x, &y);
}

static size_t reference_found(const evidence_view *view, int column, const evidence_view *other,
                              int other_column, uint32_t *rows) {
  size_t size = evidence_view_size(view), other_size = evidence_view_size(other);
  text_key *mine = malloc((size + 1) * sizeof *mine), *theirs = malloc((other_size + 1) * sizeof *theirs);
  assert_non_null(mine);
  assert_non_null(theirs);
  size_t n = sorted_keys(view, column, mine), m = sorted_keys(other, other_column, theirs), kept = 0;
  for (size_t i = 0; i < n; i++)
    if (bsearch(&mine[i], theirs, m, sizeof *theirs, compare_texts_only)) rows[kept++] = mine[i].row;
  qsort(rows, kept, sizeof *rows, compare_rows);
  free(mine);
  free(theirs);
  return kept;
}

static uint32_t next_random(uint64_t *seed) {
  *seed = *seed * 6364136223846793005u + 1442695040888963407u;
  return (uint32_t)(*seed >> 33);
}

enum { LARGE_COLUMNS = 6 };
static const char *const large_names[LARGE_COLUMNS] = {"la", "TEXT_ID", "NUM_ID", "DAY", "CODE",
                                                       "SMALL_NUM"};
static const sustain_column_type large_types[LARGE_COLUMNS] = {
    SUSTAIN_COLUMN_TEXT, SUSTAIN_COLUMN_TEXT, SUSTAIN_COLUMN_NUMBER, SUSTAIN_COLUMN_DATE,
    SUSTAIN_COLUMN_INFER, SUSTAIN_COLUMN_INFER};

/* One cell of a large table: identifiers that repeat, written in ways that do
 * and do not read as the same text, blanks among them. */
static void large_cell(size_t column, uint64_t *seed, char room[24]) {
  uint32_t k = next_random(seed) % (LARGE_ROWS / 4), form = next_random(seed) % 10;
  static const char *const authorities[] = {"a", "b", "c"};
  if (column == 0) snprintf(room, 24, "%s", authorities[k % 3]);
  else if (form == 0) room[0] = '\0';
  else if (column == 1)
    snprintf(room, 24, form == 1 ? "0%u" : form == 2 ? "N%u" : form == 3 ? "%u.5" : "%u", k);
  else if (column == 2)
    snprintf(room, 24, form == 1 ? "%u.5" : form == 2 ? "%u.0" : form == 3 ? "-%u" : "%u", k);
  else if (column == 3) snprintf(room, 24, "2004-%02u-%02u", k % 12 + 1, k % 28 + 1);
  else if (column == 4) snprintf(room, 24, "C%u", k % 50);
  else snprintf(room, 24, form < 5 ? "%u" : "%u.0", k % 100);
}

static evidence_table *large_table(uint64_t seed) {
  char(*room)[24] = malloc((size_t)LARGE_ROWS * LARGE_COLUMNS * sizeof *room);
  const char **cells = malloc((size_t)LARGE_ROWS * LARGE_COLUMNS * sizeof *cells);
  assert_non_null(room);
  assert_non_null(cells);
  for (size_t i = 0; i < (size_t)LARGE_ROWS * LARGE_COLUMNS; i++) {
    large_cell(i % LARGE_COLUMNS, &seed, room[i]);
    cells[i] = room[i];
  }
  evidence_table *t = build_typed("la", LARGE_COLUMNS, large_names, large_types, LARGE_ROWS, cells);
  free(cells);
  free(room);
  return t;
}

static void expect_rows(const uint32_t *got, size_t n, const uint32_t *wanted, size_t m) {
  assert_int_equal(n, m);
  for (size_t i = 0; i < n; i++) assert_int_equal(got[i], wanted[i]);
}

static void test_large_views_match_their_keys_as_text(void **state) {
  (void)state;
  evidence_table *t = large_table(1), *other = large_table(2);
  /* every storage the keys can have: plain text and numbers, coded text and numbers
   * (identifiers stay coded in the smaller table of the build with colliding hashes) */
  assert_int_equal(t->columns[1].storage, LARGE_ROWS > 20000 ? EVIDENCE_PLAIN : EVIDENCE_CODED);
  assert_int_equal(t->columns[2].storage, LARGE_ROWS > 20000 ? EVIDENCE_PLAIN : EVIDENCE_CODED);
  assert_int_equal(t->columns[4].storage, EVIDENCE_CODED);
  assert_int_equal(t->columns[5].type, EVIDENCE_NUMBER);
  assert_int_equal(t->columns[5].storage, EVIDENCE_CODED);
  uint32_t *got = malloc(LARGE_ROWS * sizeof *got), *wanted = malloc(LARGE_ROWS * sizeof *wanted);
  uint32_t *every_third = malloc(LARGE_ROWS * sizeof *every_third);
  assert_non_null(got);
  assert_non_null(wanted);
  assert_non_null(every_third);
  for (uint32_t i = 0; i < LARGE_ROWS / 3; i++) every_third[i] = 3 * i;
  evidence_view views[4] = {evidence_table_view(t, "a"), evidence_table_view(t, "b"),
                            {.table = t, .rows = every_third, .row_count = LARGE_ROWS / 3},
                            evidence_table_view(t, "c")};
  evidence_view others[4] = {evidence_table_view(other, "a"), evidence_table_view(other, "b"),
                             {.table = other, .start = 0, .end = LARGE_ROWS},
                             evidence_table_view(other, "c")};
  size_t picked = 0;
  for (size_t v = 0; v < 4; v++)
    for (int column = 1; column < LARGE_COLUMNS; column++) {
      check_rows_query q = query_of(NULL, 0);
      q.unique_column = column;
      size_t n = check_rows_select(&q, &views[v], got);
      expect_rows(got, n, wanted, reference_repeated(&views[v], column, wanted));
      picked += n;
      q.unique_column = -1;
      q.other = &others[v];
      q.key_column = column;
      for (int theirs = 1; theirs < LARGE_COLUMNS; theirs++) {
        q.other_key_column = theirs;
        n = check_rows_select(&q, &views[v], got);
        expect_rows(got, n, wanted, reference_found(&views[v], column, &others[v], theirs, wanted));
        picked += n;
      }
    }
  assert_true(picked > LARGE_ROWS); /* the checks found plenty, not only nothing */
  free(every_third);
  free(wanted);
  free(got);
  evidence_table_free(other);
  evidence_table_free(t);
}

/* }====================================================================== */

/* ** {======================================================================
** Counting alternatives without listing rows, against listing them
** ======================================================================= */

/* A number below `below` from next_random. */
static unsigned random_below(uint64_t *seed, unsigned below) {
  return next_random(seed) % below;
}

#define RANDOM_ROWS 6000
#define RANDOM_COLUMNS 7
#define RANDOM_CHILD 6 /* the identifier, not a column filters test */
static const char *const random_names[] = {"la", "S", "T", "BORN", "NUM", "WIDE", "CHILD"};
static const sustain_column_type random_types[] = {
    SUSTAIN_COLUMN_TEXT, SUSTAIN_COLUMN_TEXT,   SUSTAIN_COLUMN_TEXT, SUSTAIN_COLUMN_DATE,
    SUSTAIN_COLUMN_NUMBER, SUSTAIN_COLUMN_TEXT, SUSTAIN_COLUMN_TEXT};
static const char *const random_codes[] = {"A", "B", "C", "D", "E"};

/* Rows of three authorities in a shuffled order: S and T of a few codes (1-byte),
 * BORN of 400 days and WIDE of 300 texts (2-byte codes), NUM of numbers nearly
 * all different (plain), CHILD of identifiers that repeat now and then (kept
 * as numbers); each column sometimes blank. */
static evidence_table *build_random(uint64_t *seed) {
  static char cells[RANDOM_ROWS][RANDOM_COLUMNS][24];
  static const char *pointers[RANDOM_ROWS * RANDOM_COLUMNS];
  for (size_t r = 0; r < RANDOM_ROWS; r++) {
    char(*row)[24] = cells[r];
    snprintf(row[0], 24, "%c", "abc"[random_below(seed, 3)]);
    snprintf(row[1], 24, "%s", random_codes[random_below(seed, 5)]);
    snprintf(row[2], 24, "%s", random_codes[random_below(seed, 3)]);
    unsigned day = random_below(seed, 400);
    snprintf(row[3], 24, "20%02u-%02u-%02u", 1 + day / 336, 1 + day / 28 % 12, 1 + day % 28);
    snprintf(row[4], 24, "%u.25", random_below(seed, 1000000));
    snprintf(row[5], 24, "w%u", random_below(seed, 300));
    snprintf(row[6], 24, "N%09u", random_below(seed, 20000));
    for (size_t c = 1; c < RANDOM_COLUMNS; c++) {
      if (random_below(seed, 10) == 0) row[c][0] = '\0'; /* blank */
      pointers[r * RANDOM_COLUMNS + c] = row[c];
    }
    pointers[r * RANDOM_COLUMNS] = row[0];
  }
  return build_typed("la", RANDOM_COLUMNS, random_names, random_types, RANDOM_ROWS, pointers);
}

/* Adds a random condition to f: a set of codes, its negation, missing or present
 * on S, T or WIDE; a comparison or missing on BORN or NUM. */
static void add_random_condition(evidence_filter *f, const evidence_table *t, uint64_t *seed,
                                 size_t column) {
  char error[200];
  if (!column) column = 1 + random_below(seed, RANDOM_COLUMNS - 2);
  unsigned kind = random_below(seed, 6);
  if (kind == 0) {
    assert_int_equal(evidence_filter_add_missing(f, t, column, (int)random_below(seed, 2)), 0);
    return;
  }
  if (column == 3 || column == 4) {
    static const evidence_operator ops[] = {EVIDENCE_LT, EVIDENCE_LE, EVIDENCE_GT, EVIDENCE_GE};
    double value = column == 3 ? 11000 + random_below(seed, 1200) : random_below(seed, 1000000);
    assert_int_equal(evidence_filter_add_compare(f, t, column, ops[random_below(seed, 4)], value,
                                                 error, sizeof error), 0);
    return;
  }
  char texts[3][8];
  const char *pointers[3];
  size_t lengths[3], count = 1 + random_below(seed, 3);
  for (size_t i = 0; i < count; i++) {
    if (column == 5) snprintf(texts[i], sizeof texts[i], "w%u", random_below(seed, 300));
    else snprintf(texts[i], sizeof texts[i], "%s", random_codes[random_below(seed, 5)]);
    pointers[i] = texts[i];
    lengths[i] = strlen(texts[i]);
  }
  assert_int_equal(evidence_filter_add_set(f, t, column, kind == 1, pointers, lengths, NULL, count,
                                           error, sizeof error), 0);
}

/* Random checks of 1 to 12 alternatives of 0 to 3 conditions each (more than a
 * coded pass takes, now and then; one condition each on one coded column, of 1- or
 * 2-byte codes, every fifth), counted on each authority's rows, on a
 * range that is no authority's, and on selections: check_rows_count and
 * evidence_count_any find as many rows as check_rows_select lists; and so does
 * check_rows_count for the same check with unique CHILD, and for unique alone. */
static void test_counted_alternatives_match_the_listed_rows(void **state) {
  (void)state;
  uint64_t seed = 20261207;
  evidence_table *t = build_random(&seed);
  assert_int_equal(t->group_count, 3);
  assert_int_equal(t->columns[1].width, 1);
  assert_non_null(t->columns[1].group_counts);
  assert_int_equal(t->columns[3].width, 2); /* BORN */
  assert_int_equal(t->columns[4].storage, EVIDENCE_PLAIN);
  assert_int_equal(t->columns[5].width, 2); /* WIDE */
  assert_non_null(t->columns[RANDOM_CHILD].numbered.values);
  uint32_t *rows = malloc(RANDOM_ROWS * sizeof *rows), *some = malloc(RANDOM_ROWS * sizeof *some);
  assert_true(rows && some);
  size_t nonzero = 0, tried = 0, repeated = 0;
  for (size_t round = 0; round < 400; round++) {
    evidence_filter filters[12];
    const evidence_filter *items[12];
    size_t count = round % 10 == 0 ? 9 + random_below(&seed, 4) : 1 + random_below(&seed, 5);
    for (size_t k = 0; k < count; k++) {
      filters[k] = (evidence_filter){0};
      size_t conditions = random_below(&seed, 20) == 0 ? 0 : 1 + random_below(&seed, 3);
      if (round % 3 == 1) /* a rare condition every alternative has, tested first */
        assert_int_equal(evidence_filter_add_missing(&filters[k], t, 1, 1), 0);
      if (round % 5 == 2) /* one condition each, all on one coded column */
        add_random_condition(&filters[k], t, &seed, 1 + 4 * (round % 2));
      else
        for (size_t c = 0; c < conditions; c++) add_random_condition(&filters[k], t, &seed, 0);
      items[k] = &filters[k];
    }
    check_rows_query q = query_of(items, count);
    for (size_t v = 0; v < t->group_count + 2; v++) {
      evidence_view view;
      if (v < t->group_count) {
        view = evidence_table_view(t, t->groups[v].authority);
      } else if (v == t->group_count) { /* a range across authorities: no counts per code */
        view = (evidence_view){t, 100, 2100, NULL, 0, NULL};
      } else { /* a selection: rows kept at random */
        size_t n = 0;
        for (uint32_t r = 0; r < RANDOM_ROWS; r++)
          if (random_below(&seed, 3) == 0) some[n++] = r;
        view = (evidence_view){t, 0, 0, some, n, NULL};
      }
      size_t listed = check_rows_select(&q, &view, rows);
      assert_int_equal(check_rows_count(&q, &view, rows), listed);
      assert_int_equal(evidence_count_any(&view, items, count), listed);
      nonzero += listed != 0 && listed != evidence_view_size(&view);
      tried++;
      q.unique_column = RANDOM_CHILD;
      q.where.count = round % 4 == 0 ? 0 : count;
      listed = check_rows_select(&q, &view, rows);
      assert_int_equal(check_rows_count(&q, &view, rows), listed);
      repeated += listed;
      q.unique_column = -1;
      q.where.count = count;
    }
    for (size_t k = 0; k < count; k++) evidence_filter_free(&filters[k]);
  }
  assert_true(nonzero > tried / 2); /* most checks picked some rows, not none or all */
  assert_true(repeated > tried); /* and identifiers repeated among them */
  free(rows);
  free(some);
  evidence_table_free(t);
}

/* }====================================================================== */

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_alternatives_count_each_row_once),
      cmocka_unit_test(test_alternatives_on_one_column_are_counted_by_code),
      cmocka_unit_test(test_unique_counts_every_row_of_a_repeated_key),
      cmocka_unit_test(test_unique_on_numbered_identifiers),
      cmocka_unit_test(test_unique_on_numbers_and_dates),
      cmocka_unit_test(test_found_in_another_table),
      cmocka_unit_test(test_keys_match_across_types),
      cmocka_unit_test(test_a_selection_of_rows),
      cmocka_unit_test(test_plain_identifiers),
      cmocka_unit_test(test_numbers_repeat_by_their_text),
      cmocka_unit_test(test_found_in_compares_text_across_types),
      cmocka_unit_test(test_missing_keys_never_repeat_nor_match),
      cmocka_unit_test(test_keys_beyond_the_view_do_not_count),
      cmocka_unit_test(test_keys_whose_hashes_collide),
      cmocka_unit_test(test_large_views_match_their_keys_as_text),
      cmocka_unit_test(test_counted_alternatives_match_the_listed_rows),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
