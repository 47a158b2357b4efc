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
import subprocess
import sys

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


def main():
    sustain, root = sys.argv[1], sys.argv[2]
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
    return finish()


if __name__ == "__main__":
    sys.exit(main())
