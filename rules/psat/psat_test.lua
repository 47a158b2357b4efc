-- Tests of the PSAT pack. Every expected figure is worked out by hand in the
-- comment above it. Run with:  build/engine/sustain test rules/psat
--
-- A domain's mean is the mean of its respondents' means; its score is
-- (mean - 1) / 6 * 100. Handy values: 2.0 -> 16.667, 3.0 -> 33.333,
-- 4.0 -> 50, 4.5 -> 58.333, 5.0 -> 66.667, 6.0 -> 83.333.

-- Rows of psat_responses from a compact list: each person is
-- { id = "r1", { "FS", { 3, 4, 2, 3, 3 } }, ... }, the ratings of items
-- FS1 ... FS5 in order ("NA" for not able to answer; false for no row).
local function answers(people)
  local rows = {}
  for _, person in ipairs(people) do
    for _, block in ipairs(person) do
      local prefix, ratings = block[1], block[2]
      for i, rating in ipairs(ratings) do
        if rating ~= false then
          rows[#rows + 1] = { respondent = person.id, item = prefix .. i, rating = rating }
        end
      end
    end
  end
  return rows
end

-- The same rating for all five items.
local function all(rating)
  return { rating, rating, rating, rating, rating }
end

local SD = "Spread: standard deviation of respondents' means"
local LOW = "Spread: lowest respondent's mean"
local HIGH = "Spread: highest respondent's mean"
local MEAN = "Mean rating (1-7): the mean of respondents' domain means"

-- Three respondents rate funding stability only:
--   r1  3 4 2 3 3  -> 15 / 5 = 3.0
--   r2  5 4 4 5 2  -> 20 / 5 = 4.0
--   r3  2 2 3 2 1  -> 10 / 5 = 2.0
-- domain mean (3 + 4 + 2) / 3 = 3.0, score (3 - 1) / 6 * 100 = 33.333
-- spread: deviations 0, +1, -1; squares 2; / (3 - 1) = 1; sd = 1.0;
-- lowest 2.0, highest 4.0
local FUNDING = answers {
  { id = "r1", { "FS", { 3, 4, 2, 3, 3 } } },
  { id = "r2", { "FS", { 5, 4, 4, 5, 2 } } },
  { id = "r3", { "FS", { 2, 2, 3, 2, 1 } } },
}

test("a domain scores the mean of its item ratings, shown on 1-7 and mapped to 0-100", function(t)
  local r = t:run { data = { psat_responses = FUNDING }, stage = "transition", suppress_below = 1 }
  local fs = r.rules["funding_stability.rating"]
  t:eq(fs.status, "assessed")
  t:near(fs.score, 33.333)
  t:near(fs.evidence[MEAN], 3.0)
  t:eq(fs.evidence["Respondents counted (rated at least 3 items)"], 3)
  t:eq(fs.evidence["Ratings given"], 15)
  t:eq(fs.evidence["Answers 'not able to answer'"], 0)
  t:near(fs.evidence[SD], 1.0)
  t:near(fs.evidence[LOW], 2.0)
  t:near(fs.evidence[HIGH], 4.0)
  t:eq(fs.evidence["In the published norm (Bacon et al. 2022)"], "lowest-scoring domain")
  -- only one domain has answers: the other seven are not assessed, the
  -- overall is that one domain, and coverage is 1 of 8
  t:eq(r.rules["partnerships.rating"].status, "not_assessed")
  t:near(r.score, 33.333)
  t:near(r.coverage, 0.125)
  t:eq(r.band, "low sustainability capacity")
end)

test("spread is suppressed when fewer respondents than suppress_below", function(t)
  local r = t:run { data = { psat_responses = FUNDING }, stage = "transition" }
  local fs = r.rules["funding_stability.rating"]
  t:eq(fs.evidence[SD], "c")
  t:eq(fs.evidence[LOW], "c")
  t:near(fs.evidence[MEAN], 3.0)
  -- the action's why then names no respondent count
  t:ok(not r.action["funding_stability.plan_funding_beyond_grant"].why:find("respondents"), "no small count quoted")
end)

test("the weakest domain gets its action, citing the evidence and the published norm", function(t)
  local r = t:run { data = { psat_responses = FUNDING }, stage = "transition", suppress_below = 1 }
  local action = r.action["funding_stability.plan_funding_beyond_grant"]
  t:ok(action, "funding stability is the weakest domain")
  t:eq(action.ingredient, "funding_stability")
  t:eq(action.owner, "finance business partner")
  t:eq(action.effort, "high")
  -- impact 17, below what the domain can still gain: (7 - 3) / 6 * 100 = 66.7
  t:near(action.impact, 17)
  t:ok(action.why:find("rated 3.0 on the 1-7 scale by 3 respondents, the weakest of the 1 domains assessed", 1, true), action.why)
  t:ok(action.why:find("lowest-scoring domain across the 5,706 PSAT assessments", 1, true), action.why)
  -- sd 1.0 is below 1.5: no disagreement action
  t:eq(r.action["funding_stability.discuss_disagreement"], nil)
end)

-- Partnerships with "not able to answer":
--   r1  6 NA 5 NA 7   -> 3 rated, 18 / 3 = 6.0
--   r2  4 4 NA 5 5    -> 4 rated, 18 / 4 = 4.5
--   r3  3 3 3 3 3     -> 5 rated, 15 / 5 = 3.0
--   r4  NA NA NA 2 2  -> 2 rated: fewer than 3, set aside
-- domain mean (6 + 4.5 + 3) / 3 = 4.5, score 3.5 / 6 * 100 = 58.333
-- (pooling all 14 ratings instead would give 55 / 14 = 3.93: the pack
-- averages respondents, so each weighs the same)
-- ratings given 3 + 4 + 5 + 2 = 14; not able to answer 2 + 1 + 0 + 3 = 6
-- spread: deviations +1.5, 0, -1.5; squares 4.5; / 2 = 2.25; sd = 1.5,
-- exactly the disagreement threshold ("1.5 or more"); lowest 3.0, highest 6.0
local PARTNERS = answers {
  { id = "r1", { "PA", { 6, "NA", 5, "NA", 7 } } },
  { id = "r2", { "PA", { 4, 4, "NA", 5, 5 } } },
  { id = "r3", { "PA", all(3) } },
  { id = "r4", { "PA", { "NA", "NA", "NA", 2, 2 } } },
}

test("not able to answer is left out, and a respondent with fewer than 3 ratings is set aside", function(t)
  local r = t:run { data = { psat_responses = PARTNERS }, stage = "transition", suppress_below = 1 }
  local pa = r.rules["partnerships.rating"]
  t:near(pa.score, 58.333)
  t:near(pa.evidence[MEAN], 4.5)
  t:eq(pa.evidence["Respondents counted (rated at least 3 items)"], 3)
  t:eq(pa.evidence["Respondents set aside (rated fewer items)"], 1)
  t:eq(pa.evidence["Ratings given"], 14)
  t:eq(pa.evidence["Answers 'not able to answer'"], 6)
  t:near(pa.evidence[SD], 1.5)
  t:near(pa.evidence[LOW], 3.0)
  t:near(pa.evidence[HIGH], 6.0)
end)

test("wide disagreement gets an action of its own", function(t)
  local r = t:run { data = { psat_responses = PARTNERS }, stage = "transition", suppress_below = 1 }
  local action = r.action["partnerships.discuss_disagreement"]
  t:ok(action, "sd 1.5 is wide disagreement")
  t:eq(action.effort, "low")
  t:eq(action.owner, "programme manager")
  t:ok(action.why:find("run from 3.0 to 6.0 (standard deviation 1.5 across 3 respondents", 1, true), action.why)
end)

-- Environmental support with too few answers:
--   r1  5 5 5 5 5 -> 5.0;  r2  4 4 4 4 4 -> 4.0;  r3  NA NA NA 6 6 -> set aside
-- 2 respondents count, fewer than the 3 needed: not assessed.
-- With min_respondents = 2: mean (5 + 4) / 2 = 4.5, score 58.333.
local FEW = answers {
  { id = "r1", { "ES", all(5) } },
  { id = "r2", { "ES", all(4) } },
  { id = "r3", { "ES", { "NA", "NA", "NA", 6, 6 } } },
}

test("a domain with too few answers is not assessed, with the reason", function(t)
  local r = t:run { data = { psat_responses = FEW }, stage = "transition" }
  local es = r.rules["environmental_support.rating"]
  t:eq(es.status, "not_assessed")
  t:ok(es.reason:find("2 respondents rated at least 3 of the 5 environmental support items (ES1-ES5)", 1, true), es.reason)
  t:ok(es.reason:find("at least 3 are needed", 1, true), es.reason)
  -- nothing assessed: no overall score, and the overall and cross-walk rules say why
  t:eq(r.score, nil)
  t:eq(r.rules["psat.overall"].status, "not_assessed")
  t:eq(r.rules["receptivity.from_psat"].status, "not_assessed")
end)

test("min_respondents lowers the minimum, for a small team or one person", function(t)
  local r = t:run { data = { psat_responses = FEW }, stage = "transition", attr = { min_respondents = 2 } }
  t:near(r.rules["environmental_support.rating"].score, 58.333)
  -- one person: no spread to show
  local one = t:run { data = { psat_responses = answers { { id = "me", { "ES", all(6) } } } },
                      stage = "transition", attr = { min_respondents = 1 } }
  local es = one.rules["environmental_support.rating"]
  t:near(es.score, 83.333)
  t:eq(es.evidence[SD], nil)
  t:eq(es.evidence[LOW], nil)
end)

test("min_respondents that is not a whole number is an error", function(t)
  local r = t:run { data = { psat_responses = FEW }, stage = "transition", attr = { min_respondents = "few" } }
  t:eq(r.rules["environmental_support.rating"].status, "error")
end)

-- A full assessment: three respondents, each giving the same rating to all
-- five items of a domain, so each respondent's domain mean is that rating.
--   domain                    r1 r2 r3  mean  score   sd
--   environmental support      5  6  4   5.0  66.667  1.0
--   funding stability          3  2  4   3.0  33.333  1.0
--   partnerships               5  5  5   5.0  66.667  0
--   organisational capacity    4  5  6   5.0  66.667  1.0
--   program evaluation         4  4  1   3.0  33.333  1.732 (devs 1, 1, -2; squares 6; / 2 = 3)
--   program adaptation         6  6  6   6.0  83.333  0
--   communications             4  5  3   4.0  50      1.0
--   strategic planning         3  4  5   4.0  50      1.0
-- overall (5 + 3 + 5 + 5 + 3 + 6 + 4 + 4) / 8 = 35 / 8 = 4.375,
-- score 3.375 / 6 * 100 = 56.25; the norm: 4.375 - 4.73 = -0.355
-- ranks from the weakest: funding stability 1 and program evaluation 2 (both
-- 3.0: the instrument's order breaks the tie), communications 3, strategic
-- planning 4 (4.0 is not below 4: no action), ...
local RATINGS = {
  ES = { 5, 6, 4 }, FS = { 3, 2, 4 }, PA = { 5, 5, 5 }, OC = { 4, 5, 6 },
  EV = { 4, 4, 1 }, AD = { 6, 6, 6 }, CO = { 4, 5, 3 }, SP = { 3, 4, 5 },
}
local PREFIXES = { "ES", "FS", "PA", "OC", "EV", "AD", "CO", "SP" }

local function team(ratings, skip)
  local people = {}
  for i = 1, 3 do
    local person = { id = "r" .. i }
    for _, prefix in ipairs(PREFIXES) do
      if not (skip and skip[prefix] and skip[prefix][i]) then
        person[#person + 1] = { prefix, all(ratings[prefix][i]) }
      end
    end
    people[i] = person
  end
  return answers(people)
end

test("every domain is scored and the overall is the mean of the domain means", function(t)
  local r = t:run { data = { psat_responses = team(RATINGS) }, stage = "sustained", suppress_below = 1 }
  t:near(r.rules["environmental_support.rating"].score, 66.667)
  t:near(r.rules["funding_stability.rating"].score, 33.333)
  t:near(r.rules["partnerships.rating"].score, 66.667)
  t:near(r.rules["organisational_capacity.rating"].score, 66.667)
  t:near(r.rules["program_evaluation.rating"].score, 33.333)
  t:near(r.rules["program_adaptation.rating"].score, 83.333)
  t:near(r.rules["communications.rating"].score, 50)
  t:near(r.rules["strategic_planning.rating"].score, 50)
  t:near(r.rules["program_evaluation.rating"].evidence[SD], 1.732)
  t:eq(r.rules["program_evaluation.rating"].evidence["Rank among the domains assessed (1 = weakest)"], 2)
  t:eq(r.rules["partnerships.rating"].evidence[SD], 0)

  -- the plan's overall, the equal-weight mean of the mapped domain scores,
  -- is the mapped PSAT overall: (35 / 8 - 1) / 6 * 100 = 56.25
  t:near(r.score, 56.25)
  t:near(r.coverage, 1)
  t:eq(r.band, "developing sustainability capacity")
  local overall = r.rules["psat.overall"]
  t:near(overall.score, 56.25)
  t:near(overall.score, r.score)
  t:near(overall.evidence["Overall (1-7): the mean of the domain means"], 4.375)
  t:eq(overall.evidence["Domains assessed (of 8)"], 8)
  t:eq(overall.evidence["Published norm: mean overall score (5,706 assessments, Bacon et al. 2022)"], 4.73)
  t:near(overall.evidence["Difference from the published norm (scale points)"], -0.355)
  t:eq(overall.evidence["Weakest domain"], "Funding stability")
  t:eq(overall.evidence["Strongest domain"], "Program adaptation")
  t:eq(overall.evidence["Weakest domain is the norm's weakest (funding stability)"], true)
  t:eq(overall.evidence["Strongest domain is the norm's strongest (program adaptation)"], true)

  -- the summary and the cross-walk weigh 0 and the domains 1 at every stage
  t:eq(r.ingredients.psat.weight, 0)
  t:eq(r.ingredients.receptivity.weight, 0)
  t:eq(r.ingredients.adaptation.weight, 0)
  t:eq(r.ingredients.funding_stability.weight, 1)
end)

-- The cross-walk from the domain scores above:
--   receptivity   (ES 66.667 x 1 + OC 66.667 x 1 + FS 33.333 x 0.5) / 2.5 = 150 / 2.5 = 60
--                 (on 1-7: (5 + 5 + 1.5) / 2.5 = 4.6)
--   coproduction  (PA 66.667 x 1 + CO 50 x 0.5) / 1.5 = 91.667 / 1.5 = 61.111
--   leadership    (ES 66.667 x 1 + OC 66.667 x 0.5 + PA 66.667 x 0.5) / 2 = 66.667
--   measurement   EV 33.333
--   adaptation    (AD 83.333 + SP 50 + FS 33.333 x 0.5 + CO 50 x 0.5) / 3 = 175 / 3 = 58.333
test("the cross-walk reads the five ingredients from the domain scores", function(t)
  local r = t:run { data = { psat_responses = team(RATINGS) }, stage = "sustained" }
  t:near(r.rules["receptivity.from_psat"].score, 60)
  t:near(r.rules["receptivity.from_psat"].evidence["On the PSAT scale (1-7)"], 4.6)
  t:near(r.rules["receptivity.from_psat"].evidence["Funding stability score (cross-walk weight 0.5)"], 33.333)
  t:near(r.rules["coproduction.from_psat"].score, 61.111)
  t:near(r.rules["leadership.from_psat"].score, 66.667)
  t:near(r.rules["measurement.from_psat"].score, 33.333)
  t:near(r.rules["adaptation.from_psat"].score, 58.333)
  -- the ingredient scores in the plan are the cross-walk's
  t:near(r.ingredients.receptivity.score, 60)
  -- and they leave the overall score alone
  t:near(r.score, 56.25)
end)

test("actions go to the two weakest domains and to wide disagreement only", function(t)
  local r = t:run { data = { psat_responses = team(RATINGS) }, stage = "sustained", suppress_below = 1 }
  t:ok(r.action["funding_stability.plan_funding_beyond_grant"], "weakest")
  t:ok(r.action["program_evaluation.report_outcomes_quarterly"], "second weakest")
  t:ok(r.action["program_evaluation.discuss_disagreement"], "sd 1.732")
  t:eq(#r.actions, 3)
  local why = r.action["program_evaluation.report_outcomes_quarterly"].why
  t:ok(why:find("rated 3.0 on the 1-7 scale by 3 respondents, the second weakest of the 8 domains assessed", 1, true), why)
  t:ok(why:find("below the published mean overall PSAT score of 4.73 (5,706 assessments", 1, true), why)
end)

-- Strategic planning answered by r1 only: not assessed. The overall is the
-- mean of the other seven: (35 - 4) / 7 = 4.4286, score 3.4286 / 6 * 100 =
-- 57.143; coverage 7 / 8. The adaptation cross-walk leaves strategic
-- planning out: (AD 83.333 + FS 33.333 x 0.5 + CO 50 x 0.5) / 2 = 62.5.
test("a domain not assessed is left out of the overall and of the cross-walk", function(t)
  local r = t:run { data = { psat_responses = team(RATINGS, { SP = { [2] = true, [3] = true } }) },
                    stage = "sustained" }
  t:eq(r.rules["strategic_planning.rating"].status, "not_assessed")
  t:near(r.score, 57.143)
  t:near(r.coverage, 0.875)
  t:near(r.rules["psat.overall"].score, r.score)
  t:eq(r.rules["psat.overall"].evidence["Domains assessed (of 8)"], 7)
  t:near(r.rules["adaptation.from_psat"].score, 62.5)
  t:eq(r.rules["adaptation.from_psat"].evidence["Domains not assessed, left out"], "Strategic planning")
end)

-- Adaptation rated low: r1 2, r2 3, r3 1 on all items -> mean 2.0, score
-- 16.667; environmental support 6 for all -> 83.333. Adaptation is the
-- weakest, and the norm's strongest domain.
test("a weak adaptation score is unusual against the norm, and the action says so", function(t)
  local r = t:run {
    data = { psat_responses = answers {
      { id = "r1", { "AD", all(2) }, { "ES", all(6) } },
      { id = "r2", { "AD", all(3) }, { "ES", all(6) } },
      { id = "r3", { "AD", all(1) }, { "ES", all(6) } },
    } },
    stage = "pilot",
  }
  t:near(r.rules["program_adaptation.rating"].score, 16.667)
  t:eq(r.rules["program_adaptation.rating"].evidence["In the published norm (Bacon et al. 2022)"], "highest-scoring domain")
  local why = r.action["program_adaptation.review_and_adapt"].why
  t:ok(why:find("highest-scoring domain across the 5,706 PSAT assessments", 1, true), why)
  -- environmental support is second weakest of two, but rated 6.0 (5.5 or
  -- more): no action
  t:eq(r.action["environmental_support.brief_champions"], nil)
  t:eq(r.rules["psat.overall"].evidence["Weakest domain is the norm's weakest (funding stability)"], false)
end)

-- Bad rows: r1-r3 rate FS 4 on every item (mean 4.0, score 50). Then
--   r4: FS1 9, FS2 "4.5", FS3 "na", FS4 0   -> 4 ratings off the scale
--   r4: FS5 with no rating                  -> 1 blank rating
--   r1: FS6 5, XX1 3                        -> 2 unknown items
--   r2: no item, rating 4                   -> 1 blank item
--   no respondent, FS1 7                    -> 1 blank respondent
-- None of them counts: FS stays 4.0 from 3 respondents and 15 ratings.
test("data-quality checks count bad ratings and unknown items, which the scores leave out", function(t)
  local rows = answers {
    { id = "r1", { "FS", all(4) } }, { id = "r2", { "FS", all(4) } }, { id = "r3", { "FS", all(4) } },
    { id = "r4", { "FS", { 9, "4.5", "na", 0 } } },
  }
  rows[#rows + 1] = { respondent = "r4", item = "FS5" }
  rows[#rows + 1] = { respondent = "r1", item = "FS6", rating = 5 }
  rows[#rows + 1] = { respondent = "r1", item = "XX1", rating = 3 }
  rows[#rows + 1] = { respondent = "r2", rating = 4 }
  rows[#rows + 1] = { item = "FS1", rating = 7 }
  local r = t:run { data = { psat_responses = rows }, stage = "transition", suppress_below = 1 }
  t:eq(r.data_quality.psat_rating_not_on_scale, 4)
  t:eq(r.data_quality.psat_rating_blank, 1)
  t:eq(r.data_quality.psat_unknown_item, 2)
  t:eq(r.data_quality.psat_item_blank, 1)
  t:eq(r.data_quality.psat_respondent_blank, 1)
  local fs = r.rules["funding_stability.rating"]
  t:near(fs.score, 50)
  t:eq(fs.evidence["Respondents counted (rated at least 3 items)"], 3)
  t:eq(fs.evidence["Ratings given"], 15)
end)

-- r1 answers FS1 twice (7, then 1): the first answer counts. r1: 7 3 3 3 3
-- -> 19 / 5 = 3.8; r2, r3: 3.0; mean (3.8 + 3 + 3) / 3 = 3.2667, score 37.778.
test("a repeated answer counts once, and the plan says how many were ignored", function(t)
  local rows = answers {
    { id = "r1", { "FS", { 7, 3, 3, 3, 3 } } }, { id = "r2", { "FS", all(3) } }, { id = "r3", { "FS", all(3) } },
  }
  rows[#rows + 1] = { respondent = "r1", item = "FS1", rating = 1 }
  local r = t:run { data = { psat_responses = rows }, stage = "transition" }
  local fs = r.rules["funding_stability.rating"]
  t:near(fs.score, 37.778)
  t:eq(fs.evidence["Repeated answers ignored (same respondent and item)"], 1)
end)

test("without a psat_responses table nothing is assessed", function(t)
  local r = t:run { stage = "transition" }
  t:eq(r.rules["communications.rating"].status, "not_assessed")
  t:ok(r.rules["communications.rating"].reason:find("psat_responses", 1, true))
  t:eq(r.score, nil)
end)

-- The example in examples/psat: 12 respondents, 480 answers. Worked out
-- from the CSV by summing each respondent's ratings per domain (docs/
-- instruments.md shows the table):
--   domain                   counted  mean    score   sd
--   environmental support    12       4.4208  57.014  1.774
--   funding stability        11       3.1182  35.303  0.7441
--   partnerships             12       5.2000  70.000  0.4805
--   organisational capacity  11       4.3636  56.061  0.5784
--   program evaluation       11       4.0864  51.439  0.3886
--   program adaptation       12       5.6292  77.153  0.3278
--   communications           12       4.2917  54.861  0.6112
--   strategic planning       12       3.6556  44.259  0.5598
-- overall 34.7659 / 8 = 4.3457, score 55.762
test("the example's domain and overall scores equal the hand computation", function(t)
  local r = t:run { data = { psat_responses = "../../examples/psat/data/psat_responses.csv" }, stage = "transition" }
  local expect = {
    environmental_support = 57.014, funding_stability = 35.303, partnerships = 70.000,
    organisational_capacity = 56.061, program_evaluation = 51.439, program_adaptation = 77.153,
    communications = 54.861, strategic_planning = 44.259,
  }
  for id, score in pairs(expect) do t:near(r.rules[id .. ".rating"].score, score, 0.001, id) end
  t:near(r.rules["environmental_support.rating"].evidence[SD], 1.774, 0.001)
  t:near(r.rules["psat.overall"].evidence["Overall (1-7): the mean of the domain means"], 4.3457, 0.0001)
  t:near(r.score, 55.762, 0.001)
  t:ok(r.action["environmental_support.discuss_disagreement"], "the team disagrees about environmental support")
end)
