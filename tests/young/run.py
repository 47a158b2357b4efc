#!/usr/bin/env python3
"""The young people's version of the plan (`sustain run --audience young-people`).

Usage: run.py SUSTAIN SOURCE_ROOT

Runs the built `sustain` on the three-authority example and on small assessments written
into a scratch folder, and reads what it writes as a care leaver would: the findings for
each council, in every format for people; no identifier of a young person and no id of a
rule or action; none of the words on JARGON; small counts kept back under the config's
suppress_below and the share rule; and true sentences when there is no survey, no
participation, every figure suppressed, a pilot already ended, or no action at all. Also
the option and the config key: a mistyped audience is a usage error with the one meant.
Prints a summary in cmocka's form for tests/summary.py.
"""
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cases import check, finish  # noqa: E402  (tests/cases.py)

SUSTAIN, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
EXAMPLE = os.path.join(ROOT, "examples", "three-authorities")
PACK = os.path.join(ROOT, "rules", "ingredients")

# Words a care leavers' council would not use without an explanation. Matched as whole
# words, in any case.
JARGON = ["co-production", "coproduction", "co-produced", "distributed leadership",
          "pilotitis", "KPI", "KPIs", "receptivity", "ingredient", "ingredients", "band",
          "stakeholder", "stakeholders", "NEET", "EET", "SSDA903", "OC3", "cohort",
          "metric", "metrics", "outcome", "outcomes", "hybrid", "mainstream", "evidence",
          "priority", "stage weight", "sustainability", "not_assessed", "null"]


def run(*args, cwd=None):
    result = subprocess.run([SUSTAIN, *args], capture_output=True, text=True, cwd=cwd,
                            env={**os.environ, "COLUMNS": "80"})
    return result.returncode, result.stdout, result.stderr


def young(config, *extra, fmt="text"):
    """The young people's version; text with its wrapping undone (one space for each run of
    white space), so a sentence is found whole wherever the line broke."""
    status, out, err = run("run", config, "--audience", "young-people", "--format", fmt, "-q",
                           "--jobs", "1", *extra)
    return status, re.sub(r"\s+", " ", out) if fmt == "text" else out, err


def jargon_in(text):
    """The jargon words text holds, outside the plan's own name (the config's words)."""
    return [w for w in JARGON if re.search(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", text,
                                           re.IGNORECASE)]


def section(text, name, authorities):
    """One authority's part of a text or Markdown version: from its name to the next."""
    start = text.index(name)
    ends = [text.index(other, start + 1) for other in authorities
            if other != name and text.find(other, start + 1) > 0]
    return text[start:min(ends) if ends else len(text)]


def identifiers():
    """Every young person's and respondent's identifier in the example's data."""
    found = set()
    for table, column in [("care_leavers", "CHILD"), ("wellbeing", "response"),
                          ("staff_survey", "respondent")]:
        with open(os.path.join(EXAMPLE, "data", table + ".csv"), encoding="utf-8") as f:
            found.update(row[column] for row in csv.DictReader(f) if row[column])
    return found


# ** {==================================================================
# ** The option and the config key
# ** ==================================================================

