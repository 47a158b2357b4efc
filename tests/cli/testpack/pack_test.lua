-- Tests of the small pack beside this file, run by tests/cli/run.sh.
test("strong voice", function(t)
  -- suppress_below = 1: 4 of 5, whose 1 would be shown as c
  local r = t:run { rule = "voice.changed", stage = "pilot", suppress_below = 1,
    data = { people = { {changed = "yes"}, {changed = "yes"}, {changed = "no"}, {changed = "yes"}, {changed = "yes"} } } }
  t:near(r.rules["voice.changed"].score, 80)
  t:eq(r.rules["voice.changed"].evidence.share, 0.8)
  t:eq(r.actions[1], nil, "no action when most activities change decisions")
end)

test("weak voice from a fixture", function(t)
  local r = t:run { rule = "voice.changed", stage = "pilot", data = { people = "fixtures/people.csv" } }
  t:near(r.rules["voice.changed"].score, 33.333)
  t:eq(r.rules["voice.changed"].evidence.share, "c", "three people: suppressed")
  t:eq(r.action["voice.loop"].effort, "low")
end)

test("recipe reads the voice score", function(t)
  local r = t:run { rule = "lead.recipe", stage = "pilot", data = { people = { {changed = "yes"} } } }
  t:near(r.rules["lead.recipe"].score, 50)
  t:eq(r.rules["voice.changed"].status, "assessed")
end)

test("missing table", function(t)
  local r = t:run { rule = "voice.changed", stage = "pilot" }
  t:eq(r.rules["voice.changed"].status, "not_assessed")
  t:eq(r.score, nil)
end)

test("a fixture read with csv options", function(t)
  local r = t:run { rule = "voice.changed", stage = "pilot",
    data = { people = { csv = "fixtures/people.csv", columns = "changed", missing = "yes" } } }
  -- "yes" is read as a missing value, so no row changed a decision
  t:eq(r.rules["voice.changed"].score, 0)
end)
