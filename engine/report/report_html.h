/* report_html.h: what the plan's HTML page (report_html.c) shares with the other pages
 * sustain writes (`sustain history`'s, engine/history/history_report.c), so they look alike. */
#ifndef SUSTAIN_REPORT_HTML_H
#define SUSTAIN_REPORT_HTML_H

#include "report_html_writer.h"

/* The page's start up to <body>: the language, a viewport for phones, a
 * Content-Security-Policy that forbids every request and script, the title (plan text,
 * escaped) and the plan page's stylesheet with the trend chart's, then the page's own
 * rules (our own CSS; NULL: none). */
void html_write_head(html_writer *h, const char *title, const char *stylesheet);

#endif