def test_option(work):
    config = os.path.join(EXAMPLE, "assessment.ini")
    status, _, err = run("run", config, "--audience", "young_people")
    check("a mistyped --audience is a usage error naming the one meant",
          status == 2 and "unknown --audience 'young_people': did you mean young-people?" in err,
          f"status {status}", err)
    status, _, err = run("run", config, "--audience", "kids")
    check("an unknown --audience far from any lists them",
          status == 2 and "use board or young-people" in err, f"status {status}", err)
    status, _, err = run("run", config, "--audience", "young-people", "--format", "csv")
    check("csv refuses the young people's version, saying which formats to use",
          status == 2 and "text, markdown, html or json" in err, f"status {status}", err)
    status, out, _ = run("run", "--help")
    check("run --help lists --audience", status == 0 and "--audience WHO" in out, out)
    status, board, _ = run("run", config, "--audience", "board", "-q", "--jobs", "1")
    _, default, _ = run("run", config, "-q", "--jobs", "1")
    check("--audience board is the full plan, as without the option",
          status == 0 and board == default and "Ingredients" in board)

    for value, meant in [("youngpeople", "did you mean young-people?"),
                         ("children", "use board or young-people")]:
        ini = write_config(work, "audience", EXAMPLE_DATA, extra=f"audience = {value}\n")
        status, _, err = run("run", ini)
        line = open(ini, encoding="utf-8").read().splitlines().index(f"audience = {value}") + 1
        check(f"audience = {value} in the config is an error at its line",
              status == 1 and f"assessment.ini:{line}:" in err and meant in err,
              f"status {status}", err)
    bad_date = write_config(work, "review", EXAMPLE_DATA, authorities=[
        ("eastmere", "name = Eastmere County Council\npilot_end = 2022-03-31\n"
                     "review_date = next spring")])
    status, _, err = run("check", bad_date)
    check("a review_date that is no date is an error at its line, saying how to write one",
          status == 1 and "review_date 'next spring' is not a date in the form YYYY-MM-DD" in err,
          f"status {status}", err)
    ini = write_config(work, "audience", EXAMPLE_DATA, extra="audience = young-people\n")
    status, out, _ = run("run", ini, "-q", "--jobs", "1")
    check("audience = young-people in the config writes the young people's version",
          status == 0 and out.startswith("For young people:"), out[:200])
    status, out, _ = run("run", ini, "-q", "--jobs", "1", "--audience", "board")
    check("--audience board overrides the config's audience",
          status == 0 and "Ingredients" in out and "For young people:" not in out, out[:200])
    both = write_config(work, "audience_csv", EXAMPLE_DATA,
                        extra="audience = young-people\nformat = csv\n")
    for command in ["run", "check"]:
        status, _, err = run(command, both)
        check(f"{command}: audience = young-people beside format = csv is a problem of the "
              "config at the audience's line",
              status == 1 and "assessment.ini:6: audience = young-people is written as text, "
              "markdown, html or json, not format = csv" in err, f"status {status}", err)
    status, _, err = run("run", ini, "--format", "xlsx", "--output", os.path.join(work, "a.xlsx"))
    check("the config's audience with --format xlsx is refused as a usage error",
          status == 2 and "audience = young-people in the config" in err, f"status {status}", err)


# }==================================================================

# ** {==================================================================
# ** The three-authority example, as a care leaver reads it
# ** ==================================================================

NAMES = ["Eastmere County Council", "Westbrook Children's Trust", "Southfield Borough Council"]


