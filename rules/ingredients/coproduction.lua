-- Co-production: do care leavers take part in shaping the service at every
-- stage, not just at the launch, how far up the participation ladder, and
-- does what they say change decisions and make the case for the service?
--
-- How involved young people feel in their own pathway plans is everyday
-- practice, not co-production of the service: receptivity.young_people_heard
-- reads it. Care-leaver advocates count here only, not among the leadership
-- levels.

local score = require "lib.score"
local dates = require "lib.dates"

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
    local missing = score.missing_columns(a.data.participation, "participation", { "changed_decision" })
    if missing then return nil, missing end
    local changed, n = a.data.participation:share { changed_decision = "yes" }
    a:evidence("Co-production activities recorded", n)
    a:evidence("Share of them that changed a decision", changed,
      { share = true, plain = "{value} of the times young people helped with the service, what they said changed a decision." })
    if changed < 0.5 then
      a:action {
        id = "coproduction.close_the_loop",
        plain = "Tell you, each time you help with the service, what changed because of you, and what did not and why",
        gap = "coproduction.influence",
        title = "After each co-production activity, tell the young people involved what changed because of them, and what did not and why",
        owner = "participation lead",
        effort = "low",
        impact = 15,
        why = changed == 0
          and string.format("None of the %s recorded a change to a decision.",
                            score.count_of(n, "co-production activity", "co-production activities"))
          or string.format("Only %s of %s recorded a change to a decision.",
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
    local deep = activities:count { level = { "involved", "co-designed", "led" } } / counted
    local led = activities:count { level = { "co-designed", "led" } }
    a:evidence("Share of activities at 'involved' or higher", deep,
      { share = true, plain = "{value} of the times young people helped with the service, they helped plan or lead it, not just hear about it or give views." })
    a:evidence("Activities co-designed or led by young people", led)
    if deep < 0.6 then
      a:action {
        id = "coproduction.move_up_the_ladder",
        plain = "Ask care leavers to help design the next change to the service, and pay you for your time and training",
        gap = "coproduction.depth",
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

-- The last QUARTERS quarters before the assessment, oldest first, each
-- { from, to } for the days after `from` up to `to`, clipped to the pilot
-- start when the pilot is younger. Each quarter ends where the next begins.
local function quarter_starts(a)
  local starts = {}
  for q = QUARTERS, 1, -1 do
    local from, to = dates.add_months(a.date, -3 * q), dates.add_months(a.date, -3 * (q - 1))
    if not a.pilot_start or to > a.pilot_start then
      starts[#starts + 1] = { from = from, to = to }
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
    -- a pilot that starts on the assessment date or later has no quarter yet
    if a.pilot_start and a.pilot_start >= a.date then
      return nil, "the pilot starts on " .. a.pilot_start .. ", so there is no quarter of it to judge yet"
    end
    local starts = quarter_starts(a)
    local active = 0
    for _, quarter in ipairs(starts) do
      if activities:count { date = { gt = quarter.from, le = quarter.to } } > 0 then
        active = active + 1
      end
    end
    local recent = activities:count { date = { gt = dates.last_year(a), le = a.date } }
    a:evidence(string.format("Quarters of the last %d with at least one co-production activity", #starts), active,
      { plain = string.format("Young people helped with the service in {value} of the last %d three-month periods.", #starts) })
    a:evidence("Co-production activities in the last 12 months", recent,
      { plain = "Meetings and activities where young people helped with the service in the last 12 months: {value}." })
    if not score.missing_columns(activities, "participation", { "young_people" }) then
      local places = activities:sum("young_people", { date = { gt = dates.last_year(a), le = a.date } })
      -- places are young people: 1 to 4 of them are shown as "c"
      if places and places > 0 then
        a:evidence("Places taken by young people in those activities", places,
          { n = places, plain = "Places young people took in meetings and activities about the service in the last 12 months: {value}." })
      elseif places then
        a:evidence("Places taken by young people in those activities", 0,
          { plain = "Places young people took in meetings and activities about the service in the last 12 months: {value}." })
      end
    end
    if a.pilot_start then
      local launch = activities:count { date = { ge = a.pilot_start, lt = dates.add_months(a.pilot_start, 6) } }
      a:evidence("Co-production activities in the pilot's first six months", launch)
    end
    if active < 0.75 * #starts then
      a:action {
        id = "coproduction.standing_forum",
        plain = "Hold a care leavers' meeting about the service every three months, with dates set a year ahead and travel paid",
        gap = "coproduction.continuity",
        title = "Hold a care leavers' forum on the service every quarter, with dates set a year ahead and travel paid",
        owner = "participation lead",
        effort = "low",
        impact = 10,
        why = string.format("Young people were involved in %s of the last %d quarters (%s in the last 12 months).",
                            active == 0 and "none" or ("only " .. active), #starts,
                            score.count_of(recent, "activity", "activities")),
      }
    end
    return 100 * active / #starts
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
    -- budgets are set once a year and advocacy gathers around them, so two
    -- years (two budget rounds) are judged, as continuity judges eight quarters
    local advocacy = activities:count { kind = "advocacy", date = { gt = dates.add_months(a.date, -24), le = a.date } }
    a:evidence("Advocacy by care leavers for the service in the last two years (presentations, letters, meetings)", advocacy,
      { plain = "Times care leavers spoke up for the service to managers or councillors in the last two years: {value}." })
    -- without a leadership table nothing is known about advocates in it, so
    -- advocacy alone is judged
    local known = a.data.leadership and #a.data.leadership > 0
    local advocates = known and a.data.leadership:count { level = "care_leaver_advocate", active = "yes" } or 0
    local s
    if known then
      a:evidence("Active care-leaver advocates in the service's leadership", advocates, advocates)
      s = 60 * math.min(1, advocacy / 3) + (advocates > 0 and 40 or 0)
    else
      s = 100 * math.min(1, advocacy / 3)
    end
    if s < 60 then
      local why
      if advocacy == 0 and advocates == 0 then
        why = (known and "No care leaver is an advocate in the service's leadership and none" or "No care leaver")
          .. " has spoken up for the service in the last two years, so nobody who uses it makes its case when its future is decided."
      else
        why = string.format("%s%s in the last two years: the people who use the service rarely make its case when its future is decided.",
                            known and (score.People(a, advocates, "care-leaver advocate", "care-leaver advocates")
                                       .. " in the service's leadership and ") or "",
                            score.count_of(advocacy, "advocacy activity", "advocacy activities"))
      end
      a:action {
        id = "coproduction.young_advocates",
        plain = "Help care leavers tell the people who decide the budget what the service has done for them, before they decide",
        gap = "coproduction.advocates",
        title = "Support care leavers to tell the councillors or board members who set the budget what the service has done for them, before it is set",
        owner = "participation lead",
        effort = "low",
        impact = 12,
        why = why,
      }
    end
    return s
  end,
}
