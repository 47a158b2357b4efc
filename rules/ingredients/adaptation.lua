-- Adaptation: does the innovation keep changing shape, and is it embedded?

rule {
  id = "adaptation.reach",
  ingredient = "adaptation",
  title = "The service reaches more of the authority than the pilot areas",
  assess = function(a)
    local covered, total = a.attr.areas_covered, a.attr.areas_total
    if type(covered) ~= "number" or type(total) ~= "number" or total <= 0 then
      return nil, "the config gives no areas_covered and areas_total"
    end
    local reach = math.min(1, covered / total)
    a:evidence("Share of areas covered", reach)
    if reach < 1 and a.stage ~= "pilot" then
      a:action {
        id = "adaptation.plan_roll_out",
        title = "Plan the roll-out to the remaining areas, with the staffing it needs",
        owner = "service manager",
        effort = "high",
        impact = 10,
        why = string.format("The service covers %d of %d areas.", covered, total),
      }
    end
    return 100 * reach
  end,
}
