/* xlsx_table.c: a sheet's rows become the host's table. The header row names the
 * columns; every later row with a value is a row of the table. Merged areas give their
 * first cell's value to every cell they cover; rows with no value are skipped, and the
 * table ends at the last column the header names. Numbers that Excel shows as dates, or
 * that fall in a column declared a date, become dates as sustain reads them. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xlsx_cell.h"
#include "xlsx_load.h"

/* Rows between two questions to the host whether to stop. */
#define XLSX_STOP_CHECK_ROWS 4096

/* The longest number a cell's text is read as, like sustain's own limit. */
#define XLSX_NUMBER_MAX 64

/* The longest error code (#DIV/0!, #GETTING_DATA) a warning names. */
#define XLSX_ERROR_CODE_MAX 16

/* A cell's value as the table sees it: its own, or its merged area's. */
typedef struct xlsx_slot {
  int present;
  xlsx_kind kind;
  unsigned long style;
  const char *text;
  size_t length;
  const xlsx_merge *merge; /* set when the value is the merged area's, not the cell's */
} slot;

/* ** {======================================================
** Merged areas
** ======================================================= */

/* Brings the list of areas over this row up to date, and keeps the value of each area
 * whose first cell is in it. Returns 0, or -1 on out of memory. */
static int follow_merges(xlsx_load *load, const xlsx_row *row) {
  size_t kept = 0;
  for (size_t a = 0; a < load->active_count; a++)
    if (load->merges[load->active[a]].last_row >= row->number)
      load->active[kept++] = load->active[a];
  load->active_count = kept;
  while (load->next_merge < load->merge_count &&
         load->merges[load->next_merge].first_row <= row->number) {
    if (load->merges[load->next_merge].last_row >= row->number)
      load->active[load->active_count++] = load->next_merge;
    load->next_merge++;
  }
  for (size_t a = 0; a < load->active_count; a++) {
    const xlsx_merge *m = &load->merges[load->active[a]];
    xlsx_fill *fill = &load->fills[load->active[a]];
    if (m->first_row != row->number || fill->kept) continue;
    for (size_t c = 0; c < row->count; c++) {
      if (row->cells[c].column != m->first_column) continue;
      const xlsx_cell *cell = &row->cells[c];
      fill->text = malloc(cell->length + 1);
      if (!fill->text) return -1;
      memcpy(fill->text, row->text + cell->start, cell->length);
      fill->text[cell->length] = '\0';
      *fill = (xlsx_fill){1, cell->kind, cell->style, fill->text, cell->length};
      break;
    }
  }
  return 0;
}

/* The merged area over (row, column) other than at its first cell, with a kept value. */
static const xlsx_merge *merged_over(const xlsx_load *load, unsigned long row,
                                     unsigned long column, const xlsx_fill **fill) {
  for (size_t a = 0; a < load->active_count; a++) {
    const xlsx_merge *m = &load->merges[load->active[a]];
    if (column < m->first_column || column > m->last_column) continue;
    if (m->first_row == row && m->first_column == column) continue;
    *fill = &load->fills[load->active[a]];
    return (*fill)->kept ? m : NULL;
  }
  return NULL;
}

/* }====================================================== */

/* ** {======================================================
** Rows into slots
** ======================================================= */

/* Fills slots[0..count) with the values of columns first.. of the row, its merged areas'
 * included. Returns how many are present. */
static size_t fill_slots(const xlsx_load *load, const xlsx_row *row, unsigned long first,
                         size_t count, slot *slots) {
  memset(slots, 0, count * sizeof *slots);
  size_t present = 0;
  for (size_t c = 0; c < row->count; c++) {
    const xlsx_cell *cell = &row->cells[c];
    if (cell->column < first || cell->column - first >= count) continue;
    slots[cell->column - first] = (slot){1, cell->kind, cell->style, row->text + cell->start,
                                         cell->length, NULL};
    present++;
  }
  if (!load->active_count) return present;
  for (size_t i = 0; i < count; i++) {
    const xlsx_fill *fill;
    const xlsx_merge *m;
    if (slots[i].present || !(m = merged_over(load, row->number, first + i, &fill))) continue;
    slots[i] = (slot){1, fill->kind, fill->style, fill->text, fill->length, m};
    present++;
  }
  return present;
}

