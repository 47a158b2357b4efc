-- The recipe: how the five ingredients act on one another. These rules run in
-- pass 2, after every ingredient has its pass-1 score, and read those scores
-- with a:score. Each adds one rule to the ingredient it acts on.
--
-- Most of them are neutral when the interaction does not bite: they return the
-- ingredient's own pass-1 score, which leaves its weighted mean unchanged.
-- Only when the interaction matters (a closed gate, an unmeasured voice, a
-- business case without backing, pressure on a fragile organisation) do they
-- pull the score away from it.

local score = require "lib.score"

-- Below this receptivity score the organisation starts to close the gate.
local GATE = 50

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
    a:evidence("Receptivity score", receptivity)
    a:evidence("Adaptation score before the gate", adaptation)
    if receptivity >= GATE then return adaptation end
    a:action {
      id = "recipe.open_the_gate",
      title = "Agree at the leadership team which decisions about the service its manager may take without escalation",
      owner = "director of children's services",
      effort = "low",
      impact = 12,
      why = string.format("Receptivity scores %.0f, below %d: changes to the service (adaptation %.0f) will not last in an organisation that does not make room for them.",
                          receptivity, GATE, adaptation),
    }
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
    a:evidence("Receptivity score", receptivity)
    a:evidence("Leadership score before the gate", leadership)
    return leadership * math.min(1, (receptivity + 25) / (GATE + 25))
  end,
}

-- Co-production feeds measurement. Measures stay meaningful, rather than
-- box-ticking, when young people help decide what is measured; where they
-- are heard but their priorities are not measured, measurement counts what
-- managers chose. The rule credits measurement in proportion to how strongly
-- young people are involved, and to the soft measures they co-designed.
rule {
  id = "measurement.voice_in_measures",
  ingredient = "measurement",
  title = "What young people say matters is measured, where young people are heard",
  pass = 2,
  assess = function(a)
    local coproduction = a:score("coproduction")
    if not coproduction then
      return nil, "co-production could not be assessed, so its link to measurement cannot be judged"
    end
    a:evidence("Co-production score", coproduction)
    local measures = a.data.measures
    if measures and #measures > 0 and not score.missing_columns(measures, "measures", { "kind", "co_designed" }) then
      local chosen = measures:count { kind = "soft", co_designed = "yes" }
      a:evidence("Soft-outcome measures co-designed with care leavers", chosen)
      if chosen == 0 then
        a:action {
          id = "measurement.measure_what_they_said",
          title = "Turn the two things care leavers most often say matter into measures on the service dashboard",
          owner = "performance and intelligence lead",
          effort = "medium",
          impact = 12,
          why = string.format("Co-production scores %.0f, yet none of the service's soft-outcome measures was designed with care leavers.", coproduction),
        }
      end
      return coproduction * (0.4 + 0.6 * math.min(1, chosen / 2))
    end
    local tracked = a.attr.soft_outcomes_tracked
    if tracked == nil then
      return nil, "no measures table and no soft_outcomes_tracked attribute, so it is not known what is measured"
    end
    a:evidence("Soft outcomes tracked", tracked)
    if tracked == "yes" then
      return math.min(100, 40 + coproduction * 0.6)
    end
    a:action {
      id = "measurement.track_wellbeing",
      title = "Add care leavers' own wellbeing measures (ONS4, feeling settled) to the service dashboard",
      owner = "performance and intelligence lead",
      effort = "medium",
      impact = 18,
      why = "Soft outcomes are not tracked, so what young people say matters is invisible when the service is judged.",
    }
    return coproduction * 0.3
  end,
}

-- Strong co-production is worth less if nobody measures what young people
-- said matters: their voice then changes single decisions but never reaches
-- the evidence on which the service is kept or cut. With measurement below
-- 50, co-production counts for half to all of its value.
rule {
  id = "recipe.voice_is_measured",
  ingredient = "coproduction",
  title = "Young people's voice reaches the evidence on which the service is judged",
  pass = 2,
  assess = function(a)
    local measurement, coproduction, reason = scores(a, "measurement", "coproduction")
    if not measurement then return nil, reason end
    a:evidence("Measurement score", measurement)
    a:evidence("Co-production score before the link to measurement", coproduction)
    if measurement >= 50 then return coproduction end
    return coproduction * (0.5 + measurement / 100)
  end,
}

local BACKING = { "measurement", "leadership", "coproduction" }

-- All five together make the recipe, and the business case that embeds a
-- service is where that is tested: it needs evidence of outcomes
-- (measurement), people with standing to defend it (leadership) and young
-- people who make the case (co-production). A case is as strong as its
-- weakest support, so the rule blends the weakest with the average.
rule {
  id = "recipe.business_case_backed",
  ingredient = "adaptation",
  title = "The case for keeping the service is backed by evidence, leaders and young people together",
  stages = { "transition", "sustained", "scaling" },
  pass = 2,
  assess = function(a)
    local sum, weakest, weakest_id = 0, nil, nil
    for _, id in ipairs(BACKING) do
      local s = a:score(id)
      if not s then return nil, id .. " could not be assessed, so the backing of the business case cannot be judged" end
      a:evidence(id .. " score", s)
      sum = sum + s
      if not weakest or s < weakest then weakest, weakest_id = s, id end
    end
    if weakest < 50 then
      local fix = {
        measurement = "gather the outcome evidence (hard and soft) the case will rest on",
        leadership = "find an elected member and a middle manager to present it",
        coproduction = "ask care leavers to say in their own words what the service changed for them",
      }
      a:action {
        id = "recipe.strengthen_the_case",
        title = "Before the budget round, strengthen the case for the service where it is weakest: " .. fix[weakest_id],
        owner = "service manager",
        effort = "medium",
        impact = 10,
        why = string.format("The case for keeping the service is weakest on %s (score %.0f).", weakest_id, weakest),
      }
    end
    return 0.5 * weakest + 0.5 * sum / #BACKING
  end,
}

-- Context moderates everything: high financial pressure or an inspection
-- judgement of "requires improvement" or "inadequate" pushes organisations
-- towards finance- and KPI-driven, risk-averse management. A receptive
-- organisation withstands that; a fragile one loses more. Without such
-- pressure the rule is neutral.
rule {
  id = "recipe.pressure_tests_receptivity",
  ingredient = "receptivity",
  title = "Openness to new ideas holds up under financial and inspection pressure",
  pass = 2,
  assess = function(a)
    local receptivity = a:score("receptivity")
    if not receptivity then return nil, "receptivity could not be assessed" end
    local money, inspection = a.attr.financial_pressure, a.attr.ofsted_judgement
    local pressed = money == "high" or inspection == "requires improvement" or inspection == "inadequate"
    a:evidence("Receptivity score before pressure", receptivity)
    a:evidence("Under high financial or inspection pressure", pressed)
    if not pressed then return receptivity end
    return score.clamp(receptivity - 0.3 * (100 - receptivity))
  end,
}
