/* report_summary.c: the words of the plain-English summary; see report_summary.h.
 * Short sentences, no scores to a decimal, no rule ids where a title exists, no names of
 * bands: a young person reading it should not need the rest of the report. */
#include "report_summary.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

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
    size_t scored = 0;
    for (size_t i = 0; i < a->ingredient_count; i++) scored += !isnan(a->ingredients[i].score);
    words(s, scored ? "We could not give the service an overall score, because every area that "
                      "could be scored was given a weight of 0 in this assessment."
                    : "We could not give the service an overall score, because too little "
                      "could be checked.");
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
 * sentence follows the plan's own order. Only ingredients that count in the overall score
 * are compared (an ingredient weighted 0 is left out of it, docs/config.md), and the
 * sentence says so when a scored one was left out. Nothing when none counts. */
static void write_strongest_and_weakest(const report_summary_style *s, const plan_authority *a) {
  const plan_ingredient *strongest = report_strongest_ingredient(a);
  const plan_ingredient *weakest = report_weakest_ingredient(a);
  size_t counted = 0, scored = 0; /* counted as the two above choose: both set unless 0 */
  for (size_t i = 0; i < a->ingredient_count; i++) {
    counted += report_ingredient_counts(&a->ingredients[i]);
    scored += !isnan(a->ingredients[i].score);
  }
  if (counted == 0) return;
  int left_out = scored > counted;
  begin(s, REPORT_SUMMARY_PARAGRAPH);
  if (counted == 1) {
    words(s, left_out ? "Only one area counts in the overall score: "
                      : "Only one area could be scored: ");
    plan_text(s, report_ingredient_name(strongest));
    out_of_100(s, strongest->score);
    words(s, ".");
  } else if (strongest->score == weakest->score) {
    char buf[REPORT_VALUE_SIZE];
    words(s, left_out ? "Every area that counts in the overall score got "
                      : "Every area we could score got ");
    words(s, report_whole_text(buf, strongest->score));
    words(s, " out of 100.");
  } else {
    /* "strongest", not "going well": the strongest area can still be weak */
    words(s, left_out ? "Of the areas that count in the overall score, the strongest is "
                      : "The strongest area is ");
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

void report_summary_write(const plan *p, const plan_authority *a,
                          const report_summary_style *style) {
  write_overall(style, p, a);
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
