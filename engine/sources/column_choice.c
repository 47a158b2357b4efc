/* column_choice.c: the columns `sustain run` stores; see column_choice.h. */
#include "column_choice.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "grow.h"
#include "source_columns.h"

/* What separates the names inside a config value: `types = CHILD:text, DOB:date`. */
#define VALUE_SEPARATORS ",;:=|"

static int add_name(column_choice *c, size_t *capacity, const char *text, size_t length) {
  while (length && (*text == ' ' || *text == '\t')) text++, length--;
  while (length && (text[length - 1] == ' ' || text[length - 1] == '\t')) length--;
  if (!length) return 0;
  char *copy = strndup(text, length);
  if (!copy || GROW(&c->names, capacity, c->count + 1) != 0) {
    free(copy);
    return -1;
  }
  c->names[c->count++] = copy;
  return 0;
}

/* A config value as a name, and each piece of it between separators. */
static int add_value(column_choice *c, size_t *capacity, const char *value) {
  if (!value) return 0;
  if (add_name(c, capacity, value, strlen(value)) != 0) return -1;
  for (const char *at = value; *at;) {
    size_t length = strcspn(at, VALUE_SEPARATORS);
    if (add_name(c, capacity, at, length) != 0) return -1;
    at += length + (at[length] != '\0');
  }
  return 0;
}

/* The names the config gives: every source key's value, every authority attribute. */
static int add_config_names(column_choice *c, size_t *capacity, const config *cfg) {
  int status = add_value(c, capacity, SOURCE_COLUMNS_DEFAULT_ID);
  for (size_t i = 0; status == 0 && i < cfg->source_count; i++) {
    const config_source *src = &cfg->sources[i];
    status = add_value(c, capacity, src->authority_column) | add_value(c, capacity, src->id_column);
    for (size_t k = 0; status == 0 && k < src->option_count; k++)
      status = add_value(c, capacity, src->options[k].value);
  }
  for (size_t a = 0; status == 0 && a < cfg->authority_count; a++)
    for (size_t k = 0; status == 0 && k < cfg->authorities[a].attribute_count; k++)
      status = add_value(c, capacity, cfg->authorities[a].attributes[k].value);
  return status;
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int column_choice_build(column_choice *choice, const config *cfg, const char *const *pack_names,
                        size_t pack_name_count) {
  column_choice c = {0};
  size_t capacity = 0;
  int status = 0;
  for (size_t i = 0; status == 0 && i < pack_name_count; i++)
    status = add_name(&c, &capacity, pack_names[i], strlen(pack_names[i]));
  if (status == 0) status = add_config_names(&c, &capacity, cfg);
  if (status == 0) {
    c.source_count = cfg->source_count;
    /* shared, so that a worker process's note reaches the engine */
    void *flags = mmap(NULL, (c.source_count + 1) * sizeof(int), PROT_READ | PROT_WRITE,
                       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (flags == MAP_FAILED) status = -1;
    else c.missed = flags;
  }
  if (status != 0) {
    column_choice_free(&c);
    return -1;
  }
  if (c.count) qsort(c.names, c.count, sizeof *c.names, compare_names);
  size_t kept = 0;
  for (size_t i = 0; i < c.count; i++) {
    if (kept && strcmp(c.names[kept - 1], c.names[i]) == 0) free(c.names[i]);
    else c.names[kept++] = c.names[i];
  }
  c.count = kept;
  *choice = c;
  return 0;
}

int column_choice_prunes(const config *cfg, const config_source *src) {
  return src->authority_column || src->shared || cfg->authority_count <= 1;
}

int column_choice_keeps(const void *context, const char *name) {
  const column_choice *c = context;
  size_t low = 0, high = c->count;
  while (low < high) {
    size_t mid = low + (high - low) / 2;
    int order = strcmp(c->names[mid], name);
    if (order == 0) return 1;
    if (order < 0) low = mid + 1;
    else high = mid;
  }
  return 0;
}

int *column_choice_missed_flag(const column_choice *choice, size_t index) {
  return index < choice->source_count ? &choice->missed[index] : NULL;
}

int column_choice_missed(const column_choice *choice) {
  for (size_t i = 0; i < choice->source_count; i++)
    if (__atomic_load_n(&choice->missed[i], __ATOMIC_RELAXED)) return 1;
  return 0;
}

void column_choice_free(column_choice *choice) {
  for (size_t i = 0; i < choice->count; i++) free(choice->names[i]);
  free(choice->names);
  if (choice->missed) munmap(choice->missed, (choice->source_count + 1) * sizeof(int));
  *choice = (column_choice){0};
}
