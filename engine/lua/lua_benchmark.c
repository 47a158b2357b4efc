/* lua_benchmark.c: a:benchmark{}'s table read and checked; see lua_benchmark.h. Each
 * reader takes the table it reads at the top of the stack and leaves the stack as it
 * found it. Error messages name the field as the rule wrote it ("neighbours[3].value"),
 * so the author can find it on the line the sandbox points to. */
#include "lua_benchmark.h"

#include <lauxlib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "column_hint.h"

/* What every reader needs: the state, where texts go and how long they may be. */
typedef struct reader {
  lua_State *L;
  arena *a;
  long label_bytes;
} reader;

#define FIELDS(...) ((const char *const[]){__VA_ARGS__}), \
                    sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)

/* Raises for a key of the table on top that is not one of `known`, naming the nearest. */
static void reject_unknown(reader *r, const char *where, const char *const *known, size_t count) {
  lua_State *L = r->L;
  lua_pushnil(L); /* first key */
  while (lua_next(L, -2)) { /* key, value */
    const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
    int ok = 0;
    for (size_t i = 0; key && i < count; i++) ok |= strcmp(known[i], key) == 0;
    if (!ok) {
      int near = key ? column_hint_nearest_name(key, known, count) : -1;
      luaL_error(L, "a:benchmark: %s has an unknown field '%s'%s%s%s", where,
                 key ? key : "(not a name)", near >= 0 ? "; did you mean '" : "",
                 near >= 0 ? known[near] : "", near >= 0 ? "'?" : "");
    }
    lua_pop(L, 1); /* remove value, keep key */
  }
}

/* The text field `key` of the table on top; NULL when absent and optional. */
static const char *text_field(reader *r, const char *where, const char *key, int required) {
  lua_State *L = r->L;
  int type = lua_getfield(L, -1, key); /* the field */
  const char *copy = NULL;
  if (type == LUA_TNUMBER && lua_isinteger(L, -1)) {
    copy = arena_printf(r->a, "%lld", (long long)lua_tointeger(L, -1)); /* a code like 935 */
  } else if (type == LUA_TSTRING && lua_rawlen(L, -1) > 0) {
    if (lua_rawlen(L, -1) > (size_t)r->label_bytes)
      luaL_error(L, "a:benchmark: %s.%s is longer than %d bytes ([limits] label_bytes)", where,
                 key, (int)r->label_bytes);
    size_t length;
    const char *text = lua_tolstring(L, -1, &length);
    copy = arena_strndup(r->a, text, length);
  } else if (type != LUA_TNIL || required) {
    luaL_error(L, "a:benchmark: %s.%s must be non-empty text, not %s", where, key,
               type == LUA_TSTRING ? "empty text" : luaL_typename(L, -1));
  } else {
    lua_pop(L, 1); /* remove nil */
    return NULL;
  }
  if (!copy) luaL_error(L, "out of memory");
  lua_pop(L, 1); /* remove the field */
  return copy;
}

/* The percentage field `key` of the table on top: 0 to 100, or NAN when nil. */
static double percent_field(reader *r, const char *where, const char *key) {
  lua_State *L = r->L;
  int type = lua_getfield(L, -1, key); /* the field */
  double value = NAN;
  if (type == LUA_TNUMBER) {
    value = lua_tonumber(L, -1);
    if (!(value >= 0 && value <= 100))
      luaL_error(L, "a:benchmark: %s.%s must be a percentage from 0 to 100 (nil when not "
                    "published), not %s", where, key, lua_tostring(L, -1));
  } else if (type != LUA_TNIL) {
    luaL_error(L, "a:benchmark: %s.%s must be a percentage from 0 to 100 (nil when not "
                  "published), not %s", where, key, luaL_typename(L, -1));
  }
  lua_pop(L, 1); /* remove the field */
  return value;
}

/* A year: a whole number from 1900 to 2200. */
static int year_field(reader *r, const char *where, const char *key) {
  lua_State *L = r->L;
  lua_getfield(L, -1, key); /* the field */
  if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1900 || lua_tointeger(L, -1) > 2200)
    luaL_error(L, "a:benchmark: %s.%s must be a year (a whole number such as 2025), not %s",
               where, key, lua_type(L, -1) == LUA_TNUMBER ? lua_tostring(L, -1)
                                                          : luaL_typename(L, -1));
  int year = (int)lua_tointeger(L, -1);
  lua_pop(L, 1); /* remove the field */
  return year;
}

