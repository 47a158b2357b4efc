-- Measurement: does the service measure more than box-ticking KPIs: soft
-- outcomes that young people say matter, measures they helped design, measures
-- used in decisions? The hard outcomes from the authority's SSDA903 records
-- are in outcomes.lua, the comparisons with DfE's published figures in
-- measurement_dfe.lua; both belong to this ingredient too.

local score = require "lib.score"
local dates = require "lib.dates"
local oc3 = require "lib.oc3"
local survey = require "lib.survey"

-- Soft-outcome topics a service should track at the least (measures.topic).
local CORE_SOFT_TOPICS = { "wellbeing", "settled", "safety", "relationships" }

-- Bright Spots "Your Life Beyond Care" 2020 (1,804 care leavers in 21
-- authorities): shares reporting each difficulty, and all 16-24 year olds.
local BRIGHT_SPOTS = {
  low_life_satisfaction = 0.26, all_young_people_low_life_satisfaction = 0.03,
  high_anxiety = 0.33, lonely = 0.22, unsafe = 0.16,
}

-- Survey items reported as evidence beside the scored ones (1-5 agreement).
local UNSCORED_ITEMS = {
  { column = "settled", words = "feel settled where they live" },
  { column = "trust_adviser", words = "trust their personal adviser" },
  { column = "positive_future", words = "feel positive about their future" },
}

-- The practice the study describes, scored by the four rules below: the
-- service measures how young people feel (soft outcomes) and not only KPIs,
-- young people help choose what is measured, the measures are reported and
-- used in decisions, and young people are asked every year. Each of the four
-- weighs 1. Outcome levels (how many care leavers are in education or
-- suitable homes, how their wellbeing compares) say how young people are
-- doing, not whether the service measures what matters: the wellbeing levels
-- below are shown and not scored.

-- What each core soft-outcome topic (measures.topic) is called in the plan.
local TOPIC_WORDS = {
  wellbeing = "wellbeing", settled = "feeling settled", safety = "feeling safe", relationships = "relationships",
}

-- Without a measures table, the authority's own statement that it tracks
-- soft outcomes (soft_outcomes_tracked = yes or no) stands in for it.
local function soft_outcomes_stated(a)
  local stated = a.attr.soft_outcomes_tracked
  if stated == nil then
    return nil, "no source provides the table 'measures', and the config gives no soft_outcomes_tracked (yes or no)"
  end
  local s = score.from_choice(a, "soft_outcomes_tracked", { yes = 100, no = 0 })
  a:evidence("Soft outcomes tracked (the authority's statement; there is no measures table)", stated == "yes")
  if s == 0 then
    a:action {
      id = "measurement.track_wellbeing",
      title = "Add measures of how care leavers feel (wellbeing, feeling settled, feeling safe, relationships) to the service's dashboard",
      owner = "performance and intelligence lead",
      effort = "medium",
      impact = 18,
      why = "The service does not track how young people feel, so what young people say matters is invisible when the service is judged.",
    }
  end
  return s
end

