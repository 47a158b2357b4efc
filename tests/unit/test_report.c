/* test_report.c: the text, Markdown and JSON writers, the JSON writer and the shared
 * number formatting. One small hand-built plan (test_report_sample.c: two authorities,
 * every rule status, suppressed values, a NaN overall score) runs through every format
 * and is compared with golden output held here, so any change to a user-visible byte
 * shows up as a diff. CSV, HTML and the summary: test_report_formats.c; the output file:
 * test_output_file.c. */

/* cmocka.h needs these four first, in this order */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "history_report.h"
#include "json_writer.h"
#include "plan.h"
#include "report.h"
#include "report_escape.h"
#include "report_explain.h"
#include "report_sink.h"
#include "report_values.h"
#include "report_wrap.h"
#include "test_report_sample.h"
#include "test_skip.h"

/* ** {======================================================================
** Helpers (the sample plan itself is in test_report_sample.c).
** ======================================================================= */

/* A JSON writer whose document is kept in memory: capture_start, write to the
 * writer it returns, then capture_end for the bytes (caller frees). */
typedef struct json_capture {
  char *bytes;
  size_t size;
  FILE *out;
  json_writer w;
} json_capture;

static json_writer *capture_start(json_capture *c) {
  *c = (json_capture){0};
  c->out = open_memstream(&c->bytes, &c->size);
  assert_non_null(c->out);
  json_writer_init(&c->w, c->out);
  return &c->w;
}

/* Finishes the document: *status is json_writer_finish's, *error its errno. */
static char *capture_end(json_capture *c, int *status, int *error) {
  errno = 0;
  *status = json_writer_finish(&c->w);
  *error = errno;
  assert_int_equal(fclose(c->out), 0);
  return c->bytes;
}

/* The same for a document that must be well formed. */
static char *capture_done(json_capture *c) {
  int status, error;
  char *bytes = capture_end(c, &status, &error);
  assert_int_equal(status, 0);
  return bytes;
}

/* One string through the JSON writer as a whole document (caller frees). */
static char *json_of_string(const char *s) {
  json_capture c;
  json_string(capture_start(&c), s);
  return capture_done(&c);
}

/* }====================================================================== */

/* ** {======================================================================
** Golden output.
** ======================================================================= */

/* Goldens are arrays of lines (NULL-terminated): C limits the length of one string
 * literal, and a mismatch is reported by line. */

/* The sample plan as JSON, without --explain. */
static const char *const golden_json[] = {
    "{\n",
    "  \"schema\": \"sustain-plan/1\",\n",
    "  \"assessment\": {\n",
    "    \"name\": \"Care leaver services: sustainability review 2024\",\n",
    "    \"date\": \"2024-03-31\"\n",
    "  },\n",
    "  \"bands\": [\n",
    "    {\n",
    "      \"min\": 70.0,\n",
    "      \"label\": \"likely sustained\",\n",
    "      \"meaning\": null\n",
    "    },\n",
    "    {\n",
    "      \"min\": 40.0,\n",
    "      \"label\": \"fragile\",\n",
    "      \"meaning\": null\n",
    "    },\n",
    "    {\n",
    "      \"min\": 0.0,\n",
    "      \"label\": \"at risk of pilotitis\",\n",
    "      \"meaning\": \"pilotitis is when a service that works stops once its pilot money "
    "ends\"\n",
    "    }\n",
    "  ],\n",
    "  \"authorities\": [\n",
    "    {\n",
    "      \"id\": \"northshire\",\n",
    "      \"name\": \"Northshire County Council\",\n",
    "      \"stage\": \"transition\",\n",
    "      \"pilot_end\": \"2024-09-30\",\n",
    "      \"score\": 64.8,\n",
    "      \"band\": \"fragile\",\n",
    "      \"coverage\": 0.83,\n",
    "      \"rule_coverage\": 0.58,\n",
    "      \"ingredients\": [\n",
    "        {\n",
    "          \"id\": \"receptivity\",\n",
    "          \"title\": \"Organisational receptivity\",\n",
    "          \"score\": 55.0,\n",
    "          \"weight\": 1.0,\n",
    "          \"rules\": [\n",
    "            {\n",
    "              \"id\": \"receptivity.staff_climate\",\n",
    "              \"title\": \"Staff feel safe to try new ideas\",\n",
    "              \"status\": \"assessed\",\n",
    "              \"score\": 55.0,\n",
    "              \"weight\": 1.0,\n",
    "              \"evidence\": [\n",
    "                {\n",
    "                  \"label\": \"Share of staff who feel safe to try new ideas\",\n",
    "                  \"value\": 0.4167,\n",
    "                  \"share\": true\n",
    "                },\n",
    "                {\n",
    "                  \"label\": \"Staff survey responses\",\n",
    "                  \"value\": 48\n",
    "                }\n",
    "              ]\n",
    "            },\n",
    "            {\n",
    "              \"id\": \"receptivity.protected_budget\",\n",
    "              \"title\": null,\n",
    "              \"status\": \"assessed\",\n",
    "              \"score\": 70.0,\n",
    "              \"weight\": 0.0,\n",
    "              \"evidence\": [\n",
    "                {\n",
    "                  \"label\": \"Protected innovation budget\",\n",
    "                  \"value\": true\n",
    "                },\n",
    "                {\n",
    "                  \"label\": \"Financial pressure\",\n",
    "                  \"value\": \"high\"\n",
    "                }\n",
    "              ]\n",
    "            }\n",
    "          ]\n",
    "        },\n",
    "        {\n",
    "          \"id\": \"coproduction\",\n",
    "          \"title\": null,\n",
    "          \"score\": 71.3,\n",
    "          \"weight\": 1.5,\n",
    "          \"rules\": [\n",
    "            {\n",
    "              \"id\": \"coproduction.voice_changes_decisions\",\n",
    "              \"title\": null,\n",
    "              \"status\": \"assessed\",\n",
    "              \"score\": 71.3,\n",
    "              \"weight\": 1.0,\n",
    "              \"evidence\": [\n",
    "                {\n",
    "                  \"label\": \"Activities that changed a decision\",\n",
    "                  \"value\": \"c\"\n",
    "                },\n",
    "                {\n",
    "                  \"label\": \"Share of activities that changed a decision\",\n",
    "                  \"value\": 0.5,\n",
    "                  \"share\": true\n",
    "                }\n",
    "              ]\n",
    "            },\n",
    "            {\n",
    "              \"id\": \"coproduction.continuity\",\n",
    "              \"title\": null,\n",
    "              \"status\": \"not_assessed\",\n",
    "              \"score\": null,\n",
    "              \"weight\": 1.0,\n",
    "              \"reason\": \"no source provides the table 'participation_history'\",\n",
    "              \"reason_kind\": \"no_source\",\n",
    "              \"evidence\": []\n",
    "            }\n",
    "          ]\n",
    "        },\n",
    "        {\n",
    "          \"id\": \"measurement\",\n",
    "          \"title\": null,\n",
    "          \"score\": null,\n",
    "          \"weight\": 0.5,\n",
    "          \"rules\": [\n",
    "            {\n",
    "              \"id\": \"measurement.soft_outcomes\",\n",
    "              \"title\": null,\n",
    "              \"status\": \"error\",\n",
    "              \"score\": null,\n",
    "              \"weight\": 1.0,\n",
    "              \"message\": \"rules/ingredients/measurement.lua:42: attempt to index a "
    "nil value\",\n",
    "              \"evidence\": []\n",
    "            }\n",
    "          ]\n",
    "        }\n",
    "      ],\n",
    "      \"context\": [\n",
    "        {\n",
    "          \"id\": \"outcomes.eet_against_england\",\n",
    "          \"title\": \"Care leavers in education, employment or training, compared with "
    "England\",\n",
    "          \"status\": \"assessed\",\n",
    "          \"evidence\": [\n",
    "            {\n",
    "              \"label\": \"Care leavers aged 19 to 21 in education\",\n",
    "              \"value\": 0.48,\n",
    "              \"share\": true\n",
    "            },\n",
    "            {\n",
    "              \"label\": \"England, aged 19 to 21\",\n",
    "              \"value\": 0.54,\n",
    "              \"share\": true\n",
    "            },\n",
    "            {\n",
    "              \"label\": \"Care leavers aged 17 to 18 in education\",\n",
    "              \"value\": \"c\"\n",
    "            }\n",
    "          ]\n",
    "        },\n",
    "        {\n",
    "          \"id\": \"outcomes.in_touch\",\n",
    "          \"title\": \"Care leavers the service is in touch with\",\n",
    "          \"status\": \"error\",\n",
    "          \"message\": \"rules/ingredients/outcomes.lua:120: attempt to compare nil with "
    "number\",\n",
    "          \"evidence\": []\n",
    "        }\n",
    "      ],\n",
    "      \"actions\": [\n",
    "        {\n",
    "          \"rank\": 1,\n",
    "          \"id\": \"coproduction.close_the_loop\",\n",
    "          \"ingredient\": \"coproduction\",\n",
    "          \"title\": \"Report back to the care leavers' council what changed because of "
    "them\",\n",
    "          \"why\": \"Only half of co-production activities changed a decision (0.5).\",\n",
    "          \"owner\": \"participation lead\",\n",
    "          \"effort\": \"low\",\n",
    "          \"impact\": 15.0,\n",
    "          \"priority\": 22.5,\n",
    "          \"gap\": \"coproduction.close_the_loop\",\n",
    "          \"found_by\": [\n",
    "            \"coproduction.voice_changes_decisions\",\n",
    "            \"coproduction.continuity\"\n",
    "          ],\n",
    "          \"survival\": false,\n",
    "          \"first\": true\n",
    "        },\n",
    "        {\n",
    "          \"rank\": 2,\n",
    "          \"id\": \"receptivity.protect_time\",\n",
    "          \"ingredient\": \"receptivity\",\n",
    "          \"title\": \"Give frontline staff protected time to try new ideas\",\n",
    "          \"why\": \"Fewer than half of staff feel safe to try new ideas (0.4167).\",\n",
    "          \"owner\": \"head of service\",\n",
    "          \"effort\": \"medium\",\n",
    "          \"impact\": 10.0,\n",
    "          \"priority\": 8.3,\n",
    "          \"gap\": \"receptivity.protect_time\",\n",
    "          \"found_by\": [\n",
    "            \"receptivity.staff_climate\"\n",
    "          ],\n",
    "          \"survival\": false,\n",
    "          \"first\": false\n",
    "        }\n",
    "      ],\n",
    "      \"data_quality\": [\n",
    "        {\n",
    "          \"table\": \"care_leavers\",\n",
    "          \"check\": \"in_touch_died_activity_not_0\",\n",
    "          \"count\": \"c\",\n",
    "          \"message\": \"IN_TOUCH is DIED but ACTIV is not 0\"\n",
    "        },\n",
    "        {\n",
    "          \"table\": \"care_leavers\",\n",
    "          \"check\": \"activity_blank\",\n",
    "          \"count\": 12,\n",
    "          \"message\": \"ACTIV is blank for young people in touch\"\n",
    "        }\n",
    "      ],\n",
    "      \"customisations\": [\n",
    "        {\n",
    "          \"kind\": \"disabled_rule\",\n",
    "          \"rule\": \"adaptation.business_case\",\n",
    "          \"reason\": \"no business case process in this authority\"\n",
    "        }\n",
    "      ]\n",
    "    },\n",
    "    {\n",
    "      \"id\": \"southvale\",\n",
    "      \"name\": \"Southvale Borough Council\",\n",
    "      \"stage\": \"pilot\",\n",
    "      \"pilot_end\": null,\n",
    "      \"score\": null,\n",
    "      \"band\": null,\n",
    "      \"coverage\": 0.0,\n",
    "      \"rule_coverage\": 0.0,\n",
    "      \"ingredients\": [\n",
    "        {\n",
    "          \"id\": \"receptivity\",\n",
    "          \"title\": null,\n",
    "          \"score\": null,\n",
    "          \"weight\": 1.0,\n",
    "          \"rules\": [\n",
    "            {\n",
    "              \"id\": \"receptivity.staff_climate\",\n",
    "              \"title\": null,\n",
    "              \"status\": \"not_assessed\",\n",
    "              \"score\": null,\n",
    "              \"weight\": 1.0,\n",
    "              \"reason\": \"no source provides the table 'staff_survey'\",\n",
    "              \"reason_kind\": \"no_source\",\n",
    "              \"evidence\": []\n",
    "            }\n",
    "          ]\n",
    "        }\n",
    "      ],\n",
    "      \"context\": [],\n",
    "      \"actions\": [],\n",
    "      \"data_quality\": [],\n",
    "      \"customisations\": []\n",
    "    }\n",
    "  ],\n",
    "  \"errors\": [\n",
    "    {\n",
    "      \"authority\": \"northshire\",\n",
    "      \"rule\": \"measurement.soft_outcomes\",\n",
    "      \"file\": \"rules/ingredients/measurement.lua\",\n",
    "      \"line\": 42,\n",
    "      \"message\": \"attempt to index a nil value\"\n",
    "    },\n",
    "    {\n",
    "      \"rule\": null,\n",
    "      \"file\": \"assessment.ini\",\n",
    "      \"line\": null,\n",
    "      \"message\": \"source wellbeing has no rows for southvale\"\n",
    "    }\n",
    "  ]\n",
    "}\n",
    NULL};

