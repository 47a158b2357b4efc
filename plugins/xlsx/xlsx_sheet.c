/* xlsx_sheet.c: a sheet's rows through expat; see xlsx_sheet.h. */
#include "xlsx_sheet.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlsx_cell.h"
#include "xlsx_xml.h"

/* Where in a cell the reader is: its value (<v>), its inline string (<is>), a text of
 * the inline string (<is><t>, <is><r><t>). */
typedef enum place { OUTSIDE, IN_VALUE, IN_INLINE, IN_INLINE_TEXT } place;

typedef struct sheet_pass {
  const xlsx_book *book;
  XML_Parser parser;
  xlsx_row_fn on_row;
  xlsx_problem_fn problem;
  void *context;
  int stopped;   /* 1: a problem or on_row stopped the pass; -1: out of memory */
  char *error;

  unsigned long row, column; /* the current (or last) row and cell */
  unsigned long style;       /* the current cell's style */
  char type;                 /* the current cell's t attribute, as type_code gives it */
  int in_data, in_cell, has_formula, has_value, phonetic_depth;
  place at;
  xlsx_text value; /* the current cell's value or inline string */
  xlsx_cell *cells;
  size_t cell_count, cell_capacity;
  xlsx_text text; /* the row's cells' text */
} sheet_pass;

static void stop(sheet_pass *pass) {
  if (!pass->stopped) pass->stopped = 1;
  XML_StopParser(pass->parser, 0);
}

static void problem_at(sheet_pass *pass, unsigned long column, const char *message) {
  pass->problem(pass->context, pass->row, column, message);
  stop(pass);
}

static void out_of_memory(sheet_pass *pass) {
  snprintf(pass->error, XLSX_MESSAGE_SIZE, "out of memory reading the sheet");
  pass->stopped = -1;
  XML_StopParser(pass->parser, 0);
}

#define XLSX_DAMAGED "; the file is damaged: save it again in Excel or LibreOffice"

/* ** {======================================================
** Rows and cells
** ======================================================= */

static void row_start(sheet_pass *pass, const char **attributes) {
  const char *number = xlsx_xml_attribute(attributes, "r");
  unsigned long row = pass->row + 1;
  if (number) {
    char *end;
    errno = 0;
    row = strtoul(number, &end, 10);
    if (errno || *end || row == 0 || row > XLSX_MAX_ROW)
      return problem_at(pass, 0, "the row's number is not one Excel allows" XLSX_DAMAGED);
  }
  if (row <= pass->row) {
    pass->row = row;
    return problem_at(pass, 0, "the rows are out of order" XLSX_DAMAGED);
  }
  pass->row = row;
  pass->column = 0;
  pass->cell_count = 0;
  pass->text.length = 0;
}

/* A cell's t attribute as one character: s shared string, S formula string, i inline
 * string, b boolean, e error, d ISO date, n number (also without t), ? anything else. */
static char type_code(const char *type) {
  static const struct {
    const char *name;
    char code;
  } types[] = {{"s", 's'}, {"n", 'n'}, {"str", 'S'}, {"inlineStr", 'i'},
               {"b", 'b'}, {"e", 'e'}, {"d", 'd'}};
  if (!type) return 'n';
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (strcmp(type, types[i].name) == 0) return types[i].code;
  return '?';
}

static void cell_start(sheet_pass *pass, const char **attributes) {
  const char *ref = xlsx_xml_attribute(attributes, "r");
  unsigned long column = pass->column + 1;
  if (ref) {
    unsigned long row;
    if (xlsx_ref_parse(ref, &row, &column, NULL) != 0 || row != pass->row)
      return problem_at(pass, pass->column + 1,
                        "the cell's reference is not one of its row" XLSX_DAMAGED);
  }
  if (column <= pass->column || column > XLSX_MAX_COLUMN)
    return problem_at(pass, column, "the cells are out of order" XLSX_DAMAGED);
  pass->column = column;
  pass->type = type_code(xlsx_xml_attribute(attributes, "t"));
  const char *style = xlsx_xml_attribute(attributes, "s");
  pass->style = style ? strtoul(style, NULL, 10) : 0;
  pass->in_cell = 1;
  pass->has_formula = pass->has_value = 0;
  pass->value.length = 0;
  if (pass->value.bytes) pass->value.bytes[0] = '\0';
}

/* Keeps a cell of the row: kind, and its text at pass->value. */
static void keep_cell(sheet_pass *pass, xlsx_kind kind, const char *text, size_t length) {
  if (pass->cell_count == pass->cell_capacity) {
    size_t capacity = pass->cell_capacity ? pass->cell_capacity * 2 : 64;
    xlsx_cell *grown = realloc(pass->cells, capacity * sizeof *grown);
    if (!grown) return out_of_memory(pass);
    pass->cells = grown;
    pass->cell_capacity = capacity;
  }
  size_t start = pass->text.length;
  xlsx_text_add(&pass->text, text, length);
  if (pass->text.failed) return out_of_memory(pass);
  pass->cells[pass->cell_count++] = (xlsx_cell){pass->column, pass->style, kind, start, length};
}

/* A shared string cell: its value is the string's index. */
static void keep_shared_string(sheet_pass *pass, const char *value) {
  char *end;
  errno = 0;
  unsigned long long index = strtoull(value, &end, 10);
  size_t length = 0;
  const char *text = NULL;
  if (!errno && *end == '\0' && end != value && value[0] >= '0' && value[0] <= '9')
    text = xlsx_book_string(pass->book, index, &length);
  if (!text) {
    char message[XLSX_MESSAGE_SIZE];
    snprintf(message, sizeof message,
             "the cell refers to a shared string the workbook does not have (it has %zu)"
             XLSX_DAMAGED, pass->book->string_count);
    return problem_at(pass, pass->column, message);
  }
  if (length > 0) keep_cell(pass, XLSX_STRING, text, length);
}

