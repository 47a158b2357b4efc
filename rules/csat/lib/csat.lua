-- The Clinical Sustainability Assessment Tool (CSAT), Center for Public Health
-- Systems Science, Washington University in St. Louis (Malone et al.,
-- Implementation Science Communications 2021, doi 10.1186/s43058-021-00181-2;
-- https://sustaintool.org/csat). The PSAT adapted to clinical care: 35 items,
-- 7 domains of 5, each item rated from 1 to 7, or "not able to answer".
--
-- Only the domain names and the item ids this pack gives them are here: the
-- item wording belongs to the tool's owners. Obtain it from them.
--
-- Item ids are the domain's two-letter prefix and the item's place in the
-- domain (1-5), in the order the tool asks them: WI2 is the second workflow
-- integration item.

local csat = {
  name = "CSAT",
  table = "csat_responses",
  scale = { low = 1, high = 7, not_able = "NA" },
  items_per_domain = 5,

  -- As in the PSAT pack: a respondent counts towards a domain when they
  -- rated at least 3 of its 5 items; a domain is assessed when at least 3
  -- respondents count (the min_respondents attribute replaces the 3).
  min_items = 3,
  min_respondents = 3,

  -- Improvement actions go to the 2 weakest domains and to any domain rated
  -- below 4, the middle of the scale; never to a domain rated 5.5 or more.
  weakest = 2,
  act_below = 4,
  strong_from = 5.5,

  -- Wide disagreement: a standard deviation of respondents' domain means of
  -- 1.5 scale points or more.
  disagreement_sd = 1.5,
  disagreement_owner = "service manager",

  -- No norm: this pack carries no published figures for CSAT users as a
  -- whole. Add one as in lib/psat.lua to have it quoted.
  norm = nil,

  domains = {
    { id = "engaged_staff_and_leadership", prefix = "SL", title = "Engaged staff and leadership" },
    { id = "engaged_stakeholders",         prefix = "SH", title = "Engaged stakeholders" },
    { id = "organisational_readiness",     prefix = "OR", title = "Organisational readiness" },
    { id = "workflow_integration",         prefix = "WI", title = "Workflow integration" },
    { id = "implementation_and_training",  prefix = "IT", title = "Implementation and training" },
    { id = "monitoring_and_evaluation",    prefix = "ME", title = "Monitoring and evaluation" },
    { id = "outcomes_and_effectiveness",   prefix = "OE", title = "Outcomes and effectiveness" },
  },
}

csat.by_id = {}
for _, domain in ipairs(csat.domains) do csat.by_id[domain.id] = domain end

return csat
