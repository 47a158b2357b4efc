-- Outcomes: what the authority's own SSDA903 care-leaver records (table OC3)
-- show, computed exactly as DfE defines them (lib/oc3.lua): education,
-- employment or training and suitable accommodation against England, contact
-- kept with care leavers, and whether young people in the innovation do better
-- than those outside it. These rules belong to the measurement ingredient.

local score = require "lib.score"
local dates = require "lib.dates"
local oc3 = require "lib.oc3"
local dfe = require "lib.dfe"

-- Each percentage point better than England adds this many points to 50.
local POINTS = { eet = 2.5, suitable = 5 }

-- One DfE outcome (eet or suitable) for both age groups against England:
-- records evidence and returns the score (weighted by people), the 19-21
-- gap, and whether that gap may be quoted (the share it comes from would be
-- shown). Each share has DfE's own denominator (oc3.rate).
local function against_england(a, measure, words)
  local year = dates.collection_year(a)
  local total, people, gap_older, quotable = 0, 0, nil, false
  for _, group in ipairs(oc3.GROUPS) do
    local own, n = oc3.rate(oc3.outcomes(a.data.care_leavers, year, group), measure)
    if own then
      local england, eyear = dfe.england(measure, group.id, year)
      a:evidence(string.format("Care leavers aged %s %s (year to 31 March %d)", group.label, words, year), own, n)
      a:evidence(string.format("England, aged %s (DfE, %d)", group.label, eyear), england / 100)
      local gap = 100 * own - england
      total = total + n * score.clamp(50 + POINTS[measure] * gap)
      people = people + n
      if group.id == "19-21" then gap_older, quotable = gap, score.quotable(a, n, own) end
    end
  end
  if people == 0 then return nil end
  return total / people, gap_older, quotable
end

local function no_cohort(a)
  return nil, string.format("no care leaver in the records counts in DfE's figures for the year to 31 March %d: "
                            .. "DfE counts those aged 17 to 21 whose IN_TOUCH is recorded and is neither DIED nor RHOM "
                            .. "(check DOB and IN_TOUCH, or set collection_year for this authority)", dates.collection_year(a))
end

-- Why there is no suitability figure: nobody in DfE's count, or nobody whose
-- accommodation's suitability can be known.
local function no_suitability_figure(a)
  local year = dates.collection_year(a)
  for _, group in ipairs(oc3.GROUPS) do
    if oc3.outcomes(a.data.care_leavers, year, group).n > 0 then
      return nil, "DfE's suitability figures leave out every care leaver aged 17 to 21 here: "
        .. "all have gone abroad, been deported or have no known residence (ACCOM G, H or R)"
    end
  end
  return no_cohort(a)
end

rule {
  id = "measurement.eet_against_england",
  ingredient = "measurement",
  title = "Care leavers in education, employment or training, compared with England",
  needs = { "care_leavers" },
  assess = function(a)
    local s, gap, quotable = against_england(a, "eet", "in education, employment or training")
    if not s then return no_cohort(a) end
    if gap and gap < -2 and quotable then
      a:action {
        id = "measurement.review_neet",
        title = "Review every 19 to 21 year old care leaver not in education, work or training with them each quarter, with a named offer from the virtual school or employment team",
        owner = "leaving care team manager",
        effort = "medium",
        impact = 10,
        why = string.format("The share of 19 to 21 year olds in education, employment or training is %.0f points below England.", -gap),
      }
    end
    return s
  end,
}

rule {
  id = "measurement.accommodation_against_england",
  ingredient = "measurement",
  title = "Care leavers in suitable accommodation, compared with England",
  needs = { "care_leavers" },
  assess = function(a)
    local s, gap, quotable = against_england(a, "suitable", "in suitable accommodation")
    if not s then return no_suitability_figure(a) end
    if gap and gap < -2 and quotable then
      a:action {
        id = "measurement.review_unsuitable_housing",
        title = "Agree with housing a move-on plan for every care leaver in unsuitable accommodation, reviewed monthly",
        owner = "leaving care team manager with the housing options manager",
        effort = "medium",
        impact = 10,
        why = string.format("The share of 19 to 21 year olds in suitable accommodation is %.0f points below England.", -gap),
      }
    end
    return s
  end,
}

-- "Only 75% of care leavers aged 17 to 21 are in touch ...": the share, and
-- the people whose activity is not known when there are enough to quote.
local function out_of_touch_why(a, touch, n, unknown)
  if not score.quotable(a, n, touch / n) then return "Some care leavers aged 17 to 21 are not in touch with the service." end
  local why = string.format("Only %s of care leavers aged 17 to 21 are in touch with the service", score.pct(touch / n))
  if unknown > 0 and score.quotable(a, unknown) then
    why = why .. string.format(", and the activity of %d of them is not known", unknown)
  end
  return why .. "."
