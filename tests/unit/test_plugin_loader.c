/* test_plugin_loader.c: the plugin loader against real shared objects built from
 * tests/plugins/, one per way a plugin can be broken, plus the search path and
 * listing rules. Usage: test_plugin_loader PLUGIN_DIR, or set
 * SUSTAIN_TEST_PLUGIN_DIR; the folder holds good.so, wrong_major.so and the rest.
 * The plugins are copied into a scratch folder with mode 0644 first, so the
 * results do not depend on the umask they were built under. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fake_host.h"
#include "layout.h"
#include "plugin_loader.h"
#include "test_files.h"

/* Every test plugin tests/plugins/ builds, by file name without ".so". */
static const char *const test_plugin_names[] = {
    "good", "wrong_major", "newer_minor", "no_symbol", "missing_fields", "null_load", "small_size",
    "half_parts",
};

/* The scratch folder shared by the tests; main creates it and removes it. */
typedef struct fixture {
  char root[PATH_MAX];    /* mkdtemp folder */
  char plugins[PATH_MAX]; /* root/plugins: the built plugins, mode 0644 */
} fixture;

/* ** {======================================================================
** Files
** ======================================================================= */

static int write_text(const char *target, const char *text) {
  FILE *file = fopen(target, "w");
  if (!file) return -1;
  int status = fputs(text, file) < 0 ? -1 : 0;
  if (fclose(file) != 0) status = -1;
  return status;
}

/* Writes "a/b/c" into buffer (PATH_MAX) and fails the test if it does not fit. */
static char *path_of(char *buffer, const char *a, const char *b, const char *c) {
  int n = c ? snprintf(buffer, PATH_MAX, "%s/%s/%s", a, b, c)
            : snprintf(buffer, PATH_MAX, "%s/%s", a, b);
  assert_true(n > 0 && n < PATH_MAX);
  return buffer;
}

static void make_dir(const char *path) {
  if (mkdir(path, 0755) != 0 && errno != EEXIST) fail_msg("cannot create %s", path);
}

/* Puts a 0644 copy of the test plugin `plugin` at dir/relative. */
static void place_plugin(const fixture *f, const char *plugin, const char *dir,
                         const char *relative) {
  char source[PATH_MAX], name[PATH_MAX], target[PATH_MAX];
  snprintf(name, sizeof name, "%s.so", plugin);
  path_of(source, f->plugins, name, NULL);
  path_of(target, dir, relative, NULL);
  if (test_copy_file(source, target, 0644) != 0) fail_msg("cannot copy %s to %s", source, target);
}

static void touch(const char *dir, const char *relative) {
  char target[PATH_MAX];
  if (write_text(path_of(target, dir, relative, NULL), "") != 0)
    fail_msg("cannot write %s", target);
}

static int remove_entry(const char *path, const struct stat *info, int kind, struct FTW *walk) {
  (void)info;
  (void)kind;
  (void)walk;
  return remove(path);
}

static int fixture_create(fixture *f, const char *source_dir) {
  const char *tmp = getenv("TMPDIR");
  snprintf(f->root, sizeof f->root, "%s/sustain-plugin-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(f->root)) {
    fprintf(stderr, "%s: cannot create a scratch folder: %s\n", f->root, strerror(errno));
    return -1;
  }
  if (snprintf(f->plugins, sizeof f->plugins, "%s/plugins", f->root) >= PATH_MAX ||
      mkdir(f->plugins, 0755) != 0) {
    fprintf(stderr, "%s: cannot create the plugin copy folder\n", f->plugins);
    return -1;
  }
  for (size_t i = 0; i < sizeof test_plugin_names / sizeof *test_plugin_names; i++) {
    char source[PATH_MAX], target[PATH_MAX];
    if (snprintf(source, sizeof source, "%s/%s.so", source_dir, test_plugin_names[i]) >=
            PATH_MAX ||
        snprintf(target, sizeof target, "%s/%s.so", f->plugins, test_plugin_names[i]) >=
            PATH_MAX) {
      fprintf(stderr, "%s: path too long; use a shorter PLUGIN_DIR or TMPDIR\n", source_dir);
      return -1;
    }
    if (test_copy_file(source, target, 0644) != 0) {
      fprintf(stderr, "%s: cannot copy the test plugin: %s; build tests/plugins/%s.c first\n",
              source, strerror(errno), test_plugin_names[i]);
      return -1;
    }
  }
  return 0;
}

