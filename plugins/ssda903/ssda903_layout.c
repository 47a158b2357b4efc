/* ssda903_layout.c: the fields of the SSDA903 XML export, where each sits, and the tables
 * read from them. The element names and their grouping are those of the DfE-endorsed 903
 * validator's XML reader and fixtures; the column names are those of the return's CSV
 * files (CHILDID becomes CHILD, PL becomes PLACE), which the default pack reads. */
#include "ssda903_layout.h"

#include <string.h>

#define TEXT SUSTAIN_COLUMN_TEXT
#define DATE SUSTAIN_COLUMN_DATE
#define INFER SUSTAIN_COLUMN_INFER

/* Codes stay text even when they look like numbers (SEX 1, ACTIV 0); counts and scores
 * are left to the host, which makes them numbers when every value is one. DATE_PERM is
 * text: the return allows "zz" for a day or month not known. */
const ssda903_field ssda903_fields[SSDA903_FIELD_COUNT] = {
    {"CHILDID", "CHILD", SSDA903_HEADER, TEXT},
    {"UPN", "UPN", SSDA903_HEADER, TEXT},
    {"SEX", "SEX", SSDA903_HEADER, TEXT},
    {"DOB", "DOB", SSDA903_HEADER, DATE},
    {"ETHNIC", "ETHNIC", SSDA903_HEADER, TEXT},
    {"UASC", "UASC", SSDA903_HEADER, TEXT},
    {"DUC", "DUC", SSDA903_HEADER, DATE},
    {"MOTHER", "MOTHER", SSDA903_HEADER, TEXT},
    {"MC_DOB", "MC_DOB", SSDA903_HEADER, DATE},
    {"IN_TOUCH", "IN_TOUCH", SSDA903_HEADER, TEXT},
    {"ACTIV", "ACTIV", SSDA903_HEADER, TEXT},
    {"ACCOM", "ACCOM", SSDA903_HEADER, TEXT},
    {"DATE_INT", "DATE_INT", SSDA903_HEADER, DATE},
    {"DATE_MATCH", "DATE_MATCH", SSDA903_HEADER, DATE},
    {"FOSTER_CARE", "FOSTER_CARE", SSDA903_HEADER, TEXT},
    {"NB_ADOPTR", "NB_ADOPTR", SSDA903_HEADER, INFER},
    {"SEX_ADOPTR", "SEX_ADOPTR", SSDA903_HEADER, TEXT},
    {"LS_ADOPTR", "LS_ADOPTR", SSDA903_HEADER, TEXT},
    {"DECOM", "DECOM", SSDA903_EPISODE, DATE},
    {"RNE", "RNE", SSDA903_EPISODE, TEXT},
    {"LS", "LS", SSDA903_EPISODE, TEXT},
    {"CIN", "CIN", SSDA903_EPISODE, TEXT},
    {"PL", "PLACE", SSDA903_EPISODE, TEXT},
    {"PLACE_PROVIDER", "PLACE_PROVIDER", SSDA903_EPISODE, TEXT},
    {"DEC", "DEC", SSDA903_EPISODE, DATE},
    {"REC", "REC", SSDA903_EPISODE, TEXT},
    {"REASON_PLACE_CHANGE", "REASON_PLACE_CHANGE", SSDA903_EPISODE, TEXT},
    {"HOME_POST", "HOME_POST", SSDA903_EPISODE, TEXT},
    {"PL_POST", "PL_POST", SSDA903_EPISODE, TEXT},
    {"URN", "URN", SSDA903_EPISODE, TEXT},
    {"REVIEW", "REVIEW", SSDA903_AREVIEW, DATE},
    {"REVIEW_CODE", "REVIEW_CODE", SSDA903_AREVIEW, TEXT},
    {"MISSING", "MISSING", SSDA903_AMISSING, TEXT},
    {"MIS_START", "MIS_START", SSDA903_AMISSING, DATE},
    {"MIS_END", "MIS_END", SSDA903_AMISSING, DATE},
    {"SDQ_SCORE", "SDQ_SCORE", SSDA903_OC2, INFER},
    {"SDQ_REASON", "SDQ_REASON", SSDA903_OC2, TEXT},
    {"CONVICTED", "CONVICTED", SSDA903_OC2, TEXT},
    {"HEALTH_CHECK", "HEALTH_CHECK", SSDA903_OC2, TEXT},
    {"IMMUNISATIONS", "IMMUNISATIONS", SSDA903_OC2, TEXT},
    {"TEETH_CHECK", "TEETH_CHECK", SSDA903_OC2, TEXT},
    {"HEALTH_ASSESSMENT", "HEALTH_ASSESSMENT", SSDA903_OC2, TEXT},
    {"SUBSTANCE_MISUSE", "SUBSTANCE_MISUSE", SSDA903_OC2, TEXT},
    {"INTERVENTION_RECEIVED", "INTERVENTION_RECEIVED", SSDA903_OC2, TEXT},
    {"INTERVENTION_OFFERED", "INTERVENTION_OFFERED", SSDA903_OC2, TEXT},
    {"PREV_PERM", "PREV_PERM", SSDA903_PERMANENCE, TEXT},
    {"LA_PERM", "LA_PERM", SSDA903_PERMANENCE, TEXT},
    {"DATE_PERM", "DATE_PERM", SSDA903_PERMANENCE, TEXT},
    {"DATE_PLACED", "DATE_PLACED", SSDA903_AD_PLACED, DATE},
    {"DATE_PLACED_CEASED", "DATE_PLACED_CEASED", SSDA903_AD_PLACED, DATE},
    {"REASON_PLACED_CEASED", "REASON_PLACED_CEASED", SSDA903_AD_PLACED, TEXT},
};

