/* test_xlsx_source.c: the xlsx plugin against workbooks each test writes part by part
 * with libzip, as Excel lays them out, its load run through the recording host of
 * tests/fake_host.c. Covers every kind of cell, both date systems, merged and empty
 * cells, the options, and every malformed workbook the plugin must refuse. */
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

#include <zip.h>

#include "fake_host.h"
#include "xlsx_book.h"
#include "xlsx_cell.h"

/* The plugin under test, compiled into this program instead of dlopen'd. */
extern const sustain_plugin_descriptor sustain_plugin;

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

/* A workbook of two sheets, Data and Notes; date1904 is spliced in where %s is. */
#define WORKBOOK_XML(pr)                                                                \
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"                        \
  "<workbook " NS "><workbookPr" pr "/><sheets>"                                         \
  "<sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/>"                                   \
  "<sheet name=\"Notes\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>"

static const char rels_xml[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId2\" Type=\"worksheet\" Target=\"worksheets/sheet2.xml\"/>"
    "<Relationship Id=\"rId1\" Type=\"worksheet\" Target=\"/xl/worksheets/sheet1.xml\"/>"
    "</Relationships>";

/* Styles: 0 General, 1 a built-in date (14), 2 a custom date (dd/mm/yyyy), 3 a custom
 * number that is no date although it holds a d ("days" quoted), 4 date and time (22). */
static const char styles_xml[] =
    "<styleSheet " NS "><numFmts count=\"2\">"
    "<numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"0.00&quot; days&quot;\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
    "<xf numFmtId=\"165\"/><xf numFmtId=\"22\"/></cellXfs></styleSheet>";

/* 0 la, 1 DOB, 2 eastmere, 3 Westbrook in two runs with a phonetic guide, 4 Contact */
static const char strings_xml[] =
    "<sst " NS " count=\"5\" uniqueCount=\"5\"><si><t>la</t></si><si><t>DOB</t></si>"
    "<si><t>eastmere</t></si>"
    "<si><r><t>West</t></r><r><rPr><b/></rPr><t>brook</t></r><rPh sb=\"0\" eb=\"1\"><t>ウ</t></rPh></si>"
    "<si><t>Contact</t></si></sst>";

#define SHEET(rows, tail) \
  "<?xml version=\"1.0\"?><worksheet " NS "><sheetData>" rows "</sheetData>" tail "</worksheet>"

/* Every kind of cell, below an empty first row, with a header merged over two columns,
 * a name merged down two rows, a formatted but empty column J and empty rows at the end. */
static const char every_kind_sheet[] = SHEET(
    "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>0</v></c><c r=\"C2\" t=\"inlineStr\"><is><t>CHILD</t></is></c>"
    "<c r=\"D2\" t=\"s\"><v>1</v></c><c r=\"E2\" t=\"inlineStr\"><is><t>n</t></is></c>"
    "<c r=\"F2\" t=\"inlineStr\"><is><t>ok</t></is></c><c r=\"G2\" t=\"s\"><v>4</v></c>"
    "<c r=\"H2\"/><c r=\"I2\" t=\"inlineStr\"><is><t>calc</t></is></c><c r=\"J2\" s=\"2\"/></row>"
    "<row r=\"3\"><c r=\"B3\" t=\"s\"><v>2</v></c><c r=\"C3\" t=\"inlineStr\"><is><t>C001</t></is></c>"
    "<c r=\"D3\" s=\"1\"><v>38777</v></c><c r=\"E3\"><v>3</v></c><c r=\"F3\" t=\"b\"><v>1</v></c>"
    "<c r=\"G3\" t=\"inlineStr\"><is><t>a</t></is></c><c r=\"H3\" t=\"inlineStr\"><is><t>b</t></is></c>"
    "<c r=\"I3\"><f>E3*2</f><v>6</v></c><c r=\"J3\" s=\"2\"/></row>"
    "<row r=\"4\"><c r=\"B4\" t=\"s\"><v>3</v></c>"
    "<c r=\"C4\" t=\"inlineStr\"><is><r><t>C0</t></r><r><t xml:space=\"preserve\">02</t></r></is></c>"
    "<c r=\"D4\" s=\"2\"><v>61</v></c><c r=\"E4\"><v>0.85</v></c><c r=\"F4\" t=\"b\"><v>0</v></c>"
    "<c r=\"G4\" t=\"e\"><v>#N/A</v></c><c r=\"I4\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c></row>"
    "<row r=\"5\"><c r=\"B5\" t=\"inlineStr\"><is><t>southfield</t></is></c>"
    "<c r=\"C5\" t=\"inlineStr\"><is><t>C003</t></is></c><c r=\"D5\" s=\"4\"><v>59.75</v></c>"
    "<c r=\"E5\"><v>1E-3</v></c><c r=\"F5\" t=\"str\"><f>IF(E5&gt;0,\"yes\",\"no\")</f><v>yes</v></c>"
    "<c r=\"I5\"><f>SUM(E3:E5)</f></c></row>"
    "<row r=\"6\"><c r=\"C6\" t=\"inlineStr\"><is><t>C004</t></is></c>"
    "<c r=\"D6\" t=\"d\"><v>2001-02-03T00:00:00</v></c><c r=\"E6\" s=\"3\"><v>42</v></c></row>"
    "<row r=\"7\" s=\"1\" customFormat=\"1\"/><row r=\"8\"><c r=\"B8\" s=\"1\"/><c r=\"C8\" s=\"2\"/></row>",
    "<mergeCells count=\"2\"><mergeCell ref=\"G2:H2\"/><mergeCell ref=\"B5:B6\"/></mergeCells>");

static const char notes_sheet[] =
    SHEET("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>note</t></is></c></row>"
          "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>kept in a second sheet</t></is></c></row>", "");

/* One scratch folder per test, and the workbook's path in it. */
typedef struct fixture {
  char dir[1024];
  char path[1200];
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  if (!f) return -1;
  const char *tmp = getenv("TMPDIR");
  snprintf(f->dir, sizeof f->dir, "%s/sustain-xlsx-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(f->dir)) return -1;
  snprintf(f->path, sizeof f->path, "%s/book.xlsx", f->dir);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  remove(f->path);
  int status = rmdir(f->dir);
  free(f);
  return status;
}

/* Writes the fixture's workbook from name, text pairs ending in NULL; a NULL text
 * leaves the part out. Parts are deflated, as Excel writes them. */
static void write_parts(const fixture *f, const char *const *parts) {
  int error = 0;
  zip_t *archive = zip_open(f->path, ZIP_CREATE | ZIP_TRUNCATE, &error);
  assert_non_null(archive);
  for (size_t i = 0; parts[i]; i += 2) {
    if (!parts[i + 1]) continue;
    zip_source_t *source = zip_source_buffer(archive, parts[i + 1], strlen(parts[i + 1]), 0);
    assert_non_null(source);
    assert_true(zip_file_add(archive, parts[i], source, ZIP_FL_OVERWRITE) >= 0);
  }
  assert_int_equal(zip_close(archive), 0);
}

/* Writes a workbook of the usual parts with the given first sheet and date system. */
static void write_workbook(const fixture *f, const char *sheet, int date1904) {
  const char *parts[] = {"xl/workbook.xml",
                         date1904 ? WORKBOOK_XML(" date1904=\"1\"") : WORKBOOK_XML(""),
                         "xl/_rels/workbook.xml.rels", rels_xml,
                         "xl/styles.xml", styles_xml,
                         "xl/sharedStrings.xml", strings_xml,
                         "xl/worksheets/sheet1.xml", sheet,
                         "xl/worksheets/sheet2.xml", notes_sheet,
                         NULL};
  write_parts(f, parts);
}

/* What one load did: status, table, errors and warnings, each as the host recorded it. */
typedef struct outcome {
  int status;
  char *table, *errors, *warnings;
} outcome;

/* Loads the fixture's workbook with name, value pairs of options ending in NULL. */
static outcome load(const fixture *f, ...) {
  sustain_source source = {.plugin = &sustain_plugin};
  fake_source_option(&source, "path", f->path);
  va_list args;
  va_start(args, f);
  const char *name;
  while ((name = va_arg(args, const char *)) != NULL)
    fake_source_option(&source, name, va_arg(args, const char *));
  va_end(args);
  sustain_host host = fake_host(SUSTAIN_PLUGIN_ABI_MINOR);
  outcome result = {.status = sustain_plugin.load(&host, &source)};
  assert_int_equal(source.protocol_violations, 0);
  result.table = strdup(fake_table(&source));
  result.errors = strdup(source.error_text.text ? source.error_text.text : "");
  result.warnings = strdup(source.warning_text.text ? source.warning_text.text : "");
  fake_source_free(&source);
  return result;
}

static void outcome_free(outcome *result) {
  free(result->table);
  free(result->errors);
  free(result->warnings);
}

static void expect_table(outcome *result, const char *table) {
  if (result->errors[0]) fail_msg("unexpected errors:\n%s", result->errors);
  assert_int_equal(result->status, 0);
  assert_string_equal(result->table, table);
}

/* A failed load whose one error is exactly text. */
static void expect_error(outcome *result, const char *text) {
  assert_int_not_equal(result->status, 0);
  assert_string_equal(result->errors, text);
  outcome_free(result);
}

/* ** {======================================================
** Cells
** ======================================================= */

#define EVERY_KIND_COLUMNS \
  "la:infer CHILD:infer DOB:infer n:infer ok:infer Contact:infer Contact (2):infer calc:infer\n"

static void test_every_kind_of_cell(void **state) {
  const fixture *f = *state;
  write_workbook(f, every_kind_sheet, 0);
  outcome result = load(f, NULL);
  expect_table(&result, EVERY_KIND_COLUMNS
               "'eastmere' 'C001' '2006-03-01' '3' 'TRUE' 'a' 'b' '6' @3\n"
               "'Westbrook' 'C002' '1900-03-01' '0.85' 'FALSE' - - - @4\n"
               "'southfield' 'C003' '1900-02-28' '1E-3' 'yes' - - - @5\n"
               "'southfield' 'C004' '2001-02-03' '42' - - - - @6\n");
  char expected[8192];
  snprintf(expected, sizeof expected,
           "%1$s!Data!G4:0:0: the cell holds the error #N/A, read as a missing value; correct "
           "the formula or the data it uses, if the value is needed\n"
           "%1$s!Data!I4:0:0: the cell holds the error #DIV/0!, read as a missing value; "
           "correct the formula or the data it uses, if the value is needed\n"
           "%1$s!Data!I5:0:0: the cell's formula has no saved result (the program that saved "
           "the workbook did not calculate it), read as a missing value; open the workbook in "
           "Excel or LibreOffice and save it again\n",
           f->path);
  assert_string_equal(result.warnings, expected);
  outcome_free(&result);
}

static void test_1904_date_system(void **state) {
  const fixture *f = *state;
  write_workbook(f, every_kind_sheet, 1);
  outcome result = load(f, NULL);
  expect_table(&result, EVERY_KIND_COLUMNS
               "'eastmere' 'C001' '2010-03-02' '3' 'TRUE' 'a' 'b' '6' @3\n"
               "'Westbrook' 'C002' '1904-03-02' '0.85' 'FALSE' - - - @4\n"
               "'southfield' 'C003' '1904-02-29' '1E-3' 'yes' - - - @5\n"
               "'southfield' 'C004' '2001-02-03' '42' - - - - @6\n");
  outcome_free(&result);
}

static void test_declared_types(void **state) {
  const fixture *f = *state;
  write_workbook(f, every_kind_sheet, 0);
  outcome result = load(f, "types", "DOB:date, CHILD:text, n:number, calc:number", NULL);
  expect_table(&result,
               "la:infer CHILD:text DOB:date n:number ok:infer Contact:infer Contact (2):infer "
               "calc:number\n"
               "'eastmere' 'C001' '2006-03-01' '3' 'TRUE' 'a' 'b' '6' @3\n"
               "'Westbrook' 'C002' '1900-03-01' '0.85' 'FALSE' - - - @4\n"
               "'southfield' 'C003' '1900-02-28' '1E-3' 'yes' - - - @5\n"
               "'southfield' 'C004' '2001-02-03' '42' - - - - @6\n");
  outcome_free(&result);
}

/* A column declared a date takes numbers Excel shows plainly as dates too; one declared
 * numbers keeps the number of a cell shown as a date. */
static const char dates_sheet[] = SHEET(
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c><c r=\"B1\" t=\"inlineStr\"><is><t>days</t></is></c></row>"
    "<row r=\"2\"><c r=\"A2\"><v>38777</v></c><c r=\"B2\" s=\"1\"><v>45000</v></c></row>"
    "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>2024-03-31</t></is></c></row>"
    "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>31/03/2024</t></is></c></row>", "");

static void test_dates_by_type_or_format(void **state) {
  const fixture *f = *state;
  write_workbook(f, dates_sheet, 0);
  outcome result = load(f, NULL);
  expect_table(&result, "DOB:infer days:infer\n'38777' '2023-03-15' @2\n'2024-03-31' - @3\n"
                        "'31/03/2024' - @4\n");
  outcome_free(&result);
  result = load(f, "types", "DOB:date, days:number", NULL);
  expect_table(&result, "DOB:date days:number\n'2006-03-01' '45000' @2\n'2024-03-31' - @3\n"
                        "'31/03/2024' - @4\n");
  outcome_free(&result);
}

static void test_phantom_leap_day(void **state) {
  const fixture *f = *state;
  write_workbook(f, SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c></row>"
                          "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>60</v></c></row>", ""), 0);
  outcome result = load(f, NULL);
  char expected[8192];
  snprintf(expected, sizeof expected, "%s!Data!A2:0:0: the cell holds 29 February 1900, a day "
           "Excel counts but the calendar never had; correct the date\n", f->path);
  expect_error(&result, expected);
  /* in the 1904 system the same serial is a day like any other */
  write_workbook(f, SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c></row>"
                          "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>60</v></c></row>", ""), 1);
  result = load(f, NULL);
  expect_table(&result, "DOB:infer\n'1904-03-01' @2\n");
  outcome_free(&result);
}

