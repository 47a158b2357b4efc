-- Tests of coproduction.lua: for each rule a strong case, a weak case and a
-- missing-data case, with the score worked out by hand in the comments.
-- The assessment date is the test default, 2024-03-31, so "the last 12
-- months" are 2023-04-01 to 2024-03-31.

-- Participation rows with one column set from a list.
local function activities(column, values, extra)
  local rows = {}
  for i, v in ipairs(values) do
    rows[i] = { [column] = v }
    for k, x in pairs(extra or {}) do rows[i][k] = x end
  end
  return rows
end

------------------------------------------------------------------------
-- coproduction.voice_changes_decisions
------------------------------------------------------------------------
local VOICE = "coproduction.voice_changes_decisions"

test("voice_changes_decisions: most activities changing a decision score high", function(t)
  local r = t:run { rule = VOICE, stage = "transition", data = { participation =
    activities("changed_decision", { "yes", "yes", "no", "yes", "yes" }, { level = "co-designed" }) } }
  local x = r.rules[VOICE]
  t:near(x.score, 80) -- 4 of 5
  t:eq(x.evidence["Co-production activities recorded"], 5)
  t:near(x.evidence["Share of them that changed a decision"], 0.8)
  t:eq(r.action["coproduction.close_the_loop"], nil)
end)

test("voice_changes_decisions: few changes score low and close the loop", function(t)
  local r = t:run { rule = VOICE, stage = "transition", data = { participation =
    activities("changed_decision", { "no", "yes", "no", "no" }, { level = "consulted" }) } }
  t:near(r.rules[VOICE].score, 25) -- 1 of 4
  local action = r.action["coproduction.close_the_loop"]
  t:eq(action.owner, "participation lead")
  t:eq(action.impact, 15)
  t:eq(action.why, "Only 25% of 4 co-production activities recorded a change to a decision.")
  -- it asks to report back to the young people involved, whatever forum
  -- the authority has
  t:eq(action.title, "After each co-production activity, tell the young people involved what changed because of them, and what did not and why")
end)

test("voice_changes_decisions: none changing a decision scores 0", function(t)
  local r = t:run { rule = VOICE, stage = "transition", data = { participation =
    activities("changed_decision", { "no", "no", "no" }, { level = "informed" }) } }
  t:eq(r.rules[VOICE].score, 0)
  t:eq(r.action["coproduction.close_the_loop"].why, "None of the 3 co-production activities recorded a change to a decision.")
end)

test("voice_changes_decisions: a blank answer counts against, as an unrecorded change", function(t)
  -- 2 yes, 1 no, 1 blank: 2 of 4
  local rows = activities("changed_decision", { "yes", "yes", "no" }, { level = "involved" })
  rows[4] = { level = "involved" }
  local r = t:run { rule = VOICE, stage = "transition", data = { participation = rows } }
  t:near(r.rules[VOICE].score, 50)
  t:eq(r.action["coproduction.close_the_loop"], nil, "50% is not below half")
end)

test("voice_changes_decisions: without participation records it is not assessed", function(t)
  local r = t:run { rule = VOICE, stage = "transition" }
  t:eq(r.rules[VOICE].status, "not_assessed")
  t:eq(r.rules[VOICE].reason, "no source provides the table 'participation'")
end)

test("voice_changes_decisions: without the changed_decision column it is not assessed", function(t)
  local r = t:run { rule = VOICE, stage = "transition", data = { participation = activities("level", { "led", "involved" }) } }
  t:eq(r.rules[VOICE].status, "not_assessed")
  t:eq(r.rules[VOICE].reason, "the participation table has no column changed_decision (see docs/data.md)")
end)

------------------------------------------------------------------------
-- coproduction.depth
------------------------------------------------------------------------
local DEPTH = "coproduction.depth"
local DEEP = "Share of activities at 'involved' or higher"
local LED = "Activities co-designed or led by young people"

test("depth: co-designed and led activities score high", function(t)
  local r = t:run { rule = DEPTH, stage = "pilot", data = { participation =
    activities("level", { "led", "co-designed", "co-designed", "involved", "led" }) } }
  local x = r.rules[DEPTH]
  -- credits 100 + 80 + 80 + 50 + 100 = 410; 410 / 5 = 82
  t:near(x.score, 82)
  t:eq(x.evidence[DEEP], 1)
  t:eq(x.evidence[LED], 4)
  t:eq(r.action["coproduction.move_up_the_ladder"], nil)
end)

