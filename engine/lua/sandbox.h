/* sandbox.h: the Lua state that rule code runs in, with its limits.
 * Rules are untrusted. They see a per-file environment of safe functions and
 * private copies of the string, table, math and utf8 libraries; nothing that
 * reaches files, the clock, the process or other rules. Each call runs under an
 * instruction limit (a count hook) and the state under a memory limit (the
 * allocator). A limit, once hit, cannot be caught: the hook then fires on every
 * instruction and raises again, so no pcall, error handler or coroutine can
 * swallow it. */
#ifndef SUSTAIN_SANDBOX_H
#define SUSTAIN_SANDBOX_H

#include <lua.h>
#include <stddef.h>
#include <stdint.h>

#include "block_pool.h"

/* Largest rule file read; a rule pack is text written by people. */
#define SANDBOX_MAX_FILE_SIZE (16L * 1024 * 1024)

/* Instructions between two runs of the count hook: the granularity of the
 * instruction limit and of the instruction counts shown by --explain. */
#define SANDBOX_HOOK_INTERVAL 1000

/* The longest error message kept from a failed call. */
#define SANDBOX_MESSAGE_SIZE 512

/* debug(...), the line a rule or a test writes while its author debugs it: at most
 * SANDBOX_DEBUG_LINES lines per call (then one line saying the rest are not shown), each
 * with at most SANDBOX_DEBUG_BYTES bytes of the rule's own text, and a whole line of at
 * most SANDBOX_DEBUG_LINE_MAX bytes once cleaned, so that a line written with one write(2)
 * reaches a pipe whole (PIPE_BUF is at least 4096) beside other processes' lines. */
#define SANDBOX_DEBUG_LINES 100
#define SANDBOX_DEBUG_BYTES 1000
#define SANDBOX_DEBUG_LINE_MAX 4000

/* Receives one debug(...) line: `debug: FILE:LINE: [KIND ]NAME (AUTHORITY): TEXT`, with
 * no newline, cleaned so that nothing in it can drive a terminal. */
typedef void (*sandbox_debug_fn)(void *context, const char *line, size_t length);

/* Where debug(...) lines go, and what the current call is, for their prefix. */
typedef struct sandbox_debug {
  sandbox_debug_fn write; /* NULL: debug(...) does nothing at all */
  void *context;
  const char *kind;      /* NULL for a rule, else "check" or "test" */
  const char *name;      /* the rule, check or test running; NULL: a file's top-level code */
  const char *authority; /* whose data it runs on; NULL: none */
  long lines;            /* written by the current call */
} sandbox_debug;

typedef enum sandbox_limit {
  SANDBOX_WITHIN_LIMITS = 0,
  SANDBOX_INSTRUCTION_LIMIT,
  SANDBOX_MEMORY_LIMIT,
  SANDBOX_DEPTH_LIMIT
} sandbox_limit;

typedef struct sandbox {
  lua_State *L;
  size_t memory_used, memory_limit;
  long instruction_limit;
  long depth_limit;  /* nested calls a rule may make; 0: no limit beyond Lua's own */
  long instructions; /* used by the current (or last) call */
  int in_call;       /* limits are enforced inside sandbox_call */
  sandbox_limit hit; /* the limit hit during the current call */
  char hit_file[256];
  int hit_line;
  int base_ref;    /* registry: the shared table of safe functions */
  int seed_ref;    /* registry: the real math.randomseed */
  void *host;      /* the rule runner's context, for the API functions */
  int spoiled;     /* a call hit the memory limit: the state may still hold that memory
                      (in a file-level table), so its owner should start a fresh one */
  block_pool pool; /* the state's small blocks */
  sandbox_debug debug; /* where debug(...) writes, set by the sandbox's owner */
  uint64_t *digest; /* when set, the bytes of every module require loads are hashed into it
                       (hash_fnv1a_text): a pack's digest covers its modules as loaded */
  /* when set, told the path of every module require loads (rules.c lists the pack's files
   * for `sustain check`'s static checks) */
  void (*module_loaded)(void *context, const char *path);
  void *module_context;
} sandbox;

/* Why a call failed: a message with its location, and where (when known). */
typedef struct sandbox_failure {
  char message[SANDBOX_MESSAGE_SIZE];
  char file[256];
  int line;
} sandbox_failure;

/* Creates the state. Returns 0, or -1 on out of memory. */
int sandbox_open(sandbox *sb, size_t memory_limit, long instruction_limit);
void sandbox_close(sandbox *sb);

/* Adds a function to the table every environment reads (the rule API). */
void sandbox_register(sandbox *sb, const char *name, lua_CFunction function);

/* Loads a file as a text chunk (never bytecode) with a fresh environment whose
 * `require` finds modules in pack_dir and runs each module once for this file:
 * the file gets instances of its own, which no other file can reach. display
 * names the file in messages. Pushes the chunk and returns 0, or pushes nothing
 * and fills failure. */
int sandbox_load_file(sandbox *sb, const char *path, const char *display, const char *pack_dir,
                      sandbox_failure *failure);

/* sandbox_load_file in two steps, for a caller that keeps something of the bytes it
 * loads (rules.c digests them): the whole file (at most SANDBOX_MAX_FILE_SIZE bytes)
 * read into a malloc'd buffer, or NULL with failure filled; then size bytes of text,
 * the contents of the file display names, loaded. */
char *sandbox_read_file(const char *path, const char *display, size_t *size,
                        sandbox_failure *failure);
int sandbox_load_text(sandbox *sb, const char *text, size_t size, const char *display,
                      const char *pack_dir, sandbox_failure *failure);

/* Calls the function below nargs arguments under the limits, like lua_pcall.
 * Returns 0 with nresults pushed, or -1 with nothing pushed and failure filled;
 * a limit is reported as such, with the place where it was hit. */
int sandbox_call(sandbox *sb, int nargs, int nresults, sandbox_failure *failure);

/* The sandbox a Lua state belongs to (for API functions written in C). */
sandbox *sandbox_from(lua_State *L);

/* Seeds math.random, so a rule's random numbers repeat from run to run. */
void sandbox_seed(sandbox *sb, const char *a, const char *b);

/* What a global name is to a rule file, for the static checks (rule_scan.h). */
typedef enum sandbox_global {
  SANDBOX_GLOBAL_UNDEFINED, /* reading it raises "undefined global" */
  SANDBOX_GLOBAL_DEFINED,
  SANDBOX_GLOBAL_BLOCKED    /* it is there, but using it raises ("print is not available") */
} sandbox_global;

/* What the global name is in every rule file's environment, or with field set, what
 * name.field is: print is blocked, and io.open, string.dump and debug.sethook, while io
 * and debug themselves can be read (debug is debug(...)). Globals a file defines itself
 * are not known here. */
sandbox_global sandbox_global_kind(sandbox *sb, const char *name, const char *field);

/* The defined global nearest to name (column_hint.h), copied into out (of size bytes);
 * returns out, or NULL when none is near. */
const char *sandbox_nearest_global(sandbox *sb, const char *name, char *out, size_t size);

/* The running Lua function's file and line (level 1 = the caller of the C
 * function that asks). Returns 0, or -1 when there is no Lua caller. */
int sandbox_where(lua_State *L, int level, char *file, size_t file_size, int *line);

#endif
