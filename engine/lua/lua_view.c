/* lua_view.c: views and filters as Lua sees them; see lua_view.h.
 * The stack is invisible state, so each manipulation says what it leaves. */
#include "lua_view.h"

#include <lauxlib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "byte_key.h"
#include "column_hint.h"
#include "date.h"
#include "filter_cache.h"
#include "number.h"
#include "view_memo.h"

#define VIEW_METATABLE "sustain.view"
#define FILTER_METATABLE "sustain.filter"

typedef struct lua_view {
  evidence_view view;
  uint64_t selection; /* a narrowed view's selection number (view_memo.h), 0 for a range */
  uint32_t rows[];    /* the selection of a narrowed view */
} lua_view;

/* Room for the key of a filter (filter_cache.h); a longer filter is compiled
 * on every call. */
#define FILTER_KEY_ROOM 1024

/* What the views of one Lua state share: the memory of answers, the filters
 * compiled so far, and scratch space that each call reuses instead of making
 * garbage: the filter it compiles, its key, and room to select rows into. No Lua runs inside a view method today (the
 * sandbox refuses __gc, and filters are read with raw access), but should a
 * call ever be reached from inside another, clearing the scratch under it
 * would free memory still in use: so a call marks the scratch in use, and a
 * call that finds it so makes its own. Scratch left marked by an error is
 * freed for use before the next authority. */
typedef struct view_state {
  view_memo *memo;
  filter_cache *filters;
  evidence_filter filter;
  int filter_in_use;
  const cached_filter *in_hand; /* the kept filter the call in hand uses, if any */
  unsigned char key[FILTER_KEY_ROOM];
  uint32_t *rows;
  size_t row_capacity;
  int rows_in_use;
  const void *view_metatable; /* its address, to know a view without a registry lookup */
} view_state;

/* The registry key of the state's view_state (its address is the key). */
static const char state_key = 's';

/* The state as the engine reaches it from outside a view method. */
static view_state *registered_state(lua_State *L) {
  lua_rawgetp(L, LUA_REGISTRYINDEX, &state_key);
  view_state *state = lua_touserdata(L, -1);
  lua_pop(L, 1); /* remove the state */
  return state;
}

/* The state inside a view method: its upvalue 1 (lua_view_open), which costs
 * less than a registry lookup on every call; NULL in a function without it. */
static view_state *state_of(lua_State *L) { return lua_touserdata(L, lua_upvalueindex(1)); }

static int state_gc(lua_State *L) {
  view_state *state = lua_touserdata(L, 1);
  view_memo_free(state->memo);
  filter_cache_free(state->filters);
  evidence_filter_free(&state->filter);
  free(state->rows);
  *state = (view_state){0};
  return 0;
}

void lua_view_forget(lua_State *L) {
  view_state *state = registered_state(L);
  if (!state) return;
  if (state->memo) view_memo_clear(state->memo);
  state->filter_in_use = state->rows_in_use = 0;
  state->in_hand = NULL;
  /* the views made of the memo's selections: emptied in place, as making a
   * new table could raise (out of memory) outside any protected call */
  lua_rawgetp(L, LUA_REGISTRYINDEX, &state_key);
  lua_getiuservalue(L, -1, 1);
  lua_pushnil(L);
  while (lua_next(L, -2)) { /* selection, view */
    lua_pop(L, 1);           /* remove the view */
    lua_pushvalue(L, -1);
    lua_pushnil(L);
    lua_rawset(L, -4); /* made[selection] = nil, selection kept for lua_next */
  }
  lua_pop(L, 2); /* remove the table and the state */
}

/* Room for a filter's bytes on the stack; a longer filter is not remembered. */
#define FILTER_BYTES_ROOM 2048

/* Fills the question of filter over v; 0 when it cannot be asked of the memo.
 * A kept filter's bytes were written when it was kept. */
static int ask(const view_state *state, const lua_view *v, const evidence_filter *filter,
               memo_kind kind, unsigned char room[FILTER_BYTES_ROOM], memo_question *q) {
  if (v->view.rows && !v->selection) return 0; /* a selection the memo never named */
  const unsigned char *bytes = room;
  size_t size;
  if (state->in_hand && filter == &state->in_hand->filter) {
    bytes = state->in_hand->bytes;
    size = state->in_hand->byte_count;
  } else {
    size = evidence_filter_bytes(filter, room, FILTER_BYTES_ROOM);
    if (size > FILTER_BYTES_ROOM) return 0;
  }
  *q = (memo_question){kind, v->view.table, v->view.start, v->view.end, v->selection, bytes, size};
  if (v->view.rows) q->start = q->end = 0;
  return 1;
}

/* Counts the rows of v passing filter from a tally of the filter's one column
 * over v (evidence_tally_column), made by the first such count and kept for
 * the next; 0 when the filter or the view does not suit one. */
