-- What the domain, overall and cross-walk rules of an instrument pack do,
-- written once for any instrument described like lib/psat.lua. The pack's
-- rule files declare the rules and call these functions from `assess`.
--
-- Shared by the PSAT and CSAT packs: `require "lib.assess"` finds it here, in
-- the lib folder beside them, since neither pack has a lib/assess.lua of its own.

local responses = require "lib.responses"

local assess = {}

-- Whether a figure computed from n respondents may be quoted in an action's
-- "why": the small-count rule the plan applies to evidence.
local function quotable(a, n)
  return n ~= nil and n >= (a.suppress_below or 5)
end

-- "3.2"
local function one_decimal(x)
  return string.format("%.1f", x)
end

-- The fewest respondents a domain needs: the authority's min_respondents
-- attribute (1 for an assessment by one person), else the instrument's.
local function min_respondents(a, inst)
  local n = a.attr.min_respondents
  if n == nil then return inst.min_respondents end
  if type(n) ~= "number" or n < 1 or n ~= math.floor(n) then
    error(string.format("min_respondents must be a whole number of at least 1, not '%s'", tostring(n)), 0)
  end
  return math.tointeger(n)
end

-- Every domain's group summary, with the assessed domains ranked from the
-- weakest (rank 1; ties keep the instrument's order). Returns the summaries by
-- domain id, the number assessed and the minimum used; or nil and a reason.
local function summarise(a, inst)
  local collected, reason = responses.collect(a.data[inst.table], inst)
  if not collected then return nil, reason end
  local need = min_respondents(a, inst)
  local all, ranked = {}, {}
  for order, domain in ipairs(inst.domains) do
    local s = responses.domain(collected, domain.id, inst.min_items)
    s.domain, s.order, s.assessed = domain, order, s.respondents >= need
    all[domain.id] = s
    if s.assessed then ranked[#ranked + 1] = s end
  end
  table.sort(ranked, function(x, y)
    if x.mean ~= y.mean then return x.mean < y.mean end
    return x.order < y.order
  end)
  for rank, s in ipairs(ranked) do s.rank = rank end
  return all, #ranked, need, collected.repeated
end

-- Where the published norm places this domain, or nil.
local function norm_place(inst, domain)
  local norm = inst.norm
  if not norm then return nil end
  if domain.id == norm.lowest then return "lowest" end
  if domain.id == norm.highest then return "highest" end
  return nil
end

-- The sentence of an action's "why" that sets a domain mean beside the
-- published norm, or "" when the instrument has none.
local function norm_sentence(inst, domain, mean)
  local norm = inst.norm
  if not norm then return "" end
  local place = norm_place(inst, domain)
  if place == "lowest" then
    return string.format(" %s is also the lowest-scoring domain across the %s %s assessments in the published norm (%s): a common weakness, and the one that ends programmes when their grant runs out.",
                         domain.title, norm.assessments_text, inst.name, norm.source)
  elseif place == "highest" then
    return string.format(" %s is the highest-scoring domain across the %s %s assessments in the published norm (%s), so a low rating here is unusual.",
                         domain.title, norm.assessments_text, inst.name, norm.source)
  end
  return string.format(" That is %s the published mean overall %s score of %.2f (%s assessments, %s).",
                       mean < norm.overall and "below" or "at or above", inst.name, norm.overall,
                       norm.assessments_text, norm.source)
end

-- Whether the domain gets its improvement action: one of the `weakest`
-- domains, or below `act_below`, and never when rated `strong_from` or more.
local function needs_action(inst, s)
  if s.mean >= inst.strong_from then return false end
  return s.rank <= inst.weakest or s.mean < inst.act_below
end

local ORDINAL = { "", "second ", "third ", "fourth ", "fifth ", "sixth ", "seventh " }

local function improvement_why(a, inst, s, assessed)
  local d = s.domain
  local who = quotable(a, s.respondents) and string.format(" by %d respondents", s.respondents) or ""
  local where = string.format("the %sweakest of the %d domains assessed", ORDINAL[s.rank] or (s.rank .. "th "), assessed)
  return string.format("%s is rated %s on the %d-%d scale%s, %s.%s", d.title, one_decimal(s.mean),
                       inst.scale.low, inst.scale.high, who, where, norm_sentence(inst, d, s.mean))
end

local function disagreement_why(a, inst, s)
  local d = s.domain
  if quotable(a, s.respondents) then
    return string.format("Respondents' own means for %s run from %s to %s (standard deviation %s across %d respondents, %s or more counts as wide): the group mean of %s hides that the team does not share one view. The %s's authors advise a group to talk through differences in its scores before planning.",
                         d.title:lower(), one_decimal(s.low), one_decimal(s.high), one_decimal(s.sd),
                         s.respondents, one_decimal(inst.disagreement_sd), one_decimal(s.mean), inst.name)
  end
  return string.format("Respondents disagree widely about %s (standard deviation %s or more): the group mean hides that the team does not share one view.",
                       d.title:lower(), one_decimal(inst.disagreement_sd))
end

-- A domain rule: the group's mean rating of the domain's items, on the
-- instrument's scale as evidence and as a 0-100 score; the spread of
-- respondents' means; an action when it is among the weakest domains
-- (`action` from the pack: id, title, owner, effort, impact) and one when
-- the team disagrees widely.
function assess.domain(a, inst, domain, action)
  local all, assessed, need, repeated = summarise(a, inst)
  if not all then return nil, assessed end
  local s = all[domain.id]
  local items = responses.item_range(inst, domain)
  if not s.assessed then
    return nil, string.format("too few answers: %d %s rated at least %d of the %d %s items (%s), and at least %d %s needed (min_respondents)",
                              s.respondents, s.respondents == 1 and "respondent" or "respondents",
                              inst.min_items, inst.items_per_domain, domain.title:lower(), items,
                              need, need == 1 and "is" or "are")
  end
  local scale = string.format("%d-%d", inst.scale.low, inst.scale.high)
  a:evidence("Mean rating (" .. scale .. "): the mean of respondents' domain means", s.mean)
  a:evidence("Respondents counted (rated at least " .. inst.min_items .. " items)", s.respondents)
  a:evidence("Respondents set aside (rated fewer items)", s.set_aside)
  a:evidence("Ratings given", s.ratings)
  a:evidence("Answers 'not able to answer'", s.not_able)
  if repeated > 0 then a:evidence("Repeated answers ignored (same respondent and item)", repeated) end
  if s.sd then
    a:evidence("Spread: standard deviation of respondents' means", s.sd, s.respondents)
    a:evidence("Spread: lowest respondent's mean", s.low, s.respondents)
    a:evidence("Spread: highest respondent's mean", s.high, s.respondents)
  end
  a:evidence("Rank among the domains assessed (1 = weakest)", s.rank)
  local place = norm_place(inst, domain)
  if place then
    a:evidence("In the published norm (" .. inst.norm.source .. ")", place .. "-scoring domain")
  end

  if action and needs_action(inst, s) then
    a:action {
      id = action.id, title = action.title, owner = action.owner, effort = action.effort,
      impact = math.min(action.impact, responses.to_score(inst.scale.high, inst.scale) - responses.to_score(s.mean, inst.scale)),
      why = improvement_why(a, inst, s, assessed),
    }
  end
  if s.sd and s.sd >= inst.disagreement_sd then
    a:action {
      id = domain.id .. ".discuss_disagreement",
      title = string.format("Talk through the spread of %s ratings at a team meeting, ask those at either end to explain, and agree one picture before planning",
                            domain.title:lower()),
      owner = inst.disagreement_owner,
      effort = "low",
      impact = 5,
      why = disagreement_why(a, inst, s),
    }
  end
  return responses.to_score(s.mean, inst.scale)
end

-- The overall rule: the mean of the domain means, on the instrument's scale
-- and as 0-100, with the weakest and strongest domains and, where the
-- instrument has one, the published norm. It reads the domain scores after
-- pass 1, so it must be a pass-2 rule.
function assess.overall(a, inst)
  local sum, n, weakest, strongest = 0, 0, nil, nil
  for _, domain in ipairs(inst.domains) do
    local score = a:score(domain.id)
    if score then
      local mean = responses.to_scale(score, inst.scale)
      sum, n = sum + mean, n + 1
      if not weakest or mean < weakest.mean then weakest = { domain = domain, mean = mean } end
      if not strongest or mean > strongest.mean then strongest = { domain = domain, mean = mean } end
    end
  end
  if n == 0 then return nil, "no " .. inst.name .. " domain could be assessed" end
  local overall = sum / n
  local scale = string.format("%d-%d", inst.scale.low, inst.scale.high)
  a:evidence("Overall (" .. scale .. "): the mean of the domain means", overall)
  a:evidence("Domains assessed (of " .. #inst.domains .. ")", n)
  a:evidence("Weakest domain", weakest.domain.title)
  a:evidence("Strongest domain", strongest.domain.title)
  local norm = inst.norm
  if norm then
    a:evidence(string.format("Published norm: mean overall score (%s assessments, %s)", norm.assessments_text, norm.source),
               norm.overall)
    a:evidence("Difference from the published norm (scale points)", overall - norm.overall)
    a:evidence("Weakest domain is the norm's weakest (" .. inst.by_id[norm.lowest].title:lower() .. ")",
               weakest.domain.id == norm.lowest)
    a:evidence("Strongest domain is the norm's strongest (" .. inst.by_id[norm.highest].title:lower() .. ")",
               strongest.domain.id == norm.highest)
  end
  return responses.to_score(overall, inst.scale)
end

-- Checks a cross-walk when the pack loads, so that a misspelt domain or a bad
-- weight is reported at load time, at the cross-walk file's line.
function assess.check_crosswalk(inst, crosswalk)
  for ingredient, sources in pairs(crosswalk) do
    for _, source in ipairs(sources) do
      local domain, weight = source[1], source[2]
      if not inst.by_id[domain] then
        error(string.format("cross-walk for %s: '%s' is not a %s domain", ingredient, tostring(domain), inst.name), 2)
      end
      if type(weight) ~= "number" or weight <= 0 then
        error(string.format("cross-walk for %s: the weight of %s must be a number above 0", ingredient, domain), 2)
      end
    end
  end
end

-- The domains a cross-walk reads, as words: "environmental support,
-- organisational capacity and funding stability".
function assess.domain_words(inst, sources)
  local names = {}
  for i, source in ipairs(sources) do names[i] = inst.by_id[source[1]].title:lower() end
  if #names == 1 then return names[1] end
  return table.concat(names, ", ", 1, #names - 1) .. " and " .. names[#names]
end

-- A cross-walk rule: one of the five ingredients as the weighted mean of the
-- domain scores it is mapped from (`sources`: a list of { domain, weight }).
-- Domains not assessed are left out and named. Pass 2.
function assess.crosswalk(a, inst, sources)
  local sum, weights, left_out = 0, 0, {}
  for _, source in ipairs(sources) do
    local domain, weight = inst.by_id[source[1]], source[2]
    local score = a:score(domain.id)
    if score then
      a:evidence(string.format("%s score (cross-walk weight %g)", domain.title, weight), score)
      sum, weights = sum + weight * score, weights + weight
    else
      left_out[#left_out + 1] = domain.title
    end
  end
  if weights == 0 then
    return nil, "none of the domains it is read from could be assessed: " .. assess.domain_words(inst, sources)
  end
  if #left_out > 0 then a:evidence("Domains not assessed, left out", table.concat(left_out, ", ")) end
  local score = sum / weights
  a:evidence(string.format("On the %s scale (%d-%d)", inst.name, inst.scale.low, inst.scale.high),
             responses.to_scale(score, inst.scale))
  return score
end

return assess
