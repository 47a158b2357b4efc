-- expect trap.create 7 coroutine.create is not available
-- expect trap.wrap 14 coroutine.wrap is not available
-- Coroutines are not available to rules, so no limit can hide in one.
rule {
  id = 'trap.create', ingredient = 'trap', title = 'Starts a coroutine',
  assess = function(a)
    local co = coroutine.create(function() while true do end end)
    return 1
  end,
}
rule {
  id = 'trap.wrap', ingredient = 'trap', title = 'Wraps a coroutine',
  assess = function(a)
    return coroutine.wrap(function() while true do end end)()
  end,
}
