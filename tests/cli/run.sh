#!/bin/sh
# Command-line tests: run the built `sustain` as a user would and check exit
# statuses, messages and output files. Usage: run.sh SUSTAIN SOURCE_ROOT
# Prints a summary in cmocka's form, so tests/summary.py counts the cases.
set -u
SUSTAIN=$1
ROOT=$2
cd "$ROOT" || exit 1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sustain-cli-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
EXAMPLE=examples/starter/assessment.ini

. tests/cases.sh # the working folder is ROOT

# expect NAME STATUS COMMAND...: runs COMMAND (stdout to $WORK/out, stderr to
# $WORK/err) and checks its exit status.
expect() {
  name=$1 want=$2
  shift 2
  "$@" >"$WORK/out" 2>"$WORK/err"
  got=$?
  if [ "$got" -eq "$want" ]; then return 0; fi
  bad "$name" "exit status $got, expected $want" "stderr: $(head -c 600 "$WORK/err")"
  return 1
}

# contains NAME FILE TEXT: the file holds the text (fixed string).
contains() {
  if grep -qF -- "$3" "$2"; then return 0; fi
  bad "$1" "$(basename "$2") lacks: $3" "it holds: $(head -c 600 "$2")"
  return 1
}

# A private copy of the example (data and the pack) that a test may change.
copy_example() {
  rm -rf "$WORK/ex" && mkdir -p "$WORK/ex"
  cp -r examples/starter/data "$WORK/ex/data"
  cp -r rules/ingredients "$WORK/ex/rules"
  sed 's#^rules = .*#rules = rules#' "$EXAMPLE" >"$WORK/ex/assessment.ini"
}

# --- help, version and usage errors --------------------------------------
expect help 0 "$SUSTAIN" --help && contains help "$WORK/out" "run CONFIG.ini" && ok help
expect run_help 0 "$SUSTAIN" run --help && contains run_help "$WORK/out" "--format" && ok run_help
expect version 0 "$SUSTAIN" --version && contains version "$WORK/out" "sustain " && ok version
expect unknown_command 2 "$SUSTAIN" frobnicate && contains unknown_command "$WORK/err" "unknown command" && ok unknown_command
expect run_without_config 2 "$SUSTAIN" run && contains run_without_config "$WORK/err" "needs a CONFIG.ini" && ok run_without_config
expect bad_format 2 "$SUSTAIN" run "$EXAMPLE" --format pdf && contains bad_format "$WORK/err" "unknown --format 'pdf'" && ok bad_format
expect bad_date 2 "$SUSTAIN" run "$EXAMPLE" --date 2024-02-30 && contains bad_date "$WORK/err" "not a date" && ok bad_date

# --- the conventions of git, ripgrep and OPA ---------------------------------
# a mistyped option, command or top-level option says which was meant
expect option_typo 2 "$SUSTAIN" run "$EXAMPLE" --fromat json &&
  contains option_typo "$WORK/err" "unknown option --fromat: did you mean --format?" && ok option_typo
expect option_needs_value 2 "$SUSTAIN" run "$EXAMPLE" --format &&
  contains option_needs_value "$WORK/err" "option --format needs a value" && ok option_needs_value
expect option_takes_no_value 2 "$SUSTAIN" run "$EXAMPLE" --explain=yes &&
  contains option_takes_no_value "$WORK/err" "option --explain takes no value" && ok option_takes_no_value
expect option_short_unknown 2 "$SUSTAIN" run "$EXAMPLE" -x &&
  contains option_short_unknown "$WORK/err" "unknown option -x" && ok option_short_unknown
expect option_typo_check 2 "$SUSTAIN" check "$EXAMPLE" --recrods x.csv &&
  contains option_typo_check "$WORK/err" "unknown option --recrods: did you mean --records?" && ok option_typo_check
expect option_typo_history 2 "$SUSTAIN" history "$EXAMPLE" --autority x &&
  contains option_typo_history "$WORK/err" "did you mean --authority?" && ok option_typo_history
expect command_typo 2 "$SUSTAIN" chek "$EXAMPLE" &&
  contains command_typo "$WORK/err" "unknown command 'chek': did you mean check?" && ok command_typo
expect top_option_typo 2 "$SUSTAIN" --verison &&
  contains top_option_typo "$WORK/err" "unknown option --verison: did you mean --version?" && ok top_option_typo
# sustain help COMMAND is COMMAND --help; sustain help the main help
expect help_command 0 "$SUSTAIN" help run && contains help_command "$WORK/out" "Usage: sustain run CONFIG.ini" &&
  contains help_command "$WORK/out" "--color WHEN" && ok help_command
