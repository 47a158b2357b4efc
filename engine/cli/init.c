/* init.c: `sustain init DIR`; see init.h. It reads the templates (init_template.h), makes
 * each file's text in memory, refuses before writing anything when one of the files is
 * there already, and then writes them all as new files (init_files.h), removing what it
 * wrote if any fails. The [source] sections, the CSV files, the workbook and the README's
 * columns all come from the one list of columns in templates/columns.tsv. */
#include "init.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_options.h"
#include "init_files.h"
#include "init_template.h"
#include "init_xlsx.h"
#include "layout.h"
#include "report_csv.h"

/* Exit statuses, as main.c's (docs/sustain.1). */
enum { INIT_EXIT_WRITTEN = 0, INIT_EXIT_NOTHING_WRITTEN = 1, INIT_EXIT_USAGE = 2 };

/* The authority written when none is named. */
#define INIT_DEFAULT_ID "my_council"
/* The most authorities one starter holds. */
#define INIT_MAX_AUTHORITIES 64
/* The longest name or la_code: its INI line must stay well within the 197 characters a
 * config line may have (docs/config.md). */
#define INIT_MAX_NAME 150
#define INIT_MAX_CODE 16
/* Comment lines are wrapped at this many characters. */
#define INIT_COMMENT_WIDTH 90
/* The files written, in DIR. */
#define INIT_CONFIG "assessment.ini"
#define INIT_README "README.md"
#define INIT_DATA "data"
#define INIT_WORKBOOK "assessment-data.xlsx"
/* The most files: assessment.ini, README.md, the workbook, and a CSV per table. */
#define INIT_MAX_OUTPUTS 32

const char init_usage[] =
    "Usage: sustain init DIR [--authority ID [--name NAME] [--la-code CODE]]...\n"
    "\n"
    "Writes a starter assessment into DIR (made when missing), to begin from your\n"
    "own data: DIR/assessment.ini, every section and key explained; DIR/README.md,\n"
    "each column and its codes; and in DIR/data/ a CSV file per table the default\n"
    "rule pack reads, with its columns and one example row per authority, and the\n"
    "workbook assessment-data.xlsx: a sheet per table and one explaining each\n"
    "column. The data files are readable by you alone (data/ too, when init makes\n"
    "it). `sustain check` passes on what it writes and `sustain run` gives a plan.\n"
    "It never replaces a file: when one of them exists, nothing is written.\n"
    "\n"
    "Options:\n"
    "  -a, --authority ID   an authority to assess (repeatable; default my_council):\n"
    "                       letters, digits, _ and -, as the la column holds it\n"
    "  -n, --name NAME      the name of the authority given before it\n"
    "  -l, --la-code CODE   its DfE code (935, or E10000029), to compare it with\n"
    "                       its region and statistical neighbours\n"
    "  -h, --help           show this help\n"
    "\n"
    "Exit status: 0 written; 1 nothing written (a file exists already, or a folder\n"
    "or file cannot be made); 2 usage error.\n";

typedef struct init_request {
  char *dir; /* argv's, its trailing slashes cut off */
  init_authority authorities[INIT_MAX_AUTHORITIES];
  size_t authority_count;
} init_request;

/* A file to write: its text, or the workbook (text NULL). */
typedef struct init_output {
  char path[PATH_MAX];
  char *text;
  size_t size;
  int private_file; /* data: 0600 */
} init_output;

typedef struct init_plan {
  init_output outputs[INIT_MAX_OUTPUTS];
  size_t count;
  char data_dir[PATH_MAX];
} init_plan;

static int usage_problem(const char *format, const char *argument) {
  fputs("sustain: ", stderr);
  diag_printf(stderr, format, argument);
  fputs("\nTry `sustain init --help`.\n", stderr);
  return INIT_EXIT_USAGE;
}

/* ** {======================================================================
** The command line
** ======================================================================= */

static int valid_id(const char *id) {
  size_t n = strlen(id);
  if (n == 0 || n > 64) return 0;
  for (const char *c = id; *c; c++)
    if (!(*c >= 'a' && *c <= 'z') && !(*c >= 'A' && *c <= 'Z') && !(*c >= '0' && *c <= '9') &&
        *c != '_' && *c != '-')
      return 0;
  return 1;
}

/* A name the INI file keeps as written: no control characters, no " ;" (a comment
 * there), not starting with ';' or a space, not too long. */
