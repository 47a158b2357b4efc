-- expect trap.up 9 module names
-- expect trap.absolute 13 module names
-- expect trap.missing 17 require 'no_such_module'
-- expect trap.package 21 package.loadlib is not available
-- require reaches only modules inside the pack: no parent folders, no absolute
-- paths, no C libraries.
rule {
  id = 'trap.up', ingredient = 'trap', title = 'Requires from a parent folder',
  assess = function(a) return require('..people') end,
}
rule {
  id = 'trap.absolute', ingredient = 'trap', title = 'Requires an absolute path',
  assess = function(a) return require('/etc/passwd') end,
}
rule {
  id = 'trap.missing', ingredient = 'trap', title = 'Requires a missing module',
  assess = function(a) return require('no_such_module') end,
}
rule {
  id = 'trap.package', ingredient = 'trap', title = 'Loads a C library',
  assess = function(a) return package.loadlib('/lib/x86_64-linux-gnu/libc.so.6', 'system') end,
}
