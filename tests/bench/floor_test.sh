#!/bin/sh
# sustain-bench-floor (make bench) on small files it writes: it must count the
# rows of a plain file, with every kind of column, and refuse what its pass
# cannot read (a quote, a row of another field count, a date that is not one,
# KINDS of another length or letter, RUNS of 0) with exit status 1 or 2. Prints cmocka's summary lines for
# tests/summary.py. Usage: floor_test.sh SUSTAIN_BENCH_FLOOR
set -u
FLOOR=$1
DIR=$(mktemp -d "${TMPDIR:-/tmp}/sustain-floor-XXXXXX")
trap 'rm -rf "$DIR"' EXIT
. "$(dirname "$0")/../cases.sh"

# 2,500 rows: the pass stores 1,024 at a time, so three blocks, the last one
# short; every row must be counted
printf 'la,CHILD,DOB,ACTIV,empty\n' >"$DIR/plain.csv"
i=0
while [ $i -lt 2500 ]; do
  printf 'la%03d,N%08d,%02d/%02d/20%02d,F%d,\n' $((i % 7)) $i $((i % 28 + 1)) $((i % 12 + 1)) $((i % 20)) $((i % 5)) >>"$DIR/plain.csv"
  i=$((i + 1))
done
bytes=$(wc -c <"$DIR/plain.csv")
if out=$("$FLOOR" "$DIR/plain.csv" ctdcc 3 2>&1); then
  case $out in
  "$bytes bytes, 2500 rows; read "*" ms, first touch "*" MB), fields stored "*" ms; together "*" MB/s") ok counts_a_plain_file ;;
  *) bad counts_a_plain_file "printed: $out (expected $bytes bytes, 2500 rows)" ;;
  esac
else
  bad counts_a_plain_file "exit status $?: $out"
fi

refused() { # NAME EXPECTED_STATUS FILE KINDS [RUNS]
  name=$1 want=$2
  shift 2
  "$FLOOR" "$@" >/dev/null 2>"$DIR/err"
  status=$?
  if [ "$status" -eq "$want" ] && [ -s "$DIR/err" ]; then ok "$name"; else
    bad "$name" "exit status $status, said: $(cat "$DIR/err")"
  fi
}
printf 'a,b\n1,"x"\n' >"$DIR/quoted.csv"
refused refuses_quotes 1 "$DIR/quoted.csv" cc
printf 'a,b\n1,2\n3\n4,5\n' >"$DIR/short.csv"
refused refuses_a_short_row 1 "$DIR/short.csv" cc
printf 'a,DOB\n1,2024-02-29\n2,2023-02-29\n' >"$DIR/dates.csv"
refused refuses_a_date_that_is_not_one 1 "$DIR/dates.csv" cd
refused refuses_kinds_of_another_length 1 "$DIR/plain.csv" ctd
refused refuses_unknown_kinds 2 "$DIR/plain.csv" ctdcx
refused refuses_no_runs 2 "$DIR/plain.csv" ctdcc 0

finish
