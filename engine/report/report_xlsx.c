/* report_xlsx.c: the plan as an Excel workbook a council can use as its action tracker
 * (libxlsxwriter). An About sheet says what the workbook is and how to use it; the Actions
 * sheet holds every authority's ranked actions, with empty status, due date and notes
 * columns to fill in; the Scores sheet holds each ingredient's score. The actions are one
 * filterable table with an authority column rather than a sheet per authority: a head of
 * service filters it by authority, owner or status, counts it with one pivot table, adds
 * rows of their own, and never meets a sheet name cut to Excel's 31 characters.
 *
 * Text from data and rules is always a string cell, never a formula, cleaned as every
 * format cleans it (report_sink.h). libxlsxwriter writes only to a named file, so the
 * workbook is made in memory (a memfd, named through /proc/self/fd) and copied to the
 * output stream once it is whole: a failed run writes nothing, and an output file is
 * replaced atomically by its caller (output_file.h). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "date.h"
#include "report.h"
#include "report_escape.h"
#include "report_sink.h"
#include "report_values.h"

/* Excel's limit on the characters of one cell. Excel counts UTF-16 code units and
 * libxlsxwriter refuses a longer string, so text is cut to this many units. */
#define XLSX_CELL_LIMIT 32767

/* What ends a text cut to fit a cell. */
#define XLSX_CUT_MARK \
  "\xE2\x80\xA6 (cut to fit a spreadsheet cell: the plan's other formats hold the whole text)"

/* Excel and LibreOffice read "_xHHHH_" in a string as the character U+HHHH; an underscore
 * written as this escape makes them show such text from data as it is. */
#define XLSX_ESCAPED_UNDERSCORE "_x005F"

/* The statuses a council can give an action, in the order of the list. */
#define XLSX_STATUS_WORDS "not started, in progress, done or dropped"
static char *const xlsx_statuses[] = {"not started", "in progress", "done", "dropped", NULL};

/* Dates read as in every other format (YYYY-MM-DD), whatever the spreadsheet's locale. */
#define XLSX_DATE_FORMAT "yyyy-mm-dd"

/* Bytes copied from the finished workbook to the output at a time. */
#define XLSX_COPY_BLOCK 65536

typedef struct xlsx_formats {
  lxw_format *title, *heading, *label, *text, *wrapped, *date, *score, *weight;
} xlsx_formats;

/* One workbook being made. */
typedef struct xlsx_book {
  const plan *p;
  lxw_workbook *workbook;
  int error;          /* first errno-style failure, 0 while fine */
  report_sink *sink;  /* cleans plan text (into a memory stream per cell) */
  char *cell;         /* the last text made for a cell, malloc'd */
  lxw_datetime date;  /* the assessment's date, when has_date */
  int has_date;
  xlsx_formats formats;
} xlsx_book;

static void note_error(xlsx_book *b, int error) {
  if (!b->error) b->error = error;
}

/* libxlsxwriter's failures in errno's words: out of memory, more rows than a sheet holds,
 * or a failed write of the workbook. */
static void note_lxw(xlsx_book *b, lxw_error error) {
  if (error == LXW_NO_ERROR) return;
  note_error(b, error == LXW_ERROR_MEMORY_MALLOC_FAILED           ? ENOMEM
                : error == LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE ? EFBIG
                                                                  : EIO);
}

/* ** {======================================================================
** Text from the plan, as a cell holds it
** ======================================================================= */

/* A line feed stays in the cell, where a wrapped cell shows it as a line break; other
 * control characters are shown as every format shows them. */
static const char *xlsx_escape(unsigned char c) {
  return c == '\n' ? NULL : report_escape_control(c);
}

/* Whether s starts with "_xHHHH_" (either case of x, to be safe): Excel would show
 * "_x0007_" from data as a control character. */
static int starts_excel_escape(const char *s) {
  if (s[0] != '_' || (s[1] != 'x' && s[1] != 'X')) return 0;
  for (int i = 2; i < 6; i++)
    if (!isxdigit((unsigned char)s[i])) return 0; /* stops at the end of the string */
  return s[6] == '_';
}

