#!/bin/sh
# The malformed-input suite: damaged copies of examples/starter run through the
# built `sustain`. Refused inputs must give a located `file:line[:column]:
# message` on stderr, exit 1, write no plan and leave an existing output file
# (and its folder) exactly as it was. Accepted inputs must give exactly the plan
# of the tidy files. Usage: run.sh SUSTAIN SOURCE_ROOT
# Prints a summary in cmocka's form, so tests/summary.py counts the cases.
set -u
SUSTAIN=$1
ROOT=$2
cd "$ROOT" || exit 1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sustain-malformed-XXXXXX")
trap 'chmod -R u+rwx "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
EX=$WORK/ex
INI=$EX/assessment.ini
DATA=$EX/data

. tests/cases.sh # the working folder is ROOT

# A private copy of the starter example (data, rule pack, config).
fresh() {
  rm -rf "$EX" && mkdir -p "$EX"
  cp -r examples/starter/data "$DATA"
  cp -r rules/ingredients "$EX/rules"
  sed 's#^rules = .*#rules = rules#' examples/starter/assessment.ini >"$INI"
}

fresh
"$SUSTAIN" run "$INI" --format json >"$WORK/tidy.json" 2>"$WORK/tidy.err"
tidy_status=$?
if [ "$tidy_status" -ne 0 ] || [ ! -s "$WORK/tidy.json" ]; then
  bad tidy_baseline "the tidy example gave exit status $tidy_status" "$(head -c 400 "$WORK/tidy.err")"
fi

# refused NAME PATTERN [CONFIG]: the run exits 1 with a stderr line matching the
# extended regex PATTERN; the previous plan in kept.json is untouched, no temp
# file is left beside it, and a plan to a new file is never created.
refused() {
  name=$1 pattern=$2 config=${3:-$INI}
  mkdir -p "$WORK/out" && rm -f "$WORK/out/"*
  printf 'the previous plan\n' >"$WORK/out/kept.json"
  "$SUSTAIN" run "$config" --format json --output "$WORK/out/kept.json" >"$WORK/stdout" 2>"$WORK/stderr"
  status=$?
  "$SUSTAIN" run "$config" --format json --output "$WORK/out/new.json" >/dev/null 2>&1
  problems=""
  [ "$status" -eq 1 ] || problems="exit status $status, expected 1;"
  grep -Eq -- "$pattern" "$WORK/stderr" || problems="$problems stderr lacks /$pattern/;"
  [ "$(cat "$WORK/out/kept.json")" = "the previous plan" ] || problems="$problems the previous plan was changed;"
  [ ! -e "$WORK/out/new.json" ] || problems="$problems a plan was written;"
  [ "$(ls -A "$WORK/out")" = "kept.json" ] || problems="$problems files left behind: $(ls -A "$WORK/out" | tr '\n' ' ');"
  [ -s "$WORK/stdout" ] && problems="$problems something was printed on stdout;"
  if [ -z "$problems" ]; then ok "$name"
  else bad "$name" "$problems" "stderr: $(head -c 600 "$WORK/stderr")"; fi
}

# accepted NAME: the run exits 0 and the JSON plan is byte for byte the tidy one.
accepted() {
  name=$1
  "$SUSTAIN" run "$INI" --format json >"$WORK/got.json" 2>"$WORK/stderr"
  status=$?
  if [ "$status" -ne 0 ]; then
    bad "$name" "exit status $status, expected 0" "stderr: $(head -c 600 "$WORK/stderr")"
  elif ! cmp -s "$WORK/tidy.json" "$WORK/got.json"; then
    bad "$name" "the plan differs from the tidy file's:" "$(diff "$WORK/tidy.json" "$WORK/got.json" | head -12)"
  else ok "$name"; fi
}

# set_key KEY VALUE: replaces the first `KEY = ...` line of the config.
set_key() { sed -i "0,/^$1 = .*/s//$1 = $2/" "$INI"; }

CSV=$DATA/leadership.csv
L='[^ ]*leadership\.csv'
A='[^ ]*assessment\.ini'

