/* ssda903_reader.c: walks an SSDA903 XML export with expat's callbacks, keeping only the
 * child being read: the HEADER fields the table needs, and the rows its group elements
 * give, which go to the sink when the child ends (CHILD and DOB come from the header,
 * wherever in the child it stands). Elements the layout does not know are skipped with a
 * warning, once per name and place; anything that makes the file unreadable, or a value
 * wrong, is an error that stops the reading. No message quotes a value. */
#include "ssda903_reader.h"

#include <expat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ssda903_date.h"

/* The elements the walk keeps track of: the root, a CHILD, HEADER or EPISODE, a group
 * inside HEADER, a field. */
#define READER_MAX_DEPTH 5

/* Distinct unknown elements warned of, each once; past them one last warning says so. */
#define READER_MAX_WARNINGS 16
#define READER_WARNING_KEY 64

/* The longest element name a message quotes; a longer one, or one of other characters,
 * is not quoted, since a damaged file could have anything there. */
#define READER_NAME_QUOTE_MAX 40

/* The bytes that go to expat together at the start of the file: enough for it to tell
 * the encoding (a byte order mark, or the start of "<?xml"). */
#define READER_FIRST_BYTES 4

/* Windows-1252's characters for bytes 0x80 to 0x9F (-1: none), the rest being Latin-1's:
 * exports from Windows systems often declare it. */
static const int windows_1252_high[32] = {
    0x20AC, -1,     0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, -1,     0x017D, -1,     -1,     0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, -1,     0x017E, 0x0178};

typedef enum frame_kind { FRAME_ROOT, FRAME_CHILD, FRAME_GROUP, FRAME_FIELD } frame_kind;

typedef struct frame {
  frame_kind kind;
  ssda903_group group; /* FRAME_GROUP: which; FRAME_FIELD: the field's */
} frame;

/* A value of the child being read: bytes of the arena. */
typedef struct value {
  size_t offset, length;
  int present; /* its element was read */
} value;

struct ssda903_reader {
  XML_Parser parser;
  const ssda903_table *table;
  ssda903_sink sink;
  size_t width;
  int column_field[SSDA903_MAX_COLUMNS];
  int column_own[SSDA903_MAX_COLUMNS]; /* from the table's group element, not the header */
  int row_when[8];                     /* header fields; -1 ends */
  unsigned char used[SSDA903_FIELD_COUNT];
  int stopped;

  frame stack[READER_MAX_DEPTH];
  int depth;
  long skip; /* depth inside an element being skipped */

  const char *stray_in; /* the element text stood in outside any field, or NULL */
  long stray_line, stray_column;

  int field; /* the field being read, or -1 */
  long field_line, field_column;
  char text[SSDA903_VALUE_MAX];
  size_t text_length;
  int text_too_long;

  long child_line, group_line;
  int headers; /* HEADERs in this child */
  value header[SSDA903_FIELD_COUNT];
  value group[SSDA903_FIELD_COUNT]; /* the table's group element being read */
  char *arena;
  size_t arena_length, arena_capacity;
  value *pending; /* rows of this child, width values each */
  long *pending_lines;
  size_t pending_rows, pending_capacity;
  sustain_cell *cells;
  size_t cells_capacity;

  char warned[READER_MAX_WARNINGS][READER_WARNING_KEY];
  size_t warned_count;

  char first[READER_FIRST_BYTES]; /* the file's first bytes, until there are enough */
  size_t first_length;
  int started; /* they went to expat */
};

/* ** {======================================================
** Messages
** ======================================================= */

static long here_line(const ssda903_reader *r) { return (long)XML_GetCurrentLineNumber(r->parser); }

static long here_column(const ssda903_reader *r) {
  return (long)XML_GetCurrentColumnNumber(r->parser) + 1;
}