static void test_serials_and_references(void **state) {
  (void)state;
  char date[XLSX_DATE_SIZE];
  assert_int_equal(xlsx_serial_date(1, 0, date), 0);
  assert_string_equal(date, "1900-01-01");
  assert_int_equal(xlsx_serial_date(59.999, 0, date), 0);
  assert_string_equal(date, "1900-02-28");
  assert_int_equal(xlsx_serial_date(2958465, 0, date), 0);
  assert_string_equal(date, "9999-12-31");
  assert_int_equal(xlsx_serial_date(0, 1, date), 0);
  assert_string_equal(date, "1904-01-01");
  assert_int_equal(xlsx_serial_date(60, 0, date), -1);
  assert_int_equal(xlsx_serial_date(0, 0, date), -1);
  assert_int_equal(xlsx_serial_date(-1, 1, date), -1);
  assert_int_equal(xlsx_serial_date(2958466, 0, date), -1);
  unsigned long row, column;
  assert_int_equal(xlsx_ref_parse("$XFD$1048576", &row, &column, NULL), 0);
  assert_int_equal(row, 1048576);
  assert_int_equal(column, 16384);
  assert_int_equal(xlsx_ref_parse("XFE1", &row, &column, NULL), -1);
  assert_int_equal(xlsx_ref_parse("A1048577", &row, &column, NULL), -1);
  assert_int_equal(xlsx_ref_parse("B0", &row, &column, NULL), -1);
  char ref[XLSX_REF_SIZE];
  xlsx_ref_format(1048576, 16384, ref);
  assert_string_equal(ref, "XFD1048576");
  xlsx_ref_format(7, 28, ref);
  assert_string_equal(ref, "AB7");
  assert_true(xlsx_format_code_is_date("[$-809]dd mmmm yyyy;@"));
  assert_true(xlsx_format_code_is_date("m/d/yy h:mm"));
  assert_false(xlsx_format_code_is_date("0.00\" days\""));
  assert_false(xlsx_format_code_is_date("[Red]#,##0;\\d0"));
  assert_false(xlsx_format_code_is_date("h:mm:ss"));
}

