/* fuzz_ini.c: the INI config loader (engine/config/config.c) on any bytes. The bytes
 * are the config file, in a folder that holds a rule pack and a data file so
 * that paths can resolve. Every refusal must be a located diagnostic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static int prepared;
  const char *dir = fuzz_work_dir();
  if (!dir) return 0;
  if (!prepared) {
    char rules[256];
    snprintf(rules, sizeof rules, "%s/rules", dir);
    mkdir(rules, 0755);
    static const char model[] = "model { ingredients = {'a'}, bands = {{min = 0, label = 'x'}} }\n";
    static const char people[] = "la,age\nnorth,19\n";
    fuzz_write(dir, "rules/model.lua", model, strlen(model));
    fuzz_write(dir, "people.csv", people, strlen(people));
    prepared = 1;
  }
  if (fuzz_write(dir, "assessment.ini", data, size) != 0) return 0;
  char path[256];
  snprintf(path, sizeof path, "%s/assessment.ini", dir);
  config *cfg = NULL;
  diag_list diags = {0};
  int status = config_load(path, NULL, &cfg, &diags);
  if (status == 0) {
    if (!cfg || !cfg->rule_count || !cfg->authority_count) abort(); /* required parts */
    for (size_t i = 0; i < cfg->source_count; i++)
      if (!cfg->sources[i].plugin) abort();
    config_free(cfg);
  } else {
    if (cfg || diags.count == 0) abort(); /* a refusal says why */
    for (size_t i = 0; i < diags.count; i++) {
      if (!diags.items[i].message || !diags.items[i].message[0]) abort();
      char line[1024];
      FILE *sink = fmemopen(line, sizeof line, "w");
      if (sink) {
        diag_print(&diags.items[i], sink);
        fclose(sink);
      }
    }
  }
  diag_list_clear(&diags);
  return 0;
}
