/* runner.c: one authority through the rule pack; see runner.h. */
#include "runner.h"

#include <lauxlib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "column_hint.h"
#include "lua_benchmark.h"
#include "lua_view.h"
#include "number.h"
#include "scoring.h"

/* What the rule API functions reach during one rule call. */
struct rule_call {
  plan *plan;
  plan_rule *result;
  size_t evidence_capacity;
  size_t benchmark_capacity;
  const rule_definition *rule;
  const rule_model *model;
  const double *pass1_scores; /* NULL during pass 1 */
  int suppress_below;
  const runner_limits *limits;
  double *counted; /* per evidence item: its number of people when it is a count of them
                      (value equal to its people), else NAN; for suppress_differences */
  plan_action *actions; /* the authority's proposed actions so far */
  size_t action_count, action_capacity;
  size_t rule_actions; /* added by this call */
};

static struct rule_call *current_call(lua_State *L) {
  struct rule_call *call = ((rule_host *)sandbox_from(L)->host)->call;
  if (!call) luaL_error(L, "the authority object can only be used while its rule runs");
  return call;
}

static const char *plan_copy(lua_State *L, struct rule_call *call, int index) {
  size_t length;
  const char *text = lua_tolstring(L, index, &length);
  char *copy = arena_strndup(call->plan->arena, text, length);
  if (!copy) luaL_error(L, "out of memory");
  return copy;
}

/* ** {======================================================================
** Disclosure control: which figures are shown as "c"
** ======================================================================= */

/* A count that could identify people: one to a few. None cannot (DfE publishes zeros). */
static int is_small(double count, int threshold) { return count >= 1 && count < threshold; }

/* Whether a number about `people` people would let a reader find out a small count:
 * too few people; or a share (0 to 1) whose count of people, round(value x people), or
 * whose complement, people minus that count, is small ("6 care leavers, 0.1667" is one
 * person). Any other number (a mean, a count, a rate above 1) is judged on people alone:
 * a whole-number mean cannot be told from a count, so a count must be its own people. */
static int is_disclosive(double value, double people, int threshold) {
  if (is_small(people, threshold)) return 1;
  if (!(people >= threshold) || value < 0 || value > 1) return 0;
  double count = round(value * people);
  return is_small(count, threshold) || is_small(people - count, threshold);
}

/* DfE's secondary suppression, within one rule's evidence: of two counts of people shown
 * (each its own number of people) whose difference is small, the smaller is suppressed
 * too, until no such pair is left ("23 care leavers" and "20 in touch" are 3 not in
 * touch). The engine cannot see other relations between figures (a total and its parts
 * in shares, figures in different rules); rules must not show those (docs/rules.md). */
static void suppress_differences(plan_rule *result, double *counted, int threshold) {
  int changed = 1;
  while (changed) {
    changed = 0;
    for (size_t i = 0; i < result->evidence_count; i++) {
      for (size_t j = 0; j < result->evidence_count && !isnan(counted[i]); j++) {
        if (j == i || isnan(counted[j]) || !is_small(fabs(counted[i] - counted[j]), threshold))
          continue;
        size_t smaller = counted[i] < counted[j] ? i : j;
        result->evidence[smaller].kind = PLAN_VALUE_SUPPRESSED;
        counted[smaller] = NAN;
        changed = 1;
      }
    }
  }
}

/* }====================================================================== */

/* ** {======================================================================
** a:evidence, a:benchmark, a:action, a:score
** ======================================================================= */

/* The evidence option `plain` (in the options table at index 4): the figure
 * as a sentence for young people, holding "{value}" once where the figure goes; the young
 * people's version of the plan shows it (report_young.h). */
static void evidence_plain(lua_State *L, struct rule_call *call, plan_evidence *item) {
  int type = lua_getfield(L, 4, "plain");
  if (type == LUA_TNIL) {
    lua_pop(L, 1); /* remove plain */
    return;
  }
  if (type != LUA_TSTRING || lua_rawlen(L, -1) == 0 ||
      lua_rawlen(L, -1) > (size_t)call->limits->label_bytes)
    luaL_error(L, "a:evidence('%s'): plain must be text of 1 to %d bytes ([limits] label_bytes)",
               item->label, (int)call->limits->label_bytes);
  const char *at = strstr(lua_tostring(L, -1), PLAN_PLAIN_VALUE);
  if (!at || strstr(at + 1, PLAN_PLAIN_VALUE))
    luaL_error(L, "a:evidence('%s'): plain must hold " PLAN_PLAIN_VALUE " once, where the "
                  "figure goes (\"" PLAN_PLAIN_VALUE " of you who answered feel safe\")",
               item->label);
  item->plain = plan_copy(L, call, -1);
  lua_pop(L, 1); /* remove plain */
}

/* a:evidence(label, value [, n or {n = people, share = true}]): a figure behind the
 * score. When a small count of people could be found from it (is_disclosive) it is
 * shown as "c". `share = true` says the value is a share from 0 to 1, which the
 * reports show as a percentage. */
