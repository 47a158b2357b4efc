-- SSDA903 care-leaver records (table OC3) and the outcomes DfE publishes from
-- them, computed the way DfE computes them:
--   * age groups 17-18 and 19-21 by the age reached at the birthday that falls
--     in the collection year (the year to 31 March), which is the age on
--     31 March;
--   * young people who have died (IN_TOUCH = DIED) or returned home for six
--     months or more (RHOM) are left out of every figure;
--   * everyone else counts in the denominator, including those not in touch
--     and those whose activity or accommodation is not known;
--   * in education, employment or training (EET): ACTIV F1, P1, F2, P2, F4,
--     P4, F5, P5, and F3, P3, the codes DfE retired in 2022, in any year (a
--     data check reports records that still use them);
--   * in suitable accommodation: ACCOM ending in 1. S (no fixed abode) and X
--     (custody) are never suitable: DfE accepts only S2 and X2, so S1 and X1
--     are not counted here (the data checks report them);
--   * in touch: IN_TOUCH = YES.

local oc3 = {}

oc3.IN_TOUCH = { "YES", "NO", "DIED", "REFU", "NREQ", "RHOM" }
oc3.EXCLUDED = { "DIED", "RHOM" }

oc3.EET = { "F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5" }
oc3.NEET = { "G4", "G5", "G6" }
oc3.ACTIV = { "F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0" }

local ACCOM_TYPES = { "B", "C", "D", "E", "G", "H", "K", "R", "S", "T", "U", "V", "W", "X", "Y", "Z" }

-- ACCOM codes: every type with 1 (suitable) or 2 (not suitable), and 0.
oc3.ACCOM, oc3.SUITABLE = { "0" }, {}
for _, t in ipairs(ACCOM_TYPES) do
  oc3.ACCOM[#oc3.ACCOM + 1] = t .. "1"
  oc3.ACCOM[#oc3.ACCOM + 1] = t .. "2"
  if t ~= "S" and t ~= "X" then oc3.SUITABLE[#oc3.SUITABLE + 1] = t .. "1" end
end

-- The age groups DfE publishes, as they appear in its files.
oc3.GROUPS = {
  { id = "19-21", label = "19 to 21", dfe = "19 to 21 years", youngest = 19, oldest = 21 },
  { id = "17-18", label = "17 to 18", dfe = "17 to 18 years", youngest = 17, oldest = 18 },
}

-- Dates of birth of the young people aged youngest..oldest on 31 March of the
-- collection year ending in `year`.
function oc3.born_between(year, group)
  return string.format("%04d-04-01", year - group.oldest - 1),
         string.format("%04d-03-31", year - group.youngest)
end

local function narrow_to_group(view, year, group)
  local first, last = oc3.born_between(year, group)
  local ok, result = pcall(view.where, view, { DOB = { ge = first, le = last } })
  if not ok then
    error("care_leavers: DOB must be a column of dates (YYYY-MM-DD or DD/MM/YYYY) so age groups "
          .. "can be worked out; check the file for a value that is not a date (" .. tostring(result) .. ")", 0)
  end
  return result
end

-- The filters of the outcomes, each with and without the people left out of
-- every figure: made once, as the pack is loaded, not for every count.
local LEFT_OUT = { IN_TOUCH = oc3.EXCLUDED }
local IN_TOUCH_YES = { IN_TOUCH = "YES" }
local EET = { ACTIV = oc3.EET }
local EET_LEFT_OUT = { ACTIV = oc3.EET, IN_TOUCH = oc3.EXCLUDED }
local SUITABLE = { ACCOM = oc3.SUITABLE }
local SUITABLE_LEFT_OUT = { ACCOM = oc3.SUITABLE, IN_TOUCH = oc3.EXCLUDED }
local KNOWN_ACTIVITY = { ["in"] = oc3.ACTIV, ne = "0" }
local KNOWN = { ACTIV = KNOWN_ACTIVITY }
local KNOWN_LEFT_OUT = { ACTIV = KNOWN_ACTIVITY, IN_TOUCH = oc3.EXCLUDED }

-- The DfE outcome counts of one age group: a table with n (the denominator),
-- eet, suitable, in_touch and not_known (activity not known), all counts of
-- people. `extra` narrows the records further (e.g. { in_innovation = "yes" }).
function oc3.outcomes(view, year, group, extra)
  local v = narrow_to_group(view, year, group)
  if extra then v = v:where(extra) end
  local n = #v - v:count(LEFT_OUT)
  return {
    n = n,
    eet = v:count(EET) - v:count(EET_LEFT_OUT),
    suitable = v:count(SUITABLE) - v:count(SUITABLE_LEFT_OUT),
    in_touch = v:count(IN_TOUCH_YES),
    not_known = n - (v:count(KNOWN) - v:count(KNOWN_LEFT_OUT)),
  }
end

-- Share helper: count / n, or nil when nobody is in the group.
function oc3.share(count, n)
  if n == 0 then return nil end
  return count / n
end

return oc3
