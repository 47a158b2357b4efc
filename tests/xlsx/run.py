#!/usr/bin/env python3
"""The xlsx action tracker, opened as a council would open it.
Usage: run.py SUSTAIN SOURCE_ROOT SAMPLE_PLANS (the xlsx-sample-plans program)

sustain writes the three-authority example's workbook, and sample_plans.c writes those of
plans no example makes. LibreOffice headless (Debian's libreoffice-calc-nogui) converts
every sheet to CSV as it shows the cells, and the workbook's own XML is read with zipfile.

- tracker:     the Actions sheet, as LibreOffice shows it, holds every action of the JSON
               plan in order, in the tracker's columns, with empty status, due date, notes;
- scores:      the Scores sheet holds every ingredient's score, weight and band, and the
               bands agree with the ranges the About sheet gives and the plan's own bands;
- about:       the About sheet names the assessment, its date and counts, says how to use
               the tracker and what c means, and lists the bands;
- validation:  the status list and the due-date validation over their columns, the frozen
               header row, the filter, widths and wrapped text, in the XML; and LibreOffice
               keeps both validations when it saves the workbook as ODS;
- hostile:     formulas, Excel's _xHHHH_ escapes, control characters, bidirectional
               overrides and a text over a cell's limit stay strings, cleaned and cut;
- empty:       a plan with no authorities and one with no actions (and no bands);
- odd_plans:   the writer over odd plans (tests/fuzz/odd_plan.h) gives whole workbooks;
- full_disk:   a failed write says so (ENOSPC);
- permissions: a new file gets 0666 & ~umask, a replaced file keeps its mode, and a write
               that fails (a file size limit) leaves the previous file and no temp file;
- stdout:      to a pipe, the same bytes as to a file (the same plan gives the same bytes);
               a terminal is refused with a message and nothing written;
- history:     `sustain history` refuses xlsx;
- privacy:     no young person's identifier in the data is in any part of the workbook;
- csv_bom:     the CSV plan opened by LibreOffice: the byte order mark is skipped and the
               header's first cell reads "authority".

Prints a summary in cmocka's form so tests/summary.py counts the cases. Without
LibreOffice the cases that need it are skipped, visibly, and the exit status is 77."""
import csv
import datetime
import glob
import json
import os
import pty
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
import zipfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cases import bad, finish, ok, skip  # noqa: E402  (tests/cases.py)

EXAMPLE = "examples/three-authorities/assessment.ini"
HISTORY_EXAMPLE = "examples/three-authorities/history.ini"
NEEDS_OFFICE = ["tracker", "scores", "about", "validation", "hostile", "empty", "csv_bom"]
CASES = NEEDS_OFFICE + ["odd_plans", "full_disk", "permissions", "stdout", "history", "privacy"]
NO_OFFICE = ("LibreOffice is not installed (apt-get install libreoffice-calc-nogui, as "
             ".ci/run does)")

ACTION_HEADER = ["Authority", "Assessment date", "Rank", "Action", "Why", "Owner", "Effort",
                 "Ingredient", "Do first", "Survival", "Status", "Due date", "Notes"]
SCORE_HEADER = ["Authority", "Ingredient", "Score", "Weight", "Band"]
STATUSES = ["not started", "in progress", "done", "dropped"]
# Excel's limit on one cell, in UTF-16 code units, and the start of what ends a cut text.
CELL_LIMIT = 32767
CUT_MARK_START = "\u2026 (cut"
# Every sheet as CSV, as LibreOffice shows the cells: comma, double quote, UTF-8, from
# line 1, cells as shown (token 9), every sheet to its own file (token 12: -1).
CSV_AS_SHOWN = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


# {=========================================================================
# Running sustain, the sample plans and LibreOffice
# =========================================================================


def run(command, work, **options):
    return subprocess.run(command, capture_output=True, cwd=work, timeout=300, **options)


def sustain(context, *arguments, ok_status=(0, 3), **options):
    """Runs `sustain run` on the example; returns its stdout (bytes)."""
    result = run([context["sustain"], "run", os.path.join(context["root"], EXAMPLE),
                  *arguments], context["work"], **options)
    if result.returncode not in ok_status:
        raise AssertionError(f"sustain run {' '.join(arguments)} exited {result.returncode}: "
                             f"{result.stderr.decode(errors='replace')[:600]}")
    return result.stdout


