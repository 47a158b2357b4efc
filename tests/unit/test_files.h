/* test_files.h: file helpers shared by the plugin tests. */
#ifndef SUSTAIN_TEST_FILES_H
#define SUSTAIN_TEST_FILES_H

#include <sys/types.h>

/* Copies source to target and gives target exactly mode, whatever the umask
 * (the host refuses a plugin that group or others may write). Returns 0 or -1. */
int test_copy_file(const char *source, const char *target, mode_t mode);

#endif
