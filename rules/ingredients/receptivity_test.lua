-- Tests of receptivity.lua: for each rule a strong case, a weak case and a
-- missing-data case, with the score worked out by hand in the comments.
-- The assessment date is the test default, 2024-03-31.

-- Staff climate rows: { leaders_welcome_ideas, safe_to_try, time_to_innovate }.
local function climate(list)
  local rows = {}
  for i, v in ipairs(list) do
    rows[i] = { leaders_welcome_ideas = v[1], safe_to_try = v[2], time_to_innovate = v[3] }
  end
  return rows
end

-- Rows answering one item only.
local function answers(column, values)
  local rows = {}
  for i, v in ipairs(values) do rows[i] = { [column] = v } end
  return rows
end

------------------------------------------------------------------------
-- receptivity.staff_climate
------------------------------------------------------------------------
local CLIMATE = "receptivity.staff_climate"

test("staff_climate: a receptive climate scores high and proposes nothing", function(t)
  local r = t:run { rule = CLIMATE, stage = "pilot",
    data = { staff_survey = climate { {5, 4, 4}, {5, 4, 4}, {5, 4, 4}, {5, 4, 4}, {5, 4, 4} } } }
  local x = r.rules[CLIMATE]
  t:eq(x.status, "assessed")
  -- means 5, 4, 4; average 13/3 = 4.333; (4.333 - 1) / 4 * 100 = 83.333
  t:near(x.score, 250 / 3)
  t:eq(x.evidence["Staff agreement that leaders welcome new ideas (mean, 1-5)"], 5)
  t:eq(x.evidence["Staff agreement that it is safe to try something new (mean, 1-5)"], 4)
  t:eq(x.evidence["Staff agreement that they have time to try new ways of working (mean, 1-5)"], 4)
  t:eq(r.action["receptivity.protect_time"], nil, "the weakest item, 4.0, is not below 3.5")
end)

test("staff_climate: no time to innovate scores low and asks for protected time", function(t)
  local r = t:run { rule = CLIMATE, stage = "pilot",
    data = { staff_survey = climate { {2, 3, 1}, {2, 3, 1}, {3, 3, 2}, {2, 3, 1}, {1, 3, 1} } } }
  local x = r.rules[CLIMATE]
  -- means: leaders 10/5 = 2.0, safe 15/5 = 3.0, time 6/5 = 1.2;
  -- average 6.2/3 = 2.0667; (2.0667 - 1) / 4 * 100 = 26.667
  t:near(x.score, (6.2 / 3 - 1) / 4 * 100)
  t:near(x.score, 26.667, 0.001)
  t:near(x.evidence["Staff agreement that they have time to try new ways of working (mean, 1-5)"], 1.2)
  local action = r.action["receptivity.protect_time"]
  t:ok(action, "the weakest item, 1.2, is below 3.5")
  t:eq(action.owner, "head of service")
  t:eq(action.effort, "medium")
  t:eq(action.impact, 15)
  t:eq(action.why, "Staff agreement that they have time to try new ways of working averages 1.2 of 5 (5 answers), the weakest climate item.")
end)

test("staff_climate: fewer than 5 answers are suppressed, in the evidence and the why", function(t)
  local r = t:run { rule = CLIMATE, stage = "pilot",
    data = { staff_survey = climate { {2, 2, 2}, {3, 2, 1}, {2, 2, 3} } } }
  local x = r.rules[CLIMATE]
  -- means 7/3, 2, 2; average 19/9 = 2.111; (2.111 - 1) / 4 * 100 = 27.778
  t:near(x.score, (19 / 9 - 1) / 4 * 100)
  t:eq(x.evidence["Staff agreement that leaders welcome new ideas (mean, 1-5)"], "c")
  t:eq(x.evidence["Staff agreement that it is safe to try something new (mean, 1-5)"], "c")
  t:eq(x.evidence["Staff agreement that they have time to try new ways of working (mean, 1-5)"], "c")
  -- the weakest is the first of the two items at 2.0 (safe_to_try), quoted
  -- without figures, and answered by its own action, not protected time
  t:eq(r.action["receptivity.protect_time"], nil)
  t:eq(r.action["receptivity.safe_to_try"].why,
       "Staff agreement that it is safe to try something new is the weakest climate item.")
end)

