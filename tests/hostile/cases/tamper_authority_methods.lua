-- expect trap.methods 12 attempt to index a boolean value
-- The authority object's methods are shared by every rule call. A rule that
-- could reach them through getmetatable(a) would change a:evidence for the
-- rules after it: here, to drop the number of people, so figures from too few
-- people escape suppression in the good rules. Its metatable must be hidden
-- like the string metatable.
rule {
  id = 'trap.methods', ingredient = 'trap', title = 'Replaces a:evidence',
  assess = function(a)
    local methods = getmetatable(a)
    local real = methods and methods.__index.evidence
    methods.__index.evidence = function(self, label, value) return real(self, label, value) end
    return 1
  end,
}
