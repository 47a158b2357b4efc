/* config.h: the INI assessment config (inih), validated into plain structs.
 * Everything here is syntax and local meaning; whether a plugin, an option, a
 * stage or an ingredient exists is checked later by the loader and the rule
 * runner, which report against the line numbers kept here. config_load.c loads a
 * file: config_read.c reads it with inih, config_check.c checks what it read. */
#ifndef SUSTAIN_CONFIG_H
#define SUSTAIN_CONFIG_H

#include <stddef.h>

#include "arena.h"
#include "audience.h"
#include "date.h"
#include "diag.h"

/* inih's line buffer holds this many characters of a line (without its newline);
 * longer lines are refused rather than silently split. */
#define CONFIG_MAX_LINE 197

/* Defaults of [assessment] and [limits]; docs/config.md lists them too, and
 * config_set_defaults puts them in a config. */
#define CONFIG_DEFAULT_SUPPRESS_BELOW 5
#define CONFIG_DEFAULT_INSTRUCTIONS 10000000L /* Lua VM instructions per rule call */
#define CONFIG_DEFAULT_MEMORY_MB 64L          /* Lua heap per rule state */
#define CONFIG_DEFAULT_SECONDS 10.0           /* wall clock per rule call, in a worker */
#define CONFIG_DEFAULT_DEPTH 200L             /* Lua call depth of a rule (recursion) */
#define CONFIG_DEFAULT_LABEL_BYTES 200L       /* an evidence label or text value; an action's
                                                 id, title, owner */
#define CONFIG_DEFAULT_TEXT_BYTES 1000L       /* an action's why; a not-assessed reason */
#define CONFIG_DEFAULT_EVIDENCE_ITEMS 100L    /* evidence items one rule call may record */
#define CONFIG_DEFAULT_ACTIONS 20L            /* actions one rule call may propose */
#define CONFIG_DEFAULT_SOURCE_SECONDS 300.0   /* wall clock per source while it loads */
#define CONFIG_DEFAULT_SOURCE_ROWS 50000000L  /* rows of one source's table */
#define CONFIG_DEFAULT_SOURCE_MEMORY_MB 1024L /* memory of one source's table as it is built */
#define CONFIG_MAX_SECONDS 86400.0
#define CONFIG_DEFAULT_CACHE_DIR ".sustain-cache" /* beside the config, with the data */

typedef struct config_pair {
  const char *key;
  const char *value;
  int line;
} config_pair;

typedef struct config_source {
  const char *name;             /* from [source NAME]; also the table's name */
  int line;                     /* line of the section header */
  const char *plugin;           /* required */
  int plugin_line;
  const char *authority_column; /* NULL: shared, or the config's one authority's rows */
  int authority_column_line;
  int shared;      /* `shared = yes`: every row applies to every authority, on purpose */
  int shared_line; /* 0 when the key is absent */
  const char *id_column; /* `id_column`: what identifies a row in `check --records`; NULL:
                            CHILD when the table has it */
  int id_column_line;
  config_pair *options;         /* every other key, in file order, values as written */
  size_t option_count;
} config_source;

typedef struct config_weight {
  const char *ingredient;
  double weight; /* >= 0 */
  int line;
} config_weight;

/* Keys of an [authority] section that customise its assessment rather than
 * describe it: its own rule files, weights and disabled pack rules. */
#define CONFIG_AUTHORITY_WEIGHT_PREFIX "weight."
#define CONFIG_AUTHORITY_DISABLE_PREFIX "disable."

typedef struct config_authority {
  const char *id; /* from [authority ID] */
  int line;
  const char *name;  /* defaults to id */
  const char *stage; /* NULL: derived from the pilot dates */
  int stage_line;
  sx_date pilot_start, pilot_end; /* unset when absent */
  sx_date review_date; /* `review_date`: when the authority will next review the service;
                          unset when absent */
  const char **rules;             /* `rules`: files or folders for this authority alone */
  size_t rule_count;
  int rules_line;
  config_weight *weights; /* `weight.INGREDIENT = N` */
  size_t weight_count;
  config_pair *disabled; /* `disable.RULE_ID = reason`: key is the rule id */
  size_t disabled_count;
  config_pair *attributes; /* every other key, in file order */
  size_t attribute_count;
} config_authority;

