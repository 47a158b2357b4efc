/* scoring.h: from rule scores to ingredient and overall scores, bands, and the
 * ranked action list. Plain C over plan structs; no Lua, no config.
 *
 * Ingredient score: the weighted mean of its assessed rules' scores.
 * Overall score: the mean of the assessed ingredients' scores weighted by the
 * stage's weights. Coverage: the assessed share of the stage's total weight.
 * Priority of an action:
 *   impact * stage_weight * weakness * urgency / effort_cost
 * where weakness = 1 + (100 - ingredient score) / 100 (2 when the ingredient
 * could not be scored: nothing known is as weak as it gets), urgency is the
 * stage's factor and effort_cost the model's cost of low/medium/high effort.
 * Ranking: priority rounded to one decimal, highest first; ties by action id. */
#ifndef SUSTAIN_SCORING_H
#define SUSTAIN_SCORING_H

#include <stddef.h>

#include "plan.h"

/* The weighted mean of the assessed rules, or NAN when none was assessed. */
double scoring_ingredient(const plan_ingredient *ingredient);

/* Sets the authority's score, coverage and band from its ingredients. */
void scoring_overall(plan_authority *authority, const plan_band *bands, size_t band_count);

/* The band whose min is the highest not above score (bands sorted highest
 * first), or NULL for NAN. */
const char *scoring_band(double score, const plan_band *bands, size_t band_count);

/* Fills an action's terms and priority. */
void scoring_prioritise(plan_action *action, double ingredient_score, double stage_weight,
                        double urgency, double effort_cost);

/* Keeps one action per id (the one with the highest priority), sorts by rank
 * order and numbers the ranks from 1. Returns the new count. */
size_t scoring_rank(plan_action *actions, size_t count);

#endif
