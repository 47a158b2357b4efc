/* diag.c: an append-only list of located problems; see diag.h. */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"

void diag_vadd(diag_list *list, const char *file, long line, long column, const char *format,
               va_list args) {
  if (grow_array((void **)&list->items, &list->capacity, list->count + 1, sizeof(diag)) != 0) {
    list->out_of_memory = 1;
    return;
  }
  va_list copy;
  va_copy(copy, args);
  int n = vsnprintf(NULL, 0, format, copy);
  va_end(copy);
  char *message = n >= 0 ? malloc((size_t)n + 1) : NULL;
  char *file_copy = file ? strdup(file) : NULL;
  if (!message || (file && !file_copy)) {
    free(message);
    free(file_copy);
    list->out_of_memory = 1;
    return;
  }
  vsnprintf(message, (size_t)n + 1, format, args);
  list->items[list->count++] = (diag){file_copy, line, column, message};
}

void diag_add(diag_list *list, const char *file, long line, long column, const char *format, ...) {
  va_list args;
  va_start(args, format);
  diag_vadd(list, file, line, column, format, args);
  va_end(args);
}

void diag_list_clear(diag_list *list) {
  for (size_t i = 0; i < list->count; i++) {
    free(list->items[i].file);
    free(list->items[i].message);
  }
  free(list->items);
  *list = (diag_list){0};
}

void diag_print(const diag *d, FILE *out) {
  if (d->file) {
    fputs(d->file, out);
    if (d->line > 0) fprintf(out, ":%ld", d->line);
    if (d->line > 0 && d->column > 0) fprintf(out, ":%ld", d->column);
    fputs(": ", out);
  }
  fprintf(out, "%s\n", d->message);
}