def test_example():
    config = os.path.join(EXAMPLE, "assessment.ini")
    status, text, err = young(config)
    check("the example's young people's version is written", status == 0, err)
    east, west, south = (section(text, n, NAMES) for n in NAMES)
    check("Eastmere: likely to keep going, with what goes well and what needs most work",
          "We think the service is likely to keep going." in east
          and "What is going well:" in east and "this one needs the most work" in east, east)
    check("Southfield: at risk, nothing going well, its survival first",
          "The service is at risk of stopping." in south
          and "Nothing is going well enough yet." in south
          and "What is not going well:" in south
          and "depends on the first thing on our list below" in south
          and "1. Ask for long-term money to keep the service going" in south, south)
    check("Westbrook: says its picture is not complete (a rule it switched off)",
          "this is not the full picture" in west, west)
    check("the pilots' real end dates, and no date made up for actions",
          "It ended on 31 March 2022." in east and "It ended on 30 September 2023." in south
          and "Our plan does not give a date for each thing we will do yet." in south
          and not re.search(r"\bby (January|February|March|April|May|June|July|August|"
                            r"September|October|November|December)\b", text), text)
    check("what young people said, from the survey and the participation log",
          "of you who answered our survey rated your life 4 or less out of 10." in east
          and "Young people helped with the service in 8 of the last 8 three-month periods."
          in east and "of you who answered said the leaving care service listens to you." in south,
          east)
    check("each action is said in young people's words, with who leads it",
          "Tell you, each time you help with the service, what changed because of you" in south
          and "(led by the participation lead)" in south, south)
    ids = [i for i in identifiers() if i in text]
    check("no young person's or respondent's identifier", not ids, ids[:5])
    _, plan, _ = run("run", config, "--format", "json", "-q", "--jobs", "1")
    plan = json.loads(plan)
    rule_ids = {r["id"] for a in plan["authorities"] for g in a["ingredients"] for r in g["rules"]}
    rule_ids |= {c["id"] for a in plan["authorities"] for c in a.get("context", [])}
    rule_ids |= {x["id"] for a in plan["authorities"] for x in a["actions"]}
    shown = sorted(i for i in rule_ids if i in text)
    check("no id of a rule, context item or action", not shown, shown[:5])
    body = text.replace("Care leaver services: sustainability review of three pilots, March 2024",
                        "")
    check("no jargon", not jargon_in(body), jargon_in(body))
    return text


def test_formats(text):
    config = os.path.join(EXAMPLE, "assessment.ini")
    status, markdown, err = young(config, fmt="markdown")
    check("markdown: headings for the title, each council and each part",
          status == 0 and markdown.startswith("# For young people:")
          and "\n## Southfield Borough Council\n" in markdown
          and "\n### What you told us and how you took part\n" in markdown
          and "\n1. Ask for long-term money" in markdown, err)
    status, page, err = young(config, fmt="html")
    check("html: one page, a section per council, nothing fetched, no script",
          status == 0 and page.startswith("<!DOCTYPE html>") and page.count("<section>") == 3
          and page.count("</section>") == 3 and "<script" not in page and "http" not in page
          and "<h2>Westbrook Children&#39;s Trust" in page.replace("&#x27;", "&#39;"), err)
    words = re.sub(r"<[^>]+>", " ", page)
    check("html: the same findings as text",
          "The service is at risk of stopping." in words and "Nothing is going well enough yet."
          in words and not jargon_in(words.replace(
              "Care leaver services: sustainability review of three pilots, March 2024", "")),
          jargon_in(words))
    status, out, err = young(config, fmt="json")
    plan = json.loads(out) if status == 0 else {}
    actions = [x for a in plan.get("authorities", []) for x in a["actions"]]
    check("json: the plan, marked for young people, with each action's plain words",
          plan.get("audience") == "young-people" and actions and all("plain" in x for x in actions)
          and all("plain" in g for a in plan["authorities"] for g in a["ingredients"]), err)
    _, board, _ = run("run", config, "--format", "json", "-q", "--jobs", "1")
    check("json for the board carries neither audience nor plain words",
          '"audience"' not in board and '"plain"' not in board)


# }==================================================================

# ** {==================================================================
# ** Small assessments: suppression and the situations without data
# ** ==================================================================

EXAMPLE_DATA = None  # the example's own sources (write_config copies them)

WELLBEING_HEADER = ("la,response,date,life_satisfaction,anxiety,lonely,safe_home,settled,"
                    "trust_adviser,positive_future,involved_in_plans,listened_to\n")


def wellbeing_rows(la, n, low=0, lonely=0):
    """n responses: `low` of them rate their life 2 of 10, `lonely` say often_always."""
    rows = []
    for i in range(n):
        rows.append(f"{la},{la[:2].upper()}-w{i:03d},2024-01-{1 + i % 28:02d},"
                    f"{2 if i < low else 8},3,{'often_always' if i < lonely else 'never'},"
                    "4,4,4,4,4,4\n")
    return "".join(rows)


