/* fuzz_support.c: a scratch folder per process for targets whose code under
 * test reads files (the INI loader, rule packs). */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char work_dir[64];

static void remove_work_dir(void) {
  char command[128];
  snprintf(command, sizeof command, "rm -rf '%s'", work_dir);
  if (system(command) != 0) fprintf(stderr, "fuzz: could not remove %s\n", work_dir);
}

const char *fuzz_work_dir(void) {
  if (work_dir[0]) return work_dir;
  const char *tmp = getenv("TMPDIR");
  snprintf(work_dir, sizeof work_dir, "%s/sustain-fuzz-XXXXXX",
           tmp && *tmp && strlen(tmp) < 32 ? tmp : "/tmp");
  if (!mkdtemp(work_dir)) {
    work_dir[0] = '\0';
    return NULL;
  }
  atexit(remove_work_dir);
  return work_dir;
}

int fuzz_write(const char *dir, const char *name, const void *data, size_t size) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *file = fopen(path, "wb");
  if (!file) return -1;
  size_t written = size ? fwrite(data, 1, size, file) : 0;
  return fclose(file) == 0 && written == size ? 0 : -1;
}
