-- luacheck configuration for rule packs: the sandbox's globals and host API.
std = "lua54"
-- the sandbox removes these; a rule that names them fails at run time
not_globals = { "io", "os", "debug", "package", "coroutine", "dofile", "loadfile",
                "collectgarbage", "print" }
-- declarations a pack makes at load time, and the test API
read_globals = { "model", "rule", "context", "check", "test" }
-- long action texts read better on one line than split across concatenations
max_line_length = false
files["**/*_test.lua"] = { read_globals = { "test" } }
