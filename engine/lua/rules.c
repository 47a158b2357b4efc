/* rules.c: loading a rule pack and the declaration API (model, rule, check);
 * see rules.h. Running the rules is runner.c's job. */
#include "rules.h"

#include <dirent.h>
#include <lauxlib.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "column_hint.h"
#include "grow.h"
#include "hash.h"

static rule_pack *pack_of(lua_State *L) { return ((rule_host *)sandbox_from(L)->host)->pack; }

/* Records a problem at the calling Lua line and lets loading go on, so one
 * run shows every mistake in a pack. */
static void problem(lua_State *L, const char *format, ...) __attribute__((format(printf, 2, 3)));
static void problem(lua_State *L, const char *format, ...) {
  char file[256] = "";
  int line = 0;
  sandbox_where(L, 1, file, sizeof file, &line);
  va_list args;
  va_start(args, format);
  diag_vadd(pack_of(L)->diags, file[0] ? file : NULL, line, 0, format, args);
  va_end(args);
}

/* Raises unless the pack is loading: declarations belong at the top of a file. */
static rule_pack *loading_pack(lua_State *L, const char *what) {
  rule_pack *pack = pack_of(L);
  if (!pack || !pack->loading)
    luaL_error(L, "%s{} declares the pack: call it at the top level of a rule file, not while "
                  "rules run", what);
  luaL_checktype(L, 1, LUA_TTABLE);
  return pack;
}

static char *copy_string(lua_State *L, rule_pack *pack, int index) {
  size_t length;
  const char *text = lua_tolstring(L, index, &length);
  char *copy = arena_strndup(pack->arena, text, length);
  if (!copy) luaL_error(L, "out of memory while loading the pack");
  return copy;
}

/* Reads t[key] as a non-empty string: NULL (with a problem when required)
 * when absent or of the wrong type. */
static const char *string_field(lua_State *L, int table, const char *key, int required,
                                const char *what) {
  rule_pack *pack = pack_of(L);
  int type = lua_getfield(L, table, key);
  const char *result = NULL;
  if (type == LUA_TSTRING && lua_rawlen(L, -1) > 0) result = copy_string(L, pack, -1);
  else if (type != LUA_TNIL || required)
    problem(L, "%s needs '%s' to be a non-empty string%s", what, key,
            type == LUA_TNIL ? "" : lua_pushfstring(L, ", not %s", luaL_typename(L, -1)));
  lua_settop(L, table); /* remove the field (and any message) */
  return result;
}

/* Problems for keys of t that are not in known (a NULL-terminated list), each with the
 * known field nearest to it: a misspelt `wieght = 2` reads "did you mean 'weight'?". */
static void reject_unknown_fields(lua_State *L, int table, const char *const *known,
                                  const char *what) {
  size_t count = 0;
  while (known[count]) count++;
  lua_pushnil(L);
  while (lua_next(L, table)) { /* key, value */
    int ok = lua_type(L, -2) == LUA_TSTRING;
    for (size_t i = 0; ok && known[i]; i++)
      if (strcmp(known[i], lua_tostring(L, -2)) == 0) ok = 2;
    if (ok != 2) {
      int near = ok ? column_hint_nearest_name(lua_tostring(L, -2), known, count) : -1;
      lua_pushvalue(L, -2);
      const char *key = luaL_tolstring(L, -1, NULL);
      if (near >= 0)
        problem(L, "%s has an unknown field '%s'; did you mean '%s'?", what, key, known[near]);
      else
        problem(L, "%s has an unknown field '%s' (fields: see docs/rules.md)", what, key);
      lua_pop(L, 2); /* remove key copy and its text */
    }
    lua_pop(L, 1); /* remove value */
  }
}

/* Reads t[key] as an array of non-empty strings into the pack's arena. */
static const char **string_list(lua_State *L, int table, const char *key, size_t *count,
                                const char *what) {
  rule_pack *pack = pack_of(L);
  *count = 0;
  int type = lua_getfield(L, table, key);
  if (type == LUA_TNIL) {
    lua_pop(L, 1);
    return NULL;
  }
  if (type != LUA_TTABLE) {
    problem(L, "%s: '%s' must be a list of names, e.g. { \"a\", \"b\" }", what, key);
    lua_pop(L, 1);
    return NULL;
  }
  size_t n = lua_rawlen(L, -1);
  const char **list = arena_alloc(pack->arena, (n ? n : 1) * sizeof(char *));
  if (!list) luaL_error(L, "out of memory while loading the pack");
  for (size_t i = 1; i <= n; i++) {
    if (lua_rawgeti(L, -1, (lua_Integer)i) == LUA_TSTRING && lua_rawlen(L, -1) > 0)
      list[(*count)++] = copy_string(L, pack, -1);
    else problem(L, "%s: '%s' must list names (entry %zu is not a name)", what, key, i);
    lua_pop(L, 1); /* remove entry */
  }
  lua_pop(L, 1); /* remove list */
  return list;
}

