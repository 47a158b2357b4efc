-- expect trap.no_why 17 'why' must be non-empty text
-- expect trap.effort 18 effort must be
-- expect trap.impact_zero 19 impact must be
-- expect trap.impact_nan 20 impact must be
-- expect trap.impact_big 21 impact must be
-- expect trap.impact_text 22 impact must be
-- expect trap.unknown 23 unknown field 'priority' (fields: id
-- expect trap.bad_id 24 may hold only
-- expect trap.long_title 25 longer than 200
-- expect trap.title_table 26 'title' must be non-empty text
-- expect trap.not_table 27 table expected
-- expect trap.too_many 15 at most 20 actions
-- Actions with fields missing, of the wrong type or out of range; a rule that
-- fails after proposing actions leaves none of them in the plan.
local function act(a, fields) a:action(fields) end
local ok = { id = 'trap.ok', title = 't', owner = 'o', effort = 'low', impact = 5, why = 'w' }
rule { id = 'trap.no_why', ingredient = 'trap', title = 't', assess = function(a) a:action { id = 'x', title = 't', owner = 'o', effort = 'low', impact = 5 } return 1 end }
rule { id = 'trap.effort', ingredient = 'trap', title = 't', assess = function(a) a:action { id = 'x', title = 't', owner = 'o', effort = 'huge', impact = 5, why = 'w' } return 1 end }
rule { id = 'trap.impact_zero', ingredient = 'trap', title = 't', assess = function(a) a:action { id = 'x', title = 't', owner = 'o', effort = 'low', impact = 0, why = 'w' } return 1 end }
rule { id = 'trap.impact_nan', ingredient = 'trap', title = 't', assess = function(a) a:action { id = 'x', title = 't', owner = 'o', effort = 'low', impact = 0 / 0, why = 'w' } return 1 end }
rule { id = 'trap.impact_big', ingredient = 'trap', title = 't', assess = function(a) a:action { id = 'x', title = 't', owner = 'o', effort = 'low', impact = 1e9, why = 'w' } return 1 end }
rule { id = 'trap.impact_text', ingredient = 'trap', title = 't', assess = function(a) a:action { id = 'x', title = 't', owner = 'o', effort = 'low', impact = '5', why = 'w' } return 1 end }
rule { id = 'trap.unknown', ingredient = 'trap', title = 't', assess = function(a) a:action { id = 'x', title = 't', owner = 'o', effort = 'low', impact = 5, why = 'w', priority = 1e9 } return 1 end }
rule { id = 'trap.bad_id', ingredient = 'trap', title = 't', assess = function(a) a:action { id = 'X Y<script>', title = 't', owner = 'o', effort = 'low', impact = 5, why = 'w' } return 1 end }
rule { id = 'trap.long_title', ingredient = 'trap', title = 't', assess = function(a) a:action { id = 'x', title = ('t'):rep(201), owner = 'o', effort = 'low', impact = 5, why = 'w' } return 1 end }
rule { id = 'trap.title_table', ingredient = 'trap', title = 't', assess = function(a) a:action { id = 'x', title = {}, owner = 'o', effort = 'low', impact = 5, why = 'w' } return 1 end }
rule { id = 'trap.not_table', ingredient = 'trap', title = 't', assess = function(a) a:action('x') return 1 end }
rule {
  id = 'trap.too_many', ingredient = 'trap', title = 't',
  assess = function(a)
    for i = 1, 21 do act(a, ok) end
    return 1
  end,
}
