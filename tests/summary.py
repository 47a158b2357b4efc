#!/usr/bin/env python3
"""Runs the meson test suite in each build folder given and prints one line,
`N passed, N failed, N skipped`, counting the cases inside each test program
(cmocka's summary lines, which the command-line tests print too)."""
import json
import re
import subprocess
import sys

PASSED = re.compile(r"\[  PASSED  \] (\d+) test\(s\)\.")
FAILED = re.compile(r"\[  FAILED  \] (\d+) test\(s\), listed below")
SKIPPED = re.compile(r"\[  SKIPPED \] (\d+) test\(s\)")
# `sustain test` (rule-pack tests) closes with its own line
RULE_TESTS = re.compile(r"^(\d+) passed, (\d+) failed$", re.MULTILINE)


def count(build):
    run = subprocess.run(["meson", "test", "-C", build, "--print-errorlogs"])
    totals = [0, 0, 0]
    with open(f"{build}/meson-logs/testlog.json", encoding="utf-8") as log:
        for line in log:
            try:
                test = json.loads(line)
            except ValueError:  # a log written over by another run: trust nothing in it
                print(f"summary: unreadable line in {build}/meson-logs/testlog.json",
                      file=sys.stderr)
                totals[1] += 1
                continue
            output = (test.get("stdout") or "") + (test.get("stderr") or "")
            found = [sum(int(n) for n in pattern.findall(output))
                     for pattern in (PASSED, FAILED, SKIPPED)]
            for passed, failed in RULE_TESTS.findall(output):
                found[0] += int(passed)
                found[1] += int(failed)
            # exit status 77 is meson's SKIP: its SKIPPED lines count, it is no failure
            ok = test["result"] in ("OK", "SKIP")
            if not any(found):  # crashed or printed nothing countable
                found = [0, 0, 1] if test["result"] == "SKIP" else [1, 0, 0] if ok else [0, 1, 0]
            elif not ok and found[1] == 0:  # died after its summary, or leaked
                found[1] = 1
            totals = [a + b for a, b in zip(totals, found)]
    if run.returncode != 0 and totals[1] == 0:
        totals[1] = 1
    return totals


def main():
    totals = [0, 0, 0]
    for build in sys.argv[1:]:
        totals = [a + b for a, b in zip(totals, count(build))]
    passed, failed, skipped = totals
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
