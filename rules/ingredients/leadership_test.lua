-- Tests of leadership.lua: for each rule a strong case, a weak case and a
-- missing-data case, with the score worked out by hand in the comments, and
-- the facts each rule must leave to another (care-leaver advocates, the
-- elected member, the day-to-day lead), so that each counts once.

-- Leadership rows from "level:active" pairs.
local function leaders(list)
  local rows = {}
  for i, spec in ipairs(list) do
    local level, active = spec:match("^([%w_]+):(%a+)$")
    rows[i] = { level = level, active = active }
  end
  return rows
end

local EVERY_LEVEL = { "senior:yes", "middle:yes", "hybrid_middle:yes", "frontline_champion:yes",
                      "frontline_champion:yes", "elected_member:yes", "care_leaver_advocate:yes" }

------------------------------------------------------------------------
-- leadership.distributed
------------------------------------------------------------------------
local DIST = "leadership.distributed"
local LEVELS = "Levels of the organisation with an active leader of the service (of 3: senior, middle, front line)"

test("distributed: leaders at the three levels of the organisation score 100", function(t)
  local r = t:run { suppress_below = 1, rule = DIST, stage = "sustained", data = { leadership = leaders(EVERY_LEVEL) } }
  local x = r.rules[DIST]
  t:eq(x.score, 100)
  t:eq(x.evidence[LEVELS], 3)
  t:eq(x.evidence["Active frontline champions"], 2)
  t:eq(r.action["leadership.name_champions"], nil)
end)

test("distributed: a middle manager of either kind fills the middle level", function(t)
  local r = t:run { rule = DIST, stage = "sustained", data = { leadership = leaders {
    "senior:yes", "hybrid_middle:yes", "frontline_champion:yes" } } }
  t:eq(r.rules[DIST].score, 100)
end)

test("distributed: senior managers alone score low and name the missing levels", function(t)
  local r = t:run { rule = DIST, stage = "sustained", data = { leadership = leaders {
    "senior:yes", "senior:yes", "middle:no", "frontline_champion:no", "elected_member:yes",
    "care_leaver_advocate:yes" } } }
  local x = r.rules[DIST]
  -- 1 of 3 levels; the elected member and the care-leaver advocate count
  -- elsewhere (political_sponsor, coproduction.advocates), not here
  t:near(x.score, 100 / 3)
  t:eq(x.evidence[LEVELS], 1)
  t:eq(x.evidence["Active frontline champions"], 0)
  local action = r.action["leadership.name_champions"]
  t:eq(action.title, "Name a leader for the service at each level that has none: middle manager (ideally one with a social work or personal adviser background); frontline champion")
  t:eq(action.impact, 18) -- 8 + 5 * 2 missing levels
  t:eq(action.why, "Only 1 of the 3 levels of the organisation have an active leader of the service; in the study, leadership from the top alone was never enough to sustain a service.")
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
  local r = t:run { suppress_below = 1, rule = POL, stage = "transition", data = { leadership = leaders { "elected_member:yes", "senior:yes" } } }
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
  -- support for care leavers is a legal duty: only what the service adds is discretionary
  t:eq(action.why, "No elected member is recorded as an active sponsor. Support for care leavers is a legal duty, but what this service adds to it is the council's choice, and a choice needs a councillor to defend it when budgets are set.")
end)

