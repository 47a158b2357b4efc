/* runner_checks.c: the pack's data-quality checks, counted for each authority;
 * see runner_checks.h. Neighbours: lua_view.c compiles filters, check_rows.c
 * picks the rows, runner.c lends the authority object and takes the failures. */
#include "runner_checks.h"

#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "byte_key.h"
#include "check_rows.h"
#include "grow.h"
#include "lua_view.h"

/* Distinct answers of one where function whose compiled filters are kept:
 * most depend on the collection year alone, which few authorities differ in. */
#define WHERE_MEMO 4

/* Bytes of an answer's key at most: a larger answer is compiled every time. */
#define WHERE_KEY_ROOM 4096

/* Levels of tables in an answer that a key follows (a list of filters, a
 * filter, a condition, a list of values); a deeper answer has no key. */
#define WHERE_KEY_DEPTH 4

/* An answer of a where function, kept with its compiled filters. */
typedef struct where_answer {
  unsigned char *key; /* the answer's key's bytes; owned */
  size_t size;
  int ref; /* registry: the compiled filters, a Lua sequence */
} where_answer;

/* The filters of a where: compiled once (ref), made for each authority by a
 * function (function_ref, the definition's), or none (every row). */
typedef struct check_where {
  int ref;          /* registry: the compiled filters, a Lua sequence; LUA_NOREF */
  int function_ref; /* registry: the where function; LUA_NOREF */
  const evidence_filter *items[RUNNER_CHECK_MAX_ALTERNATIVES];
  size_t count;
  where_answer answers[WHERE_MEMO]; /* the function's answers compiled so far */
  size_t answer_count;
} check_where;

struct runner_check {
  int runs;                 /* every table and column it names is there */
  size_t source, other;     /* its table and its found_in table, in the sources */
  int unique_column, key_column, other_key_column; /* -1 when not used */
  check_where where, other_where;
};

/* ** {======================================================================
** Filters
** ======================================================================= */

/* Whether the filter at index names a column that table lacks. */
static int names_missing_column(lua_State *L, int index, const evidence_table *table) {
  int missing = 0;
  lua_pushnil(L);
  while (lua_next(L, index)) { /* column, condition */
    if (lua_type(L, -2) == LUA_TSTRING && evidence_table_column(table, lua_tostring(L, -2)) < 0)
      missing = 1;
    lua_pop(L, 1); /* remove condition, keep column */
  }
  return missing;
}

/* ** Keys of answers: everything a where function returned, written as
** bytes (each value's type and exact contents, a table's pairs in the order
** lua_next gives them), so that two answers with the same key compile to the
** same filters for a table. A table with a metatable, a value of another type
** or a key past the room makes no key: the answer is then compiled. */

/* A tag, then the value's bytes: a string's length before its text. */
static void key_tagged(byte_key *k, unsigned char tag, const void *bytes, size_t size) {
  byte_key_put(k, &tag, 1);
  byte_key_put(k, bytes, size);
}

static void key_value(lua_State *L, int index, int depth, byte_key *k) {
  switch (lua_type(L, index)) {
  case LUA_TSTRING: {
    size_t length;
    const char *text = lua_tolstring(L, index, &length);
    uint64_t size = length;
    key_tagged(k, 's', &size, sizeof size);
    byte_key_put(k, text, length);
    return;
  }
  case LUA_TNUMBER:
    if (lua_isinteger(L, index)) {
      lua_Integer integer = lua_tointeger(L, index);
      key_tagged(k, 'i', &integer, sizeof integer);
    } else {
      lua_Number number = lua_tonumber(L, index);
      key_tagged(k, 'n', &number, sizeof number);
    }
    return;
  case LUA_TBOOLEAN:
    key_tagged(k, lua_toboolean(L, index) ? 'T' : 'F', NULL, 0);
    return;
  case LUA_TTABLE:
    if (depth == 0 || lua_getmetatable(L, index)) {
      if (depth) lua_pop(L, 1); /* remove the metatable */
      k->ok = 0;
      return;
    }
    key_tagged(k, '{', NULL, 0);
    lua_pushnil(L);
    while (k->ok && lua_next(L, index)) { /* key, value */
      key_value(L, lua_gettop(L) - 1, depth - 1, k);
      key_value(L, lua_gettop(L), depth - 1, k);
      lua_pop(L, 1); /* remove value, keep key */
    }
    if (!k->ok) lua_pop(L, 1); /* remove the key lua_next left */
    key_tagged(k, '}', NULL, 0);
    return;
  default:
    k->ok = 0;
  }
}

