/* test_arena.c: the bump allocator: blocks aligned and apart within a chunk,
 * past it and larger than a chunk; arena_alloc's blocks zero-filled, and
 * arena_alloc_unfilled's usable for exactly what was asked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"

static void test_blocks_are_aligned_apart_and_filled_as_asked(void **state) {
  (void)state;
  arena *a = arena_new();
  assert_non_null(a);
  /* small, odd, empty, past a chunk (64 KB) and larger than one */
  static const size_t sizes[] = {1, 17, 0, 40000, 40000, 100000, 3, 70000, 5};
  enum { COUNT = sizeof sizes / sizeof *sizes };
  unsigned char *blocks[2 * COUNT];
  for (size_t i = 0; i < 2 * COUNT; i++) {
    size_t size = sizes[i % COUNT];
    int zeroed = i < COUNT;
    blocks[i] = zeroed ? arena_alloc(a, size) : arena_alloc_unfilled(a, size);
    assert_non_null(blocks[i]);
    assert_int_equal((uintptr_t)blocks[i] % 16, 0);
    for (size_t b = 0; zeroed && b < size; b++) assert_int_equal(blocks[i][b], 0);
    memset(blocks[i], (int)(i + 1), size);
  }
  for (size_t i = 0; i < 2 * COUNT; i++) /* no block was written over by another */
    for (size_t b = 0; b < sizes[i % COUNT]; b++) assert_int_equal(blocks[i][b], (int)(i + 1));
  arena_free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_blocks_are_aligned_apart_and_filled_as_asked),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
