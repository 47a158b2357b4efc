/* test_output_file.c: writing an output file. A regular file is replaced atomically and
 * keeps its mode and owner; a new one gets 0666 & ~umask; a FIFO, a terminal, a device or
 * a standard stream is written into and never replaced; a symbolic link stays a link and
 * the file it points to is replaced; a private file is 0600 whatever the umask. */

/* cmocka.h needs these four first, in this order */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "output_file.h"
#include "test_skip.h"

/* ** {======================================================================
** Helpers: a fresh folder per test.
** ======================================================================= */

typedef struct folder {
  char path[512];
} folder;

/* Every test starts under the common umask 022; those about the umask set their own. */
static int folder_setup(void **state) {
  umask(022);
  folder *f = calloc(1, sizeof *f);
  if (!f) return -1;
  const char *tmp = getenv("TMPDIR");
  snprintf(f->path, sizeof f->path, "%s/sustain-test-output-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(f->path)) {
    free(f);
    return -1;
  }
  *state = f;
  return 0;
}

static int folder_teardown(void **state) {
  folder *f = *state;
  DIR *dir = opendir(f->path);
  if (dir) {
    struct dirent *entry;
    while ((entry = readdir(dir))) {
      if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
      char path[1024];
      snprintf(path, sizeof path, "%s/%s", f->path, entry->d_name);
      if (remove(path) != 0) rmdir(path);
    }
    closedir(dir);
  }
  rmdir(f->path);
  free(f);
  return 0;
}

/* The folder's entries, sorted, joined by spaces: what a user would see with ls. */
static void folder_listing(const folder *f, char *out, size_t size) {
  char names[16][256];
  size_t count = 0;
  DIR *dir = opendir(f->path);
  assert_non_null(dir);
  struct dirent *entry;
  while ((entry = readdir(dir))) {
    if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
    assert_true(count < 16);
    snprintf(names[count++], sizeof names[0], "%s", entry->d_name);
  }
  closedir(dir);
  for (size_t i = 0; i < count; i++) /* insertion sort: a handful of names */
    for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
      char swap[256];
      memcpy(swap, names[j], sizeof swap);
      memcpy(names[j], names[j - 1], sizeof swap);
      memcpy(names[j - 1], swap, sizeof swap);
    }
  out[0] = '\0';
  for (size_t i = 0; i < count; i++) {
    if (i > 0) strncat(out, " ", size - strlen(out) - 1);
    strncat(out, names[i], size - strlen(out) - 1);
  }
}

static void write_file(const char *path, const char *content) {
  FILE *file = fopen(path, "w");
  assert_non_null(file);
  fputs(content, file);
  assert_int_equal(fclose(file), 0);
}

/* The whole file, or NULL when it cannot be read (caller frees). */
static char *read_whole_file(const char *path) {
  FILE *file = fopen(path, "r");
  if (!file) return NULL;
  char *content = calloc(1, 4096);
  assert_non_null(content);
  size_t n = fread(content, 1, 4095, file);
  content[n] = '\0';
  fclose(file);
  return content;
}

/* }====================================================================== */

/* ** {======================================================================
** Regular files: replaced atomically.
** ======================================================================= */

static void test_output_file_commit_replaces(void **state) {
  folder *f = *state;
  char path[1024], listing[1024];
  snprintf(path, sizeof path, "%s/plan.json", f->path);
  write_file(path, "old plan\n");

  output_file out;
  assert_int_equal(output_file_open(&out, path), 0);
  assert_non_null(out.stream);
  assert_non_null(strstr(out.temp_path, "/plan.json.tmp-"));
  fputs("new plan\n", out.stream);
  /* until commit the old plan is what readers see, beside the temp file */
  char *content = read_whole_file(path);
  assert_string_equal(content, "old plan\n");
  free(content);
  folder_listing(f, listing, sizeof listing);
  assert_non_null(strstr(listing, "plan.json plan.json.tmp-"));

  assert_int_equal(output_file_commit(&out), 0);
  assert_null(out.stream);
  assert_null(out.temp_path);
  content = read_whole_file(path);
  assert_string_equal(content, "new plan\n");
  free(content);
  folder_listing(f, listing, sizeof listing);
  assert_string_equal(listing, "plan.json");

  struct stat info;
  assert_int_equal(stat(path, &info), 0);
  assert_int_equal(info.st_mode & 0777, 0644); /* the old plan's mode, kept */
  output_file_abort(&out);                     /* harmless after commit */
  folder_listing(f, listing, sizeof listing);
  assert_string_equal(listing, "plan.json");
}

