/* odd_plan.c: plans from bytes, and every writer checked over them; see odd_plan.h. */
#include "odd_plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "utf8.h"

/* ** {======================================================================
** Choices from the bytes
** ======================================================================= */

static unsigned next(odd_plan_bytes *b) { return b->at < b->size ? b->data[b->at++] : 0; }

/* A count from 0 to most. */
static size_t count_upto(odd_plan_bytes *b, size_t most) { return next(b) % (most + 1); }

/* An array of up to `most` elements, as many as the bytes choose, zero-filled; *count is
 * 0 when out of memory. */
static void *array_of(odd_plan_bytes *b, arena *a, size_t most, size_t size, size_t *count) {
  *count = count_upto(b, most);
  void *items = arena_alloc(a, (*count + 1) * size);
  if (!items) *count = 0;
  return items;
}

/* Longer than the sinks' buffer (64 KB), so a writer meets text it must write past it. */
#define ODD_PLAN_LONG_TEXT 100000

/* Texts a plan can hold, from rules, data and the config. */
static const char *const TEXTS[] = {
    NULL,
    "",
    "plain words",
    "O'Neill & Sons: 5 * 3 = 15, care_leavers_total",
    "Ærø, Łódź, 日本語, emoji \xF0\x9F\x98\x80, U+00A0\xC2\xA0here",
    "broken \xFF\xFE UTF-8 \xE2\x80 and a lone \x9B",
    "\x1B]0;title\x07\x1B]52;c;ZXZpbA==\x07\x1B[2K\r erased",
    "C1 \xC2\x9B" "2J and \xC2\x9D" "0;t \xC2\x80\xC2\x9F",
    "bidi \xE2\x80\xAE" "desrever \xE2\x81\xA6" "isolate\xE2\x81\xA9 end \xE2\x80\xAA",
    "![b](https://beacon.example/b.png) [c](javascript:alert(1)) <img src=x> <script>x</script>",
    "`code` ~~gone~~ _it_ **bold** # heading \\ back | pipe <https://auto.example>",
    "line one\nline two\ttab\vvt\ffeed",
    "=HYPERLINK(\"x\"),\"quoted\", trailing ",
};
#define TEXT_COUNT (sizeof TEXTS / sizeof *TEXTS)

/* A text: one of TEXTS, a long one, or up to 31 of the input's own bytes. */
static const char *text(odd_plan_bytes *b, arena *a) {
  unsigned choice = next(b);
  if (choice < 200) return TEXTS[choice % TEXT_COUNT];
  if (choice < 210) {
    char *long_text = arena_alloc(a, ODD_PLAN_LONG_TEXT + 1);
    if (!long_text) return NULL;
    for (size_t i = 0; i + 3 <= ODD_PLAN_LONG_TEXT; i += 3)
      memcpy(long_text + i, "\xC3\xA9" "a", 3); /* "éa", and a NUL left at the end */
    return long_text;
  }
  size_t length = count_upto(b, 31);
  char *raw = arena_alloc(a, length + 1);
  for (size_t i = 0; raw && i < length; i++) raw[i] = (char)(next(b) | 1); /* no NUL */
  return raw;
}

/* Numbers a plan can hold, with NaN wherever one can be missing. */
static double number(odd_plan_bytes *b) {
  static const double NUMBERS[] = {NAN, 0, 100, 63.44, 0.4167, 1e-9, 99.95, 12345.678, 71.25,
                                   -0.0, 50, 1, 0.5, 2, 33.333333333333336, 1e15};
  return NUMBERS[next(b) % (sizeof NUMBERS / sizeof *NUMBERS)];
}

/* Weights: 0 often, since weight 0 leaves an ingredient out (docs/config.md). */
static double weight(odd_plan_bytes *b) {
  static const double WEIGHTS[] = {0, 0, 0, 1, 0.5, 1.5, 1e-9, 1e6};
  return WEIGHTS[next(b) % (sizeof WEIGHTS / sizeof *WEIGHTS)];
}

