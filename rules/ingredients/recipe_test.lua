-- Tests of recipe.lua: the pass-2 rules that read other ingredients' scores
-- after pass 1. `t:run { rule = ID }` on a pass-2 rule also runs every pass-1
-- rule (whose scores it reads) but no other pass-2 rule, so each test below
-- sees one interaction at a time; the last tests run the whole pack.
--
-- Building blocks, with their pass-1 scores worked out by hand:
--   receptivity from attributes alone: funding_after_pilot yes 100,
--     partial 55, no 10; shielded_from_pressure 100 - penalty.
--   adaptation from attributes alone: reach covered/total; business_case.
--   co-production 90: five 'led' activities, four of which changed a
--     decision: voice_changes_decisions 80, depth 100 (no date or kind
--     column, so continuity and advocates are not assessed).
--   leadership 93.333: middle, hybrid middle, frontline champion and
--     elected member, all active, no project roles: distributed 4/6 = 66.667,
--     political_sponsor 100, not_top_heavy 100 (no senior), hybrid 100,
--     continuity 100; (66.667 + 400) / 5 = 93.333. It also gives
--     receptivity.senior_sponsor 0 (no senior leader).
--   measurement, strong measures: soft_outcomes_tracked 100,
--     codesigned_measures 100, measures_used 71.667: 90.556.
--   measurement, weak measures: soft 25, codesigned 0, used 32.5: 19.167.

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
local STRONG_MEASUREMENT = (100 + 100 + 430 / 6) / 3
local WEAK_MEASUREMENT = (25 + 0 + 32.5) / 3
local LEADERSHIP_SCORE = (400 / 6 + 400) / 5

------------------------------------------------------------------------
-- recipe.receptivity_gate: receptivity as a gate on adaptation
------------------------------------------------------------------------
local GATE = "recipe.receptivity_gate"

test("receptivity_gate: an open organisation leaves adaptation as it is", function(t)
  local r = t:run { rule = GATE, stage = "transition",
    attr = { funding_after_pilot = "yes", areas_covered = 1, areas_total = 2, business_case = "approved" } }
  local x = r.rules[GATE]
  -- receptivity 100; adaptation pass 1: reach 50, business case 100 -> 75;
  -- the gate returns 75, so the ingredient stays (50 + 100 + 75) / 3 = 75
  t:eq(x.score, 75)
  t:eq(x.evidence["Receptivity score"], 100)
  t:eq(x.evidence["Adaptation score before the gate"], 75)
  t:near(r.ingredients.adaptation.score, 75)
  t:eq(r.action["recipe.open_the_gate"], nil)
end)

test("receptivity_gate: a closed organisation pulls adaptation down", function(t)
  local r = t:run { rule = GATE, stage = "transition",
    attr = { funding_after_pilot = "no", areas_covered = 1, areas_total = 2, business_case = "approved" } }
  local x = r.rules[GATE]
  -- receptivity 10, below the gate of 50: 75 * 10 / 50 = 15
  t:near(x.score, 15)
  t:eq(x.evidence["Receptivity score"], 10)
  -- adaptation: (50 + 100 + 15) / 3 = 55
  t:near(r.ingredients.adaptation.score, 55)
  local action = r.action["recipe.open_the_gate"]
  t:eq(action.ingredient, "adaptation")
  t:eq(action.owner, "director of children's services")
  t:eq(action.why, "Receptivity scores 10, below 50: changes to the service (adaptation 75) will not last in an organisation that does not make room for them.")
end)

test("receptivity_gate: without either score it is not assessed", function(t)
  local r = t:run { rule = GATE, stage = "transition", attr = { business_case = "approved" } }
  t:eq(r.rules[GATE].status, "not_assessed")
  t:eq(r.rules[GATE].reason, "receptivity could not be assessed, so its effect on adaptation cannot be judged")
  local no_adaptation = t:run { rule = GATE, stage = "transition", attr = { funding_after_pilot = "no" } }
  t:eq(no_adaptation.rules[GATE].reason, "adaptation could not be assessed")
  t:eq(no_adaptation.ingredients.adaptation.score, nil)
end)

------------------------------------------------------------------------
-- recipe.leadership_needs_room: receptivity as a gate on leadership
------------------------------------------------------------------------
local ROOM = "recipe.leadership_needs_room"

