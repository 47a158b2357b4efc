/* csv_plugin.c: the csv data-source plugin: one CSV file becomes one table.
 * It checks its options, reads the file a large part at a time, lets csv_reader.c parse
 * each part, and turns the first record into column declarations and every later record
 * into a row of the host table, handing rows over a block at a time. Runs of plain
 * records go straight into the block (csv_rows.c); the parser reads the rest. Every
 * problem goes to host->error with file, line and column, and loading stops at the
 * first one: a malformed CSV cannot be trusted any further. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv_names.h"
#include "csv_reader.h"
#include "csv_rows.h"
#include "sustain/plugin.h"
#include "utf8.h"

/* Room for one message to the host; the host copies it. */
#define CSV_PLUGIN_MESSAGE_SIZE 512

/* How many bytes of a column name or option value a message quotes before cutting it
 * short with "...": enough to recognise a name, short enough to keep a message on a line. */
#define CSV_PLUGIN_QUOTE_MAX 60
#define CSV_PLUGIN_QUOTE_BUFFER (CSV_PLUGIN_QUOTE_MAX + sizeof "...")

/* Bytes of the file held at once; the buffer doubles only for a record longer than this.
 * Small enough that the parser and the host find the bytes still in the core's own
 * cache after the read has copied them there. */
#define CSV_PLUGIN_READ_CHUNK (128 * 1024)

/* Rows handed to the host in one call, at most; and cells, at most, so that a
 * wide file's block stays small (a row of 4,096 columns is 64 KB of cells). */
#define CSV_PLUGIN_BLOCK_ROWS 1024
#define CSV_PLUGIN_BLOCK_CELLS (64 * 1024)

/* Smallest block of memory kept for unescaped quoted fields until their rows are handed over. */
#define CSV_PLUGIN_KEEP_BLOCK (64 * 1024)

/* The option word for a tab, which an INI value cannot hold literally (inih trims it). */
#define CSV_PLUGIN_TAB_WORD "tab"

/* Type names accepted in the types option. */
#define CSV_PLUGIN_TYPE_NUMBER "number"
#define CSV_PLUGIN_TYPE_TEXT "text"
#define CSV_PLUGIN_TYPE_DATE "date"

/* A piece of an option's value: "a, b, c" gives three. */
typedef struct slice {
  const char *text;
  size_t length;
} slice;

/* One column:type entry of the types option; name points into the option's value. */
typedef struct type_declaration {
  const char *name;
  size_t name_length;
  sustain_column_type type;
} type_declaration;

/* One header field, copied because the parser's bytes live only during its callback. */
typedef struct header_name {
  char *bytes;
  size_t length;
  size_t offset; /* where the field starts in the file, for messages */
} header_name;

/* Memory for fields that had to be unescaped, kept until their rows are handed over. */
typedef struct kept_block {
  struct kept_block *next;
  size_t used, size;
  char bytes[];
} kept_block;

/* Everything one load needs; lives on load's stack, so loads never share state. */
typedef struct csv_load {
  const sustain_host *host;
  sustain_source *source;
  const char *path;
  unsigned char delimiter;
  const char *data; /* the part of the file being parsed */
  size_t length;

  type_declaration *declarations;
  size_t declaration_count;
  slice *missing; /* cell values that mean "missing", e.g. DfE's c, z, x, k */
  size_t missing_count;
  slice *names; /* the columns option: names used instead of the header's */
  size_t name_count;

  header_name *header;
  size_t column_count, header_capacity;
  sustain_column_type *types; /* per column, as declared (INFER when not) */
  size_t *checked;            /* the columns declared number or date, whose cells are checked */
  size_t checked_count;
  int header_done; /* the first record has been turned into columns */
  int header_only; /* stop once the columns are declared (a part other than the first) */
  size_t header_end; /* where the header record's line break is */

  /* rows not yet handed to the host: cells point into the part or into kept */
  sustain_cell *cells; /* block_room rows of column_count cells */
  long lines[CSV_PLUGIN_BLOCK_ROWS];
  size_t block_rows, block_room;
  kept_block *kept;
} csv_load;

/* ** {======================================================
** Messages
** ======================================================= */

__attribute__((format(printf, 5, 6))) static void report(const csv_load *load, const char *file,
                                                         long line, long column,
                                                         const char *format, ...) {
  char message[CSV_PLUGIN_MESSAGE_SIZE];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof message, format, args);
  va_end(args);
  load->host->error(load->source, file, line, column, message);
}

/* Copies text into buffer for quoting in a message, cut at CSV_PLUGIN_QUOTE_MAX bytes on a
 * character boundary (the host wants UTF-8 messages) and marked with "..." when cut. */
static const char *quotable(char buffer[CSV_PLUGIN_QUOTE_BUFFER], const char *text,
                            size_t length) {
  size_t kept = utf8_fit(text, length, CSV_PLUGIN_QUOTE_MAX);
  memcpy(buffer, text, kept);
  strcpy(buffer + kept, kept < length ? "..." : "");
  return buffer;
}

/* Reports a problem at byte offset of the file, counting from the start of the record
 * that begins at record_offset on line record_line. */
