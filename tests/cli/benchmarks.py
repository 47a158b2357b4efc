#!/usr/bin/env python3
"""Benchmarks (a:benchmark) in the Markdown and text reports, against the JSON plan, and in
every data situation the default pack meets with DfE's shipped files. Usage:
benchmarks.py SUSTAIN SOURCE_ROOT

- markdown, text: for each benchmark of examples/three-authorities, the report's comparison
  holds every place of the JSON plan with the same figure and rank, in the same order, and
  the years with the same figures; the text fits 80 columns;
- cumberland: an authority formed after DfE's 2021 groupings is ranked among its
  predecessor's neighbours, and the reports say whose they are;
- suppressed: an authority whose own figure rests on three young people: "c" in the JSON
  plan and the reports, no rank, no quartile, and the reports say why;
- no_neighbours: without the neighbour file, the authority is shown beside its region and
  England, not ranked, and no sentence speaks of a rank to read;
- no_dfe: without DfE's files no benchmark is shown at all.

The situations run on a copy of the example's config with its authorities replaced, its
paths pointing back at the example and at data/dfe/."""
import decimal
import html as html_module
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cases import bad, finish, ok  # noqa: E402  (tests/cases.py)


def percent(value):
    """A figure as the reports show it: one decimal at most, half away from zero."""
    if value == "c":
        return "c"
    if value is None:
        return "not published"
    rounded = decimal.Decimal(repr(value)).quantize(decimal.Decimal("0.1"), decimal.ROUND_HALF_UP)
    return f"{rounded.normalize():f}%"


def places(benchmark):
    """(name, role, figure, rank) of each place, in the order every report uses."""
    rows = [(benchmark["authority"]["name"], "this authority",
             percent(benchmark["authority"]["value"]), benchmark["authority"]["rank"])]
    rows += [(n["name"], "statistical neighbour", percent(n["value"]), n["rank"])
             for n in benchmark["neighbours"]]
    if benchmark["neighbours"]:
        rows.append(("Neighbours' average", f"statistical neighbours: the "
                     f"{benchmark['neighbours_published']} of {len(benchmark['neighbours'])} "
                     "with a figure", percent(benchmark["neighbour_average"]), None))
    if benchmark["region"]:
        rows.append((benchmark["region"]["name"], "region", percent(benchmark["region"]["value"]), None))
    rows.append(("England", "national", percent(benchmark["england"]), None))
    return rows


def benchmarks_of(authority):
    return [b for item in authority["context"] for b in item.get("benchmarks", [])]


def run(sustain, ini, *options):
    done = subprocess.run([sustain, "run", ini, *options], capture_output=True, text=True,
                          timeout=300)
    if done.returncode not in (0, 3):
        raise AssertionError(f"sustain run {ini} {' '.join(options)} exited {done.returncode}: "
                             f"{done.stderr[:600]}")
    return done.stdout


def markdown_section(report, benchmark):
    """The Markdown from a benchmark's heading to the next bold heading or section."""
    heading = f"**{benchmark['title']}, year to 31 March {benchmark['year']}**"
    if heading not in report:
        raise AssertionError(f"no heading {heading!r}")
    return re.split(r"\n\*\*|\n#", report.split(heading, 1)[1], maxsplit=1)[0]


def unescape_markdown(text):
    return re.sub(r"\\(.)", r"\1", text)


