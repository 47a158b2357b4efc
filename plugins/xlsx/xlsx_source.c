/* xlsx_source.c: one source from an opened workbook: the workbook's parts, the sheet
 * the options choose, and its table. Apart from opening the file, so that the fuzz
 * target reads workbooks from memory the way the plugin reads them from disk. */
#include <stdio.h>

#include "xlsx_load.h"

/* Room for the list of a workbook's sheets in a message. */
#define XLSX_SHEET_LIST_SIZE 256

/* Names the sheets, quoted, in as much room as there is. */
static void list_sheets(const xlsx_book *book, char out[XLSX_SHEET_LIST_SIZE]) {
  size_t used = 0;
  out[0] = '\0';
  for (size_t s = 0; s < book->sheet_count; s++) {
    int n = snprintf(out + used, XLSX_SHEET_LIST_SIZE - used, "%s'%.60s'", s ? ", " : "",
                     book->sheets[s].name);
    if (n < 0 || (size_t)n >= XLSX_SHEET_LIST_SIZE - used) {
      snprintf(out + used, XLSX_SHEET_LIST_SIZE - used, ", ...");
      return;
    }
    used += (size_t)n;
  }
}

/* The sheet the source reads: option sheet, else the first in the workbook's order.
 * NULL after reporting. */
static const xlsx_sheet_entry *choose_sheet(xlsx_load *load) {
  const char *wanted = load->host->option(load->source, "sheet");
  if (!wanted) return &load->book.sheets[0];
  const xlsx_sheet_entry *sheet = xlsx_book_sheet(&load->book, wanted);
  if (!sheet) {
    char names[XLSX_SHEET_LIST_SIZE];
    list_sheets(&load->book, names);
    xlsx_error(load, load->path, "the workbook has no sheet '%.80s'; its sheets are %s: set "
               "option sheet to one of them", wanted, names);
  }
  return sheet;
}

int xlsx_source_read(xlsx_load *load) {
  char error[XLSX_MESSAGE_SIZE];
  if (xlsx_book_read(&load->book, error) != 0) {
    xlsx_error(load, load->path, "%s", error);
    return -1;
  }
  const xlsx_sheet_entry *sheet = choose_sheet(load);
  return sheet ? xlsx_table_load(load, sheet) : -1;
}
