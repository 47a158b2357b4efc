/* history_report.h: the trajectory of each authority over the recorded assessments, as
 * history_read (history.h) gives it, and `sustain history`'s output of it in text,
 * Markdown, JSON and HTML (history_report.c). */
#ifndef SUSTAIN_HISTORY_REPORT_H
#define SUSTAIN_HISTORY_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "arena.h"
#include "output_format.h"

typedef struct history_point {
  const char *date, *stage, *band; /* band NULL when there is no score */
  double score, coverage;          /* score NAN when none */
  double *ingredients;             /* one per trajectory ingredient, NAN when absent */
  const char *rules_digest;
  int band_changed; /* the band differs from the point before (never for the first) */
} history_point;

typedef struct history_trajectory {
  const char *authority, *name;
  const char **ingredients; /* in the order of the latest point */
  size_t ingredient_count;
  history_point *points; /* oldest first, one per assessment date */
  size_t point_count;
} history_trajectory;

typedef struct history_report {
  arena *arena;
  const char *path; /* the history file */
  history_trajectory *authorities;
  size_t authority_count;
} history_report;

/* Frees a report read by history_read (NULL is fine). */
void history_report_free(history_report *r);

/* The formats of `sustain history`: those of a plan (output_format.h) but CSV. */
typedef enum history_format {
  HISTORY_TEXT = OUTPUT_TEXT,
  HISTORY_MARKDOWN = OUTPUT_MARKDOWN,
  HISTORY_JSON = OUTPUT_JSON,
  HISTORY_HTML = OUTPUT_HTML
} history_format;

/* Parses a format name ("text", "markdown", "json", "html"). Returns 0 or -1 when unknown
 * or not one of sustain history's. */
int history_format_parse(const char *name, history_format *out);

/* Writes the trajectories (history_report.c). Returns 0, or -1 with errno set. */
int history_write(const history_report *r, history_format format, FILE *out);

#endif
