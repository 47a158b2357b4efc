/* missing_fields.c: a descriptor without its required description; the host must
 * refuse it and name the field. */
#include "sustain/plugin.h"

static const sustain_option no_options[] = {{NULL, NULL, 0, SUSTAIN_OPTION_TEXT, NULL}};

static int missing_fields_load(const sustain_host *host, sustain_source *source) {
  (void)host;
  (void)source;
  return 0;
}

SUSTAIN_PLUGIN_DEFINE = {
    .abi_major = SUSTAIN_PLUGIN_ABI_MAJOR,
    .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR,
    .size = sizeof(sustain_plugin_descriptor),
    .name = "missing_fields",
    .version = "1.0.0",
    .description = NULL,
    .options = no_options,
    .load = missing_fields_load,
};
