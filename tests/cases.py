"""Case results for the Python test scripts, printed as cmocka prints them, so
tests/summary.py counts them with the C tests (tests/cases.sh does the same for
the shell ones): ok, bad, skip or check a case by name, then finish() prints the
totals and gives the exit status (77 when a case was skipped and none failed, as
meson reads it). A skipped case says why on a line of its own, "skip reason:
WHY", which summary.py gathers into the closing line of `make test`."""
import sys

_passed, _failed, _skipped = 0, [], []


def ok(name):
    global _passed
    _passed += 1
    print(f"[       OK ] {name}", flush=True)


def bad(name, *lines):
    _failed.append(name)
    print(f"[  FAILED  ] {name}")
    for line in lines:
        print(f"    {line}")
    sys.stdout.flush()


def skip(name, why):
    _skipped.append(name)
    print(f"[  SKIPPED ] {name}")
    print(f"skip reason: {why}", flush=True)


def check(name, condition, *lines):
    if condition:
        ok(name)
    else:
        bad(name, *lines)


def finish():
    print(f"[==========] {_passed + len(_failed) + len(_skipped)} test(s) run.")
    print(f"[  PASSED  ] {_passed} test(s).")
    if _skipped:
        print(f"[  SKIPPED ] {len(_skipped)} test(s), listed below:")
        for name in _skipped:
            print(f"[  SKIPPED ] {name}")
    if _failed:
        print(f"[  FAILED  ] {len(_failed)} test(s), listed below:")
        for name in _failed:
            print(f"[  FAILED  ] {name}")
        return 1
    return 77 if _skipped else 0
