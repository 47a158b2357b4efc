/* engine.c: loading an assessment and running it; see engine.h. */
#include "engine.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "pack_names.h"
#include "source_columns.h"
#include "workers.h"

int engine_plugin_search_path(plugin_search_path *path, const config *cfg,
                              const char *env_plugin_path, const config_layout *layout) {
  return plugin_search_path_build(path, cfg ? cfg->plugin_paths : NULL,
                                  cfg ? cfg->plugin_path_count : 0, env_plugin_path,
                                  layout ? layout->plugin_dirs : NULL,
                                  layout ? layout->plugin_dir_count : 0);
}

/* The stage of an authority: as configured, else from its pilot dates. */
static const char *derive_stage(const config_authority *a, sx_date date) {
  if (a->stage) return a->stage;
  if (!date_is_set(a->pilot_end)) return NULL;
  long days = date_to_days(date) - date_to_days(a->pilot_end);
  if (date_is_set(a->pilot_start) && date_to_days(date) < date_to_days(a->pilot_start))
    return "pilot";
  if (days < -ENGINE_TRANSITION_DAYS) return "pilot";
  if (days <= ENGINE_TRANSITION_DAYS) return "transition";
  return "sustained";
}

/* Notes one change the config made; reason NULL means out of memory. */
static int add_customisation(engine_authority *ea, const char *kind, const char *rule,
                             const char *reason) {
  if (!reason) return -1;
  ea->customisations[ea->customisation_count++] = (plan_customisation){kind, rule, reason};
  return 0;
}

/* Applies [weights] and the authority's weight.INGREDIENT keys, noting each. */
static int resolve_weights(engine *e, engine_authority *ea, diag_list *diags) {
  const config *cfg = e->cfg;
  const config_authority *ca = ea->config;
  const rule_model *model = &e->pack.model;
  int ok = 1;
  for (size_t k = 0; k < model->ingredient_count; k++)
    ea->weights[k] = ea->stage_index >= 0 ? model->stages[ea->stage_index].weights[k] : 1.0;
  for (int own = 0; own <= 1; own++) {
    const config_weight *weights = own ? ca->weights : cfg->weights;
    size_t count = own ? ca->weight_count : cfg->weight_count;
    for (size_t w = 0; w < count; w++) {
      int index = rules_ingredient_index(model, weights[w].ingredient);
      if (index < 0) {
        diag_add(diags, cfg->path, weights[w].line, 0,
                 "%s'%s' is not an ingredient of the rule pack's model", own ? "" : "[weights]: ",
                 weights[w].ingredient);
        ok = 0;
        continue;
      }
      /* the plan's readers know the ingredient by its title */
      const char *reason = arena_printf(
          cfg->arena, "%s weighs %g instead of %g at the %s stage (%s)",
          model->ingredients[index].title, weights[w].weight, ea->weights[index], ea->stage,
          own ? "set for this authority" : "set in [weights] for every authority");
      ea->weights[index] = weights[w].weight;
      if (add_customisation(ea, "weight", NULL, reason) != 0) return -1;
    }
  }
  return ok ? 0 : -1;
}

/* The rules one authority runs: the pack's in order (its own replacement in a
 * pack rule's place), then its own additions; disabled rules stay listed so
 * the plan shows them with the stated reason. */
