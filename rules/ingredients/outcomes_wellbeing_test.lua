-- Tests of outcomes_wellbeing.lua: how care leavers feel, beside Bright Spots
-- and all 16 to 24 year olds. Context: shown, never scored.

local WB = "outcomes.wellbeing_against_care_leavers"
local LOW = "Care leavers reporting low life satisfaction (0-4 of 10)"
local ANX = "Care leavers reporting high anxiety (6-10 of 10)"
local LONELY = "Care leavers reporting lonely always or often"
local UNSAFE = "Care leavers reporting feeling unsafe where they live"

local function survey(columns)
  local rows, n = {}, #columns.life_satisfaction
  for i = 1, n do
    rows[i] = {}
    for column, values in pairs(columns) do rows[i][column] = values[i] end
  end
  return rows
end

test("wellbeing_against_care_leavers: wellbeing better than Bright Spots asks for nothing", function(t)
  local r = t:run { suppress_below = 1, rule = WB, stage = "transition", data = { wellbeing = survey {
    life_satisfaction = { 8, 7, 9, 8, 7 }, anxiety = { 2, 1, 3, 0, 2 },
    lonely = { "never", "hardly_ever", "never", "occasionally", "some_of_the_time" },
    safe_home = { 5, 4, 5, 4, 5 }, settled = { 4, 5, 4, 4, 3 },
    trust_adviser = { 5, 4, 4, 5, 4 }, positive_future = { 4, 4, 5, 3, 4 },
  } } }
  local x = r.context[WB]
  -- nobody reports any of the four difficulties
  t:eq(x.status, "assessed")
  t:eq(x.score, nil, "context has no score")
  t:eq(x.evidence[LOW], 0)
  t:eq(x.evidence[UNSAFE], 0)
  t:near(x.evidence["Care leavers in the 2020 Bright Spots survey reporting low life satisfaction (0-4 of 10)"], 0.26)
  t:near(x.evidence["Care leavers in the 2020 Bright Spots survey reporting high anxiety (6-10 of 10)"], 0.33)
  t:near(x.evidence["All 16-24 year olds reporting low life satisfaction (ONS)"], 0.03)
  t:near(x.evidence["Care leavers who feel settled where they live"], 0.8)
  t:eq(x.evidence["Care leavers who trust their personal adviser"], 1)
  t:near(x.evidence["Care leavers who feel positive about their future"], 0.8)
  t:eq(r.action["outcomes.act_on_low_wellbeing"], nil)
end)

test("wellbeing_against_care_leavers: low wellbeing offers support to everyone, never to respondents", function(t)
  local r = t:run { suppress_below = 1, rule = WB, stage = "transition", data = { wellbeing = survey {
    life_satisfaction = { 2, 3, 8, 9, 1, 4 }, anxiety = { 7, 8, 2, 6, 9, 1 },
    lonely = { "often_always", "often_always", "never", "never", "occasionally", "never" },
    safe_home = { 1, 3, 4, 5, 4, 3 },
  } } }
  local x = r.context[WB]
  -- low life satisfaction 4 of 6, high anxiety 4 of 6, lonely 2 of 6,
  -- unsafe 1 of 6
  t:near(x.evidence[LOW], 4 / 6)
  t:near(x.evidence[ANX], 4 / 6)
  t:near(x.evidence[LONELY], 2 / 6)
  t:near(x.evidence[UNSAFE], 1 / 6)
  local action = r.action["outcomes.act_on_low_wellbeing"]
  t:eq(action.owner, "leaving care team manager")
  t:eq(action.gap, "outcomes.low_wellbeing")
  t:eq(action.ingredient, "measurement", "context actions rank under measurement")
  -- the survey is anonymous: nobody who answered can be followed up
  t:eq(action.title, "Ask personal advisers to talk about wellbeing with every care leaver at each pathway plan review, with fast access to emotional and mental health support")
  t:eq(action.why, "In the latest survey, 67% of care leavers reported low life satisfaction, against 26% of care leavers in the 2020 Bright Spots survey and 3% of all 16-24 year olds. The survey is anonymous, so the offer goes to everyone.")
  for _, text in ipairs { action.title, action.why } do
    t:ok(not text:lower():find("follow", 1, true), text)
    t:ok(not text:find("who report", 1, true), text)
  end
end)

