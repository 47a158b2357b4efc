/* csv_reader.c: the RFC 4180 scanner behind csv_reader.h.
 * Authorities' extracts run to gigabytes, so the inner loops only skip plain bytes by a
 * table lookup and stop at the few bytes that mean something (delimiter, quote, line
 * breaks, NUL, non-ASCII). Fields are handed out in place and copied only when doubled
 * quotes must be unescaped. Positions for messages are worked out only on error.
 * The parser is one state (csv_parser) and a function for each thing it reads: an
 * empty line, a record, a quoted or an unquoted field; how the handler takes what is
 * read (field by field, records whole, or runs of records it reads itself) is decided
 * in hand_field, hand_record_end and offer_records. */
#include "csv_reader.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "utf8.h"

#define QUOTE '"'

/* A UTF-8 byte order mark, which spreadsheet programs put at the start of "CSV UTF-8". */
#define UTF8_BOM "\xEF\xBB\xBF"
#define UTF8_BOM_LENGTH 3

/* Smallest unescape buffer; it doubles from there as long fields need. */
#define CSV_SCRATCH_MINIMUM_CAPACITY 256

/* Advice added to every encoding error: the usual cause is an export in a legacy code page. */
#define CSV_ENCODING_ADVICE \
  "; the file may be saved in another encoding (such as Windows-1252): save it as CSV UTF-8"

/* What a byte means to the scanner. PLAIN is zero so that the skip loops test one value. */
typedef enum byte_class {
  BYTE_PLAIN = 0,
  BYTE_DELIMITER,
  BYTE_QUOTE,
  BYTE_LINE_FEED,
  BYTE_CARRIAGE_RETURN,
  BYTE_NUL,
  BYTE_NON_ASCII /* starts, or wrongly continues, a multi-byte UTF-8 sequence */
} byte_class;

/* What each byte means to the scanner, for one delimiter: built once per parse. */
typedef struct csv_bytes {
  /* Two tables because the delimiter is plain data inside quotes. */
  unsigned char unquoted_class[256], quoted_class[256];
#if defined(__SSE2__)
  __m128i delimiters; /* the delimiter in each of 16 bytes, for skip_plain's probe: made
                         once, not once a field */
#endif
  unsigned char delimiter;
} csv_bytes;

/* The buffer a quoted field is unescaped into when it holds doubled quotes. */
typedef struct csv_scratch {
  char *bytes;
  size_t length, capacity;
} csv_scratch;

/* ** {======================================================
** Helpers (cold paths and small inlines)
** ======================================================= */

const char *csv_delimiter_problem(unsigned char delimiter) {
  if (delimiter == '\0') return "the delimiter cannot be the NUL byte";
  if (delimiter == '\n' || delimiter == '\r') return "the delimiter cannot be a line break";
  if (delimiter == QUOTE) return "the delimiter cannot be the quote character \"";
  if (delimiter >= 0x80) return "the delimiter must be a single ASCII character";
  return NULL;
}

csv_position csv_locate(const char *data, size_t length, size_t line_start, long line,
                        size_t offset) {
  const unsigned char *bytes = (const unsigned char *)data;
  if (offset > length) offset = length;
  if (line_start > offset) line_start = offset;
  if (line_start == 0 && line <= 1 && offset >= UTF8_BOM_LENGTH &&
      memcmp(bytes, UTF8_BOM, UTF8_BOM_LENGTH) == 0)
    line_start = UTF8_BOM_LENGTH; /* the mark is not a character the user can see */
  csv_position position = {line, 1};
  for (size_t i = line_start; i < offset; i++) {
    unsigned char byte = bytes[i];
    if (byte == '\n' || byte == '\r') {
      /* CRLF is one break; its LF is skipped only when it lies before offset. */
      if (byte == '\r' && i + 1 < offset && bytes[i + 1] == '\n') i++;
      position.line++;
      position.column = 1;
    } else if ((byte & 0xC0) != 0x80) {
      position.column++; /* continuation bytes belong to the character before them */
    }
  }
  return position;
}

/* Fills error with the position of at (found by counting from line_start, the start of
 * line number line) and message; returns CSV_MALFORMED. */
