#!/usr/bin/env python3
"""debug(...) under hostile use: its limits, and that it opens no way out of the sandbox.

Usage: debug.py SUSTAIN SOURCE_ROOT

Each case adds one rule file (in the trap ingredient) to a copy of tests/hostile/fixture/
and runs `sustain run --format json`, with and without --trace, with one worker and with
two. A case passes when the plan is exactly the same with and without --trace (a rule
cannot tell whether its lines are shown, and debug(...) runs nothing of the rule's),
nothing reaches standard output but the plan, no debug line appears without --trace, and
the lines with it are what docs/security.md promises: at most SANDBOX_DEBUG_LINES
(100) a call then one line saying so, at most 1000 bytes of the rule's text, every
line whole and at most 4000 bytes, and nothing in them that could drive a terminal.
Prints a summary in cmocka's form for tests/summary.py.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cases import check, finish  # noqa: E402  (tests/cases.py)

SUSTAIN, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
FIXTURE = os.path.join(ROOT, "tests", "hostile", "fixture")
LINES_PER_CALL = 100     # SANDBOX_DEBUG_LINES
TEXT_BYTES = 1000        # SANDBOX_DEBUG_BYTES
LINE_BYTES = 4000        # SANDBOX_DEBUG_LINE_MAX
# What must never reach a terminal raw: C0 controls but the newline and the tab that
# separates arguments, DEL, C1 controls as UTF-8, and bidirectional overrides and isolates.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f\u202a-\u202e\u2066-\u2069]")


def make_pack(work, rule_file, authorities=0):
    """The fixture in work/pack with rule_file's text as rules/debug_case.lua, and, when
    asked, that many more authorities (for workers running at once)."""
    pack = os.path.join(work, "pack")
    shutil.rmtree(pack, ignore_errors=True)
    shutil.copytree(FIXTURE, pack)
    with open(os.path.join(pack, "rules", "debug_case.lua"), "w", encoding="utf-8") as f:
        f.write(rule_file)
    if authorities:
        ini = os.path.join(pack, "assessment.ini")
        with open(ini, encoding="utf-8") as f:
            text = f.read()
        extra = "".join(f"[authority extra{i:02d}]\nstage = pilot\n\n" for i in range(authorities))
        with open(ini, "w", encoding="utf-8") as f:
            f.write(text.replace("[limits]", extra + "[limits]"))
    return pack


def run(pack, *options):
    """sustain run in the pack; (status, stdout, stderr as bytes)."""
    p = subprocess.run([SUSTAIN, "run", "assessment.ini", "--format", "json", *options],
                       capture_output=True, timeout=120, cwd=pack)
    return p.returncode, p.stdout, p.stderr


def debug_lines(err):
    return [line for line in err.decode("utf-8", "replace").split("\n")
            if line.startswith("debug: ")]


def compare(name, pack, jobs="1"):
    """Runs with and without --trace; returns the traced stderr's debug lines, or None
    after reporting what broke a promise every case keeps."""
    quiet = run(pack, "--jobs", jobs)
    traced = run(pack, "--jobs", jobs, "--trace")
    problems = []
    if quiet[0] != traced[0]:
        problems.append(f"exit status {quiet[0]} without --trace, {traced[0]} with it")
    try:
        same = json.loads(quiet[1]) == json.loads(traced[1])
    except ValueError:
        same = False
        problems.append("standard output is not the plan alone")
    if not same:
        problems.append("the plan differs with --trace")
    if debug_lines(quiet[2]):
        problems.append("debug lines without --trace")
    if b"debug:" in traced[1]:
        problems.append("a debug line reached standard output")
    text = traced[2].decode("utf-8", "replace")
    if RAW_CONTROL.search(text):
        problems.append("a raw control character reached standard error")
    lines = debug_lines(traced[2])
    long = [len(line.encode()) for line in lines if len(line.encode()) > LINE_BYTES]
    if long:
        problems.append(f"lines longer than {LINE_BYTES} bytes: {long[:3]}")
    if problems:
        check(name, False, *problems, f"stderr: {text[:600]}")
        return None
    return lines


LOUD = """
rule {
  id = 'trap.loud', ingredient = 'trap', title = 'Writes a thousand lines a call',
  assess = function(a)
    for i = 1, 1000 do debug('line', i) end
    return 50
  end,
}
"""


def lines_per_call_are_limited(work):
    lines = compare("lines_per_call_are_limited", make_pack(work, LOUD))
    if lines is None:
        return
    north = [line for line in lines if "trap.loud (north)" in line]
    south = [line for line in lines if "trap.loud (south)" in line]
    notice = "further debug lines of this call are not shown (at most 100 a call)"
    check("lines_per_call_are_limited",
          len(north) == len(south) == LINES_PER_CALL + 1 and
          north[-1].endswith(notice) and north[0].endswith("line\t1") and
          north[-2].endswith("line\t100") and
          north[0].startswith("debug: rules/debug_case.lua:5: trap.loud (north): "),
          f"north {len(north)} lines, south {len(south)}", *north[:2], *north[-2:])


LONG = """
rule {
  id = 'trap.long', ingredient = 'trap', title = 'Writes a megabyte in one line',
  assess = function(a)
    debug(string.rep('x', 1000000))
    debug(string.rep('\\27', 2000))
    local t = {}
    for i = 1, 3000 do t['key' .. i] = string.rep('y', 50) end
    debug(t)
    return 50
  end,
}
"""


def text_per_line_is_limited(work):
    lines = compare("text_per_line_is_limited", make_pack(work, LONG))
    if lines is None:
        return
    north = [line.split("trap.long (north): ", 1)[1] for line in lines
             if "trap.long (north)" in line]
    ok = len(north) == 3
    ok = ok and north[0] == "x" * TEXT_BYTES + "..."
    ok = ok and north[1].startswith("\\x1b\\x1b") and north[1].endswith("...")
    ok = ok and north[2].startswith('{ key1 = "yyyy') and north[2].endswith("...")
    ok = ok and len(north[2]) <= TEXT_BYTES + 3
    check("text_per_line_is_limited", ok, *(line[:120] + f" ({len(line)} bytes)" for line in north))


ESCAPES = """
rule {
  id = 'trap.escapes', ingredient = 'trap', title = 'Writes what would drive a terminal',
  assess = function(a)
    debug('\\27]0;owned\\7', '\\27[2K\\r', '\\u{202E}reversed', '\\u{9B}31m', 'a\\0b', '\\n')
    debug({ ['\\27[31m'] = '\\27[0m' }, a.name)
    return 50
  end,
}
"""


def terminal_escapes_are_shown_escaped(work):
    lines = compare("terminal_escapes_are_shown_escaped", make_pack(work, ESCAPES))
    if lines is None:
        return
    north = [line.split("trap.escapes (north): ", 1)[1] for line in lines
             if "trap.escapes (north)" in line]
    want = ["\\x1b]0;owned\\x07\t\\x1b[2K\\r\t\\u202ereversed\t\\u009b31m\ta\\x00b\t\\n",
            '{ ["\\x1b[31m"] = "\\x1b[0m" }\tNorth']
    check("terminal_escapes_are_shown_escaped", north == want, f"got {north}", f"want {want}")


SNEAKY = """
-- A table whose metamethods would loop for ever, raise, or count how often they ran:
-- debug(...) runs none of them, and returns nothing, so the rule's score is the same
-- with --trace as without, and within the instruction limit.
local ran = 0
local sneaky = setmetatable({ 1, 2, name = 'x' }, {
  __tostring = function() ran = ran + 1; while true do end end,
  __index = function() ran = ran + 1; error('index') end,
  __pairs = function() ran = ran + 1; while true do end end,
  __len = function() ran = ran + 1; return 1e9 end,
  __name = 'sneaky',
})
rule {
  id = 'trap.sneaky', ingredient = 'trap', title = 'Hides code in metamethods',
  assess = function(a)
    local results = select('#', debug(sneaky, setmetatable({}, getmetatable(sneaky))))
    local nested = { inner = sneaky }
    debug(nested, a.data.people, a.attr)
    return 10 * ran + results + 40
  end,
}
"""


def no_rule_code_runs(work):
    pack = make_pack(work, SNEAKY)
    lines = compare("no_rule_code_runs", pack)
    if lines is None:
        return
    plan = json.loads(run(pack)[1])
    scores = [rule["score"] for a in plan["authorities"] for i in a["ingredients"]
              for rule in i["rules"] if rule["id"] == "trap.sneaky"]
    north = [line.split("trap.sneaky (north): ", 1)[1] for line in lines
             if "trap.sneaky (north)" in line]
    want = ['{ 1, 2, name = "x" }\t{}',
            "{ inner = {...} }\tview of people (5 rows)\t{ budget = \"yes\" }"]
    check("no_rule_code_runs", scores == [40, 40] and north == want,
          f"scores {scores} (40: no metamethod ran, debug returned nothing)", f"lines {north}")


MANY = """
rule {
  id = 'trap.busy', ingredient = 'trap', title = 'Writes long lines from every worker',
  assess = function(a)
    for i = 1, 100 do debug(a.id, i, string.rep(a.id, 40)) end
    return 50
  end,
}
"""


def workers_lines_never_mix(work):
    pack = make_pack(work, MANY, authorities=38)
    lines = compare("workers_lines_never_mix", pack, jobs="2")
    if lines is None:
        return
    whole = re.compile(r"^debug: rules/debug_case\.lua:5: trap\.busy \((\w+)\): (\w+)\t(\d+)\t(\w+)$")
    broken, per_authority = [], {}
    for line in lines:
        m = whole.match(line)
        if not m or m.group(1) != m.group(2) or m.group(4) != m.group(1) * 40:
            broken.append(line[:100])
        else:
            per_authority.setdefault(m.group(1), []).append(int(m.group(3)))
    in_order = all(numbers == list(range(1, 101)) for numbers in per_authority.values())
    check("workers_lines_never_mix", not broken and len(per_authority) == 40 and in_order,
          f"{len(broken)} broken lines: {broken[:3]}", f"{len(per_authority)} authorities")


CHECKS_AND_LOADING = """
debug('loading the file', #'abc')
check {
  id = 'trap_old_people', table = 'people', message = 'older than 20',
  where = function(a)
    debug('where for', a.id)
    return { age = { gt = 20 } }
  end,
}
"""


def checks_and_loading_name_themselves(work):
    lines = compare("checks_and_loading_name_themselves", make_pack(work, CHECKS_AND_LOADING))
    if lines is None:
        return
    want = ["debug: rules/debug_case.lua:2: loading the file\t3",
            "debug: rules/debug_case.lua:6: check trap_old_people (north): where for\tnorth",
            "debug: rules/debug_case.lua:6: check trap_old_people (south): where for\tsouth"]
    check("checks_and_loading_name_themselves", lines == want, f"got {lines}")


def main():
    with tempfile.TemporaryDirectory(prefix="sustain-debug-") as work:
        lines_per_call_are_limited(work)
        text_per_line_is_limited(work)
        terminal_escapes_are_shown_escaped(work)
        no_rule_code_runs(work)
        workers_lines_never_mix(work)
        checks_and_loading_name_themselves(work)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
