/* test_sandbox.c: the Lua sandbox: limits that pcall cannot swallow, blocked
 * functions, strict globals, isolation between files, pack-local require. */
#include <lauxlib.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "sandbox.h"

#define TEST_MEMORY (8u * 1024 * 1024)
#define TEST_INSTRUCTIONS 2000000L

typedef struct fixture {
  sandbox sb;
  char dir[64];
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  snprintf(f->dir, sizeof f->dir, "/tmp/sustain-sandbox-XXXXXX");
  if (!f || !mkdtemp(f->dir) || sandbox_open(&f->sb, TEST_MEMORY, TEST_INSTRUCTIONS) != 0)
    return -1;
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  sandbox_close(&f->sb);
  char command[128];
  snprintf(command, sizeof command, "rm -rf '%s'", f->dir);
  if (system(command) != 0) return -1;
  free(f);
  return 0;
}

static void write_file(fixture *f, const char *name, const char *text) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", f->dir, name);
  FILE *file = fopen(path, "w");
  assert_non_null(file);
  fputs(text, file);
  fclose(file);
}

/* Loads and runs a chunk; returns 0 or -1 with failure filled. Results stay on
 * the stack (nresults of them) on success. */
static int run(fixture *f, const char *name, const char *text, int nresults,
               sandbox_failure *failure) {
  write_file(f, name, text);
  char path[256];
  snprintf(path, sizeof path, "%s/%s", f->dir, name);
  if (sandbox_load_file(&f->sb, path, name, f->dir, failure) != 0) return -1;
  return sandbox_call(&f->sb, 0, nresults, failure);
}

static void expect_failure(fixture *f, const char *text, const char *message, int line) {
  sandbox_failure failure;
  struct timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  assert_int_equal(run(f, "hostile.lua", text, 0, &failure), -1);
  clock_gettime(CLOCK_MONOTONIC, &end);
  if (!strstr(failure.message, message)) fail_msg("message '%s' lacks '%s'", failure.message, message);
  if (line) {
    assert_string_equal(failure.file, "hostile.lua");
    assert_int_equal(failure.line, line);
  }
  assert_int_equal(lua_gettop(f->sb.L), 0); /* nothing left behind */
}

static void test_infinite_loop(void **state) {
  expect_failure(*state, "local x = 0\nwhile true do x = x + 1 end\n", "instruction limit", 2);
}

static void test_loop_inside_pcall_cannot_swallow_the_limit(void **state) {
  expect_failure(*state,
                 "while true do\n  pcall(function() while true do end end)\nend\n",
                 "instruction limit", 0);
  expect_failure(*state,
                 "local function spin() while true do end end\n"
                 "for i = 1, 1e9 do xpcall(spin, function() while true do end end) end\n",
                 "instruction limit", 0);
  expect_failure(*state,
                 "local ok = pcall(error, setmetatable({}, {__index = function() while true do end end}))\n"
                 "while true do pcall(function() local t = setmetatable({}, {__index = function() while true do end end}); return t.x end) end\n",
                 "instruction limit", 0);
}

static void test_loop_in_gsub_callback(void **state) {
  expect_failure(*state, "string.gsub('abc', '%w', function() while true do end end)\n",
                 "instruction limit", 1);
}

static void test_memory_bombs(void **state) {
  fixture *f = *state;
  size_t baseline = f->sb.memory_used;
  expect_failure(f, "local ok = pcall(string.rep, 'x', 1e9)\nwhile true do end\n", "memory limit", 0);
  expect_failure(f, "local t = {}\nfor i = 1, 1e9 do t[i] = {i} end\n", "memory limit", 0);
  expect_failure(f, "local s = 'x'\nwhile true do s = s .. s end\n", "memory limit", 0);
  /* memory is given back once the call has failed */
  assert_true(f->sb.memory_used < baseline + 512 * 1024);
  sandbox_failure failure;
  assert_int_equal(run(f, "fine.lua", "return 1 + 1\n", 1, &failure), 0);
  assert_int_equal(lua_tointeger(f->sb.L, -1), 2);
  lua_pop(f->sb.L, 1);
}

