#!/usr/bin/env python3
"""SSDA903 care-leaver records (table OC3) that reproduce DfE's published figures.

Usage: generate.py DFE_DIR OUT_DIR [YEAR]

Reads DfE's local authority files in DFE_DIR (la_care_leavers_activity.csv and
la_care_leavers_accommodation_suitability.csv, as shipped in data/dfe/) and, for
every council with figures for YEAR (default 2024) and both age groups, writes
records whose counts are DfE's: each activity breakdown, each suitability
breakdown, and the young people DfE leaves out of the suitability total (gone
abroad, deported, residence not known). Where DfE withheld a count (c), a count
consistent with the published totals and percentages is chosen. Each council
also gets records that must not move any figure: one who died, one returned
home, a 17 year old still looked after (no care-leaver information), and one a
day too young and one a day too old for the age groups.

Writes OUT_DIR/care_leavers.csv (la, CHILD, DOB, IN_TOUCH, ACTIV, ACCOM),
OUT_DIR/published.json (DfE's published cells, by council and age group, with
the counts chosen for withheld ones) and OUT_DIR/fidelity.ini (one [authority]
per council, reading the records and the pack in OUT_DIR/pack, which the caller
provides). The output is the same byte for byte on every run.
"""
import csv
import datetime
import json
import os
import sys

MARKERS = ("c", "z", "x", "k")
GROUPS = {"19 to 21 years": (19, 21), "17 to 18 years": (17, 18)}

# DfE's breakdowns and the names lib/oc3.lua gives the same counts.
ACTIVITY = {
    "Total": "n",
    "Total in education, employment or training": "eet",
    "Total not in education, employment or training": "neet",
    "Total information not known": "not_known",
    "Higher education i.e. studies beyond A level": "higher_education",
    "Education other than higher education": "other_education",
    "In an apprenticeship": "apprenticeship",
    "In training or employment (excl. apprenticeship)": "training_or_employment",
    "Not in education, training or employment, owing to illness or disability": "neet_illness_or_disability",
    "Not in education, training or employment, owing to other reasons": "neet_other",
    "Not in education, training or employment, owing to pregnancy or parenting": "neet_pregnancy_or_parenting",
}
# the breakdown DfE replaced in 2022 (apprenticeships now apart): z in later years
RETIRED = "In training or employment"
SUITABILITY = {
    "Suitability total": "suitability_n",
    "Accommodation considered suitable": "suitable",
    "Accommodation considered unsuitable": "unsuitable",
    "No information": "no_information",
}
DENOMINATOR = {**{k: "n" for k in ACTIVITY.values()}, **{k: "suitability_n" for k in SUITABILITY.values()}}

# each count is the sum of its parts
SUMS = {
    "eet": ("higher_education", "other_education", "apprenticeship", "training_or_employment"),
    "neet": ("neet_illness_or_disability", "neet_other", "neet_pregnancy_or_parenting"),
    "n": ("eet", "neet", "not_known"),
    "suitability_n": ("suitable", "unsuitable", "no_information"),
}
LEAVES = ("higher_education", "other_education", "apprenticeship", "training_or_employment",
          "neet_illness_or_disability", "neet_other", "neet_pregnancy_or_parenting", "not_known",
          "suitable", "unsuitable", "no_information")
# the order in which withheld counts are chosen: totals first, then their parts
ORDER = ("n", "suitability_n", "eet", "neet", "not_known") + LEAVES[:7] + ("suitable", "unsuitable", "no_information")

# the codes given to each count's young people, in turn
CODES = {
    "higher_education": ("F1", "P1"), "other_education": ("F2", "P2"), "apprenticeship": ("F4", "P4"),
    "training_or_employment": ("F5", "P5"), "neet_illness_or_disability": ("G4",), "neet_other": ("G5",),
    "neet_pregnancy_or_parenting": ("G6",), "not_known": ("0",),
    "suitable": ("U1", "D1", "Z1", "B1", "E1", "K1", "T1", "C1", "Y1", "V1", "W1"),
    "unsuitable": ("D2", "S2", "X2", "W2", "V2", "U2", "B2", "K2", "Y2"),
    "no_information": ("0",),
    "left_out": ("R1", "G1", "H2", "R2", "G2", "H1"),  # gone abroad, deported, residence not known
}
NOT_IN_TOUCH = ("NO", "REFU", "NREQ")


