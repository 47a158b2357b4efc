#!/usr/bin/env python3
"""Loading and testing under the watch (engine/watch.c), through the command line.

Usage: run.py SUSTAIN SOURCE_ROOT TEST_PLUGIN_DIR

Plugins that crash, abort, exit(0), exit(1), hang, or print to standard output
(tests/plugins/unruly.c); an SQLite file with a recursive view; rule files whose
top-level code, or a check's filter, runs a pattern match that backtracks for
ever; *_test.lua files that do the same. Each must end `sustain run`, `check`
or `test` with a message located at the config line or the file, the right
exit status (1: no plan), nothing on standard output but a plan, and within the
time limit and a little. Then: signals reach the work and leave no process
behind. Prints a summary in cmocka's form for tests/summary.py.
"""
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cases import bad, finish, ok  # noqa: E402  (tests/cases.py)
from processes import alive, descendants  # noqa: E402  (tests/processes.py)

SUSTAIN, ROOT, PLUGINS = sys.argv[1], sys.argv[2], sys.argv[3]
FIXTURE = os.path.join(ROOT, "tests", "hostile", "fixture")
UNRULY = os.path.join(PLUGINS, "unruly.so")
# A pattern match that backtracks for ever inside one C call, where no Lua hook runs.
BACKTRACK = "string.rep('a', 30000):find(('a-'):rep(30) .. 'b')"
# Slack for a loaded machine and the sanitizer build, beyond a case's own limit.
SLACK = 6.0

# Under AddressSanitizer a segmentation fault is caught and ends the process with
# exit status 1, and a leak check at exit() may change the status: either is
# how the work ended, and the message says which.
CRASHED = r"the plugin (crashed while loading this source \(signal {signal}, [^)]*\)|" \
          r"ended the whole process while loading this source \(exit status \d+\))"
EXITED = r"the plugin ended the whole process while loading this source \(exit status \d+\)"


def run(args, timeout=120, cwd=None):
    start = time.monotonic()
    try:
        p = subprocess.run([SUSTAIN, *args], capture_output=True, text=True, timeout=timeout,
                           cwd=cwd)
    except subprocess.TimeoutExpired:
        return None, "", f"still running after {timeout} s", timeout
    return p.returncode, p.stdout, p.stderr, time.monotonic() - start


def line_of(path, text):
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.startswith(text):
                return number
    raise ValueError(f"{text} not in {path}")


def make_pack(work, sources="", limits="", rule_files=None):
    """The hostile fixture (model, good rules, people.csv) in work/pack, with extra
    [source] sections, [limits] keys and rule files; returns the INI's path."""
    pack = os.path.join(work, "pack")
    shutil.rmtree(pack, ignore_errors=True)
    shutil.copytree(FIXTURE, pack)
    ini = os.path.join(pack, "assessment.ini")
    with open(ini, encoding="utf-8") as f:
        text = f.read()
    text = text.replace("[limits]\n", f"{sources}\n[limits]\n{limits}")
    if "instructions" in limits:  # the fixture's own is replaced
        text = text.replace("instructions = 1000000\n", "", 1)
    with open(ini, "w", encoding="utf-8") as f:
        f.write(text)
    for name, body in (rule_files or {}).items():
        with open(os.path.join(pack, "rules", name), "w", encoding="utf-8") as f:
            f.write(body)
    return ini


def unruly(name, act):
    return f"\n[source {name}]\nplugin = {UNRULY}\nact = {act}\nshared = yes\n"


def expect(name, result, status, within, out_empty=True, patterns=(), absent=()):
    """Checks one command's result: exit status, time, an empty standard output
    and messages on standard error (regular expressions)."""
    got, out, err, seconds = result
    problems = []
    if got != status:
        problems.append(f"exit status {got}, expected {status}")
    if seconds > within:
        problems.append(f"took {seconds:.1f} s, more than {within} s")
    if out_empty and out:
        problems.append(f"standard output is not empty: {out[:300]!r}")
    for pattern in patterns:
        if not re.search(pattern, err):
            problems.append(f"stderr lacks {pattern!r}")
    for text in absent:
        if text in err or text in out:
            problems.append(f"the output holds {text!r}")
    if problems:
        bad(name, *problems, f"stderr: {err[:900]}")
    else:
        ok(name)