/* }====================================================== */

/* ** {======================================================
** Options and layout
** ======================================================= */

static void test_sheet_option(void **state) {
  const fixture *f = *state;
  write_workbook(f, every_kind_sheet, 0);
  outcome result = load(f, "sheet", "notes", NULL); /* tab names ignore case, as in Excel */
  expect_table(&result, "note:infer\n'kept in a second sheet' @2\n");
  outcome_free(&result);
  result = load(f, "sheet", "Summary", NULL);
  char expected[8192];
  snprintf(expected, sizeof expected, "%s:0:0: the workbook has no sheet 'Summary'; its sheets "
           "are 'Data', 'Notes': set option sheet to one of them\n", f->path);
  expect_error(&result, expected);
}

/* A title merged over the top, the table from row 3, and notes under it after a gap. */
static const char titled_sheet[] = SHEET(
    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Care leavers, March 2024</t></is></c></row>"
    "<row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><t>la</t></is></c>"
    "<c r=\"C3\" t=\"inlineStr\"><is><t>n</t></is></c></row>"
    "<row r=\"4\"><c r=\"B4\" t=\"inlineStr\"><is><t>eastmere</t></is></c><c r=\"C4\"><v>1</v></c></row>"
    "<row r=\"5\"><c r=\"B5\" t=\"inlineStr\"><is><t>westbrook</t></is></c><c r=\"C5\"><v>2</v></c></row>"
    "<row r=\"9\"><c r=\"B9\" t=\"inlineStr\"><is><t>Source: case records</t></is></c>"
    "<c r=\"E9\" t=\"inlineStr\"><is><t>checked</t></is></c></row>",
    "<mergeCells count=\"1\"><mergeCell ref=\"A1:D1\"/></mergeCells>");

