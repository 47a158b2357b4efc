#!/usr/bin/env python3
"""What a rule-pack author meets when something goes wrong, through the command line.

Usage: authoring.py SUSTAIN SOURCE_ROOT

Each case writes a small pack (tests/cli/authoring/: a model, a rule file, a CSV and an
INI) into a scratch folder, changes what it is about, and runs the built `sustain` as an
author would: `run` (a failed rule's standard-error line names where it failed;
`--trace` shows debug(...) lines on standard error and never in the plan), `check`
(the static checks of each rule file, and `--dry-run`), and `test` (a test of one rule
runs that rule alone; a failure shows the rule's own error once located; debug lines of
failing tests, and of every test with -v). Prints a summary in cmocka's form for
tests/summary.py.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cases import check, finish  # noqa: E402  (tests/cases.py)

SUSTAIN, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
FIXTURE = os.path.join(ROOT, "tests", "cli", "authoring")


def make_pack(work, files=None):
    """A fresh copy of the fixture in work/pack, with files {relative path: text} added
    or replaced (None removes one); returns the folder, where sustain then runs, so
    that messages name files as rules/x.lua."""
    pack = os.path.join(work, "pack")
    shutil.rmtree(pack, ignore_errors=True)
    shutil.copytree(FIXTURE, pack)
    for path, text in (files or {}).items():
        if text is None:
            os.remove(os.path.join(pack, path))
            continue
        with open(os.path.join(pack, path), "w", encoding="utf-8") as f:
            f.write(text)
    return pack


def sustain(pack, *arguments):
    """Runs sustain in the pack's folder; (exit status, stdout, stderr)."""
    p = subprocess.run([SUSTAIN, *arguments], capture_output=True, text=True, timeout=120,
                       cwd=pack)
    return p.returncode, p.stdout, p.stderr


FAILING_RULE = """
rule {
  id = "voice.fails", ingredient = "voice", title = "Fails",
  assess = function(a)
    local n = #a.data.people
    error("no good: " .. n)
  end,
}
"""


def failed_rule_is_located(work):
    """The standard-error line of a failed rule says where it failed, as the plan does."""
    pack = make_pack(work, {"rules/fails.lua": FAILING_RULE})
    status, out, err = sustain(pack, "run", "assessment.ini", "--format", "json")
    errors = json.loads(out)["errors"] if status == 3 else []
    check("failed_rule_is_located", status == 3 and
          "sustain: north: rule voice.fails failed: rules/fails.lua:6: no good: 3\n" in err and
          "sustain: south: rule voice.fails failed: rules/fails.lua:6: no good: 2\n" in err and
          [(e["file"], e["line"]) for e in errors] == [("rules/fails.lua", 6)] * 2,
          f"status {status}", f"stderr: {err}", f"errors: {errors}")


TRACED_RULE = """
rule {
  id = "voice.traced", ingredient = "voice", title = "Traced",
  assess = function(a)
    local share, n = a.data.people:share { changed = "yes" }
    debug("share", share, "of", n)
    return 100 * share
  end,
}
"""


def trace_shows_debug_lines(work):
    """--trace shows each debug(...) line on standard error, in plan order with one
    worker; without it nothing is shown, and the plan never holds them."""
    pack = make_pack(work, {"rules/traced.lua": TRACED_RULE})
    quiet = sustain(pack, "run", "assessment.ini", "--jobs", "1", "-o", "quiet.json")
    traced = sustain(pack, "run", "assessment.ini", "--jobs", "1", "--trace", "-o", "traced.json")
    with open(os.path.join(pack, "quiet.json"), encoding="utf-8") as f:
        quiet_plan = f.read()
    with open(os.path.join(pack, "traced.json"), encoding="utf-8") as f:
        traced_plan = f.read()
    want = ("debug: rules/traced.lua:6: voice.traced (north): share\t0.66666666666667\tof\t3\n"
            "debug: rules/traced.lua:6: voice.traced (south): share\t0.0\tof\t2\n")
    check("trace_shows_debug_lines",
          quiet[0] == traced[0] == 0 and traced[2] == want and "debug" not in quiet[2] and
          quiet_plan == traced_plan and "share\t" not in traced_plan and traced[1] == "",
          f"status {quiet[0]}, {traced[0]}", f"stderr with --trace: {traced[2]!r}",
          f"without: {quiet[2]!r}")


DEBUG_TESTS = """
test("passes quietly", function(t)
  debug("in a passing test")
  local r = t:run { rule = "voice.traced", data = { people = { { changed = "yes" } } } }
  t:near(r.rules["voice.traced"].score, 100)
end)

test("fails loudly", function(t)
  debug("in a failing test")
  local r = t:run { rule = "voice.traced", data = { people = { { changed = "no" } } } }
  t:near(r.rules["voice.traced"].score, 100)
end)
"""


def test_debug_lines(work):
    """sustain test shows a failing test's debug lines, its own and its rules', after its
    failure; -v lists every test with its lines."""
    pack = make_pack(work, {"rules/traced.lua": TRACED_RULE, "rules/traced_test.lua": DEBUG_TESTS})
    status, out, err = sustain(pack, "test", "rules")
    want_err = ("debug: rules/traced_test.lua:9: test fails loudly: in a failing test\n"
                "debug: rules/traced.lua:6: voice.traced (test): share\t0.0\tof\t1\n")
    check("test_debug_lines", status == 1 and err == want_err and
          "rules/traced_test.lua:11: fails loudly: expected 100 (within 0.001), got 0\n" in out and
          "passes quietly" not in out and "1 passed, 1 failed" in out,
          f"status {status}", f"stdout: {out}", f"stderr: {err!r}")
    status, out, err = sustain(pack, "test", "rules", "-v")
    check("test_debug_lines_verbose", status == 1 and
          err == "debug: rules/traced_test.lua:3: test passes quietly: in a passing test\n"
                 "debug: rules/traced.lua:6: voice.traced (test): share\t1.0\tof\t1\n" + want_err and
          out.startswith("rules/traced_test.lua:2: passes quietly: passed\n"
                         "rules/traced_test.lua:11: fails loudly: expected 100"),
          f"status {status}", f"stdout: {out}", f"stderr: {err!r}")


def main():
    with tempfile.TemporaryDirectory(prefix="sustain-authoring-") as work:
        failed_rule_is_located(work)
        trace_shows_debug_lines(work)
        test_debug_lines(work)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
