/* evidence_scan.c: filters applied to a view's rows, a chunk at a time: counts (of one
 * filter, of alternatives, from tallies of codes), aggregates and selections; see
 * evidence.h. Filters are made in evidence.c. */
#include "evidence.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "evidence_internal.h"

/* ** {======================================================================
** Masks, counts, aggregates and selections
**
** A filter is applied a chunk of rows at a time: each condition ANDs its
** verdicts into a byte mask with a tight loop over one column, instead of
** testing every condition row by row. A view that is a range (an authority's
** rows) is read straight from the column; a narrowed view through its row
** numbers.
** ======================================================================= */

/* Rows per chunk: the mask and the row numbers stay in the first-level cache. */
#define EVIDENCE_CHUNK 512

/* One chunk of a view: rows [first, first + n) of a range, or the listed rows. */
typedef struct chunk {
  size_t first;       /* range views */
  const uint32_t *rows; /* narrowed views: n row numbers */
  size_t n;
} chunk;

static size_t chunk_row(const chunk *k, size_t i) { return k->rows ? k->rows[i] : k->first + i; }

/* For each row i of the chunk: setup, then mask[i] = verdict, or mask[i] &=
 * verdict when the mask already holds earlier conditions (assign is 0). The
 * four loops are written out so each stays a tight loop. */
#define MASK_LOOP(setup, verdict)                                                      \
  do {                                                                                 \
    if (k->rows && assign)                                                             \
      for (size_t i = 0; i < k->n; i++) {                                              \
        size_t row = k->rows[i];                                                       \
        setup;                                                                         \
        mask[i] = (uint8_t)(verdict);                                                  \
      }                                                                                \
    else if (k->rows)                                                                  \
      for (size_t i = 0; i < k->n; i++) {                                              \
        size_t row = k->rows[i];                                                       \
        setup;                                                                         \
        mask[i] &= (uint8_t)(verdict);                                                 \
      }                                                                                \
    else if (assign)                                                                   \
      for (size_t i = 0; i < k->n; i++) {                                              \
        size_t row = k->first + i;                                                     \
        setup;                                                                         \
        mask[i] = (uint8_t)(verdict);                                                  \
      }                                                                                \
    else                                                                               \
      for (size_t i = 0; i < k->n; i++) {                                              \
        size_t row = k->first + i;                                                     \
        setup;                                                                         \
        mask[i] &= (uint8_t)(verdict);                                                 \
      }                                                                                \
  } while (0)

/* The verdicts of a coded column, for any code width. */
#define CODED_MASK(type)                          \
  do {                                            \
    const type *codes = col->codes;               \
    MASK_LOOP((void)0, verdicts[codes[row]]);     \
  } while (0)

/* The verdicts of a plain number column: test of value, the row's number. */
#define PLAIN_MASK(test)                                          \
  do {                                                            \
    const double *values = col->numbers;                          \
    MASK_LOOP(double value = values[row], test);                  \
  } while (0)

/* The same for a comparison on a coded column of 4-byte codes, which has no
 * verdicts: test of value, the row's code's value. */
#define VALUE_MASK(test)                                                     \
  do {                                                                       \
    const double *values = col->values;                                      \
    const uint32_t *codes = col->codes;                                      \
    MASK_LOOP(double value = values[codes[row]], test);                      \
  } while (0)

/* Whether a plain text value is one of the condition's texts. */
static int text_listed(const evidence_condition *c, const char *text, size_t length) {
  for (size_t i = 0; i < c->text_count; i++)
    if (c->lengths[i] == length && memcmp(c->texts[i], text, length) == 0) return 1;
  return 0;
}

/* Puts one condition's verdicts on the chunk's rows into mask: assigned for
 * the first condition, ANDed for the others. */
static void condition_mask(const evidence_condition *c, const evidence_column *col,
                           const chunk *k, int assign, uint8_t *mask) {
  if (col->storage == EVIDENCE_CODED && !c->verdicts) { /* a comparison, see add_compare */
    const double x = c->number;
    switch (c->op) {
    case EVIDENCE_LT: VALUE_MASK(value < x); return;
    case EVIDENCE_LE: VALUE_MASK(value <= x); return;
    case EVIDENCE_GT: VALUE_MASK(value > x); return;
    default: VALUE_MASK(value >= x); return;
    }
  }
  if (col->storage == EVIDENCE_CODED) {
    const uint8_t *verdicts = c->verdicts;
    if (col->width == 1) CODED_MASK(uint8_t);
    else if (col->width == 2) CODED_MASK(uint16_t);
    else CODED_MASK(uint32_t);
    return;
  }
  if (col->type == EVIDENCE_TEXT) {
    char buffer[EVIDENCE_TEXT_SPACE];
    for (size_t i = 0; i < k->n; i++) {
      size_t length = 0;
      const char *text = evidence_text(col, chunk_row(k, i), &length, buffer);
      int verdict;
      if (c->op == EVIDENCE_MISSING) verdict = !text;
      else if (c->op == EVIDENCE_PRESENT) verdict = text != NULL;
      else verdict = text && text_listed(c, text, length) == (c->op == EVIDENCE_IN);
      if (assign) mask[i] = (uint8_t)verdict;
      else mask[i] &= (uint8_t)verdict;
    }
    return;
  }
  /* comparisons with NaN are false, so missing values never pass these */
  const double x = c->number;
  switch (c->op) {
  case EVIDENCE_LT: PLAIN_MASK(value < x); return;
  case EVIDENCE_LE: PLAIN_MASK(value <= x); return;
  case EVIDENCE_GT: PLAIN_MASK(value > x); return;
  case EVIDENCE_GE: PLAIN_MASK(value >= x); return;
  case EVIDENCE_MISSING: PLAIN_MASK(isnan(value)); return;
  case EVIDENCE_PRESENT: PLAIN_MASK(!isnan(value)); return;
  default: PLAIN_MASK(!isnan(value) && number_passes(c, value)); return;
  }
}

