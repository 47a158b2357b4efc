-- The recipe: how the ingredients act on one another, and how financial and
-- inspection pressure act on each of them. These rules run in pass 2, after
-- every ingredient has its pass-1 score, and read those scores with a:score.
-- Each adds one rule to the ingredient it acts on.
--
-- They are moderations, not new evidence: each returns the ingredient's own
-- pass-1 score when the interaction or the pressure does not bite, which
-- leaves the ingredient's weighted mean unchanged, and pulls the score away
-- from it only when it does. They propose no actions of their own, except the
-- two that answer the pressures themselves: the gaps behind a weak score have
-- their actions in the pass-1 rules that found them. Nor do they quote
-- scores: the score a pass-2 rule reads is not the one the plan shows, which
-- includes every pass-2 rule.

local score = require "lib.score"
local pressure = require "lib.pressure"

-- Below this receptivity score the organisation starts to close the gate.
local GATE = 50

-- How evidence names an ingredient's pass-1 score, so that nobody takes it
-- for the final score in the ingredient table.
local NAMES = { receptivity = "Receptivity", coproduction = "Co-production", leadership = "Leadership",
                measurement = "Measurement", adaptation = "Adaptation" }
local function before(ingredient)
  return NAMES[ingredient] .. " scored on its own rules, before interactions and pressure"
end

-- The two scores a rule reads, or nil and the reason one is missing.
local function scores(a, first, second)
  local x, y = a:score(first), a:score(second)
  if not x then return nil, nil, first .. " could not be assessed, so its effect on " .. second .. " cannot be judged" end
  if not y then return nil, nil, second .. " could not be assessed" end
  return x, y
end

-- Receptivity as a gate on adaptation. The study found that the context
-- senior managers set decides the trajectory of everything else: in a
-- risk-averse, top-down organisation, changes to the service do not take root
-- and the innovation is frozen or hollowed out. Below the gate, adaptation
-- counts only in proportion to receptivity.
rule {
  id = "recipe.receptivity_gate",
  ingredient = "adaptation",
  title = "Changes to the service can take root because the organisation is open to new ideas",
  pass = 2,
  assess = function(a)
    local receptivity, adaptation, reason = scores(a, "receptivity", "adaptation")
    if not receptivity then return nil, reason end
    a:evidence(before("receptivity"), receptivity)
    a:evidence(before("adaptation"), adaptation)
    if receptivity >= GATE then return adaptation end
    return adaptation * receptivity / GATE
  end,
}

-- Receptivity as a gate on leadership. Distributed leadership needs senior
-- managers who devolve: champions in the middle and at the front line who are
-- given no room to act cannot carry the service when the pilot ends. Full
-- value at a receptivity of 50 or more, a third of it with none.
rule {
  id = "recipe.leadership_needs_room",
  ingredient = "leadership",
  title = "Leaders below the senior team have room to act",
  pass = 2,
  assess = function(a)
    local receptivity, leadership, reason = scores(a, "receptivity", "leadership")
    if not receptivity then return nil, reason end
    a:evidence(before("receptivity"), receptivity)
    a:evidence(before("leadership"), leadership)
    return leadership * math.min(1, (receptivity + 25) / (GATE + 25))
  end,
}

-- Measurement moderates co-production. When young people's priorities are
-- left out of what gets measured, their voice may change single decisions but
-- never reaches the evidence on which the service is kept or cut, so even
-- deep co-production protects the service less. With measurement below 50,
-- co-production counts for half to all of its value.
rule {
  id = "recipe.voice_is_measured",
  ingredient = "coproduction",
  title = "Young people's voice reaches the evidence on which the service is judged",
  pass = 2,
  assess = function(a)
    local measurement, coproduction, reason = scores(a, "measurement", "coproduction")
    if not measurement then return nil, reason end
    a:evidence(before("measurement"), measurement)
    a:evidence(before("coproduction"), coproduction)
    if measurement >= 50 then return coproduction end
    return coproduction * (0.5 + measurement / 100)
  end,
}

