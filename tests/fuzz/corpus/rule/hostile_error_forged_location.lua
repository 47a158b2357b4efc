-- expect trap.forged 8 boom
-- An error message that claims to come from another file (level 0: no
-- location added). The failure must be located where it was raised, not
-- where the message says.
rule {
  id = 'trap.forged', ingredient = 'trap', title = 'Forges a location',
  assess = function(a)
    error('rules/zz_good.lua:3: boom', 0)
  end,
}
