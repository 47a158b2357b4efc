-- How care leavers are doing, from the authority's own SSDA903 records (table
-- OC3), computed exactly as DfE defines them (lib/oc3.lua): education,
-- employment or training and suitable accommodation against England, contact
-- kept with care leavers, and whether young people in the innovation do better
-- than those outside it.
--
-- These are context, not scores (docs/research.md, "Practice, not outcome
-- levels"): how many young people are in work or in suitable homes says how
-- they are doing, not whether the service will outlive its pilot money. The
-- plan shows them in a section of their own. Their actions rank under
-- measurement, whose practice they are: a service that measures outcomes acts
-- on them, and measures nobody acts on are box-ticking.

local score = require "lib.score"
local dates = require "lib.dates"
local oc3 = require "lib.oc3"
local dfe = require "lib.dfe"

-- One DfE outcome (eet or suitable) for both age groups against England:
-- records evidence and returns whether anyone counted at all, the 19-21 gap in
-- points (nil when nobody aged 19 to 21 counts), and whether that gap may be
-- quoted: the share it comes from is shown, not suppressed (score.quotable with
-- the share, so neither the people it counts nor the rest are few). Each share
-- has DfE's own denominator (oc3.rate). Last, the outcomes of each age group
-- (oc3.outcomes, in the order of oc3.GROUPS), for the rule to read again.
local function against_england(a, measure, words)
  local year = dates.collection_year(a)
  local counted, gap_older, quotable, by_group = false, nil, false, {}
  for i, group in ipairs(oc3.GROUPS) do
    by_group[i] = oc3.outcomes(a.data.care_leavers, year, group)
    local own, n = oc3.rate(by_group[i], measure)
    if own then
      counted = true
      local england, eyear = dfe.england(measure, group.id, year)
      a:evidence(string.format("Care leavers aged %s %s (year to 31 March %d)", group.label, words, year), own,
                 { n = n, share = true })
      a:evidence(string.format("England, aged %s (DfE, %d)", group.label, eyear), england / 100, { share = true })
      if group.id == "19-21" then gap_older, quotable = 100 * own - england, score.quotable(a, n, own) end
    end
  end
  return counted, gap_older, quotable, by_group
end

local function no_cohort(a)
  return nil, string.format("no care leaver in the records counts in DfE's figures for the year to 31 March %d: "
                            .. "DfE counts those aged 17 to 21 whose IN_TOUCH is recorded and is neither DIED nor RHOM "
                            .. "(check DOB and IN_TOUCH, or set collection_year for this authority)", dates.collection_year(a))
end

-- Why there is no suitability figure: nobody in DfE's count, or nobody whose
-- accommodation's suitability can be known (by_group: each age group's outcomes).
local function no_suitability_figure(a, by_group)
  for i in ipairs(oc3.GROUPS) do
    if by_group[i].n > 0 then
      return nil, "DfE's suitability figures leave out every care leaver aged 17 to 21 here: "
        .. "all have gone abroad, been deported or have no known residence (ACCOM G, H or R)"
    end
  end
  return no_cohort(a)
end

-- The counts of both age groups (by_group: each one's outcomes, in the order of
-- oc3.GROUPS) added up; all are counts of people.
local function outcomes_17_to_21(by_group)
  local sums = {}
  for i in ipairs(oc3.GROUPS) do
    for k, v in pairs(by_group[i]) do sums[k] = (sums[k] or 0) + v end
  end
  return sums
end

-- "3 care leavers aged 17 to 21 are" when enough to quote, else "Some care
-- leavers aged 17 to 21 are": the start of a sentence.
local function people_are(a, n)
  if score.quotable(a, n) then
    return score.count_of(n, "care leaver aged 17 to 21 is", "care leavers aged 17 to 21 are")
  end
  return "Some care leavers aged 17 to 21 are"
end

