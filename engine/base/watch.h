/* watch.h: a command's work in a child process under a thin supervisor, which
 * puts a wall clock on the phases that run code sustain does not control (a
 * plugin loading a source, a rule file's top-level code, a rule-pack test) and
 * reports a crash or an exit inside one of them at the phase's place.
 *
 * The supervisor holds nothing of the assessment: it forks the work once and
 * waits. The work notes each phase it enters in a block of memory shared with
 * the supervisor (what, since when, its limit), one slot per thread, without a
 * system call. When a phase overruns, the supervisor kills the work; when the
 * work crashes or exits inside a phase, it notes how. Either way it then starts
 * the work afresh, and the new attempt reports the noted failure where the
 * phase would have run (watch_failed_before) and runs everything else, so one
 * run still reports every problem in its usual order. The work's output and
 * exit status pass through unchanged; a signal that ends it (Ctrl-C) ends the
 * supervisor the same way; the work dies with its supervisor. */
#ifndef SUSTAIN_WATCH_H
#define SUSTAIN_WATCH_H

#include <stddef.h>

#include "diag.h"

/* Threads that may be in a phase at once: one slot each. */
#define WATCH_SLOTS 64

/* The longest description of a phase kept, with its NUL. */
#define WATCH_WHAT_SIZE 256

/* How a phase failed in an earlier attempt of the work. */
typedef enum watch_outcome {
  WATCH_TIMED_OUT = 1, /* it overran its limit, and the work was stopped */
  WATCH_SIGNALLED,     /* a signal ended the work (a crash, abort()): code is the signal */
  WATCH_EXITED         /* the work ended with exit() inside it: code is the exit status */
} watch_outcome;

typedef struct watch_failure {
  watch_outcome outcome;
  int code;
} watch_failure;

typedef struct watch watch;

typedef int (*watch_work)(watch *w, void *context);

/* Runs work(w, context) in a child process watched by this one, again as often as
 * phases fail (each failure reported by the next attempt), and returns the exit
 * status the command ends with: the work's own, or failed_status when the work
 * stopped where no attempt can report it (diags then says why). When a signal
 * that asks a process to end (SIGINT, SIGTERM, ...) ended the work, *end_signal
 * is that signal, and the caller should end the same way (watch_raise) once it
 * has printed diags. When no child can be started, the work runs here,
 * unwatched, and diags holds a warning. This process prints nothing itself. */
int watch_run(watch_work work, void *context, int failed_status, diag_list *diags,
              int *end_signal);

/* Ends this process with signal_number, whatever its disposition was; returns
 * only when that signal cannot end a process. */
void watch_raise(int signal_number);

/* Marks the start of phase `what` (a description that names it the same way in
 * every attempt, e.g. "rule file rules/x.lua") on slot, the calling thread's (0
 * for the main thread), with its limit in seconds. A phase begun on a slot
 * already in one is part of the outer one. Each begin needs an end. w may be
 * NULL: not watched, nothing happens. */
void watch_begin(watch *w, size_t slot, const char *what, double limit);
void watch_end(watch *w, size_t slot);

/* Whether an earlier attempt failed inside phase `what`: then fills *failure and
 * returns 1, and the caller reports it at the phase's place instead of running
 * it. Returns 0 otherwise, and when w is NULL. */
int watch_failed_before(const watch *w, const char *what, watch_failure *failure);

/* Whether phases should run one at a time: an earlier attempt crashed while
 * several ran at once (on several threads), so which one crashed is not known. */
int watch_one_at_a_time(const watch *w);

/* How a crash or an exit reads in a message: "signal 11, Segmentation fault" or
 * "exit status 0". */
void watch_failure_text(const watch_failure *failure, char *buffer, size_t size);

/* Before a rule file's top-level code runs: begins the phase "rule file FILE" on slot (the
 * calling thread's) with the limit in seconds (the wall clock stops what the instruction count
 * cannot see, one slow library call such as a pattern match that backtracks), and returns
 * 0; or, when an earlier attempt failed in it, adds why at the file to diags and returns 1,
 * so the file is reported instead of run. End the phase with watch_end(w, slot). */
int watch_rule_file_starting(watch *w, size_t slot, const char *file, double seconds,
                             diag_list *diags);

#endif
