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


def main():
    with tempfile.TemporaryDirectory(prefix="sustain-authoring-") as work:
        failed_rule_is_located(work)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
