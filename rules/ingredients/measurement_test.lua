-- Tests of measurement.lua: for each rule a strong case, a weak case and a
-- missing-data case, with the score worked out by hand in the comments.
-- The assessment date is the test default, 2024-03-31: "the last 12 months"
-- are 2023-04-01 to 2024-03-31.

-- Inline care-leaver rows: n rows of the same DOB and codes.
local function leavers(n, dob, in_touch, activ, accom, innovation)
  local rows = {}
  for i = 1, n do
    rows[i] = { DOB = dob, IN_TOUCH = in_touch, ACTIV = activ, ACCOM = accom, in_innovation = innovation }
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

------------------------------------------------------------------------
-- the measures table: soft outcomes, co-design, use in decisions
------------------------------------------------------------------------
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

local SOFT = "measurement.soft_outcomes_tracked"

test("soft_outcomes_tracked: the four core soft topics score 100", function(t)
  local r = t:run { rule = SOFT, stage = "transition", data = { measures = STRONG_MEASURES } }
  local x = r.rules[SOFT]
  t:eq(x.score, 100)
  t:eq(x.evidence["Soft-outcome measures tracked"], 4)
  t:eq(x.evidence["Hard-outcome measures (KPIs) tracked"], 2)
  t:eq(x.evidence["Core soft-outcome topics covered (of 4: wellbeing, feeling settled, feeling safe, relationships)"], 4)
  t:eq(r.action["measurement.track_wellbeing"], nil)
end)

test("soft_outcomes_tracked: KPIs only score low and name the missing topics", function(t)
  local r = t:run { rule = SOFT, stage = "transition", data = { measures = WEAK_MEASURES } }
  t:eq(r.rules[SOFT].score, 25) -- 1 of 4 topics
  local action = r.action["measurement.track_wellbeing"]
  t:eq(action.title, "Add measures of how care leavers feel to the service's dashboard: feeling settled, feeling safe, relationships")
  t:eq(action.impact, 15) -- 6 + 3 * 3
  t:eq(action.why, "The service tracks 1 measure of how young people feel, covering 1 of the 4 core topics; feeling settled, feeling safe and relationships are not measured.")
  local one = t:run { rule = SOFT, stage = "transition", data = { measures = {
    { kind = "soft", topic = "wellbeing" }, { kind = "soft", topic = "settled" }, { kind = "soft", topic = "safety" } } } }
  t:eq(one.action["measurement.track_wellbeing"].why,
       "The service tracks 3 measures of how young people feel, covering 3 of the 4 core topics; relationships is not measured.")
end)

test("soft_outcomes_tracked: a soft topic measured as a hard KPI does not count", function(t)
  local r = t:run { rule = SOFT, stage = "transition", data = { measures = {
    { kind = "hard", topic = "wellbeing" }, { kind = "soft", topic = "identity" } } } }
  t:eq(r.rules[SOFT].score, 0)
  t:eq(r.rules[SOFT].evidence["Soft-outcome measures tracked"], 1)
  t:eq(r.action["measurement.track_wellbeing"].why,
       "The service tracks no measure of how young people feel on the 4 core topics: wellbeing, feeling settled, feeling safe and relationships are not measured.")
end)

