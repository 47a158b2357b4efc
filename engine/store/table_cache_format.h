/* table_cache_format.h: the layout of a cache file (table_cache.h), shared by
 * its writer (table_cache.c) and its reader (table_cache_read.c). Every number
 * is in the machine's byte order, which the header records; every part lies at
 * an offset that is a multiple of 8 from the start of the file. */
#ifndef SUSTAIN_TABLE_CACHE_FORMAT_H
#define SUSTAIN_TABLE_CACHE_FORMAT_H

#include <stdint.h>

#define TABLE_CACHE_MAGIC "SUSTAINT"
#define TABLE_CACHE_BYTE_ORDER 0x01020304u
#define TABLE_CACHE_HEADER_KEY 16 /* TABLE_CACHE_KEY_SIZE, which table_cache*.c check */

/* A part of the file: offset 0 means absent (the header is at 0). */
typedef struct cache_span {
  uint64_t offset, size;
} cache_span;

typedef struct cache_header {
  char magic[8];
  uint32_t format;
  uint32_t byte_order;
  unsigned char key[TABLE_CACHE_HEADER_KEY];
  uint64_t file_size;
  uint64_t checksum; /* XXH3 64 of every byte after the header */
  uint64_t reserved[2];
} cache_header;

typedef struct cache_table {
  uint64_t row_count, column_count, group_count, rows_without_authority;
  int64_t authority_column;
  cache_span name;    /* NUL-terminated */
  cache_span columns; /* column_count cache_column */
  cache_span groups;  /* group_count cache_group */
  cache_span extra;   /* the caller's bytes */
} cache_table;

typedef struct cache_column {
  cache_span name; /* NUL-terminated */
  uint32_t type, storage, width, reserved;
  uint64_t present;
  uint64_t dictionary_count;
  cache_span dictionary_bytes, dictionary_offsets, dictionary_lengths;
  cache_span codes, values, numbers, text, offsets, group_counts;
  cache_span numbered; /* a numbered text column's values, in place of text and offsets */
  uint32_t numbered_prefix_length, numbered_digits;
  char numbered_prefix[16]; /* EVIDENCE_NUMBERED_PREFIX bytes and a NUL */
} cache_column;

typedef struct cache_group {
  uint64_t authority_code; /* in the authority column's dictionary */
  uint64_t start, end;
} cache_group;

_Static_assert(sizeof(cache_header) == 64, "the header is 64 bytes");
_Static_assert(sizeof(cache_table) % 8 == 0 && sizeof(cache_column) % 8 == 0 &&
                   sizeof(cache_group) % 8 == 0,
               "records keep the parts after them aligned");

/* Where the next part goes after `used` bytes. */
static inline uint64_t cache_align(uint64_t used) {
  return (used + 7) & ~(uint64_t)7;
}

#endif
