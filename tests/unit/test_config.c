/* test_config.c: unit tests of the INI assessment config (engine/config/config.c).
 * Each test writes small configs into its own temporary folder, then checks the
 * values read, or the file, line and wording of every problem reported. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

/* The smallest valid config: three lines, so a test's own lines start at 4. */
#define MINIMAL "[assessment]\nrules = rules\n[authority northshire]\n"

/* Open file descriptors nftw may use while removing a test folder. */
#define REMOVE_OPEN_FILES 16

typedef struct fixture {
  char dir[PATH_MAX]; /* this test's temporary folder */
  char ini[PATH_MAX]; /* the config last loaded */
  config *cfg;
  diag_list diags;
} fixture;

/*
** {======================================================
** Helpers: files in the test folder, loading, checking diagnostics
** =======================================================
*/

static void path_in(const fixture *f, const char *name, char out[PATH_MAX]) {
  int n = snprintf(out, PATH_MAX, "%s/%s", f->dir, name);
  assert_true(n > 0 && n < PATH_MAX);
}

static void write_bytes(const fixture *f, const char *name, const char *bytes, size_t length) {
  char path[PATH_MAX];
  path_in(f, name, path);
  FILE *file = fopen(path, "wb");
  assert_non_null(file);
  assert_int_equal(fwrite(bytes, 1, length, file), length);
  assert_int_equal(fclose(file), 0);
}

static void write_file(const fixture *f, const char *name, const char *text) {
  write_bytes(f, name, text, strlen(text));
}

static void make_dir(const fixture *f, const char *name) {
  char path[PATH_MAX];
  path_in(f, name, path);
  assert_int_equal(mkdir(path, 0755), 0);
}

/* Forgets the last load so a test can load another config. */
static void reset(fixture *f) {
  config_free(f->cfg);
  f->cfg = NULL;
  diag_list_clear(&f->diags);
}

static int load_file(fixture *f, const char *name) {
  reset(f);
  path_in(f, name, f->ini);
  return config_load(f->ini, NULL, &f->cfg, &f->diags);
}

/* Writes text as review.ini and loads it. */
static int load(fixture *f, const char *text) {
  write_file(f, "review.ini", text);
  return load_file(f, "review.ini");
}

static void print_diags(const fixture *f) {
  for (size_t i = 0; i < f->diags.count; i++) {
    const diag *d = &f->diags.items[i];
    print_error("  %s:%ld: %s\n", d->file ? d->file : "(no file)", d->line, d->message);
  }
}

static void check_load_ok(fixture *f, const char *text, const char *file, int line) {
  if (load(f, text) != 0 || !f->cfg || f->diags.count) {
    print_error("expected the config to load, but got:\n");
    print_diags(f);
    _fail(file, line);
  }
}
#define load_ok(f, text) check_load_ok(f, text, __FILE__, __LINE__)

static void check_load_fails(fixture *f, const char *text, const char *file, int line) {
  if (load(f, text) != -1 || f->cfg || !f->diags.count) {
    print_error("expected the config to be refused with problems listed\n");
    _fail(file, line);
  }
}
#define load_fails(f, text) check_load_fails(f, text, __FILE__, __LINE__)

/* Fails unless a problem was reported in config_file at line with text in its message. */
static void check_diag(const fixture *f, const char *config_file, long line, const char *text,
                       const char *file, int source_line) {
  for (size_t i = 0; i < f->diags.count; i++) {
    const diag *d = &f->diags.items[i];
    if (d->file && strcmp(d->file, config_file) == 0 && d->line == line &&
        strstr(d->message, text))
      return;
  }
  print_error("no problem reported at %s:%ld containing \"%s\"; reported:\n", config_file, line,
              text);
  print_diags(f);
  _fail(file, source_line);
}
#define assert_diag(f, line, text) check_diag(f, (f)->ini, line, text, __FILE__, __LINE__)
#define assert_diag_in(f, config_file, line, text) \
  check_diag(f, config_file, line, text, __FILE__, __LINE__)

static void check_diag_count(const fixture *f, size_t expected, const char *file, int line) {
  if (f->diags.count != expected) {
    print_error("expected %zu problems, got %zu:\n", expected, f->diags.count);
    print_diags(f);
    _fail(file, line);
  }
}
#define assert_diag_count(f, n) check_diag_count(f, n, __FILE__, __LINE__)

static int remove_entry(const char *path, const struct stat *info, int flag, struct FTW *ftw) {
  (void)info, (void)flag, (void)ftw;
  return remove(path);
}

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  if (!f) return -1;
  const char *tmp = getenv("TMPDIR");
  snprintf(f->dir, sizeof f->dir, "%s/sustain-config-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(f->dir)) {
    free(f);
    return -1;
  }
  make_dir(f, "rules");
  write_file(f, "rules/coproduction.lua", "-- a rule file\n");
  make_dir(f, "plugins");
  make_dir(f, "out");
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  reset(f);
  int removed = nftw(f->dir, remove_entry, REMOVE_OPEN_FILES, FTW_DEPTH | FTW_PHYS);
  free(f);
  return removed;
}

/* }====================================================== */

/*
** {======================================================
** Valid configs
** =======================================================
*/

