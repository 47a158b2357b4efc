/* runner_checks.h: the pack's data-quality checks, counted for each authority.
 * A check's filters written as tables are compiled once, when the runner
 * opens; a `where` written as a function of the authority runs in the sandbox
 * for each authority, under the rules' limits, and is compiled then.
 * check_rows.h picks the rows; the plan keeps only their count. */
#ifndef SUSTAIN_RUNNER_CHECKS_H
#define SUSTAIN_RUNNER_CHECKS_H

#include "runner.h"

/* The most filters a check's `where` may list: each is a pass over the
 * authority's rows, which no instruction limit counts. */
#define RUNNER_CHECK_MAX_ALTERNATIVES 32

/* Prepares the checks of r->pack over r->sources (into r->checks): finds their
 * tables and columns, compiles the filters written as tables. A check whose
 * table, found_in table, unique column or key column is missing will not run.
 * Problems go to diags at the check's file:line. Returns 0, or -1. */
int runner_checks_open(runner *r, diag_list *diags);

/* Counts each check over the rows of the authority in hand (r->views) into
 * out->data_quality, in pack order, leaving out checks that found no row. A
 * check that fails (its where function raises, say) is added to the plan's
 * errors instead. Returns 0, or -1 on out of memory. */
int runner_checks_count(runner *r, const runner_authority *who, plan *p, plan_authority *out);

void runner_checks_close(runner *r);

#endif
