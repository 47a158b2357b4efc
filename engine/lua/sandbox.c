/* sandbox.c: a limited Lua state for untrusted rule code; see sandbox.h.
 * Neighbours: rules.c registers the pack API (model, rule, context, check) here,
 * runner.c calls rules through sandbox_call, lua_view.c gives them data. */
#include "sandbox.h"

#include <errno.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "column_hint.h"
#include "debug_text.h"
#include "diag.h"
#include "hash.h"
#include "utf8.h"

sandbox *sandbox_from(lua_State *L) {
  void *ud;
  lua_getallocf(L, &ud);
  return ud;
}

/* ** {======================================================================
** Limits: the allocator and the count hook
** ======================================================================= */

static void *limited_alloc(void *ud, void *block, size_t old_size, size_t new_size) {
  sandbox *sb = ud;
  size_t old = block ? old_size : 0; /* without a block, old_size encodes a type */
  if (new_size == 0) {
#if defined(__SANITIZE_ADDRESS__)
    free(block);
#else
    block_pool_resize(&sb->pool, block, old, 0);
#endif
    sb->memory_used -= old;
    return NULL;
  }
  if (new_size > old && sb->memory_used + (new_size - old) > sb->memory_limit) {
    if (sb->in_call && sb->hit == SANDBOX_WITHIN_LIMITS) {
      sb->hit = SANDBOX_MEMORY_LIMIT;
      /* a refused allocation raises at once, before any hook: note the line now
       * (reading the stack allocates nothing) */
      sandbox_where(sb->L, 0, sb->hit_file, sizeof sb->hit_file, &sb->hit_line);
    }
    return NULL;
  }
#if defined(__SANITIZE_ADDRESS__)
  void *fresh = realloc(block, new_size); /* every block apart, so the sanitizer sees each */
#else
  void *fresh = block_pool_resize(&sb->pool, block, old, new_size);
#endif
  if (!fresh) return NULL;
  sb->memory_used = sb->memory_used - old + new_size;
  return fresh;
}

static void record_hit_location(sandbox *sb, lua_State *L, lua_Debug *ar) {
  (void)ar;
  if (sb->hit_line) return;
  sandbox_where(L, 0, sb->hit_file, sizeof sb->hit_file, &sb->hit_line);
}

static void count_hook(lua_State *L, lua_Debug *ar) {
  sandbox *sb = sandbox_from(L);
  if (!sb->in_call) return;
  if (sb->hit == SANDBOX_WITHIN_LIMITS) {
    sb->instructions += SANDBOX_HOOK_INTERVAL;
    lua_Debug deepest;
    /* a frame at depth_limit means the rule recursed too deep (seen at each hook) */
    if (sb->depth_limit > 0 && lua_getstack(L, (int)sb->depth_limit, &deepest))
      sb->hit = SANDBOX_DEPTH_LIMIT;
    else if (sb->instructions <= sb->instruction_limit)
      return;
    else
      sb->hit = SANDBOX_INSTRUCTION_LIMIT;
  }
  record_hit_location(sb, L, ar);
  /* from now on every instruction of this thread raises, so the error escapes
   * every pcall between here and sandbox_call */
  lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
  luaL_error(L, "%s limit exceeded",
             sb->hit == SANDBOX_MEMORY_LIMIT ? "memory"
             : sb->hit == SANDBOX_DEPTH_LIMIT ? "call depth" : "instruction");
}

/* }====================================================================== */

/* ** {======================================================================
** The environment rules see
** ======================================================================= */

/* Raised by every blocked function; upvalue 1 names it. */
static int blocked_function(lua_State *L) {
  const char *name = lua_tostring(L, lua_upvalueindex(1));
  if (strcmp(name, "print") == 0) /* the one an author reaches for while debugging */
    return luaL_error(L, "print is not available in rules: debug(...) writes a line that "
                         "`sustain run --trace` and `sustain test` show");
  return luaL_error(L, "%s is not available in rules (rules read data only through a.data)",
                    name);
}

