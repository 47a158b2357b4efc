/* xlsx_book.c: the workbook's parts other than its sheets; see xlsx_book.h. */
#include "xlsx_book.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xlsx_xml.h"

#define XLSX_WORKBOOK_PART "xl/workbook.xml"
#define XLSX_WORKBOOK_RELS_PART "xl/_rels/workbook.xml.rels"
#define XLSX_STYLES_PART "xl/styles.xml"
#define XLSX_STRINGS_PART "xl/sharedStrings.xml"

/* The most cell styles a workbook may define (Excel's own limit is 64,000). */
#define XLSX_MAX_STYLES 65536

/* One pass over a part: its parser's state, shared by the handlers of each part. */
typedef struct book_pass {
  xlsx_book *book;
  XML_Parser parser;
  char *error;
  int failed;
  /* workbook.xml.rels: relationship ids and targets, in order */
  struct relationship {
    char *id, *target;
  } *rels;
  size_t rel_count, rel_capacity;
  /* styles.xml: custom number formats that show dates, and where the reader is */
  unsigned long *date_formats;
  size_t date_format_count, date_format_capacity;
  int in_cell_xfs;
  /* sharedStrings.xml: the string being read */
  int in_string, in_text, phonetic_depth;
  xlsx_text text;
} book_pass;

static void fail(book_pass *pass, const char *message) {
  if (!pass->failed) snprintf(pass->error, XLSX_MESSAGE_SIZE, "%s", message);
  pass->failed = 1;
  XML_StopParser(pass->parser, 0);
}

static void out_of_memory(book_pass *pass) { fail(pass, "out of memory reading the workbook"); }

/* Grows an array of *capacity items of size each so that one more fits. */
static int make_room(void **items, size_t count, size_t *capacity, size_t size) {
  if (count < *capacity) return 0;
  size_t bigger = *capacity ? *capacity * 2 : 16;
  void *grown = realloc(*items, bigger * size);
  if (!grown) return -1;
  *items = grown;
  *capacity = bigger;
  return 0;
}

/* ** {======================================================
** The workbook and its relationships
** ======================================================= */

static int is_true(const char *value) {
  return value && (strcmp(value, "1") == 0 || strcmp(value, "true") == 0);
}

static void workbook_start(void *data, const char *element, const char **attributes) {
  book_pass *pass = data;
  xlsx_book *book = pass->book;
  const char *local = xlsx_xml_local(element);
  if (strcmp(local, "workbookPr") == 0) {
    book->date1904 = is_true(xlsx_xml_attribute(attributes, "date1904"));
    return;
  }
  if (strcmp(local, "sheet") != 0) return;
  const char *name = xlsx_xml_attribute(attributes, "name");
  const char *id = xlsx_xml_attribute(attributes, "id");
  if (!name || !id) return fail(pass, "the workbook lists a sheet without a name or a part; "
                                      "the file is damaged: save it again in Excel or LibreOffice");
  size_t capacity = book->sheet_count; /* grows one at a time: workbooks have few sheets */
  capacity++;
  xlsx_sheet_entry *sheets = realloc(book->sheets, capacity * sizeof *sheets);
  if (!sheets) return out_of_memory(pass);
  book->sheets = sheets;
  /* the part is the relationship id until the relationships are read */
  sheets[book->sheet_count] = (xlsx_sheet_entry){strdup(name), strdup(id)};
  if (!sheets[book->sheet_count].name || !sheets[book->sheet_count].part) {
    book->sheet_count++;
    return out_of_memory(pass);
  }
  book->sheet_count++;
}

static void rels_start(void *data, const char *element, const char **attributes) {
  book_pass *pass = data;
  if (strcmp(xlsx_xml_local(element), "Relationship") != 0) return;
  const char *id = xlsx_xml_attribute(attributes, "Id");
  const char *target = xlsx_xml_attribute(attributes, "Target");
  if (!id || !target) return;
  if (make_room((void **)&pass->rels, pass->rel_count, &pass->rel_capacity,
                sizeof *pass->rels) != 0)
    return out_of_memory(pass);
  char *kept_id = strdup(id);
  char *kept_target = NULL;
  /* targets are relative to xl/, or absolute from the archive's root */
  if (target[0] == '/')
    kept_target = strdup(target + 1);
  else if (asprintf(&kept_target, "xl/%s", target) < 0)
    kept_target = NULL;
  pass->rels[pass->rel_count++] = (struct relationship){kept_id, kept_target};
  if (!kept_id || !kept_target) out_of_memory(pass);
}

