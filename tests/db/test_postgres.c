/* test_postgres.c: the postgres plugin against a real PostgreSQL server, its load run
 * through the recording host of tests/fake_host.c. Covers the type mapping, missing values,
 * tables and queries, identifier quoting, the session it sets up (ISO dates, UTF-8,
 * read-only) and its errors, including that a password never shows in one.
 *
 * The server comes from tests/db/run.sh (which starts one, see pg_server.sh) through:
 *   SUSTAIN_TEST_PG_CONNINFO  a conninfo for a scratch database (unix socket, trusted)
 *   SUSTAIN_TEST_PG_TCP       the same server over loopback TCP, without the password
 *   SUSTAIN_TEST_PG_PASSWORD  the password that TCP connection needs
 * Without them every test is skipped, visibly, with meson's skip status 77. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "fake_host.h"

/* The plugin under test, compiled into this program instead of dlopen'd. */
extern const sustain_plugin_descriptor sustain_plugin;

/* meson's exit status for a skipped test. */
#define SKIP_STATUS 77

/* A password no server here accepts; it must never appear in a message. */
#define WRONG_PASSWORD "Wrong-Secret-4711"

/* The tables every test reads, created once for the group. */
static const char setup_sql[] =
    "SET client_min_messages TO warning;"
    "DROP TABLE IF EXISTS pt_types, \"pt_Mixed\", \"pt odd \"\"name\"\"; DROP TABLE pt_types\","
    "  pt_kept;"
    "CREATE TABLE pt_types (a int2, b int4, c int8, d float4, e float8, f numeric, g date,"
    "  h text, i varchar(10), j boolean, k timestamp, l char(3));"
    "INSERT INTO pt_types VALUES"
    "  (1, 2, 9007199254740993, 0.5, 0.1, 12.50, '2024-01-02', 'x', '007', true,"
    "   '2024-01-02 10:30:00', 'ab'),"
    "  (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
    "  (-3, 0, 0, -1e10, 1e300, 0.000001, '1999-12-31', '', 'Café', false, NULL, NULL);"
    "CREATE TABLE \"pt_Mixed\" (v int4); INSERT INTO \"pt_Mixed\" VALUES (7);"
    "CREATE TABLE \"pt odd \"\"name\"\"; DROP TABLE pt_types\" (v int4);"
    "INSERT INTO \"pt odd \"\"name\"\"; DROP TABLE pt_types\" VALUES (1);"
    "CREATE TABLE pt_kept (la text, n int4);"
    "INSERT INTO pt_kept VALUES ('north', 1), ('north', 2), ('south', 5);";

static const char teardown_sql[] =
    "SET client_min_messages TO warning;"
    "DROP TABLE IF EXISTS pt_types, \"pt_Mixed\", \"pt odd \"\"name\"\"; DROP TABLE pt_types\","
    "  pt_kept;";

/* The server, from the environment. */
typedef struct server {
  const char *conninfo; /* socket, trusted */
  const char *tcp;      /* loopback TCP, needs password */
  const char *password;
} server;

static server the_server;

static int run_sql(const char *sql) {
  PGconn *connection = PQconnectdb(the_server.conninfo);
  int ok = PQstatus(connection) == CONNECTION_OK;
  if (ok) {
    PGresult *result = PQexec(connection, sql);
    ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    if (!ok) fprintf(stderr, "setup SQL: %s", PQresultErrorMessage(result));
    PQclear(result);
  } else {
    fprintf(stderr, "cannot connect: %s", PQerrorMessage(connection));
  }
  PQfinish(connection);
  return ok ? 0 : -1;
}

static int group_setup(void **state) {
  (void)state;
  return run_sql(setup_sql);
}

static int group_teardown(void **state) {
  (void)state;
  return run_sql(teardown_sql);
}

/* Loads with the given conninfo plus name, value pairs of other options. */
static fake_result load(const char *conninfo, const char *name, const char *value,
                        const char *name2, const char *value2) {
  const char *options[] = {"conninfo", conninfo, name, value, name2, value2, NULL};
  return fake_host_load(&sustain_plugin, options);
}

static void expect_table(fake_result *result, const char *table) {
  if (result->errors[0]) fail_msg("unexpected errors:\n%s", result->errors);
  assert_int_equal(result->status, 0);
  assert_false(result->protocol_broken);
  assert_string_equal(result->table, table);
  fake_result_free(result);
}

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

