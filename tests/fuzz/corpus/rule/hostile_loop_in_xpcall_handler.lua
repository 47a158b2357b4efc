-- expect trap.handler 7 instruction limit
-- The message handler of xpcall loops: Lua runs handlers without hooks when
-- the error came from a hook, so the sandbox must run it under the limit.
rule {
  id = 'trap.handler', ingredient = 'trap', title = 'Loops in an error handler',
  assess = function(a)
    local ok = xpcall(error, function(message) while true do end end, 'boom')
    return ok and 1 or 2
  end,
}
