/* plugin_loader.c: builds the plugin search path, finds plugins on it, and
 * opens and checks them; see plugin_loader.h. Every refusal is one diagnostic
 * naming the plugin file; calling a plugin's load is the source loader's job. */
#include "plugin_loader.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grow.h"

/* The descriptor fields every ABI 1.x plugin has: everything up to and including
 * `load`. Later minors append fields, read only where the size covers them. */
#define PLUGIN_DESCRIPTOR_MIN_SIZE \
  (offsetof(sustain_plugin_descriptor, load) + sizeof(((sustain_plugin_descriptor *)0)->load))

/* The file suffix of a plugin, and the length of it. */
#define PLUGIN_SUFFIX ".so"
#define PLUGIN_SUFFIX_LENGTH (sizeof(PLUGIN_SUFFIX) - 1)

/* dir + "/" + a + b (b may be NULL); NULL on out of memory. */
static char *join_path(const char *dir, const char *a, const char *b) {
  size_t dir_length = strlen(dir);
  int needs_slash = dir_length > 0 && dir[dir_length - 1] != '/';
  size_t length = dir_length + (size_t)needs_slash + strlen(a) + (b ? strlen(b) : 0);
  char *path = malloc(length + 1);
  if (!path) return NULL;
  snprintf(path, length + 1, "%s%s%s%s", dir, needs_slash ? "/" : "", a, b ? b : "");
  return path;
}

static int is_regular_file(const char *path) {
  struct stat info;
  return stat(path, &info) == 0 && S_ISREG(info.st_mode);
}

static int ends_with(const char *text, const char *suffix) {
  size_t text_length = strlen(text), suffix_length = strlen(suffix);
  return text_length >= suffix_length &&
         memcmp(text + text_length - suffix_length, suffix, suffix_length) == 0;
}

/* ** {======================================================================
** Search path
** ======================================================================= */

/* Appends a copy of dir[0..length); empty entries are skipped. */
static int search_path_add(plugin_search_path *path, const char *dir, size_t length) {
  if (length == 0) return 0;
  char *copy = malloc(length + 1);
  if (!copy) return -1;
  memcpy(copy, dir, length);
  copy[length] = '\0';
  path->dirs[path->count++] = copy;
  return 0;
}

int plugin_search_path_build(plugin_search_path *path, const char *const *config_dirs,
                             size_t config_dir_count, const char *env_value,
                             const char *const *shipped_dirs, size_t shipped_dir_count) {
  *path = (plugin_search_path){0};
  /* env_value has one entry more than it has ':' */
  size_t capacity = config_dir_count + 1 + shipped_dir_count;
  for (const char *c = env_value; c && *c; c++)
    if (*c == ':') capacity++;
  path->dirs = malloc(capacity * sizeof(char *));
  if (!path->dirs) return -1;

  for (size_t i = 0; i < config_dir_count; i++)
    if (config_dirs[i] && search_path_add(path, config_dirs[i], strlen(config_dirs[i])) != 0)
      goto out_of_memory;
  for (const char *entry = env_value; entry;) {
    const char *colon = strchr(entry, ':');
    size_t length = colon ? (size_t)(colon - entry) : strlen(entry);
    if (search_path_add(path, entry, length) != 0) goto out_of_memory;
    entry = colon ? colon + 1 : NULL;
  }
  for (size_t i = 0; i < shipped_dir_count; i++)
    if (shipped_dirs[i] && search_path_add(path, shipped_dirs[i], strlen(shipped_dirs[i])) != 0)
      goto out_of_memory;
  return 0;

out_of_memory:
  plugin_search_path_free(path);
  return -1;
}

void plugin_search_path_free(plugin_search_path *path) {
  for (size_t i = 0; i < path->count; i++) free(path->dirs[i]);
  free(path->dirs);
  *path = (plugin_search_path){0};
}

/* }====================================================================== */

/* ** {======================================================================
** Finding a plugin by name
** ======================================================================= */

