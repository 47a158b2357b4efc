/* csv_to_sqlite.c: builds the SQLite database the database tests read. Usage:
 *   csv_to_sqlite DATABASE SCHEMA.sql TABLE=FILE.csv...
 * runs the schema, then inserts every row of each CSV file (read with the csv plugin's
 * own reader, so both sides agree on what the file holds) into its table. An empty field
 * becomes NULL; every other field is bound as text and the column's declared type
 * converts it, as SQLite does for any application that inserts text. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "csv_reader.h"

/* One CSV file going into one table. */
typedef struct csv_import {
  sqlite3 *db;
  const char *table, *file;
  sqlite3_stmt *insert; /* prepared once the header row gives the column count */
  int field_count;      /* fields seen in the current record */
  int column_count;     /* fields of the header row */
  int in_header;
  long rows;
} csv_import;

static char *read_whole_file(const char *path, size_t *length) {
  FILE *file = fopen(path, "rb");
  if (!file) return NULL;
  char *data = NULL;
  size_t capacity = 0;
  *length = 0;
  for (;;) {
    if (*length == capacity) {
      capacity = capacity ? capacity * 2 : 65536;
      char *grown = realloc(data, capacity + 1);
      if (!grown) break;
      data = grown;
    }
    size_t got = fread(data + *length, 1, capacity - *length, file);
    *length += got;
    if (got == 0) break;
  }
  int failed = ferror(file) || !data;
  fclose(file);
  if (failed) {
    free(data);
    return NULL;
  }
  data[*length] = '\0';
  return data;
}

/* INSERT INTO "table" VALUES (?, ?, ...) for the header's column count. */
static int prepare_insert(csv_import *import) {
  size_t size = strlen(import->table) * 2 + 32 + (size_t)import->column_count * 3;
  char *sql = malloc(size);
  if (!sql) return -1;
  char *quoted = sqlite3_mprintf("\"%w\"", import->table);
  int used = snprintf(sql, size, "INSERT INTO %s VALUES (", quoted ? quoted : "");
  sqlite3_free(quoted);
  for (int i = 0; i < import->column_count; i++)
    used += snprintf(sql + used, size - (size_t)used, "%s?", i ? ", " : "");
  snprintf(sql + used, size - (size_t)used, ")");
  int status = sqlite3_prepare_v2(import->db, sql, -1, &import->insert, NULL);
  free(sql);
  if (status != SQLITE_OK) {
    fprintf(stderr, "%s: %s\n", import->table, sqlite3_errmsg(import->db));
    return -1;
  }
  return 0;
}

static int on_field(void *context, const char *bytes, size_t length, int was_quoted,
                    size_t offset) {
  csv_import *import = context;
  (void)was_quoted;
  (void)offset;
  import->field_count++;
  if (import->in_header) return 0;
  if (import->field_count > import->column_count) return 0; /* reported at the record's end */
  int status = length == 0 ? sqlite3_bind_null(import->insert, import->field_count)
                           : sqlite3_bind_text(import->insert, import->field_count, bytes,
                                               (int)length, SQLITE_TRANSIENT);
  return status == SQLITE_OK ? 0 : -1;
}

static int on_record(void *context, long line, size_t start_offset, size_t end_offset) {
  csv_import *import = context;
  (void)start_offset;
  (void)end_offset;
  int fields = import->field_count;
  import->field_count = 0;
  if (import->in_header) {
    import->in_header = 0;
    import->column_count = fields;
    return prepare_insert(import);
  }
  if (fields != import->column_count) {
    fprintf(stderr, "%s:%ld: %d fields, the header has %d\n", import->file, line, fields,
            import->column_count);
    return -1;
  }
  if (sqlite3_step(import->insert) != SQLITE_DONE) {
    fprintf(stderr, "%s:%ld: %s\n", import->file, line, sqlite3_errmsg(import->db));
    return -1;
  }
  sqlite3_reset(import->insert);
  import->rows++;
  return 0;
}

/* Imports one TABLE=FILE argument. Returns 0, or -1 after printing why. */
static int import_csv(sqlite3 *db, const char *argument) {
  const char *equals = strchr(argument, '=');
  if (!equals || equals == argument) {
    fprintf(stderr, "%s: expected TABLE=FILE.csv\n", argument);
    return -1;
  }
  char *table = strndup(argument, (size_t)(equals - argument));
  csv_import import = {.db = db, .table = table, .file = equals + 1, .in_header = 1};
  size_t length;
  char *data = table ? read_whole_file(import.file, &length) : NULL;
  if (!data) {
    fprintf(stderr, "%s: cannot read: %s\n", import.file, strerror(errno));
    free(table);
    return -1;
  }
  const csv_options options = {.delimiter = CSV_DEFAULT_DELIMITER};
  const csv_handler handler = {on_field, on_record, &import, NULL, NULL};
  csv_error error;
  int status = csv_parse(data, length, &options, &handler, &error);
  if (status == CSV_MALFORMED || status == CSV_BAD_OPTIONS || status == CSV_OUT_OF_MEMORY)
    fprintf(stderr, "%s:%ld:%ld: %s\n", import.file, error.line, error.column, error.message);
  sqlite3_finalize(import.insert);
  free(data);
  free(table);
  return status == CSV_OK ? 0 : -1;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s DATABASE SCHEMA.sql TABLE=FILE.csv...\n", argv[0]);
    return 2;
  }
  size_t length;
  char *schema = read_whole_file(argv[2], &length);
  if (!schema) {
    fprintf(stderr, "%s: cannot read: %s\n", argv[2], strerror(errno));
    return 1;
  }
  sqlite3 *db = NULL;
  char *error = NULL;
  int status = sqlite3_open(argv[1], &db) == SQLITE_OK &&
                       sqlite3_exec(db, "BEGIN", NULL, NULL, &error) == SQLITE_OK &&
                       sqlite3_exec(db, schema, NULL, NULL, &error) == SQLITE_OK
                   ? 0
                   : 1;
  if (status != 0) fprintf(stderr, "%s: %s\n", argv[1], error ? error : sqlite3_errmsg(db));
  for (int i = 3; status == 0 && i < argc; i++)
    if (import_csv(db, argv[i]) != 0) status = 1;
  if (status == 0 && sqlite3_exec(db, "COMMIT", NULL, NULL, &error) != SQLITE_OK) {
    fprintf(stderr, "%s: %s\n", argv[1], error);
    status = 1;
  }
  sqlite3_free(error);
  sqlite3_close(db);
  free(schema);
  return status;
}
