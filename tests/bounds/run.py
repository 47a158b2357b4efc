#!/usr/bin/env python3
"""Sources without bounds, through `sustain check` (docs/security.md, "Plugins and sources").

Usage: run.py SUSTAIN SOURCE_ROOT

1. Very wide CSV files: a header of 60,000 columns is refused at once, at its
   file:line:column, saying what to do; one of 4,096 columns (the most a source
   may have) loads in little memory, with its types option and a repeated name
   among thousands found.
2. Sources that never end: a 4 KB SQLite file whose view recurses for ever is
   stopped by [limits] source_rows or source_memory_mb, with a message naming
   the source, its line and plugin and the key to raise, and the plugin stops;
   a CSV file past the limits likewise; bad values of the keys are refused.
Each case runs sustain in a fresh folder with a small pack, under a time limit,
so a case that hangs fails alone. Prints a summary in cmocka's form for
tests/summary.py.
"""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cases import bad, check, finish  # noqa: E402  (tests/cases.py)

SUSTAIN, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
PACK = os.path.join(ROOT, "tests", "hostile", "fixture", "rules")
MAX_COLUMNS = 4096  # SUSTAIN_MAX_COLUMNS in engine/include/sustain/plugin.h


def workspace():
    """A fresh folder holding the small pack as rules/."""
    folder = tempfile.mkdtemp(prefix="sustain-bounds-")
    shutil.copytree(PACK, os.path.join(folder, "rules"))
    return folder


def write_ini(folder, sources, limits=""):
    """assessment.ini with the given [source] sections (text) and [limits] lines."""
    text = "[assessment]\nrules = rules\n\n" + sources
    if limits:
        text += "\n[limits]\n" + limits
    text += "\n[authority north]\nname = North\nstage = pilot\n"
    path = os.path.join(folder, "assessment.ini")
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)
    return path


def run_check(ini, seconds):
    """Runs `sustain check assessment.ini` in the INI's folder; returns (exit status,
    or None when it ran past `seconds` and was killed; what it printed; wall seconds;
    its peak RSS in KB)."""
    folder = os.path.dirname(ini)
    started = time.monotonic()
    with tempfile.TemporaryFile() as output:
        child = subprocess.Popen([SUSTAIN, "check", os.path.basename(ini)], cwd=folder,
                                 stdout=output, stderr=subprocess.STDOUT)
        while True:  # os.wait4 gives this child's own peak RSS
            pid, wait_status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > seconds:
                child.kill()
                pid, wait_status, usage = os.wait4(child.pid, 0)
                wait_status = None
                break
            time.sleep(0.01)
        child.returncode = 0  # reaped here; keeps Popen from waiting again
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    status = None if wait_status is None else os.waitstatus_to_exitcode(wait_status)
    return status, text, time.monotonic() - started, usage.ru_maxrss


def wide_csv(path, columns, rows, names=None):
    """A CSV of `columns` columns (c00000, ...) and `rows` rows of small numbers."""
    names = names or ["c%05d" % i for i in range(columns)]
    with open(path, "w", encoding="utf-8") as file:
        file.write(",".join(names) + "\n")
        for row in range(rows):
            file.write(",".join(str((i + row) % 10) for i in range(columns)) + "\n")


def csv_source(path, extra=""):
    return f"[source wide]\nplugin = csv\npath = {path}\n{extra}\n"


def test_very_wide_csv_is_refused_at_once():
    folder = workspace()
    wide_csv(os.path.join(folder, "wide.csv"), 60000, 1)  # 540 KB
    status, stderr, seconds, _ = run_check(write_ini(folder, csv_source("wide.csv")), 60)
    # the first column too many starts after 4,096 names of 6 characters and a comma
    expected = (f"./wide.csv:1:{MAX_COLUMNS * 7 + 1}: the header has 60000 columns; a source "
                f"may have at most {MAX_COLUMNS}: save a copy of the file with only the "
                "columns the rules read")
    check("very_wide_csv_is_refused_at_once",
          status == 1 and expected in stderr and seconds < 5,
          f"exit status {status} after {seconds:.1f} s (want 1, within 5 s)",
          f"stderr: {stderr[:400]}", f"wanted: {expected}")
    shutil.rmtree(folder)


def test_widest_csv_loads_in_little_memory():
    folder = workspace()
    wide_csv(os.path.join(folder, "wide.csv"), MAX_COLUMNS, 100)
    ini = write_ini(folder, csv_source("wide.csv", "types = c04095:number, c00007:text"))
    status, stderr, seconds, rss = run_check(ini, 60)
    # 4,096 columns of 100 rows hold well under 1 MB of cells; 17 KB of caches a
    # column made it 80 MB
    check("widest_csv_loads_in_little_memory",
          status == 0 and "1 source (100 rows)" in stderr and 0 < rss < 40 * 1024,
          f"exit status {status}, peak RSS {rss} KB (want 0, under 40 MB), {seconds:.2f} s",
          f"stderr: {stderr[:400]}")
    shutil.rmtree(folder)


