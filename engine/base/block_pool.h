/* block_pool.h: small blocks for a Lua state, from free lists by size.
 * Rules make and drop many small objects (filter tables, strings, closures),
 * and malloc's bookkeeping was a tenth of the rule phase. Lua tells the size
 * of every block it frees or resizes, so pooled blocks need no header: a
 * block of up to BLOCK_POOL_MAX bytes is taken from the free list of its size
 * class, or cut from a slab; larger blocks go to malloc. Memory stays in the
 * pool until block_pool_free; the sandbox counts what Lua asked for, not this. */
#ifndef SUSTAIN_BLOCK_POOL_H
#define SUSTAIN_BLOCK_POOL_H

#include <stddef.h>

/* Blocks are kept in classes of this many bytes, up to BLOCK_POOL_MAX. */
#define BLOCK_POOL_GRAIN 16
#define BLOCK_POOL_MAX 256
#define BLOCK_POOL_CLASSES (BLOCK_POOL_MAX / BLOCK_POOL_GRAIN)

typedef struct block_pool {
  void *free[BLOCK_POOL_CLASSES]; /* per class: a list threaded through the free blocks */
  char *next, *end;               /* the part of the newest slab not yet cut */
  void *slabs;                    /* every slab, threaded through its first word */
} block_pool;

/* As a lua_Alloc does: frees block (of old_size bytes; NULL for none) when
 * new_size is 0, else returns a block of new_size bytes holding the first
 * bytes of block, or NULL (block is then untouched). */
void *block_pool_resize(block_pool *pool, void *block, size_t old_size, size_t new_size);

/* Gives back every slab. Blocks from malloc must have been freed already. */
void block_pool_free(block_pool *pool);

#endif
