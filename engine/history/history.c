/* history.c: the history facade (history.h). A [history] path is kept by the SQLite store
 * (history_sqlite.c), a url by the PostgreSQL one (history_postgres.c); both are a table of
 * the same operations (history_backend.h), so what lies above them is written once. */
#include "history.h"

#include <stdlib.h>
#include <string.h>

#include "history_postgres.h"
#include "history_sqlite.h"

struct history {
  const history_store *store; /* SQLite or PostgreSQL */
  void *state;                /* the store's own */
  char *path;                 /* the file, or the url without its password: for messages */
};

int history_is_url(const char *location) {
  return strncmp(location, "postgresql://", 13) == 0 || strncmp(location, "postgres://", 11) == 0;
}

int history_open(const char *path, history **out, diag_list *diags) {
  *out = NULL;
  int url = history_is_url(path);
  history *h = calloc(1, sizeof *h);
  if (!h) {
    /* a url may hold a password: it is named only once the store has redacted it */
    diag_add(diags, url ? "[history] url" : path, 0, 0, "out of memory opening the history");
    return -1;
  }
  h->store = url ? &history_postgres_store : &history_sqlite_store;
  const char *display = NULL;
  int opened = h->store->open(path, &h->state, &display, diags) == 0;
  if (opened && !(h->path = strdup(display))) {
    diag_add(diags, display, 0, 0, "out of memory opening the history");
    opened = 0;
  }
  if (!opened) {
    history_close(h);
    return -1;
  }
  *out = h;
  return 0;
}

void history_close(history *h) {
  if (!h) return;
  if (h->state) h->store->close(h->state);
  free(h->path);
  free(h);
}

int history_annotate(history *h, plan *p, diag_list *diags) {
  if (h->store->annotate(h->state, p, diags) != 0) return -1;
  p->history = 1;
  return 0;
}

int history_record(history *h, const plan *p, diag_list *diags) {
  return h->store->record(h->state, p, diags);
}

int history_read(history *h, const char *const *authorities, const char *const *names,
                 size_t count, history_report **out, diag_list *diags) {
  *out = NULL;
  arena *a = arena_new();
  history_report *r = a ? arena_alloc(a, sizeof *r) : NULL;
  if (!r || !(r->authorities = arena_alloc(a, (count + 1) * sizeof(history_trajectory)))) {
    arena_free(a);
    diag_add(diags, h->path, 0, 0, "out of memory reading the history");
    return -1;
  }
  r->arena = a;
  r->path = arena_strdup(a, h->path);
  if (h->store->read(h->state, r, authorities, names, count, diags) != 0) {
    arena_free(a);
    return -1;
  }
  *out = r;
  return 0;
}
