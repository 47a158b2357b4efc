-- How care leavers are doing against DfE's published figures for England, the
-- authority's region and its ten statistical neighbours, read from DfE's own
-- files when the assessment loads them (sources dfe_activity,
-- dfe_accommodation and dfe_neighbours; the project ships copies in data/dfe/,
-- see docs/data.md). Without those files these items are not shown. The
-- authority's own figure is computed from its SSDA903 records (DfE
-- definitions, lib/oc3.lua); without records, DfE's published figure for the
-- authority is used.
--
-- Context, like outcomes.lua: shown beside the scores, never part of them.
-- Their actions, learning from a neighbour that does better, rank under
-- measurement, as acting on what is measured.

local score = require "lib.score"
local dates = require "lib.dates"
local oc3 = require "lib.oc3"
local dfe = require "lib.dfe"

-- The DfE file, the years and the authority's rows, or nil and the reason.
local function locate(a, source)
  local code = a.attr.la_code
  if code == nil then
    return nil, "the config gives no la_code for this authority (DfE's 3-digit code, e.g. 935, or its E-code)"
  end
  local published = a.data[source]
  local year = dates.collection_year(a)
  local file_year = dfe.year(published, year)
  if not file_year then
    return nil, string.format("the DfE file for %s has no year up to %d", source, year)
  end
  local la = dfe.find_la(published, code)
  local shown = math.type(code) and code == math.floor(code) and string.format("%d", code) or tostring(code)
  if not la then
    return nil, string.format("the DfE file for %s has no local authority with code %s", source, shown)
  end
  return { published = published, year = year, file_year = file_year, la = la, code = shown }
end

-- The statistical neighbours and how they were found, said in the evidence
-- whenever they are not the authority's own ten.
local function find_neighbours(a, la)
  if not a.data.dfe_neighbours then
    a:evidence("Statistical neighbours", "not compared: the assessment loads no dfe_neighbours file")
    return { codes = {}, words = "a statistical neighbour" }
  end
  local found = dfe.neighbours(a.data.dfe_neighbours, la.old_code)
  if not found then
    a:evidence("Statistical neighbours", "none: DfE's 2021 neighbour groupings do not list this authority")
    return { codes = {}, words = "a statistical neighbour" }
  end
  if found.of then
    a:evidence("Statistical neighbours", string.format(
      "those of %s: DfE's 2021 neighbour groupings predate this authority, formed from %s in %s",
      found.of.name, found.of.name, found.of.since))
    return { codes = found.codes, words = "a statistical neighbour of " .. found.of.name, of = found.of.name,
             name = found.of.name .. "'s statistical neighbours" }
  end
  return { codes = found.codes, words = "a statistical neighbour", name = "the authority's statistical neighbours" }
end

