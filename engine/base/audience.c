/* audience.c: the audiences' names; see audience.h. */
#include "audience.h"

#include <stddef.h>
#include <string.h>

#include "nearest.h"

/* Names in the order of the enum. */
static const char *const audience_names[] = {"board", "young-people"};

#define AUDIENCE_COUNT (sizeof audience_names / sizeof audience_names[0])

_Static_assert(AUDIENCE_COUNT == AUDIENCE_YOUNG_PEOPLE + 1, "one name per audience");

int audience_parse(const char *name, audience *out) {
  if (!name) return -1;
  for (size_t i = 0; i < AUDIENCE_COUNT; i++) {
    if (strcmp(name, audience_names[i]) == 0) {
      *out = (audience)i;
      return 0;
    }
  }
  return -1;
}

const char *audience_name(audience who) {
  if ((size_t)who < AUDIENCE_COUNT) return audience_names[who];
  return "unknown";
}

const char *audience_nearest(const char *typed) {
  return nearest_name(typed, audience_names, AUDIENCE_COUNT, NEAREST_TYPO);
}