static void test_range_and_header_row(void **state) {
  const fixture *f = *state;
  write_workbook(f, titled_sheet, 0);
  outcome result = load(f, "range", "B3:C5", NULL);
  expect_table(&result, "la:infer n:infer\n'eastmere' '1' @4\n'westbrook' '2' @5\n");
  outcome_free(&result);
  /* without a range the note below is a row, and what lies right of the table is warned of */
  result = load(f, "header_row", "3", NULL);
  expect_table(&result, "la:infer n:infer\n'eastmere' '1' @4\n'westbrook' '2' @5\n"
                        "'Source: case records' - @9\n");
  char expected[8192];
  char outside[4096];
  snprintf(outside, sizeof outside, "%s!Data!E9:0:0: the cell has a value but lies right of "
           "the table's columns (B to C, those the header row names), so it is not read; name "
           "its column in the header row, or set header_row or range to say where the table "
           "is\n", f->path);
  assert_string_equal(result.warnings, outside);
  outcome_free(&result);
  /* without options the merged title is passed over, saying so, and row 3 is the header */
  result = load(f, NULL);
  expect_table(&result, "la:infer n:infer\n'eastmere' '1' @4\n'westbrook' '2' @5\n"
                        "'Source: case records' - @9\n");
  snprintf(expected, sizeof expected, "%s!Data!A1:0:0: the row's one value is merged across "
           "columns, so it is taken for a title above the table and not read; set header_row "
           "if this row names the columns\n%s", f->path, outside);
  assert_string_equal(result.warnings, expected);
  outcome_free(&result);
  result = load(f, "header_row", "2", NULL);
  snprintf(expected, sizeof expected, "%s!Data!2:2:0:0: the header row (row 2, as option "
           "header_row says) is empty; give the row that names the columns\n", f->path);
  expect_error(&result, expected);
  result = load(f, "range", "B3:C5", "header_row", "3", NULL);
  expect_error(&result, "-:0:0: options range and header_row are both given; give one: range's "
                        "first row is the header row\n");
  result = load(f, "range", "C5:B3", NULL);
  expect_error(&result, "-:0:0: option range: \"C5:B3\" ends before it starts; write the "
                        "top-left cell first, e.g. B3:F200\n");
  result = load(f, "header_row", "0", NULL);
  expect_error(&result, "-:0:0: option header_row: \"0\" is not a row number; give the number "
                        "Excel shows beside the header row, from 1 to 1048576\n");
}

