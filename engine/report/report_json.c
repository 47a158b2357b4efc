/* report_json.c: the plan as JSON, the machine contract "sustain-plan/1" (DESIGN.md,
 * "JSON plan"). Key order and number formats are part of the contract: tools diff
 * plans, so the same plan always gives the same bytes. Built on json_writer.c. */
#include <math.h>

#include "json_writer.h"
#include "report.h"
#include "report_values.h"

#define REPORT_JSON_SCHEMA "sustain-plan/1"

static void member_score(json_writer *w, const char *key, double value) {
  char buf[REPORT_VALUE_SIZE];
  json_member_number_text(w, key, report_score_text(buf, value)); /* NaN -> null */
}

static void member_weight(json_writer *w, const char *key, double value) {
  char buf[REPORT_VALUE_SIZE];
  json_member_number_text(w, key, report_weight_text(buf, value));
}

static void member_measure(json_writer *w, const char *key, double value) {
  char buf[REPORT_VALUE_SIZE];
  json_member_number_text(w, key, report_measure_text(buf, value));
}

static void write_evidence_value(json_writer *w, const plan_evidence *e) {
  char buf[REPORT_VALUE_SIZE];
  switch (e->kind) {
    case PLAN_VALUE_NUMBER:
      json_number_text(w, report_measure_text(buf, e->number));
      return;
    case PLAN_VALUE_TEXT:
      json_string(w, e->text);
      return;
    case PLAN_VALUE_BOOLEAN:
      json_boolean(w, e->boolean);
      return;
    case PLAN_VALUE_SUPPRESSED:
      json_string(w, REPORT_SUPPRESSED);
      return;
  }
  json_null(w);
}

/* "plain": the words for young people, in the young people's version only, so the
 * board's plan is unchanged by them (docs/reports.md). */
static void member_plain(json_writer *w, const plan *p, const char *plain) {
  if (p->audience == AUDIENCE_YOUNG_PEOPLE && plain) json_member_string(w, "plain", plain);
}

/* A percentage of a benchmark: the number as given, null when not published. */
static void member_percent(json_writer *w, const char *key, double value) {
  member_measure(w, key, value); /* NaN -> null */
}

/* The authority or a neighbour: its own figure is "c" when suppressed. */
static void write_place(json_writer *w, const plan_benchmark_place *place) {
  json_begin_object(w);
  json_member_string(w, "name", place->name);
  if (place->code) json_member_string(w, "code", place->code);
  if (place->suppressed) json_member_string(w, "value", REPORT_SUPPRESSED);
  else member_percent(w, "value", place->value);
  json_key(w, "rank");
  if (place->rank) json_integer(w, place->rank);
  else json_null(w);
  json_end_object(w);
}

static void write_trend(json_writer *w, const plan_benchmark *b) {
  json_key(w, "trend");
  json_begin_array(w);
  for (size_t i = 0; i < b->trend_count; i++) {
    const plan_benchmark_year *y = &b->trend[i];
    json_begin_object(w);
    json_member_integer(w, "year", y->year);
    member_percent(w, "authority", y->authority);
    member_percent(w, "england", y->england);
    member_percent(w, "region", y->region);
    member_percent(w, "neighbour_average", y->neighbours);
    json_end_object(w);
  }
  json_end_array(w);
}

/* a:benchmark{}: an outcome beside its neighbours, region and England (docs/reports.md). */
static void write_benchmark(json_writer *w, const plan_benchmark *b) {
  json_begin_object(w);
  json_member_string(w, "id", b->id);
  json_member_string(w, "title", b->title);
  json_member_integer(w, "year", b->year);
  json_key(w, "higher_is_better");
  json_boolean(w, b->higher_is_better);
  if (b->source) json_member_string(w, "source", b->source);
  json_key(w, "authority");
  write_place(w, &b->authority);
  member_percent(w, "england", b->england);
  json_key(w, "region");
  if (b->region_name) {
    json_begin_object(w);
    json_member_string(w, "name", b->region_name);
    member_percent(w, "value", b->region);
    json_end_object(w);
  } else {
    json_null(w);
  }
  if (b->neighbours_of) json_member_string(w, "neighbours_of", b->neighbours_of);
  json_key(w, "neighbours");
  json_begin_array(w);
  for (size_t i = 0; i < b->neighbour_count; i++) write_place(w, &b->neighbours[i]);
  json_end_array(w);
  member_percent(w, "neighbour_average", b->neighbour_average);
  json_member_integer(w, "neighbours_published", (long long)b->neighbours_published);
  json_member_integer(w, "ranked", (long long)b->ranked);
  const char *quartile = plan_benchmark_quartile_letter(b->quartile);
  json_key(w, "quartile");
  if (quartile) json_string(w, quartile);
  else json_null(w);
  write_trend(w, b);
  if (b->trend_source) json_member_string(w, "trend_source", b->trend_source);
  json_end_object(w);
}

