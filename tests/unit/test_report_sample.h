/* test_report_sample.h: what the report tests share: one small hand-built plan that has
 * every case a writer must handle, the writers behind one signature, and rendering into
 * memory. Used by test_report.c and test_report_formats.c. */
#ifndef SUSTAIN_TEST_REPORT_SAMPLE_H
#define SUSTAIN_TEST_REPORT_SAMPLE_H

#include <stdio.h>

#include "plan.h"
#include "report.h"

/* Two authorities: northshire (three ingredients, every rule status, suppressed evidence
 * and a suppressed data-quality count, two actions, a customisation) and southvale (no
 * score, nothing assessed, no actions); two plan errors. Free with plan_free. */
plan *sample_plan(int explain);

/* The writers with one signature, so tests can loop over them. */
typedef int (*writer_fn)(const plan *p, FILE *out);

/* Text as `sustain run` writes it where stdout is not a terminal: wrapped at 80 columns. */
int write_text_plain(const plan *p, FILE *out);
int write_text_color(const plan *p, FILE *out);
/* Text never wrapped, each paragraph and item one line, for tests of what it says. */
int write_text_lines(const plan *p, FILE *out);
int write_text_color_lines(const plan *p, FILE *out);
int write_markdown(const plan *p, FILE *out);
int write_json(const plan *p, FILE *out);
int write_csv(const plan *p, FILE *out);
int write_html(const plan *p, FILE *out);

/* Runs a writer into memory and fails the test if it fails; returns the bytes (caller
 * frees). */
char *render(const plan *p, writer_fn writer);
/* The same through report_write, which picks the writer by format. */
char *render_format(const plan *p, report_format format);

#endif
