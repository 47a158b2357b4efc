/* report_escape.h: how text from a plan or a history is made safe in each format, as
 * report_escape_fn answers for report_put_clean (report_sink.h). One place per format, so
 * the plan writers and `sustain history`'s writer escape alike. (CSV's quoting belongs to
 * its one writer, report_csv.c.) Every format shows control characters the same way, and
 * the sink replaces C1 controls and bidirectional overrides and isolates with U+FFFD in
 * every format, so no text from data or rules can drive a terminal or reorder a line. */
#ifndef SUSTAIN_REPORT_ESCAPE_H
#define SUSTAIN_REPORT_ESCAPE_H

/* A control character (below 0x20, and DEL): white space (tab, line feed, vertical tab,
 * form feed, carriage return) becomes a space, since a line break would break the layout;
 * any other (ESC, BEL, NUL, ...) becomes U+FFFD, so what would have driven a terminal is
 * seen to have been there. NULL for any other byte. The formats below start from it. */
const char *report_escape_control(unsigned char c);

/* Text for a terminal or a file: report_escape_control, and nothing else. */
const char *report_escape_plain(unsigned char c);

/* Markdown (CommonMark with GitHub's extensions), safe anywhere inside a line: the
 * characters that start inline markup are backslash-escaped (`\ ` * _ [ ] # ~`), so text
 * from data can make no link, image, emphasis or code span, and `|` cannot end a table
 * cell; `<` and `>` become entities, so no HTML tag or autolink gets through; control
 * characters as report_escape_control (a newline would end a table row or a list item). */
const char *report_escape_markdown(unsigned char c);

/* HTML: the five characters with a meaning in HTML become references, so text is inert in
 * content and in double- or single-quoted attributes; control characters as
 * report_escape_control (HTML forbids or folds them). */
const char *report_escape_html(unsigned char c);

#endif