/* Sends an error and stops the reading. Returns -1. */
__attribute__((format(printf, 4, 5))) static int fail_at(ssda903_reader *r, long line,
                                                         long column, const char *format, ...) {
  char message[SSDA903_MESSAGE_SIZE];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof message, format, args);
  va_end(args);
  if (!r->stopped) r->sink.message(r->sink.context, 1, line, column, message);
  r->stopped = 1;
  XML_StopParser(r->parser, XML_FALSE);
  return -1;
}

/* The reader ran out of memory: said as such, never as a problem of the file. */
static int out_of_memory(ssda903_reader *r) {
  return fail_at(r, 0, 0, "out of memory while reading the file; close other programs, "
                          "or give sustain more memory");
}

/* An element name as a message may quote it, or a phrase that stands for it. */
static const char *quotable(const char *name) {
  size_t length = strlen(name);
  if (length == 0 || length > READER_NAME_QUOTE_MAX) return "(a name not shown)";
  for (const char *c = name; *c; c++)
    if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
          *c == '_' || *c == '-' || *c == '.' || *c == ':'))
      return "(a name not shown)";
  return name;
}

/* The element the walk is in, for messages. */
static const char *parent_name(const ssda903_reader *r) {
  const frame *top = &r->stack[r->depth - 1];
  switch (top->kind) {
  case FRAME_ROOT: return "the root element";
  case FRAME_CHILD: return SSDA903_CHILD_ELEMENT;
  case FRAME_GROUP: return ssda903_group_element(top->group);
  case FRAME_FIELD: break;
  }
  return ssda903_fields[r->field].element;
}

/* Warns of an element the layout does not know here, once per name and place, and skips
 * it with all it holds. */
static void skip_unknown(ssda903_reader *r, const char *name) {
  char key[READER_WARNING_KEY];
  const char *shown = quotable(name), *parent = parent_name(r);
  snprintf(key, sizeof key, "%s/%s", parent, shown);
  r->skip = 1;
  for (size_t i = 0; i < r->warned_count && i < READER_MAX_WARNINGS; i++)
    if (strcmp(r->warned[i], key) == 0) return;
  char message[SSDA903_MESSAGE_SIZE];
  if (r->warned_count < READER_MAX_WARNINGS) {
    snprintf(r->warned[r->warned_count], READER_WARNING_KEY, "%s", key);
    snprintf(message, sizeof message,
             "element %s in %s is not part of the SSDA903 layout sustain reads: it is "
             "skipped, with what it holds (later ones like it are skipped without a word); "
             "if it holds data the rules need, check the export's layout",
             shown, parent);
  } else if (r->warned_count == READER_MAX_WARNINGS) {
    snprintf(message, sizeof message,
             "more elements that are not part of the SSDA903 layout are skipped, without a "
             "warning for each");
  } else {
    return;
  }
  r->warned_count++;
  r->sink.message(r->sink.context, 0, here_line(r), here_column(r), message);
}

/* }====================================================== */

/* ** {======================================================
** The child being read
** ======================================================= */

/* Copies a value into the arena. Returns 0, or -1 after failing. */
static int keep(ssda903_reader *r, const char *text, size_t length, value *out) {
  if (r->arena_length + length > SSDA903_CHILD_MAX_BYTES)
    return fail_at(r, r->child_line, 0,
                   "this CHILD holds more than %d MB of values, far more than one child's "
                   "return: each child needs a CHILD element of its own; check the export",
                   SSDA903_CHILD_MAX_BYTES / (1024 * 1024));
  if (r->arena_length + length > r->arena_capacity) {
    size_t capacity = r->arena_capacity ? r->arena_capacity : 4096;
    while (capacity < r->arena_length + length) capacity *= 2;
    char *grown = realloc(r->arena, capacity);
    if (!grown) return out_of_memory(r);
    r->arena = grown, r->arena_capacity = capacity;
  }
  if (length) memcpy(r->arena + r->arena_length, text, length);
  *out = (value){r->arena_length, length, 1};
  r->arena_length += length;
  return 0;
}

static void begin_child(ssda903_reader *r) {
  r->child_line = here_line(r);
  r->headers = 0;
  r->arena_length = 0;
  r->pending_rows = 0;
  memset(r->header, 0, sizeof r->header);
}

