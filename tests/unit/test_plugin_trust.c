/* test_plugin_trust.c: who may own and change a plugin and the folders above it.
 * A copy of tests/plugins/good.so is placed in scratch folders of various modes
 * and owners; the loader must open it only when root or the running user owns
 * the file and every folder up to /, and no folder is writable by group or
 * others without its sticky bit (docs/plugins.md, "Plugins only their owner can
 * change"). Cases that need a file owned by another user chown to uid 1234 and
 * are skipped, visibly, when not run as root.
 * Usage: test_plugin_trust PLUGIN_DIR (the folder holding good.so). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plugin_loader.h"
#include "test_files.h"
#include "test_skip.h"

/* A uid that no test runner has: the "other user" of the cases run as root. */
#define OTHER_UID 1234

typedef struct fixture {
  const char *plugin_dir; /* holds the built good.so */
  char root[PATH_MAX];    /* mkdtemp folder: private, owned by the running user */
} fixture;

/* Writes "a/b" into buffer (PATH_MAX). */
static char *join(char *buffer, const char *a, const char *b) {
  int n = snprintf(buffer, PATH_MAX, "%s/%s", a, b);
  assert_true(n > 0 && n < PATH_MAX);
  return buffer;
}

/* Creates root/relative with exactly mode (mkdir's mode is cut by the umask). */
static char *make_folder(const fixture *f, const char *relative, mode_t mode, char *out) {
  join(out, f->root, relative);
  if (mkdir(out, 0700) != 0 && errno != EEXIST) fail_msg("cannot create %s", out);
  assert_int_equal(chmod(out, mode), 0);
  return out;
}

/* Puts a 0644 copy of good.so in folder; returns its path in out. */
static char *place_good(const fixture *f, const char *folder, char *out) {
  char source[PATH_MAX];
  join(source, f->plugin_dir, "good.so");
  join(out, folder, "good.so");
  if (test_copy_file(source, out, 0644) != 0) fail_msg("cannot copy %s to %s", source, out);
  return out;
}

static void expect_opens(const char *file) {
  diag_list diags = {0};
  loaded_plugin plugin;
  int status = plugin_open(file, &plugin, &diags);
  if (status != 0)
    fail_msg("%s refused: %s", file, diags.count ? diags.items[0].message : "(no message)");
  assert_string_equal(plugin.descriptor->name, "good");
  plugin_close(&plugin);
  diag_list_clear(&diags);
}

/* Opens file expecting one refusal, against the file, holding every part given. */
static void expect_refused(const char *file, const char *part, const char *other_part) {
  diag_list diags = {0};
  loaded_plugin plugin;
  assert_int_equal(plugin_open(file, &plugin, &diags), -1);
  assert_null(plugin.handle);
  assert_int_equal(diags.count, 1);
  assert_string_equal(diags.items[0].file, file);
  const char *message = diags.items[0].message;
  if (!strstr(message, part) || (other_part && !strstr(message, other_part)))
    fail_msg("message \"%s\" does not say \"%s\"%s%s", message, part,
             other_part ? " and " : "", other_part ? other_part : "");
  diag_list_clear(&diags);
}

/* The refusal of a folder writable by group or others, with the command that fixes it. */
static void expect_writable_folder(const char *file, const char *folder) {
  char part[PATH_MAX + 64], fix[PATH_MAX + 32];
  snprintf(part, sizeof part, "its folder %s is writable by group or others", folder);
  snprintf(fix, sizeof fix, "run `chmod go-w %s`", folder);
  expect_refused(file, part, fix);
}

static void test_private_folder_is_accepted(void **state) {
  char folder[PATH_MAX], file[PATH_MAX];
  make_folder(*state, "private", 0755, folder);
  expect_opens(place_good(*state, folder, file));
}

static void test_folder_writable_by_others_is_refused(void **state) {
  char folder[PATH_MAX], file[PATH_MAX];
  make_folder(*state, "open", 0777, folder);
  expect_writable_folder(place_good(*state, folder, file), folder);
  assert_int_equal(chmod(folder, 0757), 0); /* others alone */
  expect_writable_folder(file, folder);
}

static void test_folder_writable_by_group_is_refused(void **state) {
  char folder[PATH_MAX], file[PATH_MAX];
  make_folder(*state, "group", 0775, folder);
  expect_writable_folder(place_good(*state, folder, file), folder);
}

/* Not only the plugin's own folder: every one above it, up to /. */
static void test_writable_folder_higher_up_is_refused(void **state) {
  char shared[PATH_MAX], deep[PATH_MAX], file[PATH_MAX];
  make_folder(*state, "shared", 0777, shared);
  make_folder(*state, "shared/deep", 0755, deep);
  expect_writable_folder(place_good(*state, deep, file), shared);
}