test("depth: informing and consulting score low and propose co-design", function(t)
  local r = t:run { rule = DEPTH, stage = "pilot", data = { participation =
    activities("level", { "informed", "informed", "consulted", "consulted", "involved" }) } }
  local x = r.rules[DEPTH]
  -- credits 0 + 0 + 25 + 25 + 50 = 100; 100 / 5 = 20
  t:near(x.score, 20)
  t:near(x.evidence[DEEP], 0.2)
  t:eq(x.evidence[LED], 0)
  local action = r.action["coproduction.move_up_the_ladder"]
  t:eq(action.impact, 12)
  t:eq(action.effort, "medium")
  t:eq(action.why, "80% of co-production activities only informed or consulted young people; 0 were co-designed or led by them.")
end)

test("depth: activities without a known rung are left out of the share too", function(t)
  -- one 'involved' activity and two with levels off the ladder (reported by
  -- the check participation_unknown_level): the one known rung scores 50,
  -- and all of the known activities are at 'involved' or higher
  local r = t:run { rule = DEPTH, stage = "pilot", checks = true, data = { participation =
    activities("level", { "involved", "workshop", "Consulted" }) } }
  t:near(r.rules[DEPTH].score, 50)
  t:eq(r.rules[DEPTH].evidence[DEEP], 1)
  t:eq(r.action["coproduction.move_up_the_ladder"], nil,
       "no activity only informed or consulted young people")
  t:eq(r.data_quality.participation_unknown_level, "c", "2 rows: below 5")
end)

test("depth: with no activity on the ladder it is not assessed", function(t)
  local r = t:run { rule = DEPTH, stage = "pilot", data = { participation = activities("level", { "workshop" }) } }
  t:eq(r.rules[DEPTH].status, "not_assessed")
  t:eq(r.rules[DEPTH].reason, "no activity has a level on the participation ladder (informed, consulted, involved, co-designed, led)")
end)

test("depth: without participation records it is not assessed", function(t)
  local r = t:run { rule = DEPTH, stage = "pilot" }
  t:eq(r.rules[DEPTH].reason, "no source provides the table 'participation'")
end)

------------------------------------------------------------------------
-- coproduction.continuity
------------------------------------------------------------------------
local CONT = "coproduction.continuity"
local QUARTERS8 = "Quarters of the last 8 with at least one co-production activity"
local RECENT = "Co-production activities in the last 12 months"
local PLACES = "Places taken by young people in those activities"
local LAUNCH = "Co-production activities in the pilot's first six months"

-- The eight quarters before 2024-03-31: (2022-03-31, 2022-06-30],
-- (2022-06-30, 2022-09-30], (2022-09-30, 2022-12-31], (2022-12-31, 2023-03-31],
-- (2023-03-31, 2023-06-30], (2023-06-30, 2023-09-30], (2023-09-30, 2023-12-31],
-- (2023-12-31, 2024-03-31].

test("continuity: an activity every quarter scores 100", function(t)
  local dates = { "2022-05-01", "2022-08-01", "2022-11-01", "2023-02-01",
                  "2023-05-01", "2023-08-01", "2023-11-01", "2024-02-01" }
  local places = { 6, 4, 5, 3, 8, 7, 6, 5 }
  local rows = {}
  for i, d in ipairs(dates) do rows[i] = { date = d, level = "involved", young_people = places[i] } end
  local r = t:run { rule = CONT, stage = "sustained", data = { participation = rows } }
  local x = r.rules[CONT]
  t:eq(x.score, 100)
  t:eq(x.evidence[QUARTERS8], 8)
  t:eq(x.evidence[RECENT], 4)
  t:eq(x.evidence[PLACES], 26) -- 8 + 7 + 6 + 5 in the last 12 months
  t:eq(x.evidence[LAUNCH], nil, "no pilot_start")
  t:eq(r.action["coproduction.standing_forum"], nil)
end)

test("continuity: involvement only at launch scores low", function(t)
  local r = t:run { rule = CONT, pilot_start = "2022-04-01", pilot_end = "2023-09-30", data = { participation = {
    { date = "2022-04-15", level = "consulted", young_people = 3 },
    { date = "2022-05-20", level = "consulted", young_people = 2 },
    { date = "2022-06-10", level = "informed", young_people = 2 },
  } } }
  local x = r.rules[CONT]
  t:eq(r.stage, "transition")
  -- active in 1 of the 8 quarters: 100 * 1 / 8 = 12.5
  t:near(x.score, 12.5)
  t:eq(x.evidence[QUARTERS8], 1)
  t:eq(x.evidence[RECENT], 0)
  t:eq(x.evidence[PLACES], nil, "no activity in the last 12 months, so no places")
  t:eq(x.evidence[LAUNCH], 3) -- 2022-04-01 to 2022-09-30
  local action = r.action["coproduction.standing_forum"]
  t:eq(action.impact, 10)
  t:eq(action.why, "Young people were involved in only 1 of the last 8 quarters (0 activities in the last 12 months).")
end)

