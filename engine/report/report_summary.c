/* report_summary.c: the words of the plain-English summary; see report_summary.h.
 * Short sentences, no scores to a decimal, no rule ids where a title exists, no names of
 * bands: a young person reading it should not need the rest of the report. */
#include "report_summary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "report_values.h"

/* Short names for the style's calls, so the functions below read as sentences. */
static void words(const report_summary_style *s, const char *text) { s->words(s->writer, text); }

static void plan_text(const report_summary_style *s, const char *text) {
  s->plan_text(s->writer, text);
}

static void begin(const report_summary_style *s, report_summary_block block) {
  s->begin(s->writer, block);
}

static void end(const report_summary_style *s, report_summary_block block) {
  s->end(s->writer, block);
}

/* "3 things" or "1 thing": a count with its noun. */
static void count_of(const report_summary_style *s, size_t count, const char *one,
                     const char *many) {
  char buf[48];
  snprintf(buf, sizeof buf, "%zu %s", count, count == 1 ? one : many);
  words(s, buf);
}

/* "(63 out of 100)" after a name. */
static void out_of_100(const report_summary_style *s, double score) {
  char buf[REPORT_VALUE_SIZE];
  words(s, " (");
  words(s, report_whole_text(buf, score));
  words(s, " out of 100)");
}

/* ** {======================================================================
** What we found.
** ======================================================================= */

/* The overall score and what its band means, in the band's position rather than its name
 * ("at risk of pilotitis" is our jargon, not the reader's). */
static void write_overall(const report_summary_style *s, const plan *p, const plan_authority *a) {
  char buf[REPORT_VALUE_SIZE];
  begin(s, REPORT_SUMMARY_PARAGRAPH);
  if (isnan(a->score)) {
    words(s,
          "We could not give the service an overall score, because too little could be "
          "checked.");
    end(s, REPORT_SUMMARY_PARAGRAPH);
    return;
  }
  words(s, "Overall the service scored ");
  words(s, report_whole_text(buf, a->score));
  words(s, " out of 100.");
  switch (report_band_position_of(p, report_band_index(p, a->score, a->band))) {
    case REPORT_BAND_TOP:
      words(s, " It is likely to keep going after the pilot.");
      break;
    case REPORT_BAND_MIDDLE:
      words(s, " It could keep going, but it is fragile: some things need to change.");
      break;
    case REPORT_BAND_BOTTOM:
      words(s, " It is at risk of stopping when the pilot ends.");
      break;
    case REPORT_BAND_NONE:
      break;
  }
  /* compared as shown, so 99.6% coverage is not "based on 100% of what we planned" */
  if (isfinite(a->coverage) && strcmp(report_percent_text(buf, a->coverage), "100") != 0) {
    words(s, " This is based on ");
    words(s, buf);
    words(s, "% of what we planned to check.");
  }
  end(s, REPORT_SUMMARY_PARAGRAPH);
}

/* The strongest and weakest scored ingredients; the first one wins a tie, so the
 * sentence follows the plan's own order. Nothing when no ingredient has a score. */
static void write_strongest_and_weakest(const report_summary_style *s, const plan_authority *a) {
  const plan_ingredient *strongest = report_strongest_ingredient(a);
  const plan_ingredient *weakest = report_weakest_ingredient(a);
  size_t scored = 0;
  for (size_t i = 0; i < a->ingredient_count; i++) scored += !isnan(a->ingredients[i].score);
  if (scored == 0) return;
  begin(s, REPORT_SUMMARY_PARAGRAPH);
  if (scored == 1) {
    words(s, "Only one area could be scored: ");
    plan_text(s, report_ingredient_name(strongest));
    out_of_100(s, strongest->score);
    words(s, ".");
  } else if (strongest->score == weakest->score) {
    char buf[REPORT_VALUE_SIZE];
    words(s, "Every area we could score got ");
    words(s, report_whole_text(buf, strongest->score));
    words(s, " out of 100.");
  } else {
    /* "strongest", not "going well": the strongest area can still be weak */
    words(s, "The strongest area is ");
    plan_text(s, report_ingredient_name(strongest));
    out_of_100(s, strongest->score);
    words(s, " and the weakest is ");
    plan_text(s, report_ingredient_name(weakest));
    out_of_100(s, weakest->score);
    words(s, ".");
  }
  end(s, REPORT_SUMMARY_PARAGRAPH);
}

/* Checks that could not be made for want of data, named by their titles; then checks
 * that failed, counted only (their messages are for the evaluator, not the reader). */
