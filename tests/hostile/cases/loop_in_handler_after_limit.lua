-- expect trap.after 7 instruction limit
-- A handler that loops after the limit was already hit: once hit, every
-- instruction raises again, the handler included.
rule {
  id = 'trap.after', ingredient = 'trap', title = 'Loops after the limit',
  assess = function(a)
    local spin = function() while true do end end
    for i = 1, 1e9 do xpcall(spin, spin) end
    return 1
  end,
}