static void test_header_problems(void **state) {
  const fixture *f = *state;
  char expected[8192];
  write_workbook(f, SHEET("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>la</t></is></c>"
                          "<c r=\"C1\" t=\"inlineStr\"><is><t>n</t></is></c></row>", ""), 0);
  outcome result = load(f, NULL);
  snprintf(expected, sizeof expected, "%s!Data!B1:0:0: the header cell is empty; name the "
           "column, or set range to the cells that hold the table\n", f->path);
  expect_error(&result, expected);
  /* a cell whose text is empty is as empty as one without a value */
  write_workbook(f, SHEET("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>la</t></is></c>"
                          "<c r=\"B1\" t=\"inlineStr\"><is><t></t></is></c>"
                          "<c r=\"C1\" t=\"inlineStr\"><is><t>n</t></is></c></row>", ""), 0);
  result = load(f, NULL);
  snprintf(expected, sizeof expected, "%s!Data!B1:0:0: the header cell is empty; name the "
           "column, or set range to the cells that hold the table\n", f->path);
  expect_error(&result, expected);
  write_workbook(f, SHEET("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>la</t></is></c></row>", ""), 0);
  result = load(f, "types", "LA:text", NULL);
  snprintf(expected, sizeof expected, "%s!Data!1:1:0:0: option types: column \"LA\" is not in "
           "the header row; check its spelling (names are case-sensitive)\n", f->path);
  expect_error(&result, expected);
  write_workbook(f, SHEET("", ""), 0);
  result = load(f, NULL);
  snprintf(expected, sizeof expected, "%s!Data:0:0: the sheet has no cell with a value; choose "
           "the sheet that holds the table with option sheet\n", f->path);
  expect_error(&result, expected);
}

/* A header cell shown as a date names its column by the date (a month's figures, say);
 * elements named c outside <sheetData> are not cells. */
static void test_date_header_and_foreign_elements(void **state) {
  const fixture *f = *state;
  write_workbook(f, "<worksheet " NS "><sheetPr><c r=\"Z99\"/></sheetPr><sheetData>"
                    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" s=\"2\"><v>45383</v></c></row>"
                    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"B2\"><v>5</v></c></row>"
                    "</sheetData><extLst><ext><c r=\"A1\"><v>9</v></c></ext></extLst></worksheet>", 0);
  outcome result = load(f, NULL);
  expect_table(&result, "la:infer 2024-04-01:infer\n'eastmere' '5' @2\n");
  outcome_free(&result);
}

