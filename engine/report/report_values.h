/* report_values.h: how every report writer shows a plan's values, so a figure, a status or
 * a suppressed count reads the same in text, Markdown, JSON, CSV and HTML. Numbers become
 * text here; the writers only decide where the text goes and how it is escaped.
 * Neighbours: report_sink.h (writing and cleaning text), report_summary.h (the summary). */
#ifndef SUSTAIN_REPORT_VALUES_H
#define SUSTAIN_REPORT_VALUES_H

#include <stddef.h>

#include "plan.h"

/* Bytes that hold any formatted number: %.4f of DBL_MAX has 309 integer digits. */
#define REPORT_VALUE_SIZE 400

/* Shown by the text and Markdown writers for a missing (NULL) string or number, so a gap
 * in the plan is visible, not silent. */
#define REPORT_MISSING "-"

/* Shown for a suppressed small count (plan.h): the statistical convention. */
#define REPORT_SUPPRESSED "c"

/* ** {======================================================================
** Numbers. Each writes into buf and returns it; non-finite input gives "null" (the text
** writers test isfinite first and say what a missing figure means). Figures are rounded
** half away from zero at the shown decimal (71.25 -> "71.3", as a spreadsheet would),
** then printed with printf's exact conversion, so output is the same on every run and
** machine with IEEE doubles; negative zero prints without its sign.
** ======================================================================= */

/* Scores, impact and priority: one decimal, always shown ("63.4", "100.0"). */
const char *report_score_text(char buf[REPORT_VALUE_SIZE], double value);

/* A score for the plain-English summary: a whole number ("63"), rounded as above. */
const char *report_whole_text(char buf[REPORT_VALUE_SIZE], double value);

/* Weights and coverage: two decimals, trailing zeros trimmed to one ("1.0", "0.75", "1.5"). */
const char *report_weight_text(char buf[REPORT_VALUE_SIZE], double value);

/* Coverage as a whole percentage, from the same two-decimal rounding as report_weight_text
 * so text and JSON agree (0.665 -> "0.67" and "67"). */
const char *report_percent_text(char buf[REPORT_VALUE_SIZE], double fraction);

/* Evidence and priority terms: integral values below 1e15 in magnitude without decimals
 * ("12"), others with up to four decimals, trailing zeros trimmed ("0.4167", "0.5"). */
const char *report_measure_text(char buf[REPORT_VALUE_SIZE], double value);

/* A share (0 to 1) as a whole percentage ("80%" for 0.7969); a share strictly between 0
 * and 1 never reads "0%" or "100%", so it is given one or two decimals when the whole
 * number would ("99.6%"), and "<0.01%" or ">99.99%" when even those would. */
const char *report_share_text(char buf[REPORT_VALUE_SIZE], double share);

/* Run times in seconds: up to six decimals, trimmed to at least one ("0.0012", "2.0"). */
const char *report_seconds_text(char buf[REPORT_VALUE_SIZE], double value);

/* A rule's instruction count as a person reads it: the sandbox counts in steps of a
 * thousand (SANDBOX_HOOK_INTERVAL), so 0 reads "under 1000" and 3000 "3000 to 3999". */
const char *report_instructions_text(char buf[REPORT_VALUE_SIZE], long instructions);

/* The change of a score since the previous assessment (plan.history): one decimal with its
 * sign ("+3.2", "-12.0"; no change is "0.0"), or "-" when either score is missing. */
const char *report_change_text(char buf[REPORT_VALUE_SIZE], double previous, double now);

/* The heading of the change section: "Since the previous assessment (2023-03-31)". */
#define REPORT_CHANGE_HEADING "Since the previous assessment"
/* What the change section says when nothing earlier is recorded. */
#define REPORT_CHANGE_NONE "No earlier assessment of this authority is recorded in the history."

/* A data-quality count: "c" when suppressed, else the count ("12"). */
const char *report_count_text(char buf[REPORT_VALUE_SIZE], long count, int suppressed);

/* }====================================================================== */

/* ** {======================================================================
** Words for the plan's states.
** ======================================================================= */

/* For people: "assessed", "not assessed", "failed". */
const char *report_status_words(plan_rule_status status);

/* For machines (the JSON contract): "assessed", "not_assessed", "error". */
const char *report_status_name(plan_rule_status status);

/* For machines, why a rule was not assessed: "no_source", "no_rows", "disabled", "stage",
 * "rule"; NULL for PLAN_REASON_NONE. */
const char *report_reason_kind_name(plan_reason_kind kind);

/* For people, a context item's status: "shown", "not shown", "failed". */
const char *report_context_status_words(plan_rule_status status);

/* A date in words, "31 March 2023", for the plain summaries; a date that is not
 * YYYY-MM-DD is returned as it is (NULL as "-"): the result may be plan text. */
const char *report_date_words(char buf[REPORT_VALUE_SIZE], const char *date);

/* An evidence value as people read it: a number as report_measure_text, or as
 * report_share_text when the rule said it is a share ("-" when not finite), "yes"/"no",
 * "c" when suppressed, or the plan's own text (NULL as "-"). The result may be text from
 * data: writers clean it like any plan string. */
