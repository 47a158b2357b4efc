/* unruly.c: a plugin whose load does what its option `act` names, everything a
 * plugin must never do, used by tests/watch/run.py. The host must report each
 * at the source's config line and never exit 0 without a plan:
 *   crash     a segmentation fault (a store to an address no process owns)
 *   abort     abort()
 *   exit0     exit(0): the process ends, "successfully", in the middle of loading
 *   exit1     exit(1)
 *   hang      waits for ever, never calling the host
 *   print     writes to standard output (buffered and direct), then loads a row
 *   polite    waits until the host asks it to stop (stop_requested), then stops
 *   stray     loads its row, but leaves a thread behind that crashes a second later
 *   fine      loads its one row */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sustain/plugin.h"

static const sustain_option unruly_options[] = {
    {"act", "crash, abort, exit0, exit1, hang, print, polite, stray or fine", 1,
     SUSTAIN_OPTION_TEXT, NULL},
    {NULL, NULL, 0, SUSTAIN_OPTION_TEXT, NULL},
};

static void nap(void) {
  struct timespec tenth = {0, 100000000};
  nanosleep(&tenth, NULL);
}

/* A thread that outlives load, as no plugin may leave one: it crashes later,
 * while nothing of the plugin runs (if its code is gone by then, all the more). */
static void *stray(void *unused) {
  (void)unused;
  struct timespec second = {1, 0};
  nanosleep(&second, NULL);
  volatile uintptr_t address = 16;
  *(volatile int *)address = 1;
  return NULL;
}

/* The table of a load that goes well: la = north. */
static int load_one_row(const sustain_host *host, sustain_source *source) {
  if (host->add_column(source, "la", 2, SUSTAIN_COLUMN_TEXT) != 0) return 1;
  if (host->append_text(source, "north", 5) != 0) return 1;
  return host->end_row(source, 1) != 0;
}

static int unruly_load(const sustain_host *host, sustain_source *source) {
  const char *act = host->option(source, "act");
  if (strcmp(act, "crash") == 0) {
    volatile uintptr_t address = 16; /* not NULL, so no compiler turns it into a trap */
    *(volatile int *)address = 1;
  } else if (strcmp(act, "abort") == 0) {
    abort();
  } else if (strcmp(act, "exit0") == 0) {
    exit(0);
  } else if (strcmp(act, "exit1") == 0) {
    exit(1);
  } else if (strcmp(act, "hang") == 0) {
    for (;;) nap();
  } else if (strcmp(act, "print") == 0) {
    printf("UNRULY-BUFFERED ");
    static const char direct[] = "UNRULY-DIRECT\n";
    if (write(STDOUT_FILENO, direct, sizeof direct - 1) < 0) return 1;
  } else if (strcmp(act, "stray") == 0) {
    pthread_t thread;
    if (pthread_create(&thread, NULL, stray, NULL) != 0) return 1;
    pthread_detach(thread);
  } else if (strcmp(act, "polite") == 0) {
    while (!host->stop_requested(source)) nap();
    return 1; /* the host has recorded why */
  }
  return load_one_row(host, source);
}

SUSTAIN_PLUGIN_DEFINE = {
    .abi_major = SUSTAIN_PLUGIN_ABI_MAJOR,
    .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR,
    .size = sizeof(sustain_plugin_descriptor),
    .name = "unruly",
    .version = "1.0.0",
    .description = "a test plugin that crashes, aborts, exits, hangs or prints, as asked",
    .options = unruly_options,
    .load = unruly_load,
};
