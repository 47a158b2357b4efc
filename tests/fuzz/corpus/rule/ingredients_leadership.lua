-- Leadership: is the service led beyond a handful of senior managers, by
-- middle managers, frontline champions, an elected member and care leavers,
-- and does that leadership survive people moving on?

local score = require "lib.score"

local LEVELS = { "senior", "middle", "hybrid_middle", "frontline_champion", "elected_member",
                 "care_leaver_advocate" }

-- How the plan names each level to a reader.
local LEVEL_WORDS = {
  senior = "senior manager", middle = "middle manager",
  hybrid_middle = "middle manager with a practice background",
  frontline_champion = "frontline champion", elected_member = "elected member",
  care_leaver_advocate = "care-leaver advocate",
}

local function words(levels)
  local out = {}
  for i, level in ipairs(levels) do out[i] = LEVEL_WORDS[level] or level end
  return table.concat(out, ", ")
end

rule {
  id = "leadership.distributed",
  ingredient = "leadership",
  title = "Leadership is spread across levels, from senior managers to frontline champions",
  needs = { "leadership" },
  assess = function(a)
    local active = a.data.leadership:where { active = "yes" }
    local present, missing = 0, {}
    for _, level in ipairs(LEVELS) do
      if active:count { level = level } > 0 then
        present = present + 1
      else
        missing[#missing + 1] = level
      end
    end
    a:evidence("Levels with an active leader (of 6)", present)
    a:evidence("Active frontline champions", active:count { level = "frontline_champion" })
    if #missing > 0 then
      a:action {
        id = "leadership.name_champions",
        title = "Name a champion for the service at each missing level: " .. words(missing),
        owner = "director of children's services",
        effort = "low",
        impact = 10 + 3 * #missing,
        why = string.format("Only %d of 6 levels have an active leader; a service led from the top alone rarely outlives its pilot.", present),
      }
    end
    return 100 * present / #LEVELS
  end,
}

rule {
  id = "leadership.political_sponsor",
  ingredient = "leadership",
  title = "An elected member defends the service when the pilot money ends",
  needs = { "leadership" },
  assess = function(a)
    local sponsors = a.data.leadership:count { level = "elected_member", active = "yes" }
    a:evidence("Active elected member sponsors", sponsors)
    if sponsors == 0 then
      a:action {
        id = "leadership.brief_lead_member",
        title = "Brief the lead member for children's services and ask them to sponsor the service in budget setting",
        owner = "head of service",
        effort = "low",
        impact = 12,
        why = "No elected member is recorded as an active sponsor, and a service the law does not require needs one when budgets are set.",
      }
      return 0
    end
    return 100
  end,
}

rule {
  id = "leadership.not_top_heavy",
  ingredient = "leadership",
  title = "The service is not led by senior managers alone",
  needs = { "leadership" },
  assess = function(a)
    local share, n = a.data.leadership:where { active = "yes" }:share { level = "senior" }
    if not share then return nil, "no active leader is recorded" end
    a:evidence("Share of active leaders who are senior managers", share, n)
    if share > 0.5 then
      a:action {
        id = "leadership.delegate_decisions",
        title = "Give the service's middle managers and frontline champions seats on its steering group, with decisions delegated to them",
        owner = "director of children's services",
        effort = "low",
        impact = 10,
        why = string.format("%s of the %d active leaders are senior managers: leadership sits with a few people at the top.",
                            score.pct(share), n),
      }
    end
    -- a quarter or fewer senior is fully distributed; three quarters or more is top-down
    return score.between(share, 0.75, 0.25)
  end,
}

rule {
  id = "leadership.hybrid_middle_manager",
  ingredient = "leadership",
  title = "A middle manager with a practice background carries the service day to day",
  needs = { "leadership" },
  assess = function(a)
    local leaders = a.data.leadership
    local hybrid = leaders:count { level = "hybrid_middle", active = "yes" }
    local middle = leaders:count { level = "middle", active = "yes" }
    a:evidence("Active middle managers with a practice background", hybrid)
    a:evidence("Other active middle managers", middle)
    if hybrid > 0 then return 100 end
    a:action {
      id = "leadership.hybrid_manager",
      title = "Make a team manager with a social work or personal adviser background the service's operational lead",
      owner = "head of service",
      effort = "medium",
      impact = middle > 0 and 8 or 14,
      why = middle > 0
        and "The middle managers leading the service have no practice background, so practice and management are not bridged."
        or "No middle manager leads the service, so nobody links the senior team with practice.",
    }
    return middle > 0 and 60 or 0
  end,
}

rule {
  id = "leadership.continuity",
  ingredient = "leadership",
  title = "Leadership has survived people moving on since the pilot began",
  needs = { "leadership" },
  assess = function(a)
    local leaders = a.data.leadership
    local gone = leaders:where { active = "no" }
    local has_left = score.missing_columns(leaders, "leadership", { "left" }) == nil
    if has_left and a.pilot_start then
      gone = gone:where { left = { ge = a.pilot_start } }
    end
    local lost, unfilled = 0, {}
    for _, level in ipairs(gone:distinct("level")) do
      lost = lost + gone:count { level = level }
      if leaders:count { level = level, active = "yes" } == 0 then unfilled[#unfilled + 1] = level end
    end
    local levels_lost = #gone:distinct("level")
    a:evidence("Leaders who have moved on since the pilot began", lost)
    a:evidence("Levels left with no active leader after someone moved on", #unfilled)
    if lost == 0 then return 100 end
    if #unfilled > 0 then
      a:action {
        id = "leadership.replace_leavers",
        title = "Name a successor for each leadership role left empty: " .. words(unfilled),
        owner = "head of service",
        effort = "low",
        impact = 6 + 4 * #unfilled,
        why = string.format("%s moved on and nobody has taken over at %s.",
                            score.count_of(lost, "leader has", "leaders have"),
                            score.count_of(#unfilled, "level", "levels")),
      }
    end
    return 100 * (levels_lost - #unfilled) / levels_lost
  end,
}
