/* history_sqlite.c: the history store in an SQLite file ([history] path; history.h,
 * docs/history.md), one of the two behind history_sqlite.h. One connection per run; every
 * statement's failure becomes one diagnostic naming the history file. */
#include "history_sqlite.h"

#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grow.h"
#include "sustain_version.h"

/* How often opening retries the switch to WAL while another process holds the file. */
#define HISTORY_WAL_RETRY_MS 20

typedef struct history_sqlite {
  sqlite3 *db;
  char *path; /* the file, for messages */
} history_sqlite;

/* The schema, one step per version: migrations[i] takes a file from version i to i + 1.
 * A step is only ever appended; a released step never changes. */
static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE runs ("
    "  id INTEGER PRIMARY KEY,"
    "  assessment TEXT NOT NULL,"
    "  date TEXT NOT NULL,"            /* the assessment date, YYYY-MM-DD */
    "  recorded_at TEXT NOT NULL,"     /* UTC, YYYY-MM-DDTHH:MM:SSZ */
    "  sustain_version TEXT NOT NULL);"
    "CREATE TABLE authorities ("
    "  run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    "  authority TEXT NOT NULL,"
    "  name TEXT,"
    "  stage TEXT,"
    "  rules_digest TEXT NOT NULL,"    /* plan_authority.rules_digest */
    "  score REAL,"                    /* NULL when no ingredient was assessed */
    "  band TEXT,"
    "  coverage REAL NOT NULL,"
    "  PRIMARY KEY (run, authority));"
    "CREATE INDEX authorities_by_authority ON authorities(authority, run);"
    "CREATE TABLE ingredients ("
    "  run INTEGER NOT NULL,"
    "  authority TEXT NOT NULL,"
    "  position INTEGER NOT NULL,"     /* the model's order */
    "  ingredient TEXT NOT NULL,"
    "  score REAL,"
    "  weight REAL NOT NULL,"
    "  PRIMARY KEY (run, authority, ingredient),"
    "  FOREIGN KEY (run, authority) REFERENCES authorities(run, authority) ON DELETE CASCADE);"
    "CREATE TABLE actions ("
    "  run INTEGER NOT NULL,"
    "  authority TEXT NOT NULL,"
    "  rank INTEGER NOT NULL,"
    "  action TEXT NOT NULL,"
    "  ingredient TEXT,"
    "  priority REAL,"
    "  PRIMARY KEY (run, authority, rank),"
    "  FOREIGN KEY (run, authority) REFERENCES authorities(run, authority) ON DELETE CASCADE);",
    /* 1 -> 2: each action's gap (plan_action.gap), which the previous assessment's actions
     * are matched by. SQLite cannot add a NOT NULL column without a default, so the table is
     * copied; an action recorded before has its id as its gap, the default gap. */
    "CREATE TABLE actions_2 ("
    "  run INTEGER NOT NULL,"
    "  authority TEXT NOT NULL,"
    "  rank INTEGER NOT NULL,"
    "  action TEXT NOT NULL,"
    "  ingredient TEXT,"
    "  priority REAL,"
    "  gap TEXT NOT NULL,"
    "  PRIMARY KEY (run, authority, rank),"
    "  FOREIGN KEY (run, authority) REFERENCES authorities(run, authority) ON DELETE CASCADE);"
    "INSERT INTO actions_2 (run, authority, rank, action, ingredient, priority, gap) "
    "  SELECT run, authority, rank, action, ingredient, priority, action FROM actions;"
    "DROP TABLE actions;"
    "ALTER TABLE actions_2 RENAME TO actions;",
    /* 2 -> 3: each action's title, so that an action resolved since reads by its title; an
     * action recorded before has none, and is named by its id */
    "ALTER TABLE actions ADD COLUMN title TEXT;",
};

#define HISTORY_MIGRATION_COUNT (sizeof migrations / sizeof migrations[0])

_Static_assert(HISTORY_MIGRATION_COUNT == HISTORY_SCHEMA_VERSION,
               "one migration per schema version");

/* ** {======================================================================
** Errors
** ======================================================================= */