static void test_type_oids_map_to_column_types(void **state) {
  (void)state;
  fake_result result = load(the_server.conninfo, "table", "pt_types", NULL, NULL);
  expect_table(&result,
               "a:number b:number c:number d:number e:number f:number g:date h:text i:text "
               "j:text k:text l:text\n"
               "'1' '2' '9007199254740993' '0.5' '0.1' '12.50' '2024-01-02' 'x' '007' 't' "
               "'2024-01-02 10:30:00' 'ab '\n"
               "- - - - - - - - - - - -\n"
               "'-3' '0' '0' '-1e+10' '1e+300' '0.000001' '1999-12-31' - 'Café' 'f' - -\n");
}

static void test_query_result_is_the_table(void **state) {
  (void)state;
  fake_result result = load(the_server.conninfo, "query",
                            "SELECT la, count(*) AS rows, sum(n) AS total FROM pt_kept "
                            "GROUP BY la ORDER BY la",
                            NULL, NULL);
  expect_table(&result, "la:text rows:number total:number\n'north' '2' '3'\n'south' '1' '5'\n");
}

static void test_empty_result_has_columns_and_no_rows(void **state) {
  (void)state;
  fake_result result =
      load(the_server.conninfo, "query", "SELECT la, n FROM pt_kept WHERE false", NULL, NULL);
  expect_table(&result, "la:text n:number\n");
}

/* The table option is one identifier, case and all, never SQL. */
static void test_table_name_is_quoted_exactly(void **state) {
  (void)state;
  fake_result result =
      load(the_server.conninfo, "table", "pt odd \"name\"; DROP TABLE pt_types", NULL, NULL);
  expect_table(&result, "v:number\n'1'\n");
  result = load(the_server.conninfo, "table", "pt_Mixed", NULL, NULL);
  expect_table(&result, "v:number\n'7'\n");
  result = load(the_server.conninfo, "table", "pt_mixed", NULL, NULL);
  expect_error(&result, "relation \"pt_mixed\" does not exist");
  result = load(the_server.conninfo, "query", "SELECT count(*) AS n FROM pt_types", NULL, NULL);
  expect_table(&result, "n:number\n'3'\n");
}

/* Whatever the connection asks for, dates come as YYYY-MM-DD and text as UTF-8. */
static void test_session_forces_iso_dates_and_utf8(void **state) {
  (void)state;
  char conninfo[1024];
  snprintf(conninfo, sizeof conninfo,
           "%s options='-c datestyle=SQL,DMY' client_encoding=LATIN1", the_server.conninfo);
  fake_result result =
      load(conninfo, "query", "SELECT g, i FROM pt_types WHERE a = -3", NULL, NULL);
  expect_table(&result, "g:date i:text\n'1999-12-31' 'Café'\n");
}

/* Over loopback TCP with the password: the way most servers are reached. */
static void test_password_over_tcp_connects(void **state) {
  (void)state;
  char conninfo[1024];
  snprintf(conninfo, sizeof conninfo, "%s password=%s", the_server.tcp, the_server.password);
  fake_result result = load(conninfo, "query", "SELECT 1 AS one", NULL, NULL);
  expect_table(&result, "one:number\n'1'\n");
}

/* }====================================================== */

/* ** {======================================================
** Errors
** ======================================================= */

static void test_wrong_password_is_reported_without_it(void **state) {
  (void)state;
  char conninfo[1024];
  snprintf(conninfo, sizeof conninfo, "%s password=" WRONG_PASSWORD, the_server.tcp);
  fake_result result = load(conninfo, "table", "pt_kept", NULL, NULL);
  assert_null(strstr(result.errors, WRONG_PASSWORD));
  assert_non_null(strstr(result.errors, "-:0:0: cannot connect to PostgreSQL: "));
  expect_error(&result, "password authentication failed");

  /* a password the server echoes back is masked too */
  snprintf(conninfo, sizeof conninfo, "%s password=" WRONG_PASSWORD, the_server.conninfo);
  result = load(conninfo, "query", "SELECT * FROM \"" WRONG_PASSWORD "\"", NULL, NULL);
  assert_null(strstr(result.errors, WRONG_PASSWORD));
  expect_error(&result, "relation \"********\" does not exist");
}

