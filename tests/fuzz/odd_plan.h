/* odd_plan.h: plans that the usual examples never make, built from bytes, and every
 * writer run over them. Shared by the fuzz target (fuzz_report.c), which takes the bytes
 * from libFuzzer, and the property test (tests/unit/test_odd_plans.c), which takes them
 * from a fixed generator and names the cases it must cover: no authorities, no
 * ingredients, every weight 0, no scores, no actions, every figure suppressed, NaN
 * wherever a plan holds a number, and very long, non-ASCII, broken and hostile texts. */
#ifndef SUSTAIN_ODD_PLAN_H
#define SUSTAIN_ODD_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "plan.h"

/* What the bytes choose between, a byte at a time; past the end every choice is 0, so
 * any input, even an empty one, is a plan. */
typedef struct odd_plan_bytes {
  const uint8_t *data;
  size_t size, at;
} odd_plan_bytes;

/* A plan described by the bytes, every string and array in its arena; NULL on out of
 * memory. Free with plan_free. */
plan *odd_plan_build(odd_plan_bytes *bytes);

/* Runs every writer (text plain and coloured, Markdown, JSON, CSV, HTML) over p into
 * memory and checks what each must hold whatever the plan: it succeeds, its output is
 * valid UTF-8 with no control character a terminal would obey (ESC, BEL, C1 controls)
 * and no bidirectional override or isolate outside the writer's own colour, and the
 * Markdown has no raw `<` and no unescaped `[`, `]` or backquote. Returns 0, or -1 with
 * what was wrong (the writer and the check) in problem. */
int odd_plan_check_writers(const plan *p, char *problem, size_t problem_size);

#endif
