/* plan_benchmark.h: one outcome of an authority set beside published figures, as the
 * plan carries it: its ten statistical neighbours (each named), its region and England,
 * with its rank and quartile among the neighbours, and the figures over the years. A
 * rule hands one over with a:benchmark{} (engine/lua/lua_benchmark.c); the report writers
 * draw and tabulate it (engine/report/report_benchmark.c, report_html_benchmark.c).
 * Figures are percentages, 0 to 100; NAN is a figure that is not published (or not
 * given). Everything it points to lives in the plan's arena. */
#ifndef SUSTAIN_PLAN_BENCHMARK_H
#define SUSTAIN_PLAN_BENCHMARK_H

#include <stddef.h>

/* DfE's groupings list ten statistical neighbours per authority; a benchmark holds no
 * more, so its chart and table stay the size LAIT's are. */
#define PLAN_BENCHMARK_MAX_NEIGHBOURS 10
/* Years a benchmark's trend may hold: DfE's files reach back a handful of years; this
 * leaves room for a long run of releases while keeping a chart legible. */
#define PLAN_BENCHMARK_MAX_YEARS 30
/* Fewer places with a figure than this, and no quartile is given: a quarter of two or
 * three places is no quarter at all. */
#define PLAN_BENCHMARK_QUARTILE_MIN 4

/* One authority in the comparison: the authority itself or a neighbour. */
typedef struct plan_benchmark_place {
  const char *name;
  const char *code;  /* DfE's code for it, or NULL */
  double value;      /* NAN: not published (suppressed or absent) */
  int suppressed;    /* the authority's own figure, from too few people: shown as "c" */
  int rank;          /* 1 = best among places with a figure (plan_benchmark_rank); 0: none */
} plan_benchmark_place;

/* One year of the trend: the authority, England, the region and the neighbours' mean. */
typedef struct plan_benchmark_year {
  int year;
  double authority, england, region, neighbours; /* NAN: not published */
} plan_benchmark_year;

typedef struct plan_benchmark {
  const char *id;          /* unique within the authority's plan: a-z, 0-9, '_', '.', '-' */
  const char *title;       /* what is measured, as a sentence's subject */
  int year;                /* the year the figures are for (DfE: the year to 31 March) */
  int higher_is_better;    /* decides which end rank 1 is */
  const char *source;      /* where the authority's own figure comes from, in words */
  plan_benchmark_place authority;
  double england;
  const char *region_name; /* NULL when the region is not known */
  double region;
  const char *neighbours_of; /* NULL, or the authority whose neighbours stand in */
  plan_benchmark_place *neighbours;
  size_t neighbour_count;
  /* worked out by plan_benchmark_rank */
  double neighbour_average; /* mean of the neighbours with a figure; NAN when none */
  size_t neighbours_published;
  size_t ranked;           /* places with a figure: the authority (when shown) and neighbours */
  int quartile;            /* 1 (A, best quarter) to 4 (D); 0 when not given */
  plan_benchmark_year *trend; /* by year, oldest first */
  size_t trend_count;
  const char *trend_source; /* whose figures the authority's trend line is, in words */
} plan_benchmark;

/* Works out every place's rank, the neighbours' average, how many places are ranked and
 * the authority's quartile. Rank 1 is the best figure (highest when higher_is_better);
 * equal figures share the better rank and the next rank is skipped (1, 2, 2, 4); places
 * without a figure (and a suppressed own figure) are left out and get rank 0, and so
 * does the authority when no neighbour has a figure (first of one says nothing). The
 * quartile is the quarter of the ranked places the authority's rank falls in: 1 (A)
 * when rank <= ranked / 4, 2 (B) when <= ranked / 2, 3 (C) when <= 3 * ranked / 4, else
 * 4 (D); 0 when the authority has no rank or fewer than PLAN_BENCHMARK_QUARTILE_MIN
 * places are ranked. Cannot fail. */
void plan_benchmark_rank(plan_benchmark *b);

/* The letter of a quartile, "A" to "D", or NULL for 0. */
const char *plan_benchmark_quartile_letter(int quartile);

#endif