expect help_alone 0 "$SUSTAIN" help && contains help_alone "$WORK/out" "Usage: sustain COMMAND" && ok help_alone
expect help_unknown 2 "$SUSTAIN" help histroy && contains help_unknown "$WORK/err" "did you mean history?" && ok help_unknown
# --authority with an unknown id lists the config's
expect unknown_authority_listed 1 "$SUSTAIN" run "$EXAMPLE" --authority southvail &&
  contains unknown_authority_listed "$WORK/err" "no [authority southvail]: did you mean southvale? Its authorities are northshire and southvale" &&
  ok unknown_authority_listed

# --- the example's JSON plan is exactly the golden file -------------------
if expect golden_json 0 "$SUSTAIN" run "$EXAMPLE" --format json; then
  if cmp -s "$WORK/out" tests/cli/golden/starter.json; then ok golden_json
  else bad golden_json "the plan differs from tests/cli/golden/starter.json:" "$(diff tests/cli/golden/starter.json "$WORK/out" | head -20)"; fi
fi
if expect golden_three_authorities 0 "$SUSTAIN" run examples/three-authorities/assessment.ini --format json; then
  if cmp -s "$WORK/out" tests/cli/golden/three-authorities.json; then ok golden_three_authorities
  else bad golden_three_authorities "the plan differs from tests/cli/golden/three-authorities.json:" "$(diff tests/cli/golden/three-authorities.json "$WORK/out" | head -20)"; fi
fi
expect text_format 0 "$SUSTAIN" run "$EXAMPLE" && contains text_format "$WORK/out" "Southvale Borough Council" &&
  contains text_format "$WORK/out" "at risk of pilotitis" && ok text_format
expect explain_csv 0 "$SUSTAIN" run "$EXAMPLE" --format csv --explain &&
  contains explain_csv "$WORK/out" "priority,why,first,survival,gap,found_by,authority_name,ingredient_title,stage_weight,weakness,urgency,effort_cost" && ok explain_csv
expect markdown_format 0 "$SUSTAIN" run "$EXAMPLE" --format markdown && contains markdown_format "$WORK/out" "## Northshire County Council" && ok markdown_format
expect one_authority 0 "$SUSTAIN" run "$EXAMPLE" --authority southvale --format json &&
  if grep -q '"id": "northshire"' "$WORK/out"; then bad one_authority "northshire was assessed"; else ok one_authority; fi
expect unknown_authority 1 "$SUSTAIN" run "$EXAMPLE" --authority westshire && contains unknown_authority "$WORK/err" "no [authority westshire]" && ok unknown_authority

# --- an assessment date the data cannot speak for is warned of ---------------
expect date_before_pilots 0 "$SUSTAIN" run "$EXAMPLE" --date 2019-01-01 --format json &&
  contains date_before_pilots "$WORK/err" "warning: $EXAMPLE: the assessment date 2019-01-01 is before every pilot started (the first, [authority northshire], on 2020-04-01)" &&
  contains date_before_pilots "$WORK/out" '"date": "2019-01-01"' && ok date_before_pilots
expect date_after_data 0 "$SUSTAIN" run "$EXAMPLE" --date 2030-03-31 --format json &&
  contains date_after_data "$WORK/err" "the assessment date 2030-03-31 is 6 years after the latest date in the data (2024-02-28, in participation.date)" &&
  ok date_after_data
expect date_after_data_check 0 "$SUSTAIN" check "$EXAMPLE" --format json &&
  if grep -q "assessment date" "$WORK/out"; then bad date_after_data_check "a warning about the example's own date"; else ok date_after_data_check; fi
copy_example
sed -i 's/^date = 2024-03-31$/date = 2026-03-31/' "$WORK/ex/assessment.ini"
expect date_warning_check 0 "$SUSTAIN" check "$WORK/ex/assessment.ini" &&
  contains date_warning_check "$WORK/err" "sustain: warning: $WORK/ex/assessment.ini: the assessment date 2026-03-31 is 2 years after" && ok date_warning_check
expect date_in_range 0 "$SUSTAIN" run "$EXAMPLE" --format json &&
  if [ -s "$WORK/err" ]; then bad date_in_range "a warning: $(cat "$WORK/err")"; else ok date_in_range; fi

# --- the plan follows the data and the rules ------------------------------
copy_example
"$SUSTAIN" run "$WORK/ex/assessment.ini" --format json >"$WORK/before.json" 2>/dev/null
# Southvale's project officer becomes an active middle manager: one more level leads.
sed -i 's/^southvale,Project officer,middle,no,/southvale,Project officer,middle,yes,/' "$WORK/ex/data/leadership.csv"
if expect data_changes_plan 0 "$SUSTAIN" run "$WORK/ex/assessment.ini" --format json; then
  if cmp -s "$WORK/before.json" "$WORK/out"; then bad data_changes_plan "the plan did not change"
  else
    before=$(grep -A3 '"id": "leadership.distributed"' "$WORK/before.json" | grep '"score"' | tail -1)
    after=$(grep -A3 '"id": "leadership.distributed"' "$WORK/out" | grep '"score"' | tail -1)
    # senior and middle: 2 of the 3 levels of the organisation
    if [ "$after" = '"score": 66.7,' ] || [ "$after" = '              "score": 66.7,' ]; then ok data_changes_plan
    else bad data_changes_plan "leadership.distributed for southvale: before [$before] after [$after], expected 66.7"; fi
  fi
