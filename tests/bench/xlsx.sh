#!/bin/sh
# make bench-xlsx: loading the national example's sources from one Excel workbook (the
# xlsx plugin) against loading them from their CSV files (the csv plugin), each timed
# by sustain-bench-ingest: the sources alone into the columnar store, the median of
# RUNS loads in one process after a warm-up, one loading thread (a workbook's sheet is
# read on one thread; CSV files can be read in parts, so its two-thread figure is
# shown too). The data are generated under BUILD/national/ as make bench does, and the
# workbook written beside them on first use by tests/workbook/csv_to_xlsx.py (Debian's
# python3-openpyxl), a sheet per source, numbers as numbers and dates as dates.
# Usage: xlsx.sh [BUILD] [SCALE]
set -eu
BUILD=${1:-build}
SCALE=${2:-1}
RUNS=${RUNS:-5}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GENERATE=$BUILD/examples/generate/sustain-generate
INGEST=$BUILD/tests/sustain-bench-ingest
DIR=$BUILD/national/scale-$SCALE
BOOK=$DIR/national.xlsx
OUT=$(mktemp -d "${TMPDIR:-/tmp}/sustain-bench-xlsx-XXXXXX")
trap 'rm -rf "$OUT"' EXIT

if [ ! -f "$DIR/assessment.ini" ]; then
  mkdir -p "$DIR"
  SUSTAIN_RULES="$ROOT/rules/ingredients" "$GENERATE" national --scale "$SCALE" "$DIR" >/dev/null
fi
DIR=$(cd "$DIR" && pwd)
BOOK=$DIR/national.xlsx
# every source that reads a CSV file of the folder becomes a sheet named after it
SOURCES=$(awk '/^\[source / { s = $2; sub(/\].*/, "", s) } /^path = / && s { print s; s = "" }' \
  "$DIR/assessment.ini")
if [ ! -f "$BOOK" ]; then
  set --
  for source in $SOURCES; do set -- "$@" "$source=$DIR/$source.csv"; done
  /usr/bin/python3 "$ROOT/tests/workbook/csv_to_xlsx.py" "$BOOK.part" "$@"
  mv "$BOOK.part" "$BOOK"
fi
# the same assessment twice in OUT, its paths absolute: from the CSV files, and from the
# workbook, each [source] reading its sheet
awk -v dir="$DIR" '{ if (sub(/^path = /, "")) $0 = "path = " dir "/" $0; print }' \
  "$DIR/assessment.ini" >"$OUT/csv.ini"
awk -v book="$BOOK" '
  /^\[/ { source = ""; if ($1 == "[source") { source = $2; sub(/\].*/, "", source) } }
  source != "" && /^plugin = csv/ { print "plugin = xlsx"; next }
  source != "" && /^path = / { print "path = " book; print "sheet = " source; next }
  { print }' "$DIR/assessment.ini" >"$OUT/xlsx.ini"

rows=$(( $(cat "$DIR"/*.csv | wc -l) - $(ls "$DIR"/*.csv | wc -l) ))
echo "sources of the national example at scale $SCALE ($rows rows), loaded alone into the"
echo "columnar store (sustain-bench-ingest); median and fastest of $RUNS loads after a warm-up"
echo
echo "(cpu_s: the processor time of one load, user and system, averaged over all $((RUNS + 1)) loads:"
echo "steadier than the wall time on a machine that other work shares)"
echo
printf '%-8s %7s %9s %9s %10s %7s %9s\n' plugin threads input_MB median_s fastest_s cpu_s rows/s
measure() { # PLUGIN INI THREADS BYTES
  line=$(/usr/bin/time -f "CPU %U %S" -o "$OUT/cpu" "$INGEST" "$2" "$RUNS" "$3") ||
    { echo "sustain-bench-ingest failed on $1" >&2; exit 1; }
  cpu=$(awk -v n=$((RUNS + 1)) '/^CPU/ { print ($2 + $3) / n }' "$OUT/cpu")
  echo "$line" | awk -v p="$1" -v t="$3" -v b="$4" -v c="$cpu" '{ gsub(/[,;]/, "") }
    { printf "%-8s %7s %9.1f %9.3f %10.3f %7.3f %9.0f\n", p, t, b / 1e6, $2, $5, c, $9 / $2 }'
}
csv_bytes=$(cat "$DIR"/*.csv | wc -c)
measure csv "$OUT/csv.ini" 1 "$csv_bytes"
measure csv "$OUT/csv.ini" 2 "$csv_bytes"
measure xlsx "$OUT/xlsx.ini" 1 "$(wc -c <"$BOOK")"