static int tallied_count(view_memo *memo, const lua_view *v, const evidence_filter *filter,
                         size_t *count) {
  int column = evidence_tally_column(&v->view, filter);
  if (column < 0 || (v->view.rows && !v->selection)) return 0;
  uint64_t name = (uint64_t)column;
  memo_question q = {MEMO_TALLY, v->view.table, v->view.start, v->view.end, v->selection,
                     (const unsigned char *)&name, sizeof name};
  if (v->view.rows) q.start = q.end = 0;
  const uint32_t *counts = view_memo_tally(memo, &q);
  uint32_t tally[EVIDENCE_TALLY_CODES];
  if (!counts) {
    evidence_tally(&v->view, (size_t)column, tally);
    view_memo_keep_tally(memo, &q, tally, v->view.table->columns[column].dictionary.count + 1);
    counts = tally;
  }
  *count = evidence_count_tallied(filter, counts);
  return 1;
}

/* Counts the rows of v passing filter, remembering the answer. A count that a
 * tally answers is not kept besides: the kept tally answers it again for less
 * than keeping it costs. */
static size_t remembered_count(lua_State *L, const lua_view *v, const evidence_filter *filter) {
  if (!filter || filter->count == 0) return evidence_view_size(&v->view);
  view_state *state = state_of(L);
  view_memo *memo = state ? state->memo : NULL;
  size_t count;
  if (memo && tallied_count(memo, v, filter, &count)) return count;
  unsigned char room[FILTER_BYTES_ROOM];
  memo_question q;
  if (!memo || !ask(state, v, filter, MEMO_COUNT, room, &q)) return evidence_count(&v->view, filter);
  if (view_memo_count(memo, &q, &count)) return count;
  count = evidence_count(&v->view, filter);
  view_memo_keep_count(memo, &q, count);
  return count;
}

/* The view at argument 1. Its metatable is compared by address with the one
 * the state noted, where luaL_checkudata would look it up by name; anything
 * else goes to luaL_checkudata, which raises the usual error. */
static lua_view *check_view(lua_State *L) {
  const view_state *state = state_of(L);
  if (state && lua_type(L, 1) == LUA_TUSERDATA && lua_getmetatable(L, 1)) {
    int is_view = lua_topointer(L, -1) == state->view_metatable;
    lua_pop(L, 1); /* remove the metatable */
    if (is_view) return lua_touserdata(L, 1);
  }
  return luaL_checkudata(L, 1, VIEW_METATABLE);
}

/* ** {======================================================================
** Filters
** ======================================================================= */

static int filter_gc(lua_State *L) {
  evidence_filter_free(luaL_checkudata(L, 1, FILTER_METATABLE));
  return 0;
}

/* Raises "no column", with the nearest name when one is near (column_hint.h): never the
 * table's names, which may be a data row when a file has no header row. */
static int no_column(lua_State *L, const evidence_table *table, const char *name) {
  char message[512];
  return luaL_error(L, "%s", column_hint_message(message, sizeof message, table, name));
}

static size_t check_column(lua_State *L, const evidence_table *table, const char *name) {
  int column = evidence_table_column(table, name);
  if (column < 0) no_column(L, table, name);
  return (size_t)column;
}

/* The date string at index as days, for a filter on a date column. */
static double check_date(lua_State *L, int index, const evidence_column *column) {
  size_t length;
  const char *text = lua_type(L, index) == LUA_TSTRING ? lua_tolstring(L, index, &length) : NULL;
  long days;
  if (!text || date_cell_days(text, length, &days) != 0)
    luaL_error(L, "filter on '%s': the column holds dates; compare it with a date such as "
                  "\"2024-03-31\"", column->name);
  return (double)days;
}

/* Pushes a date column's value (days) as YYYY-MM-DD. */
static void push_date(lua_State *L, double days) {
  char text[11];
  date_format(date_from_days((long)days), text);
  lua_pushstring(L, text);
}

/* Pushes a value of a numeric column: a number, or a date as text. */
static void push_numeric(lua_State *L, const evidence_column *column, double value) {
  if (column->type == EVIDENCE_DATE) push_date(L, value);
  else lua_pushnumber(L, value);
}

/* Adds "column is one of values" (or none of them) where values is the value at
 * index: a single string or number, or an array of them. Values are converted to
 * the column's type, so a code column read as numbers in one file and as text
 * in another filters the same way. */
/* A column with no value at all has no type worth checking values against
 * (an unfilled `left` date column loads as numbers): any comparison with it
 * matches no row, as it would on a typed column. */
static int empty_column(lua_State *L, evidence_filter *filter, const evidence_table *table,
                        size_t column) {
  if (table->columns[column].present > 0) return 0;
  if (evidence_filter_add_missing(filter, table, column, 0) != 0)
    luaL_error(L, "out of memory while building a filter");
  return 1;
}

