-- Data quality of SSDA903 care-leaver records (table OC3), as DfE validates
-- them: problems are counted and reported, never silently scored.

check {
  id = "oc3_died_or_returned_home_with_activity",
  table = "care_leavers",
  message = "IN_TOUCH is DIED or RHOM but ACTIV is not 0",
  where = { IN_TOUCH = { "DIED", "RHOM" }, ACTIV = { ne = "0" } },
}

check {
  id = "oc3_unknown_activity_code",
  table = "care_leavers",
  message = "ACTIV is not a DfE activity code",
  where = { ACTIV = { not_in = { "F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5",
                                 "G4", "G5", "G6", "0" } } },
}
