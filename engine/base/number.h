/* number.h: reading a decimal number from text, as data cells, filter values and
 * authority attributes hold them. The table builder, the Lua views and the runner all
 * read numbers this one way, so "3" in a CSV file and "3" in a rule's filter agree. */
#ifndef SUSTAIN_NUMBER_H
#define SUSTAIN_NUMBER_H

#include <stddef.h>

/* Longest text accepted as a number (the digits of a double and some). */
#define NUMBER_MAX_TEXT 64

/* Parses a whole cell as a decimal number (surrounding spaces allowed; no hex,
 * nan or inf). Returns 0 and sets *out, or -1. */
int number_parse(const char *text, size_t length, double *out);

/* Whether a cell that parses as a number is better kept as text because a
 * leading zero is part of it ("01", "007"): codes and identifiers. */
int number_is_zero_padded(const char *text, size_t length);

#endif
