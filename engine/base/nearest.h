/* nearest.h: "did you mean": the known name nearest to one that was mistyped, for the
 * command line (commands, options, authority ids) and the config (keys). The names are
 * ours or the user's own, never data, so a suggestion can always be shown.
 * (A column a rule names is suggested by store/column_hint.c, which keeps its own rule
 * of nearness and never names a column that is far from what was asked.) */
#ifndef SUSTAIN_NEAREST_H
#define SUSTAIN_NEAREST_H

#include <stddef.h>

/* Names longer than this are never compared (nor suggested). */
#define NEAREST_MAX_NAME 64

/* How near a name must be to be suggested. */
typedef enum nearest_mode {
  /* The names are all there is (the options of a command, the keys of [limits]): a name
   * within a typo or two of what was typed (one edit for up to four characters, two for up
   * to eight, three for longer), or that what was typed begins (at least three
   * characters of it, and no other name begins so). */
  NEAREST_TYPO,
  /* Other names are allowed beside these (an authority's attributes beside its own keys,
   * a plugin's options beside a source's): only a slip of one edit, or a shortening to
   * more than half of the name and at least four characters, so that a name of one's own
   * is not taken for a typo. */
  NEAREST_SLIP
} nearest_mode;

/* The number of edits (insert, delete or change a character, or swap two neighbours)
 * that turn a into b, ASCII case ignored; SIZE_MAX when either is longer than
 * NEAREST_MAX_NAME. Cannot fail. */
size_t nearest_distance(const char *a, const char *b);

/* The name in names[0..count) nearest to typed as mode allows, the first of the nearest
 * on a tie; NULL when none is near enough or typed is one of them exactly. NULL entries
 * are skipped. Cannot fail. */
const char *nearest_name(const char *typed, const char *const *names, size_t count,
                         nearest_mode mode);

#endif
