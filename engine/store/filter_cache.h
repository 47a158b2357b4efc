/* filter_cache.h: compiled filters kept for reuse while one Lua state lives.
 * Rules give the same filter tables again and again (the same OC3 codes for
 * each age group, rule and authority), and compiling one works out a verdict
 * per dictionary code. The dictionaries are the table's and the same for every
 * authority, so a filter compiled once serves every later call with the same
 * table and the same key: the exact bytes that say what the filter table held
 * (lua_view.c writes them), compared in full, never a hash alone. Values that
 * differ by authority (dates worked out from the assessment date) simply make
 * other keys. Memory is bounded: when a new filter would pass the bound, every
 * kept filter is dropped and the cache fills again. The tables must outlive
 * the cache. This file knows nothing of Lua. */
#ifndef SUSTAIN_FILTER_CACHE_H
#define SUSTAIN_FILTER_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "evidence.h"

typedef struct filter_cache filter_cache;

/* A kept filter, and its evidence_filter_bytes (the memo's name for it). */
typedef struct cached_filter {
  evidence_filter filter;
  const unsigned char *bytes;
  size_t byte_count;
} cached_filter;

filter_cache *filter_cache_new(void);
void filter_cache_free(filter_cache *cache);

/* The filter kept for table under key, or NULL. */
const cached_filter *filter_cache_find(const filter_cache *cache, const evidence_table *table,
                                       const unsigned char *key, size_t key_size);

/* Keeps filter, compiled for table from what key says, and returns the kept
 * copy: filter's contents move into the cache and *filter is left empty. May
 * drop every filter kept before (never call it while one is in use). NULL,
 * with filter untouched, when it is too large to keep or memory runs out. */
const cached_filter *filter_cache_keep(filter_cache *cache, const evidence_table *table,
                                       const unsigned char *key, size_t key_size,
                                       evidence_filter *filter);

/* How many filters are kept, and the bytes they take (within FILTER_CACHE_MAX_BYTES). */
size_t filter_cache_count(const filter_cache *cache);
size_t filter_cache_bytes(const filter_cache *cache);

/* A hash of bytes for the tables of kept filters and answers (the same only
 * within one process): four words at a time in four chains that do not wait
 * on each other, so a key of a few hundred bytes takes a few dozen cycles. */
uint64_t filter_cache_hash(uint64_t seed, const unsigned char *bytes, size_t size);

/* One step of that hash: folds a word into h (view_memo.c hashes its questions so). */
static inline uint64_t filter_cache_mix(uint64_t h, uint64_t value) {
  h = (h ^ value) * 0x9E3779B97F4A7C15u;
  return h ^ (h >> 29);
}

/* Bounds: filters kept at most, and bytes of keys and compiled filters. */
#define FILTER_CACHE_MAX_FILTERS 512
#define FILTER_CACHE_MAX_BYTES (4u << 20)

#endif
