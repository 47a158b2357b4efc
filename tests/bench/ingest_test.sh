#!/bin/sh
# sustain-bench-ingest (make bench) on the example assessment: it must load every
# source and report what it read, bytes and rows (header lines left out), with one
# thread and with two, and refuse a run count of 0. Prints cmocka's summary lines
# for tests/summary.py. Usage: ingest_test.sh SUSTAIN_BENCH_INGEST SOURCE_ROOT
set -u
INGEST=$1
EXAMPLE=$2/examples/three-authorities
. "$(dirname "$0")/../cases.sh"

bytes=0 rows=0
for f in $(sed -n 's/^path = //p' "$EXAMPLE/assessment.ini"); do
  bytes=$((bytes + $(wc -c <"$EXAMPLE/$f")))
  rows=$((rows + $(wc -l <"$EXAMPLE/$f") - 1))
done
for threads in 1 2; do
  if ! out=$("$INGEST" "$EXAMPLE/assessment.ini" 3 "$threads" 2>&1); then
    bad "threads_$threads" "exit status $?: $out"
    continue
  fi
  case $out in
  "median "*" s, fastest "*" s; $bytes bytes, $rows rows; "*" MB/s, "*" rows/s") ok "threads_$threads" ;;
  *) bad "threads_$threads" "printed: $out (expected $bytes bytes, $rows rows)" ;;
  esac
done
if "$INGEST" "$EXAMPLE/assessment.ini" 0 1 >/dev/null 2>&1; then
  bad runs_checked "RUNS 0 was accepted"
else
  ok runs_checked
fi

finish
