/* test_hostile.c: the hostile-rule suite. Each file in tests/hostile/cases/ is
 * a rule file written to break the engine (loop, hoard memory, recurse, escape
 * the sandbox, tamper with what other rules see, return garbage). For each,
 * the fixture pack (tests/hostile/fixture/: a model, good rules, a CSV and an
 * INI with small limits) is copied to a scratch folder with the case beside the
 * good rules, and the library assesses it in this process (engine_open and
 * engine_assess, no workers). The case passes when
 *   - every hostile rule (ids `trap.*`) is an error whose message holds the
 *     expected text and names the case file and line, for both authorities;
 *   - the good rules have exactly the results of a control run without the
 *     case (scores, evidence, suppression, actions, overall score and band);
 *   - the assessment finished within its time, and the Lua state's memory after
 *     a full collection is back near where the control run left it.
 * Each case runs in a forked child, so a case that hangs or crashes fails on
 * its own (the parent kills it at a deadline) and the others still run; leaks
 * show as the child's sanitizer exit status.
 *
 * A case states its expectations in comment lines at its top:
 *   -- expect RULE_ID LINE TEXT    RULE_ID fails at the case's LINE ('*': any
 *                                  line of the case file) with TEXT in its message
 *                                  (TEXT|OTHER: either will do)
 *   -- load-error LINE TEXT        the pack refuses to load, at the case's LINE
 *   -- within SECONDS              the assessment's time bound (default 5)
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <lauxlib.h>

#include "engine.h"
#include "layout.h"

#define MAX_EXPECTATIONS 32
#define DEFAULT_WITHIN_SECONDS 5.0
/* Lua heap a run may keep beyond the control run's after a full collection:
 * interned strings and table slack, far below what any bomb allocates. */
#define MEMORY_SLACK (512u * 1024)
/* A child still running after this is a hang, whatever the case says. */
#define HARD_DEADLINE_SECONDS 60

typedef struct expectation {
  char rule[128];
  int line; /* 0: any line of the case file */
  char text[256];
} expectation;

typedef struct hostile_case {
  char path[PATH_MAX];
  char name[NAME_MAX + 1];
  expectation expected[MAX_EXPECTATIONS];
  size_t expected_count;
  int load_error;
  expectation load; /* when load_error */
  double within;
} hostile_case;

static const char *fixture_dir;
static config_layout layout; /* the build tree's plugins */
static layout_paths shipped_paths;

/* ** {======================================================================
** What a child finds: problems collected as text, sent to the parent
** ======================================================================= */

static char verdict[8192];

static void problem(const char *format, ...) __attribute__((format(printf, 1, 2)));
static void problem(const char *format, ...) {
  size_t used = strlen(verdict);
  if (used + 2 >= sizeof verdict) return;
  va_list args;
  va_start(args, format);
  vsnprintf(verdict + used, sizeof verdict - used - 1, format, args);
  va_end(args);
  used = strlen(verdict);
  verdict[used] = '\n';
  verdict[used + 1] = '\0';
}

/* }====================================================================== */

/* ** {======================================================================
** Reading a case's expectations
** ======================================================================= */

static int read_case(hostile_case *c, const char *path) {
  *c = (hostile_case){.within = DEFAULT_WITHIN_SECONDS};
  snprintf(c->path, sizeof c->path, "%s", path);
  const char *slash = strrchr(path, '/');
  snprintf(c->name, sizeof c->name, "%.255s", slash ? slash + 1 : path);
  FILE *file = fopen(path, "r");
  if (!file) return -1;
  char line[512];
  while (fgets(line, sizeof line, file) && strncmp(line, "--", 2) == 0) {
    line[strcspn(line, "\n")] = '\0';
    char word[32], rule[128], where[16];
    int used = 0;
    if (sscanf(line, "-- %31s%n", word, &used) != 1) continue;
    const char *rest = line + used;
    if (strcmp(word, "expect") == 0 && c->expected_count < MAX_EXPECTATIONS &&
        sscanf(rest, " %127s %15s %n", rule, where, &used) == 2) {
      expectation *e = &c->expected[c->expected_count++];
      snprintf(e->rule, sizeof e->rule, "%s", rule);
      e->line = strcmp(where, "*") == 0 ? 0 : atoi(where);
      snprintf(e->text, sizeof e->text, "%s", rest + used);
    } else if (strcmp(word, "load-error") == 0 && sscanf(rest, " %15s %n", where, &used) == 1) {
      c->load_error = 1;
      c->load.line = strcmp(where, "*") == 0 ? 0 : atoi(where);
      snprintf(c->load.text, sizeof c->load.text, "%s", rest + used);
    } else if (strcmp(word, "within") == 0) {
      c->within = atof(rest);
    }
  }
  fclose(file);
  return c->expected_count || c->load_error ? 0 : -1;
}

