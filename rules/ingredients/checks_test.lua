-- Tests of checks.lua: the data-quality checks count the rows that break a
-- rule (r.data_quality), each row once per rule, show counts below 5 as "c",
-- list only checks that found a row, and never change a score. Each DfE rule
-- has a small set of records that break it and records that do not; counts on
-- the DfE 903 validator's own fake records are compared in tests/checks/.

-- A care-leaver row; nil leaves a cell blank.
local function leaver(child, dob, in_touch, activ, accom)
  return { CHILD = child, DOB = dob, IN_TOUCH = in_touch, ACTIV = activ, ACCOM = accom }
end

-- The data-quality counts of care-leaver rows, exact (no suppression), for
-- the assessment dated 31 March 2024 unless spec says otherwise.
local function quality(t, rows, spec)
  spec = spec or {}
  local r = t:run { checks = true, rule = "outcomes.in_touch", stage = "transition", suppress_below = 1,
                    attr = spec.attr, date = spec.date,
                    data = { care_leavers = rows, care_leavers_last_year = spec.last_year } }
  t:eq(r.errors, {}, "no check failed")
  return r.data_quality
end

local ADULT = "2003-05-01" -- 20 on 31 March 2024

test("131: IN_TOUCH blank or not a DfE code, all three blank included", function(t)
  local dq = quality(t, {
    leaver("A", ADULT, "Yes", "F1", "D1"),   -- codes are written in capitals
    leaver("B", ADULT, "REFUSE", "0", "0"),
    leaver("C", ADULT, nil, "G5", "D1"),
    leaver("D", ADULT, nil, nil, nil),       -- nothing at all is blank too
    leaver("E", ADULT, "YES", "F1", "D1"),
    leaver("F", ADULT, "REFU", "0", "0"),
  })
  t:eq(dq.oc3_131_in_touch_invalid, 4)
end)

test("132 from the year to March 2022: F3 and P3 are retired, F4 to P5 are codes", function(t)
  local rows = {
    leaver("A", ADULT, "YES", "F3", "D1"),
    leaver("B", ADULT, "YES", "P3", "D1"),
    leaver("C", ADULT, "YES", "F6", "D1"),
    leaver("D", ADULT, "YES", nil, "D1"),
    leaver("E", ADULT, "YES", "f1", "D1"),
    leaver("F", ADULT, "YES", "F4", "D1"),
    leaver("G", ADULT, "YES", "P5", "D1"),
    leaver("H", ADULT, "NO", "0", "0"),
  }
  t:eq(quality(t, rows).oc3_132_activity_invalid, 5)
  t:eq(quality(t, rows, { attr = { collection_year = 2022 } }).oc3_132_activity_invalid, 5)
end)

test("132 before the year to March 2022: F3 and P3 are codes, F4 to P5 are not yet", function(t)
  local rows = {
    leaver("A", "2000-05-01", "YES", "F3", "D1"),
    leaver("B", "2000-05-01", "YES", "P3", "D1"),
    leaver("C", "2000-05-01", "YES", "F4", "D1"),
    leaver("D", "2000-05-01", "YES", "P5", "D1"),
    leaver("E", "2000-05-01", "YES", nil, "D1"),
    leaver("F", "2000-05-01", "YES", "G6", "D1"),
  }
  t:eq(quality(t, rows, { attr = { collection_year = 2021 } }).oc3_132_activity_invalid, 3)
  -- the collection year can also come from the assessment date: 2021-06-30
  -- speaks for the year to 31 March 2021
  t:eq(quality(t, rows, { date = "2021-06-30" }).oc3_132_activity_invalid, 3)
end)

test("133: ACCOM blank or not a DfE code; S and X take 2 only", function(t)
  local dq = quality(t, {
    leaver("A", ADULT, "YES", "F1", "S1"),
    leaver("B", ADULT, "YES", "F1", "X1"),
    leaver("C", ADULT, "NO", "0", "01"),
    leaver("D", ADULT, "YES", "F1", "d1"),
    leaver("E", ADULT, "NO", "0", nil),
    leaver("F", ADULT, "YES", "F1", "S2"),
    leaver("G", ADULT, "YES", "F1", "X2"),
    leaver("H", ADULT, "NO", "0", "0"),
  })
  t:eq(dq.oc3_133_accommodation_invalid, 5)
end)

