/* test_csv.c: unit tests for the csv plugin. The reader (csv_reader.c) is driven
 * directly and its events compared with a readable log; the plugin's load runs against
 * the fake host (tests/fake_host.c), which records columns, rows and errors and checks
 * that the plugin keeps the host protocol, on hosts of every minor the plugin falls
 * back for, and on hosts that claim more than their minor has. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv_reader.h"
#include "csv_rows.h"
#include "fake_host.h"
#include "sustain/plugin.h"

/* The plugin under test, compiled into this program instead of dlopen'd. */
extern const sustain_plugin_descriptor sustain_plugin;

/* Size of the big-field tests: the parser must not care about field size. */
#define BIG_FIELD_SIZE (1024 * 1024 + 17)

/* ** {======================================================
** Driving the reader
** ======================================================= */

/* Records reader events as text: an unquoted field as [bytes], a quoted one as {bytes},
 * the end of a record as " @LINE" and a newline. So "a,\"b\"\n" logs "[a]{b} @1\n". */
typedef struct recorder {
  test_log log;
  size_t fields;
  size_t stop_after_fields; /* 0: never stop */
  size_t field_offsets[16];  /* the first few field offsets */
  size_t record_starts[8], record_ends[8];
  size_t records;
  /* for runs of plain records (record_plain): the input, its delimiter, the fields
   * of the first record, at most how many rows a run reads, and rows read so */
  const char *data;
  unsigned char delimiter;
  size_t columns, run_rows, plain_rows;
} recorder;

static int record_field(void *context, const char *bytes, size_t length, int was_quoted,
                        size_t offset) {
  recorder *r = context;
  if (r->fields < sizeof r->field_offsets / sizeof r->field_offsets[0])
    r->field_offsets[r->fields] = offset;
  r->fields++;
  test_log_text(&r->log, was_quoted ? "{" : "[");
  test_log_bytes(&r->log, bytes, length);
  test_log_text(&r->log, was_quoted ? "}" : "]");
  return r->stop_after_fields && r->fields >= r->stop_after_fields;
}

static int record_end(void *context, long line, size_t start_offset, size_t end_offset) {
  recorder *r = context;
  char text[32];
  if (r->records < sizeof r->record_starts / sizeof r->record_starts[0]) {
    r->record_starts[r->records] = start_offset;
    r->record_ends[r->records] = end_offset;
  }
  r->records++;
  snprintf(text, sizeof text, " @%ld\n", line);
  test_log_text(&r->log, text);
  return 0;
}

/* The same events from a handler that takes records whole. */
static int record_whole(void *context, const csv_field *fields, size_t count, long line,
                        size_t start_offset, size_t end_offset) {
  for (size_t i = 0; i < count; i++)
    if (record_field(context, fields[i].bytes, fields[i].length, fields[i].quoted,
                     fields[i].offset) != 0)
      return 1;
  return record_end(context, line, start_offset, end_offset);
}

/* A handler that takes records whole, as record_whole, but reads every run of plain
 * records after the first record with csv_plain_rows, as the plugin does, and logs
 * their rows as the parser would have given them. */
static int record_first_whole(void *context, const csv_field *fields, size_t count, long line,
                              size_t start_offset, size_t end_offset) {
  recorder *r = context;
  if (!r->columns) r->columns = count;
  return record_whole(context, fields, count, line, start_offset, end_offset);
}

static int record_plain(void *context, const char *at, size_t available, long line,
                        size_t *taken, size_t *records) {
  recorder *r = context;
  if (!r->columns) return 0;
  sustain_cell *cells = calloc(r->run_rows * r->columns, sizeof *cells);
  assert_non_null(cells);
  const char *next;
  size_t rows = csv_plain_rows(at, at + available, r->delimiter, r->columns, cells, r->run_rows,
                               &next);
  assert_true(rows <= r->run_rows);
  int stop = 0;
  for (size_t i = 0; i < rows && !stop; i++) {
    const sustain_cell *row = &cells[i * r->columns], *last = &row[r->columns - 1];
    for (size_t c = 0; c < r->columns && !stop; c++)
      stop = record_field(r, row[c].text, row[c].length, 0, (size_t)(row[c].text - r->data));
    if (!stop)
      record_end(r, line + (long)i, (size_t)(row[0].text - r->data),
                 (size_t)(last->text + last->length - r->data));
  }
  free(cells);
  r->plain_rows += rows;
  *taken = rows ? (size_t)(next - at) : 0;
  *records = rows;
  return stop;
}

/* Checks that a second way of parsing gave what the field by field parse gave: the same
 * status, and the same events (or, on an error, the same error: a record cut short by
 * an error is never given whole, so its first fields are not logged). */
static void check_same(int status, const recorder *r, const csv_error *error, int other_status,
                       const recorder *other, const csv_error *other_error) {
  assert_int_equal(other_status, status);
  if (status == CSV_OK || status == CSV_STOPPED) {
    assert_string_equal(other->log.text ? other->log.text : "", r->log.text ? r->log.text : "");
  } else {
    assert_int_equal(other_error->line, error->line);
    assert_int_equal(other_error->column, error->column);
    assert_string_equal(other_error->message, error->message);
  }
}

/* Parses input field by field into r; then parses it again with a record handler, whole
 * and in two parts cut after each line feed, and checks every way agrees. */
static int parse(const char *input, size_t length, unsigned char delimiter, recorder *r,
                 csv_error *error) {
  const csv_options options = {delimiter};
  const csv_handler handler = {record_field, record_end, r, NULL, NULL};
  int status = csv_parse(input, length, &options, &handler, error);

  recorder whole = {.stop_after_fields = r->stop_after_fields};
  csv_error whole_error;
  const csv_handler whole_handler = {NULL, NULL, &whole, record_whole, NULL};
  int whole_status = csv_parse(input, length, &options, &whole_handler, &whole_error);
  check_same(status, r, error, whole_status, &whole, &whole_error);
  test_log_free(&whole.log);

  for (size_t cut = 1; cut < length; cut++) {
    if (input[cut - 1] != '\n') continue;
    recorder parts = {.stop_after_fields = r->stop_after_fields};
    csv_error parts_error;
    const csv_handler parts_handler = {NULL, NULL, &parts, record_whole, NULL};
    csv_progress progress = {.line = 1, .first = 1, .last = 0};
    int parts_status = csv_parse_part(input, cut, &options, &parts_handler, &parts_error, &progress);
    if (parts_status == CSV_OK) {
      size_t consumed = progress.consumed;
      progress.first = progress.first && consumed == 0;
      progress.last = 1;
      parts_status = csv_parse_part(input + consumed, length - consumed, &options, &parts_handler,
                                    &parts_error, &progress);
    }
    check_same(status, r, error, parts_status, &parts, &parts_error);
    test_log_free(&parts.log);
  }
  return status;
}

/* Parses input (length bytes) with delimiter and checks the event log. */
static void check_parse_n(const char *input, size_t length, unsigned char delimiter,
                          const char *expected) {
  recorder r = {0};
  csv_error error;
  int status = parse(input, length, delimiter, &r, &error);
  if (status != CSV_OK) print_error("unexpected error %d:%ld:%ld: %s\n", status, error.line,
                                    error.column, error.message);
  assert_int_equal(status, CSV_OK);
  assert_string_equal(r.log.text ? r.log.text : "", expected);
  test_log_free(&r.log);
}

static void check_parse(const char *input, const char *expected) {
  check_parse_n(input, strlen(input), ',', expected);
}

/* Parses input and checks that it fails at line:column with a message starting with
 * message_start. */
