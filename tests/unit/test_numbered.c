/* test_numbered.c: plain text columns whose values are one prefix and a fixed
 * count of digits, as identifiers are (evidence_numbered): kept as numbers and
 * read back as the same text, leading zeros and all; turned back into bytes
 * when a value of another form comes, in a block, a part or a join; and
 * answering filters, repeated keys and keys found in another table exactly as
 * text does. */
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

/* Rows: enough distinct identifiers (more than 4,096, more than a quarter of
 * the rows) for the column to turn plain, in three authorities' runs. */
enum { ROWS = 9000, BLOCK = 100 };

/* Writes the identifier of a row into buffer (32 bytes); "" is missing. */
typedef const char *(*id_fn)(size_t row, char *buffer);

/* N and nine digits, small numbers among them (leading zeros); each value on
 * two rows; every eleventh row missing. */
static const char *child_id(size_t row, char *buffer) {
  if (row % 11 == 5) return "";
  snprintf(buffer, 32, "N%09zu", (row / 2) * 7919 % 1000000000);
  return buffer;
}

/* The same, but from row 6543 on the identifiers are M and eight digits. */
static const char *changing_id(size_t row, char *buffer) {
  if (row < 6543) return child_id(row, buffer);
  snprintf(buffer, 32, "M%08zu", row);
  return buffer;
}

/* Fills a builder with rows [first, end) of la and ID, in blocks. */
static void fill(table_builder *b, size_t first, size_t end, id_fn id) {
  char error[TABLE_BUILDER_ERROR_SIZE];
  assert_int_equal(table_builder_init(b, "t", "la"), 0);
  assert_int_equal(table_builder_add_column(b, "la", 2, SUSTAIN_COLUMN_INFER, error), 0);
  assert_int_equal(table_builder_add_column(b, "ID", 2, SUSTAIN_COLUMN_TEXT, error), 0);
  static char text[BLOCK][2][32];
  sustain_cell cells[BLOCK * 2];
  for (size_t from = first; from < end; from += BLOCK) {
    size_t rows = end - from < BLOCK ? end - from : BLOCK;
    for (size_t r = 0; r < rows; r++) {
      snprintf(text[r][0], 32, "la%zu", (from + r) / 3000); /* runs: rows stay in order */
      const char *cell = id(from + r, text[r][1]);
      cells[r * 2] = (sustain_cell){text[r][0], strlen(text[r][0])};
      cells[r * 2 + 1] = (sustain_cell){cell, strlen(cell)};
    }
    if (table_builder_append_rows(b, cells, rows, error) != 0) fail_msg("%s", error);
  }
}

/* The table of rows [0, cuts[parts]), read in parts split at cuts and joined. */
static evidence_table *build_parts(const size_t *cuts, size_t parts, id_fn id) {
  char error[TABLE_BUILDER_ERROR_SIZE];
  table_builder first, part;
  fill(&first, cuts[0], cuts[1], id);
  for (size_t k = 1; k < parts; k++) {
    fill(&part, cuts[k], cuts[k + 1], id);
    if (table_builder_join(&first, &part, error) != 0) fail_msg("%s", error);
    table_builder_free(&part);
  }
  evidence_table *t = table_builder_finish(&first, error);
  if (!t) fail_msg("%s", error);
  return t;
}

static evidence_table *build_whole(id_fn id) {
  const size_t whole[] = {0, ROWS};
  return build_parts(whole, 1, id);
}

/* Every row of column 1 reads back as id writes it, and the count of present
 * values is right. */
static void expect_ids(const evidence_table *t, id_fn id) {
  const evidence_column *column = &t->columns[1];
  char wanted[32], room[EVIDENCE_TEXT_SPACE];
  size_t present = 0;
  assert_int_equal(t->row_count, ROWS);
  for (size_t r = 0; r < ROWS; r++) {
    const char *cell = id(r, wanted);
    size_t length = 0;
    const char *text = evidence_text(column, r, &length, room);
    if (!*cell) {
      assert_null(text);
      continue;
    }
    present++;
    assert_non_null(text);
    assert_int_equal(length, strlen(cell));
    assert_memory_equal(text, cell, length);
  }
  assert_int_equal(column->present, present);
}

