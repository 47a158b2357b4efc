/* fuzz_cache.c: the cache file reader (engine/store/table_cache_read.c) on any
 * bytes. The bytes are given the header's key and a checksum that matches, as a
 * hostile file would have, so the checks behind them are the ones tried; the
 * table read, if any, is read whole, within its bounds or the sanitizer says. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xxhash.h>

#include "evidence.h"
#include "fuzz.h"
#include "table_cache.h"
#include "table_cache_format.h"

/* Reads every value, dictionary string and group of the table. */
static size_t walk(const evidence_table *t) {
  size_t seen = 0;
  for (size_t c = 0; c < t->column_count; c++) {
    const evidence_column *column = &t->columns[c];
    for (size_t r = 0; r < t->row_count; r++) {
      size_t length;
      if (evidence_column_is_numeric(column))
        seen += evidence_number(column, r) == evidence_number(column, r);
      else if (evidence_text(column, r, &length, (char[EVIDENCE_TEXT_SPACE]){0}))
        seen += length;
    }
    for (uint32_t k = 1; k <= column->dictionary.count; k++)
      seen += evidence_dictionary_find(&column->dictionary,
                                       evidence_dictionary_string(&column->dictionary, k),
                                       column->dictionary.lengths[k - 1]);
  }
  for (size_t g = 0; g < t->group_count; g++) {
    evidence_view view = evidence_table_view(t, t->groups[g].authority);
    seen += evidence_count(&view, NULL);
  }
  return seen;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *dir = fuzz_work_dir();
  if (!dir || size < sizeof(cache_header)) return 0;
  uint8_t *bytes = malloc(size);
  if (!bytes) return 0;
  memcpy(bytes, data, size);
  cache_header *header = (cache_header *)bytes;
  header->checksum = XXH3_64bits(bytes + sizeof *header, size - sizeof *header);
  int written = fuzz_write(dir, "t.cache", bytes, size);
  char path[256];
  snprintf(path, sizeof path, "%s/t.cache", dir);
  chmod(path, 0600);
  if (written == 0) {
    char error[TABLE_CACHE_ERROR_SIZE];
    const void *extra;
    size_t extra_size;
    evidence_table *t = table_cache_read(path, header->key, &extra, &extra_size, error);
    if (t) {
      volatile size_t seen = walk(t);
      (void)seen;
      evidence_table_free(t);
    }
  }
  free(bytes);
  return 0;
}
