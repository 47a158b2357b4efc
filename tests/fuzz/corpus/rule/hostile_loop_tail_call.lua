-- expect trap.tail 6 instruction limit
-- Endless tail recursion uses no stack, only time.
rule {
  id = 'trap.tail', ingredient = 'trap', title = 'Endless tail calls',
  assess = function(a)
    local function again(n) return again(n + 1) end
    return again(0)
  end,
}
