#!/usr/bin/env python3
"""`sustain run` stores only the columns the rule pack and the config name
(engine/sources/column_choice.h), and the plan is byte for byte the one every column
gives: for the examples, a generated national dataset, and rules that reach a column
the load left out (a name built at run time, inside a pcall that swallows the error,
rows()), where the engine loads every column and assesses again. The plan with every
column comes from --trace, which stores every column (its debug lines would repeat).
Usage: run.py SUSTAIN SOURCE_ROOT

Prints a summary in cmocka's form so tests/summary.py counts the cases."""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cases import check, finish, skip  # noqa: E402  (tests/cases.py)

MODEL = """model {
  ingredients = { "voice" },
  stages = { pilot = { voice = 1 } },
  bands = { { min = 50, label = "ok" }, { min = 0, label = "weak" } },
}
"""

# One rule per case: what it reads, and whether the engine must load every column.
RULES = {
    "constant": ("""local n = a.data.people:count { life_satisfaction = { ge = 5 } }
    a:evidence("satisfied", n, #a.data.people)
    return n""", False),
    "built_name": ("""local column = "life_" .. "satisfaction"
    local n = a.data.people:count { [column] = { ge = 5 } }
    a:evidence("satisfied", n, #a.data.people)
    return n""", True),
    "pcall_swallows": ("""local ok, total = pcall(function()
      return a.data.people:sum(string.format("%s_%s", "hours", "spent"))
    end)
    a:evidence("hours", ok and total or -1, 1)
    return ok and 70 or 10""", True),
    "columns_listed": ("""local names = a.data.people:columns()
    a:evidence("columns", #names, 1)
    a:evidence("last", names[#names], 1)
    return #names""", False),
    "rows_read": ("""local keys = 0
    for row in a.data.people:rows() do
      for _ in pairs(row) do keys = keys + 1 end
    end
    a:evidence("cells", keys, 1)
    return keys % 100""", True),
}

HEADER = "la,changed,life_satisfaction,hours_spent,note,seen,typed_only\n"
ROWS = [("north", "yes", 7, 3, "a", "2023-05-01", 1), ("north", "no", 4, 5, "b", "2024-01-09", 2),
        ("north", "yes", 9, "", "", "2022-12-31", 3), ("south", "no", 2, 8, "c", "2023-02-02", 4),
        ("south", "yes", 6, 1, "d", "", 5)]

CONFIG = """[assessment]
name = Columns
date = {date}
rules = rules

[source people]
plugin = csv
path = people.csv
authority_column = la
{types}
[authority north]
stage = pilot

[authority south]
stage = pilot
"""