static void report_at(const csv_load *load, size_t record_offset, long record_line,
                      size_t offset, const char *message) {
  csv_position position =
      csv_locate(load->data, load->length, record_offset, record_line, offset);
  load->host->error(load->source, load->path, position.line, position.column, message);
}

/* }====================================================== */

/* ** {======================================================
** Options
** ======================================================= */

/* Sets load->delimiter from the delimiter option. Returns 0, or -1 after reporting. */
static int parse_delimiter(csv_load *load, const char *value) {
  char quoted[CSV_PLUGIN_QUOTE_BUFFER];
  if (!value) {
    load->delimiter = CSV_DEFAULT_DELIMITER;
    return 0;
  }
  /* names for delimiters an INI value cannot hold plainly (" ;" starts a comment) */
  static const struct {
    const char *word;
    char delimiter;
  } words[] = {{CSV_PLUGIN_TAB_WORD, '\t'}, {"semicolon", ';'}, {"comma", ','}, {"pipe", '|'}};
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    if (strcmp(value, words[i].word) == 0) {
      load->delimiter = (unsigned char)words[i].delimiter;
      return 0;
    }
  if (strlen(value) != 1) {
    report(load, NULL, 0, 0,
           "option delimiter: \"%s\" is not a single ASCII character; use one such as ; or "
           "|, or a word: tab, semicolon, comma, pipe",
           quotable(quoted, value, strlen(value)));
    return -1;
  }
  const char *problem = csv_delimiter_problem((unsigned char)value[0]);
  if (problem) {
    report(load, NULL, 0, 0, "option delimiter: %s; use one such as , ; or |, or a word: tab, "
           "semicolon, comma, pipe", problem);
    return -1;
  }
  load->delimiter = (unsigned char)value[0];
  return 0;
}

/* Returns text[0..*length) without leading and trailing blanks, updating *length. */
static const char *trim(const char *text, size_t *length) {
  while (*length > 0 && (*text == ' ' || *text == '\t')) {
    text++;
    (*length)--;
  }
  while (*length > 0 && (text[*length - 1] == ' ' || text[*length - 1] == '\t')) (*length)--;
  return text;
}

/* Splits a comma-separated option into trimmed, non-empty pieces pointing into
 * value (a trailing comma is harmless). Returns 0 with *pieces malloc'd (NULL
 * and 0 when value is NULL), or -1 after reporting. */
static int split_option(const csv_load *load, const char *option, const char *value,
                        slice **pieces, size_t *count) {
  *pieces = NULL;
  *count = 0;
  if (!value) return 0;
  size_t most = 1;
  for (const char *c = value; *c; c++) most += *c == ',';
  *pieces = calloc(most, sizeof **pieces);
  if (!*pieces) {
    report(load, NULL, 0, 0, "out of memory reading option %s", option);
    return -1;
  }
  for (const char *entry = value;;) {
    const char *comma = strchr(entry, ',');
    size_t length = comma ? (size_t)(comma - entry) : strlen(entry);
    const char *text = trim(entry, &length);
    if (length > 0) (*pieces)[(*count)++] = (slice){text, length};
    if (!comma) return 0;
    entry = comma + 1;
  }
}

static int slice_is(slice piece, const char *word) {
  return piece.length == strlen(word) && memcmp(piece.text, word, piece.length) == 0;
}

/* Fills load->declarations from the types option, "column:type, column:type". The type
 * follows the last colon, so a column name may itself hold colons (never commas).
 * Returns 0, or -1 after reporting. */
static int parse_types(csv_load *load, const char *value) {
  char quoted[CSV_PLUGIN_QUOTE_BUFFER];
  slice *entries;
  size_t count;
  if (split_option(load, "types", value, &entries, &count) != 0) return -1;
  load->declarations = calloc(count + 1, sizeof *load->declarations);
  csv_name_set declared = {0};
  if (!load->declarations || csv_name_set_init(&declared, count) != 0) {
    free(entries);
    report(load, NULL, 0, 0, "out of memory reading option types");
    return -1;
  }
  int status = 0;
  for (size_t e = 0; e < count && status == 0; e++) {
    const char *entry = entries[e].text;
    size_t entry_length = entries[e].length;
    const char *colon = NULL;
    for (size_t i = 0; i < entry_length; i++)
      if (entry[i] == ':') colon = entry + i;
    if (!colon) {
      report(load, NULL, 0, 0,
             "option types: \"%s\" has no type; write column:" CSV_PLUGIN_TYPE_NUMBER
             " or column:" CSV_PLUGIN_TYPE_TEXT,
             quotable(quoted, entry, entry_length));
      status = -1;
      break;
    }
    size_t name_length = (size_t)(colon - entry);
    const char *name = trim(entry, &name_length);
    size_t type_length = entry_length - (size_t)(colon + 1 - entry);
    slice type_name = {trim(colon + 1, &type_length), type_length};
    if (name_length == 0) {
      report(load, NULL, 0, 0, "option types: \"%s\" names no column; write column:type",
             quotable(quoted, entry, entry_length));
      status = -1;
      break;
    }
    sustain_column_type type;
    if (slice_is(type_name, CSV_PLUGIN_TYPE_NUMBER)) {
      type = SUSTAIN_COLUMN_NUMBER;
    } else if (slice_is(type_name, CSV_PLUGIN_TYPE_TEXT)) {
      type = SUSTAIN_COLUMN_TEXT;
    } else if (slice_is(type_name, CSV_PLUGIN_TYPE_DATE)) {
      type = SUSTAIN_COLUMN_DATE;
    } else {
      report(load, NULL, 0, 0,
             "option types: \"%s\" is not a type; use " CSV_PLUGIN_TYPE_NUMBER
             ", " CSV_PLUGIN_TYPE_TEXT " or " CSV_PLUGIN_TYPE_DATE,
             quotable(quoted, type_name.text, type_name.length));
      status = -1;
      break;
    }
    if (csv_name_set_add(&declared, name, name_length, e) != CSV_NAME_NONE) {
      report(load, NULL, 0, 0, "option types: column \"%s\" is declared twice; keep one",
             quotable(quoted, name, name_length));
      status = -1;
      break;
    }
    load->declarations[load->declaration_count++] = (type_declaration){name, name_length, type};
  }
  csv_name_set_free(&declared);
  free(entries);
  return status;
}