def read(path, year):
    """{(code, name): {age: {breakdown: (count, percent)}}} for the councils of `year`."""
    councils = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            if r["geographic_level"] != "Local authority" or r["time_period"] != str(year):
                continue
            cells = councils.setdefault((r["old_la_code"], r["la_name"]), {}).setdefault(r["care_leaver_age"], {})
            cells[r["breakdown"]] = (r["care_leaver_count"], r["care_leaver_percent"])
    return councils


def half_up(count, total):
    """DfE's whole percentage: 100 * count / total rounded half up."""
    return (200 * count + total) // (2 * total)


def published(cells_act, cells_suit):
    """DfE's cells by oc3 name: {name: (count or None, percent text)}."""
    out = {}
    for names, cells in ((ACTIVITY, cells_act), (SUITABILITY, cells_suit)):
        for breakdown, name in names.items():
            count, percent = cells[breakdown]
            out[name] = (int(count) if count not in MARKERS else None, count if count in MARKERS else percent)
    return out


def fits(values, cells):
    """Every equation and published percentage holds for the counts chosen so far."""
    for total, parts in SUMS.items():
        if total in values and all(p in values for p in parts) and values[total] != sum(values[p] for p in parts):
            return False
    if "n" in values and "suitability_n" in values and values["suitability_n"] > values["n"]:
        return False
    for name, (count, percent) in cells.items():
        den = values.get(DENOMINATOR[name])
        if name not in values or not den:
            continue
        if percent.isdigit() and half_up(values[name], den) != int(percent):
            return False
        if percent == "k" and not 0 < 200 * values[name] < den:
            return False
    return True


def determined(values, name):
    """A count fixed by an equation whose other members are all known, or None."""
    for total, parts in SUMS.items():
        if name == total and all(p in values for p in parts):
            return sum(values[p] for p in parts)
        if name in parts and total in values and all(p in values for p in parts if p != name):
            rest = values[total] - sum(values[p] for p in parts if p != name)
            return rest if rest >= 0 else -1
    return None


def choose(cells, values, todo):
    """Withheld counts, chosen in ORDER by depth-first search; small counts first."""
    if not todo:
        return dict(values)
    name, rest = todo[0], todo[1:]
    fixed = determined(values, name)
    if fixed is not None:
        candidates = [fixed] if fixed >= 0 else []
    elif name == "suitability_n" and "n" in values:
        candidates = range(values["n"], -1, -1)  # few are left out of it, as a rule
    else:
        top = values.get("n", 60)  # a withheld total is a small one
        candidates = list(range(1, top + 1)) + [0]
    for value in candidates:
        values[name] = value
        if fits(values, cells):
            found = choose(cells, values, rest)
            if found:
                return found
        del values[name]
    return None


def counts_for(cells):
    """Every count of one council's age group: DfE's, and chosen ones where withheld."""
    known = {name: count for name, (count, _) in cells.items() if count is not None}
    todo = [name for name in ORDER if name not in known]
    values = choose(cells, dict(known), todo)
    if values is None:
        raise ValueError("no counts fit the published figures")
    values["left_out"] = values["n"] - values["suitability_n"]
    return values


def born(year, youngest, oldest, i, n):
    """Date of birth of the i-th of n young people of an age group: spread over the
    group's range, the first and the last on its boundaries."""
    first = datetime.date(year - oldest - 1, 4, 1)
    days = (datetime.date(year - youngest, 3, 31) - first).days
    return first + datetime.timedelta(days=0 if n < 2 else round(i * days / (n - 1)))


def date_text(day, i):
    """Every seventh date as DD/MM/YYYY, as SSDA903 extracts write them."""
    return day.strftime("%d/%m/%Y") if i % 7 == 3 else day.isoformat()


