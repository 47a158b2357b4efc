/* test_files.h: file and loading helpers shared by the plugin tests. */
#ifndef SUSTAIN_TEST_FILES_H
#define SUSTAIN_TEST_FILES_H

#include <sys/types.h>

#include "config.h"
#include "diag.h"
#include "sources.h"

/* Copies source to target and gives target exactly mode, whatever the umask
 * (the host refuses a plugin that group or others may write). Returns 0 or -1. */
int test_copy_file(const char *source, const char *target, mode_t mode);

/* Creates a private scratch folder $TMPDIR/NAME-XXXXXX (TMPDIR defaults to /tmp)
 * and writes its canonical path, without links, into dir (PATH_MAX bytes).
 * Returns 0, or -1 after printing why. */
int test_scratch_folder(char *dir, const char *name);

/* Removes a folder and everything in it. */
void test_remove_tree(const char *dir);

/* What loading every source of an INI gave. */
typedef struct test_loaded {
  config *cfg;
  evidence_set set;
  diag_list diags;
  int status; /* sources_load's */
} test_loaded;

/* Loads the INI at ini and every source in it with this many threads; sources
 * name their plugins by path, so no search path is needed. Returns 0, or -1
 * (after printing why) when the INI itself would not load. */
int test_load_sources(const char *ini, int threads, test_loaded *out);
void test_unload_sources(test_loaded *loaded);

#endif
