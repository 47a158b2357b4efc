/* plan_wire.c: serialising one authority's plan; see plan_wire.h. */
#include "plan_wire.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "grow.h"

/* ** {======================================================================
** Writing
** ======================================================================= */

static void put(wire_buffer *out, const void *data, size_t size) {
  if (out->failed) return;
  if (grow_array((void **)&out->bytes, &out->capacity, out->length + size, 1) != 0) {
    out->failed = 1;
    return;
  }
  memcpy(out->bytes + out->length, data, size);
  out->length += size;
}

static void put_size(wire_buffer *out, size_t value) {
  uint64_t v = value;
  put(out, &v, sizeof v);
}

static void put_double(wire_buffer *out, double value) { put(out, &value, sizeof value); }

/* A string, or NULL (length UINT64_MAX). */
static void put_string(wire_buffer *out, const char *text) {
  uint64_t length = text ? strlen(text) : UINT64_MAX;
  put(out, &length, sizeof length);
  if (text) put(out, text, (size_t)length);
}

static void put_place(wire_buffer *out, const plan_benchmark_place *place) {
  put_string(out, place->name);
  put_string(out, place->code);
  put_double(out, place->value);
  put_size(out, (size_t)place->suppressed);
  put_size(out, (size_t)place->rank);
}

static void put_benchmark(wire_buffer *out, const plan_benchmark *b) {
  put_string(out, b->id);
  put_string(out, b->title);
  put_size(out, (size_t)b->year);
  put_size(out, (size_t)b->higher_is_better);
  put_string(out, b->source);
  put_place(out, &b->authority);
  put_double(out, b->england);
  put_string(out, b->region_name);
  put_double(out, b->region);
  put_string(out, b->neighbours_of);
  put_size(out, b->neighbour_count);
  for (size_t i = 0; i < b->neighbour_count; i++) put_place(out, &b->neighbours[i]);
  put_double(out, b->neighbour_average);
  put_size(out, b->neighbours_published);
  put_size(out, b->ranked);
  put_size(out, (size_t)b->quartile);
  put_size(out, b->trend_count);
  for (size_t i = 0; i < b->trend_count; i++) {
    const plan_benchmark_year *y = &b->trend[i];
    put_size(out, (size_t)y->year);
    put_double(out, y->authority);
    put_double(out, y->england);
    put_double(out, y->region);
    put_double(out, y->neighbours);
  }
  put_string(out, b->trend_source);
}

static void put_rule(wire_buffer *out, const plan_rule *r) {
  put_string(out, r->id);
  put_string(out, r->title);
  put_string(out, r->file);
  put_size(out, (size_t)r->line);
  put_size(out, (size_t)r->status);
  put_double(out, r->score);
  put_double(out, r->weight);
  put_string(out, r->reason);
  put_size(out, (size_t)r->reason_kind);
  put_string(out, r->reason_detail);
  put_string(out, r->message);
  put_double(out, r->seconds);
  put_size(out, (size_t)r->instructions);
  put_size(out, r->evidence_count);
  for (size_t i = 0; i < r->evidence_count; i++) {
    const plan_evidence *e = &r->evidence[i];
    put_string(out, e->label);
    put_size(out, (size_t)e->kind);
    put_double(out, e->number);
    put_string(out, e->text);
    put_size(out, (size_t)e->boolean);
    put_size(out, (size_t)e->share);
    put_string(out, e->plain);
  }
  put_size(out, r->benchmark_count);
  for (size_t i = 0; i < r->benchmark_count; i++) put_benchmark(out, &r->benchmarks[i]);
}

static void put_action(wire_buffer *out, const plan_action *x) {
  put_size(out, (size_t)x->rank);
  put_string(out, x->id);
  put_string(out, x->ingredient);
  put_string(out, x->title);
  put_string(out, x->why);
  put_string(out, x->owner);
  put_string(out, x->effort);
  put_string(out, x->plain);
  put_string(out, x->rule);
  put_string(out, x->gap);
  put_size(out, x->found_by_count);
  for (size_t k = 0; k < x->found_by_count; k++) put_string(out, x->found_by[k]);
  put_size(out, (size_t)x->survival);
  put_size(out, (size_t)x->first);
  put_double(out, x->impact);
  put_double(out, x->priority);
  put(out, &x->terms, sizeof x->terms);
}