def young_people(values):
    """(ACTIV, ACCOM) pairs for the counts: those whose activity is not known
    are paired first with those whose accommodation is not known."""
    def expand(names):
        out = []
        for name in names:
            codes = CODES[name]
            out += [codes[i % len(codes)] for i in range(values[name])]
        return out
    activities = expand(("not_known",) + LEAVES[:7])
    accommodation = expand(("no_information", "left_out", "unsuitable", "suitable"))
    assert len(activities) == len(accommodation) == values["n"]
    return list(zip(activities, accommodation))


def in_touch(activ, accom, i):
    if activ == "0" or accom == "0":
        return NOT_IN_TOUCH[i % len(NOT_IN_TOUCH)]
    return "YES"


def records(la, year, ages):
    rows = []
    for age, values in ages.items():
        youngest, oldest = GROUPS[age]
        people = young_people(values)
        for i, (activ, accom) in enumerate(people):
            dob = date_text(born(year, youngest, oldest, i, len(people)), i)
            rows.append((la, f"{la}-{youngest}-{i + 1:04d}", dob, in_touch(activ, accom, i), activ, accom))
    # records that must not move any figure
    rows += [
        (la, f"{la}-died", f"{year - 21}-09-01", "DIED", "0", "0"),
        (la, f"{la}-home", f"{year - 18}-09-01", "RHOM", "0", "0"),
        (la, f"{la}-looked-after", f"{year - 18}-10-01", "", "", ""),
        (la, f"{la}-too-young", f"{year - 17}-04-01", "YES", "F1", "D1"),
        (la, f"{la}-too-old", f"{year - 22}-03-31", "YES", "F1", "D1"),
    ]
    return rows


def years_of(dfe_dir):
    """The years (time_period) in DfE's activity file, oldest first."""
    with open(os.path.join(dfe_dir, "la_care_leavers_activity.csv"), encoding="utf-8-sig", newline="") as f:
        return sorted({int(r["time_period"]) for r in csv.DictReader(f)})


def councils_of(dfe_dir, year):
    act = read(os.path.join(dfe_dir, "la_care_leavers_activity.csv"), year)
    suit = read(os.path.join(dfe_dir, "la_care_leavers_accommodation_suitability.csv"), year)
    out = []
    for (code, name), ages in sorted(act.items(), key=lambda kv: int(kv[0][0])):
        if all(cells["Total"][0] == "z" for cells in ages.values()):
            continue  # the council did not exist that year
        cells = {age: published(ages[age], suit[(code, name)][age]) for age in GROUPS}
        out.append({"code": code, "name": name, "id": f"la{code}", "cells": cells})
    return out


def write(dfe_dir, out_dir, year=2024):
    councils = councils_of(dfe_dir, year)
    all_rows = []
    for c in councils:
        c["counts"] = {age: counts_for(cells) for age, cells in c["cells"].items()}
        all_rows += records(c["id"], year, c["counts"])
    with open(os.path.join(out_dir, "care_leavers.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("la", "CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"))
        w.writerows(all_rows)
    with open(os.path.join(out_dir, "published.json"), "w", encoding="utf-8") as f:
        json.dump({"year": year, "councils": councils}, f, indent=1, sort_keys=True)
    with open(os.path.join(out_dir, "fidelity.ini"), "w", encoding="utf-8") as f:
        f.write("; Written by tests/fidelity/generate.py: every council's DfE figures as SSDA903 records.\n")
        f.write(f"[assessment]\nname = DfE's published care-leaver figures, {year}\ndate = {year}-03-31\n")
        f.write("rules = pack\nsuppress_below = 5\n\n")
        f.write("[source care_leavers]\nplugin = csv\npath = care_leavers.csv\nauthority_column = la\n")
        f.write("types = CHILD:text, DOB:date\n")
        for c in councils:
            f.write(f"\n[authority {c['id']}]\nname = {c['name']}\nstage = pilot\ncollection_year = {year}\n")
    return councils


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__.split("\n\n")[1])
    write(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) == 4 else 2024)