/* A part in UTF-16, as XML allows, reads as one in UTF-8 does. */
static void test_utf16_part(void **state) {
  const fixture *f = *state;
  const char *text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><worksheet><sheetData>"
                     "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\xc3\xa9l\xc3\xa8ve</t></is></c></row>"
                     "<row r=\"2\"><c r=\"A2\"><v>1</v></c></row></sheetData></worksheet>";
  size_t length = strlen(text);
  char *utf16 = calloc(2 * length + 4, 1); /* little-endian with its byte order mark */
  assert_non_null(utf16);
  size_t at = 0;
  utf16[at++] = '\xff';
  utf16[at++] = '\xfe';
  for (size_t i = 0; i < length; i++) {
    unsigned code = (unsigned char)text[i];
    if (code >= 0xc0) { /* the two-byte characters of the text: é and è */
      code = ((code & 0x1f) << 6) | ((unsigned char)text[++i] & 0x3f);
    }
    utf16[at++] = (char)(code & 0xff);
    utf16[at++] = (char)(code >> 8);
  }
  zip_t *archive = zip_open(f->path, ZIP_CREATE | ZIP_TRUNCATE, NULL);
  assert_non_null(archive);
  const char *names[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"};
  const char *texts[] = {WORKBOOK_XML(""), rels_xml};
  for (int i = 0; i < 2; i++)
    assert_true(zip_file_add(archive, names[i],
                             zip_source_buffer(archive, texts[i], strlen(texts[i]), 0), 0) >= 0);
  assert_true(zip_file_add(archive, "xl/worksheets/sheet1.xml",
                           zip_source_buffer(archive, utf16, at, 0), 0) >= 0);
  assert_int_equal(zip_close(archive), 0);
  free(utf16);
  outcome result = load(f, NULL);
  expect_table(&result, "\xc3\xa9l\xc3\xa8ve:infer\n'1' @2\n");
  outcome_free(&result);
}

/* A cell that does not fit its declared type is reported at the cell, never quoted. */
static void test_cell_of_the_wrong_type(void **state) {
  const fixture *f = *state;
  write_workbook(f, every_kind_sheet, 0);
  outcome result = load(f, "types", "CHILD:number", NULL);
  char expected[8192];
  snprintf(expected, sizeof expected, "%s!Data!C3:0:0: the column is declared as numbers in "
           "option types, but this cell is not one (its value is not shown: it may be personal "
           "data); correct the cell or option types\n", f->path);
  assert_null(strstr(result.errors, "C001"));
  expect_error(&result, expected);
  result = load(f, "types", "la:date", NULL);
  assert_non_null(strstr(result.errors, "!Data!B3:0:0: the column is declared as dates"));
  assert_null(strstr(result.errors, "eastmere"));
  outcome_free(&result);
}

/* A sheet of errors warns of the first ten by their cells and counts the rest. */
static void test_many_error_cells(void **state) {
  const fixture *f = *state;
  char sheet[8192] = "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>";
  for (int r = 2; r <= 31; r++)
    snprintf(sheet + strlen(sheet), sizeof sheet - strlen(sheet),
             "<row r=\"%d\"><c r=\"A%d\" t=\"e\"><v>#REF!</v></c></row>", r, r);
  strcat(sheet, "</sheetData></worksheet>");
  write_workbook(f, sheet, 0);
  outcome result = load(f, NULL);
  assert_int_equal(result.status, 0);
  size_t lines = 0;
  for (const char *c = result.warnings; *c; c++) lines += *c == '\n';
  assert_int_equal(lines, 11);
  char expected[8192];
  snprintf(expected, sizeof expected, "%s!Data:0:0: 20 more cells hold an error, each read as a "
           "missing value\n", f->path);
  assert_non_null(strstr(result.warnings, expected));
  outcome_free(&result);
}

/* A load past the host's time limit stops when the host asks. */
static void test_stops_when_the_host_asks(void **state) {
  const fixture *f = *state;
  size_t size = 64 * 5000 + 256;
  char *sheet = malloc(size);
  assert_non_null(sheet);
  int used = snprintf(sheet, size, "<worksheet " NS "><sheetData><row><c t=\"s\"><v>0</v></c></row>");
  for (int r = 2; r <= 5000; r++) used += snprintf(sheet + used, size - (size_t)used, "<row><c><v>%d</v></c></row>", r);
  snprintf(sheet + used, size - (size_t)used, "</sheetData></worksheet>");
  write_workbook(f, sheet, 0);
  free(sheet);
  sustain_source source = {.plugin = &sustain_plugin, .ask_to_stop = 1};
  fake_source_option(&source, "path", f->path);
  sustain_host host = fake_host(SUSTAIN_PLUGIN_ABI_MINOR);
  assert_int_not_equal(sustain_plugin.load(&host, &source), 0);
  assert_true(source.row_count < 5000);
  assert_int_equal(source.protocol_violations, 0);
  fake_source_free(&source);
}

/* }====================================================== */

/* ** {======================================================
** Malformed workbooks
** ======================================================= */

/* Expects the one error "PATH: text" (file-level) for the fixture's workbook. */
static void expect_file_error(const fixture *f, const char *text) {
  outcome result = load(f, NULL);
  char expected[8192];
  snprintf(expected, sizeof expected, "%s:0:0: %s\n", f->path, text);
  expect_error(&result, expected);
}

static void test_not_a_zip(void **state) {
  const fixture *f = *state;
  FILE *file = fopen(f->path, "w");
  assert_non_null(file);
  fputs("la,n\neastmere,3\n", file);
  fclose(file);
  expect_file_error(f, "not an Excel workbook: the file is not a zip archive, as .xlsx files "
                       "are (an older .xls, a CSV or a renamed file?); open it in Excel or "
                       "LibreOffice and save it as an Excel workbook (.xlsx)");
}

/* Excel 97-2003 workbooks and password-protected ones share a container of their own. */
static void test_xls_or_password_protected(void **state) {
  const fixture *f = *state;
  FILE *file = fopen(f->path, "wb");
  assert_non_null(file);
  fwrite("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0\0\0\0\0", 1, 16, file);
  fclose(file);
  expect_file_error(f, "not a workbook sustain can read: the file is an Excel 97-2003 workbook "
                       "(.xls), or one protected by a password; open it in Excel or LibreOffice "
                       "and save it as an Excel workbook (.xlsx) without a password");
}

static void test_zip_without_the_parts(void **state) {
  const fixture *f = *state;
  const char *odf[] = {"content.xml", "<office:document-content/>", NULL};
  write_parts(f, odf);
  expect_file_error(f, "not an Excel workbook: the archive has no xl/workbook.xml (an "
                       "OpenDocument or other zip file?); open it in Excel or LibreOffice and "
                       "save it as an Excel workbook (.xlsx)");
  const char *no_sheet[] = {"xl/workbook.xml", WORKBOOK_XML(""), "xl/_rels/workbook.xml.rels",
                            rels_xml, "xl/worksheets/sheet2.xml", notes_sheet, NULL};
  write_parts(f, no_sheet);
  expect_file_error(f, "the workbook lists the sheet, but its part xl/worksheets/sheet1.xml is "
                       "not in the file; the file is damaged: save it again in Excel or "
                       "LibreOffice");
  const char *no_rels[] = {"xl/workbook.xml", WORKBOOK_XML(""), "xl/_rels/workbook.xml.rels",
                           "<Relationships/>", NULL};
  write_parts(f, no_rels);
  expect_file_error(f, "the workbook lists sheet 'Data' but not where it is kept; the file is "
                       "damaged: save it again in Excel or LibreOffice");
}

static void test_broken_xml(void **state) {
  const fixture *f = *state;
  write_workbook(f, "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></row></sheetData>", 0);
  expect_file_error(f, "the workbook's part xl/worksheets/sheet1.xml is not well-formed XML "
                       "(line 1, column 54: mismatched tag); the file is damaged: open it in "
                       "Excel or LibreOffice and save it again");
  const char *broken_styles[] = {"xl/workbook.xml", WORKBOOK_XML(""), "xl/_rels/workbook.xml.rels",
                                 rels_xml, "xl/styles.xml", "<styleSheet><cellXfs>",
                                 "xl/worksheets/sheet1.xml", every_kind_sheet, NULL};
  write_parts(f, broken_styles);
  expect_file_error(f, "the workbook's part xl/styles.xml is not well-formed XML (line 1, "
                       "column 22: no element found); the file is damaged: open it in Excel or "
                       "LibreOffice and save it again");
  /* entities that expand a billionfold are refused by expat, not expanded */
  write_workbook(f, "<!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
                    "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY g \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">"
                    "<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\"><!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">]>"
                    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&i;</t></is></c></row>"
                    "</sheetData></worksheet>", 0);
  outcome result = load(f, NULL);
  assert_int_not_equal(result.status, 0);
  assert_non_null(strstr(result.errors, "is not well-formed XML"));
  outcome_free(&result);
}

