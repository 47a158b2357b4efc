/* lint.c: what `sustain check` can tell about a pack and config beyond hard
 * errors; see lint.h. The column check reads rule files as text: it follows
 * `a.data.NAME` and locals assigned from it, so it finds what it can and never
 * claims more. The sharing check reads the sources' columns (source_columns.h). */
#include "lint.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "column_hint.h"
#include "rule_scan.h"
#include "source_columns.h"

/* Longest line of a rule file the column scan reads whole; longer lines are
 * scanned in pieces, which can only make it miss a finding. */
#define LINT_LINE_SIZE 4096
/* Locals per file the column scan follows. */
#define LINT_MAX_VIEWS 256

/* ** {======================================================================
** Tables that no source provides, and rules that can never count
** ======================================================================= */

/* Whether a rule's ingredient weighs anything for some authority at some stage
 * the rule applies to: an authority's own weight, else [weights], else the
 * stages' weights decide. */
static int weighs_something(const engine *e, const rule_definition *r) {
  const rule_model *m = &e->pack.model;
  const config *cfg = e->cfg;
  for (size_t i = 0; i < cfg->authority_count; i++)
    for (size_t w = 0; w < cfg->authorities[i].weight_count; w++)
      if (strcmp(cfg->authorities[i].weights[w].ingredient, r->ingredient) == 0 &&
          cfg->authorities[i].weights[w].weight > 0)
        return 1;
  for (size_t w = 0; w < cfg->weight_count; w++)
    if (strcmp(cfg->weights[w].ingredient, r->ingredient) == 0)
      return cfg->weights[w].weight > 0;
  if (m->stage_count == 0) return 1; /* every weight is 1 */
  for (size_t s = 0; s < m->stage_count; s++) {
    int applies = r->stage_count == 0;
    for (size_t k = 0; k < r->stage_count; k++) applies |= strcmp(r->stages[k], m->stages[s].name) == 0;
    if (applies && m->stages[s].weights[r->ingredient_index] > 0) return 1;
  }
  return 0;
}

/* An ingredient the model weighs 0 at every stage is shown, not scored (a
 * cross-walk view, say): its rules are meant not to count. */
static int view_only(const rule_model *m, size_t ingredient) {
  if (m->stage_count == 0) return 0;
  for (size_t s = 0; s < m->stage_count; s++)
    if (m->stages[s].weights[ingredient] > 0) return 0;
  return 1;
}

static void lint_declarations(const engine *e, diag_list *findings) {
  const rule_pack *pack = &e->pack;
  for (size_t i = 0; i < pack->rule_count; i++) {
    const rule_definition *r = &pack->rules[i];
    for (size_t n = 0; n < r->need_count; n++)
      if (!evidence_set_find(&e->sources, r->needs[n]))
        diag_add(findings, r->file, r->line, 0,
                 "rule '%s' needs the table '%s', which no [source] of %s provides: it will "
                 "not be assessed (add [source %s], or leave the rule to report it)",
                 r->id, r->needs[n], e->cfg->path, r->needs[n]);
    /* a context item is never scored: there is nothing for it to count towards */
    if (!r->context && !view_only(&pack->model, r->ingredient_index) && !weighs_something(e, r))
      diag_add(findings, r->file, r->line, 0,
               "rule '%s' can never count: ingredient '%s' weighs 0 at every stage the rule "
               "applies to",
               r->id, r->ingredient);
  }
  for (size_t i = 0; i < pack->check_count; i++) {
    const check_definition *c = &pack->checks[i];
    const evidence_table *table = evidence_set_find(&e->sources, c->table);
    if (!table)
      diag_add(findings, c->file, c->line, 0,
               "check '%s' reads the table '%s', which no [source] provides: it will not run",
               c->id, c->table);
    /* an identifier column left out of a source silently turns the check off */
    const char *const compared[] = {c->unique, c->found_in_key};
    for (size_t k = 0; table && k < 2; k++)
      if (compared[k] && evidence_table_column(table, compared[k]) < 0)
        diag_add(findings, c->file, c->line, 0,
                 "check '%s' compares the column '%s', which the table '%s' lacks: it will not "
                 "run (add the column to the source)",
                 c->id, compared[k], c->table);
  }
}

/* }====================================================================== */

/* ** {======================================================================
** Columns a rule names that its table lacks
** ======================================================================= */

typedef struct view_name {
  char name[64];
  const evidence_table *table;
} view_name;

