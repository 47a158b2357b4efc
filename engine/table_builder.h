/* table_builder.h: turning a plugin's stream of cells into an evidence_table.
 * Text cells are dictionary-encoded as they arrive; columns whose type is to be
 * inferred become number columns at the end when every present value is a
 * number (each distinct value is parsed once). Finishing groups the rows by the
 * authority column. Errors come back as text for source_loader.c to locate. */
#ifndef SUSTAIN_TABLE_BUILDER_H
#define SUSTAIN_TABLE_BUILDER_H

#include <stddef.h>

#include "evidence.h"
#include "sustain/plugin.h"

/* The size of an error message buffer for the functions below. */
#define TABLE_BUILDER_ERROR_SIZE 256

typedef struct table_builder {
  evidence_table *table;
  sustain_column_type *declared; /* per column, as the plugin declared it */
  size_t row_capacity;
  size_t cell;     /* next cell's column in the current row */
  char *authority; /* name of the authority column, or NULL */
} table_builder;

int table_builder_init(table_builder *b, const char *table_name, const char *authority_column);

/* Each returns 0, or -1 with a message in error. */
int table_builder_add_column(table_builder *b, const char *name, size_t length,
                             sustain_column_type type, char *error);
int table_builder_append_text(table_builder *b, const char *text, size_t length, char *error);
int table_builder_append_number(table_builder *b, double value, char *error);
int table_builder_append_missing(table_builder *b, char *error);
int table_builder_end_row(table_builder *b, char *error);

/* Completes the table (types inferred, rows grouped by authority) and hands it
 * over; the builder is left empty. Returns NULL with a message on failure. */
evidence_table *table_builder_finish(table_builder *b, char *error);

/* Frees whatever the builder still holds. */
void table_builder_free(table_builder *b);

/* Parses a whole cell as a decimal number (surrounding spaces allowed; no hex,
 * nan or inf). Returns 0 and sets *out, or -1. */
int table_builder_parse_number(const char *text, size_t length, double *out);

/* Whether a cell that parses as a number is better kept as text because a
 * leading zero is part of it ("01", "007"): codes and identifiers. */
int table_builder_is_zero_padded(const char *text, size_t length);

#endif
