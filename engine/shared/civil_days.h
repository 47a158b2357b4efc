/* civil_days.h: proleptic Gregorian dates as days since 1970-01-01, and back, for the host
 * (date.h) and the plugins that turn other calendars into dates (an Excel serial day).
 * Header-only and inline: a plugin links no host symbol, and the table builder turns every
 * date cell into days. The year is shifted to start in March, so February comes last and
 * a leap day needs no special case; 146097 days make 400 years. */
#ifndef SUSTAIN_CIVIL_DAYS_H
#define SUSTAIN_CIVIL_DAYS_H

/* Days since 1970-01-01 (negative before) of year-month-day. */
static inline long civil_days_from_date(long year, int month, int day) {
  long y = year - (month <= 2);
  long era = (y >= 0 ? y : y - 399) / 400;
  long year_of_era = y - era * 400;
  long day_of_year = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

/* The year, month and day of a count of days since 1970-01-01: the inverse of the above. */
static inline void civil_days_to_date(long days, long *year, int *month, int *day) {
  days += 719468;
  long era = (days >= 0 ? days : days - 146096) / 146097;
  long day_of_era = days - era * 146097;
  long year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  long mp = (5 * day_of_year + 2) / 153;
  *day = (int)(day_of_year - (153 * mp + 2) / 5 + 1);
  *month = (int)(mp < 10 ? mp + 3 : mp - 9);
  *year = year_of_era + era * 400 + (*month <= 2);
}

#endif
