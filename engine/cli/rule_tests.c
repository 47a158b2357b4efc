/* rule_tests.c: running Lua tests of rule packs; see rule_tests.h.
 * Test files run in a sandbox of their own. Each t:run builds an in-memory
 * config and sources for one authority and opens a fresh engine on them
 * (engine_open_parts), so a test sees exactly what `sustain run` would. */
#include "rule_tests.h"

#include <dirent.h>
#include <lauxlib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "column_hint.h"
#include "engine.h"
#include "grow.h"
#include "report_values.h"
#include "table_builder.h"

/* The date a test assesses on unless it says otherwise: fixed, so tests do not
 * change meaning from one day to the next. */
#define RULE_TESTS_DEFAULT_DATE "2024-03-31"
/* Options a CSV fixture may give (path, delimiter, types, missing, columns). */
#define RULE_TESTS_MAX_CSV_OPTIONS 8

/* Entries of a table a failure message shows before "...". */
#define RULE_TESTS_SHOWN_ENTRIES 6

/* The stage of a test that gives neither a stage nor a pilot_end. */
#define RULE_TESTS_DEFAULT_STAGE "pilot"

/* The authority every test assesses, unless the test names one. */
#define RULE_TESTS_AUTHORITY "test"

/* The debug(...) text kept for one test, beyond the limits of each call (sandbox.h): a
 * test of the whole pack runs every rule, each of which may write its lines. */
#define RULE_TESTS_DEBUG_BYTES (256 * 1024)

/* Rule errors of a test's runs quoted under a failed assertion. */
#define RULE_TESTS_QUOTED_ERRORS 3

typedef struct test_case {
  char *name;
  int line;
  int function_ref;
} test_case;

/* Shared by the C functions of the test API through the test sandbox's host. */
typedef struct test_context {
  const rule_tests_options *options;
  rule_tests_result *result;
  const char *file;     /* the test file, as shown */
  const char *folder;   /* its folder: fixtures are relative to it */
  const char *pack_dir; /* the pack under test */
  test_case *tests;
  size_t test_count, test_capacity;
  char *failure; /* the first failed assertion of the running test */
  int failure_line;
  char *debug;   /* the running test's debug(...) lines (RULE_TESTS_DEBUG_BYTES at most) */
  size_t debug_length, debug_capacity;
  int debug_full;
  char *run_errors; /* the rule errors of the running test's t:run calls, for its failure */
  size_t run_error_count;
  char **seen;   /* "pack\trule" for each rule whose result a test read */
  size_t seen_count, seen_capacity;
  char **known;  /* "pack\trule" for each rule of each pack tested */
  size_t known_count, known_capacity;
  int out_of_memory;
} test_context;

static test_context *context_of(lua_State *L) { return sandbox_from(L)->host; }

/* Where debug(...) writes during a test, in its sandbox and in the engines its t:run
 * calls open: kept with the test's report, up to RULE_TESTS_DEBUG_BYTES. */
static void keep_debug_line(void *context, const char *line, size_t length) {
  test_context *ctx = context;
  static const char full[] = "debug: further debug lines of this test are not shown\n";
  if (ctx->debug_full) return;
  if (ctx->debug_length + length + sizeof full > RULE_TESTS_DEBUG_BYTES) {
    ctx->debug_full = 1;
    line = full;
    length = sizeof full - 2; /* without its newline and NUL */
  }
  if (GROW(&ctx->debug, &ctx->debug_capacity, ctx->debug_length + length + 2) != 0) {
    ctx->debug_full = 1; /* out of memory: the test runs on without its lines */
    return;
  }
  memcpy(ctx->debug + ctx->debug_length, line, length);
  ctx->debug_length += length;
  ctx->debug[ctx->debug_length++] = '\n';
  ctx->debug[ctx->debug_length] = '\0';
}

/* Starts a test's (or a test file's) debug lines and run errors afresh. */
static void forget_test_output(test_context *ctx) {
  ctx->debug_length = 0;
  ctx->debug_full = 0;
  if (ctx->debug) ctx->debug[0] = '\0';
  free(ctx->run_errors);
  ctx->run_errors = NULL;
  ctx->run_error_count = 0;
}

/* Appends a copy of text to a growing array of strings, unless present. */
static void remember(test_context *ctx, char ***list, size_t *count, size_t *capacity,
                     const char *pack, const char *rule) {
  char *entry = malloc(strlen(pack) + strlen(rule) + 2);
  if (!entry) {
    ctx->out_of_memory = 1;
    return;
  }
  sprintf(entry, "%s\t%s", pack, rule);
  for (size_t i = 0; i < *count; i++)
    if (strcmp((*list)[i], entry) == 0) {
      free(entry);
      return;
    }
  if (grow_array((void **)list, capacity, *count + 1, sizeof(char *)) != 0) {
    free(entry);
    ctx->out_of_memory = 1;
    return;
  }
  (*list)[(*count)++] = entry;
}

/* ** {======================================================================
** Assertions
** ======================================================================= */

/* Pushes a short description of the value at index, for messages. */
static void describe(lua_State *L, int index) {
  switch (lua_type(L, index)) {
  case LUA_TSTRING: lua_pushfstring(L, "\"%s\"", lua_tostring(L, index)); break;
  case LUA_TNUMBER: {
    char number[32];
    snprintf(number, sizeof number, "%.10g", lua_tonumber(L, index));
    lua_pushstring(L, number);
    break;
  }
  case LUA_TBOOLEAN: lua_pushstring(L, lua_toboolean(L, index) ? "true" : "false"); break;
  case LUA_TNIL: lua_pushliteral(L, "nil"); break;
  case LUA_TTABLE: { /* the first few entries, so a failed t:eq on tables reads */
    int table = lua_absindex(L, index), shown = 0;
    lua_pushliteral(L, "{ "); /* the description so far */
    int text = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, table)) { /* key, value */
      if (shown++ == RULE_TESTS_SHOWN_ENTRIES) {
        lua_pop(L, 2); /* remove value and key: stop */
        lua_pushliteral(L, "... ");
        lua_concat(L, 2);
        break;
      }
      int pair = lua_gettop(L);
      lua_pushvalue(L, text);
      if (lua_type(L, pair - 1) == LUA_TSTRING) lua_pushfstring(L, "%s = ", lua_tostring(L, pair - 1));
      else lua_pushliteral(L, "");
      describe(L, pair);
      lua_pushliteral(L, ", ");
      lua_concat(L, 4); /* text .. "key = " .. value .. ", " */
      lua_replace(L, text);
      lua_pop(L, 1); /* remove value, keep key */
    }
    lua_pushliteral(L, "}");
    lua_concat(L, 2);
    break;
  }
  default: lua_pushstring(L, luaL_typename(L, index)); break;
  }
}

