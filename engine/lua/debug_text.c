/* debug_text.c: debug(...)'s arguments as text; see debug_text.h. */
#include "debug_text.h"

#include <ctype.h>
#include <string.h>

#include "diag.h"
#include "lua_view.h"

/* Where the text goes, and how much of a rule's text may still go there. */
typedef struct debug_out {
  FILE *out;
  size_t budget;
  int cut; /* some text did not fit */
} debug_out;

/* A key or a value as shown, read off the stack while the table holds it. */
typedef struct shown {
  int type;               /* LUA_T... */
  int is_integer;         /* a number that Lua keeps as an integer */
  lua_Integer integer;
  lua_Number number;
  const char *text;       /* a string: kept alive by its table (or the stack) */
  size_t length;
  char about[96];         /* a table, a view or any other type: what is shown */
} shown;

/* Writes length bytes of a rule's text (NULs allowed), cleaned, within the budget. */
static void put_text(debug_out *d, const char *text, size_t length) {
  char piece[DEBUG_TEXT_MAX_BUDGET + 1];
  if (length > d->budget) {
    length = d->budget;
    d->cut = 1;
  }
  d->budget -= length;
  while (length > 0) {
    memcpy(piece, text, length);
    piece[length] = '\0';
    size_t run = strlen(piece); /* up to a NUL, which diag_put_clean would stop at */
    diag_put_clean(d->out, piece, 0);
    if (run == length) break;
    fputs("\\x00", d->out);
    text += run + 1;
    length -= run + 1;
  }
}

/* A number as Lua's tostring writes it: 3, 3.0, 0.1, 1e+100, inf. */
static void put_number(debug_out *d, const shown *s) {
  char number[64];
  if (s->is_integer) {
    snprintf(number, sizeof number, LUA_INTEGER_FMT, (LUAI_UACINT)s->integer);
  } else {
    snprintf(number, sizeof number, LUA_NUMBER_FMT, (LUAI_UACNUMBER)s->number);
    if (number[strspn(number, "-0123456789")] == '\0') strcat(number, ".0"); /* looks like an int */
  }
  put_text(d, number, strlen(number));
}

/* Reads the value at index into s, without calling anything the rule controls. */
static void capture(lua_State *L, int index, shown *s) {
  *s = (shown){.type = lua_type(L, index)};
  switch (s->type) {
  case LUA_TNUMBER:
    s->is_integer = lua_isinteger(L, index);
    if (s->is_integer) s->integer = lua_tointeger(L, index);
    else s->number = lua_tonumber(L, index);
    break;
  case LUA_TSTRING: s->text = lua_tolstring(L, index, &s->length); break;
  case LUA_TBOOLEAN: snprintf(s->about, sizeof s->about, "%s", lua_toboolean(L, index) ? "true" : "false"); break;
  case LUA_TNIL: snprintf(s->about, sizeof s->about, "nil"); break;
  case LUA_TTABLE: {
    lua_pushnil(L);
    int empty = !lua_next(L, index < 0 ? index - 1 : index);
    if (!empty) lua_pop(L, 2); /* remove key and value */
    snprintf(s->about, sizeof s->about, "%s", empty ? "{}" : "{...}");
    break;
  }
  case LUA_TUSERDATA:
    if (!lua_view_describe(L, index, s->about, sizeof s->about))
      snprintf(s->about, sizeof s->about, "userdata");
    break;
  default: snprintf(s->about, sizeof s->about, "%s", lua_typename(L, s->type)); break;
  }
}

/* Writes a value: a string as it is, or quoted inside a table. */
static void put_shown(debug_out *d, const shown *s, int quoted) {
  if (s->type == LUA_TNUMBER) {
    put_number(d, s);
  } else if (s->type == LUA_TSTRING) {
    if (quoted) put_text(d, "\"", 1);
    put_text(d, s->text, s->length);
    if (quoted) put_text(d, "\"", 1);
  } else {
    put_text(d, s->about, strlen(s->about));
  }
}

