-- Adaptation: does the innovation keep changing shape as young people's needs
-- and circumstances change, by either route the study saw (rolled out to more
-- areas, or its staffing and offer reshaped around what young people ask
-- for), and does it have money after the pilot through a business case that
-- puts it in mainstream budgets?

local score = require "lib.score"
local dates = require "lib.dates"

-- What young people or evidence prompted, as opposed to money or policy alone.
local LEARNING_TRIGGERS = { "young_people", "data" }

-- The roll-out route: the share of the authority's areas the service covers,
-- or nil when the config does not give them (or gives a total of 0); a value
-- that is not a number of areas is an error that names it.
local function roll_out(a)
  local covered = score.count_attribute(a, "areas_covered", "areas")
  local total = score.count_attribute(a, "areas_total", "areas")
  if not covered or not total or total <= 0 then return nil end
  return math.min(1, covered / total), covered, total
end

-- The reshaping route: changes to staffing and to the offer since the service
-- began, leaving out those prompted by money alone (a post cut when the pilot
-- money ends is not reshaping the service around young people). Two of each
-- is a full reshaping. Nil when the adaptations table has no kind column.
local function reshaping(a)
  local changes = a.data.adaptations
  if not changes or #changes == 0 or score.missing_columns(changes, "adaptations", { "kind" }) then return nil end
  local function count(kind)
    if score.missing_columns(changes, "adaptations", { "trigger" }) then return changes:count { kind = kind } end
    -- a change with no trigger recorded is given the benefit of the doubt
    return changes:count { kind = kind, trigger = { ne = "money" } } + changes:count { kind = kind, trigger = { missing = true } }
  end
  local staffing, offer = count("staffing"), count("offer")
  return 50 * math.min(1, staffing / 2) + 50 * math.min(1, offer / 2), staffing, offer
end

