-- expect trap.handler 8 memory limit
-- The error handler itself allocates without end.
rule {
  id = 'trap.handler', ingredient = 'trap', title = 'Allocates in a handler',
  assess = function(a)
    return select(2, xpcall(error, function(m)
      local t = {}
      while true do t[#t + 1] = string.rep(m, 1000) .. #t end
    end, 'start'))
  end,
}
