/* history_csv.h: `sustain history --format csv`, one row per authority and assessment for a
 * spreadsheet (history_csv.c). */
#ifndef SUSTAIN_HISTORY_CSV_H
#define SUSTAIN_HISTORY_CSV_H

#include <stdio.h>

#include "history_trajectory.h"

/* Writes the trajectories as CSV (docs/history.md). Returns 0, or -1 with errno set. */
int history_write_csv(const history_report *r, FILE *out);

#endif
