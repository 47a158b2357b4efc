-- Helpers for the two surveys: care leavers' wellbeing survey and the staff
-- climate survey.

local dates = require "lib.dates"

local survey = {}

-- The latest round of a survey: responses dated within a year of the latest
-- response, so an old round does not dilute a new one. Without a date column
-- every response counts. Returns the view and the latest date (or nil).
function survey.latest_round(view)
  local has_date = false
  for _, c in ipairs(view:columns()) do
    if c == "date" then
      has_date = true
      break
    end
  end
  if not has_date then return view, nil end
  local latest = view:max("date")
  if not latest then return view, nil end
  return view:where { date = { gt = dates.add_months(latest, -12) } }, latest
end

-- The share of answers of 4 or 5 on a 1-5 agreement scale among those who
-- answered the item, and the number who answered.
function survey.agree(view, column)
  local n = view:count { [column] = { missing = false } }
  if n == 0 then return nil, 0 end
  -- a missing answer is never 4 or more, so this counts among those who answered
  return view:count { [column] = { ge = 4 } } / n, n
end

return survey
