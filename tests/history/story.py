"""The story `sustain history` tells, and where it tells it (run by tests/history/run.py).

- the worked example: Southfield's fall in 2024 is marked as its largest, in every format,
  and no line shows a first-to-last difference that hides it;
- made-up histories (written straight into a history file): a score that only rises, a
  single assessment, ties (equal as shown, not as stored), a fall between a lower first
  and a higher last score, a gap, several assessments in one year, a level score;
- the plan's summary sentence on a marked fall: in the 2024 plan of the example, at the
  threshold and just under it, a fall into a lower band by less than a point, and its
  absence without a history or an earlier assessment;
- --output (a file, its mode kept, a FIFO, the previous file kept when writing fails) and
  --format csv (header, figures, escaping, formula defusing, a hostile authority name).
"""
import csv
import io
import json
import os
import re
import resource
import shutil
import signal
import sqlite3
import stat
import threading

from cases import check  # tests/cases.py

ERA = ("2021-03-31", "2022-03-31", "2023-03-31", "2024-03-31")
INGREDIENTS = ("receptivity", "coproduction", "leadership", "measurement", "adaptation")


def titles(root):
    """{ingredient id: title} from the default pack's model."""
    with open(os.path.join(root, "rules", "ingredients", "model.lua"), encoding="utf-8") as f:
        return dict(re.findall(r'\{ id = "(\w+)",\s*title = "([^"]+)"[,\s]', f.read()))


def whole(x):
    """A score as the summary shows it: a whole number, halves away from zero."""
    return int(abs(x) + 0.5) * (1 if x >= 0 else -1)


def one_decimal(x):
    return round(x + (1e-9 if x >= 0 else -1e-9), 1)


def empty_history(h, work, name, extra_ini=""):
    """A copy of history.ini recording into work/NAME.db, whose tables exist but hold nothing."""
    db = os.path.join(work, f"{name}.db")
    ini = h.make_ini(work, f"{name}.ini", db, extra_ini)
    status, _, err = h.run("run", ini, "--date", "2000-01-01", "--authority", "eastmere",
                           "--output", os.devnull)
    assert status == 0, err
    with sqlite3.connect(db) as con:
        for table in ("actions", "ingredients", "authorities", "runs"):
            con.execute(f"delete from {table}")
    return ini, db


def write_points(db, authority, points, stage="pilot"):
    """Records made-up points: (date, score, band, {ingredient: score}) each."""
    with sqlite3.connect(db) as con:
        first = con.execute("select coalesce(max(id), 0) from runs").fetchone()[0] + 1
        for run_id, (date, score, band, scores) in enumerate(points, first):
            con.execute("insert into runs (id, assessment, date, recorded_at, sustain_version) "
                        "values (?, 'made up', ?, '2024-01-01T00:00:00Z', 'test')", (run_id, date))
            con.execute("insert into authorities (run, authority, name, stage, rules_digest, "
                        "score, band, coverage) values (?, ?, 'Made up', ?, '0000000000000000', "
                        "?, ?, 1.0)", (run_id, authority, stage, score, band))
            for position, (ingredient, value) in enumerate(scores.items()):
                con.execute("insert into ingredients (run, authority, position, ingredient, score, "
                            "weight) values (?, ?, ?, ?, ?, 1.0)",
                            (run_id, authority, position, ingredient, value))


def year_ini(h, work, year, db, name):
    """years/YEAR.ini recording into db, as work/years/NAME.ini (make_year_ini's own name is
    shared by every copy of that year)."""
    path = os.path.join(work, "years", f"{name}.ini")
    shared = os.path.join(work, "years", f"copy-{year}.ini")
    kept = open(shared, encoding="utf-8").read() if os.path.exists(shared) else None
    os.rename(h.make_year_ini(work, year, db), path)
    if kept is not None:
        with open(shared, "w", encoding="utf-8") as f:
            f.write(kept)
    return path