static void test_output_file_creates_new(void **state) {
  folder *f = *state;
  char path[1024], listing[1024];
  snprintf(path, sizeof path, "%s/plan.md", f->path);
  output_file out;
  assert_int_equal(output_file_open(&out, path), 0);
  fputs("# A plan\n", out.stream);
  assert_int_equal(output_file_commit(&out), 0);
  char *content = read_whole_file(path);
  assert_string_equal(content, "# A plan\n");
  free(content);
  folder_listing(f, listing, sizeof listing);
  assert_string_equal(listing, "plan.md");
}

static void test_output_file_abort_keeps_old(void **state) {
  folder *f = *state;
  char path[1024], listing[1024];
  snprintf(path, sizeof path, "%s/plan.txt", f->path);
  write_file(path, "last good plan\n");

  output_file out;
  assert_int_equal(output_file_open(&out, path), 0);
  fputs("half a pl", out.stream);
  errno = ENOSPC;
  output_file_abort(&out);
  assert_int_equal(errno, ENOSPC); /* the caller's reason survives the clean-up */
  assert_null(out.stream);
  assert_null(out.temp_path);
  output_file_abort(&out); /* twice is harmless */

  char *content = read_whole_file(path);
  assert_string_equal(content, "last good plan\n");
  free(content);
  folder_listing(f, listing, sizeof listing);
  assert_string_equal(listing, "plan.txt");
}

static void test_output_file_missing_folder(void **state) {
  folder *f = *state;
  char path[1024], listing[1024];
  snprintf(path, sizeof path, "%s/no-such-folder/plan.json", f->path);
  output_file out;
  errno = 0;
  assert_int_equal(output_file_open(&out, path), -1);
  assert_int_equal(errno, ENOENT);
  assert_null(out.stream);
  assert_null(out.path);
  assert_null(out.temp_path);
  output_file_abort(&out); /* safe on a failed open */
  folder_listing(f, listing, sizeof listing);
  assert_string_equal(listing, "");

  errno = 0;
  assert_int_equal(output_file_open(&out, ""), -1);
  assert_int_equal(errno, EINVAL);
}

/* A file of several megabytes (its early parts handed to the disk while later ones are
 * written) arrives whole, in order and readable by others. */
static void test_output_file_large(void **state) {
  folder *f = *state;
  char path[1024], listing[1024];
  snprintf(path, sizeof path, "%s/plan.txt", f->path);
  enum { LINES = 400000 };
  output_file out;
  assert_int_equal(output_file_open(&out, path), 0);
  for (int i = 0; i < LINES; i++) fprintf(out.stream, "line %07d\n", i); /* 13 bytes each */
  assert_int_equal(output_file_commit(&out), 0);
  struct stat info;
  assert_int_equal(stat(path, &info), 0);
  assert_int_equal(info.st_size, 13 * LINES);
  assert_int_equal(info.st_mode & 0777, 0644);
  FILE *file = fopen(path, "r");
  assert_non_null(file);
  char line[32];
  for (int i = 0; i < LINES; i++) {
    char expected[32];
    snprintf(expected, sizeof expected, "line %07d\n", i);
    assert_non_null(fgets(line, sizeof line, file));
    assert_string_equal(line, expected);
  }
  assert_null(fgets(line, sizeof line, file));
  fclose(file);
  folder_listing(f, listing, sizeof listing);
  assert_string_equal(listing, "plan.txt");
}

/* The report writers hand the stream 64 KiB at a time: it holds them in its own large
 * buffer and writes them a mebibyte at a time, not in stdio's default blocks. */
