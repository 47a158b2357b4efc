/* layout.c: where the shipped packs and plugins are, for this program; see layout.h. */
#include "layout.h"

#include <limits.h>
#include <string.h>
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

void layout_of_program(config_layout *out) {
  char exe[PATH_MAX];
  ssize_t length = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (length > 0) exe[length] = '\0';
  layout_choose(out, length > 0 ? exe : NULL, SUSTAIN_BUILD_ROOT,
                (layout_tree){SUSTAIN_SOURCE_RULES_DIR, SUSTAIN_BUILD_PLUGIN_DIR},
                (layout_tree){SUSTAIN_INSTALL_RULES_DIR, SUSTAIN_INSTALL_PLUGIN_DIR});
}