/* The compiled filters of an answer with this key, pushed; 0 when none is kept. */
static int push_answer(lua_State *L, const check_where *where, const byte_key *k) {
  for (size_t i = 0; i < where->answer_count; i++) {
    const where_answer *a = &where->answers[i];
    if (a->size == k->size && memcmp(a->key, k->bytes, k->size) == 0) {
      lua_rawgeti(L, LUA_REGISTRYINDEX, a->ref); /* the filters */
      return 1;
    }
  }
  return 0;
}

/* Keeps the compiled filters at the top of the stack as the answer of key k,
 * while there is room; a key that cannot be copied is simply not kept. */
static void keep_answer(lua_State *L, check_where *where, const byte_key *k) {
  if (where->answer_count == WHERE_MEMO) return;
  where_answer *a = &where->answers[where->answer_count];
  free(a->key); /* one an error left behind, if any */
  a->key = malloc(k->size ? k->size : 1);
  if (!a->key) return;
  memcpy(a->key, k->bytes, k->size);
  a->size = k->size;
  lua_pushvalue(L, -1);
  a->ref = luaL_ref(L, LUA_REGISTRYINDEX); /* keep the filters */
  where->answer_count++;
}

/* Compiles a where into a sequence of filters, inside the sandbox so a bad
 * filter is an error with its place. Arguments: the table (light userdata),
 * the where (a filter, a list of filters, or a function), the authority object
 * the function receives, whether a filter that names a column the table
 * lacks leaves the check out (RUNNER_CHECKS_WITH_COLUMNS): then it returns
 * false; and for a function, the check_where (light userdata) that keeps its
 * answers compiled so far, or nil. */
static int compile_where(lua_State *L) {
  const evidence_table *table = lua_touserdata(L, 1);
  check_where *memo = NULL;
  unsigned char key_room[WHERE_KEY_ROOM];
  byte_key room = byte_key_in(key_room, sizeof key_room), *key = NULL;
  if (lua_type(L, 2) == LUA_TFUNCTION) {
    memo = lua_touserdata(L, 5);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 3);
    lua_call(L, 1, 1); /* the authority's where */
    if (lua_type(L, -1) != LUA_TTABLE)
      return luaL_error(L, "where returned %s; return a filter or a list of filters",
                        luaL_typename(L, -1));
    lua_replace(L, 2);
    if (memo) {
      byte_key_put(&room, &table, sizeof table); /* the table it compiles for */
      key_value(L, 2, WHERE_KEY_DEPTH, &room);
      if (room.ok && push_answer(L, memo, &room)) return 1;
      if (room.ok) key = &room;
    }
  }
  lua_Integer n = (lua_Integer)lua_rawlen(L, 2);
  if (n > RUNNER_CHECK_MAX_ALTERNATIVES)
    return luaL_error(L, "where lists %d filters; a check takes at most %d",
                      (int)n, RUNNER_CHECK_MAX_ALTERNATIVES);
  lua_pushnil(L);
  while (n > 0 && lua_next(L, 2)) { /* key, value: a list holds filters only */
    if (!lua_isinteger(L, -2) || lua_tointeger(L, -2) < 1 || lua_tointeger(L, -2) > n ||
        lua_type(L, -1) != LUA_TTABLE)
      return luaL_error(L, "where is a list of filters, { {...}, {...} }, or one filter, "
                           "{ COLUMN = ... }, not a mix");
    lua_pop(L, 1); /* remove value, keep key */
  }
  int lenient = lua_toboolean(L, 4);
  for (lua_Integer i = 1; lenient && i <= (n ? n : 1); i++) {
    if (n) lua_rawgeti(L, 2, i);
    else lua_pushvalue(L, 2);
    int missing = names_missing_column(L, lua_gettop(L), table);
    lua_pop(L, 1); /* remove the filter */
    if (missing) {
      lua_pushboolean(L, 0);
      return 1;
    }
  }
  lua_createtable(L, n ? (int)n : 1, 0);
  if (n == 0) {
    lua_view_push_filter(L, 2, table);
    lua_rawseti(L, -2, 1);
  }
  for (lua_Integer i = 1; i <= n; i++) {
    lua_rawgeti(L, 2, i);
    lua_view_push_filter(L, -1, table);
    lua_rawseti(L, -3, i);
    lua_pop(L, 1); /* remove the Lua filter */
  }
  if (key) keep_answer(L, memo, key);
  return 1;
}

