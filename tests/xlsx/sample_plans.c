/* sample_plans.c: the xlsx writer over plans no example makes, for tests/xlsx/run.py.
 *
 *   xlsx-sample-plans write DIR    writes DIR/NAME.xlsx and DIR/NAME.json (the same plan
 *                                  as the JSON writer gives it, for its texts) for each
 *                                  sample: no-authorities, no-actions, hostile
 *   xlsx-sample-plans odd FILE...  builds plans from each file's bytes, and from the same
 *                                  bytes at a few offsets (tests/fuzz/odd_plan.h), and
 *                                  checks each workbook is written whole
 *   xlsx-sample-plans full         a workbook written to /dev/full fails with ENOSPC
 *
 * Prints one line per problem on stderr and exits 1 when there was any. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "odd_plan.h"
#include "plan.h"
#include "report.h"

/* The first bytes of a zip file's local header and of its end of central directory. */
#define ZIP_LOCAL_HEADER "PK\x03\x04"
#define ZIP_END_RECORD "PK\x05\x06"
#define ZIP_END_RECORD_SIZE 22

/* Offsets into each odd-plan file that start another plan, and their step. */
#define ODD_OFFSETS 16
#define ODD_OFFSET_STEP 4

/* ** {======================================================================
** The samples
** ======================================================================= */

static const char *const HYPERLINK = "=HYPERLINK(\"http://evil.example\",\"click\")";

/* A text far over a cell's limit, with four-byte characters (two UTF-16 units each)
 * where the cut falls, so a cut inside one would show. Returns a malloc'd string. */
static char *very_long_text(void) {
  const size_t plain = 32600, wide = 200, tail = 5000;
  char *text = malloc(plain + wide * 4 + tail + 1), *at = text;
  if (!text) return NULL;
  memset(at, 'x', plain);
  at += plain;
  for (size_t i = 0; i < wide; i++, at += 4) memcpy(at, "\xF0\x9F\x98\x80", 4); /* U+1F600 */
  memset(at, 'y', tail);
  at[tail] = '\0';
  return text;
}

static plan_band hostile_bands[] = {
    {70, "=A1+1", "@SUM(A1) means \x1B[31mred\x1B[0m"},
    {40, "fragile\x07", NULL},
    {0, "-risk", "a \xE2\x80\xAE reversed meaning"},
};

static plan_ingredient hostile_ingredients[] = {
    {.id = "ing", .title = "+1+1\x07 bell", .score = 55.04, .weight = 1.25},
    {.id = "none", .title = "_x0007_ and _X202e_ as written", .score = NAN, .weight = 0},
};

/* Every text a rule or the data could put in a cell, hostile. */
static void fill_hostile(plan *p, plan_authority *a, plan_action actions[3], char *long_text) {
  actions[0] = (plan_action){
      .rank = 1, .title = HYPERLINK, .owner = "@owner", .effort = "-1", .ingredient = "ing",
      .why = "line one\nline two\twith a tab\rand a CR \x1B[31mred\x1B[0m \xC2\x9B C1 "
             "\xE2\x80\xAE reversed \xE2\x81\xA6 isolate \x7F DEL \xFF invalid",
      .first = 1, .survival = 1};
  actions[1] = (plan_action){.rank = 2, .title = "_x0007_ shown as written", .why = long_text,
                             .ingredient = "missing"};
  actions[2] = (plan_action){.rank = 3, .title = "+SUM(1,2)", .why = "", .owner = "=1+1",
                             .effort = "low", .ingredient = "none"};
  *a = (plan_authority){.id = "hostile", .name = HYPERLINK, .score = NAN,
                        .ingredients = hostile_ingredients, .ingredient_count = 2,
                        .actions = actions, .action_count = 3};
  *p = (plan){.name = "=cmd|' /C calc'!A0", .date = "2024-03-31", .bands = hostile_bands,
              .band_count = 3, .authorities = a, .authority_count = 1};
}

static int write_file(const plan *p, report_format format, const char *dir, const char *name,
                      const char *extension) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s.%s", dir, name, extension);
  FILE *out = fopen(path, "wb");
  int status = out ? report_write(p, format, out) : -1;
  if (out && fclose(out) != 0) status = -1;
  if (status != 0) fprintf(stderr, "%s: %s\n", path, strerror(errno));
  return status;
}

