/* rules.h: a rule pack, as declared by its Lua files.
 * A pack declares one model (ingredients, weights per stage, score bands,
 * ranking tunables), any number of rules, and data-quality checks. Loading runs
 * each file in the sandbox; the declarations land here as plain structs, with
 * each rule's assess function kept in the Lua registry. The engine knows no
 * ingredient or stage names: they all come from the model. */
#ifndef SUSTAIN_RULES_H
#define SUSTAIN_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "plan.h"
#include "sandbox.h"

/* Ranking defaults, used when the model does not tune them (docs/rules.md). */
#define RULES_EFFORT_COST_LOW 1.0
#define RULES_EFFORT_COST_MEDIUM 2.0
#define RULES_EFFORT_COST_HIGH 3.0
#define RULES_DEFAULT_URGENCY 1.0

/* The ingredient index of a context item that names no ingredient for its actions. */
#define RULES_NO_INGREDIENT ((size_t)-1)

typedef struct rule_ingredient {
  const char *id, *title;
  const char *plain; /* NULL, or the title in young people's words */
} rule_ingredient;

typedef struct rule_stage {
  const char *name;
  double *weights; /* one per ingredient, in model order (1 when not given) */
  double urgency;  /* ranking: how pressing actions are at this stage */
} rule_stage;

typedef struct rule_model {
  int declared;
  const char *file;
  int line;
  const char *name;
  rule_ingredient *ingredients;
  size_t ingredient_count;
  rule_stage *stages; /* sorted by name */
  size_t stage_count;
  plan_band *bands; /* highest min first */
  size_t band_count;
  double effort_cost[3]; /* low, medium, high */
} rule_model;

typedef struct rule_definition {
  const char *id, *ingredient, *title;
  /* A context{} item (context = 1): shown beside the scores, never scored; ingredient is
   * then its actions_under (NULL when it proposes no actions) and weight 0. */
  int context;
  size_t ingredient_index; /* into the model, once validated; RULES_NO_INGREDIENT when none */
  double weight;
  const char **needs;
  size_t need_count;
  const char **stages; /* empty: every stage */
  size_t stage_count;
  int pass;       /* 1, or 2 for rules that read other ingredients' scores */
  int assess_ref; /* registry reference to the assess function */
  const char *authority; /* NULL: the pack's; else from this authority's own rule files */
  int replaces;          /* an authority's rule with a pack rule's id: that rule's index, or -1 */
  const char *file;
  int line;
} rule_definition;

typedef struct check_definition {
  const char *id, *table, *message;
  /* registry references: a filter, a list of filters or a function of the
   * authority returning either; LUA_NOREF: every row */
  int where_ref;
  const char *unique; /* NULL, or the column whose repeated values break the check */
  /* found_in: NULL, or the table whose rows (passing found_in_where_ref) are
   * looked up by the key column's value */
  const char *found_in, *found_in_key;
  int found_in_where_ref;
  const char *file;
  int line;
} check_definition;

/* The digest of rule files as they were loaded (docs/history.md): FNV-1a 64 over each
 * file's bytes followed by its size as 8 bytes, little endian, in load order; written as
 * 16 lower-case hex digits and a NUL. Modules a file requires are not part of it. */
#define RULES_DIGEST_SIZE 17

/* The digest of an authority's rule files: the pack's, then its own. */
typedef struct rule_authority_digest {
  const char *authority;
  const char *digest;
} rule_authority_digest;

typedef struct rule_pack {
  arena *arena;
  rule_model model;
  rule_definition *rules;
  size_t rule_count, rule_capacity;
  check_definition *checks;
  size_t check_count, check_capacity;
  diag_list *diags; /* while loading */
  int loading;
  const char *loading_authority; /* whose rule files are loading; NULL for the pack */
  uint64_t loaded;               /* FNV-1a state over the files loaded so far */
  const char *digest;            /* of the pack's own files, once loaded */
  rule_authority_digest *authority_digests; /* of authorities with their own files */
  size_t authority_digest_count, authority_digest_capacity;
  const char **files; /* every rule file loaded (the pack's, then authorities') and every
                         module they required, each once, as shown */
  size_t file_count, file_capacity;
} rule_pack;

/* What the C functions of the rule API reach through the sandbox's host
 * pointer: the pack while it loads, the current rule call while rules run. */
struct rule_call;
typedef struct rule_host {
  rule_pack *pack;
  struct rule_call *call;
  /* Told before each rule file loads and runs its top-level code, and after:
   * file_starting returns nonzero, after adding a diagnostic, when the file must
   * not run (engine.c puts each file under the wall clock). May be NULL. */
  int (*file_starting)(void *context, const char *file, diag_list *diags);
  void (*file_done)(void *context);
  void *file_context;
} rule_host;

/* Registers model, rule, context and check in the sandbox (whose host must be a
 * rule_host) and loads every pack path: a .lua file, or a folder whose *.lua
 * files load in name order, *_test.lua excepted. Problems are appended to diags
 * with file:line. Returns 0, or -1 when anything is wrong. */
int rules_load(rule_pack *pack, sandbox *sb, const char *const *paths, size_t path_count,
               diag_list *diags);

/* Loads rule files that apply to one authority only (its `rules` key). A rule
 * there with the id of a pack rule replaces that rule for the authority. Call
 * after rules_load. Returns 0, or -1 with problems in diags. */
int rules_load_for_authority(rule_pack *pack, sandbox *sb, const char *authority,
                             const char *const *paths, size_t path_count, diag_list *diags);

void rules_free(rule_pack *pack);

/* The digest (RULES_DIGEST_SIZE) of the rule files the authority runs, as loaded: the
 * pack's, continued over its own files when it has any. It lives in the pack's arena;
 * NULL only when the pack has not loaded. */
const char *rules_digest(const rule_pack *pack, const char *authority);

/* Index of an ingredient or stage in the model, or -1. */
int rules_ingredient_index(const rule_model *model, const char *id);
int rules_stage_index(const rule_model *model, const char *name);

/* Effort cost for "low", "medium" or "high"; 0 for anything else. */
double rules_effort_cost(const rule_model *model, const char *effort);

/* A path as shown to users: relative to the working folder when inside it. */
const char *rules_display_path(arena *a, const char *path);

/* The rule files of a pack folder, as rules_load reads them: the regular files
 * named *.lua but not *_test.lua, in strcmp order, as malloc'd paths in a
 * malloc'd array. Returns 0; -1 when the folder cannot be opened, -2 on out of
 * memory (nothing to free then). */
int rules_folder_files(const char *folder, char ***paths, size_t *count);

#endif
