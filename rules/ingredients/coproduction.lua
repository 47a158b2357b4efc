-- Co-production: are care leavers involved from the start and throughout, and
-- does what they say change decisions?

local LADDER = { "informed", "consulted", "involved", "co-designed", "led" }

rule {
  id = "coproduction.voice_changes_decisions",
  ingredient = "coproduction",
  title = "Young people's input visibly changes decisions",
  needs = { "participation" },
  assess = function(a)
    local changed, n = a.data.participation:share { changed_decision = "yes" }
    a:evidence("Share of activities that changed a decision", changed, n)
    if changed < 0.5 then
      a:action {
        id = "coproduction.close_the_loop",
        title = "Report back to the care leavers' council what changed because of them",
        owner = "participation lead",
        effort = "low",
        impact = 15,
        why = string.format("Only %.0f%% of recorded co-production activities changed a decision.",
                            changed * 100),
      }
    end
    return 100 * changed
  end,
}

rule {
  id = "coproduction.depth",
  ingredient = "coproduction",
  title = "Care leavers are involved in designing and leading, not only informed",
  needs = { "participation" },
  assess = function(a)
    local activities = a.data.participation
    local deep, n = activities:share { level = { LADDER[3], LADDER[4], LADDER[5] } }
    local led = activities:count { level = { "co-designed", "led" } }
    a:evidence("Share of activities at 'involved' or higher", deep, n)
    a:evidence("Activities co-designed or led by young people", led)
    if deep < 0.6 then
      a:action {
        id = "coproduction.move_up_the_ladder",
        title = "Invite care leavers to co-design the next change to the service, with paid time",
        owner = "participation lead",
        effort = "medium",
        impact = 12,
        why = string.format("%.0f%% of activities only informed or consulted young people.",
                            (1 - deep) * 100),
      }
    end
    return 100 * deep
  end,
}
