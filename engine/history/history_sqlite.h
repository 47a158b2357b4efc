/* history_sqlite.h: the history kept in an embedded SQLite file ([history] path). The
 * file is in WAL mode with a busy timeout, so concurrent writers wait for each other; a
 * record is one transaction; the schema carries a version and an application id. */
#ifndef SUSTAIN_HISTORY_SQLITE_H
#define SUSTAIN_HISTORY_SQLITE_H

#include "history_backend.h"

extern const history_store history_sqlite_store;

#endif