/* Fills mask for a chunk of the view under the filter. */
static void chunk_mask(const evidence_view *view, const evidence_filter *filter, const chunk *k,
                       uint8_t *mask) {
  if (!filter || filter->count == 0) {
    memset(mask, 1, k->n);
    return;
  }
  for (size_t i = 0; i < filter->count; i++) {
    const evidence_condition *c = &filter->conditions[i];
    condition_mask(c, &view->table->columns[c->column], k, i == 0, mask);
  }
}

/* The chunk of the view starting at its from-th row. */
static chunk view_chunk(const evidence_view *view, size_t from) {
  size_t size = evidence_view_size(view);
  size_t n = size - from < EVIDENCE_CHUNK ? size - from : EVIDENCE_CHUNK;
  if (view->rows) return (chunk){0, view->rows + from, n};
  return (chunk){view->start + from, NULL, n};
}

/* mask-free counts of one condition on a coded column */
#define CODED_COUNT(type)                                                             \
  do {                                                                                \
    const type *codes = col->codes;                                                   \
    if (view->rows)                                                                   \
      for (size_t i = 0; i < view->row_count; i++) count += verdicts[codes[view->rows[i]]]; \
    else                                                                              \
      for (size_t r = view->start; r < view->end; r++) count += verdicts[codes[r]];   \
  } while (0)

/* Counts the rows passing one condition on a coded column: from the group's
 * counts per code when the view is one authority's rows, else a lookup per row. */
static size_t count_coded(const evidence_view *view, const evidence_condition *c,
                          const evidence_column *col) {
  const uint8_t *verdicts = c->verdicts;
  size_t count = 0;
  if (!view->rows && view->group && col->group_counts) {
    size_t codes = col->dictionary.count + 1;
    const uint32_t *counts =
        col->group_counts + (size_t)(view->group - view->table->groups) * codes;
    for (size_t code = 0; code < codes; code++) count += verdicts[code] ? counts[code] : 0;
  } else if (col->width == 1) {
    CODED_COUNT(uint8_t);
  } else if (col->width == 2) {
    CODED_COUNT(uint16_t);
  } else {
    CODED_COUNT(uint32_t);
  }
  return count;
}

/* The fewest rows that pass any one condition of the filter on a column whose
 * counts per code the authority's rows keep, read from those counts; SIZE_MAX
 * when the view is not an authority's rows or no condition has them. Most
 * data checks find nothing: their codes are absent, and no pass is needed. */
static size_t fewest_passing(const evidence_view *view, const evidence_filter *filter) {
  size_t fewest = SIZE_MAX;
  if (view->rows || !view->group || !filter) return fewest;
  for (size_t i = 0; i < filter->count; i++) {
    const evidence_condition *c = &filter->conditions[i];
    const evidence_column *col = &view->table->columns[c->column];
    if (col->storage != EVIDENCE_CODED || !col->group_counts || !c->verdicts) continue;
    size_t passing = count_coded(view, c, col);
    if (passing < fewest) fewest = passing;
  }
  return fewest;
}

/* ** Fused passes: the filters rules use most, tested row by row in one loop
 * rather than a pass per condition over a mask. */

/* Conditions one fused pass takes at most. */
#define FUSED_MAX 3

/* Runs `each` for every row of the view with `pass` its verdict, for filters
 * whose conditions (as many as FUSED_MAX) all read codes of one type. */
#define FUSED_CODED(view, n, type, codes, verdicts, each)                                 \
  do {                                                                                    \
    size_t size_ = evidence_view_size(view);                                              \
    const type *c0_ = codes[0], *c1_ = codes[1], *c2_ = codes[2];                         \
    for (size_t i_ = 0; i_ < size_; i_++) {                                              \
      size_t row = (view)->rows ? (view)->rows[i_] : (view)->start + i_;                 \
      unsigned pass = verdicts[0][c0_[row]];                                              \
      if (n > 1) pass &= verdicts[1][c1_[row]];                                           \
      if (n > 2) pass &= verdicts[2][c2_[row]];                                           \
      each;                                                                               \
    }                                                                                     \
  } while (0)

