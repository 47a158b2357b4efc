/* lying.c: a plugin whose claims to the host are false, or that would never stop,
 * in the way its option `mode` names; used by test_plugin_bounds.c. The host must
 * turn each into one clear error, never read or write out of bounds, and stop an
 * endless source through the status of the call the plugin made.
 *   short_cells       append_cells states 2 rows of 3 columns but passes 4 cells
 *   null_cell         append_cells gives a cell whose text is NULL, length 5
 *   null_cell_rows    the same through append_rows
 *   nul_text          an authority "nor\0th": text holding a NUL byte
 *   many_columns      declares one column more than SUSTAIN_MAX_COLUMNS
 *   endless           gives rows in blocks, until the host says stop
 *   endless_cells     gives rows cell by cell, until the host says stop */
#include <stdio.h>
#include <string.h>

#include "sustain/plugin.h"

static const sustain_option lying_options[] = {
    {"mode", "short_cells, null_cell, null_cell_rows, nul_text, many_columns, endless or "
             "endless_cells",
     1, SUSTAIN_OPTION_TEXT, NULL},
    {NULL, NULL, 0, SUSTAIN_OPTION_TEXT, NULL},
};

/* Rows an endless mode gives before it concludes the host will never stop it. */
#define LYING_GIVE_UP 10000000L

/* Declares la, a and b: three text columns. */
static int three_columns(const sustain_host *host, sustain_source *source) {
  return host->add_column(source, "la", 2, SUSTAIN_COLUMN_TEXT) != 0 ||
         host->add_column(source, "a", 1, SUSTAIN_COLUMN_TEXT) != 0 ||
         host->add_column(source, "b", 1, SUSTAIN_COLUMN_TEXT) != 0;
}

/* Gives rows of three cells for ever, a block of 100 at a time or cell by cell,
 * stopping at the first call the host refuses; returns 1 then, as load must. */
static int endless(const sustain_host *host, sustain_source *source, int by_block) {
  if (three_columns(host, source) != 0) return 1;
  sustain_cell cells[300];
  long lines[100];
  char numbers[100][24];
  for (long row = 0; row < LYING_GIVE_UP; row += 100) {
    for (int r = 0; r < 100; r++) {
      int length = snprintf(numbers[r], sizeof numbers[r], "%ld", row + r);
      cells[3 * r] = (sustain_cell){"north", 5};
      cells[3 * r + 1] = (sustain_cell){numbers[r], (size_t)length};
      cells[3 * r + 2] = (sustain_cell){"endless", 7};
      lines[r] = row + r + 1;
    }
    if (by_block) {
      if (host->append_cells(source, cells, 300, 100, lines) != 0) return 1;
      continue;
    }
    for (int k = 0; k < 300; k++) {
      if (host->append_text(source, cells[k].text, cells[k].length) != 0) return 1;
      if (k % 3 == 2 && host->end_row(source, lines[k / 3]) != 0) return 1;
    }
  }
  host->error(source, NULL, 0, 0, "the host never told this endless source to stop");
  return 1;
}

static int lying_load(const sustain_host *host, sustain_source *source) {
  const char *mode = host->option(source, "mode");
  if (strcmp(mode, "endless") == 0) return endless(host, source, 1);
  if (strcmp(mode, "endless_cells") == 0) return endless(host, source, 0);
  if (strcmp(mode, "many_columns") == 0) {
    for (int c = 0; c <= SUSTAIN_MAX_COLUMNS; c++) {
      char name[16];
      int length = snprintf(name, sizeof name, "c%d", c);
      if (host->add_column(source, name, (size_t)length, SUSTAIN_COLUMN_INFER) != 0) return 1;
    }
    return 0;
  }
  if (three_columns(host, source) != 0) return 1;
  /* two rows; short_cells states only four of these cells, so the host must not
   * read the other two (the second row's NULL text would crash it) */
  const sustain_cell cells[6] = {{"north", 5}, {"1", 1},   {"x", 1},
                                 {"north", 5}, {NULL, 5},  {"y", 1}};
  const long lines[2] = {1, 2};
  if (strcmp(mode, "short_cells") == 0) return host->append_cells(source, cells, 4, 2, lines) != 0;
  if (strcmp(mode, "null_cell") == 0) return host->append_cells(source, cells, 6, 2, lines) != 0;
  if (strcmp(mode, "null_cell_rows") == 0) return host->append_rows(source, cells, 2, lines) != 0;
  if (strcmp(mode, "nul_text") == 0) {
    const sustain_cell nul[3] = {{"nor\0th", 6}, {"1", 1}, {"x", 1}};
    return host->append_cells(source, nul, 3, 1, lines) != 0;
  }
  host->error(source, NULL, 0, 0, "unknown mode");
  return 1;
}

SUSTAIN_PLUGIN_DEFINE = {
    .abi_major = SUSTAIN_PLUGIN_ABI_MAJOR,
    .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR,
    .size = sizeof(sustain_plugin_descriptor),
    .name = "lying",
    .version = "1.0.0",
    .description = "a test plugin whose claims to the host are false, as its mode option says",
    .options = lying_options,
    .load = lying_load,
};
