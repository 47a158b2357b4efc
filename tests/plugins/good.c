/* good.c: the smallest valid plugin, used by test_plugin_loader.c. It documents
 * one option and loads a fixed two-column, two-row table through the host
 * functions only, as every real plugin must. */
#include <string.h>

#include "sustain/plugin.h"

static const sustain_option good_options[] = {
    {"greeting", "the text of the first cell", 0, SUSTAIN_OPTION_TEXT, "hello"},
    {NULL, NULL, 0, SUSTAIN_OPTION_TEXT, NULL},
};

static int good_load(const sustain_host *host, sustain_source *source) {
  const char *greeting = host->option(source, "greeting");
  if (!greeting) greeting = "hello"; /* the host fills defaults; a test host may not */
  if (host->add_column(source, "word", 4, SUSTAIN_COLUMN_TEXT) != 0) return 1;
  if (host->add_column(source, "count", 5, SUSTAIN_COLUMN_NUMBER) != 0) return 1;
  if (host->append_text(source, greeting, strlen(greeting)) != 0) return 1;
  if (host->append_number(source, 1) != 0) return 1;
  if (host->end_row(source, 1) != 0) return 1;
  if (host->append_text(source, "world", 5) != 0) return 1;
  if (host->append_number(source, 2) != 0) return 1;
  if (host->end_row(source, 2) != 0) return 1;
  return 0;
}

SUSTAIN_PLUGIN_DEFINE = {
    .abi_major = SUSTAIN_PLUGIN_ABI_MAJOR,
    .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR,
    .size = sizeof(sustain_plugin_descriptor),
    .name = "good",
    .version = "1.0.0",
    .description = "a valid test plugin with one option and a two-row table",
    .options = good_options,
    .load = good_load,
};
