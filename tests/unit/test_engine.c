/* test_engine.c: the library end to end on small assessments written by each
 * test: a real INI, real CSV files read through the real csv plugin (dlopen),
 * real Lua rules in the sandbox. */
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine.h"
#include "layout.h"
#include "report.h"

typedef struct fixture {
  char dir[64];
  config_layout layout; /* the build tree's plugins */
  layout_paths shipped_paths;
  engine e;
  plan *plan;
  diag_list diags;
} fixture;

static const char model_lua[] =
    "model {\n"
    "  ingredients = { 'voice', 'lead' },\n"
    "  stages = { pilot = { voice = 2, lead = 1 }, transition = { voice = 1, lead = 3 },\n"
    "             sustained = { voice = 1, lead = 1 } },\n"
    "  bands = { {min = 60, label = 'good'}, {min = 0, label = 'weak'} },\n"
    "}\n";

static const char people_csv[] =
    "la,child,changed,age\n"
    "north,1,yes,19\nnorth,2,yes,20\nnorth,3,no,21\nnorth,4,yes,19\nnorth,5,no,\n"
    "south,6,no,19\nsouth,7,no,18\n";

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  if (!f) return -1;
  snprintf(f->dir, sizeof f->dir, "/tmp/sustain-engine-XXXXXX");
  if (!mkdtemp(f->dir)) return -1;
  layout_of_program(&f->layout, &f->shipped_paths);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  plan_free(f->plan);
  engine_close(&f->e);
  diag_list_clear(&f->diags);
  char command[128];
  snprintf(command, sizeof command, "rm -rf '%s'", f->dir);
  int status = system(command);
  free(f);
  return status == 0 ? 0 : -1;
}

static void write_file(fixture *f, const char *name, const char *text) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", f->dir, name);
  FILE *file = fopen(path, "w");
  assert_non_null(file);
  fputs(text, file);
  fclose(file);
}

/* Writes the usual config (people.csv as `people`, rules/ as the pack). */
static void write_config(fixture *f, const char *extra) {
  char text[2048];
  snprintf(text, sizeof text,
           "[assessment]\nname = Test\ndate = 2024-03-31\nrules = rules\n\n"
           "[source people]\nplugin = csv\npath = people.csv\nauthority_column = la\n\n"
           "[authority north]\nname = North\nstage = transition\nbudget = yes\n\n"
           "[authority south]\nstage = pilot\n%s",
           extra ? extra : "");
  write_file(f, "assessment.ini", text);
}

static void write_pack(fixture *f, const char *rules_lua) {
  char path[256];
  snprintf(path, sizeof path, "%s/rules", f->dir);
  mkdir(path, 0755);
  write_file(f, "rules/model.lua", model_lua);
  write_file(f, "rules/rules.lua", rules_lua);
}

/* Opens and assesses with N worker processes (0: in this process); returns 0
 * with the plan in f->plan, or -1 with the problems in f->diags (and no plan). */
static int assess_with_jobs(fixture *f, int jobs) {
  char config[256];
  snprintf(config, sizeof config, "%s/assessment.ini", f->dir);
  engine_options options = {.config_path = config, .layout = &f->layout, .jobs = jobs};
  if (engine_open(&f->e, &options, &f->diags) != 0) return -1;
  return engine_assess(&f->e, &options, &f->plan, &f->diags);
}

static int assess(fixture *f) { return assess_with_jobs(f, 0); }

static void print_diags(const fixture *f) {
  for (size_t i = 0; i < f->diags.count; i++) diag_print(&f->diags.items[i], stderr);
}

/* Fails the test where it was called, showing every problem, unless assessing with
 * N workers made a plan: what follows reads f->plan, which a failure leaves NULL. */
static void check_assessed(fixture *f, int jobs, const char *file, int line) {
  if (assess_with_jobs(f, jobs) == 0 && f->plan) return;
  print_error("expected a plan, but assessing failed:\n");
  print_diags(f);
  _fail(file, line);
}
#define assess_ok(f) check_assessed(f, 0, __FILE__, __LINE__)
#define assess_ok_with_jobs(f, jobs) check_assessed(f, jobs, __FILE__, __LINE__)

static const plan_rule *find_rule(const plan *p, const char *authority, const char *id) {
  assert_non_null(p);
  for (size_t a = 0; a < p->authority_count; a++) {
    if (strcmp(p->authorities[a].id, authority) != 0) continue;
    for (size_t i = 0; i < p->authorities[a].ingredient_count; i++)
      for (size_t r = 0; r < p->authorities[a].ingredients[i].rule_count; r++)
        if (strcmp(p->authorities[a].ingredients[i].rules[r].id, id) == 0)
          return &p->authorities[a].ingredients[i].rules[r];
  }
  fail_msg("no rule %s for %s", id, authority);
  return NULL;
}

static const plan_authority *find_authority(const plan *p, const char *id) {
  assert_non_null(p);
  for (size_t a = 0; a < p->authority_count; a++)
    if (strcmp(p->authorities[a].id, id) == 0) return &p->authorities[a];
  fail_msg("no authority %s", id);
  return NULL;
}

static const char share_rules[] =
    "rule { id = 'voice.changed', ingredient = 'voice', title = 'Changes decisions',\n"
    "  needs = { 'people' },\n"
    "  assess = function(a)\n"
    "    local s, n = a.data.people:share { changed = 'yes' }\n"
    "    a:evidence('Share changed', s, n)\n"
    "    if s < 0.7 then a:action { id = 'voice.loop', title = 'Close the loop', owner = 'lead',\n"
    "      effort = 'low', impact = 10, why = 'few changes' } end\n"
    "    return 100 * s\n"
    "  end }\n"
    "rule { id = 'lead.budget', ingredient = 'lead', title = 'Budget',\n"
    "  assess = function(a)\n"
    "    if not a.attr.budget then return nil, 'no budget attribute' end\n"
    "    return a.attr.budget == 'yes' and 80 or 20\n"
    "  end }\n";

static const char disclosure_rules[] =
    "rule { id = 'voice.figures', ingredient = 'voice', title = 'Figures',\n"
    "  assess = function(a)\n"
    "    a:evidence('1 of 6', 1 / 6, 6)\n"
    "    a:evidence('5 of 6', 5 / 6, 6)\n"
    "    a:evidence('none of 6', 0, 6)\n"
    "    a:evidence('all of 6', 1, { n = 6 })\n"
    "    a:evidence('5 of 10', 0.5, 10)\n"
    "    a:evidence('4 of 10', 0.4, 10)\n"
    "    a:evidence('6 of 10', 0.6, 10)\n"
    "    a:evidence('4.4 of 10, rounded to 4', 0.44, 10)\n"
    "    a:evidence('mean of 20', 3, 20)\n"
    "    a:evidence('mean of 4', 3.5, 4)\n"
    "    a:evidence('care leavers', 23, 23)\n"
    "    a:evidence('in touch', 20, 20)\n"
    "    a:evidence('responses', 40, 40)\n"
    "    a:evidence('text of 3', 'words', 3)\n"
    "    a:evidence('text of 7', 'words', 7)\n"
    "    a:evidence('no people given', 1 / 6)\n"
    "    return 50\n"
    "  end }\n"
    "rule { id = 'lead.figures', ingredient = 'lead', title = 'Another rule',\n"
    "  assess = function(a) a:evidence('in touch again', 21, 21) return 50 end }\n";