test("soft_outcomes_tracked: without a measures table the soft_outcomes_tracked attribute decides", function(t)
  local yes = t:run { rule = SOFT, stage = "transition", attr = { soft_outcomes_tracked = "yes" } }
  t:eq(yes.rules[SOFT].score, 100)
  t:eq(yes.rules[SOFT].evidence["Soft outcomes tracked (the authority's statement; there is no measures table)"], true)
  t:eq(#yes.actions, 0)
  local no = t:run { rule = SOFT, stage = "transition", attr = { soft_outcomes_tracked = "no" } }
  t:eq(no.rules[SOFT].score, 0)
  local action = no.action["measurement.track_wellbeing"]
  t:eq(action.impact, 18)
  t:eq(action.title, "Add measures of how care leavers feel (wellbeing, feeling settled, feeling safe, relationships) to the service's dashboard")
  t:eq(action.why, "The service does not track how young people feel, so what young people say matters is invisible when the service is judged.")
  -- a measures table, when there is one, is the evidence: the attribute is not read
  local both = t:run { rule = SOFT, stage = "transition", attr = { soft_outcomes_tracked = "yes" },
    data = { measures = WEAK_MEASURES } }
  t:eq(both.rules[SOFT].score, 25)
  local bad = t:run { rule = SOFT, stage = "transition", attr = { soft_outcomes_tracked = "sometimes" } }
  t:eq(bad.rules[SOFT].status, "error")
end)

test("soft_outcomes_tracked: without kind and topic it is not assessed", function(t)
  local r = t:run { rule = SOFT, stage = "transition", data = { measures = { { measure = "EET 19-21" } } } }
  t:eq(r.rules[SOFT].status, "not_assessed")
  t:eq(r.rules[SOFT].reason, "the measures table has no column kind, topic (see docs/data.md)")
  local none = t:run { rule = SOFT, stage = "transition" }
  t:eq(none.rules[SOFT].reason, "no source provides the table 'measures', and the config gives no soft_outcomes_tracked (yes or no)")
end)

local CODE = "measurement.codesigned_measures"

test("codesigned_measures: half co-designed scores 100", function(t)
  local r = t:run { rule = CODE, stage = "transition", data = { measures = STRONG_MEASURES } }
  local x = r.rules[CODE]
  t:eq(x.score, 100) -- 3 of 6 = 0.5, the full-marks point
  t:eq(x.evidence["Measures the service tracks"], 6)
  t:eq(x.evidence["Share co-designed with care leavers"], 0.5)
  t:eq(r.action["measurement.codesign_measures"], nil)
end)

test("codesigned_measures: none co-designed scores 0", function(t)
  local r = t:run { rule = CODE, stage = "transition", data = { measures = WEAK_MEASURES } }
  t:eq(r.rules[CODE].score, 0)
  local action = r.action["measurement.codesign_measures"]
  t:eq(action.why, "None of the 4 measures was designed with care leavers.")
  t:eq(action.title, "Ask care leavers, through their council or forum, to choose two measures of what matters to them, and report them every quarter")
end)

test("codesigned_measures: one in five scores 40", function(t)
  local rows = { { co_designed = "yes" }, { co_designed = "no" }, { co_designed = "no" }, { co_designed = "no" }, { co_designed = "no" } }
  local r = t:run { rule = CODE, stage = "transition", data = { measures = rows } }
  t:near(r.rules[CODE].score, 40) -- 0.2 / 0.5 * 100
  t:eq(r.action["measurement.codesign_measures"].why, "Only 20% of the 5 measures were designed with care leavers.")
end)

test("codesigned_measures: without co_designed it is not assessed", function(t)
  local r = t:run { rule = CODE, stage = "transition", data = { measures = { { kind = "hard" } } } }
  t:eq(r.rules[CODE].reason, "the measures table has no column co_designed (see docs/data.md)")
end)

local USED = "measurement.measures_used"

test("measures_used: measures reported and used score high", function(t)
  local r = t:run { rule = USED, stage = "transition", data = { measures = STRONG_MEASURES } }
  local x = r.rules[USED]
  -- all: reported since 2023-03-31 5 of 6, also used in a decision 4 of 6:
  -- 100 * (0.3 * 5 + 0.7 * 4) / 6 = 71.667; the 4 soft ones: reported 3,
  -- used 2: 100 * (0.9 + 1.4) / 4 = 57.5; half each: 64.583
  t:near(x.score, (430 / 6 + 57.5) / 2)
  t:eq(x.evidence["Measures the service tracks"], 6)
  t:near(x.evidence["Share reported in the last 12 months"], 5 / 6)
  t:near(x.evidence["Share reported in the last 12 months and used in a decision"], 4 / 6)
  t:near(x.evidence["Share of soft-outcome measures reported in the last 12 months and used in a decision"], 0.5)
  t:eq(r.action["measurement.use_in_decisions"], nil, "half of the soft measures used is not below half")
end)

test("measures_used: KPIs used but the soft measures left on the shelf ask for the soft ones too", function(t)
  local rows = {
    { kind = "hard", last_reported = "2024-02-29", used_in_decision = "yes" },
    { kind = "hard", last_reported = "2024-02-29", used_in_decision = "yes" },
    { kind = "hard", last_reported = "2024-02-29", used_in_decision = "yes" },
    { kind = "soft", last_reported = "2024-01-31", used_in_decision = "no" },
  }
  local r = t:run { rule = USED, stage = "transition", data = { measures = rows } }
  -- all: 100 * (1.2 + 2.1) / 4 = 82.5; soft: 100 * 0.3 / 1 = 30; mean 56.25
  t:near(r.rules[USED].score, 56.25)
  local action = r.action["measurement.use_in_decisions"]
  t:eq(action.title, "Put the service's measures, those of how care leavers feel too, on the corporate parenting board's agenda each quarter, and minute the decision each one informed")
  t:eq(action.why, "3 of 4 measures were reported in the last 12 months and used in a decision, of which 0 of the 1 soft-outcome measures.")
end)

test("measures_used: measures nobody acts on score low", function(t)
  local r = t:run { rule = USED, stage = "transition", data = { measures = WEAK_MEASURES } }
  -- all: reported 2 of 4, used 1 of 4: 100 * (0.6 + 0.7) / 4 = 32.5; the
  -- one soft measure was last reported in 2022: 0; mean 16.25
  t:near(r.rules[USED].score, 16.25)
  t:eq(r.action["measurement.use_in_decisions"].why, "1 of 4 measures were reported in the last 12 months and used in a decision, of which 0 of the 1 soft-outcome measures.")
  -- without soft measures (soft_outcomes_tracked counts their absence) only all of them count
  local hard = t:run { rule = USED, stage = "transition", data = { measures = { WEAK_MEASURES[1], WEAK_MEASURES[2], WEAK_MEASURES[3] } } }
  t:near(hard.rules[USED].score, 100 * (0.6 + 0.7) / 3)
  t:eq(hard.action["measurement.use_in_decisions"].title, "Put the service's measures on the corporate parenting board's agenda each quarter, and minute the decision each one informed")
end)

test("measures_used: without reporting dates it is not assessed", function(t)
  local r = t:run { rule = USED, stage = "transition", data = { measures = { { kind = "hard", used_in_decision = "yes" } } } }
  t:eq(r.rules[USED].reason, "the measures table has no column last_reported (see docs/data.md)")
end)

------------------------------------------------------------------------
-- measurement.wellbeing_surveyed
------------------------------------------------------------------------
local SURVEYED = "measurement.wellbeing_surveyed"
local LATEST = "Date of the latest survey response"
local RESPONSES = "Survey responses in the last 12 months"
local RATE = "Responses in the last 12 months per care leaver in the records"

local function dated(list)
  local rows = {}
  for i, d in ipairs(list) do rows[i] = { date = d, life_satisfaction = 7 } end
  return rows
end

test("wellbeing_surveyed: a recent survey reaching many care leavers scores 100", function(t)
  local r = t:run { rule = SURVEYED, stage = "transition", data = {
    wellbeing = dated { "2022-05-01", "2023-06-01", "2023-09-01", "2023-11-01", "2024-01-15", "2024-02-01" },
    care_leavers = join(leavers(8, "2003-01-01", "YES", "F1", "D1"), leavers(1, "2003-01-01", "NO", "0", "0"),
                        leavers(1, "2003-01-01", "DIED", "0", "0"), leavers(1, "2003-01-01", "RHOM", "0", "0"),
                        { { DOB = "2003-01-01" } }),
  } }
  local x = r.rules[SURVEYED]
  -- care leavers: 8 + 1 + 1 blank IN_TOUCH = 10 (DIED and RHOM left out);
  -- 5 responses in the last 12 months: 0.5 per care leaver, above 0.4: 100
  t:eq(x.score, 100)
  t:eq(x.evidence[LATEST], "2024-02-01")
  t:eq(x.evidence[RESPONSES], 5)
  t:near(x.evidence[RATE], 0.5)
  t:eq(r.action["measurement.repeat_survey"], nil)
end)

test("wellbeing_surveyed: a survey reaching few care leavers scores low", function(t)
  local r = t:run { rule = SURVEYED, stage = "transition", data = {
    wellbeing = dated { "2022-05-01", "2023-06-01", "2023-07-01", "2023-08-01", "2023-09-01", "2023-11-01" },
    care_leavers = leavers(50, "2003-01-01", "YES", "F1", "D1"),
  } }
  local x = r.rules[SURVEYED]
  -- 5 of 50 = 0.1 per care leaver: 0.1 / 0.4 * 100 = 25
  t:near(x.score, 25)
  t:near(x.evidence[RATE], 0.1)
  local action = r.action["measurement.repeat_survey"]
  t:eq(action.impact, 12)
  t:eq(action.why, "The latest response is dated 2023-11-01 and 5 responses were received in the last 12 months.")
end)

test("wellbeing_surveyed: fewer than 5 responses are suppressed, and not quoted", function(t)
  local r = t:run { rule = SURVEYED, stage = "transition", data = {
    wellbeing = dated { "2022-05-01", "2023-11-01" } } }
  local x = r.rules[SURVEYED]
  -- no care-leaver records: any response in the last 12 months scores 100
  t:eq(x.score, 100)
  t:eq(x.evidence[RESPONSES], "c")
  t:eq(x.evidence[RATE], nil)
  local few = t:run { rule = SURVEYED, stage = "transition", data = {
    wellbeing = dated { "2022-05-01", "2023-11-01" }, care_leavers = leavers(20, "2003-01-01", "YES", "F1", "D1") } }
  -- 1 response for 20 care leavers: 0.05 / 0.4 * 100 = 12.5
  t:near(few.rules[SURVEYED].score, 12.5)
  t:eq(few.rules[SURVEYED].evidence[RESPONSES], "c")
  t:eq(few.action["measurement.repeat_survey"].why, "The latest response is dated 2023-11-01 and few responses were received in the last 12 months.")
  -- no response at all identifies nobody, so 0 is shown and quoted
  local stale = t:run { rule = SURVEYED, stage = "transition", data = { wellbeing = dated { "2022-05-01", "2022-11-01" } } }
  t:eq(stale.rules[SURVEYED].score, 0, "nothing in the last 12 months")
  t:eq(stale.rules[SURVEYED].evidence[RESPONSES], 0)
  t:eq(stale.action["measurement.repeat_survey"].why, "The latest response is dated 2022-11-01 and no response was received in the last 12 months.")
end)

test("wellbeing_surveyed: without dates it is not assessed", function(t)
  local r = t:run { rule = SURVEYED, stage = "transition", data = { wellbeing = { { life_satisfaction = 5 } } } }
  t:eq(r.rules[SURVEYED].reason, "the wellbeing table has no column date (see docs/data.md)")
  local none = t:run { rule = SURVEYED, stage = "transition" }
  t:eq(none.rules[SURVEYED].reason, "no source provides the table 'wellbeing'")
end)
