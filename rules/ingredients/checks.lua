-- Data quality. SSDA903 care-leaver records (table OC3) are checked by DfE's
-- own validation rules, each named with its DfE number and counting a record
-- once however many of its fields break the rule; then a few checks of the
-- pack's own, and the pack's other tables for codes outside their lists.
-- Problems are counted and reported in the plan, never silently scored: a row
-- with a bad code simply matches none of the outcome definitions.
--
-- Each DfE rule counts what the DfE-endorsed 903 validator
-- (data-to-insight/csc-validator-be-903) flags, field by field as its rule
-- reads it. That tool first turns every value to capitals; sustain reads codes
-- as written, so a code in small letters is reported here as not a DfE code.

local oc3 = require "lib.oc3"
local dates = require "lib.dates"

-- The first collection year (to 31 March 2022) whose returns use F4/P4
-- (apprenticeship) and F5/P5 (other training or employment) in place of F3/P3
-- (training or employment). DfE's validation of that year's returns rejects
-- F3 and P3; the validation of earlier returns accepted them and rejected
-- the new codes.
local NEW_ACTIVITY_CODES_FROM = 2022
local ACTIV_FROM_2022 = { "F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0" }
local ACTIV_BEFORE_2022 = { "F1", "P1", "F2", "P2", "F3", "P3", "G4", "G5", "G6", "0" }

