-- Tests of outcomes.lua: for each context item a strong case, a weak case and
-- a missing-data case, with the figures worked out by hand in the comments, and
-- a hand-computed check of the OC3 shares against DfE's definitions. These are
-- context: they show how care leavers are doing and never score.
-- The assessment date is the test default, 2024-03-31: the collection year is
-- the year to 31 March 2024 (DfE's 2024).

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

local NO_COHORT = "no care leaver in the records counts in DfE's figures for the year to 31 March 2024: "
  .. "DfE counts those aged 17 to 21 whose IN_TOUCH is recorded and is neither DIED nor RHOM "
  .. "(check DOB and IN_TOUCH, or set collection_year for this authority)"

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
  local r = t:run { suppress_below = 1, stage = "transition", data = { care_leavers = OC3 } }
  local eet = r.context["outcomes.eet_against_england"].evidence
  t:near(eet[eet_label("19 to 21")], 6 / 10)
  t:near(eet[eet_label("17 to 18")], 4 / 6)
  local acc = r.context["outcomes.accommodation_against_england"].evidence
  t:near(acc[suitable_label("19 to 21")], 5 / 10)
  t:near(acc[suitable_label("17 to 18")], 4 / 6)
  local touch = r.context["outcomes.in_touch"].evidence
  -- in touch: 7 + 5 of 10 + 6
  t:near(touch["Care leavers aged 17 to 21 in touch with the authority (year to 31 March 2024)"], 12 / 16)
  t:near(touch["Care leavers aged 19 to 21 in touch with the authority (year to 31 March 2024)"], 7 / 10)
  t:near(touch["Care leavers aged 17 to 18 in touch with the authority (year to 31 March 2024)"], 5 / 6)
  t:eq(touch["Care leavers aged 17 to 21 whose activity is not known"], 3)
  -- as the plan shows them (suppress_below 5): the activity of 2 + 1 = 3 young
  -- people is not known; 6 of 10 in EET leaves 4 who are not, so the share is c
  local shown = t:run { stage = "transition", data = { care_leavers = OC3 } }
  t:eq(shown.context["outcomes.in_touch"].evidence["Care leavers aged 17 to 21 whose activity is not known"], "c")
  t:eq(shown.context["outcomes.eet_against_england"].evidence[eet_label("19 to 21")], "c")
  -- the fixture's bad codes are reported, not scored: X1 and the retired F3
  t:eq(shown.data_quality.oc3_133_accommodation_invalid, "c")
  t:eq(shown.data_quality.oc3_132_activity_invalid, "c")
end)

test("OC3 shares: dates of birth written DD/MM/YYYY give the same age groups", function(t)
  local r = t:run { suppress_below = 1, rule = "outcomes.eet_against_england", stage = "transition", data = { care_leavers = join(
    leavers(3, "01/04/2002", "YES", "F1", "D1"),   -- 21 on 31 March 2024
    leavers(2, "31/03/2005", "YES", "G5", "D1"),   -- 19
    leavers(5, "31/03/2002", "YES", "F1", "D1"),   -- 22: left out
    leavers(5, "01/04/2005", "YES", "G5", "D1")    -- 18
  ) } }
  local x = r.context["outcomes.eet_against_england"]
  t:near(x.evidence[eet_label("19 to 21")], 3 / 5)
  t:near(x.evidence[eet_label("17 to 18")], 0)
end)

test("OC3 shares: the collection year can be set, and the nearest England year is named", function(t)
  -- collection_year 2025: 19 to 21 = born 2003-04-01 to 2006-03-31, so A01
  -- (2002-04-01), A07 (2002-12-12) and A06 (2003-03-03) are now 22; B01
  -- (2005-04-01), B05 (2005-09-09) and B06 (2006-01-01) are now 19 or 20.
  -- 19-21 counted: A02 A03 A04 A05 A10 A11 A12 B01 B05 B06 = 10 (A08 died,
  -- A09 returned home); EET: A02 A03 A10 A11 A12 B01 B06 = 7.
  local r = t:run { suppress_below = 1, rule = "outcomes.eet_against_england", stage = "sustained",
    attr = { collection_year = 2025 }, data = { care_leavers = OC3 } }
  local x = r.context["outcomes.eet_against_england"]
  t:near(x.evidence[eet_label("19 to 21", 2025)], 7 / 10)
  t:near(x.evidence[england_label("19 to 21", 2025)], 0.54)
  local old = t:run { suppress_below = 1, rule = "outcomes.eet_against_england", stage = "sustained",
    attr = { collection_year = 2019 }, data = { care_leavers = leavers(5, "1998-06-01", "YES", "F1", "D1") } }
  -- the pack knows 2021 to 2025: 2019 is compared with 2021 (52%)
  t:near(old.context["outcomes.eet_against_england"].evidence[england_label("19 to 21", 2021)], 0.52)
end)

