/* config_problems.h: the problems of one config file as reading and checking find them,
 * each added to the caller's diag_list as file:line: message and counted, so config_load
 * can tell a good file from a bad one. Internal to config/: config_read.c and
 * config_check.c report through it, config_load.c owns it. */
#ifndef SUSTAIN_CONFIG_PROBLEMS_H
#define SUSTAIN_CONFIG_PROBLEMS_H

#include <stddef.h>

#include "diag.h"

typedef struct config_problems {
  diag_list *diags; /* the caller's list */
  const char *file; /* the config file as given, for every message */
  size_t count;     /* problems added so far */
  int out_of_memory; /* set by config_checked; config_load reports it once at the end */
} config_problems;

/* Adds a problem at line (0: the whole file). */
void config_problem(config_problems *problems, int line, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Returns p, noting out of memory when it is NULL: allocations are checked where they are
 * made and reported once. */
static inline void *config_checked(config_problems *problems, void *p) {
  if (!p) problems->out_of_memory = 1;
  return p;
}

static inline const char *config_checked_text(config_problems *problems, const char *text) {
  if (!text) problems->out_of_memory = 1;
  return text;
}

#endif
