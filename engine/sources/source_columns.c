/* source_columns.c: a source's column keys against its loaded table; see
 * source_columns.h. A column is looked at through its distinct values (a coded
 * column's dictionary, a plain column's rows), each compared as the text that
 * check_rows.h gives keys, so a number column of codes reads as "935". */
#include "source_columns.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_rows.h"

/* The authority attribute that holds DfE's code for the authority. */
#define SOURCE_COLUMNS_LA_CODE "la_code"

/* Names listed in a message before "and N more". */
#define SOURCE_COLUMNS_NAMES_SHOWN 3

/* Room for the hint of a message: a column name and a few IDs or codes. */
#define SOURCE_COLUMNS_HINT_SIZE 768

/* ** {======================================================================
** What the config's authorities are called
** ======================================================================= */

/* The config's IDs and la_code values as dictionaries: ID code k is authority k - 1. */
typedef struct authority_names {
  evidence_dictionary ids, codes;
} authority_names;

static const char *la_code_of(const config_authority *authority) {
  for (size_t i = 0; i < authority->attribute_count; i++)
    if (strcmp(authority->attributes[i].key, SOURCE_COLUMNS_LA_CODE) == 0)
      return authority->attributes[i].value;
  return NULL;
}

static uint32_t intern(evidence_dictionary *dictionary, const char *text) {
  size_t length = strlen(text);
  return evidence_dictionary_intern_hashed(dictionary, text, length, evidence_hash(text, length));
}

static void names_free(authority_names *names) {
  evidence_dictionary_free(&names->ids);
  evidence_dictionary_free(&names->codes);
}

/* Returns 0, or -1 on out of memory (names_free frees what was made). */
static int names_of(const config *cfg, authority_names *names) {
  *names = (authority_names){0};
  for (size_t i = 0; i < cfg->authority_count; i++) {
    const char *code = la_code_of(&cfg->authorities[i]);
    if (!intern(&names->ids, cfg->authorities[i].id) || (code && !intern(&names->codes, code)))
      return -1;
  }
  return 0;
}

/* }====================================================================== */

/* ** {======================================================================
** One column's values
** ======================================================================= */

/* What one column's values say. */
typedef struct column_scan {
  unsigned char *id_seen;   /* per ID code */
  unsigned char *code_seen; /* per la_code code */
  evidence_dictionary dfe;  /* the DfE codes met */
  int only_dfe;             /* no value so far is anything but a DfE code */
  evidence_dictionary values; /* the first two different values met */
} column_scan;

/* DfE's local authority codes: three digits from 200 (the old codes run from 201
 * to 943), or E06, E08, E09 or E10 and six digits (unitary, metropolitan, London,
 * county). */
static int is_dfe_code(const char *text, size_t length) {
  size_t digits = 0;
  if (length == 3 && text[0] >= '2' && text[0] <= '9') {
    digits = 0;
  } else if (length == 9 && text[0] == 'E' &&
             (strncmp(text + 1, "06", 2) == 0 || strncmp(text + 1, "08", 2) == 0 ||
              strncmp(text + 1, "09", 2) == 0 || strncmp(text + 1, "10", 2) == 0)) {
    digits = 3;
  } else {
    return 0;
  }
  for (; digits < length; digits++)
    if (!isdigit((unsigned char)text[digits])) return 0;
  return 1;
}

static int scan_value(const authority_names *names, column_scan *scan, const char *text,
                      size_t length) {
  uint32_t id = evidence_dictionary_find(&names->ids, text, length);
  uint32_t code = evidence_dictionary_find(&names->codes, text, length);
  if (id) scan->id_seen[id - 1] = 1;
  if (code) scan->code_seen[code - 1] = 1;
  if (scan->values.count < 2 &&
      !evidence_dictionary_intern_hashed(&scan->values, text, length, evidence_hash(text, length)))
    return -1;
  if (!scan->only_dfe) return 0;
  if (!is_dfe_code(text, length)) {
    scan->only_dfe = 0;
    return 0;
  }
  return evidence_dictionary_intern_hashed(&scan->dfe, text, length,
                                           evidence_hash(text, length)) ? 0 : -1;
}

