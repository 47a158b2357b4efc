/* postgres_plugin.c: the postgres data-source plugin: one table or one query of a
 * PostgreSQL database becomes one table. It connects through libpq, reads in a read-only
 * session with ISO dates and UTF-8 text, streams the result row by row (single-row mode,
 * so a big table never sits whole in libpq's memory as well as the host's), and declares
 * each column from its type OID. Every problem goes to host->error with libpq's message,
 * from which the password is removed. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "pg_tidy.h"
#include "utf8.h"
#include "sustain/plugin.h"

/* Room for one message to the host; the host copies it. */
#define POSTGRES_PLUGIN_MESSAGE_SIZE 1024

/* Seconds to wait for the server when the conninfo sets no connect_timeout: a server
 * that is down should fail a run, not hang it. */
#define POSTGRES_PLUGIN_CONNECT_TIMEOUT "10"

/* How many bytes of a table name a message quotes. */
#define POSTGRES_PLUGIN_QUOTE_MAX 80

/* What the password is replaced with in any message. */

/* Set for the session before reading: ISO dates (YYYY-MM-DD, which the host reads as
 * dates), floats printed exactly on servers older than 12, and no writes, whatever the
 * query asks. */
#define POSTGRES_PLUGIN_SESSION_SQL \
  "SET datestyle TO ISO; SET extra_float_digits TO 3; " \
  "SET default_transaction_read_only TO on"

/* Type OIDs from the server's catalog (pg_type.dat); they are fixed for built-in types. */
#define POSTGRES_OID_INT8 20
#define POSTGRES_OID_INT2 21
#define POSTGRES_OID_INT4 23
#define POSTGRES_OID_FLOAT4 700
#define POSTGRES_OID_FLOAT8 701
#define POSTGRES_OID_DATE 1082
#define POSTGRES_OID_NUMERIC 1700

/* Everything one load needs; lives on load's stack, so loads never share state. */
typedef struct postgres_load {
  const sustain_host *host;
  sustain_source *source;
  const char *table, *query;
  char *password; /* from the conninfo, for redaction; NULL when none */
  PGconn *connection;
  char *sql; /* the statement built from `table` (PQfreemem) */
} postgres_load;

/* ** {======================================================
** Messages
** ======================================================= */

/* Copies a libpq message into buffer as one tidy line, the password redacted (libpq's
 * own messages do not quote it, but a server's might echo a connection string). */
static const char *tidy(const postgres_load *load, const char *message, char *buffer,
                        size_t size) {
  return pg_tidy(message, load->password, buffer, size);
}

/* Reports a problem with the source: the host names the config's [source] line. */
__attribute__((format(printf, 2, 3))) static int report(const postgres_load *load,
                                                        const char *format, ...) {
  char message[POSTGRES_PLUGIN_MESSAGE_SIZE];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof message, format, args);
  va_end(args);
  load->host->error(load->source, NULL, 0, 0, message);
  return -1;
}

/* The precision that prints at most POSTGRES_PLUGIN_QUOTE_MAX bytes of a name, stepping
 * back to a character boundary so a message stays valid UTF-8. */
static int quote_length(const char *text) {
  return (int)utf8_fit(text, strlen(text), POSTGRES_PLUGIN_QUOTE_MAX);
}

/* What is being read, for messages: "table 'x'" or "the query". */
static const char *describe_input(const postgres_load *load, char *buffer, size_t size) {
  if (!load->table) return "the query";
  snprintf(buffer, size, "table '%.*s%s'", quote_length(load->table), load->table,
           strlen(load->table) > POSTGRES_PLUGIN_QUOTE_MAX ? "..." : "");
  return buffer;
}

/* Reports a failed result: the server's primary message, and its hint when it gives one. */
static int report_result(const postgres_load *load, const PGresult *result, const char *doing) {
  char primary[POSTGRES_PLUGIN_MESSAGE_SIZE / 2], hint[POSTGRES_PLUGIN_MESSAGE_SIZE / 4];
  const char *text = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  if (!text) text = result ? PQresultErrorMessage(result) : NULL;
  if (!text || !*text) text = PQerrorMessage(load->connection);
  tidy(load, text, primary, sizeof primary);
  const char *hint_text = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_HINT) : NULL;
  tidy(load, hint_text, hint, sizeof hint);
  return report(load, "%s: %s%s%s", doing, primary, hint[0] ? "; hint: " : "", hint);
}

/* }====================================================== */

/* ** {======================================================
** Connecting
** ======================================================= */