test("OC3 shares: the collection year follows the assessment date", function(t)
  -- assessed 2024-03-30: the latest year to 31 March is 2023 (born
  -- 2001-04-01 to 2004-03-31 for 19 to 21)
  local r = t:run { rule = "outcomes.eet_against_england", stage = "sustained", date = "2024-03-30",
    data = { care_leavers = leavers(5, "2001-04-01", "YES", "F2", "D1") } }
  t:near(r.context["outcomes.eet_against_england"].evidence[eet_label("19 to 21", 2023)], 1)
end)

test("OC3 shares: a record without IN_TOUCH is not counted, as DfE does not count it", function(t)
  -- a 17 or 18 year old still looked after has a row with no care-leaver
  -- information; a row with IN_TOUCH blank but codes elsewhere is reported by
  -- the data checks and left out too
  local r = t:run { suppress_below = 1, stage = "transition", data = { care_leavers = join(
    leavers(6, "2006-01-01", "YES", "F2", "D1"), leavers(2, "2006-01-01", "YES", "G5", "V2"),
    leavers(5, "2006-05-01", nil, nil, nil), leavers(5, "2006-05-01", nil, "G5", "V2")) } }
  -- 17 to 18: 8 counted, EET 6, suitable 6, in touch 8
  t:near(r.context["outcomes.eet_against_england"].evidence[eet_label("17 to 18")], 6 / 8)
  t:near(r.context["outcomes.accommodation_against_england"].evidence[suitable_label("17 to 18")], 6 / 8)
  t:near(r.context["outcomes.in_touch"].evidence["Care leavers aged 17 to 18 in touch with the authority (year to 31 March 2024)"], 1)
  t:eq(r.data_quality.oc3_131_in_touch_invalid, 10)
  local none = t:run { suppress_below = 1, rule = "outcomes.in_touch", stage = "transition",
    data = { care_leavers = join(leavers(5, "2006-05-01", nil, nil, nil), leavers(1, "1990-01-01", "YES", "F1", "D1")) } }
  t:eq(none.context["outcomes.in_touch"].reason, NO_COHORT)
end)

------------------------------------------------------------------------
-- outcomes.eet_against_england
------------------------------------------------------------------------
local EET = "outcomes.eet_against_england"

test("eet_against_england: above England, the figures are shown and nothing is asked", function(t)
  local r = t:run { suppress_below = 1, rule = EET, stage = "transition", data = { care_leavers = OC3 } }
  local x = r.context[EET]
  t:eq(x.status, "assessed")
  t:eq(x.score, nil, "context has no score")
  -- 19 to 21: 60% against England's 54%; 17 to 18: 66.7% against 64%
  t:near(x.evidence[eet_label("19 to 21")], 0.6)
  t:near(x.evidence[england_label("19 to 21", 2024)], 0.54)
  t:near(x.evidence[england_label("17 to 18", 2024)], 0.64)
  t:eq(r.action["outcomes.review_neet"], nil)
end)

