-- The CSAT overall score on its own 1-7 scale: the mean of the domain means,
-- with the weakest and strongest domains. It belongs to the `csat`
-- ingredient, which weighs 0, so it shows the figure without counting twice.
-- Its 0-100 score equals the plan's overall score whenever [weights] leaves
-- the domains at 1.

local csat = require "lib.csat"
local assess = require "lib.assess"

rule {
  id = "csat.overall",
  ingredient = "csat",
  title = "The practice's overall CSAT score, the mean of its domain scores",
  pass = 2,
  assess = function(a)
    return assess.overall(a, csat)
  end,
}