def run(sustain, config, *arguments):
    done = subprocess.run([sustain, "run", config, "--format", "json", *arguments],
                          capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout, done.stderr


def columns_line(stderr):
    return next((line for line in stderr.splitlines() if line.startswith("Columns:")), "")


def same_plans(name, sustain, config, jobs=("1", "2"), expect=None):
    """The plan with the columns chosen, against --trace's with every column, for each
    --jobs; expect, when given, is a test on the --profile line about columns."""
    for j in jobs:
        code, chosen, said = run(sustain, config, "--jobs", j, "--profile=1")
        whole_code, whole, _ = run(sustain, config, "--jobs", j, "--trace")
        check(f"{name} --jobs {j}: the plan is the one every column gives",
              code == whole_code and chosen == whole and chosen.startswith("{"),
              f"exit {code} and {whole_code}", said[-600:])
        if expect:
            line = columns_line(said)
            check(f"{name} --jobs {j}: {expect[0]}", expect[1](line), repr(line))
    return chosen


def write_case(work, rule, types="", date="2024-03-31"):
    os.makedirs(os.path.join(work, "rules"), exist_ok=True)
    with open(os.path.join(work, "rules", "pack.lua"), "w", encoding="utf-8") as f:
        f.write(MODEL + 'rule {\n  id = "voice.case",\n  ingredient = "voice",\n'
                '  title = "The case",\n  assess = function(a)\n    ' + rule + "\n  end,\n}\n")
    with open(os.path.join(work, "people.csv"), "w", encoding="utf-8") as f:
        f.write(HEADER + "".join(",".join(str(v) for v in row) + "\n" for row in ROWS))
    config = os.path.join(work, "assessment.ini")
    with open(config, "w", encoding="utf-8") as f:
        f.write(CONFIG.format(types=types, date=date))
    return config


# A data check whose where names a column by a name built as the pack loads.
CHECK = """
check {
  id = "note_blank",
  table = "people",
  message = "a note is blank",
  where = { [("no" .. "te")] = { missing = true } },
}
"""


def check_rules(sustain):
    for case, (rule, reloads) in RULES.items():
        work = tempfile.mkdtemp(prefix="sustain-columns-")
        try:
            config = write_case(work, rule)
            if reloads:
                expect = ("every column loaded again", lambda line: "loaded again" in line)
            else:
                expect = ("columns left out, none asked for",
                          lambda line: "left out" in line and "again" not in line)
            same_plans(case, sustain, config, expect=expect)
        finally:
            shutil.rmtree(work)


def check_check(sustain):
    """A data check that reaches a column the load left out: counted as with every column."""
    work = tempfile.mkdtemp(prefix="sustain-columns-")
    try:
        config = write_case(work, RULES["constant"][0])
        with open(os.path.join(work, "rules", "pack.lua"), "a", encoding="utf-8") as f:
            f.write(CHECK)
        plan = same_plans("a check's built name", sustain, config,
                          expect=("every column loaded again", lambda line: "loaded again" in line))
        check("the check counted the blank notes", '"note_blank"' in plan and "blank" in plan,
              plan[:300])
    finally:
        shutil.rmtree(work)


def check_types(sustain):
    """A column that only `types =` names is stored (the plugin refuses a cell of it
    that is not a number); the others that no rule names are left out."""
    work = tempfile.mkdtemp(prefix="sustain-columns-")
    try:
        config = write_case(work, RULES["constant"][0], "types = typed_only:number\n")
        same_plans("types names a column", sustain, config,
                   expect=("four columns left out (changed, hours_spent, note, seen)",
                           lambda line: line.startswith("Columns: 4 left out")))
        with open(os.path.join(work, "people.csv"), "a", encoding="utf-8") as f:
            f.write("south,yes,5,2,e,2023-03-03,many\n")
        code, _, said = run(sustain, config)
        check("a typed column no rule reads still refuses a cell that is not a number",
              code != 0 and "typed_only" in said and "declared as numbers" in said, said[-400:])
        write_case(work, RULES["constant"][0], "types = typed_only:number\n")
        with open(os.path.join(work, "people.csv"), "a", encoding="utf-8") as f:
            f.write("south,yes,5,2,e\0f,2023-03-03,6\n")
        code, _, said = run(sustain, config, "--trace")
        code2, _, said2 = run(sustain, config)
        check("a NUL byte in a column left out is refused as in a stored one",
              code != 0 and code == code2 and said == said2 and "NUL" in said, said2[-400:])
    finally:
        shutil.rmtree(work)


def check_date_warning(sustain):
    """The warning about a date long after the data's latest date looks at the dates of
    the columns left out too: `seen` holds the latest, and no rule reads it."""
    work = tempfile.mkdtemp(prefix="sustain-columns-")
    try:
        config = write_case(work, RULES["constant"][0], date="2025-06-30")
        _, _, chosen = run(sustain, config)
        _, _, whole = run(sustain, config, "--trace")
        warning = [line for line in chosen.splitlines() if "latest date" in line]
        check("the assessment date's warning names the latest date in a column left out",
              len(warning) == 1 and "people.seen" in warning[0] and "2024-01-09" in warning[0]
              and warning[0] in whole, chosen[-600:])
    finally:
        shutil.rmtree(work)


def check_examples(sustain, root):
    for example in ("starter", "three-authorities", "csat", "psat"):
        same_plans(example, sustain, os.path.join(root, "examples", example, "assessment.ini"))


def check_national(sustain, root):
    generate = os.path.join(os.path.dirname(sustain), "..", "examples", "generate",
                            "sustain-generate")
    if not os.access(generate, os.X_OK):
        skip("a generated national dataset", f"no {generate}")
        return
    work = tempfile.mkdtemp(prefix="sustain-columns-national-")
    try:
        subprocess.run([generate, "national", "--scale", "0.05", work], check=True,
                       capture_output=True, timeout=300,
                       env=dict(os.environ,
                                SUSTAIN_RULES=os.path.abspath(os.path.join(root, "rules", "ingredients"))))
        config = os.path.join(work, "assessment.ini")
        same_plans("national at scale 0.05", sustain, config,
                   expect=("wellbeing's unread columns left out, none asked for",
                           lambda line: "wellbeing.worthwhile" in line and "again" not in line))
        records = os.path.join(work, "records.csv")
        done = subprocess.run([sustain, "check", config, "--records", records],
                              capture_output=True, text=True, timeout=300)
        lines = []
        if os.path.exists(records):
            with open(records, encoding="utf-8-sig") as f:
                lines = f.read().splitlines()
        check("check --records still lists the rows the checks find, by CHILD",
              done.returncode == 0 and lines[:1] == ["authority,table,check,identifier"]
              and len(lines) > 10 and all(line.split(",")[3].startswith("N") for line in lines[1:]),
              done.stderr[-600:], lines[:3])
    finally:
        shutil.rmtree(work)


def main():
    sustain, root = sys.argv[1], sys.argv[2]
    check_rules(sustain)
    check_check(sustain)
    check_types(sustain)
    check_date_warning(sustain)
    check_examples(sustain, root)
    check_national(sustain, root)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
