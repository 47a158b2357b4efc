/* assessment_date.h: warnings about an assessment date (the config's `date`, or --date)
 * that the assessment cannot speak for: before any pilot in the config started, or more
 * than a year after the latest date anywhere in the data, where every rule that looks at
 * the last twelve months finds nothing. A mistyped year is the usual cause. `run` and
 * `check` print them as warnings; the plan is written all the same. */
#ifndef SUSTAIN_ASSESSMENT_DATE_H
#define SUSTAIN_ASSESSMENT_DATE_H

#include "diag.h"
#include "engine.h"

/* Days after the data's latest date that a date may be before it is warned of. */
#define ASSESSMENT_DATE_DAYS_AFTER_DATA 365

/* Adds to warnings what is wrong with the loaded assessment's date, if anything. */
void assessment_date_warnings(const engine *e, diag_list *warnings);

#endif
