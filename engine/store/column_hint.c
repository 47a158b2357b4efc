/* column_hint.c: the nearest column name, by edit distance; see column_hint.h. */
#include "column_hint.h"

#include "nearest.h"

_Static_assert(COLUMN_HINT_MAX_NAME <= NEAREST_MAX_NAME, "nearest_distance measures every name kept");

#include <stdio.h>
#include <string.h>

/* The search for the nearest name, one candidate at a time. */
typedef struct nearest_search {
  const char *name;
  size_t length, allowed;
  int nearest;
  size_t nearest_distance;
} nearest_search;

static nearest_search nearest_start(const char *name) {
  size_t length = strlen(name);
  size_t allowed = length == 0 || length > COLUMN_HINT_MAX_NAME ? 0 : length <= 5 ? 1 : 2;
  return (nearest_search){name, length, allowed, -1, allowed + 1};
}

static void nearest_consider(nearest_search *s, const char *candidate, int index) {
  if (s->allowed == 0) return; /* an empty or overlong name is never near */
  size_t candidate_length = strlen(candidate);
  if (candidate_length > COLUMN_HINT_MAX_NAME) return;
  size_t difference = candidate_length > s->length ? candidate_length - s->length
                                                   : s->length - candidate_length;
  if (difference > s->allowed) return; /* too far whatever the letters */
  size_t distance = nearest_distance(s->name, candidate); /* a swap is one edit */
  if (distance < s->nearest_distance) {
    s->nearest = index;
    s->nearest_distance = distance;
  }
}

int column_hint_nearest(const evidence_table *table, const char *name) {
  nearest_search s = nearest_start(name);
  for (size_t c = 0; c < table->column_count; c++)
    nearest_consider(&s, table->columns[c].name, (int)c);
  return s.nearest;
}

int column_hint_nearest_name(const char *name, const char *const *names, size_t count) {
  nearest_search s = nearest_start(name);
  for (size_t i = 0; i < count; i++) nearest_consider(&s, names[i], (int)i);
  return s.nearest;
}

const char *column_hint_message(char *buf, size_t size, const evidence_table *table,
                                const char *name) {
  int nearest = column_hint_nearest(table, name);
  if (nearest >= 0)
    snprintf(buf, size, "table '%s' has no column '%s'; did you mean '%s'?", table->name, name,
             table->columns[nearest].name);
  else
    snprintf(buf, size,
             "table '%s' has no column '%s', and none of its %zu columns has a name near it "
             "(their names are not shown: a file without a header row has data in their "
             "place); check the spelling, and that the source's first row names its columns",
             table->name, name, table->column_count);
  return buf;
}
