-- expect trap.index 9 attempt to index a boolean value
-- expect trap.set 15 table expected
-- The string metatable is shared by every rule: it is hidden, and
-- setmetatable works on tables only.
rule {
  id = 'trap.index', ingredient = 'trap', title = 'Replaces string methods',
  assess = function(a)
    local mt = getmetatable('')
    mt.__index.upper = function() return 'pwned' end
    return 1
  end,
}
rule {
  id = 'trap.set', ingredient = 'trap', title = 'Sets the string metatable',
  assess = function(a) setmetatable('', { __index = {} }) return 1 end,
}
