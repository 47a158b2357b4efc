/* date.h: calendar dates as used in configs and plans (YYYY-MM-DD, proleptic Gregorian). */
#ifndef SUSTAIN_DATE_H
#define SUSTAIN_DATE_H

#include <stddef.h>

#include "civil_days.h"

typedef struct sx_date {
  int year, month, day; /* all zero when unset */
} sx_date;

/* Parses exactly `YYYY-MM-DD` with a real calendar day. Returns 0 on success, -1 otherwise. */
int date_parse(const char *text, sx_date *out);

/* Nonzero when the date is set. */
int date_is_set(sx_date d);

/* Parses a data cell: `YYYY-MM-DD` or `DD/MM/YYYY` (as exported by spreadsheets
 * and case-management systems in England). Returns 0 or -1. */
int date_parse_cell(const char *text, size_t length, sx_date *out);

/* The date a number of days after 1970-01-01. */
sx_date date_from_days(long days);

/* Parses a data cell as date_parse_cell does, into days after 1970-01-01 (as
 * date_to_days gives them): the form a date column stores. Returns 0 or -1. */
int date_cell_days(const char *text, size_t length, long *days);

/* Days since 1970-01-01 (negative before). Inline: the table builder turns
 * every date cell into days. */
static inline long date_to_days(sx_date d) {
  return civil_days_from_date(d.year, d.month, d.day);
}

/* Writes `YYYY-MM-DD` into buffer (at least 11 bytes). */
void date_format(sx_date d, char buffer[11]);

/* Today's date in local time. */
sx_date date_today(void);

#endif