/* Key order: numbers by value, then strings by their bytes. */
static int key_before(const shown *a, const shown *b) {
  if (a->type != b->type) return a->type == LUA_TNUMBER;
  if (a->type == LUA_TNUMBER) {
    lua_Number x = a->is_integer ? (lua_Number)a->integer : a->number;
    lua_Number y = b->is_integer ? (lua_Number)b->integer : b->number;
    return x < y;
  }
  size_t n = a->length < b->length ? a->length : b->length;
  int order = memcmp(a->text, b->text, n);
  return order < 0 || (order == 0 && a->length < b->length);
}

/* A string key that reads as a name is written bare: { IN_TOUCH = "YES" }. */
static int is_name(const shown *key) {
  if (key->type != LUA_TSTRING || key->length == 0 ||
      !(isalpha((unsigned char)key->text[0]) || key->text[0] == '_'))
    return 0;
  for (size_t i = 1; i < key->length; i++)
    if (!(isalnum((unsigned char)key->text[i]) || key->text[i] == '_')) return 0;
  return 1;
}

/* Keeps, in keys/values (sorted, at most DEBUG_TEXT_ENTRIES), the first entries of the
 * table at index in key order; returns how many entries the table has with a number or
 * string key. One pass, whatever the table's size, and the order does not depend on how
 * Lua happens to lay the table out. */
static size_t first_entries(lua_State *L, int index, shown *keys, shown *values, size_t *kept) {
  size_t total = 0;
  *kept = 0;
  lua_pushnil(L);
  while (lua_next(L, index)) { /* key, value */
    int key_type = lua_type(L, -2);
    if (key_type == LUA_TNUMBER || key_type == LUA_TSTRING) {
      total++;
      shown key;
      capture(L, -2, &key);
      size_t at = *kept;
      while (at > 0 && key_before(&key, &keys[at - 1])) at--;
      if (at < DEBUG_TEXT_ENTRIES) {
        size_t last = *kept < DEBUG_TEXT_ENTRIES ? *kept : DEBUG_TEXT_ENTRIES - 1;
        memmove(&keys[at + 1], &keys[at], (last - at) * sizeof *keys);
        memmove(&values[at + 1], &values[at], (last - at) * sizeof *values);
        keys[at] = key;
        capture(L, -1, &values[at]);
        if (*kept < DEBUG_TEXT_ENTRIES) (*kept)++;
      }
    }
    lua_pop(L, 1); /* remove value, keep key */
  }
  return total;
}

/* { 1, 2, name = value, ["a key"] = value, ... (N more) } */
static void put_table(debug_out *d, lua_State *L, int index) {
  shown keys[DEBUG_TEXT_ENTRIES], values[DEBUG_TEXT_ENTRIES];
  size_t kept;
  size_t total = first_entries(L, index, keys, values, &kept);
  if (total == 0) {
    put_text(d, "{}", 2);
    return;
  }
  put_text(d, "{ ", 2);
  lua_Integer next_position = 1; /* the sequence part is written without its keys */
  for (size_t i = 0; i < kept && !d->cut; i++) {
    if (i > 0) put_text(d, ", ", 2);
    if (keys[i].type == LUA_TNUMBER && keys[i].is_integer && keys[i].integer == next_position) {
      next_position++;
    } else {
      if (is_name(&keys[i])) {
        put_shown(d, &keys[i], 0);
      } else {
        put_text(d, "[", 1);
        put_shown(d, &keys[i], 1);
        put_text(d, "]", 1);
      }
      put_text(d, " = ", 3);
    }
    put_shown(d, &values[i], 1);
  }
  if (total > kept) {
    char more[48];
    snprintf(more, sizeof more, ", ... (%zu more)", total - kept);
    put_text(d, more, strlen(more));
  }
  put_text(d, " }", 2);
}

void debug_text_put(FILE *out, lua_State *L, int first, int last, size_t budget) {
  debug_out d = {out, budget < DEBUG_TEXT_MAX_BUDGET ? budget : DEBUG_TEXT_MAX_BUDGET, 0};
  for (int i = first; i <= last && !d.cut; i++) {
    if (i > first) fputc('\t', out); /* print's separator, sustain's own byte */
    if (lua_type(L, i) == LUA_TTABLE) {
      put_table(&d, L, i);
    } else {
      shown s;
      capture(L, i, &s);
      put_shown(&d, &s, 0);
    }
  }
  if (d.cut) fputs("...", out);
}
