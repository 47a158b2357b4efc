/* arena.c: bump allocation in chunks; see arena.h. */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Chunk payload size; larger requests get a chunk of their own. */
#define ARENA_CHUNK_SIZE (64 * 1024)
#define ARENA_ALIGN 16

typedef struct arena_chunk {
  struct arena_chunk *next;
  size_t used, size;
  _Alignas(ARENA_ALIGN) unsigned char data[];
} arena_chunk;

struct arena {
  arena_chunk *chunks;
};

arena *arena_new(void) { return calloc(1, sizeof(arena)); }

void arena_free(arena *a) {
  if (!a) return;
  arena_chunk *c = a->chunks;
  while (c) {
    arena_chunk *next = c->next;
    free(c);
    c = next;
  }
  free(a);
}

void *arena_alloc_unfilled(arena *a, size_t size) {
  size_t need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
  if (need < size) return NULL; /* overflow */
  arena_chunk *c = a->chunks;
  if (!c || c->size - c->used < need) {
    size_t chunk_size = need > ARENA_CHUNK_SIZE ? need : ARENA_CHUNK_SIZE;
    if (chunk_size > SIZE_MAX - sizeof(arena_chunk)) return NULL;
    arena_chunk *fresh = malloc(sizeof(arena_chunk) + chunk_size);
    if (!fresh) return NULL;
    fresh->used = 0;
    fresh->size = chunk_size;
    if (c && chunk_size == need && c->size - c->used > 0) {
      /* an oversized block: keep filling the current chunk afterwards */
      fresh->next = c->next;
      c->next = fresh;
    } else {
      fresh->next = c;
      a->chunks = fresh;
    }
    c = fresh;
  }
  void *p = c->data + c->used;
  c->used += need;
  return p;
}

void *arena_alloc(arena *a, size_t size) {
  void *p = arena_alloc_unfilled(a, size);
  if (p) memset(p, 0, size);
  return p;
}

char *arena_strndup(arena *a, const char *s, size_t n) {
  if (!s) return NULL;
  char *copy = arena_alloc_unfilled(a, n + 1);
  if (!copy) return NULL;
  memcpy(copy, s, n);
  copy[n] = '\0';
  return copy;
}

char *arena_strdup(arena *a, const char *s) { return s ? arena_strndup(a, s, strlen(s)) : NULL; }

char *arena_vprintf(arena *a, const char *format, va_list args) {
  va_list copy;
  va_copy(copy, args);
  int n = vsnprintf(NULL, 0, format, copy);
  va_end(copy);
  if (n < 0) return NULL;
  char *s = arena_alloc(a, (size_t)n + 1);
  if (s) vsnprintf(s, (size_t)n + 1, format, args);
  return s;
}

char *arena_printf(arena *a, const char *format, ...) {
  va_list args;
  va_start(args, format);
  char *s = arena_vprintf(a, format, args);
  va_end(args);
  return s;
}

void *arena_grow(arena *a, void *old, size_t count, size_t new_capacity, size_t size) {
  if (new_capacity && size > SIZE_MAX / new_capacity) return NULL;
  void *fresh = arena_alloc(a, new_capacity * size);
  if (fresh && count) memcpy(fresh, old, count * size);
  return fresh;
}