static void test_output_file_writes_in_large_blocks(void **state) {
  folder *f = *state;
  char path[1024];
  snprintf(path, sizeof path, "%s/plan.json", f->path);
  enum { PIECE = 65536 };
  char *piece = malloc(PIECE);
  assert_non_null(piece);
  output_file out;
  assert_int_equal(output_file_open(&out, path), 0);
  struct stat info;
  size_t written = 0;
  for (; written + PIECE <= OUTPUT_FILE_BUFFER_SIZE; written += PIECE) {
    memset(piece, 'a' + (int)(written / PIECE % 26), PIECE);
    assert_int_equal(fwrite(piece, 1, PIECE, out.stream), PIECE);
    assert_int_equal(fstat(out.fd, &info), 0);
    assert_int_equal(info.st_size, 0); /* all of it still held */
  }
  for (int more = 0; more < 3; more++, written += PIECE) {
    memset(piece, 'a' + (int)(written / PIECE % 26), PIECE);
    assert_int_equal(fwrite(piece, 1, PIECE, out.stream), PIECE);
  }
  assert_int_equal(fstat(out.fd, &info), 0);
  assert_int_equal(info.st_size, OUTPUT_FILE_BUFFER_SIZE); /* one block, the rest held */
  assert_int_equal(output_file_commit(&out), 0);
  FILE *file = fopen(path, "r");
  assert_non_null(file);
  char *read_back = malloc(PIECE);
  assert_non_null(read_back);
  for (size_t at = 0; at < written; at += PIECE) {
    memset(piece, 'a' + (int)(at / PIECE % 26), PIECE);
    assert_int_equal(fread(read_back, 1, PIECE, file), PIECE);
    assert_memory_equal(read_back, piece, PIECE);
  }
  assert_int_equal(fread(read_back, 1, 1, file), 0);
  fclose(file);
  free(read_back);
  free(piece);
}

/* A failed rename (here: a folder took the target's name while the plan was written)
 * removes the temp file and leaves the target as it was. */
static void test_output_file_failed_commit_cleans_up(void **state) {
  folder *f = *state;
  char path[1024], listing[1024];
  snprintf(path, sizeof path, "%s/plan.json", f->path);
  output_file out;
  assert_int_equal(output_file_open(&out, path), 0);
  fputs("plan\n", out.stream);
  assert_int_equal(mkdir(path, 0755), 0);
  char inside[1100];
  snprintf(inside, sizeof inside, "%s/keep", path);
  write_file(inside, "kept\n");
  errno = 0;
  assert_int_equal(output_file_commit(&out), -1);
  assert_int_not_equal(errno, 0);
  assert_null(out.stream);
  output_file_abort(&out); /* safe after a failed commit */
  folder_listing(f, listing, sizeof listing);
  assert_string_equal(listing, "plan.json");
  char *content = read_whole_file(inside);
  assert_string_equal(content, "kept\n");
  free(content);
  assert_int_equal(remove(inside), 0); /* the teardown removes files, not folders' contents */
  assert_int_equal(rmdir(path), 0);
}

static mode_t mode_of(const char *path) {
  struct stat info;
  assert_int_equal(lstat(path, &info), 0);
  return info.st_mode;
}

static void write_through(const char *path, output_access access, const char *text) {
  output_file out;
  assert_int_equal(output_file_open_as(&out, path, access), 0);
  fputs(text, out.stream);
  assert_int_equal(output_file_commit(&out), 0);
}

/* }====================================================================== */

/* ** {======================================================================
** Modes and owners: the umask for a new file, the old file's for a replaced one.
** ======================================================================= */

static void test_new_file_follows_the_umask(void **state) {
  folder *f = *state;
  static const struct {
    mode_t umask, expected;
  } cases[] = {{022, 0644}, {077, 0600}, {002, 0664}, {027, 0640}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/plan-%zu.txt", f->path, i);
    umask(cases[i].umask);
    write_through(path, OUTPUT_ACCESS_AS_USUAL, "plan\n");
    assert_int_equal(mode_of(path) & 07777, cases[i].expected);
  }
  umask(022);
}

static void test_replaced_file_keeps_its_mode(void **state) {
  folder *f = *state;
  static const mode_t modes[] = {0600, 0640, 0644, 0664, 0400};
  for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/kept-%zu.json", f->path, i);
    write_file(path, "old\n");
    assert_int_equal(chmod(path, modes[i]), 0);
    struct stat before;
    assert_int_equal(stat(path, &before), 0);
    write_through(path, OUTPUT_ACCESS_AS_USUAL, "new\n");
    struct stat after;
    assert_int_equal(stat(path, &after), 0);
    assert_int_equal(after.st_mode & 07777, modes[i]);
    assert_int_equal(after.st_uid, before.st_uid);
    assert_int_equal(after.st_gid, before.st_gid);
    assert_true(after.st_ino != before.st_ino); /* replaced, not rewritten in place */
    char *content = read_whole_file(path);
    assert_string_equal(content, "new\n");
    free(content);
  }
}