------------------------------------------------------------------------
-- Pressure. The study found that financial pressure and performance
-- pressure (here, an inspection judgement below good) shape every
-- ingredient: senior leaders answering only to finance and indicators,
-- leadership drawn back to the top, measurement drifting back to the KPIs
-- inspectors count, and "frugal innovation" under cuts. An ingredient that
-- is strong withstands pressure; a weak one loses more. Each ingredient has
-- one rule here, moderated by the pressures that act on it:
--
--   score under pressure = s - SENSITIVITY x p x (100 - s)
--
-- where s is the ingredient's pass-1 score and p the sum of the pressures
-- that act on it (lib/pressure.lua: each from 0 to 1). Without pressure the
-- rule returns s, which changes nothing. Pressure is counted only here, once
-- per ingredient.
------------------------------------------------------------------------
local SENSITIVITY = 0.3

-- The pressure the plan names, in words.
local function pressure_words(p, by_money, by_inspection)
  local out = {}
  if by_money and p.money > 0 then out[#out + 1] = p.financial .. " financial pressure" end
  if by_inspection and p.inspection > 0 then out[#out + 1] = "an inspection judgement of '" .. p.judgement .. "'" end
  return table.concat(out, " and ")
end

-- The actions that answer pressure itself, proposed once, by the receptivity
-- rule: senior managers own both.
local function pressure_actions(a, p)
  if p.money > 0 then
    a:action {
      id = "receptivity.ring_fence",
      plain = "Protect the jobs of the staff the service depends on when savings are made, and write down why",
      gap = "receptivity.budget_pressure",
      title = "Protect the service's core staff in the savings plan, and write down why",
      owner = "director of children's services",
      effort = "medium",
      impact = 12,
      why = string.format("Financial pressure is %s: under cuts, organisations fall back on doing what is cheapest, and what a service adds beyond the statutory minimum is at risk first.",
                          p.financial),
    }
  end
  if p.inspection > 0 then
    a:action {
      id = "receptivity.into_improvement_plan",
      plain = "Make the service part of the council's plan to improve after its inspection, so it grows instead of being pushed aside",
      gap = "receptivity.inspection_pressure",
      title = "Make the service part of the plan to improve after the inspection, so that the improvement work builds on it rather than displacing it",
      owner = "director of children's services",
      effort = "low",
      impact = 10,
      why = string.format("The latest inspection judgement is '%s': under inspection pressure, services drift back to what inspectors count, and a service outside the improvement plan is set aside.",
                          p.judgement),
    }
  end
end

local PRESSURES = {
  { ingredient = "receptivity", money = true, inspection = true,
    title = "Openness to new ideas holds up under budget and inspection pressure" },
  { ingredient = "coproduction", money = false, inspection = true,
    title = "Young people's voice still shapes the service when inspection targets press" },
  { ingredient = "leadership", money = true, inspection = true,
    title = "Leadership stays shared when budgets and inspection press on the senior team" },
  { ingredient = "measurement", money = false, inspection = true,
    title = "Measures of what matters to young people survive inspection pressure, rather than drifting back to KPIs" },
  { ingredient = "adaptation", money = true, inspection = false,
    title = "The service keeps adapting to young people under budget pressure, rather than being cut back" },
}

for _, moderation in ipairs(PRESSURES) do
  rule {
    id = "recipe.pressure_on_" .. moderation.ingredient,
    ingredient = moderation.ingredient,
    title = moderation.title,
    pass = 2,
    assess = function(a)
      local s = a:score(moderation.ingredient)
      if not s then return nil, moderation.ingredient .. " could not be assessed" end
      local p = pressure.read(a)
      if not p then return nil, pressure.REASON end
      a:evidence(before(moderation.ingredient), s)
      local strength = 0
      if moderation.money and p.financial then
        a:evidence("Financial pressure", p.financial)
        strength = strength + p.money
      end
      if moderation.inspection and p.judgement then
        a:evidence("Latest inspection judgement", p.judgement)
        strength = strength + p.inspection
      end
      local words = pressure_words(p, moderation.money, moderation.inspection)
      a:evidence("Pressure acting on this ingredient", words ~= "" and words or "none")
      if moderation.ingredient == "receptivity" then pressure_actions(a, p) end
      return score.clamp(s - SENSITIVITY * strength * (100 - s))
    end,
  }
end
