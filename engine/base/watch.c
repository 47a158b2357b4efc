/* watch.c: the work in a watched child process; see watch.h. */
#include "watch.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How often the supervisor looks at the slots while no phase has a nearer
 * deadline: a phase that starts meanwhile is seen this late at most, and still
 * stopped at its own deadline when that is later. Four looks a second cost
 * nothing that can be measured. */
#define WATCH_IDLE_NANOSECONDS 250000000LL

/* Failed phases one run reports at most: each costs an attempt of the work (and
 * a crash while phases ran on several threads one more). */
#define WATCH_MAX_FAILURES 32

/* Reads of a slot caught in the middle of a rewrite before giving up on it
 * until the next look (the work rewrites a slot in well under a microsecond). */
#define WATCH_READ_TRIES 1000

/* One thread's phase, in memory shared with the supervisor. The work writes
 * only its own slots; a sequence number that is odd while it writes lets the
 * supervisor take a consistent copy without a lock (a seqlock). */
typedef struct watch_slot {
  atomic_uint sequence;
  atomic_int active;    /* inside a phase */
  atomic_llong started; /* CLOCK_MONOTONIC nanoseconds */
  atomic_llong limit;   /* nanoseconds; 0: none */
  char what[WATCH_WHAT_SIZE];
} watch_slot;

typedef struct watch_block {
  atomic_int finished; /* the work returned: its exit status is the command's */
  watch_slot slots[WATCH_SLOTS];
} watch_block;

/* Lock-free in the hardware, or two processes would not share them. */
_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2 && ATOMIC_INT_LOCK_FREE == 2,
               "the shared block needs lock-free atomics");

/* A phase that failed in an earlier attempt. */
typedef struct watch_note {
  char what[WATCH_WHAT_SIZE];
  watch_failure failure;
} watch_note;

struct watch {
  watch_block *block;
  diag_list *diags; /* the supervisor's messages */
  int depth[WATCH_SLOTS]; /* the work's own count of phases begun and not ended */
  watch_note notes[WATCH_MAX_FAILURES];
  size_t note_count;
  int one_at_a_time;
};

/* A slot as the supervisor saw it. */
typedef struct phase_seen {
  int active;
  long long started, limit;
  char what[WATCH_WHAT_SIZE];
} phase_seen;

