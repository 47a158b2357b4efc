/* column_hint.h: "did you mean" for a column name that a table lacks. A header row may
 * hold data instead of names (a CSV file without one has its first record taken as the
 * names), so messages never list a table's column names: they suggest one only when it is
 * nearly what the rule or the config asked for, which tells the reader nothing the asker
 * did not write. */
#ifndef SUSTAIN_COLUMN_HINT_H
#define SUSTAIN_COLUMN_HINT_H

#include "evidence.h"

/* Names at most this long are compared; a longer one is never suggested. */
#define COLUMN_HINT_MAX_NAME 64

/* The column of table whose name is nearest to name, ignoring case, within one edit
 * (insert, delete or change a character) for names up to five bytes and two edits for
 * longer ones; the first such column on a tie. Returns its index, or -1 when none is that
 * near. Cannot fail. */
int column_hint_nearest(const evidence_table *table, const char *name);

/* The same for any list of names (rule ids, the fields of a declaration): the index in
 * names of the one nearest to name, or -1 when none is that near. Cannot fail. */
int column_hint_nearest_name(const char *name, const char *const *names, size_t count);

/* Writes into buf (of size bytes, cut if longer) the message for a column that table
 * lacks: "table 'T' has no column 'NAME'", then the nearest name as "did you mean", or,
 * when none is near, how many columns the table has and what to check, never their names.
 * Returns buf. */
const char *column_hint_message(char *buf, size_t size, const evidence_table *table,
                                const char *name);

#endif
