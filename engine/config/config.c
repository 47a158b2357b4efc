/* config.c: reads the INI assessment config with inih and validates it (see config.h,
 * docs/config.md). A line reader in front of inih numbers the lines, refuses overlong
 * ones and follows section headers, which this inih build never shows the handler;
 * the whole file is collected before anything is validated, so one run lists every
 * problem. Plugins, stages and ingredients are checked later by plugin_loader.c and
 * the rule runner, against the line numbers kept here. */
#include "config.h"

#include "output_format.h"
#include "utf8.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
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

/* Bounds of [assessment] and [limits] numbers. */
#define CONFIG_MIN_SUPPRESS_BELOW 1L
#define CONFIG_MIN_INSTRUCTIONS 1000L /* so a slip (a missing 000) cannot fail every rule */
#define CONFIG_MIN_MEMORY_MB 1L
#define CONFIG_MAX_MEMORY_MB 4096L
#define CONFIG_MAX_SOURCE_ROWS 4294967280L /* rows are numbered with 32 bits in views */
#define CONFIG_MAX_SOURCE_MEMORY_MB 1048576L /* 1 TB */

/* Some editors write a UTF-8 byte order mark at the start of a file. */
#define CONFIG_UTF8_BOM "\xEF\xBB\xBF"
#define CONFIG_UTF8_BOM_LENGTH 3

#define CONFIG_NO_SECTION ((size_t)-1)

/*
** {======================================================
** Load state: what the reader and the inih handler collect
** =======================================================
*/

typedef enum section_kind {
  SECTION_ASSESSMENT,
  SECTION_SOURCE,
  SECTION_AUTHORITY,
  SECTION_WEIGHTS,
  SECTION_LIMITS,
  SECTION_HISTORY
} section_kind;

typedef struct section_spec {
  const char *word; /* the first word of the header */
  section_kind kind;
  int takes_name; /* [source NAME] and [authority ID] */
} section_spec;

static const section_spec section_specs[] = {
    {"assessment", SECTION_ASSESSMENT, 0}, {"source", SECTION_SOURCE, 1},
    {"authority", SECTION_AUTHORITY, 1},   {"weights", SECTION_WEIGHTS, 0},
    {"limits", SECTION_LIMITS, 0},         {"history", SECTION_HISTORY, 0},
};

/* One key as written: continuations already joined. */
typedef struct raw_entry {
  const char *key;
  const char *value;
  int line;
} raw_entry;

/* One section; a repeated header is reported and its keys merged into the first. */
typedef struct raw_section {
  section_kind kind;
  const char *name;  /* NULL for sections without a name */
  const char *title; /* "[source care_leavers]", for messages */
  int line;
  raw_entry *entries;
  size_t entry_count, entry_capacity;
} raw_section;

/* What the line last handed to inih is, so the handler knows what it is called for. */
typedef enum line_kind { LINE_IGNORED, LINE_KEY, LINE_CONTINUATION } line_kind;

typedef struct load_state {
  config *cfg;
  const config_layout *layout; /* where `rules = @NAME` looks; NULL: nowhere */
  arena *scratch; /* raw sections and values; freed when loading ends */
  diag_list *diags;
  const char *file; /* as given, for diagnostics */
  size_t problem_count;
  int out_of_memory;

  /* the reader */
  const char *bytes;
  size_t length, position;
  int line;         /* number of the line last handed to inih */
  line_kind kind;   /* what that line is */
  int inih_has_key; /* mirrors inih's prev_name: an indented line now continues it */
  int continuable;  /* the last key was stored, so a continuation may extend it */
  int seen_section;
  int first_inih_error_line; /* the first line inih itself will refuse */

  raw_section *sections;
  size_t section_count, section_capacity;
  size_t current; /* index into sections, or CONFIG_NO_SECTION: keys are ignored */
} load_state;

