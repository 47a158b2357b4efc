/* report_html_layout.h: how the HTML report fits its medium (report_html_layout.c): the
 * rules for narrow screens (phones) and for paper (A4), kept apart from the page's own
 * look (report_html.c) so that a new section gets them without a rule of its own. */
#ifndef SUSTAIN_REPORT_HTML_LAYOUT_H
#define SUSTAIN_REPORT_HTML_LAYOUT_H

/* CSS, written after the page's stylesheet, so that its rules win where both apply.
 * The markup it relies on:
 * - every table sits in a <div class="table-wrap">, which scrolls it sideways, with a
 *   shadow at the edge that has more, when the screen is narrower than the table;
 * - a <table class="stack"> becomes one card per row on a phone, each cell labelled by
 *   its data-label attribute (the column's heading);
 * - each authority's section holds a <div class="authority-summary"> (one printed page:
 *   score, band, the summary and the ingredients) and then a <div class="authority-
 *   detail"> (the appendix: everything else, on the pages after it);
 * - a chart's <svg> carries --chart-units, the width of its viewBox, so its text can be
 *   sized to read at least 12 px wherever the chart is shrunk to fit a phone. */
extern const char html_layout_stylesheet[];

#endif