/* The UTF-16 code units of the UTF-8 sequence that byte c starts: two outside the Basic
 * Multilingual Plane (a four-byte sequence), else one; none for a continuation byte. */
static size_t utf16_units(unsigned char c) {
  if ((c & 0xC0) == 0x80) return 0;
  return c >= 0xF0 ? 2 : 1;
}

static size_t utf16_length(const char *s) {
  size_t units = 0;
  for (; *s; s++) units += utf16_units((unsigned char)*s);
  return units;
}

/* Cuts cell, valid UTF-8, at a character boundary so that it and XLSX_CUT_MARK fit
 * XLSX_CELL_LIMIT, when it is longer than that; cell has room for the mark. A cut inside
 * a defused escape leaves text that is no escape, so nothing new is decoded. */
static void cut_to_cell_limit(char *cell) {
  if (utf16_length(cell) <= XLSX_CELL_LIMIT) return;
  size_t budget = XLSX_CELL_LIMIT - utf16_length(XLSX_CUT_MARK), units = 0, i = 0;
  for (; cell[i]; i++) {
    size_t more = utf16_units((unsigned char)cell[i]);
    if (more && units + more > budget) break;
    units += more;
  }
  memcpy(cell + i, XLSX_CUT_MARK, sizeof XLSX_CUT_MARK);
}

/* Cleaned text made ready for a cell: each Excel escape defused ("_x0007_" is written
 * "_x005F_x0007_", which reads "_x0007_") and the whole cut to a cell's limit. Returns a
 * malloc'd string, or NULL when out of memory. */
static char *fit_cell(const char *clean, size_t length) {
  size_t escapes = 0;
  for (const char *s = strchr(clean, '_'); s; s = strchr(s + 1, '_'))
    escapes += (size_t)starts_excel_escape(s);
  char *cell = malloc(length + escapes * (sizeof XLSX_ESCAPED_UNDERSCORE - 1) +
                      sizeof XLSX_CUT_MARK);
  if (!cell) return NULL;
  char *at = cell;
  for (size_t i = 0; i < length; i++) {
    if (clean[i] == '_' && starts_excel_escape(clean + i)) {
      memcpy(at, XLSX_ESCAPED_UNDERSCORE, sizeof XLSX_ESCAPED_UNDERSCORE - 1);
      at += sizeof XLSX_ESCAPED_UNDERSCORE - 1;
    }
    *at++ = clean[i];
  }
  *at = '\0';
  cut_to_cell_limit(cell);
  return cell;
}

/* Text from the plan as a cell holds it: cleaned by the sink as every format cleans text,
 * then fit_cell. The result lives until the next call; NULL for NULL text, or when out of
 * memory (noted). */
static const char *cell_text(xlsx_book *b, const char *text) {
  free(b->cell);
  b->cell = NULL;
  if (!text) return NULL;
  char *clean = NULL;
  size_t length = 0;
  FILE *stream = open_memstream(&clean, &length);
  if (!stream) {
    note_error(b, ENOMEM);
    return NULL;
  }
  report_sink_init(b->sink, stream);
  report_put_clean(b->sink, text, xlsx_escape);
  int status = report_sink_finish(b->sink);
  if (fclose(stream) != 0) status = -1;
  if (status == 0) b->cell = fit_cell(clean, length);
  free(clean);
  if (!b->cell) note_error(b, ENOMEM);
  return b->cell;
}

/* }====================================================================== */

/* ** {======================================================================
** Cells
** ======================================================================= */

/* Text from the plan: a string cell, never a formula; NULL or empty leaves the cell blank. */
static void put_text(xlsx_book *b, lxw_worksheet *sheet, lxw_row_t row, lxw_col_t col,
                     const char *text, lxw_format *format) {
  const char *cell = cell_text(b, text);
  if (cell && *cell) note_lxw(b, worksheet_write_string(sheet, row, col, cell, format));
}

/* Our own words. */
static void put_words(xlsx_book *b, lxw_worksheet *sheet, lxw_row_t row, lxw_col_t col,
                      const char *words, lxw_format *format) {
  note_lxw(b, worksheet_write_string(sheet, row, col, words, format));
}

