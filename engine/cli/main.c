/* main.c: the `sustain` command line. It parses arguments, calls the library
 * (engine.h) and prints; no assessment logic lives here. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "assessment_date.h"
#include "audience.h"
#include "check_output.h"
#include "cli_options.h"
#include "engine.h"
#include "history.h"
#include "history_pack.h"
#include "history_trend.h"
#include "init.h"
#include "layout.h"
#include "lint.h"
#include "nearest.h"
#include "output_file.h"
#include "records.h"
#include "report.h"
#include "rule_tests.h"
#include "sustain_version.h"
#include "terminal.h"
#include "watch.h"

/* The val of long options without a short form, past every character getopt could return. */
enum { OPTION_COLOR = 256, OPTION_AUDIENCE, OPTION_CACHE, OPTION_NO_CACHE };

/* How many rule calls `run --profile` lists unless told. */
#define RUN_PROFILE_DEFAULT 10

/* The most worker processes `run --jobs` starts at once. */
#define RUN_MAX_JOBS 256

/* Exit statuses (docs: README.md). */
enum {
  EXIT_PLAN = 0,        /* plan written, every rule ran */
  EXIT_NO_PLAN = 1,     /* bad config, data, plugin or rules */
  EXIT_USAGE = 2,       /* bad command line */
  EXIT_RULE_ERRORS = 3  /* plan written, some rules failed */
};

static const char usage_main[] =
    "Usage: sustain COMMAND [OPTIONS]\n"
    "\n"
    "Assesses whether a public-service innovation will outlive its pilot funding,\n"
    "from an authority's own data and Lua rules, and writes a ranked action plan.\n"
    "\n"
    "Commands:\n"
    "  run CONFIG.ini       assess and write the plan\n"
    "  check CONFIG.ini     load config, plugins, data and rules; report every problem\n"
    "  test [PATH...]       run rule-pack tests (*_test.lua)\n"
    "  plugins [CONFIG.ini] list the data-source plugins found\n"
    "  history CONFIG.ini   show each authority's scores over the recorded runs\n"
    "  init DIR             write a starter assessment to begin from your own data\n"
    "  help [COMMAND]       show this help, or the command's\n"
    "\n"
    "Options:\n"
    "  -h, --help           show this help (or `sustain COMMAND --help`)\n"
    "  -V, --version        show the version\n"
    "\n"
    "Exit status: 0 plan written; 3 plan written but some rules failed;\n"
    "1 no plan (a problem in the config, data, plugins or rules), or the plan was\n"
    "written but the run could not be recorded in its [history]; 2 usage error.\n"
    "Documentation: README.md and docs/ (config.md, rules.md, plugins.md).\n";

static const char usage_run[] =
    "Usage: sustain run CONFIG.ini [OPTIONS]\n"
    "\n"
    "Loads the assessment described by CONFIG.ini, runs its rules for each\n"
    "authority and writes the plan: scores per ingredient with their evidence,\n"
    "and a ranked action plan.\n"
    "\n"
    "Options:\n"
    "  -f, --format FORMAT  text, markdown, json, csv (the ranked actions), html\n"
    "                       (one page with charts) or xlsx (a workbook to track\n"
    "                       the actions in); default: the config's `format`, else\n"
    "                       the output file's extension (.txt, .md, .json, .csv,\n"
    "                       .html, .xlsx), else text\n"
    "  -o, --output FILE    write the plan to FILE, atomically (default: the\n"
    "                       config's `output`, else standard output; - for stdout)\n"
    "  -a, --authority ID   assess only this authority (repeatable)\n"
    "      --audience WHO   board (the full plan, the default: the config's\n"
    "                       `audience`) or young-people (a short version in plain\n"
    "                       words for care leavers; text, markdown, html or json)\n"
    "  -j, --jobs N         load sources on N threads (a large file in parts) and\n"
    "                       assess N authorities at once, each in its own worker\n"
    "                       process (default: one per processor); the plan is the\n"
    "                       same for any N\n"
    "  -d, --date DATE      assess as of DATE (YYYY-MM-DD) instead of the config's date\n"
    "      --cache          keep loaded data files in the cache folder and read them\n"
    "                       from it when unchanged (a copy of the data: see the\n"
    "                       config's `cache`); --no-cache: neither, whatever the\n"
    "                       config says\n"
    "  -e, --explain        show each rule's cost and each action's priority terms\n"
    "  -s, --strict         write no plan when any rule fails (exit 1)\n"
    "  -q, --quiet          no progress bar (it shows only on a terminal, after 1 s)\n"
    "  -p, --profile [N]    list the N slowest rule calls on stderr (default 10),\n"
    "                       and the time spent loading, assessing and writing\n"
    "      --trace          show on stderr the lines rules write with debug(...)\n"
    "                       (never in the plan); in plan order with --jobs 1\n"
    "      --color WHEN     colour the text plan: auto (on a terminal, unless\n"
    "                       NO_COLOR is set or TERM=dumb), always or never\n"
    "  -h, --help           show this help\n";

static const char usage_check[] =
    "Usage: sustain check CONFIG.ini [--dry-run] [--format text|json] [--records FILE]\n"
    "\n"
    "Loads the config, plugins, data and rule pack and reports every problem as\n"
    "file:line[:column]: message, without assessing anything, and the mistakes in\n"
    "the rules' code that fail a rule whenever its line runs: globals no rule has\n"
    "(a misspelt name), functions rules cannot use (print, io, os...), a:action{}\n"
    "tables with an unknown field or without a required one. Then lints the pack\n"
    "against the data: tables a rule needs that no source provides, columns a rule\n"
    "names that its table lacks, rules that can never count (shown as warnings).\n"
    "Exit 0 when all loads and no rule would fail, 1 otherwise.\n"
    "\n"
    "Options:\n"
    "  -n, --dry-run       also assess every authority as `run` would, under the\n"
    "                      same limits, write no plan, and report each rule that\n"
    "                      would fail (an attribute value it rejects, say)\n"
    "  -f, --format FORMAT text (the default: lines on standard error) or json (one\n"
    "                      document on standard output: each problem and warning\n"
    "                      with its file, line, column, severity and message)\n"
    "  -r, --records FILE  also run the data-quality checks for every authority and\n"
    "                      write the identifier of each row they find to FILE, as\n"
    "                      CSV (authority, table, check, identifier), readable by\n"
    "                      you alone; never to a terminal or standard output\n"
    "  -h, --help          show this help\n";

