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

static void output_file_reset(output_file *f) {
  free(f->path);
  free(f->temp_path);
  f->stream = NULL;
  f->path = NULL;
  f->temp_path = NULL;
}

int output_file_open(output_file *f, const char *path) {
  f->stream = NULL;
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
  if (fchmod(fd, OUTPUT_FILE_MODE) != 0 || !(f->stream = fdopen(fd, "w"))) {
    int saved = errno;
    close(fd);
    unlink(f->temp_path);
    output_file_reset(f);
    errno = saved;
    return -1;
  }
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
  if (!saved && fsync(fileno(stream)) != 0) saved = errno;
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
