/* report_sink.c: output with one remembered error, and the cleaning of plan text; see
 * report_sink.h. UTF-8 decoding is json_writer.c's, so every format repairs a string
 * exactly as the JSON plan does. */
#include "report_sink.h"

#include <errno.h>
#include <string.h>

#include "json_writer.h"

/* U+FFFD REPLACEMENT CHARACTER, for each invalid UTF-8 sequence. */
#define REPORT_REPLACEMENT "\xEF\xBF\xBD"

void report_sink_init(report_sink *s, FILE *out) {
  s->out = out;
  s->error = 0;
}

void report_put_bytes(report_sink *s, const char *bytes, size_t n) {
  if (s->error || n == 0) return;
  if (fwrite(bytes, 1, n, s->out) != n) s->error = errno ? errno : EIO;
}

void report_put(report_sink *s, const char *text) { report_put_bytes(s, text, strlen(text)); }

void report_put_size(report_sink *s, size_t n) {
  char buf[32];
  snprintf(buf, sizeof buf, "%zu", n);
  report_put(s, buf);
}

void report_put_repeated(report_sink *s, char c, size_t n) {
  while (n-- > 0) report_put_bytes(s, &c, 1);
}

/* Bytes that need nothing are written in runs, not one by one. */
void report_put_clean(report_sink *s, const char *text, report_escape_fn escape) {
  if (!text) return;
  size_t length = strlen(text);
  size_t run_start = 0, i = 0;
  while (i < length) {
    unsigned char c = (unsigned char)text[i];
    size_t consumed = 1;
    const char *replacement = NULL;
    if (c < 0x80) {
      replacement = escape(c);
    } else {
      int valid;
      consumed = json_utf8_next(text + i, length - i, &valid);
      if (!valid) replacement = REPORT_REPLACEMENT;
    }
    if (replacement) {
      report_put_bytes(s, text + run_start, i - run_start);
      report_put(s, replacement);
      run_start = i + consumed;
    }
    i += consumed;
  }
  report_put_bytes(s, text + run_start, length - run_start);
}

int report_sink_finish(report_sink *s) {
  if (!s->error && fflush(s->out) != 0) s->error = errno ? errno : EIO;
  if (s->error) {
    errno = s->error;
    return -1;
  }
  return 0;
}