static void cell_end(sheet_pass *pass) {
  pass->in_cell = 0;
  const char *value = pass->value.bytes ? pass->value.bytes : "";
  size_t length = pass->value.length;
  if (pass->value.failed) return out_of_memory(pass);
  if (!pass->has_value) { /* an inline string's <is> counts as a value */
    if (pass->has_formula) keep_cell(pass, XLSX_NO_RESULT, "", 0);
    return;
  }
  switch (pass->type) {
  case 'n':
    if (length > 0) keep_cell(pass, XLSX_NUMBER, value, length);
    return;
  case 's':
    return keep_shared_string(pass, value);
  case 'S':
  case 'i': /* an empty text shows as an empty cell, and is one */
    if (length > 0) keep_cell(pass, XLSX_STRING, value, length);
    return;
  case 'b': {
    int truth = strcmp(value, "1") == 0 || strcmp(value, "true") == 0;
    return keep_cell(pass, XLSX_BOOLEAN, truth ? "TRUE" : "FALSE", truth ? 4 : 5);
  }
  case 'e':
    return keep_cell(pass, XLSX_ERROR, value, length);
  case 'd':
    if (length > 0) keep_cell(pass, XLSX_ISO_DATE, value, length);
    return;
  default:
    return problem_at(pass, pass->column, "the cell has a type Excel does not write" XLSX_DAMAGED);
  }
}

static void row_end(sheet_pass *pass) {
  if (pass->cell_count == 0) return;
  xlsx_row row = {pass->row, pass->cells, pass->cell_count, pass->text.bytes};
  if (pass->on_row(pass->context, &row) != 0) stop(pass);
}

/* }====================================================== */

/* ** {======================================================
** The parser's handlers
** ======================================================= */

static void on_start(void *data, const char *element, const char **attributes) {
  sheet_pass *pass = data;
  const char *local = xlsx_xml_local(element);
  if (!pass->in_data) { /* cells live in <sheetData>; elsewhere a <c> is something else */
    pass->in_data = strcmp(local, "sheetData") == 0;
    return;
  }
  switch (local[0]) {
  case 'r':
    if (strcmp(local, "row") == 0) return row_start(pass, attributes);
    if (strcmp(local, "rPh") == 0) pass->phonetic_depth++;
    return;
  case 'c':
    if (local[1] == '\0') return cell_start(pass, attributes);
    return;
  case 'v':
    if (local[1] == '\0' && pass->in_cell) {
      pass->at = IN_VALUE;
      pass->has_value = 1;
    }
    return;
  case 'f':
    if (local[1] == '\0' && pass->in_cell) pass->has_formula = 1;
    return;
  case 'i':
    if (strcmp(local, "is") == 0 && pass->in_cell) {
      pass->at = IN_INLINE;
      pass->has_value = 1;
    }
    return;
  case 't':
    if (local[1] == '\0' && pass->at == IN_INLINE && !pass->phonetic_depth)
      pass->at = IN_INLINE_TEXT;
    return;
  default:
    return;
  }
}

static void on_end(void *data, const char *element) {
  sheet_pass *pass = data;
  const char *local = xlsx_xml_local(element);
  if (!pass->in_data) return;
  if (local[0] == 'c' && local[1] == '\0') {
    if (pass->in_cell) cell_end(pass);
  } else if (local[0] == 'v' && local[1] == '\0') {
    if (pass->at == IN_VALUE) pass->at = OUTSIDE;
  } else if (local[0] == 't' && local[1] == '\0') {
    if (pass->at == IN_INLINE_TEXT) pass->at = IN_INLINE;
  } else if (strcmp(local, "is") == 0) {
    pass->at = OUTSIDE;
  } else if (strcmp(local, "rPh") == 0) {
    pass->phonetic_depth--;
  } else if (strcmp(local, "row") == 0) {
    row_end(pass);
  } else if (strcmp(local, "sheetData") == 0) {
    pass->in_data = 0;
  }
}

static void on_text(void *data, const char *bytes, int length) {
  sheet_pass *pass = data;
  if (pass->at == IN_VALUE || pass->at == IN_INLINE_TEXT)
    xlsx_text_add(&pass->value, bytes, (size_t)length);
}

/* }====================================================== */

int xlsx_sheet_read(const xlsx_book *book, const char *part, xlsx_row_fn on_row,
                    xlsx_problem_fn problem, void *context, char error[XLSX_MESSAGE_SIZE]) {
  sheet_pass pass = {.book = book, .on_row = on_row, .problem = problem, .context = context,
                     .error = error};
  pass.parser = xlsx_xml_parser(&pass);
  if (!pass.parser) {
    snprintf(error, XLSX_MESSAGE_SIZE, "out of memory reading the sheet");
    return -1;
  }
  XML_SetElementHandler(pass.parser, on_start, on_end);
  XML_SetCharacterDataHandler(pass.parser, on_text);
  int status = xlsx_xml_parse_part(&book->zip, part, XLSX_SHEET_LIMIT, pass.parser, error);
  XML_ParserFree(pass.parser);
  free(pass.cells);
  xlsx_text_free(&pass.value);
  xlsx_text_free(&pass.text);
  if (status == XLSX_ZIP_MISSING) {
    snprintf(error, XLSX_MESSAGE_SIZE,
             "the workbook lists the sheet, but its part %s is not in the file" XLSX_DAMAGED,
             part);
    return -1;
  }
  if (status == 1) return pass.stopped < 0 ? -1 : 1;
  return status;
}
