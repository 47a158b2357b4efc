/* pack_names.c: the string constants of a rule pack's files; see pack_names.h. */
#include "pack_names.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "evidence.h"
#include "grow.h"

/* Folders below a rule path read at most: deeper ones are not a pack's. */
#define PACK_NAMES_MAX_DEPTH 8

/* What the collection holds while it reads: the names met, each once. */
typedef struct collection {
  evidence_dictionary names;
  char *text; /* a string literal as it is decoded */
  size_t text_capacity;
  size_t files;
  int failed;
} collection;

static void add_name(collection *c, const char *text, size_t length) {
  if (memchr(text, '\0', length)) return; /* no column's name holds a NUL */
  if (!evidence_dictionary_intern_hashed(&c->names, text, length, evidence_hash(text, length)))
    c->failed = 1;
}

/* ** {======================================================================
** Reading a Lua file's names and strings, as Lua's lexer reads them
** ======================================================================= */

/* A string constant of a compiled chunk is a string literal or a name (a global's,
 * a field's, a method's, a table constructor's key), and Lua folds no strings
 * together: so every name and every string literal of the text, decoded, holds all
 * the constants, and more. A lexer reads them some ten times faster than the
 * compiler (tests/unit/test_pack_names.c checks it against the compiled chunks). */

typedef struct lexer {
  const char *at, *end;
  collection *c;
} lexer;

