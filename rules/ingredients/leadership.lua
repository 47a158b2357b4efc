-- Leadership: is the pilot led beyond a handful of senior managers?

local LEVELS = { "senior", "middle", "hybrid_middle", "frontline_champion", "elected_member",
                 "care_leaver_advocate" }

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
    if #missing > 0 then
      a:action {
        id = "leadership.name_champions",
        title = "Name a champion at each missing level: " .. table.concat(missing, ", "),
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
        title = "Brief the lead member for children's services and ask them to sponsor the service",
        owner = "head of service",
        effort = "low",
        impact = 12,
        why = "No elected member is recorded as an active sponsor, and non-statutory services need one when budgets are set.",
      }
      return 0
    end
    return 100
  end,
}
