/* hash.h: FNV-1a 64, the project's one hash of small things that must come out the same
 * on every run and machine: a rule's random seed (sandbox.c) and the digest of a rule
 * pack's files (recorded in the history). Inline: it is a loop of two operations. */
#ifndef SUSTAIN_HASH_H
#define SUSTAIN_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The standard 64-bit offset basis and prime of FNV. */
#define HASH_FNV_OFFSET UINT64_C(14695981039346656037)
#define HASH_FNV_PRIME UINT64_C(1099511628211)

/* Continues hash (HASH_FNV_OFFSET to start) over length bytes. */
static inline uint64_t hash_fnv1a(uint64_t hash, const void *bytes, size_t length) {
  const unsigned char *p = bytes;
  for (size_t i = 0; i < length; i++) hash = (hash ^ p[i]) * HASH_FNV_PRIME;
  return hash;
}

/* Continues hash over a whole text and then its length, so that two texts hashed one
 * after the other cannot collide with one text cut elsewhere (a digest of files). */
static inline uint64_t hash_fnv1a_text(uint64_t hash, const char *text, size_t size) {
  unsigned char length[8];
  for (int i = 0; i < 8; i++) length[i] = (unsigned char)((uint64_t)size >> (8 * i));
  return hash_fnv1a(hash_fnv1a(hash, text, size), length, sizeof length);
}

#endif
