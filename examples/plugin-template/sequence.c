/* sequence.c: a complete sustain data-source plugin, to copy. It reads no file: it
 * makes a table from its options, one row per authority and step, so it shows every part
 * of the kit (the descriptor, options with defaults, columns, cells, missing values and
 * error reporting) without any input format in the way. With
 *   authorities = north, south
 *   steps = 3
 * the table is
 *   la     step  value
 *   north  1     1
 *   north  2     2
 *   north  3     (missing when skip_last = yes)
 *   south  1     1 ...
 * Build it with the installed kit: see meson.build and docs/plugins.md. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sustain/plugin.h"

/* The most steps per authority: a plugin states its limits rather than meeting them. */
#define SEQUENCE_MAX_STEPS 1000

static const sustain_option sequence_options[] = {
    {"authorities", "the authority ids, comma-separated, e.g. north, south", 1,
     SUSTAIN_OPTION_TEXT, NULL},
    {"steps", "rows per authority, 1 to 1000", 0, SUSTAIN_OPTION_TEXT, "3"},
    {"column", "the name of the value column", 0, SUSTAIN_OPTION_TEXT, "value"},
    {"skip_last", "yes: leave each authority's last value missing", 0, SUSTAIN_OPTION_TEXT,
     "no"},
    {NULL, NULL, 0, SUSTAIN_OPTION_TEXT, NULL},
};

/* Reports a problem with the options; the host points at the config's [source] line.
 * Returns 1, for load to return. */
static int fail(const sustain_host *host, sustain_source *source, const char *message) {
  host->error(source, NULL, 0, 0, message);
  return 1;
}

/* Reads the steps option into *steps. Returns 0, or 1 after reporting. */
static int read_steps(const sustain_host *host, sustain_source *source, long *steps) {
  const char *text = host->option(source, "steps"); /* has a default: never NULL */
  char *end;
  errno = 0;
  *steps = strtol(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || *steps < 1 || *steps > SEQUENCE_MAX_STEPS) {
    char message[160];
    snprintf(message, sizeof message,
             "option steps: '%.40s' is not a whole number from 1 to %d; write one, e.g. 3", text,
             SEQUENCE_MAX_STEPS);
    return fail(host, source, message);
  }
  return 0;
}

/* Appends the rows of one authority, given as authority[0..length). Returns 0, or 1
 * when the host refused a call (it has said why). */
static int append_authority(const sustain_host *host, sustain_source *source,
                            const char *authority, size_t length, long steps, int skip_last) {
  for (long step = 1; step <= steps; step++) {
    int missing = skip_last && step == steps;
    if (host->append_text(source, authority, length) != 0 ||
        host->append_number(source, (double)step) != 0 ||
        (missing ? host->append_missing(source) : host->append_number(source, (double)step)) != 0 ||
        host->end_row(source, 0) != 0) /* 0: the rows come from no input line */
      return 1;
  }
  return 0;
}

static int sequence_load(const sustain_host *host, sustain_source *source) {
  const char *authorities = host->option(source, "authorities"); /* required: never NULL */
  const char *column = host->option(source, "column");
  const char *skip_last = host->option(source, "skip_last");
  if (strcmp(skip_last, "yes") != 0 && strcmp(skip_last, "no") != 0)
    return fail(host, source, "option skip_last: write yes or no");
  long steps;
  if (read_steps(host, source, &steps) != 0) return 1;

  /* Columns first, all of them, before the first cell. */
  if (host->add_column(source, "la", 2, SUSTAIN_COLUMN_TEXT) != 0 ||
      host->add_column(source, "step", 4, SUSTAIN_COLUMN_NUMBER) != 0 ||
      host->add_column(source, column, strlen(column), SUSTAIN_COLUMN_NUMBER) != 0)
    return 1;

  /* One authority per comma-separated item, blanks trimmed. The host copies each cell,
   * so pointing into the option's own text is fine. */
  int count = 0;
  for (const char *item = authorities; item;) {
    const char *comma = strchr(item, ',');
    const char *end = comma ? comma : item + strlen(item);
    while (item < end && (*item == ' ' || *item == '\t')) item++;
    while (end > item && (end[-1] == ' ' || end[-1] == '\t')) end--;
    if (end > item) {
      if (append_authority(host, source, item, (size_t)(end - item), steps,
                           strcmp(skip_last, "yes") == 0) != 0)
        return 1;
      count++;
    }
    item = comma ? comma + 1 : NULL;
  }
  if (count == 0)
    return fail(host, source, "option authorities names no authority; write ids such as "
                              "north, south");
  return 0;
}

SUSTAIN_PLUGIN_DEFINE = {
    .abi_major = SUSTAIN_PLUGIN_ABI_MAJOR,
    .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR,
    .size = sizeof(sustain_plugin_descriptor),
    .name = "sequence",
    .version = "1.0.0",
    .description = "a numbered table per authority, made from the options (the plugin template)",
    .options = sequence_options,
    .load = sequence_load,
};