def plugin_cases(work):
    # a crash in one source, and a problem in another: both reported, at their lines
    ini = make_pack(work, unruly("crashy", "crash") +
                    "\n[source missing]\nplugin = csv\npath = nowhere.csv\nshared = yes\n")
    line = line_of(ini, "[source crashy]")
    crashed = rf"assessment.ini:{line}: source crashy \(plugin [^)]*unruly.so\): " + \
        CRASHED.format(signal=11)
    for command in ("run", "check"):
        args = [command, ini] + (["--format", "json"] if command == "run" else [])
        expect(f"plugin_crash_{command}", run(args), 1, SLACK,
               patterns=[crashed, r"assessment.ini:\d+: cannot read '.*nowhere.csv'"])

    ini = make_pack(work, unruly("aborts", "abort"))
    line = line_of(ini, "[source aborts]")
    expect("plugin_abort", run(["run", ini, "--format", "json"]), 1, SLACK,
           patterns=[rf"assessment.ini:{line}: source aborts \(plugin [^)]*\): " +
                     CRASHED.format(signal=6)])

    for act in ("exit0", "exit1"):
        ini = make_pack(work, unruly("quits", act))
        line = line_of(ini, "[source quits]")
        plan = os.path.join(work, "plan.json")
        with open(plan, "w", encoding="utf-8") as f:
            f.write("the previous plan\n")
        result = run(["run", ini, "--format", "json", "--output", plan])
        expect(f"plugin_{act}", result, 1, SLACK,
               patterns=[rf"assessment.ini:{line}: source quits \(plugin [^)]*\): " + EXITED,
                         "no plan written"])
        with open(plan, encoding="utf-8") as f:
            if f.read() != "the previous plan\n":
                bad(f"plugin_{act}_keeps_plan", "the previous plan was changed")
            else:
                ok(f"plugin_{act}_keeps_plan")

    # crashes on two threads at once: the next attempt loads one at a time, so
    # each is put down to its own source
    ini = make_pack(work, unruly("crashy", "crash") + unruly("aborts", "abort"))
    expect("plugin_crashes_on_threads", run(["run", ini, "--jobs", "2"]), 1, SLACK,
           patterns=[r"source crashy \(plugin [^)]*\): " + CRASHED.format(signal=11),
                     r"source aborts \(plugin [^)]*\): " + CRASHED.format(signal=6)])

    # a thread a plugin left behind crashes while the rules run: no phase to blame,
    # so sustain says it does not know which part failed, and writes no plan
    slow = {"zz_slow.lua": "rule { id = 'trap.slow', ingredient = 'trap', title = 'Counts',\n"
                           "  assess = function(a) local n = 0\n"
                           "    for i = 1, 3e8 do n = n + 1 end return 50 end }\n"}
    ini = make_pack(work, unruly("stray", "stray"), limits="instructions = 2000000000\n",
                    rule_files=slow)
    expect("plugin_stray_thread", run(["run", ini, "--format", "json"]), 1, 60,
           patterns=[r"sustain: the work stopped unexpectedly \((signal 11, [^)]*|exit status \d+)"
                     r"\) while no source, rule file or test was loading or running"])

    # a plugin that prints: the JSON plan on standard output is untouched
    ini = make_pack(work, unruly("noisy", "print"))
    status, out, err, seconds = run(["run", ini, "--format", "json"])
    try:
        plan = json.loads(out)
        parsed = "authorities" in plan
    except ValueError:
        parsed = False
    if status == 0 and parsed and "UNRULY" not in out and "UNRULY-BUFFERED" in err and \
            "UNRULY-DIRECT" in err:
        ok("plugin_print")
    else:
        bad("plugin_print", f"exit status {status}, plan parsed: {parsed}",
            f"stdout: {out[:200]!r}", f"stderr: {err[:400]!r}")

    # a plugin that never returns is stopped after source_seconds and a little more;
    # one that asks the host whether to stop stops at source_seconds itself
    ini = make_pack(work, unruly("stuck", "hang"), limits="source_seconds = 1\n")
    line = line_of(ini, "[source stuck]")
    limit = rf"assessment.ini:{line}: source stuck \(plugin [^)]*\): did not finish loading " \
            r"within 1 s; raise \[limits\] source_seconds"
    expect("plugin_hang_run", run(["run", ini, "--format", "json"]), 1, 3 + SLACK,
           patterns=[limit])
    expect("plugin_hang_check", run(["check", ini]), 1, 3 + SLACK, patterns=[limit])
    ini = make_pack(work, unruly("stuck", "polite"), limits="source_seconds = 1\n")
    status, out, err, seconds = run(["run", ini])
    expect("plugin_polite", (status, out, err, seconds), 1, 1 + SLACK, patterns=[limit])
    if status == 1 and seconds >= 1.9:
        # the supervisor stops a phase 2 s after the limit: stopping earlier shows
        # the plugin stopped when asked
        bad("plugin_polite_stops_when_asked", f"took {seconds:.1f} s: stopped by force?")
    else:
        ok("plugin_polite_stops_when_asked")


