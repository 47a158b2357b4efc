/* view_memo.c: answers kept by question, in an open-addressing table; see view_memo.h. */
#include "view_memo.h"

#include <stdlib.h>
#include <string.h>

#include "filter_cache.h"

/* Bounds per authority: slots in the table (a power of two, at most half
 * used) and bytes of kept selections and filters. */
#define MEMO_SLOTS 4096
#define MEMO_MAX_ANSWERS (MEMO_SLOTS / 2)
#define MEMO_MAX_BYTES (16u << 20)

typedef struct memo_answer {
  memo_question question; /* its filter bytes owned by the answer */
  uint64_t hash;
  size_t count;      /* MEMO_COUNT; MEMO_WHERE and MEMO_TALLY: entries in rows */
  uint32_t *rows;    /* MEMO_WHERE; MEMO_TALLY: the counts per code, NULL when only noted */
  uint64_t selection;
} memo_answer;

struct view_memo {
  memo_answer *answers[MEMO_SLOTS];
  size_t answer_count, bytes;
  uint64_t next_selection;
};

view_memo *view_memo_new(void) {
  view_memo *memo = calloc(1, sizeof *memo);
  if (memo) memo->next_selection = 1;
  return memo;
}

void view_memo_clear(view_memo *memo) {
  if (memo->answer_count == 0) return; /* nothing kept: no need to visit every slot */
  for (size_t i = 0; i < MEMO_SLOTS; i++) {
    memo_answer *answer = memo->answers[i];
    if (!answer) continue;
    free((void *)answer->question.filter);
    free(answer->rows);
    free(answer);
    memo->answers[i] = NULL;
  }
  memo->answer_count = 0;
  memo->bytes = 0;
}

void view_memo_free(view_memo *memo) {
  if (!memo) return;
  view_memo_clear(memo);
  free(memo);
}

static uint64_t question_hash(const memo_question *q) {
  uint64_t h = 0xCBF29CE484222325u;
  h = filter_cache_mix(h, (uint64_t)q->kind);
  h = filter_cache_mix(h, (uint64_t)(uintptr_t)q->table);
  h = filter_cache_mix(h, q->start);
  h = filter_cache_mix(h, q->end);
  h = filter_cache_mix(h, q->selection);
  return filter_cache_hash(h, q->filter, q->filter_size); /* filters carry verdict tables */
}

static int same_question(const memo_question *a, const memo_question *b) {
  return a->kind == b->kind && a->table == b->table && a->start == b->start && a->end == b->end &&
         a->selection == b->selection && a->filter_size == b->filter_size &&
         memcmp(a->filter, b->filter, a->filter_size) == 0;
}

/* The slot of the question's answer, or the empty slot where it would go. */
static size_t slot_of(const view_memo *memo, const memo_question *q, uint64_t hash) {
  size_t i = hash & (MEMO_SLOTS - 1);
  while (memo->answers[i] &&
         !(memo->answers[i]->hash == hash && same_question(&memo->answers[i]->question, q)))
    i = (i + 1) & (MEMO_SLOTS - 1);
  return i;
}

static const memo_answer *find(const view_memo *memo, const memo_question *q) {
  return memo->answers[slot_of(memo, q, question_hash(q))];
}

/* A new answer in the question's slot, or NULL when the memo is full. */
static memo_answer *keep(view_memo *memo, const memo_question *q, size_t extra_bytes) {
  if (memo->answer_count >= MEMO_MAX_ANSWERS ||
      memo->bytes + q->filter_size + extra_bytes > MEMO_MAX_BYTES)
    return NULL;
  uint64_t hash = question_hash(q);
  size_t slot = slot_of(memo, q, hash);
  if (memo->answers[slot]) return NULL; /* kept already */
  memo_answer *answer = calloc(1, sizeof *answer);
  unsigned char *filter = malloc(q->filter_size ? q->filter_size : 1);
  if (!answer || !filter) {
    free(answer);
    free(filter);
    return NULL;
  }
  memcpy(filter, q->filter, q->filter_size);
  answer->question = *q;
  answer->question.filter = filter;
  answer->hash = hash;
  memo->answers[slot] = answer;
  memo->answer_count++;
  memo->bytes += q->filter_size + extra_bytes;
  return answer;
}

int view_memo_count(const view_memo *memo, const memo_question *question, size_t *count) {
  const memo_answer *answer = find(memo, question);
  if (!answer) return 0;
  *count = answer->count;
  return 1;
}

void view_memo_keep_count(view_memo *memo, const memo_question *question, size_t count) {
  memo_answer *answer = keep(memo, question, 0);
  if (answer) answer->count = count;
}

const uint32_t *view_memo_rows(const view_memo *memo, const memo_question *question, size_t *n,
                               uint64_t *selection) {
  const memo_answer *answer = find(memo, question);
  if (!answer) return NULL;
  *n = answer->count;
  *selection = answer->selection;
  return answer->rows;
}

uint64_t view_memo_keep_rows(view_memo *memo, const memo_question *question,
                             const uint32_t *rows, size_t n) {
  uint64_t selection = memo->next_selection++;
  uint32_t *copy = malloc((n ? n : 1) * sizeof *copy);
  memo_answer *answer = copy ? keep(memo, question, n * sizeof *copy) : NULL;
  if (!answer) {
    free(copy);
    return selection;
  }
  if (n) memcpy(copy, rows, n * sizeof *copy);
  answer->rows = copy;
  answer->count = n;
  answer->selection = selection;
  return selection;
}

const uint32_t *view_memo_tally(const view_memo *memo, const memo_question *question) {
  const memo_answer *answer = find(memo, question);
  return answer ? answer->rows : NULL;
}

void view_memo_keep_tally(view_memo *memo, const memo_question *question, const uint32_t *counts,
                          size_t n) {
  uint32_t *copy = malloc((n ? n : 1) * sizeof *copy);
  memo_answer *answer = copy ? keep(memo, question, n * sizeof *copy) : NULL;
  if (!answer) {
    free(copy);
    return;
  }
  if (n) memcpy(copy, counts, n * sizeof *copy);
  answer->rows = copy;
  answer->count = n;
}