/* As text without colour: what `sustain run` prints when stdout is not a terminal. */
static const char *const golden_text[] = {
    "Care leaver services: sustainability review 2024\n",
    "================================================\n",
    "Assessment date: 2024-03-31\n",
    "Rules: 3 assessed, 2 not assessed, 1 failed\n",
    "Context: 1 shown, 0 not shown, 1 failed\n",
    "\n",
    "Northshire County Council (northshire), stage: transition\n",
    "---------------------------------------------------------\n",
    "Overall score: 64.8/100, fragile (coverage: ingredients 83%, rules 58%)\n",
    "\n",
    "What we found and what we will do\n",
    "  Overall the service scored 65 out of 100. It could keep going, but it is\n",
    "    fragile: some things need to change. This is based on 58% of what we planned\n",
    "    to check.\n",
    "  The strongest area is coproduction (71 out of 100) and the weakest is\n",
    "    Organisational receptivity (55 out of 100).\n",
    "  We could not check 1 thing because no data source was set up for the table\n",
    "    participation_history: coproduction.continuity.\n",
    "  1 check could not run because of a fault, so it is left out of the scores.\n",
    "  1 figure about how care leavers are doing could not be shown because of a\n",
    "    fault.\n",
    "  What we will do first:\n",
    "    1. Report back to the care leavers' council what changed because of them\n",
    "       (led by the participation lead)\n",
    "  The full plan has 1 more action.\n",
    "\n",
    "Ingredients\n",
    "  Ingredient                Score         Weight  Assessed  Not assessed  Failed\n",
    "  Organisational            55.0          1.0            2             0       0\n",
    "  receptivity\n",
    "  coproduction              71.3          1.5            1             1       0\n",
    "  measurement               not assessed  0.5            0             0       1\n",
    "\n",
    "Do first\n",
    "  Actions are ranked by their impact for the effort they take, higher when their\n",
    "    ingredient scores lower or weighs more at this stage; an action that decides\n",
    "    whether the service continues comes before all others.\n",
    "  1. Report back to the care leavers' council what changed because of them\n",
    "     ingredient: coproduction; owner: participation lead; effort: low; impact:\n",
    "       15.0\n",
    "     Ranked by impact for effort, with its ingredient at 71 out of 100 and\n",
    "       weighing 1.5 at this stage.\n",
    "     Found by: coproduction.voice_changes_decisions; coproduction.continuity\n",
    "       Why: Only half of co-production activities changed a decision (0.5).\n",
    "\n",
    "The rest of the plan, by ingredient\n",
    "  Organisational receptivity\n",
    "    2. Give frontline staff protected time to try new ideas\n",
    "       owner: head of service; effort: medium; impact: 10.0\n",
    "       Ranked by impact for effort, with its ingredient at 55 out of 100.\n",
    "       Found by: Staff feel safe to try new ideas\n",
    "         Why: Fewer than half of staff feel safe to try new ideas (0.4167).\n",
    "\n",
    "How care leavers are doing\n",
    "  Care leavers in education, employment or training, compared with England\n",
    "    Care leavers aged 19 to 21 in education: 48%\n",
    "    England, aged 19 to 21: 54%\n",
    "    Care leavers aged 17 to 18 in education: c\n",
    "  Care leavers the service is in touch with (failed:\n",
    "    rules/ingredients/outcomes.lua:120: attempt to compare nil with number)\n",
    "\n",
    "Data quality\n",
    "  - IN_TOUCH is DIED but ACTIV is not 0 (rows: c in care_leavers)\n",
    "  - ACTIV is blank for young people in touch (rows: 12 in care_leavers)\n",
    "\n",
    "Rules not assessed\n",
    "  - coproduction.continuity: no source provides the table\n",
    "    'participation_history'\n",
    "\n",
    "Failed rules\n",
    "  - measurement.soft_outcomes: rules/ingredients/measurement.lua:42: attempt to\n",
    "    index a nil value\n",
    "\n",
    "Customisations\n",
    "  - Rule switched off: adaptation.business_case (no business case process in\n",
    "    this authority)\n",
    "\n",
    "Southvale Borough Council (southvale), stage: pilot\n",
    "---------------------------------------------------\n",
    "Overall score: not assessed (coverage: ingredients 0%, rules 0%)\n",
    "\n",
    "What we found and what we will do\n",
    "  We could not give the service an overall score, because too little could be\n",
    "    checked.\n",
    "  We could not check 1 thing because no data source was set up for the table\n",
    "    staff_survey: receptivity.staff_climate.\n",
    "  No actions are planned for now.\n",
    "\n",
    "Ingredients\n",
    "  Ingredient   Score         Weight  Assessed  Not assessed  Failed\n",
    "  receptivity  not assessed  1.0            0             1       0\n",
    "\n",
    "Do first\n",
    "  none\n",
    "\n",
    "Rules not assessed\n",
    "  - receptivity.staff_climate: no source provides the table 'staff_survey'\n",
    "\n",
    "Errors\n",
    "------\n",
    "  - rules/ingredients/measurement.lua:42: attempt to index a nil value (rule\n",
    "    measurement.soft_outcomes, authority northshire)\n",
    "  - assessment.ini: source wellbeing has no rows for southvale\n",
    NULL};

