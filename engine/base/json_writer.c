/* json_writer.c: streaming JSON output; see json_writer.h.
 * The writer stops writing at the first error and remembers it, so callers write the
 * whole document without checking each call and ask json_writer_finish once. */
#include "json_writer.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#if defined(__SSE2__) && !defined(JSON_WRITER_PORTABLE)
#include <emmintrin.h>
#endif

/* ** {======================================================================
** Low-level output: every byte goes through emit, which records the first failure.
** ======================================================================= */

static void record_error(json_writer *w, int error) {
  if (!w->error) w->error = error ? error : EIO;
}

/* Hands the buffered bytes to the stream. After a failed write nothing more is written,
 * but bytes held before a misuse (EINVAL) still go out, as they would unbuffered. Called
 * once a buffer, so kept out of line: the many small writes then save no registers for it. */
static __attribute__((noinline)) void flush_buffer(json_writer *w) {
  if (w->buffered && fwrite(w->buffer, 1, w->buffered, w->out) != w->buffered)
    record_error(w, errno);
  w->buffered = 0;
}

/* What emit does when the bytes do not fit: the buffer goes out first, then a piece
 * larger than the whole buffer is written directly. */
static void emit_through(json_writer *w, const char *bytes, size_t n) {
  flush_buffer(w);
  if (w->error) return;
  if (n < JSON_WRITER_BUFFER_SIZE) {
    memcpy(w->buffer, bytes, n);
    w->buffered = n;
  } else if (fwrite(bytes, 1, n, w->out) != n) {
    record_error(w, errno);
  }
}

static inline void emit(json_writer *w, const char *bytes, size_t n) {
  if (w->error) return;
  if (n <= JSON_WRITER_BUFFER_SIZE - w->buffered) {
    memcpy(w->buffer + w->buffered, bytes, n);
    w->buffered += n;
  } else {
    emit_through(w, bytes, n);
  }
}

static void emit_text(json_writer *w, const char *text) { emit(w, text, strlen(text)); }

/* Where n more bytes go straight into the buffer, after handing on what it holds when they
 * would not fit: the caller writes them there and adds what it used to buffered. NULL
 * after an error, or when n is more than the whole buffer (the caller then uses emit). */
static inline char *reserve(json_writer *w, size_t n) {
  if (w->error) return NULL;
  if (n > JSON_WRITER_BUFFER_SIZE - w->buffered) {
    flush_buffer(w);
    if (w->error || n > JSON_WRITER_BUFFER_SIZE) return NULL;
  }
  return w->buffer + w->buffered;
}

/* What goes before a member or the end of a container: a comma after an earlier member,
 * then a newline and two spaces per open container. The deepest break is copied whatever
 * the depth, a copy of fixed size being cheaper than one of the size needed. */
static void emit_line_break(json_writer *w, int comma) {
  static const char separator[2 + 2 * JSON_MAX_DEPTH + 1] =
      ",\n                                                                ";
  char *at = reserve(w, sizeof separator - 1);
  if (!at) return;
  memcpy(at, separator + !comma, sizeof separator - 1); /* the terminator too without comma */
  w->buffered += (comma ? 2 : 1) + 2 * (size_t)w->depth;
}

/* }====================================================================== */

/* ** {======================================================================
** Structure: where a value may go, and the comma and line break in front of it.
** ======================================================================= */

void json_writer_init(json_writer *w, FILE *out) {
  w->out = out;
  w->depth = 0;
  w->after_key = 0;
  w->top_level_done = 0;
  w->error = 0;
  w->buffered = 0; /* the buffer itself needs no clearing */
}

/* Writes what belongs before a value (comma, newline, indent) after checking that a value
 * is allowed here. Returns 0 when the value may be written. */
static int begin_value(json_writer *w) {
  if (w->error) return -1;
  if (w->depth == 0) {
    if (w->top_level_done) {
      record_error(w, EINVAL); /* a second top-level value */
      return -1;
    }
    return 0;
  }
  int level = w->depth - 1;
  if (w->kind[level] == '{') {
    if (!w->after_key) {
      record_error(w, EINVAL); /* an object member needs its key first */
      return -1;
    }
    w->after_key = 0; /* the key already wrote the separator */
    return 0;
  }
  emit_line_break(w, w->count[level]++ > 0);
  return 0;
}

static void end_value(json_writer *w) {
  if (w->depth == 0) w->top_level_done = 1;
}