def test_repeated_name_among_thousands_is_found():
    folder = workspace()
    names = ["c%05d" % i for i in range(MAX_COLUMNS)]
    names[4000] = names[17]
    wide_csv(os.path.join(folder, "wide.csv"), MAX_COLUMNS, 1, names)
    status, stderr, _, _ = run_check(write_ini(folder, csv_source("wide.csv")), 60)
    expected = ("./wide.csv:1:28001: columns 18 and 4001 of the header have the same name; "
                "give every column a different name")
    check("repeated_name_among_thousands_is_found", status == 1 and expected in stderr,
          f"exit status {status}", f"stderr: {stderr[:400]}", f"wanted: {expected}")
    shutil.rmtree(folder)


def test_types_option_names_a_column_not_there():
    folder = workspace()
    wide_csv(os.path.join(folder, "wide.csv"), MAX_COLUMNS, 1)
    ini = write_ini(folder, csv_source("wide.csv", "types = c00001:number, c09999:number"))
    status, stderr, _, _ = run_check(ini, 60)
    expected = ('./wide.csv:1: option types: column "c09999" is not in the header; check '
                "its spelling (names are case-sensitive)")
    check("types_option_names_a_column_not_there", status == 1 and expected in stderr,
          f"exit status {status}", f"stderr: {stderr[:400]}", f"wanted: {expected}")
    shutil.rmtree(folder)


def endless_database(folder):
    """A 4 KB SQLite file whose view counts up for ever."""
    path = os.path.join(folder, "endless.sqlite")
    db = sqlite3.connect(path)
    db.execute("CREATE VIEW endless AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL "
               "SELECT n + 1 FROM r) SELECT 'north' AS la, n, 'person ' || n AS who FROM r")
    db.commit()
    db.close()
    return path


def endless_source():
    return ("[source endless]\nplugin = sqlite\npath = endless.sqlite\ntable = endless\n"
            "authority_column = la\n")


def expect_limit(name, limits, message):
    """The endless view under `limits` stops within seconds with `message`."""
    folder = workspace()
    endless_database(folder)
    ini = write_ini(folder, endless_source(), limits)
    status, output, seconds, _ = run_check(ini, 60)
    expected = ("assessment.ini:4: source endless (plugin sqlite, ")
    line = next((line for line in output.splitlines() if expected in line), "")
    check(name, status == 1 and line.endswith(message) and seconds < 30,
          f"exit status {status} after {seconds:.1f} s (want 1)", f"output: {output[:600]}",
          f"wanted a line holding {expected!r} and ending {message!r}")
    shutil.rmtree(folder)


def test_endless_view_is_stopped_by_source_rows():
    expect_limit("endless_view_is_stopped_by_source_rows", "source_rows = 100000\n",
                 "more than 100000 rows; raise [limits] source_rows if the source really has "
                 "more (a query or view that never ends is stopped here)")


def test_endless_view_is_stopped_by_source_memory_mb():
    expect_limit("endless_view_is_stopped_by_source_memory_mb", "source_memory_mb = 8\n",
                 "raise [limits] source_memory_mb if the source really is that large (a query "
                 "or view that never ends is stopped here)")


def test_csv_past_the_limits_names_the_source():
    folder = workspace()
    with open(os.path.join(folder, "people.csv"), "w", encoding="utf-8") as file:
        file.write("la,id\n")
        for row in range(5000):
            file.write(f"north,{row}\n")
    ini = write_ini(folder, "[source people]\nplugin = csv\npath = people.csv\n",
                    "source_rows = 4000\n")
    status, output, _, _ = run_check(ini, 60)
    check("csv_past_the_limits_names_the_source",
          status == 1 and "assessment.ini:4: source people (plugin csv, " in output and
          "): more than 4000 rows; raise [limits] source_rows" in output,
          f"exit status {status}", f"output: {output[:600]}")
    shutil.rmtree(folder)


def test_bad_limit_values_are_refused():
    folder = workspace()
    ini = write_ini(folder, endless_source(), "source_rows = 0\nsource_memory_mb = lots\n")
    status, output, _, _ = run_check(ini, 60)
    wanted = ["assessment.ini:11: source_rows must be a whole number of rows from 1 to "
              "4294967280 (default 50000000), not '0'",
              "assessment.ini:12: source_memory_mb must be a whole number of megabytes from 1 "
              "to 1048576 (default 1024), not 'lots'"]
    check("bad_limit_values_are_refused",
          status == 1 and all(line in output for line in wanted),
          f"exit status {status}", f"output: {output[:600]}", f"wanted: {wanted}")
    shutil.rmtree(folder)


def main():
    if not os.access(SUSTAIN, os.X_OK):
        bad("sustain_runs", f"{SUSTAIN} is not an executable")
        return finish()
    test_very_wide_csv_is_refused_at_once()
    test_widest_csv_loads_in_little_memory()
    test_repeated_name_among_thousands_is_found()
    test_types_option_names_a_column_not_there()
    test_endless_view_is_stopped_by_source_rows()
    test_endless_view_is_stopped_by_source_memory_mb()
    test_csv_past_the_limits_names_the_source()
    test_bad_limit_values_are_refused()
    return finish()


if __name__ == "__main__":
    sys.exit(main())
