-- expect trap.loop 7 instruction limit of 1000000 exceeded
-- A plain endless loop.
rule {
  id = 'trap.loop', ingredient = 'trap', title = 'Loops for ever',
  assess = function(a)
    local n = 0
    while true do n = n + 1 end
  end,
}
