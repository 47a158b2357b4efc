/* misbehaving.c: a plugin with a valid descriptor whose load breaks the host protocol in
 * the way its option `mode` names, used by test_plugin_host.c. The host must turn each
 * into one clear error (or, for null_option, into no error at all) and never crash. */
#include <string.h>

#include "sustain/plugin.h"

static const sustain_option misbehaving_options[] = {
    {"mode", "how to misbehave: report, report_then_succeed, silent, null_column, null_text, "
             "null_message, null_option, bad_type, ignores_status",
     1, SUSTAIN_OPTION_TEXT, NULL},
    {NULL, NULL, 0, SUSTAIN_OPTION_TEXT, NULL},
};

/* A one-column, one-row table: what a well-behaved load of this plugin gives. */
static int load_one_row(const sustain_host *host, sustain_source *source) {
  if (host->add_column(source, "la", 2, SUSTAIN_COLUMN_TEXT) != 0) return 1;
  if (host->append_text(source, "north", 5) != 0) return 1;
  return host->end_row(source, 1) != 0;
}

static int misbehaving_load(const sustain_host *host, sustain_source *source) {
  const char *mode = host->option(source, "mode");
  if (strcmp(mode, "report") == 0) {
    host->error(source, NULL, 0, 0, "the service is down; try again later");
    return 1;
  }
  if (strcmp(mode, "report_then_succeed") == 0) {
    host->error(source, NULL, 0, 0, "half the rows are gone");
    return 0; /* the recorded error still fails the load */
  }
  if (strcmp(mode, "silent") == 0) return 1;
  if (strcmp(mode, "null_column") == 0)
    return host->add_column(source, NULL, 3, SUSTAIN_COLUMN_TEXT) != 0;
  if (strcmp(mode, "null_text") == 0) {
    if (host->add_column(source, "la", 2, SUSTAIN_COLUMN_TEXT) != 0) return 1;
    return host->append_text(source, NULL, 4) != 0;
  }
  if (strcmp(mode, "null_message") == 0) {
    host->error(source, NULL, 0, 0, NULL);
    return 1;
  }
  if (strcmp(mode, "null_option") == 0) {
    if (host->option(source, NULL) != NULL || host->option(source, "undocumented") != NULL) {
      host->error(source, NULL, 0, 0, "option() answered for a name that is not an option");
      return 1;
    }
    return load_one_row(host, source);
  }
  if (strcmp(mode, "bad_type") == 0)
    return host->add_column(source, "la", 2, (sustain_column_type)42) != 0;
  if (strcmp(mode, "ignores_status") == 0) {
    /* keeps going after the host refused a cell: every later call must fail quietly */
    host->add_column(source, "n", 1, SUSTAIN_COLUMN_NUMBER);
    for (long row = 1; row <= 3; row++) {
      host->append_text(source, "not a number", 12);
      host->end_row(source, row);
    }
    host->add_column(source, "late", 4, SUSTAIN_COLUMN_TEXT);
    return 0;
  }
  host->error(source, NULL, 0, 0, "unknown mode");
  return 1;
}

SUSTAIN_PLUGIN_DEFINE = {
    .abi_major = SUSTAIN_PLUGIN_ABI_MAJOR,
    .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR,
    .size = sizeof(sustain_plugin_descriptor),
    .name = "misbehaving",
    .version = "1.0.0",
    .description = "a test plugin that breaks the host protocol as its mode option says",
    .options = misbehaving_options,
    .load = misbehaving_load,
};
