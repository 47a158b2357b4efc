/* history_csv.h: `sustain history --format csv`, one row per authority and assessment for a
 * spreadsheet (history_csv.c). */
#ifndef SUSTAIN_HISTORY_CSV_H
#define SUSTAIN_HISTORY_CSV_H

#include <stdio.h>

#include "history_story.h"

/* Writes the trajectories as CSV (docs/history.md), with their stories (one per
 * authority). Returns 0, or -1 with errno set. */
int history_write_csv(const history_report *r, const history_story *stories, FILE *out);

#endif
