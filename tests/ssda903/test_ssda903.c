/* test_ssda903.c: the ssda903 plugin on small XML files that each test writes, its load run
 * through the recording host of tests/fake_host.c: every table and which children give it
 * rows, dates, the authority column, older hosts, and every error and warning, each at
 * its line and column and never quoting a value of the file. The reader on its own is
 * fed the same bytes whole and a byte at a time. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fake_host.h"
#include "ssda903_date.h"
#include "ssda903_layout.h"
#include "ssda903_reader.h"

/* The plugin under test, compiled into this program instead of dlopen'd. */
extern const sustain_plugin_descriptor sustain_plugin;

/* What one load gave. */
typedef struct loaded {
  int status;
  char table[8192];
  char errors[16384];
  char warnings[16384];
  int protocol_broken;
} loaded;

/* The options of one load, beyond path: NULL-terminated name, value pairs. */
typedef struct load_options {
  int older_host;      /* nonzero: a host of ABI 1.host_minor, else this header's */
  uint32_t host_minor;
  const char *authority_column;
  size_t refuse_after_rows;
  int ask_to_stop;
} load_options;

static char xml_path[PATH_MAX];

static int setup(void **state) {
  (void)state;
  const char *tmp = getenv("TMPDIR");
  snprintf(xml_path, sizeof xml_path, "%s/sustain-ssda903-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  int fd = mkstemp(xml_path);
  if (fd < 0) return -1;
  close(fd);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  return remove(xml_path);
}

static void write_file(const char *bytes, size_t length) {
  FILE *file = fopen(xml_path, "wb");
  assert_non_null(file);
  assert_int_equal(fwrite(bytes, 1, length, file), length);
  assert_int_equal(fclose(file), 0);
}

/* Loads `xml` with the options, name value pairs ending in NULL. */
static loaded load_with(const char *xml, size_t length, const load_options *how, ...) {
  write_file(xml, length);
  sustain_host host = fake_host(how->older_host ? how->host_minor : SUSTAIN_PLUGIN_ABI_MINOR);
  sustain_source source = {.plugin = &sustain_plugin,
                           .authority_column = how->authority_column,
                           .refuse_after_rows = how->refuse_after_rows,
                           .ask_to_stop = how->ask_to_stop};
  fake_source_option(&source, "path", xml_path);
  va_list args;
  va_start(args, how);
  for (const char *name; (name = va_arg(args, const char *));)
    fake_source_option(&source, name, va_arg(args, const char *));
  va_end(args);
  loaded result = {.status = sustain_plugin.load(&host, &source)};
  snprintf(result.table, sizeof result.table, "%s", fake_table(&source));
  snprintf(result.errors, sizeof result.errors, "%s",
           source.error_text.text ? source.error_text.text : "");
  snprintf(result.warnings, sizeof result.warnings, "%s",
           source.warning_text.text ? source.warning_text.text : "");
  result.protocol_broken = source.protocol_violations > 0;
  fake_source_free(&source);
  return result;
}

static const load_options plain = {0};

static loaded load_table(const char *xml, const char *table) {
  return load_with(xml, strlen(xml), &plain, "table", table, NULL);
}

static void expect_table(const loaded *result, const char *table) {
  if (result->errors[0]) fail_msg("unexpected errors:\n%s", result->errors);
  assert_int_equal(result->status, 0);
  assert_false(result->protocol_broken);
  assert_string_equal(result->table, table);
}

/* A failed load with exactly one error, `error` after the file's name. */
static void expect_error(const loaded *result, const char *error) {
  assert_int_not_equal(result->status, 0);
  assert_false(result->protocol_broken);
  test_log expected = {0};
  test_log_printf(&expected, "%s:%s\n", xml_path, error);
  assert_string_equal(result->errors, expected.text);
  test_log_free(&expected);
}

/* The same for an error about the options, which names no file. */
static void expect_option_error(const loaded *result, const char *error) {
  assert_int_not_equal(result->status, 0);
  assert_false(result->protocol_broken);
  test_log expected = {0};
  test_log_printf(&expected, "-:0:0: %s\n", error);
  assert_string_equal(result->errors, expected.text);
  test_log_free(&expected);
}

/* Two children, with every part of the return: the first leaves care at 17 and has
 * left care; the second is younger, with DOB written after its groups, its EPISODE
 * before its HEADER, and no care-leaver information. */
static const char two_children[] =
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    "<EXPSSDA903>\n"
    "<CHILD>\n"
    " <HEADER>\n"
    "  <CHILDID>C1</CHILDID><UPN>A123</UPN><SEX>1</SEX><DOB>21/01/2001</DOB>\n"
    "  <ETHNIC>WBRI</ETHNIC><UASC>1</UASC><DUC>05/06/2019</DUC><MOTHER /><MC_DOB />\n"
    "  <AREVIEW><REVIEW>27/09/2015</REVIEW><REVIEW_CODE>PN0</REVIEW_CODE></AREVIEW>\n"
    "  <AREVIEW><REVIEW>14/07/2016</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE></AREVIEW>\n"
    "  <AMISSING><MISSING>M</MISSING><MIS_START>01/02/2016</MIS_START><MIS_END /></AMISSING>\n"
    "  <PERMANENCE><PREV_PERM>Z1</PREV_PERM><LA_PERM /><DATE_PERM>zz/03/2015</DATE_PERM>"
    "</PERMANENCE>\n"
    "  <OC2><SDQ_SCORE>21</SDQ_SCORE><CONVICTED>1</CONVICTED></OC2>\n"
    "  <IN_TOUCH>YES</IN_TOUCH><ACTIV>F2</ACTIV><ACCOM> U1 </ACCOM>\n"
    " </HEADER>\n"
    " <EPISODE><DECOM>06/01/2017</DECOM><RNE>T</RNE><LS>J3</LS><CIN>N4</CIN><PL>R5</PL>"
    "<PL_POST>E7 5YR</PL_POST><HOME_POST>B15 8PZ</HOME_POST><URN>1465167</URN>"
    "<PLACE_PROVIDER>PR2</PLACE_PROVIDER><DEC>06/10/2017</DEC><REC>X1</REC>"
    "<REASON_PLACE_CHANGE>CUSTOD</REASON_PLACE_CHANGE></EPISODE>\n"
    "</CHILD>\n"
    "<CHILD>\n"
    " <EPISODE><DECOM>2018-03-27</DECOM><RNE>P</RNE><PL>T0</PL><DEC /></EPISODE>\n"
    " <HEADER>\n"
    "  <CHILDID>C2</CHILDID><SEX>2</SEX><UASC />\n"
    "  <AD_PLACED><DATE_PLACED>01/03/2019</DATE_PLACED><REASON_PLACED_CEASED>E11"
    "</REASON_PLACED_CEASED></AD_PLACED>\n"
    "  <DATE_INT>29/02/2020</DATE_INT><NB_ADOPTR>2</NB_ADOPTR>\n"
    "  <DOB>29/11/2012</DOB>\n"
    " </HEADER>\n"
    "</CHILD>\n"
    "</EXPSSDA903>\n";

/* ** {======================================================
** Tables
** ======================================================= */

static void test_every_table(void **state) {
  (void)state;
  static const char *const expected[][2] = {
      {"header",
       "CHILD:text SEX:text DOB:date ETHNIC:text UPN:text MOTHER:text MC_DOB:date UASC:text\n"
       "'C1' '1' '2001-01-21' 'WBRI' 'A123' - - '1' @3\n"
       "'C2' '2' '2012-11-29' - - - - - @16\n"},
      {"episodes",
       "CHILD:text DECOM:date RNE:text LS:text CIN:text PLACE:text PLACE_PROVIDER:text "
       "DEC:date REC:text REASON_PLACE_CHANGE:text HOME_POST:text PL_POST:text URN:text\n"
       "'C1' '2017-01-06' 'T' 'J3' 'N4' 'R5' 'PR2' '2017-10-06' 'X1' 'CUSTOD' 'B15 8PZ' "
       "'E7 5YR' '1465167' @14\n"
       "'C2' '2018-03-27' 'P' - - 'T0' - - - - - - - @17\n"},
      {"reviews",
       "CHILD:text DOB:date REVIEW:date REVIEW_CODE:text\n"
       "'C1' '2001-01-21' '2015-09-27' 'PN0' @7\n"
       "'C1' '2001-01-21' '2016-07-14' 'PN1' @8\n"},
      {"uasc", "CHILD:text SEX:text DOB:date DUC:date\n'C1' '1' '2001-01-21' '2019-06-05' @3\n"},
      {"oc2",
       "CHILD:text DOB:date SDQ_SCORE:infer SDQ_REASON:text CONVICTED:text HEALTH_CHECK:text "
       "IMMUNISATIONS:text TEETH_CHECK:text HEALTH_ASSESSMENT:text SUBSTANCE_MISUSE:text "
       "INTERVENTION_RECEIVED:text INTERVENTION_OFFERED:text\n"
       "'C1' '2001-01-21' '21' - '1' - - - - - - - @11\n"},
      {"oc3",
       "CHILD:text DOB:date IN_TOUCH:text ACTIV:text ACCOM:text\n"
       "'C1' '2001-01-21' 'YES' 'F2' 'U1' @3\n"},
      {"ad1",
       "CHILD:text DOB:date DATE_INT:date DATE_MATCH:date FOSTER_CARE:text NB_ADOPTR:infer "
       "SEX_ADOPTR:text LS_ADOPTR:text\n"
       "'C2' '2012-11-29' '2020-02-29' - - '2' - - @16\n"},
      {"placed_adoption",
       "CHILD:text DOB:date DATE_PLACED:date DATE_PLACED_CEASED:date REASON_PLACED_CEASED:text\n"
       "'C2' '2012-11-29' '2019-03-01' - 'E11' @20\n"},
      {"previous_permanence",
       "CHILD:text DOB:date PREV_PERM:text LA_PERM:text DATE_PERM:text\n"
       "'C1' '2001-01-21' 'Z1' - 'zz/03/2015' @10\n"},
      {"missing",
       "CHILD:text DOB:date MISSING:text MIS_START:date MIS_END:date\n"
       "'C1' '2001-01-21' 'M' '2016-02-01' - @9\n"},
  };
  assert_int_equal(sizeof expected / sizeof expected[0], SSDA903_TABLE_COUNT);
  for (size_t i = 0; i < SSDA903_TABLE_COUNT; i++) {
    assert_string_equal(ssda903_tables[i].name, expected[i][0]);
    assert_non_null(strstr(ssda903_table_names(), expected[i][0]));
    loaded result = load_table(two_children, expected[i][0]);
    assert_string_equal(result.warnings, "");
    expect_table(&result, expected[i][1]);
  }
}

/* A child's oc3 row exists when any one of its three fields holds a value, so that the
 * checks can count a blank IN_TOUCH beside a coded ACTIV. */
static void test_oc3_rows_of_children_with_care_leaver_fields(void **state) {
  (void)state;
  loaded result = load_table("<EXPSSDA903>"
                             "<CHILD><HEADER><CHILDID>a</CHILDID><ACTIV>F1</ACTIV></HEADER></CHILD>"
                             "<CHILD><HEADER><CHILDID>b</CHILDID><IN_TOUCH /></HEADER></CHILD>"
                             "<CHILD><HEADER><CHILDID>c</CHILDID></HEADER></CHILD>"
                             "<CHILD><HEADER><ACCOM>0</ACCOM></HEADER></CHILD>"
                             "<CHILD />"
                             "</EXPSSDA903>",
                             "oc3");
  expect_table(&result, "CHILD:text DOB:date IN_TOUCH:text ACTIV:text ACCOM:text\n"
                        "'a' - - 'F1' - @1\n"
                        "- - - - '0' @1\n");
}

static void test_empty_return(void **state) {
  (void)state;
  loaded result = load_table("<EXPSSDA903/>", "header");
  expect_table(&result,
               "CHILD:text SEX:text DOB:date ETHNIC:text UPN:text MOTHER:text MC_DOB:date "
               "UASC:text\n");
}

/* Encodings expat reads, and Windows-1252, which Windows systems' exports declare. */
static void test_encodings(void **state) {
  (void)state;
  static const char latin1[] =
      "<?xml version='1.0' encoding='ISO-8859-1'?><EXPSSDA903><CHILD><HEADER>"
      "<CHILDID>Z\xe9</CHILDID></HEADER></CHILD></EXPSSDA903>";
  static const char windows[] =
      "<?xml version='1.0' encoding='windows-1252'?><EXPSSDA903><CHILD><HEADER>"
      "<CHILDID>\x80\xe9</CHILDID></HEADER></CHILD></EXPSSDA903>";
  loaded result = load_table(latin1, "header");
  assert_non_null(strstr(result.table, "'Z\xc3\xa9'"));
  result = load_table(windows, "header");
  assert_non_null(strstr(result.table, "'\xe2\x82\xac\xc3\xa9'"));
  /* UTF-16, little-endian after its byte order mark */
  static const char ascii[] = "<EXPSSDA903><CHILD><HEADER><CHILDID>Z\xe9</CHILDID></HEADER>"
                              "</CHILD></EXPSSDA903>";
  char utf16[2 * sizeof ascii + 2] = {'\xff', '\xfe'};
  for (size_t i = 0; i + 1 < sizeof ascii; i++) utf16[2 + 2 * i] = ascii[i];
  result = load_with(utf16, 2 * (sizeof ascii - 1) + 2, &plain, "table", "header", NULL);
  assert_string_equal(result.errors, "");
  assert_non_null(strstr(result.table, "'Z\xc3\xa9'"));
  result = load_table("<?xml version='1.0' encoding='windows-1252'?><EXPSSDA903><CHILD><HEADER>"
                      "<CHILDID>\x81</CHILDID></HEADER></CHILD></EXPSSDA903>",
                      "header");
  expect_error(&result, "1:82: not well-formed XML (not well-formed (invalid token)): a "
                        "character here is not allowed, or not in the encoding the file "
                        "declares; export the return again, or save it as UTF-8");
  result = load_table("<?xml version='1.0' encoding='EBCDIC-XYZ'?><EXPSSDA903/>", "header");
  expect_error(&result, "1:31: the file declares an encoding sustain does not read (it reads "
                        "UTF-8, UTF-16, ISO-8859-1, US-ASCII and Windows-1252): save the file "
                        "as UTF-8");
}

/* }====================================================== */

/* ** {======================================================
** The authority column
** ======================================================= */

static void test_authority_from_la(void **state) {
  (void)state;
  static const char xml[] = "<EXPSSDA903><CHILD><HEADER><CHILDID>a</CHILDID><IN_TOUCH>NO"
                            "</IN_TOUCH></HEADER></CHILD></EXPSSDA903>";
  const load_options with_column = {.authority_column = "authority"};
  loaded result = load_with(xml, strlen(xml), &with_column, "table", "oc3", "la", "935", NULL);
  expect_table(&result, "authority:text CHILD:text DOB:date IN_TOUCH:text ACTIV:text "
                        "ACCOM:text\n'935' 'a' - 'NO' - - @1\n");
  /* la alone: a column named la, which a config of several authorities then names */
  result = load_with(xml, strlen(xml), &plain, "table", "oc3", "la", "eastmere", NULL);
  expect_table(&result, "la:text CHILD:text DOB:date IN_TOUCH:text ACTIV:text ACCOM:text\n"
                        "'eastmere' 'a' - 'NO' - - @1\n");
  /* a host before ABI 1.5 tells no authority column: la names it */
  const load_options old = {.older_host = 1, .host_minor = 4};
  result = load_with(xml, strlen(xml), &old, "table", "oc3", "la", "935", NULL);
  expect_table(&result, "la:text CHILD:text DOB:date IN_TOUCH:text ACTIV:text ACCOM:text\n"
                        "'935' 'a' - 'NO' - - @1\n");
}

static void test_authority_column_needs_la(void **state) {
  (void)state;
  const load_options with_column = {.authority_column = "la"};
  loaded result = load_with("<EXPSSDA903/>", 13, &with_column, "table", "oc3", NULL);
  expect_option_error(&result, "authority_column = la, but an SSDA903 file does not say whose "
                               "return it is: add la = the ID of the [authority] it is from");
  const load_options clash = {.authority_column = "DOB"};
  result = load_with("<EXPSSDA903/>", 13, &clash, "table", "oc3", "la", "x", NULL);
  expect_option_error(&result, "the authority column DOB has the name of a column of table "
                               "oc3: name it otherwise, e.g. authority_column = la");
}

static void test_unknown_table(void **state) {
  (void)state;
  loaded result = load_table("<EXPSSDA903/>", "OC3");
  expect_option_error(&result, "option table: \"OC3\" is not a part of the return sustain "
                               "reads: use one of header, episodes, reviews, uasc, oc2, oc3, "
                               "ad1, placed_adoption, previous_permanence, missing");
}

/* }====================================================== */

/* ** {======================================================
** Hosts
** ======================================================= */

/* A host before ABI 1.4 takes rows cell by cell; one before 1.5 takes no warning. */
static void test_older_hosts(void **state) {
  (void)state;
  static const char xml[] = "<EXPSSDA903><CHILD><HEADER><CHILDID>a</CHILDID><ACTIV>F1</ACTIV>"
                            "<COLOUR>red</COLOUR></HEADER></CHILD></EXPSSDA903>";
  const char *expected = "CHILD:text DOB:date IN_TOUCH:text ACTIV:text ACCOM:text\n"
                         "'a' - - 'F1' - @1\n";
  for (uint32_t minor = 0; minor <= SUSTAIN_PLUGIN_ABI_MINOR; minor++) {
    const load_options how = {.older_host = 1, .host_minor = minor};
    loaded result = load_with(xml, strlen(xml), &how, "table", "oc3", NULL);
    expect_table(&result, expected);
    assert_int_equal(result.warnings[0] != 0, minor >= SUSTAIN_HOST_SINCE_warning);
  }
}

/* A host that refuses a row, or asks to stop, stops the reading at once. */
static void test_host_stops_reading(void **state) {
  (void)state;
  static const char xml[] = "<EXPSSDA903><CHILD><HEADER><CHILDID>a</CHILDID></HEADER></CHILD>"
                            "<CHILD><HEADER><CHILDID>b</CHILDID></HEADER></CHILD>"
                            "<CHILD><HEADER><CHILDID>c</CHILDID></HEADER></CHILD></EXPSSDA903>";
  const load_options refuse = {.refuse_after_rows = 1};
  loaded result = load_with(xml, strlen(xml), &refuse, "table", "header", NULL);
  assert_int_not_equal(result.status, 0);
  assert_false(result.protocol_broken);
  assert_string_equal(result.errors, "-:1:0: host refused the row\n");
  const load_options stop = {.ask_to_stop = 1};
  result = load_with(xml, strlen(xml), &stop, "table", "header", NULL);
  assert_int_not_equal(result.status, 0);
  assert_false(result.protocol_broken);
  assert_null(strchr(result.table, '\''));
}

/* }====================================================== */

/* ** {======================================================
** Errors and warnings
** ======================================================= */

/* Each error at its place, in words that quote nothing of the file's values. */
static void test_errors_are_located_and_quote_no_value(void **state) {
  (void)state;
  static const char *const cases[][3] = {
      {"<EXPSSDA903>\n<CHILD><HEADER><CHILDID>SECRET1</CHILDID></CHILD>\n</EXPSSDA903>", "oc3",
       "2:44: not well-formed XML (mismatched tag): the file may be cut short or edited by "
       "hand; export the return again from the case-management system"},
      {"<EXPSSDA903>\n<CHILD><HEADER>\n  <DOB>31/02/2001</DOB></HEADER></CHILD></EXPSSDA903>",
       "oc3",
       "3:3: DOB is not a date: write it DD/MM/YYYY, as in 31/03/2024, with a day that exists "
       "(the value is not shown: it may be personal data)"},
      {"<EXPSSDA903><CHILD><HEADER><DOB>SECRET1</DOB></HEADER></CHILD></EXPSSDA903>", "header",
       "1:28: DOB is not a date: write it DD/MM/YYYY, as in 31/03/2024, with a day that exists "
       "(the value is not shown: it may be personal data)"},
      {"<EXPSSDA903><CHILD><EPISODE><DECOM>2017/01/06</DECOM></EPISODE></CHILD></EXPSSDA903>",
       "episodes",
       "1:29: DECOM is not a date: write it DD/MM/YYYY, as in 31/03/2024, with a day that "
       "exists (the value is not shown: it may be personal data)"},
      {"<EXPSSDA903><CHILD><HEADER><CHILDID>SECRET1</CHILDID><CHILDID>SECRET2</CHILDID>"
       "</HEADER></CHILD></EXPSSDA903>",
       "oc3",
       "1:54: CHILDID appears a second time in this HEADER, where the return has it once: "
       "remove one, or give each its own HEADER"},
      {"<EXPSSDA903><CHILD><HEADER/><HEADER/></CHILD></EXPSSDA903>", "oc3",
       "1:29: a second HEADER in this CHILD, where the return has one: give each child a "
       "CHILD element of its own"},
      {"<EXPSSDA903><CHILD><HEADER>SECRET1<DOB/></HEADER></CHILD></EXPSSDA903>", "oc3",
       "1:28: text stands directly in HEADER, outside any field: a value belongs in its "
       "field's element; check the export (the text is not shown: it may be personal data)"},
      {"<EXPSSDA903><CHILD><HEADER><ACTIV>F<b>1</b></ACTIV></HEADER></CHILD></EXPSSDA903>",
       "oc3",
       "1:36: ACTIV holds an element, where a field of the return holds only text: check the "
       "export's layout"},
      {"<!DOCTYPE EXPSSDA903 [<!ENTITY a 'SECRET1'>]><EXPSSDA903/>", "oc3",
       "1:22: the file declares a document type (<!DOCTYPE ...>), which an SSDA903 export does "
       "not: sustain reads none, so that no file can make it fetch or expand anything; remove "
       "the declaration, or export the return again"},
      {"", "oc3",
       "1:1: the file ends before its first element is closed, or holds none: it may be empty "
       "or cut short; export the return again"},
      {"<EXPSSDA903><CHILD><HEADER><CHILDID>SECRET1", "oc3",
       "1:44: the file ends before its first element is closed, or holds none: it may be "
       "empty or cut short; export the return again"},
      {"<EXPSSDA903><CHILD><HEADER><CHILDID>SECRET1</CHI", "oc3",
       "1:44: not well-formed XML (unclosed token): the file may be cut short or edited by "
       "hand; export the return again from the case-management system"},
      {"<EXPSSDA903>\n<CHILD>\n</CHILD>\n</EXPSSDA903>\n<CHILD/>", "oc3",
       "5:1: not well-formed XML (junk after document element): the file may be cut short or "
       "edited by hand; export the return again from the case-management system"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    loaded result = load_table(cases[i][0], cases[i][1]);
    expect_error(&result, cases[i][2]);
    assert_null(strstr(result.errors, "SECRET"));
  }
}

/* A value longer than any field of the return is refused, at its field. */
static void test_value_too_long(void **state) {
  (void)state;
  char xml[SSDA903_VALUE_MAX + 200];
  int length = snprintf(xml, sizeof xml, "<EXPSSDA903><CHILD><HEADER><UPN>%*s</UPN></HEADER>"
                        "</CHILD></EXPSSDA903>", SSDA903_VALUE_MAX + 1, "x");
  loaded result = load_with(xml, (size_t)length, &plain, "table", "header", NULL);
  expect_error(&result, "1:28: UPN holds more than 1024 bytes, more than any field of the "
                        "return: the file may not be an SSDA903 export, or may be damaged (the "
                        "value is not shown: it may be personal data)");
  /* a field the table does not read is not held, so not refused */
  result = load_with(xml, (size_t)length, &plain, "table", "oc3", NULL);
  expect_table(&result, "CHILD:text DOB:date IN_TOUCH:text ACTIV:text ACCOM:text\n");
}

/* Only what the table reads is checked: a bad episode date does not stop oc3. */
static void test_fields_the_table_does_not_read(void **state) {
  (void)state;
  static const char xml[] = "<EXPSSDA903><CHILD><HEADER><CHILDID>a</CHILDID><IN_TOUCH>YES"
                            "</IN_TOUCH></HEADER><EPISODE><DECOM>99/99/9999</DECOM><DECOM/>"
                            "</EPISODE></CHILD></EXPSSDA903>";
  loaded result = load_table(xml, "oc3");
  expect_table(&result, "CHILD:text DOB:date IN_TOUCH:text ACTIV:text ACCOM:text\n"
                        "'a' - 'YES' - - @1\n");
  result = load_table(xml, "episodes");
  assert_non_null(strstr(result.errors, ":1:90: DECOM is not a date"));
}

static void test_unknown_elements_warn_once(void **state) {
  (void)state;
  static const char xml[] =
      "<Return>\n"
      "<CHILD><HEADER><CHILDID>a</CHILDID><IN_TOUCH>YES</IN_TOUCH><COLOUR>SECRET1</COLOUR>"
      "<EPISODE><DECOM/></EPISODE></HEADER><NOTE><DOB>SECRET2</DOB></NOTE></CHILD>\n"
      "<CHILD><HEADER><COLOUR>x</COLOUR><OC2><COLOUR/></OC2><x\xc3\xa9/></HEADER></CHILD>\n"
      "<LA>935</LA>\n"
      "</Return>";
  loaded result = load_table(xml, "oc3");
  expect_table(&result, "CHILD:text DOB:date IN_TOUCH:text ACTIV:text ACCOM:text\n"
                        "'a' - 'YES' - - @2\n");
  test_log expected = {0};
  const char *p = xml_path;
  const char *tail = ", with what it holds (later ones like it are skipped without a word); if "
                     "it holds data the rules need, check the export's layout\n";
  test_log_printf(&expected,
           "%s:1:1: the root element is Return, where an SSDA903 export has EXPSSDA903: its "
           "CHILD elements are read all the same; check that this is the return\n"
           "%s:2:60: element COLOUR in HEADER is not part of the SSDA903 layout sustain reads: "
           "it is skipped%s"
           "%s:2:84: element EPISODE in HEADER is not part of the SSDA903 layout sustain reads: "
           "it is skipped%s"
           "%s:2:120: element NOTE in CHILD is not part of the SSDA903 layout sustain reads: it "
           "is skipped%s"
           "%s:3:39: element COLOUR in OC2 is not part of the SSDA903 layout sustain reads: it "
           "is skipped%s"
           "%s:3:54: element (a name not shown) in HEADER is not part of the SSDA903 layout "
           "sustain reads: it is skipped%s"
           "%s:4:1: element LA in the root element is not part of the SSDA903 layout sustain "
           "reads: it is skipped%s",
           p, p, tail, p, tail, p, tail, p, tail, p, tail, p, tail);
  assert_string_equal(result.warnings, expected.text);
  test_log_free(&expected);
}

/* Past READER's limit of distinct warnings, one more says the rest go unreported. */
static void test_many_unknown_elements(void **state) {
  (void)state;
  char xml[4096] = "<EXPSSDA903>";
  for (int i = 0; i < 30; i++) {
    size_t used = strlen(xml);
    snprintf(xml + used, sizeof xml - used, "<X%d/>", i);
  }
  strcat(xml, "</EXPSSDA903>");
  loaded result = load_table(xml, "oc3");
  expect_table(&result, "CHILD:text DOB:date IN_TOUCH:text ACTIV:text ACCOM:text\n");
  size_t lines = 0;
  for (const char *c = result.warnings; *c; c++) lines += *c == '\n';
  assert_int_equal(lines, 17);
  assert_non_null(strstr(result.warnings, "more elements that are not part of the SSDA903 "
                                          "layout are skipped, without a warning for each\n"));
}

static void test_child_limits(void **state) {
  (void)state;
  size_t capacity = (SSDA903_CHILD_MAX_ROWS + 2) * 32 + 100;
  char *xml = malloc(capacity);
  assert_non_null(xml);
  size_t length = (size_t)snprintf(xml, capacity, "<EXPSSDA903>\n<CHILD>");
  for (int i = 0; i <= SSDA903_CHILD_MAX_ROWS; i++)
    length += (size_t)snprintf(xml + length, capacity - length, "<EPISODE><RNE>P</RNE></EPISODE>");
  length += (size_t)snprintf(xml + length, capacity - length, "</CHILD></EXPSSDA903>");
  loaded result = load_with(xml, length, &plain, "table", "episodes", NULL);
  expect_error(&result, "2:0: this CHILD holds more than 10000 EPISODE elements, far more than "
                        "one child's return: each child needs a CHILD element of its own; "
                        "check the export");
  result = load_with(xml, length, &plain, "table", "oc3", NULL);
  assert_int_equal(result.status, 0);
  free(xml);
}

/* }====================================================== */

/* ** {======================================================
** The reader and dates on their own
** ======================================================= */

typedef struct recorded {
  char text[8192];
  size_t length;
} recorded;

static int record_rows(void *context, const sustain_cell *cells, size_t row_count,
                       const long *lines) {
  recorded *r = context;
  for (size_t i = 0; i < row_count; i++) {
    r->length += (size_t)snprintf(r->text + r->length, sizeof r->text - r->length, "@%ld", lines[i]);
    for (size_t c = 0; c < 5; c++)
      r->length += (size_t)snprintf(r->text + r->length, sizeof r->text - r->length, " %.*s",
                                    (int)cells[i * 5 + c].length, cells[i * 5 + c].text);
    r->length += (size_t)snprintf(r->text + r->length, sizeof r->text - r->length, "\n");
  }
  return 0;
}

static void record_message(void *context, int is_error, long line, long column,
                           const char *text) {
  recorded *r = context;
  r->length += (size_t)snprintf(r->text + r->length, sizeof r->text - r->length, "%c%ld:%ld %s\n",
                                is_error ? 'E' : 'W', line, column, text);
}

static void read_in_pieces(const char *xml, size_t piece, recorded *out) {
  ssda903_sink sink = {out, record_rows, record_message};
  ssda903_reader *reader = ssda903_reader_new(ssda903_table_named("oc3"), &sink);
  assert_non_null(reader);
  size_t length = strlen(xml);
  for (size_t at = 0; at < length; at += piece)
    if (ssda903_reader_feed(reader, xml + at, length - at < piece ? length - at : piece, 0) != 0)
      break;
  ssda903_reader_feed(reader, NULL, 0, 1);
  ssda903_reader_free(reader);
}

/* Rows, warnings and errors do not depend on where the file's pieces are cut. */
static void test_pieces_read_as_whole(void **state) {
  (void)state;
  const char *inputs[] = {two_children,
                          "<EXPSSDA903><CHILD><HEADER><IN_TOUCH>NO</IN_TOUCH><X/><DOB>"
                          "30/02/2000</DOB></HEADER></CHILD></EXPSSDA903>"};
  for (size_t i = 0; i < 2; i++) {
    recorded whole = {0}, bytes = {0}, sevens = {0};
    read_in_pieces(inputs[i], strlen(inputs[i]), &whole);
    read_in_pieces(inputs[i], 1, &bytes);
    read_in_pieces(inputs[i], 7, &sevens);
    assert_true(whole.length > 0);
    assert_string_equal(whole.text, bytes.text);
    assert_string_equal(whole.text, sevens.text);
  }
}

static void test_dates(void **state) {
  (void)state;
  static const char *const good[][2] = {{"31/03/2024", "2024-03-31"},
                                        {"29/02/2024", "2024-02-29"},
                                        {"29/02/2000", "2000-02-29"},
                                        {"2024-03-31", "2024-03-31"},
                                        {"01/01/0001", "0001-01-01"}};
  static const char *const bad[] = {"29/02/2023", "29/02/1900", "31/04/2024", "00/01/2024",
                                    "01/13/2024", "1/1/2024",   "01-01-2024", "2024/03/31",
                                    "31/03/24",   "3a/03/2024", "",           "31/03/2024 ",
                                    "00/00/0000", "zz/03/2015"};
  char iso[SSDA903_ISO_DATE_SIZE];
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    assert_int_equal(ssda903_date_to_iso(good[i][0], strlen(good[i][0]), iso), 0);
    assert_string_equal(iso, good[i][1]);
  }
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_int_equal(ssda903_date_to_iso(bad[i], strlen(bad[i]), iso), -1);
}

/* }====================================================== */

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_every_table, setup, teardown),
      cmocka_unit_test_setup_teardown(test_oc3_rows_of_children_with_care_leaver_fields, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_empty_return, setup, teardown),
      cmocka_unit_test_setup_teardown(test_encodings, setup, teardown),
      cmocka_unit_test_setup_teardown(test_authority_from_la, setup, teardown),
      cmocka_unit_test_setup_teardown(test_authority_column_needs_la, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unknown_table, setup, teardown),
      cmocka_unit_test_setup_teardown(test_older_hosts, setup, teardown),
      cmocka_unit_test_setup_teardown(test_host_stops_reading, setup, teardown),
      cmocka_unit_test_setup_teardown(test_errors_are_located_and_quote_no_value, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_value_too_long, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fields_the_table_does_not_read, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unknown_elements_warn_once, setup, teardown),
      cmocka_unit_test_setup_teardown(test_many_unknown_elements, setup, teardown),
      cmocka_unit_test_setup_teardown(test_child_limits, setup, teardown),
      cmocka_unit_test(test_pieces_read_as_whole),
      cmocka_unit_test(test_dates),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
