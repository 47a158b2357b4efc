-- The PSAT as a rule pack. The eight domains are the model's ingredients and
-- weigh 1 at every stage, so the plan's overall score is the plain mean of the
-- domain scores, as in the PSAT itself. Because each domain score is its mean
-- rating mapped linearly from 1-7 to 0-100, (mean - 1) / 6 * 100, the mean of
-- the mapped scores is the mapped mean of the domain means: the plan's overall
-- score is the PSAT overall score on a 0-100 scale.
--
-- Six more ingredients weigh 0 at every stage, so they are shown in the plan
-- but never change the overall score:
--   psat         the overall score on the PSAT's own 1-7 scale, beside the
--                published norm (overall.lua);
--   the five     receptivity, co-production, leadership, measurement and
--   ingredients  adaptation, read from the domain scores through the
--                cross-walk in crosswalk.lua, so an authority that collected
--                PSAT answers also sees the five-ingredient view.
-- Leave these six out of [weights] in the assessment's INI file: a weight
-- above 0 would fold them into the overall score.
--
-- The stages are the five-ingredient pack's, so an authority's section works
-- with either pack; the PSAT weighs its domains the same at every stage.

local psat = require "lib.psat"

local VIEW_ONLY = {
  { id = "psat",         title = "PSAT overall score on its 1-7 scale, beside the published norm (summary, not weighted again)" },
  { id = "receptivity",  title = "Five-ingredient view: organisational receptivity to innovation (from the PSAT; not in the score)" },
  { id = "coproduction", title = "Five-ingredient view: co-production with the people the service is for (from the PSAT; not in the score)" },
  { id = "leadership",   title = "Five-ingredient view: distributed leadership (from the PSAT; not in the score)" },
  { id = "measurement",  title = "Five-ingredient view: measuring outcomes that matter (from the PSAT; not in the score)" },
  { id = "adaptation",   title = "Five-ingredient view: adaptation and learning (from the PSAT; not in the score)" },
}

local ingredients, weights = {}, {}
for _, domain in ipairs(psat.domains) do
  ingredients[#ingredients + 1] = { id = domain.id, title = domain.title }
end
for _, view in ipairs(VIEW_ONLY) do
  ingredients[#ingredients + 1] = view
  weights[view.id] = 0
end

model {
  name = "Program Sustainability Assessment Tool (PSAT), with a cross-walk to the five ingredients",
  ingredients = ingredients,
  stages = { pilot = weights, transition = weights, sustained = weights, scaling = weights },
  -- The PSAT publishes no cut-off scores; these bands are this pack's. 75 is
  -- 5.5 on the 1-7 scale, 50 is 4.0, the middle of the scale. The published
  -- mean overall score, 4.73, maps to 62.2.
  bands = {
    { min = 75, label = "strong sustainability capacity" },
    { min = 50, label = "developing sustainability capacity" },
    { min = 0,  label = "low sustainability capacity" },
  },
}
