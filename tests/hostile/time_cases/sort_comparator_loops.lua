-- expect trap.sort 9 instruction limit
-- within 6
-- A looping table.sort comparator is Lua code, so the instruction limit stops
-- it long before the wall clock would (and the message says which limit).
rule {
  id = 'trap.sort', ingredient = 'trap', title = 'Sorts for ever',
  assess = function(a)
    local list = { 3, 1, 2 }
    table.sort(list, function(x, y) while true do end end)
  end,
}
