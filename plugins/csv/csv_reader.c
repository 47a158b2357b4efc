/* csv_reader.c: the RFC 4180 scanner behind csv_reader.h.
 * Authorities' extracts run to gigabytes, so the inner loops only skip plain bytes by a
 * table lookup and stop at the few bytes that mean something (delimiter, quote, line
 * breaks, NUL, non-ASCII). Fields are handed out in place and copied only when doubled
 * quotes must be unescaped. Positions for messages are worked out only on error. */
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
                                              unsigned char delimiter) {
#if defined(__SSE2__)
  const __m128i wanted_delimiter = _mm_set1_epi8((char)delimiter);
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
  (void)delimiter;
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
** The parser
** ======================================================= */

int csv_parse(const char *text, size_t length, const csv_options *options,
              const csv_handler *handler, csv_error *error) {
  csv_progress progress = {.line = 1, .first = 1, .last = 1};
  return csv_parse_part(text, length, options, handler, error, &progress);
}

int csv_parse_part(const char *text, size_t length, const csv_options *options,
                   const csv_handler *handler, csv_error *error, csv_progress *progress) {
  const unsigned char *const data = (const unsigned char *)text;
  const unsigned char *const end = data + length;
  const unsigned char *p = data;
  const int last = progress->last;
  memset(error, 0, sizeof *error);
  progress->consumed = 0;

  const unsigned char delimiter = options ? options->delimiter : CSV_DEFAULT_DELIMITER;
  const char *delimiter_problem = csv_delimiter_problem(delimiter);
  if (delimiter_problem) {
    snprintf(error->message, sizeof error->message, "%s", delimiter_problem);
    return CSV_BAD_OPTIONS;
  }

  if (!progress->first) {
    /* the mark and the UTF-16 check belong to the start of the input only */
  } else if (length >= UTF8_BOM_LENGTH && memcmp(data, UTF8_BOM, UTF8_BOM_LENGTH) == 0) {
    p += UTF8_BOM_LENGTH;
  } else if (length >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) ||
                             (data[0] == 0xFE && data[1] == 0xFF))) {
    /* Caught here because the byte-level message would not tell the user what to do. */
    error->line = 1;
    error->column = 1;
    snprintf(error->message, sizeof error->message,
             "the file is UTF-16 text (it starts with a UTF-16 byte order mark); "
             "save it as CSV UTF-8");
    return CSV_MALFORMED;
  }

  /* Two tables because the delimiter is plain data inside quotes. Built per call: the
   * delimiter varies and there is no global state to cache them in. */
  unsigned char unquoted_class[256] = {0};
  unquoted_class[(unsigned char)QUOTE] = BYTE_QUOTE;
  unquoted_class['\n'] = BYTE_LINE_FEED;
  unquoted_class['\r'] = BYTE_CARRIAGE_RETURN;
  unquoted_class['\0'] = BYTE_NUL;
  memset(unquoted_class + 0x80, BYTE_NON_ASCII, 0x80);
  unsigned char quoted_class[256];
  memcpy(quoted_class, unquoted_class, sizeof quoted_class);
  unquoted_class[delimiter] = BYTE_DELIMITER;

  int (*const on_field)(void *, const char *, size_t, int, size_t) = handler->field;
  int (*const on_record)(void *, long, size_t, size_t) = handler->end_record;
  void *const context = handler->context;

  int (*const on_whole_record)(void *, const csv_field *, size_t, long, size_t, size_t) =
      handler->record;
  field_list list = {0};

  csv_scratch scratch = {0};
  long line = progress->line;
  const unsigned char *line_start = p;
  /* where the record (or empty line) in hand starts, for a part that ends inside it */
  const unsigned char *pending = p;
  long pending_line = line;
  int status = CSV_OK;

  while (p < end) {
    pending = p;
    pending_line = line;
    if (*p == '\n' || *p == '\r') { /* a fully empty line holds no record */
      if (!last && *p == '\r' && p + 1 == end) goto partial; /* CR, or the CR of a CRLF? */
      p = skip_line_break(p, end);
      line++;
      line_start = p;
      continue;
    }
    const unsigned char *const record_start = p;
    const long record_line = line;
    scratch.length = 0;
    list.count = 0;
    if (handler->records_at) {
      size_t taken = 0, records = 0;
      if (handler->records_at(context, (const char *)p, (size_t)(end - p), line, &taken,
                              &records) != 0) {
        status = CSV_STOPPED;
        goto finish;
      }
      if (taken) {
        p += taken;
        line += (long)records;
        line_start = p;
        continue;
      }
    }
    for (;;) { /* one field per turn, until the record ends */
      const unsigned char *const field_start = p;
      const unsigned char *value;
      size_t value_length, value_scratch_at = SIZE_MAX;
      int quoted = p < end && *p == QUOTE;
      if (quoted) {
        const long open_line = line;
        const unsigned char *const open_line_start = line_start;
        const unsigned char *segment = ++p; /* bytes not yet copied, when unescaping */
        int unescaping = 0;
        const size_t scratch_start = scratch.length; /* a record's fields share the buffer */
        for (;;) {
          p = skip_plain(p, end, quoted_class, delimiter);
          if (p == end && !last) goto partial;
          if (p == end) {
            status = fail_where(error, data, end, open_line_start, open_line, field_start,
                                "quoted field is never closed: this quote has no closing "
                                "quote; close it, and double any quote inside the field "
                                "(\"\")");
            goto finish;
          }
          const byte_class found = quoted_class[*p];
          if (found == BYTE_QUOTE) {
            if (p + 1 < end && p[1] == QUOTE) { /* "" is one quote: copy up to the first */
              if (scratch_append(&scratch, segment, (size_t)(p + 1 - segment)) != 0) {
                status = CSV_OUT_OF_MEMORY;
                goto finish;
              }
              unescaping = 1;
              p += 2;
              segment = p;
              continue;
            }
            break; /* the closing quote */
          }
          if (found == BYTE_LINE_FEED || found == BYTE_CARRIAGE_RETURN) {
            p = skip_line_break(p, end);
            line++;
            line_start = p;
          } else if (found == BYTE_NON_ASCII) {
            size_t sequence;
            const utf8_status problem = utf8_next(p, (size_t)(end - p), &sequence);
            if (problem == UTF8_TRUNCATED && !last && end - p < 4) goto partial;
            if (problem != UTF8_VALID) {
              status = fail_utf8(error, data, end, line_start, line, p, problem);
              goto finish;
            }
            p += sequence;
          } else { /* BYTE_NUL */
            goto binary;
          }
        }
        if (unescaping) {
          if (scratch_append(&scratch, segment, (size_t)(p - segment)) != 0) {
            status = CSV_OUT_OF_MEMORY;
            goto finish;
          }
          value = (const unsigned char *)scratch.bytes + scratch_start;
          value_length = scratch.length - scratch_start;
          value_scratch_at = scratch_start;
        } else {
          value = segment;
          value_length = (size_t)(p - segment);
        }
        p++; /* past the closing quote */
        if (p < end) {
          const byte_class after = unquoted_class[*p];
          if (after == BYTE_NUL) goto binary;
          if (after != BYTE_DELIMITER && after != BYTE_LINE_FEED &&
              after != BYTE_CARRIAGE_RETURN) {
            status = fail_where(error, data, end, line_start, line, p,
                                "unexpected character after the closing quote of a quoted "
                                "field; a quote inside a quoted field must be doubled (\"\")");
            goto finish;
          }
        }
      } else {
        for (;;) {
          p = skip_plain(p, end, unquoted_class, delimiter);
          if (p == end) break;
          const byte_class found = unquoted_class[*p];
          if (found == BYTE_NON_ASCII) {
            size_t sequence;
            const utf8_status problem = utf8_next(p, (size_t)(end - p), &sequence);
            if (problem == UTF8_TRUNCATED && !last && end - p < 4) goto partial;
            if (problem != UTF8_VALID) {
              status = fail_utf8(error, data, end, line_start, line, p, problem);
              goto finish;
            }
            p += sequence;
            continue;
          }
          if (found == BYTE_QUOTE) {
            status = fail_where(error, data, end, line_start, line, p,
                                "quote inside an unquoted field; put the whole field in "
                                "quotes and double each quote inside it (\"\")");
            goto finish;
          }
          if (found == BYTE_NUL) goto binary;
          break; /* the delimiter or a line break ends the field */
        }
        value = field_start;
        value_length = (size_t)(p - field_start);
      }

      /* a record is whole only once its line break (and what follows a CR) is in hand */
      if (!last && (p == end || (*p == '\r' && p + 1 == end))) goto partial;
      if (on_whole_record) {
        if (field_push(&list, value, value_length, quoted, (size_t)(field_start - data),
                       value_scratch_at) != 0) {
          status = CSV_OUT_OF_MEMORY;
          goto finish;
        }
      } else if (on_field && on_field(context, (const char *)value, value_length, quoted,
                                      (size_t)(field_start - data)) != 0) {
        status = CSV_STOPPED;
        goto finish;
      }
      if (p < end && *p == delimiter) { /* another field follows, maybe an empty last one */
        p++;
        continue;
      }
      if (on_whole_record) {
        for (size_t i = 0; i < list.count; i++) /* the buffer has stopped moving */
          if (list.scratch_at[i] != SIZE_MAX)
            list.fields[i].bytes = scratch.bytes + list.scratch_at[i];
        if (on_whole_record(context, list.fields, list.count, record_line,
                            (size_t)(record_start - data), (size_t)(p - data)) != 0) {
          status = CSV_STOPPED;
          goto finish;
        }
      } else if (on_record && on_record(context, record_line, (size_t)(record_start - data),
                                        (size_t)(p - data)) != 0) {
        status = CSV_STOPPED;
        goto finish;
      }
      if (p < end) { /* the record ended at a line break, not at the end of the input */
        p = skip_line_break(p, end);
        line++;
        line_start = p;
      }
      break;
    }
  }
  progress->consumed = length;
  progress->line = line;
  goto finish;

partial: /* the rest starts a record that continues in the next part */
  progress->consumed = (size_t)(pending - data);
  progress->line = pending_line;
  goto finish;

binary:
  status = fail_where(error, data, end, line_start, line, p,
                      "NUL byte: the file looks binary, not CSV text (a spreadsheet or a "
                      "UTF-16 file?); export the data as CSV UTF-8");
finish:
  if (status == CSV_OUT_OF_MEMORY)
    snprintf(error->message, sizeof error->message,
             "out of memory unescaping a quoted field of %zu bytes or more", scratch.length);
  free(scratch.bytes);
  free(list.fields);
  free(list.scratch_at);
  return status;
}

/* }====================================================== */
