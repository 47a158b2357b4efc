/* xlsx_cell.c: references, date serials and the shape of numbers and dates; see
 * xlsx_cell.h. */
#include "xlsx_cell.h"

#include <math.h>

#include "civil_days.h"

/* The last serial of each date system Excel shows: 9999-12-31. */
#define XLSX_LAST_SERIAL_1900 2958465.0
#define XLSX_LAST_SERIAL_1904 2957003.0

/* The serial the 1900 system gives to 29 February 1900, a day that never was. */
#define XLSX_PHANTOM_LEAP_DAY 60

int xlsx_ref_parse(const char *text, unsigned long *row, unsigned long *column, const char **end) {
  const char *c = text;
  unsigned long col = 0, r = 0;
  if (*c == '$') c++;
  for (; (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z'); c++) {
    col = col * 26 + (unsigned long)((*c | 0x20) - 'a' + 1);
    if (col > XLSX_MAX_COLUMN) return -1;
  }
  if (*c == '$') c++;
  const char *digits = c;
  for (; *c >= '0' && *c <= '9'; c++) {
    r = r * 10 + (unsigned long)(*c - '0');
    if (r > XLSX_MAX_ROW) return -1;
  }
  if (col == 0 || c == digits || r == 0) return -1;
  if (end)
    *end = c;
  else if (*c)
    return -1;
  *row = r;
  *column = col;
  return 0;
}

void xlsx_ref_format(unsigned long row, unsigned long column, char out[XLSX_REF_SIZE]) {
  char letters[8];
  int count = 0;
  for (; column > 0 && count < 7; column = (column - 1) / 26)
    letters[count++] = (char)('A' + (column - 1) % 26);
  int at = 0;
  while (count > 0) out[at++] = letters[--count];
  char digits[24];
  int count_digits = 0;
  for (; row > 0 && count_digits < 7; row /= 10) digits[count_digits++] = (char)('0' + row % 10);
  while (count_digits > 0) out[at++] = digits[--count_digits];
  out[at] = '\0';
}

/* Days from 1970-01-01 back to each system's day 0: 1899-12-31 (1900, before its phantom
 * day), 1899-12-30 (1900, after it) and 1904-01-01. */
#define XLSX_EPOCH_1900_EARLY (-25568L)
#define XLSX_EPOCH_1900 (-25569L)
#define XLSX_EPOCH_1904 (-24107L)

int xlsx_serial_date(double serial, int date1904, char out[XLSX_DATE_SIZE]) {
  if (!isfinite(serial)) return -1;
  double whole = floor(serial);
  long days;
  if (date1904) {
    if (whole < 0 || whole > XLSX_LAST_SERIAL_1904) return -1;
    days = XLSX_EPOCH_1904 + (long)whole;
  } else {
    if (whole < 1 || whole > XLSX_LAST_SERIAL_1900 || whole == XLSX_PHANTOM_LEAP_DAY) return -1;
    days = (whole < XLSX_PHANTOM_LEAP_DAY ? XLSX_EPOCH_1900_EARLY : XLSX_EPOCH_1900) + (long)whole;
  }
  long year;
  int month, day;
  civil_days_to_date(days, &year, &month, &day);
  const int parts[] = {(int)(year / 100), (int)(year % 100), month, day};
  for (int p = 0, at = 0; p < 4; p++) { /* YYYY-MM-DD: the year is 1900 to 9999 */
    out[at++] = (char)('0' + parts[p] / 10);
    out[at++] = (char)('0' + parts[p] % 10);
    if (p >= 1 && p < 3) out[at++] = '-';
  }
  out[XLSX_DATE_SIZE - 1] = '\0';
  return 0;
}

int xlsx_text_is_number(const char *text, size_t length) {
  size_t i = 0, digits = 0;
  while (i < length && (text[i] == ' ' || text[i] == '\t')) i++;
  while (length > i && (text[length - 1] == ' ' || text[length - 1] == '\t')) length--;
  if (i < length && (text[i] == '+' || text[i] == '-')) i++;
  for (; i < length && text[i] >= '0' && text[i] <= '9'; i++) digits++;
  if (i < length && text[i] == '.')
    for (i++; i < length && text[i] >= '0' && text[i] <= '9'; i++) digits++;
  if (digits == 0) return 0;
  if (i < length && (text[i] == 'e' || text[i] == 'E')) {
    i++;
    if (i < length && (text[i] == '+' || text[i] == '-')) i++;
    size_t exponent = 0;
    for (; i < length && text[i] >= '0' && text[i] <= '9'; i++) exponent++;
    if (exponent == 0) return 0;
  }
  return i == length;
}

/* Reads count digits at text into *value; 0, or -1 when one is not a digit. */
static int read_digits(const char *text, int count, int *value) {
  *value = 0;
  for (int i = 0; i < count; i++) {
    if (text[i] < '0' || text[i] > '9') return -1;
    *value = *value * 10 + (text[i] - '0');
  }
  return 0;
}

static int is_real_day(int year, int month, int day) {
  static const int month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > month_days[month - 1]) return 0;
  int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month != 2 || day <= 28 + leap;
}

int xlsx_text_is_date(const char *text, size_t length) {
  if (length != 10) return 0;
  int year, month, day;
  if (text[4] == '-' && text[7] == '-')
    return read_digits(text, 4, &year) == 0 && read_digits(text + 5, 2, &month) == 0 &&
           read_digits(text + 8, 2, &day) == 0 && is_real_day(year, month, day);
  if (text[2] == '/' && text[5] == '/')
    return read_digits(text, 2, &day) == 0 && read_digits(text + 3, 2, &month) == 0 &&
           read_digits(text + 6, 4, &year) == 0 && is_real_day(year, month, day);
  return 0;
}
