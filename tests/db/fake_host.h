/* fake_host.h: a host for driving one plugin's load directly in a test. It hands the
 * plugin options from a list, records what the plugin declares and appends as readable
 * text, and checks the host protocol: columns before cells, one cell per column per row.
 * The database plugins' tests compare that text with what the data should give. */
#ifndef SUSTAIN_TEST_FAKE_HOST_H
#define SUSTAIN_TEST_FAKE_HOST_H

#include <stddef.h>

#include "sustain/plugin.h"

/* What one load did. The table is text: a first line of columns as NAME:TYPE (types
 * infer, number, text, date), then one line per row with each cell as 'text', a number
 * printed with %.17g, or - for a missing value, separated by spaces. Errors are lines
 * FILE:LINE:COLUMN: MESSAGE, with FILE - when the plugin gave none. */
typedef struct fake_result {
  int status;   /* load's return value */
  char *table;  /* malloc'd */
  char *errors; /* malloc'd; "" when none */
  int protocol_broken; /* the plugin called the host out of order */
} fake_result;

/* Runs plugin->load once with options, a NULL-terminated list of name, value pairs.
 * Fails the running cmocka test on out of memory. */
fake_result fake_host_load(const sustain_plugin_descriptor *plugin,
                           const char *const *options);

void fake_result_free(fake_result *result);

#endif
