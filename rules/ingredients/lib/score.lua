-- Small helpers shared by the pack's rules: turning figures into 0-100 scores
-- and into words a manager reads in an action's "why".

local score = {}

function score.clamp(x)
  return math.max(0, math.min(100, x))
end

-- 0 at `zero`, 100 at `full`, a straight line between (either direction:
-- full may be below zero when less is better).
function score.between(x, zero, full)
  return score.clamp(100 * (x - zero) / (full - zero))
end

-- A mean on a 1-5 agreement scale as 0-100.
function score.agreement(mean)
  return score.clamp((mean - 1) / 4 * 100)
end

-- One to a few people: a count that could identify someone (none cannot).
local function small(a, count)
  return count >= 1 and count < (a.suppress_below or 5)
end

-- Whether a figure computed from n people may be quoted in an action's "why":
-- the same rule the plan applies to evidence (docs/security.md): at least
-- suppress_below people (5 unless the assessment says otherwise), and for a
-- share (0 to 1) of them, neither the people it counts nor the rest few.
function score.quotable(a, n, share)
  if n == nil or n < (a.suppress_below or 5) then return false end
  if share == nil then return true end
  local counted = math.floor(share * n + 0.5)
  return not small(a, counted) and not small(a, n - counted)
end

-- A count of people in words, as the plan shows it: "no care leaver",
-- "6 care leavers", or "fewer than 5 care leavers" when it is small.
function score.people(a, n, one, many)
  if n == 0 then return "no " .. one end
  if small(a, n) then return string.format("fewer than %d %s", a.suppress_below or 5, many) end
  return score.count_of(n, one, many)
end

-- The same at the start of a sentence: "No care leaver", "Fewer than 5 ...".
function score.People(a, n, one, many)
  return (score.people(a, n, one, many):gsub("^%l", string.upper))
end

-- 0.423 -> "42%"
function score.pct(fraction)
  return string.format("%.0f%%", 100 * fraction)
end

-- "1 activity", "3 activities"
function score.count_of(n, one, many)
  return string.format("%d %s", n, n == 1 and one or many)
end

-- "no change", "1 change", "3 changes": the same, with "no" for none
function score.count_or_no(n, one, many)
  if n == 0 then return "no " .. one end
  return score.count_of(n, one, many)
end

-- "a", "a and b", "a, b and c"
function score.list(items)
  if #items <= 1 then return items[1] or "" end
  return table.concat(items, ", ", 1, #items - 1) .. " and " .. items[#items]
end

-- Whether the list holds the value.
local function contains(list, value)
  for i = 1, #list do
    if list[i] == value then return true end
  end
  return false
end

-- The columns of `names` that the view lacks, as a reason for "not assessed",
-- or nil when it has them all.
function score.missing_columns(view, table_name, names)
  local columns = view:columns()
  local missing = {}
  for _, c in ipairs(names) do
    if not contains(columns, c) then missing[#missing + 1] = c end
  end
  if #missing == 0 then return nil end
  return string.format("the %s table has no column %s (see docs/data.md)", table_name,
                       table.concat(missing, ", "))
end

-- The scores for an attribute that must take one of a few values: returns the
-- score, or raises a clear error for a value the rule does not know, naming the
-- attribute and the values it takes, located where the rule asked (so that
-- `sustain check --dry-run` shows the config's mistake at the rule that reads it).
function score.from_choice(a, key, scores)
  local value = a.attr[key]
  local s = scores[value]
  if s == nil then
    local known = {}
    for k in pairs(scores) do known[#known + 1] = k end
    table.sort(known)
    error(string.format("the config's %s must be one of: %s; not '%s'", key,
                        table.concat(known, ", "), tostring(value)), 2)
  end
  return s
end

-- An attribute that counts something (areas, say): nil when the config does not
-- give it, else a number of 0 or more, or a clear error for anything else,
-- located at the rule that called the function that asked (level 3).
function score.count_attribute(a, key, what)
  local value = a.attr[key]
  if value ~= nil and (type(value) ~= "number" or value < 0 or value ~= value) then
    error(string.format("the config's %s must be a number of %s, 0 or more; not '%s'", key, what,
                        tostring(value)), 3)
  end
  return value
end

return score