/* The plugin called name in dir: dir/NAME.so, else dir/NAME/NAME.so. Returns a
 * malloc'd path, NULL when neither is a regular file; *out_of_memory says why. */
static char *find_in_dir(const char *dir, const char *name, int *out_of_memory) {
  char *flat = join_path(dir, name, PLUGIN_SUFFIX);
  if (!flat) goto out_of_memory;
  if (is_regular_file(flat)) return flat;
  free(flat);

  size_t sub_length = strlen(name) + 1 + strlen(name);
  char *sub = malloc(sub_length + 1);
  if (!sub) goto out_of_memory;
  snprintf(sub, sub_length + 1, "%s/%s", name, name);
  char *nested = join_path(dir, sub, PLUGIN_SUFFIX);
  free(sub);
  if (!nested) goto out_of_memory;
  if (is_regular_file(nested)) return nested;
  free(nested);
  return NULL;

out_of_memory:
  *out_of_memory = 1;
  return NULL;
}

char *plugin_find(const plugin_search_path *path, const char *name) {
  if (!name || !*name) return NULL;
  if (strchr(name, '/') || ends_with(name, PLUGIN_SUFFIX)) return strdup(name);
  for (size_t i = 0; i < path->count; i++) {
    int out_of_memory = 0;
    char *found = find_in_dir(path->dirs[i], name, &out_of_memory);
    if (found || out_of_memory) return found;
  }
  return NULL;
}

/* }====================================================================== */

/* ** {======================================================================
** Opening and checking one plugin
** ======================================================================= */

/* Characters that need no quoting in a shell command. */
static int is_shell_safe(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         strchr("/._-+,:@%=", c) != NULL;
}

/* The file as a shell word the user can paste: single-quoted when it holds other
 * characters, and with "./" in front when it starts with '-' (chmod would read an
 * option). Returns a malloc'd string or NULL on out of memory. */
static char *shell_word(const char *file) {
  int safe = 1;
  size_t quotes = 0;
  for (const char *c = file; *c; c++) {
    if (!is_shell_safe(*c)) safe = 0;
    if (*c == '\'') quotes++;
  }
  const char *prefix = file[0] == '-' ? "./" : "";
  /* each ' becomes '\'' (3 more characters); 2 for the surrounding quotes */
  size_t length = strlen(prefix) + strlen(file) + (safe ? 0 : 2 + 3 * quotes);
  char *word = malloc(length + 1);
  if (!word) return NULL;
  char *w = word;
  if (!safe) *w++ = '\'';
  for (const char *p = prefix; *p; p++) *w++ = *p;
  for (const char *c = file; *c; c++) {
    if (*c == '\'' && !safe) {
      memcpy(w, "'\\''", 4);
      w += 4;
    } else {
      *w++ = *c;
    }
  }
  if (!safe) *w++ = '\'';
  *w = '\0';
  return word;
}

/* Whether a plugin file or one of its folders may be owned by owner: root, or
 * the user running sustain. Anyone else who owns it could change the code that
 * runs with this user's rights. */
static int is_trusted_owner(uid_t owner) { return owner == 0 || owner == geteuid(); }

/* Refuses a plugin whose file (folder NULL) or folder is owned by someone
 * untrusted, saying how to fix it. */
static int refuse_owner(const char *file, const char *folder, uid_t owner, diag_list *diags) {
  char *word = shell_word(folder ? folder : file);
  const char *shown = word ? word : folder ? folder : file;
  if (folder)
    diag_add(diags, file, 0, 0, "refusing plugin: its folder %s is owned by uid %u, who is "
             "neither root nor the user running sustain (uid %u) and could replace the plugin; "
             "make root or yourself its owner (`chown root %s`), or move the plugin to a "
             "folder of your own", shown, (unsigned)owner, (unsigned)geteuid(), shown);
  else
    diag_add(diags, file, 0, 0, "refusing plugin owned by uid %u, who is neither root nor the "
             "user running sustain (uid %u) and could change the code sustain runs; make root "
             "or yourself its owner (`chown root %s`), or copy it to a folder of your own",
             (unsigned)owner, (unsigned)geteuid(), shown);
  free(word);
  return -1;
}