static void test_identifiers_are_numbered(void **state) {
  (void)state;
  evidence_table *t = build_whole(child_id);
  const evidence_column *column = &t->columns[1];
  assert_int_equal(column->storage, EVIDENCE_PLAIN);
  assert_non_null(column->numbered.values);
  assert_null(column->text);
  assert_int_equal(column->numbered.prefix_length, 1);
  assert_memory_equal(column->numbered.prefix, "N", 1);
  assert_int_equal(column->numbered.digits, 9);
  expect_ids(t, child_id);
  evidence_table_free(t);
}

static void test_another_form_turns_the_column_to_bytes(void **state) {
  (void)state;
  evidence_table *t = build_whole(changing_id);
  assert_int_equal(t->columns[1].storage, EVIDENCE_PLAIN);
  assert_null(t->columns[1].numbered.values);
  expect_ids(t, changing_id);
  evidence_table_free(t);
}

/* Parts of one form join numbered; a part of another form, or a part still
 * coded beside numbered ones, joins as bytes or numbers as one reader would. */
static void test_parts_join_as_one_reader_reads(void **state) {
  (void)state;
  const size_t cuts[][5] = {{0, 4500, ROWS}, {0, 300, 4000, 8800, ROWS}, {0, 1, 6600, ROWS}};
  const size_t parts[] = {2, 4, 3};
  id_fn ids[] = {child_id, changing_id};
  for (size_t f = 0; f < 2; f++)
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
      evidence_table *t = build_parts(cuts[i], parts[i], ids[f]);
      expect_ids(t, ids[f]);
      if (ids[f] == child_id) assert_non_null(t->columns[1].numbered.values);
      evidence_table_free(t);
    }
}

/* The writable identifier of a form test: each row's value from a pattern. */
static const char *pattern;

static const char *patterned_id(size_t row, char *buffer) {
  snprintf(buffer, 32, pattern, row);
  return buffer;
}

static void test_which_texts_are_of_a_form(void **state) {
  (void)state;
  static const struct {
    const char *pattern;
    int numbered;
    unsigned prefix_length, digits;
  } forms[] = {
      {"%06zu", 1, 0, 6},                       /* digits alone, zero-padded */
      {"ABCDEFGHIJKLMNO%05zu", 1, 15, 5},       /* the longest prefix */
      {"ABCDEFGHIJKLMNOP%05zu", 0, 0, 0},       /* a prefix too long */
      {"AB12%09zu", 1, 4, 9},                   /* more digits than nine: the rest a prefix */
      {"%zu", 0, 0, 0},                         /* digits of varying count */
      {"N%05zu-x", 0, 0, 0},                    /* no digit at the end */
  };
  for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
    pattern = forms[i].pattern;
    evidence_table *t = build_whole(patterned_id);
    const evidence_numbered *n = &t->columns[1].numbered;
    assert_int_equal(n->values != NULL, forms[i].numbered);
    if (forms[i].numbered) {
      assert_int_equal(n->prefix_length, forms[i].prefix_length);
      assert_int_equal(n->digits, forms[i].digits);
    }
    expect_ids(t, patterned_id);
    evidence_table_free(t);
  }
}

/* A cell whose text is NULL though its length is not 0 is the plugin's
 * mistake, named by its row, in a numbered column as in any other. */
static void test_a_null_cell_is_refused(void **state) {
  (void)state;
  table_builder b;
  char error[TABLE_BUILDER_ERROR_SIZE];
  fill(&b, 0, ROWS, child_id);
  assert_non_null(b.table->columns[1].numbered.values);
  sustain_cell cells[4] = {{"la9", 3}, {"N000000001", 10}, {"la9", 3}, {NULL, 10}};
  assert_int_equal(table_builder_append_rows(&b, cells, 2, error), -1);
  assert_int_equal(b.failed_row, 1);
  assert_non_null(strstr(error, "NULL"));
  table_builder_free(&b);
}

