-- expect trap.hoard 10 memory limit
-- A rule keeps what it allocated in a file-level table, so the Lua state stays
-- full after it fails. The good rules that run after it (and the next
-- authority) must still get the memory they need.
local hoard = {}
rule {
  id = 'trap.hoard', ingredient = 'trap', title = 'Hoards memory',
  assess = function(a)
    local chunk = string.rep('h', 1e5)
    while true do hoard[#hoard + 1] = chunk .. #hoard end
  end,
}