static int resolve_rules(engine *e, engine_authority *ea, diag_list *diags) {
  const config *cfg = e->cfg;
  const config_authority *ca = ea->config;
  const rule_pack *pack = &e->pack;
  int ok = 1;
  ea->rules = arena_alloc(cfg->arena, (pack->rule_count + 1) * sizeof(rule_definition *));
  ea->disabled = arena_alloc(cfg->arena, (pack->rule_count + 1) * sizeof(char *));
  if (!ea->rules || !ea->disabled) return -1;
  for (size_t d = 0; d < ca->disabled_count; d++) {
    int known = 0;
    for (size_t i = 0; i < pack->rule_count; i++)
      known |= strcmp(pack->rules[i].id, ca->disabled[d].key) == 0 &&
               (!pack->rules[i].authority || strcmp(pack->rules[i].authority, ca->id) == 0);
    if (!known) {
      diag_add(diags, cfg->path, ca->disabled[d].line, 0,
               "disable.%s: the rule pack has no rule '%s' (check the id in the plan or the pack)",
               ca->disabled[d].key, ca->disabled[d].key);
      ok = 0;
    }
  }
  for (int own = 0; own <= 1; own++) {
    for (size_t i = 0; i < pack->rule_count; i++) {
      const rule_definition *rule = &pack->rules[i];
      const char *kind = NULL, *reason = NULL;
      if (!own) {
        if (rule->authority) continue;
        for (size_t j = 0; j < pack->rule_count; j++) {
          const rule_definition *mine = &pack->rules[j];
          if (mine->replaces == (int)i && strcmp(mine->authority, ca->id) == 0) {
            rule = mine;
            kind = "replaced_rule";
            reason = arena_printf(cfg->arena, "replaced by this authority's rule at %s:%d",
                                  mine->file, mine->line);
          }
        }
      } else {
        if (!rule->authority || strcmp(rule->authority, ca->id) != 0 || rule->replaces >= 0)
          continue;
        kind = "added_rule";
        reason = arena_printf(cfg->arena, "this authority's own rule, at %s:%d", rule->file,
                              rule->line);
      }
      if (kind && add_customisation(ea, kind, rule->id, reason) != 0) return -1;
      const char *disabled = NULL;
      for (size_t d = 0; d < ca->disabled_count; d++)
        if (strcmp(ca->disabled[d].key, rule->id) == 0) disabled = ca->disabled[d].value;
      if (disabled && add_customisation(ea, "disabled_rule", rule->id, disabled) != 0)
        return -1;
      ea->disabled[ea->rule_count] = disabled;
      ea->rules[ea->rule_count++] = rule;
    }
  }
  return ok ? 0 : -1;
}

/* Stages, weights and rules per authority, checked against the model. */
static int resolve_authorities(engine *e, diag_list *diags) {
  const config *cfg = e->cfg;
  const rule_model *model = &e->pack.model;
  size_t n = model->ingredient_count;
  int ok = 1;
  e->authorities = arena_alloc(cfg->arena, (cfg->authority_count + 1) * sizeof(engine_authority));
  if (!e->authorities) return -1;
  for (size_t i = 0; i < cfg->authority_count; i++) {
    const config_authority *ca = &cfg->authorities[i];
    engine_authority *ea = &e->authorities[e->authority_count++];
    *ea = (engine_authority){.config = ca, .stage_index = -1,
                             .rules_digest = rules_digest(&e->pack, ca->id)};
    ea->stage = derive_stage(ca, cfg->date);
    if (!ea->stage) {
      diag_add(diags, cfg->path, ca->line, 0,
               "[authority %s] has no stage: add `stage = ...` or the pilot's `pilot_end = "
               "YYYY-MM-DD`", ca->id);
      ok = 0;
      continue;
    }
    if (model->stage_count) {
      ea->stage_index = rules_stage_index(model, ea->stage);
      if (ea->stage_index < 0) {
        char *stages = arena_strdup(cfg->arena, "");
        for (size_t s = 0; s < model->stage_count && stages; s++)
          stages = arena_printf(cfg->arena, "%s%s%s", stages, s ? ", " : "", model->stages[s].name);
        diag_add(diags, cfg->path, ca->stage ? ca->stage_line : ca->line, 0,
                 "[authority %s]: stage '%s' is not a stage of the rule pack's model (%s)", ca->id,
                 ea->stage, stages ? stages : "");
        ok = 0;
        continue;
      }
    }
    size_t changes = cfg->weight_count + ca->weight_count + 2 * e->pack.rule_count;
    ea->weights = arena_alloc(cfg->arena, (n + 1) * sizeof(double));
    ea->customisations = arena_alloc(cfg->arena, (changes + 1) * sizeof(plan_customisation));
    if (!ea->weights || !ea->customisations) return -1;
    /* both run, so one run reports every problem */
    int weights_ok = resolve_weights(e, ea, diags) == 0;
    int rules_ok = resolve_rules(e, ea, diags) == 0;
    ok &= weights_ok && rules_ok;
  }
  return ok ? 0 : -1;
}

/* Before a rule file's top-level code runs: under the wall clock of [limits] seconds
 * (watch.h) on the slot of the thread that loads the pack, or reported when an earlier
 * attempt failed in it. */
