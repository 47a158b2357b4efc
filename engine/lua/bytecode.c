/* bytecode.c: reading lua_dump's output back; see bytecode.h. The layout is
 * Lua 5.4's ldump.c: a header, then each function as its source, lines,
 * parameters, code, constants, upvalues, inner functions and debug information,
 * sizes written 7 bits a byte, most significant first, the last byte marked. */
#include "bytecode.h"

#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

/* Lua 5.4's header: signature, version, format, the bytes that catch a text-mode copy. */
static const unsigned char HEADER[] = {0x1B, 'L', 'u', 'a', 0x54, 0x00,
                                       0x19, 0x93, '\r', '\n', 0x1A, '\n'};

/* Constant tags (lobject.h's variants): a number or a string carries bytes. */
enum { TAG_INTEGER = 0x03, TAG_FLOAT = 0x13, TAG_SHORT_STRING = 0x04, TAG_LONG_STRING = 0x14 };

/* Marks an instruction whose line is given in full (ldebug.h's ABSLINEINFO). */
#define ABSOLUTE_LINE (-0x80)

/* Functions nested deeper than this are refused: a chunk is a rule file. */
#define MAX_DEPTH 200

typedef struct reader {
  const unsigned char *at, *end;
  int failed;
} reader;

static unsigned char read_byte(reader *r) {
  if (r->at >= r->end) {
    r->failed = 1;
    return 0;
  }
  return *r->at++;
}

static size_t read_size(reader *r) {
  size_t x = 0;
  for (int n = 0; n < 10 && !r->failed; n++) {
    unsigned char b = read_byte(r);
    x = (x << 7) | (b & 0x7F);
    if (b & 0x80) return x;
  }
  r->failed = 1;
  return 0;
}

/* A count of things each at least one byte long: never more than the bytes left. */
static size_t read_count(reader *r) {
  size_t n = read_size(r);
  if (n > (size_t)(r->end - r->at)) r->failed = 1;
  return r->failed ? 0 : n;
}

static void skip(reader *r, size_t n) {
  if (n > (size_t)(r->end - r->at)) r->failed = 1;
  else r->at += n;
}

/* A string as a malloc'd copy with a NUL; NULL for a NULL string or on failure. */
static char *read_string(reader *r, size_t *length) {
  size_t size = read_size(r);
  if (length) *length = 0;
  if (size == 0 || r->failed) return NULL; /* the NULL string */
  size_t n = size - 1;
  if (n > (size_t)(r->end - r->at)) {
    r->failed = 1;
    return NULL;
  }
  char *copy = malloc(n + 1);
  if (!copy) {
    r->failed = 1;
    return NULL;
  }
  memcpy(copy, r->at, n);
  copy[n] = '\0';
  r->at += n;
  if (length) *length = n;
  return copy;
}

static void read_code(reader *r, bytecode_function *f) {
  f->code_count = read_size(r);
  if (f->code_count > (size_t)(r->end - r->at) / 4) r->failed = 1;
  if (r->failed) return;
  f->code = calloc(f->code_count + 1, sizeof *f->code);
  f->lines = calloc(f->code_count + 1, sizeof *f->lines);
  if (!f->code || !f->lines) {
    r->failed = 1;
    return;
  }
  for (size_t i = 0; i < f->code_count; i++, r->at += 4) /* written in the host's order */
    memcpy(&f->code[i], r->at, 4);
}

static void read_constants(reader *r, bytecode_function *f) {
  f->constant_count = read_count(r);
  f->constants = calloc(f->constant_count + 1, sizeof *f->constants);
  if (!f->constants) r->failed = 1;
  for (size_t i = 0; i < f->constant_count && !r->failed; i++) {
    int tag = read_byte(r);
    if (tag == TAG_INTEGER || tag == TAG_FLOAT) skip(r, 8);
    else if (tag == TAG_SHORT_STRING || tag == TAG_LONG_STRING)
      f->constants[i].text = read_string(r, &f->constants[i].length);
  }
}

static void read_upvalues(reader *r, bytecode_function *f) {
  f->upvalue_count = read_count(r);
  f->upvalues = calloc(f->upvalue_count + 1, sizeof *f->upvalues);
  if (!f->upvalues) r->failed = 1;
  for (size_t i = 0; i < f->upvalue_count && !r->failed; i++) {
    f->upvalues[i].in_stack = read_byte(r);
    f->upvalues[i].index = read_byte(r);
    read_byte(r); /* its kind */
  }
}

