"""Scores over time in the HTML plan and on `sustain history`'s HTML page (run by
tests/history/run.py).

- the plan's chart: one point per assessment recorded before the plan's date (the latest
  run for a date) and the plan's own, their dates and scores those of `sustain history
  --format json`; points, date ticks and the pilot's end placed on a time scale (x linear
  in the date, so unevenly spaced assessments are unevenly spaced); the pilot's end from
  the config; the band thresholds from the plan's bands; one line per ingredient named by
  its title; words (<title>, <desc>) and a table with the same figures;
- bad cases: the first run of a new history and an authority added later (one point: no
  chart, a sentence saying why), a run dated before recorded ones (they are left out), a
  plan without a history (no trend at all);
- the history page: the plan page's viewport and stylesheet, the same chart with the
  pack's thresholds, the config's pilot end and the ingredients' titles, one assessment
  said in words, and a pack that does not load (a warning, and a page that says what it
  cannot mark).
"""
import datetime
import json
import os
import re

from cases import check  # tests/cases.py

DATES = ("2021-03-31", "2022-09-30", "2023-03-31")  # unevenly spaced on purpose
PLAN_DATE = "2024-03-31"
PILOT_ENDS = {"eastmere": "2022-03-31", "westbrook": "2022-12-31", "southfield": "2023-09-30"}


def days(date):
    return datetime.date.fromisoformat(date).toordinal()


def trend_parts(page):
    """{authority heading id: the markup of its "Scores over time"} of a plan page, or of a
    history page's sections."""
    parts = {}
    for match in re.finditer(r'<section class="authority" id="authority-(\d+)"(.*?)'
                             r'(?=<section class="authority"|</main>)', page, re.S):
        body = match.group(2)
        start = body.find("<h3>Scores over time</h3>")
        if start < 0:
            parts[int(match.group(1))] = None
            continue
        end = body.find("<h3>", start + 5)
        rest = body[start:] if end < 0 else body[start:end]
        # the history page's own tables follow the figure
        parts[int(match.group(1))] = rest.split("<caption>Scores at each assessment")[0]
    return parts


def chart(part):
    found = re.search(r'<svg class="trend".*?</svg>', part or "", re.S)
    return found.group(0) if found else None


def overall_points(svg):
    return [(float(x), float(y)) for x, y in
            re.findall(r'<circle class="trend-overall" cx="([\d.]+)" cy="([\d.]+)"', svg)]


def linear(pairs):
    """Whether the (days, x) pairs lie on one line, to the drawing's rounding (0.1 unit)."""
    (d0, x0), (d1, x1) = pairs[0], pairs[-1]
    slope = (x1 - x0) / (d1 - d0)
    return slope > 0 and all(abs(x0 + slope * (d - d0) - x) <= 0.15 for d, x in pairs)


def table_rows(part):
    """[(date, [cells])] of the trend's table."""
    table = re.search(r'<table class="trend-table">.*?</table>', part or "", re.S)
    rows = []
    markup = table.group(0) if table else ""
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", markup, re.S):
        date = re.search(r'<time datetime="([\d-]+)">', row).group(1)
        cells = re.findall(r'<td class="number">(.*?)</td>', row)
        rows.append((date, cells, "(this assessment)" in row))
    return rows


def score_text(score):
    return "not assessed" if score is None else f"{score:.1f}"


def record(h, ini, *dates):
    for date in dates:
        status, _, err = h.run("run", ini, "--date", date)
        if status not in (0, 3):
            raise AssertionError(f"run --date {date}: {err[:300]}")


def test_first_run(h, work):
    """A new history: each authority has one point, and no chart says otherwise."""
    ini = h.make_ini(work, "trend-first.ini", os.path.join(work, "trend-first.db"))
    status, page, err = h.run("run", ini, "--date", DATES[0], "--format", "html")
    parts = trend_parts(page)
    check("trend_first_run_says_one_assessment",
          status in (0, 3) and len(parts) == 3 and all(p and not chart(p) for p in parts.values())
          and page.count("Only one assessment is recorded, on <time datetime=\"2021-03-31\">") == 3
          and "a trend needs two or more" in page, f"status {status}", err[:300],
          str(parts)[:600])


def check_plan_chart(name, part, authority, points, plan):
    """The chart of one authority against the history's points [(date, score, {id: score})]."""
    svg = chart(part)
    if not svg:
        return f"{name}: no chart"
    circles = overall_points(svg)
    scored = [p for p in points if p[1] is not None]
    if len(circles) != len(scored):
        return f"{name}: {len(circles)} points drawn, {len(scored)} expected"
    rows = table_rows(part)
    if [r[0] for r in rows] != [p[0] for p in points]:
        return f"{name}: table dates {[r[0] for r in rows]}, history {[p[0] for p in points]}"
    if [r[2] for r in rows] != [p[0] == plan["assessment"]["date"] for p in points]:
        return f"{name}: this assessment is not marked on the last row alone"
    ingredients = authority["ingredients"]
    for (date, score, by_id), (_, cells, _) in zip(points, rows):
        expected = [score_text(score)] + [score_text(by_id.get(i["id"])) for i in ingredients]
        if cells != expected:
            return f"{name}: {date}: table {cells}, history {expected}"
    if not linear([(days(p[0]), x) for p, (x, _) in zip(scored, circles)]):
        return f"{name}: points not placed by date: {circles}"
    if not all(f"{score_text(p[1])} on {p[0]}" in svg for p in points):
        return f"{name}: the description does not give each point"
    return None