static void write_gaps(const report_summary_style *s, const plan_authority *a) {
  size_t not_assessed = report_count_authority_rules(a, PLAN_RULE_NOT_ASSESSED);
  size_t failed = report_count_authority_rules(a, PLAN_RULE_ERROR);
  if (not_assessed > 0) {
    report_rule_cursor cursor = {0, 0};
    begin(s, REPORT_SUMMARY_PARAGRAPH);
    words(s, "We could not check ");
    count_of(s, not_assessed, "thing", "things");
    words(s, " because some information was missing: ");
    for (size_t named = 0; named < not_assessed && named < REPORT_SUMMARY_RULES_NAMED; named++) {
      if (named > 0) words(s, "; ");
      plan_text(s, report_rule_name(report_next_rule(a, PLAN_RULE_NOT_ASSESSED, &cursor)));
    }
    if (not_assessed > REPORT_SUMMARY_RULES_NAMED) {
      words(s, "; and ");
      count_of(s, not_assessed - REPORT_SUMMARY_RULES_NAMED, "more", "more");
    }
    words(s, ".");
    end(s, REPORT_SUMMARY_PARAGRAPH);
  }
  if (failed > 0) {
    begin(s, REPORT_SUMMARY_PARAGRAPH);
    count_of(s, failed, "check", "checks");
    words(s, failed == 1 ? " could not run because of a fault, so it is left out of the scores."
                         : " could not run because of a fault, so they are left out of the "
                           "scores.");
    end(s, REPORT_SUMMARY_PARAGRAPH);
  }
}

/* }====================================================================== */

/* ** {======================================================================
** What we will do.
** ======================================================================= */

static void write_first_actions(const report_summary_style *s, const plan_authority *a) {
  begin(s, REPORT_SUMMARY_PARAGRAPH);
  if (a->action_count == 0) {
    words(s, "No actions are planned for now.");
    end(s, REPORT_SUMMARY_PARAGRAPH);
    return;
  }
  words(s, a->action_count == 1 ? "What we will do:" : "What we will do first:");
  end(s, REPORT_SUMMARY_PARAGRAPH);
  begin(s, REPORT_SUMMARY_LIST);
  for (size_t i = 0; i < a->action_count && i < REPORT_SUMMARY_ACTIONS; i++) {
    const plan_action *action = &a->actions[i];
    begin(s, REPORT_SUMMARY_ITEM);
    plan_text(s, action->title);
    if (action->owner && *action->owner) {
      words(s, " (led by the ");
      plan_text(s, action->owner);
      words(s, ")");
    }
    end(s, REPORT_SUMMARY_ITEM);
  }
  end(s, REPORT_SUMMARY_LIST);
  if (a->action_count > REPORT_SUMMARY_ACTIONS) {
    begin(s, REPORT_SUMMARY_PARAGRAPH);
    words(s, "The full plan has ");
    count_of(s, a->action_count - REPORT_SUMMARY_ACTIONS, "more action", "more actions");
    words(s, ".");
    end(s, REPORT_SUMMARY_PARAGRAPH);
  }
}

/* }====================================================================== */

/* ** {======================================================================
** A marked fall since the previous assessment (with a history).
** ======================================================================= */

/* The overall score has fallen markedly when it fell by at least this many points since
 * the previous assessment (as shown, at one decimal), or fell into a lower band. A tenth
 * of the scale is more than a year's ordinary movement (docs/history.md). */
#define REPORT_SUMMARY_MARKED_FALL 10.0

/* The areas that fell most are named, by title, up to this many. */
#define REPORT_SUMMARY_FALLS_NAMED 2

static const char *const month_names[12] = {"January", "February", "March",     "April",
                                            "May",     "June",     "July",      "August",
                                            "September", "October", "November", "December"};

/* A score as shown at one decimal, so a fall is judged on the figures the reader sees. */
static double as_shown(double score) {
  char buf[REPORT_VALUE_SIZE];
  return strtod(report_score_text(buf, score), NULL);
}

/* "31 March 2023"; a date that is not YYYY-MM-DD is shown as recorded. */
static void date_in_words(const report_summary_style *s, const char *date) {
  sx_date d;
  if (!date || date_parse(date, &d) != 0) {
    plan_text(s, date);
    return;
  }
  char buf[48];
  snprintf(buf, sizeof buf, "%d %s %d", d.day, month_names[d.month - 1], d.year);
  words(s, buf);
}

/* "from 94 to 27": whole numbers, as everywhere in the summary. */
static void from_to(const report_summary_style *s, double then, double now) {
  char buf[REPORT_VALUE_SIZE];
  words(s, "from ");
  words(s, report_whole_text(buf, then));
  words(s, " to ");
  words(s, report_whole_text(buf, now));
}

/* How much an ingredient fell (as shown), or 0 when it did not fall or its fall does not
 * show in whole numbers ("from 40 to 40"). */
static double visible_fall(const plan_ingredient *g) {
  if (!isfinite(g->previous) || !isfinite(g->score)) return 0;
  char then[REPORT_VALUE_SIZE], now[REPORT_VALUE_SIZE];
  if (strcmp(report_whole_text(then, g->previous), report_whole_text(now, g->score)) == 0) return 0;
  return as_shown(g->previous) - as_shown(g->score);
}

static int is_named(const plan_ingredient *const *named, size_t count, const plan_ingredient *g) {
  for (size_t i = 0; i < count; i++)
    if (named[i] == g) return 1;
  return 0;
}

