#!/usr/bin/python3
"""Checks per-authority OC3 indicators against a sustain plan: the figures
that tests/bench/pandas_oc3.py and tests/bench/duckdb_oc3.mjs compute from
care_leavers.csv, compared with the evidence of the JSON plan of `sustain run`
on the same data, with the engine's suppression applied to what the scripts
compute (a figure the plan shows as "c" must be one the engine hides).

Usage: oc3_check.py OC3.csv PLAN.json [--date YYYY-MM-DD] [--suppress-below N]
                    [--tool NAME]
Prints each disagreement and a closing count to stderr; exits 1 on any
disagreement. Needs only Python's standard library.
"""
import argparse
import csv
import datetime
import json
import math
import sys

GROUPS = {"17-18": "17 to 18", "19-21": "19 to 21"}


def collection_year(date):
    """The year to 31 March that an assessment on `date` speaks for."""
    return date.year if (date.month, date.day) >= (3, 31) else date.year - 1


def expected_evidence(row, year, suppress_below):
    """label -> (value, people) of the evidence the pack records for one
    authority, in the rules that compute OC3 figures (None: no such item)."""
    items = {}
    for group, words in GROUPS.items():
        n = row[f"n_{group}"]
        if n > 0:
            items[f"Care leavers aged {words} in education, employment or training "
                  f"(year to 31 March {year})"] = (row[f"eet_{group}"] / n, n)
            items[f"Care leavers aged {words} in touch with the authority "
                  f"(year to 31 March {year})"] = (row[f"in_touch_{group}"] / n, n)
        housed = row[f"suitability_n_{group}"]
        if housed > 0:
            items[f"Care leavers aged {words} in suitable accommodation "
                  f"(year to 31 March {year})"] = (row[f"suitable_{group}"] / housed, housed)
    n = row["n_17-21"]
    if n > 0:
        in_touch = row["in_touch_17-18"] + row["in_touch_19-21"]
        items[f"Care leavers aged 17 to 21 in touch with the authority (year to 31 March {year})"] = (
            in_touch / n, n)
        for what, label in [("not_known", "whose activity is not known"),
                            ("not_in_touch", "recorded as not in touch (IN_TOUCH NO)"),
                            ("refused", "who refused contact (REFU)"),
                            ("no_longer_required", "who no longer need the service (NREQ)")]:
            items[f"Care leavers aged 17 to 21 {label}"] = (row[f"{what}_17-21"], row[f"{what}_17-21"])
    if row["suitability_n_17-18"] + row["suitability_n_19-21"] > 0:
        items["Care leavers aged 17 to 21 in custody (ACCOM X)"] = (row["custody_17-21"], row["custody_17-21"])
    inside, outside = row.get("n_innovation_yes", 0), row.get("n_innovation_no", 0)
    if inside > 0 and outside > 0:
        for side, words, people in [("yes", "In the service", inside), ("no", "Not in the service", outside)]:
            items[f"{words}: in education, employment or training"] = (row[f"eet_innovation_{side}"] / people, people)
        gap = 100 * (row["eet_innovation_yes"] / inside - row["eet_innovation_no"] / outside)
        housed = {side: row.get(f"suitability_n_innovation_{side}", 0) for side in ("yes", "no")}
        if housed["yes"] > 0 and housed["no"] > 0:
            shares = {}
            for side, words in [("yes", "In the service"), ("no", "Not in the service")]:
                shares[side] = row[f"suitable_innovation_{side}"] / housed[side]
                items[f"{words}: in suitable accommodation"] = (shares[side], housed[side])
            gap = (gap + 100 * (shares["yes"] - shares["no"])) / 2
        # the pack rounds the difference to a tenth of a point, and shows it only when
        # every share it comes from is shown
        shares_shown = all(not disclosive(value, people, suppress_below)
                           for label, (value, people) in items.items()
                           if label.startswith(("In the service:", "Not in the service:")))
        if shares_shown:
            items["Points ahead of those outside the service, on average (behind when below 0)"] = (
                math.floor(gap * 10 + 0.5) / 10, math.inf)  # no n of its own: never suppressed
    return items


OC3_CONTEXT = {"outcomes.eet_against_england", "outcomes.accommodation_against_england",
               "outcomes.in_touch", "outcomes.innovation_difference"}


def plan_evidence(authority):
    """label -> value of the OC3 evidence in one authority of a plan (the
    England benchmarks left out: they are published figures, not data)."""
    items = {}
    for entry in authority["context"]:
        if entry["id"] in OC3_CONTEXT:
            for item in entry["evidence"]:
                if not item["label"].startswith("England"):
                    items[item["label"]] = item["value"]
    return items


def small(count, suppress_below):
    return 1 <= count < suppress_below


