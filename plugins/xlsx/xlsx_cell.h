/* xlsx_cell.h: what a cell's text means: its reference (B7), a date serial number in
 * either of Excel's date systems, and whether text reads as a number or a date the way
 * sustain reads them, so that a cell that does not fit its declared type is reported at
 * the cell. */
#ifndef SUSTAIN_XLSX_CELL_H
#define SUSTAIN_XLSX_CELL_H

#include <stddef.h>

/* Excel's largest sheet. */
#define XLSX_MAX_ROW 1048576UL
#define XLSX_MAX_COLUMN 16384UL

/* Room for a reference such as XFD1048576, with its NUL. */
#define XLSX_REF_SIZE 16

/* Room for a date as sustain reads it, YYYY-MM-DD, with its NUL. */
#define XLSX_DATE_SIZE 11

/* Reads a cell reference (B7, $B$7) into its 1-based row and column. When the text
 * stops after the reference, *end (when not NULL) points there. Returns 0, or -1 when
 * it is not a reference on Excel's sheet. */
int xlsx_ref_parse(const char *text, unsigned long *row, unsigned long *column, const char **end);

/* Writes the reference of a 1-based row and column (column alone when row is 0). */
void xlsx_ref_format(unsigned long row, unsigned long column, char out[XLSX_REF_SIZE]);

/* The date a serial number stands for, as YYYY-MM-DD, in the 1900 date system (day 1 is
 * 1900-01-01, and day 60 is the 29 February 1900 that Excel counts but the calendar
 * never had) or the 1904 one (day 0 is 1904-01-01). A time of day is dropped. Returns 0,
 * or -1 for a serial that is no date: day 60 of 1900, before the first day, or after
 * 9999-12-31. */
int xlsx_serial_date(double serial, int date1904, char out[XLSX_DATE_SIZE]);

/* Whether text is a decimal number as sustain reads one: a sign, digits with a point,
 * an exponent, blanks around. */
int xlsx_text_is_number(const char *text, size_t length);

/* Whether text is a date as sustain reads one: YYYY-MM-DD or DD/MM/YYYY, a real day. */
int xlsx_text_is_date(const char *text, size_t length);

#endif
