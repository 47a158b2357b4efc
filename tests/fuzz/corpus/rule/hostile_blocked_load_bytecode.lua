-- expect trap.binary_mode 9 only text chunks
-- expect trap.binary_text 14 binary chunk
-- expect trap.dofile 19 dofile is not available
-- expect trap.loadfile 24 loadfile is not available
-- Bytecode is never loaded, by mode or by content; files are never loaded.
rule {
  id = 'trap.binary_mode', ingredient = 'trap', title = 'Loads bytecode',
  assess = function(a)
    return load('\27Lua\x54\0', 'x', 'b')
  end,
}
rule {
  id = 'trap.binary_text', ingredient = 'trap', title = 'Loads bytecode as text',
  assess = function(a) return assert(load('\27Lua\x54\0\25\147\r\n\26\n'))() end,
}
rule {
  id = 'trap.dofile', ingredient = 'trap', title = 'Runs a file',
  assess = function(a)
    return dofile('/etc/passwd')
  end,
}
rule {
  id = 'trap.loadfile', ingredient = 'trap', title = 'Loads a file',
  assess = function(a) return loadfile('/etc/passwd') end,
}