static int valid_name(const char *name) {
  size_t n = strlen(name);
  if (n == 0 || n > INIT_MAX_NAME || name[0] == ';' || name[0] == ' ' || name[n - 1] == ' ' ||
      strstr(name, " ;") || strstr(name, "\t;"))
    return 0;
  for (const unsigned char *c = (const unsigned char *)name; *c; c++)
    if (*c < 0x20 || *c == 0x7f) return 0;
  return 1;
}

static int valid_code(const char *code) {
  size_t n = strlen(code);
  if (n == 0 || n > INIT_MAX_CODE) return 0;
  for (const char *c = code; *c; c++)
    if (!(*c >= '0' && *c <= '9') && !(*c >= 'A' && *c <= 'Z')) return 0;
  return 1;
}

/* The authority --name or --la-code describes: the one named last, or the first. */
static init_authority *described(init_request *request) {
  if (request->authority_count == 0) request->authority_count = 1;
  return &request->authorities[request->authority_count - 1];
}

static int add_authority(init_request *request, const char *id, int *any_given) {
  if (!valid_id(id))
    return usage_problem("--authority '%s' must be 1 to 64 letters, digits, _ and -, as "
                         "[authority ID] takes it", id);
  for (size_t i = 0; i < request->authority_count; i++)
    if (request->authorities[i].id && strcmp(request->authorities[i].id, id) == 0)
      return usage_problem("--authority %s is given twice", id);
  /* a --name or --la-code before the first --authority is the first authority's */
  if (*any_given || request->authority_count == 0) request->authority_count++;
  if (request->authority_count > INIT_MAX_AUTHORITIES)
    return usage_problem("%s", "too many --authority: a starter holds at most 64");
  request->authorities[request->authority_count - 1].id = id;
  *any_given = 1;
  return 0;
}

static int parse_request(int argc, char **argv, init_request *request) {
  static const struct option long_options[] = {{"authority", required_argument, NULL, 'a'},
                                               {"name", required_argument, NULL, 'n'},
                                               {"la-code", required_argument, NULL, 'l'},
                                               {"help", no_argument, NULL, 'h'},
                                               {NULL, 0, NULL, 0}};
  int option, any_given = 0;
  while ((option = getopt_long(argc, argv, ":a:n:l:h", long_options, NULL)) != -1) {
    init_authority *a = option == 'n' || option == 'l' ? described(request) : NULL;
    if (option == 'a' && add_authority(request, optarg, &any_given) != 0) return INIT_EXIT_USAGE;
    else if (option == 'n' && (a->name || !valid_name(optarg)))
      return usage_problem(a->name ? "--name '%s' is a second name for one authority: give "
                                     "--authority ID before each authority's --name"
                                   : "--name '%s' must be 1 to 150 characters, without control "
                                     "characters, leading or trailing spaces or ' ;'",
                           optarg);
    else if (option == 'l' && (a->la_code || !valid_code(optarg)))
      return usage_problem(a->la_code ? "--la-code '%s' is a second code for one authority: "
                                        "give --authority ID before each authority's --la-code"
                                      : "--la-code '%s' must be DfE's code of the authority: 3 "
                                        "digits (935) or its E-code (E10000029)",
                           optarg);
    else if (option == 'n') a->name = optarg;
    else if (option == 'l') a->la_code = optarg;
    else if (option == 'h') return fputs(init_usage, stdout), -1;
    else if (option != 'a') {
      char problem[512];
      return usage_problem("%s", cli_option_problem(problem, sizeof problem, option, argv,
                                                    long_options));
    }
  }
  if (optind != argc - 1)
    return usage_problem("%s", optind >= argc ? "init needs a DIR to write the starter into"
                                              : "init takes one DIR");
  request->dir = argv[optind];
  if (!*request->dir) return usage_problem("%s", "init needs a DIR: the name given is empty");
  /* DIR/ names DIR: its files are written as DIR/assessment.ini, never DIR//... */
  size_t length = strlen(request->dir);
  while (length > 1 && request->dir[length - 1] == '/') request->dir[--length] = '\0';
  if (request->authority_count == 0) request->authority_count = 1;
  for (size_t i = 0; i < request->authority_count; i++) {
    init_authority *a = &request->authorities[i];
    if (!a->id) a->id = INIT_DEFAULT_ID;
    if (!a->name) a->name = a->id;
  }
  return 0;
}

