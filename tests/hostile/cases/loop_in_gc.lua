-- expect trap.gc 7 __gc metamethods are not allowed
-- A finalizer runs where no hook can stop it, so setmetatable refuses __gc.
rule {
  id = 'trap.gc', ingredient = 'trap', title = 'Loops in __gc',
  assess = function(a)
    local mt = { __gc = function() while true do end end }
    setmetatable({}, mt)
    return 1
  end,
}
