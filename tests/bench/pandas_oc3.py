#!/usr/bin/python3
"""The yardstick of the national benchmark: what a data team would otherwise
write, an idiomatic pandas script computing the OC3 care-leaver indicators per
authority from the same care_leavers.csv that `sustain run` reads.

It computes what the default pack computes (rules/ingredients/lib/oc3.lua and
measurement.lua), by its own route so that it can check the pack:
  * age groups 17-18 and 19-21 by the age on 31 March of the collection year
    (the latest year to 31 March on or before the assessment date);
  * a record with IN_TOUCH missing, DIED or RHOM left out of every figure,
    everyone else counted, including an unknown IN_TOUCH and a missing or
    unknown ACTIV or ACCOM;
  * EET: ACTIV F1-F5 and P1-P5; in touch: IN_TOUCH = YES; activity not known:
    ACTIV 0, missing or unknown;
  * suitable: ACCOM ending in 1 except S1 and X1, out of DfE's suitability
    total, which leaves out ACCOM G, H and R (gone abroad, deported, residence
    not known);
  * the same figures for those in the innovation and those not in it.

Usage: pandas_oc3.py [CARE_LEAVERS.csv] [-o OUT.csv] [--date YYYY-MM-DD]
                     [--check PLAN.json]
Writes one row per authority (counts and shares) to OUT.csv or stdout, and its
own elapsed time to stderr. --check compares the figures with the evidence of
a JSON plan of `sustain run` and exits 1 on any disagreement.

Needs pandas; Debian: apt-get install python3-pandas (then use /usr/bin/python3).
"""
import argparse
import math
import datetime
import json
import sys
import time

import pandas as pd

EXCLUDED = ["DIED", "RHOM"]
EET = ["F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5"]
KNOWN_ACTIVITY = EET + ["G4", "G5", "G6"]  # ACTIV codes other than 0 (not known)
SUITABLE = [t + "1" for t in "BCDEKTUVWYZ"]  # not S1 (no fixed abode), X1 (custody), G, H, R
UNKNOWABLE = [t + s for t in "GHR" for s in "12"]  # left out of the suitability total
GROUPS = {"17-18": "17 to 18", "19-21": "19 to 21"}
CODES = ["la", "IN_TOUCH", "ACTIV", "ACCOM", "in_innovation"]


def collection_year(date):
    """The year to 31 March that an assessment on `date` speaks for."""
    return date.year if (date.month, date.day) >= (3, 31) else date.year - 1


def indicators(path, year):
    """One row per authority: n, eet, suitable, in_touch, not_known per age
    group, and n, eet, suitable inside and outside the innovation."""
    df = pd.read_csv(path, usecols=CODES + ["DOB"], dtype={c: "category" for c in CODES})
    # DD/MM/YYYY as SSDA903 writes it, or YYYY-MM-DD; dayfirst takes pandas' fast path
    # for both (format="%d/%m/%Y" is three times slower in pandas 1.5)
    dob = pd.to_datetime(df["DOB"], dayfirst=True, errors="coerce")
    age = year - dob.dt.year - (dob.dt.month > 3)  # age on 31 March of the collection year
    df["group"] = pd.cut(age, bins=[16, 18, 21], labels=list(GROUPS))

    cohort = df[df["group"].notna() & df["IN_TOUCH"].notna() & ~df["IN_TOUCH"].isin(EXCLUDED)]
    flags = pd.DataFrame({
        "la": cohort["la"],
        "group": cohort["group"],
        "in_innovation": cohort["in_innovation"],
        "n": 1,
        "eet": cohort["ACTIV"].isin(EET),
        "suitability_n": ~cohort["ACCOM"].isin(UNKNOWABLE),
        "suitable": cohort["ACCOM"].isin(SUITABLE),
        "in_touch": cohort["IN_TOUCH"].eq("YES"),
        "not_known": ~cohort["ACTIV"].isin(KNOWN_ACTIVITY),
        "not_in_touch": cohort["IN_TOUCH"].eq("NO"),
        "refused": cohort["IN_TOUCH"].eq("REFU"),
        "no_longer_required": cohort["IN_TOUCH"].eq("NREQ"),
        "custody": cohort["ACCOM"].isin(["X1", "X2"]),
    })
    counts = ["n", "eet", "suitability_n", "suitable", "in_touch", "not_known", "not_in_touch", "refused",
              "no_longer_required", "custody"]

    by_age = flags.groupby(["la", "group"], observed=False)[counts].sum().unstack("group")
    by_age.columns = [f"{what}_{group}" for what, group in by_age.columns]
    by_side = (flags.groupby(["la", "in_innovation"], observed=False)[["n", "eet", "suitability_n", "suitable"]]
               .sum().unstack("in_innovation"))
    by_side.columns = [f"{what}_innovation_{side}" for what, side in by_side.columns]
    out = by_age.join(by_side).fillna(0).astype("int64")

    for group in GROUPS:
        for what in ["eet", "in_touch"]:
            out[f"share_{what}_{group}"] = out[f"{what}_{group}"] / out[f"n_{group}"]
        out[f"share_suitable_{group}"] = out[f"suitable_{group}"] / out[f"suitability_n_{group}"]
    out["n_17-21"] = out["n_17-18"] + out["n_19-21"]
    out["share_in_touch_17-21"] = (out["in_touch_17-18"] + out["in_touch_19-21"]) / out["n_17-21"]
    for what in ["not_known", "not_in_touch", "refused", "no_longer_required", "custody"]:
        out[f"{what}_17-21"] = out[f"{what}_17-18"] + out[f"{what}_19-21"]
    return out, len(df)