test("eet_against_england: far below England, personal advisers review every NEET care leaver with employment support", function(t)
  local r = t:run { suppress_below = 1, rule = EET, stage = "transition", data = { care_leavers = join(
    leavers(2, "2003-01-01", "YES", "F5", "D1"),
    leavers(6, "2003-01-01", "YES", "G5", "D1")) } }
  local x = r.context[EET]
  -- 19 to 21 only: 2 of 8 = 25%, 29 points below England's 54%
  t:near(x.evidence[eet_label("19 to 21")], 0.25)
  t:eq(x.evidence[eet_label("17 to 18")], nil, "nobody aged 17 to 18")
  local action = r.action["outcomes.review_neet"]
  t:eq(action.gap, "outcomes.eet")
  t:eq(action.ingredient, "measurement", "context actions rank under measurement")
  t:eq(action.found_by, { "outcomes.eet_against_england" })
  t:eq(action.impact, 10)
  t:eq(action.why, "The share of 19 to 21 year olds in education, employment or training is 29 points below England.")
  -- the virtual school has no statutory role for 19 to 21 year olds
  t:ok(not action.title:lower():find("virtual school", 1, true), action.title)
  t:ok(action.title:find("personal advisers", 1, true), action.title)
  t:ok(action.title:find("employment and skills service", 1, true), action.title)
  t:ok(action.title:find("Jobcentre Plus work coach", 1, true), action.title)
  t:eq(action.owner, "leaving care team manager with the employment and skills service")
end)

test("eet_against_england: fewer than 5 people are suppressed, and not quoted", function(t)
  local r = t:run { rule = EET, stage = "transition", data = { care_leavers = leavers(3, "2003-01-01", "YES", "G5", "D1") } }
  local x = r.context[EET]
  t:eq(x.evidence[eet_label("19 to 21")], "c")
  t:near(x.evidence[england_label("19 to 21", 2024)], 0.54, 0.001, "England's figure is not about these people")
  t:eq(r.action["outcomes.review_neet"], nil, "a gap about 3 people is not quoted")
end)

test("eet_against_england: without anyone aged 17 to 21 it is not assessed", function(t)
  local r = t:run { rule = EET, stage = "transition", data = { care_leavers = leavers(5, "1990-01-01", "YES", "F1", "D1") } }
  t:eq(r.context[EET].status, "not_assessed")
  t:eq(r.context[EET].reason, NO_COHORT)
  local none = t:run { rule = EET, stage = "transition" }
  t:eq(none.context[EET].reason, "no source provides the table 'care_leavers'")
end)

test("eet_against_england: a DOB that is not a date is an error that says so", function(t)
  local rows = leavers(5, "2003-01-01", "YES", "F1", "D1")
  rows[6] = { DOB = "unknown", IN_TOUCH = "YES", ACTIV = "F1", ACCOM = "D1" }
  local r = t:run { rule = EET, stage = "transition", data = { care_leavers = rows } }
  t:eq(r.context[EET].status, "error")
  t:ok(r.context[EET].message:find("DOB must be a column of dates", 1, true), r.context[EET].message)
end)

------------------------------------------------------------------------
-- outcomes.accommodation_against_england
------------------------------------------------------------------------
local ACC = "outcomes.accommodation_against_england"

test("accommodation_against_england: everyone suitably housed asks for nothing", function(t)
  local r = t:run { rule = ACC, stage = "transition", data = { care_leavers = join(
    leavers(5, "2003-01-01", "YES", "F1", "U1"), leavers(5, "2006-01-01", "YES", "F2", "Z1")) } }
  t:near(r.context[ACC].evidence[suitable_label("19 to 21")], 1)
  t:eq(r.context[ACC].evidence["Care leavers aged 17 to 21 in custody (ACCOM X)"], 0)
  t:eq(r.action["outcomes.review_unsuitable_housing"], nil)
  t:eq(r.action["outcomes.plan_release"], nil)
end)

test("accommodation_against_england: the fixture is far below England; custody needs youth justice and probation", function(t)
  local r = t:run { rule = ACC, stage = "transition", data = { care_leavers = OC3 } }
  local x = r.context[ACC]
  -- 19 to 21: 50% against 88%; 17 to 18: 66.7% against 91%; A10 is in custody
  t:near(x.evidence[suitable_label("19 to 21")], 0.5)
  t:near(x.evidence[england_label("19 to 21", 2024)], 0.88)
  t:near(x.evidence[england_label("17 to 18", 2024)], 0.91)
  t:eq(x.evidence["Care leavers aged 17 to 21 in custody (ACCOM X)"], "c")
  local action = r.action["outcomes.review_unsuitable_housing"]
  t:eq(action.gap, "outcomes.accommodation")
  t:eq(action.owner, "leaving care team manager with the housing options manager and youth justice and probation")
  t:ok(action.title:find("release plan with youth justice and probation for each one in custody", 1, true), action.title)
  t:eq(action.why, "The share of 19 to 21 year olds in suitable accommodation is 38 points below England. "
    .. "Some care leavers aged 17 to 21 are in custody.")
  -- without anyone in custody, housing alone
  local housed = t:run { rule = ACC, stage = "transition", data = { care_leavers = join(
    leavers(5, "2003-01-01", "YES", "F1", "V2"), leavers(5, "2003-01-01", "YES", "F1", "D1")) } }
  local only = housed.action["outcomes.review_unsuitable_housing"]
  t:eq(only.owner, "leaving care team manager with the housing options manager")
  t:eq(only.title, "Agree with housing a move-on plan for every care leaver in unsuitable accommodation, reviewed monthly")
end)