-- The authority's own figure for one age group, in percent, and the people
-- behind it (nil when the figure is DfE's published one).
local function own_figure(at, measure, group)
  local records = at.records
  if records then
    local share, people = oc3.rate(oc3.outcomes(records, at.year, group), measure)
    if share then return 100 * share, people end
    return nil
  end
  return dfe.percent(at.published, at.la.filter, at.file_year, group, dfe.BREAKDOWN[measure])
end

-- The age group's benchmark for the report (a:benchmark): the authority
-- beside each neighbour, its region and England, and the years of the file up
-- to the one compared. The authority's own figure goes as it is, with the
-- people behind it, so that the engine suppresses it on the exact share, as it
-- does the evidence (a figure rounded first could hide a small count).
local function hand_benchmark(a, at, measure, words, group, own, people, england, region)
  local published, la, year, breakdown = at.published, at.la, at.file_year, dfe.BREAKDOWN[measure]
  local names = a.data.dfe_neighbours
  local places, rows_of = dfe.neighbour_places(published, names, at.neighbours.codes, year, group, breakdown)
  a:benchmark {
    id = measure .. "." .. group.id,
    title = string.format("Care leavers aged %s %s", group.label, words),
    year = year,
    source = at.records and "this authority's records (SSDA903), counted as DfE counts"
             or "DfE's published figure for " .. (la.name or "this authority"),
    -- DfE publishes whole percentages: the authority's own is shown and ranked as one
    authority = { name = a.name, code = at.code, value = own, n = people, decimals = 0 },
    england = england,
    region = la.region and { name = la.region, value = region } or nil,
    neighbours_of = at.neighbours.of,
    neighbours = places,
    trend = dfe.trend(published, la, rows_of, year, group, breakdown),
    trend_source = "DfE's published figures for " .. (la.name or "this authority")
                   .. (at.records and " (not its records)" or ""),
  }
end

-- Compares one age group, recording its evidence; returns the gap and the
-- group compared with, or nil when there is nothing to compare.
local function compare_group(a, at, measure, words, group)
  local own, people = own_figure(at, measure, group)
  local published, la, year, breakdown = at.published, at.la, at.file_year, dfe.BREAKDOWN[measure]
  local england = dfe.percent(published, { geographic_level = "National" }, year, group, breakdown)
  local region = la.region and dfe.percent(published, { geographic_level = "Regional", region_name = la.region },
                                            year, group, breakdown)
  hand_benchmark(a, at, measure, words, group, own, people, england, region)
  if not own then return nil end
  local codes = at.neighbours.codes
  local sn, sn_count, best_name, best = dfe.neighbour_figures(published, codes, year, group, breakdown)
  local label = at.records and "This authority's records" or "DfE's published figure for this authority"
  a:evidence(string.format("%s: aged %s %s", label, group.label, words), own / 100, { n = people, share = true })
  if england then a:evidence(string.format("England, aged %s", group.label), england / 100, { share = true }) end
  if region then a:evidence(string.format("%s, aged %s", la.region, group.label), region / 100, { share = true }) end
  if sn then
    a:evidence(string.format("Statistical neighbours' average, aged %s (%d of %d published)", group.label,
                             sn_count, #codes), sn / 100, { share = true })
  end
  -- like for like first: neighbours when at least three have figures, then
  -- the region, then England
  local against, against_name
  if sn and sn_count >= 3 then against, against_name = sn, at.neighbours.name
  elseif region then against, against_name = region, la.region
  elseif england then against, against_name = england, "England" end
  if not against then return nil end
  a:evidence(string.format("Compared with, aged %s", group.label), against_name)
  return { gap = own - against, share = own / 100, name = against_name, group = group, people = people,
           best_name = best_name, best = best }
end

local function compare(a, source, measure, words)
  local at, reason = locate(a, source)
  if not at then return nil, reason end
  local records = a.data.care_leavers
  if records and #records > 0 then at.records = records end
  a:evidence("DfE comparison year (year to 31 March)", at.file_year)
  -- whose figures these are: an authority may borrow another's la_code
  a:evidence("Local authority in DfE's files (la_code)", string.format("%s (%s)", at.la.name or "name not given", at.code))
  a:evidence("Region", at.la.region or "not known")
  at.neighbours = find_neighbours(a, at.la)
  local compared, quoted = false, nil
  for _, group in ipairs(oc3.GROUPS) do
    local c = compare_group(a, at, measure, words, group)
    if c then
      compared = true
      -- the action quotes the 19-21 gap, or else the 17-18 one, when it is
      -- about enough people to quote
      if (group.id == "19-21" or not quoted) and (c.people == nil or score.quotable(a, c.people, c.share)) then
        quoted = c
      end
    end
  end
  if not compared then
    return nil, "neither this authority's figures nor a comparison group's are published for " .. at.file_year
  end
  if quoted then quoted.neighbour_words = at.neighbours.words end
  return true, quoted
end

context {
  id = "outcomes.eet_against_neighbours",
  title = "Care leavers in education, employment or training, compared with similar authorities and the region",
  needs = { "dfe_activity" },
  actions_under = "measurement",
  assess = function(a)
    local compared, worst = compare(a, "dfe_activity", "eet", "in education, employment or training")
    if not compared then return nil, worst end
    if worst and worst.gap < -3 and worst.best_name then
      a:action {
        id = "outcomes.learn_from_neighbour_eet",
        plain = "Learn from a nearby council that does better at helping care leavers into education, work or training",
        gap = "outcomes.eet_learn_from_neighbour",
        title = string.format("Arrange a practice exchange on education, work and training with %s's leaving care service", worst.best_name),
        owner = "head of service",
        effort = "low",
        impact = 8,
        why = string.format("Care leavers aged %s here are %.0f points behind %s in education, employment or training; %s, %s, reaches %.0f%%.",
                            worst.group.label, -worst.gap, worst.name, worst.best_name, worst.neighbour_words, worst.best),
      }
    end
  end,
}

context {
  id = "outcomes.accommodation_against_neighbours",
  title = "Care leavers in suitable accommodation, compared with similar authorities and the region",
  needs = { "dfe_accommodation" },
  actions_under = "measurement",
  assess = function(a)
    local compared, worst = compare(a, "dfe_accommodation", "suitable", "in suitable accommodation")
    if not compared then return nil, worst end
    if worst and worst.gap < -3 and worst.best_name then
      a:action {
        id = "outcomes.learn_from_neighbour_housing",
        plain = "Learn from a nearby council that does better at finding good places for care leavers to live",
        gap = "outcomes.accommodation_learn_from_neighbour",
        title = string.format("Ask %s how it finds suitable accommodation for its care leavers, and adopt what fits", worst.best_name),
        owner = "head of service with the housing options manager",
        effort = "low",
        impact = 8,
        why = string.format("Care leavers aged %s here are %.0f points behind %s in suitable accommodation; %s, %s, reaches %.0f%%.",
                            worst.group.label, -worst.gap, worst.name, worst.best_name, worst.neighbour_words, worst.best),
      }
    end
  end,
}
