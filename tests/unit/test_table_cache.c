/* test_table_cache.c: a table written to a cache file and mapped back
 * (engine/store/table_cache*.c): the same table in every column form (coded
 * with 1-, 2- and 4-byte codes, plain text as bytes and numbered, plain
 * numbers, dates, missing values, authority groups), refused for another key,
 * a foreign mode, a cut or a flipped bit; and hundreds of random corruptions, with the checksum made to
 * match again so that the checks behind it are the ones tried, each refused or
 * giving a table every part of which can be read within its bounds (the suite
 * runs this under AddressSanitizer too). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "table_builder.h"
#include "table_cache.h"
#include "table_cache_format.h"
#include "test_files.h"

#define ROWS 20000
#define CORRUPTIONS 400

static const unsigned char key[TABLE_CACHE_KEY_SIZE] = "sixteen byte key";

typedef struct fixture {
  char dir[4096];
  char path[4200];
  evidence_table *table;
} fixture;

/* The cell of row r, column c, written into text (64 bytes); "" is missing. */
static void sample_cell(unsigned r, size_t c, char *text) {
  static const char *activities[] = {"F1", "F2", "P1", "", "G6"};
  switch (c) {
  case 0: snprintf(text, 64, r % 97 ? "la%u" : "", (r * 7) % 6); break;
  case 1: snprintf(text, 64, "child-%06u-%u", r, r * 2654435761u); break;
  case 2: snprintf(text, 64, "%s", activities[r % 5]); break;
  case 3: snprintf(text, 64, "%u.%02u", r * 37 % 100003, r % 100); break;
  case 4: snprintf(text, 64, "20%02u-%02u-%02u", r % 8, r % 12 + 1, r % 28 + 1); break;
  case 6: snprintf(text, 64, r % 13 ? "N%09u" : "", r * 7919u % 1000000000u); break;
  default: snprintf(text, 64, "w%u", r % 700); break;
  }
}

/* The cell of row r of a table of 350,000 rows: an authority, and a code of
 * 70,000 values, each in five rows on end, which takes 4-byte codes. */
static void many_codes_cell(unsigned r, size_t c, char *text) {
  if (c == 0) snprintf(text, 64, "la%u", r % 6);
  else snprintf(text, 64, "c%u", r / 5);
}

#define MANY_CODES_ROWS 350000

/* A table of rows given in batches as the CSV plugin gives them, each cell from cell. */
static evidence_table *build_table(unsigned rows, size_t columns, const char *const *names,
                                   void (*cell)(unsigned, size_t, char *)) {
  enum { MOST_COLUMNS = 7, BATCH = 500 };
  static char texts[BATCH][MOST_COLUMNS][64];
  sustain_cell cells[BATCH * MOST_COLUMNS];
  table_builder b;
  char error[TABLE_BUILDER_ERROR_SIZE];
  assert_true(columns <= MOST_COLUMNS && rows % BATCH == 0);
  assert_int_equal(table_builder_init(&b, "sample", "la"), 0);
  for (size_t c = 0; c < columns; c++)
    assert_int_equal(table_builder_add_column(&b, names[c], strlen(names[c]),
                                              SUSTAIN_COLUMN_INFER, error), 0);
  for (unsigned first = 0; first < rows; first += BATCH) {
    for (unsigned i = 0; i < BATCH; i++)
      for (size_t c = 0; c < columns; c++) {
        cell(first + i, c, texts[i][c]);
        cells[i * columns + c] = (sustain_cell){texts[i][c], strlen(texts[i][c])};
      }
    if (table_builder_append_rows(&b, cells, BATCH, error) != 0) fail_msg("rows: %s", error);
  }
  evidence_table *t = table_builder_finish(&b, error);
  if (!t) fail_msg("finish: %s", error);
  return t;
}

/* Rows of six authorities, not in order (so the finished table moves them), with
 * columns of every form the builder makes but 4-byte codes. */
static evidence_table *sample_table(void) {
  static const char *const names[] = {"la", "CHILD", "ACTIV", "amount", "DOB", "wide", "ID"};
  return build_table(ROWS, 7, names, sample_cell);
}

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  if (!f || test_scratch_folder(f->dir, "table-cache") != 0) return -1;
  snprintf(f->path, sizeof f->path, "%s/t.cache", f->dir);
  f->table = sample_table();
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  evidence_table_free(f->table);
  test_remove_tree(f->dir);
  free(f);
  return 0;
}

