/* sources.c: from [source] sections through plugins to evidence tables; see sources.h. */
#include "sources.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "column_choice.h"
#include "grow.h"
#include "source_cache.h"
#include "table_builder.h"

/* Rows a plugin hands over cell by cell between two looks at the clock: reading
 * it costs some twenty nanoseconds, a row rather more. */
#define SOURCES_CLOCK_ROWS 1024

/* The most warnings one source shows: a plugin that warns about every row of a
 * large file says as much in the first hundred, and the rest would bury the
 * messages of every other source. */
#define SOURCES_MAX_WARNINGS 100

/* How long after its time limit a source's plugin has to stop before the
 * supervisor stops the whole process: time to notice the host's request
 * (stop_requested, or a host function failing) and return. */
#define SOURCES_STOP_GRACE_SECONDS 2.0

_Static_assert(SOURCES_MAX_THREADS <= WATCH_SLOTS, "each loading thread needs a watch slot");

/* What the host knows while one plugin loads one source. */
struct sustain_source {
  const config *cfg;
  const config_source *config;
  const sustain_plugin_descriptor *plugin;
  const char *plugin_path;
  const char **values; /* per documented option: resolved value or NULL */
  table_builder builder;
  diag_list *diags;
  int failed;
  long long deadline;      /* CLOCK_MONOTONIC nanoseconds when loading must stop; 0: never */
  unsigned rows_unchecked; /* rows since the clock was last read */
  int out_of_time;         /* the deadline passed (the failure reported) */
  size_t extra_cells;      /* cells given past the last column of the current row */
  size_t warnings;         /* warnings the plugin gave */
  char **paths;            /* what resolve_path gave the plugin (malloc'd), freed with the handle */
  size_t path_count, path_capacity;
  const column_choice *columns; /* which columns to store; NULL: every one */
  size_t index;                 /* of the source in the config */
};

static long long now_nanoseconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* The message of a source that ran past [limits] source_seconds, whether it
 * stopped when asked or had to be stopped. */
static void report_time_limit(const config *cfg, const config_source *src, diag_list *diags) {
  diag_add(diags, cfg->path, src->line, 0,
           "source %s (plugin %s): did not finish loading within %g s; raise [limits] "
           "source_seconds if it really needs longer, or check what it reads (a query or a "
           "view that never ends?)",
           src->name, src->plugin, cfg->source_seconds);
}

/* Starts the source's clock: loading from now on has [limits] source_seconds. */
static void start_clock(sustain_source *s) {
  s->deadline = s->cfg->source_seconds > 0
                    ? now_nanoseconds() + (long long)(s->cfg->source_seconds * 1e9)
                    : 0;
  s->rows_unchecked = 0;
  s->out_of_time = 0;
}

/* Whether the source is past its deadline; the first time, loading fails with
 * the time-limit message, so every host function refuses from then on. */
static int out_of_time(sustain_source *s) {
  if (s->out_of_time) return 1;
  if (!s->deadline || now_nanoseconds() < s->deadline) return 0;
  s->out_of_time = 1;
  if (!s->failed) report_time_limit(s->cfg, s->config, s->diags);
  s->failed = 1;
  return 1;
}

/* ** {======================================================================
** Host functions handed to plugins
** ======================================================================= */

static const char *host_option(sustain_source *s, const char *name) {
  if (!name) return NULL;
  for (size_t i = 0; s->plugin->options[i].name; i++)
    if (strcmp(s->plugin->options[i].name, name) == 0) return s->values[i];
  return NULL;
}

/* Records what a plugin said, an error or a warning: at file:line:column when it
 * names a file, else at the source's [source] line, naming the source, the plugin
 * and its file. */
static void plugin_said(sustain_source *s, int warning, const char *file, long line, long column,
                        const char *what) {
  void (*add)(diag_list *, const char *, long, long, const char *, ...) =
      warning ? diag_warn : diag_add;
  if (file)
    add(s->diags, file, line, column, "%s", what);
  else
    add(s->diags, s->cfg->path, s->config->line, 0, "source %s (plugin %s, %s): %s",
        s->config->name, s->plugin->name, s->plugin_path, what);
}

static void host_error(sustain_source *s, const char *file, long line, long column,
                       const char *message) {
  s->failed = 1;
  plugin_said(s, 0, file, line, column,
              message ? message : "the plugin reported an error without a message");
}

static void host_warning(sustain_source *s, const char *file, long line, long column,
                         const char *message) {
  if (++s->warnings > SOURCES_MAX_WARNINGS + 1) return;
  if (s->warnings <= SOURCES_MAX_WARNINGS) {
    plugin_said(s, 1, file, line, column,
                message ? message : "the plugin gave a warning without a message");
    return;
  }
  char note[96];
  snprintf(note, sizeof note, "more than %d warnings; the rest are not shown",
           SOURCES_MAX_WARNINGS);
  plugin_said(s, 1, NULL, 0, 0, note);
}

