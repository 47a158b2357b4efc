-- Tests of the CSAT pack. Every expected figure is worked out by hand in the
-- comment above it. Run with:  build/engine/sustain test rules/csat
--
-- A domain's mean is the mean of its respondents' means; its score is
-- (mean - 1) / 6 * 100. Handy values: 3.0 -> 33.333, 4.0 -> 50,
-- 5.0 -> 66.667, 5.5 -> 75, 6.0 -> 83.333.

-- Rows of csat_responses from a compact list: each person is
-- { id = "r1", { "WI", { 5, 4, "NA", 5, 5 } }, ... }, the ratings of items
-- WI1 ... WI5 in order ("NA" for not able to answer).
local function answers(people)
  local rows = {}
  for _, person in ipairs(people) do
    for _, block in ipairs(person) do
      local prefix, ratings = block[1], block[2]
      for i, rating in ipairs(ratings) do
        rows[#rows + 1] = { respondent = person.id, item = prefix .. i, rating = rating }
      end
    end
  end
  return rows
end

local function all(rating)
  return { rating, rating, rating, rating, rating }
end

local SD = "Spread: standard deviation of respondents' means"
local MEAN = "Mean rating (1-7): the mean of respondents' domain means"

-- A full assessment: three respondents, each giving the same rating to all
-- five items of a domain.
--   domain                        r1 r2 r3  mean  score   sd
--   engaged staff and leadership   6  6  6   6.0  83.333  0
--   engaged stakeholders           2  3  4   3.0  33.333  1.0
--   organisational readiness       5  4  3   4.0  50      1.0
--   workflow integration           5  5  2   4.0  50      1.732 (devs 1, 1, -2; squares 6; / 2 = 3)
--   implementation and training    5  6  7   6.0  83.333  1.0
--   monitoring and evaluation      3  4  5   4.0  50      1.0
--   outcomes and effectiveness     4  5  6   5.0  66.667  1.0
-- overall (6 + 3 + 4 + 4 + 6 + 4 + 5) / 7 = 32 / 7 = 4.5714,
-- score 3.5714 / 6 * 100 = 59.524
-- ranks from the weakest: engaged stakeholders 1, organisational readiness 2,
-- workflow integration 3 and monitoring and evaluation 4 (4.0, the
-- instrument's order breaks the tie; 4.0 is not below 4: no action)
local RATINGS = {
  SL = { 6, 6, 6 }, SH = { 2, 3, 4 }, OR = { 5, 4, 3 }, WI = { 5, 5, 2 },
  IT = { 5, 6, 7 }, ME = { 3, 4, 5 }, OE = { 4, 5, 6 },
}
local PREFIXES = { "SL", "SH", "OR", "WI", "IT", "ME", "OE" }

local function team()
  local people = {}
  for i = 1, 3 do
    local person = { id = "r" .. i }
    for _, prefix in ipairs(PREFIXES) do person[#person + 1] = { prefix, all(RATINGS[prefix][i]) } end
    people[i] = person
  end
  return answers(people)
end

test("every domain is scored and the overall is the mean of the domain means", function(t)
  local r = t:run { data = { csat_responses = team() }, stage = "transition", suppress_below = 1 }
  t:near(r.rules["engaged_staff_and_leadership.rating"].score, 83.333)
  t:near(r.rules["engaged_stakeholders.rating"].score, 33.333)
  t:near(r.rules["organisational_readiness.rating"].score, 50)
  t:near(r.rules["workflow_integration.rating"].score, 50)
  t:near(r.rules["implementation_and_training.rating"].score, 83.333)
  t:near(r.rules["monitoring_and_evaluation.rating"].score, 50)
  t:near(r.rules["outcomes_and_effectiveness.rating"].score, 66.667)
  t:near(r.rules["engaged_stakeholders.rating"].evidence[MEAN], 3.0)
  t:near(r.rules["workflow_integration.rating"].evidence[SD], 1.732)
  t:eq(r.rules["workflow_integration.rating"].evidence["Rank among the domains assessed (1 = weakest)"], 3)

  t:near(r.score, 59.524)
  t:near(r.coverage, 1)
  local overall = r.rules["csat.overall"]
  t:near(overall.score, r.score)
  t:near(overall.evidence["Overall (1-7): the mean of the domain means"], 4.5714)
  t:eq(overall.evidence["Domains assessed (of 7)"], 7)
  t:eq(overall.evidence["Weakest domain"], "Engaged stakeholders")
  -- 6.0 twice: the first in the instrument's order is named
  t:eq(overall.evidence["Strongest domain"], "Engaged staff and leadership")
  -- the CSAT pack carries no published norm
  t:eq(overall.evidence["Difference from the published norm (scale points)"], nil)
  t:eq(r.ingredients.csat.weight, 0)
  t:eq(r.ingredients.measurement.weight, 0)
  t:eq(r.ingredients.workflow_integration.weight, 1)
end)

-- The cross-walk from the domain scores above:
--   receptivity   (OR 50 x 1 + SL 83.333 x 0.5) / 1.5 = 91.667 / 1.5 = 61.111
--   coproduction  SH 33.333
--   leadership    (SL 83.333 x 1 + IT 83.333 x 0.5) / 1.5 = 83.333
--   measurement   (ME 50 + OE 66.667) / 2 = 58.333
--   adaptation    (WI 50 x 1 + ME 50 x 0.5 + IT 83.333 x 0.5) / 2 = 116.667 / 2 = 58.333
--                 (on 1-7: (4 + 2 + 3) / 2 = 4.5)
test("the cross-walk reads the five ingredients from the domain scores", function(t)
  local r = t:run { data = { csat_responses = team() }, stage = "transition" }
  t:near(r.rules["receptivity.from_csat"].score, 61.111)
  t:near(r.rules["coproduction.from_csat"].score, 33.333)
  t:near(r.rules["leadership.from_csat"].score, 83.333)
  t:near(r.rules["measurement.from_csat"].score, 58.333)
  t:near(r.rules["adaptation.from_csat"].score, 58.333)
  t:near(r.rules["adaptation.from_csat"].evidence["On the CSAT scale (1-7)"], 4.5)
  t:near(r.rules["adaptation.from_csat"].evidence["Implementation and training score (cross-walk weight 0.5)"], 83.333)
  t:near(r.score, 59.524)
end)

test("actions go to the two weakest domains and to wide disagreement", function(t)
  local r = t:run { data = { csat_responses = team() }, stage = "transition", suppress_below = 1 }
  t:ok(r.action["engaged_stakeholders.ask_and_report_back"], "weakest")
  t:ok(r.action["organisational_readiness.budget_time_and_space"], "second weakest")
  t:ok(r.action["workflow_integration.discuss_disagreement"], "sd 1.732")
  t:eq(#r.actions, 3)
  local why = r.action["engaged_stakeholders.ask_and_report_back"].why
  t:eq(why, "Engaged stakeholders is rated 3.0 on the 1-7 scale by 3 respondents, the weakest of the 7 domains assessed.")
  -- impact 17, capped by what the domain can still gain: (7 - 4) / 6 * 100 = 50
  t:near(r.action["organisational_readiness.budget_time_and_space"].impact, 17)
  t:eq(r.action["organisational_readiness.budget_time_and_space"].owner, "operations manager")
end)

-- Outcomes and effectiveness with "not able to answer":
--   r1  7 NA 7 NA NA  -> 2 rated: set aside
--   r2  5 6 NA 6 5    -> 22 / 4 = 5.5
--   r3  4 4 4 4 4     -> 4.0
--   r4  6 6 6 6 6     -> 6.0
-- mean (5.5 + 4 + 6) / 3 = 5.1667, score 4.1667 / 6 * 100 = 69.444
-- spread: deviations +0.3333, -1.1667, +0.8333; squares 0.1111 + 1.3611 +
-- 0.6944 = 2.1667; / 2 = 1.0833; sd 1.0408; lowest 4.0, highest 6.0
-- ratings 2 + 4 + 5 + 5 = 16; not able to answer 3 + 1 = 4
-- Monitoring and evaluation from two respondents only: not assessed.
test("not able to answer is left out, and too few answers leave a domain unassessed", function(t)
  local r = t:run {
    data = { csat_responses = answers {
      { id = "r1", { "OE", { 7, "NA", 7, "NA", "NA" } }, { "ME", all(5) } },
      { id = "r2", { "OE", { 5, 6, "NA", 6, 5 } }, { "ME", all(4) } },
      { id = "r3", { "OE", all(4) } },
      { id = "r4", { "OE", all(6) } },
    } },
    stage = "sustained", suppress_below = 1,
  }
  local oe = r.rules["outcomes_and_effectiveness.rating"]
  t:near(oe.score, 69.444)
  t:near(oe.evidence[MEAN], 5.1667)
  t:eq(oe.evidence["Respondents set aside (rated fewer items)"], 1)
  t:eq(oe.evidence["Ratings given"], 16)
  t:eq(oe.evidence["Answers 'not able to answer'"], 4)
  t:near(oe.evidence[SD], 1.0408)
  t:near(oe.evidence["Spread: lowest respondent's mean"], 4.0)
  t:near(oe.evidence["Spread: highest respondent's mean"], 6.0)
  local me = r.rules["monitoring_and_evaluation.rating"]
  t:eq(me.status, "not_assessed")
  t:ok(me.reason:find("2 respondents rated at least 3 of the 5 monitoring and evaluation items (ME1-ME5)", 1, true), me.reason)
  -- outcomes is the only domain assessed: it is the overall, and the
  -- measurement cross-walk falls back on it alone
  t:near(r.score, 69.444)
  t:near(r.rules["measurement.from_csat"].score, 69.444)
  t:eq(r.rules["measurement.from_csat"].evidence["Domains not assessed, left out"], "Monitoring and evaluation")
  t:eq(r.rules["coproduction.from_csat"].status, "not_assessed")
end)

-- PS1 is not a CSAT item (PS is no CSAT prefix); 8 is off the scale. The
-- workflow integration rows r1-r3 (all 5) still score 5.0 -> 66.667.
test("data-quality checks count bad ratings and unknown items", function(t)
  local rows = answers {
    { id = "r1", { "WI", all(5) } }, { id = "r2", { "WI", all(5) } }, { id = "r3", { "WI", all(5) } },
  }
  rows[#rows + 1] = { respondent = "r1", item = "PS1", rating = 5 }
  rows[#rows + 1] = { respondent = "r2", item = "SL1", rating = 8 }
  local r = t:run { data = { csat_responses = rows }, stage = "transition", suppress_below = 1 }
  t:eq(r.data_quality.csat_unknown_item, 1)
  t:eq(r.data_quality.csat_rating_not_on_scale, 1)
  t:eq(r.data_quality.csat_rating_blank, nil)
  t:near(r.rules["workflow_integration.rating"].score, 66.667)
end)

-- The example in examples/csat: 8 respondents, 280 answers, worked out from
-- the CSV by summing each respondent's ratings per domain:
--   domain                        counted  mean    score
--   engaged staff and leadership  8        5.8563  80.938
--   engaged stakeholders          7        4.1905  53.175
--   organisational readiness      8        3.7437  45.729
--   workflow integration          8        4.8000  63.333
--   implementation and training   8        4.9437  65.729
--   monitoring and evaluation     7        3.5929  43.214
--   outcomes and effectiveness    8        5.1583  69.306
-- overall 32.2854 / 7 = 4.6122, score 60.203
test("the example's domain and overall scores equal the hand computation", function(t)
  local r = t:run { data = { csat_responses = "../../examples/csat/data/csat_responses.csv" }, stage = "sustained" }
  local expect = {
    engaged_staff_and_leadership = 80.938, engaged_stakeholders = 53.175, organisational_readiness = 45.729,
    workflow_integration = 63.333, implementation_and_training = 65.729, monitoring_and_evaluation = 43.214,
    outcomes_and_effectiveness = 69.306,
  }
  for id, score in pairs(expect) do t:near(r.rules[id .. ".rating"].score, score, 0.001, id) end
  t:near(r.rules["csat.overall"].evidence["Overall (1-7): the mean of the domain means"], 4.6122, 0.0001)
  t:near(r.score, 60.203, 0.001)
  t:ok(r.action["monitoring_and_evaluation.monthly_delivery_report"], "the weakest domain")
end)
