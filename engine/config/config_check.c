/* config_check.c: the sections of a config file (config_read.c) checked into a config
 * (see config_check.h, docs/config.md): each key's meaning, numbers, dates, and that the
 * paths exist. Every problem is reported at its line and checking goes on, so one run
 * lists them all. Plugins, stages and ingredients are checked later by plugin_loader.c
 * and the rule runner, against the line numbers kept here. */
#include "config_check.h"

#include "audience.h"
#include "nearest.h"
#include "output_format.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Bounds of [assessment] and [limits] numbers. */
#define CONFIG_MIN_SUPPRESS_BELOW 1L
#define CONFIG_MIN_INSTRUCTIONS 1000L /* so a slip (a missing 000) cannot fail every rule */
#define CONFIG_MIN_MEMORY_MB 1L
#define CONFIG_MAX_MEMORY_MB 4096L
#define CONFIG_MAX_SOURCE_ROWS 4294967280L /* rows are numbered with 32 bits in views */
#define CONFIG_MAX_SOURCE_MEMORY_MB 1048576L /* 1 TB */

typedef struct check_state {
  config *cfg;
  const config_layout *layout; /* where `rules = @NAME` looks; NULL: nowhere */
  arena *scratch;              /* passing text */
  config_problems *problems;
} check_state;

/*
** {======================================================
** Small checks on text and paths
** =======================================================
*/

/* A whole decimal number in [min, max], the whole text and nothing else. */
static int parse_whole_number(const char *text, long min, long max, long *out) {
  const char *p = text;
  if (*p == '+' || *p == '-') p++;
  if (!*p) return -1;
  for (; *p; p++)
    if (!isdigit((unsigned char)*p)) return -1;
  errno = 0;
  char *end;
  long value = strtol(text, &end, 10);
  if (errno == ERANGE || *end || value < min || value > max) return -1;
  *out = value;
  return 0;
}

/* A finite decimal number (digits, point, sign, exponent): no nan, inf or hex. */
static int parse_decimal(const char *text, double *out) {
  if (!*text) return -1;
  for (const char *p = text; *p; p++)
    if (!(isdigit((unsigned char)*p) || strchr(".+-eE", *p))) return -1;
  char *end;
  double value = strtod(text, &end);
  if (end == text || *end || !isfinite(value)) return -1;
  *out = value;
  return 0;
}

typedef enum path_kind { PATH_MISSING, PATH_FILE, PATH_FOLDER } path_kind;

static path_kind path_kind_of(const char *path, int *error_number) {
  struct stat info;
  if (stat(path, &info) != 0) {
    *error_number = errno;
    return PATH_MISSING;
  }
  *error_number = 0;
  return S_ISDIR(info.st_mode) ? PATH_FOLDER : PATH_FILE;
}

/* The folder part of path: "." when it has none. */
static char *folder_of(arena *a, const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return arena_strdup(a, ".");
  if (slash == path) return arena_strdup(a, "/");
  return arena_strndup(a, path, (size_t)(slash - path));
}

/* The file's name without folder and extension: "reviews/care.ini" gives "care". */
static char *stem_of(arena *a, const char *path) {
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  const char *dot = strrchr(base, '.');
  size_t length = dot && dot != base ? (size_t)(dot - base) : strlen(base);
  return arena_strndup(a, base, length);
}

/* }====================================================== */

/*
** {======================================================
** Each section: its keys and what they mean
** =======================================================
*/

/* The keys of the sections whose keys are all known, for "did you mean". */
static const char *const assessment_keys[] = {
    "name",        "date",     "rules", "format",   "output", "suppress_below",
    "plugin_path", "audience", "cache", "cache_dir"};
static const char *const limits_keys[] = {
    "instructions", "memory_mb",   "seconds",    "source_seconds", "source_rows", "source_memory_mb",
    "depth",        "label_bytes", "text_bytes", "evidence_items", "actions"};
static const char *const history_keys[] = {"path", "url"};

#define KEY_COUNT(keys) (sizeof(keys) / sizeof(keys)[0])

/* A key that is none of a section's (keys[0..count)): the one meant when it is near one,
 * else every key (`listed`, in words). Returns the key meant, or NULL. */
static const char *unknown_key(check_state *state, const config_pair *entry, const char *section,
                               const char *const *keys, size_t count, const char *listed) {
  const char *meant = nearest_name(entry->key, keys, count, NEAREST_TYPO);
  if (meant)
    config_problem(state->problems, entry->line, "unknown key '%s' in %s: did you mean %s?",
                   entry->key, section, meant);
  else
    config_problem(state->problems, entry->line, "unknown key '%s' in %s: the keys are %s",
                   entry->key, section, listed);
  return meant;
}

