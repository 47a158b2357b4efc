-- expect trap.nested 17 changed nested tables
-- A file changes tables nested in the shared modules (settings, and a table of
-- the module behind the module) at load time and while its rule runs; no other
-- file's instance changes.
local shared = require 'lib.shared'
local words = require 'lib.words'
shared.settings.scale = 1000
shared.settings.floor.share = 0
words.units.percent = ' per cent'

rule {
  id = 'trap.nested', ingredient = 'trap', title = 'Changes nested tables',
  assess = function(a)
    shared.settings.floor = { share = 1 }
    shared.settings = { scale = -1, floor = { share = 1 } }
    assert(shared.describe(0.5) == '50 per cent' and shared.percent(0.5) == 0)
    error('changed nested tables for itself')
  end,
}
