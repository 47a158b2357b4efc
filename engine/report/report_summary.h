/* report_summary.h: the plain-English summary of one authority, "What we found and what
 * we will do", that an authority can share with its care leavers' council. It is built
 * from the plan alone (band, strongest and weakest ingredients, the actions to do first,
 * what could not be checked and why) and worded here once; the text, Markdown and HTML writers each
 * say how a paragraph, a list and a piece of plan text look in their format. */
#ifndef SUSTAIN_REPORT_SUMMARY_H
#define SUSTAIN_REPORT_SUMMARY_H

#include "plan.h"
#include "report_sink.h"

#define REPORT_SUMMARY_HEADING "What we found and what we will do"

/* Rules that could not be checked are named up to this many for each kind of reason, then
 * counted ("and 2 more"). */
#define REPORT_SUMMARY_RULES_NAMED 3

/* Tables behind the rules not checked are named up to this many, then counted. */
#define REPORT_SUMMARY_TABLES_NAMED 3

typedef enum report_summary_block {
  REPORT_SUMMARY_PARAGRAPH,
  REPORT_SUMMARY_LIST, /* an ordered list: the actions in rank order */
  REPORT_SUMMARY_ITEM  /* one entry of the list */
} report_summary_block;

/* How a writer shows the summary. `words` are ours: plain ASCII sentences with no
 * character that is special in Markdown or HTML, written as they are. `plan_text` is
 * from the plan (titles, owners) and the writer cleans it as it cleans any plan string.
 * Blocks never nest except items inside a list. */
typedef struct report_summary_style {
  void *writer;
  void (*begin)(void *writer, report_summary_block block);
  void (*end)(void *writer, report_summary_block block);
  void (*words)(void *writer, const char *text);
  void (*plan_text)(void *writer, const char *text);
} report_summary_style;

/* The layout of the summary as lines of plain text, for the text and Markdown writers:
 * every paragraph and item is one line. */
typedef struct report_summary_layout {
  const char *paragraph; /* before each paragraph: "  " (text), "\n" (Markdown) */
  const char *list;      /* before the list of actions */
  const char *item;      /* before each item: a printf format taking its number, "%d. " */
} report_summary_layout;

/* Whether a's overall score fell markedly since the previous assessment that the history
 * holds (history_annotate): by 10 points or more as shown (REPORT_SUMMARY_MARKED_FALL in
 * report_summary.c), or into a lower band. 0 without a history or a previous score, or when it held, rose or fell only
 * a little. */
int report_summary_fell_markedly(const plan *p, const plan_authority *a);

/* Writes the summary of a as lines to sink, plan text cleaned with escape (NULL as "-"). */
void report_summary_write_lines(const plan *p, const plan_authority *a, report_sink *sink,
                                report_escape_fn escape, const report_summary_layout *layout);

/* Writes the summary of a (without its heading: the writer adds REPORT_SUMMARY_HEADING
 * at its own heading level). Cannot fail: the writer's output records its own errors. */
void report_summary_write(const plan *p, const plan_authority *a,
                          const report_summary_style *style);

#endif
