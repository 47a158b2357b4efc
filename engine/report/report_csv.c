/* report_csv.c: the ranked actions as CSV, one row per action across every authority, for
 * a spreadsheet or an action tracker. RFC 4180: CRLF after each record, a field quoted
 * when it holds a comma, a quote, a line break or edge spaces, quotes doubled inside.
 * Everything else in the plan is in the other formats; this one is for tracking work. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_csv.h"
#include "report_escape.h"
#include "report_sink.h"
#include "report_values.h"

/* The header row, and which fields are text from the plan (cleaned, quoted when needed,
 * guarded against formulas); the others are numbers we format ourselves. */
static const struct {
  const char *name;
  int text;
} csv_columns[] = {{"authority", 1}, {"rank", 0},     {"id", 1},     {"ingredient", 1},
                   {"title", 1},     {"owner", 1},    {"effort", 1}, {"impact", 0},
                   {"priority", 0},  {"why", 1},      {"first", 0},  {"survival", 0},
                   {"gap", 1},       {"found_by", 1}, {"authority_name", 1},
                   {"ingredient_title", 1}};

#define CSV_COLUMN_COUNT (sizeof csv_columns / sizeof csv_columns[0])

/* Inside quotes a line feed may stay (a spreadsheet shows a line break in the cell), a
 * quote is doubled; other control characters as report_escape_control (CR becomes a space,
 * so a lone CR cannot end the record for a lax reader). */
static const char *csv_escape(unsigned char c) {
  if (c == '"') return "\"\"";
  if (c == '\n') return NULL;
  return report_escape_control(c);
}

/* Cells that start with these would run as a formula in a spreadsheet ("CSV injection"):
 * text from data and rules is never a formula, so such a cell gets a leading apostrophe,
 * which spreadsheets hide and read as "this is text". */
static int looks_like_formula(const char *s) {
  return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
}

static int needs_quotes(const char *s) {
  size_t length = strlen(s);
  if (length > 0 && (s[0] == ' ' || s[length - 1] == ' ')) return 1;
  return strpbrk(s, ",\"\r\n") != NULL;
}

/* A text field from the plan; NULL is an empty field (report_csv.h). */
void report_csv_text_field(report_sink *sink, const char *s) {
  if (!s) return;
  int quoted = needs_quotes(s);
  if (quoted) report_put(sink, "\"");
  if (looks_like_formula(s)) report_put(sink, "'");
  report_put_clean(sink, s, csv_escape);
  if (quoted) report_put(sink, "\"");
}

/* --explain: the terms of each action's priority, after the usual columns. */
static const char *const csv_explain_columns[] = {"stage_weight", "weakness", "urgency",
                                                  "effort_cost"};

static void write_priority_terms(report_sink *sink, const plan_priority_terms *terms) {
  char buf[REPORT_VALUE_SIZE];
  const double values[] = {terms->stage_weight, terms->weakness, terms->urgency,
                           terms->effort_cost};
  for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
    report_put(sink, ",");
    const char *text = report_measure_text(buf, values[i]);
    if (strcmp(text, "null") != 0) report_put(sink, text);
  }
}

/* The rules that found an action, their ids separated by spaces (ids hold none), in a
 * malloc'd string; NULL on out of memory, which the caller records on the sink. */
static char *found_by_text(const plan_action *action) {
  size_t size = 1;
  for (size_t i = 0; i < action->found_by_count; i++)
    size += (action->found_by[i] ? strlen(action->found_by[i]) : 0) + 1;
  char *text = malloc(size), *at = text;
  if (!text) return NULL;
  *at = '\0';
  for (size_t i = 0; i < action->found_by_count; i++)
    if (action->found_by[i]) at += sprintf(at, "%s%s", at > text ? " " : "", action->found_by[i]);
  return text;
}

static void write_action(report_sink *sink, const plan *p, const plan_authority *a,
                         const plan_action *action) {
  char rank[32], impact[REPORT_VALUE_SIZE], priority[REPORT_VALUE_SIZE];
  char *found_by = found_by_text(action);
  if (!found_by && !sink->error) sink->error = ENOMEM; /* the report would be incomplete */
  snprintf(rank, sizeof rank, "%d", action->rank);
  const char *fields[CSV_COLUMN_COUNT] = {a->id,
                                          rank,
                                          action->id,
                                          action->ingredient,
                                          action->title,
                                          action->owner,
                                          action->effort,
                                          report_score_text(impact, action->impact),
                                          report_score_text(priority, action->priority),
                                          action->why,
                                          action->first ? "yes" : "no",
                                          action->survival ? "yes" : "no",
                                          action->gap,
                                          found_by,
                                          a->name,
                                          report_action_ingredient_name(a, action)};
  for (size_t c = 0; c < CSV_COLUMN_COUNT; c++) {
    if (c > 0) report_put(sink, ",");
    if (csv_columns[c].text)
      report_csv_text_field(sink, fields[c]);
    else if (strcmp(fields[c], "null") != 0) /* a missing number is an empty field */
      report_put(sink, fields[c]);
  }
  if (p->explain) write_priority_terms(sink, &action->terms);
  report_put(sink, REPORT_CSV_RECORD_END);
  free(found_by);
}

int report_write_csv(const plan *p, FILE *out) {
  report_sink sink;
  report_sink_init(&sink, out);
  report_put(&sink, REPORT_CSV_BYTE_ORDER_MARK);
  for (size_t c = 0; c < CSV_COLUMN_COUNT; c++) {
    if (c > 0) report_put(&sink, ",");
    report_put(&sink, csv_columns[c].name);
  }
  for (size_t c = 0; p->explain && c < sizeof csv_explain_columns / sizeof *csv_explain_columns; c++) {
    report_put(&sink, ",");
    report_put(&sink, csv_explain_columns[c]);
  }
  report_put(&sink, REPORT_CSV_RECORD_END);
  for (size_t i = 0; i < p->authority_count; i++) {
    const plan_authority *a = &p->authorities[i];
    for (size_t k = 0; k < a->action_count; k++) write_action(&sink, p, a, &a->actions[k]);
  }
  return report_sink_finish(&sink);
}
