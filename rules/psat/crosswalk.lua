-- The cross-walk: the five ingredients of sustaining a pilot (receptivity,
-- co-production, leadership, measurement, adaptation; see rules/ingredients)
-- read from the PSAT domain scores, so an authority that collected PSAT
-- answers also sees the five-ingredient view. Each ingredient is the weighted
-- mean of the domains mapped to it. The five weigh 0 in the model, so this
-- view never changes the PSAT score. docs/instruments.md gives the reasons.
--
-- Change the mapping here: { domain, weight }, weight above 0. A domain may
-- feed several ingredients; a domain that was not assessed is left out.

local psat = require "lib.psat"
local assess = require "lib.assess"

local CROSSWALK = {
  -- The context senior managers set: a supportive climate inside and outside
  -- the organisation, internal resources and staff to run the programme, and
  -- (half) money that shields it from cuts.
  receptivity = {
    { "environmental_support", 1 }, { "organisational_capacity", 1 }, { "funding_stability", 0.5 },
  },
  -- The PSAT has no domain on service users' involvement. Partnerships
  -- (stakeholders and the community invested and involved) is the closest;
  -- communications (half) is two-way contact, the lowest rungs of the ladder.
  coproduction = {
    { "partnerships", 1 }, { "communications", 0.5 },
  },
  -- Champions and political backing (environmental support), leadership and
  -- staff inside the organisation (half), community leaders involved (half).
  leadership = {
    { "environmental_support", 1 }, { "organisational_capacity", 0.5 }, { "partnerships", 0.5 },
  },
  -- Evaluation that informs planning and documents results.
  measurement = {
    { "program_evaluation", 1 },
  },
  -- Changing the programme as things change, a plan beyond the current
  -- money, and (half each) the funding and the case to decision makers that
  -- embed it in mainstream budgets.
  adaptation = {
    { "program_adaptation", 1 }, { "strategic_planning", 1 },
    { "funding_stability", 0.5 }, { "communications", 0.5 },
  },
}

assess.check_crosswalk(psat, CROSSWALK)

local WORDS = {
  receptivity = "Openness to new ideas and room to try them",
  coproduction = "Involvement of the people the programme serves",
  leadership = "Leadership spread beyond a few senior managers",
  measurement = "Measuring outcomes and using the results",
  adaptation = "Adapting the programme and planning beyond the current money",
}

for _, ingredient in ipairs { "receptivity", "coproduction", "leadership", "measurement", "adaptation" } do
  local sources = CROSSWALK[ingredient]
  if sources then
    rule {
      id = ingredient .. ".from_psat",
      ingredient = ingredient,
      title = string.format("%s, as the PSAT ratings of %s show it", WORDS[ingredient],
                            assess.domain_words(psat, sources)),
      pass = 2,
      assess = function(a)
        return assess.crosswalk(a, psat, sources)
      end,
    }
  end
end