static int fail_where(csv_error *error, const unsigned char *data, const unsigned char *end,
                      const unsigned char *line_start, long line, const unsigned char *at,
                      const char *message) {
  csv_position position = csv_locate((const char *)data, (size_t)(end - data),
                                     (size_t)(line_start - data), line, (size_t)(at - data));
  error->line = position.line;
  error->column = position.column;
  snprintf(error->message, sizeof error->message, "%s", message);
  return CSV_MALFORMED;
}

/* Reports the malformed UTF-8 sequence starting at at. */
static int fail_utf8(csv_error *error, const unsigned char *data, const unsigned char *end,
                     const unsigned char *line_start, long line, const unsigned char *at,
                     utf8_status problem) {
  const char *what = "";
  switch (problem) {
  case UTF8_VALID: break; /* never reported */
  case UTF8_STRAY_CONTINUATION: what = "continues a character that never started"; break;
  case UTF8_OVERLONG: what = "starts an overlong encoding"; break;
  case UTF8_SURROGATE: what = "starts an encoded UTF-16 surrogate"; break;
  case UTF8_TOO_LARGE: what = "starts a code point above U+10FFFF"; break;
  case UTF8_NEVER_VALID: what = "never appears in UTF-8"; break;
  case UTF8_TRUNCATED: what = "starts a character that is cut short"; break;
  }
  char message[CSV_ERROR_MESSAGE_SIZE];
  snprintf(message, sizeof message, "invalid UTF-8: byte 0x%02X %s%s", (unsigned)*at, what,
           CSV_ENCODING_ADVICE);
  return fail_where(error, data, end, line_start, line, at, message);
}

/* Appends count bytes to the scratch buffer. Returns 0, or -1 on out of memory (or a size
 * that cannot be represented), leaving the buffer as it was. */
static int scratch_append(csv_scratch *scratch, const unsigned char *bytes, size_t count) {
  if (count == 0) return 0; /* memcpy may not be handed a NULL buffer, even for 0 bytes */
  if (count > scratch->capacity - scratch->length) {
    if (count > SIZE_MAX - scratch->length) return -1;
    size_t needed = scratch->length + count;
    size_t capacity = scratch->capacity ? scratch->capacity : CSV_SCRATCH_MINIMUM_CAPACITY;
    while (capacity < needed) capacity = capacity > SIZE_MAX / 2 ? needed : capacity * 2;
    char *grown = realloc(scratch->bytes, capacity);
    if (!grown) return -1;
    scratch->bytes = grown;
    scratch->capacity = capacity;
  }
  memcpy(scratch->bytes + scratch->length, bytes, count);
  scratch->length += count;
  return 0;
}

/* Returns the first byte at or after p that is not plain (per the class table), or end.
 * Fields are short, so one 16-byte probe usually finds the end of the field; with SSE2
 * (every x86-64) the probe compares 16 bytes with the few bytes that mean something at
 * once, and any byte with its high bit set stops it too. */
static inline const unsigned char *skip_plain(const unsigned char *p, const unsigned char *end,
                                              const unsigned char *byte_class,
                                              const csv_bytes *bytes) {
#if defined(__SSE2__)
  const __m128i wanted_delimiter = bytes->delimiters;
  const __m128i quote = _mm_set1_epi8(QUOTE), lf = _mm_set1_epi8('\n'),
                cr = _mm_set1_epi8('\r'), nul = _mm_setzero_si128();
  while (end - p >= 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i special = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, wanted_delimiter), _mm_cmpeq_epi8(v, quote)),
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)),
                     _mm_cmpeq_epi8(v, nul)));
    unsigned bits = (unsigned)_mm_movemask_epi8(_mm_or_si128(special, v));
    if (bits) {
      p += __builtin_ctz(bits);
      /* the delimiter is plain inside quotes: the table has the last word */
      if (byte_class[*p] != BYTE_PLAIN) return p;
      p++;
      continue;
    }
    p += 16;
  }
#else
  (void)bytes;
#endif
  while (p < end && byte_class[*p] == BYTE_PLAIN) p++;
  return p;
}

/* The fields of the record in hand, for a handler that takes records whole. A field
 * unescaped into the scratch buffer is found by its place there (scratch_at), since the
 * buffer may move while the record is read; SIZE_MAX marks a field in the input. */
