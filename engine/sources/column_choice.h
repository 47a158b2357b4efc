/* column_choice.h: which columns of the sources `sustain run` stores. A column costs
 * its share of the load (every cell interned) and of memory whether a rule reads it
 * or not, so a column whose name appears nowhere a rule could take it from is skipped
 * (evidence.h): the names are the string constants of the pack's code (pack_names.h,
 * given by the engine), the values of each [source]'s keys (authority_column,
 * id_column, and every plugin option: types = CHILD:text names CHILD) and the
 * engine's own (CHILD, what `check --records` identifies a row by). Any doubt keeps a
 * column: the authority column always, a column the plugin declares as numbers or
 * dates (its cells may be refused), and every column of a source that has neither
 * authority_column nor shared = yes (the message that refuses it looks at them all).
 *
 * A rule or a check that still asks for a skipped column (a name built at run time, a
 * row of v:rows()) is noted in memory shared with the worker processes, where no pcall
 * can undo it; the engine then loads the sources again with every column and runs the
 * pack again, so the plan is the one every column gives (engine.c). */
#ifndef SUSTAIN_COLUMN_CHOICE_H
#define SUSTAIN_COLUMN_CHOICE_H

#include <stddef.h>

#include "config.h"

typedef struct column_choice {
  char **names; /* sorted, each once: the names a column is kept for */
  size_t count;
  int *missed; /* per source of the config, shared with worker processes (mmap) */
  size_t source_count;
} column_choice;

/* Builds the choice for cfg from the pack's names (sorted, each once) and the
 * config's. Returns 0, or -1 on out of memory (then nothing to free). */
int column_choice_build(column_choice *choice, const config *cfg, const char *const *pack_names,
                        size_t pack_name_count);

/* Whether the source may skip columns at all. */
int column_choice_prunes(const config *cfg, const config_source *src);

/* The keep function of table_builder_choose: whether name is among choice's. */
int column_choice_keeps(const void *choice, const char *name);

/* Where source `index` notes that a skipped column was asked for. */
int *column_choice_missed_flag(const column_choice *choice, size_t index);

/* Whether any source's skipped column was asked for, in this process or a worker. */
int column_choice_missed(const column_choice *choice);

void column_choice_free(column_choice *choice);

#endif
