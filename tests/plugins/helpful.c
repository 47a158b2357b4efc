/* helpful.c: a plugin that uses the host functions of ABI 1.5 (warning,
 * authority_column, resolve_path) and gives rows of the wrong length, as its option
 * `mode` says; used by test_plugin_help.c and tests/kit/run.sh. Every mode that loads
 * makes a table of two columns: the authority column (the one the config names, else
 * la) and `answer`, one row per authority north and south.
 *   warn           a warning about an option, and one at line 2 of the file `path`
 *   warn_flood     150 warnings, one per line of `path`
 *   warn_in_parts  loads in parts (ABI 1.3); every part gives the same warning about
 *                  an option and one of its own
 *   authority      answer: what authority_column gave, or (none)
 *   resolve        answer: what resolve_path gave for the option `target`, then for
 *                  "", NULL and an absolute path, each after a |
 *   long_row       a row of three cells at line 7 of `path`
 *   short_row      a row of one cell at line 7 of `path` */
#include <stdio.h>
#include <string.h>

#include "sustain/plugin.h"

static const sustain_option helpful_options[] = {
    {"mode", "warn, warn_flood, warn_in_parts, authority, resolve, long_row or short_row", 1,
     SUSTAIN_OPTION_TEXT, NULL},
    {"path", "a file, named in messages about lines", 0, SUSTAIN_OPTION_PATH, NULL},
    {"target", "a path for resolve_path, not checked", 0, SUSTAIN_OPTION_TEXT, NULL},
    {NULL, NULL, 0, SUSTAIN_OPTION_TEXT, NULL},
};

static int is_mode(const sustain_host *host, sustain_source *source, const char *mode) {
  return strcmp(host->option(source, "mode"), mode) == 0;
}

/* The two columns, then a row per authority with answer. */
static int give_table(const sustain_host *host, sustain_source *source, const char *answer) {
  const char *la = host->authority_column(source);
  if (!la) la = "la";
  if (host->add_column(source, la, strlen(la), SUSTAIN_COLUMN_TEXT) != 0 ||
      host->add_column(source, "answer", 6, SUSTAIN_COLUMN_TEXT) != 0)
    return 1;
  const char *authorities[] = {"north", "south"};
  for (long i = 0; i < 2; i++)
    if (host->append_text(source, authorities[i], 5) != 0 ||
        host->append_text(source, answer, strlen(answer)) != 0 || host->end_row(source, i + 2))
      return 1;
  return 0;
}

/* What resolve_path gives for the option target, "", NULL and an absolute path. */
static int give_resolved(const sustain_host *host, sustain_source *source) {
  const char *given[] = {host->option(source, "target"), "", NULL, "/srv/data/x.csv"};
  char answer[4096] = "";
  for (size_t i = 0; i < sizeof given / sizeof *given; i++) {
    const char *resolved = host->resolve_path(source, given[i]);
    size_t used = strlen(answer);
    snprintf(answer + used, sizeof answer - used, "%s%s", i ? "|" : "",
             resolved ? resolved : "(null)");
  }
  return give_table(host, source, answer);
}

/* A row of `cells` cells in a table of two columns, ended at line 7. */
static int give_row_of(const sustain_host *host, sustain_source *source, int cells) {
  if (host->add_column(source, "la", 2, SUSTAIN_COLUMN_TEXT) != 0 ||
      host->add_column(source, "answer", 6, SUSTAIN_COLUMN_TEXT) != 0)
    return 1;
  for (int c = 0; c < cells; c++)
    if (host->append_text(source, "x", 1) != 0) return 1;
  return host->end_row(source, 7) != 0;
}

static int helpful_load(const sustain_host *host, sustain_source *source) {
  if (!SUSTAIN_HOST_HAS(host, warning) || !SUSTAIN_HOST_HAS(host, authority_column) ||
      !SUSTAIN_HOST_HAS(host, resolve_path)) {
    host->error(source, NULL, 0, 0, "this plugin needs a host of plugin ABI 1.5 or later");
    return 1;
  }
  const char *path = host->option(source, "path");
  if (is_mode(host, source, "warn") || is_mode(host, source, "warn_in_parts")) {
    host->warning(source, NULL, 0, 0, "option mode: warn is only a test");
    host->warning(source, path, 2, 5, "the value looks odd, and was kept");
    return give_table(host, source, "warned");
  }
  if (is_mode(host, source, "warn_flood")) {
    for (long line = 1; line <= 150; line++) host->warning(source, path, line, 0, "odd line");
    return give_table(host, source, "flooded");
  }
  if (is_mode(host, source, "authority")) {
    const char *la = host->authority_column(source);
    return give_table(host, source, la ? la : "(none)");
  }
  if (is_mode(host, source, "resolve")) return give_resolved(host, source);
  if (is_mode(host, source, "long_row")) return give_row_of(host, source, 3);
  if (is_mode(host, source, "short_row")) return give_row_of(host, source, 1);
  host->error(source, NULL, 0, 0, "unknown mode");
  return 1;
}

static uint32_t helpful_count_parts(const sustain_host *host, sustain_source *source,
                                    uint32_t wanted) {
  return is_mode(host, source, "warn_in_parts") ? wanted : 1;
}

/* Each part: the warning every part gives, one of its own, and its authority's row. */
static int helpful_load_part(const sustain_host *host, sustain_source *source, uint32_t part,
                             uint32_t parts) {
  const char *la = host->authority_column(source);
  if (!la) la = "la";
  char own[64];
  snprintf(own, sizeof own, "part %u of %u looked at this line", (unsigned)part, (unsigned)parts);
  host->warning(source, NULL, 0, 0, "option mode: warn is only a test");
  host->warning(source, host->option(source, "path"), 200 + part, 0, own);
  if (host->add_column(source, la, strlen(la), SUSTAIN_COLUMN_TEXT) != 0 ||
      host->add_column(source, "answer", 6, SUSTAIN_COLUMN_TEXT) != 0)
    return 1;
  if (part >= 2) return 0; /* two rows in all, as load gives them */
  const char *authority = part == 0 ? "north" : "south";
  if (host->append_text(source, authority, 5) != 0 ||
      host->append_text(source, "warned", 6) != 0 || host->end_row(source, part + 2) != 0)
    return 1;
  return 0;
}

SUSTAIN_PLUGIN_DEFINE = {
    .abi_major = SUSTAIN_PLUGIN_ABI_MAJOR,
    .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR,
    .size = sizeof(sustain_plugin_descriptor),
    .name = "helpful",
    .version = "1.0.0",
    .description = "a test plugin that warns, asks for its authority column and resolves paths",
    .options = helpful_options,
    .load = helpful_load,
    .count_parts = helpful_count_parts,
    .load_part = helpful_load_part,
};