test("344: died or returned home with ACTIV or ACCOM, a record counted once", function(t)
  local dq = quality(t, {
    leaver("A", ADULT, "DIED", "F1", "0"),
    leaver("B", ADULT, "RHOM", "0", "B1"),
    leaver("C", ADULT, "DIED", "F1", "B1"), -- both: one record
    leaver("D", ADULT, "DIED", nil, "0"),   -- a blank is not 0
    leaver("E", ADULT, "RHOM", "0", "0"),
    leaver("F", ADULT, "DIED", "0", "0"),
  })
  t:eq(dq.oc3_344_died_or_returned_home_but_activity_or_accommodation, 4)
end)

test("345: in touch with ACTIV or ACCOM 0, a record counted once", function(t)
  local dq = quality(t, {
    leaver("A", ADULT, "YES", "0", "D1"),
    leaver("B", ADULT, "YES", "F1", "0"),
    leaver("C", ADULT, "YES", "0", "0"),   -- both: one record
    leaver("D", ADULT, "YES", nil, "D1"),  -- blank, not 0: that is 132's
    leaver("E", ADULT, "NO", "0", "0"),
    leaver("F", ADULT, "YES", "G5", "U2"),
  })
  t:eq(dq.oc3_345_in_touch_but_activity_or_accommodation_zero, 3)
end)

test("391: younger than 17 at the end of the collection year with anything filled in", function(t)
  local rows = {
    leaver("A", "2007-04-01", "YES", "F1", "D1"), -- 16 on 31 March 2024
    leaver("B", "2008-01-01", nil, nil, "K2"),    -- one field is enough
    leaver("C", "2008-01-01", nil, nil, nil),     -- nothing reported: fine
    leaver("D", "2007-03-31", "YES", "F1", "D1"), -- 17 on 31 March 2024
  }
  t:eq(quality(t, rows).oc3_391_younger_than_17, 2)
  -- a year later, A and B are still too young, D is not
  t:eq(quality(t, rows, { attr = { collection_year = 2023 } }).oc3_391_younger_than_17, 3)
end)

test("3001: with former foster carers at 17", function(t)
  local dq = quality(t, {
    leaver("A", "2007-03-31", "YES", "F1", "Z1"), -- 17th birthday on 31 March 2024
    leaver("B", "2006-04-01", "NO", "0", "Z2"),   -- 17th birthday on 1 April 2023
    leaver("C", "2006-04-01", "NO", "0", "z1"),   -- DfE's rule reads the code in capitals
    leaver("D", "2006-03-31", "YES", "F1", "Z1"), -- 17 a day before the year began
    leaver("E", "2007-03-31", "YES", "F1", "D1"),
  })
  t:eq(dq.oc3_3001_former_foster_carers_at_17, 3)
  t:eq(dq.oc3_133_accommodation_invalid, 1, "z1 is no code as it is written")
end)

test("348: reported as having died last year, not this year", function(t)
  local this_year = {
    leaver("A", ADULT, "YES", "F1", "D1"),
    leaver("B", ADULT, nil, nil, nil),
    leaver("C", ADULT, "DIED", "0", "0"),
    leaver("D", ADULT, "NO", "0", "0"),
  }
  local last_year = {
    leaver("A", ADULT, "DIED", "0", "0"),
    leaver("B", ADULT, "DIED", "0", "0"),
    leaver("C", ADULT, "DIED", "0", "0"),
    leaver("D", ADULT, "YES", "F1", "D1"),
    leaver("Z", ADULT, "DIED", "0", "0"),
  }
  t:eq(quality(t, this_year, { last_year = last_year }).oc3_348_previously_reported_died, 2)
  t:eq(quality(t, this_year).oc3_348_previously_reported_died, nil, "without last year's return")
end)

test("duplicate CHILD: every row of a young person on more than one row", function(t)
  local dq = quality(t, {
    leaver("A", ADULT, "YES", "F1", "D1"),
    leaver("A", ADULT, "YES", "F1", "D1"),
    leaver("A", ADULT, "NO", "0", "0"),
    leaver("B", ADULT, "YES", "F1", "D1"),
    leaver(nil, ADULT, "YES", "F1", "D1"), -- no identifier: not a duplicate
    leaver(nil, ADULT, "YES", "F1", "D1"),
  })
  t:eq(dq.oc3_duplicate_child, 3)
end)

