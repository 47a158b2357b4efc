/* test_diag.c: diagnostics as they reach a terminal (diag.h). Rules, data files and plugins
 * put text into messages; printed, none of it may drive the terminal or reorder the line. */

/* cmocka.h needs these four first, in this order */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* What a printing function writes, captured (caller frees). */
typedef void (*print_fn)(FILE *out, const void *argument);

static char *captured(print_fn print, const void *argument) {
  char *bytes = NULL;
  size_t size = 0;
  FILE *out = open_memstream(&bytes, &size);
  assert_non_null(out);
  print(out, argument);
  assert_int_equal(fclose(out), 0);
  return bytes;
}

static void print_one_line(FILE *out, const void *text) { diag_put_clean(out, text, 0); }
static void print_lines(FILE *out, const void *text) { diag_put_clean(out, text, 1); }
static void print_diag(FILE *out, const void *d) { diag_print(d, out); }
static void print_rule_error(FILE *out, const void *message) {
  diag_printf(out, "sustain: %s: rule %s failed: %s\n", "north", "x.y", (const char *)message);
}

static void test_clean_text(void **state) {
  (void)state;
  static const struct {
    const char *input, *one_line, *lines;
  } cases[] = {
      {"plain text, caf\xC3\xA9", "plain text, caf\xC3\xA9", "plain text, caf\xC3\xA9"},
      /* OSC that sets the window title, CSI that erases the line, a bell */
      {"\033]0;pwned\a\033[2K", "\\x1b]0;pwned\\x07\\x1b[2K", "\\x1b]0;pwned\\x07\\x1b[2K"},
      {"a\tb\rc\nd\x7f", "a\\tb\\rc\\nd\\x7f", "a\\tb\\rc\nd\\x7f"},
      /* C1: CSI and OSC as single code points; the first and last C1, and U+00A0 kept */
      {"\xC2\x9B" "2J\xC2\x9D" "0;t\xC2\x80\xC2\x9F\xC2\xA0",
       "\\u009b2J\\u009d0;t\\u0080\\u009f\xC2\xA0", "\\u009b2J\\u009d0;t\\u0080\\u009f\xC2\xA0"},
      /* bidirectional overrides and isolates */
      {"x\xE2\x80\xAE" "cba\xE2\x81\xA6" "y\xE2\x81\xA9", "x\\u202ecba\\u2066y\\u2069",
       "x\\u202ecba\\u2066y\\u2069"},
      /* invalid UTF-8: each byte shown (a lone 0x9B is CSI on an 8-bit terminal) */
      {"a\x9B" "b\xE2\x80" "c\xFF", "a\\x9bb\\xe2\\x80c\\xff", "a\\x9bb\\xe2\\x80c\\xff"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *one = captured(print_one_line, cases[i].input);
    char *many = captured(print_lines, cases[i].input);
    assert_string_equal(one, cases[i].one_line);
    assert_string_equal(many, cases[i].lines);
    free(one);
    free(many);
  }
}

/* diag_print: one diagnostic is one line, whatever its file name and message hold. */
static void test_diag_print_is_one_clean_line(void **state) {
  (void)state;
  diag d = {.file = "data/\033[31mred.csv", .line = 3, .column = 2,
            .message = "bad\nsustain: all fine \xE2\x80\xAE"};
  char *out = captured(print_diag, &d);
  assert_string_equal(out, "data/\\x1b[31mred.csv:3:2: bad\\nsustain: all fine \\u202e\n");
  free(out);
}

/* A warning is marked where it is printed, counts as no error, and stays one when copied. */
static void test_warnings_are_marked_and_not_counted(void **state) {
  (void)state;
  diag_list list = {0}, copy = {0};
  diag_add(&list, "a.ini", 4, 0, "source x: broken");
  diag_warn(&list, "data.csv", 7, 2, "odd %s", "value");
  diag_warn(&list, NULL, 0, 0, "no file");
  assert_int_equal(list.count, 3);
  assert_int_equal(diag_error_count(&list), 1);
  char *out = captured(print_diag, &list.items[1]);
  assert_string_equal(out, "warning: data.csv:7:2: odd value\n");
  free(out);
  out = captured(print_diag, &list.items[2]);
  assert_string_equal(out, "warning: no file\n");
  free(out);
  out = captured(print_diag, &list.items[0]);
  assert_string_equal(out, "a.ini:4: source x: broken\n");
  free(out);
  for (size_t i = 0; i < list.count; i++) diag_copy(&copy, &list.items[i]);
  assert_int_equal(copy.count, 3);
  assert_int_equal(diag_error_count(&copy), 1);
  assert_false(copy.items[0].warning);
  assert_true(copy.items[1].warning);
  assert_string_equal(copy.items[1].file, "data.csv");
  assert_int_equal(copy.items[1].column, 2);
  assert_null(copy.items[2].file);
  diag_list_clear(&list);
  diag_list_clear(&copy);
}

/* diag_printf keeps its own final newline, and no other. */
static void test_diag_printf(void **state) {
  (void)state;
  char *out = captured(print_rule_error, "boom\n\033]52;c;ZXZpbA==\a");
  assert_string_equal(out, "sustain: north: rule x.y failed: boom\\n\\x1b]52;c;ZXZpbA==\\x07\n");
  free(out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_clean_text),
      cmocka_unit_test(test_diag_print_is_one_clean_line),
      cmocka_unit_test(test_diag_printf),
      cmocka_unit_test(test_warnings_are_marked_and_not_counted),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
