#!/usr/bin/env python3
"""The history store ([history] path, `sustain history`, the change shown in plans).

Usage: run.py SUSTAIN SOURCE_ROOT

Works in a copy of examples/three-authorities/ whose configs record into
temporary files: the four annual assessments of years/ (2021 to 2024, each on the
data as it stood then) and their trajectory, in which Southfield falls a band after
its pilot ends while Eastmere and Westbrook hold or grow; the committed yearly data
is what the generator writes; the latest run for a date wins; the plan's change since the
previous assessment, its actions matched by gap, and the migration of a schema version 1
history (tests/history/gaps.py, on SQLite and PostgreSQL); the scores over time in the HTML
plan and on the history page (tests/history/trend.py); two writers at once lose
nothing; a run killed with SIGKILL while it records (the test hook
SUSTAIN_TEST_HISTORY_PAUSE, and at random moments) leaves the earlier records
intact; a corrupt, foreign or newer database and a bad [history] section give a
clear error naming the file. With a real PostgreSQL server (the folder named by
SUSTAIN_TEST_PG_SERVER, set up by tests/db/pg_server.sh as .ci/run does, else one
started here like tests/db/run.sh does), the four annual assessments recorded
into [history] url = postgresql://... give the same `sustain history --format
json` trajectories as with SQLite, and the url's password never shows; when no
server is available those cases are listed as skipped and the script exits 77.
Prints a summary in cmocka's form for tests/summary.py.
"""
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cases import bad, check, finish, ok, skip  # noqa: E402  (tests/cases.py)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gaps  # noqa: E402  (tests/history/gaps.py: actions matched by gap, the migration)
import story  # noqa: E402  (tests/history/story.py: the story, the summary, --output, csv)
import trend  # noqa: E402  (tests/history/trend.py: scores over time in the HTML pages)

SUSTAIN, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
EXAMPLE = os.path.join(ROOT, "examples", "three-authorities")
YEARS = ("2021", "2022", "2023", "2024")
PAUSE_MESSAGE = "sustain: test hook: pausing inside the history transaction"


def run(*args, env=None):
    full_env = dict(os.environ)
    full_env.pop("SUSTAIN_TEST_HISTORY_PAUSE", None)
    full_env["COLUMNS"] = "1000"  # sentences are compared whole, so text is not wrapped
    if env:
        full_env.update(env)
    p = subprocess.run([SUSTAIN, *args], capture_output=True, text=True, env=full_env, timeout=240)
    return p.returncode, p.stdout, p.stderr


def make_ini(work, name, history_path, extra=""):
    """A copy of history.ini in work/ (beside a copy of the data) recording into history_path."""
    with open(os.path.join(EXAMPLE, "history.ini"), encoding="utf-8") as f:
        text = f.read()
    text = text.replace("../../rules/ingredients", os.path.join(ROOT, "rules", "ingredients"))
    text = re.sub(r"(?m)^path = \.\./\.\./build/three-authorities-history\.db$",
                  "path = " + history_path, text)
    assert "path = " + history_path in text, "history.ini has changed: update this test"
    path = os.path.join(work, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text + extra)
    return path


def make_year_ini(work, year, history_path, url=None):
    """A copy of years/YEAR.ini in work/years/ (beside the copied data) recording into history_path
    (or, given url, into [history] url = url)."""
    with open(os.path.join(EXAMPLE, "years", f"{year}.ini"), encoding="utf-8") as f:
        text = f.read()
    text = text.replace("../../../rules/ingredients", os.path.join(ROOT, "rules", "ingredients"))
    text = re.sub(r"(?m)^path = \.\./\.\./\.\./build/three-authorities-years\.db$",
                  "path = " + history_path, text)
    assert "path = " + history_path in text, f"years/{year}.ini has changed: update this test"
    if url:
        text = text.replace("path = " + history_path, "url = " + url)
    path = os.path.join(work, "years", f"copy-{year}{'-pg' if url else ''}.ini")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def trajectory(ini, *args):
    status, out, err = run("history", ini, "--format", "json", *args)
    if status != 0:
        raise RuntimeError(f"history exited {status}: {err[:400]}")
    return {a["id"]: a for a in json.loads(out)["authorities"]}


