/* history_trajectory.h: the trajectory of each authority over the recorded assessments, as
 * history_read (history.h) gives it: plain structs in the report's arena, read by the
 * writers of `sustain history` (history_report.h) and what they share (history_story.h). */
#ifndef SUSTAIN_HISTORY_TRAJECTORY_H
#define SUSTAIN_HISTORY_TRAJECTORY_H

#include <stddef.h>

#include "arena.h"
#include "plan.h"

typedef struct history_point {
  const char *date, *stage, *band; /* band NULL when there is no score */
  double score, coverage;          /* score NAN when none */
  double *ingredients;             /* one per trajectory ingredient, NAN when absent */
  const char *rules_digest;
  int band_changed; /* the band differs from the point before (never for the first) */
} history_point;

typedef struct history_trajectory {
  const char *authority, *name;
  const char *pilot_end; /* YYYY-MM-DD from the config, for the HTML chart; NULL: none known */
  const char **ingredients; /* in the order of the latest point */
  size_t ingredient_count;
  history_point *points; /* oldest first, one per assessment date */
  size_t point_count;
} history_trajectory;

/* An ingredient's title in the rule pack's model, for the HTML page. */
typedef struct history_title {
  const char *id, *title;
} history_title;

typedef struct history_report {
  arena *arena;
  const char *path; /* the history file */
  history_trajectory *authorities;
  size_t authority_count;
  /* What the history does not hold, from the config's rule pack, for the HTML page (the
   * command fills them; empty when the pack is not loaded): its band thresholds, highest
   * first, and the ingredients' titles. */
  plan_band *bands;
  size_t band_count;
  const history_title *titles;
  size_t title_count;
} history_report;

#endif