static const char *const golden_markdown[] = {
    "# Care leaver services: sustainability review 2024\n",
    "\n",
    "Assessment date: 2024-03-31. Rules: 3 assessed, 2 not assessed, 1 failed. Context: 1 "
    "shown, 0 not shown, 1 failed.\n",
    "\n",
    "## Northshire County Council (northshire)\n",
    "\n",
    "- Stage: transition\n",
    "- Overall score: **64.8/100** (fragile)\n",
    "- Coverage: ingredients 83%, rules 58%\n",
    "\n",
    "### What we found and what we will do\n",
    "\n",
    "Overall the service scored 65 out of 100. It could keep going, but it is fragile: some "
    "things need to change. This is based on 58% of what we planned to check.\n",
    "\n",
    "The strongest area is coproduction (71 out of 100) and the weakest is Organisational "
    "receptivity (55 out of 100).\n",
    "\n",
    "We could not check 1 thing because no data source was set up for the table "
    "participation\\_history: coproduction.continuity.\n",
    "\n",
    "1 check could not run because of a fault, so it is left out of the scores.\n",
    "\n",
    "1 figure about how care leavers are doing could not be shown because of a fault.\n",
    "\n",
    "What we will do first:\n",
    "\n",
    "1. Report back to the care leavers' council what changed because of them (led by the "
    "participation lead)\n",
    "\n",
    "The full plan has 1 more action.\n",
    "\n",
    "### Ingredients\n",
    "\n",
    "| Ingredient | Score | Weight | Assessed | Not assessed | Failed |\n",
    "|---|---:|---:|---:|---:|---:|\n",
    "| Organisational receptivity | 55.0 | 1.0 | 2 | 0 | 0 |\n",
    "| coproduction | 71.3 | 1.5 | 1 | 1 | 0 |\n",
    "| measurement | not assessed | 0.5 | 0 | 0 | 1 |\n",
    "\n",
    "### Do first\n",
    "\n",
    "Actions are ranked by their impact for the effort they take, higher when their ingredient "
    "scores lower or weighs more at this stage; an action that decides whether the service "
    "continues comes before all others.\n",
    "\n",
    "1. **Report back to the care leavers' council what changed because of them**\n",
    "   - Ingredient: coproduction; owner: participation lead; effort: low; impact: 15.0\n",
    "   - Ranked by impact for effort, with its ingredient at 71 out of 100 and weighing 1.5 at "
    "this stage.\n",
    "   - Found by: coproduction.voice\\_changes\\_decisions; coproduction.continuity\n",
    "   - Why: Only half of co-production activities changed a decision (0.5).\n",
    "\n",
    "### The rest of the plan, by ingredient\n",
    "\n",
    "#### Organisational receptivity\n",
    "\n",
    "- **2. Give frontline staff protected time to try new ideas**\n",
    "  - Owner: head of service; effort: medium; impact: 10.0\n",
    "  - Ranked by impact for effort, with its ingredient at 55 out of 100.\n",
    "  - Found by: Staff feel safe to try new ideas\n",
    "  - Why: Fewer than half of staff feel safe to try new ideas (0.4167).\n",
    "\n",
    "### How care leavers are doing\n",
    "\n",
    "**Care leavers in education, employment or training, compared with England**\n",
    "\n",
    "- Care leavers aged 19 to 21 in education: 48%\n",
    "- England, aged 19 to 21: 54%\n",
    "- Care leavers aged 17 to 18 in education: c\n",
    "\n",
    "**Care leavers the service is in touch with** (failed: "
    "rules/ingredients/outcomes.lua:120: attempt to compare nil with number)\n",
    "\n",
    "### Data quality\n",
    "\n",
    "| What is wrong | Table | Rows |\n",
    "|---|---|---:|\n",
    "| IN\\_TOUCH is DIED but ACTIV is not 0 | care\\_leavers | c |\n",
    "| ACTIV is blank for young people in touch | care\\_leavers | 12 |\n",
    "\n",
    "### Rules not assessed\n",
    "\n",
    "| Rule | Reason |\n",
    "|---|---|\n",
    "| coproduction.continuity | no source provides the table 'participation\\_history' |\n",
    "\n",
    "### Failed rules\n",
    "\n",
    "| Rule | Message |\n",
    "|---|---|\n",
    "| measurement.soft\\_outcomes | rules/ingredients/measurement.lua:42: attempt to index a "
    "nil value |\n",
    "\n",
    "### Customisations\n",
    "\n",
    "| Change | Rule | Details |\n",
    "|---|---|---|\n",
    "| Rule switched off | adaptation.business\\_case | no business case process in this authority "
    "|\n",
    "\n",
    "## Southvale Borough Council (southvale)\n",
    "\n",
    "- Stage: pilot\n",
    "- Overall score: not assessed\n",
    "- Coverage: ingredients 0%, rules 0%\n",
    "\n",
    "### What we found and what we will do\n",
    "\n",
    "We could not give the service an overall score, because too little could be checked.\n",
    "\n",
    "We could not check 1 thing because no data source was set up for the table "
    "staff\\_survey: receptivity.staff\\_climate.\n",
    "\n",
    "No actions are planned for now.\n",
    "\n",
    "### Ingredients\n",
    "\n",
    "| Ingredient | Score | Weight | Assessed | Not assessed | Failed |\n",
    "|---|---:|---:|---:|---:|---:|\n",
    "| receptivity | not assessed | 1.0 | 0 | 1 | 0 |\n",
    "\n",
    "### Do first\n",
    "\n",
    "None.\n",
    "\n",
    "### Rules not assessed\n",
    "\n",
    "| Rule | Reason |\n",
    "|---|---|\n",
    "| receptivity.staff\\_climate | no source provides the table 'staff\\_survey' |\n",
    "\n",
    "## Errors\n",
    "\n",
    "| Location | Authority | Rule | Message |\n",
    "|---|---|---|---|\n",
    "| rules/ingredients/measurement.lua:42 | northshire | measurement.soft\\_outcomes | "
    "attempt to index a nil value |\n",
    "| assessment.ini | - | - | source wellbeing has no rows for southvale |\n",
    NULL};

/* Fails with the first differing line when actual is not exactly the golden lines. */
static void assert_golden(const char *actual, const char *const *golden) {
  const char *at = actual;
  for (size_t i = 0; golden[i]; i++) {
    size_t n = strlen(golden[i]);
    if (strncmp(at, golden[i], n) != 0) {
      size_t shown = strcspn(at, "\n");
      print_error("line %zu differs from the golden output\n  expected: %s  actual:   %.*s\n",
                  i + 1, golden[i], (int)shown, at);
      fail();
    }
    at += n;
  }
  if (*at) {
    print_error("output continues past the golden output: %s\n", at);
    fail();
  }
}

/* }====================================================================== */

/* ** {======================================================================
** Whole reports.
** ======================================================================= */

static void test_json_golden(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  char *out = render(p, write_json);
  assert_golden(out, golden_json);
  assert_null(strstr(out, "explain")); /* no explain keys at all without --explain */
  free(out);
  plan_free(p);
}

static void test_text_golden(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  char *out = render(p, write_text_plain);
  assert_golden(out, golden_text);
  free(out);
  plan_free(p);
}

static void test_markdown_golden(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  char *out = render(p, write_markdown);
  assert_golden(out, golden_markdown);
  free(out);
  plan_free(p);
}

/* report_write picks the writer by format, and text through it is never coloured (CSV
 * and HTML: test_report_formats.c). */
static void test_format_names_and_dispatch(void **state) {
  (void)state;
  static const struct {
    const char *name;
    report_format format;
    const char *const *golden;
  } cases[] = {{"text", REPORT_TEXT, golden_text},
               {"markdown", REPORT_MARKDOWN, golden_markdown},
               {"json", REPORT_JSON, golden_json}};
  plan *p = sample_plan(0);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    report_format format = REPORT_JSON;
    assert_int_equal(report_format_parse(cases[i].name, &format), 0);
    assert_int_equal(format, cases[i].format);
    assert_string_equal(report_format_name(format), cases[i].name);

    char *bytes = render_format(p, format);
    assert_golden(bytes, cases[i].golden);
    free(bytes);
  }
  report_format untouched = REPORT_MARKDOWN;
  assert_int_equal(report_format_parse("JSON", &untouched), -1);
  assert_int_equal(report_format_parse("pdf", &untouched), -1);
  assert_int_equal(report_format_parse("HTML", &untouched), -1);
  assert_int_equal(report_format_parse("", &untouched), -1);
  assert_int_equal(report_format_parse(NULL, &untouched), -1);
  assert_int_equal(untouched, REPORT_MARKDOWN);
  plan_free(p);
}

