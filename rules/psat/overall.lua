-- The PSAT overall score on its own 1-7 scale: the mean of the domain means,
-- set beside the published norm (mean overall 4.73 over 5,706 assessments;
-- funding stability the lowest domain, program adaptation the highest). It
-- belongs to the `psat` ingredient, which weighs 0, so it shows the figure
-- without counting twice. Its 0-100 score equals the plan's overall score
-- whenever [weights] leaves the domains at 1.

local psat = require "lib.psat"
local assess = require "lib.assess"

rule {
  id = "psat.overall",
  ingredient = "psat",
  title = "The programme's overall PSAT score, the mean of its domain scores, compared with the published norm",
  pass = 2,
  assess = function(a)
    return assess.overall(a, psat)
  end,
}
