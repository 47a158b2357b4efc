/* plan_wire.h: one authority's part of a plan as bytes, and back.
 * Workers assess authorities in forked processes (workers.c) and send the
 * result to the supervisor this way. Both ends are the same binary on the same
 * machine, so numbers travel in their native form; strings are copied into the
 * receiving plan's arena. */
#ifndef SUSTAIN_PLAN_WIRE_H
#define SUSTAIN_PLAN_WIRE_H

#include <stddef.h>

#include "plan.h"

typedef struct wire_buffer {
  unsigned char *bytes;
  size_t length, capacity;
  int failed; /* out of memory while writing */
} wire_buffer;

/* Appends an authority and the plan errors about it (errors[0..error_count)).
 * Returns 0, or -1 on out of memory. */
int plan_wire_write(wire_buffer *out, const plan_authority *authority, const plan_error *errors,
                    size_t error_count);

/* The strings read so far, each kept once in the plan's arena: an authority's
 * rule titles, action texts and messages are nearly all another's too (at
 * national scale 2.6 MB of strings, 0.1 MB of them different). */
typedef struct plan_wire_strings {
  struct plan_wire_string *slots; /* open addressing; text NULL is empty */
  size_t slot_count, count;
} plan_wire_strings;

void plan_wire_strings_free(plan_wire_strings *strings);

/* Reads what plan_wire_write wrote into *authority, and appends its errors to
 * p's error list (error_capacity tracks that list's room). Strings and arrays
 * go into p's arena; with strings (NULL: none), a string read before is not
 * copied again but shared. Returns 0, or -1 when the bytes are malformed or
 * memory runs out. */
int plan_wire_read(const unsigned char *bytes, size_t length, plan *p, plan_authority *authority,
                   size_t *error_capacity, plan_wire_strings *strings);

void wire_buffer_free(wire_buffer *buffer);

#endif