/* Records a failed assertion at the test's line and stops the test. */
static int assertion_failed(lua_State *L, int message_index, const char *format, ...) {
  test_context *ctx = context_of(L);
  va_list args;
  va_start(args, format);
  lua_pushvfstring(L, format, args);
  va_end(args);
  if (!lua_isnoneornil(L, message_index)) {
    luaL_tolstring(L, message_index, NULL); /* the test's own words */
    lua_insert(L, -2);
    lua_pushliteral(L, ": ");
    lua_insert(L, -2);
    lua_concat(L, 3); /* "words: expected ..., got ..." */
  }
  if (!ctx->failure) {
    char file[256];
    int line = 0;
    sandbox_where(L, 1, file, sizeof file, &line);
    if (ctx->run_errors) { /* a rule that failed is most often why */
      lua_pushstring(L, ctx->run_errors);
      lua_concat(L, 2);
    }
    ctx->failure = strdup(lua_tostring(L, -1));
    ctx->failure_line = line;
    if (!ctx->failure) ctx->out_of_memory = 1;
  }
  return lua_error(L);
}

/* Deep equality of plain values and tables (no metatables consulted). */
static int same(lua_State *L, int a, int b, int depth) {
  a = lua_absindex(L, a);
  b = lua_absindex(L, b);
  if (lua_type(L, a) != LUA_TTABLE || lua_type(L, b) != LUA_TTABLE) return lua_rawequal(L, a, b);
  if (depth > 20) return 0;
  for (int pass = 0; pass < 2; pass++) { /* every key of each is in the other, equal */
    int from = pass ? b : a, to = pass ? a : b;
    lua_pushnil(L);
    while (lua_next(L, from)) {
      lua_pushvalue(L, -2);
      lua_rawget(L, to);
      int equal = same(L, -1, -2, depth + 1);
      lua_pop(L, 2); /* remove both values, keep the key */
      if (!equal) {
        lua_pop(L, 1); /* remove the key */
        return 0;
      }
    }
  }
  return 1;
}

/* t:eq(actual, expected [, message]) */
static int test_eq(lua_State *L) {
  lua_settop(L, 4);
  if (same(L, 2, 3, 0)) return 0;
  describe(L, 3);
  describe(L, 2);
  return assertion_failed(L, 4, "expected %s, got %s", lua_tostring(L, -2), lua_tostring(L, -1));
}

/* t:near(actual, expected [, tolerance [, message]]) */
static int test_near(lua_State *L) {
  lua_settop(L, 5);
  double tolerance = luaL_optnumber(L, 4, 0.001);
  if (lua_type(L, 2) == LUA_TNUMBER && lua_type(L, 3) == LUA_TNUMBER &&
      fabs(lua_tonumber(L, 2) - lua_tonumber(L, 3)) <= tolerance)
    return 0;
  char within[32];
  snprintf(within, sizeof within, "%g", tolerance);
  describe(L, 3);
  describe(L, 2);
  return assertion_failed(L, 5, "expected %s (within %s), got %s", lua_tostring(L, -2), within,
                          lua_tostring(L, -1));
}

/* t:ok(value [, message]) */
static int test_ok(lua_State *L) {
  lua_settop(L, 3);
  if (lua_toboolean(L, 2)) return 0;
  describe(L, 2);
  return assertion_failed(L, 3, "expected a true value, got %s", lua_tostring(L, -1));
}

/* }====================================================================== */

/* ** {======================================================================
** t:run: one authority through the pack
** ======================================================================= */

/* Pushes a set of the column names found in any row of the array at index (name ->
 * true). Returns 0, or -1 with error filled and nothing pushed when a row is not a
 * table or has a key that is not a name. */
static int collect_columns(lua_State *L, const char *name, int index, char *error) {
  lua_newtable(L); /* column name -> true */
  int columns = lua_gettop(L);
  size_t row_count = lua_rawlen(L, index);
  for (size_t r = 1; r <= row_count; r++) {
    if (lua_rawgeti(L, index, (lua_Integer)r) != LUA_TTABLE) {
      snprintf(error, TABLE_BUILDER_ERROR_SIZE, "data.%s: row %zu is not a table", name, r);
      lua_pop(L, 2); /* remove row and columns */
      return -1;
    }
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      lua_pop(L, 1); /* remove value */
      if (lua_type(L, -1) != LUA_TSTRING) {
        snprintf(error, TABLE_BUILDER_ERROR_SIZE, "data.%s: row %zu has a key that is not a "
                 "column name", name, r);
        lua_pop(L, 3); /* remove key, row and columns */
        return -1;
      }
      lua_pushvalue(L, -1);
      lua_pushboolean(L, 1);
      lua_rawset(L, columns);
    }
    lua_pop(L, 1); /* remove row */
  }
  return 0;
}

/* Pushes an array (userdata) of the names in the set at columns, in name order, so that
 * columns do not depend on hashing; the strings stay alive as keys of the set. */
static const char **sorted_names(lua_State *L, int columns, size_t *count) {
  size_t n = 0;
  lua_pushnil(L);
  while (lua_next(L, columns)) {
    lua_pop(L, 1); /* remove value */
    n++;
  }
  const char **names = lua_newuserdatauv(L, (n + 1) * sizeof(char *), 0);
  *count = 0;
  lua_pushnil(L);
  while (lua_next(L, columns)) {
    lua_pop(L, 1); /* remove value */
    names[(*count)++] = lua_tostring(L, -1);
  }
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
      const char *swap = names[j];
      names[j] = names[j - 1];
      names[j - 1] = swap;
    }
  return names;
}

/* Appends one cell of the row on top of the stack to b. Returns 0, or -1 with error. */
static int append_cell(lua_State *L, table_builder *b, const char *name, size_t r,
                       const char *column, char *error) {
  int type = lua_getfield(L, -1, column);
  int ok = 0;
  if (type == LUA_TNIL) {
    ok = table_builder_append_missing(b, error) == 0;
  } else if (type == LUA_TSTRING || type == LUA_TNUMBER) {
    size_t length;
    lua_pushvalue(L, -1); /* convert a copy, not the row's value */
    const char *text = lua_tolstring(L, -1, &length);
    ok = table_builder_append_text(b, text, length, error) == 0;
    lua_pop(L, 1); /* remove the copy */
  } else {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE,
             "data.%s: row %zu, column %s holds a %s; give text or a number", name, r, column,
             lua_typename(L, type));
  }
  lua_pop(L, 1); /* remove the value */
  return ok ? 0 : -1;
}

