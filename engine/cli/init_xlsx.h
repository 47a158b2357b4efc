/* init_xlsx.h: the workbook `sustain init` writes beside the CSV templates, for an
 * analyst who gathers data in a spreadsheet: an About sheet on how to use it, a sheet per
 * table with its columns and example rows, and a Columns sheet explaining each column. */
#ifndef SUSTAIN_INIT_XLSX_H
#define SUSTAIN_INIT_XLSX_H

#include <stddef.h>

#include "diag.h"
#include "init_template.h"

/* The workbook's sheet that explains the columns, and the one on how to use it. */
#define INIT_XLSX_COLUMNS_SHEET "Columns"
#define INIT_XLSX_ABOUT_SHEET "About"

/* Writes the workbook to the file at path (created or truncated), with an example row
 * per authority in each table's sheet. Returns 0, or -1 with a problem added. */
int init_xlsx_write(const char *path, const init_schema *schema,
                    const init_authority *authorities, size_t authority_count,
                    diag_list *problems);

#endif