static const char usage_test[] =
    "Usage: sustain test [PATH...] [--run TEXT] [--seconds N] [-v]\n"
    "\n"
    "Runs the rule-pack tests in each PATH: *_test.lua files, or folders searched\n"
    "for them (default: the current folder). Each failure is shown as\n"
    "file:line: test: expected and actual, and the lines its test and rules wrote\n"
    "with debug(...) follow it on stderr; then the line `N passed, N failed`,\n"
    "and the pack rules that no test runs alone or reads the results of.\n"
    "Exit 1 when a test fails.\n"
    "\n"
    "Options:\n"
    "  -r, --run TEXT   run only the tests whose name contains TEXT\n"
    "  -t, --seconds N  the wall-clock limit of each test and of each test file's\n"
    "                   top-level code (default 10); a test past it fails\n"
    "  -v, --verbose    list every test, passed or not, with its debug(...) lines\n"
    "  -h, --help       show this help\n";

static const char usage_history[] =
    "Usage: sustain history CONFIG.ini [OPTIONS]\n"
    "\n"
    "Shows, per authority, the overall and each ingredient's score at every\n"
    "assessment date recorded in the config's [history] (the latest run for a\n"
    "date wins), with its change since the previous assessment, the stage at\n"
    "each point, where the band changed and the largest fall, and a line that\n"
    "tells the overall score's rises and falls in order. Text adds a chart: one\n"
    "block per date, from \u2581 (0) to \u2588 (100).\n"
    "\n"
    "Options:\n"
    "  -a, --authority ID   show only this authority (repeatable)\n"
    "  -f, --format FORMAT  text, markdown, json, csv (a row per authority and\n"
    "                       assessment) or html; default: the output file's\n"
    "                       extension (.txt, .md, .json, .csv, .html), else text\n"
    "  -o, --output FILE    write to FILE, atomically, as `run` writes a plan\n"
    "                       (default: standard output; - for stdout)\n"
    "  -h, --help           show this help\n";

static const char usage_plugins[] =
    "Usage: sustain plugins [CONFIG.ini]\n"
    "\n"
    "Lists the data-source plugins on the search path (the config's plugin_path,\n"
    "then SUSTAIN_PLUGIN_PATH, then the build tree or install folder), with their\n"
    "version, ABI version, description and documented options. Exits 1 when a\n"
    "plugin on it was refused (each refusal says why).\n";

static void print_diags(const diag_list *diags) {
  for (size_t i = 0; i < diags->count; i++) {
    fputs("sustain: ", stderr);
    diag_print(&diags->items[i], stderr);
  }
  if (diags->out_of_memory) fputs("sustain: (some problems were lost: out of memory)\n", stderr);
}

/* Runs a command's work under the watch (watch.h), prints what the supervisor
 * had to say, and ends as the work ended: with its status, or its signal. */
static int watched(watch_work work, void *context) {
  diag_list diags = {0};
  int end_signal = 0;
  int status = watch_run(work, context, EXIT_NO_PLAN, &diags, &end_signal);
  print_diags(&diags);
  diag_list_clear(&diags);
  if (end_signal) watch_raise(end_signal);
  return status;
}

static int usage_error(const char *command, const char *format, const char *argument) {
  fputs("sustain: ", stderr);
  diag_printf(stderr, format, argument); /* an argument may hold anything */
  fprintf(stderr, "\nTry `sustain %s--help`.\n", command);
  return EXIT_USAGE;
}

/* --audience WHO that is no audience, with the one meant when one is near. */
static int audience_refused(const char *typed) {
  const char *meant = audience_nearest(typed);
  if (meant) {
    fputs("sustain: ", stderr);
    diag_printf(stderr, "unknown --audience '%s': did you mean %s?", typed, meant);
    fputs("\nTry `sustain run --help`.\n", stderr);
    return EXIT_USAGE;
  }
  return usage_error("run ", "unknown --audience '%s': use " AUDIENCE_NAMES, typed);
}

/* A usage error for the option getopt_long just refused, with the option meant when one
 * is near (cli_options.h). */
static int option_refused(const char *command, int got, char **argv,
                          const struct option *long_options) {
  char problem[512];
  return usage_error(command, "%s",
                     cli_option_problem(problem, sizeof problem, got, argv, long_options));
}

/* Whether the command's arguments ask for help. */
static int wants_help(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0) return 0;
    if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) return 1;
  }
  return 0;
}

/* Writes a report by write(context, stream) to output (NULL or "-": standard output): a
 * file atomically, with its permissions kept, and a FIFO or device written into
 * (output_file.h, which also holds SIGINT, SIGTERM and SIGHUP while a temp file exists, so
 * an interrupt leaves either the previous file or the new one, and no temp file). `what`
 * names the report in messages. Returns 0, or -1 after saying why. */
typedef int (*output_writer)(const void *context, FILE *out);

static int write_output(const char *output, const char *what, output_writer write,
                        const void *context) {
  if (!output || strcmp(output, "-") == 0) {
    if (write(context, stdout) != 0 || fflush(stdout) != 0) {
      fprintf(stderr, "sustain: writing the %s failed: %s\n", what, strerror(errno));
      return -1;
    }
    return 0;
  }
  output_file file;
  if (output_file_open(&file, output) != 0) {
    diag_printf(stderr, "sustain: cannot write %s: %s\n", output, strerror(errno));
    return -1;
  }
  int direct = file.direct; /* commit clears it */
  if (write(context, file.stream) == 0 && output_file_commit(&file) == 0) return 0;
  int error = errno;
  output_file_abort(&file);
  diag_printf(stderr, "sustain: cannot write %s: %s%s\n", output, strerror(error),
              direct ? "" : " (the previous file is untouched)");
  return -1;
}

/* Whether a report to output (NULL or "-": standard output) would land on a terminal,
 * where a workbook's bytes are useless: standard output, or a path to a terminal device
 * (/dev/stdout, /dev/tty), opened without becoming its controlling terminal. */