/* Reads t[key] as a finite number within [low, high]; fallback when absent. */
static double number_field(lua_State *L, int table, const char *key, double fallback, double low,
                           double high, const char *what) {
  int type = lua_getfield(L, table, key);
  double value = fallback;
  if (type == LUA_TNUMBER && isfinite(lua_tonumber(L, -1)) && lua_tonumber(L, -1) >= low &&
      lua_tonumber(L, -1) <= high)
    value = lua_tonumber(L, -1);
  else if (type != LUA_TNIL)
    problem(L, "%s: '%s' must be a number from %g to %g", what, key, low, high);
  lua_pop(L, 1); /* remove field */
  return value;
}

/* ** {======================================================================
** model{}
** ======================================================================= */

static void read_ingredients(lua_State *L, rule_pack *pack) {
  rule_model *m = &pack->model;
  if (lua_getfield(L, 1, "ingredients") != LUA_TTABLE || lua_rawlen(L, -1) == 0) {
    problem(L, "model{} needs 'ingredients': a list such as { {id = \"receptivity\", title = "
               "\"Organisational receptivity\"}, ... }");
    lua_pop(L, 1);
    return;
  }
  size_t n = lua_rawlen(L, -1);
  m->ingredients = arena_alloc(pack->arena, n * sizeof(rule_ingredient));
  if (!m->ingredients) luaL_error(L, "out of memory while loading the pack");
  int list = lua_gettop(L);
  for (size_t i = 1; i <= n; i++) {
    int type = lua_rawgeti(L, list, (lua_Integer)i);
    rule_ingredient ingredient = {0};
    if (type == LUA_TSTRING) {
      ingredient.id = ingredient.title = copy_string(L, pack, -1);
    } else if (type == LUA_TTABLE) {
      ingredient.id = string_field(L, lua_gettop(L), "id", 1, "an ingredient");
      ingredient.title = string_field(L, lua_gettop(L), "title", 0, "an ingredient");
      if (!ingredient.title) ingredient.title = ingredient.id;
      ingredient.plain = string_field(L, lua_gettop(L), "plain", 0, "an ingredient");
    } else {
      problem(L, "model{}: ingredient %zu must be a name or {id = ..., title = ...}", i);
    }
    lua_pop(L, 1); /* remove entry */
    if (!ingredient.id) continue;
    if (rules_ingredient_index(m, ingredient.id) >= 0) {
      problem(L, "model{}: ingredient '%s' is listed twice", ingredient.id);
      continue;
    }
    m->ingredients[m->ingredient_count++] = ingredient;
  }
  lua_pop(L, 1); /* remove list */
}

static int compare_stages(const void *a, const void *b) {
  return strcmp(((const rule_stage *)a)->name, ((const rule_stage *)b)->name);
}

