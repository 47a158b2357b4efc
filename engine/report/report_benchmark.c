/* report_benchmark.c: a benchmark's words and tables, shared by every writer; see
 * report_benchmark.h. */
#include "report_benchmark.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_escape.h"

/* ** {======================================================================
** Words
** ======================================================================= */

const char *report_benchmark_percent(char buf[REPORT_VALUE_SIZE], double value, int suppressed) {
  if (suppressed) return REPORT_SUPPRESSED;
  if (isnan(value)) return "not published";
  char number[REPORT_VALUE_SIZE];
  snprintf(buf, REPORT_VALUE_SIZE, "%s%%", report_measure_text(number, round(value * 10) / 10));
  return buf;
}

const char *report_benchmark_heading(char buf[REPORT_VALUE_SIZE], const plan_benchmark *b) {
  snprintf(buf, REPORT_VALUE_SIZE, "%s, year to 31 March %d", b->title, b->year);
  return buf;
}

static const char *quartile_words(int quartile) {
  static const char *const words[] = {"the best quarter", "the second quarter",
                                      "the third quarter", "the bottom quarter"};
  return words[quartile - 1];
}

const char *report_benchmark_standing(char buf[REPORT_VALUE_SIZE], const plan_benchmark *b) {
  if (b->neighbour_count == 0)
    return "Not ranked: no statistical neighbours to compare with.";
  if (b->authority.suppressed)
    return "Not ranked: this authority's figure is suppressed (too few young people behind it).";
  if (isnan(b->authority.value)) return "Not ranked: this authority has no figure for this year.";
  if (b->neighbours_published == 0)
    return "Not ranked: none of its statistical neighbours has a published figure.";
  int n = snprintf(buf, REPORT_VALUE_SIZE,
                   "Rank %d of %zu (this authority and its statistical neighbours with a figure)",
                   b->authority.rank, b->ranked);
  if (b->quartile)
    snprintf(buf + n, REPORT_VALUE_SIZE - (size_t)n, ", quartile %s (%s).",
             plan_benchmark_quartile_letter(b->quartile), quartile_words(b->quartile));
  else
    snprintf(buf + n, REPORT_VALUE_SIZE - (size_t)n,
             "; no quartile: fewer than %d authorities have a figure.",
             PLAN_BENCHMARK_QUARTILE_MIN);
  return buf;
}

const char *report_benchmark_reading(char buf[REPORT_VALUE_SIZE], const plan_benchmark *b) {
  snprintf(buf, REPORT_VALUE_SIZE,
           "Rank 1 is the %s figure. Equal figures share a rank and the next rank is skipped; "
           "neighbours without a published figure (suppressed or not published) are left out. "
           "Quartile as in DfE's LAIT, A (best quarter) to D (bottom quarter), here among the "
           "ranked authorities: A when the rank is at most a quarter of them.",
           b->higher_is_better ? "highest" : "lowest");
  return buf;
}

/* Where the figures come from: the authority's own, and whose neighbours these are. */
static const char *provenance(char buf[REPORT_VALUE_SIZE], const plan_benchmark *b) {
  int n = snprintf(buf, REPORT_VALUE_SIZE, "This authority's figure: %s.",
                   b->source ? b->source : "as the rule gives it");
  if (b->neighbours_of)
    snprintf(buf + n, REPORT_VALUE_SIZE - (size_t)n,
             " DfE's statistical neighbour groupings predate this authority: those of %s stand "
             "in.", b->neighbours_of);
  return buf;
}

/* }====================================================================== */

/* ** {======================================================================
** Rows
** ======================================================================= */

size_t report_benchmark_row_count(const plan_benchmark *b) {
  return 1 + b->neighbour_count + (b->neighbour_count ? 1 : 0) + (b->region_name ? 1 : 0) + 1;
}