static void test_blocked_functions_name_themselves(void **state) {
  expect_failure(*state, "io.open('/etc/passwd')\n", "io.open is not available", 1);
  expect_failure(*state, "local t = os.time()\n", "os.time is not available", 1);
  expect_failure(*state, "dofile('/etc/passwd')\n", "dofile is not available", 1);
  expect_failure(*state, "print('hi')\n", "print is not available", 1);
  expect_failure(*state, "collectgarbage()\n", "collectgarbage is not available", 1);
  expect_failure(*state, "debug.getinfo(1)\n", "debug.getinfo is not available", 1);
  expect_failure(*state, "string.dump(function() end)\n", "string.dump is not available", 1);
  expect_failure(*state, "local s = ('').dump(function() end)\n", "string.dump is not available", 1);
  expect_failure(*state, "math.randomseed(1)\n", "math.randomseed", 1);
  expect_failure(*state, "package.loadlib('x', 'y')\n", "package.loadlib is not available", 1);
  expect_failure(*state, "local f = assert(load('\\27Lua', 'x', 'b'))\n", "only text chunks", 1);
  expect_failure(*state, "require('../../etc/passwd')\n", "module names", 1);
  expect_failure(*state, "setmetatable({}, {__gc = function() while true do end end})\n",
                 "__gc metamethods are not allowed", 1);
}

/* Globals of the base are read through each file's environment, never held in it:
 * a file sees none of them in _G's own keys, its own globals hide them, and
 * setting one to nil brings the base's back. */
static void test_base_globals_are_read_not_copied(void **state) {
  fixture *f = *state;
  sandbox_failure failure;
  assert_int_equal(run(f, "globals.lua",
                       "local own = 0 for k in pairs(_G) do own = own + 1 end\n"
                       "assert(rawget(_G, 'ipairs') == nil and type(ipairs) == 'function')\n"
                       "local base_pairs = pairs\n"
                       "pairs = 'mine'\n"
                       "assert(pairs == 'mine' and _G.pairs == 'mine')\n"
                       "pairs = nil\n"
                       "assert(pairs == base_pairs)\n"
                       "assert(getmetatable(_G) == false)\n"
                       "return own\n",
                       1, &failure),
                   0);
  /* string, table, math, utf8, _G, load and require: the environment's own */
  assert_int_equal(lua_tointeger(f->sb.L, -1), 7);
  lua_pop(f->sb.L, 1);
}

static void test_strict_globals_and_error_values(void **state) {
  expect_failure(*state, "local x = undefined_thing + 1\n", "undefined global 'undefined_thing'", 1);
  expect_failure(*state, "local ok = type(ipairs)\nlocal x = _G.nothing_here\n",
                 "undefined global 'nothing_here'", 2);
  expect_failure(*state, "local x = _G[42]\n", "undefined global of type number", 1);
  expect_failure(*state, "local f = function() return missing() end\nf()\n",
                 "undefined global 'missing'", 1);
  expect_failure(*state, "error({})\n", "table value", 1);
  expect_failure(*state, "error()\n", "nil value", 1);
  expect_failure(*state, "error(string.rep('y', 100000))\n", "yyyy", 0);
}

static void test_files_cannot_reach_each_other(void **state) {
  fixture *f = *state;
  sandbox_failure failure;
  assert_int_equal(run(f, "a.lua",
                       "string.upper = nil\nshared_value = 1\n"
                       "return getmetatable('') == false\n",
                       1, &failure), 0);
  assert_true(lua_toboolean(f->sb.L, -1)); /* the string metatable is hidden */
  lua_pop(f->sb.L, 1);
  assert_int_equal(run(f, "b.lua", "return string.upper('ok'), rawget(_G, 'shared_value')\n", 2,
                       &failure), 0);
  assert_string_equal(lua_tostring(f->sb.L, -2), "OK");
  assert_true(lua_isnil(f->sb.L, -1));
  lua_pop(f->sb.L, 2);
  /* the method syntax on strings still works and cannot be redirected */
  assert_int_equal(run(f, "c.lua", "return ('abc'):upper()\n", 1, &failure), 0);
  assert_string_equal(lua_tostring(f->sb.L, -1), "ABC");
  lua_pop(f->sb.L, 1);
}