def check_markdown(sustain, root):
    ini = os.path.join(root, "examples/three-authorities/assessment.ini")
    plan = json.loads(run(sustain, ini, "--format", "json"))
    checked = 0
    for authority in plan["authorities"]:
        report = run(sustain, ini, "--format", "markdown", "--authority", authority["id"])
        for benchmark in benchmarks_of(authority):
            section = markdown_section(report, benchmark)
            rows = [[unescape_markdown(c.strip()) for c in line.strip("|").split(" | ")]
                    for line in section.splitlines() if line.startswith("| ")]
            want = [[f"{n} ({r})", f, str(k) if k else "-"] for n, r, f, k in places(benchmark)]
            comparison = [row for row in rows if len(row) == 3]
            if comparison[1:] != want:
                raise AssertionError(f"{authority['id']} {benchmark['id']}: the table reads "
                                     f"{comparison[1:]}, the plan {want}")
            years = [row for row in rows if len(row) == 5][1:]
            want_years = [[str(y["year"])] + [percent(y[k]) for k in
                          ("authority", "neighbour_average", "region", "england")]
                          for y in benchmark["trend"]]
            if years != want_years:
                raise AssertionError(f"{authority['id']} {benchmark['id']}: the years read "
                                     f"{years}, the plan {want_years}")
            standing = f"Rank {benchmark['authority']['rank']} of {benchmark['ranked']} "
            if benchmark["authority"]["rank"] and standing not in section:
                raise AssertionError(f"{authority['id']} {benchmark['id']}: no {standing!r}")
            if benchmark["quartile"] and f"quartile {benchmark['quartile']} (" not in section:
                raise AssertionError(f"{authority['id']} {benchmark['id']}: no quartile")
            checked += 1
    if checked == 0:
        raise AssertionError("the example's plan has no benchmark")


def check_text(sustain, root):
    ini = os.path.join(root, "examples/three-authorities/assessment.ini")
    plan = json.loads(run(sustain, ini, "--format", "json"))
    for authority in plan["authorities"]:
        report = run(sustain, ini, "--format", "text", "--authority", authority["id"])
        wide = [line for line in report.splitlines() if len(line) > 80]
        if wide:
            raise AssertionError(f"{authority['id']}: lines over 80 columns: {wide[:3]}")
        flat = re.sub(r"\s+", " ", report)  # wrapped lines joined again
        for benchmark in benchmarks_of(authority):
            section = flat.split(f"{benchmark['title']}, year to 31 March {benchmark['year']}", 1)[1]
            for name, role, figure, rank in places(benchmark):
                line = f"{name} ({role}): {figure}" + (f", rank {rank}" if rank else "")
                if line not in section[:6000]:
                    raise AssertionError(f"{authority['id']} {benchmark['id']}: no {line!r}")


# {=========================================================================
# The data situations, on a copy of the example's config.
# =========================================================================

AUTHORITIES = """
[authority cumberland]
name = Cumberland Council
pilot_start = 2021-04-01
pilot_end = 2024-03-31
la_code = 942

[authority tiny]
name = Tiny Trust
pilot_start = 2021-04-01
pilot_end = 2024-03-31
la_code = 935
"""


def situation(root, work, name, keep_neighbours=True, keep_dfe=True):
    """A config of the two authorities above (tiny with three care leavers aged 20);
    returns its path."""
    example = os.path.join(root, "examples/three-authorities")
    with open(os.path.join(example, "assessment.ini"), encoding="utf-8") as file:
        config = file.read()
    config = config[:config.index("[authority ")]
    config = config.replace("path = data/", f"path = {example}/data/")
    config = config.replace("../../", root + "/")
    leavers = os.path.join(work, "care_leavers.csv")
    shutil.copy(os.path.join(example, "data/care_leavers.csv"), leavers)
    with open(leavers, "a", encoding="utf-8") as file:
        file.write("tiny,T1,01/06/2003,YES,F2,D1,yes\ntiny,T2,01/06/2003,YES,G5,D1,yes\n"
                   "tiny,T3,01/06/2003,YES,F5,D1,yes\n")
    config = config.replace(f"{example}/data/care_leavers.csv", leavers)
    if not keep_neighbours:
        config = config.replace("[source dfe_neighbours]", "[source unused_neighbours]")
    if not keep_dfe:
        config = re.sub(r"\[source dfe_activity\].*", "", config, flags=re.S)
    path = os.path.join(work, name + ".ini")
    with open(path, "w", encoding="utf-8") as file:
        file.write(config + AUTHORITIES)
    return path


def situation_reports(sustain, ini):
    plan = json.loads(run(sustain, ini, "--format", "json"))
    return ({a["id"]: a for a in plan["authorities"]},
            run(sustain, ini, "--format", "markdown"), run(sustain, ini, "--format", "html"))


