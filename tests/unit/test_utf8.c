/* test_utf8.c: the one UTF-8 reader (engine/shared/utf8.h) that the INI reader, the
 * JSON and report writers and the CSV and SQLite plugins share: every kind of
 * ill-formed sequence is named, its maximal ill-formed part is what one U+FFFD
 * replaces (Unicode's recommended practice), and a sequence is never read past
 * the bytes available. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"

typedef struct sequence_case {
  const char *bytes;
  size_t available;
  utf8_status status;
  size_t length;
} sequence_case;

static void test_each_kind_of_sequence(void **state) {
  (void)state;
  static const sequence_case cases[] = {
      {"A", 1, UTF8_VALID, 1},
      {"\0", 1, UTF8_VALID, 1}, /* NUL is a character; callers decide about it */
      {"\xC2\xA9", 2, UTF8_VALID, 2},
      {"\xE2\x82\xAC", 3, UTF8_VALID, 3},
      {"\xF0\x9F\x98\x80", 4, UTF8_VALID, 4},
      {"\xF4\x8F\xBF\xBF", 4, UTF8_VALID, 4}, /* U+10FFFF, the last code point */
      {"\xED\x9F\xBF", 3, UTF8_VALID, 3},     /* U+D7FF, just below the surrogates */
      {"\x80", 1, UTF8_STRAY_CONTINUATION, 1},
      {"\xBF\x80", 2, UTF8_STRAY_CONTINUATION, 1},
      {"\xC0\xAF", 2, UTF8_OVERLONG, 1},
      {"\xC1\xBF", 2, UTF8_OVERLONG, 1},
      {"\xE0\x80\xAF", 3, UTF8_OVERLONG, 1},
      {"\xF0\x80\x80\xAF", 4, UTF8_OVERLONG, 1},
      {"\xED\xA0\x80", 3, UTF8_SURROGATE, 1},
      {"\xF4\x90\x80\x80", 4, UTF8_TOO_LARGE, 1},
      {"\xF5\x80\x80\x80", 4, UTF8_NEVER_VALID, 1},
      {"\xFF", 1, UTF8_NEVER_VALID, 1},
      {"\xC2", 1, UTF8_TRUNCATED, 1},         /* the input ends */
      {"\xC2" "A", 2, UTF8_TRUNCATED, 1},     /* ASCII where a continuation belongs */
      {"\xE2\x82", 2, UTF8_TRUNCATED, 2},     /* the valid start is replaced as one */
      {"\xE2\x82" "A", 3, UTF8_TRUNCATED, 2},
      {"\xF0\x9F\x98", 3, UTF8_TRUNCATED, 3},
      {"\xF0\x9F\x98\x80", 3, UTF8_TRUNCATED, 3}, /* fewer bytes available than written */
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    size_t length = 99;
    utf8_status status =
        utf8_next((const unsigned char *)cases[i].bytes, cases[i].available, &length);
    if (status != cases[i].status || length != cases[i].length)
      fail_msg("case %zu: status %d length %zu, expected status %d length %zu", i, (int)status,
               length, (int)cases[i].status, cases[i].length);
  }
}

static void test_whole_texts(void **state) {
  (void)state;
  static const char good[] = "Northshire \xE2\x80\x94 care leavers' council \xC2\xA9 2024";
  assert_true(utf8_valid(good, strlen(good)));
  assert_true(utf8_valid("", 0));
  assert_true(utf8_valid("a\0b", 3)); /* a length, not a C string */
  static const char *const bad[] = {"caf\xE9",                /* Windows-1252 */
                                    "ok \xED\xA0\x80 then",   /* a surrogate */
                                    "ends in \xE2\x82",       /* cut short */
                                    "\xC0\x80"};              /* overlong NUL */
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    assert_false(utf8_valid(bad[i], strlen(bad[i])));
  /* a valid text cut inside its last character is no longer valid */
  assert_false(utf8_valid(good, strlen("Northshire \xE2\x80")));
}

/* A text shortened to at most so many bytes keeps whole characters only. */
static void test_fitting_never_cuts_a_character(void **state) {
  (void)state;
  const char *text = "ab\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z"; /* a b é € 😀 z */
  size_t length = strlen(text);
  static const size_t fits[] = {0, 1, 2, 2, 4, 4, 4, 7, 7, 7, 7, 11, 12, 12};
  for (size_t most = 0; most <= length + 1; most++) {
    size_t kept = utf8_fit(text, length, most);
    assert_int_equal(kept, fits[most]);
    for (size_t at = 0, n; at < kept; at += n) /* what is kept is well-formed */
      assert_int_equal(utf8_next((const unsigned char *)text + at, kept - at, &n), UTF8_VALID);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_each_kind_of_sequence),
      cmocka_unit_test(test_whole_texts),
      cmocka_unit_test(test_fitting_never_cuts_a_character),
  };
  return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