/* Warns, once per sheet, of a value right of the table's columns: it would be lost
 * without a word, and a header cell for it may simply be missing. */
static void check_outside(xlsx_load *load, const xlsx_row *row) {
  if (load->warned_outside || load->last_column) return; /* a range says what to read */
  unsigned long last = load->table_column + load->column_count - 1;
  for (size_t c = 0; c < row->count; c++) {
    if (row->cells[c].column <= last) continue;
    char first_ref[XLSX_REF_SIZE], last_ref[XLSX_REF_SIZE];
    xlsx_ref_format(0, load->table_column, first_ref);
    xlsx_ref_format(0, last, last_ref);
    xlsx_warn_at(load, row->number, row->cells[c].column,
                 "the cell has a value but lies right of the table's columns (%s to %s, "
                 "those the header row names), so it is not read; name its column in the "
                 "header row, or set header_row or range to say where the table is",
                 first_ref, last_ref);
    load->warned_outside = 1;
    return;
  }
}

/* }====================================================== */

/* The date a number cell stands for. Returns 0, or -1 after reporting. */
static int number_to_date(xlsx_load *load, unsigned long row, unsigned long column,
                          const slot *cell, char date[XLSX_DATE_SIZE]) {
  char number[XLSX_NUMBER_MAX + 1], *end = number;
  double serial = 0;
  if (cell->length <= XLSX_NUMBER_MAX) { /* the row's texts follow one another unterminated */
    memcpy(number, cell->text, cell->length);
    number[cell->length] = '\0';
    serial = strtod(number, &end);
  }
  int is_number = end != number && *end == '\0';
  if (is_number && xlsx_serial_date(serial, load->book.date1904, date) == 0) return 0;
  if (is_number && !load->book.date1904 && floor(serial) == 60)
    xlsx_error_at(load, row, column, "the cell holds 29 February 1900, a day Excel counts but "
                  "the calendar never had; correct the date");
  else
    xlsx_error_at(load, row, column, "the cell is shown or declared as a date, but its number "
                  "is not a day from %s to 9999-12-31; correct the cell, or declare the column "
                  ":number in option types", load->book.date1904 ? "1904-01-01" : "1900-01-01");
  return -1;
}

/* ** {======================================================
** The header row
** ======================================================= */

/* The columns the header row spans: the range's, else from its first value to its last,
 * merged areas that start in it included. */
static void header_span(const xlsx_load *load, const xlsx_row *row, unsigned long *first,
                        unsigned long *last) {
  if (load->last_column) {
    *first = load->first_column;
    *last = load->last_column;
    return;
  }
  *first = row->cells[0].column;
  *last = row->cells[row->count - 1].column;
  for (size_t a = 0; a < load->active_count; a++) {
    const xlsx_merge *m = &load->merges[load->active[a]];
    if (m->first_row != row->number || !load->fills[load->active[a]].kept) continue;
    if (m->first_column < *first) *first = m->first_column;
    if (m->last_column > *last) *last = m->last_column;
  }
}

static sustain_column_type declared_type(xlsx_load *load, const char *name, size_t length) {
  for (size_t d = 0; d < load->declared_count; d++)
    if (load->declared[d].length == length && memcmp(load->declared[d].name, name, length) == 0) {
      load->declared[d].used = 1;
      return load->declared[d].type;
    }
  return SUSTAIN_COLUMN_INFER;
}

/* Declares column i from its header cell. A cell that a merged area spreads over from
 * its left is named after the area, numbered: "Contact", "Contact (2)". */
static int declare_column(xlsx_load *load, unsigned long row, size_t i, const slot *cell) {
  unsigned long column = load->table_column + i;
  if (!cell->present) {
    xlsx_error_at(load, row, column, "the header cell is empty; name the column, or set range "
                  "to the cells that hold the table");
    return -1;
  }
  if (cell->kind == XLSX_ERROR || cell->kind == XLSX_NO_RESULT) {
    xlsx_error_at(load, row, column, "the header cell holds an error or a formula without a "
                  "saved result; give the column a name");
    return -1;
  }
  char *numbered = NULL, date[XLSX_DATE_SIZE];
  const char *name = cell->text;
  size_t length = cell->length;
  if (cell->kind == XLSX_NUMBER && xlsx_book_style_is_date(&load->book, cell->style)) {
    if (number_to_date(load, row, column, cell, date) != 0) return -1; /* a month's column, say */
    name = date;
    length = XLSX_DATE_SIZE - 1;
  }
  if (cell->merge && cell->merge->first_row == row && column > cell->merge->first_column) {
    int n = asprintf(&numbered, "%.*s (%lu)", (int)length, name,
                     column - cell->merge->first_column + 1);
    if (n < 0) {
      xlsx_error(load, load->path, "out of memory reading the header row");
      return -1;
    }
    name = numbered;
    length = (size_t)n;
  }
  load->types[i] = declared_type(load, name, length);
  int status = load->host->add_column(load->source, name, length, load->types[i]);
  free(numbered);
  if (status != 0) load->failed = 1;
  return status;
}