def check_marks(name, part, authority, plan, dates):
    """The pilot's end, the thresholds, the date ticks and one line per ingredient, the
    points being at dates."""
    svg = chart(part)
    circles = overall_points(svg)
    pilot = re.search(r'<line class="pilot-end" x1="([\d.]+)"', svg)
    if not pilot or f"pilot end {PILOT_ENDS[authority['id']]}</text>" not in svg:
        return f"{name}: the pilot's end {PILOT_ENDS[authority['id']]} is not marked"
    ticks = [(days(f"{label}-01-01"), float(x)) for x, label in
             re.findall(r'<text class="tick date-tick" x="([\d.]+)"[^>]*>(\d{4})</text>', svg)]
    anchors = [(days(d), x) for d, (x, _) in zip(dates, circles)]
    if len(ticks) < 2 or not linear(sorted(anchors + ticks
                                           + [(days(PILOT_ENDS[authority["id"]]),
                                               float(pilot.group(1)))])):
        return f"{name}: the date ticks or the pilot's end are off the time scale: {ticks}"
    bands = sorted(plan["bands"], key=lambda b: -b["min"])
    labels = re.findall(r'<text class="tick" x="[\d.]+" y="[\d.]+" text-anchor="end">([^<]+) '
                        r'from (\d+)</text>', svg)
    if labels != [(b["label"], f"{b['min']:.0f}") for b in bands[:-1]] \
            or svg.count('<line class="threshold"') != len(bands) - 1:
        return f"{name}: thresholds {labels}, bands {bands}"
    lines = re.findall(r'<path class="trend-line trend-line-\d"', svg)
    legend = re.findall(r'</svg> ([^<]+)</li>', part)
    titles = [i["title"] for i in authority["ingredients"]]
    if len(lines) != len(titles) or legend[1:1 + len(titles)] != titles:
        return f"{name}: {len(lines)} ingredient lines, legend {legend}, titles {titles}"
    return None


def history_points(h, ini, authority, up_to):
    """[(date, score, {ingredient: score})] of `sustain history --format json`, to up_to."""
    status, out, err = h.run("history", ini, "--authority", authority, "--format", "json")
    if status != 0:
        raise AssertionError(f"history: {err[:300]}")
    points = json.loads(out)["authorities"][0]["points"]
    return [(p["date"], p["score"], {i["id"]: i["score"] for i in p["ingredients"]})
            for p in points if p["date"] <= up_to]


def test_plan_chart(h, work):
    """Three runs recorded, then the plan of 2024 in HTML."""
    ini = h.make_ini(work, "trend.ini", os.path.join(work, "trend.db"))
    record(h, ini, *DATES)
    status, page, err = h.run("run", ini, "--date", PLAN_DATE, "--format", "html")
    _, plan_json, _ = h.run("run", ini, "--date", PLAN_DATE, "--format", "json")
    plan = json.loads(plan_json)
    parts = trend_parts(page)
    problems, marks = [], []
    for index, authority in enumerate(plan["authorities"], 1):
        points = history_points(h, ini, authority["id"], PLAN_DATE)
        problems.append(check_plan_chart(authority["id"], parts.get(index), authority, points,
                                         plan))
        if not problems[-1]:
            marks.append(check_marks(authority["id"], parts.get(index), authority, plan,
                                     [p[0] for p in points if p[1] is not None]))
    problems = [p for p in problems if p]
    check("trend_plan_points_dates_and_table",
          status in (0, 3) and len(parts) == 3 and not problems
          and all(len(table_rows(p)) == 4 for p in parts.values()), *problems, err[:300])
    marks = [m for m in marks if m]
    check("trend_plan_pilot_end_thresholds_ticks_lines", len(marks) == 0 and not problems, *marks)
    check("trend_plan_words", page.count('<svg class="trend"') == 3
          and page.count("role=\"img\" aria-labelledby=\"trend-") == 3
          and all(f'<title id="trend-{i}-title">Scores of ' in page for i in (1, 2, 3))
          and "The pilot's end, 2023-09-30, is marked." in page
          and "Band thresholds: fragile from 45, likely sustained from 70." in page,
          page[page.find('<svg class="trend"'):][:800])
    return ini, plan


