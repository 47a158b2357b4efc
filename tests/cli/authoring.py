#!/usr/bin/env python3
"""What a rule-pack author meets when something goes wrong, through the command line.

Usage: authoring.py SUSTAIN SOURCE_ROOT

Each case writes a small pack (tests/cli/authoring/: a model, a rule file, a CSV and an
INI) into a scratch folder, changes what it is about, and runs the built `sustain` as an
author would: `run` (a failed rule's standard-error line names where it failed;
`--trace` shows debug(...) lines on standard error and never in the plan), `check`
(the static checks of each rule file, and `--dry-run`), and `test` (a test of one rule
runs that rule alone; a failure shows the rule's own error once located; debug lines of
failing tests, and of every test with -v). Prints a summary in cmocka's form for
tests/summary.py.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cases import check, finish  # noqa: E402  (tests/cases.py)

SUSTAIN, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
FIXTURE = os.path.join(ROOT, "tests", "cli", "authoring")


def make_pack(work, files=None):
    """A fresh copy of the fixture in work/pack, with files {relative path: text} added
    or replaced (None removes one); returns the folder, where sustain then runs, so
    that messages name files as rules/x.lua."""
    pack = os.path.join(work, "pack")
    shutil.rmtree(pack, ignore_errors=True)
    shutil.copytree(FIXTURE, pack)
    for path, text in (files or {}).items():
        if text is None:
            os.remove(os.path.join(pack, path))
            continue
        with open(os.path.join(pack, path), "w", encoding="utf-8") as f:
            f.write(text)
    return pack


def sustain(pack, *arguments):
    """Runs sustain in the pack's folder; (exit status, stdout, stderr)."""
    p = subprocess.run([SUSTAIN, *arguments], capture_output=True, text=True, timeout=120,
                       cwd=pack)
    return p.returncode, p.stdout, p.stderr


FAILING_RULE = """
rule {
  id = "voice.fails", ingredient = "voice", title = "Fails",
  assess = function(a)
    local n = #a.data.people
    error("no good: " .. n)
  end,
}
"""


def failed_rule_is_located(work):
    """The standard-error line of a failed rule says where it failed, as the plan does."""
    pack = make_pack(work, {"rules/fails.lua": FAILING_RULE})
    status, out, err = sustain(pack, "run", "assessment.ini", "--format", "json")
    errors = json.loads(out)["errors"] if status == 3 else []
    check("failed_rule_is_located", status == 3 and
          "sustain: north: rule voice.fails failed: rules/fails.lua:6: no good: 3\n" in err and
          "sustain: south: rule voice.fails failed: rules/fails.lua:6: no good: 2\n" in err and
          [(e["file"], e["line"]) for e in errors] == [("rules/fails.lua", 6)] * 2,
          f"status {status}", f"stderr: {err}", f"errors: {errors}")


TRACED_RULE = """
rule {
  id = "voice.traced", ingredient = "voice", title = "Traced",
  assess = function(a)
    local share, n = a.data.people:share { changed = "yes" }
    debug("share", share, "of", n)
    return 100 * share
  end,
}
"""


def trace_shows_debug_lines(work):
    """--trace shows each debug(...) line on standard error, in plan order with one
    worker; without it nothing is shown, and the plan never holds them."""
    pack = make_pack(work, {"rules/traced.lua": TRACED_RULE})
    quiet = sustain(pack, "run", "assessment.ini", "--jobs", "1", "-o", "quiet.json")
    traced = sustain(pack, "run", "assessment.ini", "--jobs", "1", "--trace", "-o", "traced.json")
    with open(os.path.join(pack, "quiet.json"), encoding="utf-8") as f:
        quiet_plan = f.read()
    with open(os.path.join(pack, "traced.json"), encoding="utf-8") as f:
        traced_plan = f.read()
    want = ("debug: rules/traced.lua:6: voice.traced (north): share\t0.66666666666667\tof\t3\n"
            "debug: rules/traced.lua:6: voice.traced (south): share\t0.0\tof\t2\n")
    check("trace_shows_debug_lines",
          quiet[0] == traced[0] == 0 and traced[2] == want and "debug" not in quiet[2] and
          quiet_plan == traced_plan and "share\t" not in traced_plan and traced[1] == "",
          f"status {quiet[0]}, {traced[0]}", f"stderr with --trace: {traced[2]!r}",
          f"without: {quiet[2]!r}")


DEBUG_TESTS = """
test("passes quietly", function(t)
  debug("in a passing test")
  local r = t:run { rule = "voice.traced", data = { people = { { changed = "yes" } } } }
  t:near(r.rules["voice.traced"].score, 100)
end)

test("fails loudly", function(t)
  debug("in a failing test")
  local r = t:run { rule = "voice.traced", data = { people = { { changed = "no" } } } }
  t:near(r.rules["voice.traced"].score, 100)
end)
"""


