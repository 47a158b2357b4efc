-- Tests of outcomes_dfe.lua and lib/dfe.lua: the comparisons with DfE's
-- published figures for England, the region and the ten statistical
-- neighbours, on tiny made-up files in DfE's column layout (fixtures/dfe/),
-- read with the options an assessment gives DfE's files: `missing = c, z, x,
-- k` (DfE's suppression markers are missing values), and for the neighbour
-- file the `columns` that replace its header (which repeats SNP). The last
-- tests read the real files the project ships in data/dfe/. (The copies
-- *_markers_as_missing.csv and neighbours_named.csv, the same files with the
-- markers left empty and the columns named, serve model_test.lua.)
--
-- The made-up world, year to 31 March 2024, 19 to 21 year olds in education,
-- employment or training (%), and suitably housed:
--   England 54 (17-18: 64)                   suitable 88 (17-18: 91)
--   South West 52 (17-18: 63)                suitable 87 (17-18: 90)
--   Testshire 901 / E10000901 (South West): 45 (17-18: c), suitable 80 (17-18: c)
--   its neighbours 902..911:
--     902 Northvale 60 (62)   suitable 90
--     903 Eastvale   c (c)    suitable c
--     904 Southvale 58 (c)    suitable 92
--     905 Westvale   z (z)    suitable z
--     906 Midvale   50 (x)    suitable 88
--     907 Lowvale    c (k)
--     908-911 not in the files
--   19-21 neighbours' average: (60 + 58 + 50) / 3 = 56, from 3 of 10;
--   17-18: 62 from 1 of 10 (fewer than 3: the region is used instead).
--   suitable 19-21: (90 + 92 + 88) / 3 = 90, from 3 of 10.
--   Farvale 912 (North East, no regional figure, not in the neighbour file): 50.
--   Cumberland 942 (North West, no regional figure): 50; the neighbour file
--   lists its predecessor Cumbria 909 instead, whose neighbours are 902, 904,
--   906, 901, 903, 905, 907, 908, 910, 911: (60 + 58 + 50 + 45) / 4 = 53.25.
-- 2023 rows: England 56, South West 51, Testshire 48 (19 to 21).
local EET = "outcomes.eet_against_neighbours"
local ACC = "outcomes.accommodation_against_neighbours"

local MARKERS = "c, z, x, k"
local NEIGHBOUR_COLUMNS = "la_num, la_name, la_number, go_ind, go_reg, sn1, snp1, sn2, snp2, sn3, snp3, "
  .. "sn4, snp4, sn5, snp5, sn6, snp6, sn7, snp7, sn8, snp8, sn9, snp9, sn10, snp10, unused"
local ACTIVITY = { csv = "fixtures/dfe/la_care_leavers_activity.csv", missing = MARKERS }
local ACCOMMODATION = { csv = "fixtures/dfe/la_care_leavers_accommodation_suitability.csv", missing = MARKERS }
local NEIGHBOURS = { csv = "fixtures/dfe/New_Statistical_Neighbour_Groupings_April_2021.csv", columns = NEIGHBOUR_COLUMNS }

local PUBLISHED_EET_OLD = "DfE's published figure for this authority: aged 19 to 21 in education, employment or training"
local PUBLISHED_EET_YOUNG = "DfE's published figure for this authority: aged 17 to 18 in education, employment or training"
local OWN_EET_OLD = "This authority's records: aged 19 to 21 in education, employment or training"
local OWN_EET_YOUNG = "This authority's records: aged 17 to 18 in education, employment or training"

local function leavers(n, dob, activ, accom)
  local rows = {}
  for i = 1, n do rows[i] = { DOB = dob, IN_TOUCH = "YES", ACTIV = activ, ACCOM = accom or "D1" } end
  return rows
end

local function join(...)
  local out = {}
  for _, list in ipairs { ... } do
    for _, row in ipairs(list) do out[#out + 1] = row end
  end
  return out
end

test("eet_against_neighbours: DfE's own figure behind the neighbours names the best to learn from", function(t)
  local r = t:run { rule = EET, stage = "transition", attr = { la_code = 901 },
    data = { dfe_activity = ACTIVITY, dfe_neighbours = NEIGHBOURS } }
  local x = r.context[EET]
  t:eq(x.status, "assessed", x.message)
  -- 19-21: 45 against the neighbours' 56, 11 points behind; 17-18 is
  -- suppressed for Testshire, so only 19-21 is compared
  t:eq(x.score, nil, "context has no score")
  t:eq(x.evidence["DfE comparison year (year to 31 March)"], 2024)
  t:eq(x.evidence["Local authority in DfE's files (la_code)"], "Testshire (901)")
  t:eq(x.evidence["Region"], "South West")
  t:near(x.evidence[PUBLISHED_EET_OLD], 0.45)
  t:eq(x.evidence[PUBLISHED_EET_YOUNG], nil, "suppressed (c), so not compared")
  t:near(x.evidence["England, aged 19 to 21"], 0.54)
  t:near(x.evidence["South West, aged 19 to 21"], 0.52)
  -- the suppressed neighbours (c, z) are left out, never read as 0%: the
  -- average is of 3 published figures, not (60 + 0 + 58 + 0 + 50 + 0) / 6
  t:near(x.evidence["Statistical neighbours' average, aged 19 to 21 (3 of 10 published)"], 0.56)
  t:eq(x.evidence["Compared with, aged 19 to 21"], "the authority's statistical neighbours")
  t:eq(x.evidence["Statistical neighbours"], nil, "its own ten: nothing to explain")
  local action = r.action["outcomes.learn_from_neighbour_eet"]
  t:eq(action.title, "Arrange a practice exchange on education, work and training with Northvale's leaving care service")
  t:eq(action.owner, "head of service")
  t:eq(action.why, "Care leavers aged 19 to 21 here are 11 points behind the authority's statistical neighbours in education, employment or training; Northvale, a statistical neighbour, reaches 60%.")
end)

test("eet_against_neighbours: the authority's own records ahead of the neighbours ask for nothing", function(t)
  local r = t:run { suppress_below = 1, rule = EET, stage = "transition", attr = { la_code = 901 }, data = {
    dfe_activity = ACTIVITY, dfe_neighbours = NEIGHBOURS,
    care_leavers = join(leavers(7, "2003-01-01", "F5"), leavers(3, "2003-01-01", "G5"),
                        leavers(3, "2006-01-01", "F2"), leavers(2, "2006-01-01", "G6")),
  } }
  local x = r.context[EET]
  -- 19-21: 7 of 10 = 70 against the neighbours' 56, 14 points ahead
  -- 17-18: 3 of 5 = 60; only 1 neighbour published (62), so against the
  --        South West's 63, 3 points behind
  t:eq(x.evidence["Compared with, aged 19 to 21"], "the authority's statistical neighbours")
  t:eq(x.evidence["Compared with, aged 17 to 18"], "South West")
  t:near(x.evidence[OWN_EET_OLD], 0.7)
  t:near(x.evidence[OWN_EET_YOUNG], 0.6)
  t:near(x.evidence["Statistical neighbours' average, aged 17 to 18 (1 of 10 published)"], 0.62)
  t:near(x.evidence["South West, aged 17 to 18"], 0.63)
  t:eq(x.evidence[PUBLISHED_EET_OLD], nil, "records, not the published figure")
  t:eq(r.action["outcomes.learn_from_neighbour_eet"], nil, "ahead for 19 to 21 year olds")
end)

test("eet_against_neighbours: own figures about fewer than 5 people are suppressed, and not quoted", function(t)
  local r = t:run { rule = EET, stage = "transition", attr = { la_code = 901 }, data = {
    dfe_activity = ACTIVITY, dfe_neighbours = NEIGHBOURS,
    care_leavers = join(leavers(3, "2003-01-01", "G5"), leavers(5, "2006-01-01", "F2"), leavers(5, "2006-01-01", "G5")),
  } }
  local x = r.context[EET]
  -- 19-21: 0 of 3 against 56; 17-18: 5 of 10 = 50 against 63, 13 behind
  t:eq(x.evidence[OWN_EET_OLD], "c")
  t:near(x.evidence[OWN_EET_YOUNG], 0.5)
  -- the 19-21 gap concerns 3 people, so the action quotes the 17-18 one
  t:eq(r.action["outcomes.learn_from_neighbour_eet"].why,
       "Care leavers aged 17 to 18 here are 13 points behind South West in education, employment or training; Northvale, a statistical neighbour, reaches 62%.")
  -- 2 of 5: the 2, and the 3 who are not, are small counts; so is the gap from 63%,
  -- which would give the share back: neither is shown, and no gap is quoted
  local few = t:run { rule = EET, stage = "transition", attr = { la_code = 901 }, data = {
    dfe_activity = ACTIVITY, dfe_neighbours = NEIGHBOURS,
    care_leavers = join(leavers(3, "2003-01-01", "G5"), leavers(2, "2006-01-01", "F2"), leavers(3, "2006-01-01", "G5")),
  } }
  t:eq(few.context[EET].evidence[OWN_EET_YOUNG], "c")
  t:eq(few.action["outcomes.learn_from_neighbour_eet"], nil)
end)

test("eet_against_neighbours: without the neighbour file the region is the comparison", function(t)
  local r = t:run { rule = EET, stage = "transition", attr = { la_code = 901 }, data = { dfe_activity = ACTIVITY } }
  local x = r.context[EET]
  -- 45 against the South West's 52
  t:eq(x.evidence["Statistical neighbours' average, aged 19 to 21 (3 of 10 published)"], nil)
  t:eq(x.evidence["Statistical neighbours"], "not compared: the assessment loads no dfe_neighbours file")
  t:eq(x.evidence["Compared with, aged 19 to 21"], "South West")
  t:eq(r.action["outcomes.learn_from_neighbour_eet"], nil, "no neighbour to learn from")
end)

test("eet_against_neighbours: without a region or neighbours, England is the comparison", function(t)
  local r = t:run { rule = EET, stage = "transition", attr = { la_code = 912 },
    data = { dfe_activity = ACTIVITY, dfe_neighbours = NEIGHBOURS } }
  local x = r.context[EET]
  -- Farvale 50 against England's 54
  t:near(x.evidence["England, aged 19 to 21"], 0.54)
  t:eq(x.evidence["Region"], "North East")
  t:eq(x.evidence["North East, aged 19 to 21"], nil, "no regional figure in the file")
  t:eq(x.evidence["Statistical neighbours"], "none: DfE's 2021 neighbour groupings do not list this authority")
  t:eq(x.evidence["Compared with, aged 19 to 21"], "England")
end)

test("eet_against_neighbours: an authority formed after the 2021 groupings takes its predecessor's neighbours, and says so", function(t)
  local r = t:run { rule = EET, stage = "transition", attr = { la_code = 942 },
    data = { dfe_activity = ACTIVITY, dfe_neighbours = NEIGHBOURS } }
  local x = r.context[EET]
  -- Cumberland 50 against Cumbria's neighbours' (60 + 58 + 50 + 45) / 4 =
  -- 53.25 (902, 904, 906 and 901 of 10), 3.25 points behind
  t:eq(x.evidence["Statistical neighbours"], "those of Cumbria: DfE's 2021 neighbour groupings predate this authority, "
    .. "formed from Cumbria in April 2023")
  t:near(x.evidence["Statistical neighbours' average, aged 19 to 21 (4 of 10 published)"], 0.5325)
  t:eq(x.evidence["Compared with, aged 19 to 21"], "Cumbria's statistical neighbours")
  t:eq(r.action["outcomes.learn_from_neighbour_eet"].why,
       "Care leavers aged 19 to 21 here are 3 points behind Cumbria's statistical neighbours in education, "
       .. "employment or training; Northvale, a statistical neighbour of Cumbria, reaches 60%.")
end)

test("eet_against_neighbours: the E-code finds the same authority", function(t)
  local r = t:run { rule = EET, stage = "transition", attr = { la_code = "E10000901" },
    data = { dfe_activity = ACTIVITY, dfe_neighbours = NEIGHBOURS } }
  t:eq(r.context[EET].evidence["Local authority in DfE's files (la_code)"], "Testshire (E10000901)")
  t:near(r.context[EET].evidence[PUBLISHED_EET_OLD], 0.45)
end)

test("eet_against_neighbours: the latest DfE year up to the collection year is used", function(t)
  local r2023 = t:run { rule = EET, stage = "transition", attr = { la_code = 901, collection_year = 2023 },
    data = { dfe_activity = ACTIVITY, dfe_neighbours = NEIGHBOURS } }
  local x = r2023.context[EET]
  -- 2023: Testshire 48; no neighbour has 2023 figures; South West 51
  t:eq(x.evidence["DfE comparison year (year to 31 March)"], 2023)
  t:eq(x.evidence["Compared with, aged 19 to 21"], "South West")
  t:near(x.evidence["England, aged 19 to 21"], 0.56)
  local r2026 = t:run { rule = EET, stage = "transition", attr = { la_code = 901, collection_year = 2026 },
    data = { dfe_activity = ACTIVITY, dfe_neighbours = NEIGHBOURS } }
  t:eq(r2026.context[EET].evidence["DfE comparison year (year to 31 March)"], 2024)
  t:near(r2026.context[EET].evidence["Statistical neighbours' average, aged 19 to 21 (3 of 10 published)"], 0.56)
end)

test("eet_against_neighbours: a collection_year that is not a year is an error naming it", function(t)
  local r = t:run { rule = EET, stage = "transition", attr = { la_code = 901, collection_year = "2023/24" },
    data = { dfe_activity = ACTIVITY } }
  t:eq(r.context[EET].status, "error")
  t:ok(r.context[EET].message:find("outcomes_dfe.lua:%d+: the config's collection_year must be the year "
    .. "a collection ends in %(on 31 March%), such as 2024; not '2023/24'"), r.context[EET].message)
end)

test("eet_against_neighbours: missing pieces are not shown, with the reason", function(t)
  local none = t:run { rule = EET, stage = "transition", attr = { la_code = 901 } }
  t:eq(none.context[EET].status, "not_assessed")
  t:eq(none.context[EET].reason, "no source provides the table 'dfe_activity'")
  local no_code = t:run { rule = EET, stage = "transition", data = { dfe_activity = ACTIVITY } }
  t:eq(no_code.context[EET].reason, "the config gives no la_code for this authority (DfE's 3-digit code, e.g. 935, or its E-code)")
  local unknown = t:run { rule = EET, stage = "transition", attr = { la_code = 999 }, data = { dfe_activity = ACTIVITY } }
  t:eq(unknown.context[EET].reason, "the DfE file for dfe_activity has no local authority with code 999")
  local early = t:run { rule = EET, stage = "transition", attr = { la_code = 901, collection_year = 2022 },
    data = { dfe_activity = ACTIVITY } }
  t:eq(early.context[EET].reason, "the DfE file for dfe_activity has no year up to 2022")
  -- Eastvale's figures are all suppressed and it has no records here
  local hidden = t:run { rule = EET, stage = "transition", attr = { la_code = 903 },
    data = { dfe_activity = ACTIVITY, dfe_neighbours = NEIGHBOURS } }
  t:eq(hidden.context[EET].reason, "neither this authority's figures nor a comparison group's are published for 2024")
end)

test("eet_against_neighbours: a marker read as text is never taken for a number", function(t)
  -- DfE's file loaded without `missing = c, z, x, k`: care_leaver_percent
  -- holds c, z, x and k, so it is a text column, and the rule fails loudly
  -- instead of averaging markers as 0
  local r = t:run { rule = EET, stage = "transition", attr = { la_code = 901 },
    data = { dfe_activity = "fixtures/dfe/la_care_leavers_activity.csv", dfe_neighbours = NEIGHBOURS } }
  t:eq(r.context[EET].status, "error")
  t:ok(r.context[EET].message:find("care_leaver_percent", 1, true), r.context[EET].message)
  t:eq(r.action["outcomes.learn_from_neighbour_eet"], nil)
end)

test("accommodation_against_neighbours: behind the neighbours names the best to learn from", function(t)
  local r = t:run { rule = ACC, stage = "transition", attr = { la_code = 901 },
    data = { dfe_accommodation = ACCOMMODATION, dfe_neighbours = NEIGHBOURS } }
  local x = r.context[ACC]
  -- 80 against the neighbours' 90, 10 points behind
  t:near(x.evidence["DfE's published figure for this authority: aged 19 to 21 in suitable accommodation"], 0.8)
  t:near(x.evidence["Statistical neighbours' average, aged 19 to 21 (3 of 10 published)"], 0.9)
  t:near(x.evidence["England, aged 19 to 21"], 0.88)
  t:near(x.evidence["South West, aged 19 to 21"], 0.87)
  local action = r.action["outcomes.learn_from_neighbour_housing"]
  t:eq(action.title, "Ask Southvale how it finds suitable accommodation for its care leavers, and adopt what fits")
  t:eq(action.owner, "head of service with the housing options manager")
  t:eq(action.why, "Care leavers aged 19 to 21 here are 10 points behind the authority's statistical neighbours in suitable accommodation; Southvale, a statistical neighbour, reaches 92%.")
end)

test("accommodation_against_neighbours: records level with or ahead of the neighbours ask for nothing", function(t)
  local r = t:run { suppress_below = 1, rule = ACC, stage = "transition", attr = { la_code = 901 }, data = {
    dfe_accommodation = ACCOMMODATION, dfe_neighbours = NEIGHBOURS,
    care_leavers = join(leavers(9, "2003-01-01", "F1", "U1"), leavers(1, "2003-01-01", "F1", "V2")) } }
  local x = r.context[ACC]
  -- 19-21: 9 of 10 = 90 against 90, level; nobody aged 17-18 in the records
  t:near(x.evidence["This authority's records: aged 19 to 21 in suitable accommodation"], 0.9)
  t:eq(r.action["outcomes.learn_from_neighbour_housing"], nil)
  local ahead = t:run { suppress_below = 1, rule = ACC, stage = "transition", attr = { la_code = 901 }, data = {
    dfe_accommodation = ACCOMMODATION, dfe_neighbours = NEIGHBOURS, care_leavers = leavers(10, "2003-01-01", "F1", "U1") } }
  t:near(ahead.context[ACC].evidence["This authority's records: aged 19 to 21 in suitable accommodation"], 1)
  t:eq(ahead.action["outcomes.learn_from_neighbour_housing"], nil)
  -- DfE's suitability total leaves out those gone abroad, deported or of no
  -- known residence: 9 of 10, not 9 of 12
  local abroad = t:run { suppress_below = 1, rule = ACC, stage = "transition", attr = { la_code = 901 }, data = {
    dfe_accommodation = ACCOMMODATION, dfe_neighbours = NEIGHBOURS,
    care_leavers = join(leavers(9, "2003-01-01", "F1", "U1"), leavers(1, "2003-01-01", "F1", "V2"),
                        leavers(1, "2003-01-01", "F1", "G1"), leavers(1, "2003-01-01", "G5", "R2")) } }
  t:near(abroad.context[ACC].evidence["This authority's records: aged 19 to 21 in suitable accommodation"], 0.9)
end)

test("accommodation_against_neighbours: without DfE's file it is not shown", function(t)
  local r = t:run { rule = ACC, stage = "transition", attr = { la_code = 901 }, data = { dfe_activity = ACTIVITY } }
  t:eq(r.context[ACC].status, "not_assessed")
  t:eq(r.context[ACC].reason, "no source provides the table 'dfe_accommodation'")
end)

------------------------------------------------------------------------
-- DfE's real files, as the project ships them in data/dfe/
------------------------------------------------------------------------
local SHIPPED = {
  dfe_activity = { csv = "../../data/dfe/la_care_leavers_activity.csv", missing = MARKERS },
  dfe_accommodation = { csv = "../../data/dfe/la_care_leavers_accommodation_suitability.csv", missing = MARKERS },
  dfe_neighbours = { csv = "../../data/dfe/New_Statistical_Neighbour_Groupings_April_2021.csv", columns = NEIGHBOUR_COLUMNS },
}

test("shipped files: the pack's built-in England figures are DfE's, for every year and age group", function(t)
  local one_of_each = join(leavers(5, "2000-06-01", "F1", "D1"), leavers(5, "2003-06-01", "F1", "D1"),
                           leavers(5, "2005-06-01", "F1", "D1"), leavers(5, "2006-06-01", "F1", "D1"),
                           leavers(5, "2007-06-01", "F1", "D1"), leavers(5, "2008-06-01", "F1", "D1"))
  for year = 2021, 2025 do
    local r = t:run { stage = "transition", attr = { la_code = 937, collection_year = year },
      data = { dfe_activity = SHIPPED.dfe_activity, dfe_accommodation = SHIPPED.dfe_accommodation,
               care_leavers = one_of_each } }
    for _, pair in ipairs { { "outcomes.eet_against_england", EET }, { "outcomes.accommodation_against_england", ACC } } do
      local built_in, from_file = r.context[pair[1]].evidence, r.context[pair[2]].evidence
      for _, group in ipairs { "19 to 21", "17 to 18" } do
        local label = string.format("England, aged %s", group)
        t:ok(from_file[label] ~= nil, string.format("%s %d: no England figure in the file", label, year))
        t:near(built_in[string.format("%s (DfE, %d)", label, year)], from_file[label], 1e-9,
               string.format("%s, %s, %d", pair[1], group, year))
      end
    end
  end
end)

test("shipped files: DfE's published figure for Warwickshire, 19 to 21, suitable accommodation in 2024", function(t)
  -- 347 of DfE's suitability total of 380 (not of its 384 care leavers): 91%
  local r = t:run { rule = ACC, stage = "transition", attr = { la_code = 937 },
    data = { dfe_accommodation = SHIPPED.dfe_accommodation, dfe_neighbours = SHIPPED.dfe_neighbours } }
  local x = r.context[ACC]
  t:near(x.evidence["DfE's published figure for this authority: aged 19 to 21 in suitable accommodation"], 0.91)
  t:eq(x.evidence["Region"], "West Midlands")
  t:eq(x.evidence["Local authority in DfE's files (la_code)"], "Warwickshire (937)")
  t:eq(x.evidence["Compared with, aged 19 to 21"], "the authority's statistical neighbours")
  local cumberland = t:run { rule = ACC, stage = "transition", attr = { la_code = "E06000063" },
    data = { dfe_accommodation = SHIPPED.dfe_accommodation, dfe_neighbours = SHIPPED.dfe_neighbours } }
  t:eq(cumberland.context[ACC].evidence["Statistical neighbours"], "those of Cumbria: DfE's 2021 neighbour groupings "
    .. "predate this authority, formed from Cumbria in April 2023")
end)

------------------------------------------------------------------------
-- The benchmarks the reports chart (a:benchmark): the authority beside each
-- neighbour, its region and England, with its rank and quartile
------------------------------------------------------------------------

test("benchmark: DfE's figure for the authority, ranked among the neighbours that publish one", function(t)
  local r = t:run { rule = EET, stage = "transition", attr = { la_code = 901 },
    data = { dfe_activity = ACTIVITY, dfe_neighbours = NEIGHBOURS } }
  local b = r.context[EET].benchmarks["eet.19-21"]
  t:eq(b.title, "Care leavers aged 19 to 21 in education, employment or training")
  t:eq(b.year, 2024)
  -- 60 (Northvale), 58 (Southvale), 50 (Midvale), then Testshire's 45: the
  -- neighbours with c, z or no row are left out of the ranking, never read as 0
  t:eq(b.authority, 45)
  t:eq(b.rank, 4)
  t:eq(b.ranked, 4)
  t:eq(b.quartile, "D", "rank 4 of 4 is in the bottom quarter")
  t:near(b.neighbour_average, 56)
  t:eq(b.england, 54)
  t:eq(b.region_name, "South West")
  t:eq(b.region, 52)
  t:eq(#b.neighbours, 10, "every neighbour is named, in DfE's order")
  t:eq(b.neighbours[1].name, "Northvale")
  t:eq(b.neighbours[1].rank, 1)
  t:eq(b.neighbours[2].name, "Eastvale")
  t:eq(b.neighbours[2].value, nil, "suppressed by DfE (c)")
  t:eq(b.neighbours[2].rank, nil)
  t:eq(b.neighbours[7].name, "local authority 908", "in neither file: named by its code")
  t:eq(b.neighbours[8].name, "Cumbria", "no figures, but the neighbour file names it")
  -- the years of the file up to the one compared, oldest first
  t:eq(#b.trend, 2)
  t:eq(b.trend[1].year, 2023)
  t:eq(b.trend[1].authority, 48)
  t:eq(b.trend[1].england, 56)
  t:eq(b.trend[1].region, 51)
  t:eq(b.trend[1].neighbours, nil, "no neighbour publishes a 2023 figure")
  t:eq(b.trend[2].neighbours, 56)
  -- 17 to 18: Testshire's own figure is suppressed in DfE's file
  local young = r.context[EET].benchmarks["eet.17-18"]
  t:eq(young.authority, nil)
  t:eq(young.rank, nil)
  t:eq(young.quartile, nil)
end)

test("benchmark: the authority's records rank first; too few people suppress it, judged on the exact share", function(t)
  local r = t:run { suppress_below = 1, rule = EET, stage = "transition", attr = { la_code = 901 }, data = {
    dfe_activity = ACTIVITY, dfe_neighbours = NEIGHBOURS,
    care_leavers = join(leavers(7, "2003-01-01", "F5"), leavers(3, "2003-01-01", "G5")),
  } }
  local b = r.context[EET].benchmarks["eet.19-21"]
  t:eq(b.authority, 70)
  t:eq(b.rank, 1)
  t:eq(b.quartile, "A")
  local few = t:run { rule = EET, stage = "transition", attr = { la_code = 901 }, data = {
    dfe_activity = ACTIVITY, dfe_neighbours = NEIGHBOURS,
    care_leavers = join(leavers(3, "2003-01-01", "G5"), leavers(5, "2006-01-01", "F2")),
  } }
  local hidden = few.context[EET].benchmarks["eet.19-21"]
  t:eq(hidden.authority, "c", "0 of 3: suppressed like the evidence")
  t:eq(hidden.rank, nil, "a suppressed figure is not ranked: its rank would give it away")
  t:eq(hidden.quartile, nil)
  t:eq(hidden.ranked, 3, "the neighbours are still shown")
  -- 4 of 250 is 1.6%: rounded to 2% it would look like 5 people; the exact
  -- share gives the 4 away, so it is suppressed as its evidence is
  local rare = t:run { rule = EET, stage = "transition", attr = { la_code = 901 }, data = {
    dfe_activity = ACTIVITY, dfe_neighbours = NEIGHBOURS,
    care_leavers = join(leavers(4, "2003-01-01", "F5"), leavers(246, "2003-01-01", "G5")),
  } }
  t:eq(rare.context[EET].evidence[OWN_EET_OLD], "c")
  t:eq(rare.context[EET].benchmarks["eet.19-21"].authority, "c")
end)

test("benchmark: ties share a rank, and a predecessor's neighbours stand in and are named", function(t)
  local r = t:run { rule = EET, stage = "transition", attr = { la_code = 942 },
    data = { dfe_activity = ACTIVITY, dfe_neighbours = NEIGHBOURS } }
  local b = r.context[EET].benchmarks["eet.19-21"]
  t:eq(b.neighbours_of, "Cumbria")
  -- 60, 58, then Cumberland's 50 level with Midvale's 50, then Testshire's 45
  t:eq(b.rank, 3)
  t:eq(b.neighbours[3].name, "Midvale")
  t:eq(b.neighbours[3].rank, 3)
  t:eq(b.neighbours[4].name, "Testshire")
  t:eq(b.neighbours[4].rank, 5, "after two places share 3, the next is 5")
  t:eq(b.ranked, 5)
  t:eq(b.quartile, "C", "3 of 5: above a half, within three quarters")
end)

test("benchmark: without neighbours the authority is shown, not ranked", function(t)
  local r = t:run { rule = EET, stage = "transition", attr = { la_code = 912 },
    data = { dfe_activity = ACTIVITY, dfe_neighbours = NEIGHBOURS } }
  local b = r.context[EET].benchmarks["eet.19-21"]
  t:eq(b.authority, 50)
  t:eq(#b.neighbours, 0)
  t:eq(b.rank, nil, "first of one says nothing")
  t:eq(b.quartile, nil)
  t:eq(b.region, nil, "no regional figure in the file")
  local no_file = t:run { rule = EET, stage = "transition", attr = { la_code = 901 }, data = { dfe_activity = ACTIVITY } }
  t:eq(no_file.context[EET].benchmarks["eet.19-21"].rank, nil)
  local missing = t:run { rule = ACC, stage = "transition", attr = { la_code = 901 }, data = { dfe_activity = ACTIVITY } }
  t:eq(next(missing.context[ACC].benchmarks), nil, "no DfE file: no benchmark")
end)
