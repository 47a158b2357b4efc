-- expect trap.declare * 
-- expect trap.seed 15 math.randomseed
-- model{}, rule{} and check{} exist only while the pack loads; random numbers
-- are seeded per rule and cannot be reseeded.
rule {
  id = 'trap.declare', ingredient = 'trap', title = 'Declares a rule at run time',
  assess = function(a)
    rule { id = 'voice.injected', ingredient = 'voice', title = 'Injected',
           assess = function() return 0 end }
    return 1
  end,
}
rule {
  id = 'trap.seed', ingredient = 'trap', title = 'Reseeds the generator',
  assess = function(a) math.randomseed(42) return 1 end,
}
