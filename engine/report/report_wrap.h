/* report_wrap.h: long lines of a text report broken at spaces to fit a terminal, with
 * hanging indents, so a list item or a paragraph reads as one block: what follows the
 * first line is indented past the line's own indent and its list marker ("- ", "12. "),
 * or by two more spaces when it has none. The sink does the wrapping when a writer asks
 * for it (report_sink_wrap); this file is the rule, pure and on its own. */
#ifndef SUSTAIN_REPORT_WRAP_H
#define SUSTAIN_REPORT_WRAP_H

#include <stddef.h>

/* Where wrapped bytes go. */
typedef void (*report_wrap_emit)(void *context, const char *bytes, size_t n);

/* The columns text takes on a terminal: one per character (code point), none for an ANSI
 * SGR sequence (ESC [ ... m), which only colours what follows. Text is taken as valid
 * UTF-8, as the sink's cleaning leaves it; characters that take two columns (CJK) are
 * counted as one. */
size_t report_wrap_columns(const char *text, size_t length);

/* Hands line (length bytes, without its newline) to emit, then a newline: as it is when it
 * fits in width columns, else broken at spaces into lines of at most width columns, the
 * spaces at each break dropped, every line after the first indented as above (by at most
 * half the width). A word wider than the room left has a line of its own, whole. */
void report_wrap_line(const char *line, size_t length, size_t width, report_wrap_emit emit,
                      void *context);

#endif
