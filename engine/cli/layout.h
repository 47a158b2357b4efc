/* layout.h: where the rule packs and plugins shipped with this program are. The program
 * decides it once, from where it runs: an executable inside the build tree it was built
 * in (SUSTAIN_BUILD_ROOT) is an uninstalled build, which reads the source tree's packs
 * and the build tree's plugins first, so it runs with no set-up; otherwise only the
 * installed folders count. The library receives the result (config_layout) and never
 * asks where the program is. */
#ifndef SUSTAIN_LAYOUT_H
#define SUSTAIN_LAYOUT_H

#include "config.h"

/* The folders of one tree: shipped packs and shipped plugins. */
typedef struct layout_tree {
  const char *packs, *plugins;
} layout_tree;

/* The layout for the executable at exe_path (canonical, as /proc/self/exe gives it; NULL
 * when unknown: taken as installed): the uninstalled tree first when exe_path lies inside
 * build_root (NULL or empty: never), then the installed one. The strings are not copied. */
void layout_choose(config_layout *out, const char *exe_path, const char *build_root,
                   layout_tree uninstalled, layout_tree installed);

/* The layout of the running program, with this build's folders. Cannot fail: an
 * unreadable /proc/self/exe counts as an installed program. */
void layout_of_program(config_layout *out);

#endif
