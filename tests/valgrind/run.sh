#!/bin/sh
# The command-line cases under valgrind memcheck: every run must end with the
# exit status it has without valgrind, and memcheck must find no error and no
# definite or indirect leak (--error-exitcode=99 turns either into status 99).
# The cases are those of tests/cli/run.sh that exercise distinct code paths,
# with small limits where a rule loops, so the whole script takes seconds
# rather than minutes. Usage: run.sh SUSTAIN SOURCE_ROOT
set -u
SUSTAIN=$1
ROOT=$2
cd "$ROOT" || exit 1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sustain-valgrind-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
EXAMPLE=examples/starter/assessment.ini
. tests/cases.sh # the working folder is ROOT
VALGRIND="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --trace-children=no"

# vg NAME STATUS ARGS...: runs sustain ARGS under memcheck, expecting STATUS.
vg() {
  name=$1 want=$2
  shift 2
  start=$(date +%s)
  $VALGRIND "$SUSTAIN" "$@" >"$WORK/out" 2>"$WORK/err"
  got=$?
  if [ "$got" -eq "$want" ]; then ok "$name ($(( $(date +%s) - start )) s)"
  else
    bad "$name" "exit status $got, expected $want (99: memcheck found errors or leaks)"
    grep -E '==[0-9]+==' "$WORK/err" | head -30 | sed 's/^/    /'
  fi
}

if ! command -v valgrind >/dev/null 2>&1; then
  skip memcheck "valgrind is not installed"
  finish
fi

copy_example() {
  rm -rf "$WORK/ex" && mkdir -p "$WORK/ex"
  cp -r examples/starter/data "$WORK/ex/data"
  cp -r rules/ingredients "$WORK/ex/rules"
  sed 's#^rules = .*#rules = rules#' "$EXAMPLE" >"$WORK/ex/assessment.ini"
}

vg help 0 --help
for format in text markdown json csv html; do
  if "$SUSTAIN" run --help | grep -q "$format"; then
    vg "run_$format" 0 run "$EXAMPLE" --format "$format" --explain
  fi
done
vg run_output_file 0 run "$EXAMPLE" --format json --output "$WORK/plan.json"
vg run_workers 0 run "$EXAMPLE" --format json --jobs 2
vg check 0 check "$EXAMPLE"
vg rule_tests 0 test tests/cli/testpack

copy_example
printf '\n[limits]\ninstructions = 100000\nmemory_mb = 8\n' >>"$WORK/ex/assessment.ini"
cat >"$WORK/ex/rules/zz_hostile.lua" <<'LUA'
rule { id = "adaptation.loops", ingredient = "adaptation", title = "Loops",
  assess = function(a) while true do pcall(function() while true do end end) end end }
rule { id = "adaptation.bomb", ingredient = "adaptation", title = "Allocates",
  assess = function(a) local t = {} for i = 1, 1e9 do t[i] = ("x"):rep(1000) .. i end end }
rule { id = "adaptation.raises", ingredient = "adaptation", title = "Raises a table",
  assess = function(a) error({}) end }
LUA
vg hostile_rules_workers 3 run "$WORK/ex/assessment.ini" --format json --jobs 2

copy_example
printf 'la,CHILD\nnorthshire,"1\n' >"$WORK/ex/data/care_leavers.csv"
vg malformed_csv 1 run "$WORK/ex/assessment.ini"
copy_example
printf '[assessment]\nrules = rules\nbogus = 1\n' >"$WORK/ex/broken.ini"
vg malformed_ini 1 check "$WORK/ex/broken.ini"

# sustain init: a starter with two authorities (CSV files, workbook), then refusing it again
vg init 0 init "$WORK/starter" --authority a --name "A Council" --la-code 935 --authority b
vg init_refuses 1 init "$WORK/starter"

finish
