-- expect trap.rep 6 memory limit of 16 MB exceeded
-- One string.rep far above the memory limit.
rule {
  id = 'trap.rep', ingredient = 'trap', title = 'Repeats a string',
  assess = function(a)
    local s = string.rep('x', 1e9)
    return #s
  end,
}
