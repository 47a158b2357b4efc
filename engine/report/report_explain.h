/* report_explain.h: the arithmetic behind an authority's scores, for --explain, so a
 * reader can check every figure from the ones the plan shows (docs/rules.md, "Scores,
 * bands and ranking"): each ingredient's weighted mean of its rules' scores, the overall
 * weighted mean of the ingredients at the stage's weights, both coverages, and the band
 * the overall score falls in with its thresholds. Worded once here, for the text,
 * Markdown and HTML writers; the JSON plan carries the same figures as numbers.
 *
 * The figures in a sum are the plan's as shown (one decimal for a score, two for a
 * weight), while its result is the plan's own, worked out from the unrounded figures: so
 * recomputing a sum from what is shown can differ from its result in the last decimal. */
#ifndef SUSTAIN_REPORT_EXPLAIN_H
#define SUSTAIN_REPORT_EXPLAIN_H

#include "plan.h"
#include "report_sink.h"

#define REPORT_EXPLAIN_HEADING "How the scores are worked out"

/* How a writer shows the arithmetic: `times` goes between a figure and its weight (" x "
 * in plain text, with no-break spaces so that a wrapped line keeps a product whole;
 * " × " in Markdown and HTML); plan text is cleaned with `escape`. */
typedef struct report_explain_style {
  report_sink *sink;
  report_escape_fn escape;
  const char *times;
} report_explain_style;

/* The products' sign in plain text: "x" between no-break spaces (U+00A0). */
#define REPORT_EXPLAIN_TEXT_TIMES "\xC2\xA0x\xC2\xA0"
/* ... and where the character set is sure. */
#define REPORT_EXPLAIN_TIMES " \xC3\x97 "

/* One ingredient: "(80.0 x 1.0 + 40.0 x 2.0) / 3.0 = 53.3", the rules assessed in plan
 * order, each score times its weight; or why it has no score. Then the rules left out,
 * when any: "; not counted: 1 of weight 0, 2 not assessed, 1 failed". */
void report_explain_ingredient(const report_explain_style *s, const plan_ingredient *ingredient);

/* The overall score: "(55.0 x 1.0 + 71.3 x 1.5) / 2.5 = 64.8", each scored ingredient's
 * score times its stage weight, or why there is none; then the ingredients left out, by
 * name: "; not counted: measurement (not scored), adaptation (weight 0)". */
void report_explain_overall(const report_explain_style *s, const plan_authority *a);

/* Coverage of ingredients: "2.5 / 3.0 = 83%", the stage weight scored over all of it. */
void report_explain_coverage(const report_explain_style *s, const plan_authority *a);

/* Coverage of rules: "(1.0 x 1.0 + 1.5 x 0.5) / 3.0 = 58%", each scored ingredient's stage
 * weight times the share of its rule weight assessed, over all the stage weight. */
void report_explain_rule_coverage(const report_explain_style *s, const plan_authority *a);

/* The band: "64.8 is at least 40 and below 70: fragile" (the score with more decimals when
 * one decimal would reach the next threshold up), or why there is none. */
void report_explain_band(const report_explain_style *s, const plan *p, const plan_authority *a);

/* What each line is about, before the arithmetic. */
#define REPORT_EXPLAIN_INGREDIENTS \
  "Each ingredient is the mean of its assessed rules' scores, weighted by rule weight"
#define REPORT_EXPLAIN_OVERALL \
  "Overall, the mean of the scored ingredients weighted by stage weight"
#define REPORT_EXPLAIN_COVERAGE \
  "Coverage of ingredients, the stage weight scored over all of it"
#define REPORT_EXPLAIN_RULE_COVERAGE \
  "Coverage of rules, each scored ingredient's stage weight times the share of its rule " \
  "weight assessed, over all the stage weight"
#define REPORT_EXPLAIN_BAND "Band"

/* The whole arithmetic as lines, for the text and Markdown writers: each part after
 * `item` ("  ", "- "), the ingredients after `subitem` ("    ", "  - "). */
void report_explain_write_lines(const report_explain_style *s, const plan *p,
                                const plan_authority *a, const char *item, const char *subitem);

#endif