/* Like /tmp: a sticky folder writable by all, with the user's own folder inside,
 * or the user's own file right in it. */
static void test_sticky_folder_is_accepted(void **state) {
  char sticky[PATH_MAX], mine[PATH_MAX], file[PATH_MAX];
  make_folder(*state, "tmp", 01777, sticky);
  make_folder(*state, "tmp/x", 0755, mine);
  expect_opens(place_good(*state, mine, file));
  expect_opens(place_good(*state, sticky, file));
}

/* A link is judged by the file it leads to: a link in a trusted folder to a
 * plugin in a writable one is refused; the reverse leads to a trusted file. */
static void test_links_are_checked_where_they_lead(void **state) {
  char trusted[PATH_MAX], open[PATH_MAX], target[PATH_MAX], link[PATH_MAX];
  make_folder(*state, "linked", 0755, trusted);
  make_folder(*state, "linked-open", 0777, open);
  place_good(*state, open, target);
  assert_int_equal(symlink(target, join(link, trusted, "link.so")), 0);
  expect_writable_folder(link, open);

  place_good(*state, trusted, target);
  assert_int_equal(symlink(target, join(link, open, "link.so")), 0);
  expect_opens(link);
}

static void test_plugin_owned_by_another_user_is_refused(void **state) {
  if (geteuid() != 0) skip_because("not run as root: only root can give a file to another owner");
  char folder[PATH_MAX], file[PATH_MAX], fix[PATH_MAX + 32];
  make_folder(*state, "given", 0755, folder);
  assert_int_equal(chown(place_good(*state, folder, file), OTHER_UID, (gid_t)-1), 0);
  snprintf(fix, sizeof fix, "`chown root %s`", file);
  expect_refused(file, "refusing plugin owned by uid 1234, who is neither root nor the user "
                       "running sustain (uid 0)", fix);
}

static void test_folder_owned_by_another_user_is_refused(void **state) {
  if (geteuid() != 0) skip_because("not run as root: only root can give a file to another owner");
  char folder[PATH_MAX], file[PATH_MAX], part[PATH_MAX + 64];
  make_folder(*state, "theirs", 0755, folder);
  place_good(*state, folder, file);
  assert_int_equal(chown(folder, OTHER_UID, (gid_t)-1), 0);
  snprintf(part, sizeof part, "its folder %s is owned by uid 1234", folder);
  expect_refused(file, part, "chown root");
}

/* The sticky bit does not bind a folder's owner: another user's sticky folder
 * lets them rename what it holds. */
static void test_sticky_folder_of_another_user_is_refused(void **state) {
  if (geteuid() != 0) skip_because("not run as root: only root can give a file to another owner");
  char folder[PATH_MAX], file[PATH_MAX], part[PATH_MAX + 64];
  make_folder(*state, "their-tmp", 01777, folder);
  place_good(*state, folder, file);
  assert_int_equal(chown(folder, OTHER_UID, (gid_t)-1), 0);
  snprintf(part, sizeof part, "its folder %s is owned by uid 1234", folder);
  expect_refused(file, part, NULL);
}

int main(int argc, char **argv) {
  fixture f = {.plugin_dir = argc > 1 ? argv[1] : getenv("SUSTAIN_TEST_PLUGIN_DIR")};
  if (!f.plugin_dir || !*f.plugin_dir) {
    fprintf(stderr, "usage: %s PLUGIN_DIR: the folder that holds good.so\n", argv[0]);
    return 2;
  }
  /* canonical, as the loader names the folders it refuses */
  if (test_scratch_folder(f.root, "sustain-trust") != 0) return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_prestate(test_private_folder_is_accepted, &f),
      cmocka_unit_test_prestate(test_folder_writable_by_others_is_refused, &f),
      cmocka_unit_test_prestate(test_folder_writable_by_group_is_refused, &f),
      cmocka_unit_test_prestate(test_writable_folder_higher_up_is_refused, &f),
      cmocka_unit_test_prestate(test_sticky_folder_is_accepted, &f),
      cmocka_unit_test_prestate(test_links_are_checked_where_they_lead, &f),
      cmocka_unit_test_prestate(test_plugin_owned_by_another_user_is_refused, &f),
      cmocka_unit_test_prestate(test_folder_owned_by_another_user_is_refused, &f),
      cmocka_unit_test_prestate(test_sticky_folder_of_another_user_is_refused, &f),
  };
  int failures = cmocka_run_group_tests(tests, NULL, NULL);
  test_remove_tree(f.root);
  return failures;
}
