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
  -- the weakest is the first of the two items at 2.0 (safe_to_try), quoted without figures
  t:eq(r.action["receptivity.protect_time"].why,
       "Staff agreement that it is safe to try something new is the weakest climate item.")
end)

test("staff_climate: the suppression threshold is the assessment's", function(t)
  local r = t:run { rule = CLIMATE, stage = "pilot", suppress_below = 3,
    data = { staff_survey = climate { {2, 2, 2}, {3, 2, 1}, {2, 2, 3} } } }
  t:near(r.rules[CLIMATE].evidence["Staff agreement that leaders welcome new ideas (mean, 1-5)"], 7 / 3)
  t:eq(r.action["receptivity.protect_time"].why,
       "Staff agreement that it is safe to try something new averages 2.0 of 5 (3 answers), the weakest climate item.")
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
  local r = t:run { rule = CHILD, stage = "pilot", data = { staff_survey = answers("young_people_first", {2, 3, 4, 2, 1}) } }
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
  local r = t:run { rule = SPONSOR, stage = "pilot", data = { leadership = {
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
  local r = t:run { rule = SPONSOR, stage = "pilot", data = { leadership = {
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
  local r = t:run { rule = SPONSOR, stage = "pilot", data = { leadership = {
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
  local r = t:run { rule = DEVOLVED, stage = "pilot", data = { leadership = {
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
  local r = t:run { rule = DEVOLVED, stage = "pilot", data = { leadership = {
    { level = "senior", active = "yes", project_role = "lead" },
    { level = "middle", active = "no", project_role = "lead" }, -- has left
  } } }
  local x = r.rules[DEVOLVED]
  t:eq(x.score, 35)
  t:eq(x.evidence["Active project leads below the senior team"], 0)
  t:eq(x.evidence["Active project leads in the senior team"], 1)
  t:eq(r.action["receptivity.devolve_project_lead"].impact, 12)
  t:eq(r.action["receptivity.appoint_project_lead"], nil)
end)

test("devolved_project_lead: no active lead scores 0", function(t)
  local r = t:run { rule = DEVOLVED, stage = "pilot", data = { leadership = {
    { level = "middle", active = "no", project_role = "lead" },
    { level = "senior", active = "yes", project_role = "sponsor" },
  } } }
  t:eq(r.rules[DEVOLVED].score, 0)
  t:eq(r.action["receptivity.appoint_project_lead"].why, "No active project lead is recorded for the service.")
  t:eq(r.action["receptivity.devolve_project_lead"], nil)
end)

test("devolved_project_lead: without project roles it is not assessed", function(t)
  local r = t:run { rule = DEVOLVED, stage = "pilot", data = { leadership = { { level = "middle", active = "yes" } } } }
  t:eq(r.rules[DEVOLVED].status, "not_assessed")
  t:eq(r.rules[DEVOLVED].reason, "the leadership table has no column project_role (see docs/data.md)")
end)

------------------------------------------------------------------------
-- receptivity.funding_beyond_pilot
------------------------------------------------------------------------
local FUNDING = "receptivity.funding_beyond_pilot"

test("funding_beyond_pilot: funding secured scores 100", function(t)
  local r = t:run { rule = FUNDING, pilot_end = "2024-09-30", attr = { funding_after_pilot = "yes" } }
  local x = r.rules[FUNDING]
  t:eq(r.stage, "transition")
  t:eq(x.score, 100)
  t:eq(x.evidence["Funding secured after the pilot"], "yes")
  t:eq(x.evidence["Pilot funding ends or ended"], "2024-09-30")
  t:eq(r.action["receptivity.secure_budget_line"], nil)
end)

test("funding_beyond_pilot: partial funding scores 55 and counts the days left", function(t)
  local r = t:run { rule = FUNDING, pilot_end = "2024-09-30", attr = { funding_after_pilot = "partial" } }
  t:eq(r.rules[FUNDING].score, 55)
  local action = r.action["receptivity.secure_budget_line"]
  t:eq(action.effort, "high")
  t:eq(action.impact, 25)
  -- 2024-03-31 to 2024-09-30: 30 + 31 + 30 + 31 + 31 + 30 = 183 days
  t:eq(action.why, "Funding after the pilot is 'partial' when pilot funding ends on 2024-09-30, 183 days after this assessment: without a budget line the service ends with the pilot.")
end)

test("funding_beyond_pilot: no funding after an ended pilot scores 10", function(t)
  local r = t:run { rule = FUNDING, pilot_end = "2023-09-30", attr = { funding_after_pilot = "no" } }
  t:eq(r.rules[FUNDING].score, 10)
  t:eq(r.action["receptivity.secure_budget_line"].why,
       "Funding after the pilot is 'no' although pilot funding ended on 2023-09-30: without a budget line the service ends with the pilot.")
end)

test("funding_beyond_pilot: without pilot dates the why speaks of the pilot money", function(t)
  local r = t:run { rule = FUNDING, stage = "pilot", attr = { funding_after_pilot = "no" } }
  t:eq(r.rules[FUNDING].evidence["Pilot funding ends or ended"], nil)
  t:eq(r.action["receptivity.secure_budget_line"].why,
       "Funding after the pilot is 'no' when the pilot money ends: without a budget line the service ends with the pilot.")
end)

test("funding_beyond_pilot: without the attribute it is not assessed", function(t)
  local r = t:run { rule = FUNDING, stage = "pilot" }
  t:eq(r.rules[FUNDING].status, "not_assessed")
  t:eq(r.rules[FUNDING].reason, "the config gives no funding_after_pilot (yes, partial or no)")
end)

test("funding_beyond_pilot: an unknown value is an error naming the allowed values", function(t)
  local r = t:run { rule = FUNDING, stage = "pilot", attr = { funding_after_pilot = "maybe" } }
  t:eq(r.rules[FUNDING].status, "error")
  t:ok(r.rules[FUNDING].message:find("funding_after_pilot must be one of: no, partial, yes; not 'maybe'", 1, true),
       r.rules[FUNDING].message)
  t:eq(#r.actions, 0)
end)

------------------------------------------------------------------------
-- receptivity.shielded_from_pressure
------------------------------------------------------------------------
local SHIELD = "receptivity.shielded_from_pressure"

test("shielded_from_pressure: low pressure and a good inspection score 100", function(t)
  local r = t:run { rule = SHIELD, stage = "pilot", attr = { financial_pressure = "low", ofsted_judgement = "good" } }
  local x = r.rules[SHIELD]
  t:eq(x.score, 100)
  t:eq(x.evidence["Financial pressure"], "low")
  t:eq(x.evidence["Latest inspection judgement"], "good")
  t:eq(x.evidence["A protected budget for trying new things"], false)
  t:eq(r.action["receptivity.ring_fence"], nil, "no pressure, nothing to ring-fence")
end)

test("shielded_from_pressure: high pressure and an inadequate judgement score 20", function(t)
  local r = t:run { rule = SHIELD, stage = "pilot", attr = { financial_pressure = "high", ofsted_judgement = "inadequate" } }
  -- penalty 40 + 40 = 80; 100 - 80 = 20
  t:eq(r.rules[SHIELD].score, 20)
  local action = r.action["receptivity.ring_fence"]
  t:eq(action.impact, 12)
  t:eq(action.why, "Financial pressure is 'high' and the latest inspection judgement is 'inadequate', with no protected budget: under such pressure innovation is the first thing cut.")
end)

test("shielded_from_pressure: a protected budget halves the penalty and needs no action", function(t)
  local r = t:run { rule = SHIELD, stage = "pilot", attr = {
    financial_pressure = "high", ofsted_judgement = "requires improvement", innovation_budget = "yes" } }
  -- penalty (40 + 25) / 2 = 32.5; 100 - 32.5 = 67.5
  t:near(r.rules[SHIELD].score, 67.5)
  t:eq(r.rules[SHIELD].evidence["A protected budget for trying new things"], true)
  t:eq(r.action["receptivity.ring_fence"], nil)
end)

test("shielded_from_pressure: one attribute is enough; the other is 'not stated'", function(t)
  local r = t:run { rule = SHIELD, stage = "pilot", attr = { financial_pressure = "medium" } }
  t:eq(r.rules[SHIELD].score, 80) -- 100 - 20
  t:eq(r.rules[SHIELD].evidence["Latest inspection judgement"], nil)
  t:eq(r.action["receptivity.ring_fence"].why, "Financial pressure is 'medium' and the latest inspection judgement is 'not stated', with no protected budget: under such pressure innovation is the first thing cut.")
end)

test("shielded_from_pressure: without either attribute it is not assessed", function(t)
  local r = t:run { rule = SHIELD, stage = "pilot", attr = { innovation_budget = "yes" } }
  t:eq(r.rules[SHIELD].status, "not_assessed")
  t:eq(r.rules[SHIELD].reason, "the config gives neither financial_pressure (low, medium, high) nor ofsted_judgement")
end)

test("shielded_from_pressure: an unknown judgement is an error", function(t)
  local r = t:run { rule = SHIELD, stage = "pilot", attr = { ofsted_judgement = "RI" } }
  t:eq(r.rules[SHIELD].status, "error")
  t:ok(r.rules[SHIELD].message:find("ofsted_judgement must be one of: good, inadequate, outstanding, requires improvement; not 'RI'", 1, true),
       r.rules[SHIELD].message)
end)

------------------------------------------------------------------------
-- the ingredient as a whole
------------------------------------------------------------------------
test("receptivity: the ingredient score is the mean of its assessed rules", function(t)
  local r = t:run { ingredient = "receptivity", stage = "pilot",
    attr = { funding_after_pilot = "partial", financial_pressure = "low", ofsted_judgement = "good" },
    data = { leadership = { { level = "senior", active = "yes", project_role = "sponsor" },
                            { level = "middle", active = "yes", project_role = "lead" } } } }
  -- staff_climate and child_centred are not assessed (no survey): the mean of
  -- senior_sponsor 100, devolved_project_lead 100, funding 55, shielded 100
  -- plus the pass-2 recipe.pressure_tests_receptivity, neutral here (its
  -- pass-1 receptivity score 88.75); so (100 + 100 + 55 + 100 + 88.75) / 5 = 88.75
  t:eq(r.rules[CLIMATE].status, "not_assessed")
  t:eq(r.rules[CHILD].status, "not_assessed")
  t:near(r.ingredients.receptivity.score, 88.75)
  t:eq(r.ingredients.receptivity.weight, 1.6)
end)
