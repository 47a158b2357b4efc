-- How care leavers feel, in their own words: the latest round of the
-- wellbeing survey beside care leavers elsewhere (Bright Spots, Coram Voice
-- and the University of Oxford, 2020) and all 16 to 24 year olds (ONS).
--
-- Context, not a score: how young people feel is an outcome, not the
-- service's measurement practice (measurement.wellbeing_surveyed scores
-- whether they are asked). Its action ranks under measurement, as acting on
-- what the survey found.

local score = require "lib.score"
local survey = require "lib.survey"

-- Bright Spots "Your Life Beyond Care" 2020 (1,804 care leavers in 21
-- authorities): shares reporting each difficulty, and all 16-24 year olds.
local BRIGHT_SPOTS = {
  low_life_satisfaction = 0.26, all_young_people_low_life_satisfaction = 0.03,
  high_anxiety = 0.33, lonely = 0.22, unsafe = 0.16,
}

-- Survey items shown beside the ones with a published benchmark (1-5
-- agreement).
-- `plain` is the figure as young people read it in the plan's version for
-- them (docs/reports.md): "{value}" is where the figure goes.
local UNBENCHMARKED_ITEMS = {
  { column = "settled", words = "feel settled where they live",
    plain = "{value} of you who answered said you feel settled where you live." },
  { column = "trust_adviser", words = "trust their personal adviser",
    plain = "{value} of you who answered said you trust your personal adviser." },
  { column = "positive_future", words = "feel positive about their future",
    plain = "{value} of you who answered said you feel positive about your future." },
}

-- Bright Spots and ONS bands: life satisfaction 0-4 is low; anxiety 6-10 is
-- high; 1-2 on the five-point "I feel safe where I live" scale is unsafe.
local function wellbeing_indicators(round)
  local list = {}
  local function add(label, column, filter, benchmark, plain)
    -- each filter below passes only answers given, so it counts among those who answered
    local answered = round:count { [column] = { missing = false } }
    if answered > 0 then
      list[#list + 1] = { label = label, share = round:count(filter) / answered, n = answered,
                          benchmark = benchmark, column = column, plain = plain }
    end
  end
  local have = {}
  for _, c in ipairs(round:columns()) do have[c] = true end
  add("low life satisfaction (0-4 of 10)", "life_satisfaction", { life_satisfaction = { le = 4 } },
      BRIGHT_SPOTS.low_life_satisfaction,
      "{value} of you who answered our survey rated your life 4 or less out of 10.")
  if have.anxiety then
    add("high anxiety (6-10 of 10)", "anxiety", { anxiety = { ge = 6 } }, BRIGHT_SPOTS.high_anxiety,
        "{value} of you who answered said you felt very worried or anxious (6 or more out of 10).")
  end
  if have.lonely then
    add("lonely always or often", "lonely", { lonely = "often_always" }, BRIGHT_SPOTS.lonely,
        "{value} of you who answered said you feel lonely always or often.")
  end
  if have.safe_home then
    add("feeling unsafe where they live", "safe_home", { safe_home = { le = 2 } }, BRIGHT_SPOTS.unsafe,
        "{value} of you who answered said you do not feel safe where you live.")
  end
  return list
end

-- How care leavers are doing in their own eyes, beside care leavers elsewhere
-- and all young people.
context {
  id = "outcomes.wellbeing_against_care_leavers",
  title = "How care leavers feel about their lives, compared with care leavers elsewhere and all young people",
  needs = { "wellbeing" },
  actions_under = "measurement",
  assess = function(a)
    local responses = a.data.wellbeing
    local missing = score.missing_columns(responses, "wellbeing", { "life_satisfaction" })
    if missing then return nil, missing end
    local round, latest = survey.latest_round(responses)
    local list = wellbeing_indicators(round)
    if #list == 0 then return nil, "the latest wellbeing survey has no answers on life satisfaction" end
    if latest then
      a:evidence("Latest survey round: responses up to", latest,
        { plain = "Our latest survey of care leavers had answers up to {value}." })
    end
    for _, ind in ipairs(list) do
      a:evidence("Care leavers reporting " .. ind.label, ind.share, { n = ind.n, share = true, plain = ind.plain })
      a:evidence("Care leavers in the 2020 Bright Spots survey reporting " .. ind.label, ind.benchmark, { share = true })
    end
    a:evidence("All 16-24 year olds reporting low life satisfaction (ONS)", BRIGHT_SPOTS.all_young_people_low_life_satisfaction,
      { share = true, plain = "Across all young people aged 16 to 24, {value} rate their life 4 or less out of 10." })
    -- shown alongside, without a published benchmark to set them beside
    for _, item in ipairs(UNBENCHMARKED_ITEMS) do
      if not score.missing_columns(round, "wellbeing", { item.column }) then
        local share, n = survey.agree(round, item.column)
        if share then a:evidence("Care leavers who " .. item.words, share, { n = n, share = true, plain = item.plain }) end
      end
    end
    local low = list[1]
    if low.column == "life_satisfaction" and low.share > low.benchmark and score.quotable(a, low.n, low.share) then
      -- the survey is anonymous: the action reaches every care leaver, never
      -- "those who answered"
      a:action {
        id = "outcomes.act_on_low_wellbeing",
        plain = "Your personal adviser will ask how you are feeling at each review of your plan, and help you get support quickly if you need it",
        gap = "outcomes.low_wellbeing",
        title = "Ask personal advisers to talk about wellbeing with every care leaver at each pathway plan review, with fast access to emotional and mental health support",
        owner = "leaving care team manager",
        effort = "medium",
        impact = 10,
        why = string.format("%s, %s of care leavers reported low life satisfaction, against 26%% of care leavers in the 2020 Bright Spots survey and 3%% of all 16-24 year olds. The survey is anonymous, so the offer goes to everyone.",
                            latest and ("In the survey round up to " .. latest) or "In the latest survey",
                            score.pct(low.share)),
      }
    end
  end,
}
