/* sqlite_plugin.c: the sqlite data-source plugin: one table or one query of an SQLite
 * database file becomes one table. The file is opened read-only; each result column is
 * declared from its declared type where SQLite knows it, and each value is handed to the
 * host by its storage class. Every problem goes to host->error with the database file and
 * SQLite's own message, and loading stops at the first one. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "sustain/plugin.h"
#include "utf8.h"

/* Room for one message to the host; the host copies it. */
#define SQLITE_PLUGIN_MESSAGE_SIZE 768

/* How long a read waits for a writer's lock before giving up, in milliseconds: long
 * enough to ride out another program's short write, short enough to fail visibly. */
#define SQLITE_PLUGIN_BUSY_TIMEOUT_MS 5000

/* Integers up to 2^53 in magnitude are exact as doubles; larger ones go to the host as
 * their decimal text, so a TEXT column keeps every digit of an identifier. */
#define SQLITE_PLUGIN_EXACT_INTEGER (INT64_C(1) << 53)

/* How many bytes of a table name, column name or query a message quotes. */
#define SQLITE_PLUGIN_QUOTE_MAX 80

/* SQLite virtual-machine steps between two questions to the host whether to stop:
 * some tens of microseconds of work, so a stop request is met at once, and asking
 * costs nothing that shows. */
#define SQLITE_PLUGIN_PROGRESS_STEPS 10000

/* Everything one load needs; lives on load's stack, so loads never share state. */
typedef struct sqlite_load {
  const sustain_host *host;
  sustain_source *source;
  const char *path;
  sqlite3 *db;
  sqlite3_stmt *statement;
  char *sql; /* the statement text when built from `table` (sqlite3_mprintf) */
  int stopped; /* the host asked to stop, and SQLite was interrupted */
} sqlite_load;

/* ** {======================================================
** Messages
** ======================================================= */

/* Reports a problem with the database file, or (file NULL) with the options. */
__attribute__((format(printf, 3, 4))) static int report(const sqlite_load *load, const char *file,
                                                        const char *format, ...) {
  char message[SQLITE_PLUGIN_MESSAGE_SIZE];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof message, format, args);
  va_end(args);
  load->host->error(load->source, file, 0, 0, message);
  return -1;
}

/* The precision that prints at most SQLITE_PLUGIN_QUOTE_MAX bytes of text, stepping back
 * to a character boundary so a message stays valid UTF-8. */
static int quote_length(const char *text) {
  return (int)utf8_fit(text, strlen(text), SQLITE_PLUGIN_QUOTE_MAX);
}

/* The "..." that marks text cut by quote_length. */
static const char *quote_tail(const char *text) {
  return strlen(text) > SQLITE_PLUGIN_QUOTE_MAX ? "..." : "";
}

/* What is being read, for messages: "table 'x'" or "the query". */
static void describe_input(const char *table, char *buffer, size_t size) {
  if (table)
    snprintf(buffer, size, "table '%.*s%s'", quote_length(table), table, quote_tail(table));
  else
    snprintf(buffer, size, "the query");
}

/* }====================================================== */

/* ** {======================================================
** Types and values
** ======================================================= */

/* Whether word occurs in the declared type, ignoring case (SQLite's own affinity
 * rules match substrings the same way: "BIGINT" holds "INT"). */
static int declared_type_has(const char *declared, const char *word) {
  size_t length = strlen(word);
  for (const char *c = declared; *c; c++)
    if (sqlite3_strnicmp(c, word, (int)length) == 0) return 1;
  return 0;
}

/* The column type to declare for a result column whose declared type in the schema is
 * `declared` (NULL for an expression). DATE comes first because SQLite gives a DATE
 * column numeric affinity, yet stores ISO dates as text. TEXT stays text even when its
 * values look like numbers (codes such as "201"); anything else is left to the host. */
static sustain_column_type column_type_for(const char *declared) {
  if (!declared) return SUSTAIN_COLUMN_INFER;
  if (sqlite3_stricmp(declared, "DATE") == 0) return SUSTAIN_COLUMN_DATE;
  if (declared_type_has(declared, "INT") || declared_type_has(declared, "REAL") ||
      declared_type_has(declared, "FLOA") || declared_type_has(declared, "DOUB") ||
      declared_type_has(declared, "NUMERIC") || declared_type_has(declared, "DECIMAL"))
    return SUSTAIN_COLUMN_NUMBER;
  if (declared_type_has(declared, "CHAR") || declared_type_has(declared, "CLOB") ||
      declared_type_has(declared, "TEXT"))
    return SUSTAIN_COLUMN_TEXT;
  return SUSTAIN_COLUMN_INFER;
}

