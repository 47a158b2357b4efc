/* arena.h: a bump allocator whose allocations are all freed together.
 * The config, the evidence metadata and the plan each own one arena, so a
 * half-built structure is freed in one call whatever step failed. */
#ifndef SUSTAIN_ARENA_H
#define SUSTAIN_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena arena;

/* Returns a new empty arena, or NULL on out of memory. */
arena *arena_new(void);

/* Frees every allocation made from the arena, then the arena. NULL is a no-op. */
void arena_free(arena *a);

/* Returns size bytes aligned for any type, zero-filled, or NULL on out of memory. */
void *arena_alloc(arena *a, size_t size);

/* The same, not zero-filled: for memory the caller fills at once. */
void *arena_alloc_unfilled(arena *a, size_t size);

/* Copies of strings owned by the arena. NULL input gives NULL; NULL on out of memory. */
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);

/* printf into the arena. Returns NULL on out of memory. */
char *arena_printf(arena *a, const char *format, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *format, va_list args);

/* Grows an arena array: returns a copy of old (count elements of size bytes) with room for
 * new_capacity elements. The old block stays in the arena until it is freed. */
void *arena_grow(arena *a, void *old, size_t count, size_t new_capacity, size_t size);

#endif
