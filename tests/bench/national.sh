#!/bin/sh
# make bench: the national assessment (155 authorities, default pack, JSON to a
# file), timed as the median of RUNS runs after a warm-up, at several scales
# and with one and two workers. Data are generated under BUILD/national/ on
# first use (deterministic: fixed seed). Then, when Debian's python3 has
# pandas, the same at scale 1 against a pandas script computing the OC3
# indicators (tests/bench/pandas_oc3.py), whose figures must agree with the
# plan's. Between the two, the sources alone loaded into the columnar store
# (sustain-bench-ingest: no config beyond the sources, no pack, no rules), and
# what any loader of the two large files pays for reading them and for the first
# touch of their columns' memory, and a lean pass beside (sustain-bench-floor).
# Usage: national.sh [BUILD] [SCALES]
set -eu
BUILD=${1:-build}
SCALES=${2:-"0.25 0.5 1 2 4"}
RUNS=${RUNS:-5}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SUSTAIN=$BUILD/engine/sustain
GENERATE=$BUILD/examples/generate/sustain-generate
INGEST=$BUILD/tests/sustain-bench-ingest
FLOOR=$BUILD/tests/sustain-bench-floor
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
measure() { measure_ini "$(data "$1")/assessment.ini" "$2"; }

# measure_ini INI JOBS: the same for any assessment
measure_ini() {
  "$SUSTAIN" run "$1" --jobs "$2" -o "$OUT/plan.json" 2>/dev/null # warm-up
  : >"$OUT/runs"
  i=0
  while [ $i -lt "$RUNS" ]; do
    /usr/bin/time -f "TIME %e %M" "$SUSTAIN" run "$1" --jobs "$2" --profile=1 \
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

# oc3_ini DIR: the assessment of DIR with care_leavers as its only source, so
# that sustain reads what pandas reads (paths made absolute: it lives in OUT)
oc3_ini() {
  awk -v dir="$(cd "$1" && pwd)" '
    /^\[/ { skip = $0 ~ /^\[source / && $0 != "[source care_leavers]" }
    !skip { if (sub(/^path = /, "")) $0 = "path = " dir "/" $0; print }' "$1/assessment.ini"
}

echo
if ! "$PYTHON" -c 'import pandas' 2>/dev/null; then
  echo "pandas comparison skipped: $PYTHON cannot import pandas (Debian: apt-get install python3-pandas)"
  exit 0
fi
dir=$(data 1)
oc3_ini "$dir" >"$OUT/oc3.ini"
for jobs in 1 2; do
  if [ ! -f "$OUT/sustain-$jobs" ]; then # scale 1 was not in SCALES
    set -- $(measure 1 "$jobs")
    echo "$1 $5" >"$OUT/sustain-$jobs"
  fi
  set -- $(measure_ini "$OUT/oc3.ini" "$jobs")
  echo "$1 $5" >"$OUT/sustain-oc3-$jobs"
done
set -- $(pandas_measure "$dir")
if [ $# -lt 3 ]; then
  echo "pandas comparison failed: $PANDAS_SCRIPT did not run:" >&2
  cat "$OUT/err" >&2
  exit 1
fi
echo "$1 $2 $3" >"$OUT/pandas"
rows=$(( $(wc -l <"$dir/care_leavers.csv") - 1 ))
tables=$(grep -c '^\[source ' "$dir/assessment.ini")
echo "side by side at scale 1 with pandas $("$PYTHON" -c 'import pandas; print(pandas.__version__)')" \
  "(tests/bench/pandas_oc3.py), median of $RUNS runs after a warm-up."
echo "sustain runs every rule of the pack and writes the JSON plan, on all $tables tables or on"
echo "care_leavers alone; pandas reads care_leavers.csv ($rows rows) and computes only the OC3"
echo "indicators: age groups, EET, suitable accommodation, in touch, activity not known, in and"
echo "out of the innovation. pandas wall and RSS include starting Python and importing pandas;"
echo "own_s is the script's own time without them."
echo
# row TOOL INPUT JOBS FILE: one line of the table from FILE's wall, RSS [own_s]
row() {
  read -r wall rss own <"$4"
  awk -v t="$1" -v input="$2" -v j="$3" -v wall="$wall" -v rss="$rss" -v own="${own:--}" \
    'BEGIN { printf "%-8s %-13s %5s %8.3f %8.0f %8s\n", t, input, j, wall, rss / 1024, own }'
}
printf '%-8s %-13s %5s %8s %8s %8s\n' tool input jobs wall RSS_MB own_s
row sustain "all $tables tables" 1 "$OUT/sustain-1"
row sustain "all $tables tables" 2 "$OUT/sustain-2"
row sustain care_leavers 1 "$OUT/sustain-oc3-1"
row sustain care_leavers 2 "$OUT/sustain-oc3-2"
row pandas care_leavers 1 "$OUT/pandas"
echo
read -r pwall prss own <"$OUT/pandas"
for what in sustain-oc3 sustain; do
  read -r wall rss <"$OUT/$what-2"
  input="all $tables tables"
  [ "$what" = sustain ] || input=care_leavers
  awk -v input="$input" -v pwall="$pwall" -v prss="$prss" -v wall="$wall" -v rss="$rss" 'BEGIN {
    printf "pandas / sustain --jobs 2 on %s: %.1f x the wall time, %.1f x the peak RSS\n",
           input, pwall / wall, prss / rss }'
done

# the comparison means something only if both compute the same figures
"$SUSTAIN" run "$dir/assessment.ini" --jobs 2 -o "$OUT/plan.json" 2>/dev/null || true
"$PYTHON" "$PANDAS_SCRIPT" "$dir/care_leavers.csv" -o "$OUT/oc3.csv" --check "$OUT/plan.json" \
  2>"$OUT/err" || { cat "$OUT/err" >&2; exit 1; }
sed -n 's/^check: /figures: /p' "$OUT/err"