/* Builds a table from inline rows: an array of {column = value}. Columns are the
 * keys found in any row, in name order; absent keys are missing values. */
static evidence_table *rows_to_table(lua_State *L, const char *name, int rows, char *error) {
  int index = lua_absindex(L, rows);
  if (collect_columns(L, name, index, error) != 0) return NULL;
  size_t n;
  const char **names = sorted_names(L, lua_gettop(L), &n);
  table_builder b;
  evidence_table *table = NULL;
  if (table_builder_init(&b, name, NULL) != 0) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE, "out of memory");
    lua_pop(L, 2); /* remove names and columns */
    return NULL;
  }
  int ok = 1;
  for (size_t c = 0; c < n && ok; c++)
    ok = table_builder_add_column(&b, names[c], strlen(names[c]), SUSTAIN_COLUMN_INFER, error) == 0;
  size_t row_count = lua_rawlen(L, index);
  for (size_t r = 1; r <= row_count && ok; r++) {
    lua_rawgeti(L, index, (lua_Integer)r);
    for (size_t c = 0; c < n && ok; c++) ok = append_cell(L, &b, name, r, names[c], error) == 0;
    lua_pop(L, 1); /* remove row */
    if (ok) ok = table_builder_end_row(&b, error) == 0;
  }
  if (ok) table = table_builder_finish(&b, error);
  table_builder_free(&b);
  lua_pop(L, 2); /* remove names and columns */
  return table;
}

/* spec[key] as text in the arena, or NULL (test_run checked the types first,
 * so nothing here raises while the arena is unowned). */
static const char *optional_string(lua_State *L, int spec, const char *key, arena *a) {
  const char *value = NULL;
  int type = lua_getfield(L, spec, key);
  if (type == LUA_TSTRING || type == LUA_TNUMBER) value = arena_strdup(a, lua_tostring(L, -1));
  lua_pop(L, 1);
  return value;
}

/* The config of a test: one authority, the pack under test, default limits. */
static config *test_config(lua_State *L, test_context *ctx, int spec) {
  arena *a = arena_new();
  config *cfg = a ? arena_alloc(a, sizeof *cfg) : NULL;
  config_authority *authority = cfg ? arena_alloc(a, sizeof *authority) : NULL;
  const char **rules = authority ? arena_alloc(a, sizeof(char *)) : NULL;
  if (!rules) {
    arena_free(a);
    luaL_error(L, "out of memory");
  }
  *cfg = (config){.arena = a, .path = ctx->file, .dir = ctx->folder, .name = "test",
                  .rules = rules, .rule_count = 1, .authorities = authority,
                  .authority_count = 1};
  config_set_defaults(cfg); /* as a config file that leaves [limits] out */
  rules[0] = ctx->pack_dir;
  const char *date = optional_string(L, spec, "date", a);
  const char *pilot_start = optional_string(L, spec, "pilot_start", a);
  const char *pilot_end = optional_string(L, spec, "pilot_end", a);
  if (date_parse(date ? date : RULE_TESTS_DEFAULT_DATE, &cfg->date) != 0 ||
      (pilot_start && date_parse(pilot_start, &authority->pilot_start) != 0) ||
      (pilot_end && date_parse(pilot_end, &authority->pilot_end) != 0)) {
    arena_free(a);
    luaL_error(L, "t:run: dates are written YYYY-MM-DD");
  }
  authority->id = optional_string(L, spec, "id", a);
  if (!authority->id) authority->id = RULE_TESTS_AUTHORITY;
  authority->name = optional_string(L, spec, "name", a);
  if (!authority->name) authority->name = authority->id;
  authority->stage = optional_string(L, spec, "stage", a);
  /* a test that says nothing of the journey assesses a running pilot */
  if (!authority->stage && !pilot_end) authority->stage = RULE_TESTS_DEFAULT_STAGE;
  if (lua_getfield(L, spec, "suppress_below") == LUA_TNUMBER)
    cfg->suppress_below = (int)lua_tointeger(L, -1);
  lua_pop(L, 1);
  if (lua_getfield(L, spec, "attr") == LUA_TTABLE) {
    size_t count = 0;
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      lua_pop(L, 1);
      count++;
    }
    authority->attributes = arena_alloc(a, (count + 1) * sizeof(config_pair));
    lua_pushnil(L);
    while (authority->attributes && lua_next(L, -2)) {
      lua_pushvalue(L, -1); /* convert a copy */
      const char *value = lua_type(L, -1) == LUA_TBOOLEAN
                              ? (lua_toboolean(L, -1) ? "yes" : "no")
                              : lua_tostring(L, -1);
      if (lua_type(L, -3) == LUA_TSTRING && value)
        authority->attributes[authority->attribute_count++] =
            (config_pair){arena_strdup(a, lua_tostring(L, -3)), arena_strdup(a, value), 0};
      lua_pop(L, 2); /* remove copy and value */
    }
  }
  lua_pop(L, 1); /* remove attr */
  return cfg;
}

/* The sources of a test: data = { NAME = {rows...} or "fixture.csv" }. On a
 * problem, frees what it built, pushes a message and returns -1. */