static int api_evidence(lua_State *L) {
  struct rule_call *call = current_call(L);
  size_t length;
  luaL_checklstring(L, 2, &length);
  if (length == 0 || length > (size_t)call->limits->label_bytes)
    return luaL_error(L, "a:evidence: the label must be 1 to %d bytes ([limits] label_bytes)",
                      (int)call->limits->label_bytes);
  plan_evidence item = {.label = plan_copy(L, call, 2)};
  switch (lua_type(L, 3)) {
  case LUA_TNUMBER:
    item.kind = PLAN_VALUE_NUMBER;
    item.number = lua_tonumber(L, 3);
    if (!isfinite(item.number))
      return luaL_error(L, "a:evidence('%s'): the value is not a finite number", item.label);
    break;
  case LUA_TSTRING:
    if (lua_rawlen(L, 3) > (size_t)call->limits->label_bytes)
      return luaL_error(L, "a:evidence('%s'): text values are at most %d characters", item.label,
                        (int)call->limits->label_bytes);
    item.kind = PLAN_VALUE_TEXT;
    item.text = plan_copy(L, call, 3);
    break;
  case LUA_TBOOLEAN:
    item.kind = PLAN_VALUE_BOOLEAN;
    item.boolean = lua_toboolean(L, 3);
    break;
  default:
    return luaL_error(L, "a:evidence('%s'): the value is %s; give a number, text or boolean "
                         "(an aggregate of no rows is nil: check for it first)",
                      item.label, luaL_typename(L, 3));
  }
  double people = NAN;
  if (lua_type(L, 4) == LUA_TNUMBER) people = lua_tonumber(L, 4);
  else if (lua_type(L, 4) == LUA_TTABLE) {
    if (lua_getfield(L, 4, "n") == LUA_TNUMBER) people = lua_tonumber(L, -1);
    lua_pop(L, 1); /* remove n */
    int share_type = lua_getfield(L, 4, "share");
    item.share = lua_toboolean(L, -1);
    lua_pop(L, 1); /* remove share */
    if (share_type != LUA_TNIL && share_type != LUA_TBOOLEAN)
      return luaL_error(L, "a:evidence('%s'): share is true or false", item.label);
    evidence_plain(L, call, &item);
    if (item.share && (item.kind != PLAN_VALUE_NUMBER || item.number < 0 || item.number > 1))
      return luaL_error(L, "a:evidence('%s'): a share is a number from 0 to 1 (0.25 for a "
                           "quarter)", item.label);
  } else if (!lua_isnoneornil(L, 4))
    return luaL_error(L, "a:evidence('%s'): the third argument is the number of people behind "
                         "the value (a number or {n = ..., share = ...})", item.label);
  double counted = NAN; /* a count of people shown as it is, for suppress_differences */
  if (!isnan(people)) {
    if (item.kind == PLAN_VALUE_NUMBER
            ? is_disclosive(item.number, people, call->suppress_below)
            : is_small(people, call->suppress_below))
      item.kind = PLAN_VALUE_SUPPRESSED;
    else if (item.kind == PLAN_VALUE_NUMBER && item.number == people && people >= 1)
      counted = people;
  }
  plan_rule *result = call->result;
  if (result->evidence_count >= (size_t)call->limits->evidence_items)
    return luaL_error(L, "a:evidence: a rule may record at most %d items ([limits] "
                         "evidence_items)",
                      (int)call->limits->evidence_items);
  if (result->evidence_count == call->evidence_capacity) {
    size_t capacity = call->evidence_capacity ? call->evidence_capacity * 2 : 4;
    plan_evidence *grown = arena_grow(call->plan->arena, result->evidence, result->evidence_count,
                                      capacity, sizeof *grown);
    double *grown_counted = arena_grow(call->plan->arena, call->counted,
                                       result->evidence_count, capacity, sizeof *grown_counted);
    if (!grown || !grown_counted) return luaL_error(L, "out of memory");
    result->evidence = grown;
    call->counted = grown_counted;
    call->evidence_capacity = capacity;
  }
  call->counted[result->evidence_count] = counted;
  result->evidence[result->evidence_count++] = item;
  return 0;
}

/* A rule may hand over this many benchmarks: each is a chart and a table in the
 * report, and DfE publishes a handful of outcomes per age group. */
#define RUNNER_MAX_BENCHMARKS 20

/* a:benchmark{...}: an outcome set beside published figures (plan_benchmark.h, fields
 * read by lua_benchmark.c). The authority's own figure is suppressed like evidence when
 * its people (`n`) are few; its rank and quartile are worked out here, once. */