/* One problem with the history file, worded by what SQLite said. */
static int fail_code(const char *path, diag_list *diags, int code, const char *message,
                     const char *what) {
  int primary = code & 0xff;
  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
    diag_add(diags, path, 0, 0,
             "the history file is damaged or is not an SQLite database (%s, while %s): restore "
             "it from a backup, or move it aside to start a new history",
             message, what);
  else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    diag_add(diags, path, 0, 0,
             "the history file stayed locked by another process for %d seconds (while %s): try "
             "again when the other run has finished",
             HISTORY_BUSY_TIMEOUT_MS / 1000, what);
  else if (primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN || primary == SQLITE_PERM)
    diag_add(diags, path, 0, 0,
             "cannot write the history file (%s, while %s): check that it and its folder may be "
             "written",
             message, what);
  else
    diag_add(diags, path, 0, 0, "history: %s (while %s)", message, what);
  return -1;
}

static int fail(history_sqlite *h, diag_list *diags, int code, const char *what) {
  return fail_code(h->path, diags, code, sqlite3_errmsg(h->db), what);
}

/* }====================================================================== */

/* ** {======================================================================
** Small statement helpers
** ======================================================================= */

/* Runs SQL with no result rows. */
static int exec(history_sqlite *h, diag_list *diags, const char *sql, const char *what) {
  int rc = sqlite3_exec(h->db, sql, NULL, NULL, NULL);
  return rc == SQLITE_OK ? 0 : fail(h, diags, rc, what);
}

/* A single integer from a query (a PRAGMA). */
static int query_int(history_sqlite *h, diag_list *diags, const char *sql, const char *what,
                     sqlite3_int64 *out) {
  sqlite3_stmt *s = NULL;
  int rc = sqlite3_prepare_v2(h->db, sql, -1, &s, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) {
    *out = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return 0;
  }
  if (rc == SQLITE_DONE) rc = SQLITE_CORRUPT; /* a PRAGMA always gives a row */
  sqlite3_finalize(s);
  return fail(h, diags, rc, what);
}

static int prepare(history_sqlite *h, diag_list *diags, const char *sql, sqlite3_stmt **s,
                   const char *what) {
  int rc = sqlite3_prepare_v2(h->db, sql, -1, s, NULL);
  return rc == SQLITE_OK ? 0 : fail(h, diags, rc, what);
}

static void bind_text(sqlite3_stmt *s, int index, const char *text) {
  if (text)
    sqlite3_bind_text(s, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(s, index);
}

static void bind_number(sqlite3_stmt *s, int index, double value) {
  if (isfinite(value))
    sqlite3_bind_double(s, index, value);
  else
    sqlite3_bind_null(s, index);
}

/* Steps a statement that returns no rows, then resets it for the next binding. */
static int step_done(history_sqlite *h, diag_list *diags, sqlite3_stmt *s, const char *what) {
  int rc = sqlite3_step(s);
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
  return rc == SQLITE_DONE ? 0 : fail(h, diags, rc, what);
}

static double column_number(sqlite3_stmt *s, int column) {
  return sqlite3_column_type(s, column) == SQLITE_NULL ? NAN : sqlite3_column_double(s, column);
}

static const char *column_text(arena *a, sqlite3_stmt *s, int column) {
  const unsigned char *text = sqlite3_column_text(s, column);
  return text ? arena_strdup(a, (const char *)text) : NULL;
}

/* }====================================================================== */

/* ** {======================================================================
** Opening and migrating
** ======================================================================= */

/* Brings the schema from its version to HISTORY_SCHEMA_VERSION, in one transaction that
 * reads the version again, so two processes opening a new file at once migrate it once. */
static int migrate(history_sqlite *h, diag_list *diags) {
  if (exec(h, diags, "BEGIN IMMEDIATE", "starting to set up the history") != 0) return -1;
  sqlite3_int64 version = 0, application = 0, objects = 0;
  int ok = query_int(h, diags, "PRAGMA user_version", "reading the schema version", &version) ==
               0 &&
           query_int(h, diags, "PRAGMA application_id", "reading the application id",
                     &application) == 0 &&
           query_int(h, diags, "SELECT count(*) FROM sqlite_master", "listing the tables",
                     &objects) == 0;
  if (ok && (application != HISTORY_APPLICATION_ID && (application != 0 || objects != 0))) {
    diag_add(diags, h->path, 0, 0,
             "this SQLite database is not a sustain history (it holds other tables): give "
             "[history] path a file of its own");
    ok = 0;
  }
  for (sqlite3_int64 v = version; ok && v < HISTORY_SCHEMA_VERSION; v++)
    ok = exec(h, diags, migrations[v], "migrating the history schema") == 0;
  if (ok && version < HISTORY_SCHEMA_VERSION) {
    char sql[96];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d; PRAGMA application_id = %d",
             HISTORY_SCHEMA_VERSION, HISTORY_APPLICATION_ID);
    ok = exec(h, diags, sql, "setting the schema version") == 0;
  }
  if (ok && exec(h, diags, "COMMIT", "committing the history schema") == 0) return 0;
  sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
  return -1;
}