/* The missing option: values that stand for a missing cell. */
static int parse_missing(csv_load *load, const char *value) {
  return split_option(load, "missing", value, &load->missing, &load->missing_count);
}

/* The columns option: names to use instead of the file's header row, for files
 * whose header repeats a name or leaves one empty. */
static int parse_columns(csv_load *load, const char *value) {
  return split_option(load, "columns", value, &load->names, &load->name_count);
}

/* }====================================================== */

/* ** {======================================================
** Reading the file
** ======================================================= */

/* Opens the file at load->path. The file is read rather than mmap'd: a file truncated
 * by another program while mapped would kill the host with SIGBUS. Returns the
 * descriptor, or -1 after reporting. */
static int open_file(csv_load *load) {
  int fd;
  do fd = open(load->path, O_RDONLY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    report(load, load->path, 0, 0, "cannot open the file: %s; check the path and its permissions",
           strerror(errno));
    return -1;
  }
  struct stat status;
  if (fstat(fd, &status) != 0) {
    report(load, load->path, 0, 0, "cannot read the file: %s", strerror(errno));
    close(fd);
    return -1;
  }
  if (S_ISDIR(status.st_mode)) {
    report(load, load->path, 0, 0, "cannot read the file: it is a folder; give a CSV file");
    close(fd);
    return -1;
  }
  return fd;
}

/* Bytes of the file from *at up to end: where a reader stands in its range. */
typedef struct file_range {
  int fd;
  off_t at, end; /* end: -1 for the end of the file */
} file_range;

/* Reads into buffer[*filled, capacity) until it is full or the range ends (*at_end).
 * Returns 0, or -1 after reporting. */
static int fill(csv_load *load, file_range *range, char *buffer, size_t capacity,
                size_t *filled, int *at_end) {
  while (*filled < capacity) {
    size_t want = capacity - *filled;
    if (range->end >= 0 && (off_t)want > range->end - range->at)
      want = (size_t)(range->end - range->at);
    if (want == 0) {
      *at_end = 1;
      return 0;
    }
    ssize_t got = pread(range->fd, buffer + *filled, want, range->at);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      report(load, load->path, 0, 0, "cannot read the file: %s", strerror(errno));
      return -1;
    }
    if (got == 0) {
      *at_end = 1;
      return 0;
    }
    *filled += (size_t)got;
    range->at += got;
  }
  return 0;
}

/* }====================================================== */

/* ** {======================================================
** Rows waiting to be handed over
** ======================================================= */

/* A copy of an unescaped field that lives until its row is handed over, or NULL. */
static const char *keep_field(csv_load *load, const char *bytes, size_t length) {
  kept_block *block = load->kept;
  if (!block || block->size - block->used < length) {
    size_t size = length > CSV_PLUGIN_KEEP_BLOCK ? length : CSV_PLUGIN_KEEP_BLOCK;
    block = malloc(sizeof *block + size);
    if (!block) return NULL;
    *block = (kept_block){load->kept, 0, size};
    load->kept = block;
  }
  char *copy = block->bytes + block->used;
  memcpy(copy, bytes, length);
  block->used += length;
  return copy;
}

static void release_kept(csv_load *load) {
  while (load->kept) {
    kept_block *next = load->kept->next;
    free(load->kept);
    load->kept = next;
  }
}

/* Hands the waiting rows to the host. Returns 0, or -1 when the host refused them. */
static int flush_rows(csv_load *load) {
  const sustain_host *host = load->host;
  size_t rows = load->block_rows, columns = load->column_count;
  int status = 0;
  load->block_rows = 0;
  /* whole rows with their cell count (ABI 1.4), or without it (1.2 and 1.3); older
   * hosts, and hosts that leave these out, take cells one by one */
  if (rows && SUSTAIN_HOST_HAS(host, append_cells)) {
    status = host->append_cells(load->source, load->cells, rows * columns, rows, load->lines);
  } else if (rows && SUSTAIN_HOST_HAS(host, append_rows)) {
    status = host->append_rows(load->source, load->cells, rows, load->lines);
  } else {
    for (size_t r = 0; r < rows && status == 0; r++) {
      for (size_t c = 0; c < columns && status == 0; c++) {
        const sustain_cell *cell = &load->cells[r * columns + c];
        status = host->append_text(load->source, cell->text, cell->length);
      }
      if (status == 0) status = host->end_row(load->source, load->lines[r]);
    }
  }
  release_kept(load);
  return status != 0 ? -1 : 0;
}