rule {
  id = "measurement.soft_outcomes_tracked",
  ingredient = "measurement",
  title = "The service tracks how young people feel, not only education, jobs and housing",
  assess = function(a)
    local measures = a.data.measures
    if not measures or #measures == 0 then return soft_outcomes_stated(a) end
    local missing = score.missing_columns(measures, "measures", { "kind", "topic" })
    if missing then return nil, missing end
    local soft = measures:where { kind = "soft" }
    local covered, absent = 0, {}
    for _, topic in ipairs(CORE_SOFT_TOPICS) do
      if soft:count { topic = topic } > 0 then covered = covered + 1 else absent[#absent + 1] = TOPIC_WORDS[topic] end
    end
    a:evidence("Soft-outcome measures tracked", #soft)
    a:evidence("Hard-outcome measures (KPIs) tracked", measures:count { kind = "hard" })
    a:evidence("Core soft-outcome topics covered (of 4: wellbeing, feeling settled, feeling safe, relationships)", covered)
    if covered < #CORE_SOFT_TOPICS then
      a:action {
        id = "measurement.track_wellbeing",
        title = "Add measures of how care leavers feel to the service's dashboard: " .. table.concat(absent, ", "),
        owner = "performance and intelligence lead",
        effort = "medium",
        impact = 6 + 3 * #absent,
        why = covered == 0
          and string.format("The service tracks no measure of how young people feel on the 4 core topics: %s are not measured.",
                            score.list(absent))
          or string.format("The service tracks %s of how young people feel, covering %d of the 4 core topics; %s %s not measured.",
                            score.count_of(#soft, "measure", "measures"), covered,
                            score.list(absent), #absent == 1 and "is" or "are"),
      }
    end
    return 100 * covered / #CORE_SOFT_TOPICS
  end,
}

rule {
  id = "measurement.codesigned_measures",
  ingredient = "measurement",
  title = "Young people helped choose what the service measures",
  needs = { "measures" },
  assess = function(a)
    local measures = a.data.measures
    local missing = score.missing_columns(measures, "measures", { "co_designed" })
    if missing then return nil, missing end
    local share, n = measures:share { co_designed = "yes" }
    a:evidence("Measures the service tracks", n)
    a:evidence("Share co-designed with care leavers", share)
    if share < 0.5 then
      a:action {
        id = "measurement.codesign_measures",
        title = "Ask care leavers, through their council or forum, to choose two measures of what matters to them, and report them every quarter",
        owner = "participation lead with the performance and intelligence lead",
        effort = "low",
        impact = 10,
        why = share == 0 and string.format("None of the %d measures was designed with care leavers.", n)
          or string.format("Only %s of the %d measures were designed with care leavers.", score.pct(share), n),
      }
    end
    -- half of the measures co-designed earns full marks: hard KPIs stay DfE's
    return score.between(share, 0, 0.5)
  end,
}

-- Reported in the last 12 months (30%) and used in a decision (70%), as a
-- score from 0 to 100 over a view of measures.
local function use_score(view, since)
  local n = #view
  local current = view:count { last_reported = { gt = since } }
  local used = view:count { last_reported = { gt = since }, used_in_decision = "yes" }
  return 100 * (0.3 * current + 0.7 * used) / n, current, used, n
end

rule {
  id = "measurement.measures_used",
  ingredient = "measurement",
  title = "The service's measures, the soft ones too, are reported and used to make decisions",
  needs = { "measures" },
  assess = function(a)
    local measures = a.data.measures
    local missing = score.missing_columns(measures, "measures", { "last_reported", "used_in_decision" })
    if missing then return nil, missing end
    local since = dates.last_year(a)
    local s, current, used, n = use_score(measures, since)
    a:evidence("Measures the service tracks", n)
    a:evidence("Share reported in the last 12 months", current / n)
    a:evidence("Share reported in the last 12 months and used in a decision", used / n)
    -- the study's point is that what young people say matters is used, so
    -- the soft measures weigh half when there are any; without them,
    -- soft_outcomes_tracked already counts their absence
    local soft_used, soft_n
    if not score.missing_columns(measures, "measures", { "kind" }) and measures:count { kind = "soft" } > 0 then
      local soft = measures:where { kind = "soft" }
      local soft_score, _, su, sn = use_score(soft, since)
      soft_used, soft_n = su, sn
      a:evidence("Share of soft-outcome measures reported in the last 12 months and used in a decision", soft_used / soft_n)
      s = (s + soft_score) / 2
    end
    if used / n < 0.5 or (soft_n and soft_used / soft_n < 0.5) then
      a:action {
        id = "measurement.use_in_decisions",
        title = soft_n
          and "Put the service's measures, those of how care leavers feel too, on the corporate parenting board's agenda each quarter, and minute the decision each one informed"
          or "Put the service's measures on the corporate parenting board's agenda each quarter, and minute the decision each one informed",
        owner = "head of service",
        effort = "low",
        impact = 10,
        why = string.format("%d of %d measures were reported in the last 12 months and used in a decision%s.", used, n,
                            soft_n and string.format(", of which %d of the %d soft-outcome measures", soft_used, soft_n) or ""),
      }
    end
    return s
  end,
}

rule {
  id = "measurement.wellbeing_surveyed",
  ingredient = "measurement",
  title = "Care leavers are asked about their own wellbeing every year",
  needs = { "wellbeing" },
  assess = function(a)
    local responses = a.data.wellbeing
    local missing = score.missing_columns(responses, "wellbeing", { "date" })
    if missing then return nil, missing end
    local latest = responses:max("date")
    if not latest then return nil, "no survey response has a date" end
    local recent = responses:count { date = { gt = dates.last_year(a), le = a.date } }
    a:evidence("Date of the latest survey response", latest)
    -- responses are young people: 1 to 4 of them are shown as "c" (none identifies nobody)
    if recent > 0 then
      a:evidence("Survey responses in the last 12 months", recent, recent)
    else
      a:evidence("Survey responses in the last 12 months", 0)
    end
    local rate
    if a.data.care_leavers and #a.data.care_leavers > 0 then
      local leavers = a.data.care_leavers:count { IN_TOUCH = { ne = oc3.EXCLUDED } }
        + a.data.care_leavers:count { IN_TOUCH = { missing = true } }
      if leavers > 0 then
        rate = math.min(1, recent / leavers)
        -- a share of the care leavers, so the responses cannot be backed out of it
        a:evidence("Responses in the last 12 months per care leaver in the records", rate, leavers)
      end
    end
    local s = rate and score.between(rate, 0, 0.4) or (recent > 0 and 100 or 0)
    if s < 60 then
      local received
      if recent == 0 then received = "no response was received in the last 12 months"
      elseif score.quotable(a, recent) then received = string.format("%d responses were received in the last 12 months", recent)
      else received = "few responses were received in the last 12 months" end
      a:action {
        id = "measurement.repeat_survey",
        title = "Run the care leavers' wellbeing survey every year, with young people helping to reach their peers",
        owner = "participation lead",
        effort = "medium",
        impact = 12,
        why = string.format("The latest response is dated %s and %s.", latest, received),
      }
    end
    return s
  end,
}

-- Bright Spots and ONS bands: life satisfaction 0-4 is low; anxiety 6-10 is
-- high; 1-2 on the five-point "I feel safe where I live" scale is unsafe.
local function wellbeing_indicators(round)
  local list = {}
  local function add(label, column, filter, benchmark)
    -- each filter below passes only answers given, so it counts among those who answered
    local answered = round:count { [column] = { missing = false } }
    if answered > 0 then
      list[#list + 1] = { label = label, share = round:count(filter) / answered, n = answered,
                          benchmark = benchmark, column = column }
    end
  end
  local have = {}
  for _, c in ipairs(round:columns()) do have[c] = true end
  add("low life satisfaction (0-4 of 10)", "life_satisfaction", { life_satisfaction = { le = 4 } },
      BRIGHT_SPOTS.low_life_satisfaction)
  if have.anxiety then
    add("high anxiety (6-10 of 10)", "anxiety", { anxiety = { ge = 6 } }, BRIGHT_SPOTS.high_anxiety)
  end
  if have.lonely then
    add("lonely always or often", "lonely", { lonely = "often_always" }, BRIGHT_SPOTS.lonely)
  end
  if have.safe_home then
    add("feeling unsafe where they live", "safe_home", { safe_home = { le = 2 } }, BRIGHT_SPOTS.unsafe)
  end
  return list
end

-- Each percentage point of care leavers reporting a difficulty below the
-- Bright Spots share moves this rule's figure this far above 50.
local WELLBEING_POINTS = 2.5

-- How care leavers are doing in their own eyes: context for the plan, not a
-- judgement of the service's measurement, so it weighs 0. Its figure is shown
-- and its action proposed, but the ingredient's score comes from the practice
-- rules above. (It becomes context when the engine can show context.)
rule {
  id = "measurement.wellbeing_against_care_leavers",
  ingredient = "measurement",
  title = "How care leavers' own sense of wellbeing compares with care leavers elsewhere (shown, not scored)",
  weight = 0,
  needs = { "wellbeing" },
  assess = function(a)
    local responses = a.data.wellbeing
    local missing = score.missing_columns(responses, "wellbeing", { "life_satisfaction" })
    if missing then return nil, missing end
    local round, latest = survey.latest_round(responses)
    local list = wellbeing_indicators(round)
    if #list == 0 then return nil, "the latest wellbeing survey has no answers on life satisfaction" end
    if latest then a:evidence("Latest survey round: responses up to", latest) end
    local total = 0
    for _, ind in ipairs(list) do
      a:evidence("Care leavers reporting " .. ind.label, ind.share, ind.n)
      a:evidence("Care leavers in the 2020 Bright Spots survey reporting " .. ind.label, ind.benchmark)
      total = total + score.clamp(50 + WELLBEING_POINTS * 100 * (ind.benchmark - ind.share))
    end
    a:evidence("All 16-24 year olds reporting low life satisfaction (ONS)", BRIGHT_SPOTS.all_young_people_low_life_satisfaction)
    -- reported alongside, without a published benchmark to score against
    for _, item in ipairs(UNSCORED_ITEMS) do
      if not score.missing_columns(round, "wellbeing", { item.column }) then
        local share, n = survey.agree(round, item.column)
        if share then a:evidence("Care leavers who " .. item.words, share, n) end
      end
    end
    local low = list[1]
    if low.column == "life_satisfaction" and low.share > low.benchmark and score.quotable(a, low.n, low.share) then
      -- the survey is anonymous: the action reaches every care leaver, never
      -- "those who answered"
      a:action {
        id = "measurement.act_on_low_wellbeing",
        title = "Ask personal advisers to talk about wellbeing with every care leaver at each pathway plan review, with fast access to emotional and mental health support",
        owner = "leaving care team manager",
        effort = "medium",
        impact = 10,
        why = string.format("%s, %s of care leavers reported low life satisfaction, against 26%% of care leavers in the 2020 Bright Spots survey and 3%% of all 16-24 year olds. The survey is anonymous, so the offer goes to everyone.",
                            latest and ("In the survey round up to " .. latest) or "In the latest survey",
                            score.pct(low.share)),
      }
    end
    return total / #list
  end,
}
