-- expect trap.io 8 io.open is not available
-- expect trap.os 12 os.getenv is not available
-- expect trap.exec 16 os.execute is not available
-- expect trap.clock 20 os.clock is not available
-- Files, the environment, processes and the clock.
rule {
  id = 'trap.io', ingredient = 'trap', title = 'Reads a file',
  assess = function(a) return io.open('/etc/passwd'):read('a') end,
}
rule {
  id = 'trap.os', ingredient = 'trap', title = 'Reads the environment',
  assess = function(a) return os.getenv('HOME') end,
}
rule {
  id = 'trap.exec', ingredient = 'trap', title = 'Runs a command',
  assess = function(a) return os.execute('touch /tmp/sustain-hostile-pwned') end,
}
rule {
  id = 'trap.clock', ingredient = 'trap', title = 'Reads the clock',
  assess = function(a) return os.clock() end,
}