static const char *keep(check_state *state, const char *text) {
  return config_checked_text(state->problems, arena_strdup(state->cfg->arena, text));
}

static const char *path_problem(path_kind kind, int error_number) {
  if (kind != PATH_MISSING) return NULL;
  return error_number == ENOENT || error_number == ENOTDIR ? "does not exist"
                                                            : strerror(error_number);
}

/* How a path reads in a message: as written, plus where it was looked for when that
 * differs, so a wrong starting folder is easy to spot. */
static const char *describe_path(check_state *state, const char *written, const char *resolved) {
  const char *text =
      strcmp(written, resolved) == 0
          ? arena_printf(state->scratch, "'%s'", written)
          : arena_printf(state->scratch, "'%s' (looked for %s)", written, resolved);
  return text ? text : written;
}

/* A rules item `@NAME` names a rule pack shipped with sustain (docs/config.md): NAME in
 * the first of the layout's pack folders that holds it, else in the last, where packs are
 * installed (PREFIX/share/sustain/rules; a sustain run from its build tree tries the
 * source tree's rules/ first, so an uninstalled build reads the packs beside its code). */
#define CONFIG_PACK_MARK '@'

/* Resolves one item of a list: `@NAME` in a rules list as a shipped pack, anything else
 * against the config's folder. NULL on out of memory; *reported is set when the item was
 * found wrong here, so the caller need not look at the path. */
static const char *resolve_list_item(check_state *state, const config_pair *entry,
                                     const char *written, int *reported) {
  *reported = 0;
  if (written[0] != CONFIG_PACK_MARK || strcmp(entry->key, "rules") != 0)
    return config_resolve_path(state->cfg, written);
  const char *name = written + 1;
  size_t folders = state->layout ? state->layout->pack_dir_count : 0;
  if (folders == 0) {
    config_problem(
        state->problems, entry->line,
        "rules: '%s' names a shipped rule pack, but this program knows "
        "no folder of them: give the pack's path (write ./%s for a path that starts with @)",
        written, written);
    *reported = 1;
    return arena_strdup(state->cfg->arena, written);
  }
  const char *installed = state->layout->pack_dirs[folders - 1];
  if (!*name || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
    config_problem(state->problems, entry->line,
                   "rules: '%s' is not a pack name: write @ and the name of a pack "
                   "folder in %s, such as @ingredients (write ./%s for a path that starts with @)",
                   written, installed, written);
    *reported = 1;
    return arena_strdup(state->cfg->arena, written);
  }
  for (size_t i = 0; i + 1 < folders; i++) {
    const char *pack =
        arena_printf(state->cfg->arena, "%s/%s", state->layout->pack_dirs[i], name);
    int error_number;
    if (!pack || path_kind_of(pack, &error_number) == PATH_FOLDER) return pack;
  }
  return arena_printf(state->cfg->arena, "%s/%s", installed, name);
}

/* Reads a comma-separated list of paths (rules, plugin_path) into resolved paths,
 * each of which must exist, and be a folder when folders_only. Items are trimmed;
 * empty items (a trailing comma before a continuation line) are skipped. advice
 * ends the message about a bad path. */
static const char **read_path_list(check_state *state, const config_pair *entry, int folders_only,
                                   const char *advice, size_t *count) {
  size_t capacity = 1;
  for (const char *p = entry->value; *p; p++) capacity += *p == ',';
  const char **paths =
      config_checked(state->problems, arena_alloc(state->cfg->arena, capacity * sizeof(char *)));
  *count = 0;
  if (!paths) return NULL;
  for (const char *p = entry->value;;) {
    const char *comma = strchr(p, ',');
    const char *end = comma ? comma : p + strlen(p);
    while (p < end && isspace((unsigned char)*p)) p++;
    while (end > p && isspace((unsigned char)end[-1])) end--;
    if (end > p) {
      int reported = 0;
      const char *written =
          config_checked(state->problems, arena_strndup(state->scratch, p, (size_t)(end - p)));
      const char *resolved =
          written ? config_checked_text(state->problems,
                                        resolve_list_item(state, entry, written, &reported))
                  : NULL;
      if (!resolved) return NULL;
      paths[(*count)++] = resolved;
      int error_number;
      path_kind kind = path_kind_of(resolved, &error_number);
      const char *problem = folders_only && kind == PATH_FILE ? "is not a folder"
                                                               : path_problem(kind, error_number);
      if (problem && !reported)
        config_problem(state->problems, entry->line, "%s: %s %s: %s", entry->key,
                       describe_path(state, written, resolved), problem, advice);
    }
    if (!comma) break;
    p = comma + 1;
  }
  if (*count == 0)
    config_problem(state->problems, entry->line,
                   "'%s' lists no paths: write at least one, separated by commas", entry->key);
  return paths;
}

