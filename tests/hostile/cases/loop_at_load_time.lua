-- load-error 4 instruction limit
-- A file whose top-level code never ends: the pack refuses to load, located.
local n = 0
while true do n = n + 1 end
