/* half_parts.c: a plugin that sets count_parts but not load_part, which the
 * loader must refuse (test_plugin_loader.c): the host could not load its parts. */
#include "sustain/plugin.h"

static const sustain_option half_parts_options[] = {{NULL, NULL, 0, SUSTAIN_OPTION_TEXT, NULL}};

static int half_parts_load(const sustain_host *host, sustain_source *source) {
  (void)host;
  (void)source;
  return 1;
}

static uint32_t half_parts_count(const sustain_host *host, sustain_source *source,
                                 uint32_t wanted) {
  (void)host;
  (void)source;
  return wanted;
}

SUSTAIN_PLUGIN_DEFINE = {
    .abi_major = SUSTAIN_PLUGIN_ABI_MAJOR,
    .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR,
    .size = sizeof(sustain_plugin_descriptor),
    .name = "half_parts",
    .version = "1.0.0",
    .description = "a test plugin that sets count_parts without load_part",
    .options = half_parts_options,
    .load = half_parts_load,
    .count_parts = half_parts_count,
};