def sqlite_cases(work):
    database = os.path.join(work, "endless.sqlite")
    db = sqlite3.connect(database)
    db.executescript("""
        PRAGMA page_size = 1024;
        CREATE TABLE seed (la TEXT, n INTEGER);
        INSERT INTO seed VALUES ('north', 1);
        CREATE VIEW endless AS
          WITH RECURSIVE r(la, n) AS (SELECT la, n FROM seed UNION ALL SELECT la, n + 1 FROM r)
          SELECT la, n FROM r;
    """)
    db.commit()
    db.close()
    size = os.path.getsize(database)
    ini = make_pack(work, "\n[source endless]\nplugin = sqlite\npath = ../endless.sqlite\n"
                    "table = endless\nauthority_column = la\n"
                    "\n[source counted]\nplugin = sqlite\npath = ../endless.sqlite\n"
                    "query = SELECT count(*) AS n FROM endless\nshared = yes\n",
                    limits="source_seconds = 1\n")
    rows = line_of(ini, "[source endless]")
    counted = line_of(ini, "[source counted]")
    if size > 4096:
        bad("sqlite_file_is_small", f"{size} bytes")
    else:
        ok("sqlite_file_is_small")
    expect("sqlite_recursive_view", run(["run", ini, "--format", "json"]), 1, 1 + SLACK,
           patterns=[rf"assessment.ini:{rows}: source endless \(plugin sqlite\): did not finish "
                     r"loading within 1 s",
                     rf"assessment.ini:{counted}: source counted \(plugin sqlite\): did not "
                     r"finish loading within 1 s",
                     r"endless.sqlite: stopped reading the query after 0 rows, as sustain asked"])


def rule_cases(work):
    top = {"zz_trap_top.lua": f"-- backtracks while the file loads\nlocal found = {BACKTRACK}\n",
           "aa_broken.lua": "rule {\n"}
    ini = make_pack(work, limits="seconds = 1\n", rule_files=top)
    for command in ("run", "check"):
        expect(f"rule_file_backtracks_{command}", run([command, ini]), 1, 1 + SLACK,
               patterns=[r"rules/zz_trap_top.lua: time limit of 1 s exceeded while the file's "
                         r"top-level code ran .*raise \[limits\] seconds",
                         r"rules/aa_broken.lua:\d+: "])
    # on two threads the pack's files load beside the sources: a file that backtracks
    # while a source hangs on the other thread is put down to the file, the source to
    # its own line
    ini = make_pack(work, unruly("stuck", "hang"), limits="seconds = 1\nsource_seconds = 1\n",
                    rule_files=top)
    line = line_of(ini, "[source stuck]")
    expect("rule_file_backtracks_beside_a_source", run(["run", ini, "--jobs", "2"]), 1,
           3 + SLACK,
           patterns=[r"rules/zz_trap_top.lua: time limit of 1 s exceeded while the file's "
                     r"top-level code ran",
                     rf"assessment.ini:{line}: source stuck \(plugin [^)]*\): did not finish "
                     r"loading within 1 s"])
    check = {"zz_trap_check.lua": "check {\n  id = 'trap.check', table = 'people',\n"
                                  "  message = 'rows the filter finds',\n"
                                  f"  where = {{ la = {BACKTRACK} and 'x' or 'north' }},\n}}\n"}
    ini = make_pack(work, limits="seconds = 1\n", rule_files=check)
    expect("check_filter_backtracks", run(["check", ini]), 1, 1 + SLACK,
           patterns=[r"rules/zz_trap_check.lua: time limit of 1 s exceeded while the file's "
                     r"top-level code ran"])