static void check_rules(check_state *state, const config_pair *entry) {
  config *cfg = state->cfg;
  cfg->rules_line = entry->line;
  cfg->rules = read_path_list(state, entry, 0,
                              "fix the path; relative paths start from the config file's folder",
                              &cfg->rule_count);
}

static void check_plugin_path(check_state *state, const config_pair *entry) {
  config *cfg = state->cfg;
  cfg->plugin_paths =
      read_path_list(state, entry, 1,
                     "list folders that hold plugins; relative paths start from the config "
                     "file's folder",
                     &cfg->plugin_path_count);
}

/* Checks that path (resolved from entry's value) names a file sustain can write:
 * not a folder, in a folder that exists. what names the setting in messages,
 * option the key to change, example a file name to suggest. Returns 0, or -1
 * when out of memory (recorded). */
static int check_file_to_write(check_state *state, const config_pair *entry, const char *path,
                               const char *what, const char *option, const char *example) {
  const char *described = describe_path(state, entry->value, path);
  int error_number;
  if (path[strlen(path) - 1] == '/' || path_kind_of(path, &error_number) == PATH_FOLDER) {
    config_problem(state->problems, entry->line, "%s: %s is a folder: give a file name, e.g. %s",
                   what, described, example);
    return 0;
  }
  const char *folder = config_checked(state->problems, folder_of(state->scratch, path));
  if (!folder) return -1;
  path_kind kind = path_kind_of(folder, &error_number);
  if (kind != PATH_FOLDER)
    config_problem(state->problems, entry->line,
                   "%s: the folder of %s %s: create the folder first, or change %s; relative paths "
                   "start from the config file's folder",
                   what, described,
                   kind == PATH_FILE ? "is not a folder" : path_problem(kind, error_number),
                   option);
  return 0;
}

static void check_output(check_state *state, const config_pair *entry) {
  config *cfg = state->cfg;
  cfg->output = config_checked_text(state->problems, config_resolve_path(cfg, entry->value));
  if (cfg->output) check_file_to_write(state, entry, cfg->output, "output", "output", "plan.md");
}

/* audience = board | young-people: who the plan is written for (audience.h). */
static void check_audience(check_state *state, const config_pair *entry) {
  if (audience_parse(entry->value, &state->cfg->audience) == 0) return;
  const char *meant = audience_nearest(entry->value);
  if (meant)
    config_problem(state->problems, entry->line, "audience '%s' is not known: did you mean %s?",
                   entry->value, meant);
  else
    config_problem(state->problems, entry->line, "audience '%s' is not known: use " AUDIENCE_NAMES,
                   entry->value);
}

/* The young people's version is words, not actions to track: a format = csv or xlsx beside
 * audience = young-people cannot be written, so it is said at the audience's line. */
static void check_audience_format(check_state *state, const config_section *section) {
  output_format format;
  const config *cfg = state->cfg;
  if (cfg->audience != AUDIENCE_YOUNG_PEOPLE || output_format_parse(cfg->format, &format) != 0 ||
      (format != OUTPUT_CSV && format != OUTPUT_XLSX))
    return;
  for (size_t i = 0; i < section->entry_count; i++)
    if (strcmp(section->entries[i].key, "audience") == 0)
      config_problem(state->problems, section->entries[i].line,
                     "audience = young-people is written as text, markdown, html or json, not "
                     "format = %s: change one of them",
                     cfg->format);
}

/* cache = yes | no: whether loaded sources are kept for re-runs (docs/config.md). */
static void check_cache(check_state *state, const config_pair *entry) {
  if (strcmp(entry->value, "yes") == 0 || strcmp(entry->value, "no") == 0)
    state->cfg->cache = strcmp(entry->value, "yes") == 0;
  else
    config_problem(state->problems, entry->line,
                   "cache must be yes (keep loaded sources in cache_dir for re-runs) or no, "
                   "not '%s'",
                   entry->value);
}

