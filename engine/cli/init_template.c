/* init_template.c: reading `sustain init`'s templates; see init_template.h. */
#include "init_template.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox.h"

/* Fields per line of tables.tsv and columns.tsv. */
#define INIT_TABLE_FIELDS 3
#define INIT_COLUMN_FIELDS 6

char *init_template_read(const char *folder, const char *name, diag_list *problems) {
  char path[4096];
  if ((size_t)snprintf(path, sizeof path, "%s/%s", folder, name) >= sizeof path) {
    diag_add(problems, folder, 0, 0, "the templates' folder name is too long");
    return NULL;
  }
  sandbox_failure failure;
  size_t size;
  char *text = sandbox_read_file(path, path, &size, &failure);
  if (!text) {
    diag_add(problems, NULL, 0, 0, "%s: the templates sustain init writes from are missing "
                                   "or damaged: reinstall sustain", failure.message);
    return NULL;
  }
  text[size] = '\0'; /* the buffer has room for it */
  return text;
}

/* The next line of the text at *at, cut off in place (a CR before the LF too), with
 * *at moved past it; NULL at the end. */
static char *next_line(char **at) {
  if (!**at) return NULL;
  char *line = *at, *end = strchr(line, '\n');
  *at = end ? end + 1 : line + strlen(line);
  if (end) *end = '\0';
  size_t length = strlen(line);
  if (length && line[length - 1] == '\r') line[length - 1] = '\0';
  return line;
}

/* Cuts line into exactly n tab-separated fields. Returns 0, or -1 when there are not n. */
static int split_fields(char *line, const char **fields, size_t n) {
  for (size_t i = 0; i < n; i++) {
    fields[i] = line;
    char *tab = strchr(line, '\t');
    if (i + 1 < n && !tab) return -1;
    if (i + 1 == n) return tab ? -1 : 0;
    *tab = '\0';
    line = tab + 1;
  }
  return 0;
}

static init_table *find_table(init_schema *schema, const char *name) {
  for (size_t i = 0; i < schema->table_count; i++)
    if (strcmp(schema->tables[i].name, name) == 0) return &schema->tables[i];
  return NULL;
}

/* tables.tsv: name, the table whose columns it shares, what a row is. The second field
 * is kept in `shared` until the columns are read. */
static int read_tables(init_schema *schema, const char *folder, const char ***shared,
                       diag_list *problems) {
  if (!(schema->table_text = init_template_read(folder, "tables.tsv", problems))) return -1;
  char *at = schema->table_text, *line;
  size_t capacity = 0;
  for (long number = 1; (line = next_line(&at)); number++) {
    if (!*line || *line == '#') continue;
    const char *fields[INIT_TABLE_FIELDS];
    if (split_fields(line, fields, INIT_TABLE_FIELDS) != 0 || !*fields[0]) {
      diag_add(problems, "tables.tsv", number, 0, "expected %d tab-separated fields",
               INIT_TABLE_FIELDS);
      return -1;
    }
    if (schema->table_count == capacity) {
      size_t grown = capacity ? 2 * capacity : 16;
      init_table *tables = realloc(schema->tables, grown * sizeof *tables);
      const char **names = realloc(*shared, grown * sizeof *names);
      if (tables) schema->tables = tables;
      if (names) *shared = names;
      if (!tables || !names) return diag_add(problems, NULL, 0, 0, "out of memory"), -1;
      capacity = grown;
    }
    (*shared)[schema->table_count] = fields[1];
    schema->tables[schema->table_count++] = (init_table){.name = fields[0],
                                                         .description = fields[2]};
  }
  return 0;
}

static int known_word(const char *word, const char *a, const char *b, const char *c) {
  return strcmp(word, a) == 0 || strcmp(word, b) == 0 || (c && strcmp(word, c) == 0);
}

