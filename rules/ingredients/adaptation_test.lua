-- Tests of adaptation.lua: for each rule a strong case, a weak case and a
-- missing-data case, with the score worked out by hand in the comments.
-- The assessment date is the test default, 2024-03-31, so "the last 12
-- months" are 2023-04-01 to 2024-03-31.

local function changes(column, values)
  local rows = {}
  for i, v in ipairs(values) do rows[i] = { [column] = v } end
  return rows
end

------------------------------------------------------------------------
-- adaptation.reach
------------------------------------------------------------------------
local REACH = "adaptation.reach"

test("reach: every area covered scores 100", function(t)
  local r = t:run { rule = REACH, stage = "scaling", attr = { areas_covered = 4, areas_total = 4 } }
  t:eq(r.rules[REACH].score, 100)
  t:eq(r.rules[REACH].evidence["Share of areas covered"], 1)
  t:eq(r.action["adaptation.plan_roll_out"], nil)
end)

test("reach: more areas than the total count as all of them", function(t)
  local r = t:run { rule = REACH, stage = "scaling", attr = { areas_covered = 5, areas_total = 4 } }
  t:eq(r.rules[REACH].score, 100)
end)

test("reach: part of the authority after the pilot scores by share and plans a roll-out", function(t)
  local r = t:run { rule = REACH, stage = "transition", attr = { areas_covered = 3, areas_total = 4 } }
  t:near(r.rules[REACH].score, 75) -- 3 / 4
  local action = r.action["adaptation.plan_roll_out"]
  t:eq(action.effort, "high")
  t:eq(action.owner, "service manager")
  t:eq(action.why, "The service covers 3 of 4 areas.")
end)

test("reach: during the pilot a partial reach proposes no roll-out yet", function(t)
  local r = t:run { rule = REACH, stage = "pilot", attr = { areas_covered = 1, areas_total = 4 } }
  t:near(r.rules[REACH].score, 25)
  t:eq(r.action["adaptation.plan_roll_out"], nil)
end)

test("reach: without the areas it is not assessed", function(t)
  local r = t:run { rule = REACH, stage = "pilot", attr = { areas_covered = 3 } }
  t:eq(r.rules[REACH].status, "not_assessed")
  t:eq(r.rules[REACH].reason, "the config gives no areas_covered and areas_total")
  local zero = t:run { rule = REACH, stage = "pilot", attr = { areas_covered = 0, areas_total = 0 } }
  t:eq(zero.rules[REACH].status, "not_assessed", "a total of 0 areas")
end)

------------------------------------------------------------------------
-- adaptation.still_learning
------------------------------------------------------------------------
local LEARN = "adaptation.still_learning"
local RECENT = "Changes to the service in the last 12 months"

test("still_learning: three changes in the year score 100", function(t)
  local r = t:run { rule = LEARN, pilot_end = "2023-06-30", data = { adaptations =
    changes("date", { "2022-01-01", "2023-05-01", "2023-09-01", "2024-01-15" }) } }
  local x = r.rules[LEARN]
  t:eq(x.score, 100) -- min(1, 3 / 3)
  t:eq(x.evidence[RECENT], 3)
  t:eq(x.evidence["Changes since the pilot funding ended on 2023-06-30"], 2)
  t:eq(r.action["adaptation.learning_review"], nil)
end)

test("still_learning: a frozen design scores low and proposes a learning review", function(t)
  local r = t:run { rule = LEARN, pilot_end = "2023-09-30", data = { adaptations =
    changes("date", { "2021-05-01", "2022-02-01", "2023-06-01" }) } }
  local x = r.rules[LEARN]
  t:near(x.score, 100 / 3) -- 1 change in the year: 100 * 1 / 3
  t:eq(x.evidence[RECENT], 1)
  t:eq(x.evidence["Changes since the pilot funding ended on 2023-09-30"], 0)
  t:eq(r.action["adaptation.learning_review"].why,
       "1 change was recorded in the last 12 months, 0 since the pilot ended: a service that stops changing hollows out.")
end)

test("still_learning: while the pilot runs there is no count since its end", function(t)
  local r = t:run { rule = LEARN, stage = "pilot", pilot_end = "2025-09-30", data = { adaptations =
    changes("date", { "2021-05-01" }) } }
  local x = r.rules[LEARN]
  t:eq(x.score, 0)
  t:eq(x.evidence["Changes since the pilot funding ended on 2025-09-30"], nil)
  t:eq(r.action["adaptation.learning_review"].why,
       "0 changes were recorded in the last 12 months: a service that stops changing hollows out.")
end)

