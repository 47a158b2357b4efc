/* table_cache_read.c: a cache file mapped back into a table; see table_cache.h.
 * Nothing in the file is believed before it is checked: the header and
 * checksum first, then every part's offset and size against the file and
 * against what the records say it holds, then the contents that the store
 * reads without checking (codes, text offsets, dictionary strings, groups). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "table_cache.h"
#include "table_cache_format.h"

_Static_assert(TABLE_CACHE_HEADER_KEY == TABLE_CACHE_KEY_SIZE, "the header holds the whole key");

/* The mapped file while it is checked. */
typedef struct cache_map {
  const unsigned char *base;
  uint64_t size;
  char *error;
} cache_map;

static int refuse(cache_map *map, const char *what) {
  snprintf(map->error, TABLE_CACHE_ERROR_SIZE, "%s", what);
  return -1;
}

/* The bytes of a span that must hold count elements of `each` bytes, aligned to
 * `align`; absent is allowed only when `optional`. *out is NULL when absent. */
static int span_bytes(cache_map *map, cache_span span, uint64_t count, uint64_t each,
                      uint64_t align, int optional, const void **out) {
  *out = NULL;
  if (span.offset == 0) return optional ? 0 : refuse(map, "a part is missing");
  if (each && count > UINT64_MAX / each) return refuse(map, "a part's size is impossible");
  if (span.size != count * each) return refuse(map, "a part's size does not match its table");
  if (span.offset < sizeof(cache_header) || span.offset % align ||
      span.offset > map->size || span.size > map->size - span.offset)
    return refuse(map, "a part lies outside the file");
  *out = map->base + span.offset;
  return 0;
}

/* A NUL-terminated string part, copied. */
static char *span_string(cache_map *map, cache_span span) {
  const void *bytes;
  if (span.size == 0 || span_bytes(map, span, span.size, 1, 1, 0, &bytes) != 0) {
    refuse(map, "a name is missing");
    return NULL;
  }
  const char *text = bytes;
  if (text[span.size - 1] != '\0' || strlen(text) != span.size - 1) {
    refuse(map, "a name is not a string");
    return NULL;
  }
  char *copy = strdup(text);
  if (!copy) refuse(map, "out of memory");
  return copy;
}

/* Every dictionary string lies inside its bytes and ends with a NUL; no code
 * repeats a string (the hash slots are rebuilt, not read). */
static int check_dictionary(cache_map *map, const cache_column *in, evidence_dictionary *d) {
  const void *bytes, *offsets, *lengths;
  uint64_t count = in->dictionary_count;
  if (count >= UINT32_MAX - 1) return refuse(map, "a dictionary is too large");
  if (span_bytes(map, in->dictionary_bytes, in->dictionary_bytes.size, 1, 1, 0, &bytes) ||
      span_bytes(map, in->dictionary_offsets, count, 4, 4, 0, &offsets) ||
      span_bytes(map, in->dictionary_lengths, count, 4, 4, 0, &lengths))
    return -1;
  *d = (evidence_dictionary){.bytes = (char *)bytes, .byte_count = in->dictionary_bytes.size,
                             .byte_capacity = in->dictionary_bytes.size,
                             .offsets = (uint32_t *)offsets, .lengths = (uint32_t *)lengths,
                             .count = count, .capacity = count};
  for (uint64_t k = 0; k < count; k++) {
    uint64_t end = (uint64_t)d->offsets[k] + d->lengths[k];
    if (end >= d->byte_count || d->bytes[end] != '\0')
      return refuse(map, "a dictionary string lies outside its bytes");
  }
  int indexed = evidence_dictionary_index(d);
  if (indexed == -1) return refuse(map, "out of memory");
  return indexed ? refuse(map, "a dictionary holds a string twice") : 0;
}

/* Every code of a coded column is one of its dictionary's, or 0. */
static int check_codes(cache_map *map, const evidence_column *column, uint64_t rows) {
  uint32_t most = (uint32_t)column->dictionary.count, over = 0;
  if (column->width == 1) {
    const uint8_t *codes = column->codes;
    for (uint64_t r = 0; r < rows; r++) over |= codes[r] > most;
  } else if (column->width == 2) {
    const uint16_t *codes = column->codes;
    for (uint64_t r = 0; r < rows; r++) over |= codes[r] > most;
  } else {
    const uint32_t *codes = column->codes;
    for (uint64_t r = 0; r < rows; r++) over |= codes[r] > most;
  }
  return over ? refuse(map, "a code is not in its dictionary") : 0;
}

