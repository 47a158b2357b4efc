/* test_json_writer.c: the JSON writer's strings wherever they fall. A string is checked 16
 * bytes a step, in overlapping parts when shorter (8 bytes a step in the portable build,
 * which this file is also built as: json_writer_portable in tests/meson.build), and a
 * clean one goes into the buffer whole, so every escape must come out the same at every
 * offset, on either side of a buffer's end, and in strings longer than the buffer.
 * test_report.c has the escapes one by one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "json_writer.h"

/* A piece of plan text and what the writer makes of it, whatever stands beside it. */
typedef struct piece {
  const char *text, *escaped;
} piece;

static const piece pieces[] = {
    {"a", "a"},
    {"Care leavers ", "Care leavers "}, /* runs of clean text, as most strings are */
    {"0123456789abcdef", "0123456789abcdef"},
    {" ", " "},
    {"~", "~"},
    {"\"", "\\\""},
    {"\\", "\\\\"},
    {"\n", "\\n"},
    {"\t", "\\t"},
    {"\x01", "\\u0001"},
    {"\x1f", "\\u001f"},
    {"\x7f", "\\u007f"},
    {"\xC3\xA9", "\xC3\xA9"},                 /* e acute: valid UTF-8 is kept */
    {"\xE2\x82\xAC", "\xE2\x82\xAC"},         /* the euro sign */
    {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"}, /* four bytes */
    {"\xE2\x80\xA8", "\\u2028"},              /* ends a line in JavaScript */
    {"\xC2\x85", "\\u0085"},                  /* a C1 control */
    {"\xFF", "\xEF\xBF\xBD"},                 /* never valid: U+FFFD */
};
#define PIECE_COUNT (sizeof pieces / sizeof pieces[0])

/* Clean text to cut lengths from. */
#define XS "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

/* A growing piece of memory: a string being built, or its expected escape. */
typedef struct text {
  char *bytes;
  size_t length, capacity;
} text;

static void text_add(text *t, const char *bytes, size_t n) {
  if (t->length + n + 1 > t->capacity) {
    t->capacity = 2 * (t->length + n + 1);
    t->bytes = realloc(t->bytes, t->capacity);
    assert_non_null(t->bytes);
  }
  memcpy(t->bytes + t->length, bytes, n);
  t->length += n;
  t->bytes[t->length] = '\0';
}

static void text_add_string(text *t, const char *s) { text_add(t, s, strlen(s)); }

/* A deterministic sequence of numbers below limit (a linear congruential generator). */
static size_t next_number(uint64_t *seed, size_t limit) {
  *seed = *seed * 6364136223846793005u + 1442695040888963407u;
  return (size_t)(*seed >> 33) % limit;
}

/* A writer into a document in memory (*document, *size once *out is closed). */
static json_writer *open_writer(char **document, size_t *size, FILE **out) {
  *out = open_memstream(document, size);
  assert_non_null(*out);
  json_writer *w = malloc(sizeof *w);
  assert_non_null(w);
  json_writer_init(w, *out);
  return w;
}

/* Finishes what open_writer opened and checks the document is expected's bytes. */
static void close_writer(json_writer *w, FILE *out, char **document, const size_t *size,
                         const text *expected) {
  assert_int_equal(json_writer_finish(w), 0);
  assert_int_equal(fclose(out), 0); /* sets *document and *size */
  assert_int_equal(*size, expected->length);
  assert_memory_equal(*document, expected->bytes, *size);
  free(w);
  free(*document);
}

/* Writes strings made of random pieces into one array (or, as_keys, as the keys of one
 * object, each with the value null) and compares the document with the pieces' escapes: a
 * clean piece beside an escape at every offset of a 16-byte step, and strings falling
 * across the buffer's end at many offsets (the document is several buffers long).
 * max_pieces bounds a string; long_every > 0 makes every long_every-th string longer than
 * the whole buffer. */
static void check_random_strings(uint64_t seed, size_t strings, size_t max_pieces,
                                 size_t long_every, int as_keys) {
  char *document = NULL;
  size_t size = 0;
  FILE *out;
  json_writer *w = open_writer(&document, &size, &out);
  text expected = {0};
  text_add_string(&expected, as_keys ? "{" : "[");
  if (as_keys) json_begin_object(w);
  else json_begin_array(w);
  for (size_t i = 0; i < strings; i++) {
    text input = {0}, escaped = {0};
    text_add(&input, "", 0);
    size_t count = next_number(&seed, max_pieces + 1);
    int is_long = long_every && i % long_every == long_every - 1;
    for (size_t k = 0; k < count || (is_long && input.length <= JSON_WRITER_BUFFER_SIZE); k++) {
      const piece *p = &pieces[next_number(&seed, PIECE_COUNT)];
      text_add_string(&input, p->text);
      text_add_string(&escaped, p->escaped);
    }
    if (as_keys) {
      json_key(w, input.bytes);
      json_null(w);
    } else {
      json_string(w, input.bytes);
    }
    text_add_string(&expected, i ? ",\n  \"" : "\n  \"");
    if (escaped.length) text_add(&expected, escaped.bytes, escaped.length);
    text_add_string(&expected, as_keys ? "\": null" : "\"");
    free(input.bytes);
    free(escaped.bytes);
  }
  if (as_keys) json_end_object(w);
  else json_end_array(w);
  text_add_string(&expected, strings ? "\n" : "");
  text_add_string(&expected, as_keys ? "}\n" : "]\n");
  close_writer(w, out, &document, &size, &expected);
  free(expected.bytes);
}

/* Short strings, as keys and most values are: thousands, over many buffers, as values and
 * as keys. */
static void test_short_strings_anywhere(void **state) {
  (void)state;
  check_random_strings(1, 40000, 6, 0, 0);
  check_random_strings(2, 20000, 12, 0, 0);
  check_random_strings(5, 40000, 6, 0, 1);
}

/* Longer strings, and some longer than the buffer itself, with escapes throughout. */
static void test_long_strings_anywhere(void **state) {
  (void)state;
  check_random_strings(3, 3000, 80, 0, 0);
  check_random_strings(4, 40, 200, 7, 0);
  check_random_strings(6, 40, 200, 7, 1);
}

/* One byte needing attention (or a valid UTF-8 character, which is looked at and kept) at
 * every place in clean text of every length up to three steps: a string shorter than a
 * step is read in overlapping parts, a longer one ends with a step overlapping the one
 * before, and where the scan stops must be exact in each. */
static void test_every_place_in_every_length(void **state) {
  (void)state;
  static const piece specials[] = {
      {"", ""},   {"\"", "\\\""},         {"\x01", "\\u0001"}, {"\xC3\xA9", "\xC3\xA9"},
      {"\xFF", "\xEF\xBF\xBD"}, {"\x7f", "\\u007f"}, {"\\", "\\\\"},
  };
  for (size_t e = 0; e < sizeof specials / sizeof *specials; e++) {
    for (size_t length = 0; length <= 48; length++) {
      for (size_t at = 0; at <= length; at++) {
        char input[128], expected[128];
        snprintf(input, sizeof input, "%.*s%s%.*s", (int)at, XS, specials[e].text,
                 (int)(length - at), XS);
        snprintf(expected, sizeof expected, "\"%.*s%s%.*s\"\n", (int)at, XS,
                 specials[e].escaped, (int)(length - at), XS);
        char *document;
        size_t size;
        FILE *out;
        json_writer *w = open_writer(&document, &size, &out);
        json_string(w, input);
        text want = {0};
        text_add_string(&want, expected);
        close_writer(w, out, &document, &size, &want);
        free(want.bytes);
      }
    }
  }
}

/* Clean strings written where the buffer held escapes before come out as they are: what an
 * earlier string left in the buffer is neither cut into them nor taken as part of them. */
static void test_clean_strings_over_escapes(void **state) {
  (void)state;
  size_t controls = 3 * JSON_WRITER_BUFFER_SIZE;
  char *first = malloc(controls + 1);
  assert_non_null(first);
  memset(first, '\x01', controls);
  first[controls] = '\0';
  text expected = {0};
  text_add_string(&expected, "[\n  \"");
  for (size_t i = 0; i < controls; i++) text_add_string(&expected, "\\u0001");
  text_add_string(&expected, "\"");

  char *document = NULL;
  size_t size = 0;
  FILE *out;
  json_writer *w = open_writer(&document, &size, &out);
  json_begin_array(w);
  json_string(w, first);
  for (size_t length = 1; length <= 200; length++) {
    char clean[201];
    memset(clean, 'x', length);
    clean[length] = '\0';
    json_string(w, clean);
    text_add_string(&expected, ",\n  \"");
    text_add_string(&expected, clean);
    text_add_string(&expected, "\"");
  }
  json_end_array(w);
  text_add_string(&expected, "\n]\n");
  close_writer(w, out, &document, &size, &expected);
  free(first);
  free(expected.bytes);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_short_strings_anywhere),
      cmocka_unit_test(test_long_strings_anywhere),
      cmocka_unit_test(test_every_place_in_every_length),
      cmocka_unit_test(test_clean_strings_over_escapes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
