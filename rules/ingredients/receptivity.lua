-- Receptivity: does the organisation make room for new ideas, and will the
-- budget be there when the pilot money goes?

-- A 1-5 agreement scale as 0-100.
local function agreement_score(mean)
  return (mean - 1) / 4 * 100
end

rule {
  id = "receptivity.staff_climate",
  ingredient = "receptivity",
  title = "Staff say leaders welcome new ideas, it is safe to try things and there is time to innovate",
  needs = { "staff_survey" },
  assess = function(a)
    local survey = a.data.staff_survey
    local items = { "leaders_welcome_ideas", "safe_to_try", "time_to_innovate" }
    local total, weakest, weakest_item = 0, nil, nil
    for _, item in ipairs(items) do
      local mean, n = survey:mean(item)
      if not mean then return nil, "no answers to " .. item end
      a:evidence("Mean agreement: " .. item .. " (1-5)", mean, n)
      total = total + mean
      if not weakest or mean < weakest then weakest, weakest_item = mean, item end
    end
    local score = agreement_score(total / #items)
    if weakest < 3.5 then
      a:action {
        id = "receptivity.protect_time",
        title = "Give practitioners protected time and a small budget to test ideas",
        owner = "head of service",
        effort = "medium",
        impact = 15,
        why = string.format("Staff agreement with '%s' averages %.1f of 5, the weakest climate item.",
                            weakest_item, weakest),
      }
    end
    return score
  end,
}

rule {
  id = "receptivity.funding_beyond_pilot",
  ingredient = "receptivity",
  title = "Money is secured to keep the service after the pilot funding ends",
  assess = function(a)
    local funding = a.attr.funding_after_pilot
    if not funding then
      return nil, "the config gives no funding_after_pilot (yes, partial or no)"
    end
    a:evidence("Funding secured after the pilot", funding)
    local scores = { yes = 100, partial = 55, no = 10 }
    local score = scores[funding]
    if not score then
      error("funding_after_pilot must be yes, partial or no, not '" .. tostring(funding) .. "'")
    end
    if funding ~= "yes" then
      a:action {
        id = "receptivity.business_case",
        title = "Write the business case that moves the service onto mainstream budget",
        owner = "service manager with finance business partner",
        effort = "high",
        impact = 25,
        why = "Funding after the pilot is '" .. funding .. "': without a budget line the service ends with the pilot.",
      }
    end
    return score
  end,
}
