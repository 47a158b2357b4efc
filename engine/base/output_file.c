/* output_file.c: writing an output file safely; see output_file.h.
 * A regular file's bytes go to PATH.tmp-XXXXXX in its own folder (rename is only atomic
 * within one file system), are synced, then renamed over it. Every failure path removes
 * the temp file, so a failed run leaves neither half a plan nor litter beside it. Nodes
 * that are not regular files (FIFOs, devices, standard streams) are written into and
 * never replaced: replacing /dev/null or a named pipe would break whoever relies on it. */
#include "output_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

/* Appended to the final path; mkstemp fills in the Xs. */
#define OUTPUT_FILE_TEMP_SUFFIX ".tmp-XXXXXX"

/* Symbolic links followed before giving up, as the kernel's own limit (ELOOP). */
#define OUTPUT_FILE_MAX_LINKS 40

/* Bytes written before the disk is asked to start on them: a plan of some megabytes then
 * goes to disk while the rest is still being written, and the sync at commit waits for
 * the last stretch only, not for the whole file. */
#define OUTPUT_FILE_WRITEBACK_STRETCH (1 << 20)

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

/* {======================================================================
** What the path names: a standard stream, a file to replace, or a node to write into
** ======================================================================= */

/* The descriptor a path names when it is one of the process's own streams (/dev/fd/N,
 * /proc/self/fd/N, and so /dev/stdout and /dev/stderr, links to them), else -1. Writing
 * goes through a copy of that descriptor, so a stream opened for appending keeps
 * appending, and a pipe or terminal behind it is never looked up by name. */
static int standard_stream(const char *path) {
  const char *number = NULL;
  if (strncmp(path, "/dev/fd/", 8) == 0) number = path + 8;
  else if (strncmp(path, "/proc/self/fd/", 14) == 0) number = path + 14;
  if (!number || *number < '0' || *number > '9') return -1;
  char *end;
  long fd = strtol(number, &end, 10);
  return *end == '\0' && fd <= INT_MAX ? (int)fd : -1;
}

/* The target of the symbolic link at path, made absolute or relative to the link's own
 * folder as the kernel reads it. NULL with errno set. */
static char *link_target(const char *path) {
  char buffer[PATH_MAX];
  ssize_t n = readlink(path, buffer, sizeof buffer - 1);
  if (n < 0) return NULL;
  if ((size_t)n == sizeof buffer - 1) {
    errno = ENAMETOOLONG;
    return NULL;
  }
  buffer[n] = '\0';
  const char *slash = strrchr(path, '/');
  if (buffer[0] == '/' || !slash) return strdup(buffer);
  size_t folder = (size_t)(slash - path) + 1;
  char *joined = malloc(folder + (size_t)n + 1);
  if (!joined) return NULL;
  memcpy(joined, path, folder);
  memcpy(joined + folder, buffer, (size_t)n + 1);
  return joined;
}

/* Follows symbolic links from path to the node they end at. Returns that node's path
 * (which may not exist yet: a dangling link creates its target), or NULL with errno set.
 * *stream is set to the descriptor when the chain reaches a standard stream, else -1. */
static char *resolve(const char *path, int *stream) {
  char *current = strdup(path);
  for (int hops = 0; current; hops++) {
    if ((*stream = standard_stream(current)) >= 0) return current;
    struct stat info;
    if (lstat(current, &info) != 0) {
      if (errno == ENOENT) return current; /* a new file (or a missing folder, said at open) */
      break;
    }
    if (!S_ISLNK(info.st_mode)) return current;
    if (hops == OUTPUT_FILE_MAX_LINKS) {
      errno = ELOOP;
      break;
    }
    char *next = link_target(current);
    free(current);
    current = next;
  }
  int saved = errno;
  free(current);
  errno = saved;
  return NULL;
}

/* }====================================================================== */

/* {======================================================================
** Opening
** ======================================================================= */

static void output_file_clear(output_file *f) {
  memset(f, 0, sizeof *f);
  f->fd = -1;
}

/* Creates PATH.tmp-XXXXXX with the permissions given (the kernel applies the umask), as
 * mkstemp does but with a mode of our choosing. Returns the descriptor or -1. */