static void check_error_n(const char *input, size_t length, long line, long column,
                          const char *message_start) {
  recorder r = {0};
  csv_error error;
  int status = parse(input, length, ',', &r, &error);
  assert_int_equal(status, CSV_MALFORMED);
  if (strncmp(error.message, message_start, strlen(message_start)) != 0)
    print_error("message \"%s\" does not start with \"%s\"\n", error.message, message_start);
  assert_int_equal(strncmp(error.message, message_start, strlen(message_start)), 0);
  assert_int_equal(error.line, line);
  assert_int_equal(error.column, column);
  test_log_free(&r.log);
}

static void check_error(const char *input, long line, long column, const char *message_start) {
  check_error_n(input, strlen(input), line, column, message_start);
}

/* }====================================================== */

/* ** {======================================================
** Reader: what parses
** ======================================================= */

static void reader_plain_records(void **state) {
  (void)state;
  check_parse("a,b,c\n1,2,3\n", "[a][b][c] @1\n[1][2][3] @2\n");
  check_parse("x", "[x] @1\n");
  check_parse(" spaced , kept ", "[ spaced ][ kept ] @1\n"); /* RFC 4180: spaces are data */
}

static void reader_empty_fields(void **state) {
  (void)state;
  check_parse(",\n", "[][] @1\n");
  check_parse("a,,c\n", "[a][][c] @1\n");
  check_parse("a,", "[a][] @1\n"); /* a delimiter at the very end opens an empty last field */
  check_parse("a,\r\n", "[a][] @1\n");
}

static void reader_quoted_fields(void **state) {
  (void)state;
  check_parse("\"a\",\"b \"\"x\"\" c\",\"\"\n", "{a}{b \"x\" c}{} @1\n");
  check_parse("\"\"\"\"", "{\"} @1\n");
  check_parse("\"x\"\"\",\"\"\"y\"", "{x\"}{\"y} @1\n");
  check_parse("\"a,b\",c", "{a,b}[c] @1\n");
  check_parse("plain,\"quoted\"\nnext,row", "[plain]{quoted} @1\n[next][row] @2\n");
}

static void reader_every_field_quoted(void **state) {
  (void)state;
  check_parse("\"h1\",\"h2\"\r\n\"1\",\"2\"\r\n\"\",\"x\"\r\n",
              "{h1}{h2} @1\n{1}{2} @2\n{}{x} @3\n");
}

static void reader_embedded_newlines_commas_quotes(void **state) {
  (void)state;
  check_parse("id,note\n1,\"line one\nline, \"\"two\"\"\r\nthree\"\n2,x\n",
              "[id][note] @1\n[1]{line one\nline, \"two\"\r\nthree} @2\n[2][x] @5\n");
  /* A lone CR inside quotes is kept and counted as a line. */
  check_parse("\"a\rb\",c\nd", "{a\rb}[c] @1\n[d] @3\n");
}

static void reader_line_endings(void **state) {
  (void)state;
  check_parse("a,b\r\n1,2\r\n", "[a][b] @1\n[1][2] @2\n");
  check_parse("a,b\r1,2\r", "[a][b] @1\n[1][2] @2\n");
  /* LF, CRLF, CR and an empty CRLF line in one file. */
  check_parse("a\n1\r\n2\r3\n\r\n4", "[a] @1\n[1] @2\n[2] @3\n[3] @4\n[4] @6\n");
  /* LF then CR is two breaks, not one. */
  check_parse("a\n\rb", "[a] @1\n[b] @3\n");
}

static void reader_byte_order_mark(void **state) {
  (void)state;
  check_parse("\xEF\xBB\xBFname,x\n1,2", "[name][x] @1\n[1][2] @2\n");
  check_parse("\xEF\xBB\xBF\"q\"", "{q} @1\n");
  check_parse("\xEF\xBB\xBF", "");
  /* The mark is not a column: the stray quote is the second character. */
  check_error("\xEF\xBB\xBF" "a\"b", 1, 2, "quote inside an unquoted field");
  /* Only a mark at the start is skipped; elsewhere it is text (U+FEFF). */
  check_parse("a,\xEF\xBB\xBF" "b", "[a][\xEF\xBB\xBF" "b] @1\n");
}

static void reader_no_final_newline(void **state) {
  (void)state;
  check_parse("a,b\n1,2", "[a][b] @1\n[1][2] @2\n");
  check_parse("a,b\n\"1\",\"2\"", "[a][b] @1\n{1}{2} @2\n");
  check_parse("", "");
}

static void reader_empty_lines_skipped(void **state) {
  (void)state;
  check_parse("\n\r\na\n\n\nb\r\n\r\n", "[a] @3\n[b] @6\n");
  check_parse("\n\n\n", "");
  /* Not empty: a line holding "" is a record with one empty field. */
  check_parse("a\n\"\"\nb", "[a] @1\n{} @2\n[b] @3\n");
  /* Not empty either: a blank is data. */
  check_parse("a\n \nb", "[a] @1\n[ ] @2\n[b] @3\n");
}

static void reader_delimiters(void **state) {
  (void)state;
  const char tab_input[] = "a\tb,c\n1\t\"x\ty\"\n";
  check_parse_n(tab_input, strlen(tab_input), '\t', "[a][b,c] @1\n[1]{x\ty} @2\n");
  const char semicolon_input[] = "a;b\n1,5;\"2;3\"";
  check_parse_n(semicolon_input, strlen(semicolon_input), ';', "[a][b] @1\n[1,5]{2;3} @2\n");
  const char pipe_input[] = "a|b||";
  check_parse_n(pipe_input, strlen(pipe_input), '|', "[a][b][][] @1\n");
}

static void reader_valid_utf8(void **state) {
  (void)state;
  /* Two, three and four byte characters, and the edges of each range. */
  check_parse("é,€,😀\n", "[é][€][😀] @1\n");
  check_parse("\xC2\x80,\xDF\xBF,\xE0\xA0\x80,\xED\x9F\xBF,\xEE\x80\x80,\xEF\xBF\xBF",
              "[\xC2\x80][\xDF\xBF][\xE0\xA0\x80][\xED\x9F\xBF][\xEE\x80\x80][\xEF\xBF\xBF] @1\n");
  check_parse("\xF0\x90\x80\x80,\xF4\x8F\xBF\xBF,\"\xF3\xBF\xBF\xBF\"",
              "[\xF0\x90\x80\x80][\xF4\x8F\xBF\xBF]{\xF3\xBF\xBF\xBF} @1\n");
}

static void reader_big_fields(void **state) {
  (void)state;
  /* An unquoted field of 1 MB, handed out in place. */
  size_t input_length = 2 + BIG_FIELD_SIZE + 3;
  char *input = malloc(input_length);
  assert_non_null(input);
  memcpy(input, "h\n", 2);
  memset(input + 2, 'x', BIG_FIELD_SIZE);
  memcpy(input + 2 + BIG_FIELD_SIZE, "\n,y", 3);
  recorder r = {0};
  csv_error error;
  assert_int_equal(parse(input, input_length, ',', &r, &error), CSV_OK);
  assert_int_equal(r.log.length, strlen("[h] @1\n") + BIG_FIELD_SIZE + strlen("[] @2\n[][y] @3\n"));
  assert_memory_equal(r.log.text + strlen("[h] @1\n["), input + 2, BIG_FIELD_SIZE);
  assert_string_equal(r.log.text + strlen("[h] @1\n[") + BIG_FIELD_SIZE, "] @2\n[][y] @3\n");
  test_log_free(&r.log);
  free(input);

  /* A quoted field of 1 MB holding doubled quotes and line breaks, so it is unescaped. */
  char *field = malloc(BIG_FIELD_SIZE);
  char *quoted = malloc(2 * BIG_FIELD_SIZE + 2);
  assert_non_null(field);
  assert_non_null(quoted);
  size_t quoted_length = 0;
  quoted[quoted_length++] = '"';
  for (size_t i = 0; i < BIG_FIELD_SIZE; i++) {
    field[i] = i % 1000 == 999 ? '"' : i % 4099 == 4098 ? '\n' : (char)('a' + i % 26);
    quoted[quoted_length++] = field[i];
    if (field[i] == '"') quoted[quoted_length++] = '"';
  }
  quoted[quoted_length++] = '"';
  r = (recorder){0};
  assert_int_equal(parse(quoted, quoted_length, ',', &r, &error), CSV_OK);
  assert_int_equal(r.log.length, 1 + BIG_FIELD_SIZE + strlen("} @1\n"));
  assert_memory_equal(r.log.text + 1, field, BIG_FIELD_SIZE);
  test_log_free(&r.log);
  free(field);
  free(quoted);
}