/* The same when the first `wide` conditions read 2-byte codes (a range of
 * dates of birth, say) and the others 1-byte codes: which is which is the same
 * for every row. */
#define FUSED_MIXED(view, n, wide, codes, verdicts, each)                                 \
  do {                                                                                    \
    size_t size_ = evidence_view_size(view);                                              \
    const uint16_t *w0_ = codes[0], *w1_ = codes[1], *w2_ = codes[2];                     \
    const uint8_t *b1_ = codes[1], *b2_ = codes[2];                                       \
    for (size_t i_ = 0; i_ < size_; i_++) {                                              \
      size_t row = (view)->rows ? (view)->rows[i_] : (view)->start + i_;                 \
      unsigned pass = verdicts[0][w0_[row]];                                              \
      if (n > 1) pass &= verdicts[1][wide > 1 ? w1_[row] : b1_[row]];                    \
      if (n > 2) pass &= verdicts[2][wide > 2 ? w2_[row] : b2_[row]];                    \
      each;                                                                               \
    }                                                                                     \
  } while (0)

/* FUSED_CODED, or FUSED_MIXED when not every code is a byte. */
#define FUSED_CODED_ANY(view, f, each)                                                    \
  do {                                                                                    \
    if (!(f).wide) FUSED_CODED(view, (f).n, uint8_t, (f).codes, (f).verdicts, each);      \
    else FUSED_MIXED(view, (f).n, (f).wide, (f).codes, (f).verdicts, each);              \
  } while (0)

/* The same for filters of comparisons on plain numbers (a range of dates of
 * birth): missing values are NaN, and fail every comparison. */
#define FUSED_BETWEEN(view, low, high, values, each)                                      \
  do {                                                                                    \
    size_t size_ = evidence_view_size(view);                                              \
    for (size_t i_ = 0; i_ < size_; i_++) {                                              \
      size_t row = (view)->rows ? (view)->rows[i_] : (view)->start + i_;                 \
      double value = values[row];                                                         \
      unsigned pass = (value >= low) & (value <= high);                                   \
      each;                                                                               \
    }                                                                                     \
  } while (0)

/* A filter in a shape a fused pass takes. */
typedef struct fused {
  int kind; /* 0: none, 1: coded, 2: between */
  size_t n;
  size_t wide; /* coded: conditions on 2-byte codes, which come first; the others 1-byte */
  const void *codes[FUSED_MAX];
  const uint8_t *verdicts[FUSED_MAX];
  const double *values;
  double low, high; /* between: low <= value <= high, the bounds made inclusive */
} fused;

/* The bound of a comparison made inclusive: x > a is x >= the next number after
 * a towards +inf, exactly, for every x and finite a (likewise x < a); 0 when
 * the condition is not inclusive or strict as asked, or its bound not finite. */
static int inclusive_bound(const evidence_condition *c, evidence_operator inclusive,
                           evidence_operator strict, double towards, double *bound) {
  if (!isfinite(c->number) || (c->op != inclusive && c->op != strict)) return 0;
  *bound = c->op == strict ? nextafter(c->number, towards) : c->number;
  return 1;
}

/* Whether the filter has a fused shape: up to FUSED_MAX conditions with
 * verdicts on coded columns of 1- or 2-byte codes, or a lower bound (>= or >)
 * and an upper bound (<= or <), in either order, on one plain number column. */
static fused fused_shape(const evidence_view *view, const evidence_filter *filter) {
  fused f = {0};
  if (filter->count == 0 || filter->count > FUSED_MAX) return f;
  const evidence_table *t = view->table;
  int coded = 1;
  for (size_t i = 0; i < filter->count && coded; i++)
    coded = t->columns[filter->conditions[i].column].storage == EVIDENCE_CODED &&
            t->columns[filter->conditions[i].column].width <= 2 && filter->conditions[i].verdicts;
  for (unsigned width = 2; coded && width >= 1; width--) /* 2-byte codes first */
    for (size_t i = 0; i < filter->count; i++) {
      const evidence_column *col = &t->columns[filter->conditions[i].column];
      if (col->width != width) continue;
      f.codes[f.n] = col->codes;
      f.verdicts[f.n++] = filter->conditions[i].verdicts;
      f.wide += width == 2;
    }
  if (coded) {
    f.kind = 1;
    f.n = filter->count;
    return f;
  }
  if (filter->count != 2) return f;
  const evidence_condition *a = &filter->conditions[0], *b = &filter->conditions[1];
  const evidence_column *col = &t->columns[a->column];
  if (a->column != b->column || col->storage != EVIDENCE_PLAIN || col->type == EVIDENCE_TEXT)
    return f;
  if (b->op == EVIDENCE_GE || b->op == EVIDENCE_GT) { /* conditions come in any order */
    const evidence_condition *upper = a;
    a = b;
    b = upper;
  }
  if (!inclusive_bound(a, EVIDENCE_GE, EVIDENCE_GT, INFINITY, &f.low) ||
      !inclusive_bound(b, EVIDENCE_LE, EVIDENCE_LT, -INFINITY, &f.high))
    return f;
  f.kind = 2;
  f.values = col->numbers;
  return f;
}