/* Every column the types option names must be in the header. */
static int check_declared(xlsx_load *load, unsigned long row) {
  for (size_t d = 0; d < load->declared_count; d++) {
    if (load->declared[d].used) continue;
    xlsx_error_at(load, row, 0, "option types: column \"%.*s\" is not in the header row; "
                  "check its spelling (names are case-sensitive)",
                  (int)(load->declared[d].length < 60 ? load->declared[d].length : 60),
                  load->declared[d].name);
    return -1;
  }
  return 0;
}

/* Makes the row the header: the table's columns, their names and types, and room for
 * the rows. Returns 0, or -1 after reporting. */
static int declare_header(xlsx_load *load, const xlsx_row *row) {
  unsigned long first, last;
  header_span(load, row, &first, &last);
  load->header_done = 1;
  load->table_column = first;
  load->column_count = last - first + 1;
  load->types = calloc(load->column_count, sizeof *load->types);
  load->slots = calloc(load->column_count, sizeof *load->slots);
  load->cells = calloc(load->column_count * XLSX_BLOCK_ROWS, sizeof *load->cells);
  xlsx_text_add(&load->block_text, "", 0); /* so that even a block of missing cells has text */
  if (!load->types || !load->slots || !load->cells || load->block_text.failed) {
    xlsx_error(load, load->path, "out of memory reading the header row");
    return -1;
  }
  fill_slots(load, row, first, load->column_count, load->slots);
  for (size_t i = 0; i < load->column_count; i++)
    if (declare_column(load, row->number, i, &load->slots[i]) != 0) return -1;
  return check_declared(load, row->number);
}

/* Whether the row's one value is merged across columns: a title above the table, as
 * workbooks made to be read often have, rather than a header naming one column. */
static int is_merged_title(const xlsx_load *load, const xlsx_row *row) {
  if (row->count != 1) return 0;
  for (size_t a = 0; a < load->active_count; a++) {
    const xlsx_merge *m = &load->merges[load->active[a]];
    if (m->first_row == row->number && m->first_column == row->cells[0].column &&
        m->last_column > m->first_column)
      return 1;
  }
  return 0;
}

/* Whether the row is the header row; -1 after reporting that the header row was passed
 * without a value in it. Without options, a merged title above the table is passed over,
 * saying so. */
static int is_header(xlsx_load *load, const xlsx_row *row) {
  unsigned long wanted = load->header_row ? load->header_row : load->first_row;
  if (!wanted && is_merged_title(load, row)) {
    xlsx_warn_at(load, row->number, row->cells[0].column,
                 "the row's one value is merged across columns, so it is taken for a title "
                 "above the table and not read; set header_row if this row names the columns");
    return 0;
  }
  if (wanted && row->number < wanted) return 0;
  if (wanted && row->number > wanted) {
    xlsx_error_at(load, wanted, 0, "the header row (row %lu, as option %s says) is empty; "
                  "give the row that names the columns", wanted,
                  load->header_row ? "header_row" : "range");
    return -1;
  }
  if (!load->last_column) return 1;
  for (size_t c = 0; c < row->count; c++) /* with a range, only its columns count */
    if (row->cells[c].column >= load->first_column && row->cells[c].column <= load->last_column)
      return 1;
  return wanted ? 1 : 0;
}

/* }====================================================== */

/* ** {======================================================
** Data rows
** ======================================================= */

