rule {
  id = "voice.changed",
  ingredient = "voice",
  title = "Young people's input changes decisions",
  needs = { "people" },
  assess = function(a)
    local changed, n = a.data.people:share { changed = "yes" }
    a:evidence("Share whose input changed a decision", changed, n)
    return 100 * changed
  end,
}
