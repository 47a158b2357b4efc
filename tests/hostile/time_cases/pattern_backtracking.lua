-- expect trap.find * time limit of 1 s exceeded|after exceeding the time limit of 1 s for authority north
-- within 8
-- A pattern match that backtracks for ever inside one C call: no Lua hook runs
-- there, so only the supervisor's wall clock stops it.
rule {
  id = 'trap.find', ingredient = 'trap', title = 'Backtracks for ever',
  assess = function(a)
    return string.rep('a', 30000):find(('a-'):rep(30) .. 'b') and 1 or 2
  end,
}
