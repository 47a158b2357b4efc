/* byte_key.h: a key of bytes written into a room of fixed size, which stops being a
 * key (ok is cleared) as soon as something does not fit: the keys under which a Lua
 * value's exact contents are looked up (lua_view.c's filters, runner_checks.c's answers
 * of where functions), a value too large for the room simply having none. */
#ifndef SUSTAIN_BYTE_KEY_H
#define SUSTAIN_BYTE_KEY_H

#include <stddef.h>
#include <string.h>

typedef struct byte_key {
  unsigned char *bytes; /* the room */
  size_t size, room;    /* bytes written, and the room's size */
  int ok;               /* everything put so far fitted */
} byte_key;

/* A key writing into the room of room_size bytes. */
static inline byte_key byte_key_in(unsigned char *room, size_t room_size) {
  return (byte_key){room, 0, room_size, 1};
}

/* Appends size bytes, or clears ok when they do not fit. */
static inline void byte_key_put(byte_key *k, const void *bytes, size_t size) {
  if (!k->ok || size > k->room - k->size) {
    k->ok = 0;
    return;
  }
  if (size) memcpy(k->bytes + k->size, bytes, size);
  k->size += size;
}

#endif
