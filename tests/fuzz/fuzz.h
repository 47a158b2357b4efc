/* fuzz.h: what the fuzz targets share. Each target defines the libFuzzer entry
 * point; built with -fsanitize=fuzzer it is a fuzzer, built with replay_main.c
 * it is a plain program that replays files (the regression corpus in the
 * normal test suite). */
#ifndef SUSTAIN_FUZZ_H
#define SUSTAIN_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A private folder for the whole process, removed at exit; NULL on failure. */
const char *fuzz_work_dir(void);

/* Writes size bytes to dir/name (replacing it). Returns 0, or -1. */
int fuzz_write(const char *dir, const char *name, const void *data, size_t size);

#endif
