/* table_join.c: joining parts of a source read on several threads into one
 * table, as a single reader would have built it; see table_builder.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "table_builder_internal.h"

/* ** {======================================================================
** Joining a part: rows read on another thread, appended after these
** ======================================================================= */

/* to[r] = remap[from[r]] for every row of a part, from one code type to another. */
#define REMAP(to_type, from_type)                                                 \
  do {                                                                            \
    to_type *to_ = (to_type *)column->codes + base;                               \
    const from_type *from_ = from->codes;                                         \
    for (size_t r = 0; r < from_rows; r++) to_[r] = (to_type)remap[from_[r]];     \
  } while (0)

/* Writes a part's rows of a coded column after row base of the joined column,
 * each code turned into the joined column's by remap. The joined dictionary
 * holds every value of the part's, so its codes are at least as wide. */
static void remap_codes(evidence_column *column, size_t base, const evidence_column *from,
                        size_t from_rows, const uint32_t *remap) {
  switch (column->width * 8 + from->width) {
  case 1 * 8 + 1: REMAP(uint8_t, uint8_t); break;
  case 2 * 8 + 1: REMAP(uint16_t, uint8_t); break;
  case 2 * 8 + 2: REMAP(uint16_t, uint16_t); break;
  case 4 * 8 + 1: REMAP(uint32_t, uint8_t); break;
  case 4 * 8 + 2: REMAP(uint32_t, uint16_t); break;
  default: REMAP(uint32_t, uint32_t); break;
  }
}

/* Appends a coded column of the part to a coded column here: each of the
 * part's values is looked up (or added) once, and its rows take the codes so
 * found, so the dictionary holds values in the order a single reader meets them. */
static int join_coded(table_builder *b, size_t c, const evidence_column *from, size_t from_rows) {
  evidence_column *column = &b->table->columns[c];
  column_builder *cb = &b->columns[c];
  const size_t base = b->table->row_count, count = from->dictionary.count;
  uint32_t *remap = malloc((count + 1) * sizeof *remap);
  if (!remap) return -1;
  remap[0] = 0;
  int typed = cb->declared != SUSTAIN_COLUMN_INFER && column->type != EVIDENCE_TEXT;
  for (size_t i = 1; i <= count; i++) {
    const char *text = evidence_dictionary_string(&from->dictionary, (uint32_t)i);
    size_t length = from->dictionary.lengths[i - 1], before = column->dictionary.count;
    uint32_t code = evidence_dictionary_intern_hashed(&column->dictionary, text, length,
                                                      evidence_hash(text, length));
    if (!code) goto out_of_memory;
    if (typed && column->dictionary.count != before) { /* parsed once already, in the part */
      if (grow_array((void **)&column->values, &cb->value_capacity, (size_t)code + 1,
                     sizeof(double)) != 0)
        goto out_of_memory;
      column->values[0] = NAN;
      column->values[code] = from->values[i];
    }
    remap[i] = code;
  }
  unsigned width = evidence_code_width(column->dictionary.count);
  if (width > column->width && table_builder_widen_codes(b, column, base, width) != 0)
    goto out_of_memory;
  int same = column->width == from->width; /* the part met its values in the same order */
  for (size_t i = 1; same && i <= count; i++) same = remap[i] == i;
  if (same)
    memcpy((char *)column->codes + base * column->width, from->codes, from_rows * from->width);
  else
    remap_codes(column, base, from, from_rows, remap);
  free(remap);
  return 0;
out_of_memory:
  free(remap);
  return -1;
}

/* Appends a plain column of the part to a plain column here. Numbered columns
 * of one form stay numbered; otherwise both keep bytes. */