/* Reads every value of every column and every group, as rules may. */
static double walk(const evidence_table *t) {
  double sum = 0;
  for (size_t c = 0; c < t->column_count; c++) {
    const evidence_column *column = &t->columns[c];
    for (size_t r = 0; r < t->row_count; r++) {
      size_t length;
      if (evidence_column_is_numeric(column)) {
        double x = evidence_number(column, r);
        if (!isnan(x)) sum += x;
      } else if (evidence_text(column, r, &length, (char[EVIDENCE_TEXT_SPACE]){0})) {
        sum += (double)length;
      }
    }
    for (uint32_t k = 1; k <= column->dictionary.count; k++) {
      const char *text = evidence_dictionary_string(&column->dictionary, k);
      sum += evidence_dictionary_find(&column->dictionary, text, column->dictionary.lengths[k - 1]);
    }
    if (column->group_counts)
      for (size_t i = 0; i < t->group_count * (column->dictionary.count + 1); i++)
        sum += column->group_counts[i];
  }
  for (size_t g = 0; g < t->group_count; g++) {
    evidence_view view = evidence_table_view(t, t->groups[g].authority);
    sum += (double)evidence_count(&view, NULL);
  }
  return sum;
}

/* The two tables hold the same columns, values, groups and counts. */
static void assert_same_table(const evidence_table *a, const evidence_table *b) {
  assert_string_equal(a->name, b->name);
  assert_int_equal(a->row_count, b->row_count);
  assert_int_equal(a->column_count, b->column_count);
  assert_int_equal(a->authority_column, b->authority_column);
  assert_int_equal(a->group_count, b->group_count);
  assert_int_equal(a->rows_without_authority, b->rows_without_authority);
  for (size_t g = 0; g < a->group_count; g++) {
    assert_string_equal(a->groups[g].authority, b->groups[g].authority);
    assert_int_equal(a->groups[g].start, b->groups[g].start);
    assert_int_equal(a->groups[g].end, b->groups[g].end);
  }
  for (size_t c = 0; c < a->column_count; c++) {
    const evidence_column *x = &a->columns[c], *y = &b->columns[c];
    assert_string_equal(x->name, y->name);
    assert_int_equal(x->type, y->type);
    assert_int_equal(x->storage, y->storage);
    assert_int_equal(x->present, y->present);
    assert_int_equal(!x->numbered.values, !y->numbered.values);
    for (size_t r = 0; r < a->row_count; r++) {
      if (evidence_column_is_numeric(x)) {
        double u = evidence_number(x, r), v = evidence_number(y, r);
        assert_true(isnan(u) ? isnan(v) : u == v);
        continue;
      }
      size_t m = 0, n = 0;
      char room_s[EVIDENCE_TEXT_SPACE], room_t[EVIDENCE_TEXT_SPACE];
      const char *s = evidence_text(x, r, &m, room_s), *t = evidence_text(y, r, &n, room_t);
      assert_int_equal(m, n);
      assert_true(s ? t && memcmp(s, t, m) == 0 : !t);
    }
    assert_int_equal(!x->group_counts, !y->group_counts);
    if (x->group_counts)
      assert_memory_equal(x->group_counts, y->group_counts,
                          a->group_count * (x->dictionary.count + 1) * sizeof(uint32_t));
  }
  assert_true(walk(a) == walk(b));
}

static unsigned char *read_whole(const char *path, size_t *size) {
  FILE *in = fopen(path, "rb");
  assert_non_null(in);
  fseek(in, 0, SEEK_END);
  *size = (size_t)ftell(in);
  rewind(in);
  unsigned char *bytes = malloc(*size);
  assert_non_null(bytes);
  assert_int_equal(fread(bytes, 1, *size, in), *size);
  fclose(in);
  return bytes;
}

static void write_whole(const char *path, const unsigned char *bytes, size_t size) {
  unlink(path);
  FILE *out = fopen(path, "wb");
  assert_non_null(out);
  assert_int_equal(fwrite(bytes, 1, size, out), size);
  fclose(out);
  chmod(path, 0600);
}

