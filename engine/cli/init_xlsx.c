/* init_xlsx.c: the starter workbook (libxlsxwriter); see init_xlsx.h. Each column of a
 * table's sheet is formatted as its type: dates as yyyy-mm-dd, which is also how a sheet
 * saved as CSV writes them, and text columns as text, so that a code such as ACTIV's 0
 * or an identifier with leading zeros is kept as typed rather than turned into a number.
 * The text is the templates' own (and authority IDs, which hold no markup), so it needs
 * none of the cleaning the plan's workbook gives data. */
#include "init_xlsx.h"

#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "date.h"

/* Widths, in characters, of the columns of the sheets. */
#define INIT_XLSX_MIN_WIDTH 10
#define INIT_XLSX_MAX_WIDTH 40
#define INIT_XLSX_MEANING_WIDTH 90
#define INIT_XLSX_ABOUT_WIDTH 100

/* The workbook's creation time, fixed so that the same templates give the same bytes:
 * 2024-03-31, the starter's assessment date. */
#define INIT_XLSX_CREATED 1711843200

typedef struct init_book {
  lxw_workbook *workbook;
  lxw_format *header, *text, *date, *wrapped;
  lxw_error error; /* the first failure, LXW_NO_ERROR while fine */
} init_book;

static void note(init_book *b, lxw_error error) {
  if (b->error == LXW_NO_ERROR) b->error = error;
}

static const char *const about_lines[] = {
    "A starter workbook written by sustain init: a sheet for each table the default rule "
    "pack reads, with its columns and an example row for each authority, and the sheet "
    "Columns, which explains every column and its codes.",
    "Replace the example rows with your own records, keeping the header row. Write codes "
    "exactly as Columns lists them (YES, not Yes). A blank cell is a missing value, never a "
    "zero or a no.",
    "sustain reads this workbook directly: in each [source] of assessment.ini, write "
    "plugin = xlsx, path = data/assessment-data.xlsx and sheet = the table's name "
    "(sheet = care_leavers) in place of the csv plugin and its path.",
    "Care leavers' records are special-category personal data: keep this workbook where "
    "only those who need it can read it, pseudonymise CHILD, and give dates of birth as "
    "the first of the month.",
    "Then: sustain check assessment.ini reports every problem, with its file, line and "
    "what to do; sustain run assessment.ini writes the plan.",
};

static void write_about(init_book *b, lxw_worksheet *sheet) {
  note(b, worksheet_set_column(sheet, 0, 0, INIT_XLSX_ABOUT_WIDTH, b->wrapped));
  for (size_t i = 0; i < sizeof about_lines / sizeof *about_lines; i++)
    note(b, worksheet_write_string(sheet, (lxw_row_t)i, 0, about_lines[i], b->wrapped));
}

/* One cell of an example row, as its column's type. */
static void write_example(init_book *b, lxw_worksheet *sheet, lxw_row_t row, lxw_col_t col,
                          const init_column *column, const char *authority_id) {
  const char *value = strcmp(column->example, "{{id}}") == 0 ? authority_id : column->example;
  sx_date date;
  if (!*value) return; /* a blank cell: a missing value */
  if (strcmp(column->type, "date") == 0 && date_parse(value, &date) == 0) {
    lxw_datetime when = {date.year, date.month, date.day, 0, 0, 0};
    note(b, worksheet_write_datetime(sheet, row, col, &when, b->date));
  } else if (strcmp(column->type, "number") == 0) {
    note(b, worksheet_write_number(sheet, row, col, strtod(value, NULL), NULL));
  } else {
    note(b, worksheet_write_string(sheet, row, col, value, b->text));
  }
}

static double column_width(const init_column *column) {
  size_t width = strlen(column->name);
  if (strlen(column->example) > width) width = strlen(column->example);
  width += 2;
  if (width < INIT_XLSX_MIN_WIDTH) width = INIT_XLSX_MIN_WIDTH;
  return (double)(width > INIT_XLSX_MAX_WIDTH ? INIT_XLSX_MAX_WIDTH : width);
}

