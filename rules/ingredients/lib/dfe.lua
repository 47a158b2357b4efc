-- DfE's published care-leaver figures: the England figures built into the
-- pack, and readers for DfE's own files (explore-education-statistics,
-- "Children looked after in England including adoptions", copies shipped in
-- data/dfe/) when an assessment loads them as sources:
--   dfe_activity       la_care_leavers_activity.csv
--   dfe_accommodation  la_care_leavers_accommodation_suitability.csv
--   dfe_neighbours     New_Statistical_Neighbour_Groupings_April_2021.csv,
--                      read with replacement column names (see docs/data.md)
-- DfE's suppression markers (c, z, x, k) must be declared as missing values
-- in the source (`missing = c, z, x, k`), so a suppressed figure is absent,
-- never a zero.

local dfe = {}

-- England, percentages of care leavers, year to 31 March (DfE, Children looked
-- after in England including adoptions, 2021 to 2025 releases).
dfe.ENGLAND = {
  eet = {
    ["19-21"] = { [2021] = 52, [2022] = 55, [2023] = 56, [2024] = 54, [2025] = 54 },
    ["17-18"] = { [2021] = 65, [2022] = 66, [2023] = 66, [2024] = 64, [2025] = 64 },
  },
  suitable = {
    ["19-21"] = { [2021] = 88, [2022] = 88, [2023] = 88, [2024] = 88, [2025] = 89 },
    ["17-18"] = { [2021] = 91, [2022] = 90, [2023] = 91, [2024] = 91, [2025] = 91 },
  },
}

-- The built-in England figure for a measure, age group and collection year:
-- that year's, or the nearest year the pack knows. Returns percent, year.
function dfe.england(measure, group_id, year)
  local by_year = dfe.ENGLAND[measure][group_id]
  local best
  for y in pairs(by_year) do
    if best == nil or math.abs(y - year) < math.abs(best - year)
       or (math.abs(y - year) == math.abs(best - year) and y < best) then
      best = y
    end
  end
  return by_year[best], best
end

-- The breakdowns of DfE's files that the pack compares.
dfe.BREAKDOWN = {
  eet = "Total in education, employment or training",
  suitable = "Accommodation considered suitable",
}

-- The latest time_period in a DfE file that is not after `year`.
function dfe.year(view, year)
  local best
  for _, y in ipairs(view:distinct("time_period")) do
    local n = tonumber(y)
    if n then n = math.floor(n) end -- 2024, not 2024.0, when a reason quotes it
    if n and n <= year and (not best or n > best) then best = n end
  end
  return best
end

-- A filter for one local authority: DfE's 3-digit code (old_la_code) or its
-- nine-character E-code (new_la_code).
function dfe.la_filter(code)
  if type(code) == "string" and code:match("^E%d%d%d%d%d%d%d%d$") then
    return "new_la_code", code
  end
  return "old_la_code", code
end

local function figure(view, filter)
  local value, n = view:mean("care_leaver_percent", filter)
  if n == 0 then return nil end
  return value
end

-- The published percentage for rows matching `where` plus the year, age and
-- breakdown; nil when suppressed or absent.
function dfe.percent(view, where, year, group, breakdown)
  local f = { time_period = year, care_leaver_age = group.dfe, breakdown = breakdown }
  for k, v in pairs(where) do f[k] = v end
  return figure(view, f)
end