/* The start of a debug(...) line: where it was called and what was running. */
static void put_debug_prefix(FILE *out, lua_State *L, const sandbox_debug *d) {
  char file[256] = "";
  int line = 0;
  fputs("debug: ", out);
  if (sandbox_where(L, 1, file, sizeof file, &line) == 0) {
    diag_put_clean(out, file, 0);
    fprintf(out, ":%d: ", line);
  }
  if (!d->name) return;
  if (d->kind) fprintf(out, "%s ", d->kind);
  diag_put_clean(out, d->name, 0);
  if (d->authority) {
    fputs(" (", out);
    diag_put_clean(out, d->authority, 0);
    fputc(')', out);
  }
  fputs(": ", out);
}

/* Shortens a line to SANDBOX_DEBUG_LINE_MAX bytes, at a character's start, ending "...". */
static size_t cut_debug_line(char *line, size_t length) {
  if (length <= SANDBOX_DEBUG_LINE_MAX) return length;
  size_t at = utf8_fit(line, length, SANDBOX_DEBUG_LINE_MAX - 3);
  memcpy(line + at, "...", 3);
  return at + 3;
}

/* debug(...), the __call of the debug table (argument 1): one line of its arguments
 * to the sandbox owner's writer, within the limits of a call. Without a writer it
 * does nothing, and with one it returns nothing either, so a rule cannot tell
 * whether its lines are shown; it runs nothing of the rule's (debug_text.h). */
static int debug_call(lua_State *L) {
  sandbox_debug *d = &sandbox_from(L)->debug;
  if (!d->write || d->lines > SANDBOX_DEBUG_LINES) return 0;
  char *line = NULL;
  size_t length = 0;
  FILE *out = open_memstream(&line, &length);
  if (!out) return 0; /* no memory to show it: the rule goes on all the same */
  put_debug_prefix(out, L, d);
  if (d->lines++ == SANDBOX_DEBUG_LINES)
    fprintf(out, "further debug lines of this call are not shown (at most %d a call)",
            SANDBOX_DEBUG_LINES);
  else
    debug_text_put(out, L, 2, lua_gettop(L), SANDBOX_DEBUG_BYTES);
  if (fclose(out) == 0) d->write(d->context, line, cut_debug_line(line, length));
  free(line);
  return 0;
}

/* __index and __newindex of a blocked library: upvalue 1 names the library. */
static int blocked_field(lua_State *L) {
  const char *field = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "?";
  return luaL_error(L, "%s.%s is not available in rules (rules see no files, clock, environment "
                       "or process)",
                    lua_tostring(L, lua_upvalueindex(1)), field);
}

/* Reading a global that does not exist is an error, so typos fail loudly: the
 * __index of the shared base table, which is in turn the __index of every
 * environment, so a global found in the base is read without calling a function. */
static int undefined_global(lua_State *L) {
  if (lua_type(L, 2) == LUA_TSTRING)
    return luaL_error(L, "undefined global '%s'", lua_tostring(L, 2));
  return luaL_error(L, "undefined global of type %s", luaL_typename(L, 2));
}

/* setmetatable without __gc: finalizers run where no hook can stop them. */
static int safe_setmetatable(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  if (lua_type(L, 2) == LUA_TTABLE) {
    if (lua_getfield(L, 2, "__gc") != LUA_TNIL)
      return luaL_error(L, "__gc metamethods are not allowed in rules");
    lua_pop(L, 1); /* remove __gc */
  }
  lua_pushvalue(L, lua_upvalueindex(1)); /* the real setmetatable */
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

/* xpcall whose message handler runs after the protected call has returned.
 * Lua runs a message handler with hooks disabled when the error came from a
 * hook, so a handler that loops would escape the instruction limit; called
 * here, under the hook, it cannot. (Rules have no debug library, so a handler
 * loses nothing by running after the stack has unwound.) Upvalue 1: pcall. */
static int safe_xpcall(lua_State *L) {
  int top = lua_gettop(L);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, lua_upvalueindex(1)); /* pcall */
  lua_pushvalue(L, 1);                   /* f */
  for (int i = 3; i <= top; i++) lua_pushvalue(L, i); /* its arguments */
  lua_call(L, top - 1, LUA_MULTRET);
  if (lua_toboolean(L, top + 1)) return lua_gettop(L) - top; /* true, results... */
  lua_pushvalue(L, 2);       /* handler */
  lua_pushvalue(L, top + 2); /* the error value */
  lua_call(L, 1, 1);
  lua_pushboolean(L, 0);
  lua_insert(L, -2); /* false, handled error */
  return 2;
}

