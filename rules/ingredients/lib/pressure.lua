-- Financial and inspection pressure, the context the study found moderates
-- every ingredient. Read once here from the authority's attributes, so that
-- each ingredient's moderation rule (recipe.lua) reads the same values and the
-- same errors.
--
-- Each pressure is a strength from 0 (none) to 1 (the most the pack counts):
--   financial_pressure  low 0, medium 0.5, high 1;
--   ofsted_judgement    outstanding and good 0 (a good judgement is no
--                       pressure), requires improvement 0.75, inadequate 1.

local score = require "lib.score"

local pressure = {}

local MONEY = { low = 0, medium = 0.5, high = 1 }
local INSPECTION = { outstanding = 0, good = 0, ["requires improvement"] = 0.75, inadequate = 1 }

pressure.REASON = "the config gives neither financial_pressure (low, medium, high) nor ofsted_judgement "
                  .. "(outstanding, good, requires improvement, inadequate)"

-- The authority's pressures: { money = 0..1, inspection = 0..1, financial =
-- the attribute or nil, judgement = the attribute or nil }. Returns nil when
-- the config gives neither attribute; raises an error naming the allowed
-- values for a value the pack does not know.
function pressure.read(a)
  local financial, judgement = a.attr.financial_pressure, a.attr.ofsted_judgement
  if financial == nil and judgement == nil then return nil end
  local p = { financial = financial, judgement = judgement, money = 0, inspection = 0 }
  if financial ~= nil then p.money = score.from_choice(a, "financial_pressure", MONEY) end
  if judgement ~= nil then p.inspection = score.from_choice(a, "ofsted_judgement", INSPECTION) end
  return p
end

return pressure
