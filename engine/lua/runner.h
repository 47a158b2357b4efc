/* runner.h: running a rule pack for one authority.
 * For each rule: decide whether it applies (stage, needed tables), call its
 * assess function in the sandbox with the authority object `a`, and turn what
 * comes back (a score, or nil and a reason, or an error) into a plan_rule.
 * Rules of pass 2 run after every pass-1 rule and may read the pass-1
 * ingredient scores through a:score(). Data-quality checks count their rows.
 * Neighbours: sandbox.c runs the code, lua_view.c serves a.data, scoring.c
 * turns results into scores and ranks. */
#ifndef SUSTAIN_RUNNER_H
#define SUSTAIN_RUNNER_H

#include "config.h"
#include "evidence_set.h"
#include "plan.h"
#include "rules.h"
#include "runner_checks.h"
#include "sandbox.h"

/* What one rule call may write: the length of an evidence label or text value
 * and of an action's id, title and owner; of an action's why and a reason; how
 * many evidence items and actions ([limits] in the config). */
typedef struct runner_limits {
  long label_bytes, text_bytes, evidence_items, actions;
} runner_limits;

typedef struct runner {
  sandbox *sb;
  rule_host *host;
  const rule_pack *pack;
  const evidence_set *sources;
  int suppress_below;
  runner_limits limits;
  int authority_meta_ref; /* registry: metatable of authority objects */
  runner_checks checks;   /* the pack's data-quality checks (runner_checks.c) */
  evidence_view *views;   /* per source table: the rows of the authority in hand */
  int authority_template_ref; /* registry: the authority in hand as rules see it */
  size_t error_capacity;  /* of the plan's error array */
  /* asked before each rule that applies runs (workers.c: the wall clock): returns NULL
   * to run it, or an error (allocated from a) to record instead; may be NULL */
  const char *(*rule_starting)(void *context, size_t rule, arena *a);
  void *hook_context;
} runner;

/* The authority as rules see it. */
typedef struct runner_authority {
  const config_authority *config;
  const char *stage;
  int stage_index;       /* in the model, -1 when the model declares no stages */
  const char *date;      /* the assessment date, YYYY-MM-DD */
  const double *weights; /* the stage's ingredient weights after overrides */
  /* the rules this authority runs, in plan order: the pack's, its own
   * replacements, then its own additions */
  const rule_definition *const *rules;
  const char *const *disabled; /* per rule: NULL, or why the config disabled it */
  const char *const *forced;   /* NULL, or per rule: an error to record instead of running it
                                  when it applies (a limit a previous worker hit) */
  size_t rule_count;
  const plan_customisation *customisations; /* what its config changed */
  size_t customisation_count;
  const char *rules_digest; /* of its rule files as loaded (rules_digest), for the plan */
} runner_authority;

/* Prepares the runner: the rule API functions and the data-quality filters of the
 * checks that mode runs (problems with a check's filter go to diags). Returns 0, or -1. */
int runner_open(runner *r, sandbox *sb, rule_host *host, const rule_pack *pack,
                const evidence_set *sources, int suppress_below, runner_limits limits,
                runner_checks_mode checks, diag_list *diags);
void runner_close(runner *r);

/* Where runner_list_checks hands each data-quality check's rows, and its failures. */
typedef struct runner_check_listing {
  runner_checks_rows_fn each;
  /* a check that could not pick its rows (its where function raised, say): 0, or
   * -1 to stop */
  int (*failed)(void *context, const check_definition *check, const char *file, int line,
                const char *message);
  void *context;
  arena *arena; /* the failures' messages are allocated here */
} runner_check_listing;

/* Picks the rows each data-quality check finds among the authority's rows, as
 * runner_assess counts them, without running any rule, and hands them to
 * listing->each (`sustain check --records`). Returns 0, or -1 on out of memory
 * or when listing->each or listing->failed stopped it. */
int runner_list_checks(runner *r, const runner_authority *who,
                       const runner_check_listing *listing);

/* Assesses one authority into out (allocated from p's arena); rule errors are
 * also appended to p->errors. Returns 0, or -1 on out of memory. */
int runner_assess(runner *r, const runner_authority *who, plan *p, plan_authority *out);

#endif
