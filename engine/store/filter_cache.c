/* filter_cache.c: compiled filters by table and key, in an open-addressing
 * table; see filter_cache.h. */
#include "filter_cache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Slots: a power of two, at most half of them used. */
#define FILTER_CACHE_SLOTS (FILTER_CACHE_MAX_FILTERS * 2)

typedef struct kept_filter {
  cached_filter cached; /* its bytes owned here */
  const evidence_table *table;
  unsigned char *key;
  size_t key_size;
  uint64_t hash;
  size_t memory; /* bytes counted against the bound */
} kept_filter;

struct filter_cache {
  kept_filter *slots[FILTER_CACHE_SLOTS];
  size_t count, bytes;
};

filter_cache *filter_cache_new(void) { return calloc(1, sizeof(filter_cache)); }

static void drop_all(filter_cache *cache) {
  if (cache->count == 0) return;
  for (size_t i = 0; i < FILTER_CACHE_SLOTS; i++) {
    kept_filter *kept = cache->slots[i];
    if (!kept) continue;
    evidence_filter_free(&kept->cached.filter);
    free((void *)kept->cached.bytes);
    free(kept->key);
    free(kept);
    cache->slots[i] = NULL;
  }
  cache->count = cache->bytes = 0;
}

void filter_cache_free(filter_cache *cache) {
  if (!cache) return;
  drop_all(cache);
  free(cache);
}

static uint64_t word_at(const unsigned char *bytes) {
  uint64_t word;
  memcpy(&word, bytes, sizeof word);
  return word;
}

uint64_t filter_cache_hash(uint64_t seed, const unsigned char *bytes, size_t size) {
  uint64_t lanes[4] = {seed, seed ^ 0xC2B2AE3D27D4EB4Fu, seed ^ 0x165667B19E3779F9u,
                       seed ^ 0x27D4EB2F165667C5u};
  size_t i = 0;
  for (; i + 32 <= size; i += 32)
    for (size_t k = 0; k < 4; k++)
      lanes[k] = filter_cache_mix(lanes[k], word_at(bytes + i + 8 * k));
  uint64_t h = lanes[0];
  for (size_t k = 1; k < 4; k++) h = filter_cache_mix(h, lanes[k]);
  for (; i + 8 <= size; i += 8) h = filter_cache_mix(h, word_at(bytes + i));
  uint64_t tail = 0;
  if (size > i) memcpy(&tail, bytes + i, size - i);
  h = filter_cache_mix(filter_cache_mix(h, tail), size);
  return h ^ (h >> 32);
}

static uint64_t key_hash(const evidence_table *table, const unsigned char *key, size_t size) {
  return filter_cache_hash((uint64_t)(uintptr_t)table, key, size);
}

/* The slot of table and key, or the empty slot where they would go. */
static size_t slot_of(const filter_cache *cache, const evidence_table *table,
                      const unsigned char *key, size_t size, uint64_t hash) {
  size_t i = hash & (FILTER_CACHE_SLOTS - 1);
  for (const kept_filter *kept; (kept = cache->slots[i]); i = (i + 1) & (FILTER_CACHE_SLOTS - 1))
    if (kept->hash == hash && kept->table == table && kept->key_size == size &&
        memcmp(kept->key, key, size) == 0)
      break;
  return i;
}

const cached_filter *filter_cache_find(const filter_cache *cache, const evidence_table *table,
                                       const unsigned char *key, size_t key_size) {
  const kept_filter *kept =
      cache->slots[slot_of(cache, table, key, key_size, key_hash(table, key, key_size))];
  return kept ? &kept->cached : NULL;
}

const cached_filter *filter_cache_keep(filter_cache *cache, const evidence_table *table,
                                       const unsigned char *key, size_t key_size,
                                       evidence_filter *filter) {
  size_t byte_count = evidence_filter_bytes(filter, NULL, 0);
  size_t memory = sizeof(kept_filter) + key_size + byte_count + evidence_filter_memory(filter);
  if (memory > FILTER_CACHE_MAX_BYTES) return NULL;
  if (cache->count >= FILTER_CACHE_MAX_FILTERS || cache->bytes + memory > FILTER_CACHE_MAX_BYTES)
    drop_all(cache);
  uint64_t hash = key_hash(table, key, key_size);
  size_t slot = slot_of(cache, table, key, key_size, hash);
  if (cache->slots[slot]) return NULL; /* kept already: the caller found none, so never */
  kept_filter *kept = calloc(1, sizeof *kept);
  unsigned char *key_copy = malloc(key_size ? key_size : 1);
  unsigned char *bytes = malloc(byte_count ? byte_count : 1);
  if (!kept || !key_copy || !bytes) {
    free(kept);
    free(key_copy);
    free(bytes);
    return NULL;
  }
  memcpy(key_copy, key, key_size);
  evidence_filter_bytes(filter, bytes, byte_count);
  *kept = (kept_filter){{*filter, bytes, byte_count}, table, key_copy, key_size, hash, memory};
  *filter = (evidence_filter){0};
  cache->slots[slot] = kept;
  cache->count++;
  cache->bytes += memory;
  return &kept->cached;
}

size_t filter_cache_count(const filter_cache *cache) { return cache->count; }
size_t filter_cache_bytes(const filter_cache *cache) { return cache->bytes; }