static const char *host_authority_column(sustain_source *s) {
  return s->config->shared ? NULL : s->config->authority_column;
}

/* Keeps a string the host made for the plugin until the handle is released. */
static const char *keep_path(sustain_source *s, char *path) {
  if (path && grow_array((void **)&s->paths, &s->path_capacity, s->path_count + 1,
                         sizeof(char *)) == 0) {
    s->paths[s->path_count++] = path;
    return path;
  }
  free(path);
  host_error(s, NULL, 0, 0, "out of memory resolving a path");
  return NULL;
}

/* A path as the host resolves PATH options (config_resolve_path), in memory of the
 * handle's own, since parts of sources resolve paths on several threads at once. */
static const char *host_resolve_path(sustain_source *s, const char *path) {
  if (!path || !*path) return NULL;
  const char *dir = s->cfg->dir;
  size_t dir_length = strlen(dir);
  const char *separator = dir_length && dir[dir_length - 1] == '/' ? "" : "/";
  char *resolved = NULL;
  if (path[0] == '/')
    resolved = strdup(path);
  else if (asprintf(&resolved, "%s%s%s", dir, separator, path) < 0)
    resolved = NULL;
  return keep_path(s, resolved);
}

/* Reports a builder failure against the source; line is the row's line in the
 * plugin's input when known (the builder's messages name the row otherwise). A
 * limit reached is the source's as a whole, so it names the source. */
static int builder_failed(sustain_source *s, long line, const char *error) {
  if (!s->failed) {
    const char *data = s->builder.limit_hit ? NULL : host_option(s, "path");
    if (data)
      diag_add(s->diags, data, line, 0, "%s", error);
    else
      diag_add(s->diags, s->cfg->path, s->config->line, 0, "source %s (plugin %s, %s): %s",
               s->config->name, s->plugin->name, s->plugin_path, error);
  }
  s->failed = 1;
  return -1;
}

/* After the first failure every call fails, so a plugin that ignores a status
 * cannot pile up rows after a rejected one. */
#define HOST_GUARD(s) \
  do { \
    if ((s)->failed) return -1; \
  } while (0)

/* Refuses a column type this host does not define, saying which ABI it comes from:
 * the plugin's own, when that is newer than this host's, else none (the plugin is
 * wrong). */
static int unknown_type(sustain_source *s, const char *name, size_t length,
                        sustain_column_type type) {
  char error[TABLE_BUILDER_ERROR_SIZE * 2];
  unsigned minor = s->plugin->abi_minor;
  int shown = length > 64 ? 64 : (int)length;
  if (minor > SUSTAIN_PLUGIN_ABI_MINOR)
    snprintf(error, sizeof error, "column %zu ('%.*s') has type %d, which this sustain (plugin "
             "ABI %d.%d) does not know: the plugin was built for plugin ABI %d.%u; use a "
             "sustain of plugin ABI %d.%u or later, or a plugin that checks host->abi_minor "
             "before declaring a type added after %d.%d",
             s->builder.table->column_count + 1, shown, name, (int)type,
             SUSTAIN_PLUGIN_ABI_MAJOR, SUSTAIN_PLUGIN_ABI_MINOR, SUSTAIN_PLUGIN_ABI_MAJOR, minor,
             SUSTAIN_PLUGIN_ABI_MAJOR, minor, SUSTAIN_PLUGIN_ABI_MAJOR, SUSTAIN_PLUGIN_ABI_MINOR);
  else
    snprintf(error, sizeof error, "column %zu ('%.*s') has type %d, which no plugin ABI up to "
             "%d.%d defines, though the plugin was built for plugin ABI %d.%u (the plugin is "
             "wrong: report it to its authors)",
             s->builder.table->column_count + 1, shown, name, (int)type,
             SUSTAIN_PLUGIN_ABI_MAJOR, SUSTAIN_PLUGIN_ABI_MINOR, SUSTAIN_PLUGIN_ABI_MAJOR, minor);
  host_error(s, NULL, 0, 0, error); /* the plugin's doing, not the data's: at the source */
  return -1;
}

/* Whether the current row already has a cell per column: a cell more is counted,
 * not kept, so that end_row can report the row with its line, as it reports a
 * short one. Past SUSTAIN_MAX_COLUMNS cells too many, the builder refuses at once
 * (a plugin that never ends its row). */
static int row_is_full(sustain_source *s) {
  size_t columns = s->builder.table->column_count;
  if (columns == 0 || s->builder.cell < columns || s->extra_cells >= SUSTAIN_MAX_COLUMNS)
    return 0;
  s->extra_cells++;
  return 1;
}