static void fixture_destroy(fixture *f) {
  if (f->root[0]) nftw(f->root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* }====================================================================== */

/* ** {======================================================================
** Opening one plugin
** ======================================================================= */

/* Opens file expecting a refusal: exactly one diagnostic, naming file at line 0,
 * whose message contains reason; *out zeroed. */
static void expect_refused(const char *file, const char *reason) {
  diag_list diags = {0};
  loaded_plugin plugin;
  memset(&plugin, 0xA5, sizeof plugin); /* garbage, to see that it is zeroed */
  assert_int_equal(plugin_open(file, &plugin, &diags), -1);
  assert_null(plugin.path);
  assert_null(plugin.handle);
  assert_null(plugin.descriptor);
  assert_int_equal(diags.count, 1);
  assert_string_equal(diags.items[0].file, file);
  assert_int_equal(diags.items[0].line, 0);
  if (!strstr(diags.items[0].message, reason))
    fail_msg("message \"%s\" does not say \"%s\"", diags.items[0].message, reason);
  diag_list_clear(&diags);
}

static void plugin_path(const fixture *f, const char *name, char buffer[PATH_MAX]) {
  char file[PATH_MAX];
  snprintf(file, sizeof file, "%s.so", name);
  path_of(buffer, f->plugins, file, NULL);
}

static void test_good_plugin_opens(void **state) {
  const fixture *f = *state;
  char file[PATH_MAX];
  plugin_path(f, "good", file);
  diag_list diags = {0};
  loaded_plugin plugin;
  assert_int_equal(plugin_open(file, &plugin, &diags), 0);
  assert_int_equal(diags.count, 0);
  assert_string_equal(plugin.path, file);
  assert_non_null(plugin.handle);
  const sustain_plugin_descriptor *d = plugin.descriptor;
  assert_int_equal(d->abi_major, SUSTAIN_PLUGIN_ABI_MAJOR);
  assert_int_equal(d->abi_minor, SUSTAIN_PLUGIN_ABI_MINOR);
  assert_int_equal(d->size, sizeof(sustain_plugin_descriptor));
  assert_string_equal(d->name, "good");
  assert_string_equal(d->version, "1.0.0");
  assert_string_equal(d->description, "a valid test plugin with one option and a two-row table");
  assert_string_equal(d->options[0].name, "greeting");
  assert_int_equal(d->options[0].kind, SUSTAIN_OPTION_TEXT);
  assert_string_equal(d->options[0].default_value, "hello");
  assert_null(d->options[1].name);

  /* the descriptor is live code: its load builds the table through the host */
  sustain_host host = fake_host(SUSTAIN_PLUGIN_ABI_MINOR);
  sustain_source source = {.plugin = d};
  fake_source_option(&source, "greeting", "hi");
  assert_int_equal(d->load(&host, &source), 0);
  assert_int_equal(source.error_count, 0);
  assert_int_equal(source.protocol_violations, 0);
  assert_string_equal(fake_table(&source), "word:text count:number\n'hi' 1 @1\n'world' 2 @2\n");
  fake_source_free(&source);

  plugin_close(&plugin);
  assert_null(plugin.path);
  assert_null(plugin.handle);
}

static void test_newer_minor_is_accepted(void **state) {
  const fixture *f = *state;
  char file[PATH_MAX];
  plugin_path(f, "newer_minor", file);
  diag_list diags = {0};
  loaded_plugin plugin;
  assert_int_equal(plugin_open(file, &plugin, &diags), 0);
  assert_int_equal(diags.count, 0);
  assert_string_equal(plugin.descriptor->name, "newer_minor");
  assert_int_equal(plugin.descriptor->abi_minor, SUSTAIN_PLUGIN_ABI_MINOR + 1);
  assert_true(plugin.descriptor->size > sizeof(sustain_plugin_descriptor));
  plugin_close(&plugin);
}

static void test_wrong_major_is_refused(void **state) {
  char file[PATH_MAX];
  plugin_path(*state, "wrong_major", file);
  char reason[160];
  snprintf(reason, sizeof reason,
           "built for plugin ABI %d.0, but this sustain uses plugin ABI %d.%d",
           SUSTAIN_PLUGIN_ABI_MAJOR + 1, SUSTAIN_PLUGIN_ABI_MAJOR, SUSTAIN_PLUGIN_ABI_MINOR);
  expect_refused(file, reason);
  expect_refused(file, "rebuild the plugin against this sustain's sustain/plugin.h");
}

static void test_missing_symbol_is_refused(void **state) {
  char file[PATH_MAX];
  plugin_path(*state, "no_symbol", file);
  expect_refused(file, "not a sustain plugin: it does not export `sustain_plugin`");
}

static void test_missing_description_is_refused(void **state) {
  char file[PATH_MAX];
  plugin_path(*state, "missing_fields", file);
  expect_refused(file, "descriptor is missing `description` (NULL or empty)");
}

static void test_null_load_is_refused(void **state) {
  char file[PATH_MAX];
  plugin_path(*state, "null_load", file);
  expect_refused(file, "descriptor is missing `load` (NULL or empty)");
}

static void test_half_of_parts_is_refused(void **state) {
  char file[PATH_MAX];
  plugin_path(*state, "half_parts", file);
  expect_refused(file, "descriptor sets only one of `count_parts` and `load_part`");
}

static void test_small_size_is_refused(void **state) {
  char file[PATH_MAX], reason[160];
  plugin_path(*state, "small_size", file);
  /* the fields of ABI 1.0 end with load; later minors' fields are optional */
  snprintf(reason, sizeof reason, "descriptor size is %zu bytes, smaller than the %zu bytes",
           offsetof(sustain_plugin_descriptor, load),
           offsetof(sustain_plugin_descriptor, load) + sizeof(void (*)(void)));
  expect_refused(file, reason);
}

static void test_writable_by_group_or_others_is_refused(void **state) {
  const fixture *f = *state;
  char dir[PATH_MAX], file[PATH_MAX], reason[PATH_MAX + 64];
  make_dir(path_of(dir, f->root, "writable", NULL));
  const mode_t modes[] = {0664, 0646, 0777};
  for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
    place_plugin(f, "good", dir, "good.so");
    assert_int_equal(chmod(path_of(file, dir, "good.so", NULL), modes[i]), 0);
    snprintf(reason, sizeof reason,
             "refusing plugin writable by group or others; run `chmod go-w %s`", file);
    expect_refused(file, reason);
  }

  /* the command must still work when pasted for a path with a space */
  make_dir(path_of(dir, f->root, "my plugins", NULL));
  place_plugin(f, "good", dir, "good.so");
  assert_int_equal(chmod(path_of(file, dir, "good.so", NULL), 0664), 0);
  snprintf(reason, sizeof reason, "run `chmod go-w '%s'`", file);
  expect_refused(file, reason);
}

