-- expect trap.south * after exceeding the time limit of 1 s for authority south|time limit of 1 s exceeded
-- within 8
-- Backtracks for ever for south only. North comes first in plan order and has
-- finished when south overruns, yet it too shows the rule as an error naming
-- south: a rule stopped once is not run again, and which authorities show it
-- as run cannot depend on which worker got where first.
rule {
  id = 'trap.south', ingredient = 'trap', title = 'Backtracks for south',
  assess = function(a)
    if a.id ~= 'south' then return 50 end
    return string.rep('a', 30000):find(('a-'):rep(30) .. 'b') and 1 or 2
  end,
}
