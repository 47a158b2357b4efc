#!/usr/bin/env python3
"""Figures a council can publish: no silent pooling, and the records to fix.

Usage: run.py SUSTAIN SOURCE_ROOT

1. A source that several authorities read without authority_column or
   shared = yes stops both `run` and `check` (exit status 1, no plan, an earlier
   plan kept), at its [source] line, naming the column that looks like the
   authority's; shared = yes with authority_column is refused; a config of one
   authority may leave both out. `check` warns of shared = yes on a column of
   authority IDs, and of one authority's source whose column of IDs holds
   other values too.
2. `sustain check --records FILE` on the three-authority example lists, per
   authority and check, as many records as the plan counts, in a stable order;
   the file is 0600 even under umask 000, and stays 0600 when it replaces a
   readable file; no identifier reaches standard output or standard error.
3. '-', /dev/stdout, /dev/stderr and a terminal are refused before anything
   loads (exit status 2); /dev/null and a FIFO are written into as they are.
4. Identifiers are written as CSV a spreadsheet reads safely: quoted where
   needed, a would-be formula prefixed with an apostrophe.
Prints a summary in cmocka's form for tests/summary.py.
"""
import csv
import json
import os
import pty
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cases import bad, check, finish, ok  # noqa: E402  (tests/cases.py)

SUSTAIN, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
EXAMPLE = os.path.join(ROOT, "examples", "three-authorities")


def sustain(*args, umask=None):
    def set_umask():
        if umask is not None:
            os.umask(umask)
    p = subprocess.run([SUSTAIN, *args], capture_output=True, text=True, cwd=ROOT, timeout=120,
                       preexec_fn=set_umask)
    return p.returncode, p.stdout, p.stderr


def example_copy(work, change=None):
    """The three-authority example in work/ex (its data linked, DfE's files reached
    through ../../data), with change(text) applied to its INI; returns the INI."""
    ex = os.path.join(work, "ex")
    shutil.rmtree(ex, ignore_errors=True)
    os.makedirs(ex)
    for name in ("data", "local"):
        os.symlink(os.path.join(EXAMPLE, name), os.path.join(ex, name))
    with open(os.path.join(EXAMPLE, "assessment.ini"), encoding="utf-8") as f:
        text = f.read()
    text = text.replace("../../", ROOT + "/")
    if change:
        text = change(text)
    ini = os.path.join(ex, "assessment.ini")
    with open(ini, "w", encoding="utf-8") as f:
        f.write(text)
    return ini


def line_of(ini, text):
    with open(ini, encoding="utf-8") as f:
        return next(i + 1 for i, line in enumerate(f) if line.startswith(text))


def without_line(section, key_line):
    """Drops the first `key_line` line after `section`'s header."""
    def change(text):
        start = text.index(section)
        at = text.index(key_line + "\n", start)
        return text[:at] + text[at + len(key_line) + 1:]
    return change


# --- 1. no silent pooling -----------------------------------------------------