static int join_plain(table_builder *b, size_t c, table_builder *part, size_t from_rows) {
  evidence_column *column = &b->table->columns[c], *from = &part->table->columns[c];
  const size_t base = b->table->row_count;
  if (column->type != EVIDENCE_TEXT) {
    if (from_rows) memcpy(column->numbers + base, from->numbers, from_rows * sizeof(double));
    return 0;
  }
  if (evidence_numbered_alike(&column->numbered, &from->numbered)) {
    memcpy(column->numbered.values + base, from->numbered.values, from_rows * sizeof(uint32_t));
    return 0;
  }
  if ((column->numbered.values && table_builder_unnumber(b, column, base) != 0) ||
      (from->numbered.values && table_builder_unnumber(part, from, from_rows) != 0))
    return -1;
  size_t used = column->offsets[base], bytes = from->offsets[from_rows];
  if (bytes > UINT32_MAX - used ||
      grow_array((void **)&column->text, &b->columns[c].text_capacity, used + bytes, 1) != 0)
    return -1;
  if (bytes) memcpy(column->text + used, from->text, bytes);
  for (size_t r = 0; r < from_rows; r++)
    column->offsets[base + r + 1] = (uint32_t)used + from->offsets[r + 1];
  return 0;
}

/* Frees a part's column's rows once they are joined: the part's other columns are
 * still to come, and the whole source's arrays are already full size, so holding
 * every column of the part until the end would add half a large source to the peak. */
static void release_rows(evidence_column *joined) {
  free(joined->codes);
  free(joined->numbers);
  free(joined->text);
  free(joined->offsets);
  free(joined->numbered.values);
  joined->numbered.values = NULL;
  joined->codes = NULL;
  joined->numbers = NULL;
  joined->text = NULL;
  joined->offsets = NULL;
}

int table_builder_join(table_builder *b, table_builder *part, char *error) {
  evidence_table *t = b->table, *from = part->table;
  if (b->cell != 0 || part->cell != 0) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE, "a part ends in the middle of a row");
    return -1;
  }
  int same = from->column_count == t->column_count && from->authority_column == t->authority_column;
  for (size_t c = 0; same && c < t->column_count; c++)
    same = strcmp(t->columns[c].name, from->columns[c].name) == 0 &&
           t->columns[c].type == from->columns[c].type &&
           t->columns[c].skipped == from->columns[c].skipped &&
           b->columns[c].declared == part->columns[c].declared;
  if (!same) {
    snprintf(error, TABLE_BUILDER_ERROR_SIZE, "the parts of the source declare different columns");
    return -1;
  }
  /* the joined table is the whole source's, and may take its whole limits */
  b->share = 1;
  const size_t rows = from->row_count;
  if (rows == 0) return 0;
  if (table_builder_check_rows(b, t->row_count + rows, error) != 0 ||
      table_builder_reserve_rows(b, t->row_count + rows, error) != 0)
    return -1;
  for (size_t c = 0; c < t->column_count; c++) {
    evidence_column *column = &t->columns[c], *other = &from->columns[c];
    if (column->skipped) { /* nothing stored: what the part saw of its values */
      column_builder *mine = &b->columns[c];
      const column_builder *theirs = &part->columns[c];
      mine->not_dates |= theirs->not_dates;
      if (!isnan(theirs->latest) && (isnan(mine->latest) || theirs->latest > mine->latest))
        mine->latest = theirs->latest;
      continue;
    }
    /* plain in either: plain in both, as a single reader would have switched too */
    if (column->storage != other->storage &&
        ((column->storage == EVIDENCE_CODED && table_builder_make_plain(b, column) != 0) ||
         (other->storage == EVIDENCE_CODED && table_builder_make_plain(part, other) != 0)))
      goto out_of_memory;
    int status = column->storage == EVIDENCE_CODED ? join_coded(b, c, other, rows)
                                                   : join_plain(b, c, part, rows);
    if (status != 0) goto out_of_memory;
    column->present += other->present;
    release_rows(other);
  }
  t->row_count += rows;
  for (size_t c = 0; c < t->column_count; c++) {
    evidence_column *column = &t->columns[c];
    if (column->storage == EVIDENCE_CODED && !column->skipped && (int)c != t->authority_column &&
        table_builder_better_plain(column, t->row_count) && table_builder_make_plain(b, column) != 0)
      goto out_of_memory;
  }
  return table_builder_check_memory(b, error);
out_of_memory:
  snprintf(error, TABLE_BUILDER_ERROR_SIZE, "out of memory joining the parts of the source");
  return -1;
}

/* }====================================================================== */