def write_config(work, name, sources, extra="", authorities=None, suppress_below=5):
    """An assessment in work/name: the default pack, the given sources {table: csv text}
    (or the example's data when None), and the authorities [(id, ini lines)]."""
    folder = os.path.join(work, name)
    os.makedirs(os.path.join(folder, "data"), exist_ok=True)
    lines = ["[assessment]", "name = Leaving care service review", "date = 2024-03-31",
             f"rules = {PACK}", f"suppress_below = {suppress_below}"]
    lines += extra.splitlines()
    if sources is None:
        for table in ["care_leavers", "wellbeing", "participation", "leadership",
                      "measures", "adaptations", "staff_survey"]:
            lines += ["", f"[source {table}]", "plugin = csv",
                      f"path = {EXAMPLE}/data/{table}.csv", "authority_column = la"]
        authorities = authorities or [("eastmere", "name = Eastmere County Council\n"
                                       "pilot_start = 2019-04-01\npilot_end = 2022-03-31")]
    for table, text in (sources or {}).items():
        with open(os.path.join(folder, "data", table + ".csv"), "w", encoding="utf-8") as f:
            f.write(text)
        lines += ["", f"[source {table}]", "plugin = csv", f"path = data/{table}.csv",
                  "authority_column = la"]
    for la, body in authorities or []:
        lines += ["", f"[authority {la}]", *body.splitlines()]
    path = os.path.join(folder, "assessment.ini")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path


def voice_part(text):
    start = text.index("What you told us")
    return text[start:text.index("What we found", start)]


def test_suppression(work):
    # northvale: 4 answers (fewer than 5: every survey figure kept back) and 3 places
    # taken in the last year; riverside: 8 answers, 1 of them lonely (a share of one
    # person, kept back) while the rest are shown
    sources = {
        "wellbeing": WELLBEING_HEADER + wellbeing_rows("northvale", 4, low=4)
        + wellbeing_rows("riverside", 8, low=0, lonely=1),
        "participation": "la,date,kind,young_people,level,changed_decision\n"
        "northvale,2023-11-01,consultation,3,consulted,no\n"
        "riverside,2023-11-01,consultation,12,involved,yes\n",
    }
    authorities = [("northvale", "name = Northvale Council\npilot_end = 2024-09-30\n"
                                 "review_date = 2024-06-30"),
                   ("riverside", "name = Riverside Council\npilot_end = 2024-09-30\n"
                                 "review_date = 2024-01-31")]
    ini = write_config(work, "small", sources, authorities=authorities)
    status, text, err = young(ini)
    north, river = section(text, "Northvale", ["Northvale", "Riverside"]), \
        section(text, "Riverside", ["Northvale", "Riverside"])
    nv = voice_part(north)
    check("fewer than 5 answers: no survey figure shown, each counted as kept back",
          status == 0 and "of you who answered" not in nv
          and re.search(r"There are \d+ more figures we cannot share, because the numbers behind "
                        r"them are so small", nv), nv)
    check("3 places taken (below 5) is kept back, never shown",
          "Places young people took" not in nv, nv)
    rv = voice_part(river)
    check("a share that is one person is kept back while the others show",
          "feel lonely always or often" not in rv and "of you who answered said you feel settled"
          in rv and "There is 1 more figure we cannot share" in rv, rv)
    check("a pilot not yet ended is due to end, on its real date",
          "It is due to end on 30 September 2024." in north, north)
    check("a review date the config states is given, and one that has passed is said to have",
          "We will look at the service again on 30 June 2024." in north
          and "We planned to look at the service again on 31 January 2024. That date has passed."
          in river, north, river)
    ini = write_config(work, "small10", sources, authorities=authorities, suppress_below=10)
    status, text, err = young(ini)
    rv = voice_part(section(text, "Riverside", ["Northvale", "Riverside"]))
    check("suppress_below = 10: 8 answers are kept back too",
          status == 0 and "of you who answered" not in rv and "figures we cannot share" in rv, rv)
    for fmt in ["markdown", "html", "json"]:
        _, out, _ = young(ini, fmt=fmt)
        check(f"{fmt}: no kept-back survey figure shown", "of you who answered" not in out
              or fmt == "json" and '"value": "c"' in out, out[:300])


