/* history_backend.h: what the two stores of the history share: the operations the facade
 * (history.c) calls on either, the statements both run where the dialects agree
 * (placeholders are written $1, $2...: PostgreSQL's, and SQLite's named parameters
 * numbered in order of first use), the test hook, and the assembly of what they read.
 * history_sqlite.c keeps an SQLite file, history_postgres.c a PostgreSQL database. */
#ifndef SUSTAIN_HISTORY_BACKEND_H
#define SUSTAIN_HISTORY_BACKEND_H

#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "history_trajectory.h"
#include "plan.h"

/* The schema this build writes; older stores are migrated to it when opened. Version 2
 * added each action's gap (actions.gap). */
#define HISTORY_SCHEMA_VERSION 3

/* PRAGMA application_id of a sustain history: "SUST". */
#define HISTORY_APPLICATION_ID 0x53555354

/* How long a writer waits for another one to finish, in milliseconds. */
#define HISTORY_BUSY_TIMEOUT_MS 60000

/* Test hook (docs/history.md): when this environment variable holds a number of seconds,
 * recording sleeps that long inside its transaction, after writing its rows and before
 * committing, having first printed HISTORY_PAUSE_MESSAGE on standard error, so a test can
 * kill the run mid-write. Never set it in production. */
#define HISTORY_PAUSE_ENV "SUSTAIN_TEST_HISTORY_PAUSE"
#define HISTORY_PAUSE_MESSAGE "sustain: test hook: pausing inside the history transaction\n"

/* One store's operations; `store` is the store's own state, made by open. */
typedef struct history_store {
  /* Opens the store at location, creating or migrating its schema. *display names it in
   * messages (a url without its password) as long as it is open. Returns 0, or -1 with a
   * problem in diags; either way a *out left set is closed with close. */
  int (*open)(const char *location, void **out, const char **display, diag_list *diags);
  void (*close)(void *store);
  /* history_annotate, history_record and history_read of history.h (read fills r, whose
   * arena and authorities array are ready). Each returns 0, or -1 with a problem in diags. */
  int (*annotate)(void *store, plan *p, diag_list *diags);
  int (*record)(void *store, const plan *p, diag_list *diags);
  int (*read)(void *store, history_report *r, const char *const *authorities,
              const char *const *names, size_t count, diag_list *diags);
} history_store;

/* The statements both stores run. */
extern const char *const history_sql_record[4];   /* authorities, ingredients, actions, runs */
extern const char *const history_sql_annotate[3]; /* previous run (id, date, score, band),
                                                       its scores, its actions (id, gap) */
extern const char *const history_sql_read[2];     /* points, a point's ingredient scores */

/* The test hook (HISTORY_PAUSE_ENV). */
void history_test_pause(void);

/* What an action closes, as recorded: its gap, or its id for an action made without one
 * (scoring always sets it; the default gap is the id). */
const char *history_action_gap(const plan_action *x);

/* An action of the previous plan, as recorded. */
typedef struct history_action_row {
  const char *id, *gap;
  const char *title; /* NULL in a run recorded before titles were kept */
} history_action_row;

/* Fills authority's recurring and resolved action lists (plan.h) from the previous plan's
 * actions (before, in its rank order; their strings must live as long as the plan), matched
 * by gap: an earlier action recurs when this plan has an action for its gap, listed by that
 * action's id now, and is resolved otherwise, listed by its id then. An earlier action whose
 * gap is its id (its default gap, and what runs recorded before gaps were kept were given)
 * also recurs when this plan proposes the same id for a gap no earlier action had.
 * Allocates in arena a. Returns 0, or -1 when out of memory. */
int history_compare_actions(arena *a, plan_authority *authority,
                            const history_action_row *before, size_t count);

/* One ingredient score of a trajectory point, as read. */
typedef struct history_ingredient_row {
  size_t point;
  const char *ingredient;
  double score;
} history_ingredient_row;

/* Given t's points (read) and the ingredient rows (latest point first, each in the model's
 * order), fills t's ingredients, each point's scores and band_changed. Returns 0, or -1
 * when out of memory. */
int history_assemble(arena *a, history_trajectory *t, const history_ingredient_row *rows,
                     size_t rows_count);

#endif