/* Disclosure control (docs/security.md): a share is suppressed when the count of people
 * it implies, or its complement, is small; of two counts of people in one rule that
 * differ by a small number, the smaller; a figure about too few people, whatever it is. */
static void test_small_counts_cannot_be_backed_out(void **state) {
  fixture *f = *state;
  write_file(f, "people.csv", people_csv);
  write_config(f, NULL);
  write_pack(f, disclosure_rules);
  if (assess(f) != 0) print_diags(f);
  assert_int_equal(f->diags.count, 0);
  static const struct {
    const char *label;
    int shown;
  } expected[] = {{"1 of 6", 0},      {"5 of 6", 0},       {"none of 6", 1},
                  {"all of 6", 1},    {"5 of 10", 1},      {"4 of 10", 0},
                  {"6 of 10", 0},     {"4.4 of 10, rounded to 4", 0},
                  {"mean of 20", 1},  {"mean of 4", 0},    {"care leavers", 1},
                  {"in touch", 0},    {"responses", 1},    {"text of 3", 0},
                  {"text of 7", 1},   {"no people given", 1}};
  const plan_rule *r = find_rule(f->plan, "north", "voice.figures");
  assert_int_equal(r->evidence_count, sizeof expected / sizeof *expected);
  for (size_t i = 0; i < r->evidence_count; i++) {
    assert_string_equal(r->evidence[i].label, expected[i].label);
    if ((r->evidence[i].kind != PLAN_VALUE_SUPPRESSED) != expected[i].shown)
      fail_msg("'%s' is %s", expected[i].label, expected[i].shown ? "suppressed" : "shown");
  }
  /* differences are looked for within one rule: another rule's 21 is shown */
  r = find_rule(f->plan, "north", "lead.figures");
  assert_int_equal(r->evidence[0].kind, PLAN_VALUE_NUMBER);
}

static const char share_flag_rules[] =
    "rule { id = 'voice.shares', ingredient = 'voice', title = 'Shares',\n"
    "  assess = function(a)\n"
    "    a:evidence('share of 20', 0.6, { n = 20, share = true })\n"
    "    a:evidence('share, no people given', 0.25, { share = true })\n"
    "    a:evidence('small share', 0.1, { n = 10, share = true })\n"
    "    a:evidence('not a share', 0.6, { n = 20, share = false })\n"
    "    a:evidence('per person', 0.6, 20)\n"
    "    return 50\n"
    "  end }\n"
    "rule { id = 'voice.above_one', ingredient = 'voice', title = 'A share above 1',\n"
    "  assess = function(a) a:evidence('rate', 1.5, { share = true }) return 50 end }\n"
    "rule { id = 'voice.text', ingredient = 'voice', title = 'A share of text',\n"
    "  assess = function(a) a:evidence('words', 'half', { share = true }) return 50 end }\n"
    "rule { id = 'lead.word', ingredient = 'lead', title = 'share = yes',\n"
    "  assess = function(a) a:evidence('x', 0.5, { share = 'yes' }) return 50 end }\n";

/* `share = true` marks a number as a share, which people read as a percentage: the flag
 * travels with the figure through the workers, only the rule says it (a number from 0 to
 * 1 with its people may be a rate or a mean), and it must be a number from 0 to 1. */
static void test_shares_are_said_by_the_rule(void **state) {
  fixture *f = *state;
  write_file(f, "people.csv", people_csv);
  write_config(f, NULL);
  write_pack(f, share_flag_rules);
  for (int jobs = 0; jobs <= 2; jobs += 2) {
    assess_ok_with_jobs(f, jobs);
    const plan_rule *r = find_rule(f->plan, "north", "voice.shares");
    assert_int_equal(r->evidence_count, 5);
    assert_int_equal(r->evidence[0].kind, PLAN_VALUE_NUMBER);
    assert_true(r->evidence[0].share);
    assert_true(r->evidence[1].share);
    assert_int_equal(r->evidence[2].kind, PLAN_VALUE_SUPPRESSED); /* 1 of 10 people */
    assert_false(r->evidence[3].share);
    assert_false(r->evidence[4].share);
    r = find_rule(f->plan, "north", "voice.above_one");
    assert_int_equal(r->status, PLAN_RULE_ERROR);
    assert_non_null(strstr(r->message, "a:evidence('rate'): a share is a number from 0 to 1"));
    r = find_rule(f->plan, "north", "voice.text");
    assert_int_equal(r->status, PLAN_RULE_ERROR);
    assert_non_null(strstr(r->message, "a share is a number from 0 to 1"));
    r = find_rule(f->plan, "north", "lead.word");
    assert_int_equal(r->status, PLAN_RULE_ERROR);
    assert_non_null(strstr(r->message, "a:evidence('x'): share is true or false"));
    plan_free(f->plan);
    f->plan = NULL;
    engine_close(&f->e);
  }
}

static void test_scores_come_from_the_data(void **state) {
  fixture *f = *state;
  write_file(f, "people.csv", people_csv);
  write_config(f, NULL);
  write_pack(f, share_rules);
  assess_ok(f);
  assert_int_equal(f->diags.count, 0);
  const plan_rule *r = find_rule(f->plan, "north", "voice.changed");
  assert_int_equal(r->status, PLAN_RULE_ASSESSED);
  assert_float_equal(r->score, 60.0, 1e-9); /* 3 of 5 */
  assert_int_equal(r->evidence_count, 1);
  /* 3 of 5 people: the 3, and the 2 who did not, are small counts */
  assert_int_equal(r->evidence[0].kind, PLAN_VALUE_SUPPRESSED);
  const plan_authority *north = find_authority(f->plan, "north");
  /* transition: voice 1, lead 3: (60 * 1 + 80 * 3) / 4 = 75 */
  assert_float_equal(north->score, 75.0, 1e-9);
  assert_string_equal(north->band, "good");
  assert_int_equal(north->action_count, 1);
  assert_string_equal(north->actions[0].id, "voice.loop");
  /* south has 2 people: the share is shown as suppressed */
  const plan_rule *s = find_rule(f->plan, "south", "voice.changed");
  assert_int_equal(s->evidence[0].kind, PLAN_VALUE_SUPPRESSED);
  const plan_rule *budget = find_rule(f->plan, "south", "lead.budget");
  assert_int_equal(budget->status, PLAN_RULE_NOT_ASSESSED);
  assert_string_equal(budget->reason, "no budget attribute");
  const plan_authority *south = find_authority(f->plan, "south");
  assert_float_equal(south->coverage, 2.0 / 3.0, 1e-9); /* pilot: voice 2 of 3 */

  /* one changed value changes the score */
  plan_free(f->plan);
  f->plan = NULL;
  engine_close(&f->e);
  const char *row = strstr(people_csv, "north,3,no,");
  char changed[sizeof people_csv + 32];
  snprintf(changed, sizeof changed, "%.*snorth,3,yes,%s", (int)(row - people_csv), people_csv,
           row + strlen("north,3,no,"));
  write_file(f, "people.csv", changed);
  assess_ok(f);
  assert_float_equal(find_rule(f->plan, "north", "voice.changed")->score, 80.0, 1e-9);
}