/* What every rule and context item ends with: its evidence, the --explain figures, and
 * the end of its object. */
static void write_evidence_and_explain(json_writer *w, const plan *p, const plan_rule *rule) {
  json_key(w, "evidence");
  json_begin_array(w);
  for (size_t i = 0; i < rule->evidence_count; i++) {
    json_begin_object(w);
    json_member_string(w, "label", rule->evidence[i].label);
    json_key(w, "value");
    write_evidence_value(w, &rule->evidence[i]);
    if (rule->evidence[i].share && rule->evidence[i].kind == PLAN_VALUE_NUMBER) {
      json_key(w, "share"); /* the value stays the number 0 to 1; people read a percentage */
      json_boolean(w, 1);
    }
    member_plain(w, p, rule->evidence[i].plain);
    json_end_object(w);
  }
  json_end_array(w);
  if (rule->benchmark_count) { /* only where a rule made one: older plans read the same */
    json_key(w, "benchmarks");
    json_begin_array(w);
    for (size_t i = 0; i < rule->benchmark_count; i++) write_benchmark(w, &rule->benchmarks[i]);
    json_end_array(w);
  }
  if (p->explain) {
    char buf[REPORT_VALUE_SIZE];
    json_key(w, "explain");
    json_begin_object(w);
    json_member_number_text(w, "seconds", report_seconds_text(buf, rule->seconds));
    json_member_integer(w, "instructions", rule->instructions);
    json_end_object(w);
  }
  json_end_object(w);
}

/* A rule, or a context item (context = 1), which has no score and no weight. */
static void write_rule(json_writer *w, const plan *p, const plan_rule *rule, int context) {
  json_begin_object(w);
  json_member_string(w, "id", rule->id);
  json_member_string(w, "title", rule->title);
  json_member_string(w, "status", report_status_name(rule->status));
  if (!context) {
    /* only an assessed rule has a score, whatever the struct holds */
    member_score(w, "score", rule->status == PLAN_RULE_ASSESSED ? rule->score : NAN);
    member_weight(w, "weight", rule->weight); /* 0: shown, but not counted in its ingredient */
  }
  if (rule->status == PLAN_RULE_NOT_ASSESSED) {
    json_member_string(w, "reason", rule->reason);
    json_member_string(w, "reason_kind", report_reason_kind_name(rule->reason_kind));
  }
  if (rule->status == PLAN_RULE_ERROR) json_member_string(w, "message", rule->message);
  write_evidence_and_explain(w, p, rule);
}

static void write_ingredient(json_writer *w, const plan *p, const plan_ingredient *ingredient) {
  json_begin_object(w);
  json_member_string(w, "id", ingredient->id);
  json_member_string(w, "title", ingredient->title);
  member_plain(w, p, ingredient->plain);
  member_score(w, "score", ingredient->score);
  member_weight(w, "weight", ingredient->weight);
  if (p->history) member_score(w, "previous", ingredient->previous); /* NaN -> null */
  json_key(w, "rules");
  json_begin_array(w);
  for (size_t i = 0; i < ingredient->rule_count; i++) write_rule(w, p, &ingredient->rules[i], 0);
  json_end_array(w);
  if (p->explain) {
    json_key(w, "explain");
    json_begin_object(w);
    member_weight(w, "weight", ingredient->weight);
    json_end_object(w);
  }
  json_end_object(w);
}

/* Impact is in points like a score; the stage weight reads like a weight; the other terms
 * are factors where two decimals would hide the difference between two actions. */
static void write_action(json_writer *w, const plan *p, const plan_action *action) {
  json_begin_object(w);
  json_member_integer(w, "rank", action->rank);
  json_member_string(w, "id", action->id);
  json_member_string(w, "ingredient", action->ingredient);
  json_member_string(w, "title", action->title);
  member_plain(w, p, action->plain);
  json_member_string(w, "why", action->why);
  json_member_string(w, "owner", action->owner);
  json_member_string(w, "effort", action->effort);
  member_score(w, "impact", action->impact);
  member_score(w, "priority", action->priority);
  json_member_string(w, "gap", action->gap);
  json_key(w, "found_by");
  json_begin_array(w);
  for (size_t i = 0; i < action->found_by_count; i++) json_string(w, action->found_by[i]);
  json_end_array(w);
  json_key(w, "survival");
  json_boolean(w, action->survival);
  json_key(w, "first");
  json_boolean(w, action->first);
  if (p->explain) {
    json_key(w, "explain");
    json_begin_object(w);
    member_score(w, "impact", action->terms.impact);
    member_weight(w, "stage_weight", action->terms.stage_weight);
    member_measure(w, "weakness", action->terms.weakness);
    member_measure(w, "urgency", action->terms.urgency);
    member_measure(w, "effort_cost", action->terms.effort_cost);
    json_end_object(w);
  }
  json_end_object(w);
}

