/* config_read.c: the config file read by inih into sections of key = value entries (see
 * config_read.h). inih is the grammar: comments, key lines, continuation lines and
 * headers are whatever it makes of them. Around it, a line reader numbers the lines and
 * refuses those sustain will not read (too long, not UTF-8); and because inih tells its
 * handler of keys only, and of the first line it refuses only, a line is asked of inih
 * once more on its own (inih_reading) to learn what a line it passed by was (a header,
 * or a line it refuses) and whether an indented line it handed over starts a key or
 * continues one; blank lines, ';' comments and unindented key lines need no asking.
 * config_check.c gives the entries their meaning. */
#include "config_read.h"

#include "utf8.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A config is a page or two of text: anything larger is almost certainly the wrong
 * file, and the cap keeps a mistaken path from being read into memory. */
#define CONFIG_MAX_FILE_BYTES (16L * 1024 * 1024)
#define CONFIG_READ_CHUNK 4096

/* Room inih needs in its buffer besides the characters: the newline and the NUL. */
#define CONFIG_LINE_OVERHEAD 2

/* An indented line continues the previous value. Lists are continued with a comma
 * (so each line can hold some of the items); any other value with a space (so a
 * long name or an SQL query reads on as one sentence). */
#define CONFIG_LIST_JOIN ","
#define CONFIG_TEXT_JOIN " "

/* Some editors write a UTF-8 byte order mark at the start of a file. */
#define CONFIG_UTF8_BOM "\xEF\xBB\xBF"
#define CONFIG_UTF8_BOM_LENGTH 3

#define CONFIG_NO_SECTION ((size_t)-1)

/* A line asked of inih on its own (inih_reading) is parsed between two lines of ours:
 * a header of a section whose name is not UTF-8, which no line that reaches inih can
 * name, so that a change of section means the line was a header; and a key without a
 * name, which calls the handler once the line is passed and leaves no key for a line
 * to continue. */
#define PROBE_SECTION "\xFF"
#define PROBE_BEFORE "[" PROBE_SECTION "]\n"
#define PROBE_AFTER "\n=\n"
#define PROBE_LINE 2 /* the line asked about, as inih numbers it */

typedef struct section_spec {
  const char *word; /* the first word of the header */
  config_section_kind kind;
  int takes_name; /* [source NAME] and [authority ID] */
} section_spec;

static const section_spec section_specs[] = {
    {"assessment", CONFIG_SECTION_ASSESSMENT, 0}, {"source", CONFIG_SECTION_SOURCE, 1},
    {"authority", CONFIG_SECTION_AUTHORITY, 1},   {"weights", CONFIG_SECTION_WEIGHTS, 0},
    {"limits", CONFIG_SECTION_LIMITS, 0},         {"history", CONFIG_SECTION_HISTORY, 0},
};

/* What inih makes of a line on its own. */
typedef enum line_kind {
  LINE_NOTHING, /* blank, or a comment */
  LINE_HEADER,  /* a [section] header */
  LINE_KEY,     /* key = value, or key: value */
  LINE_REFUSED  /* none of these */
} line_kind;

typedef struct read_state {
  config_problems *problems;
  arena *scratch; /* sections, names and values */
  config_sections *sections;

  /* the reader */
  const char *bytes;
  size_t length, position;
  int line;                        /* number of the line last handed to inih */
  char text[CONFIG_MAX_LINE + 1];  /* that line as inih has it, without its line break */
  int settled; /* nothing is left to learn of that line: inih handed it to the handler,
                  or the reader refused it, or the next line was asked for */
  int first_refused_line; /* the first line inih refuses, to check its return value */

  /* what the lines so far have opened */
  int seen_section;
  size_t current; /* index into sections, or CONFIG_NO_SECTION: keys are ignored */
  int continuable; /* the last key was stored, so a continuation may extend it */
} read_state;

