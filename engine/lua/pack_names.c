/* pack_names.c: the string constants of a rule pack's files; see pack_names.h. */
#include "pack_names.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bytecode.h"
#include "grow.h"

/* Folders below a rule path read at most: deeper ones are not a pack's. */
#define PACK_NAMES_MAX_DEPTH 8

/* What the collection holds while it reads. */
typedef struct collection {
  char **names;
  size_t count, capacity;
  size_t files;
  int failed;
} collection;

static void add_name(collection *c, const char *text, size_t length) {
  char *copy = strndup(text, length);
  if (!copy || GROW(&c->names, &c->capacity, c->count + 1) != 0) {
    free(copy);
    c->failed = 1;
    return;
  }
  c->names[c->count++] = copy;
}

/* Every string constant of f and of the functions inside it. */
static void add_constants(collection *c, const bytecode_function *f) {
  for (size_t k = 0; k < f->constant_count && !c->failed; k++)
    if (f->constants[k].text) add_name(c, f->constants[k].text, f->constants[k].length);
  for (size_t i = 0; i < f->function_count && !c->failed; i++)
    add_constants(c, &f->functions[i]);
}

/* The whole of a file, malloc'd; NULL when it cannot be read. */
static char *read_whole(const char *path, size_t *length) {
  FILE *in = fopen(path, "rb");
  if (!in) return NULL;
  char *text = NULL;
  size_t used = 0, capacity = 0;
  for (;;) {
    if (GROW(&text, &capacity, used + 4096) != 0) break;
    size_t got = fread(text + used, 1, capacity - used, in);
    used += got;
    if (got == 0) {
      if (ferror(in)) break;
      fclose(in);
      *length = used;
      return text;
    }
  }
  fclose(in);
  free(text);
  return NULL;
}

static void add_file(collection *c, const char *path) {
  if (++c->files > PACK_NAMES_MAX_FILES) {
    c->failed = 1;
    return;
  }
  size_t length, size;
  char *text = read_whole(path, &length);
  unsigned char *dump = text ? bytecode_compile(text, length, path, &size) : NULL;
  bytecode_function main;
  if (!dump || bytecode_read(dump, size, &main) != 0) {
    c->failed = 1; /* loading the pack will say why, or this Lua is not the one read */
  } else {
    add_constants(c, &main);
    bytecode_free(&main);
  }
  free(dump);
  free(text);
}

/* A file a pack may run: Lua, not a test. */
static int is_pack_file(const char *name) {
  size_t n = strlen(name);
  return n > 4 && strcmp(name + n - 4, ".lua") == 0 &&
         !(n > 9 && strcmp(name + n - 9, "_test.lua") == 0);
}

/* Every pack file under folder, which need not exist. */
static void add_folder(collection *c, const char *folder, int depth) {
  DIR *dir = depth <= PACK_NAMES_MAX_DEPTH ? opendir(folder) : NULL;
  if (!dir) return;
  struct dirent *entry;
  while (!c->failed && (entry = readdir(dir))) {
    if (entry->d_name[0] == '.') continue;
    char *path = NULL;
    struct stat st;
    if (asprintf(&path, "%s/%s", folder, entry->d_name) < 0) {
      c->failed = 1;
      break;
    }
    if (stat(path, &st) == 0) {
      if (S_ISDIR(st.st_mode)) add_folder(c, path, depth + 1);
      else if (S_ISREG(st.st_mode) && is_pack_file(entry->d_name)) add_file(c, path);
    }
    free(path);
  }
  closedir(dir);
}

/* The folder that holds path ("." for a bare name), malloc'd. */
static char *folder_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return strdup(".");
  return strndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/* A rule path: a folder (a pack) or a file, with the folders require reads from. */
static void add_rule_path(collection *c, const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) return; /* loading reports it */
  char *pack = S_ISDIR(st.st_mode) ? strdup(path) : folder_of(path);
  char *parent = pack ? folder_of(pack) : NULL;
  char *lib = NULL;
  if (!parent || asprintf(&lib, "%s/lib", parent) < 0) {
    c->failed = 1;
    lib = NULL;
  } else {
    if (!S_ISDIR(st.st_mode) && !is_pack_file(path)) add_file(c, path); /* run all the same */
    add_folder(c, pack, 0);
    add_folder(c, lib, 0);
  }
  free(pack);
  free(parent);
  free(lib);
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int pack_names_collect(const config *cfg, pack_names *out) {
  *out = (pack_names){0};
  collection c = {0};
  for (size_t i = 0; i < cfg->rule_count && !c.failed; i++) add_rule_path(&c, cfg->rules[i]);
  for (size_t a = 0; a < cfg->authority_count && !c.failed; a++)
    for (size_t i = 0; i < cfg->authorities[a].rule_count && !c.failed; i++)
      add_rule_path(&c, cfg->authorities[a].rules[i]);
  if (c.failed || c.files == 0) {
    pack_names_free(&(pack_names){c.names, c.count});
    return -1;
  }
  if (c.count) qsort(c.names, c.count, sizeof *c.names, compare_names);
  size_t kept = 0;
  for (size_t i = 0; i < c.count; i++) {
    if (kept && strcmp(c.names[kept - 1], c.names[i]) == 0) free(c.names[i]);
    else c.names[kept++] = c.names[i];
  }
  *out = (pack_names){c.names, kept};
  return 0;
}

void pack_names_free(pack_names *names) {
  for (size_t i = 0; i < names->count; i++) free(names->names[i]);
  free(names->names);
  *names = (pack_names){0};
}