def test_earlier_date(h, ini):
    """A plan dated before recorded runs: they are left out, the same date is this run."""
    status, page, err = h.run("run", ini, "--date", DATES[1], "--format", "html")
    parts = trend_parts(page)
    dates = [[d for d, _, _ in table_rows(p)] for p in parts.values()]
    check("trend_plan_leaves_out_later_runs",
          status in (0, 3) and dates == [list(DATES[:2])] * 3
          and all(table_rows(p)[-1][2] for p in parts.values()), f"dates {dates}", err[:300])


def test_added_later(h, work):
    """An authority assessed only from the latest run: one point, said in words."""
    ini = h.make_ini(work, "trend-added.ini", os.path.join(work, "trend-added.db"))
    for date in DATES[:2]:
        status, _, err = h.run("run", ini, "--date", date, "--authority", "eastmere")
        if status not in (0, 3):
            raise AssertionError(err[:300])
    status, page, err = h.run("run", ini, "--date", DATES[2], "--format", "html")
    parts = trend_parts(page)
    east = chart(parts.get(1))
    check("trend_plan_authority_added_later",
          status in (0, 3) and east and len(overall_points(east)) == 3
          and not chart(parts.get(2)) and not chart(parts.get(3))
          and page.count("Only one assessment is recorded, on <time datetime=\"2023-03-31\">") == 2,
          f"status {status}", err[:300], str(parts)[:800])
    status, page, err = h.run("history", ini, "--format", "html")
    parts = trend_parts(page)
    east = chart(parts.get(1))
    check("trend_history_page_one_assessment",
          status == 0 and east and len(overall_points(east)) == 3
          and not chart(parts.get(2)) and not chart(parts.get(3))
          and page.count("One assessment so far") == 2
          and page.count("Only one assessment is recorded") == 2, f"status {status}", err[:300],
          str(parts)[:800])


def test_no_history(h, root):
    status, page, err = h.run("run", os.path.join(root, "examples", "three-authorities",
                                                  "assessment.ini"), "--format", "html")
    check("trend_absent_without_history",
          status in (0, 3) and "Scores over time" not in page and 'class="trend' not in page,
          f"status {status}", err[:300])


def style_of(page):
    found = re.search(r"<style>\n(.*?)</style>", page, re.S)
    return found.group(1) if found else ""


def test_history_page(h, ini, plan):
    status, page, err = h.run("history", ini, "--format", "html")
    _, plan_page, _ = h.run("run", ini, "--date", PLAN_DATE, "--format", "html")
    check("history_page_has_the_plan_pages_look",
          status == 0 and '<meta name="viewport" content="width=device-width, initial-scale=1">'
          in page and style_of(plan_page) and style_of(page).startswith(style_of(plan_page))
          and '<html lang="en-GB">' in page and page.count("<h1>") == 1
          and '<section class="authority" id="authority-3"' in page, f"status {status}", err[:300])
    parts = trend_parts(page)
    problems = []
    for index, authority in enumerate(plan["authorities"], 1):
        svg = chart(parts.get(index))
        points = history_points(h, ini, authority["id"], "9999-12-31")
        if not svg or len(overall_points(svg)) != len(points):
            problems.append(f"{authority['id']}: chart {bool(svg)}, points {len(points)}")
            continue
        problem = check_marks(authority["id"], parts[index], authority, plan,
                              [p[0] for p in points if p[1] is not None])
        if not problem and not linear([(days(p[0]), x)
                                       for p, (x, _) in zip(points, overall_points(svg))]):
            problem = f"{authority['id']}: points not placed by date"
        problems += [problem] if problem else []
    check("history_page_chart_marks_and_titles", status == 0 and not problems, *problems)


def test_history_page_without_pack(h, work, ini):
    """A pack that does not load: the page is still written, and says what it lacks."""
    broken = os.path.join(work, "broken-pack")
    os.makedirs(broken, exist_ok=True)
    with open(os.path.join(broken, "model.lua"), "w", encoding="utf-8") as f:
        f.write("model { this is not lua\n")
    with open(ini, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"(?m)^rules = .*ingredients$", "rules = " + broken, text)
    copy = os.path.join(work, "trend-broken.ini")
    with open(copy, "w", encoding="utf-8") as f:
        f.write(text)
    status, page, err = h.run("history", copy, "--format", "html")
    check("history_page_when_the_pack_does_not_load",
          status == 0 and "the rule pack did not load" in err and "model.lua" in err
          and "band thresholds are not known here" in page
          and '<line class="threshold"' not in page and "</svg> receptivity</li>" in page
          and "pilot end 2023-09-30" in page, f"status {status}", err[:600])


def run_all(h, work, root):
    test_first_run(h, work)
    ini, plan = test_plan_chart(h, work)
    test_history_page(h, ini, plan)
    test_earlier_date(h, ini)
    test_history_page_without_pack(h, work, ini)
    test_added_later(h, work)
    test_no_history(h, root)
