/* number.c: decimal numbers read from text; see number.h. */
#include "number.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int number_parse(const char *text, size_t length, double *out) {
  while (length && (*text == ' ' || *text == '\t')) text++, length--;
  while (length && (text[length - 1] == ' ' || text[length - 1] == '\t')) length--;
  if (length == 0 || length > NUMBER_MAX_TEXT) return -1;
  { /* whole numbers of up to 15 digits, the usual cell, are exact as doubles */
    size_t k = text[0] == '-' || text[0] == '+';
    uint64_t whole = 0;
    while (k < length && k < 16 && text[k] >= '0' && text[k] <= '9')
      whole = whole * 10 + (uint64_t)(text[k++] - '0');
    if (k == length && k > (size_t)(text[0] == '-' || text[0] == '+')) {
      *out = text[0] == '-' ? -(double)whole : (double)whole;
      return 0;
    }
  }
  size_t i = 0, digits = 0;
  if (text[i] == '+' || text[i] == '-') i++;
  while (i < length && text[i] >= '0' && text[i] <= '9') i++, digits++;
  if (i < length && text[i] == '.') {
    i++;
    while (i < length && text[i] >= '0' && text[i] <= '9') i++, digits++;
  }
  if (digits == 0) return -1;
  if (i < length && (text[i] == 'e' || text[i] == 'E')) {
    i++;
    if (i < length && (text[i] == '+' || text[i] == '-')) i++;
    size_t exponent_digits = 0;
    while (i < length && text[i] >= '0' && text[i] <= '9') i++, exponent_digits++;
    if (exponent_digits == 0) return -1;
  }
  if (i != length) return -1;
  char buffer[NUMBER_MAX_TEXT + 1];
  memcpy(buffer, text, length);
  buffer[length] = '\0';
  double value = strtod(buffer, NULL);
  if (!isfinite(value)) return -1;
  *out = value;
  return 0;
}

int number_is_zero_padded(const char *text, size_t length) {
  while (length && (*text == ' ' || *text == '\t')) text++, length--;
  if (length && (*text == '+' || *text == '-')) text++, length--;
  return length >= 2 && text[0] == '0' && text[1] >= '0' && text[1] <= '9';
}