context {
  id = "outcomes.eet_against_england",
  title = "Care leavers in education, employment or training, compared with England",
  needs = { "care_leavers" },
  actions_under = "measurement",
  assess = function(a)
    local counted, gap, quotable = against_england(a, "eet", "in education, employment or training")
    if not counted then return no_cohort(a) end
    if gap and gap < -2 and quotable then
      -- the virtual school has no statutory role for 19 to 21 year olds: their
      -- way into work and learning is the personal adviser and the leaving care
      -- team with the council's employment and skills service and Jobcentre
      -- Plus work coaches
      a:action {
        id = "outcomes.review_neet",
        plain = "Every three months, your personal adviser will help each care leaver aged 19 to 21 who is not in education, work or training to find an offer",
        gap = "outcomes.eet",
        title = "Each quarter, have personal advisers agree with each care leaver aged 19 to 21 not in education, work or training an offer from the employment and skills service or a Jobcentre Plus work coach",
        owner = "leaving care team manager with the employment and skills service",
        effort = "medium",
        impact = 10,
        why = string.format("The share of 19 to 21 year olds in education, employment or training is %.0f points below England.", -gap),
      }
    end
  end,
}

context {
  id = "outcomes.accommodation_against_england",
  title = "Care leavers in suitable accommodation, compared with England",
  needs = { "care_leavers" },
  actions_under = "measurement",
  assess = function(a)
    local counted, gap, quotable, by_group = against_england(a, "suitable", "in suitable accommodation")
    if not counted then return no_suitability_figure(a, by_group) end
    local custody = outcomes_17_to_21(by_group).custody
    a:evidence("Care leavers aged 17 to 21 in custody (ACCOM X)", custody, custody)
    -- a young person in custody needs youth justice or probation as much as
    -- housing: a place to live on release is planned with them
    local with_custody = custody > 0
    if gap and gap < -2 and quotable then
      a:action {
        id = "outcomes.review_unsuitable_housing",
        plain = with_custody
          and "Make a plan with housing for each care leaver living somewhere not right for them, and a plan for somewhere to live for each care leaver leaving custody"
          or "Make a plan with housing for each care leaver living somewhere not right for them, and check it every month",
        gap = "outcomes.accommodation",
        title = with_custody
          and "Agree a move-on plan with housing for each care leaver in unsuitable accommodation, reviewed monthly, and a release plan with youth justice and probation for each one in custody"
          or "Agree with housing a move-on plan for every care leaver in unsuitable accommodation, reviewed monthly",
        owner = with_custody and "leaving care team manager with the housing options manager and youth justice and probation"
          or "leaving care team manager with the housing options manager",
        effort = "medium",
        impact = 10,
        why = string.format("The share of 19 to 21 year olds in suitable accommodation is %.0f points below England.%s", -gap,
                            with_custody and string.format(" %s in custody.", people_are(a, custody)) or ""),
      }
    elseif with_custody then
      a:action {
        id = "outcomes.plan_release",
        plain = "Make a plan, with youth justice and probation, for somewhere good to live for each care leaver when they leave custody",
        gap = "outcomes.custody",
        title = "Agree with youth justice and probation a plan for somewhere suitable to live on release for each care leaver in custody",
        owner = "leaving care team manager with youth justice and probation",
        effort = "low",
        impact = 5,
        why = string.format("%s in custody: DfE counts custody as unsuitable accommodation, and a young person "
                            .. "leaving it needs somewhere suitable to live.", people_are(a, custody)),
      }
    end
  end,
}

-- "Only 75% of care leavers aged 17 to 21 are in touch ...": the share, and
-- the people the service could try to reach again: those recorded as not in
-- touch (IN_TOUCH = NO), never those who refused contact or no longer need
-- the service, whose choice it is.
local function out_of_touch_why(a, o)
  local reachable = score.quotable(a, o.not_in_touch) and score.count_of(o.not_in_touch, "care leaver is", "care leavers are")
    or "Some care leavers are"
  local left_out = o.refused + o.no_longer_required
  local why = string.format("%s recorded as not in touch", reachable)
  if score.quotable(a, o.n, o.in_touch / o.n) then
    why = string.format("Only %s of care leavers aged 17 to 21 are in touch with the service. %s", score.pct(o.in_touch / o.n), why)
  end
  if left_out > 0 then
    why = why .. "; those who refused contact or no longer need the service are left out of this action"
  end
  return why .. "."
end

