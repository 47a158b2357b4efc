/* lint.h: `sustain check` as a linter for rule packs. Beyond the hard errors
 * that loading reports (unknown ingredient, duplicate ids, undefined stages),
 * it finds what would quietly cost an assessment: a table a rule needs that no
 * source provides, a check on such a table, a rule that can never count
 * because its ingredient weighs nothing wherever it applies, and columns a rule
 * names that its table lacks (where the rule file shows it). */
#ifndef SUSTAIN_LINT_H
#define SUSTAIN_LINT_H

#include "diag.h"
#include "engine.h"

/* Appends a finding per problem, located at the rule's file and line. */
void lint_engine(const engine *e, diag_list *findings);

#endif