/* Takes the filters out of the sequence at the top of the stack (which keeps
 * them alive). */
static void take_filters(lua_State *L, check_where *where) {
  where->count = lua_rawlen(L, -1);
  for (size_t i = 0; i < where->count; i++) {
    lua_rawgeti(L, -1, (lua_Integer)i + 1);
    where->items[i] = lua_touserdata(L, -1);
    lua_pop(L, 1); /* remove the filter */
  }
}

/* Calls compile_where, pushed with its first three arguments, as the check def's call:
 * debug(...) lines name the check and the authority (NULL at open). memo is the
 * check_where that keeps a function's answers, or NULL. */
static int call_as_check(const runner_checks *c, const check_definition *def,
                         const char *authority, check_where *memo, sandbox_failure *failure) {
  sandbox *sb = c->sb;
  lua_pushboolean(sb->L, c->mode == RUNNER_CHECKS_WITH_COLUMNS);
  if (memo) lua_pushlightuserdata(sb->L, memo);
  else lua_pushnil(sb->L);
  sb->debug.kind = "check";
  sb->debug.name = def->id;
  sb->debug.authority = authority;
  int status = sandbox_call(sb, 5, 1, failure);
  sb->debug.kind = sb->debug.name = sb->debug.authority = NULL;
  return status;
}

/* Compiles a where written as tables; notes one written as a function. Returns 0,
 * 1 when the check is left out (RUNNER_CHECKS_WITH_COLUMNS), or -1. */
static int compile_at_open(runner_checks *c, const check_definition *def, int where_ref,
                           const evidence_table *table, check_where *where, diag_list *diags) {
  lua_State *L = c->sb->L;
  *where = (check_where){.ref = LUA_NOREF, .function_ref = LUA_NOREF};
  if (where_ref == LUA_NOREF) return 0;
  if (lua_rawgeti(L, LUA_REGISTRYINDEX, where_ref) == LUA_TFUNCTION) where->function_ref = where_ref;
  lua_pop(L, 1); /* remove the where */
  if (where->function_ref != LUA_NOREF) return 0;
  lua_pushcfunction(L, compile_where);
  lua_pushlightuserdata(L, (void *)table);
  lua_rawgeti(L, LUA_REGISTRYINDEX, where_ref);
  lua_pushnil(L); /* no authority */
  sandbox_failure failure;
  if (call_as_check(c, def, NULL, NULL, &failure) != 0) {
    diag_add(diags, def->file, def->line, 0, "check '%s': %s", def->id, failure.message);
    return -1;
  }
  if (lua_type(L, -1) == LUA_TBOOLEAN) {
    lua_pop(L, 1); /* remove false: the check is left out */
    return 1;
  }
  take_filters(L, where);
  where->ref = luaL_ref(L, LUA_REGISTRYINDEX); /* keep the filters */
  return 0;
}

