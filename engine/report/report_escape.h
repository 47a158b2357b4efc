/* report_escape.h: how text from a plan or a history is made safe in each format, as
 * report_escape_fn answers for report_put_clean (report_sink.h). One place per format, so
 * the plan writers and `sustain history`'s writer escape alike. (CSV's quoting belongs to
 * its one writer, report_csv.c.) */
#ifndef SUSTAIN_REPORT_ESCAPE_H
#define SUSTAIN_REPORT_ESCAPE_H

/* Text for a terminal or a file: control characters become spaces, since a newline would
 * break the layout and an escape would reach the terminal. */
const char *report_escape_plain(unsigned char c);

/* Markdown, safe anywhere on one line: `|` is escaped for tables, `<` becomes an entity so
 * no HTML gets through, control characters (newlines too: they would end a table row or a
 * list item) become spaces. */
const char *report_escape_markdown(unsigned char c);

/* HTML: the five characters with a meaning in HTML become references, so text is inert in
 * content and in double- or single-quoted attributes; control characters (which HTML
 * forbids or folds) become spaces. */
const char *report_escape_html(unsigned char c);

#endif
