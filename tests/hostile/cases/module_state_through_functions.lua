-- expect trap.state 16 changed module-level state
-- The module keeps a table in a local (its upvalue) that its functions read:
-- a file changes it through a function that returns it and one that sets it.
-- One instance per file means its own upvalues, so no other file sees this.
local shared = require 'lib.shared'
shared.bounds().high = 10
shared.configure('low', 50)

rule {
  id = 'trap.state', ingredient = 'trap', title = 'Changes module-level state',
  assess = function(a)
    shared.configure('high', 0)
    local bounds = shared.bounds()
    bounds.low, bounds.high = 7, 7
    assert(shared.percent(0.9) == 7 and shared.clamp(100) == 7)
    error('changed module-level state for itself')
  end,
}
