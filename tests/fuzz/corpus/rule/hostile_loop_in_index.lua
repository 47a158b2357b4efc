-- expect trap.index 6 instruction limit
-- An __index metamethod that never returns.
rule {
  id = 'trap.index', ingredient = 'trap', title = 'Loops in __index',
  assess = function(a)
    local t = setmetatable({}, { __index = function(t, k) while true do end end })
    return t.anything
  end,
}
