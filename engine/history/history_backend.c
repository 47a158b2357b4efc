/* history_backend.c: what the two stores of the history share (history_backend.h): the
 * statements they both run, the test hook, and the assembly of what they read. */
#include "history_backend.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The statements both stores run (history_backend.h). */
const char *const history_sql_record[4] = {
    "INSERT INTO authorities (run, authority, name, stage, rules_digest, score, band, "
    "coverage) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    "INSERT INTO ingredients (run, authority, position, ingredient, score, weight) "
    "VALUES ($1, $2, $3, $4, $5, $6)",
    "INSERT INTO actions (run, authority, rank, action, gap, ingredient, priority, title) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    "INSERT INTO runs (assessment, date, recorded_at, sustain_version) VALUES ($1, $2, $3, $4)"};

const char *const history_sql_annotate[3] = {
    "SELECT a.run, r.date, a.score, a.band FROM authorities a JOIN runs r ON r.id = a.run "
    "WHERE a.authority = $1 AND r.date < $2 ORDER BY r.date DESC, a.run DESC LIMIT 1",
    "SELECT ingredient, score FROM ingredients WHERE run = $1 AND authority = $2",
    "SELECT action, gap, title FROM actions WHERE run = $1 AND authority = $2 ORDER BY rank"};

const char *const history_sql_read[2] = {
    /* one point per date: the latest run recorded for it */
    "SELECT a.run, r.date, a.stage, a.score, a.band, a.coverage, a.rules_digest, a.name "
    "FROM authorities a JOIN runs r ON r.id = a.run "
    "WHERE a.authority = $1 AND a.run = (SELECT max(a2.run) FROM authorities a2 "
    "  JOIN runs r2 ON r2.id = a2.run WHERE a2.authority = $1 AND r2.date = r.date) "
    "ORDER BY r.date",
    "SELECT ingredient, score FROM ingredients WHERE run = $1 AND authority = $2 "
    "ORDER BY position"};

/* The test hook of history_backend.h. */
void history_test_pause(void) {
  const char *pause = getenv(HISTORY_PAUSE_ENV);
  if (!pause || !*pause) return;
  double seconds = strtod(pause, NULL);
  if (!(seconds > 0)) return;
  fputs(HISTORY_PAUSE_MESSAGE, stderr);
  fflush(stderr);
  struct timespec t = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
  while (nanosleep(&t, &t) != 0 && errno == EINTR) {
  }
}

const char *history_action_gap(const plan_action *x) {
  return x->gap ? x->gap : x->id;
}

static const plan_action *action_for_gap(const plan_authority *a, const char *gap) {
  for (size_t i = 0; i < a->action_count; i++)
    if (a->actions[i].id && strcmp(history_action_gap(&a->actions[i]), gap) == 0)
      return &a->actions[i];
  return NULL;
}

/* The action of a's plan with this id whose gap none of the earlier actions had, or NULL. */
static const plan_action *same_action_new_gap(const plan_authority *a, const char *id,
                                              const history_action_row *before, size_t count) {
  for (size_t i = 0; i < a->action_count; i++) {
    const plan_action *x = &a->actions[i];
    if (!x->id || strcmp(x->id, id) != 0) continue;
    size_t k = 0;
    while (k < count && strcmp(before[k].gap, history_action_gap(x)) != 0) k++;
    if (k == count) return x;
  }
  return NULL;
}

int history_compare_actions(arena *arena, plan_authority *a, const history_action_row *before,
                            size_t count) {
  a->recurring_actions = arena_alloc(arena, (count + 1) * sizeof(char *));
  a->resolved_actions = arena_alloc(arena, (count + 1) * sizeof(char *));
  a->resolved_action_titles = arena_alloc(arena, (count + 1) * sizeof(char *));
  a->recurring_action_count = a->resolved_action_count = 0;
  if (!a->recurring_actions || !a->resolved_actions || !a->resolved_action_titles) return -1;
  for (size_t i = 0; i < count; i++) {
    const plan_action *now = action_for_gap(a, before[i].gap);
    if (!now && strcmp(before[i].gap, before[i].id) == 0)
      now = same_action_new_gap(a, before[i].id, before, count);
    if (now)
      a->recurring_actions[a->recurring_action_count++] = now->id;
    else {
      a->resolved_action_titles[a->resolved_action_count] = before[i].title;
      a->resolved_actions[a->resolved_action_count++] = before[i].id;
    }
  }
  return 0;
}

static int column_index(const history_trajectory *t, const char *id) {
  for (size_t i = 0; i < t->ingredient_count; i++)
    if (strcmp(t->ingredients[i], id) == 0) return (int)i;
  return -1;
}

int history_assemble(arena *a, history_trajectory *t, const history_ingredient_row *rows,
                     size_t rows_count) {
  t->ingredients = arena_alloc(a, (rows_count + 1) * sizeof(char *));
  for (size_t k = 0; k < t->point_count; k++) {
    t->points[k].ingredients = arena_alloc(a, (rows_count + 1) * sizeof(double));
    if (!t->points[k].ingredients) return -1;
    for (size_t i = 0; i < rows_count + 1; i++) t->points[k].ingredients[i] = NAN;
  }
  if (!t->ingredients) return -1;
  for (size_t i = 0; i < rows_count; i++) {
    int column = column_index(t, rows[i].ingredient);
    if (column < 0) {
      column = (int)t->ingredient_count;
      t->ingredients[t->ingredient_count++] = rows[i].ingredient;
    }
    t->points[rows[i].point].ingredients[column] = rows[i].score;
  }
  for (size_t k = 1; k < t->point_count; k++) {
    const char *before = t->points[k - 1].band, *now = t->points[k].band;
    t->points[k].band_changed = (before || now) && (!before || !now || strcmp(before, now) != 0);
  }
  return 0;
}
