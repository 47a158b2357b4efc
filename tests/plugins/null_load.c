/* null_load.c: a descriptor whose load function is NULL; the host must refuse it
 * when opening, not crash when a source first uses it. */
#include "sustain/plugin.h"

static const sustain_option no_options[] = {{NULL, NULL, 0, SUSTAIN_OPTION_TEXT, NULL}};

SUSTAIN_PLUGIN_DEFINE = {
    .abi_major = SUSTAIN_PLUGIN_ABI_MAJOR,
    .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR,
    .size = sizeof(sustain_plugin_descriptor),
    .name = "null_load",
    .version = "1.0.0",
    .description = "a plugin that cannot load anything",
    .options = no_options,
    .load = NULL,
};
