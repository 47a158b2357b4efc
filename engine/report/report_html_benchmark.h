/* report_html_benchmark.h: the benchmarks of the HTML report (report_html_benchmark.c),
 * drawn for the page (report_html.c) through the writer's primitives. */
#ifndef SUSTAIN_REPORT_HTML_BENCHMARK_H
#define SUSTAIN_REPORT_HTML_BENCHMARK_H

#include <stddef.h>

#include "plan.h"
#include "report_html_writer.h"

/* The section of authority number `index` (1-based, for unique element ids) comparing
 * it with similar authorities: for every benchmark of its context items, a bar chart
 * with its rank and quartile and a table of the same figures, then a line chart of the
 * years and its table. Writes nothing when the authority has no benchmark. */
void html_benchmarks(html_writer *h, const plan_authority *a, size_t index);

#endif
