-- Tests of recipe.lua: the pass-2 rules that read other ingredients' scores
-- after pass 1, and the pressure that moderates each ingredient.
-- `t:run { rule = ID }` on a pass-2 rule also runs every pass-1 rule (whose
-- scores it reads) but no other pass-2 rule, so each test below sees one
-- interaction at a time; the last tests run the whole pack.
--
-- Building blocks, with their pass-1 scores worked out by hand:
--   receptivity 100: innovation_budget yes (protected_budget 100) alone.
--   receptivity 25: a staff survey whose three climate items all average 2
--     (staff_climate (2 - 1) / 4 * 100 = 25), with nothing else.
--   adaptation 75: areas 1 of 2 (rolled_out_or_reshaped 50) and an approved
--     business case (mainstream_funding 100).
--   co-production 90: five 'led' activities, four of which changed a
--     decision: voice_changes_decisions 80, depth 100 (no date or kind
--     column, so continuity and advocates are not assessed).
--   leadership 92.593: middle, hybrid middle, frontline champion and
--     elected member, all active, no project roles: distributed 2 of 3 levels
--     (no senior) 66.667, political_sponsor 100, not_top_heavy 100 (no
--     senior), hybrid 100, continuity 100 at weight 0.5:
--     (66.667 + 300 + 50) / 4.5 = 92.593. It also gives
--     receptivity.senior_sponsor 0 (no senior leader).
--   measurement, strong measures: soft_outcomes_tracked 100,
--     codesigned_measures 100, measures_used (71.667 + 57.5) / 2 = 64.583:
--     88.194.
--   measurement, weak measures: soft 25, codesigned 0, used 16.25: 13.75.

local COPRODUCTION = {
  { level = "led", changed_decision = "yes" }, { level = "led", changed_decision = "yes" },
  { level = "led", changed_decision = "yes" }, { level = "led", changed_decision = "yes" },
  { level = "led", changed_decision = "no" },
}
local LEADERSHIP = {
  { level = "middle", active = "yes" }, { level = "hybrid_middle", active = "yes" },
  { level = "frontline_champion", active = "yes" }, { level = "elected_member", active = "yes" },
}
local STRONG_MEASURES = {
  { kind = "hard", topic = "eet",           co_designed = "no",  last_reported = "2024-02-29", used_in_decision = "yes" },
  { kind = "hard", topic = "accommodation", co_designed = "no",  last_reported = "2024-02-29", used_in_decision = "yes" },
  { kind = "soft", topic = "wellbeing",     co_designed = "yes", last_reported = "2024-01-31", used_in_decision = "yes" },
  { kind = "soft", topic = "settled",       co_designed = "yes", last_reported = "2023-12-31", used_in_decision = "no" },
  { kind = "soft", topic = "safety",        co_designed = "yes", last_reported = "2023-10-31", used_in_decision = "yes" },
  { kind = "soft", topic = "relationships", co_designed = "no",  last_reported = "2022-12-31", used_in_decision = "yes" },
}
local WEAK_MEASURES = {
  { kind = "hard", topic = "eet",           co_designed = "no", last_reported = "2023-01-31", used_in_decision = "no" },
  { kind = "hard", topic = "accommodation", co_designed = "no", last_reported = "2024-01-31", used_in_decision = "no" },
  { kind = "hard", topic = "in_touch",      co_designed = "no", last_reported = "2024-01-31", used_in_decision = "yes" },
  { kind = "soft", topic = "wellbeing",     co_designed = "no", last_reported = "2022-06-30", used_in_decision = "no" },
}
local function climate(value)
  local rows = {}
  for i = 1, 5 do rows[i] = { leaders_welcome_ideas = value, safe_to_try = value, time_to_innovate = value } end
  return rows
end
local ADAPTATION = { areas_covered = 1, areas_total = 2, business_case = "approved" }
local function with(base, extra)
  local out = {}
  for k, v in pairs(base) do out[k] = v end
  for k, v in pairs(extra or {}) do out[k] = v end
  return out
end