/* Hands the rows kept so far to the host. Returns 0, or -1 (the host said why). */
static int flush_rows(xlsx_load *load) {
  size_t count = load->block_rows * load->column_count;
  if (!load->block_rows) return 0;
  if (load->block_text.failed) {
    xlsx_error(load, load->path, "out of memory reading the sheet");
    return -1;
  }
  for (size_t i = 0; i < count; i++) /* offsets become pointers, now that the text is still */
    load->cells[i].text = load->block_text.bytes + (uintptr_t)load->cells[i].text;
  int status = 0;
  if (SUSTAIN_HOST_HAS(load->host, append_cells)) {
    status = load->host->append_cells(load->source, load->cells, count, load->block_rows,
                                      load->lines);
  } else {
    for (size_t r = 0; r < load->block_rows && status == 0; r++) {
      for (size_t c = 0; c < load->column_count && status == 0; c++) {
        const sustain_cell *cell = &load->cells[r * load->column_count + c];
        status = load->host->append_text(load->source, cell->text, cell->length);
      }
      if (status == 0) status = load->host->end_row(load->source, load->lines[r]);
    }
  }
  load->block_rows = 0;
  load->block_text.length = 0;
  if (status != 0) load->failed = 1;
  return status;
}

/* Warns of a cell read as missing: an error value, or a formula never calculated. */
static void warn_missing(xlsx_load *load, unsigned long row, unsigned long column,
                         const slot *cell) {
  if (cell->kind == XLSX_ERROR) {
    if (++load->error_cells > XLSX_WARNINGS_EACH) return;
    int named = cell->length > 1 && cell->length <= XLSX_ERROR_CODE_MAX && cell->text[0] == '#';
    xlsx_warn_at(load, row, column, "the cell holds the error %.*s, read as a missing value; "
                 "correct the formula or the data it uses, if the value is needed",
                 named ? (int)cell->length : 5, named ? cell->text : "value");
  } else {
    if (++load->unresolved_cells > XLSX_WARNINGS_EACH) return;
    xlsx_warn_at(load, row, column, "the cell's formula has no saved result (the program that "
                 "saved the workbook did not calculate it), read as a missing value; open the "
                 "workbook in Excel or LibreOffice and save it again");
  }
}

/* Whether the text fits the column's declared type; reports at the cell when not. */
static int fits_type(xlsx_load *load, unsigned long row, unsigned long column,
                     sustain_column_type type, const char *text, size_t length) {
  if (type == SUSTAIN_COLUMN_NUMBER && !xlsx_text_is_number(text, length)) {
    xlsx_error_at(load, row, column, "the column is declared as numbers in option types, but "
                  "this cell is not one (its value is not shown: it may be personal data); "
                  "correct the cell or option types");
    return 0;
  }
  if (type == SUSTAIN_COLUMN_DATE && !xlsx_text_is_date(text, length)) {
    xlsx_error_at(load, row, column, "the column is declared as dates in option types, but "
                  "this cell is not one (a date Excel stores, or text YYYY-MM-DD or DD/MM/YYYY; "
                  "its value is not shown: it may be personal data); correct the cell or option "
                  "types");
    return 0;
  }
  return 1;
}

/* Adds one cell's text to the block. Returns 0, or -1 after reporting. */
static int keep_cell(xlsx_load *load, unsigned long row, size_t i, const slot *cell,
                     sustain_cell *out) {
  unsigned long column = load->table_column + i;
  sustain_column_type type = load->types[i];
  const char *text = cell->text;
  size_t length = cell->present ? cell->length : 0;
  char date[XLSX_DATE_SIZE];
  if (cell->present && (cell->kind == XLSX_ERROR || cell->kind == XLSX_NO_RESULT)) {
    warn_missing(load, row, column, cell);
    length = 0;
  } else if (cell->present && cell->kind == XLSX_NUMBER && type != SUSTAIN_COLUMN_NUMBER &&
             (type == SUSTAIN_COLUMN_DATE || xlsx_book_style_is_date(&load->book, cell->style))) {
    if (number_to_date(load, row, column, cell, date) != 0) return -1;
    text = date;
    length = strlen(date);
  } else if (cell->present && cell->kind == XLSX_ISO_DATE && type != SUSTAIN_COLUMN_NUMBER &&
             length >= XLSX_DATE_SIZE - 1 && xlsx_text_is_date(text, XLSX_DATE_SIZE - 1)) {
    length = XLSX_DATE_SIZE - 1; /* the day of 2024-03-31T00:00:00 */
  }
  if (length && !fits_type(load, row, column, type, text, length)) return -1;
  out->text = (const char *)(uintptr_t)load->block_text.length; /* an offset until the hand-over */
  out->length = length;
  xlsx_text_add(&load->block_text, text, length);
  return 0;
}