static void test_full_config_reads_every_section(void **state) {
  fixture *f = *state;
  load_ok(f, "; Care leaver services review\n"                               /* 1 */
             "[assessment]\n"                                                /* 2 */
             "name = Care leaver services: sustainability review 2024\n"     /* 3 */
             "date = 2024-03-31                 ; assessment date\n"         /* 4 */
             "rules = rules\n"                                               /* 5 */
             "format = markdown\n"                                           /* 6 */
             "output = out/plan.md\n"                                        /* 7 */
             "suppress_below = 10\n"                                         /* 8 */
             "plugin_path = plugins\n"                                       /* 9 */
             "\n"                                                            /* 10 */
             "[source care_leavers]             ; a named data source\n"     /* 11 */
             "plugin = csv\n"                                                /* 12 */
             "path = data/care_leavers.csv\n"                                /* 13 */
             "authority_column = la\n"                                       /* 14 */
             "encoding = utf-8\n"                                            /* 15 */
             "\n"                                                            /* 16 */
             "[authority northshire]\n"                                      /* 17 */
             "name = Northshire County Council\n"                            /* 18 */
             "pilot_start = 2020-04-01\n"                                    /* 19 */
             "pilot_end = 2022-03-31\n"                                      /* 20 */
             "stage = transition\n"                                          /* 21 */
             "financial_pressure = high\n"                                   /* 22 */
             "\n"                                                            /* 23 */
             "[authority south-vale_2]\n"                                    /* 24 */
             "[weights]\n"                                                   /* 25 */
             "coproduction = 1.5\n"                                          /* 26 */
             "leadership = 0\n"                                              /* 27 */
             "[limits]\n"                                                    /* 28 */
             "instructions = 5000000\n"                                      /* 29 */
             "memory_mb = 128\n"                                             /* 30 */
             "seconds = 2.5\n"                                               /* 31 */
             "depth = 50\n"                                                  /* 32 */
             "label_bytes = 300\n"                                           /* 33 */
             "actions = 5\n"                                                 /* 34 */
             "source_seconds = 42.5\n");                                     /* 35 */
  const config *cfg = f->cfg;
  char expected[PATH_MAX];

  assert_string_equal(cfg->path, f->ini);
  assert_string_equal(cfg->dir, f->dir);
  assert_string_equal(cfg->name, "Care leaver services: sustainability review 2024");
  assert_int_equal(cfg->date.year, 2024);
  assert_int_equal(cfg->date.month, 3);
  assert_int_equal(cfg->date.day, 31);
  assert_int_equal(cfg->rule_count, 1);
  path_in(f, "rules", expected);
  assert_string_equal(cfg->rules[0], expected);
  assert_int_equal(cfg->rules_line, 5);
  assert_string_equal(cfg->format, "markdown");
  path_in(f, "out/plan.md", expected);
  assert_string_equal(cfg->output, expected);
  assert_int_equal(cfg->suppress_below, 10);
  assert_int_equal(cfg->plugin_path_count, 1);
  path_in(f, "plugins", expected);
  assert_string_equal(cfg->plugin_paths[0], expected);

  assert_int_equal(cfg->source_count, 1);
  const config_source *source = &cfg->sources[0];
  assert_string_equal(source->name, "care_leavers");
  assert_int_equal(source->line, 11);
  assert_string_equal(source->plugin, "csv");
  assert_int_equal(source->plugin_line, 12);
  assert_string_equal(source->authority_column, "la");
  assert_int_equal(source->option_count, 2);
  assert_string_equal(source->options[0].key, "path");
  assert_string_equal(source->options[0].value, "data/care_leavers.csv"); /* as written */
  assert_int_equal(source->options[0].line, 13);
  assert_string_equal(source->options[1].key, "encoding");
  assert_string_equal(source->options[1].value, "utf-8");
  assert_int_equal(source->options[1].line, 15);

  assert_int_equal(cfg->authority_count, 2);
  const config_authority *north = &cfg->authorities[0];
  assert_string_equal(north->id, "northshire");
  assert_int_equal(north->line, 17);
  assert_string_equal(north->name, "Northshire County Council");
  assert_string_equal(north->stage, "transition");
  assert_int_equal(north->stage_line, 21);
  assert_int_equal(north->pilot_start.year, 2020);
  assert_int_equal(north->pilot_start.month, 4);
  assert_int_equal(north->pilot_start.day, 1);
  assert_int_equal(north->pilot_end.year, 2022);
  assert_int_equal(north->pilot_end.month, 3);
  assert_int_equal(north->pilot_end.day, 31);
  assert_int_equal(north->attribute_count, 1);
  assert_string_equal(north->attributes[0].key, "financial_pressure");
  assert_string_equal(north->attributes[0].value, "high");
  assert_int_equal(north->attributes[0].line, 22);
  const config_authority *south = &cfg->authorities[1];
  assert_string_equal(south->id, "south-vale_2");
  assert_string_equal(south->name, "south-vale_2");
  assert_int_equal(south->line, 24);

  assert_int_equal(cfg->weight_count, 2);
  assert_string_equal(cfg->weights[0].ingredient, "coproduction");
  assert_true(cfg->weights[0].weight == 1.5);
  assert_int_equal(cfg->weights[0].line, 26);
  assert_string_equal(cfg->weights[1].ingredient, "leadership");
  assert_true(cfg->weights[1].weight == 0.0);

  assert_int_equal(cfg->instructions, 5000000);
  assert_int_equal(cfg->memory_mb, 128);
  assert_true(cfg->seconds == 2.5);
  assert_true(cfg->source_seconds == 42.5);
  assert_int_equal(cfg->depth, 50);
  assert_int_equal(cfg->label_bytes, 300);
  assert_int_equal(cfg->actions, 5);
  assert_int_equal(cfg->text_bytes, CONFIG_DEFAULT_TEXT_BYTES);
}

static void test_defaults_apply_when_keys_are_absent(void **state) {
  fixture *f = *state;
  sx_date before = date_today();
  load_ok(f, MINIMAL);
  sx_date after = date_today();
  const config *cfg = f->cfg;
  assert_string_equal(cfg->name, "review"); /* review.ini without its extension */
  assert_true(date_to_days(cfg->date) == date_to_days(before) ||
              date_to_days(cfg->date) == date_to_days(after));
  assert_int_equal(cfg->suppress_below, CONFIG_DEFAULT_SUPPRESS_BELOW);
  assert_int_equal(cfg->suppress_below, 5);
  assert_int_equal(cfg->instructions, CONFIG_DEFAULT_INSTRUCTIONS);
  assert_int_equal(cfg->memory_mb, CONFIG_DEFAULT_MEMORY_MB);
  assert_true(cfg->seconds == CONFIG_DEFAULT_SECONDS);
  assert_true(cfg->source_seconds == CONFIG_DEFAULT_SOURCE_SECONDS);
  assert_null(cfg->format);
  assert_null(cfg->output);
  assert_int_equal(cfg->plugin_path_count, 0);
  assert_int_equal(cfg->source_count, 0);
  assert_int_equal(cfg->weight_count, 0);
  assert_int_equal(cfg->authority_count, 1);
  const config_authority *authority = &cfg->authorities[0];
  assert_string_equal(authority->name, "northshire");
  assert_null(authority->stage);
  assert_false(date_is_set(authority->pilot_start));
  assert_false(date_is_set(authority->pilot_end));
  assert_int_equal(authority->attribute_count, 0);

  /* only the last extension goes */
  write_file(f, "care-leavers.2024.ini", MINIMAL);
  assert_int_equal(load_file(f, "care-leavers.2024.ini"), 0);
  assert_string_equal(f->cfg->name, "care-leavers.2024");
  /* a source without authority_column or shared loads; whether several authorities may
   * read it is decided once its data is loaded (source_columns.c) */
  load_ok(f, MINIMAL "[source all]\nplugin = csv\n");
  assert_null(f->cfg->sources[0].authority_column);
  assert_false(f->cfg->sources[0].shared);
  assert_null(f->cfg->sources[0].id_column);
  assert_int_equal(f->cfg->sources[0].option_count, 0);
}