/* The texts of the rows of a view whose ID passes a test, counted one by one. */
static size_t count_by_text(const evidence_table *t, int (*passes)(const char *, size_t)) {
  size_t n = 0;
  char room[EVIDENCE_TEXT_SPACE];
  for (size_t r = 0; r < t->row_count; r++) {
    size_t length = 0;
    const char *text = evidence_text(&t->columns[1], r, &length, room);
    n += passes(text, length) != 0;
  }
  return n;
}

static const char *const listed[] = {"N000007919", "N000000000", "N999999999", "nonsense",
                                     "N00000791"};

static int is_listed(const char *text, size_t length) {
  for (size_t i = 0; text && i < sizeof listed / sizeof *listed; i++)
    if (strlen(listed[i]) == length && memcmp(listed[i], text, length) == 0) return 1;
  return 0;
}
static int is_not_listed(const char *text, size_t length) {
  return text && !is_listed(text, length);
}
static int is_missing(const char *text, size_t length) {
  (void)length;
  return !text;
}
static int is_present(const char *text, size_t length) {
  (void)length;
  return text != NULL;
}

static void test_filters_match_the_texts(void **state) {
  (void)state;
  evidence_table *t = build_whole(child_id);
  size_t lengths[sizeof listed / sizeof *listed];
  for (size_t i = 0; i < sizeof listed / sizeof *listed; i++) lengths[i] = strlen(listed[i]);
  char error[200];
  int (*tests[])(const char *, size_t) = {is_listed, is_not_listed, is_missing, is_present};
  for (int k = 0; k < 4; k++) {
    evidence_filter f = {0};
    if (k < 2)
      assert_int_equal(evidence_filter_add_set(&f, t, 1, k, listed, lengths, NULL,
                                               sizeof listed / sizeof *listed, error,
                                               sizeof error), 0);
    else
      assert_int_equal(evidence_filter_add_missing(&f, t, 1, k == 2), 0);
    evidence_view all = {t, 0, t->row_count, NULL, 0, NULL};
    size_t expected = count_by_text(t, tests[k]);
    assert_true(k != 0 || expected == 4); /* two rows each of two listed values */
    assert_int_equal(evidence_count(&all, &f), expected);
    uint32_t *rows = malloc(ROWS * sizeof *rows);
    assert_non_null(rows);
    assert_int_equal(evidence_select(&all, &f, rows), expected);
    free(rows);
    evidence_filter_free(&f);
  }
  evidence_table_free(t);
}

/* Another table's identifiers: of the same form (n), of varied forms (bytes),
 * or a few (coded): every third of child_id's values, and some of no row. */
static const char *other_same(size_t row, char *buffer) {
  if (row % 3) return child_id(row * 3 % ROWS, buffer);
  snprintf(buffer, 32, "N%09zu", 900000000 + row);
  return buffer;
}
static const char *other_varied(size_t row, char *buffer) {
  if (row % 5 == 0) {
    snprintf(buffer, 32, "X%zu", row);
    return buffer;
  }
  return other_same(row, buffer);
}
static const char *other_few(size_t row, char *buffer) { return child_id(row % 40, buffer); }

typedef char id_text[32];

static int compare_ids(const void *a, const void *b) { return strcmp(a, b); }

/* The IDs of every row of t as NUL-terminated texts, sorted ("" for missing). */
static id_text *sorted_ids(const evidence_table *t) {
  id_text *ids = calloc(t->row_count, sizeof *ids);
  assert_non_null(ids);
  for (size_t r = 0; r < t->row_count; r++) {
    size_t n = 0;
    const char *text = evidence_text(&t->columns[1], r, &n, ids[r]);
    if (text) memmove(ids[r], text, n);
    ids[r][text ? n : 0] = '\0';
  }
  qsort(ids, t->row_count, sizeof *ids, compare_ids);
  return ids;
}