/* Switching a new file to WAL needs an exclusive lock. Two processes that both hold a
 * shared lock while they ask for it would deadlock, so SQLite fails one at once without
 * waiting in the busy handler; it retries here until the busy timeout has passed. */
static int switch_to_wal(history_sqlite *h, diag_list *diags) {
  struct timespec step = {0, HISTORY_WAL_RETRY_MS * 1000000L};
  int rc = SQLITE_BUSY;
  for (long waited = 0; waited <= HISTORY_BUSY_TIMEOUT_MS; waited += HISTORY_WAL_RETRY_MS) {
    rc = sqlite3_exec(h->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
    if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) break;
    nanosleep(&step, NULL);
  }
  return rc == SQLITE_OK ? 0 : fail(h, diags, rc, "switching to write-ahead logging");
}

static int check_and_set_up(history_sqlite *h, diag_list *diags) {
  sqlite3_busy_timeout(h->db, HISTORY_BUSY_TIMEOUT_MS);
  sqlite3_int64 version = 0, application = 0, objects = 0;
  /* the first read finds a file that is not a database at all */
  if (query_int(h, diags, "SELECT count(*) FROM sqlite_master", "listing the tables",
                &objects) != 0 ||
      query_int(h, diags, "PRAGMA application_id", "reading the application id",
                &application) != 0 ||
      query_int(h, diags, "PRAGMA user_version", "reading the schema version", &version) != 0)
    return -1;
  if (application != HISTORY_APPLICATION_ID && (application != 0 || objects != 0)) {
    diag_add(diags, h->path, 0, 0,
             "this SQLite database is not a sustain history (it holds other tables): give "
             "[history] path a file of its own");
    return -1;
  }
  if (version > HISTORY_SCHEMA_VERSION) {
    diag_add(diags, h->path, 0, 0,
             "this history was written by a newer sustain (schema version %lld; this sustain "
             "reads up to %d): use the newer sustain, or another history file",
             (long long)version, HISTORY_SCHEMA_VERSION);
    return -1;
  }
  /* WAL: readers never block the writer, and a killed writer leaves the file consistent */
  if (switch_to_wal(h, diags) != 0 ||
      exec(h, diags, "PRAGMA foreign_keys = ON", "enabling foreign keys") != 0)
    return -1;
  if (version < HISTORY_SCHEMA_VERSION && migrate(h, diags) != 0) return -1;
  return 0;
}

static void sqlite_close(void *store) {
  history_sqlite *h = store;
  if (!h) return;
  sqlite3_close(h->db);
  free(h->path);
  free(h);
}