size_t evidence_count(const evidence_view *view, const evidence_filter *filter) {
  size_t size = evidence_view_size(view);
  if (!filter || filter->count == 0) return size;
  const evidence_column *first = &view->table->columns[filter->conditions[0].column];
  if (filter->count == 1 && first->storage == EVIDENCE_CODED && filter->conditions[0].verdicts)
    return count_coded(view, &filter->conditions[0], first);
  if (fewest_passing(view, filter) == 0) return 0;
  fused f = fused_shape(view, filter);
  size_t counted = 0;
  if (f.kind == 1) {
    FUSED_CODED_ANY(view, f, counted += pass);
    return counted;
  }
  if (f.kind == 2) {
    FUSED_BETWEEN(view, f.low, f.high, f.values, counted += pass);
    return counted;
  }
  uint8_t mask[EVIDENCE_CHUNK];
  size_t count = 0;
  for (size_t from = 0; from < size; from += EVIDENCE_CHUNK) {
    chunk k = view_chunk(view, from);
    chunk_mask(view, filter, &k, mask);
    for (size_t i = 0; i < k.n; i++) count += mask[i];
  }
  return count;
}

/* ** Counts over alternatives: the rows that pass any of several filters,
 * each counted once, without listing them. Alternatives that pass no row of
 * an authority (fewest_passing) are left out first. When every condition left
 * reads verdicts of 1- or 2-byte codes, each distinct condition is a bit: a
 * table per column gives the bits of a row's code on it, and a table per set
 * of bits whether every condition of some alternative is among them, so a row
 * is a lookup per column and one more. Other filters are ANDed a chunk at a
 * time into masks that are ORed together. */

/* Alternatives whose rows are looked at before counting (more are counted
 * with masks, each one); distinct conditions of a coded pass (bits of a byte);
 * and the columns they read. */
#define ANY_FILTERS 32
#define ANY_CONDITIONS 8
#define ANY_COLUMNS 4

/* Bytes of a coded pass's tables of bits per code, on the stack: the codes of
 * a few columns of 1-byte codes and of dates of birth over a few decades. */
#define ANY_TABLE_ROOM 16384

/* A condition every alternative has is tested first, on its own, when an
 * authority's counts per code show that it passes at most one row in
 * ANY_SIEVE_RATIO: the other columns are then read for those rows only. */
#define ANY_SIEVE_RATIO 8

/* The tables of a coded pass. */
typedef struct any_pass {
  size_t columns, wide;              /* wide: columns of 2-byte codes, which come first */
  const void *codes[ANY_COLUMNS];
  const uint8_t *bits[ANY_COLUMNS];  /* per code: the bits of the conditions it passes */
  uint8_t passes[1u << ANY_CONDITIONS]; /* per set of bits: some alternative's are all in */
  const evidence_condition *sieve;   /* NULL, or the condition tested first (1-byte codes) */
} any_pass;

/* Whether one of the filter's conditions passes no code at all, whatever the rows. */
static int passes_no_code(const evidence_filter *filter) {
  for (size_t i = 0; i < filter->count; i++) {
    const evidence_condition *c = &filter->conditions[i];
    if (!c->verdicts) continue;
    uint8_t any = 0;
    for (size_t code = 0; code < c->verdict_count; code++) any |= c->verdicts[code];
    if (!any) return 1;
  }
  return 0;
}

/* The bit of condition c among the distinct conditions found so far, adding it
 * when new; -1 when there are ANY_CONDITIONS already. */
static int any_bit(const evidence_condition **distinct, size_t *count,
                   const evidence_condition *c) {
  for (size_t j = 0; j < *count; j++)
    if (distinct[j]->column == c->column && distinct[j]->verdict_count == c->verdict_count &&
        memcmp(distinct[j]->verdicts, c->verdicts, c->verdict_count) == 0)
      return (int)j;
  if (*count == ANY_CONDITIONS) return -1;
  distinct[*count] = c;
  return (int)(*count)++;
}

/* Makes the tables of a coded pass over the filters (count of them, at most
 * ANY_FILTERS, each with conditions) in room; returns 0 when they are not all
 * of that shape or need more room. */