local STRONG_MEASUREMENT = (200 + (430 / 6 + 57.5) / 2) / 3
local WEAK_MEASUREMENT = (25 + 0 + 16.25) / 3
local LEADERSHIP_SCORE = (200 / 3 + 350) / 4.5

-- How pass-2 evidence names a pass-1 score.
local function before(ingredient)
  local name = ingredient == "coproduction" and "Co-production" or (ingredient:sub(1, 1):upper() .. ingredient:sub(2))
  return name .. " scored on its own rules, before interactions and pressure"
end

------------------------------------------------------------------------
-- recipe.receptivity_gate: receptivity as a gate on adaptation
------------------------------------------------------------------------
local GATE = "recipe.receptivity_gate"

test("receptivity_gate: an open organisation leaves adaptation as it is", function(t)
  local r = t:run { rule = GATE, stage = "transition", attr = with(ADAPTATION, { innovation_budget = "yes" }) }
  local x = r.rules[GATE]
  -- receptivity 100; adaptation pass 1: (50 + 100) / 2 = 75; the gate
  -- returns 75, so the ingredient stays (50 + 100 + 75) / 3 = 75
  t:eq(x.score, 75)
  t:eq(x.evidence[before("receptivity")], 100)
  t:eq(x.evidence[before("adaptation")], 75)
  t:near(r.ingredients.adaptation.score, 75)
end)

