/* check_output.c: `sustain check`'s findings as lines or as JSON; see check_output.h. */
#include "check_output.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "json_writer.h"

int check_format_parse(const char *name, check_format *out) {
  if (name && strcmp(name, "text") == 0) *out = CHECK_FORMAT_TEXT;
  else if (name && strcmp(name, "json") == 0) *out = CHECK_FORMAT_JSON;
  else return -1;
  return 0;
}

void check_printer_init(check_printer *p, check_format format, const char *config_path,
                        FILE *out, FILE *err) {
  *p = (check_printer){.format = format, .config_path = config_path, .out = out, .err = err};
}

void check_printer_add(check_printer *p, const diag_list *found, check_severity severity) {
  for (size_t i = 0; i < found->count; i++) {
    const diag *d = &found->items[i];
    /* a plugin's warning arrives among the load's errors, and fails nothing */
    const check_severity kind = d->warning ? CHECK_WARNING : severity;
    p->errors += kind == CHECK_ERROR;
    if (p->format == CHECK_FORMAT_TEXT) {
      fputs(severity == CHECK_ERROR ? "sustain: " : "sustain: warning: ", p->err);
      diag_print(d, p->err);
      continue;
    }
    if (GROW(&p->severities, &p->severity_capacity, p->findings.count + 1) != 0) {
      p->findings.out_of_memory = 1;
      continue;
    }
    size_t before = p->findings.count;
    diag_add(&p->findings, d->file, d->line, d->column, "%s", d->message);
    if (p->findings.count > before) p->severities[before] = kind;
  }
  if (found->out_of_memory) {
    if (p->format == CHECK_FORMAT_TEXT)
      fputs("sustain: (some problems were lost: out of memory)\n", p->err);
    p->findings.out_of_memory = 1;
  }
}

void check_printer_loaded(check_printer *p, const check_counts *c) {
  p->loaded = 1;
  p->counts = *c;
  if (p->format != CHECK_FORMAT_TEXT || p->errors) return; /* a rule would fail: not ok */
  diag_printf(p->out,
              "%s: ok: %zu source%s (%zu rows), %zu authorit%s, %zu rules, %zu context items, "
              "%zu data checks\n",
              p->config_path, c->sources, c->sources == 1 ? "" : "s", c->rows, c->authorities,
              c->authorities == 1 ? "y" : "ies", c->rules, c->context_items, c->data_checks);
  fflush(p->out);
}

void check_printer_records(check_printer *p, const char *path, int written, size_t count,
                           int direct) {
  p->records = path;
  p->records_written = written;
  p->record_count = count;
  p->records_direct = direct;
  if (p->format != CHECK_FORMAT_TEXT) return;
  if (written)
    diag_printf(p->out, "%s: %zu record%s written (%s)\n", path, count, count == 1 ? "" : "s",
                direct ? "into a pipe or device, which keeps its own permissions"
                       : "readable by its owner only");
  else
    diag_printf(p->err, "sustain: no records written to %s\n", path);
}

/* A line or column, null when unknown. */
static void member_position(json_writer *w, const char *key, long value) {
  json_key(w, key);
  if (value > 0) json_integer(w, value);
  else json_null(w);
}

static void write_counts(json_writer *w, const check_counts *c) {
  json_key(w, "loaded");
  json_begin_object(w);
  json_member_integer(w, "sources", (long long)c->sources);
  json_member_integer(w, "rows", (long long)c->rows);
  json_member_integer(w, "authorities", (long long)c->authorities);
  json_member_integer(w, "rules", (long long)c->rules);
  json_member_integer(w, "context_items", (long long)c->context_items);
  json_member_integer(w, "data_checks", (long long)c->data_checks);
  json_end_object(w);
}

static int write_json(check_printer *p) {
  json_writer w;
  json_writer_init(&w, p->out);
  json_begin_object(&w);
  json_member_string(&w, "schema", CHECK_JSON_SCHEMA);
  json_member_string(&w, "config", p->config_path);
  json_key(&w, "ok");
  json_boolean(&w, p->loaded && p->errors == 0);
  json_key(&w, "diagnostics");
  json_begin_array(&w);
  for (size_t i = 0; i < p->findings.count; i++) {
    const diag *d = &p->findings.items[i];
    json_begin_object(&w);
    json_member_string(&w, "file", d->file);
    member_position(&w, "line", d->line);
    member_position(&w, "column", d->column);
    json_member_string(&w, "severity", p->severities[i] == CHECK_ERROR ? "error" : "warning");
    json_member_string(&w, "message", d->message);
    json_end_object(&w);
  }
  json_end_array(&w);
  json_key(&w, "incomplete"); /* findings were lost for want of memory */
  json_boolean(&w, p->findings.out_of_memory);
  if (p->loaded) write_counts(&w, &p->counts);
  if (p->records) {
    json_key(&w, "records");
    json_begin_object(&w);
    json_member_string(&w, "file", p->records);
    json_key(&w, "written");
    json_boolean(&w, p->records_written);
    json_member_integer(&w, "count", p->records_written ? (long long)p->record_count : 0);
    json_end_object(&w);
  }
  json_end_object(&w);
  return json_writer_finish(&w);
}

int check_printer_finish(check_printer *p) {
  int status = 0;
  if (p->format == CHECK_FORMAT_JSON) {
    status = write_json(p);
  } else if (!p->loaded) {
    fprintf(p->err, "sustain: %zu problem%s found\n", p->errors, p->errors == 1 ? "" : "s");
    if (p->records) diag_printf(p->err, "sustain: no records written to %s\n", p->records);
  }
  diag_list_clear(&p->findings);
  free(p->severities);
  p->severities = NULL;
  return status;
}