static void put_number(xlsx_book *b, lxw_worksheet *sheet, lxw_row_t row, lxw_col_t col,
                       double value, lxw_format *format) {
  note_lxw(b, worksheet_write_number(sheet, row, col, value, format));
}

/* A figure as the other formats show it: the cell holds the rounded value itself, so a
 * sum or a sort in the spreadsheet agrees with the plan's other formats. */
static double shown_value(const char *text) { return strtod(text, NULL); }

/* The assessment's date: a date cell when the plan's date is one, else its text. */
static void put_assessment_date(xlsx_book *b, lxw_worksheet *sheet, lxw_row_t row,
                                lxw_col_t col) {
  if (b->has_date)
    note_lxw(b, worksheet_write_datetime(sheet, row, col, &b->date, b->formats.date));
  else
    put_text(b, sheet, row, col, b->p->date, b->formats.text);
}

/* }====================================================================== */

/* ** {======================================================================
** Sheets of rows: columns, header, frozen header row, filter, printing
** ======================================================================= */

typedef enum xlsx_style { XLSX_TEXT, XLSX_WRAPPED, XLSX_DATE, XLSX_SCORE, XLSX_WEIGHT } xlsx_style;

typedef struct xlsx_column {
  const char *header;
  double width; /* in characters of the default font */
  xlsx_style style;
} xlsx_column;

static lxw_format *style_format(const xlsx_book *b, xlsx_style style) {
  switch (style) {
    case XLSX_WRAPPED:
      return b->formats.wrapped;
    case XLSX_DATE:
      return b->formats.date;
    case XLSX_SCORE:
      return b->formats.score;
    case XLSX_WEIGHT:
      return b->formats.weight;
    case XLSX_TEXT:
      break;
  }
  return b->formats.text;
}

/* The header row and the columns' widths and formats (which cells typed in later take
 * too), the header frozen in view and repeated on each printed page, landscape A4 one
 * page wide, and a filter over the header and `rows` rows below it. */
static void lay_out_table(xlsx_book *b, lxw_worksheet *sheet, const xlsx_column *columns,
                          size_t count, size_t rows) {
  for (size_t c = 0; c < count; c++) {
    lxw_format *format = style_format(b, columns[c].style);
    note_lxw(b, worksheet_set_column(sheet, (lxw_col_t)c, (lxw_col_t)c, columns[c].width, format));
    put_words(b, sheet, 0, (lxw_col_t)c, columns[c].header, b->formats.heading);
  }
  worksheet_freeze_panes(sheet, 1, 0);
  note_lxw(b, worksheet_repeat_rows(sheet, 0, 0));
  worksheet_set_landscape(sheet);
  worksheet_set_paper(sheet, 9); /* A4 */
  worksheet_fit_to_pages(sheet, 1, 0);
  lxw_row_t last = rows < LXW_ROW_MAX ? (lxw_row_t)rows : LXW_ROW_MAX - 1;
  note_lxw(b, worksheet_autofilter(sheet, 0, 0, last, (lxw_col_t)(count - 1)));
}

/* }====================================================================== */

/* ** {======================================================================
** The Actions sheet: the tracker
** ======================================================================= */

enum {
  COL_AUTHORITY, COL_DATE, COL_RANK, COL_ACTION, COL_WHY, COL_OWNER, COL_EFFORT,
  COL_INGREDIENT, COL_FIRST, COL_SURVIVAL, COL_STATUS, COL_DUE, COL_NOTES, ACTION_COLUMNS
};

static const xlsx_column action_columns[ACTION_COLUMNS] = {
    [COL_AUTHORITY] = {"Authority", 24, XLSX_WRAPPED},
    [COL_DATE] = {"Assessment date", 12, XLSX_DATE},
    [COL_RANK] = {"Rank", 6, XLSX_TEXT},
    [COL_ACTION] = {"Action", 45, XLSX_WRAPPED},
    [COL_WHY] = {"Why", 60, XLSX_WRAPPED},
    [COL_OWNER] = {"Owner", 20, XLSX_WRAPPED},
    [COL_EFFORT] = {"Effort", 9, XLSX_TEXT},
    [COL_INGREDIENT] = {"Ingredient", 22, XLSX_WRAPPED},
    [COL_FIRST] = {"Do first", 9, XLSX_TEXT},
    [COL_SURVIVAL] = {"Survival", 9, XLSX_TEXT},
    [COL_STATUS] = {"Status", 14, XLSX_TEXT},
    [COL_DUE] = {"Due date", 12, XLSX_DATE},
    [COL_NOTES] = {"Notes", 40, XLSX_WRAPPED},
};

