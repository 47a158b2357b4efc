/* wrong_major.c: a plugin built for the next ABI major; the host must refuse it,
 * naming both versions, before it reads any field past the size. */
#include "sustain/plugin.h"

static const sustain_option no_options[] = {{NULL, NULL, 0, SUSTAIN_OPTION_TEXT, NULL}};

static int wrong_major_load(const sustain_host *host, sustain_source *source) {
  (void)host;
  (void)source;
  return 0;
}

SUSTAIN_PLUGIN_DEFINE = {
    .abi_major = SUSTAIN_PLUGIN_ABI_MAJOR + 1,
    .abi_minor = 0,
    .size = sizeof(sustain_plugin_descriptor),
    .name = "wrong_major",
    .version = "1.0.0",
    .description = "built for an ABI major this host does not speak",
    .options = no_options,
    .load = wrong_major_load,
};
