/* workers.c: forked workers under a supervisor with a wall clock; see workers.h. */
#include "workers.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "plan_wire.h"

/* Authorities handed to a worker at a time. A worker lives for the whole run
 * (one per job) and asks for batch after batch, so a batch costs a message, not
 * a process: each fork copies the supervisor's page tables and each exit tears
 * them down, which at national scale cost about a tenth of the assessment's
 * processor time when every batch had a worker of its own. 16 leaves ten
 * batches for 155 authorities, enough for the last ones to end together. */
#define WORKERS_BATCH 16

/* What precedes an authority's result on a worker's pipe. */
typedef struct worker_record {
  uint64_t authority; /* index into the job */
  uint64_t length;    /* bytes of the result that follow */
  uint64_t rules;     /* then one rule_fate per rule of the authority */
} worker_record;

/* What became of one of an authority's rules in a worker: RULE_NOT_RUN (disabled,
 * did not apply, or an error a previous worker left to record), RULE_RAN, or
 * RULE_SKIPPED + X: not run, since it had exceeded the time limit for authority X. */
typedef uint64_t rule_fate;
enum { RULE_NOT_RUN = 0, RULE_RAN = 1, RULE_SKIPPED = 2 };

/* Which rule a worker is running and since when, in memory shared with the
 * supervisor: a worker starts thousands of rules, and telling each over the
 * pipe would wake the supervisor as often. The worker writes `started`, then
 * `position` (release); the supervisor reads `position` (acquire) first, so the
 * start it sees is never older than the rule's. Only rule starts are written:
 * once the supervisor has the authority's result, a position naming that
 * authority is stale, which is how "between rules" reads. */
typedef struct worker_status {
  atomic_ullong position; /* authority << 32 | (rule + 1); rule + 1 == 0 before any rule */
  atomic_llong started;    /* CLOCK_MONOTONIC nanoseconds */
} worker_status;

/* Lock-free in the hardware, or the two processes would not share the lock. */
_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2, "64-bit atomics must be lock-free");

/* The memory workers share with the supervisor: a status per worker slot, and per
 * rule of the pack (rule_pack.rules) the first authority, in plan order, for which
 * it exceeded the time limit, plus one (0: it has not). A worker skips a rule that
 * exceeded the limit for an earlier authority as soon as the supervisor writes it
 * here; only the supervisor writes `stopped`, and a mark only ever moves earlier. */
typedef struct shared_block {
  worker_status *statuses;
  atomic_ullong *stopped;
  size_t size;
} shared_block;

/* One running worker, seen from the supervisor. */
typedef struct worker {
  pid_t pid;
  int fd;                 /* read end of its results pipe */
  int command_fd;         /* write end of its batches pipe */
  size_t authority, end;  /* the authority it is on, and the end of its batch */
  worker_status *status;  /* the slot's block; travels with the slot when workers move */
} worker;

/* A worker's rule as the supervisor last saw it. */
typedef struct rule_seen {
  long rule;      /* in the worker's current authority; -1 between rules */
  double started; /* seconds, CLOCK_MONOTONIC */
} rule_seen;

/* A batch of authorities still to assess: [start, end). A batch queued again
 * after a rule failed carries errors the supervisor forced after the running
 * workers were forked, which only a worker forked since can see. */
typedef struct batch {
  size_t start, end;
  int needs_new_worker;
} batch;

/* What the supervisor sends a worker for each batch. */
typedef struct batch_command {
  uint64_t start, end;
} batch_command;

/* Per authority: what a previous worker could not finish, and the results. */
typedef struct authority_state {
  const char **forced; /* per rule: the error to record instead of running it */
  plan_error *errors;  /* its rule errors, kept apart so they merge in plan order */
  size_t error_count;
  rule_fate *fates;    /* per rule, as its result's worker reported */
} authority_state;

static long long now_nanoseconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000 + t.tv_nsec;
}

static double now_seconds(void) {
  return (double)now_nanoseconds() / 1e9;
}

