/* report_summary.c: the words of the plain-English summary; see report_summary.h.
 * Short sentences, no scores to a decimal, no rule ids where a title exists, no names of
 * bands: a young person reading it should not need the rest of the report. */
#include "report_summary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Whether the authority's pilot has ended by the plan's date (dates compare as text). */
static int pilot_has_ended(const plan *p, const plan_authority *a) {
  return a->pilot_end && p->date && strcmp(a->pilot_end, p->date) < 0;
}

/* Whether the plan has an action on which the service's existence depends (ranked first,
 * so listed first below). */
static int survival_at_stake(const plan_authority *a) {
  return a->action_count > 0 && a->actions[0].survival;
}

#define SUMMARY_SURVIVAL_WORDS "whether it continues at all depends on the first action below."

/* What the band's position means, in the tense the pilot's dates call for; a high score
 * does not promise a future that hangs on one action. */
static void write_band_words(const report_summary_style *s, const plan *p,
                             const plan_authority *a, report_band_position position) {
  int ended = pilot_has_ended(p, a), survival = survival_at_stake(a);
  switch (position) {
    case REPORT_BAND_TOP:
      if (survival)
        words(s, " It does well on most of what keeps a service going, but " SUMMARY_SURVIVAL_WORDS);
      else
        words(s, !a->pilot_end ? " It is likely to keep going."
                 : ended       ? " It is likely to keep going now that the pilot has ended."
                               : " It is likely to keep going after the pilot ends.");
      return;
    case REPORT_BAND_MIDDLE:
      words(s, survival ? " It could keep going, but it is fragile, and " SUMMARY_SURVIVAL_WORDS
                        : " It could keep going, but it is fragile: some things need to change.");
      return;
    case REPORT_BAND_BOTTOM:
      if (!a->pilot_end) {
        words(s, " It is at risk of stopping.");
      } else {
        words(s, ended ? " The pilot ended on " : " It is at risk of stopping when the pilot ends on ");
        plan_text(s, a->pilot_end);
        words(s, ended ? ", and the service is at risk of stopping." : ".");
      }
      break;
    case REPORT_BAND_NONE:
      break;
  }
  if (survival) words(s, " Whether it continues at all depends on the first action below.");
}