test("staff_climate: the suppression threshold is the assessment's", function(t)
  local r = t:run { rule = CLIMATE, stage = "pilot", suppress_below = 3,
    data = { staff_survey = climate { {2, 2, 2}, {3, 2, 1}, {2, 2, 3} } } }
  t:near(r.rules[CLIMATE].evidence["Staff agreement that leaders welcome new ideas (mean, 1-5)"], 7 / 3)
  t:eq(r.action["receptivity.safe_to_try"].why,
       "Staff agreement that it is safe to try something new averages 2.0 of 5 (3 answers), the weakest climate item.")
end)

test("staff_climate: each weakest item has its own action", function(t)
  -- leaders 1.4 is the weakest: practitioners need a way to put ideas to the senior team
  local r = t:run { rule = CLIMATE, stage = "pilot",
    data = { staff_survey = climate { {1, 4, 4}, {2, 4, 4}, {1, 4, 4}, {2, 4, 4}, {1, 4, 4} } } }
  t:eq(#r.actions, 1)
  local action = r.action["receptivity.hear_ideas"]
  t:eq(action.owner, "head of service")
  t:eq(action.why, "Staff agreement that leaders welcome new ideas averages 1.4 of 5 (5 answers), the weakest climate item.")
end)

test("staff_climate: without a staff survey it is not assessed", function(t)
  local r = t:run { rule = CLIMATE, stage = "pilot" }
  t:eq(r.rules[CLIMATE].status, "not_assessed")
  t:eq(r.rules[CLIMATE].reason, "no source provides the table 'staff_survey'")
  t:eq(r.ingredients.receptivity.score, nil)
  t:eq(#r.actions, 0)
end)

test("staff_climate: a survey with no rows is not assessed", function(t)
  local r = t:run { rule = CLIMATE, stage = "pilot", data = { staff_survey = "fixtures/staff_survey_empty.csv" } }
  t:eq(r.rules[CLIMATE].status, "not_assessed")
  t:eq(r.rules[CLIMATE].reason, "the table 'staff_survey' has no rows for test")
end)

test("staff_climate: an item nobody answered is not assessed, with its name", function(t)
  local r = t:run { rule = CLIMATE, stage = "pilot", data = { staff_survey = "fixtures/staff_survey_no_time.csv" } }
  t:eq(r.rules[CLIMATE].status, "not_assessed")
  t:eq(r.rules[CLIMATE].reason, "the staff survey has no answers to time_to_innovate")
end)

------------------------------------------------------------------------
-- receptivity.child_centred
------------------------------------------------------------------------
local CHILD = "receptivity.child_centred"
local FIRST_MEAN = "Staff agreement that young people's needs come before procedure (mean, 1-5)"
local FIRST_SHARE = "Share of staff who agree or strongly agree"

test("child_centred: child-centred practice scores high", function(t)
  local r = t:run { rule = CHILD, stage = "pilot", data = { staff_survey = answers("young_people_first", {5, 4, 4, 5, 4}) } }
  local x = r.rules[CHILD]
  -- mean 22/5 = 4.4; (4.4 - 1) / 4 * 100 = 85; all five agree
  t:near(x.score, 85)
  t:near(x.evidence[FIRST_MEAN], 4.4)
  t:eq(x.evidence[FIRST_SHARE], 1)
  t:eq(r.action["receptivity.cut_procedure"], nil)
end)

test("child_centred: procedure first scores low and proposes cutting procedures", function(t)
  local r = t:run { suppress_below = 1, rule = CHILD, stage = "pilot", data = { staff_survey = answers("young_people_first", {2, 3, 4, 2, 1}) } }
  local x = r.rules[CHILD]
  -- mean 12/5 = 2.4; (2.4 - 1) / 4 * 100 = 35; one of five agrees: 20%
  t:near(x.score, 35)
  t:near(x.evidence[FIRST_SHARE], 0.2)
  local action = r.action["receptivity.cut_procedure"]
  t:eq(action.impact, 10)
  t:eq(action.why, "Only 20% of staff agree that young people's needs come before procedure (mean 2.4 of 5).")
end)

test("child_centred: the share who agree is of those who answered", function(t)
  -- five answers, all agreeing, and one respondent who skipped the item:
  -- 5 of 5 answering agree, as the mean is of the 5 answers
  local rows = answers("young_people_first", {5, 5, 4, 4, 5})
  rows[6] = { safe_to_try = 3 }
  local r = t:run { rule = CHILD, stage = "pilot", data = { staff_survey = rows } }
  t:near(r.rules[CHILD].evidence[FIRST_MEAN], 4.6)
  t:eq(r.rules[CHILD].evidence[FIRST_SHARE], 1)
end)

test("child_centred: fewer than 5 answers are suppressed", function(t)
  local r = t:run { rule = CHILD, stage = "pilot", data = { staff_survey = answers("young_people_first", {1, 2, 3}) } }
  local x = r.rules[CHILD]
  t:near(x.score, 25) -- mean 2: (2 - 1) / 4 * 100
  t:eq(x.evidence[FIRST_MEAN], "c")
  t:eq(x.evidence[FIRST_SHARE], "c")
  t:eq(r.action["receptivity.cut_procedure"].why, "Few staff agree that young people's needs come before procedure.")
end)

test("child_centred: a survey without the item is not assessed", function(t)
  local r = t:run { rule = CHILD, stage = "pilot", data = { staff_survey = climate { {4, 4, 4} } } }
  t:eq(r.rules[CHILD].status, "not_assessed")
  t:eq(r.rules[CHILD].reason, "the staff_survey table has no column young_people_first (see docs/data.md)")
end)

------------------------------------------------------------------------
-- receptivity.senior_sponsor
------------------------------------------------------------------------
local SPONSOR = "receptivity.senior_sponsor"

test("senior_sponsor: an active senior sponsor scores 100", function(t)
  local r = t:run { suppress_below = 1, rule = SPONSOR, stage = "pilot", data = { leadership = {
    { level = "senior", active = "yes", project_role = "sponsor" },
    { level = "senior", active = "yes", project_role = "member" },
    { level = "middle", active = "yes", project_role = "lead" },
  } } }
  local x = r.rules[SPONSOR]
  t:eq(x.score, 100)
  t:eq(x.evidence["Active senior leaders engaged with the service"], 2)
  t:eq(x.evidence["Active senior sponsors"], 1)
  t:eq(r.action["receptivity.name_senior_sponsor"], nil)
end)

test("senior_sponsor: senior leaders without a sponsor score 60", function(t)
  local r = t:run { suppress_below = 1, rule = SPONSOR, stage = "pilot", data = { leadership = {
    { level = "senior", active = "yes", project_role = "member" },
    { level = "senior", active = "no", project_role = "sponsor" }, -- the sponsor has left
  } } }
  local x = r.rules[SPONSOR]
  t:eq(x.score, 60)
  t:eq(x.evidence["Active senior sponsors"], 0)
  local action = r.action["receptivity.name_senior_sponsor"]
  t:eq(action.impact, 8)
  t:eq(action.effort, "low")
  t:eq(action.why, "1 senior leader is engaged, but none is recorded as the service's sponsor.")
end)

test("senior_sponsor: without project roles an active senior leader scores 80", function(t)
  local r = t:run { suppress_below = 1, rule = SPONSOR, stage = "pilot", data = { leadership = {
    { level = "senior", active = "yes" }, { level = "senior", active = "yes" },
  } } }
  local x = r.rules[SPONSOR]
  t:eq(x.score, 80)
  t:eq(x.evidence["Active senior sponsors"], nil, "no project_role column: no sponsor count")
  t:eq(r.action["receptivity.name_senior_sponsor"].why,
       "2 senior leaders are engaged, but none is recorded as the service's sponsor.")
end)

test("senior_sponsor: no active senior leader scores 0", function(t)
  local r = t:run { rule = SPONSOR, stage = "pilot", data = { leadership = {
    { level = "middle", active = "yes", project_role = "lead" },
    { level = "senior", active = "no", project_role = "sponsor" },
  } } }
  t:eq(r.rules[SPONSOR].score, 0)
  t:eq(r.rules[SPONSOR].evidence["Active senior leaders engaged with the service"], 0)
  t:eq(r.action["receptivity.name_senior_sponsor"].impact, 15)
  t:eq(r.action["receptivity.name_senior_sponsor"].why,
       "No active senior leader is recorded as engaged with the service, so nobody at the top makes room for it.")
end)

test("senior_sponsor: without a leadership table it is not assessed", function(t)
  local r = t:run { rule = SPONSOR, stage = "pilot" }
  t:eq(r.rules[SPONSOR].status, "not_assessed")
  t:eq(r.rules[SPONSOR].reason, "no source provides the table 'leadership'")
end)

------------------------------------------------------------------------
-- receptivity.devolved_project_lead
------------------------------------------------------------------------
local DEVOLVED = "receptivity.devolved_project_lead"

test("devolved_project_lead: a lead below the senior team scores 100", function(t)
  local r = t:run { suppress_below = 1, rule = DEVOLVED, stage = "pilot", data = { leadership = {
    { level = "hybrid_middle", active = "yes", project_role = "lead" },
    { level = "senior", active = "yes", project_role = "sponsor" },
  } } }
  local x = r.rules[DEVOLVED]
  t:eq(x.score, 100)
  t:eq(x.evidence["Active project leads below the senior team"], 1)
  t:eq(x.evidence["Active project leads in the senior team"], 0)
  t:eq(#r.actions, 0)
end)

test("devolved_project_lead: led from the senior team scores 35", function(t)
  local r = t:run { suppress_below = 1, rule = DEVOLVED, stage = "pilot", data = { leadership = {
    { level = "senior", active = "yes", project_role = "lead" },
    { level = "middle", active = "no", project_role = "lead" }, -- has left
  } } }
  local x = r.rules[DEVOLVED]
  t:eq(x.score, 35)
  t:eq(x.evidence["Active project leads below the senior team"], 0)
  t:eq(x.evidence["Active project leads in the senior team"], 1)
  local action = r.action["receptivity.devolve_project_lead"]
  t:eq(action.impact, 12)
  t:eq(action.effort, "low")
  t:eq(action.title, "Hand day-to-day leadership of the service, with a delegated budget, to a team manager close to practice, ideally one with a social work or personal adviser background")
  t:eq(action.why, "The service is led day to day from the senior team. In the study, the authorities that sustained their services had handed leadership to managers and practitioners nearer the front line.")
end)

test("devolved_project_lead: no active lead scores 0", function(t)
  local r = t:run { rule = DEVOLVED, stage = "pilot", data = { leadership = {
    { level = "middle", active = "no", project_role = "lead" },
    { level = "senior", active = "yes", project_role = "sponsor" },
  } } }
  t:eq(r.rules[DEVOLVED].score, 0)
  -- the same gap as a senior lead, so the same action id, asking to appoint
  local action = r.action["receptivity.devolve_project_lead"]
  t:eq(action.why, "No active day-to-day lead is recorded for the service.")
  t:eq(action.impact, 15)
  t:ok(action.title:find("^Appoint a team manager close to practice"), action.title)
end)

test("devolved_project_lead: without project roles it is not assessed", function(t)
  local r = t:run { rule = DEVOLVED, stage = "pilot", data = { leadership = { { level = "middle", active = "yes" } } } }
  t:eq(r.rules[DEVOLVED].status, "not_assessed")
  t:eq(r.rules[DEVOLVED].reason, "the leadership table has no column project_role (see docs/data.md)")
end)

------------------------------------------------------------------------
-- receptivity.young_people_heard
------------------------------------------------------------------------
local HEARD = "receptivity.young_people_heard"
local INVOLVED = "Care leavers who feel involved in their own plans"
local LISTENED = "Care leavers who feel the leaving care service listens to them"

local function responses(involved, listened, date)
  local rows = {}
  for i = 1, #involved do
    rows[i] = { involved_in_plans = involved[i], listened_to = listened[i], date = date }
  end
  return rows
end

test("young_people_heard: care leavers who feel heard score high", function(t)
  local r = t:run { suppress_below = 1, rule = HEARD, stage = "pilot", data = { wellbeing =
    responses({ 5, 4, 4, 5, 4 }, { 4, 4, 5, 5, 3 }) } }
  local x = r.rules[HEARD]
  -- involved 5 of 5 agree = 1.0; listened 4 of 5 = 0.8; (1.0 + 0.8) / 2 = 0.9
  t:near(x.score, 90)
  t:eq(x.evidence[INVOLVED], 1)
  t:near(x.evidence[LISTENED], 0.8)
  t:eq(r.action["receptivity.plan_with_young_people"], nil)
end)

test("young_people_heard: care leavers who do not feel heard score low, and the why dates the round", function(t)
  local r = t:run { suppress_below = 1, rule = HEARD, stage = "pilot", data = { wellbeing =
    responses({ 1, 2, 4, 2, 3, 5 }, { 2, 2, 2, 4, 1, 1 }, "2023-11-20") } }
  local x = r.rules[HEARD]
  -- involved 2 of 6 agree; listened 1 of 6; (1/3 + 1/6) / 2 = 0.25
  t:near(x.score, 25)
  t:near(x.evidence[INVOLVED], 1 / 3)
  t:near(x.evidence[LISTENED], 1 / 6)
  local action = r.action["receptivity.plan_with_young_people"]
  t:eq(action.owner, "leaving care team manager")
  t:eq(action.why, "In the survey round up to 2023-11-20, 33% of care leavers said they feel involved in their own plans and 17% that the service listens to them.")
end)

test("young_people_heard: it is receptivity, not co-production of the service", function(t)
  local r = t:run { stage = "pilot", data = { wellbeing = responses({ 5, 4, 4, 5, 4 }, { 4, 4, 5, 5, 3 }) } }
  t:near(r.ingredients.receptivity.score, 90)
  t:eq(r.ingredients.coproduction.score, nil, "one's own plan is not the service")
end)

test("young_people_heard: only the latest round counts", function(t)
  -- an old round (2022-06-01) that felt unheard, more than a year before the
  -- latest response (2024-01-10); the latest round alone scores 90
  local rows = responses({ 1, 1, 1, 1, 1 }, { 1, 1, 1, 1, 1 }, "2022-06-01")
  for _, row in ipairs(responses({ 5, 4, 4, 5, 4 }, { 4, 4, 5, 5, 3 }, "2024-01-10")) do rows[#rows + 1] = row end
  local r = t:run { rule = HEARD, stage = "pilot", data = { wellbeing = rows } }
  t:near(r.rules[HEARD].score, 90)
end)

test("young_people_heard: fewer than 5 answers are suppressed, in the evidence and the why", function(t)
  local r = t:run { rule = HEARD, stage = "pilot", data = { wellbeing = responses({ 1, 2, 4, 5 }, { 2, 2, 2, 2 }) } }
  local x = r.rules[HEARD]
  t:near(x.score, 25) -- involved 2 of 4 = 0.5, listened 0; 0.25
  t:eq(x.evidence[INVOLVED], "c")
  t:eq(x.evidence[LISTENED], "c")
  t:eq(r.action["receptivity.plan_with_young_people"].why,
       "In the latest survey, few care leavers said they feel involved in their own plans or listened to.")
end)

test("young_people_heard: a survey without the two items is not assessed", function(t)
  local r = t:run { rule = HEARD, stage = "pilot", data = { wellbeing = { { life_satisfaction = 7 } } } }
  t:eq(r.rules[HEARD].status, "not_assessed")
  t:eq(r.rules[HEARD].reason, "the wellbeing table has no column involved_in_plans, listened_to (see docs/data.md)")
end)

test("young_people_heard: a latest round with no answers to them is not assessed", function(t)
  local r = t:run { rule = HEARD, stage = "pilot", data = { wellbeing = {
    { date = "2022-01-01", involved_in_plans = 4, listened_to = 4 },
    { date = "2024-01-01", life_satisfaction = 6 },
  } } }
  t:eq(r.rules[HEARD].status, "not_assessed")
  t:eq(r.rules[HEARD].reason, "the latest wellbeing survey has no answers about involvement in plans or being listened to")
end)

------------------------------------------------------------------------
-- receptivity.protected_budget
------------------------------------------------------------------------
local BUDGET = "receptivity.protected_budget"

test("protected_budget: a protected budget scores 100 and proposes nothing", function(t)
  local r = t:run { rule = BUDGET, stage = "pilot", attr = { innovation_budget = "yes" } }
  t:eq(r.rules[BUDGET].score, 100)
  t:eq(r.rules[BUDGET].evidence["A protected budget for trying new things"], true)
  t:eq(#r.actions, 0)
end)

test("protected_budget: none scores 0 and asks to set one aside", function(t)
  local r = t:run { rule = BUDGET, stage = "pilot", attr = { innovation_budget = "no" } }
  t:eq(r.rules[BUDGET].score, 0)
  local action = r.action["receptivity.set_aside_budget"]
  t:eq(action.owner, "director of children's services")
  t:eq(action.why, "No budget is protected for trying new things, so every new idea has to be paid for from money already committed.")
end)

test("protected_budget: it weighs half a rule, beside the rules that weigh many answers", function(t)
  local r = t:run { ingredient = "receptivity", stage = "pilot", attr = { innovation_budget = "no" },
    data = { leadership = { { level = "senior", active = "yes", project_role = "sponsor" },
                            { level = "middle", active = "yes", project_role = "lead" } } } }
  -- senior_sponsor 100, devolved 100, protected_budget 0 at weight 0.5:
  -- (100 + 100 + 0) / 2.5 = 80
  t:near(r.ingredients.receptivity.score, 80)
end)

test("protected_budget: without the attribute it is not assessed; an unknown value is an error", function(t)
  local r = t:run { rule = BUDGET, stage = "pilot" }
  t:eq(r.rules[BUDGET].reason, "the config gives no innovation_budget (yes or no)")
  local bad = t:run { rule = BUDGET, stage = "pilot", attr = { innovation_budget = "some" } }
  t:eq(bad.rules[BUDGET].status, "error")
  t:ok(bad.rules[BUDGET].message:find("innovation_budget must be one of: no, yes; not 'some'", 1, true),
       bad.rules[BUDGET].message)
end)

------------------------------------------------------------------------
-- the ingredient as a whole
------------------------------------------------------------------------
test("receptivity: the ingredient score is the mean of its assessed rules", function(t)
  local r = t:run { ingredient = "receptivity", stage = "pilot",
    attr = { innovation_budget = "yes", financial_pressure = "low", ofsted_judgement = "good" },
    data = { leadership = { { level = "senior", active = "yes", project_role = "sponsor" },
                            { level = "senior", active = "yes", project_role = "lead" } } } }
  -- staff_climate, child_centred and young_people_heard are not assessed
  -- (no surveys): senior_sponsor 100, devolved_project_lead 35,
  -- protected_budget 100 at weight 0.5: (100 + 35 + 50) / 2.5 = 74; the
  -- pass-2 recipe.pressure_on_receptivity finds no pressure (low money, a
  -- good judgement) and returns 74, so the mean stays 74
  t:eq(r.rules[CLIMATE].status, "not_assessed")
  t:eq(r.rules[CHILD].status, "not_assessed")
  t:near(r.rules["recipe.pressure_on_receptivity"].score, 74)
  t:near(r.ingredients.receptivity.score, 74)
  t:eq(r.ingredients.receptivity.weight, 1.6)
end)

test("receptivity: money and inspection pressure are not scored by its own rules", function(t)
  -- pressure is a moderation in recipe.lua, counted once per ingredient
  local r = t:run { ingredient = "receptivity", stage = "pilot",
    attr = { financial_pressure = "high", ofsted_judgement = "inadequate", funding_after_pilot = "no" } }
  t:eq(r.ingredients.receptivity.score, nil, "no pass-1 receptivity rule reads the pressure or the funding")
end)
