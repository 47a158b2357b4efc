/* xlsx_zip.h: the workbook's container. An .xlsx file is a zip archive of XML parts;
 * this opens it (from a file, or from memory for the fuzz target) and hands one part's
 * bytes on a chunk at a time, never more than a bound, so that a part that inflates to
 * gigabytes (a zip bomb) is refused after reading the bound, not after filling memory. */
#ifndef SUSTAIN_XLSX_ZIP_H
#define SUSTAIN_XLSX_ZIP_H

#include <stddef.h>
#include <stdint.h>

#include <zip.h>

/* Room for a message about the container. */
#define XLSX_MESSAGE_SIZE 512

/* read's status for a part the archive does not hold. */
#define XLSX_ZIP_MISSING 2

typedef struct xlsx_zip {
  zip_t *archive;
} xlsx_zip;

/* Receives the next chunk of a part. Nonzero stops reading, and read returns it (use 1). */
typedef int (*xlsx_chunk_fn)(void *context, const char *bytes, size_t length);

/* Opens the archive at path, or length bytes at data (which must outlive it). Returns 0,
 * or -1 with the reason, written for the user, in error. */
int xlsx_zip_open_file(xlsx_zip *zip, const char *path, char error[XLSX_MESSAGE_SIZE]);
int xlsx_zip_open_memory(xlsx_zip *zip, const void *data, size_t length,
                         char error[XLSX_MESSAGE_SIZE]);

/* Whether the archive holds a part of this name. */
int xlsx_zip_has(const xlsx_zip *zip, const char *name);

/* Hands the part's inflated bytes to chunk, in order, at most limit of them: a part
 * larger than that is refused. Returns 0 when all was read, XLSX_ZIP_MISSING, chunk's
 * nonzero status, or -1 with the reason in error. */
int xlsx_zip_read(const xlsx_zip *zip, const char *name, uint64_t limit, xlsx_chunk_fn chunk,
                  void *context, char error[XLSX_MESSAGE_SIZE]);

void xlsx_zip_close(xlsx_zip *zip);

#endif