/* Whether libpq reads conninfo as key=value pairs or a URI, rather than a database name. */
static int is_connection_string(const char *conninfo) {
  return strchr(conninfo, '=') || strncmp(conninfo, "postgresql://", 13) == 0 ||
         strncmp(conninfo, "postgres://", 11) == 0;
}

/* Checks that conninfo parses and keeps its password for redaction. libpq's parse error
 * is not passed on: it quotes the text around the mistake, which may be the password.
 * Returns 0, or -1 after reporting. */
static int read_conninfo(postgres_load *load, const char *conninfo) {
  if (!is_connection_string(conninfo)) return 0; /* a bare database name */
  char *error = NULL;
  PQconninfoOption *options = PQconninfoParse(conninfo, &error);
  if (!options) {
    PQfreemem(error);
    return report(load, "option conninfo cannot be read; write key=value pairs separated by "
                  "spaces (host=db.example.org dbname=care user=analyst), quoting values that "
                  "hold spaces with '...', or a postgresql:// URI");
  }
  for (PQconninfoOption *option = options; option->keyword; option++)
    if (strcmp(option->keyword, "password") == 0 && option->val) {
      load->password = strdup(option->val);
      if (!load->password) {
        PQconninfoFree(options);
        return report(load, "out of memory reading option conninfo");
      }
    }
  PQconninfoFree(options);
  return 0;
}

/* libpq prints server notices (NOTICE, WARNING) to stderr by default; a plugin never prints. */
static void ignore_notice(void *context, const char *message) {
  (void)context;
  (void)message;
}

/* Connects and prepares the session. The conninfo is expanded in place of dbname: what it
 * sets overrides the defaults before it, and client_encoding after it is always UTF-8,
 * the only encoding the host takes. Returns 0, or -1 after reporting. */
static int connect_to_server(postgres_load *load, const char *conninfo) {
  static const char *const keywords[] = {"connect_timeout", "fallback_application_name",
                                         "dbname", "client_encoding", NULL};
  const char *const values[] = {POSTGRES_PLUGIN_CONNECT_TIMEOUT, "sustain", conninfo, "UTF8",
                                NULL};
  load->connection = PQconnectdbParams(keywords, values, 1);
  if (!load->connection) return report(load, "out of memory connecting to PostgreSQL");
  if (PQstatus(load->connection) != CONNECTION_OK) {
    char message[POSTGRES_PLUGIN_MESSAGE_SIZE / 2];
    return report(load, "cannot connect to PostgreSQL: %s; check conninfo (host, port, dbname, "
                  "user) and that the server is running, and keep the password in ~/.pgpass "
                  "or PGPASSWORD rather than in the INI file",
                  tidy(load, PQerrorMessage(load->connection), message, sizeof message));
  }
  PQsetNoticeProcessor(load->connection, ignore_notice, NULL);
  PGresult *result = PQexec(load->connection, POSTGRES_PLUGIN_SESSION_SQL);
  int ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  if (!ok) report_result(load, result, "cannot prepare the session");
  PQclear(result);
  return ok ? 0 : -1;
}

/* }====================================================== */

/* ** {======================================================
** Reading
** ======================================================= */

/* The column type for a result column of type oid: numbers and dates as the host knows
 * them, and text for everything else (booleans, timestamps and codes read as written). */
static sustain_column_type column_type_for(Oid type) {
  switch (type) {
  case POSTGRES_OID_INT2:
  case POSTGRES_OID_INT4:
  case POSTGRES_OID_INT8:
  case POSTGRES_OID_FLOAT4:
  case POSTGRES_OID_FLOAT8:
  case POSTGRES_OID_NUMERIC:
    return SUSTAIN_COLUMN_NUMBER;
  case POSTGRES_OID_DATE:
    return SUSTAIN_COLUMN_DATE;
  default:
    return SUSTAIN_COLUMN_TEXT;
  }
}

/* Declares one host column per field of the result. Returns 0, or -1 after the host
 * refused one (a repeated name, say) and said why. */
static int declare_columns(const postgres_load *load, const PGresult *result) {
  int count = PQnfields(result);
  if (count == 0) return report(load, "option query returns no columns; give a SELECT");
  for (int field = 0; field < count; field++) {
    const char *name = PQfname(result, field);
    if (load->host->add_column(load->source, name, strlen(name),
                               column_type_for(PQftype(result, field))) != 0)
      return -1;
  }
  return 0;
}

/* Hands every row of result to the host: NULL is a missing value, anything else goes as
 * the server's text (the host parses numbers, so a NaN is reported, not stored). */