def disclosive(value, people, suppress_below):
    """The engine's primary suppression (docs/security.md): a figure about 1 to
    suppress_below - 1 people, and a share of them whose people, or the rest, are
    as few."""
    if people < suppress_below:
        return small(people, suppress_below)
    if math.isinf(people) or not 0 <= value <= 1:  # no count of its own, or not a share
        return False
    counted = math.floor(value * people + 0.5)
    return small(counted, suppress_below) or small(people - counted, suppress_below)


def suppressed_differences(counts, suppress_below):
    """The engine's secondary suppression within one rule's evidence, in its order:
    of two counts of people shown whose difference is small, the smaller goes, until
    no such pair is left. counts: label -> count, None when already suppressed.
    Returns the labels it suppresses."""
    counts, gone, changed = dict(counts), set(), True
    labels = list(counts)
    while changed:
        changed = False
        for i in labels:
            for j in labels:
                if counts[i] is None:
                    break
                if j == i or counts[j] is None or not small(abs(counts[i] - counts[j]), suppress_below):
                    continue
                smaller = i if counts[i] < counts[j] else j
                gone.add(smaller)
                counts[smaller] = None
                changed = True
    return gone


def hidden_labels(expected, suppress_below):
    """The labels the plan shows as "c": primary suppression, then the secondary
    within the in-touch item, whose counts of people are the four below."""
    hidden = {label for label, (value, people) in expected.items()
              if disclosive(value, people, suppress_below)}
    in_touch = [label for label in expected if label.startswith("Care leavers aged 17 to 21 ")
                and expected[label][0] == expected[label][1] and "in custody" not in label]
    counts = {label: None if label in hidden else expected[label][0] for label in in_touch}
    return hidden | suppressed_differences(counts, suppress_below)


def agrees(expected, hidden, shown):
    """Whether the plan shows the figure: "c" when suppressed, otherwise the value
    to the four decimals the plan keeps."""
    if hidden:
        return shown == "c"
    return isinstance(shown, (int, float)) and abs(shown - expected) <= 0.5e-4 + 1e-9


def check(rows, year, plan_path, suppress_below, tool):
    """Compares the figures of `rows` (authority -> column -> count, as the
    indicator scripts write them) with the evidence of a JSON plan; prints each
    disagreement and a closing count to stderr; true when they all agree."""
    with open(plan_path, encoding="utf-8") as f:
        plan = json.load(f)
    problems, compared = [], 0
    for authority in plan["authorities"]:
        la = authority["id"]
        expected = expected_evidence(rows[la], year, suppress_below) if la in rows else {}
        hidden = hidden_labels(expected, suppress_below)
        shown = plan_evidence(authority)
        for label in sorted(expected.keys() | shown.keys()):
            if label not in shown:
                problems.append(f"{la}: '{label}': {tool} {expected[label][0]:.4f}, absent from the plan")
            elif label not in expected:
                problems.append(f"{la}: '{label}': plan {shown[label]}, {tool} has no such figure")
            else:
                value, people = expected[label]
                compared += 1
                if not agrees(value, label in hidden, shown[label]):
                    problems.append(f"{la}: '{label}': plan {shown[label]}, {tool} {value:.6f} (n = {people:.0f})")
    for line in problems:
        print(line, file=sys.stderr)
    print(f"check: {tool}: {compared} figures of {len(plan['authorities'])} authorities compared, "
          f"{len(problems)} disagreements", file=sys.stderr)
    return not problems


def check_dated(rows, date, plan_path, suppress_below, tool):
    """check() for figures computed as on `date` (YYYY-MM-DD), which must be
    the plan's date: the labels name the collection year."""
    with open(plan_path, encoding="utf-8") as f:
        plan_date = json.load(f)["assessment"]["date"]
    if plan_date != date:
        sys.exit(f"check: the plan is dated {plan_date}, not {date} (give --date {plan_date})")
    return check(rows, collection_year(datetime.date.fromisoformat(date)), plan_path, suppress_below, tool)


def read_indicators(path):
    """authority -> column -> number from an indicator CSV (first column the
    authority; an empty cell, a share of no one, is NaN)."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        return {cells[0]: {name: number(cell) for name, cell in zip(header[1:], cells[1:])}
                for cells in reader}


def number(cell):
    if cell == "":
        return math.nan
    try:
        return int(cell)
    except ValueError:
        return float(cell)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", help="per-authority indicators (pandas_oc3.py or duckdb_oc3.mjs)")
    parser.add_argument("plan", help="a JSON plan of `sustain run` on the same data")
    parser.add_argument("--date", default="2024-03-31",
                        help="the assessment date the indicators were computed for (default 2024-03-31)")
    parser.add_argument("--suppress-below", type=int, default=5, help="the plan's suppress_below (default 5)")
    parser.add_argument("--tool", default="indicators", help="the name to give the figures in messages")
    args = parser.parse_args()
    if not check_dated(read_indicators(args.csv), args.date, args.plan, args.suppress_below, args.tool):
        sys.exit(1)


if __name__ == "__main__":
    main()