test("accommodation_against_england: in custody with no gap to England, youth justice and probation still plan the release", function(t)
  local r = t:run { rule = ACC, stage = "transition", data = { care_leavers = join(
    leavers(45, "2003-01-01", "YES", "F1", "U1"), leavers(5, "2003-01-01", "YES", "G5", "X2")) } }
  -- 45 of 50 suitable: 90%, above England's 88%
  t:eq(r.action["outcomes.review_unsuitable_housing"], nil)
  local action = r.action["outcomes.plan_release"]
  t:eq(action.gap, "outcomes.custody")
  t:eq(action.owner, "leaving care team manager with youth justice and probation")
  t:eq(action.why, "5 care leavers aged 17 to 21 are in custody: DfE counts custody as unsuitable accommodation, "
    .. "and a young person leaving it needs somewhere suitable to live.")
end)

test("accommodation_against_england: S1 and X1 are never counted as suitable", function(t)
  local r = t:run { rule = ACC, stage = "transition", checks = true, data = { care_leavers = join(
    leavers(3, "2003-01-01", "YES", "F1", "S1"), leavers(2, "2003-01-01", "YES", "F1", "X1"),
    leavers(5, "2003-01-01", "YES", "F1", "D1")) } }
  t:near(r.context[ACC].evidence[suitable_label("19 to 21")], 0.5) -- 5 of 10
  t:eq(r.data_quality.oc3_133_accommodation_invalid, 5)
end)

test("accommodation_against_england: gone abroad, deported or residence not known leave DfE's suitability total", function(t)
  -- DfE divides by its "Suitability total", which leaves out ACCOM G, H and
  -- R, whose suitability cannot be known; they stay in the EET denominator
  local r = t:run { suppress_below = 1, stage = "transition", data = { care_leavers = join(
    leavers(8, "2003-01-01", "YES", "F1", "U1"), leavers(2, "2003-01-01", "YES", "F1", "W2"),
    leavers(1, "2003-01-01", "YES", "G5", "G1"), leavers(1, "2003-01-01", "YES", "F5", "H2"),
    leavers(1, "2003-01-01", "NO", "0", "R1"), leavers(1, "2003-01-01", "NO", "0", "0")) } }
  -- 19 to 21: 14 counted; suitability total 14 - 3 = 11: suitable 8 of 11,
  -- unsuitable 2, no information 1 (ACCOM 0); EET 11 of 14
  t:near(r.context[ACC].evidence[suitable_label("19 to 21")], 8 / 11)
  t:near(r.context["outcomes.eet_against_england"].evidence[eet_label("19 to 21")], 11 / 14)
  -- everyone abroad: no suitability figure, so nothing to compare
  local abroad = t:run { suppress_below = 1, rule = ACC, stage = "transition", data = { care_leavers = leavers(5, "2003-01-01", "YES", "F1", "G1") } }
  t:eq(abroad.context[ACC].status, "not_assessed")
  t:eq(abroad.context[ACC].reason, "DfE's suitability figures leave out every care leaver aged 17 to 21 here: "
    .. "all have gone abroad, been deported or have no known residence (ACCOM G, H or R)")
  local died = t:run { suppress_below = 1, rule = ACC, stage = "transition", data = { care_leavers = leavers(5, "2003-01-01", "DIED", "0", "0") } }
  t:eq(died.context[ACC].reason, NO_COHORT)
end)

test("accommodation_against_england: without care-leaver records it is not assessed", function(t)
  local r = t:run { rule = ACC, stage = "transition" }
  t:eq(r.context[ACC].status, "not_assessed")
  t:eq(r.context[ACC].reason, "no source provides the table 'care_leavers'")
end)