static int api_benchmark(lua_State *L) {
  struct rule_call *call = current_call(L);
  if (!call->rule->context)
    return luaL_error(L, "a:benchmark: only a context item can hand over a benchmark (it is "
                         "shown beside the scores, never part of them); '%s' is a scored rule",
                      call->rule->id);
  plan_benchmark b;
  double people;
  int decimals;
  lua_benchmark_read(L, 2, call->plan->arena, call->limits->label_bytes, &b, &people, &decimals);
  plan_rule *result = call->result;
  for (size_t i = 0; i < result->benchmark_count; i++)
    if (strcmp(result->benchmarks[i].id, b.id) == 0)
      return luaL_error(L, "a:benchmark: id '%s' is already used by this rule", b.id);
  if (result->benchmark_count >= RUNNER_MAX_BENCHMARKS)
    return luaL_error(L, "a:benchmark: a rule may hand over at most %d benchmarks",
                      RUNNER_MAX_BENCHMARKS);
  if (!isnan(people) && !isnan(b.authority.value) &&
      is_disclosive(b.authority.value / 100, people, call->suppress_below)) {
    b.authority.suppressed = 1;
    b.authority.value = NAN; /* never kept: a writer cannot show what is not there */
  }
  if (decimals >= 0 && !isnan(b.authority.value)) {
    /* shown and ranked as the figures beside it are published (DfE: whole percentages),
     * once suppression has judged the exact figure: 59.9 beside a published 60 is 60 */
    double scale = pow(10, decimals);
    b.authority.value = round(b.authority.value * scale) / scale;
  }
  plan_benchmark_rank(&b);
  if (result->benchmark_count == call->benchmark_capacity) {
    size_t capacity = call->benchmark_capacity ? call->benchmark_capacity * 2 : 4;
    plan_benchmark *grown = arena_grow(call->plan->arena, result->benchmarks,
                                       result->benchmark_count, capacity, sizeof *grown);
    if (!grown) return luaL_error(L, "out of memory");
    result->benchmarks = grown;
    call->benchmark_capacity = capacity;
  }
  result->benchmarks[result->benchmark_count++] = b;
  return 0;
}

static const char *action_text(lua_State *L, struct rule_call *call, const char *key,
                               size_t max) {
  if (lua_getfield(L, 2, key) != LUA_TSTRING || lua_rawlen(L, -1) == 0)
    luaL_error(L, "a:action: '%s' must be non-empty text", key);
  if (lua_rawlen(L, -1) > max)
    luaL_error(L, "a:action: '%s' is longer than %d bytes ([limits] %s)", key, (int)max,
               strcmp(key, "why") == 0 ? "text_bytes" : "label_bytes");
  const char *text = plan_copy(L, call, -1);
  lua_pop(L, 1); /* remove field */
  return text;
}

/* Checks that an action's id or gap holds only a-z, 0-9, '_', '.' and '-'. */
static void check_key(lua_State *L, const char *key, const char *value) {
  for (const char *c = value; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '.' ||
          *c == '-'))
      luaL_error(L, "a:action: %s '%s' may hold only a-z, 0-9, '_', '.' and '-'", key, value);
}

/* Raises for a field of the action table (at index 2) that a:action does not know. */
static void reject_unknown_action_fields(lua_State *L) {
  static const char *const known[] = {"id",  "title", "owner",    "effort", "impact",
                                      "why", "gap",   "survival", "plain"};
  lua_pushnil(L);
  while (lua_next(L, 2)) { /* key, value */
    const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
    int ok = 0;
    for (size_t i = 0; key && !ok && i < sizeof known / sizeof *known; i++)
      ok = strcmp(known[i], key) == 0;
    int near = key && !ok ? column_hint_nearest_name(key, known, sizeof known / sizeof *known)
                          : -1;
    if (!ok)
      luaL_error(L, "a:action: unknown field '%s'%s%s%s (fields: id, title, owner, effort, "
                    "impact, why, gap, survival, plain)",
                 key ? key : "?", near >= 0 ? "; did you mean '" : "",
                 near >= 0 ? known[near] : "", near >= 0 ? "'?" : "");
    lua_pop(L, 1); /* remove value */
  }
}

/* The optional gap (default: the action's id) and survival flag. */
static void action_gap_and_survival(lua_State *L, struct rule_call *call, plan_action *action) {
  int type = lua_getfield(L, 2, "gap");
  lua_pop(L, 1); /* remove gap */
  action->gap = type == LUA_TNIL
                    ? action->id
                    : action_text(L, call, "gap", (size_t)call->limits->label_bytes);
  check_key(L, "gap", action->gap);
  type = lua_getfield(L, 2, "survival");
  if (type != LUA_TNIL && type != LUA_TBOOLEAN)
    luaL_error(L, "a:action: survival is true or false (true: the action decides whether the "
                  "service exists at all)");
  action->survival = lua_toboolean(L, -1);
  lua_pop(L, 1); /* remove survival */
}

/* a:action{id, title, owner, effort, impact, why [, gap, survival, plain]}: propose an
 * action. */
