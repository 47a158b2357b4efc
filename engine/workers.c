/* workers.c: forked workers under a supervisor with a wall clock; see workers.h. */
#include "workers.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "plan_wire.h"

/* Authorities a worker assesses one after another, in one process. The
 * batches are the same whatever the number of workers, so the plan is too;
 * forking once per batch rather than per authority keeps the cost of copying
 * the supervisor's page tables small next to the assessment. */
#define WORKERS_BATCH 8

/* What a worker tells the supervisor; small enough to be written atomically. */
enum { RECORD_RULE_STARTED = 1, RECORD_RESULT = 2 };
typedef struct worker_record {
  uint32_t kind;
  uint32_t authority; /* index into the job */
  uint32_t rule;      /* RULE_STARTED: index into the authority's rules */
  uint32_t unused;
  uint64_t length;    /* RESULT: bytes that follow */
} worker_record;

/* One running worker, seen from the supervisor. */
typedef struct worker {
  pid_t pid;
  int fd;                 /* read end of its pipe */
  size_t authority, end;  /* the authority it is on, and the end of its batch */
  long rule;              /* the rule it is running, -1 between rules */
  double started;         /* when that rule started */
} worker;

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

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
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
  int fd;
  uint32_t authority;
} worker_hook;

static void report_rule_started(void *context, size_t rule) {
  worker_hook *hook = context;
  worker_record record = {RECORD_RULE_STARTED, hook->authority, (uint32_t)rule, 0, 0};
  if (write_all(hook->fd, &record, sizeof record) != 0) _exit(3);
}

/* The worker's whole life: assess a batch of authorities, sending each as it is
 * done, and leave without running the supervisor's exit handlers or flushing
 * its buffers. */
static void run_worker(const workers_job *job, const authority_state *states, batch work, int fd) {
  worker_hook hook = {fd, 0};
  runner *r = job->runner;
  r->rule_started = report_rule_started;
  r->hook_context = &hook;
  for (size_t index = work.start; index < work.end; index++) {
    hook.authority = (uint32_t)index;
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
    worker_record record = {RECORD_RESULT, (uint32_t)index, 0, 0, out.length};
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
  fflush(NULL); /* nothing buffered is written twice */
  pid_t pid = fork();
  if (pid < 0) {
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    diag_add(diags, NULL, 0, 0, "cannot start a worker process: %s", strerror(errno));
    return -1;
  }
  if (pid == 0) {
    close(pipe_fds[0]);
    signal(SIGPIPE, SIG_DFL);
    run_worker(job, states, work, pipe_fds[1]);
  }
  close(pipe_fds[1]);
  *w = (worker){pid, pipe_fds[0], work.start, work.end, -1, 0};
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

/* Ends a worker: kills it when asked, always reaps it. Returns its wait status. */
static int stop_worker(worker *w, int kill_it) {
  if (kill_it) kill(w->pid, SIGKILL);
  close(w->fd);
  int status = 0;
  while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR) continue;
  return status;
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

/* Reads one record from a worker. Returns 1 when the authority is done, 0 to go
 * on, -1 when the worker stopped without a result. */
static int read_record(const workers_job *job, plan *p, authority_state *states, worker *w) {
  worker_record record;
  if (read_all(w->fd, &record, sizeof record) != 0) return -1;
  if (record.authority != w->authority) return -1; /* out of step: treat as a crash */
  if (record.kind == RECORD_RULE_STARTED && record.rule < job->authorities[w->authority].rule_count) {
    w->rule = record.rule;
    w->started = now_seconds();
    return 0;
  }
  if (record.kind != RECORD_RESULT || record.length > SIZE_MAX / 2) return -1;
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
  w->rule = -1;
  return 1;
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

int workers_assess(const workers_job *job, plan *p, diag_list *diags) {
  size_t count = job->count;
  int jobs = job->jobs < 1 ? 1 : job->jobs;
  if ((size_t)jobs > count) jobs = (int)(count ? count : 1);
  authority_state *states = arena_alloc(p->arena, (count + 1) * sizeof *states);
  batch *queue = arena_alloc(p->arena, (count + 1) * sizeof *queue); /* to (re)start */
  worker *running = calloc((size_t)jobs, sizeof *running);
  struct pollfd *fds = calloc((size_t)jobs, sizeof *fds);
  if (!states || !queue || !running || !fds) {
    free(running);
    free(fds);
    diag_add(diags, NULL, 0, 0, "out of memory starting workers");
    return -1;
  }
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
    /* wait for news, or for the earliest rule deadline */
    double deadline = INFINITY, now = now_seconds();
    for (int i = 0; i < busy; i++) {
      fds[i] = (struct pollfd){running[i].fd, POLLIN, 0};
      if (running[i].rule >= 0 && running[i].started + job->seconds < deadline)
        deadline = running[i].started + job->seconds;
    }
    int timeout = isinf(deadline) ? -1 : (int)fmax(0, ceil((deadline - now) * 1000));
    int ready = poll(fds, (nfds_t)busy, timeout);
    if (ready < 0 && errno != EINTR) {
      diag_add(diags, NULL, 0, 0, "waiting for workers failed: %s", strerror(errno));
      failed = 1;
      break;
    }
    now = now_seconds();
    for (int i = busy - 1; i >= 0; i--) {
      worker *w = &running[i];
      int outcome = 0;
      if (ready > 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        outcome = read_record(job, p, states, w);
      const char *why = NULL;
      if (outcome == 0 && w->rule >= 0 && now - w->started >= job->seconds) {
        why = arena_printf(p->arena,
                           "time limit of %g s exceeded (the rule ran too long even for the "
                           "instruction count to notice, e.g. inside one slow library call); "
                           "raise [limits] seconds if it really needs more",
                           job->seconds);
        stop_worker(w, 1);
      } else if (outcome < 0) {
        int status = stop_worker(w, 1);
        if (w->rule < 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 && w->authority < w->end) {
          queue[--next] = (batch){w->authority, w->end}; /* retired: the rest afresh */
          running[i] = running[--busy];
          continue;
        }
        if (w->rule < 0) {
          diag_add(diags, NULL, 0, 0,
                   "the worker assessing %s stopped outside any rule (status %d)",
                   job->authorities[w->authority].config->id, status);
          failed = 1;
        } else {
          why = arena_printf(p->arena, "the rule stopped its worker process (%s %d)",
                             WIFSIGNALED(status) ? "signal" : "exit status",
                             WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
        }
      } else if (outcome == 1) {
        done++;
        if (job->progress) job->progress(job->progress_context, done, count);
        if (w->authority < w->end) continue; /* on to the next of its batch */
        stop_worker(w, 0);
      } else {
        continue; /* still working */
      }
      if (why) { /* the rest of the batch again, without the rule that failed */
        if (force_error(job, p, states, w->authority, w->rule, why) != 0) failed = 1;
        queue[--next] = (batch){w->authority, w->end};
      }
      running[i] = running[--busy];
    }
  }
  for (int i = 0; i < busy; i++) stop_worker(&running[i], 1);
  signal(SIGPIPE, old_sigpipe);
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
