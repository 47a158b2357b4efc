/* fuzz_report.c: every plan writer over plans built from any bytes (odd_plan.h): none
 * may crash, fail, or let a text from the plan drive a terminal or make Markdown. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "odd_plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  odd_plan_bytes bytes = {data, size, 0};
  plan *p = odd_plan_build(&bytes);
  if (!p) return 0; /* out of memory */
  char problem[160];
  if (odd_plan_check_writers(p, problem, sizeof problem) != 0) {
    fprintf(stderr, "fuzz_report: %s\n", problem);
    abort();
  }
  plan_free(p);
  return 0;
}