/* Keeps the group element just read as a row of this child. */
static int keep_row(ssda903_reader *r) {
  if (r->pending_rows == SSDA903_CHILD_MAX_ROWS)
    return fail_at(r, r->child_line, 0,
                   "this CHILD holds more than %d %s elements, far more than one child's "
                   "return: each child needs a CHILD element of its own; check the export",
                   SSDA903_CHILD_MAX_ROWS, ssda903_group_element(r->table->group));
  if (r->pending_rows == r->pending_capacity) {
    size_t capacity = r->pending_capacity ? r->pending_capacity * 2 : 16;
    value *rows = realloc(r->pending, capacity * r->width * sizeof *rows);
    if (!rows) return out_of_memory(r);
    r->pending = rows;
    long *lines = realloc(r->pending_lines, capacity * sizeof *lines);
    if (!lines) return out_of_memory(r);
    r->pending_lines = lines, r->pending_capacity = capacity;
  }
  value *row = r->pending + r->pending_rows * r->width;
  for (size_t c = 0; c < r->width; c++)
    row[c] = r->column_own[c] ? r->group[r->column_field[c]] : (value){0, 0, 0};
  r->pending_lines[r->pending_rows++] = r->group_line;
  return 0;
}

/* Whether the child has a row in a table of a row per child. */
static int child_has_row(const ssda903_reader *r) {
  if (r->row_when[0] < 0) return 1;
  for (const int *field = r->row_when; *field >= 0; field++)
    if (r->header[*field].length > 0) return 1;
  return 0;
}

/* Hands the child's rows to the sink: its own group rows, or its one header row. */
static int end_child(ssda903_reader *r) {
  int per_child = r->table->group == SSDA903_HEADER;
  if (per_child) r->pending_rows = child_has_row(r) ? 1 : 0;
  size_t rows = r->pending_rows;
  if (rows == 0) return 0;
  if (rows * r->width > r->cells_capacity) {
    sustain_cell *cells = realloc(r->cells, rows * r->width * sizeof *cells);
    if (!cells) return out_of_memory(r);
    r->cells = cells, r->cells_capacity = rows * r->width;
  }
  for (size_t i = 0; i < rows; i++) {
    for (size_t c = 0; c < r->width; c++) {
      const value *v = per_child || !r->column_own[c] ? &r->header[r->column_field[c]]
                                                      : &r->pending[i * r->width + c];
      r->cells[i * r->width + c] =
          (sustain_cell){v->length ? r->arena + v->offset : "", v->length};
    }
  }
  const long *lines = per_child ? &r->child_line : r->pending_lines;
  if (r->sink.rows(r->sink.context, r->cells, rows, lines) != 0) {
    r->stopped = 1;
    XML_StopParser(r->parser, XML_FALSE);
    return -1;
  }
  return 0;
}

/* }====================================================== */

/* ** {======================================================
** Fields
** ======================================================= */

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static void begin_field(ssda903_reader *r, int field) {
  r->field = field;
  r->field_line = here_line(r), r->field_column = here_column(r);
  r->text_length = 0, r->text_too_long = 0;
}

/* Stores the field just read, without the spaces around it, as the table needs it. */
static int end_field(ssda903_reader *r) {
  const ssda903_field *field = &ssda903_fields[r->field];
  int index = r->field;
  r->field = -1;
  if (!r->used[index]) return 0;
  if (r->text_too_long)
    return fail_at(r, r->field_line, r->field_column,
                   "%s holds more than %d bytes, more than any field of the return: the file "
                   "may not be an SSDA903 export, or may be damaged (the value is not shown: "
                   "it may be personal data)",
                   field->element, SSDA903_VALUE_MAX);
  value *target = field->group == SSDA903_HEADER ? &r->header[index] : &r->group[index];
  if (target->present)
    return fail_at(r, r->field_line, r->field_column,
                   "%s appears a second time in this %s, where the return has it once: "
                   "remove one, or give each its own %s",
                   field->element, ssda903_group_element(field->group),
                   ssda903_group_element(field->group));
  const char *text = r->text;
  size_t length = r->text_length;
  while (length && is_space(*text)) text++, length--;
  while (length && is_space(text[length - 1])) length--;
  char iso[SSDA903_ISO_DATE_SIZE];
  if (field->type == SUSTAIN_COLUMN_DATE && length) {
    if (ssda903_date_to_iso(text, length, iso) != 0)
      return fail_at(r, r->field_line, r->field_column,
                     "%s is not a date: write it DD/MM/YYYY, as in 31/03/2024, with a day that "
                     "exists (the value is not shown: it may be personal data)",
                     field->element);
    text = iso, length = SSDA903_ISO_DATE_SIZE - 1;
  }
  return keep(r, text, length, target);
}

