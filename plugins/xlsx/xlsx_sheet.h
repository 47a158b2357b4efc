/* xlsx_sheet.h: one sheet streamed through expat, a row at a time. Each row comes as
 * its cells with a value, in column order, each with what kind of value Excel stored:
 * shared strings are looked up, inline strings and cached formula results read, so a
 * reader of rows sees text and never the XML. The sheet's merged areas come from a
 * first pass of their own (xlsx_merges_read), since Excel writes them after the rows. */
#ifndef SUSTAIN_XLSX_SHEET_H
#define SUSTAIN_XLSX_SHEET_H

#include <stddef.h>

#include "xlsx_book.h"

typedef enum xlsx_kind {
  XLSX_NUMBER,    /* text: the number as stored, e.g. 3 or 0.85 or 1E-3 */
  XLSX_STRING,    /* text: a shared or inline string, or a formula's string result */
  XLSX_BOOLEAN,   /* text: TRUE or FALSE */
  XLSX_ERROR,     /* text: the error, e.g. #N/A */
  XLSX_ISO_DATE,  /* text: a date stored as ISO 8601 text (t="d") */
  XLSX_NO_RESULT  /* a formula without a saved result: no text */
} xlsx_kind;

typedef struct xlsx_cell {
  unsigned long column; /* 1-based */
  unsigned long style;  /* the s attribute: an index into the workbook's cell styles */
  xlsx_kind kind;
  size_t start, length; /* the text, in the row's text */
} xlsx_cell;

typedef struct xlsx_row {
  unsigned long number; /* 1-based */
  const xlsx_cell *cells;
  size_t count;
  const char *text;
} xlsx_row;

/* Receives each row that has a cell with a value (rows of formatting only are not
 * given; an empty text is no value, as Excel shows it). Nonzero stops reading, and xlsx_sheet_read returns 1. */
typedef int (*xlsx_row_fn)(void *context, const xlsx_row *row);

/* Receives a problem at a cell (column 0: at the row), as a sentence for the user. */
typedef void (*xlsx_problem_fn)(void *context, unsigned long row, unsigned long column,
                                const char *message);

/* Streams the sheet's part. Returns 0 when the whole sheet was read; 1 when on_row
 * stopped it or problem was told of a problem; -1 with the reason in error. */
int xlsx_sheet_read(const xlsx_book *book, const char *part, xlsx_row_fn on_row,
                    xlsx_problem_fn problem, void *context, char error[XLSX_MESSAGE_SIZE]);

/* One merged area, inclusive, 1-based. */
typedef struct xlsx_merge {
  unsigned long first_row, first_column, last_row, last_column;
} xlsx_merge;

/* The sheet's merged areas, sorted by first row (*merges malloc'd, NULL when none).
 * Returns 0, or -1 with the reason in error. */
int xlsx_merges_read(const xlsx_book *book, const char *part, xlsx_merge **merges,
                     size_t *count, char error[XLSX_MESSAGE_SIZE]);

#endif