static void read_stages(lua_State *L, rule_pack *pack) {
  rule_model *m = &pack->model;
  int type = lua_getfield(L, 1, "stages");
  if (type == LUA_TNIL) {
    lua_pop(L, 1);
    return;
  }
  if (type != LUA_TTABLE) {
    problem(L, "model{}: 'stages' maps each stage to its ingredient weights, e.g. { pilot = { "
               "receptivity = 1.5 } }");
    lua_pop(L, 1);
    return;
  }
  int stages = lua_gettop(L);
  size_t n = 0;
  lua_pushnil(L);
  while (lua_next(L, stages)) {
    n++;
    lua_pop(L, 1); /* remove value */
  }
  m->stages = arena_alloc(pack->arena, (n ? n : 1) * sizeof(rule_stage));
  if (!m->stages) luaL_error(L, "out of memory while loading the pack");
  lua_pushnil(L);
  while (lua_next(L, stages)) { /* name, weights */
    if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TTABLE) {
      problem(L, "model{}: each stage is a name with a table of weights");
      lua_pop(L, 1);
      continue;
    }
    rule_stage *stage = &m->stages[m->stage_count++];
    stage->name = copy_string(L, pack, -2);
    stage->urgency = RULES_DEFAULT_URGENCY;
    stage->weights = arena_alloc(pack->arena, (m->ingredient_count + 1) * sizeof(double));
    if (!stage->weights) luaL_error(L, "out of memory while loading the pack");
    for (size_t i = 0; i < m->ingredient_count; i++) stage->weights[i] = 1.0;
    int weights = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, weights)) { /* ingredient, weight */
      int index = lua_type(L, -2) == LUA_TSTRING
                      ? rules_ingredient_index(m, lua_tostring(L, -2))
                      : -1;
      if (index < 0)
        problem(L, "model{}: stage '%s' weighs '%s', which is not an ingredient", stage->name,
                lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?");
      else if (lua_type(L, -1) != LUA_TNUMBER || !(lua_tonumber(L, -1) >= 0) ||
               !isfinite(lua_tonumber(L, -1)))
        problem(L, "model{}: stage '%s': the weight of '%s' must be a number >= 0", stage->name,
                lua_tostring(L, -2));
      else stage->weights[index] = lua_tonumber(L, -1);
      lua_pop(L, 1); /* remove weight */
    }
    lua_pop(L, 1); /* remove weights */
  }
  lua_pop(L, 1); /* remove stages */
  qsort(m->stages, m->stage_count, sizeof(rule_stage), compare_stages);
}

static int compare_bands(const void *a, const void *b) {
  double x = ((const plan_band *)a)->min, y = ((const plan_band *)b)->min;
  return (x < y) - (x > y); /* highest first */
}

static void read_bands(lua_State *L, rule_pack *pack) {
  rule_model *m = &pack->model;
  if (lua_getfield(L, 1, "bands") != LUA_TTABLE || lua_rawlen(L, -1) == 0) {
    problem(L, "model{} needs 'bands', e.g. { {min = 70, label = \"likely sustained\"}, {min = "
               "0, label = \"at risk\"} }");
    lua_pop(L, 1);
    return;
  }
  size_t n = lua_rawlen(L, -1);
  m->bands = arena_alloc(pack->arena, n * sizeof(plan_band));
  if (!m->bands) luaL_error(L, "out of memory while loading the pack");
  int list = lua_gettop(L);
  for (size_t i = 1; i <= n; i++) {
    if (lua_rawgeti(L, list, (lua_Integer)i) != LUA_TTABLE) {
      problem(L, "model{}: band %zu must be {min = ..., label = ...}", i);
    } else {
      int band = lua_gettop(L);
      double min = number_field(L, band, "min", NAN, 0, 100, "a band");
      const char *label = string_field(L, band, "label", 1, "a band");
      static const char *const known[] = {"min", "label", "meaning", NULL};
      reject_unknown_fields(L, band, known, "model{} band");
      const char *meaning = string_field(L, band, "meaning", 0, "a band");
      if (label && !isnan(min)) m->bands[m->band_count++] = (plan_band){min, label, meaning};
      else if (label) problem(L, "model{}: band '%s' needs 'min', a score from 0 to 100", label);
    }
    lua_pop(L, 1); /* remove band */
  }
  lua_pop(L, 1); /* remove list */
  qsort(m->bands, m->band_count, sizeof(plan_band), compare_bands);
  if (m->band_count && m->bands[m->band_count - 1].min > 0)
    problem(L, "model{}: the lowest band must start at min = 0, so every score has a band");
}

/* ranking = { effort = {low = 1, medium = 2, high = 3}, urgency = {transition = 1.5} } */
static void read_ranking(lua_State *L, rule_pack *pack) {
  rule_model *m = &pack->model;
  int type = lua_getfield(L, 1, "ranking");
  if (type != LUA_TTABLE) {
    if (type != LUA_TNIL) problem(L, "model{}: 'ranking' must be a table");
    lua_pop(L, 1);
    return;
  }
  int ranking = lua_gettop(L);
  static const char *const known[] = {"effort", "urgency", NULL};
  reject_unknown_fields(L, ranking, known, "model{} ranking");
  if (lua_getfield(L, ranking, "effort") == LUA_TTABLE) {
    static const char *const efforts[] = {"low", "medium", "high"};
    for (int i = 0; i < 3; i++)
      m->effort_cost[i] = number_field(L, lua_gettop(L), efforts[i], m->effort_cost[i], 0.01,
                                       1000, "model{} ranking.effort");
  }
  lua_pop(L, 1); /* remove effort */
  if (lua_getfield(L, ranking, "urgency") == LUA_TTABLE) {
    int urgency = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, urgency)) { /* stage, factor */
      int index = lua_type(L, -2) == LUA_TSTRING ? rules_stage_index(m, lua_tostring(L, -2)) : -1;
      if (index < 0)
        problem(L, "model{} ranking.urgency: '%s' is not a stage of the model",
                lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?");
      else if (lua_type(L, -1) != LUA_TNUMBER || !(lua_tonumber(L, -1) > 0))
        problem(L, "model{} ranking.urgency: the factor for '%s' must be a number > 0",
                lua_tostring(L, -2));
      else m->stages[index].urgency = lua_tonumber(L, -1);
      lua_pop(L, 1); /* remove factor */
    }
  }
  lua_pop(L, 2); /* remove urgency and ranking */
}