static int host_add_column(sustain_source *s, const char *name, size_t length,
                           sustain_column_type type) {
  HOST_GUARD(s);
  char error[TABLE_BUILDER_ERROR_SIZE];
  if (!name) return builder_failed(s, 0, "a column was declared without a name");
  if ((int)type < SUSTAIN_COLUMN_INFER || (int)type > SUSTAIN_COLUMN_DATE)
    return unknown_type(s, name, length, type);
  return table_builder_add_column(&s->builder, name, length, type, error) ? builder_failed(s, 0, error)
                                                                          : 0;
}

static int host_append_text(sustain_source *s, const char *text, size_t length) {
  HOST_GUARD(s);
  char error[TABLE_BUILDER_ERROR_SIZE];
  if (!text && length) return builder_failed(s, 0, "a text cell was given as NULL");
  if (row_is_full(s)) return 0;
  return table_builder_append_text(&s->builder, text ? text : "", length, error)
             ? builder_failed(s, 0, error)
             : 0;
}

static int host_append_number(sustain_source *s, double value) {
  HOST_GUARD(s);
  char error[TABLE_BUILDER_ERROR_SIZE];
  if (row_is_full(s)) return 0;
  return table_builder_append_number(&s->builder, value, error) ? builder_failed(s, 0, error) : 0;
}

static int host_append_missing(sustain_source *s) {
  HOST_GUARD(s);
  char error[TABLE_BUILDER_ERROR_SIZE];
  if (row_is_full(s)) return 0;
  return table_builder_append_missing(&s->builder, error) ? builder_failed(s, 0, error) : 0;
}

static int host_end_row(sustain_source *s, long line) {
  HOST_GUARD(s);
  if (++s->rows_unchecked == SOURCES_CLOCK_ROWS) {
    s->rows_unchecked = 0;
    if (out_of_time(s)) return -1;
  }
  char error[TABLE_BUILDER_ERROR_SIZE];
  if (s->extra_cells) {
    table_builder_row_length_error(&s->builder, s->builder.cell + s->extra_cells, error);
    return builder_failed(s, line, error);
  }
  return table_builder_end_row(&s->builder, error) ? builder_failed(s, line, error) : 0;
}

static int host_append_rows(sustain_source *s, const sustain_cell *cells, size_t row_count,
                            const long *lines) {
  HOST_GUARD(s);
  if (out_of_time(s)) return -1;
  char error[TABLE_BUILDER_ERROR_SIZE];
  if (!cells && row_count) return builder_failed(s, 0, "rows were given as NULL");
  if (table_builder_append_rows(&s->builder, cells, row_count, error) == 0) return 0;
  return builder_failed(s, lines && row_count ? lines[s->builder.failed_row] : 0, error);
}

/* Every limit the host holds a source to (its time, its rows, its memory) fails the
 * source with its own message, and this is how a plugin busy without calling the host
 * learns it should stop. */
static int host_stop_requested(sustain_source *s) {
  return s->failed || out_of_time(s);
}

static int host_append_cells(sustain_source *s, const sustain_cell *cells, size_t cell_count,
                             size_t row_count, const long *lines) {
  HOST_GUARD(s);
  if (out_of_time(s)) return -1;
  char error[TABLE_BUILDER_ERROR_SIZE];
  if (!cells && cell_count) return builder_failed(s, 0, "cells were given as NULL");
  if (table_builder_append_cells(&s->builder, cells, cell_count, row_count, error) == 0) return 0;
  return builder_failed(s, lines && row_count ? lines[s->builder.failed_row] : 0, error);
}

static const sustain_host host_functions = {
    .size = sizeof(sustain_host),
    .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR,
    .option = host_option,
    .error = host_error,
    .add_column = host_add_column,
    .append_text = host_append_text,
    .append_number = host_append_number,
    .append_missing = host_append_missing,
    .end_row = host_end_row,
    .append_rows = host_append_rows,
    .stop_requested = host_stop_requested,
    .append_cells = host_append_cells,
    .warning = host_warning,
    .authority_column = host_authority_column,
    .resolve_path = host_resolve_path,
};

/* }====================================================================== */

/* Matches the config's options to the plugin's documented ones: unknown options,
 * missing required ones and unreadable paths are errors at their lines. */