static void write_action(xlsx_book *b, lxw_worksheet *sheet, lxw_row_t row,
                         const plan_authority *a, const plan_action *action) {
  const xlsx_formats *f = &b->formats;
  put_text(b, sheet, row, COL_AUTHORITY, a->name ? a->name : a->id, f->wrapped);
  put_assessment_date(b, sheet, row, COL_DATE);
  put_number(b, sheet, row, COL_RANK, action->rank, f->text);
  put_text(b, sheet, row, COL_ACTION, action->title, f->wrapped);
  put_text(b, sheet, row, COL_WHY, action->why, f->wrapped);
  put_text(b, sheet, row, COL_OWNER, action->owner, f->wrapped);
  put_text(b, sheet, row, COL_EFFORT, action->effort, f->text);
  put_text(b, sheet, row, COL_INGREDIENT, report_action_ingredient_name(a, action), f->wrapped);
  if (action->first) put_words(b, sheet, row, COL_FIRST, "yes", f->text);
  if (action->survival) put_words(b, sheet, row, COL_SURVIVAL, "yes", f->text);
}

/* Status from the list, and a due date that is a date on or after the assessment's (any
 * date when the plan has none), over the whole column, rows added later included. */
static void validate_entries(xlsx_book *b, lxw_worksheet *sheet) {
  lxw_data_validation status = {
      .validate = LXW_VALIDATION_TYPE_LIST,
      .value_list = (char **)xlsx_statuses,
      .error_title = "Status",
      .error_message = "Choose a status from the list: " XLSX_STATUS_WORDS ".",
  };
  note_lxw(b, worksheet_data_validation_range(sheet, 1, COL_STATUS, LXW_ROW_MAX - 1, COL_STATUS,
                                              &status));
  char message[128];
  lxw_data_validation due = {.validate = LXW_VALIDATION_TYPE_DATE,
                             .error_title = "Due date",
                             .error_message = message};
  if (b->has_date) {
    due.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
    due.value_datetime = b->date;
    snprintf(message, sizeof message,
             "Enter a date on or after the assessment date, %04d-%02d-%02d.", b->date.year,
             b->date.month, b->date.day);
  } else {
    due.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    due.minimum_datetime = (lxw_datetime){1900, 1, 1, 0, 0, 0};
    due.maximum_datetime = (lxw_datetime){9999, 12, 31, 0, 0, 0};
    snprintf(message, sizeof message, "Enter a date.");
  }
  note_lxw(b, worksheet_data_validation_range(sheet, 1, COL_DUE, LXW_ROW_MAX - 1, COL_DUE, &due));
}

static void write_actions(xlsx_book *b, lxw_worksheet *sheet) {
  size_t rows = 0;
  for (size_t i = 0; i < b->p->authority_count; i++) {
    const plan_authority *a = &b->p->authorities[i];
    for (size_t k = 0; k < a->action_count && !b->error; k++) {
      if (++rows >= LXW_ROW_MAX) note_error(b, EFBIG); /* more than a sheet holds */
      else write_action(b, sheet, (lxw_row_t)rows, a, &a->actions[k]);
    }
  }
  lay_out_table(b, sheet, action_columns, ACTION_COLUMNS, rows);
  validate_entries(b, sheet);
}

/* }====================================================================== */

/* ** {======================================================================
** The Scores sheet
** ======================================================================= */

enum { SCORE_AUTHORITY, SCORE_INGREDIENT, SCORE_VALUE, SCORE_WEIGHT, SCORE_BAND, SCORE_COLUMNS };

static const xlsx_column score_columns[SCORE_COLUMNS] = {
    [SCORE_AUTHORITY] = {"Authority", 24, XLSX_WRAPPED},
    [SCORE_INGREDIENT] = {"Ingredient", 30, XLSX_WRAPPED},
    [SCORE_VALUE] = {"Score", 9, XLSX_SCORE},
    [SCORE_WEIGHT] = {"Weight", 9, XLSX_WEIGHT},
    [SCORE_BAND] = {"Band", 24, XLSX_WRAPPED},
};

