/* config_read.h: the INI file read by inih into its sections and their key = value
 * entries, each with its line, as written: continuation lines already joined, nothing
 * checked but the form (config_read.c). config_check.c gives the entries their meaning.
 * Internal to config/. */
#ifndef SUSTAIN_CONFIG_READ_H
#define SUSTAIN_CONFIG_READ_H

#include <stddef.h>

#include "arena.h"
#include "config.h"
#include "config_problems.h"

typedef enum config_section_kind {
  CONFIG_SECTION_ASSESSMENT,
  CONFIG_SECTION_SOURCE,
  CONFIG_SECTION_AUTHORITY,
  CONFIG_SECTION_WEIGHTS,
  CONFIG_SECTION_LIMITS,
  CONFIG_SECTION_HISTORY
} config_section_kind;

/* One section; a repeated header is reported and its keys merged into the first. */
typedef struct config_section {
  config_section_kind kind;
  const char *name;  /* NULL for sections without a name */
  const char *title; /* "[source care_leavers]", for messages */
  int line;          /* of the header */
  config_pair *entries; /* each key as written, its continuation lines joined to its value */
  size_t entry_count, entry_capacity;
} config_section;

typedef struct config_sections {
  config_section *items; /* in the order of their first header */
  size_t count, capacity;
} config_sections;

/* Whether text is [A-Za-z_][A-Za-z0-9_]*: a source's name (it becomes a table name in
 * rules) and a stage must be. */
int config_is_identifier(const char *text);

/* Reads the file problems->file names into out, allocated in scratch. Every problem of
 * form (a line that is too long, not UTF-8, not a key, header or comment; an unknown or
 * repeated section; a key set twice) is added to problems at its line, and reading goes
 * on, so one run lists them all. Returns 0 when the file was read (with or without
 * problems), -1 when it could not be (missing, a folder, empty, binary, too large: also
 * reported), or out of memory (problems->out_of_memory). */
int config_read(config_problems *problems, arena *scratch, config_sections *out);

#endif