static int resolve_options(sustain_source *s) {
  const config_source *src = s->config;
  const sustain_option *options = s->plugin->options;
  int ok = 1;
  for (size_t k = 0; k < src->option_count; k++) {
    const config_pair *pair = &src->options[k];
    size_t i = 0;
    while (options[i].name && strcmp(options[i].name, pair->key) != 0) i++;
    if (options[i].name) continue;
    char known[512] = "";
    for (size_t j = 0; options[j].name; j++) {
      if (j) strncat(known, ", ", sizeof known - strlen(known) - 1);
      strncat(known, options[j].name, sizeof known - strlen(known) - 1);
    }
    diag_add(s->diags, s->cfg->path, pair->line, 0,
             "unknown option '%s' for plugin %s; it takes: %s (see `sustain plugins`)", pair->key,
             s->plugin->name, known);
    ok = 0;
  }
  for (size_t i = 0; options[i].name; i++) {
    const config_pair *pair = NULL;
    for (size_t k = 0; k < src->option_count && !pair; k++)
      if (strcmp(src->options[k].key, options[i].name) == 0) pair = &src->options[k];
    const char *value = pair ? pair->value : options[i].default_value;
    if (!value) {
      if (options[i].required) {
        diag_add(s->diags, s->cfg->path, src->line, 0,
                 "source %s: plugin %s needs the option '%s' (%s)", src->name, s->plugin->name,
                 options[i].name, options[i].description);
        ok = 0;
      }
      continue;
    }
    if (options[i].kind == SUSTAIN_OPTION_PATH) {
      value = config_resolve_path(s->cfg, value);
      struct stat st;
      if (!value) return -1;
      if (stat(value, &st) != 0) {
        diag_add(s->diags, s->cfg->path, pair ? pair->line : src->line, 0,
                 "cannot read '%s': %s", value, strerror(errno));
        ok = 0;
        continue;
      }
      if (!S_ISREG(st.st_mode)) {
        diag_add(s->diags, s->cfg->path, pair ? pair->line : src->line, 0,
                 "'%s' is not a file: give the path of a file", value);
        ok = 0;
        continue;
      }
    }
    s->values[i] = value;
  }
  return ok ? 0 : -1;
}

/* The bounds on each source's table, from [limits]; a config built in code
 * (a rule test's) that sets none has the defaults. */
static table_limits source_limits(const config *cfg) {
  long rows = cfg->source_rows > 0 ? cfg->source_rows : CONFIG_DEFAULT_SOURCE_ROWS;
  long mb = cfg->source_memory_mb > 0 ? cfg->source_memory_mb : CONFIG_DEFAULT_SOURCE_MEMORY_MB;
  return (table_limits){(size_t)rows, (size_t)mb * 1024 * 1024};
}

/* Tells the handle's builder which columns to store, when the source may skip some. */
static void choose_columns(sustain_source *s) {
  if (s->columns && column_choice_prunes(s->cfg, s->config))
    table_builder_choose(&s->builder, column_choice_keeps, s->columns,
                         column_choice_missed_flag(s->columns, s->index));
}

/* Readies a source handle: the plugin's options resolved, an empty builder. */
static int source_init(sustain_source *s, const config *cfg, const config_source *src,
                       const loaded_plugin *plugin, const char **values, diag_list *diags,
                       const column_choice *columns) {
  *s = (sustain_source){.cfg = cfg,
                        .config = src,
                        .columns = columns,
                        .index = (size_t)(src - cfg->sources),
                        .plugin = plugin->descriptor,
                        .plugin_path = plugin->path,
                        .values = values,
                        .diags = diags};
  if (table_builder_init(&s->builder, src->name, src->authority_column) != 0) {
    diag_add(diags, cfg->path, src->line, 0, "out of memory loading source %s", src->name);
    return -1;
  }
  table_builder_set_limits(&s->builder, source_limits(cfg), 1);
  choose_columns(s);
  return 0;
}

/* Frees what a source handle holds: its builder, and the paths the plugin was given. */
static void source_release(sustain_source *s) {
  table_builder_free(&s->builder); /* a zeroed builder frees nothing */
  for (size_t i = 0; i < s->path_count; i++) free(s->paths[i]);
  free(s->paths);
  s->paths = NULL;
  s->path_count = s->path_capacity = 0;
}

/* The options' values, one per documented option; NULL after reporting. */
static const char **new_values(const config *cfg, const config_source *src,
                               const loaded_plugin *plugin, diag_list *diags) {
  size_t option_count = 0;
  while (plugin->descriptor->options[option_count].name) option_count++;
  const char **values = calloc(option_count + 1, sizeof(char *));
  if (!values) diag_add(diags, cfg->path, src->line, 0, "out of memory loading source %s", src->name);
  return values;
}

/* Completes the table of a loaded source handle; NULL after reporting. */
static evidence_table *finish_source(sustain_source *s) {
  char error[TABLE_BUILDER_ERROR_SIZE];
  evidence_table *table = table_builder_finish(&s->builder, error);
  if (!table)
    diag_add(s->diags, s->cfg->path, s->config->line, 0, "source %s: %s", s->config->name, error);
  return table;
}

/* Loads the whole source through the plugin's load into a fresh builder. */
static evidence_table *load_whole(sustain_source *s) {
  table_builder_free(&s->builder);
  if (table_builder_init(&s->builder, s->config->name, s->config->authority_column) != 0) {
    diag_add(s->diags, s->cfg->path, s->config->line, 0, "out of memory loading source %s",
             s->config->name);
    return NULL;
  }
  table_builder_set_limits(&s->builder, source_limits(s->cfg), 1);
  choose_columns(s);
  s->failed = 0;
  s->extra_cells = 0;
  start_clock(s);
  int status = s->plugin->load(&host_functions, s);
  if (status != 0 && !s->failed)
    host_error(s, NULL, 0, 0, "loading failed, and the plugin gave no reason");
  return status == 0 && !s->failed ? finish_source(s) : NULL;
}

