-- expect trap.sethook 11 debug.sethook is not available
-- expect trap.getlocal 15 debug.getregistry is not available
-- expect trap.dump 19 string.dump is not available
-- expect trap.dump_method 23 string.dump is not available
-- expect trap.collect 27 collectgarbage is not available
-- expect trap.print 31 print is not available
-- The debug library (which could remove the hook), string.dump, the
-- collector and print.
rule {
  id = 'trap.sethook', ingredient = 'trap', title = 'Removes the count hook',
  assess = function(a) debug.sethook() while true do end end,
}
rule {
  id = 'trap.getlocal', ingredient = 'trap', title = 'Reads the registry',
  assess = function(a) return debug.getregistry() end,
}
rule {
  id = 'trap.dump', ingredient = 'trap', title = 'Dumps a function',
  assess = function(a) return string.dump(function() end) end,
}
rule {
  id = 'trap.dump_method', ingredient = 'trap', title = 'Dumps through a string method',
  assess = function(a) return ('').dump(function() end) end,
}
rule {
  id = 'trap.collect', ingredient = 'trap', title = 'Stops the collector',
  assess = function(a) collectgarbage('stop') return 1 end,
}
rule {
  id = 'trap.print', ingredient = 'trap', title = 'Prints',
  assess = function(a) print('hello') return 1 end,
}
