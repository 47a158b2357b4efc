/* ssda903_date.h: the dates of an SSDA903 export, DD/MM/YYYY, as the engine's YYYY-MM-DD. */
#ifndef SUSTAIN_SSDA903_DATE_H
#define SUSTAIN_SSDA903_DATE_H

#include <stddef.h>

/* Room for a YYYY-MM-DD date and its NUL. */
#define SSDA903_ISO_DATE_SIZE 11

/* Writes the date `text` (length bytes) as YYYY-MM-DD into iso. It must be DD/MM/YYYY,
 * as the return writes dates, or already YYYY-MM-DD, with two-digit day and month and a
 * four-digit year, and a day that exists (31/04 and 29/02 of a year not a leap year do
 * not). Returns 0, or -1 when the text is not such a date. */
int ssda903_date_to_iso(const char *text, size_t length, char iso[SSDA903_ISO_DATE_SIZE]);

#endif
