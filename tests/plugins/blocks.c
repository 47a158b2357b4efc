/* blocks.c: one table given in blocks of whole rows, with whichever block function
 * the header it is built against has: append_cells (ABI 1.4), or append_rows before
 * it. Built twice (tests/meson.build): against this tree's sustain/plugin.h as
 * blocks.so, and against the ABI 1.3 header kept in tests/plugins/abi-1.3 as
 * blocks13.so, so test_plugin_bounds.c can show that a plugin of the previous minor
 * still loads, into the same table. 2,500 rows of la (north or south), n (a number),
 * day (a date) and note (text, some missing), in blocks of 1,000. */
#include <stdio.h>
#include <string.h>

#include "sustain/plugin.h"

#define BLOCKS_ROWS 2500
#define BLOCKS_PER_CALL 1000
#define BLOCKS_COLUMNS 4

static const sustain_option blocks_options[] = {
    {NULL, NULL, 0, SUSTAIN_OPTION_TEXT, NULL},
};

/* Hands rows [first, first + rows) of the table to the host in one call. */
static int give_block(const sustain_host *host, sustain_source *source, long first, long rows) {
  static const char *const notes[] = {"", "new", "moved", "left"};
  char text[BLOCKS_PER_CALL][2][24];
  sustain_cell cells[BLOCKS_PER_CALL * BLOCKS_COLUMNS];
  long lines[BLOCKS_PER_CALL];
  for (long r = 0; r < rows; r++) {
    long row = first + r;
    sustain_cell *cell = &cells[r * BLOCKS_COLUMNS];
    int number = snprintf(text[r][0], sizeof text[r][0], "%ld", row * 7 % 1000);
    int day = snprintf(text[r][1], sizeof text[r][1], "2024-%02ld-%02ld", 1 + row % 12,
                       1 + row % 28);
    const char *note = notes[row % 4];
    cell[0] = row % 3 ? (sustain_cell){"north", 5} : (sustain_cell){"south", 5};
    cell[1] = (sustain_cell){text[r][0], (size_t)number};
    cell[2] = (sustain_cell){text[r][1], (size_t)day};
    cell[3] = (sustain_cell){note, strlen(note)};
    lines[r] = row + 2;
  }
#if SUSTAIN_PLUGIN_ABI_MINOR >= 4
  return host->append_cells(source, cells, (size_t)rows * BLOCKS_COLUMNS, (size_t)rows, lines);
#else
  return host->append_rows(source, cells, (size_t)rows, lines);
#endif
}

static int blocks_load(const sustain_host *host, sustain_source *source) {
  if (host->add_column(source, "la", 2, SUSTAIN_COLUMN_TEXT) != 0 ||
      host->add_column(source, "n", 1, SUSTAIN_COLUMN_NUMBER) != 0 ||
      host->add_column(source, "day", 3, SUSTAIN_COLUMN_DATE) != 0 ||
      host->add_column(source, "note", 4, SUSTAIN_COLUMN_INFER) != 0)
    return 1;
  for (long first = 0; first < BLOCKS_ROWS; first += BLOCKS_PER_CALL) {
    long rows = BLOCKS_ROWS - first < BLOCKS_PER_CALL ? BLOCKS_ROWS - first : BLOCKS_PER_CALL;
    if (give_block(host, source, first, rows) != 0) return 1;
  }
  return 0;
}

SUSTAIN_PLUGIN_DEFINE = {
    .abi_major = SUSTAIN_PLUGIN_ABI_MAJOR,
    .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR,
    .size = sizeof(sustain_plugin_descriptor),
    .name = "blocks",
    .version = "1.0.0",
    .description = "a test plugin giving one table in blocks, built for ABI 1.3 and for this one",
    .options = blocks_options,
    .load = blocks_load,
};