def db_counts(path):
    with sqlite3.connect(path) as db:
        runs = db.execute("select count(*) from runs").fetchone()[0]
        partial = db.execute(
            "select count(*) from runs r where (select count(*) from authorities a "
            "where a.run = r.id) != 3").fetchone()[0]
        integrity = db.execute("pragma integrity_check").fetchone()[0]
    return runs, partial, integrity


def test_four_years(work):
    db = os.path.join(work, "four.db")
    inis = [make_year_ini(work, y, db) for y in YEARS]
    ini = inis[-1]
    statuses = [run("run", path, "--format", "json")[0] for path in inis]
    if statuses != [0, 0, 0, 0]:
        bad("four_annual_runs", f"exit statuses {statuses}")
        return ini, db
    ok("four_annual_runs")
    t = trajectory(ini)
    points = {a: [p["date"] for p in t[a]["points"]] for a in t}
    check("four_points_per_authority",
          all(points[a] == [f"{y}-03-31" for y in YEARS] for a in ("eastmere", "westbrook", "southfield")),
          f"points: {points}")
    south = [p["score"] for p in t["southfield"]["points"]]
    bands = [p["band"] for p in t["southfield"]["points"]]
    stages = [p["stage"] for p in t["southfield"]["points"]]
    check("southfield_stage_moves_with_the_date", stages == ["pilot", "pilot", "transition", "transition"],
          f"stages: {stages}")
    # the pilot runs from October 2021 to September 2023: on 31 March 2022 and 2023 it is
    # running, on 31 March 2024 its money has gone; the score falls well below both
    during, after = south[1:3], south[3]
    check("southfield_declines_after_its_pilot",
          after <= min(during) - 15 and after < max(south[:3]),
          f"southfield: {south}")
    # while the pilot runs it is out of the lowest band (scored on practice, not on how many
    # care leavers are in work or homes, it reaches the top band just before its end)
    check("southfield_falls_a_band_after_its_pilot",
          bands[1] == "fragile" and bands[2] in ("fragile", "likely sustained")
          and bands[3] == "at risk of pilotitis"
          and t["southfield"]["points"][3]["band_changed"],
          f"southfield bands: {bands}")
    others = {a: [p["score"] for p in t[a]["points"]] for a in ("eastmere", "westbrook")}
    other_bands = {a: [p["band"] for p in t[a]["points"]] for a in ("eastmere", "westbrook")}
    check("others_hold_or_grow",
          all(s[k + 1] >= s[k] for s in others.values() for k in range(3))
          and all(b[-1] == "likely sustained" for b in other_bands.values()),
          f"scores: {others}", f"bands: {other_bands}")
    ingredients = [i["id"] for i in t["southfield"]["points"][0]["ingredients"]]
    check("every_ingredient_has_a_trajectory",
          ingredients == ["receptivity", "coproduction", "leadership", "measurement", "adaptation"],
          f"ingredients: {ingredients}")

    status, out, err = run("history", ini)
    chart = re.search(r"(?m)^  Overall\s+([\u2581-\u2588]{4})\s", out)
    titled = re.search(r"(?m)^  Care leavers shaping the service\s+([\u2581-\u2588]{4})\s", out)
    check("text_shows_a_chart", status == 0 and chart and "Southfield Borough Council" in out,
          f"status {status}", out[:600], err[:300])
    # the formats people read name ingredients by the pack's titles; JSON and CSV keep ids
    check("text_names_ingredients_by_title",
          status == 0 and titled and not re.search(r"(?m)^  coproduction ", out), out[-900:])
    status, out, _ = run("history", ini, "--format", "markdown")
    check("markdown_names_ingredients_by_title",
          status == 0 and "| Care leavers shaping the service |" in out and "| coproduction |" not in out,
          out[:900])
    status, out, _ = run("history", ini, "--authority", "southfield", "--format", "markdown")
    check("markdown_and_one_authority",
          status == 0 and "Southfield" in out and "Eastmere" not in out
          and out.count("| 20") == 8,  # each point's scores, and each ingredient's change
          out[:600])
    status, out, _ = run("history", ini, "--format", "html")
    check("html_page_with_charts",
          status == 0 and out.count('role="img"') == 3
          and out.count('<path class="trend-overall"') == 3
          and out.count("<tr><th scope=\"row\">") == 24 and "(band changed)" in out
          and "http://" not in out and "https://" not in out and "<script" not in out,
          out[:600])
    status, _, err = run("history", ini, "--authority", "nowhere")
    check("unknown_authority_refused", status == 1 and "nowhere" in err, f"status {status}: {err}")
    status, _, err = run("history", ini, "--format", "pdf")
    check("unknown_format_is_a_usage_error", status == 2, f"status {status}: {err}")
    return ini, db


