-- expect trap.gsub 6 instruction limit
-- A string.gsub callback that never returns.
rule {
  id = 'trap.gsub', ingredient = 'trap', title = 'Loops in a gsub callback',
  assess = function(a)
    return (('abc'):gsub('%w', function(c) while true do end end))
  end,
}