static void test_not_a_shared_object_is_refused(void **state) {
  const fixture *f = *state;
  char file[PATH_MAX];
  assert_int_equal(write_text(path_of(file, f->root, "x.so", NULL), "not an ELF file\n"), 0);
  assert_int_equal(chmod(file, 0644), 0);
  expect_refused(file, "cannot load plugin: ");
}

static void test_missing_file_and_folder_are_refused(void **state) {
  const fixture *f = *state;
  char file[PATH_MAX];
  expect_refused(path_of(file, f->root, "nothing-here.so", NULL), "plugin not found");
  expect_refused(f->plugins, "plugin is not a regular file");
}

/* A bare "good.so" is the file in the current folder, as checked, not whatever
 * dlopen would find on the library path. */
static void test_relative_name_opens_from_current_folder(void **state) {
  const fixture *f = *state;
  char previous[PATH_MAX];
  assert_non_null(getcwd(previous, sizeof previous));
  assert_int_equal(chdir(f->plugins), 0);
  diag_list diags = {0};
  loaded_plugin plugin;
  int status = plugin_open("good.so", &plugin, &diags);
  assert_int_equal(chdir(previous), 0);
  assert_int_equal(status, 0);
  assert_string_equal(plugin.path, "good.so");
  assert_string_equal(plugin.descriptor->name, "good");
  plugin_close(&plugin);
}