static void begin_container(json_writer *w, char kind) {
  if (begin_value(w) != 0) return;
  if (w->depth == JSON_MAX_DEPTH) {
    record_error(w, EINVAL);
    return;
  }
  emit(w, kind == '{' ? "{" : "[", 1);
  w->kind[w->depth] = kind;
  w->count[w->depth] = 0;
  w->depth++;
}

static void end_container(json_writer *w, char kind) {
  if (w->error) return;
  if (w->depth == 0 || w->kind[w->depth - 1] != kind || w->after_key) {
    record_error(w, EINVAL); /* unbalanced, or a key left without its value */
    return;
  }
  size_t members = w->count[w->depth - 1];
  w->depth--;
  if (members > 0) emit_line_break(w, 0); /* empty containers stay on one line: [] */
  emit(w, kind == '{' ? "}" : "]", 1);
  end_value(w);
}

void json_begin_object(json_writer *w) { begin_container(w, '{'); }
void json_end_object(json_writer *w) { end_container(w, '{'); }
void json_begin_array(json_writer *w) { begin_container(w, '['); }
void json_end_array(json_writer *w) { end_container(w, '['); }

int json_writer_finish(json_writer *w) {
  if (!w->error && (w->depth != 0 || !w->top_level_done)) record_error(w, EINVAL);
  emit(w, "\n", 1);
  flush_buffer(w);
  if (!w->error) {
    errno = 0;
    if (fflush(w->out) != 0 || ferror(w->out)) record_error(w, errno ? errno : EIO);
  }
  if (w->error) {
    errno = w->error;
    return -1;
  }
  return 0;
}

/* }====================================================================== */

/* ** {======================================================================
** Strings: escaping and UTF-8 repair.
** ======================================================================= */

/* Whether emit_quoted must look at a byte rather than copy it: control characters, '"',
 * '\\', DEL and every byte of non-ASCII UTF-8. */
static int needs_attention(unsigned char c) {
  return c < 0x20 || c == '"' || c == '\\' || c >= 0x7f;
}

/* The escape of an ASCII byte that needs one, written into `unicode` when it is \u00XX. */
static const char *ascii_escape(unsigned char c, char unicode[7]) {
  static const char hex[] = "0123456789abcdef";
  switch (c) {
    case '"':
      return "\\\"";
    case '\\':
      return "\\\\";
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case '\t':
      return "\\t";
    case '\b':
      return "\\b";
    case '\f':
      return "\\f";
  }
  /* other control characters; DEL too, so a terminal showing the JSON is safe */
  memcpy(unicode, "\\u00", 4);
  unicode[4] = hex[c >> 4];
  unicode[5] = hex[c & 0xf];
  unicode[6] = '\0';
  return unicode;
}

/* Whether any of the eight bytes in word needs attention (see needs_attention; NUL counts
 * as a control character). Each test is exact about whether such a byte exists, which is
 * all a skip over clean words needs. */
static int word_needs_attention(uint64_t word) {
  const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  uint64_t quotes = word ^ (ones * '"'), backslashes = word ^ (ones * '\\');
  uint64_t control = (word - ones * 0x20) & ~word;         /* a byte below 0x20 */
  uint64_t quote = (quotes - ones) & ~quotes;               /* a '"' */
  uint64_t backslash = (backslashes - ones) & ~backslashes; /* a '\\' */
  uint64_t high = (word + ones) | word;                     /* a byte from 0x7f up */
  return ((control | quote | backslash | high) & highs) != 0;
}

/* The first byte at or after i that needs attention, or length. Clean text goes eight bytes
 * a step, the rest one by one. */
static size_t next_attention(const unsigned char *s, size_t i, size_t length) {
  for (; length - i >= sizeof(uint64_t); i += sizeof(uint64_t)) {
    uint64_t word;
    memcpy(&word, s + i, sizeof word);
    if (word_needs_attention(word)) break;
  }
  while (i < length && !needs_attention(s[i])) i++;
  return i;
}

/* Writes the escaped body of length bytes of a string (without quotes), from a byte that
 * needs attention on. Bytes that need nothing, valid UTF-8 included, are written in runs.
 * Kept out of line, so that the clean strings' path saves no registers for it. */
