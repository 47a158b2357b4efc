/* layout.h: where the rule packs and plugins shipped with this program are. The program
 * decides it once, from where it runs: an executable inside the build tree it was built
 * in (SUSTAIN_BUILD_ROOT) is an uninstalled build, which reads the source tree's packs
 * and the build tree's plugins first, so it runs with no set-up; otherwise only the
 * installed folders count, found from the program's own folder as the install laid them
 * out (bin/../lib/.../sustain/plugins), so that an install staged with `meson install
 * --destdir` or moved elsewhere finds its own; the folders compiled in serve when none is
 * there (the program copied alone). The library receives the result (config_layout) and
 * never asks where the program is. */
#ifndef SUSTAIN_LAYOUT_H
#define SUSTAIN_LAYOUT_H

#include <limits.h>

#include "config.h"

/* The folders of one tree: shipped packs and shipped plugins. */
typedef struct layout_tree {
  const char *packs, *plugins;
} layout_tree;

/* Room for the installed folders found beside the program, which a config_layout from
 * layout_of_program points into: keep it as long as the layout. */
typedef struct layout_paths {
  char packs[PATH_MAX], plugins[PATH_MAX];
} layout_paths;

/* The layout for the executable at exe_path (canonical, as /proc/self/exe gives it; NULL
 * when unknown: taken as installed): the uninstalled tree first when exe_path lies inside
 * build_root (NULL or empty: never), then the installed one. The strings are not copied. */
void layout_choose(config_layout *out, const char *exe_path, const char *build_root,
                   layout_tree uninstalled, layout_tree installed);

/* The folder `relative` (a path of folders, '..' among them) taken from the folder of the
 * executable at exe_path (canonical), with each '..' taking off the folder before it, in
 * out. Returns 0, or -1 when exe_path is NULL or not absolute, relative is empty or
 * absolute, or the result does not fit in size bytes. */
int layout_beside(const char *exe_path, const char *relative, char *out, size_t size);

/* The layout of the running program, with this build's folders; paths holds the ones
 * found beside it. Cannot fail: an unreadable /proc/self/exe counts as an installed
 * program with the folders compiled in. */
void layout_of_program(config_layout *out, layout_paths *paths);

/* The folder of the templates `sustain init` writes from, found as the packs are: the
 * source tree's templates/ for an uninstalled build, else PREFIX/share/sustain/templates
 * beside the program, else the one compiled in. room holds the path when it is the one
 * beside the program. Cannot fail. */
const char *layout_templates_of_program(char *room, size_t size);

#endif
