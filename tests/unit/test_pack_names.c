/* test_pack_names.c: the names a rule pack's text holds (engine/lua/pack_names.h)
 * hold every string constant of its compiled chunks, for every Lua file shipped, and
 * Lua's escapes are decoded as Lua decodes them. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "bytecode.h"
#include "pack_names.h"

static int holds(const pack_names *names, const char *text, size_t length) {
  for (size_t i = 0; i < names->count; i++)
    if (strlen(names->names[i]) == length && memcmp(names->names[i], text, length) == 0) return 1;
  return 0;
}

/* Every string constant of f (and the functions inside it) is among names. */
static size_t check_constants(const bytecode_function *f, const pack_names *names,
                              const char *file) {
  size_t checked = 0;
  for (size_t k = 0; k < f->constant_count; k++) {
    const bytecode_constant *constant = &f->constants[k];
    if (!constant->text || memchr(constant->text, '\0', constant->length)) continue; /* no name */
    if (!holds(names, constant->text, constant->length))
      fail_msg("%s: the constant \"%.*s\" is not among the names read", file,
               (int)constant->length, constant->text);
    checked++;
  }
  for (size_t i = 0; i < f->function_count; i++)
    checked += check_constants(&f->functions[i], names, file);
  return checked;
}

static char *read_file(const char *path, size_t *length) {
  FILE *in = fopen(path, "rb");
  assert_non_null(in);
  fseek(in, 0, SEEK_END);
  long size = ftell(in);
  fseek(in, 0, SEEK_SET);
  char *text = malloc((size_t)size + 1);
  assert_non_null(text);
  assert_int_equal(fread(text, 1, (size_t)size, in), (size_t)size);
  fclose(in);
  *length = (size_t)size;
  return text;
}

static size_t check_file(const char *path) {
  size_t length, size;
  char *text = read_file(path, &length);
  pack_names names;
  assert_int_equal(pack_names_of_text(text, length, &names), 0);
  unsigned char *dump = bytecode_compile(text, length, path, &size);
  assert_non_null(dump);
  bytecode_function main;
  assert_int_equal(bytecode_read(dump, size, &main), 0);
  size_t checked = check_constants(&main, &names, path);
  bytecode_free(&main);
  free(dump);
  pack_names_free(&names);
  free(text);
  return checked;
}

static size_t check_folder(const char *folder) {
  DIR *dir = opendir(folder);
  assert_non_null(dir);
  size_t checked = 0;
  struct dirent *entry;
  while ((entry = readdir(dir))) {
    if (entry->d_name[0] == '.') continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", folder, entry->d_name);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    size_t n = strlen(entry->d_name);
    if (S_ISDIR(st.st_mode)) checked += check_folder(path);
    else if (n > 4 && strcmp(entry->d_name + n - 4, ".lua") == 0) checked += check_file(path);
  }
  closedir(dir);
  return checked;
}

/* Every Lua file shipped, tests included: the lexer's names hold the compiler's constants. */
static void test_shipped_files(void **state) {
  (void)state;
  size_t checked = check_folder(TEST_SOURCE_ROOT "/rules");
  checked += check_folder(TEST_SOURCE_ROOT "/tests/cli/testpack");
  assert_true(checked > 1000); /* the packs hold thousands of constants */
}

static const char ESCAPES[] =
    "local t = { plain = 1, [\"a\\x41\\66\\u{48}\\u{20AC}\"] = 2 }\n"
    "-- a comment: \"not_a_string\n"
    "--[==[ a long comment \"neither\" ]] ]==]\n"
    "x = [==[\nlong ]] string]==] .. 'it\\'s' .. \"z\\z   \n  y\" .. 'line\\\nnext'\n"
    "n = 0x1p+4 + 1e-5 + .5\n"
    "return t.field, t:method(), \"tab\\there\", \"\\0end\"\n";

static void test_escapes(void **state) {
  (void)state;
  pack_names names;
  size_t length = sizeof ESCAPES - 1;
  assert_int_equal(pack_names_of_text(ESCAPES, length, &names), 0);
  assert_true(holds(&names, "aAB" "H\xE2\x82\xAC", 7));
  assert_true(holds(&names, "long ]] string", 14));
  assert_true(holds(&names, "it's", 4));
  assert_true(holds(&names, "zy", 2));
  assert_true(holds(&names, "line\nnext", 9));
  assert_true(holds(&names, "tab\there", 8));
  assert_false(holds(&names, "", 0) || holds(&names, "end", 3)); /* a NUL: no column's name */
  assert_true(holds(&names, "field", 5) && holds(&names, "method", 6) && holds(&names, "plain", 5));
  assert_false(holds(&names, "not_a_string", 12));
  assert_false(holds(&names, "neither", 7));
  pack_names_free(&names);
  /* the compiler agrees */
  size_t size;
  unsigned char *dump = bytecode_compile(ESCAPES, length, "escapes", &size);
  assert_non_null(dump);
  bytecode_function main;
  assert_int_equal(bytecode_read(dump, size, &main), 0);
  assert_int_equal(pack_names_of_text(ESCAPES, length, &names), 0);
  assert_true(check_constants(&main, &names, "escapes") >= 8);
  bytecode_free(&main);
  free(dump);
  pack_names_free(&names);
}

static void test_refused(void **state) {
  (void)state;
  pack_names names;
  static const char *const bad[] = {"x = 'unclosed", "x = \"a\\qb\"", "x = [[never closed",
                                    "x = '\\300'", "x = 'a\nb'", "--[[ open"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    assert_int_equal(pack_names_of_text(bad[i], strlen(bad[i]), &names), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_shipped_files),
      cmocka_unit_test(test_escapes),
      cmocka_unit_test(test_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