/* load for text chunks only; the default environment is the caller's (upvalue 1). */
static int safe_load(lua_State *L) {
  size_t length;
  const char *chunk = luaL_checklstring(L, 1, &length);
  const char *name = luaL_optstring(L, 2, "=(load)");
  const char *mode = luaL_optstring(L, 3, "t");
  if (strcmp(mode, "t") != 0) return luaL_error(L, "load: only text chunks (mode \"t\") are allowed");
  int has_env = !lua_isnone(L, 4);
  if (luaL_loadbufferx(L, chunk, length, name, "t") != LUA_OK) {
    lua_pushnil(L);
    lua_insert(L, -2); /* nil, message */
    return 2;
  }
  if (has_env) lua_pushvalue(L, 4);
  else lua_pushvalue(L, lua_upvalueindex(1));
  lua_setupvalue(L, -2, 1); /* chunk's _ENV */
  return 1;
}

/* Pushes the file of module name under folder: dots stand for subfolders. */
static void push_module_path(lua_State *L, const char *folder, size_t folder_length,
                             const char *name, size_t length) {
  luaL_Buffer path;
  luaL_buffinit(L, &path);
  luaL_addlstring(&path, folder, folder_length);
  luaL_addchar(&path, '/');
  for (size_t i = 0; i < length; i++) luaL_addchar(&path, name[i] == '.' ? '/' : name[i]);
  luaL_addstring(&path, ".lua");
  luaL_pushresult(&path);
}

/* Pushes the file that module name comes from: the pack's own, else, for a
 * `lib.` module, the one in the `lib` folder beside the pack, which the packs
 * of one folder share (rules/lib for the shipped packs). */
static void push_module_file(lua_State *L, const char *pack_dir, const char *name,
                             size_t length) {
  push_module_path(L, pack_dir, strlen(pack_dir), name, length);
  if (strncmp(name, "lib.", 4) != 0 || access(lua_tostring(L, -1), F_OK) == 0) return;
  const char *slash = strrchr(pack_dir, '/');
  const char *parent = slash ? pack_dir : ".";
  size_t parent_length = slash ? (size_t)(slash - pack_dir) : 1;
  if (slash == pack_dir) parent_length = 1; /* a pack at the root: "/" */
  push_module_path(L, parent, parent_length, name, length);
  if (access(lua_tostring(L, -1), F_OK) == 0) lua_remove(L, -2);
  else lua_pop(L, 1); /* in neither: the pack's own path names what is missing */
}

static int load_chunk(sandbox *sb, const char *path, const char *display, const char *pack_dir,
                      int modules, sandbox_failure *failure);

/* require limited to modules inside the pack (and the shared lib beside it):
 * upvalues pack folder, the requiring file's modules table. */
static int pack_require(lua_State *L) {
  size_t length;
  const char *name = luaL_checklstring(L, 1, &length);
  int valid = length > 0 && name[0] != '.' && name[length - 1] != '.' && !strstr(name, "..");
  for (size_t i = 0; valid && i < length; i++) {
    char c = name[i];
    valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '_' || c == '.';
  }
  if (!valid)
    return luaL_error(L, "require '%s': module names are letters, digits, _ and dots, found "
                         "inside the rule pack", name);
  lua_pushvalue(L, 1);
  int state = lua_rawget(L, lua_upvalueindex(2)); /* modules[name] */
  if (state == LUA_TBOOLEAN && !lua_toboolean(L, -1))
    return luaL_error(L, "require '%s': modules require each other in a circle", name);
  if (state != LUA_TNIL) return 1;
  lua_pop(L, 1); /* remove nil */
  const char *dir = lua_tostring(L, lua_upvalueindex(1));
  push_module_file(L, dir, name, length);
  lua_pushvalue(L, 1);
  lua_pushboolean(L, 0);
  lua_rawset(L, lua_upvalueindex(2)); /* modules[name] = false while it loads */
  sandbox_failure failure;
  if (load_chunk(sandbox_from(L), lua_tostring(L, -1), lua_tostring(L, -1), dir,
                 lua_upvalueindex(2), &failure) != 0)
    return luaL_error(L, "require '%s': %s", name, failure.message);
  lua_call(L, 0, 1); /* run the module; limits still apply */
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_pushboolean(L, 1);
  }
  lua_pushvalue(L, 1);
  lua_pushvalue(L, -2);
  lua_rawset(L, lua_upvalueindex(2)); /* modules[name] = result */
  return 1;
}

