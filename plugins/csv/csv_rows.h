/* csv_rows.h: runs of plain records read straight into the host's cells.
 * Nearly every record of an authority's extract is plain: ASCII, unquoted, one
 * line. Such records need no parser state, so a run of them is read 64 bytes at
 * a time, every field found by one pass of compares and written as a cell in
 * place. Anything else (a quote, a lone CR, NUL, a byte of a multi-byte
 * character, an empty line, another number of fields) ends the run and is left
 * to csv_reader.c, which reads it carefully and says what is wrong. */
#ifndef SUSTAIN_CSV_ROWS_H
#define SUSTAIN_CSV_ROWS_H

#include <stddef.h>

#include "sustain/plugin.h"

/* Reads plain records from at, each of exactly `columns` fields and ended by LF or
 * CRLF before end, until max_rows are read or the next record is not plain (or
 * its line break lies in the last 63 bytes before end, which it does not read).
 * Writes each row's cells, row after row, into cells (max_rows * columns of room;
 * texts point into the input) and sets *next past the last row read. Returns how
 * many rows were read, each one line of the input; 0 when the record at `at` is
 * not plain or SSE2 is not available. */
size_t csv_plain_rows(const char *at, const char *end, unsigned char delimiter, size_t columns,
                      sustain_cell *cells, size_t max_rows, const char **next);

#endif