fi

copy_example
cat >"$WORK/ex/rules/zz_new.lua" <<'LUA'
rule {
  id = "adaptation.new_rule_from_a_dropped_file",
  ingredient = "adaptation",
  title = "A rule added without rebuilding anything",
  assess = function(a) return 42 end,
}
LUA
expect new_rule_file 0 "$SUSTAIN" run "$WORK/ex/assessment.ini" --format json &&
  contains new_rule_file "$WORK/out" '"id": "adaptation.new_rule_from_a_dropped_file"' && ok new_rule_file

# --- a hostile rule is an error; the rest is assessed ----------------------
copy_example
cat >"$WORK/ex/rules/zz_loop.lua" <<'LUA'
rule {
  id = "adaptation.endless",
  ingredient = "adaptation",
  title = "Loops for ever inside pcall",
  assess = function(a)
    while true do pcall(function() while true do end end) end
  end,
}
LUA
start=$(date +%s)
if expect endless_loop 3 "$SUSTAIN" run "$WORK/ex/assessment.ini" --format json --output "$WORK/plan.json"; then
  elapsed=$(( $(date +%s) - start ))
  contains endless_loop "$WORK/err" "instruction limit" && contains endless_loop "$WORK/plan.json" '"status": "error"' &&
    contains endless_loop "$WORK/plan.json" '"id": "leadership.distributed"' &&
    contains endless_loop "$WORK/plan.json" 'zz_loop.lua' &&
    if [ "$elapsed" -le 5 ]; then ok endless_loop; else bad endless_loop "took ${elapsed}s"; fi
fi
expect strict_refuses 1 "$SUSTAIN" run "$WORK/ex/assessment.ini" --strict --output "$WORK/strict.json" &&
  if [ -e "$WORK/strict.json" ]; then bad strict_refuses "a plan was written under --strict"; else ok strict_refuses; fi

# --- bad input: located errors, no output written or clobbered ------------
copy_example
printf 'la,CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nnorthshire,1,01/01/2004,YES,F1,U1\nnorthshire,2,"01/01/2004,YES,F1,U1\n' >"$WORK/ex/data/care_leavers.csv"
echo "previous plan" >"$WORK/kept.txt"
expect malformed_csv 1 "$SUSTAIN" run "$WORK/ex/assessment.ini" --output "$WORK/kept.txt" &&
  contains malformed_csv "$WORK/err" "care_leavers.csv:3:14:" && contains malformed_csv "$WORK/kept.txt" "previous plan" &&
  if ls "$WORK" | grep -q 'kept.txt.tmp'; then bad malformed_csv "a temp file was left behind"; else ok malformed_csv; fi

copy_example
printf '[assessment]\nrules = rules\nformat = json\nbogus = 1\n\n[authority a]\nstage = pilot\n' >"$WORK/ex/broken.ini"
expect bad_config 1 "$SUSTAIN" run "$WORK/ex/broken.ini" && contains bad_config "$WORK/err" "broken.ini:4:" && ok bad_config
expect check_reports 1 "$SUSTAIN" check "$WORK/ex/broken.ini" && contains check_reports "$WORK/err" "broken.ini:4:" && ok check_reports
expect check_ok 0 "$SUSTAIN" check "$EXAMPLE" && contains check_ok "$WORK/out" "ok: 4 sources" && ok check_ok