/* Hands the value in result column `column` of the current row to the host. Returns 0,
 * or -1 after reporting (or after the host refused the cell and said why). */
static int append_value(const sqlite_load *load, int column, long row) {
  const sustain_host *host = load->host;
  sqlite3_stmt *statement = load->statement;
  switch (sqlite3_column_type(statement, column)) {
  case SQLITE_NULL:
    return host->append_missing(load->source);
  case SQLITE_INTEGER: {
    sqlite3_int64 value = sqlite3_column_int64(statement, column);
    if (value >= -SQLITE_PLUGIN_EXACT_INTEGER && value <= SQLITE_PLUGIN_EXACT_INTEGER)
      return host->append_number(load->source, (double)value);
    char text[32];
    int length = snprintf(text, sizeof text, "%lld", (long long)value);
    return host->append_text(load->source, text, (size_t)length);
  }
  case SQLITE_FLOAT:
    return host->append_number(load->source, sqlite3_column_double(statement, column));
  case SQLITE_TEXT: {
    const unsigned char *text = sqlite3_column_text(statement, column);
    size_t length = (size_t)sqlite3_column_bytes(statement, column);
    if (!text && length > 0)
      return report(load, load->path, "out of memory reading row %ld", row);
    if (!utf8_valid(text, length)) { /* SQLite stores any bytes as TEXT */
      const char *name = sqlite3_column_name(statement, column);
      return report(load, load->path,
                    "row %ld, column '%.*s%s': the text is not valid UTF-8; store it as UTF-8 "
                    "(the database may hold text in another encoding, such as Windows-1252)",
                    row, quote_length(name), name, quote_tail(name));
    }
    return host->append_text(load->source, (const char *)text, length);
  }
  default: { /* SQLITE_BLOB */
    const char *name = sqlite3_column_name(statement, column);
    return report(load, load->path,
                  "row %ld, column '%.*s%s' holds a BLOB (binary data), which sustain cannot "
                  "read; leave the column out with a query, or convert it there, e.g. "
                  "CAST(column AS TEXT)",
                  row, quote_length(name), name, quote_tail(name));
  }
  }
}

/* }====================================================== */

/* ** {======================================================
** Reading
** ======================================================= */

/* SQLite's progress handler: a query may compute for ever without handing over a row (a
 * recursive view, a join of everything with everything), so SQLite asks the host every
 * few thousand steps, and stops the statement once the host wants loading to stop. */
static int progress(void *context) {
  sqlite_load *load = context;
  if (!load->host->stop_requested(load->source)) return 0;
  load->stopped = 1;
  return 1; /* interrupts the statement: sqlite3_step returns SQLITE_INTERRUPT */
}

/* Opens the database read-only. A file that is not a database opens fine; SQLite notices
 * only at the first statement, which then reports it. Returns 0, or -1 after reporting. */
static int open_database(sqlite_load *load) {
  int status = sqlite3_open_v2(load->path, &load->db, SQLITE_OPEN_READONLY, NULL);
  if (status != SQLITE_OK) {
    report(load, load->path, "cannot open the database: %s; check the path and its permissions",
           load->db ? sqlite3_errmsg(load->db) : sqlite3_errstr(status));
    return -1;
  }
  sqlite3_extended_result_codes(load->db, 1);
  sqlite3_busy_timeout(load->db, SQLITE_PLUGIN_BUSY_TIMEOUT_MS);
  if (SUSTAIN_HOST_HAS(load->host, stop_requested)) /* ABI 1.4 */
    sqlite3_progress_handler(load->db, SQLITE_PLUGIN_PROGRESS_STEPS, progress, load);
  return 0;
}

/* Whether text holds nothing but blanks and semicolons (what may follow the last
 * statement). Comments are left to SQLite: see prepare. */
static int is_blank_tail(const char *text) {
  for (; *text; text++)
    if (!strchr(" \t\r\n\f\v;", *text)) return 0;
  return 1;
}

/* Compiles the one statement that reads the source: SELECT * FROM "table", or the query.
 * Returns 0, or -1 after reporting. */
