#!/bin/sh
# make bench: the national assessment (155 authorities, default pack, JSON to a
# file), timed as the median of RUNS runs after a warm-up, at several scales
# and with one and two workers. Data are generated under BUILD/national/ on
# first use (deterministic: fixed seed). Then the sources alone loaded into the
# columnar store (sustain-bench-ingest: no config beyond the sources, no pack, no
# rules), and what any loader of the two large files pays for reading them and
# for the first touch of their columns' memory, with a lean pass beside
# (sustain-bench-floor). Then, at every scale, side by side with a DuckDB script
# (tests/bench/duckdb_oc3.mjs, on node, one and two threads) and a pandas script
# (tests/bench/pandas_oc3.py) computing the OC3 indicators of care_leavers.csv,
# the tools interleaved run by run, each CSV they write checked against the plan
# (tests/bench/oc3_check.py). Last, each target of the speed work with its
# figure and whether it is met.
# DuckDB comes from the npm registry, pinned by tests/bench/package-lock.json and
# installed under BUILD/bench-node/ when absent; pandas is Debian's python3-pandas.
# Either comparison is skipped, saying why, when its tool cannot be had.
# Usage: [RUNS=N] [SCALES="S ..."] national.sh [BUILD] [SCALES]
set -eu
BUILD=${1:-build}
SCALES=${2:-${SCALES:-"0.25 1 4 8"}}
RUNS=${RUNS:-7}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SUSTAIN=$BUILD/engine/sustain
GENERATE=$BUILD/examples/generate/sustain-generate
INGEST=$BUILD/tests/sustain-bench-ingest
FLOOR=$BUILD/tests/sustain-bench-floor
PYTHON=/usr/bin/python3 # Debian's, where python3-pandas installs
PANDAS_SCRIPT=$ROOT/tests/bench/pandas_oc3.py
DUCKDB_SCRIPT=$ROOT/tests/bench/duckdb_oc3.mjs
CHECK_SCRIPT=$ROOT/tests/bench/oc3_check.py
NODE_DIR=$BUILD/bench-node
OUT=$(mktemp -d "${TMPDIR:-/tmp}/sustain-bench-XXXXXX")
trap 'rm -rf "$OUT"' EXIT

