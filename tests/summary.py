#!/usr/bin/env python3
"""Runs the meson test suite in each build folder given and prints one line,
`N passed, N failed, N skipped`, counting the cases inside each test program
(cmocka's summary lines, which the Python and shell tests print too through
tests/cases.py and tests/cases.sh).

When cases were skipped the line says why, from the reasons the tests give:
every skipped case prints a line of its own, `skip reason: WHY`, as it skips
(tests/unit/test_skip.h's skip_because in C), and the closing line counts the
skipped cases by reason, e.g. `3 skipped: no PostgreSQL server (2); not run as
root: only root can give a file to another owner (1)`. Skipped cases that gave
no reason are counted as such, so a test that skips silently shows.

The tests keep cmocka's form rather than meson's TAP protocol, which would
count them without this script: cmocka 1.1.5 prints one TAP plan per group of
tests and meson refuses a second plan in one stream (test_csv runs six groups),
meson 1.0 leaves TAP's subtests out of testlog.json (only its JUnit file has
them), and `sustain test` prints its own closing line. Switching would mean
restructuring tests and wrapping the product's output to count the same."""
import collections
import json
import re
import subprocess
import sys

PASSED = re.compile(r"\[  PASSED  \] (\d+) test\(s\)\.")
FAILED = re.compile(r"\[  FAILED  \] (\d+) test\(s\), listed below:")
SKIPPED = re.compile(r"\[  SKIPPED \] (\d+) test\(s\)")
SKIP_REASON = re.compile(r"^skip reason: (.+)$", re.MULTILINE)
# `sustain test` (rule-pack tests) closes with its own line
RULE_TESTS = re.compile(r"^(\d+) passed, (\d+) failed$", re.MULTILINE)


def count_test(test, reasons):
    """The passed, failed and skipped cases of one test's log entry; adds its skip
    reasons to reasons."""
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
    given = SKIP_REASON.findall(output)
    reasons.update(reason.strip() for reason in given[:found[2]])
    if found[2] > len(given):
        reasons[f"no reason given by the test {test['name']}"] += found[2] - len(given)
    return found


def count(build, reasons):
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
            totals = [a + b for a, b in zip(totals, count_test(test, reasons))]
    if run.returncode != 0 and totals[1] == 0:
        totals[1] = 1
    return totals


def closing_line(totals, reasons):
    passed, failed, skipped = totals
    line = f"{passed} passed, {failed} failed, {skipped} skipped"
    if skipped:
        line += ": " + "; ".join(f"{reason} ({n})" for reason, n in
                                 sorted(reasons.items(), key=lambda item: (-item[1], item[0])))
    return line


def main():
    totals, reasons = [0, 0, 0], collections.Counter()
    for build in sys.argv[1:]:
        totals = [a + b for a, b in zip(totals, count(build, reasons))]
    print(closing_line(totals, reasons))
    return 1 if totals[1] else 0


if __name__ == "__main__":
    sys.exit(main())
