/* ssda903_date.c: DD/MM/YYYY (and YYYY-MM-DD) to YYYY-MM-DD, refusing days that do not exist. */
#include "ssda903_date.h"

/* The number that `count` digits at text make, or -1 when one is not a digit. */
static int digits(const char *text, int count) {
  int value = 0;
  for (int i = 0; i < count; i++) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

static int days_in_month(int year, int month) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

int ssda903_date_to_iso(const char *text, size_t length, char iso[SSDA903_ISO_DATE_SIZE]) {
  if (length != 10) return -1;
  int day, month, year;
  if (text[2] == '/' && text[5] == '/') {
    day = digits(text, 2), month = digits(text + 3, 2), year = digits(text + 6, 4);
  } else if (text[4] == '-' && text[7] == '-') {
    year = digits(text, 4), month = digits(text + 5, 2), day = digits(text + 8, 2);
  } else {
    return -1;
  }
  if (day < 1 || month < 1 || month > 12 || year < 1 || day > days_in_month(year, month))
    return -1;
  const int parts[3][2] = {{year, 4}, {month, 2}, {day, 2}};
  char *out = iso;
  for (int p = 0; p < 3; p++) {
    if (p) *out++ = '-';
    for (int place = parts[p][1] - 1, value = parts[p][0]; place >= 0; place--, value /= 10)
      out[place] = (char)('0' + value % 10);
    out += parts[p][1];
  }
  *out = '\0';
  return 0;
}
