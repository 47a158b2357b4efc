/* rule_scan.c: the static checks of a rule file; see rule_scan.h. */
#include "rule_scan.h"

#include <stdlib.h>
#include <string.h>

#include "bytecode.h"
#include "column_hint.h"
#include "grow.h"

/* The fields a:action takes, the required ones first (runner.c checks them as it runs). */
static const char *const action_fields[] = {"id",  "title", "owner",    "effort", "impact",
                                            "why", "gap",   "survival", "plain"};
#define ACTION_REQUIRED 6

/* Names near which a misspelt one is suggested: at most this many per scope. */
#define SCAN_MAX_NAMES 256

/* One file's scan. */
typedef struct scan {
  sandbox *sb;
  const char *file;
  diag_list *findings;
  char **assigned; /* globals the file assigns somewhere */
  size_t assigned_count, assigned_capacity;
  int dynamic; /* the file reaches its environment as a value: its globals cannot be known */
} scan;

/* A function being scanned, with what encloses it (for the names in scope). */
typedef struct scope {
  const bytecode_function *f;
  const int *is_environment; /* per upvalue: it is the chunk's _ENV */
  int pc;                    /* in the enclosing scope: where this function is made */
  const struct scope *outer;
} scope;

/* ** {======================================================================
** Globals
** ======================================================================= */

static int was_assigned(const scan *s, const char *name) {
  for (size_t i = 0; i < s->assigned_count; i++)
    if (strcmp(s->assigned[i], name) == 0) return 1;
  return 0;
}

/* Per upvalue of f: whether it is the chunk's _ENV, from its parent's (NULL: f is the chunk). */
static int *environment_upvalues(const bytecode_function *f, const int *parent) {
  int *is = calloc(f->upvalue_count + 1, sizeof *is);
  for (size_t u = 0; is && u < f->upvalue_count; u++) {
    const bytecode_upvalue *up = &f->upvalues[u];
    is[u] = parent ? !up->in_stack && parent[up->index]
                   : u == 0 && up->name && strcmp(up->name, "_ENV") == 0;
  }
  return is;
}

/* The first pass: every global the file assigns, and whether it uses its environment
 * as a value. Returns 0, or -1 on out of memory. */
static int note_definitions(scan *s, const bytecode_function *f, const int *parent) {
  int *env = environment_upvalues(f, parent);
  if (!env) return -1;
  for (size_t pc = 0; pc < f->code_count; pc++) {
    uint32_t i = f->code[pc];
    int op = bytecode_op(i);
    const char *name = NULL;
    if (op == BYTECODE_SETTABUP && env[bytecode_a(i)]) name = bytecode_string(f, bytecode_b(i));
    if (op == BYTECODE_GETUPVAL && env[bytecode_b(i)]) s->dynamic = 1; /* _ENV as a value */
    if (op == BYTECODE_GETTABUP && env[bytecode_b(i)]) {
      const char *read = bytecode_string(f, bytecode_c(i));
      if (read && (strcmp(read, "_G") == 0 || strcmp(read, "load") == 0)) s->dynamic = 1;
    }
    if (!name || was_assigned(s, name)) continue;
    char *copy = strdup(name);
    if (!copy || GROW(&s->assigned, &s->assigned_capacity, s->assigned_count + 1) != 0) {
      free(copy);
      free(env);
      return -1;
    }
    s->assigned[s->assigned_count++] = copy;
  }
  int status = 0;
  for (size_t k = 0; status == 0 && k < f->function_count; k++)
    status = note_definitions(s, &f->functions[k], env);
  free(env);
  return status;
}

/* Adds the names in scope at the scope's pc to names: its live locals, its upvalues, and
 * those of the scopes around it where it was made. */
static void names_in_scope(const scope *at, int pc, const char **names, size_t *count) {
  for (; at; pc = at->pc, at = at->outer) {
    const bytecode_function *f = at->f;
    for (size_t l = 0; l < f->local_count && *count < SCAN_MAX_NAMES; l++)
      if (f->locals[l].name && f->locals[l].start_pc <= pc && pc < f->locals[l].end_pc &&
          f->locals[l].name[0] != '(')
        names[(*count)++] = f->locals[l].name;
    for (size_t u = 0; u < f->upvalue_count && *count < SCAN_MAX_NAMES; u++)
      if (f->upvalues[u].name && strcmp(f->upvalues[u].name, "_ENV") != 0)
        names[(*count)++] = f->upvalues[u].name;
  }
}