/* Makes a where function's filters for the authority in hand, leaving their
 * sequence on the stack. Returns 0 (also for a where compiled at open), 1 when
 * the check is left out for this authority (RUNNER_CHECKS_WITH_COLUMNS), or -1
 * with failure filled. */
static int make_filters(runner_checks *c, const check_definition *def,
                        const runner_checks_call *call, const evidence_table *table,
                        check_where *where, sandbox_failure *failure) {
  if (where->function_ref == LUA_NOREF) return 0;
  lua_State *L = c->sb->L;
  sandbox_seed(c->sb, def->id, call->authority);
  lua_pushcfunction(L, compile_where);
  lua_pushlightuserdata(L, (void *)table);
  lua_rawgeti(L, LUA_REGISTRYINDEX, where->function_ref);
  call->push_authority(call->context);
  if (call_as_check(c, def, call->authority, where, failure) != 0) return -1;
  if (lua_type(L, -1) == LUA_TBOOLEAN) return 1; /* left out */
  take_filters(L, where);
  return 0;
}

/* }====================================================================== */

/* ** {======================================================================
** Opening and counting
** ======================================================================= */

static int source_index(const evidence_set *sources, const char *name, size_t *index) {
  for (size_t i = 0; i < sources->count; i++)
    if (strcmp(sources->tables[i]->name, name) == 0) return *index = i, 1;
  return 0;
}

/* The column's index, -1 when not asked for; *missing set when asked for and absent. */
static int column_of(const evidence_table *table, const char *name, int *missing) {
  if (!name) return -1;
  int column = evidence_table_column(table, name);
  if (column < 0) *missing = 1;
  return column;
}

static int open_check(runner_checks *checks, size_t i, diag_list *diags) {
  const check_definition *def = &checks->pack->checks[i];
  struct runner_check *c = &checks->items[i];
  const evidence_set *sources = checks->sources;
  *c = (struct runner_check){.unique_column = -1, .key_column = -1, .other_key_column = -1};
  if (!source_index(sources, def->table, &c->source)) return 0; /* nothing to check */
  if (def->found_in && !source_index(sources, def->found_in, &c->other)) return 0;
  const evidence_table *table = sources->tables[c->source];
  const evidence_table *other = def->found_in ? sources->tables[c->other] : NULL;
  int missing = 0;
  c->unique_column = column_of(table, def->unique, &missing);
  if (other) {
    c->key_column = column_of(table, def->found_in_key, &missing);
    c->other_key_column = column_of(other, def->found_in_key, &missing);
  }
  if (missing) return 0; /* no identifiers to compare */
  int status = compile_at_open(checks, def, def->where_ref, table, &c->where, diags);
  if (status == 0 && other)
    status = compile_at_open(checks, def, def->found_in_where_ref, other, &c->other_where, diags);
  if (status < 0) return -1;
  c->runs = status == 0;
  return 0;
}

int runner_checks_open(runner_checks *c, sandbox *sb, const rule_pack *pack,
                       const evidence_set *sources, runner_checks_mode mode,
                       diag_list *diags) {
  *c = (runner_checks){sb, pack, sources, mode, calloc(pack->check_count + 1, sizeof *c->items)};
  if (!c->items) return -1;
  if (mode == RUNNER_CHECKS_NONE) return 0; /* every item has runs 0 */
  int ok = 1;
  for (size_t i = 0; i < pack->check_count; i++)
    if (open_check(c, i, diags) != 0) ok = 0;
  return ok ? 0 : -1;
}

/* Hands a check that could not count to the caller, as a failed rule is recorded;
 * its messages are allocated from a. */
static int check_failed(const check_definition *def, const runner_checks_call *call, arena *a,
                        const sandbox_failure *failure) {
  const char *file = def->file, *message = failure->message;
  int line = def->line;
  if (failure->file[0]) {
    file = arena_strdup(a, failure->file);
    line = failure->line;
    /* the place is kept apart: drop it from the message */
    const char *prefix = arena_printf(a, "%s:%d: ", failure->file, failure->line);
    if (prefix && strncmp(message, prefix, strlen(prefix)) == 0) message += strlen(prefix);
  }
  message = arena_printf(a, "check '%s': %s", def->id, message);
  if (!file || !message) return -1;
  return call->failed(call->context, def, file, line, message);
}