test("older than 21: 22 or more on 31 March, so in no figure", function(t)
  local rows = {
    leaver("A", "2002-03-31", "YES", "F1", "D1"), -- 22 on 31 March 2024
    leaver("B", "2002-04-01", "YES", "F1", "D1"), -- 21
  }
  local dq = quality(t, rows)
  t:eq(dq.oc3_older_than_21, 1)
  t:eq(dq.oc3_391_younger_than_17, nil)
  t:eq(quality(t, rows, { attr = { collection_year = 2023 } }).oc3_older_than_21, nil)
end)

test("date of birth missing", function(t)
  local dq = quality(t, { leaver("A", nil, "YES", "F1", "D1"), leaver("B", ADULT, "YES", "F1", "D1") })
  t:eq(dq.oc3_date_of_birth_missing, 1)
  t:eq(dq.oc3_391_younger_than_17, nil, "a missing date is not a young age")
end)

-- fixtures/oc3_dirty.csv, 102 rows, built in groups (all born 2003-05-01,
-- aged 20 on 31 March 2024, unless said otherwise):
--   D001-D006   6  IN_TOUCH Yes (not a DfE code; codes are upper case)
--   D007-D013   7  ACTIV F6 (not a DfE code)
--   D014-D018   5  ACTIV F3 (3) and P3 (2): retired in 2022
--   D019-D026   8  ACCOM 01 (3), D3 (3), d1 (2): not DfE codes
--   D027-D031   5  ACCOM S1 (3), X1 (2): never suitable
--   D032-D037   6  DIED with ACTIV F1 (ACCOM 0)
--   D038-D046   9  RHOM with ACCOM B1 (ACTIV 0)
--   D047-D051   5  YES with ACTIV 0
--   D052-D061  10  YES with ACCOM 0
--   D062-D066   5  NO, ACTIV blank, ACCOM 0
--   D067-D072   6  NO, ACTIV 0, ACCOM blank
--   D073-D079   7  IN_TOUCH blank, ACTIV G5, ACCOM blank
--   D080-D084   5  IN_TOUCH blank, ACTIV blank, ACCOM V2
--   D085-D089   5  DOB blank (YES, F1, D1)
--   D090-D095   6  all three codes blank
--   D096-D102   7  clean: NO 0 0 (3), YES F5 S2 (4)

local DIRTY = "fixtures/oc3_dirty.csv"

test("checks: each SSDA903 check counts the rows that break it", function(t)
  local r = t:run { checks = true, rule = "outcomes.in_touch", stage = "transition", data = { care_leavers = DIRTY } }
  local dq = r.data_quality
  t:eq(dq.oc3_131_in_touch_invalid, 6 + 7 + 5 + 6, "Yes, and the blank IN_TOUCHs")
  t:eq(dq.oc3_132_activity_invalid, 7 + 5 + 5 + 5 + 6, "F6, F3/P3, and the blank ACTIVs")
  t:eq(dq.oc3_133_accommodation_invalid, 8 + 5 + 6 + 7 + 6, "bad codes, S1/X1, and the blank ACCOMs")
  t:eq(dq.oc3_344_died_or_returned_home_but_activity_or_accommodation, 6 + 9)
  t:eq(dq.oc3_345_in_touch_but_activity_or_accommodation_zero, 5 + 10)
  t:eq(dq.oc3_date_of_birth_missing, 5)
  for _, id in ipairs { "oc3_391_younger_than_17", "oc3_3001_former_foster_carers_at_17",
                        "oc3_duplicate_child", "oc3_older_than_21" } do
    t:eq(dq[id], nil, id)
  end
  t:eq(dq.oc3_348_previously_reported_died, nil, "no last year's return: not checked")
  -- the checks of tables that were not loaded are skipped
  t:eq(dq.participation_unknown_level, nil)
  t:eq(dq.leadership_unknown_level, nil)
  t:eq(dq.leadership_active_not_yes_or_no, nil)
  t:eq(r.context["outcomes.in_touch"].status, "assessed", "the checks do not stop the rules")
end)

test("checks: bad codes are counted, never scored as good outcomes", function(t)
  local r = t:run { stage = "transition", data = { care_leavers = DIRTY } }
  -- 19 to 21: 102 rows - 5 without DOB - 6 DIED - 9 RHOM - 18 without
  -- IN_TOUCH (no care-leaver information, which DfE does not count) = 64
  -- EET: F1 (D001-006, D019-031, D052-061) 6 + 8 + 5 + 10, F3/P3 5, F5 4 = 38;
  --      F6 is not EET
  t:near(r.context["outcomes.eet_against_england"].evidence["Care leavers aged 19 to 21 in education, employment or training (year to 31 March 2024)"], 38 / 64)
  -- suitable: D1 in D001-018 and D047-051: 6 + 7 + 5 + 5 = 23; d1, S1, X1
  --           and D3 are not suitable
  t:near(r.context["outcomes.accommodation_against_england"].evidence["Care leavers aged 19 to 21 in suitable accommodation (year to 31 March 2024)"], 23 / 64)
  -- in touch: YES only; 'Yes' is not: 7 + 5 + 8 + 5 + 5 + 10 + 4 = 44
  t:near(r.context["outcomes.in_touch"].evidence["Care leavers aged 17 to 21 in touch with the authority (year to 31 March 2024)"], 44 / 64)
end)

