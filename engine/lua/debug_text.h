/* debug_text.h: the text of debug(...)'s arguments, as Lua's print writes them,
 * made safe for a terminal and bounded. Tables are shown one level deep, their
 * keys in order (numbers, then names), so a line is the same on every run; no
 * metamethod of the rule's runs (no __tostring), so a rule behaves the same
 * whether its lines are shown or not. Neighbours: sandbox.c's debug(...) writes
 * the line; lua_view.c names a view. */
#ifndef SUSTAIN_DEBUG_TEXT_H
#define SUSTAIN_DEBUG_TEXT_H

#include <lua.h>
#include <stddef.h>
#include <stdio.h>

/* Entries of a table shown before "... (N more)". */
#define DEBUG_TEXT_ENTRIES 20

/* The most bytes of a rule's text one call may show: budget is at most this. */
#define DEBUG_TEXT_MAX_BUDGET 4096

/* Writes the values at stack indexes first to last to out, separated by tabs:
 * nil, booleans, numbers and strings as print writes them, a table as
 * { 1, 2, key = value, ... } (tables inside it as {...}), a view as
 * `view of NAME (N rows)`, anything else by its type. At most budget bytes of
 * the values' own text are written, then "..."; every byte is cleaned as
 * diag_put_clean does, so nothing in it can drive a terminal. Allocates nothing
 * in the Lua state and raises no error. */
void debug_text_put(FILE *out, lua_State *L, int first, int last, size_t budget);

#endif
