/* config.c: what every user of a config shares: its defaults, resolving the paths it
 * holds, and freeing it (see config.h). Loading a file is config_load.c's. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nearest.h"

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

/* Appends to buf at *used, never past size (snprintf counts what would not fit). */
static void append(char *buf, size_t size, size_t *used, const char *format, const char *text) {
  if (*used >= size) return;
  int n = snprintf(buf + *used, size - *used, format, text);
  if (n > 0) *used += (size_t)n;
}

const char *config_unknown_authority(const config *cfg, const char *id, char *buf, size_t size) {
  size_t used = 0, count = cfg->authority_count;
  if (size == 0) return buf;
  buf[0] = '\0';
  append(buf, size, &used, "the config has no [authority %s]", id);
  const char **ids = calloc(count + 1, sizeof *ids);
  for (size_t i = 0; ids && i < count; i++) ids[i] = cfg->authorities[i].id;
  const char *meant = ids ? nearest_name(id, ids, count, NEAREST_TYPO) : NULL;
  free(ids);
  if (meant) append(buf, size, &used, ": did you mean %s?", meant);
  if (count == 0) return buf;
  append(buf, size, &used, "%s", meant ? " Its authorities are " : "; its authorities are ");
  size_t listed = count > CONFIG_AUTHORITIES_LISTED ? CONFIG_AUTHORITIES_LISTED : count;
  for (size_t i = 0; i < listed; i++) {
    const char *separator = i == 0 ? "" : i + 1 == listed && listed == count ? " and " : ", ";
    append(buf, size, &used, "%s", separator);
    append(buf, size, &used, "%s", cfg->authorities[i].id);
  }
  if (listed < count) {
    char more[64];
    snprintf(more, sizeof more, " and %zu more", count - listed);
    append(buf, size, &used, "%s", more);
  }
  return buf;
}