/* The areas whose fall shows, the largest falls first (plan order on a tie), by title. */
static void write_areas_that_fell(const report_summary_style *s, const plan_authority *a) {
  const plan_ingredient *named[REPORT_SUMMARY_FALLS_NAMED];
  size_t count = 0, fell = 0;
  for (size_t i = 0; i < a->ingredient_count; i++) fell += visible_fall(&a->ingredients[i]) > 0;
  while (count < REPORT_SUMMARY_FALLS_NAMED && count < fell) {
    const plan_ingredient *most = NULL;
    for (size_t i = 0; i < a->ingredient_count; i++) {
      const plan_ingredient *g = &a->ingredients[i];
      if (visible_fall(g) > 0 && !is_named(named, count, g) &&
          (!most || visible_fall(g) > visible_fall(most)))
        most = g;
    }
    named[count++] = most;
  }
  if (count == 0) {
    words(s, " No single area fell by a whole point.");
    return;
  }
  words(s, count == 1 ? " The area that fell" : " The areas that fell");
  words(s, fell > count ? " most " : " ");
  words(s, count == 1 ? "is " : "are ");
  for (size_t i = 0; i < count; i++) {
    if (i > 0) words(s, i + 1 == count ? " and " : ", ");
    plan_text(s, report_ingredient_name(named[i]));
    words(s, " (");
    from_to(s, named[i]->previous, named[i]->score);
    words(s, ")");
  }
  words(s, ".");
}

/* Says so when the overall score fell markedly since the previous assessment that the
 * history holds (history_annotate), naming the areas that fell most. Nothing without a
 * history or a previous score, or when the score held, rose or fell only a little. */
static void write_fall_since_previous(const report_summary_style *s, const plan *p,
                                      const plan_authority *a) {
  if (!p->history || !a->previous_date || !isfinite(a->previous_score) || !isfinite(a->score))
    return;
  double fall = as_shown(as_shown(a->previous_score) - as_shown(a->score));
  int then_band = report_band_index(p, a->previous_score, a->previous_band);
  int lower_band = then_band >= 0 && report_band_index(p, a->score, a->band) > then_band;
  if (!(fall > 0) || (fall < REPORT_SUMMARY_MARKED_FALL && !lower_band)) return;
  char then[REPORT_VALUE_SIZE], now[REPORT_VALUE_SIZE];
  begin(s, REPORT_SUMMARY_PARAGRAPH);
  words(s, "Since the last assessment, on ");
  date_in_words(s, a->previous_date);
  words(s, ", the overall score has fallen ");
  if (strcmp(report_whole_text(then, a->previous_score), report_whole_text(now, a->score)) == 0)
    words(s, "by less than one point"); /* whole numbers would read "from 60 to 60" */
  else
    from_to(s, a->previous_score, a->score);
  words(s, lower_band ? ", into a lower band." : ".");
  write_areas_that_fell(s, a);
  end(s, REPORT_SUMMARY_PARAGRAPH);
}

/* }====================================================================== */

void report_summary_write(const plan *p, const plan_authority *a,
                          const report_summary_style *style) {
  write_overall(style, p, a);
  write_fall_since_previous(style, p, a);
  write_strongest_and_weakest(style, a);
  write_gaps(style, a);
  write_first_actions(style, a);
}

/* ** {======================================================================
** The summary as lines of plain text (text and Markdown).
** ======================================================================= */

typedef struct lines_writer {
  report_sink *sink;
  report_escape_fn escape;
  const report_summary_layout *layout;
  int item; /* the number of the list item being written */
} lines_writer;

static void lines_begin(void *writer, report_summary_block block) {
  lines_writer *w = writer;
  char buf[32];
  switch (block) {
    case REPORT_SUMMARY_PARAGRAPH:
      report_put(w->sink, w->layout->paragraph);
      break;
    case REPORT_SUMMARY_LIST:
      report_put(w->sink, w->layout->list);
      w->item = 0;
      break;
    case REPORT_SUMMARY_ITEM:
      snprintf(buf, sizeof buf, w->layout->item, ++w->item);
      report_put(w->sink, buf);
      break;
  }
}

static void lines_end(void *writer, report_summary_block block) {
  lines_writer *w = writer;
  if (block != REPORT_SUMMARY_LIST) report_put(w->sink, "\n");
}

static void lines_words(void *writer, const char *text) {
  lines_writer *w = writer;
  report_put(w->sink, text);
}

static void lines_plan_text(void *writer, const char *text) {
  lines_writer *w = writer;
  report_put_clean(w->sink, text ? text : REPORT_MISSING, w->escape);
}

void report_summary_write_lines(const plan *p, const plan_authority *a, report_sink *sink,
                                report_escape_fn escape, const report_summary_layout *layout) {
  lines_writer w = {sink, escape, layout, 0};
  const report_summary_style style = {&w, lines_begin, lines_end, lines_words, lines_plan_text};
  report_summary_write(p, a, &style);
}

/* }====================================================================== */
