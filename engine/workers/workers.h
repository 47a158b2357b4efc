/* workers.h: assessing authorities in supervised worker processes.
 * One design serves isolation and speed. The supervisor has loaded the config,
 * the evidence and the pack; each worker is a process forked from it (evidence
 * shared copy-on-write) that assesses the batches of authorities the supervisor
 * hands it, one after another, until none is left. For rules that keep no state
 * between calls the output is identical for any number of workers.
 * A worker notes each rule it starts in memory shared with the supervisor and
 * sends each authority's result over a pipe; the supervisor enforces a
 * wall-clock limit per rule even inside C library calls that no Lua hook can
 * stop, kills a worker that overruns (or crashes), records that rule as an
 * error, and assesses the authority again in a fresh worker, skipping it. A
 * rule that overran is not run again for any authority: workers skip it as soon
 * as the supervisor marks it in the shared memory, and authorities where it ran
 * before are assessed again without it, so that the plan shows it as an error
 * everywhere and stays the same for any number of workers. */
#ifndef SUSTAIN_WORKERS_H
#define SUSTAIN_WORKERS_H

#include <stddef.h>

#include "diag.h"
#include "plan.h"
#include "runner.h"

typedef struct workers_job {
  runner *runner;
  runner_authority *authorities; /* to assess, in plan order */
  size_t count;
  int jobs;       /* workers at once, at least 1 */
  double seconds; /* wall-clock limit per rule */
  void (*progress)(void *context, size_t done, size_t total); /* may be NULL */
  void *progress_context;
} workers_job;

/* Assesses every authority of the job into p->authorities[0..count) and appends
 * their rule errors to p->errors in authority order. Returns 0, or -1 with a
 * diagnostic (out of memory, no process could be started, a worker failed
 * outside any rule). */
int workers_assess(const workers_job *job, plan *p, diag_list *diags);

#endif
