# cases.sh: case results for the shell test scripts, printed as cmocka prints them, so
# that tests/summary.py counts them with the C tests (tests/cases.py does the same for
# the Python ones). Source it, report each case with ok, bad or skip, and end with
# finish. A skipped case says why on a line of its own, "skip reason: WHY", which
# summary.py gathers into the closing line of `make test`.
cases_passed=0 cases_failed=0 cases_skipped=0

ok() { cases_passed=$((cases_passed + 1)); echo "[       OK ] $1"; }

# bad NAME [LINE...]: a failed case, and the lines that say what went wrong
bad() {
  cases_failed=$((cases_failed + 1))
  echo "[  FAILED  ] $1"
  shift
  for line in "$@"; do echo "    $line"; done
}

# skip NAME WHY
skip() {
  cases_skipped=$((cases_skipped + 1))
  echo "[  SKIPPED ] $1"
  echo "skip reason: $2"
}

# finish [STATUS]: prints the totals and exits 1 when a case failed (or STATUS, the
# exit status of a program whose own cases were counted, says one of them did), 77
# (meson's skip) when a case was skipped and none failed, else 0.
finish() {
  echo "[==========] $((cases_passed + cases_failed + cases_skipped)) test(s) run."
  echo "[  PASSED  ] $cases_passed test(s)."
  [ "$cases_skipped" -gt 0 ] && echo "[  SKIPPED ] $cases_skipped test(s), listed below:"
  if [ "$cases_failed" -gt 0 ]; then
    echo "[  FAILED  ] $cases_failed test(s), listed below:"
    exit 1
  fi
  status=${1:-0}
  [ "$status" -ne 0 ] && [ "$status" -ne 77 ] && exit 1
  [ "$cases_skipped" -gt 0 ] || [ "$status" -eq 77 ] && exit 77
  exit 0
}