/* Reports a problem on the line being read; a value cannot continue past it. */
static void report_syntax(read_state *state, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

static void report_syntax(read_state *state, const char *format, ...) {
  va_list args;
  va_start(args, format);
  diag_vadd(state->problems->diags, state->problems->file, state->line, 0, format, args);
  va_end(args);
  state->problems->count++;
  state->continuable = 0;
}

/*
** {======================================================
** The file: bytes that may be read as lines of text
** =======================================================
*/

/* Reads the whole file into a malloc'd buffer. Reports and returns NULL when the
 * file cannot be used (missing, a folder, too big, empty). */
static char *read_config_file(config_problems *problems, size_t *length_out) {
  int fd = open(problems->file, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int error_number = errno;
    config_problem(problems, 0,
                   "cannot open the config file: %s: check the path and that you may read it",
                   strerror(error_number));
    return NULL;
  }
  struct stat info;
  if (fstat(fd, &info) != 0) {
    int error_number = errno;
    close(fd);
    config_problem(problems, 0,
                   "cannot read the config file: %s: check that it is a readable text file",
                   strerror(error_number));
    return NULL;
  }
  if (S_ISDIR(info.st_mode)) {
    close(fd);
    config_problem(problems, 0,
                   "this is a folder, not a config file: give the path of the .ini file itself");
    return NULL;
  }
  char *buffer = NULL;
  size_t length = 0, capacity = 0;
  for (;;) {
    if (capacity - length < CONFIG_READ_CHUNK) {
      capacity = capacity ? capacity * 2 : CONFIG_READ_CHUNK * 2;
      char *grown = config_checked(problems, realloc(buffer, capacity));
      if (!grown) break;
      buffer = grown;
    }
    ssize_t got = read(fd, buffer + length, capacity - length);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      int error_number = errno;
      config_problem(problems, 0,
                     "cannot read the config file: %s: check that it is a readable text file",
                     strerror(error_number));
      break;
    }
    if (got == 0) {
      close(fd);
      if (length == 0) {
        free(buffer);
        config_problem(problems, 0,
                       "the config file is empty: write at least an [assessment] section with "
                       "rules and one [authority ID] section");
        return NULL;
      }
      *length_out = length;
      return buffer;
    }
    length += (size_t)got;
    if (length > (size_t)CONFIG_MAX_FILE_BYTES) {
      config_problem(problems, 0,
                     "the config file is larger than %ld bytes: a config is a short text file; "
                     "check that this is the right file",
                     CONFIG_MAX_FILE_BYTES);
      break;
    }
  }
  close(fd);
  free(buffer);
  return NULL;
}

/* A NUL would end inih's line early and hide the rest of the line; it also means the
 * file is not text. Reports the line of the first one. */
static int check_no_nul(config_problems *problems, const char *bytes, size_t length) {
  const char *nul = memchr(bytes, '\0', length);
  if (!nul) return 0;
  int line = 1;
  for (const char *p = bytes; p < nul; p++)
    if (*p == '\n') line++;
  config_problem(problems, line,
                 "the file contains a NUL byte, so it is not plain text: save the config as a "
                 "text file (UTF-8)");
  return -1;
}

/* }====================================================== */

/*
** {======================================================
** One line asked of inih on its own
** =======================================================
*/

typedef struct line_probe {
  int calls;
  int header; /* the section the last call saw is not ours: the line was a header */
  char value[CONFIG_MAX_LINE + 1]; /* the first call's value: a key line's */
} line_probe;

static int probe_handler(void *user, const char *section, const char *name, const char *value) {
  (void)name;
  line_probe *probe = user;
  if (probe->calls++ == 0) snprintf(probe->value, sizeof probe->value, "%s", value);
  probe->header = strcmp(section, PROBE_SECTION) != 0;
  return 1;
}

/* What inih makes of line on its own; for a key line, value (if not NULL, of
 * CONFIG_MAX_LINE + 1 bytes) receives the value as inih gives it. A line read as its
 * own is never a continuation, so this tells a header, a key, a comment or blank line,
 * and a line inih refuses apart. line must fit inih's line buffer, as every line the
 * reader passes does, and so does any part of one. */