typedef struct file_scan {
  const engine *e;
  const char *file;
  int line;
  view_name views[LINT_MAX_VIEWS];
  size_t view_count;
  diag_list *findings;
} file_scan;

static size_t identifier_length(const char *s) {
  size_t n = 0;
  if (!(isalpha((unsigned char)s[0]) || s[0] == '_')) return 0;
  while (isalnum((unsigned char)s[n]) || s[n] == '_') n++;
  return n;
}

/* The table a name refers to at p: `data.NAME` or a local holding a view. */
static const evidence_table *table_at(const file_scan *scan, const char *p, size_t *length) {
  if (strncmp(p, "data.", 5) == 0) {
    size_t n = identifier_length(p + 5);
    char name[64];
    if (n == 0 || n >= sizeof name) return NULL;
    memcpy(name, p + 5, n);
    name[n] = '\0';
    *length = 5 + n;
    return evidence_set_find(&scan->e->sources, name);
  }
  size_t n = identifier_length(p);
  for (size_t i = 0; n && i < scan->view_count; i++)
    if (strlen(scan->views[i].name) == n && strncmp(scan->views[i].name, p, n) == 0) {
      *length = n;
      return scan->views[i].table;
    }
  return NULL;
}

static void check_column(file_scan *scan, const evidence_table *t, const char *column, size_t n) {
  char name[128];
  if (n == 0 || n >= sizeof name) return;
  memcpy(name, column, n);
  name[n] = '\0';
  if (evidence_table_column(t, name) >= 0) return;
  char message[512]; /* the nearest name at most: the names may be a data row */
  column_hint_message(message, sizeof message, t, name);
  const diag_list *found = scan->findings; /* a line that reads the column twice warns once */
  for (size_t i = found->count; i-- > 0 && found->items[i].line == scan->line;)
    if (strcmp(found->items[i].message, message) == 0 && found->items[i].file &&
        strcmp(found->items[i].file, scan->file) == 0)
      return;
  diag_add(scan->findings, scan->file, scan->line, 0, "%s", message);
}

/* Checks the column names in a call's argument at p: ("COL" ...) or { COL = ... }. */
static void check_arguments(file_scan *scan, const evidence_table *t, const char *p) {
  while (*p == ' ') p++;
  if (*p == '(') {
    p++;
    while (*p == ' ') p++;
    if (*p == '"' || *p == '\'') {
      const char *end = strchr(p + 1, *p);
      if (end) check_column(scan, t, p + 1, (size_t)(end - p - 1));
    }
    return;
  }
  if (*p != '{') return;
  int depth = 0;
  for (; *p; p++) { /* keys at the filter's own level: NAME = ... */
    if (*p == '{') depth++;
    else if (*p == '}' && --depth == 0) return;
    else if (depth == 1 && (p[-1] == '{' || p[-1] == ',' || p[-1] == ' ')) {
      size_t n = identifier_length(p);
      const char *after = p + n;
      while (*after == ' ') after++;
      if (n && *after == '=' && after[1] != '=') {
        check_column(scan, t, p, n);
        p += n - 1;
      }
    }
  }
}

static void scan_line(file_scan *scan, const char *text) {
  static const char *const methods[] = {"count", "sum", "mean", "min", "max",
                                        "share", "where", "distinct", NULL};
  /* local NAME = <a view>: follow NAME for the rest of the file */
  const char *local = strstr(text, "local ");
  if (local) {
    const char *name = local + 6;
    size_t n = identifier_length(name);
    const char *eq = name + n;
    while (*eq == ' ') eq++;
    if (n && n < sizeof scan->views[0].name && *eq == '=' && eq[1] != '=') {
      const char *value = eq + 1;
      while (*value == ' ') value++;
      if (strncmp(value, "a.", 2) == 0) value += 2;
      size_t length;
      const evidence_table *t = table_at(scan, value, &length);
      if (t && scan->view_count < LINT_MAX_VIEWS) {
        view_name *v = &scan->views[scan->view_count++];
        memcpy(v->name, name, n);
        v->name[n] = '\0';
        v->table = t;
      }
    }
  }
  for (const char *p = text; *p; p++) {
    if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_')) continue;
    size_t length;
    const evidence_table *t = table_at(scan, p, &length);
    if (!t) continue;
    const char *q = p + length;
    while (*q == ':') { /* a chain: v:where{...}:count{...} */
      q++;
      size_t n = identifier_length(q);
      int known = 0;
      for (size_t m = 0; methods[m]; m++)
        known |= strlen(methods[m]) == n && strncmp(methods[m], q, n) == 0;
      if (!known) break;
      q += n;
      check_arguments(scan, t, q);
      /* skip to the end of this call's argument to see what follows */
      while (*q == ' ') q++;
      char open = *q, close = open == '(' ? ')' : open == '{' ? '}' : 0;
      if (!close) break;
      int depth = 0;
      for (; *q; q++) {
        if (*q == open) depth++;
        else if (*q == close && --depth == 0) {
          q++;
          break;
        }
      }
    }
    p = q > p ? q - 1 : p;
  }
}