typedef struct field_list {
  csv_field *fields;
  size_t *scratch_at;
  size_t count, capacity;
} field_list;

static inline int field_push(field_list *list, const unsigned char *bytes, size_t length,
                             int quoted, size_t offset, size_t scratch_at) {
  if (list->count == list->capacity) {
    size_t capacity = list->capacity ? list->capacity * 2 : 32;
    csv_field *fields = realloc(list->fields, capacity * sizeof *fields);
    if (fields) list->fields = fields;
    size_t *at = fields ? realloc(list->scratch_at, capacity * sizeof *at) : NULL;
    if (!at) return -1;
    list->scratch_at = at;
    list->capacity = capacity;
  }
  list->fields[list->count] = (csv_field){(const char *)bytes, length, offset, quoted};
  list->scratch_at[list->count++] = scratch_at;
  return 0;
}

/* Returns the first byte after the line break at p (LF, CR or CRLF). */
static inline const unsigned char *skip_line_break(const unsigned char *p,
                                                   const unsigned char *end) {
  if (*p == '\r' && p + 1 < end && p[1] == '\n') return p + 2;
  return p + 1;
}

/* }====================================================== */

/* ** {======================================================
** The parser: one state, one function per thing it reads
** ======================================================= */

/* What the functions below return besides csv_parse's own codes: the part ends inside
 * the record (or empty line) in hand, which must begin the next part. Never returned
 * to the caller. */
#define CSV_PART_ENDS 100

/* The parse of one part, as its functions share it. */
typedef struct csv_parser {
  const unsigned char *data, *end; /* the part */
  const unsigned char *p;          /* the next byte to read, at the start of a line */
  int last;                        /* no input follows the part */
  long line;                       /* the line being read */
  const unsigned char *line_start; /* where that line starts, for positions in messages */
  csv_bytes bytes;     /* built per call: the delimiter varies, and nothing global keeps them */
  const csv_handler *handler;
  field_list list;     /* the record in hand, for a handler that takes records whole */
  csv_scratch scratch; /* unescaped quoted fields of the record in hand */
  csv_error *error;
} csv_parser;

/* One field as read: where it starts and ends, and its value. The readers leave the
 * parser's place alone; the record's reader moves on from the field's end. */
typedef struct csv_read_field {
  const unsigned char *start; /* its first byte: the opening quote when quoted */
  const unsigned char *end;   /* just past it: its delimiter, line break or the input's end */
  const unsigned char *value;
  size_t length;
  size_t scratch_at; /* where an unescaped value is in the scratch buffer; SIZE_MAX: in the
                        input */
  int quoted;
} csv_read_field;

/* Reports the NUL byte at at. */
static int fail_binary(csv_parser *parser, const unsigned char *at) {
  return fail_where(parser->error, parser->data, parser->end, parser->line_start, parser->line,
                    at, "NUL byte: the file looks binary, not CSV text (a spreadsheet or a "
                        "UTF-16 file?); export the data as CSV UTF-8");
}

/* Checks the options and the start of the input, and builds the byte tables. Returns
 * CSV_OK, or CSV_BAD_OPTIONS or CSV_MALFORMED with the error filled. */