static int any_pass_make(const evidence_view *view, const evidence_filter *const *filters,
                         size_t count, any_pass *pass, uint8_t room[ANY_TABLE_ROOM]) {
  const evidence_table *t = view->table;
  const evidence_condition *distinct[ANY_CONDITIONS];
  size_t distinct_count = 0;
  unsigned needs[ANY_FILTERS];
  for (size_t k = 0; k < count; k++) {
    needs[k] = 0;
    for (size_t i = 0; i < filters[k]->count; i++) {
      const evidence_condition *c = &filters[k]->conditions[i];
      const evidence_column *col = &t->columns[c->column];
      if (col->storage != EVIDENCE_CODED || col->width > 2 || !c->verdicts) return 0;
      int bit = any_bit(distinct, &distinct_count, c);
      if (bit < 0) return 0;
      needs[k] |= 1u << bit;
    }
  }
  size_t used = 0, column_of[ANY_CONDITIONS], read[ANY_COLUMNS];
  uint8_t *tables[ANY_COLUMNS];
  pass->columns = pass->wide = 0;
  for (unsigned width = 2; width >= 1; width--) /* 2-byte codes first */
    for (size_t j = 0; j < distinct_count; j++) {
      const evidence_column *col = &t->columns[distinct[j]->column];
      if (col->width != width) continue;
      size_t at = 0;
      while (at < pass->columns && read[at] != distinct[j]->column) at++;
      column_of[j] = at;
      if (at < pass->columns) continue;
      size_t codes = distinct[j]->verdict_count;
      if (at == ANY_COLUMNS || codes > ANY_TABLE_ROOM - used) return 0;
      read[at] = distinct[j]->column;
      pass->codes[at] = col->codes;
      pass->bits[at] = tables[at] = room + used;
      memset(tables[at], 0, codes);
      used += codes;
      pass->columns++;
      pass->wide += width == 2;
    }
  for (size_t j = 0; j < distinct_count; j++) {
    uint8_t *bits = tables[column_of[j]];
    for (size_t code = 0; code < distinct[j]->verdict_count; code++)
      bits[code] |= (uint8_t)((distinct[j]->verdicts[code] != 0) << j);
  }
  for (unsigned set = 0; set < 1u << distinct_count; set++) {
    pass->passes[set] = 0;
    for (size_t k = 0; k < count && !pass->passes[set]; k++)
      pass->passes[set] = (set & needs[k]) == needs[k];
  }
  unsigned every = (1u << ANY_CONDITIONS) - 1; /* the conditions every alternative has */
  for (size_t k = 0; k < count; k++) every &= needs[k];
  pass->sieve = NULL;
  size_t fewest = evidence_view_size(view) / ANY_SIEVE_RATIO + 1;
  for (size_t j = 0; j < distinct_count && !view->rows && view->group; j++) {
    const evidence_column *col = &t->columns[distinct[j]->column];
    if (!(every >> j & 1) || col->width != 1 || !col->group_counts) continue;
    size_t passing = count_coded(view, distinct[j], col);
    if (passing < fewest) {
      fewest = passing;
      pass->sieve = distinct[j];
    }
  }
  return 1;
}

/* The bits of a row under a coded pass of n columns. */
#define ANY_BITS(p, n, row, bits)                                                        \
  do {                                                                                   \
    bits = 0;                                                                            \
    for (size_t j_ = 0; j_ < (n); j_++)                                                  \
      bits |= (p)->bits[j_][j_ < (p)->wide ? ((const uint16_t *)(p)->codes[j_])[row]     \
                                           : ((const uint8_t *)(p)->codes[j_])[row]];    \
  } while (0)

/* The rows of the view that a coded pass of n columns passes; n a constant
 * where it is called, so that the loop over columns unrolls. */
static inline __attribute__((always_inline)) size_t any_pass_rows(const evidence_view *view,
                                                                  const any_pass *p, size_t n) {
  size_t count = 0;
  unsigned bits;
  if (view->rows)
    for (size_t i = 0; i < view->row_count; i++) {
      ANY_BITS(p, n, view->rows[i], bits);
      count += p->passes[bits];
    }
  else
    for (size_t row = view->start; row < view->end; row++) {
      ANY_BITS(p, n, row, bits);
      count += p->passes[bits];
    }
  return count;
}

static size_t any_pass_all_rows(const evidence_view *view, const any_pass *p) {
  switch (p->columns) {
  case 1: return any_pass_rows(view, p, 1);
  case 2: return any_pass_rows(view, p, 2);
  case 3: return any_pass_rows(view, p, 3);
  default: return any_pass_rows(view, p, ANY_COLUMNS);
  }
}

/* A coded pass with a sieve: a chunk at a time, the rows that pass the sieve's
 * condition are listed (each row written, kept by moving on when it passes),
 * then counted by the whole pass. */
static size_t any_pass_count(const evidence_view *view, const any_pass *p) {
  if (!p->sieve) return any_pass_all_rows(view, p);
  const uint8_t *codes = view->table->columns[p->sieve->column].codes;
  const uint8_t *verdicts = p->sieve->verdicts;
  uint32_t listed[EVIDENCE_CHUNK];
  size_t count = 0;
  for (size_t from = view->start; from < view->end; from += EVIDENCE_CHUNK) {
    size_t end = view->end - from < EVIDENCE_CHUNK ? view->end : from + EVIDENCE_CHUNK, n = 0;
    for (size_t row = from; row < end; row++) {
      listed[n] = (uint32_t)row;
      n += verdicts[codes[row]];
    }
    evidence_view sifted = {view->table, 0, 0, listed, n, NULL};
    count += any_pass_all_rows(&sifted, p);
  }
  return count;
}

