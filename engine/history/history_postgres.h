/* history_postgres.h: the history kept in a shared PostgreSQL database ([history] url),
 * through libpq, which is opened only when such a history is used. The url's password
 * never reaches a message. */
#ifndef SUSTAIN_HISTORY_POSTGRES_H
#define SUSTAIN_HISTORY_POSTGRES_H

#include "history_backend.h"

extern const history_store history_postgres_store;

#endif
