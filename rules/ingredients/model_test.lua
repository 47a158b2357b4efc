-- Tests of model.lua: stage weights, bands, the overall score, coverage and
-- the ranking of actions, on attributes alone, then the whole pack on a
-- small authority with every table.

local ALL_RULES = {
  "receptivity.staff_climate", "receptivity.child_centred", "receptivity.young_people_heard",
  "receptivity.senior_sponsor", "receptivity.devolved_project_lead", "receptivity.protected_budget",
  "coproduction.voice_changes_decisions", "coproduction.depth", "coproduction.continuity",
  "coproduction.advocates",
  "leadership.distributed", "leadership.political_sponsor", "leadership.not_top_heavy",
  "leadership.hybrid_middle_manager", "leadership.continuity",
  "measurement.soft_outcomes_tracked", "measurement.codesigned_measures", "measurement.measures_used",
  "measurement.wellbeing_surveyed",
  "adaptation.rolled_out_or_reshaped", "adaptation.still_learning", "adaptation.led_by_young_people",
  "adaptation.mainstream_funding", "adaptation.part_of_core_offer",
  "recipe.receptivity_gate", "recipe.leadership_needs_room", "recipe.voice_is_measured",
  "recipe.pressure_on_receptivity", "recipe.pressure_on_coproduction", "recipe.pressure_on_leadership",
  "recipe.pressure_on_measurement", "recipe.pressure_on_adaptation",
}

-- How care leavers are doing: shown beside the scores, never part of them.
local ALL_CONTEXT = {
  "outcomes.eet_against_england", "outcomes.accommodation_against_england", "outcomes.in_touch",
  "outcomes.innovation_difference", "outcomes.eet_against_neighbours",
  "outcomes.accommodation_against_neighbours", "outcomes.wellbeing_against_care_leavers",
}

test("model: ingredient weights follow the stage", function(t)
  local expected = {
    pilot      = { receptivity = 1.6, coproduction = 1.2, leadership = 0.9, measurement = 1.0, adaptation = 0.6 },
    transition = { receptivity = 1.1, coproduction = 1.1, leadership = 1.3, measurement = 1.2, adaptation = 1.3 },
    sustained  = { receptivity = 0.8, coproduction = 1.0, leadership = 1.4, measurement = 1.1, adaptation = 1.5 },
    scaling    = { receptivity = 0.8, coproduction = 1.0, leadership = 1.2, measurement = 1.2, adaptation = 1.7 },
  }
  for stage, weights in pairs(expected) do
    local r = t:run { rule = "adaptation.mainstream_funding", stage = stage, attr = { funding_after_pilot = "yes" } }
    t:eq(r.stage, stage)
    for ingredient, weight in pairs(weights) do
      t:near(r.ingredients[ingredient].weight, weight, 1e-9, stage .. " " .. ingredient)
    end
    t:eq(r.rules["adaptation.mainstream_funding"].score, 100)
  end
end)

test("model: the stage is derived from the pilot end date", function(t)
  -- assessed 2024-03-31: transition runs 365 days either side of pilot_end
  local function stage(pilot_end)
    return t:run { rule = "adaptation.rolled_out_or_reshaped", pilot_end = pilot_end }.stage
  end
  t:eq(stage("2025-04-01"), "pilot")      -- 366 days ahead
  t:eq(stage("2025-03-31"), "transition") -- 365 days ahead (2024 is a leap year)
  t:eq(stage("2023-04-01"), "transition") -- 365 days ago
  t:eq(stage("2023-03-31"), "sustained")  -- 366 days ago
end)

test("model: a strong early start is 'likely sustained' during the pilot", function(t)
  local r = t:run { stage = "pilot", attr = { innovation_budget = "yes", business_case = "none" } }
  -- receptivity: protected budget 100 = 100
  -- adaptation: no business case during the pilot 30 (gate open: 30)
  -- overall (1.6 * 100 + 0.6 * 30) / (1.6 + 0.6) = 178 / 2.2 = 80.909
  t:near(r.ingredients.receptivity.score, 100)
  t:near(r.ingredients.adaptation.score, 30)
  t:near(r.score, 178 / 2.2)
  t:eq(r.band, "likely sustained")
  -- coverage: 2.2 of 1.6 + 1.2 + 0.9 + 1.0 + 0.6 = 5.3
  t:near(r.coverage, 2.2 / 5.3)
end)

test("model: the same facts after the pilot are 'at risk of pilotitis'", function(t)
  local r = t:run { stage = "sustained", attr = { innovation_budget = "yes", business_case = "none" } }
  -- adaptation: no business case after the pilot 0; overall
  -- (0.8 * 100 + 1.5 * 0) / 2.3 = 34.783
  t:near(r.ingredients.adaptation.score, 0)
  t:near(r.score, 80 / 2.3)
  t:eq(r.band, "at risk of pilotitis")
  t:near(r.coverage, 2.3 / 5.8)
end)

