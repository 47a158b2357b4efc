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

/* Authorities a worker assesses one after another, in one process. The
 * batches are the same whatever the number of workers, so the plan is too.
 * Each worker costs a copy of the supervisor's page tables and its own exit,
 * which for a national run (150 MB of evidence) is about the time of five
 * authorities' assessment: 16 keeps that small yet leaves ten batches for
 * 155 authorities, as many workers as most machines run at once. */
#define WORKERS_BATCH 16

/* What precedes an authority's result on a worker's pipe. */
typedef struct worker_record {
  uint64_t authority; /* index into the job */
  uint64_t length;    /* bytes that follow */
} worker_record;

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

/* One running worker, seen from the supervisor. */
typedef struct worker {
  pid_t pid;
  int fd;                 /* read end of its pipe */
  size_t authority, end;  /* the authority it is on, and the end of its batch */
  worker_status *status;  /* the slot's block; travels with the slot when workers move */
} worker;

/* A worker's rule as the supervisor last saw it. */
typedef struct rule_seen {
  long rule;      /* in the worker's current authority; -1 between rules */
  double started; /* seconds, CLOCK_MONOTONIC */
} rule_seen;

/* A batch of authorities still to assess: [start, end). */
typedef struct batch {
  size_t start, end;
} batch;

/* Per authority: what a previous worker could not finish, and the results. */
typedef struct authority_state {
  const char **forced; /* per rule: the error to record instead of running it */
  plan_error *errors;  /* its rule errors, kept apart so they merge in plan order */
  size_t error_count;
} authority_state;

static long long now_nanoseconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000 + t.tv_nsec;
}

static double now_seconds(void) {
  return (double)now_nanoseconds() / 1e9;
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

typedef struct worker_hook {
  worker_status *status;
  unsigned long long authority;
} worker_hook;

static void report_rule_started(void *context, size_t rule) {
  worker_hook *hook = context;
  atomic_store_explicit(&hook->status->started, now_nanoseconds(), memory_order_relaxed);
  atomic_store_explicit(&hook->status->position, (hook->authority << 32) | (rule + 1),
                        memory_order_release);
}

/* The worker's whole life: assess a batch of authorities, sending each as it is
 * done, and leave without running the supervisor's exit handlers or flushing
 * its buffers. */
static void run_worker(const workers_job *job, const authority_state *states, batch work, int fd,
                       worker_status *status) {
  worker_hook hook = {status, 0};
  runner *r = job->runner;
  r->rule_started = report_rule_started;
  r->hook_context = &hook;
  for (size_t index = work.start; index < work.end; index++) {
    hook.authority = index;
    r->error_capacity = 0;
    runner_authority who = job->authorities[index];
    who.forced = states[index].forced;
    arena *a = arena_new();
    plan *p = a ? arena_alloc(a, sizeof *p) : NULL;
    if (!p) _exit(2);
    p->arena = a;
    p->date = who.date;
    plan_authority result;
    wire_buffer out = {0};
    if (runner_assess(r, &who, p, &result) != 0 ||
        plan_wire_write(&out, &result, p->errors, p->error_count) != 0)
      _exit(2);
    worker_record record = {index, out.length};
    if (write_all(fd, &record, sizeof record) != 0 || write_all(fd, out.bytes, out.length) != 0)
      _exit(3);
    wire_buffer_free(&out);
    arena_free(a);
    /* a rule may keep memory it took up to the limit: leave the rest of the batch
     * to a fresh worker, which the supervisor starts when this one ends cleanly */
    if (r->sb->spoiled) _exit(0);
  }
  _exit(0);
}

/* }====================================================================== */

/* ** {======================================================================
** In the supervisor
** ======================================================================= */

static int start_worker(const workers_job *job, authority_state *states, batch work, worker *w,
                        diag_list *diags) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) {
    diag_add(diags, NULL, 0, 0, "cannot create a pipe for a worker: %s", strerror(errno));
    return -1;
  }
  /* a position of no rule; the slot's previous worker is reaped and wrote its last */
  atomic_store(&w->status->position, 0);
  fflush(NULL); /* nothing buffered is written twice */
  pid_t supervisor = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    diag_add(diags, NULL, 0, 0, "cannot start a worker process: %s", strerror(errno));
    return -1;
  }
  if (pid == 0) {
    /* A worker dies with its supervisor, however that ends (SIGKILL included): left
     * behind, one busy in a rule would spin on for ever. The check after catches a
     * supervisor that died before the request was made. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != supervisor) _exit(1);
    close(pipe_fds[0]);
    signal(SIGPIPE, SIG_DFL);
    run_worker(job, states, work, pipe_fds[1], w->status);
  }
  close(pipe_fds[1]);
  *w = (worker){pid, pipe_fds[0], work.start, work.end, w->status};
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

/* Ends a worker: kills it when asked, always reaps it. Returns its wait status. */
static int stop_worker(worker *w, int kill_it) {
  if (kill_it) kill(w->pid, SIGKILL);
  close(w->fd);
  int status = 0;
  while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR) continue;
  return status;
}