static int parser_start(csv_parser *parser, const csv_options *options,
                        const csv_progress *progress) {
  const unsigned char delimiter = options ? options->delimiter : CSV_DEFAULT_DELIMITER;
  const char *delimiter_problem = csv_delimiter_problem(delimiter);
  if (delimiter_problem) {
    snprintf(parser->error->message, sizeof parser->error->message, "%s", delimiter_problem);
    return CSV_BAD_OPTIONS;
  }
  const unsigned char *data = parser->data;
  const size_t length = (size_t)(parser->end - data);
  if (!progress->first) {
    /* the mark and the UTF-16 check belong to the start of the input only */
  } else if (length >= UTF8_BOM_LENGTH && memcmp(data, UTF8_BOM, UTF8_BOM_LENGTH) == 0) {
    parser->p += UTF8_BOM_LENGTH;
    parser->line_start = parser->p;
  } else if (length >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) ||
                             (data[0] == 0xFE && data[1] == 0xFF))) {
    /* Caught here because the byte-level message would not tell the user what to do. */
    parser->error->line = 1;
    parser->error->column = 1;
    snprintf(parser->error->message, sizeof parser->error->message,
             "the file is UTF-16 text (it starts with a UTF-16 byte order mark); "
             "save it as CSV UTF-8");
    return CSV_MALFORMED;
  }
  csv_bytes *bytes = &parser->bytes;
  memset(bytes->unquoted_class, BYTE_PLAIN, 0x80);
  bytes->unquoted_class[(unsigned char)QUOTE] = BYTE_QUOTE;
  bytes->unquoted_class['\n'] = BYTE_LINE_FEED;
  bytes->unquoted_class['\r'] = BYTE_CARRIAGE_RETURN;
  bytes->unquoted_class['\0'] = BYTE_NUL;
  memset(bytes->unquoted_class + 0x80, BYTE_NON_ASCII, 0x80);
  memcpy(bytes->quoted_class, bytes->unquoted_class, sizeof bytes->quoted_class);
  bytes->unquoted_class[delimiter] = BYTE_DELIMITER;
  bytes->delimiter = delimiter;
#if defined(__SSE2__)
  bytes->delimiters = _mm_set1_epi8((char)delimiter);
#endif
  return CSV_OK;
}

/* Steps over the character at p that starts with a non-ASCII byte. Returns CSV_OK, or
 * CSV_PART_ENDS when the part cuts it short, or CSV_MALFORMED. */
static inline int step_utf8(csv_parser *parser, const unsigned char **p) {
  size_t sequence;
  const utf8_status problem = utf8_next(*p, (size_t)(parser->end - *p), &sequence);
  if (problem == UTF8_TRUNCATED && !parser->last && parser->end - *p < 4) return CSV_PART_ENDS;
  if (problem != UTF8_VALID)
    return fail_utf8(parser->error, parser->data, parser->end, parser->line_start, parser->line,
                     *p, problem);
  *p += sequence;
  return CSV_OK;
}

/* Reads the quoted field whose opening quote is at field->start, up to and past its
 * closing quote; "" is one quote, and the value is unescaped into the scratch buffer
 * only when one is met. Line breaks inside are data, but count as lines. */
static int read_quoted(csv_parser *parser, csv_read_field *field) {
  const unsigned char *const end = parser->end;
  const long open_line = parser->line;
  const unsigned char *const open_line_start = parser->line_start;
  const unsigned char *p = field->start + 1;
  const unsigned char *segment = p; /* bytes not yet copied, when unescaping */
  int unescaping = 0;
  const size_t scratch_start = parser->scratch.length; /* a record's fields share it */
  for (;;) {
    p = skip_plain(p, end, parser->bytes.quoted_class, &parser->bytes);
    if (p == end && !parser->last) return CSV_PART_ENDS;
    if (p == end)
      return fail_where(parser->error, parser->data, end, open_line_start, open_line,
                        field->start,
                        "quoted field is never closed: this quote has no closing quote; close "
                        "it, and double any quote inside the field (\"\")");
    const byte_class found = parser->bytes.quoted_class[*p];
    if (found == BYTE_QUOTE) {
      if (!(p + 1 < end && p[1] == QUOTE)) break; /* the closing quote */
      /* "" is one quote: copy up to the first */
      if (scratch_append(&parser->scratch, segment, (size_t)(p + 1 - segment)) != 0)
        return CSV_OUT_OF_MEMORY;
      unescaping = 1;
      p += 2;
      segment = p;
    } else if (found == BYTE_LINE_FEED || found == BYTE_CARRIAGE_RETURN) {
      p = skip_line_break(p, end);
      parser->line++;
      parser->line_start = p;
    } else if (found == BYTE_NON_ASCII) {
      const int status = step_utf8(parser, &p);
      if (status != CSV_OK) return status;
    } else { /* BYTE_NUL */
      return fail_binary(parser, p);
    }
  }
  if (unescaping) {
    if (scratch_append(&parser->scratch, segment, (size_t)(p - segment)) != 0)
      return CSV_OUT_OF_MEMORY;
    field->value = (const unsigned char *)parser->scratch.bytes + scratch_start;
    field->length = parser->scratch.length - scratch_start;
    field->scratch_at = scratch_start;
  } else {
    field->value = segment;
    field->length = (size_t)(p - segment);
  }
  field->end = ++p; /* past the closing quote */
  if (p == end) return CSV_OK;
  const byte_class after = parser->bytes.unquoted_class[*p];
  if (after == BYTE_NUL) return fail_binary(parser, p);
  if (after != BYTE_DELIMITER && after != BYTE_LINE_FEED && after != BYTE_CARRIAGE_RETURN)
    return fail_where(parser->error, parser->data, end, parser->line_start, parser->line, p,
                      "unexpected character after the closing quote of a quoted field; a "
                      "quote inside a quoted field must be doubled (\"\")");
  return CSV_OK;
}

