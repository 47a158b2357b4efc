/* test_sequence.c: tests the built plugin the way sustain meets it: dlopen the .so, find
 * the descriptor, check its ABI fields, then run load against a small host that fills
 * options (the config's, else the descriptor's defaults, as sustain does) and records
 * the table as text. Needs only sustain/plugin.h. Usage: test_sequence PLUGIN.so */
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sustain/plugin.h"

static int failures = 0;

#define CHECK(condition)                                                    \
  do {                                                                      \
    if (!(condition)) {                                                     \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
      failures++;                                                           \
    }                                                                       \
  } while (0)

/* The recording host's view of one load. */
struct sustain_source {
  const sustain_plugin_descriptor *plugin;
  const char *const *config; /* name, value, ..., NULL */
  char table[1024];          /* "la step value" then a line per row; - is missing */
  char error[256];           /* the last error message */
  int columns, cells;
};

static void add_text(sustain_source *source, const char *text) {
  size_t used = strlen(source->table);
  snprintf(source->table + used, sizeof source->table - used, "%s", text);
}

static const char *host_option(sustain_source *source, const char *name) {
  for (const char *const *c = source->config; c[0]; c += 2)
    if (strcmp(c[0], name) == 0) return c[1];
  for (const sustain_option *o = source->plugin->options; o->name; o++)
    if (strcmp(o->name, name) == 0) return o->default_value;
  return NULL;
}

static void host_error(sustain_source *source, const char *file, long line, long column,
                       const char *message) {
  (void)file, (void)line, (void)column;
  snprintf(source->error, sizeof source->error, "%s", message);
}

static int host_add_column(sustain_source *source, const char *name, size_t length,
                           sustain_column_type type) {
  (void)type;
  char text[64];
  snprintf(text, sizeof text, "%s%.*s", source->columns++ ? " " : "", (int)length, name);
  add_text(source, text);
  return 0;
}

static int host_cell(sustain_source *source, const char *text) {
  if (source->cells == 0) add_text(source, "\n");
  else add_text(source, " ");
  add_text(source, text);
  source->cells++;
  return source->cells <= source->columns ? 0 : -1;
}

static int host_append_text(sustain_source *source, const char *text, size_t length) {
  char cell[64];
  snprintf(cell, sizeof cell, "%.*s", (int)length, text);
  return host_cell(source, length ? cell : "-");
}

static int host_append_number(sustain_source *source, double value) {
  char cell[32];
  snprintf(cell, sizeof cell, "%g", value);
  return host_cell(source, cell);
}

static int host_append_missing(sustain_source *source) { return host_cell(source, "-"); }

static int host_end_row(sustain_source *source, long line) {
  (void)line;
  int complete = source->cells == source->columns;
  source->cells = 0;
  return complete ? 0 : -1;
}

/* Designated fields: host functions appended by later ABI minors stay NULL here,
 * as they would be in an older host, and the plugin must cope. */
static const sustain_host host = {
    .size = sizeof(sustain_host),
    .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR,
    .option = host_option,
    .error = host_error,
    .add_column = host_add_column,
    .append_text = host_append_text,
    .append_number = host_append_number,
    .append_missing = host_append_missing,
    .end_row = host_end_row,
};

/* Runs load with the given config; returns its status, the source holding the rest. */
static int run(const sustain_plugin_descriptor *plugin, const char *const *config,
               sustain_source *source) {
  memset(source, 0, sizeof *source);
  source->plugin = plugin;
  source->config = config;
  return plugin->load(&host, source);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s PLUGIN.so\n", argv[0]);
    return 2;
  }
  void *handle = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    fprintf(stderr, "%s\n", dlerror());
    return 1;
  }
  const sustain_plugin_descriptor *plugin = dlsym(handle, SUSTAIN_PLUGIN_SYMBOL);
  CHECK(plugin != NULL);
  if (!plugin) return 1;

  /* the descriptor sustain checks */
  CHECK(plugin->abi_major == SUSTAIN_PLUGIN_ABI_MAJOR);
  CHECK(plugin->size == sizeof(sustain_plugin_descriptor));
  CHECK(strcmp(plugin->name, "sequence") == 0);
  CHECK(plugin->version && plugin->description && plugin->options && plugin->load);
  for (const sustain_option *o = plugin->options; o->name; o++)
    CHECK(o->name[0] && o->description && o->description[0]);

  sustain_source source;
  const char *const two[] = {"authorities", " north , south", "steps", "2", "skip_last", "yes",
                             NULL};
  CHECK(run(plugin, two, &source) == 0);
  CHECK(strcmp(source.table, "la step value\n"
                             "north 1 1\n"
                             "north 2 -\n"
                             "south 1 1\n"
                             "south 2 -") == 0);
  CHECK(source.error[0] == '\0');

  const char *const defaults[] = {"authorities", "north", NULL};
  CHECK(run(plugin, defaults, &source) == 0);
  CHECK(strstr(source.table, "la step value") == source.table); /* default column name */
  CHECK(strstr(source.table, "\nnorth 3 3") != NULL);             /* three steps, none missing */

  const char *const bad_steps[] = {"authorities", "north", "steps", "0", NULL};
  CHECK(run(plugin, bad_steps, &source) != 0);
  CHECK(strstr(source.error, "option steps: '0' is not a whole number from 1 to 1000") != NULL);

  const char *const no_authority[] = {"authorities", " , ", NULL};
  CHECK(run(plugin, no_authority, &source) != 0);
  CHECK(strstr(source.error, "option authorities names no authority") != NULL);

  dlclose(handle);
  if (failures) fprintf(stderr, "%d check(s) failed\n", failures);
  else printf("sequence plugin: all checks passed\n");
  return failures ? 1 : 0;
}