/* }====================================================================== */

/* ** {======================================================================
** The text of each file
** ======================================================================= */

/* text as comment lines ("; ..."), wrapped at INIT_COMMENT_WIDTH. */
static void put_comment(FILE *out, const char *text) {
  size_t column = 0;
  for (const char *word = text; *word;) {
    size_t n = strcspn(word, " ");
    if (column && column + 1 + n > INIT_COMMENT_WIDTH) {
      fputc('\n', out);
      column = 0;
    }
    column += (size_t)fprintf(out, column ? " %.*s" : "; %.*s", (int)n, word);
    word += n;
    while (*word == ' ') word++;
  }
  fputc('\n', out);
}

/* The [source] section of a table: the csv plugin, its file, and every column's type. */
static void put_source(FILE *out, const init_table *table) {
  char *heading = NULL;
  if (asprintf(&heading, "%s: %s", table->name, table->description) >= 0) put_comment(out, heading);
  free(heading);
  fprintf(out, "[source %s]\nplugin = csv\npath = %s/%s.csv\nauthority_column = la\ntypes =",
          table->name, INIT_DATA, table->name);
  size_t column = INIT_COMMENT_WIDTH; /* the first entry on a line of its own */
  for (size_t c = 0; c < table->column_count; c++) {
    const init_column *col = &table->columns[c];
    size_t n = strlen(col->name) + 1 + strlen(col->type) + 2;
    if (column + n > INIT_COMMENT_WIDTH) column = (size_t)fprintf(out, "\n   ");
    column += (size_t)fprintf(out, " %s:%s%s", col->name, col->type,
                              c + 1 < table->column_count ? "," : "");
  }
  fputs("\n\n", out);
}

/* The filled assessment.ini, or NULL with a problem added. */
static char *config_text(const char *folder, const init_schema *schema,
                         const init_request *request, diag_list *problems) {
  char *config = init_template_read(folder, "assessment.ini", problems);
  char *authority = config ? init_template_read(folder, "authority.ini", problems) : NULL;
  char *sources = NULL, *authorities = NULL, *filled = NULL;
  size_t size;
  FILE *out = authority ? open_memstream(&sources, &size) : NULL;
  if (out) {
    for (size_t t = 0; t < schema->table_count; t++) put_source(out, &schema->tables[t]);
    fclose(out);
  }
  out = sources ? open_memstream(&authorities, &size) : NULL;
  for (size_t i = 0; out && i < request->authority_count; i++) {
    const init_authority *a = &request->authorities[i];
    const init_value values[] = {{"id", a->id}, {"name", a->name},
                                 {"la_code", a->la_code ? a->la_code : "935"},
                                 {"la_code_comment", a->la_code ? "" : "; "}};
    char *one = init_template_fill(authority, "authority.ini", values, 4, problems);
    if (one) fprintf(out, "%s\n", one);
    free(one);
  }
  if (out) fclose(out);
  if (authorities && !diag_error_count(problems)) {
    const init_value values[] = {{"config", INIT_CONFIG},
                                 {"assessment_name", "Care leaver services: sustainability assessment"},
                                 {"sources", sources}, {"authorities", authorities}};
    filled = init_template_fill(config, "assessment.ini", values, 4, problems);
  } else if (!diag_error_count(problems)) diag_add(problems, NULL, 0, 0, "out of memory");
  free(config);
  free(authority);
  free(sources);
  free(authorities);
  return filled;
}

