/* history.h: the history of assessments, in an embedded SQLite file ([history] path) or a
 * shared PostgreSQL database ([history] url): one facade over the two stores
 * (history_sqlite.c, history_postgres.c). Each successful `sustain run` is recorded in one
 * transaction: the assessment's name and date, and per authority its stage, a digest of its
 * rule files, overall score, band, coverage, each ingredient's score and the ranked actions
 * with the gap each closes. From it come the change since the previous assessment
 * (history_annotate, shown by the plan writers) and the trajectory over time (history_read,
 * `sustain history`).
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

#include "diag.h"
#include "history_report.h"
#include "plan.h"

typedef struct history history;

/* Whether a [history] location (config's history_path) is a PostgreSQL URI
 * (postgresql:// or postgres://, [history] url) rather than a file. A url may hold a
 * password: never print it; an open history's messages show it with the password
 * replaced by ********. */
int history_is_url(const char *location);

/* Opens the history at path (a file, or a url: history_is_url), creating it (and its
 * schema) when absent, migrating an older schema. Returns 0 and *out, or -1 with a problem
 * naming the file in diags. */
int history_open(const char *path, history **out, diag_list *diags);

void history_close(history *h);

/* Fills the plan's history fields (plan.h): sets p->history, and for each authority its
 * previous assessment before p->date (the latest run wins for a date), each ingredient's
 * previous score, and the recurring and resolved actions, matched by gap
 * (history_compare_actions in history_backend.h). Returns 0, or -1 with a problem in diags. */
int history_annotate(history *h, plan *p, diag_list *diags);

/* Records a plan in one transaction, each authority with the digest of the rule files it
 * was assessed with (plan_authority.rules_digest, taken when the pack loaded). Returns 0,
 * or -1 with a problem in diags (nothing of this run is then recorded). */
int history_record(history *h, const plan *p, diag_list *diags);

/* Reads the trajectory of each of the given authorities (in that order). Returns 0 and
 * *out (free with history_report_free), or -1 with a problem in diags. */
int history_read(history *h, const char *const *authorities, const char *const *names,
                 size_t count, history_report **out, diag_list *diags);

#endif