/* Pushes the table field `key` of the table on top; 0 (and pushes nothing) when nil. */
static int push_table(reader *r, const char *where, const char *key, int required) {
  int type = lua_getfield(r->L, -1, key); /* the field */
  if (type == LUA_TTABLE) return 1;
  if (type != LUA_TNIL || required)
    luaL_error(r->L, "a:benchmark: %s.%s must be a table, not %s", where, key,
               luaL_typename(r->L, -1));
  lua_pop(r->L, 1); /* remove nil */
  return 0;
}

/* A place (authority or neighbour) from the table on top. */
static void read_place(reader *r, const char *where, plan_benchmark_place *place) {
  if (strcmp(where, "authority") == 0) /* only the authority's own figure has people */
    reject_unknown(r, where, FIELDS("name", "code", "value", "n", "decimals"));
  else
    reject_unknown(r, where, FIELDS("name", "code", "value"));
  place->name = text_field(r, where, "name", 1);
  place->code = text_field(r, where, "code", 0);
  place->value = percent_field(r, where, "value");
}

/* neighbours = { {name, code, value}, ... }: at most PLAN_BENCHMARK_MAX_NEIGHBOURS. */
static void read_neighbours(reader *r, plan_benchmark *b) {
  lua_State *L = r->L;
  if (!push_table(r, "the table", "neighbours", 0)) return;
  size_t count = (size_t)lua_rawlen(L, -1);
  if (count > PLAN_BENCHMARK_MAX_NEIGHBOURS)
    luaL_error(L, "a:benchmark: neighbours holds %d authorities; at most %d (DfE's statistical "
                  "neighbours) can be compared", (int)count, PLAN_BENCHMARK_MAX_NEIGHBOURS);
  b->neighbours = arena_alloc(r->a, (count ? count : 1) * sizeof *b->neighbours);
  if (!b->neighbours) luaL_error(L, "out of memory");
  for (size_t i = 0; i < count; i++) {
    char where[40];
    snprintf(where, sizeof where, "neighbours[%zu]", i + 1);
    if (lua_rawgeti(L, -1, (lua_Integer)(i + 1)) != LUA_TTABLE) /* the neighbour */
      luaL_error(L, "a:benchmark: %s must be a table {name = ..., value = ...}, not %s", where,
                 luaL_typename(L, -1));
    b->neighbours[i] = (plan_benchmark_place){0};
    read_place(r, where, &b->neighbours[i]);
    lua_pop(L, 1); /* remove the neighbour */
  }
  b->neighbour_count = count;
  lua_pop(L, 1); /* remove neighbours */
}

/* trend = { {year, authority, england, region, neighbours}, ... }: years rising. */
static void read_trend(reader *r, plan_benchmark *b) {
  lua_State *L = r->L;
  if (!push_table(r, "the table", "trend", 0)) return;
  size_t count = (size_t)lua_rawlen(L, -1);
  if (count > PLAN_BENCHMARK_MAX_YEARS)
    luaL_error(L, "a:benchmark: trend holds %d years; at most %d", (int)count,
               PLAN_BENCHMARK_MAX_YEARS);
  b->trend = arena_alloc(r->a, (count ? count : 1) * sizeof *b->trend);
  if (!b->trend) luaL_error(L, "out of memory");
  for (size_t i = 0; i < count; i++) {
    char where[40];
    snprintf(where, sizeof where, "trend[%zu]", i + 1);
    if (lua_rawgeti(L, -1, (lua_Integer)(i + 1)) != LUA_TTABLE) /* the year */
      luaL_error(L, "a:benchmark: %s must be a table {year = ..., authority = ...}, not %s",
                 where, luaL_typename(L, -1));
    reject_unknown(r, where, FIELDS("year", "authority", "england", "region", "neighbours"));
    plan_benchmark_year *y = &b->trend[i];
    y->year = year_field(r, where, "year");
    if (i > 0 && y->year <= b->trend[i - 1].year)
      luaL_error(L, "a:benchmark: %s.year is %d, after %d: list the years oldest first, each "
                    "once", where, y->year, b->trend[i - 1].year);
    y->authority = percent_field(r, where, "authority");
    y->england = percent_field(r, where, "england");
    y->region = percent_field(r, where, "region");
    y->neighbours = percent_field(r, where, "neighbours");
    lua_pop(L, 1); /* remove the year */
  }
  b->trend_count = count;
  lua_pop(L, 1); /* remove trend */
}

