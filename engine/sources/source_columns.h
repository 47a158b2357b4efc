/* source_columns.h: the keys of a [source] that name its columns, checked against
 * the table it loaded. A source read by several authorities either says which
 * authority each row belongs to (authority_column) or that every row applies to
 * every authority (shared = yes); without either, each authority would be assessed
 * on the others' rows too, so that is an error which names the column that looks
 * like the authority's. id_column names what identifies a row for
 * `sustain check --records`. */
#ifndef SUSTAIN_SOURCE_COLUMNS_H
#define SUSTAIN_SOURCE_COLUMNS_H

#include <stddef.h>

#include "config.h"
#include "diag.h"
#include "evidence_set.h"

/* The identifier column a table has when its source names none: SSDA903's. */
#define SOURCE_COLUMNS_DEFAULT_ID "CHILD"

/* What makes a column look like the one that says whose a row is, strongest first. */
typedef enum source_clue_kind {
  SOURCE_CLUE_NONE,
  SOURCE_CLUE_IDS,      /* it holds [authority] IDs of the config */
  SOURCE_CLUE_LA_CODES, /* it holds the authorities' la_code attributes */
  SOURCE_CLUE_DFE_CODES /* every value is a DfE local authority code (935, E10000029) */
} source_clue_kind;

typedef struct source_clue {
  source_clue_kind kind;
  int column;     /* -1 with SOURCE_CLUE_NONE */
  size_t matched; /* IDS: authorities whose ID it holds; LA_CODES: whose la_code;
                     DFE_CODES: how many different codes */
  int several;    /* the column holds more than one different value */
} source_clue;

/* Finds the column of table that looks most like the authority's: the one holding
 * the most of the config's authority IDs, else of their la_code values, else the
 * one of DfE codes with the most different codes (the first on a tie). Returns 0,
 * or -1 on out of memory. */
int source_columns_clue(const config *cfg, const evidence_table *table, source_clue *out);

/* Checks every source of cfg against its table in tables (a source that did not
 * load has none): with more than one authority, a source needs authority_column
 * or shared = yes; an id_column must be a column of the table. Each problem goes
 * to diags at the config line. Returns 0, or -1 when there was one. An authority
 * column that holds none of the authority IDs is a warning there, failing nothing. */
int source_columns_check(const config *cfg, const evidence_set *tables, diag_list *diags);

/* The column that identifies a row of src's table: its id_column, else CHILD
 * when the table has it; -1 when there is none. */
int source_columns_identifier(const config_source *src, const evidence_table *table);

#endif