def test_years_match_the_generator(work):
    """years/YYYY/ is what `sustain-generate three-authorities --year YYYY` writes."""
    generator = os.path.join(os.path.dirname(os.path.dirname(SUSTAIN)), "examples", "generate",
                             "sustain-generate")
    if not os.access(generator, os.X_OK):
        print(f"    (no {generator}: the yearly data is not compared with the generator)")
        return
    differ = []
    for y in YEARS:
        out = os.path.join(work, "generated", y)
        os.makedirs(out)
        p = subprocess.run([generator, "three-authorities", "--year", y, out], capture_output=True,
                           text=True, timeout=60)
        if p.returncode != 0:
            differ.append(f"{y}: exit {p.returncode} {p.stderr[:200]}")
            continue
        committed = os.path.join(EXAMPLE, "years", y)
        names = sorted(n for n in os.listdir(committed) if n.endswith(".csv"))
        if names != sorted(os.listdir(out)):
            differ.append(f"{y}: files {names} vs {sorted(os.listdir(out))}")
        for name in names:
            with open(os.path.join(committed, name), "rb") as a, open(os.path.join(out, name), "rb") as b:
                if a.read() != b.read():
                    differ.append(f"{y}/{name} differs: regenerate it")
    check("yearly_data_is_the_generators", not differ, *differ)


def test_latest_run_wins(work):
    db = os.path.join(work, "latest.db")
    ini = make_ini(work, "latest.ini", db)
    changed = make_ini(work, "latest-changed.ini", db)
    with open(changed, encoding="utf-8") as f:
        text = f.read()
    # southfield finds its funding after the pilot: the second 2024 run scores it higher
    text = text.replace("la_code = 866\nfunding_after_pilot = no\nbusiness_case = none",
                        "la_code = 866\nfunding_after_pilot = yes\nbusiness_case = approved")
    with open(changed, "w", encoding="utf-8") as f:
        f.write(text)
    run("run", ini, "--date", "2024-03-31")
    first = trajectory(ini)["southfield"]["points"]
    status, _, err = run("run", changed, "--date", "2024-03-31")
    second = trajectory(ini)["southfield"]["points"]
    check("latest_run_for_a_date_wins",
          status == 0 and len(first) == 1 and len(second) == 1 and second[0]["score"] > first[0]["score"],
          f"status {status} {err[:200]}", f"first {first[:1]}", f"second {second[:1]}")


