/* report_young_formats.c: the young people's version (report_young.c has its words) laid
 * out as text (headings underlined, wrapped to the terminal), Markdown, and one small HTML
 * page that reads well on a phone: large type, no scripts, no external requests. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_escape.h"
#include "report_html_writer.h"
#include "report_sink.h"
#include "report_young.h"
#include "utf8.h"

/* A heading is collected whole before it is written, so text can underline it. */
#define YOUNG_HEADING_SIZE 1024

/* ** {======================================================================
** Text and Markdown: one line per paragraph and list item.
** ======================================================================= */

typedef struct lines_writer {
  report_sink sink;
  int markdown;
  int item;     /* the number of the item being written in a numbered list; 0 in bullets */
  int numbered; /* inside a numbered list */
  int heading;  /* collecting a heading */
  char text[YOUNG_HEADING_SIZE];
  size_t length;
} lines_writer;

static report_escape_fn lines_escape(const lines_writer *w) {
  return w->markdown ? report_escape_markdown : report_escape_plain;
}

/* Columns a heading takes: one per character (an invalid byte becomes one U+FFFD). */
static size_t heading_width(const char *text, size_t length) {
  size_t width = 0;
  for (size_t i = 0, step; i < length; i += step, width++)
    utf8_next((const unsigned char *)text + i, length - i, &step);
  return width;
}

static void lines_begin(void *writer, report_young_block block) {
  lines_writer *w = writer;
  char buf[32];
  switch (block) {
    case REPORT_YOUNG_HEADING_TITLE:
    case REPORT_YOUNG_HEADING_AUTHORITY:
    case REPORT_YOUNG_HEADING_SECTION:
      w->heading = 1;
      w->length = 0;
      break;
    case REPORT_YOUNG_PARAGRAPH:
      report_put(&w->sink, w->markdown ? "\n" : "  ");
      break;
    case REPORT_YOUNG_BULLETS:
    case REPORT_YOUNG_NUMBERED:
      if (w->markdown) report_put(&w->sink, "\n");
      w->numbered = block == REPORT_YOUNG_NUMBERED;
      w->item = 0;
      break;
    case REPORT_YOUNG_ITEM:
      if (w->numbered) snprintf(buf, sizeof buf, w->markdown ? "%d. " : "    %d. ", ++w->item);
      else snprintf(buf, sizeof buf, "%s", w->markdown ? "- " : "    - ");
      report_put(&w->sink, buf);
      break;
  }
}

/* A collected heading: Markdown's #, ## or ###; text's line underlined with =, - or
 * nothing, after a blank line. */
static void lines_heading(lines_writer *w, report_young_block block) {
  static const char *const marks[] = {"# ", "\n## ", "\n### "};
  static const char underline[] = {'=', '-', 0};
  int level = block - REPORT_YOUNG_HEADING_TITLE;
  w->heading = 0;
  w->text[w->length] = '\0';
  if (w->markdown) report_put(&w->sink, marks[level]);
  else if (level > 0) report_put(&w->sink, "\n");
  report_put_clean(&w->sink, w->text, lines_escape(w));
  report_put(&w->sink, "\n");
  if (!w->markdown && underline[level]) {
    report_put_repeated(&w->sink, underline[level], heading_width(w->text, w->length));
    report_put(&w->sink, "\n");
  }
}

static void lines_end(void *writer, report_young_block block) {
  lines_writer *w = writer;
  if (block <= REPORT_YOUNG_HEADING_SECTION) lines_heading(w, block);
  else if (block == REPORT_YOUNG_PARAGRAPH || block == REPORT_YOUNG_ITEM)
    report_put(&w->sink, "\n");
}

static void lines_collect(lines_writer *w, const char *text) {
  size_t n = strlen(text), room = sizeof w->text - 1 - w->length;
  if (n > room) n = room; /* a heading longer than this is cut, never overrun */
  memcpy(w->text + w->length, text, n);
  w->length += n;
}

static void lines_words(void *writer, const char *text) {
  lines_writer *w = writer;
  if (w->heading) lines_collect(w, text);
  else report_put(&w->sink, text);
}

static void lines_plan_text(void *writer, const char *text) {
  lines_writer *w = writer;
  if (!text) text = "-";
  if (w->heading) lines_collect(w, text);
  else report_put_clean(&w->sink, text, lines_escape(w));
}

static int write_lines(const plan *p, FILE *out, int markdown, size_t width) {
  lines_writer *w = calloc(1, sizeof *w);
  if (!w) return -1;
  w->markdown = markdown;
  report_sink_init(&w->sink, out);
  report_sink_wrap(&w->sink, width);
  const report_young_style style = {w, lines_begin, lines_end, lines_words, lines_plan_text};
  report_young_write(p, &style);
  int status = report_sink_finish(&w->sink);
  int error = errno;
  free(w);
  errno = error;
  return status;
}

int report_young_write_text(const plan *p, FILE *out, size_t width) {
  return write_lines(p, out, 0, width);
}

int report_young_write_markdown(const plan *p, FILE *out) { return write_lines(p, out, 1, 0); }

/* }====================================================================== */

/* ** {======================================================================
** HTML: one page.
** ======================================================================= */

/* Dark text on white (over 15:1), a readable measure and size on any screen. */
static const char young_page_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>" REPORT_YOUNG_TITLE "</title>\n<style>\n"
    "body{font-family:system-ui,sans-serif;font-size:1.15rem;line-height:1.6;color:#1a1a1a;"
    "background:#fff;margin:0 auto;padding:1rem;max-width:40rem}\n"
    "h1{font-size:1.6rem;line-height:1.25}h2{margin-top:2.5rem;border-top:3px solid #0b4f9c;"
    "padding-top:1rem}h3{margin-bottom:.25rem}li{margin:.25rem 0}\n"
    "@media print{body{max-width:none}h2{break-before:page}}\n"
    "</style>\n</head>\n<body>\n<main>\n";

static void html_begin(void *writer, report_young_block block) {
  static const char *const tags[] = {"<h1>", "<section>\n<h2>", "<h3>", "<p>",
                                     "<ul>\n", "<ol>\n", "<li>"};
  html_put(writer, tags[block]);
}

static void html_end(void *writer, report_young_block block) {
  static const char *const tags[] = {"</h1>\n", "</h2>\n", "</h3>\n", "</p>\n",
                                     "</ul>\n", "</ol>\n", "</li>\n"};
  html_put(writer, tags[block]);
}

static void html_words(void *writer, const char *text) { html_put(writer, text); }
static void html_plan_text(void *writer, const char *text) { html_put_text(writer, text); }

/* Each authority's part is a section: the heading opens it, the next one (or the end)
 * closes it. */
typedef struct young_html {
  html_writer h;
  int open_section;
} young_html;

static void young_html_begin(void *writer, report_young_block block) {
  young_html *y = writer;
  if (block == REPORT_YOUNG_HEADING_AUTHORITY && y->open_section) html_put(&y->h, "</section>\n");
  if (block == REPORT_YOUNG_HEADING_AUTHORITY) y->open_section = 1;
  html_begin(&y->h, block);
}

int report_young_write_html(const plan *p, FILE *out) {
  young_html y = {.h = {.plan = p}};
  report_sink_init(&y.h.sink, out);
  html_put(&y.h, young_page_head);
  const report_young_style style = {&y, young_html_begin, html_end, html_words, html_plan_text};
  report_young_write(p, &style);
  if (y.open_section) html_put(&y.h, "</section>\n");
  html_put(&y.h, "</main>\n</body>\n</html>\n");
  return report_sink_finish(&y.h.sink);
}

/* }====================================================================== */
