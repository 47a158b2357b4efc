/* records.h: `sustain check --records FILE`. A plan counts the rows that break
 * each data-quality check and never shows them; the data team that fixes them
 * needs to know which they are. This writes, for every authority, the identifier
 * of each row each check finds (the very rows it counts) to FILE, as CSV, in a
 * file only its owner may read, and never anywhere else. */
#ifndef SUSTAIN_RECORDS_H
#define SUSTAIN_RECORDS_H

#include <stddef.h>

#include "diag.h"
#include "engine.h"

/* Why path may not receive identifiers, or NULL when it may: "-", a terminal,
 * standard output or standard error would show them on a screen or mix them into
 * another stream. */
const char *records_target_refused(const char *path);

/* What records_write did. */
typedef struct records_result {
  size_t written; /* records */
  int direct;     /* 1: path was a FIFO, a pipe or a device, written into as it is */
} records_result;

/* Lists the records of every authority (engine_list_checks) and writes them to
 * path: a file atomically, with mode 0600 whatever the umask; a FIFO, a pipe or
 * a device straight into it. The rows of a table without an identifier column
 * are counted in warnings (each at its [source] line), not written. Returns 0;
 * or -1 with the problems in diags, and then nothing is written (an existing
 * file is left as it was). */
int records_write(engine *e, const char *path, records_result *result, diag_list *warnings,
                  diag_list *diags);

#endif
