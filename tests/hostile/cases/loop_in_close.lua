-- expect trap.close 7 instruction limit
-- A to-be-closed variable whose __close loops while an error unwinds.
rule {
  id = 'trap.close', ingredient = 'trap', title = 'Loops in __close',
  assess = function(a)
    local guard <close> = setmetatable({}, {
      __close = function() while true do end end,
    })
    error('unwinding')
  end,
}
