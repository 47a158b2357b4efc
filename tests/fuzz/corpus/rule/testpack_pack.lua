-- A small pack for the command-line tests of `sustain test`.
model {
  ingredients = { "voice", "lead" },
  stages = { pilot = { voice = 2 } },
  bands = { { min = 50, label = "ok" }, { min = 0, label = "weak" } },
}

rule {
  id = "voice.changed",
  ingredient = "voice",
  title = "Young people's input changes decisions",
  needs = { "people" },
  assess = function(a)
    local share, n = a.data.people:share { changed = "yes" }
    a:evidence("share", share, n)
    if share < 0.5 then
      a:action { id = "voice.loop", title = "Close the loop", owner = "participation lead",
                 effort = "low", impact = 10, why = "few activities changed a decision" }
    end
    return 100 * share
  end,
}

rule {
  id = "lead.recipe",
  ingredient = "lead",
  title = "Half the voice score",
  pass = 2,
  assess = function(a) return (a:score("voice") or 0) / 2 end,
}

rule {
  id = "lead.untested",
  ingredient = "lead",
  title = "A rule no test reads",
  assess = function() return 1 end,
}