/* }====================================================== */

/* ** {======================================================
** From records to the host table
** ======================================================= */

static const char *header_hint(const csv_load *load);

/* Checks that every header name is present and different from the others,
 * adding each to names. A message names a header field by its position, never by its
 * text, since a file without a header row has a young person's data there. Returns 0,
 * or -1 after reporting at the name. */
static int check_names(csv_load *load, csv_name_set *names, long line, size_t start_offset) {
  char message[CSV_PLUGIN_MESSAGE_SIZE];
  for (size_t i = 0; i < load->column_count; i++) {
    const header_name *name = &load->header[i];
    if (name->length == 0) {
      snprintf(message, sizeof message,
               "column %zu of the header has no name; give every column a name%s", i + 1,
               header_hint(load));
      report_at(load, start_offset, line, name->offset, message);
      return -1;
    }
    size_t earlier = csv_name_set_add(names, name->bytes, name->length, i);
    if (earlier != CSV_NAME_NONE) {
      snprintf(message, sizeof message,
               "columns %zu and %zu of the header have the same name; give every column a "
               "different name%s",
               earlier + 1, i + 1, header_hint(load));
      report_at(load, start_offset, line, name->offset, message);
      return -1;
    }
  }
  return 0;
}

/* Each column's type: the types option's, found among the header's names, or
 * INFER. Returns a malloc'd array, or NULL after reporting. */
static sustain_column_type *column_types(csv_load *load, const csv_name_set *names, long line) {
  char quoted[CSV_PLUGIN_QUOTE_BUFFER];
  sustain_column_type *types = calloc(load->column_count, sizeof *types);
  if (!types) {
    report(load, load->path, line, 0, "out of memory declaring %zu columns", load->column_count);
    return NULL;
  }
  for (size_t d = 0; d < load->declaration_count; d++) {
    const type_declaration *declaration = &load->declarations[d];
    size_t column = csv_name_set_find(names, declaration->name, declaration->name_length);
    if (column == CSV_NAME_NONE) {
      report(load, load->path, line, 0, /* the name is the config's, never the file's */
             "option types: column \"%s\" is not in the header; check its spelling "
             "(names are case-sensitive)%s",
             quotable(quoted, declaration->name, declaration->name_length), header_hint(load));
      free(types);
      return NULL;
    }
    types[column] = declaration->type;
  }
  return types;
}

/* Checks the header names, matches the types option against them and declares the
 * columns. Names are checked here, not left to the host, so the message can point at
 * the field; a message names a header field by its position, never by its text, since a
 * file without a header row has a young person's data there. Returns 0, or -1 after
 * reporting (or after the host refused a column). */
static int declare_columns(csv_load *load, long line, size_t start_offset) {
  if (load->name_count) {
    if (load->name_count != load->column_count) {
      report(load, load->path, line, 0,
             "option columns gives %zu names, but the header row has %zu fields; give one "
             "name per field",
             load->name_count, load->column_count);
      return -1;
    }
    for (size_t i = 0; i < load->column_count; i++) {
      char *copy = malloc(load->names[i].length + 1);
      if (!copy) {
        report(load, load->path, line, 0, "out of memory naming the columns");
        return -1;
      }
      memcpy(copy, load->names[i].text, load->names[i].length);
      copy[load->names[i].length] = '\0';
      free(load->header[i].bytes);
      load->header[i].bytes = copy;
      load->header[i].length = load->names[i].length;
    }
  }
  csv_name_set names = {0};
  if (csv_name_set_init(&names, load->column_count) != 0) {
    report(load, load->path, line, 0, "out of memory declaring %zu columns", load->column_count);
    return -1;
  }
  sustain_column_type *types = NULL;
  if (check_names(load, &names, line, start_offset) != 0 ||
      !(types = column_types(load, &names, line))) {
    csv_name_set_free(&names);
    return -1;
  }
  csv_name_set_free(&names);
  for (size_t i = 0; i < load->column_count; i++) {
    if (load->host->add_column(load->source, load->header[i].bytes, load->header[i].length,
                               types[i]) != 0) {
      free(types);
      return -1;
    }
  }
  load->types = types; /* kept to check declared cells where they stand */
  load->checked = calloc(load->column_count, sizeof *load->checked);
  if (!load->checked) {
    report(load, load->path, line, 0, "out of memory declaring %zu columns", load->column_count);
    return -1;
  }
  for (size_t i = 0; i < load->column_count; i++)
    if (types[i] == SUSTAIN_COLUMN_NUMBER || types[i] == SUSTAIN_COLUMN_DATE)
      load->checked[load->checked_count++] = i;
  load->block_room = CSV_PLUGIN_BLOCK_CELLS / load->column_count;
  if (load->block_room > CSV_PLUGIN_BLOCK_ROWS) load->block_room = CSV_PLUGIN_BLOCK_ROWS;
  if (load->block_room == 0) load->block_room = 1;
  load->cells = calloc(load->block_room * load->column_count, sizeof *load->cells);
  if (!load->cells) {
    report(load, load->path, line, 0, "out of memory for %zu columns", load->column_count);
    return -1;
  }
  return 0;
}

