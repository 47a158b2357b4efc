/* test_terminal.c: colour and width by the terminal's conventions (terminal.h). What
 * needs a real terminal (colour on a tty, its width) is tested by tests/cli/run.sh under
 * `script`; here, what the environment and --color decide. */

/* cmocka.h needs these four first, in this order */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <stdlib.h>

#include "terminal.h"

/* Not a terminal: a descriptor that is not open. */
#define NOT_A_TERMINAL (-1)

static void test_width(void **state) {
  (void)state;
  unsetenv("COLUMNS");
  assert_int_equal(terminal_width(NOT_A_TERMINAL), TERMINAL_DEFAULT_WIDTH);
  setenv("COLUMNS", "120", 1);
  assert_int_equal(terminal_width(NOT_A_TERMINAL), 120);
  setenv("COLUMNS", "20", 1); /* never narrower than a list item needs */
  assert_int_equal(terminal_width(NOT_A_TERMINAL), TERMINAL_MIN_WIDTH);
  static const char *const not_numbers[] = {"", "wide", "80x", "-5", "0"};
  for (size_t i = 0; i < sizeof not_numbers / sizeof *not_numbers; i++) {
    setenv("COLUMNS", not_numbers[i], 1);
    assert_int_equal(terminal_width(NOT_A_TERMINAL), TERMINAL_DEFAULT_WIDTH);
  }
  unsetenv("COLUMNS");
}

static void test_color(void **state) {
  (void)state;
  terminal_color_mode mode;
  assert_int_equal(terminal_color_mode_parse("auto", &mode), 0);
  assert_int_equal(mode, TERMINAL_COLOR_AUTO);
  assert_int_equal(terminal_color_mode_parse("always", &mode), 0);
  assert_int_equal(mode, TERMINAL_COLOR_ALWAYS);
  assert_int_equal(terminal_color_mode_parse("never", &mode), 0);
  assert_int_equal(mode, TERMINAL_COLOR_NEVER);
  assert_int_equal(terminal_color_mode_parse("yes", &mode), -1);
  assert_int_equal(terminal_color_mode_parse(NULL, &mode), -1);
  /* always and never are the user's word, whatever the environment says */
  setenv("NO_COLOR", "1", 1);
  setenv("TERM", "dumb", 1);
  assert_true(terminal_wants_color(TERMINAL_COLOR_ALWAYS, NOT_A_TERMINAL));
  unsetenv("NO_COLOR");
  setenv("TERM", "xterm", 1);
  assert_false(terminal_wants_color(TERMINAL_COLOR_NEVER, NOT_A_TERMINAL));
  /* auto: never where the output is no terminal */
  assert_false(terminal_wants_color(TERMINAL_COLOR_AUTO, NOT_A_TERMINAL));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_width),
      cmocka_unit_test(test_color),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
