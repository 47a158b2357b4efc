/* terminal.c: colour and width by the terminal's conventions; see terminal.h. */
#include "terminal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int terminal_color_mode_parse(const char *text, terminal_color_mode *out) {
  static const char *const names[] = {"auto", "always", "never"};
  for (int i = 0; i < 3; i++) {
    if (text && strcmp(text, names[i]) == 0) {
      *out = (terminal_color_mode)i;
      return 0;
    }
  }
  return -1;
}

int terminal_wants_color(terminal_color_mode mode, int fd) {
  if (mode != TERMINAL_COLOR_AUTO) return mode == TERMINAL_COLOR_ALWAYS;
  const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");
  if (no_color && *no_color) return 0;
  if (term && strcmp(term, "dumb") == 0) return 0;
  return isatty(fd);
}

/* A whole number of columns from the environment, or 0. */
static int columns_from_environment(void) {
  const char *text = getenv("COLUMNS");
  if (!text || !*text) return 0;
  char *end;
  errno = 0;
  long columns = strtol(text, &end, 10);
  if (errno || *end || columns <= 0 || columns > 100000) return 0;
  return (int)columns;
}

int terminal_width(int fd) {
  int width = columns_from_environment();
  struct winsize size;
  if (!width && isatty(fd) && ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    width = size.ws_col;
  if (!width) width = TERMINAL_DEFAULT_WIDTH;
  return width < TERMINAL_MIN_WIDTH ? TERMINAL_MIN_WIDTH : width;
}
