/* source_cache.h: loaded sources kept in cache files for re-runs (`[assessment]
 * cache = yes`, `sustain run --cache`; docs/config.md). A source whose plugin
 * reads a file (its `path` option) is written, once loaded, to a file of the
 * cache folder, with a key of everything loading it depends on
 * (source_cache_key.h); a later run with the same key maps that file instead of
 * loading the source again, and shows the warnings the load gave. A cache file
 * that is missing, stale or refused (table_cache.h) is simply loaded again. */
#ifndef SUSTAIN_SOURCE_CACHE_H
#define SUSTAIN_SOURCE_CACHE_H

#include "config.h"
#include "diag.h"
#include "evidence.h"
#include "plugin_loader.h"
#include "source_cache_key.h"
#include "table_cache.h"

/* The run's cache: its folder, or off. */
typedef struct source_cache {
  const char *dir; /* NULL: no cache this run */
  source_cache_digests digests; /* of the files hashed so far */
} source_cache;

/* Readies the cache when cfg->cache is on: makes the folder (mode 0700) when it
 * is absent. A folder that cannot be made or written, or that is not this
 * user's own and private, turns the cache off for the run with a warning. */
void source_cache_open(source_cache *cache, const config *cfg, diag_list *diags);

/* Frees what the run's cache holds. */
void source_cache_close(source_cache *cache);

/* One source's place in the cache. */
typedef struct source_cache_entry {
  int usable;     /* the source is cached and its key could be made */
  char *path;     /* its cache file */
  unsigned char key[TABLE_CACHE_KEY_SIZE];
  source_cache_key inputs; /* what the key was made from, to see files change */
  size_t said_before; /* messages about the source before it loaded: not the load's */
} source_cache_entry;

/* Makes the entry of a source whose options are resolved (values: one per
 * documented option of the plugin, as sources.c resolves them); not usable for
 * a source that reads no file, or when a file cannot be read. The messages in
 * problems so far are not its load's, and are not kept with its table. */
void source_cache_entry_init(source_cache_entry *entry, source_cache *cache,
                             const config *cfg, const config_source *src,
                             const loaded_plugin *plugin, const char *const *values,
                             const diag_list *problems);

/* The source's table from its cache file, its load's warnings added to
 * problems; NULL when the entry is not usable or its file is missing, stale or
 * refused. */
evidence_table *source_cache_entry_read(const source_cache_entry *entry, const config *cfg,
                                        const config_source *src, diag_list *problems);

/* Writes a table the source loaded, with the warnings of its load (problems),
 * unless its files changed while it loaded; a failure is a warning in diags. */
void source_cache_entry_write(source_cache_entry *entry, const evidence_table *table,
                              const diag_list *problems, const config *cfg,
                              const config_source *src, diag_list *diags);

/* Frees what the entry holds. A zeroed entry frees nothing. */
void source_cache_entry_release(source_cache_entry *entry);

#endif