static void add_set(lua_State *L, int index, evidence_filter *filter, const evidence_table *table,
                    size_t column, int negate) {
  if (empty_column(L, filter, table, column)) return;
  index = lua_absindex(L, index);
  int is_list = lua_type(L, index) == LUA_TTABLE;
  size_t count = is_list ? lua_rawlen(L, index) : 1;
  if (is_list && count == 0)
    luaL_error(L, "filter on '%s': the list of values is empty", table->columns[column].name);
  int is_text = table->columns[column].type == EVIDENCE_TEXT;
  /* a filter's list is short: its values fit on the C stack; longer lists get
   * scratch space owned by the garbage collector */
  enum { SHORT_LIST = 32 };
  const char *short_texts[SHORT_LIST];
  size_t short_lengths[SHORT_LIST];
  double short_numbers[SHORT_LIST];
  int scratch = count > SHORT_LIST;
  const char **texts = scratch ? lua_newuserdatauv(L, count * sizeof(char *), 0) : short_texts;
  size_t *lengths = scratch ? lua_newuserdatauv(L, count * sizeof(size_t), 0) : short_lengths;
  double *numbers = scratch ? lua_newuserdatauv(L, count * sizeof(double), 0) : short_numbers;
  int converted = 0; /* numbers turned to text, kept on the stack while in use */
  size_t used = 0;
  for (size_t i = 1; i <= count; i++) {
    if (is_list) lua_rawgeti(L, index, (lua_Integer)i);
    else lua_pushvalue(L, index);
    int type = lua_type(L, -1);
    if (type != LUA_TSTRING && type != LUA_TNUMBER)
      luaL_error(L, "filter on '%s': values must be strings or numbers, not %s",
                 table->columns[column].name, lua_typename(L, type));
    if (table->columns[column].type == EVIDENCE_DATE) {
      numbers[used++] = check_date(L, -1, &table->columns[column]);
    } else if (is_text) {
      if (type == LUA_TNUMBER) {
        luaL_checkstack(L, 2, "too many values in a filter");
        if (lua_isinteger(L, -1)) lua_pushfstring(L, "%I", lua_tointeger(L, -1));
        else lua_pushstring(L, lua_tostring(L, -1)); /* tostring of a copy */
        lua_remove(L, -2);
        texts[used] = lua_tolstring(L, -1, &lengths[used]);
        used++;
        converted++;
        continue; /* the string stays on the stack */
      }
      /* a string in the list (or the argument) stays alive while the filter is built */
      texts[used] = lua_tolstring(L, -1, &lengths[used]);
      used++;
    } else if (type == LUA_TNUMBER) {
      numbers[used++] = lua_tonumber(L, -1);
    } else {
      size_t length;
      const char *text = lua_tolstring(L, -1, &length);
      if (number_parse(text, length, &numbers[used]) == 0) used++;
      /* text that is no number matches no row of a number column */
    }
    lua_pop(L, 1); /* remove the value */
  }
  char error[200];
  if (!is_text && used == 0 && !negate) {
    /* nothing can match: an impossible set keeps the semantics simple */
    numbers[0] = NAN;
    used = 1;
  }
  int status = evidence_filter_add_set(filter, table, column, negate, is_text ? texts : NULL,
                                       lengths, is_text ? NULL : numbers, used, error, sizeof error);
  lua_pop(L, converted + (scratch ? 3 : 0)); /* remove converted strings and scratch */
  if (status != 0) luaL_error(L, "%s", error);
}

static void add_compare(lua_State *L, evidence_filter *filter, const evidence_table *table,
                        size_t column, evidence_operator op, const char *name) {
  if (empty_column(L, filter, table, column)) return;
  double value = 0;
  if (table->columns[column].type == EVIDENCE_DATE) value = check_date(L, -1, &table->columns[column]);
  else if (lua_type(L, -1) == LUA_TNUMBER) value = lua_tonumber(L, -1);
  else luaL_error(L, "filter on '%s': %s needs a number", table->columns[column].name, name);
  char error[200];
  if (evidence_filter_add_compare(filter, table, column, op, value, error, sizeof error) != 0)
    luaL_error(L, "filter on '%s': %s", table->columns[column].name, error);
}

