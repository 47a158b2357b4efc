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
-- adaptation.rolled_out_or_reshaped: either route the study saw counts
------------------------------------------------------------------------
local ROUTES = "adaptation.rolled_out_or_reshaped"
local COVERED = "Share of the authority's areas the service covers"
local STAFFING = "Changes to staffing not prompted by money alone (e.g. therapeutic roles added)"
local OFFER = "Changes to what the service offers not prompted by money alone"

-- Adaptation rows: { kind, trigger } pairs.
local function kinds(list)
  local rows = {}
  for i, v in ipairs(list) do rows[i] = { kind = v[1], trigger = v[2] } end
  return rows
end

test("rolled_out_or_reshaped: every area covered scores 100, with no roll-out action", function(t)
  local r = t:run { rule = ROUTES, stage = "scaling", attr = { areas_covered = 4, areas_total = 4 } }
  t:eq(r.rules[ROUTES].score, 100)
  t:eq(r.rules[ROUTES].evidence[COVERED], 1)
  t:eq(#r.actions, 0)
end)

test("rolled_out_or_reshaped: more areas than the total count as all of them", function(t)
  local r = t:run { rule = ROUTES, stage = "scaling", attr = { areas_covered = 5, areas_total = 4 } }
  t:eq(r.rules[ROUTES].score, 100)
end)

test("rolled_out_or_reshaped: a service that reshaped its offer is not marked down for not rolling out", function(t)
  -- 1 of 4 areas (25), but two staffing and two offer changes prompted by
  -- young people and data (100): the better route counts
  local r = t:run { rule = ROUTES, stage = "sustained", attr = { areas_covered = 1, areas_total = 4 },
    data = { adaptations = kinds { { "staffing", "young_people" }, { "staffing", "data" },
                                   { "offer", "young_people" }, { "offer", "data" } } } }
  local x = r.rules[ROUTES]
  t:eq(x.score, 100)
  t:near(x.evidence[COVERED], 0.25)
  t:eq(x.evidence[STAFFING], 2)
  t:eq(x.evidence[OFFER], 2)
  t:eq(#r.actions, 0, "no roll-out action for a service that adapted its offer instead")
end)

test("rolled_out_or_reshaped: a service rolled out to most areas needs no reshaping", function(t)
  local r = t:run { rule = ROUTES, stage = "scaling", attr = { areas_covered = 9, areas_total = 10 },
    data = { adaptations = kinds { { "reach", "data" } } } }
  t:eq(r.rules[ROUTES].score, 90)
  t:eq(#r.actions, 0)
end)

test("rolled_out_or_reshaped: neither route taken after the pilot offers both, by name", function(t)
  local r = t:run { rule = ROUTES, stage = "transition", attr = { areas_covered = 1, areas_total = 4 },
    data = { adaptations = kinds { { "offer", "young_people" }, { "staffing", "money" } } } }
  local x = r.rules[ROUTES]
  -- roll-out 25; reshaping: the staffing change prompted by money alone (a
  -- post cut) is left out, one offer change: 50 * 0 + 50 * 1/2 = 25
  t:near(x.score, 25)
  t:eq(x.evidence[STAFFING], 0)
  local action = r.action["adaptation.next_adaptation"]
  t:eq(action.title, "Decide the service's next step with young people and staff: roll it out to the 3 remaining areas, or reshape its staffing and offer around what young people ask for")
  t:eq(action.effort, "high")
  t:eq(action.owner, "service manager")
  t:eq(action.why, "The service covers 1 of 4 areas and has recorded no staffing change and 1 change to its offer since it began (leaving out changes prompted by money alone).")
end)

test("rolled_out_or_reshaped: without area figures, a service that has not reshaped is asked to reshape, not to roll out", function(t)
  local r = t:run { rule = ROUTES, stage = "sustained",
    data = { adaptations = kinds { { "reach", "data" }, { "funding", "money" } } } }
  t:eq(r.rules[ROUTES].score, 0)
  t:eq(r.rules[ROUTES].evidence[COVERED], nil)
  local action = r.action["adaptation.next_adaptation"]
  t:eq(action.title, "Compare what young people ask the service for with its staffing and offer, and rebalance them (for example more therapeutic input)")
  t:eq(action.effort, "medium")
  t:eq(action.why, "The service has recorded no staffing change and no change to its offer since it began (leaving out changes prompted by money alone).")
end)

test("rolled_out_or_reshaped: during the pilot a partial reach proposes no roll-out yet", function(t)
  local r = t:run { rule = ROUTES, stage = "pilot", attr = { areas_covered = 1, areas_total = 4 } }
  t:near(r.rules[ROUTES].score, 25)
  t:ok(not r.action["adaptation.next_adaptation"].title:find("roll it out", 1, true))
end)

test("rolled_out_or_reshaped: changes without a trigger column all count", function(t)
  local r = t:run { rule = ROUTES, stage = "sustained", data = { adaptations =
    changes("kind", { "staffing", "offer", "staffing", "offer", "offer", "reach" }) } }
  t:eq(r.rules[ROUTES].score, 100) -- 50 * min(1, 2/2) + 50 * min(1, 3/2)
end)

test("rolled_out_or_reshaped: with neither the areas nor the kinds of change it is not assessed", function(t)
  local r = t:run { rule = ROUTES, stage = "pilot", attr = { areas_covered = 3 } }
  t:eq(r.rules[ROUTES].status, "not_assessed")
  t:eq(r.rules[ROUTES].reason, "the config gives no areas_covered and areas_total, and there is no adaptations table with a kind column")
  local zero = t:run { rule = ROUTES, stage = "pilot", attr = { areas_covered = 0, areas_total = 0 },
    data = { adaptations = changes("trigger", { "data" }) } }
  t:eq(zero.rules[ROUTES].status, "not_assessed", "a total of 0 areas, and no kind column")
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
       "1 change was recorded in the last 12 months, 0 since the pilot funding ended: a service that stops changing hollows out.")
end)

test("still_learning: while the pilot runs there is no count since its end", function(t)
  local r = t:run { rule = LEARN, stage = "pilot", pilot_end = "2025-09-30", data = { adaptations =
    changes("date", { "2021-05-01" }) } }
  local x = r.rules[LEARN]
  t:eq(x.score, 0)
  t:eq(x.evidence["Changes since the pilot funding ended on 2025-09-30"], nil)
  t:eq(r.action["adaptation.learning_review"].why,
       "No change was recorded in the last 12 months: a service that stops changing hollows out.")
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
  t:eq(r.action["adaptation.feedback_to_change"].title,
       "Give care leavers a standing item at their council or forum to propose changes to the service, and record what became of each")
end)

test("led_by_young_people: without triggers it is not assessed", function(t)
  local r = t:run { rule = LED, stage = "sustained", data = { adaptations = changes("kind", { "offer" }) } }
  t:eq(r.rules[LED].status, "not_assessed")
  t:eq(r.rules[LED].reason, "the adaptations table has no column trigger (see docs/data.md)")
end)

------------------------------------------------------------------------
-- adaptation.mainstream_funding: the money after the pilot, counted once
------------------------------------------------------------------------
local MONEY = "adaptation.mainstream_funding"
local SECURE = "adaptation.secure_mainstream_funding"

test("mainstream_funding: money secured and an approved case score 100", function(t)
  local r = t:run { rule = MONEY, stage = "transition", pilot_end = "2023-09-30",
    attr = { funding_after_pilot = "yes", business_case = "approved" } }
  local x = r.rules[MONEY]
  t:eq(x.score, 100)
  t:eq(x.evidence["Money secured to run the service after the pilot"], "yes")
  t:eq(x.evidence["Business case to fund the service from the mainstream budget"], "approved")
  t:eq(x.evidence["Pilot funding ended on"], "2023-09-30")
  t:eq(#r.actions, 0)
end)

test("mainstream_funding: during the pilot a draft and no money yet are on time, in the future tense", function(t)
  local r = t:run { rule = MONEY, stage = "pilot", pilot_end = "2025-06-30",
    attr = { funding_after_pilot = "no", business_case = "drafting" } }
  -- pilot: no 40, drafting 70: (40 + 70) / 2 = 55
  t:eq(r.rules[MONEY].score, 55)
  t:eq(r.rules[MONEY].evidence["Pilot funding ends on"], "2025-06-30")
  t:eq(r.rules[MONEY].evidence["Pilot funding ended on"], nil)
  local action = r.action[SECURE]
  t:eq(action.impact, 12)
  t:eq(action.owner, "service manager with the finance business partner")
  t:eq(action.why, "Pilot funding ends on 2025-06-30, no money to run the service after the pilot is secured and the business case to fund it from the mainstream budget is still being drafted.")
end)

test("mainstream_funding: nothing secured after the pilot scores 0, in the past tense, and comes first", function(t)
  local r = t:run { rule = MONEY, pilot_end = "2022-03-31", attr = { funding_after_pilot = "no", business_case = "none" } }
  t:eq(r.stage, "sustained")
  t:eq(r.rules[MONEY].score, 0)
  local action = r.action[SECURE]
  t:eq(action.impact, 25)
  t:eq(action.effort, "high")
  t:eq(action.gap, "adaptation.funding")
  -- the money has gone and nothing carries the service: its existence is at stake
  t:eq(action.survival, true)
  t:eq(action.why, "Pilot funding ended on 2022-03-31, no money to run the service after the pilot is secured and no business case to fund it from the mainstream budget has been written. Until a budget line carries the service, it can stop: this comes before every other action.")
end)

test("mainstream_funding: the action says what is next for the business case", function(t)
  local function title(case)
    return t:run { rule = MONEY, stage = "sustained", attr = { funding_after_pilot = "partial", business_case = case } }
      .action[SECURE].title
  end
  t:ok(title("none"):find("^Write the business case"), title("none"))
  t:ok(title("drafting"):find("^Finish the business case"), title("drafting"))
  t:ok(title("submitted"):find("^Get a decision on the business case"), title("submitted"))
  t:ok(title("approved"):find("^Agree with the finance director the budget line that the approved business case"), title("approved"))
end)

test("mainstream_funding: partial money and a submitted case score between", function(t)
  local early = t:run { rule = MONEY, stage = "pilot", attr = { funding_after_pilot = "partial", business_case = "submitted" } }
  t:eq(early.rules[MONEY].score, 80) -- (70 + 90) / 2
  local late = t:run { rule = MONEY, stage = "scaling", attr = { funding_after_pilot = "partial", business_case = "submitted" } }
  t:eq(late.rules[MONEY].score, 55) -- (50 + 60) / 2
  -- without pilot dates nothing says when the money ends: not a survival action
  t:eq(late.action[SECURE].survival, false)
  t:eq(late.action[SECURE].why, "Only part of the money to run the service after the pilot is secured and the business case to fund it from the mainstream budget awaits a decision.")
end)

test("mainstream_funding: money from elsewhere without a mainstream case still asks for the case", function(t)
  local r = t:run { rule = MONEY, stage = "sustained", attr = { funding_after_pilot = "yes", business_case = "none" } }
  t:eq(r.rules[MONEY].score, 50)
  t:eq(r.action[SECURE].why, "Money to run the service after the pilot is secured and no business case to fund it from the mainstream budget has been written.")
end)

test("mainstream_funding: one attribute is enough", function(t)
  local funded = t:run { rule = MONEY, stage = "sustained", attr = { funding_after_pilot = "yes" } }
  t:eq(funded.rules[MONEY].score, 100)
  t:eq(#funded.actions, 0)
  local approved = t:run { rule = MONEY, stage = "sustained", attr = { business_case = "approved" } }
  t:eq(approved.rules[MONEY].score, 100)
  t:eq(#approved.actions, 0)
  local unfunded = t:run { rule = MONEY, stage = "sustained", attr = { funding_after_pilot = "no" } }
  t:eq(unfunded.rules[MONEY].score, 0)
  t:eq(unfunded.action[SECURE].why, "No money to run the service after the pilot is secured.")
end)

test("mainstream_funding: money after the pilot is counted once, in adaptation only", function(t)
  local r = t:run { stage = "transition", attr = { funding_after_pilot = "no", business_case = "none" } }
  t:eq(r.ingredients.receptivity.score, nil, "receptivity does not read the funding")
  t:eq(r.ingredients.adaptation.score, 0)
  -- one action for the one gap
  t:eq(#r.actions, 1)
  t:eq(r.actions[1].id, SECURE)
end)

test("mainstream_funding: without either attribute it is not assessed; an unknown value is an error", function(t)
  local r = t:run { rule = MONEY, stage = "pilot" }
  t:eq(r.rules[MONEY].status, "not_assessed")
  t:eq(r.rules[MONEY].reason, "the config gives neither funding_after_pilot (yes, partial or no) nor business_case (approved, submitted, drafting or none)")
  local bad = t:run { rule = MONEY, stage = "pilot", attr = { business_case = "agreed" } }
  t:eq(bad.rules[MONEY].status, "error")
  t:ok(bad.rules[MONEY].message:find("business_case must be one of: approved, drafting, none, submitted; not 'agreed'", 1, true),
       bad.rules[MONEY].message)
  local maybe = t:run { rule = MONEY, stage = "pilot", attr = { funding_after_pilot = "maybe" } }
  -- located at the rule that reads the attribute, so `sustain check --dry-run` points there
  t:ok(maybe.rules[MONEY].message:find("adaptation.lua:208: the config's funding_after_pilot must be one of: no, partial, yes; not 'maybe'", 1, true),
       maybe.rules[MONEY].message)
  t:eq(#maybe.actions, 0)
end)

test("rolled_out_or_reshaped: areas that are not numbers of areas are an error naming the attribute", function(t)
  local words = t:run { rule = ROUTES, stage = "pilot", attr = { areas_covered = "three", areas_total = 4 } }
  t:eq(words.rules[ROUTES].status, "error")
  t:ok(words.rules[ROUTES].message:find("adaptation.lua:44: the config's areas_covered must be a number of areas, 0 or more; not 'three'", 1, true),
       words.rules[ROUTES].message)
  local negative = t:run { rule = ROUTES, stage = "pilot", attr = { areas_covered = 1, areas_total = -4 } }
  t:ok(negative.rules[ROUTES].message:find("areas_total must be a number of areas, 0 or more; not '-4.0'", 1, true),
       negative.rules[ROUTES].message)
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
  -- rolled out 90, mainstream funding 100; the pass-2 rules on adaptation
  -- have no receptivity to read and no pressure: 95
  t:near(r.ingredients.adaptation.score, 95)
  t:eq(r.ingredients.adaptation.weight, 1.7)
  t:eq(r.rules["recipe.receptivity_gate"].status, "not_assessed")
end)