static void write_score(xlsx_book *b, lxw_worksheet *sheet, lxw_row_t row,
                        const plan_authority *a, const plan_ingredient *ingredient) {
  const xlsx_formats *f = &b->formats;
  char buf[REPORT_VALUE_SIZE];
  put_text(b, sheet, row, SCORE_AUTHORITY, a->name ? a->name : a->id, f->wrapped);
  put_text(b, sheet, row, SCORE_INGREDIENT, report_ingredient_name(ingredient), f->wrapped);
  if (isfinite(ingredient->score))
    put_number(b, sheet, row, SCORE_VALUE, shown_value(report_score_text(buf, ingredient->score)),
               f->score);
  else
    put_words(b, sheet, row, SCORE_VALUE, "not assessed", f->text);
  if (isfinite(ingredient->weight))
    put_number(b, sheet, row, SCORE_WEIGHT,
               shown_value(report_weight_text(buf, ingredient->weight)), f->weight);
  int band = isfinite(ingredient->score) ? report_band_index(b->p, ingredient->score, NULL) : -1;
  if (band >= 0) put_text(b, sheet, row, SCORE_BAND, b->p->bands[band].label, f->wrapped);
}

static void write_scores(xlsx_book *b, lxw_worksheet *sheet) {
  size_t rows = 0;
  for (size_t i = 0; i < b->p->authority_count; i++) {
    const plan_authority *a = &b->p->authorities[i];
    for (size_t k = 0; k < a->ingredient_count && !b->error; k++) {
      if (++rows >= LXW_ROW_MAX) note_error(b, EFBIG);
      else write_score(b, sheet, (lxw_row_t)rows, a, &a->ingredients[k]);
    }
  }
  lay_out_table(b, sheet, score_columns, SCORE_COLUMNS, rows);
}

/* }====================================================================== */

/* ** {======================================================================
** The About sheet: what the workbook is and how to use it
** ======================================================================= */

enum { ABOUT_LABEL, ABOUT_TEXT };

/* How to use the tracker: a label and its text, true of every plan. */
static const char *const about_guide[][2] = {
    {"The Actions sheet",
     "One row per action of the plan, for every authority, in rank order within each "
     "authority: rank 1 is where to start. \"Do first\" says yes for the few actions to do "
     "first. \"Survival\" says yes for an action that decides whether the service continues "
     "at all, which ranks above every other action."},
    {"Your columns",
     "Status, due date and notes are yours to fill in. Status is one of " XLSX_STATUS_WORDS
     ", chosen from a list; the due date must be a date (on or after the assessment date, "
     "when the plan has one)."},
    {"Filtering",
     "The arrows in the header row show one authority, owner, ingredient or status at a "
     "time, or sort the rows. The header row stays in view as you scroll, and is printed "
     "on every page."},
    {"The Scores sheet",
     "Each ingredient's score out of 100 for each authority, its weight at the authority's "
     "stage (an ingredient of weight 0 is not part of the overall score) and the band its "
     "score falls in. \"not assessed\" means none of the ingredient's checks could be made."},
    {"Small numbers",
     "Where a figure would be about very few people, the plan shows c instead, so that no "
     "one can be recognised from it."},
    {"Running it again",
     "Writing the plan to this file again replaces the whole workbook, your entries "
     "included: keep your tracker under a name of its own, and copy new actions into it."},
};

/* The scores a band covers, as report_band_index places them: the first from its
 * threshold up, the last everything below the one before it. */
static void band_range(const plan *p, size_t i, char *range, size_t size) {
  char low[REPORT_VALUE_SIZE], high[REPORT_VALUE_SIZE];
  if (p->band_count == 1)
    snprintf(range, size, "Every score");
  else if (i == 0)
    snprintf(range, size, "%s and above", report_score_text(low, p->bands[0].min));
  else if (i + 1 == p->band_count)
    snprintf(range, size, "Below %s", report_score_text(high, p->bands[i - 1].min));
  else
    snprintf(range, size, "From %s to below %s", report_score_text(low, p->bands[i].min),
             report_score_text(high, p->bands[i - 1].min));
}

