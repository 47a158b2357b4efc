/* output_format.c: the output formats' names; see output_format.h. */
#include "output_format.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

/* Names in the order of the enum. */
static const char *const output_format_names[] = {"text", "markdown", "json",
                                                   "csv",  "html",     "xlsx"};

#define OUTPUT_FORMAT_COUNT (sizeof output_format_names / sizeof output_format_names[0])

_Static_assert(OUTPUT_FORMAT_COUNT == OUTPUT_XLSX + 1, "one name per format");

int output_format_parse(const char *name, output_format *out) {
  if (!name) return -1;
  for (size_t i = 0; i < OUTPUT_FORMAT_COUNT; i++) {
    if (strcmp(name, output_format_names[i]) == 0) {
      *out = (output_format)i;
      return 0;
    }
  }
  return -1;
}

const char *output_format_name(output_format format) {
  if ((size_t)format < OUTPUT_FORMAT_COUNT) return output_format_names[format];
  return "unknown";
}

int output_format_of_extension(const char *path, output_format *out) {
  static const struct {
    const char *extension;
    output_format format;
  } extensions[] = {{"txt", OUTPUT_TEXT},  {"text", OUTPUT_TEXT},         {"md", OUTPUT_MARKDOWN},
                    {"markdown", OUTPUT_MARKDOWN}, {"json", OUTPUT_JSON}, {"csv", OUTPUT_CSV},
                    {"html", OUTPUT_HTML}, {"htm", OUTPUT_HTML}, {"xlsx", OUTPUT_XLSX}};
  const char *slash = path ? strrchr(path, '/') : NULL;
  const char *name = slash ? slash + 1 : path;
  const char *dot = name ? strrchr(name, '.') : NULL;
  if (!dot || dot == name) return -1; /* no extension, or a hidden file's name */
  for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
    if (strcasecmp(dot + 1, extensions[i].extension) == 0) {
      *out = extensions[i].format;
      return 0;
    }
  }
  return -1;
}