/* }====================================================================== */

/* ** {======================================================================
** The plan, part by part
** ======================================================================= */

static void build_evidence(odd_plan_bytes *b, arena *a, plan_rule *rule) {
  rule->evidence = array_of(b, a, 3, sizeof *rule->evidence, &rule->evidence_count);
  for (size_t e = 0; e < rule->evidence_count; e++) {
    plan_evidence *item = &rule->evidence[e];
    item->label = text(b, a);
    item->kind = (plan_value_kind)(next(b) % 4);
    item->number = number(b);
    item->text = text(b, a);
    item->boolean = (int)(next(b) & 1);
  }
}

/* A rule's result, or a context item's (no score, weight 0, as the runner leaves them). */
static void build_rule(odd_plan_bytes *b, arena *a, plan_rule *rule, int context) {
  rule->id = text(b, a);
  rule->title = text(b, a);
  rule->file = text(b, a);
  rule->line = (int)next(b);
  rule->status = (plan_rule_status)(next(b) % 3);
  rule->score = context ? NAN : number(b);
  rule->weight = context ? 0 : weight(b);
  rule->reason = text(b, a);
  rule->reason_kind = (plan_reason_kind)(next(b) % (PLAN_REASON_RULE + 1));
  rule->reason_detail = text(b, a);
  rule->message = text(b, a);
  rule->seconds = number(b);
  rule->instructions = (long)next(b) * 1000;
  build_evidence(b, a, rule);
}

static void build_ingredient(odd_plan_bytes *b, arena *a, plan_ingredient *g) {
  g->id = text(b, a);
  g->title = text(b, a);
  g->score = number(b);
  g->weight = weight(b);
  g->previous = number(b);
  g->rules = array_of(b, a, 3, sizeof *g->rules, &g->rule_count);
  for (size_t r = 0; r < g->rule_count; r++) build_rule(b, a, &g->rules[r], 0);
}

static void build_context(odd_plan_bytes *b, arena *a, plan_authority *au) {
  au->context = array_of(b, a, 3, sizeof *au->context, &au->context_count);
  for (size_t i = 0; i < au->context_count; i++) build_rule(b, a, &au->context[i], 1);
}

static void build_actions(odd_plan_bytes *b, arena *a, plan_authority *au) {
  au->actions = array_of(b, a, 4, sizeof *au->actions, &au->action_count);
  for (size_t i = 0; i < au->action_count; i++) {
    plan_action *action = &au->actions[i];
    action->rank = (int)i + 1;
    action->id = text(b, a);
    action->ingredient = text(b, a);
    action->title = text(b, a);
    action->why = text(b, a);
    action->owner = text(b, a);
    action->effort = text(b, a);
    action->rule = text(b, a);
    action->gap = text(b, a);
    action->found_by = array_of(b, a, 3, sizeof *action->found_by, &action->found_by_count);
    for (size_t f = 0; f < action->found_by_count; f++) action->found_by[f] = text(b, a);
    action->survival = (int)(next(b) & 1);
    action->first = (int)(next(b) & 1);
    action->impact = number(b);
    action->priority = number(b);
    action->terms = (plan_priority_terms){number(b), number(b), number(b), number(b), number(b)};
  }
}

/* The id lists of the change since the previous assessment. */
static const char **id_list(odd_plan_bytes *b, arena *a, size_t *count) {
  const char **ids = array_of(b, a, 3, sizeof *ids, count);
  for (size_t i = 0; i < *count; i++) ids[i] = text(b, a);
  return ids;
}

