/* test_plugin_abi.c: the one rule of sustain/plugin.h for members added after ABI
 * 1.0, as its macros apply it to host tables and descriptors: a member is there
 * when the table's size covers it, its minor has it and, for a function, it is
 * not NULL. Each table here is built as a host or plugin of some minor might
 * build it, or as one that claims more than its minor has. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "sustain/plugin.h"

static int some_function(sustain_source *source) {
  (void)source;
  return 0;
}

static int some_cells(sustain_source *source, const sustain_cell *cells, size_t cell_count,
                      size_t row_count, const long *lines) {
  (void)source, (void)cells, (void)cell_count, (void)row_count, (void)lines;
  return 0;
}

static void some_warning(sustain_source *source, const char *file, long line, long column,
                         const char *message) {
  (void)source, (void)file, (void)line, (void)column, (void)message;
}

static const char *some_text(sustain_source *source) {
  (void)source;
  return "la";
}

static const char *some_path(sustain_source *source, const char *path) {
  (void)source;
  return path;
}

static int some_rows(sustain_source *source, const sustain_cell *cells, size_t row_count,
                     const long *lines) {
  (void)source, (void)cells, (void)row_count, (void)lines;
  return 0;
}

/* A host table of this header with every later function set, as minor `minor` with
 * size `size` would describe it. */
static sustain_host host_claiming(uint32_t minor, size_t size) {
  return (sustain_host){.size = (uint32_t)size,
                        .abi_minor = minor,
                        .append_rows = some_rows,
                        .stop_requested = some_function,
                        .append_cells = some_cells,
                        .flags = 5,
                        .warning = some_warning,
                        .authority_column = some_text,
                        .resolve_path = some_path};
}

static void test_a_host_of_this_minor_has_everything(void **state) {
  (void)state;
  sustain_host host = host_claiming(SUSTAIN_PLUGIN_ABI_MINOR, sizeof(sustain_host));
  assert_true(SUSTAIN_HOST_HAS(&host, append_rows));
  assert_true(SUSTAIN_HOST_HAS(&host, stop_requested));
  assert_true(SUSTAIN_HOST_HAS(&host, append_cells));
  assert_int_equal(SUSTAIN_HOST_FLAGS(&host), 5);
  assert_true(SUSTAIN_HOST_HAS(&host, warning));
  assert_true(SUSTAIN_HOST_HAS(&host, authority_column));
  assert_true(SUSTAIN_HOST_HAS(&host, resolve_path));
}

/* A host of minor 4 ends at flags: it has 1.4's functions and flags, none of 1.5's,
 * whether its size is 1.4's or, claimed by hand, this header's. */
static void test_a_host_of_minor_4_has_none_of_5(void **state) {
  (void)state;
  size_t sizes[] = {offsetof(sustain_host, warning), sizeof(sustain_host)};
  for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
    sustain_host host = host_claiming(4, sizes[i]);
    assert_true(SUSTAIN_HOST_HAS(&host, append_cells));
    assert_int_equal(SUSTAIN_HOST_FLAGS(&host), 5);
    assert_false(SUSTAIN_HOST_HAS(&host, warning));
    assert_false(SUSTAIN_HOST_HAS(&host, authority_column));
    assert_false(SUSTAIN_HOST_HAS(&host, resolve_path));
  }
  /* and one of minor 5 cut short after warning has warning alone */
  sustain_host host = host_claiming(5, offsetof(sustain_host, authority_column));
  assert_true(SUSTAIN_HOST_HAS(&host, warning));
  assert_false(SUSTAIN_HOST_HAS(&host, authority_column));
  assert_false(SUSTAIN_HOST_HAS(&host, resolve_path));
}

/* A host of minor 3 is as long as its minor's struct: nothing of 1.4 is there. */
static void test_an_older_host_has_its_minors_functions_only(void **state) {
  (void)state;
  sustain_host host = host_claiming(3, offsetof(sustain_host, stop_requested));
  assert_true(SUSTAIN_HOST_HAS(&host, append_rows));
  assert_false(SUSTAIN_HOST_HAS(&host, stop_requested));
  assert_false(SUSTAIN_HOST_HAS(&host, append_cells));
  assert_int_equal(SUSTAIN_HOST_FLAGS(&host), 0);
  host = host_claiming(1, offsetof(sustain_host, append_rows));
  assert_false(SUSTAIN_HOST_HAS(&host, append_rows));
}

/* The size alone does not make a member: a table of minor 3 whose size claims the
 * whole struct (set by hand, copied from a larger struct) has no 1.4 member. */
static void test_size_without_the_minor_is_not_enough(void **state) {
  (void)state;
  sustain_host host = host_claiming(3, sizeof(sustain_host));
  assert_true(SUSTAIN_HOST_HAS(&host, append_rows));
  assert_false(SUSTAIN_HOST_HAS(&host, stop_requested));
  assert_false(SUSTAIN_HOST_HAS(&host, append_cells));
  assert_int_equal(SUSTAIN_HOST_FLAGS(&host), 0);
}