-- The authority's own rows, its region's name and its 3-digit code.
function dfe.find_la(view, code)
  local column, value = dfe.la_filter(code)
  local own = view:where { geographic_level = "Local authority", [column] = value }
  if #own == 0 then return nil end
  local regions = own:distinct("region_name")
  local olds = own:distinct("old_la_code")
  local names = own:distinct("la_name")
  return { filter = { geographic_level = "Local authority", [column] = value },
           region = regions[#regions], old_code = olds[#olds], name = names[#names] }
end

-- Authorities formed after DfE's April 2021 neighbour groupings, which list
-- their predecessor instead: its neighbours stand in for theirs, and the
-- evidence says so.
dfe.PREDECESSORS = {
  [942] = { code = 909, name = "Cumbria", since = "April 2023" }, -- Cumberland
  [943] = { code = 909, name = "Cumbria", since = "April 2023" }, -- Westmorland and Furness
}

local function neighbour_codes(view, old_code)
  local codes = {}
  local next_row = view:where { la_num = old_code }:rows()
  local row = next_row() -- one row per authority in DfE's file
  if not row then return nil end
  for i = 1, 10 do
    local c = row["sn" .. i]
    if c ~= nil then codes[#codes + 1] = c end
  end
  return codes
end

-- The authority's statistical neighbours, from the neighbour file read with
-- columns la_num, ..., sn1, snp1, ..., sn10, snp10: { codes = the ten 3-digit
-- codes, of = nil for its own, or the predecessor whose neighbours stand in
-- (dfe.PREDECESSORS) }. Nil when the file has no row for it or its
-- predecessor.
function dfe.neighbours(view, old_code)
  if not view or old_code == nil then return nil end
  local codes = neighbour_codes(view, old_code)
  if codes then return { codes = codes } end
  local predecessor = dfe.PREDECESSORS[math.tointeger(tonumber(old_code)) or old_code]
  if not predecessor then return nil end
  codes = neighbour_codes(view, predecessor.code)
  return codes and { codes = codes, of = predecessor }
end

-- The neighbours' published percentages: their mean, how many had a figure,
-- and the best of them (name and percent).
function dfe.neighbour_figures(view, codes, year, group, breakdown)
  local total, n, best_name, best = 0, 0, nil, nil
  for _, code in ipairs(codes) do
    local rows = view:where { geographic_level = "Local authority", old_la_code = code }
    local p = dfe.percent(rows, {}, year, group, breakdown)
    if p then
      total, n = total + p, n + 1
      if not best or p > best then
        local names = rows:distinct("la_name")
        best, best_name = p, names[#names]
      end
    end
  end
  if n == 0 then return nil, 0 end
  return total / n, n, best_name, best
end

-- A neighbour's name: DfE's la_name in the figures' file, or else the name the
-- neighbour file gives it (an authority that no longer publishes figures).
local function neighbour_name(rows, names, code)
  local found = rows:distinct("la_name")
  if #found > 0 then return found[#found] end
  if names then
    local listed = names:where { la_num = tonumber(code) or code }:distinct("la_name")
    if #listed > 0 then return listed[#listed] end
  end
  return "local authority " .. tostring(code)
end

-- Each neighbour, in DfE's order (closest first), as a:benchmark takes it:
-- { name, code, value = published percent or nil }, plus each one's rows of
-- the file (for dfe.trend). `names` is the neighbour file's view, or nil.
function dfe.neighbour_places(view, names, codes, year, group, breakdown)
  local places, rows_of = {}, {}
  for i, code in ipairs(codes) do
    local rows = view:where { geographic_level = "Local authority", old_la_code = code }
    local shown = math.tointeger(tonumber(code)) or code -- 908, not 908.0
    rows_of[i] = rows
    places[i] = { name = neighbour_name(rows, names, shown), code = shown,
                  value = dfe.percent(rows, {}, year, group, breakdown) }
  end
  return places, rows_of
end

-- Every year of the file up to `year`, oldest first, as a:benchmark's trend:
-- the authority's published figure, England, its region and the mean of the
-- neighbours that have a figure that year (nil where none is published).
function dfe.trend(view, la, neighbour_rows, year, group, breakdown)
  local years = {}
  for _, y in ipairs(view:distinct("time_period")) do
    local n = math.tointeger(tonumber(y)) or (tonumber(y) and math.floor(tonumber(y)))
    if n and n <= year then years[#years + 1] = n end
  end
  table.sort(years)
  local trend = {}
  for i, y in ipairs(years) do
    local total, count = 0, 0
    for _, rows in ipairs(neighbour_rows) do
      local p = dfe.percent(rows, {}, y, group, breakdown)
      if p then total, count = total + p, count + 1 end
    end
    trend[i] = {
      year = y,
      authority = dfe.percent(view, la.filter, y, group, breakdown),
      england = dfe.percent(view, { geographic_level = "National" }, y, group, breakdown),
      region = la.region and dfe.percent(view, { geographic_level = "Regional", region_name = la.region },
                                         y, group, breakdown),
      neighbours = count > 0 and total / count or nil,
    }
  end
  return trend
end

return dfe