/* Checks every folder above the canonical path of a plugin, up to /, as ssh's
 * StrictModes does: each must be owned by root or the running user, and must
 * not be writable by group or others unless its sticky bit is set. Whoever can
 * write a folder can rename the plugin (or a folder below) away and put their
 * own in its place; the sticky bit forbids that for entries they do not own,
 * and every entry on the way is owned by root or the user, so a plugin in
 * /tmp/x/ (/tmp 1777, x the user's 0755) is safe. */
static int check_folders(const char *file, char *canonical, diag_list *diags) {
  for (char *slash = strrchr(canonical, '/'); slash; slash = strrchr(canonical, '/')) {
    if (slash == canonical) slash[1] = '\0'; /* the root folder itself */
    else *slash = '\0';
    struct stat info;
    if (stat(canonical, &info) != 0) {
      diag_add(diags, file, 0, 0, "cannot check the plugin's folder %s: %s; check its "
               "permissions", canonical, strerror(errno));
      return -1;
    }
    if (!is_trusted_owner(info.st_uid))
      return refuse_owner(file, canonical, info.st_uid, diags);
    if ((info.st_mode & (S_IWGRP | S_IWOTH)) && !(info.st_mode & S_ISVTX)) {
      char *word = shell_word(canonical);
      diag_add(diags, file, 0, 0, "refusing plugin: its folder %s is writable by group or "
               "others, who could replace the plugin; run `chmod go-w %s`, or move the plugin "
               "to a folder only its owner can write", word ? word : canonical,
               word ? word : canonical);
      free(word);
      return -1;
    }
    if (slash == canonical) return 0;
  }
  return 0;
}

/* The checks before a plugin is opened: the file exists, is a regular file,
 * and only root or the running user can change it or the folders that hold it
 * (a plugin runs with the user's rights, so whoever can change it can run code
 * as the user). Links are followed first: the file they lead to is checked,
 * and *canonical (malloc'd) is the path to open, so that what is opened is what
 * was checked. */
static int check_file(const char *file, char **canonical, diag_list *diags) {
  *canonical = NULL;
  struct stat info;
  if (stat(file, &info) != 0) {
    if (errno == ENOENT || errno == ENOTDIR)
      diag_add(diags, file, 0, 0,
               "plugin not found; check the path, or build and install the plugin there");
    else
      diag_add(diags, file, 0, 0, "cannot read plugin: %s; check the permissions of the file "
               "and its folders", strerror(errno));
    return -1;
  }
  if (!S_ISREG(info.st_mode)) {
    diag_add(diags, file, 0, 0,
             "plugin is not a regular file; give the path of the plugin's .so file");
    return -1;
  }
  if (!is_trusted_owner(info.st_uid)) return refuse_owner(file, NULL, info.st_uid, diags);
  if (info.st_mode & (S_IWGRP | S_IWOTH)) {
    char *word = shell_word(file);
    diag_add(diags, file, 0, 0, "refusing plugin writable by group or others; run `chmod go-w %s`",
             word ? word : file);
    free(word);
    return -1;
  }
  char *path = realpath(file, NULL);
  if (!path) {
    diag_add(diags, file, 0, 0, "cannot resolve the plugin's path: %s; check the permissions of "
             "its folders", strerror(errno));
    return -1;
  }
  char *folders = strdup(path);
  int status = folders ? check_folders(file, folders, diags) : -1;
  if (!folders) diag_add(diags, file, 0, 0, "out of memory while checking plugin");
  free(folders);
  if (status != 0) {
    free(path);
    return -1;
  }
  *canonical = path;
  return 0;
}