/* While a 0600 plan's replacement is being written, nobody else can read it either. */
static void test_replacement_is_private_while_written(void **state) {
  folder *f = *state;
  char path[1024];
  snprintf(path, sizeof path, "%s/secret.json", f->path);
  write_file(path, "old\n");
  assert_int_equal(chmod(path, 0600), 0);
  output_file out;
  assert_int_equal(output_file_open(&out, path), 0);
  assert_int_equal(mode_of(out.temp_path) & 07777, 0600);
  output_file_abort(&out);
}

/* Run as root, a replaced file keeps another user's owner and group. */
static void test_replaced_file_keeps_its_owner(void **state) {
  folder *f = *state;
  if (geteuid() != 0) skip_because("not run as root: only root can give a file to another owner");
  char path[1024];
  snprintf(path, sizeof path, "%s/owned.json", f->path);
  write_file(path, "old\n");
  assert_int_equal(chown(path, 1234, 5678), 0);
  assert_int_equal(chmod(path, 0640), 0);
  write_through(path, OUTPUT_ACCESS_AS_USUAL, "new\n");
  struct stat after;
  assert_int_equal(stat(path, &after), 0);
  assert_int_equal(after.st_uid, 1234);
  assert_int_equal(after.st_gid, 5678);
  assert_int_equal(after.st_mode & 07777, 0640);
}

static void test_owner_only_is_0600_whatever_the_umask(void **state) {
  folder *f = *state;
  char fresh[1024], replaced[1024];
  snprintf(fresh, sizeof fresh, "%s/records.csv", f->path);
  snprintf(replaced, sizeof replaced, "%s/old-records.csv", f->path);
  umask(0);
  write_through(fresh, OUTPUT_ACCESS_OWNER_ONLY, "CHILD\n");
  assert_int_equal(mode_of(fresh) & 07777, 0600);
  write_file(replaced, "old\n");
  assert_int_equal(chmod(replaced, 0644), 0);
  write_through(replaced, OUTPUT_ACCESS_OWNER_ONLY, "CHILD\n");
  assert_int_equal(mode_of(replaced) & 07777, 0600);
  umask(022);
}

/* SIGINT, SIGTERM and SIGHUP wait while a temp file exists, and only then. */
static void test_signals_held_while_a_temp_file_exists(void **state) {
  folder *f = *state;
  char path[1024];
  snprintf(path, sizeof path, "%s/plan.txt", f->path);
  sigset_t now;
  output_file out;
  assert_int_equal(output_file_open(&out, path), 0);
  sigprocmask(SIG_BLOCK, NULL, &now);
  assert_true(sigismember(&now, SIGTERM) && sigismember(&now, SIGINT) && sigismember(&now, SIGHUP));
  assert_int_equal(output_file_commit(&out), 0);
  sigprocmask(SIG_BLOCK, NULL, &now);
  assert_false(sigismember(&now, SIGTERM) || sigismember(&now, SIGINT) || sigismember(&now, SIGHUP));
  assert_int_equal(output_file_open(&out, path), 0);
  output_file_abort(&out);
  sigprocmask(SIG_BLOCK, NULL, &now);
  assert_false(sigismember(&now, SIGTERM));
}

/* }====================================================================== */

/* ** {======================================================================
** Symbolic links: followed, the link kept, the file it points to replaced.
** ======================================================================= */

static void test_symlink_stays_a_link(void **state) {
  folder *f = *state;
  char target[1024], link[1024], listing[1024];
  snprintf(target, sizeof target, "%s/plans-2024.json", f->path);
  snprintf(link, sizeof link, "%s/latest.json", f->path);
  write_file(target, "old\n");
  assert_int_equal(chmod(target, 0600), 0);
  assert_int_equal(symlink("plans-2024.json", link), 0); /* relative, as people make them */
  write_through(link, OUTPUT_ACCESS_AS_USUAL, "new\n");
  assert_true(S_ISLNK(mode_of(link)));
  char *content = read_whole_file(target);
  assert_string_equal(content, "new\n"); /* the file pointed to is the one updated */
  free(content);
  assert_int_equal(mode_of(target) & 07777, 0600);
  folder_listing(f, listing, sizeof listing);
  assert_string_equal(listing, "latest.json plans-2024.json");
}