/* Whether a cell has the shape of a decimal number: [sign] digits [. digits]
 * [e [sign] digits], blanks around allowed. The host parses it; this check only
 * lets a wrong cell be reported at its line and column. */
static int looks_like_number(const char *s, size_t n) {
  size_t i = 0, digits = 0;
  while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
  if (i < n && (s[i] == '+' || s[i] == '-')) i++;
  while (i < n && s[i] >= '0' && s[i] <= '9') i++, digits++;
  if (i < n && s[i] == '.')
    for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++) digits++;
  if (digits && i < n && (s[i] == 'e' || s[i] == 'E')) {
    size_t exponent = 0;
    if (++i < n && (s[i] == '+' || s[i] == '-')) i++;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++, exponent++;
    if (!exponent) return 0;
  }
  while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
  return digits > 0 && i == n;
}

/* Bit 7 of each byte of x that is not an ASCII digit, each other bit clear: bytes
 * above '9' overflow into bit 7 when 0x76 is added, bytes below '0' wrap there
 * once '0' is taken away, and no byte carries into the next. */
static inline uint64_t non_digits(uint64_t x) {
  const uint64_t d = x ^ 0x3030303030303030u; /* digits become 0 to 9 */
  return (d | ((d & 0x7F7F7F7F7F7F7F7Fu) + 0x7676767676767676u)) & 0x8080808080808080u;
}

/* Whether a cell has the shape of a date: YYYY-MM-DD or DD/MM/YYYY. A date column
 * holds a cell in every row, so its ten bytes are read as words, not one by one. */
static int looks_like_date(const char *s, size_t n) {
  if (n != 10) return 0;
  uint64_t head;
  uint16_t last_two;
  memcpy(&head, s, 8);
  memcpy(&last_two, s + 8, 2);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  head = __builtin_bswap64(head); /* the masks below count bytes from the first */
#endif
  if (non_digits(last_two | 0x3030303030300000u)) return 0; /* digits in both shapes */
  const uint64_t odd = non_digits(head);
  return (odd == 0x8000008000000000u && s[4] == '-' && s[7] == '-') || /* YYYY-MM-DD */
         (odd == 0x0000800000800000u && s[2] == '/' && s[5] == '/');   /* DD/MM/YYYY */
}

/* What a message about the header adds when a header field is a number or a date, which
 * column names rarely are: the first record is then probably data. "" otherwise, or when
 * the columns option names the columns. */
static const char *header_hint(const csv_load *load) {
  for (size_t i = 0; i < load->column_count && !load->name_count; i++) {
    const header_name *name = &load->header[i];
    if (looks_like_number(name->bytes, name->length) || looks_like_date(name->bytes, name->length))
      return "; the first row holds a number or a date, so the file seems to have no header "
             "row: add one, or name the columns with the columns option";
  }
  return "";
}

/* Keeps the header's names for declare_columns. Returns 0, or -1 after reporting. */
static int keep_header(csv_load *load, const csv_field *fields, size_t count) {
  load->header = calloc(count ? count : 1, sizeof *load->header);
  if (!load->header) goto out_of_memory;
  load->header_capacity = count;
  for (size_t i = 0; i < count; i++) {
    /* One spare byte so that an empty name still gets a distinct allocation. */
    char *copy = malloc(fields[i].length + 1);
    if (!copy) goto out_of_memory;
    memcpy(copy, fields[i].bytes, fields[i].length);
    copy[fields[i].length] = '\0';
    load->header[load->column_count++] = (header_name){copy, fields[i].length, fields[i].offset};
  }
  return 0;
out_of_memory:
  report(load, load->path, 0, 0, "out of memory reading the header (column %zu)",
         load->column_count + 1);
  return -1;
}

/* Reports a header of more columns than the host takes, at the first one too many:
 * before its names are copied, so a file of a million columns is refused at once. */
static int too_many_columns(csv_load *load, const csv_field *fields, size_t count, long line,
                            size_t start_offset) {
  char message[CSV_PLUGIN_MESSAGE_SIZE];
  snprintf(message, sizeof message,
           "the header has %zu columns; a source may have at most %d: save a copy of the "
           "file with only the columns the rules read (a table with a column per person or "
           "per day may need turning round, one row each)",
           count, SUSTAIN_MAX_COLUMNS);
  report_at(load, start_offset, line, fields[SUSTAIN_MAX_COLUMNS].offset, message);
  return -1;
}