/* The arrays of a coded column. */
static int read_coded(cache_map *map, const cache_table *t, const cache_column *in,
                      evidence_column *column) {
  const void *codes, *values, *counts;
  uint64_t rows = t->row_count, dictionary = in->dictionary_count + 1;
  int numeric = column->type != EVIDENCE_TEXT;
  int counted = t->authority_column >= 0 && in->width == 1;
  if (in->width != 1 && in->width != 2 && in->width != 4)
    return refuse(map, "a column's code width is not 1, 2 or 4");
  if (in->width < evidence_code_width(in->dictionary_count))
    return refuse(map, "a column's codes are too narrow for its dictionary");
  if (span_bytes(map, in->codes, rows, in->width, in->width, 0, &codes) ||
      span_bytes(map, in->values, numeric ? dictionary : 0, 8, 8, !numeric, &values) ||
      span_bytes(map, in->group_counts, t->group_count * dictionary, 4, 4, !counted, &counts))
    return -1;
  if ((!numeric && values) || (counted && !counts))
    return refuse(map, "a column's parts do not match its type");
  column->width = in->width;
  column->codes = (void *)codes;
  column->values = (double *)values;
  column->group_counts = (uint32_t *)counts;
  return check_codes(map, column, rows);
}

/* The values of a numbered text column: a form the builder could have made,
 * and every value one its digits can write, or missing. */
static int read_numbered(cache_map *map, const cache_table *t, const cache_column *in,
                         evidence_column *column) {
  const void *values;
  evidence_numbered *numbered = &column->numbered;
  if (in->numbered_prefix_length > EVIDENCE_NUMBERED_PREFIX || in->numbered_digits < 1 ||
      in->numbered_digits > EVIDENCE_NUMBERED_DIGITS || in->text.offset || in->offsets.offset ||
      memchr(in->numbered_prefix, '\0', in->numbered_prefix_length))
    return refuse(map, "a numbered column's form is impossible");
  if (span_bytes(map, in->numbered, t->row_count, 4, 4, 0, &values)) return -1;
  uint32_t most = 1;
  for (uint32_t d = 0; d < in->numbered_digits; d++) most *= 10;
  const uint32_t *at = values;
  for (uint64_t r = 0; r < t->row_count; r++)
    if (at[r] >= most && at[r] != EVIDENCE_NUMBERED_MISSING)
      return refuse(map, "a numbered value has more digits than its form");
  memcpy(numbered->prefix, in->numbered_prefix, in->numbered_prefix_length);
  numbered->prefix_length = in->numbered_prefix_length;
  numbered->digits = in->numbered_digits;
  numbered->values = (uint32_t *)values;
  return 0;
}

/* The arrays of a plain column: numbers, or text by ascending offsets, or numbered. */
static int read_plain(cache_map *map, const cache_table *t, const cache_column *in,
                      evidence_column *column) {
  const void *numbers, *text, *offsets;
  uint64_t rows = t->row_count;
  if (column->type != EVIDENCE_TEXT) {
    if (span_bytes(map, in->numbers, rows, 8, 8, 0, &numbers)) return -1;
    column->numbers = (double *)numbers;
    return 0;
  }
  if (in->numbered.offset) return read_numbered(map, t, in, column);
  if (span_bytes(map, in->text, in->text.size, 1, 1, 0, &text) ||
      span_bytes(map, in->offsets, rows + 1, 4, 4, 0, &offsets))
    return -1;
  const uint32_t *at = offsets;
  if (at[0] != 0 || at[rows] != in->text.size) return refuse(map, "a column's text is cut");
  for (uint64_t r = 0; r < rows; r++)
    if (at[r + 1] < at[r]) return refuse(map, "a column's text offsets go backwards");
  column->text = (char *)text;
  column->offsets = (uint32_t *)offsets;
  return 0;
}

static int read_column(cache_map *map, const cache_table *t, const cache_column *in,
                       evidence_column *column) {
  if (in->type > EVIDENCE_DATE || in->storage > EVIDENCE_PLAIN)
    return refuse(map, "a column's type is unknown");
  if (in->present > t->row_count) return refuse(map, "a column has more values than rows");
  column->type = (evidence_type)in->type;
  column->storage = (evidence_storage)in->storage;
  column->present = in->present;
  if (!(column->name = span_string(map, in->name))) return -1;
  if (check_dictionary(map, in, &column->dictionary) != 0) return -1;
  return column->storage == EVIDENCE_CODED ? read_coded(map, t, in, column)
                                           : read_plain(map, t, in, column);
}

/* Each group names an authority of the authority column's dictionary, lies
 * within the rows, and follows the one before in the authorities' order. */
static int read_groups(cache_map *map, const cache_table *in, evidence_table *t) {
  const void *records;
  if (span_bytes(map, in->groups, in->group_count, sizeof(cache_group), 8, 0, &records))
    return -1;
  if (in->group_count && t->authority_column < 0) return refuse(map, "groups without authority");
  t->groups = calloc(in->group_count ? in->group_count : 1, sizeof(evidence_group));
  if (!t->groups) return refuse(map, "out of memory");
  const cache_group *groups = records;
  for (uint64_t g = 0; g < in->group_count; g++) {
    const evidence_column *key = &t->columns[t->authority_column];
    uint64_t code = groups[g].authority_code;
    if (key->storage != EVIDENCE_CODED || code < 1 || code > key->dictionary.count)
      return refuse(map, "a group's authority is not in its column");
    if (groups[g].start > groups[g].end || groups[g].end > t->row_count)
      return refuse(map, "a group's rows lie outside the table");
    const char *authority = evidence_dictionary_string(&key->dictionary, (uint32_t)code);
    if (g && strcmp(t->groups[g - 1].authority, authority) >= 0)
      return refuse(map, "the groups are out of order");
    t->groups[g] = (evidence_group){authority, groups[g].start, groups[g].end};
  }
  t->group_count = in->group_count;
  return 0;
}