static int test_sources(lua_State *L, test_context *ctx, int spec, config *cfg,
                        evidence_set *sources) {
  *sources = (evidence_set){0};
  if (lua_getfield(L, spec, "data") != LUA_TTABLE) {
    lua_pop(L, 1);
    return 0;
  }
  plugin_search_path search = {0};
  int searched = 0;
  diag_list diags = {0};
  char error[TABLE_BUILDER_ERROR_SIZE] = "";
  int data = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, data)) { /* name, rows or file */
    if (lua_type(L, -2) != LUA_TSTRING) {
      snprintf(error, sizeof error, "t:run: data is keyed by table name");
      lua_pop(L, 2);
      break;
    }
    const char *name = lua_tostring(L, -2);
    evidence_table *table = NULL;
    int is_file = lua_type(L, -1) == LUA_TSTRING;
    if (lua_type(L, -1) == LUA_TTABLE) {
      is_file = lua_getfield(L, -1, "csv") == LUA_TSTRING;
      lua_pop(L, 1);
    }
    if (lua_type(L, -1) == LUA_TTABLE && !is_file) {
      table = rows_to_table(L, name, -1, error);
    } else if (is_file) {
      /* "file.csv", or { csv = "file.csv", missing = "c", columns = ..., types = ... } */
      if (!searched)
        searched = engine_plugin_search_path(&search, NULL, ctx->options->env_plugin_path,
                                             ctx->options->layout) == 0;
      config_pair options[RULE_TESTS_MAX_CSV_OPTIONS];
      size_t option_count = 0;
      if (lua_type(L, -1) == LUA_TSTRING) {
        options[option_count++] = (config_pair){"path", lua_tostring(L, -1), 0};
      } else {
        lua_pushnil(L);
        while (lua_next(L, -2)) { /* option, value: strings kept alive by the spec */
          if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TSTRING &&
              option_count < RULE_TESTS_MAX_CSV_OPTIONS) {
            const char *key = lua_tostring(L, -2);
            options[option_count++] =
                (config_pair){strcmp(key, "csv") == 0 ? "path" : key, lua_tostring(L, -1), 0};
          }
          lua_pop(L, 1); /* remove value */
        }
      }
      config_source source = {.name = name, .plugin = "csv", .options = options,
                              .option_count = option_count};
      table = sources_load_one(cfg, &source, &search, &diags);
      if (!table && diags.count)
        snprintf(error, sizeof error, "%s%s%s", diags.items[0].file ? diags.items[0].file : "",
                 diags.items[0].file ? ": " : "", diags.items[0].message);
    } else {
      snprintf(error, sizeof error, "t:run: data.%s must be a list of rows or a CSV file name",
               name);
    }
    lua_pop(L, 1); /* remove value, keep name */
    if (!table || evidence_set_add(sources, table) != 0) {
      if (!error[0]) snprintf(error, sizeof error, "out of memory loading data.%s", name);
      lua_pop(L, 1); /* remove name */
      break;
    }
  }
  lua_pop(L, 1); /* remove data */
  plugin_search_path_free(&search);
  diag_list_clear(&diags);
  if (!error[0]) return 0;
  evidence_set_free(sources);
  lua_pushstring(L, error);
  return -1;
}

/* Keeps only the rules a test asked for (rule = ID or ingredient = ID), plus,
 * when one of them reads other ingredients' scores, every pass-1 rule. */
static int select_rules(engine_authority *ea, const char *rule, const char *ingredient) {
  if (!rule && !ingredient) return 0;
  int needs_pass1 = 0, found = 0;
  for (size_t k = 0; k < ea->rule_count; k++) {
    const rule_definition *r = ea->rules[k];
    int wanted = (rule && strcmp(r->id, rule) == 0) ||
                 (ingredient && !r->context && strcmp(r->ingredient, ingredient) == 0);
    found |= wanted;
    needs_pass1 |= wanted && r->pass == 2;
  }
  size_t kept = 0;
  for (size_t k = 0; k < ea->rule_count; k++) {
    const rule_definition *r = ea->rules[k];
    int wanted = (rule && strcmp(r->id, rule) == 0) ||
                 (ingredient && !r->context && strcmp(r->ingredient, ingredient) == 0) ||
                 (needs_pass1 && r->pass == 1 && !r->context);
    if (!wanted) continue;
    ea->disabled[kept] = ea->disabled[k];
    ea->rules[kept++] = r;
  }
  ea->rule_count = kept;
  return found ? 0 : -1;
}

/* __index of result.rules: notes which rule results a test reads. Upvalues: the
 * real table, the pack folder. */
static int rules_index(lua_State *L) {
  test_context *ctx = context_of(L);
  if (lua_type(L, 2) == LUA_TSTRING)
    remember(ctx, &ctx->seen, &ctx->seen_count, &ctx->seen_capacity,
             lua_tostring(L, lua_upvalueindex(2)), lua_tostring(L, 2));
  lua_pushvalue(L, 2);
  lua_rawget(L, lua_upvalueindex(1));
  return 1;
}

static void set_number(lua_State *L, const char *key, double value) {
  if (isnan(value)) return;
  lua_pushnumber(L, value);
  lua_setfield(L, -2, key);
}

static void set_string(lua_State *L, const char *key, const char *value) {
  if (!value) return;
  lua_pushstring(L, value);
  lua_setfield(L, -2, key);
}

static void push_evidence_value(lua_State *L, const plan_evidence *e) {
  switch (e->kind) {
  case PLAN_VALUE_NUMBER: lua_pushnumber(L, e->number); break;
  case PLAN_VALUE_TEXT: lua_pushstring(L, e->text); break;
  case PLAN_VALUE_BOOLEAN: lua_pushboolean(L, e->boolean); break;
  default: lua_pushliteral(L, "c"); break;
  }
}

/* A benchmark's figure as a test reads it: the number, "c" when suppressed, nil when
 * not published (pushes nothing then). */
static void set_figure(lua_State *L, const char *key, double value, int suppressed) {
  if (suppressed) {
    lua_pushliteral(L, "c");
    lua_setfield(L, -2, key);
    return;
  }
  set_number(L, key, value);
}

/* Pushes one benchmark (a:benchmark): rank, ranked, quartile letter, the figures, each
 * neighbour {name, value, rank} in order, and the trend's years. */
static void push_benchmark(lua_State *L, const plan_benchmark *b) {
  lua_newtable(L);
  set_string(L, "title", b->title);
  lua_pushinteger(L, b->year);
  lua_setfield(L, -2, "year");
  set_figure(L, "authority", b->authority.value, b->authority.suppressed);
  if (b->authority.rank) {
    lua_pushinteger(L, b->authority.rank);
    lua_setfield(L, -2, "rank");
  }
  lua_pushinteger(L, (lua_Integer)b->ranked);
  lua_setfield(L, -2, "ranked");
  set_string(L, "quartile", plan_benchmark_quartile_letter(b->quartile));
  set_number(L, "england", b->england);
  set_string(L, "region_name", b->region_name);
  set_number(L, "region", b->region);
  set_string(L, "neighbours_of", b->neighbours_of);
  set_number(L, "neighbour_average", b->neighbour_average);
  lua_createtable(L, (int)b->neighbour_count, 0);
  for (size_t i = 0; i < b->neighbour_count; i++) {
    lua_newtable(L);
    set_string(L, "name", b->neighbours[i].name);
    set_number(L, "value", b->neighbours[i].value);
    if (b->neighbours[i].rank) {
      lua_pushinteger(L, b->neighbours[i].rank);
      lua_setfield(L, -2, "rank");
    }
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "neighbours");
  lua_createtable(L, (int)b->trend_count, 0);
  for (size_t i = 0; i < b->trend_count; i++) {
    lua_newtable(L);
    lua_pushinteger(L, b->trend[i].year);
    lua_setfield(L, -2, "year");
    set_number(L, "authority", b->trend[i].authority);
    set_number(L, "england", b->trend[i].england);
    set_number(L, "region", b->trend[i].region);
    set_number(L, "neighbours", b->trend[i].neighbours);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "trend");
}