static size_t count_occurrences(const char *haystack, const char *needle) {
  size_t count = 0;
  for (const char *at = strstr(haystack, needle); at; at = strstr(at + 1, needle)) count++;
  return count;
}

static void test_json_explain(void **state) {
  (void)state;
  plan *p = sample_plan(1);
  char *out = render(p, write_json);
  /* six rules, four ingredients, two context items, two actions */
  assert_int_equal(count_occurrences(out, "\"explain\""), 14);
  assert_non_null(strstr(out,
                         "              \"evidence\": [],\n"
                         "              \"explain\": {\n"
                         "                \"seconds\": 0.0001,\n"
                         "                \"instructions\": 0\n"
                         "              }\n"
                         "            }\n"));
  assert_non_null(strstr(out,
                         "          ],\n"
                         "          \"explain\": {\n"
                         "            \"weight\": 1.5\n"
                         "          }\n"));
  assert_non_null(strstr(out,
                         "          \"priority\": 8.3,\n"
                         "          \"gap\": \"receptivity.protect_time\",\n"
                         "          \"found_by\": [\n"
                         "            \"receptivity.staff_climate\"\n"
                         "          ],\n"
                         "          \"survival\": false,\n"
                         "          \"first\": false,\n"
                         "          \"explain\": {\n"
                         "            \"impact\": 10.0,\n"
                         "            \"stage_weight\": 1.0,\n"
                         "            \"weakness\": 0.45,\n"
                         "            \"urgency\": 1.25,\n"
                         "            \"effort_cost\": 2\n"
                         "          }\n"
                         "        }\n"));
  free(out);
  plan_free(p);
}

static void test_text_and_markdown_explain(void **state) {
  (void)state;
  plan *p = sample_plan(1);
  char *text = render(p, write_text_lines);
  assert_non_null(strstr(text,
                         "     ingredient: coproduction; owner: participation lead; effort: low; "
                         "impact: 15.0; priority: 22.5\n"
                         "     priority = impact 15.0 x stage weight 1.5 x weakness 0.2875 x "
                         "urgency 1.25 / effort cost 1; tier: ordinary\n"));
  /* a rule of weight 0 is shown, and says its score does not count */
  assert_non_null(strstr(text, "  receptivity.protected_budget: assessed, score 70.0, weight 0.0: "
                               "not counted, 0.0004 s, under 1000 instructions\n"));
  /* the arithmetic from the rules' scores to the band, each figure as the plan shows it;
   * a product's figures are held together by no-break spaces (X) */
#define X REPORT_EXPLAIN_TEXT_TIMES
  assert_non_null(strstr(
      text,
      "How the scores are worked out\n"
      "  Each ingredient is the mean of its assessed rules' scores, weighted by rule weight:\n"
      "    Organisational receptivity: (55.0" X "1.0) / 1.0 = 55.0; not counted: 1 of weight 0\n"
      "    coproduction: (71.3" X "1.0) / 1.0 = 71.3; not counted: 1 not assessed\n"
      "    measurement: not scored: no rule was assessed; not counted: 1 failed\n"
      "  Overall, the mean of the scored ingredients weighted by stage weight: (55.0" X "1.0 + "
      "71.3" X "1.5) / 2.5 = 64.8; not counted: measurement (not scored)\n"
      "  Coverage of ingredients, the stage weight scored over all of it: 2.5 / 3.0 = 83%\n"
      "  Coverage of rules, each scored ingredient's stage weight times the share of its rule "
      "weight assessed, over all the stage weight: (1.0" X "1.0 + 1.5" X "0.5) / 3.0 = 58%\n"
      "  Band: 64.8 is at least 40 and below 70: fragile\n"));
#undef X
  assert_non_null(strstr(text, "  Band: none: there is no overall score\n"));
  /* a context item has no score, and says it was shown */
  assert_non_null(strstr(text,
                         "  outcomes.eet_against_england: shown, 0.0005 s, 3000 to 3999 instructions\n"
                         "    Care leavers aged 19 to 21 in education: 48%\n"));
  assert_non_null(strstr(text,
                         "Rule details\n"
                         "  receptivity.staff_climate: assessed, score 55.0, weight 1.0, 0.0012 s, "
                         "15000 to 15999 instructions\n"
                         "    Share of staff who feel safe to try new ideas: 42%\n"
                         "    Staff survey responses: 48\n"));
  assert_non_null(strstr(text, "    Activities that changed a decision: c\n"));
  assert_non_null(
      strstr(text, "  coproduction.continuity: not assessed, 0.0001 s, under 1000 instructions\n"));
  assert_non_null(
      strstr(text, "  measurement.soft_outcomes: failed, 0.0003 s, 2000 to 2999 instructions\n"));

  char *markdown = render(p, write_markdown);
  assert_non_null(strstr(markdown,
                         "  - Priority = impact 10.0 × stage weight 1.0 × weakness 0.45 × urgency "
                         "1.25 ÷ effort cost 2; tier: ordinary\n"));
  assert_non_null(
      strstr(markdown,
             "| coproduction.voice\\_changes\\_decisions | assessed | 71.3 | 1.0 | 0.002 | 40000 to 40999 | "
             "Activities that changed a decision: c; Share of activities that changed a "
             "decision: 50% |\n"));
  assert_non_null(strstr(markdown, "| receptivity.protected\\_budget | assessed | 70.0 | 0.0: not "
                                   "counted | 0.0004 | under 1000 |"));
  assert_non_null(strstr(
      markdown,
      "### How the scores are worked out\n\n"
      "- Each ingredient is the mean of its assessed rules' scores, weighted by rule weight:\n"
      "  - Organisational receptivity: (55.0 × 1.0) / 1.0 = 55.0; not counted: 1 of weight 0\n"));
  assert_non_null(strstr(markdown, "- Overall, the mean of the scored ingredients weighted by stage "
                                   "weight: (55.0 × 1.0 + 71.3 × 1.5) / 2.5 = 64.8; not counted: "
                                   "measurement (not scored)\n"));
  assert_non_null(strstr(markdown, "- Band: 64.8 is at least 40 and below 70: fragile\n"));
  free(text);
  free(markdown);

  /* and without --explain none of it */
  p->explain = 0;
  text = render(p, write_text_lines);
  markdown = render(p, write_markdown);
  assert_null(strstr(text, "Rule details"));
  assert_null(strstr(text, "How the scores"));
  assert_null(strstr(markdown, "How the scores"));
  assert_null(strstr(text, "priority ="));
  assert_null(strstr(text, "instructions"));
  assert_null(strstr(markdown, "Rule details"));
  assert_null(strstr(markdown, "Priority ="));
  free(text);
  free(markdown);
  plan_free(p);
}

/* The band line of --explain names the thresholds the score lies between, and gives the
 * score more decimals where one decimal would reach the next threshold up. */
static void test_explain_band(void **state) {
  (void)state;
  plan *p = sample_plan(1);
  plan_authority *north = &p->authorities[0];
  static const struct {
    double score;
    const char *band, *said;
  } cases[] = {{64.75, "fragile", "64.8 is at least 40 and below 70: fragile"},
               {69.96, "fragile", "69.96 is at least 40 and below 70: fragile"},
               {85, "likely sustained", "85.0 is at least 70: likely sustained"},
               {20, "at risk of pilotitis", "20.0 is below 40: at risk of pilotitis"},
               {NAN, NULL, "none: there is no overall score"}};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    north->score = cases[i].score;
    north->band = cases[i].band;
    char *bytes = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&bytes, &size);
    assert_non_null(out);
    report_sink sink;
    report_sink_init(&sink, out);
    const report_explain_style style = {&sink, report_escape_plain, REPORT_EXPLAIN_TEXT_TIMES};
    report_explain_band(&style, p, north);
    assert_int_equal(report_sink_finish(&sink), 0);
    assert_int_equal(fclose(out), 0);
    assert_string_equal(bytes, cases[i].said);
    free(bytes);
  }
  plan_free(p);
}

static void strip_ansi(char *s);

/* What report_wrap_line writes for one line (caller frees). */
static void append_to_memstream(void *out, const char *bytes, size_t n) { fwrite(bytes, 1, n, out); }

static char *wrapped(const char *line, size_t width) {
  char *bytes = NULL;
  size_t size = 0;
  FILE *out = open_memstream(&bytes, &size);
  assert_non_null(out);
  report_wrap_line(line, strlen(line), width, append_to_memstream, out);
  assert_int_equal(fclose(out), 0);
  return bytes;
}

/* Long lines break at spaces, and what follows the first line hangs past its indent and
 * list marker, or two spaces in without one. */
