/* test_rule_pack.c: packs and tables for the rule tests; see test_rule_pack.h. */
#include "test_rule_pack.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "table_builder.h"
#include "test_files.h"

void test_write_file(const char *dir, const char *name, const char *text) {
  char path[PATH_MAX];
  assert_true(snprintf(path, sizeof path, "%s/%s", dir, name) < (int)sizeof path);
  FILE *file = fopen(path, "w");
  assert_non_null(file);
  assert_int_equal(fputs(text, file) >= 0, 1);
  assert_int_equal(fclose(file), 0);
}

void test_pack_write(test_pack *t, const char *const *files) {
  *t = (test_pack){0};
  assert_int_equal(test_scratch_folder(t->dir, "sustain-rules"), 0);
  assert_true(snprintf(t->rules, sizeof t->rules, "%s/rules", t->dir) < (int)sizeof t->rules);
  assert_int_equal(mkdir(t->rules, 0755), 0);
  for (const char *const *f = files; f[0]; f += 2) test_write_file(t->rules, f[0], f[1]);
}

int test_pack_load(test_pack *t, const char *const *files) {
  test_pack_write(t, files);
  assert_int_equal(sandbox_open(&t->sb, (size_t)CONFIG_DEFAULT_MEMORY_MB * 1024 * 1024,
                                CONFIG_DEFAULT_INSTRUCTIONS),
                   0);
  t->sb.host = &t->host;
  t->loaded = 1;
  const char *paths[] = {t->rules};
  return rules_load(&t->pack, &t->sb, paths, 1, &t->diags);
}

void test_pack_close(test_pack *t) {
  if (t->loaded) {
    sandbox_close(&t->sb);
    rules_free(&t->pack);
  }
  diag_list_clear(&t->diags);
  if (t->dir[0]) test_remove_tree(t->dir);
  *t = (test_pack){0};
}

void test_pack_file(const test_pack *t, const char *name, char out[PATH_MAX]) {
  assert_true(snprintf(out, PATH_MAX, "%s/%s", t->rules, name) < PATH_MAX);
}

/* Appends the comma-separated fields of line, each as text (empty: missing). */
static void add_fields(table_builder *b, const char *line, int as_columns) {
  char error[TABLE_BUILDER_ERROR_SIZE];
  for (const char *field = line;;) {
    size_t length = strcspn(field, ",");
    int status = as_columns
                     ? table_builder_add_column(b, field, length, SUSTAIN_COLUMN_INFER, error)
                     : table_builder_append_text(b, field, length, error);
    if (status != 0) fail_msg("test table: %s", error);
    if (field[length] == '\0') break;
    field += length + 1;
  }
}

evidence_table *test_table(const char *name, const char *columns, const char *const *rows) {
  char error[TABLE_BUILDER_ERROR_SIZE];
  char authority[64];
  size_t length = strcspn(columns, ",");
  assert_true(length < sizeof authority);
  memcpy(authority, columns, length);
  authority[length] = '\0';
  table_builder b;
  assert_int_equal(table_builder_init(&b, name, authority), 0);
  add_fields(&b, columns, 1);
  for (const char *const *row = rows; *row; row++) {
    add_fields(&b, *row, 0);
    if (table_builder_end_row(&b, error) != 0) fail_msg("test table: %s", error);
  }
  evidence_table *table = table_builder_finish(&b, error);
  table_builder_free(&b);
  if (!table) fail_msg("test table: %s", error);
  return table;
}
