/* grow.h: growing a malloc'd array by doubling. */
#ifndef SUSTAIN_GROW_H
#define SUSTAIN_GROW_H

#include <stdint.h>
#include <stdlib.h>

/* Makes *array (of *capacity elements of size bytes) hold at least need
 * elements, doubling from 16. Returns 0, or -1 on out of memory (or a size
 * that cannot be represented), leaving the array as it was. */
static inline int grow_array(void **array, size_t *capacity, size_t need, size_t size) {
  if (need <= *capacity) return 0;
  size_t wanted = *capacity ? *capacity : 16;
  while (wanted < need) {
    if (wanted > SIZE_MAX / 2) return -1;
    wanted *= 2;
  }
  if (wanted > SIZE_MAX / size) return -1;
  void *grown = realloc(*array, wanted * size);
  if (!grown) return -1;
  *array = grown;
  *capacity = wanted;
  return 0;
}

/* grow_array for a typed array: GROW(&items, &capacity, need) takes the element size
 * from the array's own type, so it cannot be given the wrong one. */
#define GROW(array, capacity, need) \
  grow_array((void **)(array), (capacity), (need), sizeof **(array))

#endif
