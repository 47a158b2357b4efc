/* init_files.h: how `sustain init` puts its files on disk. Each file is new: it is made
 * whole under a temporary name in its own folder, synced, given its mode, and only then
 * linked to its name, which fails if a file of that name appeared meanwhile, so init
 * never replaces anything, not even a file created while it ran. The files and folders
 * made are remembered, so a failure part way through removes them all and leaves the
 * folder as it was. output_file.h replaces a plan atomically; this never replaces. */
#ifndef SUSTAIN_INIT_FILES_H
#define SUSTAIN_INIT_FILES_H

#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

/* A file or folder made, to take back on failure. */
typedef struct init_made {
  char *path;
  int is_folder;
} init_made;

typedef struct init_files {
  init_made *made; /* in order */
  size_t count, capacity;
  mode_t umask;               /* the process's, read once */
  sigset_t signals_before;    /* restored by init_files_end */
} init_files;

/* A file being written: bytes go to temp_path (by stdio through fd, or by a library that
 * opens the path itself, as libxlsxwriter does). */
typedef struct init_new_file {
  char path[4096], temp_path[4096];
  int fd;
} init_new_file;

/* Starts: holds SIGINT, SIGTERM and SIGHUP until init_files_end, so an interrupt never
 * leaves a temporary file or half a starter behind. */
void init_files_begin(init_files *files);

/* Makes the folder path (mode 0777, or 0700 when private, less the umask), and the
 * folders above it that are missing; an existing folder is fine and left as it is.
 * Returns 0, or -1 with errno set. */
int init_files_folder(init_files *files, const char *path, int private_folder);

/* Creates a temporary file beside path. Returns 0, or -1 with errno set. */
int init_new_file_open(init_new_file *file, const char *path);

/* Syncs the temporary file, gives it mode (less the umask, unless private: 0600 then),
 * and links it to its name. Returns 0, or -1 with errno set (EEXIST: a file of that name
 * exists); the temporary file is gone either way. */
int init_new_file_commit(init_files *files, init_new_file *file, int private_file);

/* Removes the temporary file of a file not committed. */
void init_new_file_abort(init_new_file *file);

/* Writes size bytes of text to a new file at path, as the three calls above do.
 * Returns 0, or -1 with errno set. */
int init_files_write(init_files *files, const char *path, const char *text, size_t size,
                     int private_file);

/* Ends: when failed, removes every file and folder made, newest first; then releases the
 * signals held. */
void init_files_end(init_files *files, int failed);

#endif
