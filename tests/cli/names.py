#!/usr/bin/env python3
"""The plans people read name things: no ingredient, rule, action or data-check id in the
words of the text, Markdown and HTML plans of the examples (tests/names.py says what is
kept on purpose), every ingredient and customised rule named, and no bare priority number:
the plan says how actions are ranked and, for each, what its rank rests on. --explain
keeps the number, with its arithmetic. Usage: names.py SUSTAIN SOURCE_ROOT

Prints a summary in cmocka's form so tests/summary.py counts the cases."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cases import check, finish  # noqa: E402  (tests/cases.py)
from names import leftover_ids, missing_names, unexplained_priorities  # noqa: E402

EXAMPLES = {"three": "examples/three-authorities/assessment.ini",
            "starter": "examples/starter/assessment.ini"}
FORMATS = ["text", "markdown", "html"]


def run(sustain, root, config, *arguments):
    done = subprocess.run([sustain, "run", os.path.join(root, config), *arguments],
                          capture_output=True, text=True, timeout=300)
    if done.returncode not in (0, 3):  # a plan with failed rules is still a plan
        raise AssertionError(f"sustain run {config} {' '.join(arguments)} exited "
                             f"{done.returncode}: {done.stderr[:400]}")
    return done.stdout


def year_config(root, work, year):
    """years/YEAR.ini of the three-authority example, copied into work/, recording into
    work/history.db."""
    with open(os.path.join(root, "examples/three-authorities/years", f"{year}.ini"),
              encoding="utf-8") as f:
        text = f.read()
    text = text.replace("../../../rules/ingredients", os.path.join(root, "rules", "ingredients"))
    text = re.sub(r"(?m)^path = \.\./\.\./\.\./build/three-authorities-years\.db$",
                  "path = " + os.path.join(work, "history.db"), text)
    path = os.path.join(work, "three-authorities", "years", f"names-{year}.ini")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def check_history(sustain, root):
    """With a history, the change since the previous assessment names ingredients and
    recurring actions by title; a resolved action, which only the history knows, keeps its
    id (in HTML as code)."""
    work = tempfile.mkdtemp(prefix="sustain-names-")
    try:
        shutil.copytree(os.path.join(root, "examples/three-authorities"),
                        os.path.join(work, "three-authorities"))
        run(sustain, root, year_config(root, work, 2023), "--format", "json")
        config = year_config(root, work, 2024)
        plan = json.loads(run(sustain, root, config, "--format", "json"))
        resolved = {x for a in plan["authorities"] for x in a["resolved_actions"]}
        recurring = [x for a in plan["authorities"] for x in a["recurring_actions"]]
        check("history_has_recurring_and_resolved", recurring and resolved,
              f"recurring {recurring}, resolved {resolved}")
        for fmt in FORMATS:
            report = run(sustain, root, config, "--format", fmt)
            found = [f for f in leftover_ids(report, fmt, plan)
                     if fmt == "html" or f.split("'")[1] not in resolved]
            check(f"history_{fmt}_no_ids", not found and "previous assessment" in report,
                  *found[:8])
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    sustain, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    for label, config in EXAMPLES.items():
        plan = json.loads(run(sustain, root, config, "--format", "json"))
        for fmt in FORMATS:
            report = run(sustain, root, config, "--format", fmt)
            found = leftover_ids(report, fmt, plan)
            check(f"{label}_{fmt}_no_ids", not found, *found[:8])
            missing = missing_names(report, fmt, plan)
            check(f"{label}_{fmt}_names", not missing, *missing[:8])
            problems = unexplained_priorities(report, fmt, plan)
            check(f"{label}_{fmt}_rank_in_words", not problems, *problems)
        # --explain keeps the number, each with the arithmetic that gives it
        actions = sum(len(a["actions"]) for a in plan["authorities"])
        text = run(sustain, root, config, "--explain")
        numbers = len(re.findall(r"priority: [0-9]+\.[0-9]", re.sub(r"\s+", " ", text)))
        sums = text.count("priority = impact ")
        check(f"{label}_explain_keeps_the_priority", numbers == actions == sums,
              f"{numbers} priorities and {sums} sums shown, for {actions} actions")
    # a weight changed in the config names its ingredient by title, in the JSON too
    plan = json.loads(run(sustain, root, EXAMPLES["three"], "--format", "json"))
    weights = [c["reason"] for a in plan["authorities"] for c in a["customisations"]
               if c["kind"] == "weight"]
    titles = [i["title"] for a in plan["authorities"] for i in a["ingredients"]]
    check("weight_reason_names_the_ingredient",
          weights and all(any(r.startswith(t + " weighs ") for t in titles) for r in weights),
          f"reasons: {weights}")
    check_history(sustain, root)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