/* Reads the unquoted field at field->start, up to the delimiter, line break or end of
 * input that ends it. A quote may not appear in it. */
static inline int read_unquoted(csv_parser *parser, csv_read_field *field) {
  const unsigned char *const end = parser->end;
  const unsigned char *p = field->start;
  for (;;) {
    p = skip_plain(p, end, parser->bytes.unquoted_class, &parser->bytes);
    if (p == end) break;
    const byte_class found = parser->bytes.unquoted_class[*p];
    if (found == BYTE_NON_ASCII) {
      const int status = step_utf8(parser, &p);
      if (status != CSV_OK) return status;
      continue;
    }
    if (found == BYTE_QUOTE)
      return fail_where(parser->error, parser->data, end, parser->line_start, parser->line, p,
                        "quote inside an unquoted field; put the whole field in quotes and "
                        "double each quote inside it (\"\")");
    if (found == BYTE_NUL) return fail_binary(parser, p);
    break; /* the delimiter or a line break ends the field */
  }
  field->value = field->start;
  field->length = (size_t)(p - field->start);
  field->end = p;
  return CSV_OK;
}

/* Hands a field to the handler: at once to one that takes fields, or into the record
 * in hand for one that takes records whole. */
static inline int hand_field(csv_parser *parser, const csv_read_field *field) {
  const csv_handler *handler = parser->handler;
  const size_t offset = (size_t)(field->start - parser->data);
  if (handler->record)
    return field_push(&parser->list, field->value, field->length, field->quoted, offset,
                      field->scratch_at) != 0
               ? CSV_OUT_OF_MEMORY
               : CSV_OK;
  if (handler->field && handler->field(handler->context, (const char *)field->value,
                                       field->length, field->quoted, offset) != 0)
    return CSV_STOPPED;
  return CSV_OK;
}

/* Tells the handler that the record which started at record_start on record_line has
 * ended at record_end: the whole record, to a handler that takes records whole. */
static int hand_record_end(csv_parser *parser, const unsigned char *record_start,
                           long record_line, const unsigned char *record_end) {
  const csv_handler *handler = parser->handler;
  const size_t start_offset = (size_t)(record_start - parser->data);
  const size_t end_offset = (size_t)(record_end - parser->data);
  if (handler->record) {
    field_list *list = &parser->list;
    for (size_t i = 0; i < list->count; i++) /* the buffer has stopped moving */
      if (list->scratch_at[i] != SIZE_MAX)
        list->fields[i].bytes = parser->scratch.bytes + list->scratch_at[i];
    return handler->record(handler->context, list->fields, list->count, record_line,
                           start_offset, end_offset) != 0
               ? CSV_STOPPED
               : CSV_OK;
  }
  if (handler->end_record &&
      handler->end_record(handler->context, record_line, start_offset, end_offset) != 0)
    return CSV_STOPPED;
  return CSV_OK;
}

/* Reads the record at parser->p, a field at a time, and its line break. The part's end
 * and whether it is the last are kept in locals: the handler's calls in between would
 * otherwise make the compiler fetch them again for every field. */