static int api_action(lua_State *L) {
  struct rule_call *call = current_call(L);
  luaL_checktype(L, 2, LUA_TTABLE);
  reject_unknown_action_fields(L);
  if (!call->rule->ingredient)
    return luaL_error(L, "a:action: context '%s' names no ingredient for its actions to rank "
                         "under: add actions_under = \"INGREDIENT\" to its declaration",
                      call->rule->id);
  plan_action action = {0};
  action.id = action_text(L, call, "id", (size_t)call->limits->label_bytes);
  check_key(L, "id", action.id);
  action.title = action_text(L, call, "title", (size_t)call->limits->label_bytes);
  action.owner = action_text(L, call, "owner", (size_t)call->limits->label_bytes);
  action.effort = action_text(L, call, "effort", (size_t)call->limits->label_bytes);
  if (rules_effort_cost(call->model, action.effort) <= 0)
    return luaL_error(L, "a:action: effort must be \"low\", \"medium\" or \"high\", not '%s'",
                      action.effort);
  action.why = action_text(L, call, "why", (size_t)call->limits->text_bytes);
  if (lua_getfield(L, 2, "impact") != LUA_TNUMBER || !(lua_tonumber(L, -1) > 0) ||
      !(lua_tonumber(L, -1) <= 100))
    return luaL_error(L, "a:action: impact must be a number of score points above 0 and at "
                         "most 100");
  action.impact = lua_tonumber(L, -1);
  lua_pop(L, 1); /* remove impact */
  action_gap_and_survival(L, call, &action);
  int has_plain = lua_getfield(L, 2, "plain") != LUA_TNIL; /* the title for young people */
  lua_pop(L, 1); /* remove plain */
  if (has_plain) action.plain = action_text(L, call, "plain", (size_t)call->limits->label_bytes);
  action.ingredient = call->rule->ingredient;
  action.rule = call->rule->id;
  if (call->rule_actions >= (size_t)call->limits->actions)
    return luaL_error(L, "a:action: a rule may propose at most %d actions ([limits] actions)",
                      (int)call->limits->actions);
  if (call->action_count == call->action_capacity) {
    size_t capacity = call->action_capacity ? call->action_capacity * 2 : 8;
    plan_action *grown = arena_grow(call->plan->arena, call->actions, call->action_count,
                                    capacity, sizeof *grown);
    if (!grown) return luaL_error(L, "out of memory");
    call->actions = grown;
    call->action_capacity = capacity;
  }
  call->actions[call->action_count++] = action;
  call->rule_actions++;
  return 0;
}

/* a:score(ingredient): the ingredient's score from pass 1, or nil when it could
 * not be assessed. Only pass-2 rules may ask. */
static int api_score(lua_State *L) {
  struct rule_call *call = current_call(L);
  const char *id = luaL_checkstring(L, 2);
  if (!call->pass1_scores)
    return luaL_error(L, "a:score() reads other ingredients' scores, so it works only in rules "
                         "with pass = 2 (rule '%s' is in pass 1)",
                      call->rule->id);
  int index = rules_ingredient_index(call->model, id);
  if (index < 0) return luaL_error(L, "a:score('%s'): not an ingredient of the model", id);
  if (isnan(call->pass1_scores[index])) lua_pushnil(L);
  else lua_pushnumber(L, call->pass1_scores[index]);
  return 1;
}

/* }====================================================================== */

/* Pushes the plan of a copy of the table at index: its keys and values in
 * turn, in the order lua_next gives them, as a sequence, with the plan of each
 * table in it (nested levels) in place of the table. Reading a sequence costs
 * less than lua_next, which looks each key up again to find the next. */
static void push_copy_plan(lua_State *L, int index, int nested) {
  index = lua_absindex(L, index);
  lua_newtable(L); /* the plan */
  lua_Integer n = 0;
  lua_pushnil(L);
  while (lua_next(L, index)) { /* key, value */
    if (nested && lua_type(L, -1) == LUA_TTABLE) {
      push_copy_plan(L, -1, nested - 1);
      lua_replace(L, -2); /* the nested plan in place of the table */
    }
    lua_pushvalue(L, -2);
    lua_rawseti(L, -4, ++n); /* plan[n] = key */
    lua_rawseti(L, -3, ++n); /* plan[n] = value, key kept for lua_next */
  }
}

/* Builds the authority in hand as rules see it, once per authority, and keeps
 * the plan of its copy in the registry; each rule call gets a copy
 * (push_authority). Attributes are numbers where they read as numbers; data
 * holds a view of each table, which cannot be changed from Lua, so every rule
 * may share it. */
