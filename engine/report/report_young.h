/* report_young.h: the young people's version of the plan (`--audience young-people`), in
 * words a care leavers' council would use: what young people told the authority and how
 * they took part, what it found, what it will do first and when. It is built from the plan
 * alone and worded in report_young.c once; report_young_formats.c lays it out as text,
 * Markdown and a small HTML page. docs/reports.md describes it.
 *
 * Where the words come from: an action's and an ingredient's `plain` (docs/rules.md), else
 * its title; what young people said is the evidence whose rule gave it a `plain` sentence,
 * with its figure in place of "{value}". A suppressed figure is never shown: it is counted
 * as kept back. Every date it gives is one the plan holds (the assessment date, the pilot
 * end): it never makes one up. */
#ifndef SUSTAIN_REPORT_YOUNG_H
#define SUSTAIN_REPORT_YOUNG_H

#include <stdio.h>

#include "plan.h"

#define REPORT_YOUNG_TITLE "For young people: what we found and what we will do"

/* Without actions marked to do first (a plan built elsewhere), this many are listed. */
#define REPORT_YOUNG_ACTIONS_LISTED 5

typedef enum report_young_block {
  REPORT_YOUNG_HEADING_TITLE,     /* the document's title */
  REPORT_YOUNG_HEADING_AUTHORITY, /* an authority's name */
  REPORT_YOUNG_HEADING_SECTION,   /* a part of one authority's version */
  REPORT_YOUNG_PARAGRAPH,
  REPORT_YOUNG_BULLETS,  /* an unordered list */
  REPORT_YOUNG_NUMBERED, /* an ordered list: actions in rank order */
  REPORT_YOUNG_ITEM      /* one entry of either list */
} report_young_block;

/* How a format shows the version. `words` are ours: plain ASCII with no character that is
 * special in Markdown or HTML. `plan_text` is from the plan and the format cleans it.
 * Blocks never nest except items inside a list. */
typedef struct report_young_style {
  void *writer;
  void (*begin)(void *writer, report_young_block block);
  void (*end)(void *writer, report_young_block block);
  void (*words)(void *writer, const char *text);
  void (*plan_text)(void *writer, const char *text);
} report_young_style;

/* Writes the whole version of p, title first, each authority in plan order. Cannot fail:
 * the format's output records its own errors. */
void report_young_write(const plan *p, const report_young_style *style);

/* The version in each format. Each returns 0, or -1 when writing failed (errno is set).
 * Text is wrapped at width columns (0: never). */
int report_young_write_text(const plan *p, FILE *out, size_t width);
int report_young_write_markdown(const plan *p, FILE *out);
int report_young_write_html(const plan *p, FILE *out);

#endif