static void build_findings(odd_plan_bytes *b, arena *a, plan_authority *au) {
  au->data_quality = array_of(b, a, 2, sizeof *au->data_quality, &au->data_quality_count);
  for (size_t i = 0; i < au->data_quality_count; i++)
    au->data_quality[i] = (plan_data_quality){text(b, a), text(b, a), text(b, a),
                                              (long)next(b), (int)(next(b) & 1)};
  au->customisations = array_of(b, a, 2, sizeof *au->customisations, &au->customisation_count);
  for (size_t i = 0; i < au->customisation_count; i++)
    au->customisations[i] = (plan_customisation){text(b, a), text(b, a), text(b, a)};
  au->previous_date = text(b, a);
  au->previous_score = number(b);
  au->previous_band = text(b, a);
  au->recurring_actions = id_list(b, a, &au->recurring_action_count);
  au->resolved_actions = id_list(b, a, &au->resolved_action_count);
}

static void build_authority(odd_plan_bytes *b, arena *a, plan_authority *au) {
  au->id = text(b, a);
  au->name = text(b, a);
  au->stage = text(b, a);
  au->pilot_end = next(b) & 1 ? "2023-09-30" : text(b, a);
  au->score = number(b);
  au->band = text(b, a);
  au->coverage = number(b);
  au->rule_coverage = number(b);
  au->ingredients = array_of(b, a, 4, sizeof *au->ingredients, &au->ingredient_count);
  for (size_t i = 0; i < au->ingredient_count; i++) build_ingredient(b, a, &au->ingredients[i]);
  build_context(b, a, au);
  build_actions(b, a, au);
  build_findings(b, a, au);
}

/* The words for young people (report_young.h): an evidence sentence with its figure's
 * place, without one, or none. */
static const char *plain_text(odd_plan_bytes *b, arena *a) {
  unsigned choice = next(b) % 4;
  if (choice == 0) return NULL;
  if (choice == 1) return "{value} of you " PLAN_PLAIN_VALUE " said so {value";
  if (choice == 2) return PLAN_PLAIN_VALUE;
  return text(b, a);
}

/* The audience and the plain words, read after the rest of the plan, so that inputs
 * written before they existed still build the plans they were written for. */
static void build_plain_words(odd_plan_bytes *b, arena *a, plan *p) {
  p->audience = next(b) & 1 ? AUDIENCE_YOUNG_PEOPLE : AUDIENCE_BOARD;
  for (size_t i = 0; i < p->authority_count; i++) {
    plan_authority *au = &p->authorities[i];
    for (size_t g = 0; g < au->ingredient_count; g++) {
      plan_ingredient *ingredient = &au->ingredients[g];
      ingredient->plain = plain_text(b, a);
      for (size_t r = 0; r < ingredient->rule_count; r++)
        for (size_t e = 0; e < ingredient->rules[r].evidence_count; e++)
          ingredient->rules[r].evidence[e].plain = plain_text(b, a);
    }
    for (size_t c = 0; c < au->context_count; c++)
      for (size_t e = 0; e < au->context[c].evidence_count; e++)
        au->context[c].evidence[e].plain = plain_text(b, a);
    for (size_t k = 0; k < au->action_count; k++) au->actions[k].plain = plain_text(b, a);
  }
}

plan *odd_plan_build(odd_plan_bytes *b) {
  arena *a = arena_new();
  plan *p = a ? arena_alloc(a, sizeof *p) : NULL;
  if (!p) {
    arena_free(a);
    return NULL;
  }
  p->arena = a;
  p->name = text(b, a);
  p->date = text(b, a);
  p->explain = (int)(next(b) & 1);
  p->history = (int)(next(b) & 1);
  p->bands = array_of(b, a, 3, sizeof *p->bands, &p->band_count);
  for (size_t i = 0; i < p->band_count; i++) /* highest first, as the model gives them */
    p->bands[i] = (plan_band){(double)(70 - 35 * (int)i) - (next(b) % 5), text(b, a),
                              next(b) & 1 ? text(b, a) : NULL};
  p->authorities = array_of(b, a, 3, sizeof *p->authorities, &p->authority_count);
  for (size_t i = 0; i < p->authority_count; i++) build_authority(b, a, &p->authorities[i]);
  p->errors = array_of(b, a, 2, sizeof *p->errors, &p->error_count);
  for (size_t i = 0; i < p->error_count; i++)
    p->errors[i] = (plan_error){text(b, a), text(b, a), text(b, a), (int)next(b) - 1, text(b, a)};
  build_plain_words(b, a, p);
  return p;
}