/* A mistyped key is reported once, with the key meant: in the sections whose keys are all
 * known, any near key; where other keys are handed on (a plugin's options, an authority's
 * attributes), a slip of one of the section's own keys, which would otherwise be handed on
 * where nothing reads it. */
static void test_mistyped_keys_suggest_the_key_meant(void **state) {
  fixture *f = *state;
  load_fails(f, "[assessment]\n"           /* 1 */
                "rule = rules\n"           /* 2: the only rules: said once */
                "fromat = json\n"          /* 3 */
                "[limits]\n"               /* 4 */
                "secnods = 3\n"            /* 5 */
                "[history]\n"              /* 6 */
                "pth = history.db\n"       /* 7 */
                "[source care_leavers]\n"  /* 8 */
                "plugin = csv\n"           /* 9 */
                "authority_col = la\n"     /* 10 */
                "path = people.csv\n"      /* 11: the plugin's own */
                "[source people]\n"        /* 12 */
                "plugins = csv\n"          /* 13: the only plugin: said once */
                "[authority northshire]\n" /* 14 */
                "pilot_strat = 2020-04-01\n"     /* 15 */
                "weights.coproduction = 2\n"     /* 16 */
                "Disable.x.y = not here\n"       /* 17 */
                "pilot_ended = yes\n"            /* 18: an attribute of its own */
                "areas_covered = 3\n");          /* 19 */
  assert_diag(f, 2, "unknown key 'rule' in [assessment]: did you mean rules?");
  assert_diag(f, 3, "unknown key 'fromat' in [assessment]: did you mean format?");
  assert_diag(f, 5, "unknown key 'secnods' in [limits]: did you mean seconds?");
  assert_diag(f, 7, "unknown key 'pth' in [history]: did you mean path?");
  assert_diag(f, 10,
              "unknown key 'authority_col' in [source care_leavers]: did you mean "
              "authority_column? (a plugin option cannot have a name this close to one of the "
              "section's own keys)");
  assert_diag(f, 13, "unknown key 'plugins' in [source people]: did you mean plugin?");
  assert_diag(f, 15,
              "unknown key 'pilot_strat' in [authority northshire]: did you mean pilot_start? "
              "(an attribute cannot have a name this close to one of the section's own keys)");
  assert_diag(f, 16,
              "unknown key 'weights.coproduction' in [authority northshire]: did you mean "
              "weight.coproduction?");
  assert_diag(f, 17, "unknown key 'Disable.x.y' in [authority northshire]: did you mean "
                     "disable.x.y?");
  assert_diag_count(f, 9);

  /* a key of one's own that is further from the section's keys is handed on */
  load_ok(f, MINIMAL "pilot_ended = yes\nauthority = x\n[source s]\nplugin = csv\nauth = x\n");
  assert_int_equal(f->cfg->authorities[0].attribute_count, 2);
  assert_int_equal(f->cfg->sources[0].option_count, 1);
}

static void test_shared_and_id_column_are_the_hosts_keys(void **state) {
  fixture *f = *state;
  load_ok(f, MINIMAL "[source dfe]\nplugin = csv\nshared = yes\nid_column = PUPIL\nsep = x\n");
  const config_source *source = &f->cfg->sources[0];
  assert_true(source->shared);
  assert_int_equal(source->shared_line, 6);
  assert_string_equal(source->id_column, "PUPIL");
  assert_int_equal(source->id_column_line, 7);
  assert_int_equal(source->option_count, 1); /* neither reaches the plugin */
  assert_string_equal(source->options[0].key, "sep");

  load_ok(f, MINIMAL "[source own]\nplugin = csv\nshared = no\n");
  assert_false(f->cfg->sources[0].shared);
  assert_int_equal(f->cfg->sources[0].option_count, 0);

  load_fails(f, MINIMAL "[source dfe]\nplugin = csv\nshared = true\n");
  assert_diag(f, 6, "shared must be yes (every row applies to every authority) or no, not 'true'");
  load_fails(f, MINIMAL "[source dfe]\nplugin = csv\nshared =\n");
  assert_diag(f, 6, "'shared' has no value");

  /* both say opposite things about the rows: which one is meant is for the user to say */
  load_fails(f, MINIMAL "[source people]\nplugin = csv\nauthority_column = la\nshared = yes\n");
  assert_diag(f, 7, "[source people] says shared = yes and also names authority_column (line 6): "
                    "keep authority_column when each row belongs to one authority, or shared = "
                    "yes when every row applies to every authority");
  assert_int_equal(f->diags.count, 1);
  load_ok(f, MINIMAL "[source people]\nplugin = csv\nauthority_column = la\nshared = no\n");
}