def test_no_data(work):
    ini = write_config(work, "bare", {"care_leavers": "la,CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n"
                                      "lonely,LO-1,2005-01-01,YES,F1,B1\n"},
                       authorities=[("lonely", "name = Lonely Council\nstage = pilot")])
    status, text, err = young(ini)
    check("no survey and no participation: says there is nothing to share",
          status == 0 and "We have no figures to share this time from a survey of young "
          "people or from meetings and activities with them." in text, err, text)
    check("no pilot end date: no pilot sentence and no date made up",
          "pilot" not in text.split("When", 1)[1] and not re.search(r"\b20\d\d\b", text.split(
              "When", 1)[1]), text)
    check("what could not be judged is listed, in plain words",
          "What we could not judge this time:" in text
          and "How much you help shape the service" in text, text)
    ended = write_config(work, "ended", sources=None)
    status, text, err = young(ended)
    check("a pilot that has ended is said to have ended", status == 0
          and "It ended on 31 March 2022." in text, err)
    # a pack whose one rule proposes nothing: no actions and no pilot date
    pack = os.path.join(work, "quiet_pack")
    os.makedirs(pack, exist_ok=True)
    with open(os.path.join(pack, "model.lua"), "w", encoding="utf-8") as f:
        f.write('model { ingredients = { { id = "care", title = "Care", plain = "How we care" },'
                ' { id = "homes", title = "Homes for care leavers" } },'
                ' bands = { { min = 50, label = "good" }, { min = 0, label = "poor" } } }\n'
                'rule { id = "care.rows", ingredient = "care", title = "Rows", needs = { "care_leavers" },'
                ' assess = function(a) return 80 end }\n')
    quiet = write_config(work, "quiet", {"care_leavers": "la,CHILD\nquietby,Q-1\n"},
                         authorities=[("quietby", "name = Quietby Council\nstage = sustained")])
    text_ini = open(quiet, encoding="utf-8").read().replace(f"rules = {PACK}", f"rules = {pack}")
    with open(quiet, "w", encoding="utf-8") as f:
        f.write(text_ini)
    status, text, err = young(quiet)
    check("no actions: says the plan has none, and gives no date",
          status == 0 and "Our plan has no actions for now." in text
          and "Our plan has no dates to share yet." in text and "ask us" not in text, err, text)
    check("an area is named in the pack's plain words, or by its title when it has none",
          "What is going well: - How we care" in text
          and "What we could not judge this time: - Homes for care leavers" in text, text)


def test_history(work):
    """With a history, a marked fall since the last assessment is said, with its date; the
    example's years are copied so the history is the test's own."""
    root = os.path.join(work, "history_root")
    shutil.copytree(EXAMPLE, os.path.join(root, "examples", "three-authorities"))
    os.symlink(os.path.join(ROOT, "rules"), os.path.join(root, "rules"))
    os.makedirs(os.path.join(root, "build"))
    years = os.path.join(root, "examples", "three-authorities", "years")
    for year in ["2023", "2024"]:
        status, _, err = run("run", os.path.join(years, f"{year}.ini"), "-q", "--jobs", "1")
        check(f"the {year} assessment is recorded", status == 0, err)
    status, text, err = young(os.path.join(years, "2024.ini"))
    south = section(text, "Southfield", ["Eastmere", "Westbrook", "Southfield"])
    east = section(text, "Eastmere", ["Eastmere", "Westbrook", "Southfield"])
    check("a marked fall since the last assessment is said with its date, and only there",
          "Since we last checked, on 31 March 2023, the service has got weaker." in south
          and "Since we last checked" not in east, south, east)