/* }====================================================================== */

/* ** {======================================================================
** Search path and finding
** ======================================================================= */

/* Checks that path holds exactly the expected folders, in order. */
static void expect_dirs(const plugin_search_path *path, const char *const *expected, size_t count) {
  assert_int_equal(path->count, count);
  for (size_t i = 0; i < count; i++) assert_string_equal(path->dirs[i], expected[i]);
}

static void test_search_path_order_and_empty_entries(void **state) {
  (void)state;
  plugin_search_path path;
  const char *config[] = {"/c1", "", "/c2"};
  const char *shipped[] = {"/a/build/plugins", NULL, "", "/usr/lib/sustain"};
  assert_int_equal(plugin_search_path_build(&path, config, 3, "/e1::/e2:", shipped, 4), 0);
  const char *expected[] = {"/c1", "/c2", "/e1", "/e2", "/a/build/plugins", "/usr/lib/sustain"};
  expect_dirs(&path, expected, 6);
  plugin_search_path_free(&path);
  assert_int_equal(path.count, 0);

  const char *install[] = {"/i"};
  assert_int_equal(plugin_search_path_build(&path, NULL, 0, NULL, install, 1), 0);
  const char *install_only[] = {"/i"};
  expect_dirs(&path, install_only, 1);
  plugin_search_path_free(&path);

  assert_int_equal(plugin_search_path_build(&path, NULL, 0, "", NULL, 0), 0);
  expect_dirs(&path, NULL, 0);
  plugin_search_path_free(&path);
}

/* The program's layout (layout.c) puts its build tree's plugins first only when it runs
 * from inside that tree. */
static void test_search_path_build_dir_only_under_build_root(void **state) {
  (void)state;
  plugin_search_path path;
  const char *config[] = {"/c"};
  const layout_tree build = {"/src/rules", "/a/build/plugins"}, install = {"/r", "/i"};
  const char *with_build[] = {"/c", "/e", "/a/build/plugins", "/i"};
  const char *without_build[] = {"/c", "/e", "/i"};
  struct {
    const char *exe, *root;
    int included;
  } cases[] = {
      {"/a/build/src/sustain", "/a/build", 1},
      {"/a/build/sustain", "/a/build/", 1},  /* a trailing slash on the root */
      {"/a/build2/sustain", "/a/build", 0},  /* a prefix, but not a folder of it */
      {"/a/buildsustain", "/a/build", 0},
      {"/usr/bin/sustain", "/a/build", 0},   /* installed */
      {NULL, "/a/build", 0},                 /* /proc/self/exe unreadable */
      {"/a/build/sustain", "", 0},           /* no build root */
      {"/a/build/sustain", NULL, 0},
  };
  const char *packs_with_build[] = {"/src/rules", "/r"}, *packs_without_build[] = {"/r"};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    config_layout layout;
    layout_choose(&layout, cases[i].exe, cases[i].root, build, install);
    assert_int_equal(plugin_search_path_build(&path, config, 1, "/e", layout.plugin_dirs,
                                              layout.plugin_dir_count),
                     0);
    if (cases[i].included)
      expect_dirs(&path, with_build, 4);
    else
      expect_dirs(&path, without_build, 3);
    plugin_search_path_free(&path);
    /* the packs of `rules = @NAME` follow the same decision */
    const char *const *packs = cases[i].included ? packs_with_build : packs_without_build;
    assert_int_equal(layout.pack_dir_count, cases[i].included ? 2 : 1);
    for (size_t k = 0; k < layout.pack_dir_count; k++)
      assert_string_equal(layout.pack_dirs[k], packs[k]);
  }
}

