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

int date_parse(const char *text, sx_date *out) {
  if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-') return -1;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9')) return -1;
  int y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  int m = (text[5] - '0') * 10 + (text[6] - '0');
  int d = (text[8] - '0') * 10 + (text[9] - '0');
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return -1;
  *out = (sx_date){y, m, d};
  return 0;
}

int date_is_set(sx_date d) { return d.year != 0; }

int date_parse_cell(const char *text, size_t length, sx_date *out) {
  while (length && (*text == ' ' || *text == '\t')) text++, length--;
  while (length && (text[length - 1] == ' ' || text[length - 1] == '\t')) length--;
  if (length != 10) return -1;
  char iso[11];
  if (text[2] == '/' && text[5] == '/') { /* DD/MM/YYYY */
    memcpy(iso, text + 6, 4);
    iso[4] = '-';
    memcpy(iso + 5, text + 3, 2);
    iso[7] = '-';
    memcpy(iso + 8, text, 2);
  } else {
    memcpy(iso, text, 10);
  }
  iso[10] = '\0';
  return date_parse(iso, out);
}

sx_date date_from_days(long days) {
  /* civil from days: the inverse of date_to_days */
  days += 719468;
  long era = (days >= 0 ? days : days - 146096) / 146097;
  long day_of_era = days - era * 146097;
  long year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  long mp = (5 * day_of_year + 2) / 153;
  int day = (int)(day_of_year - (153 * mp + 2) / 5 + 1);
  int month = (int)(mp < 10 ? mp + 3 : mp - 9);
  long year = year_of_era + era * 400 + (month <= 2);
  return (sx_date){(int)year, month, day};
}

long date_to_days(sx_date d) {
  /* days from civil: shift the year to start in March so February is last */
  long y = d.year - (d.month <= 2);
  long era = (y >= 0 ? y : y - 399) / 400;
  long year_of_era = y - era * 400;
  long day_of_year = (153L * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
  long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
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