/* The rows of the view that pass any of the filters, by masks a chunk at a time. */
static size_t any_masked_count(const evidence_view *view, const evidence_filter *const *filters,
                               size_t count) {
  uint8_t any[EVIDENCE_CHUNK], mask[EVIDENCE_CHUNK];
  size_t size = evidence_view_size(view), passing = 0;
  for (size_t from = 0; from < size; from += EVIDENCE_CHUNK) {
    chunk k = view_chunk(view, from);
    chunk_mask(view, filters[0], &k, any);
    for (size_t f = 1; f < count; f++) {
      chunk_mask(view, filters[f], &k, mask);
      for (size_t i = 0; i < k.n; i++) any[i] |= mask[i];
    }
    for (size_t i = 0; i < k.n; i++) passing += any[i];
  }
  return passing;
}

/* Alternatives that are each one condition with verdicts on one and the same coded
 * column: the count of the one condition passing the codes any of them passes (a row
 * passes once however many it passes), read from the authority's counts per code where
 * it keeps them, into *counted. Returns 0, counting nothing, when the filters are not of
 * that shape or the merged verdicts find no room. */
static int count_one_column(const evidence_view *view, const evidence_filter *const *filters,
                            size_t count, size_t *counted) {
  const evidence_condition *first = &filters[0]->conditions[0];
  const evidence_column *col = &view->table->columns[first->column];
  if (col->storage != EVIDENCE_CODED) return 0;
  for (size_t k = 0; k < count; k++)
    if (filters[k]->count != 1 || !filters[k]->conditions[0].verdicts ||
        filters[k]->conditions[0].column != first->column)
      return 0;
  size_t codes = first->verdict_count;
  uint8_t *verdicts = calloc(codes, 1);
  if (!verdicts) return 0;
  uint8_t passing = 0; /* some code passes: else no row can, and none is read */
  for (size_t k = 0; k < count; k++) {
    const uint8_t *v = filters[k]->conditions[0].verdicts;
    for (size_t code = 0; code < codes; code++) verdicts[code] |= v[code];
  }
  for (size_t code = 0; code < codes; code++) passing |= verdicts[code];
  evidence_condition any = {.column = first->column, .op = EVIDENCE_IN, .verdicts = verdicts,
                            .verdict_count = codes};
  evidence_filter merged = {&any, 1, 1};
  *counted = passing ? evidence_count(view, &merged) : 0;
  free(verdicts);
  return 1;
}

size_t evidence_count_any(const evidence_view *view, const evidence_filter *const *filters,
                          size_t count) {
  size_t size = evidence_view_size(view), counted;
  if (count == 0 || size == 0) return size;
  for (size_t k = 0; k < count; k++)
    if (!filters[k] || filters[k]->count == 0) return size;
  if (count_one_column(view, filters, count, &counted)) return counted;
  if (count > ANY_FILTERS) return any_masked_count(view, filters, count);
  const evidence_filter *live[ANY_FILTERS];
  size_t live_count = 0;
  for (size_t k = 0; k < count; k++)
    if (fewest_passing(view, filters[k]) != 0 && !passes_no_code(filters[k]))
      live[live_count++] = filters[k];
  if (live_count == 0) return 0;
  if (live_count == 1) return evidence_count(view, live[0]);
  any_pass pass;
  uint8_t room[ANY_TABLE_ROOM];
  if (any_pass_make(view, live, live_count, &pass, room))
    return any_pass_count(view, &pass);
  return any_masked_count(view, live, live_count);
}

int evidence_tally_column(const evidence_view *view, const evidence_filter *filter) {
  if (!filter || filter->count == 0) return -1;
  size_t column = filter->conditions[0].column;
  const evidence_column *col = &view->table->columns[column];
  if (col->storage != EVIDENCE_CODED || col->width != 1 ||
      col->dictionary.count + 1 > EVIDENCE_TALLY_CODES)
    return -1;
  if (!view->rows && view->group && col->group_counts) return -1; /* counted at load */
  for (size_t i = 0; i < filter->count; i++)
    if (filter->conditions[i].column != column || !filter->conditions[i].verdicts) return -1;
  return (int)column;
}

/* Rows a tally counts into one set of counts at a time before the next: rows
 * in a row often hold the same code, and four sets let their increments run
 * side by side instead of each waiting for the last. */
#define TALLY_LANES 4

void evidence_tally(const evidence_view *view, size_t column, uint32_t *counts) {
  const evidence_column *col = &view->table->columns[column];
  const uint8_t *codes = col->codes;
  size_t n = col->dictionary.count + 1, size = evidence_view_size(view), i = 0;
  uint32_t lanes[TALLY_LANES][EVIDENCE_TALLY_CODES];
  for (size_t lane = 0; lane < TALLY_LANES; lane++) memset(lanes[lane], 0, n * sizeof(uint32_t));
  if (view->rows)
    for (; i + TALLY_LANES <= size; i += TALLY_LANES)
      for (size_t lane = 0; lane < TALLY_LANES; lane++) lanes[lane][codes[view->rows[i + lane]]]++;
  else
    for (; i + TALLY_LANES <= size; i += TALLY_LANES)
      for (size_t lane = 0; lane < TALLY_LANES; lane++) lanes[lane][codes[view->start + i + lane]]++;
  for (; i < size; i++) lanes[0][codes[evidence_view_row(view, i)]]++;
  for (size_t code = 0; code < n; code++) {
    uint32_t total = 0;
    for (size_t lane = 0; lane < TALLY_LANES; lane++) total += lanes[lane][code];
    counts[code] = total;
  }
}

