/* history_story.c: changes, the largest fall and the one-line story of a trajectory
 * (history_story.h). The story walks the points that have an overall score and tells each
 * stretch in which the score kept rising, kept falling or held, in order, so a rise after a
 * fall, or a fall after a rise, is never summed away into one difference. */
#include "history_story.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_values.h"

/* ** {======================================================================
** Changes and falls, worked out once per trajectory
** ======================================================================= */

/* A score as shown (report_score_text's rounding), so changes agree with the figures. */
static double as_shown(double score) {
  char buf[REPORT_VALUE_SIZE];
  return isfinite(score) ? strtod(report_score_text(buf, score), NULL) : NAN;
}

double history_score_at(const history_trajectory *t, size_t k, int column) {
  return column == HISTORY_OVERALL ? t->points[k].score : t->points[k].ingredients[column];
}

static int is_iso_date(const char *date) {
  if (!date || strlen(date) != 10 || date[4] != '-' || date[7] != '-') return 0;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (date[i] < '0' || date[i] > '9')) return 0;
  return 1;
}

/* Whether every point has a date and no two share a year (points are in date order, so
 * two in one year are neighbours), so a year names a point. */
static int years_name_points(const history_trajectory *t) {
  for (size_t k = 0; k < t->point_count; k++) {
    if (!is_iso_date(t->points[k].date)) return 0;
    if (k > 0 && strncmp(t->points[k - 1].date, t->points[k].date, 4) == 0) return 0;
  }
  return 1;
}

/* One column's changes, each since the latest earlier point with a score, and its
 * largest fall. */
static void work_out_column(history_story *s, int column) {
  const history_trajectory *t = s->t;
  double before = NAN, largest = NAN;
  for (size_t k = 0; k < t->point_count; k++) {
    double now = as_shown(history_score_at(t, k, column));
    double change = isfinite(now) && isfinite(before) ? as_shown(now - before) : NAN;
    s->changes[k * s->columns + (size_t)(column + 1)] = change;
    if (change < 0 && !(largest <= change)) largest = change;
    if (isfinite(now)) before = now;
  }
  s->largest_falls[column + 1] = largest;
}

int history_story_init(history_story *s, const history_trajectory *t) {
  *s = (history_story){.t = t, .columns = t->ingredient_count + 1};
  s->changes = malloc((t->point_count + 1) * s->columns * sizeof *s->changes);
  s->largest_falls = malloc(s->columns * sizeof *s->largest_falls);
  if (!s->changes || !s->largest_falls) {
    errno = ENOMEM;
    return -1;
  }
  for (int column = HISTORY_OVERALL; column < (int)t->ingredient_count; column++)
    work_out_column(s, column);
  for (size_t k = 0; k < t->point_count; k++)
    s->overall_ties += history_is_largest_fall(s, k, HISTORY_OVERALL);
  s->years_name_points = years_name_points(t);
  return 0;
}

void history_story_free(history_story *s) {
  free(s->changes);
  free(s->largest_falls);
  s->changes = s->largest_falls = NULL;
}

double history_change_at(const history_story *s, size_t k, int column) {
  return s->changes[k * s->columns + (size_t)(column + 1)];
}

double history_largest_fall(const history_story *s, int column) {
  return s->largest_falls[column + 1];
}

int history_is_largest_fall(const history_story *s, size_t k, int column) {
  return history_change_at(s, k, column) == history_largest_fall(s, column); /* NAN: never */
}

const char *history_point_label(const history_story *s, size_t k, char buf[16]) {
  const char *date = s->t->points[k].date;
  if (!s->years_name_points) return date ? date : REPORT_MISSING;
  memcpy(buf, date, 4);
  buf[4] = '\0';
  return buf;
}

/* }====================================================================== */

/* ** {======================================================================
** The story
** ======================================================================= */

typedef struct teller {
  report_sink *sink;
  const history_story *story;
  const history_trajectory *t;
  report_escape_fn escape;
} teller;

typedef enum stretch_direction { STRETCH_HELD, STRETCH_ROSE, STRETCH_FELL } stretch_direction;

static void say(const teller *s, const char *words) { report_put(s->sink, words); }

static void say_label(const teller *s, size_t k) {
  char buf[16];
  report_put_clean(s->sink, history_point_label(s->story, k, buf), s->escape);
}

static void say_score(const teller *s, size_t k) {
  char buf[REPORT_VALUE_SIZE];
  say(s, report_score_text(buf, s->t->points[k].score));
}

/* The first point after k with an overall score, or point_count when none. */
static size_t next_scored(const history_trajectory *t, size_t k) {
  while (++k < t->point_count && !isfinite(t->points[k].score)) {
  }
  return k;
}

static stretch_direction direction_at(const history_story *story, size_t k) {
  double change = history_change_at(story, k, HISTORY_OVERALL);
  return change > 0 ? STRETCH_ROSE : change < 0 ? STRETCH_FELL : STRETCH_HELD;
}

