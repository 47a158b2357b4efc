/* history_pack.h: what `sustain history --format html` shows beyond what the history holds:
 * the rule pack's band thresholds and ingredient titles, from the config's pack loaded in a
 * sandbox (no data, no plugins), and each authority's pilot end from the config. */
#ifndef SUSTAIN_HISTORY_PACK_H
#define SUSTAIN_HISTORY_PACK_H

#include "config.h"
#include "diag.h"
#include "history_trajectory.h"
#include "rules.h"
#include "sandbox.h"
#include "watch.h"

typedef struct history_pack {
  sandbox sb;
  rule_host host;
  rule_pack pack;
  watch *watch; /* each rule file's top-level code is a phase under [limits] seconds */
  double seconds;
  int sandbox_open, pack_loaded;
} history_pack;

/* Loads cfg's pack into hp, each file's top-level code a phase of w (NULL: none). Returns 0,
 * or -1 with the problems in diags. history_pack_close must be called either way. */
int history_pack_load(history_pack *hp, const config *cfg, watch *w, diag_list *diags);

/* Gives r the pack's bands and titles (hp NULL: none) and each trajectory its pilot end from
 * cfg, in r's arena, so they live as long as r. Returns 0, or -1 when out of memory. */
int history_pack_fill(const history_pack *hp, const config *cfg, history_report *r);

void history_pack_close(history_pack *hp);

#endif
