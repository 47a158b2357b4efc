/* init_files.c: new files and folders for `sustain init`, never replacing; see
 * init_files.h. */
#include "init_files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grow.h"

/* Appended to the final path; mkstemp fills in the Xs. */
#define INIT_TEMP_SUFFIX ".tmp-XXXXXX"

/* Out of memory here only leaves the path behind should a later step fail. */
static void remember(init_files *files, const char *path, int folder) {
  char *copy = strdup(path);
  if (!copy || GROW(&files->made, &files->capacity, files->count + 1) != 0) {
    free(copy);
    return;
  }
  files->made[files->count++] = (init_made){copy, folder};
}

void init_files_begin(init_files *files) {
  *files = (init_files){0};
  files->umask = umask(0);
  umask(files->umask);
  sigset_t held;
  sigemptyset(&held);
  sigaddset(&held, SIGINT);
  sigaddset(&held, SIGTERM);
  sigaddset(&held, SIGHUP);
  sigprocmask(SIG_BLOCK, &held, &files->signals_before);
}

int init_files_folder(init_files *files, const char *path, int private_folder) {
  char partial[4096];
  size_t length = strlen(path);
  if (length == 0 || length >= sizeof partial) {
    errno = length ? ENAMETOOLONG : ENOENT;
    return -1;
  }
  memcpy(partial, path, length + 1);
  /* each folder from the top: a/b/c makes a, then a/b, then a/b/c */
  for (char *slash = partial + 1;; slash++) {
    if (*slash != '/' && *slash != '\0') continue;
    char end = *slash;
    *slash = '\0';
    int last = end == '\0' || slash[1] == '\0';
    if (mkdir(partial, last && private_folder ? 0700 : 0777) == 0) remember(files, partial, 1);
    else {
      struct stat info;
      if (errno != EEXIST) return -1;
      if (stat(partial, &info) != 0) return -1;
      if (!S_ISDIR(info.st_mode)) {
        errno = ENOTDIR;
        return -1;
      }
    }
    *slash = end;
    if (last) return 0;
  }
}

int init_new_file_open(init_new_file *file, const char *path) {
  file->fd = -1;
  file->temp_path[0] = '\0';
  if ((size_t)snprintf(file->path, sizeof file->path, "%s", path) >= sizeof file->path ||
      (size_t)snprintf(file->temp_path, sizeof file->temp_path, "%s" INIT_TEMP_SUFFIX, path) >=
          sizeof file->temp_path) {
    file->temp_path[0] = '\0';
    errno = ENAMETOOLONG;
    return -1;
  }
  file->fd = mkostemp(file->temp_path, O_CLOEXEC);
  if (file->fd < 0) file->temp_path[0] = '\0';
  return file->fd < 0 ? -1 : 0;
}

/* Links the finished temporary file to its name, failing with EEXIST rather than
 * replacing: renameat2's RENAME_NOREPLACE, or link(2) where the file system lacks it. */
static int link_no_replace(const char *temp_path, const char *path) {
  if (renameat2(AT_FDCWD, temp_path, AT_FDCWD, path, RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return -1;
  if (link(temp_path, path) != 0) return -1;
  unlink(temp_path);
  return 0;
}

int init_new_file_commit(init_files *files, init_new_file *file, int private_file) {
  mode_t mode = private_file ? 0600 : 0666 & ~files->umask;
  int status = fchmod(file->fd, mode) == 0 && fsync(file->fd) == 0 ? 0 : -1;
  int error = errno;
  if (close(file->fd) != 0 && status == 0) {
    status = -1;
    error = errno;
  }
  file->fd = -1;
  if (status == 0 && link_no_replace(file->temp_path, file->path) != 0) {
    status = -1;
    error = errno;
  }
  if (status == 0) {
    remember(files, file->path, 0);
    file->temp_path[0] = '\0'; /* renamed, or linked and removed */
  }
  init_new_file_abort(file); /* the temporary file, when it was not linked */
  errno = error;
  return status;
}

void init_new_file_abort(init_new_file *file) {
  if (file->fd >= 0) close(file->fd);
  file->fd = -1;
  if (file->temp_path[0]) unlink(file->temp_path);
  file->temp_path[0] = '\0';
}

int init_files_write(init_files *files, const char *path, const char *text, size_t size,
                     int private_file) {
  init_new_file file;
  if (init_new_file_open(&file, path) != 0) return -1;
  for (size_t done = 0; done < size;) {
    ssize_t n = write(file.fd, text + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int error = errno;
      init_new_file_abort(&file);
      errno = error;
      return -1;
    }
    done += (size_t)n;
  }
  return init_new_file_commit(files, &file, private_file);
}

void init_files_end(init_files *files, int failed) {
  for (size_t i = files->count; i-- > 0;) {
    if (failed && files->made[i].is_folder) rmdir(files->made[i].path);
    else if (failed) unlink(files->made[i].path);
    free(files->made[i].path);
  }
  free(files->made);
  files->made = NULL;
  files->count = files->capacity = 0;
  sigprocmask(SIG_SETMASK, &files->signals_before, NULL);
}