static int read_record(csv_parser *parser) {
  const unsigned char *const record_start = parser->p, *const end = parser->end;
  const long record_line = parser->line;
  const int last = parser->last;
  parser->scratch.length = 0;
  parser->list.count = 0;
  const unsigned char *p = record_start;
  for (;;) {
    csv_read_field field = {.start = p, .scratch_at = SIZE_MAX, .quoted = p < end && *p == QUOTE};
    int status = field.quoted ? read_quoted(parser, &field) : read_unquoted(parser, &field);
    if (status != CSV_OK) return status;
    p = field.end;
    /* a record is whole only once its line break (and what follows a CR) is in hand */
    if (!last && (p == end || (*p == '\r' && p + 1 == end))) return CSV_PART_ENDS;
    status = hand_field(parser, &field);
    if (status != CSV_OK) return status;
    if (p < end && *p == parser->bytes.delimiter) { /* another field follows, maybe empty */
      p++;
      continue;
    }
    status = hand_record_end(parser, record_start, record_line, p);
    if (status != CSV_OK) return status;
    if (p < end) { /* the record ended at a line break, not at the end of the input */
      p = skip_line_break(p, end);
      parser->line++;
      parser->line_start = p;
    }
    parser->p = p;
    return CSV_OK;
  }
}

/* Offers the handler the records at parser->p (csv_handler.records_at) and steps over
 * those it read. *taken is set when it read any. */
static int offer_records(csv_parser *parser, int *taken) {
  const csv_handler *handler = parser->handler;
  size_t bytes = 0, records = 0;
  *taken = 0;
  if (handler->records_at(handler->context, (const char *)parser->p,
                          (size_t)(parser->end - parser->p), parser->line, &bytes,
                          &records) != 0)
    return CSV_STOPPED;
  if (!bytes) return CSV_OK;
  *taken = 1;
  parser->p += bytes;
  parser->line += (long)records;
  parser->line_start = parser->p;
  return CSV_OK;
}

/* Steps over the line break of an empty line at parser->p; a fully empty line holds no
 * record. */
static int skip_empty_line(csv_parser *parser) {
  const unsigned char *p = parser->p;
  if (!parser->last && *p == '\r' && p + 1 == parser->end) return CSV_PART_ENDS; /* CRLF? */
  parser->p = skip_line_break(p, parser->end);
  parser->line++;
  parser->line_start = parser->p;
  return CSV_OK;
}

int csv_parse(const char *text, size_t length, const csv_options *options,
              const csv_handler *handler, csv_error *error) {
  csv_progress progress = {.line = 1, .first = 1, .last = 1};
  return csv_parse_part(text, length, options, handler, error, &progress);
}

int csv_parse_part(const char *text, size_t length, const csv_options *options,
                   const csv_handler *handler, csv_error *error, csv_progress *progress) {
  memset(error, 0, sizeof *error);
  progress->consumed = 0;
  csv_parser parser = {.data = (const unsigned char *)text,
                       .end = (const unsigned char *)text + length,
                       .p = (const unsigned char *)text,
                       .last = progress->last,
                       .line = progress->line,
                       .line_start = (const unsigned char *)text,
                       .handler = handler,
                       .error = error};
  int status = parser_start(&parser, options, progress);
  if (status != CSV_OK) return status;
  /* where the record (or empty line) in hand starts, for a part that ends inside it */
  const unsigned char *pending = parser.p;
  long pending_line = parser.line;
  while (status == CSV_OK && parser.p < parser.end) {
    pending = parser.p;
    pending_line = parser.line;
    if (*parser.p == '\n' || *parser.p == '\r') {
      status = skip_empty_line(&parser);
      continue;
    }
    int taken = 0;
    if (handler->records_at) status = offer_records(&parser, &taken);
    if (status == CSV_OK && !taken) status = read_record(&parser);
  }
  if (status == CSV_OK) {
    progress->consumed = length;
    progress->line = parser.line;
  } else if (status == CSV_PART_ENDS) { /* the rest starts a record the next part holds */
    progress->consumed = (size_t)(pending - parser.data);
    progress->line = pending_line;
    status = CSV_OK;
  } else if (status == CSV_OUT_OF_MEMORY) {
    snprintf(error->message, sizeof error->message,
             "out of memory unescaping a quoted field of %zu bytes or more",
             parser.scratch.length);
  }
  free(parser.scratch.bytes);
  free(parser.list.fields);
  free(parser.list.scratch_at);
  return status;
}

/* }====================================================== */