static line_kind inih_reading(read_state *state, const char *line, char *value) {
  char text[sizeof PROBE_BEFORE + CONFIG_MAX_LINE + sizeof PROBE_AFTER];
  snprintf(text, sizeof text, PROBE_BEFORE "%s" PROBE_AFTER, line);
  line_probe probe = {0};
  int result = ini_parse_string(text, probe_handler, &probe);
  if (result < 0) { /* -2: inih's own buffer could not be allocated */
    state->problems->out_of_memory = 1;
    return LINE_NOTHING;
  }
  if (result == PROBE_LINE) return LINE_REFUSED;
  if (probe.calls == 2) { /* the line's own call, then the probe's */
    if (value) memcpy(value, probe.value, sizeof probe.value);
    return LINE_KEY;
  }
  return probe.header ? LINE_HEADER : LINE_NOTHING;
}

/* The text between the '[' that opens a line and the first ']' after it, for a line
 * inih reads as a header: the name of its section, which inih itself keeps only the
 * first 49 bytes of. *after is set to what follows the ']'. Returns NULL if the line
 * has no such brackets. */
static const char *header_text(const char *line, size_t *length, const char **after) {
  while (isspace((unsigned char)*line)) line++;
  const char *open = line;
  const char *close = *open == '[' ? strchr(open, ']') : NULL;
  if (!close) return NULL;
  *length = (size_t)(close - open - 1);
  *after = close + 1;
  return open + 1;
}

/* }====================================================== */

/*
** {======================================================
** Sections
** =======================================================
*/

int config_is_identifier(const char *text) {
  if (!text || !(isalpha((unsigned char)*text) || *text == '_')) return 0;
  for (const char *p = text; *p; p++)
    if (!(isalnum((unsigned char)*p) || *p == '_')) return 0;
  return 1;
}

/* Letters, digits, _ and -: authority codes such as E10000002 or north-shire. */
static int is_authority_id(const char *text) {
  if (!text || !*text) return 0;
  for (const char *p = text; *p; p++)
    if (!(isalnum((unsigned char)*p) || *p == '_' || *p == '-')) return 0;
  return 1;
}

/* Splits a header's text into its first word and the name after it, trimmed. */
static void header_words(const char **header, size_t *length, size_t *word_length,
                         size_t *name_start) {
  while (*length && isspace((unsigned char)**header)) (*header)++, (*length)--;
  while (*length && isspace((unsigned char)(*header)[*length - 1])) (*length)--;
  *word_length = 0;
  while (*word_length < *length && !isspace((unsigned char)(*header)[*word_length]))
    (*word_length)++;
  *name_start = *word_length;
  while (*name_start < *length && isspace((unsigned char)(*header)[*name_start])) (*name_start)++;
}

/* Finds the spec of a header's first word, or NULL. */
static const section_spec *find_section_spec(const char *word, size_t length) {
  for (size_t i = 0; i < sizeof section_specs / sizeof section_specs[0]; i++)
    if (strlen(section_specs[i].word) == length && memcmp(section_specs[i].word, word, length) == 0)
      return &section_specs[i];
  return NULL;
}

static int add_section(read_state *state, const section_spec *spec, const char *name) {
  config_sections *sections = state->sections;
  if (sections->count == sections->capacity) {
    size_t capacity = sections->capacity ? sections->capacity * 2 : 8;
    config_section *grown = config_checked(
        state->problems, arena_grow(state->scratch, sections->items, sections->count, capacity,
                                    sizeof(config_section)));
    if (!grown) return -1;
    sections->items = grown;
    sections->capacity = capacity;
  }
  const char *title = name ? arena_printf(state->scratch, "[%s %s]", spec->word, name)
                           : arena_printf(state->scratch, "[%s]", spec->word);
  const char *name_copy = name ? arena_strdup(state->scratch, name) : NULL;
  if (!config_checked_text(state->problems, title) ||
      (name && !config_checked_text(state->problems, name_copy)))
    return -1;
  sections->items[sections->count] = (config_section){
      .kind = spec->kind, .name = name_copy, .title = title, .line = state->line};
  state->current = sections->count++;
  return 0;
}

