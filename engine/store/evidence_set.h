/* evidence_set.h: the tables of one assessment, one per [source], each named after it.
 * The sources layer fills it (sources_load); the rule runner and `sustain check` find
 * tables in it by name without knowing how they were loaded. */
#ifndef SUSTAIN_EVIDENCE_SET_H
#define SUSTAIN_EVIDENCE_SET_H

#include <stddef.h>

#include "evidence.h"

typedef struct evidence_set {
  evidence_table **tables;
  size_t count;
  size_t capacity; /* of tables */
} evidence_set;

/* Appends a table to the set, which takes ownership. Returns 0, or -1 on out of
 * memory (the table is then freed). */
int evidence_set_add(evidence_set *set, evidence_table *table);

/* The table named name, or NULL. */
const evidence_table *evidence_set_find(const evidence_set *set, const char *name);

/* Frees every table and the set's array; the set is left empty. */
void evidence_set_free(evidence_set *set);

#endif
