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

-- Each percentage point better than the benchmark adds this many points to 50.
local POINTS = { wellbeing = 2.5 }

rule {
  id = "measurement.soft_outcomes_tracked",
  ingredient = "measurement",
  title = "The service tracks how young people feel, not only education, jobs and housing",
  needs = { "measures" },
  assess = function(a)
    local measures = a.data.measures
    local missing = score.missing_columns(measures, "measures", { "kind", "topic" })
    if missing then return nil, missing end
    local soft = measures:where { kind = "soft" }
    local covered, absent = 0, {}
    for _, topic in ipairs(CORE_SOFT_TOPICS) do
      if soft:count { topic = topic } > 0 then covered = covered + 1 else absent[#absent + 1] = topic end
    end
    a:evidence("Soft-outcome measures tracked", #soft)
    a:evidence("Hard-outcome measures (KPIs) tracked", measures:count { kind = "hard" })
    a:evidence("Core soft-outcome topics covered (of 4: wellbeing, feeling settled, feeling safe, relationships)", covered)
    if covered < #CORE_SOFT_TOPICS then
      a:action {
        id = "measurement.track_wellbeing",
        title = "Add care leavers' own measures to the service dashboard: " .. table.concat(absent, ", "),
        owner = "performance and intelligence lead",
        effort = "medium",
        impact = 6 + 3 * #absent,
        why = string.format("The service tracks %s and covers %d of the 4 core soft-outcome topics, so what young people say matters is invisible when the service is judged.",
                            score.count_of(#soft, "soft-outcome measure", "soft-outcome measures"), covered),
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
        title = "Ask the care leavers' council to choose two measures of what matters to them, and report them every quarter",
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

rule {
  id = "measurement.measures_used",
  ingredient = "measurement",
  title = "The service's measures are reported and used to make decisions",
  needs = { "measures" },
  assess = function(a)
    local measures = a.data.measures
    local missing = score.missing_columns(measures, "measures", { "last_reported", "used_in_decision" })
    if missing then return nil, missing end
    local n = #measures
    local current = measures:count { last_reported = { gt = dates.last_year(a) } }
    local used = measures:count { last_reported = { gt = dates.last_year(a) }, used_in_decision = "yes" }
    a:evidence("Measures the service tracks", n)
    a:evidence("Share reported in the last 12 months", current / n)
    a:evidence("Share reported in the last 12 months and used in a decision", used / n)
    if used / n < 0.5 then
      a:action {
        id = "measurement.use_in_decisions",
        title = "Put the service's measures on every corporate parenting board agenda, with the decision each one informed minuted",
        owner = "head of service",
        effort = "low",
        impact = 10,
        why = string.format("Only %d of %d measures were reported in the last 12 months and used in a decision.", used, n),
      }
    end
    return 100 * (0.3 * current + 0.7 * used) / n
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
        a:evidence("Responses in the last 12 months per care leaver in the records", rate)
      end
    end
    local s = rate and score.between(rate, 0, 0.4) or (recent > 0 and 100 or 0)
    if s < 60 then
      a:action {
        id = "measurement.repeat_survey",
        title = "Run the care leavers' wellbeing survey every year, with young people helping to reach their peers",
        owner = "participation lead",
        effort = "medium",
        impact = 12,
        why = (recent == 0 or score.quotable(a, recent))
          and string.format("The latest response is dated %s and %d responses were received in the last 12 months.", latest, recent)
          or string.format("The latest response is dated %s and few responses were received in the last 12 months.", latest),
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

rule {
  id = "measurement.wellbeing_against_care_leavers",
  ingredient = "measurement",
  title = "Care leavers' own sense of wellbeing compares well with care leavers elsewhere",
  needs = { "wellbeing" },
  assess = function(a)
    local responses = a.data.wellbeing
    local missing = score.missing_columns(responses, "wellbeing", { "life_satisfaction" })
    if missing then return nil, missing end
    local round = survey.latest_round(responses)
    local list = wellbeing_indicators(round)
    if #list == 0 then return nil, "the latest wellbeing survey has no answers on life satisfaction" end
    local total = 0
    for _, ind in ipairs(list) do
      a:evidence("Care leavers reporting " .. ind.label, ind.share, ind.n)
      a:evidence("Care leavers in the 2020 Bright Spots survey reporting " .. ind.label, ind.benchmark)
      total = total + score.clamp(50 + POINTS.wellbeing * 100 * (ind.benchmark - ind.share))
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
    if low.column == "life_satisfaction" and low.share > low.benchmark and score.quotable(a, low.n) then
      a:action {
        id = "measurement.act_on_low_wellbeing",
        title = "Offer every care leaver who reports low wellbeing a follow-up with their personal adviser and fast access to emotional support",
        owner = "leaving care team manager",
        effort = "medium",
        impact = 10,
        why = string.format("%s of care leavers report low life satisfaction, against 26%% of care leavers in the Bright Spots survey and 3%% of all 16-24 year olds.",
                            score.pct(low.share)),
      }
    end
    return total / #list
  end,
}