static int api_model(lua_State *L) {
  rule_pack *pack = loading_pack(L, "model");
  lua_settop(L, 1);
  rule_model *m = &pack->model;
  if (m->declared) {
    problem(L, "a second model{}: the pack already declared one at %s:%d", m->file, m->line);
    return 0;
  }
  char file[256] = "";
  sandbox_where(L, 1, file, sizeof file, &m->line);
  m->file = arena_strdup(pack->arena, file);
  m->declared = 1;
  static const char *const known[] = {"name", "ingredients", "stages", "bands", "ranking", NULL};
  reject_unknown_fields(L, 1, known, "model{}");
  m->name = string_field(L, 1, "name", 0, "model{}");
  read_ingredients(L, pack);
  read_stages(L, pack);
  read_bands(L, pack);
  read_ranking(L, pack);
  return 0;
}

/* }====================================================================== */

/* ** {======================================================================
** rule{}, context{} and check{}
** ======================================================================= */

/* The fields of a rule{} and of a context{}, which share everything but scoring. */
static const char *const rule_fields[] = {"id",     "ingredient", "title", "weight", "needs",
                                          "stages", "pass",       "assess", NULL};
static const char *const context_fields[] = {"id",     "title",        "needs",
                                             "stages", "actions_under", "assess", NULL};

/* An id used before: an error in the same scope (the pack, or one authority's own files);
 * from an authority's files, a replacement of the pack's rule or context of that id,
 * which must be of the same kind. */
static void check_id(lua_State *L, rule_pack *pack, rule_definition *r, const char *kind) {
  for (size_t i = 0; r->id && i < pack->rule_count; i++) {
    const rule_definition *other = &pack->rules[i];
    if (strcmp(other->id, r->id) != 0) continue;
    int same_scope = (!other->authority && !r->authority) ||
                     (other->authority && r->authority && strcmp(other->authority, r->authority) == 0);
    if (same_scope)
      problem(L, "%s id '%s' is already used at %s:%d; rule and context ids must be unique",
              kind, r->id, other->file, other->line);
    else if (!other->authority && other->context != r->context)
      problem(L, "%s '%s' cannot replace the pack's %s of that id (%s:%d): declare it as %s{}",
              kind, r->id, other->context ? "context item" : "rule", other->file, other->line,
              other->context ? "context" : "rule");
    else if (!other->authority)
      r->replaces = (int)i; /* the authority's own version of a pack rule */
  }
}