/* Reads every distinct value of the column into scan (zeroed by the caller but for
 * its two arrays). Returns 0, or -1 on out of memory. */
static int scan_column(const authority_names *names, const evidence_table *table, size_t c,
                       column_scan *scan) {
  const evidence_column *column = &table->columns[c];
  char buffer[CHECK_ROWS_KEY_SIZE];
  size_t length = 0;
  scan->only_dfe = 1;
  if (column->storage == EVIDENCE_CODED) {
    for (uint32_t code = 1; code <= column->dictionary.count; code++) {
      const char *text = check_rows_code_text(column, code, buffer, &length);
      if (text && scan_value(names, scan, text, length) != 0) return -1;
    }
    return 0;
  }
  for (size_t row = 0; row < table->row_count; row++) {
    const char *text = check_rows_key_text(column, row, buffer, &length);
    if (text && scan_value(names, scan, text, length) != 0) return -1;
  }
  return 0;
}

static size_t count_set(const unsigned char *flags, size_t n) {
  size_t count = 0;
  for (size_t i = 0; i < n; i++) count += flags[i];
  return count;
}

/* Authorities whose la_code the column holds. */
static size_t authorities_by_code(const config *cfg, const authority_names *names,
                                  const column_scan *scan) {
  size_t count = 0;
  for (size_t i = 0; i < cfg->authority_count; i++) {
    const char *code = la_code_of(&cfg->authorities[i]);
    uint32_t k = code ? evidence_dictionary_find(&names->codes, code, strlen(code)) : 0;
    count += k && scan->code_seen[k - 1];
  }
  return count;
}

/* }====================================================================== */

/* ** {======================================================================
** The column that looks like the authority's
** ======================================================================= */

/* Whether a column's clue beats the best so far: a stronger kind, or more found. */
static int beats(const source_clue *candidate, const source_clue *best) {
  if (candidate->kind == SOURCE_CLUE_NONE) return 0;
  if (best->kind == SOURCE_CLUE_NONE || candidate->kind < best->kind) return 1;
  return candidate->kind == best->kind && candidate->matched > best->matched;
}

/* The clue of column c; scan keeps what it met (its DfE codes freed by the caller). */
static int clue_of_column(const config *cfg, const authority_names *names,
                          const evidence_table *table, size_t c, column_scan *scan,
                          source_clue *out) {
  memset(scan->id_seen, 0, names->ids.count + 1);
  memset(scan->code_seen, 0, names->codes.count + 1);
  scan->dfe = scan->values = (evidence_dictionary){0};
  int status = scan_column(names, table, c, scan);
  size_t ids = count_set(scan->id_seen, names->ids.count);
  size_t codes = authorities_by_code(cfg, names, scan);
  *out = (source_clue){SOURCE_CLUE_NONE, (int)c, 0, scan->values.count > 1};
  if (ids) out->kind = SOURCE_CLUE_IDS, out->matched = ids;
  else if (codes) out->kind = SOURCE_CLUE_LA_CODES, out->matched = codes;
  else if (scan->only_dfe && scan->dfe.count)
    out->kind = SOURCE_CLUE_DFE_CODES, out->matched = scan->dfe.count;
  evidence_dictionary_free(&scan->values);
  return status;
}

/* The best clue, and in seen the IDs (IDS) or la_code values (LA_CODES) its column
 * holds, one flag per dictionary code (room for both dictionaries). */
static int find_clue(const config *cfg, const authority_names *names,
                     const evidence_table *table, source_clue *best, unsigned char *seen) {
  column_scan scan = {.id_seen = calloc(names->ids.count + 1, 1),
                      .code_seen = calloc(names->codes.count + 1, 1)};
  int status = scan.id_seen && scan.code_seen ? 0 : -1;
  *best = (source_clue){SOURCE_CLUE_NONE, -1, 0, 0};
  for (size_t c = 0; status == 0 && c < table->column_count; c++) {
    source_clue candidate;
    status = clue_of_column(cfg, names, table, c, &scan, &candidate);
    if (status == 0 && beats(&candidate, best)) {
      *best = candidate;
      if (seen && candidate.kind == SOURCE_CLUE_IDS)
        memcpy(seen, scan.id_seen, names->ids.count);
      if (seen && candidate.kind == SOURCE_CLUE_LA_CODES)
        memcpy(seen, scan.code_seen, names->codes.count);
    }
    evidence_dictionary_free(&scan.dfe);
  }
  free(scan.id_seen);
  free(scan.code_seen);
  return status;
}

