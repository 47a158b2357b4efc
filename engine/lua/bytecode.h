/* bytecode.h: a compiled Lua 5.4 chunk read back into its functions, for the
 * static checks of rule files (rule_scan.h). The compiler has already decided
 * which names are locals, upvalues or globals, so reading its output finds a
 * misspelt global exactly, where a scan of the text would have to redo scoping.
 * The chunk comes from lua_dump of a chunk that was compiled, never run. Only
 * the format of Lua 5.4 (LUAC_VERSION 0x54, LUAC_FORMAT 0) is read; any other is
 * refused, so a different Lua makes the checks say nothing rather than guess. */
#ifndef SUSTAIN_BYTECODE_H
#define SUSTAIN_BYTECODE_H

#include <stddef.h>
#include <stdint.h>

/* The opcodes the checks look for, numbered as Lua 5.4's lopcodes.h numbers them. */
enum {
  BYTECODE_GETUPVAL = 9,
  BYTECODE_GETTABUP = 11,  /* R[A] := UpValue[B][K[C]] */
  BYTECODE_GETFIELD = 14,  /* R[A] := R[B][K[C]] */
  BYTECODE_SETTABUP = 15,  /* UpValue[A][K[B]] := RK(C) */
  BYTECODE_SETTABLE = 16,  /* R[A][R[B]] := RK(C) */
  BYTECODE_SETI = 17,      /* R[A][B] := RK(C) */
  BYTECODE_SETFIELD = 18,  /* R[A][K[B]] := RK(C) */
  BYTECODE_NEWTABLE = 19,
  BYTECODE_SELF = 20,      /* R[A+1] := R[B]; R[A] := R[B][RK(C)] */
  BYTECODE_CALL = 68,      /* R[A](R[A+1], ... ,R[A+B-1]) */
  BYTECODE_TAILCALL = 69,
  BYTECODE_SETLIST = 78,
  BYTECODE_CLOSURE = 79
};

static inline int bytecode_op(uint32_t i) { return (int)(i & 0x7F); }
static inline int bytecode_a(uint32_t i) { return (int)((i >> 7) & 0xFF); }
static inline int bytecode_k(uint32_t i) { return (int)((i >> 15) & 1); }
static inline int bytecode_b(uint32_t i) { return (int)((i >> 16) & 0xFF); }
static inline int bytecode_c(uint32_t i) { return (int)((i >> 24) & 0xFF); }

/* A constant; only strings are kept (text NULL for any other). Texts are malloc'd. */
typedef struct bytecode_constant {
  const char *text;
  size_t length;
} bytecode_constant;

/* An upvalue: from the enclosing function's registers (in_stack) or its upvalues. */
typedef struct bytecode_upvalue {
  int in_stack, index;
  const char *name; /* NULL when the chunk was stripped */
} bytecode_upvalue;

/* A local variable, alive from instruction start_pc to end_pc (exclusive). */
typedef struct bytecode_local {
  const char *name;
  int start_pc, end_pc;
} bytecode_local;

typedef struct bytecode_function {
  int line_defined;
  uint32_t *code;
  int *lines; /* the source line of each instruction */
  size_t code_count;
  bytecode_constant *constants;
  size_t constant_count;
  bytecode_upvalue *upvalues;
  size_t upvalue_count;
  bytecode_local *locals;
  size_t local_count;
  struct bytecode_function *functions; /* those defined inside it, in order */
  size_t function_count;
} bytecode_function;

/* Compiles text (a chunk named display) in a Lua state of its own, without running it,
 * and returns lua_dump's output in a malloc'd buffer of *size bytes; NULL when it does
 * not compile (loading it reports why) or memory runs out. */
unsigned char *bytecode_compile(const char *text, size_t length, const char *display,
                                size_t *size);

/* Reads the output of lua_dump (size bytes) into main, its texts copied. Returns 0, or -1
 * (nothing to free) when the bytes are not a chunk of this format or memory ran out. */
int bytecode_read(const unsigned char *dump, size_t size, bytecode_function *main);

void bytecode_free(bytecode_function *f);

/* The string constant K[index] of f, or NULL when it is not a string. */
const char *bytecode_string(const bytecode_function *f, int index);

#endif
