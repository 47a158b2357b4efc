/* config.c: what every user of a config shares: its defaults, resolving the paths it
 * holds, and freeing it (see config.h). Loading a file is config_load.c's. */
#include "config.h"

#include <string.h>

void config_set_defaults(config *cfg) {
  cfg->suppress_below = CONFIG_DEFAULT_SUPPRESS_BELOW;
  cfg->instructions = CONFIG_DEFAULT_INSTRUCTIONS;
  cfg->memory_mb = CONFIG_DEFAULT_MEMORY_MB;
  cfg->seconds = CONFIG_DEFAULT_SECONDS;
  cfg->source_seconds = CONFIG_DEFAULT_SOURCE_SECONDS;
  cfg->depth = CONFIG_DEFAULT_DEPTH;
  cfg->label_bytes = CONFIG_DEFAULT_LABEL_BYTES;
  cfg->text_bytes = CONFIG_DEFAULT_TEXT_BYTES;
  cfg->evidence_items = CONFIG_DEFAULT_EVIDENCE_ITEMS;
  cfg->actions = CONFIG_DEFAULT_ACTIONS;
  cfg->source_rows = CONFIG_DEFAULT_SOURCE_ROWS;
  cfg->source_memory_mb = CONFIG_DEFAULT_SOURCE_MEMORY_MB;
}

void config_free(config *cfg) {
  if (cfg) arena_free(cfg->arena);
}

const char *config_resolve_path(const config *cfg, const char *path) {
  if (!path) return NULL;
  if (path[0] == '/') return arena_strdup(cfg->arena, path);
  size_t dir_length = strlen(cfg->dir);
  const char *separator = dir_length && cfg->dir[dir_length - 1] == '/' ? "" : "/";
  return arena_printf(cfg->arena, "%s%s%s", cfg->dir, separator, path);
}