static int append_rows(const postgres_load *load, const PGresult *result) {
  int fields = PQnfields(result);
  for (int row = 0; row < PQntuples(result); row++) {
    for (int field = 0; field < fields; field++) {
      int status = PQgetisnull(result, row, field)
                       ? load->host->append_missing(load->source)
                       : load->host->append_text(load->source, PQgetvalue(result, row, field),
                                                 (size_t)PQgetlength(result, row, field));
      if (status != 0) return -1;
    }
    if (load->host->end_row(load->source, 0) != 0) return -1;
  }
  return 0;
}

/* Runs the statement and streams its rows to the host. The extended protocol
 * (PQsendQueryParams) takes exactly one statement, so a query holding two is refused by
 * the server. Returns 0, or -1 after reporting. */
static int read_rows(postgres_load *load) {
  char what[POSTGRES_PLUGIN_QUOTE_MAX + 16];
  const char *sql = load->query;
  if (load->table) {
    /* one identifier, quoted by libpq: any name is a name, never SQL */
    char *identifier = PQescapeIdentifier(load->connection, load->table, strlen(load->table));
    if (!identifier) return report_result(load, NULL, "cannot quote the table name");
    size_t size = strlen(identifier) + sizeof "SELECT * FROM ";
    load->sql = malloc(size);
    if (load->sql) snprintf(load->sql, size, "SELECT * FROM %s", identifier);
    PQfreemem(identifier);
    if (!load->sql) return report(load, "out of memory building the query");
    sql = load->sql;
  }
  char doing[POSTGRES_PLUGIN_QUOTE_MAX + 32];
  snprintf(doing, sizeof doing, "cannot read %s", describe_input(load, what, sizeof what));
  if (!PQsendQueryParams(load->connection, sql, 0, NULL, NULL, NULL, NULL, 0))
    return report_result(load, NULL, doing);
  PQsetSingleRowMode(load->connection); /* if refused, the whole result comes at once */

  int failed = 0, declared = 0;
  for (PGresult *result; (result = PQgetResult(load->connection)) != NULL; PQclear(result)) {
    if (failed) continue; /* drain what the server still sends */
    ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_SINGLE_TUPLE || status == PGRES_TUPLES_OK) {
      if (!declared && declare_columns(load, result) != 0) failed = 1;
      declared = 1;
      if (!failed && append_rows(load, result) != 0) failed = 1;
    } else if (status == PGRES_COMMAND_OK) {
      report(load, "option query returns no rows; give a SELECT");
      failed = 1;
    } else {
      report_result(load, result, doing);
      failed = 1;
    }
  }
  return failed ? -1 : 0;
}

/* }====================================================== */

/* ** {======================================================
** The plugin
** ======================================================= */

static int postgres_load_source(const sustain_host *host, sustain_source *source) {
  postgres_load load = {.host = host,
                        .source = source,
                        .table = host->option(source, "table"),
                        .query = host->option(source, "query")};
  const char *conninfo = host->option(source, "conninfo");
  if (!conninfo) {
    report(&load, "option conninfo is missing; give the database to read, e.g. "
           "conninfo = host=db.example.org dbname=care user=analyst");
    return 1;
  }
  if (load.table && load.query) {
    report(&load, "options table and query are both given; give one: a table to read whole, "
           "or a SELECT");
    return 1;
  }
  if (!load.table && !load.query) {
    report(&load, "give option table (a table to read whole) or option query (a SELECT)");
    return 1;
  }
  int failed = read_conninfo(&load, conninfo) != 0 || connect_to_server(&load, conninfo) != 0 ||
               read_rows(&load) != 0;
  PQfinish(load.connection); /* NULL is harmless; closing drops any rows not read */
  free(load.sql);
  free(load.password);
  return failed;
}

static const sustain_option postgres_plugin_options[] = {
    {"conninfo", "a libpq connection string or URI, e.g. host=db.example.org dbname=care", 1,
     SUSTAIN_OPTION_TEXT, NULL},
    {"table", "a table (or view) to read whole, named exactly (case-sensitive); give this or query",
     0, SUSTAIN_OPTION_TEXT, NULL},
    {"query", "one SELECT statement whose result is the table; give this or table", 0,
     SUSTAIN_OPTION_TEXT, NULL},
    {NULL, NULL, 0, SUSTAIN_OPTION_TEXT, NULL},
};

SUSTAIN_PLUGIN_DEFINE = {
    .abi_major = SUSTAIN_PLUGIN_ABI_MAJOR,
    .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR,
    .size = sizeof(sustain_plugin_descriptor),
    .name = "postgres",
    .version = "1.0.0",
    .description = "PostgreSQL databases through libpq: one table or one SELECT per source, "
                   "read-only",
    .options = postgres_plugin_options,
    .load = postgres_load_source,
};

/* }====================================================== */