static void check_assessment(check_state *state, const config_section *section) {
  config *cfg = state->cfg;
  int has_rules = 0;
  for (size_t i = 0; i < section->entry_count; i++) {
    const config_pair *entry = &section->entries[i];
    const char *key = entry->key, *value = entry->value;
    if (strcmp(key, "rules") == 0) has_rules = 1;
    if (!*value) {
      config_problem(state->problems, entry->line,
                     "'%s' has no value: write one after '=' or delete the line", key);
    } else if (strcmp(key, "name") == 0) {
      cfg->name = keep(state, value);
    } else if (strcmp(key, "date") == 0) {
      if (date_parse(value, &cfg->date) != 0)
        config_problem(state->problems, entry->line,
                       "date '%s' is not a date in the form YYYY-MM-DD: write it like 2024-03-31",
                       value);
    } else if (strcmp(key, "rules") == 0) {
      check_rules(state, entry);
    } else if (strcmp(key, "format") == 0) {
      output_format format;
      if (output_format_parse(value, &format) == 0)
        cfg->format = keep(state, value);
      else
        config_problem(state->problems, entry->line,
                       "format '%s' is not known: use text, markdown, json, csv, html or xlsx",
                       value);
    } else if (strcmp(key, "audience") == 0) {
      check_audience(state, entry);
    } else if (strcmp(key, "output") == 0) {
      check_output(state, entry);
    } else if (strcmp(key, "suppress_below") == 0) {
      long number;
      if (parse_whole_number(value, CONFIG_MIN_SUPPRESS_BELOW, INT_MAX, &number) == 0)
        cfg->suppress_below = (int)number;
      else
        config_problem(state->problems, entry->line,
                       "suppress_below must be a whole number of at least %ld (e.g. %d), not '%s'",
                       CONFIG_MIN_SUPPRESS_BELOW, CONFIG_DEFAULT_SUPPRESS_BELOW, value);
    } else if (strcmp(key, "plugin_path") == 0) {
      check_plugin_path(state, entry);
    } else if (strcmp(key, "cache") == 0) {
      check_cache(state, entry);
    } else if (strcmp(key, "cache_dir") == 0) {
      cfg->cache_dir = config_checked_text(state->problems, config_resolve_path(cfg, value));
      cfg->cache_dir_line = entry->line;
    } else {
      const char *meant = unknown_key(state, entry, "[assessment]", assessment_keys,
                                      KEY_COUNT(assessment_keys),
                                      "name, date, rules, format, output, suppress_below, "
                                      "plugin_path, audience, cache and cache_dir");
      has_rules |= meant && strcmp(meant, "rules") == 0; /* said once, as the typo */
    }
  }
  if (!has_rules)
    config_problem(
        state->problems, section->line,
        "[assessment] has no rules: add rules = the rule pack's folder (or a comma-separated "
        "list of .lua files and folders)");
  check_audience_format(state, section);
}

/* Counts the entries whose keys are not among reserved (a NULL-terminated list). */
static size_t count_other_keys(const config_section *section, const char *const *reserved) {
  size_t count = 0;
  for (size_t i = 0; i < section->entry_count; i++) {
    int found = 0;
    for (const char *const *r = reserved; *r; r++)
      found |= strcmp(section->entries[i].key, *r) == 0;
    count += !found;
  }
  return count;
}

/* Whether a key that a section hands on (to a plugin, or to the rules as an attribute)
 * is a slip of one of the section's own keys (reserved, NULL-terminated), such as
 * authority_col for authority_column: then it is reported, with the key meant, rather
 * than handed on where nothing would read it. `what` names what the key would have been.
 * Sets *plugin_meant when the key meant is plugin, whose absence is then said once. */
static int is_slip_of_key(check_state *state, const config_pair *entry, const char *section,
                          const char *const *reserved, const char *what, int *plugin_meant) {
  size_t count = 0;
  while (reserved[count]) count++;
  const char *meant = nearest_name(entry->key, reserved, count, NEAREST_SLIP);
  if (!meant) return 0;
  config_problem(state->problems, entry->line,
                 "unknown key '%s' in %s: did you mean %s? (%s cannot have a name this close "
                 "to one of the section's own keys)",
                 entry->key, section, meant, what);
  if (plugin_meant && strcmp(meant, "plugin") == 0) *plugin_meant = 1;
  return 1;
}

/* Whether an [authority] key is a slip of weight.INGREDIENT or disable.RULE_ID
 * (weights.coproduction, Disable.x): then it is reported with the key meant. */
static int is_slip_of_prefix(check_state *state, const config_pair *entry, const char *section) {
  static const char *const prefixes[] = {CONFIG_AUTHORITY_WEIGHT_PREFIX,
                                         CONFIG_AUTHORITY_DISABLE_PREFIX};
  const char *dot = strchr(entry->key, '.');
  if (!dot) return 0;
  char start[NEAREST_MAX_NAME + 1];
  size_t length = (size_t)(dot - entry->key) + 1;
  if (length > NEAREST_MAX_NAME) return 0;
  memcpy(start, entry->key, length);
  start[length] = '\0';
  const char *meant = nearest_name(start, prefixes, 2, NEAREST_SLIP);
  if (!meant) return 0;
  config_problem(state->problems, entry->line,
                 "unknown key '%s' in %s: did you mean %s%s? (an attribute cannot have a name "
                 "this close to one of the section's own keys)",
                 entry->key, section, meant, dot + 1);
  return 1;
}

static config_pair *alloc_pairs(check_state *state, size_t count) {
  return count ? config_checked(state->problems,
                                arena_alloc(state->cfg->arena, count * sizeof(config_pair)))
               : NULL;
}