static int write_sample(const plan *p, const char *dir, const char *name) {
  int status = write_file(p, REPORT_XLSX, dir, name, "xlsx");
  return write_file(p, REPORT_JSON, dir, name, "json") | status;
}

static int write_samples(const char *dir) {
  plan empty = {.name = "No authorities", .date = "2024-03-31"};
  plan_ingredient ingredient = {.id = "quiet", .title = "Quiet", .score = 80, .weight = 1};
  plan_authority idle[2] = {
      {.id = "one", .name = "One Council", .score = 80, .ingredients = &ingredient,
       .ingredient_count = 1},
      {.id = "two", .name = NULL, .score = NAN}, /* no name, no ingredients */
  };
  plan quiet = {.name = "No actions", .date = "2024-03-31", .authorities = idle,
                .authority_count = 2};
  plan hostile;
  plan_authority authority;
  plan_action actions[3];
  char *long_text = very_long_text();
  if (!long_text) return -1;
  fill_hostile(&hostile, &authority, actions, long_text);
  int status = write_sample(&empty, dir, "no-authorities") | write_sample(&quiet, dir, "no-actions") |
               write_sample(&hostile, dir, "hostile");
  free(long_text);
  return status;
}

/* }====================================================================== */

/* ** {======================================================================
** Odd plans and a full disk
** ======================================================================= */

/* Writes p's workbook into memory: it must succeed and be a whole zip file. */
static int check_odd_plan(const plan *p, const char *file, size_t offset) {
  char *bytes = NULL;
  size_t size = 0;
  FILE *out = open_memstream(&bytes, &size);
  if (!out) return -1;
  int status = report_write_xlsx(p, out);
  if (fclose(out) != 0) status = -1;
  const char *wrong = status != 0 ? strerror(errno) : NULL;
  if (!wrong && (size < ZIP_END_RECORD_SIZE || memcmp(bytes, ZIP_LOCAL_HEADER, 4) != 0 ||
                 memcmp(bytes + size - ZIP_END_RECORD_SIZE, ZIP_END_RECORD, 4) != 0))
    wrong = "not a whole zip file";
  if (wrong) fprintf(stderr, "%s at offset %zu: %s\n", file, offset, wrong);
  free(bytes);
  return wrong ? -1 : 0;
}

static int check_odd_file(const char *file, size_t *plans) {
  FILE *in = fopen(file, "rb");
  if (!in) {
    fprintf(stderr, "%s: %s\n", file, strerror(errno));
    return -1;
  }
  uint8_t data[1 << 16];
  size_t size = fread(data, 1, sizeof data, in);
  fclose(in);
  int status = 0;
  for (size_t k = 0; k < ODD_OFFSETS && (k == 0 || k * ODD_OFFSET_STEP < size); k++) {
    size_t offset = k * ODD_OFFSET_STEP;
    odd_plan_bytes bytes = {data + offset, size - offset, 0};
    plan *p = odd_plan_build(&bytes);
    if (!p) return -1;
    status |= check_odd_plan(p, file, offset);
    plan_free(p);
    ++*plans;
  }
  return status;
}

/* A write that fails reports its error, as any writer does. */
static int check_full_disk(void) {
  plan empty = {.name = "Full", .date = "2024-03-31"};
  FILE *out = fopen("/dev/full", "wb");
  if (!out) {
    fprintf(stderr, "/dev/full: %s\n", strerror(errno));
    return -1;
  }
  errno = 0;
  int status = report_write_xlsx(&empty, out), error = errno;
  fclose(out);
  if (status == 0 || error != ENOSPC) {
    fprintf(stderr, "/dev/full: status %d, %s (expected ENOSPC)\n", status, strerror(error));
    return -1;
  }
  return 0;
}

/* }====================================================================== */

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "write") == 0) return write_samples(argv[2]) ? 1 : 0;
  if (argc == 2 && strcmp(argv[1], "full") == 0) return check_full_disk() ? 1 : 0;
  if (argc >= 3 && strcmp(argv[1], "odd") == 0) {
    int status = 0;
    size_t plans = 0;
    for (int i = 2; i < argc; i++) status |= check_odd_file(argv[i], &plans);
    printf("%zu odd plans written\n", plans);
    return status ? 1 : 0;
  }
  fprintf(stderr, "usage: xlsx-sample-plans write DIR | odd FILE... | full\n");
  return 2;
}
