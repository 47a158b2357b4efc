/* diag.h: the problems found while loading and checking an assessment.
 * Library code never prints: it appends a diagnostic (file, line, column,
 * message) and carries on where it can, so a user sees every problem at once.
 * main.c prints the list as `file:line:column: message`. */
#ifndef SUSTAIN_DIAG_H
#define SUSTAIN_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

typedef struct diag {
  char *file;    /* may be NULL when no file is involved */
  long line;     /* 0 when unknown */
  long column;   /* 0 when unknown */
  char *message; /* says what is wrong and what to do */
} diag;

typedef struct diag_list {
  diag *items;
  size_t count, capacity;
  int out_of_memory; /* set when a diagnostic could not be recorded */
} diag_list;

/* Appends one diagnostic; never fails visibly (sets out_of_memory instead). */
void diag_add(diag_list *list, const char *file, long line, long column, const char *format, ...)
    __attribute__((format(printf, 5, 6)));
void diag_vadd(diag_list *list, const char *file, long line, long column, const char *format,
               va_list args);

/* Frees the diagnostics and resets the list to empty. */
void diag_list_clear(diag_list *list);

/* Writes `file:line:column: message` (omitting unknown parts) and a newline. */
void diag_print(const diag *d, FILE *out);

#endif