static int same_band(const char *a, const char *b) {
  return a == b || (a && b && strcmp(a, b) == 0);
}

/* The notes on a stretch from `from` to `to` (points with a score): each largest fall in
 * it, then a change of band between its ends. */
static void say_notes(const teller *s, size_t from, size_t to, size_t steps) {
  const history_trajectory *t = s->t;
  int noted = 0;
  char buf[REPORT_VALUE_SIZE];
  for (size_t k = next_scored(t, from); k <= to && k < t->point_count; k = next_scored(t, k)) {
    if (!history_is_largest_fall(s->story, k, HISTORY_OVERALL)) continue;
    say(s, noted++ ? "; " : " (");
    if (s->story->overall_ties == 1) {
      say(s, "its largest fall");
    } else {
      snprintf(buf, sizeof buf, "one of its %zu equal largest falls", s->story->overall_ties);
      say(s, buf);
    }
    if (steps > 1) {
      say(s, " in ");
      say_label(s, k);
    }
    say(s, ", ");
    say(s, report_score_text(buf, history_change_at(s->story, k, HISTORY_OVERALL)));
  }
  const char *before = t->points[from].band, *after = t->points[to].band;
  if (before && after && !same_band(before, after)) {
    say(s, noted++ ? "; " : " (");
    say(s, "a change of band from ");
    report_put_clean(s->sink, before, s->escape);
    say(s, " to ");
    report_put_clean(s->sink, after, s->escape);
  }
  if (noted) say(s, ")");
}

/* One stretch: "Rose from 28.4 in 2021 to 68.2 by 2023", or after the first ", then fell
 * to 35.1 in 2024"; "in" ends a stretch of one step, "by" a longer one. */
static void say_stretch(const teller *s, size_t from, size_t to, size_t steps,
                        stretch_direction direction, int first) {
  static const char *const verbs[3][2] = {{"held at ", "Held at "},
                                          {"rose to ", "Rose from "},
                                          {"fell to ", "Fell from "}};
  say(s, first ? "" : ", then ");
  say(s, verbs[direction][first]);
  if (direction == STRETCH_HELD) {
    say_score(s, from);
    say(s, first ? " from " : " until ");
    if (first) {
      say_label(s, from);
      say(s, " to ");
    }
  } else {
    if (first) {
      say_score(s, from);
      say(s, " in ");
      say_label(s, from);
      say(s, " to ");
    }
    say_score(s, to);
    say(s, steps > 1 ? " by " : " in ");
  }
  say_label(s, to);
  say_notes(s, from, to, steps);
}

/* Two or more points with a score: every stretch in order. */
static void say_stretches(const teller *s, size_t first_scored) {
  const history_trajectory *t = s->t;
  int rose = 0, fell = 0;
  for (size_t from = first_scored, next; (next = next_scored(t, from)) < t->point_count;) {
    stretch_direction direction = direction_at(s->story, next);
    size_t to = next, steps = 1;
    while ((next = next_scored(t, to)) < t->point_count &&
           direction_at(s->story, next) == direction) {
      to = next;
      steps++;
    }
    say_stretch(s, from, to, steps, direction, from == first_scored);
    rose |= direction == STRETCH_ROSE;
    fell |= direction == STRETCH_FELL;
    from = to;
  }
  if (rose && !fell) say(s, "; it never fell");
  say(s, ".");
}

/* " No overall score in 2022 and 2023." for the points without one. */
static void say_unscored(const teller *s, size_t unscored) {
  size_t told = 0;
  say(s, " No overall score in ");
  for (size_t k = 0; k < s->t->point_count; k++) {
    if (isfinite(s->t->points[k].score)) continue;
    if (told++) say(s, told == unscored ? " and " : ", ");
    say_label(s, k);
  }
  say(s, ".");
}

void history_story_write(report_sink *sink, const history_story *story,
                         report_escape_fn escape) {
  const history_trajectory *t = story->t;
  const teller s = {sink, story, t, escape};
  size_t first = t->point_count, scored = 0;
  for (size_t k = 0; k < t->point_count; k++) {
    if (!isfinite(t->points[k].score)) continue;
    if (first == t->point_count) first = k;
    scored++;
  }
  if (scored == 0) {
    say(&s, t->point_count ? "No overall score at any assessment." : "No assessments recorded.");
    return;
  }
  if (scored == 1) {
    say(&s, t->point_count == 1 ? "One assessment so far: " : "One assessment with a score: ");
    say_score(&s, first);
    if (t->points[first].band) {
      say(&s, ", ");
      report_put_clean(sink, t->points[first].band, escape);
    }
    say(&s, ", in ");
    say_label(&s, first);
    say(&s, "; nothing to compare it with yet.");
  } else {
    say_stretches(&s, first);
  }
  if (scored < t->point_count) say_unscored(&s, t->point_count - scored);
}

/* }====================================================================== */
