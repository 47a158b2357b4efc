-- Tests of leadership.lua: for each rule a strong case, a weak case and a
-- missing-data case, with the score worked out by hand in the comments.

-- Leadership rows from "level:active" pairs.
local function leaders(list)
  local rows = {}
  for i, spec in ipairs(list) do
    local level, active = spec:match("^([%w_]+):(%a+)$")
    rows[i] = { level = level, active = active }
  end
  return rows
end

local ALL_SIX = { "senior:yes", "middle:yes", "hybrid_middle:yes", "frontline_champion:yes",
                  "frontline_champion:yes", "elected_member:yes", "care_leaver_advocate:yes" }

------------------------------------------------------------------------
-- leadership.distributed
------------------------------------------------------------------------
local DIST = "leadership.distributed"

test("distributed: leaders at all six levels score 100", function(t)
  local r = t:run { rule = DIST, stage = "sustained", data = { leadership = leaders(ALL_SIX) } }
  local x = r.rules[DIST]
  t:eq(x.score, 100)
  t:eq(x.evidence["Levels with an active leader (of 6)"], 6)
  t:eq(x.evidence["Active frontline champions"], 2)
  t:eq(r.action["leadership.name_champions"], nil)
end)

test("distributed: senior managers alone score low and name the missing levels", function(t)
  local r = t:run { rule = DIST, stage = "sustained", data = { leadership = leaders {
    "senior:yes", "senior:yes", "middle:no", "frontline_champion:no" } } }
  local x = r.rules[DIST]
  -- 1 of 6 levels: 100 / 6 = 16.667
  t:near(x.score, 100 / 6)
  t:eq(x.evidence["Levels with an active leader (of 6)"], 1)
  t:eq(x.evidence["Active frontline champions"], 0)
  local action = r.action["leadership.name_champions"]
  t:eq(action.title, "Name a champion for the service at each missing level: middle manager, middle manager with a practice background, frontline champion, elected member, care-leaver advocate")
  t:eq(action.impact, 25) -- 10 + 3 * 5 missing levels
  t:eq(action.why, "Only 1 of 6 levels have an active leader; a service led from the top alone rarely outlives its pilot.")
end)

test("distributed: without a leadership table it is not assessed", function(t)
  local r = t:run { rule = DIST, stage = "sustained" }
  t:eq(r.rules[DIST].status, "not_assessed")
  t:eq(r.rules[DIST].reason, "no source provides the table 'leadership'")
  t:eq(r.ingredients.leadership.score, nil)
end)

------------------------------------------------------------------------
-- leadership.political_sponsor
------------------------------------------------------------------------
local POL = "leadership.political_sponsor"

test("political_sponsor: an active elected member scores 100", function(t)
  local r = t:run { rule = POL, stage = "transition", data = { leadership = leaders { "elected_member:yes", "senior:yes" } } }
  t:eq(r.rules[POL].score, 100)
  t:eq(r.rules[POL].evidence["Active elected member sponsors"], 1)
  t:eq(r.action["leadership.brief_lead_member"], nil)
end)

test("political_sponsor: an elected member who has stepped down scores 0", function(t)
  local r = t:run { rule = POL, stage = "transition", data = { leadership = leaders { "elected_member:no", "senior:yes" } } }
  t:eq(r.rules[POL].score, 0)
  t:eq(r.rules[POL].evidence["Active elected member sponsors"], 0)
  local action = r.action["leadership.brief_lead_member"]
  t:eq(action.owner, "head of service")
  t:eq(action.impact, 12)
end)

test("political_sponsor: without a leadership table it is not assessed", function(t)
  local r = t:run { rule = POL, stage = "transition" }
  t:eq(r.rules[POL].reason, "no source provides the table 'leadership'")
end)

------------------------------------------------------------------------
-- leadership.not_top_heavy
------------------------------------------------------------------------
local TOP = "leadership.not_top_heavy"