static void test_require_inside_the_pack(void **state) {
  fixture *f = *state;
  write_file(f, "helpers.lua", "return { double = function(x) return 2 * x end }\n");
  sandbox_failure failure;
  assert_int_equal(run(f, "main.lua",
                       "local h = require('helpers')\nassert(require('helpers') == h)\n"
                       "return h.double(21)\n",
                       1, &failure), 0);
  assert_int_equal(lua_tointeger(f->sb.L, -1), 42);
  lua_pop(f->sb.L, 1);
  expect_failure(f, "require('absent')\n", "absent", 1);
}

/* A helper that blames its caller (error(message, 2)) is located where the rule called
 * it, in the rule's file; a message that only claims a place in another file, where no
 * running function is, is located where it was raised. */
static void test_an_error_blaming_the_caller_is_located_there(void **state) {
  fixture *f = *state;
  write_file(f, "check.lua", "return function(x)\n  if x ~= 'yes' then error('not yes', 2) end\nend\n");
  sandbox_failure failure;
  assert_int_equal(run(f, "caller.lua", "local check = require('check')\n\ncheck('no')\n", 0,
                       &failure), -1);
  assert_string_equal(failure.message, "caller.lua:3: not yes");
  assert_string_equal(failure.file, "caller.lua");
  assert_int_equal(failure.line, 3);
  assert_int_equal(run(f, "claims.lua", "\nerror('check.lua:2: elsewhere', 0)\n", 0, &failure), -1);
  assert_string_equal(failure.message, "claims.lua:2: check.lua:2: elsewhere");
  assert_int_equal(failure.line, 2);
}

/* Each file runs its own instance of a module: within the file (and the modules
 * it requires) one instance, as in Lua; across files, none shared, so a file
 * that changes a module, its nested tables or its upvalues changes its own. */
static void test_each_file_has_its_own_modules(void **state) {
  fixture *f = *state;
  write_file(f, "counter.lua",
             "local count = { n = 0 }\n"
             "return { settings = { step = 1 }, bump = function(self) count.n = count.n + "
             "self.settings.step return count.n end }\n");
  write_file(f, "user.lua", "return require('counter')\n");
  sandbox_failure failure;
  assert_int_equal(run(f, "a.lua",
                       "local c = require('counter')\n"
                       "assert(require('user') == c, 'one instance within a file')\n"
                       "c.settings.step = 10\nc:bump()\nc.bump = function() return -1 end\n"
                       "return c, c:bump()\n",
                       2, &failure), 0);
  assert_int_equal(lua_tointeger(f->sb.L, -1), -1);
  assert_int_equal(run(f, "b.lua", "local c = require('counter')\nreturn c, c:bump()\n", 2,
                       &failure), 0);
  assert_int_equal(lua_tointeger(f->sb.L, -1), 1); /* a fresh count, step and bump */
  assert_false(lua_rawequal(f->sb.L, -2, -4));
  lua_pop(f->sb.L, 4);
}

/* A lib. module the pack lacks comes from the lib folder beside the pack; the
 * pack's own module wins; other names never leave the pack. */
