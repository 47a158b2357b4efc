/* source_cache.c: sources kept in cache files for re-runs; see source_cache.h.
 * The key of a source is built in source_key below: one call per input, so an
 * input that later decides what loading gives is one line there. A cached
 * source's warnings travel in the file beside its table (encode_warnings), so a
 * run from the cache says what a run that loads says. */
#include "source_cache.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "grow.h"

/* ** {======================================================================
** The folder
** ======================================================================= */

static void cache_off(source_cache *cache, const config *cfg, diag_list *diags, const char *dir,
                      const char *why) {
  diag_warn(diags, cfg->path, cfg->cache_dir_line, 0,
            "cache folder %s %s: running without the cache (set cache_dir to a folder of "
            "your own, or cache = no)",
            dir, why);
  cache->dir = NULL;
}

/* Makes the folder and any folder above it that is missing, each 0700. */
static int make_folders(const char *dir) {
  if (mkdir(dir, 0700) == 0 || errno == EEXIST) return 0;
  if (errno != ENOENT) return -1;
  char *parent = strdup(dir);
  char *slash = parent ? strrchr(parent, '/') : NULL;
  int status = -1;
  if (slash && slash != parent) {
    *slash = '\0';
    status = make_folders(parent);
  }
  free(parent);
  if (status != 0) {
    errno = ENOENT;
    return -1;
  }
  return mkdir(dir, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

void source_cache_close(source_cache *cache) {
  source_cache_digests_free(&cache->digests);
  cache->dir = NULL;
}

void source_cache_open(source_cache *cache, const config *cfg, diag_list *diags) {
  *cache = (source_cache){0};
  if (!cfg->cache || source_cache_digests_init(&cache->digests) != 0) return;
  const char *dir = cfg->cache_dir ? cfg->cache_dir : config_resolve_path(cfg, CONFIG_DEFAULT_CACHE_DIR);
  if (!dir) return;
  char why[160];
  struct stat st;
  if (make_folders(dir) != 0) {
    snprintf(why, sizeof why, "cannot be made (%s)", strerror(errno));
    cache_off(cache, cfg, diags, dir, why);
  } else if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
    cache_off(cache, cfg, diags, dir, "is not a folder");
  } else if (st.st_uid != geteuid() || (st.st_mode & 077)) {
    cache_off(cache, cfg, diags, dir,
              "is not private to this user (it must be yours, mode 0700: it holds a copy of "
              "the data)");
  } else if (access(dir, W_OK | X_OK) != 0) {
    snprintf(why, sizeof why, "cannot be written (%s)", strerror(errno));
    cache_off(cache, cfg, diags, dir, why);
  } else {
    cache->dir = dir;
  }
}

/* }====================================================================== */

/* ** {======================================================================
** A source's key and file
** ======================================================================= */

/* The index of the plugin's `path` option when it names a file, else -1: only
 * such sources are cached (a database server's tables change under the key). */
static int path_option(const sustain_plugin_descriptor *plugin, const char *const *values) {
  for (int i = 0; plugin->options[i].name; i++)
    if (strcmp(plugin->options[i].name, "path") == 0)
      return plugin->options[i].kind == SUSTAIN_OPTION_PATH && values[i] ? i : -1;
  return -1;
}

/* Everything that decides what loading the source gives. */
static void source_key(source_cache_key *key, const config *cfg, const config_source *src,
                       const loaded_plugin *plugin, const char *const *values) {
  const sustain_plugin_descriptor *d = plugin->descriptor;
  source_cache_key_engine(key);
  source_cache_key_text(key, "plugin", src->plugin);
  source_cache_key_text(key, "plugin name", d->name);
  source_cache_key_text(key, "plugin version", d->version);
  source_cache_key_number(key, "plugin abi", d->abi_minor);
  source_cache_key_text(key, "plugin path", plugin->path);
  source_cache_key_file(key, "plugin file", plugin->path);
  source_cache_key_text(key, "source", src->name);
  source_cache_key_text(key, "authority_column", src->authority_column);
  source_cache_key_number(key, "shared", src->shared);
  source_cache_key_text(key, "id_column", src->id_column);
  for (size_t i = 0; i < src->option_count; i++) {
    source_cache_key_text(key, "option", src->options[i].key);
    source_cache_key_text(key, "value", src->options[i].value);
  }
  for (size_t i = 0; d->options[i].name; i++) {
    source_cache_key_text(key, "resolved option", d->options[i].name);
    source_cache_key_text(key, "resolved value", values[i]);
    if (d->options[i].kind != SUSTAIN_OPTION_PATH || !values[i]) continue;
    source_cache_key_file(key, "file", values[i]);
    char wal[4096]; /* SQLite's write-ahead log holds changes not yet in the file */
    if (snprintf(wal, sizeof wal, "%s-wal", values[i]) < (int)sizeof wal)
      source_cache_key_file(key, "write-ahead log", wal);
    else
      key->failed = 1;
  }
  source_cache_key_number(key, "source_rows", cfg->source_rows);
  source_cache_key_number(key, "source_memory_mb", cfg->source_memory_mb);
}

/* The cache file of a source: one per config and source, so a changed source
 * replaces its file instead of leaving old copies of the data behind. */
static char *entry_path(const source_cache *cache, const config *cfg, const config_source *src) {
  char *config_path = realpath(cfg->path, NULL);
  const char *which = config_path ? config_path : cfg->path;
  size_t length = strlen(which);
  char *named = malloc(length + strlen(src->name) + 2);
  char *path = NULL;
  if (named) {
    memcpy(named, which, length + 1);
    strcpy(named + length + 1, src->name);
    unsigned long long hash = XXH3_64bits(named, length + 1 + strlen(src->name));
    if (asprintf(&path, "%s/source-%016llx.cache", cache->dir, hash) < 0) path = NULL;
  }
  free(named);
  free(config_path);
  return path;
}

void source_cache_entry_init(source_cache_entry *entry, source_cache *cache,
                             const config *cfg, const config_source *src,
                             const loaded_plugin *plugin, const char *const *values,
                             const diag_list *problems) {
  *entry = (source_cache_entry){.said_before = problems->count};
  if (!cache->dir || path_option(plugin->descriptor, values) < 0) return;
  if (source_cache_key_init(&entry->inputs, &cache->digests) != 0) return;
  source_key(&entry->inputs, cfg, src, plugin, values);
  entry->path = entry_path(cache, cfg, src);
  entry->usable = entry->path && source_cache_key_finish(&entry->inputs, entry->key) == 0;
}

void source_cache_entry_release(source_cache_entry *entry) {
  source_cache_key_release(&entry->inputs);
  free(entry->path);
  *entry = (source_cache_entry){0};
}

/* }====================================================================== */

/* ** {======================================================================
** A source's warnings, kept beside its table
** ======================================================================= */

/* Where a warning is: nowhere, at the source's section of the config (its line
 * kept relative to the section's, since lines above it may come and go), or in
 * a file (a data file, whose path is in the key). */
enum { AT_NOTHING, AT_SECTION, AT_FILE };

typedef struct byte_buffer {
  unsigned char *bytes;
  size_t size, capacity;
  int failed;
} byte_buffer;

static void put(byte_buffer *b, const void *bytes, size_t size) {
  if (b->failed || grow_array((void **)&b->bytes, &b->capacity, b->size + size, 1) != 0) {
    b->failed = 1;
    return;
  }
  memcpy(b->bytes + b->size, bytes, size);
  b->size += size;
}

static void put_number(byte_buffer *b, int64_t value) {
  put(b, &value, sizeof value);
}

static void put_text(byte_buffer *b, const char *text) {
  put_number(b, (int64_t)strlen(text));
  put(b, text, strlen(text));
}

/* The source's warnings as bytes (errors there are none: the source loaded). */
static int encode_warnings(const diag_list *problems, size_t first, const config *cfg,
                           const config_source *src, byte_buffer *b) {
  for (size_t i = first; i < problems->count; i++) {
    const diag *d = &problems->items[i];
    int at = !d->file ? AT_NOTHING : strcmp(d->file, cfg->path) == 0 ? AT_SECTION : AT_FILE;
    put_number(b, at);
    put_number(b, at == AT_SECTION ? d->line - src->line : d->line);
    put_number(b, d->column);
    if (at == AT_FILE) put_text(b, d->file);
    put_text(b, d->message);
  }
  return b->failed ? -1 : 0;
}

/* Reads what encode_warnings put, never past the end. */
typedef struct byte_reader {
  const unsigned char *at, *end;
  int failed;
} byte_reader;

static int64_t take_number(byte_reader *r) {
  int64_t value = 0;
  if (r->failed || (size_t)(r->end - r->at) < sizeof value) {
    r->failed = 1;
    return 0;
  }
  memcpy(&value, r->at, sizeof value);
  r->at += sizeof value;
  return value;
}

/* A text, copied with its NUL; NULL when it does not fit or has a NUL in it. */
static char *take_text(byte_reader *r) {
  int64_t length = take_number(r);
  if (r->failed || length < 0 || length > r->end - r->at || memchr(r->at, 0, (size_t)length)) {
    r->failed = 1;
    return NULL;
  }
  char *text = strndup((const char *)r->at, (size_t)length);
  r->at += length;
  if (!text) r->failed = 1;
  return text;
}

/* Adds the warnings kept in a cache file; -1 (adding none) when they do not read. */
static int decode_warnings(const void *bytes, size_t size, const config *cfg,
                           const config_source *src, diag_list *problems) {
  diag_list said = {0};
  byte_reader r = {bytes, (const unsigned char *)bytes + size, 0};
  while (!r.failed && r.at < r.end) {
    int64_t at = take_number(&r), line = take_number(&r), column = take_number(&r);
    char *file = at == AT_FILE ? take_text(&r) : NULL, *message = take_text(&r);
    if (at == AT_SECTION) line += src->line;
    if (at < AT_NOTHING || at > AT_FILE || line < 0 || column < 0) r.failed = 1;
    if (!r.failed)
      diag_warn(&said, at == AT_SECTION ? cfg->path : file, (long)line, (long)column, "%s",
                message);
    free(file);
    free(message);
  }
  for (size_t i = 0; !r.failed && i < said.count; i++) diag_copy(problems, &said.items[i]);
  diag_list_clear(&said);
  return r.failed ? -1 : 0;
}

/* }====================================================================== */

/* ** {======================================================================
** Reading and writing
** ======================================================================= */

evidence_table *source_cache_entry_read(const source_cache_entry *entry, const config *cfg,
                                        const config_source *src, diag_list *problems) {
  if (!entry->usable) return NULL;
  char error[TABLE_CACHE_ERROR_SIZE];
  const void *extra;
  size_t extra_size;
  evidence_table *table = table_cache_read(entry->path, entry->key, &extra, &extra_size, error);
  if (table && decode_warnings(extra, extra_size, cfg, src, problems) != 0) {
    evidence_table_free(table);
    return NULL;
  }
  return table;
}

void source_cache_entry_write(source_cache_entry *entry, const evidence_table *table,
                              const diag_list *problems, const config *cfg,
                              const config_source *src, diag_list *diags) {
  if (!entry->usable || diag_error_count(problems) || !source_cache_key_files_unchanged(&entry->inputs))
    return;
  byte_buffer warnings = {0};
  char error[TABLE_CACHE_ERROR_SIZE];
  if (encode_warnings(problems, entry->said_before, cfg, src, &warnings) != 0)
    snprintf(error, sizeof error, "out of memory");
  if (warnings.failed || table_cache_write(table, warnings.bytes, warnings.size, entry->key,
                                           entry->path, error) != 0)
    diag_warn(diags, cfg->path, src->line, 0,
              "source %s was loaded, but not kept in the cache: %s", src->name, error);
  free(warnings.bytes);
}

/* }====================================================================== */
