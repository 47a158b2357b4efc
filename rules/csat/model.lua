-- The CSAT as a rule pack. The seven domains are the model's ingredients and
-- weigh 1 at every stage, so the plan's overall score is the plain mean of the
-- domain scores, as in the CSAT itself. Because each domain score is its mean
-- rating mapped linearly from 1-7 to 0-100, (mean - 1) / 6 * 100, the mean of
-- the mapped scores is the mapped mean of the domain means: the plan's overall
-- score is the CSAT overall score on a 0-100 scale.
--
-- Six more ingredients weigh 0 at every stage, so they are shown in the plan
-- but never change the overall score:
--   csat         the overall score on the CSAT's own 1-7 scale (overall.lua);
--   the five     receptivity, co-production, leadership, measurement and
--   ingredients  adaptation, read from the domain scores through the
--                cross-walk in crosswalk.lua, so an authority that collected
--                CSAT answers also sees the five-ingredient view.
-- Leave these six out of [weights] in the assessment's INI file: a weight
-- above 0 would fold them into the overall score.
--
-- The stages are the five-ingredient pack's, so an authority's section works
-- with either pack; the CSAT weighs its domains the same at every stage.

local csat = require "lib.csat"

local VIEW_ONLY = {
  { id = "csat",         title = "CSAT overall score on its 1-7 scale (summary, not weighted again)" },
  { id = "receptivity",  title = "Five-ingredient view: organisational receptivity to innovation (from the CSAT; not in the score)" },
  { id = "coproduction", title = "Five-ingredient view: co-production with the people the service is for (from the CSAT; not in the score)" },
  { id = "leadership",   title = "Five-ingredient view: distributed leadership (from the CSAT; not in the score)" },
  { id = "measurement",  title = "Five-ingredient view: measuring outcomes that matter (from the CSAT; not in the score)" },
  { id = "adaptation",   title = "Five-ingredient view: adaptation and learning (from the CSAT; not in the score)" },
}

local ingredients, weights = {}, {}
for _, domain in ipairs(csat.domains) do
  ingredients[#ingredients + 1] = { id = domain.id, title = domain.title }
end
for _, view in ipairs(VIEW_ONLY) do
  ingredients[#ingredients + 1] = view
  weights[view.id] = 0
end

model {
  name = "Clinical Sustainability Assessment Tool (CSAT), with a cross-walk to the five ingredients",
  ingredients = ingredients,
  stages = { pilot = weights, transition = weights, sustained = weights, scaling = weights },
  -- The CSAT publishes no cut-off scores; these bands are the PSAT pack's. 75 is
  -- 5.5 on the 1-7 scale, 50 is 4.0, the middle of the scale.
  bands = {
    { min = 75, label = "strong sustainability capacity" },
    { min = 50, label = "developing sustainability capacity" },
    { min = 0,  label = "low sustainability capacity" },
  },
}