static void report(load_state *state, int line, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

static void report(load_state *state, int line, const char *format, ...) {
  va_list args;
  va_start(args, format);
  diag_vadd(state->diags, state->file, line, 0, format, args);
  va_end(args);
  state->problem_count++;
}

/* Reports a problem on the line being read; a value cannot continue past it. */
static void report_syntax(load_state *state, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

static void report_syntax(load_state *state, const char *format, ...) {
  va_list args;
  va_start(args, format);
  diag_vadd(state->diags, state->file, state->line, 0, format, args);
  va_end(args);
  state->problem_count++;
  state->continuable = 0;
}

/* Remembers a line that inih will refuse too, so its return value can be checked. */
static void note_inih_error(load_state *state) {
  if (!state->first_inih_error_line) state->first_inih_error_line = state->line;
}

/* Returns p, noting out of memory when it is NULL. */
static void *checked(load_state *state, void *p) {
  if (!p) state->out_of_memory = 1;
  return p;
}

static const char *checked_text(load_state *state, const char *text) {
  if (!text) state->out_of_memory = 1;
  return text;
}

/* }====================================================== */

/*
** {======================================================
** Small checks on text
** =======================================================
*/

/* [A-Za-z_][A-Za-z0-9_]*: a source becomes a table name in rules. */
static int is_identifier(const char *text) {
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

/* A whole decimal number in [min, max], the whole text and nothing else. */
static int parse_whole_number(const char *text, long min, long max, long *out) {
  const char *p = text;
  if (*p == '+' || *p == '-') p++;
  if (!*p) return -1;
  for (; *p; p++)
    if (!isdigit((unsigned char)*p)) return -1;
  errno = 0;
  char *end;
  long value = strtol(text, &end, 10);
  if (errno == ERANGE || *end || value < min || value > max) return -1;
  *out = value;
  return 0;
}

/* A finite decimal number (digits, point, sign, exponent): no nan, inf or hex. */
static int parse_decimal(const char *text, double *out) {
  if (!*text) return -1;
  for (const char *p = text; *p; p++)
    if (!(isdigit((unsigned char)*p) || strchr(".+-eE", *p))) return -1;
  char *end;
  double value = strtod(text, &end);
  if (end == text || *end || !isfinite(value)) return -1;
  *out = value;
  return 0;
}

typedef enum path_kind { PATH_MISSING, PATH_FILE, PATH_FOLDER } path_kind;

static path_kind path_kind_of(const char *path, int *error_number) {
  struct stat info;
  if (stat(path, &info) != 0) {
    *error_number = errno;
    return PATH_MISSING;
  }
  *error_number = 0;
  return S_ISDIR(info.st_mode) ? PATH_FOLDER : PATH_FILE;
}

/* The folder part of path: "." when it has none. */
static char *folder_of(arena *a, const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return arena_strdup(a, ".");
  if (slash == path) return arena_strdup(a, "/");
  return arena_strndup(a, path, (size_t)(slash - path));
}

/* The file's name without folder and extension: "reviews/care.ini" gives "care". */
static char *stem_of(arena *a, const char *path) {
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  const char *dot = strrchr(base, '.');
  size_t length = dot && dot != base ? (size_t)(dot - base) : strlen(base);
  return arena_strndup(a, base, length);
}

/* }====================================================== */

/*
** {======================================================
** Reading: file bytes -> numbered lines -> inih
** =======================================================
*/

/* Reads the whole file into a malloc'd buffer. Reports and returns NULL when the
 * file cannot be used (missing, a folder, too big, empty). */
static char *read_config_file(load_state *state, size_t *length_out) {
  int fd = open(state->file, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int error_number = errno;
    report(state, 0, "cannot open the config file: %s: check the path and that you may read it",
           strerror(error_number));
    return NULL;
  }
  struct stat info;
  if (fstat(fd, &info) != 0) {
    int error_number = errno;
    close(fd);
    report(state, 0, "cannot read the config file: %s: check that it is a readable text file",
           strerror(error_number));
    return NULL;
  }
  if (S_ISDIR(info.st_mode)) {
    close(fd);
    report(state, 0,
           "this is a folder, not a config file: give the path of the .ini file itself");
    return NULL;
  }
  char *buffer = NULL;
  size_t length = 0, capacity = 0;
  for (;;) {
    if (capacity - length < CONFIG_READ_CHUNK) {
      capacity = capacity ? capacity * 2 : CONFIG_READ_CHUNK * 2;
      char *grown = realloc(buffer, capacity);
      if (!grown) {
        state->out_of_memory = 1;
        break;
      }
      buffer = grown;
    }
    ssize_t got = read(fd, buffer + length, capacity - length);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      int error_number = errno;
      report(state, 0, "cannot read the config file: %s: check that it is a readable text file",
             strerror(error_number));
      break;
    }
    if (got == 0) {
      close(fd);
      if (length == 0) {
        free(buffer);
        report(state, 0,
               "the config file is empty: write at least an [assessment] section with rules "
               "and one [authority ID] section");
        return NULL;
      }
      *length_out = length;
      return buffer;
    }
    length += (size_t)got;
    if (length > (size_t)CONFIG_MAX_FILE_BYTES) {
      report(state, 0,
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
static int check_no_nul(load_state *state, const char *bytes, size_t length) {
  const char *nul = memchr(bytes, '\0', length);
  if (!nul) return 0;
  int line = 1;
  for (const char *p = bytes; p < nul; p++)
    if (*p == '\n') line++;
  report(state, line,
         "the file contains a NUL byte, so it is not plain text: save the config as a text "
         "file (UTF-8)");
  return -1;
}

static int add_section(load_state *state, const section_spec *spec, const char *name) {
  if (state->section_count == state->section_capacity) {
    size_t capacity = state->section_capacity ? state->section_capacity * 2 : 8;
    raw_section *grown = checked(state, arena_grow(state->scratch, state->sections,
                                                   state->section_count, capacity,
                                                   sizeof(raw_section)));
    if (!grown) return -1;
    state->sections = grown;
    state->section_capacity = capacity;
  }
  const char *title = name ? arena_printf(state->scratch, "[%s %s]", spec->word, name)
                           : arena_printf(state->scratch, "[%s]", spec->word);
  const char *name_copy = name ? arena_strdup(state->scratch, name) : NULL;
  if (!checked_text(state, title) || (name && !checked_text(state, name_copy))) return -1;
  state->sections[state->section_count] =
      (raw_section){.kind = spec->kind, .name = name_copy, .title = title, .line = state->line};
  state->current = state->section_count++;
  return 0;
}

/* Finds the spec of a header's first word, or NULL. */
static const section_spec *find_section_spec(const char *word, size_t length) {
  for (size_t i = 0; i < sizeof section_specs / sizeof section_specs[0]; i++)
    if (strlen(section_specs[i].word) == length && memcmp(section_specs[i].word, word, length) == 0)
      return &section_specs[i];
  return NULL;
}

/* Opens the section named by the text between '[' and ']'. On any problem keys are
 * ignored until the next header, so one typo does not bury the user in follow-ups. */
static void open_section(load_state *state, const char *header, size_t length) {
  state->current = CONFIG_NO_SECTION;
  state->seen_section = 1;
  while (length && isspace((unsigned char)*header)) header++, length--;
  while (length && isspace((unsigned char)header[length - 1])) length--;
  size_t word_length = 0;
  while (word_length < length && !isspace((unsigned char)header[word_length])) word_length++;
  size_t name_start = word_length;
  while (name_start < length && isspace((unsigned char)header[name_start])) name_start++;

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
    name = checked(state, arena_strndup(state->scratch, header + name_start, length - name_start));
    if (!name) return;
  }
  if (spec->takes_name && !name) {
    report_syntax(state, "[%s] needs a name: write [%s NAME], e.g. %s", spec->word, spec->word,
                  spec->kind == SECTION_SOURCE ? "[source care_leavers]"
                                               : "[authority northshire]");
    return;
  }
  if (!spec->takes_name && name) {
    report_syntax(state, "[%s] takes no name: write just [%s]", spec->word, spec->word);
    return;
  }
  if (spec->kind == SECTION_SOURCE && !is_identifier(name)) {
    report_syntax(state,
                  "source name '%s' is not usable as a table name: use letters, digits and _, "
                  "starting with a letter or _ (e.g. care_leavers)",
                  name);
    return;
  }
  if (spec->kind == SECTION_AUTHORITY && !is_authority_id(name)) {
    report_syntax(state,
                  "authority id '%s' may contain only letters, digits, _ and -: "
                  "put the full name in the section's name key instead",
                  name);
    return;
  }
  for (size_t i = 0; i < state->section_count; i++) {
    raw_section *earlier = &state->sections[i];
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

/* Looks at a line as inih will (same trimming, comment and continuation rules, see
 * ini.c) and records what it is; reports the lines inih would reject, because inih
 * itself only returns the first. */
static void classify_line(load_state *state, const char *text, size_t length) {
  size_t begin = 0, end = length;
  while (begin < end && isspace((unsigned char)text[begin])) begin++;
  while (end > begin && isspace((unsigned char)text[end - 1])) end--;
  if (begin == end || strchr(INI_START_COMMENT_PREFIXES, text[begin])) return;

  if (state->inih_has_key && begin > 0) {
    state->kind = LINE_CONTINUATION;
    /* inih would glue an indented header onto the previous value; say so instead */
    if (text[begin] == '[' && text[end - 1] == ']') {
      size_t word = begin + 1;
      while (word < end - 1 && !isspace((unsigned char)text[word])) word++;
      if (find_section_spec(text + begin + 1, word - begin - 1)) {
        state->kind = LINE_IGNORED;
        report_syntax(state,
                      "this section header is indented, so it would continue the value above: "
                      "start the line with '['");
        state->current = CONFIG_NO_SECTION;
      }
    }
    return;
  }

  /* the first ']' or inline comment (one of INI_INLINE_COMMENT_PREFIXES after
   * whitespace), or '=' / ':' for a key line, as inih searches */
  const char *stops = text[begin] == '[' ? "]" : "=:";
  size_t at = text[begin] == '[' ? begin + 1 : begin;
  int was_space = 0;
  while (at < end && !strchr(stops, text[at]) &&
         !(was_space && strchr(INI_INLINE_COMMENT_PREFIXES, text[at]))) {
    was_space = isspace((unsigned char)text[at]);
    at++;
  }

  if (text[begin] == '[') {
    if (at == end || text[at] != ']') {
      report_syntax(state, "this section header has no closing ']': write it as [NAME]");
      note_inih_error(state);
      state->current = CONFIG_NO_SECTION;
      state->seen_section = 1;
      return;
    }
    state->inih_has_key = 0;
    state->continuable = 0;
    size_t after = at + 1;
    while (after < end && isspace((unsigned char)text[after])) after++;
    if (after < end && !strchr(INI_START_COMMENT_PREFIXES, text[after])) {
      report_syntax(state, "unexpected text after ']': start a comment with ';' or delete it");
      /* the header itself is still read */
    }
    open_section(state, text + begin + 1, at - begin - 1);
    return;
  }
  if (at == end || (text[at] != '=' && text[at] != ':')) {
    report_syntax(state,
                  "this line is not 'key = value', a [section] header or a comment: add the "
                  "'=', or start a comment with ';'");
    note_inih_error(state);
    return;
  }
  state->inih_has_key = at > begin; /* inih keeps no empty name to continue */
  state->kind = LINE_KEY;
}

/* The ini_reader: hands inih one line at a time (fgets-like) and counts them. An
 * overlong line is reported and replaced by an empty one, so inih neither splits it
 * nor loses count. */
static char *read_line(char *buffer, int size, void *stream) {
  load_state *state = stream;
  if (state->position >= state->length || size < CONFIG_LINE_OVERHEAD) return NULL;
  const char *start = state->bytes + state->position;
  size_t left = state->length - state->position;
  const char *newline = memchr(start, '\n', left);
  size_t length = newline ? (size_t)(newline - start) : left;
  state->position += newline ? length + 1 : length;
  if (length && start[length - 1] == '\r') length--;
  state->line++;
  state->kind = LINE_IGNORED;
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
    memcpy(buffer, start, length);
    classify_line(state, buffer, length);
  }
  buffer[length] = '\n';
  buffer[length + 1] = '\0';
  return buffer;
}

/* Lists take a comma between lines; see CONFIG_LIST_JOIN. */
static int is_list_key(section_kind kind, const char *key) {
  return (kind == SECTION_ASSESSMENT &&
          (strcmp(key, "rules") == 0 || strcmp(key, "plugin_path") == 0)) ||
         (kind == SECTION_AUTHORITY && strcmp(key, "rules") == 0);
}

/* Length of value without an inline comment (INI_INLINE_COMMENT_PREFIXES after
 * whitespace) and the spaces before it. Some inih releases strip these comments
 * from continuation lines and some do not; stripping here makes both agree. */
static size_t without_inline_comment(const char *value) {
  size_t end = 0;
  int was_space = 0;
  while (value[end] && !(was_space && strchr(INI_INLINE_COMMENT_PREFIXES, value[end]))) {
    was_space = isspace((unsigned char)value[end]);
    end++;
  }
  while (end && isspace((unsigned char)value[end - 1])) end--;
  return end;
}

static void continue_value(load_state *state, const char *value) {
  if (!state->continuable || state->current == CONFIG_NO_SECTION) return;
  raw_section *section = &state->sections[state->current];
  raw_entry *entry = &section->entries[section->entry_count - 1];
  const char *join = !*entry->value ? ""
                     : is_list_key(section->kind, entry->key) ? CONFIG_LIST_JOIN
                                                              : CONFIG_TEXT_JOIN;
  char *joined = checked(state, arena_printf(state->scratch, "%s%s%.*s", entry->value, join,
                                             (int)without_inline_comment(value), value));
  if (joined) entry->value = joined;
}

/* The ini_handler. section is ignored: inih truncates it, and the reader knows the
 * real one. Always returns 1: problems are reported here, with their line. */
static int handle_pair(void *user, const char *section, const char *name, const char *value) {
  (void)section;
  load_state *state = user;
  if (state->out_of_memory) return 1;
  if (state->kind == LINE_CONTINUATION) {
    continue_value(state, value);
    return 1;
  }
  if (state->kind != LINE_KEY) return 1; /* already reported by the reader */
  state->continuable = 0;
  if (!state->seen_section) {
    report(state, state->line,
           "'%s' is outside any section: move it under its section, e.g. [assessment]", name);
    return 1;
  }
  if (state->current == CONFIG_NO_SECTION) return 1;
  raw_section *target = &state->sections[state->current];
  if (!*name) {
    report(state, state->line, "a key is missing before '=': write it as key = value");
    return 1;
  }
  for (size_t i = 0; i < target->entry_count; i++) {
    if (strcmp(target->entries[i].key, name) != 0) continue;
    report(state, state->line,
           "'%s' is set twice in %s (lines %d and %d): keep one; to continue a long value, "
           "indent the next line instead",
           name, target->title, target->entries[i].line, state->line);
    return 1;
  }
  if (target->entry_count == target->entry_capacity) {
    size_t capacity = target->entry_capacity ? target->entry_capacity * 2 : 8;
    raw_entry *grown = checked(state, arena_grow(state->scratch, target->entries,
                                                 target->entry_count, capacity,
                                                 sizeof(raw_entry)));
    if (!grown) return 1;
    target->entries = grown;
    target->entry_capacity = capacity;
  }
  const char *key = checked(state, arena_strdup(state->scratch, name));
  const char *copy = checked(state, arena_strdup(state->scratch, value));
  if (!key || !copy) return 1;
  target->entries[target->entry_count++] = (raw_entry){key, copy, state->line};
  state->continuable = 1;
  return 1;
}

/* }====================================================== */

/*
** {======================================================
** Validation: raw sections -> config
** =======================================================
*/

static const char *keep(load_state *state, const char *text) {
  return checked_text(state, arena_strdup(state->cfg->arena, text));
}

static const char *path_problem(path_kind kind, int error_number) {
  if (kind != PATH_MISSING) return NULL;
  return error_number == ENOENT || error_number == ENOTDIR ? "does not exist"
                                                            : strerror(error_number);
}

/* How a path reads in a message: as written, plus where it was looked for when that
 * differs, so a wrong starting folder is easy to spot. */
static const char *describe_path(load_state *state, const char *written, const char *resolved) {
  const char *text =
      strcmp(written, resolved) == 0
          ? arena_printf(state->scratch, "'%s'", written)
          : arena_printf(state->scratch, "'%s' (looked for %s)", written, resolved);
  return text ? text : written;
}

/* A rules item `@NAME` names a rule pack shipped with sustain (docs/config.md): NAME in
 * the first of the layout's pack folders that holds it, else in the last, where packs are
 * installed (PREFIX/share/sustain/rules; a sustain run from its build tree tries the
 * source tree's rules/ first, so an uninstalled build reads the packs beside its code). */
#define CONFIG_PACK_MARK '@'

/* Resolves one item of a list: `@NAME` in a rules list as a shipped pack, anything else
 * against the config's folder. NULL on out of memory; *reported is set when the item was
 * found wrong here, so the caller need not look at the path. */
static const char *resolve_list_item(load_state *state, const raw_entry *entry,
                                     const char *written, int *reported) {
  *reported = 0;
  if (written[0] != CONFIG_PACK_MARK || strcmp(entry->key, "rules") != 0)
    return config_resolve_path(state->cfg, written);
  const char *name = written + 1;
  size_t folders = state->layout ? state->layout->pack_dir_count : 0;
  if (folders == 0) {
    report(state, entry->line, "rules: '%s' names a shipped rule pack, but this program knows "
           "no folder of them: give the pack's path (write ./%s for a path that starts with @)",
           written, written);
    *reported = 1;
    return arena_strdup(state->cfg->arena, written);
  }
  const char *installed = state->layout->pack_dirs[folders - 1];
  if (!*name || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
    report(state, entry->line, "rules: '%s' is not a pack name: write @ and the name of a pack "
           "folder in %s, such as @ingredients (write ./%s for a path that starts with @)",
           written, installed, written);
    *reported = 1;
    return arena_strdup(state->cfg->arena, written);
  }
  for (size_t i = 0; i + 1 < folders; i++) {
    const char *pack =
        arena_printf(state->cfg->arena, "%s/%s", state->layout->pack_dirs[i], name);
    int error_number;
    if (!pack || path_kind_of(pack, &error_number) == PATH_FOLDER) return pack;
  }
  return arena_printf(state->cfg->arena, "%s/%s", installed, name);
}

/* Reads a comma-separated list of paths (rules, plugin_path) into resolved paths,
 * each of which must exist, and be a folder when folders_only. Items are trimmed;
 * empty items (a trailing comma before a continuation line) are skipped. advice
 * ends the message about a bad path. */
static const char **read_path_list(load_state *state, const raw_entry *entry, int folders_only,
                                   const char *advice, size_t *count) {
  size_t capacity = 1;
  for (const char *p = entry->value; *p; p++) capacity += *p == ',';
  const char **paths =
      checked(state, arena_alloc(state->cfg->arena, capacity * sizeof(char *)));
  *count = 0;
  if (!paths) return NULL;
  for (const char *p = entry->value;;) {
    const char *comma = strchr(p, ',');
    const char *end = comma ? comma : p + strlen(p);
    while (p < end && isspace((unsigned char)*p)) p++;
    while (end > p && isspace((unsigned char)end[-1])) end--;
    if (end > p) {
      int reported = 0;
      const char *written = checked(state, arena_strndup(state->scratch, p, (size_t)(end - p)));
      const char *resolved =
          written ? checked_text(state, resolve_list_item(state, entry, written, &reported))
                  : NULL;
      if (!resolved) return NULL;
      paths[(*count)++] = resolved;
      int error_number;
      path_kind kind = path_kind_of(resolved, &error_number);
      const char *problem = folders_only && kind == PATH_FILE ? "is not a folder"
                                                               : path_problem(kind, error_number);
      if (problem && !reported)
        report(state, entry->line, "%s: %s %s: %s", entry->key,
               describe_path(state, written, resolved), problem, advice);
    }
    if (!comma) break;
    p = comma + 1;
  }
  if (*count == 0)
    report(state, entry->line, "'%s' lists no paths: write at least one, separated by commas",
           entry->key);
  return paths;
}

static void check_rules(load_state *state, const raw_entry *entry) {
  config *cfg = state->cfg;
  cfg->rules_line = entry->line;
  cfg->rules = read_path_list(state, entry, 0,
                              "fix the path; relative paths start from the config file's folder",
                              &cfg->rule_count);
}

static void check_plugin_path(load_state *state, const raw_entry *entry) {
  config *cfg = state->cfg;
  cfg->plugin_paths =
      read_path_list(state, entry, 1,
                     "list folders that hold plugins; relative paths start from the config "
                     "file's folder",
                     &cfg->plugin_path_count);
}

/* Checks that path (resolved from entry's value) names a file sustain can write:
 * not a folder, in a folder that exists. what names the setting in messages,
 * option the key to change, example a file name to suggest. Returns 0, or -1
 * when out of memory (recorded). */
static int check_file_to_write(load_state *state, const raw_entry *entry, const char *path,
                               const char *what, const char *option, const char *example) {
  const char *described = describe_path(state, entry->value, path);
  int error_number;
  if (path[strlen(path) - 1] == '/' || path_kind_of(path, &error_number) == PATH_FOLDER) {
    report(state, entry->line, "%s: %s is a folder: give a file name, e.g. %s", what, described,
           example);
    return 0;
  }
  const char *folder = checked(state, folder_of(state->scratch, path));
  if (!folder) return -1;
  path_kind kind = path_kind_of(folder, &error_number);
  if (kind != PATH_FOLDER)
    report(state, entry->line,
           "%s: the folder of %s %s: create the folder first, or change %s; relative paths "
           "start from the config file's folder",
           what, described, kind == PATH_FILE ? "is not a folder" : path_problem(kind, error_number),
           option);
  return 0;
}

static void check_output(load_state *state, const raw_entry *entry) {
  config *cfg = state->cfg;
  cfg->output = checked_text(state, config_resolve_path(cfg, entry->value));
  if (cfg->output) check_file_to_write(state, entry, cfg->output, "output", "output", "plan.md");
}

static void check_assessment(load_state *state, const raw_section *section) {
  config *cfg = state->cfg;
  int has_rules = 0;
  for (size_t i = 0; i < section->entry_count; i++) {
    const raw_entry *entry = &section->entries[i];
    const char *key = entry->key, *value = entry->value;
    if (strcmp(key, "rules") == 0) has_rules = 1;
    if (!*value) {
      report(state, entry->line, "'%s' has no value: write one after '=' or delete the line", key);
    } else if (strcmp(key, "name") == 0) {
      cfg->name = keep(state, value);
    } else if (strcmp(key, "date") == 0) {
      if (date_parse(value, &cfg->date) != 0)
        report(state, entry->line,
               "date '%s' is not a date in the form YYYY-MM-DD: write it like 2024-03-31", value);
    } else if (strcmp(key, "rules") == 0) {
      check_rules(state, entry);
    } else if (strcmp(key, "format") == 0) {
      output_format format;
      if (output_format_parse(value, &format) == 0)
        cfg->format = keep(state, value);
      else
        report(state, entry->line,
               "format '%s' is not known: use text, markdown, json, csv or html", value);
    } else if (strcmp(key, "output") == 0) {
      check_output(state, entry);
    } else if (strcmp(key, "suppress_below") == 0) {
      long number;
      if (parse_whole_number(value, CONFIG_MIN_SUPPRESS_BELOW, INT_MAX, &number) == 0)
        cfg->suppress_below = (int)number;
      else
        report(state, entry->line,
               "suppress_below must be a whole number of at least %ld (e.g. %d), not '%s'",
               CONFIG_MIN_SUPPRESS_BELOW, CONFIG_DEFAULT_SUPPRESS_BELOW, value);
    } else if (strcmp(key, "plugin_path") == 0) {
      check_plugin_path(state, entry);
    } else {
      report(state, entry->line,
             "unknown key '%s' in [assessment]: the keys are name, date, rules, format, output, "
             "suppress_below and plugin_path",
             key);
    }
  }
  if (!has_rules)
    report(state, section->line,
           "[assessment] has no rules: add rules = the rule pack's folder (or a comma-separated "
           "list of .lua files and folders)");
}

/* Counts the entries whose keys are not among reserved (a NULL-terminated list). */
static size_t count_other_keys(const raw_section *section, const char *const *reserved) {
  size_t count = 0;
  for (size_t i = 0; i < section->entry_count; i++) {
    int found = 0;
    for (const char *const *r = reserved; *r; r++)
      found |= strcmp(section->entries[i].key, *r) == 0;
    count += !found;
  }
  return count;
}

static config_pair *alloc_pairs(load_state *state, size_t count) {
  return count ? checked(state, arena_alloc(state->cfg->arena, count * sizeof(config_pair)))
               : NULL;
}

/* shared = yes | no: whether the source's rows apply to every authority on purpose. */
static void check_shared(load_state *state, const raw_entry *entry, config_source *source) {
  source->shared_line = entry->line;
  if (strcmp(entry->value, "yes") == 0)
    source->shared = 1;
  else if (strcmp(entry->value, "no") != 0)
    report(state, entry->line,
           "shared must be yes (every row applies to every authority) or no, not '%s'",
           entry->value);
}

static void check_source(load_state *state, const raw_section *section, config_source *source) {
  static const char *const reserved[] = {"plugin", "authority_column", "shared", "id_column",
                                         NULL};
  source->name = keep(state, section->name);
  source->line = section->line;
  source->options = alloc_pairs(state, count_other_keys(section, reserved));
  int has_plugin = 0;
  for (size_t i = 0; i < section->entry_count; i++) {
    const raw_entry *entry = &section->entries[i];
    if (strcmp(entry->key, "plugin") == 0) has_plugin = 1;
    if (!*entry->value) {
      report(state, entry->line, "'%s' has no value: write one after '=' or delete the line",
             entry->key);
    } else if (strcmp(entry->key, "plugin") == 0) {
      source->plugin = keep(state, entry->value);
      source->plugin_line = entry->line;
    } else if (strcmp(entry->key, "authority_column") == 0) {
      source->authority_column = keep(state, entry->value);
      source->authority_column_line = entry->line;
    } else if (strcmp(entry->key, "shared") == 0) {
      check_shared(state, entry, source);
    } else if (strcmp(entry->key, "id_column") == 0) {
      source->id_column = keep(state, entry->value);
      source->id_column_line = entry->line;
    } else if (source->options) {
      source->options[source->option_count++] =
          (config_pair){keep(state, entry->key), keep(state, entry->value), entry->line};
    }
  }
  if (!has_plugin)
    report(state, section->line,
           "%s has no plugin: add plugin = csv (or another plugin's name, or the path of its "
           ".so file)",
           section->title);
  if (source->shared && source->authority_column)
    report(state, source->shared_line,
           "%s says shared = yes and also names authority_column (line %d): keep "
           "authority_column when each row belongs to one authority, or shared = yes when "
           "every row applies to every authority",
           section->title, source->authority_column_line);
}

static void check_pilot_date(load_state *state, const raw_entry *entry, sx_date *date) {
  if (date_parse(entry->value, date) != 0)
    report(state, entry->line,
           "%s '%s' is not a date in the form YYYY-MM-DD: write it like 2020-04-01", entry->key,
           entry->value);
}

static int has_prefix(const char *key, const char *prefix) {
  return strncmp(key, prefix, strlen(prefix)) == 0;
}

/* weight.INGREDIENT = N: this authority's weight for one ingredient. */
static void check_authority_weight(load_state *state, const raw_entry *entry,
                                   config_authority *authority) {
  const char *ingredient = entry->key + strlen(CONFIG_AUTHORITY_WEIGHT_PREFIX);
  double weight;
  if (!*ingredient)
    report(state, entry->line, "'%s' names no ingredient: write weight.INGREDIENT = 1.5",
           entry->key);
  else if (parse_decimal(entry->value, &weight) != 0 || weight < 0)
    report(state, entry->line, "%s must be a number of 0 or more (e.g. 1.5), not '%s'",
           entry->key, entry->value);
  else if (authority->weights)
    authority->weights[authority->weight_count++] =
        (config_weight){keep(state, ingredient), weight == 0 ? 0.0 : weight, entry->line};
}

/* disable.RULE_ID = reason: a pack rule this authority does not run, and why. */
static void check_authority_disable(load_state *state, const raw_entry *entry,
                                    config_authority *authority) {
  const char *rule = entry->key + strlen(CONFIG_AUTHORITY_DISABLE_PREFIX);
  if (!*rule)
    report(state, entry->line,
           "'%s' names no rule: write disable.RULE_ID = the reason it does not apply", entry->key);
  else if (authority->disabled)
    authority->disabled[authority->disabled_count++] =
        (config_pair){keep(state, rule), keep(state, entry->value), entry->line};
}

static size_t count_prefixed(const raw_section *section, const char *prefix) {
  size_t count = 0;
  for (size_t i = 0; i < section->entry_count; i++)
    count += has_prefix(section->entries[i].key, prefix);
  return count;
}

static void check_authority(load_state *state, const raw_section *section,
                            config_authority *authority) {
  static const char *const reserved[] = {"name", "stage", "pilot_start", "pilot_end", "rules",
                                         NULL};
  authority->id = keep(state, section->name);
  authority->name = authority->id;
  authority->line = section->line;
  size_t weights = count_prefixed(section, CONFIG_AUTHORITY_WEIGHT_PREFIX);
  size_t disabled = count_prefixed(section, CONFIG_AUTHORITY_DISABLE_PREFIX);
  authority->attributes =
      alloc_pairs(state, count_other_keys(section, reserved) - weights - disabled);
  authority->disabled = alloc_pairs(state, disabled);
  authority->weights =
      checked(state, arena_alloc(state->cfg->arena, (weights + 1) * sizeof(config_weight)));
  int start_line = 0, end_line = 0;
  for (size_t i = 0; i < section->entry_count; i++) {
    const raw_entry *entry = &section->entries[i];
    if (!*entry->value) {
      report(state, entry->line, "'%s' has no value: write one after '=' or delete the line",
             entry->key);
    } else if (strcmp(entry->key, "name") == 0) {
      authority->name = keep(state, entry->value);
    } else if (strcmp(entry->key, "stage") == 0) {
      if (is_identifier(entry->value)) {
        authority->stage = keep(state, entry->value);
        authority->stage_line = entry->line;
      } else {
        report(state, entry->line,
               "stage '%s' must be one word of letters, digits and _ (e.g. transition); leave "
               "it out to derive it from the pilot dates",
               entry->value);
      }
    } else if (strcmp(entry->key, "pilot_start") == 0) {
      check_pilot_date(state, entry, &authority->pilot_start);
      start_line = entry->line;
    } else if (strcmp(entry->key, "pilot_end") == 0) {
      check_pilot_date(state, entry, &authority->pilot_end);
      end_line = entry->line;
    } else if (strcmp(entry->key, "rules") == 0) {
      authority->rules_line = entry->line;
      authority->rules = read_path_list(
          state, entry, 0, "fix the path; relative paths start from the config file's folder",
          &authority->rule_count);
    } else if (has_prefix(entry->key, CONFIG_AUTHORITY_WEIGHT_PREFIX)) {
      check_authority_weight(state, entry, authority);
    } else if (has_prefix(entry->key, CONFIG_AUTHORITY_DISABLE_PREFIX)) {
      check_authority_disable(state, entry, authority);
    } else if (authority->attributes) {
      authority->attributes[authority->attribute_count++] =
          (config_pair){keep(state, entry->key), keep(state, entry->value), entry->line};
    }
  }
  if (date_is_set(authority->pilot_start) && date_is_set(authority->pilot_end) &&
      date_to_days(authority->pilot_end) < date_to_days(authority->pilot_start)) {
    char start[11], end[11];
    date_format(authority->pilot_start, start);
    date_format(authority->pilot_end, end);
    report(state, end_line,
           "pilot_end %s is before pilot_start %s (line %d): correct one of the two dates", end,
           start, start_line);
  }
}

static void check_weights(load_state *state, const raw_section *section) {
  config *cfg = state->cfg;
  if (!section->entry_count) return;
  cfg->weights =
      checked(state, arena_alloc(cfg->arena, section->entry_count * sizeof(config_weight)));
  if (!cfg->weights) return;
  for (size_t i = 0; i < section->entry_count; i++) {
    const raw_entry *entry = &section->entries[i];
    double weight;
    if (!*entry->value)
      report(state, entry->line, "'%s' has no value: write one after '=' or delete the line",
             entry->key);
    else if (parse_decimal(entry->value, &weight) != 0 || weight < 0)
      report(state, entry->line,
             "weight of '%s' must be a number of 0 or more (e.g. 1.5), not '%s'", entry->key,
             entry->value);
    else
      cfg->weights[cfg->weight_count++] =
          (config_weight){keep(state, entry->key), weight == 0 ? 0.0 : weight, entry->line};
  }
}

static void check_limits(load_state *state, const raw_section *section) {
  config *cfg = state->cfg;
  /* the whole-number limits on what one rule call may do and write */
  const struct {
    const char *key;
    long *value, low, high, fallback;
    const char *unit;
  } counts[] = {
      {"depth", &cfg->depth, 10, 100000, CONFIG_DEFAULT_DEPTH, "nested calls"},
      {"label_bytes", &cfg->label_bytes, 20, 100000, CONFIG_DEFAULT_LABEL_BYTES, "bytes"},
      {"text_bytes", &cfg->text_bytes, 100, 1000000, CONFIG_DEFAULT_TEXT_BYTES, "bytes"},
      {"evidence_items", &cfg->evidence_items, 1, 100000, CONFIG_DEFAULT_EVIDENCE_ITEMS, "items"},
      {"actions", &cfg->actions, 1, 10000, CONFIG_DEFAULT_ACTIONS, "actions"},
      /* and the bounds on what one source may load */
      {"source_rows", &cfg->source_rows, 1, CONFIG_MAX_SOURCE_ROWS, CONFIG_DEFAULT_SOURCE_ROWS,
       "rows"},
      {"source_memory_mb", &cfg->source_memory_mb, 1, CONFIG_MAX_SOURCE_MEMORY_MB,
       CONFIG_DEFAULT_SOURCE_MEMORY_MB, "megabytes"},
  };
  for (size_t i = 0; i < section->entry_count; i++) {
    const raw_entry *entry = &section->entries[i];
    size_t k = 0;
    while (k < sizeof counts / sizeof *counts && strcmp(counts[k].key, entry->key) != 0) k++;
    if (k < sizeof counts / sizeof *counts && *entry->value) {
      if (parse_whole_number(entry->value, counts[k].low, counts[k].high, counts[k].value) != 0)
        report(state, entry->line, "%s must be a whole number of %s from %ld to %ld (default %ld), "
               "not '%s'", entry->key, counts[k].unit, counts[k].low, counts[k].high,
               counts[k].fallback, entry->value);
      continue;
    }
    if (!*entry->value) {
      report(state, entry->line, "'%s' has no value: write one after '=' or delete the line",
             entry->key);
    } else if (strcmp(entry->key, "instructions") == 0) {
      if (parse_whole_number(entry->value, CONFIG_MIN_INSTRUCTIONS, LONG_MAX,
                             &cfg->instructions) != 0)
        report(state, entry->line,
               "instructions must be a whole number of at least %ld (default %ld), not '%s'",
               CONFIG_MIN_INSTRUCTIONS, CONFIG_DEFAULT_INSTRUCTIONS, entry->value);
    } else if (strcmp(entry->key, "memory_mb") == 0) {
      if (parse_whole_number(entry->value, CONFIG_MIN_MEMORY_MB, CONFIG_MAX_MEMORY_MB,
                             &cfg->memory_mb) != 0)
        report(state, entry->line,
               "memory_mb must be a whole number of megabytes from %ld to %ld (default %ld), "
               "not '%s'",
               CONFIG_MIN_MEMORY_MB, CONFIG_MAX_MEMORY_MB, CONFIG_DEFAULT_MEMORY_MB,
               entry->value);
    } else if (strcmp(entry->key, "seconds") == 0 ||
               strcmp(entry->key, "source_seconds") == 0) {
      int of_sources = strcmp(entry->key, "source_seconds") == 0;
      double seconds;
      if (parse_decimal(entry->value, &seconds) != 0 || !(seconds > 0) ||
          seconds > CONFIG_MAX_SECONDS)
        report(state, entry->line,
               "%s must be a number of seconds above 0 and at most %g (default %g), not '%s'",
               entry->key, CONFIG_MAX_SECONDS,
               of_sources ? CONFIG_DEFAULT_SOURCE_SECONDS : CONFIG_DEFAULT_SECONDS, entry->value);
      else if (of_sources)
        cfg->source_seconds = seconds;
      else
        cfg->seconds = seconds;
    } else {
      report(state, entry->line,
             "unknown key '%s' in [limits]: the keys are instructions, memory_mb, seconds, "
             "source_seconds, source_rows, source_memory_mb, depth, label_bytes, text_bytes, "
             "evidence_items and actions",
             entry->key);
    }
  }
}

/* [history] path: the SQLite history file (history.h), which need not exist but whose
 * folder must; or url: a PostgreSQL database. One of the two. */
static void check_history(load_state *state, const raw_section *section) {
  config *cfg = state->cfg;
  cfg->history_line = section->line;
  size_t problems = state->problem_count;
  for (size_t i = 0; i < section->entry_count; i++) {
    const raw_entry *entry = &section->entries[i];
    if (!*entry->value) {
      report(state, entry->line, "'%s' has no value: write one after '=' or delete the line",
             entry->key);
    } else if (strcmp(entry->key, "path") == 0) {
      if (cfg->history_path) { /* a url came first */
        report(state, entry->line, "[history] has both path and url: keep one of them");
        continue;
      }
      cfg->history_path = checked_text(state, config_resolve_path(cfg, entry->value));
      cfg->history_line = entry->line;
      if (!cfg->history_path ||
          check_file_to_write(state, entry, cfg->history_path, "history path", "path",
                              "history.db") != 0)
        return;
    } else if (strcmp(entry->key, "url") == 0) {
      /* a PostgreSQL history: kept as written in history_path, which history_open tells
       * from a file by its postgresql:// or postgres:// prefix (never quoted: it may hold
       * a password) */
      if (strncmp(entry->value, "postgresql://", 13) != 0 &&
          strncmp(entry->value, "postgres://", 11) != 0) {
        report(state, entry->line, "history url: write a postgresql:// URI, e.g. "
               "postgresql://db.example.org/sustain (or use path = FILE.db for an SQLite "
               "history file)");
        continue;
      }
      if (cfg->history_path) {
        report(state, entry->line, "[history] has both path and url: keep one of them");
        continue;
      }
      cfg->history_path = checked_text(state, arena_strdup(cfg->arena, entry->value));
      cfg->history_line = entry->line;
      if (!cfg->history_path) return;
    } else {
      report(state, entry->line, "unknown key '%s' in [history]: the keys are path and url",
             entry->key);
    }
  }
  if (!cfg->history_path && state->problem_count == problems)
    report(state, section->line, "[history] has no path: add path = history.db, or url = "
           "postgresql://... (or delete the section to keep no history)");
}

static void validate(load_state *state) {
  config *cfg = state->cfg;
  size_t sources = 0, authorities = 0;
  int has_assessment = 0;
  for (size_t i = 0; i < state->section_count; i++) {
    sources += state->sections[i].kind == SECTION_SOURCE;
    authorities += state->sections[i].kind == SECTION_AUTHORITY;
  }
  if (sources)
    cfg->sources = checked(state, arena_alloc(cfg->arena, sources * sizeof(config_source)));
  if (authorities)
    cfg->authorities =
        checked(state, arena_alloc(cfg->arena, authorities * sizeof(config_authority)));
  if (state->out_of_memory) return;

  for (size_t i = 0; i < state->section_count && !state->out_of_memory; i++) {
    const raw_section *section = &state->sections[i];
    switch (section->kind) {
    case SECTION_ASSESSMENT:
      has_assessment = 1;
      check_assessment(state, section);
      break;
    case SECTION_SOURCE:
      check_source(state, section, &cfg->sources[cfg->source_count++]);
      break;
    case SECTION_AUTHORITY:
      check_authority(state, section, &cfg->authorities[cfg->authority_count++]);
      break;
    case SECTION_WEIGHTS:
      check_weights(state, section);
      break;
    case SECTION_LIMITS:
      check_limits(state, section);
      break;
    case SECTION_HISTORY:
      check_history(state, section);
      break;
    }
  }
  if (!has_assessment)
    report(state, 0,
           "no [assessment] section: add one with at least rules = the rule pack's folder");
  if (!authorities)
    report(state, 0,
           "no [authority ID] section: add one per authority to assess, e.g. "
           "[authority northshire]");
}

/* }====================================================== */

/*
** {======================================================
** Public functions
** =======================================================
*/

/* Puts the diagnostics added from index first in line order (stable; file-wide
 * problems, line 0, last), because parsing and validation find them out of order. */
static void sort_by_line(diag_list *diags, size_t first) {
  for (size_t i = first + 1; i < diags->count; i++) {
    diag moving = diags->items[i];
    long key = moving.line ? moving.line : LONG_MAX;
    size_t j = i;
    while (j > first && (diags->items[j - 1].line ? diags->items[j - 1].line : LONG_MAX) > key) {
      diags->items[j] = diags->items[j - 1];
      j--;
    }
    diags->items[j] = moving;
  }
}

/* Creates the config with its defaults; NULL on out of memory. */
static config *config_new(const char *path) {
  arena *a = arena_new();
  if (!a) return NULL;
  config *cfg = arena_alloc(a, sizeof(config));
  if (!cfg) {
    arena_free(a);
    return NULL;
  }
  cfg->arena = a;
  cfg->path = arena_strdup(a, path);
  cfg->dir = folder_of(a, path);
  cfg->name = stem_of(a, path);
  cfg->date = date_today();
  cfg->suppress_below = CONFIG_DEFAULT_SUPPRESS_BELOW;
  cfg->instructions = CONFIG_DEFAULT_INSTRUCTIONS;
  cfg->memory_mb = CONFIG_DEFAULT_MEMORY_MB;
  cfg->seconds = CONFIG_DEFAULT_SECONDS;
  cfg->source_seconds = CONFIG_DEFAULT_SOURCE_SECONDS;
  cfg->depth = CONFIG_DEFAULT_DEPTH;
  cfg->label_bytes = CONFIG_DEFAULT_LABEL_BYTES;
  cfg->text_bytes = CONFIG_DEFAULT_TEXT_BYTES;
  cfg->evidence_items = CONFIG_DEFAULT_EVIDENCE_ITEMS;
  cfg->actions = CONFIG_DEFAULT_ACTIONS;
  cfg->source_rows = CONFIG_DEFAULT_SOURCE_ROWS;
  cfg->source_memory_mb = CONFIG_DEFAULT_SOURCE_MEMORY_MB;
  if (!cfg->path || !cfg->dir || !cfg->name) {
    arena_free(a);
    return NULL;
  }
  return cfg;
}

int config_load(const char *path, const config_layout *layout, config **out,
                diag_list *diags) {
  *out = NULL;
  size_t first_diag = diags->count;
  load_state state = {.layout = layout, .diags = diags, .file = path,
                      .current = CONFIG_NO_SECTION};
  state.cfg = config_new(path);
  state.scratch = arena_new();
  char *bytes = NULL;
  if (state.cfg && state.scratch) {
    bytes = read_config_file(&state, &state.length);
    if (bytes && check_no_nul(&state, bytes, state.length) == 0) {
      state.bytes = bytes;
      int result = ini_parse_stream(read_line, &state, handle_pair, &state);
      if (result == -2) {
        state.out_of_memory = 1;
      } else if (result > 0 && result != state.first_inih_error_line) {
        /* inih refused a line this reader accepted: never leave that silent */
        report(&state, result,
               "this line could not be read as 'key = value', a [section] header or a "
               "comment: rewrite it in one of those forms");
      }
      if (!state.out_of_memory) validate(&state);
    }
  } else {
    state.out_of_memory = 1;
  }
  free(bytes);
  arena_free(state.scratch);
  if (state.out_of_memory)
    report(&state, 0,
           "ran out of memory while reading the config: close other programs and try again");
  sort_by_line(diags, first_diag);
  if (state.problem_count) {
    config_free(state.cfg);
    return -1;
  }
  *out = state.cfg;
  return 0;
}

void config_free(config *cfg) {
  if (cfg) arena_free(cfg->arena);
}

const char *config_resolve_path(const config *cfg, const char *path) {
  if (!path) return NULL;
  if (path[0] == '/') return arena_strdup(cfg->arena, path);
  size_t dir_length = strlen(cfg->dir);
  const char *separator = dir_length && cfg->dir[dir_length - 1] == '/' ? "" : "/";
  return arena_printf(cfg->arena, "%s%s%s", cfg->dir, separator, path);
}

/* }====================================================== */