# --- the INI config: refused ---------------------------------------------
fresh; long=$(printf '%0250d' 0); set_key name "$long"
refused ini_overlong_line "$A:4: line is [0-9]+ characters long; the limit is 197"
fresh; sed -i '/^\[assessment\]/d' "$INI"
refused ini_missing_section "$A: no \[assessment\] section"
fresh; sed -i 's/^name = Northshire County Council/&\nname = Northshire again/' "$INI"
refused ini_duplicate_key "$A:[0-9]+: 'name' is set twice in \[authority northshire\]"
fresh; printf '\n[authority southvale]\nname = again\n' >>"$INI"
refused ini_duplicate_section "$A:[0-9]+: section \[authority southvale\] is repeated"
fresh; set_key suppress_below five
refused ini_bad_number "$A:7: suppress_below must be a whole number"
fresh; set_key date 2024-02-30
refused ini_bad_date "$A:5: date '2024-02-30' is not a date"
fresh; set_key pilot_end 2023-13-01
refused ini_bad_pilot_date "$A:[0-9]+: .*2023-13-01"
fresh; printf '\n[limits]\nmemory_mb = 8192\n' >>"$INI"
refused ini_limit_out_of_range "$A:[0-9]+: memory_mb must be a whole number"
fresh; printf '\n[weights]\ncoproduction = nan\n' >>"$INI"
refused ini_weight_nan "$A:[0-9]+: weight of 'coproduction' must be a number"
fresh; sed -i '0,/^plugin = csv/s//plugin = excel/' "$INI"
refused ini_unknown_plugin "$A:10: .*excel"
fresh; set_key rules nowhere
refused ini_rules_missing "$A:6: rules: 'nowhere'"
fresh; sed -i 's/^suppress_below = 5/&\noutput = data/' "$INI"
refused ini_output_is_folder "$A:8: .*folder"
fresh; printf 'just some words\n' >>"$INI"
refused ini_not_key_value "$A:[0-9]+: this line is not 'key = value'"
fresh; : >"$INI"
refused ini_empty_file "$A: the config file is empty"
fresh; printf '\n; a comment\0with a NUL\n' >>"$INI"
refused ini_nul_byte "$A:[0-9]+: the file contains a NUL byte"
fresh; sed -i 's/^name = Southvale Borough Council/name = Southvale \xe9 Council/' "$INI"
refused ini_invalid_utf8 "$A:[0-9]+: .*UTF-8"
fresh
refused ini_config_is_folder "[^ ]*data: this is a folder, not a config file" "$DATA"
fresh
refused ini_config_missing "[^ ]*absent\.ini: cannot open the config file" "$EX/absent.ini"

# --- the CSV data: refused ------------------------------------------------
fresh; printf 'la,role,level,active,since\nnorthshire,"Director,senior,yes,2020-04-01\n' >"$CSV"
refused csv_unterminated_quote "$L:2:12: "
fresh; printf 'la,role,level,active,since\nnorthshire,Director,senior,yes\n' >"$CSV"
refused csv_ragged_short "$L:2:[0-9]+: row has 4 fields; the header has 5"
fresh; printf 'la,role,level,active,since\nnorthshire,Director,senior,yes,2020-04-01,extra\n' >"$CSV"
refused csv_ragged_long "$L:2:[0-9]+: row has 6 fields; the header has 5"
fresh; printf 'la,role,level,active,since\nnorthshire,Dir\351ctor,senior,yes,2020-04-01\n' >"$CSV"
refused csv_invalid_utf8 "$L:2:15: invalid UTF-8"
fresh; printf 'la,role,level,active,since\nnorthshire,Dir\000,senior,yes,2020-04-01\n' >"$CSV"
refused csv_nul_byte "$L:2:15: NUL byte"
fresh; printf 'la,role,level,level,since\nnorthshire,Director,senior,yes,2020-04-01\n' >"$CSV"
refused csv_duplicate_columns "$L:1:[0-9]+: columns 3 and 4 of the header have the same name"
fresh; printf 'la,role,level,active,since\nnorthshire,Dir"ector,senior,yes,2020-04-01\n' >"$CSV"
refused csv_stray_quote "$L:2:15: quote inside an unquoted field"
fresh; printf 'la,role,level,active,since\nnorthshire,"Director"s,senior,yes,2020-04-01\n' >"$CSV"
refused csv_text_after_quote "$L:2:22: unexpected character after the closing quote"
fresh; : >"$CSV"
refused csv_empty_file "$L: file is empty"
fresh; rm "$CSV" && mkdir "$CSV"
refused csv_path_is_folder "$A:[0-9]+: .*leadership\.csv|$L.*folder"
fresh; rm "$CSV"
refused csv_missing_file "$A:[0-9]+: .*leadership\.csv|$L.*(No such file|does not exist)"
fresh; sed -i '0,/^path = data\/leadership.csv/s//&\ntypes = since:date/' "$INI"
printf 'la,role,level,active,since\nnorthshire,Director,senior,yes,2020-04-01\nnorthshire,Lead,middle,yes,soon\n' >"$CSV"
refused csv_value_of_the_wrong_type "$L:3:[0-9]+: "
fresh; sed -i '0,/^authority_column = la/s//authority_column = council/' "$INI"
refused csv_authority_column_missing "council"