static long long now_nanoseconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* ** {======================================================================
** In the work
** ======================================================================= */

/* Rewrites a slot: a new phase when what is given, else the end of one. */
static void slot_write(watch_slot *slot, const char *what, long long limit) {
  unsigned sequence = atomic_load_explicit(&slot->sequence, memory_order_relaxed);
  atomic_store_explicit(&slot->sequence, sequence + 1, memory_order_relaxed);
  atomic_thread_fence(memory_order_release);
  if (what) {
    snprintf(slot->what, sizeof slot->what, "%s", what);
    atomic_store_explicit(&slot->limit, limit, memory_order_relaxed);
    atomic_store_explicit(&slot->started, now_nanoseconds(), memory_order_relaxed);
  }
  atomic_store_explicit(&slot->active, what != NULL, memory_order_relaxed);
  atomic_store_explicit(&slot->sequence, sequence + 2, memory_order_release);
}

void watch_begin(watch *w, size_t slot, const char *what, double limit) {
  if (!w || slot >= WATCH_SLOTS) return;
  if (w->depth[slot]++ > 0) return; /* part of the phase under way */
  slot_write(&w->block->slots[slot], what, limit > 0 ? (long long)(limit * 1e9) : 0);
}

void watch_end(watch *w, size_t slot) {
  if (!w || slot >= WATCH_SLOTS || w->depth[slot] == 0) return;
  if (--w->depth[slot] == 0) slot_write(&w->block->slots[slot], NULL, 0);
}

int watch_failed_before(const watch *w, const char *what, watch_failure *failure) {
  for (size_t i = 0; w && i < w->note_count; i++)
    if (strcmp(w->notes[i].what, what) == 0) {
      *failure = w->notes[i].failure;
      return 1;
    }
  return 0;
}

int watch_one_at_a_time(const watch *w) { return w && w->one_at_a_time; }

void watch_failure_text(const watch_failure *failure, char *buffer, size_t size) {
  if (failure->outcome == WATCH_SIGNALLED) {
    const char *name = sigdescr_np(failure->code);
    snprintf(buffer, size, "signal %d, %s", failure->code, name ? name : "unknown signal");
  } else if (failure->outcome == WATCH_EXITED) {
    snprintf(buffer, size, "exit status %d", failure->code);
  } else {
    snprintf(buffer, size, "its time limit ran out");
  }
}

/* }====================================================================== */

/* ** {======================================================================
** In the supervisor
** ======================================================================= */

/* Takes a consistent copy of a slot. With settled set the work is gone, so a
 * rewrite it died in will never finish: the slot is read as it stands. Returns
 * 0, or -1 when the work kept rewriting it (look again later). */
static int slot_read(watch_slot *slot, phase_seen *seen, int settled) {
  for (int i = 0; i < WATCH_READ_TRIES; i++) {
    unsigned before = atomic_load_explicit(&slot->sequence, memory_order_acquire);
    if ((before & 1) && !settled) continue;
    seen->active = atomic_load_explicit(&slot->active, memory_order_relaxed);
    seen->started = atomic_load_explicit(&slot->started, memory_order_relaxed);
    seen->limit = atomic_load_explicit(&slot->limit, memory_order_relaxed);
    if (seen->active) memcpy(seen->what, slot->what, sizeof seen->what);
    atomic_thread_fence(memory_order_acquire);
    if (settled || atomic_load_explicit(&slot->sequence, memory_order_relaxed) == before) {
      seen->what[WATCH_WHAT_SIZE - 1] = '\0';
      return 0;
    }
  }
  return -1;
}

/* Notes that phase `what` failed, for the next attempt. Returns 0, or -1 after
 * reporting the failure when it cannot be noted: no room is left, or it failed
 * before (the work did not skip it), so another attempt would not help. */
static int add_note(watch *w, const char *what, watch_outcome outcome, int code) {
  watch_failure failure = {outcome, code}, before;
  int again = watch_failed_before(w, what, &before);
  if (again || w->note_count == WATCH_MAX_FAILURES) {
    char how[128];
    watch_failure_text(&failure, how, sizeof how);
    diag_add(w->diags, NULL, 0, 0, "%s: %s%s; no further attempt is made", what, how,
             again ? ", again after it should have been skipped" : ", one failure too many");
    return -1;
  }
  watch_note *note = &w->notes[w->note_count++];
  snprintf(note->what, sizeof note->what, "%s", what);
  note->failure = failure;
  return 0;
}

/* Stops the work because of its overdue phases, noting each. Returns 1 when all
 * were noted for another attempt, 0 after reporting one that could not be. */
static int stop_overdue(watch *w, pid_t pid, const phase_seen *overdue, size_t count) {
  kill(pid, SIGKILL);
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) continue;
  for (size_t i = 0; i < count; i++)
    if (add_note(w, overdue[i].what, WATCH_TIMED_OUT, 0) != 0) return 0;
  return 1;
}

/* Waits for the work to end, passing on the signals that ask it to end, and
 * stopping it when a phase overruns. Returns 1 when it ended (its wait status
 * in *status), 2 when it was stopped and may be tried again, 0 when not. */
