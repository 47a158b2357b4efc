/* history_pack.c: the rule pack's bands and titles, and the config's pilot ends, for
 * `sustain history`'s HTML page; see history_pack.h. */
#include "history_pack.h"

#include <string.h>

/* Each rule file's top-level code under the wall clock, as `sustain run` loads it; a file
 * that overran or crashed an earlier attempt is skipped with the reason (watch.h). */
static int file_starting(void *context, const char *file, diag_list *diags) {
  history_pack *hp = context;
  return watch_rule_file_starting(hp->watch, 0, file, hp->seconds, diags);
}

static void file_done(void *context) {
  history_pack *hp = context;
  watch_end(hp->watch, 0);
}

int history_pack_load(history_pack *hp, const config *cfg, watch *w, diag_list *diags) {
  *hp = (history_pack){.watch = w, .seconds = cfg->seconds};
  if (sandbox_open(&hp->sb, (size_t)cfg->memory_mb * 1024 * 1024, cfg->instructions) != 0) {
    diag_add(diags, NULL, 0, 0, "out of memory creating the Lua state");
    return -1;
  }
  hp->sandbox_open = 1;
  hp->sb.host = &hp->host;
  hp->sb.depth_limit = cfg->depth;
  if (w) {
    hp->host.file_starting = file_starting;
    hp->host.file_done = file_done;
    hp->host.file_context = hp;
  }
  int ok = rules_load(&hp->pack, &hp->sb, cfg->rules, cfg->rule_count, diags) == 0;
  hp->pack_loaded = 1;
  return ok && hp->pack.model.declared ? 0 : -1;
}

static int fill_pilot_ends(const config *cfg, history_report *r) {
  for (size_t i = 0; i < r->authority_count; i++) {
    history_trajectory *t = &r->authorities[i];
    for (size_t k = 0; k < cfg->authority_count; k++) {
      const config_authority *ca = &cfg->authorities[k];
      if (strcmp(ca->id, t->authority) != 0 || !date_is_set(ca->pilot_end)) continue;
      char date[11];
      date_format(ca->pilot_end, date);
      if (!(t->pilot_end = arena_strdup(r->arena, date))) return -1;
    }
  }
  return 0;
}

int history_pack_fill(const history_pack *hp, const config *cfg, history_report *r) {
  if (fill_pilot_ends(cfg, r) != 0) return -1;
  if (!hp || !hp->pack.model.declared) return 0;
  const rule_model *m = &hp->pack.model;
  plan_band *bands = arena_alloc(r->arena, (m->band_count + 1) * sizeof *bands);
  history_title *titles = arena_alloc(r->arena, (m->ingredient_count + 1) * sizeof *titles);
  if (!bands || !titles) return -1;
  for (size_t b = 0; b < m->band_count; b++) {
    bands[b].min = m->bands[b].min;
    bands[b].label = arena_strdup(r->arena, m->bands[b].label);
    if (m->bands[b].label && !bands[b].label) return -1;
  }
  for (size_t i = 0; i < m->ingredient_count; i++) {
    titles[i].id = arena_strdup(r->arena, m->ingredients[i].id);
    titles[i].title = arena_strdup(r->arena, m->ingredients[i].title);
    if (!titles[i].id) return -1;
  }
  r->bands = bands;
  r->band_count = m->band_count;
  r->titles = titles;
  r->title_count = m->ingredient_count;
  return 0;
}

void history_pack_close(history_pack *hp) {
  if (hp->sandbox_open) sandbox_close(&hp->sb); /* as the engine does: the state first */
  if (hp->pack_loaded) rules_free(&hp->pack);
  hp->pack_loaded = hp->sandbox_open = 0;
}