def history_json(h, ini, authority):
    status, out, err = h.run("history", ini, "--format", "json", "--authority", authority)
    if status != 0:
        return None, err
    return json.loads(out)["authorities"][0], err


# ** {======================================================================
# The worked example
# ======================================================================= */

def test_example_story(h, ini):
    """Southfield rose to 2023 and fell in 2024: that fall is its largest, and is told."""
    t = h.trajectory(ini)
    south = t["southfield"]
    scores = [p["score"] for p in south["points"]]
    changes = [p["change"] for p in south["points"]]
    expected = [None] + [one_decimal(b - a) for a, b in zip(scores, scores[1:])]
    marked = [p["largest_fall"] for p in south["points"]]
    check("example_changes_since_the_previous_assessment", changes == expected,
          f"changes {changes}", f"expected {expected}")
    check("example_southfield_fall_in_2024_is_its_largest",
          marked == [False, False, False, True] and changes[3] < 0
          and changes[3] == min(c for c in changes if c is not None),
          f"largest_fall {marked}, changes {changes}")
    story = south["summary"]
    pattern = (rf"^Rose from {scores[0]:.1f} in 2021 to {scores[2]:.1f} by 2023 .*, then fell to "
               rf"{scores[3]:.1f} in 2024 \(its largest fall, {changes[3]:.1f}; a change of band "
               rf"from {south['points'][2]['band']} to at risk of pilotitis\)\.$")
    check("example_story_tells_the_rise_then_the_fall", re.match(pattern, story), story)
    others = [t[a]["summary"] for a in ("eastmere", "westbrook")]
    check("example_rising_authorities_never_fell",
          all(s.startswith("Rose from ") and s.endswith("; it never fell.") for s in others)
          and not any(p["largest_fall"] for a in ("eastmere", "westbrook") for p in t[a]["points"]),
          *others)
    ingredient_changes = {i["id"]: [p["ingredients"][k]["change"] for p in south["points"]]
                          for k, i in enumerate(south["points"][0]["ingredients"])}
    leadership = [p["ingredients"][2]["score"] for p in south["points"]]
    check("example_ingredient_changes_in_json",
          ingredient_changes["leadership"] == [None] + [one_decimal(b - a) for a, b in
                                                        zip(leadership, leadership[1:])]
          and ingredient_changes["coproduction"][:2] == [None, None]
          and south["points"][3]["ingredients"][2]["largest_fall"],
          json.dumps(ingredient_changes))

    status, out, err = h.run("history", ini, "--authority", "southfield")
    rows = [line for line in out.splitlines() if line.startswith("  2024-03-31")]
    overall = [line for line in out.splitlines() if line.startswith("  Overall ")]
    check("example_text_marks_the_largest_fall",
          status == 0 and rows and rows[0].endswith("<- largest fall, band changed")
          and f"{changes[3]:.1f}" in rows[0] and story in out
          and overall and f"{changes[3]:.1f} in 2024" in overall[0],
          out[:1500], err[:300])
    # the old chart row read "first -> last (difference)": a rise that hid the 2024 fall
    check("example_text_has_no_first_to_last_difference",
          status == 0 and " -> " not in out and f"({one_decimal(scores[3] - scores[0]):+.1f})" not in out,
          out[:1500])
    status, out, _ = h.run("history", ini, "--authority", "southfield", "--format", "markdown")
    check("example_markdown_marks_and_tables_changes",
          status == 0 and f"| **{changes[3]:.1f} (largest fall)** |" in out
          and "### Change of each ingredient since the previous assessment" in out
          and story in out, out[:2000])
    status, out, _ = h.run("history", ini, "--authority", "southfield", "--format", "html")
    check("example_html_marks_and_tables_changes",
          status == 0 and f"<strong>{changes[3]:.1f} (largest fall)</strong>" in out
          and "<caption>Change of each ingredient since the previous assessment</caption>" in out
          and len(re.findall(r'<circle class="fall" cx="[\d.]+" cy="[\d.]+" r="9"', out)) == 1
          and f"<p>{story}</p>" in out, out[:2000])  # the chart's ring, not the legend's


