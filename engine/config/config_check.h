/* config_check.h: the sections config_read.c read, checked into a config: what each key
 * means, numbers, dates, and that paths exist (config_check.c). Internal to config/. */
#ifndef SUSTAIN_CONFIG_CHECK_H
#define SUSTAIN_CONFIG_CHECK_H

#include "arena.h"
#include "config.h"
#include "config_problems.h"
#include "config_read.h"

/* Makes the config of the file at path (its defaults, then every key of sections) and
 * adds every problem found to problems at its line, or at no line for a part missing
 * from the whole file. layout says where `rules = @NAME` looks (NULL: nowhere); scratch
 * holds passing text. Returns the config, to free with config_free even when problems
 * were found, or NULL when out of memory (problems->out_of_memory). */
config *config_check(const char *path, const config_layout *layout,
                     const config_sections *sections, arena *scratch,
                     config_problems *problems);

#endif