/* The bands under a heading at `row`, each with its range and the pack's meaning.
 * Returns the row after them. */
static lxw_row_t write_bands(xlsx_book *b, lxw_worksheet *sheet, lxw_row_t row) {
  put_words(b, sheet, row++, ABOUT_LABEL, "Bands", b->formats.heading);
  if (b->p->band_count == 0)
    put_words(b, sheet, row++, ABOUT_TEXT, "The rule pack defines no bands.", b->formats.wrapped);
  for (size_t i = 0; i < b->p->band_count; i++, row++) {
    const plan_band *band = &b->p->bands[i];
    char range[2 * REPORT_VALUE_SIZE + 32], *text = NULL;
    band_range(b->p, i, range, sizeof range);
    put_text(b, sheet, row, ABOUT_LABEL, band->label, b->formats.label);
    if (!band->meaning) {
      put_words(b, sheet, row, ABOUT_TEXT, range, b->formats.wrapped);
    } else if (asprintf(&text, "%s: %s", range, band->meaning) >= 0) {
      put_text(b, sheet, row, ABOUT_TEXT, text, b->formats.wrapped);
      free(text);
    } else {
      note_error(b, ENOMEM);
    }
  }
  return row;
}

static size_t count_actions(const plan *p) {
  size_t count = 0;
  for (size_t i = 0; i < p->authority_count; i++) count += p->authorities[i].action_count;
  return count;
}

static void write_about(xlsx_book *b, lxw_worksheet *sheet) {
  const xlsx_formats *f = &b->formats;
  note_lxw(b, worksheet_set_column(sheet, ABOUT_LABEL, ABOUT_LABEL, 22, f->label));
  note_lxw(b, worksheet_set_column(sheet, ABOUT_TEXT, ABOUT_TEXT, 90, f->wrapped));
  put_words(b, sheet, 0, ABOUT_LABEL, "Action tracker", f->title);
  put_words(b, sheet, 2, ABOUT_LABEL, "Assessment", f->label);
  put_text(b, sheet, 2, ABOUT_TEXT, b->p->name, f->wrapped);
  put_words(b, sheet, 3, ABOUT_LABEL, "Date", f->label);
  put_assessment_date(b, sheet, 3, ABOUT_TEXT);
  put_words(b, sheet, 4, ABOUT_LABEL, "Authorities", f->label);
  put_number(b, sheet, 4, ABOUT_TEXT, (double)b->p->authority_count, f->text);
  put_words(b, sheet, 5, ABOUT_LABEL, "Actions", f->label);
  put_number(b, sheet, 5, ABOUT_TEXT, (double)count_actions(b->p), f->text);
  lxw_row_t row = 7;
  put_words(b, sheet, row++, ABOUT_LABEL, "How to use this tracker", f->heading);
  for (size_t i = 0; i < sizeof about_guide / sizeof *about_guide; i++, row++) {
    put_words(b, sheet, row, ABOUT_LABEL, about_guide[i][0], f->label);
    put_words(b, sheet, row, ABOUT_TEXT, about_guide[i][1], f->wrapped);
  }
  write_bands(b, sheet, row + 1);
  worksheet_set_paper(sheet, 9); /* A4 */
  worksheet_fit_to_pages(sheet, 1, 0);
}

/* }====================================================================== */

/* ** {======================================================================
** The workbook
** ======================================================================= */

/* Every format the sheets use; all align to the top of their cell, so a row whose why
 * wraps onto several lines still reads across. Returns 0, or -1 when out of memory. */
static int make_formats(xlsx_book *b) {
  xlsx_formats *f = &b->formats;
  lxw_format **all[] = {&f->title, &f->heading, &f->label,  &f->text,
                        &f->wrapped, &f->date,  &f->score, &f->weight};
  for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
    if (!(*all[i] = workbook_add_format(b->workbook))) return -1;
    format_set_align(*all[i], LXW_ALIGN_VERTICAL_TOP);
  }
  format_set_bold(f->title);
  format_set_font_size(f->title, 14);
  format_set_bold(f->heading);
  format_set_text_wrap(f->heading);
  format_set_bg_color(f->heading, 0xD9E1F2);
  format_set_bottom(f->heading, LXW_BORDER_THIN);
  format_set_bold(f->label);
  format_set_text_wrap(f->label);
  format_set_text_wrap(f->wrapped);
  format_set_num_format(f->date, XLSX_DATE_FORMAT);
  format_set_align(f->date, LXW_ALIGN_LEFT);
  format_set_num_format(f->score, "0.0");
  format_set_num_format(f->weight, "0.0#");
  return 0;
}

