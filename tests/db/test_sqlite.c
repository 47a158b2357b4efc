/* test_sqlite.c: the sqlite plugin against real database files that each test writes
 * with the SQLite C API, its load run through the recording host of tests/fake_host.c. Covers
 * the type mapping, missing values, tables and queries, quoting, read-only access and
 * every error the plugin reports. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "fake_host.h"

/* The plugin under test, compiled into this program instead of dlopen'd. */
extern const sustain_plugin_descriptor sustain_plugin;

/* One scratch folder per test. */
typedef struct fixture {
  char dir[1024];
  char database[PATH_MAX]; /* dir/test.sqlite */
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  if (!f) return -1;
  const char *tmp = getenv("TMPDIR");
  snprintf(f->dir, sizeof f->dir, "%s/sustain-sqlite-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(f->dir)) return -1;
  snprintf(f->database, sizeof f->database, "%s/test.sqlite", f->dir);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  remove(f->database);
  char other[PATH_MAX];
  snprintf(other, sizeof other, "%s/not-a-database", f->dir);
  remove(other);
  int status = rmdir(f->dir);
  free(f);
  return status;
}

/* Creates the fixture's database and runs sql in it. */
static void create_database(const fixture *f, const char *sql) {
  sqlite3 *db = NULL;
  char *error = NULL;
  assert_int_equal(sqlite3_open(f->database, &db), SQLITE_OK);
  if (sqlite3_exec(db, sql, NULL, NULL, &error) != SQLITE_OK) fail_msg("setup SQL: %s", error);
  sqlite3_close(db);
}

/* Loads with path = the fixture's database plus name, value pairs of other options. */
static fake_result load(const fixture *f, const char *name, const char *value,
                        const char *name2, const char *value2) {
  const char *options[] = {"path", f->database, name, value, name2, value2, NULL};
  return fake_host_load(&sustain_plugin, options);
}

/* Checks a load that succeeded with exactly the expected table. */
static void expect_table(fake_result *result, const char *table) {
  if (result->errors[0]) fail_msg("unexpected errors:\n%s", result->errors);
  assert_int_equal(result->status, 0);
  assert_false(result->protocol_broken);
  assert_string_equal(result->table, table);
  fake_result_free(result);
}

/* Checks a failed load whose errors hold text. */
static void expect_error(fake_result *result, const char *text) {
  assert_int_not_equal(result->status, 0);
  assert_false(result->protocol_broken);
  if (!strstr(result->errors, text))
    fail_msg("errors \"%s\" do not say \"%s\"", result->errors, text);
  fake_result_free(result);
}

/* ** {======================================================
** Types and values
** ======================================================= */

static void test_declared_types_and_storage_classes(void **state) {
  const fixture *f = *state;
  create_database(f,
                  "CREATE TABLE t (a INTEGER, b REAL, c TEXT, d DATE, e, f NUMERIC, "
                  "g VARCHAR(10), h BIGINT, i DATETIME);"
                  "INSERT INTO t VALUES (1, 2.5, 'x', '2024-01-02', 'free', 3, '007', "
                  "  9007199254740993, '2024-01-02 10:00');"
                  "INSERT INTO t VALUES (NULL, NULL, NULL, NULL, 7, NULL, NULL, -4, NULL);"
                  "INSERT INTO t VALUES (-3, 0.1, '', '11/03/2004', 1.5, '', 'é', 0, 'x');");
  fake_result result = load(f, "table", "t", NULL, NULL);
  expect_table(&result,
               "a:number b:number c:text d:date e:infer f:number g:text h:number i:infer\n"
               "1 2.5 'x' '2024-01-02' 'free' 3 '007' '9007199254740993' '2024-01-02 10:00'\n"
               "- - - - 7 - - -4 -\n"
               "-3 0.10000000000000001 - '11/03/2004' 1.5 - 'é' 0 'x'\n");
}

static void test_query_columns_without_declared_type_are_inferred(void **state) {
  const fixture *f = *state;
  create_database(f,
                  "CREATE TABLE people (la TEXT, age INTEGER);"
                  "INSERT INTO people VALUES ('north', 19), ('north', 21), ('south', 18);");
  fake_result result = load(f, "query",
                            "SELECT la, count(*) AS n, avg(age) AS mean_age FROM people "
                            "GROUP BY la ORDER BY la",
                            NULL, NULL);
  expect_table(&result,
               "la:text n:infer mean_age:infer\n"
               "'north' 2 20\n"
               "'south' 1 18\n");
}

static void test_empty_table_has_columns_and_no_rows(void **state) {
  const fixture *f = *state;
  create_database(f, "CREATE TABLE t (la TEXT, n INTEGER);");
  fake_result result = load(f, "table", "t", NULL, NULL);
  expect_table(&result, "la:text n:number\n");
}

static void test_table_name_is_one_quoted_identifier(void **state) {
  const fixture *f = *state;
  create_database(f,
                  "CREATE TABLE \"odd \"\"name\"\"; DROP TABLE t\" (v INTEGER);"
                  "INSERT INTO \"odd \"\"name\"\"; DROP TABLE t\" VALUES (1);"
                  "CREATE TABLE t (v INTEGER);"
                  "CREATE VIEW shown AS SELECT v * 2 AS doubled FROM t;"
                  "INSERT INTO t VALUES (21);");
  fake_result result = load(f, "table", "odd \"name\"; DROP TABLE t", NULL, NULL);
  expect_table(&result, "v:number\n1\n");
  result = load(f, "table", "t", NULL, NULL);
  expect_table(&result, "v:number\n21\n");
  result = load(f, "table", "shown", NULL, NULL); /* a view reads like a table */
  expect_table(&result, "doubled:infer\n42\n");
}

static void test_trailing_semicolon_and_comment_are_allowed(void **state) {
  const fixture *f = *state;
  create_database(f, "CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (5);");
  fake_result result = load(f, "query", "SELECT v FROM t; ", NULL, NULL);
  expect_table(&result, "v:number\n5\n");
  result = load(f, "query", "SELECT v FROM t; -- the only statement", NULL, NULL);
  expect_table(&result, "v:number\n5\n");
}

/* The database file may be read-only on disk: it is opened for reading only. */
static void test_read_only_file_is_read(void **state) {
  const fixture *f = *state;
  create_database(f, "CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (5);");
  assert_int_equal(chmod(f->database, 0444), 0);
  fake_result result = load(f, "table", "t", NULL, NULL);
  expect_table(&result, "v:number\n5\n");
}

/* }====================================================== */

/* ** {======================================================
** Errors
** ======================================================= */

static void test_missing_table_names_file_and_sqlite_message(void **state) {
  const fixture *f = *state;
  create_database(f, "CREATE TABLE t (v INTEGER);");
  fake_result result = load(f, "table", "nope", NULL, NULL);
  char expected[PATH_MAX + 128];
  snprintf(expected, sizeof expected, "%s:0:0: cannot read table 'nope': no such table: nope\n",
           f->database);
  assert_string_equal(result.errors, expected);
  expect_error(&result, "no such table");
}

static void test_query_syntax_error_carries_sqlite_message(void **state) {
  const fixture *f = *state;
  create_database(f, "CREATE TABLE t (v INTEGER);");
  fake_result result = load(f, "query", "SELEKT v FROM t", NULL, NULL);
  expect_error(&result, "cannot read the query: near \"SELEKT\": syntax error");
}

static void test_blob_is_refused(void **state) {
  const fixture *f = *state;
  create_database(f,
                  "CREATE TABLE t (la TEXT, picture BLOB);"
                  "INSERT INTO t VALUES ('north', NULL), ('south', x'89504E47');");
  fake_result result = load(f, "table", "t", NULL, NULL);
  expect_error(&result, "row 2, column 'picture' holds a BLOB (binary data)");
}

static void test_invalid_utf8_is_refused(void **state) {
  const fixture *f = *state;
  create_database(f, "CREATE TABLE t (name TEXT);"
                     "INSERT INTO t VALUES (CAST(x'4361666509' AS TEXT)),"
                     "  (CAST(x'436166E9' AS TEXT));");
  fake_result result = load(f, "table", "t", NULL, NULL);
  expect_error(&result, "row 2, column 'name': the text is not valid UTF-8");
}

static void test_writing_query_is_refused_and_changes_nothing(void **state) {
  const fixture *f = *state;
  create_database(f, "CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (5);");
  fake_result result = load(f, "query", "DELETE FROM t", NULL, NULL);
  expect_error(&result, "-:0:0: option query must only read the database; give a SELECT");
  result = load(f, "query", "INSERT INTO t VALUES (6) RETURNING v", NULL, NULL);
  expect_error(&result, "must only read the database");
  result = load(f, "table", "t", NULL, NULL);
  expect_table(&result, "v:number\n5\n");
}

static void test_second_statement_is_refused(void **state) {
  const fixture *f = *state;
  create_database(f, "CREATE TABLE t (v INTEGER);");
  fake_result result = load(f, "query", "SELECT v FROM t; DROP TABLE t", NULL, NULL);
  expect_error(&result, "option query holds more than one SQL statement");
  result = load(f, "query", "SELECT v FROM t; SELECT 1", NULL, NULL);
  expect_error(&result, "option query holds more than one SQL statement");
}

static void test_query_without_columns_or_sql_is_refused(void **state) {
  const fixture *f = *state;
  create_database(f, "CREATE TABLE t (v INTEGER);");
  fake_result result = load(f, "query", "-- nothing here", NULL, NULL);
  expect_error(&result, "option query holds no SQL statement");
  result = load(f, "query", "BEGIN", NULL, NULL);
  expect_error(&result, "option query returns no columns");
}

static void test_table_and_query_are_exclusive(void **state) {
  const fixture *f = *state;
  create_database(f, "CREATE TABLE t (v INTEGER);");
  fake_result result = load(f, "table", "t", "query", "SELECT 1");
  expect_error(&result, "-:0:0: options table and query are both given; give one");
  result = load(f, NULL, NULL, NULL, NULL);
  expect_error(&result, "-:0:0: give option table (a table to read whole) or option query");
}

static void test_file_that_is_not_a_database_is_refused(void **state) {
  const fixture *f = *state;
  char path[1200];
  snprintf(path, sizeof path, "%s/not-a-database", f->dir);
  FILE *file = fopen(path, "w");
  assert_non_null(file);
  fputs("la,n\nnorth,1\n this is a CSV file, not a database, and long enough to look at\n",
        file);
  fclose(file);
  const char *options[] = {"path", path, "table", "t", NULL};
  fake_result result = fake_host_load(&sustain_plugin, options);
  char expected[PATH_MAX + 64];
  snprintf(expected, sizeof expected, "%s:0:0: cannot read table 't': file is not a database",
           path);
  expect_error(&result, expected);
}

/* A query that computes for ever without handing over a row: SQLite's progress
 * handler asks the host, which says stop (as past [limits] source_seconds), and the
 * plugin says how far it read. A host of ABI 1.3 has no stop_requested, and the
 * plugin reads as before without asking. */
static void test_query_stops_when_the_host_asks(void **state) {
  const fixture *f = *state;
  create_database(f, "CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (5);");
  sustain_host host = fake_host(SUSTAIN_PLUGIN_ABI_MINOR);
  sustain_source source = {.plugin = &sustain_plugin, .ask_to_stop = 1};
  fake_source_option(&source, "path", f->database);
  fake_source_option(&source, "query",
                     "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                     "SELECT count(*) AS endless FROM n");
  assert_int_not_equal(sustain_plugin.load(&host, &source), 0);
  assert_int_equal(source.protocol_violations, 0);
  char expected[PATH_MAX + 128];
  snprintf(expected, sizeof expected,
           "%s:0:0: stopped reading the query after 0 rows, as sustain asked\n", f->database);
  assert_string_equal(source.error_text.text, expected);
  fake_source_free(&source);

  host = fake_host(3);
  source = (sustain_source){.plugin = &sustain_plugin, .ask_to_stop = 1};
  fake_source_option(&source, "path", f->database);
  fake_source_option(&source, "table", "t");
  assert_int_equal(sustain_plugin.load(&host, &source), 0);
  assert_string_equal(fake_table(&source), "v:number\n5\n");
  fake_source_free(&source);
}

/* }====================================================== */

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_declared_types_and_storage_classes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_query_columns_without_declared_type_are_inferred,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_empty_table_has_columns_and_no_rows, setup, teardown),
      cmocka_unit_test_setup_teardown(test_table_name_is_one_quoted_identifier, setup, teardown),
      cmocka_unit_test_setup_teardown(test_trailing_semicolon_and_comment_are_allowed, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_read_only_file_is_read, setup, teardown),
      cmocka_unit_test_setup_teardown(test_missing_table_names_file_and_sqlite_message, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_query_syntax_error_carries_sqlite_message, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_blob_is_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_invalid_utf8_is_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_writing_query_is_refused_and_changes_nothing, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_second_statement_is_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_query_without_columns_or_sql_is_refused, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_table_and_query_are_exclusive, setup, teardown),
      cmocka_unit_test_setup_teardown(test_file_that_is_not_a_database_is_refused, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_query_stops_when_the_host_asks, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