def test_debug_lines(work):
    """sustain test shows a failing test's debug lines, its own and its rules', after its
    failure; -v lists every test with its lines."""
    pack = make_pack(work, {"rules/traced.lua": TRACED_RULE, "rules/traced_test.lua": DEBUG_TESTS})
    status, out, err = sustain(pack, "test", "rules")
    want_err = ("debug: rules/traced_test.lua:9: test fails loudly: in a failing test\n"
                "debug: rules/traced.lua:6: voice.traced (test): share\t0.0\tof\t1\n")
    check("test_debug_lines", status == 1 and err == want_err and
          "rules/traced_test.lua:11: fails loudly: expected 100 (within 0.001), got 0\n" in out and
          "passes quietly" not in out and "1 passed, 1 failed" in out,
          f"status {status}", f"stdout: {out}", f"stderr: {err!r}")
    status, out, err = sustain(pack, "test", "rules", "-v")
    check("test_debug_lines_verbose", status == 1 and
          err == "debug: rules/traced_test.lua:3: test passes quietly: in a passing test\n"
                 "debug: rules/traced.lua:6: voice.traced (test): share\t1.0\tof\t1\n" + want_err and
          out.startswith("rules/traced_test.lua:2: passes quietly: passed\n"
                         "rules/traced_test.lua:11: fails loudly: expected 100"),
          f"status {status}", f"stdout: {out}", f"stderr: {err!r}")


AGE_CHECK = """
check { id = "too_old", table = "people", message = "older than 21", where = { age = { gt = 21 } } }
"""

ISOLATED_TESTS = """
test("a rule alone, its rows without the check's column", function(t)
  local r = t:run { rule = "voice.changed", data = { people = { { changed = "yes" }, { changed = "no" } } } }
  t:near(r.rules["voice.changed"].score, 50)
  t:eq(r.data_quality, {})
end)

test("checks asked for: one naming a column the rows lack is left out", function(t)
  local r = t:run { rule = "voice.changed", checks = true, data = { people = { { changed = "yes" } } } }
  t:eq(r.errors, {})
  t:eq(r.data_quality.too_old, nil)
end)

test("checks asked for, with their column", function(t)
  local r = t:run { rule = "voice.changed", checks = true, suppress_below = 1,
                    data = { people = { { changed = "yes", age = 22 }, { changed = "no", age = 19 } } } }
  t:eq(r.data_quality.too_old, 1)
end)

test("the whole pack counts checks unless told", function(t)
  local rows = { people = { { changed = "yes", age = 23 } } }
  t:eq(t:run { suppress_below = 1, data = rows }.data_quality.too_old, 1)
  t:eq(t:run { suppress_below = 1, checks = false, data = rows }.data_quality.too_old, nil)
end)
"""


def test_runs_one_rule_alone(work):
    """A test of one rule runs no data check unless it asks, and a check that names a
    column the test's rows lack is left out rather than failing the test."""
    pack = make_pack(work, {"rules/checks.lua": AGE_CHECK, "rules/voice_test.lua": ISOLATED_TESTS})
    status, out, err = sustain(pack, "test", "rules")
    check("test_runs_one_rule_alone", status == 0 and "4 passed, 0 failed" in out,
          f"status {status}", f"stdout: {out}", f"stderr: {err}")


FAILING_TESTS = """
test("a rule that fails", function(t)
  local r = t:run { rule = "voice.fails", data = { people = { { changed = "yes" } } } }
  t:near(r.rules["voice.fails"].score, 50)
end)

test("a misspelt rule", function(t)
  t:run { rule = "voice.chnaged" }
end)

test("a misspelt field", function(t)
  t:run { rul = "voice.changed" }
end)

test("an error in the test", function(t)
  local r = t:run { rule = "voice.fails", data = { people = { { changed = "yes" } } } }
  return r.rules["voice.fails"].evidence.nothing.here
end)
"""