/* rule{} (context = 0) and context{} (context = 1). */
static int declare(lua_State *L, int context) {
  const char *kind = context ? "context" : "rule";
  rule_pack *pack = loading_pack(L, kind);
  lua_settop(L, 1);
  size_t problems = pack->diags->count;
  rule_definition r = {.weight = context ? 0 : 1, .pass = 1, .assess_ref = LUA_NOREF,
                       .authority = pack->loading_authority, .replaces = -1,
                       .context = context};
  char declaration[16];
  snprintf(declaration, sizeof declaration, "%s{}", kind);
  r.id = string_field(L, 1, "id", 1, declaration);
  char what[160];
  snprintf(what, sizeof what, "%s '%s'", kind, r.id ? r.id : "?");
  reject_unknown_fields(L, 1, context ? context_fields : rule_fields, what);
  r.title = string_field(L, 1, "title", 1, what);
  r.needs = string_list(L, 1, "needs", &r.need_count, what);
  r.stages = string_list(L, 1, "stages", &r.stage_count, what);
  if (context) {
    r.ingredient = string_field(L, 1, "actions_under", 0, what);
  } else {
    r.ingredient = string_field(L, 1, "ingredient", 1, what);
    r.weight = number_field(L, 1, "weight", 1, 0, 1000, what);
    r.pass = (int)number_field(L, 1, "pass", 1, 1, 2, what);
    if (lua_getfield(L, 1, "pass") == LUA_TNUMBER && !lua_isinteger(L, -1))
      problem(L, "%s: 'pass' is 1 or 2", what);
    lua_pop(L, 1); /* remove pass */
  }
  char file[256] = "";
  sandbox_where(L, 1, file, sizeof file, &r.line);
  r.file = arena_strdup(pack->arena, file);
  check_id(L, pack, &r, kind);
  if (lua_getfield(L, 1, "assess") != LUA_TFUNCTION) {
    problem(L, context ? "%s needs 'assess', a function(a) recording evidence"
                       : "%s needs 'assess', a function(a) returning a score from 0 to 100",
            what);
    lua_pop(L, 1);
  } else if (pack->diags->count == problems) {
    r.assess_ref = luaL_ref(L, LUA_REGISTRYINDEX); /* keep assess */
  } else {
    lua_pop(L, 1);
  }
  if (pack->diags->count != problems) return 0;
  if (pack->rule_count == pack->rule_capacity) {
    size_t capacity = pack->rule_capacity ? pack->rule_capacity * 2 : 16;
    rule_definition *rules =
        arena_grow(pack->arena, pack->rules, pack->rule_count, capacity, sizeof *rules);
    if (!rules) return luaL_error(L, "out of memory while loading the pack");
    pack->rules = rules;
    pack->rule_capacity = capacity;
  }
  pack->rules[pack->rule_count++] = r;
  return 0;
}

static int api_rule(lua_State *L) { return declare(L, 0); }
static int api_context(lua_State *L) { return declare(L, 1); }

/* Reads t[key] as what picks a check's rows: a filter, a list of filters, or a
 * function(a) returning either. Returns its registry reference, LUA_NOREF when
 * absent or wrong (with a problem then). */
static int where_field(lua_State *L, int table, const char *key, const char *what) {
  int type = lua_getfield(L, table, key);
  if (type == LUA_TTABLE || type == LUA_TFUNCTION) return luaL_ref(L, LUA_REGISTRYINDEX);
  if (type != LUA_TNIL)
    problem(L, "%s: '%s' must be a filter, a list of filters or a function(a) returning one, "
               "not %s", what, key, luaL_typename(L, -1));
  lua_pop(L, 1); /* remove field */
  return LUA_NOREF;
}

/* found_in = { table = NAME, key = COLUMN [, where = ...] }. */
static void read_found_in(lua_State *L, check_definition *c) {
  static const char *const known[] = {"table", "key", "where", NULL};
  int type = lua_getfield(L, 1, "found_in");
  int index = lua_gettop(L);
  if (type == LUA_TTABLE) {
    reject_unknown_fields(L, index, known, "check{} found_in");
    c->found_in = string_field(L, index, "table", 1, "check{} found_in");
    c->found_in_key = string_field(L, index, "key", 1, "check{} found_in");
    c->found_in_where_ref = where_field(L, index, "where", "check{} found_in");
  } else if (type != LUA_TNIL) {
    problem(L, "check{}: 'found_in' must be a table { table = NAME, key = COLUMN, where = ... }");
  }
  lua_settop(L, index - 1); /* remove found_in */
}