static int sqlite_open(const char *path, void **out, const char **display, diag_list *diags) {
  *out = NULL;
  history_sqlite *h = calloc(1, sizeof *h);
  if (!h || !(h->path = strdup(path))) {
    free(h);
    diag_add(diags, path, 0, 0, "out of memory opening the history");
    return -1;
  }
  *out = h;
  *display = h->path;
  int rc = sqlite3_open_v2(path, &h->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    return fail_code(path, diags, rc, h->db ? sqlite3_errmsg(h->db) : sqlite3_errstr(rc),
                     "opening it");
  return check_and_set_up(h, diags);
}

/* }====================================================================== */

/* ** {======================================================================
** Recording a run
** ======================================================================= */

static int record_authority(history_sqlite *h, diag_list *diags, sqlite3_stmt *const *s,
                            sqlite3_int64 run, const plan_authority *a) {
  sqlite3_bind_int64(s[0], 1, run);
  bind_text(s[0], 2, a->id);
  bind_text(s[0], 3, a->name);
  bind_text(s[0], 4, a->stage);
  bind_text(s[0], 5, a->rules_digest);
  bind_number(s[0], 6, a->score);
  bind_text(s[0], 7, isnan(a->score) ? NULL : a->band);
  bind_number(s[0], 8, isfinite(a->coverage) ? a->coverage : 0.0);
  if (step_done(h, diags, s[0], "recording an authority") != 0) return -1;
  for (size_t i = 0; i < a->ingredient_count; i++) {
    const plan_ingredient *g = &a->ingredients[i];
    sqlite3_bind_int64(s[1], 1, run);
    bind_text(s[1], 2, a->id);
    sqlite3_bind_int64(s[1], 3, (sqlite3_int64)i);
    bind_text(s[1], 4, g->id);
    bind_number(s[1], 5, g->score);
    bind_number(s[1], 6, isfinite(g->weight) ? g->weight : 0.0);
    if (step_done(h, diags, s[1], "recording an ingredient's score") != 0) return -1;
  }
  for (size_t i = 0; i < a->action_count; i++) {
    const plan_action *x = &a->actions[i];
    sqlite3_bind_int64(s[2], 1, run);
    bind_text(s[2], 2, a->id);
    sqlite3_bind_int64(s[2], 3, x->rank);
    bind_text(s[2], 4, x->id);
    bind_text(s[2], 5, history_action_gap(x));
    bind_text(s[2], 6, x->ingredient);
    bind_number(s[2], 7, x->priority);
    bind_text(s[2], 8, x->title);
    if (step_done(h, diags, s[2], "recording an action") != 0) return -1;
  }
  return 0;
}

static int sqlite_record(void *store, const plan *p, diag_list *diags) {
  history_sqlite *h = store;
  const char *const *sql = history_sql_record;
  sqlite3_stmt *s[4] = {NULL};
  int ok = exec(h, diags, "BEGIN IMMEDIATE", "starting to record the run") == 0;
  for (int i = 0; ok && i < 4; i++) ok = prepare(h, diags, sql[i], &s[i], "preparing") == 0;
  if (ok) {
    char recorded[32];
    time_t now = time(NULL);
    struct tm utc;
    gmtime_r(&now, &utc);
    strftime(recorded, sizeof recorded, "%Y-%m-%dT%H:%M:%SZ", &utc);
    bind_text(s[3], 1, p->name);
    bind_text(s[3], 2, p->date);
    bind_text(s[3], 3, recorded);
    bind_text(s[3], 4, SUSTAIN_VERSION);
    ok = step_done(h, diags, s[3], "recording the run") == 0;
  }
  sqlite3_int64 run = ok ? sqlite3_last_insert_rowid(h->db) : 0;
  for (size_t i = 0; ok && i < p->authority_count; i++)
    ok = record_authority(h, diags, s, run, &p->authorities[i]) == 0;
  for (int i = 0; i < 4; i++) sqlite3_finalize(s[i]);
  if (ok) history_test_pause();
  if (ok && exec(h, diags, "COMMIT", "committing the run") == 0) return 0;
  sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
  return -1;
}

/* }====================================================================== */

/* ** {======================================================================
** The previous assessment, for the plan
** ======================================================================= */

/* The run of an authority's latest assessment before the plan's date (0 when none), and
 * its date, overall score and band on the authority. */
static int previous_run(history_sqlite *h, diag_list *diags, sqlite3_stmt *s, const plan *p,
                        plan_authority *authority, sqlite3_int64 *run) {
  bind_text(s, 1, authority->id);
  bind_text(s, 2, p->date);
  int rc = sqlite3_step(s);
  *run = 0;
  if (rc == SQLITE_ROW) {
    *run = sqlite3_column_int64(s, 0);
    int no_band = sqlite3_column_type(s, 3) == SQLITE_NULL; /* asked before any conversion */
    authority->previous_date = column_text(p->arena, s, 1);
    authority->previous_score = column_number(s, 2);
    authority->previous_band = column_text(p->arena, s, 3);
    int lost = !authority->previous_date || (!authority->previous_band && !no_band);
    rc = lost ? SQLITE_NOMEM : SQLITE_DONE;
  }
  sqlite3_reset(s);
  return rc == SQLITE_DONE ? 0 : fail(h, diags, rc, "reading the previous assessment");
}

/* The actions of the authority's previous run, compared with this plan's by gap. */
static int previous_actions(history_sqlite *h, diag_list *diags, sqlite3_stmt *s, plan *p,
                            plan_authority *a, sqlite3_int64 run) {
  history_action_row *rows = NULL;
  size_t count = 0, capacity = 0;
  sqlite3_bind_int64(s, 1, run);
  bind_text(s, 2, a->id);
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    history_action_row row = {column_text(p->arena, s, 0), column_text(p->arena, s, 1),
                              column_text(p->arena, s, 2)};
    if (!row.id || !row.gap || GROW(&rows, &capacity, count + 1) != 0) {
      rc = SQLITE_NOMEM;
      break;
    }
    rows[count++] = row;
  }
  sqlite3_reset(s);
  if (rc == SQLITE_DONE && history_compare_actions(p->arena, a, rows, count) != 0)
    rc = SQLITE_NOMEM;
  free(rows);
  return rc == SQLITE_DONE ? 0 : fail(h, diags, rc, "reading the previous actions");
}