static void reader_offsets(void **state) {
  (void)state;
  recorder r = {0};
  csv_error error;
  const char input[] = "a,bb\r\n\"c\",d";
  assert_int_equal(parse(input, strlen(input), ',', &r, &error), CSV_OK);
  assert_int_equal(r.fields, 4);
  assert_int_equal(r.field_offsets[0], 0);
  assert_int_equal(r.field_offsets[1], 2);
  assert_int_equal(r.field_offsets[2], 6);
  assert_int_equal(r.field_offsets[3], 10);
  assert_int_equal(r.records, 2);
  assert_int_equal(r.record_starts[0], 0);
  assert_int_equal(r.record_ends[0], 4);
  assert_int_equal(r.record_starts[1], 6);
  assert_int_equal(r.record_ends[1], 11);
  test_log_free(&r.log);
}

static void reader_callback_stops(void **state) {
  (void)state;
  recorder r = {.stop_after_fields = 2};
  csv_error error;
  const char input[] = "a,b,c\n1,2,3\n";
  assert_int_equal(parse(input, strlen(input), ',', &r, &error), CSV_STOPPED);
  assert_int_equal(r.fields, 2);
  assert_int_equal(error.line, 0);
  assert_string_equal(error.message, "");
  test_log_free(&r.log);
}

static void reader_bad_delimiters(void **state) {
  (void)state;
  const unsigned char refused[] = {'"', '\n', '\r', '\0', 0x80, 0xFF};
  for (size_t i = 0; i < sizeof refused; i++) {
    recorder r = {0};
    csv_error error;
    assert_int_equal(parse("a", 1, refused[i], &r, &error), CSV_BAD_OPTIONS);
    assert_int_equal(error.line, 0);
    assert_int_equal(error.column, 0);
    assert_non_null(csv_delimiter_problem(refused[i]));
    assert_int_equal(r.fields, 0);
  }
  assert_null(csv_delimiter_problem(','));
  assert_null(csv_delimiter_problem('\t'));
  assert_null(csv_delimiter_problem(';'));
}

static void reader_locate(void **state) {
  (void)state;
  const char text[] = "ab\r\ncd\r\xC3\xA9\n\xE2\x82\xACx";
  size_t x = strlen(text) - 1;
  csv_position p = csv_locate(text, strlen(text), 0, 1, x);
  assert_int_equal(p.line, 4);
  assert_int_equal(p.column, 2);
  p = csv_locate(text, strlen(text), 4, 2, 5); /* from the start of line 2 */
  assert_int_equal(p.line, 2);
  assert_int_equal(p.column, 2);
  p = csv_locate(text, strlen(text), 0, 1, 1000); /* past the end: the end */
  assert_int_equal(p.line, 4);
  assert_int_equal(p.column, 3);
  const char marked[] = "\xEF\xBB\xBF" "ab";
  p = csv_locate(marked, strlen(marked), 0, 1, 4);
  assert_int_equal(p.line, 1);
  assert_int_equal(p.column, 2);
  /* a part that starts later in the file: the mark is a character of its line there */
  p = csv_locate(marked, strlen(marked), 0, 7, 4);
  assert_int_equal(p.line, 7);
  assert_int_equal(p.column, 3);
}

/* }====================================================== */

/* ** {======================================================
** Reader: what fails, and where
** ======================================================= */

static void reader_unterminated_quote(void **state) {
  (void)state;
  /* Reported where the quote opened, not at the end of the file. */
  check_error("a,b\n1,\"open\n2,3\n4,5\n", 2, 3, "quoted field is never closed");
  check_error("é,\"x", 1, 3, "quoted field is never closed");
  check_error("\"", 1, 1, "quoted field is never closed");
  check_error("\"a\"\"", 1, 1, "quoted field is never closed");
  check_error("\xEF\xBB\xBF\"abc", 1, 1, "quoted field is never closed");
  check_error("x\r\n\"a\nb\r\nc", 2, 1, "quoted field is never closed");
}

static void reader_stray_quote(void **state) {
  (void)state;
  check_error("a,b\nxy,ab\"c\n", 2, 6, "quote inside an unquoted field");
  check_error("a\"", 1, 2, "quote inside an unquoted field");
  check_error("€ \"q\"", 1, 3, "quote inside an unquoted field"); /* a blank before a quote */
}

static void reader_text_after_closing_quote(void **state) {
  (void)state;
  check_error("a,b\n\"x\"y,z\n", 2, 4, "unexpected character after the closing quote");
  check_error("\"x\" ,y", 1, 4, "unexpected character after the closing quote");
  check_error("\"a\nb\"c\n", 2, 3, "unexpected character after the closing quote");
  check_error("\"a\"\"b\"c", 1, 7, "unexpected character after the closing quote");
}

static void reader_nul_byte(void **state) {
  (void)state;
  check_error_n("a,b\n1,\0", 7, 2, 3, "NUL byte: the file looks binary");
  check_error_n("\"a\0\"", 4, 1, 3, "NUL byte: the file looks binary");
  check_error_n("\"a\"\0", 4, 1, 4, "NUL byte: the file looks binary");
  check_error_n("\xFF\xFE" "a\0", 4, 1, 1, "the file is UTF-16 text");
  check_error_n("\xFE\xFF\0a", 4, 1, 1, "the file is UTF-16 text");
}

/* Random inputs of mostly plain rows, lines ended by LF or by CRLF, with now and then
 * a byte or a row that a run of plain records must leave to the parser: every run
 * must give exactly the events the parser gives. Runs are cut short at 1, 3 or 1,000
 * rows, and inputs are long enough for several 64-byte windows. */
static void reader_plain_runs_agree(void **state) {
  (void)state;
  static const char *const odd[] = {"\"q,\"\"\"", "\r", "\r\n", "\xC3\xA9", "\n", ",", "\n\n",
                                    "\"\"", "\r\r\n", "x\ry"};
  static const size_t run_rows[] = {1, 3, 1000};
  uint64_t seed = 0x2545F4914F6CDD1Du;
  size_t plain_rows = 0, all_rows = 0;
  for (int round = 0; round < 3000; round++) {
    char input[2048];
    size_t length = 0, columns = 1 + (size_t)(round / 3) % 6; /* each with each run length */
    int rows = 4 + (int)(round % 40);
    for (int row = 0; row < rows && length < sizeof input - 64; row++) {
      for (size_t c = 0; c < columns; c++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        size_t width = (seed >> 33) % 9;
        for (size_t k = 0; k < width; k++) input[length++] = (char)('a' + (seed >> (40 + k)) % 26);
        if ((seed >> 20) % 97 == 0) { /* now and then, something not plain */
          const char *extra = odd[(seed >> 8) % (sizeof odd / sizeof odd[0])];
          memcpy(input + length, extra, strlen(extra));
          length += strlen(extra);
        }
        if (c + 1 < columns) input[length++] = ',';
      }
      if ((round / 18) % 2) input[length++] = '\r'; /* every other input ends its lines CRLF */
      input[length++] = '\n';
    }
    recorder fields = {0};
    csv_error fields_error;
    int status = parse(input, length, ',', &fields, &fields_error);
    recorder runs = {.data = input, .delimiter = ',', .run_rows = run_rows[round % 3]};
    csv_error runs_error;
    const csv_options options = {','};
    const csv_handler handler = {NULL, NULL, &runs, record_first_whole, record_plain};
    int runs_status = csv_parse(input, length, &options, &handler, &runs_error);
    check_same(status, &fields, &fields_error, runs_status, &runs, &runs_error);
    plain_rows += runs.plain_rows;
    all_rows += fields.records;
    test_log_free(&fields.log);
    test_log_free(&runs.log);
  }
  assert_true(plain_rows * 2 > all_rows); /* the runs did read most rows */
}

