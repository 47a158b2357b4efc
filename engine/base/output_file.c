/* output_file.c: atomic replacement of an output file; see output_file.h.
 * The bytes go to PATH.tmp-XXXXXX in PATH's own folder (rename is only atomic within
 * one file system), are synced, then renamed over PATH. Every failure path removes the
 * temp file, so a failed run leaves neither half a plan nor litter beside it. */
#include "output_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Appended to the final path; mkstemp fills in the Xs. */
#define OUTPUT_FILE_TEMP_SUFFIX ".tmp-XXXXXX"

/* A plan is a report for people to read and share, like any file an editor writes;
 * mkstemp alone would leave it readable by its owner only. */
#define OUTPUT_FILE_MODE 0644

/* Bytes written before the disk is asked to start on them: a plan of some megabytes then
 * goes to disk while the rest is still being written, and the sync at commit waits for
 * the last stretch only, not for the whole file. */
#define OUTPUT_FILE_WRITEBACK_STRETCH (1 << 20)

static void output_file_reset(output_file *f) {
  free(f->path);
  free(f->temp_path);
  f->stream = NULL;
  f->fd = -1;
  f->path = NULL;
  f->temp_path = NULL;
}

#ifdef SYNC_FILE_RANGE_WRITE

/* The stream's own state: where it writes, and how far write-back has been started. */
typedef struct writeback {
  int fd;
  off_t written, started;
} writeback;

/* Returns the bytes written, short (0) on error with errno set, as fopencookie asks. */
static ssize_t writeback_write(void *cookie, const char *bytes, size_t size) {
  writeback *wb = cookie;
  size_t done = 0;
  while (done < size) {
    ssize_t n = write(wb->fd, bytes + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    done += (size_t)n;
  }
  wb->written += (off_t)done;
  if (wb->written - wb->started >= OUTPUT_FILE_WRITEBACK_STRETCH) {
    /* a hint only, its failure harmless: the fsync at commit makes the file durable */
    sync_file_range(wb->fd, wb->started, wb->written - wb->started, SYNC_FILE_RANGE_WRITE);
    wb->started = wb->written;
  }
  return (ssize_t)done;
}

static int writeback_close(void *cookie) {
  writeback *wb = cookie;
  int status = close(wb->fd);
  free(wb);
  return status;
}

/* A stream on fd that starts write-back as it goes. NULL with errno set on failure, fd
 * then still open. */
static FILE *open_stream(int fd) {
  writeback *wb = malloc(sizeof *wb);
  if (!wb) return NULL;
  *wb = (writeback){.fd = fd};
  cookie_io_functions_t io = {.write = writeback_write, .close = writeback_close};
  FILE *stream = fopencookie(wb, "w", io);
  if (!stream) free(wb);
  return stream;
}

#else

static FILE *open_stream(int fd) { return fdopen(fd, "w"); }

#endif

int output_file_open(output_file *f, const char *path) {
  f->stream = NULL;
  f->fd = -1;
  f->path = NULL;
  f->temp_path = NULL;
  if (!path || !*path) {
    errno = EINVAL;
    return -1;
  }
  size_t length = strlen(path);
  f->path = strdup(path);
  f->temp_path = malloc(length + sizeof OUTPUT_FILE_TEMP_SUFFIX);
  if (!f->path || !f->temp_path) {
    output_file_reset(f);
    errno = ENOMEM;
    return -1;
  }
  memcpy(f->temp_path, path, length);
  memcpy(f->temp_path + length, OUTPUT_FILE_TEMP_SUFFIX, sizeof OUTPUT_FILE_TEMP_SUFFIX);

  int fd = mkstemp(f->temp_path);
  if (fd < 0) {
    int saved = errno;
    output_file_reset(f);
    errno = saved;
    return -1;
  }
  if (fchmod(fd, OUTPUT_FILE_MODE) != 0 || !(f->stream = open_stream(fd))) {
    int saved = errno;
    close(fd);
    unlink(f->temp_path);
    output_file_reset(f);
    errno = saved;
    return -1;
  }
  f->fd = fd;
  return 0;
}

/* Syncs the folder so the rename itself survives a crash; best effort, because the new
 * file is already complete and in place whatever this returns. */
static void sync_parent_folder(const char *path) {
  const char *slash = strrchr(path, '/');
  char *folder = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
  if (!folder) return;
  int fd = open(folder, O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
  free(folder);
}

int output_file_commit(output_file *f) {
  if (!f->stream || !f->temp_path) {
    errno = EINVAL;
    return -1;
  }
  int saved = 0;
  FILE *stream = f->stream;
  f->stream = NULL; /* closed below whatever happens */
  if (fflush(stream) != 0 || ferror(stream)) saved = errno ? errno : EIO;
  if (!saved && fsync(f->fd) != 0) saved = errno;
  if (fclose(stream) != 0 && !saved) saved = errno;
  if (!saved && rename(f->temp_path, f->path) != 0) saved = errno;
  if (saved) {
    unlink(f->temp_path);
    output_file_reset(f);
    errno = saved;
    return -1;
  }
  sync_parent_folder(f->path);
  output_file_reset(f);
  return 0;
}

void output_file_abort(output_file *f) {
  int saved = errno; /* the caller is usually about to report why it aborted */
  if (f->stream) fclose(f->stream);
  if (f->temp_path) unlink(f->temp_path);
  output_file_reset(f);
  errno = saved;
}