static evidence_table *load_one(const config *cfg, const config_source *src,
                                const loaded_plugin *plugin, diag_list *diags) {
  const char **values = new_values(cfg, src, plugin, diags);
  sustain_source s;
  if (!values || source_init(&s, cfg, src, plugin, values, diags, NULL) != 0) {
    free(values);
    return NULL;
  }
  evidence_table *table = resolve_options(&s) == 0 ? load_whole(&s) : NULL;
  source_release(&s);
  free(values);
  return table;
}

/* Finds and opens the plugin a source names. Returns 0, or -1 after reporting. */
static int open_plugin(const config *cfg, const config_source *src,
                       const plugin_search_path *search, loaded_plugin *plugin, diag_list *diags) {
  const char *name = src->plugin;
  size_t length = strlen(name);
  int is_path = strchr(name, '/') != NULL || (length > 3 && strcmp(name + length - 3, ".so") == 0);
  const char *wanted = is_path ? config_resolve_path(cfg, name) : name;
  char *file = wanted ? plugin_find(search, wanted) : NULL;
  *plugin = (loaded_plugin){0};
  if (!file) {
    diag_add(diags, cfg->path, src->plugin_line, 0,
             "unknown plugin '%s': no %s.so on the plugin path (see `sustain plugins`, or set "
             "plugin_path)",
             name, name);
    return -1;
  }
  size_t before = diags->count;
  int status = plugin_open(file, plugin, diags);
  /* point the user at the config line as well as the plugin file */
  if (status != 0 && diags->count > before)
    diag_add(diags, cfg->path, src->plugin_line, 0, "source %s: plugin '%s' was refused",
             src->name, name);
  free(file);
  return status;
}

/* Plugins must not print, but one that does must not write into a plan printed
 * on standard output: while plugin code runs, standard output is standard error
 * (or nowhere, without one). Returns the descriptor that keeps standard output,
 * for stdout_restore, or -1 when it could not be kept (then nothing changed). */
static int stdout_to_stderr(void) {
  fflush(stdout);
  int kept = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  if (kept < 0) return -1;
  if (dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
    int nowhere = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (nowhere < 0 || dup2(nowhere, STDOUT_FILENO) < 0) {
      if (nowhere >= 0) close(nowhere);
      close(kept);
      return -1;
    }
    close(nowhere);
  }
  return kept;
}

/* Gives standard output back, after what plugins left in its buffer has gone
 * where their writes went. */
static void stdout_restore(int kept) {
  if (kept < 0) return;
  fflush(stdout);
  dup2(kept, STDOUT_FILENO);
  close(kept);
}

evidence_table *sources_load_one(const config *cfg, const config_source *src,
                                 const plugin_search_path *search, diag_list *diags) {
  loaded_plugin plugin;
  int kept = stdout_to_stderr();
  evidence_table *table = NULL;
  if (open_plugin(cfg, src, search, &plugin, diags) == 0) {
    table = load_one(cfg, src, &plugin, diags);
    plugin_close(&plugin);
  }
  stdout_restore(kept);
  return table;
}

/* ** {======================================================================
** Loading every source, large ones in parts, on several threads
** ======================================================================= */

/* One [source] of the config while the threads load it. A source whose plugin
 * can split it is read in parts, each into a builder of its own; the thread
 * that finishes the last part joins them, or, when a part failed, loads the
 * source whole so that its messages are the ones a single reader gives. */
typedef struct source_job {
  char what[WATCH_WHAT_SIZE]; /* the source as a phase of the watch */
  loaded_plugin plugin; /* handle NULL: the plugin could not be opened */
  const char **values;
  sustain_source whole;   /* loads it whole, and reports; its builder unused for parts */
  uint32_t parts;         /* 1: loaded whole */
  sustain_source *pieces; /* per part: its handle and builder */
  diag_list *scratch;     /* per part: messages, never shown (see load_part in plugin.h) */
  int *part_status;       /* per part: what load_part returned */
  atomic_uint parts_left;
  evidence_table *table;
  diag_list problems; /* kept apart, so messages come out in config order */
  int ready;                /* its plugin open and its options resolved */
  source_cache_entry cache; /* its place in the cache, when there is one */
} source_job;

/* A piece of work for a thread: one part of one source (part 0 of a whole one). */
typedef struct load_item {
  size_t source;
  uint32_t part;
} load_item;

