/* replay_main.c: a fuzz target as a plain program. Each argument is a file or
 * a folder of files (hidden files and README* skipped); every input is run once
 * through LLVMFuzzerTestOneInput. A crash, a sanitizer report or a leak fails
 * the run, which is how a crash once found stays fixed. Prints a summary in
 * cmocka's form for tests/summary.py. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int replayed;

static int replay_file(const char *path) {
  FILE *file = fopen(path, "rb");
  if (!file) {
    fprintf(stderr, "replay: cannot open %s\n", path);
    return -1;
  }
  size_t capacity = 4096, size = 0;
  unsigned char *data = malloc(capacity);
  size_t n;
  while (data && (n = fread(data + size, 1, capacity - size, file)) > 0) {
    size += n;
    if (size == capacity) {
      unsigned char *grown = realloc(data, capacity *= 2);
      if (!grown) free(data);
      data = grown;
    }
  }
  fclose(file);
  if (!data) return -1;
  printf("[ RUN      ] %s\n", path);
  fflush(stdout);
  LLVMFuzzerTestOneInput(data, size);
  free(data);
  printf("[       OK ] %s\n", path);
  replayed++;
  return 0;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) {
    fprintf(stderr, "replay: %s does not exist\n", path);
    return -1;
  }
  if (!S_ISDIR(st.st_mode)) return replay_file(path);
  DIR *dir = opendir(path);
  if (!dir) return -1;
  char **names = NULL;
  size_t count = 0;
  struct dirent *entry;
  while ((entry = readdir(dir))) {
    if (entry->d_name[0] == '.' || strncmp(entry->d_name, "README", 6) == 0) continue;
    char **grown = realloc(names, (count + 1) * sizeof *names);
    if (!grown) break;
    names = grown;
    names[count++] = strdup(entry->d_name);
  }
  closedir(dir);
  if (count) qsort(names, count, sizeof *names, by_name); /* names is NULL when none */
  int status = 0;
  for (size_t i = 0; i < count; i++) {
    char full[4096];
    snprintf(full, sizeof full, "%s/%s", path, names[i]);
    status |= replay(full);
    free(names[i]);
  }
  free(names);
  return status;
}

int main(int argc, char **argv) {
  int status = 0;
  for (int i = 1; i < argc; i++) status |= replay(argv[i]);
  printf("[==========] %d test(s) run.\n", replayed);
  printf("[  PASSED  ] %d test(s).\n", replayed);
  if (status != 0) printf("[  FAILED  ] 1 test(s), listed below:\n");
  return status ? 1 : 0;
}