test("model: a middling service in transition is 'fragile', and its actions are ranked", function(t)
  local survey = {}
  for i = 1, 5 do survey[i] = { leaders_welcome_ideas = 3, safe_to_try = 3, time_to_innovate = 3 } end
  local r = t:run { stage = "transition", attr = { funding_after_pilot = "partial", business_case = "submitted" },
    data = { staff_survey = survey } }
  -- receptivity: staff climate 3.0 of 5 = 50; adaptation (50 + 60) / 2 = 55
  -- (the gate is open at 50); overall (1.1 * 50 + 1.3 * 55) / 2.4 = 52.708
  t:near(r.score, 126.5 / 2.4)
  t:eq(r.band, "fragile")
  -- priority = impact x stage weight x weakness x urgency / effort cost
  -- receptivity.hear_ideas (the first of three items tied at 3.0):
  --   12 x 1.1 x (1 + 50/100) x 1.5 / 1 = 29.7
  -- adaptation.secure_mainstream_funding: 25 x 1.3 x (1 + 45/100) x 1.5 / 3 = 23.5625
  t:eq(#r.actions, 2)
  t:eq(r.actions[1].id, "receptivity.hear_ideas")
  t:near(r.actions[1].priority, 29.7)
  t:eq(r.actions[1].rank, 1)
  t:eq(r.actions[2].id, "adaptation.secure_mainstream_funding")
  t:near(r.actions[2].priority, 23.5625)
  t:eq(r.action["adaptation.secure_mainstream_funding"].rank, 2)
end)

test("model: nothing known gives no score, no band and no coverage", function(t)
  local r = t:run { stage = "pilot" }
  t:eq(r.score, nil)
  t:eq(r.band, nil)
  t:eq(r.coverage, 0)
  t:eq(r.rule_coverage, 0)
  for _, id in ipairs(ALL_RULES) do
    t:eq(r.rules[id].status, "not_assessed", id)
  end
  for _, id in ipairs(ALL_CONTEXT) do
    t:eq(r.context[id].status, "not_assessed", id)
  end
end)

------------------------------------------------------------------------
-- the whole pack on one small authority with every table
------------------------------------------------------------------------
local function repeat_rows(n, row)
  local rows = {}
  for i = 1, n do
    rows[i] = {}
    for k, v in pairs(row) do rows[i][k] = v end
  end
  return rows
end

local function join(...)
  local out = {}
  for _, list in ipairs { ... } do
    for _, row in ipairs(list) do out[#out + 1] = row end
  end
  return out
end

test("model: with every table and attribute, every rule is assessed and none fails", function(t)
  local r = t:run { pilot_start = "2021-04-01", pilot_end = "2023-03-31",
    attr = { funding_after_pilot = "yes", business_case = "approved", financial_pressure = "medium",
             ofsted_judgement = "requires improvement", innovation_budget = "yes", areas_covered = 4, areas_total = 5, la_code = 901 },
    data = {
      staff_survey = repeat_rows(6, { leaders_welcome_ideas = 4, safe_to_try = 4, time_to_innovate = 3,
                                      young_people_first = 4, part_of_core_offer = 4 }),
      participation = {
        { date = "2023-05-01", kind = "care_leavers_council", level = "co-designed", changed_decision = "yes", young_people = 6 },
        { date = "2023-08-01", kind = "advocacy", level = "led", changed_decision = "yes", young_people = 3 },
        { date = "2023-11-01", kind = "consultation", level = "consulted", changed_decision = "no", young_people = 9 },
        { date = "2024-02-01", kind = "advocacy", level = "led", changed_decision = "yes", young_people = 2 },
        { date = "2022-10-01", kind = "service_design", level = "involved", changed_decision = "no", young_people = 5 },
      },
      leadership = {
        { level = "senior", active = "yes", project_role = "sponsor" },
        { level = "hybrid_middle", active = "yes", project_role = "lead" },
        { level = "frontline_champion", active = "yes", project_role = "champion" },
        { level = "elected_member", active = "yes", project_role = "sponsor" },
        { level = "care_leaver_advocate", active = "yes", project_role = "member" },
        { level = "middle", active = "no", project_role = "member", left = "2022-06-30" },
      },
      measures = {
        { kind = "soft", topic = "wellbeing", co_designed = "yes", last_reported = "2024-01-31", used_in_decision = "yes" },
        { kind = "soft", topic = "settled", co_designed = "yes", last_reported = "2024-01-31", used_in_decision = "yes" },
        { kind = "hard", topic = "eet", co_designed = "no", last_reported = "2024-02-29", used_in_decision = "yes" },
      },
      adaptations = {
        { date = "2023-06-01", kind = "staffing", trigger = "young_people" },
        { date = "2023-09-01", kind = "offer", trigger = "data" },
        { date = "2024-01-01", kind = "reach", trigger = "money" },
      },
      wellbeing = repeat_rows(8, { date = "2023-10-01", life_satisfaction = 6, anxiety = 4, involved_in_plans = 4,
                                   listened_to = 4, safe_home = 4, lonely = "never" }),
      care_leavers = join(
        repeat_rows(6, { DOB = "2003-01-01", IN_TOUCH = "YES", ACTIV = "F5", ACCOM = "U1", in_innovation = "yes" }),
        repeat_rows(5, { DOB = "2003-01-01", IN_TOUCH = "YES", ACTIV = "G5", ACCOM = "U1", in_innovation = "no" }),
        repeat_rows(5, { DOB = "2006-01-01", IN_TOUCH = "YES", ACTIV = "F2", ACCOM = "D1", in_innovation = "no" })),
      dfe_activity = "fixtures/dfe/activity_markers_as_missing.csv",
      dfe_accommodation = "fixtures/dfe/accommodation_markers_as_missing.csv",
      dfe_neighbours = "fixtures/dfe/neighbours_named.csv",
    } }
  t:eq(r.stage, "sustained")
  for _, id in ipairs(ALL_RULES) do
    t:eq(r.rules[id].status, "assessed", id .. ": " .. tostring(r.rules[id].reason or r.rules[id].message))
  end
  for _, id in ipairs(ALL_CONTEXT) do
    t:eq(r.context[id].status, "assessed", id .. ": " .. tostring(r.context[id].reason or r.context[id].message))
    t:eq(r.context[id].score, nil, id .. " has no score")
  end
  t:eq(r.coverage, 1)
  t:eq(r.rule_coverage, 1)
  t:ok(r.score >= 0 and r.score <= 100)
  -- the ranked actions are numbered 1, 2, ... in order of priority, one per gap
  local gaps = {}
  for i, action in ipairs(r.actions) do
    t:eq(action.rank, i)
    if i > 1 then t:ok(r.actions[i - 1].priority >= action.priority, "ranked by priority") end
    t:eq(gaps[action.gap], nil, "one action per gap: " .. action.gap)
    gaps[action.gap] = true
  end
end)

------------------------------------------------------------------------
-- survival first: whether the service exists at all comes before the rest
------------------------------------------------------------------------
local MONEY = "adaptation.secure_mainstream_funding"

-- Enough weak evidence for strong, cheap governance actions to outrank the
-- money by priority alone.
local WEAK_LEADERSHIP = {
  { level = "senior", active = "yes", project_role = "lead" },
  { level = "senior", active = "yes", project_role = "sponsor" },
}

test("survival: pilot money ended with no budget line, securing it ranks first whatever its effort", function(t)
  local r = t:run { pilot_start = "2021-10-01", pilot_end = "2023-09-30",
    attr = { funding_after_pilot = "no", business_case = "none" }, data = { leadership = WEAK_LEADERSHIP } }
  t:eq(r.stage, "transition")
  local money = r.action[MONEY]
  t:eq(money.rank, 1)
  t:eq(money.survival, true)
  t:eq(money.first, true)
  t:eq(money.effort, "high")
  t:eq(money.gap, "adaptation.funding")
  -- ordinary actions with a higher priority come after it
  local higher = 0
  for _, action in ipairs(r.actions) do
    if action.priority > money.priority then higher = higher + 1 end
    if action.id ~= MONEY then t:eq(action.survival, false, action.id) end
  end
  t:ok(higher > 0, "some governance action has a higher priority and still ranks below")
  t:ok(money.why:find("Pilot funding ended on 2023-09-30", 1, true), money.why)
  t:ok(money.why:find("Until a budget line carries the service, it can stop", 1, true), money.why)
end)

test("survival: money ending within twelve months is as pressing; partial money is not a budget line", function(t)
  local r = t:run { pilot_start = "2022-04-01", pilot_end = "2025-03-31",
    attr = { funding_after_pilot = "partial", business_case = "submitted" }, data = { leadership = WEAK_LEADERSHIP } }
  t:eq(r.action[MONEY].rank, 1)
  t:eq(r.action[MONEY].survival, true)
  t:eq(r.action[MONEY].title, "Get a decision on the business case for the mainstream budget, and agree its budget line with the finance director")
  t:ok(r.action[MONEY].why:find("^Pilot funding ends on 2025%-03%-31"), r.action[MONEY].why)
end)

test("survival: money more than a year away, or a budget line secured, is ranked by priority alone", function(t)
  local early = t:run { pilot_start = "2023-04-01", pilot_end = "2025-04-01",
    attr = { funding_after_pilot = "no", business_case = "drafting" }, data = { leadership = WEAK_LEADERSHIP } }
  t:eq(early.stage, "pilot")
  t:eq(early.action[MONEY].survival, false)
  t:ok(early.action[MONEY].rank > 1, "ranked by priority")
  t:eq(early.action[MONEY].why:find("Until a budget line", 1, true), nil)
  -- an approved case with no word on the money: a budget carries it
  local carried = t:run { pilot_end = "2023-09-30", attr = { business_case = "approved" } }
  t:eq(carried.action[MONEY], nil)
  -- money secured, the case still awaited: no survival, whatever the date
  local secured = t:run { pilot_end = "2023-09-30", attr = { funding_after_pilot = "yes", business_case = "submitted" },
    data = { leadership = WEAK_LEADERSHIP } }
  t:eq(secured.action[MONEY].survival, false)
  -- no pilot dates: nothing says the money is ending
  local undated = t:run { stage = "transition", attr = { funding_after_pilot = "no", business_case = "none" } }
  t:eq(undated.action[MONEY].survival, false)
end)