/* Adds a data row to the block, unless it has no value. Returns 0, or -1 after
 * reporting. */
static int add_row(xlsx_load *load, const xlsx_row *row) {
  check_outside(load, row);
  if (!fill_slots(load, row, load->table_column, load->column_count, load->slots)) return 0;
  sustain_cell *cells = load->cells + load->block_rows * load->column_count;
  for (size_t i = 0; i < load->column_count; i++)
    if (keep_cell(load, row->number, i, &load->slots[i], &cells[i]) != 0) return -1;
  load->lines[load->block_rows++] = (long)row->number;
  load->rows_read++;
  return load->block_rows == XLSX_BLOCK_ROWS ? flush_rows(load) : 0;
}

/* }====================================================== */

/* ** {======================================================
** The sheet
** ======================================================= */

static int on_row(void *context, const xlsx_row *row) {
  xlsx_load *load = context;
  if (load->last_row && row->number > load->last_row) return 1; /* past the range: done */
  if (follow_merges(load, row) != 0) {
    xlsx_error(load, load->path, "out of memory reading the sheet's merged cells");
    return 1;
  }
  if (!load->header_done) {
    int header = is_header(load, row);
    if (header < 0) return 1;
    return header ? declare_header(load, row) != 0 : 0;
  }
  if (add_row(load, row) != 0) return 1;
  if (load->rows_read % XLSX_STOP_CHECK_ROWS == 0 &&
      SUSTAIN_HOST_HAS(load->host, stop_requested) && load->host->stop_requested(load->source)) {
    load->failed = 1; /* the host has said why */
    return 1;
  }
  return 0;
}

static void on_problem(void *context, unsigned long row, unsigned long column,
                       const char *message) {
  xlsx_error_at(context, row, column, "%s", message);
}

/* What the end of the sheet leaves to say: a sheet without a header, and the warnings
 * counted rather than given one by one. Returns 0, or -1 after reporting. */
static int finish(xlsx_load *load) {
  if (!load->header_done) {
    if (load->header_row || load->first_row)
      xlsx_error_at(load, load->header_row ? load->header_row : load->first_row, 0,
                    "the header row is empty; give the row that names the columns");
    else
      xlsx_error_at(load, 0, 0, "the sheet has no cell with a value; choose the sheet that "
                    "holds the table with option sheet");
    return -1;
  }
  if (load->error_cells > XLSX_WARNINGS_EACH)
    xlsx_warn_at(load, 0, 0, "%lu more cells hold an error, each read as a missing value",
                 load->error_cells - XLSX_WARNINGS_EACH);
  if (load->unresolved_cells > XLSX_WARNINGS_EACH)
    xlsx_warn_at(load, 0, 0, "%lu more cells hold a formula without a saved result, each read "
                 "as a missing value", load->unresolved_cells - XLSX_WARNINGS_EACH);
  return flush_rows(load);
}

int xlsx_table_load(xlsx_load *load, const xlsx_sheet_entry *sheet) {
  char error[XLSX_MESSAGE_SIZE];
  load->sheet_name = sheet->name;
  if (xlsx_merges_read(&load->book, sheet->part, &load->merges, &load->merge_count, error) != 0) {
    xlsx_error(load, load->path, "%s", error);
    return -1;
  }
  load->fills = calloc(load->merge_count + 1, sizeof *load->fills);
  load->active = calloc(load->merge_count + 1, sizeof *load->active);
  if (!load->fills || !load->active) {
    xlsx_error(load, load->path, "out of memory reading the sheet's merged cells");
    return -1;
  }
  int status = xlsx_sheet_read(&load->book, sheet->part, on_row, on_problem, load, error);
  if (status < 0) xlsx_error(load, load->path, "%s", error);
  if (load->failed) return -1;
  return finish(load);
}

void xlsx_load_free(xlsx_load *load) {
  for (size_t m = 0; m < load->merge_count && load->fills; m++) free(load->fills[m].text);
  free(load->fills);
  free(load->merges);
  free(load->active);
  free(load->types);
  free(load->slots);
  free(load->cells);
  free(load->declared);
  xlsx_text_free(&load->block_text);
  xlsx_book_free(&load->book);
}

/* }====================================================== */
