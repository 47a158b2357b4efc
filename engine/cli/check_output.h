/* check_output.h: how `sustain check` says what it found, in one place for every kind of
 * finding: as lines for people (`file:line:column: message` on standard error, warnings
 * marked, the summary on standard output), or, with --format json, as one JSON document
 * on standard output for editors and CI, each problem and warning an object with its
 * file, line, column, severity and message (docs/config.md, "sustain check for editors").
 * check_work in main.c hands everything it finds to a check_printer and finishes it. */
#ifndef SUSTAIN_CHECK_OUTPUT_H
#define SUSTAIN_CHECK_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"

#define CHECK_JSON_SCHEMA "sustain-check/1"

typedef enum check_format { CHECK_FORMAT_TEXT, CHECK_FORMAT_JSON } check_format;

/* Parses "text" or "json". Returns 0 and sets *out, or -1. */
int check_format_parse(const char *name, check_format *out);

typedef enum check_severity { CHECK_ERROR, CHECK_WARNING } check_severity;

/* What a loaded assessment holds, for the summary. */
typedef struct check_counts {
  size_t sources, rows, authorities, rules, context_items, data_checks;
} check_counts;

typedef struct check_printer {
  check_format format;
  const char *config_path;
  FILE *out, *err;        /* standard output and error, or a test's streams */
  diag_list findings;     /* JSON: every finding so far, copied, in the order found */
  check_severity *severities; /* JSON: one per finding */
  size_t severity_capacity;
  size_t errors;          /* problems so far (warnings are not counted) */
  int loaded;             /* check_printer_loaded was called */
  check_counts counts;
  const char *records;    /* --records FILE, or NULL */
  int records_written;    /* the file was written */
  size_t record_count;
  int records_direct;     /* into a FIFO, a pipe or a device */
} check_printer;

/* Starts printing for the config at config_path to out and err. Cannot fail. */
void check_printer_init(check_printer *p, check_format format, const char *config_path,
                        FILE *out, FILE *err);

/* Problems (CHECK_ERROR) or warnings found: text prints them at once, JSON keeps them. */
void check_printer_add(check_printer *p, const diag_list *found, check_severity severity);

/* Everything loaded: text prints "CONFIG: ok: 4 sources (...)" unless a problem was
 * added before (a mistake in a rule's code, a rule the dry run saw fail); JSON keeps the
 * counts. */
void check_printer_loaded(check_printer *p, const check_counts *counts);

/* What --records FILE did (written or not, how many, whether into a pipe). */
void check_printer_records(check_printer *p, const char *path, int written, size_t count,
                           int direct);

/* Ends the output: text says how many problems were found when the assessment did not
 * load; JSON writes the document. Frees what the printer kept. Returns 0, or -1 when
 * standard output could not be written. */
int check_printer_finish(check_printer *p);

#endif
