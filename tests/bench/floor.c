/* floor.c: what any CSV ingest pays on this machine before its own work, for
 * make bench, and a lean pass for reference. Three costs, each timed on its
 * own: reading the file as the csv plugin does (128 KB at a time), the first
 * touch of as much new memory as the file's columns take (a fresh process has
 * no other), and a lean pass that finds every field and stores it a column at
 * a time into memory already touched. The pass knows nothing of quotes, CRs or
 * declared types and checks only each row's field count and its dates: it
 * shows what storing every field costs without a loader's checks.
 * Usage: sustain-bench-floor FILE.csv KINDS [RUNS]
 * KINDS holds a letter per column: c coded (a 1-byte code per distinct value,
 * of up to 16 bytes), t text (bytes and offsets), d date (days, as a double,
 * parsed by the engine's own date_cell_days).
 * Prints the median of RUNS (default 5) of each cost, in milliseconds. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "date.h"

enum { MAX_RUNS = 101, BLOCK_ROWS = 1024, READ_CHUNK = 128 * 1024, PAD = 64, SLOTS = 512 };

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* A coded column's values: up to 255, each as two words and a length. */
typedef struct value_key {
  uint64_t head, tail, length;
} value_key;

/* A value of under 8 bytes met lately: its bytes and length as one word. */
typedef struct short_seen {
  uint64_t key;
  unsigned code; /* 0: none yet */
} short_seen;

typedef struct column {
  char kind;
  value_key values[256]; /* code - 1 */
  unsigned value_count;
  short_seen seen[SLOTS];     /* values of under 8 bytes, by slot */
  value_key long_seen[SLOTS]; /* values of 8 to 16 bytes, by slot, and their codes: */
  uint8_t long_codes[SLOTS];
  size_t text_bytes; /* a text column's, from the first pass */
  uint8_t *codes;
  char *text;
  uint32_t *offsets;
  double *days;
} column;

/* The run's state: the file in memory (PAD bytes of zeros after it, so that a
 * field is read in whole words), its columns and the stops of a block. */
typedef struct floor_run {
  const char *data;
  size_t size, columns, rows;
  column *cols;
  uint32_t *stops;
} floor_run;

/* The bit of each delimiter or line feed among the 64 bytes at p, and in *quotes
 * the bits of quotes and CRs, which this pass does not read. */
static uint64_t stops64(const char *p, uint64_t *quotes) {
  uint64_t stops = 0, odd = 0;
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"'),
                cr = _mm_set1_epi8('\r');
  for (int k = 0; k < 4; k++) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
    stops |= (uint64_t)(unsigned)_mm_movemask_epi8(
                 _mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, lf)))
             << (16 * k);
    odd |= (uint64_t)(unsigned)_mm_movemask_epi8(
               _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, cr)))
           << (16 * k);
  }
#else
  for (int k = 0; k < 64; k++) {
    stops |= (uint64_t)(p[k] == ',' || p[k] == '\n') << k;
    odd |= (uint64_t)(p[k] == '"' || p[k] == '\r') << k;
  }
#endif
  *quotes = odd;
  return stops;
}

/* The code of a value among the column's, added when new; 0 past 255. */
static uint8_t value_code(column *col, value_key key) {
  for (unsigned i = 0; i < col->value_count; i++)
    if (col->values[i].head == key.head && col->values[i].tail == key.tail &&
        col->values[i].length == key.length)
      return (uint8_t)(i + 1);
  if (col->value_count == 255) return 0;
  col->values[col->value_count++] = key;
  return (uint8_t)col->value_count;
}

/* The slot of a word among SLOTS: the top bits of a product. */
static inline size_t slot_of(uint64_t word) { return (size_t)((word * 0x9E3779B97F4A7C15u) >> 55); }

/* The code of a coded cell of up to 16 bytes, from the slot of its value when
 * met lately. The bytes past the value (the file's own, or its padding) are
 * read in whole words and masked off. 0 when the column has more than 255
 * values. */
static uint8_t code_of(column *col, const char *text, size_t length) {
  uint64_t head, tail = 0;
  memcpy(&head, text, 8);
  if (length < 8) { /* one word holds it and its length */
    const uint64_t key = (head & (((uint64_t)1 << (8 * length)) - 1)) | (uint64_t)length << 56;
    short_seen *seen = &col->seen[slot_of(key)];
    if (seen->key == key && seen->code) return (uint8_t)seen->code;
    seen->key = key;
    seen->code = value_code(col, (value_key){key, 0, length});
    return (uint8_t)seen->code;
  }
  memcpy(&tail, text + 8, 8);
  if (length < 16) tail &= ((uint64_t)1 << (8 * (length - 8))) - 1;
  const size_t slot = slot_of(head ^ tail * 31 ^ length);
  value_key *seen = &col->long_seen[slot];
  if (seen->head == head && seen->tail == tail && seen->length == length && col->long_codes[slot])
    return col->long_codes[slot];
  *seen = (value_key){head, tail, length};
  return col->long_codes[slot] = value_code(col, *seen);
}

