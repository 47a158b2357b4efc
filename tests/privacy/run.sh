#!/bin/sh
# Disclosure control, through the built `sustain`.
# 1. A recognisable child identifier is planted in every table of a copy of the
#    starter example (in the CHILD and respondent columns, and in a new column
#    of every table). No output may show it: every format `sustain run` offers,
#    with and without --explain, to stdout and to a file; stderr; `sustain
#    check`. A control run with a rule that records the identifier on purpose
#    proves the search would find it.
# 2. Figures from fewer than suppress_below people are shown as `c` in every
#    format, and data-quality counts below it too; larger figures are shown.
# 3. A CSV file without a header row: its first record (an identifier, a date of
#    birth) never appears in a message, and the messages say what to check.
# 4. Escape sequences, C1 controls and bidirectional overrides in a rule's error,
#    a header name and a rule file's name never reach stderr or stdout raw.
# 5. The Markdown plan and history, rendered by cmark-gfm (Debian's cmark-gfm,
#    skipped visibly without it): no image, link, HTML or emphasis from data.
# Usage: run.sh SUSTAIN SOURCE_ROOT. Prints a summary in cmocka's form.
# KEEP_WORK=1 keeps the work folder for a look after a failure.
set -u
SUSTAIN=$1
ROOT=$2
cd "$ROOT" || exit 1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sustain-privacy-XXXXXX")
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT
PLANTED=ZZ-PLANTED-4471
EX=$WORK/ex
INI=$EX/assessment.ini

. tests/cases.sh # the working folder is ROOT

# The formats `sustain run --help` lists.
formats=""
help=$("$SUSTAIN" run --help 2>&1)
for format in text markdown json csv html; do
  echo "$help" | grep -q "$format" && formats="$formats $format"
done