static void reader_invalid_utf8(void **state) {
  (void)state;
  check_error("a\x80", 1, 2, "invalid UTF-8: byte 0x80 continues a character that never");
  /* Overlong encodings of '/' in two, three and four bytes. */
  check_error("ab,\xC0\xAF", 1, 4, "invalid UTF-8: byte 0xC0 starts an overlong encoding");
  check_error("\xC1\xBF", 1, 1, "invalid UTF-8: byte 0xC1 starts an overlong encoding");
  check_error("\xE0\x80\xAF", 1, 1, "invalid UTF-8: byte 0xE0 starts an overlong encoding");
  check_error("x\n\xF0\x80\x80\xAF", 2, 1, "invalid UTF-8: byte 0xF0 starts an overlong encoding");
  check_error("\xED\xA0\x80", 1, 1, "invalid UTF-8: byte 0xED starts an encoded UTF-16 surrogate");
  check_error("\xF4\x90\x80\x80", 1, 1,
              "invalid UTF-8: byte 0xF4 starts a code point above U+10FFFF");
  check_error("ok,\xF5\x80\x80\x80", 1, 4, "invalid UTF-8: byte 0xF5 never appears in UTF-8");
  check_error("€😀,\xFF", 1, 4, "invalid UTF-8: byte 0xFF never appears in UTF-8");
  /* Truncated sequences: at the end of input, before ASCII, before another lead byte. */
  check_error("é\xE2\x82", 1, 2, "invalid UTF-8: byte 0xE2 starts a character that is cut short");
  check_error("\xE2\x82" "A", 1, 1,
              "invalid UTF-8: byte 0xE2 starts a character that is cut short");
  check_error("\xC3,", 1, 1, "invalid UTF-8: byte 0xC3 starts a character that is cut short");
  check_error("\xF0\x9F\x98\xC3\xA9", 1, 1,
              "invalid UTF-8: byte 0xF0 starts a character that is cut short");
  /* A Windows-1252 export: é is the single byte 0xE9. */
  check_error("a,b\ncaf\xE9,x", 2, 4,
              "invalid UTF-8: byte 0xE9 starts a character that is cut short");
  /* Inside a quoted field, after a line break in it. */
  check_error("\"ok\nné\xC3\"", 2, 3,
              "invalid UTF-8: byte 0xC3 starts a character that is cut short");
  /* Every encoding message says what to do. */
  recorder r = {0};
  csv_error error;
  assert_int_equal(parse("\xC0", 1, ',', &r, &error), CSV_MALFORMED);
  assert_non_null(strstr(error.message, "save it as CSV UTF-8"));
}

/* }====================================================== */

/* ** {======================================================
** The plugin against the fake host (tests/fake_host.c)
** ======================================================= */

/* The folder the plugin tests write their CSV files to (the group state), and
 * the host the group's plugin loads into. */
typedef struct test_folder {
  char path[256];
  char file[300]; /* the file of the test in hand */
  sustain_host host;
} test_folder;

static int folder_setup(void **state) {
  test_folder *folder = calloc(1, sizeof *folder);
  if (!folder) return -1;
  const char *tmp = getenv("TMPDIR");
  snprintf(folder->path, sizeof folder->path, "%s/sustain-test-csv-XXXXXX",
           tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(folder->path)) {
    free(folder);
    return -1;
  }
  snprintf(folder->file, sizeof folder->file, "%s/data.csv", folder->path);
  folder->host = fake_host(SUSTAIN_PLUGIN_ABI_MINOR);
  *state = folder;
  return 0;
}

/* A host of ABI 1.3, with append_rows and without append_cells. */
static int folder_setup_rows_host(void **state) {
  if (folder_setup(state) != 0) return -1;
  ((test_folder *)*state)->host = fake_host(3);
  return 0;
}

/* A host of ABI 1.1, without append_rows: the plugin must fall back to giving rows
 * cell by cell, with the same result. */
static int folder_setup_old_host(void **state) {
  if (folder_setup(state) != 0) return -1;
  ((test_folder *)*state)->host = fake_host(1);
  return 0;
}

/* What lies where a 1.4 host has append_cells, in a host of 1.3: calling it breaks
 * the protocol. */
static int not_append_cells(sustain_source *source, const sustain_cell *cells,
                            size_t cell_count, size_t row_count, const long *lines) {
  (void)cells, (void)cell_count, (void)row_count, (void)lines;
  source->protocol_violations++;
  return -1;
}

/* A host of ABI 1.3 whose table is as long as this header's, with something where
 * append_cells would be that the plugin must not take for it: the minor decides,
 * not the size alone. */
static int folder_setup_long_old_host(void **state) {
  if (folder_setup(state) != 0) return -1;
  sustain_host *host = &((test_folder *)*state)->host;
  *host = fake_host(3);
  host->size = sizeof(sustain_host);
  host->append_cells = not_append_cells;
  return 0;
}

/* This header's host, leaving the block functions out (NULL): as on an old host,
 * the plugin gives cells one by one. */
static int folder_setup_host_without_blocks(void **state) {
  if (folder_setup(state) != 0) return -1;
  sustain_host *host = &((test_folder *)*state)->host;
  host->append_cells = NULL;
  host->append_rows = NULL;
  return 0;
}

static int folder_teardown(void **state) {
  test_folder *folder = *state;
  unlink(folder->file);
  rmdir(folder->path);
  free(folder);
  return 0;
}

/* Writes content (length bytes) as the test's CSV file and names it, with the given
 * delimiter and types options (NULL: not given), in source's options. */
static void give_file_n(void **state, sustain_source *source, const char *content,
                        size_t length, const char *delimiter, const char *types) {
  test_folder *folder = *state;
  FILE *file = fopen(folder->file, "wb");
  assert_non_null(file);
  assert_int_equal(fwrite(content, 1, length, file), length);
  assert_int_equal(fclose(file), 0);
  source->plugin = &sustain_plugin;
  fake_source_option(source, "path", folder->file);
  if (delimiter) fake_source_option(source, "delimiter", delimiter);
  if (types) fake_source_option(source, "types", types);
}

/* The same, then loads the file. Returns load's result. */
static int load_n(void **state, sustain_source *source, const char *content, size_t length,
                  const char *delimiter, const char *types) {
  give_file_n(state, source, content, length, delimiter, types);
  const test_folder *folder = *state;
  return sustain_plugin.load(&folder->host, source);
}

static int load(void **state, sustain_source *source, const char *content,
                const char *delimiter, const char *types) {
  return load_n(state, source, content, strlen(content), delimiter, types);
}

/* Loads content, expecting success, and checks the columns and rows logged. */
static void check_load(void **state, const char *content, const char *delimiter,
                       const char *types, const char *columns, const char *rows) {
  sustain_source source = {0};
  int result = load(state, &source, content, delimiter, types);
  for (size_t i = 0; i < source.error_count; i++)
    print_error("unexpected error %ld:%ld: %s\n", source.errors[i].line,
                source.errors[i].column, source.errors[i].message);
  assert_int_equal(result, 0);
  assert_int_equal(source.error_count, 0);
  assert_int_equal(source.protocol_violations, 0);
  assert_string_equal(source.columns.text ? source.columns.text : "", columns);
  assert_string_equal(source.rows.text ? source.rows.text : "", rows);
  fake_source_free(&source);
}