/* shared = yes | no: whether the source's rows apply to every authority on purpose. */
static void check_shared(check_state *state, const config_pair *entry, config_source *source) {
  source->shared_line = entry->line;
  if (strcmp(entry->value, "yes") == 0)
    source->shared = 1;
  else if (strcmp(entry->value, "no") != 0)
    config_problem(state->problems, entry->line,
                   "shared must be yes (every row applies to every authority) or no, not '%s'",
                   entry->value);
}

static void check_source(check_state *state, const config_section *section, config_source *source) {
  static const char *const reserved[] = {"plugin", "authority_column", "shared", "id_column",
                                         NULL};
  source->name = keep(state, section->name);
  source->line = section->line;
  source->options = alloc_pairs(state, count_other_keys(section, reserved));
  int has_plugin = 0;
  for (size_t i = 0; i < section->entry_count; i++) {
    const config_pair *entry = &section->entries[i];
    if (strcmp(entry->key, "plugin") == 0) has_plugin = 1;
    if (!*entry->value) {
      config_problem(state->problems, entry->line,
                     "'%s' has no value: write one after '=' or delete the line", entry->key);
    } else if (strcmp(entry->key, "plugin") == 0) {
      source->plugin = keep(state, entry->value);
      source->plugin_line = entry->line;
    } else if (strcmp(entry->key, "authority_column") == 0) {
      source->authority_column = keep(state, entry->value);
      source->authority_column_line = entry->line;
    } else if (strcmp(entry->key, "shared") == 0) {
      check_shared(state, entry, source);
    } else if (strcmp(entry->key, "id_column") == 0) {
      source->id_column = keep(state, entry->value);
      source->id_column_line = entry->line;
    } else if (is_slip_of_key(state, entry, section->title, reserved, "a plugin option",
                              &has_plugin)) {
      continue;
    } else if (source->options) {
      source->options[source->option_count++] =
          (config_pair){keep(state, entry->key), keep(state, entry->value), entry->line};
    }
  }
  if (!has_plugin)
    config_problem(
        state->problems, section->line,
        "%s has no plugin: add plugin = csv (or another plugin's name, or the path of its "
        ".so file)",
        section->title);
  if (source->shared && source->authority_column)
    config_problem(state->problems, source->shared_line,
                   "%s says shared = yes and also names authority_column (line %d): keep "
                   "authority_column when each row belongs to one authority, or shared = yes when "
                   "every row applies to every authority",
                   section->title, source->authority_column_line);
}

static void check_pilot_date(check_state *state, const config_pair *entry, sx_date *date) {
  if (date_parse(entry->value, date) != 0)
    config_problem(state->problems, entry->line,
                   "%s '%s' is not a date in the form YYYY-MM-DD: write it like 2020-04-01",
                   entry->key, entry->value);
}

static int has_prefix(const char *key, const char *prefix) {
  return strncmp(key, prefix, strlen(prefix)) == 0;
}

/* weight.INGREDIENT = N: this authority's weight for one ingredient. */
static void check_authority_weight(check_state *state, const config_pair *entry,
                                   config_authority *authority) {
  const char *ingredient = entry->key + strlen(CONFIG_AUTHORITY_WEIGHT_PREFIX);
  double weight;
  if (!*ingredient)
    config_problem(state->problems, entry->line,
                   "'%s' names no ingredient: write weight.INGREDIENT = 1.5", entry->key);
  else if (parse_decimal(entry->value, &weight) != 0 || weight < 0)
    config_problem(state->problems, entry->line,
                   "%s must be a number of 0 or more (e.g. 1.5), not '%s'", entry->key,
                   entry->value);
  else if (authority->weights)
    authority->weights[authority->weight_count++] =
        (config_weight){keep(state, ingredient), weight == 0 ? 0.0 : weight, entry->line};
}

/* disable.RULE_ID = reason: a pack rule this authority does not run, and why. */
static void check_authority_disable(check_state *state, const config_pair *entry,
                                    config_authority *authority) {
  const char *rule = entry->key + strlen(CONFIG_AUTHORITY_DISABLE_PREFIX);
  if (!*rule)
    config_problem(state->problems, entry->line,
                   "'%s' names no rule: write disable.RULE_ID = the reason it does not apply",
                   entry->key);
  else if (authority->disabled)
    authority->disabled[authority->disabled_count++] =
        (config_pair){keep(state, rule), keep(state, entry->value), entry->line};
}

static size_t count_prefixed(const config_section *section, const char *prefix) {
  size_t count = 0;
  for (size_t i = 0; i < section->entry_count; i++)
    count += has_prefix(section->entries[i].key, prefix);
  return count;
}