end

rule {
  id = "measurement.in_touch",
  ingredient = "measurement",
  title = "The service is in touch with its care leavers, so it knows how they are doing",
  needs = { "care_leavers" },
  assess = function(a)
    local year = dates.collection_year(a)
    local n, touch, unknown = 0, 0, 0
    for _, group in ipairs(oc3.GROUPS) do
      local o = oc3.outcomes(a.data.care_leavers, year, group)
      if o.n > 0 then
        a:evidence(string.format("Care leavers aged %s in touch with the authority (year to 31 March %d)", group.label, year),
                   o.in_touch / o.n, o.n)
      end
      n, touch, unknown = n + o.n, touch + o.in_touch, unknown + o.not_known
    end
    if n == 0 then return no_cohort(a) end
    a:evidence(string.format("Care leavers aged 17 to 21 in touch with the authority (year to 31 March %d)", year), touch / n, n)
    a:evidence("Care leavers aged 17 to 21 whose activity is not known", unknown, unknown)
    if touch / n < 0.9 then
      a:action {
        id = "measurement.regain_contact",
        title = "Try every route back to each care leaver the service has lost touch with, and record why contact was lost",
        owner = "leaving care team manager",
        effort = "medium",
        impact = 8,
        why = out_of_touch_why(a, touch, n, unknown),
      }
    end
    -- 70% in touch or fewer scores 0; 95% or more scores 100
    return score.between(touch / n, 0.70, 0.95)
  end,
}

rule {
  id = "measurement.innovation_difference",
  ingredient = "measurement",
  title = "The service can show that young people in it do better than those outside it",
  needs = { "care_leavers" },
  assess = function(a)
    local leavers = a.data.care_leavers
    local missing = score.missing_columns(leavers, "care_leavers", { "in_innovation" })
    if missing then return nil, missing end
    local year = dates.collection_year(a)
    local sums = {}
    for _, side in ipairs { "yes", "no" } do
      local s = { n = 0, eet = 0, suitability_n = 0, suitable = 0 }
      for _, group in ipairs(oc3.GROUPS) do
        local o = oc3.outcomes(leavers, year, group, { in_innovation = side })
        for k in pairs(s) do s[k] = s[k] + o[k] end
      end
      sums[side] = s
    end
    local inside, outside = sums.yes, sums.no
    if inside.n == 0 then return nil, "no care leaver aged 17 to 21 is recorded as in the innovation" end
    if outside.n == 0 then
      return nil, "no care leaver aged 17 to 21 is recorded as outside the innovation (in_innovation = no), so there is no one to compare with"
    end
    a:evidence("In the service: in education, employment or training", inside.eet / inside.n, inside.n)
    a:evidence("Not in the service: in education, employment or training", outside.eet / outside.n, outside.n)
    local gap = 100 * (inside.eet / inside.n - outside.eet / outside.n)
    -- the gap is quoted only when every share it comes from is shown
    local topics = "education and work"
    local quotable = score.quotable(a, inside.n, inside.eet / inside.n)
      and score.quotable(a, outside.n, outside.eet / outside.n)
    -- suitability has its own denominator, empty when everyone has gone
    -- abroad, been deported or has no known residence
    if inside.suitability_n > 0 and outside.suitability_n > 0 then
      local housed_in, housed_out = inside.suitable / inside.suitability_n, outside.suitable / outside.suitability_n
      a:evidence("In the service: in suitable accommodation", housed_in, inside.suitability_n)
      a:evidence("Not in the service: in suitable accommodation", housed_out, outside.suitability_n)
      gap = (gap + 100 * (housed_in - housed_out)) / 2
      topics = "education, work and housing"
      quotable = quotable and score.quotable(a, inside.suitability_n, housed_in)
        and score.quotable(a, outside.suitability_n, housed_out)
    end
    if gap <= 0 and quotable then
      a:action {
        id = "measurement.why_no_difference",
        title = "Review with practitioners and care leavers why young people in the service do no better than others, and change the offer",
        owner = "service manager",
        effort = "medium",
        impact = 10,
        why = -gap < 0.5 and string.format("Young people in the service do no better than those outside it on %s.", topics)
          or string.format("Young people in the service are on average %.0f points behind those outside it on %s.", -gap, topics),
      }
    end
    -- no difference scores 50; ten points better on average scores 100
    return score.clamp(50 + 5 * gap)
  end,
}