const char *report_evidence_text(char buf[REPORT_VALUE_SIZE], const plan_evidence *evidence);

/* }====================================================================== */

/* ** {======================================================================
** Bands, counts and walks over the plan.
** ======================================================================= */

/* Where a score sits among the plan's bands (highest first): the band's index, found by
 * label when one is given and the plan knows it, else by the thresholds (a score below
 * every threshold takes the last band). -1 when there are no bands or no score. */
int report_band_index(const plan *p, double score, const char *band);

/* The three positions a band can have, for colour and plain words: the first band is the
 * top, the last the bottom, any other the middle. A single band is the top. */
typedef enum report_band_position {
  REPORT_BAND_NONE = -1, /* no score or no bands */
  REPORT_BAND_TOP,
  REPORT_BAND_MIDDLE,
  REPORT_BAND_BOTTOM
} report_band_position;

report_band_position report_band_position_of(const plan *p, int band_index);

/* An ingredient's rules per status: counts[PLAN_RULE_ASSESSED] etc. */
void report_count_rules(const plan_ingredient *ingredient, size_t counts[3]);

/* Walks an authority's rules in plan order, ingredient by ingredient, keeping those in
 * one status. Start with a zeroed cursor; returns NULL when there are no more. */
typedef struct report_rule_cursor {
  size_t ingredient, rule;
} report_rule_cursor;

const plan_rule *report_next_rule(const plan_authority *a, plan_rule_status status,
                                  report_rule_cursor *cursor);

/* How many of an authority's rules are in one status. */
size_t report_count_authority_rules(const plan_authority *a, plan_rule_status status);

/* Whether an ingredient's score is part of the overall score: it has one and weighs more
 * than 0 (weight 0 leaves an ingredient out, docs/config.md). */
int report_ingredient_counts(const plan_ingredient *ingredient);

/* The highest and the lowest scored ingredient that counts (report_ingredient_counts), the
 * first in plan order on a tie; NULL when none counts. */
const plan_ingredient *report_strongest_ingredient(const plan_authority *a);
const plan_ingredient *report_weakest_ingredient(const plan_authority *a);

/* A name for people: the title when there is one, else the id. */
const char *report_ingredient_name(const plan_ingredient *ingredient);
const char *report_rule_name(const plan_rule *rule);

/* The authority's ingredient with this id, or NULL. */
const plan_ingredient *report_find_ingredient(const plan_authority *a, const char *id);

/* The name for people of the ingredient an action belongs to (its id when the authority
 * has no such ingredient). */
const char *report_action_ingredient_name(const plan_authority *a, const plan_action *action);

/* The name for people of one of the authority's rules or context items, by id (the id
 * itself when it has none of that id): how "Found by" names the rules behind an action. */
const char *report_rule_name_by_id(const plan_authority *a, const char *id);

/* The title of the authority's action with this id (the id itself when it has no such
 * action, or the action no title): how the change since the previous assessment names the
 * actions that recur. */
const char *report_action_name_by_id(const plan_authority *a, const char *id);

/* How actions are ranked, said once above them, and why an ordinary action ranks where it
 * does, from what its priority is made of (docs/rules.md): "Ranked by impact for effort,
 * with its ingredient at 77 out of 100 and weighing 1.2 at this stage." The priority's
 * number is for --explain and programs. report_rank_words returns buf. */
#define REPORT_RANK_NOTE                                                                    \
  "Actions are ranked by their impact for the effort they take, higher when their "        \
  "ingredient scores lower or weighs more at this stage; an action that decides whether " \
  "the service continues comes before all others."
#define REPORT_RANK_WORDS_SIZE 1024
const char *report_rank_words(char buf[REPORT_RANK_WORDS_SIZE], const plan_authority *a,
                              const plan_action *action);

/* What one of the authority's customisations changed, in words ("Rule switched off"),
 * and the name for people of the rule it concerns (NULL when it concerns none). */
const char *report_customisation_words(const plan_customisation *c);
const char *report_customisation_rule_name(const plan_authority *a, const plan_customisation *c);

/* How many of the authority's actions are marked to do first (a prefix of the ranks). */
size_t report_first_count(const plan_authority *a);

/* What the plan says of an action that decides whether the service continues. */
#define REPORT_SURVIVAL_WORDS \
  "Survival: this decides whether the service continues, so it ranks above every other action."

/* The headings of the actions: the few to do first, then the rest by ingredient. */
#define REPORT_FIRST_HEADING "Do first"
#define REPORT_REST_HEADING "The rest of the plan, by ingredient"

/* "Context: 8 shown, 1 not shown, 0 failed" for the plan's header, or NULL when the plan
 * has no context item. */
const char *report_context_counts(char buf[REPORT_VALUE_SIZE], const plan *p);

/* The heading of the context items. */
#define REPORT_CONTEXT_HEADING "How care leavers are doing"

/* }====================================================================== */

#endif