# --- accepted: exactly the tidy plan --------------------------------------
# each of these rewrites every CSV file of the example with awk
rewrite_all() {
  for f in "$DATA"/*.csv; do awk "$1" "$f" >"$f.new" && mv "$f.new" "$f"; done
}
fresh; for f in "$DATA"/*.csv; do { printf '\357\273\277'; cat "$f"; } >"$f.new" && mv "$f.new" "$f"; done
accepted csv_utf8_bom
fresh; rewrite_all '{ printf "%s\r\n", $0 }'
accepted csv_crlf
fresh; rewrite_all '{ printf "%s%s", $0, (NR % 3 == 0 ? "\r\n" : NR % 3 == 1 ? "\n" : "\r") }'
accepted csv_mixed_line_endings
fresh; rewrite_all 'BEGIN { FS = ","; OFS = "," } { for (i = 1; i <= NF; i++) { gsub(/"/, "\"\"", $i); $i = "\"" $i "\"" } print }'
accepted csv_every_field_quoted
fresh; for f in "$DATA"/*.csv; do printf '%s' "$(cat "$f")" >"$f.new" && mv "$f.new" "$f"; done
accepted csv_no_final_newline
fresh; rewrite_all '{ print; if (NR == 1) print "" }'
accepted csv_blank_lines
fresh; rewrite_all 'NR == 1 { print $0 ",notes"; next } { print $0 ",\"a, b; \"\"quoted\"\"\nand a second line\"" }'
accepted csv_extra_column_commas_quotes_newlines
fresh
awk 'BEGIN { big = "x"; while (length(big) < 1048576) big = big big }
     NR == 1 { print $0 ",blob"; next } { print $0 ",\"" big "\"" }' "$CSV" >"$CSV.new" && mv "$CSV.new" "$CSV"
if [ "$(wc -c <"$CSV")" -gt 1048576 ]; then accepted csv_one_megabyte_field
else bad csv_one_megabyte_field "the test could not write a 1 MB field"; fi
fresh; { printf '\357\273\277'; sed 's/$/\r/' "$INI"; } >"$INI.new" && mv "$INI.new" "$INI"
accepted ini_bom_and_crlf

# a header-only CSV is an empty table: the rules that need it are not assessed,
# nothing is divided by zero, and the plan is still written
fresh; head -1 examples/starter/data/care_leavers.csv >"$DATA/care_leavers.csv"
"$SUSTAIN" run "$INI" --format json >"$WORK/empty.json" 2>"$WORK/stderr"
status=$?
if [ "$status" -ne 0 ]; then bad csv_header_only "exit status $status, expected 0" "$(head -c 400 "$WORK/stderr")"
elif grep -Eqi ': *"?-?(nan|inf|infinity)"?,?$|"status": "error"' "$WORK/empty.json"; then
  bad csv_header_only "the plan holds NaN, infinity or an error" "$(grep -Ein ': *"?-?(nan|inf|infinity)"?,?$|"error"' "$WORK/empty.json" | head -3)"
elif ! grep -q "the table 'care_leavers' has no rows for northshire" "$WORK/empty.json"; then bad csv_header_only "no rule says care_leavers has no rows"
elif cmp -s "$WORK/tidy.json" "$WORK/empty.json"; then bad csv_header_only "the plan did not change"
else
  for format in text markdown csv html; do
    "$SUSTAIN" run "$INI" --format $format >"$WORK/empty.$format" 2>>"$WORK/stderr" || status=$?
  done
  if [ "$status" -ne 0 ] || grep -Eqi '\bnan\b|\binf\b' "$WORK"/empty.text "$WORK"/empty.markdown "$WORK"/empty.csv; then
    bad csv_header_only "another format failed or shows NaN/inf" "$(head -c 400 "$WORK/stderr")"
  else ok csv_header_only; fi
fi

finish