/* }====================================================== */

/* ** {======================================================
** Elements
** ======================================================= */

static void push(ssda903_reader *r, frame_kind kind, ssda903_group group) {
  r->stack[r->depth++] = (frame){kind, group};
}

static void open_root(ssda903_reader *r, const char *name) {
  push(r, FRAME_ROOT, SSDA903_GROUP_COUNT);
  if (strcmp(name, SSDA903_ROOT_ELEMENT) == 0) return;
  char message[SSDA903_MESSAGE_SIZE];
  snprintf(message, sizeof message,
           "the root element is %s, where an SSDA903 export has " SSDA903_ROOT_ELEMENT
           ": its CHILD elements are read all the same; check that this is the return",
           quotable(name));
  r->sink.message(r->sink.context, 0, here_line(r), here_column(r), message);
}

static void open_group(ssda903_reader *r, ssda903_group group) {
  if (group == SSDA903_HEADER && r->headers++ > 0) {
    fail_at(r, here_line(r), here_column(r),
            "a second HEADER in this CHILD, where the return has one: give each child a "
            "CHILD element of its own");
    return;
  }
  push(r, FRAME_GROUP, group);
  if (group == r->table->group && group != SSDA903_HEADER) {
    memset(r->group, 0, sizeof r->group);
    r->group_line = here_line(r);
  }
}

/* An element inside a group: a group of HEADER's, a field, or neither. */
static void open_in_group(ssda903_reader *r, ssda903_group parent, const char *name) {
  ssda903_group group = ssda903_group_named(name);
  if (parent == SSDA903_HEADER && group < SSDA903_GROUP_COUNT && ssda903_group_in_header(group)) {
    open_group(r, group);
    return;
  }
  int field = ssda903_field_named(parent, name);
  if (field < 0) {
    skip_unknown(r, name);
    return;
  }
  push(r, FRAME_FIELD, parent);
  begin_field(r, field);
}

static int refuse_stray_text(ssda903_reader *r);

static void XMLCALL on_start(void *data, const XML_Char *name, const XML_Char **attributes) {
  ssda903_reader *r = data;
  (void)attributes;
  if (r->stopped || refuse_stray_text(r) != 0) return;
  if (r->skip) {
    r->skip++;
    return;
  }
  if (r->depth == 0) {
    open_root(r, name);
    return;
  }
  const frame *top = &r->stack[r->depth - 1];
  ssda903_group group = ssda903_group_named(name);
  switch (top->kind) {
  case FRAME_ROOT:
    if (strcmp(name, SSDA903_CHILD_ELEMENT) != 0) break;
    push(r, FRAME_CHILD, SSDA903_GROUP_COUNT);
    begin_child(r);
    return;
  case FRAME_CHILD:
    if (group != SSDA903_HEADER && group != SSDA903_EPISODE) break;
    open_group(r, group);
    return;
  case FRAME_GROUP:
    open_in_group(r, top->group, name);
    return;
  case FRAME_FIELD:
    fail_at(r, here_line(r), here_column(r),
            "%s holds an element, where a field of the return holds only text: check the "
            "export's layout",
            ssda903_fields[r->field].element);
    return;
  }
  skip_unknown(r, name);
}

