/* nearest.c: the nearest known name to a mistyped one; see nearest.h. */
#include "nearest.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

static int same_letter(char a, char b) {
  return tolower((unsigned char)a) == tolower((unsigned char)b);
}

/* Optimal string alignment: Levenshtein's three edits and the swap of two neighbours,
 * over three rows of the table (the swap looks two rows back). */
size_t nearest_distance(const char *a, const char *b) {
  size_t a_length = strlen(a), b_length = strlen(b);
  if (a_length > NEAREST_MAX_NAME || b_length > NEAREST_MAX_NAME) return SIZE_MAX;
  size_t rows[3][NEAREST_MAX_NAME + 1];
  size_t *before = rows[0], *above = rows[1], *row = rows[2];
  for (size_t j = 0; j <= b_length; j++) above[j] = j;
  for (size_t i = 1; i <= a_length; i++) {
    row[0] = i;
    for (size_t j = 1; j <= b_length; j++) {
      size_t best = above[j - 1] + !same_letter(a[i - 1], b[j - 1]);
      if (above[j] + 1 < best) best = above[j] + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      if (i > 1 && j > 1 && same_letter(a[i - 1], b[j - 2]) && same_letter(a[i - 2], b[j - 1]) &&
          before[j - 2] + 1 < best)
        best = before[j - 2] + 1; /* two neighbours swapped */
      row[j] = best;
    }
    size_t *oldest = before;
    before = above;
    above = row;
    row = oldest;
  }
  return above[b_length];
}

/* The edits allowed between what was typed and a name it may have meant. */
static size_t allowed_edits(size_t length, nearest_mode mode) {
  if (mode == NEAREST_SLIP) return 1;
  return length <= 4 ? 1 : length <= 8 ? 2 : 3;
}

/* Whether typed is long enough a start of name to stand for it. */
static int shortens(const char *typed, size_t length, const char *name, nearest_mode mode) {
  size_t name_length = strlen(name);
  if (length >= name_length || strncmp(typed, name, length) != 0) return 0;
  return mode == NEAREST_SLIP ? length >= 4 && 2 * length > name_length : length >= 3;
}

const char *nearest_name(const char *typed, const char *const *names, size_t count,
                         nearest_mode mode) {
  size_t length = strlen(typed);
  if (length == 0) return NULL;
  const char *nearest = NULL, *started = NULL;
  size_t nearest_distance_found = allowed_edits(length, mode) + 1;
  size_t starts = 0;
  for (size_t i = 0; i < count; i++) {
    if (!names[i]) continue;
    if (strcmp(typed, names[i]) == 0) return NULL;
    /* at least one edit per character of difference in length: a name too
     * long or too short to be nearer is not measured */
    size_t name_length = strlen(names[i]);
    size_t gap = name_length > length ? name_length - length : length - name_length;
    size_t distance = gap < nearest_distance_found ? nearest_distance(typed, names[i]) : SIZE_MAX;
    if (distance < nearest_distance_found) {
      nearest = names[i];
      nearest_distance_found = distance;
    }
    if (shortens(typed, length, names[i], mode) && starts++ == 0) started = names[i];
  }
  if (nearest) return nearest;
  return starts == 1 ? started : NULL;
}
