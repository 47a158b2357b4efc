-- Measurement: does the service measure more than box-ticking KPIs: soft
-- outcomes that young people say matter, measures they helped design, measures
-- used in decisions, young people asked how they are? The ingredient scores
-- this practice only. How care leavers are doing (education, work, homes,
-- contact, their own wellbeing) is context, shown beside the scores:
-- outcomes.lua, outcomes_dfe.lua and outcomes_wellbeing.lua.

local score = require "lib.score"
local dates = require "lib.dates"
local oc3 = require "lib.oc3"

-- Soft-outcome topics a service should track at the least (measures.topic).
local CORE_SOFT_TOPICS = { "wellbeing", "settled", "safety", "relationships" }

-- The practice the study describes, scored by the four rules below: the
-- service measures how young people feel (soft outcomes) and not only KPIs,
-- young people help choose what is measured, the measures are reported and
-- used in decisions, and young people are asked every year. Each of the four
-- weighs 1. Outcome levels (how many care leavers are in education or
-- suitable homes, how their wellbeing compares) say how young people are
-- doing, not whether the service measures what matters: they are context.

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
      plain = "Keep track of how care leavers feel, such as feeling settled, safe and happy, not only of jobs and housing",
      gap = "measurement.soft_outcomes",
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
        plain = "Keep track of how care leavers feel, such as feeling settled, safe and happy, not only of jobs and housing",
        gap = "measurement.soft_outcomes",
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
    a:evidence("Share co-designed with care leavers", share, { share = true })
    if share < 0.5 then
      a:action {
        id = "measurement.codesign_measures",
        plain = "Ask your council or forum to choose two things that matter to you, and report on them every three months",
        gap = "measurement.codesign",
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
    a:evidence("Share reported in the last 12 months", current / n, { share = true })
    a:evidence("Share reported in the last 12 months and used in a decision", used / n, { share = true })
    -- the study's point is that what young people say matters is used, so
    -- the soft measures weigh half when there are any; without them,
    -- soft_outcomes_tracked already counts their absence
    local soft_used, soft_n
    if not score.missing_columns(measures, "measures", { "kind" }) and measures:count { kind = "soft" } > 0 then
      local soft = measures:where { kind = "soft" }
      local soft_score, _, su, sn = use_score(soft, since)
      soft_used, soft_n = su, sn
      a:evidence("Share of soft-outcome measures reported in the last 12 months and used in a decision", soft_used / soft_n,
        { share = true })
      s = (s + soft_score) / 2
    end
    if used / n < 0.5 or (soft_n and soft_used / soft_n < 0.5) then
      a:action {
        id = "measurement.use_in_decisions",
        plain = "Show the councillors and managers who look after care leavers what we learn every three months, and write down what each figure changed",
        gap = "measurement.use",
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
        plain = "Run the survey about how care leavers feel every year, with young people helping to reach others",
        gap = "measurement.survey",
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
