/* view_memo.h: answers to questions already asked of one authority's evidence.
 * Several rules ask the same questions (the OC3 outcomes of each age group are
 * read by four rules, for instance); a question asked again is answered from
 * memory instead of scanning the rows again. A question is the table, the view
 * (its range of rows, or the selection it came from) and the filter's exact
 * bytes, so an answer is reused only for exactly the same question, and the
 * answers are forgotten before the next authority. Besides answers, it keeps
 * tallies: counts per code of a column over a view, from which later counts
 * by codes of that column are answered without a pass over the rows. Memory is bounded: past the
 * bound, answers are simply not kept. */
#ifndef SUSTAIN_VIEW_MEMO_H
#define SUSTAIN_VIEW_MEMO_H

#include <stddef.h>
#include <stdint.h>

#include "evidence.h"

typedef struct view_memo view_memo;

typedef enum memo_kind { MEMO_COUNT = 1, MEMO_WHERE = 2, MEMO_TALLY = 3 } memo_kind;

typedef struct memo_question {
  memo_kind kind;
  const evidence_table *table;
  size_t start, end;          /* a range view's rows */
  uint64_t selection;         /* a narrowed view's selection, 0 for a range */
  const unsigned char *filter; /* evidence_filter_bytes */
  size_t filter_size;
} memo_question;

view_memo *view_memo_new(void);
void view_memo_free(view_memo *memo);

/* Forgets every answer (selection numbers are never given twice). */
void view_memo_clear(view_memo *memo);

/* A count asked before: 1 and *count, or 0. */
int view_memo_count(const view_memo *memo, const memo_question *question, size_t *count);
void view_memo_keep_count(view_memo *memo, const memo_question *question, size_t count);

/* A selection made before: its rows (n of them, valid until the memo is
 * cleared) and its selection number, or NULL. */
const uint32_t *view_memo_rows(const view_memo *memo, const memo_question *question, size_t *n,
                               uint64_t *selection);

/* Keeps a new selection's rows when there is room, and returns the number
 * that names the selection (given even when the rows are not kept); *kept
 * says whether they were. */
uint64_t view_memo_keep_rows(view_memo *memo, const memo_question *question,
                             const uint32_t *rows, size_t n, int *kept);

/* Tallies of a coded column over a view (evidence_tally; the question's
 * filter bytes name the column): the kept counts, or NULL. */
const uint32_t *view_memo_tally(const view_memo *memo, const memo_question *question);

/* Keeps a tally's n counts when there is room. */
void view_memo_keep_tally(view_memo *memo, const memo_question *question, const uint32_t *counts,
                          size_t n);

#endif