static int api_check(lua_State *L) {
  rule_pack *pack = loading_pack(L, "check");
  lua_settop(L, 1);
  static const char *const known[] = {"id", "table", "message", "where", "unique", "found_in", NULL};
  size_t problems = pack->diags->count;
  check_definition c = {.where_ref = LUA_NOREF, .found_in_where_ref = LUA_NOREF};
  c.id = string_field(L, 1, "id", 1, "check{}");
  reject_unknown_fields(L, 1, known, "check{}");
  c.table = string_field(L, 1, "table", 1, "check{}");
  c.message = string_field(L, 1, "message", 1, "check{}");
  c.unique = string_field(L, 1, "unique", 0, "check{}");
  read_found_in(L, &c);
  for (size_t i = 0; c.id && i < pack->check_count; i++)
    if (strcmp(pack->checks[i].id, c.id) == 0)
      problem(L, "check id '%s' is already used at %s:%d; check ids must be unique", c.id,
              pack->checks[i].file, pack->checks[i].line);
  char file[256] = "";
  sandbox_where(L, 1, file, sizeof file, &c.line);
  c.file = arena_strdup(pack->arena, file);
  c.where_ref = where_field(L, 1, "where", "check{}");
  if (c.where_ref == LUA_NOREF && !c.unique && !c.found_in && pack->diags->count == problems)
    problem(L, "check{} needs 'where', a filter naming the rows that break the check (or "
               "'unique' or 'found_in')");
  if (pack->diags->count != problems) {
    luaL_unref(L, LUA_REGISTRYINDEX, c.where_ref);
    luaL_unref(L, LUA_REGISTRYINDEX, c.found_in_where_ref);
    return 0;
  }
  if (pack->check_count == pack->check_capacity) {
    size_t capacity = pack->check_capacity ? pack->check_capacity * 2 : 8;
    check_definition *checks =
        arena_grow(pack->arena, pack->checks, pack->check_count, capacity, sizeof *checks);
    if (!checks) return luaL_error(L, "out of memory while loading the pack");
    pack->checks = checks;
    pack->check_capacity = capacity;
  }
  pack->checks[pack->check_count++] = c;
  return 0;
}

/* }====================================================================== */

/* ** {======================================================================
** Loading files
** ======================================================================= */

const char *rules_display_path(arena *a, const char *path) {
  char real[PATH_MAX], cwd[PATH_MAX];
  if (!realpath(path, real) || !getcwd(cwd, sizeof cwd)) return path;
  size_t n = strlen(cwd);
  if (strncmp(real, cwd, n) == 0 && real[n] == '/') {
    const char *relative = arena_strdup(a, real + n + 1);
    return relative ? relative : path;
  }
  return path;
}

/* Appends a failure, dropping the "file:line:" its message may start with. */
static void add_failure(diag_list *diags, const sandbox_failure *f) {
  const char *message = f->message;
  char prefix[300];
  snprintf(prefix, sizeof prefix, "%s:%d:", f->file, f->line);
  if (f->line > 0 && strncmp(message, prefix, strlen(prefix)) == 0) {
    message += strlen(prefix);
    while (*message == ' ') message++;
  }
  diag_add(diags, f->file[0] ? f->file : NULL, f->line, 0, "%s", message);
}

/* The digest as text, in the pack's arena; NULL on out of memory. */
static const char *digest_text(rule_pack *pack, uint64_t digest) {
  return arena_printf(pack->arena, "%016llx", (unsigned long long)digest);
}

/* Notes a rule file as loaded, for `sustain check`'s static checks (rule_scan.h). */
static void note_file(rule_pack *pack, const char *display) {
  if (pack->file_count == pack->file_capacity) {
    size_t capacity = pack->file_capacity ? pack->file_capacity * 2 : 16;
    const char **grown =
        arena_grow(pack->arena, pack->files, pack->file_count, capacity, sizeof *grown);
    if (!grown) {
      diag_add(pack->diags, NULL, 0, 0, "out of memory");
      return;
    }
    pack->files = grown;
    pack->file_capacity = capacity;
  }
  pack->files[pack->file_count++] = display;
}

/* A module a rule file required: listed once, however many files require it. */
static void note_module(void *context, const char *path) {
  rule_pack *pack = context;
  for (size_t i = 0; i < pack->file_count; i++)
    if (strcmp(pack->files[i], path) == 0) return;
  const char *copy = arena_strdup(pack->arena, path);
  if (copy) note_file(pack, copy);
  else diag_add(pack->diags, NULL, 0, 0, "out of memory");
}