/* Pushes one rule's or context item's result: status, score, reason (and its kind),
 * message and evidence by label. */
static void push_rule(lua_State *L, const plan_rule *rule) {
  lua_newtable(L);
  set_string(L, "status", report_status_name(rule->status));
  set_number(L, "score", rule->score);
  if (rule->status == PLAN_RULE_NOT_ASSESSED) {
    set_string(L, "reason", rule->reason);
    set_string(L, "reason_kind", report_reason_kind_name(rule->reason_kind));
  }
  set_string(L, "message", rule->message);
  lua_newtable(L);
  for (size_t e = 0; e < rule->evidence_count; e++) {
    push_evidence_value(L, &rule->evidence[e]);
    lua_setfield(L, -2, rule->evidence[e].label);
  }
  lua_setfield(L, -2, "evidence");
  lua_newtable(L); /* benchmarks by id */
  for (size_t k = 0; k < rule->benchmark_count; k++) {
    push_benchmark(L, &rule->benchmarks[k]);
    lua_setfield(L, -2, rule->benchmarks[k].id);
  }
  lua_setfield(L, -2, "benchmarks");
}

/* Replaces the table at the top with a proxy that notes which results a test reads. */
static void push_reading_proxy(lua_State *L, test_context *ctx) {
  lua_newtable(L); /* the proxy */
  lua_newtable(L); /* its metatable */
  lua_pushvalue(L, -3);
  lua_pushstring(L, ctx->pack_dir);
  lua_pushcclosure(L, rules_index, 2);
  lua_setfield(L, -2, "__index");
  lua_setmetatable(L, -2);
  lua_remove(L, -2); /* remove the real table; the closure keeps it */
}

