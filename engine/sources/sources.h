/* sources.h: loading every [source] of a config through its plugin into the
 * evidence store. This is where plugins meet the host: option checking, the host
 * function table, and turning plugin errors into located diagnostics. */
#ifndef SUSTAIN_SOURCES_H
#define SUSTAIN_SOURCES_H

#include <stddef.h>

#include "column_choice.h"
#include "config.h"
#include "diag.h"
#include "evidence_set.h"
#include "plugin_loader.h"
#include "watch.h"

/* Threads that load sources at once, at most. */
#define SOURCES_MAX_THREADS 64

/* Loads every source, up to `threads` at once (each plugin call on its own
 * source: plugins must keep no shared mutable state, see docs/plugins.md).
 * Every problem (unknown plugin, bad option, unreadable path, malformed data)
 * is appended to diags in config order; returns 0 when all sources loaded, -1
 * otherwise (the tables that did load are kept in out for `check`). */
int sources_load(const config *cfg, const plugin_search_path *search, evidence_set *out,
                 int threads, diag_list *diags);

/* sources_load with each source's plugin code (opening, loading, closing) as a
 * phase of w (watch.h), limited to [limits] source_seconds and a little more: a
 * source that failed an earlier attempt (it overran, or its plugin crashed or
 * exited) is reported at its config line instead of loaded. Whatever the watch,
 * a source past source_seconds is asked to stop, and its host functions fail;
 * and standard output is standard error while plugin code runs, so a plugin
 * that prints never writes into a plan printed on standard output. With
 * cfg->cache on, a source whose files are unchanged is taken from the cache
 * instead, and a source loaded is kept there for the next run (source_cache.h). */
int sources_load_watched(const config *cfg, const plugin_search_path *search, evidence_set *out,
                         int threads, watch *w, diag_list *diags);

/* Work that needs no source, done while the sources load: run(context, slot) is
 * called once, by the first loading thread left without a part to load (the calling
 * thread when it loads them all), with that thread's slot in the watch, so it fills
 * the time one thread still joins or finishes the last source. */
typedef struct sources_side_work {
  void (*run)(void *context, size_t slot);
  void *context;
} sources_side_work;

/* sources_load_watched storing only the columns that columns chooses (column_choice.h);
 * NULL stores every column. side, when not NULL, is run as sources_side_work says,
 * unless the loading could not start (out of memory): its `run` then never runs. */
int sources_load_chosen(const config *cfg, const plugin_search_path *search, evidence_set *out,
                        int threads, watch *w, const column_choice *columns,
                        const sources_side_work *side, diag_list *diags);

/* Loads one source through its plugin (found on search): the building block of
 * sources_load, for callers that describe a source without an INI file. cfg
 * gives the folder that relative paths start from and the file named in
 * messages. Returns the table, or NULL with problems in diags. */
evidence_table *sources_load_one(const config *cfg, const config_source *src,
                                 const plugin_search_path *search, diag_list *diags);

#endif
