/* diag.h: the problems found while loading and checking an assessment.
 * Library code never prints: it appends a diagnostic (file, line, column,
 * message) and carries on where it can, so a user sees every problem at once.
 * main.c prints the list as `file:line:column: message`, cleaned (diag_put_clean), so no
 * message can drive the terminal it is printed on. */
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
  int warning;   /* worth knowing, but fails nothing (a plugin's warning) */
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

/* Appends one warning: a diagnostic that fails nothing, printed marked as one. */
void diag_warn(diag_list *list, const char *file, long line, long column, const char *format, ...)
    __attribute__((format(printf, 5, 6)));

/* Appends a copy of item, warning or not. */
void diag_copy(diag_list *list, const diag *item);

/* The diagnostics that are not warnings: the problems that failed something. */
size_t diag_error_count(const diag_list *list);

/* Frees the diagnostics and resets the list to empty. */
void diag_list_clear(diag_list *list);

/* Writes `file:line:column: message` (omitting unknown parts; `warning: ` before it all for
 * a warning, as `sustain check` marks its own) and a newline, the file and
 * the message cleaned as diag_put_clean does without newlines: one diagnostic, one line. */
void diag_print(const diag *d, FILE *out);

/* Writes text for a terminal or a log so that nothing in it can drive the terminal or
 * reorder the line, whatever a rule, a data file or a plugin put in it. Each character that
 * would is shown as an escape instead: a control character (below 0x20) and DEL as \xNN
 * (a tab as \t, a carriage return as \r, a newline as \n unless keep_newlines), each byte
 * of invalid UTF-8 as \xNN, and a C1 control or a bidirectional override or isolate
 * (utf8_is_display_control) as \uNNNN. Everything else is written as it is. */
void diag_put_clean(FILE *out, const char *text, int keep_newlines);

/* printf to out, cleaned as diag_put_clean does, keeping a newline only at the very end:
 * for a message that quotes text sustain does not control (a rule's error, a file name). */
void diag_printf(FILE *out, const char *format, ...) __attribute__((format(printf, 2, 3)));

#endif