/* One message for an option entry that lacks its name or description. */
static int check_options(const char *file, const sustain_option *options, diag_list *diags) {
  for (size_t i = 0; options[i].name; i++) {
    const sustain_option *option = &options[i];
    if (!option->name[0]) {
      diag_add(diags, file, 0, 0, "option %zu of the descriptor has an empty name; give every "
               "option a name and a description, then rebuild the plugin", i + 1);
      return -1;
    }
    if (!option->description || !option->description[0]) {
      diag_add(diags, file, 0, 0, "option `%s` has no description; give every option a name and "
               "a description, then rebuild the plugin", option->name);
      return -1;
    }
  }
  return 0;
}

/* The descriptor checks, in the order that keeps every read in bounds: the major
 * first (it fixes the layout), then the size, then the fields that size covers. */
static int check_descriptor(const char *file, const sustain_plugin_descriptor *descriptor,
                            diag_list *diags) {
  if (descriptor->abi_major != SUSTAIN_PLUGIN_ABI_MAJOR) {
    diag_add(diags, file, 0, 0, "plugin was built for plugin ABI %u.%u, but this sustain uses "
             "plugin ABI %d.%d; rebuild the plugin against this sustain's sustain/plugin.h "
             "(`pkg-config --cflags sustain-plugin`)",
             (unsigned)descriptor->abi_major, (unsigned)descriptor->abi_minor,
             SUSTAIN_PLUGIN_ABI_MAJOR, SUSTAIN_PLUGIN_ABI_MINOR);
    return -1;
  }
  if (descriptor->size < PLUGIN_DESCRIPTOR_MIN_SIZE) {
    diag_add(diags, file, 0, 0, "descriptor size is %u bytes, smaller than the %zu bytes of "
             "plugin ABI %d.0; rebuild the plugin against this sustain's sustain/plugin.h and "
             "set size to sizeof(sustain_plugin_descriptor)",
             (unsigned)descriptor->size, (size_t)PLUGIN_DESCRIPTOR_MIN_SIZE,
             SUSTAIN_PLUGIN_ABI_MAJOR);
    return -1;
  }

  /* one message listing every missing field, so one rebuild fixes them all */
  const char *missing[5];
  size_t missing_count = 0;
  if (!descriptor->name || !descriptor->name[0]) missing[missing_count++] = "name";
  if (!descriptor->version || !descriptor->version[0]) missing[missing_count++] = "version";
  if (!descriptor->description || !descriptor->description[0])
    missing[missing_count++] = "description";
  if (!descriptor->options) missing[missing_count++] = "options";
  if (!descriptor->load) missing[missing_count++] = "load";
  if (missing_count > 0) {
    char list[128] = "";
    for (size_t i = 0; i < missing_count; i++) {
      size_t used = strlen(list);
      snprintf(list + used, sizeof list - used, "%s`%s`", i ? ", " : "", missing[i]);
    }
    diag_add(diags, file, 0, 0, "descriptor is missing %s (NULL or empty); a plugin must set "
             "name, version, description, options and load: fix its sustain_plugin and rebuild it",
             list);
    return -1;
  }
  /* fields after load are read as the header's one rule says (SUSTAIN_DESCRIPTOR_HAS) */
  if (SUSTAIN_DESCRIPTOR_HAS(descriptor, count_parts) !=
      SUSTAIN_DESCRIPTOR_HAS(descriptor, load_part)) {
    diag_add(diags, file, 0, 0, "descriptor sets only one of `count_parts` and `load_part`; a "
             "plugin that loads sources in parts sets both (or neither): fix its sustain_plugin "
             "and rebuild it");
    return -1;
  }
  return check_options(file, descriptor->options, diags);
}

int plugin_loads_in_parts(const sustain_plugin_descriptor *descriptor) {
  return SUSTAIN_DESCRIPTOR_HAS(descriptor, count_parts) &&
         SUSTAIN_DESCRIPTOR_HAS(descriptor, load_part);
}

