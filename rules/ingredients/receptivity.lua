-- Receptivity: is the organisation open to new ideas? Senior managers who make
-- room for the service, day-to-day leadership devolved to a manager close to
-- practice, practice that puts young people first (as staff and as care
-- leavers see it), and protected time and money to try things.
--
-- Financial and inspection pressure are not scored here: they moderate every
-- ingredient, this one included, in recipe.lua. Money after the pilot is
-- scored once, in adaptation.mainstream_funding.

local score = require "lib.score"
local survey = require "lib.survey"

-- Each staff climate item, in the words of the survey, and the action that
-- answers it when it is the weakest of the three.
local CLIMATE = {
  { column = "leaders_welcome_ideas", words = "leaders welcome new ideas",
    action = { id = "receptivity.hear_ideas", owner = "head of service", effort = "low", impact = 12,
               title = "Give practitioners a standing slot with the senior team to put forward ideas for the service, and a written answer to each",
               plain = "Give staff a regular chance to share ideas for the service with top managers, and a written answer to each" } },
  { column = "safe_to_try", words = "it is safe to try something new",
    action = { id = "receptivity.safe_to_try", owner = "director of children's services", effort = "low", impact = 12,
               title = "Agree with the senior team, and tell staff, that a small test that does not work is reviewed for what it taught, not for blame",
               plain = "Tell staff it is OK to try new things: if something does not work, we learn from it and nobody is blamed" } },
  { column = "time_to_innovate", words = "they have time to try new ways of working",
    action = { id = "receptivity.protect_time", owner = "head of service", effort = "medium", impact = 15,
               title = "Give practitioners protected time each month to test ideas for care leavers",
               plain = "Give staff time each month to try out new ideas for care leavers" } },
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
    local staff = a.data.staff_survey
    local total, weakest = 0, nil
    for _, item in ipairs(CLIMATE) do
      local mean, n = staff:mean(item.column)
      if not mean then return nil, "the staff survey has no answers to " .. item.column end
      a:evidence("Staff agreement that " .. item.words .. " (mean, 1-5)", mean, n)
      total = total + mean
      if not weakest or mean < weakest.mean then weakest = { mean = mean, item = item, n = n } end
    end
    if weakest.mean < 3.5 then
      local act = weakest.item.action
      a:action {
        id = act.id, gap = "receptivity.climate", title = act.title, plain = act.plain, owner = act.owner, effort = act.effort,
        impact = act.impact,
        why = score.quotable(a, weakest.n)
          and string.format("Staff agreement that %s averages %.1f of 5 (%d answers), the weakest climate item.",
                            weakest.item.words, weakest.mean, weakest.n)
          or string.format("Staff agreement that %s is the weakest climate item.", weakest.item.words),
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
    local staff = a.data.staff_survey
    local missing = score.missing_columns(staff, "staff_survey", { "young_people_first" })
    if missing then return nil, missing end
    local mean, n = staff:mean("young_people_first")
    if not mean then return nil, "the staff survey has no answers to young_people_first" end
    -- of those who answered, as the mean is
    local agree = staff:where { young_people_first = { missing = false } }:share { young_people_first = { ge = 4 } }
    a:evidence("Staff agreement that young people's needs come before procedure (mean, 1-5)", mean, n)
    a:evidence("Share of staff who agree or strongly agree", agree, { n = n, share = true })
    if mean < 3.5 then
      a:action {
        id = "receptivity.cut_procedure",
        plain = "Ask personal advisers which rules slow down help for care leavers most, and get rid of them",
        gap = "receptivity.child_centred",
        title = "Ask personal advisers which three procedures most delay help for care leavers, and remove or delegate them",
        owner = "head of service",
        effort = "medium",
        impact = 10,
        why = score.quotable(a, n, agree)
          and string.format("Only %s of staff agree that young people's needs come before procedure (mean %.1f of 5).",
                            score.pct(agree), mean)
          or "Few staff agree that young people's needs come before procedure.",
      }
    end
    return score.agreement(mean)
  end,
}

-- The same child-centred practice as care leavers see it: being involved in
-- their own pathway plans and listened to by the service. This is their
-- experience of everyday practice, not co-production of the service, which
-- the co-production rules measure from what young people did to shape it.
rule {
  id = "receptivity.young_people_heard",
  ingredient = "receptivity",
  title = "Care leavers say the service listens to them and involves them in their own plans",
  needs = { "wellbeing" },
  assess = function(a)
    local responses = a.data.wellbeing
    local missing = score.missing_columns(responses, "wellbeing", { "involved_in_plans", "listened_to" })
    if missing then return nil, missing end
    local round, latest = survey.latest_round(responses)
    local involved, n1 = survey.agree(round, "involved_in_plans")
    local listened, n2 = survey.agree(round, "listened_to")
    if not involved or not listened then
      return nil, "the latest wellbeing survey has no answers about involvement in plans or being listened to"
    end
    a:evidence("Care leavers who feel involved in their own plans", involved,
      { n = n1, share = true, plain = "{value} of you who answered said you feel involved in your own plans." })
    a:evidence("Care leavers who feel the leaving care service listens to them", listened,
      { n = n2, share = true, plain = "{value} of you who answered said the leaving care service listens to you." })
    local heard = (involved + listened) / 2
    if heard < 0.6 then
      local when = latest and ("In the survey round up to " .. latest) or "In the latest survey"
      a:action {
        id = "receptivity.plan_with_young_people",
        plain = "Your personal adviser will write each review of your plan with you, in your own words",
        gap = "receptivity.young_people_heard",
        title = "Ask personal advisers to write each pathway plan review with the young person, in their own words",
        owner = "leaving care team manager",
        effort = "medium",
        impact = 10,
        why = score.quotable(a, n1, involved) and score.quotable(a, n2, listened)
          and string.format("%s, %s of care leavers said they feel involved in their own plans and %s that the service listens to them.",
                            when, score.pct(involved), score.pct(listened))
          or when .. ", few care leavers said they feel involved in their own plans or listened to.",
      }
    end
    return 100 * heard
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
    a:evidence("Active senior leaders engaged with the service", active_senior, active_senior)
    if has_roles then a:evidence("Active senior sponsors", sponsors, sponsors) end
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
        plain = "Make a senior manager responsible for the service, reporting on it to the top managers every three months",
        gap = "receptivity.senior_sponsor",
        title = "Name a senior sponsor who reports on the service to the children's services leadership team each quarter",
        owner = "director of children's services",
        effort = "low",
        impact = active_senior > 0 and 8 or 15,
        why = active_senior > 0
          and string.format("%s engaged, but none is recorded as the service's sponsor.",
                            score.People(a, active_senior, "senior leader is", "senior leaders are"))
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
    a:evidence("Active project leads below the senior team", devolved, devolved)
    a:evidence("Active project leads in the senior team", senior, senior)
    if devolved > 0 then return 100 end
    -- one gap, whoever holds the lead now: nobody close to practice leads the
    -- service day to day
    a:action {
      id = "receptivity.devolve_project_lead",
      plain = "Let a manager who works closely with young people run the service day to day, with money to spend on it",
      gap = "receptivity.devolved_lead",
      title = senior > 0
        and "Hand day-to-day leadership of the service, with a delegated budget, to a team manager close to practice, ideally one with a social work or personal adviser background"
        or "Appoint a team manager close to practice, ideally one with a social work or personal adviser background, as the service's day-to-day lead, with a delegated budget",
      owner = "director of children's services",
      effort = senior > 0 and "low" or "medium",
      impact = senior > 0 and 12 or 15,
      why = senior > 0
        and "The service is led day to day from the senior team. In the study, the authorities that sustained their services had handed leadership to managers and practitioners nearer the front line."
        or "No active day-to-day lead is recorded for the service.",
    }
    return senior > 0 and 35 or 0
  end,
}

rule {
  id = "receptivity.protected_budget",
  ingredient = "receptivity",
  title = "A budget is protected for trying new things",
  -- one fact from the config, beside rules that weigh many answers
  weight = 0.5,
  assess = function(a)
    local budget = a.attr.innovation_budget
    if budget == nil then return nil, "the config gives no innovation_budget (yes or no)" end
    local s = score.from_choice(a, "innovation_budget", { yes = 100, no = 0 })
    a:evidence("A protected budget for trying new things", budget == "yes")
    if s == 0 then
      a:action {
        id = "receptivity.set_aside_budget",
        plain = "Keep a small amount of money safe from cuts so staff and care leavers can try out new ideas",
        gap = "receptivity.protected_budget",
        title = "Set aside a small budget, kept out of the savings plan, for practitioners and care leavers to test ideas for the service",
        owner = "director of children's services",
        effort = "medium",
        impact = 8,
        why = "No budget is protected for trying new things, so every new idea has to be paid for from money already committed.",
      }
    end
    return s
  end,
}
