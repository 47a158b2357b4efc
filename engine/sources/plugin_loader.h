/* plugin_loader.h: finding, opening and checking data-source plugins.
 * A plugin is trusted code (the config owner installs it), but a stale, broken or
 * tampered file must be refused with a message naming the file, never crash. */
#ifndef SUSTAIN_PLUGIN_LOADER_H
#define SUSTAIN_PLUGIN_LOADER_H

#include <stddef.h>

#include "diag.h"
#include "sustain/plugin.h"

typedef struct loaded_plugin {
  char *path;   /* the file that was opened (malloc'd) */
  void *handle; /* from dlopen */
  const sustain_plugin_descriptor *descriptor;
} loaded_plugin;

/* The folders searched for plugins, in order. */
typedef struct plugin_search_path {
  char **dirs; /* malloc'd strings */
  size_t count;
} plugin_search_path;

/* Builds the search path: config_dirs (from plugin_path in the INI, already
 * resolved), then the ':'-separated env_value (SUSTAIN_PLUGIN_PATH; may be NULL),
 * then shipped_dirs, the folders of the plugins shipped with sustain (the
 * program's layout: its build tree's first when it runs uninstalled). Empty and
 * NULL entries are skipped. Returns 0 or -1 on out of memory. */
int plugin_search_path_build(plugin_search_path *path, const char *const *config_dirs,
                             size_t config_dir_count, const char *env_value,
                             const char *const *shipped_dirs, size_t shipped_dir_count);
void plugin_search_path_free(plugin_search_path *path);

/* Finds a plugin by name. A name containing '/' or ending in ".so" is a path and
 * is returned as is. Otherwise each folder is tried for NAME.so, then
 * NAME/NAME.so. Returns a malloc'd path, or NULL when nothing was found. */
char *plugin_find(const plugin_search_path *path, const char *name);

/* Opens and checks the plugin at file: a regular file that only root or the
 * running user can change, in folders up to / that only they can change (owned
 * by them, not writable by group or others unless sticky), opened by its
 * canonical path with dlopen(RTLD_NOW | RTLD_LOCAL), the descriptor symbol present, the same
 * ABI major, a size that covers the fields of this ABI, every required field set.
 * On failure returns -1, appends one diagnostic naming the file and saying what is
 * wrong and what to do, and leaves *out zeroed. */
int plugin_open(const char *file, loaded_plugin *out, diag_list *diags);

void plugin_close(loaded_plugin *plugin);

/* Whether an opened plugin can load a source in parts on several threads
 * (count_parts and load_part, ABI 1.3). */
int plugin_loads_in_parts(const sustain_plugin_descriptor *descriptor);

/* Opens every plugin found on the search path (NAME.so or NAME/NAME.so in each
 * folder; a name found earlier in the path hides later ones). Broken plugins are
 * reported to diags and skipped; a plugin whose descriptor names it otherwise than
 * its file is listed, with a warning (diag_warn). Returns 0 or -1 on out of memory; *out is a
 * malloc'd array sorted by name, free with plugin_list_free. */
int plugin_list(const plugin_search_path *path, loaded_plugin **out, size_t *count,
                diag_list *diags);
void plugin_list_free(loaded_plugin *plugins, size_t count);

#endif