static int output_is_terminal(const char *output) {
  if (!output || strcmp(output, "-") == 0) return isatty(STDOUT_FILENO);
  struct stat info;
  if (stat(output, &info) != 0 || !S_ISCHR(info.st_mode)) return 0;
  int fd = open(output, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  int terminal = fd >= 0 && isatty(fd);
  if (fd >= 0) close(fd);
  return terminal;
}

typedef struct plan_output {
  const plan *p;
  report_format format;
  terminal_color_mode color;
} plan_output;

/* A text plan is coloured as --color says (terminal.h): by default on a terminal that can
 * show colour, unless NO_COLOR says otherwise; and wrapped to the terminal's width (to
 * COLUMNS, or 80, for a file or a pipe). */
static int write_plan_to(const void *context, FILE *out) {
  const plan_output *o = context;
  if (o->format != REPORT_TEXT) return report_write(o->p, o->format, out);
  /* a file is no terminal, whatever its descriptor shares with one */
  int terminal = out == stdout;
  report_text_style style = {
      .color = o->color == TERMINAL_COLOR_AUTO && !terminal
                   ? 0
                   : terminal_wants_color(o->color, STDOUT_FILENO),
      .width = (size_t)terminal_width(terminal ? STDOUT_FILENO : -1)};
  return report_write_text(o->p, out, style);
}

static int write_plan(const plan *p, report_format format, terminal_color_mode color,
                      const char *output) {
  plan_output o = {p, format, color};
  return write_output(output, "plan", write_plan_to, &o);
}

/* The format a report is written in: the one named (by --format or the config, `named_by`
 * says which), else the one the output file's extension stands for, else text. A named
 * format that the extension contradicts is kept, with a warning. Returns 0, or -1 when
 * the name is not a format. */
static int chosen_format(const char *named, const char *named_by, const char *output,
                         output_format *format) {
  output_format by_extension;
  int has_extension = output && strcmp(output, "-") != 0 &&
                      output_format_of_extension(output, &by_extension) == 0;
  if (!named) {
    *format = has_extension ? by_extension : OUTPUT_TEXT;
    return 0;
  }
  if (output_format_parse(named, format) != 0) return -1;
  if (has_extension && by_extension != *format)
    diag_printf(stderr,
                "sustain: warning: %s is written as %s (%s), though its extension is that of "
                "%s\n",
                output, named, named_by, output_format_name(by_extension));
  return 0;
}

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A progress bar on stderr, for runs long enough to wonder about: drawn only on
 * a terminal, after the first second, and never with --quiet. */
typedef struct progress_bar {
  double started;
  int drawn;
} progress_bar;

#define PROGRESS_AFTER_SECONDS 1.0
#define PROGRESS_WIDTH 40

static void draw_progress(void *context, size_t done, size_t total) {
  progress_bar *bar = context;
  if (now_seconds() - bar->started < PROGRESS_AFTER_SECONDS && !bar->drawn) return;
  size_t filled = total ? done * PROGRESS_WIDTH / total : PROGRESS_WIDTH;
  char cells[PROGRESS_WIDTH + 1];
  for (size_t i = 0; i < PROGRESS_WIDTH; i++) cells[i] = i < filled ? '#' : '.';
  cells[PROGRESS_WIDTH] = '\0';
  fprintf(stderr, "\r[%s] %zu/%zu authorities", cells, done, total);
  bar->drawn = 1;
}

static void end_progress(progress_bar *bar) {
  if (bar->drawn) fputs("\r\033[K", stderr); /* clear the bar's line */
  bar->drawn = 0;
}

typedef struct profiled_rule {
  const plan_authority *authority;
  const plan_rule *rule;
} profiled_rule;

static int slower_first(const void *a, const void *b) {
  const plan_rule *x = ((const profiled_rule *)a)->rule, *y = ((const profiled_rule *)b)->rule;
  if (x->seconds != y->seconds) return x->seconds < y->seconds ? 1 : -1;
  return strcmp(x->id, y->id);
}

/* --profile: the slowest rule calls, with their time and instructions. */
static void print_profile(const plan *p, long most) {
  size_t count = 0;
  for (size_t a = 0; a < p->authority_count; a++)
    for (size_t i = 0; i < p->authorities[a].ingredient_count; i++)
      count += p->authorities[a].ingredients[i].rule_count;
  profiled_rule *calls = calloc(count + 1, sizeof *calls);
  if (!calls) return;
  size_t n = 0;
  for (size_t a = 0; a < p->authority_count; a++)
    for (size_t i = 0; i < p->authorities[a].ingredient_count; i++)
      for (size_t r = 0; r < p->authorities[a].ingredients[i].rule_count; r++)
        calls[n++] = (profiled_rule){&p->authorities[a], &p->authorities[a].ingredients[i].rules[r]};
  qsort(calls, n, sizeof *calls, slower_first);
  fprintf(stderr, "Slowest rule calls (of %zu):\n  %10s %13s  %-16s %s\n", n, "seconds",
          "instructions", "authority", "rule");
  for (size_t i = 0; i < n && i < (size_t)most; i++) {
    char instructions[32] = "<1000"; /* counted in steps of the hook's interval */
    if (calls[i].rule->instructions)
      snprintf(instructions, sizeof instructions, "%ld", calls[i].rule->instructions);
    diag_printf(stderr, "  %10.6f %13s  %-16s %s (%s:%d)\n", calls[i].rule->seconds, instructions,
            calls[i].authority->id, calls[i].rule->id,
            calls[i].rule->file ? calls[i].rule->file : "?", calls[i].rule->line);
  }
  free(calls);
}

/* What `sustain run` was asked, for its work in the watched process. */
typedef struct run_request {
  engine_options options;
  const char *format_name, *output;
  int strict, quiet;
  long profile;
  int trace; /* --trace: debug(...) lines to standard error */
  terminal_color_mode color;
} run_request;

/* --trace: one debug(...) line to standard error in one write, so that the lines of
 * workers running at once never mix (sandbox.h keeps a line shorter than a pipe
 * writes whole). The line is cleaned already; it never reaches the plan. */
static void write_debug_line(void *context, const char *line, size_t length) {
  (void)context;
  char whole[SANDBOX_DEBUG_LINE_MAX + 1];
  if (length > SANDBOX_DEBUG_LINE_MAX) length = SANDBOX_DEBUG_LINE_MAX;
  memcpy(whole, line, length);
  whole[length] = '\n';
  if (write(STDERR_FILENO, whole, length + 1) < 0) return; /* nowhere to say so */
}

/* The young people's version is words, not a list of actions to track: CSV and xlsx
 * refuse it. Returns 1 after saying so. */
static int refuses_audience(const run_request *request, const config *cfg,
                            output_format format) {
  audience who = request->options.audience_given ? request->options.audience : cfg->audience;
  if (who != AUDIENCE_YOUNG_PEOPLE || (format != OUTPUT_CSV && format != OUTPUT_XLSX)) return 0;
  fprintf(stderr, "sustain: the young people's version (%s) is written as text, markdown, html "
                  "or json, not %s: choose one of those with --format\n",
          request->options.audience_given ? "--audience young-people"
                                          : "audience = young-people in the config",
          output_format_name(format));
  return 1;
}

/* What the loaded assessment says before it is assessed: its date's warnings, then the
 * format the plan is written in (named, else by the output's extension) and whether the
 * output and the audience can take it. Returns 0, or the exit status when no plan can be
 * written. */
static int run_output_format(const run_request *request, engine *e, const char *output,
                             output_format *format) {
  diag_list warnings = {0};
  assessment_date_warnings(e, &warnings);
  for (size_t i = 0; i < warnings.count; i++) {
    fputs("sustain: warning: ", stderr);
    diag_print(&warnings.items[i], stderr);
  }
  diag_list_clear(&warnings);
  if (chosen_format(request->format_name ? request->format_name : e->cfg->format,
                    request->format_name ? "--format" : "the config's format", output,
                    format) != 0) {
    diag_printf(stderr,
                "sustain: %s: format '%s' is not available: use text, markdown, json, csv, html "
                "or xlsx\n",
                e->cfg->path, e->cfg->format);
    return EXIT_NO_PLAN;
  }
  if (*format == OUTPUT_XLSX && output_is_terminal(output)) {
    fprintf(stderr, "sustain: an xlsx workbook is binary and cannot be shown on a terminal: "
                    "write it to a file with --output FILE.xlsx, or redirect standard output\n");
    return EXIT_USAGE;
  }
  if (refuses_audience(request, e->cfg, *format))
    return request->options.audience_given || request->format_name ? EXIT_USAGE : EXIT_NO_PLAN;
  return 0;
}

/* --profile: the columns the load left out, or that the pack asked for one of them. */
static void print_columns_note(const engine *e) {
  if (e->columns_reloaded)
    fputs("Columns: a rule or a check asked for a column that was left out as no code of the "
          "pack names it (a name built as the pack ran, or a row of rows()): the sources were "
          "loaded again with every column, and the pack run on them again\n", stderr);
  if (e->columns_reloaded || !e->columns_skipped) return;
  fprintf(stderr, "Columns: %zu left out, as no rule's code and no config key names them (",
          e->columns_skipped);
  const char *separator = "";
  for (size_t t = 0; t < e->sources.count; t++) {
    const evidence_table *table = e->sources.tables[t];
    for (size_t c = 0; c < table->column_count; c++)
      if (table->columns[c].skipped) {
        fprintf(stderr, "%s%s.%s", separator, table->name, table->columns[c].name);
        separator = ", ";
      }
  }
  fputs(")\n", stderr);
}

/* --profile with the cache on: how many sources came from it. */
static void print_cache_use(const engine *e) {
  if (!e->cfg->cache) return;
  size_t mapped = 0;
  for (size_t i = 0; i < e->sources.count; i++) mapped += e->sources.tables[i]->mapping != NULL;
  fprintf(stderr, "Cache: %zu of %zu sources read from the cache\n", mapped, e->sources.count);
}

/* When each phase of a run began, and when the last ended (now_seconds). */
typedef struct run_phases {
  double started, loaded, assessed, written;
} run_phases;

/* --profile: the slowest rule calls, the phases' times, the columns left out and the
 * cache's use. The write phase ends when the plan is written and recorded, before this
 * listing, which is no part of it. */
static void print_run_profile(const engine *e, const plan *p, long slowest,
                              const run_phases *phases) {
  print_profile(p, slowest);
  fprintf(stderr, "Phases: load %.4f s, assess %.4f s, write %.4f s\n",
          phases->loaded - phases->started, phases->assessed - phases->loaded,
          phases->written - phases->assessed);
  print_columns_note(e);
  print_cache_use(e);
}

/* `sustain run` once its arguments are understood: load, assess, write, record.
 * Runs under the watch (watch.h), which puts loading under its time limits. */
static int run_work(watch *w, void *context) {
  run_request *request = context;
  engine_options options = request->options;
  options.watch = w;
  options.only_read_columns = 1;
  if (request->trace) options.debug = write_debug_line;
  output_format format;
  const char *output = request->output;
  diag_list diags = {0};
  engine e;
  int status = EXIT_NO_PLAN;
  plan *p = NULL;
  history *h = NULL;
  run_phases phases = {.started = now_seconds()};
  if (engine_open(&e, &options, &diags) != 0) {
    size_t problems = diag_error_count(&diags);
    print_diags(&diags);
    fprintf(stderr, "sustain: no plan written: fix the %zu problem%s above\n", problems,
            problems == 1 ? "" : "s");
    goto done;
  }
  print_diags(&diags); /* a plugin's warnings */
  diag_list_clear(&diags);
  if (!output) output = e.cfg->output;
  int usable = run_output_format(request, &e, output, &format);
  if (usable != 0) {
    status = usable;
    goto done;
  }
  phases.loaded = now_seconds();
  progress_bar bar = {phases.started, 0};
  if (!request->quiet && !request->trace && isatty(STDERR_FILENO)) { /* a bar would cut lines */
    options.progress = draw_progress;
    options.progress_context = &bar;
  }
  int assessed_ok = engine_assess(&e, &options, &p, &diags) == 0;
  end_progress(&bar);
  if (!assessed_ok) {
    print_diags(&diags);
    goto done;
  }
  phases.assessed = now_seconds();
  for (size_t i = 0; i < p->error_count; i++) /* where it failed, as the plan has it */
    diag_printf(stderr, "sustain: %s: rule %s failed: %s:%d: %s\n", p->errors[i].authority,
            p->errors[i].rule, p->errors[i].file, p->errors[i].line, p->errors[i].message);
  if (request->strict && p->error_count) {
    fprintf(stderr, "sustain: no plan written: %zu rule error%s under --strict\n", p->error_count,
            p->error_count == 1 ? "" : "s");
    goto done;
  }
  /* the history is read before the plan is written, so the plan can show the change since
   * the previous assessment; the run is recorded after, so a plan that could not be written
   * is never recorded (docs/history.md) */
  if (e.cfg->history_path &&
      (history_open(e.cfg->history_path, &h, &diags) != 0 ||
       history_annotate(h, p, &diags) != 0 ||
       (format == OUTPUT_HTML && history_trend(h, p, &diags) != 0))) { /* only HTML charts it */
    print_diags(&diags);
    fprintf(stderr, "sustain: no plan written: the history could not be read\n");
    goto done;
  }
  if (write_plan(p, (report_format)format, request->color, output) != 0) goto done;
  status = p->error_count ? EXIT_RULE_ERRORS : EXIT_PLAN;
  if (h && history_record(h, p, &diags) != 0) {
    print_diags(&diags);
    fprintf(stderr, "sustain: the plan was written, but this run was not recorded in the "
                    "history\n");
    status = EXIT_NO_PLAN;
  }
  phases.written = now_seconds();
  if (request->profile) print_run_profile(&e, p, request->profile, &phases);
done:
  history_close(h);
  plan_free(p);
  engine_close(&e);
  diag_list_clear(&diags);
  return status;
}

/* One option of `sustain run` into the request (an --authority into authorities, which
 * the request's options read). Returns -1 to go on, or the exit status when the command
 * ends here (--help, or a value refused). */
static int run_option(int option, int argc, char **argv, const struct option *long_options,
                      run_request *request, const char **authorities) {
  engine_options *options = &request->options;
  switch (option) {
  case 'f': request->format_name = optarg; return -1;
  case 'o': request->output = optarg; return -1;
  case 'a': authorities[options->authority_count++] = optarg; return -1;
  case 'd':
    if (date_parse(optarg, &options->date) == 0) return -1;
    return usage_error("run ", "--date '%s' is not a date: write YYYY-MM-DD", optarg);
  case 'e': options->explain = 1; return -1;
  case 'q': request->quiet = 1; return -1;
  case 'T': request->trace = 1; return -1; /* long option only */
  case 's': request->strict = 1; return -1;
  case 'p': {
    const char *value = optarg ? optarg : cli_number_after(argc, argv); /* --profile 3 */
    char *end = NULL;
    request->profile = value ? strtol(value, &end, 10) : RUN_PROFILE_DEFAULT;
    if (request->profile >= 1 && (!value || (*value != '\0' && *end == '\0'))) return -1;
    return usage_error("run ", "--profile %s must be a whole number above 0", value);
  }
  case OPTION_COLOR:
    if (terminal_color_mode_parse(optarg, &request->color) == 0) return -1;
    return usage_error("run ", "--color '%s' is not a choice: use auto, always or never", optarg);
  case OPTION_CACHE: options->cache = ENGINE_CACHE_ON; return -1;
  case OPTION_NO_CACHE: options->cache = ENGINE_CACHE_OFF; return -1;
  case OPTION_AUDIENCE:
    if (audience_parse(optarg, &options->audience) != 0) return audience_refused(optarg);
    options->audience_given = 1;
    return -1;
  case 'j': {
    char *end;
    long jobs = strtol(optarg, &end, 10);
    if (*optarg == '\0' || *end != '\0' || jobs < 1 || jobs > RUN_MAX_JOBS)
      return usage_error("run ", "--jobs '%s' must be a whole number from 1 to 256", optarg);
    options->jobs = (int)jobs;
    return -1;
  }
  case 'h': fputs(usage_run, stdout); return EXIT_PLAN;
  default: return option_refused("run ", option, argv, long_options);
  }
}

static int command_run(int argc, char **argv, const config_layout *layout) {
  static const struct option long_options[] = {
      {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
      {"authority", required_argument, NULL, 'a'}, {"date", required_argument, NULL, 'd'},
      {"explain", no_argument, NULL, 'e'}, {"strict", no_argument, NULL, 's'},
      {"jobs", required_argument, NULL, 'j'}, {"profile", optional_argument, NULL, 'p'},
      {"quiet", no_argument, NULL, 'q'}, {"trace", no_argument, NULL, 'T'},
      {"color", required_argument, NULL, OPTION_COLOR},
      {"colour", required_argument, NULL, OPTION_COLOR},
      {"audience", required_argument, NULL, OPTION_AUDIENCE},
      {"cache", no_argument, NULL, OPTION_CACHE}, {"no-cache", no_argument, NULL, OPTION_NO_CACHE},
      {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
  long processors = sysconf(_SC_NPROCESSORS_ONLN);
  run_request request = {.options = {.layout = layout,
                                     .env_plugin_path = getenv("SUSTAIN_PLUGIN_PATH"),
                                     .jobs = processors > 0 ? (int)processors : 1}};
  const char **authorities = calloc((size_t)argc + 1, sizeof(char *));
  if (!authorities) return EXIT_NO_PLAN;
  request.options.authorities = authorities;
  int option, status = -1;
  while (status < 0 &&
         (option = getopt_long(argc, argv, ":f:o:a:d:j:p::eqsh", long_options, NULL)) != -1)
    status = run_option(option, argc, argv, long_options, &request, authorities);
  report_format named;
  if (status < 0 && optind != argc - 1)
    status = usage_error("run ", "%s", optind >= argc ? "run needs a CONFIG.ini"
                                                      : "run takes one CONFIG.ini");
  if (status < 0 && request.format_name && report_format_parse(request.format_name, &named) != 0)
    status = usage_error("run ", "unknown --format '%s': use text, markdown, json, csv, html or "
                         "xlsx", request.format_name);
  if (status < 0) {
    request.options.config_path = argv[optind];
    status = watched(run_work, &request);
  }
  free(authorities);
  return status;
}

typedef struct history_output {
  const history_report *r;
  history_format format;
} history_output;

static int write_history_to(const void *context, FILE *out) {
  const history_output *o = context;
  return history_write(o->r, o->format, out);
}

/* Writes the trajectories to output as write_plan writes a plan. */
static int write_history(const history_report *r, history_format format, const char *output) {
  history_output o = {r, format};
  return write_output(output, "history", write_history_to, &o);
}

/* What `sustain history` was asked. */
typedef struct history_request {
  const char *config_path;
  const char **chosen; /* --authority ids, in the order given */
  size_t chosen_count;
  history_format format;
  const char *output; /* NULL: standard output */
} history_request;

/* The ids and names of the authorities asked for, in config order (every one when none
 * was asked for), into ids and names; -1 after naming one the config lacks. */
static int chosen_authorities(const config *cfg, const history_request *q, const char **ids,
                              const char **names, size_t *count) {
  for (size_t c = 0; c < q->chosen_count; c++) {
    size_t i = 0;
    while (i < cfg->authority_count && strcmp(cfg->authorities[i].id, q->chosen[c]) != 0) i++;
    if (i == cfg->authority_count) {
      char message[1024];
      diag_printf(stderr, "sustain: %s: --authority %s: %s\n", cfg->path, q->chosen[c],
                  config_unknown_authority(cfg, q->chosen[c], message, sizeof message));
      return -1;
    }
  }
  *count = 0;
  for (size_t i = 0; i < cfg->authority_count; i++) {
    int wanted = q->chosen_count == 0;
    for (size_t c = 0; c < q->chosen_count; c++)
      wanted |= strcmp(cfg->authorities[i].id, q->chosen[c]) == 0;
    if (!wanted) continue;
    ids[*count] = cfg->authorities[i].id;
    names[(*count)++] = cfg->authorities[i].name;
  }
  return 0;
}

/* The formats people read, which name ingredients by the pack's titles (and, in HTML, mark
 * its bands); JSON and CSV are for programs, which keep the ids. */
static int history_for_people(history_format format) {
  return format == HISTORY_TEXT || format == HISTORY_MARKDOWN || format == HISTORY_HTML;
}

/* The pack's bands and titles for the formats people read (history_pack.h); a pack that
 * does not load leaves the history without them, which it says, and is only warned about
 * here. */
static history_pack *load_pack_for_page(history_pack *hp, const config *cfg, watch *w) {
  diag_list diags = {0};
  int loaded = history_pack_load(hp, cfg, w, &diags) == 0;
  for (size_t i = 0; !loaded && i < diags.count; i++) {
    fputs("sustain: warning: ", stderr);
    diag_print(&diags.items[i], stderr);
  }
  if (!loaded)
    diag_printf(stderr, "sustain: warning: %s: the rule pack did not load, so the history names "
                        "ingredients by their ids (and an HTML page marks no band thresholds)\n",
                cfg->path);
  diag_list_clear(&diags);
  return loaded ? hp : NULL;
}

/* Reads the config's history and writes the trajectories asked for; for HTML, with what
 * the rule pack adds, its files' top-level code under the watch w. */
static int show_history(const history_request *q, const config_layout *layout, watch *w) {
  diag_list diags = {0};
  config *cfg = NULL;
  history *h = NULL;
  history_report *r = NULL;
  history_pack hp = {0};
  int status = EXIT_NO_PLAN;
  const char **ids = NULL, **names = NULL;
  size_t count = 0;
  if (config_load(q->config_path, layout, &cfg, &diags) != 0) goto done;
  if (!cfg->history_path) {
    diag_printf(stderr, "sustain: %s has no [history] section: add one with path = history.db, "
                        "then record runs with `sustain run`\n", cfg->path);
    goto done;
  }
  if (!history_is_url(cfg->history_path) && access(cfg->history_path, F_OK) != 0) {
    diag_printf(stderr, "sustain: %s: no history yet: `sustain run %s` records one\n",
                cfg->history_path, cfg->path);
    goto done;
  }
  ids = calloc(cfg->authority_count + 1, sizeof(char *));
  names = calloc(cfg->authority_count + 1, sizeof(char *));
  if (!ids || !names || chosen_authorities(cfg, q, ids, names, &count) != 0) goto done;
  if (history_open(cfg->history_path, &h, &diags) != 0 ||
      history_read(h, ids, names, count, &r, &diags) != 0)
    goto done;
  if (history_for_people(q->format) &&
      history_pack_fill(load_pack_for_page(&hp, cfg, w), cfg, r) != 0) {
    diag_add(&diags, cfg->path, 0, 0, "out of memory");
    goto done;
  }
  if (write_history(r, q->format, q->output) != 0) goto done;
  status = EXIT_PLAN;
done:
  print_diags(&diags);
  history_pack_close(&hp);
  history_report_free(r);
  history_close(h);
  config_free(cfg);
  diag_list_clear(&diags);
  free(ids);
  free(names);
  return status;
}

/* `sustain history` once its arguments are understood, under the watch (HTML loads the
 * rule pack, whose top-level code runs under its time limit as in `sustain run`). */
typedef struct history_work_request {
  const history_request *q;
  const config_layout *layout;
} history_work_request;

static int history_work(watch *w, void *context) {
  const history_work_request *request = context;
  return show_history(request->q, request->layout, w);
}

static int command_history(int argc, char **argv, const config_layout *layout) {
  static const struct option long_options[] = {{"authority", required_argument, NULL, 'a'},
                                               {"format", required_argument, NULL, 'f'},
                                               {"output", required_argument, NULL, 'o'},
                                               {"help", no_argument, NULL, 'h'},
                                               {NULL, 0, NULL, 0}};
  history_request q = {.chosen = calloc((size_t)argc + 1, sizeof(char *)),
                       .format = HISTORY_TEXT};
  int option, status = -1;
  if (!q.chosen) return EXIT_NO_PLAN;
  const char *format_name = NULL;
  while (status < 0 && (option = getopt_long(argc, argv, ":a:f:o:h", long_options, NULL)) != -1) {
    switch (option) {
    case 'a': q.chosen[q.chosen_count++] = optarg; break;
    case 'o': q.output = optarg; break;
    case 'f':
      format_name = optarg;
      if (history_format_parse(optarg, &q.format) != 0)
        status = usage_error("history ",
                             "unknown --format '%s': use text, markdown, json, csv or html",
                             optarg);
      break;
    case 'h': fputs(usage_history, stdout); status = EXIT_PLAN; break;
    default: status = option_refused("history ", option, argv, long_options);
    }
  }
  output_format format;
  if (status < 0 && chosen_format(format_name, "--format", q.output, &format) == 0) {
    if (format == OUTPUT_XLSX) /* only by the extension: --format xlsx is refused above */
      status = usage_error("history ", "%s is a workbook, and a history has no actions to "
                                       "track in one: use text, markdown, json, csv or html",
                           q.output);
    else q.format = (history_format)format; /* the output's extension, when no --format */
  }
  if (status < 0 && optind != argc - 1)
    status = usage_error("history ", "%s", optind >= argc ? "history needs a CONFIG.ini"
                                                          : "history takes one CONFIG.ini");
  if (status < 0) {
    q.config_path = argv[optind];
    history_work_request request = {&q, layout};
    status = history_for_people(q.format) ? watched(history_work, &request)
                                          : show_history(&q, layout, NULL);
  }
  free(q.chosen);
  return status;
}

/* What `sustain check` was asked, for its work in the watched process. */
typedef struct check_request {
  engine_options options;
  const char *records; /* NULL, or where --records writes */
  int dry_run;         /* --dry-run: assess every authority, write no plan */
  check_format format;
} check_request;

/* The authorities of the errors marked in same, for a message: "north, south and 3 more".
 * Returns a string to free, or NULL when out of memory. */
static char *authorities_of(const plan *p, const int *same) {
  char *text = NULL;
  size_t size = 0, shown = 0, more = 0;
  FILE *out = open_memstream(&text, &size);
  if (!out) return NULL;
  for (size_t i = 0; i < p->error_count; i++) {
    if (!same[i]) continue;
    if (shown == 5) more++;
    else fprintf(out, "%s%s", shown++ ? ", " : "", p->errors[i].authority);
  }
  if (more) fprintf(out, " and %zu more", more);
  if (fclose(out) != 0) {
    free(text);
    return NULL;
  }
  return text;
}

/* --dry-run: every authority assessed as `sustain run` would (workers, wall clock, every
 * limit), no plan written and no history recorded. Each rule that fails is added to found
 * once per place and message, with the authorities it fails for; so is the reason when
 * the assessment itself failed. Returns the number of failures so added, or -1 when the
 * assessment failed or memory ran out. */
static long dry_run(engine *e, const engine_options *options, diag_list *found) {
  plan *p = NULL;
  if (engine_assess(e, options, &p, found) != 0) return -1;
  int *same = calloc(p->error_count + 1, sizeof *same), *told = calloc(p->error_count + 1, sizeof *told);
  long errors = same && told ? 0 : -1;
  for (size_t i = 0; errors >= 0 && i < p->error_count; i++) {
    if (told[i]) continue;
    const plan_error *first = &p->errors[i];
    memset(same, 0, p->error_count * sizeof *same);
    for (size_t j = i; j < p->error_count; j++) {
      const plan_error *other = &p->errors[j];
      same[j] = !told[j] && strcmp(other->rule, first->rule) == 0 && other->line == first->line &&
                strcmp(other->file, first->file) == 0 && strcmp(other->message, first->message) == 0;
      told[j] |= same[j];
    }
    char *authorities = authorities_of(p, same);
    if (!authorities) {
      errors = -1;
      break;
    }
    diag_add(found, first->file, first->line, 0, "%s would fail for %s: %s", first->rule,
             authorities, first->message);
    errors++;
    free(authorities);
  }
  if (errors < 0) diag_add(found, NULL, 0, 0, "out of memory reporting the dry run");
  free(same);
  free(told);
  plan_free(p);
  return errors;
}

/* What went wrong in the rules, summed up after the lines that said where. */
static void say_rule_failures(size_t code_mistakes, long failing) {
  if (code_mistakes)
    fprintf(stderr, "sustain: %zu mistake%s in the rules' code, each failing its rule whenever "
                    "its line runs\n", code_mistakes, code_mistakes == 1 ? "" : "s");
  if (failing > 0)
    fprintf(stderr, "sustain: dry run: %ld failure%s in the rules, each with the authorities it "
                    "fails for; no plan was written\n", failing, failing == 1 ? "" : "s");
}

/* --records: the rows each data check finds, to the file alone; the streams say
 * only how many and where. Returns 0, or -1 when nothing was written. */
static int write_records(engine *e, const char *path, check_printer *printer) {
  diag_list diags = {0}, warnings = {0};
  records_result result;
  int status = records_write(e, path, &result, &warnings, &diags);
  check_printer_add(printer, &diags, CHECK_ERROR);
  check_printer_add(printer, &warnings, CHECK_WARNING);
  check_printer_records(printer, path, status == 0, result.written, result.direct);
  diag_list_clear(&diags);
  diag_list_clear(&warnings);
  return status;
}

/* What a loaded assessment holds, for check's summary. */
static check_counts loaded_counts(const engine *e) {
  check_counts counts = {.sources = e->sources.count, .authorities = e->authority_count,
                         .data_checks = e->pack.check_count};
  for (size_t i = 0; i < e->sources.count; i++) counts.rows += e->sources.tables[i]->row_count;
  for (size_t i = 0; i < e->pack.rule_count; i++) counts.context_items += e->pack.rules[i].context;
  counts.rules = e->pack.rule_count - counts.context_items;
  return counts;
}

/* `sustain check` once its arguments are understood, under the watch. Everything found
 * goes through one check_printer (check_output.h), as text or JSON. */
static int check_work(watch *w, void *context) {
  const check_request *request = context;
  engine_options options = request->options;
  options.watch = w;
  diag_list diags = {0}, findings = {0}, code = {0}, failures = {0};
  check_printer printer;
  check_printer_init(&printer, request->format, options.config_path, stdout, stderr);
  printer.records = request->records;
  engine e;
  int ok = engine_open(&e, &options, &diags) == 0;
  check_printer_add(&printer, &diags, CHECK_ERROR);
  if (ok) {
    assessment_date_warnings(&e, &findings);
    lint_engine(&e, &findings);
  }
  check_printer_add(&printer, &findings, CHECK_WARNING);
  if (ok) {
    lint_rule_code(&e, &code);
    check_printer_add(&printer, &code, CHECK_ERROR);
  }
  long failing = ok && request->dry_run ? dry_run(&e, &options, &failures) : 0;
  check_printer_add(&printer, &failures, CHECK_ERROR);
  if (ok) {
    if (printer.format == CHECK_FORMAT_TEXT) say_rule_failures(code.count, failing);
    check_counts counts = loaded_counts(&e);
    check_printer_loaded(&printer, &counts); /* "ok" only when nothing failed */
    if (code.count || failing) ok = 0;
    if (request->records && ok) ok = write_records(&e, request->records, &printer) == 0;
    else if (request->records) check_printer_records(&printer, request->records, 0, 0, 0);
  }
  if (check_printer_finish(&printer) != 0) {
    fprintf(stderr, "sustain: writing the findings failed: %s\n", strerror(errno));
    ok = 0;
  }
  engine_close(&e);
  diag_list_clear(&diags);
  diag_list_clear(&findings);
  diag_list_clear(&code);
  diag_list_clear(&failures);
  return ok ? EXIT_PLAN : EXIT_NO_PLAN;
}

static int command_check(int argc, char **argv, const config_layout *layout) {
  static const struct option long_options[] = {{"format", required_argument, NULL, 'f'},
                                               {"records", required_argument, NULL, 'r'},
                                               {"dry-run", no_argument, NULL, 'n'},
                                               {"help", no_argument, NULL, 'h'},
                                               {NULL, 0, NULL, 0}};
  long processors = sysconf(_SC_NPROCESSORS_ONLN);
  check_request request = {.options = {.layout = layout,
                                       .env_plugin_path = getenv("SUSTAIN_PLUGIN_PATH"),
                                       .jobs = processors > 0 ? (int)processors : 1}};
  int option;
  while ((option = getopt_long(argc, argv, ":f:r:nh", long_options, NULL)) != -1) {
    switch (option) {
    case 'f':
      if (check_format_parse(optarg, &request.format) != 0)
        return usage_error("check ", "unknown --format '%s': use text or json", optarg);
      break;
    case 'r': request.records = optarg; break;
    case 'n': request.dry_run = 1; break;
    case 'h': fputs(usage_check, stdout); return EXIT_PLAN;
    default: return option_refused("check ", option, argv, long_options);
    }
  }
  if (optind != argc - 1)
    return usage_error("check ", "%s", optind >= argc ? "check needs a CONFIG.ini"
                                                      : "check takes one CONFIG.ini");
  const char *refused = request.records ? records_target_refused(request.records) : NULL;
  if (refused) {
    fprintf(stderr, "sustain: --records %s is %s, where the identifiers of young people would "
                    "be seen or mixed into other output: give the path of a file (it is "
                    "created readable by you alone)\n",
            request.records, refused);
    return EXIT_USAGE;
  }
  request.options.config_path = argv[optind];
  return watched(check_work, &request);
}

/* `sustain test` once its arguments are understood, under the watch: each test
 * file's top-level code and each test is a phase with its time limit. */
static int test_work(watch *w, void *context) {
  rule_tests_options options = *(const rule_tests_options *)context;
  options.watch = w;
  diag_list diags = {0};
  rule_tests_result result;
  int status = rule_tests_run(&options, &result, &diags);
  print_diags(&diags);
  for (size_t i = 0; i < result.report_count; i++) {
    const rule_test_report *r = &result.reports[i];
    /* cleaned like any diagnostic; a failure's message may run over several lines */
    diag_put_clean(stdout, r->file, 0);
    if (r->line > 0) printf(":%d", r->line); /* else the file as a whole */
    fputs(": ", stdout);
    diag_put_clean(stdout, r->test, 0);
    fputs(": ", stdout);
    diag_put_clean(stdout, r->message ? r->message : "passed", 1);
    putchar('\n');
    if (r->debug) { /* its debug(...) lines, cleaned already, after it on a terminal */
      fflush(stdout);
      fputs(r->debug, stderr);
    }
  }
  if (status == 0) {
    printf("%zu passed, %zu failed\n", result.passed, result.failed);
    if (result.untested_count) {
      printf("Rules that no test runs alone or reads the results of:\n");
      for (size_t i = 0; i < result.untested_count; i++)
        diag_printf(stdout, "  %s\n", result.untested[i]);
    }
  }
  int failed = status != 0 || result.failed > 0;
  rule_tests_result_free(&result);
  diag_list_clear(&diags);
  return failed ? EXIT_NO_PLAN : EXIT_PLAN;
}

static int command_test(int argc, char **argv, const config_layout *layout) {
  static const struct option long_options[] = {{"run", required_argument, NULL, 'r'},
                                               {"seconds", required_argument, NULL, 't'},
                                               {"verbose", no_argument, NULL, 'v'},
                                               {"help", no_argument, NULL, 'h'},
                                               {NULL, 0, NULL, 0}};
  rule_tests_options options = {.layout = layout, .env_plugin_path = getenv("SUSTAIN_PLUGIN_PATH"),
                                .seconds = CONFIG_DEFAULT_SECONDS};
  int option;
  while ((option = getopt_long(argc, argv, ":r:t:vh", long_options, NULL)) != -1) {
    switch (option) {
    case 'r': options.pattern = optarg; break;
    case 'v': options.verbose = 1; break;
    case 't': {
      char *end;
      options.seconds = strtod(optarg, &end);
      if (*optarg == '\0' || *end != '\0' || !(options.seconds > 0) ||
          options.seconds > CONFIG_MAX_SECONDS)
        return usage_error("test ", "--seconds '%s' must be a number of seconds above 0 and at "
                                    "most 86400", optarg);
      break;
    }
    case 'h': fputs(usage_test, stdout); return EXIT_PLAN;
    default: return option_refused("test ", option, argv, long_options);
    }
  }
  options.paths = (const char *const *)argv + optind;
  options.path_count = (size_t)(argc - optind);
  return watched(test_work, &options);
}

static int command_plugins(int argc, char **argv, const config_layout *layout) {
  if (wants_help(argc, argv)) {
    fputs(usage_plugins, stdout);
    return EXIT_PLAN;
  }
  if (argc > 2) return usage_error("plugins ", "%s", "plugins takes at most one CONFIG.ini");
  diag_list diags = {0};
  config *cfg = NULL;
  if (argc == 2 && config_load(argv[1], layout, &cfg, &diags) != 0) {
    print_diags(&diags);
    diag_list_clear(&diags);
    return EXIT_NO_PLAN;
  }
  plugin_search_path path = {0};
  loaded_plugin *plugins = NULL;
  size_t count = 0;
  int status = EXIT_NO_PLAN;
  if (engine_plugin_search_path(&path, cfg, getenv("SUSTAIN_PLUGIN_PATH"), layout) == 0 &&
      plugin_list(&path, &plugins, &count, &diags) == 0) {
    printf("Search path:\n");
    for (size_t i = 0; i < path.count; i++) printf("  %s\n", path.dirs[i]);
    if (count == 0) printf("\nNo plugins found.\n");
    for (size_t i = 0; i < count; i++) {
      const sustain_plugin_descriptor *d = plugins[i].descriptor;
      printf("\n%s %s (ABI %u.%u)  %s\n  %s\n", d->name, d->version, d->abi_major, d->abi_minor,
             plugins[i].path, d->description);
      for (const sustain_option *o = d->options; o->name; o++)
        printf("    %-18s %s%s%s%s%s\n", o->name, o->description, o->required ? " (required)" : "",
               o->default_value ? " (default: " : "", o->default_value ? o->default_value : "",
               o->default_value ? ")" : "");
    }
    status = diag_error_count(&diags) ? EXIT_NO_PLAN : EXIT_PLAN; /* a plugin was refused */
  }
  print_diags(&diags);
  plugin_list_free(plugins, count);
  plugin_search_path_free(&path);
  config_free(cfg);
  diag_list_clear(&diags);
  return status;
}

/* The commands, for dispatch, `sustain help COMMAND` and "did you mean". */
typedef int (*command_fn)(int argc, char **argv, const config_layout *layout);

static const struct command {
  const char *name;
  command_fn run;
  const char *usage;
} commands[] = {{"run", command_run, usage_run},
                {"check", command_check, usage_check},
                {"test", command_test, usage_test},
                {"plugins", command_plugins, usage_plugins},
                {"history", command_history, usage_history},
                {"init", init_command, init_usage}};

#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static const struct command *find_command(const char *name) {
  for (size_t i = 0; i < COMMAND_COUNT; i++)
    if (strcmp(commands[i].name, name) == 0) return &commands[i];
  return NULL;
}

/* A command or a top-level option that does not exist, with the one meant when near. */
static int unknown_command(const char *name) {
  const char *names[COMMAND_COUNT + 1];
  static const char *const options[] = {"--help", "--version"};
  int option = name[0] == '-';
  for (size_t i = 0; i < COMMAND_COUNT; i++) names[i] = commands[i].name;
  names[COMMAND_COUNT] = "help";
  const char *meant = option ? nearest_name(name, options, 2, NEAREST_TYPO)
                             : nearest_name(name, names, COMMAND_COUNT + 1, NEAREST_TYPO);
  char problem[256];
  snprintf(problem, sizeof problem, "%s%s%s%s", option ? "unknown option %s" : "unknown command '%s'",
           meant ? ": did you mean " : "", meant ? meant : "", meant ? "?" : "");
  return usage_error("", problem, name);
}

/* `sustain help [COMMAND]`: the main help, or the command's. */
static int command_help(int argc, char **argv) {
  if (argc < 2) {
    fputs(usage_main, stdout);
    return EXIT_PLAN;
  }
  if (argc > 2) return usage_error("", "%s", "help takes at most one COMMAND");
  const struct command *command = find_command(argv[1]);
  if (!command) return unknown_command(argv[1]);
  fputs(command->usage, stdout);
  return EXIT_PLAN;
}

int main(int argc, char **argv) {
  config_layout layout; /* an uninstalled build reads its own trees first */
  layout_paths shipped_paths; /* an installed one, those beside it */
  layout_of_program(&layout, &shipped_paths);
  opterr = 0; /* a refused option is said by option_refused, with what was meant */
  if (argc < 2) {
    fputs(usage_main, stderr);
    return EXIT_USAGE;
  }
  const char *name = argv[1];
  if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0) {
    fputs(usage_main, stdout);
    return EXIT_PLAN;
  }
  if (strcmp(name, "help") == 0) return command_help(argc - 1, argv + 1);
  if (strcmp(name, "-V") == 0 || strcmp(name, "--version") == 0) {
    printf("sustain %s (plugin ABI %d.%d, %s)\n", SUSTAIN_VERSION, SUSTAIN_PLUGIN_ABI_MAJOR,
           SUSTAIN_PLUGIN_ABI_MINOR, LUA_RELEASE);
    return EXIT_PLAN;
  }
  const struct command *command = find_command(name);
  if (!command) return unknown_command(name);
  return command->run(argc - 1, argv + 1, &layout);
}
