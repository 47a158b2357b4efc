/* ssda903_reader.h: an SSDA903 XML export read as one table (ssda903_layout.h), a piece of
 * the file at a time, with expat. Rows go to a sink a child at a time, so memory holds
 * one child's values however large the file; problems go to the sink with their line
 * and column, in words that never quote a value of the file, since values are a child's
 * data. The plugin (ssda903_plugin.c) feeds it the file; the fuzz target feeds it bytes. */
#ifndef SUSTAIN_SSDA903_READER_H
#define SUSTAIN_SSDA903_READER_H

#include <stddef.h>

#include "ssda903_layout.h"
#include "sustain/plugin.h"

/* Room for one message, with its NUL. */
#define SSDA903_MESSAGE_SIZE 512

/* The longest value a field may hold, in bytes: far more than any field of the return
 * (a postcode, a date, a code, a 13-character UPN), so that a file whose values are
 * something else is refused instead of being held whole. */
#define SSDA903_VALUE_MAX 1024

/* The most rows one child may give (its episodes, say), and the most bytes of values
 * held for one child: a real return has tens of episodes a child at most. Both bound
 * what the reader holds between two children. */
#define SSDA903_CHILD_MAX_ROWS 10000
#define SSDA903_CHILD_MAX_BYTES (8 * 1024 * 1024)

/* Where the reader's rows and messages go. */
typedef struct ssda903_sink {
  void *context;
  /* row_count whole rows of the table's columns, row after row: ssda903_table_width
   * cells each, length 0 for a missing value, dates as YYYY-MM-DD. lines[i] is row i's
   * line in the file. The cells are valid during the call only. Returns 0, or -1 to
   * stop reading (the sink has recorded why). */
  int (*rows)(void *context, const sustain_cell *cells, size_t row_count, const long *lines);
  /* A problem at line:column of the file (1-based; 0 when unknown): an error, after
   * which reading stops, or a warning, after which it goes on. */
  void (*message)(void *context, int is_error, long line, long column, const char *text);
} ssda903_sink;

typedef struct ssda903_reader ssda903_reader;

/* A reader of `table` into `sink` (copied). NULL when memory runs out. */
ssda903_reader *ssda903_reader_new(const ssda903_table *table, const ssda903_sink *sink);

/* Reads the next `length` bytes of the file; `last` is nonzero with its end (length may
 * then be 0). Returns 0, or -1 once reading has stopped: an error was sent to the sink,
 * or the sink refused rows. Every later call returns -1. */
int ssda903_reader_feed(ssda903_reader *reader, const char *bytes, size_t length, int last);

void ssda903_reader_free(ssda903_reader *reader);

#endif
