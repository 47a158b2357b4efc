-- expect trap.replace 20 changed lib.shared
-- expect trap.weightless 28 changed lib.shared
-- A file replaces the shared modules' functions, at load time and while its
-- rules run (one rule of weight 0): every other file has its own instance of
-- each module, so the good rules' scores, evidence and actions do not move.
local shared = require 'lib.shared'
local words = require 'lib.words'
shared.percent = function() return 100 end
shared.quotable = function() return true end
words.percent = function() return 'pwned' end

rule {
  id = 'trap.replace', ingredient = 'trap', title = 'Replaces module functions',
  assess = function(a)
    shared.clamp = function() return 0 end
    shared.describe = function() return 'pwned' end
    -- the changes are real, in this file's instance
    assert(shared.percent(0.1) == 100 and shared.describe(0.5) == 'pwned')
    assert(require('lib.words').percent(0.5) == 'pwned')
    error('changed lib.shared for itself')
  end,
}
rule {
  id = 'trap.weightless', ingredient = 'trap', title = 'Weighs nothing', weight = 0,
  assess = function(a)
    require('lib.shared').quotable = function() return true end
    require('lib.words').percent = function() return 'pwned' end
    error('changed lib.shared for itself')
  end,
}