static void test_relative_paths_start_from_the_config_folder(void **state) {
  fixture *f = *state;
  char absolute_rules[PATH_MAX], expected[PATH_MAX], text[4 * PATH_MAX];
  make_dir(f, "conf");
  path_in(f, "rules/coproduction.lua", absolute_rules);
  snprintf(text, sizeof text,
           "[assessment]\n"
           "rules = ../rules, %s\n"
           "plugin_path = ../plugins, .\n"
           "output = report.md\n"
           "[authority northshire]\n",
           absolute_rules);
  write_file(f, "conf/review.ini", text);
  assert_int_equal(load_file(f, "conf/review.ini"), 0);
  const config *cfg = f->cfg;

  path_in(f, "conf", expected);
  assert_string_equal(cfg->dir, expected);
  assert_int_equal(cfg->rule_count, 2);
  path_in(f, "conf/../rules", expected);
  assert_string_equal(cfg->rules[0], expected);
  assert_string_equal(cfg->rules[1], absolute_rules); /* absolute paths stay */
  assert_int_equal(cfg->plugin_path_count, 2);
  path_in(f, "conf/../plugins", expected);
  assert_string_equal(cfg->plugin_paths[0], expected);
  path_in(f, "conf/.", expected);
  assert_string_equal(cfg->plugin_paths[1], expected);
  path_in(f, "conf/report.md", expected);
  assert_string_equal(cfg->output, expected);

  assert_string_equal(config_resolve_path(cfg, "/srv/data.csv"), "/srv/data.csv");
  path_in(f, "conf/data/x.csv", expected);
  assert_string_equal(config_resolve_path(cfg, "data/x.csv"), expected);
  assert_null(config_resolve_path(cfg, NULL));
}

static void test_config_named_without_folder_uses_the_current_folder(void **state) {
  fixture *f = *state;
  char previous[PATH_MAX];
  assert_non_null(getcwd(previous, sizeof previous));
  write_file(f, "review.ini", MINIMAL);
  assert_int_equal(chdir(f->dir), 0);
  int result = config_load("review.ini", NULL, &f->cfg, &f->diags);
  assert_int_equal(chdir(previous), 0);
  assert_int_equal(result, 0);
  assert_string_equal(f->cfg->dir, ".");
  assert_string_equal(f->cfg->rules[0], "./rules");
  assert_string_equal(f->cfg->name, "review");
}

static void test_continuation_lines_join_values(void **state) {
  fixture *f = *state;
  load_ok(f, "[assessment]\n"                                   /* 1 */
             "name = Care leaver services:\n"                   /* 2 */
             "    sustainability review 2024\n"                 /* 3 */
             "rules =\n"                                        /* 4 */
             "    rules/coproduction.lua,\n"                    /* 5 */
             "    rules\n"                                      /* 6 */
             "plugin_path = plugins\n"                          /* 7 */
             "\tplugins   ; tabs indent too\n"                  /* 8 */
             "[source counts]\n"                                /* 9 */
             "plugin = sqlite\n"                                /* 10 */
             "query = select la, count(*)\n"                    /* 11 */
             "        from care_leavers   ; the main table\n"   /* 12 */
             "\n"                                               /* 13 */
             "        group by la\n"                            /* 14 */
             "[authority northshire]\n"                         /* 15 */
             "name = Northshire\n"                              /* 16 */
             "  County Council\n");                             /* 17 */
  const config *cfg = f->cfg;
  char expected[PATH_MAX];
  assert_string_equal(cfg->name, "Care leaver services: sustainability review 2024");
  assert_int_equal(cfg->rule_count, 2); /* lists join with a comma; empty items drop */
  path_in(f, "rules/coproduction.lua", expected);
  assert_string_equal(cfg->rules[0], expected);
  path_in(f, "rules", expected);
  assert_string_equal(cfg->rules[1], expected);
  assert_int_equal(cfg->rules_line, 4);
  assert_int_equal(cfg->plugin_path_count, 2);
  /* other values join with a space; a blank line does not end the value */
  assert_int_equal(cfg->sources[0].option_count, 1);
  assert_string_equal(cfg->sources[0].options[0].value,
                      "select la, count(*) from care_leavers group by la");
  assert_int_equal(cfg->sources[0].options[0].line, 11);
  assert_string_equal(cfg->authorities[0].name, "Northshire County Council");
}

static void test_comments_bom_crlf_and_colon(void **state) {
  fixture *f = *state;
  load_ok(f, "\xEF\xBB\xBF; a comment\r\n"              /* 1 */
             "# another comment\r\n"                    /* 2 */
             "[assessment]   # trailing comment\r\n"    /* 3 */
             "rules: rules\r\n"                         /* 4 */
             "name = Smith;Jones review ; comment\r\n"  /* 5 */
             "   ; an indented comment\r\n"             /* 6 */
             "[authority northshire]\r\n"               /* 7 */
             "  # indented comment after a header\r\n"  /* 8 */
             "motto = a=b\r\n");                        /* 9 */
  assert_string_equal(f->cfg->name, "Smith;Jones review"); /* ';' ends a value only after a space */
  assert_int_equal(f->cfg->rules_line, 4);
  assert_int_equal(f->cfg->authorities[0].line, 7);
  assert_string_equal(f->cfg->authorities[0].attributes[0].value, "a=b");
  assert_int_equal(f->cfg->authorities[0].attributes[0].line, 9);

  /* line numbers stay right with CRLF endings */
  load_fails(f, "[assessment]\r\nrules = rules\r\n[authority northshire]\r\npilot_end = x\r\n");
  assert_diag(f, 4, "pilot_end 'x' is not a date");
}

static void test_line_of_exactly_the_limit_is_accepted(void **state) {
  fixture *f = *state;
  char text[512], value[CONFIG_MAX_LINE + 1];
  const char *prefix = "motto = ";
  size_t value_length = CONFIG_MAX_LINE - strlen(prefix);
  memset(value, 'x', value_length);
  value[value_length] = '\0';
  snprintf(text, sizeof text, MINIMAL "%s%s\r\n", prefix, value);
  load_ok(f, text);
  assert_int_equal(strlen(f->cfg->authorities[0].attributes[0].value), value_length);
}

/* }====================================================== */

/*
** {======================================================
** Problems: each is reported with its file and line
** =======================================================
*/

