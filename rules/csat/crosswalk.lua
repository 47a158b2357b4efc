-- The cross-walk: the five ingredients of sustaining a pilot (receptivity,
-- co-production, leadership, measurement, adaptation; see rules/ingredients)
-- read from the CSAT domain scores, so a service that collected CSAT answers
-- also sees the five-ingredient view. Each ingredient is the weighted mean of
-- the domains mapped to it. The five weigh 0 in the model, so this view never
-- changes the CSAT score. docs/instruments.md gives the reasons.
--
-- Change the mapping here: { domain, weight }, weight above 0. A domain may
-- feed several ingredients; a domain that was not assessed is left out.

local csat = require "lib.csat"
local assess = require "lib.assess"

local CROSSWALK = {
  -- The internal supports and resources the practice needs, and (half)
  -- leaders who back it.
  receptivity = {
    { "organisational_readiness", 1 }, { "engaged_staff_and_leadership", 0.5 },
  },
  -- Patients, families and other stakeholders engaged: the closest the CSAT
  -- comes to co-production.
  coproduction = {
    { "engaged_stakeholders", 1 },
  },
  -- Staff and leaders engaged, and (half) staff trained to carry the practice
  -- beyond the few who started it.
  leadership = {
    { "engaged_staff_and_leadership", 1 }, { "implementation_and_training", 0.5 },
  },
  -- Monitoring delivery and knowing the practice's outcomes.
  measurement = {
    { "monitoring_and_evaluation", 1 }, { "outcomes_and_effectiveness", 1 },
  },
  -- Built into the routine of the service rather than kept as a project, and
  -- (half each) the learning loop of monitoring and of renewed training.
  adaptation = {
    { "workflow_integration", 1 }, { "monitoring_and_evaluation", 0.5 },
    { "implementation_and_training", 0.5 },
  },
}

assess.check_crosswalk(csat, CROSSWALK)

local WORDS = {
  receptivity = "Openness to new ideas and room to try them",
  coproduction = "Involvement of the people the practice serves",
  leadership = "Leadership spread beyond a few senior managers",
  measurement = "Measuring outcomes and using the results",
  adaptation = "Embedding the practice and learning as things change",
}

for _, ingredient in ipairs { "receptivity", "coproduction", "leadership", "measurement", "adaptation" } do
  local sources = CROSSWALK[ingredient]
  if sources then
    rule {
      id = ingredient .. ".from_csat",
      ingredient = ingredient,
      title = string.format("%s, as the CSAT ratings of %s show it", WORDS[ingredient],
                            assess.domain_words(csat, sources)),
      pass = 2,
      assess = function(a)
        return assess.crosswalk(a, csat, sources)
      end,
    }
  end
end
