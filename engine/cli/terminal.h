/* terminal.h: what the command line asks of the terminal it writes to, by the usual
 * conventions: whether to colour (--color, NO_COLOR, TERM=dumb) and how wide a line may be
 * (COLUMNS, the terminal's own width). main.c decides with these; the writers only receive
 * the answers (report_text_style). */
#ifndef SUSTAIN_TERMINAL_H
#define SUSTAIN_TERMINAL_H

/* Text is wrapped at this width when nothing says otherwise (not a terminal, no COLUMNS). */
#define TERMINAL_DEFAULT_WIDTH 80

/* ... and never narrower than this, whatever COLUMNS or a terminal says: below it, an
 * indented list item would have room for a word or two a line. */
#define TERMINAL_MIN_WIDTH 40

/* --color=WHEN. */
typedef enum terminal_color_mode {
  TERMINAL_COLOR_AUTO,   /* on a terminal that can show it, unless the user said no */
  TERMINAL_COLOR_ALWAYS, /* wherever the output goes, NO_COLOR and TERM notwithstanding */
  TERMINAL_COLOR_NEVER
} terminal_color_mode;

/* Parses "auto", "always" or "never". Returns 0 and sets *out, or -1. */
int terminal_color_mode_parse(const char *text, terminal_color_mode *out);

/* Whether output to file descriptor fd is coloured: always; never; or, for auto, when fd
 * is a terminal, NO_COLOR is unset or empty (https://no-color.org: any other value turns
 * colour off) and TERM is not "dumb" (a terminal that cannot show escapes). */
int terminal_wants_color(terminal_color_mode mode, int fd);

/* The width to wrap text at, in columns: COLUMNS when it holds a whole number, else the
 * width of the terminal fd is, else TERMINAL_DEFAULT_WIDTH; never below
 * TERMINAL_MIN_WIDTH. */
int terminal_width(int fd);

#endif