static void test_a_failing_rule_is_isolated(void **state) {
  fixture *f = *state;
  write_file(f, "people.csv", people_csv);
  write_config(f, NULL);
  write_pack(f,
             "rule { id = 'voice.broken', ingredient = 'voice', title = 'Broken',\n"
             "  assess = function(a)\n"
             "    a:evidence('never shown', 1)\n"
             "    return a.data.people:mean('no_such_column')\n"
             "  end }\n"
             "rule { id = 'voice.loops', ingredient = 'voice', title = 'Loops',\n"
             "  assess = function(a)\n"
             "    while true do pcall(function() while true do end end) end\n"
             "  end }\n"
             "rule { id = 'lead.fine', ingredient = 'lead', title = 'Fine',\n"
             "  assess = function(a) return 50 end }\n");
  struct timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  assess_ok(f);
  clock_gettime(CLOCK_MONOTONIC, &end);
  double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
  assert_true(seconds < 5.0); /* two loops at the default limit, under sanitizers too */
  const plan_rule *broken = find_rule(f->plan, "north", "voice.broken");
  assert_int_equal(broken->status, PLAN_RULE_ERROR);
  assert_true(isnan(broken->score));
  assert_int_equal(broken->evidence_count, 0); /* a failed rule shows nothing half-done */
  assert_non_null(strstr(broken->message, "rules/rules.lua:4:"));
  assert_non_null(strstr(broken->message, "no column 'no_such_column'"));
  const plan_rule *loops = find_rule(f->plan, "north", "voice.loops");
  assert_int_equal(loops->status, PLAN_RULE_ERROR);
  assert_non_null(strstr(loops->message, "instruction limit"));
  assert_int_equal(find_rule(f->plan, "north", "lead.fine")->status, PLAN_RULE_ASSESSED);
  const plan_authority *north = find_authority(f->plan, "north");
  assert_true(isnan(north->ingredients[0].score)); /* failed, never zero */
  assert_float_equal(north->score, 50.0, 1e-9);
  assert_int_equal(f->plan->error_count, 4); /* two rules, two authorities */
  assert_non_null(strstr(f->plan->errors[0].file, "rules/rules.lua"));
  assert_int_equal(f->plan->errors[0].line, 4);
}

static void test_bad_results_are_errors(void **state) {
  fixture *f = *state;
  write_file(f, "people.csv", people_csv);
  write_config(f, NULL);
  write_pack(f,
             "rule { id = 'voice.a', ingredient = 'voice', title = 'a', assess = function() return 150 end }\n"
             "rule { id = 'voice.b', ingredient = 'voice', title = 'b', assess = function() return 0/0 end }\n"
             "rule { id = 'voice.c', ingredient = 'voice', title = 'c', assess = function() return '50' end }\n"
             "rule { id = 'voice.d', ingredient = 'voice', title = 'd', assess = function() return nil end }\n"
             "rule { id = 'voice.e', ingredient = 'voice', title = 'e', assess = function(a)\n"
             "  a:action { id = 'x', title = 't', owner = 'o', effort = 'low', impact = 5 } return 1 end }\n"
             "rule { id = 'voice.f', ingredient = 'voice', title = 'f', assess = function(a)\n"
             "  a:action { id = 'x', title = 't', owner = 'o', effort = 'huge', impact = 5, why = 'w' } return 1 end }\n"
             "rule { id = 'lead.g', ingredient = 'lead', title = 'g', assess = function(a) return a:score('voice') end }\n"
             "rule { id = 'lead.h', ingredient = 'lead', title = 'h', assess = function(a)\n"
             "  return a.data.people:count { changed = {} } end }\n");
  assess_ok(f);
  const char *expected[][2] = {{"voice.a", "returned the score 150"},
                               {"voice.b", "returned NaN"},
                               {"voice.c", "returned a string"},
                               {"voice.d", "without a reason"},
                               {"voice.e", "'why' must be non-empty text"},
                               {"voice.f", "effort must be"},
                               {"lead.g", "pass = 2"},
                               {"lead.h", "the condition is empty"}};
  for (size_t i = 0; i < sizeof expected / sizeof *expected; i++) {
    const plan_rule *r = find_rule(f->plan, "north", expected[i][0]);
    assert_int_equal(r->status, PLAN_RULE_ERROR);
    if (!strstr(r->message, expected[i][1]))
      fail_msg("%s: '%s' lacks '%s'", expected[i][0], r->message, expected[i][1]);
  }
  assert_int_equal(find_authority(f->plan, "north")->action_count, 0);
}

static void test_second_pass_reads_scores(void **state) {
  fixture *f = *state;
  write_file(f, "people.csv", people_csv);
  write_config(f, NULL);
  write_pack(f,
             "rule { id = 'voice.base', ingredient = 'voice', title = 'base', assess = function() return 40 end }\n"
             "rule { id = 'lead.recipe', ingredient = 'lead', title = 'recipe', pass = 2,\n"
             "  assess = function(a) return a:score('voice') / 2 end }\n"
             "rule { id = 'lead.late', ingredient = 'lead', title = 'late', pass = 2,\n"
             "  assess = function(a) return a:score('lead') == nil and 100 or 0 end }\n");
  assess_ok(f);
  assert_float_equal(find_rule(f->plan, "north", "lead.recipe")->score, 20.0, 1e-9);
  /* pass 2 sees pass-1 scores only: lead had no pass-1 rule */
  assert_float_equal(find_rule(f->plan, "north", "lead.late")->score, 100.0, 1e-9);
}

static void test_missing_table_and_stage_rules(void **state) {
  fixture *f = *state;
  write_file(f, "people.csv", people_csv);
  write_config(f, NULL);
  write_pack(f,
             "rule { id = 'voice.needs', ingredient = 'voice', title = 'needs', needs = { 'surveys' },\n"
             "  assess = function() return 1 end }\n"
             "rule { id = 'lead.late', ingredient = 'lead', title = 'late', stages = { 'sustained' },\n"
             "  assess = function() return 1 end }\n"
             "rule { id = 'lead.now', ingredient = 'lead', title = 'now', needs = { 'people' },\n"
             "  assess = function() return 70 end }\n");
  assess_ok(f);
  const plan_rule *needs = find_rule(f->plan, "north", "voice.needs");
  assert_int_equal(needs->status, PLAN_RULE_NOT_ASSESSED);
  assert_non_null(strstr(needs->reason, "'surveys'"));
  const plan_rule *late = find_rule(f->plan, "north", "lead.late");
  assert_non_null(strstr(late->reason, "sustained"));
  const plan_authority *north = find_authority(f->plan, "north");
  assert_float_equal(north->coverage, 0.75, 1e-9); /* transition: lead 3 of 4 */
  assert_float_equal(north->score, 70.0, 1e-9);
}

