/* numbered.h: text of one numbered form, kept as numbers. A plain text column
 * whose every value is one prefix then a fixed count of digits (an identifier
 * such as N001204729, or 000417) keeps each value as the number its digits
 * write: 4 bytes a row instead of its bytes and a 4-byte offset. The text comes
 * back exactly, leading zeros and all. */
#ifndef SUSTAIN_NUMBERED_H
#define SUSTAIN_NUMBERED_H

#include <stddef.h>
#include <stdint.h>

#define EVIDENCE_NUMBERED_PREFIX 15 /* bytes of prefix at most */
#define EVIDENCE_NUMBERED_DIGITS 9  /* digits at most, so that every value fits */
#define EVIDENCE_NUMBERED_MISSING UINT32_MAX

typedef struct evidence_numbered {
  uint32_t *values; /* one per row, EVIDENCE_NUMBERED_MISSING when missing; NULL when the
                       column is not numbered */
  char prefix[EVIDENCE_NUMBERED_PREFIX + 1];
  uint32_t prefix_length, digits; /* digits: 1 to EVIDENCE_NUMBERED_DIGITS */
} evidence_numbered;

/* Room for the text of a numbered value, and the buffer evidence_text writes it in. */
#define EVIDENCE_TEXT_SPACE 32

/* Writes the text of a numbered value into out (not NUL-terminated); returns its length. */
static inline size_t evidence_numbered_text(const evidence_numbered *numbered, uint32_t value,
                                            char *out) {
  __builtin_memcpy(out, numbered->prefix, numbered->prefix_length);
  for (size_t i = numbered->prefix_length + numbered->digits; i > numbered->prefix_length;
       i--, value /= 10)
    out[i - 1] = (char)('0' + value % 10);
  return numbered->prefix_length + numbered->digits;
}

/* The number eight ASCII digits write, the first at the lowest address; -1 when
 * a byte is not a digit. The digits are read as one little-endian word and
 * combined in pairs, then fours, then all eight, each step one multiply: no
 * step carries into the next byte pair, as 10 * 9 + 9 and 100 * 99 + 99 fit. */
static inline int64_t evidence_eight_digits(const char *text) {
  uint64_t v;
  __builtin_memcpy(&v, text, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap64(v); /* the first digit in the lowest byte, as below expects */
#endif
  const uint64_t high = 0xF0F0F0F0F0F0F0F0u, threes = 0x3030303030303030u;
  if ((v & high) != threes || ((v + 0x0606060606060606u) & high) != threes) return -1;
  v -= threes;
  v = (v * 10 + (v >> 8)) & 0x00FF00FF00FF00FFu;     /* four numbers of two digits */
  v = (v * 100 + (v >> 16)) & 0x0000FFFF0000FFFFu;   /* two of four digits */
  return (int64_t)((v & 0xFFFF) * 10000 + (v >> 32)); /* one of eight */
}

/* The number a text of the form writes; -1 when the text is not of the form. */
static inline int evidence_numbered_parse(const evidence_numbered *numbered, const char *text,
                                          size_t length, uint32_t *value) {
  if (length != numbered->prefix_length + numbered->digits ||
      __builtin_memcmp(text, numbered->prefix, numbered->prefix_length) != 0)
    return -1;
  size_t at = numbered->prefix_length, lead = numbered->digits >= 8 ? numbered->digits - 8
                                                                    : numbered->digits;
  uint32_t n = 0;
  for (size_t i = at; i < at + lead; i++) {
    unsigned digit = (unsigned)((unsigned char)text[i] - '0');
    if (digit > 9) return -1;
    n = n * 10 + digit;
  }
  if (numbered->digits >= 8) {
    int64_t last = evidence_eight_digits(text + at + lead);
    if (last < 0) return -1;
    n = n * 100000000u + (uint32_t)last;
  }
  *value = n;
  return 0;
}

/* Whether two columns are numbered, both of one form: equal texts, equal values. */
static inline int evidence_numbered_alike(const evidence_numbered *a, const evidence_numbered *b) {
  return a->values && b->values && a->prefix_length == b->prefix_length &&
         a->digits == b->digits && __builtin_memcmp(a->prefix, b->prefix, a->prefix_length) == 0;
}

/* Sets the form of a text: its trailing digits (as many as EVIDENCE_NUMBERED_DIGITS)
 * and what comes before them. Returns -1, leaving the form unset, when the text
 * ends in no digit or its prefix is too long. */
int evidence_numbered_form(evidence_numbered *numbered, const char *text, size_t length);

#endif
