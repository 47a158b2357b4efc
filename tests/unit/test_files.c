/* test_files.c: file and loading helpers shared by the plugin tests; see test_files.h. */
#include "test_files.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int test_copy_file(const char *source, const char *target, mode_t mode) {
  int in = open(source, O_RDONLY | O_CLOEXEC);
  int out = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int status = in >= 0 && out >= 0 ? 0 : -1;
  char buffer[8192];
  ssize_t n = 0;
  while (status == 0 && (n = read(in, buffer, sizeof buffer)) > 0)
    if (write(out, buffer, (size_t)n) != n) status = -1;
  if (n < 0 || (out >= 0 && fchmod(out, mode) != 0)) status = -1;
  if (in >= 0) close(in);
  if (out >= 0 && close(out) != 0) status = -1;
  return status;
}

int test_scratch_folder(char *dir, const char *name) {
  const char *tmp = getenv("TMPDIR");
  char pattern[PATH_MAX];
  snprintf(pattern, sizeof pattern, "%s/%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
  char *resolved = mkdtemp(pattern) ? realpath(pattern, NULL) : NULL;
  if (!resolved || strlen(resolved) >= PATH_MAX) {
    fprintf(stderr, "%s: cannot create a scratch folder: %s\n", pattern, strerror(errno));
    free(resolved);
    return -1;
  }
  strcpy(dir, resolved);
  free(resolved);
  return 0;
}

static int remove_entry(const char *path, const struct stat *info, int kind, struct FTW *walk) {
  (void)info, (void)kind, (void)walk;
  return remove(path);
}

void test_remove_tree(const char *dir) { nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS); }

int test_load_sources(const char *ini, int threads, test_loaded *out) {
  *out = (test_loaded){0};
  if (config_load(ini, NULL, &out->cfg, &out->diags) != 0) {
    fprintf(stderr, "config: %s\n", out->diags.count ? out->diags.items[0].message : "?");
    return -1;
  }
  plugin_search_path search = {0};
  out->status = sources_load(out->cfg, &search, &out->set, threads, &out->diags);
  return 0;
}

void test_unload_sources(test_loaded *loaded) {
  evidence_set_free(&loaded->set);
  config_free(loaded->cfg);
  diag_list_clear(&loaded->diags);
}