def test_failures_say_why_once(work):
    """A failed assertion shows the error of the rule it ran; each failure names its
    place once; a rule or field the pack lacks is named with the nearest one."""
    pack = make_pack(work, {"rules/fails.lua": FAILING_RULE, "rules/fails_test.lua": FAILING_TESTS})
    status, out, err = sustain(pack, "test", "rules/fails_test.lua")
    want = [
        "rules/fails_test.lua:4: a rule that fails: expected 50 (within 0.001), got nil\n"
        "  rule voice.fails failed: rules/fails.lua:6: no good: 1\n",
        "rules/fails_test.lua:8: a misspelt rule: t:run: the pack has no rule or context item "
        "'voice.chnaged'; did you mean 'voice.changed'?\n",
        "rules/fails_test.lua:12: a misspelt field: t:run: unknown field 'rul'; did you mean "
        "'rule'? (see docs/rules.md, Testing rules)\n",
        "rules/fails_test.lua:17: an error in the test: attempt to index a nil value (field "
        "'nothing')\n  rule voice.fails failed: rules/fails.lua:6: no good: 1\n",
    ]
    missing = [w for w in want if w not in out]
    check("test_failures_say_why_once", status == 1 and not missing and out.count("fails_test.lua") == 4,
          f"status {status}", *(f"lacks: {w!r}" for w in missing), f"stdout: {out}")


CODE_MISTAKES = """
rule {
  id = "voice.mistakes", ingredient = "voice", title = "Mistakes run would fail on",
  assess = function(a)
    local score = 50
    print(score)
    a:action { id = "voice.act", title = "Act", effort = "low", impact = 5, why = "w" }
    return scroe
  end,
}
"""


HELPER_MODULE = """
local helper = {}
function helper.half(x) return x / twoo end
return helper
"""


def check_finds_code_mistakes(work):
    """sustain check finds, without running anything, what fails a rule every time: a
    misspelt global, print, an action without its owner, in rule files and the modules
    they require; and says no 'ok'."""
    pack = make_pack(work, {"rules/mistakes.lua": "local helper = require 'lib.helper'\n" + CODE_MISTAKES})
    os.makedirs(os.path.join(pack, "rules", "lib"))
    with open(os.path.join(pack, "rules", "lib", "helper.lua"), "w", encoding="utf-8") as f:
        f.write(HELPER_MODULE)
    status, out, err = sustain(pack, "check", "assessment.ini")
    want = [
        "sustain: rules/mistakes.lua:7: uses print, which rules cannot use: write debug(...) instead",
        "sustain: rules/mistakes.lua:8: a:action{} has no 'owner': the rule fails whenever it proposes "
        "this action",
        "sustain: rules/mistakes.lua:9: reads the global 'scroe', which is not defined: did you mean "
        "'score'? The rule fails with \"undefined global 'scroe'\" whenever this line runs",
        "sustain: rules/lib/helper.lua:3: reads the global 'twoo', which is not defined",
        "sustain: 4 mistakes in the rules' code, each failing its rule whenever its line runs",
    ]
    missing = [w for w in want if w not in err]
    check("check_finds_code_mistakes", status == 1 and not missing and "ok:" not in out,
          f"status {status}", *(f"lacks: {w}" for w in missing), f"stderr: {err}")


RUN_TIME_MISTAKES = """
rule {
  id = "voice.too_high", ingredient = "voice", title = "Over 100",
  assess = function(a) return 150 end,
}
rule {
  id = "voice.misspelt_table", ingredient = "voice", title = "A misspelt table",
  assess = function(a) return a.data.peple:count() end,
}
rule {
  id = "voice.action_built", ingredient = "voice", title = "An action built in pieces",
  assess = function(a)
    local action = { id = "voice.act", title = "Act", effort = "low", impact = 5, why = "w" }
    action.ownr = "lead"
    a:action(action)
    return 50
  end,
}
"""


def dry_run_reports_rules_that_would_fail(work):
    """check --dry-run assesses every authority as run would, writes no plan, and reports
    each failing rule once with its place, its message and the authorities."""
    pack = make_pack(work, {"rules/later.lua": RUN_TIME_MISTAKES})
    plain = sustain(pack, "check", "assessment.ini")
    status, out, err = sustain(pack, "check", "assessment.ini", "--dry-run")
    want = [
        "sustain: rules/later.lua:2: voice.too_high would fail for north, south: rule "
        "'voice.too_high' returned the score 150; a score is a number from 0 to 100\n",
        "sustain: rules/later.lua:8: voice.misspelt_table would fail for north, south: attempt to "
        "index a nil value (field 'peple')\n",
        "sustain: rules/later.lua:15: voice.action_built would fail for north, south: a:action: "
        "unknown field 'ownr'; did you mean 'owner'?",
        "sustain: dry run: 3 failures in the rules, each with the authorities it fails for; "
        "no plan was written\n",
    ]
    missing = [w for w in want if w not in err]
    check("dry_run_reports_rules_that_would_fail",
          plain[0] == 0 and "ok:" in plain[1] and status == 1 and not missing and out == "" and
          sorted(os.listdir(pack)) == ["assessment.ini", "data", "rules"],
          f"status {plain[0]} without --dry-run, {status} with", *(f"lacks: {w!r}" for w in missing),
          f"stderr: {err}")