static void load_file(rule_pack *pack, sandbox *sb, const char *path, const char *pack_dir) {
  const char *display = rules_display_path(pack->arena, path);
  const rule_host *host = sb->host;
  note_file(pack, display);
  if (host->file_starting && host->file_starting(host->file_context, display, pack->diags) != 0)
    return;
  sandbox_failure failure;
  size_t size;
  char *text = sandbox_read_file(path, display, &size, &failure);
  if (text) pack->loaded = hash_fnv1a_text(pack->loaded, text, size); /* the very bytes that run */
  if (!text || sandbox_load_text(sb, text, size, display, pack_dir, &failure) != 0 ||
      sandbox_call(sb, 0, 0, &failure) != 0)
    add_failure(pack->diags, &failure);
  free(text);
  if (host->file_done) host->file_done(host->file_context);
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_rule_file(const char *name) {
  size_t n = strlen(name);
  return n > 4 && strcmp(name + n - 4, ".lua") == 0 &&
         !(n > 9 && strcmp(name + n - 9, "_test.lua") == 0);
}

int rules_folder_files(const char *folder, char ***paths, size_t *count) {
  *paths = NULL;
  *count = 0;
  DIR *dir = opendir(folder);
  if (!dir) return -1;
  size_t n = 0, capacity = 0;
  char **names = NULL;
  struct dirent *entry;
  int status = 0;
  while (status == 0 && (entry = readdir(dir))) {
    if (!is_rule_file(entry->d_name)) continue;
    if (grow_array((void **)&names, &capacity, n + 1, sizeof(char *)) != 0) {
      status = -2;
      break;
    }
    /* the name becomes the path in place below */
    size_t length = strlen(folder) + strlen(entry->d_name) + 2;
    if (!(names[n] = malloc(length))) status = -2;
    else snprintf(names[n++], length, "%s/%s", folder, entry->d_name);
  }
  closedir(dir);
  if (names) qsort(names, n, sizeof(char *), compare_names); /* one folder: paths sort as names */
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    if (status == 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) names[kept++] = names[i];
    else free(names[i]);
  }
  if (status != 0) {
    for (size_t i = 0; i < kept; i++) free(names[i]);
    free(names);
    return status;
  }
  *paths = names;
  *count = kept;
  return 0;
}

static void load_folder(rule_pack *pack, sandbox *sb, const char *folder) {
  char **paths;
  size_t count;
  int status = rules_folder_files(folder, &paths, &count);
  if (status != 0) {
    diag_add(pack->diags, folder, 0, 0, status == -1 ? "cannot open the rule folder"
                                                     : "out of memory listing the rule folder");
    return;
  }
  for (size_t i = 0; i < count; i++) {
    char *path = arena_strdup(pack->arena, paths[i]);
    if (path) load_file(pack, sb, path, folder);
    free(paths[i]);
  }
  free(paths);
  if (count == 0)
    diag_add(pack->diags, folder, 0, 0, "the rule folder holds no .lua files");
}

/* Checks rules from index first on, once every file has loaded. */
static void validate_rules(rule_pack *pack, size_t first) {
  rule_model *m = &pack->model;
  if (!m->declared) {
    diag_add(pack->diags, NULL, 0, 0,
             "the rule pack declares no model{}: add one naming its ingredients, stages and "
             "bands (see docs/rules.md)");
    return;
  }
  for (size_t i = first; i < pack->rule_count; i++) {
    rule_definition *r = &pack->rules[i];
    int index = r->ingredient ? rules_ingredient_index(m, r->ingredient) : -1;
    r->ingredient_index = index < 0 ? RULES_NO_INGREDIENT : (size_t)index;
    if (r->ingredient && index < 0)
      diag_add(pack->diags, r->file, r->line, 0,
               "%s '%s': '%s' is not an ingredient of the model (declared at %s:%d)",
               r->context ? "context" : "rule", r->id, r->ingredient, m->file, m->line);
    for (size_t s = 0; s < r->stage_count; s++)
      if (m->stage_count && rules_stage_index(m, r->stages[s]) < 0)
        diag_add(pack->diags, r->file, r->line, 0, "%s '%s': '%s' is not a stage of the model",
                 r->context ? "context" : "rule", r->id, r->stages[s]);
  }
}

/* Loads each path: a file, or a folder of rule files. */
static void load_paths(rule_pack *pack, sandbox *sb, const char *const *paths, size_t path_count) {
  pack->loading = 1;
  sb->module_loaded = note_module;
  sb->module_context = pack;
  for (size_t i = 0; i < path_count; i++) {
    struct stat st;
    if (stat(paths[i], &st) != 0) {
      diag_add(pack->diags, paths[i], 0, 0, "rule path not found");
    } else if (S_ISDIR(st.st_mode)) {
      /* as shown, so that the modules it requires are named as its files are */
      load_folder(pack, sb, rules_display_path(pack->arena, paths[i]));
    } else {
      char *folder = arena_strdup(pack->arena, rules_display_path(pack->arena, paths[i]));
      char *slash = folder ? strrchr(folder, '/') : NULL;
      if (slash) *slash = '\0';
      load_file(pack, sb, paths[i], slash ? folder : ".");
    }
  }
  sb->module_loaded = NULL;
  pack->loading = 0;
}