/* A table of named conditions: {ge = 18, lt = 22}, {ne = "0"}, {missing = true}. */
static void add_conditions(lua_State *L, int index, evidence_filter *filter,
                           const evidence_table *table, size_t column) {
  static const struct {
    const char *name;
    evidence_operator op;
  } compares[] = {{"lt", EVIDENCE_LT}, {"le", EVIDENCE_LE}, {"gt", EVIDENCE_GT}, {"ge", EVIDENCE_GE}};
  index = lua_absindex(L, index);
  lua_pushnil(L);
  while (lua_next(L, index)) { /* key, value */
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_error(L, "filter on '%s': conditions are named (eq, ne, lt, le, gt, ge, in, not_in, "
                    "missing)", table->columns[column].name);
    const char *name = lua_tostring(L, -2);
    size_t i = 0;
    while (i < 4 && strcmp(compares[i].name, name) != 0) i++;
    if (i < 4) add_compare(L, filter, table, column, compares[i].op, name);
    else if (strcmp(name, "eq") == 0 || strcmp(name, "in") == 0)
      add_set(L, -1, filter, table, column, 0);
    else if (strcmp(name, "ne") == 0 || strcmp(name, "not_in") == 0)
      add_set(L, -1, filter, table, column, 1);
    else if (strcmp(name, "missing") == 0) {
      if (lua_type(L, -1) != LUA_TBOOLEAN)
        luaL_error(L, "filter on '%s': missing takes true or false", table->columns[column].name);
      if (evidence_filter_add_missing(filter, table, column, lua_toboolean(L, -1)) != 0)
        luaL_error(L, "out of memory while building a filter");
    } else
      luaL_error(L, "filter on '%s': unknown condition '%s' (use eq, ne, lt, le, gt, ge, in, "
                    "not_in, missing)", table->columns[column].name, name);
    lua_pop(L, 1); /* remove value, keep key */
  }
}

/* Compiles the Lua filter table at index (absolute) into filter. */
static void compile_filter(lua_State *L, int index, const evidence_table *table,
                           evidence_filter *filter) {
  lua_pushnil(L);
  while (lua_next(L, index)) { /* column, condition */
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_error(L, "a filter's keys are column names, e.g. { ACTIV = {\"F1\", \"P1\"} }");
    size_t column = check_column(L, table, lua_tostring(L, -2));
    int is_list = lua_type(L, -1) == LUA_TTABLE && lua_rawlen(L, -1) > 0;
    if (lua_type(L, -1) == LUA_TTABLE && !is_list) {
      lua_pushnil(L);
      if (!lua_next(L, -2))
        luaL_error(L, "filter on '%s': the condition is empty; give a value, a list of values "
                      "or named conditions", table->columns[column].name);
      lua_pop(L, 2); /* remove the first key and value */
      add_conditions(L, -1, filter, table, column);
    }
    else if (lua_type(L, -1) == LUA_TBOOLEAN)
      luaL_error(L, "filter on '%s': compare with a string or number; for missing values write "
                    "{ missing = true }", table->columns[column].name);
    else add_set(L, -1, filter, table, column, 0);
    lua_pop(L, 1); /* remove condition, keep column */
  }
}

evidence_filter *lua_view_push_filter(lua_State *L, int index, const evidence_table *table) {
  index = lua_absindex(L, index);
  luaL_checktype(L, index, LUA_TTABLE);
  evidence_filter *filter = lua_newuserdatauv(L, sizeof *filter, 0);
  *filter = (evidence_filter){0};
  luaL_setmetatable(L, FILTER_METATABLE);
  compile_filter(L, index, table, filter);
  return filter;
}

/* ** Keys of filters: what compile_filter reads of a filter table, written
 * as bytes in the order it reads it (filter_cache.h). Each value carries its
 * type and exact bits, each string and list its length, so two tables with
 * the same key compile to the same filter for a table. A value that
 * compile_filter would refuse, or a key past the room, makes no key: the
 * filter is then compiled (and refused) as always. */

static void key_tag(byte_key *k, unsigned char tag) { byte_key_put(k, &tag, 1); }

/* A tag, then a word (a length or a number's bits), then length bytes of text:
 * the three puts of one value with one check of the room. */
_Static_assert(sizeof(lua_Integer) == 8 && sizeof(lua_Number) == 8, "a key's words are 8 bytes");
static void key_value(byte_key *k, unsigned char tag, const void *word, const char *text,
                      size_t length) {
  size_t room = k->room - k->size;
  if (!k->ok || room < 9 || length > room - 9) {
    k->ok = 0;
    return;
  }
  unsigned char *at = k->bytes + k->size;
  at[0] = tag;
  memcpy(at + 1, word, 8);
  if (length) memcpy(at + 9, text, length);
  k->size += 9 + length;
}

/* A string, number or boolean at index, of the given type: its type and exact value. */
static void key_typed_scalar(lua_State *L, int index, int type, byte_key *k) {
  if (type == LUA_TSTRING) {
    size_t length;
    const char *text = lua_tolstring(L, index, &length);
    uint64_t size = length;
    key_value(k, 's', &size, text, length);
  } else if (type == LUA_TNUMBER && lua_isinteger(L, index)) {
    lua_Integer integer = lua_tointeger(L, index);
    key_value(k, 'i', &integer, NULL, 0);
  } else if (type == LUA_TNUMBER) {
    lua_Number number = lua_tonumber(L, index);
    key_value(k, 'f', &number, NULL, 0);
  } else if (type == LUA_TBOOLEAN) {
    key_tag(k, lua_toboolean(L, index) ? 'T' : 'F');
  } else {
    k->ok = 0;
  }
}