test("not_top_heavy: a quarter senior scores 100", function(t)
  local r = t:run { rule = TOP, stage = "sustained", data = { leadership = leaders {
    "senior:yes", "senior:yes", "middle:yes", "middle:yes", "hybrid_middle:yes",
    "frontline_champion:yes", "frontline_champion:yes", "elected_member:yes", "senior:no" } } }
  local x = r.rules[TOP]
  -- 2 of 8 active are senior: 0.25 maps to 100
  t:eq(x.score, 100)
  t:eq(x.evidence["Active leaders"], 8)
  t:eq(x.evidence["Share of them who are senior managers"], 0.25)
  t:eq(r.action["leadership.delegate_decisions"], nil)
end)

test("not_top_heavy: half senior scores 50, without an action", function(t)
  local r = t:run { rule = TOP, stage = "sustained", data = { leadership = leaders {
    "senior:yes", "senior:yes", "middle:yes", "frontline_champion:yes" } } }
  -- 0.5 is halfway from 0.75 (0) to 0.25 (100)
  t:near(r.rules[TOP].score, 50)
  t:eq(r.action["leadership.delegate_decisions"], nil, "only above a half")
end)

test("not_top_heavy: three quarters senior scores 0 and proposes delegating", function(t)
  local r = t:run { rule = TOP, stage = "sustained", data = { leadership = leaders {
    "senior:yes", "senior:yes", "senior:yes", "middle:yes", "middle:no", "frontline_champion:no" } } }
  local x = r.rules[TOP]
  t:eq(x.score, 0)
  t:eq(x.evidence["Active leaders"], 4)
  t:eq(x.evidence["Share of them who are senior managers"], 0.75)
  t:eq(r.action["leadership.delegate_decisions"].why,
       "75% of the 4 active leaders are senior managers: leadership sits with a few people at the top.")
end)

test("not_top_heavy: with nobody active it is not assessed", function(t)
  local r = t:run { rule = TOP, stage = "sustained", data = { leadership = leaders { "senior:no", "middle:no" } } }
  t:eq(r.rules[TOP].status, "not_assessed")
  t:eq(r.rules[TOP].reason, "no active leader is recorded")
end)

------------------------------------------------------------------------
-- leadership.hybrid_middle_manager
------------------------------------------------------------------------
local HYB = "leadership.hybrid_middle_manager"

test("hybrid_middle_manager: a hybrid middle manager scores 100", function(t)
  local r = t:run { rule = HYB, stage = "transition", data = { leadership = leaders { "hybrid_middle:yes", "middle:yes" } } }
  local x = r.rules[HYB]
  t:eq(x.score, 100)
  t:eq(x.evidence["Active middle managers with a practice background"], 1)
  t:eq(x.evidence["Other active middle managers"], 1)
  t:eq(r.action["leadership.hybrid_manager"], nil)
end)

test("hybrid_middle_manager: middle managers without a practice background score 60", function(t)
  local r = t:run { rule = HYB, stage = "transition", data = { leadership = leaders { "middle:yes", "hybrid_middle:no" } } }
  t:eq(r.rules[HYB].score, 60)
  t:eq(r.action["leadership.hybrid_manager"].impact, 8)
  t:eq(r.action["leadership.hybrid_manager"].why,
       "The middle managers leading the service have no practice background, so practice and management are not bridged.")
end)

test("hybrid_middle_manager: no middle manager scores 0", function(t)
  local r = t:run { rule = HYB, stage = "transition", data = { leadership = leaders { "senior:yes" } } }
  t:eq(r.rules[HYB].score, 0)
  t:eq(r.action["leadership.hybrid_manager"].impact, 14)
  t:eq(r.action["leadership.hybrid_manager"].why, "No middle manager leads the service, so nobody links the senior team with practice.")
end)

test("hybrid_middle_manager: without a leadership table it is not assessed", function(t)
  local r = t:run { rule = HYB, stage = "transition" }
  t:eq(r.rules[HYB].status, "not_assessed")
end)

------------------------------------------------------------------------
-- leadership.continuity
------------------------------------------------------------------------
local CONT = "leadership.continuity"
local LOST = "Leaders who have moved on since the pilot began"
local UNFILLED = "Levels left with no active leader after someone moved on"