test("still_learning: without dates it is not assessed", function(t)
  local r = t:run { rule = LEARN, stage = "pilot", data = { adaptations = changes("kind", { "offer" }) } }
  t:eq(r.rules[LEARN].status, "not_assessed")
  t:eq(r.rules[LEARN].reason, "the adaptations table has no column date (see docs/data.md)")
  local none = t:run { rule = LEARN, stage = "pilot" }
  t:eq(none.rules[LEARN].reason, "no source provides the table 'adaptations'")
end)

------------------------------------------------------------------------
-- adaptation.led_by_young_people
------------------------------------------------------------------------
local LED = "adaptation.led_by_young_people"

test("led_by_young_people: changes prompted by young people and data score high", function(t)
  local r = t:run { rule = LED, stage = "sustained", data = { adaptations =
    changes("trigger", { "young_people", "data", "young_people", "money" }) } }
  local x = r.rules[LED]
  t:near(x.score, 75) -- 3 of 4
  t:eq(x.evidence["Changes recorded"], 4)
  t:near(x.evidence["Share prompted by young people or by data"], 0.75)
  t:eq(x.evidence["Changes prompted by young people's feedback"], 2)
  t:eq(x.evidence["Changes prompted by money"], 1)
  t:eq(r.action["adaptation.feedback_to_change"], nil)
end)

test("led_by_young_people: changes driven by money score low", function(t)
  local r = t:run { rule = LED, stage = "sustained", data = { adaptations =
    changes("trigger", { "money", "money", "policy", "young_people" }) } }
  t:near(r.rules[LED].score, 25) -- 1 of 4
  t:eq(r.action["adaptation.feedback_to_change"].why,
       "Only 25% of the 4 recorded changes came from young people's feedback or data; 2 were driven by money.")
end)

test("led_by_young_people: without triggers it is not assessed", function(t)
  local r = t:run { rule = LED, stage = "sustained", data = { adaptations = changes("kind", { "offer" }) } }
  t:eq(r.rules[LED].status, "not_assessed")
  t:eq(r.rules[LED].reason, "the adaptations table has no column trigger (see docs/data.md)")
end)

------------------------------------------------------------------------
-- adaptation.staffing_and_offer
------------------------------------------------------------------------
local STAFF = "adaptation.staffing_and_offer"

test("staffing_and_offer: two changes of each kind score 100", function(t)
  local r = t:run { rule = STAFF, stage = "sustained", data = { adaptations =
    changes("kind", { "staffing", "offer", "staffing", "offer", "offer", "reach" }) } }
  local x = r.rules[STAFF]
  t:eq(x.score, 100) -- 50 * min(1, 2/2) + 50 * min(1, 3/2)
  t:eq(x.evidence["Changes to staffing (e.g. therapeutic roles added)"], 2)
  t:eq(x.evidence["Changes to what the service offers"], 3)
  t:eq(r.action["adaptation.match_staffing_to_demand"], nil)
end)

test("staffing_and_offer: one staffing change and no new offer score 25", function(t)
  local r = t:run { rule = STAFF, stage = "sustained", data = { adaptations =
    changes("kind", { "staffing", "reach", "funding" }) } }
  t:near(r.rules[STAFF].score, 25) -- 50 * 1/2 + 50 * 0
  t:eq(r.action["adaptation.match_staffing_to_demand"].why,
       "1 staffing change and 0 changes to the offer recorded since the service began.")
end)

test("staffing_and_offer: without kinds it is not assessed", function(t)
  local r = t:run { rule = STAFF, stage = "sustained", data = { adaptations = changes("trigger", { "data" }) } }
  t:eq(r.rules[STAFF].reason, "the adaptations table has no column kind (see docs/data.md)")
end)

------------------------------------------------------------------------
-- adaptation.business_case
------------------------------------------------------------------------
local CASE = "adaptation.business_case"

test("business_case: an approved case scores 100", function(t)
  local r = t:run { rule = CASE, stage = "transition", attr = { business_case = "approved" } }
  t:eq(r.rules[CASE].score, 100)
  t:eq(r.rules[CASE].evidence["Business case to embed the service"], "approved")
  t:eq(r.action["adaptation.business_case"], nil)
end)

test("business_case: a draft during the pilot is on time", function(t)
  local r = t:run { rule = CASE, stage = "pilot", pilot_end = "2025-06-30", attr = { business_case = "drafting" } }
  t:eq(r.rules[CASE].score, 70)
  local action = r.action["adaptation.business_case"]
  t:eq(action.impact, 12)
  t:eq(action.owner, "service manager with the finance business partner")
  t:eq(action.why, "The business case is 'drafting' and pilot funding ends on 2025-06-30.")
end)