# --- 1. the planted identifier ---------------------------------------------
rm -rf "$EX" && mkdir -p "$EX"
cp -r examples/starter/data "$EX/data"
cp -r rules/ingredients "$EX/rules"
sed 's#^rules = .*#rules = rules#' examples/starter/assessment.ini >"$INI"
for f in "$EX"/data/*.csv; do
  awk -v id="$PLANTED" 'BEGIN { FS = OFS = "," }
    NR == 1 { for (i = 1; i <= NF; i++) if ($i == "CHILD" || $i == "respondent") c[i] = 1
              print $0, "child_ref"; next }
    { for (i in c) if (NR % 2 == 0) $i = id
      print $0, id }' "$f" >"$f.new" && mv "$f.new" "$f"
done
planted_rows=$(cat "$EX"/data/*.csv | grep -c "$PLANTED")

# leaks NAME: searches every output of the runs below; prints where it is found.
leaks() {
  grep -rl -- "$PLANTED" "$1" 2>/dev/null | sed "s#^$WORK/##" | tr '\n' ' '
}

# run_all DIR: every format, with and without --explain, to stdout and a file.
run_all() {
  dir=$1
  mkdir -p "$dir"
  statuses=""
  for format in $formats; do
    for explain in "" --explain; do
      tag=$format${explain:+-explain}
      "$SUSTAIN" run "$INI" --format "$format" $explain >"$dir/$tag.stdout" 2>"$dir/$tag.stderr"
      statuses="$statuses$?"
      "$SUSTAIN" run "$INI" --format "$format" $explain --output "$dir/$tag.file" \
        >"$dir/$tag.file-stdout" 2>"$dir/$tag.file-stderr"
      statuses="$statuses$?"
    done
  done
  "$SUSTAIN" check "$INI" >"$dir/check.stdout" 2>"$dir/check.stderr"
  echo "$statuses"
}

statuses=$(run_all "$WORK/runs")
found=$(leaks "$WORK/runs")
if [ "$planted_rows" -lt 20 ]; then bad planted_identifier "only $planted_rows rows were planted"
elif [ -z "$formats" ]; then bad planted_identifier "sustain run --help lists no format"
elif echo "$statuses" | grep -q '[^0]'; then bad planted_identifier "a run failed (statuses $statuses)" "$(cat "$WORK"/runs/*.stderr | head -5)"
elif [ -n "$found" ]; then bad planted_identifier "the identifier appears in: $found"
else ok planted_identifier; fi

# a data error about a cell holding the identifier locates the cell without
# repeating it: stderr is an output too (terminals, CI logs, support tickets)
sed -i '0,/^authority_column = la/s//&\ntypes = CHILD:number/' "$INI"
"$SUSTAIN" run "$INI" >"$WORK/typed.out" 2>"$WORK/typed.err"
typed_status=$?
sed -i '/^types = CHILD:number$/d' "$INI"
if [ "$typed_status" -ne 1 ]; then bad data_error_identifier "exit status $typed_status, expected 1 (a text CHILD declared as numbers)"
elif grep -q -- "$PLANTED" "$WORK/typed.out" "$WORK/typed.err"; then
  bad data_error_identifier "the error message repeats the identifier:" "$(head -c 300 "$WORK/typed.err")"
elif ! grep -Eq 'care_leavers\.csv:[0-9]+:[0-9]+: ' "$WORK/typed.err"; then
  bad data_error_identifier "the error does not locate the cell as file:line:column:" "$(head -c 300 "$WORK/typed.err")"
else ok data_error_identifier; fi

# the control: a rule that writes the identifier into its evidence is caught
cat >"$EX/rules/zz_leak.lua" <<'LUA'
rule {
  id = "adaptation.leaks_an_identifier",
  ingredient = "adaptation",
  title = "Records a child's identifier (the privacy test's control)",
  needs = { "care_leavers" },
  assess = function(a)
    for row in a.data.care_leavers:rows() do
      if row.child_ref then
        a:evidence("A child", row.child_ref)
        a:action { id = "adaptation.leak", title = "Call " .. row.child_ref, owner = "nobody",
                   effort = "low", impact = 50, why = "to show the search finds " .. row.child_ref }
        break
      end
    end
    return 50
  end,
}
LUA
run_all "$WORK/control" >/dev/null
found=$(leaks "$WORK/control")
missed=""
for format in $formats; do
  echo "$found" | grep -q "control/$format.stdout" || echo "$found" | grep -q "control/$format-explain.stdout" ||
    missed="$missed $format"
done
rm "$EX/rules/zz_leak.lua"
if [ -n "$missed" ]; then bad planted_identifier_control "the search missed the identifier a rule recorded in:$missed"
else ok planted_identifier_control; fi

# --- 2. small numbers are shown as c ----------------------------------------
# Three authorities of 4, 6 and 12 people. No small count (1 to 4) may be found
# from any figure, in any format: not from a figure about too few people, not
# from a share (1 of 6 is one person; 5 of 6 leaves one out), and not from two
# counts in one rule whose difference is small (6 asked, 5 did not change: 1
# did). The pack's own figures on the starter example follow the same rule.
SP=$WORK/small
mkdir -p "$SP/rules"
{
  echo "la,person,changed,age,flag"
  printf 'small,%s\n' "1,yes,17,bad" "2,yes,18,bad" "3,no,18," "4,,16,"
  printf 'big,%s\n' "5,yes,19,bad" "6,no,20,bad" "7,no,19,bad" "8,no,20,bad" "9,no,19,bad" "10,no,20,bad"
  for i in 1 2 3 4 5 6; do printf 'large,%s\n' "1$i,yes,19," "2$i,no,21,"; done
} >"$SP/people.csv"
cat >"$SP/assessment.ini" <<'INI'
[assessment]
name = Suppression
date = 2024-03-31
rules = rules
suppress_below = 5

[source people]
plugin = csv
path = people.csv
authority_column = la

[authority small]
stage = pilot

[authority big]
stage = pilot

[authority large]
stage = pilot
INI
cat >"$SP/rules/pack.lua" <<'LUA'
model { ingredients = { "voice" }, bands = { { min = 0, label = "any" } } }
check { id = "flagged_rows", table = "people", message = "rows flagged bad", where = { flag = "bad" } }
rule {
  id = "voice.small_numbers", ingredient = "voice", title = "Figures from few or many people",
  needs = { "people" },
  assess = function(a)
    local p, who = a.data.people, a.id .. ": "
    local share, n = p:share { changed = "yes" }
    a:evidence(who .. "Share changed", share, n)
    local mean, m = p:mean("age")
    a:evidence(who .. "Mean age", mean, m)
    local k = p:count { changed = "yes" }
    a:evidence(who .. "People who changed", k, k)
    a:evidence(who .. "People asked", n, { n = n })
    local rest = p:count { changed = "no" }
    a:evidence(who .. "People who did not change", rest, rest)
    return 50
  end,
}
LUA
mkdir -p "$WORK/sup"
sup_status=""
for format in $formats; do
  "$SUSTAIN" run "$SP/assessment.ini" --format "$format" --explain >"$WORK/sup/$format" 2>"$WORK/sup/$format.err"
  sup_status="$sup_status$?"
done
problems=""
echo "$sup_status" | grep -q '[^0]' && problems="a run failed ($sup_status): $(cat "$WORK"/sup/*.err | head -3);"
if [ -z "$problems" ]; then
  problems=$(python3 - "$WORK/sup" $formats <<'PY'
import json, re, sys
folder, formats = sys.argv[1], sys.argv[2:]
# what each figure must show: "c", or the figure as every format writes it
expected = {
    "small": {"Share changed": "c", "Mean age": "c", "People who changed": "c",
              "People asked": "c", "People who did not change": "c"},
    "big": {"Share changed": "c", "Mean age": "19.5", "People who changed": "c",
            "People asked": "6", "People who did not change": "c"},
    "large": {"Share changed": "0.5", "Mean age": "20", "People who changed": "6",
              "People asked": "12", "People who did not change": "6"},
}
checks = {"small": "c", "big": 6, "large": None}
wrong = []
for fmt in formats:
    if fmt == "csv":  # the ranked actions only: no evidence, no data quality
        continue
    text = open(f"{folder}/{fmt}").read()
    if fmt == "json":
        plan = json.loads(text)
        shown = {e["label"]: e["value"] for a in plan["authorities"] for i in a["ingredients"]
                 for r in i["rules"] for e in r["evidence"]}
        shown = {k: ("c" if v == "c" else re.sub(r"\.0$", "", str(v))) for k, v in shown.items()}
        for a in plan["authorities"]:
            counts = {d["check"]: d["count"] for d in a["data_quality"]}
            if counts.get("flagged_rows") != checks[a["id"]]:
                wrong.append(f"json: {a['id']} flagged_rows = {counts.get('flagged_rows')!r}")
    else:
        shown = {}
        for who, figures in expected.items():
            for label in figures:
                found = re.search(re.escape(f"{who}: {label}") +
                                  r': (?:<span class="suppressed">)?([^\s<;|]+)', text)
                shown[f"{who}: {label}"] = found.group(1) if found else None
    for who, figures in expected.items():
        for label, value in figures.items():
            got = shown.get(f"{who}: {label}")
            if got != value:
                wrong.append(f"{fmt}: {who}: {label} = {got!r}, expected {value!r}")
    for small_figure in ["17.25", "17.3", "0.1667", "16.7", "17%", "0.8333", "83%"]:
        if small_figure in text:
            wrong.append(f"{fmt} holds {small_figure}")
print("; ".join(wrong))
PY
)
fi
# the default pack on the starter example: every share of care leavers is of a
# count and a rest of at least 5, or c (4 of 7 in EET was once shown as 0.5714)
"$SUSTAIN" run examples/starter/assessment.ini --format json >"$WORK/sup/starter.json" 2>/dev/null
grep -q '"value": 0.5714' "$WORK/sup/starter.json" && problems="$problems the starter plan shows 0.5714 (4 of 7);"
if [ -z "$problems" ]; then ok small_numbers_suppressed
else bad small_numbers_suppressed "$problems"; fi

# --- 3. a file without a header row: its first record is data --------------
# Its fields become the column names; no message may repeat them, in any command.
HL=$WORK/headerless
rm -rf "$HL" && mkdir -p "$HL"
cp -r examples/starter/data "$HL/data"
cp -r rules/ingredients "$HL/rules"
FIRST_ID=ZZ-FIRST-ROW-9183
FIRST_DOB=29/02/2004
{ echo "northshire,$FIRST_ID,$FIRST_DOB,YES,F5,B1"; tail -n +2 examples/starter/data/care_leavers.csv; } \
  >"$HL/data/care_leavers.csv"
# as a table every authority reads (no authority_column), and with one
sed -e 's#^rules = .*#rules = rules#' -e '/^path = data\/care_leavers.csv$/{n;d;}' \
  examples/starter/assessment.ini >"$HL/shared.ini"
sed -e 's#^rules = .*#rules = rules#' examples/starter/assessment.ini >"$HL/owned.ini"
sed -e 's#^rules = .*#rules = rules#' -e 's#^path = data/care_leavers.csv$#&\ntypes = CHILD:text#' \
  -e '/^path = data\/care_leavers.csv$/{n;n;d;}' examples/starter/assessment.ini >"$HL/typed.ini"
# a duplicate "0,0" in the first record: the CSV plugin's own message
printf 'la,CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n' >"$HL/dup.csv"
{ echo "$FIRST_ID,$FIRST_DOB,NO,0,0"; } >"$HL/data/participation_dup.csv"
sed -e 's#^rules = .*#rules = rules#' -e 's#data/participation.csv#data/participation_dup.csv#' \
  -e '/^path = data\/participation_dup.csv$/{n;d;}' examples/starter/assessment.ini >"$HL/dup.ini"
hl_out=""
for ini in shared owned typed dup; do
  "$SUSTAIN" run "$HL/$ini.ini" >"$HL/$ini.run.out" 2>"$HL/$ini.run.err"
  "$SUSTAIN" run "$HL/$ini.ini" --format json --explain >"$HL/$ini.json.out" 2>"$HL/$ini.json.err"
  "$SUSTAIN" check "$HL/$ini.ini" >"$HL/$ini.check.out" 2>"$HL/$ini.check.err"
done
found=$(grep -l -e "$FIRST_ID" -e "$FIRST_DOB" "$HL"/*.out "$HL"/*.err 2>/dev/null | sed "s#^$HL/##" | tr '\n' ' ')
hint_missing=""
grep -q "has no column 'IN_TOUCH', and none of its 6 columns has a name near it" "$HL/shared.run.err" ||
  hint_missing="$hint_missing shared.run.err"
grep -q "check the spelling, and that the source's first row names its columns" "$HL/owned.run.err" ||
  hint_missing="$hint_missing owned.run.err"
grep -q "seems to have no header row" "$HL/typed.run.err" || hint_missing="$hint_missing typed.run.err"
grep -q "seems to have no header row" "$HL/dup.run.err" || hint_missing="$hint_missing dup.run.err"
if [ -n "$found" ]; then bad headerless_file_identifiers "the first record's values appear in: $found" "$(grep -h -e "$FIRST_ID" "$HL"/*.err | head -3)"
elif [ -n "$hint_missing" ]; then bad headerless_file_identifiers "no message says what to check in:$hint_missing" "$(head -c 400 "$HL/shared.run.err")"
else ok headerless_file_identifiers; fi

# --- 4. terminal escapes in messages -----------------------------------------
# A rule's error, a header name a message suggests, and a rule file's name carry OSC
# (window title, clipboard), CSI (erase the line), a bell, C1 controls and
# bidirectional overrides. Standard error must hold none of them, only visible escapes.
TE=$WORK/escapes
rm -rf "$TE" && mkdir -p "$TE/rules"
printf 'la,ACCOM\a,n\nnorth,B1,1\nnorth,B1,2\n' >"$TE/people.csv"
cat >"$TE/assessment.ini" <<'INI'
[assessment]
name = Escapes
date = 2024-03-31
rules = rules

[limits]
seconds = 1

[source people]
plugin = csv
path = people.csv
authority_column = la

[authority north]
stage = pilot
INI
cat >"$TE/rules/pack.lua" <<'LUA'
model { ingredients = { "voice" }, bands = { { min = 0, label = "any" } } }
rule {
  id = "voice.raises", ingredient = "voice", title = "Raises an error full of escapes",
  needs = { "people" },
  assess = function(a)
    error("\27]0;pwned\7\27]52;c;ZXZpbA==\7\27[2K\r boom \194\155" .. "2J \226\128\174" .. "desrever \226\129\166x", 0)
  end,
}
rule {
  id = "voice.typo", ingredient = "voice", title = "Asks for a column the header spells with a bell",
  needs = { "people" },
  assess = function(a) return a.data.people:count { ACCOM = "B1" } end,
}
LUA
"$SUSTAIN" run "$TE/assessment.ini" >"$TE/run.out" 2>"$TE/run.err"
te_status=$?
"$SUSTAIN" run "$TE/assessment.ini" --format markdown >/dev/null 2>"$TE/run-md.err"
"$SUSTAIN" check "$TE/assessment.ini" >"$TE/check.out" 2>"$TE/check.err"
# a rule file that the watch stops, named with an escape
cp "$TE/rules/pack.lua" "$TE/pack.lua.keep"
printf 'local x = string.rep("a", 30000):find(("a-"):rep(30) .. "b")\n' >"$(printf '%s/rules/zz\033]0;t\a.lua' "$TE")"
"$SUSTAIN" check "$TE/assessment.ini" >"$TE/watch.out" 2>"$TE/watch.err"
problems=$(python3 - "$TE" <<'PY'
import sys, pathlib
te = pathlib.Path(sys.argv[1])
bad = [b"\x1b", b"\x07", b"\xc2\x9b", b"\xe2\x80\xae", b"\xe2\x81\xa6", b"\r"]
problems = []
for name in ["run.err", "run-md.err", "check.err", "watch.err", "run.out", "check.out", "watch.out"]:
    data = (te / name).read_bytes()
    for b in bad:
        if b in data:
            problems.append(f"{name} holds {b!r}")
run = (te / "run.err").read_bytes()
for want in [b"\\x1b]0;pwned\\x07", b"\\x1b[2K\\r boom \\u009b2J \\u202edesrever \\u2066x",
             b"did you mean 'ACCOM\\x07'?"]:
    if want not in run:
        problems.append(f"run.err lacks {want!r}")
if b"zz\\x1b]0;t\\x07.lua" not in (te / "watch.err").read_bytes():
    problems.append("watch.err does not name the rule file with its escapes shown")
print("; ".join(problems))
PY
)
if [ "$te_status" -ne 3 ]; then bad terminal_escapes "exit status $te_status, expected 3 (a rule failed)" "$(head -c 300 "$TE/run.err")"
elif [ -n "$problems" ]; then bad terminal_escapes "$problems"
else ok terminal_escapes; fi

# --- 5. Markdown rendered ----------------------------------------------------
# Text from the config, the data and the rules carries images (beacons), links with a
# javascript: target, raw HTML, autolinks and emphasis. The plan and `sustain history` in
# Markdown are rendered by cmark-gfm with GitHub's extensions and raw HTML allowed; the
# only tags are the writer's own, the only links a bare address shown as itself, and the
# ordinary text reads as written.
MD=$WORK/markdown
rm -rf "$MD" && mkdir -p "$MD/rules"
BEACON='<img src="https://beacon.example/a.png"> ![b](https://beacon.example/b.png)'
printf 'la,kind\nnorth,x\n' >"$MD/people.csv"
cat >"$MD/assessment.ini" <<INI
[assessment]
name = Review $BEACON
date = 2024-03-31
rules = rules

[history]
path = history.db

[source people]
plugin = csv
path = people.csv
authority_column = la

[authority north]
name = O'Neill & Sons <script>alert(1)</script> [c](javascript:alert(1)) $BEACON
stage = pilot
INI
cat >"$MD/rules/pack.lua" <<'LUA'
model { ingredients = { "voice" }, bands = { { min = 0, label = "any <b>band</b>" } } }
check { id = "care_leavers_x", table = "people", message = "rows of care_leavers: <img src=x onerror=alert(1)>", where = { kind = "x" } }
rule {
  id = "voice.hostile_text", ingredient = "voice", title = "Hostile text",
  needs = { "people" },
  assess = function(a)
    a:evidence("see [here](javascript:alert(2)) & <https://evil.example/auto>", "![e](https://beacon.example/e.png)")
    a:action { id = "voice.act", title = "Call [us](javascript:alert(3)) *now*", owner = "<u>lead</u>",
               effort = "low", impact = 10,
               why = "Because `code` ~~struck~~ _it_ and https://evil.example/bare and <javascript:alert(4)>" }
    return 50
  end,
}
rule {
  id = "voice.not_assessed", ingredient = "voice",
  title = "It's 5 * 3 = 15 for care_leavers_total <img src=\"https://beacon.example/t.png\">",
  needs = { "people" },
  assess = function(a) return nil, "see <a href=\"javascript:alert(5)\">this</a> ![r](https://beacon.example/r.png)" end,
}
rule {
  id = "voice.fails", ingredient = "voice", title = "Fails with markup",
  needs = { "people" },
  assess = function(a) error("<iframe src=https://evil.example></iframe> [x](javascript:alert(6))", 0) end,
}
LUA
md_problems=""
if ! command -v cmark-gfm >/dev/null 2>&1; then
  skip markdown_rendered "cmark-gfm is not installed (apt-get install cmark-gfm)"
else
  "$SUSTAIN" run "$MD/assessment.ini" --format markdown --explain >"$MD/plan.md" 2>"$MD/run.err"
  md_status=$?
  "$SUSTAIN" history "$MD/assessment.ini" --format markdown >"$MD/history.md" 2>"$MD/history.err"
  for f in plan history; do
    cmark-gfm --unsafe -e table -e autolink -e strikethrough "$MD/$f.md" >"$MD/$f.html"
  done
  md_problems=$(python3 - "$MD" "$md_status" <<'PY'
import sys, pathlib, html.parser
md, status = pathlib.Path(sys.argv[1]), sys.argv[2]
OURS = {"h1", "h2", "h3", "p", "ul", "ol", "li", "strong", "table", "thead", "tbody", "tr",
        "th", "td"}
class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems, self.text, self.link = [], [], None
    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.link = (dict(attrs).get("href", ""), [])
        elif tag not in OURS:
            self.problems.append(f"<{tag}> from the data")
    def handle_endtag(self, tag):
        if tag == "a" and self.link:
            href, words = self.link
            shown = "".join(words)
            # an autolink of a bare address is allowed when it shows its own target
            if not href.startswith(("http://", "https://", "mailto:")) or \
                    href.replace("mailto:", "") not in (shown, "http://" + shown):
                self.problems.append(f"a link to {href!r} shown as {shown!r}")
            self.link = None
    def handle_data(self, data):
        self.text.append(data)
        if self.link: self.link[1].append(data)
problems = []
if status != "3": problems.append(f"sustain run exited {status}, expected 3 (one rule fails)")
for name in ["plan", "history"]:
    page = Page()
    page.feed((md / f"{name}.html").read_text())
    text = "".join(page.text)
    problems += [f"{name}: {p}" for p in page.problems]
    for want in ["O'Neill & Sons <script>alert(1)</script>", "![b](https://beacon.example/b.png)"]:
        if want not in text: problems.append(f"{name}: the text does not read {want!r}")
    if name == "plan":
        for want in ["It's 5 * 3 = 15 for care_leavers_total", "Call [us](javascript:alert(3)) *now*",
                     "Because `code` ~~struck~~ _it_", "rows of care_leavers: <img src=x onerror=alert(1)>",
                     "voice.hostile_text", "<u>lead</u>", "any <b>band</b>"]:
            if want not in text: problems.append(f"plan: the text does not read {want!r}")
print("; ".join(problems))
PY
)
  if [ -n "$md_problems" ]; then bad markdown_rendered "$md_problems"
  else ok markdown_rendered; fi
fi

finish
