/* report_sink.c: buffered output with one remembered error, and the cleaning of plan text;
 * see report_sink.h. UTF-8 is read by utf8.h, as the JSON writer reads it, so every format
 * repairs a string exactly as the JSON plan does, and every format replaces the same
 * display controls (utf8_is_display_control) that the JSON plan escapes. */
#include "report_sink.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "report_wrap.h"
#include "utf8.h"

/* U+FFFD REPLACEMENT CHARACTER, for each invalid UTF-8 sequence. */
#define REPORT_REPLACEMENT "\xEF\xBF\xBD"

void report_sink_init(report_sink *s, FILE *out) {
  s->out = out;
  s->error = 0;
  s->escape = NULL;
  s->wrap_width = 0;
  s->line = NULL;
  s->line_length = s->line_capacity = 0;
  s->buffered = 0; /* the buffer itself needs no clearing */
}

static void record_error(report_sink *s) {
  if (!s->error) s->error = errno ? errno : EIO;
}

/* Hands the buffered bytes to the stream; after a failed write nothing more is written. */
static void flush_buffer(report_sink *s) {
  if (s->buffered && !s->error && fwrite(s->buffer, 1, s->buffered, s->out) != s->buffered)
    record_error(s);
  s->buffered = 0;
}

/* Bytes as they are, into the block buffer. */
static void put_raw(report_sink *s, const char *bytes, size_t n) {
  if (s->error || n == 0) return;
  if (n <= REPORT_SINK_BUFFER_SIZE - s->buffered) {
    memcpy(s->buffer + s->buffered, bytes, n);
    s->buffered += n;
    return;
  }
  flush_buffer(s);
  if (n < REPORT_SINK_BUFFER_SIZE) {
    memcpy(s->buffer, bytes, n);
    s->buffered = n;
  } else if (!s->error && fwrite(bytes, 1, n, s->out) != n) {
    record_error(s); /* larger than the whole buffer: written directly */
  }
}

static void emit_raw(void *sink, const char *bytes, size_t n) { put_raw(sink, bytes, n); }

/* While wrapping: bytes join the line being written, and each line that ends is wrapped. */
static void put_lines(report_sink *s, const char *bytes, size_t n) {
  while (n && !s->error) {
    const char *newline = memchr(bytes, '\n', n);
    size_t part = newline ? (size_t)(newline - bytes) : n;
    if (GROW(&s->line, &s->line_capacity, s->line_length + part) != 0) {
      s->error = ENOMEM;
      return;
    }
    if (part) memcpy(s->line + s->line_length, bytes, part);
    s->line_length += part;
    if (!newline) return;
    report_wrap_line(s->line, s->line_length, s->wrap_width, emit_raw, s);
    s->line_length = 0;
    bytes += part + 1;
    n -= part + 1;
  }
}

/* A line begun but not ended goes out as it is. */
static void put_unfinished_line(report_sink *s) {
  put_raw(s, s->line, s->line_length);
  s->line_length = 0;
}

void report_sink_wrap(report_sink *s, size_t width) {
  put_unfinished_line(s);
  s->wrap_width = width;
}

void report_put_bytes(report_sink *s, const char *bytes, size_t n) {
  if (s->wrap_width) put_lines(s, bytes, n);
  else put_raw(s, bytes, n);
}

void report_put(report_sink *s, const char *text) { report_put_bytes(s, text, strlen(text)); }

/* Digits by hand: the same text as printf's %zu. */
void report_put_size(report_sink *s, size_t n) {
  char buf[32];
  char *end = buf + sizeof buf, *at = end;
  do {
    *--at = (char)('0' + n % 10);
    n /= 10;
  } while (n);
  report_put_bytes(s, at, (size_t)(end - at));
}

void report_put_repeated(report_sink *s, char c, size_t n) {
  char run[64];
  memset(run, c, sizeof run);
  for (; n > sizeof run; n -= sizeof run) report_put_bytes(s, run, sizeof run);
  report_put_bytes(s, run, n);
}

/* Asks escape about every ASCII byte once, so cleaning a string is a table look-up per
 * byte rather than a call. */
static void learn_escape(report_sink *s, report_escape_fn escape) {
  s->replacements[0] = NULL; /* the end of a string: never offered */
  for (unsigned c = 1; c < 128; c++) s->replacements[c] = escape((unsigned char)c);
  s->escape = escape;
}

/* Bytes that need nothing are written in runs, not one by one. */
void report_put_clean(report_sink *s, const char *text, report_escape_fn escape) {
  if (!text) return;
  if (s->escape != escape) learn_escape(s, escape);
  const unsigned char *bytes = (const unsigned char *)text;
  size_t run_start = 0, i = 0;
  unsigned char c;
  while ((c = bytes[i]) != '\0') {
    size_t consumed = 1;
    const char *replacement = NULL;
    if (c < 0x80) {
      replacement = s->replacements[c];
    } else {
      /* a sequence is at most four bytes; strnlen stops at the end of a shorter string */
      if (utf8_next(bytes + i, strnlen(text + i, 4), &consumed) != UTF8_VALID ||
          utf8_is_display_control(utf8_code_point(bytes + i, consumed)))
        replacement = REPORT_REPLACEMENT; /* broken, or would reorder or drive the display */
    }
    if (replacement) {
      report_put_bytes(s, text + run_start, i - run_start);
      report_put(s, replacement);
      run_start = i + consumed;
    }
    i += consumed;
  }
  report_put_bytes(s, text + run_start, i - run_start);
}

int report_sink_finish(report_sink *s) {
  put_unfinished_line(s);
  free(s->line);
  s->line = NULL;
  s->line_capacity = 0;
  flush_buffer(s);
  if (!s->error && fflush(s->out) != 0) record_error(s);
  if (s->error) {
    errno = s->error;
    return -1;
  }
  return 0;
}
