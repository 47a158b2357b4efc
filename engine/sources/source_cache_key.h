/* source_cache_key.h: the key of a source's cache file, a 128-bit hash of
 * everything that decides what loading the source gives: its files' bytes, its
 * options, its plugin, this engine and the cache format. What goes in is fed
 * as named texts and files, one call each, so that a new input to loading (the
 * set of columns read, say) is one more call in source_cache.c. */
#ifndef SUSTAIN_SOURCE_CACHE_KEY_H
#define SUSTAIN_SOURCE_CACHE_KEY_H

#include <pthread.h>
#include <stddef.h>
#include <sys/stat.h>

#include "table_cache.h"

/* Files a key remembers the state of, to see whether one changed while loading. */
#define SOURCE_CACHE_KEY_FILES 8

/* The digest of a file's bytes, and the file as it was then: a run whose
 * sources read one file (the sheets of a workbook) hashes it once. */
typedef struct source_cache_digest {
  struct stat file;
  unsigned char digest[TABLE_CACHE_KEY_SIZE];
} source_cache_digest;

typedef struct source_cache_digests {
  source_cache_digest *items;
  size_t count, capacity;
  pthread_mutex_t lock; /* keys are made on several threads at once */
  int ready;            /* the lock was made */
} source_cache_digests;

/* Readies an empty list. Returns 0, or -1 when its lock cannot be made. */
int source_cache_digests_init(source_cache_digests *digests);

/* Frees the list; a zeroed one frees nothing. */
void source_cache_digests_free(source_cache_digests *digests);

typedef struct source_cache_key {
  void *state; /* the hash's (XXH3) */
  source_cache_digests *digests; /* the files hashed before in this run; NULL: none kept */
  int failed;  /* out of memory, or a file could not be read: the key is unusable */
  char *paths[SOURCE_CACHE_KEY_FILES];       /* the files hashed, or found absent */
  struct stat files[SOURCE_CACHE_KEY_FILES]; /* as each was when hashed; st_nlink 0: absent */
  unsigned char hashed[SOURCE_CACHE_KEY_FILES][TABLE_CACHE_KEY_SIZE]; /* their digests */
  size_t file_count;
} source_cache_key;

/* Starts a key that remembers the files it hashes in digests (NULL: not kept).
 * Returns 0, or -1 on out of memory. */
int source_cache_key_init(source_cache_key *key, source_cache_digests *digests);

/* Adds a named text (NULL is told apart from every text, "" included). */
void source_cache_key_text(source_cache_key *key, const char *name, const char *value);

/* Adds a named whole number. */
void source_cache_key_number(source_cache_key *key, const char *name, long long value);

/* Adds the bytes of the file at path (an absent file is told apart from an
 * empty one); a file that cannot be read makes the key unusable. */
void source_cache_key_file(source_cache_key *key, const char *name, const char *path);

/* Adds what identifies this engine's code: its build id, else its file's bytes. */
void source_cache_key_engine(source_cache_key *key);

/* Ends the key: 0 with the digest in out, or -1 when it is unusable. */
int source_cache_key_finish(source_cache_key *key, unsigned char out[TABLE_CACHE_KEY_SIZE]);

/* Frees what the key holds. A zeroed key frees nothing. */
void source_cache_key_release(source_cache_key *key);

/* Whether every file hashed into the key still holds the bytes it held then (a
 * file that changes while it loads makes a table that matches neither version),
 * and every file found absent is still absent or empty. A file whose state
 * changed (a reader of an SQLite database touches its log) is hashed again. */
int source_cache_key_files_unchanged(const source_cache_key *key);

#endif
