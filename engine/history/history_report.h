/* history_report.h: `sustain history`'s output of the trajectories (history_trajectory.h)
 * in text, Markdown, JSON, CSV and HTML (history_report.c, history_csv.c), each point with
 * its change since the previous assessment and the largest fall marked (history_story.h). */
#ifndef SUSTAIN_HISTORY_REPORT_H
#define SUSTAIN_HISTORY_REPORT_H

#include <stdio.h>

#include "history_trajectory.h"
#include "output_format.h"

/* Frees a report read by history_read (NULL is fine). */
void history_report_free(history_report *r);

/* The formats of `sustain history`: those of a plan (output_format.h). */
typedef enum history_format {
  HISTORY_TEXT = OUTPUT_TEXT,
  HISTORY_MARKDOWN = OUTPUT_MARKDOWN,
  HISTORY_JSON = OUTPUT_JSON,
  HISTORY_CSV = OUTPUT_CSV,
  HISTORY_HTML = OUTPUT_HTML
} history_format;

/* Parses a format name ("text", "markdown", "json", "csv", "html"). Returns 0 or -1 when
 * unknown, or "xlsx", which is a plan's only. */
int history_format_parse(const char *name, history_format *out);

/* Writes the trajectories (history_report.c). Returns 0, or -1 with errno set. */
int history_write(const history_report *r, history_format format, FILE *out);

#endif
