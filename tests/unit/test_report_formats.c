/* test_report_formats.c: the CSV and HTML writers and the plain-English summary. CSV is
 * checked byte for byte and by reading it back with a small RFC 4180 reader written here;
 * HTML by its structure (every authority, action and ingredient present, balanced tags,
 * headers with scope, charts with words, no outside URL) rather than byte for byte, so
 * the page's look can change without rewriting the tests. The summary's sentences are
 * checked for every case the plan can present. tests/browser/ renders the HTML for real. */

/* cmocka.h needs these four first, in this order */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "plan.h"
#include "report.h"
#include "report_values.h"
#include "test_report_sample.h"

static size_t count_occurrences(const char *haystack, const char *needle) {
  size_t count = 0;
  for (const char *at = strstr(haystack, needle); at; at = strstr(at + 1, needle)) count++;
  return count;
}

/* ** {======================================================================
** A small RFC 4180 reader, strict where the writer must be: a quoted field ends at a
** quote followed by a comma, a line break or the end; a bare quote inside an unquoted
** field is an error. Records end with CRLF (LF alone is accepted, as readers do).
** ======================================================================= */

#define CSV_MAX_RECORDS 32
#define CSV_MAX_FIELDS 24

typedef struct csv_table {
  size_t record_count;
  size_t field_count[CSV_MAX_RECORDS];
  char *fields[CSV_MAX_RECORDS][CSV_MAX_FIELDS];
  int crlf_only; /* every record ended with CRLF */
} csv_table;

/* Parses text into t. Returns 0, or -1 at the first malformed byte. */
static int csv_parse(const char *text, csv_table *t) {
  memset(t, 0, sizeof *t);
  t->crlf_only = 1;
  if (strncmp(text, "\xEF\xBB\xBF", 3) == 0) text += 3; /* the byte order mark */
  const char *at = text;
  while (*at) {
    if (t->record_count == CSV_MAX_RECORDS) return -1;
    size_t record = t->record_count++;
    for (;;) {
      if (t->field_count[record] == CSV_MAX_FIELDS) return -1;
      size_t capacity = strlen(at) + 1, length = 0;
      char *field = malloc(capacity);
      assert_non_null(field);
      t->fields[record][t->field_count[record]++] = field;
      if (*at == '"') {
        at++;
        for (;;) {
          if (*at == '\0') return -1; /* unterminated */
          if (*at == '"' && at[1] == '"') {
            field[length++] = '"';
            at += 2;
          } else if (*at == '"') {
            at++;
            break;
          } else {
            field[length++] = *at++;
          }
        }
      } else {
        while (*at && *at != ',' && *at != '\r' && *at != '\n') {
          if (*at == '"') return -1; /* a quote in an unquoted field */
          field[length++] = *at++;
        }
      }
      field[length] = '\0';
      if (*at == ',') {
        at++;
        continue;
      }
      if (at[0] == '\r' && at[1] == '\n') {
        at += 2;
      } else if (*at == '\n') {
        t->crlf_only = 0;
        at++;
      } else if (*at != '\0') {
        return -1; /* something after a closing quote */
      } else {
        t->crlf_only = 0; /* the last record without its line end */
      }
      break;
    }
  }
  return 0;
}

static void csv_free(csv_table *t) {
  for (size_t r = 0; r < CSV_MAX_RECORDS; r++)
    for (size_t f = 0; f < CSV_MAX_FIELDS; f++) free(t->fields[r][f]);
}

static void test_csv_reader_itself(void **state) {
  (void)state;
  csv_table t;
  assert_int_equal(csv_parse("a,\"b,\"\"c\"\"\r\nd\",\r\n", &t), 0);
  assert_int_equal(t.record_count, 1);
  assert_int_equal(t.field_count[0], 3);
  assert_string_equal(t.fields[0][1], "b,\"c\"\r\nd");
  assert_string_equal(t.fields[0][2], "");
  assert_true(t.crlf_only);
  csv_free(&t);
  assert_int_equal(csv_parse("a\"b\r\n", &t), -1);
  csv_free(&t);
  assert_int_equal(csv_parse("\"ab\"c\r\n", &t), -1);
  csv_free(&t);
  assert_int_equal(csv_parse("\"open\r\n", &t), -1);
  csv_free(&t);
}

/* }====================================================================== */

/* ** {======================================================================
** CSV.
** ======================================================================= */

static const char *const golden_csv =
    "\xEF\xBB\xBF"
    "authority,rank,id,ingredient,title,owner,effort,impact,priority,why,first,survival,gap,"
    "found_by,authority_name,ingredient_title\r\n"
    "northshire,1,coproduction.close_the_loop,coproduction,Report back to the care leavers' "
    "council what changed because of them,participation lead,low,15.0,22.5,Only half of "
    "co-production activities changed a decision (0.5).,yes,no,coproduction.close_the_loop,"
    "coproduction.voice_changes_decisions coproduction.continuity,Northshire County Council,"
    "coproduction\r\n"
    "northshire,2,receptivity.protect_time,receptivity,Give frontline staff protected time to "
    "try new ideas,head of service,medium,10.0,8.3,Fewer than half of staff feel safe to try new "
    "ideas (0.4167).,no,no,receptivity.protect_time,receptivity.staff_climate,Northshire County "
    "Council,Organisational receptivity\r\n";

static void test_csv_golden(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  char *out = render(p, write_csv);
  assert_string_equal(out, golden_csv);
  free(out);
  /* --explain keeps the sixteen columns as they are and adds the priority's terms after
   * them */
  p->explain = 1;
  out = render(p, write_csv);
  const char *want = golden_csv, *got = out;
  for (int line = 0; *want; line++) {
    size_t length = strcspn(want, "\r");
    assert_memory_equal(got, want, length);
    const char *extra = got + length;
    if (line == 0) {
      const char *terms = ",stage_weight,weakness,urgency,effort_cost\r\n";
      assert_memory_equal(extra, terms, strlen(terms));
    } else {
      int commas = 0;
      while (*extra != '\r') commas += *extra++ == ',';
      assert_int_equal(commas, 4);
    }
    want += length + 2;
    got = strchr(got + length, '\n') + 1;
  }
  free(out);
  plan_free(p);
}

/* Every action of every authority is one record, in plan order, with the plan's values:
 * the same text the JSON plan carries, and the same number formats. */
