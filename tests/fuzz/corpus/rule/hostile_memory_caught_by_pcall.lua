-- expect trap.swallow 7 memory limit
-- The memory error is caught by pcall again and again; the rule still fails.
rule {
  id = 'trap.swallow', ingredient = 'trap', title = 'Swallows memory errors',
  assess = function(a)
    for i = 1, 50 do
      pcall(string.rep, 'x', 1e9)
    end
    return 50
  end,
}
