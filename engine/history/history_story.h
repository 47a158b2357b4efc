/* history_story.h: what a trajectory (history_report.h) says over time, for every format of
 * `sustain history`: each score's change since the previous assessment, the largest fall,
 * and the one-line story of the overall score. Changes are of the scores as shown, at one
 * decimal, so a change always agrees with the two figures it is the difference of. */
#ifndef SUSTAIN_HISTORY_STORY_H
#define SUSTAIN_HISTORY_STORY_H

#include <stddef.h>

#include "history_trajectory.h"
#include "report_sink.h"

/* The column of the overall score; an ingredient's column is its index in the trajectory. */
#define HISTORY_OVERALL (-1)

/* What the writers read of one trajectory besides its scores, worked out once by
 * history_story_init, so a long history is written in time linear in its points. */
typedef struct history_story {
  const history_trajectory *t;
  size_t columns;          /* the overall score, then each ingredient */
  double *changes;         /* point k, column c: changes[k * columns + c + 1] */
  double *largest_falls;   /* column c: largest_falls[c + 1] */
  size_t overall_ties;     /* how many points share the overall score's largest fall */
  int years_name_points;   /* every point has a date, and no two share a year */
} history_story;

/* Works out t's changes and largest falls. Returns 0, or -1 with errno ENOMEM (free with
 * history_story_free either way). t must outlive s. */
int history_story_init(history_story *s, const history_trajectory *t);

void history_story_free(history_story *s);

/* The score of a column at point k, NAN when there is none. */
double history_score_at(const history_trajectory *t, size_t k, int column);

/* The change of a column at point k since the latest earlier point that has a score in it,
 * both as shown (one decimal); NAN when k has no score or no earlier point has one. */
double history_change_at(const history_story *s, size_t k, int column);

/* A column's largest fall: its most negative change at any point, NAN when it never fell.
 * Every point with that change is marked as the largest fall (a tie marks them all). */
double history_largest_fall(const history_story *s, int column);

/* Whether point k's change is its column's largest fall. */
int history_is_largest_fall(const history_story *s, size_t k, int column);

/* How points are named in a story: "2024" when every point of the trajectory is in a year
 * of its own, else the date. Writes into buf or returns the date. */
const char *history_point_label(const history_story *s, size_t k, char buf[16]);

/* Writes the one-line story of the overall score, a sentence with no line break, e.g.
 * "Rose from 28.4 in 2021 to 68.2 by 2023 (...), then fell to 35.1 in 2024 (its largest
 * fall, -33.1; ...)." Each rise, fall or level stretch is told in order, so no fall is
 * hidden; bands and dates, which come from the history, are cleaned with escape. */
void history_story_write(report_sink *sink, const history_story *s, report_escape_fn escape);

#endif