static void assert_csv_matches_plan(const plan *p, const char *csv, const char *json) {
  static const char *const header[] = {"authority", "rank",     "id",    "ingredient",
                                       "title",     "owner",    "effort", "impact",
                                       "priority",  "why",      "first", "survival",
                                       "gap",       "found_by", "authority_name",
                                       "ingredient_title"};
  csv_table t;
  assert_int_equal(csv_parse(csv, &t), 0);
  assert_true(t.crlf_only);
  size_t actions = 0;
  for (size_t i = 0; i < p->authority_count; i++) actions += p->authorities[i].action_count;
  assert_int_equal(t.record_count, 1 + actions);
  assert_int_equal(t.field_count[0], 16);
  for (size_t c = 0; c < 16; c++) assert_string_equal(t.fields[0][c], header[c]);

  size_t record = 1;
  for (size_t i = 0; i < p->authority_count; i++) {
    const plan_authority *a = &p->authorities[i];
    for (size_t k = 0; k < a->action_count; k++, record++) {
      const plan_action *action = &a->actions[k];
      char rank[16], impact[REPORT_VALUE_SIZE], priority[REPORT_VALUE_SIZE], found_by[512] = "";
      snprintf(rank, sizeof rank, "%d", action->rank);
      for (size_t f = 0; f < action->found_by_count; f++)
        snprintf(found_by + strlen(found_by), sizeof found_by - strlen(found_by), "%s%s",
                 f ? " " : "", action->found_by[f]);
      const char *expected[16] = {a->id,
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
      assert_int_equal(t.field_count[record], 16);
      for (size_t c = 0; c < 16; c++) assert_string_equal(t.fields[record][c], expected[c]);
      if (json) {
        /* the JSON plan holds the same action with the same figures */
        char member[REPORT_VALUE_SIZE + 64];
        snprintf(member, sizeof member, "\"id\": \"%s\",", t.fields[record][2]);
        assert_non_null(strstr(json, member));
        snprintf(member, sizeof member, "\"impact\": %s,\n", t.fields[record][7]);
        assert_non_null(strstr(json, member));
        snprintf(member, sizeof member, "\"priority\": %s", t.fields[record][8]);
        assert_non_null(strstr(json, member));
      }
    }
  }
  csv_free(&t);
}

static void test_csv_parses_back(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  char *csv = render(p, write_csv);
  char *json = render(p, write_json);
  assert_csv_matches_plan(p, csv, json);
  free(csv);
  free(json);
  plan_free(p);
}

/* Commas, quotes, line breaks and edge spaces are quoted and read back intact; control
 * characters (a bell becomes U+FFFD) and invalid UTF-8 are cleaned; a formula is defused. */
static void test_csv_quoting(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  plan_action *action = &p->authorities[0].actions[0];
  action->title = "Say \"thank you\", then act";
  action->why = "line one\nline two";
  action->owner = " padded ";
  action->effort = "=HYPERLINK(\"x\")";
  action->ingredient = "bell\a and \xff byte";
  p->authorities[0].actions[1].owner = NULL;
  p->authorities[0].actions[1].title = "Plan, then act";
  char *csv = render(p, write_csv);
  assert_non_null(strstr(csv, ",\"Plan, then act\","));
  assert_non_null(strstr(csv, ",\"Say \"\"thank you\"\", then act\","));
  assert_non_null(strstr(csv, ",\"line one\nline two\",yes,"));
  assert_non_null(strstr(csv, ",\" padded \","));
  assert_non_null(strstr(csv, ",\"'=HYPERLINK(\"\"x\"\")\","));
  assert_null(strchr(csv, '\a'));

  csv_table t;
  assert_int_equal(csv_parse(csv, &t), 0);
  assert_int_equal(t.record_count, 3);
  assert_string_equal(t.fields[1][3], "bell\xEF\xBF\xBD and \xEF\xBF\xBD byte");
  assert_string_equal(t.fields[1][4], "Say \"thank you\", then act");
  assert_string_equal(t.fields[1][5], " padded ");
  assert_string_equal(t.fields[1][6], "'=HYPERLINK(\"x\")");
  assert_string_equal(t.fields[1][9], "line one\nline two");
  assert_string_equal(t.fields[2][4], "Plan, then act");
  assert_string_equal(t.fields[2][5], ""); /* a missing owner is an empty field */
  csv_free(&t);
  free(csv);
  plan_free(p);
}

/* A plan without actions is a header alone; actions across authorities come in plan
 * order, each row naming its authority. */
static void test_csv_rows_per_authority(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  p->authorities[1].actions = p->authorities[0].actions + 1;
  p->authorities[1].action_count = 1;
  char *csv = render(p, write_csv);
  assert_csv_matches_plan(p, csv, NULL);
  assert_non_null(strstr(csv, "\r\nsouthvale,2,receptivity.protect_time,"));
  free(csv);
  p->authorities[0].action_count = 0;
  p->authorities[1].action_count = 0;
  csv = render(p, write_csv);
  assert_string_equal(csv, "\xEF\xBB\xBF"
                           "authority,rank,id,ingredient,title,owner,effort,impact,priority,why,"
                           "first,survival,gap,found_by,authority_name,ingredient_title\r\n");
  free(csv);
  plan_free(p);
}

/* }====================================================================== */

/* ** {======================================================================
** HTML: structure.
** ======================================================================= */

/* Elements that have no end tag in HTML. */
static int is_void_element(const char *name, size_t length) {
  static const char *const names[] = {"meta", "br", "img", "link", "input", "hr", NULL};
  for (const char *const *n = names; *n; n++)
    if (strlen(*n) == length && strncmp(*n, name, length) == 0) return 1;
  return 0;
}

/* Every element opened is closed, in order; SVG's empty elements close themselves
 * ("<circle .../>"). Fails the test at the first mismatch. Also: no '<' or '>' left in
 * text or attributes other than tags, since plan text is escaped. */
static void assert_balanced_tags(const char *page) {
  char stack[64][32];
  size_t depth = 0;
  const char *at = page;
  while ((at = strchr(at, '<'))) {
    const char *end = strchr(at, '>');
    assert_non_null(end);
    assert_null(memchr(at + 1, '<', (size_t)(end - at - 1))); /* a stray '<' inside a tag */
    if (at[1] == '!') {                                       /* the doctype */
      at = end + 1;
      continue;
    }
    int closing = at[1] == '/';
    const char *name = at + 1 + closing;
    size_t length = 0;
    while (isalnum((unsigned char)name[length])) length++;
    assert_true(length > 0 && length < 32);
    if (closing) {
      if (depth == 0 || strlen(stack[depth - 1]) != length ||
          strncmp(stack[depth - 1], name, length) != 0) {
        print_error("</%.*s> closes <%s>\n", (int)length, name, depth ? stack[depth - 1] : "");
        fail();
      }
      depth--;
    } else if (end[-1] != '/' && !is_void_element(name, length)) {
      assert_true(depth < 64);
      memcpy(stack[depth], name, length);
      stack[depth++][length] = '\0';
    }
    /* inside <style> only CSS follows: skip to its end tag */
    if (!closing && length == 5 && strncmp(name, "style", 5) == 0) {
      at = strstr(end, "</style>");
      assert_non_null(at);
      continue;
    }
    at = end + 1;
  }
  assert_int_equal(depth, 0);
}

/* The value of every attribute `name="..."` must satisfy ok(). */
static void assert_attributes(const char *page, const char *name,
                              int (*ok)(const char *value, size_t length)) {
  char pattern[32];
  snprintf(pattern, sizeof pattern, " %s=\"", name);
  for (const char *at = strstr(page, pattern); at; at = strstr(at + 1, pattern)) {
    const char *value = at + strlen(pattern);
    const char *end = strchr(value, '"');
    assert_non_null(end);
    if (!ok(value, (size_t)(end - value))) {
      print_error("%s=\"%.*s\"\n", name, (int)(end - value), value);
      fail();
    }
  }
}

/* A link within the page: a fragment, never a scheme or a network path. */
static int is_local_reference(const char *value, size_t length) {
  return length > 1 && value[0] == '#' && !memchr(value, '/', length) &&
         !memchr(value, ':', length);
}

/* No outside reference at all: no URL with a scheme, no protocol-relative "//" in src or
 * href, nothing a browser would fetch (script, import, CSS url()). */
static void assert_self_contained(const char *page) {
  assert_null(strstr(page, "http://"));
  assert_null(strstr(page, "https://"));
  assert_null(strstr(page, "<script"));
  assert_null(strstr(page, "@import"));
  assert_null(strstr(page, "url("));
  assert_null(strstr(page, " src=\""));
  assert_attributes(page, "href", is_local_reference);
  assert_attributes(page, "src", is_local_reference);
}

/* Every id is used once, and every aria-labelledby names ids that exist. */
static void assert_ids_unique_and_referenced(const char *page) {
  for (const char *at = strstr(page, " id=\""); at; at = strstr(at + 1, " id=\"")) {
    const char *value = at + 5;
    size_t length = strcspn(value, "\"");
    char needle[96];
    assert_true(length + 7 < sizeof needle);
    snprintf(needle, sizeof needle, " id=\"%.*s\"", (int)length, value);
    assert_int_equal(count_occurrences(page, needle), 1);
  }
  for (const char *at = strstr(page, "aria-labelledby=\""); at;
       at = strstr(at + 1, "aria-labelledby=\"")) {
    const char *value = at + strlen("aria-labelledby=\"");
    const char *end = strchr(value, '"');
    while (value < end) {
      size_t length = strcspn(value, " \"");
      char needle[96];
      snprintf(needle, sizeof needle, " id=\"%.*s\"", (int)length, value);
      assert_non_null(strstr(page, needle));
      value += length + (value[length] == ' ');
    }
  }
}

/* Every <th> says whether it heads a column or a row; every table has a header row. */
static void assert_table_headers(const char *page) {
  for (const char *at = strstr(page, "<th"); at; at = strstr(at + 1, "<th")) {
    if (at[3] == 'e') continue; /* <thead> */
    assert_true(strncmp(at, "<th scope=\"col\"", 15) == 0 ||
                strncmp(at, "<th scope=\"row\"", 15) == 0);
  }
  assert_int_equal(count_occurrences(page, "<table"), count_occurrences(page, "<thead>"));
}

/* Every chart is an image with a title and a description: words for those who cannot
 * see it. */
static void assert_charts_have_words(const char *page, size_t expected) {
  assert_int_equal(count_occurrences(page, "<svg "), expected);
  for (const char *at = strstr(page, "<svg "); at; at = strstr(at + 1, "<svg ")) {
    const char *end = strstr(at, "</svg>");
    assert_non_null(end);
    assert_non_null(strstr(at, "role=\"img\""));
    const char *title = strstr(at, "<title id=\"");
    const char *desc = strstr(at, "<desc id=\"");
    assert_true(title && title < end && desc && desc < end);
    assert_true(strchr(title, '>')[1] != '<'); /* not empty */
    assert_true(strchr(desc, '>')[1] != '<');
  }
}

/* s as the page shows it: the five characters HTML escapes, escaped. */
static const char *escaped(const char *s, char *out, size_t size) {
  size_t length = 0;
  for (; *s; s++) {
    const char *piece = *s == '&'    ? "&amp;"
                        : *s == '<'  ? "&lt;"
                        : *s == '>'  ? "&gt;"
                        : *s == '"'  ? "&quot;"
                        : *s == '\'' ? "&#39;"
                                     : NULL;
    size_t n = piece ? strlen(piece) : 1;
    assert_true(length + n < size);
    memcpy(out + length, piece ? piece : s, n);
    length += n;
  }
  out[length] = '\0';
  return out;
}

static void test_html_structure(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  char *page = render(p, write_html);
  assert_true(strncmp(page, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n", 36) == 0);
  assert_non_null(strstr(page, "<meta charset=\"utf-8\">"));
  assert_non_null(strstr(page, "Content-Security-Policy\" content=\"default-src 'none'"));
  assert_non_null(strstr(page, "<title>Care leaver services: sustainability review 2024</title>"));
  assert_non_null(strstr(page, "@page{size:A4"));
  assert_balanced_tags(page);
  assert_self_contained(page);
  assert_ids_unique_and_referenced(page);
  assert_table_headers(page);
  /* a radar and a band scale per authority */
  assert_charts_have_words(page, 4);
  assert_int_equal(count_occurrences(page, "<h1>"), 1);

  /* every authority, action, ingredient and rule is on the page */
  for (size_t i = 0; i < p->authority_count; i++) {
    const plan_authority *a = &p->authorities[i];
    char needle[512], text[256];
    snprintf(needle, sizeof needle, "-heading\">%s</h2>", escaped(a->name, text, sizeof text));
    assert_non_null(strstr(page, needle));
    for (size_t k = 0; k < a->action_count; k++) {
      const plan_action *action = &a->actions[k];
      snprintf(needle, sizeof needle, "<th scope=\"row\">%s</th>",
               escaped(action->title, text, sizeof text));
      assert_non_null(strstr(page, needle));
      snprintf(needle, sizeof needle, "<td class=\"wide\"><p>%s</p>",
               escaped(action->why, text, sizeof text));
      assert_non_null(strstr(page, needle));
    }
    for (size_t k = 0; k < a->context_count; k++) {
      snprintf(needle, sizeof needle, "<h4>%s</h4>",
               escaped(report_rule_name(&a->context[k]), text, sizeof text));
      assert_non_null(strstr(page, needle));
    }
    for (size_t k = 0; k < a->ingredient_count; k++) {
      /* the ingredients table names each by its title, for people */
      snprintf(needle, sizeof needle, "<tr><th scope=\"row\">%s</th>",
               escaped(report_ingredient_name(&a->ingredients[k]), text, sizeof text));
      assert_non_null(strstr(page, needle));
      for (size_t r = 0; r < a->ingredients[k].rule_count; r++) {
        snprintf(needle, sizeof needle, "<code>%s</code>", a->ingredients[k].rules[r].id);
        assert_non_null(strstr(page, needle));
      }
    }
  }
  /* evidence per ingredient, folded */
  assert_int_equal(count_occurrences(page, "<details>"), 4);
  /* the actions to do first, then the rest under their ingredient; the rules that found
   * each; how care leavers are doing */
  const char *first = strstr(page, "<h3>Do first</h3>");
  const char *rest = strstr(page, "<h3>The rest of the plan, by ingredient</h3>");
  const char *context = strstr(page, "<h3>How care leavers are doing</h3>");
  assert_true(first && rest && context && first < rest && rest < context);
  assert_non_null(strstr(rest, "<h4>Organisational receptivity</h4>"));
  assert_non_null(strstr(page, "<p class=\"found-by\">Found by: "
                               "coproduction.voice_changes_decisions; "
                               "coproduction.continuity</p>"));
  assert_non_null(strstr(context, "<span class=\"status status-failed\">failed</span> "
                                  "rules/ingredients/outcomes.lua:120"));
  /* the plain-English summary, once per authority */
  assert_int_equal(count_occurrences(page, ">What we found and what we will do</h3>"), 2);
  assert_non_null(strstr(page,
                         "<li>Report back to the care leavers&#39; council what changed "
                         "because of them (led by the participation lead)</li>"));
  /* the stage weights are on the radar (where a phone may hide them), its words and the
   * table */
  assert_non_null(strstr(page, "coproduction 71.3 (stage weight 1.5)"));
  assert_non_null(strstr(page, "71.3<tspan class=\"weight\"> \xC2\xB7 weight 1.5</tspan>"));
  /* phones and paper: every table in its own scrolling box; each authority's summary,
   * then the rest as its appendix; the charts say how wide they are drawn */
  assert_int_equal(count_occurrences(page, "<div class=\"table-wrap\">\n<table"),
                   count_occurrences(page, "<table"));
  assert_non_null(strstr(page, "@media print{"));
  assert_non_null(strstr(page, "@media (max-width:30rem){"));
  assert_int_equal(count_occurrences(page, "<div class=\"authority-summary\">"),
                   p->authority_count);
  assert_int_equal(count_occurrences(page, "<div class=\"authority-detail\">"),
                   p->authority_count);
  for (const char *at = strstr(page, "<div class=\"authority-summary\">"); at;
       at = strstr(at + 1, "<div class=\"authority-summary\">")) {
    const char *detail = strstr(at, "<div class=\"authority-detail\">");
    const char *summary = strstr(at, ">What we found and what we will do</h3>");
    const char *ingredients = strstr(at, ">Ingredients</h3>");
    const char *first_actions = strstr(at, "<h3>Do first</h3>");
    assert_true(summary && ingredients && detail && first_actions);
    assert_true(summary < detail && ingredients < detail && detail < first_actions);
  }
  assert_int_equal(count_occurrences(page, "style=\"--chart-units:"), 4); /* each chart its width */
  /* the overall score against the thresholds */
  assert_non_null(strstr(page,
                         "Overall score 64.8 out of 100, in the band fragile. Bands: "
                         "likely sustained from 70, fragile from 40, at risk of "
                         "pilotitis from 0."));
  assert_non_null(strstr(page, "<line class=\"marker\""));
  assert_non_null(strstr(page, "No overall score: too little could be assessed."));
  free(page);
  plan_free(p);
}

/* Rules not assessed and failed are flagged where they are listed and in the evidence;
 * suppressed counts say so in words. */
static void test_html_flags_and_suppression(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  char *page = render(p, write_html);
  assert_non_null(strstr(page, "<h3>Rules not assessed</h3>"));
  assert_non_null(strstr(page, "<h3>Failed rules</h3>"));
  assert_non_null(strstr(page,
                         "<span class=\"status status-not-assessed\">not assessed</span> "
                         "no source provides the table &#39;participation_history&#39;"));
  assert_non_null(strstr(page,
                         "<span class=\"status status-failed\">failed</span> "
                         "rules/ingredients/measurement.lua:42: attempt to index a nil value"));
  assert_non_null(strstr(page, "<span class=\"status status-not-assessed\">1 not assessed</span>"));
  assert_non_null(strstr(page, "<span class=\"status status-failed\">1 failed</span>"));
  assert_non_null(strstr(page, "<td class=\"number flagged\" data-label=\"Not assessed\">1</td>"));
  /* a rule of weight 0 is shown beside the others, and says it does not count */
  assert_non_null(strstr(page, ">70.0 <small>(weight 0: not counted)</small></td>"));
  /* suppressed evidence and a suppressed data-quality count; the footer explains "c" */
  const char *suppressed = "<span class=\"suppressed\">c <small>(suppressed)</small></span>";
  assert_int_equal(count_occurrences(page, suppressed), 3); /* one in the context */
  assert_non_null(strstr(page, "Activities that changed a decision: "));
  /* shares read as percentages */
  assert_non_null(strstr(page, "<li>Share of staff who feel safe to try new ideas: 42%</li>"));
  assert_non_null(strstr(page, "<li>England, aged 19 to 21: 54%</li>"));
  assert_non_null(strstr(page, "marks a small number that is suppressed"));
  assert_null(strstr(page, ">3</td><td>IN_TOUCH")); /* the count itself never shows */
  /* errors outside the authorities */
  assert_non_null(strstr(page, "<h2 id=\"errors-heading\">Errors</h2>"));
  assert_non_null(strstr(page, "<td>rules/ingredients/measurement.lua:42</td>"));
  free(page);
  plan_free(p);
}

/* Several authorities: a comparison first, with a league table (best first, unscored
 * last) and a heatmap with a column per ingredient; one authority: neither. */
static void test_html_comparison(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  char *page = render(p, write_html);
  const char *comparison = strstr(page, "<section id=\"comparison\"");
  const char *first_authority = strstr(page, "<section class=\"authority\"");
  assert_non_null(comparison);
  assert_true(comparison < first_authority);
  assert_non_null(strstr(page, "<nav aria-label=\"Contents\">"));
  assert_non_null(strstr(page,
                         "<tr><td class=\"number\" data-label=\"Position\">1</td><th "
                         "scope=\"row\"><a href=\"#authority-1\">Northshire County "
                         "Council</a></th><td class=\"number\" data-label=\"Score\">64.8</td><td "
                         "class=\"band-middle\" data-label=\"Band\">fragile</td>"));
  assert_non_null(strstr(page,
                         "<tr><td class=\"number\" data-label=\"Position\">-</td><th "
                         "scope=\"row\"><a href=\"#authority-2\">Southvale Borough "
                         "Council</a></th><td class=\"number\" data-label=\"Score\">not "
                         "assessed</td><td class=\"band-none\" data-label=\"Band\">not "
                         "assessed</td>"));
  /* heatmap: receptivity, coproduction, measurement once each; southvale has only one;
   * on a phone each cell names its column */
  const char *heatmap = strstr(page, "<table class=\"heatmap stack\">");
  assert_non_null(heatmap);
  assert_non_null(strstr(heatmap,
                         "<th scope=\"col\">Organisational receptivity</th><th "
                         "scope=\"col\">coproduction</th><th scope=\"col\">measurement</th></tr>"));
  assert_non_null(strstr(heatmap,
                         "<th scope=\"row\">Northshire County Council</th><td "
                         "data-label=\"Organisational receptivity\" class=\"band-middle\">55.0</td>"
                         "<td data-label=\"coproduction\" class=\"band-top\">71.3</td><td "
                         "data-label=\"measurement\" class=\"band-none\">not assessed</td></tr>"));
  assert_non_null(strstr(heatmap,
                         "<th scope=\"row\">Southvale Borough Council</th><td "
                         "data-label=\"Organisational receptivity\" class=\"band-none\">not "
                         "assessed</td><td data-label=\"coproduction\">-</td><td "
                         "data-label=\"measurement\">-</td></tr>"));
  free(page);

  /* a higher score climbs the league */
  p->authorities[1].score = 80;
  p->authorities[1].band = "likely sustained";
  page = render(p, write_html);
  const char *south = strstr(page,
                             "<tr><td class=\"number\" data-label=\"Position\">1</td><th "
                             "scope=\"row\"><a href=\"#authority-2\">");
  assert_non_null(south);
  free(page);

  p->authority_count = 1;
  page = render(p, write_html);
  assert_null(strstr(page, "id=\"comparison\""));
  assert_null(strstr(page, "<nav"));
  assert_balanced_tags(page);
  free(page);
  plan_free(p);
}

/* Plan text is escaped everywhere: in content, in attributes, in the charts. */
static void test_html_escaping(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  p->name = "Review <script>alert(1)</script> & \"friends\"";
  p->date = "2024\" onload=\"x";
  p->authorities[0].name = "North<b>shire</b>";
  p->authorities[0].ingredients[0].id = "recep'tivity";
  p->authorities[0].ingredients[0].title = "recep'tivity";
  p->authorities[0].actions[0].title = "bad \xff byte\a<img src=x>";
  p->authorities[0].actions[0].why = "line one\nline two";
  p->bands[1].label = "frag<ile>";
  char *page = render(p, write_html);
  assert_balanced_tags(page);
  assert_self_contained(page);
  assert_null(strstr(page, "<script"));
  assert_null(strstr(page, "<img"));
  assert_null(strstr(page, "<b>"));
  assert_null(strchr(page, '\a'));
  assert_non_null(strstr(page,
                         "<title>Review &lt;script&gt;alert(1)&lt;/script&gt; &amp; "
                         "&quot;friends&quot;</title>"));
  assert_non_null(strstr(page, "<time datetime=\"2024&quot; onload=&quot;x\">"));
  assert_non_null(strstr(page, "Ingredient scores of North&lt;b&gt;shire&lt;/b&gt;</title>"));
  assert_non_null(strstr(page, "dy=\"-1.45em\">recep&#39;tivity</tspan>"));
  assert_non_null(strstr(page, "bad \xEF\xBF\xBD byte\xEF\xBF\xBD&lt;img src=x&gt;"));
  assert_non_null(strstr(page, "line one line two"));
  assert_non_null(strstr(page, "frag&lt;ile&gt;"));
  free(page);
  plan_free(p);
}

/* --explain adds each action's priority terms and each rule's cost. */
static void test_html_explain(void **state) {
  (void)state;
  plan *p = sample_plan(1);
  char *page = render(p, write_html);
  assert_balanced_tags(page);
  assert_table_headers(page);
  assert_non_null(strstr(page, "<th scope=\"col\">Priority terms</th>"));
  assert_non_null(strstr(page,
                         "impact 15.0 \xC3\x97 stage weight 1.5 \xC3\x97 weakness 0.2875 "
                         "\xC3\x97 urgency 1.25 \xC3\xB7 effort cost 1"));
  assert_non_null(strstr(page, "<th scope=\"col\" class=\"number\">Instructions</th>"));
  assert_non_null(strstr(page, "<td class=\"number\" data-label=\"Weight\">1.0</td><td "
                               "class=\"number\" data-label=\"Seconds\">0.0012</td><td "
                               "class=\"number\" data-label=\"Instructions\">15000 to 15999</td>"));
  /* the arithmetic from the rules' scores to the band */
  assert_non_null(strstr(page, "<h3>How the scores are worked out</h3>\n<ul class=\"explain\">"));
  assert_non_null(strstr(page, "<li>Organisational receptivity: (55.0 \xC3\x97 1.0) / 1.0 = 55.0; "
                               "not counted: 1 of weight 0</li>"));
  assert_non_null(strstr(page, "(55.0 \xC3\x97 1.0 + 71.3 \xC3\x97 1.5) / 2.5 = 64.8; not counted: "
                               "measurement (not scored)</li>"));
  assert_non_null(strstr(page, "<li>Band: 64.8 is at least 40 and below 70: fragile</li>"));
  free(page);
  p->explain = 0;
  page = render(p, write_html);
  assert_null(strstr(page, "Priority terms"));
  assert_null(strstr(page, "Instructions"));
  assert_null(strstr(page, "How the scores"));
  free(page);
  plan_free(p);
}

/* The radar joins only the scored ingredients; with no bands the scale is one grey bar. */
static void test_html_chart_edge_cases(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  char *page = render(p, write_html);
  /* northshire: two scores of three: a line, not a polygon; southvale: none, no shape */
  assert_int_equal(count_occurrences(page, "<polyline class=\"scores\""), 1);
  assert_int_equal(count_occurrences(page, "<polygon class=\"scores\""), 0);
  assert_int_equal(count_occurrences(page, "<circle class=\"point\""), 2);
  assert_int_equal(count_occurrences(page, "<circle class=\"threshold\""), 4); /* 40, 70 twice */
  free(page);

  p->authorities[0].ingredients[2].score = 150; /* out of range: drawn at the rim */
  p->band_count = 0;
  p->authorities[1].ingredient_count = 0;
  page = render(p, write_html);
  assert_balanced_tags(page);
  assert_int_equal(count_occurrences(page, "<polygon class=\"scores\""), 1);
  assert_int_equal(count_occurrences(page, "<circle class=\"threshold\""), 0);
  assert_non_null(strstr(page, "<rect class=\"segment band-none\""));
  assert_int_equal(count_occurrences(page, "<svg "), 3); /* southvale: the scale alone */
  assert_ids_unique_and_referenced(page);
  free(page);
  plan_free(p);
}

/* With a history, each authority's scores over time: points on a time scale, a gap where a
 * score is missing, the pilot's end and the thresholds marked, words and a table; one point
 * is said in words, not drawn; a date that does not read is not charted. */
static void trend_of(plan *p, plan_authority *a, const char *const *dates, size_t count) {
  a->trend.dates = arena_alloc(p->arena, count * sizeof(char *));
  a->trend.scores = arena_alloc(p->arena, count * sizeof(double));
  a->trend.ingredients = arena_alloc(p->arena, a->ingredient_count * sizeof(double *));
  for (size_t i = 0; i < a->ingredient_count; i++)
    a->trend.ingredients[i] = arena_alloc(p->arena, count * sizeof(double));
  for (size_t k = 0; k < count; k++) {
    a->trend.dates[k] = dates[k];
    a->trend.scores[k] = 40.0 + 10.0 * (double)k;
    for (size_t i = 0; i < a->ingredient_count; i++)
      a->trend.ingredients[i][k] = k == 0 && i == 1 ? NAN : 30.0 + 5.0 * (double)(k + i);
  }
  a->trend.point_count = count;
}

static void test_html_trend(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  static const char *const dates[] = {"2021-03-31", "2023-03-31", "2024-03-31"};
  p->history = 1;
  plan_authority *north = &p->authorities[0], *south = &p->authorities[1];
  north->pilot_end = "2022-03-31";
  north->name = "North <&> \"shire\"";
  trend_of(p, north, dates, 3);
  trend_of(p, south, dates + 2, 1);
  char *page = render(p, write_html);
  assert_balanced_tags(page);
  assert_self_contained(page);
  assert_ids_unique_and_referenced(page);
  assert_table_headers(page);
  assert_int_equal(count_occurrences(page, "<h3>Scores over time</h3>"), 2);
  /* the chart alone, without its legend's samples */
  char *chart = strdup(strstr(page, "<svg class=\"trend\""));
  *strstr(chart, "</svg>") = '\0';
  assert_int_equal(count_occurrences(page, "<svg class=\"trend\""), 1);
  assert_non_null(strstr(page, "<title id=\"trend-1-title\">Scores of North &lt;&amp;&gt; "
                               "&quot;shire&quot; over time</title>"));
  assert_non_null(strstr(page, "Overall score out of 100 at each assessment: 40.0 on "
                               "2021-03-31; 50.0 on 2023-03-31; 60.0 on 2024-03-31."));
  /* three points: 2021 to 2023 is twice as wide as 2023 to 2024 (two years to one) */
  double x[3];
  const char *at = page;
  for (int k = 0; k < 3; k++) {
    at = strstr(at, "<circle class=\"trend-overall\" cx=\"");
    assert_non_null(at);
    at += strlen("<circle class=\"trend-overall\" cx=\"");
    x[k] = strtod(at, NULL);
  }
  assert_true(fabs((x[1] - x[0]) / (x[2] - x[1]) - 730.0 / 366.0) < 0.01);
  /* the ingredient without a score at the first point starts at the second */
  assert_int_equal(count_occurrences(chart, "<path class=\"trend-line trend-line-"), 3);
  assert_int_equal(count_occurrences(chart, "<circle class=\"trend-line trend-line-1\""), 2);
  assert_int_equal(count_occurrences(chart, "<line class=\"pilot-end\""), 1);
  assert_non_null(strstr(chart, ">pilot end 2022-03-31</text>"));
  /* the bands 70, 40, 0: two thresholds */
  assert_int_equal(count_occurrences(chart, "<line class=\"threshold\""), 2);
  free(chart);
  assert_non_null(strstr(page, "Band thresholds: fragile from 40, likely sustained from 70."));
  assert_non_null(strstr(page, "<time datetime=\"2024-03-31\">2024-03-31</time> "
                               "<small>(this assessment)</small>"));
  assert_non_null(strstr(page, "Only one assessment is recorded, on <time "
                               "datetime=\"2024-03-31\">2024-03-31</time>"));
  free(page);

  /* a short span is ticked by month, a long one every few years: a handful of ticks */
  static const char *const months[] = {"2023-11-15", "2024-01-20", "2024-03-31"};
  static const char *const decades[] = {"2001-03-31", "2012-03-31", "2024-03-31"};
  const char *const *spans[] = {months, decades};
  for (size_t i = 0; i < 2; i++) {
    for (size_t k = 0; k < 3; k++) north->trend.dates[k] = spans[i][k];
    page = render(p, write_html);
    size_t ticks = count_occurrences(page, "<text class=\"tick date-tick\"");
    assert_true(ticks >= 3 && ticks <= 9);
    assert_non_null(strstr(page, i == 0 ? ">2024-01</text>" : ">2012</text>"));
    assert_null(strstr(page, i == 0 ? ">2024</text>" : ">2013</text>"));
    free(page);
  }

  north->trend.dates[0] = "31/03/2021"; /* not a date this chart reads: not charted */
  page = render(p, write_html);
  assert_int_equal(count_occurrences(page, "<svg class=\"trend\""), 0);
  assert_non_null(strstr(page, "do not read as dates, so they are not charted"));
  assert_balanced_tags(page);
  free(page);
  plan_free(p);
}

/* report_write reaches both writers, and both report a full disk. */
static void test_dispatch_and_write_failure(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  report_format format;
  assert_int_equal(report_format_parse("csv", &format), 0);
  assert_int_equal(format, REPORT_CSV);
  assert_string_equal(report_format_name(REPORT_CSV), "csv");
  assert_int_equal(report_format_parse("html", &format), 0);
  assert_int_equal(format, REPORT_HTML);
  assert_string_equal(report_format_name(REPORT_HTML), "html");

  static const struct {
    report_format format;
    writer_fn writer;
  } cases[] = {{REPORT_CSV, write_csv}, {REPORT_HTML, write_html}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *bytes = render_format(p, cases[i].format);
    char *direct = render(p, cases[i].writer);
    assert_string_equal(bytes, direct);
    free(direct);
    free(bytes);

    FILE *full = fopen("/dev/full", "w");
    if (!full) continue;
    errno = 0;
    assert_int_equal(report_write(p, cases[i].format, full), -1);
    assert_int_equal(errno, ENOSPC);
    fclose(full);
  }
  plan_free(p);
}

/* }====================================================================== */

/* ** {======================================================================
** The plain-English summary, read through the text writer: one line per paragraph.
** ======================================================================= */

/* The summary block of the first authority in the text report (caller frees). */
static char *summary_of(const plan *p) {
  char *text = render(p, write_text_lines);
  const char *start = strstr(text, "What we found and what we will do\n");
  assert_non_null(start);
  const char *end = strstr(start, "\nIngredients\n");
  assert_non_null(end);
  char *summary = strndup(start, (size_t)(end - start));
  assert_non_null(summary);
  free(text);
  return summary;
}

static void add_actions(plan *p, size_t count) {
  plan_authority *a = &p->authorities[0];
  plan_action *actions = arena_alloc(p->arena, count * sizeof *actions);
  assert_non_null(actions);
  for (size_t i = 0; i < count; i++) {
    actions[i] = a->actions[i % 2];
    actions[i].rank = (int)i + 1;
  }
  a->actions = actions;
  a->action_count = count;
}

static void test_summary_bands_and_coverage(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  plan_authority *a = &p->authorities[0];
  a->score = 82.5;
  a->band = "likely sustained";
  a->rule_coverage = 0.996; /* shows as 100%: no "based on" sentence */
  char *summary = summary_of(p);
  assert_non_null(strstr(summary,
                         "  Overall the service scored 83 out of 100. It is likely to "
                         "keep going after the pilot ends.\n"));
  assert_null(strstr(summary, "based on"));
  free(summary);
  /* the tense follows the dates: a pilot that ended has ended */
  a->pilot_end = "2023-09-30";
  summary = summary_of(p);
  assert_non_null(strstr(summary, " It is likely to keep going now that the pilot has ended.\n"));
  free(summary);
  a->pilot_end = NULL;
  summary = summary_of(p);
  assert_non_null(strstr(summary, " out of 100. It is likely to keep going.\n"));
  free(summary);

  /* the rules checked, not the ingredients scored, say what the plan rests on */
  a->coverage = 1.0;
  a->rule_coverage = 0.83;
  summary = summary_of(p);
  assert_non_null(strstr(summary, " This is based on 83% of what we planned to check.\n"));
  free(summary);

  a->score = 12;
  a->band = "at risk of pilotitis";
  a->pilot_end = "2023-09-30";
  summary = summary_of(p);
  assert_non_null(strstr(summary,
                         "  Overall the service scored 12 out of 100. The pilot ended on "
                         "2023-09-30, and the service is at risk of stopping. The plan calls "
                         "this band at risk of pilotitis: pilotitis is when a service that works "
                         "stops once its pilot money ends."));
  assert_null(strstr(summary, "when the pilot ends")); /* it has ended */
  free(summary);
  a->pilot_end = "2024-03-31"; /* the plan's date: the pilot's last day, not yet over */
  summary = summary_of(p);
  assert_non_null(strstr(summary, " It is at risk of stopping when the pilot ends on 2024-03-31."));
  free(summary);
  a->pilot_end = NULL;
  summary = summary_of(p);
  assert_non_null(strstr(summary, " out of 100. It is at risk of stopping. The plan calls"));
  free(summary);
  /* a low score whose service hangs on a survival action says so */
  a->pilot_end = "2023-09-30";
  a->actions[0].survival = 1;
  summary = summary_of(p);
  assert_non_null(strstr(summary, " The pilot ended on 2023-09-30, and the service is at risk of "
                                  "stopping. Whether it continues at all depends on the first "
                                  "action below. The plan calls"));
  free(summary);
  /* and a high one promises nothing that hangs on it */
  a->score = 82.5;
  a->band = "likely sustained";
  summary = summary_of(p);
  assert_non_null(strstr(summary, "  Overall the service scored 83 out of 100. It does well on most "
                                  "of what keeps a service going, but whether it continues at all "
                                  "depends on the first action below."));
  assert_null(strstr(summary, "likely to keep going"));
  free(summary);
  a->score = 50;
  a->band = "fragile";
  summary = summary_of(p);
  assert_non_null(strstr(summary, " It could keep going, but it is fragile, and whether it "
                                  "continues at all depends on the first action below."));
  free(summary);
  a->actions[0].survival = 0;
  a->score = 12;
  a->band = "at risk of pilotitis";
  a->pilot_end = NULL;
  /* a band the pack does not explain is not named */
  p->bands[2].meaning = NULL;
  summary = summary_of(p);
  assert_null(strstr(summary, "pilotitis"));
  free(summary);

  p->band_count = 0; /* no bands: the score alone */
  a->band = NULL;
  summary = summary_of(p);
  assert_non_null(strstr(summary, "  Overall the service scored 12 out of 100. This is based"));
  free(summary);
  plan_free(p);
}

static void test_summary_strongest_and_weakest(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  plan_authority *a = &p->authorities[0];
  a->ingredients[1].score = 55; /* a tie with receptivity */
  char *summary = summary_of(p);
  assert_non_null(strstr(summary, "  Every area we could score got 55 out of 100.\n"));
  free(summary);

  a->ingredients[1].score = NAN; /* one scored ingredient */
  summary = summary_of(p);
  assert_non_null(strstr(summary,
                         "  Only one area could be scored: Organisational receptivity "
                         "(55 out of 100).\n"));
  free(summary);

  a->ingredients[0].score = NAN; /* none: no sentence at all */
  summary = summary_of(p);
  assert_null(strstr(summary, "area"));
  free(summary);
  plan_free(p);
}

/* Weight 0 leaves an ingredient out of the overall score (docs/config.md): the summary
 * compares only the ingredients that count, says so, and says why there is no overall
 * score when none counts. Every weight 0 once crashed the text, Markdown and HTML
 * writers. */
static void test_summary_zero_weights(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  plan_authority *a = &p->authorities[0];
  a->ingredients[1].weight = 0; /* coproduction, the strongest, left out */
  char *summary = summary_of(p);
  assert_non_null(strstr(summary, "  Only one area counts in the overall score: "
                                  "Organisational receptivity (55 out of 100).\n"));
  free(summary);

  a->ingredients[2].score = 40; /* measurement counts too */
  summary = summary_of(p);
  assert_non_null(strstr(summary, "  Of the areas that count in the overall score, the strongest "
                                  "is Organisational receptivity (55 out of 100) and the weakest "
                                  "is measurement (40 out of 100).\n"));
  free(summary);

  for (size_t i = 0; i < a->ingredient_count; i++) a->ingredients[i].weight = 0;
  a->score = NAN; /* as scoring_overall leaves it */
  a->band = NULL;
  a->coverage = 0;
  summary = summary_of(p);
  assert_non_null(strstr(summary, "  We could not give the service an overall score, because "
                                  "every area that could be scored was given a weight of 0 in "
                                  "this assessment.\n"));
  assert_null(strstr(summary, "strongest"));
  free(summary);
  writer_fn writers[] = {write_text_plain, write_text_color, write_markdown, write_json,
                         write_csv, write_html};
  for (size_t w = 0; w < sizeof writers / sizeof writers[0]; w++) free(render(p, writers[w]));
  plan_free(p);
}

/* Each rule that could not be checked is put down to its real reason: no source for its
 * table, no rows for this authority, switched off by the authority (with its reason), or
 * missing information the rule names; a rule for another stage is no gap. */
static void test_summary_gaps_by_reason(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  plan_authority *a = &p->authorities[0];
  plan_ingredient *measurement = &a->ingredients[2];
  plan_rule *rules = arena_alloc(p->arena, 6 * sizeof *rules);
  assert_non_null(rules);
  const struct {
    const char *title;
    plan_reason_kind kind;
    const char *detail;
  } made[] = {{"First check", PLAN_REASON_NO_SOURCE, "measures"},
              {NULL, PLAN_REASON_NO_SOURCE, "measures"},
              {"Third check", PLAN_REASON_NO_ROWS, "wellbeing"},
              {"Fourth", PLAN_REASON_DISABLED, "run by a trust"},
              {"Fifth", PLAN_REASON_RULE, NULL},
              {"Sixth", PLAN_REASON_STAGE, NULL}};
  for (size_t i = 0; i < 6; i++)
    rules[i] = (plan_rule){.id = "measurement.r", .title = made[i].title,
                           .status = PLAN_RULE_NOT_ASSESSED, .score = NAN,
                           .reason_kind = made[i].kind, .reason_detail = made[i].detail};
  measurement->rules = rules;
  measurement->rule_count = 6;
  char *summary = summary_of(p);
  assert_non_null(strstr(summary,
                         "  We could not check 3 things because no data source was set up for "
                         "the tables participation_history and measures: "
                         "coproduction.continuity; First check; measurement.r.\n"));
  assert_non_null(strstr(summary,
                         "  We could not check 1 thing because the data has nothing for this "
                         "authority in the table wellbeing: Third check.\n"));
  assert_non_null(strstr(summary,
                         "  We could not check 1 thing because the information needed is "
                         "missing or incomplete (the full plan gives each reason): Fifth.\n"));
  assert_non_null(strstr(summary,
                         "  The authority chose not to check 1 thing: Fourth (its reason: run "
                         "by a trust).\n"));
  assert_null(strstr(summary, "Sixth"));
  assert_null(strstr(summary, "some information was missing"));
  assert_null(strstr(summary, "could not run")); /* no failed rule left */
  free(summary);

  /* more than three of one kind: three named, then counted */
  static const char *const tables[] = {"measures", "measures",    "wellbeing",
                                       "leadership", "staff_survey", "adaptations"};
  for (size_t i = 0; i < 6; i++) {
    rules[i].reason_kind = PLAN_REASON_NO_SOURCE;
    rules[i].reason_detail = tables[i];
  }
  summary = summary_of(p);
  assert_non_null(strstr(summary,
                         "  We could not check 7 things because no data source was set up for "
                         "the tables participation_history, measures, wellbeing and 3 others: "
                         "coproduction.continuity; First check; measurement.r; and 4 more.\n"));
  free(summary);
  plan_free(p);
}

static void test_summary_first_actions(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  plan_authority *a = &p->authorities[0];
  add_actions(p, 7);
  for (size_t i = 0; i < 7; i++) a->actions[i].first = i < 5;
  a->actions[1].owner = NULL;
  char *summary = summary_of(p);
  /* the actions marked first, all of them, and no more */
  assert_non_null(strstr(summary,
                         "  What we will do first:\n"
                         "    1. Report back to the care leavers' council what changed because "
                         "of them (led by the participation lead)\n"
                         "    2. Give frontline staff protected time to try new ideas\n"
                         "    3. Report back"));
  assert_non_null(strstr(summary, "    5. Report back"));
  assert_null(strstr(summary, "    6. "));
  assert_non_null(strstr(summary, "  The full plan has 2 more actions.\n"));
  free(summary);

  for (size_t i = 0; i < 7; i++) a->actions[i].first = 0; /* none marked: only the count */
  summary = summary_of(p);
  assert_non_null(strstr(summary, "  The full plan has 7 actions.\n"));
  assert_null(strstr(summary, "What we will do"));
  free(summary);

  add_actions(p, 1);
  a->actions[0].first = 1;
  summary = summary_of(p);
  assert_non_null(strstr(summary, "  What we will do:\n    1. "));
  assert_null(strstr(summary, "more action"));
  free(summary);
  plan_free(p);
}

/* The same sentences in Markdown and HTML, with their own markup. */
static void test_summary_in_every_human_format(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  char *markdown = render(p, write_markdown);
  char *page = render(p, write_html);
  const char *sentence =
      "The strongest area is coproduction (71 out of 100) and the weakest is "
      "Organisational receptivity (55 out of 100).";
  char needle[512];
  snprintf(needle, sizeof needle, "\n%s\n", sentence);
  assert_non_null(strstr(markdown, needle));
  snprintf(needle, sizeof needle, "<p>%s</p>", sentence);
  assert_non_null(strstr(page, needle));
  assert_non_null(strstr(markdown,
                         "\n1. Report back to the care leavers' council what changed because of "
                         "them (led by the participation lead)\n\nThe full plan has 1 more "
                         "action.\n"));
  assert_non_null(strstr(page, "<p>No actions are planned for now.</p>"));
  /* JSON and CSV are for machines: no summary */
  char *json = render(p, write_json);
  assert_null(strstr(json, "What we found"));
  free(json);
  free(markdown);
  free(page);
  plan_free(p);
}

/* }====================================================================== */

/* What ranks an action, in words, for each case its ingredient can present, in place of
 * the priority's number; what a customisation changed, named for people; an action that
 * recurs named by its title. */
static void test_names_for_people(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  plan_authority *north = &p->authorities[0];
  char words[REPORT_RANK_WORDS_SIZE];
  plan_action action = north->actions[0]; /* coproduction: 71.3, weight 1.5 */
  assert_string_equal(report_rank_words(words, north, &action),
                      "Ranked by impact for effort, with its ingredient at 71 out of 100 and "
                      "weighing 1.5 at this stage.");
  action.terms.stage_weight = 1;
  assert_string_equal(report_rank_words(words, north, &action),
                      "Ranked by impact for effort, with its ingredient at 71 out of 100.");
  north->ingredients[1].score = NAN;
  assert_string_equal(report_rank_words(words, north, &action),
                      "Ranked by impact for effort, with its ingredient not scored (ranked as "
                      "the weakest).");
  action.ingredient = "not_an_ingredient";
  assert_string_equal(report_rank_words(words, north, &action), "Ranked by impact for effort.");

  plan_customisation weight = {"weight", NULL, "Care leavers shaping the service weighs 2"};
  assert_string_equal(report_customisation_words(&weight), "Weight changed");
  assert_null(report_customisation_rule_name(north, &weight));
  plan_customisation off = {"disabled_rule", "receptivity.staff_climate", "not here"};
  assert_string_equal(report_customisation_words(&off), "Rule switched off");
  assert_string_equal(report_customisation_rule_name(north, &off),
                      "Staff feel safe to try new ideas");
  plan_customisation odd = {"a_new_kind", "no.such_rule", "-"};
  assert_string_equal(report_customisation_words(&odd), "a_new_kind");
  assert_string_equal(report_customisation_rule_name(north, &odd), "no.such_rule");
  assert_string_equal(report_action_name_by_id(north, "receptivity.protect_time"),
                      "Give frontline staff protected time to try new ideas");
  assert_string_equal(report_action_name_by_id(north, "gone.from_the_plan"), "gone.from_the_plan");
  plan_free(p);

  /* the writers: the note and each action's words, no number and no priority column */
  p = sample_plan(0);
  writer_fn writers[] = {write_text_plain, write_markdown, write_html};
  for (size_t w = 0; w < sizeof writers / sizeof writers[0]; w++) {
    char *out = render(p, writers[w]);
    assert_null(strstr(out, "priority: "));
    assert_null(strstr(out, ">Priority<"));
    assert_int_equal(count_occurrences(out, "Actions are ranked by their impact"), 1);
    assert_int_equal(count_occurrences(out, "Ranked by impact for effort"), 2);
    assert_non_null(strstr(out, "Rule switched off"));
    assert_null(strstr(out, "disabled_rule"));
    assert_null(strstr(out, "disabled\\_rule"));
    /* a data check is known by what it finds; HTML keeps its id small, in code */
    if (writers[w] != write_html) {
      assert_null(strstr(out, "in_touch_died_activity_not_0"));
      assert_null(strstr(out, "in\\_touch\\_died"));
    } else {
      assert_non_null(strstr(out, "<code>in_touch_died_activity_not_0</code>"));
    }
    free(out);
  }
  plan_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_csv_reader_itself),
      cmocka_unit_test(test_csv_golden),
      cmocka_unit_test(test_csv_parses_back),
      cmocka_unit_test(test_csv_quoting),
      cmocka_unit_test(test_csv_rows_per_authority),
      cmocka_unit_test(test_html_structure),
      cmocka_unit_test(test_html_flags_and_suppression),
      cmocka_unit_test(test_html_comparison),
      cmocka_unit_test(test_html_escaping),
      cmocka_unit_test(test_html_explain),
      cmocka_unit_test(test_html_chart_edge_cases),
      cmocka_unit_test(test_html_trend),
      cmocka_unit_test(test_dispatch_and_write_failure),
      cmocka_unit_test(test_summary_bands_and_coverage),
      cmocka_unit_test(test_summary_strongest_and_weakest),
      cmocka_unit_test(test_summary_zero_weights),
      cmocka_unit_test(test_summary_gaps_by_reason),
      cmocka_unit_test(test_summary_first_actions),
      cmocka_unit_test(test_summary_in_every_human_format),
      cmocka_unit_test(test_names_for_people),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