static void XMLCALL on_end(void *data, const XML_Char *name) {
  ssda903_reader *r = data;
  (void)name;
  if (r->stopped || refuse_stray_text(r) != 0) return;
  if (r->skip) {
    r->skip--;
    return;
  }
  const frame top = r->stack[--r->depth];
  if (top.kind == FRAME_FIELD) end_field(r);
  else if (top.kind == FRAME_CHILD) end_child(r);
  else if (top.kind == FRAME_GROUP && top.group == r->table->group && top.group != SSDA903_HEADER)
    keep_row(r);
}

static void XMLCALL on_text(void *data, const XML_Char *text, int length) {
  ssda903_reader *r = data;
  if (r->stopped || r->skip || r->depth == 0) return;
  if (r->stack[r->depth - 1].kind == FRAME_FIELD) {
    if (!r->used[r->field] || r->text_too_long) return;
    if ((size_t)length > SSDA903_VALUE_MAX - r->text_length) {
      r->text_too_long = 1;
      return;
    }
    memcpy(r->text + r->text_length, text, (size_t)length);
    r->text_length += (size_t)length;
    return;
  }
  /* Expat hands text over in pieces that depend on how the file was fed, so the place
   * is the first character that is not a space, counted on from where the piece starts
   * (expat has already made every line break a \n); and the error waits for the next
   * tag, so that a file broken further on is refused for that, however it was fed. */
  long line = here_line(r), column = here_column(r);
  for (int i = 0; i < length && !r->stray_in; i++) {
    if (!is_space(text[i])) {
      r->stray_in = parent_name(r), r->stray_line = line, r->stray_column = column;
      return;
    }
    if (text[i] == '\n') line++, column = 1;
    else column++;
  }
}

/* Refuses text outside any field, seen before this tag. Returns -1 when there was some. */
static int refuse_stray_text(ssda903_reader *r) {
  if (!r->stray_in) return 0;
  return fail_at(r, r->stray_line, r->stray_column,
                 "text stands directly in %s, outside any field: a value belongs in its "
                 "field's element; check the export (the text is not shown: it may be personal "
                 "data)",
                 r->stray_in);
}

/* }====================================================== */

/* ** {======================================================
** The parser
** ======================================================= */

static void XMLCALL on_doctype(void *data, const XML_Char *name, const XML_Char *system_id,
                               const XML_Char *public_id, int has_internal_subset) {
  (void)name, (void)system_id, (void)public_id, (void)has_internal_subset;
  ssda903_reader *r = data;
  fail_at(r, here_line(r), here_column(r),
          "the file declares a document type (<!DOCTYPE ...>), which an SSDA903 export does "
          "not: sustain reads none, so that no file can make it fetch or expand anything; "
          "remove the declaration, or export the return again");
}

static int XMLCALL on_unknown_encoding(void *data, const XML_Char *name, XML_Encoding *info) {
  (void)data;
  if (strcasecmp(name, "windows-1252") != 0 && strcasecmp(name, "cp1252") != 0)
    return XML_STATUS_ERROR;
  for (int byte = 0; byte < 256; byte++)
    info->map[byte] = byte >= 0x80 && byte < 0xA0 ? windows_1252_high[byte - 0x80] : byte;
  info->data = NULL, info->convert = NULL, info->release = NULL;
  return XML_STATUS_OK;
}

/* The column and header fields each column of the table takes. */
static void resolve_table(ssda903_reader *r, const ssda903_table *table) {
  r->table = table;
  r->width = ssda903_table_width(table);
  for (size_t c = 0; c < r->width; c++) {
    int field = ssda903_table_field(table, table->columns[c]);
    r->column_field[c] = field;
    r->column_own[c] = ssda903_fields[field].group == table->group;
    r->used[field] = 1;
  }
  size_t when = 0;
  for (; when < 7 && table->row_when[when]; when++) {
    r->row_when[when] = ssda903_field_named(SSDA903_HEADER, table->row_when[when]);
    r->used[r->row_when[when]] = 1;
  }
  r->row_when[when] = -1;
}