static void key_scalar(lua_State *L, int index, byte_key *k) {
  key_typed_scalar(L, index, lua_type(L, index), k);
}

/* A list at index as add_set reads it: its length, then items 1 to length. */
static void key_list(lua_State *L, int index, byte_key *k) {
  index = lua_absindex(L, index);
  uint64_t count = lua_rawlen(L, index);
  key_value(k, 'L', &count, NULL, 0);
  for (uint64_t i = 1; i <= count && k->ok; i++) {
    int type = lua_rawgeti(L, index, (lua_Integer)i);
    if (type == LUA_TSTRING || type == LUA_TNUMBER) key_typed_scalar(L, -1, type, k);
    else k->ok = 0;
    lua_pop(L, 1); /* remove the item */
  }
}

static void key_conditions(lua_State *L, int index, byte_key *k);

/* The pairs of the table at index (absolute) into k, each name then its value:
 * a scalar, a list, or (when conditions is set) a table of named conditions;
 * anything else makes no key (k->ok is cleared). Leaves the stack as it was. */
static void key_pairs(lua_State *L, int index, byte_key *k, int conditions) {
  int top = lua_gettop(L);
  lua_pushnil(L);
  while (k->ok && lua_next(L, index)) { /* name, value */
    if (lua_type(L, -2) != LUA_TSTRING) k->ok = 0;
    key_scalar(L, -2, k);
    if (lua_type(L, -1) != LUA_TTABLE) key_scalar(L, -1, k);
    else if (lua_rawlen(L, -1) > 0) key_list(L, -1, k);
    else if (conditions) key_conditions(L, -1, k);
    else k->ok = 0;
    lua_pop(L, 1); /* remove value, keep name */
  }
  lua_settop(L, top); /* a traversal stopped early leaves its name */
}

/* A table of named conditions at index, as add_conditions reads it. */
static void key_conditions(lua_State *L, int index, byte_key *k) {
  key_tag(k, 'C');
  key_pairs(L, lua_absindex(L, index), k, 0);
  key_tag(k, 'E');
}

/* The key of the filter table at index (absolute) into k; k->ok says whether it made one. */
static void filter_key_of(lua_State *L, int index, byte_key *k) {
  luaL_checkstack(L, 8, "filter too deep");
  key_pairs(L, index, k, 1);
}

/* The filter argument at index compiled for one call: a kept filter when the
 * same filter was compiled for the table before, else compiled into the
 * state's scratch filter and kept when it can be; give it back with
 * release_filter. When the scratch is in use, a new filter owned by the
 * garbage collector. */
static const evidence_filter *call_filter(lua_State *L, int index, const evidence_table *table) {
  view_state *state = state_of(L);
  if (!state || state->filter_in_use) return lua_view_push_filter(L, index, table);
  index = lua_absindex(L, index);
  luaL_checktype(L, index, LUA_TTABLE);
  state->filter_in_use = 1;
  byte_key key = byte_key_in(state->key, sizeof state->key);
  key.ok = state->filters != NULL;
  if (key.ok) filter_key_of(L, index, &key);
  if (key.ok && (state->in_hand = filter_cache_find(state->filters, table, key.bytes, key.size)))
    return &state->in_hand->filter;
  evidence_filter_clear(&state->filter);
  compile_filter(L, index, table, &state->filter);
  if (key.ok &&
      (state->in_hand = filter_cache_keep(state->filters, table, key.bytes, key.size, &state->filter)))
    return &state->in_hand->filter;
  return &state->filter;
}

static void release_filter(lua_State *L, const evidence_filter *filter) {
  view_state *state = state_of(L);
  if (!state || !filter) return;
  if (filter == &state->filter || (state->in_hand && filter == &state->in_hand->filter)) {
    state->filter_in_use = 0;
    state->in_hand = NULL;
  }
}

/* The optional filter argument at index, or NULL. */
static const evidence_filter *optional_filter(lua_State *L, int index, const lua_view *v) {
  if (lua_isnoneornil(L, index)) return NULL;
  return call_filter(L, index, v->view.table);
}

/* }====================================================================== */

/* ** {======================================================================
** Views
** ======================================================================= */

void lua_view_push(lua_State *L, evidence_view view) {
  lua_view *v = lua_newuserdatauv(L, sizeof *v, 0);
  v->view = view;
  v->view.rows = NULL;
  v->selection = 0;
  luaL_setmetatable(L, VIEW_METATABLE);
}

/* The column argument of an aggregate: numbers, or dates where ordering is all
 * the aggregate needs (min, max). */
static size_t number_column(lua_State *L, const lua_view *v, int index, const char *method,
                            int dates_allowed) {
  const char *name = luaL_checkstring(L, index);
  size_t column = check_column(L, v->view.table, name);
  evidence_type type = v->view.table->columns[column].type;
  if (type == EVIDENCE_TEXT || (type == EVIDENCE_DATE && !dates_allowed))
    luaL_error(L, "%s('%s'): the column holds %s, and %s needs numbers", method, name,
               type == EVIDENCE_TEXT ? "text" : "dates", method);
  return column;
}

