/* report_sink.h: where a report writer's bytes go. A sink wraps the output stream and
 * remembers the first failed write, so a writer emits a whole report without checking
 * each call and asks report_sink_finish once. It also cleans text from the plan (rule
 * titles, data values) with the writer's own escapes, so each format says only what it
 * escapes, and invalid UTF-8 is repaired the same way everywhere. */
#ifndef SUSTAIN_REPORT_SINK_H
#define SUSTAIN_REPORT_SINK_H

#include <stddef.h>
#include <stdio.h>

/* The replacement a format needs for one ASCII byte (below 0x80) of plan text, or NULL
 * to keep the byte. Bytes of multi-byte UTF-8 are never offered: they are kept when
 * valid, and replaced by U+FFFD when not, or when they encode a C1 control or a
 * bidirectional override or isolate (utf8_is_display_control). The answer must depend on
 * the byte alone: the sink asks once per byte value and remembers. */
typedef const char *(*report_escape_fn)(unsigned char c);

/* Bytes collected before they go to the stream: a report is many small pieces, and one
 * stdio call each costs more than producing them. */
#define REPORT_SINK_BUFFER_SIZE 65536

typedef struct report_sink {
  FILE *out;
  int error;                    /* first errno from a failed write, 0 while fine */
  size_t wrap_width;            /* wrap lines at this many columns (report_wrap.h); 0: never */
  char *line;                   /* while wrapping: the line being written, not yet wrapped */
  size_t line_length, line_capacity;
  report_escape_fn escape;      /* whose answers `replacements` holds; NULL before any */
  const char *replacements[128]; /* escape's answer per ASCII byte */
  size_t buffered;              /* bytes waiting in buffer */
  char buffer[REPORT_SINK_BUFFER_SIZE];
} report_sink;

/* Starts writing to out. Cannot fail. Bytes reach out in large blocks, all of them by
 * report_sink_finish: write nothing else to out in between. */
void report_sink_init(report_sink *s, FILE *out);

/* From here on, lines longer than width columns are broken at spaces with a hanging indent
 * (report_wrap.h) as each one ends; 0 writes lines as they are. Call it at the start of a
 * line: a table whose rows must stay whole is written with 0, then the width again. */
void report_sink_wrap(report_sink *s, size_t width);

/* Our own bytes and text, written as they are. */
void report_put_bytes(report_sink *s, const char *bytes, size_t n);
void report_put(report_sink *s, const char *text);
void report_put_size(report_sink *s, size_t n);
void report_put_repeated(report_sink *s, char c, size_t n);

/* Text from the plan, each ASCII byte through escape, each invalid UTF-8 sequence and
 * each display control as U+FFFD. A NULL string writes nothing: the writer decides how a
 * gap is shown. */
void report_put_clean(report_sink *s, const char *text, report_escape_fn escape);

/* Hands every byte still held to the stream and flushes it, and frees what wrapping
 * held. Returns 0, or -1 with errno set to the first error of any write or the flush
 * (ENOMEM when a line to wrap could not be held). Does not close: the caller owns the
 * stream. */
int report_sink_finish(report_sink *s);

#endif
