/* init_template.h: the templates `sustain init` writes from (templates/ in the source
 * tree, PREFIX/share/sustain/templates once installed): the tables and their columns,
 * read from tables.tsv and columns.tsv, and text files with {{KEY}} placeholders. The
 * columns are kept once, there, so the CSV files, the workbook and the README that init
 * writes cannot disagree about them. init.c decides what to write; init_files.c writes. */
#ifndef SUSTAIN_INIT_TEMPLATE_H
#define SUSTAIN_INIT_TEMPLATE_H

#include <stddef.h>

#include "diag.h"

/* One column of a template, as columns.tsv gives it. The strings point into the schema. */
typedef struct init_column {
  const char *name;
  const char *type;    /* text, number or date */
  const char *use;     /* required or optional */
  const char *example; /* the example row's value; {{id}} is each authority's ID */
  const char *meaning; /* what it holds, with its codes */
} init_column;

/* One table: a [source] of the assessment, a CSV file and a sheet of the workbook. */
typedef struct init_table {
  const char *name;
  const char *description; /* what one row is */
  init_column *columns;    /* in the file's order */
  size_t column_count;
  int shares_columns;      /* 1: columns are another table's, freed with it */
} init_table;

typedef struct init_schema {
  init_table *tables; /* in tables.tsv's order */
  size_t table_count;
  char *table_text, *column_text; /* the files, cut into the strings above */
} init_schema;

/* An authority of the starter: its [authority ID], name and DfE code (NULL when not
 * given). */
typedef struct init_authority {
  const char *id, *name, *la_code;
} init_authority;

/* A template's placeholder and what replaces it. */
typedef struct init_value {
  const char *key, *value;
} init_value;

/* Reads folder/tables.tsv and folder/columns.tsv. A table takes the columns of the table
 * its second field names (care_leavers_last_year those of care_leavers), else its own.
 * Returns 0, or -1 with each problem added to problems as file:line: message (a line
 * without its fields, an unknown type or use, a table without columns, out of memory). */
int init_schema_read(init_schema *schema, const char *folder, diag_list *problems);

void init_schema_free(init_schema *schema);

/* The text of the file folder/name, NUL-terminated and malloc'd, or NULL with a problem
 * added. */
char *init_template_read(const char *folder, const char *name, diag_list *problems);

/* text with each {{KEY}} replaced by the value of KEY in values, malloc'd; NULL with a
 * problem naming `display` added when a placeholder is not among values (a template
 * and the program out of step) or memory ran out. */
char *init_template_fill(const char *text, const char *display, const init_value *values,
                         size_t value_count, diag_list *problems);

#endif