static void test_date_columns(void **state) {
  fixture *f = *state;
  write_file(f, "people.csv", "la,child,changed,age\nnorth,1,yes,19\n");
  write_file(f, "events.csv",
             "la,date,kind,never\nnorth,2023-05-10,panel,\nnorth,02/01/2024,council,\n"
             "north,,survey,\nnorth,2024-03-01,panel,\n");
  write_config(f, "\n[source events]\nplugin = csv\npath = events.csv\nauthority_column = la\n");
  write_pack(f,
             "rule { id = 'voice.recent', ingredient = 'voice', title = 'recent', needs = { 'events' },\n"
             "  assess = function(a)\n"
             "    local e = a.data.events\n"
             "    local after = e:count { date = { gt = '2023-12-31' } }\n"
             "    local first = e:min('date')\n"
             "    local last = e:max('date', { kind = 'panel' })\n"
             "    local days = e:distinct('date')\n"
             "    local seen\n"
             "    for row in e:rows() do seen = seen or row.date end\n"
             "    assert(after == 2, after)\n"
             "    assert(first == '2023-05-10', first)\n"
             "    assert(last == '2024-03-01', last)\n"
             "    assert(#days == 3 and days[2] == '2024-01-02', days[2])\n"
             "    assert(seen == '2023-05-10', seen)\n"
             "    assert(not pcall(e.mean, e, 'date'))\n"
             "    assert(not pcall(e.count, e, { date = { gt = 'soon' } }))\n"
             "    assert(e:count { never = { ge = '2020-01-01' } } == 0)\n"
             "    assert(e:count { never = 'x' } == 0 and e:count { never = { missing = true } } == 4)\n"
             "    return 100\n"
             "  end }\n");
  assess_ok(f);
  const plan_rule *r = find_rule(f->plan, "north", "voice.recent");
  if (r->status != PLAN_RULE_ASSESSED) fail_msg("%s", r->message);
}

static const plan_customisation *find_customisation(const plan_authority *a, const char *kind,
                                                   const char *rule) {
  for (size_t i = 0; i < a->customisation_count; i++)
    if (strcmp(a->customisations[i].kind, kind) == 0 &&
        (!rule || (a->customisations[i].rule && strcmp(a->customisations[i].rule, rule) == 0)))
      return &a->customisations[i];
  return NULL;
}

static void test_each_authority_customises_its_assessment(void **state) {
  fixture *f = *state;
  write_file(f, "people.csv", people_csv);
  write_config(f, "rules = north.lua\nweight.voice = 4\ndisable.lead.budget = no budget line in a trust\n"
                  "\n[weights]\nlead = 2\n");
  /* the rules key and customisations belong to south (the last section) */
  write_file(f, "north.lua",
             "rule { id = 'voice.changed', ingredient = 'voice', title = 'Local version',\n"
             "  assess = function() return 10 end }\n"
             "rule { id = 'lead.local', ingredient = 'lead', title = 'Local addition',\n"
             "  assess = function() return 90 end }\n");
  write_pack(f, share_rules);
  assess_ok(f);
  assert_int_equal(f->diags.count, 0);
  const plan_authority *north = find_authority(f->plan, "north");
  const plan_authority *south = find_authority(f->plan, "south");
  /* north runs the pack as it is, with the shared [weights] */
  assert_float_equal(find_rule(f->plan, "north", "voice.changed")->score, 60.0, 1e-9);
  assert_float_equal(north->ingredients[1].weight, 2.0, 1e-9);
  assert_non_null(find_customisation(north, "weight", NULL));
  assert_null(find_customisation(north, "replaced_rule", NULL));
  /* south: its own version, its own rule, a disabled rule with the reason, its weight */
  assert_float_equal(find_rule(f->plan, "south", "voice.changed")->score, 10.0, 1e-9);
  assert_float_equal(find_rule(f->plan, "south", "lead.local")->score, 90.0, 1e-9);
  const plan_rule *disabled = find_rule(f->plan, "south", "lead.budget");
  assert_int_equal(disabled->status, PLAN_RULE_NOT_ASSESSED);
  assert_non_null(strstr(disabled->reason, "no budget line in a trust"));
  assert_float_equal(south->ingredients[0].weight, 4.0, 1e-9);
  assert_non_null(find_customisation(south, "replaced_rule", "voice.changed"));
  assert_non_null(find_customisation(south, "added_rule", "lead.local"));
  const plan_customisation *off = find_customisation(south, "disabled_rule", "lead.budget");
  assert_non_null(off);
  assert_string_equal(off->reason, "no budget line in a trust");
  /* south: voice 10 (weight 4), lead 90 (weight 2): (40 + 180) / 6 */
  assert_float_equal(south->score, 220.0 / 6.0, 1e-9);
}

static void test_customisation_mistakes_are_located(void **state) {
  fixture *f = *state;
  write_file(f, "people.csv", people_csv);
  write_config(f, "weight.nothing = 2\ndisable.no.such.rule = because\n");
  write_pack(f, share_rules);
  assert_int_equal(assess(f), -1);
  assert_int_equal(f->diags.count, 2);
  assert_int_equal(f->diags.items[0].line, 18);
  assert_non_null(strstr(f->diags.items[0].message, "'nothing' is not an ingredient"));
  assert_int_equal(f->diags.items[1].line, 19);
  assert_non_null(strstr(f->diags.items[1].message, "no rule 'no.such.rule'"));
}

/* A rule stuck inside one library call, where no instruction count reaches. */
static const char slow_rules[] =
    "rule { id = 'voice.slow', ingredient = 'voice', title = 'slow', assess = function(a)\n"
    "  local s = string.rep('a', 30000)\n"
    "  return s:find(string.rep('a-', 30) .. 'b') and 1 or 0\n"
    "end }\n"
    "rule { id = 'lead.fine', ingredient = 'lead', title = 'fine', needs = { 'people' },\n"
    "  assess = function(a) return 100 * a.data.people:share { changed = 'yes' } end }\n";

static void test_wall_clock_stops_a_rule_in_a_worker(void **state) {
  fixture *f = *state;
  write_file(f, "people.csv", people_csv);
  write_config(f, "\n[limits]\nseconds = 0.3\n");
  write_pack(f, slow_rules);
  assess_ok_with_jobs(f, 2);
  for (size_t a = 0; a < 2; a++) {
    const char *id = a ? "south" : "north";
    const plan_rule *slow = find_rule(f->plan, id, "voice.slow");
    assert_int_equal(slow->status, PLAN_RULE_ERROR);
    /* stopped once, for the first authority; not run again for the second */
    assert_non_null(strstr(slow->message, a ? "was stopped after exceeding the time limit of "
                                              "0.3 s for authority north"
                                            : "time limit of 0.3 s exceeded"));
    assert_non_null(strstr(slow->message, "rules/rules.lua:1:"));
    assert_int_equal(find_rule(f->plan, id, "lead.fine")->status, PLAN_RULE_ASSESSED);
  }
  assert_float_equal(find_rule(f->plan, "north", "lead.fine")->score, 60.0, 1e-9);
  assert_int_equal(f->plan->error_count, 2);
  assert_string_equal(f->plan->errors[0].authority, "north"); /* plan order, whoever ends first */
  assert_string_equal(f->plan->errors[1].authority, "south");
}

/* What a rule that brings its worker down calls: a crash the sandbox cannot
 * catch, as a fault in a library might be. SIGKILL, so that a sanitizer's own
 * handler cannot turn it into an exit. */
