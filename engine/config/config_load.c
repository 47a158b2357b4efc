/* config_load.c: config_load, the front of config/ (see config.h): the file read into
 * sections (config_read.c), then checked into a config (config_check.c), every problem
 * of both listed in line order. The whole file is read before anything is checked, so
 * one run lists every problem. */
#include "config.h"

#include "config_check.h"
#include "config_problems.h"
#include "config_read.h"

#include <limits.h>

/* Puts the diagnostics added from index first in line order (stable; file-wide
 * problems, line 0, last), because reading and checking find them out of order. */
static void sort_by_line(diag_list *diags, size_t first) {
  for (size_t i = first + 1; i < diags->count; i++) {
    diag moving = diags->items[i];
    long key = moving.line ? moving.line : LONG_MAX;
    size_t j = i;
    while (j > first && (diags->items[j - 1].line ? diags->items[j - 1].line : LONG_MAX) > key) {
      diags->items[j] = diags->items[j - 1];
      j--;
    }
    diags->items[j] = moving;
  }
}

int config_load(const char *path, const config_layout *layout, config **out,
                diag_list *diags) {
  *out = NULL;
  size_t first_diag = diags->count;
  config_problems problems = {.diags = diags, .file = path};
  config *cfg = NULL;
  arena *scratch = arena_new(); /* the sections read and passing text; freed here */
  config_sections sections;
  if (!scratch)
    problems.out_of_memory = 1;
  else if (config_read(&problems, scratch, &sections) == 0 && !problems.out_of_memory)
    cfg = config_check(path, layout, &sections, scratch, &problems);
  arena_free(scratch);
  if (problems.out_of_memory)
    config_problem(&problems, 0,
                   "ran out of memory while reading the config: close other programs and try "
                   "again");
  sort_by_line(diags, first_diag);
  if (problems.count) {
    config_free(cfg);
    return -1;
  }
  *out = cfg;
  return 0;
}
