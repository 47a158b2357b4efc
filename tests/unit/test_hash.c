/* test_hash.c: FNV-1a 64 (engine/hash.h) gives the published test values, so a rule's
 * random seed and a pack's digest in the history are the standard hash of what they
 * cover, and a hash can be continued piece by piece. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hash.h"

static void test_published_values(void **state) {
  (void)state;
  assert_true(hash_fnv1a(HASH_FNV_OFFSET, "", 0) == UINT64_C(0xcbf29ce484222325));
  assert_true(hash_fnv1a(HASH_FNV_OFFSET, "a", 1) == UINT64_C(0xaf63dc4c8601ec8c));
  assert_true(hash_fnv1a(HASH_FNV_OFFSET, "foobar", 6) == UINT64_C(0x85944171f73967e8));
}

static void test_continued_in_pieces(void **state) {
  (void)state;
  uint64_t whole = hash_fnv1a(HASH_FNV_OFFSET, "foobar", 6);
  uint64_t pieces = hash_fnv1a(hash_fnv1a(HASH_FNV_OFFSET, "foo", 3), "bar", 3);
  assert_true(whole == pieces);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_published_values),
      cmocka_unit_test(test_continued_in_pieces),
  };
  return cmocka_run_group_tests_name("hash", tests, NULL, NULL);
}
