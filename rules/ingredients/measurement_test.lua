-- Tests of measurement.lua: for each rule a strong case, a weak case and a
-- missing-data case, with the score worked out by hand in the comments, and a
-- hand-computed check of the OC3 shares against DfE's definitions.
-- The assessment date is the test default, 2024-03-31: the collection year is
-- the year to 31 March 2024 (DfE's 2024), and "the last 12 months" are
-- 2023-04-01 to 2024-03-31.

------------------------------------------------------------------------
-- The OC3 fixture, fixtures/oc3_small.csv, worked out by hand.
--
-- Age on 31 March 2024: 19 to 21 = born 2002-04-01 to 2005-03-31;
-- 17 to 18 = born 2005-04-01 to 2007-03-31.
--
--   CHILD DOB        IN_TOUCH ACTIV ACCOM innov  group  counted EET suitable in-touch
--   A01   2002-04-01 YES      F1    D1    yes    19-21  yes     yes yes      yes
--   A02   2003-06-15 YES      P2    U1    yes    19-21  yes     yes yes      yes
--   A03   2004-01-01 YES      F5    B1    yes    19-21  yes     yes yes      yes
--   A04   2004-05-05 YES      G5    S2    no     19-21  yes     no  no       yes
--   A05   2005-03-31 YES      G4    V2    no     19-21  yes     no  no       yes
--   A06   2003-03-03 NO       0     0     no     19-21  yes     no  no       no
--   A07   2002-12-12 REFU     0     0     no     19-21  yes     no  no       no
--   A08   2004-08-08 DIED     0     0     yes    19-21  no (died)
--   A09   2003-09-09 RHOM     0     0     no     19-21  no (returned home)
--   A10   2004-10-10 YES      F3    X1    yes    19-21  yes     yes no (X1)  yes
--   A11   2003-11-11 NREQ     P4    Z1    no     19-21  yes     yes yes      no
--   A12   2004-02-02 YES      F4    E1    no     19-21  yes     yes yes      yes
--   B01   2005-04-01 YES      F2    D1    yes    17-18  yes     yes yes      yes
--   B02   2006-06-06 YES      P1    T1    yes    17-18  yes     yes yes      yes
--   B03   2006-12-12 YES      G6    C2    no     17-18  yes     no  no       yes
--   B04   2007-03-31 YES      P5    Y1    no     17-18  yes     yes yes      yes
--   B05   2005-09-09 NO       0     0     no     17-18  yes     no  no       no
--   B06   2006-01-01 YES      F2    K1    yes    17-18  yes     yes yes      yes
--   C01   2002-03-31 YES      F1    D1    yes    22: outside both groups
--   C02   2007-04-01 YES      F1    D1    no     16: outside both groups
--
-- 19 to 21: 10 counted; EET 6 (60%); suitable 5 (50%); in touch 7; activity
--           not known (ACTIV 0) 2 (A06, A07).
-- 17 to 18:  6 counted; EET 4 (66.7%); suitable 4 (66.7%); in touch 5;
--           activity not known 1 (B05).
------------------------------------------------------------------------
local OC3 = "fixtures/oc3_small.csv"

local function eet_label(group, year)
  return string.format("Care leavers aged %s in education, employment or training (year to 31 March %d)", group, year or 2024)
end
local function suitable_label(group, year)
  return string.format("Care leavers aged %s in suitable accommodation (year to 31 March %d)", group, year or 2024)
end
local function england_label(group, year)
  return string.format("England, aged %s (DfE, %d)", group, year)
end

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
-- the OC3 shares, by DfE's definitions and age groups
------------------------------------------------------------------------
test("OC3 shares: EET, suitable accommodation and in touch match the hand count", function(t)
  local r = t:run { stage = "transition", data = { care_leavers = OC3 } }
  local eet = r.rules["measurement.eet_against_england"].evidence
  t:near(eet[eet_label("19 to 21")], 6 / 10)
  t:near(eet[eet_label("17 to 18")], 4 / 6)
  local acc = r.rules["measurement.accommodation_against_england"].evidence
  t:near(acc[suitable_label("19 to 21")], 5 / 10)
  t:near(acc[suitable_label("17 to 18")], 4 / 6)
  local touch = r.rules["measurement.in_touch"].evidence
  -- in touch: 7 + 5 of 10 + 6
  t:near(touch["Care leavers aged 17 to 21 in touch with the authority (year to 31 March 2024)"], 12 / 16)
  -- activity not known: 2 + 1 = 3 young people, suppressed
  t:eq(touch["Care leavers whose activity is not known"], "c")
  -- the fixture's bad codes are reported, not scored: X1 and the retired F3
  t:eq(r.data_quality.oc3_133_accommodation_invalid, "c")
  t:eq(r.data_quality.oc3_132_activity_invalid, "c")
end)

test("OC3 shares: dates of birth written DD/MM/YYYY give the same age groups", function(t)
  local r = t:run { rule = "measurement.eet_against_england", stage = "transition", data = { care_leavers = join(
    leavers(3, "01/04/2002", "YES", "F1", "D1"),   -- 21 on 31 March 2024
    leavers(2, "31/03/2005", "YES", "G5", "D1"),   -- 19
    leavers(5, "31/03/2002", "YES", "F1", "D1"),   -- 22: left out
    leavers(5, "01/04/2005", "YES", "G5", "D1")    -- 18
  ) } }
  local x = r.rules["measurement.eet_against_england"]
  t:near(x.evidence[eet_label("19 to 21")], 3 / 5)
  t:near(x.evidence[eet_label("17 to 18")], 0)
end)

test("OC3 shares: the collection year can be set, and the nearest England year is named", function(t)
  -- collection_year 2025: 19 to 21 = born 2003-04-01 to 2006-03-31, so A01
  -- (2002-04-01), A07 (2002-12-12) and A06 (2003-03-03) are now 22; B01
  -- (2005-04-01), B05 (2005-09-09) and B06 (2006-01-01) are now 19 or 20.
  -- 19-21 counted: A02 A03 A04 A05 A10 A11 A12 B01 B05 B06 = 10 (A08 died,
  -- A09 returned home); EET: A02 A03 A10 A11 A12 B01 B06 = 7.
  local r = t:run { rule = "measurement.eet_against_england", stage = "sustained",
    attr = { collection_year = 2025 }, data = { care_leavers = OC3 } }
  local x = r.rules["measurement.eet_against_england"]
  t:near(x.evidence[eet_label("19 to 21", 2025)], 7 / 10)
  t:near(x.evidence[england_label("19 to 21", 2025)], 0.54)
  local old = t:run { rule = "measurement.eet_against_england", stage = "sustained",
    attr = { collection_year = 2019 }, data = { care_leavers = leavers(5, "1998-06-01", "YES", "F1", "D1") } }
  -- the pack knows 2021 to 2025: 2019 is compared with 2021 (52%)
  t:near(old.rules["measurement.eet_against_england"].evidence[england_label("19 to 21", 2021)], 0.52)
end)

test("OC3 shares: the collection year follows the assessment date", function(t)
  -- assessed 2024-03-30: the latest year to 31 March is 2023 (born
  -- 2001-04-01 to 2004-03-31 for 19 to 21)
  local r = t:run { rule = "measurement.eet_against_england", stage = "sustained", date = "2024-03-30",
    data = { care_leavers = leavers(5, "2001-04-01", "YES", "F2", "D1") } }
  t:near(r.rules["measurement.eet_against_england"].evidence[eet_label("19 to 21", 2023)], 1)
end)

------------------------------------------------------------------------
-- measurement.eet_against_england
------------------------------------------------------------------------
local EET = "measurement.eet_against_england"

test("eet_against_england: above England scores above 50", function(t)
  local r = t:run { rule = EET, stage = "transition", data = { care_leavers = OC3 } }
  local x = r.rules[EET]
  -- 19 to 21: 60% vs 54%, gap +6 -> 50 + 2.5 * 6 = 65, for 10 people
  -- 17 to 18: 66.67% vs 64%, gap +2.67 -> 50 + 2.5 * 2.667 = 56.667, for 6
  -- weighted by people: (10 * 65 + 6 * 56.667) / 16 = 990 / 16 = 61.875
  t:near(x.score, 61.875)
  t:near(x.evidence[england_label("19 to 21", 2024)], 0.54)
  t:near(x.evidence[england_label("17 to 18", 2024)], 0.64)
  t:eq(r.action["measurement.review_neet"], nil)
end)

test("eet_against_england: far below England scores 0 and reviews NEET care leavers", function(t)
  local r = t:run { rule = EET, stage = "transition", data = { care_leavers = join(
    leavers(2, "2003-01-01", "YES", "F5", "D1"),
    leavers(6, "2003-01-01", "YES", "G5", "D1")) } }
  local x = r.rules[EET]
  -- 19 to 21 only: 2 of 8 = 25%, gap -29 -> 50 - 72.5 -> 0
  t:eq(x.score, 0)
  t:eq(x.evidence[eet_label("17 to 18")], nil, "nobody aged 17 to 18")
  local action = r.action["measurement.review_neet"]
  t:eq(action.impact, 10)
  t:eq(action.why, "The share of 19 to 21 year olds in education, employment or training is 29 points below England.")
end)

test("eet_against_england: fewer than 5 people are suppressed, and not quoted", function(t)
  local r = t:run { rule = EET, stage = "transition", data = { care_leavers = leavers(3, "2003-01-01", "YES", "G5", "D1") } }
  local x = r.rules[EET]
  t:eq(x.score, 0)
  t:eq(x.evidence[eet_label("19 to 21")], "c")
  t:near(x.evidence[england_label("19 to 21", 2024)], 0.54, 0.001, "England's figure is not about these people")
  t:eq(r.action["measurement.review_neet"], nil, "a gap about 3 people is not quoted")
end)

test("eet_against_england: without anyone aged 17 to 21 it is not assessed", function(t)
  local r = t:run { rule = EET, stage = "transition", data = { care_leavers = leavers(5, "1990-01-01", "YES", "F1", "D1") } }
  t:eq(r.rules[EET].status, "not_assessed")
  t:eq(r.rules[EET].reason, "no care leaver in the records is aged 17 to 21 in the year to 31 March 2024 (check DOB, or set collection_year for this authority)")
  local none = t:run { rule = EET, stage = "transition" }
  t:eq(none.rules[EET].reason, "no source provides the table 'care_leavers'")
end)

test("eet_against_england: a DOB that is not a date is an error that says so", function(t)
  local rows = leavers(5, "2003-01-01", "YES", "F1", "D1")
  rows[6] = { DOB = "unknown", IN_TOUCH = "YES", ACTIV = "F1", ACCOM = "D1" }
  local r = t:run { rule = EET, stage = "transition", data = { care_leavers = rows } }
  t:eq(r.rules[EET].status, "error")
  t:ok(r.rules[EET].message:find("DOB must be a column of dates", 1, true), r.rules[EET].message)
end)

------------------------------------------------------------------------
-- measurement.accommodation_against_england
------------------------------------------------------------------------
local ACC = "measurement.accommodation_against_england"

test("accommodation_against_england: everyone suitably housed scores 100", function(t)
  local r = t:run { rule = ACC, stage = "transition", data = { care_leavers = join(
    leavers(5, "2003-01-01", "YES", "F1", "U1"), leavers(5, "2006-01-01", "YES", "F2", "Z1")) } }
  -- 19 to 21: 100% vs 88%: 50 + 5 * 12 = 110 -> 100; 17 to 18: 100% vs 91%: 95
  -- weighted: (5 * 100 + 5 * 95) / 10 = 97.5
  t:near(r.rules[ACC].score, 97.5)
  t:eq(r.action["measurement.review_unsuitable_housing"], nil)
end)

test("accommodation_against_england: the fixture is far below England", function(t)
  local r = t:run { rule = ACC, stage = "transition", data = { care_leavers = OC3 } }
  local x = r.rules[ACC]
  -- 19 to 21: 50% vs 88%, gap -38 -> 0; 17 to 18: 66.7% vs 91% -> 0
  t:eq(x.score, 0)
  t:near(x.evidence[england_label("19 to 21", 2024)], 0.88)
  t:near(x.evidence[england_label("17 to 18", 2024)], 0.91)
  local action = r.action["measurement.review_unsuitable_housing"]
  t:eq(action.owner, "leaving care team manager with the housing options manager")
  t:eq(action.why, "The share of 19 to 21 year olds in suitable accommodation is 38 points below England.")
end)

test("accommodation_against_england: S1 and X1 are never counted as suitable", function(t)
  local r = t:run { rule = ACC, stage = "transition", data = { care_leavers = join(
    leavers(3, "2003-01-01", "YES", "F1", "S1"), leavers(2, "2003-01-01", "YES", "F1", "X1"),
    leavers(5, "2003-01-01", "YES", "F1", "D1")) } }
  t:near(r.rules[ACC].evidence[suitable_label("19 to 21")], 0.5) -- 5 of 10
  t:eq(r.data_quality.oc3_133_accommodation_invalid, 5)
end)

test("accommodation_against_england: without care-leaver records it is not assessed", function(t)
  local r = t:run { rule = ACC, stage = "transition" }
  t:eq(r.rules[ACC].status, "not_assessed")
  t:eq(r.rules[ACC].reason, "no source provides the table 'care_leavers'")
end)

------------------------------------------------------------------------
-- measurement.in_touch
------------------------------------------------------------------------
local TOUCH = "measurement.in_touch"
local TOUCH_SHARE = "Care leavers aged 17 to 21 in touch with the authority (year to 31 March 2024)"
local UNKNOWN = "Care leavers whose activity is not known"

test("in_touch: nearly everyone in touch scores 100", function(t)
  local r = t:run { rule = TOUCH, stage = "transition", data = { care_leavers = join(
    leavers(19, "2003-01-01", "YES", "F1", "D1"), leavers(1, "2006-01-01", "NREQ", "G5", "D1"),
    leavers(2, "2003-01-01", "DIED", "0", "0")) } }
  local x = r.rules[TOUCH]
  -- 19 of 20 counted (the 2 who died are left out): 95% -> 100
  t:eq(x.score, 100)
  t:near(x.evidence[TOUCH_SHARE], 0.95)
  t:eq(x.evidence[UNKNOWN], 0, "a count of no one identifies no one: shown")
  t:eq(r.action["measurement.regain_contact"], nil)
end)

test("in_touch: the fixture's 75% scores 20 and asks to regain contact", function(t)
  local r = t:run { rule = TOUCH, stage = "transition", data = { care_leavers = OC3 } }
  local x = r.rules[TOUCH]
  -- 12 of 16: 0.75; (0.75 - 0.70) / (0.95 - 0.70) * 100 = 20
  t:near(x.score, 20)
  local action = r.action["measurement.regain_contact"]
  t:eq(action.impact, 8)
  t:eq(action.why, "Only 75% of care leavers aged 17 to 21 are in touch, so the outcomes of the rest are unknown.")
end)

test("in_touch: a count of 5 or more people not known is shown", function(t)
  local r = t:run { rule = TOUCH, stage = "transition", data = { care_leavers = join(
    leavers(5, "2003-01-01", "YES", "F1", "D1"), leavers(5, "2003-01-01", "NO", "0", "0")) } }
  t:eq(r.rules[TOUCH].evidence[UNKNOWN], 5)
  t:eq(r.rules[TOUCH].score, 0) -- 50% in touch
end)

test("in_touch: about fewer than 5 people, nothing is quoted", function(t)
  local r = t:run { rule = TOUCH, stage = "transition", data = { care_leavers = join(
    leavers(2, "2003-01-01", "YES", "F1", "D1"), leavers(2, "2003-01-01", "REFU", "0", "0")) } }
  t:eq(r.rules[TOUCH].evidence[TOUCH_SHARE], "c")
  t:eq(r.rules[TOUCH].evidence[UNKNOWN], "c")
  t:eq(r.action["measurement.regain_contact"].why, "Some care leavers are not in touch, so their outcomes are unknown.")
end)

test("in_touch: without anyone in the age groups it is not assessed", function(t)
  local r = t:run { rule = TOUCH, stage = "transition", data = { care_leavers = leavers(5, "2010-01-01", "YES", "F1", "D1") } }
  t:eq(r.rules[TOUCH].status, "not_assessed")
  t:eq(r.rules[TOUCH].reason, "no care leaver in the records is aged 17 to 21 in the year to 31 March 2024 (check DOB, or set collection_year for this authority)")
end)

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

------------------------------------------------------------------------
-- measurement.wellbeing_against_care_leavers
------------------------------------------------------------------------
local WB = "measurement.wellbeing_against_care_leavers"
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

test("wellbeing_against_care_leavers: wellbeing better than Bright Spots scores high", function(t)
  local r = t:run { rule = WB, stage = "transition", data = { wellbeing = survey {
    life_satisfaction = { 8, 7, 9, 8, 7 }, anxiety = { 2, 1, 3, 0, 2 },
    lonely = { "never", "hardly_ever", "never", "occasionally", "some_of_the_time" },
    safe_home = { 5, 4, 5, 4, 5 }, settled = { 4, 5, 4, 4, 3 },
    trust_adviser = { 5, 4, 4, 5, 4 }, positive_future = { 4, 4, 5, 3, 4 },
  } } }
  local x = r.rules[WB]
  -- every share 0: low life 50 + 250 * 0.26 -> 100; anxiety 50 + 250 * 0.33
  -- -> 100; lonely 50 + 250 * 0.22 -> 100; unsafe 50 + 250 * 0.16 = 90
  -- mean (100 + 100 + 100 + 90) / 4 = 97.5
  t:near(x.score, 97.5)
  t:eq(x.evidence[LOW], 0)
  t:near(x.evidence["Care leavers in the 2020 Bright Spots survey reporting low life satisfaction (0-4 of 10)"], 0.26)
  t:near(x.evidence["Care leavers in the 2020 Bright Spots survey reporting high anxiety (6-10 of 10)"], 0.33)
  t:near(x.evidence["All 16-24 year olds reporting low life satisfaction (ONS)"], 0.03)
  t:near(x.evidence["Care leavers who feel settled where they live"], 0.8)
  t:eq(x.evidence["Care leavers who trust their personal adviser"], 1)
  t:near(x.evidence["Care leavers who feel positive about their future"], 0.8)
  t:eq(r.action["measurement.act_on_low_wellbeing"], nil)
end)

test("wellbeing_against_care_leavers: low wellbeing scores low and offers support to everyone, never to respondents", function(t)
  local r = t:run { rule = WB, stage = "transition", data = { wellbeing = survey {
    life_satisfaction = { 2, 3, 8, 9, 1, 4 }, anxiety = { 7, 8, 2, 6, 9, 1 },
    lonely = { "often_always", "often_always", "never", "never", "occasionally", "never" },
    safe_home = { 1, 3, 4, 5, 4, 3 },
  } } }
  local x = r.rules[WB]
  -- low life 4/6 = 0.667: 50 + 250 * (0.26 - 0.667) -> 0
  -- high anxiety 4/6: 50 + 250 * (0.33 - 0.667) -> 0
  -- lonely 2/6 = 0.333: 50 + 250 * (0.22 - 0.333) = 21.667
  -- unsafe 1/6 = 0.167: 50 + 250 * (0.16 - 0.167) = 48.333
  -- mean (0 + 0 + 21.667 + 48.333) / 4 = 17.5
  t:near(x.score, 17.5)
  t:near(x.evidence[LOW], 4 / 6)
  t:near(x.evidence[ANX], 4 / 6)
  t:near(x.evidence[LONELY], 2 / 6)
  t:near(x.evidence[UNSAFE], 1 / 6)
  local action = r.action["measurement.act_on_low_wellbeing"]
  t:eq(action.owner, "leaving care team manager")
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
  local r = t:run { rule = WB, stage = "transition", data = { wellbeing = rows } }
  t:eq(r.rules[WB].evidence["Latest survey round: responses up to"], "2022-06-24")
  t:ok(r.action["measurement.act_on_low_wellbeing"].why:find("^In the survey round up to 2022%-06%-24, 80%% of care leavers"),
       r.action["measurement.act_on_low_wellbeing"].why)
end)

test("wellbeing_against_care_leavers: how young people are doing is shown, not scored", function(t)
  -- weight 0: the ingredient is the practice rules' mean whatever the levels
  local low = survey { life_satisfaction = { 1, 1, 1, 1, 1 }, date = { "2024-01-01", "2024-01-01", "2024-01-01", "2024-01-01", "2024-01-01" } }
  local high = survey { life_satisfaction = { 9, 9, 9, 9, 9 }, date = { "2024-01-01", "2024-01-01", "2024-01-01", "2024-01-01", "2024-01-01" } }
  local a = t:run { ingredient = "measurement", stage = "transition", data = { wellbeing = low } }
  local b = t:run { ingredient = "measurement", stage = "transition", data = { wellbeing = high } }
  t:eq(a.rules[WB].score, 0)
  t:eq(b.rules[WB].score, 100)
  -- wellbeing_surveyed alone scores: 5 responses in the year, no records: 100
  t:eq(a.ingredients.measurement.score, 100)
  t:eq(b.ingredients.measurement.score, 100)
  -- with nothing but the levels, measurement has no score at all
  local alone = t:run { rule = WB, stage = "transition", data = { wellbeing = low } }
  t:eq(alone.ingredients.measurement.score, nil)
end)

test("wellbeing_against_care_leavers: fewer than 5 answers are suppressed, and not quoted", function(t)
  local r = t:run { rule = WB, stage = "transition", data = { wellbeing = survey { life_satisfaction = { 1, 2, 3, 9 } } } }
  local x = r.rules[WB]
  -- only life satisfaction: 3/4 low: 50 + 250 * (0.26 - 0.75) -> 0
  t:eq(x.score, 0)
  t:eq(x.evidence[LOW], "c")
  t:eq(x.evidence[ANX], nil, "no anxiety column")
  t:eq(r.action["measurement.act_on_low_wellbeing"], nil)
end)

test("wellbeing_against_care_leavers: only the latest round counts", function(t)
  local rows = survey { life_satisfaction = { 1, 1, 1, 1, 1 }, date = { "2022-01-01", "2022-01-01", "2022-01-01", "2022-01-01", "2022-01-01" } }
  for _, row in ipairs(survey { life_satisfaction = { 8, 8, 8, 8, 8 }, date = { "2023-09-01", "2023-09-01", "2023-10-01", "2023-10-01", "2023-10-01" } }) do
    rows[#rows + 1] = row
  end
  local r = t:run { rule = WB, stage = "transition", data = { wellbeing = rows } }
  t:eq(r.rules[WB].evidence[LOW], 0)
  t:eq(r.rules[WB].score, 100)
end)

test("wellbeing_against_care_leavers: without life satisfaction it is not assessed", function(t)
  local r = t:run { rule = WB, stage = "transition", data = { wellbeing = { { anxiety = 3 } } } }
  t:eq(r.rules[WB].reason, "the wellbeing table has no column life_satisfaction (see docs/data.md)")
  local empty = t:run { rule = WB, stage = "transition", data = { wellbeing = {
    { date = "2022-01-01", life_satisfaction = 6 }, { date = "2024-01-01", settled = 4 } } } }
  t:eq(empty.rules[WB].status, "not_assessed")
  t:eq(empty.rules[WB].reason, "the latest wellbeing survey has no answers on life satisfaction")
end)

------------------------------------------------------------------------
-- the measurement practice as an ingredient on its own
------------------------------------------------------------------------
test("measurement practice: four rules of equal weight, from the measures table and the survey", function(t)
  local r = t:run { ingredient = "measurement", stage = "transition", data = {
    measures = STRONG_MEASURES,
    wellbeing = survey { life_satisfaction = { 7, 6, 8, 2, 9 }, date = { "2023-10-01", "2023-10-01", "2023-10-02", "2023-10-03", "2023-10-04" } },
  } }
  -- soft 100, co-designed 100, used 64.583, surveyed 100 (no records):
  -- (364.583) / 4; wellbeing levels weigh 0
  t:near(r.ingredients.measurement.score, (300 + (430 / 6 + 57.5) / 2) / 4)
  for _, id in ipairs { SOFT, CODE, USED, SURVEYED } do t:eq(r.rules[id].status, "assessed", id) end
end)

------------------------------------------------------------------------
-- measurement.innovation_difference
------------------------------------------------------------------------
local DIFF = "measurement.innovation_difference"

test("innovation_difference: young people in the service do better (the OC3 fixture)", function(t)
  local r = t:run { rule = DIFF, stage = "transition", data = { care_leavers = OC3 } }
  local x = r.rules[DIFF]
  -- in: A01 A02 A03 A10 B01 B02 B06 = 7; EET 7/7, suitable 6/7 (A10 is X1)
  -- out: A04 A05 A06 A07 A11 A12 B03 B04 B05 = 9; EET 3/9, suitable 3/9
  -- gap = 100 * ((1 - 1/3) + (6/7 - 1/3)) / 2 = 59.5 -> 50 + 5 * 59.5 -> 100
  t:eq(x.score, 100)
  t:eq(x.evidence["In the service: in education, employment or training"], 1)
  t:near(x.evidence["Not in the service: in education, employment or training"], 1 / 3)
  t:near(x.evidence["In the service: in suitable accommodation"], 6 / 7)
  t:near(x.evidence["Not in the service: in suitable accommodation"], 1 / 3)
  t:eq(r.action["measurement.why_no_difference"], nil)
end)

test("innovation_difference: doing no better than others scores below 50", function(t)
  local r = t:run { rule = DIFF, stage = "transition", data = { care_leavers = join(
    leavers(3, "2003-01-01", "YES", "F1", "D1", "yes"), leavers(2, "2003-01-01", "YES", "G5", "V2", "yes"),
    leavers(4, "2004-01-01", "YES", "F1", "D1", "no"), leavers(1, "2004-01-01", "YES", "G5", "V2", "no")) } }
  -- in: EET 3/5, suitable 3/5; out: 4/5, 4/5; gap = 100 * (-0.2 - 0.2) / 2 = -20
  -- 50 + 5 * -20 = -50 -> 0
  t:eq(r.rules[DIFF].score, 0)
  t:eq(r.action["measurement.why_no_difference"].why,
       "Young people in the service are on average 20 points behind those outside it on education, work and housing.")
end)

test("innovation_difference: a small gap moves the score from 50", function(t)
  local r = t:run { rule = DIFF, stage = "transition", data = { care_leavers = join(
    leavers(5, "2003-01-01", "YES", "F1", "D1", "yes"), leavers(5, "2003-01-01", "YES", "F1", "V2", "yes"),
    leavers(5, "2004-01-01", "YES", "F1", "D1", "no"), leavers(5, "2004-01-01", "YES", "G5", "V2", "no")) } }
  -- in: EET 10/10, suitable 5/10; out: EET 5/10, suitable 5/10
  -- gap = 100 * (0.5 + 0) / 2 = 25 -> 50 + 125 -> 100; halve it below
  t:eq(r.rules[DIFF].score, 100)
  local small = t:run { rule = DIFF, stage = "transition", data = { care_leavers = join(
    leavers(10, "2003-01-01", "YES", "F1", "D1", "yes"), leavers(9, "2004-01-01", "YES", "F1", "D1", "no"),
    leavers(1, "2004-01-01", "YES", "G5", "D1", "no")) } }
  -- in: 1, 1; out: 0.9, 1; gap = 100 * 0.1 / 2 = 5 -> 50 + 25 = 75
  t:near(small.rules[DIFF].score, 75)
end)

test("innovation_difference: comparisons about fewer than 5 people are suppressed and not quoted", function(t)
  local r = t:run { rule = DIFF, stage = "transition", data = { care_leavers = join(
    leavers(3, "2003-01-01", "YES", "G5", "V2", "yes"), leavers(6, "2004-01-01", "YES", "F1", "D1", "no")) } }
  local x = r.rules[DIFF]
  t:eq(x.score, 0)
  t:eq(x.evidence["In the service: in education, employment or training"], "c")
  t:eq(x.evidence["Not in the service: in education, employment or training"], 1)
  t:eq(r.action["measurement.why_no_difference"], nil)
end)

test("innovation_difference: without in_innovation, or with one side empty, it is not assessed", function(t)
  local r = t:run { rule = DIFF, stage = "transition", data = { care_leavers = leavers(5, "2003-01-01", "YES", "F1", "D1") } }
  t:eq(r.rules[DIFF].reason, "the care_leavers table has no column in_innovation (see docs/data.md)")
  local inside = t:run { rule = DIFF, stage = "transition", data = { care_leavers = leavers(5, "2003-01-01", "YES", "F1", "D1", "yes") } }
  t:eq(inside.rules[DIFF].reason, "every care leaver aged 17 to 21 is in the innovation, so there is no one to compare with")
  local outside = t:run { rule = DIFF, stage = "transition", data = { care_leavers = leavers(5, "2003-01-01", "YES", "F1", "D1", "no") } }
  t:eq(outside.rules[DIFF].reason, "no care leaver aged 17 to 21 is recorded as in the innovation")
end)