-- The ACCOM codes DfE accepts: every type with 1 or 2, and 0, except S1 and X1
-- (no fixed abode and custody are never suitable).
local ACCOM_VALID = {}
for _, code in ipairs(oc3.ACCOM) do
  if code ~= "S1" and code ~= "X1" then ACCOM_VALID[#ACCOM_VALID + 1] = code end
end

-- A column holding a value that is not one of codes, or no value at all.
local function blank_or_not_in(column, codes)
  return { { [column] = { not_in = codes } }, { [column] = { missing = true } } }
end

-- The filter, once per column, with the column either holding a value other
-- than `value` or left blank: pandas, in which the validator is written,
-- counts a blank as different from any code.
local function other_than(base, columns, value)
  local list = {}
  for _, column in ipairs(columns) do
    for _, condition in ipairs { { ne = value }, { missing = true } } do
      local filter = { [column] = condition }
      for key, v in pairs(base) do filter[key] = v end
      list[#list + 1] = filter
    end
  end
  return list
end

-- The earliest date of birth of a young person still younger than `years` on
-- 31 March of the collection year: DfE's ages are the ages on that day.
local function born_after(a, years)
  return string.format("%04d-04-01", dates.collection_year(a) - years)
end

check {
  id = "oc3_131_in_touch_invalid",
  table = "care_leavers",
  message = "IN_TOUCH is blank or not a DfE code: write YES, NO, DIED, REFU, NREQ or RHOM, in capitals",
  where = blank_or_not_in("IN_TOUCH", oc3.IN_TOUCH),
}

check {
  id = "oc3_132_activity_invalid",
  table = "care_leavers",
  message = "ACTIV is blank or not a DfE activity code for the collection year: from the year to "
            .. "31 March 2022, F3 and P3 are recoded F4/P4 (apprenticeship) or F5/P5 (other training "
            .. "or employment); returns for earlier years use F3/P3 and have no F4, P4, F5 or P5",
  where = function(a)
    local year = dates.collection_year(a)
    return blank_or_not_in("ACTIV", year >= NEW_ACTIVITY_CODES_FROM and ACTIV_FROM_2022 or ACTIV_BEFORE_2022)
  end,
}

check {
  id = "oc3_133_accommodation_invalid",
  table = "care_leavers",
  message = "ACCOM is blank or not a DfE accommodation code: write a type letter followed by 1 "
            .. "(suitable) or 2 (not suitable), or 0; S (no fixed abode) and X (custody) take 2 only",
  where = blank_or_not_in("ACCOM", ACCOM_VALID),
}

check {
  id = "oc3_344_died_or_returned_home_but_activity_or_accommodation",
  table = "care_leavers",
  message = "IN_TOUCH is DIED or RHOM but ACTIV or ACCOM is not 0: for a young person who has died "
            .. "or returned home for six months or more, write 0 in both",
  where = other_than({ IN_TOUCH = oc3.EXCLUDED }, { "ACTIV", "ACCOM" }, "0"),
}

check {
  id = "oc3_345_in_touch_but_activity_or_accommodation_zero",
  table = "care_leavers",
  message = "IN_TOUCH is YES but ACTIV or ACCOM is 0: when the authority is in touch, record the "
            .. "young person's activity and accommodation",
  where = { { IN_TOUCH = "YES", ACTIV = "0" }, { IN_TOUCH = "YES", ACCOM = "0" } },
}

check {
  id = "oc3_391_younger_than_17",
  table = "care_leavers",
  message = "the young person was not yet 17 on 31 March of the collection year, yet IN_TOUCH, "
            .. "ACTIV or ACCOM is filled in: care-leaver information starts at 17; check DOB, or "
            .. "leave the three blank",
  where = function(a)
    local young = born_after(a, 17)
    return {
      { DOB = { ge = young }, IN_TOUCH = { missing = false } },
      { DOB = { ge = young }, ACTIV = { missing = false } },
      { DOB = { ge = young }, ACCOM = { missing = false } },
    }
  end,
}

check {
  id = "oc3_3001_former_foster_carers_at_17",
  table = "care_leavers",
  message = "ACCOM is Z1 or Z2 (with former foster carers) for a young person whose 17th birthday "
            .. "falls in the collection year: at 17 their foster carers are not yet former ones; "
            .. "record the accommodation they are in",
  where = function(a)
    -- the validator compares the code in capitals
    return { ACCOM = { "Z1", "Z2", "z1", "z2" },
             DOB = { ge = born_after(a, 18), lt = born_after(a, 17) } }
  end,
}

check {
  id = "oc3_348_previously_reported_died",
  table = "care_leavers",
  message = "last year's return recorded the young person as having died, but IN_TOUCH is not DIED "
            .. "this year: check the CHILD identifier and correct whichever return is wrong",
  where = blank_or_not_in("IN_TOUCH", { "DIED" }),
  found_in = { table = "care_leavers_last_year", key = "CHILD", where = { IN_TOUCH = "DIED" } },
}

check {
  id = "oc3_duplicate_child",
  table = "care_leavers",
  message = "the same CHILD identifier is on more than one row, so that young person counts more "
            .. "than once in every figure: keep one row per young person",
  unique = "CHILD",
}

check {
  id = "oc3_older_than_21",
  table = "care_leavers",
  message = "the young person was 22 or older on 31 March of the collection year: OC3 covers 17 to "
            .. "21 year olds, so the record counts in no figure; check DOB, or remove the record",
  where = function(a)
    return { DOB = { lt = born_after(a, 22) } }
  end,
}

check {
  id = "oc3_date_of_birth_missing",
  table = "care_leavers",
  message = "DOB is blank, so the young person's age group cannot be worked out",
  where = { DOB = { missing = true } },
}

check {
  id = "participation_unknown_level",
  table = "participation",
  message = "level is not a rung of the participation ladder (informed, consulted, involved, co-designed, led)",
  where = { level = { not_in = { "informed", "consulted", "involved", "co-designed", "led" } } },
}

check {
  id = "leadership_unknown_level",
  table = "leadership",
  message = "level is not one of senior, middle, hybrid_middle, frontline_champion, elected_member, care_leaver_advocate",
  where = { level = { not_in = { "senior", "middle", "hybrid_middle", "frontline_champion", "elected_member",
                                 "care_leaver_advocate" } } },
}

check {
  id = "leadership_active_not_yes_or_no",
  table = "leadership",
  message = "active is neither yes nor no",
  where = { active = { not_in = { "yes", "no" } } },
}