int plan_wire_write(wire_buffer *out, const plan_authority *a, const plan_error *errors,
                    size_t error_count) {
  put_string(out, a->id);
  put_string(out, a->name);
  put_string(out, a->stage);
  put_string(out, a->pilot_end);
  put_string(out, a->review_date);
  put_string(out, a->rules_digest);
  put_double(out, a->score);
  put_string(out, a->band);
  put_double(out, a->coverage);
  put_double(out, a->rule_coverage);
  put_size(out, a->ingredient_count);
  for (size_t i = 0; i < a->ingredient_count; i++) {
    const plan_ingredient *g = &a->ingredients[i];
    put_string(out, g->id);
    put_string(out, g->title);
    put_string(out, g->plain);
    put_double(out, g->score);
    put_double(out, g->weight);
    put_size(out, g->rule_count);
    for (size_t r = 0; r < g->rule_count; r++) put_rule(out, &g->rules[r]);
  }
  put_size(out, a->context_count);
  for (size_t i = 0; i < a->context_count; i++) put_rule(out, &a->context[i]);
  put_size(out, a->action_count);
  for (size_t i = 0; i < a->action_count; i++) put_action(out, &a->actions[i]);
  put_size(out, a->data_quality_count);
  for (size_t i = 0; i < a->data_quality_count; i++) {
    const plan_data_quality *q = &a->data_quality[i];
    put_string(out, q->table);
    put_string(out, q->check);
    put_string(out, q->message);
    put_size(out, (size_t)q->count);
    put_size(out, (size_t)q->suppressed);
  }
  put_size(out, a->customisation_count);
  for (size_t i = 0; i < a->customisation_count; i++) {
    put_string(out, a->customisations[i].kind);
    put_string(out, a->customisations[i].rule);
    put_string(out, a->customisations[i].reason);
  }
  put_size(out, error_count);
  for (size_t i = 0; i < error_count; i++) {
    put_string(out, errors[i].authority);
    put_string(out, errors[i].rule);
    put_string(out, errors[i].file);
    put_size(out, (size_t)errors[i].line);
    put_string(out, errors[i].message);
  }
  return out->failed ? -1 : 0;
}

void wire_buffer_free(wire_buffer *buffer) {
  free(buffer->bytes);
  *buffer = (wire_buffer){0};
}

/* }====================================================================== */

/* ** {======================================================================
** Reading
** ======================================================================= */

typedef struct wire_reader {
  const unsigned char *at, *end;
  arena *arena;
  int failed;
  plan_wire_strings *strings; /* NULL: every string copied */
} wire_reader;

struct plan_wire_string {
  const char *text; /* in the plan's arena */
  size_t length;
  uint64_t hash;
};

void plan_wire_strings_free(plan_wire_strings *strings) {
  free(strings->slots);
  *strings = (plan_wire_strings){0};
}

/* The slot of a string, or of the empty slot where it would go. */
static struct plan_wire_string *string_slot(const plan_wire_strings *strings, const char *text,
                                            size_t length, uint64_t hash) {
  size_t mask = strings->slot_count - 1;
  for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
    struct plan_wire_string *slot = &strings->slots[i];
    if (!slot->text || (slot->hash == hash && slot->length == length &&
                        memcmp(slot->text, text, length) == 0))
      return slot;
  }
}

/* Doubles the table when it is half full, so a probe ends soon. Returns 0, or -1. */
static int strings_room(plan_wire_strings *strings) {
  if (2 * (strings->count + 1) <= strings->slot_count) return 0;
  plan_wire_strings grown = {calloc(strings->slot_count ? 2 * strings->slot_count : 1024,
                                    sizeof *grown.slots),
                             strings->slot_count ? 2 * strings->slot_count : 1024, strings->count};
  if (!grown.slots) return -1;
  for (size_t i = 0; i < strings->slot_count; i++)
    if (strings->slots[i].text)
      *string_slot(&grown, strings->slots[i].text, strings->slots[i].length,
                   strings->slots[i].hash) = strings->slots[i];
  free(strings->slots);
  *strings = grown;
  return 0;
}

/* A copy of the string in the arena, or the copy made of it before. */
static const char *keep_string(wire_reader *in, const char *text, size_t length) {
  plan_wire_strings *strings = in->strings;
  if (!strings) return arena_strndup(in->arena, text, length);
  if (strings_room(strings) != 0) return NULL;
  /* a word at a time: a byte loop cost the supervisor 20 M instructions a national run */
  uint64_t hash = XXH3_64bits(text, length);
  struct plan_wire_string *slot = string_slot(strings, text, length, hash);
  if (slot->text) return slot->text;
  char *copy = arena_strndup(in->arena, text, length);
  if (copy) {
    *slot = (struct plan_wire_string){copy, length, hash};
    strings->count++;
  }
  return copy;
}