int rules_load(rule_pack *pack, sandbox *sb, const char *const *paths, size_t path_count,
               diag_list *diags) {
  *pack = (rule_pack){0};
  pack->arena = arena_new();
  if (!pack->arena) {
    diag_add(diags, NULL, 0, 0, "out of memory");
    return -1;
  }
  pack->diags = diags;
  pack->model.effort_cost[0] = RULES_EFFORT_COST_LOW;
  pack->model.effort_cost[1] = RULES_EFFORT_COST_MEDIUM;
  pack->model.effort_cost[2] = RULES_EFFORT_COST_HIGH;
  ((rule_host *)sb->host)->pack = pack;
  sandbox_register(sb, "model", api_model);
  sandbox_register(sb, "rule", api_rule);
  sandbox_register(sb, "context", api_context);
  sandbox_register(sb, "check", api_check);
  size_t before = diags->count;
  pack->loaded = HASH_FNV_OFFSET;
  sb->digest = &pack->loaded; /* the modules the files require count too */
  load_paths(pack, sb, paths, path_count);
  sb->digest = NULL;
  validate_rules(pack, 0);
  if (!(pack->digest = digest_text(pack, pack->loaded)))
    diag_add(diags, NULL, 0, 0, "out of memory");
  return diags->count == before ? 0 : -1;
}

/* Notes the digest of an authority's own files, the pack's continued over them. */
static void note_authority_digest(rule_pack *pack, const char *authority, diag_list *diags) {
  if (pack->authority_digest_count == pack->authority_digest_capacity) {
    size_t capacity = pack->authority_digest_capacity ? pack->authority_digest_capacity * 2 : 8;
    rule_authority_digest *grown = arena_grow(pack->arena, pack->authority_digests,
                                              pack->authority_digest_count, capacity,
                                              sizeof *grown);
    if (!grown) {
      diag_add(diags, NULL, 0, 0, "out of memory");
      return;
    }
    pack->authority_digests = grown;
    pack->authority_digest_capacity = capacity;
  }
  rule_authority_digest *d = &pack->authority_digests[pack->authority_digest_count];
  d->authority = arena_strdup(pack->arena, authority);
  d->digest = digest_text(pack, pack->loaded);
  if (d->authority && d->digest) pack->authority_digest_count++;
  else diag_add(diags, NULL, 0, 0, "out of memory");
}

const char *rules_digest(const rule_pack *pack, const char *authority) {
  for (size_t i = 0; i < pack->authority_digest_count; i++)
    if (strcmp(pack->authority_digests[i].authority, authority) == 0)
      return pack->authority_digests[i].digest;
  return pack->digest;
}

int rules_load_for_authority(rule_pack *pack, sandbox *sb, const char *authority,
                             const char *const *paths, size_t path_count, diag_list *diags) {
  size_t before = diags->count, first = pack->rule_count, checks = pack->check_count;
  uint64_t pack_loaded = pack->loaded;
  pack->diags = diags;
  pack->loading_authority = authority;
  sb->digest = &pack->loaded;
  load_paths(pack, sb, paths, path_count);
  sb->digest = NULL;
  pack->loading_authority = NULL;
  note_authority_digest(pack, authority, diags);
  pack->loaded = pack_loaded; /* the next authority's files continue the pack's digest */
  if (pack->check_count != checks)
    diag_add(diags, paths[0], 0, 0,
             "check{} belongs in the shared pack: an authority's own rule files hold rules only");
  validate_rules(pack, first);
  return diags->count == before ? 0 : -1;
}

void rules_free(rule_pack *pack) {
  arena_free(pack->arena);
  *pack = (rule_pack){0};
}

int rules_ingredient_index(const rule_model *model, const char *id) {
  for (size_t i = 0; i < model->ingredient_count; i++)
    if (strcmp(model->ingredients[i].id, id) == 0) return (int)i;
  return -1;
}

int rules_stage_index(const rule_model *model, const char *name) {
  for (size_t i = 0; i < model->stage_count; i++)
    if (strcmp(model->stages[i].name, name) == 0) return (int)i;
  return -1;
}

double rules_effort_cost(const rule_model *model, const char *effort) {
  static const char *const efforts[] = {"low", "medium", "high"};
  for (int i = 0; i < 3; i++)
    if (strcmp(effort, efforts[i]) == 0) return model->effort_cost[i];
  return 0;
}

/* }====================================================================== */
