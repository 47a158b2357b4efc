/* test_block_pool.c: the small-block pool under the Lua states: blocks keep
 * their bytes through every kind of resize, freed blocks are used again, and
 * blocks never overlap, across size classes, slabs and malloc'd blocks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "block_pool.h"

/* Fills a block with a pattern of its own, and checks it. */
static void fill(unsigned char *block, size_t size, unsigned seed) {
  for (size_t i = 0; i < size; i++) block[i] = (unsigned char)(seed * 31 + i);
}

static int intact(const unsigned char *block, size_t size, unsigned seed) {
  for (size_t i = 0; i < size; i++)
    if (block[i] != (unsigned char)(seed * 31 + i)) return 0;
  return 1;
}

static void test_resizes_keep_the_bytes(void **state) {
  (void)state;
  block_pool pool = {0};
  /* sizes within a class, across classes, and to and from malloc's sizes */
  static const size_t sizes[] = {1, 16, 17, 100, 256, 257, 4000, 24, 256, 8, 70000, 3};
  unsigned char *block = NULL;
  size_t size = 0;
  for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
    unsigned char *grown = block_pool_resize(&pool, block, size, sizes[i]);
    assert_non_null(grown);
    size_t kept = size < sizes[i] ? size : sizes[i];
    assert_true(intact(grown, kept, 7)); /* what both sizes share is kept */
    fill(grown, sizes[i], 7);
    block = grown;
    size = sizes[i];
  }
  assert_null(block_pool_resize(&pool, block, size, 0));
  block_pool_free(&pool);
}

static void test_freed_blocks_come_back(void **state) {
  (void)state;
  block_pool pool = {0};
  void *a = block_pool_resize(&pool, NULL, 0, 40);
  void *b = block_pool_resize(&pool, NULL, 0, 40);
  assert_ptr_not_equal(a, b);
  block_pool_resize(&pool, a, 40, 0);
  assert_ptr_equal(block_pool_resize(&pool, NULL, 0, 33), a); /* same class: 33 to 48 bytes */
  /* a resize within its class keeps the block where it is */
  assert_ptr_equal(block_pool_resize(&pool, b, 40, 48), b);
  block_pool_free(&pool);
}

static void test_live_blocks_never_overlap(void **state) {
  (void)state;
  enum { BLOCKS = 20000 };
  block_pool pool = {0};
  unsigned char **blocks = calloc(BLOCKS, sizeof *blocks);
  size_t *sizes = calloc(BLOCKS, sizeof *sizes);
  assert_true(blocks && sizes);
  srand(5);
  /* many slabs' worth, freed and taken again at random, of every class */
  for (int round = 0; round < 4; round++)
    for (size_t i = 0; i < BLOCKS; i++) {
      if (blocks[i] && rand() % 2) {
        block_pool_resize(&pool, blocks[i], sizes[i], 0);
        blocks[i] = NULL;
      }
      if (!blocks[i]) {
        sizes[i] = 1 + (size_t)rand() % (BLOCK_POOL_MAX + 64);
        blocks[i] = block_pool_resize(&pool, NULL, 0, sizes[i]);
        assert_non_null(blocks[i]);
        fill(blocks[i], sizes[i], (unsigned)i);
      }
    }
  for (size_t i = 0; i < BLOCKS; i++) {
    assert_true(intact(blocks[i], sizes[i], (unsigned)i)); /* nothing wrote over it */
    assert_int_equal((uintptr_t)blocks[i] % 16, 0);         /* aligned for any Lua value */
    block_pool_resize(&pool, blocks[i], sizes[i], 0);
  }
  block_pool_free(&pool);
  free(blocks);
  free(sizes);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_resizes_keep_the_bytes),
      cmocka_unit_test(test_freed_blocks_come_back),
      cmocka_unit_test(test_live_blocks_never_overlap),
  };
  return cmocka_run_group_tests_name("block pool", tests, NULL, NULL);
}
