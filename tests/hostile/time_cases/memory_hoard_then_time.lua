-- expect trap.hoard * memory limit
-- expect trap.slow * time limit of 1 s exceeded|after exceeding the time limit of 1 s for authority north
-- within 10
-- Fill the worker's memory, then spin in C: the next rule still runs in a
-- worker with its memory, and the good rules after both are untouched.
local hoard = {}
rule {
  id = 'trap.hoard', ingredient = 'trap', title = 'Hoards memory',
  assess = function(a)
    local chunk = string.rep('h', 1e5)
    while true do hoard[#hoard + 1] = chunk .. #hoard end
  end,
}
rule {
  id = 'trap.slow', ingredient = 'trap', title = 'Spins in C',
  assess = function(a)
    return string.rep('a', 30000):find(('a-'):rep(30) .. 'b') and 1 or 2
  end,
}
