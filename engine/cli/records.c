/* records.c: `sustain check --records FILE`; see records.h. The records are
 * collected first and written only when every check ran, so a failed check
 * leaves FILE as it was. The file is CSV as the plan's is, through the same field
 * writer (report_csv.h: a byte order mark, RFC 4180, CRLF, a cell that a spreadsheet
 * would run as a formula prefixed with an apostrophe). */
#include "records.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_rows.h"
#include "grow.h"
#include "output_file.h"
#include "report_csv.h"
#include "source_columns.h"

/* The file's header; a row's line in its source file is not kept by the store, so
 * the identifier is what finds the row. */
#define RECORDS_HEADER "authority,table,check,identifier" REPORT_CSV_RECORD_END

/* One row a check found. */
typedef struct record {
  const char *authority, *table, *check;
  const char *identifier; /* NULL: the row's identifier is blank */
} record;

/* What the listing collects: the records in order, and per source the rows that
 * could not be listed for want of an identifier column. */
typedef struct record_list {
  const config *cfg;
  arena *arena; /* the identifiers' copies */
  record *items;
  size_t count, capacity;
  size_t *unlisted; /* per source */
} record_list;

/* ** {======================================================================
** The target
** ======================================================================= */

const char *records_target_refused(const char *path) {
  if (strcmp(path, "-") == 0) return "standard output";
  struct stat target;
  if (stat(path, &target) != 0) return NULL; /* a new file */
  if (S_ISCHR(target.st_mode)) {
    int fd = open(path, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    int terminal = fd >= 0 && isatty(fd);
    if (fd >= 0) close(fd);
    return terminal ? "a terminal" : NULL; /* /dev/null, say, shows nothing */
  }
  static const struct {
    int fd;
    const char *name;
  } streams[] = {{STDOUT_FILENO, "standard output"}, {STDERR_FILENO, "standard error"}};
  for (size_t i = 0; i < sizeof streams / sizeof *streams; i++) {
    struct stat open_stream;
    if (fstat(streams[i].fd, &open_stream) == 0 && open_stream.st_dev == target.st_dev &&
        open_stream.st_ino == target.st_ino)
      return streams[i].name;
  }
  return NULL;
}

/* }====================================================================== */

/* ** {======================================================================
** Collecting
** ======================================================================= */

static size_t source_of(const config *cfg, const char *table) {
  size_t i = 0;
  while (i < cfg->source_count && strcmp(cfg->sources[i].name, table) != 0) i++;
  return i; /* every table is a source's */
}

static int collect(void *context, const config_authority *authority,
                   const check_definition *check, const evidence_table *table,
                   const uint32_t *rows, size_t count) {
  record_list *list = context;
  size_t source = source_of(list->cfg, table->name);
  int column = source < list->cfg->source_count
                   ? source_columns_identifier(&list->cfg->sources[source], table)
                   : -1;
  if (column < 0) {
    if (source < list->cfg->source_count) list->unlisted[source] += count;
    return 0;
  }
  if (grow_array((void **)&list->items, &list->capacity, list->count + count,
                 sizeof *list->items) != 0)
    return -1;
  char buffer[CHECK_ROWS_KEY_SIZE];
  for (size_t i = 0; i < count; i++) {
    size_t length = 0;
    const char *text = check_rows_key_text(&table->columns[column], rows[i], buffer, &length);
    const char *identifier = text ? arena_strndup(list->arena, text, length) : NULL;
    if (text && !identifier) return -1;
    list->items[list->count++] = (record){authority->id, table->name, check->id, identifier};
  }
  return 0;
}

/* One warning per source whose found rows have no identifier to write. */
static void warn_unlisted(const record_list *list, diag_list *warnings) {
  const config *cfg = list->cfg;
  for (size_t i = 0; i < cfg->source_count; i++) {
    if (!list->unlisted[i]) continue;
    const config_source *src = &cfg->sources[i];
    diag_add(warnings, cfg->path, src->line, 0,
             "%zu record%s that data checks found in source %s %s not written: its table has "
             "no %s column; add id_column = the column that identifies each row",
             list->unlisted[i], list->unlisted[i] == 1 ? "" : "s", src->name,
             list->unlisted[i] == 1 ? "is" : "are",
             src->id_column ? src->id_column : SOURCE_COLUMNS_DEFAULT_ID);
  }
}

/* }====================================================================== */

/* ** {======================================================================
** Writing
** ======================================================================= */

static int write_list(const record_list *list, const char *path, int *direct_out,
                      diag_list *diags) {
  output_file file;
  if (output_file_open_as(&file, path, OUTPUT_ACCESS_OWNER_ONLY) != 0) {
    diag_add(diags, NULL, 0, 0, "cannot write %s: %s", path, strerror(errno));
    return -1;
  }
  int direct = *direct_out = file.direct; /* commit clears it */
  /* written as the plan's CSV is (report_csv.h), so a spreadsheet reads both alike */
  report_sink sink;
  report_sink_init(&sink, file.stream);
  report_put(&sink, REPORT_CSV_BYTE_ORDER_MARK RECORDS_HEADER);
  for (size_t i = 0; i < list->count; i++) {
    const record *r = &list->items[i];
    const char *fields[] = {r->authority, r->table, r->check, r->identifier};
    for (size_t f = 0; f < sizeof fields / sizeof *fields; f++) {
      if (f) report_put(&sink, ",");
      report_csv_text_field(&sink, fields[f]);
    }
    report_put(&sink, REPORT_CSV_RECORD_END);
  }
  if (report_sink_finish(&sink) != 0 || output_file_commit(&file) != 0) {
    int error = errno;
    output_file_abort(&file);
    diag_add(diags, NULL, 0, 0, "cannot write %s: %s%s", path, strerror(error),
             direct ? "" : " (the previous file is untouched)");
    return -1;
  }
  return 0;
}

/* }====================================================================== */

int records_write(engine *e, const char *path, records_result *result, diag_list *warnings,
                  diag_list *diags) {
  record_list list = {.cfg = e->cfg, .arena = arena_new(),
                      .unlisted = calloc(e->cfg->source_count + 1, sizeof(size_t))};
  *result = (records_result){0};
  int status = -1;
  if (!list.arena || !list.unlisted) {
    diag_add(diags, NULL, 0, 0, "out of memory while listing the records");
  } else if (engine_list_checks(e, collect, &list, diags) == 0 &&
             write_list(&list, path, &result->direct, diags) == 0) {
    warn_unlisted(&list, warnings);
    result->written = list.count;
    status = 0;
  }
  arena_free(list.arena);
  free(list.items);
  free(list.unlisted);
  return status;
}