size_t evidence_count_tallied(const evidence_filter *filter, const uint32_t *counts) {
  size_t codes = filter->conditions[0].verdict_count, count = 0;
  for (size_t code = 0; code < codes; code++) {
    unsigned pass = 1;
    for (size_t i = 0; i < filter->count; i++) pass &= filter->conditions[i].verdicts[code];
    count += pass ? counts[code] : 0;
  }
  return count;
}

typedef enum { AGGREGATE_SUM, AGGREGATE_MIN, AGGREGATE_MAX } aggregate_kind;

/* The passing rows of every chunk of the view, in order, each value read by
 * value_of(row) (a read at the column's storage, the same for every row)
 * folded into result as kind says. */
#define AGGREGATE_ROWS(value_of)                                                            \
  do {                                                                                      \
    for (size_t from = 0; from < size; from += EVIDENCE_CHUNK) {                            \
      chunk k = view_chunk(view, from);                                                     \
      chunk_mask(view, filter, &k, mask);                                                   \
      for (size_t i = 0; i < k.n; i++) {                                                    \
        if (!mask[i]) continue;                                                             \
        size_t row = chunk_row(&k, i);                                                      \
        double value = value_of;                                                            \
        if (isnan(value)) continue;                                                         \
        if (kind == AGGREGATE_SUM) result += value;                                         \
        else if (used == 0 || (kind == AGGREGATE_MIN ? value < result : value > result))    \
          result = value;                                                                   \
        used++;                                                                             \
      }                                                                                     \
    }                                                                                       \
  } while (0)

/* The least or greatest value of a coded column over the whole view, from how many of
 * its rows hold each code: the counts an authority's rows keep, else one pass that
 * only counts. Each code's value is then compared once, not once per row. Neither
 * depends on the rows' order, so the answer is the row pass's, but for which zero
 * comes first when both 0 and -0 are there: then, and when the view has fewer rows than
 * the column has codes, returns 0 and leaves it to the row pass. */
static int extreme_by_codes(const evidence_view *view, const evidence_column *col,
                            aggregate_kind kind, size_t *used, double *result) {
  size_t codes = col->dictionary.count + 1;
  if (col->storage != EVIDENCE_CODED || col->width > 2 || evidence_view_size(view) < codes)
    return 0;
  uint32_t tally[EVIDENCE_TALLY_CODES], *counts = NULL;
  const uint32_t *kept = tally;
  if (!view->rows && view->group && col->group_counts) {
    kept = col->group_counts + (size_t)(view->group - view->table->groups) * codes;
  } else if (col->width == 1) {
    evidence_tally(view, (size_t)(col - view->table->columns), tally);
  } else {
    if (!(counts = calloc(codes, sizeof *counts))) return 0;
    const uint16_t *wide = col->codes;
    for (size_t i = 0, size = evidence_view_size(view); i < size; i++)
      counts[wide[evidence_view_row(view, i)]]++;
    kept = counts;
  }
  size_t n = 0;
  double best = 0;
  int zeros = 0; /* bit 0: +0 held, bit 1: -0 held */
  for (size_t code = 1; code < codes; code++) {
    double value = col->values[code];
    if (!kept[code] || isnan(value)) continue;
    if (value == 0) zeros |= signbit(value) ? 2 : 1;
    if (n == 0 || (kind == AGGREGATE_MIN ? value < best : value > best)) best = value;
    n += kept[code];
  }
  free(counts);
  if (best == 0 && zeros == 3) return 0;
  *used = n;
  *result = best;
  return 1;
}

static size_t aggregate(const evidence_view *view, size_t column, const evidence_filter *filter,
                        aggregate_kind kind, double *out) {
  const evidence_column *col = &view->table->columns[column];
  size_t size = evidence_view_size(view), used = 0;
  double result = 0;
  if (kind != AGGREGATE_SUM && (!filter || filter->count == 0) &&
      extreme_by_codes(view, col, kind, &used, &result)) {
    if (used) *out = result;
    return used;
  }
  uint8_t mask[EVIDENCE_CHUNK];
  const double *values = col->values;
  if (col->storage == EVIDENCE_PLAIN) AGGREGATE_ROWS(col->numbers[row]);
  else if (col->width == 1) AGGREGATE_ROWS(values[((const uint8_t *)col->codes)[row]]);
  else if (col->width == 2) AGGREGATE_ROWS(values[((const uint16_t *)col->codes)[row]]);
  else AGGREGATE_ROWS(values[((const uint32_t *)col->codes)[row]]);
  if (used) *out = result;
  return used;
}

