-- Receptivity: is the organisation open to new ideas, does it make room (time,
-- budget, devolved leadership) to try them, and does it keep that room when
-- money is short or inspectors are critical?

local score = require "lib.score"
local dates = require "lib.dates"

-- What each staff climate item asks, in the words of the survey.
local CLIMATE = {
  { column = "leaders_welcome_ideas", words = "leaders welcome new ideas" },
  { column = "safe_to_try",           words = "it is safe to try something new" },
  { column = "time_to_innovate",      words = "I have time to try new ways of working" },
}

-- Levels below the senior team, where the study found devolved project
-- leadership keeps a pilot going.
local DEVOLVED_LEVELS = { middle = true, hybrid_middle = true, frontline_champion = true }

rule {
  id = "receptivity.staff_climate",
  ingredient = "receptivity",
  title = "Staff say leaders welcome new ideas, it is safe to try things and there is time to innovate",
  needs = { "staff_survey" },
  assess = function(a)
    local survey = a.data.staff_survey
    local total, weakest = 0, nil
    for _, item in ipairs(CLIMATE) do
      local mean, n = survey:mean(item.column)
      if not mean then return nil, "the staff survey has no answers to " .. item.column end
      a:evidence("Staff agreement that " .. item.words .. " (mean, 1-5)", mean, n)
      total = total + mean
      if not weakest or mean < weakest.mean then weakest = { mean = mean, item = item, n = n } end
    end
    if weakest.mean < 3.5 then
      a:action {
        id = "receptivity.protect_time",
        title = "Give practitioners protected time each month and a small budget to test ideas for care leavers",
        owner = "head of service",
        effort = "medium",
        impact = 15,
        why = string.format("Staff agreement that %s averages %.1f of 5 (%d answers), the weakest climate item.",
                            weakest.item.words, weakest.mean, weakest.n),
      }
    end
    return score.agreement(total / #CLIMATE)
  end,
}

rule {
  id = "receptivity.child_centred",
  ingredient = "receptivity",
  title = "Staff say practice puts young people's needs before procedure",
  needs = { "staff_survey" },
  assess = function(a)
    local survey = a.data.staff_survey
    local missing = score.missing_columns(survey, "staff_survey", { "young_people_first" })
    if missing then return nil, missing end
    local mean, n = survey:mean("young_people_first")
    if not mean then return nil, "the staff survey has no answers to young_people_first" end
    local agree = survey:share { young_people_first = { ge = 4 } }
    a:evidence("Staff agreement that young people's needs come before procedure (mean, 1-5)", mean, n)
    a:evidence("Share of staff who agree or strongly agree", agree, n)
    if mean < 3.5 then
      a:action {
        id = "receptivity.cut_procedure",
        title = "Ask personal advisers which three procedures most delay help for care leavers, and remove or delegate them",
        owner = "head of service",
        effort = "medium",
        impact = 10,
        why = string.format("Only %s of staff agree that young people's needs come before procedure (mean %.1f of 5).",
                            score.pct(agree), mean),
      }
    end
    return score.agreement(mean)
  end,
}

rule {
  id = "receptivity.senior_sponsor",
  ingredient = "receptivity",
  title = "A senior manager sponsors the service and makes room for it",
  needs = { "leadership" },
  assess = function(a)
    local leaders = a.data.leadership
    local active_senior = leaders:count { level = "senior", active = "yes" }
    local has_roles = score.missing_columns(leaders, "leadership", { "project_role" }) == nil
    local sponsors = has_roles and leaders:count { level = "senior", active = "yes", project_role = "sponsor" } or 0
    a:evidence("Active senior leaders engaged with the service", active_senior)
    if has_roles then a:evidence("Active senior sponsors", sponsors) end
    local s
    if sponsors > 0 then
      s = 100
    elseif active_senior > 0 then
      s = has_roles and 60 or 80
    else
      s = 0
    end
    if s < 100 then
      a:action {
        id = "receptivity.name_senior_sponsor",
        title = "Name a senior sponsor who reports on the service to the children's services leadership team each quarter",
        owner = "director of children's services",
        effort = "low",
        impact = active_senior > 0 and 8 or 15,
        why = active_senior > 0
          and string.format("%s engaged, but none is recorded as the service's sponsor.",
                            score.count_of(active_senior, "senior leader is", "senior leaders are"))
          or "No active senior leader is recorded as engaged with the service, so nobody at the top makes room for it.",
      }
    end
    return s
  end,
}

rule {
  id = "receptivity.devolved_project_lead",
  ingredient = "receptivity",
  title = "Day-to-day leadership of the service is devolved to a manager close to practice",
  needs = { "leadership" },
  assess = function(a)
    local leaders = a.data.leadership
    local missing = score.missing_columns(leaders, "leadership", { "project_role" })
    if missing then return nil, missing end
    local leads = leaders:where { project_role = "lead", active = "yes" }
    local devolved, senior = 0, 0
    for _, level in ipairs(leads:distinct("level")) do
      local n = leads:count { level = level }
      if DEVOLVED_LEVELS[level] then devolved = devolved + n end
      if level == "senior" then senior = senior + n end
    end
    a:evidence("Active project leads below the senior team", devolved)
    a:evidence("Active project leads in the senior team", senior)
    if devolved > 0 then return 100 end
    if senior > 0 then
      a:action {
        id = "receptivity.devolve_project_lead",
        title = "Hand day-to-day leadership of the service, with a delegated budget, to the leaving care team manager",
        owner = "director of children's services",
        effort = "low",
        impact = 12,
        why = "The service is led day to day only from the senior team; pilots led by a manager close to practice were the ones that lasted.",
      }
      return 35
    end
    a:action {
      id = "receptivity.appoint_project_lead",
      title = "Appoint a project lead at team-manager level with protected time and a delegated budget",
      owner = "head of service",
      effort = "medium",
      impact = 15,
      why = "No active project lead is recorded for the service.",
    }
    return 0
  end,
}

rule {
  id = "receptivity.funding_beyond_pilot",
  ingredient = "receptivity",
  title = "Money is secured to keep the service after the pilot funding ends",
  assess = function(a)
    local funding = a.attr.funding_after_pilot
    if not funding then
      return nil, "the config gives no funding_after_pilot (yes, partial or no)"
    end
    local s = score.from_choice(a, "funding_after_pilot", { yes = 100, partial = 55, no = 10 })
    a:evidence("Funding secured after the pilot", funding)
    if a.pilot_end then a:evidence("Pilot funding ends or ended", a.pilot_end) end
    if funding ~= "yes" then
      local when = "when the pilot money ends"
      if a.pilot_end then
        local days = dates.days_between(a.date, a.pilot_end)
        when = days >= 0 and string.format("when pilot funding ends on %s, %d days after this assessment", a.pilot_end, days)
                          or string.format("although pilot funding ended on %s", a.pilot_end)
      end
      a:action {
        id = "receptivity.secure_budget_line",
        title = "Agree with the finance director which budget line carries the service after the pilot",
        owner = "director of children's services",
        effort = "high",
        impact = 25,
        why = string.format("Funding after the pilot is '%s' %s: without a budget line the service ends with the pilot.",
                            funding, when),
      }
    end
    return s
  end,
}

rule {
  id = "receptivity.shielded_from_pressure",
  ingredient = "receptivity",
  title = "The service is shielded from budget cuts and inspection pressure",
  assess = function(a)
    local money, inspection = a.attr.financial_pressure, a.attr.ofsted_judgement
    if not money and not inspection then
      return nil, "the config gives neither financial_pressure (low, medium, high) nor ofsted_judgement"
    end
    local penalty = 0
    if money then
      penalty = penalty + score.from_choice(a, "financial_pressure", { low = 0, medium = 20, high = 40 })
      a:evidence("Financial pressure", money)
    end
    if inspection then
      penalty = penalty + score.from_choice(a, "ofsted_judgement", {
        outstanding = 0, good = 0, ["requires improvement"] = 25, inadequate = 40 })
      a:evidence("Latest inspection judgement", inspection)
    end
    local protected = a.attr.innovation_budget == "yes"
    a:evidence("A protected budget for trying new things", protected)
    if protected then penalty = penalty / 2 end
    if penalty > 0 and not protected then
      a:action {
        id = "receptivity.ring_fence",
        title = "Ring-fence the service's core staffing in the savings plan and the inspection improvement plan",
        owner = "director of children's services",
        effort = "medium",
        impact = 12,
        why = string.format("Financial pressure is %s and the inspection judgement is %s, with no protected budget: under such pressure innovation is the first thing cut.",
                            money or "not stated", inspection or "not stated"),
      }
    end
    return score.clamp(100 - penalty)
  end,
}
