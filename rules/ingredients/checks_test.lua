-- Tests of checks.lua: the data-quality checks count the rows that break a
-- rule (r.data_quality), show counts below 5 as "c", list only checks that
-- found a row, and never change a score.
--
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
--   D090-D095   6  all three codes blank: allowed
--   D096-D102   7  clean: NO 0 0 (3), YES F5 S2 (4)

local DIRTY = "fixtures/oc3_dirty.csv"

test("checks: each SSDA903 check counts the rows that break it", function(t)
  local r = t:run { rule = "measurement.in_touch", stage = "transition", data = { care_leavers = DIRTY } }
  local dq = r.data_quality
  t:eq(dq.oc3_unknown_in_touch_code, 6)
  t:eq(dq.oc3_unknown_activity_code, 7)
  t:eq(dq.oc3_retired_activity_code, 5)
  t:eq(dq.oc3_unknown_accommodation_code, 8, "S1 and X1 have a check of their own")
  t:eq(dq.oc3_homeless_or_custody_marked_suitable, 5)
  t:eq(dq.oc3_died_or_returned_home_with_activity, 6, "RHOM with ACTIV 0 is fine")
  t:eq(dq.oc3_died_or_returned_home_with_accommodation, 9, "DIED with ACCOM 0 is fine")
  t:eq(dq.oc3_in_touch_without_activity, 5)
  t:eq(dq.oc3_in_touch_without_accommodation, 10)
  t:eq(dq.oc3_activity_blank, 5, "all three blank is allowed")
  t:eq(dq.oc3_accommodation_blank, 6)
  t:eq(dq.oc3_in_touch_blank, 7)
  t:eq(dq.oc3_in_touch_blank_with_accommodation, 5)
  t:eq(dq.oc3_date_of_birth_missing, 5)
  -- the checks of tables that were not loaded are skipped
  t:eq(dq.participation_unknown_level, nil)
  t:eq(dq.leadership_unknown_level, nil)
  t:eq(dq.leadership_active_not_yes_or_no, nil)
  t:eq(r.rules["measurement.in_touch"].status, "assessed", "the checks do not stop the rules")
end)

test("checks: bad codes are counted, never scored as good outcomes", function(t)
  local r = t:run { stage = "transition", data = { care_leavers = DIRTY } }
  -- 19 to 21: 102 rows - 5 without DOB - 6 DIED - 9 RHOM - 18 without
  -- IN_TOUCH (no care-leaver information, which DfE does not count) = 64
  -- EET: F1 (D001-006, D019-031, D052-061) 6 + 8 + 5 + 10, F3/P3 5, F5 4 = 38;
  --      F6 is not EET
  t:near(r.rules["measurement.eet_against_england"].evidence["Care leavers aged 19 to 21 in education, employment or training (year to 31 March 2024)"], 38 / 64)
  -- suitable: D1 in D001-018 and D047-051: 6 + 7 + 5 + 5 = 23; d1, S1, X1
  --           and D3 are not suitable
  t:near(r.rules["measurement.accommodation_against_england"].evidence["Care leavers aged 19 to 21 in suitable accommodation (year to 31 March 2024)"], 23 / 64)
  -- in touch: YES only; 'Yes' is not: 7 + 5 + 8 + 5 + 5 + 10 + 4 = 44
  t:near(r.rules["measurement.in_touch"].evidence["Care leavers aged 17 to 21 in touch with the authority (year to 31 March 2024)"], 44 / 64)
end)

test("checks: counts below 5 are suppressed, at the assessment's threshold", function(t)
  local rows = {
    { DOB = "2003-05-01", IN_TOUCH = "DIED", ACTIV = "F1", ACCOM = "S1" },
    { DOB = "2003-05-01", IN_TOUCH = "RHOM", ACTIV = "P3", ACCOM = "0" },
    { DOB = "2003-05-01", IN_TOUCH = "YES", ACTIV = "F1", ACCOM = "D1" },
  }
  local r = t:run { rule = "measurement.in_touch", stage = "transition", data = { care_leavers = rows } }
  t:eq(r.data_quality.oc3_died_or_returned_home_with_activity, "c")
  t:eq(r.data_quality.oc3_died_or_returned_home_with_accommodation, "c")
  t:eq(r.data_quality.oc3_homeless_or_custody_marked_suitable, "c")
  t:eq(r.data_quality.oc3_retired_activity_code, "c")
  local exact = t:run { rule = "measurement.in_touch", stage = "transition", suppress_below = 1, data = { care_leavers = rows } }
  t:eq(exact.data_quality.oc3_died_or_returned_home_with_activity, 2)
  t:eq(exact.data_quality.oc3_died_or_returned_home_with_accommodation, 1)
  t:eq(exact.data_quality.oc3_homeless_or_custody_marked_suitable, 1)
  t:eq(exact.data_quality.oc3_retired_activity_code, 1)
end)

test("checks: clean records list no check at all", function(t)
  local rows = {}
  for i = 1, 6 do rows[i] = { DOB = "2004-01-01", IN_TOUCH = "YES", ACTIV = "F4", ACCOM = "Z1" } end
  rows[7] = { DOB = "2004-01-01", IN_TOUCH = "NO", ACTIV = "0", ACCOM = "0" }
  rows[8] = { DOB = "2004-01-01", IN_TOUCH = "RHOM", ACTIV = "0", ACCOM = "0" }
  rows[9] = { DOB = "2004-01-01", IN_TOUCH = "YES", ACTIV = "G6", ACCOM = "X2" }
  local r = t:run { rule = "measurement.in_touch", stage = "transition", suppress_below = 1, data = {
    care_leavers = rows,
    participation = { { level = "informed" }, { level = "co-designed" }, { level = "led" } },
    leadership = { { level = "hybrid_middle", active = "yes" }, { level = "care_leaver_advocate", active = "no" } },
  } }
  t:eq(r.data_quality, {})
end)

test("checks: unknown participation levels are counted", function(t)
  local r = t:run { rule = "coproduction.depth", stage = "pilot", suppress_below = 1, data = { participation = {
    { level = "workshop" }, { level = "Consulted" }, { level = "co-designed" }, { changed_decision = "yes" },
  } } }
  -- 'workshop' and 'Consulted' (levels are lower case); a blank level is not
  -- a wrong code
  t:eq(r.data_quality.participation_unknown_level, 2)
  t:eq(r.rules["coproduction.depth"].score, 80, "scored from the one known rung")
end)

test("checks: unknown leadership levels and active values are counted", function(t)
  local r = t:run { rule = "leadership.distributed", stage = "pilot", data = { leadership = {
    { level = "Senior", active = "yes" }, { level = "team_manager", active = "yes" }, { level = "director", active = "yes" },
    { level = "senior", active = "Yes" }, { level = "middle", active = "y" }, { level = "middle", active = "no" },
    { level = "elected member", active = "yes" }, { level = "frontline", active = "TRUE" }, { level = "senior", active = "1" },
    { level = "senior", active = "active" },
  } } }
  -- levels: Senior, team_manager, director, elected member, frontline = 5
  t:eq(r.data_quality.leadership_unknown_level, 5)
  -- active: Yes, y, TRUE, 1, active = 5
  t:eq(r.data_quality.leadership_active_not_yes_or_no, 5)
  t:eq(r.rules["leadership.distributed"].evidence["Levels with an active leader (of 6)"], 0,
       "none of the rows is an active leader at a known level")
end)