def check_cumberland(sustain, root, work):
    authorities, markdown, html = situation_reports(sustain, situation(root, work, "cumberland"))
    benchmarks = benchmarks_of(authorities["cumberland"])
    if not benchmarks or any(b.get("neighbours_of") != "Cumbria" for b in benchmarks):
        raise AssertionError(f"Cumberland's benchmarks do not name Cumbria: {benchmarks[:1]}")
    if not any(b["authority"]["rank"] for b in benchmarks):
        raise AssertionError("Cumberland is ranked in none of its benchmarks")
    said = "DfE's statistical neighbour groupings predate this authority: those of Cumbria stand in."
    for name, report in (("markdown", markdown), ("html", html_module.unescape(html))):
        if report.count(said) < len(benchmarks):
            raise AssertionError(f"the {name} report does not say whose neighbours these are")


def check_suppressed(sustain, root, work):
    authorities, markdown, _ = situation_reports(sustain, situation(root, work, "suppressed"))
    tiny = {b["id"]: b for b in benchmarks_of(authorities["tiny"])}
    older = tiny.get("eet.19-21")
    if not older or older["authority"]["value"] != "c":
        raise AssertionError(f"three care leavers' figure is not suppressed: {older}")
    if older["authority"]["rank"] is not None or older["quartile"] is not None:
        raise AssertionError("a suppressed figure is ranked")
    section = markdown_section(markdown.split("## Tiny Trust", 1)[1], older)
    if "Not ranked: this authority's figure is suppressed (too few young people behind it)." not in section:
        raise AssertionError("the report does not say why the authority is not ranked")
    if "| Tiny Trust (this authority) | c | - |" not in section:
        raise AssertionError("the table does not show the figure as c")


def check_no_neighbours(sustain, root, work):
    authorities, markdown, html = situation_reports(
        sustain, situation(root, work, "no_neighbours", keep_neighbours=False))
    for authority in authorities.values():
        for benchmark in benchmarks_of(authority):
            if benchmark["neighbours"] or benchmark["authority"]["rank"] or benchmark["quartile"]:
                raise AssertionError(f"{authority['id']} {benchmark['id']}: neighbours or a rank "
                                     "without the neighbour file")
    if "Not ranked: no statistical neighbours to compare with." not in markdown:
        raise AssertionError("the report does not say why there is no rank")
    for report in (markdown, html):
        if "Rank 1 is the highest figure" in report or "Neighbours' average" in html_module.unescape(report):
            raise AssertionError("a report explains ranks, or names an average, it does not have")


def check_no_dfe(sustain, root, work):
    authorities, markdown, html = situation_reports(
        sustain, situation(root, work, "no_dfe", keep_dfe=False))
    if any(benchmarks_of(a) for a in authorities.values()):
        raise AssertionError("benchmarks without DfE's files")
    if "Compared with similar authorities" in html or "Rank 1 is" in markdown:
        raise AssertionError("a report speaks of benchmarks it does not have")


# }=========================================================================


def main():
    if len(sys.argv) != 3:
        print("usage: benchmarks.py SUSTAIN SOURCE_ROOT", file=sys.stderr)
        return 2
    sustain, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    cases = [("markdown", lambda work: check_markdown(sustain, root)),
             ("text", lambda work: check_text(sustain, root)),
             ("cumberland", lambda work: check_cumberland(sustain, root, work)),
             ("suppressed", lambda work: check_suppressed(sustain, root, work)),
             ("no_neighbours", lambda work: check_no_neighbours(sustain, root, work)),
             ("no_dfe", lambda work: check_no_dfe(sustain, root, work))]
    print(f"[==========] Running {len(cases)} test(s).")
    for name, case in cases:
        print(f"[ RUN      ] {name}", flush=True)
        with tempfile.TemporaryDirectory(prefix="sustain-benchmarks-") as work:
            try:
                case(work)
                ok(name)
            except (AssertionError, subprocess.TimeoutExpired, OSError, ValueError,
                    KeyError, IndexError) as problem:
                bad(name, *str(problem).splitlines())
    return finish()


if __name__ == "__main__":
    sys.exit(main())