static void make_authority_template(runner *r, const runner_authority *who) {
  lua_State *L = r->sb->L;
  const config_authority *ca = who->config;
  lua_createtable(L, 0, 10);
  lua_pushstring(L, ca->id);
  lua_setfield(L, -2, "id");
  lua_pushstring(L, ca->name);
  lua_setfield(L, -2, "name");
  lua_pushstring(L, who->stage);
  lua_setfield(L, -2, "stage");
  lua_pushstring(L, who->date);
  lua_setfield(L, -2, "date");
  lua_pushinteger(L, r->suppress_below); /* so a why can say "fewer than N" */
  lua_setfield(L, -2, "suppress_below");
  char date[11];
  if (date_is_set(ca->pilot_start)) {
    date_format(ca->pilot_start, date);
    lua_pushstring(L, date);
    lua_setfield(L, -2, "pilot_start");
  }
  if (date_is_set(ca->pilot_end)) {
    date_format(ca->pilot_end, date);
    lua_pushstring(L, date);
    lua_setfield(L, -2, "pilot_end");
  }
  lua_createtable(L, 0, (int)ca->attribute_count);
  for (size_t i = 0; i < ca->attribute_count; i++) {
    const char *value = ca->attributes[i].value;
    double number;
    size_t length = strlen(value);
    if (!number_is_zero_padded(value, length) && number_parse(value, length, &number) == 0)
      lua_pushnumber(L, number);
    else lua_pushstring(L, value);
    lua_setfield(L, -2, ca->attributes[i].key);
  }
  lua_setfield(L, -2, "attr");
  lua_createtable(L, 0, (int)r->sources->count);
  for (size_t i = 0; i < r->sources->count; i++) {
    lua_view_push(L, r->views[i]);
    lua_setfield(L, -2, r->sources->tables[i]->name);
  }
  lua_setfield(L, -2, "data");
  push_copy_plan(L, -1, 1);
  lua_rawseti(L, LUA_REGISTRYINDEX, r->authority_template_ref); /* keep the plan */
  lua_pop(L, 1); /* remove the template */
}

/* Pushes a copy of the table whose plan is at index, and of the tables in it
 * (one level). The keys go in in the template's own order into a table of the
 * same size, so a copy is laid out, and traversed by pairs, as the template. */
static void push_copy(lua_State *L, int plan, int nested) {
  plan = lua_absindex(L, plan);
  lua_Integer n = (lua_Integer)lua_rawlen(L, plan);
  lua_createtable(L, 0, 10);
  for (lua_Integer i = 1; i < n; i += 2) {
    lua_rawgeti(L, plan, i); /* key */
    if (lua_rawgeti(L, plan, i + 1) == LUA_TTABLE && nested) { /* value */
      push_copy(L, -1, 0);
      lua_replace(L, -2); /* the nested table's copy in place of its plan */
    }
    lua_rawset(L, -3); /* copy[key] = value */
  }
}

/* Pushes a fresh authority object for one rule call, a copy of the authority's
 * template, so nothing a rule does to it reaches another rule. */
static void push_authority(runner *r) {
  lua_State *L = r->sb->L;
  lua_rawgeti(L, LUA_REGISTRYINDEX, r->authority_template_ref);
  push_copy(L, -1, 1);
  lua_remove(L, -2); /* remove the plan */
  lua_rawgeti(L, LUA_REGISTRYINDEX, r->authority_meta_ref);
  lua_setmetatable(L, -2);
}

static int add_error(runner *r, plan *p, const char *authority, const char *rule,
                     const char *file, int line, const char *message) {
  /* the error carries its location apart: drop it from the message */
  char *prefix = arena_printf(p->arena, "%s:%d: ", file, line);
  if (prefix && strncmp(message, prefix, strlen(prefix)) == 0) message += strlen(prefix);
  if (p->error_count == r->error_capacity) {
    size_t capacity = r->error_capacity ? r->error_capacity * 2 : 8;
    plan_error *grown = arena_grow(p->arena, p->errors, p->error_count, capacity, sizeof *grown);
    if (!grown) return -1;
    p->errors = grown;
    r->error_capacity = capacity;
  }
  p->errors[p->error_count++] = (plan_error){authority, rule, file, line, message};
  return 0;
}

static void set_not_assessed(plan *p, plan_rule *result, plan_reason_kind kind,
                             const char *detail, const char *format, const char *a,
                             const char *b) {
  result->status = PLAN_RULE_NOT_ASSESSED;
  result->reason_kind = kind;
  result->reason_detail = detail;
  result->reason = arena_printf(p->arena, format, a, b);
}

/* The authority in hand's rows of one of the sources' tables. */
static evidence_view authority_view(const runner *r, const evidence_table *table) {
  size_t i = 0;
  while (r->sources->tables[i] != table) i++;
  return r->views[i];
}

/* Whether the rule applies here; sets the reason when it does not. */
static int rule_applies(runner *r, const rule_definition *rule, const runner_authority *who,
                        plan *p, plan_rule *result) {
  if (rule->stage_count) {
    int listed = 0;
    for (size_t i = 0; i < rule->stage_count; i++) listed |= strcmp(rule->stages[i], who->stage) == 0;
    if (!listed) {
      const char *stages = rule->stages[0];
      for (size_t i = 1; i < rule->stage_count && stages; i++)
        stages = arena_printf(p->arena, "%s, %s", stages, rule->stages[i]);
      set_not_assessed(p, result, PLAN_REASON_STAGE, NULL,
                       "applies only at the stages %s (this authority is at %s)", stages,
                       who->stage);
      return 0;
    }
  }
  for (size_t i = 0; i < rule->need_count; i++) {
    const evidence_table *table = evidence_set_find(r->sources, rule->needs[i]);
    if (!table) {
      set_not_assessed(p, result, PLAN_REASON_NO_SOURCE, rule->needs[i],
                       "no source provides the table '%s'%s", rule->needs[i], "");
      return 0;
    }
    evidence_view view = authority_view(r, table);
    if (evidence_view_size(&view) == 0) {
      set_not_assessed(p, result, PLAN_REASON_NO_ROWS, rule->needs[i],
                       "the table '%s' has no rows for %s", rule->needs[i], who->config->id);
      return 0;
    }
  }
  return 1;
}