static void test_wrap_lines(void **state) {
  (void)state;
  static const struct {
    const char *line;
    size_t width;
    const char *expected;
  } cases[] = {
      {"  short enough", 20, "  short enough\n"},
      {"  a paragraph of several words", 0, "  a paragraph of several words\n"},
      {"  a paragraph of several words", 17, "  a paragraph of\n    several words\n"},
      {"  - an item of a list that goes on", 16, "  - an item of a\n    list that\n    goes on\n"},
      {"    12. a numbered item that goes on", 22,
       "    12. a numbered\n        item that goes\n        on\n"},
      {"  Why: unbreakable-word-longer-than-the-width end", 20,
       "  Why:\n    unbreakable-word-longer-than-the-width\n    end\n"},
      /* colour takes no column, and a break may fall inside a coloured part */
      {"a \033[33mcoloured\033[0m word", 16, "a \033[33mcoloured\033[0m word\n"},
      {"a \033[33mcoloured words\033[0m here", 12, "a \033[33mcoloured\n  words\033[0m here\n"},
      /* characters, not bytes, are counted */
      {"caf\xC3\xA9 caf\xC3\xA9 caf\xC3\xA9", 14, "caf\xC3\xA9 caf\xC3\xA9 caf\xC3\xA9\n"},
      /* spaces between words are kept where there is no break; at a break they go */
      {"one  two   three", 9, "one  two\n  three\n"},
      /* a deep indent hangs by half the width at most */
      {"                item words here", 20, "                item\n          words here\n"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *out = wrapped(cases[i].line, cases[i].width);
    if (strcmp(out, cases[i].expected) != 0)
      fail_msg("case %zu: wrapped \"%s\" as \"%s\"", i, cases[i].line, out);
    free(out);
  }
  assert_int_equal(report_wrap_columns("\033[1mab\xC3\xA9\033[0m", 12), 3);
}

/* Every line of a text plan fits the width asked for, but for a word wider than what is
 * left of it; the ingredient table stays whole; colour changes no break. */
static void test_text_fits_its_width(void **state) {
  (void)state;
  plan *p = sample_plan(1);
  static const size_t widths[] = {40, 60, 80, 100};
  for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
    char *bytes = NULL, *colored = NULL;
    size_t size = 0, colored_size = 0;
    FILE *out = open_memstream(&bytes, &size);
    FILE *colored_out = open_memstream(&colored, &colored_size);
    assert_non_null(out);
    assert_non_null(colored_out);
    assert_int_equal(report_write_text(p, out, (report_text_style){0, widths[w]}), 0);
    assert_int_equal(report_write_text(p, colored_out, (report_text_style){1, widths[w]}), 0);
    assert_int_equal(fclose(out), 0);
    assert_int_equal(fclose(colored_out), 0);
    for (char *line = bytes, *end; *line; line = end + 1) {
      end = strchr(line, '\n');
      assert_non_null(end);
      size_t columns = report_wrap_columns(line, (size_t)(end - line));
      int one_word = memchr(line, ' ', (size_t)(end - line)) == NULL ||
                     strspn(line, " ") + strcspn(line + strspn(line, " "), " \n") ==
                         (size_t)(end - line);
      /* the table's figures take 50 columns and its names 12 at least: narrower, its rows
       * (runs of spaces between columns) stay whole, wider than the page */
      int table_row = strstr(line + strspn(line, " "), "  ") != NULL;
      if (columns > widths[w] && !one_word && !(table_row && widths[w] < 62))
        fail_msg("width %zu: a line of %zu columns: %.*s", widths[w], columns, (int)(end - line),
                 line);
    }
    strip_ansi(colored);
    assert_string_equal(colored, bytes);
    free(bytes);
    free(colored);
  }
  plan_free(p);
}

/* Removes ANSI SGR sequences (ESC [ ... m) in place. */
static void strip_ansi(char *s) {
  char *to = s;
  for (const char *from = s; *from;) {
    if (*from == '\033' && from[1] == '[') {
      from += 2;
      while (*from && *from != 'm') from++;
      if (*from) from++;
      continue;
    }
    *to++ = *from++;
  }
  *to = '\0';
}

static void test_text_color(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  /* put the second authority in the lowest band so all three colours appear */
  p->authorities[1].score = 20;
  p->authorities[1].band = "at risk of pilotitis";
  char *plain = render(p, write_text_plain);
  char *color = render(p, write_text_color);
  assert_null(strchr(plain, '\033'));
  assert_non_null(
      strstr(color, "\033[1mNorthshire County Council (northshire), stage: transition\033[0m\n"));
  assert_non_null(strstr(color, "\033[1mDo first\033[0m\n"));
  assert_non_null(strstr(color, "\033[1mThe rest of the plan, by ingredient\033[0m\n"));
  assert_non_null(strstr(color, "\033[1mHow care leavers are doing\033[0m\n"));
  assert_non_null(strstr(color, "Overall score: \033[33m64.8/100, fragile\033[0m (coverage: "
                                "ingredients 83%, rules 58%)\n"));
  assert_non_null(strstr(color, "Overall score: \033[31m20.0/100, at risk of pilotitis\033[0m"));
  /* ingredient scores take their band's colour; the table stays aligned, its names
   * wrapped within their column to fit 80 columns */
  assert_non_null(strstr(color, "  coproduction              \033[32m71.3\033[0m          1.5"));
  assert_non_null(strstr(color, "  Organisational            \033[33m55.0\033[0m          1.0"));
  /* colour only wraps text that is there anyway: lines break where they break without it */
  strip_ansi(color);
  assert_string_equal(color, plain);
  free(plain);
  free(color);
  plain = render(p, write_text_lines);
  color = render(p, write_text_color_lines);
  assert_non_null(strstr(color, "  Organisational receptivity  \033[33m55.0\033[0m          1.0"));
  strip_ansi(color);
  assert_string_equal(color, plain);
  free(plain);
  free(color);
  plan_free(p);
}

/* A plan's strings come from data and rules: they must not break any format, drive a
 * terminal (C0 and C1 controls), reorder a line (bidirectional overrides and isolates) or
 * make markup. A control that is white space shows as a space, any other as U+FFFD. */
static void test_hostile_strings(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  p->name = "Review \033[2J<script>|x|";
  p->authorities[0].actions[0].why = "line one\nline two\ttabbed";
  p->authorities[0].actions[0].title = "bad \xff byte";
  p->authorities[0].actions[1].title = "csi \xC2\x9B" "2J rlo \xE2\x80\xAE" "evil lri \xE2\x81\xA6" "x";
  p->errors[1].message = "bell\a and escape \033[31m";

  char *text = render(p, write_text_color);
  strip_ansi(text); /* ours; any ESC left would be the plan's */
  assert_null(strchr(text, '\033'));
  assert_null(strchr(text, '\a'));
  assert_null(strstr(text, "\xC2\x9B"));
  assert_null(strstr(text, "\xE2\x80\xAE"));
  assert_null(strstr(text, "\xE2\x81\xA6"));
  assert_non_null(strstr(text, "Review \xEF\xBF\xBD[2J<script>|x|\n======================\n"));
  assert_non_null(strstr(text, "Why: line one line two tabbed\n"));
  assert_non_null(strstr(text, "1. bad \xEF\xBF\xBD byte\n"));
  assert_non_null(strstr(text, "2. csi \xEF\xBF\xBD" "2J rlo \xEF\xBF\xBD" "evil lri \xEF\xBF\xBD" "x\n"));
  free(text);

  char *markdown = render(p, write_markdown);
  assert_null(strchr(markdown, '\033'));
  assert_null(strstr(markdown, "\xE2\x80\xAE"));
  assert_non_null(strstr(markdown, "# Review \xEF\xBF\xBD\\[2J&lt;script&gt;\\|x\\|\n"));
  assert_non_null(strstr(markdown, "- Why: line one line two tabbed\n"));
  assert_non_null(strstr(markdown, "| bell\xEF\xBF\xBD and escape \xEF\xBF\xBD\\[31m |\n"));
  assert_non_null(strstr(markdown, "- **2. csi \xEF\xBF\xBD" "2J rlo \xEF\xBF\xBD" "evil lri \xEF\xBF\xBD" "x**\n"));
  free(markdown);

  char *html = render(p, write_html);
  assert_null(strchr(html, '\033'));
  assert_null(strstr(html, "\xC2\x9B"));
  assert_null(strstr(html, "\xE2\x80\xAE"));
  assert_non_null(strstr(html, "csi \xEF\xBF\xBD" "2J rlo \xEF\xBF\xBD" "evil lri \xEF\xBF\xBD" "x"));
  free(html);

  char *csv = render(p, write_csv);
  assert_null(strstr(csv, "\xE2\x80\xAE"));
  assert_non_null(strstr(csv, "csi \xEF\xBF\xBD" "2J rlo \xEF\xBF\xBD" "evil lri \xEF\xBF\xBD" "x"));
  free(csv);

  /* JSON keeps every value, escaped: the same text for a program, inert on a terminal */
  char *json = render(p, write_json);
  assert_non_null(strstr(json, "\"name\": \"Review \\u001b[2J<script>|x|\""));
  assert_non_null(strstr(json, "\"why\": \"line one\\nline two\\ttabbed\""));
  assert_non_null(strstr(json, "\"title\": \"bad \xEF\xBF\xBD byte\""));
  assert_non_null(strstr(json, "\"title\": \"csi \\u009b2J rlo \\u202eevil lri \\u2066x\""));
  assert_non_null(strstr(json, "\"message\": \"bell\\u0007 and escape \\u001b[31m\""));
  free(json);
  plan_free(p);
}