test("continuity: activities on the last day of a quarter count in that quarter", function(t)
  -- 31 December falls in the quarter (30 September, 31 December]: each of
  -- these three dates is in a quarter of its own, so 3 of 8: 37.5
  local r = t:run { rule = CONT, stage = "sustained", data = { participation = {
    { date = "2022-12-31", level = "involved" },
    { date = "2023-12-31", level = "involved" },
    { date = "2024-03-31", level = "involved" },
  } } }
  t:eq(r.rules[CONT].evidence[QUARTERS8], 3)
  t:near(r.rules[CONT].score, 37.5)
  t:eq(r.action["coproduction.standing_forum"].why,
       "Young people were involved in only 3 of the last 8 quarters (2 activities in the last 12 months).")
end)

test("continuity: places taken by fewer than 5 young people are suppressed", function(t)
  local r = t:run { rule = CONT, stage = "sustained", data = { participation = {
    { date = "2023-06-01", level = "involved", young_people = 3 },
  } } }
  t:eq(r.rules[CONT].evidence[PLACES], "c")
  t:eq(r.rules[CONT].evidence[RECENT], 1)
  local none = t:run { rule = CONT, stage = "sustained", data = { participation = {
    { date = "2023-06-01", level = "informed", young_people = 0 },
  } } }
  t:eq(none.rules[CONT].evidence[PLACES], 0, "no young person identifies nobody")
end)

test("continuity: a young pilot is judged over its own quarters", function(t)
  -- pilot from 2023-05-15: the quarters ending 2023-06-30, 2023-09-30,
  -- 2023-12-31 and 2024-03-31; active in 3 of 4 = 75, not below 0.75 * 4
  local r = t:run { rule = CONT, stage = "pilot", pilot_start = "2023-05-15", data = { participation = {
    { date = "2023-06-01", level = "involved" },
    { date = "2023-07-01", level = "involved" },
    { date = "2024-01-10", level = "involved" },
  } } }
  local x = r.rules[CONT]
  t:eq(x.evidence["Quarters of the last 4 with at least one co-production activity"], 3)
  t:near(x.score, 75)
  t:eq(x.evidence[LAUNCH], 2) -- 2023-05-15 to 2023-11-14
  t:eq(r.action["coproduction.standing_forum"], nil)
end)

test("continuity: a pilot not yet under way is not assessed, and the reason says it starts later", function(t)
  for _, start in ipairs { "2024-03-31", "2024-06-01" } do
    local r = t:run { rule = CONT, stage = "pilot", pilot_start = start,
      data = { participation = { { date = "2024-03-01", level = "informed" } } } }
    t:eq(r.rules[CONT].status, "not_assessed")
    t:eq(r.rules[CONT].reason, "the pilot starts on " .. start .. ", so there is no quarter of it to judge yet")
  end
end)

test("continuity: no activity in any quarter says none, not 'only 0'", function(t)
  local r = t:run { rule = CONT, stage = "transition",
    data = { participation = { { date = "2021-03-01", level = "informed" } } } }
  t:eq(r.rules[CONT].score, 0)
  t:eq(r.action["coproduction.standing_forum"].why,
       "Young people were involved in none of the last 8 quarters (0 activities in the last 12 months).")
end)

test("continuity: without dates it is not assessed", function(t)
  local r = t:run { rule = CONT, stage = "pilot", data = { participation = activities("level", { "led" }) } }
  t:eq(r.rules[CONT].status, "not_assessed")
  t:eq(r.rules[CONT].reason, "the participation table has no column date (see docs/data.md)")
end)

------------------------------------------------------------------------
-- coproduction.advocates
------------------------------------------------------------------------
local ADV = "coproduction.advocates"
local ADVOCACY = "Advocacy by care leavers for the service in the last two years (presentations, letters, meetings)"
local ADVOCATES = "Active care-leaver advocates in the service's leadership"

test("advocates: regular advocacy and an advocate in the leadership score 100", function(t)
  local r = t:run { rule = ADV, stage = "transition", data = {
    participation = {
      { date = "2022-05-01", kind = "advocacy", level = "led" },
      { date = "2023-10-01", kind = "advocacy", level = "led" },
      { date = "2024-03-31", kind = "advocacy", level = "led" },
      { date = "2024-01-01", kind = "consultation", level = "consulted" },
    },
    leadership = { { level = "care_leaver_advocate", active = "yes" } },
  } }
  local x = r.rules[ADV]
  -- three in the two years to 2024-03-31: 60 * min(1, 3 / 3) + 40 = 100
  t:eq(x.score, 100)
  t:eq(x.evidence[ADVOCACY], 3)
  t:eq(x.evidence[ADVOCATES], "c", "one young person: a small count")
  t:eq(r.action["coproduction.young_advocates"], nil)
end)

