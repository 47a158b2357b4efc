#!/usr/bin/env python3
"""Fidelity: the default pack's figures equal DfE's published ones, for every council.

Usage: run.py SUSTAIN SOURCE_ROOT

generate.py writes SSDA903 care-leaver records that reproduce every council's
published counts in DfE's files shipped in data/dfe/ (each year in them, 2024
among them; both age groups; each activity and suitability breakdown), plus
records that must not move any figure. `sustain run` assesses one [authority] per council with a small pack
(pack/ beside this file) whose one rule reports the counts and shares of the
default pack's own lib/oc3.lua, copied in. Each council passes when every
count DfE published equals sustain's and every published percentage equals
sustain's share rounded as DfE rounds (half up); withheld counts (c) are not
compared. Prints a summary in cmocka's form for tests/summary.py.
"""
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)
from cases import bad, check, finish, ok  # noqa: E402  (tests/cases.py)
import generate  # noqa: E402

SUSTAIN, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
DFE = os.path.join(ROOT, "data", "dfe")
GROUP_ID = {"19 to 21 years": "19-21", "17 to 18 years": "17-18"}
SHARES = ("eet", "neet", "not_known", "in_touch", "suitable", "unsuitable", "no_information")


def prepare(work, year):
    councils = generate.write(DFE, work, year)
    shutil.copytree(os.path.join(HERE, "pack"), os.path.join(work, "pack"))
    os.mkdir(os.path.join(work, "pack", "lib"))
    shutil.copy(os.path.join(ROOT, "rules", "ingredients", "lib", "oc3.lua"), os.path.join(work, "pack", "lib"))
    return councils


def sustain_figures(work):
    """{authority id: {label: value}} from `sustain run --format json`."""
    p = subprocess.run([SUSTAIN, "run", os.path.join(work, "fidelity.ini"), "--format", "json"],
                       capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        raise RuntimeError(f"sustain run exited {p.returncode}: {p.stderr[:600]}")
    figures = {}
    for a in json.loads(p.stdout)["authorities"]:
        rule = a["ingredients"][0]["rules"][0]
        if rule["status"] != "assessed":
            raise RuntimeError(f"{a['id']}: the rule was {rule['status']}: {rule.get('message') or rule.get('reason')}")
        figures[a["id"]] = {e["label"]: e["value"] for e in rule["evidence"]}
    return figures


def compare(council, got, tally):
    """The differences between DfE's published cells and sustain's figures."""
    wrong = []
    for age, cells in council["cells"].items():
        gid = GROUP_ID[age]
        for name, (count, percent) in sorted(cells.items()):
            mine = got.get(f"{gid} {name}")
            den = got.get(f"{gid} {generate.DENOMINATOR[name]}")
            if not isinstance(mine, int) or not isinstance(den, int):
                wrong.append(f"{age} {name}: sustain gave {mine!r} of {den!r}")
                continue
            if count is None:
                tally["withheld"] += 1
            else:
                tally["counts"] += 1
                if mine != count:
                    wrong.append(f"{age} {name}: DfE {count}, sustain {mine}")
            if percent.isdigit():
                tally["percents"] += 1
                if den == 0 or generate.half_up(mine, den) != int(percent):
                    wrong.append(f"{age} {name}: DfE {percent}%, sustain {mine} of {den}")
            elif percent == "k":
                tally["percents"] += 1
                if not 0 < 200 * mine < den:
                    wrong.append(f"{age} {name}: DfE below 0.5%, sustain {mine} of {den}")
        for name in SHARES:
            den = got[f"{gid} {generate.DENOMINATOR.get(name, 'n')}"]
            share = got.get(f"{gid} share {name}")
            if den and (share is None or abs(share - got[f"{gid} {name}"] / den) > 0.00005 + 1e-12):
                wrong.append(f"{age} share {name}: {share!r} is not {got[f'{gid} {name}']} of {den}")
    return wrong


def test_generator_deterministic(work, councils):
    again = os.path.join(work, "again")
    os.mkdir(again)
    generate.write(DFE, again)
    same = all(filecmp.cmp(os.path.join(work, f), os.path.join(again, f), shallow=False)
               for f in ("care_leavers.csv", "published.json", "fidelity.ini"))
    check("generator_is_deterministic", same, "two runs of generate.py wrote different files")
    n = sum(v["n"] for c in councils for v in c["counts"].values())
    check("generator_covers_every_council", len(councils) >= 150 and n > 40000,
          f"{len(councils)} councils, {n} care leavers")


def test_test_tells_denominators_apart(councils):
    """Dividing suitable accommodation by every care leaver, not DfE's suitability
    total, misses DfE's published percentage somewhere: the records hold the
    young people DfE leaves out of it, so the comparison can fail."""
    missed = 0
    for c in councils:
        for age, cells in c["cells"].items():
            count, percent = cells["suitable"]
            n = c["counts"][age]["n"]
            if count is not None and percent.isdigit() and n and generate.half_up(count, n) != int(percent):
                missed += 1
    check("records_hold_those_left_out_of_suitability", missed > 0,
          "no council's percentage depends on the suitability denominator")
    print(f"    dividing by every care leaver would miss {missed} published suitability percentages")


def main():
    root = tempfile.mkdtemp(prefix="sustain-fidelity-")
    try:
        wrong_by_council, names = {}, {}
        for year in generate.years_of(DFE):
            work = os.path.join(root, str(year))
            os.mkdir(work)
            councils = prepare(work, year)
            if year == 2024:
                test_generator_deterministic(work, councils)
                test_test_tells_denominators_apart(councils)
            figures = sustain_figures(work)
            check(f"every_council_assessed_{year}", sorted(figures) == sorted(c["id"] for c in councils),
                  f"{len(figures)} assessed of {len(councils)}")
            tally = {"counts": 0, "percents": 0, "withheld": 0}
            for c in councils:
                names[c["code"]] = c["name"]
                wrong = compare(c, figures.get(c["id"], {}), tally)
                wrong_by_council.setdefault(c["code"], []).extend(f"{year} {w}" for w in wrong)
            print(f"    {year}: compared {len(councils)} councils, both age groups: {tally['counts']} published "
                  f"counts and {tally['percents']} published percentages; {tally['withheld']} withheld counts (c) "
                  "not compared")
        for code in sorted(names, key=int):
            name, wrong = f"council_{code}_{names[code]}", wrong_by_council[code]
            if wrong:
                bad(name, *wrong[:12])
            else:
                ok(name)
    except (RuntimeError, ValueError, OSError) as e:
        bad("fidelity", str(e))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
