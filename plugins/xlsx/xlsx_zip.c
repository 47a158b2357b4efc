/* xlsx_zip.c: the workbook's zip container through Debian's libzip; see xlsx_zip.h. */
#include "xlsx_zip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes inflated at a time: large enough that the XML parser's per-call cost vanishes,
 * small enough to stay in the core's cache between inflating and parsing. */
#define XLSX_ZIP_CHUNK (64 * 1024)

/* The advice that follows any sign of a damaged or foreign file. */
#define XLSX_ZIP_ADVICE "open it in Excel or LibreOffice and save it as an Excel workbook (.xlsx)"

/* The signature of the compound file container that holds .xls workbooks and, once a
 * password encrypts it, an .xlsx one too. */
static const unsigned char compound_file_signature[8] = {0xD0, 0xCF, 0x11, 0xE0,
                                                         0xA1, 0xB1, 0x1A, 0xE1};

static int is_compound_file(const unsigned char *head, size_t length) {
  return length >= sizeof compound_file_signature &&
         memcmp(head, compound_file_signature, sizeof compound_file_signature) == 0;
}

static void describe_open_error(int code, int compound, char error[XLSX_MESSAGE_SIZE]) {
  if (code == ZIP_ER_NOZIP && compound)
    snprintf(error, XLSX_MESSAGE_SIZE,
             "not a workbook sustain can read: the file is an Excel 97-2003 workbook (.xls), "
             "or one protected by a password; open it in Excel or LibreOffice and save it as an "
             "Excel workbook (.xlsx) without a password");
  else if (code == ZIP_ER_NOZIP)
    snprintf(error, XLSX_MESSAGE_SIZE,
             "not an Excel workbook: the file is not a zip archive, as .xlsx files are (an "
             "older .xls, a CSV or a renamed file?); " XLSX_ZIP_ADVICE);
  else if (code == ZIP_ER_INCONS)
    snprintf(error, XLSX_MESSAGE_SIZE,
             "the workbook's zip archive is damaged (its directory is inconsistent); "
             XLSX_ZIP_ADVICE);
  else {
    zip_error_t detail;
    zip_error_init_with_code(&detail, code);
    snprintf(error, XLSX_MESSAGE_SIZE, "cannot open the workbook: %s; check the file",
             zip_error_strerror(&detail));
    zip_error_fini(&detail);
  }
}

int xlsx_zip_open_file(xlsx_zip *zip, const char *path, char error[XLSX_MESSAGE_SIZE]) {
  int code = 0;
  zip->archive = zip_open(path, ZIP_RDONLY, &code);
  if (zip->archive) return 0;
  unsigned char head[sizeof compound_file_signature];
  size_t got = 0;
  FILE *file = code == ZIP_ER_NOZIP ? fopen(path, "rb") : NULL;
  if (file) {
    got = fread(head, 1, sizeof head, file);
    fclose(file);
  }
  describe_open_error(code, is_compound_file(head, got), error);
  return -1;
}

int xlsx_zip_open_memory(xlsx_zip *zip, const void *data, size_t length,
                         char error[XLSX_MESSAGE_SIZE]) {
  zip_error_t detail;
  zip_error_init(&detail);
  zip_source_t *source = zip_source_buffer_create(data, length, 0, &detail);
  zip->archive = source ? zip_open_from_source(source, ZIP_RDONLY, &detail) : NULL;
  if (!zip->archive) {
    describe_open_error(zip_error_code_zip(&detail), is_compound_file(data, length), error);
    if (source) zip_source_free(source);
  }
  zip_error_fini(&detail);
  return zip->archive ? 0 : -1;
}

int xlsx_zip_has(const xlsx_zip *zip, const char *name) {
  return zip_name_locate(zip->archive, name, 0) >= 0;
}

static int too_large(const char *name, uint64_t limit, char error[XLSX_MESSAGE_SIZE]) {
  snprintf(error, XLSX_MESSAGE_SIZE,
           "the workbook's part %s inflates to more than %llu MB, more than sustain reads of "
           "one part (the file may be a zip bomb); save only the sheet the source needs in a "
           "workbook of its own", name, (unsigned long long)(limit >> 20));
  return -1;
}

int xlsx_zip_read(const xlsx_zip *zip, const char *name, uint64_t limit, xlsx_chunk_fn chunk,
                  void *context, char error[XLSX_MESSAGE_SIZE]) {
  zip_int64_t index = zip_name_locate(zip->archive, name, 0);
  if (index < 0) return XLSX_ZIP_MISSING;
  zip_stat_t stat;
  /* the size the directory claims is checked first, but it may lie: the bytes are counted too */
  if (zip_stat_index(zip->archive, (zip_uint64_t)index, 0, &stat) == 0 &&
      (stat.valid & ZIP_STAT_SIZE) && stat.size > limit)
    return too_large(name, limit, error);
  zip_file_t *file = zip_fopen_index(zip->archive, (zip_uint64_t)index, 0);
  if (!file) {
    snprintf(error, XLSX_MESSAGE_SIZE, "cannot read the workbook's part %s: %s; "
             XLSX_ZIP_ADVICE, name, zip_strerror(zip->archive));
    return -1;
  }
  char *buffer = malloc(XLSX_ZIP_CHUNK);
  int status = 0;
  uint64_t total = 0;
  if (!buffer) {
    snprintf(error, XLSX_MESSAGE_SIZE, "out of memory reading the workbook's part %s", name);
    status = -1;
  }
  while (status == 0) {
    zip_int64_t got = zip_fread(file, buffer, XLSX_ZIP_CHUNK);
    if (got < 0) {
      snprintf(error, XLSX_MESSAGE_SIZE, "cannot inflate the workbook's part %s: %s; the file "
               "is damaged: " XLSX_ZIP_ADVICE, name, zip_file_strerror(file));
      status = -1;
    } else if (got == 0) {
      break;
    } else if ((total += (uint64_t)got) > limit) {
      status = too_large(name, limit, error);
    } else {
      status = chunk(context, buffer, (size_t)got);
    }
  }
  free(buffer);
  zip_fclose(file);
  return status;
}

void xlsx_zip_close(xlsx_zip *zip) {
  if (zip->archive) zip_discard(zip->archive); /* opened read-only: nothing to write */
  zip->archive = NULL;
}