/* Reaps the workers that sent their last result and are leaving; with wait
 * set, waits for every one, else takes only those already gone. A worker's
 * exit tears down its copy of the supervisor's memory, which takes a while: a
 * new worker starts without waiting for that. */
static void reap_leaving(pid_t *leaving, size_t *count, int wait) {
  size_t kept = 0;
  for (size_t i = 0; i < *count; i++) {
    pid_t done;
    while ((done = waitpid(leaving[i], NULL, wait ? 0 : WNOHANG)) < 0 && errno == EINTR) continue;
    if (done == 0) leaving[kept++] = leaving[i];
  }
  *count = kept;
}

/* Records that the worker's current rule must not run again, with why. */
static int force_error(const workers_job *job, plan *p, authority_state *states, size_t index,
                       long rule, const char *why) {
  authority_state *state = &states[index];
  if (!state->forced) {
    state->forced =
        arena_alloc(p->arena, (job->authorities[index].rule_count + 1) * sizeof(char *));
    if (!state->forced) return -1;
  }
  state->forced[rule] = why;
  return why ? 0 : -1;
}

/* Reads an authority's result from a worker. Returns 0, or -1 when the worker
 * stopped without one. */
static int read_result(plan *p, authority_state *states, worker *w) {
  worker_record record;
  if (read_all(w->fd, &record, sizeof record) != 0) return -1;
  if (record.authority != w->authority) return -1; /* out of step: treat as a crash */
  if (record.length > SIZE_MAX / 2) return -1;
  unsigned char *bytes = malloc(record.length ? record.length : 1);
  if (!bytes || read_all(w->fd, bytes, (size_t)record.length) != 0) {
    free(bytes);
    return -1;
  }
  /* errors land in a plan of their own first, so they merge in plan order */
  plan errors = {.arena = p->arena};
  size_t capacity = 0;
  int status = plan_wire_read(bytes, (size_t)record.length, &errors,
                              &p->authorities[w->authority], &capacity);
  free(bytes);
  if (status != 0) return -1;
  states[w->authority].errors = errors.errors;
  states[w->authority].error_count = errors.error_count;
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
static void release_slot(worker *running, int *busy, int i) {
  worker_status *freed = running[i].status;
  running[i] = running[--*busy];
  running[*busy].status = freed;
}

int workers_assess(const workers_job *job, plan *p, diag_list *diags) {
  size_t count = job->count;
  int jobs = job->jobs < 1 ? 1 : job->jobs;
  if ((size_t)jobs > count) jobs = (int)(count ? count : 1);
  authority_state *states = arena_alloc(p->arena, (count + 1) * sizeof *states);
  batch *queue = arena_alloc(p->arena, (count + 1) * sizeof *queue); /* to (re)start */
  worker *running = calloc((size_t)jobs, sizeof *running);
  /* every batch that ends leaves one worker to reap, and batches split when a
   * worker is retired or stopped, so as many as there are authorities */
  pid_t *leaving = arena_alloc(p->arena, (count + 1) * sizeof *leaving);
  size_t leaving_count = 0;
  struct pollfd *fds = calloc((size_t)jobs, sizeof *fds);
  size_t statuses_size = (size_t)jobs * sizeof(worker_status);
  worker_status *statuses = mmap(NULL, statuses_size, PROT_READ | PROT_WRITE,
                                 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (!states || !queue || !running || !leaving || !fds || statuses == MAP_FAILED) {
    free(running);
    free(fds);
    if (statuses != MAP_FAILED) munmap(statuses, statuses_size);
    diag_add(diags, NULL, 0, 0, "out of memory starting workers");
    return -1;
  }
  for (int i = 0; i < jobs; i++) running[i].status = &statuses[i];
  /* a worker that dies mid-write must not kill the supervisor */
  void (*old_sigpipe)(int) = signal(SIGPIPE, SIG_IGN);
  size_t queued = 0, next = 0, done = 0;
  int busy = 0, failed = 0;
  for (size_t i = 0; i < count; i += WORKERS_BATCH)
    queue[queued++] = (batch){i, i + WORKERS_BATCH < count ? i + WORKERS_BATCH : count};
  while (done < count && !failed) {
    while (busy < jobs && next < queued) {
      if (start_worker(job, states, queue[next], &running[busy], diags) != 0) {
        failed = 1;
        break;
      }
      next++;
      busy++;
    }
    if (failed) break;
    /* wait for a result or the earliest rule deadline; a rule that starts while
     * we wait is seen within a limit's length, still before its own deadline */
    double now = now_seconds(), deadline = now + job->seconds;
    for (int i = 0; i < busy; i++) {
      fds[i] = (struct pollfd){running[i].fd, POLLIN, 0};
      rule_seen seen = look_at(&running[i]);
      if (seen.rule >= 0 && seen.started + job->seconds < deadline)
        deadline = seen.started + job->seconds;
    }
    int ready = poll(fds, (nfds_t)busy, (int)fmax(0, ceil((deadline - now) * 1000)));
    if (ready < 0 && errno != EINTR) {
      diag_add(diags, NULL, 0, 0, "waiting for workers failed: %s", strerror(errno));
      failed = 1;
      break;
    }
    now = now_seconds();
    reap_leaving(leaving, &leaving_count, 0);
    for (int i = busy - 1; i >= 0; i--) {
      worker *w = &running[i];
      int outcome = 0; /* 1: a result came, -1: the worker stopped without one */
      if (ready > 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        outcome = read_result(p, states, w) == 0 ? 1 : -1;
      const char *why = NULL;
      rule_seen seen = {-1, 0};
      if (outcome == 0) {
        seen = look_at(w);
        if (seen.rule < 0 || now - seen.started < job->seconds) continue; /* still working */
        why = arena_printf(p->arena,
                           "time limit of %g s exceeded (the rule ran too long even for the "
                           "instruction count to notice, e.g. inside one slow library call); "
                           "raise [limits] seconds if it really needs more",
                           job->seconds);
        stop_worker(w, 1);
      } else if (outcome < 0) {
        int status = stop_worker(w, 1);
        seen = look_at(w); /* what it last wrote, now that it is gone */
        if (seen.rule < 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 && w->authority < w->end) {
          queue[--next] = (batch){w->authority, w->end}; /* retired: the rest afresh */
          release_slot(running, &busy, i);
          continue;
        }
        if (seen.rule < 0) {
          diag_add(diags, NULL, 0, 0,
                   "the worker assessing %s stopped outside any rule (status %d)",
                   job->authorities[w->authority].config->id, status);
          failed = 1;
        } else {
          why = arena_printf(p->arena, "the rule stopped its worker process (%s %d)",
                             WIFSIGNALED(status) ? "signal" : "exit status",
                             WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
        }
      } else {
        done++;
        if (job->progress) job->progress(job->progress_context, done, count);
        if (w->authority < w->end) continue; /* on to the next of its batch */
        close(w->fd); /* its batch is done: it leaves, and is reaped once gone */
        leaving[leaving_count++] = w->pid;
      }
      if (why) { /* the rest of the batch again, without the rule that failed */
        if (force_error(job, p, states, w->authority, seen.rule, why) != 0) failed = 1;
        queue[--next] = (batch){w->authority, w->end};
      }
      release_slot(running, &busy, i);
    }
  }
  for (int i = 0; i < busy; i++) stop_worker(&running[i], 1);
  reap_leaving(leaving, &leaving_count, 1);
  signal(SIGPIPE, old_sigpipe);
  munmap(statuses, statuses_size);
  free(running);
  free(fds);
  if (failed) return -1;
  p->authority_count = count;
  if (merge_errors(p, states, count) != 0) {
    diag_add(diags, NULL, 0, 0, "out of memory merging results");
    return -1;
  }
  return 0;
}

/* }====================================================================== */