rule {
  id = "adaptation.rolled_out_or_reshaped",
  ingredient = "adaptation",
  title = "The service has been rolled out further, or its staffing and offer reshaped around young people, since it began",
  assess = function(a)
    local reach, covered, total = roll_out(a)
    local reshaped, staffing, offer = reshaping(a)
    if not reach and not reshaped then
      return nil, "the config gives no areas_covered and areas_total, and there is no adaptations table with a kind column"
    end
    if reach then a:evidence("Share of the authority's areas the service covers", reach, { share = true }) end
    if reshaped then
      a:evidence("Changes to staffing not prompted by money alone (e.g. therapeutic roles added)", staffing)
      a:evidence("Changes to what the service offers not prompted by money alone", offer)
    end
    -- either route is adaptation: the better one counts, so a service that
    -- covers every area, or that reshaped its offer instead of spreading, is
    -- not marked down for the route it did not need
    local s = math.max(reach and 100 * reach or 0, reshaped or 0)
    if s < 75 then
      local more_areas = reach and reach < 1 and a.stage ~= "pilot"
      local found = {}
      if reach then found[#found + 1] = string.format("covers %d of %d areas", covered, total) end
      if reshaped then
        found[#found + 1] = string.format("has recorded %s and %s since it began (leaving out changes prompted by money alone)",
                                          score.count_or_no(staffing, "staffing change", "staffing changes"),
                                          score.count_or_no(offer, "change to its offer", "changes to its offer"))
      end
      a:action {
        id = "adaptation.next_adaptation",
        plain = more_areas
          and "Decide with young people and staff what comes next: bring the service to more areas, or change it to fit what you ask for"
          or "Compare what you ask the service for with what it offers, and change it to fit (for example more help with how you feel)",
        gap = "adaptation.next_step",
        title = more_areas
          and string.format("Decide the service's next step with young people and staff: roll it out to the %d remaining areas, or reshape its staffing and offer around what young people ask for", total - covered)
          or "Compare what young people ask the service for with its staffing and offer, and rebalance them (for example more therapeutic input)",
        owner = "service manager",
        effort = more_areas and "high" or "medium",
        impact = 10,
        why = "The service " .. table.concat(found, " and ") .. ".",
      }
    end
    return s
  end,
}

rule {
  id = "adaptation.still_learning",
  ingredient = "adaptation",
  title = "The service is still being changed in the light of experience, not frozen in its pilot design",
  needs = { "adaptations" },
  assess = function(a)
    local changes = a.data.adaptations
    local missing = score.missing_columns(changes, "adaptations", { "date" })
    if missing then return nil, missing end
    local recent = changes:count { date = { gt = dates.last_year(a), le = a.date } }
    a:evidence("Changes to the service in the last 12 months", recent)
    local since_end
    if a.pilot_end and a.pilot_end < a.date then
      since_end = changes:count { date = { gt = a.pilot_end, le = a.date } }
      a:evidence("Changes since the pilot funding ended on " .. a.pilot_end, since_end)
    end
    if recent < 2 then
      a:action {
        id = "adaptation.learning_review",
        plain = "Every six months, meet with care leavers and staff and agree one change to make to the service",
        gap = "adaptation.learning_loop",
        title = "Hold a review every six months where care leavers and staff agree one change to the service",
        owner = "service manager",
        effort = "low",
        impact = 12,
        why = string.format("%s recorded in the last 12 months%s: a service that stops changing hollows out.",
                            recent == 0 and "No change was" or score.count_of(recent, "change was", "changes were"),
                            since_end and string.format(", %d since the pilot funding ended", since_end) or ""),
      }
    end
    -- three or more changes a year is a working learning loop
    return 100 * math.min(1, recent / 3)
  end,
}

rule {
  id = "adaptation.led_by_young_people",
  ingredient = "adaptation",
  title = "Changes to the service respond to what young people say and what the data show, not only to money",
  needs = { "adaptations" },
  assess = function(a)
    local changes = a.data.adaptations
    local missing = score.missing_columns(changes, "adaptations", { "trigger" })
    if missing then return nil, missing end
    local learning, n = changes:share { trigger = LEARNING_TRIGGERS }
    local by_young_people = changes:count { trigger = "young_people" }
    local by_money = changes:count { trigger = "money" }
    a:evidence("Changes recorded", n)
    a:evidence("Share prompted by young people or by data", learning, { share = true })
    a:evidence("Changes prompted by young people's feedback", by_young_people)
    a:evidence("Changes prompted by money", by_money)
    if learning < 0.5 then
      a:action {
        id = "adaptation.feedback_to_change",
        plain = "Give you a regular slot at your council or forum to suggest changes, and write down what happened to each idea",
        gap = "adaptation.led_by_young_people",
        title = "Give care leavers a standing item at their council or forum to propose changes to the service, and record what became of each",
        owner = "participation lead",
        effort = "low",
        impact = 10,
        why = string.format("Only %s of the %d recorded changes came from young people's feedback or data; %d were driven by money.",
                            score.pct(learning), n, by_money),
      }
    end
    return 100 * learning
  end,
}

-- The money after the pilot and the business case that secures it, one fact
-- seen from two sides: both attributes are read here, and nowhere else.
local FUNDING_WORDS = {
  yes = "money to run the service after the pilot is secured",
  partial = "only part of the money to run the service after the pilot is secured",
  no = "no money to run the service after the pilot is secured",
}
local CASE_WORDS = {
  approved = "the business case to fund it from the mainstream budget is approved",
  submitted = "the business case to fund it from the mainstream budget awaits a decision",
  drafting = "the business case to fund it from the mainstream budget is still being drafted",
  none = "no business case to fund it from the mainstream budget has been written",
}

-- Whether the service's existence is at stake: the pilot money has ended, or
-- ends within twelve months, and no budget carries the service after it (money
-- not secured, or only part of it; with no word on the money, a business case
-- not yet approved). Then securing the money comes before everything else.
local function funding_at_risk(a, funding, case)
  local carried = funding == "yes" or (funding == nil and case == "approved")
  if carried or not a.pilot_end then return false end
  return a.pilot_end < a.date or dates.days_between(a.date, a.pilot_end) <= 365
end

-- What to do about the money, by where the business case stands.
local FUNDING_ACTIONS = {
  approved = { effort = "medium",
               title = "Agree with the finance director the budget line that the approved business case provides for, so that the whole service is funded after the pilot",
               plain = "Agree with the council's money managers exactly how the whole service will be paid for after the pilot" },
  submitted = { effort = "high",
                title = "Get a decision on the business case for the mainstream budget, and agree its budget line with the finance director",
                plain = "Get a decision on our request for long-term money for the service, and agree how it will be paid for" },
  drafting = { effort = "high",
               title = "Finish the business case that moves the service into the mainstream budget, with its outcomes and young people's own words, and agree its budget line with the finance director",
               plain = "Finish our request for long-term money for the service, using what it has done and your own words, and agree how it will be paid for" },
  none = { effort = "high",
           title = "Write the business case that moves the service into the mainstream budget, with its outcomes and young people's own words, and agree its budget line with the finance director",
           plain = "Ask for long-term money to keep the service going, using what it has done and your own words, and agree how it will be paid for" },
}

rule {
  id = "adaptation.mainstream_funding",
  ingredient = "adaptation",
  title = "The service has money after the pilot, through a business case that puts it in the mainstream budget",
  assess = function(a)
    local funding, case = a.attr.funding_after_pilot, a.attr.business_case
    if funding == nil and case == nil then
      return nil, "the config gives neither funding_after_pilot (yes, partial or no) nor business_case (approved, submitted, drafting or none)"
    end
    -- while the pilot runs, money not yet secured and a case in draft are on
    -- time; afterwards only secured money and an approved case count
    local early = a.stage == "pilot"
    local parts = {}
    if funding ~= nil then
      parts[#parts + 1] = score.from_choice(a, "funding_after_pilot",
        { yes = 100, partial = early and 70 or 50, no = early and 40 or 0 })
      a:evidence("Money secured to run the service after the pilot", funding)
    end
    if case ~= nil then
      parts[#parts + 1] = score.from_choice(a, "business_case",
        { approved = 100, submitted = early and 90 or 60, drafting = early and 70 or 30, none = early and 30 or 0 })
      a:evidence("Business case to fund the service from the mainstream budget", case)
    end
    local ending = dates.pilot_end_words(a)
    if ending then
      a:evidence(a.pilot_end < a.date and "Pilot funding ended on" or "Pilot funding ends on", a.pilot_end)
    end
    local s = 0
    for _, part in ipairs(parts) do s = s + part / #parts end
    if (funding ~= nil and funding ~= "yes") or (case ~= nil and case ~= "approved") then
      local found = {}
      if ending then found[#found + 1] = ending:sub(1, 1):upper() .. ending:sub(2) end
      if funding ~= nil then found[#found + 1] = FUNDING_WORDS[funding] end
      if case ~= nil then found[#found + 1] = CASE_WORDS[case] end
      local why = score.list(found)
      local at_risk = funding_at_risk(a, funding, case)
      local todo = FUNDING_ACTIONS[case or "none"]
      a:action {
        id = "adaptation.secure_mainstream_funding",
        plain = todo.plain,
        gap = "adaptation.funding",
        title = todo.title,
        owner = "service manager with the finance business partner",
        effort = todo.effort,
        impact = early and 12 or 25,
        why = why:sub(1, 1):upper() .. why:sub(2) .. "."
          .. (at_risk and " Until a budget line carries the service, it can stop: this comes before every other action." or ""),
        -- whether the service exists at all: ranked above every other action
        survival = at_risk,
      }
    end
    return s
  end,
}

rule {
  id = "adaptation.part_of_core_offer",
  ingredient = "adaptation",
  title = "Staff see the service as part of the core offer to care leavers, not a side project",
  needs = { "staff_survey" },
  assess = function(a)
    local staff = a.data.staff_survey
    local missing = score.missing_columns(staff, "staff_survey", { "part_of_core_offer" })
    if missing then return nil, missing end
    local mean, n = staff:mean("part_of_core_offer")
    if not mean then return nil, "the staff survey has no answers to part_of_core_offer" end
    a:evidence("Staff agreement that the service is part of the core offer (mean, 1-5)", mean, n)
    if mean < 3.5 then
      a:action {
        id = "adaptation.into_procedures",
        plain = "Write the service into the everyday rules and guides staff follow, and into the list of what care leavers can get (the local offer)",
        gap = "adaptation.core_offer",
        title = "Write the service into the leaving care procedures, induction and the local offer for care leavers",
        owner = "leaving care team manager",
        effort = "low",
        impact = 8,
        why = score.quotable(a, n)
          and string.format("Staff agreement that the service is part of the core offer averages %.1f of 5.", mean)
          or "Few staff see the service as part of the core offer.",
      }
    end
    return score.agreement(mean)
  end,
}
