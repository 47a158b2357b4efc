-- Leadership: is the service led beyond a handful of senior managers, by
-- middle managers (ideally with a practice background) and frontline
-- champions, with an elected member to speak for it, and does that
-- leadership survive people moving on?
--
-- Each fact counts once: care-leaver advocates count in
-- coproduction.advocates, not here; an elected member counts in
-- leadership.political_sponsor only; who leads the service day to day is
-- receptivity.devolved_project_lead's question.

local score = require "lib.score"

-- The levels of the organisation over which leadership is spread, and the
-- leadership-table levels that fill each.
local STAFF_LEVELS = {
  { id = "senior", levels = { "senior" }, words = "senior manager" },
  { id = "middle", levels = { "middle", "hybrid_middle" },
    words = "middle manager (ideally one with a social work or personal adviser background)" },
  { id = "frontline", levels = { "frontline_champion" }, words = "frontline champion" },
}

-- Every staff level of the leadership table.
local STAFF = { "senior", "middle", "hybrid_middle", "frontline_champion" }

-- How the plan names each level of the leadership table.
local LEVEL_WORDS = {
  senior = "senior manager", middle = "middle manager",
  hybrid_middle = "middle manager with a practice background",
  frontline_champion = "frontline champion",
}

-- Of the leadership-table levels left unfilled, the levels of the
-- organisation (STAFF_LEVELS) that now have no active leader at all, in words.
local function empty_levels(a, unfilled)
  local empty = {}
  for _, level in ipairs(STAFF_LEVELS) do
    local lost_here = false
    for _, gone in ipairs(unfilled) do
      for _, member in ipairs(level.levels) do lost_here = lost_here or member == gone end
    end
    if lost_here and a.data.leadership:count { level = level.levels, active = "yes" } == 0 then
      empty[#empty + 1] = level.words
    end
  end
  return empty
end

local function words(levels)
  local out = {}
  for i, level in ipairs(levels) do out[i] = LEVEL_WORDS[level] or level end
  return table.concat(out, ", ")
end

rule {
  id = "leadership.distributed",
  ingredient = "leadership",
  title = "Leadership is spread across the organisation: senior managers, middle managers and frontline champions",
  needs = { "leadership" },
  assess = function(a)
    local active = a.data.leadership:where { active = "yes" }
    local present, missing = 0, {}
    for _, level in ipairs(STAFF_LEVELS) do
      if active:count { level = level.levels } > 0 then
        present = present + 1
      else
        missing[#missing + 1] = level.words
      end
    end
    a:evidence("Levels of the organisation with an active leader of the service (of 3: senior, middle, front line)", present)
    local champions = active:count { level = "frontline_champion" }
    a:evidence("Active frontline champions", champions, champions)
    if #missing > 0 then
      a:action {
        id = "leadership.name_champions",
        plain = "Make sure the service has someone at every level of the council who stands up for it, not only top managers",
        gap = "leadership.levels",
        title = "Name a leader for the service at each level that has none: " .. table.concat(missing, "; "),
        owner = "director of children's services",
        effort = "low",
        impact = 8 + 5 * #missing,
        why = string.format("Only %d of the 3 levels of the organisation have an active leader of the service; in the study, leadership from the top alone was never enough to sustain a service.", present),
      }
    end
    return 100 * present / #STAFF_LEVELS
  end,
}

rule {
  id = "leadership.political_sponsor",
  ingredient = "leadership",
  title = "An elected member speaks up for the service when budgets are set",
  needs = { "leadership" },
  assess = function(a)
    local sponsors = a.data.leadership:count { level = "elected_member", active = "yes" }
    a:evidence("Active elected member sponsors", sponsors, sponsors)
    if sponsors == 0 then
      a:action {
        id = "leadership.brief_lead_member",
        plain = "Ask the councillor in charge of children's services to back the service when the budget is set",
        gap = "leadership.elected_member",
        title = "Brief the lead member for children's services and ask them to sponsor the service in budget setting",
        owner = "head of service",
        effort = "low",
        impact = 12,
        why = "No elected member is recorded as an active sponsor. Support for care leavers is a legal duty, but what this service adds to it is the council's choice, and a choice needs a councillor to defend it when budgets are set.",
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
    -- staff leaders only: elected members and care leavers are not part of
    -- the management line whose balance this judges
    local share, n = a.data.leadership:where { active = "yes", level = STAFF }:share { level = "senior" }
    if not share then return nil, "no active leader among the staff is recorded" end
    a:evidence("Active leaders among the staff", n, n)
    a:evidence("Share of them who are senior managers", share, { n = n, share = true })
    if share > 0.5 then
      a:action {
        id = "leadership.delegate_decisions",
        plain = "Give managers and staff who work closely with young people a say in how the service is run",
        gap = "leadership.top_heavy",
        title = "Give middle managers and frontline practitioners seats on the service's steering group",
        owner = "director of children's services",
        effort = "low",
        impact = 10,
        why = score.quotable(a, n, share)
          and string.format("%s of the %d active leaders among the staff are senior managers: leadership sits with a few people at the top.",
                            score.pct(share), n)
          or "More than half of the active leaders among the staff are senior managers: leadership sits with a few people at the top.",
      }
    end
    -- a quarter or fewer senior is fully distributed; three quarters or more is top-down
    return score.between(share, 0.75, 0.25)
  end,
}

rule {
  id = "leadership.hybrid_middle_manager",
  ingredient = "leadership",
  title = "A middle manager with a practice background helps lead the service",
  needs = { "leadership" },
  assess = function(a)
    local leaders = a.data.leadership
    local hybrid = leaders:count { level = "hybrid_middle", active = "yes" }
    local middle = leaders:count { level = "middle", active = "yes" }
    a:evidence("Active middle managers with a practice background", hybrid, hybrid)
    a:evidence("Other active middle managers", middle, middle)
    if hybrid > 0 then return 100 end
    -- A middle-manager lead without a practice background is this rule's own
    -- gap. With no middle manager at all, it sees the gap of the missing
    -- levels (leadership.distributed's); with the day-to-day lead still to be
    -- devolved, the gap of the devolved lead (receptivity's), which asks for a
    -- practice background: it proposes to those gaps, so the plan's one
    -- action for each says this rule found it too.
    local has_roles = score.missing_columns(leaders, "leadership", { "project_role" }) == nil
    local devolved = has_roles
      and leaders:count { project_role = "lead", active = "yes", level = { "middle", "frontline_champion" } } > 0
    local why = "in the study, managers who combined practice and management saw gaps in the service that others missed."
    if middle == 0 then
      a:action {
        id = "leadership.name_middle_manager",
        plain = "Name a manager who knows the work with young people well to help lead the service",
        gap = "leadership.levels",
        title = "Name a middle manager, ideally one with a social work or personal adviser background, to help lead the service",
        owner = "director of children's services",
        effort = "low",
        impact = 8,
        why = "No middle manager helps lead the service; " .. why,
      }
    elseif not devolved and has_roles then
      a:action {
        id = "leadership.hybrid_lead",
        plain = "Let a manager who knows the work with young people well lead the service day to day",
        gap = "receptivity.devolved_lead",
        title = "Hand day-to-day leadership of the service to a middle manager with a social work or personal adviser background",
        owner = "director of children's services",
        effort = "medium",
        impact = 8,
        why = "The middle managers helping to lead the service have no practice background; " .. why,
      }
    else
      a:action {
        id = "leadership.hybrid_manager",
        plain = "Give a team manager who knows the work with young people well a named part in leading the service",
        gap = "leadership.practice_background",
        title = "Give a team manager or senior practitioner with a social work or personal adviser background a named part in leading the service",
        owner = "head of service",
        effort = "medium",
        impact = 8,
        why = "The middle managers leading the service have no practice background; " .. why,
      }
    end
    return middle > 0 and 60 or 0
  end,
}

rule {
  id = "leadership.continuity",
  ingredient = "leadership",
  title = "Leadership has survived people moving on since the pilot began",
  -- partly the same facts as distributed: a level emptied by a departure
  -- shows in both, so this one weighs half
  weight = 0.5,
  needs = { "leadership" },
  assess = function(a)
    local leaders = a.data.leadership:where { level = STAFF }
    local gone = leaders:where { active = "no" }
    local has_left = score.missing_columns(leaders, "leadership", { "left" }) == nil
    -- a `left` column nobody has filled in yet is not a column of dates
    if has_left and a.pilot_start and leaders:count { left = { missing = false } } > 0 then
      gone = gone:where { left = { ge = a.pilot_start } }
    end
    local lost, unfilled = 0, {}
    for _, level in ipairs(gone:distinct("level")) do
      lost = lost + gone:count { level = level }
      if leaders:count { level = level, active = "yes" } == 0 then unfilled[#unfilled + 1] = level end
    end
    local levels_lost = #gone:distinct("level")
    a:evidence("Staff leaders who have moved on since the pilot began", lost, lost)
    a:evidence("Levels they left with no active leader", #unfilled)
    if lost == 0 then return 100 end
    if #unfilled > 0 then
      a:action {
        id = "leadership.plan_succession",
        plain = "Give each person who leads the service a deputy, so the service keeps going when someone leaves",
        gap = "leadership.succession",
        title = "Name a deputy for each of the service's leaders, with a written handover, so that the next person to move on does not leave a gap",
        owner = "head of service",
        effort = "low",
        impact = 4 + 3 * #unfilled,
        why = string.format("Since the pilot began, %s moved on with nobody ready to take over.",
                            score.people(a, lost, "staff leader has", "staff leaders have")),
      }
      -- a level of the organisation left empty is the gap of the missing
      -- levels too, whose action names a leader for it
      local empty = empty_levels(a, unfilled)
      if #empty > 0 then
        a:action {
          id = "leadership.replace_leaders",
          plain = "Find new people to lead the service where someone left and nobody took over",
          gap = "leadership.levels",
          title = "Name a new leader for the service at each level left empty when someone moved on: " .. table.concat(empty, "; "),
          owner = "director of children's services",
          effort = "low",
          impact = 4 + 3 * #empty,
          why = string.format("Nobody has taken over as %s since the last one moved on.", words(unfilled)),
        }
      end
    end
    return 100 * (levels_lost - #unfilled) / levels_lost
  end,
}