static int rule_file_starting(void *context, const char *file, diag_list *diags) {
  engine *e = context;
  return watch_rule_file_starting(e->watch, e->pack_slot, file, e->cfg->seconds, diags);
}

static void rule_file_done(void *context) {
  engine *e = context;
  watch_end(e->watch, e->pack_slot);
}

/* The sandbox, the pack and each authority's own rule files: what needs no source,
 * and so may load while the sources do (load). Uses nothing the sources' threads
 * touch: the pack has its arena, and the config is only read. Returns 0, or -1 when
 * the sandbox could not be made; *ok is cleared when a rule file has a problem. */
static int open_pack(engine *e, int *ok, diag_list *diags) {
  config *cfg = e->cfg;
  if (sandbox_open(&e->sb, (size_t)cfg->memory_mb * 1024 * 1024, cfg->instructions) != 0) {
    diag_add(diags, NULL, 0, 0, "out of memory creating the Lua state");
    return -1;
  }
  e->sandbox_open = 1;
  e->sb.host = &e->host;
  e->sb.debug.write = e->extras.debug;
  e->sb.debug.context = e->extras.debug_context;
  if (e->watch) {
    e->host.file_starting = rule_file_starting;
    e->host.file_done = rule_file_done;
    e->host.file_context = e;
  }
  e->sb.depth_limit = cfg->depth;
  *ok = rules_load(&e->pack, &e->sb, cfg->rules, cfg->rule_count, diags) == 0;
  e->pack_loaded = 1;
  if (!e->pack.model.declared) return 0; /* open_runner says so */
  for (size_t i = 0; i < cfg->authority_count; i++) {
    const config_authority *ca = &cfg->authorities[i];
    if (ca->rule_count)
      *ok &= rules_load_for_authority(&e->pack, &e->sb, ca->id, ca->rules, ca->rule_count,
                                      diags) == 0;
  }
  return 0;
}

/* After the pack and the sources: each authority's rules, stages and weights, and the
 * runner. ok says whether the pack loaded without a problem. */
static int open_runner(engine *e, int ok, diag_list *diags) {
  config *cfg = e->cfg;
  if (!e->pack.model.declared) return -1;
  ok &= resolve_authorities(e, diags) == 0;
  runner_limits limits = {cfg->label_bytes, cfg->text_bytes, cfg->evidence_items, cfg->actions};
  ok &= runner_open(&e->runner, &e->sb, &e->host, &e->pack, &e->sources, cfg->suppress_below,
                    limits, e->extras.checks, diags) == 0;
  e->runner_open = 1;
  return ok ? 0 : -1;
}

/* Everything after the sources: open_pack, then open_runner. */
static int prepare(engine *e, diag_list *diags) {
  int ok = 1;
  e->pack_slot = 0;
  if (open_pack(e, &ok, diags) != 0) return -1;
  return open_runner(e, ok, diags);
}

/* The columns to store: NULL (every one) when the pack's names cannot all be known. */
static column_choice *choose_columns(const config *cfg) {
  pack_names names;
  if (pack_names_collect(cfg, &names) != 0) return NULL;
  column_choice *choice = malloc(sizeof *choice);
  if (choice && column_choice_build(choice, cfg, (const char *const *)names.names,
                                    names.count) != 0) {
    free(choice);
    choice = NULL;
  }
  pack_names_free(&names);
  return choice;
}

static size_t skipped_columns(const evidence_set *sources) {
  size_t skipped = 0;
  for (size_t t = 0; t < sources->count; t++)
    for (size_t c = 0; c < sources->tables[t]->column_count; c++)
      skipped += sources->tables[t]->columns[c].skipped != 0;
  return skipped;
}

static void drop_columns(engine *e) {
  if (e->columns) column_choice_free(e->columns);
  free(e->columns);
  e->columns = NULL;
}

/* Appends what `said` holds to diags, only its errors when warnings_given. */
static void pass_on(diag_list *diags, diag_list *said, int warnings_given) {
  for (size_t i = 0; i < said->count; i++)
    if (!warnings_given || !said->items[i].warning) diag_copy(diags, &said->items[i]);
  diags->out_of_memory |= said->out_of_memory;
  diag_list_clear(said);
}

/* The pack as it loads beside the sources: its problems are kept apart, to be
 * reported after the sources', where they would come loaded one after the other. */
