/* xlsx_load.h: one source being loaded from a workbook, shared by the plugin's parts:
 * its options (xlsx_options.c), the rows it turns into the host's table (xlsx_table.c),
 * and the messages that locate a problem at a cell (xlsx_report.c). */
#ifndef SUSTAIN_XLSX_LOAD_H
#define SUSTAIN_XLSX_LOAD_H

#include <stddef.h>

#include "sustain/plugin.h"
#include "xlsx_book.h"
#include "xlsx_sheet.h"
#include "xlsx_xml.h"

/* Rows handed to the host in one call, at most. */
#define XLSX_BLOCK_ROWS 1024

/* Cells with an error or without a saved result warned of one by one; the rest are
 * counted in one warning at the end, so a sheet of errors does not bury other messages. */
#define XLSX_WARNINGS_EACH 10

/* One column:type entry of the types option; name points into the option's value. */
typedef struct xlsx_declared {
  const char *name;
  size_t length;
  sustain_column_type type;
  int used; /* the header row has the column */
} xlsx_declared;

/* The value of a merged area's first cell, kept to fill the rest of the area. */
typedef struct xlsx_fill {
  int kept;
  xlsx_kind kind;
  unsigned long style;
  char *text;
  size_t length;
} xlsx_fill;

typedef struct xlsx_load {
  const sustain_host *host;
  sustain_source *source;
  const char *path;
  const char *sheet_name; /* as the workbook spells it, once found */
  xlsx_book book;

  /* options: the area read (0: open), the declared types */
  unsigned long first_row, last_row, first_column, last_column;
  unsigned long header_row; /* 0: the first row with a value */
  xlsx_declared *declared;
  size_t declared_count;

  /* merged areas, sorted by first row, and those over the current row */
  xlsx_merge *merges;
  xlsx_fill *fills;
  size_t merge_count, next_merge;
  size_t *active;
  size_t active_count;

  /* the table: columns table_column .. table_column + column_count - 1 of the sheet */
  int header_done;
  unsigned long table_column;
  size_t column_count;
  sustain_column_type *types;
  struct xlsx_slot *slots; /* the current row's value per column (xlsx_table.c) */

  /* rows not yet handed over: cells hold offsets into block_text until the hand-over */
  sustain_cell *cells;
  long lines[XLSX_BLOCK_ROWS];
  size_t block_rows;
  xlsx_text block_text;

  unsigned long error_cells, unresolved_cells, rows_read;
  int warned_outside, failed;
} xlsx_load;

/* Messages: at a cell (column 0: at the row) of the sheet, at the file, or (file NULL)
 * at the source's options. Each records an error and sets load->failed, or a warning. */
__attribute__((format(printf, 4, 5))) void xlsx_error_at(xlsx_load *load, unsigned long row,
                                                         unsigned long column,
                                                         const char *format, ...);
__attribute__((format(printf, 4, 5))) void xlsx_warn_at(xlsx_load *load, unsigned long row,
                                                        unsigned long column,
                                                        const char *format, ...);
__attribute__((format(printf, 3, 4))) void xlsx_error(xlsx_load *load, const char *file,
                                                      const char *format, ...);

/* Reads the options into load. Returns 0, or -1 after reporting. */
int xlsx_options_read(xlsx_load *load);

/* Reads the workbook opened in load->book.zip: its parts, then the sheet option sheet
 * names (or the first) into the host's table. Returns 0, or -1 after reporting. */
int xlsx_source_read(xlsx_load *load);

/* Streams the chosen sheet into the host's table. Returns 0, or -1 after reporting. */
int xlsx_table_load(xlsx_load *load, const xlsx_sheet_entry *sheet);

void xlsx_load_free(xlsx_load *load);

#endif