/* Stores a block's rows, a column at a time; stops holds the offset (from
 * block) of every delimiter and line feed. Returns 0, or -1 with a message. */
static int store_block(floor_run *run, const char *block, size_t rows, size_t first_row) {
  const size_t n = run->columns;
  for (size_t c = 0; c < n; c++) {
    column *col = &run->cols[c];
    for (size_t r = 0; r < rows; r++) {
      const uint32_t end = run->stops[r * n + c];
      const uint32_t start = r == 0 && c == 0 ? 0 : run->stops[r * n + c - 1] + 1;
      const char *text = block + start;
      const size_t length = end - start, row = first_row + r;
      if (col->kind == 'c') {
        if (length > 16 || !(col->codes[row] = code_of(col, text, length))) {
          fprintf(stderr, "column %zu: more than 255 values, or one of more than 16 bytes: "
                          "give it as t\n", c + 1);
          return -1;
        }
      } else if (col->kind == 't') {
        const uint32_t used = col->offsets[row];
        memcpy(col->text + used, text, length);
        col->offsets[row + 1] = used + (uint32_t)length;
      } else {
        long days;
        if (date_cell_days(text, length, &days) != 0) {
          fprintf(stderr, "column %zu row %zu: not a date\n", c + 1, row + 1);
          return -1;
        }
        col->days[row] = (double)days;
      }
    }
  }
  return 0;
}

/* Finds and stores every row after the header. Returns 0, or -1 with a message. */
static int find_and_store(floor_run *run) {
  const size_t n = run->columns, want = BLOCK_ROWS * n;
  const char *end = run->data + run->size, *block = memchr(run->data, '\n', run->size);
  size_t row = 0;
  for (block = block ? block + 1 : end; block < end;) {
    size_t found = 0;
    for (const char *window = block; found < want && window < end; window += 64) {
      uint64_t quotes, stops = stops64(window, &quotes);
      if (window + 64 > end) { /* the padding is no part of the file */
        stops &= ~(uint64_t)0 >> (64 - (end - window));
        quotes &= ~(uint64_t)0 >> (64 - (end - window));
      }
      if (quotes) {
        fprintf(stderr, "a quote or CR near byte %zu: this pass reads plain LF lines only\n",
                (size_t)(window - run->data));
        return -1;
      }
      for (; stops; stops &= stops - 1)
        run->stops[found++] = (uint32_t)(window - block) + (uint32_t)__builtin_ctzll(stops);
    }
    const size_t rows = (found < want ? found : want) / n;
    if (rows == 0) break;
    for (size_t r = 0; r < rows; r++) /* every row's last stop its line feed */
      if (block[run->stops[r * n + n - 1]] != '\n') {
        fprintf(stderr, "row %zu has a number of fields other than %zu\n", row + r + 1, n);
        return -1;
      }
    if (store_block(run, block, rows, row) != 0) return -1;
    block += run->stops[rows * n - 1] + 1;
    row += rows;
  }
  run->rows = row;
  return 0;
}

/* n rounded up to a multiple of 8, so that every array starts aligned. */
static size_t aligned(size_t n) { return (n + 7) & ~(size_t)7; }

/* Bytes the columns take: codes, offsets and text, days. */
static size_t store_bytes(const floor_run *run) {
  size_t bytes = 0;
  for (size_t c = 0; c < run->columns; c++) {
    const column *col = &run->cols[c];
    bytes += col->kind == 'c'   ? aligned(run->rows)
             : col->kind == 't'
                 ? aligned((run->rows + 1) * sizeof(uint32_t)) + aligned(col->text_bytes)
                                : run->rows * sizeof(double);
  }
  return bytes;
}

/* Points the columns into store (store_bytes of it, 8-byte aligned). */
static void place_columns(floor_run *run, char *store) {
  for (size_t c = 0; c < run->columns; c++) {
    column *col = &run->cols[c];
    col->value_count = 0;
    memset(col->seen, 0, sizeof col->seen);
    memset(col->long_codes, 0, sizeof col->long_codes);
    if (col->kind == 'c') {
      col->codes = (uint8_t *)store;
      store += aligned(run->rows);
    } else if (col->kind == 't') {
      col->offsets = (uint32_t *)(void *)store;
      col->offsets[0] = 0;
      store += aligned((run->rows + 1) * sizeof(uint32_t));
      col->text = store;
      store += aligned(col->text_bytes);
    } else {
      col->days = (double *)(void *)store;
      store += run->rows * sizeof(double);
    }
  }
}

