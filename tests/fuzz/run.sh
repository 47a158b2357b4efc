#!/bin/sh
# Runs each fuzz target for FUZZ_SECONDS (default 60) from its seed corpus,
# growing a working corpus in $OUT/corpus-TARGET. Inputs that crash, leak or
# time out are saved as $OUT/crash-TARGET-*; copy each into
# tests/fuzz/regressions/TARGET/ once the bug is fixed, so the normal test suite
# replays it. Usage: tests/fuzz/run.sh [OUT] [TARGET...]
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/build-fuzz}
[ $# -gt 0 ] && shift
SECONDS_EACH=${FUZZ_SECONDS:-60}
TARGETS=${*:-csv ini rule report cache ssda903 xlsx}
status=0
for target in $TARGETS; do
  mkdir -p "$OUT/corpus-$target"
  extra=""
  seeds="$ROOT/tests/fuzz/corpus/$target"
  if [ "$target" = rule ]; then # the project's own rule files, where they live
    extra="-dict=$ROOT/tests/fuzz/lua.dict"
    seeds="$ROOT/tests/hostile/cases $ROOT/rules/ingredients $ROOT/tests/cli/testpack"
  fi
  [ "$target" = ssda903 ] && extra="-dict=$ROOT/tests/fuzz/ssda903.dict"
  echo "== fuzz_$target for ${SECONDS_EACH}s"
  # -timeout: a single input running longer is a finding (a hang the limits miss)
  if ! "$OUT/fuzz_$target" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$OUT/crash-$target-" $extra \
      "$OUT/corpus-$target" $seeds "$ROOT/tests/fuzz/regressions/$target" \
      >"$OUT/fuzz_$target.log" 2>&1; then
    status=1
    echo "fuzz_$target found a problem; see $OUT/fuzz_$target.log and $OUT/crash-$target-*"
    grep -E "ERROR|SUMMARY|Test unit written" "$OUT/fuzz_$target.log" | head -5
  fi
  grep -E "stat::number_of_executed_units|cov:" "$OUT/fuzz_$target.log" | tail -2
done
exit $status