/* }====================================================================== */

/* ** {======================================================================
** Every writer, checked
** ======================================================================= */

typedef struct odd_writer {
  const char *name;
  report_format format;
  int color;    /* text with colour: its own escape codes are allowed */
  int markdown; /* the Markdown checks apply */
} odd_writer;

static const odd_writer WRITERS[] = {
    {"text", REPORT_TEXT, 0, 0},         {"text with colour", REPORT_TEXT, 1, 0},
    {"markdown", REPORT_MARKDOWN, 0, 1}, {"json", REPORT_JSON, 0, 0},
    {"csv", REPORT_CSV, 0, 0},           {"html", REPORT_HTML, 0, 0},
};

/* The writer's own colour codes, the only escape sequences it may write. */
static size_t own_color_code(const unsigned char *s, size_t length) {
  static const char *const CODES[] = {"\x1B[1m", "\x1B[32m", "\x1B[33m", "\x1B[31m", "\x1B[0m"};
  for (size_t i = 0; i < sizeof CODES / sizeof *CODES; i++) {
    size_t n = strlen(CODES[i]);
    if (n <= length && memcmp(s, CODES[i], n) == 0) return n;
  }
  return 0;
}

/* Whether the output is valid UTF-8 with nothing a terminal would obey or that would
 * reorder a line: no C0 control but tab, newline and carriage return (CSV's record end),
 * no DEL, no C1, no bidirectional override or isolate. */
static const char *check_displayable(const unsigned char *s, size_t length, int color) {
  for (size_t i = 0, step; i < length; i += step) {
    size_t own = color ? own_color_code(s + i, length - i) : 0;
    if (own) {
      step = own;
      continue;
    }
    if (utf8_next(s + i, length - i, &step) != UTF8_VALID) return "invalid UTF-8";
    if ((s[i] < 0x20 && s[i] != '\n' && s[i] != '\t' && s[i] != '\r') || s[i] == 0x7F)
      return "a control character";
    if (utf8_is_display_control(utf8_code_point(s + i, step)))
      return "a C1 control or a bidirectional override";
  }
  return NULL;
}

/* Markdown: no raw HTML, and every `[`, `]` and backquote escaped (an odd number of
 * backslashes before it): the writer's own markup uses none of them. */
static const char *check_markdown(const unsigned char *s, size_t length) {
  for (size_t i = 0; i < length; i++) {
    if (s[i] == '<') return "a raw <";
    if (s[i] != '[' && s[i] != ']' && s[i] != '`') continue;
    size_t backslashes = 0;
    while (backslashes < i && s[i - 1 - backslashes] == '\\') backslashes++;
    if (backslashes % 2 == 0) return "an unescaped [, ] or backquote";
  }
  return NULL;
}

int odd_plan_check_writers(const plan *p, char *problem, size_t problem_size) {
  for (size_t w = 0; w < sizeof WRITERS / sizeof *WRITERS; w++) {
    const odd_writer *writer = &WRITERS[w];
    char *bytes = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&bytes, &size);
    if (!out) {
      snprintf(problem, problem_size, "out of memory");
      return -1;
    }
    int status = writer->format == REPORT_TEXT
                     ? report_write_text(p, out, (report_text_style){writer->color, REPORT_TEXT_WIDTH})
                     : report_write(p, writer->format, out);
    if (fclose(out) != 0) status = -1;
    const unsigned char *output = (const unsigned char *)bytes;
    const char *wrong = status != 0 ? "the writer failed" : NULL;
    if (!wrong) wrong = check_displayable(output, size, writer->color);
    if (!wrong && writer->markdown) wrong = check_markdown(output, size);
    free(bytes);
    if (wrong) {
      snprintf(problem, problem_size, "%s: %s", writer->name, wrong);
      return -1;
    }
  }
  return 0;
}

/* }====================================================================== */