/* Pushes a table with the blocked library's name on every access. The debug
 * library's table is debug(...) when called: its fields stay blocked. */
static void push_blocked_library(lua_State *L, const char *name) {
  lua_newtable(L);                   /* the proxy */
  lua_newtable(L);                   /* its metatable */
  lua_pushstring(L, name);
  lua_pushcclosure(L, blocked_field, 1);
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, "__index");
  lua_setfield(L, -2, "__newindex");
  if (strcmp(name, "debug") == 0) {
    lua_pushcfunction(L, debug_call);
    lua_setfield(L, -2, "__call");
  }
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
}

static void push_blocked_function(lua_State *L, const char *name) {
  lua_pushstring(L, name);
  lua_pushcclosure(L, blocked_function, 1);
}

/* Fields of the libraries every file copies that are blocked in the copies. */
static const char *const blocked_fields[][3] = {
    {"string", "dump", "string.dump"},
    {"math", "randomseed", "math.randomseed (random numbers are seeded per rule)"}};

/* What each environment holds itself; the rest comes from the shared base table. */
static const char *const environment_names[] = {"string", "table", "math", "utf8",
                                                "_G",     "load",  "require"};

/* Pushes a private copy of a standard library, so one rule file changing
 * string.format cannot change it for another. */
static void push_library_copy(lua_State *L, const char *name) {
  lua_newtable(L); /* the copy */
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  lua_getfield(L, -1, name); /* the original */
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    lua_pushvalue(L, -2); /* key */
    lua_insert(L, -2);
    lua_rawset(L, -6); /* copy[key] = value */
  }
  lua_pop(L, 2); /* remove original and LOADED */
  for (size_t i = 0; i < sizeof blocked_fields / sizeof *blocked_fields; i++) {
    if (strcmp(name, blocked_fields[i][0]) != 0) continue;
    push_blocked_function(L, blocked_fields[i][2]);
    lua_setfield(L, -2, blocked_fields[i][1]);
  }
}

/* Pushes a fresh environment for one chunk whose require looks in pack_dir and
 * keeps what it loads in the modules table at index modules (0: a new one). */
static void push_environment(sandbox *sb, const char *pack_dir, int modules) {
  lua_State *L = sb->L;
  lua_newtable(L); /* env */
  static const char *const libraries[] = {"string", "table", "math", "utf8"};
  for (size_t i = 0; i < sizeof libraries / sizeof *libraries; i++) {
    push_library_copy(L, libraries[i]);
    lua_setfield(L, -2, libraries[i]);
  }
  lua_pushvalue(L, -1);
  lua_setfield(L, -2, "_G");
  lua_pushvalue(L, -1);
  lua_pushcclosure(L, safe_load, 1);
  lua_setfield(L, -2, "load");
  /* A rule file starts a modules table of its own, and the modules it requires
   * (and theirs) fill it: each file runs its own instance of every module, with
   * its own tables and upvalues, so no file can change a module for another. */
  lua_pushstring(L, pack_dir);
  if (modules) lua_pushvalue(L, modules);
  else lua_newtable(L);
  lua_pushcclosure(L, pack_require, 2);
  lua_setfield(L, -2, "require");
  lua_newtable(L); /* env's metatable */
  lua_rawgeti(L, LUA_REGISTRYINDEX, sb->base_ref);
  lua_setfield(L, -2, "__index"); /* the base, whose own __index raises */
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
}