/* What the loading threads share: the items to take, in order, and the jobs. */
typedef struct load_work {
  source_job *jobs;
  load_item *items;
  size_t item_count;
  atomic_size_t next;
  watch *watch;
  double phase_limit; /* seconds the supervisor allows a source's phase */
  const column_choice *columns;
  const sources_side_work *side; /* NULL, or run by the first thread out of parts */
  atomic_flag side_taken;
} load_work;

/* One loading thread: its work and its slot in the watch. */
typedef struct load_thread {
  load_work *work;
  size_t slot;
} load_thread;

/* Whether list holds a diagnostic the same as d. */
static int holds(const diag_list *list, const diag *d) {
  for (size_t i = 0; i < list->count; i++) {
    const diag *e = &list->items[i];
    if (e->warning == d->warning && e->line == d->line && e->column == d->column &&
        strcmp(e->message, d->message) == 0 &&
        (e->file && d->file ? strcmp(e->file, d->file) == 0 : e->file == d->file))
      return 1;
  }
  return 0;
}

/* The warnings of parts that joined are the source's, in part order; one that
 * every part gives (about an option, say) is shown once, and no more are shown
 * than a source loaded whole may give. A part's errors are never shown (it failed
 * then, and the source was loaded whole). */
static void keep_part_warnings(source_job *job) {
  size_t kept = 0;
  for (uint32_t k = 0; k < job->parts; k++) {
    const diag_list *said = &job->scratch[k];
    for (size_t i = 0; i < said->count && kept <= SOURCES_MAX_WARNINGS; i++) {
      if (!said->items[i].warning || holds(&job->problems, &said->items[i])) continue;
      if (++kept > SOURCES_MAX_WARNINGS)
        diag_warn(&job->problems, job->whole.cfg->path, job->whole.config->line, 0,
                  "source %s (plugin %s, %s): more than %d warnings; the rest are not shown",
                  job->whole.config->name, job->whole.plugin->name, job->whole.plugin_path,
                  SOURCES_MAX_WARNINGS);
      else
        diag_copy(&job->problems, &said->items[i]);
    }
  }
}

/* Joins the parts of a source into its first part's builder and finishes it;
 * when any part failed, loads the source whole instead, on a fresh clock. */
static evidence_table *assemble(source_job *job, const load_thread *thread) {
  int ok = 1, late = 0;
  for (uint32_t k = 0; k < job->parts; k++) {
    ok &= job->part_status[k] == 0 && !job->pieces[k].failed;
    late |= job->pieces[k].out_of_time;
  }
  if (late) { /* loading it whole would take as long again */
    report_time_limit(job->whole.cfg, job->whole.config, &job->problems);
    return NULL;
  }
  char error[TABLE_BUILDER_ERROR_SIZE];
  for (uint32_t k = 1; k < job->parts && ok; k++) {
    ok = table_builder_join(&job->pieces[0].builder, &job->pieces[k].builder, error) == 0;
    table_builder_free(&job->pieces[k].builder);
  }
  if (ok) {
    keep_part_warnings(job);
    job->pieces[0].diags = &job->problems;
    return finish_source(&job->pieces[0]);
  }
  watch_end(thread->work->watch, thread->slot); /* the whole load is a phase of its own */
  watch_begin(thread->work->watch, thread->slot, job->what, thread->work->phase_limit);
  return load_whole(&job->whole);
}

static void load_item_run(const load_thread *thread, source_job *job, uint32_t part) {
  watch_begin(thread->work->watch, thread->slot, job->what, thread->work->phase_limit);
  if (job->parts == 1) {
    job->table = load_whole(&job->whole);
  } else {
    sustain_source *piece = &job->pieces[part];
    start_clock(piece);
    job->part_status[part] =
        job->whole.plugin->load_part(&host_functions, piece, part, job->parts);
    if (atomic_fetch_sub(&job->parts_left, 1) == 1) job->table = assemble(job, thread);
  }
  watch_end(thread->work->watch, thread->slot);
}

static void *load_sources(void *context) {
  const load_thread *thread = context;
  load_work *work = thread->work;
  for (size_t i; (i = atomic_fetch_add(&work->next, 1)) < work->item_count;)
    load_item_run(thread, &work->jobs[work->items[i].source], work->items[i].part);
  if (work->side && !atomic_flag_test_and_set(&work->side_taken))
    work->side->run(work->side->context, thread->slot);
  return NULL;
}

/* Opens the source's plugin and resolves its options. Returns 0, or -1 when the
 * source cannot be loaded (the problems say why). */
static int prepare_options(source_job *job, const config *cfg, const config_source *src,
                           const plugin_search_path *search, const column_choice *columns) {
  if (open_plugin(cfg, src, search, &job->plugin, &job->problems) != 0) return -1;
  job->values = new_values(cfg, src, &job->plugin, &job->problems);
  if (!job->values ||
      source_init(&job->whole, cfg, src, &job->plugin, job->values, &job->problems, columns) != 0)
    return -1;
  return resolve_options(&job->whole);
}

