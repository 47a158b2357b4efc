/* evidence_internal.h: what evidence.c, which makes filters, and evidence_scan.c,
 * which applies them to rows, share: a condition's test of a number, worked out per
 * code as a filter is made and per row when a column keeps its numbers plain. */
#ifndef SUSTAIN_EVIDENCE_INTERNAL_H
#define SUSTAIN_EVIDENCE_INTERNAL_H

#include "evidence.h"

/* Whether a present number passes a comparison or set condition. */
static inline int number_passes(const evidence_condition *c, double value) {
  switch (c->op) {
  case EVIDENCE_LT: return value < c->number;
  case EVIDENCE_LE: return value <= c->number;
  case EVIDENCE_GT: return value > c->number;
  case EVIDENCE_GE: return value >= c->number;
  case EVIDENCE_IN:
  case EVIDENCE_NOT_IN: {
    int found = 0;
    for (size_t i = 0; i < c->number_count && !found; i++) found = value == c->numbers[i];
    return c->op == EVIDENCE_IN ? found : !found;
  }
  default: return 1; /* PRESENT */
  }
}

#endif