/* Picks the rows of check i among the authority's rows into *rows (grown as
 * needed, ascending) and sets *count: 0 when the check does not run, finds
 * nothing, or fails (then handed to call->failed). With count_only, sets
 * *count alone, and *rows holds nothing to read. Returns 0, or -1 on out of
 * memory. */
static int pick_rows(runner_checks *checks, size_t i, const runner_checks_call *call, arena *a,
                     int count_only, uint32_t **rows, size_t *room, size_t *count) {
  const check_definition *def = &checks->pack->checks[i];
  struct runner_check *c = &checks->items[i];
  *count = 0;
  if (!c->runs) return 0;
  evidence_view view = call->views[c->source], other = call->views[c->other];
  size_t size = evidence_view_size(&view);
  if (size == 0) return 0;
  lua_State *L = checks->sb->L;
  int top = lua_gettop(L);
  sandbox_failure failure;
  int status = make_filters(checks, def, call, view.table, &c->where, &failure);
  if (status == 0 && def->found_in)
    status = make_filters(checks, def, call, other.table, &c->other_where, &failure);
  if (status != 0) {
    lua_settop(L, top);
    return status < 0 ? check_failed(def, call, a, &failure) : 0; /* 1: left out */
  }
  check_rows_query query = {
      .where = {c->where.items, c->where.count}, .unique_column = c->unique_column,
      .other = def->found_in ? &other : NULL, .other_where = {c->other_where.items, c->other_where.count},
      .key_column = c->key_column, .other_key_column = c->other_key_column};
  size_t n = grow_array((void **)rows, room, size, sizeof **rows) != 0 ? CHECK_ROWS_NO_MEMORY
              : count_only ? check_rows_count(&query, &view, *rows)
                           : check_rows_select(&query, &view, *rows);
  lua_settop(L, top); /* remove the filters made for this authority */
  if (n == CHECK_ROWS_NO_MEMORY) return -1;
  *count = n;
  return 0;
}

int runner_checks_count(runner_checks *c, const runner_checks_call *call, plan *p,
                        plan_authority *out) {
  size_t n = c->pack->check_count;
  out->data_quality = arena_alloc(p->arena, (n + 1) * sizeof(plan_data_quality));
  if (!out->data_quality) return -1;
  uint32_t *rows = NULL;
  size_t room = 0, count = 0;
  int status = 0;
  for (size_t i = 0; status == 0 && i < n; i++) {
    status = pick_rows(c, i, call, p->arena, 1, &rows, &room, &count);
    const check_definition *def = &c->pack->checks[i];
    if (status == 0 && count)
      out->data_quality[out->data_quality_count++] = (plan_data_quality){
          def->table, def->id, def->message, (long)count, count < (size_t)call->suppress_below};
  }
  free(rows);
  return status;
}

int runner_checks_list(runner_checks *c, const runner_checks_call *call, arena *a,
                       runner_checks_rows_fn each, void *context) {
  uint32_t *rows = NULL;
  size_t room = 0, count = 0;
  int status = 0;
  for (size_t i = 0; status == 0 && i < c->pack->check_count; i++) {
    status = pick_rows(c, i, call, a, 0, &rows, &room, &count);
    const check_definition *def = &c->pack->checks[i];
    if (status == 0 && count)
      status = each(context, def, call->views[c->items[i].source].table, rows, count) ? -1 : 0;
  }
  free(rows);
  return status;
}

void runner_checks_close(runner_checks *c) {
  for (size_t i = 0; c->items && i < c->pack->check_count; i++)
    for (size_t a = 0; a < WHERE_MEMO; a++) {
      free(c->items[i].where.answers[a].key);
      free(c->items[i].other_where.answers[a].key);
    }
  free(c->items);
  c->items = NULL;
}

/* }====================================================================== */