/* "did you mean 'score'? " for an undefined global, from the names in scope, the globals
 * the file defines and those every rule file has; "" when none is near. */
static const char *suggestion(const scan *s, const scope *at, int pc, const char *name,
                              char *out, size_t size) {
  const char *names[SCAN_MAX_NAMES];
  size_t count = 0;
  names_in_scope(at, pc, names, &count);
  for (size_t i = 0; i < s->assigned_count && count < SCAN_MAX_NAMES; i++)
    names[count++] = s->assigned[i];
  int near = column_hint_nearest_name(name, names, count);
  char global[64];
  const char *nearest = near >= 0 ? names[near]
                                  : sandbox_nearest_global(s->sb, name, global, sizeof global);
  if (!nearest) return "";
  snprintf(out, size, "did you mean '%s'? ", nearest);
  return out;
}

/* A global read at pc: undefined, or a removed function (with the field read next). */
static void judge_global(scan *s, const scope *at, size_t pc, const char *name) {
  const bytecode_function *f = at->f;
  int line = f->lines[pc];
  const char *field = NULL;
  if (pc + 1 < f->code_count) { /* name.field or name:field, read right after */
    uint32_t next = f->code[pc + 1];
    int op = bytecode_op(next);
    if ((op == BYTECODE_GETFIELD || (op == BYTECODE_SELF && bytecode_k(next))) &&
        bytecode_b(next) == bytecode_a(f->code[pc]))
      field = bytecode_string(f, bytecode_c(next));
  }
  if (field && sandbox_global_kind(s->sb, name, field) == SANDBOX_GLOBAL_BLOCKED) {
    diag_add(s->findings, s->file, line, 0,
             "uses %s.%s, which rules cannot use (rules see no files, clock, environment or "
             "process): the rule fails whenever this line runs", name, field);
    return;
  }
  sandbox_global kind = sandbox_global_kind(s->sb, name, NULL);
  if (kind == SANDBOX_GLOBAL_BLOCKED && strcmp(name, "print") == 0) {
    diag_add(s->findings, s->file, line, 0,
             "uses print, which rules cannot use: write debug(...) instead, whose lines "
             "`sustain run --trace` and `sustain test` show");
  } else if (kind == SANDBOX_GLOBAL_BLOCKED) {
    diag_add(s->findings, s->file, line, 0,
             "uses %s, which rules cannot use (see docs/rules.md, The sandbox): the rule fails "
             "whenever this line runs", name);
  } else if (kind == SANDBOX_GLOBAL_UNDEFINED && !s->dynamic && !was_assigned(s, name)) {
    char near[128];
    const char *hint = suggestion(s, at, (int)pc, name, near, sizeof near);
    diag_add(s->findings, s->file, line, 0,
             "reads the global '%s', which is not defined%s%s%s rule fails with \"undefined "
             "global '%s'\" whenever this line runs%s",
             name, hint[0] ? ": " : ", so", hint[0] ? hint : "", hint[0] ? "The" : " the", name,
             hint[0] ? "" : " (a misspelt local? a global set in another file, which this one "
                            "cannot see?)");
  }
}

/* }====================================================================== */

/* ** {======================================================================
** a:action{...} written out in full
** ======================================================================= */

static int action_field_index(const char *key) {
  for (size_t i = 0; i < sizeof action_fields / sizeof *action_fields; i++)
    if (strcmp(action_fields[i], key) == 0) return (int)i;
  return -1;
}

/* The table given to a:action at pc (SELF ..., "action"), when it is built right there:
 * its fields with names are judged, and when every field has a name, the missing ones. */