static void test_every_column_form_comes_back_the_same(void **state) {
  fixture *f = *state;
  /* coded 1 byte, coded 2 bytes, plain text, plain numbers, numbered text */
  int forms[5] = {0};
  for (size_t c = 0; c < f->table->column_count; c++) {
    const evidence_column *column = &f->table->columns[c];
    if (column->storage == EVIDENCE_CODED && column->width < 4) forms[column->width - 1] = 1;
    else if (column->numbered.values) forms[4] = 1;
    else forms[evidence_column_is_numeric(column) ? 3 : 2] = 1;
  }
  for (int k = 0; k < 5; k++) assert_true(forms[k]); /* else the test tests less */
  char error[TABLE_CACHE_ERROR_SIZE];
  assert_int_equal(table_cache_write(f->table, "extra", 5, key, f->path, error), 0);
  struct stat st;
  assert_int_equal(stat(f->path, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0600);
  const void *extra;
  size_t extra_size;
  evidence_table *back = table_cache_read(f->path, key, &extra, &extra_size, error);
  if (!back) fail_msg("refused: %s", error);
  assert_non_null(back->mapping);
  assert_int_equal(extra_size, 5);
  assert_memory_equal(extra, "extra", 5);
  assert_same_table(f->table, back);
  evidence_table_free(back);
}

static void test_four_byte_codes_come_back_the_same(void **state) {
  fixture *f = *state;
  static const char *const names[] = {"la", "code"};
  evidence_table *t = build_table(MANY_CODES_ROWS, 2, names, many_codes_cell);
  assert_int_equal(t->columns[1].storage, EVIDENCE_CODED);
  assert_int_equal(t->columns[1].width, 4);
  char error[TABLE_CACHE_ERROR_SIZE];
  assert_int_equal(table_cache_write(t, "", 0, key, f->path, error), 0);
  const void *extra;
  size_t extra_size;
  evidence_table *back = table_cache_read(f->path, key, &extra, &extra_size, error);
  if (!back) fail_msg("refused: %s", error);
  assert_same_table(t, back);
  evidence_table_free(back);
  evidence_table_free(t);
}

static void assert_refused(const char *path, const unsigned char *with_key, const char *why) {
  char error[TABLE_CACHE_ERROR_SIZE];
  const void *extra;
  size_t extra_size;
  evidence_table *t = table_cache_read(path, with_key, &extra, &extra_size, error);
  evidence_table_free(t);
  assert_null(t);
  assert_string_equal(error, why);
}

static void test_other_key_mode_cut_or_flip_is_refused(void **state) {
  fixture *f = *state;
  char error[TABLE_CACHE_ERROR_SIZE];
  assert_int_equal(table_cache_write(f->table, "", 0, key, f->path, error), 0);
  unsigned char other[TABLE_CACHE_KEY_SIZE];
  memcpy(other, key, sizeof other);
  other[3] ^= 1;
  assert_refused(f->path, other, "made from other data, options or program");
  assert_int_equal(chmod(f->path, 0644), 0);
  assert_refused(f->path, key, "not this user's own file (owner, or mode other than 0600)");
  size_t size;
  unsigned char *bytes = read_whole(f->path, &size);
  write_whole(f->path, bytes, size - 1);
  assert_refused(f->path, key, "the file is not its recorded size");
  bytes[size / 2] ^= 0x10;
  write_whole(f->path, bytes, size);
  assert_refused(f->path, key, "the checksum does not match");
  write_whole(f->path, bytes, 10);
  assert_refused(f->path, key, "the file is cut short");
  memcpy(bytes, "NOTSUSTN", 8);
  write_whole(f->path, bytes, size);
  assert_refused(f->path, key, "not a sustain cache file");
  unlink(f->path);
  assert_refused(f->path, key, "no cache file yet");
  free(bytes);
}

/* Random damage past the header with the checksum made right again: what a
 * hostile file would look like. Each is refused, or reads within bounds. */
static void test_hostile_corruptions_are_refused_or_harmless(void **state) {
  fixture *f = *state;
  char error[TABLE_CACHE_ERROR_SIZE];
  assert_int_equal(table_cache_write(f->table, "warn", 4, key, f->path, error), 0);
  size_t size;
  unsigned char *clean = read_whole(f->path, &size), *bytes = malloc(size);
  assert_non_null(bytes);
  srand(20241206);
  size_t refused = 0, records = sizeof(cache_header) + sizeof(cache_table) +
                                f->table->column_count * sizeof(cache_column);
  for (int i = 0; i < CORRUPTIONS; i++) {
    memcpy(bytes, clean, size);
    /* half aim at the records (offsets, sizes, counts), half anywhere */
    size_t span = i % 2 ? size - sizeof(cache_header) : records - sizeof(cache_header);
    for (int n = 1 + rand() % 4; n > 0; n--) {
      size_t at = sizeof(cache_header) + (size_t)rand() % span;
      bytes[at] = rand() % 3 ? bytes[at] ^ (unsigned char)(1u << rand() % 8)
                             : (unsigned char)rand();
    }
    cache_header *header = (cache_header *)bytes;
    header->checksum = XXH3_64bits(bytes + sizeof *header, size - sizeof *header);
    write_whole(f->path, bytes, size);
    const void *extra;
    size_t extra_size;
    evidence_table *t = table_cache_read(f->path, key, &extra, &extra_size, error);
    if (!t) {
      refused++;
      continue;
    }
    (void)walk(t); /* within bounds, or AddressSanitizer says so */
    evidence_table_free(t);
  }
  /* most damage to the records is caught by the checks; the rest changed a value */
  print_message("%zu of %d corruptions refused\n", refused, CORRUPTIONS);
  assert_true(refused > CORRUPTIONS / 4);
  free(clean);
  free(bytes);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_every_column_form_comes_back_the_same, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_four_byte_codes_come_back_the_same, setup, teardown),
      cmocka_unit_test_setup_teardown(test_other_key_mode_cut_or_flip_is_refused, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_hostile_corruptions_are_refused_or_harmless, setup,
                                      teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
