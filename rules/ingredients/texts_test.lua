-- Every sentence the pack can write must be true. These tests run the whole
-- pack over many situations (each stage, pilots ended and not, each kind of
-- pressure, strong and weak data, small counts, missing tables) and read
-- every text it produces: action titles and whys, evidence labels and text
-- values, and not-assessed reasons. The rules' own tests pin each sentence;
-- these pin what must hold of all of them together.

------------------------------------------------------------------------
-- data situations
------------------------------------------------------------------------
local function rows(n, row)
  local out = {}
  for i = 1, n do
    out[i] = {}
    for k, v in pairs(row) do out[i][k] = v end
  end
  return out
end

local function join(...)
  local out = {}
  for _, list in ipairs { ... } do
    for _, row in ipairs(list) do out[#out + 1] = row end
  end
  return out
end

-- A service doing well: every table, good figures.
local STRONG = {
  staff_survey = rows(8, { leaders_welcome_ideas = 5, safe_to_try = 4, time_to_innovate = 4, young_people_first = 5,
                           part_of_core_offer = 5 }),
  participation = join(
    rows(3, { date = "2023-05-01", kind = "advocacy", level = "led", changed_decision = "yes", young_people = 6 }),
    rows(2, { date = "2023-08-01", kind = "care_leavers_council", level = "co-designed", changed_decision = "yes", young_people = 9 }),
    rows(2, { date = "2023-11-01", kind = "service_design", level = "co-designed", changed_decision = "yes", young_people = 5 }),
    rows(2, { date = "2024-02-01", kind = "consultation", level = "involved", changed_decision = "no", young_people = 7 }),
    rows(2, { date = "2022-08-01", kind = "evaluation", level = "involved", changed_decision = "yes", young_people = 5 }),
    rows(2, { date = "2022-11-01", kind = "co_research", level = "led", changed_decision = "yes", young_people = 5 }),
    rows(1, { date = "2022-05-01", kind = "consultation", level = "consulted", changed_decision = "no", young_people = 8 }),
    rows(1, { date = "2023-02-01", kind = "consultation", level = "consulted", changed_decision = "yes", young_people = 8 })),
  leadership = {
    { level = "senior", active = "yes", project_role = "sponsor", left = nil },
    { level = "hybrid_middle", active = "yes", project_role = "lead" },
    { level = "middle", active = "yes", project_role = "member" },
    { level = "frontline_champion", active = "yes", project_role = "champion" },
    { level = "frontline_champion", active = "yes", project_role = "champion" },
    { level = "elected_member", active = "yes", project_role = "sponsor" },
    { level = "care_leaver_advocate", active = "yes", project_role = "champion" },
  },
  measures = {
    { kind = "hard", topic = "eet", co_designed = "no", last_reported = "2024-02-29", used_in_decision = "yes" },
    { kind = "soft", topic = "wellbeing", co_designed = "yes", last_reported = "2024-01-31", used_in_decision = "yes" },
    { kind = "soft", topic = "settled", co_designed = "yes", last_reported = "2024-01-31", used_in_decision = "yes" },
    { kind = "soft", topic = "safety", co_designed = "yes", last_reported = "2024-01-31", used_in_decision = "yes" },
    { kind = "soft", topic = "relationships", co_designed = "yes", last_reported = "2024-01-31", used_in_decision = "no" },
  },
  adaptations = {
    { date = "2023-05-01", kind = "staffing", trigger = "young_people" },
    { date = "2023-09-01", kind = "offer", trigger = "data" },
    { date = "2024-01-01", kind = "offer", trigger = "young_people" },
    { date = "2022-06-01", kind = "staffing", trigger = "data" },
  },
  wellbeing = rows(12, { date = "2023-10-01", life_satisfaction = 8, anxiety = 2, involved_in_plans = 5, listened_to = 4,
                         safe_home = 5, lonely = "never", settled = 4, trust_adviser = 5, positive_future = 4 }),
  care_leavers = join(
    rows(12, { DOB = "2003-01-01", IN_TOUCH = "YES", ACTIV = "F5", ACCOM = "U1", in_innovation = "yes" }),
    rows(6, { DOB = "2003-01-01", IN_TOUCH = "YES", ACTIV = "F2", ACCOM = "D1", in_innovation = "no" }),
    rows(8, { DOB = "2006-01-01", IN_TOUCH = "YES", ACTIV = "F2", ACCOM = "D1", in_innovation = "no" })),
}

-- A service heading for pilotitis: every table, poor figures, an old survey.
local WEAK = {
  staff_survey = rows(9, { leaders_welcome_ideas = 2, safe_to_try = 2, time_to_innovate = 1, young_people_first = 2,
                           part_of_core_offer = 2 }),
  participation = join(
    rows(4, { date = "2021-11-01", kind = "consultation", level = "informed", changed_decision = "no", young_people = 6 }),
    rows(1, { date = "2023-06-01", kind = "care_leavers_council", level = "consulted", changed_decision = "no", young_people = 4 })),
  leadership = {
    { level = "senior", active = "yes", project_role = "sponsor" },
    { level = "senior", active = "yes", project_role = "lead" },
    { level = "senior", active = "yes", project_role = "member" },
    { level = "middle", active = "yes", project_role = "member" },
    { level = "middle", active = "no", project_role = "member", left = "2023-09-30" },
    { level = "frontline_champion", active = "no", project_role = "champion", left = "2023-06-30" },
    { level = "elected_member", active = "no", project_role = "sponsor", left = "2022-05-05" },
  },
  measures = {
    { kind = "hard", topic = "eet", co_designed = "no", last_reported = "2024-01-31", used_in_decision = "yes" },
    { kind = "hard", topic = "accommodation", co_designed = "no", last_reported = "2024-01-31", used_in_decision = "no" },
    { kind = "hard", topic = "process", co_designed = "no", last_reported = "2023-01-31", used_in_decision = "no" },
  },
  adaptations = {
    { date = "2022-02-14", kind = "offer", trigger = "young_people" },
    { date = "2023-09-30", kind = "staffing", trigger = "money" },
  },
  wellbeing = rows(10, { date = "2022-06-01", life_satisfaction = 3, anxiety = 8, involved_in_plans = 2, listened_to = 2,
                         safe_home = 2, lonely = "often_always" }),
  care_leavers = join(
    rows(5, { DOB = "2003-01-01", IN_TOUCH = "YES", ACTIV = "F5", ACCOM = "U1", in_innovation = "yes" }),
    rows(9, { DOB = "2003-01-01", IN_TOUCH = "YES", ACTIV = "G5", ACCOM = "V2", in_innovation = "no" }),
    rows(3, { DOB = "2003-01-01", IN_TOUCH = "REFU", ACTIV = "0", ACCOM = "0", in_innovation = "no" }),
    rows(3, { DOB = "2003-01-01", IN_TOUCH = "NO", ACTIV = "0", ACCOM = "0", in_innovation = "no" })),
}

-- Figures about too few people to quote: every count below 5.
local SMALL = {
  staff_survey = rows(3, { leaders_welcome_ideas = 2, safe_to_try = 1, time_to_innovate = 2, young_people_first = 1,
                           part_of_core_offer = 1 }),
  participation = rows(2, { date = "2023-10-01", kind = "consultation", level = "consulted", changed_decision = "no", young_people = 2 }),
  leadership = { { level = "senior", active = "yes", project_role = "lead" } },
  measures = { { kind = "hard", topic = "eet", co_designed = "no", last_reported = "2023-01-31", used_in_decision = "no" } },
  adaptations = { { date = "2020-01-01", kind = "funding", trigger = "money" } },
  wellbeing = rows(3, { date = "2024-01-10", life_satisfaction = 2, involved_in_plans = 1, listened_to = 1 }),
  care_leavers = rows(3, { DOB = "2003-01-01", IN_TOUCH = "NO", ACTIV = "0", ACCOM = "0", in_innovation = "yes" }),
}

local DATA = { strong = STRONG, weak = WEAK, small = SMALL, none = {} }

-- The dates and stages: a pilot running, the year before its end, just
-- after it, long after it, being scaled up, and no dates at all.
local TIMES = {
  { name = "pilot running", pilot_start = "2022-04-01", pilot_end = "2025-09-30" },
  { name = "ends within the year", pilot_start = "2021-04-01", pilot_end = "2024-09-30" },
  { name = "ended within the year", pilot_start = "2021-10-01", pilot_end = "2023-09-30" },
  { name = "ended long ago", pilot_start = "2019-04-01", pilot_end = "2022-03-31" },
  { name = "scaling", pilot_start = "2020-01-01", pilot_end = "2022-12-31", stage = "scaling" },
  { name = "not started", pilot_start = "2024-06-01", pilot_end = "2026-05-31" },
  { name = "no dates", stage = "transition" },
}

-- The facts in the config: none, good ones, and three kinds of pressure.
local FACTS = {
  none = {},
  good = { funding_after_pilot = "yes", business_case = "approved", financial_pressure = "low",
           ofsted_judgement = "good", innovation_budget = "yes", areas_covered = 4, areas_total = 4 },
  money = { funding_after_pilot = "partial", business_case = "submitted", financial_pressure = "high",
            ofsted_judgement = "good", innovation_budget = "no", areas_covered = 9, areas_total = 10 },
  inspection = { funding_after_pilot = "no", business_case = "drafting", financial_pressure = "medium",
                 ofsted_judgement = "requires improvement", innovation_budget = "no", areas_covered = 1, areas_total = 4 },
  crisis = { funding_after_pilot = "no", business_case = "none", financial_pressure = "high",
             ofsted_judgement = "inadequate", innovation_budget = "no", soft_outcomes_tracked = "no" },
}

-- Runs the pack in every situation and calls check(text, kind, where, s)
-- for every text of every result; s is the situation
-- { time = ..., facts = ..., data = ..., r = result }.
local function every_text(t, check)
  for data_name, data in pairs(DATA) do
    for facts_name, facts in pairs(FACTS) do
      for _, time in ipairs(TIMES) do
        local r = t:run { pilot_start = time.pilot_start, pilot_end = time.pilot_end, stage = time.stage,
                          attr = facts, data = data }
        local s = { time = time, facts = facts, facts_name = facts_name, data = data_name, r = r }
        local where = data_name .. " data, " .. facts_name .. " facts, " .. time.name
        for _, action in ipairs(r.actions) do
          check(action.title, "title", where .. ", " .. action.id, s, action)
          check(action.why, "why", where .. ", " .. action.id, s, action)
        end
        for _, results in ipairs { r.rules, r.context } do
          for id, rule in pairs(results) do
            if rule.reason then check(rule.reason, "reason", where .. ", " .. id, s) end
            for label, value in pairs(rule.evidence or {}) do
              check(label, "label", where .. ", " .. id, s)
              if type(value) == "string" then check(value, "value", where .. ", " .. id, s) end
            end
            t:eq(rule.status ~= "error" and true or rule.message, true, where .. ", " .. id)
          end
        end
      end
    end
  end
end

------------------------------------------------------------------------
-- what must hold of every text
------------------------------------------------------------------------
test("texts: no text says the service is not required by law", function(t)
  -- support for care leavers is statutory (personal advisers to 25, the
  -- local offer); only what an innovation adds to it is discretionary
  every_text(t, function(text, _, where)
    local lower = text:lower()
    for _, words in ipairs { "does not require", "not required", "non-statutory", "not statutory", "law does not" } do
      t:ok(not lower:find(words, 1, true), where .. ": " .. text)
    end
  end)
end)

test("texts: no action promises to follow up those who answered the anonymous survey", function(t)
  every_text(t, function(text, kind, where)
    if kind ~= "title" and kind ~= "why" then return end
    local lower = text:lower()
    for _, words in ipairs { "follow-up", "follow up", "who report low", "who reported low", "who answered", "respondents" } do
      t:ok(not lower:find(words, 1, true), where .. ": " .. text)
    end
  end)
end)

test("texts: the tense follows the dates of the pilot", function(t)
  every_text(t, function(text, _, where, s)
    local date = "2024-03-31"
    for ended in text:gmatch("ended on (%d%d%d%d%-%d%d%-%d%d)") do
      t:ok(ended < date, where .. ": a date still to come is not past: " .. text)
    end
    for ends in text:gmatch("ends on (%d%d%d%d%-%d%d%-%d%d)") do
      t:ok(ends >= date, where .. ": a date gone by has ended: " .. text)
    end
    -- nothing says the service is at risk when the pilot ends once it has ended
    if s.time.pilot_end and s.time.pilot_end < date then
      t:ok(not text:find("when the pilot ends", 1, true) and not text:find("when the pilot money ends", 1, true),
           where .. ": " .. text)
    end
  end)
end)

test("texts: a good inspection judgement is never presented as pressure", function(t)
  every_text(t, function(text, kind, where, s)
    if s.facts.ofsted_judgement ~= "good" then return end
    if kind == "title" or kind == "why" then
      t:ok(not text:lower():find("inspection", 1, true), where .. ": " .. text)
    end
    if kind == "value" then
      t:ok(not text:find("judgement of 'good'", 1, true), where .. ": " .. text)
    end
  end)
end)

test("texts: a service covering all its areas is never asked to roll out", function(t)
  every_text(t, function(text, kind, where, s)
    local f = s.facts
    if f.areas_covered and f.areas_total and f.areas_covered >= f.areas_total and kind == "title" then
      t:ok(not text:lower():find("roll", 1, true), where .. ": " .. text)
    end
  end)
end)

test("texts: no action quotes a score, which pass 2 could change after it was written", function(t)
  -- the plan shows each ingredient's final score; a why that quoted the
  -- first-pass figure would show a second number for the same thing
  every_text(t, function(text, kind, where)
    if kind ~= "title" and kind ~= "why" then return end
    local lower = text:lower()
    t:ok(not lower:find("scores? %d") and not lower:find("score %(") and not lower:find("%(score"),
         where .. ": " .. text)
    for _, ingredient in ipairs { "receptivity", "coproduction", "co-production", "leadership", "measurement", "adaptation" } do
      t:ok(not lower:find(ingredient .. " %d"), where .. ": " .. text)
    end
  end)
end)

test("texts: actions use plain words, not the study's terms", function(t)
  every_text(t, function(text, kind, where, _, action)
    if kind ~= "title" and kind ~= "why" then return end
    local lower = text:lower()
    for _, words in ipairs { "receptivity", "distributed leadership", "pilotitis", "hybrid", "frugal" } do
      t:ok(not lower:find(words, 1, true), where .. ": " .. text)
    end
    -- the young people's version says each action in its plain words: every
    -- action has them, free of the words a care leaver would need explained
    if kind == "title" then
      t:ok(action.plain, where .. ": no plain words for young people")
      local plain = (action.plain or ""):lower()
      for _, words in ipairs { "co-produc", "coproduc", "kpi", "receptivity", "distributed", "pilotitis", "hybrid",
                               "frugal", "mainstream", "business case", "outcome", "neet", "pathway plan",
                               "stakeholder", "practitioner" } do
        t:ok(not plain:find(words, 1, true), where .. ": " .. (action.plain or ""))
      end
    end
  end)
end)

test("texts: every why is a finished sentence with no placeholder left in it", function(t)
  every_text(t, function(text, kind, where)
    t:ok(not text:find("nil", 1, true) and not text:find("%%[ds]") and not text:find("  ", 1, true), where .. ": " .. text)
    t:ok(not text:find("only 0 ", 1, true) and not text:find("Only 0 ", 1, true), where .. ": " .. text)
    if kind == "why" then
      t:ok(text:find("^[%u%d]") and text:find("[%.%)]$"), where .. ": " .. text)
    end
  end)
end)

test("texts: one gap, one action: the same gap is not named by two actions", function(t)
  -- the gaps several rules see: an elected member, a middle manager or
  -- day-to-day lead close to practice, measures of how young people feel,
  -- and money after the pilot
  every_text(t, function(text, kind, where, _, action)
    if kind ~= "title" then return end
    local lower = text:lower()
    if lower:find("elected member", 1, true) or lower:find("lead member", 1, true) then
      t:eq(action.id, "leadership.brief_lead_member", where .. ": " .. text)
    end
    if lower:find("business case", 1, true) or lower:find("budget line", 1, true) then
      t:eq(action.id, "adaptation.secure_mainstream_funding", where .. ": " .. text)
    end
    if lower:find("dashboard", 1, true) then
      t:eq(action.id, "measurement.track_wellbeing", where .. ": " .. text)
    end
  end)
end)

test("texts: one gap, one action, in every situation", function(t)
  every_text(t, function(_, kind, where, s, action)
    if kind ~= "title" then return end
    t:ok(action.gap and action.gap ~= "", where .. ": every action names its gap")
    local same = 0
    for _, other in ipairs(s.r.actions) do
      if other.gap == action.gap then same = same + 1 end
    end
    t:eq(same, 1, where .. ": gap " .. action.gap)
    t:ok(#action.found_by >= 1 and action.found_by[1] ~= nil, where .. ": found by a rule")
  end)
end)

test("texts: nobody is sent to the virtual school, which has no duty to 19 to 21 year olds", function(t)
  every_text(t, function(text, kind, where)
    if kind ~= "title" and kind ~= "why" then return end
    t:ok(not text:lower():find("virtual school", 1, true), where .. ": " .. text)
  end)
end)

test("texts: when the pilot money has gone or goes within the year with no budget line, securing it comes first", function(t)
  every_text(t, function(_, kind, where, s, action)
    if kind ~= "title" or action.id ~= "adaptation.secure_mainstream_funding" then return end
    local f, ends = s.facts, s.time.pilot_end
    local at_risk = ends and f.funding_after_pilot ~= "yes" and (ends < "2024-03-31" or ends <= "2025-03-31")
    t:eq(action.survival, at_risk and true or false, where)
    if at_risk then
      t:eq(action.rank, 1, where)
      t:eq(action.first, true, where)
    end
  end)
end)

test("texts: figures about fewer than 5 people are never quoted", function(t)
  every_text(t, function(text, kind, where, s)
    if s.data ~= "small" or (kind ~= "why") then return end
    -- in the small data every count of young people and of staff answering
    -- a survey is 1 to 3: no share of them, no mean of their answers and no
    -- count of their answers may appear
    for _, pattern in ipairs { "%d%% of care leavers", "%d%% of staff", "%d%.%d of 5", "%d answers", "%d responses",
                               "%d%% of young", "%d points" } do
      t:ok(not text:find(pattern), where .. ": " .. text)
    end
  end)
end)
