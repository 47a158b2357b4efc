/* numbered.c: the numbered form of a text; see numbered.h. */
#include "numbered.h"

#include <string.h>

int evidence_numbered_form(evidence_numbered *numbered, const char *text, size_t length) {
  size_t digits = 0;
  while (digits < length && digits < EVIDENCE_NUMBERED_DIGITS &&
         (unsigned)((unsigned char)text[length - 1 - digits] - '0') <= 9u)
    digits++;
  if (digits == 0 || length - digits > EVIDENCE_NUMBERED_PREFIX) return -1;
  memset(numbered->prefix, 0, sizeof numbered->prefix);
  memcpy(numbered->prefix, text, length - digits);
  numbered->prefix_length = (uint32_t)(length - digits);
  numbered->digits = (uint32_t)digits;
  return 0;
}