int source_columns_clue(const config *cfg, const evidence_table *table, source_clue *out) {
  authority_names names;
  int status = names_of(cfg, &names) == 0 ? find_clue(cfg, &names, table, out, NULL) : -1;
  names_free(&names);
  return status;
}

/* }====================================================================== */

/* ** {======================================================================
** Checking each source
** ======================================================================= */

static void append(char *text, size_t size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

static void append(char *text, size_t size, const char *format, ...) {
  size_t used = strlen(text);
  if (used + 1 >= size) return;
  va_list args;
  va_start(args, format);
  vsnprintf(text + used, size - used, format, args);
  va_end(args);
}

/* Lists authorities: their IDs (codes NULL), or "CODE for ID" for those whose
 * la_code the column holds; every one when seen is NULL. */
static void list_authorities(const config *cfg, const authority_names *names,
                             const unsigned char *seen, int by_code, char *text, size_t size) {
  size_t listed = 0, total = 0;
  for (size_t i = 0; i < cfg->authority_count; i++) {
    const config_authority *authority = &cfg->authorities[i];
    const char *code = la_code_of(authority);
    const evidence_dictionary *dictionary = by_code ? &names->codes : &names->ids;
    const char *name = by_code ? code : authority->id;
    uint32_t k = name ? evidence_dictionary_find(dictionary, name, strlen(name)) : 0;
    if (!k || (seen && !seen[k - 1])) continue;
    if (++total > SOURCE_COLUMNS_NAMES_SHOWN) continue;
    append(text, size, "%s%s", listed++ ? ", " : "", name);
    if (by_code) append(text, size, " for %s", authority->id);
  }
  if (total > listed) append(text, size, " and %zu more", total - listed);
}

static void hint_of_clue(const config *cfg, const authority_names *names,
                         const evidence_table *table, const source_clue *clue,
                         const unsigned char *seen, char *hint, size_t size) {
  static const char ids_needed[] =
      "but authority_column needs a column whose values are the [authority] IDs: add such a "
      "column and authority_column = its name; or, if every row applies to every authority ";
  const char *column = clue->column >= 0 ? table->columns[clue->column].name : NULL;
  if (clue->kind == SOURCE_CLUE_IDS) {
    append(hint, size, "its column '%s' holds the authority IDs (", column);
    list_authorities(cfg, names, seen, 0, hint, size);
    append(hint, size, "): add authority_column = %s; or, if every row really applies to every "
           "authority, shared = yes", column);
  } else if (clue->kind == SOURCE_CLUE_LA_CODES) {
    append(hint, size, "its column '%s' holds the authorities' la_code (", column);
    list_authorities(cfg, names, seen, 1, hint, size);
    append(hint, size, "), %s(as in DfE's published figures), shared = yes", ids_needed);
  } else if (clue->kind == SOURCE_CLUE_DFE_CODES) {
    append(hint, size, "its column '%s' holds what look like DfE local authority codes (%zu "
           "different), %s(as in DfE's published figures), shared = yes", column, clue->matched,
           ids_needed);
  } else {
    append(hint, size, "none of its columns holds the authority IDs (");
    list_authorities(cfg, names, NULL, 0, hint, size);
    append(hint, size, "), their la_code or DfE local authority codes: add a column that names "
           "each row's authority by its ID and authority_column = its name; or, if every row "
           "applies to every authority, shared = yes");
  }
}

/* A source that several authorities would read without saying whose each row is. */
static int report_unshared(const config *cfg, const config_source *src,
                           const evidence_table *table, const authority_names *names,
                           diag_list *diags) {
  char hint[SOURCE_COLUMNS_HINT_SIZE] = "";
  if (!table) {
    append(hint, sizeof hint, "its data did not load, so no column was looked at: add "
           "authority_column = the column that names each row's authority by its ID; or, if "
           "every row applies to every authority, shared = yes");
  } else {
    unsigned char *seen = calloc(names->ids.count + names->codes.count + 1, 1);
    source_clue clue;
    if (!seen || find_clue(cfg, names, table, &clue, seen) != 0) {
      free(seen);
      return -1;
    }
    hint_of_clue(cfg, names, table, &clue, seen, hint, sizeof hint);
    free(seen);
  }
  diag_add(diags, cfg->path, src->line, 0,
           "source %s has neither authority_column nor shared = yes, so each of the %zu "
           "authorities would be assessed on all of its rows: %s",
           src->name, cfg->authority_count, hint);
  return 0;
}

/* Warns of a source whose authority column holds none of the config's IDs: no
 * authority reads any of its rows, which no figure would show (a mistyped ID, or a plugin
 * option that fills the column, such as the ssda903 plugin's la). A warning, since a
 * file of other authorities' rows is not wrong in itself. Returns 0, or -1 on out of
 * memory. */
static int warn_unclaimed(const config *cfg, const config_source *src,
                          const evidence_table *table, const authority_names *names,
                          diag_list *diags) {
  int c = evidence_table_column(table, src->authority_column);
  if (c < 0 || table->row_count == 0) return 0;
  column_scan scan = {.id_seen = calloc(names->ids.count + 1, 1),
                      .code_seen = calloc(names->codes.count + 1, 1)};
  source_clue clue = {SOURCE_CLUE_NONE, c, 0, 0};
  int status = scan.id_seen && scan.code_seen
                   ? clue_of_column(cfg, names, table, (size_t)c, &scan, &clue)
                   : -1;
  evidence_dictionary_free(&scan.dfe);
  free(scan.id_seen);
  free(scan.code_seen);
  if (status != 0 || clue.kind == SOURCE_CLUE_IDS) return status;
  char ids[SOURCE_COLUMNS_HINT_SIZE] = "";
  list_authorities(cfg, names, NULL, 0, ids, sizeof ids);
  diag_warn(diags, cfg->path, src->authority_column_line, 0,
            "source %s: its column '%s' holds none of the [authority] IDs (%s), so no "
            "authority reads any of its %zu rows: write each row's authority there as its ID "
            "(or give the ID in the plugin option that fills the column)",
            src->name, src->authority_column, ids, table->row_count);
  return 0;
}

static void report_unknown_id_column(const config *cfg, const config_source *src,
                                     const evidence_table *table, diag_list *diags) {
  char columns[SOURCE_COLUMNS_HINT_SIZE] = "";
  for (size_t c = 0; c < table->column_count; c++)
    append(columns, sizeof columns, "%s%s", c ? ", " : "", table->columns[c].name);
  diag_add(diags, cfg->path, src->id_column_line, 0,
           "id_column '%s' is not a column of source %s (its columns: %s): name the column "
           "that identifies each row", src->id_column, src->name, columns);
}

int source_columns_check(const config *cfg, const evidence_set *tables, diag_list *diags) {
  authority_names names;
  int ok = 1;
  if (names_of(cfg, &names) != 0) {
    names_free(&names);
    diag_add(diags, cfg->path, 0, 0, "out of memory looking at the sources' columns");
    return -1;
  }
  for (size_t i = 0; i < cfg->source_count; i++) {
    const config_source *src = &cfg->sources[i];
    const evidence_table *table = evidence_set_find(tables, src->name);
    if (cfg->authority_count > 1 && !src->authority_column && !src->shared) {
      ok = 0;
      if (report_unshared(cfg, src, table, &names, diags) != 0)
        diag_add(diags, cfg->path, src->line, 0, "out of memory looking at source %s", src->name);
    }
    if (table && src->authority_column && warn_unclaimed(cfg, src, table, &names, diags) != 0)
      diag_add(diags, cfg->path, src->line, 0, "out of memory looking at source %s", src->name);
    if (table && src->id_column && evidence_table_column(table, src->id_column) < 0) {
      report_unknown_id_column(cfg, src, table, diags);
      ok = 0;
    }
  }
  names_free(&names);
  return ok ? 0 : -1;
}

int source_columns_identifier(const config_source *src, const evidence_table *table) {
  return evidence_table_column(table, src->id_column ? src->id_column : SOURCE_COLUMNS_DEFAULT_ID);
}

/* }====================================================================== */