size_t evidence_sum(const evidence_view *view, size_t column, const evidence_filter *filter,
                    double *out) {
  return aggregate(view, column, filter, AGGREGATE_SUM, out);
}

size_t evidence_mean(const evidence_view *view, size_t column, const evidence_filter *filter,
                     double *out) {
  double sum;
  size_t used = aggregate(view, column, filter, AGGREGATE_SUM, &sum);
  if (used) *out = sum / (double)used;
  return used;
}

size_t evidence_min(const evidence_view *view, size_t column, const evidence_filter *filter,
                    double *out) {
  return aggregate(view, column, filter, AGGREGATE_MIN, out);
}

size_t evidence_max(const evidence_view *view, size_t column, const evidence_filter *filter,
                    double *out) {
  return aggregate(view, column, filter, AGGREGATE_MAX, out);
}

/* Keeps, in place and in order, the rows of rows[0, n) that pass c; returns
 * how many. A row is written at or before its own place, after it is read. */
static size_t keep_passing(const evidence_table *table, const evidence_condition *c,
                           uint32_t *rows, size_t n) {
  const evidence_column *col = &table->columns[c->column];
  uint8_t mask[EVIDENCE_CHUNK];
  size_t kept = 0;
  for (size_t from = 0; from < n; from += EVIDENCE_CHUNK) {
    chunk k = {0, rows + from, n - from < EVIDENCE_CHUNK ? n - from : EVIDENCE_CHUNK};
    condition_mask(c, col, &k, 1, mask);
    for (size_t i = 0; i < k.n; i++) {
      rows[kept] = k.rows[i];
      kept += mask[i];
    }
  }
  return kept;
}

/* Conditions a selection puts in order at most, and rows it samples to do so. */
#define ORDERED_MAX 16
#define ORDER_SAMPLE 64

/* Writes into order the filter's conditions (2 to ORDERED_MAX of them), those
 * that pass the fewest of a sample of the view's rows first. */
static void order_conditions(const evidence_view *view, const evidence_filter *filter,
                             size_t *order) {
  size_t size = evidence_view_size(view), m = size < ORDER_SAMPLE ? size : ORDER_SAMPLE;
  uint32_t sample[ORDER_SAMPLE];
  for (size_t i = 0; i < m; i++) sample[i] = (uint32_t)evidence_view_row(view, i * size / m);
  chunk k = {0, sample, m};
  uint8_t mask[ORDER_SAMPLE];
  size_t passing[ORDERED_MAX];
  for (size_t c = 0; c < filter->count; c++) {
    const evidence_condition *condition = &filter->conditions[c];
    condition_mask(condition, &view->table->columns[condition->column], &k, 1, mask);
    size_t pass = 0;
    for (size_t i = 0; i < m; i++) pass += mask[i];
    size_t at = c; /* insertion by passing rows, ties in the filter's order */
    for (; at > 0 && passing[at - 1] > pass; at--) {
      passing[at] = passing[at - 1];
      order[at] = order[at - 1];
    }
    passing[at] = pass;
    order[at] = c;
  }
}

size_t evidence_select(const evidence_view *view, const evidence_filter *filter, uint32_t *out) {
  size_t size = evidence_view_size(view), count = 0;
  size_t fewest = fewest_passing(view, filter);
  if (fewest == 0) return 0;
  if (filter && fewest == size && filter->count == 1) { /* every row passes */
    for (size_t i = 0; i < size; i++) out[i] = (uint32_t)(view->start + i);
    return size;
  }
  fused f = filter ? fused_shape(view, filter) : (fused){0};
  /* every row is written, and kept by moving on only when it passes */
  if (f.kind == 1) {
    FUSED_CODED_ANY(view, f, (out[count] = (uint32_t)row, count += pass));
    return count;
  }
  if (f.kind == 2) {
    FUSED_BETWEEN(view, f.low, f.high, f.values, (out[count] = (uint32_t)row, count += pass));
    return count;
  }
  /* one condition over the view, then each other over the rows still in:
   * the fewest passing first */
  size_t order[ORDERED_MAX], n = filter ? filter->count : 0;
  int ordered = n > 1 && n <= ORDERED_MAX; /* else all conditions at once on each chunk */
  if (ordered) order_conditions(view, filter, order);
  evidence_filter first = {filter ? filter->conditions + (ordered ? order[0] : 0) : NULL,
                           ordered ? 1 : n, 0};
  uint8_t mask[EVIDENCE_CHUNK];
  for (size_t from = 0; from < size; from += EVIDENCE_CHUNK) {
    chunk k = view_chunk(view, from);
    chunk_mask(view, &first, &k, mask);
    for (size_t i = 0; i < k.n; i++) { /* written always, kept when it passes: no branch */
      out[count] = (uint32_t)chunk_row(&k, i);
      count += mask[i];
    }
  }
  for (size_t i = 1; ordered && i < n && count; i++)
    count = keep_passing(view->table, &filter->conditions[order[i]], out, count);
  return count;
}
