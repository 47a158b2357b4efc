/* ingest.c: the time to load an assessment's sources into the columnar store
 * and nothing else (no rules, no workers, no plan), for make bench. Loads them
 * once to warm up, then RUNS times in this process with THREADS loading
 * threads, and prints the median and the fastest load in seconds and the
 * input's bytes and rows per second at the median.
 * Usage: sustain-bench-ingest CONFIG.ini [RUNS [THREADS]] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "engine.h"
#include "layout.h"
#include "sources.h"

enum { MAX_RUNS = 101 };

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Loads every source once; returns the seconds taken, or -1 after printing why. */
static double load_once(const config *cfg, const plugin_search_path *search, int threads,
                        size_t *rows) {
  evidence_set set = {0};
  diag_list diags = {0};
  double started = now_seconds();
  int status = sources_load(cfg, search, &set, threads, &diags);
  double seconds = now_seconds() - started;
  *rows = 0;
  for (size_t i = 0; i < set.count; i++) *rows += set.tables[i]->row_count;
  for (size_t i = 0; i < diags.count; i++) diag_print(&diags.items[i], stderr);
  evidence_set_free(&set);
  diag_list_clear(&diags);
  return status == 0 ? seconds : -1;
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 4) {
    fprintf(stderr, "usage: %s CONFIG.ini [RUNS [THREADS]]\n", argv[0]);
    return 2;
  }
  int runs = argc > 2 ? atoi(argv[2]) : 5, threads = argc > 3 ? atoi(argv[3]) : 1;
  if (runs < 1 || runs > MAX_RUNS || threads < 1 || threads > SOURCES_MAX_THREADS) {
    fprintf(stderr, "%s: RUNS must be 1 to %d and THREADS 1 to %d\n", argv[0], MAX_RUNS,
            SOURCES_MAX_THREADS);
    return 2;
  }
  config_layout layout;
  layout_paths shipped_paths;
  layout_of_program(&layout, &shipped_paths);
  config *cfg = NULL;
  diag_list diags = {0};
  if (config_load(argv[1], &layout, &cfg, &diags) != 0) {
    for (size_t i = 0; i < diags.count; i++) diag_print(&diags.items[i], stderr);
    diag_list_clear(&diags);
    return 1;
  }
  plugin_search_path search;
  if (engine_plugin_search_path(&search, cfg, getenv("SUSTAIN_PLUGIN_PATH"), &layout) != 0) {
    fprintf(stderr, "%s: out of memory\n", argv[0]);
    config_free(cfg);
    return 1;
  }
  size_t bytes = 0, rows = 0;
  for (size_t i = 0; i < cfg->source_count; i++) {
    const char *path = NULL;
    for (size_t k = 0; k < cfg->sources[i].option_count; k++)
      if (strcmp(cfg->sources[i].options[k].key, "path") == 0)
        path = config_resolve_path(cfg, cfg->sources[i].options[k].value);
    struct stat st;
    if (path && stat(path, &st) == 0) bytes += (size_t)st.st_size;
  }
  double times[MAX_RUNS];
  int status = load_once(cfg, &search, threads, &rows) < 0; /* the warm-up */
  for (int i = 0; i < runs && !status; i++) {
    times[i] = load_once(cfg, &search, threads, &rows);
    status = times[i] < 0;
  }
  if (!status) {
    qsort(times, (size_t)runs, sizeof *times, by_value);
    double median = times[runs / 2];
    printf("median %.4f s, fastest %.4f s; %zu bytes, %zu rows; %.0f MB/s, %.0f rows/s\n",
           median, times[0], bytes, rows, (double)bytes / 1e6 / median, (double)rows / median);
  }
  plugin_search_path_free(&search);
  config_free(cfg);
  return status;
}
