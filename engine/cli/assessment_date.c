/* assessment_date.c: an assessment date out of the assessment's range; see
 * assessment_date.h. */
#include "assessment_date.h"

#include <math.h>
#include <stdio.h>

#include "evidence.h"

/* The authority whose pilot started first, or NULL when the config gives no pilot_start. */
static const config_authority *first_pilot(const config *cfg) {
  const config_authority *first = NULL;
  for (size_t i = 0; i < cfg->authority_count; i++) {
    const config_authority *a = &cfg->authorities[i];
    if (date_is_set(a->pilot_start) &&
        (!first || date_to_days(a->pilot_start) < date_to_days(first->pilot_start)))
      first = a;
  }
  return first;
}

/* The latest date in any date column of the sources, as days, with its table and column;
 * NAN when the data holds no date. */
static double latest_in_data(const engine *e, const char **table, const char **column) {
  double latest = NAN;
  for (size_t t = 0; t < e->sources.count; t++) {
    const evidence_table *source = e->sources.tables[t];
    evidence_view whole = {.table = source, .start = 0, .end = source->row_count};
    for (size_t c = 0; c < source->column_count; c++) {
      double value = source->columns[c].skipped_latest; /* a skipped column's, kept aside */
      if (source->columns[c].skipped ? isnan(value)
                                      : source->columns[c].type != EVIDENCE_DATE ||
                                            evidence_max(&whole, c, NULL, &value) == 0)
        continue;
      if (!(isnan(latest) || value > latest)) continue;
      latest = value;
      *table = source->name;
      *column = source->columns[c].name;
    }
  }
  return latest;
}

void assessment_date_warnings(const engine *e, diag_list *warnings) {
  const config *cfg = e->cfg;
  char date[11], other[11];
  date_format(cfg->date, date);
  long days = date_to_days(cfg->date);
  const config_authority *first = first_pilot(cfg);
  if (first && days < date_to_days(first->pilot_start)) {
    date_format(first->pilot_start, other);
    diag_add(warnings, cfg->path, 0, 0,
             "the assessment date %s is before every pilot started (the first, [authority "
             "%s], on %s), so the pilots are assessed before they began: check the config's "
             "date, or --date",
             date, first->id, other);
  }
  const char *table = NULL, *column = NULL;
  double latest = latest_in_data(e, &table, &column);
  if (isnan(latest) || days - latest <= ASSESSMENT_DATE_DAYS_AFTER_DATA) return;
  date_format(date_from_days((long)latest), other);
  long years = (long)((days - latest) / 365.25);
  char after[64];
  if (years >= 2) snprintf(after, sizeof after, "%ld years after", years);
  else snprintf(after, sizeof after, "more than a year after");
  diag_add(warnings, cfg->path, 0, 0,
           "the assessment date %s is %s the latest date in the data (%s, in %s.%s), so "
           "nothing in the data falls in the twelve months before it: check the config's "
           "date, or --date",
           date, after, other, table, column);
}