/* Reports what is wrong with a header's name, if anything. */
static int check_section_name(read_state *state, const section_spec *spec, const char *name) {
  if (spec->takes_name && !name) {
    report_syntax(state, "[%s] needs a name: write [%s NAME], e.g. %s", spec->word, spec->word,
                  spec->kind == CONFIG_SECTION_SOURCE ? "[source care_leavers]"
                                                      : "[authority northshire]");
    return -1;
  }
  if (!spec->takes_name && name) {
    report_syntax(state, "[%s] takes no name: write just [%s]", spec->word, spec->word);
    return -1;
  }
  if (spec->kind == CONFIG_SECTION_SOURCE && !config_is_identifier(name)) {
    report_syntax(state,
                  "source name '%s' is not usable as a table name: use letters, digits and _, "
                  "starting with a letter or _ (e.g. care_leavers)",
                  name);
    return -1;
  }
  if (spec->kind == CONFIG_SECTION_AUTHORITY && !is_authority_id(name)) {
    report_syntax(state,
                  "authority id '%s' may contain only letters, digits, _ and -: "
                  "put the full name in the section's name key instead",
                  name);
    return -1;
  }
  return 0;
}

/* Opens the section named by the text between '[' and ']'. On any problem keys are
 * ignored until the next header, so one typo does not bury the user in follow-ups. */
static void open_section(read_state *state, const char *header, size_t length) {
  state->current = CONFIG_NO_SECTION;
  state->seen_section = 1;
  size_t word_length, name_start;
  header_words(&header, &length, &word_length, &name_start);
  const section_spec *spec = find_section_spec(header, word_length);
  if (!spec) {
    report_syntax(state,
                  "unknown section [%.*s]: the sections are [assessment], [source NAME], "
                  "[authority ID], [weights], [limits] and [history]",
                  (int)length, header);
    return;
  }
  char *name = NULL;
  if (name_start < length) {
    name = config_checked(state->problems,
                          arena_strndup(state->scratch, header + name_start, length - name_start));
    if (!name) return;
  }
  if (check_section_name(state, spec, name) != 0) return;
  for (size_t i = 0; i < state->sections->count; i++) {
    config_section *earlier = &state->sections->items[i];
    if (earlier->kind != spec->kind || (name && strcmp(earlier->name, name) != 0)) continue;
    report_syntax(state,
                  "section %s is repeated (first on line %d, again on line %d): merge the two "
                  "into one section",
                  earlier->title, earlier->line, state->line);
    state->current = i; /* keep checking its keys, as if merged */
    return;
  }
  add_section(state, spec, name);
}

/* A line inih read as a header: its section opens. inih takes the name from between the
 * brackets and ignores the rest of the line, which here must be blank or a comment. */
static void read_header(read_state *state) {
  size_t length;
  const char *after;
  const char *header = header_text(state->text, &length, &after);
  state->continuable = 0;
  if (!header) return; /* inih's headers have both brackets */
  if (inih_reading(state, after, NULL) != LINE_NOTHING)
    report_syntax(state, "unexpected text after ']': start a comment with ';' or delete it");
  open_section(state, header, length); /* the header itself is still read */
}

/* A line inih refuses: a header without its ']' (the one way a line that opens with '['
 * is refused), or a line that is neither a key, a header nor a comment. */
static void refuse_line(read_state *state) {
  if (!state->first_refused_line) state->first_refused_line = state->line;
  const char *start = state->text;
  while (isspace((unsigned char)*start)) start++;
  if (*start == '[') {
    report_syntax(state, "this section header has no closing ']': write it as [NAME]");
    state->current = CONFIG_NO_SECTION;
    state->seen_section = 1;
  } else {
    report_syntax(state,
                  "this line is not 'key = value', a [section] header or a comment: add the "
                  "'=', or start a comment with ';'");
  }
}

/* Once inih has gone past a line without handing it to the handler, the line was a
 * header, a comment or blank line, or a line inih refuses: which, inih says. */
static void settle_line(read_state *state) {
  if (state->settled) return;
  state->settled = 1;
  const char *first = state->text;
  while (isspace((unsigned char)*first)) first++;
  if (!*first || *first == ';') return; /* blank, or a comment in any inih: nothing to learn */
  switch (inih_reading(state, state->text, NULL)) {
  case LINE_HEADER: read_header(state); break;
  case LINE_REFUSED: refuse_line(state); break;
  case LINE_NOTHING: break;
  case LINE_KEY: break; /* never: inih hands every key line to the handler */
  }
}

