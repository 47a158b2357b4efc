-- expect trap.table 9 error raised with a table value
-- expect trap.nil 14 error raised with a nil value
-- expect trap.huge 20 yyyyyyyy
-- expect trap.tostring 26 error raised with a table value
-- Error values that are not messages: a table, nil, a 1 MB string, and a
-- table whose __tostring loops (the engine must not call it).
rule {
  id = 'trap.table', ingredient = 'trap', title = 'Raises a table',
  assess = function(a) error({ code = 42 }) end,
}
rule {
  id = 'trap.nil', ingredient = 'trap', title = 'Raises nil',
  assess = function(a)
    error(nil)
  end,
}
rule {
  id = 'trap.huge', ingredient = 'trap', title = 'Raises a huge string',
  assess = function(a)
    error(string.rep('y', 1e6))
  end,
}
rule {
  id = 'trap.tostring', ingredient = 'trap', title = 'Raises a trap',
  assess = function(a)
    error(setmetatable({}, { __tostring = function() while true do end end,
                             __index = function() while true do end end }))
  end,
}
