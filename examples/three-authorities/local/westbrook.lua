-- Westbrook's own rule. Its children's services are run by an independent
-- trust, so no elected member decides the service's budget (the pack rule
-- leadership.political_sponsor is disabled in assessment.ini); the trust
-- board plays that part, and this rule asks whether a board member sponsors
-- the service.

-- Board members are recorded in the leadership table at level "senior" with
-- "board" in their role.
local function is_board_member(role)
  return type(role) == "string" and role:lower():find("board", 1, true) ~= nil
end

rule {
  id = "leadership.trust_board_sponsor",
  ingredient = "leadership",
  title = "A member of the trust board defends the service when budgets are set",
  needs = { "leadership" },
  assess = function(a)
    local sponsors = 0
    for row in a.data.leadership:where { active = "yes", level = "senior" }:rows() do
      if is_board_member(row.role) then sponsors = sponsors + 1 end
    end
    a:evidence("Active trust board members sponsoring the service", sponsors)
    if sponsors == 0 then
      a:action {
        id = "leadership.brief_trust_board",
        title = "Ask the trust board to name a non-executive director who sponsors the service in budget setting",
        owner = "chief executive of the trust",
        effort = "low",
        impact = 12,
        why = "No member of the trust board is recorded as an active sponsor of the service.",
      }
      return 0
    end
    return 100
  end,
}

-- Replaces the pack's leadership.distributed for Westbrook: the six levels are
-- the same except that a trust board sponsor takes the elected member's place.
local LEVELS = {
  { words = "senior manager", test = function(r) return r.level == "senior" and not is_board_member(r.role) end },
  { words = "middle manager", test = function(r) return r.level == "middle" end },
  { words = "middle manager with a practice background", test = function(r) return r.level == "hybrid_middle" end },
  { words = "frontline champion", test = function(r) return r.level == "frontline_champion" end },
  { words = "trust board sponsor", test = function(r) return r.level == "senior" and is_board_member(r.role) end },
  { words = "care-leaver advocate", test = function(r) return r.level == "care_leaver_advocate" end },
}

rule {
  id = "leadership.distributed",
  ingredient = "leadership",
  title = "Leadership is spread across levels, from the trust board to frontline champions",
  needs = { "leadership" },
  assess = function(a)
    local found = {}
    for row in a.data.leadership:where { active = "yes" }:rows() do
      for i, level in ipairs(LEVELS) do
        if level.test(row) then found[i] = true end
      end
    end
    local present, missing = 0, {}
    for i, level in ipairs(LEVELS) do
      if found[i] then present = present + 1 else missing[#missing + 1] = level.words end
    end
    a:evidence("Levels with an active leader (of 6, the trust board in place of an elected member)", present)
    if #missing > 0 then
      a:action {
        id = "leadership.name_champions",
        title = "Name a champion for the service at each missing level: " .. table.concat(missing, ", "),
        owner = "chief executive of the trust",
        effort = "low",
        impact = 10 + 3 * #missing,
        why = string.format("Only %d of 6 levels have an active leader.", present),
      }
    end
    return 100 * present / #LEVELS
  end,
}