test("leadership_needs_room: with receptivity at 50 leadership keeps its value", function(t)
  local r = t:run { rule = ROOM, stage = "sustained", attr = { funding_after_pilot = "yes" },
    data = { leadership = LEADERSHIP } }
  local x = r.rules[ROOM]
  -- receptivity: senior_sponsor 0, funding 100 -> 50; min(1, 75 / 75) = 1
  t:eq(x.evidence["Receptivity score"], 50)
  t:near(x.evidence["Leadership score before the gate"], LEADERSHIP_SCORE)
  t:near(x.score, LEADERSHIP_SCORE)
  t:near(r.ingredients.leadership.score, LEADERSHIP_SCORE)
end)

test("leadership_needs_room: with little room, distributed leaders count for less", function(t)
  local r = t:run { rule = ROOM, stage = "sustained", attr = { funding_after_pilot = "no" },
    data = { leadership = LEADERSHIP } }
  local x = r.rules[ROOM]
  -- receptivity (0 + 10) / 2 = 5; factor (5 + 25) / 75 = 0.4; 93.333 * 0.4 = 37.333
  t:eq(x.evidence["Receptivity score"], 5)
  t:near(x.score, LEADERSHIP_SCORE * 0.4)
  -- leadership: (5 * 93.333 + 37.333) / 6 = 84
  t:near(r.ingredients.leadership.score, 84)
  -- the rule proposes no action of its own: only pass-1 rules' actions
  local ids = {}
  for _, action in ipairs(r.actions) do ids[#ids + 1] = action.id end
  table.sort(ids)
  t:eq(ids, { "leadership.name_champions", "receptivity.name_senior_sponsor", "receptivity.secure_budget_line" })
end)

test("leadership_needs_room: without either score it is not assessed", function(t)
  local r = t:run { rule = ROOM, stage = "sustained" }
  t:eq(r.rules[ROOM].reason, "receptivity could not be assessed, so its effect on leadership cannot be judged")
  local no_leaders = t:run { rule = ROOM, stage = "sustained", attr = { funding_after_pilot = "yes" } }
  t:eq(no_leaders.rules[ROOM].status, "not_assessed")
  t:eq(no_leaders.rules[ROOM].reason, "leadership could not be assessed")
end)

------------------------------------------------------------------------
-- measurement.voice_in_measures: co-production feeds measurement
------------------------------------------------------------------------
local VOICE = "measurement.voice_in_measures"
local CHOSEN = "Soft-outcome measures co-designed with care leavers"

test("voice_in_measures: strong co-production with two co-designed soft measures keeps its value", function(t)
  local r = t:run { rule = VOICE, stage = "transition", data = { participation = COPRODUCTION, measures = STRONG_MEASURES } }
  local x = r.rules[VOICE]
  -- co-production 90; 2 soft measures co-designed (wellbeing, settled,
  -- safety: 3, capped at 2): 90 * (0.4 + 0.6 * 1) = 90
  t:eq(x.evidence["Co-production score"], 90)
  t:eq(x.evidence[CHOSEN], 3)
  t:near(x.score, 90)
  t:eq(r.action["measurement.measure_what_they_said"], nil)
end)

test("voice_in_measures: one co-designed soft measure earns part of the value", function(t)
  local measures = {
    { kind = "soft", topic = "wellbeing", co_designed = "yes" }, { kind = "soft", topic = "settled", co_designed = "no" },
    { kind = "hard", topic = "eet", co_designed = "yes" },
  }
  local r = t:run { rule = VOICE, stage = "transition", data = { participation = COPRODUCTION, measures = measures } }
  -- 90 * (0.4 + 0.6 * 1/2) = 63; the co-designed hard measure does not count
  t:eq(r.rules[VOICE].evidence[CHOSEN], 1)
  t:near(r.rules[VOICE].score, 63)
end)

test("voice_in_measures: heard but not measured scores low and asks to measure what they said", function(t)
  local r = t:run { rule = VOICE, stage = "transition", data = { participation = COPRODUCTION, measures = WEAK_MEASURES } }
  local x = r.rules[VOICE]
  t:near(x.score, 36) -- 90 * 0.4
  t:eq(x.evidence[CHOSEN], 0)
  local action = r.action["measurement.measure_what_they_said"]
  t:eq(action.ingredient, "measurement")
  t:eq(action.why, "Co-production scores 90, yet none of the service's soft-outcome measures was designed with care leavers.")
end)

test("voice_in_measures: without a measures table the soft_outcomes_tracked attribute decides", function(t)
  local yes = t:run { rule = VOICE, stage = "transition", attr = { soft_outcomes_tracked = "yes" },
    data = { participation = COPRODUCTION } }
  -- min(100, 40 + 0.6 * 90) = 94
  t:near(yes.rules[VOICE].score, 94)
  t:eq(yes.rules[VOICE].evidence["Soft outcomes tracked"], "yes")
  -- the rule is then the only measurement rule assessed: it is the ingredient
  t:near(yes.ingredients.measurement.score, 94)
  local no = t:run { rule = VOICE, stage = "transition", attr = { soft_outcomes_tracked = "no" },
    data = { participation = COPRODUCTION } }
  t:near(no.rules[VOICE].score, 27) -- 90 * 0.3
  t:eq(no.action["measurement.track_wellbeing"].impact, 18)
  t:eq(no.action["measurement.track_wellbeing"].why, "Soft outcomes are not tracked, so what young people say matters is invisible when the service is judged.")
end)

test("voice_in_measures: the stronger of two track_wellbeing proposals is kept", function(t)
  -- a measures table without co_designed: soft_outcomes_tracked proposes
  -- track_wellbeing with impact 6 + 3 * 3 = 15 (wellbeing covered), and
  -- voice_in_measures, falling back on the attribute, with impact 18; the
  -- plan keeps the one with the higher priority
  local r = t:run { rule = VOICE, stage = "transition", attr = { soft_outcomes_tracked = "no" },
    data = { participation = COPRODUCTION, measures = { { kind = "soft", topic = "wellbeing" } } } }
  t:eq(r.rules["measurement.soft_outcomes_tracked"].score, 25)
  t:near(r.rules[VOICE].score, 27)
  local action = r.action["measurement.track_wellbeing"]
  t:eq(action.impact, 18)
  t:eq(action.title, "Add care leavers' own wellbeing measures (ONS4, feeling settled) to the service dashboard")
  local count = 0
  for _, a in ipairs(r.actions) do if a.id == "measurement.track_wellbeing" then count = count + 1 end end
  t:eq(count, 1, "one action per id")
end)

test("voice_in_measures: missing co-production or measures is not assessed", function(t)
  local r = t:run { rule = VOICE, stage = "transition", data = { measures = STRONG_MEASURES } }
  t:eq(r.rules[VOICE].status, "not_assessed")
  t:eq(r.rules[VOICE].reason, "co-production could not be assessed, so its link to measurement cannot be judged")
  local unknown = t:run { rule = VOICE, stage = "transition", data = { participation = COPRODUCTION } }
  t:eq(unknown.rules[VOICE].reason, "no measures table and no soft_outcomes_tracked attribute, so it is not known what is measured")
end)

------------------------------------------------------------------------
-- recipe.voice_is_measured: measurement feeds co-production
------------------------------------------------------------------------
local MEASURED = "recipe.voice_is_measured"

test("voice_is_measured: with measurement at 50 or more co-production keeps its value", function(t)
  local r = t:run { rule = MEASURED, stage = "transition", data = { participation = COPRODUCTION, measures = STRONG_MEASURES } }
  local x = r.rules[MEASURED]
  t:near(x.evidence["Measurement score"], STRONG_MEASUREMENT)
  t:eq(x.evidence["Co-production score before the link to measurement"], 90)
  t:eq(x.score, 90)
  t:near(r.ingredients.coproduction.score, 90)
end)

test("voice_is_measured: an unmeasured voice protects the service less", function(t)
  local r = t:run { rule = MEASURED, stage = "transition", data = { participation = COPRODUCTION, measures = WEAK_MEASURES } }
  local x = r.rules[MEASURED]
  -- measurement 19.167: 90 * (0.5 + 0.19167) = 62.25
  t:near(x.score, 90 * (0.5 + WEAK_MEASUREMENT / 100))
  t:near(x.score, 62.25)
  -- co-production: (80 + 100 + 62.25) / 3 = 80.75
  t:near(r.ingredients.coproduction.score, 80.75)
end)

test("voice_is_measured: without measurement it is not assessed", function(t)
  local r = t:run { rule = MEASURED, stage = "transition", data = { participation = COPRODUCTION } }
  t:eq(r.rules[MEASURED].status, "not_assessed")
  t:eq(r.rules[MEASURED].reason, "measurement could not be assessed, so its effect on coproduction cannot be judged")
end)

------------------------------------------------------------------------
-- recipe.business_case_backed: the recipe behind the business case
------------------------------------------------------------------------
local BACKED = "recipe.business_case_backed"

test("business_case_backed: evidence, leaders and young people together score high", function(t)
  local r = t:run { rule = BACKED, stage = "transition", attr = { business_case = "submitted" },
    data = { participation = COPRODUCTION, leadership = LEADERSHIP, measures = STRONG_MEASURES } }
  local x = r.rules[BACKED]
  -- weakest 90 (co-production); mean (90.556 + 93.333 + 90) / 3 = 91.296
  -- 0.5 * 90 + 0.5 * 91.296 = 90.648
  local mean = (STRONG_MEASUREMENT + LEADERSHIP_SCORE + 90) / 3
  t:near(x.score, 0.5 * 90 + 0.5 * mean)
  t:near(x.evidence["measurement score"], STRONG_MEASUREMENT)
  t:near(x.evidence["leadership score"], LEADERSHIP_SCORE)
  t:eq(x.evidence["coproduction score"], 90)
  t:eq(r.action["recipe.strengthen_the_case"], nil)
  -- adaptation: business case 'submitted' after the pilot 60, and this rule
  t:near(r.ingredients.adaptation.score, (60 + x.score) / 2)
end)

test("business_case_backed: a case without outcome evidence is weak where it matters", function(t)
  local r = t:run { rule = BACKED, stage = "transition", attr = { business_case = "submitted" },
    data = { participation = COPRODUCTION, leadership = LEADERSHIP, measures = WEAK_MEASURES } }
  local x = r.rules[BACKED]
  -- weakest 19.167 (measurement); mean (19.167 + 93.333 + 90) / 3 = 67.5
  -- 0.5 * 19.167 + 0.5 * 67.5 = 43.333
  t:near(x.score, 43.333, 0.001)
  local action = r.action["recipe.strengthen_the_case"]
  t:eq(action.ingredient, "adaptation")
  t:eq(action.title, "Before the budget round, strengthen the case for the service where it is weakest: gather the outcome evidence (hard and soft) the case will rest on")
  t:eq(action.why, "The case for keeping the service is weakest on measurement (score 19).")
end)

test("business_case_backed: weak leadership names the leaders to find", function(t)
  local r = t:run { rule = BACKED, stage = "sustained", attr = { business_case = "approved" },
    data = { participation = COPRODUCTION, leadership = { { level = "senior", active = "yes" } }, measures = STRONG_MEASURES } }
  -- leadership: distributed 16.667, political 0, top-heavy 0, hybrid 0,
  -- continuity 100: 23.333, the weakest
  t:near(r.rules[BACKED].evidence["leadership score"], (100 / 6 + 100) / 5)
  t:eq(r.action["recipe.strengthen_the_case"].title, "Before the budget round, strengthen the case for the service where it is weakest: find an elected member and a middle manager to present it")
end)

test("business_case_backed: it applies only after the pilot", function(t)
  local r = t:run { rule = BACKED, stage = "pilot", attr = { business_case = "drafting" },
    data = { participation = COPRODUCTION, leadership = LEADERSHIP, measures = STRONG_MEASURES } }
  t:eq(r.rules[BACKED].status, "not_assessed")
  t:eq(r.rules[BACKED].reason, "applies only at the stages transition, sustained, scaling (this authority is at pilot)")
end)

test("business_case_backed: a missing ingredient leaves it not assessed", function(t)
  local r = t:run { rule = BACKED, stage = "transition", attr = { business_case = "submitted" },
    data = { participation = COPRODUCTION, measures = STRONG_MEASURES } }
  t:eq(r.rules[BACKED].status, "not_assessed")
  t:eq(r.rules[BACKED].reason, "leadership could not be assessed, so the backing of the business case cannot be judged")
end)

test("business_case_backed: with nothing known about adaptation, adaptation gets no score from it", function(t)
  -- no business case, areas or adaptations: the recipe alone must not give
  -- the adaptation ingredient a score (coverage must show it is missing)
  local r = t:run { rule = BACKED, stage = "transition",
    data = { participation = COPRODUCTION, leadership = LEADERSHIP, measures = STRONG_MEASURES } }
  t:eq(r.rules[BACKED].status, "not_assessed")
  t:eq(r.rules[BACKED].reason, "adaptation could not be assessed, so there is no business case to back")
  t:eq(r.ingredients.adaptation.score, nil)
end)

------------------------------------------------------------------------
-- recipe.pressure_tests_receptivity: context moderates receptivity
------------------------------------------------------------------------
local PRESSURE = "recipe.pressure_tests_receptivity"

test("pressure_tests_receptivity: without high pressure it is neutral", function(t)
  local r = t:run { rule = PRESSURE, stage = "transition",
    attr = { funding_after_pilot = "partial", financial_pressure = "medium", ofsted_judgement = "good" } }
  local x = r.rules[PRESSURE]
  -- funding 55, shielded 80: 67.5, returned as it is
  t:eq(x.evidence["Receptivity score before pressure"], 67.5)
  t:eq(x.evidence["Under high financial or inspection pressure"], false)
  t:eq(x.score, 67.5)
  t:near(r.ingredients.receptivity.score, 67.5)
end)

test("pressure_tests_receptivity: a fragile organisation loses more under pressure", function(t)
  local r = t:run { rule = PRESSURE, stage = "transition",
    attr = { funding_after_pilot = "partial", financial_pressure = "high", ofsted_judgement = "good" } }
  local x = r.rules[PRESSURE]
  -- funding 55, shielded 60: 57.5; 57.5 - 0.3 * (100 - 57.5) = 44.75
  t:eq(x.evidence["Receptivity score before pressure"], 57.5)
  t:eq(x.evidence["Under high financial or inspection pressure"], true)
  t:near(x.score, 44.75)
  -- receptivity: (55 + 60 + 44.75) / 3 = 53.25
  t:near(r.ingredients.receptivity.score, 53.25)
end)

test("pressure_tests_receptivity: a receptive organisation withstands an inspection judgement", function(t)
  local r = t:run { rule = PRESSURE, stage = "transition",
    attr = { funding_after_pilot = "yes", ofsted_judgement = "requires improvement", innovation_budget = "yes" } }
  -- funding 100, shielded 100 - 25 / 2 = 87.5: 93.75; 93.75 - 0.3 * 6.25 = 91.875
  t:eq(r.rules[PRESSURE].evidence["Under high financial or inspection pressure"], true)
  t:near(r.rules[PRESSURE].score, 91.875)
end)

test("pressure_tests_receptivity: without receptivity it is not assessed", function(t)
  local r = t:run { rule = PRESSURE, stage = "transition" }
  t:eq(r.rules[PRESSURE].status, "not_assessed")
  t:eq(r.rules[PRESSURE].reason, "receptivity could not be assessed")
end)

------------------------------------------------------------------------
-- the recipe as a whole
------------------------------------------------------------------------
test("recipe: pass-2 rules read pass-1 scores, never each other's", function(t)
  local r = t:run { stage = "transition",
    attr = { funding_after_pilot = "partial", financial_pressure = "high", ofsted_judgement = "good",
             areas_covered = 1, areas_total = 2, business_case = "approved" },
    data = { participation = COPRODUCTION, leadership = LEADERSHIP, measures = WEAK_MEASURES } }
  -- receptivity pass 1: senior_sponsor 0, funding 55, shielded 60 -> 38.333
  local receptivity1 = (0 + 55 + 60) / 3
  t:near(r.rules[GATE].evidence["Receptivity score"], receptivity1)
  t:near(r.rules[ROOM].evidence["Receptivity score"], receptivity1)
  t:near(r.rules[PRESSURE].evidence["Receptivity score before pressure"], receptivity1)
  -- the gate reads co-production before voice_is_measured changed it
  t:eq(r.rules[MEASURED].evidence["Co-production score before the link to measurement"], 90)
  t:eq(r.rules["measurement.voice_in_measures"].evidence["Co-production score"], 90)
  t:eq(r.rules[BACKED].evidence["coproduction score"], 90)
  -- receptivity final: pressure rule 38.333 - 0.3 * 61.667 = 19.833;
  -- (0 + 55 + 60 + 19.833) / 4 = 33.708
  t:near(r.ingredients.receptivity.score, (115 + receptivity1 - 0.3 * (100 - receptivity1)) / 4)
  -- the gate is closed (38.333 < 50): adaptation pass 1 (50 + 100) / 2 = 75
  -- becomes 75 * 38.333 / 50 = 57.5 in the gate rule
  t:near(r.rules[GATE].score, 75 * receptivity1 / 50)
  t:ok(r.action["recipe.open_the_gate"], "the gate's action is proposed")
end)