/* columns.tsv: table, column, type, use, example, meaning; each line to its table. */
static int read_columns(init_schema *schema, const char *folder, diag_list *problems) {
  if (!(schema->column_text = init_template_read(folder, "columns.tsv", problems))) return -1;
  char *at = schema->column_text, *line;
  for (long number = 1; (line = next_line(&at)); number++) {
    if (!*line || *line == '#') continue;
    const char *f[INIT_COLUMN_FIELDS];
    init_table *table = NULL;
    if (split_fields(line, f, INIT_COLUMN_FIELDS) != 0 || !(table = find_table(schema, f[0])) ||
        !known_word(f[2], "text", "number", "date") || !known_word(f[3], "required", "optional", NULL)) {
      diag_add(problems, "columns.tsv", number, 0, "expected a table of tables.tsv, a column, "
                                                   "text/number/date, required/optional, an "
                                                   "example and a meaning, separated by tabs");
      return -1;
    }
    init_column *columns = realloc(table->columns, (table->column_count + 1) * sizeof *columns);
    if (!columns) return diag_add(problems, NULL, 0, 0, "out of memory"), -1;
    table->columns = columns;
    columns[table->column_count++] =
        (init_column){.name = f[1], .type = f[2], .use = f[3], .example = f[4], .meaning = f[5]};
  }
  return 0;
}

/* Gives each table that names another in tables.tsv that table's columns. */
static int share_columns(init_schema *schema, const char **shared, diag_list *problems) {
  for (size_t i = 0; i < schema->table_count; i++) {
    init_table *table = &schema->tables[i];
    const init_table *from = *shared[i] ? find_table(schema, shared[i]) : NULL;
    if (*shared[i] && (!from || from->shares_columns || table->column_count)) {
      diag_add(problems, "tables.tsv", 0, 0, "table %s shares the columns of '%s', which is "
               "not a table with columns of its own", table->name, shared[i]);
      return -1;
    }
    if (from) *table = (init_table){table->name, table->description, from->columns,
                                    from->column_count, 1};
    if (!table->column_count) {
      diag_add(problems, "columns.tsv", 0, 0, "table %s has no columns", table->name);
      return -1;
    }
  }
  return 0;
}

int init_schema_read(init_schema *schema, const char *folder, diag_list *problems) {
  *schema = (init_schema){0};
  const char **shared = NULL;
  int status = read_tables(schema, folder, &shared, problems) == 0 &&
                       read_columns(schema, folder, problems) == 0 &&
                       share_columns(schema, shared, problems) == 0
                   ? 0
                   : -1;
  free(shared);
  if (status != 0) init_schema_free(schema);
  return status;
}

void init_schema_free(init_schema *schema) {
  for (size_t i = 0; i < schema->table_count; i++)
    if (!schema->tables[i].shares_columns) free(schema->tables[i].columns);
  free(schema->tables);
  free(schema->table_text);
  free(schema->column_text);
  *schema = (init_schema){0};
}

static const char *value_of(const char *key, size_t length, const init_value *values,
                            size_t count) {
  for (size_t i = 0; i < count; i++)
    if (strlen(values[i].key) == length && strncmp(values[i].key, key, length) == 0)
      return values[i].value;
  return NULL;
}

char *init_template_fill(const char *text, const char *display, const init_value *values,
                         size_t value_count, diag_list *problems) {
  char *filled = NULL;
  size_t size = 0;
  FILE *out = open_memstream(&filled, &size);
  if (!out) return diag_add(problems, NULL, 0, 0, "out of memory"), NULL;
  int unknown = 0;
  for (const char *at = text; *at;) {
    const char *open = strstr(at, "{{"), *close = open ? strstr(open + 2, "}}") : NULL;
    if (!close) {
      fputs(at, out);
      break;
    }
    fwrite(at, 1, (size_t)(open - at), out);
    const char *value = value_of(open + 2, (size_t)(close - open - 2), values, value_count);
    if (!value && !unknown++)
      diag_add(problems, display, 0, 0, "the template has a placeholder %.*s}} that sustain "
               "does not fill: the templates and the program are out of step",
               (int)(close - open), open);
    fputs(value ? value : "", out);
    at = close + 2;
  }
  int failed = fclose(out) != 0 || !filled;
  if (failed) diag_add(problems, NULL, 0, 0, "out of memory");
  if (failed || unknown) {
    free(filled);
    return NULL;
  }
  return filled;
}
