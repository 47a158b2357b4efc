#!/usr/bin/env python3
"""Data checks against the DfE 903 validator, and the forms of check{}.

Usage: run.py SUSTAIN SOURCE_ROOT

1. The default pack's OC3 checks count, rule by rule, exactly the records the
   DfE-endorsed 903 validator flags on the same records: its own fake OC3
   records (fixtures/ssda903-fake/, shipped with its MIT licence) for three
   collection years, and records of ours on the edges of each rule; the
   pack's own checks count what is worked out by hand below.
2. The shipped copy of the validator's records is unchanged, when the
   validator's files are beside the repository (SUSTAIN_SHARED); skipped
   otherwise.
3. No identifier of a young person reaches any format of the plan.
4. check{} mistakes stop the run at their file:line; a where function that
   fails is an error of the plan (exit status 3), the other checks still count;
   `sustain check` tells of a check comparing a column its table lacks.
5. `sustain check --records` lists, per authority and check, the very records
   each check counts (those the validator flags), by CHILD; the edge records'
   identifiers are the ones worked out by hand below; a where function that
   fails writes no records and leaves an earlier file as it was.
Prints a summary in cmocka's form for tests/summary.py.
"""
import csv
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cases import bad, check, finish, ok, skip  # noqa: E402  (tests/cases.py)

SUSTAIN, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
HERE = os.path.join(ROOT, "tests", "checks")

# The pack's check for each DfE rule.
CHECK_OF_RULE = {
    "131": "oc3_131_in_touch_invalid",
    "132": "oc3_132_activity_invalid",
    "133": "oc3_133_accommodation_invalid",
    "344": "oc3_344_died_or_returned_home_but_activity_or_accommodation",
    "345": "oc3_345_in_touch_but_activity_or_accommodation_zero",
    "391": "oc3_391_younger_than_17",
    "3001": "oc3_3001_former_foster_carers_at_17",
    "348": "oc3_348_previously_reported_died",
}

# What the validator flags, per INI and authority (collection year). Counts from
# data-to-insight/csc-validator-be-903 version 0.1.14, commit
# 10ad07c513aa07bd8fffc928d57ae9918a70ae07 (its lac2025_26 rules), obtained with
#   python3 tests/checks/validator_counts.py CHECKOUT YEAR \
#     tests/checks/fixtures/ssda903-fake/oc3.csv --last tests/checks/fixtures/oc3_last_year.csv
#   python3 tests/checks/validator_counts.py CHECKOUT 2024 \
#     tests/checks/fixtures/oc3_edges.csv --last tests/checks/fixtures/oc3_edges_last_year.csv
# except rule 132 for 2018 and 2021: that tool applies today's activity codes to
# every year, while DfE's validation of returns before the year to March 2022
# took F3/P3 and not F4/P4/F5/P5. The 132 counts for those years are from the
# validator as it checked 2020-21 returns, commit
# 59cfd812077d5420940f7840ec30121b0d55bb01, by the same command.
VALIDATOR = {
    ("fake.ini", "year_2018"): {"131": 0, "132": 0, "133": 3, "344": 21, "345": 0,
                                "391": 3, "3001": 8, "348": 4},
    ("fake.ini", "year_2021"): {"131": 0, "132": 0, "133": 3, "344": 21, "345": 0,
                                "391": 0, "3001": 0, "348": 4},
    ("fake.ini", "year_2022"): {"131": 0, "132": 12, "133": 3, "344": 21, "345": 0,
                                "391": 0, "3001": 0, "348": 4},
    ("edges.ini", "year_2024"): {"131": 5, "132": 9, "133": 9, "344": 2, "345": 4,
                                 "391": 2, "3001": 2, "348": 3},
}