test("wellbeing_against_care_leavers: the why names the round it quotes", function(t)
  local rows = survey { life_satisfaction = { 2, 3, 1, 8, 4 },
                        date = { "2022-06-01", "2022-06-10", "2022-06-24", "2022-06-05", "2022-06-02" } }
  local r = t:run { suppress_below = 1, rule = WB, stage = "transition", data = { wellbeing = rows } }
  t:eq(r.context[WB].evidence["Latest survey round: responses up to"], "2022-06-24")
  t:ok(r.action["outcomes.act_on_low_wellbeing"].why:find("^In the survey round up to 2022%-06%-24, 80%% of care leavers"),
       r.action["outcomes.act_on_low_wellbeing"].why)
end)

test("wellbeing_against_care_leavers: how young people are doing is shown, not scored", function(t)
  -- context: the ingredient is the practice rules' mean whatever the levels
  local low = survey { life_satisfaction = { 1, 1, 1, 1, 1 }, date = { "2024-01-01", "2024-01-01", "2024-01-01", "2024-01-01", "2024-01-01" } }
  local high = survey { life_satisfaction = { 9, 9, 9, 9, 9 }, date = { "2024-01-01", "2024-01-01", "2024-01-01", "2024-01-01", "2024-01-01" } }
  local a = t:run { stage = "transition", data = { wellbeing = low } }
  local b = t:run { stage = "transition", data = { wellbeing = high } }
  t:near(a.context[WB].evidence[LOW], 1)
  t:eq(b.context[WB].evidence[LOW], 0)
  t:eq(a.rules[WB], nil, "not a rule of measurement")
  -- wellbeing_surveyed alone scores: 5 responses in the year, no records: 100
  t:eq(a.ingredients.measurement.score, 100)
  t:eq(b.ingredients.measurement.score, 100)
  -- with nothing but the levels, measurement has no score at all
  local alone = t:run { rule = WB, stage = "transition", data = { wellbeing = low } }
  t:eq(alone.ingredients.measurement.score, nil)
end)

test("wellbeing_against_care_leavers: fewer than 5 answers are suppressed, and not quoted", function(t)
  local r = t:run { rule = WB, stage = "transition", data = { wellbeing = survey { life_satisfaction = { 1, 2, 3, 9 } } } }
  local x = r.context[WB]
  -- only life satisfaction: 3 of 4 low, about too few to quote
  t:eq(x.evidence[LOW], "c")
  t:eq(x.evidence[ANX], nil, "no anxiety column")
  t:eq(r.action["outcomes.act_on_low_wellbeing"], nil)
end)

test("wellbeing_against_care_leavers: only the latest round counts", function(t)
  local rows = survey { life_satisfaction = { 1, 1, 1, 1, 1 }, date = { "2022-01-01", "2022-01-01", "2022-01-01", "2022-01-01", "2022-01-01" } }
  for _, row in ipairs(survey { life_satisfaction = { 8, 8, 8, 8, 8 }, date = { "2023-09-01", "2023-09-01", "2023-10-01", "2023-10-01", "2023-10-01" } }) do
    rows[#rows + 1] = row
  end
  local r = t:run { rule = WB, stage = "transition", data = { wellbeing = rows } }
  t:eq(r.context[WB].evidence[LOW], 0)
  t:eq(r.context[WB].evidence["Latest survey round: responses up to"], "2023-10-01")
end)

test("wellbeing_against_care_leavers: without life satisfaction it is not shown", function(t)
  local r = t:run { rule = WB, stage = "transition", data = { wellbeing = { { anxiety = 3 } } } }
  t:eq(r.context[WB].reason, "the wellbeing table has no column life_satisfaction (see docs/data.md)")
  local empty = t:run { rule = WB, stage = "transition", data = { wellbeing = {
    { date = "2022-01-01", life_satisfaction = 6 }, { date = "2024-01-01", settled = 4 } } } }
  t:eq(empty.context[WB].status, "not_assessed")
  t:eq(empty.context[WB].reason, "the latest wellbeing survey has no answers on life satisfaction")
end)