def test_change_in_plans(work, ini, db):
    status, out, err = run("run", ini, "--date", "2024-09-30", "--format", "json")
    if status != 0:
        bad("plan_shows_change", f"status {status}: {err[:400]}")
        return
    plan = {a["id"]: a for a in json.loads(out)["authorities"]}
    south = plan["southfield"]
    with sqlite3.connect(db) as con:
        run_id = con.execute("select max(a.run) from authorities a join runs r on r.id = a.run "
                             "where a.authority = 'southfield' and r.date = '2024-03-31'").fetchone()[0]
        before = [r[0] for r in con.execute(
            "select action from actions where run = ? and authority = 'southfield' order by rank", (run_id,))]
        scores = dict(con.execute("select ingredient, score from ingredients where run = ? and "
                                  "authority = 'southfield'", (run_id,)).fetchall())
    now = {a["id"] for a in south["actions"]}
    check("plan_shows_change",
          south["previous_date"] == "2024-03-31"
          and all(abs(i["previous"] - scores[i["id"]]) < 0.051 for i in south["ingredients"])
          and south["recurring_actions"] == [a for a in before if a in now]
          and south["resolved_actions"] == [a for a in before if a not in now],
          json.dumps({k: south.get(k) for k in ("previous_date", "recurring_actions", "resolved_actions")})[:600])
    status, out, _ = run("run", ini, "--date", "2020-01-01", "--format", "json")
    first = json.loads(out)["authorities"][0] if status == 0 else {}
    check("first_assessment_has_no_previous",
          first.get("previous_date", "missing") is None and first.get("recurring_actions") == []
          and all(i["previous"] is None for i in first["ingredients"]), str(first)[:300])
    for fmt, marker in (("text", "Since the previous assessment (2024-09-30)"),
                        ("markdown", "### Since the previous assessment (2024-09-30)"),
                        ("html", "<h3>Since the previous assessment (2024-09-30)</h3>")):
        status, out, err = run("run", ini, "--date", "2025-03-31", "--format", fmt)
        check(f"change_in_{fmt}", status == 0 and marker in out and "Actions recurring" in out,
              f"status {status}: {err[:300]}")
    plain = os.path.join(ROOT, "examples", "three-authorities", "assessment.ini")
    status, out, _ = run("run", plain, "--format", "json")
    check("no_history_no_new_keys",
          status == 0 and '"previous' not in out and "recurring_actions" not in out)


