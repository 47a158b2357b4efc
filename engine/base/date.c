/* date.c: strict ISO dates and day arithmetic; see date.h. */
#include "date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Reads n digits; -1 when one is not a digit. */
static int digits(const char *text, int n) {
  int value = 0;
  for (int i = 0; i < n; i++) {
    unsigned digit = (unsigned)(unsigned char)text[i] - '0';
    if (digit > 9) return -1;
    value = value * 10 + (int)digit;
  }
  return value;
}

/* Checks and stores a date from its three parts. */
static int make_date(int y, int m, int d, sx_date *out) {
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return -1;
  *out = (sx_date){y, m, d};
  return 0;
}

int date_parse(const char *text, sx_date *out) {
  if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-') return -1;
  return make_date(digits(text, 4), digits(text + 5, 2), digits(text + 8, 2), out);
}

int date_is_set(sx_date d) { return d.year != 0; }

int date_parse_cell(const char *text, size_t length, sx_date *out) {
  while (length && (*text == ' ' || *text == '\t')) text++, length--;
  while (length && (text[length - 1] == ' ' || text[length - 1] == '\t')) length--;
  if (length != 10) return -1;
  if (text[4] == '-' && text[7] == '-') /* YYYY-MM-DD */
    return make_date(digits(text, 4), digits(text + 5, 2), digits(text + 8, 2), out);
  if (text[2] == '/' && text[5] == '/') /* DD/MM/YYYY */
    return make_date(digits(text + 6, 4), digits(text + 3, 2), digits(text, 2), out);
  return -1;
}

/* Two digits' value, or 10000 (too large for any part of a date, even times 100)
 * when either is not a digit. */
static inline unsigned two_digits(const unsigned char *s) {
  const unsigned tens = (unsigned)s[0] - '0', ones = (unsigned)s[1] - '0';
  return tens > 9 || ones > 9 ? 10000u : tens * 10 + ones;
}

int date_cell_days(const char *text, size_t length, long *days) {
  /* Dates of birth and of contact fill whole columns: ten bytes in the years
   * 1901-2099, where every fourth year is a leap year, take no loop. */
  static const unsigned short before_month[12] = {0,   31,  59,  90,  120, 151,
                                                  181, 212, 243, 273, 304, 334};
  const unsigned char *s = (const unsigned char *)text;
  if (length == 10) {
    unsigned y = 10000, m = 0, d = 0;
    if (s[4] == '-' && s[7] == '-') {
      y = two_digits(s) * 100 + two_digits(s + 2), m = two_digits(s + 5), d = two_digits(s + 8);
    } else if (s[2] == '/' && s[5] == '/') {
      d = two_digits(s), m = two_digits(s + 3), y = two_digits(s + 6) * 100 + two_digits(s + 8);
    }
    if (y >= 1901 && y <= 2099 && m >= 1 && m <= 12 && d >= 1) {
      if (d > (unsigned)days_in_month((int)y, (int)m)) return -1;
      /* 1970 starts the count; (y - 1) / 4 - 492 leap days lie between */
      *days = 365L * ((long)y - 1970) + (long)((y - 1) / 4) - 492 + before_month[m - 1] +
              (m > 2 && (y & 3) == 0) + (d - 1);
      return 0;
    }
  }
  sx_date date;
  if (date_parse_cell(text, length, &date) != 0) return -1;
  *days = date_to_days(date);
  return 0;
}

sx_date date_from_days(long days) {
  long year;
  int month, day;
  civil_days_to_date(days, &year, &month, &day);
  return (sx_date){(int)year, month, day};
}

void date_format(sx_date d, char buffer[11]) {
  unsigned year = (unsigned)d.year % 10000u, month = (unsigned)d.month % 100u, day = (unsigned)d.day % 100u;
  snprintf(buffer, 11, "%04u-%02u-%02u", year, month, day);
}

sx_date date_today(void) {
  time_t now = time(NULL);
  struct tm local;
  localtime_r(&now, &local);
  return (sx_date){local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}