static int view_count(lua_State *L) {
  lua_view *v = check_view(L);
  const evidence_filter *filter = optional_filter(L, 2, v);
  size_t count = remembered_count(L, v, filter);
  release_filter(L, filter);
  lua_pushinteger(L, (lua_Integer)count);
  return 1;
}

typedef size_t (*aggregate_function)(const evidence_view *, size_t, const evidence_filter *,
                                     double *);

/* Pushes the aggregate (nil when no value) and how many values it used. */
static int push_aggregate(lua_State *L, aggregate_function aggregate, const char *method,
                          int dates_allowed) {
  lua_view *v = check_view(L);
  size_t column = number_column(L, v, 2, method, dates_allowed);
  const evidence_filter *filter = optional_filter(L, 3, v);
  double result;
  size_t used = aggregate(&v->view, column, filter, &result);
  release_filter(L, filter);
  if (used) push_numeric(L, &v->view.table->columns[column], result);
  else lua_pushnil(L);
  lua_pushinteger(L, (lua_Integer)used);
  return 2;
}

static int view_sum(lua_State *L) { return push_aggregate(L, evidence_sum, "sum", 0); }
static int view_mean(lua_State *L) { return push_aggregate(L, evidence_mean, "mean", 0); }
static int view_min(lua_State *L) { return push_aggregate(L, evidence_min, "min", 1); }
static int view_max(lua_State *L) { return push_aggregate(L, evidence_max, "max", 1); }

/* share(filter): the fraction of the view's rows that pass, and the row count;
 * nil on an empty view, never a division by zero. */
static int view_share(lua_State *L) {
  lua_view *v = check_view(L);
  luaL_checktype(L, 2, LUA_TTABLE);
  const evidence_filter *filter = call_filter(L, 2, v->view.table);
  size_t size = evidence_view_size(&v->view);
  size_t count = size ? remembered_count(L, v, filter) : 0;
  release_filter(L, filter);
  if (size == 0) lua_pushnil(L);
  else lua_pushnumber(L, (double)count / (double)size);
  lua_pushinteger(L, (lua_Integer)size);
  return 2;
}

/* The views where made of the memo's selections, by selection number, are
 * kept in a table with weak values (the state's user value 1), so that a where
 * asking a question again gets the view already made while it is alive: a view
 * cannot be changed, so one serves them all, and nothing is kept alive for it. */

/* Pushes the live view made of the selection and returns 1, or returns 0. */
static int push_made_view(lua_State *L, uint64_t selection) {
  lua_getiuservalue(L, lua_upvalueindex(1), 1); /* the views made */
  if (lua_rawgeti(L, -1, (lua_Integer)selection) == LUA_TUSERDATA) {
    lua_remove(L, -2); /* remove the table, keep the view */
    return 1;
  }
  lua_pop(L, 2); /* remove nil and the table */
  return 0;
}

/* Notes the view on top of the stack as the one made of the selection. */
static void note_made_view(lua_State *L, uint64_t selection) {
  lua_getiuservalue(L, lua_upvalueindex(1), 1); /* the views made */
  lua_pushvalue(L, -2);                          /* the view */
  lua_rawseti(L, -2, (lua_Integer)selection);
  lua_pop(L, 1); /* remove the table */
}

