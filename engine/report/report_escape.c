/* report_escape.c: each format's escapes; see report_escape.h. */
#include "report_escape.h"

#include <stddef.h>

static int is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

const char *report_escape_plain(unsigned char c) { return is_control(c) ? " " : NULL; }

const char *report_escape_markdown(unsigned char c) {
  if (is_control(c)) return " ";
  if (c == '|') return "\\|";
  if (c == '<') return "&lt;";
  return NULL;
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
  return is_control(c) ? " " : NULL;
}
