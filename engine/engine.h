/* engine.h: the library's front door. engine_open loads a whole assessment
 * (config, plugins, sources, rule pack) and reports every problem at once;
 * engine_assess turns it into a plan. The data flow one way:
 * config -> sources -> evidence -> rules -> scores and actions -> plan. */
#ifndef SUSTAIN_ENGINE_H
#define SUSTAIN_ENGINE_H

#include <stddef.h>

#include "config.h"
#include "date.h"
#include "diag.h"
#include "plan.h"
#include "plugin_loader.h"
#include "rules.h"
#include "runner.h"
#include "sandbox.h"
#include "sources.h"
#include "watch.h"

/* Days either side of the pilot's end date that count as the transition stage. */
#define ENGINE_TRANSITION_DAYS 365

/* Whether loaded sources are kept for re-runs (source_cache.h), for this run. */
typedef enum engine_cache {
  ENGINE_CACHE_AS_CONFIGURED, /* the config's `cache` decides */
  ENGINE_CACHE_ON,
  ENGINE_CACHE_OFF
} engine_cache;

typedef struct engine_options {
  const char *config_path;
  const char *const *authorities; /* assess only these ids; none: all */
  size_t authority_count;
  sx_date date;                /* overrides the config's date when set */
  int explain;                 /* the plan carries --explain details */
  int audience_given;          /* audience overrides the config's `audience` */
  audience audience;
  int jobs; /* worker processes at once; 0 assesses in this process, without the wall clock */
  engine_cache cache; /* --cache / --no-cache: overrides the config's `cache` */
  /* told after each authority is assessed (for a progress bar); may be NULL */
  void (*progress)(void *context, size_t done, size_t total);
  void *progress_context;
  const config_layout *layout; /* where shipped packs and plugins are; NULL: nowhere */
  const char *env_plugin_path; /* SUSTAIN_PLUGIN_PATH */
  /* NULL, or the watch (watch.h) that engine_open puts loading under: each
   * source and each rule file's top-level code is a phase with its time limit */
  watch *watch;
  /* where debug(...) lines go, from loading on (`sustain run --trace`); NULL: nowhere.
   * Workers call it from their own processes, one whole line at a time. */
  sandbox_debug_fn debug;
  void *debug_context;
  /* store only the columns the rule pack and the config may name (column_choice.h);
   * a rule or a check that asks for another has the sources loaded again with every
   * column, and the pack run on them again. Not with debug, whose lines a second run
   * would repeat. */
  int only_read_columns;
} engine_options;

/* What engine_open_parts may be asked beyond its config and sources (`sustain test`). */
typedef struct engine_extras {
  sandbox_debug_fn debug; /* where debug(...) lines go; NULL: nowhere */
  void *debug_context;
  runner_checks_mode checks; /* which data checks run */
} engine_extras;

/* What engine_open decided about each authority. */
typedef struct engine_authority {
  const config_authority *config;
  const char *stage;
  int stage_index;
  double *weights; /* per ingredient */
  const rule_definition **rules; /* the rules it runs, in plan order */
  const char **disabled;         /* per rule: NULL, or the config's reason for not running it */
  size_t rule_count;
  plan_customisation *customisations; /* what its config changed, for the plan */
  size_t customisation_count;
  const char *rules_digest; /* of the rule files it runs, as loaded (rules_digest) */
} engine_authority;

typedef struct engine {
  config *cfg;
  plugin_search_path search;
  evidence_set sources;
  sandbox sb;
  rule_host host;
  rule_pack pack;
  runner runner;
  engine_authority *authorities;
  size_t authority_count;
  int sandbox_open, pack_loaded, runner_open;
  arena **retired; /* packs replaced after a memory limit; the plan still points into them */
  size_t retired_count, retired_capacity;
  watch *watch; /* NULL, or what loading runs under */
  size_t pack_slot; /* the watch's slot of the thread that runs the pack's files */
  engine_extras extras; /* kept for a pack loaded again (refresh) */
  column_choice *columns; /* NULL: the sources hold every column */
  size_t columns_skipped; /* columns the sources left out, over all tables */
  int columns_reloaded;   /* the pack asked for a skipped column: the sources were loaded
                             again with every column, and the pack run on them again */
} engine;

/* Loads everything. Returns 0, or -1 with every problem in diags. engine_close
 * must be called either way. */
int engine_open(engine *e, const engine_options *options, diag_list *diags);

/* Opens an engine on a config and sources built in memory (rule tests do so),
 * taking ownership of both whatever happens; extras may be NULL (every check runs,
 * debug(...) writes nowhere). Returns as engine_open. */
int engine_open_parts(engine *e, config *cfg, evidence_set sources,
                      const engine_extras *extras, diag_list *diags);

/* Assesses the chosen authorities. Returns 0 and a plan (which borrows strings
 * from the engine: free it with plan_free before engine_close), or -1 with
 * problems in diags (an unknown --authority, out of memory). */
int engine_assess(engine *e, const engine_options *options, plan **out, diag_list *diags);

/* Receives the rows of table that one data-quality check picked for one authority,
 * ascending. Returns 0 to go on, nonzero to stop (out of memory). */
typedef int (*engine_check_rows_fn)(void *context, const config_authority *authority,
                                    const check_definition *check, const evidence_table *table,
                                    const uint32_t *rows, size_t count);

/* For every authority, in config order, picks the rows each data-quality check
 * finds, exactly as engine_assess counts them but without running any rule, and
 * hands them to each (`sustain check --records`). Each authority's checks are a
 * phase of the watch under [limits] seconds. A check that fails is reported in
 * diags, with its authority, and the others go on. Returns 0, or -1 when a check
 * failed, memory ran out or each stopped. */
int engine_list_checks(engine *e, engine_check_rows_fn each, void *context, diag_list *diags);

void engine_close(engine *e);

/* The plugin search path for a config (NULL: none), the environment and the layout
 * (NULL: no shipped plugins). */
int engine_plugin_search_path(plugin_search_path *path, const config *cfg,
                              const char *env_plugin_path, const config_layout *layout);

#endif