def find_office():
    explicit = os.environ.get("SOFFICE")
    if explicit:
        return explicit if shutil.which(explicit) else None
    for name in ("soffice", "libreoffice"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def office(context, *arguments):
    """LibreOffice headless with a profile of its own, so it neither waits for nor hands
    its work to another instance on the machine."""
    profile = "file://" + os.path.join(context["work"], "office-profile")
    result = run([context["office"], "-env:UserInstallation=" + profile, "--headless",
                  "--norestore", *arguments], context["work"])
    if result.returncode != 0:
        raise AssertionError(f"LibreOffice exited {result.returncode}: "
                             f"{result.stderr.decode(errors='replace')[-600:]}")
    return result


def sheets_as_shown(context, workbooks):
    """{workbook: {sheet: rows}} for each workbook path, each sheet converted to CSV by
    LibreOffice, in one run of it."""
    out = os.path.join(context["work"], "as-shown")
    os.makedirs(out, exist_ok=True)
    office(context, "--convert-to", CSV_AS_SHOWN, "--outdir", out, *workbooks)
    sheets = {}
    for workbook in workbooks:
        stem = os.path.splitext(os.path.basename(workbook))[0]
        found = {}
        for name in ("About", "Actions", "Scores"):
            path = os.path.join(out, f"{stem}-{name}.csv")
            if not os.path.exists(path):
                raise AssertionError(f"LibreOffice gave no sheet {name} of {workbook}: "
                                     f"{sorted(os.listdir(out))}")
            with open(path, encoding="utf-8-sig", newline="") as file:
                found[name] = list(csv.reader(file))
        sheets[workbook] = found
    return sheets


# }=========================================================================

# {=========================================================================
# The workbook's XML
# =========================================================================


def sheet_parts(path):
    """{sheet name: its XML part's name} from the workbook's own relations."""
    with zipfile.ZipFile(path) as book:
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    return {s.get("name"): "xl/" + targets[s.get(RELATIONS + "id")]
            for s in workbook.iter(MAIN + "sheet")}


def sheet_xml(path, name):
    with zipfile.ZipFile(path) as book:
        return ElementTree.fromstring(book.read(sheet_parts(path)[name]))


def decoded(text):
    """A string as Excel shows it: each _xHHHH_ escape is the character it names."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)


def shared_strings(path):
    with zipfile.ZipFile(path) as book:
        root = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(MAIN + "t")) for si in root]


def column_letter(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# }=========================================================================

# {=========================================================================
# What a cell should hold
# =========================================================================


def is_display_control(code):
    """What every format replaces with U+FFFD (docs/reports.md): control characters but
    white space, DEL, C1 controls, bidirectional embeddings, overrides and isolates."""
    return (code < 0x20 or code == 0x7F or 0x80 <= code <= 0x9F or 0x202A <= code <= 0x202E
            or 0x2066 <= code <= 0x2069)


def cleaned(text):
    """Plan text as a cell holds it: a line feed kept, other white space a space, the
    display controls U+FFFD (the JSON plan already shows invalid UTF-8 as U+FFFD)."""
    if text is None:
        return ""
    out = []
    for character in text:
        if character == "\n":
            out.append(character)
        elif character in "\t\v\f\r":
            out.append(" ")
        elif is_display_control(ord(character)):
            out.append("\ufffd")
        else:
            out.append(character)
    return "".join(out)


def utf16_length(text):
    return len(text.encode("utf-16-le")) // 2


def check_cut(cell, whole, where):
    """A text over a cell's limit: a prefix of the whole, as long as fits with the mark."""
    if utf16_length(cell) > CELL_LIMIT:
        raise AssertionError(f"{where}: {utf16_length(cell)} UTF-16 units, over {CELL_LIMIT}")
    kept = os.path.commonprefix([cell, whole])
    mark = cell[len(kept):]
    if not mark.startswith(CUT_MARK_START) or kept == whole:
        raise AssertionError(f"{where}: not cut with a mark: ...{cell[-120:]!r}")
    if utf16_length(whole[:len(kept) + 1] + mark) <= CELL_LIMIT:
        raise AssertionError(f"{where}: cut shorter than a cell allows ({len(kept)} kept)")


def weight_as_shown(weight):
    """The format "0.0#": two decimals, a trailing zero dropped down to one."""
    text = f"{weight:.2f}"
    return text[:-1] if text.endswith("0") else text


def ingredient_titles(authority):
    return {i["id"]: i["title"] or i["id"] for i in authority["ingredients"]}


def expected_actions(plan):
    rows = []
    for authority in plan["authorities"]:
        titles = ingredient_titles(authority)
        for action in authority["actions"]:
            rows.append([cleaned(authority["name"] or authority["id"]), plan["assessment"]["date"],
                         str(action["rank"]), cleaned(action["title"]), cleaned(action["why"]),
                         cleaned(action["owner"]), cleaned(action["effort"]),
                         cleaned(titles.get(action["ingredient"], action["ingredient"])),
                         "yes" if action["first"] else "", "yes" if action["survival"] else "",
                         "", "", ""])
    return rows


def padded(rows, width):
    return [row + [""] * (width - len(row)) for row in rows]


def compare_rows(found, expected, what):
    if len(found) != len(expected):
        raise AssertionError(f"{what}: {len(found)} rows, expected {len(expected)}")
    for number, (row, want) in enumerate(zip(found, expected), start=2):
        if row != want:
            columns = [f"{h}: {a!r} != {b!r}" for h, a, b in zip(ACTION_HEADER, row, want) if a != b]
            raise AssertionError(f"{what}, row {number}: " + "; ".join(columns)[:800])


# }=========================================================================

# {=========================================================================
# The cases
# =========================================================================


def check_tracker(context):
    actions = context["sheets"][context["workbook"]]["Actions"]
    if actions[0] != ACTION_HEADER:
        raise AssertionError(f"the header row is {actions[0]}")
    expected = expected_actions(context["plan"])
    if not expected:
        raise AssertionError("the example has no actions to compare")
    compare_rows(padded(actions[1:], len(ACTION_HEADER)), expected, "Actions")


def band_ranges(about):
    """{band: (low, high)} from the About sheet's rows after "Bands"."""
    start = next(i for i, row in enumerate(about) if row and row[0] == "Bands")
    ranges = {}
    for row in about[start + 1:]:
        if not row or not row[0]:
            break
        text = row[1].split(":")[0]
        if m := re.fullmatch(r"([\d.]+) and above", text):
            ranges[row[0]] = (float(m.group(1)), float("inf"))
        elif m := re.fullmatch(r"From ([\d.]+) to below ([\d.]+)", text):
            ranges[row[0]] = (float(m.group(1)), float(m.group(2)))
        elif m := re.fullmatch(r"Below ([\d.]+)", text):
            ranges[row[0]] = (float("-inf"), float(m.group(1)))
        else:
            raise AssertionError(f"a band's range reads {row[1]!r}")
    return ranges


def band_of(ranges, score):
    return next(name for name, (low, high) in ranges.items() if low <= score < high)


def check_scores(context):
    sheets = context["sheets"][context["workbook"]]
    scores, ranges = sheets["Scores"], band_ranges(sheets["About"])
    if scores[0] != SCORE_HEADER:
        raise AssertionError(f"the header row is {scores[0]}")
    expected = []
    for authority in context["plan"]["authorities"]:
        if authority["score"] is not None and band_of(ranges, authority["score"]) != authority["band"]:
            raise AssertionError(f"{authority['id']}: the plan's band {authority['band']!r} is not "
                                 f"where About puts {authority['score']}")
        for ingredient in authority["ingredients"]:
            score = ingredient["score"]
            expected.append([authority["name"], ingredient["title"],
                             "not assessed" if score is None else f"{score:.1f}",
                             weight_as_shown(ingredient["weight"]),
                             "" if score is None else band_of(ranges, score)])
    found = padded(scores[1:], len(SCORE_HEADER))
    if found != expected:
        wrong = next(i for i, (a, b) in enumerate(zip(found + [[]] * len(expected), expected)) if a != b)
        raise AssertionError(f"Scores row {wrong + 2}: {found[wrong] if wrong < len(found) else None} "
                             f"!= {expected[wrong]} ({len(found)} rows, expected {len(expected)})")


def about_values(about):
    return {row[0]: row[1] for row in about if len(row) > 1 and row[0]}


def check_about(context):
    about = context["sheets"][context["workbook"]]["About"]
    plan, values = context["plan"], about_values(about)
    actions = sum(len(a["actions"]) for a in plan["authorities"])
    wanted = {"Assessment": plan["assessment"]["name"], "Date": plan["assessment"]["date"],
              "Authorities": str(len(plan["authorities"])), "Actions": str(actions)}
    for label, value in wanted.items():
        if values.get(label) != value:
            raise AssertionError(f"About: {label} reads {values.get(label)!r}, expected {value!r}")
    if about[0][0] != "Action tracker" or not any(row[:1] == ["How to use this tracker"] for row in about):
        raise AssertionError("About has no title or no 'How to use this tracker'")
    if not re.search(r"\bshows c\b", values.get("Small numbers", "")):
        raise AssertionError("About does not say what c stands for")
    if not all(status in values.get("Your columns", "") for status in STATUSES):
        raise AssertionError("About does not name every status")
    bands = {a["band"] for a in plan["authorities"] if a["band"]}
    if not bands <= set(band_ranges(about)):
        raise AssertionError(f"About's bands {sorted(band_ranges(about))} lack {sorted(bands)}")


def xlsx_date_serial(text):
    return str((datetime.date.fromisoformat(text) - datetime.date(1899, 12, 30)).days)


def check_validation_xml(path, date, action_count):
    sheet = sheet_xml(path, "Actions")
    status = column_letter(ACTION_HEADER.index("Status"))
    due = column_letter(ACTION_HEADER.index("Due date"))
    validations = {v.get("sqref"): v for v in sheet.iter(MAIN + "dataValidation")}
    listed = validations.get(f"{status}2:{status}1048576")
    if listed is None or listed.get("type") != "list" or \
            listed.find(MAIN + "formula1").text != '"' + ",".join(STATUSES) + '"':
        raise AssertionError(f"no status list on column {status}: {sorted(validations)}")
    dated = validations.get(f"{due}2:{due}1048576")
    if dated is None or dated.get("type") != "date" or dated.get("operator") != "greaterThanOrEqual" \
            or dated.find(MAIN + "formula1").text != xlsx_date_serial(date):
        raise AssertionError(f"no due-date validation from {date} on column {due}")
    pane = sheet.find(f"{MAIN}sheetViews/{MAIN}sheetView/{MAIN}pane")
    if pane is None or pane.get("state") != "frozen" or pane.get("ySplit") != "1" or pane.get("xSplit"):
        raise AssertionError("the header row is not frozen alone")
    last = column_letter(len(ACTION_HEADER) - 1)
    fence = sheet.find(MAIN + "autoFilter")
    if fence is None or fence.get("ref") != f"A1:{last}{action_count + 1}":
        raise AssertionError(f"the filter covers {None if fence is None else fence.get('ref')}")
    return sheet


def check_columns(path, sheet):
    """Every column has a width; Action, Why and Notes are wide and wrap their text."""
    with zipfile.ZipFile(path) as book:
        styles = ElementTree.fromstring(book.read("xl/styles.xml"))
    formats = list(styles.find(MAIN + "cellXfs"))
    columns = {int(c.get("min")) - 1: c for c in sheet.iter(MAIN + "col")}
    for index, header in enumerate(ACTION_HEADER):
        column = columns.get(index)
        if column is None or column.get("customWidth") != "1":
            raise AssertionError(f"column {header} has no width of its own")
        if header in ("Action", "Why", "Notes"):
            alignment = formats[int(column.get("style"))].find(MAIN + "alignment")
            if float(column.get("width")) < 40 or alignment is None or alignment.get("wrapText") != "1":
                raise AssertionError(f"column {header} is narrow or does not wrap")


def check_validation(context):
    path, plan = context["workbook"], context["plan"]
    actions = sum(len(a["actions"]) for a in plan["authorities"])
    sheet = check_validation_xml(path, plan["assessment"]["date"], actions)
    check_columns(path, sheet)
    # LibreOffice read both: it keeps them when it saves the workbook in its own format.
    # (Headless, it loads no view settings, so the frozen row is checked in the XML only.)
    out = os.path.join(context["work"], "ods")
    office(context, "--convert-to", "ods", "--outdir", out, path)
    with zipfile.ZipFile(os.path.join(out, "plan.ods")) as ods:
        content = ods.read("content.xml").decode()
    names = {m.group(2): m.group(1) for m in re.finditer(
        r'<table:content-validation table:name="([^"]*)" table:condition="([^"]*)"', content)}
    listed = "of:cell-content-is-in-list(" + ";".join(f"&quot;{s}&quot;" for s in STATUSES) + ")"
    dated = "of:cell-content-is-date() and cell-content()&gt;=" + \
        xlsx_date_serial(plan["assessment"]["date"])
    tables = dict(re.findall(r'<table:table table:name="([^"]*)"(.*?)</table:table>', content, re.S))
    used = set(re.findall(r'table:content-validation-name="([^"]*)"', tables.get("Actions", "")))
    if listed not in names or dated not in names or {names[listed], names[dated]} - used:
        raise AssertionError(f"LibreOffice kept the validations as {names}, used {used}")


def check_strings_only(path):
    """No formula anywhere; every text cell a shared string, which shows as written and
    holds no character that would drive or reorder a display once Excel decodes it."""
    for name in sheet_parts(path):
        sheet = sheet_xml(path, name)
        if sheet.find(f".//{MAIN}f") is not None:
            raise AssertionError(f"{name} holds a formula")
        kinds = {c.get("t") for c in sheet.iter(MAIN + "c")} - {None}
        if kinds - {"s"}:
            raise AssertionError(f"{name} has cells of type {kinds - {'s'}}")
    for text in shared_strings(path):
        bad_codes = [hex(ord(c)) for c in decoded(text) if c != "\n" and is_display_control(ord(c))]
        if bad_codes:
            raise AssertionError(f"a string shows {bad_codes[:5]}: {text[:80]!r}")


def check_hostile(context):
    path = context["samples"]["hostile"]
    check_strings_only(path)
    sheets = context["sheets"][path]
    with open(path[:-len(".xlsx")] + ".json", encoding="utf-8") as file:
        plan = json.load(file)
    found, expected = padded(sheets["Actions"][1:], len(ACTION_HEADER)), expected_actions(plan)
    long_at = next(i for i, row in enumerate(expected) if utf16_length(row[4]) > CELL_LIMIT)
    check_cut(found[long_at][4], expected[long_at][4], "the long why")
    found[long_at][4] = expected[long_at][4]  # checked above
    compare_rows(found, expected, "hostile Actions")
    if found[0][3] != '=HYPERLINK("http://evil.example","click")':
        raise AssertionError(f"the formula became {found[0][3]!r}")
    if about_values(sheets["About"]).get("Assessment") != plan["assessment"]["name"]:
        raise AssertionError("About's assessment name is not its text")
    score_rows = padded(sheets["Scores"][1:], len(SCORE_HEADER))
    titles = [cleaned(i["title"]) for i in plan["authorities"][0]["ingredients"]]
    if [row[1] for row in score_rows] != titles or score_rows[1][2] != "not assessed":
        raise AssertionError(f"Scores reads {score_rows}")


def check_empty(context):
    for name, authorities in (("no-authorities", 0), ("no-actions", 2)):
        path = context["samples"][name]
        sheets = context["sheets"][path]
        if sheets["Actions"] != [ACTION_HEADER]:
            raise AssertionError(f"{name}: Actions holds {sheets['Actions'][:3]}")
        values = about_values(sheets["About"])
        if values.get("Authorities") != str(authorities) or values.get("Actions") != "0":
            raise AssertionError(f"{name}: About counts {values.get('Authorities')} authorities, "
                                 f"{values.get('Actions')} actions")
        if ["", "The rule pack defines no bands."] not in sheets["About"]:
            raise AssertionError(f"{name}: About does not say the plan has no bands")
        check_validation_xml(path, "2024-03-31", 0)
    scores = context["sheets"][context["samples"]["no-actions"]]["Scores"]
    if scores != [SCORE_HEADER, ["One Council", "Quiet", "80.0", "1.0", ""]]:
        raise AssertionError(f"no-actions: Scores holds {scores}")


def check_odd_plans(context):
    root = context["root"]
    files = sorted(glob.glob(os.path.join(root, "tests/fuzz/corpus/report/*")) +
                   glob.glob(os.path.join(root, "tests/fuzz/regressions/report/*")))
    result = run([context["samples_program"], "odd", *files], context["work"])
    if result.returncode != 0 or not files:
        raise AssertionError(result.stderr.decode(errors="replace")[-800:] or "no odd plans")
    context["notes"].append(result.stdout.decode().strip())


def check_full_disk(context):
    result = run([context["samples_program"], "full"], context["work"])
    if result.returncode != 0:
        raise AssertionError(result.stderr.decode(errors="replace")[-600:])


def check_permissions(context):
    folder = os.path.join(context["work"], "modes")
    os.makedirs(folder)
    for mask, mode in ((0o022, 0o644), (0o027, 0o640)):
        path = os.path.join(folder, f"new-{mask:o}.xlsx")
        sustain(context, "--format", "xlsx", "--output", path, preexec_fn=lambda m=mask: os.umask(m))
        if stat.S_IMODE(os.stat(path).st_mode) != mode:
            raise AssertionError(f"a new file under umask {mask:o} is {os.stat(path).st_mode:o}")
    kept = os.path.join(folder, "kept.xlsx")
    with open(kept, "w") as file:
        file.write("previous")
    os.chmod(kept, 0o600)
    sustain(context, "--format", "xlsx", "--output", kept)
    if stat.S_IMODE(os.stat(kept).st_mode) != 0o600 or not zipfile.is_zipfile(kept):
        raise AssertionError("a replaced file did not keep its mode or is no workbook")
    with open(kept, "w") as file:
        file.write("previous")

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    result = run([context["sustain"], "run", os.path.join(context["root"], EXAMPLE), "--format",
                  "xlsx", "--output", kept], context["work"], preexec_fn=small_files)
    with open(kept) as file:
        after = file.read()
    litter = [n for n in os.listdir(folder) if ".tmp-" in n]
    message = result.stderr.decode(errors="replace")
    if result.returncode in (0, 3) or after != "previous" or litter or "untouched" not in message:
        raise AssertionError(f"a failed write: status {result.returncode}, file {after[:20]!r}, "
                             f"litter {litter}, said {message[-300:]!r}")


def check_stdout(context):
    piped = sustain(context, "--format", "xlsx")
    with open(context["workbook"], "rb") as file:
        if piped != file.read():
            raise AssertionError("the workbook on standard output differs from the file's")
    for output in ([], ["--output", "/dev/stdout"]):
        status, shown = on_terminal(context, "--format", "xlsx", *output)
        if status != 2 or b"cannot be shown on a terminal" not in shown or b"PK" in shown:
            raise AssertionError(f"on a terminal {output}: status {status}, shown {shown[:200]!r}")


def on_terminal(context, *arguments):
    """Runs `sustain run` on the example with a terminal for its output; returns its exit
    status and what the terminal showed."""
    pid, terminal = pty.fork()
    if pid == 0:
        os.execv(context["sustain"], [context["sustain"], "run",
                                      os.path.join(context["root"], EXAMPLE), *arguments])
    shown = b""
    while True:
        try:
            chunk = os.read(terminal, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(terminal)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), shown


def check_history(context):
    result = run([context["sustain"], "history", os.path.join(context["root"], HISTORY_EXAMPLE),
                  "--format", "xlsx"], context["work"])
    if result.returncode != 2 or b"unknown --format 'xlsx'" not in result.stderr:
        raise AssertionError(f"sustain history --format xlsx: status {result.returncode}, "
                             f"{result.stderr[:300]!r}")


def check_privacy(context):
    with zipfile.ZipFile(context["workbook"]) as book:
        text = "".join(book.read(n).decode("utf-8") for n in book.namelist())
    data = os.path.join(context["root"], "examples/three-authorities/data/care_leavers.csv")
    with open(data, encoding="utf-8") as file:
        children = {row["CHILD"] for row in csv.DictReader(file)}
    shown = sorted(c for c in children if c in text)
    if shown or not children:
        raise AssertionError(f"identifiers in the workbook: {shown[:5]}")
    names = [a["name"] for a in context["plan"]["authorities"]]
    if not all(name.replace("'", "&apos;") in text or name in text for name in names):
        raise AssertionError("the search cannot find even the authorities' names")


def check_csv_bom(context):
    path = os.path.join(context["work"], "plan.csv")
    sustain(context, "--format", "csv", "--output", path)
    with open(path, "rb") as file:
        raw = file.read()
    if not raw.startswith(b"\xef\xbb\xbf"):
        raise AssertionError("the CSV has no byte order mark to check")
    header = next(csv.reader([raw[3:].decode("utf-8").split("\r\n")[0]]))
    # comma separated, the character set left to the system, as the import dialog opens
    out = os.path.join(context["work"], "csv-read")
    office(context, "--infilter=CSV:44,34,SYSTEM,1", "--convert-to",
           "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", out, path)
    with open(os.path.join(out, "plan.csv"), encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    if rows[0] != header or rows[0][0] != "authority":
        raise AssertionError(f"LibreOffice reads the header as {rows[0][:3]}")
    if len(rows) - 1 != sum(len(a["actions"]) for a in context["plan"]["authorities"]):
        raise AssertionError(f"LibreOffice reads {len(rows) - 1} actions")


CHECKS = {"tracker": check_tracker, "scores": check_scores, "about": check_about,
          "validation": check_validation, "hostile": check_hostile, "empty": check_empty,
          "odd_plans": check_odd_plans, "full_disk": check_full_disk,
          "permissions": check_permissions, "stdout": check_stdout, "history": check_history,
          "privacy": check_privacy, "csv_bom": check_csv_bom}

# }=========================================================================


def prepare(context):
    """The example's plan and workbook, the sample plans' workbooks, and (with
    LibreOffice) every sheet of them as LibreOffice shows it."""
    work = context["work"]
    context["plan"] = json.loads(sustain(context, "--format", "json"))
    context["workbook"] = os.path.join(work, "plan.xlsx")
    sustain(context, "--format", "xlsx", "--output", context["workbook"])
    samples = os.path.join(work, "samples")
    os.makedirs(samples)
    result = run([context["samples_program"], "write", samples], work)
    if result.returncode != 0:
        raise AssertionError(f"xlsx-sample-plans write: {result.stderr.decode(errors='replace')}")
    context["samples"] = {n: os.path.join(samples, n + ".xlsx")
                          for n in ("no-authorities", "no-actions", "hostile")}
    if context["office"]:
        context["sheets"] = sheets_as_shown(context, [context["workbook"],
                                                      *context["samples"].values()])


def main():
    if len(sys.argv) != 4:
        print("usage: run.py SUSTAIN SOURCE_ROOT SAMPLE_PLANS", file=sys.stderr)
        return 2
    print(f"[==========] Running {len(CASES)} test(s).")
    work = tempfile.mkdtemp(prefix="sustain-xlsx-")
    context = {"sustain": os.path.abspath(sys.argv[1]), "root": os.path.abspath(sys.argv[2]),
               "samples_program": os.path.abspath(sys.argv[3]), "work": work,
               "office": find_office(), "notes": []}
    try:
        prepare(context)
    except (AssertionError, subprocess.TimeoutExpired, OSError, ValueError) as problem:
        for name in CASES:
            bad(name, f"setup: {problem}", f"(files kept in {work})")
        return finish()
    for name in CASES:
        if name in NEEDS_OFFICE and not context["office"]:
            skip(name, NO_OFFICE)
            continue
        print(f"[ RUN      ] {name}", flush=True)
        try:
            CHECKS[name](context)
            ok(name)
        except (AssertionError, subprocess.TimeoutExpired, OSError, ValueError, KeyError,
                StopIteration, IndexError) as problem:
            bad(name, *str(problem).splitlines(), f"(files kept in {work})")
    for note in context["notes"]:
        print(f"    ({note})")
    status = finish()
    if status in (0, 77):
        shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