/* A reason returned by assess (the string at the top of the stack), cut to the limit. */
static void take_reason(const runner *r, lua_State *L, plan *p, plan_rule *result) {
  size_t length;
  const char *reason = lua_tolstring(L, -1, &length);
  if (length > (size_t)r->limits.text_bytes) length = (size_t)r->limits.text_bytes;
  result->status = PLAN_RULE_NOT_ASSESSED;
  result->reason_kind = PLAN_REASON_RULE;
  result->reason = arena_strndup(p->arena, reason, length);
}

/* What a context item's assess returned: nothing (shown), or nil and a reason. */
static const char *take_context_result(const runner *r, lua_State *L, plan *p,
                                       plan_rule *result) {
  if (!lua_isnil(L, -2))
    return arena_printf(p->arena, "returned a %s; a context item returns nothing, or nil and a "
                                  "reason why it cannot be shown (it has no score)",
                        luaL_typename(L, -2));
  if (lua_isnil(L, -1)) {
    result->status = PLAN_RULE_ASSESSED;
    return NULL;
  }
  if (lua_type(L, -1) != LUA_TSTRING || lua_rawlen(L, -1) == 0)
    return "returned nil and something that is not a reason: return nil, \"why it cannot be "
           "shown\"";
  take_reason(r, L, p, result);
  return NULL;
}

/* Reads what assess returned (two values on the stack) into the result. */
static const char *take_result(const runner *r, lua_State *L, plan *p, plan_rule *result,
                               const rule_definition *rule) {
  if (rule->context) return take_context_result(r, L, p, result);
  if (lua_type(L, -2) == LUA_TNUMBER) {
    double score = lua_tonumber(L, -2);
    if (isnan(score)) return "returned NaN (not a number); a score is a number from 0 to 100";
    if (!isfinite(score) || score < 0 || score > 100)
      return arena_printf(p->arena, "returned the score %g; a score is a number from 0 to 100",
                          score);
    result->status = PLAN_RULE_ASSESSED;
    result->score = score;
    return NULL;
  }
  if (lua_isnil(L, -2)) {
    if (lua_type(L, -1) != LUA_TSTRING || lua_rawlen(L, -1) == 0)
      return "returned nil without a reason: return nil, \"why it cannot be assessed\"";
    take_reason(r, L, p, result);
    return NULL;
  }
  return arena_printf(p->arena, "returned a %s; return a score from 0 to 100, or nil and a reason",
                      luaL_typename(L, -2));
}

static double seconds_since(const struct timespec *start) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* Records an error in place of a rule that is not run (runner_authority.forced, or
 * what rule_starting answered). */
static int record_not_run(runner *r, const rule_definition *rule, const runner_authority *who,
                          plan *p, plan_rule *result, const char *why) {
  result->status = PLAN_RULE_ERROR;
  result->message = arena_printf(p->arena, "%s:%d: rule '%s' %s", rule->file, rule->line,
                                 rule->id, why);
  if (!result->message) return -1;
  return add_error(r, p, who->config->id, rule->id, rule->file, rule->line, result->message);
}

/* Runs the authority's rule k, unless it does not apply or must not run. */
static int run_rule(runner *r, size_t k, const runner_authority *who, plan *p,
                    plan_rule *result, struct rule_call *call) {
  const rule_definition *rule = who->rules[k];
  if (!rule_applies(r, rule, who, p, result)) return 0;
  const char *not_run = who->forced ? who->forced[k] : NULL;
  if (!not_run && r->rule_starting) not_run = r->rule_starting(r->hook_context, k, p->arena);
  if (not_run) return record_not_run(r, rule, who, p, result, not_run);
  lua_State *L = r->sb->L;
  size_t actions_before = call->action_count;
  call->result = result;
  call->rule = rule;
  call->evidence_capacity = 0;
  call->benchmark_capacity = 0;
  call->counted = NULL;
  call->rule_actions = 0;
  r->host->call = call;
  sandbox_seed(r->sb, rule->id, who->config->id);
  lua_rawgeti(L, LUA_REGISTRYINDEX, rule->assess_ref);
  push_authority(r);
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  sandbox_failure failure;
  r->sb->debug.name = rule->id; /* debug(...) lines name the rule and the authority */
  r->sb->debug.authority = who->config->id;
  int status = sandbox_call(r->sb, 1, 2, &failure);
  r->sb->debug.name = r->sb->debug.authority = NULL;
  result->seconds = seconds_since(&start);
  result->instructions = r->sb->instructions;
  r->host->call = NULL;
  const char *problem = NULL, *file = rule->file;
  int line = rule->line;
  if (status != 0) {
    problem = arena_strdup(p->arena, failure.message);
    if (failure.file[0]) file = arena_strdup(p->arena, failure.file), line = failure.line;
  } else {
    problem = take_result(r, L, p, result, rule);
    lua_pop(L, 2); /* remove results */
    if (problem) problem = arena_printf(p->arena, "%s:%d: rule '%s' %s", rule->file, rule->line,
                                        rule->id, problem);
  }
  if (!problem) {
    suppress_differences(result, call->counted, call->suppress_below);
    return 0;
  }
  /* a failed rule shows as failed: no score, no evidence, no actions */
  result->status = PLAN_RULE_ERROR;
  result->score = NAN;
  result->reason_kind = PLAN_REASON_NONE;
  result->message = problem;
  result->evidence = NULL;
  result->evidence_count = 0;
  result->benchmarks = NULL;
  result->benchmark_count = 0;
  call->action_count = actions_before;
  return add_error(r, p, who->config->id, rule->id, file, line, problem);
}