static void check_authority(check_state *state, const config_section *section,
                            config_authority *authority) {
  static const char *const reserved[] = {"name",  "stage",       "pilot_start", "pilot_end",
                                         "rules", "review_date", NULL};
  authority->id = keep(state, section->name);
  authority->name = authority->id;
  authority->line = section->line;
  size_t weights = count_prefixed(section, CONFIG_AUTHORITY_WEIGHT_PREFIX);
  size_t disabled = count_prefixed(section, CONFIG_AUTHORITY_DISABLE_PREFIX);
  authority->attributes =
      alloc_pairs(state, count_other_keys(section, reserved) - weights - disabled);
  authority->disabled = alloc_pairs(state, disabled);
  authority->weights = config_checked(
      state->problems, arena_alloc(state->cfg->arena, (weights + 1) * sizeof(config_weight)));
  int start_line = 0, end_line = 0;
  for (size_t i = 0; i < section->entry_count; i++) {
    const config_pair *entry = &section->entries[i];
    if (!*entry->value) {
      config_problem(state->problems, entry->line,
                     "'%s' has no value: write one after '=' or delete the line", entry->key);
    } else if (strcmp(entry->key, "name") == 0) {
      authority->name = keep(state, entry->value);
    } else if (strcmp(entry->key, "stage") == 0) {
      if (config_is_identifier(entry->value)) {
        authority->stage = keep(state, entry->value);
        authority->stage_line = entry->line;
      } else {
        config_problem(
            state->problems, entry->line,
            "stage '%s' must be one word of letters, digits and _ (e.g. transition); leave "
            "it out to derive it from the pilot dates",
            entry->value);
      }
    } else if (strcmp(entry->key, "pilot_start") == 0) {
      check_pilot_date(state, entry, &authority->pilot_start);
      start_line = entry->line;
    } else if (strcmp(entry->key, "pilot_end") == 0) {
      check_pilot_date(state, entry, &authority->pilot_end);
      end_line = entry->line;
    } else if (strcmp(entry->key, "review_date") == 0) {
      check_pilot_date(state, entry, &authority->review_date); /* a date, said the same way */
    } else if (strcmp(entry->key, "rules") == 0) {
      authority->rules_line = entry->line;
      authority->rules = read_path_list(
          state, entry, 0, "fix the path; relative paths start from the config file's folder",
          &authority->rule_count);
    } else if (has_prefix(entry->key, CONFIG_AUTHORITY_WEIGHT_PREFIX)) {
      check_authority_weight(state, entry, authority);
    } else if (has_prefix(entry->key, CONFIG_AUTHORITY_DISABLE_PREFIX)) {
      check_authority_disable(state, entry, authority);
    } else if (is_slip_of_key(state, entry, section->title, reserved, "an attribute", NULL) ||
               is_slip_of_prefix(state, entry, section->title)) {
      continue;
    } else if (authority->attributes) {
      authority->attributes[authority->attribute_count++] =
          (config_pair){keep(state, entry->key), keep(state, entry->value), entry->line};
    }
  }
  if (date_is_set(authority->pilot_start) && date_is_set(authority->pilot_end) &&
      date_to_days(authority->pilot_end) < date_to_days(authority->pilot_start)) {
    char start[11], end[11];
    date_format(authority->pilot_start, start);
    date_format(authority->pilot_end, end);
    config_problem(state->problems, end_line,
                   "pilot_end %s is before pilot_start %s (line %d): correct one of the two dates",
                   end, start, start_line);
  }
}

static void check_weights(check_state *state, const config_section *section) {
  config *cfg = state->cfg;
  if (!section->entry_count) return;
  cfg->weights = config_checked(
      state->problems, arena_alloc(cfg->arena, section->entry_count * sizeof(config_weight)));
  if (!cfg->weights) return;
  for (size_t i = 0; i < section->entry_count; i++) {
    const config_pair *entry = &section->entries[i];
    double weight;
    if (!*entry->value)
      config_problem(state->problems, entry->line,
                     "'%s' has no value: write one after '=' or delete the line", entry->key);
    else if (parse_decimal(entry->value, &weight) != 0 || weight < 0)
      config_problem(state->problems, entry->line,
                     "weight of '%s' must be a number of 0 or more (e.g. 1.5), not '%s'",
                     entry->key, entry->value);
    else
      cfg->weights[cfg->weight_count++] =
          (config_weight){keep(state, entry->key), weight == 0 ? 0.0 : weight, entry->line};
  }
}