test("receptivity_gate: a closed organisation pulls adaptation down, and proposes nothing of its own", function(t)
  local r = t:run { rule = GATE, stage = "transition", attr = ADAPTATION, data = { staff_survey = climate(2) } }
  local x = r.rules[GATE]
  -- receptivity 25, below the gate of 50: 75 * 25 / 50 = 37.5
  t:near(x.score, 37.5)
  t:eq(x.evidence[before("receptivity")], 25)
  -- adaptation: (50 + 100 + 37.5) / 3 = 62.5
  t:near(r.ingredients.adaptation.score, 62.5)
  -- the gaps behind a closed gate have their actions in the receptivity
  -- rules that found them (here the staff climate's): none quotes a score
  -- the plan would show differently
  t:eq(r.action["recipe.open_the_gate"], nil)
  local ids = {}
  for _, action in ipairs(r.actions) do ids[#ids + 1] = action.id end
  table.sort(ids)
  t:eq(ids, { "adaptation.next_adaptation", "receptivity.hear_ideas" })
end)

test("receptivity_gate: without either score it is not assessed", function(t)
  local r = t:run { rule = GATE, stage = "transition", attr = { business_case = "approved" } }
  t:eq(r.rules[GATE].status, "not_assessed")
  t:eq(r.rules[GATE].reason, "receptivity could not be assessed, so its effect on adaptation cannot be judged")
  local no_adaptation = t:run { rule = GATE, stage = "transition", attr = { innovation_budget = "no" } }
  t:eq(no_adaptation.rules[GATE].reason, "adaptation could not be assessed")
  t:eq(no_adaptation.ingredients.adaptation.score, nil)
end)

------------------------------------------------------------------------
-- recipe.leadership_needs_room: receptivity as a gate on leadership
------------------------------------------------------------------------
local ROOM = "recipe.leadership_needs_room"

test("leadership_needs_room: with receptivity at 50 or more leadership keeps its value", function(t)
  local r = t:run { rule = ROOM, stage = "sustained", attr = { innovation_budget = "yes" },
    data = { leadership = LEADERSHIP, staff_survey = climate(5) } }
  local x = r.rules[ROOM]
  -- receptivity: senior_sponsor 0, staff_climate 100, budget 100 at 0.5:
  -- 150 / 2.5 = 60; min(1, 85 / 75) = 1
  t:near(x.evidence[before("receptivity")], 60)
  t:near(x.evidence[before("leadership")], LEADERSHIP_SCORE)
  t:near(x.score, LEADERSHIP_SCORE)
  t:near(r.ingredients.leadership.score, LEADERSHIP_SCORE)
end)

test("leadership_needs_room: with little room, distributed leaders count for less", function(t)
  local r = t:run { rule = ROOM, stage = "sustained", data = { leadership = LEADERSHIP, staff_survey = climate(2) } }
  local x = r.rules[ROOM]
  -- receptivity (0 + 25) / 2 = 12.5; factor (12.5 + 25) / 75 = 0.5
  t:near(x.evidence[before("receptivity")], 12.5)
  t:near(x.score, LEADERSHIP_SCORE * 0.5)
  -- leadership: (4.5 * 92.593 + 46.296) / 5.5 = 84.175
  t:near(r.ingredients.leadership.score, (4.5 * LEADERSHIP_SCORE + LEADERSHIP_SCORE * 0.5) / 5.5)
  -- the rule proposes no action of its own: only pass-1 rules' actions
  local ids = {}
  for _, action in ipairs(r.actions) do ids[#ids + 1] = action.id end
  table.sort(ids)
  t:eq(ids, { "leadership.name_champions", "receptivity.hear_ideas", "receptivity.name_senior_sponsor" })
end)

test("leadership_needs_room: without either score it is not assessed", function(t)
  local r = t:run { rule = ROOM, stage = "sustained" }
  t:eq(r.rules[ROOM].reason, "receptivity could not be assessed, so its effect on leadership cannot be judged")
  local no_leaders = t:run { rule = ROOM, stage = "sustained", attr = { innovation_budget = "yes" } }
  t:eq(no_leaders.rules[ROOM].status, "not_assessed")
  t:eq(no_leaders.rules[ROOM].reason, "leadership could not be assessed")
end)

------------------------------------------------------------------------
-- recipe.voice_is_measured: measurement moderates co-production
------------------------------------------------------------------------
local MEASURED = "recipe.voice_is_measured"

test("voice_is_measured: with measurement at 50 or more co-production keeps its value", function(t)
  local r = t:run { rule = MEASURED, stage = "transition", data = { participation = COPRODUCTION, measures = STRONG_MEASURES } }
  local x = r.rules[MEASURED]
  t:near(x.evidence[before("measurement")], STRONG_MEASUREMENT)
  t:eq(x.evidence[before("coproduction")], 90)
  t:eq(x.score, 90)
  t:near(r.ingredients.coproduction.score, 90)
end)

test("voice_is_measured: an unmeasured voice protects the service less", function(t)
  local r = t:run { rule = MEASURED, stage = "transition", data = { participation = COPRODUCTION, measures = WEAK_MEASURES } }
  local x = r.rules[MEASURED]
  -- measurement 13.75: 90 * (0.5 + 0.1375) = 57.375
  t:near(x.score, 90 * (0.5 + WEAK_MEASUREMENT / 100))
  t:near(x.score, 57.375)
  -- co-production: (80 + 100 + 57.375) / 3 = 79.125
  t:near(r.ingredients.coproduction.score, 79.125)
end)

test("voice_is_measured: co-production is not counted again inside measurement", function(t)
  -- the same measures with and without strong co-production: measurement
  -- scores the same, since no rule adds the co-production score to it
  local alone = t:run { stage = "transition", data = { measures = WEAK_MEASURES } }
  local heard = t:run { stage = "transition", data = { measures = WEAK_MEASURES, participation = COPRODUCTION } }
  t:near(alone.ingredients.measurement.score, WEAK_MEASUREMENT)
  t:near(heard.ingredients.measurement.score, WEAK_MEASUREMENT)
end)

test("voice_is_measured: without measurement it is not assessed", function(t)
  local r = t:run { rule = MEASURED, stage = "transition", data = { participation = COPRODUCTION } }
  t:eq(r.rules[MEASURED].status, "not_assessed")
  t:eq(r.rules[MEASURED].reason, "measurement could not be assessed, so its effect on coproduction cannot be judged")
end)

------------------------------------------------------------------------
-- recipe.pressure_on_*: pressure moderates every ingredient, once each
------------------------------------------------------------------------
local ON = {
  receptivity = "recipe.pressure_on_receptivity", coproduction = "recipe.pressure_on_coproduction",
  leadership = "recipe.pressure_on_leadership", measurement = "recipe.pressure_on_measurement",
  adaptation = "recipe.pressure_on_adaptation",
}
local ACTING = "Pressure acting on this ingredient"

test("pressure: without pressure each rule is neutral and there is no pressure action", function(t)
  local r = t:run { stage = "transition",
    attr = with(ADAPTATION, { innovation_budget = "yes", financial_pressure = "low", ofsted_judgement = "outstanding" }),
    data = { participation = COPRODUCTION, leadership = LEADERSHIP, measures = STRONG_MEASURES } }
  for ingredient, id in pairs(ON) do
    local x = r.rules[id]
    t:eq(x.status, "assessed", id)
    t:eq(x.evidence[ACTING], "none", id)
    t:near(x.score, x.evidence[before(ingredient)], 1e-9, id)
  end
  t:eq(r.action["receptivity.ring_fence"], nil)
  t:eq(r.action["receptivity.into_improvement_plan"], nil)
end)

test("pressure: a good inspection judgement is no pressure, and no text presents it as one", function(t)
  local r = t:run { stage = "transition",
    attr = with(ADAPTATION, { innovation_budget = "yes", financial_pressure = "high", ofsted_judgement = "good" }),
    data = { participation = COPRODUCTION, measures = STRONG_MEASURES } }
  -- co-production and measurement answer to inspection pressure only: neutral
  t:eq(r.rules[ON.coproduction].evidence[ACTING], "none")
  t:eq(r.rules[ON.measurement].evidence[ACTING], "none")
  t:eq(r.rules[ON.measurement].evidence["Latest inspection judgement"], "good")
  t:eq(r.rules[ON.receptivity].evidence[ACTING], "high financial pressure")
  t:eq(r.action["receptivity.into_improvement_plan"], nil)
  local ring = r.action["receptivity.ring_fence"]
  t:eq(ring.why, "Financial pressure is high: under cuts, organisations fall back on doing what is cheapest, and what a service adds beyond the statutory minimum is at risk first.")
  for _, action in ipairs(r.actions) do
    t:ok(not action.why:find("good", 1, true) and not action.why:find("inspection", 1, true), action.why)
  end
end)

test("pressure: a weak ingredient loses more than a strong one", function(t)
  local weak = t:run { rule = ON.receptivity, stage = "transition",
    attr = { financial_pressure = "high" }, data = { staff_survey = climate(2) } }
  -- 25 - 0.3 * 1 * 75 = 2.5
  t:near(weak.rules[ON.receptivity].score, 2.5)
  local strong = t:run { rule = ON.receptivity, stage = "transition",
    attr = { financial_pressure = "high" }, data = { staff_survey = climate(4.6) } }
  -- staff_climate (4.6 - 1) / 4 * 100 = 90; 90 - 0.3 * 10 = 87
  t:near(strong.rules[ON.receptivity].score, 87)
end)

test("pressure: financial and inspection pressure add up where both act", function(t)
  local r = t:run { rule = ON.receptivity, stage = "transition",
    attr = { financial_pressure = "medium", ofsted_judgement = "requires improvement" },
    data = { staff_survey = climate(4.6) } }
  -- strength 0.5 + 0.75 = 1.25: 90 - 0.3 * 1.25 * 10 = 86.25
  t:near(r.rules[ON.receptivity].score, 86.25)
  t:eq(r.rules[ON.receptivity].evidence[ACTING], "medium financial pressure and an inspection judgement of 'requires improvement'")
  t:eq(r.action["receptivity.into_improvement_plan"].why,
       "The latest inspection judgement is 'requires improvement': under inspection pressure, services drift back to what inspectors count, and a service outside the improvement plan is set aside.")
end)

test("pressure: each ingredient answers to the pressures the study ties to it", function(t)
  -- inadequate, no money pressure: measurement and co-production drift,
  -- adaptation (frugal innovation under cuts) does not
  local inspected = t:run { stage = "transition", attr = with(ADAPTATION, { ofsted_judgement = "inadequate" }),
    data = { participation = COPRODUCTION, measures = WEAK_MEASURES } }
  -- measurement 13.75 - 0.3 * 86.25 < 0: 0
  t:eq(inspected.rules[ON.measurement].score, 0)
  t:near(inspected.rules[ON.coproduction].score, 90 - 0.3 * 10)
  t:eq(inspected.rules[ON.adaptation].evidence[ACTING], "none")
  t:near(inspected.rules[ON.adaptation].score, 75)
  -- high money pressure, a good judgement: adaptation is cut back, measurement is not moved
  local cut = t:run { stage = "transition", attr = with(ADAPTATION, { financial_pressure = "high", ofsted_judgement = "good" }),
    data = { measures = WEAK_MEASURES } }
  t:near(cut.rules[ON.adaptation].score, 75 - 0.3 * 25)
  t:near(cut.rules[ON.measurement].score, WEAK_MEASUREMENT)
  t:eq(cut.rules[ON.adaptation].evidence["Latest inspection judgement"], nil, "not read where it does not act")
end)

test("pressure: without either attribute, or without the ingredient, it is not assessed", function(t)
  local r = t:run { rule = ON.receptivity, stage = "transition", attr = { innovation_budget = "yes" } }
  t:eq(r.rules[ON.receptivity].status, "not_assessed")
  t:eq(r.rules[ON.receptivity].reason, "the config gives neither financial_pressure (low, medium, high) nor ofsted_judgement (outstanding, good, requires improvement, inadequate)")
  local none = t:run { rule = ON.leadership, stage = "transition", attr = { financial_pressure = "high" } }
  t:eq(none.rules[ON.leadership].reason, "leadership could not be assessed")
end)

test("pressure: an unknown value is an error naming the allowed values", function(t)
  local r = t:run { rule = ON.receptivity, stage = "transition", attr = { innovation_budget = "yes", ofsted_judgement = "RI" } }
  t:eq(r.rules[ON.receptivity].status, "error")
  t:ok(r.rules[ON.receptivity].message:find("ofsted_judgement must be one of: good, inadequate, outstanding, requires improvement; not 'RI'", 1, true),
       r.rules[ON.receptivity].message)
end)

------------------------------------------------------------------------
-- the recipe as a whole
------------------------------------------------------------------------
test("recipe: pass-2 rules read pass-1 scores, never each other's", function(t)
  local r = t:run { stage = "transition",
    attr = with(ADAPTATION, { financial_pressure = "high", ofsted_judgement = "good" }),
    data = { participation = COPRODUCTION, leadership = LEADERSHIP, measures = WEAK_MEASURES, staff_survey = climate(2) } }
  -- receptivity pass 1: senior_sponsor 0, staff_climate 25 -> 12.5
  local receptivity1 = 12.5
  t:near(r.rules[GATE].evidence[before("receptivity")], receptivity1)
  t:near(r.rules[ROOM].evidence[before("receptivity")], receptivity1)
  t:near(r.rules[ON.receptivity].evidence[before("receptivity")], receptivity1)
  -- both rules on co-production read its pass-1 score
  t:eq(r.rules[MEASURED].evidence[before("coproduction")], 90)
  t:eq(r.rules[ON.coproduction].evidence[before("coproduction")], 90)
  -- receptivity final: pressure rule 12.5 - 0.3 * 87.5 = -13.75 -> 0;
  -- (0 + 25 + 0) / 3 = 8.333
  t:near(r.ingredients.receptivity.score, 25 / 3)
  -- adaptation: the gate (75 * 12.5 / 50 = 18.75) and the money pressure
  -- (75 - 0.3 * 25 = 67.5) both read 75: (50 + 100 + 18.75 + 67.5) / 4
  t:near(r.rules[GATE].score, 18.75)
  t:near(r.rules[ON.adaptation].score, 67.5)
  t:near(r.ingredients.adaptation.score, (150 + 18.75 + 67.5) / 4)
end)