static int kill_worker(lua_State *L) {
  (void)L;
  raise(SIGKILL);
  return 0;
}

static const char crashing_rules[] =
    "rule { id = 'voice.crash', ingredient = 'voice', title = 'crash', assess = function(a)\n"
    "  if a.id == 'south' then kill_worker() end\n"
    "  return 40\n"
    "end }\n"
    "rule { id = 'lead.fine', ingredient = 'lead', title = 'fine', needs = { 'people' },\n"
    "  assess = function(a) return 100 * a.data.people:share { changed = 'yes' } end }\n";

static void test_a_crashed_worker_is_put_down_to_its_rule(void **state) {
  fixture *f = *state;
  write_file(f, "people.csv", people_csv);
  write_config(f, NULL);
  write_pack(f, crashing_rules);
  char config[256];
  snprintf(config, sizeof config, "%s/assessment.ini", f->dir);
  engine_options options = {.config_path = config, .layout = &f->layout, .jobs = 2};
  assert_int_equal(engine_open(&f->e, &options, &f->diags), 0);
  sandbox_register(&f->e.sb, "kill_worker", kill_worker);
  assert_int_equal(engine_assess(&f->e, &options, &f->plan, &f->diags), 0);
  const plan_rule *crashed = find_rule(f->plan, "south", "voice.crash");
  assert_int_equal(crashed->status, PLAN_RULE_ERROR);
  assert_non_null(strstr(crashed->message, "the rule stopped its worker process (signal 9)"));
  assert_non_null(strstr(crashed->message, "rules/rules.lua:1:"));
  /* the rest of the authority, and the other authority, are assessed as usual */
  assert_int_equal(find_rule(f->plan, "south", "lead.fine")->status, PLAN_RULE_ASSESSED);
  assert_float_equal(find_rule(f->plan, "south", "lead.fine")->score, 0.0, 1e-9);
  assert_int_equal(find_rule(f->plan, "north", "voice.crash")->status, PLAN_RULE_ASSESSED);
  assert_float_equal(find_rule(f->plan, "north", "lead.fine")->score, 60.0, 1e-9);
  assert_int_equal(f->plan->error_count, 1);
  assert_string_equal(f->plan->errors[0].authority, "south");
}

static void test_workers_give_the_same_plan(void **state) {
  fixture *f = *state;
  write_file(f, "people.csv", people_csv);
  write_config(f, NULL);
  write_pack(f, share_rules);
  char *plans[3];
  for (int jobs = 0; jobs <= 2; jobs++) {
    assess_ok_with_jobs(f, jobs);
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    assert_non_null(out);
    assert_int_equal(report_write(f->plan, REPORT_JSON, out), 0);
    fclose(out);
    plans[jobs] = text;
    plan_free(f->plan);
    f->plan = NULL;
    engine_close(&f->e);
  }
  assert_string_equal(plans[0], plans[1]);
  assert_string_equal(plans[1], plans[2]);
  for (int i = 0; i < 3; i++) free(plans[i]);
}

static void test_data_quality_checks(void **state) {
  fixture *f = *state;
  char many[1024] = "la,child,changed,age\n";
  for (int i = 0; i < 6; i++) strcat(many, "north,1,maybe,19\n");
  strcat(many, "south,2,maybe,19\nsouth,3,no,19\n");
  write_file(f, "people.csv", many);
  write_config(f, NULL);
  write_pack(f,
             "check { id = 'odd_changed', table = 'people', message = 'changed is not yes or no',\n"
             "  where = { changed = { not_in = { 'yes', 'no' } } } }\n"
             "rule { id = 'voice.x', ingredient = 'voice', title = 'x', assess = function() return 1 end }\n");
  assess_ok(f);
  const plan_authority *north = find_authority(f->plan, "north");
  assert_int_equal(north->data_quality_count, 1);
  assert_int_equal(north->data_quality[0].count, 6);
  assert_false(north->data_quality[0].suppressed);
  const plan_authority *south = find_authority(f->plan, "south");
  assert_int_equal(south->data_quality[0].count, 1);
  assert_true(south->data_quality[0].suppressed); /* a small count is never shown */
}

/* A where function's answer is compiled once for the authorities that give the
 * same one: each authority still counts by its own answer, those past the
 * answers kept too, and one that cannot be compiled is an error of that check
 * and authority alone. */
static void test_where_answers_are_kept_per_answer(void **state) {
  fixture *f = *state;
  /* the authorities in turn pick a, b, a, c, d, e (beyond the answers kept), b,
   * a column that is not there, and a or b */
  static const char *const picks[] = {"a", "b", "a", "c", "d", "e", "b", "nope", "ab"};
  static const long expected[] = {1, 2, 1, 3, 4, 5, 2, 0, 3};
  enum { AUTHORITIES = sizeof picks / sizeof *picks };
  char csv[4096] = "la,child,code\n", config[2048] = "";
  for (int a = 0; a < AUTHORITIES; a++) {
    for (int code = 0; code < 5; code++)
      for (int n = 0; n <= code; n++) /* a once, b twice ... e five times */
        snprintf(csv + strlen(csv), sizeof csv - strlen(csv), "p%d,%d%d%d,%c\n", a, a, code, n,
                 'a' + code);
    snprintf(config + strlen(config), sizeof config - strlen(config),
             "\n[authority p%d]\nstage = pilot\npick = %s\n", a, picks[a]);
  }
  write_file(f, "people.csv", csv);
  write_config(f, config);
  write_pack(f,
             "check { id = 'picked', table = 'people', message = 'code is the one picked',\n"
             "  where = function(a)\n"
             "    local pick = a.attr.pick\n"
             "    if pick == 'nope' then return { nope = 'a' } end\n"
             "    if pick == 'ab' then return { { code = 'a' }, { code = 'b' } } end\n"
             "    return { code = pick }\n"
             "  end }\n"
             "rule { id = 'voice.x', ingredient = 'voice', title = 'x', assess = function() return 1 end }\n");
  for (int jobs = 0; jobs <= 2; jobs += 2) {
    assess_ok_with_jobs(f, jobs);
    for (int a = 0; a < AUTHORITIES; a++) {
      char id[8];
      snprintf(id, sizeof id, "p%d", a);
      const plan_authority *authority = find_authority(f->plan, id);
      assert_int_equal(authority->data_quality_count, expected[a] ? 1 : 0);
      if (expected[a]) assert_int_equal(authority->data_quality[0].count, expected[a]);
    }
    assert_int_equal(f->plan->error_count, 1);
    assert_string_equal(f->plan->errors[0].authority, "p7");
    assert_string_equal(f->plan->errors[0].rule, "picked");
    assert_non_null(strstr(f->plan->errors[0].message, "nope"));
    plan_free(f->plan);
    f->plan = NULL;
    engine_close(&f->e);
  }
}