/* With threads to spare, asks the plugin of a ready source into how many parts
 * to split it. Returns the parts to load (0 when the source cannot be loaded:
 * the problems say why). */
static uint32_t prepare_parts(source_job *job, const config *cfg, const config_source *src,
                              int threads, const column_choice *columns) {
  job->parts = 1;
  if (threads < 2 || !plugin_loads_in_parts(job->plugin.descriptor)) return 1;
  uint32_t parts = job->plugin.descriptor->count_parts(&host_functions, &job->whole,
                                                       (uint32_t)threads);
  if (job->whole.failed) return 0;
  if (parts < 2) return 1;
  if (parts > (uint32_t)threads) parts = (uint32_t)threads;
  job->pieces = calloc(parts, sizeof *job->pieces);
  job->scratch = calloc(parts, sizeof *job->scratch);
  job->part_status = calloc(parts, sizeof *job->part_status);
  if (!job->pieces || !job->scratch || !job->part_status) return 1; /* whole, then */
  for (uint32_t k = 0; k < parts; k++) {
    if (source_init(&job->pieces[k], cfg, src, &job->plugin, job->values, &job->scratch[k],
                    columns) != 0) {
      for (uint32_t j = 0; j < k; j++) table_builder_free(&job->pieces[j].builder);
      return 1;
    }
    /* the parts load at once: together they may hold what the whole source may */
    table_builder_set_limits(&job->pieces[k].builder, source_limits(cfg), parts);
  }
  job->parts = parts;
  atomic_init(&job->parts_left, parts);
  return parts;
}

/* Reports why an earlier attempt of the command failed in this source. */
static void report_earlier_failure(const config *cfg, const config_source *src,
                                   const watch_failure *failure, diag_list *diags) {
  if (failure->outcome == WATCH_TIMED_OUT) {
    report_time_limit(cfg, src, diags);
    return;
  }
  char how[128];
  watch_failure_text(failure, how, sizeof how);
  if (failure->outcome == WATCH_SIGNALLED)
    diag_add(diags, cfg->path, src->line, 0,
             "source %s (plugin %s): the plugin crashed while loading this source (%s), so "
             "nothing was loaded from it; this is a fault in the plugin: report it to the "
             "plugin's author, with this section of the config",
             src->name, src->plugin, how);
  else
    diag_add(diags, cfg->path, src->line, 0,
             "source %s (plugin %s): the plugin ended the whole process while loading this "
             "source (%s) instead of reporting a problem and returning; this is a fault in "
             "the plugin: report it to the plugin's author, with this section of the config",
             src->name, src->plugin, how);
}

/* Readies one source (its plugin opened, its options resolved) as a phase of
 * the watch on the calling thread's slot 0; job->ready says whether it can be
 * loaded (else an earlier attempt failed in it, or the job's problems say why). */
static void prepare(source_job *job, const config *cfg, const config_source *src,
                    const plugin_search_path *search, const load_work *work) {
  snprintf(job->what, sizeof job->what, "source %s (%s:%d, plugin %s)", src->name, cfg->path,
           src->line, src->plugin);
  watch_failure failure;
  if (watch_failed_before(work->watch, job->what, &failure)) {
    report_earlier_failure(cfg, src, &failure, &job->problems);
    return;
  }
  watch_begin(work->watch, 0, job->what, work->phase_limit);
  job->ready = prepare_options(job, cfg, src, search, work->columns) == 0;
  watch_end(work->watch, 0);
}

/* The parts of a ready source not taken from the cache, as a phase of the watch
 * (count_parts is the plugin's code). */
static uint32_t split(source_job *job, const config *cfg, const config_source *src, int threads,
                      const load_work *work) {
  if (!job->ready || job->table) return 0;
  watch_begin(work->watch, 0, job->what, work->phase_limit);
  uint32_t parts = prepare_parts(job, cfg, src, threads, work->columns);
  watch_end(work->watch, 0);
  return parts;
}

/* What the threads that look sources up in the cache share. */
typedef struct lookup_work {
  source_job *jobs;
  size_t count;
  atomic_size_t next;
  const config *cfg;
  source_cache *cache;
} lookup_work;

/* One thread's lookups: each ready source's key (its files hashed) and cache file. */
static void *look_up_sources(void *context) {
  lookup_work *work = context;
  for (size_t i; (i = atomic_fetch_add(&work->next, 1)) < work->count;) {
    source_job *job = &work->jobs[i];
    const config_source *src = &work->cfg->sources[i];
    if (!job->ready) continue;
    source_cache_entry_init(&job->cache, work->cache, work->cfg, src, &job->plugin, job->values,
                            &job->problems);
    job->table = source_cache_entry_read(&job->cache, work->cfg, src, &job->problems);
  }
  return NULL;
}