/* The tables, named as the return's parts are; columns in the CSV files' order. */
const ssda903_table ssda903_tables[SSDA903_TABLE_COUNT] = {
    {"header", SSDA903_HEADER,
     {"CHILDID", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB", "UASC"}, {NULL}},
    {"episodes", SSDA903_EPISODE,
     {"CHILDID", "DECOM", "RNE", "LS", "CIN", "PL", "PLACE_PROVIDER", "DEC", "REC",
      "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"},
     {NULL}},
    {"reviews", SSDA903_AREVIEW, {"CHILDID", "DOB", "REVIEW", "REVIEW_CODE"}, {NULL}},
    {"uasc", SSDA903_HEADER, {"CHILDID", "SEX", "DOB", "DUC"}, {"UASC", "DUC"}},
    {"oc2", SSDA903_OC2,
     {"CHILDID", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK",
      "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
      "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"},
     {NULL}},
    {"oc3", SSDA903_HEADER, {"CHILDID", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"},
     {"IN_TOUCH", "ACTIV", "ACCOM"}},
    {"ad1", SSDA903_HEADER,
     {"CHILDID", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
      "LS_ADOPTR"},
     {"DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"}},
    {"placed_adoption", SSDA903_AD_PLACED,
     {"CHILDID", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"}, {NULL}},
    {"previous_permanence", SSDA903_PERMANENCE,
     {"CHILDID", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"}, {NULL}},
    {"missing", SSDA903_AMISSING, {"CHILDID", "DOB", "MISSING", "MIS_START", "MIS_END"}, {NULL}},
};

static const char *const group_elements[SSDA903_GROUP_COUNT] = {
    "HEADER", "EPISODE", "AREVIEW", "AMISSING", "OC2", "PERMANENCE", "AD_PLACED"};

const ssda903_table *ssda903_table_named(const char *name) {
  for (size_t i = 0; i < SSDA903_TABLE_COUNT; i++)
    if (strcmp(ssda903_tables[i].name, name) == 0) return &ssda903_tables[i];
  return NULL;
}

const char *ssda903_table_names(void) {
  return "header, episodes, reviews, uasc, oc2, oc3, ad1, placed_adoption, "
         "previous_permanence, missing";
}

ssda903_group ssda903_group_named(const char *element) {
  for (int g = 0; g < SSDA903_GROUP_COUNT; g++)
    if (strcmp(group_elements[g], element) == 0) return (ssda903_group)g;
  return SSDA903_GROUP_COUNT;
}

const char *ssda903_group_element(ssda903_group group) { return group_elements[group]; }

int ssda903_group_in_header(ssda903_group group) {
  return group != SSDA903_HEADER && group != SSDA903_EPISODE;
}

int ssda903_field_named(ssda903_group group, const char *element) {
  for (int i = 0; i < SSDA903_FIELD_COUNT; i++)
    if (ssda903_fields[i].group == group && strcmp(ssda903_fields[i].element, element) == 0)
      return i;
  return -1;
}

size_t ssda903_table_width(const ssda903_table *table) {
  size_t width = 0;
  while (width < SSDA903_MAX_COLUMNS && table->columns[width]) width++;
  return width;
}

int ssda903_table_field(const ssda903_table *table, const char *element) {
  int field = ssda903_field_named(table->group, element);
  return field >= 0 ? field : ssda903_field_named(SSDA903_HEADER, element);
}