/* Fills the shared base table with the safe parts of the base library. */
static void build_base(sandbox *sb) {
  lua_State *L = sb->L;
  static const char *const safe[] = {"assert",   "error",  "ipairs",   "next",  "pairs",
                                     "pcall",    "rawequal", "rawget", "rawlen", "rawset",
                                     "select",   "tonumber", "tostring", "type",
                                     "getmetatable", "_VERSION"};
  static const char *const blocked[] = {"print", "dofile", "loadfile", "collectgarbage"};
  static const char *const libraries[] = {"io", "os", "debug", "package", "coroutine"};
  lua_newtable(L); /* base */
  lua_pushglobaltable(L);
  for (size_t i = 0; i < sizeof safe / sizeof *safe; i++) {
    lua_getfield(L, -1, safe[i]);
    lua_setfield(L, -3, safe[i]);
  }
  lua_getfield(L, -1, "setmetatable");
  lua_pushcclosure(L, safe_setmetatable, 1);
  lua_setfield(L, -3, "setmetatable");
  lua_getfield(L, -1, "pcall");
  lua_pushcclosure(L, safe_xpcall, 1);
  lua_setfield(L, -3, "xpcall");
  lua_pop(L, 1); /* remove globals */
  for (size_t i = 0; i < sizeof blocked / sizeof *blocked; i++) {
    push_blocked_function(L, blocked[i]);
    lua_setfield(L, -2, blocked[i]);
  }
  for (size_t i = 0; i < sizeof libraries / sizeof *libraries; i++) {
    push_blocked_library(L, libraries[i]);
    lua_setfield(L, -2, libraries[i]);
  }
  lua_createtable(L, 0, 2); /* base's metatable: a name it lacks is undefined */
  lua_pushcfunction(L, undefined_global);
  lua_setfield(L, -2, "__index");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
  sb->base_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

/* }====================================================================== */

/* ** {======================================================================
** Opening, loading and calling
** ======================================================================= */

static int open_libraries(lua_State *L) {
  sandbox *sb = lua_touserdata(L, 1);
  luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
  luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 0);
  luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 0);
  luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 0);
  luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 0);
  lua_settop(L, 1);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  lua_getfield(L, -1, LUA_STRLIBNAME);
  push_blocked_function(L, "string.dump"); /* also reachable as ("").dump */
  lua_setfield(L, -2, "dump");
  lua_pop(L, 2); /* remove string and LOADED */
  /* the string metatable is shared by every rule: hide it */
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 2); /* remove metatable and string */
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  lua_getfield(L, -1, LUA_MATHLIBNAME);
  lua_getfield(L, -1, "randomseed");
  sb->seed_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_pop(L, 2); /* remove math and LOADED */
  build_base(sb);
  return 0;
}

int sandbox_open(sandbox *sb, size_t memory_limit, long instruction_limit) {
  *sb = (sandbox){0};
  sb->memory_limit = memory_limit;
  sb->instruction_limit = instruction_limit;
  sb->L = lua_newstate(limited_alloc, sb);
  if (!sb->L) {
    sandbox_close(sb); /* the pool's slabs */
    return -1;
  }
  /* rules make much short-lived garbage (filters, narrowed views, evidence
   * tables) beside a pack that lives as long as the state: the generational
   * collector leaves the pack alone in most cycles */
  lua_gc(sb->L, LUA_GCGEN, 0, 0);
  lua_pushcfunction(sb->L, open_libraries);
  lua_pushlightuserdata(sb->L, sb);
  if (lua_pcall(sb->L, 1, 0, 0) != LUA_OK) {
    sandbox_close(sb);
    return -1;
  }
  return 0;
}

void sandbox_close(sandbox *sb) {
  if (sb->L) lua_close(sb->L);
  sb->L = NULL;
  block_pool_free(&sb->pool);
}

void sandbox_register(sandbox *sb, const char *name, lua_CFunction function) {
  lua_rawgeti(sb->L, LUA_REGISTRYINDEX, sb->base_ref);
  lua_pushcfunction(sb->L, function);
  lua_setfield(sb->L, -2, name);
  lua_pop(sb->L, 1); /* remove base */
}

char *sandbox_read_file(const char *path, const char *display, size_t *size_out,
                        sandbox_failure *failure) {
  *failure = (sandbox_failure){0};
  snprintf(failure->file, sizeof failure->file, "%s", display);
  FILE *file = fopen(path, "rb");
  if (!file) {
    snprintf(failure->message, sizeof failure->message, "%s: cannot read: %s", display,
             strerror(errno));
    return NULL;
  }
  char *text = NULL;
  long size = -1;
  if (fseek(file, 0, SEEK_END) == 0) size = ftell(file);
  if (size >= 0 && size <= SANDBOX_MAX_FILE_SIZE && fseek(file, 0, SEEK_SET) == 0) {
    text = malloc((size_t)size + 1);
    if (text && fread(text, 1, (size_t)size, file) != (size_t)size) {
      free(text);
      text = NULL;
    }
  }
  fclose(file);
  if (!text) {
    snprintf(failure->message, sizeof failure->message,
             "%s: cannot read (not a file, unreadable, or larger than %ld bytes)", display,
             SANDBOX_MAX_FILE_SIZE);
    return NULL;
  }
  *size_out = (size_t)size;
  return text;
}

