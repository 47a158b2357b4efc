#!/usr/bin/env python3
"""The ssda903 plugin through `sustain`, on the DfE 903 validator's fake return.

Usage: run.py SUSTAIN SOURCE_ROOT

1. Every part of the return loads, with as many rows as Python's own reading of the
   file (xml.etree, independent of the plugin) finds.
2. The OC3 table read from the XML gives the same plan, in every format, and the
   same records from `sustain check --records`, as the same records written to CSV by
   xml.etree and read by the csv plugin; for three collection years, and the data
   checks do find something in them.
3. The authority column: `la` and `authority_column` give each row to the authority
   the config names, and none to another; an `la` that is no authority's ID is a
   warning of check and run, since no authority would read the return.
4. A damaged copy is refused at its file:line:column, naming no child; an unknown
   element is a warning and the rest loads.
5. A generated return of hundreds of megabytes streams through in the memory that a
   small one takes.
6. The shipped copy of the validator's file is unchanged, when the validator's files
   are beside the repository (SUSTAIN_SHARED); skipped otherwise.
Prints a summary in cmocka's form for tests/summary.py.
"""
import csv
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cases import bad, check, finish, skip  # noqa: E402  (tests/cases.py)

SUSTAIN, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
FIXTURES = os.path.join(ROOT, "tests", "ssda903", "fixtures")
FAKE = os.path.join(FIXTURES, "fake_903.xml")
PACK = os.path.join(ROOT, "rules", "ingredients")

# What each table takes, as docs/plugins.md says: a row per element of a group (its
# path below CHILD), or a row per child, for every child or for those whose HEADER
# has one of some fields filled in.
GROUP_TABLES = {"episodes": "EPISODE", "reviews": "HEADER/AREVIEW", "oc2": "HEADER/OC2",
                "placed_adoption": "HEADER/AD_PLACED",
                "previous_permanence": "HEADER/PERMANENCE", "missing": "HEADER/AMISSING"}
CHILD_TABLES = {"header": None, "uasc": ("UASC", "DUC"),
                "oc3": ("IN_TOUCH", "ACTIV", "ACCOM"),
                "ad1": ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
                        "LS_ADOPTR")}


def sustain(*args, cwd=None):
    p = subprocess.run([SUSTAIN, *args], capture_output=True, text=True, cwd=cwd or ROOT,
                       timeout=300)
    return p.returncode, p.stdout, p.stderr


def filled(header, field):
    element = header.find(field)
    return element is not None and (element.text or "").strip() != ""


def expected_rows(path):
    """Rows per table, counted by xml.etree."""
    children = ET.parse(path).getroot().findall("CHILD")
    counts = {table: sum(len(child.findall(group)) for child in children)
              for table, group in GROUP_TABLES.items()}
    for table, fields in CHILD_TABLES.items():
        counts[table] = sum(1 for child in children
                            if fields is None or any(filled(child.find("HEADER"), f)
                                                     for f in fields))
    return counts