static void test_overlong_line_is_refused_and_counting_goes_on(void **state) {
  fixture *f = *state;
  char text[1024], just_over[CONFIG_MAX_LINE + 2], far_over[301];
  memset(just_over, 'x', sizeof just_over - 1); /* 198 characters */
  just_over[sizeof just_over - 1] = '\0';
  memset(far_over, 'y', sizeof far_over - 1); /* 300 characters */
  far_over[sizeof far_over - 1] = '\0';
  snprintf(text, sizeof text,
           MINIMAL "name = North\n"        /* 4 */
                   "motto = %.*s\n"        /* 5: 198 characters with the key */
                   "  more\n"              /* 6: continues nothing, reports nothing */
                   "pilot_start = soon\n"  /* 7 */
                   "%s\n",                 /* 8 */
           (int)(sizeof just_over - 1 - strlen("motto = ")), just_over, far_over);
  load_fails(f, text);
  assert_diag(f, 5,
              "line is 198 characters long; the limit is 197: split a long value over indented "
              "continuation lines");
  assert_diag(f, 7, "pilot_start 'soon' is not a date");
  assert_diag(f, 8, "line is 300 characters long; the limit is 197");
  assert_diag_count(f, 3);
}

static void test_duplicate_key_names_both_lines(void **state) {
  fixture *f = *state;
  load_fails(f, MINIMAL "name = North\n"          /* 4 */
                        "pilot_start = 2020-01-01\n" /* 5 */
                        "name = South\n"          /* 6 */
                        "  continues the duplicate\n"
                        "[source cl]\n"           /* 8 */
                        "plugin = csv\n"          /* 9 */
                        "path = a.csv\n"          /* 10 */
                        "path = b.csv\n");        /* 11 */
  assert_diag(f, 6, "'name' is set twice in [authority northshire] (lines 4 and 6): keep one");
  assert_diag(f, 11, "'path' is set twice in [source cl] (lines 10 and 11)");
  assert_diag_count(f, 2);
}

static void test_duplicate_section_names_both_lines(void **state) {
  fixture *f = *state;
  load_fails(f, MINIMAL "[source cl]\n"     /* 4 */
                        "plugin = csv\n"    /* 5 */
                        "[assessment]\n"    /* 6 */
                        "format = json\n"   /* 7 */
                        "[source cl]\n"     /* 8 */
                        "plugin = sqlite\n" /* 9 */
                        "[authority northshire]\n" /* 10 */
                        "[weights]\n"       /* 11 */
                        "[weights]\n");     /* 12 */
  assert_diag(f, 6, "section [assessment] is repeated (first on line 1, again on line 6): merge");
  assert_diag(f, 8, "section [source cl] is repeated (first on line 4, again on line 8)");
  assert_diag(f, 10,
              "section [authority northshire] is repeated (first on line 3, again on line 10)");
  assert_diag(f, 12, "section [weights] is repeated (first on line 11, again on line 12)");
  /* a repeated section's keys are checked as if merged into the first */
  assert_diag(f, 9, "'plugin' is set twice in [source cl] (lines 5 and 9)");
  assert_diag_count(f, 5);
}

static void test_unknown_sections_and_keys(void **state) {
  fixture *f = *state;
  load_fails(f, "[assessment]\n"    /* 1 */
                "rules = rules\n"   /* 2 */
                "colour = blue\n"   /* 3 */
                "[sources cl]\n"    /* 4 */
                "plugin = csv\n"    /* 5: ignored under an unknown section */
                "[Limits]\n"        /* 6: names are case-sensitive */
                "[limits]\n"        /* 7 */
                "cpu = 2\n"         /* 8 */
                "[authority northshire]\n");
  assert_diag(f, 3,
              "unknown key 'colour' in [assessment]: the keys are name, date, rules, format, "
              "output, suppress_below, plugin_path, audience, cache and cache_dir");
  assert_diag(f, 4,
              "unknown section [sources cl]: the sections are [assessment], [source NAME], "
              "[authority ID], [weights], [limits] and [history]");
  assert_diag(f, 6, "unknown section [Limits]");
  assert_diag(f, 8, "unknown key 'cpu' in [limits]: the keys are instructions, memory_mb, seconds, source_seconds, source_rows, source_memory_mb, depth, label_bytes, text_bytes, evidence_items and actions");
  assert_diag_count(f, 4);
}

static void test_empty_values_are_refused(void **state) {
  fixture *f = *state;
  load_fails(f, MINIMAL "motto =\n"          /* 4 */
                        "stage = \n"         /* 5 */
                        "[assessment]\n"     /* 6: repeated, merged */
                        "name =\n"           /* 7 */
                        "[source cl]\n"      /* 8 */
                        "plugin = csv\n"     /* 9 */
                        "delimiter = ;\n"    /* 10: ';' after a space starts a comment */
                        "[weights]\n"        /* 11 */
                        "coproduction =\n"   /* 12 */
                        "[limits]\n"         /* 13 */
                        "memory_mb =\n");    /* 14 */
  assert_diag(f, 4, "'motto' has no value: write one after '=' or delete the line");
  assert_diag(f, 5, "'stage' has no value");
  assert_diag(f, 7, "'name' has no value");
  assert_diag(f, 10, "'delimiter' has no value");
  assert_diag(f, 12, "'coproduction' has no value");
  assert_diag(f, 14, "'memory_mb' has no value");
  assert_diag_count(f, 7); /* and the repeated [assessment] */
}