/* An installed program finds its folders from its own (layout_beside): bindir's '..'s
 * and the folder below the prefix, taken lexically from a canonical folder. */
static void test_folders_beside_the_program(void **state) {
  (void)state;
  static const struct {
    const char *exe, *relative, *expected; /* expected NULL: refused */
  } cases[] = {
      {"/stage/usr/local/bin/sustain", "../lib/x86_64-linux-gnu/sustain/plugins",
       "/stage/usr/local/lib/x86_64-linux-gnu/sustain/plugins"},
      {"/usr/bin/sustain", "../share/sustain/rules", "/usr/share/sustain/rules"},
      {"/opt/s/bin/sustain", "./../lib//./x/", "/opt/s/lib/x"},
      {"/opt/s/libexec/tools/sustain", "../../lib/p", "/opt/s/lib/p"},
      {"/sustain", "../lib/p", "/lib/p"},            /* no folder above / */
      {"/a/bin/sustain", "../../../../x", "/x"},
      {"/a/bin/sustain", "..", "/a"},
      {"/a/bin/sustain", "../..", "/"},
      {"bin/sustain", "../lib/p", NULL},               /* not canonical */
      {NULL, "../lib/p", NULL},                        /* /proc/self/exe unreadable */
      {"/a/bin/sustain", "", NULL},                    /* a folder outside the prefix */
      {"/a/bin/sustain", "/usr/lib/p", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char out[PATH_MAX];
    int status = layout_beside(cases[i].exe, cases[i].relative, out, sizeof out);
    if (!cases[i].expected) {
      assert_int_equal(status, -1);
      continue;
    }
    assert_int_equal(status, 0);
    assert_string_equal(out, cases[i].expected);
  }
  /* a result that does not fit is refused, never cut */
  char small[12];
  assert_int_equal(layout_beside("/usr/bin/sustain", "../lib/p", small, sizeof small), 0);
  assert_string_equal(small, "/usr/lib/p");
  assert_int_equal(layout_beside("/usr/bin/sustain", "../lib/pp/q", small, sizeof small), -1);
  assert_int_equal(layout_beside("/usr/local/bin/sustain", "x", small, sizeof small), -1);
}

/* Checks that plugin_find(name) is dir/relative (or NULL when dir is NULL). */
static void expect_found(const plugin_search_path *path, const char *name, const char *dir,
                         const char *relative) {
  char *found = plugin_find(path, name);
  if (!dir) {
    if (found) fail_msg("plugin_find(%s) found %s, expected nothing", name, found);
    return;
  }
  char expected[PATH_MAX];
  path_of(expected, dir, relative, NULL);
  assert_non_null(found);
  assert_string_equal(found, expected);
  free(found);
}

static void test_find_order_and_forms(void **state) {
  const fixture *f = *state;
  char base[PATH_MAX], config[PATH_MAX], env[PATH_MAX], install[PATH_MAX];
  make_dir(path_of(base, f->root, "find", NULL));
  make_dir(path_of(config, base, "config", NULL));
  make_dir(path_of(env, base, "env", NULL));
  make_dir(path_of(install, base, "install", NULL));
  char sub[PATH_MAX];
  /* finding only looks for files; opening them is plugin_open's job */
  touch(config, "alpha.so");
  touch(env, "alpha.so");
  touch(install, "alpha.so");
  touch(env, "beta.so");
  touch(install, "beta.so");
  make_dir(path_of(sub, install, "gamma", NULL));
  touch(install, "gamma/gamma.so");
  make_dir(path_of(sub, config, "delta", NULL));
  touch(config, "delta/delta.so");
  touch(env, "delta.so");
  make_dir(path_of(sub, env, "eps", NULL));
  touch(env, "eps/eps.so");
  touch(env, "eps.so");
  make_dir(path_of(sub, config, "zeta", NULL)); /* a folder without zeta/zeta.so */
  touch(env, "zeta.so");
  make_dir(path_of(sub, config, "eta.so", NULL)); /* not a regular file */
  touch(install, "eta.so");

  plugin_search_path path;
  const char *config_dirs[] = {config};
  const char *shipped[] = {install};
  assert_int_equal(plugin_search_path_build(&path, config_dirs, 1, env, shipped, 1), 0);
  expect_found(&path, "alpha", config, "alpha.so");      /* config before env and install */
  expect_found(&path, "beta", env, "beta.so");           /* env before install */
  expect_found(&path, "gamma", install, "gamma/gamma.so"); /* NAME/NAME.so */
  expect_found(&path, "delta", config, "delta/delta.so"); /* folder order beats form */
  expect_found(&path, "eps", env, "eps.so");             /* NAME.so first within a folder */
  expect_found(&path, "zeta", env, "zeta.so");
  expect_found(&path, "eta", install, "eta.so");
  expect_found(&path, "missing", NULL, NULL);
  expect_found(&path, "", NULL, NULL);

  /* a path is returned as is, whether or not it exists */
  char *found = plugin_find(&path, "some/dir/alpha");
  assert_string_equal(found, "some/dir/alpha");
  free(found);
  found = plugin_find(&path, "alpha.so");
  assert_string_equal(found, "alpha.so");
  free(found);
  plugin_search_path_free(&path);
}

/* }====================================================================== */

/* ** {======================================================================
** Listing
** ======================================================================= */

static void test_list_dedups_sorts_and_reports_broken(void **state) {
  const fixture *f = *state;
  char base[PATH_MAX], first[PATH_MAX], second[PATH_MAX], third[PATH_MAX], absent[PATH_MAX];
  char sub[PATH_MAX];
  make_dir(path_of(base, f->root, "list", NULL));
  make_dir(path_of(first, base, "first", NULL));
  make_dir(path_of(second, base, "second", NULL));
  make_dir(path_of(third, base, "third", NULL));
  path_of(absent, base, "absent", NULL); /* never created: skipped quietly */

  place_plugin(f, "newer_minor", first, "aaa.so");      /* listed as "newer_minor" */
  place_plugin(f, "wrong_major", first, "hidden.so");    /* broken, and hides second's */
  place_plugin(f, "wrong_major", first, ".dotted.so");   /* hidden files are not plugins */
  touch(first, "README");
  make_dir(path_of(sub, second, "good", NULL));
  place_plugin(f, "good", second, "good/good.so");
  place_plugin(f, "good", second, "hidden.so");
  make_dir(path_of(sub, second, "docs", NULL));          /* no docs/docs.so: claims nothing */
  place_plugin(f, "small_size", third, "docs.so");
  place_plugin(f, "good", third, "good.so");             /* hidden by second/good/good.so */
  make_dir(path_of(sub, third, "zzz", NULL));
  place_plugin(f, "null_load", third, "zzz/zzz.so");

  plugin_search_path path;
  const char *dirs[] = {first, second, absent, third};
  assert_int_equal(plugin_search_path_build(&path, dirs, 4, NULL, NULL, 0), 0);
  loaded_plugin *plugins;
  size_t count;
  diag_list diags = {0};
  assert_int_equal(plugin_list(&path, &plugins, &count, &diags), 0);

  /* sorted by descriptor name, not by file name or folder */
  char expected[PATH_MAX];
  assert_int_equal(count, 2);
  assert_string_equal(plugins[0].descriptor->name, "good");
  assert_string_equal(plugins[0].path, path_of(expected, second, "good/good.so", NULL));
  assert_string_equal(plugins[1].descriptor->name, "newer_minor");
  assert_string_equal(plugins[1].path, path_of(expected, first, "aaa.so", NULL));

  /* each broken plugin reported once, in search path order, then by name; the plugin
   * whose descriptor names it otherwise than its file is listed, with a warning */
  assert_int_equal(diags.count, 4);
  assert_int_equal(diag_error_count(&diags), 3);
  assert_string_equal(diags.items[0].file, path_of(expected, first, "aaa.so", NULL));
  assert_true(diags.items[0].warning);
  assert_string_equal(diags.items[0].message,
                      "the plugin calls itself 'newer_minor', but configs find it by its file "
                      "as 'aaa' (plugin = aaa); give the descriptor's name and the file the "
                      "same name");
  assert_string_equal(diags.items[1].file, path_of(expected, first, "hidden.so", NULL));
  assert_non_null(strstr(diags.items[1].message, "plugin ABI"));
  assert_string_equal(diags.items[2].file, path_of(expected, third, "docs.so", NULL));
  assert_non_null(strstr(diags.items[2].message, "descriptor size"));
  assert_string_equal(diags.items[3].file, path_of(expected, third, "zzz/zzz.so", NULL));
  assert_non_null(strstr(diags.items[3].message, "`load`"));
  for (size_t i = 1; i < diags.count; i++) assert_false(diags.items[i].warning);

  diag_list_clear(&diags);
  plugin_list_free(plugins, count);
  plugin_search_path_free(&path);
}

static void test_list_of_empty_path_is_empty(void **state) {
  (void)state;
  plugin_search_path path = {0};
  loaded_plugin *plugins;
  size_t count;
  diag_list diags = {0};
  assert_int_equal(plugin_list(&path, &plugins, &count, &diags), 0);
  assert_int_equal(count, 0);
  assert_int_equal(diags.count, 0);
  plugin_list_free(plugins, count);
}

/* }====================================================================== */

int main(int argc, char **argv) {
  const char *source_dir = argc > 1 ? argv[1] : getenv("SUSTAIN_TEST_PLUGIN_DIR");
  if (!source_dir || !*source_dir) {
    fprintf(stderr, "usage: %s PLUGIN_DIR (or set SUSTAIN_TEST_PLUGIN_DIR): the folder that "
            "holds the test plugins built from tests/plugins/\n", argv[0]);
    return 2;
  }
  fixture f = {0};
  if (fixture_create(&f, source_dir) != 0) {
    fixture_destroy(&f);
    return 1;
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_prestate(test_good_plugin_opens, &f),
      cmocka_unit_test_prestate(test_newer_minor_is_accepted, &f),
      cmocka_unit_test_prestate(test_wrong_major_is_refused, &f),
      cmocka_unit_test_prestate(test_missing_symbol_is_refused, &f),
      cmocka_unit_test_prestate(test_missing_description_is_refused, &f),
      cmocka_unit_test_prestate(test_null_load_is_refused, &f),
      cmocka_unit_test_prestate(test_half_of_parts_is_refused, &f),
      cmocka_unit_test_prestate(test_small_size_is_refused, &f),
      cmocka_unit_test_prestate(test_writable_by_group_or_others_is_refused, &f),
      cmocka_unit_test_prestate(test_not_a_shared_object_is_refused, &f),
      cmocka_unit_test_prestate(test_missing_file_and_folder_are_refused, &f),
      cmocka_unit_test_prestate(test_relative_name_opens_from_current_folder, &f),
      cmocka_unit_test_prestate(test_search_path_order_and_empty_entries, &f),
      cmocka_unit_test_prestate(test_search_path_build_dir_only_under_build_root, &f),
      cmocka_unit_test_prestate(test_folders_beside_the_program, &f),
      cmocka_unit_test_prestate(test_find_order_and_forms, &f),
      cmocka_unit_test_prestate(test_list_dedups_sorts_and_reports_broken, &f),
      cmocka_unit_test_prestate(test_list_of_empty_path_is_empty, &f),
  };
  int failures = cmocka_run_group_tests(tests, NULL, NULL);
  fixture_destroy(&f);
  return failures;
}
