-- Calendar helpers for rules. Dates travel as "YYYY-MM-DD" text, which sorts
-- in date order, so comparing two dates is comparing two strings.

local dates = {}

local function is_leap(y)
  return (y % 4 == 0 and y % 100 ~= 0) or y % 400 == 0
end

local function days_in_month(y, m)
  local days = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }
  if m == 2 and is_leap(y) then return 29 end
  return days[m]
end

-- The last date parsed: rules parse the assessment date again and again.
local last_text, last_y, last_m, last_d

-- "2024-03-31" -> 2024, 3, 31 (nil when the text is not such a date).
function dates.parse(text)
  if type(text) ~= "string" then return nil end
  if text == last_text then return last_y, last_m, last_d end
  local y, m, d = text:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
  if not y then return nil end
  last_text, last_y, last_m, last_d = text, tonumber(y), tonumber(m), tonumber(d)
  return last_y, last_m, last_d
end

function dates.format(y, m, d)
  return string.format("%04d-%02d-%02d", y, m, d)
end

-- The same day n months later (earlier when n < 0); the 31st becomes the
-- month's last day when the month is shorter.
function dates.add_months(text, n)
  local y, m, d = dates.parse(text)
  local months = y * 12 + (m - 1) + n
  y, m = months // 12, months % 12 + 1
  return dates.format(y, m, math.min(d, days_in_month(y, m)))
end

-- Days from the civil date to 1970-01-01 (proleptic Gregorian calendar).
local function day_number(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = y // 400
  local yoe = y - era * 400
  local mp = (m + 9) % 12
  local doy = (153 * mp + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end

-- Whole days from one date to another (positive when `to` is later).
function dates.days_between(from, to)
  local y1, m1, d1 = dates.parse(from)
  local y2, m2, d2 = dates.parse(to)
  return day_number(y2, m2, d2) - day_number(y1, m1, d1)
end

-- The SSDA903 collection year that the assessment speaks for: the latest year
-- ending 31 March on or before the assessment date, named by the year it ends
-- in (DfE's time_period). An authority may set collection_year itself; a value
-- that is not a year is an error naming it, at the rule or check that asked.
function dates.collection_year(a)
  local given = a.attr.collection_year
  if given ~= nil and (math.type(given) == nil or given ~= math.floor(given)) then
    error(string.format("the config's collection_year must be the year a collection ends in "
                        .. "(on 31 March), such as 2024; not '%s'", tostring(given)), 2)
  end
  if given ~= nil then return math.floor(given) end
  local y, m, d = dates.parse(a.date)
  if m > 3 or (m == 3 and d == 31) then return y end
  return y - 1
end

-- The end of pilot funding in words, in the tense the dates call for:
-- "pilot funding ends on 2025-03-31" while it runs (the last day included),
-- "pilot funding ended on 2023-09-30" once it is past; nil without a
-- pilot_end.
function dates.pilot_end_words(a)
  if not a.pilot_end then return nil end
  if a.pilot_end < a.date then return "pilot funding ended on " .. a.pilot_end end
  return "pilot funding ends on " .. a.pilot_end
end

-- The window a rule looks back over: the 12 months up to the assessment date.
function dates.last_year(a)
  return dates.add_months(a.date, -12)
end

return dates