# --output's extension chooses the format when neither --format nor the config does; a
# format the extension contradicts is kept, with a warning
for pair in "plan.html:<!DOCTYPE html>" "plan.md:## Northshire County Council" "plan.markdown:## Northshire" \
            'plan.json:"schema": "sustain-plan/1"' "plan.csv:authority,rank,id" "plan.txt:Overall score:" "plan.out:Overall score:"; do
  file=${pair%%:*} text=${pair#*:}
  expect "extension_$file" 0 "$SUSTAIN" run "$EXAMPLE" -o "$WORK/$file" &&
    contains "extension_$file" "$WORK/$file" "$text" &&
    if [ -s "$WORK/err" ]; then bad "extension_$file" "a warning: $(cat "$WORK/err")"; else ok "extension_$file"; fi
done
expect extension_contradicted 0 "$SUSTAIN" run "$EXAMPLE" --format json -o "$WORK/contradicted.html" &&
  contains extension_contradicted "$WORK/contradicted.html" '"schema": "sustain-plan/1"' &&
  contains extension_contradicted "$WORK/err" "warning: $WORK/contradicted.html is written as json (--format), though its extension is that of html" &&
  ok extension_contradicted
copy_example
sed -i 's/^suppress_below = 5$/suppress_below = 5\nformat = markdown/' "$WORK/ex/assessment.ini"
expect extension_config_format 0 "$SUSTAIN" run "$WORK/ex/assessment.ini" -o "$WORK/config.html" &&
  contains extension_config_format "$WORK/config.html" "## Northshire County Council" &&
  contains extension_config_format "$WORK/err" "is written as markdown (the config's format)" && ok extension_config_format

# sustain history writes by the extension too
copy_example
printf '\n[history]\npath = history.db\n' >>"$WORK/ex/assessment.ini"
"$SUSTAIN" run "$WORK/ex/assessment.ini" -o "$WORK/recorded.json" >/dev/null 2>&1
expect extension_history 0 "$SUSTAIN" history "$WORK/ex/assessment.ini" -o "$WORK/history.html" &&
  contains extension_history "$WORK/history.html" "<!DOCTYPE html>" && ok extension_history
expect extension_history_xlsx 2 "$SUSTAIN" history "$WORK/ex/assessment.ini" -o "$WORK/history.xlsx" &&
  contains extension_history_xlsx "$WORK/err" "history.xlsx is a workbook" &&
  if [ -e "$WORK/history.xlsx" ]; then bad extension_history_xlsx "a file was written"; else ok extension_history_xlsx; fi

# sustain check --format json: every problem and warning as an object, for editors and CI
expect check_json 0 "$SUSTAIN" check "$EXAMPLE" --format json &&
  if python3 - "$WORK/out" <<'PY'; then ok check_json; else bad check_json "$(cat "$WORK/out" | head -20)"; fi
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["schema"] == "sustain-check/1" and doc["ok"] is True, doc
assert doc["loaded"]["sources"] == 4 and doc["loaded"]["authorities"] == 2, doc["loaded"]
found = doc["diagnostics"]
assert found and all(d["severity"] == "warning" for d in found), found
assert all(set(d) == {"file", "line", "column", "severity", "message"} for d in found)
assert any(d["file"].endswith("adaptation.lua") and d["line"] == 86 and "adaptations" in d["message"] for d in found)
PY
copy_example
printf '[assessment]\nrules = rules\nfromat = json\n\n[authority a]\nstage = pilot\n' >"$WORK/ex/broken.ini"
expect check_json_errors 1 "$SUSTAIN" check "$WORK/ex/broken.ini" -f json &&
  if python3 - "$WORK/out" "$WORK/ex/broken.ini" <<'PY'; then ok check_json_errors; else bad check_json_errors "$(cat "$WORK/out")"; fi
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["ok"] is False and "loaded" not in doc, doc
(d,) = doc["diagnostics"]
assert d == {"file": sys.argv[2], "line": 3, "column": None, "severity": "error",
             "message": "unknown key 'fromat' in [assessment]: did you mean format?"}, d
PY
expect check_json_records 0 "$SUSTAIN" check "$EXAMPLE" --format json --records "$WORK/flagged.csv" &&
  if python3 - "$WORK/out" "$WORK/flagged.csv" <<'PY'; then ok check_json_records; else bad check_json_records "$(tail -c 400 "$WORK/out")"; fi
import json, sys
doc = json.load(open(sys.argv[1]))  # the records' own line would make this no JSON
records = doc["records"]
assert records["file"] == sys.argv[2] and records["written"] is True, records
assert records["count"] == sum(1 for _ in open(sys.argv[2], encoding="utf-8-sig")) - 1, records
PY
expect check_json_bad_format 2 "$SUSTAIN" check "$EXAMPLE" --format xml && contains check_json_bad_format "$WORK/err" "use text or json" && ok check_json_bad_format

copy_example
echo "an older plan" >"$WORK/plan-out.json"
expect output_written 0 "$SUSTAIN" run "$WORK/ex/assessment.ini" --format json --output "$WORK/plan-out.json" &&
  if [ -s "$WORK/out" ]; then bad output_written "the plan also went to stdout"
  else contains output_written "$WORK/plan-out.json" '"schema": "sustain-plan/1"' && ok output_written; fi

# --- --output that is not a plain file: written into, never replaced --------
# a FIFO receives the plan and stays a FIFO
mkfifo "$WORK/plan.fifo"
cat "$WORK/plan.fifo" >"$WORK/from-fifo" &
reader=$!
expect output_fifo 0 "$SUSTAIN" run "$WORK/ex/assessment.ini" --format json --output "$WORK/plan.fifo"
if [ ! -p "$WORK/plan.fifo" ]; then
  kill "$reader" 2>/dev/null # it waits on a FIFO that no longer has a name
  bad output_fifo "the FIFO was replaced by a $(stat -c %F "$WORK/plan.fifo")"
else wait "$reader"; contains output_fifo "$WORK/from-fifo" '"schema": "sustain-plan/1"' && ok output_fifo; fi
# standard output by name, in a pipe: the plan arrives on the pipe (/dev/fd/1 rather
# than /dev/stdout, a link to it, so that a regression run as root fails instead of
# replacing the system's node)
"$SUSTAIN" run "$WORK/ex/assessment.ini" --format json --output /dev/fd/1 2>"$WORK/err" | cat >"$WORK/piped"
contains output_dev_fd "$WORK/piped" '"schema": "sustain-plan/1"' && ok output_dev_fd
# a symbolic link stays a link, and the file it points to gets the new plan and keeps
# its 0600 mode, whatever the umask
echo "an older plan" >"$WORK/plan-2024.json"
chmod 600 "$WORK/plan-2024.json"
ln -s plan-2024.json "$WORK/latest.json"
(umask 022 && "$SUSTAIN" run "$WORK/ex/assessment.ini" --format json --output "$WORK/latest.json" >"$WORK/out" 2>"$WORK/err")
if [ ! -L "$WORK/latest.json" ]; then bad output_symlink "the link was replaced by a file"
elif [ "$(stat -c %a "$WORK/plan-2024.json")" != 600 ]; then bad output_symlink "the plan's mode became $(stat -c %a "$WORK/plan-2024.json")"
else contains output_symlink "$WORK/plan-2024.json" '"schema": "sustain-plan/1"' && ok output_symlink; fi
# a new plan follows the umask
(umask 077 && "$SUSTAIN" run "$WORK/ex/assessment.ini" --output "$WORK/private-plan.txt" >"$WORK/out" 2>"$WORK/err")
if [ "$(stat -c %a "$WORK/private-plan.txt")" = 600 ]; then ok output_umask
else bad output_umask "umask 077 gave a plan of mode $(stat -c %a "$WORK/private-plan.txt")"; fi

# a plugin named by its file (ending .so) is found beside the INI file
copy_example
cp "$(dirname "$SUSTAIN")/../plugins/csv/csv.so" "$WORK/ex/mycsv.so"
chmod go-w "$WORK/ex/mycsv.so"
sed -i '0,/^plugin = csv/s//plugin = mycsv.so/' "$WORK/ex/assessment.ini"
expect plugin_by_file 0 "$SUSTAIN" check "$WORK/ex/assessment.ini" && ok plugin_by_file
chmod g+w "$WORK/ex/mycsv.so"
expect writable_plugin_refused 1 "$SUSTAIN" check "$WORK/ex/assessment.ini" &&
  contains writable_plugin_refused "$WORK/err" "writable by group or others" && ok writable_plugin_refused

# --- sustain test: rule-pack tests in Lua ---------------------------------
expect rule_tests_pass 0 "$SUSTAIN" test tests/cli/testpack && contains rule_tests_pass "$WORK/out" "5 passed, 0 failed" &&
  contains rule_tests_pass "$WORK/out" "tests/cli/testpack:lead.untested" && ok rule_tests_pass
# a test that runs a rule on its own tests it, though it reads only the overall score
mkdir -p "$WORK/alone" && cp tests/cli/testpack/pack.lua "$WORK/alone/"
cat >"$WORK/alone/pack_test.lua" <<'LUA'
test("lead.untested on its own", function(t)
  local r = t:run { rule = "lead.untested", stage = "pilot" }
  t:ok(r.stage == "pilot")
end)
LUA
expect rule_tests_alone 0 "$SUSTAIN" test "$WORK/alone" && contains rule_tests_alone "$WORK/out" "1 passed, 0 failed" &&
  contains rule_tests_alone "$WORK/out" "alone:voice.changed" &&
  if grep -q "lead.untested" "$WORK/out"; then bad rule_tests_alone "a rule run alone is listed as untested"; else ok rule_tests_alone; fi
# a deliberately wrong expectation, kept out of the tree so `sustain test` there stays green
mkdir -p "$WORK/failing" && cp tests/cli/testpack/pack.lua "$WORK/failing/"
cat >"$WORK/failing/pack_test.lua" <<'LUA'
test("a wrong expectation", function(t)
  local r = t:run { rule = "voice.changed", stage = "pilot", data = { people = { {changed = "no"} } } }
  t:near(r.rules["voice.changed"].score, 75, 0.1, "score of voice.changed")
end)

test("an unknown rule", function(t)
  t:run { rule = "voice.nope", stage = "pilot" }
end)
LUA
expect rule_tests_fail 1 "$SUSTAIN" test "$WORK/failing" &&
  contains rule_tests_fail "$WORK/out" "failing/pack_test.lua:3: a wrong expectation: score of voice.changed: expected 75 (within 0.1), got 0" &&
  contains rule_tests_fail "$WORK/out" "an unknown rule" && contains rule_tests_fail "$WORK/out" "failing/pack_test.lua:7: an unknown rule: t:run: the pack has no rule or context item 'voice.nope'" &&
  contains rule_tests_fail "$WORK/out" "0 passed, 2 failed" && ok rule_tests_fail
# inline rows that cannot make a table fail their test with the row and what to give
mkdir -p "$WORK/badrows" && cp tests/cli/testpack/pack.lua "$WORK/badrows/"
cat >"$WORK/badrows/pack_test.lua" <<'LUA'
test("a row that is not a table", function(t)
  t:run { rule = "voice.changed", stage = "pilot", data = { people = { {changed = "no"}, "yes" } } }
end)
test("a key that is not a column name", function(t)
  t:run { rule = "voice.changed", stage = "pilot", data = { people = { {changed = "no", [3] = "x"} } } }
end)
test("a cell that is neither text nor a number", function(t)
  t:run { rule = "voice.changed", stage = "pilot", data = { people = { {changed = true} } } }
end)
test("rows of text and numbers, some cells missing", function(t)
  local r = t:run { rule = "voice.changed", stage = "pilot",
                    data = { people = { {changed = "yes", age = 19}, {changed = "no"} } } }
  t:near(r.rules["voice.changed"].score, 50, 0.1)
end)
LUA
expect rule_tests_bad_rows 1 "$SUSTAIN" test "$WORK/badrows" &&
  contains rule_tests_bad_rows "$WORK/out" "pack_test.lua:2: a row that is not a table: data.people: row 2 is not a table" &&
  contains rule_tests_bad_rows "$WORK/out" "pack_test.lua:5: a key that is not a column name: data.people: row 1 has a key that is not a column name" &&
  contains rule_tests_bad_rows "$WORK/out" "pack_test.lua:8: a cell that is neither text nor a number: data.people: row 1, column changed holds a boolean; give text or a number" &&
  contains rule_tests_bad_rows "$WORK/out" "1 passed, 3 failed" && ok rule_tests_bad_rows
expect rule_tests_select 0 "$SUSTAIN" test tests/cli/testpack --run fixture && contains rule_tests_select "$WORK/out" "2 passed, 0 failed" && ok rule_tests_select
expect rule_tests_none 1 "$SUSTAIN" test examples/starter/data && contains rule_tests_none "$WORK/err" "no test files" && ok rule_tests_none
expect rule_tests_config 1 "$SUSTAIN" test examples/starter/assessment.ini &&
  contains rule_tests_config "$WORK/err" "assessment.ini: is a config, not a test file" && ok rule_tests_config

# --- sustain check lints the pack against the data ------------------------
copy_example
cat >"$WORK/ex/rules/zz_lint.lua" <<'LUA'
rule {
  id = "coproduction.misspelt",
  ingredient = "coproduction",
  title = "Names a column the table lacks",
  needs = { "participation", "surveys" },
  assess = function(a)
    local p = a.data.participation
    return 100 * p:where { level = "led" }:share { changed_decison = "yes" }
  end,
}
LUA
printf '\n[weights]\nadaptation = 0\n' >>"$WORK/ex/assessment.ini"
expect check_lints 0 "$SUSTAIN" check "$WORK/ex/assessment.ini" &&
  contains check_lints "$WORK/err" "zz_lint.lua:8: table 'participation' has no column 'changed_decison'; did you mean 'changed_decision'?" &&
  contains check_lints "$WORK/err" "zz_lint.lua:1: rule 'coproduction.misspelt' needs the table 'surveys'" &&
  contains check_lints "$WORK/err" "can never count: ingredient 'adaptation' weighs 0" &&
  if grep -q "no column 'level'" "$WORK/err"; then bad check_lints "a real column was reported"; else ok check_lints; fi

# --profile N, -p N and --profile=N alike; without a number, 10; a config is no number
for form in "--profile=3" "--profile 3" "-p 3" "-p3"; do
  # shellcheck disable=SC2086 # the form is split on purpose
  if expect "profile $form" 0 "$SUSTAIN" run "$EXAMPLE" $form --format json; then
    if [ "$(grep -c 'rules/ingredients/' "$WORK/err")" -eq 3 ]; then ok "profile $form"
    else bad "profile $form" "expected 3 rule lines" "$(cat "$WORK/err")"; fi
  fi
done
expect profile_default 0 "$SUSTAIN" run --profile "$EXAMPLE" --format json &&
  if [ "$(grep -c 'rules/ingredients/' "$WORK/err")" -eq 10 ]; then ok profile_default
  else bad profile_default "expected 10 rule lines" "$(cat "$WORK/err")"; fi
expect profile_zero 2 "$SUSTAIN" run "$EXAMPLE" --profile 0 && contains profile_zero "$WORK/err" "--profile 0 must be a whole number above 0" && ok profile_zero

# --- an interrupted run leaves the previous plan as it was -------------------
copy_example
cat >"$WORK/ex/rules/zz_slow.lua" <<'LUA'
rule {
  id = "adaptation.takes_its_time",
  ingredient = "adaptation",
  title = "Counts for a while",
  assess = function(a)
    local n = 0
    for i = 1, 3e7 do n = n + i % 7 end
    return 50
  end,
}
LUA
printf '\n[limits]\ninstructions = 2000000000\n' >>"$WORK/ex/assessment.ini"
for signal in INT TERM; do
  echo "the previous plan" >"$WORK/kept-$signal.json"
  # a shell starts background commands with SIGINT ignored: give it back its default
  env --default-signal=INT,TERM "$SUSTAIN" run "$WORK/ex/assessment.ini" --jobs 1 --format json \
    --output "$WORK/kept-$signal.json" >/dev/null 2>&1 &
  pid=$!
  sleep 0.3
  kill -s "$signal" "$pid" 2>/dev/null
  wait "$pid"
  status=$?
  if [ "$status" -lt 128 ]; then bad "interrupted_$signal" "the run ended ($status) before the signal: make the slow rule slower"
  elif [ "$(cat "$WORK/kept-$signal.json")" != "the previous plan" ]; then bad "interrupted_$signal" "the previous plan was changed"
  elif ls "$WORK" | grep -q "kept-$signal.json.tmp"; then bad "interrupted_$signal" "a temporary file was left behind"
  else ok "interrupted_$signal"; fi
done

# --- the progress bar: on a terminal, after a second, never with --quiet -----
if command -v script >/dev/null 2>&1; then
  sed -i 's/3e7/6e7/' "$WORK/ex/rules/zz_slow.lua" # two authorities: well over a second
  script -qc "'$SUSTAIN' run '$WORK/ex/assessment.ini' --jobs 1 -o '$WORK/bar.json'" /dev/null >"$WORK/tty" 2>&1
  script -qc "'$SUSTAIN' run '$WORK/ex/assessment.ini' --jobs 1 --quiet -o '$WORK/bar.json'" /dev/null >"$WORK/tty-quiet" 2>&1
  "$SUSTAIN" run "$WORK/ex/assessment.ini" --jobs 1 -o "$WORK/bar.json" 2>"$WORK/no-tty" >/dev/null
  if ! grep -q "2/2 authorities" "$WORK/tty"; then bad progress_bar "no bar on a terminal for a slow run" "$(od -c "$WORK/tty" | tail -3)"
  elif grep -q "authorities" "$WORK/tty-quiet" "$WORK/no-tty"; then bad progress_bar "a bar with --quiet or without a terminal"
  else ok progress_bar; fi
fi

# --- text fits the page: 80 columns when not a terminal, COLUMNS, the tty's width ---
# widest NAME FILE MAX [MIN]: no line of FILE is wider than MAX columns (characters), and
# some line is wider than MIN when given
widest() {
  if python3 - "$2" "$3" "${4:-0}" <<'PY'; then ok "$1"; else bad "$1" "lines too wide, or none wider than ${4:-0}"; fi
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
widest = max(len(line) for line in lines)
too_wide = [line for line in lines if len(line) > int(sys.argv[2])]
for line in too_wide[:3]: print("    " + line)
sys.exit(1 if too_wide or widest <= int(sys.argv[3]) else 0)
PY
}
"$SUSTAIN" run examples/three-authorities/assessment.ini --explain >"$WORK/wrapped.txt" 2>/dev/null
widest wrap_80 "$WORK/wrapped.txt" 80 70
COLUMNS=120 "$SUSTAIN" run examples/three-authorities/assessment.ini --explain >"$WORK/wrapped.txt" 2>/dev/null
widest wrap_columns "$WORK/wrapped.txt" 120 80
"$SUSTAIN" run examples/three-authorities/assessment.ini -o "$WORK/wrapped-file.txt" 2>/dev/null
widest wrap_file "$WORK/wrapped-file.txt" 80 70
if command -v script >/dev/null 2>&1; then
  script -qc "stty cols 100; env -u COLUMNS '$SUSTAIN' run examples/three-authorities/assessment.ini --color=never" /dev/null 2>&1 | tr -d '\r' >"$WORK/wrapped-tty.txt"
  widest wrap_tty "$WORK/wrapped-tty.txt" 100 80
fi
# a list item's lines hang under its text
contains wrap_hanging "$WORK/wrapped-file.txt" "       Why: Some care leavers aged 17 to 21 are in custody: DfE counts custody
         as unsuitable accommodation" && ok wrap_hanging

# --- --explain: the arithmetic holds, shares read as percentages --------------
expect explain_arithmetic 0 env COLUMNS=1000 "$SUSTAIN" run examples/three-authorities/assessment.ini --explain &&
  if python3 - "$WORK/out" <<'PY'; then ok explain_arithmetic; else bad explain_arithmetic "$(head -c 600 "$WORK/out")"; fi
import re, sys
text = open(sys.argv[1], encoding="utf-8").read().replace("\u00a0", " ")  # no-break spaces
sums = list(re.finditer(r"\(([\d. x+]+)\) / ([\d.]+) = ([\d.]+)(%?)", text))
assert len(sums) >= 3 * (5 + 2), len(sums)  # three authorities: 5 ingredients, overall, rule coverage
for m in sums:
    terms = [t.split(" x ") for t in m.group(1).split(" + ")]
    value = sum(float(a) * float(b) for a, b in terms) / float(m.group(2))
    if m.group(4): value *= 100
    tolerance = 0.6 if m.group(4) else 0.15  # the terms are rounded as shown
    assert abs(value - float(m.group(3))) <= tolerance, (m.group(0), value)
bands = re.findall(r"Band: ([\d.]+) is (?:at least (\d+)(?: and below (\d+))?|below (\d+)): (.+)", text)
assert len(bands) == 3, bands
for score, low, high, below, label in bands:
    score = float(score)
    assert (not low or score >= float(low)) and (not high or score < float(high)) and (not below or score < float(below)), (score, low, high, below)
PY
expect shares_text 0 "$SUSTAIN" run "$EXAMPLE" --explain &&
  contains shares_text "$WORK/out" "England, aged 19 to 21 (DfE, 2024): 54%" &&
  contains shares_text "$WORK/out" "Share of them that changed a decision: 60%" && ok shares_text
expect shares_markdown 0 "$SUSTAIN" run "$EXAMPLE" --format markdown --explain &&
  contains shares_markdown "$WORK/out" "- England, aged 19 to 21 (DfE, 2024): 54%" && ok shares_markdown

# --- colour: --color, NO_COLOR (only when not empty) and TERM=dumb ------------
esc=$(printf '\033[')
# colored NAME WANT FILE: the file holds escape codes (WANT yes) or none (no)
colored() {
  if grep -qF "$esc" "$3"; then got=yes; else got=no; fi
  if [ "$got" = "$2" ]; then ok "$1"; else bad "$1" "colour: $got, expected $2" "$(head -c 300 "$3" | od -c | head -5)"; fi
}
if command -v script >/dev/null 2>&1; then
  for case in "tty_colour::xterm:auto:yes" "tty_no_color_empty::xterm:auto:yes" "tty_no_color_set:1:xterm:auto:no" \
              "tty_term_dumb::dumb:auto:no" "tty_never::xterm:never:no" "tty_always_over_no_color:1:dumb:always:yes"; do
    IFS=: read -r name no_color term mode want <<EOF_CASE
$case
EOF_CASE
    if [ "$name" = tty_colour ]; then no_color_setting="-u NO_COLOR"; else no_color_setting="NO_COLOR=$no_color"; fi
    script -qc "env $no_color_setting TERM=$term '$SUSTAIN' run '$EXAMPLE' --color=$mode" /dev/null >"$WORK/tty-colour" 2>&1
    colored "$name" "$want" "$WORK/tty-colour"
  done
fi
"$SUSTAIN" run "$EXAMPLE" --color=always >"$WORK/piped-colour" 2>/dev/null
colored pipe_always yes "$WORK/piped-colour"
"$SUSTAIN" run "$EXAMPLE" >"$WORK/piped-plain" 2>/dev/null
colored pipe_auto no "$WORK/piped-plain"
expect colour_bad 2 "$SUSTAIN" run "$EXAMPLE" --color=sometimes && contains colour_bad "$WORK/err" "use auto, always or never" && ok colour_bad

# the plugin ABI of this tree's header, as sustain plugins shows it
ABI=$(sed -n 's/^#define SUSTAIN_PLUGIN_ABI_MAJOR //p' engine/include/sustain/plugin.h).$(sed -n \
  's/^#define SUSTAIN_PLUGIN_ABI_MINOR //p' engine/include/sustain/plugin.h)
expect plugins_list 0 "$SUSTAIN" plugins && contains plugins_list "$WORK/out" "csv 1.4.0 (ABI $ABI)" &&
  contains plugins_list "$WORK/out" "delimiter" && ok plugins_list

finish