def pooling(work):
    ini = example_copy(work, without_line("[source care_leavers]", "authority_column = la"))
    line = line_of(ini, "[source care_leavers]")
    want = (f"assessment.ini:{line}: source care_leavers has neither authority_column nor "
            "shared = yes, so each of the 3 authorities would be assessed on all of its rows: "
            "its column 'la' holds the authority IDs (eastmere, westbrook, southfield): add "
            "authority_column = la")
    plan = os.path.join(work, "plan.json")
    with open(plan, "w", encoding="utf-8") as f:
        f.write("the previous plan\n")
    status, out, err = sustain("run", ini, "--format", "json", "--output", plan)
    with open(plan, encoding="utf-8") as f:
        kept = f.read() == "the previous plan\n"
    check("pooled_run_refused", status == 1 and want in err and kept and "no plan written" in err,
          f"exit status {status}, previous plan kept: {kept}", f"stderr: {err[:700]}")
    status, out, err = sustain("run", ini, "--format", "json")
    check("pooled_run_prints_no_plan", status == 1 and out == "", f"exit status {status}",
          f"stdout: {out[:200]}")
    status, out, err = sustain("check", ini)
    check("pooled_check_refused", status == 1 and want in err and "ok:" not in out,
          f"exit status {status}", f"stderr: {err[:700]}")

    ini = example_copy(work, without_line("[source dfe_activity]", "shared = yes"))
    line = line_of(ini, "[source dfe_activity]")
    status, out, err = sustain("check", ini)
    check("unshared_dfe_file_names_its_code_column",
          status == 1 and f"assessment.ini:{line}: source dfe_activity has neither" in err
          and "its column 'old_la_code' holds the authorities' la_code (935 for eastmere, 359 "
          "for westbrook, 866 for southfield)" in err and err.count("has neither") == 1,
          f"exit status {status}", f"stderr: {err[:700]}")

    def both(text):
        return text.replace("authority_column = la\ntypes = CHILD",
                            "authority_column = la\nshared = yes\ntypes = CHILD", 1)
    ini = example_copy(work, both)
    line = line_of(ini, "shared = yes")
    status, out, err = sustain("run", ini)
    check("shared_and_authority_column_refused",
          status == 1 and f"assessment.ini:{line}: [source care_leavers] says shared = yes and "
          f"also names authority_column (line {line - 1})" in err and out == "",
          f"exit status {status}", f"stderr: {err[:500]}")

    status, out, err = sustain("check", os.path.join(ROOT, "examples", "csat", "assessment.ini"))
    check("one_authority_needs_neither", status == 0 and "ok:" in out and "authority_column"
          not in err, f"exit status {status}", f"stderr: {err[:500]}")

    # what check can only warn of: shared = yes on a column of IDs; one authority reading a
    # file of several
    def shared_ids(text):
        return text.replace("authority_column = la\ntypes = CHILD", "shared = yes\ntypes = CHILD", 1)
    ini = example_copy(work, shared_ids)
    line = line_of(ini, "shared = yes")
    status, out, err = sustain("check", ini)
    check("shared_ids_warned", status == 0 and f"warning: {ini}:{line}: source care_leavers says "
          "shared = yes, so every authority reads all of its rows, yet its column 'la' holds 3 "
          "of the authority IDs: if each row belongs to one authority, write authority_column = "
          "la instead" in err, f"exit status {status}", f"stderr: {err[:700]}")

    def only_eastmere(text):
        text = without_line("[source care_leavers]", "authority_column = la")(text)
        return text[:text.index("[authority westbrook]")]
    ini = example_copy(work, only_eastmere)
    line = line_of(ini, "[source care_leavers]")
    status, out, err = sustain("check", ini)
    check("one_authority_reading_several_warned",
          status == 0 and f"warning: {ini}:{line}: source care_leavers has no authority_column, "
          "so all of its rows count for eastmere, yet its column 'la' holds the authority's ID "
          "among other values" in err and "source wellbeing" not in err,
          f"exit status {status}", f"stderr: {err[:700]}")


# --- 2. the records of the example --------------------------------------------

def read_records(path):
    with open(path, newline="", encoding="utf-8-sig") as f:  # a BOM, as every CSV of sustain
        rows = list(csv.reader(f))
    return rows[0], [tuple(row) for row in rows[1:]]