/* The pack's index of one of an authority's rules, where its stop mark lives. */
static size_t pack_index(const workers_job *job, const rule_definition *rule) {
  return (size_t)(rule - job->runner->pack->rules);
}

/* The error recorded for a rule at every authority but the one where it exceeded
 * the time limit (first). The same text in the worker and the supervisor. */
static const char *stopped_reason(const workers_job *job, arena *a, size_t first) {
  return arena_printf(a,
                      "was stopped after exceeding the time limit of %g s for authority %s, "
                      "and is not run again for any authority; raise [limits] seconds if it "
                      "really needs more",
                      job->seconds, job->authorities[first].config->id);
}

/* ** {======================================================================
** In the worker
** ======================================================================= */

static int write_all(int fd, const void *data, size_t size) {
  const unsigned char *at = data;
  while (size) {
    ssize_t n = write(fd, at, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    at += n;
    size -= (size_t)n;
  }
  return 0;
}

static int read_all(int fd, void *data, size_t size) {
  unsigned char *at = data;
  while (size) {
    ssize_t n = read(fd, at, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    at += n;
    size -= (size_t)n;
  }
  return 0;
}

typedef struct worker_hook {
  const workers_job *job;
  worker_status *status;
  atomic_ullong *stopped;
  unsigned long long authority;
  rule_fate *fates; /* of the authority in hand */
} worker_hook;

/* Before each rule that applies: skip it when it exceeded the time limit for an
 * earlier authority, else note in the shared status that it starts now. */
static const char *rule_starting(void *context, size_t rule, arena *a) {
  worker_hook *hook = context;
  const rule_definition *definition = hook->job->authorities[hook->authority].rules[rule];
  unsigned long long first = atomic_load_explicit(
      &hook->stopped[pack_index(hook->job, definition)], memory_order_relaxed);
  if (first && first - 1 < hook->authority) {
    hook->fates[rule] = RULE_SKIPPED + (first - 1);
    const char *why = stopped_reason(hook->job, a, (size_t)(first - 1));
    return why ? why : "was stopped after exceeding the time limit for another authority";
  }
  hook->fates[rule] = RULE_RAN;
  atomic_store_explicit(&hook->status->started, now_nanoseconds(), memory_order_relaxed);
  atomic_store_explicit(&hook->status->position, (hook->authority << 32) | (rule + 1),
                        memory_order_release);
  return NULL;
}

/* Assesses one authority and sends its result, then what became of each rule. */
static void assess_and_send(worker_hook *hook, const authority_state *state, int fd) {
  runner *r = hook->job->runner;
  r->error_capacity = 0;
  runner_authority who = hook->job->authorities[hook->authority];
  who.forced = state->forced;
  arena *a = arena_new();
  plan *p = a ? arena_alloc(a, sizeof *p) : NULL;
  hook->fates = p ? arena_alloc(a, (who.rule_count + 1) * sizeof(rule_fate)) : NULL;
  if (!hook->fates) _exit(2);
  p->arena = a;
  p->date = who.date;
  plan_authority result;
  wire_buffer out = {0};
  if (runner_assess(r, &who, p, &result) != 0 ||
      plan_wire_write(&out, &result, p->errors, p->error_count) != 0)
    _exit(2);
  worker_record record = {hook->authority, out.length, who.rule_count};
  if (write_all(fd, &record, sizeof record) != 0 || write_all(fd, out.bytes, out.length) != 0 ||
      write_all(fd, hook->fates, who.rule_count * sizeof(rule_fate)) != 0)
    _exit(3);
  wire_buffer_free(&out);
  arena_free(a);
}

/* The worker's whole life: assess each batch the supervisor sends, sending each
 * authority's result as it is done, until the supervisor closes the batches
 * pipe; then leave without running the supervisor's exit handlers or flushing
 * its buffers. */
static void run_worker(const workers_job *job, const authority_state *states, int command_fd,
                       int fd, worker_status *status, atomic_ullong *stopped) {
  worker_hook hook = {job, status, stopped, 0, NULL};
  runner *r = job->runner;
  r->rule_starting = rule_starting;
  r->hook_context = &hook;
  batch_command work;
  while (read_all(command_fd, &work, sizeof work) == 0) {
    if (work.start > work.end || work.end > job->count) _exit(2);
    for (size_t index = (size_t)work.start; index < work.end; index++) {
      hook.authority = index;
      assess_and_send(&hook, &states[index], fd);
      /* a rule may keep memory it took up to the limit: leave the rest of the batch
       * to a fresh worker, which the supervisor starts when this one ends cleanly */
      if (r->sb->spoiled) _exit(0);
    }
  }
  _exit(0);
}

/* }====================================================================== */

/* ** {======================================================================
** In the supervisor
** ======================================================================= */

/* Everything the supervisor keeps while workers run. */
typedef struct supervisor {
  const workers_job *job;
  plan *p;
  diag_list *diags;
  authority_state *states;
  batch *queue;        /* batches to (re)start: queue[next..queued) */
  size_t queued, next;
  worker *running;     /* running[0..busy) */
  struct pollfd *fds;
  int jobs, busy;
  /* every batch that ends leaves one worker to reap, and batches split when a
   * worker is retired or stopped, so in one round as many as there are authorities */
  pid_t *leaving;
  size_t leaving_count;
  shared_block shared;
  const char **stop_reasons; /* per pack rule: stopped_reason for its mark, when made */
  unsigned long long *stop_reason_marks; /* the mark each reason was made for */
  size_t done;               /* results received in the first round, for progress */
  int first_round;
  plan_wire_strings strings; /* every result's strings, each kept once in the plan */
} supervisor;

/* Hands a batch to a worker that is waiting for one (just started, or past the
 * last result of its previous batch, so it writes no status now). Returns 0, or
 * -1 when the worker is gone. */
static int give_batch(worker *w, batch work) {
  /* a position of no rule: the one left names an authority the batch may hold */
  atomic_store(&w->status->position, 0);
  batch_command command = {work.start, work.end};
  if (write_all(w->command_fd, &command, sizeof command) != 0) return -1;
  w->authority = work.start;
  w->end = work.end;
  return 0;
}

/* In a new worker: closes the supervisor's ends of the other workers' pipes, so
 * that a worker sees the end of its batches when the supervisor closes its own. */
static void close_others(const supervisor *s) {
  for (int i = 0; i < s->busy; i++) {
    close(s->running[i].fd);
    close(s->running[i].command_fd);
  }
}

static int start_worker(supervisor *s, batch work, worker *w) {
  int results[2], batches[2];
  if (pipe(results) != 0) {
    diag_add(s->diags, NULL, 0, 0, "cannot create a pipe for a worker: %s", strerror(errno));
    return -1;
  }
  if (pipe(batches) != 0) {
    diag_add(s->diags, NULL, 0, 0, "cannot create a pipe for a worker: %s", strerror(errno));
    close(results[0]);
    close(results[1]);
    return -1;
  }
  fflush(NULL); /* nothing buffered is written twice */
  pid_t supervisor_pid = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    for (int i = 0; i < 2; i++) close(results[i]), close(batches[i]);
    diag_add(s->diags, NULL, 0, 0, "cannot start a worker process: %s", strerror(errno));
    return -1;
  }
  if (pid == 0) {
    /* A worker dies with its supervisor, however that ends (SIGKILL included): left
     * behind, one busy in a rule would spin on for ever. The check after catches a
     * supervisor that died before the request was made. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != supervisor_pid) _exit(1);
    close(results[0]);
    close(batches[1]);
    close_others(s);
    signal(SIGPIPE, SIG_DFL);
    run_worker(s->job, s->states, batches[0], results[1], w->status, s->shared.stopped);
  }
  close(results[1]);
  close(batches[0]);
  *w = (worker){pid, results[0], batches[1], work.start, work.end, w->status};
  /* a worker already gone shows as one that stopped outside any rule */
  give_batch(w, work);
  return 0;
}

/* What rule the worker is running in the authority the supervisor has it on.
 * Reads again when the worker moved on in between, so rule and start agree. */
static rule_seen look_at(const worker *w) {
  unsigned long long position;
  long long started;
  do {
    position = atomic_load_explicit(&w->status->position, memory_order_acquire);
    started = atomic_load_explicit(&w->status->started, memory_order_relaxed);
  } while (position != atomic_load_explicit(&w->status->position, memory_order_acquire));
  unsigned long long rule_plus_one = position & UINT32_MAX;
  if (position >> 32 != w->authority || rule_plus_one == 0) return (rule_seen){-1, 0};
  return (rule_seen){(long)rule_plus_one - 1, (double)started / 1e9};
}

/* Ends a worker: kills it when asked, always reaps it. Returns its wait status. */
static int stop_worker(worker *w, int kill_it) {
  if (kill_it) kill(w->pid, SIGKILL);
  close(w->fd);
  close(w->command_fd);
  int status = 0;
  while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR) continue;
  return status;
}

/* Reaps the workers that sent their last result and are leaving; with wait
 * set, waits for every one, else takes only those already gone. A worker's
 * exit tears down its copy of the supervisor's memory, which takes a while: a
 * new worker starts without waiting for that. */
static void reap_leaving(supervisor *s, int wait) {
  size_t kept = 0;
  for (size_t i = 0; i < s->leaving_count; i++) {
    pid_t done;
    while ((done = waitpid(s->leaving[i], NULL, wait ? 0 : WNOHANG)) < 0 && errno == EINTR)
      continue;
    if (done == 0) s->leaving[kept++] = s->leaving[i];
  }
  s->leaving_count = kept;
}

/* Records that an authority's rule must not run again, with why. */
static int force_error(supervisor *s, size_t index, size_t rule, const char *why) {
  authority_state *state = &s->states[index];
  if (!state->forced) {
    state->forced =
        arena_alloc(s->p->arena, (s->job->authorities[index].rule_count + 1) * sizeof(char *));
    if (!state->forced) return -1;
  }
  state->forced[rule] = why;
  return why ? 0 : -1;
}

/* The rule exceeded the time limit for this authority: workers skip it for every
 * later one from now on, and settle() makes it an error for the earlier ones. */
static void mark_stopped(supervisor *s, size_t authority, size_t rule) {
  atomic_ullong *mark =
      &s->shared.stopped[pack_index(s->job, s->job->authorities[authority].rules[rule])];
  unsigned long long first = atomic_load_explicit(mark, memory_order_relaxed);
  if (first == 0 || authority + 1 < first)
    atomic_store_explicit(mark, authority + 1, memory_order_relaxed);
}

/* Reads an authority's result from a worker. Returns 0, or -1 when the worker
 * stopped without one. */
static int read_result(supervisor *s, worker *w) {
  worker_record record;
  if (read_all(w->fd, &record, sizeof record) != 0) return -1;
  if (record.authority != w->authority) return -1; /* out of step: treat as a crash */
  if (record.length > SIZE_MAX / 2) return -1;
  size_t rules = s->job->authorities[w->authority].rule_count;
  if (record.rules != rules) return -1;
  rule_fate *fates = arena_alloc(s->p->arena, (rules + 1) * sizeof *fates);
  unsigned char *bytes = malloc(record.length ? record.length : 1);
  if (!fates || !bytes || read_all(w->fd, bytes, (size_t)record.length) != 0 ||
      read_all(w->fd, fates, rules * sizeof *fates) != 0) {
    free(bytes);
    return -1;
  }
  /* errors land in a plan of their own first, so they merge in plan order */
  plan errors = {.arena = s->p->arena};
  size_t capacity = 0;
  int status = plan_wire_read(bytes, (size_t)record.length, &errors,
                              &s->p->authorities[w->authority], &capacity, &s->strings);
  free(bytes);
  if (status != 0) return -1;
  authority_state *state = &s->states[w->authority];
  state->errors = errors.errors;
  state->error_count = errors.error_count;
  state->fates = fates;
  w->authority++;
  return 0;
}

/* Appends every authority's errors to the plan, in plan order. */
static int merge_errors(plan *p, const authority_state *states, size_t count) {
  size_t total = p->error_count;
  for (size_t i = 0; i < count; i++) total += states[i].error_count;
  plan_error *all = arena_alloc(p->arena, (total + 1) * sizeof *all);
  if (!all) return -1;
  if (p->error_count) memcpy(all, p->errors, p->error_count * sizeof *all);
  size_t n = p->error_count;
  for (size_t i = 0; i < count; i++) {
    if (states[i].error_count)
      memcpy(all + n, states[i].errors, states[i].error_count * sizeof *all);
    n += states[i].error_count;
  }
  p->errors = all;
  p->error_count = n;
  return 0;
}

/* Frees running[i]'s slot: the last running worker moves there, and the freed
 * status block moves to the first free slot, so slot and block stay paired. */
static void release_slot(supervisor *s, int i) {
  worker_status *freed = s->running[i].status;
  s->running[i] = s->running[--s->busy];
  s->running[s->busy].status = freed;
}

/* A worker that sent no result (outcome < 0): retired after a memory limit, or
 * stopped by its rule. Returns why the rule failed, "" when the worker was
 * retired, or NULL (with a diagnostic) when it failed outside any rule. */
static const char *worker_stopped(supervisor *s, worker *w, rule_seen *seen) {
  int status = stop_worker(w, 1);
  *seen = look_at(w); /* what it last wrote, now that it is gone */
  if (seen->rule < 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 && w->authority < w->end)
    return "";
  if (seen->rule < 0) {
    diag_add(s->diags, NULL, 0, 0, "the worker assessing %s stopped outside any rule (status %d)",
             s->job->authorities[w->authority].config->id, status);
    return NULL;
  }
  const char *why = arena_printf(s->p->arena, "the rule stopped its worker process (%s %d)",
                                 WIFSIGNALED(status) ? "signal" : "exit status",
                                 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
  return why ? why : "the rule stopped its worker process";
}

/* Looks after running[i] once poll has returned: takes its result, or stops it
 * when its rule overran or it ended. Returns 0, or -1 when the run must fail. */
static int attend(supervisor *s, int i, int readable, double now) {
  worker *w = &s->running[i];
  int outcome = readable ? (read_result(s, w) == 0 ? 1 : -1) : 0;
  rule_seen seen = {-1, 0};
  const char *why = NULL;
  if (outcome == 0) {
    seen = look_at(w);
    if (seen.rule < 0 || now - seen.started < s->job->seconds) return 0; /* still working */
    why = arena_printf(s->p->arena,
                       "time limit of %g s exceeded (the rule ran too long even for the "
                       "instruction count to notice, e.g. inside one slow library call), so it "
                       "was stopped and is not run again for any authority; raise [limits] "
                       "seconds if it really needs more",
                       s->job->seconds);
    stop_worker(w, 1);
    mark_stopped(s, w->authority, (size_t)seen.rule);
  } else if (outcome < 0) {
    if (!(why = worker_stopped(s, w, &seen))) return -1;
    if (!why[0]) { /* retired: the rest of its batch afresh */
      s->queue[--s->next] = (batch){w->authority, w->end, 0};
      release_slot(s, i);
      return 0;
    }
  } else {
    if (s->first_round && s->job->progress)
      s->job->progress(s->job->progress_context, ++s->done, s->job->count);
    if (w->authority < w->end) return 0; /* on to the next of its batch */
    if (s->next < s->queued && !s->queue[s->next].needs_new_worker) {
      if (give_batch(w, s->queue[s->next]) == 0) {
        s->next++;
        return 0;
      }
      /* gone since its last result (a rule spoiled its memory): it sent all of it */
      stop_worker(w, 1);
      release_slot(s, i);
      return 0;
    }
    close(w->fd); /* nothing for it now: it leaves, and is reaped once gone */
    close(w->command_fd);
    s->leaving[s->leaving_count++] = w->pid;
  }
  if (why) { /* the rest of the batch again, without the rule that failed */
    if (force_error(s, w->authority, (size_t)seen.rule, why) != 0) return -1;
    s->queue[--s->next] = (batch){w->authority, w->end, 1};
  }
  release_slot(s, i);
  return 0;
}

/* Runs workers until every queued batch is assessed. Returns 0, or -1. */
static int supervise(supervisor *s) {
  while (s->next < s->queued || s->busy > 0) {
    while (s->busy < s->jobs && s->next < s->queued) {
      if (start_worker(s, s->queue[s->next], &s->running[s->busy]) != 0) return -1;
      s->next++;
      s->busy++;
    }
    /* wait for a result or the earliest rule deadline; a rule that starts while
     * we wait is seen within a limit's length, still before its own deadline */
    double now = now_seconds(), deadline = now + s->job->seconds;
    for (int i = 0; i < s->busy; i++) {
      s->fds[i] = (struct pollfd){s->running[i].fd, POLLIN, 0};
      rule_seen seen = look_at(&s->running[i]);
      if (seen.rule >= 0 && seen.started + s->job->seconds < deadline)
        deadline = seen.started + s->job->seconds;
    }
    int ready = poll(s->fds, (nfds_t)s->busy, (int)fmax(0, ceil((deadline - now) * 1000)));
    if (ready < 0 && errno != EINTR) {
      diag_add(s->diags, NULL, 0, 0, "waiting for workers failed: %s", strerror(errno));
      return -1;
    }
    now = now_seconds();
    reap_leaving(s, 0);
    for (int i = s->busy - 1; i >= 0; i--) {
      int readable = ready > 0 && (s->fds[i].revents & (POLLIN | POLLHUP | POLLERR));
      if (attend(s, i, readable, now) != 0) return -1;
    }
  }
  reap_leaving(s, 1);
  return 0;
}

/* The error for a stopped rule at the authorities other than its first. */
static const char *stop_reason_for(supervisor *s, size_t rule, unsigned long long first) {
  if (s->stop_reason_marks[rule] != first) {
    s->stop_reasons[rule] = stopped_reason(s->job, s->p->arena, (size_t)(first - 1));
    s->stop_reason_marks[rule] = first;
  }
  return s->stop_reasons[rule];
}

/* Whether the authority's result must be made again so that every rule stopped
 * by the time limit (except where it was stopped) is an error naming where, as
 * if it had never run there: it ran, was skipped naming a later authority, or was
 * stopped here too. Sets the error to record for each. Returns 1, 0, or -1. */
static int needs_again(supervisor *s, size_t index) {
  const runner_authority *who = &s->job->authorities[index];
  authority_state *state = &s->states[index];
  int again = 0;
  for (size_t k = 0; k < who->rule_count; k++) {
    size_t rule = pack_index(s->job, who->rules[k]);
    unsigned long long first = atomic_load_explicit(&s->shared.stopped[rule], memory_order_relaxed);
    if (!first || first - 1 == index) continue;
    const char *why = stop_reason_for(s, rule, first);
    const char *forced = state->forced ? state->forced[k] : NULL;
    rule_fate fate = state->fates ? state->fates[k] : RULE_NOT_RUN;
    if (fate == RULE_RAN || (fate >= RULE_SKIPPED && fate - RULE_SKIPPED != first - 1) ||
        (forced && forced != why)) {
      if (force_error(s, index, k, why) != 0) return -1;
      again = 1;
    }
  }
  return again;
}

/* Queues, in batches of neighbours, the authorities whose results must be made
 * again (needs_again). The rules stopped, and where, do not depend on the
 * number of workers: a rule is skipped only after an earlier authority, so the
 * first authority where it overruns always runs it. Returns the batches, or -1. */
static long settle(supervisor *s) {
  s->queued = s->next = 0;
  for (size_t index = 0; index < s->job->count; index++) {
    int again = needs_again(s, index);
    if (again < 0) return -1;
    if (!again) continue;
    batch *last = s->queued ? &s->queue[s->queued - 1] : NULL;
    if (last && last->end == index && last->end - last->start < WORKERS_BATCH) last->end++;
    else s->queue[s->queued++] = (batch){index, index + 1, 1};
  }
  return (long)s->queued;
}

/* Allocates what the supervisor needs; the block shared with workers last. */
static int open_supervisor(supervisor *s, const workers_job *job, plan *p, diag_list *diags) {
  size_t count = job->count, rules = job->runner->pack->rule_count;
  int jobs = job->jobs < 1 ? 1 : job->jobs;
  if ((size_t)jobs > count) jobs = (int)(count ? count : 1);
  *s = (supervisor){.job = job, .p = p, .diags = diags, .jobs = jobs, .first_round = 1};
  s->states = arena_alloc(p->arena, (count + 1) * sizeof *s->states);
  s->queue = arena_alloc(p->arena, (count + 1) * sizeof *s->queue);
  s->leaving = arena_alloc(p->arena, (count + 1) * sizeof *s->leaving);
  s->stop_reasons = arena_alloc(p->arena, (rules + 1) * sizeof *s->stop_reasons);
  s->stop_reason_marks = arena_alloc(p->arena, (rules + 1) * sizeof *s->stop_reason_marks);
  s->running = calloc((size_t)jobs, sizeof *s->running);
  s->fds = calloc((size_t)jobs, sizeof *s->fds);
  size_t statuses = (size_t)jobs * sizeof(worker_status);
  s->shared.size = statuses + (rules + 1) * sizeof(atomic_ullong);
  void *block = mmap(NULL, s->shared.size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                     -1, 0);
  if (block != MAP_FAILED) {
    s->shared.statuses = block;
    s->shared.stopped = (atomic_ullong *)((char *)block + statuses);
    for (size_t i = 0; i <= rules; i++) atomic_init(&s->shared.stopped[i], 0);
  }
  if (!s->states || !s->queue || !s->leaving || !s->stop_reasons || !s->stop_reason_marks ||
      !s->running || !s->fds || block == MAP_FAILED) {
    diag_add(diags, NULL, 0, 0, "out of memory starting workers");
    return -1;
  }
  for (int i = 0; i < jobs; i++) s->running[i].status = &s->shared.statuses[i];
  for (size_t i = 0; i < count; i += WORKERS_BATCH)
    s->queue[s->queued++] = (batch){i, i + WORKERS_BATCH < count ? i + WORKERS_BATCH : count, 0};
  return 0;
}

static void close_supervisor(supervisor *s) {
  for (int i = 0; i < s->busy; i++) stop_worker(&s->running[i], 1);
  s->busy = 0;
  if (s->leaving) reap_leaving(s, 1);
  if (s->shared.statuses) munmap(s->shared.statuses, s->shared.size);
  plan_wire_strings_free(&s->strings);
  free(s->running);
  free(s->fds);
}

int workers_assess(const workers_job *job, plan *p, diag_list *diags) {
  supervisor s;
  int failed = open_supervisor(&s, job, p, diags) != 0;
  /* a worker that dies mid-write must not kill the supervisor */
  void (*old_sigpipe)(int) = signal(SIGPIPE, SIG_IGN);
  /* rounds: all authorities, then those a stopped rule ran in or named wrongly */
  while (!failed) {
    if (supervise(&s) != 0) {
      failed = 1;
      break;
    }
    s.first_round = 0;
    long again = settle(&s);
    if (again < 0) {
      diag_add(diags, NULL, 0, 0, "out of memory settling the rules stopped by the time limit");
      failed = 1;
    }
    if (again <= 0) break;
  }
  close_supervisor(&s);
  signal(SIGPIPE, old_sigpipe);
  if (failed) return -1;
  p->authority_count = job->count;
  if (merge_errors(p, s.states, job->count) != 0) {
    diag_add(diags, NULL, 0, 0, "out of memory merging results");
    return -1;
  }
  return 0;
}

/* }====================================================================== */