# ** {======================================================================
# Made-up histories
# ======================================================================= */

STORY_CASES = [
    # name, points (date, score, band), the summary expected
    ("only_rises",
     [(ERA[0], 40.0, "at risk of pilotitis"), (ERA[1], 50.0, "fragile"), (ERA[2], 60.0, "fragile")],
     "Rose from 40.0 in 2021 to 60.0 by 2023 (a change of band from at risk of pilotitis to "
     "fragile); it never fell."),
    ("single_assessment", [(ERA[3], 55.0, "fragile")],
     "One assessment so far: 55.0, fragile, in 2024; nothing to compare it with yet."),
    # equal as shown (60.0 -> 50.0 and 55.0 -> 45.0), not as stored (-10.08 and -10.0)
    ("ties",
     [(ERA[0], 60.04, "fragile"), (ERA[1], 49.96, "fragile"), (ERA[2], 55.0, "fragile"),
      (ERA[3], 45.0, "fragile")],
     "Fell from 60.0 in 2021 to 50.0 in 2022 (one of its 2 equal largest falls, -10.0), then "
     "rose to 55.0 in 2023, then fell to 45.0 in 2024 (one of its 2 equal largest falls, -10.0)."),
    # the last score is above the first: a first-to-last difference would hide the fall
    ("fall_between",
     [(ERA[0], 30.0, "fragile"), (ERA[1], 70.0, "fragile"), (ERA[2], 35.0, "fragile"),
      (ERA[3], 40.0, "fragile")],
     "Rose from 30.0 in 2021 to 70.0 in 2022, then fell to 35.0 in 2023 (its largest fall, "
     "-35.0), then rose to 40.0 in 2024."),
    ("long_fall",
     [(ERA[0], 70.0, "fragile"), (ERA[1], 65.0, "fragile"), (ERA[2], 45.0, "fragile"),
      (ERA[3], 40.0, "fragile")],
     "Fell from 70.0 in 2021 to 40.0 by 2024 (its largest fall in 2023, -20.0)."),
    ("gap",
     [(ERA[0], 50.0, "fragile"), (ERA[1], None, None), (ERA[2], 40.0, "fragile")],
     "Fell from 50.0 in 2021 to 40.0 in 2023 (its largest fall, -10.0). No overall score in 2022."),
    ("same_year",
     [("2024-03-31", 50.0, "fragile"), ("2024-09-30", 40.0, "fragile")],
     "Fell from 50.0 in 2024-03-31 to 40.0 in 2024-09-30 (its largest fall, -10.0)."),
    ("level",
     [(ERA[0], 50.0, "fragile"), (ERA[1], 50.04, "fragile"), (ERA[2], 49.96, "fragile")],
     "Held at 50.0 from 2021 to 2023."),
]


def test_story_cases(h, work):
    for name, points, expected in STORY_CASES:
        ini, db = empty_history(h, work, f"story-{name}")
        scores = [{"receptivity": None if s is None else s / 2} for _, s, _ in points]
        write_points(db, "eastmere", [(*p, sc) for p, sc in zip(points, scores)])
        t, err = history_json(h, ini, "eastmere")
        if t is None:
            check(f"story_{name}", False, err[:300])
            continue
        falls = [p["largest_fall"] for p in t["points"]]
        check(f"story_{name}", t["summary"] == expected, f"got      {t['summary']}",
              f"expected {expected}", f"largest_fall {falls}")
        status, out, _ = h.run("history", ini, "--authority", "eastmere")
        marked = sum("<- largest fall" in line for line in out.splitlines())
        check(f"story_{name}_in_text", status == 0 and expected in out and marked == sum(falls),
              out[:1200])
    # the ties: both falls marked, in JSON and in the text's chart
    ini = os.path.join(work, "story-ties.ini")
    t, _ = history_json(h, ini, "eastmere")
    status, out, _ = h.run("history", ini, "--authority", "eastmere")
    check("story_ties_both_marked",
          [p["largest_fall"] for p in t["points"]] == [False, True, False, True]
          and [p["change"] for p in t["points"]] == [None, -10.0, 5.0, -10.0]
          and re.search(r"(?m)^  Overall .* -10\.0 in 2022, 2024$", out)
          and [p["ingredients"][0]["largest_fall"] for p in t["points"]] == [False, True, False, True],
          json.dumps([p for p in t["points"]])[:800], out[:1200])


