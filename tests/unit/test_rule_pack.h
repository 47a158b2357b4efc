/* test_rule_pack.h: what the tests of rule loading, the runner and the linter
 * share: a rule pack written into a scratch folder and loaded into a sandbox as
 * engine.c loads one, and small tables built in memory as a source would give
 * them. Failures of its own (a folder that cannot be written) fail the running
 * cmocka test. */
#ifndef SUSTAIN_TEST_RULE_PACK_H
#define SUSTAIN_TEST_RULE_PACK_H

#include <limits.h>

#include "diag.h"
#include "evidence.h"
#include "rules.h"
#include "sandbox.h"

/* A model of two ingredients and two bands, without stages, for packs that need
 * no more. */
#define TEST_PACK_MODEL                                                              \
  "model { ingredients = { 'voice', 'lead' },\n"                                     \
  "  bands = { { min = 60, label = 'good' }, { min = 0, label = 'weak' } } }\n"

typedef struct test_pack {
  char dir[PATH_MAX];   /* the scratch folder; the pack's files are in its rules/ */
  char rules[PATH_MAX]; /* that folder */
  sandbox sb;
  rule_host host;
  rule_pack pack;
  diag_list diags;
  int loaded; /* the sandbox is open and rules_load ran */
} test_pack;

/* Makes the scratch folder and writes files, a NULL-terminated list of name, text
 * pairs, into its rules/. */
void test_pack_write(test_pack *t, const char *const *files);

/* The same, then loads rules/ as a rule pack, as engine.c does. Returns
 * rules_load's status; the problems are in t->diags. */
int test_pack_load(test_pack *t, const char *const *files);

/* Closes what test_pack_load opened and removes the scratch folder. */
void test_pack_close(test_pack *t);

/* Writes text as the file name in the folder dir. */
void test_write_file(const char *dir, const char *name, const char *text);

/* A table as a source would give it, its rows grouped by its first column (the
 * authority column): columns names them, "la,changed"; each of rows, a
 * NULL-terminated list, gives one row, "north,yes", where an empty field is a
 * missing value. */
evidence_table *test_table(const char *name, const char *columns, const char *const *rows);

/* The path of a pack file, as the pack names it in diagnostics and rules. */
void test_pack_file(const test_pack *t, const char *name, char out[PATH_MAX]);

#endif