/* What the data checks borrow from the runner while they count (runner_checks_call):
 * the authority object for where functions, and the plan's errors for failed checks. */
typedef struct checks_context {
  runner *r;
  plan *p;
  const char *authority;
} checks_context;

static void checks_push_authority(void *context) { push_authority(((checks_context *)context)->r); }

static int checks_failed(void *context, const check_definition *check, const char *file, int line,
                         const char *message) {
  checks_context *c = context;
  return add_error(c->r, c->p, c->authority, check->id, file, line, message);
}

/* Makes who the authority in hand: its rows of each table, found once for every
 * rule and check, and the authority object they receive. */
static void enter_authority(runner *r, const runner_authority *who) {
  lua_view_forget(r->sb->L); /* answers about the last authority's rows */
  for (size_t i = 0; i < r->sources->count; i++)
    r->views[i] = evidence_table_view(r->sources->tables[i], who->config->id);
  make_authority_template(r, who);
}

/* What the data checks borrow while they list rows: the authority object, and the
 * listing's own place for failures. */
typedef struct listing_context {
  runner *r;
  const runner_check_listing *listing;
} listing_context;

static void listing_push_authority(void *context) {
  push_authority(((listing_context *)context)->r);
}

static int listing_failed(void *context, const check_definition *check, const char *file,
                          int line, const char *message) {
  const runner_check_listing *listing = ((listing_context *)context)->listing;
  return listing->failed(listing->context, check, file, line, message);
}

int runner_list_checks(runner *r, const runner_authority *who,
                       const runner_check_listing *listing) {
  enter_authority(r, who);
  listing_context context = {r, listing};
  runner_checks_call call = {r->views, who->config->id, r->suppress_below,
                             listing_push_authority, listing_failed, &context};
  return runner_checks_list(&r->checks, &call, listing->arena, listing->each, listing->context);
}

/* The result of the authority's rule k before it runs: not assessed, "not run", or the
 * reason the config disabled it. */
static plan_rule initial_result(plan *p, const runner_authority *who, size_t k) {
  const rule_definition *rule = who->rules[k];
  plan_rule result = {.id = rule->id, .title = rule->title, .file = rule->file,
                      .line = rule->line, .status = PLAN_RULE_NOT_ASSESSED, .score = NAN,
                      .weight = rule->weight, .reason = "not run"};
  if (who->disabled[k]) {
    result.reason = arena_printf(p->arena, "disabled for this authority: %s", who->disabled[k]);
    result.reason_kind = PLAN_REASON_DISABLED;
    result.reason_detail = who->disabled[k];
  }
  return result;
}

/* Lays out the authority's results, the rules under their ingredients and the context
 * items apart, each in plan order; slot[k] is where rule k's result goes. */
static int place_results(plan *p, const rule_model *model, const runner_authority *who,
                         plan_authority *out, plan_rule **slot) {
  size_t n = model->ingredient_count, rules = who->rule_count;
  out->ingredients = arena_alloc(p->arena, (n ? n : 1) * sizeof(plan_ingredient));
  if (!out->ingredients) return -1;
  out->ingredient_count = n;
  for (size_t k = 0; k < rules; k++) out->context_count += who->rules[k]->context;
  out->context = arena_alloc(p->arena, (out->context_count + 1) * sizeof(plan_rule));
  if (!out->context) return -1;
  for (size_t i = 0; i < n; i++) {
    plan_ingredient *ingredient = &out->ingredients[i];
    ingredient->id = model->ingredients[i].id;
    ingredient->title = model->ingredients[i].title;
    ingredient->plain = model->ingredients[i].plain;
    ingredient->weight = who->weights[i];
    for (size_t k = 0; k < rules; k++)
      ingredient->rule_count += !who->rules[k]->context && who->rules[k]->ingredient_index == i;
    ingredient->rules = arena_alloc(p->arena, (ingredient->rule_count + 1) * sizeof(plan_rule));
    if (!ingredient->rules) return -1;
  }
  size_t *filled = arena_alloc(p->arena, (n + 1) * sizeof(size_t));
  if (!filled) return -1;
  size_t context = 0;
  for (size_t k = 0; k < rules; k++) {
    const rule_definition *rule = who->rules[k];
    slot[k] = rule->context ? &out->context[context++]
                            : &out->ingredients[rule->ingredient_index]
                                   .rules[filled[rule->ingredient_index]++];
    *slot[k] = initial_result(p, who, k);
  }
  return 0;
}

