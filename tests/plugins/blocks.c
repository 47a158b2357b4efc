/* blocks.c: one table given with whatever the header it is built against has:
 * whole rows through append_cells (ABI 1.4) or append_rows (1.2 and 1.3), cell by
 * cell before that (1.0 and 1.1, where the date column is left to inference, as
 * 1.0 had no date type). Built four times (tests/meson.build): against this
 * tree's sustain/plugin.h as blocks.so, and against the headers kept in
 * tests/plugins/abi-1.4, abi-1.3 and abi-1.0 as blocks14.so, blocks13.so and
 * blocks10.so, so that test_plugin_bounds.c can show that plugins of older minors
 * still load, into the same table. 2,500 rows of la (north or south), n (a number), day (a date)
 * and note (text, some missing), in blocks of 1,000. */
#include <stdio.h>
#include <string.h>

#include "sustain/plugin.h"

#define BLOCKS_ROWS 2500
#define BLOCKS_PER_CALL 1000
#define BLOCKS_COLUMNS 4

static const sustain_option blocks_options[] = {
    {NULL, NULL, 0, SUSTAIN_OPTION_TEXT, NULL},
};

/* The cells of one row: text and length each, the texts of n and day in its own buffers. */
typedef struct blocks_row {
  const char *text[BLOCKS_COLUMNS];
  size_t length[BLOCKS_COLUMNS];
  char number[24], day[24];
} blocks_row;

static void row_of(long row, blocks_row *out) {
  static const char *const notes[] = {"", "new", "moved", "left"};
  int number = snprintf(out->number, sizeof out->number, "%ld", row * 7 % 1000);
  int day = snprintf(out->day, sizeof out->day, "2024-%02ld-%02ld", 1 + row % 12, 1 + row % 28);
  const char *note = notes[row % 4];
  out->text[0] = row % 3 ? "north" : "south";
  out->length[0] = 5;
  out->text[1] = out->number;
  out->length[1] = (size_t)number;
  out->text[2] = out->day;
  out->length[2] = (size_t)day;
  out->text[3] = note;
  out->length[3] = strlen(note);
}

#if SUSTAIN_PLUGIN_ABI_MINOR >= 2
/* Hands rows [first, first + rows) of the table to the host in one call. */
static int give_block(const sustain_host *host, sustain_source *source, long first, long rows) {
  blocks_row texts[BLOCKS_PER_CALL];
  sustain_cell cells[BLOCKS_PER_CALL * BLOCKS_COLUMNS];
  long lines[BLOCKS_PER_CALL];
  for (long r = 0; r < rows; r++) {
    row_of(first + r, &texts[r]);
    for (int c = 0; c < BLOCKS_COLUMNS; c++)
      cells[r * BLOCKS_COLUMNS + c] = (sustain_cell){texts[r].text[c], texts[r].length[c]};
    lines[r] = first + r + 2;
  }
#if SUSTAIN_PLUGIN_ABI_MINOR >= 4
  return host->append_cells(source, cells, (size_t)rows * BLOCKS_COLUMNS, (size_t)rows, lines);
#else
  return host->append_rows(source, cells, (size_t)rows, lines);
#endif
}
#else
/* The same rows, a cell at a time, as a plugin of ABI 1.0 or 1.1 must. */
static int give_block(const sustain_host *host, sustain_source *source, long first, long rows) {
  for (long r = 0; r < rows; r++) {
    blocks_row row;
    row_of(first + r, &row);
    for (int c = 0; c < BLOCKS_COLUMNS; c++)
      if (host->append_text(source, row.text[c], row.length[c]) != 0) return -1;
    if (host->end_row(source, first + r + 2) != 0) return -1;
  }
  return 0;
}
#endif

#if SUSTAIN_PLUGIN_ABI_MINOR >= 1
#define BLOCKS_DAY_TYPE SUSTAIN_COLUMN_DATE
#else
#define BLOCKS_DAY_TYPE SUSTAIN_COLUMN_INFER /* every value is a date: inferred as one */
#endif

static int blocks_load(const sustain_host *host, sustain_source *source) {
  if (host->add_column(source, "la", 2, SUSTAIN_COLUMN_TEXT) != 0 ||
      host->add_column(source, "n", 1, SUSTAIN_COLUMN_NUMBER) != 0 ||
      host->add_column(source, "day", 3, BLOCKS_DAY_TYPE) != 0 ||
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
    .description = "a test plugin giving one table, built for ABI 1.0, 1.3 and this one",
    .options = blocks_options,
    .load = blocks_load,
};