/* A full disk is reported, not swallowed. */
static void test_write_failure_is_reported(void **state) {
  (void)state;
  FILE *full = fopen("/dev/full", "w");
  if (!full) skip_because("/dev/full cannot be opened here");
  plan *p = sample_plan(0);
  errno = 0;
  assert_int_equal(report_write_json(p, full), -1);
  assert_int_equal(errno, ENOSPC);
  clearerr(full);
  errno = 0;
  assert_int_equal(report_write_text(p, full, (report_text_style){1, REPORT_TEXT_WIDTH}), -1);
  assert_int_equal(errno, ENOSPC);
  clearerr(full);
  errno = 0;
  assert_int_equal(report_write_markdown(p, full), -1);
  assert_int_equal(errno, ENOSPC);
  fclose(full);
  plan_free(p);
}

static void test_plan_helpers(void **state) {
  (void)state;
  plan *p = sample_plan(0);
  assert_int_equal(plan_count_rules(p, PLAN_RULE_ASSESSED), 3);
  assert_int_equal(plan_count_rules(p, PLAN_RULE_NOT_ASSESSED), 2);
  assert_int_equal(plan_count_rules(p, PLAN_RULE_ERROR), 1);
  plan_free(p);
  plan_free(NULL);
}

/* }====================================================================== */

/* ** {======================================================================
** The JSON writer and the number formatting.
** ======================================================================= */

