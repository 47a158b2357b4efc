-- Measurement: beyond box-ticking KPIs, computed from the authority's own
-- SSDA903 records and compared with England.

-- DfE: care leavers aged 19 to 21 in education, employment or training,
-- England, year to 31 March 2024.
local NATIONAL_EET = 0.54
local EET = { "F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5" }

rule {
  id = "measurement.eet_against_england",
  ingredient = "measurement",
  title = "Care leavers in education, employment or training, compared with England",
  needs = { "care_leavers" },
  assess = function(a)
    local eet, n = a.data.care_leavers:share { ACTIV = EET }
    a:evidence("Share in education, employment or training", eet, n)
    a:evidence("England, 19-21 year olds (2024)", NATIONAL_EET)
    local score = 50 + 250 * (eet - NATIONAL_EET)
    return math.max(0, math.min(100, score))
  end,
}

rule {
  id = "measurement.voice_in_measures",
  ingredient = "measurement",
  title = "What young people say matters is measured, where young people are heard",
  pass = 2,
  assess = function(a)
    local coproduction = a:score("coproduction")
    if not coproduction then
      return nil, "co-production could not be assessed, so its link to measurement cannot be judged"
    end
    local tracked = a.attr.soft_outcomes_tracked
    a:evidence("Co-production score", coproduction)
    a:evidence("Soft outcomes tracked", tracked or "not stated")
    if tracked == "yes" then
      return math.min(100, 40 + coproduction * 0.6)
    end
    a:action {
      id = "measurement.track_wellbeing",
      title = "Add care leavers' own wellbeing measures (ONS4, feeling settled) to the service dashboard",
      owner = "performance and intelligence lead",
      effort = "medium",
      impact = 18,
      why = "Soft outcomes are not tracked, so what young people say matters is invisible when the service is judged.",
    }
    return coproduction * 0.3
  end,
}
