/* history_trend.c: the trend columns of a plan (history_trend.h), read from the
 * trajectories history_read gives, so the plan's chart and `sustain history`'s show the same
 * points. */
#include "history_trend.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Room for count points and columns ingredient columns, in arena a. */
static int trend_alloc(arena *a, plan_trend *t, size_t count, size_t columns) {
  *t = (plan_trend){0};
  t->dates = arena_alloc(a, (count + 1) * sizeof *t->dates);
  t->scores = arena_alloc(a, (count + 1) * sizeof *t->scores);
  t->ingredients = arena_alloc(a, (columns + 1) * sizeof *t->ingredients);
  if (!t->dates || !t->scores || !t->ingredients) return -1;
  for (size_t c = 0; c < columns; c++)
    if (!(t->ingredients[c] = arena_alloc(a, (count + 1) * sizeof(double)))) return -1;
  return 0;
}

/* The trajectory's column of ingredient id, or -1 when it never had one. */
static int column_of(const history_trajectory *t, const char *id) {
  for (size_t c = 0; id && c < t->ingredient_count; c++)
    if (t->ingredients[c] && strcmp(t->ingredients[c], id) == 0) return (int)c;
  return -1;
}

/* One authority's trend: t's points before date (in arena a's strings, which the plan
 * keeps), then its own scores. */
static int trend_of_authority(arena *a, plan_authority *authority, const history_trajectory *t,
                              const char *date) {
  size_t before = 0;
  while (before < t->point_count && strcmp(t->points[before].date, date) < 0) before++;
  plan_trend *trend = &authority->trend;
  if (trend_alloc(a, trend, before + 1, authority->ingredient_count) != 0) return -1;
  for (size_t k = 0; k < before; k++) {
    const history_point *pt = &t->points[k];
    if (!(trend->dates[k] = arena_strdup(a, pt->date))) return -1;
    trend->scores[k] = pt->score;
    for (size_t i = 0; i < authority->ingredient_count; i++) {
      int c = column_of(t, authority->ingredients[i].id);
      trend->ingredients[i][k] = c < 0 ? NAN : pt->ingredients[c];
    }
  }
  trend->dates[before] = date;
  trend->scores[before] = authority->score;
  for (size_t i = 0; i < authority->ingredient_count; i++)
    trend->ingredients[i][before] = authority->ingredients[i].score;
  trend->point_count = before + 1;
  return 0;
}

int history_trend(history *h, plan *p, diag_list *diags) {
  const char **ids = calloc(p->authority_count + 1, sizeof *ids);
  const char **names = calloc(p->authority_count + 1, sizeof *names);
  history_report *r = NULL;
  int status = -1;
  if (!ids || !names) {
    diag_add(diags, NULL, 0, 0, "out of memory reading the history");
    goto done;
  }
  for (size_t i = 0; i < p->authority_count; i++) {
    ids[i] = p->authorities[i].id;
    names[i] = p->authorities[i].name;
  }
  if (history_read(h, ids, names, p->authority_count, &r, diags) != 0) goto done;
  for (size_t i = 0; i < p->authority_count; i++)
    if (trend_of_authority(p->arena, &p->authorities[i], &r->authorities[i], p->date) != 0) {
      diag_add(diags, r->path, 0, 0, "out of memory reading the history");
      goto done;
    }
  status = 0;
done:
  if (r) arena_free(r->arena); /* history_report_free's work, without needing its module */
  free(ids);
  free(names);
  return status;
}