/* Reports a row whose field count differs from the header's. */
static int wrong_field_count(csv_load *load, const csv_field *fields, size_t count, long line,
                             size_t start_offset, size_t end_offset) {
  char message[CSV_PLUGIN_MESSAGE_SIZE];
  if (count < load->column_count) {
    snprintf(message, sizeof message,
             "row has %zu field%s; the header has %zu; add the missing fields (they may be "
             "empty), or quote values that hold line breaks",
             count, count == 1 ? "" : "s", load->column_count);
    report_at(load, start_offset, line, end_offset, message);
    return -1;
  }
  char delimiter[sizeof CSV_PLUGIN_TAB_WORD] = {(char)load->delimiter, '\0'};
  if (load->delimiter == '\t') strcpy(delimiter, CSV_PLUGIN_TAB_WORD);
  snprintf(message, sizeof message,
           "row has %zu fields; the header has %zu; remove the extra fields, or quote values "
           "that hold the delimiter (%s)",
           count, load->column_count, delimiter);
  /* reported where the first extra field starts */
  report_at(load, start_offset, line, fields[load->column_count].offset, message);
  return -1;
}

/* Reports a cell that is not of its column's declared type. */
static int not_of_declared_type(csv_load *load, size_t column, long line, size_t start_offset,
                                size_t offset) {
  char message[CSV_PLUGIN_MESSAGE_SIZE];
  /* the value is not repeated: a cell may hold a young person's identifier */
  snprintf(message, sizeof message,
           "column '%s' is declared as %s in the types option, but this cell is not one "
           "(its value is not shown: it may be personal data); correct the cell or the "
           "types option",
           load->header[column].bytes,
           load->types[column] == SUSTAIN_COLUMN_NUMBER ? "numbers"
                                                        : "dates (YYYY-MM-DD or DD/MM/YYYY)");
  report_at(load, start_offset, line, offset, message);
  return -1;
}

/* Empties the cells of rows [first, first + rows) of the block that hold a marker of
 * a missing value. */
static void blank_missing(csv_load *load, size_t first, size_t rows) {
  const size_t columns = load->column_count;
  for (size_t i = 0; i < load->missing_count; i++) {
    const slice marker = load->missing[i];
    for (size_t k = first * columns; k < (first + rows) * columns; k++) {
      sustain_cell *cell = &load->cells[k];
      if (cell->length == marker.length && memcmp(cell->text, marker.text, marker.length) == 0)
        cell->length = 0;
    }
  }
}

/* The first of rows [first, first + rows) of the block with a cell of a declared
 * number or date column that is not one (its column in *column), or SIZE_MAX. */
static size_t first_mistyped(const csv_load *load, size_t first, size_t rows, size_t *column) {
  const size_t columns = load->column_count;
  size_t found = SIZE_MAX;
  for (size_t k = 0; k < load->checked_count; k++) { /* a column at a time: one test per cell */
    const size_t c = load->checked[k];
    const int numbers = load->types[c] == SUSTAIN_COLUMN_NUMBER;
    for (size_t r = first; r < first + rows && r < found; r++) {
      const sustain_cell *cell = &load->cells[r * columns + c];
      if (cell->length && !(numbers ? looks_like_number(cell->text, cell->length)
                                    : looks_like_date(cell->text, cell->length))) {
        found = r;
        *column = c;
      }
    }
  }
  return found;
}

/* Parser callback: one whole record. The first becomes the columns; every other is
 * checked against them and joins the block of rows waiting for the host. */
static int on_record(void *context, const csv_field *fields, size_t count, long line,
                     size_t start_offset, size_t end_offset) {
  csv_load *load = context;
  if (!load->header_done) {
    load->header_done = 1;
    if (count > SUSTAIN_MAX_COLUMNS) return too_many_columns(load, fields, count, line, start_offset);
    if (keep_header(load, fields, count) != 0) return -1;
    load->header_end = end_offset;
    if (declare_columns(load, line, start_offset) != 0) return -1;
    return load->header_only; /* stops the parse, which is then not a failure */
  }
  const size_t columns = load->column_count;
  if (count != columns)
    return wrong_field_count(load, fields, count, line, start_offset, end_offset);
  sustain_cell *cells = &load->cells[load->block_rows * columns];
  const uintptr_t part = (uintptr_t)load->data;
  for (size_t c = 0; c < columns; c++) {
    const char *bytes = fields[c].bytes;
    size_t length = fields[c].length;
    /* an unescaped field lives in the parser's buffer only during this call */
    uintptr_t at = (uintptr_t)bytes;
    if (fields[c].quoted && length && (at < part || at >= part + load->length)) {
      bytes = keep_field(load, bytes, length);
      if (!bytes) {
        report(load, load->path, line, 0, "out of memory keeping a quoted field of %zu bytes",
               length);
        return -1;
      }
    }
    cells[c] = (sustain_cell){bytes, length};
  }
  blank_missing(load, load->block_rows, 1);
  size_t column;
  if (first_mistyped(load, load->block_rows, 1, &column) != SIZE_MAX)
    return not_of_declared_type(load, column, line, start_offset, fields[column].offset);
  load->lines[load->block_rows++] = line;
  return load->block_rows == load->block_room ? flush_rows(load) : 0;
}

/* Parser callback at the start of each record: reads the run of plain records there
 * straight into the block (csv_rows.c), checking them a column at a time. */