/* Each instruction's line: deltas, with some instructions given in full. */
static void read_lines(reader *r, bytecode_function *f) {
  size_t deltas = read_count(r);
  const unsigned char *delta = r->at;
  skip(r, deltas);
  size_t absolute = read_count(r);
  if (r->failed || (deltas && deltas != f->code_count)) {
    r->failed = 1;
    return;
  }
  int line = f->line_defined;
  size_t next_absolute = 0;
  int absolute_pc = -1, absolute_line = 0;
  if (absolute) {
    absolute_pc = (int)read_size(r);
    absolute_line = (int)read_size(r);
  }
  for (size_t pc = 0; pc < deltas && !r->failed; pc++) {
    if ((signed char)delta[pc] == ABSOLUTE_LINE) {
      while ((size_t)absolute_pc != pc && ++next_absolute < absolute && !r->failed) {
        absolute_pc = (int)read_size(r);
        absolute_line = (int)read_size(r);
      }
      if ((size_t)absolute_pc != pc) r->failed = 1;
      line = absolute_line;
    } else {
      line += (signed char)delta[pc];
    }
    f->lines[pc] = line;
  }
  /* the absolute entries not needed by an instruction (none, in practice) */
  while (absolute && ++next_absolute < absolute && !r->failed) {
    read_size(r);
    read_size(r);
  }
}

static void read_debug(reader *r, bytecode_function *f) {
  read_lines(r, f);
  f->local_count = read_count(r);
  f->locals = calloc(f->local_count + 1, sizeof *f->locals);
  if (!f->locals) r->failed = 1;
  for (size_t i = 0; i < f->local_count && !r->failed; i++) {
    f->locals[i].name = read_string(r, NULL);
    f->locals[i].start_pc = (int)read_size(r);
    f->locals[i].end_pc = (int)read_size(r);
  }
  size_t names = read_count(r);
  if (names && names != f->upvalue_count) r->failed = 1;
  for (size_t i = 0; i < names && !r->failed; i++) f->upvalues[i].name = read_string(r, NULL);
}

static void read_function(reader *r, bytecode_function *f, int depth) {
  if (depth > MAX_DEPTH) {
    r->failed = 1;
    return;
  }
  free(read_string(r, NULL)); /* its source: the file the caller knows */
  f->line_defined = (int)read_size(r);
  read_size(r);  /* last line defined */
  skip(r, 3);    /* parameters, vararg, stack size */
  read_code(r, f);
  read_constants(r, f);
  read_upvalues(r, f);
  f->function_count = read_count(r);
  f->functions = calloc(f->function_count + 1, sizeof *f->functions);
  if (!f->functions) r->failed = 1;
  for (size_t i = 0; i < f->function_count && !r->failed; i++)
    read_function(r, &f->functions[i], depth + 1);
  if (!r->failed) read_debug(r, f);
}

int bytecode_read(const unsigned char *dump, size_t size, bytecode_function *main) {
  *main = (bytecode_function){0};
  reader r = {dump, dump + size, 0};
  if (size < sizeof HEADER + 3 + 16 + 1 || memcmp(dump, HEADER, sizeof HEADER) != 0) return -1;
  r.at += sizeof HEADER;
  if (read_byte(&r) != 4 || read_byte(&r) != 8 || read_byte(&r) != 8) return -1;
  skip(&r, 16); /* the integer and the float that check byte order */
  read_byte(&r); /* the main function's upvalues */
  read_function(&r, main, 0);
  if (!r.failed) return 0;
  bytecode_free(main);
  return -1;
}

void bytecode_free(bytecode_function *f) {
  for (size_t i = 0; f->functions && i < f->function_count; i++) bytecode_free(&f->functions[i]);
  for (size_t i = 0; f->constants && i < f->constant_count; i++) free((char *)f->constants[i].text);
  for (size_t i = 0; f->upvalues && i < f->upvalue_count; i++) free((char *)f->upvalues[i].name);
  for (size_t i = 0; f->locals && i < f->local_count; i++) free((char *)f->locals[i].name);
  free(f->functions);
  free(f->constants);
  free(f->upvalues);
  free(f->locals);
  free(f->code);
  free(f->lines);
  *f = (bytecode_function){0};
}

const char *bytecode_string(const bytecode_function *f, int index) {
  if (index < 0 || (size_t)index >= f->constant_count) return NULL;
  return f->constants[index].text;
}

/* lua_dump's output, gathered in a malloc'd buffer. */
typedef struct dump_buffer {
  unsigned char *bytes;
  size_t length, capacity;
} dump_buffer;

static int collect_dump(lua_State *L, const void *bytes, size_t size, void *context) {
  (void)L;
  dump_buffer *out = context;
  if (GROW(&out->bytes, &out->capacity, out->length + size) != 0) return 1; /* stops the dump */
  memcpy(out->bytes + out->length, bytes, size);
  out->length += size;
  return 0;
}

unsigned char *bytecode_compile(const char *text, size_t length, const char *display,
                                size_t *size) {
  lua_State *L = luaL_newstate();
  if (!L) return NULL;
  dump_buffer out = {0};
  int ok = luaL_loadbufferx(L, text, length, display, "t") == LUA_OK &&
           lua_dump(L, collect_dump, &out, 0) == 0;
  lua_close(L);
  if (!ok) {
    free(out.bytes);
    return NULL;
  }
  *size = out.length;
  return out.bytes;
}