static void test_json_string_escaping(void **state) {
  (void)state;
  static const struct {
    const char *input, *expected;
  } cases[] = {
      {"plain", "\"plain\"\n"},
      {"", "\"\"\n"},
      {"say \"hi\"", "\"say \\\"hi\\\"\"\n"},
      {"C:\\data\\", "\"C:\\\\data\\\\\"\n"},
      {"a\nb\rc\td", "\"a\\nb\\rc\\td\"\n"},
      {"\b\f", "\"\\b\\f\"\n"},
      {"\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"\n"},
      {"\033[0m", "\"\\u001b[0m\"\n"},
      {"/slash", "\"/slash\"\n"},
      /* valid UTF-8 passes through untouched: 2, 3 and 4 byte forms */
      {"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",
       "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"\n"},
      {"\xEF\xBF\xBF\xF4\x8F\xBF\xBF", "\"\xEF\xBF\xBF\xF4\x8F\xBF\xBF\"\n"}, /* U+FFFF, U+10FFFF */
      /* separators that end a line in JavaScript */
      {"a\xE2\x80\xA8"
       "b\xE2\x80\xA9",
       "\"a\\u2028b\\u2029\"\n"},
      /* C1 controls and bidirectional overrides and isolates: escaped, first and last of each */
      {"\xC2\x80\xC2\x9F\xC2\xA0", "\"\\u0080\\u009f\xC2\xA0\"\n"},
      {"\xE2\x80\xAA\xE2\x80\xAE\xE2\x80\xAF", "\"\\u202a\\u202e\xE2\x80\xAF\"\n"},
      {"\xE2\x81\xA5\xE2\x81\xA6\xE2\x81\xA9\xE2\x81\xAA",
       "\"\xE2\x81\xA5\\u2066\\u2069\xE2\x81\xAA\""
       "\n"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *out = json_of_string(cases[i].input);
    assert_string_equal(out, cases[i].expected);
    free(out);
  }
}

#define FFFD "\xEF\xBF\xBD"

static void test_json_invalid_utf8(void **state) {
  (void)state;
  static const struct {
    const char *input, *expected;
  } cases[] = {
      {"a\xFF"
       "b",
       "\"a" FFFD "b\"\n"},                                  /* never valid */
      {"\x80\xBF", "\"" FFFD FFFD "\"\n"},                   /* stray continuation bytes */
      {"\xC0\xAF", "\"" FFFD FFFD "\"\n"},                   /* overlong '/' */
      {"\xE0\x80\xAF", "\"" FFFD FFFD FFFD "\"\n"},          /* overlong three-byte */
      {"\xED\xA0\x80", "\"" FFFD FFFD FFFD "\"\n"},          /* a UTF-16 surrogate */
      {"\xF4\x90\x80\x80", "\"" FFFD FFFD FFFD FFFD "\"\n"}, /* past U+10FFFF */
      {"end\xC3", "\"end" FFFD "\"\n"},                      /* truncated at the end */
      {"\xE2\x82"
       "x",
       "\"" FFFD "x\"\n"}, /* truncated: one U+FFFD for both */
      {"\xF0\x9F\x98"
       "\"",
       "\"" FFFD "\\\"\"\n"}, /* truncated before an escape */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *out = json_of_string(cases[i].input);
    assert_string_equal(out, cases[i].expected);
    free(out);
  }
}

/* The writer skips clean text eight bytes at a time: every byte value, at every offset of
 * a longer string, must come out exactly as it does alone (which takes the byte-wise path). */
static void test_json_escaping_at_every_offset(void **state) {
  (void)state;
  enum { LENGTH = 19 };
  for (int byte = 1; byte < 256; byte++) {
    char alone[2] = {(char)byte, '\0'};
    char *single = json_of_string(alone); /* "\"X\"\n" */
    size_t body = strlen(single) - 3;
    for (size_t at = 0; at < LENGTH; at++) {
      char input[LENGTH + 1];
      memset(input, 'a', LENGTH);
      input[at] = (char)byte;
      input[LENGTH] = '\0';
      char expected[3 * LENGTH + 16];
      size_t n = 0;
      expected[n++] = '"';
      memset(expected + n, 'a', at);
      n += at;
      memcpy(expected + n, single + 1, body);
      n += body;
      memset(expected + n, 'a', LENGTH - 1 - at);
      n += LENGTH - 1 - at;
      memcpy(expected + n, "\"\n", 3);
      char *out = json_of_string(input);
      assert_string_equal(out, expected);
      free(out);
    }
    free(single);
  }
}

/* Output is collected in blocks: a document many blocks long, and one string longer than a
 * block, arrive whole and in order. */
static void test_json_larger_than_buffer(void **state) {
  (void)state;
  size_t long_length = 3 * JSON_WRITER_BUFFER_SIZE + 5;
  char *long_text = malloc(long_length + 1);
  assert_non_null(long_text);
  for (size_t i = 0; i < long_length; i++) long_text[i] = (char)('a' + i % 26);
  long_text[long_length] = '\0';

  json_capture c;
  json_writer *w = capture_start(&c);
  json_begin_array(w);
  for (int i = 0; i < 20000; i++) json_integer(w, i);
  json_string(w, long_text);
  json_end_array(w);
  char *bytes = capture_done(&c);

  /* "[" then "\n  0," ... "\n  19999," then the string, "\n]\n" */
  char *at = bytes;
  assert_true(strncmp(at, "[", 1) == 0);
  at++;
  for (int i = 0; i < 20000; i++) {
    char item[32];
    snprintf(item, sizeof item, "\n  %d,", i);
    assert_true(strncmp(at, item, strlen(item)) == 0);
    at += strlen(item);
  }
  assert_true(strncmp(at, "\n  \"", 4) == 0);
  at += 4;
  assert_true(memcmp(at, long_text, long_length) == 0);
  at += long_length;
  assert_string_equal(at, "\"\n]\n");
  free(bytes);
  free(long_text);
}

static const char *dash_for_space(unsigned char c) { return c == ' ' ? "-" : NULL; }
static const char *star_for_a(unsigned char c) { return c == 'a' ? "*" : NULL; }

/* The shared sink: each call cleans with its own escape (the sink remembers the answers of
 * the last one), and output many blocks long arrives whole and in order. */
static void test_sink_cleaning_and_blocks(void **state) {
  (void)state;
  char *bytes = NULL;
  size_t size = 0;
  FILE *out = open_memstream(&bytes, &size);
  assert_non_null(out);
  report_sink sink;
  report_sink_init(&sink, out);
  report_put_clean(&sink, "a b", dash_for_space);
  report_put_clean(&sink, "a b", star_for_a);
  report_put_clean(&sink, "a b\xFF", dash_for_space);
  report_put(&sink, "|");
  report_put_size(&sink, 0);
  report_put_size(&sink, SIZE_MAX);
  report_put_repeated(&sink, '.', 3);
  size_t long_length = 2 * REPORT_SINK_BUFFER_SIZE + 3;
  report_put_repeated(&sink, 'x', long_length);
  char *long_text = malloc(long_length + 1);
  assert_non_null(long_text);
  memset(long_text, 'a', long_length);
  long_text[long_length] = '\0';
  report_put_bytes(&sink, long_text, long_length);
  report_put_clean(&sink, long_text, star_for_a);
  assert_int_equal(report_sink_finish(&sink), 0);
  assert_int_equal(fclose(out), 0);

  char start[64];
  snprintf(start, sizeof start, "a-b* ba-b\xEF\xBF\xBD|0%zu...", (size_t)SIZE_MAX);
  size_t start_length = strlen(start);
  assert_int_equal(size, start_length + 3 * long_length);
  assert_memory_equal(bytes, start, start_length);
  for (size_t i = 0; i < long_length; i++) {
    assert_int_equal(bytes[start_length + i], 'x');
    assert_int_equal(bytes[start_length + long_length + i], 'a');
    assert_int_equal(bytes[start_length + 2 * long_length + i], '*');
  }
  free(bytes);
  free(long_text);
}

/* What report_put_clean writes for text, with the plain escapes (caller frees). */
static char *cleaned(const char *text, report_escape_fn escape) {
  char *bytes = NULL;
  size_t size = 0;
  FILE *out = open_memstream(&bytes, &size);
  assert_non_null(out);
  report_sink sink;
  report_sink_init(&sink, out);
  report_put_clean(&sink, text, escape);
  assert_int_equal(report_sink_finish(&sink), 0);
  assert_int_equal(fclose(out), 0);
  return bytes;
}

/* C1 controls and the bidirectional embeddings, overrides and isolates become U+FFFD in
 * every format; their neighbours in Unicode stay. */
static void test_sink_replaces_display_controls(void **state) {
  (void)state;
  static const struct {
    const char *input, *expected;
  } cases[] = {
      {"\xC2\x80|\xC2\x9B|\xC2\x9F|\xC2\xA0", FFFD "|" FFFD "|" FFFD "|\xC2\xA0"},
      {"\xE2\x80\xA9|\xE2\x80\xAA|\xE2\x80\xAE|\xE2\x80\xAF",
       "\xE2\x80\xA9|" FFFD "|" FFFD "|\xE2\x80\xAF"},
      {"\xE2\x81\xA5|\xE2\x81\xA6|\xE2\x81\xA9|\xE2\x81\xAA",
       "\xE2\x81\xA5|" FFFD "|" FFFD "|\xE2\x81\xAA"},
      /* white space controls are spaces; any other C0 control and DEL, U+FFFD */
      {"a\tb\nc\rd\ve\ff", "a b c d e f"},
      {"\033P0;title\a|\x01|\x7f", FFFD "P0;title" FFFD "|" FFFD "|" FFFD},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    report_escape_fn escapes[] = {report_escape_plain, report_escape_html, report_escape_markdown};
    for (size_t e = 0; e < 3; e++) {
      char *out = cleaned(cases[i].input, escapes[e]);
      if (e == 2) { /* Markdown escapes the table bar too */
        char *expected = malloc(2 * strlen(cases[i].expected) + 1), *at = expected;
        assert_non_null(expected);
        for (const char *c = cases[i].expected; *c; c++) {
          if (*c == '|') *at++ = '\\';
          *at++ = *c;
        }
        *at = '\0';
        assert_string_equal(out, expected);
        free(expected);
      } else {
        assert_string_equal(out, cases[i].expected);
      }
      free(out);
    }
  }
}

/* Markdown: every character that could start markup from data is escaped; ordinary
 * punctuation (apostrophes, ampersands, full stops, colons) is left as it is. */
static void test_markdown_escapes(void **state) {
  (void)state;
  static const struct {
    const char *input, *expected;
  } cases[] = {
      {"![x](https://e.example/b.png)", "!\\[x\\](https://e.example/b.png)"},
      {"[click](javascript:alert(1))", "\\[click\\](javascript:alert(1))"},
      {"<img src=x> <https://e.example>", "&lt;img src=x&gt; &lt;https://e.example&gt;"},
      {"*bold* _it_ `code` ~~gone~~ # \\", "\\*bold\\* \\_it\\_ \\`code\\` \\~\\~gone\\~\\~ \\# \\\\"},
      {"O'Neill & Co: 5.0", "O'Neill & Co: 5.0"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *out = cleaned(cases[i].input, report_escape_markdown);
    assert_string_equal(out, cases[i].expected);
    free(out);
  }
}

static char *json_document(void (*build)(json_writer *w), int *status, int *error) {
  json_capture c;
  build(capture_start(&c));
  return capture_end(&c, status, error);
}

static void build_nested(json_writer *w) {
  json_begin_object(w);
  json_key(w, "empty_array");
  json_begin_array(w);
  json_end_array(w);
  json_key(w, "empty_object");
  json_begin_object(w);
  json_end_object(w);
  json_key(w, "list");
  json_begin_array(w);
  json_integer(w, -7);
  json_boolean(w, 1);
  json_boolean(w, 0);
  json_null(w);
  json_string(w, NULL);
  json_number(w, 0.1);
  json_begin_array(w);
  json_number(w, NAN);
  json_end_array(w);
  json_end_array(w);
  json_member_string(w, "k\"ey", "v");
  json_member_integer(w, "n", 3);
  json_member_number_text(w, "t", "1.50");
  json_end_object(w);
}

static void build_unclosed(json_writer *w) {
  json_begin_object(w);
  json_key(w, "a");
}
static void build_key_in_array(json_writer *w) {
  json_begin_array(w);
  json_key(w, "a");
  json_end_array(w);
}
static void build_value_without_key(json_writer *w) {
  json_begin_object(w);
  json_integer(w, 1);
  json_end_object(w);
}
static void build_mismatched_end(json_writer *w) {
  json_begin_object(w);
  json_end_array(w);
}
static void build_two_top_values(json_writer *w) {
  json_null(w);
  json_null(w);
}
static void build_too_deep(json_writer *w) {
  for (int i = 0; i <= JSON_MAX_DEPTH; i++) json_begin_array(w);
  for (int i = 0; i <= JSON_MAX_DEPTH; i++) json_end_array(w);
}
static void build_nothing(json_writer *w) { (void)w; }

static void test_json_writer_structure(void **state) {
  (void)state;
  int status, error;
  char *out = json_document(build_nested, &status, &error);
  assert_int_equal(status, 0);
  assert_string_equal(out,
                      "{\n"
                      "  \"empty_array\": [],\n"
                      "  \"empty_object\": {},\n"
                      "  \"list\": [\n"
                      "    -7,\n"
                      "    true,\n"
                      "    false,\n"
                      "    null,\n"
                      "    null,\n"
                      "    0.1,\n"
                      "    [\n"
                      "      null\n"
                      "    ]\n"
                      "  ],\n"
                      "  \"k\\\"ey\": \"v\",\n"
                      "  \"n\": 3,\n"
                      "  \"t\": 1.50\n"
                      "}\n");
  free(out);

  void (*misuses[])(json_writer *) = {
      build_unclosed,       build_key_in_array,   build_value_without_key,
      build_mismatched_end, build_two_top_values, build_too_deep,
      build_nothing};
  for (size_t i = 0; i < sizeof misuses / sizeof misuses[0]; i++) {
    out = json_document(misuses[i], &status, &error);
    assert_int_equal(status, -1);
    assert_int_equal(error, EINVAL);
    free(out);
  }
}

static void test_number_formatting(void **state) {
  (void)state;
  char buf[REPORT_VALUE_SIZE];
  /* scores, impact, priority: one decimal, always shown, half away from zero */
  assert_string_equal(report_score_text(buf, 63.44), "63.4");
  assert_string_equal(report_score_text(buf, 63.45), "63.5");
  assert_string_equal(report_score_text(buf, 71.25), "71.3");
  assert_string_equal(report_score_text(buf, 0.15), "0.2");
  assert_string_equal(report_score_text(buf, 100), "100.0");
  assert_string_equal(report_score_text(buf, 0), "0.0");
  assert_string_equal(report_score_text(buf, 99.96), "100.0");
  assert_string_equal(report_score_text(buf, -0.04), "0.0"); /* no "-0.0" */
  assert_string_equal(report_score_text(buf, -0.0), "0.0");
  /* a change is the difference of the two scores as shown beside it */
  assert_string_equal(report_change_text(buf, 81.94, 89.66), "+7.8"); /* 81.9 -> 89.7 */
  assert_string_equal(report_change_text(buf, 68.24, 35.06), "-33.1"); /* 68.2 -> 35.1 */
  assert_string_equal(report_change_text(buf, 50.04, 49.96), "0.0");   /* 50.0 -> 50.0 */
  assert_string_equal(report_change_text(buf, NAN, 50), "-");
  assert_string_equal(report_score_text(buf, -2.25), "-2.3");
  assert_string_equal(report_score_text(buf, NAN), "null");
  assert_string_equal(report_score_text(buf, INFINITY), "null");
  assert_string_equal(report_score_text(buf, -INFINITY), "null");
  assert_string_equal(report_score_text(buf, 1e15), "1000000000000000.0");
  /* either side of the magnitude up to which digits are written without printf */
  assert_string_equal(report_score_text(buf, 999999999.95), "1000000000.0");
  assert_string_equal(report_score_text(buf, 1e9), "1000000000.0");
  assert_string_equal(report_score_text(buf, -999999999.94), "-999999999.9");
  assert_string_equal(report_score_text(buf, -1e9 - 0.25), "-1000000000.3");

  /* weights and coverage: two decimals, trimmed, at least one */
  assert_string_equal(report_weight_text(buf, 1), "1.0");
  assert_string_equal(report_weight_text(buf, 0.75), "0.75");
  assert_string_equal(report_weight_text(buf, 1.5), "1.5");
  assert_string_equal(report_weight_text(buf, 0), "0.0");
  assert_string_equal(report_weight_text(buf, 0.125), "0.13");
  assert_string_equal(report_weight_text(buf, 2.999), "3.0");
  assert_string_equal(report_weight_text(buf, 1.0 / 3), "0.33");
  assert_string_equal(report_weight_text(buf, 2.0 / 3), "0.67");
  assert_string_equal(report_weight_text(buf, -0.001), "0.0");
  assert_string_equal(report_weight_text(buf, NAN), "null");

  /* rounding is of the binary number scaled by ten, a hundred or ten thousand: a figure
   * whose decimal form ends in 5 just past the shown place, but is stored a little below
   * it, rounds down (0.145 is 0.14499999999999999; a spreadsheet shows 0.15) */
  assert_string_equal(report_weight_text(buf, 0.145), "0.14");
  assert_string_equal(report_weight_text(buf, 1.005), "1.0");
  assert_string_equal(report_measure_text(buf, 0.00145), "0.0014");
  assert_string_equal(report_measure_text(buf, 0.00155), "0.0016");

  /* shares read as whole percentages, and one strictly between 0 and 1 never as 0% or
   * 100% */
  assert_string_equal(report_share_text(buf, 0.7969), "80%");
  assert_string_equal(report_share_text(buf, 0.5), "50%");
  assert_string_equal(report_share_text(buf, 5.0 / 12), "42%");
  assert_string_equal(report_share_text(buf, 1), "100%");
  assert_string_equal(report_share_text(buf, 0), "0%");
  assert_string_equal(report_share_text(buf, 0.996), "99.6%");
  assert_string_equal(report_share_text(buf, 0.004), "0.4%");
  assert_string_equal(report_share_text(buf, 0.9996), "99.96%");
  assert_string_equal(report_share_text(buf, 0.99996), ">99.99%");
  assert_string_equal(report_share_text(buf, 0.00004), "<0.01%");
  assert_string_equal(report_share_text(buf, NAN), "null");
  plan_evidence share = {.kind = PLAN_VALUE_NUMBER, .number = 0.7969, .share = 1};
  assert_string_equal(report_evidence_text(buf, &share), "80%");
  share.share = 0; /* a number the rule did not call a share stays a number */
  assert_string_equal(report_evidence_text(buf, &share), "0.7969");

  /* coverage as a percentage agrees with the rounded fraction */
  assert_string_equal(report_percent_text(buf, 0.75), "75");
  assert_string_equal(report_percent_text(buf, 2.0 / 3), "67");
  assert_string_equal(report_percent_text(buf, 0.665), "67");
  assert_string_equal(report_weight_text(buf, 0.665), "0.67");
  assert_string_equal(report_percent_text(buf, 0.29), "29");
  assert_string_equal(report_percent_text(buf, 1), "100");
  assert_string_equal(report_percent_text(buf, 0), "0");
  assert_string_equal(report_percent_text(buf, NAN), "null");

  /* evidence: integral without decimals, else up to four decimals trimmed */
  assert_string_equal(report_measure_text(buf, 48), "48");
  assert_string_equal(report_measure_text(buf, -2), "-2");
  assert_string_equal(report_measure_text(buf, 0), "0");
  assert_string_equal(report_measure_text(buf, -0.0), "0");
  assert_string_equal(report_measure_text(buf, 5.0 / 12), "0.4167");
  assert_string_equal(report_measure_text(buf, 0.5), "0.5");
  assert_string_equal(report_measure_text(buf, 0.42), "0.42");
  assert_string_equal(report_measure_text(buf, 123456.78901), "123456.789");
  assert_string_equal(report_measure_text(buf, 2.00001), "2");
  assert_string_equal(report_measure_text(buf, 0.00004), "0");
  assert_string_equal(report_measure_text(buf, -0.00004), "0");
  assert_string_equal(report_measure_text(buf, 0.00005), "0.0001");
  assert_string_equal(report_measure_text(buf, 999999999999999), "999999999999999");
  assert_string_equal(report_measure_text(buf, 1e15), "1000000000000000");
  assert_string_equal(report_measure_text(buf, 1e20), "100000000000000000000");
  assert_string_equal(report_measure_text(buf, NAN), "null");
  assert_string_equal(report_measure_text(buf, INFINITY), "null");
  /* the widest double still fits the buffer */
  report_measure_text(buf, -1.7976931348623157e308);
  assert_int_equal(strlen(buf), 310);

  /* seconds: up to six decimals, at least one */
  assert_string_equal(report_seconds_text(buf, 0.0012), "0.0012");
  assert_string_equal(report_seconds_text(buf, 2), "2.0");
  assert_string_equal(report_seconds_text(buf, 0.0000004), "0.0");
  assert_string_equal(report_seconds_text(buf, 1.2345678), "1.234568");
  assert_string_equal(report_seconds_text(buf, 0.0000005), "0.000001");
  assert_string_equal(report_seconds_text(buf, -0.0000004), "0.0");
  assert_string_equal(report_seconds_text(buf, 123456789.1234567), "123456789.123457");
}

static char *json_of_number(double value) {
  json_capture c;
  json_number(capture_start(&c), value);
  return capture_done(&c);
}

/* json_number: the shortest text that reads back as the same double. */
static void test_json_number_round_trips(void **state) {
  (void)state;
  static const struct {
    double value;
    const char *expected;
  } cases[] = {{0.1, "0.1\n"},       {1.0 / 3, "0.3333333333333333\n"},
               {42, "42\n"},         {-0.0, "0\n"},
               {1e300, "1e+300\n"},  {NAN, "null\n"},
               {-INFINITY, "null\n"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *out = json_of_number(cases[i].value);
    assert_string_equal(out, cases[i].expected);
    free(out);
  }
}

/* }====================================================================== */


/* One format of a made-up trajectory, as `sustain history` writes it (caller frees). */
static char *history_text(const history_report *r, history_format format) {
  char *bytes = NULL;
  size_t size = 0;
  FILE *out = open_memstream(&bytes, &size);
  assert_non_null(out);
  assert_int_equal(history_write(r, format, out), 0);
  assert_int_equal(fclose(out), 0);
  return bytes;
}

/* `sustain history` cleans text with the plan writers' own escapes: in HTML the apostrophe
 * too, so a name stays inert in a single-quoted attribute. */
static void test_history_escapes_as_the_plan_writers(void **state) {
  (void)state;
  double scores[1] = {55};
  history_point point = {.date = "2024-03-31", .stage = "pilot", .band = "fragile",
                         .score = 55, .coverage = 1, .ingredients = scores};
  const char *ingredients[] = {"voice"};
  history_trajectory t = {.authority = "oneill", .name = "O'Neill <b>|\x01",
                          .ingredients = ingredients, .ingredient_count = 1, .points = &point,
                          .point_count = 1};
  history_report r = {.path = "history.db", .authorities = &t, .authority_count = 1};
  char *html = history_text(&r, HISTORY_HTML);
  assert_non_null(strstr(html, "O&#39;Neill &lt;b&gt;|\xEF\xBF\xBD "));
  assert_null(strstr(html, "O'Neill"));
  free(html);
  char *markdown = history_text(&r, HISTORY_MARKDOWN);
  assert_non_null(strstr(markdown, "O'Neill &lt;b&gt;\\|\xEF\xBF\xBD (oneill)"));
  free(markdown);
  char *text = history_text(&r, HISTORY_TEXT);
  assert_non_null(strstr(text, "O'Neill <b>|\xEF\xBF\xBD (oneill)")); /* the control: U+FFFD */
  free(text);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_json_golden),
      cmocka_unit_test(test_text_golden),
      cmocka_unit_test(test_markdown_golden),
      cmocka_unit_test(test_format_names_and_dispatch),
      cmocka_unit_test(test_json_explain),
      cmocka_unit_test(test_text_and_markdown_explain),
      cmocka_unit_test(test_explain_band),
      cmocka_unit_test(test_wrap_lines),
      cmocka_unit_test(test_text_fits_its_width),
      cmocka_unit_test(test_text_color),
      cmocka_unit_test(test_hostile_strings),
      cmocka_unit_test(test_write_failure_is_reported),
      cmocka_unit_test(test_plan_helpers),
      cmocka_unit_test(test_json_string_escaping),
      cmocka_unit_test(test_json_invalid_utf8),
      cmocka_unit_test(test_json_escaping_at_every_offset),
      cmocka_unit_test(test_json_larger_than_buffer),
      cmocka_unit_test(test_sink_cleaning_and_blocks),
      cmocka_unit_test(test_sink_replaces_display_controls),
      cmocka_unit_test(test_markdown_escapes),
      cmocka_unit_test(test_json_writer_structure),
      cmocka_unit_test(test_number_formatting),
      cmocka_unit_test(test_json_number_round_trips),
      cmocka_unit_test(test_history_escapes_as_the_plan_writers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