static int prepare(sqlite_load *load, const char *table, const char *query) {
  char what[SQLITE_PLUGIN_QUOTE_MAX + 16];
  describe_input(table, what, sizeof what);
  const char *sql = query;
  if (table) {
    /* %w doubles every " inside the name: any name is one identifier, never SQL */
    load->sql = sqlite3_mprintf("SELECT * FROM \"%w\"", table);
    if (!load->sql) return report(load, load->path, "out of memory reading %s", what);
    sql = load->sql;
  }
  const char *tail = NULL;
  if (sqlite3_prepare_v2(load->db, sql, -1, &load->statement, &tail) != SQLITE_OK)
    return report(load, load->path, "cannot read %s: %s", what, sqlite3_errmsg(load->db));
  if (!load->statement)
    return report(load, NULL, "option query holds no SQL statement; give a SELECT");
  /* Only one statement runs; a second one would be silently ignored, so refuse it.
   * Compiling the tail tells a second statement from a trailing comment. */
  while (tail && !is_blank_tail(tail)) {
    sqlite3_stmt *next = NULL;
    const char *rest = NULL;
    int status = sqlite3_prepare_v2(load->db, tail, -1, &next, &rest);
    sqlite3_finalize(next);
    if (status != SQLITE_OK || next)
      return report(load, NULL, "option query holds more than one SQL statement; give a single "
                    "SELECT");
    tail = rest;
  }
  if (!sqlite3_stmt_readonly(load->statement))
    return report(load, NULL, "option query must only read the database; give a SELECT");
  if (sqlite3_column_count(load->statement) == 0)
    return report(load, NULL, "option query returns no columns; give a SELECT");
  return 0;
}

/* Declares one host column per result column. Returns 0, or -1 after the host refused
 * one (a repeated name, say) and said why. */
static int declare_columns(const sqlite_load *load) {
  int count = sqlite3_column_count(load->statement);
  for (int column = 0; column < count; column++) {
    const char *name = sqlite3_column_name(load->statement, column);
    if (!name) return report(load, load->path, "out of memory reading the column names");
    sustain_column_type type = column_type_for(sqlite3_column_decltype(load->statement, column));
    if (load->host->add_column(load->source, name, strlen(name), type) != 0) return -1;
  }
  return 0;
}

/* Steps through the result, one host row per result row. Returns 0, or -1 after
 * reporting. */
static int read_rows(const sqlite_load *load, const char *table) {
  int count = sqlite3_column_count(load->statement);
  long row = 0;
  int status;
  while ((status = sqlite3_step(load->statement)) == SQLITE_ROW) {
    row++;
    for (int column = 0; column < count; column++)
      if (append_value(load, column, row) != 0) return -1;
    if (load->host->end_row(load->source, 0) != 0) return -1;
  }
  if (status != SQLITE_DONE) {
    char what[SQLITE_PLUGIN_QUOTE_MAX + 16];
    describe_input(table, what, sizeof what);
    if (load->stopped) /* the host has said why; this says where */
      return report(load, load->path, "stopped reading %s after %ld rows, as sustain asked",
                    what, row);
    return report(load, load->path, "cannot read %s after %ld rows: %s", what, row,
                  sqlite3_errmsg(load->db));
  }
  return 0;
}

/* }====================================================== */

/* ** {======================================================
** The plugin
** ======================================================= */

static int sqlite_load_source(const sustain_host *host, sustain_source *source) {
  sqlite_load load = {.host = host, .source = source, .path = host->option(source, "path")};
  const char *table = host->option(source, "table");
  const char *query = host->option(source, "query");
  if (!load.path) {
    report(&load, NULL, "option path is missing; give the SQLite database file");
    return 1;
  }
  if (table && query) {
    report(&load, NULL, "options table and query are both given; give one: a table to read "
           "whole, or a SELECT");
    return 1;
  }
  if (!table && !query) {
    report(&load, NULL, "give option table (a table to read whole) or option query (a SELECT)");
    return 1;
  }
  int failed = open_database(&load) != 0 || prepare(&load, table, query) != 0 ||
               declare_columns(&load) != 0 || read_rows(&load, table) != 0;
  sqlite3_finalize(load.statement);
  sqlite3_free(load.sql);
  sqlite3_close(load.db); /* NULL is harmless; every statement is finalized */
  return failed;
}

static const sustain_option sqlite_plugin_options[] = {
    {"path", "the SQLite database file (opened read-only)", 1, SUSTAIN_OPTION_PATH, NULL},
    {"table", "a table (or view) to read whole, named exactly; give this or query", 0,
     SUSTAIN_OPTION_TEXT, NULL},
    {"query", "one SELECT statement whose result is the table; give this or table", 0,
     SUSTAIN_OPTION_TEXT, NULL},
    {NULL, NULL, 0, SUSTAIN_OPTION_TEXT, NULL},
};

SUSTAIN_PLUGIN_DEFINE = {
    .abi_major = SUSTAIN_PLUGIN_ABI_MAJOR,
    .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR,
    .size = sizeof(sustain_plugin_descriptor),
    .name = "sqlite",
    .version = "1.1.0",
    .description = "SQLite database files: one table or one SELECT per source, read-only",
    .options = sqlite_plugin_options,
    .load = sqlite_load_source,
};

/* }====================================================== */
