/* pg_tidy.c: messages made safe to show; see pg_tidy.h. */
#include "pg_tidy.h"

#include <ctype.h>
#include <string.h>

const char *pg_tidy(const char *message, const char *password, char *buffer, size_t size) {
  if (password && !password[0]) password = NULL;
  size_t password_length = password ? strlen(password) : 0, used = 0;
  int pending_space = 0;
  for (const char *c = message ? message : ""; *c && used + 1 < size;) {
    if (password && strncmp(c, password, password_length) == 0) {
      if (pending_space && used > 0 && used + 1 < size) buffer[used++] = ' ';
      pending_space = 0;
      size_t room = size - 1 - used, length = strlen(PG_TIDY_REDACTED);
      memcpy(buffer + used, PG_TIDY_REDACTED, length < room ? length : room);
      used += length < room ? length : room;
      c += password_length;
    } else if (isspace((unsigned char)*c)) {
      pending_space = 1;
      c++;
    } else {
      if (pending_space && used > 0 && used + 2 < size) buffer[used++] = ' ';
      pending_space = 0;
      buffer[used++] = *c++;
    }
  }
  buffer[used] = '\0';
  return buffer;
}
