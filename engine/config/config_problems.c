/* config_problems.c: counting the problems of a config file as they are added; see
 * config_problems.h. */
#include "config_problems.h"

#include <stdarg.h>

void config_problem(config_problems *problems, int line, const char *format, ...) {
  va_list args;
  va_start(args, format);
  diag_vadd(problems->diags, problems->file, line, 0, format, args);
  va_end(args);
  problems->count++;
}
