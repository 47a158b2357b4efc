/* test_nearest.c: "did you mean" (nearest.h): the distance, and which name is suggested
 * for a mistyped option, command or key, in each mode. */

/* cmocka.h needs these four first, in this order */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <string.h>

#include "nearest.h"

#define COUNT(array) (sizeof(array) / sizeof(array)[0])

static void test_distance(void **state) {
  (void)state;
  assert_int_equal(nearest_distance("format", "format"), 0);
  assert_int_equal(nearest_distance("Format", "format"), 0); /* case is ignored */
  assert_int_equal(nearest_distance("fromat", "format"), 1); /* a swap is one edit */
  assert_int_equal(nearest_distance("formt", "format"), 1);
  assert_int_equal(nearest_distance("formats", "format"), 1);
  assert_int_equal(nearest_distance("authority_col", "authority_column"), 3);
  assert_int_equal(nearest_distance("", "abc"), 3);
  assert_int_equal(nearest_distance("kitten", "sitting"), 3);
  char long_name[NEAREST_MAX_NAME + 2];
  memset(long_name, 'a', sizeof long_name - 1);
  long_name[sizeof long_name - 1] = '\0';
  assert_int_equal(nearest_distance(long_name, "a"), SIZE_MAX);
}

static void test_typo_mode(void **state) {
  (void)state;
  static const char *const options[] = {"format", "output", "authority", "date", "explain",
                                        "strict", "jobs",   "profile",   "quiet", "help"};
  assert_string_equal(nearest_name("fromat", options, COUNT(options), NEAREST_TYPO), "format");
  assert_string_equal(nearest_name("ouput", options, COUNT(options), NEAREST_TYPO), "output");
  assert_string_equal(nearest_name("authorty", options, COUNT(options), NEAREST_TYPO),
                      "authority");
  assert_string_equal(nearest_name("explian", options, COUNT(options), NEAREST_TYPO), "explain");
  /* the start of one name stands for it; of two, for neither */
  assert_string_equal(nearest_name("prof", options, COUNT(options), NEAREST_TYPO), "profile");
  static const char *const commands[] = {"run", "check", "test", "plugins", "history", "help"};
  assert_string_equal(nearest_name("chek", commands, COUNT(commands), NEAREST_TYPO), "check");
  assert_string_equal(nearest_name("hist", commands, COUNT(commands), NEAREST_TYPO), "history");
  assert_string_equal(nearest_name("plugin", commands, COUNT(commands), NEAREST_TYPO), "plugins");
  /* far from every name, or a name itself: nothing */
  assert_null(nearest_name("frobnicate", commands, COUNT(commands), NEAREST_TYPO));
  assert_null(nearest_name("x", commands, COUNT(commands), NEAREST_TYPO));
  assert_null(nearest_name("check", commands, COUNT(commands), NEAREST_TYPO));
  assert_null(nearest_name("", commands, COUNT(commands), NEAREST_TYPO));
  /* the nearest wins over one further away, and the first of two as near */
  static const char *const keys[] = {"seconds", "source_seconds", "depth"};
  assert_string_equal(nearest_name("secnds", keys, COUNT(keys), NEAREST_TYPO), "seconds");
  static const char *const tie[] = {"abcd", "abce"};
  assert_string_equal(nearest_name("abcf", tie, COUNT(tie), NEAREST_TYPO), "abcd");
  static const char *const with_gap[] = {NULL, "date"};
  assert_string_equal(nearest_name("dat", with_gap, COUNT(with_gap), NEAREST_TYPO), "date");
}

static void test_slip_mode(void **state) {
  (void)state;
  static const char *const source_keys[] = {"plugin", "authority_column", "shared",
                                            "id_column"};
  assert_string_equal(nearest_name("authority_col", source_keys, COUNT(source_keys), NEAREST_SLIP),
                      "authority_column");
  assert_string_equal(nearest_name("authority-column", source_keys, COUNT(source_keys),
                                   NEAREST_SLIP),
                      "authority_column");
  assert_string_equal(nearest_name("Shared", source_keys, COUNT(source_keys), NEAREST_SLIP),
                      "shared");
  assert_string_equal(nearest_name("id_col", source_keys, COUNT(source_keys), NEAREST_SLIP),
                      "id_column");
  /* a plugin's own options are not typos of the source's keys */
  static const char *const plugin_options[] = {"path",  "delimiter", "types", "missing",
                                                "columns", "table",  "query", "conninfo"};
  for (size_t i = 0; i < COUNT(plugin_options); i++)
    assert_null(nearest_name(plugin_options[i], source_keys, COUNT(source_keys), NEAREST_SLIP));
  /* two edits, or a short start, are a name of one's own here */
  static const char *const authority_keys[] = {"name", "stage", "pilot_start", "pilot_end",
                                               "rules"};
  assert_string_equal(nearest_name("pilot_strat", authority_keys, COUNT(authority_keys),
                                   NEAREST_SLIP),
                      "pilot_start");
  assert_null(nearest_name("pilot_ended", authority_keys, COUNT(authority_keys), NEAREST_SLIP));
  assert_null(nearest_name("auth", source_keys, COUNT(source_keys), NEAREST_SLIP));
  assert_null(nearest_name("areas_covered", authority_keys, COUNT(authority_keys), NEAREST_SLIP));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_distance),
      cmocka_unit_test(test_typo_mode),
      cmocka_unit_test(test_slip_mode),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