/* The filled README.md, with a section per table listing its columns. */
static char *readme_text(const char *folder, const init_schema *schema, diag_list *problems) {
  char *readme = init_template_read(folder, "README.md", problems);
  const init_value values[] = {{"config", INIT_CONFIG},
                               {"assessment_name", "Care leaver services: sustainability assessment"},
                               {"workbook", INIT_WORKBOOK}};
  char *filled = readme ? init_template_fill(readme, "README.md", values, 3, problems) : NULL;
  char *text = NULL;
  size_t size;
  FILE *out = filled ? open_memstream(&text, &size) : NULL;
  if (out) {
    fputs(filled, out);
    for (size_t t = 0; t < schema->table_count; t++) {
      const init_table *table = &schema->tables[t];
      fprintf(out, "\n### %s\n\n`%s/%s.csv`, `[source %s]`. %s\n\n"
                   "| column | type | use | example | meaning |\n|---|---|---|---|---|\n",
              table->name, INIT_DATA, table->name, table->name, table->description);
      for (size_t c = 0; c < table->column_count; c++) {
        const init_column *col = &table->columns[c];
        int id = strcmp(col->example, "{{id}}") == 0;
        fprintf(out, "| `%s` | %s | %s | %s%s%s | %s |\n", col->name, col->type, col->use,
                id || !*col->example ? "" : "`", id ? "the authority's ID" : col->example,
                id || !*col->example ? "" : "`", col->meaning);
      }
    }
    if (fclose(out) != 0) {
      free(text);
      text = NULL;
    }
  }
  if (filled && !text) diag_add(problems, NULL, 0, 0, "out of memory");
  free(readme);
  free(filled);
  return text;
}

/* A table's CSV file: its header and an example row per authority, written as sustain
 * writes every CSV (report_csv.h). */
static char *csv_text(const init_table *table, const init_request *request, size_t *size) {
  char *text = NULL;
  FILE *out = open_memstream(&text, size);
  if (!out) return NULL;
  report_sink sink;
  report_sink_init(&sink, out);
  report_put(&sink, REPORT_CSV_BYTE_ORDER_MARK);
  for (size_t row = 0; row <= request->authority_count; row++) {
    for (size_t c = 0; c < table->column_count; c++) {
      const init_column *col = &table->columns[c];
      const char *value = row == 0                               ? col->name
                          : strcmp(col->example, "{{id}}") == 0 ? request->authorities[row - 1].id
                                                                  : col->example;
      if (c) report_put(&sink, ",");
      report_csv_text_field(&sink, value);
    }
    report_put(&sink, REPORT_CSV_RECORD_END);
  }
  int failed = report_sink_finish(&sink) != 0;
  if (fclose(out) != 0 || failed) {
    free(text);
    return NULL;
  }
  return text;
}

/* }====================================================================== */

/* ** {======================================================================
** Writing
** ======================================================================= */

static init_output *add_output(init_plan *plan, const char *dir, const char *name,
                               int private_file, diag_list *problems) {
  init_output *o = plan->count < INIT_MAX_OUTPUTS ? &plan->outputs[plan->count] : NULL;
  if (!o || (size_t)snprintf(o->path, sizeof o->path, "%s/%s", dir, name) >= sizeof o->path) {
    diag_add(problems, dir, 0, 0, o ? "the folder's name is too long" : "too many templates");
    return NULL;
  }
  o->private_file = private_file;
  plan->count++;
  return o;
}

/* Every file's path and text; 0, or -1 with the problems added. */
static int make_plan(init_plan *plan, const char *folder, const init_schema *schema,
                     const init_request *request, diag_list *problems) {
  snprintf(plan->data_dir, sizeof plan->data_dir, "%s/%s", request->dir, INIT_DATA);
  init_output *config = add_output(plan, request->dir, INIT_CONFIG, 0, problems);
  if (config && (config->text = config_text(folder, schema, request, problems)))
    config->size = strlen(config->text);
  init_output *readme = add_output(plan, request->dir, INIT_README, 0, problems);
  if (readme && (readme->text = readme_text(folder, schema, problems)))
    readme->size = strlen(readme->text);
  for (size_t t = 0; !diag_error_count(problems) && t < schema->table_count; t++) {
    char name[256];
    snprintf(name, sizeof name, "%s.csv", schema->tables[t].name);
    init_output *csv = add_output(plan, plan->data_dir, name, 1, problems);
    if (csv && !(csv->text = csv_text(&schema->tables[t], request, &csv->size)))
      diag_add(problems, NULL, 0, 0, "out of memory");
  }
  add_output(plan, plan->data_dir, INIT_WORKBOOK, 1, problems); /* text NULL: the workbook */
  return diag_error_count(problems) ? -1 : 0;
}

/* The files of the plan that exist already (a dangling link too), said on stderr. */
static size_t say_existing(const init_plan *plan) {
  size_t found = 0;
  struct stat info;
  for (size_t i = 0; i < plan->count; i++)
    if (lstat(plan->outputs[i].path, &info) == 0) {
      diag_printf(stderr, "sustain: %s already exists\n", plan->outputs[i].path);
      found++;
    }
  return found;
}

