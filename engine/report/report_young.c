/* report_young.c: the words of the young people's version; see report_young.h.
 * Short sentences, "we" for the authority and "you" for care leavers, no scores, no ids,
 * no names of bands or ingredients' research terms. Each sentence must be true whatever
 * the data: no survey, no participation, every figure suppressed, a pilot that has ended,
 * no actions. */
#include "report_young.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_summary.h"
#include "report_values.h"

/* Short names for the style's calls, so the functions below read as sentences. */
static void words(const report_young_style *s, const char *text) { s->words(s->writer, text); }

static void plan_text(const report_young_style *s, const char *text) {
  s->plan_text(s->writer, text);
}

static void begin(const report_young_style *s, report_young_block block) {
  s->begin(s->writer, block);
}

static void end(const report_young_style *s, report_young_block block) {
  s->end(s->writer, block);
}

/* A paragraph of our own words only. */
static void paragraph(const report_young_style *s, const char *text) {
  begin(s, REPORT_YOUNG_PARAGRAPH);
  words(s, text);
  end(s, REPORT_YOUNG_PARAGRAPH);
}

static void section(const report_young_style *s, const char *heading) {
  begin(s, REPORT_YOUNG_HEADING_SECTION);
  words(s, heading);
  end(s, REPORT_YOUNG_HEADING_SECTION);
}

/* A date in words ("31 March 2024"), or as the plan holds it when it is not a date. */
static void date_in_words(const report_young_style *s, const char *date) {
  char buf[REPORT_VALUE_SIZE];
  if (report_date_words(buf, date) == buf) words(s, buf);
  else plan_text(s, date);
}

/* ** {======================================================================
** What you told us and how you took part: evidence with a plain sentence.
** ======================================================================= */

/* The authority's rules and context items as one list: context items first (how care
 * leavers are doing, from the survey), then the rules in plan order. NULL past the end. */
static const plan_rule *nth_rule(const plan_authority *a, size_t n) {
  if (n < a->context_count) return &a->context[n];
  n -= a->context_count;
  for (size_t i = 0; i < a->ingredient_count; i++) {
    if (n < a->ingredients[i].rule_count) return &a->ingredients[i].rules[n];
    n -= a->ingredients[i].rule_count;
  }
  return NULL;
}

/* Whether two evidence items would read the same: one figure read by two rules is said
 * once. Suppressed items are the same when their sentences are. */
static int reads_the_same(const plan_evidence *x, const plan_evidence *y) {
  if (strcmp(x->plain, y->plain) != 0) return 0;
  if ((x->kind == PLAN_VALUE_SUPPRESSED) != (y->kind == PLAN_VALUE_SUPPRESSED)) return 0;
  if (x->kind == PLAN_VALUE_SUPPRESSED) return 1;
  char a[REPORT_VALUE_SIZE], b[REPORT_VALUE_SIZE];
  return strcmp(report_evidence_text(a, x), report_evidence_text(b, y)) == 0;
}

/* Whether e (item k of rule n) repeats a plain item before it. */
static int said_before(const plan_authority *a, size_t n, size_t k, const plan_evidence *e) {
  for (size_t m = 0; m <= n; m++) {
    const plan_rule *rule = nth_rule(a, m);
    size_t last = m == n ? k : rule->evidence_count;
    for (size_t j = 0; j < last; j++)
      if (rule->evidence[j].plain && reads_the_same(&rule->evidence[j], e)) return 1;
  }
  return 0;
}

/* The plain evidence items of the authority, each once, in order: calls each(context, e)
 * for each. A rule that failed has no evidence (runner.c). */
typedef void (*voice_fn)(void *context, const plan_evidence *e);

static void each_voice(const plan_authority *a, voice_fn each, void *context) {
  for (size_t n = 0; nth_rule(a, n); n++) {
    const plan_rule *rule = nth_rule(a, n);
    for (size_t k = 0; k < rule->evidence_count; k++) {
      const plan_evidence *e = &rule->evidence[k];
      if (e->plain && !said_before(a, n, k, e)) each(context, e);
    }
  }
}

/* One shown figure as its sentence, a list item: the plain text with the value where
 * "{value}" is. A date is said in words. A suppressed figure is never written. */
