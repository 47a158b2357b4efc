/* xlsx_options.c: the xlsx source's options: range, header_row and types (path and
 * sheet are read where the workbook is opened). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xlsx_cell.h"
#include "xlsx_load.h"

/* How many bytes of an option's text a message quotes. */
#define XLSX_QUOTE_MAX 60

static int is_blank(char c) { return c == ' ' || c == '\t'; }

/* text[0..*length) without blanks around it. */
static const char *trim(const char *text, size_t *length) {
  while (*length && is_blank(*text)) text++, (*length)--;
  while (*length && is_blank(text[*length - 1])) (*length)--;
  return text;
}

static int read_range(xlsx_load *load, const char *value) {
  const char *end;
  if (xlsx_ref_parse(value, &load->first_row, &load->first_column, &end) != 0 || *end != ':' ||
      xlsx_ref_parse(end + 1, &load->last_row, &load->last_column, NULL) != 0) {
    xlsx_error(load, NULL, "option range: \"%.*s\" is not a range of cells; write the top-left "
               "and bottom-right cells of the table, header row included, e.g. B3:F200",
               XLSX_QUOTE_MAX, value);
    return -1;
  }
  if (load->last_row < load->first_row || load->last_column < load->first_column) {
    xlsx_error(load, NULL, "option range: \"%.*s\" ends before it starts; write the top-left "
               "cell first, e.g. B3:F200", XLSX_QUOTE_MAX, value);
    return -1;
  }
  return 0;
}

static int read_header_row(xlsx_load *load, const char *value) {
  char *end;
  errno = 0;
  unsigned long row = strtoul(value, &end, 10);
  if (errno || *end || end == value || value[0] == '-' || row == 0 || row > XLSX_MAX_ROW) {
    xlsx_error(load, NULL, "option header_row: \"%.*s\" is not a row number; give the number "
               "Excel shows beside the header row, from 1 to %lu", XLSX_QUOTE_MAX, value,
               XLSX_MAX_ROW);
    return -1;
  }
  load->header_row = row;
  return 0;
}

static int read_type(xlsx_load *load, const char *name, size_t length, sustain_column_type *type) {
  static const struct {
    const char *word;
    sustain_column_type type;
  } words[] = {{"number", SUSTAIN_COLUMN_NUMBER}, {"text", SUSTAIN_COLUMN_TEXT},
               {"date", SUSTAIN_COLUMN_DATE}};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (length == strlen(words[i].word) && memcmp(name, words[i].word, length) == 0) {
      *type = words[i].type;
      return 0;
    }
  xlsx_error(load, NULL, "option types: \"%.*s\" is not a type; use number, text or date",
             (int)(length < XLSX_QUOTE_MAX ? length : XLSX_QUOTE_MAX), name);
  return -1;
}

/* One column:type entry; the type follows the last colon, so a name may hold colons. */
static int read_declaration(xlsx_load *load, const char *entry, size_t length) {
  int quoted = (int)(length < XLSX_QUOTE_MAX ? length : XLSX_QUOTE_MAX);
  const char *colon = NULL;
  for (size_t i = 0; i < length; i++)
    if (entry[i] == ':') colon = entry + i;
  size_t name_length = colon ? (size_t)(colon - entry) : 0;
  const char *name = trim(entry, &name_length);
  if (!colon || name_length == 0) {
    xlsx_error(load, NULL, "option types: \"%.*s\" is not column:type; write e.g. DOB:date",
               quoted, entry);
    return -1;
  }
  size_t type_length = length - (size_t)(colon + 1 - entry);
  const char *type_name = trim(colon + 1, &type_length);
  sustain_column_type type;
  if (read_type(load, type_name, type_length, &type) != 0) return -1;
  for (size_t d = 0; d < load->declared_count; d++)
    if (load->declared[d].length == name_length &&
        memcmp(load->declared[d].name, name, name_length) == 0) {
      xlsx_error(load, NULL, "option types: column \"%.*s\" is declared twice; keep one",
                 (int)(name_length < XLSX_QUOTE_MAX ? name_length : XLSX_QUOTE_MAX), name);
      return -1;
    }
  load->declared[load->declared_count++] = (xlsx_declared){name, name_length, type, 0};
  return 0;
}

static int read_types(xlsx_load *load, const char *value) {
  size_t most = 1;
  for (const char *c = value; *c; c++) most += *c == ',';
  load->declared = calloc(most, sizeof *load->declared);
  if (!load->declared) {
    xlsx_error(load, NULL, "out of memory reading option types");
    return -1;
  }
  for (const char *entry = value;;) {
    const char *comma = strchr(entry, ',');
    size_t length = comma ? (size_t)(comma - entry) : strlen(entry);
    const char *text = trim(entry, &length);
    if (length > 0 && read_declaration(load, text, length) != 0) return -1;
    if (!comma) return 0;
    entry = comma + 1;
  }
}

int xlsx_options_read(xlsx_load *load) {
  const sustain_host *host = load->host;
  const char *range = host->option(load->source, "range");
  const char *header_row = host->option(load->source, "header_row");
  const char *types = host->option(load->source, "types");
  if (range && header_row) {
    xlsx_error(load, NULL, "options range and header_row are both given; give one: range's "
               "first row is the header row");
    return -1;
  }
  if (range && read_range(load, range) != 0) return -1;
  if (header_row && read_header_row(load, header_row) != 0) return -1;
  if (types && read_types(load, types) != 0) return -1;
  return 0;
}
