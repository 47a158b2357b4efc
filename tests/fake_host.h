/* fake_host.h: the one host that tests of a plugin's load run it against (the csv,
 * sqlite and postgres plugins, and good.so). It hands the plugin its options,
 * records what the plugin declares and appends as readable text, and checks the
 * host protocol as sustain's host does: columns before cells, one cell per column
 * per row, nothing after a refusal, and the newest block function the host has.
 * A test chooses the host's minor (an older host lacks the later functions) and
 * may then change the table it gets (its size, a NULL function) to test the rule
 * of sustain/plugin.h. Failures of its own (out of memory) fail the running
 * cmocka test. */
#ifndef SUSTAIN_TEST_FAKE_HOST_H
#define SUSTAIN_TEST_FAKE_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "sustain/plugin.h"

/* The most options a test gives one source, and paths resolve_path resolves for it. */
#define FAKE_MAX_OPTIONS 8
#define FAKE_MAX_PATHS 8

/* A growing text, NUL-terminated once anything is in it (text NULL before). The
 * host records into these, and tests build what they expect with them too. */
typedef struct test_log {
  char *text;
  size_t length, capacity;
} test_log;

void test_log_bytes(test_log *log, const char *bytes, size_t count);
void test_log_text(test_log *log, const char *text);
__attribute__((format(printf, 2, 3))) void test_log_printf(test_log *log, const char *format,
                                                           ...);
void test_log_free(test_log *log);

/* One error the plugin recorded. */
typedef struct fake_error {
  char *file; /* NULL when the plugin named no file */
  long line, column;
  char *message;
} fake_error;

/* The test completes the host's opaque source type: what the host gives the
 * plugin, and what it recorded. Start from {0}, set the first part, load, read
 * the rest, then fake_source_free. */
struct sustain_source {
  /* The plugin being loaded, or NULL: its options' defaults answer `option` when
   * the test gives no value (as sustain's host does), and a plugin of ABI 1.4 or
   * later must use append_cells rather than append_rows. */
  const sustain_plugin_descriptor *plugin;
  const char *option_names[FAKE_MAX_OPTIONS];
  const char *option_values[FAKE_MAX_OPTIONS];
  size_t option_count;
  int refuse_add_column;    /* answer -1, after recording an error, as a failed host does */
  int refuse_end_row;       /* the same for every row */
  size_t refuse_after_rows; /* the same once this many rows were taken (0: never) */
  int ask_to_stop;          /* stop_requested answers yes from the start, as past a time limit */
  const char *authority_column; /* what authority_column answers (NULL: a shared source) */
  const char *config_dir;       /* the folder resolve_path joins relative paths to */

  /* The columns, NAME:TYPE separated by spaces (types infer, number, text, date). */
  test_log columns;
  size_t column_count;
  /* One line per row: each cell 'text', a number printed with %.17g, or - when
   * missing, separated by spaces, then " @LINE" when the plugin gave a line. */
  test_log rows;
  size_t row_count, cells_in_row;
  fake_error *errors;
  size_t error_count;
  test_log error_text;     /* FILE:LINE:COLUMN: MESSAGE per error, FILE - when none */
  test_log warning_text;   /* the same per warning (ABI 1.5), which fails nothing */
  char *resolved[FAKE_MAX_PATHS]; /* what resolve_path answered */
  size_t resolved_count;
  int protocol_violations; /* calls sustain's host would refuse, or that it forbids */
  int failed;              /* an error was recorded: table calls fail from here on */
  test_log table;          /* fake_table's text */
};

/* Gives the source an option value. */
void fake_source_option(sustain_source *source, const char *name, const char *value);

/* The host table of ABI 1.`minor`: its size reaches exactly the functions that
 * minor added, all set. SUSTAIN_PLUGIN_ABI_MINOR gives this header's whole host. */
sustain_host fake_host(uint32_t minor);

/* The table as one text: the columns line (when any column was declared), then
 * the rows. Lives in the source. */
const char *fake_table(sustain_source *source);

void fake_source_free(sustain_source *source);

/* What one load did, for tests that only read the outcome. */
typedef struct fake_result {
  int status;          /* load's return value */
  char *table;         /* malloc'd: fake_table's text */
  char *errors;        /* malloc'd: the error lines; "" when none */
  int protocol_broken; /* the plugin called the host out of order */
} fake_result;

/* Runs plugin->load once on this header's whole host with options, a NULL-terminated
 * list of name, value pairs. */
fake_result fake_host_load(const sustain_plugin_descriptor *plugin,
                           const char *const *options);

void fake_result_free(fake_result *result);

#endif
