/* pg_tidy.h: libpq's and the server's messages made safe to show, shared by the
 * postgres plugin and the PostgreSQL history store (engine/history_postgres.c),
 * each of which links its own copy: a plugin never links against host symbols. */
#ifndef SUSTAIN_PG_TIDY_H
#define SUSTAIN_PG_TIDY_H

#include <stddef.h>

/* What a password is shown as. */
#define PG_TIDY_REDACTED "********"

/* Copies message into buffer (size bytes) as one tidy line: runs of blanks and
 * line breaks become one space, and every occurrence of password (NULL or empty:
 * none) becomes PG_TIDY_REDACTED, so a message can never leak it. Returns buffer. */
const char *pg_tidy(const char *message, const char *password, char *buffer, size_t size);

#endif
