/* report_escape.c: each format's escapes; see report_escape.h. */
#include "report_escape.h"

#include <stddef.h>

/* U+FFFD REPLACEMENT CHARACTER: a character was there that is not shown. */
#define ESCAPE_REPLACEMENT "\xEF\xBF\xBD"

const char *report_escape_control(unsigned char c) {
  if (c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r') return " ";
  if (c < 0x20 || c == 0x7f) return ESCAPE_REPLACEMENT;
  return NULL;
}

const char *report_escape_plain(unsigned char c) { return report_escape_control(c); }

const char *report_escape_markdown(unsigned char c) {
  switch (c) {
    case '\\':
      return "\\\\";
    case '`':
      return "\\`";
    case '*':
      return "\\*";
    case '_':
      return "\\_";
    case '[':
      return "\\[";
    case ']':
      return "\\]";
    case '#':
      return "\\#";
    case '~':
      return "\\~";
    case '|':
      return "\\|";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
  }
  return report_escape_control(c);
}

const char *report_escape_html(unsigned char c) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\'':
      return "&#39;";
  }
  return report_escape_control(c);
}