/* sandbox_load_text, for a rule file (modules 0) or a module it requires (modules: the
 * index of the file's modules table). */
static int load_text(sandbox *sb, const char *text, size_t size, const char *display,
                     const char *pack_dir, int modules, sandbox_failure *failure) {
  lua_State *L = sb->L;
  if (modules) modules = lua_absindex(L, modules);
  *failure = (sandbox_failure){0};
  snprintf(failure->file, sizeof failure->file, "%s", display);
  luaL_Buffer chunkname;
  luaL_buffinit(L, &chunkname);
  luaL_addchar(&chunkname, '@');
  luaL_addstring(&chunkname, display);
  luaL_pushresult(&chunkname);
  int status = luaL_loadbufferx(L, text, size, lua_tostring(L, -1), "t");
  lua_remove(L, -2); /* remove chunkname */
  if (status != LUA_OK) {
    const char *message = lua_tostring(L, -1);
    snprintf(failure->message, sizeof failure->message, "%s",
             message ? message : "cannot load the file");
    size_t length = strlen(display);
    if (message && strncmp(message, display, length) == 0 && message[length] == ':')
      failure->line = atoi(message + length + 1);
    lua_pop(L, 1); /* remove message */
    return -1;
  }
  push_environment(sb, pack_dir, modules);
  lua_setupvalue(L, -2, 1); /* chunk's _ENV */
  return 0;
}

int sandbox_load_text(sandbox *sb, const char *text, size_t size, const char *display,
                      const char *pack_dir, sandbox_failure *failure) {
  return load_text(sb, text, size, display, pack_dir, 0, failure);
}

/* Reads and loads a file: a rule file (modules 0) or a module it requires. */
static int load_chunk(sandbox *sb, const char *path, const char *display, const char *pack_dir,
                      int modules, sandbox_failure *failure) {
  if (modules) modules = lua_absindex(sb->L, modules);
  size_t size;
  char *text = sandbox_read_file(path, display, &size, failure);
  if (!text) return -1;
  if (modules && sb->digest) *sb->digest = hash_fnv1a_text(*sb->digest, text, size);
  if (modules && sb->module_loaded) sb->module_loaded(sb->module_context, display);
  int status = load_text(sb, text, size, display, pack_dir, modules, failure);
  free(text);
  return status;
}

int sandbox_load_file(sandbox *sb, const char *path, const char *display, const char *pack_dir,
                      sandbox_failure *failure) {
  return load_chunk(sb, path, display, pack_dir, 0, failure);
}

int sandbox_where(lua_State *L, int level, char *file, size_t file_size, int *line) {
  /* the nearest line of a file ("@" source) wins over code made by load(), whose
   * place means little to the rule's author; else the nearest line at all */
  lua_Debug ar;
  int found = 0;
  for (; lua_getstack(L, level, &ar); level++) {
    if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0) continue;
    if (!found || ar.source[0] == '@') {
      snprintf(file, file_size, "%s", ar.short_src);
      *line = ar.currentline;
      found = 1;
    }
    if (ar.source[0] == '@') return 0;
  }
  return found ? 0 : -1;
}

/* Whether message starts with `file:line:` of a file's function running now: the place
 * error(message, level) gives when level names a caller (a helper that blames the rule
 * calling it), which must not be taken for a place the message merely claims. */
static int located_on_stack(lua_State *L, const char *message) {
  lua_Debug ar;
  for (int level = 1; lua_getstack(L, level, &ar); level++) {
    if (!lua_getinfo(L, "Sl", &ar) || ar.source[0] != '@' || ar.currentline <= 0) continue;
    char place[300];
    int length = snprintf(place, sizeof place, "%s:%d:", ar.short_src, ar.currentline);
    if (length > 0 && (size_t)length < sizeof place && strncmp(message, place, (size_t)length) == 0)
      return 1;
  }
  return 0;
}

/* Message handler: turns any error value into a located string without running
 * code the rule controls (no __tostring). */
