/* parts.c: a plugin that loads its source in parts (ABI 1.3), used by
 * test_parts.c. Its rows are numbered 1 to `rows` in column n, the first 60 %
 * for authority north and the rest for south; column `from` says which call
 * gave each row, "whole" or "part", so a test sees how the host loaded it.
 * Option mode: split (every part succeeds), fail_last (the last part fails, so
 * the host must load whole and show nothing of the part's message), differ
 * (part 1 declares other columns, so the host must load whole), whole
 * (count_parts answers 1), broken (every call fails: load's message is shown). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sustain/plugin.h"

static const sustain_option parts_options[] = {
    {"mode", "split, fail_last, differ, whole or broken", 1, SUSTAIN_OPTION_TEXT, NULL},
    {"rows", "how many rows", 0, SUSTAIN_OPTION_TEXT, "1000"},
    {NULL, NULL, 0, SUSTAIN_OPTION_TEXT, NULL},
};

static int is_mode(const sustain_host *host, sustain_source *source, const char *mode) {
  return strcmp(host->option(source, "mode"), mode) == 0;
}

/* Declares the columns and gives rows [first, end), each marked with from. */
static int give_rows(const sustain_host *host, sustain_source *source, long first, long end,
                     const char *from, const char *third_column) {
  long rows = atol(host->option(source, "rows"));
  if (host->add_column(source, "la", 2, SUSTAIN_COLUMN_TEXT) != 0 ||
      host->add_column(source, "n", 1, SUSTAIN_COLUMN_NUMBER) != 0 ||
      host->add_column(source, third_column, strlen(third_column), SUSTAIN_COLUMN_TEXT) != 0)
    return 1;
  for (long n = first + 1; n <= end; n++) {
    const char *la = n <= rows * 6 / 10 ? "north" : "south";
    char number[32];
    int length = snprintf(number, sizeof number, "%ld", n);
    if (host->append_text(source, la, strlen(la)) != 0 ||
        host->append_text(source, number, (size_t)length) != 0 ||
        host->append_text(source, from, strlen(from)) != 0 || host->end_row(source, n + 1) != 0)
      return 1;
  }
  return 0;
}

static int parts_load(const sustain_host *host, sustain_source *source) {
  if (is_mode(host, source, "broken")) {
    host->error(source, NULL, 0, 0, "the whole source is broken");
    return 1;
  }
  return give_rows(host, source, 0, atol(host->option(source, "rows")), "whole", "from");
}

static uint32_t parts_count(const sustain_host *host, sustain_source *source, uint32_t wanted) {
  return is_mode(host, source, "whole") ? 1 : wanted;
}

static int parts_load_part(const sustain_host *host, sustain_source *source, uint32_t part,
                           uint32_t parts) {
  if (is_mode(host, source, "broken") || (is_mode(host, source, "fail_last") && part + 1 == parts)) {
    host->error(source, NULL, 0, 0, "a part failed: this message is never shown");
    return 1;
  }
  long rows = atol(host->option(source, "rows"));
  const char *third = is_mode(host, source, "differ") && part == 1 ? "other" : "from";
  return give_rows(host, source, rows * part / parts, rows * (part + 1) / parts, "part", third);
}

SUSTAIN_PLUGIN_DEFINE = {
    .abi_major = SUSTAIN_PLUGIN_ABI_MAJOR,
    .abi_minor = SUSTAIN_PLUGIN_ABI_MINOR,
    .size = sizeof(sustain_plugin_descriptor),
    .name = "parts",
    .version = "1.0.0",
    .description = "a test plugin that loads its source in parts",
    .options = parts_options,
    .load = parts_load,
    .count_parts = parts_count,
    .load_part = parts_load_part,
};
