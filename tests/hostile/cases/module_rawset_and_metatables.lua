-- expect trap.raw 22 changed the module raw
-- A file changes the shared module with rawset, empties it and gives it and its
-- nested tables metatables that answer every question, at load time and while
-- its rule runs: only its own instance changes.
local shared = require 'lib.shared'
local words = require 'lib.words'
rawset(shared, 'quotable', function() return true end)
rawset(shared.settings, 'scale', 1)
setmetatable(words.units, { __index = function() return '!' end })
words.units.percent = nil

rule {
  id = 'trap.raw', ingredient = 'trap', title = 'Changes the module raw',
  assess = function(a)
    local zero = function() return 0 end
    for key in pairs(shared) do rawset(shared, key, nil) end
    setmetatable(shared, { __index = function() return zero end })
    rawset(shared, 'settings', setmetatable({}, { __index = function() return { share = 2 } end }))
    assert(shared.percent(1) == 0 and shared.settings.floor.share == 2)
    assert(words.percent(0.25) == '25!')
    assert(getmetatable(shared) ~= nil and rawget(shared, 'describe') == nil)
    error('changed the module raw for itself')
  end,
}
