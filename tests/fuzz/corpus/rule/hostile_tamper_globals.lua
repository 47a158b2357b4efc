-- expect trap.globals 21 attempt to call a nil value
-- expect trap.protected 26 cannot change a protected metatable
-- Each file has its own environment and its own copies of the libraries: a
-- file that changes globals, library functions or its _G changes them only for
-- itself. The good rules read THRESHOLD, string.format, table.concat, pairs...
THRESHOLD = 0
string.format = nil
table.concat = function() return 'pwned' end
math.floor = nil
_G.pairs = nil
rawset(_G, 'ipairs', nil)
tostring = function() return 'pwned' end

rule {
  id = 'trap.globals', ingredient = 'trap', title = 'Changes globals',
  assess = function(a)
    THRESHOLD = -1
    _G.select = nil
    string.upper = nil
    assert(table.concat({}) == 'pwned')
    return string.format('%d', 1)
  end,
}
rule {
  id = 'trap.protected', ingredient = 'trap', title = 'Replaces its environment metatable',
  assess = function(a) setmetatable(_G, { __index = function() return 0 end }) return 1 end,
}
