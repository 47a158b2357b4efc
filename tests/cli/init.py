#!/usr/bin/env python3
"""`sustain init DIR`: a starter assessment that `check` passes and `run` plans.

Usage: init.py SUSTAIN SOURCE_ROOT

Writes starters into a scratch folder and checks what an analyst relies on: `check` finds
no problem and warns only of the DfE sources that the config explains; `run` gives a plan
for each authority with no rule failing and none left out for want of a column (so a
column the pack reads and the templates lack fails here; two cases show that it would);
the templates hold exactly the columns docs/data.md lists; the workbook opens with a sheet
per table and one explaining each column; the files' modes; and init never replaces a
file, refusing before it writes anything. Prints a summary in cmocka's form for
tests/summary.py.
"""
import csv
import json
import os
import re
import stat
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cases import check, finish  # noqa: E402  (tests/cases.py)

SUSTAIN, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
TABLES = ["care_leavers", "care_leavers_last_year", "wellbeing", "participation",
          "leadership", "measures", "adaptations", "staff_survey"]
WORKBOOK = os.path.join("data", "assessment-data.xlsx")


def sustain(*arguments, cwd=None):
    """(exit status, stdout, stderr) of the built sustain."""
    p = subprocess.run([SUSTAIN, *arguments], capture_output=True, text=True, timeout=120,
                       cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def documented_columns():
    """docs/data.md's columns of each table: the first cell of each row of the table
    under its `## NAME` heading."""
    columns, table = {}, None
    with open(os.path.join(ROOT, "docs", "data.md"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("## "):
                heading = re.match(r"## (\w+)\s*$", line)
                table = heading.group(1) if heading else None
                continue
            cell = re.match(r"\| `([^`]+)` \|", line)
            if table and cell and table in TABLES:
                columns.setdefault(table, []).append(cell.group(1))
    return columns


def plan_problems(plan):
    """Rules and context items left out for want of a column, and failed rules."""
    found = [f"{e['rule']}: {e['message']}" for e in plan["errors"]]
    for authority in plan["authorities"]:
        items = [r for i in authority["ingredients"] for r in i["rules"]]
        items += authority.get("context", [])
        for item in items:
            reason = item.get("reason") or item.get("message") or ""
            if "has no column" in reason or item.get("status") == "error":
                found.append(f"{authority['id']} {item.get('id')}: {reason}")
    return found


def check_json(config):
    status, out, err = sustain("check", config, "--format", "json")
    try:
        return status, json.loads(out), err
    except json.JSONDecodeError:
        return status, {"diagnostics": [], "ok": False}, err + out


def column_warnings(report):
    return [d["message"] for d in report["diagnostics"]
            if "column" in d["message"] and "lacks" in d["message"]]


def drop_column(starter, table, column):
    """Takes column out of the table's file and out of the types of its [source]."""
    path = os.path.join(starter, "data", f"{table}.csv")
    rows = read_csv(path)
    keep = [i for i, name in enumerate(rows[0]) if name != column]
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([[row[i] for i in keep] for row in rows])
    config = os.path.join(starter, "assessment.ini")
    with open(config, encoding="utf-8") as f:
        text = f.read()
    with open(config, "w", encoding="utf-8") as f:
        f.write(re.sub(rf"(?<=[ ,]){column}:\w+,? ?", "", text))


def test_help():
    status, out, _ = sustain("init", "--help")
    check("init_help", status == 0 and "Usage: sustain init DIR" in out, f"{status}: {out}")
    status2, out2, _ = sustain("help", "init")
    check("init_help_command", status2 == 0 and out2 == out, f"{status2}: {out2}")
    status, out, _ = sustain("--help")
    check("init_in_main_help", "init DIR" in out, out)


def test_usage(work):
    cases = {
        "init_without_dir": ([], "init needs a DIR"),
        "init_two_dirs": (["a", "b"], "init takes one DIR"),
        "init_bad_id": (["x", "--authority", "north shire"], "letters, digits, _ and -"),
        "init_repeated_id": (["x", "-a", "n", "-a", "n"], "--authority n is given twice"),
        "init_second_name": (["x", "-a", "n", "--name", "A", "--name", "B"], "second name"),
        "init_bad_code": (["x", "--la-code", "93 5"], "DfE's code"),
        "init_comment_in_name": (["x", "--name", "A ; B"], "' ;'"),
        "init_option_typo": (["x", "--autority", "n"], "did you mean --authority?"),
    }
    for name, (arguments, message) in cases.items():
        status, _, err = sustain("init", *arguments, cwd=work)
        check(name, status == 2 and message in err and not os.path.exists(os.path.join(work, "x")),
              f"exit {status}, stderr: {err}")


def test_starter(work):
    """One authority by default: the files, their modes, check and run."""
    starter = os.path.join(work, "new", "starter")  # two folders to make
    status, out, err = sustain("init", starter)
    check("init_writes", status == 0 and "sustain check" in out, f"{status}: {err}")
    names = sorted(os.listdir(os.path.join(starter, "data")))
    check("init_files", names == sorted([f"{t}.csv" for t in TABLES] + ["assessment-data.xlsx"])
          and os.path.isfile(os.path.join(starter, "README.md")), names)
    mode = lambda p: stat.S_IMODE(os.stat(os.path.join(starter, p)).st_mode)  # noqa: E731
    check("init_modes", mode("assessment.ini") == 0o644 and mode("README.md") == 0o644 and
          mode("data") == 0o700 and all(mode(os.path.join("data", n)) == 0o600 for n in names),
          {n: oct(mode(os.path.join("data", n))) for n in names})
    leftovers = [n for _, _, files in os.walk(starter) for n in files if ".tmp-" in n]
    check("init_no_temporary_files", not leftovers, leftovers)

    config = os.path.join(starter, "assessment.ini")
    status, report, err = check_json(config)
    warnings = [d for d in report["diagnostics"] if d["severity"] == "warning"]
    errors = [d for d in report["diagnostics"] if d["severity"] != "warning"]
    check("init_check_passes", status == 0 and report.get("ok") and not errors,
          f"exit {status}", errors, err)
    with open(config, encoding="utf-8") as f:
        text = f.read()
    # the only warnings: the DfE sources, which the config explains, naming each rule
    unexplained = [d["message"] for d in warnings
                   if not re.search(r"rule '([\w.]+)' needs the table 'dfe_\w+'", d["message"])
                   or re.search(r"rule '([\w.]+)'", d["message"]).group(1) not in text]
    check("init_check_warns_only_of_dfe", len(warnings) == 2 and not unexplained,
          [d["message"] for d in warnings])
    check("init_templates_cover_pack_lint", not column_warnings(report), column_warnings(report))
    status, err = check_dry_run(config)
    check("init_check_dry_run", status == 0, err)
    lines = [line for line in text.splitlines() if len(line.encode()) > 197]
    check("init_config_lines_fit", not lines, lines)
    return starter


def check_dry_run(config):
    status, _, err = sustain("check", config, "--dry-run")
    return status, err


def test_run(work):
    """Two authorities with names and codes: a plan for each, nothing failing."""
    starter = os.path.join(work, "two")
    status, _, err = sustain("init", starter, "--authority", "northshire", "--name",
                             "Northshire County Council", "--la-code", "935",
                             "--authority", "southvale", "--la-code", "E06000030")
    check("init_two_authorities", status == 0, err)
    status, out, err = sustain("run", os.path.join(starter, "assessment.ini"), "--format", "json")
    plan = json.loads(out) if status in (0, 3) else {"authorities": [], "errors": []}
    got = [(a["id"], a["name"], a["score"] is not None, len(a["actions"]) > 0)
           for a in plan["authorities"]]
    check("init_run_plans_each_authority", status == 0 and got == [
        ("northshire", "Northshire County Council", True, True),
        ("southvale", "southvale", True, True)], f"exit {status}", got, err)
    check("init_pack_reads_no_missing_column", not plan_problems(plan), plan_problems(plan))
    for table in TABLES:
        rows = read_csv(os.path.join(starter, "data", f"{table}.csv"))
        check(f"init_csv_{table}", len(rows) == 3 and [r[0] for r in rows] ==
              ["la", "northshire", "southvale"], rows)
    with open(os.path.join(starter, "assessment.ini"), encoding="utf-8") as f:
        text = f.read()
    check("init_la_codes", "\nla_code = 935\n" in text and "\nla_code = E06000030\n" in text,
          re.findall(r".*la_code =.*", text))
    test_workbook(starter)
    test_workbook_read(starter, out if status in (0, 3) else "")
    test_detection(work)


def test_workbook_read(starter, csv_plan):
    """The workbook, read as it is by the xlsx plugin (each [source] switched to its sheet,
    as README.md and docs/data.md say), plans as the CSV files do, byte for byte."""
    config = os.path.join(starter, "assessment.ini")
    with open(config, encoding="utf-8") as f:
        text = f.read()
    switched, count = re.subn(r"(?m)^plugin = csv\npath = data/(\w+)\.csv$",
                              lambda m: f"plugin = xlsx\npath = {WORKBOOK}\nsheet = {m.group(1)}",
                              text)
    workbook_config = os.path.join(starter, "workbook.ini")
    with open(workbook_config, "w", encoding="utf-8") as f:
        f.write(switched)
    status, out, err = sustain("run", workbook_config, "--format", "json")
    check("init_workbook_plans_as_the_csv_files", count == len(TABLES) and status == 0 and
          out == csv_plan and csv_plan, f"{count} sources switched, exit {status}", err[-600:])


def test_detection(work):
    """A column the pack reads, taken out of the templates, is found: by a rule left
    out for want of it, or by a rule that fails, as a column the templates lacked would
    be. Without this, the tests above could pass by finding nothing."""
    for table, column, name in (("participation", "changed_decision", "guarded"),
                                ("leadership", "active", "filtered")):
        starter = os.path.join(work, f"drop_{column}")
        sustain("init", starter)
        drop_column(starter, table, column)
        config = os.path.join(starter, "assessment.ini")
        status, out, err = sustain("run", config, "--format", "json")
        plan = json.loads(out) if out else {"authorities": [], "errors": []}
        _, report, _ = check_json(config)
        found = plan_problems(plan) + column_warnings(report)
        if status not in (0, 3):  # no plan: a data check read the column
            found.append(err)
        check(f"init_detects_missing_{name}_column", any(column in f for f in found),
              f"exit {status}", found, err)


def test_workbook(starter):
    try:
        import openpyxl
    except ImportError:
        from cases import skip
        skip("init_workbook", "python3-openpyxl is not installed")
        return
    book = openpyxl.load_workbook(os.path.join(starter, WORKBOOK))
    check("init_workbook_sheets", book.sheetnames == ["About"] + TABLES + ["Columns"],
          book.sheetnames)
    explained = {(r[0], r[1]) for r in book["Columns"].iter_rows(min_row=2, values_only=True)}
    for table in TABLES:
        rows = [list(r) for r in book[table].iter_rows(values_only=True)]
        header = read_csv(os.path.join(starter, "data", f"{table}.csv"))[0]
        missing = [c for c in header if (table, c) not in explained]
        check(f"init_workbook_{table}", rows[0] == header and len(rows) == 3 and
              [r[0] for r in rows[1:]] == ["northshire", "southvale"] and not missing,
              rows[:2], missing)
    dob = book["care_leavers"].cell(row=2, column=3)
    score = book["wellbeing"].cell(row=2, column=5)
    check("init_workbook_types", dob.is_date and dob.number_format == "yyyy-mm-dd" and
          isinstance(score.value, (int, float)), dob.value, dob.number_format, score.value)


def test_documented_columns(starter):
    documented = documented_columns()
    documented["care_leavers_last_year"] = documented.get("care_leavers", [])
    for table in TABLES:
        header = read_csv(os.path.join(starter, "data", f"{table}.csv"))[0]
        check(f"init_columns_as_documented_{table}", header == documented.get(table),
              f"template: {header}", f"docs/data.md: {documented.get(table)}")


def test_refusals(work, starter):
    before = {n: os.stat(os.path.join(starter, n)).st_mtime_ns for n in os.listdir(starter)}
    status, out, err = sustain("init", starter)
    after = {n: os.stat(os.path.join(starter, n)).st_mtime_ns for n in os.listdir(starter)}
    check("init_refuses_to_overwrite", status == 1 and "assessment.ini already exists" in err
          and "nothing was written" in err and before == after and not out, f"{status}: {err}")
    # one file of the starter there already: nothing else is written
    partial = os.path.join(work, "partial")
    os.makedirs(os.path.join(partial, "data"))
    with open(os.path.join(partial, "data", "wellbeing.csv"), "w") as f:
        f.write("ours\n")
    status, _, err = sustain("init", partial)
    check("init_refuses_one_file", status == 1 and "wellbeing.csv already exists" in err and
          os.listdir(partial) == ["data"] and os.listdir(os.path.join(partial, "data")) ==
          ["wellbeing.csv"] and open(os.path.join(partial, "data", "wellbeing.csv")).read() ==
          "ours\n", f"{status}: {err}", os.listdir(partial))
    # a data folder that cannot be made: what was made is taken back
    blocked = os.path.join(work, "blocked")
    os.makedirs(blocked)
    open(os.path.join(blocked, "data"), "w").close()
    status, _, err = sustain("init", os.path.join(blocked, "inner"))
    status2, _, err2 = sustain("init", blocked)
    check("init_folder_not_made", status == 0 and status2 == 1 and "cannot make the folder" in err2
          and sorted(os.listdir(blocked)) == ["data", "inner"], err, err2, os.listdir(blocked))


def test_rollback(work):
    """A failure after some files were written takes back every file and folder made.
    The starter's folder is given a name just long enough that its final paths fit in
    the 4096 bytes init allows (the longest, data/care_leavers_last_year.csv), as do the
    temporary names of assessment.ini and README.md, written first, but not that of
    data/care_leavers.csv, written next (its name with .tmp-XXXXXX): so two files and
    the folders are made before the write that fails."""
    top = os.path.join(work, "rollback")
    length = 4096 - 1 - len("/data/care_leavers_last_year.csv")
    parts, path = [], top
    while len(path) < length:
        part = "d" * min(200, length - len(path) - 1)
        if len(part) == 0:
            break
        path = os.path.join(path, part)
    status, out, err = sustain("init", path)
    check("init_takes_back_what_it_wrote", len(path) == length and status == 1 and
          "File name too long" in err and "nothing was written" in err and not out and
          not os.path.exists(top), f"length {len(path)}, exit {status}", err)


def main():
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        # Debian's python3-openpyxl serves Debian's python3, which may not be the first
        # python3 on the PATH (a pyenv one, say): run under it when it has the module
        system = "/usr/bin/python3"
        if os.path.realpath(sys.executable) != os.path.realpath(system) and os.access(system, os.X_OK) \
                and subprocess.run([system, "-c", "import openpyxl"]).returncode == 0:
            os.execv(system, [system, *sys.argv])
    os.umask(0o022)
    with tempfile.TemporaryDirectory(prefix="sustain-init-") as work:
        test_help()
        test_usage(work)
        starter = test_starter(work)
        test_documented_columns(starter)
        test_run(work)
        test_refusals(work, starter)
        test_rollback(work)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