def children():
    with open(os.path.join(EXAMPLE, "data", "care_leavers.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {row["CHILD"] for row in rows if row["CHILD"]}


def example_records(work):
    ini = example_copy(work, lambda text: text.replace("suppress_below = 5", "suppress_below = 1"))
    status, out, err = sustain("run", ini, "--format", "json")
    plan = json.loads(out) if status == 0 else {"authorities": []}
    counted = {(a["id"], d["check"]): d["count"] for a in plan["authorities"]
               for d in a["data_quality"]}
    path = os.path.join(work, "records.csv")
    status, out, err = sustain("check", ini, "--records", path, umask=0)
    if status != 0:
        bad("example_records", f"exit status {status}", err[:600])
        return
    header, records = read_records(path)
    listed = {}
    for authority, _, check_id, _ in records:
        listed[(authority, check_id)] = listed.get((authority, check_id), 0) + 1
    check("example_records_are_what_the_plan_counts",
          header == ["authority", "table", "check", "identifier"] and listed == counted
          and len(records) >= 10, f"listed {listed}", f"counted {counted}")
    check("example_records_are_children", {r[3] for r in records} <= children(),
          str(sorted({r[3] for r in records} - children()))[:300])
    order = ["eastmere", "westbrook", "southfield"]
    positions = [order.index(r[0]) for r in records]
    check("example_records_in_config_order", positions == sorted(positions), str(positions[:40]))
    mode = stat.S_IMODE(os.stat(path).st_mode)
    check("records_0600_under_umask_000", mode == 0o600, oct(mode))
    check("stdout_says_how_many_and_where",
          out.splitlines()[-1] == f"{path}: {len(records)} records written (readable by its "
          "owner only)", out)
    leaked = sorted(c for c in children() if c in out or c in err)
    check("no_identifier_on_stdout_or_stderr", not leaked, str(leaked[:10]))

    with open(path, "rb") as f:
        first = f.read()
    os.chmod(path, 0o644)
    status, out, err = sustain("check", ini, "--records", path, umask=0)
    mode = stat.S_IMODE(os.stat(path).st_mode)
    with open(path, "rb") as f:
        again = f.read()
    check("replaced_records_stay_0600", status == 0 and mode == 0o600, oct(mode), err[:300])
    check("records_are_stable", again == first)
    leftovers = [n for n in os.listdir(work) if n.startswith("records.csv.")]
    check("no_temporary_file_left", not leftovers, str(leftovers))


# --- 3. targets that would show the identifiers -------------------------------

def refused_targets(work):
    ini = os.path.join(EXAMPLE, "assessment.ini")
    for name, target, what in (("dash", "-", "standard output"),
                               ("dev_stdout", "/dev/stdout", "standard output"),
                               ("dev_stderr", "/dev/stderr", "standard error")):
        status, out, err = sustain("check", ini, "--records", target)
        check(f"refused_{name}", status == 2 and f"--records {target} is {what}" in err
              and "ok:" not in out, f"exit status {status}", f"stderr: {err[:400]}")
    main, follower = pty.openpty()
    try:
        terminal = os.ttyname(follower)
        status, out, err = sustain("check", ini, "--records", terminal)
        check("refused_terminal", status == 2 and f"--records {terminal} is a terminal" in err,
              f"exit status {status}", f"stderr: {err[:400]}")
    finally:
        os.close(main)
        os.close(follower)
    status, out, err = sustain("check", ini, "--records", "/dev/null")
    check("dev_null_is_a_file", status == 0 and "/dev/null: " in out, f"exit status {status}",
          err[:300])
    status, out, err = sustain("check", ini, "--records")
    check("records_needs_a_file", status == 2, f"exit status {status}")

    # a FIFO named on purpose (an encrypting program's, say) is written into as it is
    fifo = os.path.join(work, "fifo")
    os.mkfifo(fifo, 0o600)
    received = []
    reader = threading.Thread(target=lambda: received.append(open(fifo, "rb").read()))
    reader.start()
    status, out, err = sustain("check", ini, "--records", fifo)
    reader.join(timeout=30)
    lines = received[0].split(b"\r\n") if received else []
    check("fifo_is_written_into", status == 0 and lines[0] == b"\xef\xbb\xbfauthority,table,check,identifier"
          and f"{fifo}: {len(lines) - 2} records written (into a pipe or device, which keeps its "
          "own permissions)" in out and stat.S_ISFIFO(os.stat(fifo).st_mode),
          f"exit status {status}", out, err[:300])


# --- 4. CSV that a spreadsheet reads safely ------------------------------------

def awkward_identifiers(work):
    folder = os.path.join(work, "awkward")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "care_leavers.csv"), "w", encoding="utf-8") as f:
        f.write('CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n"=1+1",,YES,F1,D1\n"a,b",,YES,F1,D1\n'
                '"say ""hi""",,YES,F1,D1\n-7,,YES,F1,D1\n')
    ini = os.path.join(folder, "assessment.ini")
    with open(ini, "w", encoding="utf-8") as f:
        f.write(f"[assessment]\nrules = {ROOT}/rules/ingredients\ndate = 2024-03-31\n\n"
                "[source care_leavers]\nplugin = csv\npath = care_leavers.csv\n"
                "types = CHILD:text, DOB:date\n\n[authority only]\nstage = pilot\n")
    path = os.path.join(folder, "records.csv")
    status, out, err = sustain("check", ini, "--records", path)
    if status != 0:
        bad("awkward_identifiers", f"exit status {status}", err[:600])
        return
    with open(path, "rb") as f:
        raw = f.read()
    _, records = read_records(path)
    ids = [r[3] for r in records if r[2] == "oc3_date_of_birth_missing"]
    check("awkward_identifiers_quoted_and_guarded",
          ids == ["'=1+1", "a,b", 'say "hi"', "'-7"] and raw.endswith(b"\r\n")
          and re.search(rb'"a,b"\r\n', raw), str(ids), raw[:300])


def main():
    work = tempfile.mkdtemp(prefix="sustain-records-")
    try:
        pooling(work)
        example_records(work)
        refused_targets(work)
        awkward_identifiers(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