static void test_bad_numbers_are_refused(void **state) {
  fixture *f = *state;
  load_fails(f, MINIMAL "[assessment]\n"            /* 4 */
                        "suppress_below = 0\n"      /* 5 */
                        "[weights]\n"               /* 6 */
                        "a = nan\n"                 /* 7 */
                        "b = inf\n"                 /* 8 */
                        "c = -1\n"                  /* 9 */
                        "d = 1e999\n"               /* 10 */
                        "e = 0x10\n"                /* 11 */
                        "f = 1.5x\n"                /* 12 */
                        "g = 2.5e-1\n"              /* 13: fine */
                        "[limits]\n"                /* 14 */
                        "instructions = 999\n"      /* 15 */
                        "memory_mb = 4097\n");      /* 16 */
  assert_diag(f, 5, "suppress_below must be a whole number of at least 1 (e.g. 5), not '0'");
  assert_diag(f, 7, "weight of 'a' must be a number of 0 or more (e.g. 1.5), not 'nan'");
  assert_diag(f, 8, "weight of 'b' must be a number of 0 or more");
  assert_diag(f, 9, "weight of 'c' must be a number of 0 or more");
  assert_diag(f, 10, "weight of 'd' must be a number of 0 or more");
  assert_diag(f, 11, "weight of 'e' must be a number of 0 or more");
  assert_diag(f, 12, "weight of 'f' must be a number of 0 or more");
  assert_diag(f, 15,
              "instructions must be a whole number of at least 1000 (default 10000000), not '999'");
  assert_diag(f, 16,
              "memory_mb must be a whole number of megabytes from 1 to 4096 (default 64), "
              "not '4097'");
  assert_diag_count(f, 10); /* and the repeated [assessment] */

  load_fails(f, "[assessment]\nrules = rules\nsuppress_below = 5.0\n"  /* 3 */
                "[limits]\n"
                "instructions = 99999999999999999999999\n"             /* 5 */
                "memory_mb = 0\n"                                      /* 6 */
                "source_seconds = 0\n"                                 /* 7 */
                "seconds = 86401\n"                                    /* 8 */
                "[authority northshire]\n");
  assert_diag(f, 3, "not '5.0'");
  assert_diag(f, 5, "instructions must be a whole number");
  assert_diag(f, 6, "memory_mb must be a whole number of megabytes from 1 to 4096");
  assert_diag(f, 7, "source_seconds must be a number of seconds above 0 and at most 86400 "
                    "(default 300), not '0'");
  assert_diag(f, 8, "seconds must be a number of seconds above 0 and at most 86400 (default 10), "
                    "not '86401'");
  assert_diag_count(f, 5);

  /* the bounds themselves are fine */
  load_ok(f, MINIMAL "[limits]\ninstructions = 1000\nmemory_mb = 4096\n");
  assert_int_equal(f->cfg->instructions, 1000);
  assert_int_equal(f->cfg->memory_mb, 4096);
}

static void test_bad_dates_are_refused(void **state) {
  fixture *f = *state;
  load_fails(f, "[assessment]\n"             /* 1 */
                "rules = rules\n"            /* 2 */
                "date = 2023-02-29\n"        /* 3: not a leap year */
                "[authority northshire]\n"   /* 4 */
                "pilot_start = 2020/04/01\n" /* 5 */
                "[authority southvale]\n"    /* 6 */
                "pilot_end = 2021-12-31\n"   /* 7 */
                "pilot_start = 2022-01-01\n" /* 8 */
                "[authority eastmoor]\n"     /* 9 */
                "pilot_start = 2022-01-01\n" /* 10: a one-day pilot is fine */
                "pilot_end = 2022-01-01\n");
  assert_diag(f, 3,
              "date '2023-02-29' is not a date in the form YYYY-MM-DD: write it like 2024-03-31");
  assert_diag(f, 5, "pilot_start '2020/04/01' is not a date in the form YYYY-MM-DD");
  assert_diag(f, 7,
              "pilot_end 2021-12-31 is before pilot_start 2022-01-01 (line 8): correct one of "
              "the two dates");
  assert_diag_count(f, 3);
}

static void test_missing_sections_and_required_keys(void **state) {
  fixture *f = *state;
  load_fails(f, "[source cl]\n"  /* 1 */
                "path = a.csv\n");
  assert_diag(f, 1, "[source cl] has no plugin: add plugin = csv");
  assert_diag(f, 0, "no [assessment] section: add one with at least rules =");
  assert_diag(f, 0, "no [authority ID] section: add one per authority to assess");
  assert_diag_count(f, 3);
  /* file-wide problems come after the located ones */
  assert_int_equal(f->diags.items[0].line, 1);

  load_fails(f, "[authority northshire]\n" /* 1 */
                "[assessment]\n"           /* 2 */
                "name = Review\n");
  assert_diag(f, 2, "[assessment] has no rules: add rules =");
  assert_diag_count(f, 1);
}

static void test_paths_must_exist(void **state) {
  fixture *f = *state;
  char missing[PATH_MAX], file[PATH_MAX], folder[PATH_MAX], text[2 * PATH_MAX];
  path_in(f, "missing_pack", missing);
  path_in(f, "rules/coproduction.lua", file);
  path_in(f, "nowhere", folder);
  load_fails(f, "[assessment]\n"                            /* 1 */
                "rules = rules, missing_pack\n"             /* 2 */
                "plugin_path = plugins, rules/coproduction.lua, gone\n" /* 3 */
                "output = nowhere/plan.md\n"                /* 4 */
                "format = pdf\n"                            /* 5 */
                "[authority northshire]\n");
  char expected[2 * PATH_MAX];
  snprintf(expected, sizeof expected,
           "rules: 'missing_pack' (looked for %s) does not exist: fix the path; relative paths "
           "start from the config file's folder",
           missing);
  assert_diag(f, 2, expected);
  snprintf(expected, sizeof expected,
           "plugin_path: 'rules/coproduction.lua' (looked for %s) is not a folder: list folders "
           "that hold plugins",
           file);
  assert_diag(f, 3, expected);
  assert_diag(f, 3, "plugin_path: 'gone' (looked for ");
  snprintf(expected, sizeof expected,
           "output: the folder of 'nowhere/plan.md' (looked for %s/plan.md) does not exist: "
           "create the folder first",
           folder);
  assert_diag(f, 4, expected);
  assert_diag(f, 5, "format 'pdf' is not known: use text, markdown, json, csv, html or xlsx");
  assert_diag_count(f, 5);

  load_fails(f, MINIMAL "[assessment]\noutput = out\n");
  path_in(f, "out", folder);
  snprintf(expected, sizeof expected, "output: 'out' (looked for %s) is a folder: give a file name",
           folder);
  assert_diag(f, 5, expected);

  /* a history file is checked as the plan's file is */
  load_fails(f, MINIMAL "[history]\npath = out\n"); /* path on line 5 */
  snprintf(expected, sizeof expected,
           "history path: 'out' (looked for %s) is a folder: give a file name, e.g. history.db",
           folder);
  assert_diag(f, 5, expected);
  path_in(f, "nowhere", folder);
  load_fails(f, MINIMAL "[history]\npath = nowhere/runs.db\n");
  snprintf(expected, sizeof expected,
           "history path: the folder of 'nowhere/runs.db' (looked for %s/runs.db) does not "
           "exist: create the folder first, or change path",
           folder);
  assert_diag(f, 5, expected);
  assert_diag_count(f, 1);

  /* an absolute path is shown once; a list of only commas lists nothing */
  snprintf(text, sizeof text, "[assessment]\nrules = %s, ,\n[authority a]\n", missing);
  load_fails(f, text);
  snprintf(expected, sizeof expected, "rules: '%s' does not exist: fix the path", missing);
  assert_diag(f, 2, expected);
  load_fails(f, "[assessment]\nrules = ,\n[authority a]\n");
  assert_diag(f, 2, "'rules' lists no paths: write at least one, separated by commas");
  assert_diag_count(f, 1);
}