TESTS = """-- four tests: one passes, one backtracks for ever, one fails, one passes
test("passes", function(t) t:eq(1 + 1, 2) end)

test("backtracks", function(t)
  t:ok(%s)
end)

test("fails", function(t) t:eq(1, 2) end)
test("passes too", function(t)
  local r = t:run { rule = 'voice.library' }
  t:eq(r.rules['voice.library'].status, 'assessed')
end)
""" % BACKTRACK


def test_cases(work):
    pack = os.path.dirname(make_pack(work))
    rules = os.path.join(pack, "rules")
    with open(os.path.join(rules, "trap_test.lua"), "w", encoding="utf-8") as f:
        f.write(TESTS)
    status, out, err, seconds = run(["test", "--seconds", "1", rules])
    problems = []
    if status != 1:
        problems.append(f"exit status {status}, expected 1")
    if seconds > 1 + SLACK:
        problems.append(f"took {seconds:.1f} s")
    for pattern in (r"rules/trap_test.lua:4: backtracks: time limit of 1 s exceeded .*raise "
                    r"--seconds", r"rules/trap_test.lua:8: fails: expected 2, got 1",
                    r"(?m)^2 passed, 2 failed$"):
        if not re.search(pattern, out):
            problems.append(f"stdout lacks {pattern!r}")
    if problems:
        bad("test_backtracks", *problems, f"stdout: {out[:800]}", f"stderr: {err[:400]}")
    else:
        ok("test_backtracks")

    with open(os.path.join(rules, "trap_test.lua"), "w", encoding="utf-8") as f:
        f.write(f"local found = {BACKTRACK}\ntest('never declared', function(t) end)\n")
    with open(os.path.join(rules, "fine_test.lua"), "w", encoding="utf-8") as f:
        f.write("test('fine', function(t) t:ok(true) end)\n")
    status, out, err, seconds = run(["test", "--seconds", "1", rules])
    if status == 1 and seconds <= 1 + SLACK and \
            re.search(r"rules/trap_test.lua: \(loading the file\): time limit of 1 s", out) and \
            re.search(r"(?m)^1 passed, 1 failed$", out):
        ok("test_file_backtracks")
    else:
        bad("test_file_backtracks", f"exit status {status}, {seconds:.1f} s",
            f"stdout: {out[:800]}", f"stderr: {err[:400]}")


def signal_cases(work):
    """A signal to sustain reaches its work, and leaves no process behind, whether
    the work is loading (a plugin that hangs) or assessing (a rule that does)."""
    hang = make_pack(work, unruly("stuck", "hang"), limits="source_seconds = 120\n")
    rule = {"zz_trap.lua": "rule { id = 'trap.find', ingredient = 'trap', title = 'Backtracks',\n"
                           f"  assess = function(a) return {BACKTRACK} and 1 or 2 end }}\n"}
    assess_dir = os.path.join(work, "assess")
    os.makedirs(assess_dir, exist_ok=True)
    assess = make_pack(assess_dir, limits="seconds = 120\n", rule_files=rule)
    for phase, ini, least in (("loading", hang, 1), ("assessing", assess, 2)):
        for name in ("SIGTERM", "SIGINT", "SIGKILL"):
            case = f"signal_{name}_{phase}"
            sustain = subprocess.Popen([SUSTAIN, "run", ini, "--jobs", "1", "--quiet"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                       restore_signals=True)
            below, deadline = [], time.monotonic() + 20
            while len(below) < least and time.monotonic() < deadline:
                time.sleep(0.1)
                below = descendants(sustain.pid)
            time.sleep(0.5)
            sustain.send_signal(getattr(signal, name))
            status = sustain.wait()
            deadline = time.monotonic() + 5
            while any(alive(p) for p in below) and time.monotonic() < deadline:
                time.sleep(0.05)
            left = [p for p in below if alive(p)]
            for p in left:
                os.kill(p, signal.SIGKILL)
            if len(below) < least:
                bad(case, f"{len(below)} processes below sustain, expected {least}")
            elif left:
                bad(case, f"processes {left} outlived sustain")
            elif status != -getattr(signal, name):
                bad(case, f"sustain ended with {status}, not by {name}")
            else:
                ok(case)


def main():
    with tempfile.TemporaryDirectory(prefix="sustain-watch-") as work:
        plugin_cases(work)
        sqlite_cases(work)
        rule_cases(work)
        test_cases(work)
        signal_cases(work)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
