-- expect trap.deep 6 call depth limit
-- Recursion without end, not a tail call.
rule {
  id = 'trap.deep', ingredient = 'trap', title = 'Recurses for ever',
  assess = function(a)
    local function down(n) return 1 + down(n + 1) end
    return down(0)
  end,
}