static void judge_action(scan *s, const bytecode_function *f, size_t pc) {
  int self = bytecode_a(f->code[pc]), table = self + 2;
  if (pc + 1 >= f->code_count || bytecode_op(f->code[pc + 1]) != BYTECODE_NEWTABLE ||
      bytecode_a(f->code[pc + 1]) != table)
    return; /* a table made elsewhere: nothing to see here */
  int present[sizeof action_fields / sizeof *action_fields] = {0};
  int only_names = 1;
  size_t at = pc + 2;
  for (; at < f->code_count; at++) {
    uint32_t i = f->code[at];
    int op = bytecode_op(i);
    if ((op == BYTECODE_CALL || op == BYTECODE_TAILCALL) && bytecode_a(i) == self) break;
    if (bytecode_a(i) != table) continue;
    if (op == BYTECODE_SETTABLE || op == BYTECODE_SETI || op == BYTECODE_SETLIST) only_names = 0;
    if (op != BYTECODE_SETFIELD) continue;
    const char *key = bytecode_string(f, bytecode_b(i));
    int index = key ? action_field_index(key) : -1;
    if (index >= 0) {
      present[index] = 1;
    } else if (key) {
      int near = column_hint_nearest_name(key, action_fields,
                                          sizeof action_fields / sizeof *action_fields);
      diag_add(s->findings, s->file, f->lines[at], 0,
               "a:action{} has an unknown field '%s': %s%s%sthe rule fails whenever it "
               "proposes this action (fields: id, title, owner, effort, impact, why, gap, "
               "survival)",
               key, near >= 0 ? "did you mean '" : "", near >= 0 ? action_fields[near] : "",
               near >= 0 ? "'? Else " : "");
    }
  }
  if (at >= f->code_count || !only_names) return;
  for (int k = 0; k < ACTION_REQUIRED; k++)
    if (!present[k])
      diag_add(s->findings, s->file, f->lines[pc], 0,
               "a:action{} has no '%s': the rule fails whenever it proposes this action (an "
               "action needs id, title, owner, effort, impact and why)",
               action_fields[k]);
}

/* }====================================================================== */

/* The second pass: each function's global reads and actions, then those inside it. */
static int judge_function(scan *s, const bytecode_function *f, const int *parent,
                          const scope *outer, int made_at) {
  int *env = environment_upvalues(f, parent);
  if (!env) return -1;
  scope here = {f, env, made_at, outer};
  for (size_t pc = 0; pc < f->code_count; pc++) {
    uint32_t i = f->code[pc];
    int op = bytecode_op(i);
    if (op == BYTECODE_GETTABUP && env[bytecode_b(i)]) {
      const char *name = bytecode_string(f, bytecode_c(i));
      if (name) judge_global(s, &here, pc, name);
    } else if (op == BYTECODE_SELF && bytecode_k(i)) {
      const char *method = bytecode_string(f, bytecode_c(i));
      if (method && strcmp(method, "action") == 0) judge_action(s, f, pc);
    }
  }
  int status = 0;
  for (size_t k = 0; status == 0 && k < f->function_count; k++) {
    int made = 0; /* where the function is made (CLOSURE A k), for the names in scope */
    for (size_t pc = 0; pc < f->code_count; pc++)
      if (bytecode_op(f->code[pc]) == BYTECODE_CLOSURE &&
          (size_t)(f->code[pc] >> 15) == k)
        made = (int)pc;
    status = judge_function(s, &f->functions[k], env, &here, made);
  }
  free(env);
  return status;
}

int rule_scan_file(sandbox *sb, const char *path, const char *display, diag_list *findings) {
  sandbox_failure failure;
  size_t length, size = 0;
  char *text = sandbox_read_file(path, display, &length, &failure);
  unsigned char *dump = text ? bytecode_compile(text, length, display, &size) : NULL;
  free(text);
  bytecode_function chunk;
  if (!dump || bytecode_read(dump, size, &chunk) != 0) {
    free(dump);
    return -1;
  }
  scan s = {sb, display, findings, NULL, 0, 0, 0};
  int status = note_definitions(&s, &chunk, NULL);
  if (status == 0) status = judge_function(&s, &chunk, NULL, NULL, 0);
  for (size_t i = 0; i < s.assigned_count; i++) free(s.assigned[i]);
  free(s.assigned);
  bytecode_free(&chunk);
  free(dump);
  return status;
}