static void write_authority(json_writer *w, const plan *p, const plan_authority *a) {
  json_begin_object(w);
  json_member_string(w, "id", a->id);
  json_member_string(w, "name", a->name);
  json_member_string(w, "stage", a->stage);
  json_member_string(w, "pilot_end", a->pilot_end);
  if (a->review_date) json_member_string(w, "review_date", a->review_date); /* only when set */
  member_score(w, "score", a->score);
  json_member_string(w, "band", isnan(a->score) ? NULL : a->band); /* no score, no band */
  member_weight(w, "coverage", a->coverage);
  member_weight(w, "rule_coverage", a->rule_coverage);

  json_key(w, "ingredients");
  json_begin_array(w);
  for (size_t i = 0; i < a->ingredient_count; i++) write_ingredient(w, p, &a->ingredients[i]);
  json_end_array(w);

  json_key(w, "context");
  json_begin_array(w);
  for (size_t i = 0; i < a->context_count; i++) write_rule(w, p, &a->context[i], 1);
  json_end_array(w);

  json_key(w, "actions");
  json_begin_array(w);
  for (size_t i = 0; i < a->action_count; i++) write_action(w, p, &a->actions[i]);
  json_end_array(w);

  if (p->history) { /* only with a history, so plans without one keep their bytes */
    json_member_string(w, "previous_date", a->previous_date);
    json_key(w, "recurring_actions");
    json_begin_array(w);
    for (size_t i = 0; i < a->recurring_action_count; i++) json_string(w, a->recurring_actions[i]);
    json_end_array(w);
    json_key(w, "resolved_actions");
    json_begin_array(w);
    for (size_t i = 0; i < a->resolved_action_count; i++) json_string(w, a->resolved_actions[i]);
    json_end_array(w);
  }

  json_key(w, "data_quality");
  json_begin_array(w);
  for (size_t i = 0; i < a->data_quality_count; i++) {
    const plan_data_quality *dq = &a->data_quality[i];
    json_begin_object(w);
    json_member_string(w, "table", dq->table);
    json_member_string(w, "check", dq->check);
    json_key(w, "count");
    if (dq->suppressed)
      json_string(w, REPORT_SUPPRESSED);
    else
      json_integer(w, dq->count);
    json_member_string(w, "message", dq->message);
    json_end_object(w);
  }
  json_end_array(w);

  json_key(w, "customisations");
  json_begin_array(w);
  for (size_t i = 0; i < a->customisation_count; i++) {
    const plan_customisation *c = &a->customisations[i];
    json_begin_object(w);
    json_member_string(w, "kind", c->kind);
    json_member_string(w, "rule", c->rule);
    json_member_string(w, "reason", c->reason);
    json_end_object(w);
  }
  json_end_array(w);
  json_end_object(w);
}

/* "authority" appears only when the error belongs to one; an unknown line is null. */
static void write_error(json_writer *w, const plan_error *e) {
  json_begin_object(w);
  if (e->authority) json_member_string(w, "authority", e->authority);
  json_member_string(w, "rule", e->rule);
  json_member_string(w, "file", e->file);
  json_key(w, "line");
  if (e->line > 0)
    json_integer(w, e->line);
  else
    json_null(w);
  json_member_string(w, "message", e->message);
  json_end_object(w);
}

int report_write_json(const plan *p, FILE *out) {
  json_writer w;
  json_writer_init(&w, out);
  json_begin_object(&w);
  json_member_string(&w, "schema", REPORT_JSON_SCHEMA);
  if (p->audience != AUDIENCE_BOARD) json_member_string(&w, "audience", audience_name(p->audience));
  json_key(&w, "assessment");
  json_begin_object(&w);
  json_member_string(&w, "name", p->name);
  json_member_string(&w, "date", p->date);
  json_end_object(&w);

  json_key(&w, "bands"); /* highest first: a score takes the first whose min it reaches */
  json_begin_array(&w);
  for (size_t i = 0; i < p->band_count; i++) {
    json_begin_object(&w);
    member_score(&w, "min", p->bands[i].min);
    json_member_string(&w, "label", p->bands[i].label);
    json_member_string(&w, "meaning", p->bands[i].meaning);
    json_end_object(&w);
  }
  json_end_array(&w);

  json_key(&w, "authorities");
  json_begin_array(&w);
  for (size_t i = 0; i < p->authority_count; i++) write_authority(&w, p, &p->authorities[i]);
  json_end_array(&w);

  json_key(&w, "errors");
  json_begin_array(&w);
  for (size_t i = 0; i < p->error_count; i++) write_error(&w, &p->errors[i]);
  json_end_array(&w);
  json_end_object(&w);

  return json_writer_finish(&w);
}