static void test_keys_compare_as_text(void **state) {
  (void)state;
  evidence_table *t = build_whole(child_id);
  evidence_view all = {t, 0, t->row_count, NULL, 0, NULL};
  uint32_t *rows = malloc(ROWS * sizeof *rows);
  assert_non_null(rows);
  /* unique: every present value is on two rows, but for pairs one of which is missing */
  check_rows_query q = {.unique_column = 1, .key_column = -1, .other_key_column = -1};
  size_t repeated = check_rows_select(&q, &all, rows), expected = 0;
  char a[32], b[32];
  for (size_t r = 0; r < ROWS; r++)
    expected += *child_id(r, a) && *child_id(r ^ 1, b); /* rows 2k and 2k + 1 share a value */
  assert_int_equal(repeated, expected);
  id_fn others[] = {other_same, other_varied, other_few};
  for (size_t k = 0; k < 3; k++) {
    evidence_table *other = build_whole(others[k]);
    assert_int_equal(other->columns[1].numbered.values != NULL, k == 0);
    evidence_view theirs = {other, 0, other->row_count, NULL, 0, NULL};
    check_rows_query found = {.unique_column = -1, .other = &theirs, .key_column = 1,
                              .other_key_column = 1};
    size_t n = check_rows_select(&found, &all, rows), i = 0;
    id_text *ids = sorted_ids(other), text;
    for (size_t r = 0; r < ROWS; r++) {
      if (!*child_id(r, text) || !bsearch(text, ids, other->row_count, sizeof *ids, compare_ids))
        continue;
      assert_true(i < n);
      assert_int_equal(rows[i++], r);
    }
    assert_int_equal(n, i);
    assert_true(n > 0);
    free(ids);
    evidence_table_free(other);
  }
  free(rows);
  evidence_table_free(t);
}

/* Every count of digits parses to the number they write, and a text with any
 * byte that is not a digit among them, or another prefix or length, does not. */
static void test_parsing_reads_every_digit(void **state) {
  (void)state;
  static const uint32_t values[] = {0, 1, 7, 42, 99999, 12345678, 99999999, 123456789, 999999999};
  for (unsigned digits = 1; digits <= EVIDENCE_NUMBERED_DIGITS; digits++) {
    evidence_numbered form;
    char text[32];
    snprintf(text, sizeof text, "AB-%0*u", (int)digits, 0u);
    assert_int_equal(evidence_numbered_form(&form, text, strlen(text)), 0);
    assert_int_equal(form.digits, digits);
    uint32_t most = 1, value;
    for (unsigned d = 0; d < digits; d++) most *= 10;
    for (size_t v = 0; v < sizeof values / sizeof *values; v++) {
      uint32_t wanted = values[v] % most;
      snprintf(text, sizeof text, "AB-%0*u", (int)digits, wanted);
      assert_int_equal(evidence_numbered_parse(&form, text, strlen(text), &value), 0);
      assert_int_equal(value, wanted);
      char back[EVIDENCE_TEXT_SPACE];
      assert_int_equal(evidence_numbered_text(&form, value, back), strlen(text));
      assert_memory_equal(back, text, strlen(text));
      for (unsigned at = 3; at < 3 + digits; at++)
        for (int byte = 0; byte < 256; byte++) {
          if (byte >= '0' && byte <= '9') continue;
          char bad[32];
          memcpy(bad, text, sizeof bad);
          bad[at] = (char)byte;
          assert_int_equal(evidence_numbered_parse(&form, bad, strlen(text), &value), -1);
        }
      text[1] = 'C'; /* another prefix */
      assert_int_equal(evidence_numbered_parse(&form, text, strlen(text), &value), -1);
      assert_int_equal(evidence_numbered_parse(&form, text, strlen(text) - 1, &value), -1);
    }
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_identifiers_are_numbered),
      cmocka_unit_test(test_another_form_turns_the_column_to_bytes),
      cmocka_unit_test(test_parts_join_as_one_reader_reads),
      cmocka_unit_test(test_which_texts_are_of_a_form),
      cmocka_unit_test(test_a_null_cell_is_refused),
      cmocka_unit_test(test_filters_match_the_texts),
      cmocka_unit_test(test_keys_compare_as_text),
      cmocka_unit_test(test_parsing_reads_every_digit),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
