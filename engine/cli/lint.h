/* lint.h: `sustain check` as a linter for rule packs. Beyond the hard errors
 * that loading reports (unknown ingredient, duplicate ids, undefined stages),
 * it finds what would quietly cost an assessment: a table a rule needs that no
 * source provides, a check on such a table, a rule that can never count
 * because its ingredient weighs nothing wherever it applies, columns a rule
 * names that its table lacks (where the rule file shows it), and rows that may
 * be pooled by mistake: shared = yes on a column of authority IDs, or one
 * authority's source whose authority-like column holds other values too. */
#ifndef SUSTAIN_LINT_H
#define SUSTAIN_LINT_H

#include "diag.h"
#include "engine.h"

/* Appends a finding per problem, located at the rule's or the config's file and line. */
void lint_engine(const engine *e, diag_list *findings);

/* Appends a problem for each mistake that fails a rule whenever its line runs, found in
 * the code of every rule file of the pack and module it requires, without running it
 * (rule_scan.h): undefined
 * globals, removed functions, a:action{} tables with unknown or missing fields. The
 * engine's sandbox answers which globals exist. */
void lint_rule_code(engine *e, diag_list *problems);

#endif