/* Reads the file as the csv plugin does; returns the milliseconds, or -1. */
static double read_file(const char *path, size_t *bytes) {
  static const size_t chunk = READ_CHUNK;
  char *buffer = malloc(chunk);
  int fd = open(path, O_RDONLY);
  if (!buffer || fd < 0) {
    free(buffer);
    if (fd >= 0) close(fd);
    return -1;
  }
  memset(buffer, 0, chunk); /* touched once, as a buffer used for every file is */
  unsigned sum = 0;
  ssize_t got;
  double started = now_ms();
  *bytes = 0;
  while ((got = read(fd, buffer, chunk)) > 0) {
    for (ssize_t i = 0; i < got; i += 64) sum += (unsigned char)buffer[i];
    *bytes += (size_t)got;
  }
  double ms = now_ms() - started;
  close(fd);
  free(buffer);
  return got < 0 || sum == UINT32_MAX ? -1 : ms; /* sum is read, so the loop stays */
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 4) {
    fprintf(stderr, "usage: %s FILE.csv KINDS [RUNS]\n", argv[0]);
    return 2;
  }
  const char *path = argv[1], *kinds = argv[2];
  const int runs = argc > 3 ? atoi(argv[3]) : 5;
  if (runs < 1 || runs > MAX_RUNS || strspn(kinds, "ctd") != strlen(kinds) || !*kinds) {
    fprintf(stderr, "%s: KINDS is c, t or d for each column; RUNS 1 to %d\n", argv[0], MAX_RUNS);
    return 2;
  }
  floor_run run = {0};
  run.columns = strlen(kinds);
  FILE *file = fopen(path, "rb");
  if (!file || fseek(file, 0, SEEK_END) != 0) {
    fprintf(stderr, "%s: cannot read %s\n", argv[0], path);
    return 1;
  }
  long size = ftell(file);
  char *data = malloc((size_t)(size > 0 ? size : 0) + PAD);
  run.cols = calloc(run.columns, sizeof *run.cols);
  run.stops = malloc((BLOCK_ROWS * run.columns + 64) * sizeof *run.stops);
  if (size <= 0 || !data || !run.cols || !run.stops) {
    fprintf(stderr, "%s: %s is empty, or out of memory\n", argv[0], path);
    return 1;
  }
  rewind(file);
  run.size = fread(data, 1, (size_t)size, file);
  fclose(file);
  memset(data + run.size, 0, PAD);
  run.data = data;
  size_t header = 1;
  for (const char *p = data; p < data + run.size && *p != '\n'; p++) header += *p == ',';
  if (header != run.columns) {
    fprintf(stderr, "%s: the header has %zu columns, KINDS %zu\n", argv[0], header, run.columns);
    return 1;
  }
  for (size_t c = 0; c < run.columns; c++) run.cols[c].kind = kinds[c];

  /* a first pass into memory large enough for anything, to size the columns: a
   * row takes a byte a column at least */
  run.rows = run.size / run.columns + 2;
  for (size_t c = 0; c < run.columns; c++) run.cols[c].text_bytes = run.size;
  char *scratch = malloc(store_bytes(&run));
  if (!scratch) {
    fprintf(stderr, "%s: out of memory\n", argv[0]);
    return 1;
  }
  place_columns(&run, scratch);
  if (find_and_store(&run) != 0) return 1;
  for (size_t c = 0; c < run.columns; c++)
    if (run.cols[c].kind == 't') run.cols[c].text_bytes = run.cols[c].offsets[run.rows];
  free(scratch);

  double reading[MAX_RUNS], touching[MAX_RUNS], storing[MAX_RUNS];
  const size_t bytes = store_bytes(&run), rows = run.rows;
  for (int i = 0; i < runs; i++) {
    size_t read_bytes = 0;
    reading[i] = read_file(path, &read_bytes);
    char *store = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (reading[i] < 0 || read_bytes != run.size || store == MAP_FAILED) {
      fprintf(stderr, "%s: cannot read %s, or out of memory\n", argv[0], path);
      return 1;
    }
    double started = now_ms();
    for (size_t at = 0; at < bytes; at += 4096) store[at] = 1; /* a page at a time */
    touching[i] = now_ms() - started;
    run.rows = rows;
    place_columns(&run, store);
    started = now_ms();
    if (find_and_store(&run) != 0) return 1;
    storing[i] = now_ms() - started;
    munmap(store, bytes);
  }
  qsort(reading, (size_t)runs, sizeof(double), by_value);
  qsort(touching, (size_t)runs, sizeof(double), by_value);
  qsort(storing, (size_t)runs, sizeof(double), by_value);
  const double r = reading[runs / 2], t = touching[runs / 2], s = storing[runs / 2];
  printf("%zu bytes, %zu rows; read %.1f ms, first touch %.1f ms (%.1f MB), fields stored "
         "%.1f ms; together %.1f ms, %.0f MB/s\n",
         run.size, rows, r, t, (double)bytes / 1e6, s, r + t + s,
         (double)run.size / 1e3 / (r + t + s));
  free(data);
  free(run.cols);
  free(run.stops);
  return 0;
}
