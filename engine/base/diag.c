/* diag.c: an append-only list of located problems; see diag.h. */
#include "diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "utf8.h"

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
  list->items[list->count++] = (diag){file_copy, line, column, message, 0};
}

void diag_add(diag_list *list, const char *file, long line, long column, const char *format, ...) {
  va_list args;
  va_start(args, format);
  diag_vadd(list, file, line, column, format, args);
  va_end(args);
}

void diag_warn(diag_list *list, const char *file, long line, long column, const char *format,
               ...) {
  size_t before = list->count;
  va_list args;
  va_start(args, format);
  diag_vadd(list, file, line, column, format, args);
  va_end(args);
  if (list->count > before) list->items[before].warning = 1;
}

void diag_copy(diag_list *list, const diag *item) {
  size_t before = list->count;
  diag_add(list, item->file, item->line, item->column, "%s", item->message);
  if (list->count > before) list->items[before].warning = item->warning;
}

size_t diag_error_count(const diag_list *list) {
  size_t errors = 0;
  for (size_t i = 0; i < list->count; i++) errors += !list->items[i].warning;
  return errors;
}

void diag_list_clear(diag_list *list) {
  for (size_t i = 0; i < list->count; i++) {
    free(list->items[i].file);
    free(list->items[i].message);
  }
  free(list->items);
  *list = (diag_list){0};
}

/* The visible form of one ASCII control character, in buf. */
static const char *control_escape(unsigned char c, char buf[5]) {
  if (c == '\t') return "\\t";
  if (c == '\r') return "\\r";
  if (c == '\n') return "\\n";
  snprintf(buf, 5, "\\x%02x", c);
  return buf;
}

void diag_put_clean(FILE *out, const char *text, int keep_newlines) {
  const unsigned char *bytes = (const unsigned char *)text;
  size_t length = strlen(text), run_start = 0, i = 0;
  while (i < length) {
    unsigned char c = bytes[i];
    size_t consumed = 1;
    char buf[8];
    const char *escape = NULL;
    if (c < 0x20 || c == 0x7f) {
      if (c != '\n' || !keep_newlines) escape = control_escape(c, buf);
    } else if (c >= 0x80) {
      if (utf8_next(bytes + i, length - i, &consumed) != UTF8_VALID) {
        consumed = 1; /* each byte shown, so the reader sees exactly what was there */
        snprintf(buf, sizeof buf, "\\x%02x", c);
        escape = buf;
      } else if (utf8_is_display_control(utf8_code_point(bytes + i, consumed))) {
        snprintf(buf, sizeof buf, "\\u%04x",
                 (unsigned)(utf8_code_point(bytes + i, consumed) & 0xFFFF)); /* all below */
        escape = buf;
      }
    }
    if (escape) {
      fwrite(text + run_start, 1, i - run_start, out);
      fputs(escape, out);
      run_start = i + consumed;
    }
    i += consumed;
  }
  fwrite(text + run_start, 1, length - run_start, out);
}

void diag_printf(FILE *out, const char *format, ...) {
  va_list args;
  va_start(args, format);
  char *text = NULL;
  int n = vasprintf(&text, format, args);
  va_end(args);
  if (n < 0) return; /* out of memory: nothing sensible to print */
  int newline = n > 0 && text[n - 1] == '\n';
  if (newline) text[n - 1] = '\0';
  diag_put_clean(out, text, 0);
  if (newline) fputc('\n', out);
  free(text);
}

void diag_print(const diag *d, FILE *out) {
  if (d->warning) fputs("warning: ", out);
  if (d->file) {
    diag_put_clean(out, d->file, 0);
    if (d->line > 0) fprintf(out, ":%ld", d->line);
    if (d->line > 0 && d->column > 0) fprintf(out, ":%ld", d->column);
    fputs(": ", out);
  }
  diag_put_clean(out, d->message, 0);
  fputc('\n', out);
}