static void take(wire_reader *in, void *data, size_t size) {
  if (in->failed || (size_t)(in->end - in->at) < size) {
    in->failed = 1;
    memset(data, 0, size);
    return;
  }
  memcpy(data, in->at, size);
  in->at += size;
}

static size_t take_size(wire_reader *in) {
  uint64_t v = 0;
  take(in, &v, sizeof v);
  return (size_t)v;
}

static double take_double(wire_reader *in) {
  double v = 0;
  take(in, &v, sizeof v);
  return v;
}

static const char *take_string(wire_reader *in) {
  uint64_t length = 0;
  take(in, &length, sizeof length);
  if (in->failed || length == UINT64_MAX) return NULL;
  if ((uint64_t)(in->end - in->at) < length) {
    in->failed = 1;
    return NULL;
  }
  const char *text = keep_string(in, (const char *)in->at, (size_t)length);
  if (!text) in->failed = 1;
  in->at += length;
  return text;
}

/* An array of count elements of size bytes in the arena, or NULL when the count
 * cannot be right (more elements than bytes left). */
static void *take_array(wire_reader *in, size_t count, size_t size) {
  if (in->failed || count > (size_t)(in->end - in->at)) {
    in->failed = 1;
    return NULL;
  }
  void *array = arena_alloc(in->arena, (count ? count : 1) * size);
  if (!array) in->failed = 1;
  return array;
}

static void take_place(wire_reader *in, plan_benchmark_place *place) {
  place->name = take_string(in);
  place->code = take_string(in);
  place->value = take_double(in);
  place->suppressed = (int)take_size(in);
  place->rank = (int)take_size(in);
}

static void take_benchmark(wire_reader *in, plan_benchmark *b) {
  b->id = take_string(in);
  b->title = take_string(in);
  b->year = (int)take_size(in);
  b->higher_is_better = (int)take_size(in);
  b->source = take_string(in);
  take_place(in, &b->authority);
  b->england = take_double(in);
  b->region_name = take_string(in);
  b->region = take_double(in);
  b->neighbours_of = take_string(in);
  b->neighbour_count = take_size(in);
  b->neighbours = take_array(in, b->neighbour_count, sizeof *b->neighbours);
  for (size_t i = 0; b->neighbours && i < b->neighbour_count; i++)
    take_place(in, &b->neighbours[i]);
  b->neighbour_average = take_double(in);
  b->neighbours_published = take_size(in);
  b->ranked = take_size(in);
  b->quartile = (int)take_size(in);
  b->trend_count = take_size(in);
  b->trend = take_array(in, b->trend_count, sizeof *b->trend);
  for (size_t i = 0; b->trend && i < b->trend_count; i++) {
    plan_benchmark_year *y = &b->trend[i];
    y->year = (int)take_size(in);
    y->authority = take_double(in);
    y->england = take_double(in);
    y->region = take_double(in);
    y->neighbours = take_double(in);
  }
  b->trend_source = take_string(in);
}

static void take_rule(wire_reader *in, plan_rule *r) {
  r->id = take_string(in);
  r->title = take_string(in);
  r->file = take_string(in);
  r->line = (int)take_size(in);
  r->status = (plan_rule_status)take_size(in);
  r->score = take_double(in);
  r->weight = take_double(in);
  r->reason = take_string(in);
  r->reason_kind = (plan_reason_kind)take_size(in);
  r->reason_detail = take_string(in);
  r->message = take_string(in);
  r->seconds = take_double(in);
  r->instructions = (long)take_size(in);
  r->evidence_count = take_size(in);
  r->evidence = take_array(in, r->evidence_count, sizeof *r->evidence);
  for (size_t i = 0; r->evidence && i < r->evidence_count; i++) {
    plan_evidence *e = &r->evidence[i];
    e->label = take_string(in);
    e->kind = (plan_value_kind)take_size(in);
    e->number = take_double(in);
    e->text = take_string(in);
    e->boolean = (int)take_size(in);
    e->share = (int)take_size(in);
    e->plain = take_string(in);
  }
  r->benchmark_count = take_size(in);
  r->benchmarks = take_array(in, r->benchmark_count, sizeof *r->benchmarks);
  for (size_t i = 0; r->benchmarks && i < r->benchmark_count; i++)
    take_benchmark(in, &r->benchmarks[i]);
}

