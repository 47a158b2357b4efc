#!/usr/bin/env python3
"""The xlsx plugin through `sustain` itself (docs/plugins.md, "The xlsx plugin").

Usage: run.py SUSTAIN SOURCE_ROOT

1. The three-authority example with its seven CSV sources turned into one workbook, a
   sheet per source (written with Debian's python3-openpyxl, numbers as numbers and
   dates as dates, as a council's would be), gives a JSON plan byte for byte the same
   as the CSV one.
2. `sustain plugins` lists the plugin and its options.
3. Problems reach the user located at FILE!SHEET!CELL through the real host, never
   quoting the cell; warnings (an error cell) are shown and loading goes on.
Prints a summary in cmocka's form for tests/summary.py. Without openpyxl the cases
that need it are skipped, saying so.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import bad, check, finish, ok, skip  # noqa: E402  (tests/cases.py)

SUSTAIN, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
EXAMPLE = os.path.join(ROOT, "examples", "three-authorities")

try:
    import openpyxl
    import csv_to_xlsx  # tests/workbook/csv_to_xlsx.py
except ImportError:
    openpyxl = None


def write_workbook(path, names):
    csv_to_xlsx.write_workbook(path, [(name, os.path.join(EXAMPLE, "data", name + ".csv"))
                                      for name in names])


def sources_of(ini):
    """The example's sources read from its data/ folder, by name."""
    names, current = [], None
    for line in open(ini, encoding="utf-8"):
        found = re.match(r"\[source (\w+)\]", line)
        if found:
            current = found.group(1)
        elif current and re.match(r"path = data/", line):
            names.append(current)
    return names


def absolute(folder, value):
    return value if value.startswith("/") or value.startswith("@") else os.path.join(folder, value)


def write_ini(out, workbook=None):
    """The example's assessment with its paths made absolute; with a workbook, each
    data/ source reads its sheet instead of its CSV file."""
    lines, current = [], None
    for line in open(os.path.join(EXAMPLE, "assessment.ini"), encoding="utf-8"):
        found = re.match(r"\[source (\w+)\]", line)
        if line.startswith("["):
            current = found.group(1) if found else None
        setting = re.match(r"(path|rules) = (\S+)(.*)$", line.rstrip("\n"))
        if workbook and setting and setting.group(2).startswith("data/"):
            lines.append(f"path = {workbook}\nsheet = {current}\n")
        elif workbook and current and line.startswith("plugin = csv") and \
                current in SHEETS:
            lines.append("plugin = xlsx\n")
        elif setting:
            lines.append(f"{setting.group(1)} = {absolute(EXAMPLE, setting.group(2))}{setting.group(3)}\n")
        else:
            lines.append(line)
    with open(out, "w", encoding="utf-8") as f:
        f.write("".join(lines))


def scored(plan):
    """Whether a JSON plan scores all three authorities without an error."""
    parsed = json.loads(plan)
    return len(parsed["authorities"]) == 3 and not parsed["errors"] and \
        all(a["score"] is not None for a in parsed["authorities"])


def run(*args):
    return subprocess.run([SUSTAIN, *args], capture_output=True, text=True, timeout=120)


SHEETS = sources_of(os.path.join(EXAMPLE, "assessment.ini"))
work = tempfile.mkdtemp(prefix="sustain-workbook-")
try:
    listed = run("plugins")
    check("plugins_listed", listed.returncode == 0 and
          "xlsx 1.0.0" in listed.stdout and "    sheet" in listed.stdout and
          "    header_row" in listed.stdout, listed.stdout[-800:])

    if openpyxl is None:
        for name in ("example_plan_identical", "libreoffice_saved_plan_identical",
                     "located_cell_error", "error_cell_warned"):
            skip(name, "no python3-openpyxl to write workbooks with")
        sys.exit(finish())

    book = os.path.join(work, "three-authorities.xlsx")
    write_workbook(book, SHEETS)
    write_ini(os.path.join(work, "csv.ini"))
    write_ini(os.path.join(work, "xlsx.ini"), book)
    from_csv = run("run", os.path.join(work, "csv.ini"), "--format", "json")
    from_xlsx = run("run", os.path.join(work, "xlsx.ini"), "--format", "json")
    if from_csv.returncode != 0 or from_xlsx.returncode != 0:
        bad("example_plan_identical", "csv: " + from_csv.stderr[-600:], "xlsx: " + from_xlsx.stderr[-600:])
    elif from_csv.stdout != from_xlsx.stdout:
        bad("example_plan_identical", "the plans differ: the first difference is at byte "
            f"{next(i for i, (a, b) in enumerate(zip(from_csv.stdout, from_xlsx.stdout)) if a != b)}")
    elif len(SHEETS) != 7 or not scored(from_xlsx.stdout):
        bad("example_plan_identical", f"sheets: {SHEETS}", from_xlsx.stdout[:300])
    else:
        ok("example_plan_identical")

    # the same workbook saved again by LibreOffice, as a council's own program would
    # save it: shared strings, styles of its own, cached formula results
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        skip("libreoffice_saved_plan_identical", "LibreOffice is not installed "
             "(apt-get install libreoffice-calc-nogui, as .ci/run does)")
    else:
        resaved = os.path.join(work, "resaved")
        saving = subprocess.run([office, "-env:UserInstallation=file://" + os.path.join(work, "profile"),
                                 "--headless", "--norestore", "--convert-to",
                                 "xlsx:Calc MS Excel 2007 XML", "--outdir", resaved, book],
                                capture_output=True, text=True, timeout=300)
        saved = os.path.join(resaved, os.path.basename(book))
        with open(os.path.join(work, "xlsx.ini"), encoding="utf-8") as f:
            text = f.read()
        with open(os.path.join(work, "resaved.ini"), "w", encoding="utf-8") as f:
            f.write(text.replace(book, saved))
        again = run("run", os.path.join(work, "resaved.ini"), "--format", "json")
        check("libreoffice_saved_plan_identical", os.path.exists(saved) and
              again.returncode == 0 and again.stdout == from_csv.stdout,
              saving.stderr[-400:], again.stderr[-600:])

    # a cell that is not a date in a column declared one: located, not quoted
    child = openpyxl.load_workbook(book)
    child["care_leavers"]["C5"] = "not a date"
    child["wellbeing"]["E3"] = "#N/A"
    child["wellbeing"]["E3"].data_type = "e"
    child.save(os.path.join(work, "broken.xlsx"))
    with open(os.path.join(work, "xlsx.ini"), encoding="utf-8") as f:
        text = f.read()
    with open(os.path.join(work, "broken.ini"), "w", encoding="utf-8") as f:
        f.write(text.replace(book, os.path.join(work, "broken.xlsx")))
    broken = run("check", os.path.join(work, "broken.ini"))
    where = os.path.join(work, "broken.xlsx")
    check("located_cell_error", broken.returncode != 0 and
          f"{where}!care_leavers!C5: the column is declared as dates in option types" in broken.stderr
          and "not a date" not in broken.stderr.replace("declared as dates", ""), broken.stderr[-800:])
    check("error_cell_warned",
          f"{where}!wellbeing!E3: the cell holds the error #N/A, read as a missing value" in broken.stderr,
          broken.stderr[-800:])
finally:
    shutil.rmtree(work)
sys.exit(finish())