def oc3_as_csv(xml_path, csv_path):
    """The OC3 records of the XML as the return's CSV file writes them."""
    rows = []
    for child in ET.parse(xml_path).getroot().findall("CHILD"):
        header = child.find("HEADER")
        if any(filled(header, f) for f in CHILD_TABLES["oc3"]):
            rows.append([(header.findtext(f) or "").strip()
                         for f in ("CHILDID", "DOB", "IN_TOUCH", "ACTIV", "ACCOM")])
    with open(csv_path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"])
        writer.writerows(rows)
    return [row[0] for row in rows]


def ini(sources, authorities='[authority a]\nstage = pilot\n', date="2024-03-31"):
    return (f"[assessment]\nname = 903 return\ndate = {date}\nrules = {PACK}\n"
            f"suppress_below = 1\n\n{sources}\n{authorities}")


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def loaded_rows(stderr):
    match = re.search(r"ok: \d+ sources? \((\d+) rows?\)", stderr + "")
    return int(match.group(1)) if match else None


def every_table_loads(work):
    want = expected_rows(FAKE)
    check("the fake return has rows in every table", all(want.values()), str(want))
    for table, rows in want.items():
        path = write(os.path.join(work, f"{table}.ini"), ini(
            f"[source {table}_903]\nplugin = ssda903\npath = {FAKE}\ntable = {table}\n"))
        status, out, err = sustain("check", path)
        got = loaded_rows(out + err)
        check(f"table {table} loads {rows} rows, as xml.etree counts", status == 0 and got == rows,
              f"exit status {status}, rows {got}", err[-600:])


YEARS = ("[authority year_2018]\ncollection_year = 2018\nstage = pilot\n\n"
         "[authority year_2021]\ncollection_year = 2021\nstage = pilot\n\n"
         "[authority year_2022]\ncollection_year = 2022\nstage = pilot\n")


def same_plan_as_csv(work):
    children = oc3_as_csv(FAKE, os.path.join(work, "oc3.csv"))
    from_xml = write(os.path.join(work, "xml.ini"), ini(
        f"[source care_leavers]\nplugin = ssda903\npath = {FAKE}\ntable = oc3\nshared = yes\n",
        YEARS))
    from_csv = write(os.path.join(work, "csv.ini"), ini(
        "[source care_leavers]\nplugin = csv\npath = oc3.csv\ntypes = CHILD:text, DOB:date\n"
        "shared = yes\n", YEARS))
    for fmt in ("json", "text", "markdown", "csv", "html"):
        plans = [sustain("run", path, "--format", fmt) for path in (from_xml, from_csv)]
        same = plans[0][0] == plans[1][0] == 0 and plans[0][1] == plans[1][1]
        check(f"the {fmt} plan from the XML is the plan from the CSV", same,
              f"exit status {plans[0][0]} and {plans[1][0]}", plans[0][2][-400:])
        leaked = [c for c in children if c in plans[0][1]]
        check(f"no CHILD in the {fmt} plan", not leaked, f"found {len(leaked)}")
    plan = json.loads(sustain("run", from_xml, "--format", "json")[1])
    found = {a["id"]: {d["check"]: d["count"] for d in a["data_quality"]}
             for a in plan["authorities"]}
    # by hand, from the six records: ACCOM 01 and two S1 (133); DIED beside F2 and 01
    # (344); P3, which is no code from the year to March 2022 (132)
    want = {"oc3_133_accommodation_invalid": 3,
            "oc3_344_died_or_returned_home_but_activity_or_accommodation": 1}
    check("the checks find what the six records break, by hand",
          found.get("year_2021") == want and
          found.get("year_2022") == dict(want, oc3_132_activity_invalid=1), str(found))
    records = []
    for path in (from_xml, from_csv):
        out = os.path.join(work, os.path.basename(path) + ".records.csv")
        status, _, err = sustain("check", path, "--records", out)
        records.append(open(out, "rb").read() if status == 0 else None)
    check("check --records from the XML writes the records the CSV gives",
          records[0] is not None and records[0] == records[1] and records[0].count(b"\n") > 3,
          f"{records[0]!r:.300}", f"{records[1]!r:.300}")


def authority_column(work):
    path = write(os.path.join(work, "two.ini"), ini(
        f"[source care_leavers]\nplugin = ssda903\npath = {FAKE}\ntable = oc3\nla = east\n"
        "authority_column = la\n",
        "[authority east]\nstage = pilot\ncollection_year = 2022\n\n"
        "[authority west]\nstage = pilot\ncollection_year = 2022\n"))
    status, out, err = sustain("run", path, "--format", "json")
    if status != 0:
        bad("la and authority_column: plan", f"exit status {status}", err[-600:])
        return
    found = {a["id"]: sum(d["count"] for d in a["data_quality"])
             for a in json.loads(out)["authorities"]}
    check("la gives every record to its authority, and none to another",
          found == {"east": 5, "west": 0}, str(found))
    typo = write(os.path.join(work, "typo.ini"), open(path).read().replace("la = east", "la = eats"))
    for command in ("check", "run"):
        status, out, err = sustain(command, typo)
        check(f"an la that is no authority's ID: {command} warns at authority_column's line",
              status == 0 and re.search(r"warning: \S*typo\.ini:\d+: source care_leavers: its "
                                        r"column 'la' holds none of the \[authority\] IDs "
                                        r"\(east, west\), so no authority reads any of its 6 "
                                        r"rows", err), f"exit status {status}", err[-600:])
    path = write(os.path.join(work, "no-la.ini"), open(path).read().replace("la = east\n", ""))
    status, out, err = sustain("check", path)
    check("authority_column without la is refused at the [source] line",
          status == 1 and re.search(r"no-la\.ini:\d+: source care_leavers .*add la = ", err),
          f"exit status {status}", err[-600:])


def position(text, offset):
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def damaged_copies(work):
    with open(FAKE, encoding="ascii") as f:
        text = f.read()
    children = [c.text for c in ET.fromstring(text).iter("CHILDID")]
    dob = text.index("<DOB>", text.index("<CHILDID>381315</CHILDID>"))
    closing = text.index("</ACTIV>")
    cases = [
        ("a date that does not exist", text[:dob + 5] + "31/02" + text[dob + 10:],
         position(text, dob), re.escape("DOB is not a date")),
        ("a tag closed by another name", text.replace("</ACTIV>", "</ACTIVE>", 1),
         position(text, closing + 2), re.escape("not well-formed XML (mismatched tag)")),
        ("a file cut short", text[:len(text) // 2], None, "not well-formed XML .*cut short"),
    ]
    for name, damaged, where, message in cases:
        path = write(os.path.join(work, "damaged.xml"), damaged)
        config = write(os.path.join(work, "damaged.ini"), ini(
            "[source care_leavers]\nplugin = ssda903\npath = damaged.xml\ntable = oc3\n"))
        status, out, err = sustain("check", config, cwd=work)
        located = re.search(r"damaged\.xml:(\d+):(\d+): " + message, err)
        at = located and (int(located.group(1)), int(located.group(2)))
        check(f"{name}: refused at file:line:column", status == 1 and located and
              (where is None or at == where), f"exit status {status}, expected at {where}",
              err[-600:])
        words = re.sub(r"\S*damaged\.xml:\d+:\d+:", "", err)  # the numbers of the place
        named = [c for c in children if re.search(rf"\b{re.escape(c)}\b", words)]
        check(f"{name}: the message names no child, nor quotes a value", not named and
              "31/02" not in err and "381315" not in err, f"names {named}", err[-600:])
    unknown = text.replace("<UPN>", "<NICKNAME>secret</NICKNAME><UPN>")
    write(os.path.join(work, "damaged.xml"), unknown)
    status, out, err = sustain("check", os.path.join(work, "damaged.ini"), cwd=work)
    check("an unknown element: a warning, and the rest loads",
          status == 0 and re.search(r"warning: \S*damaged\.xml:2:\d+: element NICKNAME in "
                                    r"HEADER is not part of the SSDA903 layout", err) and
          loaded_rows(out + err) == 6 and err.count("NICKNAME") == 1,
          f"exit status {status}", err[-600:])
    status, out, err = sustain("check", os.path.join(work, "damaged.ini"), "--format", "json",
                               cwd=work)
    found = json.loads(out) if status == 0 else {}
    told = [d["severity"] for d in found.get("diagnostics", []) if "NICKNAME" in d["message"]]
    check("an unknown element: check --format json is ok, with the plugin's warning a warning",
          found.get("ok") is True and told == ["warning"], f"exit status {status}, {told}",
          err[-600:])


def generate(path, children):
    """A return of made-up children: each with two reviews and an episode, one in fifty
    with care-leaver information."""
    with open(path, "w", encoding="ascii") as f:
        f.write("<?xml version='1.0' encoding='UTF-8'?>\n<EXPSSDA903>\n")
        for i in range(children):
            oc3 = "<IN_TOUCH>YES</IN_TOUCH><ACTIV>F1</ACTIV><ACCOM>U1</ACCOM>" if i % 50 == 0 else ""
            f.write(f"<CHILD><HEADER><CHILDID>G{i}</CHILDID><UPN>A{i:012d}</UPN><SEX>1</SEX>"
                    f"<DOB>{1 + i % 28:02d}/{1 + i % 12:02d}/2005</DOB><ETHNIC>WBRI</ETHNIC>"
                    f"<UASC /><AREVIEW><REVIEW>01/02/2020</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE>"
                    f"</AREVIEW><AREVIEW><REVIEW>01/08/2020</REVIEW><REVIEW_CODE>PN1"
                    f"</REVIEW_CODE></AREVIEW><MOTHER /><MC_DOB />{oc3}</HEADER>\n<EPISODE>"
                    f"<DECOM>01/01/2020</DECOM><RNE>P</RNE><LS>C2</LS><CIN>N1</CIN><PL>U1</PL>"
                    f"<PL_POST>AB1 2CD</PL_POST><HOME_POST>EF3 4GH</HOME_POST><URN>SC1</URN>"
                    f"<PLACE_PROVIDER>PR1</PLACE_PROVIDER><DEC /><REC /><REASON_PLACE_CHANGE />"
                    f"</EPISODE></CHILD>\n")
        f.write("</EXPSSDA903>\n")


def streams_in_bounded_memory(work):
    results = {}
    for name, children in (("small", 2000), ("large", 600000)):
        xml = os.path.join(work, name + ".xml")
        generate(xml, children)
        config = write(os.path.join(work, name + ".ini"), ini(
            f"[source care_leavers]\nplugin = ssda903\npath = {name}.xml\ntable = oc3\n"))
        p = subprocess.Popen(["/usr/bin/env", "python3", "-c",
                              "import os,resource,subprocess,sys;"
                              "s=subprocess.run(sys.argv[1:],capture_output=True,text=True);"
                              "print(s.returncode, resource.getrusage(resource.RUSAGE_CHILDREN)"
                              ".ru_maxrss, s.stdout+s.stderr)",
                              SUSTAIN, "check", config], stdout=subprocess.PIPE, text=True,
                             cwd=work)
        out, _ = p.communicate(timeout=900)
        status, peak_kb, output = out.split(" ", 2)
        results[name] = (int(status), int(peak_kb) / 1024, os.path.getsize(xml) / 2**20,
                         loaded_rows(output), output)
        os.remove(xml)
    small, large = results["small"], results["large"]
    print(f"    small: {small[2]:.1f} MB file, peak {small[1]:.1f} MB; "
          f"large: {large[2]:.1f} MB file, peak {large[1]:.1f} MB")
    check("a large return loads whole", large[0] == 0 and large[3] == 600000 // 50,
          f"exit status {large[0]}, rows {large[3]}", large[4][-600:])
    check("a return of hundreds of MB streams in the memory a small one takes, plus its rows",
          large[2] > 300 and large[1] - small[1] < 24,
          f"file {large[2]:.0f} MB; peak {large[1]:.1f} MB against {small[1]:.1f} MB")


def shipped_copy_is_unchanged():
    shared = os.environ.get("SUSTAIN_SHARED", "")
    original = os.path.join(shared, "data", "ssda903-fake")
    name = "the shipped copy of the validator's fake return is unchanged"
    if not shared or not os.path.isdir(original):
        skip(name, "the validator's files are not beside the repository")
        return
    same = all(filecmp.cmp(os.path.join(original, f), os.path.join(FIXTURES, f), shallow=False)
               for f in ("fake_903.xml", "LICENSE"))
    check(name, same, f"{FIXTURES} differs from {original}")


def main():
    work = tempfile.mkdtemp(prefix="sustain-ssda903-")
    try:
        every_table_loads(work)
        same_plan_as_csv(work)
        authority_column(work)
        damaged_copies(work)
        streams_in_bounded_memory(work)
        shipped_copy_is_unchanged()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
