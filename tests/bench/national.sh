#!/bin/sh
# make bench: the national assessment (155 authorities, default pack, JSON to a
# file), timed as the median of RUNS runs after a warm-up, at several scales
# and with one and two workers. Data are generated under BUILD/national/ on
# first use (deterministic: fixed seed). Usage: national.sh [BUILD] [SCALES]
set -eu
BUILD=${1:-build}
SCALES=${2:-"0.25 0.5 1 2 4"}
RUNS=${RUNS:-5}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SUSTAIN=$BUILD/engine/sustain
GENERATE=$BUILD/examples/generate/sustain-generate
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

# measure SCALE JOBS: prints wall load assess write rss(KB), each a median
measure() {
  dir=$(data "$1")
  "$SUSTAIN" run "$dir/assessment.ini" --jobs "$2" -o "$OUT/plan.json" 2>/dev/null # warm-up
  : >"$OUT/runs"
  i=0
  while [ $i -lt "$RUNS" ]; do
    /usr/bin/time -f "TIME %e %M" "$SUSTAIN" run "$dir/assessment.ini" --jobs "$2" --profile=1 \
      -o "$OUT/plan.json" 2>"$OUT/err" || true
    phases=$(sed -n 's/^Phases: load \([0-9.]*\) s, assess \([0-9.]*\) s, write \([0-9.]*\) s$/\1 \2 \3/p' "$OUT/err")
    time=$(sed -n 's/^TIME //p' "$OUT/err")
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