# ** {======================================================================
# The summary sentence of a plan
# ======================================================================= */

def section(text, name):
    """The part of a text plan about one authority."""
    start = text.find(name)
    following = [text.find(other, start + 1) for other in
                 ("Eastmere County Council (", "Westbrook Children's Trust", "Southfield Borough Council (")]
    ends = [e for e in following if e > start]
    return text[start:min(ends)] if ends else text[start:]


def test_summary_sentence(h, work, db):
    """The 2024 plan, with the four years recorded, says Southfield fell markedly since 2023."""
    copy_db = os.path.join(work, "summary-four.db")
    shutil.copy(db, copy_db)
    ini = year_ini(h, work, "2024", copy_db, "summary-2024")
    status, out, err = h.run("run", ini, "--format", "json", "--authority", "southfield")
    plan = json.loads(out)["authorities"][0] if status == 0 else {}
    status, text, err = h.run("run", ini)
    south = section(text, "Southfield Borough Council (")
    named = titles(h.ROOT)
    falls = sorted(((one_decimal(i["previous"]) - one_decimal(i["score"]), k, i)
                    for k, i in enumerate(plan.get("ingredients", []))
                    if whole(i["previous"]) != whole(i["score"])
                    and one_decimal(i["previous"]) > one_decimal(i["score"])),
                   key=lambda f: (-f[0], f[1]))[:2]
    areas = " and ".join(f"{named[i['id']]} (from {whole(i['previous'])} to {whole(i['score'])})"
                         for _, _, i in falls)
    previous = h.trajectory(ini)["southfield"]["points"][2]["score"]
    expected = (f"Since the last assessment, on 31 March 2023, the overall score has fallen from "
                f"{whole(previous)} to {whole(plan.get('score', 0))}, into a lower band. The areas "
                f"that fell most are {areas}.")
    check("summary_names_the_fall_and_the_areas_by_title",
          status == 0 and len(falls) == 2 and expected in south
          and all(i["id"] not in expected for _, _, i in falls),
          f"expected {expected}", south[:1500], err[:300])
    check("summary_only_where_the_authority_fell",
          "Since the last assessment" not in section(text, "Eastmere County Council (")
          and "Since the last assessment" not in section(text, "Westbrook Children's Trust"),
          text[:600])
    for fmt, marker in (("markdown", "\n" + expected + "\n"), ("html", expected)):
        status, out, _ = h.run("run", ini, "--format", fmt, "--authority", "southfield")
        check(f"summary_fall_in_{fmt}", status == 0 and marker in out.replace("&#39;", "'"),
              out[:300])
    status, out, _ = h.run("run", os.path.join(h.EXAMPLE, "assessment.ini"))
    check("summary_without_a_history_says_nothing_of_a_fall",
          status == 0 and "Since the last assessment" not in out)
    status, out, _ = h.run("run", ini, "--date", "2019-03-31")
    check("summary_without_an_earlier_assessment_says_nothing_of_a_fall",
          status == 0 and "Since the last assessment" not in out and "Overall the service" in out)


def plan_with_previous(h, work, name, now, offset, band, ingredient_offsets):
    """The 2024 plan of Southfield after one made-up assessment in 2023: its overall score
    `offset` above now's, in `band`, and each ingredient offset as given (else as now)."""
    db = os.path.join(work, f"threshold-{name}.db")
    ini = year_ini(h, work, "2024", db, f"threshold-{name}")
    scores = {i["id"]: (None if i["score"] is None else one_decimal(i["score"])
                        + ingredient_offsets.get(i["id"], 0.0)) for i in now["ingredients"]}
    status, _, err = h.run("run", ini, "--date", "2000-01-01", "--authority", "eastmere",
                           "--output", os.devnull)
    assert status == 0, err
    write_points(db, "southfield",
                 [("2023-03-31", one_decimal(now["score"]) + offset, band, scores)], "transition")
    status, out, err = h.run("run", ini, "--authority", "southfield")
    return status, out, err


