/* newer_minor.c: a plugin from a newer minor of the same ABI, whose descriptor
 * has a field appended after `load`. The host must accept it and ignore the field.
 * Its load declares a column of a type that newer minor might add, which the host
 * must refuse naming the ABI the plugin needs. */
#include "sustain/plugin.h"

/* The descriptor as a later minor might define it. */
typedef struct newer_descriptor {
  sustain_plugin_descriptor base;
  const char *homepage; /* a field this host does not know */
} newer_descriptor;

static const sustain_option newer_options[] = {
    {"path", "a file to read", 1, SUSTAIN_OPTION_PATH, NULL},
    {NULL, NULL, 0, SUSTAIN_OPTION_TEXT, NULL},
};

/* A column type one past the last this header defines, as a newer minor might add. */
#define NEWER_COLUMN_TYPE ((sustain_column_type)(SUSTAIN_COLUMN_DATE + 1))

static int newer_minor_load(const sustain_host *host, sustain_source *source) {
  return host->add_column(source, "when", 4, NEWER_COLUMN_TYPE) != 0;
}

SUSTAIN_PLUGIN_EXPORT extern const newer_descriptor sustain_plugin;
const newer_descriptor sustain_plugin = {
    .base =
        {
            .abi_major = SUSTAIN_PLUGIN_ABI_MAJOR,
            .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR + 1,
            .size = sizeof(newer_descriptor),
            .name = "newer_minor",
            .version = "2.1.0",
            .description = "built against a newer minor of the plugin ABI",
            .options = newer_options,
            .load = newer_minor_load,
        },
    .homepage = "https://example.org/newer_minor",
};