------------------------------------------------------------------------
-- outcomes.in_touch
------------------------------------------------------------------------
local TOUCH = "outcomes.in_touch"
local TOUCH_SHARE = "Care leavers aged 17 to 21 in touch with the authority (year to 31 March 2024)"
local UNKNOWN = "Care leavers aged 17 to 21 whose activity is not known"

local NOT_IN_TOUCH = "Care leavers aged 17 to 21 recorded as not in touch (IN_TOUCH NO)"
local REFUSED = "Care leavers aged 17 to 21 who refused contact (REFU)"
local NOT_NEEDED = "Care leavers aged 17 to 21 who no longer need the service (NREQ)"

test("in_touch: nearly everyone in touch asks for nothing", function(t)
  local r = t:run { suppress_below = 1, rule = TOUCH, stage = "transition", data = { care_leavers = join(
    leavers(19, "2003-01-01", "YES", "F1", "D1"), leavers(1, "2006-01-01", "NREQ", "G5", "D1"),
    leavers(2, "2003-01-01", "DIED", "0", "0")) } }
  local x = r.context[TOUCH]
  -- 19 of 20 counted (the 2 who died are left out): 95%
  t:near(x.evidence[TOUCH_SHARE], 0.95)
  t:eq(x.evidence[UNKNOWN], 0, "a count of no one identifies no one: shown")
  t:eq(r.action["outcomes.regain_contact"], nil)
end)

test("in_touch: the fixture's 75% asks to regain contact with those recorded as not in touch only", function(t)
  local r = t:run { suppress_below = 1, rule = TOUCH, stage = "transition", data = { care_leavers = OC3 } }
  local x = r.context[TOUCH]
  -- 12 of 16 in touch; not in touch: A06 and B05 (NO), A07 (REFU), A11 (NREQ)
  t:near(x.evidence[TOUCH_SHARE], 0.75)
  t:eq(x.evidence[NOT_IN_TOUCH], 2)
  t:eq(x.evidence[REFUSED], 1)
  t:eq(x.evidence[NOT_NEEDED], 1)
  local action = r.action["outcomes.regain_contact"]
  t:eq(action.gap, "outcomes.contact")
  t:eq(action.impact, 8)
  t:ok(action.title:find("recorded as not in touch, leaving out those who refused contact or no longer need the service", 1, true),
       action.title)
  t:eq(action.why, "Only 75% of care leavers aged 17 to 21 are in touch with the service. 2 care leavers are recorded "
    .. "as not in touch; those who refused contact or no longer need the service are left out of this action.")
  -- as the plan shows it: 12 of 16 leaves 4 out of touch, a small count, so
  -- neither the share nor the 2 are quoted
  local shown = t:run { rule = TOUCH, stage = "transition", data = { care_leavers = OC3 } }
  t:eq(shown.action["outcomes.regain_contact"].why, "Some care leavers are recorded as not in touch; those who "
    .. "refused contact or no longer need the service are left out of this action.")
end)

test("in_touch: the count to reach again is of IN_TOUCH NO alone, never REFU or NREQ", function(t)
  local r = t:run { suppress_below = 1, rule = TOUCH, stage = "transition", data = { care_leavers = join(
    leavers(20, "2003-01-01", "YES", "F1", "D1"), leavers(6, "2003-01-01", "NO", "0", "0"),
    leavers(7, "2003-01-01", "REFU", "0", "0"), leavers(5, "2003-01-01", "NREQ", "0", "0")) } }
  local x = r.context[TOUCH]
  t:eq(x.evidence[NOT_IN_TOUCH], 6)
  t:eq(x.evidence[REFUSED], 7)
  t:eq(x.evidence[NOT_NEEDED], 5)
  t:eq(r.action["outcomes.regain_contact"].why, "Only 53% of care leavers aged 17 to 21 are in touch with the service. "
    .. "6 care leavers are recorded as not in touch; those who refused contact or no longer need the service are left "
    .. "out of this action.")
  -- everyone out of touch refused contact or no longer needs the service:
  -- nobody to chase, so no action, however low the share in touch
  local chosen = t:run { suppress_below = 1, rule = TOUCH, stage = "transition", data = { care_leavers = join(
    leavers(5, "2003-01-01", "YES", "F1", "D1"), leavers(5, "2003-01-01", "REFU", "0", "0"),
    leavers(5, "2003-01-01", "NREQ", "0", "0")) } }
  t:near(chosen.context[TOUCH].evidence[TOUCH_SHARE], 1 / 3)
  t:eq(chosen.action["outcomes.regain_contact"], nil)
end)

