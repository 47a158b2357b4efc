/* csv_rows.c: see csv_rows.h. */
#include "csv_rows.h"

#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>

/* Bits of the 64 bytes at p: the delimiter, line feeds, and every byte that ends
 * a run unless it is the CR of a CRLF (a quote, CR, NUL, or any byte of a
 * multi-byte character). */
static inline void classify64(const unsigned char *p, __m128i delimiter, uint64_t *delimiters,
                              uint64_t *feeds, uint64_t *others) {
  const __m128i quote = _mm_set1_epi8('"'), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'),
                nul = _mm_setzero_si128();
  uint64_t d = 0, f = 0, o = 0;
  for (int k = 0; k < 4; k++) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
    __m128i odd = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, cr)),
                               _mm_or_si128(_mm_cmpeq_epi8(v, nul), v));
    d |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, delimiter)) << (16 * k);
    f |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, lf)) << (16 * k);
    o |= (uint64_t)(unsigned)_mm_movemask_epi8(odd) << (16 * k);
  }
  *delimiters = d;
  *feeds = f;
  *others = o;
}

/* Bits of the CRs among the 64 bytes at p, asked only of a window with odd bytes
 * (files of LF lines never ask). */
static inline uint64_t returns64(const unsigned char *p) {
  const __m128i cr = _mm_set1_epi8('\r');
  uint64_t c = 0;
  for (int k = 0; k < 4; k++) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
    c |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, cr)) << (16 * k);
  }
  return c;
}

/* The fields of one window at a time, the first stop in `stops` being the end of
 * the field at *start. A row counts only once its line break is met after exactly
 * `columns` fields. */
typedef struct run {
  const char *start;    /* of the field in hand */
  const char *next;     /* past the last whole row */
  size_t rows, cells;   /* whole rows read; cells written, a row not yet whole's too */
  size_t field;         /* the field in hand within its row */
} run;

/* Reads the window's stops one by one, returning 0 at the first that is not
 * part of a plain row: a byte among others other than the CR of a CRLF, a row of
 * too many or too few fields, a row beyond max_cells, an empty line. */
static int careful_window(run *r, const char *base, uint64_t stops, uint64_t feeds,
                          uint64_t others, const char *end, size_t columns, size_t max_cells,
                          sustain_cell *cells) {
  for (; stops; stops &= stops - 1) {
    const unsigned k = (unsigned)__builtin_ctzll(stops);
    const char *q = base + k;
    const uint64_t bit = (uint64_t)1 << k;
    if (r->cells == max_cells) return 0;
    cells[r->cells++] = (sustain_cell){r->start, (size_t)(q - r->start)};
    r->start = q + 1;
    if (others & bit) { /* only the CR of a CRLF may stay in a run */
      if (*q != '\r' || q + 1 >= end || q[1] != '\n') return 0;
      r->start = q + 2;
      stops &= ~(bit << 1); /* its LF, when in this window */
    } else if (!(feeds & bit)) {
      if (++r->field == columns) return 0; /* too many fields */
      continue;
    }
    if (r->field + 1 != columns) return 0; /* too few fields */
    r->field = 0;
    r->rows++;
    r->next = r->start;
    if (r->start == end || *r->start == '\n' || *r->start == '\r') return 0; /* an empty line */
  }
  return 1;
}

/* The number of bits set in x, without the call a compiler makes for
 * __builtin_popcountll on plain x86-64. */
static inline size_t count_bits(uint64_t x) {
  x -= (x >> 1) & 0x5555555555555555u;
  x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Fu;
  return (size_t)((x * 0x0101010101010101u) >> 56);
}

/* The usual window: nothing but delimiters, LFs and the CRs before them (crlf).
 * Rows are checked first, an LF at a time: each must be the stop that ends a row
 * of exactly `columns` fields (an empty line is an LF right after another, caught
 * so when rows have more than one field). Then every stop is written as a cell,
 * with no test per field. Returns 0, r unchanged, when a row does not hold. */
static inline int plain_window(run *r, const char *base, uint64_t stops, uint64_t feeds,
                               uint64_t crlf, size_t columns, sustain_cell *cells) {
  const uint64_t ends = feeds & stops;
  size_t rows = 0;
  for (uint64_t left = ends; left; left &= left - 1) {
    const uint64_t through = left ^ (left - 1); /* the stops up to this LF */
    if (count_bits(stops & through) != (rows + 1) * columns - r->field) return 0;
    rows++;
  }
  const size_t field = r->field + count_bits(stops) - rows * columns;
  if (field >= columns) return 0; /* the row in hand has too many fields */
  const char *start = r->start;
  sustain_cell *const first = cells + r->cells, *out = first;
  for (uint64_t left = stops; left; left &= left - 1) {
    const char *q = base + __builtin_ctzll(left);
    *out++ = (sustain_cell){start, (size_t)(q - start)};
    start = q + 1;
  }
  /* the CR of a CRLF belongs to the line break, not to the row's last field */
  for (uint64_t left = ends & crlf << 1; left; left &= left - 1)
    first[count_bits(stops & (left ^ (left - 1))) - 1].length--;
  r->start = start;
  r->cells = (size_t)(out - cells);
  r->field = field;
  r->rows += rows;
  if (ends) r->next = base + 64 - __builtin_clzll(ends);
  return 1;
}

/* Built twice on x86-64 by gcc, the loader choosing one for the machine at hand:
 * for x86-64-v3 (AVX2, POPCNT: the compiler turns count_bits into one instruction
 * there) and for any x86-64. CSV_ROWS_PORTABLE builds only the second, so that
 * the tests run it on any machine. (clang 14 names the chooser apart from the
 * function, so callers in other files miss it: clang builds the second only.) */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(CSV_ROWS_PORTABLE) && defined(__has_attribute)
#if __has_attribute(target_clones)
__attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
#endif
size_t csv_plain_rows(const char *at, const char *end, unsigned char delimiter, size_t columns,
                      sustain_cell *cells, size_t max_rows, const char **next) {
  const __m128i wanted = _mm_set1_epi8((char)delimiter);
  const size_t max_cells = max_rows * columns;
  run r = {at, at, 0, 0, 0};
  if (columns == 0 || max_rows == 0 || at == end || *at == '\n' || *at == '\r') goto done;
  for (const char *base = at; end - base >= 64; base += 64) {
    uint64_t delimiters, feeds, others;
    classify64((const unsigned char *)base, wanted, &delimiters, &feeds, &others);
    /* a CR with its LF in this window: part of the line break, not an odd byte */
    const uint64_t crlf = others ? returns64((const unsigned char *)base) & feeds >> 1 : 0;
    const uint64_t skip = r.start > base ? ~(uint64_t)0 << (r.start - base) : ~(uint64_t)0;
    if (!(others & ~crlf) && columns > 1 && max_cells - r.cells >= 64 &&
        plain_window(&r, base, (delimiters | feeds) & skip, feeds, crlf, columns, cells))
      continue;
    /* stop by stop, to find where the run ends (skip: the LF of a CRLF ending the last) */
    if (!careful_window(&r, base, (delimiters | feeds | others) & skip, feeds, others, end,
                        columns, max_cells, cells))
      break;
  }
done:
  *next = r.next;
  return r.rows;
}

#else

size_t csv_plain_rows(const char *at, const char *end, unsigned char delimiter, size_t columns,
                      sustain_cell *cells, size_t max_rows, const char **next) {
  (void)end, (void)delimiter, (void)columns, (void)cells, (void)max_rows;
  *next = at;
  return 0;
}

#endif
