/* test_report_sample.c: the sample plan and rendering helpers; see test_report_sample.h. */

/* cmocka.h needs these four first, in this order */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include "test_report_sample.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "plan.h"
#include "report.h"

static plan_evidence *evidence_list(arena *a, size_t count) {
  plan_evidence *e = arena_alloc(a, count * sizeof *e);
  assert_non_null(e);
  return e;
}

plan *sample_plan(int explain) {
  arena *a = arena_new();
  assert_non_null(a);
  plan *p = arena_alloc(a, sizeof *p);
  assert_non_null(p);
  p->arena = a;
  p->name = "Care leaver services: sustainability review 2024";
  p->date = "2024-03-31";
  p->explain = explain;

  p->band_count = 3;
  p->bands = arena_alloc(a, 3 * sizeof *p->bands);
  p->bands[0] = (plan_band){70, "likely sustained", NULL};
  p->bands[1] = (plan_band){40, "fragile", NULL};
  p->bands[2] = (plan_band){0, "at risk of pilotitis",
                            "pilotitis is when a service that works stops once its pilot money ends"};

  p->authority_count = 2;
  p->authorities = arena_alloc(a, 2 * sizeof *p->authorities);
  plan_authority *north = &p->authorities[0];
  north->id = "northshire";
  north->name = "Northshire County Council";
  north->stage = "transition";
  north->pilot_end = "2024-09-30";
  /* the figures are those scoring.c gives the ingredients below, so --explain's
   * arithmetic holds: (55 x 1 + 71.25 x 1.5) / 2.5; 2.5 of 3 stage weight scored; rules
   * (1 x 1 + 1.5 x 0.5) / 3 (receptivity has both its rules, coproduction half) */
  north->score = 64.75;
  north->band = "fragile";
  north->coverage = 2.5 / 3;
  north->rule_coverage = 1.75 / 3;

  north->ingredient_count = 3;
  north->ingredients = arena_alloc(a, 3 * sizeof *north->ingredients);

  plan_ingredient *receptivity = &north->ingredients[0];
  receptivity->id = "receptivity";
  receptivity->title = "Organisational receptivity";
  receptivity->score = 55.0;
  receptivity->weight = 1.0;
  receptivity->rule_count = 2;
  receptivity->rules = arena_alloc(a, 2 * sizeof(plan_rule));
  plan_rule *climate = &receptivity->rules[0];
  climate->id = "receptivity.staff_climate";
  climate->title = "Staff feel safe to try new ideas";
  climate->status = PLAN_RULE_ASSESSED;
  climate->score = 55.0;
  climate->weight = 1;
  climate->evidence_count = 2;
  climate->evidence = evidence_list(a, 2);
  climate->evidence[0] = (plan_evidence){.label = "Share of staff who feel safe to try new ideas",
                                         .kind = PLAN_VALUE_NUMBER,
                                         .number = 5.0 / 12,
                                         .share = 1};
  climate->evidence[1] =
      (plan_evidence){.label = "Staff survey responses", .kind = PLAN_VALUE_NUMBER, .number = 48};
  climate->seconds = 0.0012;
  climate->instructions = 15000; /* the sandbox counts in thousands */
  plan_rule *budget = &receptivity->rules[1];
  budget->id = "receptivity.protected_budget";
  budget->status = PLAN_RULE_ASSESSED;
  budget->score = 70.0;
  budget->weight = 0; /* shown beside the others, not counted */
  budget->evidence_count = 2;
  budget->evidence = evidence_list(a, 2);
  budget->evidence[0] = (plan_evidence){
      .label = "Protected innovation budget", .kind = PLAN_VALUE_BOOLEAN, .boolean = 1};
  budget->evidence[1] =
      (plan_evidence){.label = "Financial pressure", .kind = PLAN_VALUE_TEXT, .text = "high"};
  budget->seconds = 0.0004;
  budget->instructions = 0;

  plan_ingredient *coproduction = &north->ingredients[1];
  coproduction->id = "coproduction";
  coproduction->score = 71.25; /* exactly halfway: printf rounds to even, "71.2" */
  coproduction->weight = 1.5;
  coproduction->rule_count = 2;
  coproduction->rules = arena_alloc(a, 2 * sizeof(plan_rule));
  plan_rule *voice = &coproduction->rules[0];
  voice->id = "coproduction.voice_changes_decisions";
  voice->status = PLAN_RULE_ASSESSED;
  voice->score = 71.25;
  voice->weight = 1;
  voice->evidence_count = 2;
  voice->evidence = evidence_list(a, 2);
  voice->evidence[0] =
      (plan_evidence){.label = "Activities that changed a decision", .kind = PLAN_VALUE_SUPPRESSED};
  voice->evidence[1] = (plan_evidence){.label = "Share of activities that changed a decision",
                                       .kind = PLAN_VALUE_NUMBER,
                                       .number = 0.5,
                                       .share = 1};
  voice->seconds = 0.002;
  voice->instructions = 40000;
  plan_rule *continuity = &coproduction->rules[1];
  continuity->id = "coproduction.continuity";
  continuity->status = PLAN_RULE_NOT_ASSESSED;
  continuity->score = NAN;
  continuity->weight = 1;
  continuity->reason = "no source provides the table 'participation_history'";
  continuity->reason_kind = PLAN_REASON_NO_SOURCE;
  continuity->reason_detail = "participation_history";
  continuity->seconds = 0.0001;
  continuity->instructions = 0;

  plan_ingredient *measurement = &north->ingredients[2];
  measurement->id = "measurement";
  measurement->score = NAN;
  measurement->weight = 0.5;
  measurement->rule_count = 1;
  measurement->rules = arena_alloc(a, sizeof(plan_rule));
  plan_rule *soft = &measurement->rules[0];
  soft->id = "measurement.soft_outcomes";
  soft->status = PLAN_RULE_ERROR;
  soft->score = NAN;
  soft->weight = 1;
  soft->message = "rules/ingredients/measurement.lua:42: attempt to index a nil value";
  soft->seconds = 0.0003;
  soft->instructions = 2000;

  /* how care leavers are doing: one figure shown (one of them suppressed), one failed */
  north->context_count = 2;
  north->context = arena_alloc(a, 2 * sizeof *north->context);
  plan_rule *eet = &north->context[0];
  eet->id = "outcomes.eet_against_england";
  eet->title = "Care leavers in education, employment or training, compared with England";
  eet->status = PLAN_RULE_ASSESSED;
  eet->score = NAN;
  eet->evidence_count = 3;
  eet->evidence = evidence_list(a, 3);
  eet->evidence[0] = (plan_evidence){.label = "Care leavers aged 19 to 21 in education",
                                     .kind = PLAN_VALUE_NUMBER, .number = 0.48, .share = 1};
  eet->evidence[1] = (plan_evidence){.label = "England, aged 19 to 21",
                                     .kind = PLAN_VALUE_NUMBER, .number = 0.54, .share = 1};
  eet->evidence[2] = (plan_evidence){.label = "Care leavers aged 17 to 18 in education",
                                     .kind = PLAN_VALUE_SUPPRESSED};
  eet->seconds = 0.0005;
  eet->instructions = 3000;
  plan_rule *touch = &north->context[1];
  touch->id = "outcomes.in_touch";
  touch->title = "Care leavers the service is in touch with";
  touch->status = PLAN_RULE_ERROR;
  touch->score = NAN;
  touch->message = "rules/ingredients/outcomes.lua:120: attempt to compare nil with number";

  static const char *loop_found_by[] = {"coproduction.voice_changes_decisions",
                                        "coproduction.continuity"};
  static const char *time_found_by[] = {"receptivity.staff_climate"};
  north->action_count = 2;
  north->actions = arena_alloc(a, 2 * sizeof *north->actions);
  north->actions[0] = (plan_action){
      .rank = 1,
      .id = "coproduction.close_the_loop",
      .ingredient = "coproduction",
      .title = "Report back to the care leavers' council what changed because of them",
      .why = "Only half of co-production activities changed a decision (0.5).",
      .owner = "participation lead",
      .effort = "low",
      .rule = "coproduction.voice_changes_decisions",
      .gap = "coproduction.close_the_loop",
      .found_by = loop_found_by,
      .found_by_count = 2,
      .first = 1,
      .impact = 15,
      .priority = 22.5,
      .terms = {15, 1.5, 0.2875, 1.25, 1}};
  north->actions[1] =
      (plan_action){.rank = 2,
                    .id = "receptivity.protect_time",
                    .ingredient = "receptivity",
                    .title = "Give frontline staff protected time to try new ideas",
                    .why = "Fewer than half of staff feel safe to try new ideas (0.4167).",
                    .owner = "head of service",
                    .effort = "medium",
                    .rule = "receptivity.staff_climate",
                    .gap = "receptivity.protect_time",
                    .found_by = time_found_by,
                    .found_by_count = 1,
                    .impact = 10,
                    .priority = 8.25,
                    .terms = {10, 1, 0.45, 1.25, 2}};

  north->data_quality_count = 2;
  north->data_quality = arena_alloc(a, 2 * sizeof *north->data_quality);
  north->data_quality[0] = (plan_data_quality){"care_leavers", "in_touch_died_activity_not_0",
                                               "IN_TOUCH is DIED but ACTIV is not 0", 3, 1};
  north->data_quality[1] = (plan_data_quality){"care_leavers", "activity_blank",
                                               "ACTIV is blank for young people in touch", 12, 0};

  north->customisation_count = 1;
  north->customisations = arena_alloc(a, sizeof *north->customisations);
  north->customisations[0] = (plan_customisation){"disabled_rule", "adaptation.business_case",
                                                  "no business case process in this authority"};

  plan_authority *south = &p->authorities[1];
  south->id = "southvale";
  south->name = "Southvale Borough Council";
  south->stage = "pilot";
  south->score = NAN;
  south->band = NULL;
  south->coverage = 0;
  south->ingredient_count = 1;
  south->ingredients = arena_alloc(a, sizeof *south->ingredients);
  south->ingredients[0].id = "receptivity";
  south->ingredients[0].score = NAN;
  south->ingredients[0].weight = 1;
  south->ingredients[0].rule_count = 1;
  south->ingredients[0].rules = arena_alloc(a, sizeof(plan_rule));
  plan_rule *south_climate = &south->ingredients[0].rules[0];
  south_climate->id = "receptivity.staff_climate";
  south_climate->status = PLAN_RULE_NOT_ASSESSED;
  south_climate->score = NAN;
  south_climate->weight = 1;
  south_climate->reason = "no source provides the table 'staff_survey'";
  south_climate->reason_kind = PLAN_REASON_NO_SOURCE;
  south_climate->reason_detail = "staff_survey";

  p->error_count = 2;
  p->errors = arena_alloc(a, 2 * sizeof *p->errors);
  p->errors[0] =
      (plan_error){"northshire", "measurement.soft_outcomes", "rules/ingredients/measurement.lua",
                   42, "attempt to index a nil value"};
  p->errors[1] =
      (plan_error){NULL, NULL, "assessment.ini", 0, "source wellbeing has no rows for southvale"};
  return p;
}

