-- expect trap.nan 12 returned NaN
-- expect trap.inf 13 returned
-- expect trap.minus_inf 14 returned
-- expect trap.negative 15 returned the score -1
-- expect trap.over 16 returned the score 100.5
-- expect trap.huge 17 returned
-- expect trap.string 18 returned a string
-- expect trap.table 19 returned a table
-- expect trap.boolean 20 returned a boolean
-- Scores outside 0..100 or not numbers at all: errors located at the rule's
-- declaration.
rule { id = 'trap.nan', ingredient = 'trap', title = 'NaN', assess = function() return 0 / 0 end }
rule { id = 'trap.inf', ingredient = 'trap', title = 'inf', assess = function() return 1 / 0 end }
rule { id = 'trap.minus_inf', ingredient = 'trap', title = '-inf', assess = function() return -1 / 0 end }
rule { id = 'trap.negative', ingredient = 'trap', title = '-1', assess = function() return -1 end }
rule { id = 'trap.over', ingredient = 'trap', title = '100.5', assess = function() return 100.5 end }
rule { id = 'trap.huge', ingredient = 'trap', title = 'maxinteger', assess = function() return math.maxinteger end }
rule { id = 'trap.string', ingredient = 'trap', title = 'string', assess = function() return '50' end }
rule { id = 'trap.table', ingredient = 'trap', title = 'table', assess = function() return { 50 } end }
rule { id = 'trap.boolean', ingredient = 'trap', title = 'boolean', assess = function() return true end }