/* libpq's parse errors quote the text around the mistake, so they are not passed on. */
static void test_unreadable_conninfo_never_quotes_it(void **state) {
  (void)state;
  fake_result result = load("host=localhost password=two words", "table", "t", NULL, NULL);
  assert_null(strstr(result.errors, "words"));
  expect_error(&result, "option conninfo cannot be read; write key=value pairs");
}

static void test_server_that_is_not_there(void **state) {
  (void)state;
  fake_result result = load("host=127.0.0.1 port=1 connect_timeout=5 user=nobody dbname=none",
                            "table", "t", NULL, NULL);
  expect_error(&result, "cannot connect to PostgreSQL: connection to server at \"127.0.0.1\", "
                        "port 1 failed");
}

static void test_missing_table_carries_server_message(void **state) {
  (void)state;
  fake_result result = load(the_server.conninfo, "table", "nope", NULL, NULL);
  expect_error(&result, "-:0:0: cannot read table 'nope': relation \"nope\" does not exist");
}

static void test_writing_query_is_refused_and_changes_nothing(void **state) {
  (void)state;
  fake_result result =
      load(the_server.conninfo, "query", "DELETE FROM pt_kept RETURNING la", NULL, NULL);
  expect_error(&result, "cannot execute DELETE in a read-only transaction");
  result = load(the_server.conninfo, "query", "SELECT count(*) AS n FROM pt_kept", NULL, NULL);
  expect_table(&result, "n:number\n'3'\n");
}

static void test_second_statement_is_refused(void **state) {
  (void)state;
  fake_result result =
      load(the_server.conninfo, "query", "SELECT 1; DROP TABLE pt_kept", NULL, NULL);
  expect_error(&result, "cannot insert multiple commands into a prepared statement");
}

static void test_statement_without_rows_is_refused(void **state) {
  (void)state;
  fake_result result = load(the_server.conninfo, "query", "SET search_path TO public", NULL, NULL);
  expect_error(&result, "option query returns no rows; give a SELECT");
}

static void test_table_and_query_are_exclusive(void **state) {
  (void)state;
  fake_result result = load(the_server.conninfo, "table", "pt_kept", "query", "SELECT 1");
  expect_error(&result, "-:0:0: options table and query are both given; give one");
  result = load(the_server.conninfo, NULL, NULL, NULL, NULL);
  expect_error(&result, "give option table (a table to read whole) or option query");
}

/* }====================================================== */

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_type_oids_map_to_column_types),
      cmocka_unit_test(test_query_result_is_the_table),
      cmocka_unit_test(test_empty_result_has_columns_and_no_rows),
      cmocka_unit_test(test_table_name_is_quoted_exactly),
      cmocka_unit_test(test_session_forces_iso_dates_and_utf8),
      cmocka_unit_test(test_password_over_tcp_connects),
      cmocka_unit_test(test_wrong_password_is_reported_without_it),
      cmocka_unit_test(test_unreadable_conninfo_never_quotes_it),
      cmocka_unit_test(test_server_that_is_not_there),
      cmocka_unit_test(test_missing_table_carries_server_message),
      cmocka_unit_test(test_writing_query_is_refused_and_changes_nothing),
      cmocka_unit_test(test_second_statement_is_refused),
      cmocka_unit_test(test_statement_without_rows_is_refused),
      cmocka_unit_test(test_table_and_query_are_exclusive),
  };
  size_t count = sizeof tests / sizeof *tests;
  the_server.conninfo = getenv("SUSTAIN_TEST_PG_CONNINFO");
  the_server.tcp = getenv("SUSTAIN_TEST_PG_TCP");
  the_server.password = getenv("SUSTAIN_TEST_PG_PASSWORD");
  if (!the_server.conninfo || !the_server.tcp || !the_server.password) {
    printf("set SUSTAIN_TEST_PG_CONNINFO, SUSTAIN_TEST_PG_TCP and SUSTAIN_TEST_PG_PASSWORD "
           "to run these (tests/db/run.sh does)\n");
    for (size_t i = 0; i < count; i++) /* tests/cases.sh's form, for tests/summary.py */
      printf("[  SKIPPED ] %s\nskip reason: no PostgreSQL server\n", tests[i].name);
    printf("[  SKIPPED ] %zu test(s), listed below:\n", count);
    return SKIP_STATUS;
  }
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
