/* csv_names.c: see csv_names.h. */
#include "csv_names.h"

#include <stdlib.h>
#include <string.h>

/* FNV-1a over the name's bytes: names are short, and any spread will do. */
static uint64_t name_hash(const char *text, size_t length) {
  uint64_t hash = 0xcbf29ce484222325u;
  for (size_t i = 0; i < length; i++) {
    hash ^= (unsigned char)text[i];
    hash *= 0x100000001b3u;
  }
  return hash;
}

/* The slot holding the name, or the empty slot where it would go. */
static csv_name_entry *slot_of(const csv_name_set *set, const char *text, size_t length) {
  size_t mask = set->slot_count - 1, i = (size_t)name_hash(text, length) & mask;
  for (;; i = (i + 1) & mask) {
    csv_name_entry *entry = &set->slots[i];
    if (!entry->text ||
        (entry->length == length && memcmp(entry->text, text, length) == 0))
      return entry;
  }
}

int csv_name_set_init(csv_name_set *set, size_t most) {
  size_t slots = 16;
  while (slots < most * 2 + 1) {
    if (slots > SIZE_MAX / 2 / sizeof(csv_name_entry)) return -1;
    slots *= 2;
  }
  set->slots = calloc(slots, sizeof *set->slots);
  set->slot_count = set->slots ? slots : 0;
  return set->slots ? 0 : -1;
}

size_t csv_name_set_add(csv_name_set *set, const char *text, size_t length, size_t index) {
  /* an empty name still needs a pointer that is not NULL to fill its slot */
  csv_name_entry *entry = slot_of(set, text ? text : "", length);
  if (entry->text) return entry->index;
  *entry = (csv_name_entry){text ? text : "", length, index};
  return CSV_NAME_NONE;
}

size_t csv_name_set_find(const csv_name_set *set, const char *text, size_t length) {
  const csv_name_entry *entry = slot_of(set, text ? text : "", length);
  return entry->text ? entry->index : CSV_NAME_NONE;
}

void csv_name_set_free(csv_name_set *set) {
  free(set->slots);
  *set = (csv_name_set){0};
}