static void lint_columns_in_file(const engine *e, const char *file, diag_list *findings) {
  FILE *in = fopen(file, "r");
  if (!in) return;
  file_scan *scan = calloc(1, sizeof *scan);
  if (!scan) {
    fclose(in);
    return;
  }
  scan->e = e;
  scan->file = file;
  scan->findings = findings;
  char text[LINT_LINE_SIZE];
  while (fgets(text, sizeof text, in)) {
    scan->line++;
    char *comment = strstr(text, "--");
    if (comment) *comment = '\0';
    scan_line(scan, text);
  }
  free(scan);
  fclose(in);
}

/* }====================================================================== */

/* ** {======================================================================
** Rows pooled by mistake
** ======================================================================= */

static const char *clue_text(source_clue_kind kind) {
  switch (kind) {
  case SOURCE_CLUE_IDS: return "the authority's ID";
  case SOURCE_CLUE_LA_CODES: return "the authority's la_code";
  case SOURCE_CLUE_DFE_CODES: return "DfE local authority codes";
  default: return "";
  }
}

/* What loading cannot call an error: shared = yes on a column of authority IDs,
 * and, in a config of one authority, a column that says whose rows are and holds
 * more than one value (a regional file, say, whose every row would count for it).
 * With several authorities a source with neither key is an error already. */
static void lint_sharing(const engine *e, diag_list *findings) {
  const config *cfg = e->cfg;
  for (size_t i = 0; i < cfg->source_count; i++) {
    const config_source *src = &cfg->sources[i];
    const evidence_table *table = evidence_set_find(&e->sources, src->name);
    source_clue clue;
    if (!table || src->authority_column || source_columns_clue(cfg, table, &clue) != 0 ||
        clue.column < 0)
      continue;
    const char *column = table->columns[clue.column].name;
    if (src->shared && clue.kind == SOURCE_CLUE_IDS && clue.matched > 1)
      diag_add(findings, cfg->path, src->shared_line, 0,
               "source %s says shared = yes, so every authority reads all of its rows, yet its "
               "column '%s' holds %zu of the authority IDs: if each row belongs to one "
               "authority, write authority_column = %s instead",
               src->name, column, clue.matched, column);
    else if (!src->shared && cfg->authority_count == 1 && clue.several)
      diag_add(findings, cfg->path, src->line, 0,
               "source %s has no authority_column, so all of its rows count for %s, yet its "
               "column '%s' holds %s among other values: if some rows are other authorities', "
               "add authority_column (a column of [authority] IDs); if every row applies to "
               "%s, add shared = yes",
               src->name, cfg->authorities[0].id, column, clue_text(clue.kind),
               cfg->authorities[0].id);
  }
}

/* }====================================================================== */

void lint_rule_code(engine *e, diag_list *problems) {
  const rule_pack *pack = &e->pack;
  for (size_t i = 0; i < pack->file_count; i++) {
    int seen = 0; /* a file listed twice (by two authorities) is read once */
    for (size_t j = 0; j < i && !seen; j++) seen = strcmp(pack->files[j], pack->files[i]) == 0;
    if (!seen) rule_scan_file(&e->sb, pack->files[i], pack->files[i], problems);
  }
}

void lint_engine(const engine *e, diag_list *findings) {
  lint_sharing(e, findings);
  if (!e->pack.model.declared) return;
  lint_declarations(e, findings);
  const rule_pack *pack = &e->pack;
  for (size_t i = 0; i < pack->rule_count; i++) {
    int seen = 0; /* each file once */
    for (size_t j = 0; j < i && !seen; j++) seen = strcmp(pack->rules[j].file, pack->rules[i].file) == 0;
    if (!seen) lint_columns_in_file(e, pack->rules[i].file, findings);
  }
}
