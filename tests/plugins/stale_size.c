/* stale_size.c: a descriptor laid out as ABI 1.2 had it (nothing after `load`)
 * whose size claims the whole descriptor of this header, as a plugin that set
 * size by hand might. What follows `load` is not the ABI 1.3 functions
 * count_parts and load_part but other data, which the host must not take for
 * them: it trusts a field only when both the size and the minor have it. */
#include <stdint.h>

#include "sustain/plugin.h"

/* The descriptor of ABI 1.2, and two words of other data after it. */
typedef struct stale_descriptor {
  uint32_t abi_major, abi_minor, size;
  const char *name, *version, *description;
  const sustain_option *options;
  int (*load)(const sustain_host *host, sustain_source *source);
  const char *after[2];
} stale_descriptor;

static const sustain_option stale_options[] = {{NULL, NULL, 0, SUSTAIN_OPTION_TEXT, NULL}};

static int stale_size_load(const sustain_host *host, sustain_source *source) {
  if (host->add_column(source, "la", 2, SUSTAIN_COLUMN_TEXT) != 0) return 1;
  if (host->append_text(source, "north", 5) != 0) return 1;
  return host->end_row(source, 1) != 0;
}

SUSTAIN_PLUGIN_EXPORT extern const stale_descriptor sustain_plugin;
const stale_descriptor sustain_plugin = {
    .abi_major = SUSTAIN_PLUGIN_ABI_MAJOR,
    .abi_minor = 2,
    .size = sizeof(sustain_plugin_descriptor),
    .name = "stale_size",
    .version = "1.0.0",
    .description = "an ABI 1.2 descriptor whose size claims the fields of later minors",
    .options = stale_options,
    .load = stale_size_load,
    .after = {"not a function", "nor this"},
};