def dry_run_reports_config_values(work):
    """The default pack rejects an attribute value it does not know with the attribute and
    the values it takes, so check --dry-run points at the mistake in the config."""
    pack = os.path.join(work, "starter")
    shutil.rmtree(pack, ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "examples", "starter"), pack)
    shutil.copytree(os.path.join(ROOT, "rules"), os.path.join(pack, "rules"))
    ini = os.path.join(pack, "assessment.ini")
    with open(ini, encoding="utf-8") as f:
        text = f.read()
    text = text.replace("rules = ../../rules/ingredients", "rules = rules/ingredients")
    text = text.replace("funding_after_pilot = no\n", "funding_after_pilot = nope\n")
    text = text.replace("areas_covered = 1\n", "areas_covered = one\n")
    with open(ini, "w", encoding="utf-8") as f:
        f.write(text)
    status, out, err = sustain(pack, "check", "assessment.ini", "--dry-run")
    want = [
        "would fail for southvale: the config's funding_after_pilot must be one of: no, partial, "
        "yes; not 'nope'\n",
        "would fail for southvale: the config's areas_covered must be a number of areas, 0 or "
        "more; not 'one'\n",
    ]
    missing = [w for w in want if w not in err]
    check("dry_run_reports_config_values", status == 1 and not missing and
          "rules/ingredients/adaptation.lua:" in err,
          f"status {status}", *(f"lacks: {w!r}" for w in missing), f"stderr: {err}")
    text = text.replace("[authority southvale]\n", "[authority southvale]\nstage = nope\n")
    with open(ini, "w", encoding="utf-8") as f:
        f.write(text)
    line = text.split("\n").index("stage = nope") + 1
    status, out, err = sustain(pack, "check", "assessment.ini", "--dry-run")
    check("dry_run_reports_config_values_stage", status == 1 and
          f"assessment.ini:{line}: [authority southvale]: stage 'nope' is not a stage of the rule "
          "pack's model" in err, f"status {status}", f"stderr: {err}")


DATE_RULES = """
rule {
  id = "voice.dates", ingredient = "voice", title = "Dates", needs = { "events" },
  assess = function(a)
    local e = a.data.events
    a:evidence("from April 2023", e:count { date = { ge = "2023-04-01" } })
    a:evidence("before the pilot ended", e:count { date = { lt = a.pilot_end } })
    a:evidence("on 31 March 2024", e:count { date = "31/03/2024" })
    a:evidence("not in 2023-05", e:count { date = { not_in = { "2023-05-10", "2023-05-11" } } })
    a:evidence("first", (e:min("date")))
    a:evidence("in order", table.concat(e:distinct("date"), " "))
    local ok, message = pcall(e.count, e, { date = 2024 })
    a:evidence("a number", message:match("compare it with a date") and "refused" or "taken")
    return 50
  end,
}
"""

DATE_TESTS = """
test("date filters as docs/rules.md lists them", function(t)
  local r = t:run { rule = "voice.dates", pilot_end = "2023-12-31", data = { events = {
    { date = "2024-03-31" }, { date = "2023-05-10" }, { date = "2022-01-02" }, { date = "2023-04-01" } } } }
  t:eq(r.rules["voice.dates"].evidence, {
    ["from April 2023"] = 3, ["before the pilot ended"] = 3, ["on 31 March 2024"] = 1,
    ["not in 2023-05"] = 3, first = "2022-01-02",
    ["in order"] = "2022-01-02 2023-04-01 2023-05-10 2024-03-31", ["a number"] = "refused" })
end)
"""


def date_columns_filter_as_documented(work):
    """Date columns and the filters on them behave as docs/rules.md's tables say."""
    pack = make_pack(work, {"rules/dates.lua": DATE_RULES, "rules/dates_test.lua": DATE_TESTS})
    status, out, err = sustain(pack, "test", "rules/dates_test.lua")
    check("date_columns_filter_as_documented", status == 0 and "1 passed, 0 failed" in out,
          f"status {status}", f"stdout: {out}", f"stderr: {err}")


def main():
    with tempfile.TemporaryDirectory(prefix="sustain-authoring-") as work:
        failed_rule_is_located(work)
        trace_shows_debug_lines(work)
        test_debug_lines(work)
        test_runs_one_rule_alone(work)
        test_failures_say_why_once(work)
        check_finds_code_mistakes(work)
        dry_run_reports_rules_that_would_fail(work)
        dry_run_reports_config_values(work)
        date_columns_filter_as_documented(work)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
