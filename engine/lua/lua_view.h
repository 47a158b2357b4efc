/* lua_view.h: table views for rules, a thin Lua binding over evidence.h.
 * A view is a userdata holding an evidence_view; its methods (count, sum, mean,
 * min, max, share, where, distinct, rows, columns) run in C. Filters are plain
 * Lua tables compiled into evidence filters. */
#ifndef SUSTAIN_LUA_VIEW_H
#define SUSTAIN_LUA_VIEW_H

#include <lua.h>
#include <stddef.h>

#include "evidence.h"

/* Registers the view metatable in the state, the memory of answers that lets
 * a question asked again of the same rows be answered without a scan, and the
 * filters compiled so far (filter_cache.h), kept for every later authority:
 * the tables of the views pushed into the state must outlive it. */
void lua_view_open(lua_State *L);

/* Forgets the answers remembered so far (not the compiled filters): call
 * before each authority. */
void lua_view_forget(lua_State *L);

/* Pushes a view of the given rows. */
void lua_view_push(lua_State *L, evidence_view view);

/* When the value at index is a view, writes `view of NAME (N rows)` into buffer (of size
 * bytes) and returns 1; else returns 0. Calls nothing a rule controls. */
int lua_view_describe(lua_State *L, int index, char *buffer, size_t size);

/* Compiles the Lua filter table at index into a new filter for table, pushing a
 * userdata that owns it (freed by the garbage collector, so errors raised while
 * compiling leak nothing). Raises a Lua error naming the problem. */
evidence_filter *lua_view_push_filter(lua_State *L, int index, const evidence_table *table);

#endif
