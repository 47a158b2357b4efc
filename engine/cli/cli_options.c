/* cli_options.c: refused options said with what was meant, and a number after an option;
 * see cli_options.h. */
#include "cli_options.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nearest.h"

/* The long options' names, NULL-terminated (caller frees); NULL on out of memory. */
static const char **option_names(const struct option *long_options, size_t *count) {
  *count = 0;
  while (long_options[*count].name) (*count)++;
  const char **names = calloc(*count + 1, sizeof *names);
  for (size_t i = 0; names && i < *count; i++) names[i] = long_options[i].name;
  return names;
}

/* The name of a long option as written, without `--` and any `=value`, into name. */
static void written_name(const char *argument, char *name, size_t size) {
  const char *start = argument + 2, *end = strchr(start, '=');
  size_t length = end ? (size_t)(end - start) : strlen(start);
  if (length >= size) length = size - 1;
  memcpy(name, start, length);
  name[length] = '\0';
}

/* An unknown long option (`--name`), or the start of several. */
static const char *unknown_long(char *buf, size_t size, const char *name,
                                const struct option *long_options) {
  size_t count;
  const char **names = option_names(long_options, &count);
  size_t starts = 0, used = 0;
  for (size_t i = 0; i < count; i++) starts += strncmp(long_options[i].name, name, strlen(name)) == 0;
  if (starts > 1) {
    used = (size_t)snprintf(buf, size, "option --%s is ambiguous: it starts", name);
    for (size_t i = 0, said = 0; i < count && used < size; i++) {
      if (strncmp(long_options[i].name, name, strlen(name)) != 0) continue;
      const char *separator = said++ == 0 ? " " : said == starts ? " and " : ", ";
      used += (size_t)snprintf(buf + used, size - used, "%s--%s", separator, long_options[i].name);
    }
  } else {
    const char *meant = names ? nearest_name(name, names, count, NEAREST_TYPO) : NULL;
    if (meant)
      snprintf(buf, size, "unknown option --%s: did you mean --%s?", name, meant);
    else
      snprintf(buf, size, "unknown option --%s", name);
  }
  free(names);
  return buf;
}

const char *cli_option_problem(char *buf, size_t size, int got, char *const *argv,
                               const struct option *long_options) {
  const char *argument = optind > 0 ? argv[optind - 1] : NULL;
  int is_long = argument && strncmp(argument, "--", 2) == 0 && argument[2] != '\0';
  char name[64] = "";
  if (is_long) written_name(argument, name, sizeof name);
  if (got == ':') {
    if (is_long) snprintf(buf, size, "option --%s needs a value", name);
    else snprintf(buf, size, "option -%c needs a value", optopt);
    return buf;
  }
  if (optopt == 0 && is_long) return unknown_long(buf, size, name, long_options);
  /* a known long option that takes no value was given one (`--explain=yes`) */
  for (size_t i = 0; is_long && long_options[i].name; i++)
    if (long_options[i].val == optopt && long_options[i].has_arg == no_argument &&
        strcmp(long_options[i].name, name) == 0) {
      snprintf(buf, size, "option --%s takes no value", name);
      return buf;
    }
  if (isprint(optopt)) snprintf(buf, size, "unknown option -%c", optopt);
  else snprintf(buf, size, "unknown option %s", argument ? argument : "");
  return buf;
}

const char *cli_number_after(int argc, char *const *argv) {
  if (optind >= argc) return NULL;
  const char *next = argv[optind];
  if (!*next) return NULL;
  for (const char *c = next; *c; c++)
    if (!isdigit((unsigned char)*c)) return NULL;
  optind++;
  return next;
}