static void write_table(init_book *b, const init_table *table,
                        const init_authority *authorities, size_t authority_count) {
  lxw_worksheet *sheet = workbook_add_worksheet(b->workbook, table->name);
  if (!sheet) return note(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
  for (size_t c = 0; c < table->column_count; c++) {
    const init_column *column = &table->columns[c];
    lxw_format *format = strcmp(column->type, "date") == 0   ? b->date
                         : strcmp(column->type, "text") == 0 ? b->text
                                                             : NULL;
    note(b, worksheet_set_column(sheet, (lxw_col_t)c, (lxw_col_t)c, column_width(column),
                                 format));
    note(b, worksheet_write_string(sheet, 0, (lxw_col_t)c, column->name, b->header));
    for (size_t a = 0; a < authority_count; a++)
      write_example(b, sheet, (lxw_row_t)(a + 1), (lxw_col_t)c, column, authorities[a].id);
  }
  worksheet_freeze_panes(sheet, 1, 0);
}

static void write_columns(init_book *b, lxw_worksheet *sheet, const init_schema *schema) {
  static const char *const headers[] = {"table", "column", "type", "required or optional",
                                        "example", "meaning"};
  for (lxw_col_t c = 0; c < 6; c++) {
    note(b, worksheet_write_string(sheet, 0, c, headers[c], b->header));
    note(b, worksheet_set_column(sheet, c, c, c == 5 ? INIT_XLSX_MEANING_WIDTH : 18,
                                 c == 5 ? b->wrapped : b->text));
  }
  lxw_row_t row = 1;
  for (size_t t = 0; t < schema->table_count; t++)
    for (size_t c = 0; c < schema->tables[t].column_count; c++, row++) {
      const init_column *column = &schema->tables[t].columns[c];
      const char *fields[] = {schema->tables[t].name, column->name, column->type, column->use,
                              strcmp(column->example, "{{id}}") == 0 ? "the authority's ID"
                                                                     : column->example,
                              column->meaning};
      for (lxw_col_t f = 0; f < 6; f++)
        if (*fields[f])
          note(b, worksheet_write_string(sheet, row, f, fields[f], f == 5 ? b->wrapped : b->text));
    }
  worksheet_freeze_panes(sheet, 1, 0);
}

static int make_formats(init_book *b) {
  b->header = workbook_add_format(b->workbook);
  b->text = workbook_add_format(b->workbook);
  b->date = workbook_add_format(b->workbook);
  b->wrapped = workbook_add_format(b->workbook);
  if (!b->header || !b->text || !b->date || !b->wrapped) return -1;
  format_set_bold(b->header);
  format_set_num_format(b->text, "@");
  format_set_num_format(b->date, "yyyy-mm-dd");
  format_set_align(b->date, LXW_ALIGN_LEFT);
  format_set_text_wrap(b->wrapped);
  format_set_align(b->wrapped, LXW_ALIGN_VERTICAL_TOP);
  return 0;
}

int init_xlsx_write(const char *path, const init_schema *schema,
                    const init_authority *authorities, size_t authority_count,
                    diag_list *problems) {
  init_book b = {.workbook = workbook_new(path)};
  if (!b.workbook) {
    diag_add(problems, path, 0, 0, "cannot start the workbook (out of memory, or the folder "
                                   "cannot be written)");
    return -1;
  }
  lxw_doc_properties properties = {.title = "sustain: starter data", .created = INIT_XLSX_CREATED};
  note(&b, workbook_set_properties(b.workbook, &properties));
  lxw_worksheet *about = workbook_add_worksheet(b.workbook, INIT_XLSX_ABOUT_SHEET);
  if (make_formats(&b) != 0 || !about) note(&b, LXW_ERROR_MEMORY_MALLOC_FAILED);
  if (b.error == LXW_NO_ERROR) write_about(&b, about);
  for (size_t t = 0; b.error == LXW_NO_ERROR && t < schema->table_count; t++)
    write_table(&b, &schema->tables[t], authorities, authority_count);
  lxw_worksheet *columns = b.error == LXW_NO_ERROR
                               ? workbook_add_worksheet(b.workbook, INIT_XLSX_COLUMNS_SHEET)
                               : NULL;
  if (columns) write_columns(&b, columns, schema);
  else note(&b, LXW_ERROR_MEMORY_MALLOC_FAILED);
  note(&b, workbook_close(b.workbook)); /* frees it, whatever happened */
  if (b.error == LXW_NO_ERROR) return 0;
  diag_add(problems, path, 0, 0, "cannot write the workbook: %s", lxw_strerror(b.error));
  return -1;
}