static void test_shared_string_out_of_range(void **state) {
  const fixture *f = *state;
  char expected[8192];
  const char *indexes[] = {"5", "99999999999999999999999999", "-1", "1e3", ""};
  for (size_t i = 0; i < sizeof indexes / sizeof indexes[0]; i++) {
    char sheet[1024];
    snprintf(sheet, sizeof sheet, SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
             "<row r=\"7\"><c r=\"B7\" t=\"s\"><v>%s</v></c></row>", ""), indexes[i]);
    write_workbook(f, sheet, 0);
    outcome result = load(f, NULL);
    snprintf(expected, sizeof expected, "%s!Data!B7:0:0: the cell refers to a shared string "
             "the workbook does not have (it has 5); the file is damaged: save it again in "
             "Excel or LibreOffice\n", f->path);
    expect_error(&result, expected);
  }
}

static void test_cells_out_of_place(void **state) {
  const fixture *f = *state;
  char expected[8192];
  write_workbook(f, SHEET("<row r=\"3\"><c r=\"A3\"><v>1</v></c></row><row r=\"2\"/>", ""), 0);
  outcome result = load(f, NULL);
  snprintf(expected, sizeof expected, "%s!Data!2:2:0:0: the rows are out of order; the file is "
           "damaged: save it again in Excel or LibreOffice\n", f->path);
  expect_error(&result, expected);
  write_workbook(f, SHEET("<row r=\"3\"><c r=\"B3\"><v>1</v></c><c r=\"A3\"><v>1</v></c></row>", ""), 0);
  result = load(f, NULL);
  snprintf(expected, sizeof expected, "%s!Data!A3:0:0: the cells are out of order; the file is "
           "damaged: save it again in Excel or LibreOffice\n", f->path);
  expect_error(&result, expected);
  write_workbook(f, SHEET("<row r=\"3\"><c r=\"B4\"><v>1</v></c></row>", ""), 0);
  result = load(f, NULL);
  snprintf(expected, sizeof expected, "%s!Data!A3:0:0: the cell's reference is not one of its "
           "row; the file is damaged: save it again in Excel or LibreOffice\n", f->path);
  expect_error(&result, expected);
}