/* Folders at most in each list of a config_layout. */
#define CONFIG_LAYOUT_DIRS 2

/* Where the rule packs and plugins shipped with sustain are. The program decides (an
 * uninstalled build reads its own trees first: layout.h); the library only receives it. */
typedef struct config_layout {
  const char *pack_dirs[CONFIG_LAYOUT_DIRS]; /* tried in order for `rules = @NAME`; the
                                                last, where packs are installed, is the one
                                                messages name */
  size_t pack_dir_count;
  const char *plugin_dirs[CONFIG_LAYOUT_DIRS]; /* searched after plugin_path and
                                                  SUSTAIN_PLUGIN_PATH */
  size_t plugin_dir_count;
} config_layout;

typedef struct config {
  arena *arena;    /* owns everything below */
  const char *path; /* as given */
  const char *dir;  /* folder of the file, for relative paths */

  /* [assessment] */
  const char *name; /* defaults to the file's name */
  sx_date date;     /* defaults to today */
  const char **rules; /* required: files or folders, resolved against dir */
  size_t rule_count;
  int rules_line;
  const char *format; /* NULL: the command decides */
  audience audience;  /* who the plan is for (`audience =`); default AUDIENCE_BOARD */
  const char *output; /* resolved; NULL: stdout */
  int suppress_below;
  const char **plugin_paths; /* resolved folders */
  size_t plugin_path_count;
  int cache;             /* `cache = yes`: loaded sources are kept in cache_dir for re-runs */
  const char *cache_dir; /* resolved; NULL: CONFIG_DEFAULT_CACHE_DIR beside the config */
  int cache_dir_line;    /* 0 when the key is absent */

  /* [history] */
  const char *history_path; /* resolved; NULL: no history is kept */
  int history_line;

  /* [limits] */
  long instructions;
  long memory_mb;
  double seconds;
  double source_seconds; /* 0 (a config built in memory): no limit */
  long depth, label_bytes, text_bytes, evidence_items, actions;
  long source_rows, source_memory_mb; /* bounds on each source's table; 0: the defaults */

  config_source *sources;
  size_t source_count;
  config_authority *authorities;
  size_t authority_count;
  config_weight *weights;
  size_t weight_count;
} config;

/* Loads and validates path; `rules = @NAME` names a pack in layout's pack folders
 * (layout NULL: none is known). On success returns 0 and sets *out (free with
 * config_free). On any problem returns -1, sets *out to NULL and appends every
 * problem found to diags as file:line: message. */
int config_load(const char *path, const config_layout *layout, config **out,
                diag_list *diags);

void config_free(config *cfg);

/* Sets every default of [assessment] and [limits] (the CONFIG_DEFAULT_ values) in cfg,
 * leaving everything else as it is: what a config file that leaves them out gets, and
 * what a config made in memory (sustain test) starts from. */
void config_set_defaults(config *cfg);

/* Authorities named in a message about an unknown id, at most; the rest are counted. */
#define CONFIG_AUTHORITIES_LISTED 20

/* Writes into buf (of size bytes, cut when longer) what to say of an authority id that
 * the config lacks (`--authority ID`): that it has no such section, the id meant when one
 * is within a typo of it, and the ids it has, in config order ("did you mean westbrook?
 * Its authorities are eastmere, westbrook and southfield"). Returns buf. */
const char *config_unknown_authority(const config *cfg, const char *id, char *buf, size_t size);

/* Resolves a path written in the config: absolute paths stay, others are joined to
 * cfg->dir. The result lives in the config's arena; NULL on out of memory. */
const char *config_resolve_path(const config *cfg, const char *path);

#endif
