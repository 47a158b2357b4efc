-- SSDA903 care-leaver records (table OC3) and the outcomes DfE publishes from
-- them, counted the way DfE counts them (docs/data.md gives DfE's wording and
-- the published totals that show it):
--   * age groups 17-18 and 19-21 by the age reached at the birthday that falls
--     in the collection year (the year to 31 March), which is the age on
--     31 March;
--   * a record counts when IN_TOUCH is recorded: a blank IN_TOUCH is a young
--     person with no care-leaver information in the return (a 17 or 18 year
--     old still looked after, say), whom DfE does not count;
--   * young people who have died (IN_TOUCH = DIED) or returned home for six
--     months or more (RHOM) are left out of every figure;
--   * everyone else counts in the activity and in-touch denominator
--     (DfE's "Total"), including those not in touch and those whose activity
--     is not known;
--   * in education, employment or training (EET): ACTIV F1, P1, F2, P2, F4,
--     P4, F5, P5, and F3, P3, the codes DfE retired in 2022, in any year (a
--     data check reports records that still use them);
--   * the suitability denominator (DfE's "Suitability total") leaves out, in
--     addition, young people who have gone abroad (ACCOM G), been deported (H)
--     or whose residence is not known (R): the suitability of their
--     accommodation cannot be known;
--   * in suitable accommodation: ACCOM ending in 1. S (no fixed abode) and X
--     (custody) are never suitable: DfE accepts only S2 and X2, so S1 and X1
--     count as unsuitable here (the data checks report them);
--   * no information on accommodation: ACCOM 0 (or blank, or a code that is
--     none of DfE's);
--   * in touch: IN_TOUCH = YES; of the others, NO is a young person the
--     authority has lost touch with, REFU one who refused contact and NREQ one
--     who no longer requires services (their choice, not a lost contact);
--   * in custody: ACCOM X1 or X2.

local oc3 = {}

oc3.IN_TOUCH = { "YES", "NO", "DIED", "REFU", "NREQ", "RHOM" }
oc3.EXCLUDED = { "DIED", "RHOM" }

oc3.EET = { "F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5" }
oc3.NEET = { "G4", "G5", "G6" }
oc3.ACTIV = { "F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0" }

-- The activities DfE publishes one by one. Together they are EET and NEET;
-- F3/P3 (training or employment before 2022) count with F5/P5.
oc3.ACTIVITIES = {
  { id = "higher_education", codes = { "F1", "P1" } },
  { id = "other_education", codes = { "F2", "P2" } },
  { id = "apprenticeship", codes = { "F4", "P4" } },
  { id = "training_or_employment", codes = { "F5", "P5", "F3", "P3" } },
  { id = "neet_illness_or_disability", codes = { "G4" } },
  { id = "neet_other", codes = { "G5" } },
  { id = "neet_pregnancy_or_parenting", codes = { "G6" } },
}

local ACCOM_TYPES = { "B", "C", "D", "E", "G", "H", "K", "R", "S", "T", "U", "V", "W", "X", "Y", "Z" }
-- gone abroad, deported, residence not known: suitability cannot be known
local SUITABILITY_NOT_KNOWABLE = { G = true, H = true, R = true }
local NEVER_SUITABLE = { S = true, X = true }

-- ACCOM codes: every type with 1 (suitable) or 2 (not suitable), and 0; and
-- the codes of each suitability breakdown.
oc3.ACCOM, oc3.SUITABLE, oc3.UNSUITABLE, oc3.SUITABILITY_UNKNOWN = { "0" }, {}, {}, {}
for _, t in ipairs(ACCOM_TYPES) do
  oc3.ACCOM[#oc3.ACCOM + 1] = t .. "1"
  oc3.ACCOM[#oc3.ACCOM + 1] = t .. "2"
  if SUITABILITY_NOT_KNOWABLE[t] then
    oc3.SUITABILITY_UNKNOWN[#oc3.SUITABILITY_UNKNOWN + 1] = t .. "1"
    oc3.SUITABILITY_UNKNOWN[#oc3.SUITABILITY_UNKNOWN + 1] = t .. "2"
  else
    local list = NEVER_SUITABLE[t] and oc3.UNSUITABLE or oc3.SUITABLE
    list[#list + 1] = t .. "1"
    oc3.UNSUITABLE[#oc3.UNSUITABLE + 1] = t .. "2"
  end
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

-- The filters, made once as the pack loads rather than for every count.
local COUNTED = { IN_TOUCH = { ne = oc3.EXCLUDED } }
local IN_TOUCH_YES = { IN_TOUCH = "YES" }
local NOT_IN_TOUCH = { IN_TOUCH = "NO" }
local REFUSED = { IN_TOUCH = "REFU" }
local NO_LONGER_REQUIRED = { IN_TOUCH = "NREQ" }
local CUSTODY = { ACCOM = { "X1", "X2" } }
local EET = { ACTIV = oc3.EET }
local NEET = { ACTIV = oc3.NEET }
local SUITABLE = { ACCOM = oc3.SUITABLE }
local UNSUITABLE = { ACCOM = oc3.UNSUITABLE }
local SUITABILITY_UNKNOWN = { ACCOM = oc3.SUITABILITY_UNKNOWN }
local ACTIVITY_FILTERS = {}
for i, activity in ipairs(oc3.ACTIVITIES) do ACTIVITY_FILTERS[i] = { ACTIV = activity.codes } end

-- The records DfE counts for one age group: born in the group's range, with
-- IN_TOUCH recorded and neither DIED nor RHOM.
function oc3.counted(view, year, group)
  local first, last = oc3.born_between(year, group)
  local ok, result = pcall(view.where, view, { DOB = { ge = first, le = last } })
  if not ok then
    error("care_leavers: DOB must be a column of dates (YYYY-MM-DD or DD/MM/YYYY) so age groups "
          .. "can be worked out; check the file for a value that is not a date (" .. tostring(result) .. ")", 0)
  end
  return result:where(COUNTED)
end

-- The DfE outcome counts of one age group, all counts of people:
--   n              DfE's "Total": the denominator of activity and in touch
--   eet, neet      in, and not in, education, employment or training
--   not_known      activity not known (DfE's "Total information not known")
--   in_touch       IN_TOUCH = YES
--   not_in_touch, refused, no_longer_required   IN_TOUCH NO, REFU and NREQ
--   custody        ACCOM X1 or X2
--   suitability_n  DfE's "Suitability total": n without G, H and R
--   suitable, unsuitable, no_information   its three parts
-- `extra` narrows the records further (e.g. { in_innovation = "yes" }).
function oc3.outcomes(view, year, group, extra)
  local v = oc3.counted(view, year, group)
  if extra then v = v:where(extra) end
  local n = #v
  local eet, neet = v:count(EET), v:count(NEET)
  local suitability_n = n - v:count(SUITABILITY_UNKNOWN)
  local suitable, unsuitable = v:count(SUITABLE), v:count(UNSUITABLE)
  return {
    n = n,
    eet = eet,
    neet = neet,
    not_known = n - eet - neet,
    in_touch = v:count(IN_TOUCH_YES),
    not_in_touch = v:count(NOT_IN_TOUCH),
    refused = v:count(REFUSED),
    no_longer_required = v:count(NO_LONGER_REQUIRED),
    custody = v:count(CUSTODY),
    suitability_n = suitability_n,
    suitable = suitable,
    unsuitable = unsuitable,
    no_information = suitability_n - suitable - unsuitable,
  }
end

-- The count of each of oc3.ACTIVITIES in one age group, by id.
function oc3.activities(view, year, group)
  local v = oc3.counted(view, year, group)
  local counts = {}
  for i, activity in ipairs(oc3.ACTIVITIES) do counts[activity.id] = v:count(ACTIVITY_FILTERS[i]) end
  return counts
end

-- The denominator of each outcome in oc3.outcomes.
oc3.DENOMINATOR = {
  eet = "n", neet = "n", not_known = "n", in_touch = "n",
  suitable = "suitability_n", unsuitable = "suitability_n", no_information = "suitability_n",
}

-- An outcome as DfE's share of its own denominator: share, denominator (the
-- people behind the share). The share is nil when nobody is in the denominator.
function oc3.rate(o, measure)
  local n = o[oc3.DENOMINATOR[measure]]
  if n == 0 then return nil, 0 end
  return o[measure] / n, n
end

return oc3