/* Replaces each sheet's relationship id with the part it names. */
static int resolve_sheet_parts(book_pass *pass) {
  xlsx_book *book = pass->book;
  for (size_t s = 0; s < book->sheet_count; s++) {
    const char *target = NULL;
    for (size_t r = 0; r < pass->rel_count && !target; r++)
      if (strcmp(pass->rels[r].id, book->sheets[s].part) == 0) target = pass->rels[r].target;
    if (!target) {
      snprintf(pass->error, XLSX_MESSAGE_SIZE,
               "the workbook lists sheet '%.80s' but not where it is kept; the file is damaged: "
               "save it again in Excel or LibreOffice", book->sheets[s].name);
      return -1;
    }
    char *part = strdup(target);
    if (!part) {
      snprintf(pass->error, XLSX_MESSAGE_SIZE, "out of memory reading the workbook");
      return -1;
    }
    free(book->sheets[s].part);
    book->sheets[s].part = part;
  }
  return 0;
}

/* }====================================================== */

/* ** {======================================================
** Styles
** ======================================================= */

int xlsx_format_code_is_date(const char *code) {
  for (const char *c = code; *c; c++) {
    if (*c == '"') { /* quoted text */
      c = strchr(c + 1, '"');
      if (!c) return 0;
    } else if (*c == '[') { /* a colour, a condition, a locale, or elapsed time */
      c = strchr(c + 1, ']');
      if (!c) return 0;
    } else if (*c == '\\' || *c == '_' || *c == '*') { /* escaped, spaced, repeated */
      if (!*++c) return 0;
    } else if (*c == 'd' || *c == 'D' || *c == 'y' || *c == 'Y') {
      return 1;
    }
  }
  return 0;
}

/* Whether a built-in number format (one without a numFmt of its own) shows a date: the
 * ids ECMA-376 gives to dates, with or without time, and the East Asian ones. */
