-- expect trap.doubling 7 memory limit
-- expect trap.concat 14 memory limit
-- A string doubled until memory runs out, and table.concat of a huge list.
rule {
  id = 'trap.doubling', ingredient = 'trap', title = 'Doubles a string',
  assess = function(a)
    local s = 'x'
    while true do s = s .. s end
  end,
}
rule {
  id = 'trap.concat', ingredient = 'trap', title = 'Concatenates a list',
  assess = function(a)
    local piece, list = string.rep('y', 1e5), {}
    for i = 1, 1e4 do list[i] = piece end
    return #table.concat(list)
  end,
}