int plugin_open(const char *file, loaded_plugin *out, diag_list *diags) {
  *out = (loaded_plugin){0};
  /* the checked, absolute path: dlopen cannot search the library path for it */
  char *dl_path;
  if (check_file(file, &dl_path, diags) != 0) return -1;
  char *path = strdup(file);
  if (!dl_path || !path) {
    diag_add(diags, file, 0, 0, "out of memory while opening plugin");
    free(dl_path);
    free(path);
    return -1;
  }
  /* RTLD_NOW: a missing symbol is an error here, naming the file, not a crash
   * in the middle of a run. RTLD_LOCAL: plugins cannot see each other's symbols. */
  void *handle = dlopen(dl_path, RTLD_NOW | RTLD_LOCAL);
  free(dl_path);
  if (!handle) {
    const char *reason = dlerror();
    diag_add(diags, file, 0, 0, "cannot load plugin: %s; check that it is a plugin built for "
             "this system and that the libraries it needs are installed",
             reason ? reason : "unknown dlopen error");
    free(path);
    return -1;
  }

  dlerror(); /* clear any stale error so a NULL from dlsym is judged alone */
  const sustain_plugin_descriptor *descriptor = dlsym(handle, SUSTAIN_PLUGIN_SYMBOL);
  if (!descriptor) {
    diag_add(diags, file, 0, 0, "not a sustain plugin: it does not export `%s`; declare the "
             "descriptor with SUSTAIN_PLUGIN_DEFINE from sustain/plugin.h",
             SUSTAIN_PLUGIN_SYMBOL);
    goto refuse;
  }
  if (check_descriptor(file, descriptor, diags) != 0) goto refuse;

  *out = (loaded_plugin){path, handle, descriptor};
  return 0;

refuse:
  dlclose(handle);
  free(path);
  return -1;
}

void plugin_close(loaded_plugin *plugin) {
  if (plugin->handle) dlclose(plugin->handle);
  free(plugin->path);
  *plugin = (loaded_plugin){0};
}

/* }====================================================================== */

/* ** {======================================================================
** Listing every plugin on the search path
** ======================================================================= */

/* A growable array of strings: plugin names. */
typedef struct name_set {
  char **names;
  size_t count, capacity;
} name_set;

static int name_set_contains(const name_set *set, const char *name, size_t length) {
  for (size_t i = 0; i < set->count; i++)
    if (strncmp(set->names[i], name, length) == 0 && set->names[i][length] == '\0') return 1;
  return 0;
}

static int name_set_add(name_set *set, const char *name, size_t length) {
  if (grow_array((void **)&set->names, &set->capacity, set->count + 1, sizeof(char *)) != 0)
    return -1;
  char *copy = malloc(length + 1);
  if (!copy) return -1;
  memcpy(copy, name, length);
  copy[length] = '\0';
  set->names[set->count++] = copy;
  return 0;
}