/* Scores the actions the rules proposed and ranks them (scoring.h). */
static int rank_actions(plan *p, const rule_model *model, const runner_authority *who,
                        struct rule_call *call, plan_authority *out) {
  double urgency = who->stage_index >= 0 ? model->stages[who->stage_index].urgency
                                         : RULES_DEFAULT_URGENCY;
  for (size_t a = 0; a < call->action_count; a++) {
    plan_action *action = &call->actions[a];
    int index = rules_ingredient_index(model, action->ingredient);
    scoring_prioritise(action, out->ingredients[index].score, out->ingredients[index].weight,
                       urgency, rules_effort_cost(model, action->effort));
  }
  out->actions = call->actions;
  out->action_count = call->action_count;
  return scoring_rank(p->arena, out->actions, &out->action_count);
}

int runner_assess(runner *r, const runner_authority *who, plan *p, plan_authority *out) {
  const rule_model *model = &r->pack->model;
  enter_authority(r, who);
  *out = (plan_authority){.id = who->config->id, .name = who->config->name, .stage = who->stage,
                          .customisations = (plan_customisation *)who->customisations,
                          .customisation_count = who->customisation_count,
                          .rules_digest = who->rules_digest};
  if (date_is_set(who->config->pilot_end)) {
    char date[11];
    date_format(who->config->pilot_end, date);
    if (!(out->pilot_end = arena_strdup(p->arena, date))) return -1;
  }
  if (date_is_set(who->config->review_date)) {
    char date[11];
    date_format(who->config->review_date, date);
    if (!(out->review_date = arena_strdup(p->arena, date))) return -1;
  }
  size_t n = model->ingredient_count, rules = who->rule_count;
  plan_rule **slot = arena_alloc(p->arena, (rules + 1) * sizeof(plan_rule *));
  double *pass1 = arena_alloc(p->arena, (n ? n : 1) * sizeof(double));
  if (!slot || !pass1 || place_results(p, model, who, out, slot) != 0) return -1;
  struct rule_call call = {.plan = p, .model = model, .suppress_below = r->suppress_below,
                           .limits = &r->limits};
  for (int pass = 1; pass <= 2; pass++) {
    if (pass == 2) {
      for (size_t i = 0; i < n; i++) pass1[i] = scoring_ingredient(&out->ingredients[i]);
      call.pass1_scores = pass1;
    }
    for (size_t k = 0; k < rules; k++) {
      const rule_definition *rule = who->rules[k];
      if (rule->pass != pass || who->disabled[k]) continue;
      if (run_rule(r, k, who, p, slot[k], &call) != 0) return -1;
    }
  }
  for (size_t i = 0; i < n; i++) out->ingredients[i].score = scoring_ingredient(&out->ingredients[i]);
  scoring_overall(out, model->bands, model->band_count);
  if (rank_actions(p, model, who, &call, out) != 0) return -1;
  checks_context context = {r, p, who->config->id};
  runner_checks_call checks = {r->views, who->config->id, r->suppress_below,
                               checks_push_authority, checks_failed, &context};
  return runner_checks_count(&r->checks, &checks, p, out);
}

int runner_open(runner *r, sandbox *sb, rule_host *host, const rule_pack *pack,
                const evidence_set *sources, int suppress_below, runner_limits limits,
                runner_checks_mode checks, diag_list *diags) {
  *r = (runner){.sb = sb, .host = host, .pack = pack, .sources = sources,
                .suppress_below = suppress_below, .limits = limits};
  lua_State *L = sb->L;
  lua_view_open(L);
  lua_newtable(L); /* the authority metatable */
  lua_newtable(L); /* its methods */
  lua_pushcfunction(L, api_evidence);
  lua_setfield(L, -2, "evidence");
  lua_pushcfunction(L, api_action);
  lua_setfield(L, -2, "action");
  lua_pushcfunction(L, api_score);
  lua_setfield(L, -2, "score");
  lua_pushcfunction(L, api_benchmark);
  lua_setfield(L, -2, "benchmark");
  lua_setfield(L, -2, "__index");
  lua_pushboolean(L, 0); /* the methods are shared by every call: keep them out of reach */
  lua_setfield(L, -2, "__metatable");
  r->authority_meta_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_pushboolean(L, 0); /* a slot for the authority in hand (make_authority_template) */
  r->authority_template_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  r->views = calloc(sources->count + 1, sizeof(evidence_view));
  if (!r->views) return -1;
  return runner_checks_open(&r->checks, sb, pack, sources, checks, diags);
}

void runner_close(runner *r) {
  runner_checks_close(&r->checks);
  free(r->views);
  *r = (runner){0};
}
