-- expect trap.tables 7 memory limit
-- A table of tables that grows until memory runs out.
rule {
  id = 'trap.tables', ingredient = 'trap', title = 'Grows a table',
  assess = function(a)
    local t = {}
    for i = 1, 1e9 do t[i] = { i, i } end
  end,
}
