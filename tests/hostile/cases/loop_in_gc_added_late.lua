-- expect trap.late 14 finished without running the finalizer
-- __gc added to a metatable after setmetatable does not mark the object for
-- finalization (Lua 5.4), so the loop below never runs, even when collections
-- happen while the rule allocates.
rule {
  id = 'trap.late', ingredient = 'trap', title = 'Adds __gc after setmetatable',
  assess = function(a)
    local mt = {}
    for i = 1, 50 do setmetatable({}, mt) end
    mt.__gc = function() while true do end end
    rawset(mt, '__gc', mt.__gc)
    local junk = {}
    for i = 1, 20000 do junk[i % 100 + 1] = { i } end
    error('finished without running the finalizer')
  end,
}
