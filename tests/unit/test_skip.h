/* test_skip.h: skipping a cmocka test, saying why. cmocka's skip() takes no reason,
 * so this prints the line every skipped case of the suite prints as it skips,
 * "skip reason: WHY" (tests/cases.py and tests/cases.sh do the same), which
 * tests/summary.py gathers into the closing line of `make test`. */
#ifndef SUSTAIN_TEST_SKIP_H
#define SUSTAIN_TEST_SKIP_H

#include <stdio.h>

#define skip_because(why)                  \
  do {                                     \
    printf("skip reason: %s\n", (why));    \
    fflush(stdout);                        \
    skip();                                \
  } while (0)

#endif
