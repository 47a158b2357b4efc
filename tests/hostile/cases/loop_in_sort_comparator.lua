-- expect trap.sort 9 instruction limit
-- A table.sort comparator that never returns (the call is in C, the
-- comparator in Lua, so the count hook sees it).
rule {
  id = 'trap.sort', ingredient = 'trap', title = 'Loops in a comparator',
  assess = function(a)
    local list = {}
    for i = 1, 100 do list[i] = (i * 7919) % 101 end
    table.sort(list, function(x, y) while true do end end)
  end,
}
