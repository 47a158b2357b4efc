-- The eight PSAT domains: one rule each, scoring the group's mean rating of
-- the domain's five items (lib/assess.lua does the arithmetic), and the
-- action each domain gets when it is among the weakest.
--
-- Impact is the expected gain in the domain's 0-100 score: one step on the
-- 1-7 scale is 16.7 points. It is capped at what the domain can still gain.

local psat = require "lib.psat"
local assess = require "lib.assess"

local ACTIONS = {
  environmental_support = {
    id = "environmental_support.brief_champions",
    title = "Brief the lead member and the leadership team on the programme's results, and ask each for one named act of support this year",
    owner = "head of service", effort = "medium", impact = 15,
  },
  funding_stability = {
    id = "funding_stability.plan_funding_beyond_grant",
    title = "Draw up a funding plan that names, for each year after the current grant, the budget or funder that pays for each post",
    owner = "finance business partner", effort = "high", impact = 17,
  },
  partnerships = {
    id = "partnerships.agree_partner_roles",
    title = "Hold a partners' review and agree in writing what each partner organisation contributes and what it gets back",
    owner = "partnerships lead", effort = "medium", impact = 12,
  },
  organisational_capacity = {
    id = "organisational_capacity.cover_key_roles",
    title = "Write the programme's work into job descriptions and name who covers each key role if its holder leaves",
    owner = "head of service", effort = "medium", impact = 12,
  },
  program_evaluation = {
    id = "program_evaluation.report_outcomes_quarterly",
    title = "Agree three outcome measures with the people the programme serves and report them to the programme board every quarter",
    owner = "performance and intelligence lead", effort = "medium", impact = 15,
  },
  program_adaptation = {
    id = "program_adaptation.review_and_adapt",
    title = "Review the programme every six months against its evaluation findings, and record what was changed and why",
    owner = "programme manager", effort = "low", impact = 12,
  },
  communications = {
    id = "communications.share_results",
    title = "Send decision makers, partners and the public a one-page account of what the programme achieved, twice a year",
    owner = "communications lead", effort = "low", impact = 10,
  },
  strategic_planning = {
    id = "strategic_planning.write_sustainability_plan",
    title = "Write a sustainability plan with goals, owners and dates for the two years after current funding, and take it to the leadership team",
    owner = "programme manager", effort = "medium", impact = 17,
  },
}

for _, domain in ipairs(psat.domains) do
  rule {
    id = domain.id .. ".rating",
    ingredient = domain.id,
    title = string.format("How the team rates the programme's %s (PSAT items %s)",
                          domain.title:lower(), domain.prefix .. "1-" .. domain.prefix .. psat.items_per_domain),
    needs = { psat.table },
    assess = function(a)
      return assess.domain(a, psat, domain, ACTIONS[domain.id])
    end,
  }
end