static void test_symlink_chain_and_dangling_link(void **state) {
  folder *f = *state;
  char sub[1024], target[1024], first[1024], second[1024];
  snprintf(sub, sizeof sub, "%s/sub", f->path);
  assert_int_equal(mkdir(sub, 0755), 0);
  snprintf(target, sizeof target, "%s/sub/plan.json", f->path);
  snprintf(first, sizeof first, "%s/a.json", f->path);
  snprintf(second, sizeof second, "%s/sub/b.json", f->path);
  assert_int_equal(symlink("sub/b.json", first), 0);
  assert_int_equal(symlink("plan.json", second), 0); /* relative to sub/, and dangling */
  write_through(first, OUTPUT_ACCESS_AS_USUAL, "made\n");
  assert_true(S_ISLNK(mode_of(first)) && S_ISLNK(mode_of(second)));
  char *content = read_whole_file(target);
  assert_string_equal(content, "made\n");
  free(content);
  assert_int_equal(remove(target), 0);
  assert_int_equal(remove(second), 0);
  assert_int_equal(rmdir(sub), 0);
}

static void test_symlink_loop_is_refused(void **state) {
  folder *f = *state;
  char one[1024], two[1024], listing[1024];
  snprintf(one, sizeof one, "%s/one", f->path);
  snprintf(two, sizeof two, "%s/two", f->path);
  assert_int_equal(symlink("two", one), 0);
  assert_int_equal(symlink("one", two), 0);
  output_file out;
  assert_int_equal(output_file_open(&out, one), -1);
  assert_int_equal(errno, ELOOP);
  folder_listing(f, listing, sizeof listing);
  assert_string_equal(listing, "one two");
}

static void test_folder_is_refused(void **state) {
  folder *f = *state;
  char listing[1024];
  output_file out;
  assert_int_equal(output_file_open(&out, f->path), -1);
  assert_int_equal(errno, EISDIR);
  folder_listing(f, listing, sizeof listing);
  assert_string_equal(listing, "");
}

/* }====================================================================== */

/* ** {======================================================================
** Nodes that are not regular files: written into, never replaced.
** ======================================================================= */

/* Reads everything from fd into a buffer of size bytes (NUL-terminated). */
static void read_all(int fd, char *buffer, size_t size) {
  size_t used = 0;
  ssize_t n;
  while (used + 1 < size && (n = read(fd, buffer + used, size - 1 - used)) > 0) used += (size_t)n;
  buffer[used] = '\0';
}

static void test_fifo_is_written_into(void **state) {
  folder *f = *state;
  char fifo[1024], listing[1024];
  snprintf(fifo, sizeof fifo, "%s/plan.fifo", f->path);
  assert_int_equal(mkfifo(fifo, 0600), 0);
  int back[2];
  assert_int_equal(pipe(back), 0);
  pid_t reader = fork();
  assert_true(reader >= 0);
  if (reader == 0) { /* read the FIFO to its end and hand the bytes back */
    close(back[0]);
    int fd = open(fifo, O_RDONLY);
    char got[256];
    read_all(fd, got, sizeof got);
    _exit(write(back[1], got, strlen(got)) < 0);
  }
  close(back[1]);
  output_file out;
  assert_int_equal(output_file_open(&out, fifo), 0);
  assert_true(out.direct);
  assert_null(out.temp_path);
  fputs("plan through a pipe\n", out.stream);
  assert_int_equal(output_file_commit(&out), 0);
  char got[256];
  read_all(back[0], got, sizeof got);
  close(back[0]);
  int status;
  assert_int_equal(waitpid(reader, &status, 0), reader);
  assert_string_equal(got, "plan through a pipe\n");
  assert_true(S_ISFIFO(mode_of(fifo)));
  folder_listing(f, listing, sizeof listing);
  assert_string_equal(listing, "plan.fifo");
}