static int wait_for_work(watch *w, pid_t pid, const sigset_t *signals, int *status) {
  for (;;) {
    phase_seen overdue[WATCH_SLOTS];
    long long now = now_nanoseconds(), wake = now + WATCH_IDLE_NANOSECONDS;
    size_t late = 0;
    for (size_t s = 0; s < WATCH_SLOTS; s++) {
      phase_seen *seen = &overdue[late];
      if (slot_read(&w->block->slots[s], seen, 0) != 0 || !seen->active || seen->limit <= 0)
        continue;
      long long deadline = seen->started + seen->limit;
      if (deadline <= now) late++;
      else if (deadline < wake) wake = deadline;
    }
    if (late) return stop_overdue(w, pid, overdue, late) ? 2 : 0;
    long long wait = wake - now;
    struct timespec timeout = {wait / 1000000000, wait % 1000000000};
    siginfo_t info;
    int signal_number = sigtimedwait(signals, &info, &timeout);
    if (signal_number == SIGCHLD) {
      if (waitpid(pid, status, WNOHANG) == pid) return 1;
    } else if (signal_number > 0) {
      kill(pid, signal_number); /* Ctrl-C, TERM, HUP, QUIT: the work decides how to end */
    }
  }
}

/* Signals that end a process on someone's request rather than because of a
 * fault in it: when one ends the work, the command ends the same way. */
static int is_request(int signal_number) {
  static const int requests[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE,
                                 SIGKILL, SIGALRM, SIGUSR1, SIGUSR2};
  for (size_t i = 0; i < sizeof requests / sizeof *requests; i++)
    if (requests[i] == signal_number) return 1;
  return 0;
}

/* The phases the work was in when it ended; returns how many. */
static size_t phases_at_end(watch *w, phase_seen *phases) {
  size_t count = 0;
  for (size_t s = 0; s < WATCH_SLOTS; s++)
    if (slot_read(&w->block->slots[s], &phases[count], 1) == 0 && phases[count].active) count++;
  return count;
}

/* After the work crashed or exited before finishing: returns 1 to try again
 * (the failure noted for the phase it happened in), or 0 after reporting it. */
static int note_crash(watch *w, const watch_failure *failure) {
  phase_seen phases[WATCH_SLOTS];
  size_t count = phases_at_end(w, phases);
  if (count == 0) {
    char how[128];
    watch_failure_text(failure, how, sizeof how);
    diag_add(w->diags, NULL, 0, 0, "the work stopped unexpectedly (%s) while no source, rule "
             "file or test was loading or running, so which part failed is not known: please "
             "report it, with the config", how);
    return 0;
  }
  if (count > 1 && !w->one_at_a_time) {
    w->one_at_a_time = 1; /* which thread failed is not known: again, one at a time */
    return 1;
  }
  for (size_t i = 0; i < count; i++)
    if (add_note(w, phases[i].what, failure->outcome, failure->code) != 0) return 0;
  return 1;
}

void watch_raise(int signal_number) {
  struct sigaction plain = {.sa_handler = SIG_DFL};
  sigemptyset(&plain.sa_mask);
  sigaction(signal_number, &plain, NULL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, signal_number);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  raise(signal_number);
}

/* The work's life in a fresh child process. */
static void become_work(watch *w, watch_work work, void *context, const sigset_t *mask,
                        pid_t supervisor, int failed_status) {
  sigprocmask(SIG_SETMASK, mask, NULL);
  /* the work dies with its supervisor however that ends, as workers die with it */
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != supervisor) _exit(failed_status);
  int status = work(w, context);
  atomic_store(&w->block->finished, 1);
  exit(status);
}

/* How an attempt that ended before finishing ended. */
static watch_failure failure_of(int status) {
  if (WIFSIGNALED(status)) return (watch_failure){WATCH_SIGNALLED, WTERMSIG(status)};
  return (watch_failure){WATCH_EXITED, WIFEXITED(status) ? WEXITSTATUS(status) : 0};
}

/* Runs attempts until one finishes or cannot be explained. Returns the exit
 * status (with *end_signal set when a signal ended the work), or -1 when no
 * child could be started at all. */