static void write_voice_item(void *context, const plan_evidence *e) {
  const report_young_style *s = context;
  if (e->kind == PLAN_VALUE_SUPPRESSED) return;
  const char *at = strstr(e->plain, PLAN_PLAIN_VALUE);
  char *before = at ? strndup(e->plain, (size_t)(at - e->plain)) : NULL;
  begin(s, REPORT_YOUNG_ITEM);
  if (!before) { /* no place for the figure (or no memory to split it): the words alone */
    plan_text(s, e->plain);
    end(s, REPORT_YOUNG_ITEM);
    return;
  }
  char buf[REPORT_VALUE_SIZE], date[REPORT_VALUE_SIZE];
  const char *value = report_evidence_text(buf, e);
  plan_text(s, before);
  if (e->kind == PLAN_VALUE_TEXT && report_date_words(date, value) == date) words(s, date);
  else plan_text(s, value);
  plan_text(s, at + strlen(PLAN_PLAIN_VALUE));
  free(before);
  end(s, REPORT_YOUNG_ITEM);
}

typedef struct voice_counts {
  size_t shown, kept_back;
} voice_counts;

static void count_voice(void *context, const plan_evidence *e) {
  voice_counts *counts = context;
  if (e->kind == PLAN_VALUE_SUPPRESSED) counts->kept_back++;
  else counts->shown++;
}

/* What young people said in the survey and how they took part, as the pack words it,
 * then how many figures are kept back because they are about too few people. */
static void write_voice(const report_young_style *s, const plan_authority *a) {
  voice_counts counts = {0, 0};
  each_voice(a, count_voice, &counts);
  section(s, "What you told us and how you took part");
  if (counts.shown == 0 && counts.kept_back == 0) {
    paragraph(s, "We have no figures to share this time from a survey of young people or from "
                 "meetings and activities with them.");
    return;
  }
  if (counts.shown > 0) {
    begin(s, REPORT_YOUNG_BULLETS);
    each_voice(a, write_voice_item, (void *)s);
    end(s, REPORT_YOUNG_BULLETS);
  }
  if (counts.kept_back == 0) return;
  char buf[200];
  if (counts.kept_back == 1)
    snprintf(buf, sizeof buf, "There is 1 %sfigure we cannot share, because the numbers behind "
                              "it are so small that it could show who someone is.",
             counts.shown ? "more " : "");
  else
    snprintf(buf, sizeof buf, "There are %zu %sfigures we cannot share, because the numbers "
                              "behind them are so small that they could show who someone is.",
             counts.kept_back, counts.shown ? "more " : "");
  paragraph(s, buf);
}

/* }====================================================================== */

/* ** {======================================================================
** What we found.
** ======================================================================= */

/* Whether the first action decides whether the service exists at all (ranked first). */
static int survival_at_stake(const plan_authority *a) {
  return a->action_count > 0 && a->actions[0].survival;
}

/* How likely the service is to keep going, from the band's position, never its name. */
static void write_outlook(const report_young_style *s, const plan *p, const plan_authority *a) {
  int survival = survival_at_stake(a);
  begin(s, REPORT_YOUNG_PARAGRAPH);
  if (isnan(a->score)) {
    words(s, "We could not say how likely the service is to keep going, because we could not "
             "check enough.");
  } else {
    switch (report_band_position_of(p, report_band_index(p, a->score, a->band))) {
      case REPORT_BAND_TOP:
        words(s, survival ? "The service does well on most things that keep a service going."
                          : "We think the service is likely to keep going.");
        break;
      case REPORT_BAND_MIDDLE:
        words(s, "The service could keep going, but it is not safe yet. Some things need to "
                 "change.");
        break;
      case REPORT_BAND_BOTTOM:
        words(s, "The service is at risk of stopping. A lot needs to change to keep it going.");
        break;
      case REPORT_BAND_NONE:
        words(s, "We could not say how likely the service is to keep going.");
        break;
    }
  }
  if (survival)
    words(s, " But whether it carries on at all depends on the first thing on our list below.");
  end(s, REPORT_YOUNG_PARAGRAPH);
}

/* The areas (ingredients) at one band position, by their plain names, as a list after a
 * lead-in; nothing when none is there. Returns how many. */
