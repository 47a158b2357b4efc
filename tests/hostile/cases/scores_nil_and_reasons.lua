-- expect trap.bare_nil 7 without a reason
-- expect trap.nothing 8 without a reason
-- expect trap.table_reason 9 
-- expect trap.empty_reason 10 
-- Not assessed needs a reason that is non-empty text; a rule that returns
-- nothing, nil alone, or a reason that is not text is an error.
rule { id = 'trap.bare_nil', ingredient = 'trap', title = 'nil', assess = function() return nil end }
rule { id = 'trap.nothing', ingredient = 'trap', title = 'nothing', assess = function() end }
rule { id = 'trap.table_reason', ingredient = 'trap', title = 'nil, {}', assess = function() return nil, {} end }
rule { id = 'trap.empty_reason', ingredient = 'trap', title = 'nil, ""', assess = function() return nil, '' end }