/* Checks that a load failed with exactly one error: in the test's file (or in no file when
 * in_file is 0) at line:column, its message starting with message_start. */
static void check_one_error(void **state, const sustain_source *source, int result,
                            int in_file, long line, long column, const char *message_start) {
  const test_folder *folder = *state;
  assert_int_not_equal(result, 0);
  assert_int_equal(source->error_count, 1);
  const fake_error *e = &source->errors[0];
  if (in_file) {
    assert_non_null(e->file);
    assert_string_equal(e->file, folder->file);
  } else {
    assert_null(e->file);
  }
  if (strncmp(e->message, message_start, strlen(message_start)) != 0)
    print_error("message \"%s\" does not start with \"%s\"\n", e->message, message_start);
  assert_int_equal(strncmp(e->message, message_start, strlen(message_start)), 0);
  assert_int_equal(e->line, line);
  assert_int_equal(e->column, column);
  assert_int_equal(source->protocol_violations, 0);
}

/* Loads content and checks it fails with one error, as check_one_error. */
static void check_load_error_n(void **state, const char *content, size_t length,
                               const char *delimiter, const char *types, int in_file,
                               long line, long column, const char *message_start) {
  sustain_source source = {0};
  int result = load_n(state, &source, content, length, delimiter, types);
  check_one_error(state, &source, result, in_file, line, column, message_start);
  fake_source_free(&source);
}

static void check_load_error(void **state, const char *content, const char *delimiter,
                             const char *types, int in_file, long line, long column,
                             const char *message_start) {
  check_load_error_n(state, content, strlen(content), delimiter, types, in_file, line, column,
                     message_start);
}

/* }====================================================== */

/* ** {======================================================
** Plugin
** ======================================================= */

static void plugin_descriptor(void **state) {
  (void)state;
  assert_int_equal(sustain_plugin.abi_major, SUSTAIN_PLUGIN_ABI_MAJOR);
  assert_int_equal(sustain_plugin.abi_minor, SUSTAIN_PLUGIN_ABI_MINOR);
  assert_int_equal(sustain_plugin.size, sizeof(sustain_plugin_descriptor));
  assert_string_equal(sustain_plugin.name, "csv");
  assert_string_equal(sustain_plugin.version, "1.4.0");
  assert_non_null(sustain_plugin.description);
  assert_non_null(sustain_plugin.load);
  assert_non_null(sustain_plugin.count_parts); /* large files load on several threads */
  assert_non_null(sustain_plugin.load_part);
  const sustain_option *o = sustain_plugin.options;
  assert_string_equal(o[0].name, "path");
  assert_int_equal(o[0].required, 1);
  assert_int_equal(o[0].kind, SUSTAIN_OPTION_PATH);
  assert_string_equal(o[1].name, "delimiter");
  assert_int_equal(o[1].required, 0);
  assert_string_equal(o[1].default_value, ",");
  assert_string_equal(o[2].name, "types");
  assert_int_equal(o[2].required, 0);
  assert_null(o[2].default_value);
  assert_string_equal(o[3].name, "missing");
  assert_string_equal(o[4].name, "columns");
  assert_null(o[5].name);
  for (size_t i = 0; i < 5; i++) assert_non_null(o[i].description);
}

/* Loads content with one extra option set; returns load's result. */
static int load_with(void **state, sustain_source *source, const char *content,
                     const char *option, const char *value) {
  fake_source_option(source, option, value);
  return load(state, source, content, NULL, NULL);
}

static void plugin_missing_markers(void **state) {
  sustain_source source = {0};
  assert_int_equal(load_with(state, &source, "a,b\n1,c\nz,2\nzz,\"c\"\n", "missing", "c, z,"), 0);
  /* a marker is missing only as a whole cell, quoted or not */
  assert_string_equal(source.rows.text, "'1' - @2\n- '2' @3\n'zz' - @4\n");
  fake_source_free(&source);
}

static void plugin_columns_option(void **state) {
  sustain_source source = {0};
  assert_int_equal(load_with(state, &source, "SN,SNP,SN,SNP,\n1,a,2,b,\n", "columns",
                             "sn1, snp1, sn2, snp2, blank"), 0);
  assert_string_equal(source.columns.text,
                      "sn1:infer snp1:infer sn2:infer snp2:infer blank:infer");
  assert_string_equal(source.rows.text, "'1' 'a' '2' 'b' - @2\n");
  fake_source_free(&source);
  sustain_source wrong = {0};
  int result = load_with(state, &wrong, "a,b,c\n1,2,3\n", "columns", "x, y");
  check_one_error(state, &wrong, result, 1, 1, 0, "option columns gives 2 names");
  fake_source_free(&wrong);
}

static void plugin_loads_a_table(void **state) {
  check_load(state, "name,count,note\nalpha,1,x\nbeta,,\"\"\n", NULL, NULL,
             "name:infer count:infer note:infer", "'alpha' '1' 'x' @2\n'beta' - - @3\n");
}

static void plugin_bom_crlf_quotes_newlines(void **state) {
  check_load(state,
             "\xEF\xBB\xBF\"id\",\"note\"\r\n\"1\",\"a, \"\"b\"\"\r\nc\"\r\n\r\n\"2\",\"é\"",
             NULL, NULL, "id:infer note:infer", "'1' 'a, \"b\"\r\nc' @2\n'2' 'é' @5\n");
}

static void plugin_mixed_endings_no_final_newline(void **state) {
  check_load(state, "a,b\n1,2\r\n3,4\r5,6", NULL, NULL, "a:infer b:infer",
             "'1' '2' @2\n'3' '4' @3\n'5' '6' @4\n");
}

static void plugin_delimiter_option(void **state) {
  check_load(state, "a\tb,c\n1\t2,5\n", "tab", NULL, "a:infer b,c:infer", "'1' '2,5' @2\n");
  check_load(state, "a;b\n1,5;\"x;y\"\n", ";", NULL, "a:infer b:infer", "'1,5' 'x;y' @2\n");
  check_load(state, "a,b\n1,2\n", ",", NULL, "a:infer b:infer", "'1' '2' @2\n");
  /* words for delimiters an INI value cannot hold plainly */
  check_load(state, "a;b\n1,5;2\n", "semicolon", NULL, "a:infer b:infer", "'1,5' '2' @2\n");
  check_load(state, "a|b\n1|2\n", "pipe", NULL, "a:infer b:infer", "'1' '2' @2\n");
  check_load(state, "a,b\n1,2\n", "comma", NULL, "a:infer b:infer", "'1' '2' @2\n");
}

static void plugin_bad_delimiter_option(void **state) {
  check_load_error(state, "a,b\n", ";;", NULL, 0, 0, 0,
                   "option delimiter: \";;\" is not a single ASCII character");
  check_load_error(state, "a,b\n", "", NULL, 0, 0, 0,
                   "option delimiter: \"\" is not a single ASCII character");
  check_load_error(state, "a,b\n", "§", NULL, 0, 0, 0,
                   "option delimiter: \"§\" is not a single ASCII character");
  check_load_error(state, "a,b\n", "\"", NULL, 0, 0, 0,
                   "option delimiter: the delimiter cannot be the quote character");
  check_load_error(state, "a,b\n", "TAB", NULL, 0, 0, 0,
                   "option delimiter: \"TAB\" is not a single ASCII character");
}

static void plugin_types_option(void **state) {
  check_load(state, "la,count,code,other\nn,1,007,x\n", NULL, "count:number, code:text",
             "la:infer count:number code:text other:infer", "'n' '1' '007' 'x' @2\n");
  /* Blanks around entries and a trailing comma are fine; a name may hold a colon. */
  check_load(state, "a:b,c\n1,2\n", NULL, "  a:b : number ,", "a:b:number c:infer",
             "'1' '2' @2\n");
}

