-- Adaptation: does the innovation keep changing shape as young people's needs
-- and circumstances change, reach more of the authority, and become part of
-- mainstream services through a business case?

local score = require "lib.score"
local dates = require "lib.dates"

-- What young people or evidence prompted, as opposed to money or policy alone.
local LEARNING_TRIGGERS = { "young_people", "data" }

rule {
  id = "adaptation.reach",
  ingredient = "adaptation",
  title = "The service reaches more of the authority than the pilot areas",
  assess = function(a)
    local covered, total = a.attr.areas_covered, a.attr.areas_total
    if type(covered) ~= "number" or type(total) ~= "number" or total <= 0 then
      return nil, "the config gives no areas_covered and areas_total"
    end
    local reach = math.min(1, covered / total)
    a:evidence("Share of areas covered", reach)
    if reach < 1 and a.stage ~= "pilot" then
      a:action {
        id = "adaptation.plan_roll_out",
        title = "Plan the roll-out to the remaining areas, with the staffing each one needs",
        owner = "service manager",
        effort = "high",
        impact = 10,
        why = string.format("The service covers %d of %d areas.", covered, total),
      }
    end
    return 100 * reach
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
        title = "Hold a review every six months where care leavers and staff agree one change to the service",
        owner = "service manager",
        effort = "low",
        impact = 12,
        why = string.format("%s recorded in the last 12 months%s: a service that stops changing hollows out.",
                            score.count_of(recent, "change was", "changes were"),
                            since_end and string.format(", %d since the pilot ended", since_end) or ""),
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
    a:evidence("Share of changes prompted by young people or by data", learning, n)
    a:evidence("Changes prompted by young people's feedback", by_young_people)
    a:evidence("Changes prompted by money", by_money)
    if learning < 0.5 then
      a:action {
        id = "adaptation.feedback_to_change",
        title = "Give the care leavers' council a standing item to propose changes to the service, and record each one's outcome",
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

rule {
  id = "adaptation.staffing_and_offer",
  ingredient = "adaptation",
  title = "Staffing and the service offer are adjusted to what young people need",
  needs = { "adaptations" },
  assess = function(a)
    local changes = a.data.adaptations
    local missing = score.missing_columns(changes, "adaptations", { "kind" })
    if missing then return nil, missing end
    local staffing = changes:count { kind = "staffing" }
    local offer = changes:count { kind = "offer" }
    a:evidence("Changes to staffing (e.g. therapeutic roles added)", staffing)
    a:evidence("Changes to what the service offers", offer)
    local s = 50 * math.min(1, staffing / 2) + 50 * math.min(1, offer / 2)
    if s < 100 then
      a:action {
        id = "adaptation.match_staffing_to_demand",
        title = "Compare what young people ask the service for with its staffing, and rebalance roles (for example more therapeutic input)",
        owner = "service manager",
        effort = "medium",
        impact = 8,
        why = string.format("%s and %s recorded since the service began.",
                            score.count_of(staffing, "staffing change", "staffing changes"),
                            score.count_of(offer, "change to the offer", "changes to the offer")),
      }
    end
    return s
  end,
}

rule {
  id = "adaptation.business_case",
  ingredient = "adaptation",
  title = "A business case embeds the service in mainstream budgets",
  assess = function(a)
    local case = a.attr.business_case
    if not case then
      return nil, "the config gives no business_case (approved, submitted, drafting or none)"
    end
    -- while the pilot runs, a draft is on time; afterwards only approval counts
    local early = a.stage == "pilot"
    local s = score.from_choice(a, "business_case", {
      approved = 100, submitted = early and 90 or 60, drafting = early and 70 or 30, none = early and 30 or 0 })
    a:evidence("Business case to embed the service", case)
    if case ~= "approved" then
      a:action {
        id = "adaptation.business_case",
        title = "Write the business case that moves the service into the mainstream budget, with outcomes and young people's testimony",
        owner = "service manager with the finance business partner",
        effort = "high",
        impact = early and 12 or 25,
        why = string.format("The business case is '%s'%s.", case,
                            a.pilot_end and string.format(" and pilot funding ends or ended on %s", a.pilot_end) or ""),
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
    local survey = a.data.staff_survey
    local missing = score.missing_columns(survey, "staff_survey", { "part_of_core_offer" })
    if missing then return nil, missing end
    local mean, n = survey:mean("part_of_core_offer")
    if not mean then return nil, "the staff survey has no answers to part_of_core_offer" end
    a:evidence("Staff agreement that the service is part of the core offer (mean, 1-5)", mean, n)
    if mean < 3.5 then
      a:action {
        id = "adaptation.into_procedures",
        title = "Write the service into the leaving care procedures, induction and the local offer for care leavers",
        owner = "leaving care team manager",
        effort = "low",
        impact = 8,
        why = string.format("Staff agreement that the service is part of the core offer averages %.1f of 5.", mean),
      }
    end
    return score.agreement(mean)
  end,
}