typedef struct pack_beside {
  engine *e;
  int ran, status, ok;
  diag_list diags;
} pack_beside;

static void load_pack_beside(void *context, size_t slot) {
  pack_beside *beside = context;
  beside->ran = 1;
  beside->e->pack_slot = slot;
  beside->status = open_pack(beside->e, &beside->ok, &beside->diags);
}

/* The sources, with the columns e->columns chooses, and the pack on them: what
 * engine_open loads after the config, every problem in diags. Returns 0 or -1. */
static int load(engine *e, int threads, diag_list *diags) {
  pack_beside beside = {e, 0, 0, 1, {0}};
  sources_side_work side = {load_pack_beside, &beside};
  int sources_ok = sources_load_chosen(e->cfg, &e->search, &e->sources, threads, e->watch,
                                       e->columns, &side, diags) == 0;
  if (!beside.ran) load_pack_beside(&beside, 0);
  e->pack_slot = 0; /* from now on the pack runs on this thread */
  e->columns_skipped = skipped_columns(&e->sources);
  /* a source several authorities read must say whose each row is, or that it is shared */
  int columns_ok = source_columns_check(e->cfg, &e->sources, diags) == 0;
  pass_on(diags, &beside.diags, 0);
  int prepared = beside.status == 0 && open_runner(e, beside.ok, diags) == 0;
  return sources_ok && columns_ok && prepared ? 0 : -1;
}

/* After a rule or a check asked for a column that was left out: the pack closed, and
 * the sources and the pack loaded again with every column, as load does. */
static int load_every_column(engine *e, int threads, diag_list *diags) {
  if (e->runner_open) runner_close(&e->runner);
  if (e->sandbox_open) sandbox_close(&e->sb);
  if (e->pack_loaded) rules_free(&e->pack);
  e->runner_open = e->sandbox_open = e->pack_loaded = 0;
  e->host = (rule_host){0};
  e->authorities = NULL;
  e->authority_count = 0;
  evidence_set_free(&e->sources);
  drop_columns(e);
  e->columns_reloaded = 1;
  return load(e, threads, diags);
}


int engine_open(engine *e, const engine_options *options, diag_list *diags) {
  *e = (engine){0};
  if (config_load(options->config_path, options->layout, &e->cfg, diags) != 0) return -1;
  config *cfg = e->cfg;
  if (date_is_set(options->date)) cfg->date = options->date;
  if (options->cache != ENGINE_CACHE_AS_CONFIGURED) cfg->cache = options->cache == ENGINE_CACHE_ON;
  if (engine_plugin_search_path(&e->search, cfg, options->env_plugin_path, options->layout) !=
      0) {
    diag_add(diags, NULL, 0, 0, "out of memory");
    return -1;
  }
  int threads = options->jobs > 0 ? options->jobs : 1;
  e->watch = options->watch;
  e->extras = (engine_extras){options->debug, options->debug_context, RUNNER_CHECKS_ALL};
  if (options->only_read_columns && !options->debug) e->columns = choose_columns(cfg);
  diag_list said = {0};
  int status = load(e, threads, &said);
  if (e->columns && column_choice_missed(e->columns)) { /* a check named a column left out */
    diag_list_clear(&said); /* what this load said, the next says again, of every column */
    status = load_every_column(e, threads, &said);
  }
  pass_on(diags, &said, 0);
  return status;
}

int engine_open_parts(engine *e, config *cfg, evidence_set sources,
                      const engine_extras *extras, diag_list *diags) {
  *e = (engine){0};
  e->cfg = cfg;
  e->sources = sources;
  if (extras) e->extras = *extras;
  return prepare(e, diags);
}

/* A rule that hit the memory limit may keep that memory in the pack's state (a
 * file-level table), so the next authority starts from a freshly loaded pack.
 * The old pack's strings stay alive: the plan made so far points at them. */
static int refresh(engine *e, diag_list *diags) {
  if (GROW(&e->retired, &e->retired_capacity, e->retired_count + 1) != 0) return -1;
  e->retired[e->retired_count++] = e->pack.arena;
  e->pack.arena = NULL;
  runner_close(&e->runner);
  sandbox_close(&e->sb);
  rules_free(&e->pack);
  e->runner_open = e->sandbox_open = e->pack_loaded = 0;
  e->host = (rule_host){0};
  e->authorities = NULL;
  e->authority_count = 0;
  return prepare(e, diags);
}