data() { # the folder of a scale's data, generated when absent
  dir=$BUILD/national/scale-$1
  if [ ! -f "$dir/assessment.ini" ]; then
    mkdir -p "$dir"
    SUSTAIN_RULES="$ROOT/rules/ingredients" "$GENERATE" national --scale "$1" "$dir" >/dev/null
  fi
  echo "$dir"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# timed COMMAND...: runs it, its output to OUT/stdout and OUT/err; prints its wall
# time (s, to the microsecond) and peak RSS (KB, the largest of its processes);
# false when it fails
timed() {
  start=$(date +%s%N)
  if /usr/bin/time -o "$OUT/rss" -f "%M" "$@" >"$OUT/stdout" 2>"$OUT/err"; then status=0; else status=1; fi
  end=$(date +%s%N)
  awk -v ns=$((end - start)) -v kb="$(tail -1 "$OUT/rss")" 'BEGIN { printf "%.6f %s\n", ns / 1e9, kb }'
  return $status
}

# measure SCALE JOBS: prints wall load assess write rss(KB), each a median
measure() { measure_ini "$(data "$1")/assessment.ini" "$2"; }

# measure_ini INI JOBS: the same for any assessment
measure_ini() {
  "$SUSTAIN" run "$1" --jobs "$2" -o "$OUT/plan.json" 2>/dev/null # warm-up
  : >"$OUT/runs"
  i=0
  while [ $i -lt "$RUNS" ]; do
    time=$(timed "$SUSTAIN" run "$1" --jobs "$2" --profile=1 -o "$OUT/plan.json" || true)
    phases=$(sed -n 's/^Phases: load \([0-9.]*\) s, assess \([0-9.]*\) s, write \([0-9.]*\) s$/\1 \2 \3/p' "$OUT/err")
    echo "$time $phases" >>"$OUT/runs"
    i=$((i + 1))
  done
  for column in 1 3 4 5 2; do
    awk -v c=$column '{ print $c }' "$OUT/runs" | median
  done | tr '\n' ' '
}

echo "sustain national benchmark: $(nproc) cores, $(sed -n 's/^model name\t: //p' /proc/cpuinfo | head -1)"
echo "median of $RUNS runs after a warm-up; times in seconds, peak RSS in MB"
echo
printf '%-6s %5s %9s %8s %8s %8s %8s %8s %9s %9s %8s\n' scale jobs rows input_MB wall load assess write ingest_MB/s rows/s RSS_MB
for scale in $SCALES; do
  dir=$(data "$scale")
  bytes=$(cat "$dir"/*.csv | wc -c)
  rows=$(( $(cat "$dir"/*.csv | wc -l) - $(ls "$dir"/*.csv | wc -l) ))
  for jobs in 1 2; do
    [ "$jobs" = 1 ] || [ "$scale" = 1 ] || continue # jobs 1 vs 2 at scale 1 only
    set -- $(measure "$scale" "$jobs")
    awk -v s="$scale" -v j="$jobs" -v r="$rows" -v b="$bytes" -v wall="$1" -v load="$2" \
        -v assess="$3" -v write="$4" -v rss="$5" 'BEGIN {
      printf "%-6s %5s %9d %8.1f %8.3f %8.3f %8.3f %8.3f %9.0f %9.0f %8.0f\n",
             s, j, r, b / 1e6, wall, load, assess, write, b / 1e6 / load, r / load, rss / 1024 }'
  done
done

echo
echo "ingest alone: the CSV sources loaded into the columnar store, without the rest of the load"
echo "phase (config, plugins, pack); median of $RUNS loads in one process after a warm-up"
echo
printf '%-6s %7s %8s %8s %9s %9s\n' scale threads median_s fastest_s MB/s rows/s
for scale in $SCALES; do
  for threads in 1 2; do
    [ "$threads" = 1 ] || [ "$scale" = 1 ] || continue
    line=$("$INGEST" "$(data "$scale")/assessment.ini" "$RUNS" "$threads") ||
      { echo "sustain-bench-ingest failed at scale $scale" >&2; exit 1; }
    echo "$line" | awk -v s="$scale" -v t="$threads" '
      { gsub(/[,;]/, "") }
      { printf "%-6s %7s %8.3f %9.3f %9s %9s\n", s, t, $2, $5, $11, $13 }'
  done
done

echo
echo "what any loader of the two large files at scale 1 pays here (sustain-bench-floor): reading"
echo "them as the csv plugin does and the first touch of as much new memory as their columns"
echo "take; beside them, for reference, a lean pass that finds every field and stores it a"
echo "column at a time (no quotes, no checks but the field count and dates); medians of $RUNS;"
echo "times in milliseconds"
echo
printf '%-14s %8s %8s %8s %8s %8s %8s\n' file input_MB read touch store total MB/s
: >"$OUT/floor"
for name in care_leavers wellbeing; do
  csv=$(data 1)/$name.csv
  # identifiers are text, dates of birth dates, everything else coded
  kinds=$(head -1 "$csv" | tr ',' '\n' |
    awk '{ printf "%s", ($1 == "CHILD" || $1 == "response") ? "t" : $1 == "DOB" ? "d" : "c" }')
  line=$("$FLOOR" "$csv" "$kinds" "$RUNS") || { echo "sustain-bench-floor failed on $name" >&2; exit 1; }
  echo "$line" | awk -v n="$name" '{ gsub(/[,;(]/, "") }
    { printf "%-14s %8.1f %8s %8s %8s %8s %8s\n", n, $1 / 1e6, $6, $10, $16, $19, $21 }'
  echo "$line" | awk '{ gsub(/[,;(]/, "") } { print $1, $6, $10, $16 }' >>"$OUT/floor"
done
awk '{ b += $1; r += $2; t += $3; s += $4 }
  END { printf "%-14s %8.1f %8.1f %8.1f %8.1f %8.1f %8.0f\n", "both", b / 1e6, r, t, s, r + t + s, b / 1e3 / (r + t + s) }' "$OUT/floor"

. "$ROOT/tests/bench/side_by_side.sh"