static void check_limits(check_state *state, const config_section *section) {
  config *cfg = state->cfg;
  /* the whole-number limits on what one rule call may do and write */
  const struct {
    const char *key;
    long *value, low, high, fallback;
    const char *unit;
  } counts[] = {
      {"depth", &cfg->depth, 10, 100000, CONFIG_DEFAULT_DEPTH, "nested calls"},
      {"label_bytes", &cfg->label_bytes, 20, 100000, CONFIG_DEFAULT_LABEL_BYTES, "bytes"},
      {"text_bytes", &cfg->text_bytes, 100, 1000000, CONFIG_DEFAULT_TEXT_BYTES, "bytes"},
      {"evidence_items", &cfg->evidence_items, 1, 100000, CONFIG_DEFAULT_EVIDENCE_ITEMS, "items"},
      {"actions", &cfg->actions, 1, 10000, CONFIG_DEFAULT_ACTIONS, "actions"},
      /* and the bounds on what one source may load */
      {"source_rows", &cfg->source_rows, 1, CONFIG_MAX_SOURCE_ROWS, CONFIG_DEFAULT_SOURCE_ROWS,
       "rows"},
      {"source_memory_mb", &cfg->source_memory_mb, 1, CONFIG_MAX_SOURCE_MEMORY_MB,
       CONFIG_DEFAULT_SOURCE_MEMORY_MB, "megabytes"},
  };
  for (size_t i = 0; i < section->entry_count; i++) {
    const config_pair *entry = &section->entries[i];
    size_t k = 0;
    while (k < sizeof counts / sizeof *counts && strcmp(counts[k].key, entry->key) != 0) k++;
    if (k < sizeof counts / sizeof *counts && *entry->value) {
      if (parse_whole_number(entry->value, counts[k].low, counts[k].high, counts[k].value) != 0)
        config_problem(state->problems, entry->line,
                       "%s must be a whole number of %s from %ld to %ld (default %ld), "
                       "not '%s'",
                       entry->key, counts[k].unit, counts[k].low, counts[k].high,
                       counts[k].fallback, entry->value);
      continue;
    }
    if (!*entry->value) {
      config_problem(state->problems, entry->line,
                     "'%s' has no value: write one after '=' or delete the line", entry->key);
    } else if (strcmp(entry->key, "instructions") == 0) {
      if (parse_whole_number(entry->value, CONFIG_MIN_INSTRUCTIONS, LONG_MAX,
                             &cfg->instructions) != 0)
        config_problem(
            state->problems, entry->line,
            "instructions must be a whole number of at least %ld (default %ld), not '%s'",
            CONFIG_MIN_INSTRUCTIONS, CONFIG_DEFAULT_INSTRUCTIONS, entry->value);
    } else if (strcmp(entry->key, "memory_mb") == 0) {
      if (parse_whole_number(entry->value, CONFIG_MIN_MEMORY_MB, CONFIG_MAX_MEMORY_MB,
                             &cfg->memory_mb) != 0)
        config_problem(
            state->problems, entry->line,
            "memory_mb must be a whole number of megabytes from %ld to %ld (default %ld), "
            "not '%s'",
            CONFIG_MIN_MEMORY_MB, CONFIG_MAX_MEMORY_MB, CONFIG_DEFAULT_MEMORY_MB, entry->value);
    } else if (strcmp(entry->key, "seconds") == 0 ||
               strcmp(entry->key, "source_seconds") == 0) {
      int of_sources = strcmp(entry->key, "source_seconds") == 0;
      double seconds;
      if (parse_decimal(entry->value, &seconds) != 0 || !(seconds > 0) ||
          seconds > CONFIG_MAX_SECONDS)
        config_problem(
            state->problems, entry->line,
            "%s must be a number of seconds above 0 and at most %g (default %g), not '%s'",
            entry->key, CONFIG_MAX_SECONDS,
            of_sources ? CONFIG_DEFAULT_SOURCE_SECONDS : CONFIG_DEFAULT_SECONDS, entry->value);
      else if (of_sources)
        cfg->source_seconds = seconds;
      else
        cfg->seconds = seconds;
    } else {
      unknown_key(state, entry, "[limits]", limits_keys, KEY_COUNT(limits_keys),
                  "instructions, memory_mb, seconds, source_seconds, source_rows, "
                  "source_memory_mb, depth, label_bytes, text_bytes, evidence_items and actions");
    }
  }
}

/* [history] path: the SQLite history file (history.h), which need not exist but whose
 * folder must; or url: a PostgreSQL database. One of the two. */