/* Pushes one action as a test reads it. */
static void push_action(lua_State *L, const plan_action *action) {
  lua_newtable(L);
  lua_pushinteger(L, action->rank);
  lua_setfield(L, -2, "rank");
  set_string(L, "id", action->id);
  set_string(L, "gap", action->gap);
  set_string(L, "ingredient", action->ingredient);
  set_string(L, "title", action->title);
  set_string(L, "owner", action->owner);
  set_string(L, "effort", action->effort);
  set_string(L, "why", action->why);
  set_string(L, "plain", action->plain); /* nil without one */
  set_number(L, "impact", action->impact);
  set_number(L, "priority", action->priority);
  lua_pushboolean(L, action->survival);
  lua_setfield(L, -2, "survival");
  lua_pushboolean(L, action->first);
  lua_setfield(L, -2, "first");
  lua_createtable(L, (int)action->found_by_count, 0);
  for (size_t i = 0; i < action->found_by_count; i++) {
    lua_pushstring(L, action->found_by[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "found_by");
}

/* Pushes what a test reads: scores, statuses, evidence, context and actions. */
static void push_result(lua_State *L, test_context *ctx, const plan_authority *a) {
  lua_newtable(L);
  set_number(L, "score", a->score);
  set_string(L, "band", a->band);
  set_number(L, "coverage", a->coverage);
  set_number(L, "rule_coverage", a->rule_coverage);
  set_string(L, "stage", a->stage);
  lua_newtable(L); /* ingredients */
  lua_newtable(L); /* rules, the real table behind the proxy */
  for (size_t i = 0; i < a->ingredient_count; i++) {
    const plan_ingredient *ingredient = &a->ingredients[i];
    lua_newtable(L);
    set_number(L, "score", ingredient->score);
    set_number(L, "weight", ingredient->weight);
    lua_setfield(L, -3, ingredient->id);
    for (size_t r = 0; r < ingredient->rule_count; r++) {
      push_rule(L, &ingredient->rules[r]);
      lua_setfield(L, -2, ingredient->rules[r].id);
    }
  }
  push_reading_proxy(L, ctx);
  lua_setfield(L, -3, "rules");
  lua_setfield(L, -2, "ingredients");
  lua_newtable(L); /* context, by id */
  for (size_t i = 0; i < a->context_count; i++) {
    push_rule(L, &a->context[i]);
    lua_setfield(L, -2, a->context[i].id);
  }
  push_reading_proxy(L, ctx);
  lua_setfield(L, -2, "context");
  lua_newtable(L); /* actions, in rank order */
  lua_newtable(L); /* action, by id */
  for (size_t i = 0; i < a->action_count; i++) {
    push_action(L, &a->actions[i]);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, a->actions[i].id);
    lua_rawseti(L, -3, (lua_Integer)i + 1);
  }
  lua_setfield(L, -3, "action");
  lua_setfield(L, -2, "actions");
  lua_newtable(L); /* data_quality: check id -> count (or "c") */
  for (size_t i = 0; i < a->data_quality_count; i++) {
    if (a->data_quality[i].suppressed) lua_pushliteral(L, "c");
    else lua_pushinteger(L, a->data_quality[i].count);
    lua_setfield(L, -2, a->data_quality[i].check);
  }
  lua_setfield(L, -2, "data_quality");
}

/* Adds errors to the result at the top of the stack: every failed rule and
 * check, { rule = ID, message = ... }, so a test sees a check that failed
 * (rules also show theirs in r.rules). */
static void push_errors(lua_State *L, const plan *p) {
  lua_createtable(L, (int)p->error_count, 0);
  for (size_t i = 0; i < p->error_count; i++) {
    lua_createtable(L, 0, 2);
    set_string(L, "rule", p->errors[i].rule);
    set_string(L, "message", p->errors[i].message);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "errors");
}

/* Keeps the first rule errors of a run, each as `sustain run` prints it, so that an
 * assertion that then fails shows why the rule had no result. */
static void note_run_errors(test_context *ctx, const plan *p) {
  for (size_t i = 0; i < p->error_count && ctx->run_error_count <= RULE_TESTS_QUOTED_ERRORS; i++) {
    const plan_error *e = &p->errors[i];
    const char *more =
        ctx->run_error_count++ == RULE_TESTS_QUOTED_ERRORS
            ? "\n  and more rules failed (r.errors lists them)"
            : arena_printf(p->arena, "\n  rule %s failed: %s:%d: %s", e->rule, e->file, e->line,
                           e->message);
    size_t before = ctx->run_errors ? strlen(ctx->run_errors) : 0;
    char *grown = more ? realloc(ctx->run_errors, before + strlen(more) + 1) : NULL;
    if (!grown) {
      ctx->out_of_memory = 1;
      return;
    }
    memcpy(grown + before, more, strlen(more) + 1);
    ctx->run_errors = grown;
  }
}

/* Raises the first problems of a failed engine, after freeing everything. */
static int run_failed(lua_State *L, engine *e, plan *p, diag_list *diags, const char *what) {
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  luaL_addstring(&b, what);
  for (size_t i = 0; i < diags->count && i < 5; i++) {
    const diag *d = &diags->items[i];
    char line[32] = "";
    if (d->line) snprintf(line, sizeof line, ":%ld", d->line);
    if (d->file) lua_pushfstring(L, "\n  %s%s: %s", d->file, line, d->message);
    else lua_pushfstring(L, " %s", d->message); /* about the run itself: on its first line */
    luaL_addvalue(&b);
  }
  luaL_pushresult(&b);
  plan_free(p);
  engine_close(e);
  diag_list_clear(diags);
  return lua_error(L);
}

/* Raises unless every field of t:run's table (at index 2) is known and of its type. */
static void check_run_fields(lua_State *L) {
  static const char *const known[] = {"rule", "ingredient", "stage", "date", "pilot_start",
                                      "pilot_end", "attr", "data", "id", "name",
                                      "suppress_below", "checks", NULL};
  lua_pushnil(L);
  while (lua_next(L, 2)) { /* key, value */
    const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
    int ok = 0;
    for (size_t i = 0; known[i] && key; i++) ok |= strcmp(known[i], key) == 0;
    if (!ok) {
      int near = key ? column_hint_nearest_name(key, known, sizeof known / sizeof *known - 1) : -1;
      luaL_error(L, "t:run: unknown field '%s'%s%s%s (see docs/rules.md, Testing rules)",
                 key ? key : "?", near >= 0 ? "; did you mean '" : "",
                 near >= 0 ? known[near] : "", near >= 0 ? "'?" : "");
      return; /* not reached: luaL_error does not return */
    }
    int table_field = strcmp(key, "attr") == 0 || strcmp(key, "data") == 0;
    int number_field = strcmp(key, "suppress_below") == 0;
    int boolean_field = strcmp(key, "checks") == 0;
    int type = lua_type(L, -1);
    if (table_field ? type != LUA_TTABLE
        : number_field ? type != LUA_TNUMBER
        : boolean_field ? type != LUA_TBOOLEAN
                        : type != LUA_TSTRING)
      luaL_error(L, "t:run: '%s' must be %s", key,
                 table_field    ? "a table"
                 : number_field ? "a number"
                 : boolean_field ? "true or false"
                                 : "text");
    lua_pop(L, 1); /* remove value */
  }
}

/* Which data checks a run counts. A run of the whole pack counts them all, as `sustain
 * run` would, unless it says checks = false. A run of one rule or ingredient counts none
 * unless it says checks = true, and then leaves out a check whose filter names a column
 * the test's tables lack: its rows were written for the rule, not for every check. */
static runner_checks_mode run_checks(lua_State *L, int selected) {
  int type = lua_getfield(L, 2, "checks");
  int wanted = type == LUA_TNIL ? !selected : lua_toboolean(L, -1);
  lua_pop(L, 1); /* remove checks */
  if (!wanted) return RUNNER_CHECKS_NONE;
  return selected ? RUNNER_CHECKS_WITH_COLUMNS : RUNNER_CHECKS_ALL;
}

/* The message for a rule or ingredient the pack does not have, with the nearest id. */
static void no_such_selection(const engine *e, const char *rule, const char *ingredient,
                              diag_list *diags) {
  size_t count = rule ? e->pack.rule_count : e->pack.model.ingredient_count;
  const char **ids = calloc(count + 1, sizeof *ids);
  for (size_t i = 0; ids && i < count; i++)
    ids[i] = rule ? e->pack.rules[i].id : e->pack.model.ingredients[i].id;
  int near = ids ? column_hint_nearest_name(rule ? rule : ingredient, ids, count) : -1;
  diag_add(diags, NULL, 0, 0, "the pack has no %s '%s'%s%s%s",
           rule ? "rule or context item" : "ingredient", rule ? rule : ingredient,
           near >= 0 ? "; did you mean '" : "", near >= 0 ? ids[near] : "",
           near >= 0 ? "'?" : "");
  free(ids);
}

/* t:run{ rule = ID | ingredient = ID, stage, date, pilot_start, pilot_end, attr,
 *        data, id, name, suppress_below, checks } */
static int test_run(lua_State *L) {
  test_context *ctx = context_of(L);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  check_run_fields(L);
  config *cfg = test_config(L, ctx, 2);
  const char *rule = optional_string(L, 2, "rule", cfg->arena);
  const char *ingredient = optional_string(L, 2, "ingredient", cfg->arena);
  engine_extras extras = {keep_debug_line, ctx, run_checks(L, rule || ingredient)};
  evidence_set sources;
  if (test_sources(L, ctx, 2, cfg, &sources) != 0) {
    config_free(cfg);
    return lua_error(L);
  }
  engine e;
  diag_list diags = {0};
  plan *p = NULL;
  if (engine_open_parts(&e, cfg, sources, &extras, &diags) != 0)
    return run_failed(L, &e, p, &diags, "t:run: the pack or the test's data has problems:");
  for (size_t i = 0; i < e.pack.rule_count; i++)
    if (!e.pack.rules[i].authority)
      remember(ctx, &ctx->known, &ctx->known_count, &ctx->known_capacity, ctx->pack_dir,
               e.pack.rules[i].id);
  if (select_rules(&e.authorities[0], rule, ingredient) != 0) {
    no_such_selection(&e, rule, ingredient, &diags);
    return run_failed(L, &e, p, &diags, "t:run:");
  }
  engine_options options = {0};
  if (engine_assess(&e, &options, &p, &diags) != 0)
    return run_failed(L, &e, p, &diags, "t:run: the assessment failed:");
  note_run_errors(ctx, p);
  if (rule) /* a test of one rule tests it, whatever of the result it reads */
    remember(ctx, &ctx->seen, &ctx->seen_count, &ctx->seen_capacity, ctx->pack_dir, rule);
  push_result(L, ctx, &p->authorities[0]);
  push_errors(L, p);
  plan_free(p);
  engine_close(&e);
  diag_list_clear(&diags);
  return 1;
}

/* }====================================================================== */

/* ** {======================================================================
** Test files
** ======================================================================= */

/* test(name, function(t) ... end): declares a test while the file loads. */
static int declare_test(lua_State *L) {
  test_context *ctx = context_of(L);
  const char *name = luaL_checkstring(L, 1);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  if (grow_array((void **)&ctx->tests, &ctx->test_capacity, ctx->test_count + 1,
                 sizeof(test_case)) != 0)
    return luaL_error(L, "out of memory");
  char file[256];
  int line = 0;
  sandbox_where(L, 1, file, sizeof file, &line);
  char *copy = strdup(name);
  if (!copy) return luaL_error(L, "out of memory");
  lua_settop(L, 2);
  ctx->tests[ctx->test_count++] = (test_case){copy, line, luaL_ref(L, LUA_REGISTRYINDEX)};
  return 0;
}

/* The message without the `file:line:` it may start with when that is where the report
 * is, so that the place is said once. */
static const char *without_place(const char *message, const char *file, int line) {
  char place[300];
  snprintf(place, sizeof place, "%s:%d:", file, line);
  size_t length = strlen(place);
  if (line <= 0 || strncmp(message, place, length) != 0) return message;
  message += length;
  while (*message == ' ') message++;
  return message;
}

/* Keeps a report with the debug lines kept so far; message NULL for a pass. */
static void keep_report(rule_tests_result *result, test_context *ctx, const char *file, int line,
                        const char *test, const char *message) {
  if (GROW(&result->reports, &result->report_capacity, result->report_count + 1) != 0) return;
  rule_test_report *r = &result->reports[result->report_count++];
  *r = (rule_test_report){strdup(file), line, strdup(test), NULL, NULL};
  if (message) r->message = strdup(without_place(message, file, line));
  if (ctx->debug_length) r->debug = strdup(ctx->debug);
}

/* Reports a test: a failure (message set) always, a pass only when verbose. A failure is
 * counted even when memory runs out before it is kept, so a run never reads as passed
 * because of it. */
static void add_report(rule_tests_result *result, test_context *ctx, const char *file, int line,
                       const char *test, const char *message) {
  if (message) result->failed++;
  else result->passed++;
  if (message || ctx->options->verbose) keep_report(result, ctx, file, line, test, message);
}

/* Whether folder holds rule files (other than tests): then it is a pack. */
static int holds_rules(const char *folder) {
  DIR *dir = opendir(folder);
  if (!dir) return 0;
  struct dirent *entry;
  int found = 0;
  while (!found && (entry = readdir(dir))) {
    size_t n = strlen(entry->d_name);
    found = n > 4 && strcmp(entry->d_name + n - 4, ".lua") == 0 &&
            !(n > 9 && strcmp(entry->d_name + n - 9, "_test.lua") == 0);
  }
  closedir(dir);
  return found;
}

/* The wall-clock limit of a test and of a test file's top-level code. */
static double test_seconds(const rule_tests_options *options) {
  return options->seconds > 0 ? options->seconds : CONFIG_DEFAULT_SECONDS;
}

/* The message of a test, or a test file, in which an earlier attempt failed. */
static void earlier_failure(const rule_tests_options *options, const watch_failure *failure,
                            char *message, size_t size) {
  char how[128];
  watch_failure_text(failure, how, sizeof how);
  if (failure->outcome == WATCH_TIMED_OUT)
    snprintf(message, size,
             "time limit of %g s exceeded (too long even for the instruction count to notice, "
             "e.g. inside one slow library call such as a pattern match that backtracks); raise "
             "--seconds if it really needs more",
             test_seconds(options));
  else
    snprintf(message, size,
             "the test stopped sustain (%s); this is a fault in sustain or in a plugin it "
             "loaded: please report it, with this test",
             how);
}

/* Reports a test that raised an error, at the line that raised it, with the rule
 * errors of its runs (an error in a test often follows from a rule that failed). */
static void report_error(rule_tests_result *result, test_context *ctx, const test_case *test,
                         const sandbox_failure *failure) {
  const char *file = failure->file[0] ? failure->file : ctx->file;
  int line = failure->line ? failure->line : test->line;
  const char *message = without_place(failure->message, file, line);
  char *joined = NULL;
  if (ctx->run_errors && asprintf(&joined, "%s%s", message, ctx->run_errors) >= 0)
    message = joined;
  add_report(result, ctx, file, line, test->name, message);
  free(joined);
}

/* Runs the tests a file declared, each under the wall clock; a test in which
 * an earlier attempt failed is a failure with why, and is not run again. */
static void run_tests(const rule_tests_options *options, rule_tests_result *result,
                      test_context *ctx, sandbox *sb) {
  lua_State *L = sb->L;
  lua_newtable(L); /* the t object: its methods */
  static const luaL_Reg methods[] = {
      {"run", test_run}, {"eq", test_eq}, {"near", test_near}, {"ok", test_ok}, {NULL, NULL}};
  luaL_setfuncs(L, methods, 0);
  int t_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  for (size_t i = 0; i < ctx->test_count; i++) {
    test_case *test = &ctx->tests[i];
    if (options->pattern && !strstr(test->name, options->pattern)) continue;
    char what[WATCH_WHAT_SIZE];
    snprintf(what, sizeof what, "test %zu '%s' of %s", i + 1, test->name, ctx->file);
    watch_failure earlier;
    forget_test_output(ctx);
    if (watch_failed_before(options->watch, what, &earlier)) {
      char message[SANDBOX_MESSAGE_SIZE];
      earlier_failure(options, &earlier, message, sizeof message);
      add_report(result, ctx, ctx->file, test->line, test->name, message);
      continue;
    }
    free(ctx->failure);
    ctx->failure = NULL;
    lua_rawgeti(L, LUA_REGISTRYINDEX, test->function_ref);
    lua_rawgeti(L, LUA_REGISTRYINDEX, t_ref);
    sandbox_failure failure;
    sb->debug.kind = "test";
    sb->debug.name = test->name;
    watch_begin(options->watch, 0, what, test_seconds(options));
    int status = sandbox_call(sb, 1, 0, &failure);
    watch_end(options->watch, 0);
    sb->debug.kind = sb->debug.name = NULL;
    if (ctx->failure)
      add_report(result, ctx, ctx->file, ctx->failure_line, test->name, ctx->failure);
    else if (status != 0)
      report_error(result, ctx, test, &failure);
    else
      add_report(result, ctx, ctx->file, test->line, test->name, NULL);
  }
}

static void run_file(const rule_tests_options *options, rule_tests_result *result,
                     test_context *ctx, const char *path) {
  arena *a = arena_new();
  if (!a) return;
  const char *display = rules_display_path(a, path);
  char *folder = arena_strdup(a, path);
  char *slash = folder ? strrchr(folder, '/') : NULL;
  if (slash) *slash = '\0';
  else folder = arena_strdup(a, ".");
  /* the pack is the test's folder, or its parent for tests kept under the pack */
  const char *pack = folder;
  if (folder && !holds_rules(folder)) pack = arena_printf(a, "%s/..", folder);
  ctx->file = display;
  ctx->folder = folder;
  ctx->pack_dir = pack ? rules_display_path(a, pack) : NULL;
  ctx->test_count = 0;
  sandbox sb;
  if (!folder || !ctx->pack_dir ||
      sandbox_open(&sb, (size_t)CONFIG_DEFAULT_MEMORY_MB * 1024 * 1024,
                   CONFIG_DEFAULT_INSTRUCTIONS * 10) != 0) {
    arena_free(a);
    ctx->out_of_memory = 1;
    return;
  }
  sb.host = ctx;
  sb.debug.write = keep_debug_line;
  sb.debug.context = ctx;
  sandbox_register(&sb, "test", declare_test);
  result->files++;
  char what[WATCH_WHAT_SIZE];
  snprintf(what, sizeof what, "test file %s", display);
  watch_failure earlier;
  forget_test_output(ctx);
  if (watch_failed_before(options->watch, what, &earlier)) {
    char message[SANDBOX_MESSAGE_SIZE];
    earlier_failure(options, &earlier, message, sizeof message);
    add_report(result, ctx, display, 0, "(loading the file)", message);
  } else {
    sandbox_failure failure;
    watch_begin(options->watch, 0, what, test_seconds(options));
    int loaded = sandbox_load_file(&sb, path, display, folder, &failure) == 0 &&
                 sandbox_call(&sb, 0, 0, &failure) == 0;
    watch_end(options->watch, 0);
    if (!loaded) {
      const char *file = failure.file[0] ? failure.file : display;
      add_report(result, ctx, file, failure.line, "(loading the file)",
                 without_place(failure.message, file, failure.line));
    } else {
      if (options->verbose && ctx->debug_length) /* the file's own lines, counted as no test */
        keep_report(result, ctx, display, 0, "(loading the file)", NULL);
      run_tests(options, result, ctx, &sb);
    }
  }
  for (size_t i = 0; i < ctx->test_count; i++) free(ctx->tests[i].name);
  free(ctx->failure);
  ctx->failure = NULL;
  forget_test_output(ctx);
  sandbox_close(&sb);
  /* the pack folder outlives this file's arena in seen/known: they hold copies */
  arena_free(a);
}

static int is_test_file(const char *name) {
  size_t n = strlen(name);
  return n > 9 && strcmp(name + n - 9, "_test.lua") == 0;
}

static int compare_paths(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects test files under path (a file, or a folder searched recursively,
 * skipping hidden and build folders). */
static void collect(const char *path, char ***files, size_t *count, size_t *capacity) {
  struct stat st;
  if (stat(path, &st) != 0) return;
  if (!S_ISDIR(st.st_mode)) {
    if (grow_array((void **)files, capacity, *count + 1, sizeof(char *)) != 0) return;
    char *copy = strdup(path);
    if (copy) (*files)[(*count)++] = copy;
    return;
  }
  DIR *dir = opendir(path);
  if (!dir) return;
  struct dirent *entry;
  while ((entry = readdir(dir))) {
    const char *name = entry->d_name;
    if (name[0] == '.' || strncmp(name, "build", 5) == 0) continue;
    size_t length = strlen(path) + strlen(name) + 2;
    char *child = malloc(length);
    if (!child) break;
    snprintf(child, length, "%s/%s", path, name);
    struct stat child_stat;
    if (stat(child, &child_stat) == 0 &&
        (S_ISDIR(child_stat.st_mode) || is_test_file(name)))
      collect(child, files, count, capacity);
    free(child);
  }
  closedir(dir);
}

int rule_tests_run(const rule_tests_options *options, rule_tests_result *result,
                   diag_list *diags) {
  *result = (rule_tests_result){0};
  char **files = NULL;
  size_t count = 0, capacity = 0;
  static const char *const here[] = {"."};
  const char *const *paths = options->path_count ? options->paths : here;
  size_t path_count = options->path_count ? options->path_count : 1;
  for (size_t i = 0; i < path_count; i++) {
    struct stat st;
    size_t length = strlen(paths[i]);
    if (stat(paths[i], &st) != 0) {
      diag_add(diags, paths[i], 0, 0, "no such file or folder");
    } else if (S_ISREG(st.st_mode) && length > 4 && strcmp(paths[i] + length - 4, ".ini") == 0) {
      /* `sustain check CONFIG.ini` habits: a config is not Lua, so say what is meant */
      diag_add(diags, paths[i], 0, 0,
               "is a config, not a test file: sustain test takes *_test.lua files or the "
               "folders that hold them (the rule pack's folder, say)");
      continue;
    }
    collect(paths[i], &files, &count, &capacity);
  }
  qsort(files, count, sizeof(char *), compare_paths);
  if (count == 0) {
    free(files);
    diag_add(diags, NULL, 0, 0, "no test files (*_test.lua) found; see docs/rules.md, Testing rules");
    return -1;
  }
  test_context ctx = {.options = options, .result = result};
  for (size_t i = 0; i < count; i++) {
    run_file(options, result, &ctx, files[i]);
    free(files[i]);
  }
  free(files);
  free(ctx.tests);
  free(ctx.debug);
  /* pack rules whose results no test read */
  for (size_t k = 0; k < ctx.known_count; k++) {
    int seen = 0;
    for (size_t s = 0; s < ctx.seen_count && !seen; s++) seen = strcmp(ctx.known[k], ctx.seen[s]) == 0;
    if (!seen && !options->pattern) {
      if (GROW(&result->untested, &result->untested_capacity, result->untested_count + 1) == 0) {
        char *tab = strchr(ctx.known[k], '\t');
        *tab = ':';
        result->untested[result->untested_count++] = ctx.known[k];
        ctx.known[k] = NULL;
      }
    }
    free(ctx.known[k]);
  }
  for (size_t s = 0; s < ctx.seen_count; s++) free(ctx.seen[s]);
  free(ctx.known);
  free(ctx.seen);
  if (ctx.out_of_memory) {
    diag_add(diags, NULL, 0, 0, "out of memory while testing");
    return -1;
  }
  return 0;
}

void rule_tests_result_free(rule_tests_result *result) {
  for (size_t i = 0; i < result->report_count; i++) {
    free(result->reports[i].file);
    free(result->reports[i].test);
    free(result->reports[i].message);
    free(result->reports[i].debug);
  }
  free(result->reports);
  for (size_t i = 0; i < result->untested_count; i++) free(result->untested[i]);
  free(result->untested);
  *result = (rule_tests_result){0};
}

/* }====================================================================== */