static int is_name_start(int ch) { return ch == '_' || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z'); }
static int is_digit(int ch) { return ch >= '0' && ch <= '9'; }
static int is_name_char(int ch) { return is_name_start(ch) || is_digit(ch); }
static int is_space(int ch) { return ch == ' ' || (ch >= '\t' && ch <= '\r'); }

static int hex_value(int ch) {
  if (is_digit(ch)) return ch - '0';
  ch |= 0x20;
  return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

/* The level of a long bracket opening at l->at ([[ is 0, [==[ is 2), -1 when none. */
static int long_bracket(const lexer *l) {
  const char *p = l->at + 1;
  while (p < l->end && *p == '=') p++;
  return p < l->end && *p == '[' ? (int)(p - l->at - 1) : -1;
}

/* Skips a newline sequence (\n, \r, \r\n, \n\r) at p. */
static const char *past_newline(const char *p, const char *end) {
  const char *next = p + 1;
  if (next < end && (*next == '\n' || *next == '\r') && *next != *p) next++;
  return next;
}

/* A long string or comment of the level at l->at: its content, or NULL when unclosed. */
static const char *long_content(lexer *l, int level, size_t *length) {
  const char *p = l->at + level + 2;
  if (p < l->end && (*p == '\n' || *p == '\r')) p = past_newline(p, l->end);
  for (const char *q = p; q < l->end; q++) {
    if (*q != ']' || l->end - q < level + 2) continue;
    int n = 0;
    while (n < level && q[1 + n] == '=') n++;
    if (n == level && q[1 + n] == ']') {
      *length = (size_t)(q - p);
      l->at = q + level + 2;
      return p;
    }
  }
  return NULL;
}

static int put_byte(collection *c, size_t *used, unsigned value) {
  if (GROW(&c->text, &c->text_capacity, *used + 1) != 0) return -1;
  c->text[(*used)++] = (char)value;
  return 0;
}

/* \u{XXX}: the code point in Lua's UTF-8 (up to 2^31, in up to six bytes). */
static int put_utf8(collection *c, size_t *used, unsigned long x) {
  char bytes[8];
  int n = 1;
  if (x < 0x80) return put_byte(c, used, (unsigned)x);
  unsigned long limit = 0x3f; /* the most the first byte holds */
  do {
    bytes[8 - n++] = (char)(0x80 | (x & 0x3f));
    x >>= 6;
    limit >>= 1;
  } while (x > limit);
  bytes[8 - n] = (char)((~limit << 1) | x);
  for (int i = 8 - n; i < 8; i++)
    if (put_byte(c, used, (unsigned char)bytes[i]) != 0) return -1;
  return 0;
}

/* One escape after a backslash at p: its bytes put, the position after it; NULL
 * when it is not one Lua reads (the file does not compile then). */
static const char *escape(lexer *l, const char *p, size_t *used) {
  static const char simple[] = "a\ab\bf\fn\nr\rt\tv\v\\\\\"\"''";
  const char *end = l->end;
  if (p >= end) return NULL;
  for (int i = 0; simple[i]; i += 2)
    if (*p == simple[i]) return put_byte(l->c, used, (unsigned char)simple[i + 1]) ? NULL : p + 1;
  if (*p == '\n' || *p == '\r') return put_byte(l->c, used, '\n') ? NULL : past_newline(p, end);
  if (*p == 'z') {
    for (p++; p < end && is_space((unsigned char)*p);) p++;
    return p;
  }
  if (*p == 'x') {
    int high = p + 2 < end ? hex_value(p[1]) : -1, low = high >= 0 ? hex_value(p[2]) : -1;
    return low < 0 || put_byte(l->c, used, (unsigned)(high * 16 + low)) ? NULL : p + 3;
  }
  if (*p == 'u') {
    unsigned long x = 0;
    if (++p >= end || *p++ != '{') return NULL;
    int digits = 0;
    for (; p < end && hex_value(*p) >= 0 && x < 0x80000000ul; p++, digits++) x = x * 16 + hex_value(*p);
    return digits && x < 0x80000000ul && p < end && *p == '}' && put_utf8(l->c, used, x) == 0
               ? p + 1 : NULL;
  }
  if (is_digit((unsigned char)*p)) {
    unsigned value = 0;
    for (int n = 0; n < 3 && p < end && is_digit((unsigned char)*p); n++) value = value * 10 + (unsigned)(*p++ - '0');
    return value > 255 || put_byte(l->c, used, value) ? NULL : p;
  }
  return NULL;
}

/* A quoted string at l->at, decoded into the names. Returns 0, or -1 when it is not
 * one Lua reads. */
static int quoted(lexer *l) {
  char quote = *l->at;
  size_t used = 0;
  const char *p = l->at + 1;
  while (p < l->end && *p != quote) {
    if (*p == '\n' || *p == '\r') return -1;
    if (*p == '\\') {
      if (!(p = escape(l, p + 1, &used))) return -1;
    } else if (put_byte(l->c, &used, (unsigned char)*p++) != 0) {
      return -1;
    }
  }
  if (p >= l->end) return -1;
  add_name(l->c, used ? l->c->text : "", used);
  l->at = p + 1;
  return 0;
}

/* A number: digits, letters, dots, and the sign of an exponent. */
static void number(lexer *l) {
  const char *p = l->at;
  while (p < l->end) {
    char ch = *p;
    if ((ch == '+' || ch == '-') && ((p[-1] | 0x20) == 'e' || (p[-1] | 0x20) == 'p')) p++;
    else if (is_name_char((unsigned char)ch) || ch == '.') p++;
    else break;
  }
  l->at = p;
}

/* Every name and string literal of text. Returns 0, or -1 when the text is not one
 * Lua's lexer reads (an unclosed string, an unknown escape). */
static int read_names(collection *c, const char *text, size_t length) {
  lexer l = {text, text + length, c};
  while (l.at < l.end && !c->failed) {
    unsigned char ch = (unsigned char)*l.at;
    size_t size;
    int level;
    if (is_name_start(ch)) {
      const char *start = l.at;
      while (l.at < l.end && is_name_char((unsigned char)*l.at)) l.at++;
      add_name(c, start, (size_t)(l.at - start));
    } else if (ch == '"' || ch == '\'') {
      if (quoted(&l) != 0) return -1;
    } else if (ch == '[' && (level = long_bracket(&l)) >= 0) {
      const char *content = long_content(&l, level, &size);
      if (!content) return -1;
      add_name(c, content, size);
    } else if (ch == '-' && l.at + 1 < l.end && l.at[1] == '-') {
      l.at += 2;
      if (l.at < l.end && *l.at == '[' && (level = long_bracket(&l)) >= 0) {
        if (!long_content(&l, level, &size)) return -1;
      } else {
        while (l.at < l.end && *l.at != '\n' && *l.at != '\r') l.at++;
      }
    } else if (is_digit(ch) || (ch == '.' && l.at + 1 < l.end && is_digit((unsigned char)l.at[1]))) {
      number(&l);
    } else {
      l.at++;
    }
  }
  return c->failed ? -1 : 0;
}

/* }====================================================================== */

/* The whole of a file, malloc'd; NULL when it cannot be read. */
static char *read_whole(const char *path, size_t *length) {
  FILE *in = fopen(path, "rb");
  if (!in) return NULL;
  char *text = NULL;
  size_t used = 0, capacity = 0;
  for (;;) {
    if (GROW(&text, &capacity, used + 4096) != 0) break;
    size_t got = fread(text + used, 1, capacity - used, in);
    used += got;
    if (got == 0) {
      if (ferror(in)) break;
      fclose(in);
      *length = used;
      return text;
    }
  }
  fclose(in);
  free(text);
  return NULL;
}

static void add_file(collection *c, const char *path) {
  size_t length;
  char *text = ++c->files <= PACK_NAMES_MAX_FILES ? read_whole(path, &length) : NULL;
  /* a file Lua cannot read: loading it reports why, and every column is loaded */
  if (!text || read_names(c, text, length) != 0) c->failed = 1;
  free(text);
}

/* A file a pack may run: Lua, not a test. */
static int is_pack_file(const char *name) {
  size_t n = strlen(name);
  return n > 4 && strcmp(name + n - 4, ".lua") == 0 &&
         !(n > 9 && strcmp(name + n - 9, "_test.lua") == 0);
}

/* Every pack file under folder, which need not exist. */
static void add_folder(collection *c, const char *folder, int depth) {
  DIR *dir = depth <= PACK_NAMES_MAX_DEPTH ? opendir(folder) : NULL;
  if (!dir) return;
  struct dirent *entry;
  while (!c->failed && (entry = readdir(dir))) {
    if (entry->d_name[0] == '.') continue;
    char *path = NULL;
    struct stat st;
    if (asprintf(&path, "%s/%s", folder, entry->d_name) < 0) {
      c->failed = 1;
      break;
    }
    if (stat(path, &st) == 0) {
      if (S_ISDIR(st.st_mode)) add_folder(c, path, depth + 1);
      else if (S_ISREG(st.st_mode) && is_pack_file(entry->d_name)) add_file(c, path);
    }
    free(path);
  }
  closedir(dir);
}

/* The folder that holds path ("." for a bare name), malloc'd. */
static char *folder_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return strdup(".");
  return strndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/* A rule path: a folder (a pack) or a file, with the folders require reads from. */
static void add_rule_path(collection *c, const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) return; /* loading reports it */
  char *pack = S_ISDIR(st.st_mode) ? strdup(path) : folder_of(path);
  char *parent = pack ? folder_of(pack) : NULL;
  char *lib = NULL;
  if (!parent || asprintf(&lib, "%s/lib", parent) < 0) {
    c->failed = 1;
    lib = NULL;
  } else {
    if (!S_ISDIR(st.st_mode) && !is_pack_file(path)) add_file(c, path); /* run all the same */
    add_folder(c, pack, 0);
    add_folder(c, lib, 0);
  }
  free(pack);
  free(parent);
  free(lib);
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Hands the names collected over as a sorted list and frees the collection. Returns 0,
 * or -1 (nothing to free) when reading failed (`ok` is 0) or memory runs out. */
static int finish(collection *c, int ok, pack_names *out) {
  *out = (pack_names){0};
  size_t count = c->names.count;
  char **names = ok ? calloc(count + 1, sizeof *names) : NULL;
  for (size_t i = 0; names && i < count; i++) {
    names[i] = strdup(evidence_dictionary_string(&c->names, (uint32_t)i + 1));
    if (!names[i]) {
      pack_names_free(&(pack_names){names, i});
      names = NULL;
    }
  }
  evidence_dictionary_free(&c->names);
  free(c->text);
  if (!names) return -1;
  qsort(names, count, sizeof *names, compare_names);
  *out = (pack_names){names, count};
  return 0;
}

int pack_names_collect(const config *cfg, pack_names *out) {
  collection c = {0};
  for (size_t i = 0; i < cfg->rule_count && !c.failed; i++) add_rule_path(&c, cfg->rules[i]);
  for (size_t a = 0; a < cfg->authority_count && !c.failed; a++)
    for (size_t i = 0; i < cfg->authorities[a].rule_count && !c.failed; i++)
      add_rule_path(&c, cfg->authorities[a].rules[i]);
  return finish(&c, !c.failed && c.files > 0, out);
}

int pack_names_of_text(const char *text, size_t length, pack_names *out) {
  collection c = {0};
  int status = read_names(&c, text, length);
  return finish(&c, status == 0 && !c.failed, out);
}

void pack_names_free(pack_names *names) {
  for (size_t i = 0; i < names->count; i++) free(names->names[i]);
  free(names->names);
  *names = (pack_names){0};
}
