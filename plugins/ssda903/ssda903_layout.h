/* ssda903_layout.h: the SSDA903 return as councils' case-management systems export it in
 * XML, and the tables read from it. Each <CHILD> holds one <HEADER>, with the child's own
 * fields and the groups that hang from it (<AREVIEW>, <AMISSING>, <OC2>, <PERMANENCE>,
 * <AD_PLACED>), and its <EPISODE>s beside the header. A table takes one row per child or
 * one per group element; its columns are named as in the return's CSV files, so rules
 * written for those read it unchanged. ssda903_reader.c walks the file with this. */
#ifndef SUSTAIN_SSDA903_LAYOUT_H
#define SUSTAIN_SSDA903_LAYOUT_H

#include <stddef.h>

#include "sustain/plugin.h"

/* The elements that hold fields. */
typedef enum ssda903_group {
  SSDA903_HEADER,
  SSDA903_EPISODE,
  SSDA903_AREVIEW,
  SSDA903_AMISSING,
  SSDA903_OC2,
  SSDA903_PERMANENCE,
  SSDA903_AD_PLACED,
  SSDA903_GROUP_COUNT
} ssda903_group;

/* The root element and the element of one child. */
#define SSDA903_ROOT_ELEMENT "EXPSSDA903"
#define SSDA903_CHILD_ELEMENT "CHILD"

/* One field: an element holding text, inside its group. */
typedef struct ssda903_field {
  const char *element;      /* its element, e.g. CHILDID */
  const char *column;       /* its column, as the CSV files name it, e.g. CHILD */
  ssda903_group group;      /* the element it sits in */
  sustain_column_type type; /* DATE: DD/MM/YYYY in the file, YYYY-MM-DD in the table */
} ssda903_field;

/* Every field the layout knows. */
#define SSDA903_FIELD_COUNT 51
extern const ssda903_field ssda903_fields[SSDA903_FIELD_COUNT];

/* The most columns a table has. */
#define SSDA903_MAX_COLUMNS 13

/* One table the `table` option may name. */
typedef struct ssda903_table {
  const char *name;    /* the option's value, e.g. oc3 */
  ssda903_group group; /* HEADER: a row per child; any other: a row per such element */
  /* The elements of its columns, in order, NULL-terminated: a field of the table's own
   * group, else of HEADER (CHILDID and DOB, which every table repeats). */
  const char *columns[SSDA903_MAX_COLUMNS + 1];
  /* For a table of a row per child that not every child has (oc3, uasc, ad1): the child
   * has a row when one of these header fields holds a value. Empty (NULL first) for a
   * table of every child. */
  const char *row_when[7];
} ssda903_table;

#define SSDA903_TABLE_COUNT 10
extern const ssda903_table ssda903_tables[SSDA903_TABLE_COUNT];

/* The table named `name`, or NULL. */
const ssda903_table *ssda903_table_named(const char *name);

/* The names of every table, separated by ", ", for messages. */
const char *ssda903_table_names(void);

/* The group whose element is `element`, or SSDA903_GROUP_COUNT. */
ssda903_group ssda903_group_named(const char *element);

/* The element of a group, e.g. "EPISODE". */
const char *ssda903_group_element(ssda903_group group);

/* Whether a group sits inside HEADER (else inside CHILD). */
int ssda903_group_in_header(ssda903_group group);

/* The index of the field `element` of `group`, or -1. */
int ssda903_field_named(ssda903_group group, const char *element);

/* How many columns a table has. */
size_t ssda903_table_width(const ssda903_table *table);

/* The field of a table's column or row_when entry: the field of the table's own group
 * with that element, else the HEADER field. */
int ssda903_table_field(const ssda903_table *table, const char *element);

#endif
