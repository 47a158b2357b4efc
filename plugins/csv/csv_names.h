/* csv_names.h: a set of names, for finding a name among thousands at once.
 * The header's names are checked for repeats, and the types option's columns
 * found among them, by hashing: comparing every pair would cost time growing
 * with the square of the column count. The set points into the caller's
 * names, which must outlive it. */
#ifndef SUSTAIN_CSV_NAMES_H
#define SUSTAIN_CSV_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* Returned when a name is not in the set. */
#define CSV_NAME_NONE SIZE_MAX

typedef struct csv_name_entry {
  const char *text; /* NULL: an empty slot */
  size_t length;
  size_t index; /* the caller's number for the name */
} csv_name_entry;

typedef struct csv_name_set {
  csv_name_entry *slots; /* open addressing, at most half full */
  size_t slot_count;     /* a power of two */
} csv_name_set;

/* Readies a set for up to most names. Returns 0, or -1 on out of memory. */
int csv_name_set_init(csv_name_set *set, size_t most);

/* Adds text[0..length) as name number index, unless an equal name is there
 * already: then returns that name's index and adds nothing. Returns
 * CSV_NAME_NONE when the name was added. At most `most` names may be added. */
size_t csv_name_set_add(csv_name_set *set, const char *text, size_t length, size_t index);

/* The index of the name equal to text[0..length), or CSV_NAME_NONE. */
size_t csv_name_set_find(const csv_name_set *set, const char *text, size_t length);

void csv_name_set_free(csv_name_set *set);

#endif
