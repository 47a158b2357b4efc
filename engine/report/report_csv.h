/* report_csv.h: what every CSV that sustain writes shares with the plan's CSV writer
 * (report_csv.c): RFC 4180 records after a byte order mark, and text fields quoted when
 * needed and guarded against formulas. `sustain history --format csv` writes through it,
 * so both files are read the same way by a spreadsheet. */
#ifndef SUSTAIN_REPORT_CSV_H
#define SUSTAIN_REPORT_CSV_H

#include "report_sink.h"

/* Excel reads a UTF-8 file as UTF-8 only when it starts with a byte order mark (its own
 * "CSV UTF-8" writes one); other readers, ours included, skip it. */
#define REPORT_CSV_BYTE_ORDER_MARK "\xEF\xBB\xBF"

/* RFC 4180's record separator. */
#define REPORT_CSV_RECORD_END "\r\n"

/* Writes a text field from data or rules: quoted when it holds a comma, a quote, a line
 * break or edge spaces (quotes doubled inside), other control characters as spaces, and a
 * leading apostrophe when it would start a formula (=, +, -, @, tab, CR). NULL writes an
 * empty field. */
void report_csv_text_field(report_sink *sink, const char *text);

#endif
