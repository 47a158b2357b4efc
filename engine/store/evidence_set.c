/* evidence_set.c: the named tables of an assessment; see evidence_set.h. */
#include "evidence_set.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"

int evidence_set_add(evidence_set *set, evidence_table *table) {
  if (GROW(&set->tables, &set->capacity, set->count + 1) != 0) {
    evidence_table_free(table);
    return -1;
  }
  set->tables[set->count++] = table;
  return 0;
}

const evidence_table *evidence_set_find(const evidence_set *set, const char *name) {
  for (size_t i = 0; i < set->count; i++)
    if (strcmp(set->tables[i]->name, name) == 0) return set->tables[i];
  return NULL;
}

void evidence_set_free(evidence_set *set) {
  for (size_t i = 0; i < set->count; i++) evidence_table_free(set->tables[i]);
  free(set->tables);
  *set = (evidence_set){0};
}
