-- The Program Sustainability Assessment Tool (PSAT), Center for Public Health
-- Systems Science, Washington University in St. Louis (Luke et al., Preventing
-- Chronic Disease 2014, doi 10.5888/pcd11.130184; https://sustaintool.org).
-- 40 items, 8 domains of 5, each item rated from 1 (little or no extent) to
-- 7 (a very great extent), or "not able to answer".
--
-- Only the domain names and the item ids this pack gives them are here: the
-- item wording belongs to the tool's owners. Obtain it from them.
--
-- Item ids are the domain's two-letter prefix and the item's place in the
-- domain (1-5), in the order the tool asks them: FS3 is the third funding
-- stability item.

local psat = {
  name = "PSAT",
  table = "psat_responses",
  scale = { low = 1, high = 7, not_able = "NA" },
  items_per_domain = 5,

  -- A respondent counts towards a domain when they rated at least 3 of its 5
  -- items (more than half); a domain is assessed when at least 3 respondents
  -- count. An authority's min_respondents attribute replaces the 3
  -- respondents (1 for an assessment by one person).
  min_items = 3,
  min_respondents = 3,

  -- Improvement actions go to the 2 weakest domains and to any domain rated
  -- below 4, the middle of the scale; never to a domain rated 5.5 or more.
  weakest = 2,
  act_below = 4,
  strong_from = 5.5,

  -- A standard deviation of respondents' domain means of 1.5 scale points or
  -- more is wide disagreement: a quarter of the scale's range.
  disagreement_sd = 1.5,
  disagreement_owner = "programme manager",

  -- Bacon C, Malone S, Prewitt K, et al. Assessing the sustainability capacity
  -- of evidence-based programs in community and health settings. Frontiers in
  -- Health Services 2022;2:1004167 (doi 10.3389/frhs.2022.1004167): 5,706
  -- assessments of 2,892 programs made on sustaintool.org, 2014-2019.
  norm = {
    overall = 4.73,
    assessments_text = "5,706",
    source = "Bacon et al. 2022",
    lowest = "funding_stability",
    highest = "program_adaptation",
  },

  domains = {
    { id = "environmental_support",   prefix = "ES", title = "Environmental support" },
    { id = "funding_stability",       prefix = "FS", title = "Funding stability" },
    { id = "partnerships",            prefix = "PA", title = "Partnerships" },
    { id = "organisational_capacity", prefix = "OC", title = "Organisational capacity" },
    { id = "program_evaluation",      prefix = "EV", title = "Program evaluation" },
    { id = "program_adaptation",      prefix = "AD", title = "Program adaptation" },
    { id = "communications",          prefix = "CO", title = "Communications" },
    { id = "strategic_planning",      prefix = "SP", title = "Strategic planning" },
  },
}

psat.by_id = {}
for _, domain in ipairs(psat.domains) do psat.by_id[domain.id] = domain end

return psat