/* A declared date column: every cell of either shape passes (the host checks the
 * day itself), each cell of another shape is refused where it stands, after 40
 * plain rows and before 40 more, so that runs of plain rows meet it too. */
static void plugin_declared_dates_checked(void **state) {
  static const char *const good[] = {"2024-02-29", "01/12/1999", "0000-00-00", "99/99/9999"};
  static const char *const bad[] = {"2024-02-2x", "2024/02/29", "01-12-1999", "2024-0229-",
                                    "2024-02-2:", "2024-02-2/", "202\xC3\xA9-02-2", "1/12/1999",
                                    "2024-02-290", "2024-02-2", "12/01/19 9", "0:/01/1999"};
  char content[4096];
  for (size_t i = 0; i < sizeof good / sizeof *good + sizeof bad / sizeof *bad; i++) {
    const int is_good = i < sizeof good / sizeof *good;
    const char *cell = is_good ? good[i] : bad[i - sizeof good / sizeof *good];
    size_t length = (size_t)snprintf(content, sizeof content, "la,d\n");
    for (int row = 0; row < 81; row++)
      length += (size_t)snprintf(content + length, sizeof content - length, "n,%s\n",
                                 row == 40 ? cell : "2020-01-01");
    if (is_good) {
      sustain_source source = {0};
      assert_int_equal(load(state, &source, content, NULL, "d:date"), 0);
      assert_int_equal(source.error_count, 0);
      fake_source_free(&source);
    } else {
      check_load_error(state, content, NULL, "d:date", 1, 42, 3,
                       "column 'd' is declared as dates (YYYY-MM-DD or DD/MM/YYYY)");
    }
  }
}

static void plugin_bad_types_option(void **state) {
  /* A column the header lacks: reported at the header's line. */
  check_load_error(state, "\na,b\n1,2\n", NULL, "b:number,B:text", 1, 2, 0,
                   "option types: column \"B\" is not in the header");
  check_load_error(state, "a,b\n", NULL, "a:integer", 0, 0, 0,
                   "option types: \"integer\" is not a type; use number, text or date");
  check_load_error(state, "a,b\n", NULL, "a", 0, 0, 0,
                   "option types: \"a\" has no type");
  check_load_error(state, "a,b\n", NULL, " : text", 0, 0, 0,
                   "option types: \": text\" names no column");
  check_load_error(state, "a,b\n", NULL, "a:number,a:text", 0, 0, 0,
                   "option types: column \"a\" is declared twice");
}

static void plugin_header_only(void **state) {
  check_load(state, "a,b\n", NULL, NULL, "a:infer b:infer", "");
  check_load(state, "a,b", NULL, NULL, "a:infer b:infer", "");
  check_load(state, "\n\na\r\n\r\n", NULL, "a:number", "a:number", "");
}

static void plugin_empty_file(void **state) {
  check_load_error(state, "", NULL, NULL, 1, 0, 0, "file is empty: expected a header row");
  check_load_error(state, "\n\r\n\n", NULL, NULL, 1, 0, 0,
                   "file is empty: expected a header row");
  check_load_error(state, "\xEF\xBB\xBF", NULL, NULL, 1, 0, 0,
                   "file is empty: expected a header row");
}

/* Named by position, never by text: without a header row the names are a data row. */
static void plugin_duplicate_header_names(void **state) {
  check_load_error(state, "a,b,a\n1,2,3\n", NULL, NULL, 1, 1, 5,
                   "columns 1 and 3 of the header have the same name; give every column a "
                   "different name");
  check_load_error(state, "\xEF\xBB\xBF\n\"é\",\"b\",é\n", NULL, NULL, 1, 2, 9,
                   "columns 1 and 3 of the header have the same name");
  /* Nothing reaches the host before the header is known to be good. */
  sustain_source source = {0};
  int result = load(state, &source, "x,y,y", NULL, NULL);
  check_one_error(state, &source, result, 1, 1, 5, "columns 2 and 3 of the header have the same name");
  assert_int_equal(source.column_count, 0);
  fake_source_free(&source);
}

/* A first row that holds numbers or dates is probably data: the messages about the
 * header say the file seems to have no header row, and never repeat what it holds. */
static void header_error_says(void **state, const char *content, const char *types,
                              const char *message_start, int hinted) {
  sustain_source source = {0};
  int result = load(state, &source, content, NULL, types);
  check_one_error(state, &source, result, 1, 1, source.errors[0].column, message_start);
  const char *message = source.errors[0].message;
  if (hinted)
    assert_non_null(strstr(message, "; the first row holds a number or a date, so the file "
                                    "seems to have no header row: add one, or name the "
                                    "columns with the columns option"));
  else
    assert_null(strstr(message, "header row"));
  assert_null(strstr(message, "SECRET"));
  assert_null(strstr(message, "2004"));
  fake_source_free(&source);
}

static void plugin_header_that_is_data(void **state) {
  header_error_says(state, "CHILD-SECRET-42,29/02/2004,YES,0,0\n", NULL,
                    "columns 4 and 5 of the header have the same name; give every column a "
                    "different name",
                    1);
  header_error_says(state, "CHILD-SECRET-42,29/02/2004,,F1\n", NULL,
                    "column 3 of the header has no name", 1);
  header_error_says(state, "CHILD-SECRET-42,29/02/2004,YES\n", "CHILD:text",
                    "option types: column \"CHILD\" is not in the header; check its spelling "
                    "(names are case-sensitive)",
                    1);
  /* names that are words get no such hint */
  header_error_says(state, "la,x,x\n", NULL, "columns 2 and 3 of the header have the same name",
                    0);
}

static void plugin_empty_header_names(void **state) {
  check_load_error(state, "a,,c\n", NULL, NULL, 1, 1, 3,
                   "column 2 of the header has no name; give every column a name");
  check_load_error(state, "a,\"\"\n", NULL, NULL, 1, 1, 3, "column 2 of the header has no name");
  check_load_error(state, "a,b,\n", NULL, NULL, 1, 1, 5, "column 3 of the header has no name");
  check_load_error(state, ",b\n", NULL, NULL, 1, 1, 1, "column 1 of the header has no name");
}

static void plugin_short_rows(void **state) {
  /* Reported where the record ends. */
  check_load_error(state, "a,b,c\n1,2,3\n1,2\n", NULL, NULL, 1, 3, 4,
                   "row has 2 fields; the header has 3");
  check_load_error(state, "a,b,c\né,€\r\n", NULL, NULL, 1, 2, 4,
                   "row has 2 fields; the header has 3");
  check_load_error(state, "a,b\n1", NULL, NULL, 1, 2, 2, "row has 1 field; the header has 2");
  check_load_error(state, "a,b\n\"1\nx\"\n", NULL, NULL, 1, 3, 3,
                   "row has 1 field; the header has 2");
}

static void plugin_long_rows(void **state) {
  /* Reported where the first extra field starts. */
  check_load_error(state, "a,b,c\n1,2,3,4,5\n", NULL, NULL, 1, 2, 7,
                   "row has 5 fields; the header has 3");
  check_load_error(state, "a,b\n\"x\ny\",2,3\n", NULL, NULL, 1, 3, 6,
                   "row has 3 fields; the header has 2");
  check_load_error(state, "a\tb\n1\t2\t\n", "tab", NULL, 1, 2, 5,
                   "row has 3 fields; the header has 2; remove the extra fields, or quote "
                   "values that hold the delimiter (tab)");
}