# ---- --check: the same figures as the evidence of a sustain plan ----------

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
        items[f"Care leavers aged 17 to 21 in touch with the authority (year to 31 March {year})"] = (
            row["share_in_touch_17-21"], n)
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
    if not 0 <= value <= 1:
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


def check(out, year, plan_path, suppress_below):
    with open(plan_path, encoding="utf-8") as f:
        plan = json.load(f)
    problems, compared = [], 0
    for authority in plan["authorities"]:
        la = authority["id"]
        expected = expected_evidence(out.loc[la], year, suppress_below) if la in out.index else {}
        hidden = hidden_labels(expected, suppress_below)
        shown = plan_evidence(authority)
        for label in sorted(expected.keys() | shown.keys()):
            if label not in shown:
                problems.append(f"{la}: '{label}': pandas {expected[label][0]:.4f}, absent from the plan")
            elif label not in expected:
                problems.append(f"{la}: '{label}': plan {shown[label]}, pandas has no such figure")
            else:
                value, people = expected[label]
                compared += 1
                if not agrees(value, label in hidden, shown[label]):
                    problems.append(f"{la}: '{label}': plan {shown[label]}, pandas {value:.6f} (n = {people:.0f})")
    for line in problems:
        print(line, file=sys.stderr)
    print(f"check: {compared} figures of {len(plan['authorities'])} authorities compared, "
          f"{len(problems)} disagreements", file=sys.stderr)
    return not problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", nargs="?", default="build/national/scale-1/care_leavers.csv")
    parser.add_argument("-o", "--output", default="-", help="per-authority CSV (default: stdout)")
    parser.add_argument("--date", default="2024-03-31", help="assessment date (default 2024-03-31)")
    parser.add_argument("--check", metavar="PLAN.json", help="compare with a sustain JSON plan")
    parser.add_argument("--suppress-below", type=int, default=5,
                        help="the plan's suppress_below (default 5)")
    args = parser.parse_args()
    year = collection_year(datetime.date.fromisoformat(args.date))

    start = time.perf_counter()
    out, rows = indicators(args.csv, year)
    computed = time.perf_counter()
    out.to_csv(sys.stdout if args.output == "-" else args.output, float_format="%.6f")
    done = time.perf_counter()
    print(f"pandas {pd.__version__}: {rows} rows, {len(out)} authorities, year to 31 March {year}: "
          f"read and compute {computed - start:.3f} s, write {done - computed:.3f} s, "
          f"total {done - start:.3f} s", file=sys.stderr)

    if args.check:
        with open(args.check, encoding="utf-8") as f:
            date = json.load(f)["assessment"]["date"]
        if date != args.date:
            sys.exit(f"check: the plan is dated {date}, not {args.date} (give --date {date})")
        if not check(out, year, args.check, args.suppress_below):
            sys.exit(1)


if __name__ == "__main__":
    main()
