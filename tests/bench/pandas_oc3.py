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
a JSON plan of `sustain run` (tests/bench/oc3_check.py, which also checks such a
CSV written earlier) and exits 1 on any disagreement.

Needs pandas; Debian: apt-get install python3-pandas (then use /usr/bin/python3).
"""
import argparse
import datetime
import sys
import time

import pandas as pd

from oc3_check import GROUPS, check_dated, collection_year

EXCLUDED = ["DIED", "RHOM"]
EET = ["F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5"]
KNOWN_ACTIVITY = EET + ["G4", "G5", "G6"]  # ACTIV codes other than 0 (not known)
SUITABLE = [t + "1" for t in "BCDEKTUVWYZ"]  # not S1 (no fixed abode), X1 (custody), G, H, R
UNKNOWABLE = [t + s for t in "GHR" for s in "12"]  # left out of the suitability total
CODES = ["la", "IN_TOUCH", "ACTIV", "ACCOM", "in_innovation"]


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

    if args.check and not check_dated(out.to_dict("index"), args.date, args.check, args.suppress_below, "pandas"):
        sys.exit(1)


if __name__ == "__main__":
    main()
