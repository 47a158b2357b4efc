-- Co-production: are care leavers involved from the start and throughout, and
-- does what they say change decisions?

local score = require "lib.score"
local dates = require "lib.dates"
local survey = require "lib.survey"

-- The participation ladder, lowest rung first, with the credit each rung earns.
local LADDER = {
  { level = "informed",    credit = 0 },
  { level = "consulted",   credit = 25 },
  { level = "involved",    credit = 50 },
  { level = "co-designed", credit = 80 },
  { level = "led",         credit = 100 },
}

local QUARTERS = 8 -- continuity is judged over the last two years

rule {
  id = "coproduction.voice_changes_decisions",
  ingredient = "coproduction",
  title = "Young people's input visibly changes decisions",
  needs = { "participation" },
  assess = function(a)
    local changed, n = a.data.participation:share { changed_decision = "yes" }
    a:evidence("Share of co-production activities that changed a decision", changed, n)
    if changed < 0.5 then
      a:action {
        id = "coproduction.close_the_loop",
        title = "Report back to the care leavers' council after each meeting what changed because of them, and what did not and why",
        owner = "participation lead",
        effort = "low",
        impact = 15,
        why = string.format("Only %s of %s recorded a change to a decision.",
                            score.pct(changed), score.count_of(n, "co-production activity", "co-production activities")),
      }
    end
    return 100 * changed
  end,
}

rule {
  id = "coproduction.depth",
  ingredient = "coproduction",
  title = "Care leavers are involved in designing and leading, not only informed",
  needs = { "participation" },
  assess = function(a)
    local activities = a.data.participation
    local credit, counted = 0, 0
    for _, rung in ipairs(LADDER) do
      local k = activities:count { level = rung.level }
      credit, counted = credit + k * rung.credit, counted + k
    end
    if counted == 0 then
      return nil, "no activity has a level on the participation ladder (informed, consulted, involved, co-designed, led)"
    end
    local deep, n = activities:share { level = { "involved", "co-designed", "led" } }
    local led = activities:count { level = { "co-designed", "led" } }
    a:evidence("Share of activities at 'involved' or higher", deep, n)
    a:evidence("Activities co-designed or led by young people", led)
    if deep < 0.6 then
      a:action {
        id = "coproduction.move_up_the_ladder",
        title = "Invite care leavers to co-design the next change to the service, with paid time and training",
        owner = "participation lead",
        effort = "medium",
        impact = 12,
        why = string.format("%s of co-production activities only informed or consulted young people; %d were co-designed or led by them.",
                            score.pct(1 - deep), led),
      }
    end
    return credit / counted
  end,
}

-- The first day of each of the last QUARTERS quarters before the assessment,
-- oldest first, clipped to the pilot start when the pilot is younger.
local function quarter_starts(a)
  local starts = {}
  for q = QUARTERS, 1, -1 do
    local from = dates.add_months(a.date, -3 * q)
    if not a.pilot_start or dates.add_months(from, 3) > a.pilot_start then
      starts[#starts + 1] = from
    end
  end
  return starts
end

rule {
  id = "coproduction.continuity",
  ingredient = "coproduction",
  title = "Care leavers are involved throughout, not only when the pilot was launched",
  needs = { "participation" },
  assess = function(a)
    local activities = a.data.participation
    local missing = score.missing_columns(activities, "participation", { "date" })
    if missing then return nil, missing end
    local starts = quarter_starts(a)
    if #starts == 0 then return nil, "the pilot started less than three months before the assessment" end
    local active = 0
    for _, from in ipairs(starts) do
      if activities:count { date = { gt = from, le = dates.add_months(from, 3) } } > 0 then
        active = active + 1
      end
    end
    local recent = activities:count { date = { gt = dates.last_year(a), le = a.date } }
    a:evidence(string.format("Quarters of the last %d with at least one co-production activity", #starts), active)
    a:evidence("Co-production activities in the last 12 months", recent)
    if a.pilot_start then
      local launch = activities:count { date = { ge = a.pilot_start, lt = dates.add_months(a.pilot_start, 6) } }
      a:evidence("Co-production activities in the pilot's first six months", launch)
    end
    if active < #starts then
      a:action {
        id = "coproduction.standing_forum",
        title = "Hold a care leavers' forum on the service every quarter, with dates set a year ahead and travel paid",
        owner = "participation lead",
        effort = "low",
        impact = 10,
        why = string.format("Young people were involved in only %d of the last %d quarters (%d activities in the last 12 months).",
                            active, #starts, recent),
      }
    end
    return 100 * active / #starts
  end,
}

rule {
  id = "coproduction.felt_involvement",
  ingredient = "coproduction",
  title = "Care leavers say they are listened to and involved in their own plans",
  needs = { "wellbeing" },
  assess = function(a)
    local responses = a.data.wellbeing
    local missing = score.missing_columns(responses, "wellbeing", { "involved_in_plans", "listened_to" })
    if missing then return nil, missing end
    local round = survey.latest_round(responses)
    local involved, n1 = survey.agree(round, "involved_in_plans")
    local listened, n2 = survey.agree(round, "listened_to")
    if not involved or not listened then
      return nil, "the latest wellbeing survey has no answers about involvement in plans or being listened to"
    end
    a:evidence("Care leavers who feel involved in their plans", involved, n1)
    a:evidence("Care leavers who feel listened to by the service", listened, n2)
    local felt = (involved + listened) / 2
    if felt < 0.6 then
      a:action {
        id = "coproduction.plan_with_young_people",
        title = "Ask personal advisers to write each pathway plan review with the young person, in their own words",
        owner = "leaving care team manager",
        effort = "medium",
        impact = 10,
        why = string.format("In the latest survey %s of care leavers feel involved in their plans and %s feel listened to.",
                            score.pct(involved), score.pct(listened)),
      }
    end
    return 100 * felt
  end,
}

rule {
  id = "coproduction.advocates",
  ingredient = "coproduction",
  title = "Care leavers speak up for keeping the service, to managers and councillors",
  needs = { "participation" },
  assess = function(a)
    local activities = a.data.participation
    local missing = score.missing_columns(activities, "participation", { "date", "kind" })
    if missing then return nil, missing end
    local advocacy = activities:count { kind = "advocacy", date = { gt = dates.last_year(a), le = a.date } }
    local advocates = 0
    if a.data.leadership and #a.data.leadership > 0 then
      advocates = a.data.leadership:count { level = "care_leaver_advocate", active = "yes" }
    end
    a:evidence("Advocacy by care leavers for the service in the last 12 months (presentations, letters, meetings)", advocacy)
    a:evidence("Active care-leaver advocates in the service's leadership", advocates)
    local s = 60 * math.min(1, advocacy / 3) + (advocates > 0 and 40 or 0)
    if s < 60 then
      a:action {
        id = "coproduction.young_advocates",
        title = "Support care leavers to present what the service has done for them to councillors before the budget is set",
        owner = "participation lead",
        effort = "low",
        impact = 12,
        why = string.format("%s in the service's leadership and %s in the last 12 months: the people who use the service are barely heard when its future is decided.",
                            score.count_of(advocates, "care-leaver advocate", "care-leaver advocates"),
                            score.count_of(advocacy, "advocacy activity", "advocacy activities")),
      }
    end
    return s
  end,
}
