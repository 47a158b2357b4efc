-- expect trap.pcall * instruction limit
-- An endless loop inside pcall, itself retried for ever: the limit is not an
-- error pcall can swallow.
rule {
  id = 'trap.pcall', ingredient = 'trap', title = 'Loops inside pcall',
  assess = function(a)
    while true do
      pcall(function() while true do end end)
    end
  end,
}