/* Nor the minor alone: a table of minor 4 cut short of a member lacks it. */
static void test_minor_without_the_size_is_not_enough(void **state) {
  (void)state;
  sustain_host host = host_claiming(4, offsetof(sustain_host, append_cells));
  assert_true(SUSTAIN_HOST_HAS(&host, stop_requested));
  assert_false(SUSTAIN_HOST_HAS(&host, append_cells));
  assert_int_equal(SUSTAIN_HOST_FLAGS(&host), 0);
  /* one byte short of the member's end is short */
  host.size = (uint32_t)(offsetof(sustain_host, append_cells) + sizeof host.append_cells - 1);
  assert_false(SUSTAIN_HOST_HAS(&host, append_cells));
}

/* A function a host leaves NULL is one it does not offer. */
static void test_a_null_function_is_absent(void **state) {
  (void)state;
  sustain_host host = host_claiming(SUSTAIN_PLUGIN_ABI_MINOR, sizeof(sustain_host));
  host.append_cells = NULL;
  host.stop_requested = NULL;
  assert_false(SUSTAIN_HOST_HAS(&host, append_cells));
  assert_false(SUSTAIN_HOST_HAS(&host, stop_requested));
  assert_true(SUSTAIN_HOST_HAS(&host, append_rows));
}

static uint32_t some_count(const sustain_host *host, sustain_source *source, uint32_t wanted) {
  (void)host, (void)source;
  return wanted;
}

static int some_part(const sustain_host *host, sustain_source *source, uint32_t part,
                     uint32_t parts) {
  (void)host, (void)source, (void)part, (void)parts;
  return 0;
}

/* The same rule for the fields a plugin's descriptor appends after load. */
static void test_descriptors_follow_the_same_rule(void **state) {
  (void)state;
  sustain_plugin_descriptor d = {.abi_major = SUSTAIN_PLUGIN_ABI_MAJOR,
                                 .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR,
                                 .size = sizeof(sustain_plugin_descriptor),
                                 .count_parts = some_count,
                                 .load_part = some_part,
                                 .flags = 9};
  assert_true(SUSTAIN_DESCRIPTOR_HAS(&d, count_parts));
  assert_true(SUSTAIN_DESCRIPTOR_HAS(&d, load_part));
  assert_int_equal(SUSTAIN_DESCRIPTOR_FLAGS(&d), 9);
  d.abi_minor = 3; /* flags came in 1.4 */
  assert_true(SUSTAIN_DESCRIPTOR_HAS(&d, load_part));
  assert_int_equal(SUSTAIN_DESCRIPTOR_FLAGS(&d), 0);
  d.abi_minor = 2; /* count_parts and load_part came in 1.3 */
  assert_false(SUSTAIN_DESCRIPTOR_HAS(&d, count_parts));
  assert_false(SUSTAIN_DESCRIPTOR_HAS(&d, load_part));
  d.abi_minor = SUSTAIN_PLUGIN_ABI_MINOR;
  d.size = (uint32_t)offsetof(sustain_plugin_descriptor, count_parts); /* as 1.2 built it */
  assert_false(SUSTAIN_DESCRIPTOR_HAS(&d, count_parts));
  d.size = sizeof(sustain_plugin_descriptor);
  d.count_parts = NULL;
  assert_false(SUSTAIN_DESCRIPTOR_HAS(&d, count_parts));
}

/* The minors the header names are the ones the members came in (docs/plugins.md). */
static void test_each_member_names_its_minor(void **state) {
  (void)state;
  assert_int_equal(SUSTAIN_HOST_SINCE_append_rows, 2);
  assert_int_equal(SUSTAIN_HOST_SINCE_stop_requested, 4);
  assert_int_equal(SUSTAIN_HOST_SINCE_append_cells, 4);
  assert_int_equal(SUSTAIN_HOST_SINCE_flags, 4);
  assert_int_equal(SUSTAIN_HOST_SINCE_warning, 5);
  assert_int_equal(SUSTAIN_HOST_SINCE_authority_column, 5);
  assert_int_equal(SUSTAIN_HOST_SINCE_resolve_path, 5);
  assert_int_equal(SUSTAIN_DESCRIPTOR_SINCE_count_parts, 3);
  assert_int_equal(SUSTAIN_DESCRIPTOR_SINCE_load_part, 3);
  assert_int_equal(SUSTAIN_DESCRIPTOR_SINCE_flags, 4);
  /* flags end the descriptor, as the last member of 1.4; 1.5's functions follow flags
   * at the end of the host table, resolve_path last */
  assert_int_equal(offsetof(sustain_host, flags) + sizeof(uint64_t),
                   offsetof(sustain_host, warning));
  assert_true(offsetof(sustain_host, authority_column) > offsetof(sustain_host, warning));
  assert_true(offsetof(sustain_host, resolve_path) > offsetof(sustain_host, authority_column));
  assert_int_equal(offsetof(sustain_host, resolve_path) + sizeof(void (*)(void)),
                   sizeof(sustain_host));
  assert_int_equal(offsetof(sustain_plugin_descriptor, flags) + sizeof(uint64_t),
                   sizeof(sustain_plugin_descriptor));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_a_host_of_this_minor_has_everything),
      cmocka_unit_test(test_an_older_host_has_its_minors_functions_only),
      cmocka_unit_test(test_a_host_of_minor_4_has_none_of_5),
      cmocka_unit_test(test_size_without_the_minor_is_not_enough),
      cmocka_unit_test(test_minor_without_the_size_is_not_enough),
      cmocka_unit_test(test_a_null_function_is_absent),
      cmocka_unit_test(test_descriptors_follow_the_same_rule),
      cmocka_unit_test(test_each_member_names_its_minor),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