static int message_handler(lua_State *L) {
  char file[256] = "";
  int line = 0;
  sandbox_where(L, 1, file, sizeof file, &line);
  const char *message;
  char described[64];
  if (lua_type(L, 1) == LUA_TSTRING) {
    message = lua_tostring(L, 1);
  } else {
    snprintf(described, sizeof described, "error raised with a %s value instead of a message",
             luaL_typename(L, 1));
    message = described;
  }
  char prefix[300] = "";
  if (line > 0) snprintf(prefix, sizeof prefix, "%s:%d:", file, line);
  /* messages from error("...") already start with their location */
  if (line > 0 && strncmp(message, prefix, strlen(prefix)) != 0 &&
      strncmp(message, file, strlen(file)) != 0 && !located_on_stack(L, message))
    lua_pushfstring(L, "%s %s", prefix, message);
  else
    lua_pushstring(L, message);
  return 1;
}

/* Fills the failure from a message such as "file:12: text". */
static void parse_location(sandbox_failure *failure) {
  const char *m = failure->message;
  const char *colon = strchr(m, ':');
  while (colon) {
    char *end;
    long line = strtol(colon + 1, &end, 10);
    if (end != colon + 1 && *end == ':' && line > 0) {
      size_t length = (size_t)(colon - m);
      if (length >= sizeof failure->file) length = sizeof failure->file - 1;
      memcpy(failure->file, m, length);
      failure->file[length] = '\0';
      failure->line = (int)line;
      return;
    }
    colon = strchr(colon + 1, ':');
  }
}

int sandbox_call(sandbox *sb, int nargs, int nresults, sandbox_failure *failure) {
  lua_State *L = sb->L;
  int base = lua_gettop(L) - nargs; /* the function's index */
  lua_pushcfunction(L, message_handler);
  lua_insert(L, base);
  sb->in_call = 1;
  sb->hit = SANDBOX_WITHIN_LIMITS;
  sb->hit_file[0] = '\0';
  sb->hit_line = 0;
  sb->instructions = 0;
  sb->debug.lines = 0;
  lua_sethook(L, count_hook, LUA_MASKCOUNT, SANDBOX_HOOK_INTERVAL);
  int status = lua_pcall(L, nargs, nresults, base);
  lua_sethook(L, NULL, 0, 0);
  sb->in_call = 0;
  if (status == LUA_OK && sb->hit == SANDBOX_WITHIN_LIMITS) {
    lua_remove(L, base); /* remove the message handler */
    return 0;
  }
  *failure = (sandbox_failure){0};
  if (sb->hit != SANDBOX_WITHIN_LIMITS) {
    if (sb->hit == SANDBOX_MEMORY_LIMIT) sb->spoiled = 1;
    char what[200];
    if (sb->hit == SANDBOX_INSTRUCTION_LIMIT)
      snprintf(what, sizeof what,
               "instruction limit of %ld exceeded (an endless loop?); raise [limits] "
               "instructions if the rule really needs more",
               sb->instruction_limit);
    else if (sb->hit == SANDBOX_DEPTH_LIMIT)
      snprintf(what, sizeof what,
               "call depth limit of %ld exceeded (endless recursion?); raise [limits] depth if "
               "the rule really needs more",
               sb->depth_limit);
    else
      snprintf(what, sizeof what,
               "memory limit of %zu MB exceeded; raise [limits] memory_mb if the rule really "
               "needs more",
               sb->memory_limit / (1024 * 1024));
    if (!sb->hit_line && status != LUA_OK && lua_type(L, -1) == LUA_TSTRING) {
      /* the limit stopped the call before the hook could run: the handler's
       * message knows where */
      sandbox_failure located = {0};
      snprintf(located.message, sizeof located.message, "%s", lua_tostring(L, -1));
      parse_location(&located);
      memcpy(sb->hit_file, located.file, sizeof sb->hit_file);
      sb->hit_line = located.line;
    }
    snprintf(failure->file, sizeof failure->file, "%s", sb->hit_file);
    failure->line = sb->hit_line;
    if (sb->hit_line > 0)
      snprintf(failure->message, sizeof failure->message, "%.250s:%d: %s", sb->hit_file,
               sb->hit_line, what);
    else
      snprintf(failure->message, sizeof failure->message, "%s", what);
  } else {
    const char *message = lua_tostring(L, -1);
    snprintf(failure->message, sizeof failure->message, "%s",
             message ? message
                     : status == LUA_ERRMEM ? "out of memory" : "error while handling an error");
    parse_location(failure);
  }
  lua_settop(L, base - 1); /* drop results or message, and the handler */
  lua_gc(L, LUA_GCCOLLECT); /* give back what the failed call held */
  return -1;
}