static void check_history(check_state *state, const config_section *section) {
  config *cfg = state->cfg;
  cfg->history_line = section->line;
  size_t problems = state->problems->count;
  for (size_t i = 0; i < section->entry_count; i++) {
    const config_pair *entry = &section->entries[i];
    if (!*entry->value) {
      config_problem(state->problems, entry->line,
                     "'%s' has no value: write one after '=' or delete the line", entry->key);
    } else if (strcmp(entry->key, "path") == 0) {
      if (cfg->history_path) { /* a url came first */
        config_problem(state->problems, entry->line,
                       "[history] has both path and url: keep one of them");
        continue;
      }
      cfg->history_path =
          config_checked_text(state->problems, config_resolve_path(cfg, entry->value));
      cfg->history_line = entry->line;
      if (!cfg->history_path ||
          check_file_to_write(state, entry, cfg->history_path, "history path", "path",
                              "history.db") != 0)
        return;
    } else if (strcmp(entry->key, "url") == 0) {
      /* a PostgreSQL history: kept as written in history_path, which history_open tells
       * from a file by its postgresql:// or postgres:// prefix (never quoted: it may hold
       * a password) */
      if (strncmp(entry->value, "postgresql://", 13) != 0 &&
          strncmp(entry->value, "postgres://", 11) != 0) {
        config_problem(state->problems, entry->line,
                       "history url: write a postgresql:// URI, e.g. "
                       "postgresql://db.example.org/sustain (or use path = FILE.db for an SQLite "
                       "history file)");
        continue;
      }
      if (cfg->history_path) {
        config_problem(state->problems, entry->line,
                       "[history] has both path and url: keep one of them");
        continue;
      }
      cfg->history_path =
          config_checked_text(state->problems, arena_strdup(cfg->arena, entry->value));
      cfg->history_line = entry->line;
      if (!cfg->history_path) return;
    } else {
      unknown_key(state, entry, "[history]", history_keys, KEY_COUNT(history_keys),
                  "path and url");
    }
  }
  if (!cfg->history_path && state->problems->count == problems)
    config_problem(state->problems, section->line,
                   "[history] has no path: add path = history.db, or url = "
                   "postgresql://... (or delete the section to keep no history)");
}

/* Checks every section in file order; then what the whole file lacks. */
static void check_sections(check_state *state, const config_sections *sections) {
  config *cfg = state->cfg;
  size_t sources = 0, authorities = 0;
  int has_assessment = 0;
  for (size_t i = 0; i < sections->count; i++) {
    sources += sections->items[i].kind == CONFIG_SECTION_SOURCE;
    authorities += sections->items[i].kind == CONFIG_SECTION_AUTHORITY;
  }
  if (sources)
    cfg->sources =
        config_checked(state->problems, arena_alloc(cfg->arena, sources * sizeof(config_source)));
  if (authorities)
    cfg->authorities = config_checked(
        state->problems, arena_alloc(cfg->arena, authorities * sizeof(config_authority)));
  if (state->problems->out_of_memory) return;

  for (size_t i = 0; i < sections->count && !state->problems->out_of_memory; i++) {
    const config_section *section = &sections->items[i];
    switch (section->kind) {
    case CONFIG_SECTION_ASSESSMENT:
      has_assessment = 1;
      check_assessment(state, section);
      break;
    case CONFIG_SECTION_SOURCE:
      check_source(state, section, &cfg->sources[cfg->source_count++]);
      break;
    case CONFIG_SECTION_AUTHORITY:
      check_authority(state, section, &cfg->authorities[cfg->authority_count++]);
      break;
    case CONFIG_SECTION_WEIGHTS:
      check_weights(state, section);
      break;
    case CONFIG_SECTION_LIMITS:
      check_limits(state, section);
      break;
    case CONFIG_SECTION_HISTORY:
      check_history(state, section);
      break;
    }
  }
  if (!has_assessment)
    config_problem(state->problems, 0,
                   "no [assessment] section: add one with at least rules = the rule pack's "
                   "folder");
  if (!authorities)
    config_problem(state->problems, 0,
                   "no [authority ID] section: add one per authority to assess, e.g. "
                   "[authority northshire]");
}

/* }====================================================== */

/* Creates the config of the file at path with its defaults; NULL on out of memory. */
static config *config_new(const char *path) {
  arena *a = arena_new();
  if (!a) return NULL;
  config *cfg = arena_alloc(a, sizeof(config));
  if (!cfg) {
    arena_free(a);
    return NULL;
  }
  config_set_defaults(cfg);
  cfg->arena = a;
  cfg->path = arena_strdup(a, path);
  cfg->dir = folder_of(a, path);
  cfg->name = stem_of(a, path);
  cfg->date = date_today();
  if (!cfg->path || !cfg->dir || !cfg->name) {
    arena_free(a);
    return NULL;
  }
  return cfg;
}

config *config_check(const char *path, const config_layout *layout,
                     const config_sections *sections, arena *scratch,
                     config_problems *problems) {
  check_state state = {.cfg = config_new(path), .layout = layout, .scratch = scratch,
                       .problems = problems};
  if (!state.cfg) {
    problems->out_of_memory = 1;
    return NULL;
  }
  check_sections(&state, sections);
  return state.cfg;
}