test("checks: counts below 5 are suppressed, at the assessment's threshold", function(t)
  local rows = {
    leaver("A", ADULT, "DIED", "F1", "S1"),
    leaver("B", ADULT, "RHOM", "P3", "0"),
    leaver("C", ADULT, "YES", "F1", "D1"),
  }
  local r = t:run { checks = true, rule = "outcomes.in_touch", stage = "transition", data = { care_leavers = rows } }
  t:eq(r.data_quality.oc3_344_died_or_returned_home_but_activity_or_accommodation, "c")
  t:eq(r.data_quality.oc3_133_accommodation_invalid, "c")
  t:eq(r.data_quality.oc3_132_activity_invalid, "c")
  local exact = t:run { checks = true, rule = "outcomes.in_touch", stage = "transition", suppress_below = 1, data = { care_leavers = rows } }
  t:eq(exact.data_quality.oc3_344_died_or_returned_home_but_activity_or_accommodation, 2)
  t:eq(exact.data_quality.oc3_133_accommodation_invalid, 1)
  t:eq(exact.data_quality.oc3_132_activity_invalid, 1)
end)

test("checks: clean records list no check at all", function(t)
  local rows = {}
  for i = 1, 6 do rows[i] = leaver("C" .. i, "2004-01-01", "YES", "F4", "Z1") end
  rows[7] = leaver("C7", "2004-01-01", "NO", "0", "0")
  rows[8] = leaver("C8", "2004-01-01", "RHOM", "0", "0")
  rows[9] = leaver("C9", "2004-01-01", "YES", "G6", "X2")
  local r = t:run { checks = true, rule = "outcomes.in_touch", stage = "transition", suppress_below = 1, data = {
    care_leavers = rows,
    care_leavers_last_year = { leaver("C1", "2004-01-01", "YES", "F4", "Z1"), leaver("C8", "2004-01-01", "DIED", "0", "0") },
    participation = { { level = "informed" }, { level = "co-designed" }, { level = "led" } },
    leadership = { { level = "hybrid_middle", active = "yes" }, { level = "care_leaver_advocate", active = "no" } },
  } }
  t:eq(r.data_quality, { oc3_348_previously_reported_died = 1 }, "C8 died last year, returned home now")
end)

test("checks: unknown participation levels are counted", function(t)
  local r = t:run { checks = true, rule = "coproduction.depth", stage = "pilot", suppress_below = 1, data = { participation = {
    { level = "workshop" }, { level = "Consulted" }, { level = "co-designed" }, { changed_decision = "yes" },
  } } }
  -- 'workshop' and 'Consulted' (levels are lower case); a blank level is not
  -- a wrong code
  t:eq(r.data_quality.participation_unknown_level, 2)
  t:eq(r.rules["coproduction.depth"].score, 80, "scored from the one known rung")
end)

test("checks: unknown leadership levels and active values are counted", function(t)
  local r = t:run { checks = true, rule = "leadership.distributed", stage = "pilot", data = { leadership = {
    { level = "Senior", active = "yes" }, { level = "team_manager", active = "yes" }, { level = "director", active = "yes" },
    { level = "senior", active = "Yes" }, { level = "middle", active = "y" }, { level = "middle", active = "no" },
    { level = "elected member", active = "yes" }, { level = "frontline", active = "TRUE" }, { level = "senior", active = "1" },
    { level = "senior", active = "active" },
  } } }
  -- levels: Senior, team_manager, director, elected member, frontline = 5
  t:eq(r.data_quality.leadership_unknown_level, 5)
  -- active: Yes, y, TRUE, 1, active = 5
  t:eq(r.data_quality.leadership_active_not_yes_or_no, 5)
  t:eq(r.rules["leadership.distributed"].evidence["Levels of the organisation with an active leader of the service (of 3: senior, middle, front line)"], 0,
       "none of the rows is an active leader at a known level")
end)