static void test_names_must_be_identifiers(void **state) {
  fixture *f = *state;
  load_fails(f, MINIMAL "stage = late stage\n"     /* 4 */
                        "[source 2cl]\n"           /* 5 */
                        "plugin = csv\n"           /* 6: ignored */
                        "[source care-leavers]\n"  /* 7 */
                        "[source]\n"               /* 8 */
                        "[authority north shire]\n" /* 9 */
                        "[authority]\n"            /* 10 */
                        "[weights extra]\n");      /* 11 */
  assert_diag(f, 4, "stage 'late stage' must be one word of letters, digits and _");
  assert_diag(f, 5, "source name '2cl' is not usable as a table name");
  assert_diag(f, 7, "source name 'care-leavers' is not usable as a table name");
  assert_diag(f, 8, "[source] needs a name: write [source NAME], e.g. [source care_leavers]");
  assert_diag(f, 9, "authority id 'north shire' may contain only letters, digits, _ and -");
  assert_diag(f, 10, "[authority] needs a name");
  assert_diag(f, 11, "[weights] takes no name: write just [weights]");
  assert_diag_count(f, 7);
}

static void test_broken_lines_are_all_reported(void **state) {
  fixture *f = *state;
  load_fails(f, "rules = rules\n"              /* 1: before any section */
                "[assessment]\n"               /* 2 */
                "rules = rules\n"              /* 3 */
                "just some words\n"            /* 4 */
                "= orphan\n"                   /* 5 */
                "[authority northshire\n"      /* 6 */
                "name = ignored\n"             /* 7 */
                "[authority northshire] x\n"   /* 8 */
                "motto = hello\n"              /* 9 */
                "  [source cl]\n"              /* 10: indented header */
                "plugin = ignored\n");         /* 11 */
  assert_diag(f, 1, "'rules' is outside any section: move it under its section");
  assert_diag(f, 4,
              "this line is not 'key = value', a [section] header or a comment: add the '=', "
              "or start a comment with ';'");
  assert_diag(f, 5, "a key is missing before '='");
  assert_diag(f, 6, "this section header has no closing ']'");
  assert_diag(f, 8, "unexpected text after ']'");
  assert_diag(f, 10, "this section header is indented, so it would continue the value above");
  assert_diag_count(f, 6);
  assert_string_equal(f->diags.items[0].file, f->ini);
}

/* inih decides what each line is; these are the lines whose reading it does not hand
 * the handler as it is (a header, a refused line, a name cut to 49 bytes). */
static void test_lines_inih_reads_apart_from_keys(void **state) {
  fixture *f = *state;
  /* section names and keys past inih's 49 bytes are kept whole, and a section without keys
   * is still a section */
  const char *source = "care_leavers_of_the_north_eastern_region_by_month_2024";
  const char *key = "attribute_with_a_name_longer_than_the_forty_nine_bytes_inih_keeps";
  char text[1024];
  snprintf(text, sizeof text,
           MINIMAL "%s = first\n"                    /* 4 */
                   "  and second\n"                  /* 5: continues the long key */
                   "query = select\n"                /* 6 */
                   "  query = 1\n"                   /* 7: continues; not a second query */
                   "[source %s_a]\nplugin = csv\n"  /* 8, 9 */
                   "[source %s_b]\nplugin = csv\n"  /* 10, 11 */
                   "[authority %s]\n",               /* 12: no keys */
           key, source, source, source);
  load_ok(f, text);
  const config *cfg = f->cfg;
  assert_int_equal(cfg->source_count, 2);
  assert_true(strncmp(cfg->sources[0].name, source, strlen(source)) == 0);
  assert_string_equal(cfg->sources[0].name + strlen(source), "_a");
  assert_string_equal(cfg->sources[1].name + strlen(source), "_b");
  assert_int_equal(cfg->sources[1].line, 10);
  assert_int_equal(cfg->authority_count, 2);
  assert_string_equal(cfg->authorities[1].id, source);
  assert_int_equal(cfg->authorities[1].line, 12);
  const config_authority *north = &cfg->authorities[0];
  assert_int_equal(north->attribute_count, 2);
  assert_string_equal(north->attributes[0].key, key);
  assert_string_equal(north->attributes[0].value, "first and second");
  assert_string_equal(north->attributes[1].value, "select query = 1");

  /* an indented header is reported even with a comment after it; a ';' inside the
   * brackets starts a comment, so that header has no ']' */
  load_fails(f, MINIMAL "motto = one\n"                  /* 4 */
                        "  [source cl] ; the outcomes\n" /* 5 */
                        "plugin = ignored\n"             /* 6 */
                        "[source cl ; the outcomes]\n"   /* 7 */
                        "plugin = ignored\n");           /* 8 */
  assert_diag(f, 5, "this section header is indented, so it would continue the value above");
  assert_diag(f, 7, "this section header has no closing ']'");
  assert_diag_count(f, 2);
  assert_int_equal(f->diags.items[0].line, 5);
}

static void test_every_problem_is_reported_at_once_in_line_order(void **state) {
  fixture *f = *state;
  load_fails(f, "[assessment]\n"           /* 1 */
                "rules = nothing_here\n"   /* 2 */
                "date = yesterday\n"       /* 3 */
                "date = today\n"           /* 4 */
                "[source cl]\n"            /* 5 */
                "[authority a]\n"          /* 6 */
                "pilot_start = 2020-13-01\n" /* 7 */
                "[weights]\n"              /* 8 */
                "x = lots\n"               /* 9 */
                "[limits]\n"               /* 10 */
                "memory_mb = -1\n"         /* 11 */
                "[extras]\n");             /* 12 */
  assert_diag_count(f, 8);
  static const long lines[] = {2, 3, 4, 5, 7, 9, 11, 12};
  for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
    assert_int_equal(f->diags.items[i].line, lines[i]);
  assert_diag(f, 4, "'date' is set twice in [assessment] (lines 3 and 4)");
  assert_diag(f, 5, "[source cl] has no plugin");
  assert_diag(f, 12, "unknown section [extras]");
}

