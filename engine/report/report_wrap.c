/* report_wrap.c: breaking a long line at spaces, with a hanging indent; see report_wrap.h. */
#include "report_wrap.h"

#include <ctype.h>

/* The length of the ANSI SGR sequence at text (ESC [ digits and ; ... m), or 0. */
static size_t escape_length(const char *text, size_t length) {
  if (length < 2 || text[0] != '\033' || text[1] != '[') return 0;
  for (size_t i = 2; i < length; i++)
    if (text[i] == 'm') return i + 1;
    else if (!isdigit((unsigned char)text[i]) && text[i] != ';') return 0;
  return 0;
}

size_t report_wrap_columns(const char *text, size_t length) {
  size_t columns = 0;
  for (size_t i = 0; i < length;) {
    size_t escape = escape_length(text + i, length - i);
    if (escape) {
      i += escape;
      continue;
    }
    columns += ((unsigned char)text[i] & 0xC0) != 0x80; /* a lead byte starts a character */
    i++;
  }
  return columns;
}

/* The indent of the lines after the first: past the line's indent and its list marker
 * ("- " or digits and ". "), or two spaces more without one; half the width at most. */
static size_t hanging_indent(const char *line, size_t length, size_t width) {
  size_t indent = 0;
  while (indent < length && line[indent] == ' ') indent++;
  size_t marker = 0;
  if (indent + 1 < length && line[indent] == '-' && line[indent + 1] == ' ') {
    marker = 2;
  } else {
    size_t digits = 0;
    while (indent + digits < length && isdigit((unsigned char)line[indent + digits])) digits++;
    if (digits && indent + digits + 1 < length && line[indent + digits] == '.' &&
        line[indent + digits + 1] == ' ')
      marker = digits + 2;
  }
  size_t hang = indent + (marker ? marker : 2);
  return hang > width / 2 ? width / 2 : hang;
}

static void emit_spaces(report_wrap_emit emit, void *context, size_t n) {
  static const char spaces[] = "                                ";
  for (; n > sizeof spaces - 1; n -= sizeof spaces - 1) emit(context, spaces, sizeof spaces - 1);
  emit(context, spaces, n);
}

void report_wrap_line(const char *line, size_t length, size_t width, report_wrap_emit emit,
                      void *context) {
  if (width == 0 || report_wrap_columns(line, length) <= width) {
    emit(context, line, length);
    emit(context, "\n", 1);
    return;
  }
  size_t hang = hanging_indent(line, length, width);
  size_t i = 0;
  while (i < length && line[i] == ' ') i++;
  emit(context, line, i); /* the first line's own indent */
  size_t column = i, words_on_line = 0;
  while (i < length) {
    size_t gap = i;
    while (i < length && line[i] == ' ') i++; /* the spaces before the next word */
    size_t word = i;
    while (i < length && line[i] != ' ') i++;
    size_t spaces = word - gap, columns = report_wrap_columns(line + word, i - word);
    if (i == word) { /* spaces at the end of the line: kept where they fit */
      if (column + spaces <= width) emit(context, line + gap, spaces);
      break;
    }
    if (words_on_line && column + spaces + columns > width) {
      emit(context, "\n", 1);
      emit_spaces(emit, context, hang);
      column = hang;
      words_on_line = 0;
    } else {
      emit(context, line + gap, spaces);
      column += spaces;
    }
    emit(context, line + word, i - word);
    column += columns;
    words_on_line++;
  }
  emit(context, "\n", 1);
}
