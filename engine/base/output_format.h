/* output_format.h: the output formats and their names, the words of --format, of
 * `format =` in the INI file and of `sustain history --format`, in one list, so that what
 * the config accepts, what the writers write and what sustain history offers cannot drift.
 * (The messages that list the names are in config.c and main.c.) */
#ifndef SUSTAIN_OUTPUT_FORMAT_H
#define SUSTAIN_OUTPUT_FORMAT_H

typedef enum output_format {
  OUTPUT_TEXT,
  OUTPUT_MARKDOWN,
  OUTPUT_JSON,
  OUTPUT_CSV,
  OUTPUT_HTML,
  OUTPUT_XLSX /* a workbook of a plan's actions: no other report has one */
} output_format;

/* The format a name ("text", "markdown", "json", "csv", "html", "xlsx") names. Returns 0 and sets
 * *out, or -1 when the name is none of them (NULL included). */
int output_format_parse(const char *name, output_format *out);

/* The name of a format; "unknown" for a value outside the enum. */
const char *output_format_name(output_format format);

/* The format a file name's extension stands for: .txt or .text (text), .md or .markdown,
 * .json, .csv, .html or .htm, .xlsx, in any case. Returns 0 and sets *out, or -1 when the name
 * has none of them (NULL included). */
int output_format_of_extension(const char *path, output_format *out);

#endif
