/* history_backend.h: what the two backends of the history store share (history_sqlite.c, SQLite;
 * history_postgres.c, PostgreSQL). One set of operations, the same statements where the
 * dialects agree (placeholders are written $1, $2...: PostgreSQL's, and SQLite's named
 * parameters numbered in order of first use), and the same assembly of the results. */
#ifndef SUSTAIN_HISTORY_BACKEND_H
#define SUSTAIN_HISTORY_BACKEND_H

#include "history.h"

/* The statements both backends run. */
extern const char *const history_sql_record[4];   /* authorities, ingredients, actions, runs */
extern const char *const history_sql_annotate[3]; /* previous run, its scores, its actions */
extern const char *const history_sql_read[2];     /* points, a point's ingredient scores */

/* The test hook of history.h (HISTORY_PAUSE_ENV). */
void history_test_pause(void);

/* Marks an action id of the previous plan as recurring (a's plan proposes it again) or
 * resolved, growing the lists in arena a. Returns 0, or -1 when out of memory. */
int history_previous_action(arena *a, plan_authority *authority, const char *id,
                            size_t *capacity);

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

/* ** {======================================================================
** The PostgreSQL backend (history_postgres.c)
** ======================================================================= */

typedef struct history_pg history_pg;

/* Connects to url, creating or migrating the schema. *display is the url with its password
 * replaced by ********, for messages; it lives as long as the connection. */
int history_pg_open(const char *url, history_pg **out, const char **display, diag_list *diags);
void history_pg_close(history_pg *h);
int history_pg_annotate(history_pg *h, plan *p, diag_list *diags);
int history_pg_record(history_pg *h, const plan *p, diag_list *diags);
int history_pg_read(history_pg *h, history_report *r, const char *const *authorities,
                    const char *const *names, size_t count, diag_list *diags);

/* }====================================================================== */

#endif