static size_t write_areas_at(const report_young_style *s, const plan *p, const plan_authority *a,
                             report_band_position position, const char *lead) {
  size_t count = 0;
  for (int listing = 0; listing < 2; listing++) {
    if (listing && count == 0) return 0;
    if (listing) {
      paragraph(s, lead);
      begin(s, REPORT_YOUNG_BULLETS);
    }
    for (size_t i = 0; i < a->ingredient_count; i++) {
      const plan_ingredient *g = &a->ingredients[i];
      int here = position == REPORT_BAND_NONE
                     ? isnan(g->score)
                     : !isnan(g->score) &&
                           report_band_position_of(p, report_band_index(p, g->score, NULL)) ==
                               position;
      if (!here) continue;
      if (!listing) {
        count++;
        continue;
      }
      begin(s, REPORT_YOUNG_ITEM);
      plan_text(s, g->plain ? g->plain : report_ingredient_name(g));
      end(s, REPORT_YOUNG_ITEM);
    }
  }
  end(s, REPORT_YOUNG_BULLETS);
  return count;
}

/* What is going well and what is not, area by area, and what could not be judged. */
static void write_areas(const report_young_style *s, const plan *p, const plan_authority *a) {
  size_t scored = 0;
  for (size_t i = 0; i < a->ingredient_count; i++) scored += !isnan(a->ingredients[i].score);
  size_t well = scored ? write_areas_at(s, p, a, REPORT_BAND_TOP, "What is going well:") : 0;
  if (scored > 0 && well == 0) paragraph(s, "Nothing is going well enough yet.");
  size_t weaker = write_areas_at(s, p, a, REPORT_BAND_MIDDLE,
                                 "What is going OK, but could be better:");
  weaker += write_areas_at(s, p, a, REPORT_BAND_BOTTOM, "What is not going well:");
  /* even when every area goes well, one needs work most: a reader is told which */
  const plan_ingredient *weakest = report_weakest_ingredient(a);
  const plan_ingredient *strongest = report_strongest_ingredient(a);
  if (well > 1 && weaker == 0 && weakest && weakest->score < strongest->score) {
    paragraph(s, "Of these, this one needs the most work:");
    begin(s, REPORT_YOUNG_BULLETS);
    begin(s, REPORT_YOUNG_ITEM);
    plan_text(s, weakest->plain ? weakest->plain : report_ingredient_name(weakest));
    end(s, REPORT_YOUNG_ITEM);
    end(s, REPORT_YOUNG_BULLETS);
  }
  /* no data, a check switched off or one that failed: write_limits says which it may be */
  write_areas_at(s, p, a, REPORT_BAND_NONE, "What we could not judge this time:");
}

/* When part of what was planned could not be checked, or a check broke, the reader is told
 * the picture is not complete. */
static void write_limits(const report_young_style *s, const plan_authority *a) {
  char buf[REPORT_VALUE_SIZE];
  int partial = isfinite(a->rule_coverage) &&
                strcmp(report_percent_text(buf, a->rule_coverage), "100") != 0;
  int failed = report_count_authority_rules(a, PLAN_RULE_ERROR) > 0;
  if (!partial && !failed) return;
  paragraph(s, failed ? "Some of our checks did not work, so this is not the full picture."
                      : "We did not check everything we planned to, so this is not the full "
                        "picture.");
}

/* With a history, a marked fall since the last assessment, as the board's summary judges
 * it (report_summary.h), with its date. */
static void write_fall(const report_young_style *s, const plan *p, const plan_authority *a) {
  if (!report_summary_fell_markedly(p, a)) return;
  begin(s, REPORT_YOUNG_PARAGRAPH);
  words(s, "Since we last checked, on ");
  date_in_words(s, a->previous_date);
  words(s, ", the service has got weaker.");
  end(s, REPORT_YOUNG_PARAGRAPH);
}

static void write_found(const report_young_style *s, const plan *p, const plan_authority *a) {
  section(s, "What we found");
  write_outlook(s, p, a);
  write_fall(s, p, a);
  write_areas(s, p, a);
  write_limits(s, a);
}

/* }====================================================================== */

/* ** {======================================================================
** What we will do, and when.
** ======================================================================= */

/* The actions to do first (all of them when none is marked, up to a few), each in young
 * people's words with who leads it, then how many more the full plan has. */
