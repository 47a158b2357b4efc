/* plan.h: the finished assessment, as plain structs.
 * The rule runner and scoring fill it; report writers only read it. Everything a
 * plan points to lives in its arena. Scores that do not exist are NAN.
 * Suppression is decided when the plan is built, so writers never see a small
 * count: they render `suppressed` values as "c". */
#ifndef SUSTAIN_PLAN_H
#define SUSTAIN_PLAN_H

#include <stddef.h>

#include "arena.h"
#include "audience.h"
#include "plan_benchmark.h"

typedef enum plan_value_kind {
  PLAN_VALUE_NUMBER,
  PLAN_VALUE_TEXT,
  PLAN_VALUE_BOOLEAN,
  PLAN_VALUE_SUPPRESSED /* a small count, or a figure from too few people: "c" */
} plan_value_kind;

/* Where the figure goes in an evidence item's plain sentence. */
#define PLAN_PLAIN_VALUE "{value}"

typedef struct plan_evidence {
  const char *label;
  plan_value_kind kind;
  double number;    /* PLAN_VALUE_NUMBER */
  const char *text; /* PLAN_VALUE_TEXT */
  int boolean;      /* PLAN_VALUE_BOOLEAN */
  int share;        /* the rule said the number is a share, 0 to 1 (`share = true`): people
                       read it as a percentage, programs keep the number */
  const char *plain; /* NULL, or the figure as a sentence for young people, with "{value}"
                        where the value goes (`plain =`, report_young.h) */
} plan_evidence;

typedef enum plan_rule_status {
  PLAN_RULE_ASSESSED,
  PLAN_RULE_NOT_ASSESSED,
  PLAN_RULE_ERROR
} plan_rule_status;

/* Why a rule was not assessed, as the runner knows it, so a reader can be told the real
 * reason (docs/reports.md): the data was never set up, is missing for this authority,
 * the authority switched the rule off, the rule does not apply at this stage, or the
 * rule itself said why (it returned nil and a reason). */
typedef enum plan_reason_kind {
  PLAN_REASON_NONE,      /* assessed, or failed */
  PLAN_REASON_NO_SOURCE, /* no [source] provides a table it needs (reason_detail: the table) */
  PLAN_REASON_NO_ROWS,   /* a table it needs has no rows for the authority (detail: table) */
  PLAN_REASON_DISABLED,  /* disable.RULE in the authority's config (detail: its reason) */
  PLAN_REASON_STAGE,     /* the rule lists stages, and not the authority's */
  PLAN_REASON_RULE       /* the rule returned nil and its own reason */
} plan_reason_kind;

typedef struct plan_rule {
  const char *id, *title;
  const char *file; /* where the rule is defined */
  int line;
  plan_rule_status status;
  double score;        /* 0..100 when assessed, else NAN */
  double weight;       /* within its ingredient */
  const char *reason;  /* not_assessed: why */
  plan_reason_kind reason_kind; /* not_assessed: which kind of reason */
  const char *reason_detail;    /* NULL, or the table or the authority's reason (above) */
  const char *message; /* error: what went wrong, with file:line */
  plan_evidence *evidence;
  size_t evidence_count;
  plan_benchmark *benchmarks; /* a:benchmark{}: outcomes set beside published figures */
  size_t benchmark_count;
  /* measured while the rule ran (for --explain) */
  double seconds;
  long instructions;
} plan_rule;

typedef struct plan_ingredient {
  const char *id, *title;
  const char *plain; /* NULL, or the title in young people's words (the model's `plain`) */
  double score;  /* weighted mean of assessed rules, NAN when none */
  double weight; /* the stage's weight after config overrides */
  double previous; /* with a history (plan.history): the score at the previous assessment,
                      NAN when none; not meaningful otherwise */
  plan_rule *rules;
  size_t rule_count;
} plan_ingredient;

/* The terms of an action's priority; priority = impact * stage_weight * weakness
 * * urgency / effort_cost (see scoring.h). */
typedef struct plan_priority_terms {
  double impact, stage_weight, weakness, urgency, effort_cost;
} plan_priority_terms;

/* An action of the plan: one per gap (several rules may find the same gap and propose
 * it; scoring_rank merges them, keeping the texts of the highest-ranked proposal). */