static void plugin_parse_errors(void **state) {
  /* The reader's errors reach the host with the file, line and column; loading stops. */
  sustain_source source = {0};
  int result = load(state, &source, "a,b\n1,2\n3,x\"y\n4,5\n", NULL, NULL);
  check_one_error(state, &source, result, 1, 3, 4, "quote inside an unquoted field");
  assert_int_equal(source.row_count, 0); /* rows go over a block at a time: none from a bad part */
  fake_source_free(&source);
  check_load_error(state, "a,b\n1,\"2\n3,4\n", NULL, NULL, 1, 2, 3,
                   "quoted field is never closed");
  check_load_error(state, "a,b\n\"1\"2,3\n", NULL, NULL, 1, 2, 4,
                   "unexpected character after the closing quote");
  check_load_error(state, "a\n\xC0\xAF\n", NULL, NULL, 1, 2, 1,
                   "invalid UTF-8: byte 0xC0 starts an overlong encoding");
  check_load_error(state, "a\nb\xE2\x82", NULL, NULL, 1, 2, 2,
                   "invalid UTF-8: byte 0xE2 starts a character that is cut short");
  check_load_error_n(state, "a,b\n1,\0\n", 8, NULL, NULL, 1, 2, 3,
                     "NUL byte: the file looks binary");
}

static void plugin_big_cell(void **state) {
  size_t length = strlen("h,i\n\"") + BIG_FIELD_SIZE + strlen("\",2\n");
  char *content = malloc(length + 1);
  char *rows = malloc(BIG_FIELD_SIZE + 16);
  assert_non_null(content);
  assert_non_null(rows);
  strcpy(content, "h,i\n\"");
  memset(content + 5, 'z', BIG_FIELD_SIZE);
  strcpy(content + 5 + BIG_FIELD_SIZE, "\",2\n");
  rows[0] = '\'';
  memset(rows + 1, 'z', BIG_FIELD_SIZE);
  strcpy(rows + 1 + BIG_FIELD_SIZE, "' '2' @2\n");
  check_load(state, content, NULL, NULL, "h:infer i:infer", rows);
  free(content);
  free(rows);
}

/* A file of several megabytes, read in parts on two threads: rows of plain fields,
 * with now and then a quoted field holding a doubled quote and a line break, and CRLF
 * endings in places. bad_row, when nonzero, gets a stray quote in its second field. */
#define MANY_ROWS 120000
static char *many_rows(size_t bad_row, test_log *expected, long *bad_line) {
  test_log content = {0};
  test_log_text(&content, "a,b,c\n");
  long line = 2;
  char text[128];
  for (size_t i = 1; i <= MANY_ROWS; i++) {
    int quoted = i % 997 == 0, crlf = i % 13 == 0;
    if (i == bad_row) {
      snprintf(text, sizeof text, "%zu,x\"y,z\n", i);
      *bad_line = line;
    } else if (quoted) {
      snprintf(text, sizeof text, "%zu,\"q\"\"uote\nline\",c%zu%s", i, i % 7, crlf ? "\r\n" : "\n");
    } else {
      snprintf(text, sizeof text, "%zu,value%zu,c%zu%s", i, i * 7919 % 100003, i % 7,
               crlf ? "\r\n" : "\n");
    }
    test_log_text(&content, text);
    if (expected) {
      if (quoted)
        snprintf(text, sizeof text, "'%zu' 'q\"uote\nline' 'c%zu' @%ld\n", i, i % 7, line);
      else
        snprintf(text, sizeof text, "'%zu' 'value%zu' 'c%zu' @%ld\n", i, i * 7919 % 100003,
                 i % 7, line);
      test_log_text(expected, text);
    }
    line += quoted ? 2 : 1;
  }
  return content.text;
}

static void plugin_many_parts(void **state) {
  test_log expected = {0};
  char *content = many_rows(0, &expected, NULL);
  check_load(state, content, NULL, NULL, "a:infer b:infer c:infer", expected.text);
  free(content);
  test_log_free(&expected);
}

static void plugin_error_in_a_later_part(void **state) {
  long bad_line = 0;
  char *content = many_rows(MANY_ROWS - 10, NULL, &bad_line);
  sustain_source source = {0};
  int result = load(state, &source, content, NULL, NULL);
  /* reported once, where the quote is, after the rows before it were handed over */
  long column = snprintf(NULL, 0, "%d", MANY_ROWS - 10) + 3; /* past "NNN,x" */
  check_one_error(state, &source, result, 1, bad_line, column, "quote inside an unquoted field");
  assert_true(source.row_count <= MANY_ROWS - 11);
  fake_source_free(&source);
  free(content);
}

static void plugin_host_refuses_in_a_later_part(void **state) {
  char *content = many_rows(0, NULL, NULL);
  sustain_source source = {.refuse_after_rows = 100000};
  assert_int_not_equal(load(state, &source, content, NULL, NULL), 0);
  assert_int_equal(source.error_count, 1); /* the host's own message, and nothing after it */
  assert_string_equal(source.errors[0].message, "host refused the row");
  assert_int_equal(source.row_count, 100000);
  fake_source_free(&source);
  free(content);
}

static void plugin_unreadable_file(void **state) {
  const test_folder *folder = *state;
  sustain_source source = {.plugin = &sustain_plugin};
  fake_source_option(&source, "path", "/nonexistent/sustain/test.csv");
  assert_int_not_equal(sustain_plugin.load(&folder->host, &source), 0);
  assert_int_equal(source.error_count, 1);
  assert_string_equal(source.errors[0].file, "/nonexistent/sustain/test.csv");
  assert_int_equal(source.errors[0].line, 0);
  assert_non_null(strstr(source.errors[0].message, "cannot open the file"));
  fake_source_free(&source);
}

static void plugin_stops_when_host_refuses(void **state) {
  /* The host has recorded its own error; the plugin adds none and stops. */
  sustain_source source = {.refuse_add_column = 1};
  assert_int_not_equal(load(state, &source, "a,b\n1,2\n", NULL, NULL), 0);
  assert_int_equal(source.error_count, 1);
  assert_string_equal(source.errors[0].message, "host refused the column");
  assert_null(source.rows.text);
  fake_source_free(&source);

  source = (sustain_source){.refuse_end_row = 1};
  assert_int_not_equal(load(state, &source, "a,b\n1,2\n3,4\n", NULL, NULL), 0);
  assert_int_equal(source.error_count, 1);
  assert_string_equal(source.errors[0].message, "host refused the row");
  assert_int_equal(source.errors[0].line, 2);
  fake_source_free(&source);
}

/* ** {======================================================
** Split loads: a file read in parts, as the host does on several threads
** ======================================================= */


/* The rows logged, without their " @LINE" marks: a part counts lines from its start. */
static char *without_lines(const char *rows) {
  char *out = strdup(rows ? rows : "");
  assert_non_null(out);
  char *to = out;
  for (const char *at = rows ? rows : ""; *at;) {
    if (at[0] == ' ' && at[1] == '@') {
      at += 2;
      while (*at >= '0' && *at <= '9') at++;
      continue;
    }
    *to++ = *at++;
  }
  *to = '\0';
  return out;
}

/* Loads content whole and in `parts` parts. Returns how many parts failed; when
 * none did, every part declared the whole's columns and the parts' rows, in
 * order, are the whole's rows. */
static int compare_split(void **state, const char *content, const char *types, uint32_t parts) {
  test_folder *folder = *state;
  sustain_source whole = {0};
  give_file_n(state, &whole, content, strlen(content), NULL, types);
  assert_int_equal(sustain_plugin.load(&folder->host, &whole), 0);
  char *expected = without_lines(whole.rows.text);
  test_log joined = {0};
  int failures = 0;
  for (uint32_t k = 0; k < parts; k++) {
    sustain_source part = {0};
    give_file_n(state, &part, content, strlen(content), NULL, types);
    if (sustain_plugin.load_part(&folder->host, &part, k, parts) != 0) {
      assert_true(part.error_count > 0); /* a failure always says why */
      failures++;
    } else {
      assert_int_equal(part.error_count, 0);
      assert_int_equal(part.protocol_violations, 0);
      assert_string_equal(part.columns.text, whole.columns.text);
      char *rows = without_lines(part.rows.text);
      test_log_text(&joined, rows);
      free(rows);
    }
    fake_source_free(&part);
  }
  if (failures == 0) assert_string_equal(joined.text ? joined.text : "", expected);
  test_log_free(&joined);
  free(expected);
  fake_source_free(&whole);
  return failures;
}

