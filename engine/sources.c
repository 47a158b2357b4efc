/* sources.c: from [source] sections through plugins to evidence tables; see sources.h. */
#include "sources.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "table_builder.h"

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
};

/* ** {======================================================================
** Host functions handed to plugins
** ======================================================================= */

static const char *host_option(sustain_source *s, const char *name) {
  if (!name) return NULL;
  for (size_t i = 0; s->plugin->options[i].name; i++)
    if (strcmp(s->plugin->options[i].name, name) == 0) return s->values[i];
  return NULL;
}

static void host_error(sustain_source *s, const char *file, long line, long column,
                       const char *message) {
  s->failed = 1;
  const char *what = message ? message : "the plugin reported an error without a message";
  if (file)
    diag_add(s->diags, file, line, column, "%s", what);
  else
    diag_add(s->diags, s->cfg->path, s->config->line, 0, "source %s (plugin %s, %s): %s",
             s->config->name, s->plugin->name, s->plugin_path, what);
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

static int host_add_column(sustain_source *s, const char *name, size_t length,
                           sustain_column_type type) {
  HOST_GUARD(s);
  char error[TABLE_BUILDER_ERROR_SIZE];
  if (!name) return builder_failed(s, 0, "a column was declared without a name");
  return table_builder_add_column(&s->builder, name, length, type, error) ? builder_failed(s, 0, error)
                                                                          : 0;
}

static int host_append_text(sustain_source *s, const char *text, size_t length) {
  HOST_GUARD(s);
  char error[TABLE_BUILDER_ERROR_SIZE];
  if (!text && length) return builder_failed(s, 0, "a text cell was given as NULL");
  return table_builder_append_text(&s->builder, text ? text : "", length, error)
             ? builder_failed(s, 0, error)
             : 0;
}

static int host_append_number(sustain_source *s, double value) {
  HOST_GUARD(s);
  char error[TABLE_BUILDER_ERROR_SIZE];
  return table_builder_append_number(&s->builder, value, error) ? builder_failed(s, 0, error) : 0;
}

static int host_append_missing(sustain_source *s) {
  HOST_GUARD(s);
  char error[TABLE_BUILDER_ERROR_SIZE];
  return table_builder_append_missing(&s->builder, error) ? builder_failed(s, 0, error) : 0;
}

static int host_end_row(sustain_source *s, long line) {
  HOST_GUARD(s);
  char error[TABLE_BUILDER_ERROR_SIZE];
  return table_builder_end_row(&s->builder, error) ? builder_failed(s, line, error) : 0;
}

static int host_append_rows(sustain_source *s, const sustain_cell *cells, size_t row_count,
                            const long *lines) {
  HOST_GUARD(s);
  char error[TABLE_BUILDER_ERROR_SIZE];
  if (!cells && row_count) return builder_failed(s, 0, "rows were given as NULL");
  if (table_builder_append_rows(&s->builder, cells, row_count, error) == 0) return 0;
  return builder_failed(s, lines && row_count ? lines[s->builder.failed_row] : 0, error);
}

static int host_append_cells(sustain_source *s, const sustain_cell *cells, size_t cell_count,
                             size_t row_count, const long *lines) {
  HOST_GUARD(s);
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
    .append_cells = host_append_cells,
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

/* Readies a source handle: the plugin's options resolved, an empty builder. */
static int source_init(sustain_source *s, const config *cfg, const config_source *src,
                       const loaded_plugin *plugin, const char **values, diag_list *diags) {
  *s = (sustain_source){.cfg = cfg,
                        .config = src,
                        .plugin = plugin->descriptor,
                        .plugin_path = plugin->path,
                        .values = values,
                        .diags = diags};
  if (table_builder_init(&s->builder, src->name, src->authority_column) != 0) {
    diag_add(diags, cfg->path, src->line, 0, "out of memory loading source %s", src->name);
    return -1;
  }
  table_builder_set_limits(&s->builder, source_limits(cfg), 1);
  return 0;
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
  s->failed = 0;
  int status = s->plugin->load(&host_functions, s);
  if (status != 0 && !s->failed)
    host_error(s, NULL, 0, 0, "loading failed, and the plugin gave no reason");
  return status == 0 && !s->failed ? finish_source(s) : NULL;
}

static evidence_table *load_one(const config *cfg, const config_source *src,
                                const loaded_plugin *plugin, diag_list *diags) {
  const char **values = new_values(cfg, src, plugin, diags);
  sustain_source s;
  if (!values || source_init(&s, cfg, src, plugin, values, diags) != 0) {
    free(values);
    return NULL;
  }
  evidence_table *table = resolve_options(&s) == 0 ? load_whole(&s) : NULL;
  table_builder_free(&s.builder);
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

evidence_table *sources_load_one(const config *cfg, const config_source *src,
                                 const plugin_search_path *search, diag_list *diags) {
  loaded_plugin plugin;
  if (open_plugin(cfg, src, search, &plugin, diags) != 0) return NULL;
  evidence_table *table = load_one(cfg, src, &plugin, diags);
  plugin_close(&plugin);
  return table;
}

int sources_add(source_set *set, evidence_table *table) {
  evidence_table **tables = realloc(set->tables, (set->count + 1) * sizeof *tables);
  if (!tables) {
    evidence_table_free(table);
    return -1;
  }
  set->tables = tables;
  set->tables[set->count++] = table;
  return 0;
}

/* ** {======================================================================
** Loading every source, large ones in parts, on several threads
** ======================================================================= */

/* One [source] of the config while the threads load it. A source whose plugin
 * can split it is read in parts, each into a builder of its own; the thread
 * that finishes the last part joins them, or, when a part failed, loads the
 * source whole so that its messages are the ones a single reader gives. */
typedef struct source_job {
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
} load_work;

/* Joins the parts of a source into its first part's builder and finishes it;
 * when any part failed, loads the source whole instead. */
static evidence_table *assemble(source_job *job) {
  int ok = 1;
  for (uint32_t k = 0; k < job->parts && ok; k++)
    ok = job->part_status[k] == 0 && !job->pieces[k].failed;
  char error[TABLE_BUILDER_ERROR_SIZE];
  for (uint32_t k = 1; k < job->parts && ok; k++) {
    ok = table_builder_join(&job->pieces[0].builder, &job->pieces[k].builder, error) == 0;
    table_builder_free(&job->pieces[k].builder);
  }
  if (ok) {
    job->pieces[0].diags = &job->problems;
    return finish_source(&job->pieces[0]);
  }
  return load_whole(&job->whole);
}

static void load_item_run(source_job *job, uint32_t part) {
  if (job->parts == 1) {
    job->table = load_whole(&job->whole);
    return;
  }
  sustain_source *piece = &job->pieces[part];
  job->part_status[part] =
      job->whole.plugin->load_part(&host_functions, piece, part, job->parts);
  if (atomic_fetch_sub(&job->parts_left, 1) == 1) job->table = assemble(job);
}

static void *load_sources(void *context) {
  load_work *work = context;
  for (size_t i; (i = atomic_fetch_add(&work->next, 1)) < work->item_count;)
    load_item_run(&work->jobs[work->items[i].source], work->items[i].part);
  return NULL;
}

/* Opens the source's plugin, resolves its options and, with threads to spare,
 * asks the plugin into how many parts to split it. Returns the parts to load
 * (0 when the source cannot be loaded: the problems say why). */
static uint32_t prepare(source_job *job, const config *cfg, const config_source *src,
                        const plugin_search_path *search, int threads) {
  if (open_plugin(cfg, src, search, &job->plugin, &job->problems) != 0) return 0;
  job->values = new_values(cfg, src, &job->plugin, &job->problems);
  if (!job->values ||
      source_init(&job->whole, cfg, src, &job->plugin, job->values, &job->problems) != 0)
    return 0;
  if (resolve_options(&job->whole) != 0) return 0;
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
    if (source_init(&job->pieces[k], cfg, src, &job->plugin, job->values, &job->scratch[k]) != 0) {
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

static void job_free(source_job *job) {
  for (uint32_t k = 0; job->pieces && k < job->parts; k++) {
    table_builder_free(&job->pieces[k].builder);
    diag_list_clear(&job->scratch[k]);
  }
  free(job->pieces);
  free(job->scratch);
  free(job->part_status);
  table_builder_free(&job->whole.builder); /* a zeroed builder frees nothing */
  free(job->values);
  if (job->plugin.handle) plugin_close(&job->plugin);
  diag_list_clear(&job->problems);
}

int sources_load(const config *cfg, const plugin_search_path *search, source_set *out,
                 int threads, diag_list *diags) {
  *out = (source_set){0};
  size_t count = cfg->source_count;
  if (threads > SOURCES_MAX_THREADS) threads = SOURCES_MAX_THREADS;
  if (threads < 1) threads = 1;
  load_work work = {calloc(count + 1, sizeof(source_job)),
                    calloc(count * (size_t)threads + 1, sizeof(load_item)), 0, 0};
  if (!work.jobs || !work.items) {
    free(work.jobs);
    free(work.items);
    diag_add(diags, cfg->path, 0, 0, "out of memory loading sources");
    return -1;
  }
  for (size_t i = 0; i < count; i++) {
    uint32_t parts = prepare(&work.jobs[i], cfg, &cfg->sources[i], search, threads);
    for (uint32_t k = 0; k < parts; k++) work.items[work.item_count++] = (load_item){i, k};
  }
  if ((size_t)threads > work.item_count) threads = (int)work.item_count;
  pthread_t helpers[SOURCES_MAX_THREADS];
  int started = 0;
  for (; started < threads - 1; started++) /* this thread loads too */
    if (pthread_create(&helpers[started], NULL, load_sources, &work) != 0) break;
  load_sources(&work);
  for (int i = 0; i < started; i++) pthread_join(helpers[i], NULL);
  int ok = 1;
  for (size_t i = 0; i < count; i++) {
    source_job *job = &work.jobs[i];
    for (size_t d = 0; d < job->problems.count; d++) {
      const diag *p = &job->problems.items[d];
      diag_add(diags, p->file, p->line, p->column, "%s", p->message);
    }
    diags->out_of_memory |= job->problems.out_of_memory;
    if (!job->table || sources_add(out, job->table) != 0) ok = 0;
    job_free(job);
  }
  free(work.jobs);
  free(work.items);
  return ok ? 0 : -1;
}

/* }====================================================================== */

const evidence_table *sources_find(const source_set *set, const char *name) {
  for (size_t i = 0; i < set->count; i++)
    if (strcmp(set->tables[i]->name, name) == 0) return set->tables[i];
  return NULL;
}

void sources_free(source_set *set) {
  for (size_t i = 0; i < set->count; i++) evidence_table_free(set->tables[i]);
  free(set->tables);
  *set = (source_set){0};
}