static int view_where(lua_State *L) {
  lua_view *v = check_view(L);
  luaL_checktype(L, 2, LUA_TTABLE);
  const evidence_filter *filter = call_filter(L, 2, v->view.table);
  view_state *state = state_of(L);
  view_memo *memo = state ? state->memo : NULL;
  unsigned char room[FILTER_BYTES_ROOM];
  memo_question q;
  int asked = memo && ask(state, v, filter, MEMO_WHERE, room, &q);
  size_t count = 0;
  uint64_t selection = 0;
  const uint32_t *selected = asked ? view_memo_rows(memo, &q, &count, &selection) : NULL;
  if (selected && push_made_view(L, selection)) {
    release_filter(L, filter);
    return 1;
  }
  int kept = selected != NULL; /* the memo holds the selection: note the view made of it */
  int scratch = 0;             /* selected into the state's room, given back below */
  if (!selected) {
    /* one pass over the rows into room for all of them, then the selection's own copy */
    size_t size = evidence_view_size(&v->view);
    uint32_t *rows = NULL;
    if (state && !state->rows_in_use) {
      if (state->row_capacity < size) {
        uint32_t *grown = realloc(state->rows, size * sizeof *grown);
        if (grown) state->rows = grown, state->row_capacity = size;
      }
      if (state->row_capacity >= size) rows = state->rows, scratch = state->rows_in_use = 1;
    }
    if (!rows) rows = lua_newuserdatauv(L, (size ? size : 1) * sizeof(uint32_t), 0);
    count = evidence_select(&v->view, filter, rows);
    selection = asked ? view_memo_keep_rows(memo, &q, rows, count, &kept) : 0;
    selected = rows;
  }
  release_filter(L, filter);
  lua_view *narrow = lua_newuserdatauv(L, sizeof *narrow + count * sizeof(uint32_t), 0);
  narrow->view = v->view;
  narrow->selection = selection;
  narrow->view.group = NULL; /* a selection, no longer the authority's rows */
  narrow->view.rows = narrow->rows;
  narrow->view.row_count = count;
  if (count) memcpy(narrow->rows, selected, count * sizeof(uint32_t));
  if (scratch) state->rows_in_use = 0;
  lua_pushvalue(L, lua_upvalueindex(2)); /* the view metatable */
  lua_setmetatable(L, -2);
  if (kept) note_made_view(L, selection);
  return 1;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* A string and its length, for sorting plain text. */
typedef struct text_slice {
  const char *text;
  size_t length;
} text_slice;

static int compare_slices(const void *a, const void *b) {
  const text_slice *x = a, *y = b;
  int order = memcmp(x->text, y->text, x->length < y->length ? x->length : y->length);
  return order ? order : (x->length > y->length) - (x->length < y->length);
}

static int compare_numbered(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

/* distinct() of a numbered text column: its values sorted as numbers, which is
 * their texts' order, since every text is one prefix and as many digits. */
static int push_distinct_numbered(lua_State *L, const evidence_view *view,
                                  const evidence_column *column) {
  size_t size = evidence_view_size(view), found = 0;
  uint32_t *values = lua_newuserdatauv(L, (size ? size : 1) * sizeof(uint32_t), 0);
  for (size_t i = 0; i < size; i++) {
    uint32_t value = column->numbered.values[evidence_view_row(view, i)];
    if (value != EVIDENCE_NUMBERED_MISSING) values[found++] = value;
  }
  qsort(values, found, sizeof(uint32_t), compare_numbered);
  lua_createtable(L, 0, 0);
  lua_Integer n = 0;
  char text[EVIDENCE_TEXT_SPACE];
  for (size_t i = 0; i < found; i++)
    if (i == 0 || values[i] != values[i - 1]) {
      lua_pushlstring(L, text, evidence_numbered_text(&column->numbered, values[i], text));
      lua_rawseti(L, -2, ++n);
    }
  return 1;
}

/* distinct(column): the sorted distinct present values, as an array. */
static int view_distinct(lua_State *L) {
  lua_view *v = check_view(L);
  const char *name = luaL_checkstring(L, 2);
  const evidence_column *column = &v->view.table->columns[check_column(L, v->view.table, name)];
  size_t size = evidence_view_size(&v->view), found = 0;
  if (evidence_column_is_numeric(column)) {
    double *values = lua_newuserdatauv(L, (size ? size : 1) * sizeof(double), 0);
    for (size_t i = 0; i < size; i++) {
      double value = evidence_number(column, evidence_view_row(&v->view, i));
      if (!isnan(value)) values[found++] = value;
    }
    qsort(values, found, sizeof(double), compare_doubles);
    lua_createtable(L, 0, 0);
    lua_Integer n = 0;
    for (size_t i = 0; i < found; i++)
      if (i == 0 || values[i] != values[i - 1]) {
        push_numeric(L, column, values[i]);
        lua_rawseti(L, -2, ++n);
      }
    return 1;
  }
  if (column->numbered.values) return push_distinct_numbered(L, &v->view, column);
  text_slice *texts = lua_newuserdatauv(L, (size ? size : 1) * sizeof(text_slice), 0);
  if (column->storage == EVIDENCE_CODED) { /* each code once, found by a flag per code */
    size_t codes = column->dictionary.count + 1;
    unsigned char *seen = lua_newuserdatauv(L, codes, 0);
    memset(seen, 0, codes);
    for (size_t i = 0; i < size; i++) seen[evidence_code(column, evidence_view_row(&v->view, i))] = 1;
    for (uint32_t code = 1; code < codes; code++)
      if (seen[code])
        texts[found++] = (text_slice){evidence_dictionary_string(&column->dictionary, code),
                                      column->dictionary.lengths[code - 1]};
  } else {
    char unused[EVIDENCE_TEXT_SPACE]; /* the column's text lies in place: not numbered */
    for (size_t i = 0; i < size; i++) {
      text_slice slice;
      slice.text = evidence_text(column, evidence_view_row(&v->view, i), &slice.length, unused);
      if (slice.text) texts[found++] = slice;
    }
  }
  qsort(texts, found, sizeof(text_slice), compare_slices);
  lua_createtable(L, (int)found, 0);
  lua_Integer n = 0;
  for (size_t i = 0; i < found; i++)
    if (i == 0 || compare_slices(&texts[i], &texts[i - 1]) != 0) {
      lua_pushlstring(L, texts[i].text, texts[i].length);
      lua_rawseti(L, -2, ++n);
    }
  return 1;
}

/* Pushes one row as a fresh table {column = value}; missing values are absent. */
static void push_row(lua_State *L, const evidence_table *table, size_t row) {
  lua_createtable(L, 0, (int)table->column_count);
  for (size_t c = 0; c < table->column_count; c++) {
    const evidence_column *column = &table->columns[c];
    if (column->skipped) { /* the row would hold it: the engine loads it and starts again */
      evidence_table_missed(table);
      continue;
    }
    if (evidence_column_is_numeric(column)) {
      double value = evidence_number(column, row);
      if (isnan(value)) continue;
      push_numeric(L, column, value);
    } else {
      size_t length;
      char buffer[EVIDENCE_TEXT_SPACE];
      const char *text = evidence_text(column, row, &length, buffer);
      if (!text) continue;
      lua_pushlstring(L, text, length);
    }
    lua_setfield(L, -2, column->name);
  }
}

static int rows_next(lua_State *L) {
  lua_view *v = lua_touserdata(L, lua_upvalueindex(1));
  lua_Integer i = lua_tointeger(L, lua_upvalueindex(2));
  if ((size_t)i >= evidence_view_size(&v->view)) return 0;
  lua_pushinteger(L, i + 1);
  lua_replace(L, lua_upvalueindex(2)); /* next position */
  push_row(L, v->view.table, evidence_view_row(&v->view, (size_t)i));
  return 1;
}

/* rows(): an iterator over the view's rows, for small tables. */
static int view_rows(lua_State *L) {
  check_view(L);
  lua_settop(L, 1);
  lua_pushinteger(L, 0);
  lua_pushcclosure(L, rows_next, 2);
  return 1;
}

static int view_columns(lua_State *L) {
  lua_view *v = check_view(L);
  lua_createtable(L, (int)v->view.table->column_count, 0);
  for (size_t c = 0; c < v->view.table->column_count; c++) {
    lua_pushstring(L, v->view.table->columns[c].name);
    lua_rawseti(L, -2, (lua_Integer)c + 1);
  }
  return 1;
}

static int view_len(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)evidence_view_size(&check_view(L)->view));
  return 1;
}