static void test_nul_byte_is_refused(void **state) {
  fixture *f = *state;
  static const char bytes[] = "[assessment]\nrules = rules\nna\0me = x\n[authority a]\n";
  write_bytes(f, "review.ini", bytes, sizeof bytes - 1);
  assert_int_equal(load_file(f, "review.ini"), -1);
  assert_null(f->cfg);
  assert_diag(f, 3, "the file contains a NUL byte, so it is not plain text: save the config as");
  assert_diag_count(f, 1);
}

static void test_empty_file_is_refused(void **state) {
  fixture *f = *state;
  load_fails(f, "");
  assert_diag(f, 0, "the config file is empty: write at least an [assessment] section");
  assert_diag_count(f, 1);
}

/* `rules = @NAME`: the first of the layout's pack folders that holds NAME, else the last
 * (the installed one, named in messages); without a layout no pack name is known. */
static void test_shipped_pack_names_follow_the_layout(void **state) {
  fixture *f = *state;
  make_dir(f, "source");
  make_dir(f, "source/mine");
  make_dir(f, "installed");
  make_dir(f, "installed/mine");
  make_dir(f, "installed/theirs");
  write_file(f, "review.ini", "[assessment]\nrules = @mine, @theirs\n[authority northshire]\n");
  char source[PATH_MAX], installed[PATH_MAX], expected[PATH_MAX];
  path_in(f, "source", source);
  path_in(f, "installed", installed);
  config_layout layout = {.pack_dirs = {source, installed}, .pack_dir_count = 2};
  path_in(f, "review.ini", f->ini);
  assert_int_equal(config_load(f->ini, &layout, &f->cfg, &f->diags), 0);
  assert_int_equal(f->cfg->rule_count, 2);
  path_in(f, "source/mine", expected); /* the first folder that holds it */
  assert_string_equal(f->cfg->rules[0], expected);
  path_in(f, "installed/theirs", expected);
  assert_string_equal(f->cfg->rules[1], expected);
  reset(f);

  assert_int_equal(config_load(f->ini, NULL, &f->cfg, &f->diags), -1);
  assert_diag(f, 2, "'@mine' names a shipped rule pack, but this program knows no folder of them");

  reset(f);
  write_file(f, "review.ini", "[assessment]\nrules = @../x\n[authority northshire]\n");
  assert_int_equal(config_load(f->ini, &layout, &f->cfg, &f->diags), -1);
  char message[PATH_MAX + 64];
  snprintf(message, sizeof message, "write @ and the name of a pack folder in %s,", installed);
  assert_diag(f, 2, message);
}

static void test_folder_or_missing_file_is_refused(void **state) {
  fixture *f = *state;
  assert_int_equal(config_load(f->dir, NULL, &f->cfg, &f->diags), -1);
  assert_null(f->cfg);
  assert_diag_in(f, f->dir, 0,
                 "this is a folder, not a config file: give the path of the .ini file");
  assert_diag_count(f, 1);

  assert_int_equal(load_file(f, "absent.ini"), -1);
  assert_null(f->cfg);
  assert_diag(f, 0, "cannot open the config file: No such file or directory: check the path");
  assert_diag_count(f, 1);
}

/* A refused config leaves nothing behind, whatever the caller's pointer held
 * before: *out is NULL, and freeing it is safe, as engine_close does. */
static void test_a_refused_config_leaves_nothing_to_free(void **state) {
  fixture *f = *state;
  write_file(f, "review.ini", "[assessment]\nrules = rules\n[mystery]\n");
  path_in(f, "review.ini", f->ini);
  config stale;
  config *cfg = &stale; /* what a caller's earlier load may have left there */
  assert_int_equal(config_load(f->ini, NULL, &cfg, &f->diags), -1);
  assert_null(cfg);
  config_free(cfg);
  assert_diag(f, 3, "unknown section [mystery]");
}

/* }====================================================== */

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_full_config_reads_every_section, setup, teardown),
      cmocka_unit_test_setup_teardown(test_defaults_apply_when_keys_are_absent, setup, teardown),
      cmocka_unit_test_setup_teardown(test_relative_paths_start_from_the_config_folder, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_config_named_without_folder_uses_the_current_folder,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_continuation_lines_join_values, setup, teardown),
      cmocka_unit_test_setup_teardown(test_comments_bom_crlf_and_colon, setup, teardown),
      cmocka_unit_test_setup_teardown(test_line_of_exactly_the_limit_is_accepted, setup, teardown),
      cmocka_unit_test_setup_teardown(test_overlong_line_is_refused_and_counting_goes_on, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_duplicate_key_names_both_lines, setup, teardown),
      cmocka_unit_test_setup_teardown(test_duplicate_section_names_both_lines, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unknown_sections_and_keys, setup, teardown),
      cmocka_unit_test_setup_teardown(test_mistyped_keys_suggest_the_key_meant, setup, teardown),
      cmocka_unit_test_setup_teardown(test_empty_values_are_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bad_numbers_are_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bad_dates_are_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_missing_sections_and_required_keys, setup, teardown),
      cmocka_unit_test_setup_teardown(test_paths_must_exist, setup, teardown),
      cmocka_unit_test_setup_teardown(test_names_must_be_identifiers, setup, teardown),
      cmocka_unit_test_setup_teardown(test_broken_lines_are_all_reported, setup, teardown),
      cmocka_unit_test_setup_teardown(test_lines_inih_reads_apart_from_keys, setup, teardown),
      cmocka_unit_test_setup_teardown(test_every_problem_is_reported_at_once_in_line_order,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_nul_byte_is_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_empty_file_is_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_folder_or_missing_file_is_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_shipped_pack_names_follow_the_layout, setup, teardown),
      cmocka_unit_test_setup_teardown(test_shared_and_id_column_are_the_hosts_keys, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_a_refused_config_leaves_nothing_to_free, setup,
                                      teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