static void test_pack_and_config_problems_are_located(void **state) {
  fixture *f = *state;
  write_file(f, "people.csv", people_csv);
  write_config(f, "\n[weights]\nnot_an_ingredient = 2\n");
  write_pack(f,
             "rule { id = 'x.one', ingredient = 'nope', title = 'x', assess = function() return 1 end }\n"
             "rule { id = 'x.two', ingredient = 'voice', title = 'y', assess = function() end }\n"
             "rule { id = 'x.two', ingredient = 'voice', title = 'y', wieght = 2, assess = function() end }\n"
             "rule { id = 'x.three', ingredient = 'voice', title = 'z' }\n");
  assert_int_equal(assess(f), -1);
  const char *expected[][3] = {
      {"rules/rules.lua", "4", "needs 'assess'"},
      {"rules/rules.lua", "3", "unknown field 'wieght'"},
      {"rules/rules.lua", "3", "already used"},
      {"rules/rules.lua", "1", "'nope' is not an ingredient"},
      {"assessment.ini", "20", "not_an_ingredient"},
  };
  for (size_t i = 0; i < sizeof expected / sizeof *expected; i++) {
    int found = 0;
    for (size_t d = 0; d < f->diags.count && !found; d++) {
      const diag *g = &f->diags.items[d];
      found = strstr(g->message, expected[i][2]) && g->line == atol(expected[i][1]) &&
              (!expected[i][0] || (g->file && strstr(g->file, expected[i][0])));
    }
    if (!found) {
      print_diags(f);
      fail_msg("no diagnostic '%s' at line %s", expected[i][2], expected[i][1]);
    }
  }
}

static void test_stage_from_pilot_dates(void **state) {
  fixture *f = *state;
  write_file(f, "people.csv", people_csv);
  write_file(f, "assessment.ini",
             "[assessment]\nrules = rules\ndate = 2024-03-31\n"
             "[authority a]\npilot_end = 2023-06-30\n"
             "[authority b]\npilot_end = 2026-03-31\n"
             "[authority c]\npilot_start = 2018-01-01\npilot_end = 2020-01-01\n");
  write_pack(f, "rule { id = 'voice.stage', ingredient = 'voice', title = 's', assess = function(a)\n"
                "  a:evidence('stage', a.stage) return 1 end }\n");
  assess_ok(f);
  assert_string_equal(find_authority(f->plan, "a")->stage, "transition");
  assert_string_equal(find_authority(f->plan, "b")->stage, "pilot");
  assert_string_equal(find_authority(f->plan, "c")->stage, "sustained");
}

static void test_unknown_stage_is_an_error(void **state) {
  fixture *f = *state;
  write_file(f, "people.csv", people_csv);
  write_file(f, "assessment.ini", "[assessment]\nrules = rules\n[authority a]\nstage = someday\n");
  write_pack(f, "rule { id = 'voice.x', ingredient = 'voice', title = 'x', assess = function() return 1 end }\n");
  assert_int_equal(assess(f), -1);
  assert_int_equal(f->diags.count, 1);
  assert_int_equal(f->diags.items[0].line, 4);
  assert_non_null(strstr(f->diags.items[0].message, "'someday' is not a stage"));
}

static void test_a_malformed_csv_is_located(void **state) {
  fixture *f = *state;
  write_file(f, "people.csv", "la,child,changed,age\nnorth,1,\"yes,19\n");
  write_config(f, NULL);
  write_pack(f, share_rules);
  assert_int_equal(assess(f), -1);
  assert_true(f->diags.count >= 1);
  assert_non_null(strstr(f->diags.items[0].file, "people.csv"));
  assert_int_equal(f->diags.items[0].line, 2);
  assert_int_equal(f->diags.items[0].column, 9);
}


/* The same question asked twice of the same rows is answered from memory; the
 * same filter over another selection, or another authority, is not. */
static const char repeated_rules[] =
    "rule { id = 'voice.repeated', ingredient = 'voice', title = 'Questions asked twice',\n"
    "  needs = { 'people' },\n"
    "  assess = function(a)\n"
    "    local v = a.data.people\n"
    "    local yes, no = v:where { changed = 'yes' }, v:where { changed = 'no' }\n"
    "    a:evidence('yes aged 19', yes:count { age = 19 })\n"
    "    a:evidence('no aged 19', no:count { age = 19 })\n"
    "    a:evidence('yes aged 19 again', v:where { changed = 'yes' }:count { age = 19 })\n"
    "    a:evidence('aged 19', v:count { age = 19 })\n"
    "    a:evidence('aged 19 again', v:count { age = 19 })\n"
    "    a:evidence('yes aged 19 narrowed', #yes:where { age = 19 })\n"
    "    return 50\n"
    "  end }\n";

static void test_repeated_questions_get_the_same_answers(void **state) {
  fixture *f = *state;
  write_file(f, "people.csv", people_csv);
  write_config(f, NULL);
  write_pack(f, repeated_rules);
  for (int jobs = 0; jobs <= 1; jobs++) {
    plan_free(f->plan);
    f->plan = NULL;
    engine_close(&f->e);
    assess_ok_with_jobs(f, jobs);
    assert_int_equal(f->diags.count, 0);
    /* north: yes at 19, 20, 19; no at 21 and blank. south: no at 19 and 18 */
    const double north[] = {2, 0, 2, 2, 2, 2}, south[] = {0, 1, 0, 1, 1, 0};
    const plan_rule *n = find_rule(f->plan, "north", "voice.repeated");
    const plan_rule *s = find_rule(f->plan, "south", "voice.repeated");
    assert_int_equal(n->evidence_count, 6);
    assert_int_equal(s->evidence_count, 6);
    for (size_t i = 0; i < 6; i++) {
      assert_float_equal(n->evidence[i].number, north[i], 0);
      assert_float_equal(s->evidence[i].number, south[i], 0);
    }
  }
}

static const plan_rule *find_context(const plan *p, const char *authority, const char *id) {
  const plan_authority *a = find_authority(p, authority);
  for (size_t i = 0; i < a->context_count; i++)
    if (strcmp(a->context[i].id, id) == 0) return &a->context[i];
  fail_msg("no context %s for %s", id, authority);
  return NULL;
}

static const plan_action *find_action(const plan_authority *a, const char *id) {
  for (size_t i = 0; i < a->action_count; i++)
    if (strcmp(a->actions[i].id, id) == 0) return &a->actions[i];
  fail_msg("no action %s for %s", id, a->id);
  return NULL;
}

static const char context_rules[] =
    "rule { id = 'voice.base', ingredient = 'voice', title = 'base', assess = function() return 40 end }\n"
    "rule { id = 'lead.base', ingredient = 'lead', title = 'base', assess = function() return 80 end }\n"
    "context { id = 'outcome.share', title = 'How many changed', needs = { 'people' },\n"
    "  actions_under = 'voice',\n"
    "  assess = function(a)\n"
    "    local s, n = a.data.people:share { changed = 'yes' }\n"
    "    a:evidence('Share changed', s, n)\n"
    "    a:action { id = 'outcome.act', title = 'Act on it', owner = 'lead', effort = 'low',\n"
    "      impact = 10, why = 'the share is low' }\n"
    "  end }\n"
    "context { id = 'outcome.reason', title = 'Not shown', assess = function(a)\n"
    "  a:evidence('kept', 1) return nil, 'no survey yet' end }\n"
    "context { id = 'outcome.number', title = 'Returns a score', assess = function() return 50 end }\n"
    "context { id = 'outcome.raises', title = 'Raises',\n"
    "  assess = function(a) a:evidence('dropped', 1) error('broken context') end }\n"
    "context { id = 'outcome.no_rank', title = 'Acts without an ingredient', assess = function(a)\n"
    "  a:action { id = 'x', title = 't', owner = 'o', effort = 'low', impact = 5, why = 'w' } end }\n"
    "context { id = 'outcome.table', title = 'Needs a table', needs = { 'surveys' },\n"
    "  assess = function() end }\n";