static void take_action(wire_reader *in, plan_action *x) {
  x->rank = (int)take_size(in);
  x->id = take_string(in);
  x->ingredient = take_string(in);
  x->title = take_string(in);
  x->why = take_string(in);
  x->owner = take_string(in);
  x->effort = take_string(in);
  x->plain = take_string(in);
  x->rule = take_string(in);
  x->gap = take_string(in);
  x->found_by_count = take_size(in);
  x->found_by = take_array(in, x->found_by_count, sizeof *x->found_by);
  for (size_t k = 0; x->found_by && k < x->found_by_count; k++) x->found_by[k] = take_string(in);
  x->survival = (int)take_size(in);
  x->first = (int)take_size(in);
  x->impact = take_double(in);
  x->priority = take_double(in);
  take(in, &x->terms, sizeof x->terms);
}

int plan_wire_read(const unsigned char *bytes, size_t length, plan *p, plan_authority *a,
                   size_t *error_capacity, plan_wire_strings *strings) {
  wire_reader in = {bytes, bytes + length, p->arena, 0, strings};
  *a = (plan_authority){0};
  a->id = take_string(&in);
  a->name = take_string(&in);
  a->stage = take_string(&in);
  a->pilot_end = take_string(&in);
  a->review_date = take_string(&in);
  a->rules_digest = take_string(&in);
  a->score = take_double(&in);
  a->band = take_string(&in);
  a->coverage = take_double(&in);
  a->rule_coverage = take_double(&in);
  a->ingredient_count = take_size(&in);
  a->ingredients = take_array(&in, a->ingredient_count, sizeof *a->ingredients);
  for (size_t i = 0; a->ingredients && i < a->ingredient_count; i++) {
    plan_ingredient *g = &a->ingredients[i];
    g->id = take_string(&in);
    g->title = take_string(&in);
    g->plain = take_string(&in);
    g->score = take_double(&in);
    g->weight = take_double(&in);
    g->rule_count = take_size(&in);
    g->rules = take_array(&in, g->rule_count, sizeof *g->rules);
    for (size_t r = 0; g->rules && r < g->rule_count; r++) take_rule(&in, &g->rules[r]);
  }
  a->context_count = take_size(&in);
  a->context = take_array(&in, a->context_count, sizeof *a->context);
  for (size_t i = 0; a->context && i < a->context_count; i++) take_rule(&in, &a->context[i]);
  a->action_count = take_size(&in);
  a->actions = take_array(&in, a->action_count, sizeof *a->actions);
  for (size_t i = 0; a->actions && i < a->action_count; i++) take_action(&in, &a->actions[i]);
  a->data_quality_count = take_size(&in);
  a->data_quality = take_array(&in, a->data_quality_count, sizeof *a->data_quality);
  for (size_t i = 0; a->data_quality && i < a->data_quality_count; i++) {
    plan_data_quality *q = &a->data_quality[i];
    q->table = take_string(&in);
    q->check = take_string(&in);
    q->message = take_string(&in);
    q->count = (long)take_size(&in);
    q->suppressed = (int)take_size(&in);
  }
  a->customisation_count = take_size(&in);
  a->customisations = take_array(&in, a->customisation_count, sizeof *a->customisations);
  for (size_t i = 0; a->customisations && i < a->customisation_count; i++) {
    a->customisations[i].kind = take_string(&in);
    a->customisations[i].rule = take_string(&in);
    a->customisations[i].reason = take_string(&in);
  }
  size_t errors = take_size(&in);
  if (!in.failed && errors > (size_t)(in.end - in.at)) in.failed = 1;
  for (size_t i = 0; !in.failed && i < errors; i++) {
    plan_error e;
    e.authority = take_string(&in);
    e.rule = take_string(&in);
    e.file = take_string(&in);
    e.line = (int)take_size(&in);
    e.message = take_string(&in);
    if (p->error_count == *error_capacity) {
      size_t capacity = *error_capacity ? *error_capacity * 2 : 8;
      plan_error *grown = arena_grow(p->arena, p->errors, p->error_count, capacity, sizeof *grown);
      if (!grown) {
        in.failed = 1;
        break;
      }
      p->errors = grown;
      *error_capacity = capacity;
    }
    p->errors[p->error_count++] = e;
  }
  if (!in.failed && in.at != in.end) in.failed = 1;
  return in.failed ? -1 : 0;
}

/* }====================================================================== */
