-- expect trap.load * instruction limit
-- Code built at run time and loaded as text loops for ever. The failure must
-- still point into a rule file, not only at "(load):1".
rule {
  id = 'trap.load', ingredient = 'trap', title = 'Loops in loaded code',
  assess = function(a)
    local chunk = assert(load('while true do end'))
    chunk()
  end,
}