report_benchmark_row report_benchmark_row_at(const plan_benchmark *b, size_t i,
                                             char buf[REPORT_VALUE_SIZE]) {
  if (i == 0)
    return (report_benchmark_row){b->authority.name, "this authority", b->authority.value,
                                  b->authority.suppressed, b->authority.rank, 1};
  i--;
  if (i < b->neighbour_count) {
    const plan_benchmark_place *n = &b->neighbours[i];
    return (report_benchmark_row){n->name, "statistical neighbour", n->value, 0, n->rank, 0};
  }
  i -= b->neighbour_count;
  if (b->neighbour_count && i-- == 0) {
    snprintf(buf, REPORT_VALUE_SIZE, "statistical neighbours: the %zu of %zu with a figure",
             b->neighbours_published, b->neighbour_count);
    return (report_benchmark_row){"Neighbours' average", buf, b->neighbour_average, 0, 0, 0};
  }
  if (b->region_name && i-- == 0)
    return (report_benchmark_row){b->region_name, "region", b->region, 0, 0, 0};
  return (report_benchmark_row){"England", "national", b->england, 0, 0, 0};
}

const char *report_benchmark_trend_header(const plan_benchmark *b, size_t column) {
  switch (column) {
    case 0: return "Year to 31 March";
    case 1: return b->trend_source ? b->trend_source : "This authority";
    case 2: return "Statistical neighbours' average";
    case 3: return b->region_name ? b->region_name : "Region";
    default: return "England";
  }
}

const char *report_benchmark_trend_text(char buf[REPORT_VALUE_SIZE], const plan_benchmark *b,
                                        size_t i, size_t column) {
  if (column == 2 && b->neighbour_count == 0) return "no neighbours compared";
  return report_benchmark_percent(buf, report_benchmark_trend_value(b, i, column), 0);
}

double report_benchmark_trend_value(const plan_benchmark *b, size_t i, size_t column) {
  const plan_benchmark_year *y = &b->trend[i];
  switch (column) {
    case 1: return y->authority;
    case 2: return y->neighbours;
    case 3: return y->region;
    default: return y->england;
  }
}

/* }====================================================================== */

/* ** {======================================================================
** Markdown and text
** ======================================================================= */

typedef struct table_writer {
  report_sink *s;
  report_benchmark_style style;
  report_escape_fn escape;
} table_writer;

/* A Markdown row of cells. */
static void put_cells(table_writer *t, const char *const *cells, size_t n) {
  for (size_t i = 0; i < n; i++) {
    report_put(t->s, i == 0 ? "| " : " | ");
    report_put_clean(t->s, cells[i], t->escape);
  }
  report_put(t->s, " |\n");
}

/* The Markdown line under a header: the first column left, the figures right. */
static void put_rule_line(table_writer *t, size_t n) {
  report_put(t->s, "|---");
  for (size_t i = 1; i < n; i++) report_put(t->s, "|---:");
  report_put(t->s, "|\n");
}

/* The comparison: a Markdown table (place, figure, rank); in text, whose lines must fit
 * the page and a name may not, one line a place: "name (role): figure, rank N". */
static void write_comparison(table_writer *t, const plan_benchmark *b) {
  static const char *const header[] = {"Authority", "Figure", "Rank"};
  char role[REPORT_VALUE_SIZE], name[REPORT_VALUE_SIZE], value[REPORT_VALUE_SIZE];
  char rank[REPORT_VALUE_SIZE];
  int markdown = t->style == REPORT_BENCHMARK_MARKDOWN;
  if (markdown) {
    put_cells(t, header, 3);
    put_rule_line(t, 3);
  }
  size_t rows = report_benchmark_row_count(b);
  for (size_t i = 0; i < rows; i++) {
    report_benchmark_row row = report_benchmark_row_at(b, i, role);
    snprintf(name, sizeof name, "%s (%s)", row.name ? row.name : REPORT_MISSING, row.role);
    const char *figure = report_benchmark_percent(value, row.value, row.suppressed);
    snprintf(rank, sizeof rank, "%d", row.rank);
    if (markdown) {
      const char *cells[] = {name, figure, row.rank ? rank : REPORT_MISSING};
      put_cells(t, cells, 3);
      continue;
    }
    report_put(t->s, "      ");
    report_put_clean(t->s, name, t->escape);
    report_put(t->s, ": ");
    report_put(t->s, figure);
    if (row.rank) {
      report_put(t->s, ", rank ");
      report_put(t->s, rank);
    }
    report_put(t->s, "\n");
  }
}