static int view_tostring(lua_State *L) {
  lua_view *v = check_view(L);
  lua_pushfstring(L, "view of %s (%I rows)", v->view.table->name,
                  (lua_Integer)evidence_view_size(&v->view));
  return 1;
}

int lua_view_describe(lua_State *L, int index, char *buffer, size_t size) {
  const lua_view *v = luaL_testudata(L, index, VIEW_METATABLE);
  if (!v) return 0;
  snprintf(buffer, size, "view of %s (%zu rows)", v->view.table->name,
           evidence_view_size(&v->view));
  return 1;
}

void lua_view_open(lua_State *L) {
  view_state *state = lua_newuserdatauv(L, sizeof *state, 1);
  *state = (view_state){0};
  state->memo = view_memo_new(); /* without it, every question is answered by a scan */
  state->filters = filter_cache_new(); /* without it, every call compiles its filter */
  lua_createtable(L, 0, 1);
  lua_pushcfunction(L, state_gc);
  lua_setfield(L, -2, "__gc");
  lua_setmetatable(L, -2);
  lua_newtable(L); /* the views made of the memo's selections (push_made_view) */
  lua_createtable(L, 0, 1);
  lua_pushliteral(L, "v");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  lua_setiuservalue(L, -2, 1);
  lua_pushvalue(L, -1);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &state_key); /* keep the state, a copy stays on top */
  static const luaL_Reg methods[] = {
      {"count", view_count}, {"sum", view_sum},         {"mean", view_mean},
      {"min", view_min},     {"max", view_max},         {"share", view_share},
      {"where", view_where}, {"distinct", view_distinct}, {"rows", view_rows},
      {"columns", view_columns}, {NULL, NULL}};
  static const luaL_Reg metamethods[] = {
      {"__len", view_len}, {"__tostring", view_tostring}, {NULL, NULL}};
  luaL_newmetatable(L, VIEW_METATABLE); /* state, metatable */
  state->view_metatable = lua_topointer(L, -1);
  luaL_newlibtable(L, methods);
  lua_pushvalue(L, -3);           /* the state, each method's upvalue 1 */
  lua_pushvalue(L, -3);           /* the metatable, upvalue 2 */
  luaL_setfuncs(L, methods, 2);   /* state, metatable, methods */
  lua_setfield(L, -2, "__index");
  lua_pushvalue(L, -2);           /* the state again */
  lua_pushvalue(L, -2);           /* and the metatable */
  luaL_setfuncs(L, metamethods, 2);
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 2); /* remove view metatable and state */
  luaL_newmetatable(L, FILTER_METATABLE);
  lua_pushcfunction(L, filter_gc);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1); /* remove filter metatable */
}

/* }====================================================================== */
