-- The seven CSAT domains: one rule each, scoring the group's mean rating of
-- the domain's five items (lib/assess.lua does the arithmetic), and the
-- action each domain gets when it is among the weakest.
--
-- Impact is the expected gain in the domain's 0-100 score: one step on the
-- 1-7 scale is 16.7 points. It is capped at what the domain can still gain.

local csat = require "lib.csat"
local assess = require "lib.assess"

local ACTIONS = {
  engaged_staff_and_leadership = {
    id = "engaged_staff_and_leadership.name_leads",
    title = "Name a clinical lead and a manager who sponsor the practice, and report on it to the leadership team each quarter",
    owner = "clinical director", effort = "low", impact = 15,
  },
  engaged_stakeholders = {
    id = "engaged_stakeholders.ask_and_report_back",
    title = "Ask patients, families and partner services what they need from the practice, and tell them what changed as a result",
    owner = "patient experience lead", effort = "medium", impact = 12,
  },
  organisational_readiness = {
    id = "organisational_readiness.budget_time_and_space",
    title = "Put the staff time, rooms and equipment the practice needs into next year's operating plan and budget",
    owner = "operations manager", effort = "high", impact = 17,
  },
  workflow_integration = {
    id = "workflow_integration.build_into_routine",
    title = "Map where the practice sits in the day's work and build it into templates, rotas and handovers",
    owner = "clinical lead", effort = "medium", impact = 15,
  },
  implementation_and_training = {
    id = "implementation_and_training.train_every_starter",
    title = "Add the practice to every new starter's induction and run a yearly refresher for current staff",
    owner = "practice educator", effort = "medium", impact = 12,
  },
  monitoring_and_evaluation = {
    id = "monitoring_and_evaluation.monthly_delivery_report",
    title = "Report each month how often the practice is delivered as intended, and review the figures at the team meeting",
    owner = "quality improvement lead", effort = "medium", impact = 15,
  },
  outcomes_and_effectiveness = {
    id = "outcomes_and_effectiveness.share_outcomes",
    title = "Collect the outcomes the practice achieves for patients and share one figure and one patient's account each quarter",
    owner = "clinical lead", effort = "medium", impact = 12,
  },
}

for _, domain in ipairs(csat.domains) do
  rule {
    id = domain.id .. ".rating",
    ingredient = domain.id,
    title = string.format("How the team rates the practice's %s (CSAT items %s)",
                          domain.title:lower(), domain.prefix .. "1-" .. domain.prefix .. csat.items_per_domain),
    needs = { csat.table },
    assess = function(a)
      return assess.domain(a, csat, domain, ACTIONS[domain.id])
    end,
  }
end