/* The years as a table in Markdown; in text, one line a year naming each figure. */
static void write_trend(table_writer *t, const plan_benchmark *b) {
  char values[REPORT_BENCHMARK_TREND_COLUMNS][REPORT_VALUE_SIZE];
  const char *header[REPORT_BENCHMARK_TREND_COLUMNS], *cells[REPORT_BENCHMARK_TREND_COLUMNS];
  for (size_t c = 0; c < REPORT_BENCHMARK_TREND_COLUMNS; c++)
    header[c] = report_benchmark_trend_header(b, c);
  if (t->style == REPORT_BENCHMARK_MARKDOWN) {
    put_cells(t, header, REPORT_BENCHMARK_TREND_COLUMNS);
    put_rule_line(t, REPORT_BENCHMARK_TREND_COLUMNS);
  }
  for (size_t i = 0; i < b->trend_count; i++) {
    snprintf(values[0], REPORT_VALUE_SIZE, "%d", b->trend[i].year);
    cells[0] = values[0];
    for (size_t c = 1; c < REPORT_BENCHMARK_TREND_COLUMNS; c++)
      cells[c] = report_benchmark_trend_text(values[c], b, i, c);
    if (t->style == REPORT_BENCHMARK_MARKDOWN) {
      put_cells(t, cells, REPORT_BENCHMARK_TREND_COLUMNS);
      continue;
    }
    report_put(t->s, "      ");
    report_put(t->s, cells[0]);
    for (size_t c = 1; c < REPORT_BENCHMARK_TREND_COLUMNS; c++) {
      report_put(t->s, c == 1 ? " - " : "; ");
      report_put_clean(t->s, header[c], t->escape);
      report_put(t->s, ": ");
      report_put(t->s, cells[c]);
    }
    report_put(t->s, "\n");
  }
}

/* A paragraph: Markdown's own, or indented text (wrapped by the text writer's sink). */
static void put_paragraph(table_writer *t, const char *text) {
  report_put(t->s, t->style == REPORT_BENCHMARK_MARKDOWN ? "\n" : "      ");
  report_put_clean(t->s, text, t->escape);
  report_put(t->s, "\n");
}

void report_benchmark_write(report_sink *s, const plan_benchmark *b, report_benchmark_style style) {
  table_writer t = {s, style,
                    style == REPORT_BENCHMARK_MARKDOWN ? report_escape_markdown
                                                       : report_escape_plain};
  char buf[REPORT_VALUE_SIZE];
  size_t width = s->wrap_width;
  if (style == REPORT_BENCHMARK_MARKDOWN) {
    report_put(s, "\n**");
    report_put_clean(s, report_benchmark_heading(buf, b), t.escape);
    report_put(s, "**\n");
  } else {
    report_put(s, "\n    ");
    report_put_clean(s, report_benchmark_heading(buf, b), t.escape);
    report_put(s, "\n");
  }
  put_paragraph(&t, report_benchmark_standing(buf, b));
  if (b->neighbour_count) put_paragraph(&t, report_benchmark_reading(buf, b));
  put_paragraph(&t, provenance(buf, b));
  if (style == REPORT_BENCHMARK_MARKDOWN) {
    report_put(s, "\n");
    report_sink_wrap(s, 0); /* a table's rows stay whole */
  }
  write_comparison(&t, b);
  report_sink_wrap(s, width);
  if (b->trend_count == 0) return;
  put_paragraph(&t, "Over the years:");
  if (style == REPORT_BENCHMARK_MARKDOWN) report_put(s, "\n");
  write_trend(&t, b); /* text: wrapped like a paragraph; Markdown: a table, never wrapped */
}

/* }====================================================================== */
