/* xlsx_plugin.c: the xlsx data-source plugin: one sheet of an Excel workbook becomes one
 * table, read straight from the .xlsx file with no conversion. The archive is opened
 * with libzip, the sheet streamed through expat (a row at a time, never the workbook
 * whole), and each cell handed over as Excel stored it. Every problem in the workbook
 * is reported at its cell, FILE!SHEET!B7, without the cell's value. */
#include "xlsx_load.h"

static int xlsx_load_source(const sustain_host *host, sustain_source *source) {
  xlsx_load load = {.host = host, .source = source, .path = host->option(source, "path")};
  char error[XLSX_MESSAGE_SIZE];
  if (!load.path) {
    xlsx_error(&load, NULL, "option path is missing; give the Excel workbook (.xlsx)");
    return 1;
  }
  int failed = xlsx_options_read(&load) != 0;
  if (!failed && xlsx_zip_open_file(&load.book.zip, load.path, error) != 0) {
    xlsx_error(&load, load.path, "%s", error);
    failed = 1;
  }
  if (!failed) failed = xlsx_source_read(&load) != 0;
  xlsx_load_free(&load);
  return failed;
}

static const sustain_option xlsx_plugin_options[] = {
    {"path", "the Excel workbook (.xlsx)", 1, SUSTAIN_OPTION_PATH, NULL},
    {"sheet", "the sheet that holds the table, by its tab's name (default: the first)", 0,
     SUSTAIN_OPTION_TEXT, NULL},
    {"range", "the cells that hold the table, header row first, e.g. B3:F200", 0,
     SUSTAIN_OPTION_TEXT, NULL},
    {"header_row", "the row that names the columns (default: the first with a value)", 0,
     SUSTAIN_OPTION_TEXT, NULL},
    {"types", "column types, as column:number, column:text or column:date, comma-separated", 0,
     SUSTAIN_OPTION_TEXT, NULL},
    {NULL, NULL, 0, SUSTAIN_OPTION_TEXT, NULL},
};

SUSTAIN_PLUGIN_DEFINE = {
    .abi_major = SUSTAIN_PLUGIN_ABI_MAJOR,
    .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR,
    .size = sizeof(sustain_plugin_descriptor),
    .name = "xlsx",
    .version = "1.0.0",
    .description = "Excel workbooks (.xlsx): one sheet per source, read as Excel stored it",
    .options = xlsx_plugin_options,
    .load = xlsx_load_source,
};