/* A file of `rows` records in the shapes a real extract has. */
static char *split_fixture(const char *bom, const char *eol, int rows, int quoted, int trailing) {
  test_log log = {0};
  test_log_text(&log, bom);
  test_log_text(&log, "la,n,name");
  test_log_text(&log, eol);
  for (int r = 0; r < rows; r++) {
    char line[96];
    snprintf(line, sizeof line, quoted ? "la%02d,%d,\"name, \"\"%d\"\"\"" : "la%02d,%d,name %d",
             r % 7, r, r * 31 % 17);
    test_log_text(&log, line);
    if (r + 1 < rows || trailing) test_log_text(&log, eol);
    if (r % 13 == 5) test_log_text(&log, eol); /* an empty line, skipped */
  }
  return log.text;
}

static void plugin_split_gives_the_rows_of_the_whole(void **state) {
  static const struct {
    const char *bom, *eol;
    int quoted, trailing;
  } shapes[] = {
      {"", "\n", 0, 1},         {"", "\r\n", 0, 1}, {"\xEF\xBB\xBF", "\n", 1, 0},
      {"", "\r\n", 1, 0},       {"", "\n", 1, 1},
  };
  for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
    char *content = split_fixture(shapes[i].bom, shapes[i].eol, 90, shapes[i].quoted,
                                  shapes[i].trailing);
    for (uint32_t parts = 1; parts <= 7; parts++)
      assert_int_equal(compare_split(state, content, "n:number", parts), 0);
    free(content);
  }
  /* more parts than lines: some parts are empty, and still succeed */
  assert_int_equal(compare_split(state, "a,b\n1,2\n", NULL, 5), 0);
  assert_int_equal(compare_split(state, "a,b\n", NULL, 3), 0);
}

static void plugin_split_inside_a_quoted_field_fails(void **state) {
  /* a quoted field of many lines around the middle of the file: the line feed
   * after the middle is inside it, so the first part ends in an open quote */
  test_log log = {0};
  test_log_text(&log, "id,note\n");
  for (int r = 0; r < 10; r++) test_log_text(&log, "1,short\n");
  test_log_text(&log, "2,\"");
  for (int r = 0; r < 40; r++) test_log_text(&log, "a line of a long note\n");
  test_log_text(&log, "\"\n");
  for (int r = 0; r < 10; r++) test_log_text(&log, "3,short\n");
  assert_true(compare_split(state, log.text, NULL, 2) > 0);
  test_log_free(&log);
}

static void plugin_split_counts_parts_by_size(void **state) {
  test_folder *folder = *state;
  sustain_source source = {0};
  give_file_n(state, &source, "a\n1\n", 4, NULL, NULL);
  assert_int_equal(sustain_plugin.count_parts(&folder->host, &source, 8), 1);
  /* 9 MB (sparse): two parts of at least 4 MB, however many threads there are */
  assert_int_equal(truncate(folder->file, 9 * 1024 * 1024), 0);
  assert_int_equal(sustain_plugin.count_parts(&folder->host, &source, 8), 2);
  assert_int_equal(sustain_plugin.count_parts(&folder->host, &source, 2), 2);
  fake_source_free(&source);
  sustain_source missing = {.plugin = &sustain_plugin};
  fake_source_option(&missing, "path", "/nonexistent/sustain/test.csv");
  assert_int_equal(sustain_plugin.count_parts(&folder->host, &missing, 8), 1); /* load says why */
  assert_int_equal(missing.error_count, 0);
  fake_source_free(&missing);
}

/* }====================================================== */

int main(void) {
  const struct CMUnitTest reader_tests[] = {
      cmocka_unit_test(reader_plain_records),
      cmocka_unit_test(reader_plain_runs_agree),
      cmocka_unit_test(reader_empty_fields),
      cmocka_unit_test(reader_quoted_fields),
      cmocka_unit_test(reader_every_field_quoted),
      cmocka_unit_test(reader_embedded_newlines_commas_quotes),
      cmocka_unit_test(reader_line_endings),
      cmocka_unit_test(reader_byte_order_mark),
      cmocka_unit_test(reader_no_final_newline),
      cmocka_unit_test(reader_empty_lines_skipped),
      cmocka_unit_test(reader_delimiters),
      cmocka_unit_test(reader_valid_utf8),
      cmocka_unit_test(reader_big_fields),
      cmocka_unit_test(reader_offsets),
      cmocka_unit_test(reader_callback_stops),
      cmocka_unit_test(reader_bad_delimiters),
      cmocka_unit_test(reader_locate),
      cmocka_unit_test(reader_unterminated_quote),
      cmocka_unit_test(reader_stray_quote),
      cmocka_unit_test(reader_text_after_closing_quote),
      cmocka_unit_test(reader_nul_byte),
      cmocka_unit_test(reader_invalid_utf8),
  };
  const struct CMUnitTest plugin_tests[] = {
      cmocka_unit_test(plugin_descriptor),
      cmocka_unit_test(plugin_loads_a_table),
      cmocka_unit_test(plugin_missing_markers),
      cmocka_unit_test(plugin_columns_option),
      cmocka_unit_test(plugin_bom_crlf_quotes_newlines),
      cmocka_unit_test(plugin_mixed_endings_no_final_newline),
      cmocka_unit_test(plugin_delimiter_option),
      cmocka_unit_test(plugin_bad_delimiter_option),
      cmocka_unit_test(plugin_types_option),
      cmocka_unit_test(plugin_bad_types_option),
      cmocka_unit_test(plugin_declared_dates_checked),
      cmocka_unit_test(plugin_header_only),
      cmocka_unit_test(plugin_empty_file),
      cmocka_unit_test(plugin_duplicate_header_names),
      cmocka_unit_test(plugin_header_that_is_data),
      cmocka_unit_test(plugin_empty_header_names),
      cmocka_unit_test(plugin_short_rows),
      cmocka_unit_test(plugin_long_rows),
      cmocka_unit_test(plugin_parse_errors),
      cmocka_unit_test(plugin_big_cell),
      cmocka_unit_test(plugin_many_parts),
      cmocka_unit_test(plugin_error_in_a_later_part),
      cmocka_unit_test(plugin_host_refuses_in_a_later_part),
      cmocka_unit_test(plugin_unreadable_file),
      cmocka_unit_test(plugin_stops_when_host_refuses),
      cmocka_unit_test(plugin_split_gives_the_rows_of_the_whole),
      cmocka_unit_test(plugin_split_inside_a_quoted_field_fails),
      cmocka_unit_test(plugin_split_counts_parts_by_size),
  };
  int failed = cmocka_run_group_tests_name("csv reader", reader_tests, NULL, NULL);
  failed += cmocka_run_group_tests_name("csv plugin", plugin_tests, folder_setup, folder_teardown);
  failed += cmocka_run_group_tests_name("csv plugin, host of ABI 1.2 or 1.3", plugin_tests,
                                        folder_setup_rows_host, folder_teardown);
  failed += cmocka_run_group_tests_name("csv plugin, host before ABI 1.2", plugin_tests,
                                        folder_setup_old_host, folder_teardown);
  failed += cmocka_run_group_tests_name("csv plugin, host of ABI 1.3 as long as 1.4's",
                                        plugin_tests, folder_setup_long_old_host, folder_teardown);
  failed += cmocka_run_group_tests_name("csv plugin, host leaving its block functions NULL",
                                        plugin_tests, folder_setup_host_without_blocks,
                                        folder_teardown);
  return failed ? 1 : 0;
}