typedef struct plan_action {
  int rank; /* 1-based */
  const char *id, *ingredient, *title, *why, *owner, *effort;
  const char *plain; /* NULL, or the title in young people's words (`plain =`) */
  const char *rule; /* the rule that proposed the texts kept */
  const char *gap;  /* what it closes: rules proposing the same gap get one action */
  const char **found_by; /* the rules that proposed it: rule's first, then in the order
                            they ran */
  size_t found_by_count;
  int survival; /* it decides whether the service exists at all: ranked above the rest */
  int first;    /* one of the few to do first (scoring_mark_first) */
  double impact, priority;
  plan_priority_terms terms;
} plan_action;

typedef struct plan_data_quality {
  const char *table, *check, *message;
  long count;
  int suppressed; /* count below the threshold: shown as "c" */
} plan_data_quality;

typedef struct plan_customisation {
  const char *kind, *rule, *reason;
} plan_customisation;

/* An authority's scores over time, as columns of one row per assessment, oldest first.
 * With a history, for a plan written as HTML, the one format that charts it (plan.history;
 * filled by history_trend): each assessment recorded before the plan's date (the latest
 * run recorded for a date), then the plan's own. Empty otherwise. */
typedef struct plan_trend {
  const char **dates;   /* YYYY-MM-DD, one per point */
  double *scores;       /* overall, one per point, NAN when none */
  double **ingredients; /* one column per ingredient of the authority (in its order), each
                           a score per point, NAN where that assessment had none */
  size_t point_count;
} plan_trend;

typedef struct plan_authority {
  const char *id, *name, *stage;
  const char *pilot_end; /* YYYY-MM-DD, or NULL when the config gives none */
  const char *review_date; /* YYYY-MM-DD: when the authority will next review the service
                              (`review_date` in its config), or NULL */
  const char *rules_digest; /* of the rule files it was assessed with, as loaded (rules.h):
                               the history records it; the writers do not show it */
  double score;     /* overall, NAN when no ingredient was assessed */
  const char *band; /* NULL when score is NAN */
  double coverage;  /* 0..1: share of the stage's weight that was assessed */
  double rule_coverage; /* 0..1: the same, with each ingredient counted by the share of its
                           rule weight assessed (scoring.h) */
  plan_ingredient *ingredients;
  size_t ingredient_count;
  /* Context (context{} in the pack): how the people the service is for are doing, shown
   * beside the scores and never part of them. Each is a plan_rule whose score is NAN and
   * whose weight is 0, in pack order. */
  plan_rule *context;
  size_t context_count;
  plan_action *actions; /* in rank order */
  size_t action_count;
  plan_data_quality *data_quality;
  size_t data_quality_count;
  plan_customisation *customisations;
  size_t customisation_count;
  /* With a history (plan.history, filled by history_annotate): the previous assessment
   * before this plan's date, NULL when none, with its overall score (NAN when none) and
   * band (NULL when none); its actions whose gap this plan still has, by the id of this
   * plan's action for it (recurring), and those whose gap it no longer has, by their id
   * then (resolved), in the previous rank order. */
  const char *previous_date;
  double previous_score;
  const char *previous_band;
  const char **recurring_actions;
  size_t recurring_action_count;
  const char **resolved_actions;
  const char **resolved_action_titles; /* each NULL when the history holds none */
  size_t resolved_action_count;
  plan_trend trend; /* with a history, in HTML: its scores over time, this plan's last */
} plan_authority;

typedef struct plan_error {
  const char *authority; /* NULL for errors outside one authority */
  const char *rule;      /* NULL when not about one rule */
  const char *file;
  int line;
  const char *message;
} plan_error;

typedef struct plan_band {
  double min; /* the band applies to scores >= min */
  const char *label;
  const char *meaning; /* NULL, or the label in plain words, for the summary */
} plan_band;

typedef struct plan {
  arena *arena;
  const char *name;
  const char *date; /* YYYY-MM-DD */
  int explain;      /* writers add the --explain details */
  audience audience; /* who it is written for: the text, Markdown and HTML writers write the
                        young people's version instead of the full plan (report_young.h) */
  int history;      /* a history is kept: writers show the change since the previous
                       assessment (plan_authority.previous_date and the fields after it) */
  plan_band *bands; /* highest min first */
  size_t band_count;
  plan_authority *authorities;
  size_t authority_count;
  plan_error *errors;
  size_t error_count;
} plan;

void plan_free(plan *p);

/* Counts of rules in each status across the plan. */
size_t plan_count_rules(const plan *p, plan_rule_status status);

/* Counts of context items in each status across the plan. */
size_t plan_count_context(const plan *p, plan_rule_status status);

#endif