int write_text_plain(const plan *p, FILE *out) {
  return report_write_text(p, out, (report_text_style){0, REPORT_TEXT_WIDTH});
}
int write_text_color(const plan *p, FILE *out) {
  return report_write_text(p, out, (report_text_style){1, REPORT_TEXT_WIDTH});
}
int write_text_lines(const plan *p, FILE *out) {
  return report_write_text(p, out, (report_text_style){0, 0});
}
int write_text_color_lines(const plan *p, FILE *out) {
  return report_write_text(p, out, (report_text_style){1, 0});
}
int write_markdown(const plan *p, FILE *out) { return report_write_markdown(p, out); }
int write_json(const plan *p, FILE *out) { return report_write_json(p, out); }
int write_csv(const plan *p, FILE *out) { return report_write_csv(p, out); }
int write_html(const plan *p, FILE *out) { return report_write_html(p, out); }

/* Renders through writer, or through report_write in format when writer is NULL. */
static char *render_with(const plan *p, writer_fn writer, report_format format) {
  char *bytes = NULL;
  size_t size = 0;
  FILE *out = open_memstream(&bytes, &size);
  assert_non_null(out);
  assert_int_equal(writer ? writer(p, out) : report_write(p, format, out), 0);
  assert_int_equal(fclose(out), 0);
  /* a copy, so nothing returned derives from &bytes (GCC's -Wdangling-pointer cannot
   * tell that open_memstream only writes through it) */
  char *copy = strdup(bytes);
  assert_non_null(copy);
  free(bytes);
  return copy;
}

char *render(const plan *p, writer_fn writer) { return render_with(p, writer, REPORT_JSON); }

char *render_format(const plan *p, report_format format) { return render_with(p, NULL, format); }