static int annotate_authority(history_sqlite *h, diag_list *diags, sqlite3_stmt *const *s, plan *p,
                              plan_authority *a) {
  for (size_t i = 0; i < a->ingredient_count; i++) a->ingredients[i].previous = NAN;
  a->previous_date = a->previous_band = NULL;
  a->previous_score = NAN;
  a->recurring_action_count = a->resolved_action_count = 0;
  sqlite3_int64 run;
  if (previous_run(h, diags, s[0], p, a, &run) != 0) return -1;
  if (!run) return 0;
  sqlite3_bind_int64(s[1], 1, run);
  bind_text(s[1], 2, a->id);
  int rc;
  while ((rc = sqlite3_step(s[1])) == SQLITE_ROW) {
    const char *id = (const char *)sqlite3_column_text(s[1], 0);
    for (size_t i = 0; id && i < a->ingredient_count; i++)
      if (strcmp(a->ingredients[i].id, id) == 0) a->ingredients[i].previous = column_number(s[1], 1);
  }
  sqlite3_reset(s[1]);
  if (rc != SQLITE_DONE) return fail(h, diags, rc, "reading the previous scores");
  return previous_actions(h, diags, s[2], p, a, run);
}

static int sqlite_annotate(void *store, plan *p, diag_list *diags) {
  history_sqlite *h = store;
  const char *const *sql = history_sql_annotate;
  sqlite3_stmt *s[3] = {NULL};
  int ok = exec(h, diags, "BEGIN", "starting to read the history") == 0;
  for (int i = 0; ok && i < 3; i++) ok = prepare(h, diags, sql[i], &s[i], "preparing") == 0;
  for (size_t i = 0; ok && i < p->authority_count; i++)
    ok = annotate_authority(h, diags, s, p, &p->authorities[i]) == 0;
  for (int i = 0; i < 3; i++) sqlite3_finalize(s[i]);
  sqlite3_exec(h->db, ok ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
  return ok ? 0 : -1;
}

/* }====================================================================== */

/* ** {======================================================================
** The trajectory
** ======================================================================= */

typedef history_ingredient_row ingredient_row;

static int read_trajectory(history_sqlite *h, diag_list *diags, sqlite3_stmt *const *s, arena *a,
                           history_trajectory *t) {
  sqlite3_int64 *runs = NULL;
  size_t capacity = 0;
  int rc;
  bind_text(s[0], 1, t->authority);
  while ((rc = sqlite3_step(s[0])) == SQLITE_ROW) {
    if (t->point_count == capacity) {
      size_t grown = capacity ? capacity * 2 : 8;
      history_point *points = arena_grow(a, t->points, t->point_count, grown, sizeof *points);
      sqlite3_int64 *r = arena_grow(a, runs, t->point_count, grown, sizeof *r);
      if (!points || !r) {
        rc = SQLITE_NOMEM;
        break;
      }
      t->points = points;
      runs = r;
      capacity = grown;
    }
    history_point *pt = &t->points[t->point_count];
    runs[t->point_count++] = sqlite3_column_int64(s[0], 0);
    pt->date = column_text(a, s[0], 1);
    pt->stage = column_text(a, s[0], 2);
    pt->score = column_number(s[0], 3);
    pt->band = column_text(a, s[0], 4);
    pt->coverage = column_number(s[0], 5);
    pt->rules_digest = column_text(a, s[0], 6);
    if (!t->name) t->name = column_text(a, s[0], 7);
  }
  sqlite3_reset(s[0]);
  if (rc != SQLITE_DONE) return fail(h, diags, rc, "reading the trajectory");

  /* ingredients: the latest point's order first, then any only earlier points had */
  size_t rows_count = 0, rows_capacity = 0;
  ingredient_row *rows = NULL;
  for (size_t k = t->point_count; k-- > 0;) {
    sqlite3_bind_int64(s[1], 1, runs[k]);
    bind_text(s[1], 2, t->authority);
    while ((rc = sqlite3_step(s[1])) == SQLITE_ROW) {
      if (rows_count == rows_capacity) {
        size_t grown = rows_capacity ? rows_capacity * 2 : 32;
        ingredient_row *r = arena_grow(a, rows, rows_count, grown, sizeof *r);
        if (!r) {
          rc = SQLITE_NOMEM;
          break;
        }
        rows = r;
        rows_capacity = grown;
      }
      rows[rows_count++] = (ingredient_row){k, column_text(a, s[1], 0), column_number(s[1], 1)};
      if (!rows[rows_count - 1].ingredient) {
        rc = SQLITE_NOMEM;
        break;
      }
    }
    sqlite3_reset(s[1]);
    if (rc != SQLITE_DONE) return fail(h, diags, rc, "reading the ingredient scores");
  }
  return history_assemble(a, t, rows, rows_count) == 0
             ? 0
             : fail(h, diags, SQLITE_NOMEM, "reading the trajectory");
}

static int sqlite_read(void *store, history_report *r, const char *const *authorities,
                       const char *const *names, size_t count, diag_list *diags) {
  history_sqlite *h = store;
  arena *a = r->arena;
  const char *const *sql = history_sql_read;
  sqlite3_stmt *s[2] = {NULL};
  int ok = exec(h, diags, "BEGIN", "starting to read the history") == 0;
  for (int i = 0; ok && i < 2; i++) ok = prepare(h, diags, sql[i], &s[i], "preparing") == 0;
  for (size_t i = 0; ok && i < count; i++) {
    history_trajectory *t = &r->authorities[r->authority_count++];
    t->authority = arena_strdup(a, authorities[i]);
    t->name = names && names[i] ? arena_strdup(a, names[i]) : NULL;
    ok = t->authority && read_trajectory(h, diags, s, a, t) == 0;
  }
  for (int i = 0; i < 2; i++) sqlite3_finalize(s[i]);
  sqlite3_exec(h->db, ok ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
  return ok ? 0 : -1;
}

const history_store history_sqlite_store = {sqlite_open, sqlite_close, sqlite_annotate,
                                            sqlite_record, sqlite_read};

/* }====================================================================== */
