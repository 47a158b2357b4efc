-- Reading a sustainability instrument's answers (one row per answer:
-- respondent, item, rating) into each respondent's mean per domain, and the
-- statistics a group report needs: mean, standard deviation, lowest and
-- highest respondent.
--
-- Shared by the PSAT and CSAT packs, from the lib folder beside them.
--
-- The instrument (lib/psat.lua or lib/csat.lua) describes what is read:
--   inst.table             the table name, e.g. "psat_responses"
--   inst.scale             { low = 1, high = 7, not_able = "NA" }
--   inst.items_per_domain  5: items FS1 ... FS5
--   inst.domains           a list of { id = ..., prefix = "FS", title = ... }

local responses = {}

local COLUMNS = { "respondent", "item", "rating" }

-- The item ids of one domain, in order: FS1, FS2, ...
function responses.domain_items(inst, domain)
  local ids = {}
  for i = 1, inst.items_per_domain do ids[i] = domain.prefix .. i end
  return ids
end

-- Every item id the instrument has, in order.
function responses.item_ids(inst)
  local ids = {}
  for _, domain in ipairs(inst.domains) do
    for _, id in ipairs(responses.domain_items(inst, domain)) do ids[#ids + 1] = id end
  end
  return ids
end

-- Every value a rating may take, as text: "1" ... "7" and "NA".
function responses.rating_values(inst)
  local values = {}
  for r = inst.scale.low, inst.scale.high do values[#values + 1] = tostring(r) end
  values[#values + 1] = inst.scale.not_able
  return values
end

-- "FS1-FS5"
function responses.item_range(inst, domain)
  return string.format("%s1-%s%d", domain.prefix, domain.prefix, inst.items_per_domain)
end

-- A mean on the instrument's scale as a 0-100 score, and back.
function responses.to_score(mean, scale)
  return 100 * (mean - scale.low) / (scale.high - scale.low)
end

function responses.to_scale(score, scale)
  return scale.low + score * (scale.high - scale.low) / 100
end

-- A rating as a whole number on the scale, "na" for "not able to answer", or
-- nil for anything else (blank, 9, 4.5, "n/a"), which is left out here and
-- counted by the pack's data checks. A rating column with no "NA" in it is
-- read as numbers, so both forms are accepted.
local function read_rating(value, scale)
  if value == scale.not_able then return "na" end
  if type(value) == "string" then
    local n = tonumber(value)
    if n and tostring(math.tointeger(n)) == value then value = n else return nil end
  end
  if type(value) ~= "number" or value ~= math.floor(value) then return nil end
  if value < scale.low or value > scale.high then return nil end
  return value
end

local function missing_columns(view)
  local have = {}
  for _, c in ipairs(view:columns()) do have[c] = true end
  local missing = {}
  for _, c in ipairs(COLUMNS) do
    if not have[c] then missing[#missing + 1] = c end
  end
  if #missing == 0 then return nil end
  return table.concat(missing, ", ")
end

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  return keys
end

-- Reads the view's rows once. Returns, for each domain id, each respondent's
-- { sum, rated, not_able } over that domain's items, and the number of
-- repeated answers (the same respondent and item twice: the first counts).
-- Returns nil and a reason when the table lacks a column.
function responses.collect(view, inst)
  local missing = missing_columns(view)
  if missing then
    return nil, string.format("the %s table has no column %s (it needs respondent, item and rating)",
                              inst.table, missing)
  end
  local domain_of = {}
  for _, domain in ipairs(inst.domains) do
    for _, id in ipairs(responses.domain_items(inst, domain)) do domain_of[id] = domain.id end
  end
  local by_domain, seen, repeated = {}, {}, 0
  for _, domain in ipairs(inst.domains) do by_domain[domain.id] = {} end
  for row in view:rows() do
    local who, domain = row.respondent, domain_of[row.item]
    local rating = read_rating(row.rating, inst.scale)
    if who ~= nil and domain and rating then
      who = tostring(who)
      local key = who .. "\0" .. row.item
      if seen[key] then
        repeated = repeated + 1
      else
        seen[key] = true
        local person = by_domain[domain][who]
        if not person then
          person = { sum = 0, rated = 0, not_able = 0 }
          by_domain[domain][who] = person
        end
        if rating == "na" then
          person.not_able = person.not_able + 1
        else
          person.sum = person.sum + rating
          person.rated = person.rated + 1
        end
      end
    end
  end
  return { by_domain = by_domain, repeated = repeated }
end

-- Mean, sample standard deviation (n - 1; nil for fewer than 2 values),
-- lowest and highest of a list of numbers.
function responses.stats(values)
  local n = #values
  if n == 0 then return { n = 0 } end
  local sum, low, high = 0, values[1], values[1]
  for _, x in ipairs(values) do
    sum = sum + x
    if x < low then low = x end
    if x > high then high = x end
  end
  local mean = sum / n
  local sd
  if n >= 2 then
    local squares = 0
    for _, x in ipairs(values) do squares = squares + (x - mean) ^ 2 end
    sd = math.sqrt(squares / (n - 1))
  end
  return { n = n, mean = mean, sd = sd, low = low, high = high }
end

-- One domain for the group. A respondent counts when they rated at least
-- `min_items` of its items ("not able to answer" is not a rating); their
-- domain mean is the mean of the items they rated. The group's domain mean is
-- the mean of the respondents' means, so each respondent weighs the same, as
-- in the instruments' group reports.
function responses.domain(collected, domain_id, min_items)
  local people = collected.by_domain[domain_id] or {}
  local means, set_aside, ratings, not_able = {}, 0, 0, 0
  for _, who in ipairs(sorted_keys(people)) do
    local person = people[who]
    ratings = ratings + person.rated
    not_able = not_able + person.not_able
    if person.rated >= min_items then
      means[#means + 1] = person.sum / person.rated
    else
      set_aside = set_aside + 1
    end
  end
  local s = responses.stats(means)
  return { respondents = s.n, mean = s.mean, sd = s.sd, low = s.low, high = s.high,
           set_aside = set_aside, ratings = ratings, not_able = not_able }
end

return responses