static __attribute__((noinline)) void emit_escaped_rest(json_writer *w, const char *s,
                                                        size_t length) {
  const unsigned char *bytes = (const unsigned char *)s;
  size_t run_start = 0, i = 0;
  while ((i = next_attention(bytes, i, length)) < length) {
    unsigned char c = bytes[i];
    const char *escape;
    char unicode[7];
    size_t consumed = 1;
    if (c < 0x80) {
      escape = ascii_escape(c, unicode);
    } else {
      if (utf8_next(bytes + i, length - i, &consumed) != UTF8_VALID) {
        escape = "\xEF\xBF\xBD"; /* U+FFFD REPLACEMENT CHARACTER */
      } else if (consumed == 3 && c == 0xE2 && bytes[i + 1] == 0x80 &&
                 (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9)) {
        /* U+2028/U+2029 are valid JSON but end a line in JavaScript source */
        escape = bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
      } else if (utf8_is_display_control(utf8_code_point(bytes + i, consumed))) {
        /* valid JSON too, but a terminal showing the plan would obey a C1 control, and a
         * bidirectional override would reorder the line; escaped, the value is the same */
        snprintf(unicode, sizeof unicode, "\\u%04x",
                 (unsigned)(utf8_code_point(bytes + i, consumed) & 0xFFFF)); /* all below */
        escape = unicode;
      } else {
        i += consumed; /* valid UTF-8 stays part of the run */
        continue;
      }
    }
    emit(w, s + run_start, i - run_start);
    emit_text(w, escape);
    i += consumed;
    run_start = i;
  }
  emit(w, s + run_start, length - run_start);
}

#if defined(__SSE2__) && !defined(JSON_WRITER_PORTABLE)

/* One bit per byte of v that needs attention, the first byte's lowest. */
static unsigned attention_bits(__m128i v) {
  const __m128i space = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"'),
                backslash = _mm_set1_epi8('\\'), del = _mm_set1_epi8(0x7f);
  /* as signed bytes, control characters and every byte from 0x80 up are below ' ' */
  __m128i low_or_high = _mm_or_si128(_mm_cmplt_epi8(v, space), _mm_cmpeq_epi8(v, del));
  __m128i quote_or_backslash = _mm_or_si128(_mm_cmpeq_epi8(v, quote),
                                            _mm_cmpeq_epi8(v, backslash));
  return (unsigned)_mm_movemask_epi8(_mm_or_si128(low_or_high, quote_or_backslash));
}

/* How many of the first length bytes at s need no attention, reading those bytes only:
 * 16 a step, the last step ending at the end (it overlaps clean bytes). A string shorter
 * than a step is read as its first and its last 8 or 4 bytes side by side, with clean
 * filler in the lanes between. */
static size_t clean_prefix(const unsigned char *s, size_t length) {
  if (length >= 16) {
    size_t i = 0;
    for (; i + 16 <= length; i += 16) {
      unsigned bits = attention_bits(_mm_loadu_si128((const __m128i *)(const void *)(s + i)));
      if (bits) return i + (size_t)__builtin_ctz(bits);
    }
    if (i == length) return length;
    unsigned bits =
        attention_bits(_mm_loadu_si128((const __m128i *)(const void *)(s + length - 16)));
    return bits ? length - 16 + (size_t)__builtin_ctz(bits) : length;
  }
  size_t part = length >= 8 ? 8 : length >= 4 ? 4 : 0;
  if (!part) return next_attention(s, 0, length);
  __m128i first, last, filler;
  if (part == 8) {
    first = _mm_loadl_epi64((const __m128i *)(const void *)s);
    last = _mm_loadl_epi64((const __m128i *)(const void *)(s + length - 8));
    filler = _mm_setzero_si128();
  } else {
    uint32_t head, tail;
    memcpy(&head, s, 4);
    memcpy(&tail, s + length - 4, 4);
    first = _mm_cvtsi32_si128((int)head);
    last = _mm_cvtsi32_si128((int)tail);
    filler = _mm_set_epi32(0x61616161, 0, 0x61616161, 0); /* 'a' where no byte was read */
  }
  unsigned bits = attention_bits(_mm_or_si128(_mm_unpacklo_epi64(first, last), filler));
  if (!bits) return length;
  size_t lane = (size_t)__builtin_ctz(bits); /* 0-7 the first part, 8-15 the last */
  return lane < 8 ? lane : length - part + (lane - 8);
}

#else

/* How many of the first length bytes at s need no attention, reading those bytes only: a
 * word a step, the last step ending at the end; a string shorter than a word byte by byte. */
