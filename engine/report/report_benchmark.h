/* report_benchmark.h: what every writer says about a benchmark (plan_benchmark.h), so
 * the chart's words, the HTML table, the Markdown and the text carry the same figures in
 * the same order: the sentences on rank and quartile, the rows of the comparison table
 * and of the table of years. Markdown and text write their tables here as well;
 * report_html_benchmark.c draws the charts. */
#ifndef SUSTAIN_REPORT_BENCHMARK_H
#define SUSTAIN_REPORT_BENCHMARK_H

#include <stddef.h>

#include "plan.h"
#include "report_sink.h"
#include "report_values.h"

/* A figure: "54%", "53.7%", REPORT_SUPPRESSED when suppressed, "not published" when
 * NAN. */
const char *report_benchmark_percent(char buf[REPORT_VALUE_SIZE], double value, int suppressed);

/* The benchmark's heading: its title and year ("..., year to 31 March 2024"). */
const char *report_benchmark_heading(char buf[REPORT_VALUE_SIZE], const plan_benchmark *b);

/* The authority's standing in one sentence: its rank and quartile, or why it has none
 * (suppressed, not published, no neighbour with a figure, too few for a quartile). */
const char *report_benchmark_standing(char buf[REPORT_VALUE_SIZE], const plan_benchmark *b);

/* How to read the rank and quartile, in one paragraph: what rank 1 means, ties, places
 * without a figure, the quartile's letters. Writers leave it out when the benchmark has no
 * neighbours (there is no rank to read). */
const char *report_benchmark_reading(char buf[REPORT_VALUE_SIZE], const plan_benchmark *b);

/* One row of the comparison table: the authority, each neighbour in DfE's order, the
 * neighbours' average, the region (when known) and England. */
typedef struct report_benchmark_row {
  const char *name;   /* the place */
  const char *role;   /* "this authority", "statistical neighbour", ... */
  double value;       /* NAN when not published */
  int suppressed;
  int rank;           /* 0: not ranked */
  int is_authority;
} report_benchmark_row;

size_t report_benchmark_row_count(const plan_benchmark *b);
/* Row i (0-based, below report_benchmark_row_count). The average's role counts its
 * neighbours, written into buf. */
report_benchmark_row report_benchmark_row_at(const plan_benchmark *b, size_t i,
                                             char buf[REPORT_VALUE_SIZE]);

/* The columns of the table of years: year, the authority as published (headed by the
 * benchmark's trend_source, whose figures they are), the neighbours' average, the region,
 * England; the header gives each column's heading. */
#define REPORT_BENCHMARK_TREND_COLUMNS 5
const char *report_benchmark_trend_header(const plan_benchmark *b, size_t column);
/* The value of column (1..4) in year row i, and its text: the figure, or the words for
 * its absence ("no neighbours compared" when the benchmark has none). */
double report_benchmark_trend_value(const plan_benchmark *b, size_t i, size_t column);
const char *report_benchmark_trend_text(char buf[REPORT_VALUE_SIZE], const plan_benchmark *b,
                                        size_t i, size_t column);

typedef enum report_benchmark_style {
  REPORT_BENCHMARK_MARKDOWN,
  REPORT_BENCHMARK_TEXT
} report_benchmark_style;

/* Writes the benchmark as words and tables (the comparison, then the years when there
 * are any) in Markdown or in plain text indented for the text report. */
void report_benchmark_write(report_sink *s, const plan_benchmark *b, report_benchmark_style style);

#endif