static void write_actions(const report_young_style *s, const plan_authority *a) {
  section(s, "What we will do");
  if (a->action_count == 0) {
    paragraph(s, "Our plan has no actions for now.");
    return;
  }
  size_t listed = report_first_count(a);
  if (listed == 0)
    listed = a->action_count < REPORT_YOUNG_ACTIONS_LISTED ? a->action_count
                                                           : REPORT_YOUNG_ACTIONS_LISTED;
  paragraph(s, listed == a->action_count ? "This is what we will do:"
                                         : "This is what we will do first:");
  begin(s, REPORT_YOUNG_NUMBERED);
  for (size_t i = 0; i < listed; i++) {
    const plan_action *action = &a->actions[i];
    begin(s, REPORT_YOUNG_ITEM);
    plan_text(s, action->plain ? action->plain : action->title);
    if (action->owner && *action->owner) {
      words(s, " (led by the ");
      plan_text(s, action->owner);
      words(s, ")");
    }
    end(s, REPORT_YOUNG_ITEM);
  }
  end(s, REPORT_YOUNG_NUMBERED);
  if (a->action_count > listed) {
    char buf[120];
    size_t more = a->action_count - listed;
    snprintf(buf, sizeof buf, "Our full plan has %zu more %s.", more,
             more == 1 ? "thing to do" : "things to do");
    paragraph(s, buf);
  }
}

/* Whether the pilot ended before the plan's date (dates compare as text). */
static int pilot_has_ended(const plan *p, const plan_authority *a) {
  return a->pilot_end && p->date && strcmp(a->pilot_end, p->date) < 0;
}

/* The authority's next review of the service (`review_date`), when it has one. */
static void write_review(const report_young_style *s, const plan *p, const plan_authority *a) {
  if (!a->review_date) return;
  begin(s, REPORT_YOUNG_PARAGRAPH);
  int passed = p->date && strcmp(a->review_date, p->date) < 0;
  words(s, passed ? "We planned to look at the service again on "
                  : "We will look at the service again on ");
  date_in_words(s, a->review_date);
  words(s, passed ? ". That date has passed." : ".");
  end(s, REPORT_YOUNG_PARAGRAPH);
}

/* Only the dates the plan holds: the pilot's end, the next review, and that actions have
 * none of their own yet. */
static void write_when(const report_young_style *s, const plan *p, const plan_authority *a) {
  section(s, "When");
  if (a->pilot_end) {
    begin(s, REPORT_YOUNG_PARAGRAPH);
    words(s, "The pilot is the first stage of the service, paid for with short-term money. ");
    words(s, pilot_has_ended(p, a) ? "It ended on " : "It is due to end on ");
    date_in_words(s, a->pilot_end);
    words(s, ".");
    end(s, REPORT_YOUNG_PARAGRAPH);
  }
  write_review(s, p, a);
  if (a->action_count > 0)
    paragraph(s, "Our plan does not give a date for each thing we will do yet. You can ask us "
                 "when each one will happen.");
  else if (!a->pilot_end && !a->review_date)
    paragraph(s, "Our plan has no dates to share yet.");
}

/* }====================================================================== */

static void write_authority(const report_young_style *s, const plan *p, const plan_authority *a) {
  begin(s, REPORT_YOUNG_HEADING_AUTHORITY);
  plan_text(s, a->name ? a->name : a->id);
  end(s, REPORT_YOUNG_HEADING_AUTHORITY);
  write_voice(s, a);
  write_found(s, p, a);
  write_actions(s, a);
  write_when(s, p, a);
}

void report_young_write(const plan *p, const report_young_style *style) {
  begin(style, REPORT_YOUNG_HEADING_TITLE);
  words(style, REPORT_YOUNG_TITLE);
  end(style, REPORT_YOUNG_HEADING_TITLE);
  begin(style, REPORT_YOUNG_PARAGRAPH);
  words(style, "This is a short version, for care leavers, of our plan: ");
  plan_text(style, p->name);
  words(style, ". It looks at the service as it was on ");
  date_in_words(style, p->date);
  words(style, ".");
  end(style, REPORT_YOUNG_PARAGRAPH);
  if (p->authority_count == 0) {
    begin(style, REPORT_YOUNG_PARAGRAPH);
    words(style, "This plan looks at no council's service.");
    end(style, REPORT_YOUNG_PARAGRAPH);
  }
  for (size_t i = 0; i < p->authority_count; i++) write_authority(style, p, &p->authorities[i]);
}