static int builtin_format_is_date(unsigned long id) {
  return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

static int format_is_date(const book_pass *pass, unsigned long id) {
  for (size_t i = 0; i < pass->date_format_count; i++)
    if (pass->date_formats[i] == id) return 1;
  return builtin_format_is_date(id);
}

static void styles_start(void *data, const char *element, const char **attributes) {
  book_pass *pass = data;
  xlsx_book *book = pass->book;
  const char *local = xlsx_xml_local(element);
  if (strcmp(local, "cellXfs") == 0) {
    pass->in_cell_xfs = 1;
  } else if (strcmp(local, "numFmt") == 0) {
    const char *id = xlsx_xml_attribute(attributes, "numFmtId");
    const char *code = xlsx_xml_attribute(attributes, "formatCode");
    if (!id || !code || !xlsx_format_code_is_date(code)) return;
    if (make_room((void **)&pass->date_formats, pass->date_format_count,
                  &pass->date_format_capacity, sizeof *pass->date_formats) != 0)
      return out_of_memory(pass);
    pass->date_formats[pass->date_format_count++] = strtoul(id, NULL, 10);
  } else if (strcmp(local, "xf") == 0 && pass->in_cell_xfs) {
    if (book->style_count == XLSX_MAX_STYLES)
      return fail(pass, "the workbook defines more than 65536 cell styles, more than Excel "
                        "allows; the file is damaged: save it again in Excel or LibreOffice");
    if (book->style_count % 256 == 0) {
      unsigned char *grown = realloc(book->date_styles, book->style_count + 256);
      if (!grown) return out_of_memory(pass);
      book->date_styles = grown;
    }
    const char *id = xlsx_xml_attribute(attributes, "numFmtId");
    book->date_styles[book->style_count++] = id && format_is_date(pass, strtoul(id, NULL, 10));
  }
}

static void styles_end(void *data, const char *element) {
  book_pass *pass = data;
  if (strcmp(xlsx_xml_local(element), "cellXfs") == 0) pass->in_cell_xfs = 0;
}

/* }====================================================== */

/* ** {======================================================
** Shared strings
** ======================================================= */

/* A string item's text is its <t>, or the <t> of each of its runs (<r>), but never the
 * text of a phonetic guide (<rPh>), which Excel shows above the cell, not in it. */
static void strings_start(void *data, const char *element, const char **attributes) {
  book_pass *pass = data;
  (void)attributes;
  const char *local = xlsx_xml_local(element);
  if (strcmp(local, "si") == 0) {
    pass->in_string = 1;
    pass->text.length = 0;
  } else if (strcmp(local, "rPh") == 0) {
    pass->phonetic_depth++;
  } else if (strcmp(local, "t") == 0 && pass->in_string && !pass->phonetic_depth) {
    pass->in_text = 1;
  }
}

static void strings_text(void *data, const char *bytes, int length) {
  book_pass *pass = data;
  if (pass->in_text) xlsx_text_add(&pass->text, bytes, (size_t)length);
}

static void keep_string(book_pass *pass) {
  xlsx_book *book = pass->book;
  size_t length = pass->text.length;
  if (pass->text.failed ||
      make_room((void **)&book->string_starts, book->string_count, &book->starts_capacity,
                sizeof *book->string_starts) != 0)
    return out_of_memory(pass);
  if (book->strings_length + length + 1 > book->strings_capacity) {
    size_t capacity = book->strings_capacity ? book->strings_capacity : 4096;
    while (capacity < book->strings_length + length + 1) capacity *= 2;
    char *grown = realloc(book->strings, capacity);
    if (!grown) return out_of_memory(pass);
    book->strings = grown;
    book->strings_capacity = capacity;
  }
  if (length) memcpy(book->strings + book->strings_length, pass->text.bytes, length);
  book->strings[book->strings_length + length] = '\0';
  book->string_starts[book->string_count++] = book->strings_length;
  book->strings_length += length + 1;
}

static void strings_end(void *data, const char *element) {
  book_pass *pass = data;
  const char *local = xlsx_xml_local(element);
  if (strcmp(local, "t") == 0) {
    pass->in_text = 0;
  } else if (strcmp(local, "rPh") == 0) {
    pass->phonetic_depth--;
  } else if (strcmp(local, "si") == 0 && pass->in_string) {
    pass->in_string = 0;
    keep_string(pass);
  }
}

/* }====================================================== */

/* Parses one part with the given handlers. A missing part is an error only when
 * required. Returns 0, or -1 with the reason in pass->error. */
static int read_part(book_pass *pass, const char *name, uint64_t limit, int required,
                     XML_StartElementHandler start, XML_EndElementHandler end,
                     XML_CharacterDataHandler text) {
  pass->parser = xlsx_xml_parser(pass);
  if (!pass->parser) {
    snprintf(pass->error, XLSX_MESSAGE_SIZE, "out of memory reading the workbook");
    return -1;
  }
  XML_SetElementHandler(pass->parser, start, end);
  if (text) XML_SetCharacterDataHandler(pass->parser, text);
  int status = xlsx_xml_parse_part(&pass->book->zip, name, limit, pass->parser, pass->error);
  XML_ParserFree(pass->parser);
  pass->parser = NULL;
  if (status == XLSX_ZIP_MISSING) {
    if (!required) return 0;
    snprintf(pass->error, XLSX_MESSAGE_SIZE,
             "not an Excel workbook: the archive has no %s (an OpenDocument or other zip "
             "file?); open it in Excel or LibreOffice and save it as an Excel workbook (.xlsx)",
             name);
    return -1;
  }
  return status == 0 ? 0 : -1;
}

static void book_pass_free(book_pass *pass) {
  for (size_t r = 0; r < pass->rel_count; r++) {
    free(pass->rels[r].id);
    free(pass->rels[r].target);
  }
  free(pass->rels);
  free(pass->date_formats);
  xlsx_text_free(&pass->text);
}

int xlsx_book_read(xlsx_book *book, char error[XLSX_MESSAGE_SIZE]) {
  book_pass pass = {.book = book, .error = error};
  int status = read_part(&pass, XLSX_WORKBOOK_PART, XLSX_SMALL_PART_LIMIT, 1, workbook_start,
                         NULL, NULL);
  if (status == 0)
    status = read_part(&pass, XLSX_WORKBOOK_RELS_PART, XLSX_SMALL_PART_LIMIT, 1, rels_start,
                       NULL, NULL);
  if (status == 0) status = resolve_sheet_parts(&pass);
  if (status == 0)
    status = read_part(&pass, XLSX_STYLES_PART, XLSX_SMALL_PART_LIMIT, 0, styles_start,
                       styles_end, NULL);
  if (status == 0)
    status = read_part(&pass, XLSX_STRINGS_PART, XLSX_STRINGS_LIMIT, 0, strings_start,
                       strings_end, strings_text);
  if (status == 0 && book->sheet_count == 0) {
    snprintf(error, XLSX_MESSAGE_SIZE, "the workbook lists no sheets; the file is damaged: "
             "save it again in Excel or LibreOffice");
    status = -1;
  }
  book_pass_free(&pass);
  return status;
}

const xlsx_sheet_entry *xlsx_book_sheet(const xlsx_book *book, const char *name) {
  for (size_t s = 0; s < book->sheet_count; s++)
    if (strcasecmp(book->sheets[s].name, name) == 0) return &book->sheets[s];
  return NULL;
}

int xlsx_book_style_is_date(const xlsx_book *book, unsigned long style) {
  return style < book->style_count && book->date_styles[style];
}

const char *xlsx_book_string(const xlsx_book *book, uint64_t index, size_t *length) {
  if (index >= book->string_count) return NULL;
  size_t start = book->string_starts[index];
  size_t end = index + 1 < book->string_count ? book->string_starts[index + 1]
                                              : book->strings_length;
  *length = end - start - 1;
  return book->strings + start;
}

void xlsx_book_free(xlsx_book *book) {
  xlsx_zip_close(&book->zip);
  for (size_t s = 0; s < book->sheet_count; s++) {
    free(book->sheets[s].name);
    free(book->sheets[s].part);
  }
  free(book->sheets);
  free(book->date_styles);
  free(book->strings);
  free(book->string_starts);
  *book = (xlsx_book){0};
}