/* The table from the checked header onwards; the caller frees it on failure. */
static int read_table(cache_map *map, evidence_table *t, const void **extra,
                      size_t *extra_size) {
  const void *record, *columns;
  if (span_bytes(map, (cache_span){sizeof(cache_header), sizeof(cache_table)}, 1,
                 sizeof(cache_table), 8, 0, &record))
    return -1;
  const cache_table *in = record;
  if (in->authority_column < -1 || in->authority_column >= (int64_t)in->column_count ||
      in->rows_without_authority > in->row_count || in->row_count > UINT32_MAX)
    return refuse(map, "the table's counts are impossible");
  if (span_bytes(map, in->columns, in->column_count, sizeof(cache_column), 8, 0, &columns) ||
      span_bytes(map, in->extra, in->extra.size, 1, 1, 0, extra))
    return -1;
  *extra_size = in->extra.size;
  t->row_count = in->row_count;
  t->authority_column = (int)in->authority_column;
  t->rows_without_authority = in->rows_without_authority;
  if (!(t->name = span_string(map, in->name))) return -1;
  t->columns = calloc(in->column_count ? in->column_count : 1, sizeof(evidence_column));
  if (!t->columns) return refuse(map, "out of memory");
  for (uint64_t c = 0; c < in->column_count; c++) {
    t->column_count = c + 1; /* what a failure must free */
    if (read_column(map, in, (const cache_column *)columns + c, &t->columns[c]) != 0) return -1;
  }
  return read_groups(map, in, t);
}

/* Whether the file is the caller's own, its header ours, and its bytes whole. */
static int check_header(cache_map *map, const unsigned char *key) {
  if (map->size < sizeof(cache_header)) return refuse(map, "the file is cut short");
  const cache_header *header = (const cache_header *)map->base;
  if (memcmp(header->magic, TABLE_CACHE_MAGIC, sizeof header->magic) != 0)
    return refuse(map, "not a sustain cache file");
  if (header->format != TABLE_CACHE_FORMAT || header->byte_order != TABLE_CACHE_BYTE_ORDER)
    return refuse(map, "a cache file of another format or machine");
  if (memcmp(header->key, key, TABLE_CACHE_KEY_SIZE) != 0)
    return refuse(map, "made from other data, options or program");
  if (header->file_size != map->size) return refuse(map, "the file is not its recorded size");
  if (XXH3_64bits(map->base + sizeof(cache_header), map->size - sizeof(cache_header)) !=
      header->checksum)
    return refuse(map, "the checksum does not match");
  return 0;
}

/* Maps the file when it is a regular file of this user that no one else may read. */
static int map_file(const char *path, cache_map *map) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT)
      refuse(map, "no cache file yet");
    else /* %m: errno's text, safe on the several threads that read caches at once */
      snprintf(map->error, TABLE_CACHE_ERROR_SIZE, "%m");
    return -1;
  }
  struct stat st;
  int status = -1;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    refuse(map, "not a regular file");
  else if (st.st_uid != geteuid() || (st.st_mode & 077))
    refuse(map, "not this user's own file (owner, or mode other than 0600)");
  else if (st.st_size < (off_t)sizeof(cache_header))
    refuse(map, "the file is cut short");
  else {
    map->size = (uint64_t)st.st_size;
    void *base = mmap(NULL, map->size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (base == MAP_FAILED)
      snprintf(map->error, TABLE_CACHE_ERROR_SIZE, "%m");
    else {
      map->base = base;
      status = 0;
    }
  }
  close(fd);
  return status;
}

evidence_table *table_cache_read(const char *path, const unsigned char key[TABLE_CACHE_KEY_SIZE],
                                 const void **extra, size_t *extra_size, char *error) {
  cache_map map = {NULL, 0, error};
  if (map_file(path, &map) != 0) return NULL;
  evidence_table *t = calloc(1, sizeof *t);
  if (!t) {
    refuse(&map, "out of memory");
    munmap((void *)map.base, map.size);
    return NULL;
  }
  t->mapping = (void *)map.base; /* from now on the table frees the mapping */
  t->mapping_size = map.size;
  if (check_header(&map, key) != 0 || read_table(&map, t, extra, extra_size) != 0) {
    evidence_table_free(t);
    return NULL;
  }
  return t;
}