def test_concurrent_writers(work):
    db = os.path.join(work, "concurrent.db")
    ini = make_ini(work, "concurrent.ini", db)
    run("run", ini, "--date", "2020-03-31")  # the file exists; the writers below race on it
    env = {k: v for k, v in os.environ.items() if k != "SUSTAIN_TEST_HISTORY_PAUSE"}
    procs = []
    # the first holds the write lock for 2 s inside its transaction; the others must wait
    for i, year in enumerate(YEARS):
        e = dict(env, SUSTAIN_TEST_HISTORY_PAUSE="2") if i == 0 else env
        procs.append(subprocess.Popen([SUSTAIN, "run", ini, "--date", f"{year}-03-31"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=e,
                                      text=True))
    results = [(p.wait(timeout=240), p.stderr.read()) for p in procs]
    runs, partial, integrity = db_counts(db)
    points = [len(a["points"]) for a in trajectory(ini).values()]
    check("concurrent_writers_lose_nothing",
          all(s == 0 for s, _ in results) and runs == 5 and partial == 0 and integrity == "ok"
          and points == [5, 5, 5],
          f"statuses {[s for s, _ in results]}, runs {runs}, partial {partial}, {integrity}, points {points}",
          *[e[:300] for _, e in results if e])
    # and a fresh file created by several processes at once
    fresh = os.path.join(work, "fresh.db")
    ini2 = make_ini(work, "fresh.ini", fresh)
    procs = [subprocess.Popen([SUSTAIN, "run", ini2, "--date", f"{y}-03-31"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True) for y in YEARS]
    results = [(p.wait(timeout=240), p.stderr.read()) for p in procs]
    runs, partial, integrity = db_counts(fresh)
    check("concurrent_creation_of_a_new_history",
          all(s == 0 for s, _ in results) and runs == 4 and partial == 0 and integrity == "ok",
          f"statuses {[s for s, _ in results]}, runs {runs}", *[e[:300] for _, e in results if e])


def start_paused(ini, date, seconds):
    env = dict(os.environ, SUSTAIN_TEST_HISTORY_PAUSE=str(seconds))
    return subprocess.Popen([SUSTAIN, "run", ini, "--date", date], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env, text=True)


def test_sigkill(work):
    db = os.path.join(work, "kill.db")
    ini = make_ini(work, "kill.ini", db)
    for y in YEARS[:2]:
        run("run", ini, "--date", f"{y}-03-31")
    p = start_paused(ini, "2023-03-31", 120)
    line = p.stderr.readline()  # the hook says when it is inside the transaction
    os.kill(p.pid, signal.SIGKILL)
    p.wait(timeout=60)
    runs, partial, integrity = db_counts(db)
    t = trajectory(ini)
    dates = [pt["date"] for pt in t["southfield"]["points"]]
    check("sigkill_mid_write_keeps_earlier_records",
          PAUSE_MESSAGE in line and runs == 2 and partial == 0 and integrity == "ok"
          and dates == ["2021-03-31", "2022-03-31"],
          f"hook line {line!r}, runs {runs}, partial {partial}, {integrity}, dates {dates}")
    status, _, err = run("run", ini, "--date", "2023-03-31")
    check("a_run_after_the_kill_records", status == 0 and db_counts(db)[0] == 3, err[:300])

    # killed at random moments, with or without the hook: never a partial run, never damage
    rng = random.Random(9)
    problems = []
    for i in range(8):
        p = subprocess.Popen([SUSTAIN, "run", ini, "--date", f"2024-0{1 + i % 9}-15"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, 0.6))
        p.kill()
        p.wait(timeout=60)
        runs, partial, integrity = db_counts(db)
        if partial or integrity != "ok" or runs < 3:
            problems.append(f"kill {i}: runs {runs}, partial {partial}, {integrity}")
    status, _, err = run("history", ini)
    check("sigkill_at_random_moments", not problems and status == 0, *problems, err[:300])


def test_bad_files(work):
    cases = []
    garbage = os.path.join(work, "garbage.db")
    with open(garbage, "wb") as f:
        f.write(bytes(random.Random(1).randrange(256) for _ in range(8192)))
    cases.append(("garbage", garbage, "damaged or is not an SQLite database"))
    foreign = os.path.join(work, "foreign.db")
    with sqlite3.connect(foreign) as con:
        con.execute("create table patients (id integer)")
    cases.append(("foreign", foreign, "is not a sustain history"))
    newer = os.path.join(work, "newer.db")
    with sqlite3.connect(newer) as con:
        con.execute(f"pragma application_id = {0x53555354}")
        con.execute("pragma user_version = 99")
        con.execute("create table runs (id integer)")
    cases.append(("newer_schema", newer, "written by a newer sustain"))
    # a real history whose pages are overwritten
    damaged = os.path.join(work, "damaged.db")
    ini = make_ini(work, "damaged-source.ini", damaged)
    for y in YEARS:
        run("run", ini, "--date", f"{y}-03-31")
    with sqlite3.connect(damaged) as con:
        con.execute("pragma wal_checkpoint(truncate)")
        con.execute("pragma journal_mode = delete")
    data = bytearray(open(damaged, "rb").read())
    for page in range(1, len(data) // 4096):
        data[page * 4096:page * 4096 + 100] = b"\xa5" * 100
    with open(damaged, "wb") as f:
        f.write(data)
    cases.append(("damaged_pages", damaged, "damaged or is not an SQLite database"))
    for name, path, text in cases:
        ini = make_ini(work, name + ".ini", path)
        before = open(path, "rb").read()
        s1, out1, err1 = run("run", ini, "--date", "2023-03-31", "--format", "json")
        s2, out2, err2 = run("history", ini)
        after = open(path, "rb").read()
        # a plan is refused (or, for a file damaged only where this run does not read, written
        # and its recording refused); never a crash, always the file's name
        check(f"bad_history_{name}",
              s1 == 1 and s2 == 1 and path in err1 and text in err1 and path in err2 and text in err2
              and "AddressSanitizer" not in err1 + err2 and (name == "damaged_pages" or out1 == "")
              and (name == "damaged_pages" or before == after),
              f"run: {s1} {err1[:300]!r}", f"history: {s2} {err2[:300]!r}")
    status, _, err = run("history", make_ini(work, "missing.ini", os.path.join(work, "none.db")))
    check("history_before_any_run", status == 1 and "no history yet" in err, err[:300])


def test_config(work):
    base = make_ini(work, "config-base.ini", os.path.join(work, "c.db"))
    text = open(base, encoding="utf-8").read()
    text = text[:text.index("[history]")]
    cases = [
        ("no_path", "[history]\n", "[history] has no path"),
        ("url_not_postgresql", "[history]\nurl = mysql://localhost/sustain\n", "write a postgresql:// URI"),
        ("path_and_url", "[history]\npath = h.db\nurl = postgresql://localhost/sustain\n",
         "has both path and url"),
        ("unknown_key", "[history]\npath = h.db\nfile = x\n", "unknown key 'file' in [history]"),
        ("missing_folder", "[history]\npath = nowhere/h.db\n", "create the folder first"),
        ("folder", "[history]\npath = .\n", "is a folder"),
    ]
    for name, section, text_expected in cases:
        path = os.path.join(work, f"config-{name}.ini")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text + section)
        status, _, err = run("check", path)
        check(f"config_{name}", status == 1 and text_expected in err and "config-" in err, err[:300])
    status, out, _ = run("history", "--help")
    check("history_help", status == 0 and "sustain history CONFIG.ini" in out)
    status, out, _ = run("--help")
    check("main_help_lists_history", status == 0 and "history CONFIG.ini" in out)


def test_schema(work, db):
    with sqlite3.connect(db) as con:
        version = con.execute("pragma user_version").fetchone()[0]
        application = con.execute("pragma application_id").fetchone()[0]
        mode = con.execute("pragma journal_mode").fetchone()[0]
        digests = {r[0] for r in con.execute("select rules_digest from authorities")}
    check("schema_version_and_wal", version == 3 and application == 0x53555354 and mode == "wal",
          f"version {version}, application {application:#x}, journal {mode}")
    check("rules_digest_recorded", len(digests) >= 2 and all(re.fullmatch(r"[0-9a-f]{16}", d) for d in digests),
          f"digests {digests}")
    # the digest is of the bytes loaded: the same pack gives the same digest, Westbrook's own
    # file changes its digest, and so does a change to a module the pack requires
    with sqlite3.connect(db) as con:
        recorded = dict(con.execute("select authority, rules_digest from authorities "
                                    "where run = (select max(id) from runs)"))
    check("rules_digest_is_of_the_files_loaded",
          recorded.get("eastmere") == recorded.get("southfield") != recorded.get("westbrook"),
          f"recorded {recorded}")
    pack = os.path.join(work, "pack-copy")
    shutil.copytree(os.path.join(ROOT, "rules", "ingredients"), pack)
    shutil.copytree(os.path.join(ROOT, "rules", "lib"), os.path.join(work, "lib"))
    digests = []
    for change in (False, True):
        if change:
            with open(os.path.join(pack, "lib", "score.lua"), "a", encoding="utf-8") as f:
                f.write("-- a changed module\n")
        copy_db = os.path.join(work, f"digest-{change}.db")
        ini = make_ini(work, f"digest-{change}.ini", copy_db)
        with open(ini, encoding="utf-8") as f:
            text = f.read().replace(os.path.join(ROOT, "rules", "ingredients"), pack)
        with open(ini, "w", encoding="utf-8") as f:
            f.write(text)
        status, _, err = run("run", ini, "--authority", "eastmere", "--output", os.devnull)
        with sqlite3.connect(copy_db) as con:
            digests.append(con.execute("select rules_digest from authorities").fetchone()[0])
    check("rules_digest_covers_modules",
          digests[0] == recorded.get("eastmere") and digests[1] != digests[0],
          f"the copied pack: {digests[0]}, with a module changed: {digests[1]}, "
          f"the pack: {recorded.get('eastmere')}")


POSTGRES_CASES = ("postgres_four_annual_runs", "postgres_same_trajectories",
                  "postgres_change_in_plans", "postgres_summary_tells_the_fall",
                  "postgres_password_hidden") + gaps.POSTGRES_CASES


def pg_server(work):
    """(server folder, folder this script started or None), or (None, None, why)."""
    given = os.environ.get("SUSTAIN_TEST_PG_SERVER")
    if given:
        if os.path.isfile(os.path.join(given, "conninfo")):
            return given, None, ""
        return None, None, f"SUSTAIN_TEST_PG_SERVER={given} holds no conninfo"
    # its own folder: under root the server runs as another user, who must reach it
    folder = tempfile.mkdtemp(prefix="sustain-pg-history-")
    p = subprocess.run([os.path.join(ROOT, "tests", "db", "pg_server.sh"), "start", folder],
                       capture_output=True, text=True, timeout=240)
    if p.returncode == 0:
        return folder, folder, ""
    shutil.rmtree(folder, ignore_errors=True)
    return None, None, "no PostgreSQL server could be started: " + p.stderr.strip()[:300]


def psql(conninfo, sql):
    return subprocess.run(["psql", conninfo, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
                          capture_output=True, text=True, timeout=120)


def test_postgres(work):
    """The four annual assessments in PostgreSQL give the SQLite trajectories."""
    if not shutil.which("psql"):
        for name in POSTGRES_CASES:
            skip(name, "psql is not installed")
        return
    server, started, why = pg_server(work)
    if not server:
        print(why)
        for name in POSTGRES_CASES:
            skip(name, "no PostgreSQL server")
        return
    admin = open(os.path.join(server, "conninfo")).read().strip()
    settings = dict(item.split("=", 1) for item in admin.split())
    database = f"sustain_history_{os.getpid()}_{int(time.time())}"
    created = [database]

    def pg_url(name):
        return (f"postgresql://{settings['user']}@/{name}?host="
                + urllib.parse.quote(settings["host"], safe="") + f"&port={settings['port']}")

    def new_database(suffix):
        """(psql conninfo, sustain url) of a new, empty database (dropped at the end)."""
        name = f"{database}_{suffix}"
        created.append(name)
        p = psql(admin, f'CREATE DATABASE "{name}"')
        if p.returncode != 0:
            raise RuntimeError(f"creating the database {name} failed: {p.stderr[:300]}")
        conninfo = " ".join(f"{k}={v}" for k, v in settings.items() if k != "dbname")
        return f"{conninfo} dbname={name}", pg_url(name)

    try:
        p = psql(admin, f'CREATE DATABASE "{database}"')
        if p.returncode != 0:
            bad("postgres_four_annual_runs", f"creating the database failed: {p.stderr[:300]}")
            return
        url = pg_url(database)
        inis = [make_year_ini(work, y, os.path.join(work, "four.db"), url) for y in YEARS]
        plans = []
        for path in inis:
            status, out, err = run("run", path, "--format", "json")
            plans.append((status, out, err))
        statuses = [s for s, _, _ in plans]
        if statuses != [0, 0, 0, 0]:
            bad("postgres_four_annual_runs", f"exit statuses {statuses}",
                *[e[:300] for _, _, e in plans if e])
        else:
            ok("postgres_four_annual_runs")
        # the same four runs into a fresh SQLite file
        sqlite_db = os.path.join(work, "four-again.db")
        sqlite_inis = [make_year_ini(work, y, sqlite_db) for y in YEARS]
        sqlite_statuses = [run("run", path, "--format", "json")[0] for path in sqlite_inis]
        status, out, err = run("history", inis[-1], "--format", "json")
        status_sqlite, out_sqlite, err_sqlite = run("history", sqlite_inis[-1], "--format", "json")
        if sqlite_statuses != [0, 0, 0, 0] or status_sqlite != 0:
            bad("postgres_same_trajectories", f"the SQLite runs: {sqlite_statuses} {err_sqlite[:300]}")
            out_sqlite = '{"authorities": null}'
        
        if status != 0:
            bad("postgres_same_trajectories", f"history exited {status}: {err[:400]}")
        elif status_sqlite == 0:
            pg, lite = json.loads(out), json.loads(out_sqlite)
            check("postgres_same_trajectories",
                  status_sqlite == 0 and pg["authorities"] == lite["authorities"]
                  and len(pg["authorities"]) == 3
                  and all(len(a["points"]) == 4 for a in pg["authorities"]),
                  f"postgres: {out[:600]}", f"sqlite: {out_sqlite[:600]}")
        # the 2024 plan shows the change since 2023, as with SQLite
        _, lite_2024, _ = run("run", sqlite_inis[-1],
                              "--format", "json", "--date", "2024-03-31")
        status, pg_2024, err = run("run", inis[-1], "--format", "json")
        def since(text):
            return [(a["id"], a.get("previous_date"), a.get("recurring_actions"),
                     a.get("resolved_actions"), [i.get("previous") for i in a["ingredients"]])
                    for a in json.loads(text)["authorities"]]
        try:
            same = since(pg_2024) == since(lite_2024) and since(pg_2024)[0][1] == "2023-03-31"
        except (ValueError, KeyError, IndexError, TypeError) as e:
            same = False
            err += f" ({e})"
        check("postgres_change_in_plans", status == 0 and same, err[:300])
        # the previous overall score and band come through too: the same fall in the summary
        _, lite_text, _ = run("run", sqlite_inis[-1], "--authority", "southfield")
        status, pg_text, err = run("run", inis[-1], "--authority", "southfield")
        told = [[line for line in text.splitlines() if "Since the last assessment" in line]
                for text in (lite_text, pg_text)]
        check("postgres_summary_tells_the_fall",
              status == 0 and told[0] == told[1] and len(told[1]) == 1
              and "on 31 March 2023" in told[1][0], *[str(t) for t in told], err[:300])
        # the password never shows, whether it is wrong or right
        password = open(os.path.join(server, "password")).read().strip()
        tcp = dict(item.split("=", 1) for item in
                   open(os.path.join(server, "tcp")).read().split())
        wrong = f"postgresql://{tcp['user']}:Not-The-{password}@{tcp['host']}:{tcp['port']}/{database}"
        right = f"postgresql://{tcp['user']}:{password}@{tcp['host']}:{tcp['port']}/{database}"
        s1, out1, err1 = run("run", make_year_ini(work, "2021", os.path.join(work, "four.db"), wrong),
                             "--format", "json")
        s2, out2, err2 = run("history", make_year_ini(work, "2022", os.path.join(work, "four.db"), right),
                             "--format", "json")
        check("postgres_password_hidden",
              s1 == 1 and "password authentication failed" in err1 and "********" in err1
              and password not in err1 + out1 and s2 == 0 and password not in err2 + out2
              and json.loads(out2)["authorities"] == json.loads(out_sqlite)["authorities"],
              f"wrong password: {s1} {err1[:300]!r}", f"right password: {s2} {err2[:300]!r}")
        gaps.run_postgres(sys.modules[__name__], work, new_database)
    finally:
        for name in created:
            psql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if started:
            subprocess.run([os.path.join(ROOT, "tests", "db", "pg_server.sh"), "stop", started],
                           capture_output=True, timeout=120)
            shutil.rmtree(started, ignore_errors=True)


def main():
    work = tempfile.mkdtemp(prefix="sustain-history-")
    for folder in ("data", "local", "years"):
        shutil.copytree(os.path.join(EXAMPLE, folder), os.path.join(work, folder))
    try:
        ini, db = test_four_years(work)
        test_years_match_the_generator(work)
        test_schema(work, db)
        story.run_all(sys.modules[__name__], work, ini, db)  # before later runs add points
        gaps.run_sqlite(sys.modules[__name__], work)
        test_latest_run_wins(work)
        trend.run_all(sys.modules[__name__], work, ROOT)
        test_change_in_plans(work, ini, db)
        test_concurrent_writers(work)
        test_sigkill(work)
        test_bad_files(work)
        test_config(work)
        test_postgres(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return finish()

if __name__ == "__main__":
    sys.exit(main())
