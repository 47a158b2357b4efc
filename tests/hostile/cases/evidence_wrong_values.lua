-- expect trap.nan 14 not a finite number
-- expect trap.table 15 the value is table
-- expect trap.nil 16 the value is nil
-- expect trap.empty_label 17 the label must be 1 to 200
-- expect trap.long_label 18 the label must be 1 to 200
-- expect trap.long_text 19 at most 200 characters
-- expect trap.people 20 the third argument is the number of people
-- expect trap.too_many 24 at most 100 items
-- expect trap.after 33 failed after recording
-- Evidence that is not a finite number, text or boolean, labels and text too
-- long, too many items; and a rule that records evidence and proposes an action
-- before failing shows neither.
local ok = { id = 'trap.after_action', title = 't', owner = 'o', effort = 'low', impact = 5, why = 'w' }
rule { id = 'trap.nan', ingredient = 'trap', title = 't', assess = function(a) a:evidence('x', 0 / 0) return 1 end }
rule { id = 'trap.table', ingredient = 'trap', title = 't', assess = function(a) a:evidence('x', {}) return 1 end }
rule { id = 'trap.nil', ingredient = 'trap', title = 't', assess = function(a) a:evidence('x', nil) return 1 end }
rule { id = 'trap.empty_label', ingredient = 'trap', title = 't', assess = function(a) a:evidence('', 1) return 1 end }
rule { id = 'trap.long_label', ingredient = 'trap', title = 't', assess = function(a) a:evidence(('l'):rep(201), 1) return 1 end }
rule { id = 'trap.long_text', ingredient = 'trap', title = 't', assess = function(a) a:evidence('x', ('v'):rep(201)) return 1 end }
rule { id = 'trap.people', ingredient = 'trap', title = 't', assess = function(a) a:evidence('x', 1, 'few') return 1 end }
rule {
  id = 'trap.too_many', ingredient = 'trap', title = 't',
  assess = function(a)
    for i = 1, 101 do a:evidence('item ' .. i, i) end
    return 1
  end,
}
rule {
  id = 'trap.after', ingredient = 'trap', title = 't',
  assess = function(a)
    a:evidence('recorded first', 1)
    a:action(ok)
    error('failed after recording')
  end,
}
