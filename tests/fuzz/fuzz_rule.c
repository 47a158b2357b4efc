/* fuzz_rule.c: rule loading and evaluation. The bytes are one rule file of a
 * pack beside a fixed model and a small CSV table (read by the real csv
 * plugin); the assessment runs in this process with small limits, so every
 * rule API function, view and filter is reached from fuzzed Lua. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine.h"
#include "layout.h"
#include "fuzz.h"

static const char model_lua[] =
    "model { ingredients = { 'voice', 'lead' },\n"
    "  stages = { pilot = { voice = 2 }, transition = { lead = 3 } },\n"
    "  bands = { {min = 60, label = 'good'}, {min = 0, label = 'weak'} } }\n";

static const char people_csv[] =
    "la,child,changed,age,since\n"
    "north,1,yes,19,2020-01-01\nnorth,2,yes,20,2021-03-04\nnorth,3,no,21,\n"
    "north,4,yes,19,2019-12-31\nnorth,5,no,,2022-02-02\nsouth,6,no,19,2020-05-05\n";

static const char config_ini[] =
    "[assessment]\nname = Fuzz\ndate = 2024-03-31\nrules = rules\nsuppress_below = 3\n\n"
    "[source people]\nplugin = csv\npath = people.csv\nauthority_column = la\n\n"
    "[authority north]\nname = North\nstage = transition\nbudget = yes\nareas = 4\n\n"
    "[authority south]\nstage = pilot\n\n"
    "[limits]\ninstructions = 200000\nmemory_mb = 8\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static int prepared;
  static config_layout layout; /* finds the csv plugin through the build tree */
  static layout_paths shipped_paths;
  const char *dir = fuzz_work_dir();
  if (!dir) return 0;
  if (!prepared) {
    char rules[256];
    snprintf(rules, sizeof rules, "%s/rules", dir);
    mkdir(rules, 0755);
    fuzz_write(dir, "rules/model.lua", model_lua, strlen(model_lua));
    fuzz_write(dir, "people.csv", people_csv, strlen(people_csv));
    fuzz_write(dir, "assessment.ini", config_ini, strlen(config_ini));
    layout_of_program(&layout, &shipped_paths);
    prepared = 1;
  }
  if (fuzz_write(dir, "rules/fuzz.lua", data, size) != 0) return 0;
  char path[256];
  snprintf(path, sizeof path, "%s/assessment.ini", dir);
  engine_options options = {.config_path = path, .layout = &layout, .explain = 1};
  engine e;
  diag_list diags = {0};
  plan *p = NULL;
  if (engine_open(&e, &options, &diags) == 0 && engine_assess(&e, &options, &p, &diags) == 0) {
    for (size_t i = 0; i < p->error_count; i++)
      if (!p->errors[i].message || !p->errors[i].file) abort(); /* every failure located */
    plan_free(p);
  }
  engine_close(&e);
  for (size_t i = 0; i < diags.count; i++)
    if (!diags.items[i].message) abort();
  diag_list_clear(&diags);
  return 0;
}
