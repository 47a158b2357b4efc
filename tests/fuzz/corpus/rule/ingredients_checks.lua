-- Data quality. SSDA903 care-leaver records (table OC3) are checked as DfE
-- validates them, and the pack's own tables for codes outside their lists.
-- Problems are counted and reported in the plan, never silently scored: a row
-- with a bad code simply matches none of the outcome definitions.

local oc3 = require "lib.oc3"

-- Every ACCOM code DfE knows, with S1 and X1 too: those two get a check of
-- their own (never suitable), so they are not also counted as unknown.
local ACCOM_KNOWN = { "S1", "X1" }
for _, code in ipairs(oc3.ACCOM) do ACCOM_KNOWN[#ACCOM_KNOWN + 1] = code end

check {
  id = "oc3_unknown_in_touch_code",
  table = "care_leavers",
  message = "IN_TOUCH is not a DfE code (YES, NO, DIED, REFU, NREQ, RHOM)",
  where = { IN_TOUCH = { not_in = oc3.IN_TOUCH } },
}

check {
  id = "oc3_unknown_activity_code",
  table = "care_leavers",
  message = "ACTIV is not a DfE activity code",
  where = { ACTIV = { not_in = oc3.ACTIV } },
}

check {
  id = "oc3_retired_activity_code",
  table = "care_leavers",
  message = "ACTIV is F3 or P3, codes DfE replaced in 2022 by F4/P4 (apprenticeship) and F5/P5 (training or employment)",
  where = { ACTIV = { "F3", "P3" } },
}

check {
  id = "oc3_unknown_accommodation_code",
  table = "care_leavers",
  message = "ACCOM is not a DfE accommodation code (a type letter followed by 1 or 2, or 0)",
  where = { ACCOM = { not_in = ACCOM_KNOWN } },
}

check {
  id = "oc3_homeless_or_custody_marked_suitable",
  table = "care_leavers",
  message = "ACCOM is S1 or X1: no fixed abode and custody are never suitable (DfE accepts S2 and X2 only)",
  where = { ACCOM = { "S1", "X1" } },
}

check {
  id = "oc3_died_or_returned_home_with_activity",
  table = "care_leavers",
  message = "IN_TOUCH is DIED or RHOM but ACTIV is not 0",
  where = { IN_TOUCH = oc3.EXCLUDED, ACTIV = { ne = "0" } },
}

check {
  id = "oc3_died_or_returned_home_with_accommodation",
  table = "care_leavers",
  message = "IN_TOUCH is DIED or RHOM but ACCOM is not 0",
  where = { IN_TOUCH = oc3.EXCLUDED, ACCOM = { ne = "0" } },
}

check {
  id = "oc3_in_touch_without_activity",
  table = "care_leavers",
  message = "IN_TOUCH is YES but ACTIV is 0: a young person in touch has a known activity",
  where = { IN_TOUCH = "YES", ACTIV = "0" },
}

check {
  id = "oc3_in_touch_without_accommodation",
  table = "care_leavers",
  message = "IN_TOUCH is YES but ACCOM is 0: a young person in touch has a known accommodation",
  where = { IN_TOUCH = "YES", ACCOM = "0" },
}

check {
  id = "oc3_activity_blank",
  table = "care_leavers",
  message = "IN_TOUCH is coded but ACTIV is blank: the three are all coded or all blank",
  where = { IN_TOUCH = { missing = false }, ACTIV = { missing = true } },
}

check {
  id = "oc3_accommodation_blank",
  table = "care_leavers",
  message = "IN_TOUCH is coded but ACCOM is blank: the three are all coded or all blank",
  where = { IN_TOUCH = { missing = false }, ACCOM = { missing = true } },
}

check {
  id = "oc3_in_touch_blank",
  table = "care_leavers",
  message = "IN_TOUCH is blank but ACTIV is coded: the three are all coded or all blank",
  where = { IN_TOUCH = { missing = true }, ACTIV = { missing = false } },
}

check {
  id = "oc3_in_touch_blank_with_accommodation",
  table = "care_leavers",
  message = "IN_TOUCH is blank but ACCOM is coded: the three are all coded or all blank",
  where = { IN_TOUCH = { missing = true }, ACCOM = { missing = false } },
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