/* A terminal is a character device that any user can open: the plan reaches it. */
static void test_terminal_is_written_into(void **state) {
  (void)state;
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0) skip_because("no pseudo-terminal can be opened here");
  assert_int_equal(grantpt(master), 0);
  assert_int_equal(unlockpt(master), 0);
  char terminal[128];
  assert_int_equal(ptsname_r(master, terminal, sizeof terminal), 0);
  output_file out;
  assert_int_equal(output_file_open(&out, terminal), 0);
  assert_true(out.direct);
  fputs("plan", out.stream);
  assert_int_equal(output_file_commit(&out), 0);
  char got[16] = {0};
  assert_int_equal(read(master, got, 4), 4);
  assert_string_equal(got, "plan");
  assert_true(S_ISCHR(mode_of(terminal)));
  close(master);
}

/* Run as root, a device node (here a null device of the test's own) stays a device:
 * replacing /dev/null with a file would break the whole system. */
static void test_device_node_is_never_replaced(void **state) {
  folder *f = *state;
  if (geteuid() != 0) skip_because("not run as root: only root can make a device node");
  char device[1024];
  snprintf(device, sizeof device, "%s/null", f->path);
  if (mknod(device, S_IFCHR | 0666, makedev(1, 3)) != 0)
    skip_because("device nodes cannot be made here (a container without mknod)");
  write_through(device, OUTPUT_ACCESS_AS_USUAL, "discarded\n");
  struct stat info;
  assert_int_equal(stat(device, &info), 0);
  assert_true(S_ISCHR(info.st_mode));
  assert_int_equal(info.st_rdev, makedev(1, 3));
}

/* /dev/fd/N, /proc/self/fd/N and links to them (as /dev/stdout is) write through the
 * process's own stream. /dev/stdout itself is not named: as root, a regression would
 * replace the system's node. */
static void test_standard_streams_are_written_into(void **state) {
  folder *f = *state;
  char link[1024];
  snprintf(link, sizeof link, "%s/to-stdout", f->path);
  assert_int_equal(symlink("/proc/self/fd/1", link), 0);
  const char *paths[] = {"/proc/self/fd/1", "/dev/fd/1", link};
  for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
    int captured[2];
    assert_int_equal(pipe(captured), 0);
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    assert_int_equal(dup2(captured[1], STDOUT_FILENO), STDOUT_FILENO);
    close(captured[1]);
    output_file out;
    int opened = output_file_open(&out, paths[i]);
    int direct = opened == 0 && out.direct;
    if (opened == 0) {
      fputs("to standard output\n", out.stream);
      opened = output_file_commit(&out);
    }
    dup2(saved, STDOUT_FILENO); /* the test's own output back before any assert */
    close(saved);
    char got[64];
    read_all(captured[0], got, sizeof got);
    close(captured[0]);
    assert_int_equal(opened, 0);
    assert_true(direct);
    assert_string_equal(got, "to standard output\n");
  }
  assert_true(S_ISLNK(mode_of(link)));
}

/* }====================================================================== */

int main(void) {
#define IN_FOLDER(test) cmocka_unit_test_setup_teardown(test, folder_setup, folder_teardown)
  const struct CMUnitTest tests[] = {
      IN_FOLDER(test_output_file_commit_replaces),
      IN_FOLDER(test_output_file_creates_new),
      IN_FOLDER(test_output_file_abort_keeps_old),
      IN_FOLDER(test_output_file_missing_folder),
      IN_FOLDER(test_output_file_large),
      IN_FOLDER(test_output_file_writes_in_large_blocks),
      IN_FOLDER(test_output_file_failed_commit_cleans_up),
      IN_FOLDER(test_new_file_follows_the_umask),
      IN_FOLDER(test_replaced_file_keeps_its_mode),
      IN_FOLDER(test_replacement_is_private_while_written),
      IN_FOLDER(test_replaced_file_keeps_its_owner),
      IN_FOLDER(test_owner_only_is_0600_whatever_the_umask),
      IN_FOLDER(test_signals_held_while_a_temp_file_exists),
      IN_FOLDER(test_symlink_stays_a_link),
      IN_FOLDER(test_symlink_chain_and_dangling_link),
      IN_FOLDER(test_symlink_loop_is_refused),
      IN_FOLDER(test_folder_is_refused),
      IN_FOLDER(test_fifo_is_written_into),
      IN_FOLDER(test_terminal_is_written_into),
      IN_FOLDER(test_device_node_is_never_replaced),
      IN_FOLDER(test_standard_streams_are_written_into),
  };
#undef IN_FOLDER
  return cmocka_run_group_tests(tests, NULL, NULL);
}
