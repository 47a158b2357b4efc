/* init.h: `sustain init DIR`, a starter assessment for a council's analyst to begin from
 * their own data: DIR/assessment.ini with every section and key explained, DIR/README.md,
 * and in DIR/data/ a CSV template per table the default pack reads and a workbook of the
 * same. main.c dispatches to it; the templates are data (init_template.h). */
#ifndef SUSTAIN_INIT_H
#define SUSTAIN_INIT_H

#include "config.h"

/* `sustain init --help`. */
extern const char init_usage[];

/* Runs `sustain init` with its arguments (argv[0] is "init"). Returns the exit status: 0
 * every file written; 1 nothing written (a file there already, a folder or file that
 * cannot be made, templates missing); 2 a usage error. */
int init_command(int argc, char **argv, const config_layout *layout);

#endif
