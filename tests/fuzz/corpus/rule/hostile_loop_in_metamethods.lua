-- expect trap.tostring 8 instruction limit
-- expect trap.lt 15 instruction limit
-- expect trap.concat 23 instruction limit
-- __tostring, __lt (through table.sort) and __concat that never return.
rule {
  id = 'trap.tostring', ingredient = 'trap', title = 'Loops in __tostring',
  assess = function(a)
    local t = setmetatable({}, { __tostring = function() while true do end end })
    return tostring(t)
  end,
}
rule {
  id = 'trap.lt', ingredient = 'trap', title = 'Loops in __lt',
  assess = function(a)
    local mt = { __lt = function() while true do end end }
    local list = { setmetatable({}, mt), setmetatable({}, mt), setmetatable({}, mt) }
    table.sort(list)
  end,
}
rule {
  id = 'trap.concat', ingredient = 'trap', title = 'Loops in __concat',
  assess = function(a)
    return 'x' .. setmetatable({}, { __concat = function() while true do end end })
  end,
}