static int write_output(init_files *files, const init_output *o, const init_schema *schema,
                        const init_request *request, diag_list *problems) {
  if (o->text) {
    if (init_files_write(files, o->path, o->text, o->size, o->private_file) == 0) return 0;
    diag_add(problems, o->path, 0, 0, "cannot write: %s", strerror(errno));
    return -1;
  }
  init_new_file file;
  if (init_new_file_open(&file, o->path) != 0) {
    diag_add(problems, o->path, 0, 0, "cannot write: %s", strerror(errno));
    return -1;
  }
  if (init_xlsx_write(file.temp_path, schema, request->authorities, request->authority_count,
                      problems) != 0) {
    init_new_file_abort(&file);
    return -1;
  }
  if (init_new_file_commit(files, &file, o->private_file) == 0) return 0;
  diag_add(problems, o->path, 0, 0, "cannot write: %s", strerror(errno));
  return -1;
}

/* Writes every file, or none: a failure removes what was written. */
static int write_plan(const init_plan *plan, const init_schema *schema,
                      const init_request *request, diag_list *problems) {
  init_files files;
  init_files_begin(&files);
  int status = 0;
  if (init_files_folder(&files, request->dir, 0) != 0) {
    diag_add(problems, request->dir, 0, 0, "cannot make the folder: %s", strerror(errno));
    status = -1;
  } else if (init_files_folder(&files, plan->data_dir, 1) != 0) {
    diag_add(problems, plan->data_dir, 0, 0, "cannot make the folder: %s", strerror(errno));
    status = -1;
  }
  for (size_t i = 0; status == 0 && i < plan->count; i++)
    status = write_output(&files, &plan->outputs[i], schema, request, problems);
  init_files_end(&files, status != 0);
  return status;
}

/* }====================================================================== */

static void say_written(const init_request *request, size_t tables) {
  diag_printf(stdout, "Wrote a starter assessment in %s:\n", request->dir);
  printf("  %-28s the assessment, every section and key explained\n", INIT_CONFIG);
  printf("  %-28s how to start, and each column with its codes\n", INIT_README);
  printf("  %-28s %zu CSV templates, one example row per authority\n", INIT_DATA "/*.csv",
         tables);
  printf("  %-28s the same as a workbook, with a sheet explaining each column\n",
         INIT_DATA "/" INIT_WORKBOOK);
  printf("The data files are readable by you alone. Replace the example rows with your data,\n"
         "then:\n");
  diag_printf(stdout, "  sustain check %s/%s\n", request->dir, INIT_CONFIG);
  diag_printf(stdout, "  sustain run %s/%s\n", request->dir, INIT_CONFIG);
}

int init_command(int argc, char **argv, const config_layout *layout) {
  (void)layout; /* templates are found beside the program, as packs are */
  init_request request = {0};
  int parsed = parse_request(argc, argv, &request);
  if (parsed != 0) return parsed < 0 ? INIT_EXIT_WRITTEN : parsed; /* -1: --help */
  char room[PATH_MAX];
  const char *folder = layout_templates_of_program(room, sizeof room);
  diag_list problems = {0};
  init_schema schema = {0};
  init_plan *plan = calloc(1, sizeof *plan);
  int status = INIT_EXIT_NOTHING_WRITTEN;
  if (!plan) diag_add(&problems, NULL, 0, 0, "out of memory");
  else if (init_schema_read(&schema, folder, &problems) == 0 &&
           make_plan(plan, folder, &schema, &request, &problems) == 0) {
    if (say_existing(plan))
      fputs("sustain: nothing was written: init never replaces a file; give a new folder, or "
            "move those files away first\n", stderr);
    else if (write_plan(plan, &schema, &request, &problems) == 0) {
      say_written(&request, schema.table_count);
      status = INIT_EXIT_WRITTEN;
    }
  }
  for (size_t i = 0; i < problems.count; i++) {
    fputs("sustain: ", stderr);
    diag_print(&problems.items[i], stderr);
  }
  if (problems.count && status != INIT_EXIT_WRITTEN)
    fputs("sustain: nothing was written\n", stderr);
  for (size_t i = 0; plan && i < plan->count; i++) free(plan->outputs[i].text);
  free(plan);
  init_schema_free(&schema);
  diag_list_clear(&problems);
  return status;
}
