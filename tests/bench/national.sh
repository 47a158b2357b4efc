#!/bin/sh
# make bench: the national assessment (155 authorities, default pack, JSON to a
# file), timed as the median of RUNS runs after a warm-up, at several scales
# and with one and two workers. Data are generated under BUILD/national/ on
# first use (deterministic: fixed seed). Then, when Debian's python3 has
# pandas, the same at scale 1 against a pandas script computing the OC3
# indicators (tests/bench/pandas_oc3.py), whose figures must agree with the
# plan's. Usage: national.sh [BUILD] [SCALES]
set -eu
BUILD=${1:-build}
SCALES=${2:-"0.25 0.5 1 2 4"}
RUNS=${RUNS:-5}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SUSTAIN=$BUILD/engine/sustain
GENERATE=$BUILD/examples/generate/sustain-generate
PYTHON=/usr/bin/python3 # Debian's, where python3-pandas installs
PANDAS_SCRIPT=$ROOT/tests/bench/pandas_oc3.py
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
    if [ "$scale" = 1 ]; then echo "$1 $5" >"$OUT/sustain-$jobs"; fi # wall, RSS for pandas
  done
done

# pandas_measure DIR: prints wall, peak RSS (KB) and the script's own time, each
# a median; the script's time leaves out starting Python and importing pandas
pandas_measure() {
  "$PYTHON" "$PANDAS_SCRIPT" "$1/care_leavers.csv" -o "$OUT/oc3.csv" 2>/dev/null # warm-up
  : >"$OUT/runs"
  i=0
  while [ $i -lt "$RUNS" ]; do
    /usr/bin/time -f "TIME %e %M" "$PYTHON" "$PANDAS_SCRIPT" "$1/care_leavers.csv" \
      -o "$OUT/oc3.csv" 2>"$OUT/err" || true
    own=$(sed -n 's/.*, total \([0-9.]*\) s$/\1/p' "$OUT/err")
    echo "$(sed -n 's/^TIME //p' "$OUT/err") $own" >>"$OUT/runs"
    i=$((i + 1))
  done
  for column in 1 2 3; do
    awk -v c=$column '{ print $c }' "$OUT/runs" | median
  done | tr '\n' ' '
}

echo
if ! "$PYTHON" -c 'import pandas' 2>/dev/null; then
  echo "pandas comparison skipped: $PYTHON cannot import pandas (Debian: apt-get install python3-pandas)"
  exit 0
fi
dir=$(data 1)
for jobs in 1 2; do # scale 1 was not in SCALES
  [ -f "$OUT/sustain-$jobs" ] || { set -- $(measure 1 "$jobs"); echo "$1 $5" >"$OUT/sustain-$jobs"; }
done
set -- $(pandas_measure "$dir")
if [ $# -lt 3 ]; then
  echo "pandas comparison failed: $PANDAS_SCRIPT did not run:" >&2
  cat "$OUT/err" >&2
  exit 1
fi
rows=$(( $(wc -l <"$dir/care_leavers.csv") - 1 ))
echo "side by side at scale 1 with pandas $("$PYTHON" -c 'import pandas; print(pandas.__version__)')" \
  "(tests/bench/pandas_oc3.py), median of $RUNS runs after a warm-up:"
echo "sustain runs the whole assessment (39 rules, all 7 tables, JSON plan); pandas computes only"
echo "the OC3 indicators of care_leavers.csv ($rows rows): age groups, EET, suitable"
echo "accommodation, in touch, activity not known, in and out of the innovation."
echo "pandas wall includes starting Python and importing pandas; own_s is the script's own time."
echo
printf '%-8s %5s %8s %8s %8s\n' tool jobs wall RSS_MB own_s
for jobs in 1 2; do
  read -r wall rss <"$OUT/sustain-$jobs"
  awk -v j="$jobs" -v wall="$wall" -v rss="$rss" \
    'BEGIN { printf "%-8s %5s %8.3f %8.0f %8s\n", "sustain", j, wall, rss / 1024, "-" }'
done
read -r wall rss <"$OUT/sustain-2"
awk -v pwall="$1" -v prss="$2" -v own="$3" -v wall="$wall" -v rss="$rss" 'BEGIN {
  printf "%-8s %5s %8.3f %8.0f %8.3f\n", "pandas", 1, pwall, prss / 1024, own
  printf "\npandas (OC3 only) / sustain --jobs 2 (everything): %.1f x the wall time, %.1f x the peak RSS\n",
         pwall / wall, prss / rss }'

# the comparison means something only if both compute the same figures
"$SUSTAIN" run "$dir/assessment.ini" --jobs 2 -o "$OUT/plan.json" 2>/dev/null || true
"$PYTHON" "$PANDAS_SCRIPT" "$dir/care_leavers.csv" -o "$OUT/oc3.csv" --check "$OUT/plan.json" \
  2>"$OUT/err" || { cat "$OUT/err" >&2; exit 1; }
sed -n 's/^check: /figures: /p' "$OUT/err"