static int on_records_at(void *context, const char *at, size_t available, long line,
                         size_t *taken, size_t *records) {
  csv_load *load = context;
  if (!load->header_done) return 0;
  const size_t columns = load->column_count;
  const char *p = at, *end = at + available;
  for (;;) {
    const size_t first = load->block_rows, room = load->block_room - first;
    const char *next;
    size_t rows = csv_plain_rows(p, end, load->delimiter, columns, &load->cells[first * columns],
                                 room, &next);
    if (rows == 0) break;
    blank_missing(load, first, rows);
    size_t column, bad = first_mistyped(load, first, rows, &column);
    if (bad != SIZE_MAX) {
      const sustain_cell *cell = &load->cells[bad * columns];
      long bad_line = line + (long)(*records + bad - first);
      return not_of_declared_type(load, column, bad_line, (size_t)(cell[0].text - load->data),
                                  (size_t)(cell[column].text - load->data));
    }
    for (size_t r = 0; r < rows; r++) load->lines[first + r] = line + (long)(*records + r);
    load->block_rows += rows;
    *records += rows;
    p = next;
    if (load->block_rows == load->block_room && flush_rows(load) != 0) return -1;
    if (rows < room) break; /* the run ended at a record it leaves to the parser */
  }
  *taken = (size_t)(p - at);
  return 0;
}

/* Parses the file a part at a time: each part ends after its last line feed, so
 * nearly every record is whole in it; one that is not begins the next part. Rows
 * are handed over before the buffer moves under them. Returns csv_parse's status. */
static int parse_file(csv_load *load, file_range range, csv_progress progress,
                      csv_error *error) {
  const csv_options options = {.delimiter = load->delimiter};
  const csv_handler handler = {NULL, NULL, load, on_record, on_records_at};
  size_t capacity = CSV_PLUGIN_READ_CHUNK, filled = 0;
  int at_end = 0, status = CSV_OK;
  char *buffer = malloc(capacity);
  for (;;) {
    if (!buffer) {
      report(load, load->path, progress.line, 0,
             "out of memory reading a record of more than %zu bytes", capacity / 2);
      status = CSV_STOPPED;
      break;
    }
    if (fill(load, &range, buffer, capacity, &filled, &at_end) != 0) {
      status = CSV_STOPPED;
      break;
    }
    size_t cut = filled;
    if (!at_end) {
      const char *newline = memrchr(buffer, '\n', filled);
      if (!newline) { /* a line longer than the buffer: read on with a larger one */
        char *grown = capacity <= SIZE_MAX / 2 ? realloc(buffer, capacity * 2) : NULL;
        if (!grown) free(buffer);
        buffer = grown;
        capacity *= 2;
        continue;
      }
      cut = (size_t)(newline - buffer) + 1;
    }
    progress.last = at_end;
    load->data = buffer;
    load->length = cut;
    status = csv_parse_part(buffer, cut, &options, &handler, error, &progress);
    if (status == CSV_OK && flush_rows(load) != 0) status = CSV_STOPPED;
    if (status != CSV_OK || at_end) break;
    progress.first = progress.first && progress.consumed == 0;
    memmove(buffer, buffer + progress.consumed, filled - progress.consumed);
    filled -= progress.consumed;
    if (filled == capacity) { /* one record fills the buffer: make room for the rest */
      char *grown = capacity <= SIZE_MAX / 2 ? realloc(buffer, capacity * 2) : NULL;
      if (!grown) free(buffer);
      buffer = grown;
      capacity *= 2;
    }
  }
  free(buffer);
  load->data = NULL;
  load->length = 0;
  return status;
}

/* Checks the options and opens the file. Returns the descriptor, or -1 after reporting. */
static int begin_load(csv_load *load) {
  load->path = load->host->option(load->source, "path");
  if (!load->path) {
    report(load, NULL, 0, 0, "option path is missing; give the CSV file to load");
    return -1;
  }
  if (parse_delimiter(load, load->host->option(load->source, "delimiter")) != 0 ||
      parse_types(load, load->host->option(load->source, "types")) != 0 ||
      parse_missing(load, load->host->option(load->source, "missing")) != 0 ||
      parse_columns(load, load->host->option(load->source, "columns")) != 0)
    return -1;
  return open_file(load);
}

/* Reports what parse_file's status means. Returns 0 when the load succeeded. */
static int end_parse(csv_load *load, int status, const csv_error *error) {
  if (status == CSV_MALFORMED || status == CSV_OUT_OF_MEMORY || status == CSV_BAD_OPTIONS) {
    load->host->error(load->source, load->path, error->line, error->column, error->message);
  } else if (status == CSV_OK && !load->header_done) {
    report(load, load->path, 0, 0,
           "file is empty: expected a header row naming the columns on its first line");
  } else if (status == CSV_OK) {
    return 0;
  } /* CSV_STOPPED: a callback has reported, or the host refused a call and said why */
  return -1;
}

static void end_load(csv_load *load, int fd) {
  if (fd >= 0) close(fd);
  for (size_t i = 0; i < load->column_count; i++) free(load->header[i].bytes);
  free(load->header);
  free(load->declarations);
  free(load->missing);
  free(load->names);
  free(load->types);
  free(load->checked);
  free(load->cells);
  release_kept(load);
}

