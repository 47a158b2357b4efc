/* output_file.h: writing an output file safely. A regular file is replaced atomically
 * (temp file in the same folder, fsync, rename), so a failed run never leaves half a
 * plan or destroys the last one; a FIFO, a device or a standard stream is written
 * straight into, never replaced; a symbolic link is followed and the file it points to
 * is replaced, so the link stays a link. */
#ifndef SUSTAIN_OUTPUT_FILE_H
#define SUSTAIN_OUTPUT_FILE_H

#include <signal.h>
#include <stdio.h>
#include <sys/types.h>

/* Who may read the file written. */
typedef enum output_access {
  /* a plan: a new file gets 0666 & ~umask, like any file an editor creates; a file that
   * is replaced keeps its mode and, where permitted, its owner and group */
  OUTPUT_ACCESS_AS_USUAL,
  /* identifiers of young people: always 0600, new or replaced */
  OUTPUT_ACCESS_OWNER_ONLY,
} output_access;

/* The stream's buffer. The report writers hand it 64 KiB at a time: stdio's own 8 KiB
 * buffer cut each of those into two write calls, where a buffer this size makes a write
 * call 256 KiB, copied once more in memory, which costs less than the calls it saves.
 * No larger: the plan is written when a run's memory is at its peak (25 calls for the
 * 6.5 MB national plan against 7 with a mebibyte, whose peak was 0.3 MB higher). */
#define OUTPUT_FILE_BUFFER_SIZE (1 << 18)

typedef struct output_file {
  FILE *stream;      /* write here */
  char *buffer;      /* the stream's buffer, freed after it is closed */
  int fd;            /* the file written, for the sync and the mode at commit */
  int direct;        /* 1: writing straight into a FIFO, device or standard stream */
  char *path;        /* the file that is replaced (a symbolic link's target), or NULL */
  char *temp_path;   /* where the bytes go until commit, or NULL */
  mode_t mode;       /* the permissions the file gets at commit */
  int keep_owner;    /* 1: give the new file the replaced file's owner and group */
  uid_t owner;       /* the replaced file's owner and group */
  gid_t group;
  int signals_held;  /* 1: SIGINT, SIGTERM and SIGHUP wait until commit or abort */
  sigset_t signals_before;
} output_file;

/* Opens path for writing a plan (OUTPUT_ACCESS_AS_USUAL). Returns 0, or -1 with errno
 * set (EISDIR for a folder, ELOOP for too many links, and whatever open(2) says). */
int output_file_open(output_file *f, const char *path);

/* The same with the access chosen. While a temp file exists, SIGINT, SIGTERM and SIGHUP
 * are held (and delivered after commit or abort), so an interrupt never leaves a temp
 * file behind. A direct write holds nothing: opening a FIFO may wait for a reader. */
int output_file_open_as(output_file *f, const char *path, output_access access);

/* Flushes, syncs and renames the temp file over the target (or, for a direct write,
 * flushes and closes). Returns 0, or -1 with errno set, in which case the temp file is
 * removed and the target untouched. */
int output_file_commit(output_file *f);

/* Removes the temp file; the target is untouched (a direct write cannot be taken back:
 * what was written stays written). Safe after a failed open or commit. */
void output_file_abort(output_file *f);

#endif