/* Context items run like rules, in the same sandbox and with the same failure handling,
 * but never count towards a score; their actions rank under the ingredient they name. */
static void test_context_items_are_shown_not_scored(void **state) {
  fixture *f = *state;
  write_file(f, "people.csv", people_csv);
  write_config(f, NULL);
  write_pack(f, context_rules);
  for (int jobs = 0; jobs <= 1; jobs++) { /* the same through a worker's wire */
    plan_free(f->plan);
    f->plan = NULL;
    engine_close(&f->e);
    if (assess_with_jobs(f, jobs) != 0) print_diags(f);
    const plan_authority *north = find_authority(f->plan, "north");
    /* the scores are the rules' alone: transition weighs lead 3, voice 1 */
    assert_float_equal(north->ingredients[0].score, 40.0, 1e-9);
    assert_float_equal(north->score, (40.0 + 3 * 80.0) / 4, 1e-9);
    assert_int_equal(north->ingredients[0].rule_count, 1);
    assert_int_equal(north->context_count, 6);
    const plan_rule *shown = find_context(f->plan, "north", "outcome.share");
    assert_int_equal(shown->status, PLAN_RULE_ASSESSED);
    assert_true(isnan(shown->score));
    assert_float_equal(shown->evidence[0].number, 0.6, 1e-9);
    /* south has two people: suppressed as in any rule */
    assert_int_equal(find_context(f->plan, "south", "outcome.share")->evidence[0].kind,
                     PLAN_VALUE_SUPPRESSED);
    const plan_rule *reason = find_context(f->plan, "north", "outcome.reason");
    assert_int_equal(reason->status, PLAN_RULE_NOT_ASSESSED);
    assert_int_equal(reason->reason_kind, PLAN_REASON_RULE);
    assert_string_equal(reason->reason, "no survey yet");
    assert_int_equal(reason->evidence_count, 1);
    const plan_rule *number = find_context(f->plan, "north", "outcome.number");
    assert_int_equal(number->status, PLAN_RULE_ERROR);
    assert_non_null(strstr(number->message, "returns nothing"));
    const plan_rule *raises = find_context(f->plan, "north", "outcome.raises");
    assert_int_equal(raises->status, PLAN_RULE_ERROR); /* failed, never dropped */
    assert_non_null(strstr(raises->message, "broken context"));
    assert_int_equal(raises->evidence_count, 0);
    assert_non_null(strstr(find_context(f->plan, "north", "outcome.no_rank")->message,
                           "actions_under"));
    const plan_rule *table = find_context(f->plan, "north", "outcome.table");
    assert_int_equal(table->reason_kind, PLAN_REASON_NO_SOURCE);
    assert_string_equal(table->reason_detail, "surveys");
    /* three context items failed for each authority, and the plan's errors say so */
    assert_int_equal(f->plan->error_count, 6);
    /* the action ranks as a voice action: voice weighs 1, weakness 1.6, urgency 1 */
    const plan_action *act = find_action(north, "outcome.act");
    assert_string_equal(act->ingredient, "voice");
    assert_float_equal(act->priority, 10 * 1 * 1.6, 1e-9);
    assert_string_equal(act->found_by[0], "outcome.share");
    assert_int_equal(north->action_count, 1);
  }
}

static void test_context_declarations_are_checked(void **state) {
  fixture *f = *state;
  write_file(f, "people.csv", people_csv);
  write_config(f, "rules = south.lua\n");
  write_file(f, "south.lua",
             "rule { id = 'outcome.a', ingredient = 'voice', title = 'a', assess = function() return 1 end }\n");
  write_pack(f,
             "context { id = 'outcome.a', title = 'a', weight = 0, assess = function() end }\n"
             "context { id = 'outcome.b', title = 'b', actions_under = 'nope', assess = function() end }\n"
             "rule { id = 'outcome.b', ingredient = 'voice', title = 'b', assess = function() return 1 end }\n"
             "context { id = 'outcome.c', title = 'c', assess = function() end }\n");
  assert_int_equal(assess(f), -1);
  const char *expected[][2] = {
      {"1", "unknown field 'weight'"},
      {"3", "already used"},
      {"2", "'nope' is not an ingredient"},
  };
  for (size_t i = 0; i < sizeof expected / sizeof *expected; i++) {
    int found = 0;
    for (size_t d = 0; d < f->diags.count && !found; d++)
      found = strstr(f->diags.items[d].message, expected[i][1]) &&
              f->diags.items[d].line == atol(expected[i][0]);
    if (!found) {
      print_diags(f);
      fail_msg("no diagnostic '%s' at line %s", expected[i][1], expected[i][0]);
    }
  }
}

/* An authority's rule cannot stand in for a context item of the pack, or the reverse. */
static void test_a_rule_cannot_replace_a_context_item(void **state) {
  fixture *f = *state;
  write_file(f, "people.csv", people_csv);
  write_config(f, "rules = south.lua\n");
  write_file(f, "south.lua",
             "rule { id = 'outcome.a', ingredient = 'voice', title = 'a', assess = function() return 1 end }\n");
  write_pack(f, "context { id = 'outcome.a', title = 'a', assess = function() end }\n");
  assert_int_equal(assess(f), -1);
  int found = 0;
  for (size_t d = 0; d < f->diags.count && !found; d++)
    found = strstr(f->diags.items[d].message, "cannot replace the pack's context item") != NULL;
  if (!found) print_diags(f);
  assert_true(found);
}

/* Each rule that is not assessed carries the kind of its reason, and rule coverage counts
 * what was missed. */