static void test_require_shared_lib(void **state) {
  fixture *f = *state;
  char path[512];
  snprintf(path, sizeof path, "%s/pack", f->dir);
  assert_int_equal(mkdir(path, 0755), 0);
  snprintf(path, sizeof path, "%s/pack/lib", f->dir);
  assert_int_equal(mkdir(path, 0755), 0);
  snprintf(path, sizeof path, "%s/lib", f->dir);
  assert_int_equal(mkdir(path, 0755), 0);
  write_file(f, "lib/shared.lua", "local own = require('lib.own')\nreturn { from = 'shared', own = own }\n");
  write_file(f, "lib/own.lua", "return 'beside'\n");
  write_file(f, "pack/lib/own.lua", "return 'pack'\n");
  write_file(f, "other.lua", "return 'outside'\n");
  write_file(f, "pack/main.lua",
             "local s = require('lib.shared')\nreturn s.from, s.own, require('lib.own')\n");
  snprintf(path, sizeof path, "%s/pack/main.lua", f->dir);
  char pack[512];
  snprintf(pack, sizeof pack, "%s/pack", f->dir);
  sandbox_failure failure;
  assert_int_equal(sandbox_load_file(&f->sb, path, "pack/main.lua", pack, &failure), 0);
  assert_int_equal(sandbox_call(&f->sb, 0, 3, &failure), 0);
  assert_string_equal(lua_tostring(f->sb.L, -3), "shared");
  assert_string_equal(lua_tostring(f->sb.L, -2), "pack"); /* its requires look in the pack */
  assert_string_equal(lua_tostring(f->sb.L, -1), "pack");
  lua_pop(f->sb.L, 3);
  /* a name outside lib. is not looked for beside the pack */
  write_file(f, "pack/outer.lua", "return require('other')\n");
  snprintf(path, sizeof path, "%s/pack/outer.lua", f->dir);
  assert_int_equal(sandbox_load_file(&f->sb, path, "pack/outer.lua", pack, &failure), 0);
  assert_int_not_equal(sandbox_call(&f->sb, 0, 1, &failure), 0);
  assert_non_null(strstr(failure.message, "other"));
}

static void test_random_is_repeatable(void **state) {
  fixture *f = *state;
  sandbox_failure failure;
  double first, second;
  sandbox_seed(&f->sb, "rule.a", "north");
  assert_int_equal(run(f, "r.lua", "return math.random()\n", 1, &failure), 0);
  first = lua_tonumber(f->sb.L, -1);
  lua_pop(f->sb.L, 1);
  sandbox_seed(&f->sb, "rule.a", "north");
  assert_int_equal(run(f, "r.lua", "return math.random()\n", 1, &failure), 0);
  second = lua_tonumber(f->sb.L, -1);
  lua_pop(f->sb.L, 1);
  assert_true(first == second);
}

static void test_syntax_error_has_a_line(void **state) {
  fixture *f = *state;
  sandbox_failure failure;
  assert_int_equal(run(f, "broken.lua", "local x = 1\nlocal = 2\n", 0, &failure), -1);
  assert_int_equal(failure.line, 2);
  assert_non_null(strstr(failure.message, "broken.lua:2:"));
}

/* What debug(...) wrote, for the tests below. */
typedef struct debug_capture {
  char text[8192];
  size_t lines;
} debug_capture;

static void capture_line(void *context, const char *line, size_t length) {
  debug_capture *c = context;
  size_t used = strlen(c->text);
  snprintf(c->text + used, sizeof c->text - used, "%.*s\n", (int)length, line);
  c->lines++;
}

/* debug(...) writes print's text of its arguments, tables one level deep in key order,
 * prefixed with where it was called and what runs; and nothing at all without a writer. */
