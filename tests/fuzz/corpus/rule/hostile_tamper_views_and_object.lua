-- expect trap.view 13 attempt to index a boolean value
-- expect trap.assign 18 
-- What a rule changes in its own `a` (attributes, the data table) is gone for
-- the next rule; a view's metatable is hidden and a view cannot be changed.
rule {
  id = 'trap.view', ingredient = 'trap', title = 'Changes its authority object',
  assess = function(a)
    local people = a.data.people
    a.attr.budget = 'yes'
    a.data.people = nil
    a.data = {}
    a.id = 'south'
    return getmetatable(people).__index and 1
  end,
}
rule {
  id = 'trap.assign', ingredient = 'trap', title = 'Assigns into a view',
  assess = function(a) a.data.people.share = function() return 1, 100 end return 1 end,
}