/* The overall score and what its band means, in the band's position rather than its name
 * ("at risk of pilotitis" is our jargon, not the reader's); when the pack explains its
 * label, the label is named once with its meaning. */
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
    if (survival_at_stake(a)) words(s, " But " SUMMARY_SURVIVAL_WORDS);
    end(s, REPORT_SUMMARY_PARAGRAPH);
    return;
  }
  words(s, "Overall the service scored ");
  words(s, report_whole_text(buf, a->score));
  words(s, " out of 100.");
  int band = report_band_index(p, a->score, a->band);
  write_band_words(s, p, a, report_band_position_of(p, band));
  if (band >= 0 && p->bands[band].meaning && p->bands[band].label) {
    words(s, " The plan calls this band ");
    plan_text(s, p->bands[band].label);
    words(s, ": ");
    plan_text(s, p->bands[band].meaning);
    words(s, ".");
  }
  /* the rules checked, not only the ingredients scored; compared as shown, so 99.6% is
   * not "based on 100% of what we planned" */
  if (isfinite(a->rule_coverage) && strcmp(report_percent_text(buf, a->rule_coverage), "100") != 0) {
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

/* "the table staff_survey" or "the tables a, b and c": the distinct tables behind the
 * rules of one kind of reason. */
static void write_tables(const report_summary_style *s, const plan_authority *a,
                         plan_reason_kind kind) {
  const char *tables[REPORT_SUMMARY_TABLES_NAMED];
  size_t count = 0, more = 0;
  report_rule_cursor cursor = {0, 0};
  for (const plan_rule *rule; (rule = report_next_rule(a, PLAN_RULE_NOT_ASSESSED, &cursor));) {
    if (rule->reason_kind != kind || !rule->reason_detail) continue;
    int seen = 0;
    for (size_t i = 0; i < count && !seen; i++) seen = strcmp(tables[i], rule->reason_detail) == 0;
    if (seen) continue;
    if (count < REPORT_SUMMARY_TABLES_NAMED) tables[count++] = rule->reason_detail;
    else more++;
  }
  words(s, count + more == 1 ? "the table " : "the tables ");
  for (size_t i = 0; i < count; i++) {
    if (i > 0) words(s, i + 1 == count && !more ? " and " : ", ");
    plan_text(s, tables[i]);
  }
  if (more) {
    words(s, " and ");
    count_of(s, more, "other", "others");
  }
}

/* Whether a rule's reason is of the kind a sentence covers; a reason of no known kind (a
 * plan built elsewhere) reads as the rule's own. */
static int of_kind(const plan_rule *rule, plan_reason_kind kind) {
  plan_reason_kind own = rule->reason_kind == PLAN_REASON_NONE ? PLAN_REASON_RULE : rule->reason_kind;
  return own == kind;
}

/* The rules not assessed for one kind of reason, named by their titles (the authority's
 * own reason after each rule it switched off); returns how many there are. */
static size_t write_rules_of_kind(const report_summary_style *s, const plan_authority *a,
                                  plan_reason_kind kind, size_t count) {
  report_rule_cursor cursor = {0, 0};
  size_t named = 0;
  for (const plan_rule *rule; named < REPORT_SUMMARY_RULES_NAMED &&
                              (rule = report_next_rule(a, PLAN_RULE_NOT_ASSESSED, &cursor));) {
    if (!of_kind(rule, kind)) continue;
    if (named++ > 0) words(s, "; ");
    plan_text(s, report_rule_name(rule));
    if (kind == PLAN_REASON_DISABLED && rule->reason_detail) {
      words(s, " (its reason: ");
      plan_text(s, rule->reason_detail);
      words(s, ")");
    }
  }
  if (count > named) {
    words(s, "; and ");
    count_of(s, count - named, "more", "more");
  }
  words(s, ".");
  return count;
}

static size_t count_of_kind(const plan_authority *a, plan_reason_kind kind) {
  report_rule_cursor cursor = {0, 0};
  size_t count = 0;
  for (const plan_rule *rule; (rule = report_next_rule(a, PLAN_RULE_NOT_ASSESSED, &cursor));)
    count += of_kind(rule, kind);
  return count;
}

/* The sentence for each kind of reason a rule was not assessed, in the order they are
 * given: "<lead>3 things<after>[ the tables ...]: <titles>." The rule's own reason stands
 * for a reason of no known kind too (of_kind). */
static const struct {
  plan_reason_kind kind;
  const char *lead, *after;
  int tables; /* names the tables behind them */
} gap_sentences[] = {
    {PLAN_REASON_NO_SOURCE, "We could not check ", " because no data source was set up for ", 1},
    {PLAN_REASON_NO_ROWS, "We could not check ",
     " because the data has nothing for this authority in ", 1},
    {PLAN_REASON_RULE, "We could not check ",
     " because the information needed is missing or incomplete (the full plan gives each "
     "reason)",
     0},
    {PLAN_REASON_DISABLED, "The authority chose not to check ", "", 0},
};

/* One sentence for one kind of reason a rule was not assessed, when there are any. */
static void write_gap_kind(const report_summary_style *s, const plan_authority *a, size_t i) {
  plan_reason_kind kind = gap_sentences[i].kind;
  size_t count = count_of_kind(a, kind);
  if (count == 0) return;
  begin(s, REPORT_SUMMARY_PARAGRAPH);
  words(s, gap_sentences[i].lead);
  count_of(s, count, "thing", "things");
  words(s, gap_sentences[i].after);
  if (gap_sentences[i].tables) write_tables(s, a, kind);
  words(s, ": ");
  write_rules_of_kind(s, a, kind, count);
  end(s, REPORT_SUMMARY_PARAGRAPH);
}

/* Checks that could not be made, by the real reason: no source, no data for this
 * authority, switched off by the authority, or missing information the rule names.
 * Rules for another stage are not part of the plan at this one, so they are not gaps.
 * Then checks that failed, counted only (their messages are for the evaluator, not the
 * reader), and context figures that failed. */
static void write_gaps(const report_summary_style *s, const plan_authority *a) {
  for (size_t i = 0; i < sizeof gap_sentences / sizeof *gap_sentences; i++) write_gap_kind(s, a, i);
  size_t failed = report_count_authority_rules(a, PLAN_RULE_ERROR);
  if (failed > 0) {
    begin(s, REPORT_SUMMARY_PARAGRAPH);
    count_of(s, failed, "check", "checks");
    words(s, failed == 1 ? " could not run because of a fault, so it is left out of the scores."
                         : " could not run because of a fault, so they are left out of the "
                           "scores.");
    end(s, REPORT_SUMMARY_PARAGRAPH);
  }
  size_t context_failed = 0;
  for (size_t i = 0; i < a->context_count; i++)
    context_failed += a->context[i].status == PLAN_RULE_ERROR;
  if (context_failed > 0) {
    begin(s, REPORT_SUMMARY_PARAGRAPH);
    count_of(s, context_failed, "figure", "figures");
    words(s, " about how care leavers are doing could not be shown because of a fault.");
    end(s, REPORT_SUMMARY_PARAGRAPH);
  }
}

/* }====================================================================== */

/* ** {======================================================================
** What we will do.
** ======================================================================= */

/* The actions marked to do first (scoring_mark_first), each with its owner, then how many
 * more the full plan has. */
static void write_first_actions(const report_summary_style *s, const plan_authority *a) {
  begin(s, REPORT_SUMMARY_PARAGRAPH);
  if (a->action_count == 0) {
    words(s, "No actions are planned for now.");
    end(s, REPORT_SUMMARY_PARAGRAPH);
    return;
  }
  size_t first = report_first_count(a);
  if (first == 0) { /* a plan whose actions carry no mark: only the count is certain */
    words(s, "The full plan has ");
    count_of(s, a->action_count, "action", "actions");
    words(s, ".");
    end(s, REPORT_SUMMARY_PARAGRAPH);
    return;
  }
  words(s, a->action_count == 1 ? "What we will do:" : "What we will do first:");
  end(s, REPORT_SUMMARY_PARAGRAPH);
  begin(s, REPORT_SUMMARY_LIST);
  for (size_t i = 0; i < first; i++) {
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
  if (a->action_count > first) {
    begin(s, REPORT_SUMMARY_PARAGRAPH);
    words(s, "The full plan has ");
    count_of(s, a->action_count - first, "more action", "more actions");
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

/* A score as shown at one decimal, so a fall is judged on the figures the reader sees. */
static double as_shown(double score) {
  char buf[REPORT_VALUE_SIZE];
  return strtod(report_score_text(buf, score), NULL);
}

/* "31 March 2023"; a date that is not YYYY-MM-DD is shown as recorded. */
static void date_in_words(const report_summary_style *s, const char *date) {
  char buf[REPORT_VALUE_SIZE];
  const char *words_of_date = report_date_words(buf, date);
  if (words_of_date == buf) words(s, buf);
  else plan_text(s, date);
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

/* Whether the score fell into a lower band since the previous assessment. */
static int fell_into_lower_band(const plan *p, const plan_authority *a) {
  int then_band = report_band_index(p, a->previous_score, a->previous_band);
  return then_band >= 0 && report_band_index(p, a->score, a->band) > then_band;
}

int report_summary_fell_markedly(const plan *p, const plan_authority *a) {
  if (!p->history || !a->previous_date || !isfinite(a->previous_score) || !isfinite(a->score))
    return 0;
  double fall = as_shown(as_shown(a->previous_score) - as_shown(a->score));
  return fall > 0 && (fall >= REPORT_SUMMARY_MARKED_FALL || fell_into_lower_band(p, a));
}

/* Says so when the overall score fell markedly since the previous assessment
 * (report_summary_fell_markedly), naming the areas that fell most. */
static void write_fall_since_previous(const report_summary_style *s, const plan *p,
                                      const plan_authority *a) {
  if (!report_summary_fell_markedly(p, a)) return;
  int lower_band = fell_into_lower_band(p, a);
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