test("business_case: no case after the pilot scores 0", function(t)
  local r = t:run { rule = CASE, pilot_end = "2022-03-31", attr = { business_case = "none" } }
  t:eq(r.stage, "sustained")
  t:eq(r.rules[CASE].score, 0)
  t:eq(r.action["adaptation.business_case"].impact, 25)
  t:eq(r.action["adaptation.business_case"].why, "The business case is 'none' and pilot funding ended on 2022-03-31.")
end)

test("business_case: a submitted case scores 90 in the pilot and 60 after it", function(t)
  local early = t:run { rule = CASE, stage = "pilot", attr = { business_case = "submitted" } }
  t:eq(early.rules[CASE].score, 90)
  local late = t:run { rule = CASE, stage = "scaling", attr = { business_case = "submitted" } }
  t:eq(late.rules[CASE].score, 60)
  t:eq(late.action["adaptation.business_case"].why, "The business case is 'submitted'.")
end)

test("business_case: without the attribute it is not assessed; an unknown value is an error", function(t)
  local r = t:run { rule = CASE, stage = "pilot" }
  t:eq(r.rules[CASE].status, "not_assessed")
  t:eq(r.rules[CASE].reason, "the config gives no business_case (approved, submitted, drafting or none)")
  local bad = t:run { rule = CASE, stage = "pilot", attr = { business_case = "agreed" } }
  t:eq(bad.rules[CASE].status, "error")
  t:ok(bad.rules[CASE].message:find("business_case must be one of: approved, drafting, none, submitted; not 'agreed'", 1, true),
       bad.rules[CASE].message)
end)

------------------------------------------------------------------------
-- adaptation.part_of_core_offer
------------------------------------------------------------------------
local CORE = "adaptation.part_of_core_offer"
local CORE_MEAN = "Staff agreement that the service is part of the core offer (mean, 1-5)"

test("part_of_core_offer: staff who see a core service score high", function(t)
  local r = t:run { rule = CORE, stage = "sustained", data = { staff_survey =
    changes("part_of_core_offer", { 5, 4, 4, 4, 4 }) } }
  t:near(r.rules[CORE].score, 80) -- mean 4.2: (4.2 - 1) / 4 * 100
  t:near(r.rules[CORE].evidence[CORE_MEAN], 4.2)
  t:eq(r.action["adaptation.into_procedures"], nil)
end)

test("part_of_core_offer: a side project scores low and is written into procedures", function(t)
  local r = t:run { rule = CORE, stage = "sustained", data = { staff_survey =
    changes("part_of_core_offer", { 2, 3, 2, 3, 2 }) } }
  t:near(r.rules[CORE].score, 35) -- mean 2.4
  t:eq(r.action["adaptation.into_procedures"].why, "Staff agreement that the service is part of the core offer averages 2.4 of 5.")
end)

test("part_of_core_offer: fewer than 5 answers are suppressed", function(t)
  local r = t:run { rule = CORE, stage = "sustained", data = { staff_survey = changes("part_of_core_offer", { 1, 2, 3 }) } }
  t:near(r.rules[CORE].score, 25)
  t:eq(r.rules[CORE].evidence[CORE_MEAN], "c")
  t:eq(r.action["adaptation.into_procedures"].why, "Few staff see the service as part of the core offer.")
end)

test("part_of_core_offer: a survey without the item, or with no answers to it, is not assessed", function(t)
  local r = t:run { rule = CORE, stage = "sustained", data = { staff_survey = changes("safe_to_try", { 4 }) } }
  t:eq(r.rules[CORE].reason, "the staff_survey table has no column part_of_core_offer (see docs/data.md)")
  local blank = t:run { rule = CORE, stage = "sustained", data = { staff_survey = "fixtures/staff_survey_no_core_offer.csv" } }
  t:eq(blank.rules[CORE].status, "not_assessed")
  t:eq(blank.rules[CORE].reason, "the staff survey has no answers to part_of_core_offer")
end)

------------------------------------------------------------------------
-- the ingredient as a whole
------------------------------------------------------------------------
test("adaptation: the ingredient weighs most when scaling", function(t)
  local r = t:run { ingredient = "adaptation", stage = "scaling",
    attr = { areas_covered = 9, areas_total = 10, business_case = "approved" } }
  -- reach 90, business_case 100; the pass-2 recipe rules on adaptation have
  -- no receptivity, measurement, leadership or co-production to read: 95
  t:near(r.ingredients.adaptation.score, 95)
  t:eq(r.ingredients.adaptation.weight, 1.7)
  t:eq(r.rules["recipe.receptivity_gate"].status, "not_assessed")
end)