static runner_authority runner_authority_of(const engine_authority *ea, const char *date) {
  return (runner_authority){.config = ea->config,
                            .stage = ea->stage,
                            .stage_index = ea->stage_index,
                            .date = date,
                            .weights = ea->weights,
                            .rules = ea->rules,
                            .disabled = ea->disabled,
                            .rule_count = ea->rule_count,
                            .customisations = ea->customisations,
                            .customisation_count = ea->customisation_count,
                            .rules_digest = ea->rules_digest};
}

static int assess(engine *e, const engine_options *options, plan **out, diag_list *diags);

static int wanted(const engine_options *options, const char *id) {
  if (options->authority_count == 0) return 1;
  for (size_t i = 0; i < options->authority_count; i++)
    if (strcmp(options->authorities[i], id) == 0) return 1;
  return 0;
}

int engine_assess(engine *e, const engine_options *options, plan **out, diag_list *diags) {
  int status = assess(e, options, out, diags);
  if (status != 0 || !e->columns || !column_choice_missed(e->columns)) return status;
  plan_free(*out);
  *out = NULL;
  diag_list said = {0}; /* its warnings, the first load gave */
  status = load_every_column(e, options->jobs > 0 ? options->jobs : 1, &said);
  pass_on(diags, &said, 1);
  return status == 0 ? assess(e, options, out, diags) : -1;
}

/* engine_assess on the sources as loaded. */
static int assess(engine *e, const engine_options *options, plan **out, diag_list *diags) {
  *out = NULL;
  for (size_t i = 0; i < options->authority_count; i++) {
    int known = 0;
    for (size_t k = 0; k < e->authority_count; k++)
      known |= strcmp(e->authorities[k].config->id, options->authorities[i]) == 0;
    if (!known) {
      char message[1024];
      diag_add(diags, e->cfg->path, 0, 0, "--authority %s: %s", options->authorities[i],
               config_unknown_authority(e->cfg, options->authorities[i], message, sizeof message));
      return -1;
    }
  }
  arena *a = arena_new();
  plan *p = a ? arena_alloc(a, sizeof(plan)) : NULL;
  if (!p) {
    arena_free(a);
    diag_add(diags, NULL, 0, 0, "out of memory");
    return -1;
  }
  char date[11];
  date_format(e->cfg->date, date);
  p->arena = a;
  p->name = e->cfg->name;
  p->date = arena_strdup(a, date);
  p->explain = options->explain;
  p->audience = options->audience_given ? options->audience : e->cfg->audience;
  p->bands = e->pack.model.bands;
  p->band_count = e->pack.model.band_count;
  p->authorities = arena_alloc(a, (e->authority_count + 1) * sizeof(plan_authority));
  if (!p->date || !p->authorities) goto out_of_memory;
  e->runner.error_capacity = 0;
  runner_authority *who = arena_alloc(a, (e->authority_count + 1) * sizeof *who);
  size_t *chosen = arena_alloc(a, (e->authority_count + 1) * sizeof *chosen);
  if (!who || !chosen) goto out_of_memory;
  size_t count = 0;
  for (size_t i = 0; i < e->authority_count; i++) {
    if (!wanted(options, e->authorities[i].config->id)) continue;
    chosen[count] = i;
    who[count++] = runner_authority_of(&e->authorities[i], p->date);
  }
  if (options->jobs > 0) {
    workers_job job = {&e->runner,       who,
                       count,            options->jobs,
                       e->cfg->seconds,  options->progress,
                       options->progress_context};
    if (workers_assess(&job, p, diags) != 0) {
      plan_free(p);
      return -1;
    }
  } else {
    for (size_t i = 0; i < count; i++) {
      if (e->sb.spoiled) {
        if (refresh(e, diags) != 0) {
          plan_free(p);
          diag_add(diags, NULL, 0, 0, "the rule pack could not be loaded again after a rule "
                                      "ran out of memory");
          return -1;
        }
        e->runner.error_capacity = p->error_count; /* the plan's error list is full to here */
      }
      who[i] = runner_authority_of(&e->authorities[chosen[i]], p->date);
      if (runner_assess(&e->runner, &who[i], p, &p->authorities[p->authority_count++]) != 0)
        goto out_of_memory;
      if (options->progress) options->progress(options->progress_context, i + 1, count);
    }
    /* leave the engine as clean as it started, for whoever assesses next */
    if (e->sb.spoiled && refresh(e, diags) != 0) goto out_of_memory;
  }
  *out = p;
  return 0;
out_of_memory:
  plan_free(p);
  diag_add(diags, NULL, 0, 0, "out of memory while assessing");
  return -1;
}

