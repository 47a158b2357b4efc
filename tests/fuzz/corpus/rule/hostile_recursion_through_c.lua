-- expect trap.index 10 stack overflow
-- expect trap.pcall * stack overflow
-- expect trap.gsub 24 stack overflow
-- Recursion through C: an __index that indexes itself, pcall inside pcall,
-- gsub callbacks calling gsub.
rule {
  id = 'trap.index', ingredient = 'trap', title = 'Recursive __index',
  assess = function(a)
    local t
    t = setmetatable({}, { __index = function(self, k) return t[k .. 'x'] end })
    return t.a
  end,
}
rule {
  id = 'trap.pcall', ingredient = 'trap', title = 'pcall inside pcall',
  assess = function(a)
    local function nest() local ok, e = pcall(nest); error(e, 0) end
    nest()
  end,
}
rule {
  id = 'trap.gsub', ingredient = 'trap', title = 'gsub inside gsub',
  assess = function(a)
    local function nest(s) return (s:gsub('.', nest)) end
    return nest('ab')
  end,
}
