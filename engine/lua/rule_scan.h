/* rule_scan.h: what `sustain check` can tell from a rule file's code without
 * running it, each a mistake that would fail the rule every time the line runs:
 *   - a global read that no rule file has and the file never defines (`return
 *     scroe`: "undefined global"), with the nearest local or global name;
 *   - a function the sandbox removes (print, io.open, os.time, string.dump...);
 *   - an a:action{...} written out in full with a field a:action does not know,
 *     or without one it needs (id, title, owner, effort, impact, why).
 * The file is compiled, never run, and the compiler's output read back
 * (bytecode.h), so locals, upvalues and globals are told apart exactly as Lua
 * does. A file that reaches its environment as a value (_G, _ENV, load) may define
 * globals no scan can see: its global reads are not judged. */
#ifndef SUSTAIN_RULE_SCAN_H
#define SUSTAIN_RULE_SCAN_H

#include "diag.h"
#include "sandbox.h"

/* Appends a diagnostic at file:line for each mistake in the rule file at path (named
 * display in messages); sb says which globals every rule file has. Returns 0, or -1 when
 * the file cannot be read or compiled (loading reports why) or this Lua's compiled form
 * is not one bytecode.h reads (then nothing is judged). */
int rule_scan_file(sandbox *sb, const char *path, const char *display, diag_list *findings);

#endif
