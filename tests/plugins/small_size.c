/* small_size.c: a descriptor whose size stops before `load`, as if built against
 * a header older than ABI 1.0; the host must refuse it before reading `load`. */
#include <stddef.h>

#include "sustain/plugin.h"

static const sustain_option no_options[] = {{NULL, NULL, 0, SUSTAIN_OPTION_TEXT, NULL}};

static int small_size_load(const sustain_host *host, sustain_source *source) {
  (void)host;
  (void)source;
  return 0;
}

SUSTAIN_PLUGIN_DEFINE = {
    .abi_major = SUSTAIN_PLUGIN_ABI_MAJOR,
    .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR,
    .size = offsetof(sustain_plugin_descriptor, load),
    .name = "small_size",
    .version = "1.0.0",
    .description = "a descriptor that claims to end before load",
    .options = no_options,
    .load = small_size_load,
};
