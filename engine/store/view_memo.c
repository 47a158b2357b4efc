/* view_memo.c: answers kept by question, in an open-addressing table; see view_memo.h. */
#include "view_memo.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
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

/* Answers, their filter bytes and rows live in one arena, freed whole when the
 * memo is cleared: an authority keeps a few hundred answers, each of which
 * would otherwise take two or three mallocs and as many frees. */
struct view_memo {
  memo_answer *answers[MEMO_SLOTS];
  uint16_t filled[MEMO_MAX_ANSWERS]; /* the slots in use, so clearing visits only those */
  size_t answer_count, bytes;
  uint64_t next_selection;
  arena *arena; /* NULL until the first answer after a clear */
};

view_memo *view_memo_new(void) {
  view_memo *memo = calloc(1, sizeof *memo);
  if (memo) memo->next_selection = 1;
  return memo;
}

void view_memo_clear(view_memo *memo) {
  for (size_t i = 0; i < memo->answer_count; i++) memo->answers[memo->filled[i]] = NULL;
  arena_free(memo->arena);
  memo->arena = NULL;
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

/* A new answer in the question's slot, with room for extra_bytes more in
 * *extra, or NULL when the memo is full or memory runs out. */
static memo_answer *keep(view_memo *memo, const memo_question *q, size_t extra_bytes,
                         void **extra) {
  if (memo->answer_count >= MEMO_MAX_ANSWERS ||
      memo->bytes + q->filter_size + extra_bytes > MEMO_MAX_BYTES)
    return NULL;
  uint64_t hash = question_hash(q);
  size_t slot = slot_of(memo, q, hash);
  if (memo->answers[slot]) return NULL; /* kept already */
  if (!memo->arena && !(memo->arena = arena_new())) return NULL;
  memo_answer *answer = arena_alloc(memo->arena, sizeof *answer);
  unsigned char *filter = answer ? arena_alloc_unfilled(memo->arena, q->filter_size) : NULL;
  void *room = filter ? arena_alloc_unfilled(memo->arena, extra_bytes) : NULL; /* filled by the caller */
  if (!room) return NULL; /* the arena gives back what it gave at the clear */
  memcpy(filter, q->filter, q->filter_size);
  answer->question = *q;
  answer->question.filter = filter;
  answer->hash = hash;
  memo->answers[slot] = answer;
  memo->filled[memo->answer_count++] = (uint16_t)slot;
  memo->bytes += q->filter_size + extra_bytes;
  *extra = room;
  return answer;
}

int view_memo_count(const view_memo *memo, const memo_question *question, size_t *count) {
  const memo_answer *answer = find(memo, question);
  if (!answer) return 0;
  *count = answer->count;
  return 1;
}

void view_memo_keep_count(view_memo *memo, const memo_question *question, size_t count) {
  void *room;
  memo_answer *answer = keep(memo, question, 0, &room);
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
                             const uint32_t *rows, size_t n, int *kept) {
  uint64_t selection = memo->next_selection++;
  void *room;
  memo_answer *answer = keep(memo, question, n * sizeof *rows, &room);
  *kept = answer != NULL;
  if (!answer) return selection;
  if (n) memcpy(room, rows, n * sizeof *rows);
  answer->rows = room; /* never NULL, even for an empty selection */
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
  void *room;
  memo_answer *answer = keep(memo, question, n * sizeof *counts, &room);
  if (!answer) return;
  if (n) memcpy(room, counts, n * sizeof *counts);
  answer->rows = room;
  answer->count = n;
}
