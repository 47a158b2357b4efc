-- expect trap.gsub * time limit of 1 s exceeded|after exceeding the time limit of 1 s for authority north
-- expect trap.match * time limit of 1 s exceeded|after exceeding the time limit of 1 s for authority north
-- within 12
-- The same backtracking in string.gsub and string.match, one rule after the
-- other: each is stopped, the worker replaced, and the run goes on.
rule {
  id = 'trap.gsub', ingredient = 'trap', title = 'Backtracks in gsub',
  assess = function(a)
    local s = ('a'):rep(20000)
    return #(s:gsub(('a-'):rep(25) .. 'b', ''))
  end,
}
rule {
  id = 'trap.match', ingredient = 'trap', title = 'Backtracks in match',
  assess = function(a)
    return #(('ab'):rep(10000):match(('.-'):rep(25) .. 'c') or '')
  end,
}