/* Takes from the cache every ready source it holds, on up to `threads` threads. */
static void look_up_cached(source_job *jobs, size_t count, const config *cfg,
                           source_cache *cache, int threads) {
  if (!cache->dir) return;
  lookup_work work = {jobs, count, 0, cfg, cache};
  if ((size_t)threads > count) threads = (int)count;
  pthread_t ids[SOURCES_MAX_THREADS];
  int started = 0;
  for (; started < threads - 1; started++)
    if (pthread_create(&ids[started], NULL, look_up_sources, &work) != 0) break;
  look_up_sources(&work);
  for (int i = 0; i < started; i++) pthread_join(ids[i], NULL);
}

static void job_free(source_job *job) {
  for (uint32_t k = 0; job->pieces && k < job->parts; k++) {
    source_release(&job->pieces[k]);
    diag_list_clear(&job->scratch[k]);
  }
  free(job->pieces);
  free(job->scratch);
  free(job->part_status);
  source_release(&job->whole);
  free(job->values);
  if (job->plugin.handle) plugin_close(&job->plugin);
  diag_list_clear(&job->problems);
  source_cache_entry_release(&job->cache);
}

/* Loads the prepared items on up to `threads` threads, this one included. */
static void run_threads(load_work *work, int threads) {
  if ((size_t)threads > work->item_count) threads = (int)work->item_count;
  load_thread helpers[SOURCES_MAX_THREADS];
  pthread_t ids[SOURCES_MAX_THREADS];
  int started = 0;
  for (; started < threads - 1; started++) { /* slot 0 is this thread's */
    helpers[started] = (load_thread){work, (size_t)started + 1};
    if (pthread_create(&ids[started], NULL, load_sources, &helpers[started]) != 0) break;
  }
  load_thread self = {work, 0};
  load_sources(&self);
  for (int i = 0; i < started; i++) pthread_join(ids[i], NULL);
}

int sources_load_watched(const config *cfg, const plugin_search_path *search, evidence_set *out,
                         int threads, watch *w, diag_list *diags) {
  return sources_load_chosen(cfg, search, out, threads, w, NULL, NULL, diags);
}

int sources_load_chosen(const config *cfg, const plugin_search_path *search, evidence_set *out,
                        int threads, watch *w, const column_choice *columns,
                        const sources_side_work *side, diag_list *diags) {
  *out = (evidence_set){0};
  size_t count = cfg->source_count;
  if (threads > SOURCES_MAX_THREADS) threads = SOURCES_MAX_THREADS;
  if (threads < 1 || watch_one_at_a_time(w)) threads = 1;
  load_work work = {calloc(count + 1, sizeof(source_job)),
                    calloc(count * (size_t)threads + 1, sizeof(load_item)), 0, 0, w,
                    cfg->source_seconds + SOURCES_STOP_GRACE_SECONDS, columns, side,
                    ATOMIC_FLAG_INIT};
  if (!work.jobs || !work.items) {
    free(work.jobs);
    free(work.items);
    diag_add(diags, cfg->path, 0, 0, "out of memory loading sources");
    return -1;
  }
  int kept = stdout_to_stderr();
  source_cache cache;
  source_cache_open(&cache, cfg, diags);
  /* a cached table holds every column: a warm run maps the file, and so never
   * reads the pages of a column no rule names */
  if (cache.dir) work.columns = NULL;
  for (size_t i = 0; i < count; i++) prepare(&work.jobs[i], cfg, &cfg->sources[i], search, &work);
  look_up_cached(work.jobs, count, cfg, &cache, threads);
  for (size_t i = 0; i < count; i++) {
    uint32_t parts = split(&work.jobs[i], cfg, &cfg->sources[i], threads, &work);
    for (uint32_t k = 0; k < parts; k++) work.items[work.item_count++] = (load_item){i, k};
  }
  run_threads(&work, threads);
  int ok = 1;
  for (size_t i = 0; i < count; i++) {
    source_job *job = &work.jobs[i];
    for (size_t d = 0; d < job->problems.count; d++) diag_copy(diags, &job->problems.items[d]);
    diags->out_of_memory |= job->problems.out_of_memory;
    if (job->table && !job->table->mapping) /* loaded now: kept for the next run */
      source_cache_entry_write(&job->cache, job->table, &job->problems, cfg, &cfg->sources[i],
                               diags);
    if (!job->table || evidence_set_add(out, job->table) != 0) ok = 0;
    watch_begin(w, 0, job->what, work.phase_limit); /* closing the plugin runs its code */
    job_free(job);
    watch_end(w, 0);
  }
  stdout_restore(kept);
  source_cache_close(&cache);
  free(work.jobs);
  free(work.items);
  return ok ? 0 : -1;
}

int sources_load(const config *cfg, const plugin_search_path *search, evidence_set *out,
                 int threads, diag_list *diags) {
  return sources_load_watched(cfg, search, out, threads, NULL, diags);
}

/* }====================================================================== */