test("advocates: one advocacy in two years and no advocate score 20", function(t)
  local r = t:run { rule = ADV, stage = "transition", data = {
    participation = {
      { date = "2023-09-01", kind = "advocacy", level = "led" },
      { date = "2022-03-31", kind = "advocacy", level = "led" }, -- more than two years ago
    },
    leadership = { { level = "senior", active = "yes" } },
  } }
  local x = r.rules[ADV]
  t:near(x.score, 20) -- 60 * 1 / 3
  t:eq(x.evidence[ADVOCACY], 1)
  t:eq(x.evidence[ADVOCATES], 0)
  t:eq(r.action["coproduction.young_advocates"].why,
       "No care-leaver advocate in the service's leadership and 1 advocacy activity in the last two years: the people who use the service rarely make its case when its future is decided.")
end)

test("advocates: without a leadership table, advocacy alone is judged and nothing is said of advocates", function(t)
  local r = t:run { rule = ADV, stage = "transition", data = { participation = {
    { date = "2023-09-01", kind = "advocacy", level = "led" },
  } } }
  local x = r.rules[ADV]
  t:near(x.score, 100 / 3)
  t:eq(x.evidence[ADVOCATES], nil, "unknown, not 0")
  t:eq(r.action["coproduction.young_advocates"].why,
       "1 advocacy activity in the last two years: the people who use the service rarely make its case when its future is decided.")
  local none = t:run { rule = ADV, stage = "transition", data = { participation = {
    { date = "2023-09-01", kind = "consultation", level = "consulted" },
  } } }
  t:eq(none.action["coproduction.young_advocates"].why,
       "No care leaver has spoken up for the service in the last two years, so nobody who uses it makes its case when its future is decided.")
end)

test("advocates: an advocate who has stepped down does not count", function(t)
  local r = t:run { rule = ADV, stage = "transition", data = {
    participation = { { date = "2023-09-01", kind = "consultation", level = "consulted" } },
    leadership = { { level = "care_leaver_advocate", active = "no" } },
  } }
  t:eq(r.rules[ADV].score, 0)
  local action = r.action["coproduction.young_advocates"]
  t:eq(action.why,
       "No care leaver is an advocate in the service's leadership and none has spoken up for the service in the last two years, so nobody who uses it makes its case when its future is decided.")
  -- budgets may be set by councillors or, in a trust, by its board
  t:eq(action.title, "Support care leavers to tell the councillors or board members who set the budget what the service has done for them, before it is set")
end)

test("advocates: an advocate alone scores 40", function(t)
  local r = t:run { rule = ADV, stage = "transition", data = {
    participation = { { date = "2023-09-01", kind = "consultation", level = "consulted" } },
    leadership = { { level = "care_leaver_advocate", active = "yes" } },
  } }
  t:eq(r.rules[ADV].score, 40)
  t:eq(r.action["coproduction.young_advocates"].why,
       "Fewer than 5 care-leaver advocates in the service's leadership and 0 advocacy activities in the last two years: the people who use the service rarely make its case when its future is decided.")
  -- counted as the plan shows it: with suppression off, the one advocate is named as one
  local open = t:run { rule = ADV, stage = "transition", suppress_below = 1, data = {
    participation = { { date = "2023-09-01", kind = "consultation", level = "consulted" } },
    leadership = { { level = "care_leaver_advocate", active = "yes" } },
  } }
  t:eq(open.rules[ADV].evidence[ADVOCATES], 1)
  t:eq(open.action["coproduction.young_advocates"].why,
       "1 care-leaver advocate in the service's leadership and 0 advocacy activities in the last two years: the people who use the service rarely make its case when its future is decided.")
end)

test("advocates: care-leaver advocates count in co-production only, not in leadership", function(t)
  local leaders = { { level = "senior", active = "yes" }, { level = "middle", active = "yes" },
                    { level = "frontline_champion", active = "yes" } }
  local with = { { level = "care_leaver_advocate", active = "yes" } }
  for _, row in ipairs(leaders) do with[#with + 1] = row end
  local base = t:run { ingredient = "leadership", stage = "transition", data = { leadership = leaders } }
  local more = t:run { ingredient = "leadership", stage = "transition", data = { leadership = with } }
  t:near(more.ingredients.leadership.score, base.ingredients.leadership.score)
end)

test("advocates: without kinds of activity it is not assessed", function(t)
  local r = t:run { rule = ADV, stage = "transition", data = { participation = { { date = "2023-09-01", level = "led" } } } }
  t:eq(r.rules[ADV].status, "not_assessed")
  t:eq(r.rules[ADV].reason, "the participation table has no column kind (see docs/data.md)")
end)