static void name_set_free(name_set *set) {
  for (size_t i = 0; i < set->count; i++) free(set->names[i]);
  free(set->names);
  *set = (name_set){0};
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The length of the plugin name a folder entry may stand for: NAME for NAME.so
 * or for a folder NAME; 0 for none (hidden entries, "." and ".." included).
 * Returns -1 on out of memory. */
static int entry_name_length(const char *dir, const char *entry, size_t *length) {
  *length = 0;
  if (entry[0] == '.') return 0;
  if (ends_with(entry, PLUGIN_SUFFIX)) {
    *length = strlen(entry) - PLUGIN_SUFFIX_LENGTH;
    return 0;
  }
  char *full = join_path(dir, entry, NULL);
  if (!full) return -1;
  struct stat info;
  if (stat(full, &info) == 0 && S_ISDIR(info.st_mode)) *length = strlen(entry);
  free(full);
  return 0;
}

/* Collects, sorted, the names one folder may hold a plugin for that no earlier
 * folder claimed. Sorting makes the order of diagnostics independent of readdir.
 * A folder that does not exist is skipped quietly (the install folder of an
 * uninstalled build, say); one that cannot be read is reported. Returns -1 on
 * out of memory. */
static int collect_names(const char *dir, const name_set *seen, name_set *fresh,
                         diag_list *diags) {
  DIR *folder = opendir(dir);
  if (!folder) {
    if (errno != ENOENT)
      diag_add(diags, dir, 0, 0, "cannot read plugin folder: %s; fix its permissions or remove "
               "it from plugin_path and SUSTAIN_PLUGIN_PATH", strerror(errno));
    return 0;
  }
  int status = 0;
  for (struct dirent *entry; (entry = readdir(folder)) != NULL;) {
    size_t length;
    if (entry_name_length(dir, entry->d_name, &length) != 0) {
      status = -1;
      break;
    }
    if (length == 0 || name_set_contains(seen, entry->d_name, length) ||
        name_set_contains(fresh, entry->d_name, length)) /* NAME.so and NAME/: one name */
      continue;
    if (name_set_add(fresh, entry->d_name, length) != 0) {
      status = -1;
      break;
    }
  }
  closedir(folder);
  if (fresh->count > 1) qsort(fresh->names, fresh->count, sizeof(char *), compare_names);
  return status;
}

static int compare_plugins(const void *a, const void *b) {
  const loaded_plugin *left = a, *right = b;
  int by_name = strcmp(left->descriptor->name, right->descriptor->name);
  return by_name ? by_name : strcmp(left->path, right->path);
}

/* Appends plugin to the array, growing it; -1 on out of memory. */
static int plugins_append(loaded_plugin **plugins, size_t *count, size_t *capacity,
                          const loaded_plugin *plugin) {
  if (grow_array((void **)plugins, capacity, *count + 1, sizeof(loaded_plugin)) != 0) return -1;
  (*plugins)[(*count)++] = *plugin;
  return 0;
}

int plugin_list(const plugin_search_path *path, loaded_plugin **out, size_t *count,
                diag_list *diags) {
  *out = NULL;
  *count = 0;
  loaded_plugin *plugins = NULL;
  size_t plugin_count = 0, capacity = 0;
  name_set seen = {0}, fresh = {0};

  for (size_t d = 0; d < path->count; d++) {
    if (collect_names(path->dirs[d], &seen, &fresh, diags) != 0) goto out_of_memory;
    for (size_t i = 0; i < fresh.count; i++) {
      /* the same resolution as plugin_find, so the list shows what a config naming
       * the plugin would load: a folder NAME without NAME/NAME.so claims nothing,
       * while a broken plugin still hides later ones of its name */
      int out_of_memory = 0;
      char *file = find_in_dir(path->dirs[d], fresh.names[i], &out_of_memory);
      if (out_of_memory) goto out_of_memory;
      if (!file) continue;
      if (name_set_add(&seen, fresh.names[i], strlen(fresh.names[i])) != 0) {
        free(file);
        goto out_of_memory;
      }
      loaded_plugin plugin;
      int status = plugin_open(file, &plugin, diags);
      free(file);
      if (status != 0) continue; /* reported; the others are still listed */
      if (strcmp(plugin.descriptor->name, fresh.names[i]) != 0)
        diag_warn(diags, plugin.path, 0, 0, "the plugin calls itself '%s', but configs find it "
                  "by its file as '%s' (plugin = %s); give the descriptor's name and the file "
                  "the same name", plugin.descriptor->name, fresh.names[i], fresh.names[i]);
      if (plugins_append(&plugins, &plugin_count, &capacity, &plugin) != 0) {
        plugin_close(&plugin);
        goto out_of_memory;
      }
    }
    name_set_free(&fresh);
  }
  name_set_free(&seen);
  if (plugin_count > 1) qsort(plugins, plugin_count, sizeof(loaded_plugin), compare_plugins);
  *out = plugins;
  *count = plugin_count;
  return 0;

out_of_memory:
  name_set_free(&fresh);
  name_set_free(&seen);
  plugin_list_free(plugins, plugin_count);
  return -1;
}

void plugin_list_free(loaded_plugin *plugins, size_t count) {
  for (size_t i = 0; i < count; i++) plugin_close(&plugins[i]);
  free(plugins);
}

/* }====================================================================== */
