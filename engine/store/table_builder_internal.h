/* table_builder_internal.h: what the parts of the table builder share:
 * table_builder.c (columns and rows), table_join.c (joining parts read on other
 * threads), table_finish.c (types, grouping, per-group counts) and
 * table_builder_limits.c (how large a source may grow). */
#ifndef SUSTAIN_TABLE_BUILDER_INTERNAL_H
#define SUSTAIN_TABLE_BUILDER_INTERNAL_H

#include "table_builder.h"

/* Makes room for need rows in every column. Returns 0, or -1 with a message. */
int table_builder_reserve_rows(table_builder *b, size_t need, char *error);

/* Whether a coded column is better kept plain from now on, at rows rows. */
int table_builder_better_plain(const evidence_column *column, size_t rows);

/* Switches a coded column's rows [0, rows) to codes of a larger width (2 or 4 bytes). */
int table_builder_widen_codes(table_builder *b, evidence_column *column, size_t rows,
                              unsigned width);

/* Turns a numbered column's rows [0, rows) into bytes by offsets (a value of
 * another form has come). Returns 0, or -1 on out of memory. */
int table_builder_unnumber(table_builder *b, evidence_column *column, size_t rows);

/* Turns a coded column into a plain one. Returns 0, or -1 on out of memory. */
int table_builder_make_plain(table_builder *b, evidence_column *column);

/* Fail with the limit's message when the table would hold more than its share
 * of the source's rows, or holds more than its share of memory. Return 0 or -1. */
int table_builder_check_rows(table_builder *b, size_t rows, char *error);
int table_builder_check_memory(table_builder *b, char *error);

/* The most rows the row storage may grow to hold under the memory limit, at
 * least `need` (else the limit's message). Returns 0 or -1. */
int table_builder_fit_capacity(table_builder *b, size_t need, size_t *capacity, char *error);

/* Frees what the builder keeps per column beside the table. */
void table_builder_free_caches(table_builder *b);

#endif