static void test_not_assessed_rules_say_why(void **state) {
  fixture *f = *state;
  write_file(f, "people.csv", people_csv);
  write_file(f, "events.csv", "la,what\nnorth,launch\n");
  write_config(f, "disable.voice.off = switched off here\n");
  /* south: pilot (voice 2, lead 1) */
  char text[1024];
  snprintf(text, sizeof text, "%s",
           "[source events]\nplugin = csv\npath = events.csv\nauthority_column = la\n");
  FILE *ini = NULL;
  char path[256];
  snprintf(path, sizeof path, "%s/assessment.ini", f->dir);
  ini = fopen(path, "a");
  assert_non_null(ini);
  fputs(text, ini);
  fclose(ini);
  write_pack(f,
             "rule { id = 'voice.ok', ingredient = 'voice', title = 'ok', assess = function() return 50 end }\n"
             "rule { id = 'voice.off', ingredient = 'voice', title = 'off', assess = function() return 1 end }\n"
             "rule { id = 'voice.source', ingredient = 'voice', title = 'source', needs = { 'surveys' },\n"
             "  assess = function() return 1 end }\n"
             "rule { id = 'voice.rows', ingredient = 'voice', title = 'rows', needs = { 'events' },\n"
             "  assess = function() return 1 end }\n"
             "rule { id = 'lead.ok', ingredient = 'lead', title = 'ok', assess = function() return 50 end }\n"
             "rule { id = 'lead.own', ingredient = 'lead', title = 'own', assess = function() return nil, 'no data' end }\n"
             "rule { id = 'lead.later', ingredient = 'lead', title = 'later', stages = { 'sustained' },\n"
             "  assess = function() return 1 end }\n");
  if (assess(f) != 0) print_diags(f);
  assert_int_equal(f->diags.count, 0);
  const struct {
    const char *rule;
    plan_reason_kind kind;
    const char *detail;
  } expected[] = {{"voice.off", PLAN_REASON_DISABLED, "switched off here"},
                  {"voice.source", PLAN_REASON_NO_SOURCE, "surveys"},
                  {"voice.rows", PLAN_REASON_NO_ROWS, "events"},
                  {"lead.own", PLAN_REASON_RULE, NULL},
                  {"lead.later", PLAN_REASON_STAGE, NULL}};
  for (size_t i = 0; i < sizeof expected / sizeof *expected; i++) {
    const plan_rule *r = find_rule(f->plan, "south", expected[i].rule);
    assert_int_equal(r->status, PLAN_RULE_NOT_ASSESSED);
    assert_int_equal(r->reason_kind, expected[i].kind);
    if (expected[i].detail) assert_string_equal(r->reason_detail, expected[i].detail);
    else assert_null(r->reason_detail);
  }
  const plan_authority *south = find_authority(f->plan, "south");
  /* both ingredients scored; voice 1 of 4 rules, lead 1 of 2 (the later one is not
   * planned at the pilot stage): (2 x 1/4 + 1 x 1/2) / 3 */
  assert_float_equal(south->coverage, 1.0, 1e-9);
  assert_float_equal(south->rule_coverage, 1.0 / 3.0, 1e-9);
  assert_int_equal(find_rule(f->plan, "north", "voice.rows")->status, PLAN_RULE_ASSESSED);
}

/* Rules that find one gap make one action; an action that keeps the service alive ranks
 * above everything, whatever its priority. */
static void test_gaps_and_survival(void **state) {
  fixture *f = *state;
  write_file(f, "people.csv", people_csv);
  write_config(f, NULL);
  write_pack(f,
             "rule { id = 'voice.one', ingredient = 'voice', title = 'First finder', assess = function(a)\n"
             "  a:action { id = 'voice.fix', gap = 'voice.gap', title = 'Fix it', owner = 'o',\n"
             "    effort = 'low', impact = 20, why = 'Seen once.' } return 10 end }\n"
             "rule { id = 'voice.two', ingredient = 'voice', title = 'Second finder', assess = function(a)\n"
             "  a:action { id = 'voice.fix_too', gap = 'voice.gap', title = 'Fix it as well', owner = 'o',\n"
             "    effort = 'low', impact = 5, why = 'Seen twice.' } return 10 end }\n"
             "rule { id = 'lead.money', ingredient = 'lead', title = 'Money', assess = function(a)\n"
             "  a:action { id = 'lead.fund', title = 'Secure the money', owner = 'o', effort = 'high',\n"
             "    impact = 1, why = 'It ends.', survival = a.stage == 'transition' } return 90 end }\n"
             "rule { id = 'lead.bad', ingredient = 'lead', title = 'Bad', assess = function(a)\n"
             "  a:action { id = 'lead.x', gap = 'Not A Key', title = 't', owner = 'o', effort = 'low',\n"
             "    impact = 1, why = 'w' } return 1 end }\n"
             "rule { id = 'lead.worse', ingredient = 'lead', title = 'Worse', assess = function(a)\n"
             "  a:action { id = 'lead.y', survival = 'yes', title = 't', owner = 'o', effort = 'low',\n"
             "    impact = 1, why = 'w' } return 1 end }\n");
  if (assess(f) != 0) print_diags(f);
  const plan_authority *north = find_authority(f->plan, "north");
  assert_int_equal(north->action_count, 2);
  assert_string_equal(north->actions[0].id, "lead.fund"); /* transition: survival */
  assert_true(north->actions[0].survival && north->actions[0].first);
  const plan_action *fix = &north->actions[1];
  assert_string_equal(fix->id, "voice.fix");
  assert_string_equal(fix->why, "Seen once. Seen twice.");
  assert_int_equal(fix->found_by_count, 2);
  assert_string_equal(fix->found_by[1], "voice.two");
  const plan_authority *south = find_authority(f->plan, "south");
  assert_string_equal(south->actions[0].id, "voice.fix"); /* pilot: no survival */
  assert_false(find_action(south, "lead.fund")->survival);
  assert_non_null(strstr(find_rule(f->plan, "north", "lead.bad")->message, "gap 'Not A Key'"));
  assert_non_null(strstr(find_rule(f->plan, "north", "lead.worse")->message, "survival is true or false"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_scores_come_from_the_data, setup, teardown),
      cmocka_unit_test_setup_teardown(test_small_counts_cannot_be_backed_out, setup, teardown),
      cmocka_unit_test_setup_teardown(test_shares_are_said_by_the_rule, setup, teardown),
      cmocka_unit_test_setup_teardown(test_a_failing_rule_is_isolated, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bad_results_are_errors, setup, teardown),
      cmocka_unit_test_setup_teardown(test_second_pass_reads_scores, setup, teardown),
      cmocka_unit_test_setup_teardown(test_missing_table_and_stage_rules, setup, teardown),
      cmocka_unit_test_setup_teardown(test_date_columns, setup, teardown),
      cmocka_unit_test_setup_teardown(test_data_quality_checks, setup, teardown),
      cmocka_unit_test_setup_teardown(test_wall_clock_stops_a_rule_in_a_worker, setup, teardown),
      cmocka_unit_test_setup_teardown(test_workers_give_the_same_plan, setup, teardown),
      cmocka_unit_test_setup_teardown(test_a_crashed_worker_is_put_down_to_its_rule, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_each_authority_customises_its_assessment, setup, teardown),
      cmocka_unit_test_setup_teardown(test_customisation_mistakes_are_located, setup, teardown),
      cmocka_unit_test_setup_teardown(test_pack_and_config_problems_are_located, setup, teardown),
      cmocka_unit_test_setup_teardown(test_stage_from_pilot_dates, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unknown_stage_is_an_error, setup, teardown),
      cmocka_unit_test_setup_teardown(test_a_malformed_csv_is_located, setup, teardown),
      cmocka_unit_test_setup_teardown(test_repeated_questions_get_the_same_answers, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_context_items_are_shown_not_scored, setup, teardown),
      cmocka_unit_test_setup_teardown(test_context_declarations_are_checked, setup, teardown),
      cmocka_unit_test_setup_teardown(test_a_rule_cannot_replace_a_context_item, setup, teardown),
      cmocka_unit_test_setup_teardown(test_not_assessed_rules_say_why, setup, teardown),
      cmocka_unit_test_setup_teardown(test_gaps_and_survival, setup, teardown),
      cmocka_unit_test_setup_teardown(test_where_answers_are_kept_per_answer, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
