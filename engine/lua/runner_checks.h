/* runner_checks.h: the pack's data-quality checks, counted for each authority.
 * A check's filters written as tables are compiled once, when the runner
 * opens; a `where` written as a function of the authority runs in the sandbox
 * for each authority, under the rules' limits, and its answer is compiled
 * then, once for each distinct answer (a few are kept per worker).
 * check_rows.h picks the rows; the plan keeps only their count, and `sustain
 * check --records` lists the same rows. */
#ifndef SUSTAIN_RUNNER_CHECKS_H
#define SUSTAIN_RUNNER_CHECKS_H

#include "diag.h"
#include "evidence_set.h"
#include "plan.h"
#include "rules.h"
#include "sandbox.h"

/* The most filters a check's `where` may list: each is a pass over the
 * authority's rows, which no instruction limit counts. */
#define RUNNER_CHECK_MAX_ALTERNATIVES 32

/* Which of a pack's data checks run. */
typedef enum runner_checks_mode {
  RUNNER_CHECKS_ALL = 0, /* every one, as `sustain run` runs them */
  RUNNER_CHECKS_NONE,    /* none: neither compiled nor counted (a test of one rule) */
  /* those whose filters name only columns their table has: a test's made-up tables
   * hold the columns its rule reads, and a check naming another is left out, as a
   * check whose table is missing is */
  RUNNER_CHECKS_WITH_COLUMNS
} runner_checks_mode;

/* The checks of a pack, prepared over an assessment's tables. */
typedef struct runner_checks {
  sandbox *sb;
  const rule_pack *pack;
  const evidence_set *sources;
  runner_checks_mode mode;
  struct runner_check *items; /* one per check of the pack */
} runner_checks;

/* What counting needs of the runner: the authority in hand and where failures go. The
 * runner lends these as callbacks, so the checks never call back into it. */
typedef struct runner_checks_call {
  const evidence_view *views; /* per source table: the authority's rows */
  const char *authority;      /* its id: the seed of a where function's random numbers */
  int suppress_below;
  /* pushes a fresh authority object, the `a` a where function receives */
  void (*push_authority)(void *context);
  /* records a check that could not count (as a failed rule is); 0, or -1 on out of memory */
  int (*failed)(void *context, const check_definition *check, const char *file, int line,
                const char *message);
  void *context;
} runner_checks_call;

/* Prepares the checks of pack over sources, as mode says: finds their tables and
 * columns, compiles the filters written as tables. A check whose table, found_in
 * table, unique column or key column is missing will not run. Problems go to diags at
 * the check's file:line. Returns 0, or -1. */
int runner_checks_open(runner_checks *c, sandbox *sb, const rule_pack *pack,
                       const evidence_set *sources, runner_checks_mode mode,
                       diag_list *diags);

/* Counts each check over the authority's rows into out->data_quality, in pack
 * order, leaving out checks that found no row. A check that fails (its where
 * function raises, say) goes to call->failed instead. Returns 0, or -1 on out
 * of memory. */
int runner_checks_count(runner_checks *c, const runner_checks_call *call, plan *p,
                        plan_authority *out);

/* Receives the rows of the table that one check picked for the authority in hand,
 * ascending; returns 0 to go on, nonzero to stop. */
typedef int (*runner_checks_rows_fn)(void *context, const check_definition *check,
                                     const evidence_table *table, const uint32_t *rows,
                                     size_t count);

/* Picks each check's rows exactly as runner_checks_count counts them, and hands
 * those of every check that found some to each, in pack order (`sustain check
 * --records`). A check that fails goes to call->failed, its message allocated
 * from a. Returns 0, or -1 on out of memory or when each stopped. */
int runner_checks_list(runner_checks *c, const runner_checks_call *call, arena *a,
                       runner_checks_rows_fn each, void *context);

void runner_checks_close(runner_checks *c);

#endif
