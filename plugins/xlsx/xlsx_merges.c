/* xlsx_merges.c: a sheet's merged areas. Excel writes them after the rows, in
 * <mergeCells>, yet a reader of rows needs them at the header; so a first pass inflates
 * the sheet and looks for "<mergeCells" in the bytes, which the XML parser then reads
 * from there. A '<' never stands for itself in XML text, so the bytes cannot mistake a
 * cell's text for the element. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlsx_cell.h"
#include "xlsx_sheet.h"
#include "xlsx_xml.h"

/* The element looked for, and the longest prefix (x:) tried before its name. */
#define XLSX_MERGES_TAG "mergeCells"
#define XLSX_MERGES_PREFIX_MAX 8

/* The most merged areas read from one sheet: more than any real table has, few enough
 * to check every cell against. */
#define XLSX_MAX_MERGES 100000

typedef struct merge_pass {
  XML_Parser parser; /* NULL until the element is found */
  char tail[sizeof XLSX_MERGES_TAG + XLSX_MERGES_PREFIX_MAX]; /* the last bytes seen */
  size_t tail_length;
  int done, too_many;
  xlsx_merge *merges;
  size_t count, capacity;
  int out_of_memory;
} merge_pass;

static void merge_start(void *data, const char *element, const char **attributes) {
  merge_pass *pass = data;
  if (strcmp(xlsx_xml_local(element), "mergeCell") != 0) return;
  const char *ref = xlsx_xml_attribute(attributes, "ref");
  xlsx_merge m;
  const char *end;
  if (!ref || xlsx_ref_parse(ref, &m.first_row, &m.first_column, &end) != 0 || *end != ':' ||
      xlsx_ref_parse(end + 1, &m.last_row, &m.last_column, NULL) != 0 ||
      m.last_row < m.first_row || m.last_column < m.first_column)
    return; /* an area Excel would not write merges nothing */
  if (pass->count == XLSX_MAX_MERGES) {
    pass->too_many = 1;
    XML_StopParser(pass->parser, 0);
    return;
  }
  if (pass->count == pass->capacity) {
    size_t capacity = pass->capacity ? pass->capacity * 2 : 16;
    xlsx_merge *grown = realloc(pass->merges, capacity * sizeof *grown);
    if (!grown) {
      pass->out_of_memory = 1;
      XML_StopParser(pass->parser, 0);
      return;
    }
    pass->merges = grown;
    pass->capacity = capacity;
  }
  pass->merges[pass->count++] = m;
}

static void merge_end(void *data, const char *element) {
  merge_pass *pass = data;
  if (strcmp(xlsx_xml_local(element), XLSX_MERGES_TAG) == 0) {
    pass->done = 1;
    XML_StopParser(pass->parser, 0);
  }
}

/* Starts parsing at "<mergeCells" or "<x:mergeCells" when text[0..length) holds one, and
 * returns where it starts; else NULL. */
static const char *find_element(const char *text, size_t length) {
  const char *at = text;
  while ((at = memmem(at, length - (size_t)(at - text), XLSX_MERGES_TAG,
                      sizeof XLSX_MERGES_TAG - 1)) != NULL) {
    const char *open = at;
    while (open > text && open[-1] != '<' && open[-1] != '/' && open[-1] != ' ' &&
           at - open < XLSX_MERGES_PREFIX_MAX)
      open--;
    if (open > text && open[-1] == '<' && (open == at || at[-1] == ':')) return open - 1;
    at++;
  }
  return NULL;
}

static int start_parsing(merge_pass *pass, const char *from, size_t length) {
  pass->parser = xlsx_xml_parser(pass);
  if (!pass->parser) {
    pass->out_of_memory = 1;
    return 1;
  }
  XML_SetElementHandler(pass->parser, merge_start, merge_end);
  /* an error after the areas were read (the closing tags of what encloses them) ends it */
  if (XML_Parse(pass->parser, from, (int)length, 0) != XML_STATUS_OK) pass->done = 1;
  return pass->done || pass->out_of_memory || pass->too_many;
}

static int scan_chunk(void *context, const char *bytes, size_t length) {
  merge_pass *pass = context;
  if (pass->parser) {
    if (XML_Parse(pass->parser, bytes, (int)length, 0) != XML_STATUS_OK) pass->done = 1;
    return pass->done || pass->out_of_memory || pass->too_many;
  }
  /* the element may straddle two chunks: look at the last bytes and the first together */
  char seam[2 * sizeof pass->tail];
  size_t head = length < sizeof pass->tail ? length : sizeof pass->tail;
  memcpy(seam, pass->tail, pass->tail_length);
  memcpy(seam + pass->tail_length, bytes, head);
  const char *found = find_element(seam, pass->tail_length + head);
  if (found) {
    size_t skipped = (size_t)(found - seam);
    if (start_parsing(pass, found, pass->tail_length + head - skipped)) return 1;
    return scan_chunk(pass, bytes + head, length - head);
  }
  found = find_element(bytes, length);
  if (found) return start_parsing(pass, found, length - (size_t)(found - bytes));
  if (length >= sizeof pass->tail) {
    memcpy(pass->tail, bytes + length - sizeof pass->tail, sizeof pass->tail);
    pass->tail_length = sizeof pass->tail;
    return 0;
  }
  if (pass->tail_length + length > sizeof pass->tail) {
    size_t drop = pass->tail_length + length - sizeof pass->tail;
    memmove(pass->tail, pass->tail + drop, pass->tail_length - drop);
    pass->tail_length -= drop;
  }
  memcpy(pass->tail + pass->tail_length, bytes, length);
  pass->tail_length += length;
  return 0;
}

static int by_first_row(const void *a, const void *b) {
  const xlsx_merge *x = a, *y = b;
  return (x->first_row > y->first_row) - (x->first_row < y->first_row);
}

int xlsx_merges_read(const xlsx_book *book, const char *part, xlsx_merge **merges,
                     size_t *count, char error[XLSX_MESSAGE_SIZE]) {
  merge_pass pass = {0};
  int status = xlsx_zip_read(&book->zip, part, XLSX_SHEET_LIMIT, scan_chunk, &pass, error);
  if (pass.parser) XML_ParserFree(pass.parser);
  if (status == XLSX_ZIP_MISSING) {
    snprintf(error, XLSX_MESSAGE_SIZE, "the workbook lists the sheet, but its part %s is not "
             "in the file; the file is damaged: save it again in Excel or LibreOffice", part);
    status = -1;
  } else if (pass.out_of_memory) {
    snprintf(error, XLSX_MESSAGE_SIZE, "out of memory reading the sheet's merged cells");
    status = -1;
  } else if (pass.too_many) {
    snprintf(error, XLSX_MESSAGE_SIZE, "the sheet has more than %d merged areas; unmerge "
             "them (Home, Merge & Center) before reading it", XLSX_MAX_MERGES);
    status = -1;
  } else if (status == 1) {
    status = 0; /* the areas were read, and the rest of the sheet was not needed */
  }
  if (status != 0) {
    free(pass.merges);
    return -1;
  }
  if (pass.count) qsort(pass.merges, pass.count, sizeof *pass.merges, by_first_row);
  *merges = pass.merges;
  *count = pass.count;
  return 0;
}