# The pack's own checks, by hand. The fake records are of people born from 5
# January to 3 April 2001, 20 or 21 on 31 March 2022, 17 or 16 in 2018, with
# distinct CHILDs and every DOB. In the edge records (year to March 2024):
# ZQ01 is on two rows, and ZQ22, born 15 June 2001, was 22.
OWN = {
    ("fake.ini", "year_2018"): {},
    ("fake.ini", "year_2021"): {},
    ("fake.ini", "year_2022"): {},
    ("edges.ini", "year_2024"): {"oc3_duplicate_child": 2, "oc3_older_than_21": 1},
}

# The edge records, rule by rule (ZQ numbers, year to 31 March 2024; 17 on
# that day means born from 1 April 2006 to 31 March 2007):
#   131  blank IN_TOUCH: 02 05 15 16 25
#   132  blank ACTIV: 02 03 09 15 16 25; F6: 12; P3 (retired): 13; 1: 24
#   133  blank ACCOM: 02 04 05 11 15 25; X1: 12; S1: 13; 01: 24
#   344  DIED with a blank ACTIV (09) or ACCOM (11); RHOM 0 0 (10) is fine
#   345  YES with ACTIV 0 (06, 26), ACCOM 0 (07), both (08, once)
#   391  born after 31 March 2007 with something filled in: 14, 16 (only
#        ACCOM); 15 and 25 have all three blank
#   3001 Z1/Z2 and 17: 17 (born 31 March 2007), 18 (1 April 2006); 19 (born
#        31 March 2006) was 18
#   348  DIED last year, not DIED now: 27 (REFU), 28 (NO), 02 (blank); 09 is
#        DIED in both


# The edge records each check finds, from the list above (ZQ numbers).
EDGE_RECORDS = {
    "131": "02 05 15 16 25", "132": "02 03 09 12 13 15 16 24 25",
    "133": "02 04 05 11 12 13 15 24 25", "344": "09 11", "345": "06 07 08 26",
    "391": "14 16", "3001": "17 18", "348": "02 27 28",
}


