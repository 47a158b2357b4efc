/* csv_reader.h: an RFC 4180 parser over a buffer held whole in memory.
 * It knows nothing of the plugin ABI: csv_plugin.c feeds it a file and turns its
 * callbacks into host calls; the unit tests and fuzz targets drive it directly.
 * It never prints and never exits; problems come back as a located csv_error. */
#ifndef SUSTAIN_CSV_READER_H
#define SUSTAIN_CSV_READER_H

#include <stddef.h>

/* Room for one error message, including its advice; longer messages are cut. */
#define CSV_ERROR_MESSAGE_SIZE 256

/* The delimiter a CSV file uses unless told otherwise (RFC 4180). */
#define CSV_DEFAULT_DELIMITER ','

/* What csv_parse returns. Like inih, the code says exactly what happened. */
enum {
  CSV_OK = 0,             /* the whole input was parsed */
  CSV_MALFORMED = 1,      /* the input is not valid CSV or not UTF-8 text; see the error */
  CSV_STOPPED = 2,        /* a callback returned nonzero; the error is left empty */
  CSV_BAD_OPTIONS = 3,    /* the options cannot work (say, a quote as the delimiter) */
  CSV_OUT_OF_MEMORY = -1  /* unescaping a quoted field needed memory that was refused */
};

typedef struct csv_options {
  /* One ASCII byte separating fields; see csv_delimiter_problem for the bytes refused. */
  unsigned char delimiter;
} csv_options;

/* A place in the input. Lines are 1-based and end at LF, CRLF or a lone CR (a line
 * break inside a quoted field counts too, so numbers match what an editor shows).
 * Columns are 1-based and count characters (UTF-8 code points), not bytes. */
typedef struct csv_position {
  long line;
  long column;
} csv_position;

typedef struct csv_error {
  long line;   /* 0 when the problem has no place in the input (bad options) */
  long column; /* 0 when line is 0 */
  char message[CSV_ERROR_MESSAGE_SIZE]; /* says what is wrong and what to do */
} csv_error;

/* One field of a record given whole (csv_handler.record). */
typedef struct csv_field {
  const char *bytes; /* into the input, or the parser's own buffer when unescaped */
  size_t length;
  size_t offset;     /* where the field starts (its opening quote when quoted) */
  int quoted;
} csv_field;

/* Receives the parsed input. Offsets are byte offsets from the start of the buffer as
 * given (a byte order mark included), so csv_locate can turn them into positions. */
typedef struct csv_handler {
  /* One field of the current record, in order. bytes point into the input, or into
   * the parser's own buffer when doubled quotes had to be unescaped, and are valid
   * only during the call; they are never NUL-terminated. was_quoted tells "" from an
   * unquoted empty field. offset is where the field starts (its opening quote when
   * quoted). Returns 0 to go on, nonzero to stop parsing. */
  int (*field)(void *context, const char *bytes, size_t length, int was_quoted,
               size_t offset);
  /* The end of the current record, which had at least one field. line is the line the
   * record starts on; start_offset is where its first field starts (always the start
   * of a line); end_offset is just past its last field (its line break, or the end of
   * the input). Returns 0 to go on, nonzero to stop parsing. */
  int (*end_record)(void *context, long line, size_t start_offset, size_t end_offset);
  void *context; /* passed to the callbacks */
  /* Optional, and then used instead of the two above: each record whole, its count
   * fields valid during the call, with the record's line and offsets as end_record has
   * them. */
  int (*record)(void *context, const csv_field *fields, size_t count, long line,
                size_t start_offset, size_t end_offset);
  /* Optional: offered the input where each record starts (at, with available bytes
   * before the end of the part, on line `line`), before the parser reads it. The
   * handler may read whole one-line records there itself, each ended by its line
   * break: it sets *taken to the bytes it read (line breaks included) and *records
   * to how many, or leaves both 0 to let the parser read the record. Returns 0 to go
   * on, nonzero to stop parsing. */
  int (*records_at)(void *context, const char *at, size_t available, long line,
                    size_t *taken, size_t *records);
} csv_handler;

/* Parses length bytes at data, calling the handler for each field and each record.
 * - Fields may be quoted; "" inside quotes is one quote; inside quotes the delimiter,
 *   CR and LF are plain data (line breaks are passed on as they are, not normalised).
 * - Records end at LF, CRLF or a lone CR, in any mix, or at the end of the input.
 * - A UTF-8 byte order mark at the very start is skipped. Fully empty lines outside
 *   quotes are skipped; a line holding only "" is a record with one empty field.
 * - Every byte must be UTF-8 text: no NUL bytes, no malformed, overlong or surrogate
 *   sequences, nothing above U+10FFFF.
 * Stops at the first problem: returns CSV_MALFORMED with error filled in. An
 * unterminated quoted field is reported where its opening quote is; invalid UTF-8
 * where the malformed sequence starts; a stray quote or a character after a closing
 * quote where that character is. Fields may be of any size; memory is used only to
 * unescape a quoted field holding doubled quotes, and is freed before returning.
 * error may not be NULL; it is cleared first. */
int csv_parse(const char *data, size_t length, const csv_options *options,
              const csv_handler *handler, csv_error *error);

/* Where the parse of an input given in parts stands (csv_parse_part). */
typedef struct csv_progress {
  long line;       /* in: the line the part starts on (1 for the first part); out: the line
                    * at `consumed` */
  int first;       /* in: the part starts the input (a byte order mark may open it) */
  int last;        /* in: no input follows the part */
  size_t consumed; /* out: bytes of whole records (and empty lines) parsed */
} csv_progress;

/* Parses one part of an input too large to hold whole, as csv_parse parses the
 * whole. Records are passed on only once complete: a part that is not the last
 * ends the parse at the start of its unfinished record (consumed tells where;
 * line tells its line), and that record must begin the next part, with more
 * bytes after it. Fields of the unfinished record may already have been given
 * to the field callback; they are given again with the next part, so the
 * caller drops the fields of a record that has not ended. Offsets are from the
 * start of the part. Returns as csv_parse does. */
int csv_parse_part(const char *data, size_t length, const csv_options *options,
                   const csv_handler *handler, csv_error *error, csv_progress *progress);

/* Returns why delimiter cannot separate fields (NUL, CR, LF, the quote, or a byte
 * that is not ASCII), or NULL when it can. csv_parse refuses the same bytes. */
const char *csv_delimiter_problem(unsigned char delimiter);

/* Returns the position of byte offset within data, counting from line_start, a byte
 * offset where line number `line` begins (0 and 1 count from the top; a byte order
 * mark there is skipped). Cost is linear in offset - line_start, so pass the start of
 * the record in hand rather than 0 when you have it. An offset past the end is taken
 * as the end. Meant for error messages, not for the hot path. */
csv_position csv_locate(const char *data, size_t length, size_t line_start, long line,
                        size_t offset);

#endif
