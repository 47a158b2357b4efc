/* output_file.h: writing a file atomically (temp file in the same folder, fsync,
 * rename), so a failed run never leaves half a plan or destroys the last one. */
#ifndef SUSTAIN_OUTPUT_FILE_H
#define SUSTAIN_OUTPUT_FILE_H

#include <stdio.h>

typedef struct output_file {
  FILE *stream;    /* write here */
  int fd;          /* the temp file, for the sync at commit (stream may not expose it) */
  char *path;      /* the final path */
  char *temp_path; /* where the bytes go until commit */
} output_file;

/* Opens a temporary file beside path. Returns 0, or -1 with errno set. */
int output_file_open(output_file *f, const char *path);

/* Flushes, syncs and renames the temp file over path. Returns 0, or -1 with errno
 * set, in which case the temp file is removed and path is untouched. */
int output_file_commit(output_file *f);

/* Removes the temp file; path is untouched. Safe after a failed commit. */
void output_file_abort(output_file *f);

#endif