/* Rewrites the uncompressed size of part name in the archive's local header and its
 * central directory, as a forged archive would state it. */
static void claim_size(const fixture *f, const char *name, uint32_t size) {
  FILE *file = fopen(f->path, "r+b");
  assert_non_null(file);
  assert_int_equal(fseek(file, 0, SEEK_END), 0);
  long length = ftell(file);
  unsigned char *bytes = malloc((size_t)length);
  assert_non_null(bytes);
  rewind(file);
  assert_int_equal(fread(bytes, 1, (size_t)length, file), (size_t)length);
  size_t name_length = strlen(name), patched = 0;
  /* local headers (PK 3 4) hold the size at 22 and the name at 30; central ones (PK 1 2)
   * at 24 and 46 */
  static const struct { unsigned char kind; size_t size_at, name_length_at, name_at; } headers[] = {
      {3, 22, 26, 30}, {1, 24, 28, 46}};
  for (long i = 0; i + 46 < length; i++)
    for (size_t h = 0; h < 2; h++) {
      const unsigned char *at = bytes + i;
      if (at[0] != 'P' || at[1] != 'K' || at[2] != headers[h].kind || at[3] != headers[h].kind + 1)
        continue;
      size_t stated = at[headers[h].name_length_at] | (size_t)at[headers[h].name_length_at + 1] << 8;
      if (stated != name_length || i + (long)(headers[h].name_at + name_length) > length ||
          memcmp(at + headers[h].name_at, name, name_length) != 0)
        continue;
      for (int b = 0; b < 4; b++) bytes[i + (long)headers[h].size_at + b] = (unsigned char)(size >> (8 * b));
      patched++;
    }
  assert_int_equal(patched, 2);
  rewind(file);
  assert_int_equal(fwrite(bytes, 1, (size_t)length, file), (size_t)length);
  fclose(file);
  free(bytes);
}

/* A part that inflates past its bound is refused once the bound is read, whatever the
 * archive's directory claims: 17 MB of blanks deflate to some 17 KB. */
static void test_zip_bomb(void **state) {
  const fixture *f = *state;
  size_t size = (size_t)(XLSX_SMALL_PART_LIMIT + (1 << 20));
  char *styles = malloc(size + 1);
  assert_non_null(styles);
  memset(styles, ' ', size);
  memcpy(styles, "<styleSheet>", 12);
  memcpy(styles + size - 13, "</styleSheet>", 13);
  styles[size] = '\0';
  const char *parts[] = {"xl/workbook.xml", WORKBOOK_XML(""), "xl/_rels/workbook.xml.rels",
                         rels_xml, "xl/styles.xml", styles,
                         "xl/worksheets/sheet1.xml", every_kind_sheet, NULL};
  write_parts(f, parts);
  free(styles);
  const char *refused = "the workbook's part xl/styles.xml inflates to more than 16 MB, more "
                        "than sustain reads of one part (the file may be a zip bomb); save only "
                        "the sheet the source needs in a workbook of its own";
  expect_file_error(f, refused);
  /* the same with the archive's headers claiming 1,000 bytes: the bytes are counted */
  claim_size(f, "xl/styles.xml", 1000);
  expect_file_error(f, refused);
}

/* }====================================================== */

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_every_kind_of_cell, setup, teardown),
      cmocka_unit_test_setup_teardown(test_1904_date_system, setup, teardown),
      cmocka_unit_test_setup_teardown(test_declared_types, setup, teardown),
      cmocka_unit_test_setup_teardown(test_dates_by_type_or_format, setup, teardown),
      cmocka_unit_test_setup_teardown(test_phantom_leap_day, setup, teardown),
      cmocka_unit_test(test_serials_and_references),
      cmocka_unit_test_setup_teardown(test_sheet_option, setup, teardown),
      cmocka_unit_test_setup_teardown(test_range_and_header_row, setup, teardown),
      cmocka_unit_test_setup_teardown(test_header_problems, setup, teardown),
      cmocka_unit_test_setup_teardown(test_date_header_and_foreign_elements, setup, teardown),
      cmocka_unit_test_setup_teardown(test_utf16_part, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cell_of_the_wrong_type, setup, teardown),
      cmocka_unit_test_setup_teardown(test_many_error_cells, setup, teardown),
      cmocka_unit_test_setup_teardown(test_stops_when_the_host_asks, setup, teardown),
      cmocka_unit_test_setup_teardown(test_not_a_zip, setup, teardown),
      cmocka_unit_test_setup_teardown(test_xls_or_password_protected, setup, teardown),
      cmocka_unit_test_setup_teardown(test_zip_without_the_parts, setup, teardown),
      cmocka_unit_test_setup_teardown(test_broken_xml, setup, teardown),
      cmocka_unit_test_setup_teardown(test_shared_string_out_of_range, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cells_out_of_place, setup, teardown),
      cmocka_unit_test_setup_teardown(test_zip_bomb, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
