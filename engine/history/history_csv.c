/* history_csv.c: the trajectories as CSV (history_csv.h), one row per authority and
 * assessment: date, stage, overall score, its change since the previous assessment, band,
 * whether the band changed and whether this is the largest fall, then a column per
 * ingredient. Records, quoting and the guard against formulas are the plan's CSV writer's
 * (report_csv.h), so a spreadsheet reads both files alike. */
#include "history_csv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "history_story.h"
#include "report_csv.h"
#include "report_values.h"

/* The columns before the ingredients; those marked text come from the history and go
 * through report_csv_text_field, the others are figures or words of ours. */
static const char *const leading_columns[] = {"authority", "name",         "date",
                                              "stage",     "score",        "change",
                                              "band",      "band_changed", "largest_fall"};

#define LEADING_COLUMN_COUNT (sizeof leading_columns / sizeof leading_columns[0])

/* Every ingredient of every trajectory, each once, in order of first appearance. Returns
 * the count, with *out to free, or -1 when out of memory. */
static long ingredient_columns(const history_report *r, const char ***out) {
  size_t total = 0, count = 0;
  for (size_t i = 0; i < r->authority_count; i++) total += r->authorities[i].ingredient_count;
  const char **columns = malloc((total + 1) * sizeof *columns);
  if (!columns) return -1;
  for (size_t i = 0; i < r->authority_count; i++) {
    const history_trajectory *t = &r->authorities[i];
    for (size_t c = 0; c < t->ingredient_count; c++) {
      size_t seen = 0;
      while (seen < count && strcmp(columns[seen], t->ingredients[c]) != 0) seen++;
      if (seen == count) columns[count++] = t->ingredients[c];
    }
  }
  *out = columns;
  return (long)count;
}

/* A figure at one decimal, or an empty field when there is none. */
static void put_number(report_sink *sink, double value) {
  char buf[REPORT_VALUE_SIZE];
  const char *text = report_score_text(buf, value);
  if (strcmp(text, "null") != 0) report_put(sink, text);
}

static void write_row(report_sink *sink, const history_story *story, size_t k,
                      const char *const *columns, size_t column_count) {
  const history_trajectory *t = story->t;
  const history_point *pt = &t->points[k];
  const char *texts[] = {t->authority, t->name, pt->date, pt->stage};
  for (size_t c = 0; c < sizeof texts / sizeof *texts; c++) {
    report_csv_text_field(sink, texts[c]);
    report_put(sink, ",");
  }
  put_number(sink, pt->score);
  report_put(sink, ",");
  put_number(sink, history_change_at(story, k, HISTORY_OVERALL));
  report_put(sink, ",");
  report_csv_text_field(sink, pt->band);
  report_put(sink, pt->band_changed ? ",yes," : ",no,");
  report_put(sink, history_is_largest_fall(story, k, HISTORY_OVERALL) ? "yes" : "no");
  for (size_t c = 0; c < column_count; c++) {
    report_put(sink, ",");
    for (size_t own = 0; own < t->ingredient_count; own++)
      if (strcmp(t->ingredients[own], columns[c]) == 0) put_number(sink, pt->ingredients[own]);
  }
  report_put(sink, REPORT_CSV_RECORD_END);
}

int history_write_csv(const history_report *r, const history_story *stories, FILE *out) {
  const char **columns = NULL;
  long column_count = ingredient_columns(r, &columns);
  if (column_count < 0) {
    errno = ENOMEM;
    return -1;
  }
  report_sink sink;
  report_sink_init(&sink, out);
  report_put(&sink, REPORT_CSV_BYTE_ORDER_MARK);
  for (size_t c = 0; c < LEADING_COLUMN_COUNT; c++) {
    if (c > 0) report_put(&sink, ",");
    report_put(&sink, leading_columns[c]);
  }
  for (long c = 0; c < column_count; c++) {
    report_put(&sink, ","); /* ingredient ids come from the history: guarded like data */
    report_csv_text_field(&sink, columns[c]);
  }
  report_put(&sink, REPORT_CSV_RECORD_END);
  for (size_t i = 0; i < r->authority_count; i++)
    for (size_t k = 0; k < r->authorities[i].point_count; k++)
      write_row(&sink, &stories[i], k, columns, (size_t)column_count);
  free(columns);
  return report_sink_finish(&sink);
}