static size_t clean_prefix(const unsigned char *s, size_t length) {
  uint64_t word;
  size_t i = 0;
  for (; i + sizeof word <= length; i += sizeof word) {
    memcpy(&word, s + i, sizeof word);
    if (word_needs_attention(word)) return next_attention(s, i, length);
  }
  if (i == length || length < sizeof word) return next_attention(s, i, length);
  memcpy(&word, s + length - sizeof word, sizeof word); /* bytes before i are clean */
  return word_needs_attention(word) ? next_attention(s, i, length) : length;
}

#endif

/* Writes s as a JSON string, quotes included, then what follows it: its closing quote, or
 * after a key the quote and colon ('"', '": '; tail_length 1 or 3). Most strings need no
 * escape and go into the buffer whole; the rest is escaped from the first byte that needs
 * it. The string is checked where it lies, before the copy: checking the copy read bytes
 * just stored, in other sizes than they were stored in, which stalls the processor. */
static void emit_quoted(json_writer *w, const char *s, const char tail[4], size_t tail_length) {
  size_t length = strlen(s);
  size_t clean = clean_prefix((const unsigned char *)s, length);
  char *at = clean == length ? reserve(w, 1 + length + 4) : NULL;
  if (at) {
    at[0] = '"';
    memcpy(at + 1, s, length);
    memcpy(at + 1 + length, tail, 4); /* a fixed copy; only tail_length bytes count */
    w->buffered += 1 + length + tail_length;
    return;
  }
  emit(w, "\"", 1);
  emit(w, s, clean);
  emit_escaped_rest(w, s + clean, length - clean);
  emit(w, tail, tail_length);
}

void json_key(json_writer *w, const char *key) {
  if (w->error) return;
  if (w->depth == 0 || w->kind[w->depth - 1] != '{' || w->after_key) {
    record_error(w, EINVAL); /* keys belong directly inside an object */
    return;
  }
  emit_line_break(w, w->count[w->depth - 1]++ > 0);
  static const char after_key[4] = "\": ";
  emit_quoted(w, key ? key : "", after_key, 3);
  w->after_key = 1;
}

void json_string(json_writer *w, const char *s) {
  if (!s) {
    json_null(w);
    return;
  }
  if (begin_value(w) != 0) return;
  static const char closing_quote[4] = "\"";
  emit_quoted(w, s, closing_quote, 1);
  end_value(w);
}

/* }====================================================================== */

/* ** {======================================================================
** Scalars.
** ======================================================================= */

static void emit_scalar(json_writer *w, const char *text) {
  if (begin_value(w) != 0) return;
  emit_text(w, text);
  end_value(w);
}

void json_null(json_writer *w) { emit_scalar(w, "null"); }
void json_boolean(json_writer *w, int value) { emit_scalar(w, value ? "true" : "false"); }
void json_number_text(json_writer *w, const char *text) { emit_scalar(w, text); }

/* Digits by hand: this is the same text as printf's %lld, without parsing a format. */
void json_integer(json_writer *w, long long value) {
  char buf[32];
  char *end = buf + sizeof buf, *at = end;
  /* the magnitude as unsigned, so LLONG_MIN has one too */
  unsigned long long magnitude = (unsigned long long)value;
  if (value < 0) magnitude = 0 - magnitude;
  do {
    *--at = (char)('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude);
  if (value < 0) *--at = '-';
  if (begin_value(w) != 0) return;
  emit(w, at, (size_t)(end - at));
  end_value(w);
}

void json_number(json_writer *w, double value) {
  char buf[JSON_NUMBER_SIZE];
  if (!isfinite(value)) {
    json_null(w);
    return;
  }
  if (value == 0 && signbit(value)) value = 0; /* -0 would print as "-0" */
  for (int precision = 15; precision <= 17; precision++) {
    snprintf(buf, sizeof buf, "%.*g", precision, value);
    if (strtod(buf, NULL) == value) break; /* 17 digits always round-trip */
  }
  emit_scalar(w, buf);
}

void json_member_string(json_writer *w, const char *key, const char *s) {
  json_key(w, key);
  json_string(w, s);
}

void json_member_integer(json_writer *w, const char *key, long long value) {
  json_key(w, key);
  json_integer(w, value);
}

void json_member_number_text(json_writer *w, const char *key, const char *text) {
  json_key(w, key);
  json_number_text(w, text);
}

/* }====================================================================== */
