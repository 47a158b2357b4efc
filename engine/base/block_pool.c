/* block_pool.c: small blocks from free lists by size; see block_pool.h. */
#include "block_pool.h"

#include <stdlib.h>
#include <string.h>

/* Bytes of a slab, its first block holding the link to the previous slab. */
#define BLOCK_POOL_SLAB (64 * 1024)

/* The class of a size from 1 to BLOCK_POOL_MAX. */
static size_t class_of(size_t size) { return (size - 1) / BLOCK_POOL_GRAIN; }

static void *take(block_pool *pool, size_t size) {
  size_t k = class_of(size);
  void *block = pool->free[k];
  if (block) {
    memcpy(&pool->free[k], block, sizeof(void *));
    return block;
  }
  size_t bytes = (k + 1) * BLOCK_POOL_GRAIN;
  if ((size_t)(pool->end - pool->next) < bytes) {
    char *slab = malloc(BLOCK_POOL_SLAB);
    if (!slab) return NULL;
    /* what was left of the last slab is too small for this class: lay it on
     * the lists of the classes it fits, so no byte is lost */
    while ((size_t)(pool->end - pool->next) >= BLOCK_POOL_GRAIN) {
      size_t left = (size_t)(pool->end - pool->next), fit = left < BLOCK_POOL_MAX ? left : BLOCK_POOL_MAX;
      size_t c = fit / BLOCK_POOL_GRAIN - 1;
      memcpy(pool->next, &pool->free[c], sizeof(void *));
      pool->free[c] = pool->next;
      pool->next += (c + 1) * BLOCK_POOL_GRAIN;
    }
    memcpy(slab, &pool->slabs, sizeof(void *));
    pool->slabs = slab;
    pool->next = slab + BLOCK_POOL_GRAIN;
    pool->end = slab + BLOCK_POOL_SLAB;
  }
  block = pool->next;
  pool->next += bytes;
  return block;
}

static void give(block_pool *pool, void *block, size_t size) {
  size_t k = class_of(size);
  memcpy(block, &pool->free[k], sizeof(void *));
  pool->free[k] = block;
}

void *block_pool_resize(block_pool *pool, void *block, size_t old_size, size_t new_size) {
  size_t old = block ? old_size : 0;
  int old_pooled = old && old <= BLOCK_POOL_MAX, new_pooled = new_size && new_size <= BLOCK_POOL_MAX;
  if (new_size == 0) {
    if (old_pooled) give(pool, block, old);
    else free(block);
    return NULL;
  }
  if (!old_pooled && !new_pooled) return realloc(block, new_size);
  if (old_pooled && new_pooled && class_of(old) == class_of(new_size)) return block;
  void *fresh = new_pooled ? take(pool, new_size) : malloc(new_size);
  /* Lua counts on shrinking never failing: the old block is big enough (as a
   * pooled block of the smaller class, it is only a little wasteful) */
  if (!fresh) return new_size < old ? block : NULL;
  if (old) memcpy(fresh, block, old < new_size ? old : new_size);
  if (old_pooled) give(pool, block, old);
  else free(block);
  return fresh;
}

void block_pool_free(block_pool *pool) {
  while (pool->slabs) {
    void *slab = pool->slabs;
    memcpy(&pool->slabs, slab, sizeof(void *));
    free(slab);
  }
  *pool = (block_pool){0};
}