void sandbox_seed(sandbox *sb, const char *a, const char *b) {
  /* FNV-1a over both names, with a byte no name holds between them */
  uint64_t h = hash_fnv1a(HASH_FNV_OFFSET, a, a ? strlen(a) : 0);
  h = hash_fnv1a(h, "\xff", 1);
  h = hash_fnv1a(h, b, b ? strlen(b) : 0);
  lua_rawgeti(sb->L, LUA_REGISTRYINDEX, sb->seed_ref);
  lua_pushinteger(sb->L, (lua_Integer)(h >> 1));
  if (lua_pcall(sb->L, 1, 0, 0) != LUA_OK) lua_pop(sb->L, 1); /* out of memory: keep the old seed */
}

/* }====================================================================== */

/* ** {======================================================================
** What a global name is, for the static checks
** ======================================================================= */

/* Whether the value on top of the stack is a blocked library's table. */
static int is_blocked_library(lua_State *L) {
  if (lua_type(L, -1) != LUA_TTABLE || !lua_getmetatable(L, -1)) return 0;
  lua_getfield(L, -1, "__index");
  int blocked = lua_tocfunction(L, -1) == blocked_field;
  lua_pop(L, 2); /* remove __index and the metatable */
  return blocked;
}

sandbox_global sandbox_global_kind(sandbox *sb, const char *name, const char *field) {
  for (size_t i = 0; field && i < sizeof blocked_fields / sizeof *blocked_fields; i++)
    if (strcmp(name, blocked_fields[i][0]) == 0 && strcmp(field, blocked_fields[i][1]) == 0)
      return SANDBOX_GLOBAL_BLOCKED;
  for (size_t i = 0; i < sizeof environment_names / sizeof *environment_names; i++)
    if (strcmp(name, environment_names[i]) == 0) return SANDBOX_GLOBAL_DEFINED;
  lua_State *L = sb->L;
  lua_rawgeti(L, LUA_REGISTRYINDEX, sb->base_ref);
  lua_pushstring(L, name);
  lua_rawget(L, -2); /* base[name] */
  sandbox_global kind = SANDBOX_GLOBAL_DEFINED;
  if (lua_isnil(L, -1)) {
    kind = SANDBOX_GLOBAL_UNDEFINED;
  } else if (lua_tocfunction(L, -1) == blocked_function) {
    kind = SANDBOX_GLOBAL_BLOCKED;
  } else if (field && is_blocked_library(L)) {
    kind = SANDBOX_GLOBAL_BLOCKED; /* every field is; the table itself can be read, and
                                      debug's called */
  }
  lua_pop(L, 2); /* remove the value and base */
  return kind;
}

const char *sandbox_nearest_global(sandbox *sb, const char *name, char *out, size_t size) {
  lua_State *L = sb->L;
  size_t own = sizeof environment_names / sizeof *environment_names, count = own;
  lua_rawgeti(L, LUA_REGISTRYINDEX, sb->base_ref);
  lua_pushnil(L);
  while (lua_next(L, -2)) { /* name, value */
    count++;
    lua_pop(L, 1); /* remove value */
  }
  const char **names = malloc(count * sizeof *names);
  size_t n = 0;
  for (size_t i = 0; names && i < own; i++) names[n++] = environment_names[i];
  lua_pushnil(L);
  while (names && lua_next(L, -2)) { /* the base's names stay alive as its keys */
    if (lua_type(L, -2) == LUA_TSTRING && lua_tocfunction(L, -1) != blocked_function &&
        !is_blocked_library(L))
      names[n++] = lua_tostring(L, -2);
    lua_pop(L, 1); /* remove value */
  }
  int near = names ? column_hint_nearest_name(name, names, n) : -1;
  if (near >= 0) snprintf(out, size, "%s", names[near]);
  free(names);
  lua_pop(L, 1); /* remove base */
  return near >= 0 ? out : NULL;
}

/* }====================================================================== */
