#!/usr/bin/env python3
"""The hostile-rule suite through the command line, with supervised workers.

Usage: workers.py SUSTAIN SOURCE_ROOT

Every case of tests/hostile/cases/ and tests/hostile/time_cases/ runs with
`sustain run --jobs 2 --format json` in a copy of tests/hostile/fixture/ whose
[limits] adds `seconds = 1`. For each case: exit status 3, every hostile rule
(`trap.*`) an error whose message holds the expected text and names the case
file, the good rules exactly as in a control run without the case, and the
whole run within the case's time. time_cases/ holds what only a wall clock can
stop (a pattern match backtracking inside one C call). Then: the plan is the
same for --jobs 1, 2 and 4; --strict refuses to write a plan; workers die with
their supervisor; and a rule that overruns once is stopped for every authority
with the same plan for --jobs 1, 2 and 3, over forty authorities. Prints a
summary in cmocka's form for tests/summary.py.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cases import bad, finish, ok  # noqa: E402  (tests/cases.py)
from processes import alive, descendants  # noqa: E402  (tests/processes.py)

SUSTAIN, ROOT = sys.argv[1], sys.argv[2]
HOSTILE = os.path.join(ROOT, "tests", "hostile")
SECONDS = 1
DEFAULT_WITHIN = 6.0


def read_case(path):
    expected, within = {}, DEFAULT_WITHIN
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("--"):
                break
            m = re.match(r"-- expect (\S+) (\S+) ?(.*)$", line.rstrip("\n"))
            if m:
                expected[m.group(1)] = (0 if m.group(2) == "*" else int(m.group(2)), m.group(3))
            m = re.match(r"-- within (\S+)", line)
            if m:
                within = float(m.group(1))
    return expected, within


def make_pack(work, case=None):
    pack = os.path.join(work, "pack")
    shutil.rmtree(pack, ignore_errors=True)
    shutil.copytree(os.path.join(HOSTILE, "fixture"), pack)
    ini = os.path.join(pack, "assessment.ini")
    with open(ini, encoding="utf-8") as f:
        text = f.read()
    with open(ini, "w", encoding="utf-8") as f:
        f.write(text.replace("[limits]\n", f"[limits]\nseconds = {SECONDS}\n"))
    if case:
        shutil.copy(case, os.path.join(pack, "rules", os.path.basename(case)))
    return ini


def run(ini, *options, timeout=60):
    start = time.monotonic()
    try:
        p = subprocess.run([SUSTAIN, "run", ini, "--format", "json", *options],
                           capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "", f"still running after {timeout} s", timeout
    return p.returncode, p.stdout, p.stderr, time.monotonic() - start


def good_part(plan):
    """What the plan says of the good rules: everything but the trap ingredient, the
    trap context items, their actions and their errors."""
    out = []
    for a in plan["authorities"]:
        a = dict(a)
        a["ingredients"] = [i for i in a["ingredients"] if i["id"] != "trap"]
        a["context"] = [c for c in a.get("context", []) if not c["id"].startswith("trap.")]
        for i in a["ingredients"]:
            for r in i["rules"]:
                r.pop("seconds", None)
                r.pop("instructions", None)
        a["actions"] = [x for x in a["actions"] if x["ingredient"] != "trap"]
        out.append(a)
    return out


def check_case(path, control):
    name = os.path.relpath(path, HOSTILE)
    base = os.path.basename(path)
    expected, within = read_case(path)
    if not expected:
        return  # load-time cases: the C runner covers them
    with tempfile.TemporaryDirectory(prefix="sustain-workers-") as work:
        status, out, err, seconds = run(make_pack(work, path), "--jobs", "2")
    problems = []
    if status != 3:
        problems.append(f"exit status {status}, expected 3; stderr: {err[:400]}")
    if seconds > within:
        problems.append(f"took {seconds:.1f} s; the limit for this case is {within} s")
    try:
        plan = json.loads(out)
    except ValueError:
        bad(name, *problems, f"no JSON plan on stdout: {out[:200]!r}")
        return
    for a in plan["authorities"]:
        traps = {r["id"]: r for i in a["ingredients"] if i["id"] == "trap" for r in i["rules"]}
        traps.update({c["id"]: c for c in a.get("context", []) if c["id"].startswith("trap.")})
        for rule, (line, text) in expected.items():
            r = traps.get(rule)
            if not r:
                problems.append(f"{a['id']}: no rule {rule} in the plan")
                continue
            if r["status"] != "error":
                problems.append(f"{a['id']}: {rule} is {r['status']}, expected an error with '{text}'")
                continue
            if text and not any(t in r["message"] for t in text.split("|")):
                problems.append(f"{a['id']}: {rule}: message '{r['message'][:300]}' lacks '{text}'")
            where = f"{base}:{line}:" if line else f"{base}:"
            if where not in r["message"]:
                problems.append(f"{a['id']}: {rule}: message '{r['message'][:300]}' is not located at {where}")
    for e in plan.get("errors", []):
        if not str(e.get("rule", "")).startswith("trap."):
            problems.append(f"an error for a good rule: {e}")
        elif not str(e.get("file", "")).endswith("/" + base) or not e.get("line"):
            problems.append(f"the error for {e.get('rule')} is located at {e.get('file')}:{e.get('line')}")
    if control is not None and good_part(plan) != good_part(control):
        problems.append("the good rules' results differ from the control run")
    if problems:
        bad(name, *problems)
    else:
        ok(name)


def main():
    with tempfile.TemporaryDirectory(prefix="sustain-workers-") as work:
        status, out, err, _ = run(make_pack(work), "--jobs", "2")
    control = None
    if status == 0:
        control = json.loads(out)
        ok("control")
    else:
        bad("control", f"the fixture without a case: exit status {status}", err[:400])
    for folder in ("cases", "time_cases"):
        directory = os.path.join(HOSTILE, folder)
        for case in sorted(os.listdir(directory)):
            if case.endswith(".lua"):
                check_case(os.path.join(directory, case), control)

    # the plan does not depend on the number of workers, hostile rules or not
    example = os.path.join(ROOT, "examples", "starter", "assessment.ini")
    for name, ini in (("jobs_starter", example),):
        outs = {}
        for jobs in ("1", "2", "4"):
            status, out, err, _ = run(ini, "--jobs", jobs)
            outs[jobs] = (status, out)
        if len(set(outs.values())) == 1 and outs["1"][0] == 0:
            ok(name)
        else:
            bad(name, "the plans for --jobs 1, 2 and 4 differ, or failed: " +
                str({j: s for j, (s, _) in outs.items()}))
    with tempfile.TemporaryDirectory(prefix="sustain-workers-") as work:
        ini = make_pack(work, os.path.join(HOSTILE, "time_cases", "pattern_in_gsub_and_match.lua"))
        outs = {jobs: run(ini, "--jobs", jobs)[:2] for jobs in ("1", "3")}
        if outs["1"] == outs["3"] and outs["1"][0] == 3:
            ok("jobs_with_time_limits")
        else:
            bad("jobs_with_time_limits", "the plans for --jobs 1 and 3 differ, or the status is not 3: " +
                str({j: s for j, (s, _) in outs.items()}))
        plan_file = os.path.join(work, "plan.json")
        with open(plan_file, "w", encoding="utf-8") as f:
            f.write("the previous plan\n")
        status, _, err, _ = run(ini, "--jobs", "2", "--strict", "--output", plan_file)
        with open(plan_file, encoding="utf-8") as f:
            kept = f.read() == "the previous plan\n"
        if status == 1 and kept and "time limit of 1 s exceeded" in err:
            ok("strict_time_limit")
        else:
            bad("strict_time_limit", f"exit status {status} (expected 1), previous plan kept: {kept}",
                f"stderr: {err[:400]}")

        check_orphans(work)
    with tempfile.TemporaryDirectory(prefix="sustain-workers-") as work:
        check_stopped_once(work)
    with tempfile.TemporaryDirectory(prefix="sustain-workers-") as work:
        check_spoiled_at_batch_ends(work)
    return finish()


# Forty authorities, three batches of workers: the first rule backtracks for ever
# for every authority, the second only for those whose people are old (a05, a20
# and a37, one in each batch), and a pass-2 rule reads the score they make up.
STOPPED_AUTHORITIES = 40
STOPPED_SLOW = ("a05", "a20", "a37")
STOPPED_RULES = """
rule {
  id = 'trap.everywhere', ingredient = 'trap', title = 'Backtracks for every authority',
  assess = function(a)
    return string.rep('a', 30000):find(('a-'):rep(30) .. 'b') and 1 or 2
  end,
}
rule {
  id = 'trap.old', ingredient = 'trap', title = 'Backtracks where people are old',
  needs = { 'people' },
  assess = function(a)
    if a.data.people:mean('age') < 50 then return 50 end
    return string.rep('a', 30000):find(('a-'):rep(30) .. 'b') and 1 or 2
  end,
}
rule {
  id = 'lead.reads_trap', ingredient = 'lead', title = 'Reads the trap score', pass = 2,
  assess = function(a)
    local trap = a:score('trap')
    if not trap then return nil, 'trap not assessed' end
    return trap
  end,
}
"""


def make_stopped_pack(work):
    """The hostile fixture with STOPPED_AUTHORITIES authorities and STOPPED_RULES."""
    ini = make_pack(work)
    pack = os.path.dirname(ini)
    with open(ini, encoding="utf-8") as f:
        text = f.read()
    head, limits = text[:text.index("[authority north]")], text[text.index("[limits]"):]
    ids = [f"a{i:02d}" for i in range(STOPPED_AUTHORITIES)]
    sections = "".join(f"[authority {a}]\nname = {a}\nstage = pilot\nbudget = yes\n\n" for a in ids)
    with open(ini, "w", encoding="utf-8") as f:
        f.write(head + sections + limits)
    with open(os.path.join(pack, "people.csv"), "w", encoding="utf-8") as f:
        f.write("la,child,changed,age\n")
        for n, a in enumerate(ids):
            age = 70 if a in STOPPED_SLOW else 19
            f.write(f"{a},{n},yes,{age}\n{a},{n + 100},no,{age}\n")
    with open(os.path.join(pack, "rules", "stopped.lua"), "w", encoding="utf-8") as f:
        f.write(STOPPED_RULES)
    return ini


def stopped_problems(plan):
    """What is wrong with a plan of make_stopped_pack: each runaway rule an error
    for every authority, the first overrun named; the pass-2 rule never sees a
    score the runaway rule made where it happened to finish."""
    problems = []
    first = {"trap.everywhere": "a00", "trap.old": STOPPED_SLOW[0]}
    for a in plan["authorities"]:
        rules = {r["id"]: r for i in a["ingredients"] for r in i["rules"]}
        for rule, where in first.items():
            r = rules[rule]
            want = ("time limit of 1 s exceeded" if a["id"] == where else
                    f"was stopped after exceeding the time limit of 1 s for authority {where}, "
                    "and is not run again")
            if r["status"] != "error" or want not in r.get("message", ""):
                problems.append(f"{a['id']}: {rule} is {r['status']} {r.get('message', '')[:200]!r}, "
                                f"expected an error with {want!r}")
        if rules["lead.reads_trap"]["status"] != "not_assessed":
            problems.append(f"{a['id']}: lead.reads_trap read a trap score: "
                            f"{rules['lead.reads_trap']['status']} {rules['lead.reads_trap'].get('score')}")
    return problems


def check_stopped_once(work):
    """A rule that overruns once is stopped once: an error for every authority,
    the same plan for --jobs 1, 2 and 3, each run within two limits and slack
    (one limit per authority would be 43 s and more)."""
    ini = make_stopped_pack(work)
    outs, problems = {}, []
    for jobs in ("1", "2", "3"):
        status, out, err, seconds = run(ini, "--jobs", jobs)
        outs[jobs] = out
        if status != 3:
            problems.append(f"--jobs {jobs}: exit status {status}, expected 3; {err[:300]}")
        if seconds > 2 * SECONDS + 4:
            problems.append(f"--jobs {jobs}: took {seconds:.1f} s, more than two limits and 4 s")
    if len(set(outs.values())) != 1:
        problems.append("the plans for --jobs 1, 2 and 3 differ")
    try:
        problems += stopped_problems(json.loads(outs["2"]))
    except (ValueError, KeyError) as e:
        problems.append(f"no plan to check: {e}")
    if problems:
        bad("stopped_once_jobs_1_2_3", *problems[:12])
    else:
        ok("stopped_once_jobs_1_2_3")


# The same forty authorities: a rule fills the memory limit for the last
# authority of the first two batches (a15, a31) and keeps it, so the worker that
# assessed them leaves after sending their results, just as the supervisor may be
# handing it its next batch. Every other authority must still be assessed, once.
SPOILED_AT = ("a15", "a31")
SPOILED_RULES = """
local hoard = {}
rule {
  id = 'trap.hoard_at_batch_end', ingredient = 'trap', title = 'Hoards memory at a batch end',
  needs = { 'people' },
  assess = function(a)
    if a.data.people:mean('age') < 50 then return 40 end
    local chunk = string.rep('h', 1e5)
    while true do hoard[#hoard + 1] = chunk .. #hoard end
  end,
}
"""


def check_spoiled_at_batch_ends(work):
    """A worker whose memory a rule spoiled at the end of a batch is replaced, and
    the batch it was handed is assessed by another: the same plan for --jobs 1, 2
    and 3, the rule an error where it hoarded and scored everywhere else."""
    ini = make_stopped_pack(work)
    pack = os.path.dirname(ini)
    os.remove(os.path.join(pack, "rules", "stopped.lua"))
    with open(os.path.join(pack, "rules", "spoiled.lua"), "w", encoding="utf-8") as f:
        f.write(SPOILED_RULES)
    with open(os.path.join(pack, "people.csv"), "w", encoding="utf-8") as f:
        f.write("la,child,changed,age\n")
        for n in range(STOPPED_AUTHORITIES):
            a, age = f"a{n:02d}", 70 if f"a{n:02d}" in SPOILED_AT else 19
            f.write(f"{a},{n},yes,{age}\n{a},{n + 100},no,{age}\n")
    outs, problems = {}, []
    for jobs in ("1", "2", "3"):
        status, out, err, _ = run(ini, "--jobs", jobs)
        outs[jobs] = out
        if status != 3:
            problems.append(f"--jobs {jobs}: exit status {status}, expected 3; {err[:300]}")
    if len(set(outs.values())) != 1:
        problems.append("the plans for --jobs 1, 2 and 3 differ")
    try:
        plan = json.loads(outs["2"])
        if len(plan["authorities"]) != STOPPED_AUTHORITIES:
            problems.append(f"{len(plan['authorities'])} authorities in the plan")
        for a in plan["authorities"]:
            r = {r["id"]: r for i in a["ingredients"] for r in i["rules"]}["trap.hoard_at_batch_end"]
            spoiled = a["id"] in SPOILED_AT
            if spoiled and (r["status"] != "error" or "memory limit" not in r.get("message", "")):
                problems.append(f"{a['id']}: {r['status']} {r.get('message', '')[:120]!r}, "
                                "expected a memory-limit error")
            if not spoiled and r.get("score") != 40:
                problems.append(f"{a['id']}: {r['status']} {r.get('score')}, expected a score of 40")
    except (ValueError, KeyError) as e:
        problems.append(f"no plan to check: {e}")
    if problems:
        bad("spoiled_at_batch_ends_jobs_1_2_3", *problems[:12])
    else:
        ok("spoiled_at_batch_ends_jobs_1_2_3")


def check_orphans(work):
    """A worker busy in a rule dies with its supervisor, whatever signal ends it."""
    ini = make_pack(work, os.path.join(HOSTILE, "time_cases", "pattern_backtracking.lua"))
    with open(ini, encoding="utf-8") as f:
        text = f.read()
    with open(ini, "w", encoding="utf-8") as f:
        f.write(text.replace(f"seconds = {SECONDS}\n", "seconds = 120\n"))
    for name in ("SIGKILL", "SIGTERM", "SIGINT", "SIGHUP"):
        supervisor = subprocess.Popen([SUSTAIN, "run", ini, "--jobs", "1", "--quiet"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # the command's work, and the worker below it (sustain's own supervisor is the top)
        workers, deadline = [], time.monotonic() + 20
        while len(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
            workers = descendants(supervisor.pid)
        time.sleep(0.5)  # into the rule that never ends
        supervisor.send_signal(getattr(__import__("signal"), name))
        supervisor.wait()
        deadline = time.monotonic() + 5
        while any(alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = [w for w in workers if alive(w)]
        for w in left:
            os.kill(w, 9)
        if len(workers) < 2:
            bad(f"orphans_{name}", "no worker process was seen")
        elif left:
            bad(f"orphans_{name}", f"workers {left} outlived their supervisor")
        else:
            ok(f"orphans_{name}")


if __name__ == "__main__":
    sys.exit(main())
