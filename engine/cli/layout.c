/* layout.c: where the shipped packs and plugins are, for this program; see layout.h. */
#include "layout.h"

#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sustain_build.h"

/* True when path is root or inside it. A plain prefix test would put
 * /a/build2/sustain under /a/build, so the match must end on a '/'. Both paths are
 * compared as written: the caller passes canonical ones (/proc/self/exe is). */
static int path_is_under(const char *path, const char *root) {
  size_t length = strlen(root);
  if (length == 0) return 0;                         /* no build root configured */
  while (length > 0 && root[length - 1] == '/') length--; /* "/a/build/" is "/a/build" */
  return strncmp(path, root, length) == 0 && (path[length] == '/' || path[length] == '\0');
}

void layout_choose(config_layout *out, const char *exe_path, const char *build_root,
                   layout_tree uninstalled, layout_tree installed) {
  *out = (config_layout){0};
  if (exe_path && build_root && path_is_under(exe_path, build_root)) {
    out->pack_dirs[out->pack_dir_count++] = uninstalled.packs;
    out->plugin_dirs[out->plugin_dir_count++] = uninstalled.plugins;
  }
  out->pack_dirs[out->pack_dir_count++] = installed.packs;
  out->plugin_dirs[out->plugin_dir_count++] = installed.plugins;
}

int layout_beside(const char *exe_path, const char *relative, char *out, size_t size) {
  if (!exe_path || exe_path[0] != '/' || !relative || !*relative || relative[0] == '/')
    return -1;
  const char *slash = strrchr(exe_path, '/');
  size_t length = (size_t)(slash - exe_path); /* the executable's folder; 0 for / */
  if (length >= size) return -1;
  memcpy(out, exe_path, length);
  for (const char *part = relative; *part;) {
    size_t part_length = strcspn(part, "/");
    if (part_length == 2 && part[0] == '.' && part[1] == '.') {
      /* the folder is canonical, so its parent is the path without its last folder */
      while (length > 0 && out[length - 1] != '/') length--;
      if (length > 0) length--;
    } else if (part_length > 0 && !(part_length == 1 && part[0] == '.')) {
      if (length + 1 + part_length >= size) return -1;
      out[length++] = '/';
      memcpy(out + length, part, part_length);
      length += part_length;
    }
    part += part_length;
    if (*part == '/') part++;
  }
  if (length == 0) { /* the root folder itself */
    if (size < 2) return -1;
    out[length++] = '/';
  }
  out[length] = '\0';
  return 0;
}

/* folder in the tree beside the program when it is there, else the compiled-in one. */
static const char *installed_folder(const char *exe_path, const char *relative, char *room,
                                    size_t size, const char *compiled_in) {
  struct stat info;
  if (layout_beside(exe_path, relative, room, size) == 0 && stat(room, &info) == 0 &&
      S_ISDIR(info.st_mode))
    return room;
  return compiled_in;
}

void layout_of_program(config_layout *out, layout_paths *paths) {
  char exe[PATH_MAX];
  ssize_t length = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (length > 0) exe[length] = '\0';
  const char *exe_path = length > 0 ? exe : NULL;
  layout_tree installed = {
      installed_folder(exe_path, SUSTAIN_RULES_DIR_FROM_BIN, paths->packs, sizeof paths->packs,
                       SUSTAIN_INSTALL_RULES_DIR),
      installed_folder(exe_path, SUSTAIN_PLUGIN_DIR_FROM_BIN, paths->plugins,
                       sizeof paths->plugins, SUSTAIN_INSTALL_PLUGIN_DIR)};
  layout_choose(out, exe_path, SUSTAIN_BUILD_ROOT,
                (layout_tree){SUSTAIN_SOURCE_RULES_DIR, SUSTAIN_BUILD_PLUGIN_DIR}, installed);
}

const char *layout_templates_of_program(char *room, size_t size) {
  char exe[PATH_MAX];
  ssize_t length = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (length > 0) exe[length] = '\0';
  const char *exe_path = length > 0 ? exe : NULL;
  if (exe_path && path_is_under(exe_path, SUSTAIN_BUILD_ROOT)) return SUSTAIN_SOURCE_TEMPLATES_DIR;
  return installed_folder(exe_path, SUSTAIN_TEMPLATES_DIR_FROM_BIN, room, size,
                          SUSTAIN_INSTALL_TEMPLATES_DIR);
}
