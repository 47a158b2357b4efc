model {
  ingredients = { "voice" },
  bands = { { min = 50, label = "heard" }, { min = 0, label = "unheard" } },
}
