/* xlsx_book.h: what a workbook holds besides its sheets' cells: the sheets in the
 * workbook's order and the parts they live in, the date system, which cell styles show
 * a date, and the shared strings that string cells point to. */
#ifndef SUSTAIN_XLSX_BOOK_H
#define SUSTAIN_XLSX_BOOK_H

#include <stddef.h>
#include <stdint.h>

#include "xlsx_zip.h"

/* The most a part may inflate to. The workbook, its relationships and its styles are
 * small in any real file; shared strings hold every distinct text of every sheet; a
 * sheet is streamed, so only time bounds it, but a bound still stops a zip bomb. */
#define XLSX_SMALL_PART_LIMIT ((uint64_t)16 << 20)
#define XLSX_STRINGS_LIMIT ((uint64_t)512 << 20)
#define XLSX_SHEET_LIMIT ((uint64_t)4 << 30)

typedef struct xlsx_sheet_entry {
  char *name; /* as the tab shows it */
  char *part; /* its XML part in the archive, e.g. xl/worksheets/sheet1.xml */
} xlsx_sheet_entry;

typedef struct xlsx_book {
  xlsx_zip zip;
  int date1904; /* the workbook counts days from 1904-01-01 (workbookPr date1904) */
  xlsx_sheet_entry *sheets;
  size_t sheet_count;
  unsigned char *date_styles; /* per cell style (the s attribute): nonzero shows a date */
  size_t style_count;
  char *strings;          /* the shared strings, each ending in NUL */
  size_t *string_starts;  /* where each begins in strings */
  size_t string_count;
  size_t strings_length, strings_capacity, starts_capacity;
} xlsx_book;

/* Reads the workbook's sheets, date system, styles and shared strings from an opened
 * archive (which the book then owns). Returns 0, or -1 with the reason in error. */
int xlsx_book_read(xlsx_book *book, char error[XLSX_MESSAGE_SIZE]);

/* The sheet of this name (compared as Excel does, ignoring ASCII case), or NULL. */
const xlsx_sheet_entry *xlsx_book_sheet(const xlsx_book *book, const char *name);

/* Whether cell style s shows a date. */
int xlsx_book_style_is_date(const xlsx_book *book, unsigned long style);

/* Shared string i, or NULL when the workbook has no such string. */
const char *xlsx_book_string(const xlsx_book *book, uint64_t index, size_t *length);

void xlsx_book_free(xlsx_book *book);

/* Whether a number format's code shows a date: it has a day or year part once quoted
 * text, escapes and [bracketed] parts are set aside. For tests. */
int xlsx_format_code_is_date(const char *code);

#endif