def test_pack_api(work):
    """`plain` in a:evidence and a:action is checked as the other fields are: a rule that
    gets it wrong fails, with a message that says what to write."""
    pack = os.path.join(work, "api_pack")
    os.makedirs(pack, exist_ok=True)
    cases = {
        "api.no_placeholder": 'a:evidence("Answers", 7, { plain = "Seven of you answered." })',
        "api.two_placeholders": 'a:evidence("Answers", 7, { plain = "{value} and {value}" })',
        "api.not_text": 'a:evidence("Answers", 7, { plain = 7 })',
        "api.empty_action": 'a:action { id = "api.x", title = "T", owner = "o", effort = "low",'
                            ' impact = 1, why = "w", plain = "" }',
        "api.misspelt": 'a:action { id = "api.y", title = "T", owner = "o", effort = "low",'
                        ' impact = 1, why = "w", plian = "P" }',
        "api.good": 'a:evidence("Answers", 7, { n = 7, plain = "Answers: {value}." }) '
                    'a:action { id = "api.z", title = "T", owner = "o", effort = "low",'
                    ' impact = 1, why = "w", plain = "We will do this for you" }',
    }
    model = ('model { ingredients = { "api" }, bands = { { min = 50, label = "good" },'
             ' { min = 0, label = "poor" } } }\n')
    rules = "".join(f'rule {{ id = "{rule}", ingredient = "api", title = "{rule}",'
                    f' assess = function(a) {body} return 10 end }}\n'
                    for rule, body in cases.items())
    with open(os.path.join(pack, "model.lua"), "w", encoding="utf-8") as f:
        f.write(model + rules)
    ini = write_config(work, "api", {"care_leavers": "la,CHILD\napiton,A-1\n"},
                       authorities=[("apiton", "name = Apiton Council\nstage = pilot")])
    text = open(ini, encoding="utf-8").read().replace(f"rules = {PACK}", f"rules = {pack}")
    with open(ini, "w", encoding="utf-8") as f:
        f.write(text)
    status, out, err = run("run", ini, "--format", "json", "--audience", "young-people", "-q")
    plan = json.loads(out) if out else {"authorities": []}
    rules = {r["id"]: r for a in plan["authorities"] for g in a["ingredients"] for r in g["rules"]}
    expected = {
        "api.no_placeholder": "plain must hold {value} once, where the figure goes",
        "api.two_placeholders": "plain must hold {value} once, where the figure goes",
        "api.not_text": "plain must be text of 1 to 200 bytes",
        "api.empty_action": "'plain' must be non-empty text",
        "api.misspelt": "unknown field 'plian'; did you mean 'plain'?",
    }
    for rule, message in expected.items():
        got = rules.get(rule, {})
        check(f"{rule} fails the rule with a message saying what to write",
              status == 3 and got.get("status") == "error" and message in got.get("message", ""),
              got, err)
    good = rules.get("api.good", {})
    actions = [x for a in plan["authorities"] for x in a["actions"]]
    check("a rule that gives plain words right keeps them for the young people's version",
          good.get("status") == "assessed"
          and good["evidence"][0].get("plain") == "Answers: {value}."
          and [x.get("plain") for x in actions] == ["We will do this for you"], good, actions)
    status, text, _ = young(ini)
    check("the figure takes the place of {value}; the action is said in its plain words",
          "Answers: 7." in text and "1. We will do this for you (led by the o)" in text, text)
    check("failed checks: the version is written (exit 3) and says the picture is not complete",
          status == 3 and "Some of our checks did not work, so this is not the full picture."
          in text, f"status {status}", text)


# }==================================================================


def main():
    with tempfile.TemporaryDirectory() as work:
        test_option(work)
        text = test_example()
        test_formats(text)
        test_suppression(work)
        test_no_data(work)
        test_pack_api(work)
        test_history(work)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
