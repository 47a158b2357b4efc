/* history_trend.h: the scores of each authority over time, carried on the plan
 * (plan_authority.trend) so the plan's writers can chart them without reading the history
 * themselves: they read the plan alone. */
#ifndef SUSTAIN_HISTORY_TREND_H
#define SUSTAIN_HISTORY_TREND_H

#include "diag.h"
#include "history.h"
#include "plan.h"

/* Fills each authority's trend (plan.h): the assessments recorded before p->date (the latest
 * run recorded for a date, as `sustain history` shows them), then the plan's own scores; an
 * ingredient's column follows the plan's ingredients, matched by id. Assessments recorded
 * after p->date (a run with an earlier --date) are left out: the trend ends at this plan.
 * Returns 0, or -1 with a problem in diags. */
int history_trend(history *h, plan *p, diag_list *diags);

#endif