static int supervise(watch *w, watch_work work, void *context, const sigset_t *signals,
                     const sigset_t *mask, int failed_status, int *end_signal) {
  pid_t supervisor = getpid();
  /* each attempt but the last notes a failed phase (or, once, asks for one phase
   * at a time), and add_note refuses past WATCH_MAX_FAILURES: the loop ends */
  for (int attempts = 1;; attempts++) {
    memset(w->block, 0, sizeof *w->block);
    fflush(NULL); /* nothing buffered is written twice */
    pid_t pid = fork();
    if (pid < 0) {
      diag_add(w->diags, NULL, 0, 0, "%s: %s", attempts == 1 ? "warning: cannot start a "
               "watched process, so loading and tests ran without their time limits" :
               "cannot start the work process again", strerror(errno));
      return attempts == 1 ? -1 : failed_status;
    }
    if (pid == 0) become_work(w, work, context, mask, supervisor, failed_status);
    int status = 0, ended = wait_for_work(w, pid, signals, &status);
    if (ended == 2) continue;
    if (ended == 0) return failed_status;
    if (WIFEXITED(status) && atomic_load(&w->block->finished)) return WEXITSTATUS(status);
    watch_failure failure = failure_of(status);
    if (failure.outcome == WATCH_SIGNALLED && is_request(failure.code)) {
      phase_seen phases[WATCH_SLOTS];
      if (failure.code == SIGKILL && phases_at_end(w, phases) > 0)
        diag_add(w->diags, NULL, 0, 0, "killed (signal %d) during %s; the system may have run "
                 "out of memory", SIGKILL, phases[0].what);
      *end_signal = failure.code;
      return 128 + failure.code;
    }
    if (!note_crash(w, &failure)) return failed_status;
  }
}

int watch_run(watch_work work, void *context, int failed_status, diag_list *diags,
              int *end_signal) {
  *end_signal = 0;
  watch *w = calloc(1, sizeof *w);
  watch_block *block = mmap(NULL, sizeof *block, PROT_READ | PROT_WRITE,
                            MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (!w || block == MAP_FAILED) {
    free(w);
    if (block != MAP_FAILED) munmap(block, sizeof *block);
    diag_add(diags, NULL, 0, 0, "warning: cannot set up a watched process (out of memory), so "
             "loading and tests ran without their time limits");
    return work(NULL, context);
  }
  w->block = block;
  w->diags = diags;
  /* the supervisor must see its child end: with SIGCHLD ignored by whoever
   * started sustain, the kernel would reap it unseen */
  struct sigaction child_default = {.sa_handler = SIG_DFL}, child_before;
  sigemptyset(&child_default.sa_mask);
  sigaction(SIGCHLD, &child_default, &child_before);
  sigset_t signals, mask;
  sigemptyset(&signals);
  sigaddset(&signals, SIGCHLD);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  sigaddset(&signals, SIGQUIT);
  sigprocmask(SIG_BLOCK, &signals, &mask); /* none is lost between two looks */
  int status = supervise(w, work, context, &signals, &mask, failed_status, end_signal);
  sigprocmask(SIG_SETMASK, &mask, NULL);
  sigaction(SIGCHLD, &child_before, NULL);
  munmap(block, sizeof *block);
  free(w);
  return status >= 0 ? status : work(NULL, context);
}

/* }====================================================================== */

int watch_rule_file_starting(watch *w, size_t slot, const char *file, double seconds,
                             diag_list *diags) {
  char what[WATCH_WHAT_SIZE];
  snprintf(what, sizeof what, "rule file %s", file);
  watch_failure failure;
  if (!watch_failed_before(w, what, &failure)) {
    watch_begin(w, slot, what, seconds);
    return 0;
  }
  char how[128];
  watch_failure_text(&failure, how, sizeof how);
  if (failure.outcome == WATCH_TIMED_OUT)
    diag_add(diags, file, 0, 0,
             "time limit of %g s exceeded while the file's top-level code ran (too long even "
             "for the instruction count to notice, e.g. inside one slow library call such as a "
             "pattern match that backtracks); raise [limits] seconds if it really needs more",
             seconds);
  else
    diag_add(diags, file, 0, 0,
             "sustain stopped while the file's top-level code ran (%s); this is a fault in "
             "sustain: please report it, with this file",
             how);
  return 1;
}
