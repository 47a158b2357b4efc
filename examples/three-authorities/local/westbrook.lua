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

-- Replaces the pack's leadership.distributed for Westbrook: the same three
-- levels of the organisation, except that a trust board member, recorded at
-- level "senior", does not count as the senior manager leading the service:
-- the board's sponsorship counts once, in leadership.trust_board_sponsor.
local LEVELS = {
  { words = "senior manager", test = function(r) return r.level == "senior" and not is_board_member(r.role) end },
  { words = "middle manager (ideally one with a social work or personal adviser background)",
    test = function(r) return r.level == "middle" or r.level == "hybrid_middle" end },
  { words = "frontline champion", test = function(r) return r.level == "frontline_champion" end },
}

rule {
  id = "leadership.distributed",
  ingredient = "leadership",
  title = "Leadership is spread across the trust: senior managers, middle managers and frontline champions",
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
    a:evidence("Levels of the trust with an active leader of the service (of 3; board members not counted)", present)
    if #missing > 0 then
      a:action {
        id = "leadership.name_champions",
        title = "Name a leader for the service at each level that has none: " .. table.concat(missing, "; "),
        owner = "chief executive of the trust",
        effort = "low",
        impact = 8 + 5 * #missing,
        why = string.format("Only %d of the 3 levels of the trust have an active leader of the service.", present),
      }
    end
    return 100 * present / #LEVELS
  end,
}