/* id: like an action's, a-z, 0-9, '_', '.', '-'. */
static void check_id(lua_State *L, const char *id) {
  for (const char *c = id; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || strchr("_.-", *c)))
      luaL_error(L, "a:benchmark: id '%s' may hold only a-z, 0-9, '_', '.' and '-'", id);
}

static void read_higher_is_better(reader *r, plan_benchmark *b) {
  int type = lua_getfield(r->L, -1, "higher_is_better"); /* the field */
  if (type != LUA_TNIL && type != LUA_TBOOLEAN)
    luaL_error(r->L, "a:benchmark: higher_is_better is true or false, not %s",
               luaL_typename(r->L, -1));
  b->higher_is_better = type == LUA_TNIL || lua_toboolean(r->L, -1);
  lua_pop(r->L, 1); /* remove the field */
}

/* authority = {name, code, value, n, decimals}: n, the people behind value, must be a
 * count; decimals, the places the compared figures are published to, 0 to 3. */
static void read_authority(reader *r, plan_benchmark *b, double *people, int *decimals) {
  lua_State *L = r->L;
  push_table(r, "the table", "authority", 1);
  read_place(r, "authority", &b->authority);
  int type = lua_getfield(L, -1, "n"); /* the people */
  *people = NAN;
  if (type == LUA_TNUMBER && lua_tonumber(L, -1) >= 0 && isfinite(lua_tonumber(L, -1)))
    *people = lua_tonumber(L, -1);
  else if (type != LUA_TNIL)
    luaL_error(L, "a:benchmark: authority.n is the number of people behind its value (0 or "
                  "more), not %s", type == LUA_TNUMBER ? lua_tostring(L, -1)
                                                       : luaL_typename(L, -1));
  type = lua_getfield(L, -2, "decimals");
  *decimals = -1;
  if (type == LUA_TNUMBER && lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 0 &&
      lua_tointeger(L, -1) <= 3)
    *decimals = (int)lua_tointeger(L, -1);
  else if (type != LUA_TNIL)
    luaL_error(L, "a:benchmark: authority.decimals is the number of decimal places the "
                  "compared figures are published to, a whole number from 0 to 3, not %s",
               type == LUA_TNUMBER ? lua_tostring(L, -1) : luaL_typename(L, -1));
  lua_pop(L, 3); /* remove decimals, n and authority */
}

void lua_benchmark_read(lua_State *L, int index, arena *a, long label_bytes,
                        plan_benchmark *out, double *people, int *decimals) {
  reader r = {L, a, label_bytes};
  luaL_checktype(L, index, LUA_TTABLE);
  lua_pushvalue(L, index); /* the table, on top for the readers */
  reject_unknown(&r, "the table",
                 FIELDS("id", "title", "year", "higher_is_better", "source", "authority",
                        "england", "region", "neighbours_of", "neighbours", "trend",
                        "trend_source"));
  *out = (plan_benchmark){0};
  out->id = text_field(&r, "the table", "id", 1);
  check_id(L, out->id);
  out->title = text_field(&r, "the table", "title", 1);
  out->year = year_field(&r, "the table", "year");
  read_higher_is_better(&r, out);
  out->source = text_field(&r, "the table", "source", 0);
  read_authority(&r, out, people, decimals);
  out->england = percent_field(&r, "the table", "england");
  out->region = NAN;
  if (push_table(&r, "the table", "region", 0)) {
    reject_unknown(&r, "region", FIELDS("name", "value"));
    out->region_name = text_field(&r, "region", "name", 1);
    out->region = percent_field(&r, "region", "value");
    lua_pop(L, 1); /* remove region */
  }
  out->neighbours_of = text_field(&r, "the table", "neighbours_of", 0);
  read_neighbours(&r, out);
  read_trend(&r, out);
  out->trend_source = text_field(&r, "the table", "trend_source", 0);
  lua_pop(L, 1); /* remove the table */
}