/* The assessment's date as a spreadsheet date, and as the workbook's creation time, which
 * makes the same plan give the same bytes. */
static void take_date(xlsx_book *b) {
  sx_date date;
  if (!b->p->date || date_parse(b->p->date, &date) != 0) return;
  b->date = (lxw_datetime){date.year, date.month, date.day, 0, 0, 0};
  b->has_date = 1;
}

static void set_properties(xlsx_book *b) {
  lxw_doc_properties properties = {0};
  if (b->has_date) {
    struct tm day = {.tm_year = b->date.year - 1900, .tm_mon = b->date.month - 1,
                     .tm_mday = b->date.day};
    properties.created = timegm(&day);
  }
  properties.title = (char *)cell_text(b, b->p->name); /* copied by libxlsxwriter */
  note_lxw(b, workbook_set_properties(b->workbook, &properties));
}

/* Makes the whole workbook into the file at path. Returns 0, or -1 with errno set. */
static int make_workbook(const plan *p, const char *path) {
  xlsx_book b = {.p = p};
  if (!(b.sink = malloc(sizeof *b.sink)) || !(b.workbook = workbook_new(path))) {
    free(b.sink);
    errno = ENOMEM;
    return -1;
  }
  take_date(&b);
  lxw_worksheet *about = workbook_add_worksheet(b.workbook, "About");
  lxw_worksheet *actions = workbook_add_worksheet(b.workbook, "Actions");
  lxw_worksheet *scores = workbook_add_worksheet(b.workbook, "Scores");
  if (!about || !actions || !scores || make_formats(&b) != 0) note_error(&b, ENOMEM);
  if (!b.error) set_properties(&b);
  if (!b.error) write_about(&b, about);
  if (!b.error) write_actions(&b, actions);
  if (!b.error) write_scores(&b, scores);
  errno = 0;
  lxw_error closed = workbook_close(b.workbook); /* frees it, whatever happened */
  if (closed == LXW_ERROR_MEMORY_MALLOC_FAILED) note_error(&b, ENOMEM);
  else if (closed != LXW_NO_ERROR) note_error(&b, errno ? errno : EIO);
  free(b.cell);
  free(b.sink);
  errno = b.error;
  return b.error ? -1 : 0;
}

/* Copies the finished workbook from fd to out. Returns 0, or -1 with errno set. */
static int copy_workbook(int fd, FILE *out) {
  char *block = malloc(XLSX_COPY_BLOCK);
  if (!block) return -1;
  errno = 0;
  int status = lseek(fd, 0, SEEK_SET) == 0 ? 0 : -1;
  while (status == 0) {
    ssize_t n = read(fd, block, XLSX_COPY_BLOCK);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      status = n == 0 ? 0 : -1;
      break;
    }
    if (fwrite(block, 1, (size_t)n, out) != (size_t)n) status = -1;
  }
  if (status == 0 && fflush(out) != 0) status = -1;
  if (status != 0 && !errno) errno = EIO;
  free(block);
  return status;
}

int report_write_xlsx(const plan *p, FILE *out) {
  int out_fd = fileno(out); /* -1 for a stream with no descriptor, as in tests */
  if (out_fd >= 0 && isatty(out_fd)) {
    errno = ENOTTY; /* a workbook's bytes on a terminal would be garbage to read */
    return -1;
  }
  int fd = memfd_create("sustain-workbook", MFD_CLOEXEC);
  if (fd < 0) return -1;
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  errno = 0;
  int status = make_workbook(p, path);
  if (status == 0) status = copy_workbook(fd, out);
  int error = errno;
  close(fd);
  errno = error;
  return status;
}

/* }====================================================================== */
