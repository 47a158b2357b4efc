/* history.h: the history of assessments, in an embedded SQLite file ([history] path).
 * Each successful `sustain run` is recorded in one transaction: the assessment's name and
 * date, and per authority its stage, a digest of its rule files, overall score, band,
 * coverage, each ingredient's score and the ranked actions. From it come the change since
 * the previous assessment (history_annotate, shown by the plan writers) and the trajectory
 * over time (history_read, `sustain history`).
 *
 * Reliability (docs/history.md): the schema carries a version (PRAGMA user_version) and an
 * application id, and is migrated forward on open; the file is in WAL mode with a busy
 * timeout, so concurrent writers wait for each other instead of failing; a record is one
 * transaction, so a run killed while recording leaves the earlier records as they were; a
 * corrupt file or a database that is not a sustain history is refused with a message naming
 * the file. Library code never prints: problems go to a diag_list. */
#ifndef SUSTAIN_HISTORY_H
#define SUSTAIN_HISTORY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "diag.h"
#include "plan.h"

/* The schema this build writes; older files are migrated to it when opened. */
#define HISTORY_SCHEMA_VERSION 1

/* PRAGMA application_id of a sustain history: "SUST". */
#define HISTORY_APPLICATION_ID 0x53555354

/* How long a writer waits for another one to finish, in milliseconds. */
#define HISTORY_BUSY_TIMEOUT_MS 60000

/* Test hook (docs/history.md): when this environment variable holds a number of seconds,
 * history_record sleeps that long inside its transaction, after writing its rows and before
 * committing, having first printed HISTORY_PAUSE_MESSAGE on standard error, so a test can
 * kill the run mid-write. Never set it in production. */
#define HISTORY_PAUSE_ENV "SUSTAIN_TEST_HISTORY_PAUSE"
#define HISTORY_PAUSE_MESSAGE "sustain: test hook: pausing inside the history transaction\n"

typedef struct history history;

/* Whether a [history] location (config's history_path) is a PostgreSQL URI
 * (postgresql:// or postgres://, [history] url) rather than a file. A url may hold a
 * password: never print it; an open history's messages show it with the password
 * replaced by ********. */
int history_is_url(const char *location);

/* Opens the history at path (a file, or a url: history_is_url), creating it (and its schema) when absent, migrating an older
 * schema. Returns 0 and *out, or -1 with a problem naming the file in diags. */
int history_open(const char *path, history **out, diag_list *diags);

void history_close(history *h);

/* Fills the plan's history fields (plan.h): sets p->history, and for each authority its
 * previous assessment before p->date (the latest run wins for a date), each ingredient's
 * previous score, and the recurring and resolved action ids. Returns 0, or -1 with a
 * problem in diags. */
int history_annotate(history *h, plan *p, diag_list *diags);

/* Records a plan in one transaction, each authority with the digest of the rule files it
 * was assessed with (plan_authority.rules_digest, taken when the pack loaded). Returns 0,
 * or -1 with a problem in diags (nothing of this run is then recorded). */
int history_record(history *h, const plan *p, diag_list *diags);

/* ** {======================================================================
** The trajectory: `sustain history`.
** ======================================================================= */

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

/* Reads the trajectory of each of the given authorities (in that order). Returns 0 and
 * *out (free with history_report_free), or -1 with a problem in diags. */
int history_read(history *h, const char *const *authorities, const char *const *names,
                 size_t count, history_report **out, diag_list *diags);

void history_report_free(history_report *r);

typedef enum history_format {
  HISTORY_TEXT,
  HISTORY_JSON,
  HISTORY_MARKDOWN,
  HISTORY_HTML
} history_format;

/* Writes the trajectories (history_report.c). Returns 0, or -1 with errno set. */
int history_write(const history_report *r, history_format format, FILE *out);

/* }====================================================================== */

#endif