/* What the listing of the data checks' rows carries from one authority to the next. */
typedef struct check_listing {
  engine_check_rows_fn each;
  void *context;
  const config_authority *authority; /* in hand */
  diag_list *diags;
  int failed; /* a check failed, or could not finish */
} check_listing;

static int listing_each(void *context, const check_definition *check,
                        const evidence_table *table, const uint32_t *rows, size_t count) {
  check_listing *l = context;
  return l->each(l->context, l->authority, check, table, rows, count);
}

/* A check that could not pick its rows: reported, and the listing goes on. */
static int listing_failed(void *context, const check_definition *check, const char *file,
                          int line, const char *message) {
  check_listing *l = context;
  (void)check; /* the message names it */
  diag_add(l->diags, file, line, 0, "%s (authority %s)", message, l->authority->id);
  l->failed = 1;
  return 0;
}

/* Reports why an earlier attempt stopped in an authority's data checks. */
static void report_listing_stopped(const engine *e, const config_authority *ca,
                                   const watch_failure *failure, diag_list *diags) {
  char how[128];
  watch_failure_text(failure, how, sizeof how);
  if (failure->outcome == WATCH_TIMED_OUT)
    diag_add(diags, e->cfg->path, ca->line, 0,
             "[authority %s]: its data checks did not finish within %g s (a where function too "
             "slow even for the instruction count to notice, such as a pattern match that "
             "backtracks); raise [limits] seconds if they really need more",
             ca->id, e->cfg->seconds);
  else
    diag_add(diags, e->cfg->path, ca->line, 0,
             "[authority %s]: sustain stopped while its data checks ran (%s); this is a fault "
             "in sustain: please report it, with this config",
             ca->id, how);
}

/* One authority's checks, as a phase of the watch under [limits] seconds: where
 * functions run there, and one slow library call escapes the instruction count. */
static int list_authority(engine *e, const engine_authority *ea, const char *date,
                          check_listing *l, arena *a) {
  char what[WATCH_WHAT_SIZE];
  snprintf(what, sizeof what, "data checks of authority %s", ea->config->id);
  watch_failure failure;
  if (watch_failed_before(e->watch, what, &failure)) {
    report_listing_stopped(e, ea->config, &failure, l->diags);
    l->failed = 1;
    return 0;
  }
  runner_authority who = runner_authority_of(ea, date);
  runner_check_listing listing = {listing_each, listing_failed, l, a};
  watch_begin(e->watch, 0, what, e->cfg->seconds);
  int status = runner_list_checks(&e->runner, &who, &listing);
  watch_end(e->watch, 0);
  return status;
}

int engine_list_checks(engine *e, engine_check_rows_fn each, void *context, diag_list *diags) {
  arena *a = arena_new();
  char date[11];
  date_format(e->cfg->date, date);
  check_listing l = {each, context, NULL, diags, 0};
  int status = a ? 0 : -1;
  for (size_t i = 0; status == 0 && i < e->authority_count; i++) {
    l.authority = e->authorities[i].config;
    status = list_authority(e, &e->authorities[i], date, &l, a);
  }
  arena_free(a);
  if (status != 0)
    diag_add(diags, NULL, 0, 0, "out of memory while listing the rows of the data checks");
  return status == 0 && !l.failed ? 0 : -1;
}

void engine_close(engine *e) {
  if (e->runner_open) runner_close(&e->runner);
  if (e->sandbox_open) sandbox_close(&e->sb); /* views point into the sources: close Lua first */
  if (e->pack_loaded) rules_free(&e->pack);
  evidence_set_free(&e->sources);
  drop_columns(e);
  plugin_search_path_free(&e->search);
  for (size_t i = 0; i < e->retired_count; i++) arena_free(e->retired[i]);
  free(e->retired);
  config_free(e->cfg);
  *e = (engine){0};
}
