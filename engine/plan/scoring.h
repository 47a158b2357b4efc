/* scoring.h: from rule scores to ingredient and overall scores, bands, and the
 * ranked action list. Plain C over plan structs; no Lua, no config.
 *
 * Ingredient score: the weighted mean of its assessed rules' scores.
 * Overall score: the mean of the assessed ingredients' scores weighted by the
 * stage's weights. Coverage: the assessed share of the stage's total weight.
 * Rule coverage: the same mean over the ingredients, each counted by the share
 * of its rule weight that was assessed (rules that do not apply at the stage
 * left out), so an ingredient scored on two of its three rules counts for two
 * thirds of its weight.
 * Priority of an action:
 *   impact * stage_weight * weakness * urgency / effort_cost
 * where weakness = 1 + (100 - ingredient score) / 100 (2 when the ingredient
 * could not be scored: nothing known is as weak as it gets), urgency is the
 * stage's factor and effort_cost the model's cost of low/medium/high effort.
 * Ranking: one action per gap; survival actions (those that decide whether the
 * service exists at all) in a tier above all others; within a tier, priority
 * rounded to one decimal, highest first; ties by action id. docs/rules.md has
 * the same in words. */
#ifndef SUSTAIN_SCORING_H
#define SUSTAIN_SCORING_H

#include <stddef.h>

#include "arena.h"
#include "plan.h"

/* At most this many actions are marked to do first ... */
#define SCORING_FIRST_MAX 5
/* ... and an action of the ordinary tier only while its priority is at least this share
 * of the highest ordinary priority: an action far behind the leader can wait. */
#define SCORING_FIRST_SHARE 0.5

/* The weighted mean of the assessed rules, or NAN when none was assessed. */
double scoring_ingredient(const plan_ingredient *ingredient);

/* The share of an ingredient's rule weight that was assessed, leaving out rules that do
 * not apply at the authority's stage; 0 when it has no rule weight to assess. */
double scoring_rules_assessed(const plan_ingredient *ingredient);

/* Sets the authority's score, coverage, rule coverage and band from its ingredients. */
void scoring_overall(plan_authority *authority, const plan_band *bands, size_t band_count);

/* The band whose min is the highest not above score (bands sorted highest
 * first), or NULL for NAN. */
const char *scoring_band(double score, const plan_band *bands, size_t band_count);

/* Fills an action's terms and priority. */
void scoring_prioritise(plan_action *action, double ingredient_score, double stage_weight,
                        double urgency, double effort_cost);

/* Keeps one action per gap (an action without a gap is its own, by id): the proposal
 * that ranks highest (survival, then priority, then the first proposed) keeps its texts,
 * its why is followed by the other proposals' different whys, found_by lists every
 * proposing rule (that proposal's first, then the others in proposal order), and the
 * action is survival when any proposal is.
 * Then sorts in rank order, numbers the ranks from 1 and marks the first ones
 * (scoring_mark_first). Merged texts and lists are allocated from a. Sets *count to the
 * new count; returns 0, or -1 on out of memory (the actions are then unusable). */
int scoring_rank(arena *a, plan_action *actions, size_t *count);

/* Marks the actions to do first, in rank order: every survival action, then ordinary
 * ones while their priority (as shown) is at least SCORING_FIRST_SHARE of the first
 * ordinary one's, SCORING_FIRST_MAX in all at most. */
void scoring_mark_first(plan_action *actions, size_t count);

#endif
