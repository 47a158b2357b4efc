/* table_cache.h: a finished evidence table written to a file, and read back by
 * mapping that file, so that a source loaded before is not parsed again.
 *
 * The file is the table's arrays as they lie in memory, each at an 8-byte
 * aligned offset, behind a header that names the format, the key the caller
 * gave (what the table was loaded from) and a checksum of everything after it.
 * Reading maps the file read-only and points the table's large arrays (codes,
 * numbers, text, dictionaries, per-authority counts) into the mapping; only the
 * table's small parts (names, groups, dictionary hash slots) are allocated.
 *
 * A cache file is never trusted: one that is not the caller's own (another
 * owner, or readable or writable by others), of another format or key, of the
 * wrong size, failing its checksum, or with any offset, length, code or group
 * out of bounds, is refused with a reason, and the caller loads the source
 * again. Writing goes to a temporary file beside the final one, synced, then
 * renamed over it, so a reader sees a whole file or none. */
#ifndef SUSTAIN_TABLE_CACHE_H
#define SUSTAIN_TABLE_CACHE_H

#include <stddef.h>

#include "evidence.h"

/* The version of the file format; a file of another version is refused. */
#define TABLE_CACHE_FORMAT 2

/* Bytes of the key that says what a cache file was made from. */
#define TABLE_CACHE_KEY_SIZE 16

/* Bytes a reason for refusing or failing needs. */
#define TABLE_CACHE_ERROR_SIZE 256

/* Writes table, with `extra` (the caller's own bytes, kept beside the table: a
 * source's warnings) and the key, to path atomically, mode 0600. Returns 0, or
 * -1 with a reason in error (path is then left as it was). */
int table_cache_write(const evidence_table *table, const void *extra, size_t extra_size,
                      const unsigned char key[TABLE_CACHE_KEY_SIZE], const char *path,
                      char *error);

/* Maps the cache file at path, made with key, as a table (free it with
 * evidence_table_free, which unmaps the file); *extra and *extra_size are the
 * caller's bytes, inside the mapping, valid while the table is. Returns NULL
 * with a reason in error when the file is absent or refused. */
evidence_table *table_cache_read(const char *path, const unsigned char key[TABLE_CACHE_KEY_SIZE],
                                 const void **extra, size_t *extra_size, char *error);

#endif
