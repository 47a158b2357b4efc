#!/bin/sh
# Runs the tutorial of docs/rules.md ("Your first rule"): every fenced block
# whose info string names a path (```lua tutorial/pack/model.lua) is written
# there, then the assessment is run and the tests are run, so the tutorial
# cannot rot. Usage: tutorial.sh SUSTAIN SOURCE_ROOT
set -u
SUSTAIN=$1
ROOT=$2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sustain-tutorial-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
awk -v dir="$WORK" '
  /^```[a-z]+ tutorial\// { path = dir "/" $2; sub(/\/[^\/]*$/, "", path); system("mkdir -p \"" path "\"");
                          file = dir "/" $2; printf "" > file; next }
  /^```/ { if (file) close(file); file = ""; next }
  file { print >> file }
' "$ROOT/docs/rules.md"
. "$ROOT/tests/cases.sh"
# check NAME STATUS: the case passed when STATUS is 0; else the log shows why
check() {
  if [ "$2" -eq 0 ]; then ok "$1"
  else bad "$1"; sed 's/^/    /' "$WORK/log"; fi
}
cd "$WORK" || exit 1
[ -f tutorial/pack/coproduction.lua ] && [ -f tutorial/assessment.ini ]; check extracted $?
"$SUSTAIN" run tutorial/assessment.ini --format json >"$WORK/log" 2>&1
check run $?
grep -q '"score": 66.7' "$WORK/log" && grep -q '"value": "c"' "$WORK/log"; check scores_as_the_text_says $?
"$SUSTAIN" test tutorial/pack >"$WORK/log" 2>&1 && grep -q "^2 passed, 0 failed$" "$WORK/log"
check tests_pass $?
finish