def test_summary_threshold(h, work):
    ini = year_ini(h, work, "2024", os.path.join(work, "threshold-none.db"), "threshold-none")
    status, out, err = h.run("run", ini, "--format", "json", "--authority", "southfield")
    if status != 0:
        check("summary_threshold", False, err[:300])
        return
    now = json.loads(out)["authorities"][0]
    band = now["band"]
    higher = "fragile" if band == "at risk of pilotitis" else "likely sustained"
    named = titles(h.ROOT)
    cases = [
        # name, overall offset, band then, ingredient offsets, what the summary says (None: nothing)
        ("under", 9.9, band, {"leadership": 9.9}, None),
        ("at", 10.0, band, {"leadership": 12.0, "receptivity": 3.0},
         f"the overall score has fallen from {whole(now['score'] + 10.0)} to {whole(now['score'])}. "
         f"The areas that fell are {named['leadership']} (from "),
        ("lower_band_by_little", 0.3, higher, {},
         "the overall score has fallen "
         + ("by less than one point" if whole(now["score"] + 0.3) == whole(now["score"])
            else f"from {whole(now['score'] + 0.3)} to {whole(now['score'])}")
         + ", into a lower band. No single area fell by a whole point."),
        ("rose", -12.0, band, {}, None),
    ]
    for name, offset, then_band, offsets, expected in cases:
        status, out, err = plan_with_previous(h, work, name, now, offset, then_band, offsets)
        told = "Since the last assessment, on 31 March 2023, " in out
        if expected is None:
            check(f"summary_threshold_{name}", status == 0 and not told, out[:800], err[:300])
        else:
            check(f"summary_threshold_{name}", status == 0 and told and expected in out,
                  f"expected {expected}", out[:1200], err[:300])


# ** {======================================================================
# --output and --format csv
# ======================================================================= */

def no_temp_files(folder, name):
    return [f for f in os.listdir(folder) if f.startswith(name) and f != name]


def test_output(h, work, ini):
    status, expected, _ = h.run("history", ini, "--format", "markdown")
    target = os.path.join(work, "out", "history.md")
    os.makedirs(os.path.dirname(target))
    with open(target, "w") as f:
        f.write("an older history\n")
    os.chmod(target, 0o640)
    status2, out, err = h.run("history", ini, "--format", "markdown", "--output", target)
    mode = stat.S_IMODE(os.stat(target).st_mode)
    check("output_written_to_a_file",
          status == 0 and status2 == 0 and out == "" and open(target).read() == expected
          and mode == 0o640 and not no_temp_files(os.path.dirname(target), "history.md"),
          f"status {status2}, mode {mode:o}", err[:300])
    status, out, _ = h.run("history", ini, "--format", "markdown", "--output", "-")
    check("output_dash_is_standard_output", status == 0 and out == expected)

    fifo = os.path.join(work, "out", "history.fifo")
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo).read()), daemon=True)
    reader.start()
    status, _, err = h.run("history", ini, "--format", "markdown", "--output", fifo)
    reader.join(timeout=60)
    if reader.is_alive():  # sustain never opened it: let the reader go
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    check("output_into_a_fifo",
          status == 0 and got == [expected] and stat.S_ISFIFO(os.stat(fifo).st_mode), err[:300])

    # a write that fails leaves the previous file whole, and no temp file: the history is long
    # and files may not grow past 64 KiB (room for SQLite's shared memory, not for the JSON)
    long_ini, long_db = empty_history(h, work, "output-long")
    write_points(long_db, "eastmere", [(f"{1900 + k}-03-31", 40.0 + k % 7, "fragile",
                                        {i: 50.0 for i in INGREDIENTS}) for k in range(120)])

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))
    before = open(target).read()
    p = h.subprocess.run([h.SUSTAIN, "history", long_ini, "--format", "json", "--output", target],
                         capture_output=True, text=True, preexec_fn=small_files, timeout=120)
    check("output_failure_keeps_the_previous_file",
          p.returncode == 1 and "cannot write" in p.stderr and "previous file is untouched" in p.stderr
          and open(target).read() == before and not no_temp_files(os.path.dirname(target), "history.md"),
          f"status {p.returncode}: {p.stderr[:300]}")
    status, _, err = h.run("history", ini, "--output", os.path.join(work, "nowhere", "h.txt"))
    check("output_to_a_missing_folder", status == 1 and "cannot write" in err, err[:300])