test("in_touch: a count of 5 or more people not known is shown", function(t)
  local r = t:run { rule = TOUCH, stage = "transition", data = { care_leavers = join(
    leavers(5, "2003-01-01", "YES", "F1", "D1"), leavers(5, "2003-01-01", "NO", "0", "0")) } }
  t:eq(r.context[TOUCH].evidence[UNKNOWN], 5)
  t:near(r.context[TOUCH].evidence[TOUCH_SHARE], 0.5)
end)

test("in_touch: about fewer than 5 people, nothing is quoted", function(t)
  local r = t:run { rule = TOUCH, stage = "transition", data = { care_leavers = join(
    leavers(2, "2003-01-01", "YES", "F1", "D1"), leavers(2, "2003-01-01", "NO", "0", "0")) } }
  t:eq(r.context[TOUCH].evidence[TOUCH_SHARE], "c")
  t:eq(r.context[TOUCH].evidence[UNKNOWN], "c")
  t:eq(r.action["outcomes.regain_contact"].why, "Some care leavers are recorded as not in touch.")
end)

test("in_touch: without anyone in the age groups it is not assessed", function(t)
  local r = t:run { rule = TOUCH, stage = "transition", data = { care_leavers = leavers(5, "2010-01-01", "YES", "F1", "D1") } }
  t:eq(r.context[TOUCH].status, "not_assessed")
  t:eq(r.context[TOUCH].reason, NO_COHORT)
end)

------------------------------------------------------------------------
-- outcomes.innovation_difference
------------------------------------------------------------------------
local DIFF = "outcomes.innovation_difference"

local AHEAD = "Points ahead of those outside the service, on average (behind when below 0)"

test("innovation_difference: young people in the service do better (the OC3 fixture)", function(t)
  local r = t:run { suppress_below = 1, rule = DIFF, stage = "transition", data = { care_leavers = OC3 } }
  local x = r.context[DIFF]
  -- in: A01 A02 A03 A10 B01 B02 B06 = 7; EET 7/7, suitable 6/7 (A10 is X1)
  -- out: A04 A05 A06 A07 A11 A12 B03 B04 B05 = 9; EET 3/9, suitable 3/9
  -- ahead by 100 * ((1 - 1/3) + (6/7 - 1/3)) / 2 = 59.5 points
  t:eq(x.evidence["In the service: in education, employment or training"], 1)
  t:near(x.evidence["Not in the service: in education, employment or training"], 1 / 3)
  t:near(x.evidence["In the service: in suitable accommodation"], 6 / 7)
  t:near(x.evidence["Not in the service: in suitable accommodation"], 1 / 3)
  t:near(x.evidence[AHEAD], 59.5)
  t:eq(r.action["outcomes.why_no_difference"], nil)
end)

test("innovation_difference: doing no better than others asks why", function(t)
  local r = t:run { suppress_below = 1, rule = DIFF, stage = "transition", data = { care_leavers = join(
    leavers(3, "2003-01-01", "YES", "F1", "D1", "yes"), leavers(2, "2003-01-01", "YES", "G5", "V2", "yes"),
    leavers(4, "2004-01-01", "YES", "F1", "D1", "no"), leavers(1, "2004-01-01", "YES", "G5", "V2", "no")) } }
  -- in: EET 3/5, suitable 3/5; out: 4/5, 4/5: 100 * (-0.2 - 0.2) / 2 = -20
  t:near(r.context[DIFF].evidence[AHEAD], -20)
  local action = r.action["outcomes.why_no_difference"]
  t:eq(action.gap, "outcomes.no_difference")
  t:eq(action.why, "Young people in the service are on average 20 points behind those outside it on education, work and housing.")
end)

