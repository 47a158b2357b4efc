/* no_symbol.c: the common mistake of defining the descriptor without
 * SUSTAIN_PLUGIN_DEFINE: under -fvisibility=hidden nothing named sustain_plugin is
 * exported, and the host must say so rather than crash. */
#include "sustain/plugin.h"

static const sustain_option no_options[] = {{NULL, NULL, 0, SUSTAIN_OPTION_TEXT, NULL}};

static int no_symbol_load(const sustain_host *host, sustain_source *source) {
  (void)host;
  (void)source;
  return 0;
}

/* hidden: no SUSTAIN_PLUGIN_EXPORT */
const sustain_plugin_descriptor sustain_plugin = {
    .abi_major = SUSTAIN_PLUGIN_ABI_MAJOR,
    .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR,
    .size = sizeof(sustain_plugin_descriptor),
    .name = "no_symbol",
    .version = "1.0.0",
    .description = "a descriptor the host cannot see",
    .options = no_options,
    .load = no_symbol_load,
};
