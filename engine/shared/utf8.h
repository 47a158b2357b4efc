/* utf8.h: well-formed UTF-8 (RFC 3629, Unicode's table 3-7), defined once for the host
 * (the INI reader, the JSON and report writers) and the plugins (the CSV reader, the
 * SQLite plugin). Header-only and inline, for two reasons: the CSV reader looks at every
 * non-ASCII byte of a file with it, and a plugin links no host symbol. */
#ifndef SUSTAIN_UTF8_H
#define SUSTAIN_UTF8_H

#include <stddef.h>

/* What a sequence is: well-formed, or why not. */
typedef enum utf8_status {
  UTF8_VALID = 0,
  UTF8_STRAY_CONTINUATION, /* 0x80-0xBF with no lead byte before it */
  UTF8_OVERLONG,           /* a longer encoding than the code point needs */
  UTF8_SURROGATE,          /* U+D800-U+DFFF, which only UTF-16 may use */
  UTF8_TOO_LARGE,          /* above U+10FFFF */
  UTF8_NEVER_VALID,        /* 0xF5-0xFF */
  UTF8_TRUNCATED           /* a lead byte without all its continuation bytes */
} utf8_status;

/* Looks at the sequence starting at p, of which `available` bytes (at least 1) may be
 * read. Returns UTF8_VALID and sets *length to the sequence's length (1 for ASCII, up to
 * 4); or returns the problem and sets *length to the bytes of the maximal ill-formed
 * part, at least 1, that one U+FFFD replaces (Unicode's recommended practice). */
static inline utf8_status utf8_next(const unsigned char *p, size_t available, size_t *length) {
  const unsigned char lead = p[0];
  *length = 1;
  if (lead < 0x80) return UTF8_VALID;
  if (lead < 0xC0) return UTF8_STRAY_CONTINUATION;
  if (lead < 0xC2) return UTF8_OVERLONG; /* 0xC0 and 0xC1 could only encode ASCII */
  if (lead > 0xF4) return UTF8_NEVER_VALID;
  const size_t need = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  /* Only the second byte's range depends on the lead: that is what rules out overlong
   * forms (E0, F0), surrogates (ED) and code points past U+10FFFF (F4). */
  unsigned char low = 0x80, high = 0xBF;
  utf8_status out_of_range = UTF8_TRUNCATED;
  if (lead == 0xE0) low = 0xA0, out_of_range = UTF8_OVERLONG;
  else if (lead == 0xED) high = 0x9F, out_of_range = UTF8_SURROGATE;
  else if (lead == 0xF0) low = 0x90, out_of_range = UTF8_OVERLONG;
  else if (lead == 0xF4) high = 0x8F, out_of_range = UTF8_TOO_LARGE;
  if (available < 2 || (p[1] & 0xC0) != 0x80) return UTF8_TRUNCATED;
  if (p[1] < low || p[1] > high) return out_of_range;
  for (size_t used = 2; used < need; used++) {
    if (used >= available || (p[used] & 0xC0) != 0x80) {
      *length = used;
      return UTF8_TRUNCATED;
    }
  }
  *length = need;
  return UTF8_VALID;
}

/* How many of the first `length` bytes of text to show when at most `most` may
 * be: all of them when they fit, else as many as fit without cutting a
 * character in two, so that a shortened name stays well-formed. */
static inline size_t utf8_fit(const char *text, size_t length, size_t most) {
  if (length <= most) return length;
  while (most > 0 && ((unsigned char)text[most] & 0xC0) == 0x80) most--;
  return most;
}

/* The code point of a well-formed sequence of `length` bytes (as utf8_next measured it). */
static inline unsigned long utf8_code_point(const unsigned char *p, size_t length) {
  static const unsigned char lead_bits[5] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  unsigned long code = p[0] & lead_bits[length < 5 ? length : 4];
  for (size_t i = 1; i < length; i++) code = (code << 6) | (p[i] & 0x3Fu);
  return code;
}

/* Whether a code point changes how a terminal or a page shows the text around it instead
 * of showing itself: the C1 controls (U+0080 to U+009F; a terminal may take U+009B as the
 * start of an escape sequence, as it takes ESC [), and the bidirectional embeddings and
 * overrides (U+202A to U+202E) and isolates (U+2066 to U+2069), which reorder what
 * follows them on the line. Writers and diagnostics replace them visibly. */
static inline int utf8_is_display_control(unsigned long code) {
  return (code >= 0x80 && code <= 0x9F) || (code >= 0x202A && code <= 0x202E) ||
         (code >= 0x2066 && code <= 0x2069);
}

/* Whether bytes[0..length) is well-formed UTF-8 throughout. */
static inline int utf8_valid(const void *bytes, size_t length) {
  const unsigned char *p = bytes;
  size_t step;
  for (size_t i = 0; i < length; i += step)
    if (utf8_next(p + i, length - i, &step) != UTF8_VALID) return 0;
  return 1;
}

#endif