test("innovation_difference: with no suitability figure on one side, education and work are compared alone", function(t)
  local r = t:run { rule = DIFF, stage = "transition", data = { care_leavers = join(
    leavers(5, "2003-01-01", "YES", "G5", "G1", "yes"),
    leavers(5, "2004-01-01", "YES", "F1", "D1", "no")) } }
  -- in: EET 0/5 and no suitability total (all gone abroad); out: EET 5/5
  t:near(r.context[DIFF].evidence[AHEAD], -100)
  t:eq(r.context[DIFF].evidence["In the service: in suitable accommodation"], nil)
  t:eq(r.action["outcomes.why_no_difference"].why,
       "Young people in the service are on average 100 points behind those outside it on education and work.")
  local level = t:run { rule = DIFF, stage = "transition", data = { care_leavers = join(
    leavers(5, "2003-01-01", "YES", "F1", "D1", "yes"), leavers(5, "2004-01-01", "YES", "F1", "D1", "no")) } }
  t:eq(level.context[DIFF].evidence[AHEAD], 0)
  t:eq(level.action["outcomes.why_no_difference"].why,
       "Young people in the service do no better than those outside it on education, work and housing.")
end)

test("innovation_difference: comparisons about fewer than 5 people are suppressed and not quoted", function(t)
  local r = t:run { rule = DIFF, stage = "transition", data = { care_leavers = join(
    leavers(3, "2003-01-01", "YES", "G5", "V2", "yes"), leavers(6, "2004-01-01", "YES", "F1", "D1", "no")) } }
  local x = r.context[DIFF]
  t:eq(x.evidence["In the service: in education, employment or training"], "c")
  t:eq(x.evidence["Not in the service: in education, employment or training"], 1)
  -- the difference would give the suppressed share back: it is not shown at all
  t:eq(x.evidence[AHEAD], nil, "a difference about 3 people is theirs")
  t:eq(r.action["outcomes.why_no_difference"], nil)
end)

test("innovation_difference: without in_innovation, or with one side empty, it is not shown", function(t)
  local r = t:run { rule = DIFF, stage = "transition", data = { care_leavers = leavers(5, "2003-01-01", "YES", "F1", "D1") } }
  t:eq(r.context[DIFF].status, "not_assessed")
  t:eq(r.context[DIFF].reason, "the care_leavers table has no column in_innovation (see docs/data.md)")
  local inside = t:run { rule = DIFF, stage = "transition", data = { care_leavers = leavers(5, "2003-01-01", "YES", "F1", "D1", "yes") } }
  t:eq(inside.context[DIFF].reason, "no care leaver aged 17 to 21 is recorded as outside the innovation (in_innovation = no), so there is no one to compare with")
  local outside = t:run { rule = DIFF, stage = "transition", data = { care_leavers = leavers(5, "2003-01-01", "YES", "F1", "D1", "no") } }
  t:eq(outside.context[DIFF].reason, "no care leaver aged 17 to 21 is recorded as in the innovation")
end)

------------------------------------------------------------------------
-- context, not score
------------------------------------------------------------------------
test("outcome levels never change an ingredient's score", function(t)
  local measures = {
    { kind = "soft", topic = "wellbeing", co_designed = "yes", last_reported = "2024-01-31", used_in_decision = "yes" },
    { kind = "hard", topic = "eet", co_designed = "no", last_reported = "2024-01-31", used_in_decision = "no" },
  }
  local good = t:run { stage = "transition", data = { measures = measures, care_leavers = leavers(20, "2003-01-01", "YES", "F1", "U1") } }
  local poor = t:run { stage = "transition", data = { measures = measures, care_leavers = join(
    leavers(15, "2003-01-01", "NO", "0", "0"), leavers(5, "2003-01-01", "YES", "G5", "V2")) } }
  t:near(good.ingredients.measurement.score, poor.ingredients.measurement.score)
  t:eq(good.score, poor.score)
  t:eq(good.rule_coverage, poor.rule_coverage)
  -- the figures differ, and poor outcomes still bring their actions
  t:near(good.context[TOUCH].evidence[TOUCH_SHARE], 1)
  t:near(poor.context[TOUCH].evidence[TOUCH_SHARE], 0.25)
  t:ok(poor.action["outcomes.review_neet"] and poor.action["outcomes.regain_contact"], "actions on the outcomes")
  for _, id in ipairs { EET, ACC, TOUCH, DIFF } do
    t:eq(good.rules[id], nil, id .. " is no rule of an ingredient")
  end
end)