def sustain(*args):
    p = subprocess.run([SUSTAIN, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)
    return p.returncode, p.stdout, p.stderr


def compare_with_validator():
    for (ini, authority), rules in VALIDATOR.items():
        status, out, err = sustain("run", os.path.join(HERE, ini), "--format", "json",
                                   "--authority", authority)
        name = f"{ini} {authority}"
        if status != 0:
            bad(f"{name}: plan", f"exit status {status}", err[:600])
            continue
        plan = json.loads(out)
        check(f"{name}: no errors", plan["errors"] == [], str(plan["errors"])[:600])
        found = {d["check"]: d["count"] for d in plan["authorities"][0]["data_quality"]}
        for rule, want in rules.items():
            got = found.pop(CHECK_OF_RULE[rule], 0)
            check(f"{name}: rule {rule} counts what the validator flags", got == want,
                  f"sustain {got}, validator {want}")
        check(f"{name}: the pack's own checks", found == OWN[(ini, authority)],
              f"got {found}, expected {OWN[(ini, authority)]}")


def shipped_copy_is_unchanged():
    shared = os.environ.get("SUSTAIN_SHARED", "")
    original = os.path.join(shared, "data", "ssda903-fake")
    name = "the shipped copy of the validator's OC3 records is unchanged"
    if not shared or not os.path.isdir(original):
        skip(name, "the validator's files are not beside the repository")
        return
    ours = os.path.join(HERE, "fixtures", "ssda903-fake")
    same = all(filecmp.cmp(os.path.join(original, f), os.path.join(ours, f), shallow=False)
               for f in ("oc3.csv", "LICENSE"))
    check(name, same, f"{ours} differs from {original}")


def no_identifier_in_plans():
    with open(os.path.join(HERE, "fixtures", "oc3_edges.csv"), encoding="utf-8") as f:
        children = {line.split(",")[0] for line in f.read().splitlines()[1:]}
    for fmt in ("text", "markdown", "json", "csv", "html"):
        status, out, err = sustain("run", os.path.join(HERE, "edges.ini"), "--format", fmt)
        leaked = sorted(c for c in children if c in out or c in err)
        check(f"no CHILD in the {fmt} plan", status == 0 and not leaked,
              f"exit status {status}; identifiers found: {leaked}")


PACK_INI = """[assessment]
name = check forms
date = 2024-03-31
rules = pack
suppress_below = 1

[source people]
plugin = csv
path = people.csv
authority_column = la

[authority fine]
stage = pilot

[authority failing]
stage = pilot
fail = yes
"""


def pack_copy(work, extra=""):
    """A copy of the check{} test pack in work, with extra Lua appended."""
    shutil.rmtree(os.path.join(work, "pack"), ignore_errors=True)
    shutil.copytree(os.path.join(HERE, "pack"), os.path.join(work, "pack"))
    os.remove(os.path.join(work, "pack", "pack_test.lua"))
    with open(os.path.join(work, "pack", "pack.lua"), "a", encoding="utf-8") as f:
        f.write(extra)
    with open(os.path.join(work, "people.csv"), "w", encoding="utf-8") as f:
        f.write("la,id,code,born\nfine,p1,a,2001-01-01\nfine,p1,c,2002-01-01\n"
                "failing,p2,a,2001-01-01\nfailing,,,2003-01-01\n")
    ini = os.path.join(work, "assessment.ini")
    with open(ini, "w", encoding="utf-8") as f:
        f.write(PACK_INI)
    with open(os.path.join(work, "pack", "pack.lua"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    return ini, lines


def failing_where_is_a_plan_error(work):
    ini, lines = pack_copy(work)
    raise_line = next(i + 1 for i, line in enumerate(lines) if 'error("no filter for' in line)
    status, out, err = sustain("run", ini, "--format", "json")
    name = "a where function that fails: plan written, exit status 3"
    if status != 3:
        bad(name, f"exit status {status}", err[:600])
        return
    ok(name)
    plan = json.loads(out)
    errors = plan["errors"]
    check("the failure is listed at the line that raised it",
          len(errors) == 1 and errors[0]["rule"] == "fails_for_some"
          and errors[0]["authority"] == "failing" and errors[0]["line"] == raise_line
          and errors[0]["message"] == "check 'fails_for_some': no filter for failing",
          str(errors))
    counts = {a["id"]: {d["check"]: d["count"] for d in a["data_quality"]} for a in plan["authorities"]}
    check("the other checks count, and the failed one is not shown as a count",
          "fails_for_some" not in counts["failing"] and counts["failing"]["code_blank_or_unknown"] == 1
          and counts["fine"]["fails_for_some"] == 1 and counts["fine"]["repeated_id"] == 2,
          str(counts))


MISTAKES = [
    ("where_a_string", 'check { id = "w", table = "people", message = "m", where = "code" }',
     "check{}: 'where' must be a filter, a list of filters or a function(a) returning one, not string"),
    ("nothing_to_count", 'check { id = "n", table = "people", message = "m" }',
     "check{} needs 'where', a filter naming the rows that break the check (or 'unique' or 'found_in')"),
    ("found_in_not_a_table", 'check { id = "f", table = "people", message = "m", found_in = "people" }',
     "check{}: 'found_in' must be a table"),
    ("found_in_without_key",
     'check { id = "k", table = "people", message = "m", found_in = { table = "people" } }',
     "check{} found_in needs 'key' to be a non-empty string"),
    ("unique_not_text", 'check { id = "u", table = "people", message = "m", unique = 3 }',
     "check{} needs 'unique' to be a non-empty string, not number"),
    ("a_list_and_columns",
     'check { id = "l", table = "people", message = "m", where = { { code = "a" }, code = "b" } }',
     "check 'l': where is a list of filters"),
    ("a_column_the_table_lacks",
     'check { id = "c", table = "people", message = "m", where = { { code = "a" }, { nope = 1 } } }',
     "check 'c': table 'people' has no column 'nope'"),
]


def absent_column_is_told(work):
    ini, lines = pack_copy(work)
    line = next(i + 1 for i, text in enumerate(lines) if 'unique = "nope"' in text)
    first = max(i for i in range(line) if lines[i].startswith("check {")) + 1
    status, out, err = sustain("check", ini)
    check("sustain check says a check compares a column its table lacks",
          status == 0 and f"pack.lua:{first}: check 'repeated_column_absent' compares the column "
          "'nope', which the table 'people' lacks: it will not run" in err,
          f"exit status {status}", f"stderr: {err[:900]}")


def mistakes_stop_the_run(work):
    for name, lua, message in MISTAKES:
        ini, lines = pack_copy(work, "\n" + lua + "\n")
        status, out, err = sustain("check", ini)
        where = f"pack.lua:{len(lines)}:"
        check(f"check{{}} mistake {name}: located, no plan",
              status == 1 and where in err and message in err,
              f"exit status {status}", f"stderr: {err[:600]}", f"expected {where} ... {message}")


def read_records(path):
    """The --records file as (authority, table, check, identifier) rows, after its header."""
    with open(path, newline="", encoding="utf-8-sig") as f:  # a BOM, as every CSV of sustain
        rows = list(csv.reader(f))
    assert rows[0] == ["authority", "table", "check", "identifier"], rows[:1]
    return [tuple(row) for row in rows[1:]]


def records_are_what_checks_count(work):
    """Each INI's records, per authority and check, are what the validator flags (and
    what the plan counts); the edge records are the identifiers worked out by hand."""
    for ini in ("fake.ini", "edges.ini"):
        path = os.path.join(work, ini + ".records.csv")
        status, out, err = sustain("check", os.path.join(HERE, ini), "--records", path)
        if status != 0:
            bad(f"{ini}: check --records", f"exit status {status}", err[:600])
            continue
        records = read_records(path)
        for (name, authority), rules in VALIDATOR.items():
            if name != ini:
                continue
            want = {CHECK_OF_RULE[rule]: n for rule, n in rules.items() if n}
            want.update(OWN[(ini, authority)])
            got = {}
            for a, table, check_id, _ in records:
                if a == authority:
                    got[check_id] = got.get(check_id, 0) + 1
            check(f"{ini} {authority}: the records are the ones each check counts",
                  got == want, f"records {got}", f"counted {want}")
        check(f"{ini}: every record is of care_leavers",
              {r[1] for r in records} == {"care_leavers"}, str({r[1] for r in records}))
    path = os.path.join(work, "edges.ini.records.csv")
    if not os.path.exists(path):
        return
    by_check = {}
    for _, _, check_id, child in read_records(path):
        by_check.setdefault(check_id, []).append(child)
    for rule, numbers in EDGE_RECORDS.items():
        want = sorted("ZQ" + n for n in numbers.split())
        got = sorted(by_check.get(CHECK_OF_RULE[rule], []))
        check(f"edges.ini: rule {rule} lists the records worked out by hand", got == want,
              f"listed {got}", f"expected {want}")
    check("edges.ini: a repeated CHILD is listed once per row, and the 22-year-old",
          by_check.get("oc3_duplicate_child") == ["ZQ01", "ZQ01"]
          and by_check.get("oc3_older_than_21") == ["ZQ22"], str(by_check))


def failing_where_writes_no_records(work):
    ini, _ = pack_copy(work)
    path = os.path.join(work, "records.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("the earlier records\n")
    status, out, err = sustain("check", ini, "--records", path)
    with open(path, encoding="utf-8") as f:
        kept = f.read() == "the earlier records\n"
    check("check --records with a where function that fails: exit 1, the earlier file kept",
          status == 1 and kept and "check 'fails_for_some': no filter for failing (authority "
          "failing)" in err and f"no records written to {path}" in err,
          f"exit status {status}, file kept: {kept}", f"stderr: {err[:600]}")


def main():
    compare_with_validator()
    shipped_copy_is_unchanged()
    no_identifier_in_plans()
    work = tempfile.mkdtemp(prefix="sustain-checks-")
    try:
        failing_where_is_a_plan_error(work)
        absent_column_is_told(work)
        mistakes_stop_the_run(work)
        records_are_what_checks_count(work)
        failing_where_writes_no_records(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