def run_csv(h, *args):
    """`sustain history --format csv` as its bytes decode, line ends kept."""
    p = h.subprocess.run([h.SUSTAIN, "history", *args, "--format", "csv"], capture_output=True,
                         timeout=120)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8", "replace")


def read_csv(text):
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def test_csv(h, work, ini):
    status, out, err = run_csv(h, ini)
    t = h.trajectory(ini)
    rows = read_csv(out) if status == 0 else [[]]
    header = ["authority", "name", "date", "stage", "score", "change", "band", "band_changed",
              "largest_fall", *INGREDIENTS]
    expected = []
    for a in t.values():
        for p in a["points"]:
            fig = lambda v: "" if v is None else f"{v:.1f}"
            expected.append([a["id"], a["name"], p["date"], p["stage"], fig(p["score"]),
                             fig(p["change"]), p["band"], "yes" if p["band_changed"] else "no",
                             "yes" if p["largest_fall"] else "no",
                             *[fig(i["score"]) for i in p["ingredients"]]])
    check("csv_header_and_rows",
          status == 0 and out.startswith("\ufeff") and rows[0] == header and rows[1:] == expected
          and out.count("\r\n") == len(expected) + 1 and "\n" not in out.replace("\r\n", ""),
          out[:600], err[:300])

    # hostile text from the config and from the history: quoted, defused, never a formula
    name = '=HYPERLINK("http://example.org","click"), "quoted"'
    ini2, db = empty_history(h, work, "csv-hostile")
    with open(ini2, encoding="utf-8") as f:
        text = f.read().replace("name = Eastmere County Council", "name = " + name)
    with open(ini2, "w", encoding="utf-8") as f:
        f.write(text)
    write_points(db, "eastmere", [(ERA[0], 50.0, "=1+1", {"@SUM(A1)": 40.0, "voice\nover": 3.0}),
                                  (ERA[1], 40.0, "+fragile", {"@SUM(A1)": 30.0})], "-stage")
    status, out, err = run_csv(h, ini2, "--authority", "eastmere")
    rows = read_csv(out) if status == 0 else [[], []]
    check("csv_hostile_name_and_history_text_are_defused",
          status == 0 and rows[0][9:] == ["'@SUM(A1)", "voice\nover"]
          and rows[1][:9] == ["eastmere", "'" + name, ERA[0], "'-stage", "50.0", "", "'=1+1", "no", "no"]
          and rows[2][4:9] == ["40.0", "-10.0", "'+fragile", "yes", "yes"]
          and rows[2][9:] == ["30.0", ""]
          and '"\'=HYPERLINK(""http://example.org"",""click""), ""quoted"""' in out,
          out[:800], err[:300])
    status, _, err = h.run("history", ini, "--format", "xlsx")
    check("csv_unknown_format_names_csv", status == 2 and "csv" in err, err[:300])


def run_all(h, work, ini, db):
    test_example_story(h, ini)
    test_story_cases(h, work)
    test_summary_sentence(h, work, db)
    test_summary_threshold(h, work)
    test_output(h, work, ini)
    test_csv(h, work, ini)