static int csv_load_source(const sustain_host *host, sustain_source *source) {
  csv_load load = {.host = host, .source = source};
  int failed = 1, fd = begin_load(&load);
  if (fd >= 0) {
    csv_error error;
    csv_progress from_top = {.line = 1, .first = 1};
    int status = parse_file(&load, (file_range){fd, 0, -1}, from_top, &error);
    failed = end_parse(&load, status, &error) != 0;
  }
  end_load(&load, fd);
  return failed;
}

/* ** {======================================================
** Parts: a large file read on several threads
** ======================================================= */

/* A file is split only into parts of at least this many bytes: below it, a
 * second thread saves less than reading the header again and joining costs. */
#define CSV_PLUGIN_PART_BYTES (4 * 1024 * 1024)

static uint32_t csv_count_parts(const sustain_host *host, sustain_source *source,
                                uint32_t wanted) {
  const char *path = host->option(source, "path");
  struct stat status;
  if (!path || stat(path, &status) != 0 || !S_ISREG(status.st_mode)) return 1; /* load says why */
  uint64_t parts = (uint64_t)status.st_size / CSV_PLUGIN_PART_BYTES;
  return parts < 1 ? 1 : parts > wanted ? wanted : (uint32_t)parts;
}

/* Where part k of parts starts: just after the first line feed at or after
 * the k-th share of the file, and after the header's line break. Every part
 * works this out alike, so part k - 1 ends where part k starts. The guess is
 * wrong only where that line feed lies inside a quoted field; part k - 1 then
 * finds its last record unfinished there, and fails. Returns -2 on a read error
 * (-1 stands for the end of the file in a file_range). */
static off_t part_start(int fd, off_t size, size_t header_end, uint32_t part, uint32_t parts) {
  off_t at = (off_t)((uint64_t)size * part / parts);
  if (at <= (off_t)header_end) at = (off_t)header_end + 1;
  char buffer[64 * 1024];
  while (at < size) {
    ssize_t got = pread(fd, buffer, sizeof buffer, at);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return -2;
    if (got == 0) return size; /* the file shrank since it was measured: its end, then */
    const char *newline = memchr(buffer, '\n', (size_t)got);
    if (newline) return at + (newline - buffer) + 1;
    at += got;
  }
  return size;
}

static int csv_load_part(const sustain_host *host, sustain_source *source, uint32_t part,
                         uint32_t parts) {
  csv_load load = {.host = host, .source = source, .header_only = 1};
  int failed = 1, fd = begin_load(&load);
  struct stat status;
  csv_error error;
  if (fd < 0 || part >= parts || fstat(fd, &status) != 0) goto finish;
  /* every part declares the columns from the header */
  csv_progress from_top = {.line = 1, .first = 1};
  int parsed = parse_file(&load, (file_range){fd, 0, -1}, from_top, &error);
  if (!(parsed == CSV_STOPPED && load.header_done) && end_parse(&load, parsed, &error) != 0)
    goto finish;
  load.header_only = 0;
  /* the first part starts at the header's line break (read as an empty line);
   * the last reads to the end of the file */
  off_t start = part == 0 ? (off_t)load.header_end
                          : part_start(fd, status.st_size, load.header_end, part, parts);
  off_t end = part + 1 == parts ? -1
                                : part_start(fd, status.st_size, load.header_end, part + 1, parts);
  if (start == -2 || end == -2) {
    report(&load, load.path, 0, 0, "cannot read the file: %s", strerror(errno));
    goto finish;
  }
  /* lines count from the part's start: a failing part's messages are not shown,
   * as the host then loads the whole file again */
  csv_progress from_start = {.line = 1};
  parsed = parse_file(&load, (file_range){fd, start, end}, from_start, &error);
  failed = end_parse(&load, parsed, &error) != 0;
finish:
  end_load(&load, fd);
  return failed;
}

/* }====================================================== */

static const sustain_option csv_plugin_options[] = {
    {"path", "the CSV file to load (UTF-8; its first row names the columns)", 1,
     SUSTAIN_OPTION_PATH, NULL},
    {"delimiter", "the character between fields: one ASCII character, or tab, semicolon, comma or pipe", 0,
     SUSTAIN_OPTION_TEXT, ","},
    {"types", "column types as column:number, column:text or column:date, comma-separated; others inferred",
     0, SUSTAIN_OPTION_TEXT, NULL},
    {"missing", "cell values that mean a missing value, comma-separated (e.g. c, z, x, k)", 0,
     SUSTAIN_OPTION_TEXT, NULL},
    {"columns", "column names to use instead of the header row's, comma-separated", 0,
     SUSTAIN_OPTION_TEXT, NULL},
    {NULL, NULL, 0, SUSTAIN_OPTION_TEXT, NULL},
};

/* Designated initialisers: a field a later minor appends stays 0, "not offered". */
SUSTAIN_PLUGIN_DEFINE = {
    .abi_major = SUSTAIN_PLUGIN_ABI_MAJOR,
    .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR,
    .size = sizeof(sustain_plugin_descriptor),
    .name = "csv",
    .version = "1.4.0",
    .description = "RFC 4180 CSV files (UTF-8): one file per source, the first row names the "
                   "columns",
    .options = csv_plugin_options,
    .load = csv_load_source,
    .count_parts = csv_count_parts,
    .load_part = csv_load_part,
};

/* }====================================================== */