test("political_sponsor: the elected member is the only gap it names; other rules do not ask again", function(t)
  local r = t:run { ingredient = "leadership", stage = "transition", pilot_start = "2021-01-01", data = { leadership = {
    { level = "senior", active = "yes", project_role = "sponsor" },
    { level = "hybrid_middle", active = "yes", project_role = "lead" },
    { level = "frontline_champion", active = "yes", project_role = "champion" },
    { level = "elected_member", active = "no", project_role = "sponsor", left = "2023-05-01" },
  } } }
  t:ok(r.action["leadership.brief_lead_member"], "political_sponsor asks for a lead member")
  for _, action in ipairs(r.actions) do
    if action.id ~= "leadership.brief_lead_member" then
      t:ok(not action.title:find("elected member", 1, true), action.id .. ": " .. action.title)
    end
  end
  -- the three staff levels are all there, and the lost member is not a staff level
  t:eq(r.rules[DIST].score, 100)
  t:eq(r.rules["leadership.continuity"].score, 100)
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
  local r = t:run { suppress_below = 1, rule = TOP, stage = "sustained", data = { leadership = leaders {
    "senior:yes", "senior:yes", "middle:yes", "middle:yes", "hybrid_middle:yes",
    "frontline_champion:yes", "frontline_champion:yes", "frontline_champion:yes", "senior:no",
    "elected_member:yes", "care_leaver_advocate:yes" } } }
  local x = r.rules[TOP]
  -- 2 of the 8 active staff leaders are senior: 0.25 maps to 100; the
  -- elected member and the care leaver are not staff and are left out
  t:eq(x.score, 100)
  t:eq(x.evidence["Active leaders among the staff"], 8)
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

test("not_top_heavy: three quarters senior scores 0 and proposes seats for the rest", function(t)
  local r = t:run { rule = TOP, stage = "sustained", data = { leadership = leaders {
    "senior:yes", "senior:yes", "senior:yes", "middle:yes", "middle:no", "frontline_champion:no" } } }
  local x = r.rules[TOP]
  t:eq(x.score, 0)
  -- 4 people: a small count, and so the share of them
  t:eq(x.evidence["Active leaders among the staff"], "c")
  t:eq(x.evidence["Share of them who are senior managers"], "c")
  local action = r.action["leadership.delegate_decisions"]
  t:eq(action.title, "Give middle managers and frontline practitioners seats on the service's steering group")
  t:eq(action.why, "More than half of the active leaders among the staff are senior managers: leadership sits with a few people at the top.")
  local open = t:run { suppress_below = 1, rule = TOP, stage = "sustained", data = { leadership = leaders {
    "senior:yes", "senior:yes", "senior:yes", "middle:yes", "middle:no", "frontline_champion:no" } } }
  t:eq(open.rules[TOP].evidence["Active leaders among the staff"], 4)
  t:eq(open.rules[TOP].evidence["Share of them who are senior managers"], 0.75)
  t:eq(open.action["leadership.delegate_decisions"].why,
       "75% of the 4 active leaders among the staff are senior managers: leadership sits with a few people at the top.")
end)

test("not_top_heavy: with nobody active among the staff it is not assessed", function(t)
  local r = t:run { rule = TOP, stage = "sustained", data = { leadership = leaders { "senior:no", "middle:no", "elected_member:yes" } } }
  t:eq(r.rules[TOP].status, "not_assessed")
  t:eq(r.rules[TOP].reason, "no active leader among the staff is recorded")
end)

------------------------------------------------------------------------
-- leadership.hybrid_middle_manager
------------------------------------------------------------------------
local HYB = "leadership.hybrid_middle_manager"

test("hybrid_middle_manager: a hybrid middle manager scores 100", function(t)
  local r = t:run { suppress_below = 1, rule = HYB, stage = "transition", data = { leadership = leaders { "hybrid_middle:yes", "middle:yes" } } }
  local x = r.rules[HYB]
  t:eq(x.score, 100)
  t:eq(x.evidence["Active middle managers with a practice background"], 1)
  t:eq(x.evidence["Other active middle managers"], 1)
  t:eq(r.action["leadership.hybrid_manager"], nil)
end)

test("hybrid_middle_manager: middle managers without a practice background score 60", function(t)
  local r = t:run { rule = HYB, stage = "transition", data = { leadership = leaders { "middle:yes", "hybrid_middle:no" } } }
  t:eq(r.rules[HYB].score, 60)
  local action = r.action["leadership.hybrid_manager"]
  t:eq(action.impact, 8)
  t:eq(action.why, "The middle managers leading the service have no practice background; in the study, managers who combined practice and management saw gaps in the service that others missed.")
end)

test("hybrid_middle_manager: a senior day-to-day lead is one gap, named once, found by both rules", function(t)
  -- the middle manager exists but the senior team leads day to day:
  -- receptivity.devolve_project_lead asks to hand over to a manager with a
  -- practice background; this rule finds the same gap and says so
  local r = t:run { stage = "transition", data = { leadership = {
    { level = "senior", active = "yes", project_role = "lead" },
    { level = "middle", active = "yes", project_role = "member" },
  } } }
  t:eq(r.rules[HYB].score, 60)
  t:eq(r.action["leadership.hybrid_manager"], nil)
  t:eq(r.action["leadership.hybrid_lead"], nil, "merged into receptivity's action")
  local lead = r.action["receptivity.devolve_project_lead"]
  t:ok(lead.title:find("social work or personal adviser background", 1, true))
  t:eq(lead.gap, "receptivity.devolved_lead")
  t:eq(lead.found_by, { "receptivity.devolved_project_lead", "leadership.hybrid_middle_manager" })
  t:ok(lead.why:find("The middle managers helping to lead the service have no practice background", 1, true), lead.why)
  -- with the day-to-day lead at the middle level, the background is this rule's gap
  local devolved = t:run { stage = "transition", data = { leadership = {
    { level = "senior", active = "yes", project_role = "sponsor" },
    { level = "middle", active = "yes", project_role = "lead" },
  } } }
  t:ok(devolved.action["leadership.hybrid_manager"])
  t:eq(devolved.action["receptivity.devolve_project_lead"], nil)
end)

test("hybrid_middle_manager: no middle manager scores 0, and distributed's action names the level", function(t)
  local r = t:run { ingredient = "leadership", stage = "transition", data = { leadership = leaders { "senior:yes" } } }
  t:eq(r.rules[HYB].score, 0)
  t:eq(r.action["leadership.hybrid_manager"], nil)
  local levels = r.action["leadership.name_champions"]
  t:ok(levels.title:find("middle manager (ideally one with a social work or personal adviser background)", 1, true))
  t:eq(levels.found_by, { "leadership.distributed", "leadership.hybrid_middle_manager" })
  -- alone (distributed switched off or replaced), its own proposal stands
  local alone = t:run { rule = HYB, stage = "transition", data = { leadership = leaders { "senior:yes" } } }
  t:eq(alone.action["leadership.name_middle_manager"].title,
       "Name a middle manager, ideally one with a social work or personal adviser background, to help lead the service")
end)

test("hybrid_middle_manager: without a leadership table it is not assessed", function(t)
  local r = t:run { rule = HYB, stage = "transition" }
  t:eq(r.rules[HYB].status, "not_assessed")
end)

------------------------------------------------------------------------
-- leadership.continuity
------------------------------------------------------------------------
local CONT = "leadership.continuity"
local LOST = "Staff leaders who have moved on since the pilot began"
local UNFILLED = "Levels they left with no active leader"

test("continuity: nobody moving on scores 100", function(t)
  local r = t:run { rule = CONT, stage = "sustained", data = { leadership = leaders(EVERY_LEVEL) } }
  t:eq(r.rules[CONT].score, 100)
  t:eq(r.rules[CONT].evidence[LOST], 0)
  t:eq(r.rules[CONT].evidence[UNFILLED], 0)
  t:eq(r.action["leadership.plan_succession"], nil)
end)

test("continuity: a leaver replaced at every level scores 100, without an action", function(t)
  local r = t:run { suppress_below = 1, rule = CONT, stage = "sustained", data = { leadership = leaders { "senior:no", "senior:yes" } } }
  -- 1 level lost, 0 unfilled: 100 * (1 - 0) / 1
  t:eq(r.rules[CONT].score, 100)
  t:eq(r.rules[CONT].evidence[LOST], 1)
  t:eq(r.action["leadership.plan_succession"], nil)
end)

test("continuity: a level left empty halves the score and asks for succession planning", function(t)
  local r = t:run { suppress_below = 1, rule = CONT, stage = "sustained", pilot_start = "2020-04-01", data = { leadership = {
    { level = "senior", active = "no", left = "2021-06-30" },
    { level = "senior", active = "yes" },
    { level = "middle", active = "no", left = "2022-01-31" },
    { level = "middle", active = "no", left = "2023-02-28" },
    { level = "frontline_champion", active = "no", left = "2019-12-31" }, -- before the pilot
    { level = "frontline_champion", active = "yes" },
    { level = "care_leaver_advocate", active = "no", left = "2023-01-31" }, -- counted in co-production
  } } }
  local x = r.rules[CONT]
  -- since the pilot: 1 senior (replaced) and 2 middle (not): levels lost 2,
  -- unfilled 1; 100 * (2 - 1) / 2 = 50
  t:eq(x.score, 50)
  t:eq(x.evidence[LOST], 3)
  t:eq(x.evidence[UNFILLED], 1)
  local action = r.action["leadership.plan_succession"]
  t:eq(action.title, "Name a deputy for each of the service's leaders, with a written handover, so that the next person to move on does not leave a gap")
  t:eq(action.impact, 7) -- 4 + 3 * 1
  t:eq(action.gap, "leadership.succession")
  t:eq(action.why, "Since the pilot began, 3 staff leaders have moved on with nobody ready to take over.")
  -- the middle level is now empty: the gap of the missing levels, found here too
  local replace = r.action["leadership.replace_leaders"]
  t:eq(replace.gap, "leadership.levels")
  t:eq(replace.title, "Name a new leader for the service at each level left empty when someone moved on: middle manager "
    .. "(ideally one with a social work or personal adviser background)")
  t:eq(replace.why, "Nobody has taken over as middle manager since the last one moved on.")
end)

test("continuity: a table level left with nobody, while its level of the organisation has a leader, is no missing level", function(t)
  local r = t:run { rule = CONT, stage = "sustained", pilot_start = "2020-04-01", data = { leadership = {
    { level = "middle", active = "no", left = "2022-01-31" }, { level = "hybrid_middle", active = "yes" },
  } } }
  t:ok(r.action["leadership.plan_succession"], "nobody took over as middle manager")
  t:eq(r.action["leadership.replace_leaders"], nil, "a middle manager with a practice background leads")
end)

test("continuity: it weighs half, since a level it finds empty is also missing for distributed", function(t)
  local r = t:run { ingredient = "leadership", stage = "sustained", pilot_start = "2020-04-01", data = { leadership = {
    { level = "senior", active = "yes" }, { level = "hybrid_middle", active = "yes" },
    { level = "frontline_champion", active = "no", left = "2023-01-31" }, { level = "elected_member", active = "yes" },
  } } }
  -- distributed 66.667, political 100, not_top_heavy 50 (1 of 2 staff
  -- leaders senior), hybrid 100, continuity 0 at weight 0.5:
  -- (66.667 + 100 + 50 + 100 + 0) / 4.5 = 70.370; receptivity (senior_sponsor 80)
  -- leaves room, so the pass-2 rule is neutral
  t:near(r.ingredients.leadership.score, (200 / 3 + 250) / 4.5)
end)

test("continuity: a left column still blank (nobody has left yet) works with pilot dates", function(t)
  -- a leadership file with a `left` column that nobody has filled in yet;
  -- an empty column is not a column of dates, which the rule must survive
  local r = t:run { suppress_below = 1, rule = CONT, stage = "sustained", pilot_start = "2020-01-01",
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
  -- distributed 1/3 = 33.333, political 0, top-heavy 0 (share 1), hybrid 0,
  -- continuity 0 (middle lost, not replaced) at weight 0.5: pass-1 mean
  -- 33.333 / 4.5 = 7.407. Receptivity reads the same table: senior_sponsor
  -- scores 80 (senior leaders, no project roles), so the pass-2
  -- recipe.leadership_needs_room is neutral (receptivity 80 >= 50) and the
  -- score stays 7.407
  t:near(r.ingredients.leadership.score, (100 / 3) / 4.5)
  t:near(r.rules["recipe.leadership_needs_room"].score, (100 / 3) / 4.5)
  t:eq(r.ingredients.leadership.weight, 1.4)
  t:ok(r.action["leadership.name_champions"] and r.action["leadership.brief_lead_member"]
       and r.action["leadership.delegate_decisions"] and r.action["leadership.plan_succession"],
       "an action from each rule with a gap of its own")
  t:eq(r.action["leadership.hybrid_manager"], nil, "no middle manager: name_champions asks for one")
  -- the missing middle level is one gap, found by three rules: one action
  local levels = r.action["leadership.name_champions"]
  t:eq(levels.gap, "leadership.levels")
  t:eq(levels.found_by, { "leadership.distributed", "leadership.hybrid_middle_manager", "leadership.continuity" })
  t:eq(r.action["leadership.name_middle_manager"], nil, "merged into the one action")
  t:eq(r.action["leadership.replace_leaders"], nil, "merged into the one action")
  t:ok(levels.why:find("No middle manager helps lead the service", 1, true), levels.why)
  t:ok(levels.why:find("Nobody has taken over as middle manager since the last one moved on.", 1, true), levels.why)
end)

test("continuity: a small number of leaders who moved on is not quoted", function(t)
  local r = t:run { rule = CONT, stage = "sustained", data = { leadership = leaders { "middle:no", "middle:no", "senior:yes" } } }
  t:eq(r.rules[CONT].evidence[LOST], "c")
  t:eq(r.action["leadership.plan_succession"].why,
       "Since the pilot began, fewer than 5 staff leaders have moved on with nobody ready to take over.")
end)