/* }====================================================================== */

/* ** {======================================================================
** Running an assessment and summing up the good rules' results
** ======================================================================= */

typedef struct run_result {
  int opened;
  char *summary; /* the good rules' results as text, for comparison */
  size_t memory_growth;
  double seconds;
} run_result;

static int is_trap(const char *rule_id) { return strncmp(rule_id, "trap.", 5) == 0; }

static void append(char **text, size_t *length, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
static void append(char **text, size_t *length, const char *format, ...) {
  va_list args;
  va_start(args, format);
  char piece[1024];
  int n = vsnprintf(piece, sizeof piece, format, args);
  va_end(args);
  if (n < 0) return;
  char *grown = realloc(*text, *length + (size_t)n + 1);
  if (!grown) abort();
  memcpy(grown + *length, piece, (size_t)n + 1);
  *text = grown;
  *length += (size_t)n;
}

/* Everything a reader of the plan would see of the good rules, exactly. */
static char *summarise(const plan *p) {
  char *text = NULL;
  size_t length = 0;
  append(&text, &length, "%zu authorities\n", p->authority_count);
  for (size_t a = 0; a < p->authority_count; a++) {
    const plan_authority *pa = &p->authorities[a];
    append(&text, &length, "%s score %.6f band %s coverage %.6f\n", pa->id, pa->score,
           pa->band ? pa->band : "-", pa->coverage);
    for (size_t i = 0; i < pa->ingredient_count; i++) {
      const plan_ingredient *ing = &pa->ingredients[i];
      append(&text, &length, " %s %.6f\n", ing->id, ing->score);
      for (size_t r = 0; r < ing->rule_count; r++) {
        const plan_rule *rule = &ing->rules[r];
        if (is_trap(rule->id)) continue;
        append(&text, &length, "  %s status %d score %.6f %s\n", rule->id, (int)rule->status,
               rule->score, rule->message ? rule->message : rule->reason ? rule->reason : "");
        for (size_t e = 0; e < rule->evidence_count; e++) {
          const plan_evidence *ev = &rule->evidence[e];
          append(&text, &length, "   %s kind %d %.6f %s %d\n", ev->label, (int)ev->kind,
                 ev->kind == PLAN_VALUE_NUMBER ? ev->number : 0.0,
                 ev->kind == PLAN_VALUE_TEXT ? ev->text : "", ev->boolean);
        }
      }
    }
    for (size_t i = 0; i < pa->action_count; i++) {
      const plan_action *action = &pa->actions[i];
      if (action->rule && is_trap(action->rule)) continue;
      append(&text, &length, " action %s %s %s %.6f %s\n", action->id, action->title,
             action->owner, action->impact, action->why);
    }
  }
  return text;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Two full collections: Lua gives back the call records of a deep recursion
 * half at a time, one half per collection. */
static size_t collected_memory(engine *e) {
  lua_gc(e->sb.L, LUA_GCCOLLECT);
  lua_gc(e->sb.L, LUA_GCCOLLECT);
  return e->sb.memory_used;
}

/* Whether message holds one of the |-separated alternatives of text. */
static int mentions(const char *message, const char *text) {
  char copy[256];
  snprintf(copy, sizeof copy, "%s", text);
  for (char *save = NULL, *part = strtok_r(copy, "|", &save); part;
       part = strtok_r(NULL, "|", &save))
    if (strstr(message, part)) return 1;
  return !text[0];
}

static void print_diags(const diag_list *diags) {
  for (size_t i = 0; i < diags->count; i++) {
    char line[1024];
    FILE *sink = fmemopen(line, sizeof line, "w");
    if (!sink) continue;
    diag_print(&diags->items[i], sink);
    fclose(sink);
    line[sizeof line - 1] = '\0';
    line[strcspn(line, "\n")] = '\0';
    problem("  %s", line);
  }
}

/* Assesses the config in dir. check, when given, looks at the plan first. */
static run_result run_assessment(const char *dir, const hostile_case *c,
                                 void (*check)(const hostile_case *, const plan *),
                                 diag_list *diags) {
  run_result result = {0};
  char config[PATH_MAX];
  snprintf(config, sizeof config, "%s/assessment.ini", dir);
  engine_options options = {.config_path = config, .layout = &layout};
  engine e;
  if (engine_open(&e, &options, diags) != 0) {
    engine_close(&e);
    return result;
  }
  result.opened = 1;
  size_t before = collected_memory(&e);
  plan *p = NULL;
  double start = now();
  int status = engine_assess(&e, &options, &p, diags);
  result.seconds = now() - start;
  if (status != 0) {
    problem("engine_assess failed:");
    print_diags(diags);
  } else {
    size_t after = collected_memory(&e);
    result.memory_growth = after > before ? after - before : 0;
    result.summary = summarise(p);
    if (check) check(c, p);
    plan_free(p);
  }
  engine_close(&e);
  return result;
}

/* }====================================================================== */

/* ** {======================================================================
** One case, in a child process
** ======================================================================= */

static int copy_fixture(const char *dir) {
  char command[3 * PATH_MAX];
  snprintf(command, sizeof command, "cp -R '%s'/. '%s'/", fixture_dir, dir);
  return system(command) == 0 ? 0 : -1;
}

static int ends_with(const char *text, const char *tail) {
  size_t a = strlen(text), b = strlen(tail);
  return a >= b && strcmp(text + a - b, tail) == 0;
}

/* A rule or context item of the plan (a case may trap either). */
static const plan_rule *find_rule(const plan_authority *pa, const char *id) {
  for (size_t i = 0; i < pa->ingredient_count; i++)
    for (size_t r = 0; r < pa->ingredients[i].rule_count; r++)
      if (strcmp(pa->ingredients[i].rules[r].id, id) == 0) return &pa->ingredients[i].rules[r];
  for (size_t i = 0; i < pa->context_count; i++)
    if (strcmp(pa->context[i].id, id) == 0) return &pa->context[i];
  return NULL;
}

static const expectation *expectation_for(const hostile_case *c, const char *rule) {
  for (size_t i = 0; i < c->expected_count; i++)
    if (strcmp(c->expected[i].rule, rule) == 0) return &c->expected[i];
  return NULL;
}

/* One hostile rule's (or context item's) result: an error with the expected text, located
 * in the case file, with no score, evidence or benchmark left behind. */
static void check_trap(const hostile_case *c, const plan_authority *pa, const plan_rule *rule) {
  char located[NAME_MAX + 32];
  const expectation *e = expectation_for(c, rule->id);
  if (!e) {
    problem("%s: %s has no `-- expect` line", pa->id, rule->id);
    return;
  }
  if (rule->status != PLAN_RULE_ERROR) {
    problem("%s: %s is %s (score %g), expected an error with '%s'", pa->id, rule->id,
            rule->status == PLAN_RULE_ASSESSED ? "assessed" : "not assessed", rule->score,
            e->text);
    return;
  }
  if (!mentions(rule->message, e->text))
    problem("%s: %s: message '%s' lacks '%s'", pa->id, rule->id, rule->message, e->text);
  if (e->line) snprintf(located, sizeof located, "%s:%d:", c->name, e->line);
  else snprintf(located, sizeof located, "%s:", c->name);
  if (!strstr(rule->message, located))
    problem("%s: %s: message '%s' is not located at %s", pa->id, rule->id, rule->message,
            located);
  if (strlen(rule->message) > SANDBOX_MESSAGE_SIZE + 300)
    problem("%s: %s: the message is %zu bytes long", pa->id, rule->id,
            strlen(rule->message));
  if (!isnan(rule->score) || rule->evidence_count || rule->benchmark_count)
    problem("%s: %s failed but shows a score, evidence or a benchmark", pa->id, rule->id);
}

/* The hostile rules' results: errors, located in the case file. */
static void check_traps(const hostile_case *c, const plan *p) {
  for (size_t a = 0; a < p->authority_count; a++) {
    const plan_authority *pa = &p->authorities[a];
    for (size_t i = 0; i < c->expected_count; i++)
      if (!find_rule(pa, c->expected[i].rule))
        problem("%s: no rule %s in the plan (did the case declare it?)", pa->id,
                c->expected[i].rule);
    for (size_t i = 0; i < pa->ingredient_count; i++)
      for (size_t r = 0; r < pa->ingredients[i].rule_count; r++)
        if (is_trap(pa->ingredients[i].rules[r].id)) check_trap(c, pa, &pa->ingredients[i].rules[r]);
    for (size_t i = 0; i < pa->context_count; i++)
      if (is_trap(pa->context[i].id)) check_trap(c, pa, &pa->context[i]);
    for (size_t i = 0; i < pa->action_count; i++)
      if (pa->actions[i].rule && is_trap(pa->actions[i].rule))
        problem("%s: the failed rule %s left the action %s in the plan", pa->id,
                pa->actions[i].rule, pa->actions[i].id);
  }
  /* every error in the plan is a hostile rule's, located in the case file */
  for (size_t i = 0; i < p->error_count; i++) {
    const plan_error *err = &p->errors[i];
    if (!err->rule || !is_trap(err->rule)) {
      problem("an error for a good rule: %s: %s", err->rule ? err->rule : "(none)", err->message);
      continue;
    }
    const expectation *e = expectation_for(c, err->rule);
    char tail[NAME_MAX + 8];
    snprintf(tail, sizeof tail, "/%s", c->name);
    if (!err->file || !ends_with(err->file, tail) || (e && e->line && err->line != e->line) ||
        err->line <= 0)
      problem("the plan's error for %s is located at %s:%d, expected %s:%d", err->rule,
              err->file ? err->file : "(none)", err->line, c->name, e ? e->line : 0);
  }
}

static void run_case_in_child(const hostile_case *c) {
  char dir[64];
  snprintf(dir, sizeof dir, "/tmp/sustain-hostile-XXXXXX");
  if (!mkdtemp(dir) || copy_fixture(dir) != 0) {
    problem("cannot prepare a scratch folder");
    return;
  }
  diag_list diags = {0};
  run_result control = run_assessment(dir, c, NULL, &diags);
  if (!control.opened || !control.summary) {
    problem("the control run (fixture without the case) failed:");
    print_diags(&diags);
  }
  diag_list_clear(&diags);

  char command[3 * PATH_MAX];
  snprintf(command, sizeof command, "cp '%s' '%s/rules/%s'", c->path, dir, c->name);
  if (system(command) != 0) problem("cannot copy the case");
  double start = now();
  run_result hostile = run_assessment(dir, c, c->load_error ? NULL : check_traps, &diags);
  double seconds = now() - start;
  if (c->load_error) {
    int found = 0;
    char located[NAME_MAX + 32];
    for (size_t i = 0; i < diags.count; i++) {
      const diag *d = &diags.items[i];
      snprintf(located, sizeof located, "/%s", c->name);
      found |= d->file && ends_with(d->file, located) && (!c->load.line || d->line == c->load.line) &&
               strstr(d->message, c->load.text) != NULL;
    }
    if (hostile.opened) problem("the pack loaded; expected a refusal at line %d", c->load.line);
    else if (!found) {
      problem("no diagnostic at %s:%d with '%s'; got:", c->name, c->load.line, c->load.text);
      print_diags(&diags);
    }
  } else if (!hostile.opened) {
    problem("the pack with the case did not load:");
    print_diags(&diags);
  } else if (control.summary && hostile.summary && strcmp(control.summary, hostile.summary) != 0) {
    problem("the good rules' results changed. control:\n%s\nwith the case:\n%s", control.summary,
            hostile.summary);
  }
  if (seconds > c->within)
    problem("took %.2f s; the limit for this case is %.1f s", seconds, c->within);
  if (hostile.opened && hostile.memory_growth > control.memory_growth + MEMORY_SLACK)
    problem("the Lua state kept %zu KB more than the control run after a full collection",
            (hostile.memory_growth - control.memory_growth) / 1024);
  free(control.summary);
  free(hostile.summary);
  diag_list_clear(&diags);
  snprintf(command, sizeof command, "rm -rf '%s'", dir);
  if (system(command) != 0) problem("cannot remove %s", dir);
}

/* }====================================================================== */

/* ** {======================================================================
** The parent: one cmocka test per case
** ======================================================================= */

static void test_case(void **state) {
  const hostile_case *c = *state;
  int channel[2];
  assert_int_equal(pipe(channel), 0);
  fflush(NULL);
  pid_t child = fork();
  assert_true(child >= 0);
  if (child == 0) {
    close(channel[0]);
    run_case_in_child(c);
    size_t length = strlen(verdict);
    if (length && write(channel[1], verdict, length) < 0) _exit(2);
    close(channel[1]);
    exit(0); /* exit, not _exit: sanitizers check for leaks at exit */
  }
  close(channel[1]);
  char report[sizeof verdict] = "";
  size_t used = 0;
  double deadline = now() + HARD_DEADLINE_SECONDS;
  int hung = 0;
  for (;;) {
    struct pollfd pfd = {channel[0], POLLIN, 0};
    int left = (int)((deadline - now()) * 1000);
    if (left <= 0 || poll(&pfd, 1, left) == 0) {
      hung = 1;
      break;
    }
    ssize_t n = read(channel[0], report + used, sizeof report - 1 - used);
    if (n <= 0) break;
    used += (size_t)n;
  }
  report[used] = '\0';
  close(channel[0]);
  if (hung) kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  if (hung) fail_msg("%s: still running after %d s (a hang the limits missed)", c->name,
                     HARD_DEADLINE_SECONDS);
  if (used) fail_msg("%s:\n%s", c->name, report);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    fail_msg("%s: the run ended with %s %d (a crash, or a leak or error a sanitizer found)",
             c->name, WIFSIGNALED(status) ? "signal" : "status",
             WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: test_hostile FIXTURE_DIR CASES_DIR\n");
    return 2;
  }
  fixture_dir = argv[1];
  layout_of_program(&layout, &shipped_paths);
  DIR *dir = opendir(argv[2]);
  if (!dir) {
    fprintf(stderr, "test_hostile: cannot open %s\n", argv[2]);
    return 2;
  }
  char **names = NULL;
  size_t count = 0;
  struct dirent *entry;
  while ((entry = readdir(dir))) {
    size_t length = strlen(entry->d_name);
    if (length < 5 || strcmp(entry->d_name + length - 4, ".lua") != 0) continue;
    names = realloc(names, (count + 1) * sizeof *names);
    names[count++] = strdup(entry->d_name);
  }
  closedir(dir);
  qsort(names, count, sizeof *names, by_name);
  hostile_case *cases = calloc(count + 1, sizeof *cases);
  struct CMUnitTest *tests = calloc(count + 1, sizeof *tests);
  int broken = 0;
  for (size_t i = 0; i < count; i++) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", argv[2], names[i]);
    if (read_case(&cases[i], path) != 0) {
      fprintf(stderr, "test_hostile: %s has no `-- expect` or `-- load-error` line\n", path);
      broken = 1;
    }
    tests[i] = (struct CMUnitTest){.name = cases[i].name, .test_func = test_case,
                                   .initial_state = &cases[i]};
  }
  int failed = broken ? 1 : _cmocka_run_group_tests("hostile", tests, count, NULL, NULL);
  for (size_t i = 0; i < count; i++) free(names[i]);
  free(names);
  free(cases);
  free(tests);
  return failed ? 1 : 0;
}

/* }====================================================================== */