ssda903_reader *ssda903_reader_new(const ssda903_table *table, const ssda903_sink *sink) {
  ssda903_reader *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->parser = XML_ParserCreate(NULL);
  if (!r->parser) {
    free(r);
    return NULL;
  }
  r->sink = *sink;
  r->field = -1;
  resolve_table(r, table);
  XML_SetUserData(r->parser, r);
  XML_SetElementHandler(r->parser, on_start, on_end);
  XML_SetCharacterDataHandler(r->parser, on_text);
  XML_SetStartDoctypeDeclHandler(r->parser, on_doctype);
  XML_SetUnknownEncodingHandler(r->parser, on_unknown_encoding, NULL);
  return r;
}

/* Expat's refusal of the file, with what to do about it. */
static void report_parse_error(ssda903_reader *r) {
  enum XML_Error code = XML_GetErrorCode(r->parser);
  long line = (long)XML_GetErrorLineNumber(r->parser);
  long column = (long)XML_GetErrorColumnNumber(r->parser) + 1;
  if (code == XML_ERROR_NO_MEMORY) {
    out_of_memory(r);
  } else if (code == XML_ERROR_NO_ELEMENTS) {
    fail_at(r, line, column,
            "the file ends before its first element is closed, or holds none: it may be "
            "empty or cut short; export the return again");
  } else if (code == XML_ERROR_UNKNOWN_ENCODING) {
    fail_at(r, line, column,
            "the file declares an encoding sustain does not read (it reads UTF-8, UTF-16, "
            "ISO-8859-1, US-ASCII and Windows-1252): save the file as UTF-8");
  } else if (code == XML_ERROR_INVALID_TOKEN || code == XML_ERROR_INCORRECT_ENCODING) {
    fail_at(r, line, column,
            "not well-formed XML (%s): a character here is not allowed, or not in the "
            "encoding the file declares; export the return again, or save it as UTF-8",
            XML_ErrorString(code));
  } else {
    fail_at(r, line, column,
            "not well-formed XML (%s): the file may be cut short or edited by hand; export "
            "the return again from the case-management system",
            XML_ErrorString(code));
  }
}

/* Hands bytes to expat, in pieces an int can count. */
static int parse(ssda903_reader *reader, const char *bytes, size_t length, int last) {
  while (length > 0 || last) {
    int piece = length > (size_t)(1 << 30) ? 1 << 30 : (int)length;
    int final = last && (size_t)piece == length;
    if (XML_Parse(reader->parser, bytes, piece, final) != XML_STATUS_OK) {
      if (!reader->stopped) report_parse_error(reader);
      reader->stopped = 1;
      return -1;
    }
    if (reader->stopped) return -1;
    if (final) break;
    bytes += piece, length -= (size_t)piece;
  }
  return 0;
}

int ssda903_reader_feed(ssda903_reader *reader, const char *bytes, size_t length, int last) {
  if (reader->stopped) return -1;
  if (reader->started) return parse(reader, bytes, length, last);
  /* Expat tells the encoding from the first bytes, and places a mistake among them a
   * little differently when they come in several pieces: so they go in as one. */
  size_t taken = READER_FIRST_BYTES - reader->first_length;
  if (taken > length) taken = length;
  if (taken) memcpy(reader->first + reader->first_length, bytes, taken);
  reader->first_length += taken;
  if (reader->first_length < READER_FIRST_BYTES && !last) return 0;
  reader->started = 1;
  int final = last && taken == length;
  if (parse(reader, reader->first, reader->first_length, final) != 0) return -1;
  return final ? 0 : parse(reader, bytes + taken, length - taken, last);
}

void ssda903_reader_free(ssda903_reader *reader) {
  if (!reader) return;
  XML_ParserFree(reader->parser);
  free(reader->arena);
  free(reader->pending);
  free(reader->pending_lines);
  free(reader->cells);
  free(reader);
}

/* }====================================================== */