/* }====================================================== */

/*
** {======================================================
** Entries
** =======================================================
*/

/* Lists take a comma between lines; see CONFIG_LIST_JOIN. */
static int is_list_key(config_section_kind kind, const char *key) {
  return (kind == CONFIG_SECTION_ASSESSMENT &&
          (strcmp(key, "rules") == 0 || strcmp(key, "plugin_path") == 0)) ||
         (kind == CONFIG_SECTION_AUTHORITY && strcmp(key, "rules") == 0);
}

/* A key line: the entry is stored, unless it is misplaced or repeated. */
static void add_entry(read_state *state, const char *name, const char *value) {
  state->continuable = 0;
  if (!state->seen_section) {
    report_syntax(state,
                  "'%s' is outside any section: move it under its section, e.g. [assessment]",
                  name);
    return;
  }
  if (state->current == CONFIG_NO_SECTION) return;
  config_section *target = &state->sections->items[state->current];
  if (!*name) {
    report_syntax(state, "a key is missing before '=': write it as key = value");
    return;
  }
  for (size_t i = 0; i < target->entry_count; i++) {
    if (strcmp(target->entries[i].key, name) != 0) continue;
    report_syntax(state,
                  "'%s' is set twice in %s (lines %d and %d): keep one; to continue a long "
                  "value, indent the next line instead",
                  name, target->title, target->entries[i].line, state->line);
    return;
  }
  if (target->entry_count == target->entry_capacity) {
    size_t capacity = target->entry_capacity ? target->entry_capacity * 2 : 8;
    config_pair *grown = config_checked(
        state->problems, arena_grow(state->scratch, target->entries, target->entry_count,
                                    capacity, sizeof(config_pair)));
    if (!grown) return;
    target->entries = grown;
    target->entry_capacity = capacity;
  }
  const char *key = config_checked_text(state->problems, arena_strdup(state->scratch, name));
  const char *copy = config_checked_text(state->problems, arena_strdup(state->scratch, value));
  if (!key || !copy) return;
  target->entries[target->entry_count++] = (config_pair){key, copy, state->line};
  state->continuable = 1;
}

/* Whether an indented line that continues a value is, on its own, a header of a known
 * section, or would be but for an inline comment inside its brackets (which inih
 * refuses). */
static int is_indented_header(read_state *state, line_kind alone) {
  size_t length, word_length, name_start;
  const char *after;
  const char *header = alone == LINE_HEADER || alone == LINE_REFUSED
                           ? header_text(state->text, &length, &after)
                           : NULL;
  if (!header) return 0;
  header_words(&header, &length, &word_length, &name_start);
  return find_section_spec(header, word_length) != NULL;
}

/* A continuation line: its text joins the value of the last key. inih 55 leaves an
 * inline comment on a continuation line (later releases take it off); it is taken off
 * here by reading the text as inih reads a key's value, so both agree. */
static void continue_entry(read_state *state, line_kind alone, const char *text) {
  if (is_indented_header(state, alone)) { /* inih glues it onto the value above */
    report_syntax(state,
                  "this section header is indented, so it would continue the value above: "
                  "start the line with '['");
    state->current = CONFIG_NO_SECTION;
    return;
  }
  if (!state->continuable || state->current == CONFIG_NO_SECTION) return;
  char as_value[CONFIG_MAX_LINE + 2], value[CONFIG_MAX_LINE + 1];
  snprintf(as_value, sizeof as_value, "=%s", text);
  if (inih_reading(state, as_value, value) != LINE_KEY) return;
  config_section *section = &state->sections->items[state->current];
  config_pair *entry = &section->entries[section->entry_count - 1];
  const char *join = !*entry->value                             ? ""
                     : is_list_key(section->kind, entry->key) ? CONFIG_LIST_JOIN
                                                              : CONFIG_TEXT_JOIN;
  char *joined = config_checked(state->problems,
                                arena_printf(state->scratch, "%s%s%s", entry->value, join, value));
  if (joined) entry->value = joined;
}

/* }====================================================== */