static int create_temp(char *name, mode_t mode) {
  static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  char *x = name + strlen(name) - 6;
  for (int attempt = 0; attempt < 100; attempt++) {
    unsigned char random_bytes[6];
    if (getrandom(random_bytes, sizeof random_bytes, 0) != (ssize_t)sizeof random_bytes) return -1;
    for (int i = 0; i < 6; i++) x[i] = letters[random_bytes[i] % (sizeof letters - 1)];
    int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  errno = EEXIST;
  return -1;
}

/* Gives the stream its large buffer (OUTPUT_FILE_BUFFER_SIZE), freed once the stream is
 * closed. Returns 0, or -1 with errno set. */
static int give_buffer(output_file *f) {
  if (!(f->buffer = malloc(OUTPUT_FILE_BUFFER_SIZE))) return -1;
  if (setvbuf(f->stream, f->buffer, _IOFBF, OUTPUT_FILE_BUFFER_SIZE) != 0) {
    errno = ENOMEM;
    return -1;
  }
  return 0;
}

/* A FIFO, a device or a standard stream: written straight into, nothing replaced. */
static int open_direct(output_file *f, const char *node, int stream) {
  int fd = stream >= 0 ? fcntl(stream, F_DUPFD_CLOEXEC, 0)
                       : open(node, O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return -1;
  if (!(f->stream = open_stream(fd))) {
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
  }
  f->fd = fd;
  f->direct = 1;
  return give_buffer(f);
}

/* The mode and owner a replacement takes from the file it replaces, or a new file's. */
static void choose_permissions(output_file *f, const struct stat *replaced, output_access access) {
  if (access == OUTPUT_ACCESS_OWNER_ONLY) {
    f->mode = 0600;
  } else if (replaced) {
    f->mode = replaced->st_mode & 07777;
    f->keep_owner = 1;
    f->owner = replaced->st_uid;
    f->group = replaced->st_gid;
  }
}

/* A regular file, existing or new: written to a temp file beside it, renamed over it at
 * commit. The temp file is created 0600 whenever its final mode is not the umask's
 * (a replaced file or a private one), so no one else can read it while it is written. */
static int open_replacing(output_file *f, const char *node, const struct stat *replaced,
                          output_access access) {
  size_t length = strlen(node);
  f->path = strdup(node);
  f->temp_path = malloc(length + sizeof OUTPUT_FILE_TEMP_SUFFIX);
  if (!f->path || !f->temp_path) {
    errno = ENOMEM;
    return -1;
  }
  memcpy(f->temp_path, node, length);
  memcpy(f->temp_path + length, OUTPUT_FILE_TEMP_SUFFIX, sizeof OUTPUT_FILE_TEMP_SUFFIX);
  choose_permissions(f, replaced, access);
  int as_usual = access == OUTPUT_ACCESS_AS_USUAL && !replaced;

  sigset_t held;
  sigemptyset(&held);
  sigaddset(&held, SIGINT);
  sigaddset(&held, SIGTERM);
  sigaddset(&held, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &held, &f->signals_before);
  f->signals_held = 1;

  int fd = create_temp(f->temp_path, as_usual ? 0666 : 0600);
  if (fd < 0) {
    free(f->temp_path);
    f->temp_path = NULL; /* nothing to remove */
    return -1;
  }
  f->fd = fd;
  if (!(f->stream = open_stream(fd))) return -1;
  return give_buffer(f);
}

int output_file_open(output_file *f, const char *path) {
  return output_file_open_as(f, path, OUTPUT_ACCESS_AS_USUAL);
}

int output_file_open_as(output_file *f, const char *path, output_access access) {
  output_file_clear(f);
  if (!path || !*path) {
    errno = EINVAL;
    return -1;
  }
  int stream;
  char *node = resolve(path, &stream);
  if (!node) return -1;
  struct stat info;
  int exists = stream < 0 && stat(node, &info) == 0;
  int status;
  if (stream >= 0 || (exists && (S_ISFIFO(info.st_mode) || S_ISCHR(info.st_mode) ||
                                 S_ISBLK(info.st_mode)))) {
    status = open_direct(f, node, stream);
  } else if (exists && S_ISDIR(info.st_mode)) {
    errno = EISDIR;
    status = -1;
  } else if (exists && !S_ISREG(info.st_mode)) {
    errno = EINVAL; /* a socket or another kind of node: never replaced */
    status = -1;
  } else {
    status = open_replacing(f, node, exists ? &info : NULL, access);
  }
  free(node);
  if (status != 0) output_file_abort(f);
  return status;
}

/* }====================================================================== */

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

/* Frees what open allocated and lets held signals through; the fields are cleared, so
 * abort after commit, or twice, does nothing. */
static void output_file_release(output_file *f) {
  free(f->buffer);
  free(f->path);
  free(f->temp_path);
  if (f->signals_held) pthread_sigmask(SIG_SETMASK, &f->signals_before, NULL);
  output_file_clear(f);
}

/* Gives the finished temp file the replaced file's owner and mode. An owner that cannot
 * be kept (only root may give a file away) is left as ours; a group that cannot be kept
 * loses the group's permissions, which were meant for the old group. */
static int apply_permissions(output_file *f) {
  if (f->keep_owner && fchown(f->fd, f->owner, f->group) != 0 &&
      fchown(f->fd, (uid_t)-1, f->group) != 0)
    f->mode &= ~(mode_t)S_IRWXG;
  if (f->mode && fchmod(f->fd, f->mode) != 0) return -1;
  return 0;
}

int output_file_commit(output_file *f) {
  if (!f->stream) {
    errno = EINVAL;
    return -1;
  }
  int saved = 0;
  FILE *stream = f->stream;
  f->stream = NULL; /* closed below whatever happens */
  if (fflush(stream) != 0 || ferror(stream)) saved = errno ? errno : EIO;
  if (!f->direct) {
    if (!saved && fsync(f->fd) != 0) saved = errno;
    if (!saved && apply_permissions(f) != 0) saved = errno;
  }
  if (fclose(stream) != 0 && !saved) saved = errno;
  if (!f->direct && !saved && rename(f->temp_path, f->path) != 0) saved = errno;
  if (saved) {
    if (f->temp_path) unlink(f->temp_path);
    output_file_release(f);
    errno = saved;
    return -1;
  }
  if (!f->direct) sync_parent_folder(f->path);
  output_file_release(f);
  return 0;
}

void output_file_abort(output_file *f) {
  int saved = errno; /* the caller is usually about to report why it aborted */
  if (f->stream) fclose(f->stream);
  else if (f->fd >= 0) close(f->fd);
  if (f->temp_path) unlink(f->temp_path);
  output_file_release(f);
  errno = saved;
}