context {
  id = "outcomes.in_touch",
  title = "Care leavers the service is in touch with",
  needs = { "care_leavers" },
  actions_under = "measurement",
  assess = function(a)
    local year, by_group = dates.collection_year(a), {}
    for i, group in ipairs(oc3.GROUPS) do
      local o = oc3.outcomes(a.data.care_leavers, year, group)
      by_group[i] = o
      if o.n > 0 then
        a:evidence(string.format("Care leavers aged %s in touch with the authority (year to 31 March %d)", group.label, year),
                   o.in_touch / o.n, { n = o.n, share = true })
      end
    end
    local o = outcomes_17_to_21(by_group)
    if o.n == 0 then return no_cohort(a) end
    a:evidence(string.format("Care leavers aged 17 to 21 in touch with the authority (year to 31 March %d)", year), o.in_touch / o.n,
               { n = o.n, share = true })
    a:evidence("Care leavers aged 17 to 21 whose activity is not known", o.not_known, o.not_known)
    a:evidence("Care leavers aged 17 to 21 recorded as not in touch (IN_TOUCH NO)", o.not_in_touch, o.not_in_touch)
    a:evidence("Care leavers aged 17 to 21 who refused contact (REFU)", o.refused, o.refused)
    a:evidence("Care leavers aged 17 to 21 who no longer need the service (NREQ)", o.no_longer_required, o.no_longer_required)
    if o.in_touch / o.n < 0.9 and o.not_in_touch > 0 then
      a:action {
        id = "outcomes.regain_contact",
        plain = "Try every way to get back in touch with care leavers we have lost contact with, unless they chose not to be in touch",
        gap = "outcomes.contact",
        title = "Try every route back to each care leaver recorded as not in touch, leaving out those who refused contact or no longer need the service, and record why contact was lost",
        owner = "leaving care team manager",
        effort = "medium",
        impact = 8,
        why = out_of_touch_why(a, o),
      }
    end
  end,
}

context {
  id = "outcomes.innovation_difference",
  title = "Young people in the service compared with care leavers outside it",
  needs = { "care_leavers" },
  actions_under = "measurement",
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
    a:evidence("In the service: in education, employment or training", inside.eet / inside.n,
               { n = inside.n, share = true })
    a:evidence("Not in the service: in education, employment or training", outside.eet / outside.n,
               { n = outside.n, share = true })
    local gap = 100 * (inside.eet / inside.n - outside.eet / outside.n)
    -- the gap is shown and quoted only when every share it comes from is shown
    local topics = "education and work"
    local quotable = score.quotable(a, inside.n, inside.eet / inside.n)
      and score.quotable(a, outside.n, outside.eet / outside.n)
    -- suitability has its own denominator, empty when everyone has gone
    -- abroad, been deported or has no known residence
    if inside.suitability_n > 0 and outside.suitability_n > 0 then
      local housed_in, housed_out = inside.suitable / inside.suitability_n, outside.suitable / outside.suitability_n
      a:evidence("In the service: in suitable accommodation", housed_in, { n = inside.suitability_n, share = true })
      a:evidence("Not in the service: in suitable accommodation", housed_out, { n = outside.suitability_n, share = true })
      gap = (gap + 100 * (housed_in - housed_out)) / 2
      topics = "education, work and housing"
      quotable = quotable and score.quotable(a, inside.suitability_n, housed_in)
        and score.quotable(a, outside.suitability_n, housed_out)
    end
    -- shown only when every share behind it is, so it needs no n of its own (with one,
    -- a gap between 0 and 1 point would be taken for a share)
    if quotable then
      a:evidence("Points ahead of those outside the service, on average (behind when below 0)",
                 math.floor(gap * 10 + 0.5) / 10)
    end
    if gap <= 0 and quotable then
      a:action {
        id = "outcomes.why_no_difference",
        plain = "Find out with staff and care leavers why the service is not making more of a difference yet, and change it",
        gap = "outcomes.no_difference",
        title = "Review with practitioners and care leavers why young people in the service do no better than others, and change the offer",
        owner = "service manager",
        effort = "medium",
        impact = 10,
        why = -gap < 0.5 and string.format("Young people in the service do no better than those outside it on %s.", topics)
          or string.format("Young people in the service are on average %.0f points behind those outside it on %s.", -gap, topics),
      }
    end
  end,
}