static void test_debug_writes_what_print_would(void **state) {
  fixture *f = *state;
  debug_capture c = {0};
  sandbox_failure failure;
  const char *chunk = "debug(1, 2.5, 3.0, 1e100, -0.0, 'text', nil, true)\n"
                      "debug({ 'a', 'b', z = 1, [0] = 'zero', ['a key'] = {}, y = { 1 } })\n"
                      "local t = {} for i = 1, 25 do t['k' .. string.format('%02d', i)] = i end\n"
                      "debug(t)\n"
                      "return select('#', debug('returns nothing'))\n";
  assert_int_equal(run(f, "quiet.lua", chunk, 1, &failure), 0); /* no writer: nothing */
  assert_int_equal(lua_tointeger(f->sb.L, -1), 0);
  lua_pop(f->sb.L, 1);
  f->sb.debug = (sandbox_debug){.write = capture_line, .context = &c, .name = "voice.x",
                                .authority = "north"};
  assert_int_equal(run(f, "loud.lua", chunk, 1, &failure), 0);
  assert_int_equal(lua_tointeger(f->sb.L, -1), 0); /* the same: a rule cannot tell */
  lua_pop(f->sb.L, 1);
  assert_string_equal(
      c.text,
      "debug: loud.lua:1: voice.x (north): 1\t2.5\t3.0\t1e+100\t-0.0\ttext\tnil\ttrue\n"
      "debug: loud.lua:2: voice.x (north): { [0] = \"zero\", \"a\", \"b\", "
      "[\"a key\"] = {}, y = {...}, z = 1 }\n"
      "debug: loud.lua:4: voice.x (north): { k01 = 1, k02 = 2, k03 = 3, k04 = 4, k05 = 5, "
      "k06 = 6, k07 = 7, k08 = 8, k09 = 9, k10 = 10, k11 = 11, k12 = 12, k13 = 13, k14 = 14, "
      "k15 = 15, k16 = 16, k17 = 17, k18 = 18, k19 = 19, k20 = 20, ... (5 more) }\n"
      "debug: loud.lua:5: voice.x (north): returns nothing\n");
}

/* The lines of one call are counted: the 101st says the rest are not shown, and a new
 * call starts the count again. */
static void test_debug_lines_are_counted_per_call(void **state) {
  fixture *f = *state;
  debug_capture c = {0};
  sandbox_failure failure;
  f->sb.debug = (sandbox_debug){.write = capture_line, .context = &c};
  assert_int_equal(run(f, "many.lua", "for i = 1, 500 do debug(i) end", 0, &failure), 0);
  assert_int_equal(c.lines, SANDBOX_DEBUG_LINES + 1);
  assert_non_null(strstr(c.text, "debug: many.lua:1: 100\ndebug: many.lua:1: further debug "
                                 "lines of this call are not shown (at most 100 a call)\n"));
  c = (debug_capture){0};
  assert_int_equal(run(f, "again.lua", "debug('again')", 0, &failure), 0);
  assert_string_equal(c.text, "debug: again.lua:1: again\n");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_infinite_loop, setup, teardown),
      cmocka_unit_test_setup_teardown(test_base_globals_are_read_not_copied, setup, teardown),
      cmocka_unit_test_setup_teardown(test_debug_writes_what_print_would, setup, teardown),
      cmocka_unit_test_setup_teardown(test_debug_lines_are_counted_per_call, setup, teardown),
      cmocka_unit_test_setup_teardown(test_loop_inside_pcall_cannot_swallow_the_limit, setup, teardown),
      cmocka_unit_test_setup_teardown(test_loop_in_gsub_callback, setup, teardown),
      cmocka_unit_test_setup_teardown(test_memory_bombs, setup, teardown),
      cmocka_unit_test_setup_teardown(test_blocked_functions_name_themselves, setup, teardown),
      cmocka_unit_test_setup_teardown(test_strict_globals_and_error_values, setup, teardown),
      cmocka_unit_test_setup_teardown(test_files_cannot_reach_each_other, setup, teardown),
      cmocka_unit_test_setup_teardown(test_require_inside_the_pack, setup, teardown),
      cmocka_unit_test_setup_teardown(test_each_file_has_its_own_modules, setup, teardown),
      cmocka_unit_test_setup_teardown(test_an_error_blaming_the_caller_is_located_there, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_require_shared_lib, setup, teardown),
      cmocka_unit_test_setup_teardown(test_random_is_repeatable, setup, teardown),
      cmocka_unit_test_setup_teardown(test_syntax_error_has_a_line, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
