/* cli_options.h: what the commands need from their arguments beyond what getopt_long
 * does: a refused option said with what was meant (as git and ripgrep say it), and the
 * value of an option whose value is optional given as the next argument (`--profile 3`).
 * main.c parses each command's options with getopt_long and these. */
#ifndef SUSTAIN_CLI_OPTIONS_H
#define SUSTAIN_CLI_OPTIONS_H

#include <getopt.h>
#include <stddef.h>

/* Writes into buf (of size bytes, cut when longer) what is wrong with the option that
 * getopt_long just refused, for a command whose long options are long_options: `got` is
 * what getopt_long returned ('?', or ':' for a missing value when the option string starts
 * with ':' and opterr is 0). The problem is one of: an unknown option, with the option
 * meant when one is near ("unknown option --fromat: did you mean --format?"); the start
 * of several options, with each of them; an option without the value it needs; an option
 * given a value it does not take. Call it straight after getopt_long refused, before it is
 * called again. Returns buf. */
const char *cli_option_problem(char *buf, size_t size, int got, char *const *argv,
                               const struct option *long_options);

/* For an option whose value is optional (`--profile[=N]`), given without `=`: the next
 * argument when it is a whole number, which is then taken as the option's value and
 * skipped (optind moves past it), so `--profile 3` and `-p 3` mean `--profile=3`; NULL
 * when there is no such argument. */
const char *cli_number_after(int argc, char *const *argv);

#endif