/*
** {======================================================
** The reader and the handler inih is given
** =======================================================
*/

/* The ini_handler: inih calls it for a key line, and for a continuation line with the
 * name of the key it continues. A continuation line read on its own is no key with the
 * same value (its value is the whole line), which tells the two apart. section is
 * ignored: inih keeps only 49 bytes of it and says nothing of a section without keys;
 * the reader follows the headers. Always returns 1: problems are reported here. */
static int handle_pair(void *user, const char *section, const char *name, const char *value) {
  (void)section;
  read_state *state = user;
  state->settled = 1;
  if (state->problems->out_of_memory) return 1;
  if (!isspace((unsigned char)state->text[0])) { /* inih continues only an indented line */
    add_entry(state, name, value);
    return 1;
  }
  char key_value[CONFIG_MAX_LINE + 1];
  line_kind alone = inih_reading(state, state->text, key_value);
  if (alone == LINE_KEY && strcmp(key_value, value) == 0)
    add_entry(state, name, value);
  else
    continue_entry(state, alone, value);
  return 1;
}

/* The ini_reader: hands inih one line at a time (fgets-like) and counts them; inih
 * handles each line before it asks for the next, so the handler is called with
 * state->line being the line it is called for. The line break and a byte order mark
 * are not part of a line. An overlong line is reported and replaced by an empty one,
 * so inih neither splits it nor loses count; so is a line that is not UTF-8. */
static char *read_line(char *buffer, int size, void *stream) {
  read_state *state = stream;
  settle_line(state); /* inih is done with the line before */
  if (state->position >= state->length || size < CONFIG_LINE_OVERHEAD) return NULL;
  const char *start = state->bytes + state->position;
  size_t left = state->length - state->position;
  const char *newline = memchr(start, '\n', left);
  size_t length = newline ? (size_t)(newline - start) : left;
  state->position += newline ? length + 1 : length;
  if (length && start[length - 1] == '\r') length--;
  state->line++;
  state->settled = 1;
  if (state->line == 1 && length >= CONFIG_UTF8_BOM_LENGTH &&
      memcmp(start, CONFIG_UTF8_BOM, CONFIG_UTF8_BOM_LENGTH) == 0) {
    start += CONFIG_UTF8_BOM_LENGTH;
    length -= CONFIG_UTF8_BOM_LENGTH;
  }

  size_t limit = CONFIG_MAX_LINE;
  if ((size_t)size - CONFIG_LINE_OVERHEAD < limit) limit = (size_t)size - CONFIG_LINE_OVERHEAD;
  if (length > limit) {
    report_syntax(state,
                  "line is %zu characters long; the limit is %zu: split a long value over "
                  "indented continuation lines",
                  length, limit);
    length = 0;
  } else if (!utf8_valid(start, length)) { /* names and values reach plans: valid text */
    report_syntax(state, "line is not valid UTF-8 text: save the file as UTF-8");
    length = 0;
  } else {
    state->settled = 0;
  }
  memcpy(state->text, start, length);
  state->text[length] = '\0';
  memcpy(buffer, start, length);
  buffer[length] = '\n';
  buffer[length + 1] = '\0';
  return buffer;
}

/* }====================================================== */

int config_read(config_problems *problems, arena *scratch, config_sections *out) {
  *out = (config_sections){0};
  read_state state = {.problems = problems, .scratch = scratch, .sections = out,
                      .settled = 1, .current = CONFIG_NO_SECTION};
  char *bytes = read_config_file(problems, &state.length);
  if (!bytes) return -1;
  if (check_no_nul(problems, bytes, state.length) != 0) {
    free(bytes);
    return -1;
  }
  state.bytes = bytes;
  int result = ini_parse_stream(read_line, &state, handle_pair, &state);
  free(bytes);
  if (result == -2) {
    problems->out_of_memory = 1;
  } else if (result > 0 && result != state.first_refused_line) {
    /* inih refused a line that, on its own, it read: never leave that silent */
    config_problem(problems, result,
                   "this line could not be read as 'key = value', a [section] header or a "
                   "comment: rewrite it in one of those forms");
  }
  return 0;
}
