/* pack_names.h: every string the rule pack's code holds, for loading only the
 * columns that rules can name (sources/column_choice.h). A rule reaches a column by a
 * string: v:count { life_satisfaction = ... }, v:sum("score"), unique = "CHILD"; each
 * is a string constant of a compiled chunk, so the constants of every file the pack
 * may run are the names it can ask for without building one at run time (a name built
 * at run time is caught as it is asked for: evidence_table_column).
 *
 * The files read: each rule path of the config and of every authority (a file, or a
 * folder and everything under it), the folder of a rule file, and the `lib` folder
 * beside each, where require looks; not test files (_test.lua), which `sustain run`
 * never runs. Each is read by a lexer, never run: its names and string literals hold
 * every constant the compiler would make of it (pack_names.c). */
#ifndef SUSTAIN_PACK_NAMES_H
#define SUSTAIN_PACK_NAMES_H

#include <stddef.h>

#include "config.h"

/* Files read at most: a rule path that is a large folder of other things is not
 * worth reading, and every column is loaded instead. */
#define PACK_NAMES_MAX_FILES 2000

typedef struct pack_names {
  char **names; /* sorted, each once */
  size_t count;
} pack_names;

/* Collects the names and strings of cfg's rule files. Returns 0, or -1 (nothing to
 * free) when they cannot all be known: a file Lua's lexer refuses (loading reports
 * it), too many files, out of memory; then no column may be left out. */
int pack_names_collect(const config *cfg, pack_names *out);

/* The names and string literals of one chunk's text, as pack_names_collect reads a
 * file. Returns 0, or -1 (nothing to free) when Lua's lexer would refuse the text. */
int pack_names_of_text(const char *text, size_t length, pack_names *out);

void pack_names_free(pack_names *names);

#endif