test("continuity: nobody moving on scores 100", function(t)
  local r = t:run { rule = CONT, stage = "sustained", data = { leadership = leaders(ALL_SIX) } }
  t:eq(r.rules[CONT].score, 100)
  t:eq(r.rules[CONT].evidence[LOST], 0)
  t:eq(r.rules[CONT].evidence[UNFILLED], 0)
  t:eq(r.action["leadership.replace_leavers"], nil)
end)

test("continuity: a leaver replaced at every level scores 100, without an action", function(t)
  local r = t:run { rule = CONT, stage = "sustained", data = { leadership = leaders { "senior:no", "senior:yes" } } }
  -- 1 level lost, 0 unfilled: 100 * (1 - 0) / 1
  t:eq(r.rules[CONT].score, 100)
  t:eq(r.rules[CONT].evidence[LOST], 1)
  t:eq(r.action["leadership.replace_leavers"], nil)
end)

test("continuity: a level left empty halves the score and asks for a successor", function(t)
  local r = t:run { rule = CONT, stage = "sustained", pilot_start = "2020-04-01", data = { leadership = {
    { level = "senior", active = "no", left = "2021-06-30" },
    { level = "senior", active = "yes" },
    { level = "middle", active = "no", left = "2022-01-31" },
    { level = "middle", active = "no", left = "2023-02-28" },
    { level = "frontline_champion", active = "no", left = "2019-12-31" }, -- before the pilot
    { level = "frontline_champion", active = "yes" },
  } } }
  local x = r.rules[CONT]
  -- since the pilot: 1 senior (replaced) and 2 middle (not): levels lost 2,
  -- unfilled 1; 100 * (2 - 1) / 2 = 50
  t:eq(x.score, 50)
  t:eq(x.evidence[LOST], 3)
  t:eq(x.evidence[UNFILLED], 1)
  local action = r.action["leadership.replace_leavers"]
  t:eq(action.title, "Name a successor for each leadership role left empty: middle manager")
  t:eq(action.impact, 10) -- 6 + 4 * 1
  t:eq(action.why, "3 leaders have moved on and nobody has taken over at 1 level.")
end)

test("continuity: a left column still blank (nobody has left yet) works with pilot dates", function(t)
  -- a leadership file with a `left` column that nobody has filled in yet;
  -- an empty column is not a column of dates, which the rule must survive
  local r = t:run { rule = CONT, stage = "sustained", pilot_start = "2020-01-01",
    data = { leadership = "fixtures/leadership_left_blank.csv" } }
  local x = r.rules[CONT]
  t:eq(x.status, "assessed", x.message)
  -- the middle manager who moved on has no date: counted, level unfilled
  t:eq(x.evidence[LOST], 1)
  t:eq(x.score, 0)
end)

test("continuity: without a leadership table it is not assessed", function(t)
  local r = t:run { rule = CONT, stage = "sustained" }
  t:eq(r.rules[CONT].reason, "no source provides the table 'leadership'")
end)

------------------------------------------------------------------------
-- the ingredient as a whole
------------------------------------------------------------------------
test("leadership: a top-down service scores low across the ingredient", function(t)
  local r = t:run { ingredient = "leadership", stage = "sustained",
    data = { leadership = leaders { "senior:yes", "senior:yes", "senior:yes", "middle:no" } } }
  -- distributed 1/6 = 16.667, political 0, top-heavy 0 (share 1), hybrid 0,
  -- continuity 0 (middle lost, not replaced): pass-1 mean 16.667 / 5 = 3.333.
  -- Receptivity reads the same table: senior_sponsor scores 80 (senior
  -- leaders, no project roles), so the pass-2 recipe.leadership_needs_room
  -- is neutral (receptivity 80 >= 50) and returns 3.333: the score stays 3.333
  t:near(r.ingredients.leadership.score, 100 / 30)
  t:near(r.rules["recipe.leadership_needs_room"].score, 100 / 30)
  t:eq(r.ingredients.leadership.weight, 1.4)
  t:ok(r.action["leadership.name_champions"] and r.action["leadership.brief_lead_member"]
       and r.action["leadership.delegate_decisions"] and r.action["leadership.hybrid_manager"]
       and r.action["leadership.replace_leavers"], "an action from each rule")
end)
